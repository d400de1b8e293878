"""Sequence scan: each directory listed once, entries matched to patterns in memory.

Cost model (Linux; counted in :class:`ScanCounters` and by ``bench/bench_gather.py``):

* one listing per distinct directory, whatever the number of patterns or frames in it:
  ``os.scandir``, or ``os.listdir`` for a leaf folder (its ``st_nlink`` is 2: it has no
  sub-folders, so no entry needs a type; this is ``find``'s leaf optimisation);
* one ``os.stat`` of each directory (the cache key, and ``st_nlink``); a warm re-check costs only
  these stats;
* no stat per frame: presence comes from the listing (``DirEntry.is_dir()`` answers from the
  ``d_type`` the kernel returns with the listing; only symlinks and file systems without
  ``d_type`` make it stat; ``bench/bench_gather.py`` counts the syscalls with strace);
* a plain sequence (one frame token) with a known range (a Read's first/last): the names of its
  frames minus the listing's names are the missing frames (set operations in C); without a
  range, one C-level ``findall`` over the listing finds its frames. ``int()`` and per-file paths
  are made only for the frames that are missing, or when :attr:`ScanResult.files` is read;
* sizes and mtimes (for the outbox manifest) only when asked for (``with_stats=True``): one
  ``DirEntry.stat()`` per *matched* file.

The cache is keyed by directory path and validated by the directory's ``st_mtime_ns``: adding,
removing or renaming an entry changes it, so a stale listing is never reused. (Rewriting a file
in place does not change it; that affects only manifest sizes, which are re-read when asked for.)
A listing taken in the same second as a second-granular mtime is not trusted ("racy", as in git).
"""

from __future__ import annotations

import json
import os
import threading
import time
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Callable, Dict, FrozenSet, Iterable, List, Optional, Set, Tuple, Union

from accsyn_dcc.core.errors import Cancelled
from accsyn_dcc.core.frames import FrameSet
from accsyn_dcc.core.tokens import Pattern

ProgressFn = Callable[[int, int, str], None]
CancelLike = Union[Callable[[], bool], threading.Event, None]

CACHE_VERSION = 1


def check_cancel(cancel: CancelLike) -> None:
    """Raise :class:`Cancelled` when ``cancel`` (an Event or a callable) says so."""
    if cancel is None:
        return
    flag = cancel.is_set() if isinstance(cancel, threading.Event) else cancel()
    if flag:
        raise Cancelled("scan cancelled", hint="Run the check again to finish it.")


@dataclass
class ScanCounters:
    """What the scan did to the file system (for tests, the benchmark and ``--verbose``)."""

    listings: int = 0  # directory listings: os.scandir, or os.listdir for a leaf folder
    dir_stats: int = 0  # os.stat of a directory (cache key)
    entry_stats: int = 0  # DirEntry.stat() calls (manifest sizes only)
    hits: int = 0
    misses: int = 0


@dataclass
class Listing:
    """One directory's entry names (files and sub-directories), as of ``mtime_ns``.

    ``memo`` keeps what patterns found here, so a warm re-check does not match again.
    """

    path: str
    mtime_ns: int
    files: Tuple[str, ...] = ()
    dirs: FrozenSet[str] = frozenset()
    error: Optional[str] = None
    memo: Dict[Any, Group] = field(default_factory=dict, repr=False)
    _text: Optional[str] = field(default=None, repr=False)
    _names: Optional[FrozenSet[str]] = field(default=None, repr=False)
    _sorted: Optional[str] = field(default=None, repr=False)

    @property
    def text(self) -> str:
        """File names joined by newlines: what the patterns' ``findall`` searches."""
        if self._text is None:
            self._text = "\n".join(self.files)
        return self._text

    @property
    def plain(self) -> bool:
        """No entry name holds a newline (so the newline-joined text has one line per name)."""
        return self.text.count("\n") == max(len(self.files) - 1, 0)

    @property
    def sorted_block(self) -> str:
        """``"\n" + sorted names joined by newlines + "\n"``: a run of consecutive names is a
        substring of it."""
        if self._sorted is None:
            self._sorted = "\n" + "\n".join(sorted(self.files)) + "\n"
        return self._sorted

    @property
    def names(self) -> FrozenSet[str]:
        if self._names is None:
            self._names = frozenset(self.files)
        return self._names

    @property
    def prefix(self) -> str:
        return f"{self.path.rstrip('/')}/" if self.path != "." else ""

    def to_json(self) -> Dict[str, Any]:
        return {"mtime_ns": self.mtime_ns, "files": list(self.files), "dirs": sorted(self.dirs)}


