"""Fixtures for the submit dialog: a real scene tree on disk and the SceneInfo a host would collect."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# pytest-qt's session-scoped qapp is created before the root conftest's function-scoped autouse
# fixture sets this, so set it here, at collection time.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

pytest.importorskip("qtpy")
pytest.importorskip("pytestqt")

from accsyn_dcc.core.config import parse_config  # noqa: E402
from accsyn_dcc.core.frames import FrameSet  # noqa: E402
from accsyn_dcc.core.refs import Reference, SceneInfo  # noqa: E402

SHARE_ID = "5c5bf52a1da7ee0165105b85"
PRESENT = (1001, 1002, 1003, 1005, 1006, 1009, 1010)  # 1004 and 1007-1008 missing
MISSING = (1004, 1007, 1008)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """<tmp>/proj: shot.nk, plates/bg.####.exr with gaps, tex/wood.png; tex/gone.png is missing."""
    root = tmp_path / "proj"
    (root / "plates").mkdir(parents=True)
    (root / "tex").mkdir()
    (root / "render").mkdir()
    for f in PRESENT:
        (root / "plates" / f"bg.{f}.exr").write_bytes(b"exr")
    (root / "tex" / "wood.png").write_bytes(b"png")
    (root / "shot.nk").write_text("# nuke scene stand-in\n", encoding="utf-8")
    return root


@pytest.fixture
def config(tree: Path):
    return parse_config({"shares": [{"id": SHARE_ID, "name": "projects", "roots": {"linux": str(tree)}}],
                         "engines": {"nuke": "nuke-16"},
                         "defaults": {"settings": {"task_bucketsize": "5"}}})


def scene_info(tree: Path) -> SceneInfo:
    frames = FrameSet("1001-1010")
    return SceneInfo(
        path=str(tree / "shot.nk"),
        format="nuke",
        frame_range=frames,
        host_version="16.0",
        references=[
            Reference(raw=str(tree / "plates" / "bg.####.exr"), node="Read1", attr="file", frames=frames),
            Reference(raw=str(tree / "tex" / "wood.png"), node="Read2", attr="file"),
            Reference(raw=str(tree / "tex" / "gone.png"), node="Read3", attr="file"),
            Reference(raw=str(tree / "render" / "comp.####.exr"), node="Write1", attr="file",
                      frames=frames, output=True),
        ],
    )


@pytest.fixture
def collect(tree: Path):
    return lambda: scene_info(tree)


@pytest.fixture
def open_dialog(qtbot, collect, config):
    """open_dialog(**inject) -> a shown SubmitDialog whose first gather has finished."""
    from accsyn_dcc.hosts.common.dialog import SubmitDialog

    def _open(**inject):
        kw = {"collect": collect, "host": "nuke", "host_version": "16.0", "config": config}
        kw.update(inject)
        dlg = SubmitDialog(**kw)
        qtbot.addWidget(dlg)
        dlg.show()
        wait_idle(qtbot, dlg)
        return dlg

    return _open


def wait_idle(qtbot, dlg) -> None:
    qtbot.waitUntil(lambda: not dlg.is_busy(), timeout=20000)
    dlg.revalidate()
