"""DCC-free helpers shared by the three host adapters (Nuke, Maya, Houdini).

The adapters read like lists of host API calls; what they have in common lives here:

* :func:`host_call` is *the* boundary where a DCC exception becomes a :class:`HostError`
  (each adapter names its host's exception types once and wraps its calls with it);
* :class:`Collector` gathers :class:`Reference` objects and turns a ``HostError`` raised while
  reading one node into a finding naming that node, so the rest of the scene is still collected;
* :func:`frame_range` and :func:`group_by_value` build :class:`FrameSet` values from what hosts
  return (floats, backwards ranges, per-frame evaluations);
* :func:`ensure_saved` is the save prompt every host's submit action runs before the dialog
  opens, driven by the host's own calls (is it untitled / modified, ask, tell, save).

No host module, no Qt, no requests is imported here.
"""

# ruff: noqa: UP045  (Optional[...] kept for Python 3.9 runtime evaluation, as in core/config.py)

from __future__ import annotations

import dataclasses
import os
from contextlib import contextmanager
from typing import Callable, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple, Type, Union

from accsyn_dcc.core.errors import HostError, describe
from accsyn_dcc.core.findings import Finding, error, info
from accsyn_dcc.core.frames import FrameSet
from accsyn_dcc.core.refs import Reference, SceneInfo

__all__ = [
    "Collector", "EVAL_FAILED", "SKIPPED", "SavePrompts", "ensure_saved", "flat_pairs", "frame_range",
    "group_by_value", "host_call", "scene_dir", "str_list",
]

EVAL_FAILED = "host-eval-failed"
SKIPPED = "host-node-skipped"

ExcTypes = Union[Type[BaseException], Tuple[Type[BaseException], ...]]


@contextmanager
def host_call(host: str, exc_types: ExcTypes, *, node: str = "", attr: str = "",
              scene: Optional[str] = None) -> Iterator[None]:
    """Run host API calls; a ``exc_types`` exception leaves as :class:`HostError` (chained)."""
    try:
        yield
    except HostError:
        raise
    except exc_types as exc:
        where = f"{node}.{attr}" if node and attr else (node or attr or "the scene")
        raise HostError(
            f"{host} could not evaluate {where}: {exc}".rstrip(": "),
            node=node or None,
            host=host,
            scene=scene,
            hint=f"Fix or disable {node or 'the node'} in {host}, then check again",
        ) from exc


class Collector:
    """References and findings of one collect, with per-node failure isolation."""

    def __init__(self, host: str, scene: str) -> None:
        self.host = host
        self.scene = scene
        self.references: List[Reference] = []
        self.findings: List[Finding] = []
        self._seen: Dict[Tuple[str, str, str, bool], int] = {}

    def add(self, ref: Reference) -> None:
        """Add a reference; the same (raw, node, attr, output) is kept once (frames merged)."""
        key = (ref.raw, ref.node, ref.attr, ref.output)
        if not ref.raw.strip():
            return
        at = self._seen.get(key)
        if at is None:
            self._seen[key] = len(self.references)
            self.references.append(ref)
            return
        old = self.references[at]
        if old.frames is not None and ref.frames is not None:
            self.references[at] = dataclasses.replace(old, frames=old.frames.union(ref.frames))

    @contextmanager
    def node(self, name: str) -> Iterator[None]:
        """Collect one node: a :class:`HostError` becomes an error finding and collection goes on."""
        try:
            yield
        except HostError as err:
            text = describe(err)
            self.findings.append(error(EVAL_FAILED, text if err.node else f"{name}: {text}"))

    def skipped(self, name: str, why: str) -> None:
        self.findings.append(info(SKIPPED, f"{name} was not collected: {why}."))

    def scene_info(self, fmt: str, **kw: object) -> SceneInfo:
        return SceneInfo(path=self.scene, format=fmt, references=list(self.references),
                         findings=list(self.findings), **kw)  # type: ignore[arg-type]


def frame_range(first: object, last: object, step: object = 1) -> Optional[FrameSet]:
    """``first``-``last`` every ``step`` from host numbers (floats allowed); ``None`` if unusable."""
    try:
        a, b = int(round(float(first))), int(round(float(last)))  # type: ignore[arg-type]
        s = max(1, int(round(float(step))))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    if b < a:
        return None
    return FrameSet(range(a, b + 1, s))


def group_by_value(values: Iterable[Tuple[int, str]]) -> List[Tuple[str, FrameSet]]:
    """Per-frame evaluations ``(frame, value)`` as ``(value, frames using it)``, in first-seen order."""
    groups: Dict[str, List[int]] = {}
    for frame, value in values:
        groups.setdefault(value, []).append(frame)
    return [(value, FrameSet(frames)) for value, frames in groups.items()]


def flat_pairs(flat: Optional[Sequence[object]]) -> List[Tuple[str, str]]:
    """``[a, b, c, d]`` as ``[(a, b), (c, d)]`` (Maya's flat query results); ``None`` is empty."""
    items = [str(x) for x in (flat or ())]
    return list(zip(items[0::2], items[1::2]))


def str_list(value: object) -> List[str]:
    """A host query result as a list of strings (Maya returns ``None`` for none, a str for one)."""
    if value is None or value is False:
        return []
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    return [str(value)]


def scene_dir(path: str) -> Optional[str]:
    """The directory relative paths of a saved scene resolve against (``None`` when untitled)."""
    return os.path.dirname(os.path.abspath(path)) if path else None


@dataclasses.dataclass(frozen=True)
class SavePrompts:
    """What :func:`ensure_saved` tells or asks the artist (each host may word its own)."""

    untitled: str = "Save the scene first: the farm renders the file on disk."
    """Told for an untitled scene (asked instead when the host can ``save_as``)."""
    unsaved: str = "{name} has unsaved changes; the farm renders the file on disk.\nSave before submitting?"
    """Asked for a modified scene; ``{name}`` is the scene's name."""
    not_saved: str = "The scene was not saved: {exc}"
    """Told when saving raised one of the host's ``save_errors``; ``{exc}`` is that error."""


def ensure_saved(*, is_untitled: Callable[[], bool], is_modified: Callable[[], bool], name: Callable[[], str],
                 ask: Callable[[str], bool], tell: Callable[[str], object], save: Callable[[], object],
                 save_errors: ExcTypes, save_as: Optional[Callable[[], object]] = None,
                 prompts: SavePrompts = SavePrompts()) -> bool:
    """True when the scene on disk is what the farm should render (after saving if the artist agreed).

    An untitled scene is refused (``tell``) unless the host can ``save_as``: then the artist is
    asked instead. A modified scene is saved once ``ask`` answers yes. It counts as saved when
    ``save``/``save_as`` did not return ``False`` and the scene now has a name; a ``save_errors``
    exception from them (a failed or cancelled save) is told and answers ``False``.
    """
    if is_untitled():
        if save_as is None:
            tell(prompts.untitled)
            return False
        question, save = prompts.untitled, save_as
    elif not is_modified():
        return True
    else:
        question = prompts.unsaved.format(name=name())
    if not ask(question):
        return False
    try:
        saved = save()
    except save_errors as exc:
        tell(prompts.not_saved.format(exc=exc))
        return False
    return saved is not False and not is_untitled()
