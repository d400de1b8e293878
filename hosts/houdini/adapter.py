"""Collect a SceneInfo from the open Houdini scene, through ``hou`` only.

What it calls: ``hou.hipFile.path()``, ``hou.applicationVersionString()``, ``hou.playbar.frameRange()``,
``hou.fileReferences()`` ((parm, raw path) pairs), ``hou.node("/").allSubChildren()`` to find the
output nodes of :data:`OUTPUT_PARMS` (mantra ``vm_picture``, Arnold ``ar_picture``, Karma/OpenGL
``picture``, Redshift ``RS_outputFileNamePrefix``, ``sopoutput``, ``lopoutput``, ...) with their
``trange``/``f1``/``f2``/``f3`` range (``hou.frame()`` for "current frame"), ``parm.unexpandedString()``
for the raw text, and, where the text holds a backtick expression, ``parm.evalAsStringAtFrame(f)``
(or ``hou.text.expandStringAtFrame`` for a reference without a parm) per frame; and the digital-asset
libraries in use (``node.type().definition().libraryFilePath()``, not embedded, not under ``$HFS``).

``$HIP``, ``$JOB``, ``$F4`` and friends stay in the raw strings: core expands them. hou exceptions
become ``HostError`` in :func:`_call` only; a node that fails becomes a finding naming it.
"""

# ruff: noqa: UP045  (Optional[...] kept for Python 3.9 runtime evaluation, as in core/config.py)

from __future__ import annotations

from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple

import hou

from accsyn_dcc.core.frames import FrameSet
from accsyn_dcc.core.hostdata import Collector, frame_range, group_by_value, host_call, scene_dir
from accsyn_dcc.core.refs import Reference, SceneInfo

HOST = "houdini"
HOST_ERRORS = (hou.Error,)
EXPRESSION = "`"
EMBEDDED = "Embedded"  # libraryFilePath() of an asset saved inside the .hip
HDA_ATTR = "hda"  # a backtick expression: the text alone does not name the file

# (node type category, node type name) -> the parm holding the file the node writes. (A File Cache
# SOP is left out on purpose: in a render scene it usually *reads* its cache, a dependency.)
OUTPUT_PARMS: Dict[Tuple[str, str], str] = {
    ("Driver", "ifd"): "vm_picture",
    ("Driver", "arnold"): "ar_picture",
    ("Driver", "karma"): "picture",
    ("Driver", "opengl"): "picture",
    ("Driver", "Redshift_ROP"): "RS_outputFileNamePrefix",
    ("Driver", "vray_renderer"): "SettingsOutput_img_file_path",
    ("Driver", "usdrender"): "outputimage",
    ("Driver", "usd"): "lopoutput",
    ("Driver", "geometry"): "sopoutput",
    ("Driver", "alembic"): "filename",
    ("Driver", "comp"): "copoutput",
    ("Driver", "baketexture"): "vm_uvoutputpicture1",
    ("Sop", "rop_geometry"): "sopoutput",
    ("Sop", "rop_alembic"): "filename",
    ("Lop", "usd_rop"): "lopoutput",
    ("Lop", "usdrender_rop"): "outputimage",
}
# Any other ROP (Driver) with one of these parms writes there.
DRIVER_OUTPUT_PARMS = ("vm_picture", "ar_picture", "picture", "RS_outputFileNamePrefix", "lopoutput",
                       "sopoutput", "outputimage", "copoutput")


def _call(node: str, attr: str = ""):  # type: ignore[no-untyped-def]
    """The one place hou exceptions are converted (into HostError)."""
    return host_call(HOST, HOST_ERRORS, node=node, attr=attr)


def collect(rops: Optional[Sequence[str]] = None) -> SceneInfo:
    """The open scene's references; ``rops`` (node paths) picks the output nodes to render
    (default: every output node that is not bypassed)."""
    with _call("scene"):
        hip = hou.hipFile.path()
        version = hou.applicationVersionString()
        start, end = hou.playbar.frameRange()[0], hou.playbar.frameRange()[1]
        outputs = output_nodes()
        file_refs = list(hou.fileReferences())
        libraries = hda_libraries()
    col = Collector(HOST, hip)
    base = scene_dir(hip)
    written = {(path, parm) for path, parm in outputs}
    chosen = [(p, parm) for p, parm in outputs if rops is None or p in rops]
    ranges: List[FrameSet] = []
    for path, parm_name in chosen:
        with col.node(path), _call(path, parm_name):
            frames = _output(col, path, parm_name, base, rops is None)
            if frames is not None:
                ranges.append(frames)
    scene_range = ranges[0].union(*ranges[1:]) if ranges else frame_range(start, end)
    for parm, raw in file_refs:
        node, attr = (parm.node().path(), parm.name()) if parm is not None else ("", "")
        if (node, attr) in written:
            continue  # an output: reported by its ROP above (or not rendered)
        with col.node(node or raw), _call(node, attr):
            for ref in _input_refs(parm, raw, node, attr, base, scene_range):
                col.add(ref)
    for node, library in libraries:
        col.add(Reference(raw=library, node=node, attr=HDA_ATTR, base=base))
    return col.scene_info("houdini", frame_range=scene_range, host_version=version,
                          project_dir=hou.getenv("JOB"))


