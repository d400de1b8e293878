# ruff: noqa: UP045  (Optional[...] kept for Python 3.9 runtime evaluation, as in core/config.py)
"""Streaming reader of OpenColorIO configs (.ocio), parsing the YAML subset it needs itself.

Collects the ``search_path`` folders (a ``:``-separated string or a YAML list;
``kind_hint="directory"``, relative to the config's folder) and every ``!<FileTransform>`` ``src``
(flow ``{src: …, cccid: …}`` or block style, in colorspaces, looks, view/named transforms, groups).
Context variables (``$VAR``, ``${VAR}``) are substituted from the process environment, else from
the config's ``environment:`` defaults; unknown ones stay raw for the shared token expander.

A relative ``src`` is looked up as OCIO does: in each search-path folder in order (relative ones
against the config's folder); the first folder holding it becomes ``Reference.base``. When no
folder holds it, the reference uses the first candidate folder and an info finding lists every
candidate (so the report says where it was looked for). Each distinct ``src`` is listed once, with
the first colorspace/look that uses it as ``node``.

Limits: YAML anchors/aliases and multi-document configs are not followed; a flow mapping must
close within 50 lines; ``cccid`` selects an entry of a ``.ccc``/``.cdl`` file and is not a file
itself, so it is not listed.
"""

from __future__ import annotations

import os
import re
from typing import Dict, List, Optional, Tuple

from accsyn_dcc.core import findings as fnd
from accsyn_dcc.core.readers import _common
from accsyn_dcc.core.refs import Reference, SceneInfo
from accsyn_dcc.core.tokens import is_absolute

_TOP_RE = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*)$")
_KEY_RE = re.compile(r"^(?:-\s+)?([A-Za-z_][\w-]*)\s*:\s*(.*)$")
_FLOW_ITEM_RE = re.compile(r"([A-Za-z_]\w*)\s*:\s*(\"(?:[^\"\\]|\\.)*\"|'[^']*'|[^,}]*)")
_VAR_RE = re.compile(r"\$\{(\w+)\}|\$(\w+)")
_FT_TAG = "!<FileTransform>"
MAX_FLOW_LINES = 50


def _strip_comment(line: str) -> str:
    """Drop a YAML comment (``#`` at the start or after whitespace, outside quotes)."""
    if "#" not in line:
        return line
    quote = ""
    for i, ch in enumerate(line):
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch == "#" and (i == 0 or line[i - 1] in " \t"):
            return line[:i]
    return line


def _scalar(text: str) -> str:
    t = text.strip()
    if len(t) >= 2 and t[0] == t[-1] and t[0] in "\"'":
        return t[1:-1]
    return t


def split_search_path(text: str) -> List[str]:
    """``a:b:/c`` (also ``;``), keeping ``C:/x`` drive letters whole."""
    out: List[str] = []
    for piece in re.split(r"[;:]", text):
        if out and len(out[-1]) == 1 and out[-1].isalpha() and piece[:1] in ("/", "\\"):
            out[-1] = f"{out[-1]}:{piece}"
        else:
            out.append(piece)
    return [p.strip() for p in out if p.strip()]


def _flow_list(text: str) -> List[str]:
    body = text.strip()[1:-1]
    return [_scalar(p) for p in body.split(",") if p.strip()]


