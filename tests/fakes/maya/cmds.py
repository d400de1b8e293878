"""Fake ``maya.cmds`` over a tiny dependency graph (see tests/fakes/README.md).

Each command lists, as explicit keyword parameters, exactly the flags the adapters and tests
use; stubtest checks every one of them exists in the published stub (types-maya), and an
adapter passing any other flag gets a TypeError here, as from the real Maya.
"""

# ruff: noqa: UP045  (Optional[...] kept for Python 3.9 runtime evaluation, as in core/config.py)

from __future__ import annotations

import os
from typing import Any, Dict, List, Optional


class _State:
    def __init__(self) -> None:
        self.scene = ""
        self.modified = False
        self.workspace = ""
        self.version = "2025"
        self.batch = False
        self.nodes: Dict[str, Dict[str, Any]] = {}  # name -> {"type": ..., attr: value}
        self.file_plugs: List[str] = []  # "node.attr" plugs the file path editor knows
        self.references: List[Dict[str, str]] = []  # {"path", "unresolved", "node"}
        self.failing: Dict[str, str] = {}  # plug -> error text raised by getAttr
        self.image_path = "{workspace}/images/{scene}/{layer}/{scene}_{layer}.{frame}.exr"
        self.answers: List[str] = []
        self.asked: List[str] = []
        self.saved = 0
        self.deferred: List[Any] = []
        self.ui: Dict[str, Dict[str, Any]] = {"ShelfLayout": {"kind": "tabLayout", "children": []}}


_state = _State()


def _reset() -> _State:
    global _state
    _state = _State()
    return _state


def _node(name: str) -> Dict[str, Any]:
    try:
        return _state.nodes[name]
    except KeyError:
        raise ValueError(f"No object matches name: {name}") from None


def file(*args: Any, q: Optional[bool] = None, query: Optional[bool] = None, sceneName: Optional[bool] = None,
         modified: Optional[bool] = None, reference: Optional[bool] = None,
         save: Optional[bool] = None) -> Any:
    if q or query:
        if sceneName:
            return _state.scene
        if modified:
            return _state.modified
        if reference:
            return [r["path"] for r in _state.references]
        raise RuntimeError("file: query flag not faked")
    if save:
        if not _state.scene:
            raise RuntimeError("File has not been named.")
        _state.saved += 1
        _state.modified = False
        return _state.scene
    raise RuntimeError("file: mode not faked")


def workspace(*args: Any, q: Optional[bool] = None, rootDirectory: Optional[bool] = None) -> Any:
    return _state.workspace + "/"


def about(*args: Any, version: Optional[bool] = None, batch: Optional[bool] = None) -> Any:
    return _state.batch if batch else _state.version


def getAttr(*args: Any) -> Any:
    plug = str(args[0])
    if plug in _state.failing:
        raise RuntimeError(_state.failing[plug])
    node, _, attr = plug.partition(".")
    values = _node(node)
    if attr not in values:
        raise ValueError(f"No object matches name: {plug}")
    return values[attr]


def nodeType(*args: Any) -> Any:
    return _node(str(args[0]))["type"]


def ls(*args: Any, type: Optional[str] = None) -> Any:  # noqa: A002 - the real flag name
    return [n for n, v in _state.nodes.items() if type is None or v["type"] == type]


def filePathEditor(*args: Any, query: Optional[bool] = None, listDirectories: Optional[str] = None,
                   listFiles: Optional[str] = None, withAttribute: Optional[bool] = None,
                   refresh: Optional[bool] = None) -> Any:
    if refresh:
        return None
    entries = [(getAttr(p) if p not in _state.failing else f"/broken/{p}", p) for p in _state.file_plugs]
    entries += [(r["path"], r["node"]) for r in _state.references]
    if listDirectories is not None:
        dirs = sorted({os.path.dirname(str(v)) for v, _p in entries})
        return dirs or None  # Maya returns None, not [], when there is nothing
    if listFiles is not None:
        out: List[str] = []
        for value, plug in entries:
            if os.path.dirname(str(value)) == listFiles:
                name = os.path.basename(str(value))
                out += [name, plug] if withAttribute else [name]
        return out or None
    raise RuntimeError("filePathEditor: mode not faked")


