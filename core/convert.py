# ruff: noqa: UP045  (Optional[...] kept for Python 3.9 runtime evaluation, as in core/config.py)
"""Rewrite the share-root paths inside an ASCII scene for another OS, streaming.

:func:`convert_scene` applies the same share-root rules as :class:`core.mapping.ShareMap`
(``replacements(to_os)``: ``(source prefix, target prefix, case_insensitive)``, longest first) to
every line of a .nk/.ma/.usda/.ocio/text .hip, in one pass per chunk:

* a source matches only at a path start (not after a name character, a slash or a drive colon) and
  only up to a **segment boundary**: ``/mnt/proj`` rewrites ``/mnt/proj/a`` and ``"/mnt/proj"``,
  never ``/mnt/projX/a`` (unlike the farm's raw prefix test, ACCSYN_API.md §7.2 P2);
* Windows sources match case-insensitively and with either slash (``C:\\Proj\\a``,
  ``c:/proj/a``); the rest of the path keeps its own slashes; a POSIX source is exact, and a
  backslash right after it is part of a name (``/mnt/proj\\x`` is not under ``/mnt/proj``);
* one pass, so a target is never rewritten again (no chaining, no loops: P5/P6).

Converting to Linux/macOS also turns the backslashes of the rest of a converted path into ``/``
(a TCL/MEL escape such as ``\\[`` is kept); converting to Windows keeps the rest as written (every
DCC accepts forward slashes there).

The file is read in binary chunks cut at line ends (constant memory; a line longer than
:data:`MAX_LINE` is cut at a whitespace or quote), so bytes that are not paths are kept exactly.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import IO, BinaryIO, Dict, Iterator, List, Optional, Sequence, Tuple, Union

from accsyn_dcc.core.atomic import atomic_writer
from accsyn_dcc.core.errors import InputError, SceneError

Replacement = Tuple[str, str, bool]
CHUNK = 1 << 20
MAX_LINE = 8 << 20
MAX_CHANGES = 1000  # distinct before/after pairs kept for the preview
MAX_SAMPLED = 5000  # matches looked at for the preview; beyond, only counts are kept

# A root matches only at a path start: not after a byte that may continue a path (a name
# character, a separator, ``$~%``, a non-ASCII byte) nor right after a drive ``X:``. This is
# checked in Python on each candidate match, so every regex starts with the root's literal text
# (the regex engine then scans for it at C speed, instead of testing a lookbehind at every byte).
_ALPHA = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_WORD = _ALPHA | frozenset(b"0123456789_")
_NAME_BYTES = _WORD | frozenset(b".-/\\$~%") | frozenset(range(0x80, 0x100))
_NAME_CLASS = rb"A-Za-z0-9_.\-/\\$~%\x80-\xff"
# What may follow a root: a separator, or something that ends a path in the scene syntaxes.
_AFTER = rb"(?=[/\\\"'\s@;,:}\])>|]|$)"
# After a POSIX root a backslash is a name character (``/mnt/proj\\x`` is the folder ``proj\\x``),
# not a separator: such a root is followed by the same set without the backslash.
_AFTER_POSIX = rb"(?=[/\"'\s@;,:}\])>|]|$)"
# The rest of the path after the root (for the preview): up to a character that ends a path.
_REST = rb"(?P<rest>[^\"'\s@;,:}\]|\x00]*)"


def _at_path_start(data: bytes, i: int) -> bool:
    if i == 0:
        return True
    prev = data[i - 1]
    if prev in _NAME_BYTES:
        return False
    if prev == 58 and i >= 2 and data[i - 2] in _ALPHA and (i == 2 or data[i - 3] not in _WORD):
        return False  # "C:" right before: the root is inside a Windows path
    return True


@dataclass
class ConvertReport:
    """What :func:`convert_scene` did. ``changes`` holds distinct ``(before, after)`` paths among the first
    :data:`MAX_SAMPLED` matches (at most :data:`MAX_CHANGES`; ``truncated`` says when the list may be
    incomplete). ``replaced`` and ``by_prefix`` count every replacement."""

    source: str
    to_os: str
    replaced: int = 0
    bytes_in: int = 0
    bytes_out: int = 0
    by_prefix: Dict[str, int] = field(default_factory=dict)
    changes: List[Tuple[str, str]] = field(default_factory=list)
    truncated: bool = False
    _seen: set = field(default_factory=set, repr=False, compare=False)

    def to_dict(self) -> Dict[str, object]:
        return {"source": self.source, "to_os": self.to_os, "replaced": self.replaced,
                "by_prefix": dict(self.by_prefix),
                "changes": [{"before": b, "after": a} for b, a in self.changes], "truncated": self.truncated}


_REST_RE = re.compile(_REST)
_BACKSLASHES_RE = re.compile(rb"\\+(?![\[\]{}$\"'])")


def _root_regex(src: str, ci: bool) -> bytes:
    """The root as a regex that starts with literal text. A Windows (``ci``) root accepts any
    separator: ``/`` or one or more ``\\`` (escaped in MEL/TCL strings); a POSIX root is exact."""
    if not ci:
        return re.escape(src.rstrip("/").encode("utf-8"))
    segs = [re.escape(s.encode("utf-8")) for s in re.split(r"[/\\]+", src.rstrip("/\\"))]
    return rb"(?:/+|\\+)".join(segs)


class _Rule:
    """One source root, compiled so its regex starts with literal text (a fast C scan).

    A case-insensitive (Windows) root is searched, lower-cased, in the lower-cased chunk (the
    same length: ``bytes.lower`` is ASCII-only); ``literal`` is a cheap ``in`` prefilter.
    """

    __slots__ = ("src", "target", "regex", "ci", "literal", "fix_rest", "fast", "repl")

    def __init__(self, src: str, target: bytes, ci: bool, posix_target: bool) -> None:
        self.src = src
        self.target = target
        self.ci = ci
        self.regex = re.compile(_root_regex(src.lower() if ci else src, ci) + (_AFTER if ci else _AFTER_POSIX))
        last = re.split(r"[/\\]+", src.rstrip("/\\"))[-1].encode("utf-8")
        self.literal = last.lower() if ci else src.rstrip("/").encode("utf-8")
        self.fix_rest = posix_target and ci
        # An exact root has a fixed length, so the path-start rule fits in lookbehinds placed after
        # the literal: one C-speed subn with a literal replacement, no Python per match.
        self.fast = None if ci else re.compile(
            self.literal_re() + rb"(?<![" + _NAME_CLASS + rb"]" + self.literal_re() + rb")"
            rb"(?<!\b[A-Za-z]:" + self.literal_re() + rb")" + _AFTER_POSIX)
        self.repl = target.replace(b"\\", b"\\\\")

    def literal_re(self) -> bytes:
        return re.escape(self.src.rstrip("/").encode("utf-8"))


class Converter:
    """A compiled set of replacements; :meth:`convert_bytes` rewrites one chunk of lines.

    Each root is applied in turn, longest first; Python only runs on candidate matches (to check
    the path-start rule). When a target could itself match a source (a chain, ACCSYN_API.md P6)
    the converter uses one combined single-pass regex instead, so nothing is rewritten twice.
    """

    def __init__(self, replacements: Sequence[Replacement], posix_target: bool = False) -> None:
        self.posix_target = posix_target
        self.exact: Dict[bytes, Tuple[bytes, str]] = {}
        self.folded: Dict[bytes, Tuple[bytes, str]] = {}
        self.rules: List[_Rule] = []
        alts: List[bytes] = []
        for src, dst, ci in sorted(replacements, key=lambda r: -len(r[0])):
            if not src.strip("/\\"):
                raise InputError(f"share root {src!r} is empty or a bare separator", field="shares")
            key = _key(src.encode("utf-8"))
            table = self.folded if ci else self.exact
            if (key.lower() if ci else key) in table:
                continue
            target = (dst.rstrip("/\\") if dst.strip("/\\") else dst).encode("utf-8")
            table[key.lower() if ci else key] = (target, src)
            alts.append(rb"(?i:" + _root_regex(src, ci) + rb")" + _AFTER if ci
                        else _root_regex(src, ci) + _AFTER_POSIX)
            self.rules.append(_Rule(src, target, ci, posix_target))
        self.regex = (re.compile(rb"(?P<root>" + rb"|".join(alts) + rb")" + _REST) if alts else None)
        self.chained = any(r.regex.search(t.target.lower() if r.ci else t.target + b"/x")
                           for r in self.rules for t in self.rules)
        self.sampled = 0

    def _lookup(self, root: bytes) -> Tuple[bytes, str]:
        key = _key(root)
        got = self.exact.get(key) or self.folded.get(key.lower())
        assert got is not None, root
        return got

    def _new(self, root: bytes, rest: bytes) -> Tuple[bytes, str]:
        target, src = self._lookup(root)
        if self.posix_target and b"\\" in rest:
            rest = _BACKSLASHES_RE.sub(b"/", rest)
        return target + rest, src

    def convert_bytes(self, chunk: bytes, report: Optional[ConvertReport] = None) -> bytes:
        if self.regex is None:
            return chunk
        low = chunk.lower() if any(r.ci for r in self.rules) else chunk
        rules = [r for r in self.rules if r.literal in (low if r.ci else chunk)]
        if not rules:
            return chunk
        if report is not None and self.sampled < MAX_SAMPLED:
            self._sample(chunk, report)
        if self.chained:
            return self._single_pass(chunk, report)
        for rule in rules:
            new = self._apply(rule, chunk, low if rule.ci else chunk, report)
            if new is not chunk:
                chunk = new
                low = chunk.lower() if rule is not rules[-1] and any(r.ci for r in rules) else chunk
        return chunk

    def _apply(self, rule: _Rule, chunk: bytes, hay: bytes, report: Optional[ConvertReport]) -> bytes:
        if rule.fast is not None:
            out, n = rule.fast.subn(rule.repl, chunk)
            self._count(report, rule.src, n)
            return out if n else chunk
        pieces: List[bytes] = []
        last = n = 0
        for m in rule.regex.finditer(hay):
            i = m.start()
            if not _at_path_start(chunk, i):
                continue
            j = m.end()
            pieces.append(chunk[last:i])
            pieces.append(rule.target)
            if rule.fix_rest and chunk[j : j + 1] == b"\\":
                r = _REST_RE.match(chunk, j)
                if r is not None:
                    pieces.append(_BACKSLASHES_RE.sub(b"/", r.group()))
                    j = r.end()
            last = j
            n += 1
        if not n:
            return chunk
        pieces.append(chunk[last:])
        self._count(report, rule.src, n)
        return b"".join(pieces)

    def _single_pass(self, chunk: bytes, report: Optional[ConvertReport]) -> bytes:
        def sub(m: re.Match[bytes]) -> bytes:
            if not _at_path_start(chunk, m.start()):
                return m.group(0)
            new, src = self._new(m.group("root"), m.group("rest"))
            self._count(report, src, 1)
            return new

        assert self.regex is not None
        return self.regex.sub(sub, chunk)

    @staticmethod
    def _count(report: Optional[ConvertReport], src: str, n: int) -> None:
        if report is not None and n:
            report.replaced += n
            report.by_prefix[src] = report.by_prefix.get(src, 0) + n

    def _sample(self, chunk: bytes, report: ConvertReport) -> None:
        """Record distinct before/after paths for the preview (bounded Python work per file)."""
        assert self.regex is not None
        for m in self.regex.finditer(chunk):
            if not _at_path_start(chunk, m.start()):
                continue
            self.sampled += 1
            if self.sampled > MAX_SAMPLED or len(report.changes) >= MAX_CHANGES:
                report.truncated = True
                return
            new, _ = self._new(m.group("root"), m.group("rest"))
            pair = (m.group(0).decode("utf-8", "replace"), new.decode("utf-8", "replace"))
            if pair not in report._seen:
                report._seen.add(pair)
                report.changes.append(pair)


def _key(root: bytes) -> bytes:
    """A root with every run of separators as one ``/`` (the lookup key of a matched root)."""
    return re.sub(rb"[/\\]+", b"/", root)


def iter_chunks(fh: IO[bytes], size: int = CHUNK) -> Iterator[bytes]:
    """Chunks of whole lines (a line over :data:`MAX_LINE` is cut at a whitespace or quote)."""
    carry = b""
    while True:
        block = fh.read(size)
        if not block:
            if carry:
                yield carry
            return
        data = carry + block if carry else block
        cut = data.rfind(b"\n")
        if cut < 0:
            if len(data) < MAX_LINE:
                carry = data
                continue
            cut = max(data.rfind(b" "), data.rfind(b'"'), data.rfind(b"\t"))
            if cut < 0:
                cut = len(data) - 1
        yield data[: cut + 1]
        carry = data[cut + 1 :]


def _check_source(src: str) -> None:
    try:
        with open(src, "rb") as fh:
            head = fh.read(8192)
    except FileNotFoundError:
        raise SceneError("scene file not found", scene=src) from None
    except OSError as exc:
        raise SceneError(f"scene file cannot be read: {exc.strerror or exc}", scene=src) from exc
    if b"\x00" in head:
        raise SceneError("scene file is binary; only ASCII scenes can be converted", scene=src,
                         hint="Save it as .ma/.usda, or convert inside the DCC.")


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def convert_stream(src: BinaryIO, dst: Optional[BinaryIO], converter: Converter, report: ConvertReport,
                   chunk: int = CHUNK) -> ConvertReport:
    for piece in iter_chunks(src, chunk):
        report.bytes_in += len(piece)
        out = converter.convert_bytes(piece, report)
        report.bytes_out += len(out)
        if dst is not None:
            dst.write(out)
    return report


def convert_scene(
    src_path: str,
    dst: Union[str, os.PathLike, BinaryIO, None],
    share_map: object,
    to_os: str,
    *,
    chunk: int = CHUNK,
) -> ConvertReport:
    """Convert ``src_path`` for ``to_os`` into ``dst`` (a path, a binary stream, or None for a
    preview only). ``share_map`` is a ``ShareMap`` (anything with ``replacements(to_os)``) or the
    replacement list itself. A path ``dst`` is written atomically; it must not be the source."""
    src_path = os.fspath(src_path)
    _check_source(src_path)
    reps = share_map.replacements(to_os) if hasattr(share_map, "replacements") else share_map
    converter = Converter(list(reps), posix_target=to_os != "windows")  # type: ignore[arg-type]
    report = ConvertReport(source=src_path, to_os=to_os)
    with open(src_path, "rb") as fh:
        if dst is None or hasattr(dst, "write"):
            return convert_stream(fh, dst, converter, report, chunk)  # type: ignore[arg-type]
        out_path = os.fspath(dst)  # type: ignore[arg-type]
        if os.path.exists(out_path) and _same_file(out_path, src_path):
            raise InputError("the output is the input scene; refusing to overwrite it", field="-o",
                             hint="Write the converted scene to another file (-o OTHER.ma).")
        with atomic_writer(out_path, make_parents=False) as out:
            convert_stream(fh, out, converter, report, chunk)
    return report

