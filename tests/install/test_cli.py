"""The real command line: exit codes and messages, never a traceback for a user mistake."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


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


def test_install_with_the_39_floor_reports_what_it_skipped(tmp_path):
    proc = cli("--prefix", str(tmp_path / "home"), "--host", "houdini")
    assert proc.returncode == 0, proc.stderr
    assert "houdini: " in proc.stdout
    for line in proc.stdout.splitlines():
        if line.startswith("note: ") and "not vendored" in line:
            assert "needs Python" in line or "not pure Python" in line or "not installed" in line
    assert cli("--prefix", str(tmp_path / "home"), "--uninstall").returncode == 0
    assert not (tmp_path / "home").exists()