class _Reader:
    def __init__(self, path: str) -> None:
        self.path = path
        self.dir = _common.scene_dir(path).replace("\\", "/")
        self.info = SceneInfo(path=path, format="ocio")
        self.section = ""
        self.search: List[str] = []
        self.env: Dict[str, str] = {}
        self.srcs: List[Tuple[str, str]] = []  # (src, node)
        self.name = ""
        self.block_indent: Optional[int] = None
        self.flow: Optional[List[str]] = None

    def run(self) -> SceneInfo:
        for raw_line in _common.lines(self.path):
            line = _strip_comment(raw_line).rstrip()
            if not line.strip():
                continue
            if self.flow is not None:
                self._flow_more(line)
                continue
            indent = len(line) - len(line.lstrip())
            body = line.strip()
            if indent == 0 and not body.startswith("-"):
                self._top(body)
                continue
            self._nested(indent, body)
        self._emit()
        return self.info

    def _top(self, body: str) -> None:
        self.block_indent = None
        m = _TOP_RE.match(body)
        if not m:
            self.section = ""
            return
        self.section, value = m.group(1), m.group(2).strip()
        if self.section == "search_path" and value:
            listed = _flow_list(value) if value.startswith("[") else split_search_path(_scalar(value))
            self.search.extend(listed)
        elif self.section == "environment" and value.startswith("{"):
            self._env_flow(value)
        elif _FT_TAG in value:
            self._transform(value, 0)

    def _nested(self, indent: int, body: str) -> None:
        if self.section == "search_path":
            if body.startswith("-"):
                self.search.append(_scalar(body[1:]))
            elif body.startswith("["):
                self.search.extend(_flow_list(body))
            return
        if self.section == "environment":
            if body.startswith("{"):
                self._env_flow(body)
                return
            m = _KEY_RE.match(body)
            if m:
                self.env.setdefault(m.group(1), _scalar(m.group(2)))
            return
        if self.block_indent is not None:
            if indent > self.block_indent:
                m = _KEY_RE.match(body)
                if m and m.group(1) == "src":
                    self._src(_scalar(m.group(2)))
                return
            self.block_indent = None
        m = _KEY_RE.match(body)
        if m and m.group(1) == "name" and _FT_TAG not in body:
            self.name = _scalar(m.group(2))
        if _FT_TAG in body:
            self._transform(body, indent)

    def _env_flow(self, value: str) -> None:
        for m in _FLOW_ITEM_RE.finditer(value.strip()[1:]):
            self.env.setdefault(m.group(1), _scalar(m.group(2)))

    # -- transforms -----------------------------------------------------------------------------
    def _transform(self, body: str, indent: int) -> None:
        rest = body[body.index(_FT_TAG) + len(_FT_TAG) :].strip()
        if rest.startswith("{"):
            if "}" in rest:
                self._flow_done(rest)
            else:
                self.flow = [rest]
        else:
            self.block_indent = indent

    def _flow_more(self, line: str) -> None:
        assert self.flow is not None
        self.flow.append(line.strip())
        if "}" in line or len(self.flow) > MAX_FLOW_LINES:
            text, self.flow = " ".join(self.flow), None
            self._flow_done(text)

    def _flow_done(self, text: str) -> None:
        body = text[1 : text.find("}")] if "}" in text else text[1:]
        for m in _FLOW_ITEM_RE.finditer(body):
            if m.group(1) == "src":
                self._src(_scalar(m.group(2)))

    def _src(self, src: str) -> None:
        if src:
            self.srcs.append((src, self.name))

    # -- resolution -----------------------------------------------------------------------------
    def _subst(self, text: str) -> str:
        def sub(m: re.Match[str]) -> str:
            name = m.group(1) or m.group(2)
            value = os.environ.get(name, self.env.get(name))
            return value if value else m.group(0)

        return _VAR_RE.sub(sub, text) if "$" in text else text

    def search_dirs(self) -> List[Tuple[str, str]]:
        """``(entry as substituted, absolute folder)`` for every search-path entry."""
        out = []
        for entry in self.search:
            e = self._subst(entry)
            absolute = e if is_absolute(e) else os.path.normpath(os.path.join(self.dir, e))
            out.append((e, absolute.replace("\\", "/")))
        return out

    def _emit(self) -> None:
        dirs = self.search_dirs()
        for entry, _ in dirs:
            self.info.references.append(Reference(
                raw=entry, node="config", attr="search_path", via=self.path, base=self.dir,
                kind_hint="directory"))
        candidates = [d for _, d in dirs] or [self.dir]
        seen = set()
        for src, node in self.srcs:
            s = self._subst(src)
            if s in seen:
                continue
            seen.add(s)
            base = self.dir if is_absolute(s) else self._find(s, candidates)
            self.info.references.append(Reference(
                raw=s, node=node or "config", attr="src", via=self.path, base=base))

    def _find(self, src: str, candidates: List[str]) -> str:
        for d in candidates:
            if os.path.isfile(os.path.join(d, src)):
                return d
        if "$" not in src:
            self.info.findings.append(fnd.info(
                "ocio-lut-candidates", f"LUT {src!r} of {self.path} is in none of the search_path folders; "
                f"looked in: {', '.join(candidates)}."))
        return candidates[0]


def read(path: str, *, via: Optional[str] = None) -> SceneInfo:
    """Read an OCIO config; see the module docstring."""
    del via
    return _Reader(path).run()
