"""Share roots per OS: local paths ↔ ``share=<id>/<relative>``, and what the farm will do to them.

:class:`ShareMap` is built from :attr:`Config.shares <accsyn_dcc.core.config.Config.shares>`.
Our own mapping is strict: a path is under a root only on a path-segment boundary
(``/mnt/projX`` is not under ``/mnt/proj``); Windows roots match case-insensitively and with
either slash; the longest root wins. :meth:`ShareMap.preview` instead simulates the farm's
``normalize_path`` (ACCSYN_API.md 7.2), raw-prefix warts included, and flags the pitfalls.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Mapping, NamedTuple, Optional, Sequence, Tuple

from accsyn_dcc.core.config import OSES, Share
from accsyn_dcc.core.errors import InputError
from accsyn_dcc.core.findings import Finding
from accsyn_dcc.core.mapped_paths import ACCSYN_PATH_RE

WINDOWS = "windows"
WINDOWS_MAX_PATH = 260  # including the terminating NUL: 259 characters are usable


class Match(NamedTuple):
    """Where a path sits: the share, the OS whose root matched, and the relative part (``a/b.nk``)."""

    share: Share
    os: Optional[str]  # None for a path given as share=<id>/…
    relative: str

    @property
    def accsyn_path(self) -> str:
        return f"share={self.share.id}/{self.relative}" if self.relative else f"share={self.share.id}"


@dataclass(frozen=True)
class PreviewRow:
    """One path before/after the farm's conversion on a node; ``share`` is ``share=<id>/rel`` or None."""

    before: str
    after: str
    share: Optional[str]
    findings: List[Finding] = field(default_factory=list)


def forward_slashes(path: str) -> str:
    return path.replace("\\", "/")


def _clean_root(root: str, os_name: str) -> str:
    """A root for matching: forward slashes for Windows, no trailing slash (``/`` stays ``/``)."""
    r = forward_slashes(root) if os_name == WINDOWS else root
    return r.rstrip("/") or "/"


def native_path(path: str, os_name: str) -> str:
    return path.replace("/", "\\") if os_name == WINDOWS else path


def _join(root: str, relative: str) -> str:
    if not relative:
        return root
    return f"{root}{relative}" if root.endswith("/") else f"{root}/{relative}"


def _check_os(to_os: str) -> None:
    if to_os not in OSES:
        raise InputError(f"unknown OS {to_os!r}", field="to_os", hint=f"Use one of {', '.join(OSES)}.")


