"""bench/bench_gather.py --small runs end to end (figures are printed, never asserted: no timing)."""

from __future__ import annotations

import subprocess
import sys


def test_bench_small_runs(repo_dir):
    proc = subprocess.run([sys.executable, str(repo_dir / "bench" / "bench_gather.py"), "--small", "--repeat", "1"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "found 2000 of 2000 frames in 20 sequences" in out
    for line in ("ours cold / floor", "ours warm / ours cold", "naive / ours cold", "stats per frame: 0"):
        assert line in out
    assert "one cold check: 20 listings for 20 folders" in out and "0 DirEntry.stat" in out
