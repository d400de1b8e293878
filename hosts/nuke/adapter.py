"""Collect a SceneInfo from the open Nuke script, through the Nuke Python API only.

What it calls: ``nuke.root()`` (frame range, OCIO config knobs), ``nuke.allNodes(recurseGroups=True)``
(every node, groups and gizmos included), ``node.knobs()`` and every ``nuke.File_Knob`` on each
node (raw ``knob.value()``; where the text holds a TCL expression, ``knob.getEvaluatedValue(oc)``
per frame and view with a ``nuke.OutputContext``), ``nuke.Gizmo.filename()``, ``nuke.views()``,
``nuke.scriptName()``, the root's ``project_directory`` (``knob.evaluate()``; relative paths resolve
against it, else against the script's folder) and ``nuke.NUKE_VERSION_STRING``.

Raw strings go out as the script holds them; token expansion, scanning and validation are
core's (:func:`accsyn_dcc.core.gather.resolve`). Nuke exceptions become ``HostError`` in
:func:`_call` only; a node that fails becomes a finding naming it and the rest is collected.
"""

# ruff: noqa: UP045  (Optional[...] kept for Python 3.9 runtime evaluation, as in core/config.py)

from __future__ import annotations

from typing import Any, Iterable, List, Optional, Sequence

import nuke

from accsyn_dcc.core.frames import FrameSet
from accsyn_dcc.core.hostdata import Collector, frame_range, group_by_value, host_call, scene_dir
from accsyn_dcc.core.readers._nuke_tables import OUTPUT_CLASSES, READ_FROM_FILE_CLASSES, SCENE_CLASSES
from accsyn_dcc.core.refs import SCENE, Reference, SceneInfo

HOST = "nuke"
# What the Nuke API raises: RuntimeError (evaluation, untitled script), ValueError/NameError (knobs).
HOST_ERRORS = (RuntimeError, ValueError, NameError)
OUTPUT_KNOB = "file"
PROXY_KNOB = "proxy"
OCIO_KNOB = "customOCIOConfigPath"
PROJECT_KNOB = "project_directory"
TCL_OPEN = "["  # a TCL expression in a file knob: the text alone does not name the file


def _call(node: str, attr: str = ""):  # type: ignore[no-untyped-def]
    """The one place Nuke exceptions are converted (into HostError)."""
    return host_call(HOST, HOST_ERRORS, node=node, attr=attr)


def collect(write_nodes: Optional[Sequence[str]] = None) -> SceneInfo:
    """The open script's references; ``write_nodes`` (full names) picks the Writes to render
    (default: every enabled Write)."""
    with _call("root"):
        root = nuke.root()
        scene = _script_name()
        views = tuple(nuke.views())
        scene_range = frame_range(root.firstFrame(), root.lastFrame())
        nodes = nuke.allNodes(recurseGroups=True)
    col = Collector(HOST, scene)
    chosen = set(write_nodes) if write_nodes is not None else None
    output_frames: List[FrameSet] = []
    with col.node("root"), _call("root"):
        _root_refs(col, root, views, scene_range)
    for node in nodes:
        name = node.fullName()
        with col.node(name), _call(name):
            frames = _collect_node(col, node, name, chosen, views, scene_range)
            if frames is not None:
                output_frames.append(frames)
    with _call("root", PROJECT_KNOB):
        project = _project_dir(root) or scene_dir(scene)
    col.references = [_with(r, base=project) for r in col.references]  # relative paths resolve here
    return col.scene_info(
        "nuke",
        frame_range=_union(output_frames) or scene_range,
        host_version=nuke.NUKE_VERSION_STRING,
        views=views,
        project_dir=project,
    )


def _project_dir(root: Any) -> Optional[str]:
    """The root's project directory, evaluated (often ``[python {nuke.script_directory()}]``)."""
    knob = root.knob(PROJECT_KNOB)
    if knob is None or not str(knob.value() or "").strip():
        return None
    value = knob.evaluate() if isinstance(knob, nuke.EvalString_Knob) else knob.value()
    return str(value).rstrip("/") or None


