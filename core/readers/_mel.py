"""Splitting a Maya ASCII file into MEL statements, streaming, and tokenising the ones needed.

A statement ends at a ``;`` outside double quotes and may run over many lines (long strings are
wrapped, mesh data spans thousands of lines). :func:`statements` yields only the statements the
caller wants (decided from the command word and the first line), so a huge ``setAttr`` of vertex
data is scanned for its end but never copied.
"""

# ruff: noqa: UP045  (Optional[...] kept for Python 3.9 runtime evaluation, as in core/config.py)
from __future__ import annotations

import re
from typing import Callable, Iterable, Iterator, List, Optional, Tuple

# Outside quotes: runs of plain text, whole string literals and escapes (one C-level match).
_OUTSIDE_RE = re.compile(r'(?:[^";\\]+|"(?:[^"\\]|\\.)*"|\\.)*')
_QUOTED_REST_RE = re.compile(r'(?:[^"\\]|\\.)*')  # the rest of a string literal opened earlier
_TOKEN_RE = re.compile(r'"((?:[^"\\]|\\.)*)"?|([^\s"]+)', re.S)
_ESC_RE = re.compile(r"\\(.)", re.S)
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r"}
_QUOTE = re.compile(r'"')
_QUOTE_OR_SEMI = re.compile(r'[";]')
MAX_STATEMENT = 4 << 20  # chars kept for one wanted statement; beyond this it is dropped

Want = Callable[[str, str], bool]


def _scan(line: str, start: int, in_quote: bool) -> Tuple[int, bool]:
    """Index of the statement-ending ``;`` in ``line`` from ``start`` (or -1) and the quote state."""
    if not in_quote and '"' not in line:
        return line.find(";", start), False
    pos = start
    if in_quote:
        m = _QUOTED_REST_RE.match(line, pos)
        pos = m.end() if m else pos
        if pos >= len(line) or line[pos] != '"':
            return -1, True
        pos += 1
    m = _OUTSIDE_RE.match(line, pos)
    end = m.end() if m else pos
    if end >= len(line):
        return -1, False
    if line[end] == ";":
        return end, False
    return -1, line[end] == '"'  # a quote left open: the string goes on on the next line


def statements(chunks: Iterable[str], want: Want) -> Iterator[Tuple[str, str, int]]:
    """Yield ``(command, text, line_number)`` for each wanted statement (text without the ``;``).

    ``chunks`` are :func:`_chunks.chunks` pieces (``"\\n" + whole lines``). The lines of a statement
    nobody wants that hold no ``;`` or quote (mesh data) are skipped in C: they cannot end it.
    """
    parts: Optional[List[str]] = None
    size = 0
    cmd = ""
    first_no = 0
    in_stmt = False
    in_quote = False
    lines_before = 0
    for chunk in chunks:
        end = len(chunk) - 1
        pos = 0  # at the newline before the next line
        counted, count = 0, lines_before
        while pos < end:
            if in_stmt and parts is None:
                m = (_QUOTE if in_quote else _QUOTE_OR_SEMI).search(chunk, pos + 1, end)
                stop = chunk.rfind("\n", pos, m.start()) if m is not None else end
                if stop > pos:
                    pos = stop
                    if pos >= end:
                        break
            nl = chunk.index("\n", pos + 1)
            line = chunk[pos + 1 : nl]
            lpos = 0
            while True:
                if not in_stmt:
                    s = line[lpos:].lstrip()
                    if not s or s.startswith("//"):
                        break
                    lpos = len(line) - len(s)
                    cmd = s.split(None, 1)[0].rstrip(";")
                    parts = [] if want(cmd, s) else None
                    if parts is not None:  # the line number is only yielded with the text
                        count += chunk.count("\n", counted, pos + 1)
                        counted = pos + 1
                        first_no = count
                    size, in_stmt = 0, True
                stop_at, in_quote = _scan(line, lpos, in_quote)
                if parts is not None:
                    piece = line[lpos:stop_at] if stop_at >= 0 else line[lpos:]
                    size += len(piece)
                    if size > MAX_STATEMENT:
                        parts = None
                    else:
                        parts.append(piece)
                if stop_at < 0:
                    break
                if parts is not None:
                    yield cmd, "\n".join(parts), first_no
                in_stmt, parts = False, None
                lpos = stop_at + 1
            pos = nl
        lines_before = count + chunk.count("\n", counted, end)
    if in_stmt and parts is not None:
        yield cmd, "\n".join(parts), first_no


def unescape(text: str) -> str:
    if "\\" not in text:
        return text
    return _ESC_RE.sub(lambda m: _ESCAPES.get(m.group(1), m.group(1)), text)


class Token(str):
    """A token; ``quoted`` tells a string literal from a bare word."""

    quoted: bool = False


def tokens(text: str) -> List[Token]:
    """MEL tokens: bare words and string literals (unescaped); ``"a" + "b"`` are joined."""
    out: List[Token] = []
    joining = False
    for m in _TOKEN_RE.finditer(text):
        if m.group(2) is not None:
            if m.group(2) in ("(", ")"):  # ("a" + "b") groups a wrapped string
                continue
            if m.group(2) == "+" and out and out[-1].quoted:
                joining = True
                continue
            t = Token(m.group(2))
        else:
            value = unescape(m.group(1))
            if joining and out and out[-1].quoted:
                value = str(out.pop()) + value
            t = Token(value)
            t.quoted = True
        joining = False
        out.append(t)
    return out
