"""Host entry files: cheap and crash-proof at start-up, idempotent, and what install.py needs."""

from __future__ import annotations

import importlib
import importlib.util
import json
import runpy
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FAKES = REPO / "tests" / "fakes"
HEAVY = ("qtpy", "PySide2", "PySide6", "shiboken2", "shiboken6", "requests", "urllib3")

# Each start-up path as the host runs it: (label, python code run in a fresh interpreter).
SHELF_XML = REPO / "hosts" / "houdini" / "accsyn_dcc.shelf"


def _shelf_script() -> str:
    tool = ET.parse(SHELF_XML).getroot().find("tool")
    assert tool is not None
    script = tool.find("script")
    assert script is not None and script.get("scriptType") == "python"
    return script.text or ""


STARTUPS = {
    "nuke menu.py": "import accsyn_dcc.hosts.nuke.menu",
    "maya userSetup.py": f"import runpy; runpy.run_path({str(REPO / 'hosts' / 'maya' / 'userSetup.py')!r})",
    "maya startup + shelf": "import accsyn_dcc.hosts.maya.startup, accsyn_dcc.hosts.maya.shelf",
    "houdini shelf tool": "exec(compile(SCRIPT, 'accsyn_dcc.shelf', 'exec'))",
}
PROBE = """\
import json, sys, time
sys.path.insert(0, {fakes!r})
import hou, nuke, maya.cmds, maya.mel, maya.utils  # the host has its own module loaded already
SCRIPT = {script!r}
t0 = time.perf_counter()
{code}
seconds = time.perf_counter() - t0
heavy = sorted(m for m in sys.modules if m.split('.')[0] in {heavy!r})
print(json.dumps({{"seconds": seconds, "heavy": heavy}}))
"""


@pytest.mark.parametrize("label", sorted(STARTUPS))
def test_startup_imports_neither_qt_nor_requests(label, record_property):
    code = PROBE.format(fakes=str(FAKES), script=_shelf_script(), code=STARTUPS[label], heavy=HEAVY)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["heavy"] == [], f"{label} imported {result['heavy']} at start-up"
    assert "Traceback" not in proc.stderr, proc.stderr
    record_property("import_seconds", round(result["seconds"], 4))
    print(f"{label}: start-up import {result['seconds'] * 1000:.1f} ms")  # noqa: T201 - the measured cost


# -- Nuke ---------------------------------------------------------------------------------------

def _fresh(name: str):
    sys.modules.pop(name, None)
    return importlib.import_module(name)


def test_nuke_menu_item_added_once_and_runs_submit(monkeypatch, tmp_path):
    import scenes
    from nuke import _nuke

    scenes.nuke_scene(tmp_path.as_posix())
    _fresh("accsyn_dcc.hosts.nuke.menu")
    menu = _fresh("accsyn_dcc.hosts.nuke.menu")
    render = _nuke._state.menus["Nuke"].findItem("Render")
    assert list(render._items) == ["Submit to accsyn..."]
    from accsyn_dcc.hosts.nuke import submit

    ran = []
    monkeypatch.setattr(submit, "main", lambda: ran.append(True))
    _nuke._state.menus["Nuke"].findItem(menu.ITEM).invoke()
    assert ran == [True]


def test_nuke_menu_never_breaks_startup(monkeypatch, tmp_path):
    import nuke
    import scenes
    from nuke import _nuke

    scenes.nuke_scene(tmp_path.as_posix())

    def broken(name):
        raise RuntimeError("no menu bar in terminal mode")

    monkeypatch.setattr(nuke, "menu", broken)
    _fresh("accsyn_dcc.hosts.nuke.menu")  # must not raise
    assert any("no menu bar" in line for line in _nuke._state.printed)


def test_nuke_menu_block_for_install(tmp_path):
    from accsyn_dcc.hosts import nuke as host

    block = host.menu_block(tmp_path / "payload", tmp_path / "payload" / "vendor")
    assert block.startswith(host.BEGIN + "\n") and block.endswith(host.END + "\n")
    assert f"import {host.ENTRY_MODULE}" in block
    compile(block, "menu.py", "exec")


# -- Maya ---------------------------------------------------------------------------------------

def test_maya_shelf_is_idempotent(tmp_path):
    import scenes
    from maya import cmds

    scenes.maya_scene(tmp_path.as_posix())
    shelf = _fresh("accsyn_dcc.hosts.maya.shelf")
    shelf.install_shelf()
    shelf.install_shelf()
    ui = cmds._state.ui
    buttons = [n for n, v in ui.items() if v["kind"] == "shelfButton"]
    assert len(buttons) == 1 and ui[buttons[0]]["parent"] == shelf.SHELF
    assert ui[buttons[0]]["sourceType"] == "python" and "hosts.maya.submit" in ui[buttons[0]]["command"]
    assert ui["ShelfLayout"]["children"] == [shelf.SHELF]


