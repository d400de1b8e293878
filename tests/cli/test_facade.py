"""The `accsyn_dcc` façade: explicit names, resolved lazily, nothing heavy at import."""

from __future__ import annotations

import subprocess
import sys

import pytest

import accsyn_dcc


@pytest.mark.parametrize("name", [n for n in accsyn_dcc.__all__ if n != "__version__"])
def test_every_exported_name_resolves(name):
    assert getattr(accsyn_dcc, name) is not None


def test_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        accsyn_dcc.nope  # noqa: B018


def test_import_is_cheap(tmp_path):
    code = ("import sys, accsyn_dcc; "
            "print(sorted(m for m in sys.modules if m.startswith(('accsyn_dcc.', 'requests', 'qtpy'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
