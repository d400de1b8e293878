"""The scan: one listing per directory, no stat per frame, an mtime-keyed cache, cancel, progress."""

from __future__ import annotations

import os
import threading

import pytest

from accsyn_dcc.core import scan as scan_mod
from accsyn_dcc.core.errors import Cancelled
from accsyn_dcc.core.frames import FrameSet
from accsyn_dcc.core.scan import DirCache, scan
from accsyn_dcc.core.tokens import parse_pattern


@pytest.fixture
def tree(tmp_path, touch):
    """Three folders; the first holds three sequences (one with holes) and a still."""
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    touch(a, [f"beauty.{f:04d}.exr" for f in range(1, 101) if f not in (50, 51, 52, 90)])
    touch(a, [f"depth.{f:04d}.exr" for f in range(1, 101)])
    touch(a, [f"mask_{f}.png" for f in range(1, 11)] + ["still.png"])
    touch(b, [f"tex.{t}.tx" for t in (1001, 1002, 1011)])
    touch(c, [f"geo.{f}.bgeo" for f in range(1, 25)])
    return tmp_path


def _patterns(root):
    return [parse_pattern(p) for p in (
        f"{root}/a/beauty.####.exr", f"{root}/a/depth.%04d.exr", f"{root}/a/mask_$F.png",
        f"{root}/a/still.png", f"{root}/b/tex.<UDIM>.tx", f"{root}/c/geo.$F.bgeo",
        f"{root}/a/nothing.####.exr")]


def test_each_directory_listed_once_and_no_stat_per_frame(tree, counting_fs, os_stat_counter):
    results = scan(_patterns(tree), cache=counting_fs.cache())
    # one listing per distinct directory, whatever the number of patterns in it
    assert dict(counting_fs.listings) == {f"{tree}/a": 1, f"{tree}/b": 1, f"{tree}/c": 1}
    # the only stats are one per directory (the cache key); none per frame, none on entries
    assert sorted(counting_fs.stats) == [f"{tree}/a", f"{tree}/b", f"{tree}/c"]
    assert set(counting_fs.stats.values()) == {1}
    assert counting_fs.counts["entry.stat"] == 0
    frame_files = (".exr", ".png", ".tx", ".bgeo")
    assert not [p for p in os_stat_counter if isinstance(p, str) and p.endswith(frame_files)]
    beauty, depth, mask, still, tex, geo, nothing = results
    assert beauty.frames == FrameSet("1-49,53-89,91-100")
    assert FrameSet("1-100").difference(beauty.frames).format(steps=False) == "50-52,90"
    assert depth.frames == FrameSet("1-100") and mask.frames == FrameSet("1-10")
    assert still.found and still.files == [f"{tree}/a/still.png"]
    assert list(tex.tiles) == [1001, 1002, 1011] and geo.frames == FrameSet("1-24")
    assert nothing.dir_exists and not nothing.found


def test_missing_directory_is_reported_not_raised(tmp_path):
    [res] = scan([parse_pattern(f"{tmp_path}/nope/a.####.exr")])
    assert not res.dir_exists and not res.found and res.error is None


def test_unlistable_directory_gives_an_error_text(tmp_path, touch):
    touch(tmp_path / "locked", ["a.0001.exr"])

    def denied(path):
        raise PermissionError(13, "Permission denied", path)

    cache = DirCache(scandir=denied, listdir=denied)
    [res] = scan([parse_pattern(f"{tmp_path}/locked/a.####.exr")], cache=cache)
    assert "Permission denied" in res.error and not res.found


def test_cache_hit_on_second_run(tree, counting_fs):
    cache = counting_fs.cache()
    first = scan(_patterns(tree), cache=cache)
    second = scan(_patterns(tree), cache=cache)
    assert sum(counting_fs.listings.values()) == 3  # nothing listed again
    assert cache.counters.hits == 3 and cache.counters.misses == 3
    assert [r.frames for r in first] == [r.frames for r in second]


def test_cache_invalidated_when_directory_mtime_changes(tree, counting_fs, touch):
    cache = counting_fs.cache()
    scan(_patterns(tree), cache=cache)
    touch(tree / "a", ["beauty.0050.exr"])
    st = os.stat(tree / "a")
    os.utime(tree / "a", ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))  # make sure it moved
    beauty = scan(_patterns(tree), cache=cache)[0]
    assert counting_fs.listings[f"{tree}/a"] == 2 and counting_fs.listings[f"{tree}/b"] == 1
    assert 50 in beauty.frames


def test_persisted_cache_is_reused_by_a_new_process(tree, counting_fs, tmp_path):
    path = str(tmp_path / "cache" / "scan.json")
    cold = DirCache(path=path)
    scan(_patterns(tree), cache=cold)
    cold.save()
    warm = counting_fs.cache(path=path)
    results = scan(_patterns(tree), cache=warm)
    assert sum(counting_fs.listings.values()) == 0 and warm.counters.hits == 3
    assert results[0].frames == FrameSet("1-49,53-89,91-100")


def test_persist_uses_the_user_home(_isolated_home):
    cache = DirCache(persist=True)
    assert cache.path == str(_isolated_home / "cache" / "scan.json")
    cache.save()
    assert os.path.isfile(cache.path)


def test_racy_listing_is_not_cached():
    assert scan_mod._racy(5_000_000_000, now=5.5)  # second-granular mtime, same second
    assert not scan_mod._racy(5_000_000_000, now=6.0)
    assert not scan_mod._racy(5_000_000_123, now=5.0)  # nanosecond mtime: trusted


