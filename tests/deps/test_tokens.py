"""The one token table: every frame, tile, view and environment spelling, on real files."""

from __future__ import annotations

import pytest

from accsyn_dcc.core import tokens
from accsyn_dcc.core.frames import FrameSet
from accsyn_dcc.core.scan import DirCache, scan

FRAME_CASES = [
    # (basename template, files on disk, frames expected)
    ("x.####.exr", ["x.0001.exr", "x.0010.exr", "x.12345.exr", "x.001.exr", "x.00002.exr"], "1,10,12345"),
    ("x.#.exr", ["x.1.exr", "x.10.exr", "x.01.exr"], "1,10"),
    ("x.%04d.exr", ["x.1001.exr", "x.1002.exr", "x.102.exr"], "1001-1002"),
    ("x.%d.exr", ["x.7.exr", "x.08.exr", "x.100.exr"], "7,100"),
    ("x.@.exr", ["x.3.exr", "x.03.exr"], "3"),
    ("x.@@@@.exr", ["x.0003.exr", "x.3.exr"], "3"),
    ("geo.$F.bgeo", ["geo.1.bgeo", "geo.24.bgeo", "geo.024.bgeo"], "1,24"),
    ("geo.$F4.bgeo", ["geo.0001.bgeo", "geo.0024.bgeo", "geo.24.bgeo"], "1,24"),
    ("geo.${F4}.bgeo", ["geo.0005.bgeo", "geo.0006.bgeo"], "5-6"),
    ("img.<f>.exr", ["img.5.exr", "img.6.exr"], "5-6"),
    ("img.<f4>.exr", ["img.0005.exr", "img.5.exr"], "5"),
    ("neg.####.exr", ["neg.-001.exr", "neg.0000.exr", "neg.0001.exr"], "-1-1"),
]


@pytest.mark.parametrize("template,files,frames", FRAME_CASES, ids=[c[0] for c in FRAME_CASES])
def test_frame_tokens_on_real_files(tmp_path, touch, template, files, frames):
    touch(tmp_path, files + ["other.0001.exr", "x.0001.jpg"])
    pattern = tokens.parse_pattern(f"{tmp_path}/{template}")
    assert pattern.kind == tokens.SEQUENCE and pattern.animated
    [res] = scan([pattern], cache=DirCache())
    assert res.frames == FrameSet(frames)


UDIM_CASES = [
    ("t.<UDIM>.tx", ["t.1001.tx", "t.1002.tx", "t.1011.tx", "t.101.tx"], [1001, 1002, 1011]),
    ("t.<udim>.tx", ["t.1001.tx"], [1001]),
    ("t.%(UDIM)d.tx", ["t.1003.tx"], [1003]),
    ("t_<UVTILE>.tx", ["t_u1_v1.tx", "t_u2_v1.tx", "t_u1_v2.tx"], [1001, 1002, 1011]),
    ("t_<uvtile>.tx", ["t_u3_v1.tx"], [1003]),
    ("t<tile>.tx", ["t_u1_v1.tx", "t_u2_v2.tx"], [1001, 1012]),  # Arnold/Mari `_u1_v1`
    ("t_u<U>_v<V>.tx", ["t_u1_v1.tx", "t_u10_v1.tx"], [1001, 1010]),  # Mudbox, 1-based
    ("t_u<u>_v<v>.tx", ["t_u0_v0.tx", "t_u1_v0.tx", "t_u0_v1.tx"], [1001, 1002, 1011]),  # ZBrush, 0-based
]


@pytest.mark.parametrize("template,files,tiles", UDIM_CASES, ids=[c[0] for c in UDIM_CASES])
def test_tile_tokens_on_real_files(tmp_path, touch, template, files, tiles):
    touch(tmp_path, files + ["t.txt"])
    pattern = tokens.parse_pattern(f"{tmp_path}/{template}")
    assert pattern.kind == tokens.UDIM and not pattern.animated
    [res] = scan([pattern], cache=DirCache())
    assert list(res.tiles) == tiles
    assert len(res.files) == len(tiles)


def test_frame_path_round_trips_every_token():
    for template, _files, _frames in FRAME_CASES:
        p = tokens.parse_pattern(f"/r/{template}")
        for frame in (1, 24, 1001):
            name = p.frame_path(frame).rpartition("/")[2]
            assert p.match(name).frame == frame, (template, name)
    for template, _files, tiles in UDIM_CASES:
        p = tokens.parse_pattern(f"/r/{template}")
        for tile in tiles:
            assert p.match(p.frame_path(tile=tile).rpartition("/")[2]).tile == tile, template


