"""Small scene graphs for the host fakes, all under one ``root`` folder (a test's tmp dir).

Each builder resets its fake host, fills it, and returns the root. The shared host suite
(tests/hosts/test_host_adapters.py) states what each adapter must collect from these.
"""

# ruff: noqa: UP045  (Optional[...] kept for Python 3.9 runtime evaluation, as in core/config.py)
from __future__ import annotations

import os
from typing import Any, Dict, Iterable, Optional


def touch(root: str, rel: str, frames: Iterable[Any] = ()) -> None:
    """Create ``root/rel`` (``rel`` may hold ``{}`` for each of ``frames``)."""
    for item in list(frames) or [None]:
        path = os.path.join(root, rel.format(item) if item is not None else rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb"):
            pass


# -- Nuke -----------------------------------------------------------------------------------------

def nuke_scene(root: str, *, modified: bool = False, untitled: bool = False) -> str:
    from nuke import _nuke as n

    st = n._reset()
    st.script = "" if untitled else f"{root}/comp/sh010_comp_v003.nk"
    st.views = ["left", "right"]
    top = st.root
    top["first_frame"]._value = 1001
    top["last_frame"]._value = 1010
    top["name"]._value = st.script
    top["OCIO_config"]._value = "custom"
    top["customOCIOConfigPath"]._value = f"{root}/config/aces.ocio"
    top.setModified(modified)

    def node(parent: Any, name: str, cls: str, **knobs: Any) -> Any:
        made = n.Node(name, cls)
        for key, value in knobs.items():
            if key in ("first", "last"):
                made.addKnob(n.Int_Knob(key, value))
            elif key in ("use_limit", "disable"):
                made.addKnob(n.Boolean_Knob(key, value))
            else:
                made.addKnob(n.File_Knob(key, value))
        return parent._add(made)

    node(top, "Read1", "Read", file=f"{root}/plates/sh010_plate.%04d.exr", first=1001, last=1010)
    node(top, "Read2", "Read", file=f"{root}/plates/stereo_%V.####.exr", first=1001, last=1002)
    group = top._add(n.Group("Group1", "Group"))
    node(group, "Read3", "Read", file="[file dirname [value root.name]]/elements/smoke.%04d.exr",
         first=1001, last=1002)
    gizmo = top._add(n.Gizmo("Glow1", "Glow", file=f"{root}/gizmos/Glow.gizmo"))
    gizmo.addKnob(n.File_Knob("lut", f"{root}/luts/glow.cube"))
    node(top, "Precomp1", "Precomp", file=f"{root}/precomps/bg_v002.nk")
    node(top, "Read4", "Read", file="[broken_command]/x.%04d.exr", first=1001, last=1010)
    node(top, "Read5", "Read", file=f"{root}/plates/unused.%04d.exr", first=1, last=2, disable=True)
    node(top, "Write1", "Write", file=f"{root}/renders/sh010_comp.%04d.exr",
         proxy=f"{root}/renders/proxy/sh010_comp.%04d.exr")
    node(top, "Write2", "Write", file=f"{root}/renders/sh010_preview.####.jpg", use_limit=True,
         first=1001, last=1005)
    return root


# -- Maya -----------------------------------------------------------------------------------------

def maya_scene(root: str, *, modified: bool = False, untitled: bool = False) -> str:
    from maya import cmds

    st = cmds._reset()
    st.scene = "" if untitled else f"{root}/scenes/shot.ma"
    st.workspace = root
    st.modified = modified

    def add(name: str, node_type: str, **attrs: Any) -> None:
        st.nodes[name] = {"type": node_type, **attrs}

    add("defaultRenderGlobals", "renderGlobals", currentRenderer="arnold", animation=True, startFrame=1.0,
        endFrame=24.0, byFrameStep=1.0, extensionPadding=4)
    add("time1", "time", outTime=7.0)

    def texture(name: str, path: str, tiling: int = 0, frames: bool = False, pattern: str = "") -> None:
        add(name, "file", fileTextureName=path, uvTilingMode=tiling, useFrameExtension=frames,
            computedFileTextureNamePattern=pattern or path)
        st.file_plugs.append(f"{name}.fileTextureName")

    texture("wood", f"{root}/sourceimages/wood.png")
    texture("skin", f"{root}/sourceimages/skin.1001.exr", tiling=3,
            pattern=f"{root}/sourceimages/skin.<UDIM>.exr")
    texture("flames", f"{root}/sourceimages/flames.0001.png", frames=True,
            pattern=f"{root}/sourceimages/flames.<f>.png")
    texture("broken", f"{root}/sourceimages/broken.png")
    st.failing["broken.fileTextureName"] = "broken.fileTextureName: attribute is locked in a bad state"
    add("anim_cache", "AlembicNode", abc_File="$ASSETS/cache/anim.abc")
    st.file_plugs.append("anim_cache.abc_File")
    st.references.append({"path": f"{root}/assets/char.ma{{1}}", "unresolved": "$ASSETS/char.ma{1}",
                          "node": "charRN"})
    add("charRN", "reference")
    for layer, renderable, referenced in (("defaultRenderLayer", False, False), ("rs_beauty", True, False),
                                          ("rs_fx", True, False), ("char:rs_old", True, True)):
        add(layer, "renderLayer", renderable=renderable, _referenced=referenced)
    return root


# -- Houdini --------------------------------------------------------------------------------------

def houdini_scene(root: str, *, modified: bool = False, untitled: bool = False) -> str:
    import hou

    st = hou._reset()
    st.hip = "" if untitled else f"{root}/shot.hip"
    st.env = {"JOB": root, "HOME": root, "HFS": "/opt/hfs20.5"}
    st.modified = modified
    st.frame = 3.0
    st.playbar = (1.0, 240.0)

    def add(cls: Any, path: str, category: str, type_name: str, parms: Optional[Dict[str, Any]] = None,
            bypassed: bool = False, library: Optional[str] = None) -> Any:
        return hou._add(hou._make(cls, path, category, type_name, parms, bypassed, library))

    add(hou.Node, "/obj", "Manager", "obj")
    add(hou.OpNode, "/obj/geo1", "Object", "geo")
    add(hou.SopNode, "/obj/geo1/terrain", "Sop", "file", {"file": "$HIP/geo/terrain.$F4.bgeo.sc"})
    add(hou.SopNode, "/obj/geo1/anim", "Sop", "alembic", {"fileName": "$JOB/cache/anim.abc"})
    add(hou.SopNode, "/obj/geo1/tiles", "Sop", "file", {"file": "$HIP/tex/tile.`padzero(4, $F+1)`.rat"})
    add(hou.SopNode, "/obj/geo1/broken", "Sop", "file", {"file": '`chs("/obj/nothere/file")`'})
    add(hou.SopNode, "/obj/geo1/off", "Sop", "file", {"file": "$HIP/geo/unused.bgeo"}, bypassed=True)
    add(hou.SopNode, "/obj/geo1/rock1", "Sop", "studio::rock::1.0", library=f"{root}/otls/rock.hda")
    add(hou.SopNode, "/obj/geo1/rock2", "Sop", "studio::rock::1.0", library=f"{root}/otls/rock.hda")
    add(hou.SopNode, "/obj/geo1/local", "Sop", "local_tool", library="Embedded")
    add(hou.SopNode, "/obj/geo1/labs", "Sop", "labs::tool", library="/opt/hfs20.5/packages/labs/tool.hda")
    add(hou.Node, "/out", "Manager", "out")
    add(hou.RopNode, "/out/mantra1", "Driver", "ifd",
        {"vm_picture": "$HIP/render/$HIPNAME.$F4.exr", "trange": 1, "f1": 1.0, "f2": 5.0, "f3": 1.0})
    add(hou.RopNode, "/out/usd1", "Driver", "usd",
        {"lopoutput": "$HIP/usd/shot.usd", "trange": 0, "f1": 1.0, "f2": 240.0, "f3": 1.0})
    add(hou.RopNode, "/out/karma1", "Driver", "karma",
        {"picture": "$HIP/render/karma.$F4.exr", "trange": 1, "f1": 1.0, "f2": 10.0, "f3": 1.0},
        bypassed=True)
    st.file_refs = [
        ("/obj/geo1/terrain/file", "$HIP/geo/terrain.$F4.bgeo.sc"),
        ("/obj/geo1/anim/fileName", "$JOB/cache/anim.abc"),
        ("/obj/geo1/tiles/file", "$HIP/tex/tile.`padzero(4, $F+1)`.rat"),
        ("/obj/geo1/broken/file", '`chs("/obj/nothere/file")`'),
        ("/obj/geo1/off/file", "$HIP/geo/unused.bgeo"),
        ("/out/mantra1/vm_picture", "$HIP/render/$HIPNAME.$F4.exr"),  # hou lists outputs too
        (None, "$HIP/lookdev/hdri.exr"),
    ]
    return root
