"""Chunked reading: any chunk size gives the same lines, the same scene info; the trie regex."""

from __future__ import annotations

import re

import pytest

from accsyn_dcc.core.readers import _chunks, read_scene

from .test_maya import SCENE
from .test_nuke import SCRIPT


def _summary(info):
    return ([(r.raw, r.node, r.attr, str(r.frames), r.output, r.kind_hint, r.base, r.views) for r in info.references],
            [(f.code, f.message) for f in info.findings], str(info.frame_range), info.views, info.host_version,
            info.renderer, info.project_dir)


@pytest.mark.parametrize("data", [b"", b"a", b"a\n", b"a\r\nb\rc\n\nd", b"x" * 50 + b"\n" + b"y" * 30])
@pytest.mark.parametrize("size", [1, 3, 16, 1 << 20])
def test_chunks_hold_the_lines_of_the_file(tmp_path, data, size):
    path = tmp_path / "f.txt"
    path.write_bytes(data)
    pieces = list(_chunks.chunks(str(path), size=size))
    assert all(p.startswith("\n") and p.endswith("\n") for p in pieces)
    with open(path, encoding="utf-8", newline=None) as fh:
        expected = [line.rstrip("\n") for line in fh]
    assert [line for p in pieces for line in p[1:-1].split("\n")] == expected


@pytest.mark.parametrize("name, text", [("comp.nk", SCRIPT), ("shot.ma", SCENE)])
def test_any_chunk_size_reads_the_same(tmp_path, monkeypatch, name, text):
    path = tmp_path / name
    path.write_text(text + "Read {\n file /tail.exr\n", encoding="utf-8")  # unclosed at the end
    expected = _summary(read_scene(str(path)))
    for size in (1, 2, 7, 64, 500):
        monkeypatch.setattr(_chunks, "CHUNK", size)
        assert _summary(read_scene(str(path))) == expected, size


def test_alternation_matches_exactly_the_words():
    words = ["first", "first_frame", "file", "f", "name", "last_frame", "last"]
    rx = re.compile("(?:" + _chunks.alternation(words) + r")\Z")
    for w in words:
        assert rx.match(w)
    for w in ["fir", "firstx", "fil", "", "names", "last_", "x"]:
        assert not rx.match(w)
