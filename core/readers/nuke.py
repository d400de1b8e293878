"""Streaming reader of Nuke scripts (.nk) and gizmos (.gizmo).

Collects every file knob of every node (``file``, ``proxy``, ``vfield_file`` on any class; Root's
``customOCIOConfigPath``), Write/WriteGeo/DeepWrite/GenerateLUT files as outputs, Read
``first``/``last`` as the frames, Root ``first_frame``/``last_frame`` and ``views``, and nodes
whose class is a gizmo found on ``NUKE_PATH`` or next to the script (``kind_hint="scene"``).

Relative paths: ``Reference.base`` is the evaluated Root ``project_directory`` when set, else
**the script's folder**. Nuke itself resolves relative paths against ``project_directory`` and,
without one, against the process's working directory; the deadline-cloud reference runs Nuke in a
temp cwd and lists such outputs under it. The farm's cwd is not the submitter's, so we choose the
script's folder (what the artist sees in the DAG) and add a warning finding telling the artist to
set ``project_directory``.

Syntax handled: quoted/bare/braced words with escapes, multi-line values, ``set``/``push`` stack
lines, ``Group {`` … ``end_group`` (node names become ``Group1.Read1``), ``clone`` nodes (a
``clone $C…`` shares the original's knobs, so it adds no reference), ``#!``/``#write_info``
headers. Limits: ``{{…}}`` expressions and TCL commands other than those :func:`_tcl.evaluate`
knows are kept raw and flagged; gizmos are looked up in the top level of each ``NUKE_PATH``
folder only (``pluginAddPath`` calls in ``init.py`` are not run); Read ``frame_mode`` offsets are
not applied (``frames`` are file frames); disabled nodes are still listed.
"""

# ruff: noqa: UP045  (Optional[...] kept for Python 3.9 runtime evaluation, as in core/config.py)
from __future__ import annotations

import os
import re
from typing import Dict, List, Optional, Set, Tuple

from accsyn_dcc.core import findings as fnd
from accsyn_dcc.core.frames import FrameSet
from accsyn_dcc.core.mapping import forward_slashes
from accsyn_dcc.core.readers import _chunks, _common, _tcl
from accsyn_dcc.core.readers import _nuke_scan as S
from accsyn_dcc.core.readers import _nuke_tables as T
from accsyn_dcc.core.refs import Reference, SceneInfo
from accsyn_dcc.core.tokens import is_absolute

DEFAULT_RANGE = (1, 100)  # Root first_frame/last_frame when the script does not set them


class _Node:
    __slots__ = ("cls", "knobs", "clone", "line")

    def __init__(self, cls: str, line: int, clone: bool = False) -> None:
        self.cls = cls
        self.knobs: Dict[str, Tuple[str, bool]] = {}  # knob -> (value, braced)
        self.clone = clone
        self.line = line


def _node_start(s: str, line: int) -> Optional[_Node]:
    """``Class {`` / ``clone $C… {`` / ``clone node…|Class|Name {`` → a node, else None."""
    if not s.endswith("{"):
        return None
    head = s[:-1].rstrip()
    if not head or " " in head:
        if head.startswith("clone "):
            target = head[6:].strip()
            if target.startswith("$"):
                return _Node("", line, clone=True)
            parts = target.split("|")
            return _Node(parts[1] if len(parts) > 1 else "", line)
        return None
    if head[0].isalpha() or head[0] == "_":
        return _Node(head, line)
    return None


