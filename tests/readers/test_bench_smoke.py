"""The convert benchmark runs (small files; no timing assertions)."""

from __future__ import annotations

import subprocess
import sys


def test_bench_convert_small(repo_dir):
    out = subprocess.run([sys.executable, str(repo_dir / "bench" / "bench_convert.py"), "--small"],
                         capture_output=True, text=True, timeout=300, check=True).stdout
    for kind in ("nk", "ma"):
        for op in ("read", "convert"):
            assert f"{kind} {op}: peak" in out
    assert "x sed" in out
