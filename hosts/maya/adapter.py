"""Collect a SceneInfo from the open Maya scene, through ``maya.cmds`` only.

What it calls: ``cmds.file(q=True, sceneName=True)``, ``cmds.workspace(q=True, rootDirectory=True)``,
``cmds.about(version=True)``; file attributes from ``cmds.filePathEditor`` (``refresh``,
``listDirectories``, ``listFiles`` + ``withAttribute``) with the raw value from ``cmds.getAttr``,
and for ``file`` textures ``uvTilingMode`` / ``useFrameExtension`` /
``computedFileTextureNamePattern`` (``<UDIM>``, ``<f>``); references from
``cmds.file(q=True, reference=True)`` + ``cmds.referenceQuery`` (unresolved name, reference node);
the render range from ``defaultRenderGlobals``; per-layer outputs from ``cmds.ls(type="renderLayer")``
and the renderer's :mod:`render_handlers` (``cmds.renderSettings``).

Maya exceptions become ``HostError`` in :func:`_call` only; a node that fails becomes a finding
naming it and the rest is collected.
"""

# ruff: noqa: UP045  (Optional[...] kept for Python 3.9 runtime evaluation, as in core/config.py)

from __future__ import annotations

from typing import Any, List, Optional, Sequence

from maya import cmds

from accsyn_dcc.core.frames import FrameSet
from accsyn_dcc.core.hostdata import Collector, flat_pairs, frame_range, host_call, str_list
from accsyn_dcc.core.refs import SCENE, Reference, SceneInfo
from accsyn_dcc.hosts.maya.render_handlers import get_render_handler

HOST = "maya"
HOST_ERRORS = (RuntimeError, ValueError)  # what maya.cmds raises for a scene problem
GLOBALS = "defaultRenderGlobals"
TEXTURE_NODE = "file"


def _call(node: str, attr: str = ""):  # type: ignore[no-untyped-def]
    """The one place Maya exceptions are converted (into HostError)."""
    return host_call(HOST, HOST_ERRORS, node=node, attr=attr)


def collect(layers: Optional[Sequence[str]] = None) -> SceneInfo:
    """The open scene's references; ``layers`` picks the render layers to render (default: every
    renderable layer)."""
    with _call("scene"):
        scene = _text(cmds.file(q=True, sceneName=True))
        project = _text(cmds.workspace(q=True, rootDirectory=True)).rstrip("/") or None
        renderer = _text(cmds.getAttr(f"{GLOBALS}.currentRenderer")) or None
        frames = _render_range()
        version = _text(cmds.about(version=True))
    col = Collector(HOST, scene)
    _file_attributes(col, project, frames)
    _references(col, project)
    _layer_outputs(col, renderer, layers, frames)
    return col.scene_info("maya", frame_range=frames, renderer=renderer, host_version=version,
                          project_dir=project)


def _render_range() -> Optional[FrameSet]:
    if not cmds.getAttr(f"{GLOBALS}.animation"):
        current = cmds.getAttr("time1.outTime")  # the current frame (currentTime's query is not in the stubs)
        return frame_range(current, current)
    return frame_range(cmds.getAttr(f"{GLOBALS}.startFrame"), cmds.getAttr(f"{GLOBALS}.endFrame"),
                       cmds.getAttr(f"{GLOBALS}.byFrameStep"))


def _file_attributes(col: Collector, project: Optional[str], frames: Optional[FrameSet]) -> None:
    with col.node("filePathEditor"), _call("filePathEditor"):
        cmds.filePathEditor(refresh=True)
        # The stubs type query flags as Literal[True] one at a time; these two take a value / combine
        # (as in Maya's docs), so only the overload match is waived; the names are still checked.
        dirs = cmds.filePathEditor(query=True, listDirectories="")  # type: ignore[call-overload]
        plugs = [plug for d in str_list(dirs) for _name, plug in flat_pairs(
            cmds.filePathEditor(query=True, listFiles=d, withAttribute=True))]  # type: ignore[call-overload]
    for plug in dict.fromkeys(plugs):
        node, _, attr = plug.partition(".")
        if not attr:
            continue  # a reference node: collected by _references with its unresolved name
        with col.node(node), _call(node, attr):
            col.add(_file_attribute(node, attr, project, frames))


def _file_attribute(node: str, attr: str, project: Optional[str], frames: Optional[FrameSet]) -> Reference:
    raw = _text(cmds.getAttr(f"{node}.{attr}"))
    used: Optional[FrameSet] = None
    if cmds.nodeType(node) == TEXTURE_NODE:
        tiled = cmds.getAttr(f"{node}.uvTilingMode")
        animated = cmds.getAttr(f"{node}.useFrameExtension")
        if tiled or animated:  # the name Maya resolves per tile / frame: "tex.<UDIM>.exr", "seq.<f>.png"
            raw = _text(cmds.getAttr(f"{node}.computedFileTextureNamePattern")) or raw
        used = frames if animated else None
    return Reference(raw=raw, node=node, attr=attr, frames=used, base=project)


def _references(col: Collector, project: Optional[str]) -> None:
    with col.node("references"), _call("references"):
        paths = str_list(cmds.file(q=True, reference=True))
    for path in paths:
        with col.node(path), _call(path, "reference"):
            node = _text(cmds.referenceQuery(path, referenceNode=True))
            raw = _text(cmds.referenceQuery(path, filename=True, unresolvedName=True, withoutCopyNumber=True))
            col.add(Reference(raw=raw or path, node=node, attr="reference", kind_hint=SCENE, base=project))


def _layer_outputs(col: Collector, renderer: Optional[str], chosen: Optional[Sequence[str]],
                   frames: Optional[FrameSet]) -> None:
    handler = get_render_handler(renderer)
    with col.node("renderLayers"), _call("renderLayers"):
        layers = str_list(cmds.ls(type="renderLayer"))
    for layer in layers:
        with col.node(layer), _call(layer, "renderable"):
            if chosen is not None and layer not in chosen:
                continue
            if cmds.referenceQuery(layer, isNodeReferenced=True) or not cmds.getAttr(f"{layer}.renderable"):
                continue
            for ref in handler.layer_outputs(layer, frames):
                col.add(ref)


def _text(value: Any) -> str:
    """A query result as text (the stubs type several string queries as bool or list)."""
    if isinstance(value, (list, tuple)):
        return str(value[0]) if value else ""
    return "" if value is None or value is False else str(value)


def renderable_layers() -> List[str]:
    """Layer names a dialog can offer (renderable, not from a reference)."""
    out = []
    for layer in str_list(cmds.ls(type="renderLayer")):
        with _call(layer, "renderable"):
            if cmds.getAttr(f"{layer}.renderable") and not cmds.referenceQuery(layer, isNodeReferenced=True):
                out.append(layer)
    return out
