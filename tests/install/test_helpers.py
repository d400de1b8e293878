"""Entry text from the host adapters' pure helpers when the source has them; install.py's own otherwise.

The helpers are written here at the names install.py calls (hosts/nuke/entry.py::menu_block,
hosts/maya/module.py::mod_file_text + user_setup_text, hosts/houdini/package.py::package_json), so
these tests do not depend on what the hosts engineer has committed.
"""

from __future__ import annotations

import io
import json
import shutil

import pytest

NUKE_HELPER = '''
def menu_block(plugin_dir, vendor_dir=None):
    return ("# >>> accsyn-dcc >>>\\n# from the helper\\nimport sys\\nsys.path.insert(0, %r)\\n"
            "sys.path.append(%r)\\nimport accsyn_dcc.hosts.nuke.menu\\n# <<< accsyn-dcc <<<\\n"
            % (plugin_dir, vendor_dir))
'''
MAYA_HELPER = '''
import os


def mod_file_text(module_root, python_paths=(), version="0.1.0"):
    return "+ accsyn_dcc %s %s\\n" % (version, module_root) + "".join(
        "PYTHONPATH+=%s\\n" % p for p in python_paths)


def user_setup_text(python_paths=None):
    raise RuntimeError("not ready")
'''
HOUDINI_HELPER = '''
def package_json(root, vendor=None, hpath=None):
    return {"env": [{"ACCSYN_DCC_ROOT": root}, {"PYTHONPATH": [root, vendor]}], "hpath": "from-helper"}
'''


@pytest.fixture
def src_with_helpers(source_copy, tmp_path):
    src = tmp_path / "src"
    shutil.copytree(source_copy[0], src)
    for host in ("nuke", "maya", "houdini"):  # the real __init__ may re-export the real helpers' names
        (src / "hosts" / host / "__init__.py").write_text('"""test stand-in"""\n')
    (src / "hosts" / "nuke" / "entry.py").write_text(NUKE_HELPER)
    (src / "hosts" / "maya" / "module.py").write_text(MAYA_HELPER)
    (src / "hosts" / "houdini" / "package.py").write_text(HOUDINI_HELPER)
    return src


def test_helpers_are_found_without_importing(inst, src_with_helpers, tmp_path):
    assert inst.find_helpers(src_with_helpers) == {
        "nuke.menu_block": "accsyn_dcc.hosts.nuke.entry:menu_block",
        "maya.mod_file_text": "accsyn_dcc.hosts.maya.module:mod_file_text",
        "maya.user_setup_text": "accsyn_dcc.hosts.maya.module:user_setup_text",
        "houdini.package_json": "accsyn_dcc.hosts.houdini.package:package_json",
    }
    bare = tmp_path / "bare"
    (bare / "hosts" / "nuke").mkdir(parents=True)
    (bare / "hosts" / "nuke" / "entry.py").write_text("def other():\n    pass\n")
    assert inst.find_helpers(bare) == {}


def test_install_uses_working_helpers_and_falls_back_for_broken_ones(inst, src_with_helpers, tmp_path):
    prefix = tmp_path / "home"
    out = io.StringIO()
    rc = inst.run(["--prefix", str(prefix)], src=src_with_helpers, fetcher=None, out=out, err=out)
    assert rc == 0, out.getvalue()
    payload = prefix / ".accsyn-dcc" / "0.1.0"
    menu = (prefix / ".nuke" / "menu.py").read_text()
    assert "# from the helper\n" in menu and repr(str(payload / "vendor")) in menu
    mod = (prefix / "maya" / "modules" / "accsyn_dcc.mod").read_text()
    module_root = prefix / "maya" / "modules" / "accsyn-dcc"
    vendor = payload / "vendor"
    assert mod == f"+ accsyn_dcc 0.1.0 {module_root}\nPYTHONPATH+={payload}\nPYTHONPATH+={vendor}\n"
    # user_setup_text raised: install.py's own userSetup.py, and a note saying so
    setup = (module_root / "scripts" / "userSetup.py").read_text()
    assert "import accsyn_dcc.hosts.maya." in setup
    assert "user_setup_text not used (RuntimeError: not ready)" in out.getvalue()
    pkg = json.loads((prefix / f"houdini{inst.DEFAULT_HOUDINI}" / "packages" / "accsyn_dcc.json").read_text())
    assert pkg["hpath"] == "from-helper"
    assert inst.run(["--prefix", str(prefix), "--uninstall"], src=src_with_helpers, out=out, err=out) == 0
    assert not prefix.exists()