def test_maya_startup_defers_the_shelf_and_survives_failures(monkeypatch, tmp_path):
    import scenes
    from maya import cmds

    scenes.maya_scene(tmp_path.as_posix())
    _fresh("accsyn_dcc.hosts.maya.startup")
    shelf = importlib.import_module("accsyn_dcc.hosts.maya.shelf")
    assert cmds._state.deferred == [shelf.install_safely]
    cmds._state.batch = True
    cmds._state.deferred.clear()
    _fresh("accsyn_dcc.hosts.maya.startup")
    assert cmds._state.deferred == []  # no shelf in batch mode
    monkeypatch.setattr(shelf, "install_shelf", lambda: 1 / 0)
    shelf.install_safely()  # logged, not raised
    monkeypatch.setattr(shelf, "schedule", lambda: 1 / 0)
    _fresh("accsyn_dcc.hosts.maya.startup")  # logged, not raised


def test_maya_user_setup_runs_as_maya_runs_it(tmp_path):
    import scenes
    from maya import cmds

    scenes.maya_scene(tmp_path.as_posix())
    sys.modules.pop("accsyn_dcc.hosts.maya.startup", None)
    runpy.run_path(str(REPO / "hosts" / "maya" / "userSetup.py"))
    assert len(cmds._state.deferred) == 1


def test_maya_module_text_for_install(tmp_path):
    from accsyn_dcc.hosts import maya as host

    text = host.mod_file_text(tmp_path / "accsyn-dcc", [tmp_path / "payload", tmp_path / "payload" / "vendor"])
    lines = text.splitlines()
    assert lines[0] == f"+ accsyn_dcc 0.1.0 {tmp_path / 'accsyn-dcc'}"
    assert lines[1:] == [f"PYTHONPATH+={tmp_path / 'payload'}", f"PYTHONPATH+={tmp_path / 'payload' / 'vendor'}"]
    compile(host.user_setup_text([tmp_path / "payload"]), "userSetup.py", "exec")


# -- Houdini ------------------------------------------------------------------------------------

def test_houdini_shelf_tool_runs_the_entry(monkeypatch, tmp_path, dialog_calls):
    import hou
    import scenes

    scenes.houdini_scene(tmp_path.as_posix())
    exec(compile(_shelf_script(), "accsyn_dcc.shelf", "exec"), {})  # noqa: S102 - as Houdini runs it
    assert dialog_calls and dialog_calls[0]["host"] == "houdini"
    assert hou._state.asked == []
    root = ET.parse(SHELF_XML).getroot()
    assert [m.get("name") for m in root.iter("memberTool")] == [root.find("tool").get("name")]


def test_houdini_package_for_install(tmp_path):
    from accsyn_dcc.hosts import houdini as host

    pkg = host.package_json(tmp_path / "payload", vendor="$ACCSYN_DCC_ROOT/vendor")
    assert pkg["env"][0] == {"ACCSYN_DCC_ROOT": (tmp_path / "payload").as_posix()}
    assert pkg["hpath"] == "$ACCSYN_DCC_ROOT/houdini"
    json.dumps(pkg)
    assert host.shelf_text().startswith("<?xml")


def test_package_matches_install_py_where_it_has_its_own(tmp_path):
    spec = importlib.util.spec_from_file_location("_accsyn_install_under_test", REPO / "install.py")
    if spec is None or spec.loader is None or not (REPO / "install.py").exists():
        pytest.skip("no install.py")
    install = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = install
    try:
        spec.loader.exec_module(install)
    finally:
        sys.modules.pop(spec.name, None)
    if not hasattr(install, "houdini_package"):
        pytest.skip("install.py uses the host helpers directly")
    from accsyn_dcc.hosts import houdini as host

    layout = install.Layout(tmp_path, tmp_path / "0.1.0", "0.1.0")
    assert host.package_json(layout.payload, layout.vendor) == install.houdini_package(layout)
    from accsyn_dcc.hosts import maya as maya_host
    from accsyn_dcc.hosts import nuke as nuke_host

    entries = install.entry_modules(REPO / "hosts")
    assert entries == {"nuke": nuke_host.ENTRY_MODULE, "maya": maya_host.ENTRY_MODULE,
                       "houdini": host.ENTRY_MODULE}
    assert (nuke_host.BEGIN, nuke_host.END) == (install.BEGIN, install.END)
    mod = maya_host.mod_file_text(tmp_path / "m", [layout.payload, layout.vendor], layout.version)
    assert mod == install.maya_mod_text(layout, tmp_path / "m")
    for key in ("nuke.menu_block", "maya.mod_file_text", "maya.user_setup_text", "houdini.package_json"):
        assert key in install.find_helpers(REPO), key
