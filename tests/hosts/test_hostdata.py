"""accsyn_dcc.core.hostdata: the boundary and collection helpers the three adapters share."""

from __future__ import annotations

import pytest

from accsyn_dcc.core.errors import HostError
from accsyn_dcc.core.frames import FrameSet
from accsyn_dcc.core.hostdata import (
    EVAL_FAILED,
    Collector,
    flat_pairs,
    frame_range,
    group_by_value,
    host_call,
    str_list,
)
from accsyn_dcc.core.refs import Reference


class FakeHostError(Exception):
    pass


def test_host_call_converts_only_the_hosts_exceptions_and_chains_them():
    with pytest.raises(HostError) as info:
        with host_call("houdini", FakeHostError, node="/obj/geo1/file1", attr="file"):
            raise FakeHostError("Invalid expression")
    err = info.value
    assert isinstance(err.__cause__, FakeHostError)
    assert (err.node, err.host) == ("/obj/geo1/file1", "houdini")
    assert "/obj/geo1/file1.file" in str(err) and "Invalid expression" in str(err)
    with pytest.raises(KeyError):  # not a host exception: a bug, left alone
        with host_call("houdini", FakeHostError, node="n"):
            raise KeyError("x")


def test_collector_turns_a_host_error_into_a_finding_and_goes_on():
    col = Collector("nuke", "/s.nk")
    with col.node("Read1"):
        with host_call("nuke", RuntimeError, node="Read1", attr="file"):
            raise RuntimeError("boom")
    with col.node("Read2"):
        col.add(Reference(raw="/a.exr", node="Read2", attr="file"))
    with col.node("root"):
        raise HostError("no node on this one")
    assert [f.code for f in col.findings] == [EVAL_FAILED, EVAL_FAILED]
    assert "Read1" in col.findings[0].message and col.findings[1].message.startswith("root: ")
    info = col.scene_info("nuke")
    assert [r.node for r in info.references] == ["Read2"] and info.path == "/s.nk"


def test_collector_keeps_each_reference_once_and_merges_frames():
    col = Collector("maya", "")
    col.add(Reference(raw="/t.<f>.png", node="f", attr="a", frames=FrameSet("1-3")))
    col.add(Reference(raw="/t.<f>.png", node="f", attr="a", frames=FrameSet("5")))
    col.add(Reference(raw="  ", node="f", attr="b"))
    assert len(col.references) == 1 and col.references[0].frames == FrameSet("1-3,5")


@pytest.mark.parametrize("args, expected", [
    ((1001, 1010), "1001-1010"), ((1.0, 24.0, 1.0), "1-24"), ((1, 10, 0.5), "1-10"), ((1, 9, 4), "1-9x4"),
    ((10, 1), None), (("x", 2), None), ((None, 2), None),
])
def test_frame_range(args, expected):
    got = frame_range(*args)
    assert (str(got) if got is not None else None) == expected


def test_group_by_value_and_query_shapes():
    assert group_by_value([(1, "a"), (2, "b"), (3, "a")]) == [("a", FrameSet("1,3")), ("b", FrameSet("2"))]
    assert flat_pairs(["f.png", "file1.ftn", "g.png", "file2.ftn"]) == [("f.png", "file1.ftn"), ("g.png", "file2.ftn")]
    assert flat_pairs(None) == []
    assert str_list(None) == [] and str_list("a") == ["a"] and str_list(("a", 1)) == ["a", "1"]
    assert str_list("") == [] and str_list(False) == []


class _Scene:
    """A scripted host for ensure_saved: its answers, and what it was told or asked."""

    def __init__(self, *, untitled=False, modified=False, answer=True, save_result=None, save_raises=False):
        self.untitled, self.modified, self.answer = untitled, modified, answer
        self.save_result, self.save_raises = save_result, save_raises
        self.asked, self.told, self.saves = [], [], 0

    def ask(self, text):
        self.asked.append(text)
        return self.answer

    def save(self):
        self.saves += 1
        if self.save_raises:
            raise FakeHostError("disk full")
        self.untitled = self.modified = False
        return self.save_result

    def run(self, **kw):
        from accsyn_dcc.core.hostdata import ensure_saved

        return ensure_saved(is_untitled=lambda: self.untitled, is_modified=lambda: self.modified,
                            name=lambda: "shot.ma", ask=self.ask, tell=self.told.append, save=self.save,
                            save_errors=FakeHostError, **kw)


def test_ensure_saved_asks_only_for_a_modified_scene_and_saves_on_yes():
    clean = _Scene()
    assert clean.run() is True and clean.asked == [] and clean.saves == 0
    yes, no = _Scene(modified=True), _Scene(modified=True, answer=False)
    assert yes.run() is True and yes.saves == 1 and "shot.ma has unsaved changes" in yes.asked[0]
    assert no.run() is False and no.saves == 0


def test_ensure_saved_untitled_is_refused_unless_the_host_can_save_as():
    refused = _Scene(untitled=True)
    assert refused.run() is False and refused.told == ["Save the scene first: the farm renders the file on disk."]
    saved_as = _Scene(untitled=True)
    assert saved_as.run(save_as=saved_as.save) is True and len(saved_as.asked) == 1 and saved_as.saves == 1


def test_ensure_saved_a_failed_save_is_told_and_false():
    failing = _Scene(modified=True, save_raises=True)
    assert failing.run() is False and failing.told == ["The scene was not saved: disk full"]
    declined = _Scene(modified=True, save_result=False)
    assert declined.run() is False and declined.told == []