class DirCache:
    """Directory listings keyed by path and validated by the directory's mtime.

    ``scandir``, ``listdir`` and ``stat`` default to the ``os`` functions (looked up at call
    time, so test doubles such as pyfakefs apply); tests pass counting wrappers.
    ``persist=True`` loads/saves the listings under ``accsyn_dcc.core.paths.home()/cache``.
    Scene files read through :meth:`read_scene` are kept too, keyed by their mtime and size.
    """

    def __init__(
        self,
        *,
        persist: bool = False,
        path: Optional[str] = None,
        scandir: Optional[Callable[[str], Any]] = None,
        listdir: Optional[Callable[[str], List[str]]] = None,
        stat: Optional[Callable[[str], Any]] = None,
    ) -> None:
        self.counters = ScanCounters()
        self._scandir = scandir or (lambda p: os.scandir(p))
        self._listdir = listdir or (lambda p: os.listdir(p))
        self._stat = stat or (lambda p: os.stat(p))
        self._listings: Dict[str, Listing] = {}
        self._scenes: Dict[Any, Tuple[Tuple[int, int], Any]] = {}
        self._lock = threading.Lock()
        self.path = path
        if persist and path is None:
            from accsyn_dcc.core import paths

            self.path = str(paths.home() / "cache" / "scan.json")
        if self.path:
            self._load()

    # -- persistence -----------------------------------------------------------------------------
    def _load(self) -> None:
        try:
            with open(self.path, encoding="utf-8") as fh:  # type: ignore[arg-type]
                data = json.load(fh)
        except (OSError, ValueError):
            return  # no cache yet, or a broken one: start empty
        if not isinstance(data, dict) or data.get("version") != CACHE_VERSION:
            return
        for d, item in data.get("dirs", {}).items():
            try:
                listing = Listing(d, int(item["mtime_ns"]), tuple(item["files"]), frozenset(item["dirs"]))
            except (KeyError, TypeError, ValueError):
                continue
            self._listings[d] = listing

    def save(self) -> None:
        """Write the listings to ``self.path`` (atomically); no-op for an in-memory cache."""
        if not self.path:
            return
        from accsyn_dcc.core.atomic import write_json

        with self._lock:
            dirs = {d: item.to_json() for d, item in self._listings.items() if item.error is None}
        write_json(self.path, {"version": CACHE_VERSION, "dirs": dirs})

    # -- listing ---------------------------------------------------------------------------------
    def listing(self, directory: str) -> Optional[Listing]:
        """The listing of ``directory``; None when it does not exist (or is not a directory)."""
        key = directory or "."
        try:
            self.counters.dir_stats += 1
            st = self._stat(key)
        except (FileNotFoundError, NotADirectoryError):
            return None
        except OSError as exc:
            return Listing(key, 0, error=exc.strerror or str(exc))
        mtime_ns = st.st_mtime_ns
        with self._lock:
            cached = self._listings.get(key)
        if cached is not None and cached.mtime_ns == mtime_ns and cached.error is None:
            self.counters.hits += 1
            return cached
        self.counters.misses += 1
        item = self._list(key, mtime_ns, leaf=getattr(st, "st_nlink", 0) == 2)
        if item is not None and not _racy(mtime_ns):
            with self._lock:
                self._listings[key] = item
        return item

    def _list(self, key: str, mtime_ns: int, *, leaf: bool) -> Optional[Listing]:
        self.counters.listings += 1
        try:
            if leaf:  # no sub-folders: names are all we need
                return Listing(key, mtime_ns, tuple(self._listdir(key)))
            with self._scandir(key) as it:
                entries = list(it)
        except (FileNotFoundError, NotADirectoryError):
            return None
        except OSError as exc:
            return Listing(key, mtime_ns, error=exc.strerror or str(exc))
        dirs = frozenset(e.name for e in entries if _is_dir(e))
        return Listing(key, mtime_ns, tuple(e.name for e in entries if e.name not in dirs), dirs)

    def entry_stats(self, directory: str, names: Iterable[str]) -> Dict[str, Tuple[int, float]]:
        """``{name: (size, mtime)}`` of the named entries: one listing, one stat per name asked
        for (what the manifest needs), never per frame of a sequence that is not asked for."""
        wanted = set(names)
        out: Dict[str, Tuple[int, float]] = {}
        if not wanted:
            return out
        self.counters.listings += 1
        try:
            with self._scandir(directory or ".") as it:
                for entry in it:
                    if entry.name in wanted:
                        self.counters.entry_stats += 1
                        try:
                            st = entry.stat()
                        except OSError:
                            continue
                        out[entry.name] = (st.st_size, st.st_mtime)
        except OSError:
            pass
        return out

    # -- scene files -------------------------------------------------------------------------------
    def read_scene(self, path: str, reader: Callable[..., Any], **kw: Any) -> Any:
        """``reader(path, **kw)``, remembered until the file's mtime or size changes."""
        try:
            st = self._stat(path)
        except OSError:
            return reader(path, **kw)  # the reader says what is wrong with it
        stamp = (st.st_mtime_ns, st.st_size)
        key = (path, reader, tuple(sorted(kw.items())))
        with self._lock:
            hit = self._scenes.get(key)
        if hit is not None and hit[0] == stamp:
            return hit[1]
        info = reader(path, **kw)
        with self._lock:
            self._scenes[key] = (stamp, info)
        return info


