"""Fake ``hou`` over a tiny node tree (see tests/fakes/README.md).

Classes mirror the stub's hierarchy (Node -> OpNode -> RopNode/SopNode/LopNode) and carry each
method where the stub (types-houdini) declares it; stubtest checks that. Scene set-up is in
``tests/fakes/scenes.py`` through the underscore helpers.
"""

# ruff: noqa: UP045  (Optional[...] kept for Python 3.9 runtime evaluation, as in core/config.py)

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Sequence, Tuple


class Error(Exception):
    pass


class OperationFailed(Error):
    pass


class NodeTypeCategory:
    _name: str

    def name(self) -> str:
        return self._name


class OpNodeTypeCategory(NodeTypeCategory):
    pass


class NodeType:
    _name: str
    _category: NodeTypeCategory

    def name(self) -> str:
        return self._name

    def category(self) -> NodeTypeCategory:
        return self._category


class OpNodeType(NodeType):
    _definition: Optional[HDADefinition]

    def definition(self) -> Optional[HDADefinition]:
        return self._definition


class HDADefinition:
    _library: str

    def libraryFilePath(self) -> str:
        return self._library


class Parm:
    _node: OpNode
    _name: str
    _value: Any

    def node(self) -> OpNode:
        return self._node

    def name(self) -> str:
        return self._name

    def path(self) -> str:
        return f"{self._node.path()}/{self._name}"

    def unexpandedString(self) -> str:
        if not isinstance(self._value, str):
            raise OperationFailed("Parameter is not a string")
        return self._value

    def rawValue(self) -> str:
        return str(self._value)

    def eval(self) -> Any:
        return self._value if not isinstance(self._value, str) else self.evalAsString()

    def evalAsString(self) -> str:
        return self.evalAsStringAtFrame(_state.frame)

    def evalAsStringAtFrame(self, frame: float) -> str:
        return text.expandStringAtFrame(str(self._value), frame)

    def evalAsInt(self) -> int:
        return int(self._value)

    def evalAsFloat(self) -> float:
        return float(self._value)


class NetworkItem:
    pass


class NetworkMovableItem(NetworkItem):
    _path: str

    def name(self) -> str:
        return self._path.rsplit("/", 1)[-1]

    def path(self) -> str:
        return self._path


class Node(NetworkMovableItem):
    _type: NodeType
    _children: List[Node]

    def type(self) -> Any:
        return self._type

    def children(self) -> Tuple[Any, ...]:
        return tuple(self._children)

    def allSubChildren(self, top_down: bool = True, recurse_in_locked_nodes: bool = True,
                       sync_delayed_definition: bool = False) -> Tuple[Any, ...]:
        out: List[Node] = []
        for child in self._children:
            out.append(child)
            out.extend(child.allSubChildren())
        return tuple(out)

    def node(self, node_path: str) -> Any:
        return _state.nodes.get(node_path if node_path.startswith("/") else f"{self._path}/{node_path}")


class OpNode(Node):
    _parms: Dict[str, Parm]
    _bypassed: bool

    def parm(self, parm_path: str) -> Optional[Parm]:
        return self._parms.get(parm_path)

    def parms(self) -> Tuple[Parm, ...]:
        return tuple(self._parms.values())


class RopNode(OpNode):
    def isBypassed(self) -> bool:
        return self._bypassed


class SopNode(OpNode):
    def isBypassed(self) -> bool:
        return self._bypassed


class LopNode(OpNode):
    def isBypassed(self) -> bool:
        return self._bypassed


class hipFile:  # noqa: N801 - the real name
    @staticmethod
    def path() -> str:
        return _state.hip or f"{_state.env.get('HOME', '/home/user')}/untitled.hip"

    @staticmethod
    def name() -> str:
        return hipFile.path().rsplit("/", 1)[-1]

    @staticmethod
    def isNewFile() -> bool:
        return not _state.hip

    @staticmethod
    def hasUnsavedChanges() -> bool:
        return _state.modified

    @staticmethod
    def save(file_name: Optional[str] = None, save_to_recent_files: bool = True) -> None:
        if file_name:
            _state.hip = file_name
        _state.saved += 1
        _state.modified = False


class playbar:  # noqa: N801
    @staticmethod
    def frameRange() -> Any:
        return _state.playbar

    @staticmethod
    def playbackRange() -> Any:
        return _state.playbar