def test_animated_udim_has_both_groups(tmp_path, touch):
    touch(tmp_path, ["t.1001.0001.exr", "t.1002.0001.exr", "t.1001.0002.exr"])
    [res] = scan([tokens.parse_pattern(f"{tmp_path}/t.<UDIM>.####.exr")])
    assert res.pattern.kind == tokens.UDIM and res.pattern.animated
    assert res.frames == FrameSet("1-2") and list(res.tiles) == [1001, 1002]


def test_glob_text_and_kind():
    p = tokens.parse_pattern("/a/b/seq.%04d.exr")
    assert p.glob_text == "/a/b/seq.*.exr" and p.directory == "/a/b" and p.basename == "seq.%04d.exr"
    assert tokens.parse_pattern("/a/plain.exr").kind == tokens.FILE
    assert tokens.parse_pattern("/a/$F4/geo.bgeo").dir_tokens


def test_views_expand_per_view():
    out = tokens.expand_views("/r/%V/plate.%v.####.exr", ("left", "right"))
    assert out == [("/r/left/plate.l.####.exr", "left"), ("/r/right/plate.r.####.exr", "right")]
    assert tokens.expand_views("/r/plate.exr", ("left",)) == [("/r/plate.exr", None)]
    assert tokens.expand_views("/r/%V.exr", ()) == [("/r/main.exr", "main")]


ENV = {"JOB": "/jobs/$SHOW", "SHOW": "ant", "SHOT": "sh010", "ROOT": "/mnt/p", "TEX": "/tex"}


@pytest.mark.parametrize("raw,expected", [
    ("$JOB/plates/a.exr", "/jobs/ant/plates/a.exr"),  # nested variables
    ("${SHOT}_comp.nk", "sh010_comp.nk"),
    ("%ROOT%/x.exr", "/mnt/p/x.exr"),
    ("[getenv TEX]/wood.png", "/tex/wood.png"),
    ("$HIP/geo/$F4.bgeo", "/shots/a/geo/$F4.bgeo"),  # $HIP from extra, $F4 kept for the frame table
    ("${F4}.bgeo", "${F4}.bgeo"),
    ("plate.%V.%04d.exr", "plate.%V.%04d.exr"),
    ("plate.%V_%04d.exr", "plate.%V_%04d.exr"),  # %V_% is not a Windows variable
])
def test_expand_vars_known(raw, expected):
    text, unknown = tokens.expand_vars(raw, ENV, {"HIP": "/shots/a"})
    assert (text, unknown) == (expected, [])


def test_expand_vars_reports_every_unknown_token_once():
    raw = "$NOPE/<MAYA_RESOURCES>/[python {nuke.script_directory()}]/%MISSING%/$NOPE/<UDIM>.tx"
    text, unknown = tokens.expand_vars(raw, {}, {})
    assert text == raw
    assert unknown == ["$NOPE", "%MISSING%", "<MAYA_RESOURCES>", "[python {nuke.script_directory()}]"]
    assert tokens.expand_vars("[getenv NOPE]/a", {}, {})[1] == ["[getenv NOPE]"]


def test_expand_vars_extra_wins_and_tilde(monkeypatch):
    monkeypatch.setenv("HOME", "/home/u")
    assert tokens.expand_vars("$HIP/x", {"HIP": "/env"}, {"HIP": "/scene"})[0] == "/scene/x"
    assert tokens.expand_vars("~/x.exr", {}, {})[0] == "/home/u/x.exr"


def test_relative_paths_resolve_against_base():
    assert tokens.normalize("plates/../plates/a.exr", "/show/shot") == "/show/shot/plates/a.exr"
    assert tokens.normalize("/abs/a.exr", "/show") == "/abs/a.exr"
    assert tokens.normalize("tex/a.png", "D:/proj//scenes") == "D:/proj/scenes/tex/a.png"
    assert tokens.normalize("D:\\proj\\tex\\a.png") == "D:/proj/tex/a.png"
    assert tokens.normalize("\\\\srv\\share\\a.png") == "//srv/share/a.png"
    assert tokens.is_absolute("C:/x") and tokens.is_absolute("//srv/x") and not tokens.is_absolute("x/y")


def test_tokens_in_a_fake_file_system(fs):
    """pyfakefs: the scan goes through os.scandir/os.stat looked up at call time."""
    fs.create_file("/proj/seq/a.0001.exr")
    fs.create_file("/proj/seq/a.0003.exr")
    fs.create_file("/proj/tex/w.1001.png")
    fs.create_file("/proj/tex/w.1002.png")
    seq, tex, plain = scan([tokens.parse_pattern("/proj/seq/a.####.exr"),
                            tokens.parse_pattern("/proj/tex/w.<UDIM>.png"),
                            tokens.parse_pattern("/proj/tex/w.1001.png")], cache=DirCache())
    assert seq.frames == FrameSet("1,3") and list(tex.tiles) == [1001, 1002] and plain.found
