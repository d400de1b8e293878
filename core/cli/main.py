"""``accsyn-dcc`` entry point: one argparse parser, one error handler.

Each verb module exposes ``register(subparsers)``; its handlers return the exit code:
0 ok, 1 findings that block (errors), 2 usage or input error (one line on stderr, no traceback).
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from typing import List, Optional

from accsyn_dcc import __version__
from accsyn_dcc.core.errors import AccsynDccError, ClientError, InputError, describe

VERB_MODULES = ("submit", "check", "convert", "jobs", "outbox", "auth")

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # type: ignore[name-defined]  # noqa: F821
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"accsyn-dcc: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="accsyn-dcc",
        description="Check and submit Nuke, Maya and Houdini scenes to an accsyn render farm.",
    )
    parser.add_argument("--version", action="version", version=f"accsyn-dcc {__version__}")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="log more (repeat for debug)")
    sub = parser.add_subparsers(dest="verb", metavar="COMMAND", parser_class=_Parser)
    for name in VERB_MODULES:
        importlib.import_module(f"accsyn_dcc.core.cli.{name}").register(sub)
    return parser


def _setup_logging(verbosity: int) -> None:
    # The CLI owns its process, so it may configure logging (library code never does).
    level = logging.WARNING if verbosity == 0 else logging.INFO if verbosity == 1 else logging.DEBUG
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("accsyn-dcc: %(levelname)s: %(message)s"))
    root = logging.getLogger("accsyn_dcc")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False


# Options whose value usually starts with "-" (engine arguments such as ``-txV``): argparse would
# read that value as an option, so ``--arguments -txV`` is joined into ``--arguments=-txV``.
_DASH_VALUE_OPTIONS = ("--arguments",)


def _join_dash_values(argv: List[str]) -> List[str]:
    out: List[str] = []
    i = 0
    while i < len(argv):
        tok = argv[i]
        if tok in _DASH_VALUE_OPTIONS and i + 1 < len(argv) and argv[i + 1].startswith("-"):
            out.append(f"{tok}={argv[i + 1]}")
            i += 2
            continue
        out.append(tok)
        i += 1
    return out


def main(argv: Optional[List[str]] = None) -> int:
    parser = build_parser()
    args = parser.parse_args(_join_dash_values(list(sys.argv[1:] if argv is None else argv)))
    _setup_logging(args.verbose)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("accsyn-dcc: interrupted", file=sys.stderr)
        return 130
    except InputError as err:
        print(f"accsyn-dcc: error: {describe(err)}", file=sys.stderr)
        return EXIT_USAGE
    except ClientError as err:
        print(f"accsyn-dcc: error: {describe(err)}", file=sys.stderr)
        return EXIT_FINDINGS
    except AccsynDccError as err:
        print(f"accsyn-dcc: error: {describe(err)}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
