"""Sequence scan: each directory listed once, entries matched to patterns in memory.

Cost model (Linux; counted in :class:`ScanCounters` and by ``bench/bench_gather.py``):

* one ``os.scandir`` per distinct directory, whatever the number of patterns or frames in it;
* one ``os.stat`` of each directory, to key the cache by its mtime (cheap: a directory, not a
  frame); a warm re-check costs only these stats;
* no stat per frame: presence comes from the listing (``DirEntry.is_dir()`` uses the ``d_type``
  the kernel returns with the listing; only symlinks and file systems without ``d_type`` make it
  stat, counted as ``symlinks``);
* sizes and mtimes (for the outbox manifest) only when asked for (``with_stats=True``): one
  ``DirEntry.stat()`` per *matched* file, during the same listing.

The cache is keyed by directory path and validated by the directory's ``st_mtime_ns``: adding,
removing or renaming an entry changes it, so a stale listing is never reused. (Rewriting a file
in place does not change it; that affects only manifest sizes, which are re-read when asked for.)
A listing taken in the same second as a second-granular mtime is not trusted ("racy", as in git).
"""

# ruff: noqa: UP045  (Optional[...] kept for Python 3.9, as in core/config.py)
from __future__ import annotations

import json
import os
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Iterable, List, Optional, Tuple, Union

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

    scandir: int = 0  # os.scandir calls (one per directory listed)
    dir_stats: int = 0  # os.stat of a directory (cache key)
    entry_stats: int = 0  # DirEntry.stat() calls (manifest sizes only)
    symlinks: int = 0  # entries whose is_dir() had to follow a link (one stat each)
    hits: int = 0
    misses: int = 0


@dataclass
class Listing:
    """One directory's entry names (files and sub-directories), as of ``mtime_ns``."""

    path: str
    mtime_ns: int
    files: Tuple[str, ...] = ()
    dirs: frozenset = frozenset()
    error: Optional[str] = None
    _text: Optional[str] = field(default=None, repr=False)
    _names: Optional[frozenset] = field(default=None, repr=False)

    @property
    def text(self) -> str:
        """File names joined by newlines: what :meth:`Pattern.find_all` searches."""
        if self._text is None:
            self._text = "\n".join(self.files)
        return self._text

    @property
    def names(self) -> frozenset:
        if self._names is None:
            self._names = frozenset(self.files)
        return self._names

    def to_json(self) -> Dict[str, Any]:
        return {"mtime_ns": self.mtime_ns, "files": list(self.files), "dirs": sorted(self.dirs)}


class DirCache:
    """Directory listings keyed by path and validated by the directory's mtime.

    ``scandir`` and ``stat`` default to the ``os`` functions; tests pass counting wrappers.
    ``persist=True`` loads/saves the listings under ``accsyn_dcc.core.paths.home()/cache``.
    """

    def __init__(
        self,
        *,
        persist: bool = False,
        path: Optional[str] = None,
        scandir: Optional[Callable[[str], Any]] = None,
        stat: Optional[Callable[[str], Any]] = None,
    ) -> None:
        self.counters = ScanCounters()
        # Looked up at call time (not bound here) so that test doubles such as pyfakefs apply.
        self._scandir = scandir or (lambda p: os.scandir(p))
        self._stat = stat or (lambda p: os.stat(p))
        self._listings: Dict[str, Listing] = {}
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
        except FileNotFoundError:
            return None
        except NotADirectoryError:
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
        item = self._list(key, mtime_ns)
        if item is not None and not _racy(mtime_ns):
            with self._lock:
                self._listings[key] = item
        return item

    def _list(self, key: str, mtime_ns: int) -> Optional[Listing]:
        files: List[str] = []
        dirs: set = set()
        self.counters.scandir += 1
        try:
            with self._scandir(key) as it:
                for entry in it:
                    if entry.is_symlink():
                        self.counters.symlinks += 1
                    try:
                        is_dir = entry.is_dir()
                    except OSError:
                        is_dir = False
                    (dirs.add if is_dir else files.append)(entry.name)
        except (FileNotFoundError, NotADirectoryError):
            return None
        except OSError as exc:
            return Listing(key, mtime_ns, error=exc.strerror or str(exc))
        files.sort()
        return Listing(key, mtime_ns, tuple(files), frozenset(dirs))

    def entry_stats(self, directory: str, names: Iterable[str]) -> Dict[str, Tuple[int, float]]:
        """``{name: (size, mtime)}`` of the named entries: one listing, one stat per name asked
        for (what the manifest needs), never per frame of a sequence that is not asked for."""
        wanted = set(names)
        out: Dict[str, Tuple[int, float]] = {}
        if not wanted:
            return out
        self.counters.scandir += 1
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


def _racy(mtime_ns: int, now: Optional[float] = None) -> bool:
    """A second-granular mtime from this very second cannot prove the listing is complete."""
    if mtime_ns % 1_000_000_000:
        return False
    return int(now if now is not None else time.time()) <= mtime_ns // 1_000_000_000


@dataclass
class ScanResult:
    """What one pattern found in its directory."""

    pattern: Pattern
    dir_exists: bool = False
    files: List[str] = field(default_factory=list)  # matched entry names, sorted
    frames: FrameSet = field(default_factory=FrameSet)
    tiles: FrameSet = field(default_factory=FrameSet)
    is_dir: bool = False  # for a file pattern: the name is a directory
    error: Optional[str] = None
    size: int = 0
    mtime: float = 0.0

    @property
    def found(self) -> bool:
        return bool(self.files) or self.is_dir


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

    ``frames[i]`` (optional) are the frames pattern ``i`` is expected to hold; it is needed only
    when a token sits in the directory part, where the folders to list come from the frames.
    """
    cache = cache if cache is not None else DirCache()
    frames = frames if frames is not None else [None] * len(patterns)
    plan = _plan(patterns, frames)
    results = [ScanResult(p) for p in patterns]
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
    for r in results:
        r.files.sort()
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
    prefix = f"{listing.path.rstrip('/')}/" if listing.path != "." else ""
    if names is not None:  # token in the directory part: concrete names per frame
        hits = [(n, f) for n, f in names if n in listing.names]
        result.files.extend(prefix + n for n, _ in hits)
        result.frames = result.frames.union(f for _, f in hits)
        return
    if p.kind == "file":
        name = p.basename
        if name in listing.dirs:
            result.is_dir = True
        elif name in listing.names:
            result.files.append(prefix + name)
        return
    found = p.find_all(listing.text)
    result.files.extend(prefix + m.name for m in found)
    result.frames = FrameSet(m.frame for m in found if m.frame is not None)
    result.tiles = FrameSet(m.tile for m in found if m.tile is not None)


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
