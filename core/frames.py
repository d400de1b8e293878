"""The one frame-set type of accsyn-dcc.

Parses accsyn's range grammar (the seed: ``1001-1100``, ``4``, ``5-250x5``, several entries
separated by commas or spaces), formats it back canonically, and does the set algebra, missing-frame
formatting and farm bucket splitting the rest of the tool needs. Modelled on fileseq's FrameSet,
but narrower: accsyn's grammar has no ``y``/``:`` forms. Negative frames parse (hosts allow them)
and are flagged by :attr:`FrameSet.has_negative`; the farm's bucket split cannot express them.
"""

from __future__ import annotations

import re
from typing import FrozenSet, Iterable, Iterator, List, Optional, Tuple, Union

from accsyn_dcc.core.errors import RangeError

MAX_FRAMES = 10_000_000
_INT = r"-?[0-9]+"  # ASCII digits only: \d would also accept e.g. Arabic-Indic digits
_ENTRY_RE = re.compile(rf"^(?P<a>{_INT})(?:-(?P<b>{_INT})(?:x(?P<s>-?[0-9]+))?)?$")
_GRAMMAR = "entries N, A-B or A-BxS (every S-th frame), separated by commas, e.g. 1001-1100 or 1,5-250x5"

FrameLike = Union[str, int, Iterable[int], "FrameSet"]


def _parse_entry(entry: str, text: str) -> range:
    m = _ENTRY_RE.match(entry)
    if not m:
        raise RangeError(
            f"range entry {entry!r} in {text!r} is not a frame range",
            field="range",
            hint=f"Use {_GRAMMAR}.",
        )
    a = int(m.group("a"))
    if m.group("b") is None:
        return range(a, a + 1)
    b = int(m.group("b"))
    s = int(m.group("s")) if m.group("s") is not None else 1
    if s <= 0:
        raise RangeError(
            f"range entry {entry!r} has step {s}; a step must be 1 or more",
            field="range",
            hint=f"Write e.g. {a}-{b}x5 for every 5th frame.",
        )
    if b < a:
        raise RangeError(
            f"range entry {entry!r} runs backwards ({a} is after {b})",
            field="range",
            hint=f"Write the first frame first: {b}-{a}.",
        )
    return range(a, b + 1, s)


def _as_frame(value: object) -> int:
    """One frame from an iterable: ints (and integral floats/strings), never bools or 1.5."""
    if isinstance(value, bool):
        raise RangeError(f"a frame must be an integer, not {value!r}", field="range")
    if isinstance(value, float):
        if not value.is_integer():
            raise RangeError(f"a frame must be a whole number, not {value!r}", field="range")
        return int(value)
    try:
        return int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError) as exc:
        raise RangeError(f"frames must be integers, not {value!r}", field="range") from exc


