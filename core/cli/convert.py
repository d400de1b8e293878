"""``accsyn-dcc convert SCENE --to linux|mac|windows [--map-config FILE] [-o OUT]``.

Rewrites the share-root paths inside an ASCII scene for another OS (see :mod:`core.convert`).
Without ``-o`` it prints a preview (each changed path before → after, and counts) and writes
nothing; with ``-o`` it writes the converted scene atomically. It never overwrites the input.
"""

# ruff: noqa: UP045  (Optional[...] kept for Python 3.9, as in core/config.py)
from __future__ import annotations

import os
import sys
from typing import Any, Optional, TextIO

from accsyn_dcc.core.cli.common import add_map_config, load_cli_config, need_scene
from accsyn_dcc.core.config import OSES
from accsyn_dcc.core.errors import InputError

EXIT_OK = 0


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "convert",
        help="preview or apply share-root path conversion inside an ASCII scene",
        description="Rewrite every path under a share root in SCENE (.nk, .ma, .usda, .ocio, text .hip) to "
        "that share's root on another OS. Roots match on path-segment boundaries (/mnt/projX is not under "
        "/mnt/proj); Windows roots match case-insensitively with either slash. Without -o, print a preview.",
    )
    p.add_argument("scene", metavar="SCENE", help="the ASCII scene to convert")
    p.add_argument("--to", required=True, choices=OSES, dest="to_os", help="the OS to convert the paths for")
    add_map_config(p)
    p.add_argument("-o", "--output", metavar="OUT", help="write the converted scene here (never the input)")
    p.set_defaults(func=run)


def _share_map(config: Any) -> Any:
    from accsyn_dcc.core.mapping import ShareMap

    if not config.shares:
        raise InputError("no shares are configured, so there is nothing to convert",
                         hint="Name a studio config with --map-config FILE or $ACCSYN_DCC_CONFIG.")
    return ShareMap(config.shares)


def run(args: Any, stream: Optional[TextIO] = None) -> int:
    from accsyn_dcc.core.convert import convert_scene

    out = stream or sys.stdout
    need_scene(args.scene, hint="Give the path of a saved ASCII scene.")
    if args.output and os.path.exists(args.output) and _same(args.output, args.scene):
        raise InputError(f"-o {args.output} is the input scene; refusing to overwrite it", field="-o",
                         hint="Write the converted scene to another file, then replace the original.")
    share_map = _share_map(load_cli_config(args))
    report = convert_scene(args.scene, args.output, share_map, args.to_os)
    for before, after in report.changes:
        out.write(f"  {before}  ->  {after}\n")
    if report.truncated:
        out.write(f"  ... (only the first {len(report.changes)} distinct paths are listed)\n")
    verb = "wrote" if args.output else "would change"
    where = f" to {args.output}" if args.output else " (preview; use -o OUT to write)"
    out.write(f"{verb} {report.replaced} path(s) for {args.to_os}{where}\n")
    for src, n in sorted(report.by_prefix.items()):
        out.write(f"  {n:6d} under {src}\n")
    _farm_notes(share_map, _scene_paths(args.scene), args.to_os, out)
    return EXIT_OK


def _scene_paths(scene: str) -> Any:
    """The absolute paths the scene holds, as its reader unescapes them (not the file's raw bytes)."""
    from accsyn_dcc.core.errors import SceneError
    from accsyn_dcc.core.readers import read_scene
    from accsyn_dcc.core.tokens import is_absolute

    try:
        refs = read_scene(scene).references
    except SceneError:
        return []
    return list(dict.fromkeys(r.raw for r in refs if is_absolute(r.raw)))


def _farm_notes(share_map: Any, paths: Any, to_os: str, out: TextIO) -> None:
    """What the farm's own input_conversion would trip over (ACCSYN_API.md §7.2), for these paths and
    for the share config itself: the same rules the payload builder warns about."""
    from accsyn_dcc.core.cli.common import print_findings

    notes = list(share_map.lint())
    seen = set()
    for row in share_map.preview(list(paths), to_os):
        for f in row.findings:
            if (f.code, f.message) not in seen:
                seen.add((f.code, f.message))
                notes.append(f)
    if notes:
        out.write(f"farm conversion notes ({to_os} nodes):\n")
        print_findings(notes, out)


def _same(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)
