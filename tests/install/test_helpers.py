"""Entry text from the host adapters' pure helpers, when the source has them; install.py's own otherwise."""

from __future__ import annotations

import io
import json
import shutil

import pytest

NUKE_HELPER = '''
def menu_block(root):
    return "import sys\\nsys.path.insert(0, %r)\\nimport accsyn_dcc.hosts.nuke.menu\\n" % root
'''
HOUDINI_HELPER = '''
def package_json(root):
    raise RuntimeError("not ready")
'''
MAYA_HELPER = '''
import os


def mod_file_text(root):
    return "+ accsyn_dcc 0.1.0 %s\\nPYTHONPATH+=%s\\n" % (os.path.join(root, "maya"), root)
'''


@pytest.fixture
def src_with_helpers(source_copy, tmp_path):
    src = tmp_path / "src"
    shutil.copytree(source_copy[0], src)
    (src / "hosts" / "nuke" / "entry_text.py").write_text(NUKE_HELPER)
    (src / "hosts" / "houdini" / "package.py").write_text(HOUDINI_HELPER)
    (src / "hosts" / "maya" / "module.py").write_text(MAYA_HELPER)
    return src


def test_helpers_are_found_by_name(inst, src_with_helpers):
    assert inst.find_helpers(src_with_helpers) == {
        "nuke": "accsyn_dcc.hosts.nuke.entry_text:menu_block",
        "maya": "accsyn_dcc.hosts.maya.module:mod_file_text",
        "houdini": "accsyn_dcc.hosts.houdini.package:package_json",
    }


def test_install_uses_working_helpers_and_falls_back_for_broken_ones(inst, src_with_helpers, tmp_path):
    prefix = tmp_path / "home"
    out = io.StringIO()
    assert inst.run(["--prefix", str(prefix)], src=src_with_helpers, out=out, err=out) == 0, out.getvalue()
    payload = prefix / ".accsyn-dcc" / "0.1.0"
    menu = (prefix / ".nuke" / "menu.py").read_text()
    assert menu.startswith("# >>> accsyn-dcc >>>\nimport sys\n") and repr(str(payload)) in menu
    mod = (prefix / "maya" / "modules" / "accsyn_dcc.mod").read_text()
    assert mod.startswith(f"+ accsyn_dcc 0.1.0 {payload / 'maya'}\n")
    assert (payload / "maya" / "scripts" / "userSetup.py").is_file()  # follows the helper's module root
    pkg = json.loads((prefix / f"houdini{inst.DEFAULT_HOUDINI}" / "packages" / "accsyn_dcc.json").read_text())
    assert pkg == inst.houdini_package(inst.make_layout(inst.make_env(str(prefix)), "0.1.0"))
    assert "houdini: accsyn_dcc.hosts.houdini.package:package_json not used (RuntimeError: not ready)" \
        in out.getvalue()
    assert inst.run(["--prefix", str(prefix), "--uninstall"], src=src_with_helpers, out=out, err=out) == 0
    assert not prefix.exists()