def test_progress_reports_each_directory(tree):
    calls = []
    scan(_patterns(tree), progress=lambda done, total, msg: calls.append((done, total, msg)))
    assert [c[:2] for c in calls] == [(0, 3), (1, 3), (2, 3), (3, 3)]
    assert calls[0][2] == f"{tree}/a"


def test_cancel_with_an_event(tree):
    ev = threading.Event()
    ev.set()
    with pytest.raises(Cancelled):
        scan(_patterns(tree), cancel=ev)


def test_cancel_with_a_callable_mid_scan(tree, counting_fs):
    calls = []

    def cancel():
        calls.append(1)
        return len(calls) > 1

    with pytest.raises(Cancelled):
        scan(_patterns(tree), cache=counting_fs.cache(), cancel=cancel)
    assert sum(counting_fs.listings.values()) == 1  # stopped after the first folder


def test_sizes_only_when_asked_one_stat_per_matched_file(tree, counting_fs, touch):
    touch(tree / "b", ["tex.1001.tx"], data=b"12345")
    cache = counting_fs.cache()
    without = scan(_patterns(tree), cache=cache)
    assert counting_fs.counts["entry.stat"] == 0 and without[4].size == 0
    with_stats = scan(_patterns(tree), cache=cache, with_stats=True)
    matched = sum(len(r.files) for r in with_stats)
    assert counting_fs.counts["entry.stat"] == matched == cache.counters.entry_stats
    assert with_stats[4].size == 5 and with_stats[4].mtime > 0


def test_token_in_folder_lists_each_frame_folder_once(tmp_path, touch, counting_fs):
    for f in (1, 2, 4):
        touch(tmp_path / f"{f:04d}", ["geo.bgeo"])
    [res] = scan([parse_pattern(f"{tmp_path}/$F4/geo.bgeo")], cache=counting_fs.cache(),
                 frames=[FrameSet("1-4")])
    assert res.frames == FrameSet("1,2,4")
    assert set(counting_fs.listings.values()) == {1} and len(counting_fs.listings) == 3


def test_directory_reference_is_seen_in_its_parent_listing(tmp_path):
    (tmp_path / "luts").mkdir()
    [res] = scan([parse_pattern(f"{tmp_path}/luts")])
    assert res.is_dir and res.found and res.files == []


def test_leaf_folders_use_listdir_others_scandir(tmp_path, touch, counting_fs):
    touch(tmp_path / "leaf", ["a.0001.exr"])
    touch(tmp_path / "parent", ["a.0001.exr"])
    (tmp_path / "parent" / "a.0002.exr").mkdir()  # a folder named like a frame is no frame
    cache = counting_fs.cache()
    leaf, parent = scan([parse_pattern(f"{tmp_path}/leaf/a.####.exr"),
                         parse_pattern(f"{tmp_path}/parent/a.####.exr")], cache=cache)
    if os.stat(tmp_path / "leaf").st_nlink == 2:  # file systems that count sub-folders in st_nlink
        assert counting_fs.counts["listdir"] == 1
    assert counting_fs.counts["scandir"] >= 1 and cache.counters.listings == 2
    assert leaf.frames == FrameSet("1") and parent.frames == FrameSet("1")


def test_files_are_built_on_demand_in_frame_order(tmp_path, touch):
    touch(tmp_path, ["s.10000.exr", "s.0999.exr", "s.0002.exr", "s.-001.exr"])
    [res] = scan([parse_pattern(f"{tmp_path}/s.####.exr")])
    assert res.count == 4 and res.frame_numbers == {-1, 2, 999, 10000}
    assert res.files == [f"{tmp_path}/s.-001.exr", f"{tmp_path}/s.0002.exr", f"{tmp_path}/s.0999.exr",
                         f"{tmp_path}/s.10000.exr"]


def test_with_a_range_only_its_frames_are_dependencies(tmp_path, touch):
    touch(tmp_path, ["s.10000.exr", "s.0999.exr", "s.0002.exr", "s.002.exr"])
    [res] = scan([parse_pattern(f"{tmp_path}/s.####.exr")], frames=[FrameSet("1-3")])
    assert res.count == 1 and res.missing_numbers == {1, 3} and res.files == [f"{tmp_path}/s.0002.exr"]


@pytest.mark.parametrize("extra,missing", [
    ([], set()),  # complete: one run of the sorted listing
    (["s.0002.exr.bak", "s.0003.exr.tmp", "a.txt", "s.####.exr"], set()),  # interleaved names
    (["s.0002.exr\ns.0003.exr"], set()),  # a name holding a newline cannot fake two frames
])
def test_complete_sequence_checks_agree(tmp_path, touch, extra, missing):
    touch(tmp_path, [f"s.{f:04d}.exr" for f in range(1, 6)] + extra)
    [res] = scan([parse_pattern(f"{tmp_path}/s.####.exr")], frames=[FrameSet("1-5")])
    assert res.missing_numbers == missing and res.count == 5


def test_a_newline_name_never_counts_as_frames(tmp_path, touch):
    touch(tmp_path, ["s.0001.exr", "s.0002.exr\ns.0003.exr"])
    [res] = scan([parse_pattern(f"{tmp_path}/s.####.exr")], frames=[FrameSet("1-3")])
    assert res.missing_numbers == {2, 3} and res.count == 1


def test_a_newline_name_never_counts_as_frames_without_a_range(tmp_path, touch):
    touch(tmp_path, ["s.0001.exr", "s.0002.exr\ns.0003.exr", "t.1001.tx"])
    seq, tex = scan([parse_pattern(f"{tmp_path}/s.####.exr"), parse_pattern(f"{tmp_path}/t.<UDIM>.tx")])
    assert seq.frame_numbers == {1} and seq.files == [f"{tmp_path}/s.0001.exr"]
    assert tex.tile_numbers == {1001}