def referenceQuery(*args: Any, referenceNode: Optional[bool] = None, filename: Optional[bool] = None,
                   unresolvedName: Optional[bool] = None, withoutCopyNumber: Optional[bool] = None,
                   isNodeReferenced: Optional[bool] = None) -> Any:
    target = str(args[0])
    if isNodeReferenced:
        return bool(_node(target).get("_referenced", False))
    for r in _state.references:
        if r["path"] == target or r["node"] == target:
            if referenceNode:
                return r["node"]
            if filename:
                name = r["unresolved"] if unresolvedName else r["path"]
                return name.split("{")[0] if withoutCopyNumber else name
    raise RuntimeError(f"referenceQuery: {target} is not a reference")


def renderSettings(*args: Any, fullPath: Optional[bool] = None, genericFrameImageName: Optional[str] = None,
                   firstImageName: Optional[bool] = None, layer: Optional[str] = None) -> Any:
    scene = os.path.splitext(os.path.basename(_state.scene))[0] or "untitled"
    name = str(layer or "defaultRenderLayer")
    label = "masterLayer" if name == "defaultRenderLayer" else name.replace("rs_", "", 1)
    frame = genericFrameImageName if genericFrameImageName is not None else "0001"
    return [_state.image_path.format(workspace=_state.workspace, scene=scene, layer=label, frame=frame)]


def confirmDialog(*args: Any, title: Optional[str] = None, message: Optional[str] = None,
                  button: Any = None, defaultButton: Optional[str] = None, cancelButton: Optional[str] = None,
                  dismissString: Optional[str] = None) -> Any:
    _state.asked.append(str(message))
    return _state.answers.pop(0) if _state.answers else (dismissString or "")


def evalDeferred(*args: Any, lowestPriority: Optional[bool] = None) -> Any:
    _state.deferred.extend(args)
    return []


def shelfLayout(*args: Any, exists: Optional[bool] = None, parent: Optional[str] = None,
                q: Optional[bool] = None, childArray: Optional[bool] = None) -> Any:
    name = str(args[0]) if args else "shelfLayout1"
    if exists:
        return name in _state.ui
    if q and childArray:
        return list(_state.ui[name]["children"]) or None
    if parent not in _state.ui:
        raise RuntimeError(f"shelfLayout: no parent {parent}")
    _state.ui[name] = {"kind": "shelfLayout", "children": [], "parent": parent}
    _state.ui[str(parent)]["children"].append(name)
    return name


def shelfButton(*args: Any, parent: Optional[str] = None, label: Optional[str] = None,
                annotation: Optional[str] = None, image: Optional[str] = None, command: Any = None,
                sourceType: Optional[str] = None, docTag: Any = None, q: Optional[bool] = None,
                exists: Optional[bool] = None) -> Any:
    if args and exists:
        return str(args[0]) in _state.ui
    if args and q:
        return _state.ui[str(args[0])].get("docTag", "") if docTag else None
    if parent not in _state.ui:
        raise RuntimeError(f"shelfButton: no parent {parent}")
    name = f"shelfButton{len(_state.ui)}"
    _state.ui[name] = {"kind": "shelfButton", "label": label, "command": command, "docTag": docTag or "",
                       "sourceType": sourceType, "parent": parent, "children": []}
    _state.ui[str(parent)]["children"].append(name)
    return name


def deleteUI(*args: Any) -> None:
    for name in args:
        entry = _state.ui.pop(str(name))
        parent = entry.get("parent")
        if parent in _state.ui:
            _state.ui[parent]["children"].remove(str(name))