class ui:  # noqa: N801
    @staticmethod
    def displayMessage(text: str, buttons: Sequence[str] = ("OK",), severity: Any = None,
                       default_choice: int = 0,
                       close_choice: int = -1, help: Optional[str] = None, title: Optional[str] = None,  # noqa: A002
                       details: Optional[str] = None, details_label: Optional[str] = None,
                       details_expanded: bool = False, suppress: Any = None) -> int:
        _state.asked.append(text)
        return _state.answers.pop(0) if _state.answers else close_choice


_VAR = re.compile(r"\$\{?(F\d*|HIP|JOB|HIPNAME)\}?")
_BACKTICK = re.compile(r"`([^`]*)`")


class text:  # noqa: N801
    @staticmethod
    def expandString(str: str, expand_tilde: bool = True) -> str:  # noqa: A002 - the real name
        return text.expandStringAtFrame(str, _state.frame, expand_tilde)

    @staticmethod
    def expandStringAtFrame(str: str, frame: float, expand_tilde: bool = True) -> str:  # noqa: A002
        def backtick(m: re.Match) -> str:
            expr = m.group(1).strip()
            if expr.startswith("chs("):
                target = parm(expr[5:-2])
                if target is None:
                    raise OperationFailed(f"Invalid parameter reference in {expr}")
                return target.evalAsStringAtFrame(frame)
            if expr == "padzero(4, $F+1)":
                return f"{int(frame) + 1:04d}"
            raise OperationFailed(f"Syntax error in expression: {expr}")

        def var(m: re.Match) -> Any:
            name = m.group(1)
            if name.startswith("F"):
                return f"{int(frame):0{int(name[1:] or 1)}d}"
            if name == "HIP":
                return hipFile.path().rsplit("/", 1)[0]
            if name == "HIPNAME":
                return hipFile.name().rsplit(".", 1)[0]
            return _state.env.get(name, m.group(0))

        return _VAR.sub(var, _BACKTICK.sub(backtick, str))


class _State:
    def __init__(self) -> None:
        self.hip = ""
        self.modified = False
        self.saved = 0
        self.frame = 1.0
        self.playbar: Tuple[float, float] = (1.0, 240.0)
        self.version = "20.5.410"
        self.env: Dict[str, str] = {}
        self.nodes: Dict[str, Node] = {"/": _make(Node, "/", "Director", "root")}
        self.answers: List[int] = []
        self.asked: List[str] = []
        self.file_refs: List[Tuple[Optional[str], str]] = []  # (parm path or None, raw)


def _new(cls: Any, **attrs: Any) -> Any:
    """Real hou objects are never constructed by scripts; the fakes are built here."""
    obj = cls.__new__(cls)
    obj.__dict__.update(attrs)
    return obj


def _make(cls: Any, path: str, category: str, type_name: str, parms: Optional[Dict[str, Any]] = None,
          bypassed: bool = False, library: Optional[str] = None) -> Any:
    definition = _new(HDADefinition, _library=library) if library else None
    node_type = _new(OpNodeType, _name=type_name, _category=_new(OpNodeTypeCategory, _name=category),
                     _definition=definition)
    node = _new(cls, _path=path, _type=node_type, _children=[], _parms={}, _bypassed=bypassed)
    node._parms = {k: _new(Parm, _node=node, _name=k, _value=v) for k, v in (parms or {}).items()}
    return node


def _reset() -> _State:
    global _state
    _state = _State()
    return _state


def _add(node: Node) -> Node:
    parent_path = node.path().rsplit("/", 1)[0] or "/"
    _state.nodes[parent_path]._children.append(node)
    _state.nodes[node.path()] = node
    return node


def root() -> Node:
    return _state.nodes["/"]


def node(path: str) -> Optional[Node]:
    return _state.nodes.get(path)


def parm(path: str) -> Optional[Parm]:
    node_path, _, name = path.rpartition("/")
    n = _state.nodes.get(node_path)
    return n.parm(name) if isinstance(n, OpNode) else None


def frame(full_precision: bool = False) -> float:
    return _state.frame


def getenv(name: str, default_value: Optional[str] = None) -> Optional[str]:
    return _state.env.get(name, default_value)


def applicationVersionString() -> str:
    return _state.version


def isUIAvailable() -> bool:
    return True


def fileReferences(project_dir_variable: str = "HIP",
                   include_all_refs: bool = True) -> Sequence[Tuple[Any, str]]:
    return [(parm(p) if p else None, raw) for p, raw in _state.file_refs]


_state = _State()
