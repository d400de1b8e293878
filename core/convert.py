# ruff: noqa: UP045  (Optional[...] kept for Python 3.9 runtime evaluation, as in core/config.py)
"""Rewrite the share-root paths inside an ASCII scene for another OS, streaming.

:func:`convert_scene` applies the same share-root rules as :class:`core.mapping.ShareMap`
(``replacements(to_os)``: ``(source prefix, target prefix, case_insensitive)``, longest first) to
every line of a .nk/.ma/.usda/.ocio/text .hip, in one pass per chunk:

* a source matches only at a path start (not after a name character, a slash or a drive colon) and
  only up to a **segment boundary**: ``/mnt/proj`` rewrites ``/mnt/proj/a`` and ``"/mnt/proj"``,
  never ``/mnt/projX/a`` (unlike the farm's raw prefix test, ACCSYN_API.md §7.2 P2);
* Windows sources match case-insensitively and with either slash (``C:\\Proj\\a``,
  ``c:/proj/a``); the rest of the path keeps its own slashes;
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
import tempfile
from dataclasses import dataclass, field
from typing import IO, BinaryIO, Dict, Iterator, List, Optional, Sequence, Tuple, Union

from accsyn_dcc.core.errors import InputError, SceneError

Replacement = Tuple[str, str, bool]
CHUNK = 1 << 20
MAX_LINE = 8 << 20
MAX_CHANGES = 1000  # distinct before/after pairs kept for the preview

# Characters that may continue a path (a name character, a separator) and so cannot precede a root.
_BEFORE = rb"(?<![A-Za-z0-9_.\-/\\$~%\x80-\xff])(?<!\b[A-Za-z]:)"
# What may follow a root: a separator, or something that ends a path in the scene syntaxes.
_AFTER = rb"(?=[/\\\"'\s@;,:}\])>|]|$)"
# The rest of the path after the root (for the preview): up to a character that ends a path.
_REST = rb"(?P<rest>[^\"'\s@;,:}\]|\x00]*)"


@dataclass
class ConvertReport:
    """What :func:`convert_scene` did. ``changes`` holds distinct ``(before, after)`` paths (at most
    :data:`MAX_CHANGES`; ``truncated`` says when more were seen)."""

    source: str
    to_os: str
    replaced: int = 0
    lines_changed: int = 0
    bytes_in: int = 0
    bytes_out: int = 0
    by_prefix: Dict[str, int] = field(default_factory=dict)
    changes: List[Tuple[str, str]] = field(default_factory=list)
    truncated: bool = False
    _seen: set = field(default_factory=set, repr=False, compare=False)

    def to_dict(self) -> Dict[str, object]:
        return {"source": self.source, "to_os": self.to_os, "replaced": self.replaced,
                "lines_changed": self.lines_changed, "by_prefix": dict(self.by_prefix),
                "changes": [{"before": b, "after": a} for b, a in self.changes], "truncated": self.truncated}


_BACKSLASHES_RE = re.compile(rb"\\+(?![\[\]{}$\"'])")


def _root_regex(src: str, ci: bool) -> bytes:
    """The root as a regex: any separator is ``/`` or one or more ``\\`` (escaped in MEL/TCL)."""
    segs = [re.escape(s.encode("utf-8")) for s in re.split(r"[/\\]+", src.rstrip("/\\"))]
    body = rb"(?:/|\\+)".join(segs)
    return rb"(?i:" + body + rb")" if ci else body


class Converter:
    """A compiled set of replacements; :meth:`convert_bytes` rewrites one chunk of lines."""

    def __init__(self, replacements: Sequence[Replacement], posix_target: bool = False) -> None:
        self.posix_target = posix_target
        self.exact: Dict[bytes, Tuple[bytes, str]] = {}
        self.folded: Dict[bytes, Tuple[bytes, str]] = {}
        alts: List[bytes] = []
        for src, dst, ci in sorted(replacements, key=lambda r: -len(r[0])):
            if not src.strip("/\\"):
                raise InputError(f"share root {src!r} is empty or a bare separator", field="shares")
            key = _key(src.encode("utf-8"))
            table = self.folded if ci else self.exact
            if (key.lower() if ci else key) in table:
                continue
            target = dst.rstrip("/\\") if dst.strip("/\\") else dst
            table[key.lower() if ci else key] = (target.encode("utf-8"), src)
            alts.append(_root_regex(src, ci))
        self.regex = (re.compile(_BEFORE + rb"(?P<root>" + rb"|".join(alts) + rb")" + _AFTER + _REST)
                      if alts else None)
        sources = [v[1] for v in list(self.exact.values()) + list(self.folded.values())]
        needles = {re.split(r"[/\\]", x.rstrip("/\\"))[-1].lower().encode("utf-8") for x in sources}
        self.needles = [n for n in needles if n] or [b""]

    def _lookup(self, root: bytes) -> Tuple[bytes, str]:
        key = _key(root)
        got = self.exact.get(key) or self.folded.get(key.lower())
        assert got is not None, root
        return got

    def _may_match(self, chunk: bytes) -> bool:
        low = chunk.lower()
        return any(n in low for n in self.needles)

    def convert_bytes(self, chunk: bytes, report: Optional[ConvertReport] = None) -> bytes:
        if self.regex is None or not self._may_match(chunk):
            return chunk
        posix = self.posix_target
        hits: List[Tuple[str, bytes, bytes]] = []

        def sub(m: re.Match[bytes]) -> bytes:
            target, src = self._lookup(m.group("root"))
            rest = m.group("rest")
            if posix and b"\\" in rest:
                rest = _BACKSLASHES_RE.sub(b"/", rest)
            new = target + rest
            hits.append((src, m.group(0), new))
            return new

        out = self.regex.sub(sub, chunk)
        if report is not None and hits:
            self._record(report, hits, chunk, out)
        return out

    def _record(self, report: ConvertReport, hits: List[Tuple[str, bytes, bytes]], chunk: bytes,
                out: bytes) -> None:
        changed = [h for h in hits if h[1] != h[2]]
        report.replaced += len(changed)
        if changed:
            a, b = chunk.split(b"\n"), out.split(b"\n")
            report.lines_changed += sum(1 for x, y in zip(a, b) if x != y)
        for src, before, after in changed:
            report.by_prefix[src] = report.by_prefix.get(src, 0) + 1
            pair = (before.decode("utf-8", "replace"), after.decode("utf-8", "replace"))
            if pair in report._seen:
                continue
            if len(report.changes) < MAX_CHANGES:
                report._seen.add(pair)
                report.changes.append(pair)
            else:
                report.truncated = True


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
        _write_atomic(out_path, lambda out: convert_stream(fh, out, converter, report, chunk))
    return report


def _write_atomic(path: str, write) -> None:  # type: ignore[no-untyped-def]
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(path)}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as out:
            write(out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
