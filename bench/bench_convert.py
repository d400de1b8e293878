"""Benchmark: read + convert a generated .nk and .ma (10 MB and 100 MB), against ``sed``.

Prints MB/s, peak memory (tracemalloc and ru_maxrss, each case in its own child process) and the
ratios the targets are stated in: convert >= 100 MB/s, convert time <= 2x sed's, memory flat in
file size (10 MB vs 100 MB peak). ``--small`` uses 256 KB and 1 MB files (the smoke test).

    python bench/bench_convert.py [--small] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from typing import Any, Dict, List

SHARES = [("/mnt/projects", "C:/projects", False), ("/Volumes/projects", "C:/projects", False)]
MB = 1 << 20


def gen_nk(path: str, size: int) -> None:
    block = (
        "Read {{\n inputs 0\n file /mnt/projects/show/sq{i:04d}/plates/plate_{i:04d}.####.exr\n first 1001\n"
        " last 1100\n origset true\n name Read{i}\n xpos {i}\n ypos -200\n}}\n"
        "Grade {{\n white {{1.1 1.0 0.9 1}}\n gamma 1.02\n name Grade{i}\n xpos {i}\n ypos -100\n}}\n"
        "Write {{\n file \"/mnt/projects/show/sq{i:04d}/comp/comp_{i:04d}.####.exr\"\n file_type exr\n"
        " name Write{i}\n xpos {i}\n ypos 0\n}}\n"
    )
    _fill(path, size, "#! /opt/nuke/Nuke14.0v5/libnuke-14.0.5.so -nx\nversion 14.0 v5\nRoot {\n inputs 0\n"
          " first_frame 1001\n last_frame 1100\n}\n", block)


def gen_ma(path: str, size: int) -> None:
    block = (
        'createNode file -n "file{i}";\n\trename -uid "1BAA2EE5-46EB-ED01-BE45-{i:012d}";\n'
        '\tsetAttr ".ftn" -type "string" "/mnt/projects/show/assets/tex/tex_{i:05d}.<UDIM>.tx";\n'
        '\tsetAttr ".uvt" 3;\n'
        'createNode mesh -n "meshShape{i}" -p "mesh{i}";\n\tsetAttr -s 8 ".vt[0:7]"  -0.5 -0.5 0.5 0.5 -0.5 0.5'
        ' -0.5 0.5 0.5 0.5 0.5 0.5\n\t\t -0.5 0.5 -0.5 0.5 0.5 -0.5 -0.5 -0.5 -0.5 0.5 -0.5 -0.5;\n'
        '\tsetAttr -s 12 ".ed[0:11]"  0 1 0 2 3 0 4 5 0 6 7 0 0 2 0 1 3 0 2 4 0 3 5 0 4 6 0 5 7 0\n'
        '\t\t 6 0 0 7 1 0;\n'
    )
    _fill(path, size, '//Maya ASCII 2024 scene\n//Codeset: UTF-8\nrequires maya "2024";\n', block)


def _fill(path: str, size: int, header: str, block: str) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(header)
        written, i = len(header), 0
        while written < size:
            text = block.format(i=i)
            fh.write(text)
            written += len(text)
            i += 1


def child(op: str, path: str, trace: bool) -> Dict[str, float]:
    """Run one case in this (fresh) process; returns seconds and peak memory."""
    import tracemalloc

    from accsyn_dcc.core.convert import convert_scene
    from accsyn_dcc.core.readers import read_scene

    if trace:
        tracemalloc.start()
    t0 = time.perf_counter()
    if op == "read":
        read_scene(path)
    else:
        with open(os.devnull, "wb") as out:
            convert_scene(path, out, SHARES, "windows")
    seconds = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1] if trace else 0
    return {"seconds": seconds, "trace_peak": peak,
            "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}


def run_child(op: str, path: str, trace: bool) -> Dict[str, float]:
    cmd = [sys.executable, os.path.abspath(__file__), "--child", op, path] + (["--trace"] if trace else [])
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def run_sed(path: str) -> float:
    t0 = time.perf_counter()
    with open(os.devnull, "wb") as out:
        subprocess.run(["sed", "-e", "s#/mnt/projects/#C:/projects/#g", path], stdout=out, check=True)
    return time.perf_counter() - t0


def bench(sizes: List[int], folder: str) -> List[Dict[str, Any]]:
    rows: List[Dict[str, Any]] = []
    for kind, gen in (("nk", gen_nk), ("ma", gen_ma)):
        for size in sizes:
            path = os.path.join(folder, f"bench_{size // 1024}kb.{kind}")
            gen(path, size)
            real = os.path.getsize(path)
            sed = run_sed(path) if shutil.which("sed") else float("nan")
            for op in ("read", "convert"):
                timed = run_child(op, path, trace=False)
                traced = run_child(op, path, trace=True)
                rows.append({"file": kind, "mb": real / MB, "op": op, "seconds": timed["seconds"],
                             "mb_s": real / MB / timed["seconds"], "sed_seconds": sed,
                             "trace_peak_mb": traced["trace_peak"] / MB, "maxrss_mb": timed["maxrss_kb"] / 1024})
    return rows


def report(rows: List[Dict[str, Any]]) -> str:
    lines = [f"{'file':4} {'MB':>7} {'op':8} {'s':>7} {'MB/s':>8} {'x sed':>6} {'tracemalloc':>12} {'maxrss':>8}"]
    for r in rows:
        ratio = float(r["seconds"]) / float(r["sed_seconds"])
        lines.append(f"{r['file']:4} {r['mb']:7.1f} {r['op']:8} {r['seconds']:7.2f} {r['mb_s']:8.1f} "
                     f"{ratio:6.2f} {r['trace_peak_mb']:10.2f}MB {r['maxrss_mb']:6.1f}MB")
    for kind in ("nk", "ma"):
        for op in ("read", "convert"):
            sel = [r for r in rows if r["file"] == kind and r["op"] == op]
            if len(sel) >= 2:
                a, b = sel[0], sel[-1]
                lines.append(f"{kind} {op}: peak {a['trace_peak_mb']:.2f} MB at {a['mb']:.0f} MB vs "
                             f"{b['trace_peak_mb']:.2f} MB at {b['mb']:.0f} MB "
                             f"(ratio {float(b['trace_peak_mb']) / max(float(a['trace_peak_mb']), 1e-9):.2f})")
    return "\n".join(lines)


def main(argv: List[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--small", action="store_true", help="256 KB and 1 MB files (smoke test)")
    p.add_argument("--keep", metavar="DIR", help="generate the files here and keep them")
    p.add_argument("--child", nargs=2, metavar=("OP", "FILE"), help=argparse.SUPPRESS)
    p.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child[0], args.child[1], args.trace)))
        return 0
    sizes = [MB // 4, 1 * MB] if args.small else [10 * MB, 100 * MB]
    folder = args.keep or tempfile.mkdtemp(prefix="accsyn_bench_")
    os.makedirs(folder, exist_ok=True)
    try:
        print(report(bench(sizes, folder)))
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
