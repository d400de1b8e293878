"""``accsyn-dcc check SCENE [--json] [--html REPORT.html] [--map-config FILE]``.

Reads the scene, expands, scans and maps every dependency, and reports. Exit 0 when nothing
blocks, 1 when an error finding does, 2 for usage/input errors (raised, printed by main).
"""

from __future__ import annotations

import sys
from typing import Any, Optional, TextIO

from accsyn_dcc.core.cli.common import Progress, add_map_config, load_cli_config, need_scene, print_findings, print_json
from accsyn_dcc.core.findings import has_errors
from accsyn_dcc.core.refs import GatherResult

EXIT_OK = 0
EXIT_FINDINGS = 1


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "check",
        help="list and verify every file a scene depends on",
        description="Read SCENE (.nk, .ma, .usda, .ocio, .hip), find every file it uses (sequences, UDIMs, "
        "nested references), check they exist and sit on an accsyn share. Exit 1 when errors block a submit.",
    )
    p.add_argument("scene", metavar="SCENE", help="the scene file to check")
    p.add_argument("--json", action="store_true",
                   help="print one JSON object (fixed keys) instead of a table")
    p.add_argument("--html", metavar="REPORT.html", help="also write a self-contained HTML report there")
    add_map_config(p)
    p.set_defaults(func=run)


def run(args: Any) -> int:
    from accsyn_dcc.core import gather

    need_scene(args.scene)
    config = load_cli_config(args)
    progress = Progress("scanning")
    try:
        # no per-frame file lists: nothing here shows them (submit builds them)
        result = gather.check(args.scene, config=config, progress=progress, with_files=False)
    finally:
        progress.close()
    if args.html:
        _write_html(result, args.html)
    if args.json:
        print_json(result.to_dict())
    else:
        print_human(result)
    return EXIT_FINDINGS if has_errors(result.findings) else EXIT_OK


def _write_html(result: GatherResult, path: str) -> None:
    from accsyn_dcc.core.atomic import write_bytes
    from accsyn_dcc.core.report_html import render_html

    write_bytes(path, render_html(result).encode("utf-8"))


_STATUS = {True: "ok", False: "MISSING"}


def print_human(result: GatherResult, stream: Optional[TextIO] = None) -> None:
    """A table of dependencies and outputs, then the findings."""
    out = stream or sys.stdout
    out.write(f"{result.scene} ({result.format})\n")
    out.write(f"\n{len(result.dependencies)} dependencies:\n")
    for i, d in enumerate(result.dependencies):
        status = "PARTIAL" if d.exists and d.missing else _STATUS[d.exists]
        frames = f" [{d.frames}]" if d.frames else ""
        missing = f" missing {d.missing.format(steps=False)}" if d.missing else ""
        share = f"  -> {d.share}" if d.share else ""
        out.write(f"  {i:>3} {status:<7} {d.kind:<9} {d.path}{frames}{missing}{share}\n")
    if result.outputs:
        out.write(f"\n{len(result.outputs)} outputs:\n")
        for o in result.outputs:
            frames = f" [{o.frames}]" if o.frames else ""
            out.write(f"      {o.node or '-':<16} {o.path}{frames}\n")
    if result.findings:
        out.write(f"\n{len(result.findings)} findings:\n")
        print_findings(result.findings, out)
    s = result.stats
    out.write(f"\n{s.get('references', 0)} references, {s.get('files', 0)} files, {s.get('seconds', 0)} s\n")
