"""Fake of Nuke's ``_nuke`` extension module: a tiny node graph with knobs and evaluation.

Only names the published stubs (types-nuke) define are public here; scene set-up and test
controls are underscore names, used by ``tests/fakes/scenes.py``. stubtest checks that every
public name and signature exists in the stubs (tests/hosts/test_fakes_match_stubs.py).
"""

# ruff: noqa: UP045  (Optional[...] kept for Python 3.9 runtime evaluation, as in core/config.py)

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional

NUKE_VERSION_STRING = "15.1v3"
NUKE_VERSION_MAJOR = 15
GUI = True



class _State:
    def __init__(self) -> None:
        self.root: Root = Root("root")
        self.views: List[str] = ["main"]
        self.script: str = ""
        self.answers: List[bool] = []
        self.asked: List[str] = []
        self.saved: int = 0
        self.menus: Dict[str, Menu] = {}
        self.printed: List[str] = []


def _reset() -> _State:
    global _state
    _state = _State()
    return _state


class Knob:
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._name = str(args[0]) if args else ""
        self._value: Any = args[1] if len(args) > 1 else kwargs.get("value", "")
        self._node: Optional[Node] = None

    def name(self) -> str:
        return self._name

    def node(self) -> Node:
        assert self._node is not None
        return self._node

    def value(self, index: int = 0) -> Any:
        return self._value

    def Class(self) -> str:
        return type(self).__name__


class String_Knob(Knob):
    def value(self, oc: Any = None) -> str:  # type: ignore[override]
        return str(self._value)


class EvalString_Knob(String_Knob):
    def evaluate(self, *args: Any, **kwargs: Any) -> Any:
        oc = OutputContext()
        if args:
            oc.setFrame(args[0])
        return _evaluate(self, oc)


class File_Knob(EvalString_Knob):
    def value(self, *args: Any, **kwargs: Any) -> Any:
        return str(self._value)

    def getValue(self, *args: Any, **kwargs: Any) -> Any:
        return str(self._value)

    def getEvaluatedValue(self, *args: Any, **kwargs: Any) -> Any:
        oc = args[0] if args else kwargs.get("oc") or OutputContext()
        return _evaluate(self, oc)


class Array_Knob(Knob):
    def value(self, *args: Any, **kwargs: Any) -> Any:
        return self._value


class Int_Knob(Array_Knob):
    def value(self) -> int:  # type: ignore[override]
        return int(self._value)


class Boolean_Knob(Array_Knob):
    def value(self) -> bool:  # type: ignore[override]
        return bool(self._value)


class Unsigned_Knob(Array_Knob):
    def value(self) -> int:  # type: ignore[override]
        return int(self._value)


class Enumeration_Knob(Unsigned_Knob):
    def value(self) -> Any:
        return self._value


class OutputContext:
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._frame = 1.0
        self._view = 1

    def frame(self) -> float:
        return self._frame

    def setFrame(self, *args: Any, **kwargs: Any) -> Any:
        self._frame = float(args[0])

    def view(self) -> int:
        return self._view

    def setView(self, *args: Any, **kwargs: Any) -> Any:
        self._view = int(args[0])

    def viewFromName(self, name: Any) -> int:
        return _state.views.index(name) + 1

    def viewname(self, n: Any) -> str:
        return _state.views[int(n) - 1]


_TCL = re.compile(r"\[([^\[\]]*)\]")


def _evaluate(knob: Knob, oc: OutputContext) -> str:
    """What Nuke's evaluation does to a file knob: TCL, frame numbers, views."""
    text = str(knob._value)
    frame = int(oc.frame())
    view = oc.viewname(oc.view())

    def tcl(m: re.Match) -> str:
        words = m.group(1).split()
        if words == ["frame"]:
            return str(frame)
        if words[:1] == ["value"] and len(words) == 2:
            node_name, _, knob_name = words[1].rpartition(".")
            node = _state.root if node_name == "root" else toNode(node_name)
            if node is None or node.knob(knob_name) is None:
                raise ValueError(f"{words[1]}: no such knob")
            return str(node[knob_name].value())
        if words[:2] == ["file", "dirname"] and len(words) == 3:
            return words[2].rpartition("/")[0]
        raise RuntimeError(f"{m.group(0)}: invalid command name {words[0] if words else ''!r}")

    while _TCL.search(text):
        text = _TCL.sub(tcl, text)
    text = re.sub(r"%0?(\d*)d", lambda m: str(frame).zfill(int(m.group(1) or 0)), text)
    text = re.sub(r"#+", lambda m: str(frame).zfill(len(m.group(0))), text)
    return text.replace("%V", view).replace("%v", view[:1])