def _is_dir(entry: Any) -> bool:
    try:
        return bool(entry.is_dir())
    except OSError:
        return False


def _racy(mtime_ns: int, now: Optional[float] = None) -> bool:
    """A second-granular mtime from this very second cannot prove the listing is complete."""
    if mtime_ns % 1_000_000_000:
        return False
    return int(now if now is not None else time.time()) <= mtime_ns // 1_000_000_000


# -- matching ------------------------------------------------------------------------------------

@dataclass
class Group:
    """What one pattern matched in one folder.

    Fast path (a plain sequence): ``texts`` are the frame digits, a name is
    ``head + text + tail``, ``frames`` is None (``int(text)``). Otherwise ``texts`` are the
    entry names (``head`` the folder), with their decoded ``frames`` and ``tiles``.
    """

    head: str
    tail: str = ""
    texts: FrozenSet[str] = frozenset()
    frames: Optional[Set[int]] = None
    tiles: Set[int] = field(default_factory=set)
    pad: int = 1
    ordered: Optional[Tuple[str, ...]] = None  # ``texts`` in frame order, when known already
    _missing: Dict[FrameSet, Set[int]] = field(default_factory=dict, repr=False)

    def paths(self) -> List[str]:
        texts = list(self.ordered) if self.ordered is not None else sorted(self.texts)
        if self.frames is None:
            if self.ordered is None and texts and (texts[0][0] == "-" or len(set(map(len, texts))) > 1):
                texts.sort(key=int)  # only mixed widths or negatives need a numeric sort
            head, tail = self.head, self.tail
            if not texts or "\n" in head or "\n" in tail:
                return [head + t + tail for t in texts]
            return (head + (tail + "\n" + head).join(texts) + tail).split("\n")  # built in C
        return [self.head + t for t in texts]

    def frame_numbers(self) -> Set[int]:
        return set(map(int, self.texts)) if self.frames is None else self.frames

    def missing(self, expected: FrameSet) -> Set[int]:
        """Frames of ``expected`` not found here (a set difference; memoised per range)."""
        hit = self._missing.get(expected)
        if hit is None:
            if self.frames is None:
                hit = set(map(int, _frame_texts(expected, self.pad) - self.texts))
            else:
                hit = set(expected.frames()).difference(self.frames)
            self._missing[expected] = hit
        return hit


