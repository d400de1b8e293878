"""The real command line: exit codes and messages, never a traceback for a user mistake."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
# install.py's pip fetches from the session's wheelhouse of real 3.9 wheels, never the index
pytestmark = pytest.mark.usefixtures("offline_pip")


def cli(*args, cwd=None):
    proc = subprocess.run([sys.executable, str(REPO / "install.py"), *args], capture_output=True, text=True,
                          timeout=300, check=False, cwd=cwd)
    assert "Traceback" not in proc.stderr + proc.stdout, proc.stderr
    return proc


def test_usage_errors_exit_2(tmp_path):
    assert cli("--host", "blender").returncode == 2
    assert cli("--uninstall", "--doctor", "--prefix", str(tmp_path)).returncode == 2
    afile = tmp_path / "afile"
    afile.write_text("x")
    proc = cli("--prefix", str(afile))
    assert proc.returncode == 2 and "not a folder" in proc.stderr
    proc = cli("--prefix", str(tmp_path), "--vendor-from", str(tmp_path / "nope"))
    assert proc.returncode == 2 and "--vendor-from" in proc.stderr


def test_unwritable_prefix_is_a_clean_error(tmp_path):
    afile = tmp_path / "afile"
    afile.write_text("x")
    proc = cli("--prefix", str(afile / "home"))
    assert proc.returncode == 1 and proc.stderr.startswith("install.py: error: ")
    assert afile.read_text() == "x"


def test_dry_run_from_another_directory(tmp_path):
    proc = cli("--prefix", str(tmp_path / "home"), "--dry-run", "--host", "nuke", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "dry run: nothing was written" in proc.stdout and "[nuke] write" in proc.stdout
    assert not (tmp_path / "home").exists()


def test_install_with_the_39_floor_fetches_what_this_python_cannot_give(tmp_path):
    """This Python's requests/urllib3/packaging need 3.10+ and its tomli/charset-normalizer are compiled:
    install.py fetches 3.9-compatible pure wheels with pip instead, and nothing is left out."""
    proc = cli("--prefix", str(tmp_path / "home"), "--host", "houdini")
    assert proc.returncode == 0, proc.stderr
    assert "houdini: " in proc.stdout
    vendored = next(line for line in proc.stdout.splitlines() if line.startswith("vendored: "))
    for name in ("requests", "urllib3", "idna", "certifi", "charset-normalizer", "platformdirs", "tomli",
                 "qtpy", "packaging"):
        assert f" {name} " in vendored, vendored
    assert "warning: " not in proc.stdout, proc.stdout
    assert cli("--prefix", str(tmp_path / "home"), "--uninstall").returncode == 0
    assert not (tmp_path / "home").exists()


def test_runs_on_python_39(tmp_path, python39):
    """install.py itself on the oldest Python it supports (skipped where no 3.9 is installed); it fetches
    with that Python's pip."""
    prefix = tmp_path / "home"
    for args in ([], ["--doctor"], ["--uninstall"]):
        proc = subprocess.run([python39, str(REPO / "install.py"), "--prefix", str(prefix), *args],
                              capture_output=True, text=True, timeout=300, check=False)
        assert "Traceback" not in proc.stderr, proc.stderr
        assert proc.returncode in ((0, 1) if args == ["--doctor"] else (0,)), proc.stdout + proc.stderr
        if not args:
            assert "vendored: requests " in proc.stdout and "warning: " not in proc.stdout, proc.stdout
        if args == ["--doctor"]:
            assert "WARNING not vendored" not in proc.stdout, proc.stdout
    assert not prefix.exists()


def test_without_prefix_the_real_home_and_env_decide(tmp_path):
    import os

    home = tmp_path / "h"
    home.mkdir()
    env = {k: v for k, v in os.environ.items()
           if k not in ("MAYA_APP_DIR", "HOUDINI_USER_PREF_DIR", "NUKE_PATH", "MAYA_MODULE_PATH")}
    env.update(HOME=str(home), HOUDINI_USER_PREF_DIR=str(tmp_path / "hprefs" / "houdini__HVER__"))
    (tmp_path / "hprefs" / "houdini21.0").mkdir(parents=True)
    (home / ".nuke").mkdir()  # the user folders that make each DCC "found"
    (home / "maya").mkdir()
    args = [sys.executable, str(REPO / "install.py")]
    proc = subprocess.run(args, capture_output=True, text=True, timeout=300, check=False, env=env)
    assert proc.returncode == 0, proc.stderr
    assert (home / ".nuke" / "menu.py").is_file() and (home / "maya" / "modules" / "accsyn_dcc.mod").is_file()
    assert (tmp_path / "hprefs" / "houdini21.0" / "packages" / "accsyn_dcc.json").is_file()
    proc = subprocess.run(args + ["--uninstall"], capture_output=True, text=True, timeout=300, check=False,
                          env=env)
    assert proc.returncode == 0, proc.stderr
    # (pip, run to fetch deps, may leave its own cache/tool folders in this HOME: not install.py's)
    assert {p.name for p in home.iterdir()} & {".nuke", "maya", ".accsyn-dcc"} == {".nuke", "maya"}
    assert [list(p.iterdir()) for p in (home / ".nuke", home / "maya")] == [[], []]
    assert list((tmp_path / "hprefs" / "houdini21.0").iterdir()) == []


def test_read_only_prefix_is_refused_before_writing(inst, tmp_path, monkeypatch):
    """(Tests run as root, where permissions do not stop writes: os.access is what install.py asks.)"""
    import io

    prefix = tmp_path / "ro"
    prefix.mkdir()
    monkeypatch.setattr(inst.os, "access", lambda path, mode: False)
    out, err = io.StringIO(), io.StringIO()
    assert inst.run(["--prefix", str(prefix)], fetcher=None, out=out, err=err) == 1
    assert err.getvalue().startswith("install.py: error: cannot write to ") and "permission denied" in err.getvalue()
    assert list(prefix.iterdir()) == []
