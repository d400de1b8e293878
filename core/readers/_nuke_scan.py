"""Regexes that let the Nuke reader skip, in C, the lines and nodes that cannot matter.

Each pattern runs over a chunk from :func:`_chunks.chunks` at a position just before a line's
``"\\n"``, and accepts a line only when the line-by-line reader (``nuke._Reader._line``) would do
nothing with it, or (``NODE``) a whole node whose every line is a plain ``knob value`` line. A
line they do not accept is handed to the line-by-line reader, so they may be conservative but never
generous. "Would start a multi-line value" is the test of :func:`_tcl.word_complete`; the patterns
accept only values it finds complete: bare words not ending in ``\\``, ``"…"`` without backslashes,
and ``{…}`` groups nested at most two deep without backslashes.
"""

from __future__ import annotations

import re

from accsyn_dcc.core.readers import _chunks
from accsyn_dcc.core.readers import _nuke_tables as T

_WS = r"[^\S\n]"  # what str.strip() removes, newline aside (lines hold no other line break)
_N = r'[^{}"\\\n]'  # a character that cannot start or end a multi-line value
# ``{…}`` nested at most two deep, ``"…"`` with escapes; neither holds the other or a newline.
_G = r"\{" + _N + r"*(?:\{" + _N + r"*\}" + _N + r"*)*\}"
_Q = r'"[^"{}\\\n]*(?:\\[^{}\n][^"{}\\\n]*)*"'
# The knob (up to the first space) holds none of those characters, so the value starts at the
# space and every brace or quote in it is one closed token: _tcl.word_complete finds it complete.
_K = r'[^\s{}"\\][^ {}"\\\n]*'
_R = _N + r"*(?:(?:" + _G + r"|" + _Q + r")" + _N + r"*)*"
_KEPT = _chunks.alternation(sorted(T.KEPT_KNOBS))
_FILE = _chunks.alternation(("file", "proxy", "vfield_file"))


def _body_lines(excluded: str = "") -> str:
    """Any run of lines inside a node that neither close it nor start a multi-line value;
    ``excluded`` knobs (a regex) are not accepted."""
    guard = f"(?!(?:{excluded})[ ])" if excluded else ""
    return r"(?:\n" + _WS + r"*(?:" + guard + _K + r"(?:[ ]" + _R + r")?)?(?=\n))*"


_CLOSE = r"\n" + _WS + r"*\}[^\n]*"
_HEADER = _WS + r"*(?P<cls>[A-Za-z_][A-Za-z0-9_]*)" + _WS + r"*\{" + _WS + r"*(?=\n)"
# Classes whose node yields nothing without a file knob (built-in, not Root, not a group).
_PLAIN = _chunks.alternation(sorted(T.BUILTIN_CLASSES - T.GROUP_CLASSES - {"Root"}))
_PLAIN_NODE = (_WS + r"*(?:" + _PLAIN + r")(?![A-Za-z0-9_])" + _WS + r"*\{" + _WS + r"*(?=\n)"
               + _body_lines(_FILE) + _CLOSE)
# A top-level line that is blank, a comment, or holds no brace/quote and is no end_group/version.
_TOP_LINE = (r"(?:" + _WS + r"*#[^\n]*|(?!" + _WS + r"*(?:end_group|version))[^{\"\n]*)(?=\n)")

#: Top level: any run of lines and nodes that change nothing.
TOP_SKIP = re.compile(r"(?:\n(?:" + _TOP_LINE + r"|" + _PLAIN_NODE + r"))*")
#: Top level: one whole node made of plain lines (``cls``; ``body`` for :data:`KEPT_KNOB`).
NODE = re.compile(r"\n" + _HEADER + r"(?P<body>" + _body_lines() + r")" + _CLOSE)
#: Inside a node: any run of lines that change nothing.
BODY_SKIP = re.compile(_body_lines(_KEPT))
#: A kept knob line of a :data:`NODE` body: (knob, value text).
KEPT_KNOB = re.compile(r"\n" + _WS + r"*(" + _KEPT + r")[ ]([^\n]*)")
#: Inside a multi-line value: the next character that may end a quoted / braced one.
QUOTED_STOP = re.compile(r"[\"\\]")
BRACED_STOP = re.compile(r"[}\\]")