class _Reader:
    def __init__(self, path: str) -> None:
        self.path = path
        self.dir = _common.scene_dir(path).replace("\\", "/")
        self.info = SceneInfo(path=path, format="nuke")
        self.base = self.dir
        self.project_dir_set = False
        self.groups: List[str] = []
        self.views: tuple = ()
        self.frame_range = FrameSet.from_range(*DEFAULT_RANGE)
        self.gizmos: Optional[Dict[str, str]] = None
        self.seen_classes: Set[str] = set()
        self.relative_seen = False
        self.root_seen = False
        self.framesets: Dict[Tuple[int, int], Optional[FrameSet]] = {}
        self.node: Optional[_Node] = None  # the node being read (line by line)
        self.cont: Optional[_tcl.Continuation] = None  # the multi-line value being read
        self.lines_before = 0  # lines in the chunks already read
        self.nl_pos = self.nl_count = 0  # line counting within the current chunk

    # -- driving --------------------------------------------------------------------------------
    def run(self) -> SceneInfo:
        for chunk in _chunks.chunks(self.path):
            self._chunk(chunk)
        node = self.node
        if node is not None:
            self.info.findings.append(fnd.warning(
                "scene-truncated", f"{self.path}: node {node.cls or 'clone'} (line {node.line}) is not "
                "closed; the script may be truncated. Re-save it from Nuke."))
        return self._finish()

    def _chunk(self, chunk: str) -> None:
        """The hot loop: regexes skip what changes nothing (:mod:`_nuke_scan`) and take plain nodes
        whole; every other line goes through :meth:`_line`, the line-by-line reader."""
        end = len(chunk) - 1  # the last line's newline: nothing follows it
        pos = 0  # always at the newline before the next line to read
        self.nl_pos, self.nl_count = 0, self.lines_before
        while pos < end:
            if self.cont is not None:
                pos = self._in_value(chunk, pos, end)
                continue
            if self.node is None:
                pos = S.TOP_SKIP.match(chunk, pos).end()
                if pos >= end:
                    break
                m = S.NODE.match(chunk, pos)
                if m is not None:
                    self._plain_node(chunk, m)
                    pos = m.end()
                    continue
            else:
                pos = S.BODY_SKIP.match(chunk, pos).end()
                if pos >= end:
                    break
            nl = chunk.index("\n", pos + 1)
            self._line(chunk[pos + 1 : nl], chunk, pos)
            pos = nl
        self.lines_before = self.nl_count + chunk.count("\n", self.nl_pos, end)

    def _line_no(self, chunk: str, pos: int) -> int:
        """Number of the line after the newline at ``pos`` (counted lazily, forward only)."""
        self.nl_count += chunk.count("\n", self.nl_pos, pos + 1)
        self.nl_pos = pos + 1
        return self.nl_count

    def _plain_node(self, chunk: str, m: re.Match) -> None:
        node = _Node(m.group("cls"), 0)
        knobs, first_word = node.knobs, _tcl.first_word
        for knob, text in S.KEPT_KNOB.findall(chunk, m.start("body"), m.end("body")):
            value, braced = first_word(text)
            if value is not None:
                knobs[knob] = (value, braced)
        self._close(node)

    def _in_value(self, chunk: str, pos: int, end: int) -> int:
        """Feed the lines of a multi-line value; a value nobody keeps skips, in C, the lines that
        cannot end it (no quote or backslash in a quoted one; no ``}`` or backslash in a braced one,
        whose ``{`` are counted in one go)."""
        cont = self.cont
        assert cont is not None
        if cont.parts is None and (cont.quoted or cont.depth > 0):
            m = (S.QUOTED_STOP if cont.quoted else S.BRACED_STOP).search(chunk, pos + 1, end)
            stop = chunk.rfind("\n", pos, m.start()) if m is not None else end
            if stop > pos:
                if not cont.quoted:
                    cont.depth += chunk.count("{", pos, stop)
                pos = stop
                if pos >= end:
                    return pos
        nl = chunk.index("\n", pos + 1)
        if cont.feed(chunk[pos + 1 : nl]):
            if self.node is not None and cont.parts is not None:
                self._keep(self.node, cont.knob, cont.text() or "")
            self.cont = None
        return nl

    def _line(self, line: str, chunk: str, pos: int) -> None:
        """One line, outside a multi-line value: real parsing only for the knobs kept."""
        node = self.node
        if node is None:
            t = line.strip()
            if not t or t[0] == "#":
                return
            self.node = _node_start(t, self._line_no(chunk, pos))
            if self.node is None:
                self.cont = self._top_level(t)
            return
        t = line.lstrip()
        if not t:
            return
        if t[0] == "}":
            self._close(node)
            self.node = None
            return
        sp = t.find(" ")
        if sp < 0:
            return
        knob = t[:sp]
        if knob in T.KEPT_KNOBS:
            rest = t[sp + 1 :]
            if _tcl.word_complete(rest):
                self._keep(node, knob, rest)
            else:
                self.cont = _tcl.Continuation(knob, rest, keep=True)
        elif ("{" in t or '"' in t or "\\" in t) and not _tcl.word_complete(t[sp + 1 :]):
            self.cont = _tcl.Continuation(knob, t[sp + 1 :], keep=False)

    def _top_level(self, s: str) -> Optional[_tcl.Continuation]:
        if s == "end_group":
            if self.groups:
                self.groups.pop()
            return None
        word, _, rest = s.partition(" ")
        if word == "version" and self.info.host_version is None:
            # `version 14.0 v5` -> "14.0v5" (the engine guess and config lookups use the major)
            self.info.host_version = rest.replace(" ", "") or None
            return None
        if rest and ("{" in rest or '"' in rest) and not _tcl.word_complete(rest):
            return _tcl.Continuation(word, rest, keep=False)
        return None

    @staticmethod
    def _keep(node: _Node, knob: str, text: str) -> None:
        value, braced = _tcl.first_word(text)
        if value is not None:
            node.knobs[knob] = (value, braced)

    # -- nodes ----------------------------------------------------------------------------------
    def _value(self, node: _Node, knob: str) -> Optional[str]:
        v = node.knobs.get(knob)
        return v[0] if v else None

    def _int(self, node: _Node, knob: str) -> Optional[int]:
        v = self._value(node, knob)
        try:
            return int(float(v)) if v is not None else None
        except (ValueError, OverflowError):
            return None

    def _close(self, node: _Node) -> None:
        name = self._value(node, "name") or node.cls or "clone"
        full = ".".join(self.groups + [name])
        if node.cls == "Root" and not self.groups:
            self._root(node)
        elif not node.clone:
            self._file_knobs(node, full)
            self._gizmo(node, full)
        if node.cls in T.GROUP_CLASSES:
            self.groups.append(name)

    def _root(self, node: _Node) -> None:
        self.root_seen = True
        first, last = self._int(node, "first_frame"), self._int(node, "last_frame")
        a = first if first is not None else DEFAULT_RANGE[0]
        b = last if last is not None else DEFAULT_RANGE[1]
        got = _common.frame_range(a, b)
        if got is None:
            self.info.findings.append(fnd.warning(
                "bad-frame-range", f"Root frame range {a}-{b} is not usable (backwards or too long); "
                "fix it in Project Settings."))
        else:
            self.frame_range = got
        views = self._value(node, "views")
        if views is not None:
            self.views = _parse_views(views)
        pd = self._value(node, "project_directory")
        if pd:
            self._project_dir(pd)
        cfg = self._value(node, "customOCIOConfigPath")
        mode = self._value(node, "OCIO_config")
        if cfg and mode in (None, "custom"):
            self._add(cfg, "root", "customOCIOConfigPath", kind_hint="scene")
        elif cfg:
            self.info.findings.append(fnd.info(
                "ocio-config-builtin", f"Root uses the built-in OCIO config {mode!r}; "
                f"customOCIOConfigPath {cfg!r} is ignored."))

    def _project_dir(self, raw: str) -> None:
        value, unresolved = _tcl.evaluate(raw, self.path)
        value, missing = _tcl.expand_getenv(value)
        if unresolved or missing:
            what = ", ".join(unresolved + ["$" + m for m in missing])
            self.info.findings.append(fnd.warning(
                "project-dir-unresolved", f"Root project_directory {raw!r} holds {what}, which cannot be "
                "evaluated outside Nuke; relative paths are taken from the script's folder. Use "
                "[python {nuke.script_directory()}] or an absolute path."))
            return
        if not is_absolute(value):
            value = os.path.join(self.dir, value)
        self.base = forward_slashes(value).rstrip("/") or "/"
        self.project_dir_set = True
        self.info.project_dir = self.base

    def _file_knobs(self, node: _Node, full: str) -> None:
        output = node.cls in T.OUTPUT_CLASSES
        if node.cls in T.READ_FROM_FILE_CLASSES and self._value(node, "read_from_file") not in ("true", "1"):
            return
        for knob in ("file", "proxy", "vfield_file"):
            got = node.knobs.get(knob)
            if not got or not got[0].strip():
                continue
            value, braced = got
            if braced and value.lstrip().startswith("{"):
                self.info.findings.append(fnd.warning(
                    "expression-path", f"{full}.{knob} is an expression ({{{value}}}); it cannot be "
                    "evaluated outside Nuke, so its files are not checked."))
                continue
            frames = self._frames(node, output)
            kind = "scene" if not output and (
                node.cls in T.SCENE_CLASSES or value.lower().endswith(T.SCENE_EXTENSIONS)) else None
            self._add(value, full, knob, frames=frames, output=output, kind_hint=kind)

    def _frames(self, node: _Node, output: bool) -> Optional[FrameSet]:
        first, last = self._int(node, "first"), self._int(node, "last")
        if output and self._value(node, "use_limit") not in ("true", "1"):
            return self.frame_range
        if first is None and last is None:
            return self.frame_range if output else None
        a, b = (first if first is not None else 1), (last if last is not None else 1)
        key = (a, b)
        if key not in self.framesets:  # many Reads share a range: one FrameSet each (memory and speed)
            self.framesets[key] = _common.frame_range(a, b)
        return self.framesets[key]

    def _add(self, raw: str, node: str, attr: str, **kw: object) -> None:
        value, unresolved = _tcl.evaluate(raw, self.path, self.base if self.project_dir_set else None)
        if unresolved:
            self.info.findings.append(fnd.warning(
                "tcl-expression", f"{node}.{attr} holds {', '.join(unresolved)}, which cannot be evaluated "
                "outside Nuke; the path is checked as written."))
        if not is_absolute(value) and not value.startswith(("[", "$", "%")):
            self.relative_seen = True
        self.info.references.append(Reference(
            raw=value, node=node, attr=attr, via=self.path, base=self.base, views=self.views,
            **kw))  # type: ignore[arg-type]

    # -- gizmos ---------------------------------------------------------------------------------
    def _gizmo(self, node: _Node, full: str) -> None:
        cls = node.cls
        if not cls or cls in T.BUILTIN_CLASSES:
            return
        if self.gizmos is None:
            self.gizmos = _gizmo_index(self.dir)
        found = self.gizmos.get(cls)
        if found:
            self.info.references.append(Reference(
                raw=found, node=full, attr="gizmo", via=self.path, kind_hint="scene", base=self.dir))
        elif cls not in self.seen_classes:
            self.info.findings.append(fnd.info(
                "unknown-node-class", f"node class {cls} (e.g. {full}) is not a Nuke built-in and no "
                f"{cls}.gizmo was found on NUKE_PATH or next to the script; if it is a gizmo, the farm "
                "needs it on its NUKE_PATH."))
        self.seen_classes.add(cls)

    def _finish(self) -> SceneInfo:
        info = self.info
        info.frame_range = self.frame_range
        info.views = self.views
        if self.relative_seen and not self.project_dir_set:
            info.findings.append(fnd.warning(
                "relative-without-project-dir", "the script has relative file paths but no Root "
                "project_directory; Nuke resolves them against its working directory, which differs on "
                "the farm. They are checked against the script's folder; set project_directory to "
                "[python {nuke.script_directory()}] to make that true in Nuke too."))
        return info


