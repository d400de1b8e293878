"""``accsyn-dcc submit``: gather, validate, build, persist in the outbox, send."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any, Dict, List

from accsyn_dcc.core.cli.common import Progress, add_map_config, load_cli_config, need_scene, print_findings, print_json
from accsyn_dcc.core.errors import InputError

CONVERSIONS = ("always", "platform", "never")


def register(sub: Any) -> None:
    from accsyn_dcc.core.payload import LOCAL_SITE_HELP

    p = sub.add_parser(
        "submit",
        help="submit a scene to the accsyn farm (use --dry-run to only build and store the payload)",
        description="Gather every dependency of SCENE, validate, build the Compute payload, write it to the "
        "outbox, then send it (unless --dry-run). Blocking findings stop before anything is written.",
        epilog="Site settings (--site-setting SITE.KIND.KEY=V, KIND = download|upload|common): " + LOCAL_SITE_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("scene", metavar="SCENE", help="the scene file (.nk, .ma, .usda, .hip, ...)")
    p.add_argument("--engine", metavar="E", help="accsyn engine code, e.g. nuke-14 (default: config engines)")
    p.add_argument("--range", metavar="R", help="frames, e.g. 1001-1100 or 1,5-250x5 (default: the scene's)")
    p.add_argument("--bucket", metavar="N", type=_positive_int, help="frames per task (task_bucketsize)")
    p.add_argument("--filters", metavar="F", help="farm filters, e.g. ram:>32g,site:hq")
    p.add_argument("--output", metavar="DIR", help="output folder (default: the scene's render outputs)")
    p.add_argument("--env", metavar="K=V", action="append", default=[],
                   help="environment variable for the render; OS:K=V for one OS (linux, mac, windows)")
    p.add_argument("--arguments", metavar="A", help="extra command-line arguments for the engine")
    p.add_argument("--input-conversion", choices=CONVERSIONS, default=None,
                   help="rewrite paths inside the scene on the farm (default: always)")
    p.add_argument("--site-setting", metavar="SITE.KIND.KEY=V", action="append", default=[],
                   help="per-site transfer setting; see below for the `local` site")
    p.add_argument("--name", metavar="N", help="job name (default: the input file name)")
    p.add_argument("--dependency", metavar="PATH", action="append", default=[],
                   help="an extra dependency the scan cannot see (repeatable)")
    add_map_config(p)
    p.add_argument("--dry-run", action="store_true", help="build, validate and store the payload; send nothing")
    p.add_argument("--json", action="store_true", help="print {payload, outbox, findings} as JSON")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    p.set_defaults(func=run)


def _positive_int(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, not {text!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {n}")
    return n


def overrides_from_args(args: Any) -> Dict[str, Any]:
    """Validate every option before the scene is read, so a typo fails fast (exit 2)."""
    from accsyn_dcc.core.filters import parse_filters
    from accsyn_dcc.core.frames import FrameSet
    from accsyn_dcc.core.payload import parse_env_args, parse_site_setting

    out: Dict[str, Any] = {}
    if args.range is not None:
        out["range"] = str(FrameSet(args.range))
    if args.filters is not None:
        out["filters"] = str(parse_filters(args.filters))
    if args.engine is not None:
        out["engine"] = args.engine
    if args.name is not None:
        out["name"] = args.name
    if args.arguments is not None:
        out["arguments"] = args.arguments
    if args.input_conversion is not None:
        out["input_conversion"] = args.input_conversion
    if args.bucket is not None:
        out["bucket_size"] = args.bucket
    if args.env:
        out["envs"] = parse_env_args(args.env)
    if args.site_setting:
        sites: Dict[str, Dict[str, Dict[str, Any]]] = {}
        for item in args.site_setting:
            site, kind, key, value = parse_site_setting(item)
            sites.setdefault(site, {}).setdefault(kind, {})[key] = value
        out["sites"] = sites
    return out


def _confirm(outcome_summary: str) -> bool:
    sys.stderr.write(outcome_summary + " Submit? [y/N] ")
    sys.stderr.flush()
    answer = sys.stdin.readline().strip().lower()
    return answer in ("y", "yes")


def run(args: Any) -> int:
    from accsyn_dcc.core import api

    overrides = overrides_from_args(args)
    need_scene(args.scene)
    config = load_cli_config(args)
    if args.output is not None:
        from accsyn_dcc.core.mapping import ShareMap

        out_abs = os.path.abspath(args.output)
        overrides["output"] = ShareMap(config.shares).to_share(out_abs) or out_abs
    progress = Progress("gathering")
    try:
        spec, result = api.build(args.scene, config=config, overrides=overrides,
                                 extra_dependencies=_existing(args.dependency), progress=progress)
    finally:
        progress.close()
    interactive = not args.dry_run and not args.yes and sys.stdin is not None and sys.stdin.isatty()
    if interactive and not _confirm(f"{spec.input}: {len(spec.dependencies)} dependencies, engine {spec.engine}."):
        sys.stderr.write("accsyn-dcc: not submitted\n")
        return 1
    outcome = api.submit(spec, result=result, dry_run=args.dry_run, meta={"argv": _safe_argv(args)})
    if args.json:
        print_json(outcome.to_dict())
    else:
        _print_human(outcome, spec)
    if outcome.entry is None:
        return 1
    return 0 if outcome.ok else 1


def _existing(paths: List[str]) -> List[str]:
    for p in paths:
        if not os.path.exists(p):
            raise InputError(f"--dependency {p}: no such file", field="dependency",
                             hint="Give an existing file; the scan lists the scene's own files by itself.")
    return paths


def _safe_argv(args: Any) -> Dict[str, Any]:
    return {k: v for k, v in vars(args).items() if k != "func" and not callable(v)}


def _print_human(outcome: Any, spec: Any) -> None:
    out = sys.stdout
    if outcome.findings:
        out.write("findings:\n")
        print_findings(outcome.findings, out)
    if outcome.entry is None:
        out.write("not submitted: fix the errors above (nothing was written)\n")
        return
    p = outcome.payload or {}
    out.write(f"job      {p.get('name')}\n")
    out.write(f"engine   {p.get('engine')}\n")
    out.write(f"input    {p.get('input')}\n")
    out.write(f"range    {p.get('range', '(engine default)')}\n")
    out.write(f"deps     {len(p.get('dependencies', []))} files\n")
    out.write(f"outbox   {outcome.entry.path}\n")
    if outcome.dry_run:
        out.write("dry run: stored in the outbox, not sent (send it with `accsyn-dcc outbox send "
                  f"{outcome.entry.id}`)\n")
    elif outcome.ok:
        out.write(f"submitted: job {outcome.job_id}\n")
    else:
        out.write(f"NOT sent: {outcome.state.get('last_error')}\n"
                  f"the submission is kept; retry with `accsyn-dcc outbox send {outcome.entry.id}`\n")
