# ruff: noqa: UP045  (Optional[...] kept for Python 3.9 runtime evaluation, as in core/config.py)
"""Streaming reader of USD text layers (.usda, or .usd holding text).

Collects every asset path (``@…@`` or ``@@@…@@@``) outside strings and comments, labelled with the
key it is assigned to: ``subLayers``, ``references``/``payload`` (``@./ref.usda@</Model>`` — the
prim path target is dropped), asset and ``asset[]`` attributes (also their ``timeSamples``),
metadata dictionaries (``customLayerData``, ``assetInfo``), explicit value clips (``assetPaths``,
``manifestAssetPath``) and the string-valued clip template ``templateAssetPath`` (a ``#`` sequence,
with frames from ``templateStartTime``/``templateEndTime``/``templateStride`` when integral).
Variants are read like any other block. Composition layers (sublayers, references, payloads, clip
layers) are ``kind_hint="scene"`` so the engine reads them recursively (it detects cycles); asset
attributes and metadata are leaves. Relative paths resolve against the layer's folder.

Differences from ``UsdUtils.ExtractExternalReferences`` (tested): the clip template is one sequence
reference instead of the files globbed on disk; ``delete`` list-op items are skipped (pxr also
skips them). Limits: ``node`` (the prim path) is tracked from the indentation USD writes, so it is
approximate for hand-indented files; asset-path expressions (`` `…` ``) are kept raw and flagged.
"""

from __future__ import annotations

import re
from typing import Dict, List, Optional, Tuple

from accsyn_dcc.core import findings as fnd
from accsyn_dcc.core.readers import _common
from accsyn_dcc.core.refs import Reference, SceneInfo

_TOKEN_RE = re.compile(
    r"(?P<a3>@@@(?:\\@@@|.)*?@@@)"
    r"|(?P<a>@[^@\n]*@)"
    r"|(?P<t3>\"\"\"|''')"
    r"|(?P<s>\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*')"
    r"|(?P<c>\#)"
    r"|(?:(?P<op>prepend|append|add|delete|reorder)\s+)?(?P<key>[A-Za-z_][\w:]*(?:\.[A-Za-z_]\w*)?)\s*="
)
_ASSIGN_RE = re.compile(
    r"(?:(prepend|append|add|delete|reorder)\s+)?([A-Za-z_][\w:]*(?:\.[A-Za-z_]\w*)?)\s*=\s*([^\s,]*)")
_PRIM_RE = re.compile(r"^(\s*)(def|over|class|variantSet)\b[^\"\n]*\"([^\"]*)\"")

SCENE_KEYS = frozenset({"subLayers", "references", "payload", "payloads", "assetPaths", "manifestAssetPath",
                        "clipAssetPaths", "clipManifestAssetPath"})
TEMPLATE_KEYS = frozenset({"templateAssetPath", "clipTemplateAssetPath"})
_LAYER_OFFSET_KEYS = frozenset({"offset", "scale"})
_TEMPLATE_NUMS = {"templateStartTime": "start", "templateEndTime": "end", "templateStride": "stride",
                  "clipTemplateStartTime": "start", "clipTemplateEndTime": "end",
                  "clipTemplateStride": "stride"}


class _Reader:
    def __init__(self, path: str) -> None:
        self.path = path
        self.base = _common.scene_dir(path).replace("\\", "/")
        self.info = SceneInfo(path=path, format="usd")
        self.key = ""
        self.op = ""
        self.prims: List[Tuple[int, str]] = []
        self.template: Optional[int] = None
        self.tvals: Dict[str, float] = {}

    def run(self) -> SceneInfo:
        triple: Optional[str] = None
        for line in _common.lines(self.path):
            start = 0
            if triple is not None:
                end = line.find(triple)
                if end < 0:
                    continue
                start, triple = end + 3, None
            if "@" not in line and '"' not in line and "'" not in line:
                if "=" in line:
                    for m in _ASSIGN_RE.finditer(line, start):
                        self._assign(m.group(1) or "", m.group(2), m.group(3))
                continue
            triple = self._tokens(line, start)
        return self.info

    def _tokens(self, line: str, start: int) -> Optional[str]:
        """Handle one line with assets or strings; returns an open triple-quote delimiter."""
        if start == 0:
            m = _PRIM_RE.match(line)
            if m:
                self._prim(len(m.group(1).expandtabs(4)), m.group(3), m.group(2) != "variantSet")
        pos = start
        key_here = False
        while True:
            m = _TOKEN_RE.search(line, pos)
            if m is None:
                return None
            pos = m.end()
            kind = m.lastgroup
            if kind == "c":
                return None
            if kind == "t3":
                end = line.find(m.group(), pos)
                if end < 0:
                    return m.group()
                pos = end + 3
            elif kind == "key":
                key_here = True
                self._assign(m.group("op") or "", m.group("key"), line[pos:].strip())
            elif kind == "s":
                if key_here and self.key.split(".")[0] in TEMPLATE_KEYS:
                    self._template(_unquote(m.group()))
            elif kind == "a3":
                self._asset(m.group()[3:-3].replace("\\@@@", "@@@"))
            elif kind == "a":
                self._asset(m.group()[1:-1])

    # -- keys and prims -------------------------------------------------------------------------
    def _assign(self, op: str, key: str, value: str) -> None:
        if key in _LAYER_OFFSET_KEYS:  # @./sub.usda@ (offset = 10; scale = 2) stays a subLayer
            return
        self.key, self.op = key, op
        which = _TEMPLATE_NUMS.get(key)
        if which:
            try:
                self.tvals[which] = float(value.rstrip(")],"))
            except ValueError:
                return
            self._template_frames()

    def _prim(self, indent: int, name: str, push: bool) -> None:
        while self.prims and self.prims[-1][0] >= indent:
            self.prims.pop()
        if push:
            self.prims.append((indent, name))

    def _node(self) -> str:
        return "/" + "/".join(n for _, n in self.prims) if self.prims else "/"

    # -- references -----------------------------------------------------------------------------
    def _asset(self, raw: str) -> None:
        if not raw or self.op == "delete":
            return
        key = self.key.split(".")[0]
        if raw.startswith("`"):
            self.info.findings.append(fnd.warning(
                "usd-expression", f"{self.path}: {key} holds the expression {raw}, which is not evaluated; "
                "its files are not checked."))
        kind = "scene" if key in SCENE_KEYS else None
        self._add(raw, key, kind)

    def _template(self, raw: str) -> None:
        if not raw:
            return
        self.template = len(self.info.references)
        self.tvals = {}
        self._add(raw, self.key, None)

    def _template_frames(self) -> None:
        t, v = self.template, self.tvals
        if t is None or "start" not in v or "end" not in v:
            return
        a, b, s = v["start"], v["end"], v.get("stride", 1.0)
        if not all(float(x).is_integer() for x in (a, b, s)) or b < a or s <= 0:
            return
        ref = self.info.references[t]
        frames = _common.frame_range(int(a), int(b), int(s))
        self.info.references[t] = Reference(**{**ref.__dict__, "frames": frames})

    def _add(self, raw: str, attr: str, kind: Optional[str]) -> None:
        self.info.references.append(Reference(
            raw=raw, node=self._node(), attr=attr, via=self.path, base=self.base, kind_hint=kind))


def _unquote(s: str) -> str:
    body = s[1:-1]
    if "\\" not in body:
        return body
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), body)


def read(path: str, *, via: Optional[str] = None) -> SceneInfo:
    """Read a .usda layer; see the module docstring."""
    del via
    return _Reader(path).run()
