"""Benchmark: read + convert generated .nk and .ma files (10 MB and 100 MB), against ``sed``.

Two shapes per format: ``nk``/``ma`` are dense (a file reference every ~6 lines: a worst case for
the readers), ``nk-real``/``ma-real`` are closer to production scenes (mostly other knobs and
attributes, mesh data, one file reference per ~60 lines). Prints MB/s, peak memory (tracemalloc
and ru_maxrss, each case in its own child process), the references found, and the ratios the
targets are stated in: read and convert >= 100 MB/s, convert time <= 2x sed's, memory flat in file
size (10 MB vs 100 MB peak; a reader's grows with the references it returns, shown per reference).
``--small`` uses 256 KB and 1 MB files (the smoke test).

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


def gen_nk_real(path: str, size: int) -> None:
    block = (
        "Read {{\n inputs 0\n file_type exr\n file /mnt/projects/show/sq{s:03d}/sh{i:05d}/plates/bg_v003.####.exr\n"
        " format \"4448 3096 0 0 4448 3096 1 ARRI_LF\"\n first 1001\n last 1100\n origset true\n"
        " colorspace ACES2065-1\n name Read{i}\n xpos {x}\n ypos -300\n}}\n"
        "Grade {{\n white {{1.05 1.0 0.95 1}}\n gamma 1.02\n name Grade{i}\n xpos {x}\n ypos -150\n}}\n"
        "Transform {{\n translate {{{{curve x1001 0 x1050 12.5}} {{curve x1001 0 x1050 -3}}}}\n center {{2224 1548}}\n"
        " filter Lanczos4\n name Transform{i}\n xpos {x}\n ypos -100\n}}\n"
        "set N{i:x} [stack 0]\n"
        "Merge2 {{\n inputs 2\n operation over\n bbox B\n name Merge{i}\n xpos {x}\n ypos -50\n}}\n"
        "Blur {{\n channels rgba\n size {{{{parent.Grade{i}.gamma*4}}}}\n name Blur{i}\n"
        " label \"size \\[value size]\"\n xpos {x}\n ypos 0\n}}\n"
        "NoOp {{\n name NoOp{i}\n knobChanged \"\\nn = nuke.thisNode()\\nk = nuke.thisKnob()\\nif k.name() == 'mix':\\n"
        "    n\\['label'].setValue(str(k.value()))\\n\"\n addUserKnob {{20 User}}\n"
        " addUserKnob {{7 mix l Mix R 0 1}}\n mix 0.5\n xpos {x}\n ypos 50\n}}\n"
        "push $N{i:x}\n"
        "ColorCorrect {{\n saturation 0.9\n contrast 1.05\n gain {{1.02 1 0.98 1}}\n name ColorCorrect{i}\n"
        " xpos {x}\n ypos 100\n}}\n"
    )
    _fill(path, size, "#! /opt/nuke/Nuke14.0v5/libnuke-14.0.5.so -nx\nversion 14.0 v5\nRoot {\n inputs 0\n"
          " first_frame 1001\n last_frame 1100\n}\n", block)


def gen_ma_real(path: str, size: int) -> None:
    mesh = "".join(f"\t\t {j * 0.01:.6f} {j * 0.02:.6f} {-j * 0.03:.6f} {j * 0.04:.6f} {j * 0.05:.6f} {j * 0.06:.6f}\n"
                   for j in range(36))
    block = (
        'createNode transform -n "geo{i}" -p "world";\n\trename -uid "1BAA2EE5-46EB-ED01-BE45-{i:012d}";\n'
        '\tsetAttr ".t" -type "double3" 1.5 0 {i} ;\n'
        'createNode mesh -n "geoShape{i}" -p "geo{i}";\n\trename -uid "2BAA2EE5-46EB-ED01-BE45-{i:012d}";\n'
        '\tsetAttr -k off ".v";\n\tsetAttr ".vir" yes;\n\tsetAttr ".uvst[0].uvsn" -type "string" "map1";\n'
        '\tsetAttr -s 72 ".vt[0:71]"\n' + mesh.replace("{", "{{").replace("}", "}}") + "\t\t 0 0 0;\n"
        'createNode aiStandardSurface -n "mtl{i}";\n\tsetAttr ".base" 0.8;\n\tsetAttr ".specular_roughness" 0.35;\n'
        'createNode file -n "tex{i}";\n\tsetAttr ".ail" yes;\n'
        '\tsetAttr ".ftn" -type "string" "/mnt/projects/show/assets/tex/tex_{i:05d}.<UDIM>.tx";\n'
        '\tsetAttr ".cs" -type "string" "sRGB";\n\tsetAttr ".uvt" 3;\n'
        'createNode place2dTexture -n "p2d{i}";\n'
        'connectAttr "p2d{i}.o" "tex{i}.uv";\nconnectAttr "tex{i}.oc" "mtl{i}.base_color";\n'
    )
    _fill(path, size, '//Maya ASCII 2024 scene\n//Codeset: UTF-8\nrequires maya "2024";\n', block)


GENERATORS = (("nk", gen_nk), ("nk-real", gen_nk_real), ("ma", gen_ma), ("ma-real", gen_ma_real))
READ_TARGET = 100.0  # MB/s, read and convert


def _fill(path: str, size: int, header: str, block: str) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(header)
        written, i = len(header), 0
        while written < size:
            text = block.format(i=i, s=i // 50, x=i * 110)
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
    refs = 0
    if op == "read":
        refs = len(read_scene(path).references)
    else:
        with open(os.devnull, "wb") as out:
            convert_scene(path, out, SHARES, "windows")
    seconds = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1] if trace else 0
    return {"seconds": seconds, "trace_peak": peak, "refs": refs,
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
    for kind, gen in GENERATORS:
        for size in sizes:
            path = os.path.join(folder, f"bench_{kind}_{size // 1024}kb.{kind.split('-')[0]}")
            gen(path, size)
            real = os.path.getsize(path)
            sed = run_sed(path) if shutil.which("sed") else float("nan")
            for op in ("read", "convert"):
                timed = run_child(op, path, trace=False)
                traced = run_child(op, path, trace=True)
                rows.append({"file": kind, "mb": real / MB, "op": op, "seconds": timed["seconds"],
                             "refs": traced["refs"], "mb_s": real / MB / timed["seconds"], "sed_seconds": sed,
                             "trace_peak_mb": traced["trace_peak"] / MB, "maxrss_mb": timed["maxrss_kb"] / 1024})
    return rows


def report(rows: List[Dict[str, Any]]) -> str:
    lines = [f"{'file':7} {'MB':>7} {'op':8} {'s':>7} {'MB/s':>8} {'x sed':>6} {'tracemalloc':>12} {'maxrss':>8} "
             f"{'refs':>8}"]
    for r in rows:
        ratio = float(r["seconds"]) / float(r["sed_seconds"])
        lines.append(f"{r['file']:7} {r['mb']:7.1f} {r['op']:8} {r['seconds']:7.2f} {r['mb_s']:8.1f} "
                     f"{ratio:6.2f} {r['trace_peak_mb']:10.2f}MB {r['maxrss_mb']:6.1f}MB {r['refs']:8d}")
    for kind, _ in GENERATORS:
        for op in ("read", "convert"):
            sel = [r for r in rows if r["file"] == kind and r["op"] == op]
            if len(sel) >= 2:
                a, b = sel[0], sel[-1]
                line = (f"{kind} {op}: peak {a['trace_peak_mb']:.2f} MB at {a['mb']:.0f} MB vs "
                        f"{b['trace_peak_mb']:.2f} MB at {b['mb']:.0f} MB "
                        f"(ratio {float(b['trace_peak_mb']) / max(float(a['trace_peak_mb']), 1e-9):.2f})")
                more = int(b["refs"]) - int(a["refs"])
                if op == "read" and more > 0:
                    per_ref = (float(b["trace_peak_mb"]) - float(a["trace_peak_mb"])) * MB / more
                    line += f", {per_ref:.0f} B per extra reference"
                lines.append(line)
    for op in ("read", "convert"):
        for r in [r for r in rows if r["op"] == op and r is _largest(rows, r)]:
            met = "met" if float(r["mb_s"]) >= READ_TARGET else "NOT met"
            lines.append(f"target {op} >= {READ_TARGET:.0f} MB/s: {r['file']} {r['mb']:.0f} MB at "
                         f"{float(r['mb_s']):.1f} MB/s: {met}")
    return "\n".join(lines)


def _largest(rows: List[Dict[str, Any]], row: Dict[str, Any]) -> Dict[str, Any]:
    """The row of the largest file of ``row``'s kind and op (the one the targets are read at)."""
    return max((r for r in rows if r["file"] == row["file"] and r["op"] == row["op"]), key=lambda r: r["mb"])


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
