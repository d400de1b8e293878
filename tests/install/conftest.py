"""Fixtures for install.py tests: the module itself, a source copy with entry stand-ins, host fakes."""

from __future__ import annotations

import importlib.util
import os
import shutil
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

# Minimal host modules for a clean interpreter when tests/fakes does not hold them.
HOST_STANDINS = {
    "nuke.py": (
        "class _Menu:\n"
        "    def addMenu(self, *a, **k):\n        return self\n"
        "    def addCommand(self, *a, **k):\n        return None\n"
        "def menu(name):\n    return _Menu()\n"
    ),
    "maya/__init__.py": "",
    "maya/cmds.py": "def about(**kw):\n    return '2025'\n",
    "maya/utils.py": "def executeDeferred(fn, *a, **k):\n    return None\n",
    "hou.py": "def applicationVersionString():\n    return '20.5.0'\n",
}


def _load_install():
    spec = importlib.util.spec_from_file_location("accsyn_install_under_test", REPO / "install.py")
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
    """tests/fakes when it provides nuke, maya and hou; else import-only stand-ins in a tmp dir."""
    def has(name):
        return (FAKES / f"{name}.py").is_file() or (FAKES / name / "__init__.py").is_file()

    if all(has(n) for n in ("nuke", "maya", "hou")):
        return FAKES
    d = tmp_path_factory.mktemp("host_standins")
    for rel, text in HOST_STANDINS.items():
        p = d / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    return d


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