@lru_cache(maxsize=256)
def _frame_texts(frames: FrameSet, pad: int) -> FrozenSet[str]:
    """The digit strings of ``frames`` at ``pad`` (``%0{pad}d``), shared by every sequence that
    wants the same range."""
    return frozenset(f"{f:0{pad}d}" for f in frames)


@lru_cache(maxsize=256)
def _uniform_texts(frames: FrameSet, pad: int) -> Optional[Tuple[str, ...]]:
    """The digit strings in order when they all have one width and no sign (then their order
    is the names' order in a sorted listing), else None."""
    texts = [f"{f:0{pad}d}" for f in frames]
    if not texts or texts[0][0] == "-" or len(texts[0]) != len(texts[-1]):
        return None
    return tuple(texts)


@dataclass
class ScanResult:
    """What one pattern found (in one folder, or in several when a token sits in the folder)."""

    pattern: Pattern
    expected: Optional[FrameSet] = None
    dir_exists: bool = False
    is_dir: bool = False  # for a file pattern: the name is a directory
    error: Optional[str] = None
    size: int = 0
    mtime: float = 0.0
    groups: List[Group] = field(default_factory=list)

    @property
    def count(self) -> int:
        """Number of files matched."""
        return sum(len(g.texts) for g in self.groups)

    @property
    def found(self) -> bool:
        return self.count > 0 or self.is_dir

    @property
    def files(self) -> List[str]:
        """Matched paths, in frame (or name) order; built when asked for."""
        if len(self.groups) == 1:
            return self.groups[0].paths()
        return [p for g in self.groups for p in g.paths()]

    @property
    def frame_numbers(self) -> Set[int]:
        return set().union(*(g.frame_numbers() for g in self.groups))

    @property
    def tile_numbers(self) -> Set[int]:
        return set().union(*(g.tiles for g in self.groups))

    @property
    def missing_numbers(self) -> Set[int]:
        """Frames of :attr:`expected` that were not found (empty when nothing was expected)."""
        if not self.expected:
            return set()
        if len(self.groups) == 1:
            return self.groups[0].missing(self.expected)
        return set(self.expected.frames()).difference(self.frame_numbers)

    @property
    def frames(self) -> FrameSet:
        return FrameSet(self.frame_numbers)

    @property
    def tiles(self) -> FrameSet:
        return FrameSet(self.tile_numbers)


def scan(
    patterns: List[Pattern],
    *,
    cache: Optional[DirCache] = None,
    frames: Optional[List[Optional[FrameSet]]] = None,
    progress: Optional[ProgressFn] = None,
    cancel: CancelLike = None,
    with_stats: bool = False,
) -> List[ScanResult]:
    """Match every pattern against its directory's listing; each directory is listed once.

    ``frames[i]`` (optional) are the frames pattern ``i`` should hold: its missing frames are
    reported against them, and when a token sits in the folder part they name the folders.
    """
    cache = cache if cache is not None else DirCache()
    frames = frames if frames is not None else [None] * len(patterns)
    plan = _plan(patterns, frames)
    results = [ScanResult(p, expected=f) for p, f in zip(patterns, frames)]
    total = len(plan)
    for done, (directory, jobs) in enumerate(plan.items()):
        check_cancel(cancel)
        if progress is not None:
            progress(done, total, directory)
        listing = cache.listing(directory)
        for index, names in jobs:
            _apply(results[index], listing, names)
    if with_stats:
        _add_stats(results, cache, cancel)
    if progress is not None:
        progress(total, total, "")
    return results


def _plan(patterns: List[Pattern], frames: List[Optional[FrameSet]]) -> Dict[str, List[Tuple[int, Any]]]:
    """Directory -> [(pattern index, None or the concrete names wanted there)]."""
    plan: Dict[str, List[Tuple[int, Any]]] = {}
    for i, p in enumerate(patterns):
        if not p.dir_tokens:
            plan.setdefault(p.directory, []).append((i, None))
            continue
        by_dir: Dict[str, List[Tuple[str, int]]] = {}
        for f in frames[i] or ():
            d, _, name = p.frame_path(f).rpartition("/")
            by_dir.setdefault(d, []).append((name, f))
        for d, names in by_dir.items():
            plan.setdefault(d, []).append((i, names))
    return plan


