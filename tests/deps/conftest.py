"""Helpers for the dependency-engine tests: real file trees and counting file-system doubles."""

from __future__ import annotations

import os
from collections import Counter
from typing import Iterable

import pytest

from accsyn_dcc.core.scan import DirCache


def touch(directory, names: Iterable[str], data: bytes = b"") -> None:
    """Create empty (or ``data``) files named ``names`` in ``directory``."""
    os.makedirs(directory, exist_ok=True)
    for n in names:
        with open(os.path.join(directory, n), "wb") as fh:
            fh.write(data)


class _Entry:
    """A DirEntry stand-in that counts stat() calls."""

    def __init__(self, entry, counts: Counter) -> None:
        self._e = entry
        self._counts = counts
        self.name = entry.name
        self.path = entry.path

    def is_dir(self, *, follow_symlinks: bool = True) -> bool:
        return self._e.is_dir(follow_symlinks=follow_symlinks)

    def is_symlink(self) -> bool:
        return self._e.is_symlink()

    def stat(self, *, follow_symlinks: bool = True):
        self._counts["entry.stat"] += 1
        return self._e.stat(follow_symlinks=follow_symlinks)


class _Iter:
    def __init__(self, path: str, counts: Counter) -> None:
        self._it = os.scandir(path)
        self._counts = counts

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self._it.close()

    def __iter__(self):
        for e in self._it:
            yield _Entry(e, self._counts)


class CountingFS:
    """scandir/listdir/stat wrappers for :class:`DirCache`: counts every call, per path."""

    def __init__(self) -> None:
        self.counts: Counter = Counter()  # "scandir", "listdir", "entry.stat"
        self.listings: Counter = Counter()  # path -> listings of it (scandir or listdir)
        self.stats: Counter = Counter()

    def scandir(self, path: str) -> _Iter:
        self.listings[path] += 1
        self.counts["scandir"] += 1
        return _Iter(path, self.counts)

    def listdir(self, path: str):
        self.listings[path] += 1
        self.counts["listdir"] += 1
        return os.listdir(path)

    def stat(self, path: str):
        self.stats[path] += 1
        return os.stat(path)

    def cache(self, **kw) -> DirCache:
        return DirCache(scandir=self.scandir, listdir=self.listdir, stat=self.stat, **kw)


@pytest.fixture
def counting_fs() -> CountingFS:
    return CountingFS()


@pytest.fixture
def os_stat_counter(monkeypatch):
    """Counts every os.stat / os.lstat / os.path.exists made by anyone while the test runs."""
    counts: Counter = Counter()
    real_stat, real_lstat, real_exists = os.stat, os.lstat, os.path.exists

    def stat(p, *a, **kw):
        counts[os.fspath(p) if not isinstance(p, int) else p] += 1
        return real_stat(p, *a, **kw)

    def lstat(p, *a, **kw):
        counts[os.fspath(p)] += 1
        return real_lstat(p, *a, **kw)

    def exists(p):
        counts[os.fspath(p)] += 1
        return real_exists(p)

    monkeypatch.setattr(os, "stat", stat)
    monkeypatch.setattr(os, "lstat", lstat)
    monkeypatch.setattr(os.path, "exists", exists)
    return counts


@pytest.fixture(name="touch", scope="session")
def touch_fixture():
    return touch
