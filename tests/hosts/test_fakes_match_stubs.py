"""The fakes and the adapters only use what the real hosts have (published type stubs).

Two checks, each in a subprocess (see tests/fakes/README.md):

1. mypy over the adapters and entry modules, importing ``nuke``/``maya``/``hou`` from the stub
   packages (types-nuke, types-maya, types-houdini): a call, attribute or flag the host lacks fails.
2. stubtest over the fakes: a name, method or parameter a fake has and the stub lacks fails.

Each has a negative control proving it catches a made-up call.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FAKES = REPO / "tests" / "fakes"
PACKAGES = ("accsyn_dcc.hosts.nuke", "accsyn_dcc.hosts.maya", "accsyn_dcc.hosts.houdini")
MODULES = ("accsyn_dcc.core.hostdata",)
MYPY_INI = """\
[mypy]
python_version = 3.11
check_untyped_defs = True
follow_imports = silent
warn_unused_ignores = False
[mypy-qtpy.*,PySide2.*,PySide6.*,shiboken2.*,shiboken6.*,pxr.*,fileseq.*,platformdirs.*,tomli.*,keyring.*]
ignore_missing_imports = True
"""
PROBE = """\
import nuke
from maya import cmds
import hou
from accsyn_dcc.core.refs import Reference
nuke.allNodez(recurseGroups=True)
cmds.file(q=True, sceneNamez=True)
hou.hipFile.pathz()
Reference(raw=1)
"""

pytestmark = pytest.mark.slow


def _tree(tmp: Path) -> Path:
    """``accsyn_dcc`` as mypy should see it (the editable install's import hook is invisible to
    mypy): the package's __init__ plus core/ and hosts/ linked in, and nothing else on the path."""
    pkg = tmp / "accsyn_dcc"
    pkg.mkdir()
    shutil.copy(REPO / "accsyn_dcc" / "__init__.py", pkg / "__init__.py")
    for name in ("core", "hosts"):
        try:
            (pkg / name).symlink_to(REPO / name, target_is_directory=True)
        except OSError:  # no symlinks (Windows without the privilege): copy
            shutil.copytree(REPO / name, pkg / name, ignore=shutil.ignore_patterns("__pycache__"))
    (tmp / "mypy.ini").write_text(MYPY_INI, encoding="utf-8")
    return tmp


def _mypy(tmp: Path, *targets: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, MYPYPATH=str(tmp))
    env.pop("PYTHONPATH", None)
    cache = Path(tempfile.gettempdir()) / "accsyn_dcc_stub_mypy_cache"
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(tmp / "mypy.ini"), "--cache-dir", str(cache),
         "--no-error-summary", *targets],
        cwd=tmp, env=env, capture_output=True, text=True, check=False,
    )


def test_adapters_and_entries_typecheck_against_the_host_stubs(tmp_path):
    tmp = _tree(tmp_path)
    targets = [a for p in PACKAGES for a in ("-p", p)] + [a for m in MODULES for a in ("-m", m)]
    proc = _mypy(tmp, *targets)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_mypy_check_catches_calls_the_hosts_do_not_have(tmp_path):
    tmp = _tree(tmp_path)
    (tmp / "probe.py").write_text(PROBE, encoding="utf-8")
    proc = _mypy(tmp, "probe.py")
    errors = [line for line in proc.stdout.splitlines() if ": error:" in line]
    lines = {int(line.split(":")[1]) for line in errors}
    assert lines == {5, 6, 7, 8}, proc.stdout + proc.stderr  # one per made-up call, Reference typed


def _stubcheck(fakes: Path, modules=("nuke", "maya", "hou")) -> list:
    sys.path.insert(0, str(FAKES))
    try:
        import stubcheck
    finally:
        sys.path.remove(str(FAKES))
    return stubcheck.run(list(modules), str(fakes))


def test_fakes_match_the_host_stubs():
    assert _stubcheck(FAKES) == []


def test_stubtest_catches_a_fake_that_invents_api(tmp_path):
    # On the Nuke fake only: the Maya and Houdini stubs take most of a minute to build.
    fakes = tmp_path / "fakes"
    shutil.copytree(FAKES, fakes, ignore=shutil.ignore_patterns("__pycache__"))
    fake = fakes / "nuke" / "_nuke.py"
    text = fake.read_text(encoding="utf-8")
    text = text.replace("def views() -> List[str]:", "def views(madeUpFlag: bool = False) -> List[str]:")
    fake.write_text(text + "\n\ndef madeUpFunction() -> None:\n    return None\n", encoding="utf-8")
    found = _stubcheck(fakes, ["nuke"])
    assert any("nuke._nuke.views" in p and "madeUpFlag" in p for p in found), found
    assert any("nuke._nuke.madeUpFunction is not present in stub" in p for p in found), found