def _apply(result: ScanResult, listing: Optional[Listing], names: Optional[List[Tuple[str, int]]]) -> None:
    if listing is None:
        return
    if listing.error is not None:
        result.error = f"{listing.path}: {listing.error}"
        return
    result.dir_exists = True
    p = result.pattern
    if names is not None:  # token in the directory part: concrete names per frame
        hits = [(n, f) for n, f in names if n in listing.names]
        result.groups.append(Group(listing.prefix, texts=frozenset(n for n, _ in hits),
                                   frames={f for _, f in hits}))
        return
    if p.kind == "file":
        name = p.basename
        if name in listing.dirs:
            result.is_dir = True
        elif name in listing.names:
            result.groups.append(Group(listing.prefix, texts=frozenset([name]), frames=set()))
        return
    simple = p.simple()
    key = (p.parts, result.expected) if simple is not None and result.expected else p.parts
    group = listing.memo.get(key)
    if group is None:
        if key is p.parts:
            group = _match(p, listing, simple)
        else:
            group = _match_expected(listing, simple, result.expected)  # type: ignore[arg-type]
        listing.memo[key] = group
    if group.texts:
        result.groups.append(group)


def _match_expected(listing: Listing, simple: Tuple[str, str, int], expected: FrameSet) -> Group:
    """A plain sequence with a known range (nothing outside the range is a dependency).

    Complete sequence (the usual case): its names, in order, are one run of the sorted listing,
    a single substring test. Otherwise the names of its frames less the listing's names are the
    missing ones. Both are C-level string and set operations."""
    head, tail, pad = simple
    texts = _frame_texts(expected, pad)
    uniform = _uniform_texts(expected, pad)
    if uniform is not None and listing.plain:
        block = "\n" + head + (tail + "\n" + head).join(uniform) + tail + "\n"
        if block in listing.sorted_block:
            group = Group(listing.prefix + head, tail, texts, pad=pad, ordered=uniform)
            group._missing[expected] = set()
            return group
    absent = {head + t + tail for t in texts}.difference(listing.files)
    end = len(tail)
    missing_texts = {n[len(head):len(n) - end] for n in absent}
    group = Group(listing.prefix + head, tail, texts.difference(missing_texts), pad=pad)
    group._missing[expected] = set(map(int, missing_texts))
    return group


def _match(p: Pattern, listing: Listing, simple: Optional[Tuple[str, str, int]]) -> Group:
    if not listing.plain:  # a name holds a newline: match name by name, never across names
        found = [m for m in map(p.match, listing.files) if m is not None]
        return Group(listing.prefix, texts=frozenset(m.name for m in found),
                     frames={m.frame for m in found if m.frame is not None},
                     tiles={m.tile for m in found if m.tile is not None})
    if simple is not None:
        head, tail, pad = simple
        return Group(listing.prefix + head, tail, frozenset(p.frame_texts(listing.text)), pad=pad)
    names, frames, tiles = p.scan_text(listing.text)
    return Group(listing.prefix, texts=frozenset(names), frames=set(frames), tiles=set(tiles))


def _add_stats(results: List[ScanResult], cache: DirCache, cancel: CancelLike) -> None:
    """Sizes and mtimes of the matched files: one stat per matched file, grouped per folder."""
    wanted: Dict[str, Dict[str, List[ScanResult]]] = {}  # folder -> name -> results holding it
    for r in results:
        for f in r.files:
            d, _, name = f.rpartition("/")
            wanted.setdefault(d, {}).setdefault(name, []).append(r)
    for d, names in wanted.items():
        check_cancel(cancel)
        for name, (size, mtime) in cache.entry_stats(d, names).items():
            for r in names[name]:
                r.size += size
                r.mtime = max(r.mtime, mtime)
