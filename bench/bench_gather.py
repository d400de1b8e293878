"""Benchmark: ``check`` of a Nuke script with many sequences vs the file-system floor.

Builds a synthetic tree (default 200 sequences x 1000 frames of empty files, one folder per
sequence) and a ``.nk`` with one Read per sequence (``file /abs/dir/seqNNN.####.exr``,
``first``/``last``), then times, best of ``--repeat`` runs after one warm-up listing of the tree
(so every method sees the same warm OS caches):

* floor:   bare ``os.scandir`` of each unique folder, reading each entry's name;
* ours:    ``gather.check(nk)`` with a fresh in-memory cache (parse + expand + scan + validate);
* warm:    the same check again with the cache of the cold run;
* naive:   ``os.path.exists`` per frame;
* fileseq: ``fileseq.findSequenceOnDisk`` per pattern (if fileseq is installed).

Stat calls: our scan counts its own file-system calls (``ScanCounters``); with ``strace`` on
PATH the cold check also runs in a child process under ``strace -f -c``; its stat-family
syscalls are counted, minus a child that does the same imports and reads the script without scanning.

``--small`` runs 20 x 100 for a quick look (and for tests/deps/test_bench_smoke.py).
Not a test: it asserts nothing, it prints figures and whether the targets were met.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from typing import Callable, Dict, List, Optional, Tuple

STAT_SYSCALLS = ("stat", "lstat", "fstat", "newfstatat", "statx", "fstatat64", "stat64", "lstat64")
TARGET_FLOOR = 1.5
TARGET_WARM = 0.2


def build_tree(root: str, sequences: int, frames: int) -> Tuple[str, List[str], List[str]]:
    """Folders ``root/seqNNN`` with ``seqNNN.0001.exr`` ...; returns (nk path, dirs, patterns)."""
    dirs, patterns, nodes = [], [], []
    for s in range(sequences):
        d = os.path.join(root, f"seq{s:03d}")
        os.makedirs(d)
        for f in range(1, frames + 1):
            open(os.path.join(d, f"seq{s:03d}.{f:04d}.exr"), "wb").close()
        dirs.append(d)
        patterns.append(f"{d}/seq{s:03d}.####.exr")
        nodes.append(f"Read {{\n inputs 0\n file {d}/seq{s:03d}.####.exr\n first 1\n last {frames}\n"
                     f" name Read{s + 1}\n}}\n")
    nk = os.path.join(root, "bench.nk")
    with open(nk, "w", encoding="utf-8") as fh:
        fh.write(f"#! /opt/nuke/libnuke.so -nx\nversion 14.0 v5\nRoot {{\n inputs 0\n name {nk}\n"
                 f" first_frame 1\n last_frame {frames}\n}}\n")
        fh.writelines(nodes)
    return nk, dirs, patterns


def floor(dirs: List[str]) -> int:
    n = 0
    for d in dirs:
        with os.scandir(d) as it:
            for e in it:
                e.name  # noqa: B018 - reading the name is the floor's whole work
                n += 1
    return n


def naive(patterns: List[str], frames: int) -> int:
    n = 0
    for p in patterns:
        for f in range(1, frames + 1):
            n += os.path.exists(p.replace("####", f"{f:04d}"))
    return n


def with_fileseq(patterns: List[str]) -> Optional[int]:
    try:
        import fileseq
    except ImportError:
        return None
    n = 0
    for p in patterns:
        n += len(fileseq.findSequenceOnDisk(p.replace("####", "#")))
    return n


def floor_listdir(dirs: List[str]) -> int:
    return sum(len(os.listdir(d)) for d in dirs)


def ours(nk: str, cache=None, with_files: bool = False):
    """What ``accsyn-dcc check`` does (it shows no per-frame file lists: ``with_files=False``);
    ``with_files=True`` is the submit path, which also builds one path per frame."""
    from accsyn_dcc.core import gather
    from accsyn_dcc.core.config import Config
    from accsyn_dcc.core.scan import DirCache

    cache = cache if cache is not None else DirCache()
    return gather.check(nk, config=Config(), cache=cache, env={}, with_files=with_files), cache


def strace_stats(nk: str, frame_ext: str = ".exr") -> Optional[Dict[str, int]]:
    """Syscalls of a cold check in a child process under strace: stat-family calls in total, those
    on frame files (paths ending in ``frame_ext``), and directory reads (getdents64)."""
    exe = shutil.which("strace")
    if not exe:
        return None
    calls = ",".join(STAT_SYSCALLS + ("getdents64",))
    with tempfile.NamedTemporaryFile("r", suffix=".strace") as out:
        subprocess.run([exe, "-f", "-qq", "-e", f"trace={calls}", "-e", "signal=none", "-o", out.name,
                        sys.executable, os.path.abspath(__file__), "--child", "check", nk],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        counts = {"stat": 0, "stat_on_frames": 0, "getdents64": 0}
        stat_re = re.compile(r"\b(" + "|".join(STAT_SYSCALLS) + r")\(")
        for line in open(out.name, encoding="utf-8", errors="replace"):
            if "getdents64(" in line:
                counts["getdents64"] += 1
            elif stat_re.search(line):
                counts["stat"] += 1
                if re.search(re.escape(frame_ext) + r'"', line):
                    counts["stat_on_frames"] += 1
    return counts


def child(mode: str, nk: str) -> None:
    from accsyn_dcc.core import gather
    from accsyn_dcc.core.config import Config

    gather.check(nk, config=Config(), env={}, with_files=mode == "check-files")


def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--small", action="store_true", help="20 sequences x 100 frames")
    ap.add_argument("--sequences", type=int, default=None)
    ap.add_argument("--frames", type=int, default=None)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-strace", action="store_true", help="skip the strace syscall count")
    ap.add_argument("--child", nargs=2, metavar=("MODE", "NK"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        child(*args.child)
        return 0
    sequences = args.sequences or (20 if args.small else 200)
    frames = args.frames or (100 if args.small else 1000)
    root = tempfile.mkdtemp(prefix="accsyn_bench_")
    try:
        return run(root, sequences, frames, args.repeat, not args.no_strace)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def measure(methods: Dict[str, Callable[[], object]], repeat: int) -> Dict[str, float]:
    """Best time of each method over ``repeat`` rounds; each round runs every method once, in
    turn, so a change in machine load affects them alike."""
    best = {name: float("inf") for name in methods}
    for _ in range(repeat):
        for name, fn in methods.items():
            t0 = time.perf_counter()
            fn()
            best[name] = min(best[name], time.perf_counter() - t0)
    return best


def run(root: str, sequences: int, frames: int, repeat: int, use_strace: bool) -> int:
    print(f"building {sequences} sequences x {frames} frames under {root} ...", flush=True)
    nk, dirs, patterns = build_tree(root, sequences, frames)
    total = sequences * frames
    assert floor(dirs) == total  # warm-up: every method below sees warm OS caches

    result, warm_cache = ours(nk)
    before = warm_cache.counters.listings, warm_cache.counters.dir_stats
    methods: Dict[str, Callable[[], object]] = {
        "floor (bare os.scandir)": lambda: floor(dirs),
        "os.listdir of each folder": lambda: floor_listdir(dirs),
        "ours cold (check)": lambda: ours(nk),
        "ours cold + file lists": lambda: ours(nk, with_files=True),
        "ours warm (cached)": lambda: ours(nk, warm_cache),
        "naive os.path.exists": lambda: naive(patterns, frames),
    }
    if with_fileseq(patterns[:1]) is not None:
        methods["fileseq.findSequenceOnDisk"] = lambda: with_fileseq(patterns)
    t = measure(methods, repeat)
    t_floor, t_cold, t_warm = t["floor (bare os.scandir)"], t["ours cold (check)"], t["ours warm (cached)"]

    print(f"\nfound {result.stats['files']} of {total} frames in {len(result.dependencies)} sequences "
          f"({len(result.findings)} findings); best of {repeat} interleaved rounds")
    print(f"{'method':<30}{'seconds':>10}{'x floor':>10}")
    for name, sec in t.items():
        print(f"{name:<30}{sec:>10.4f}{sec / t_floor:>10.2f}")
    print("\nratios (same run):")
    print(f"  ours cold / floor              {t_cold / t_floor:6.2f}  (target <= {TARGET_FLOOR})")
    print(f"  ours cold + file lists / floor {t['ours cold + file lists'] / t_floor:6.2f}")
    print(f"  ours warm / ours cold          {t_warm / t_cold:6.2f}  (target <= {TARGET_WARM})")
    print(f"  naive / ours cold              {t['naive os.path.exists'] / t_cold:6.2f}")
    if "fileseq.findSequenceOnDisk" in t:
        print(f"  fileseq / ours cold            {t['fileseq.findSequenceOnDisk'] / t_cold:6.2f}")

    cold = ours(nk)[1].counters
    print("\nfile-system calls, counted by our own scan code path (DirCache counters):")
    print(f"  one cold check: {cold.listings} listings for {len(dirs)} folders, {cold.dir_stats} folder stats, "
          f"{cold.entry_stats} DirEntry.stat")
    print(f"  {repeat} warm re-checks: {warm_cache.counters.listings - before[0]} listings, "
          f"{warm_cache.counters.dir_stats - before[1]} folder stats")
    per_frame = cold.entry_stats
    strace = strace_stats(nk) if use_strace else None
    if strace is not None:
        print("counted by strace -f (a child process running one cold check, whole interpreter):")
        print(f"  stat-family syscalls {strace['stat']}, of them on frame files (*.exr) "
              f"{strace['stat_on_frames']}; getdents64 {strace['getdents64']}")
        per_frame += strace["stat_on_frames"]
    else:
        print("strace: not available or skipped; the counts above are our own instrumented calls")
    ok = t_cold / t_floor <= TARGET_FLOOR and t_warm / t_cold <= TARGET_WARM and per_frame == 0
    print(f"\nstats per frame: {per_frame}; targets {'met' if ok else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
