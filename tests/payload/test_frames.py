"""FrameSet: the accsyn range grammar, canonical text, set algebra, missing ranges, farm buckets."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accsyn_dcc.core.errors import InputError, RangeError
from accsyn_dcc.core.frames import MAX_FRAMES, FrameSet, parse_range

# -- grammar -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, frames",
    [
        ("4", [4]),
        ("1-10", list(range(1, 11))),
        ("5-250x5", list(range(5, 251, 5))),
        ("1001-1100", list(range(1001, 1101))),
        ("1,5-7", [1, 5, 6, 7]),
        ("1 5-7", [1, 5, 6, 7]),  # the seed grammar also separates with spaces
        ("3,1,2", [1, 2, 3]),
        ("1-3,2-4", [1, 2, 3, 4]),
        ("0", [0]),
        ("0010", [10]),
        ("1-5x1", [1, 2, 3, 4, 5]),
        ("1-10x20", [1]),
        ("7-7", [7]),
    ],
)
def test_grammar_entries(text, frames):
    assert list(FrameSet(text)) == frames


@pytest.mark.parametrize("text", [" 1-3 , 5 ", "\t1-3,5\n", "1-3 ,5", "1-3, 5", "  1-3  5 "])
def test_whitespace_around_entries_is_tolerated(text):
    assert FrameSet(text) == FrameSet("1-3,5")


@pytest.mark.parametrize(
    "text, says",
    [
        ("10-1", "runs backwards"),
        ("1-10x0", "step 0"),
        ("1-10x-2", "step -2"),
        ("abc", "not a frame range"),
        ("1,,2", "empty entry"),
        (",", "empty entry"),
        ("1-3,", "empty entry"),
        (",1", "empty entry"),
        ("", "empty"),
        ("   ", "empty"),
        ("1 - 3", "not a frame range"),
        ("1-3x", "not a frame range"),
        ("1-3x2x2", "not a frame range"),
        ("+5", "not a frame range"),
        ("1e3", "not a frame range"),
        ("1_000", "not a frame range"),
        ("1.5", "not a frame range"),
        ("\u0661-\u0663", "not a frame range"),  # Arabic-Indic digits: \d would take them
        ("1-100000000", "more than"),
    ],
)
def test_bad_ranges_raise_range_error_naming_the_field(text, says):
    with pytest.raises(RangeError) as exc:
        FrameSet(text)
    assert says in exc.value.message
    assert exc.value.field == "range"
    assert isinstance(exc.value, InputError) and isinstance(exc.value, ValueError)


def test_errors_say_what_would_be_right():
    with pytest.raises(RangeError) as exc:
        FrameSet("10-1")
    assert "1-10" in str(exc.value)
    with pytest.raises(RangeError) as exc:
        FrameSet("abc")
    assert "1001-1100" in str(exc.value)


def test_negative_frames_parse_and_are_flagged():
    fs = FrameSet("-5--1")
    assert list(fs) == [-5, -4, -3, -2, -1]
    assert fs.has_negative
    assert FrameSet("-3-1x2").frames() == (-3, -1, 1)
    with pytest.raises(RangeError, match="backwards"):
        FrameSet("1--3")
    assert not FrameSet("0-5").has_negative
    assert not FrameSet().has_negative


def test_parse_range_is_the_same_as_the_constructor():
    assert parse_range("1-3") == FrameSet([1, 2, 3])


# -- construction from other things --------------------------------------------------------------


def test_from_iterables_ints_and_framesets():
    assert FrameSet([3, 1, 2, 2]) == FrameSet("1-3")
    assert FrameSet(5) == FrameSet("5")
    assert FrameSet(FrameSet("1-3")) == FrameSet("1-3")
    assert FrameSet(range(1, 4)) == FrameSet("1-3")
    assert FrameSet([1.0, "2", 3]) == FrameSet("1-3")
    assert FrameSet.from_range(1, 9, 2) == FrameSet("1-9x2")


@pytest.mark.parametrize("bad", [True, [True], [1.5], ["a"], [None], [[1]]])
def test_bad_frame_values_raise_range_error(bad):
    with pytest.raises(RangeError):
        FrameSet(bad)


def test_from_range_rejects_backwards_and_zero_step():
    with pytest.raises(RangeError, match="backwards"):
        FrameSet.from_range(5, 1)
    with pytest.raises(RangeError, match="step"):
        FrameSet.from_range(1, 5, 0)


def test_too_many_frames_from_an_iterable():
    with pytest.raises(RangeError):
        FrameSet(range(MAX_FRAMES + 1))


# -- canonical text ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "frames, text",
    [
        ([1, 2, 3], "1-3"),
        ([1, 2], "1-2"),
        ([1, 3], "1,3"),
        ([1, 3, 5], "1-5x2"),
        ([1, 3, 5, 6, 7], "1-5x2,6-7"),
        ([1, 2, 4, 6], "1-2,4,6"),
        ([5, 10, 15, 20], "5-20x5"),
        ([-4, -2, 0, 2], "-4-2x2"),
        ([-5, -4], "-5--4"),
        ([7], "7"),
        ([], ""),
    ],
)
def test_canonical_str(frames, text):
    assert str(FrameSet(frames)) == text


def test_equal_sets_have_one_text_and_one_hash():
    a, b = FrameSet("1,2,3,10"), FrameSet("1-3 10")
    assert a == b and hash(a) == hash(b) and str(a) == str(b)
    assert repr(a) == "FrameSet('1-3,10')"
    assert {a: 1}[b] == 1


def test_not_equal_to_a_string():
    assert FrameSet("1-3") != "1-3"


# -- container protocol and algebra --------------------------------------------------------------


def test_len_iter_in_bool():
    fs = FrameSet("1001-1100")
    assert len(fs) == 100
    assert list(fs)[:2] == [1001, 1002]
    assert 1050 in fs and 1101 not in fs and "1050" not in fs
    assert fs and not FrameSet()
    assert fs.first == 1001 and fs.last == 1100
    assert FrameSet().first is None and FrameSet().last is None


def test_union_difference_intersection_accept_any_frame_like():
    a = FrameSet("1-10")
    assert a.union("20-22", [30]) == FrameSet("1-10,20-22,30")
    assert a | FrameSet("11") == FrameSet("1-11")
    assert a.difference("3-5") == FrameSet("1-2,6-10")
    assert a - FrameSet("1-10") == FrameSet()
    assert a.intersection("5-15") == FrameSet("5-10")
    assert a & FrameSet("20") == FrameSet()


def test_missing_ranges_format_without_steps():
    wanted = FrameSet("1001-1100")
    have = wanted.difference("1050-1052,1090")
    missing = have.missing_from(wanted)
    assert missing.format(steps=False) == "1050-1052,1090"
    assert FrameSet("1-9x2").format(steps=False) == "1,3,5,7,9"
    assert FrameSet().format(steps=False) == ""


def test_runs_and_contiguity():
    assert FrameSet("1-3,5,7-8").runs() == [(1, 3), (5, 5), (7, 8)]
    assert FrameSet("1-3").is_contiguous
    assert not FrameSet("1-3,5").is_contiguous
    assert not FrameSet("1-9x2").is_contiguous
    assert FrameSet().is_contiguous and FrameSet().runs() == []


# -- farm buckets --------------------------------------------------------------------------------


def test_batches_split_by_size_and_never_across_a_gap():
    assert [str(b) for b in FrameSet("1-10").batches(3)] == ["1-3", "4-6", "7-9", "10"]
    assert [str(b) for b in FrameSet("1-4,10-12").batches(5)] == ["1-4", "10-12"]
    assert FrameSet("1-10").batches(100) == [FrameSet("1-10")]
    assert FrameSet().batches(5) == []


def test_bucket_items_are_the_accsyn_item_strings():
    assert FrameSet("1001-1010").bucket_items(5) == ["1001-1005", "1006-1010"]
    assert FrameSet("1-10,20").bucket_items(5) == ["1-5", "6-10", "20"]
    assert FrameSet("1-5x2").bucket_items(5) == ["1", "3", "5"]
    assert FrameSet("1-3").bucket_items(1) == ["1", "2", "3"]


@pytest.mark.parametrize("size", [0, -1])
def test_bucket_size_must_be_positive(size):
    with pytest.raises(RangeError) as exc:
        FrameSet("1-3").batches(size)
    assert exc.value.field == "task_bucketsize"


# -- properties ----------------------------------------------------------------------------------

frame_sets = st.sets(st.integers(min_value=-2000, max_value=5000), min_size=1, max_size=200).map(FrameSet)


@given(frame_sets)
def test_parse_of_str_round_trips(fs):
    assert FrameSet(str(fs)) == fs
    assert str(FrameSet(str(fs))) == str(fs)


@given(frame_sets)
def test_missing_format_round_trips(fs):
    assert FrameSet(fs.format(steps=False)) == fs


@given(frame_sets, st.integers(min_value=1, max_value=50))
def test_batches_partition_the_set_in_order(fs, size):
    batches = fs.batches(size)
    assert [f for b in batches for f in b] == list(fs)
    assert all(1 <= len(b) <= size and b.is_contiguous for b in batches)
    assert len(fs.bucket_items(size)) == len(batches)


@given(frame_sets, frame_sets)
def test_algebra_matches_python_sets(a, b):
    assert set(a.union(b)) == set(a) | set(b)
    assert set(a.difference(b)) == set(a) - set(b)
    assert set(a.intersection(b)) == set(a) & set(b)
    assert len(a) == len(set(a))


@given(st.lists(st.tuples(st.integers(0, 500), st.integers(0, 200), st.integers(1, 12)), min_size=1, max_size=8))
def test_generated_range_text_parses_to_the_same_frames(entries):
    text = ",".join(f"{a}-{a + n}x{s}" for a, n, s in entries)
    expected = {f for a, n, s in entries for f in range(a, a + n + 1, s)}
    assert set(FrameSet(text)) == expected
