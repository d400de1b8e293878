"""Each host's menu action opens the real shared dialog (Qt offscreen) on its fake scene, and the
dialog's scan (core's resolve over the adapter's SceneInfo) completes with the adapter's findings."""

from __future__ import annotations

import importlib

import pytest

pytest.importorskip("qtpy", reason="the dialog needs qtpy and a Qt binding")

HOSTS = {
    "nuke": ("nuke_scene", "accsyn_dcc.hosts.nuke.submit"),
    "maya": ("maya_scene", "accsyn_dcc.hosts.maya.submit"),
    "houdini": ("houdini_scene", "accsyn_dcc.hosts.houdini.submit"),
}


@pytest.mark.parametrize("host", sorted(HOSTS))
def test_menu_action_opens_the_dialog_and_scans(host, tmp_path, qtbot):
    import scenes

    builder, submit = HOSTS[host]
    getattr(scenes, builder)(tmp_path.as_posix())
    dialog = importlib.import_module(submit).main()
    assert dialog is not None
    try:
        qtbot.waitUntil(lambda: dialog.gather_result() is not None, timeout=30000)
        result = dialog.gather_result()
        assert result.format == host
        assert result.outputs and result.dependencies
        assert any(f.code == "host-eval-failed" for f in result.findings)
    finally:
        dialog.close()
