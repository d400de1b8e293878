"""The subset of TCL that a Nuke script (.nk/.gizmo) is written in.

A knob line is ``name value``; ``value`` is one TCL word: bare (``output/out_####.png``),
double-quoted with backslash escapes (``"\\[python \\{nuke.script_directory()\\}]"``) or braced,
taken literally and nesting (``{{curve x1 0}}``). A word may run over several lines; the
:class:`Continuation` tracks that cheaply (counting, no copy) for knobs nobody needs.

:func:`evaluate` resolves the bracketed commands a static reader can know the answer to; the rest
are reported back so the reader can flag them.
"""

# ruff: noqa: UP045  (Optional[...] kept for Python 3.9 runtime evaluation, as in core/config.py)
from __future__ import annotations

import os
import re
from typing import List, Optional, Tuple

_BARE_RE = re.compile(r"(?:[^\s\\]|\\.)*")
_ESC_RE = re.compile(r"\\(.)", re.S)
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r"}

# Bracketed commands we can answer statically (whitespace-tolerant).
_SCRIPT_DIR_RE = re.compile(
    r"^(?:python\s+\{?\s*nuke\.script_directory\(\)\s*\}?"
    r"|file\s+dirname\s+\[\s*value\s+root\.name\s*\])$"
)
_ROOT_NAME_RE = re.compile(r"^value\s+root\.name$")
_PROJECT_DIR_RE = re.compile(r"^value\s+root\.project_directory$")
_GETENV_RE = re.compile(r"^getenv\s+(\w+)$")


def unescape(text: str) -> str:
    """Backslash escapes of a bare or quoted word: ``\\n`` is a newline, ``\\X`` is X."""
    if "\\" not in text:
        return text
    return _ESC_RE.sub(lambda m: _ESCAPES.get(m.group(1), m.group(1)), text)


def _scan_braced(s: str) -> int:
    """Index of the ``}`` closing the ``{`` at ``s[0]``, or -1 when it is not on this text."""
    depth = 0
    i, n = 0, len(s)
    while i < n:
        ch = s[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


def _scan_quoted(s: str, start: int = 1) -> int:
    """Index of the ``"`` closing a quote, scanning from ``start`` (default: just after the quote at
    ``s[0]``; 0 for a continuation line inside a quote), or -1. Backslash escapes are skipped."""
    i, n = start, len(s)
    while i < n:
        ch = s[i]
        if ch == "\\":
            i += 2
            continue
        if ch == '"':
            return i
        i += 1
    return -1


def first_word(text: str) -> Tuple[Optional[str], bool]:
    """The first TCL word of ``text`` (unquoted, unescaped) and whether ``braced``.

    Returns ``(None, False)`` when the word does not end within ``text`` (continues on the next
    line).
    """
    s = text.lstrip()
    if not s:
        return "", False
    c = s[0]
    if c != "{" and c != '"' and "\\" not in s:
        return s.split(None, 1)[0], False
    if c == "{":
        end = _scan_braced(s)
        return (s[1:end], True) if end >= 0 else (None, False)
    if c == '"':
        end = s.find('"', 1) if "\\" not in s else _scan_quoted(s)
        return (unescape(s[1:end]), False) if end >= 0 else (None, False)
    m = _BARE_RE.match(s)
    word = m.group() if m else ""
    return unescape(word), False


def word_complete(text: str) -> bool:
    """Cheap test: does the word starting ``text`` end on this line?"""
    s = text.lstrip()
    if not s:
        return True
    c = s[0]
    if c == "{":
        if "\\" not in s:
            return s.count("{") <= s.count("}")
        return _scan_braced(s) >= 0
    if c == '"':
        if "\\" not in s:
            return s.count('"') >= 2
        return _scan_quoted(s) >= 0
    return not s.endswith("\\")


class Continuation:
    """State of a word that runs past its first line.

    ``keep`` collects the lines (for knobs the reader needs); otherwise only the brace depth or
    quote state is tracked, so a huge multi-line value costs no memory.
    """

    MAX_KEEP = 1 << 20  # chars; beyond this a kept value is dropped (no file knob is that long)

    def __init__(self, knob: str, first: str, keep: bool) -> None:
        self.knob = knob
        s = first.lstrip()
        self.quoted = s.startswith('"')
        self.depth = 0
        self.parts: Optional[List[str]] = [first] if keep else None
        self.size = len(first)
        self._feed_state(s if not self.quoted else s[1:], start=True)

    def _feed_state(self, s: str, start: bool = False) -> bool:
        """Update the state with one line; True when the word has ended."""
        if self.quoted:
            return _scan_quoted(s, 0) >= 0
        if "\\" not in s:
            self.depth += s.count("{") - s.count("}")
            return self.depth <= 0
        i, n = 0, len(s)
        while i < n:
            ch = s[i]
            if ch == "\\":
                i += 2
                continue
            if ch == "{":
                self.depth += 1
            elif ch == "}":
                self.depth -= 1
                if self.depth <= 0:
                    return True
            i += 1
        return False

    def feed(self, line: str) -> bool:
        """Add the next line; True when the word is complete."""
        if self.parts is not None:
            self.size += len(line)
            if self.size > self.MAX_KEEP:
                self.parts = None
            else:
                self.parts.append(line)
        return self._feed_state(line)

    def text(self) -> Optional[str]:
        return "\n".join(self.parts) if self.parts is not None else None


def _bracket_end(s: str, start: int) -> int:
    depth = 0
    for i in range(start, len(s)):
        ch = s[i]
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
            if depth == 0:
                return i
    return -1


def evaluate(value: str, script: str, project_dir: Optional[str] = None) -> Tuple[str, List[str]]:
    """Resolve the bracketed commands a static reader can answer.

    ``[python {nuke.script_directory()}]`` and ``[file dirname [value root.name]]`` become the
    script's folder (Nuke sets ``root.name`` to the file it opened), ``[value root.name]`` the
    script, ``[value root.project_directory]`` the project folder. ``[getenv VAR]`` stays, for the
    shared token expander. Returns ``(value, unresolved commands)``.
    """
    if "[" not in value:
        return value, []
    out: List[str] = []
    unresolved: List[str] = []
    i = 0
    while True:
        j = value.find("[", i)
        if j < 0:
            out.append(value[i:])
            break
        end = _bracket_end(value, j)
        if end < 0:
            out.append(value[i:])
            unresolved.append(value[j:])
            break
        out.append(value[i:j])
        cmd = value[j + 1 : end].strip()
        if _SCRIPT_DIR_RE.match(cmd):
            out.append(os.path.dirname(os.path.abspath(script)).replace("\\", "/"))
        elif _ROOT_NAME_RE.match(cmd):
            out.append(os.path.abspath(script).replace("\\", "/"))
        elif _PROJECT_DIR_RE.match(cmd) and project_dir is not None:
            out.append(project_dir)
        else:
            out.append(value[j : end + 1])
            if not _GETENV_RE.match(cmd):
                unresolved.append(value[j : end + 1])
        i = end + 1
    return "".join(out), unresolved


def expand_getenv(value: str) -> Tuple[str, List[str]]:
    """Replace ``[getenv VAR]`` from ``os.environ``; returns the names not set."""
    missing: List[str] = []

    def sub(m: re.Match[str]) -> str:
        name = m.group(1)
        if name in os.environ:
            return os.environ[name]
        missing.append(name)
        return m.group(0)

    return re.sub(r"\[\s*getenv\s+(\w+)\s*\]", sub, value), missing
