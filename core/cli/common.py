"""Small helpers shared by the CLI verb modules (output only lives in core/cli)."""

from __future__ import annotations

import json
import os
import sys
from typing import Any, Iterable, Optional, TextIO

from accsyn_dcc.core.errors import SceneError
from accsyn_dcc.core.findings import Finding

_MARK = {"error": "ERROR", "warning": "warn ", "info": "info "}


def print_json(obj: Any, stream: Optional[TextIO] = None) -> None:
    (stream or sys.stdout).write(json.dumps(obj, indent=2, default=str) + "\n")


def print_findings(findings: Iterable[Finding], stream: Optional[TextIO] = None) -> None:
    out = stream or sys.stdout
    for f in findings:
        out.write(f"  {_MARK.get(f.level, f.level)} [{f.code}] {f.message}\n")


def add_map_config(parser: Any) -> None:
    parser.add_argument(
        "--map-config",
        metavar="FILE",
        help="studio config (TOML or JSON) with share roots per OS; overrides $ACCSYN_DCC_CONFIG",
    )


def need_scene(path: str, hint: str = "Give the path of a saved scene file.") -> None:
    """Raise :class:`SceneError` (a usage error: exit 2) unless ``path`` is a file."""
    if not os.path.isfile(path):
        raise SceneError(f"scene not found: {path}", hint=hint)


def load_cli_config(args: Any):
    from accsyn_dcc.core.config import load_config

    return load_config(getattr(args, "map_config", None))


class Progress:
    """A one-line progress bar on stderr, only when stderr is a terminal."""

    def __init__(self, label: str, stream: Optional[TextIO] = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.label = label
        self._last = -1

    def __call__(self, done: int, total: int, message: str = "") -> None:
        if not self.enabled:
            return
        pct = int(100 * done / total) if total else 0
        if pct == self._last and done != total:
            return
        self._last = pct
        width = 30
        filled = width * pct // 100
        bar = "#" * filled + "-" * (width - filled)
        self.stream.write(f"\r{self.label} [{bar}] {pct:3d}% {message[:40]:<40}")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled and self._last >= 0:
            self.stream.write("\n")
            self.stream.flush()
