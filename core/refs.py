"""The dependency data model shared by readers, host adapters, the engine, the CLI and the dialog.

Flow: a reader or host adapter *collects* :class:`Reference` objects (the string as the scene
holds it, and where it came from); the dependency engine *resolves* them into
:class:`Dependency` / :class:`Output` records; :class:`GatherResult` carries the lot to
validation, mapping, the payload builder and ``check --json`` (whose keys are fixed, see
DESIGN.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

from accsyn_dcc.core.findings import Finding
from accsyn_dcc.core.frames import FrameSet

# Dependency kinds (``check --json`` "kind").
FILE = "file"
SEQUENCE = "sequence"
UDIM = "udim"
DIRECTORY = "directory"
SCENE = "scene"
KINDS = (FILE, SEQUENCE, UDIM, DIRECTORY, SCENE)


@dataclass(frozen=True)
class Reference:
    """A file reference as the scene holds it.

    raw:    the string as written in the scene, after the format's own unquoting/unescaping.
    node:   the node / prim / colorspace it came from (``Read1``, ``file1``, ``/World/geo``).
    attr:   the attribute / knob / parm (``file``, ``ftn``, ``references``).
    frames: the frames the node uses (Read first-last, ROP range), if known.
    via:    the file it was read from (the scene, or a nested file such as a .usda layer).
    output: True for render outputs (Write files, image prefixes, ROP outputs).
    kind_hint: ``scene`` for nested scene files (references, sublayers), ``directory`` for
            search paths, else ``None`` (decided when resolved).
    base:   the directory a relative ``raw`` resolves against (scene dir, project dir, $HIP).
    views:  Nuke views for ``%V``/``%v`` expansion.
    """

    raw: str
    node: str = ""
    attr: str = ""
    frames: Optional[FrameSet] = None
    via: str = ""
    output: bool = False
    kind_hint: Optional[str] = None
    base: Optional[str] = None
    views: tuple = ()


@dataclass
class Dependency:
    """A resolved dependency (one row of ``check --json`` "dependencies")."""

    raw: str
    path: str
    kind: str = FILE
    node: str = ""
    attr: str = ""
    frames: Optional[FrameSet] = None
    missing: Optional[FrameSet] = None
    exists: bool = False
    share: Optional[str] = None
    via: str = ""
    files: List[str] = field(default_factory=list)
    size: int = 0
    mtime: float = 0.0

    def to_dict(self) -> Dict[str, Any]:
        return {
            "raw": self.raw,
            "path": self.path,
            "kind": self.kind,
            "node": self.node,
            "attr": self.attr,
            "frames": str(self.frames) if self.frames else None,
            "missing": self.missing.format(steps=False) if self.missing else None,
            "exists": self.exists,
            "share": self.share,
            "via": self.via,
        }


@dataclass
class Output:
    """A render output (one row of ``check --json`` "outputs")."""

    raw: str
    path: str
    node: str = ""
    attr: str = ""
    frames: Optional[FrameSet] = None
    share: Optional[str] = None

    @property
    def directory(self) -> str:
        import posixpath

        return posixpath.dirname(self.path.replace("\\", "/")) or "."

    def to_dict(self) -> Dict[str, Any]:
        return {
            "raw": self.raw,
            "path": self.path,
            "node": self.node,
            "attr": self.attr,
            "frames": str(self.frames) if self.frames else None,
        }


@dataclass
class SceneInfo:
    """What a reader or a host adapter collects from one scene."""

    path: str
    format: str  # nuke | maya | houdini | usd | ocio
    references: List[Reference] = field(default_factory=list)
    frame_range: Optional[FrameSet] = None
    findings: List[Finding] = field(default_factory=list)
    renderer: Optional[str] = None
    host_version: Optional[str] = None
    views: tuple = ()
    project_dir: Optional[str] = None


@dataclass
class GatherResult:
    """Everything ``check`` knows about a scene after expansion, recursion and mapping."""

    scene: str
    format: str
    dependencies: List[Dependency] = field(default_factory=list)
    outputs: List[Output] = field(default_factory=list)
    findings: List[Finding] = field(default_factory=list)
    frame_range: Optional[FrameSet] = None
    renderer: Optional[str] = None
    host_version: Optional[str] = None
    stats: Dict[str, Any] = field(default_factory=lambda: {"references": 0, "files": 0, "seconds": 0.0})

    def to_dict(self) -> Dict[str, Any]:
        """The fixed ``check --json`` object."""
        return {
            "scene": self.scene,
            "format": self.format,
            "dependencies": [d.to_dict() for d in self.dependencies],
            "outputs": [o.to_dict() for o in self.outputs],
            "findings": [f.to_dict() for f in self.findings],
            "stats": dict(self.stats),
        }