class Node:
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._name = str(args[0]) if args else "Node1"
        self._class = str(args[1]) if len(args) > 1 else type(self).__name__
        self._knobs: Dict[str, Knob] = {}
        self._parent: Optional[Group] = None
        self.addKnob(Boolean_Knob("disable", False))

    def Class(self) -> str:
        return self._class

    def name(self) -> str:
        return self._name

    def fullName(self) -> str:
        if self._parent is None or isinstance(self._parent, Root):
            return self._name
        return f"{self._parent.fullName()}.{self._name}"

    def addKnob(self, knob: Knob) -> None:
        knob._node = self
        self._knobs[knob.name()] = knob

    def knob(self, p: Any, follow_link: bool = True) -> Optional[Knob]:
        return self._knobs.get(str(p))

    def knobs(self) -> Dict[str, Knob]:
        return dict(self._knobs)

    def allKnobs(self) -> List[Knob]:
        return list(self._knobs.values())

    def firstFrame(self) -> int:
        k = self._knobs.get("first")
        return int(k.value()) if k is not None else _state.root.firstFrame()

    def lastFrame(self) -> int:
        k = self._knobs.get("last")
        return int(k.value()) if k is not None else _state.root.lastFrame()

    def __getitem__(self, name: str) -> Knob:
        return self._knobs[name]

    def __hash__(self) -> Any:
        return id(self)

    def __eq__(self, other: Any) -> bool:
        return self is other


class Group(Node):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._nodes: List[Node] = []

    def nodes(self) -> List[Node]:
        return list(self._nodes)

    def node(self, s: str) -> Optional[Node]:
        for n in self._nodes:
            if n.name() == s:
                return n
        return None

    def _add(self, node: Node) -> Node:
        node._parent = self
        self._nodes.append(node)
        return node


class Gizmo(Group):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._file = str(kwargs.get("file", ""))

    def filename(self) -> str:
        return self._file


class Precomp(Group):
    pass


class Root(Group):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._class = "Root"
        self._modified = False
        for k in (Int_Knob("first_frame", 1), Int_Knob("last_frame", 100), File_Knob("name", ""),
                  Enumeration_Knob("OCIO_config", "nuke-default"), File_Knob("customOCIOConfigPath", ""),
                  File_Knob("project_directory", "")):
            self.addKnob(k)

    def firstFrame(self) -> int:
        return int(self["first_frame"].value())

    def lastFrame(self) -> int:
        return int(self["last_frame"].value())

    def modified(self) -> bool:
        return self._modified

    def proxy(self, *args: Any, **kwargs: Any) -> Any:
        return bool(getattr(self, "_proxy", False))

    def setModified(self, modified: bool) -> None:
        self._modified = modified


class MenuItem:
    def name(self) -> str:
        return getattr(self, "_name", "")

    def script(self) -> str:
        return str(getattr(self, "_script", ""))

    def invoke(self) -> None:
        script = getattr(self, "_script", None)
        if callable(script):
            script()
        else:
            exec(str(script), {})  # noqa: S102 - what Nuke does with a string command


class Menu(MenuItem):
    def __init__(self) -> None:
        self._name = ""
        self._items: Dict[str, MenuItem] = {}

    def addMenu(self, *args: Any, **kwargs: Any) -> Any:
        name = str(args[0]).replace("&", "")
        sub = self._items.get(name)
        if not isinstance(sub, Menu):
            sub = _menu(name)
            self._items[name] = sub
        return sub

    def addCommand(self, *args: Any, **kwargs: Any) -> Any:
        path = str(args[0])
        command = args[1] if len(args) > 1 else kwargs.get("command", "")
        head, _, leaf = path.rpartition("/")
        target: Menu = self
        for part in [p for p in head.split("/") if p]:
            target = target.addMenu(part)
        item = MenuItem()
        item._name = leaf  # type: ignore[attr-defined]
        item._script = command  # type: ignore[attr-defined]
        target._items[leaf] = item
        return item

    def findItem(self, name: Any) -> Optional[Menu]:
        target: Any = self
        for part in str(name).split("/"):
            target = target._items.get(part) if isinstance(target, Menu) else None
        return target

    def items(self) -> None:
        return None


def root() -> Root:
    return _state.root


def _walk(group: Group, recurse: bool) -> List[Node]:
    out: List[Node] = []
    for n in group.nodes():
        out.append(n)
        if recurse and isinstance(n, Group):
            out.extend(_walk(n, recurse))
    return out


def allNodes(*args: Any, **kwargs: Any) -> List[Node]:
    nodes = _walk(kwargs.get("group") or _state.root, bool(kwargs.get("recurseGroups", False)))
    cls = args[0] if args else kwargs.get("filter")
    return [n for n in nodes if cls is None or n.Class() == cls]


def toNode(s: str) -> Optional[Node]:
    for n in _walk(_state.root, True):
        if n.fullName() == s:
            return n
    return None


def views() -> List[str]:
    return list(_state.views)


def scriptName() -> str:
    if not _state.script:
        raise RuntimeError("No script name")  # what Nuke raises for an untitled script
    return _state.script


def scriptSave(filename: Optional[str] = None) -> bool:
    if filename:
        _state.script = filename
    if not _state.script:
        raise RuntimeError("No script name")
    _state.saved += 1
    _state.root.setModified(False)
    return True


def scriptSaveAs(filename: Optional[str] = None, overwrite: Any = -1) -> None:
    if filename:
        _state.script = filename
        scriptSave()


def ask(prompt: str) -> bool:
    _state.asked.append(prompt)
    return _state.answers.pop(0) if _state.answers else False


def message(prompt: str) -> None:
    _state.asked.append(prompt)


def tprint(*args: Any, sep: str = " ", end: str = "\n", file: Any = None) -> None:
    _state.printed.append(sep.join(str(a) for a in args) + end)


def _menu(name: str) -> Menu:
    m = Menu()
    m._name = name
    return m


def menu(name: str) -> Menu:
    return _state.menus.setdefault(name, _menu(name))


_state = _State()
