"""Streaming reader of Maya ASCII scenes (.ma).

Collects ``file -r``/``-rdi`` references (``kind_hint="scene"``; the engine follows them),
``setAttr`` string values of the file attributes in :data:`_maya_tables.FILE_ATTRS` (keyed by the
node type from ``createNode <type> -n "<name>"``, short or long attribute names, ``.attr`` or
``node.attr`` forms, values wrapped over lines), UDIM/frame-extension sequences, the render range,
renderer and Maya version, the colour-management config, and the image output.

Choices (documented, tested):

* Relative paths resolve against the Maya **project** (the folder holding ``workspace.mel``, looked
  for from the scene's folder up to four parents), else the scene's folder. ``SceneInfo.project_dir``
  says which.
* Output: ``<project>/<images rule>/<prefix>.####.<ext>`` as one output reference (``attr="ifp"``);
  the images rule comes from ``workspace.mel`` (``workspace -fr "images" …``), default ``images``;
  the prefix is ``defaultRenderGlobals.ifp`` with ``<Scene>`` replaced by the scene name (other
  tokens such as ``<RenderLayer>`` stay raw).
* Frame range: ``defaultRenderGlobals`` ``.fs``/``.ef``/``.bfs`` (defaults 1, 10, 1) when
  animation (``.an``) is on; otherwise the current frame (``time1.o``) with an info finding.
* ``uvTilingMode`` 3 (UDIM) turns a ``1001``-style tile number into ``<UDIM>``, 1/2 (ZBrush/Mudbox)
  ``u1_v1`` into ``<UVTILE>``; ``useFrameExtension`` turns the last digit group into ``#``s and
  gives the reference the scene's frames.
* Colour management: a config under ``<MAYA_RESOURCES>`` ships with Maya and is not a dependency
  (info finding, matching the deadline-cloud reference); any other ``.cfp`` is a scene reference.

Limits: attributes of node types not in the table (plug-in nodes) are not found; expressions and
MEL scripts in script nodes are not run; render layers' overrides of the range/prefix are not applied.
"""

# ruff: noqa: UP045  (Optional[...] kept for Python 3.9 runtime evaluation, as in core/config.py)
from __future__ import annotations

import os
import re
from typing import Dict, List, Optional

from accsyn_dcc.core import findings as fnd
from accsyn_dcc.core.frames import FrameSet
from accsyn_dcc.core.readers import _chunks, _common, _mel
from accsyn_dcc.core.readers import _maya_tables as T
from accsyn_dcc.core.refs import Reference, SceneInfo
from accsyn_dcc.core.tokens import is_absolute

_CODESET_RE = re.compile(rb"//Codeset:\s*(\S+)")
_WORKSPACE_IMAGES_RE = re.compile(r'workspace\s+-fr\s+"images"\s+"((?:[^"\\]|\\.)*)"')
_UDIM_RE = re.compile(r"(?<!\d)1\d{3}(?!\d)(?=[^/\\]*$)")
_UVTILE_RE = re.compile(r"u\d+_v\d+(?=[^/\\]*$)")
_FRAME_RE = re.compile(r"(\d+)(?=\D*$)")
_ALL_FILE_ATTRS = frozenset(a for attrs in T.FILE_ATTRS.values() for a in attrs)
_CREATE_RE = re.compile(r'createNode\s+([A-Za-z_][\w:]*)(?:\s+-s{1,2})*(?:\s+-n\s+"((?:[^"\\]|\\.)*)")?'
                        r'(?:\s+-p\s+"(?:[^"\\]|\\.)*")?(?:\s+-s{1,2})*\s*$')
_ATTR_RE = re.compile(r'"((?:[^"\\]|\\.)*)"')
_WANTED_CMDS = frozenset({"file", "createNode", "select", "requires", "fileInfo"})


class _Node:
    __slots__ = ("type", "name", "attrs")

    def __init__(self, type_: str, name: str) -> None:
        self.type = type_
        self.name = name
        self.attrs: Dict[str, str] = {}