def _parse_views(text: str) -> tuple:
    """Root ``views``: ``{left ""} {right ""}`` (Nuke 7+) or lines of ``name #colour``."""
    names: List[str] = []
    if "{" in text:
        i = 0
        while True:
            j = text.find("{", i)
            if j < 0:
                break
            k = text.find("}", j)
            if k < 0:
                break
            word, _ = _tcl.first_word(text[j + 1 : k])
            if word:
                names.append(word)
            i = k + 1
    else:
        for ln in text.splitlines():
            word = ln.split()
            if word:
                names.append(word[0])
    return tuple(names)


def _gizmo_index(script_dir: str) -> Dict[str, str]:
    """``Class -> path`` of the ``.gizmo`` files next to the script, on NUKE_PATH and in ~/.nuke."""
    dirs = [script_dir] + [d for d in os.environ.get("NUKE_PATH", "").split(os.pathsep) if d]
    dirs.append(os.path.join(os.path.expanduser("~"), ".nuke"))
    out: Dict[str, str] = {}
    for d in dirs:
        try:
            with os.scandir(d) as it:
                for e in it:
                    if e.name.endswith(".gizmo") and e.name[:-6] not in out:
                        out[e.name[:-6]] = forward_slashes(e.path)
        except OSError:
            continue
    return out


def read(path: str, *, via: Optional[str] = None) -> SceneInfo:
    """Read a .nk or .gizmo script; see the module docstring."""
    return _Reader(path).run()
