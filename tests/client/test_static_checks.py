"""Source checks over core/ and hosts/ (and tests/ for TLS): no verification switched off, no logging
configured at import, nothing monkeypatched; and importing core leaves logging untouched."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
LIBRARY = [REPO / "core", REPO / "hosts", REPO / "accsyn_dcc"]
SKIP_PARTS = {".venv", "stubs_cache", "__pycache__", "node_modules"}

TLS_OFF = [
    re.compile(r"verify\s*=\s*False"),
    re.compile(r"\.verify\s*=\s*False"),
    # (character classes keep these lines from matching themselves)
    re.compile(r"CERT_NON[E]"),
    re.compile(r"check_hostnam[e]\s*=\s*False"),
    re.compile(r"_create_unverified_contex[t]"),
    re.compile(r"disable_warning[s]\s*\("),
]
LOGGING_AT_IMPORT = [re.compile(r"logging\.basicConfi[g]\s*\("), re.compile(r"logging\.roo[t]\b")]


def _py_files(roots):
    for root in roots:
        if not root.exists():
            continue
        for path in sorted(root.rglob("*.py")):
            if not SKIP_PARTS.intersection(path.parts):
                yield path


def _hits(roots, patterns):
    out = []
    for path in _py_files(roots):
        for no, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            if any(p.search(line) for p in patterns):
                out.append(f"{path.relative_to(REPO)}:{no}: {line.strip()}")
    return out


def test_tls_verification_is_never_switched_off():
    assert _hits(LIBRARY + [REPO / "tests", REPO / "install.py"], TLS_OFF) == []


def test_no_logging_configuration_in_library_code():
    assert _hits(LIBRARY, LOGGING_AT_IMPORT) == []


def _module_names(tree):
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
    return names


def _monkeypatches(path):
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    modules = _module_names(tree)
    found = []
    for node in ast.walk(tree):
        targets = []
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        for target in targets:
            base = target
            while isinstance(base, (ast.Attribute, ast.Subscript)):
                base = base.value
            if isinstance(target, ast.Attribute) and isinstance(base, ast.Name) and base.id in modules:
                found.append(f"{path.relative_to(REPO)}:{node.lineno}: assigns {ast.unparse(target)}")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "setattr":
            first = node.args[0] if node.args else None
            if isinstance(first, ast.Name) and first.id in modules:
                found.append(f"{path.relative_to(REPO)}:{node.lineno}: setattr on module {first.id}")
    return found


def test_nothing_is_monkeypatched_in_library_code():
    found = [hit for path in _py_files(LIBRARY) for hit in _monkeypatches(path)]
    assert found == []


def test_client_code_never_writes_the_environment():
    client = [REPO / "core" / "client", REPO / "core" / "delivery.py", REPO / "core" / "jobs.py"]
    writes = re.compile(r"os\.environ\s*\[[^\]]*\]\s*=|os\.environ\.(update|setdefault|pop)\(|os\.putenv\(")
    files = [p for r in client for p in ([r] if r.is_file() else _py_files([r]))]
    assert [f"{p}:{n}" for p in files for n, ln in enumerate(p.read_text().splitlines(), 1) if writes.search(ln)] == []


def test_the_checks_catch_what_they_look_for(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("import socket\nimport requests\nsocket.socket = object\nsetattr(requests, 'get', None)\n")
    assert len(_monkeypatches_at(bad)) == 2
    assert any(p.search("requests.get(url, verify" + "=False)") for p in TLS_OFF)
    assert any(p.search("logging.basicConfig(level=1)") for p in LOGGING_AT_IMPORT)


def _monkeypatches_at(path):
    tree = ast.parse(path.read_text())
    modules = _module_names(tree)
    return [
        n
        for n in ast.walk(tree)
        if (
            isinstance(n, ast.Assign)
            and isinstance(n.targets[0], ast.Attribute)
            and isinstance(n.targets[0].value, ast.Name)
            and n.targets[0].value.id in modules
        )
        or (isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "setattr")
    ]


@pytest.mark.parametrize("package", ["accsyn_dcc.core"])
def test_importing_every_core_module_configures_no_logging(package):
    code = (
        "import importlib, logging, pkgutil, sys\n"
        f"import {package} as pkg\n"
        "for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "    importlib.import_module(m.name)\n"
        "root = logging.getLogger()\n"
        "assert root.handlers == [], root.handlers\n"
        "own = logging.getLogger('accsyn_dcc').handlers\n"
        "assert all(type(h) is logging.NullHandler for h in own), own\n"
        "assert 'requests' not in sys.modules, 'requests imported at import time'\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr[-2000:]