class _Reader:
    def __init__(self, path: str) -> None:
        self.path = path
        self.info = SceneInfo(path=path, format="maya")
        self.dir = _common.scene_dir(path).replace("\\", "/")
        self.project, self.images = _find_project(self.dir)
        self.info.project_dir = self.project
        self.node: Optional[_Node] = None
        self.file_types: Dict[str, str] = {}  # node name -> type, for "node.attr" setAttrs
        self.render: Dict[str, str] = {}
        self.current: Optional[str] = None
        self.plugins: List[str] = []
        self.seen_refs: set = set()
        self.frame_refs: List[int] = []

    def want(self, cmd: str, first: str) -> bool:
        if cmd in _WANTED_CMDS:
            return True
        if cmd != "setAttr":
            return False
        node = self.node
        if node is not None and (node.type in T.FILE_ATTRS or node.type in T.SHARED_NODES.values()):
            return True
        q = first.find('"')  # a "node.attr" setAttr names its node itself
        return q >= 0 and first[q + 1 : q + 2] not in (".", "")

    def run(self) -> SceneInfo:
        for cmd, text, _no in _mel.statements(_chunks.chunks(self.path, _encoding(self.path)), self.want):
            if cmd == "createNode":
                self._flush()
                self._create_fast(text)
                continue
            if cmd == "setAttr" and not self._attr_wanted(text):
                continue
            toks = _mel.tokens(text)
            if cmd == "setAttr":
                self._set_attr(toks)
            elif cmd == "createNode":
                self._create(toks)
            elif cmd == "select":
                self._flush()
                self._select(toks)
            elif cmd == "file":
                self._file(toks)
            elif cmd == "requires":
                self._requires(toks)
            elif cmd == "fileInfo" and len(toks) >= 3 and toks[1] == "version" and not self.info.host_version:
                self.info.host_version = str(toks[2])
        self._flush()
        return self._finish()

    # -- statements -----------------------------------------------------------------------------
    def _create_fast(self, text: str) -> None:
        """``createNode <type> ... -n "<name>"`` by regex; anything unusual goes to :meth:`_create`."""
        m = _CREATE_RE.match(text)
        if m is None:
            self._create(_mel.tokens(text))
            return
        type_, name = m.group(1), m.group(2)
        self.node = _Node(type_, _mel.unescape(name) if name else type_)
        if type_ in T.FILE_ATTRS:
            self.file_types[self.node.name] = type_

    @staticmethod
    def _attr_wanted(text: str) -> bool:
        m = _ATTR_RE.search(text)
        if m is None:
            return False
        head, _, attr = m.group(1).partition(".")
        attr = attr.split("[", 1)[0]
        return attr in _ALL_FILE_ATTRS or attr in T.RENDER_ATTRS or attr in T.NODE_ATTRS

    def _create(self, toks: List[_mel.Token]) -> None:
        type_, name = "", ""
        i = 1
        while i < len(toks):
            t = toks[i]
            if t in ("-n", "-name") and i + 1 < len(toks):
                name = str(toks[i + 1])
                i += 2
                continue
            if t in ("-p", "-parent") and i + 1 < len(toks):
                i += 2
                continue
            if not t.startswith("-") and not type_:
                type_ = str(t)
            i += 1
        self.node = _Node(type_, name or type_)
        if type_ in T.FILE_ATTRS:
            self.file_types[self.node.name] = type_

    def _select(self, toks: List[_mel.Token]) -> None:
        names = [str(t).lstrip(":") for t in toks[1:] if not t.startswith("-")]
        if len(names) == 1:
            name = names[0]
            type_ = T.SHARED_NODES.get(name) or self.file_types.get(name, "")
            self.node = _Node(type_, name)
        else:
            self.node = None

    def _set_attr(self, toks: List[_mel.Token]) -> None:
        attr_tok = next((t for t in toks[1:] if t.quoted), None)
        if attr_tok is None:
            return
        node = self.node
        head, _, attr = str(attr_tok).partition(".")
        if head:  # "node.attr": a node other than the current one
            node = _Node(self.file_types.get(head, T.SHARED_NODES.get(head.lstrip(":"), "")), head)
            self._store(node, attr, toks, attr_tok)
            self._flush_node(node)
            return
        if node is not None:
            self._store(node, attr, toks, attr_tok)

    @staticmethod
    def _store(node: _Node, attr: str, toks: List[_mel.Token], attr_tok: _mel.Token) -> None:
        attr = attr.split("[", 1)[0]
        if attr not in _ALL_FILE_ATTRS and attr not in T.RENDER_ATTRS and attr not in T.NODE_ATTRS:
            return
        rest = toks[toks.index(attr_tok) + 1 :]
        if len(rest) >= 2 and rest[0] == "-type":
            rest = rest[2:]
        if rest:
            node.attrs[attr] = str(rest[0])

    def _file(self, toks: List[_mel.Token]) -> None:
        flags = {str(t) for t in toks if t.startswith("-") and not t.quoted}
        if not flags & {"-r", "-reference", "-rdi", "-referenceDepthInfo"}:
            return
        strings = [t for t in toks if t.quoted]
        if not strings:
            return
        raw = str(strings[-1])
        rfn = _flag_value(toks, ("-rfn", "-referenceNode")) or _flag_value(toks, ("-ns", "-namespace")) or ""
        if raw in self.seen_refs:
            return
        self.seen_refs.add(raw)
        self._add(raw, rfn, "reference", kind_hint="scene")

    def _requires(self, toks: List[_mel.Token]) -> None:
        i = 1
        plain: List[str] = []
        while i < len(toks):
            if toks[i].startswith("-") and not toks[i].quoted:
                i += 2
                continue
            plain.append(str(toks[i]))
            i += 1
        if len(plain) >= 2 and plain[0] == "maya":
            self.info.host_version = plain[1]
        elif plain:
            self.plugins.append(plain[0])

    # -- nodes ----------------------------------------------------------------------------------
    def _flush(self) -> None:
        if self.node is not None:
            self._flush_node(self.node)
        self.node = None

    def _flush_node(self, node: _Node) -> None:
        a = node.attrs
        if not a:
            return
        if node.type == "renderGlobals":
            self.render.update(a)
        elif node.type == "time":
            self.current = a.get("o", self.current)
        elif node.type == "colorManagementGlobals":
            self._color_management(node)
        elif node.type in T.FILE_ATTRS:
            self._file_attrs(node)
        node.attrs = {}

    def _file_attrs(self, node: _Node) -> None:
        a = node.attrs
        for attr in T.FILE_ATTRS[node.type]:
            raw = a.get(attr)
            if not raw:
                continue
            if node.type == "cacheFile" and (a.get("cn") or a.get("cacheName")):
                raw = f"{raw.rstrip('/')}/{a.get('cn') or a.get('cacheName')}.xml"
            raw, sequence = _tiles_and_frames(raw, a)
            kind = "scene" if raw.lower().endswith(T.SCENE_EXTENSIONS) else None
            if sequence:
                self.frame_refs.append(len(self.info.references))
            self._add(raw, node.name, attr, kind_hint=kind)

    def _color_management(self, node: _Node) -> None:
        cfp = node.attrs.get("cfp") or node.attrs.get("configFilePath")
        if not cfp:
            return
        if "<MAYA_RESOURCES>" in cfp:
            self.info.findings.append(fnd.info(
                "maya-resources-config", f"colour management uses {cfp}, which ships with Maya; it is not "
                "listed as a dependency (the farm's Maya has its own copy)."))
        elif (node.attrs.get("cfe") or node.attrs.get("configFileEnabled") or "no") in ("yes", "1", "true"):
            self._add(cfp, node.name, "cfp", kind_hint="scene")

    def _add(self, raw: str, node: str, attr: str, **kw: object) -> None:
        self.info.references.append(Reference(
            raw=raw, node=node, attr=attr, via=self.path, base=self.project, **kw))  # type: ignore[arg-type]

    # -- render settings ------------------------------------------------------------------------
    def _finish(self) -> SceneInfo:
        info = self.info
        r = self.render
        info.renderer = r.get("ren") or r.get("currentRenderer") or next(
            (T.RENDERER_PLUGINS[p] for p in self.plugins if p in T.RENDERER_PLUGINS), None)
        info.frame_range = self._range()
        for i in self.frame_refs:
            ref = info.references[i]
            info.references[i] = Reference(**{**ref.__dict__, "frames": info.frame_range})
        self._output()
        return info

    def _range(self) -> Optional[FrameSet]:
        r = self.render
        if (r.get("an") or r.get("animation") or "no") in ("yes", "1", "true"):
            try:
                a = int(float(r.get("fs") or r.get("startFrame") or 1))
                b = int(float(r.get("ef") or r.get("endFrame") or 10))
                step = max(1, int(float(r.get("bfs") or r.get("byFrameStep") or 1)))
                got = _common.frame_range(a, b, step)
                if got is None:
                    raise ValueError(f"{a}-{b}x{step}")
                return got
            except (ValueError, OverflowError):
                self.info.findings.append(fnd.warning(
                    "bad-frame-range",
                    "the render settings' frame range cannot be read; set it in Render Settings."))
                return None
        try:
            frame = int(float(self.current)) if self.current is not None else None
        except (ValueError, OverflowError):
            frame = None
        self.info.findings.append(fnd.info(
            "single-frame", "render settings have animation off: Maya renders only the current frame"
            + (f" ({frame})" if frame is not None else "") + ". Turn on animation (Render Settings > "
            "Frame/Animation ext) to render a range."))
        return FrameSet(frame) if frame is not None else None

    def _output(self) -> None:
        r = self.render
        stem = os.path.splitext(os.path.basename(self.path))[0]
        prefix = (r.get("ifp") or r.get("imageFilePrefix") or "<Scene>").replace("<Scene>", stem)
        ext = r.get("imfkey") or ("exr" if self.info.renderer == "arnold" else "iff")
        name = f"{prefix}.####.{ext}" if (self.info.frame_range and len(self.info.frame_range) > 1) \
            else f"{prefix}.{ext}"
        raw = name if is_absolute(prefix) else f"{self.images.rstrip('/')}/{name}"
        self._add(raw, "defaultRenderGlobals", "ifp", output=True, frames=self.info.frame_range)


