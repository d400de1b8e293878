"""Per-OS plugin locations on a fake filesystem (pyfakefs), with the OS detection patched."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pyfakefs.fake_filesystem_unittest import Patcher

REPO = Path(__file__).resolve().parents[2]

CASES = {
    # os: (env, home, {host: expected entry file})
    "linux": ({"HOME": "/home/ana"}, "/home/ana", {
        "nuke": "/home/ana/.nuke/menu.py",
        "maya": "/home/ana/maya/modules/accsyn_dcc.mod",
        "houdini": "/home/ana/houdini{v}/packages/accsyn_dcc.json",
    }),
    "darwin": ({"HOME": "/Users/ana"}, "/Users/ana", {
        "nuke": "/Users/ana/.nuke/menu.py",
        "maya": "/Users/ana/Library/Preferences/Autodesk/maya/modules/accsyn_dcc.mod",
        "houdini": "/Users/ana/Library/Preferences/houdini/{v}/packages/accsyn_dcc.json",
    }),
    "windows": ({"USERPROFILE": "/C/Users/ana"}, "/C/Users/ana", {
        "nuke": "/C/Users/ana/.nuke/menu.py",
        "maya": "/C/Users/ana/Documents/maya/modules/accsyn_dcc.mod",
        "houdini": "/C/Users/ana/Documents/houdini{v}/packages/accsyn_dcc.json",
    }),
}


def _houdini_dir(os_name: str, home: str, version: str) -> str:
    return CASES[os_name][2]["houdini"].format(v=version).rsplit("/packages/", 1)[0]


@pytest.fixture
def fake_fs():
    with Patcher() as patcher:
        assert patcher.fs is not None
        for folder in ("accsyn_dcc", "core", "hosts"):
            patcher.fs.add_real_directory(str(REPO / folder), read_only=True)
        patcher.fs.create_dir("/empty-site")
        yield patcher.fs


def _tree(root: str):
    base = Path(root)
    return sorted((str(p.relative_to(base)), p.read_bytes() if p.is_file() else None)
                  for p in base.rglob("*"))


@pytest.mark.parametrize("os_name", sorted(CASES))
def test_install_and_uninstall_per_os(inst, fake_fs, monkeypatch, os_name):
    environ, home, expected = CASES[os_name]
    monkeypatch.setattr(inst, "detect_os", lambda *a, **k: os_name)
    for v in ("20.0", "21.0"):
        fake_fs.create_dir(_houdini_dir(os_name, home, v))
    fake_fs.create_file(f"{home}/.nuke/menu.py", contents="# mine\n")
    fake_fs.create_dir(str(Path(expected["maya"]).parent.parent))  # the Maya prefs folder: Maya is "found"
    before = _tree(home)
    env = inst.make_env(environ=environ)
    assert env.os_name == os_name and env.home == Path(home)
    out = io.StringIO()
    rc = inst.run(["--vendor-from", "/empty-site"], env=env, src=REPO, out=out, err=out)
    assert rc == 0, out.getvalue()
    for host, path in expected.items():
        for v in (("20.0", "21.0") if host == "houdini" else ("",)):
            assert Path(path.format(v=v)).is_file(), (host, path)
    assert Path(f"{home}/.accsyn-dcc/0.1.0/accsyn_dcc/core/__init__.py").is_file()
    assert inst.run(["--uninstall"], env=env, src=REPO, out=out, err=out) == 0
    assert _tree(home) == before


@pytest.mark.parametrize("os_name", sorted(CASES))
def test_default_houdini_version_when_none_found(inst, fake_fs, monkeypatch, os_name):
    environ, home, expected = CASES[os_name]
    monkeypatch.setattr(inst, "detect_os", lambda *a, **k: os_name)
    fake_fs.create_dir(home)
    found = inst.houdini_pref_dirs(inst.make_env(environ=environ))
    assert found == [(inst.DEFAULT_HOUDINI, Path(_houdini_dir(os_name, home, inst.DEFAULT_HOUDINI)))]


def test_windows_home_variable_wins_like_maya_and_houdini(inst, fake_fs, monkeypatch):
    monkeypatch.setattr(inst, "detect_os", lambda *a, **k: "windows")
    env = inst.make_env(environ={"HOME": "/H/ana", "USERPROFILE": "/C/Users/ana"})
    assert inst.nuke_dir(env) == Path("/H/ana/.nuke")
    assert inst.maya_modules_dir(env) == Path("/H/ana/maya/modules")
    default = inst.DEFAULT_HOUDINI
    assert inst.houdini_pref_dirs(env) == [(default, Path(f"/H/ana/houdini{default}"))]


def test_env_vars_decide_without_prefix(inst, fake_fs, monkeypatch):
    monkeypatch.setattr(inst, "detect_os", lambda *a, **k: "linux")
    fake_fs.create_dir("/studio/prefs/houdini20.5")
    fake_fs.create_dir("/studio/prefs/houdini21.0")
    fake_fs.create_dir("/studio/prefs/houdini-notes")
    env = inst.make_env(environ={"HOME": "/home/ana", "MAYA_APP_DIR": "/studio/maya",
                                 "HOUDINI_USER_PREF_DIR": "/studio/prefs/houdini__HVER__"})
    assert inst.maya_modules_dir(env) == Path("/studio/maya/modules")
    assert inst.houdini_pref_dirs(env) == [("20.5", Path("/studio/prefs/houdini20.5")),
                                          ("21.0", Path("/studio/prefs/houdini21.0"))]
    env = inst.make_env(environ={"HOME": "/home/ana", "HOUDINI_USER_PREF_DIR": "/studio/one"})
    assert inst.houdini_pref_dirs(env) == [("", Path("/studio/one"))]


def test_prefix_ignores_env_and_os(inst, fake_fs, monkeypatch):
    monkeypatch.setattr(inst, "detect_os", lambda *a, **k: "darwin")
    fake_fs.create_dir("/stage/houdini19.5")
    env = inst.make_env("/stage", environ={"MAYA_APP_DIR": "/m", "HOUDINI_USER_PREF_DIR": "/h"})
    assert inst.nuke_dir(env) == Path("/stage/.nuke")
    assert inst.maya_modules_dir(env) == Path("/stage/maya/modules")
    assert inst.houdini_pref_dirs(env) == [("19.5", Path("/stage/houdini19.5"))]


def test_doctor_reports_env_vars(inst, fake_fs, monkeypatch):
    monkeypatch.setattr(inst, "detect_os", lambda *a, **k: "linux")
    fake_fs.create_dir("/home/ana")
    env = inst.make_env(environ={"HOME": "/home/ana", "NUKE_PATH": "/studio/nuke:/x"})
    checks, info = inst.doctor(env, inst.HOSTS, src=REPO)
    assert not checks[0].ok and "not installed" in checks[0].message
    assert "NUKE_PATH=/studio/nuke:/x (set in this environment)" in info


def test_host_all_means_the_dccs_found(inst, fake_fs, monkeypatch):
    monkeypatch.setattr(inst, "detect_os", lambda *a, **k: "linux")
    fake_fs.create_dir("/home/ana/houdini20.5")
    env = inst.make_env(environ={"HOME": "/home/ana"})
    assert inst.found_hosts(env) == ["houdini"]
    out = io.StringIO()
    assert inst.run(["--vendor-from", "/empty-site"], env=env, src=REPO, out=out, err=out) == 0
    assert "maya: no user folder found here, skipped" in out.getvalue()
    assert not Path("/home/ana/.nuke").exists() and not Path("/home/ana/maya").exists()
    assert inst.run(["--doctor"], env=env, src=REPO, out=out, err=out) in (0, 1)
    assert "nuke: not installed" in out.getvalue()
    assert inst.run(["--host", "nuke", "--vendor-from", "/empty-site"], env=env, src=REPO, out=out, err=out) == 0
    assert Path("/home/ana/.nuke/menu.py").is_file()


def test_nothing_found_is_a_clear_error(inst, fake_fs, monkeypatch):
    monkeypatch.setattr(inst, "detect_os", lambda *a, **k: "linux")
    fake_fs.create_dir("/home/bo")
    out, err = io.StringIO(), io.StringIO()
    assert inst.run([], env=inst.make_env(environ={"HOME": "/home/bo"}), src=REPO, out=out, err=err) == 1
    assert "no Nuke, Maya or Houdini user folder found" in err.getvalue()
    assert list(Path("/home/bo").iterdir()) == []


@pytest.mark.parametrize("platform, name", [("linux", "linux"), ("darwin", "darwin"), ("win32", "windows"),
                                            ("cygwin", "linux"), ("freebsd13", "linux")])
def test_detect_os(inst, platform, name):
    assert inst.detect_os(platform) == name