def output_nodes() -> List[Tuple[str, str]]:
    """Every node that writes a file, as ``(node path, output parm name)`` (a dialog offers these)."""
    found = []
    top = hou.node("/")
    for node in top.allSubChildren() if top is not None else ():
        if not isinstance(node, hou.OpNode):
            continue
        parm_name = _output_parm(node)
        if parm_name is not None:
            found.append((node.path(), parm_name))
    return found


def hda_libraries() -> List[Tuple[str, str]]:
    """``(first node using it, library file)`` for each digital-asset library the scene uses that
    is neither embedded in the .hip nor shipped with Houdini ($HFS): the farm needs those files."""
    hfs = (hou.getenv("HFS") or "").replace("\\", "/").rstrip("/")
    seen: Dict[str, str] = {}
    top = hou.node("/")
    for node in top.allSubChildren() if top is not None else ():
        if not isinstance(node, hou.OpNode):
            continue
        definition = node.type().definition()
        if definition is None:
            continue
        library = definition.libraryFilePath()
        if library and library != EMBEDDED and not (hfs and library.replace("\\", "/").startswith(hfs + "/")):
            seen.setdefault(library, node.path())
    return [(node, library) for library, node in seen.items()]


def _output_parm(node: Any) -> Optional[str]:
    node_type = node.type()
    category = node_type.category().name()
    for name in _type_names(node_type.name()):
        parm_name = OUTPUT_PARMS.get((category, name))
        if parm_name is not None and node.parm(parm_name) is not None:
            return parm_name
    if category == "Driver":
        return next((p for p in DRIVER_OUTPUT_PARMS if node.parm(p) is not None), None)
    return None


def _type_names(name: str) -> List[str]:
    """``"karma::2.0"`` -> ``["karma::2.0", "karma"]``; a namespaced type keeps each of its names."""
    parts = name.split("::")
    return [name] + [p for p in parts if p and not p[0].isdigit()]


def _output(col: Collector, path: str, parm_name: str, base: Optional[str],
            default_pick: bool) -> Optional[FrameSet]:
    node = hou.node(path)
    if node is None or not isinstance(node, hou.OpNode):
        return None
    if default_pick and _bypassed(node):
        col.skipped(path, "the node is bypassed")
        return None
    frames = _rop_frames(node)
    parm = node.parm(parm_name)
    if parm is None:
        return None
    for ref in _parm_refs(parm, parm.unexpandedString(), path, parm_name, base, frames, output=True):
        col.add(ref)
    return frames


def _input_refs(parm: Any, raw: str, node: str, attr: str, base: Optional[str],
                frames: Optional[FrameSet]) -> List[Reference]:
    if parm is not None:
        owner = parm.node()
        if _bypassed(owner):
            return []
    return _parm_refs(parm, raw, node, attr, base, None, output=False, evaluate_over=frames)


def _parm_refs(parm: Any, raw: str, node: str, attr: str, base: Optional[str], frames: Optional[FrameSet],
               *, output: bool, evaluate_over: Optional[FrameSet] = None) -> List[Reference]:
    if EXPRESSION not in raw:
        return [Reference(raw=raw, node=node, attr=attr, frames=frames, output=output, base=base)]
    over = frames or evaluate_over or FrameSet(int(hou.frame()))
    values = ((f, _evaluate(parm, raw, f)) for f in over)
    return [Reference(raw=value, node=node, attr=attr, frames=used, output=output, base=base)
            for value, used in group_by_value(values)]


def _evaluate(parm: Any, raw: str, frame: int) -> str:
    if parm is not None:
        return parm.evalAsStringAtFrame(frame)
    return hou.text.expandStringAtFrame(raw, frame)


def _rop_frames(node: Any) -> Optional[FrameSet]:
    trange = node.parm("trange")
    if trange is not None and trange.evalAsInt() == 0:  # "Render current frame"
        return FrameSet(int(hou.frame()))
    values = [node.parm(p) for p in ("f1", "f2", "f3")]
    if any(v is None for v in values):
        return None
    first, last, step = (v.evalAsFloat() for v in values if v is not None)
    return frame_range(first, last, step)


def _bypassed(node: Any) -> bool:
    return isinstance(node, (hou.RopNode, hou.SopNode, hou.LopNode)) and node.isBypassed()


def rop_choices() -> Iterable[str]:
    """Node paths :func:`collect` accepts as ``rops``."""
    return [path for path, _parm in output_nodes()]