def _flag_value(toks: List[_mel.Token], names: tuple) -> Optional[str]:
    for i, t in enumerate(toks[:-1]):
        if not t.quoted and t in names:
            return str(toks[i + 1])
    return None


def _tiles_and_frames(raw: str, a: Dict[str, str]) -> tuple:
    """Apply uvTilingMode / useFrameExtension: returns ``(raw, is_frame_sequence)``."""
    uvt = a.get("uvt") or a.get("uvTilingMode")
    lowered = raw.lower()
    if uvt == "3" and "<udim>" not in lowered:
        raw = _UDIM_RE.sub("<UDIM>", raw, count=1)
    elif uvt in ("1", "2") and "<uvtile>" not in lowered and "<u>" not in lowered:
        raw = _UVTILE_RE.sub("<UVTILE>", raw, count=1)
    if (a.get("ufe") or a.get("useFrameExtension")) in ("yes", "1", "true"):
        if "<f>" not in lowered and "#" not in raw:
            base, name = os.path.split(raw)
            m = _FRAME_RE.search(name)
            if m:
                name = name[: m.start()] + "#" * len(m.group(1)) + name[m.end() :]
                raw = os.path.join(base, name) if base else name
        return raw, True
    return raw, False


def _encoding(path: str) -> str:
    m = _CODESET_RE.search(_common.head(path, 512))
    if not m:
        return "utf-8"
    code = m.group(1).decode("ascii", "replace").lower()
    if code in ("1252", "cp1252", "windows-1252"):
        return "cp1252"
    if code in ("932", "cp932", "shift_jis"):
        return "cp932"
    return "utf-8"


def _find_project(start: str) -> tuple:
    """``(project dir, images rule)``: the nearest folder with a workspace.mel, else the scene's."""
    d = start
    for _ in range(5):
        ws = os.path.join(d, "workspace.mel")
        if os.path.isfile(ws):
            images = "images"
            for line in _common.lines(ws):
                m = _WORKSPACE_IMAGES_RE.search(line)
                if m:
                    images = _mel.unescape(m.group(1)) or "images"
            return d.replace("\\", "/"), images
        parent = os.path.dirname(d)
        if parent == d:
            break
        d = parent
    return start, "images"


def read(path: str, *, via: Optional[str] = None) -> SceneInfo:
    """Read a .ma scene; see the module docstring."""
    return _Reader(path).run()