class ShareMap:
    """Share roots per OS, for mapping, converting and previewing paths."""

    def __init__(self, shares: Iterable[Share]) -> None:
        self.shares: Tuple[Share, ...] = tuple(shares)
        roots = [(s, os_name, _clean_root(r, os_name)) for s in self.shares for os_name, r in s.roots.items()]
        self._roots = sorted(roots, key=lambda t: len(t[2]), reverse=True)

    # -- local mapping ------------------------------------------------------------------------
    def locate(self, path: str) -> Optional[Match]:
        """The share a path is on (any OS's root, or ``share=<id or name>/…``), else None."""
        if ACCSYN_PATH_RE.match(path):
            return self._locate_accsyn(path)
        for share, os_name, root in self._roots:
            rel = _relative(path, root, os_name == WINDOWS)
            if rel is not None:
                return Match(share, os_name, rel)
        return None

    def _locate_accsyn(self, path: str) -> Optional[Match]:
        token, _, rest = forward_slashes(path).partition("/")
        key = token.split("=", 1)[1]
        share = next((s for s in self.shares if s.id == key), None) or next(
            (s for s in self.shares if s.name and s.name == key), None
        )
        rel = _normalise_relative(rest)
        return Match(share, None, rel) if share is not None and rel is not None else None

    def to_share(self, path: str) -> Optional[str]:
        """``share=<id>/<relative>`` for a path under any share root, else None."""
        m = self.locate(path)
        return m.accsyn_path if m else None

    def convert(self, path: str, to_os: str) -> Optional[str]:
        """The path under ``to_os``'s root (Windows with backslashes); None if on no share or
        the share has no root for that OS."""
        _check_os(to_os)
        m = self.locate(path)
        if m is None or to_os not in m.share.roots:
            return None
        return native_path(_join(_clean_root(m.share.roots[to_os], to_os), m.relative), to_os)

    # -- what the farm needs ------------------------------------------------------------------
    def replacements(self, to_os: str) -> List[Tuple[str, str, bool]]:
        """Prefix pairs ``(source, target, case_insensitive)`` for rewriting text to ``to_os``.

        One pair per other-OS root of every share that has a ``to_os`` root; Windows sources come
        twice, with ``/`` and with ``\\``, and are case-insensitive. Targets use forward slashes
        (every DCC accepts them on Windows). Longest source first. A converter must only replace
        where the source ends on a path boundary: the next character is ``/``, ``\\``, a quote,
        whitespace or the end of the text (``/mnt/projX`` is not under ``/mnt/proj``).
        """
        _check_os(to_os)
        pairs: Dict[Tuple[str, bool], str] = {}
        for share, os_name, root in self._roots:
            if os_name == to_os or to_os not in share.roots:
                continue
            target = _clean_root(forward_slashes(share.roots[to_os]), to_os)
            ci = os_name == WINDOWS
            for src in {root, root.replace("/", "\\")} if ci else {root}:
                if src != target:
                    pairs.setdefault((src, ci), target)
        out = [(src, dst, ci) for (src, ci), dst in pairs.items()]
        return sorted(out, key=lambda t: (-len(t[0]), t[0]))

    def mapped_share_paths(self, from_os: str, *, both_slashes: bool = False) -> List[Dict[str, str]]:
        """``parameters.mapped_share_paths``: one ``{"remote", "local": "share=<id>"}`` per share root
        of the submitting OS, longest first. Windows remotes use backslashes (as in the seed);
        ``both_slashes`` adds the forward-slash form too (what Nuke and Maya write in scenes)."""
        _check_os(from_os)
        out: List[Dict[str, str]] = []
        for share, os_name, root in self._roots:
            if os_name != from_os:
                continue
            local = f"share={share.id}"
            out.append({"remote": native_path(root, os_name), "local": local})
            if both_slashes and os_name == WINDOWS and "/" in root:
                out.append({"remote": root, "local": local})
        return out

    # -- preview and lint ---------------------------------------------------------------------
    def preview(self, paths: Sequence[str], to_os: str, mapped: Sequence[Mapping[str, Any]] = ()) -> List[PreviewRow]:
        """What the farm's ``normalize_path`` does to each path on a ``to_os`` node, with findings."""
        _check_os(to_os)
        from accsyn_dcc.core.farm_paths import preview_path

        return [preview_path(self, p, to_os, list(mapped), i) for i, p in enumerate(paths)]

    def lint(self) -> List[Finding]:
        """Problems in the share config itself (nested, sibling-prefix, duplicate, looping roots)."""
        from accsyn_dcc.core.farm_paths import lint_shares

        return lint_shares(self.shares)


def _relative(path: str, root: str, case_insensitive: bool) -> Optional[str]:
    """The part of ``path`` under ``root`` (segment boundary), normalised; None if not under it."""
    p = forward_slashes(path) if case_insensitive else path
    p = posixpath.normpath(p) if p else p
    if case_insensitive:
        hit = p.lower() == root.lower() or p.lower().startswith(root.lower().rstrip("/") + "/")
    else:
        hit = p == root or p.startswith(root.rstrip("/") + "/")
    if not hit:
        return None
    return _normalise_relative(p[len(root) :])


def _normalise_relative(rest: str) -> Optional[str]:
    """``a//b/./c/`` → ``a/b/c``; None if it climbs out with ``..``."""
    rest = rest.strip("/")
    if not rest:
        return ""
    rel = posixpath.normpath(rest)
    if rel == ".":
        return ""
    if rel == ".." or rel.startswith("../"):
        return None
    return rel
