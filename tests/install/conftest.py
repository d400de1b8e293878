"""Fixtures for install.py tests: the module itself, a source copy with entry stand-ins, host fakes,
a wheelhouse of the real 3.9-compatible deps (fetched once per session) and a Python 3.9."""

from __future__ import annotations

import glob
import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FAKES = REPO / "tests" / "fakes"

# Entry modules install.py points the hosts at; if the hosts engineer has not written one yet, the
# source copy gets an import-only stand-in so the install mechanics are still exercised end to end.
STANDINS = {
    "nuke": "import nuke\n\nnuke.menu('Nuke').addMenu('Render').addCommand('Submit to accsyn...', 'pass')\n",
    "maya": "import maya.cmds  # noqa: F401\n",
    "houdini": "import hou  # noqa: F401\n",
}

# Import-only host modules for a clean interpreter, used for each of nuke / maya / hou that
# tests/fakes does not provide: any attribute is a callable that returns another such object.
_ANY = (
    "class _Any:\n"
    "    def __call__(self, *a, **k):\n        return _Any()\n"
    "    def __getattr__(self, name):\n        return _Any()\n"
    "    def __iter__(self):\n        return iter(())\n"
    "    def __bool__(self):\n        return False\n"
    "def __getattr__(name):\n    if name.startswith('__'):\n        raise AttributeError(name)\n"
    "    return _Any()\n"
)
HOST_STANDINS = {
    "nuke": {"nuke.py": _ANY},
    "maya": {"maya/__init__.py": "", "maya/cmds.py": _ANY, "maya/utils.py": _ANY, "maya/mel.py": _ANY},
    "hou": {"hou.py": _ANY},
}


def _load_install():
    spec = importlib.util.spec_from_file_location("accsyn_install_under_test", REPO / "install.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="session")
def inst():
    return _load_install()


def _entry_path(src: Path, module: str) -> Path:
    parts = module.split(".")
    assert parts[:2] == ["accsyn_dcc", "hosts"], module
    return src.joinpath("hosts", *parts[2:]).with_suffix(".py")


@pytest.fixture(scope="session")
def source_copy(inst, tmp_path_factory):
    """A copy of the package folders plus install.py; returns (path, hosts given a stand-in entry)."""
    dst = tmp_path_factory.mktemp("src")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for folder in ("accsyn_dcc", "core", "hosts"):
        shutil.copytree(REPO / folder, dst / folder, ignore=ignore)
    shutil.copy2(REPO / "install.py", dst / "install.py")
    standins = []
    for host, module in inst.entry_modules(dst / "hosts").items():
        path = _entry_path(dst, module)
        if not path.exists():
            path.write_text(STANDINS[host], encoding="utf-8")
            standins.append(host)
    return dst, tuple(standins)


@pytest.fixture(scope="session")
def fakes_dir(tmp_path_factory):
    """Folders to put first on a clean interpreter's sys.path: tests/fakes (the hosts engineer's
    fakes) and, for any of nuke / maya / hou it lacks, an import-only stand-in in a tmp dir."""
    def has(name):
        return (FAKES / f"{name}.py").is_file() or (FAKES / name / "__init__.py").is_file()

    d = tmp_path_factory.mktemp("host_standins")
    for name, files in HOST_STANDINS.items():
        if not has(name):
            for rel, text in files.items():
                p = d / rel
                p.parent.mkdir(parents=True, exist_ok=True)
                p.write_text(text, encoding="utf-8")
    return [str(FAKES), str(d)] if FAKES.is_dir() else [str(d)]


def snapshot(root: Path, *, mtimes: bool = False):
    """Every file's bytes (and optionally mtime) and the set of dirs under ``root``."""
    files, dirs = {}, set()
    for dirpath, dirnames, filenames in os.walk(root):
        for d in dirnames:
            dirs.add(os.path.relpath(os.path.join(dirpath, d), root))
        for f in filenames:
            p = os.path.join(dirpath, f)
            data = Path(p).read_bytes()
            files[os.path.relpath(p, root)] = (data, os.stat(p).st_mtime_ns) if mtimes else data
    return files, dirs


@pytest.fixture
def snap():
    return snapshot


def pytest_configure(config):
    config.addinivalue_line("markers", "network: needs the package registry (reachable in CI); fails, never "
                            "skips, when pip cannot reach it")


def pip_download(dest: Path, reqs, *extra: str) -> subprocess.CompletedProcess:
    """The fetch install.py does, written out independently: pure wheels for Python 3.9, no deps."""
    cmd = [sys.executable, "-m", "pip", "download", "--only-binary=:all:", "--python-version", "3.9",
           "--implementation", "py", "--platform", "any", "--no-deps", "--disable-pip-version-check",
           "-d", str(dest), *extra, *reqs]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300, check=False)


@pytest.fixture(scope="session")
def wheelhouse(inst, tmp_path_factory):
    """The real deps at install.py's FETCH_SPECS, from the package registry once per session (pip cache)."""
    dest = tmp_path_factory.mktemp("wheelhouse")
    reqs = [name + inst.FETCH_SPECS[name] for name in inst.VENDOR_DISTS]
    proc = pip_download(dest, reqs)
    if proc.returncode != 0:
        pytest.fail("pip could not fetch the vendored deps from the package registry (these tests need it; "
                    f"CI has it): {(proc.stderr.strip().splitlines() or ['no output'])[-1]}", pytrace=False)
    return dest


@pytest.fixture
def offline_pip(wheelhouse, monkeypatch):
    """install.py's pip (and any pip a subprocess runs) reads only the session's wheelhouse: no index."""
    monkeypatch.setenv("PIP_NO_INDEX", "1")
    monkeypatch.setenv("PIP_FIND_LINKS", str(wheelhouse))
    return wheelhouse


def find_python39():
    """A working Python 3.9 (pyenv's, or one on PATH), or None."""
    candidates = sorted(glob.glob(str(Path.home() / ".pyenv" / "versions" / "3.9*" / "bin" / "python3.9")))
    candidates += [c for c in [shutil.which("python3.9")] if c]
    for exe in candidates:
        try:
            proc = subprocess.run([exe, "-c", "import sys; print(sys.version_info[:2])"],
                                  capture_output=True, text=True, timeout=60, check=False)
        except OSError:
            continue
        if proc.returncode == 0 and proc.stdout.strip() == "(3, 9)":
            return exe
    return None


@pytest.fixture(scope="session")
def python39():
    exe = find_python39()
    if not exe:
        pytest.skip("no python3.9 on this machine")
    return exe