def _collect_node(col: Collector, node: Any, name: str, chosen: Optional[set], views: tuple,
                  scene_range: Optional[FrameSet]) -> Optional[FrameSet]:
    """One node's references; returns its output frames when it is a Write that renders."""
    if _knob_value(node, "disable") is True:
        return None
    is_output = node.Class() in OUTPUT_CLASSES
    if is_output and chosen is not None and name not in chosen:
        col.skipped(name, "not among the Write nodes chosen to render")
        return None
    frames = _output_frames(node, scene_range) if is_output else _read_frames(node)
    _node_refs(col, node, name, views, frames)
    return frames if is_output else None


def _script_name() -> str:
    try:
        return nuke.scriptName()
    except RuntimeError:  # untitled: Nuke raises instead of returning ""
        return ""


def _root_refs(col: Collector, root: Any, views: tuple, frames: Optional[FrameSet]) -> None:
    ocio = _knob_value(root, "OCIO_config")
    for attr, knob in root.knobs().items():
        if not isinstance(knob, nuke.File_Knob) or attr in ("name", PROJECT_KNOB):
            continue
        if attr == OCIO_KNOB and ocio not in (None, "custom"):
            continue  # a stale path: only used when the OCIO config is "custom"
        for ref in _knob_refs(knob, "root", attr, views, frames, output=False):
            col.add(ref if attr != OCIO_KNOB else _with(ref, kind_hint=SCENE))


def _node_refs(col: Collector, node: Any, name: str, views: tuple, frames: Optional[FrameSet]) -> None:
    cls = node.Class()
    if isinstance(node, nuke.Gizmo):
        with _call(name, "gizmo"):
            path = node.filename()
        if path:
            col.add(Reference(raw=path, node=name, attr="gizmo", kind_hint=SCENE))
    if cls in READ_FROM_FILE_CLASSES and _knob_value(node, "read_from_file") is False:
        return
    for attr, knob in node.knobs().items():
        if not isinstance(knob, nuke.File_Knob):
            continue
        if cls in OUTPUT_CLASSES and attr == PROXY_KNOB and not nuke.root().proxy():
            continue  # the proxy output is only written in proxy mode
        output = cls in OUTPUT_CLASSES and attr in (OUTPUT_KNOB, PROXY_KNOB)
        for ref in _knob_refs(knob, name, attr, views, frames, output=output):
            col.add(_with(ref, kind_hint=SCENE) if cls in SCENE_CLASSES and attr == "file" else ref)


def _knob_refs(knob: Any, name: str, attr: str, views: tuple, frames: Optional[FrameSet],
               *, output: bool) -> List[Reference]:
    with _call(name, attr):
        raw = str(knob.value() or "")
    if TCL_OPEN not in raw:
        return [Reference(raw=raw, node=name, attr=attr, frames=frames, output=output, views=views)]
    # An expression: evaluate it where it is used, one reference per distinct result.
    with _call(name, attr):
        values = list(_evaluate(knob, frames, views))
    return [Reference(raw=value, node=name, attr=attr, frames=used, output=output)
            for value, used in group_by_value(values)]


def _evaluate(knob: Any, frames: Optional[FrameSet], views: Sequence[str]) -> Iterable[tuple]:
    oc = nuke.OutputContext()
    for view in views or ("main",):
        oc.setView(oc.viewFromName(view))
        for frame in frames or (nuke.root().firstFrame(),):
            oc.setFrame(frame)
            yield frame, str(knob.getEvaluatedValue(oc))


def _knob_value(node: Any, name: str) -> Any:
    knob = node.knob(name)
    return knob.value() if knob is not None else None


def _read_frames(node: Any) -> Optional[FrameSet]:
    first, last = _knob_value(node, "first"), _knob_value(node, "last")
    if first is None or last is None:
        return None
    return frame_range(first, last)


def _output_frames(node: Any, scene_range: Optional[FrameSet]) -> Optional[FrameSet]:
    if _knob_value(node, "use_limit"):
        return frame_range(_knob_value(node, "first"), _knob_value(node, "last"))
    return scene_range


def _union(sets: List[FrameSet]) -> Optional[FrameSet]:
    return sets[0].union(*sets[1:]) if sets else None


def _with(ref: Reference, **changes: Any) -> Reference:
    import dataclasses

    return dataclasses.replace(ref, **changes)


def write_choices() -> List[str]:
    """Full names of the enabled Write-like nodes (what :func:`collect` accepts as ``write_nodes``)."""
    with _call("allNodes"):
        return [n.fullName() for n in nuke.allNodes(recurseGroups=True)
                if n.Class() in OUTPUT_CLASSES and _knob_value(n, "disable") is not True]