class FrameSet:
    """An immutable, sorted set of integer frames.

    ``FrameSet("1-10,20")``, ``FrameSet([1, 2, 3])``, ``FrameSet(5)``. ``str()`` is canonical
    (``1-10,20``; runs with a constant step of 3+ frames become ``A-BxS``). Equality and hashing
    are by frames, so ``FrameSet("1,2,3") == FrameSet("1-3")``.
    """

    __slots__ = ("_frames", "_set")
    _frames: Tuple[int, ...]
    _set: FrozenSet[int]

    def __init__(self, frames: FrameLike = ()) -> None:
        if isinstance(frames, FrameSet):
            values: Tuple[int, ...] = frames._frames
        elif isinstance(frames, str):
            values = tuple(sorted(self._parse(frames)))
        elif isinstance(frames, bool):
            raise RangeError("a frame must be an integer, not a bool", field="range")
        elif isinstance(frames, int):
            values = (frames,)
        elif isinstance(frames, range):
            if len(frames) > MAX_FRAMES:
                raise RangeError(
                    f"range has {len(frames)} frames; at most {MAX_FRAMES} are supported", field="range"
                )
            values = tuple(sorted(frames))
        else:
            values = tuple(sorted({_as_frame(f) for f in frames}))
        if len(values) > MAX_FRAMES:
            raise RangeError(
                f"range has {len(values)} frames; at most {MAX_FRAMES} are supported", field="range"
            )
        self._frames = values
        self._set = frozenset(values)

    @staticmethod
    def _parse(text: str) -> set:
        stripped = text.strip()
        if not stripped:
            raise RangeError("range is empty", field="range", hint=f"Use {_GRAMMAR}.")
        # Entries are separated by commas; spaces are also separators (the seed grammar) unless
        # they sit inside an entry, which we do not allow ("1 - 10" is ambiguous).
        out: set = set()
        for chunk in stripped.split(","):
            pieces = chunk.split()
            if not pieces:
                raise RangeError(
                    f"range {text!r} has an empty entry (two commas in a row, or a comma at an end)",
                    field="range",
                    hint=f"Use {_GRAMMAR}.",
                )
            for piece in pieces:
                r = _parse_entry(piece, text)
                if len(out) + len(r) > MAX_FRAMES:
                    raise RangeError(f"range {text!r} has more than {MAX_FRAMES} frames", field="range")
                out.update(r)
        return out

    @classmethod
    def from_range(cls, first: int, last: int, step: int = 1) -> FrameSet:
        if step < 1:
            raise RangeError(f"range step must be 1 or more, not {step}", field="range")
        if last < first:
            raise RangeError(f"range {first}-{last} runs backwards", field="range")
        return cls(range(first, last + 1, step))

    # -- container protocol -------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._frames)

    def __iter__(self) -> Iterator[int]:
        return iter(self._frames)

    def __contains__(self, frame: object) -> bool:
        return frame in self._set

    def __bool__(self) -> bool:
        return bool(self._frames)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, FrameSet):
            return self._set == other._set
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._set)

    def __repr__(self) -> str:
        return f"FrameSet({str(self)!r})"

    def __str__(self) -> str:
        return self.format(steps=True)

    # -- set algebra --------------------------------------------------------------------------
    def union(self, *others: FrameLike) -> FrameSet:
        s = set(self._set)
        for o in others:
            s.update(FrameSet(o)._set)
        return FrameSet(s)

    def difference(self, *others: FrameLike) -> FrameSet:
        s = set(self._set)
        for o in others:
            s.difference_update(FrameSet(o)._set)
        return FrameSet(s)

    def intersection(self, *others: FrameLike) -> FrameSet:
        s = set(self._set)
        for o in others:
            s.intersection_update(FrameSet(o)._set)
        return FrameSet(s)

    __or__ = union
    __sub__ = difference
    __and__ = intersection

    # -- facts --------------------------------------------------------------------------------
    @property
    def first(self) -> Optional[int]:
        return self._frames[0] if self._frames else None

    @property
    def last(self) -> Optional[int]:
        return self._frames[-1] if self._frames else None

    @property
    def has_negative(self) -> bool:
        return bool(self._frames) and self._frames[0] < 0

    @property
    def is_contiguous(self) -> bool:
        return not self._frames or self._frames[-1] - self._frames[0] + 1 == len(self._frames)

    def frames(self) -> Tuple[int, ...]:
        return self._frames

    # -- formatting ---------------------------------------------------------------------------
    def runs(self) -> List[Tuple[int, int]]:
        """Contiguous runs as ``(first, last)`` pairs."""
        out: List[Tuple[int, int]] = []
        it = iter(self._frames)
        try:
            start = prev = next(it)
        except StopIteration:
            return out
        for f in it:
            if f != prev + 1:
                out.append((start, prev))
                start = f
            prev = f
        out.append((start, prev))
        return out

    def format(self, steps: bool = True) -> str:
        """Canonical text. ``steps=False`` gives plain runs only (``1050-1052,1090``), the
        form used for missing-frame reports."""
        if not steps:
            return ",".join(f"{a}" if a == b else f"{a}-{b}" for a, b in self.runs())
        parts: List[str] = []
        fr = self._frames
        i, n = 0, len(fr)
        while i < n:
            j = i
            if i + 1 < n:
                step = fr[i + 1] - fr[i]
                j = i + 1
                while j + 1 < n and fr[j + 1] - fr[j] == step:
                    j += 1
                count = j - i + 1
                if step == 1 or count >= 3:
                    parts.append(f"{fr[i]}-{fr[j]}" if step == 1 else f"{fr[i]}-{fr[j]}x{step}")
                    i = j + 1
                    continue
            parts.append(str(fr[i]))
            i += 1
        return ",".join(parts)

    def missing_from(self, wanted: FrameLike) -> FrameSet:
        """Frames of ``wanted`` that are not in this set."""
        return FrameSet(wanted).difference(self)

    # -- farm buckets -------------------------------------------------------------------------
    def batches(self, size: int) -> List[FrameSet]:
        """Split into buckets as the farm does for ``task_bucketsize``: at most ``size`` frames
        each, in order, and never across a gap (the engines only understand ``A-B``)."""
        if size < 1:
            raise RangeError(f"bucket size must be 1 or more, not {size}", field="task_bucketsize")
        out: List[FrameSet] = []
        for a, b in self.runs():
            for start in range(a, b + 1, size):
                out.append(FrameSet(range(start, min(start + size - 1, b) + 1)))
        return out

    def bucket_items(self, size: int) -> List[str]:
        """The ``ACCSYN_ITEM`` strings the farm would hand the engine (``N`` or ``A-B``)."""
        return [str(b.first) if len(b) == 1 else f"{b.first}-{b.last}" for b in self.batches(size)]


def parse_range(text: str) -> FrameSet:
    """Parse accsyn range text; raises :class:`RangeError` naming the rule broken."""
    return FrameSet(text)
