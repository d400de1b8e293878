"""The distribution installs as `accsyn_dcc.*` only: no bare `core`/`hosts` module ever appears."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap


def _run(code: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                          cwd=cwd, timeout=120)


def test_importing_every_module_never_creates_bare_core_or_hosts(tmp_path):
    # Run from a neutral cwd so the repo root is not on sys.path by accident.
    proc = _run(
        """
        import importlib, json, pkgutil, sys
        import accsyn_dcc
        names = []
        for pkg in ("accsyn_dcc.core", "accsyn_dcc.hosts"):
            mod = importlib.import_module(pkg)
            for info in pkgutil.walk_packages(mod.__path__, pkg + "."):
                # host entry modules need their host; Qt modules need a display; both are tested elsewhere
                if info.name.split(".")[2:3] in (["nuke"], ["maya"], ["houdini"], ["common"]):
                    continue
                importlib.import_module(info.name)
                names.append(info.name)
        bad = sorted(m for m in sys.modules if m.split(".")[0] in ("core", "hosts"))
        print(json.dumps({"imported": names, "bad": bad}))
        """,
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["bad"] == []
    assert "accsyn_dcc.core.frames" in out["imported"]
    assert "accsyn_dcc.core.cli.main" in out["imported"]


def test_bare_core_is_not_importable_from_a_neutral_directory(tmp_path):
    proc = _run("import core", cwd=tmp_path)
    assert proc.returncode != 0 and "ModuleNotFoundError" in proc.stderr
    proc = _run("import hosts", cwd=tmp_path)
    assert proc.returncode != 0 and "ModuleNotFoundError" in proc.stderr


def test_importing_core_does_not_import_requests_or_qt(tmp_path):
    proc = _run(
        """
        import sys
        import accsyn_dcc.core.api, accsyn_dcc.core.outbox, accsyn_dcc.core.frames, accsyn_dcc.core.config
        import accsyn_dcc.core.cli.main
        heavy = [m for m in ("requests", "urllib3", "qtpy", "PySide6", "PySide2") if m in sys.modules]
        print(",".join(heavy))
        """,
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == ""


def test_console_script_and_module_entry_agree(tmp_path):
    exe = shutil.which("accsyn-dcc", path=str(__import__("pathlib").Path(sys.executable).parent))
    assert exe, "the accsyn-dcc console script is installed next to the interpreter"
    a = subprocess.run([exe, "--version"], capture_output=True, text=True, cwd=tmp_path, timeout=60)
    b = subprocess.run([sys.executable, "-m", "accsyn_dcc", "--version"], capture_output=True, text=True,
                       cwd=tmp_path, timeout=60)
    assert a.returncode == b.returncode == 0
    assert a.stdout == b.stdout and a.stdout.startswith("accsyn-dcc ")


def test_no_verb_prints_help_and_exits_2(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "accsyn_dcc"], capture_output=True, text=True, cwd=tmp_path,
                          timeout=60)
    assert proc.returncode == 2
    assert "COMMAND" in proc.stderr
