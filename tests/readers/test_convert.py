"""convert_scene / `accsyn-dcc convert`: share-root rewriting, boundaries, streaming, -o safety."""

from __future__ import annotations

import io
import json

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from accsyn_dcc.core import convert as cv
from accsyn_dcc.core.cli.main import main
from accsyn_dcc.core.config import Share
from accsyn_dcc.core.convert import Converter, ConvertReport, convert_scene
from accsyn_dcc.core.errors import InputError, SceneError
from accsyn_dcc.core.mapping import ShareMap

SHARES = [Share(id="5c5bf52a1da7ee0165105b85", name="projects",
                roots={"windows": "P:/projects", "linux": "/mnt/projects", "mac": "/Volumes/projects"}),
          Share(id="5c5bf52a1da7ee0165105b86", name="assets",
                roots={"windows": "\\\\nas\\assets", "linux": "/mnt/assets"})]
SMAP = ShareMap(SHARES)

NK = """Root {
 project_directory /mnt/projects/show
}
Read {
 file /mnt/projects/show/plates/a.####.exr
 proxy "/mnt/projects"
 name R1
}
Read {
 file /mnt/projX/other/b.exr
 label "see /data/mnt/projects/c and ./mnt/projects/d"
 name R2
}
Read {
 file {/mnt/assets/tex/wood.exr}
 name R3
}
"""


def _convert_text(text: str, to_os: str, smap=SMAP) -> tuple:
    out = io.BytesIO()
    src = io.BytesIO(text.encode("utf-8"))
    conv = Converter(smap.replacements(to_os), posix_target=to_os != "windows")
    report = cv.convert_stream(src, out, conv, ConvertReport("mem", to_os))
    return out.getvalue().decode("utf-8"), report


def test_linux_to_windows_and_back_round_trips(tmp_path):
    src = tmp_path / "a.nk"
    src.write_text(NK)
    win, back = tmp_path / "win.nk", tmp_path / "back.nk"
    r1 = convert_scene(str(src), str(win), SMAP, "windows")
    text = win.read_text()
    assert "file P:/projects/show/plates/a.####.exr" in text
    assert 'proxy "P:/projects"' in text
    assert "{//nas/assets/tex/wood.exr}" in text  # UNC target, forward slashes
    assert r1.replaced == 4 and r1.by_prefix == {"/mnt/projects": 3, "/mnt/assets": 1}
    r2 = convert_scene(str(win), str(back), SMAP, "linux")
    assert back.read_bytes() == src.read_bytes()
    assert r2.replaced == 4


def test_boundary_rule_leaves_sibling_and_nested_paths():
    out, report = _convert_text(NK, "windows")
    assert "/mnt/projX/other/b.exr" in out
    assert "/data/mnt/projects/c" in out and "./mnt/projects/d" in out


@pytest.mark.parametrize("written", ["P:/projects/a.exr", "p:/PROJECTS/a.exr", "P:\\projects\\a.exr",
                                     "P:\\\\Projects\\\\a.exr", "p:\\projects/a.exr"])
def test_windows_roots_case_insensitive_either_slash(written):
    out, report = _convert_text(f'setAttr ".ftn" -type "string" "{written}";\n', "linux")
    assert out == 'setAttr ".ftn" -type "string" "/mnt/projects/a.exr";\n'
    assert report.replaced == 1


def test_windows_root_not_matched_inside_other_paths():
    text = "a XP:/projects/a b P:/projectsX/a c /x/P:/projects/a\n"
    assert _convert_text(text, "linux")[0] == text


def test_backslash_after_posix_root_is_a_name_character():
    # On Linux `/mnt/projects\\x` is the folder `projects\\x`, not under the share; so the
    # Linux -> Windows -> Linux round trip stays byte for byte (hypothesis found this one).
    text = '/mnt/projects\\\n file "/mnt/projects\\x/a.exr"\n file "/mnt/projects/0"\n'
    win, report = _convert_text(text, "windows")
    assert win == text.replace('"/mnt/projects/0"', '"P:/projects/0"') and report.replaced == 1
    assert _convert_text(win, "linux")[0] == text


def test_to_windows_keeps_rest_as_written_and_mac_too():
    assert _convert_text("@/Volumes/projects/a/b.usda@</M>\n", "windows")[0] == "@P:/projects/a/b.usda@</M>\n"
    assert _convert_text("search_path: luts:/mnt/projects/luts:/tmp\n", "mac")[0] == \
        "search_path: luts:/Volumes/projects/luts:/tmp\n"


def test_preview_lists_distinct_changes():
    _, report = _convert_text(NK * 3, "windows")
    assert ("/mnt/projects/show/plates/a.####.exr", "P:/projects/show/plates/a.####.exr") in report.changes
    assert len(report.changes) == len(set(report.changes)) == 4
    assert report.replaced == 12 and not report.truncated


def test_streaming_with_tiny_chunks_gives_the_same_bytes(tmp_path):
    src = tmp_path / "big.nk"
    src.write_text(NK * 200)
    a, b = tmp_path / "a.nk", tmp_path / "b.nk"
    ra = convert_scene(str(src), str(a), SMAP, "windows", chunk=37)
    rb = convert_scene(str(src), str(b), SMAP, "windows")
    assert a.read_bytes() == b.read_bytes() and ra.replaced == rb.replaced == 800
    assert ra.bytes_in == src.stat().st_size


def test_overlong_line_is_cut_at_whitespace(monkeypatch):
    monkeypatch.setattr(cv, "MAX_LINE", 100)
    line = " ".join(["/mnt/projects/x.exr"] * 50) + "\n"
    chunks = list(cv.iter_chunks(io.BytesIO(line.encode()), size=64))
    assert b"".join(chunks) == line.encode() and max(len(c) for c in chunks) < 200
    conv = Converter(SMAP.replacements("windows"))
    out = b"".join(conv.convert_bytes(c) for c in chunks)
    assert out.decode().count("P:/projects/x.exr") == 50


def test_chained_pairs_are_rewritten_once():
    conv = Converter([("/a", "/a/b", False)], posix_target=True)
    assert conv.chained
    report = ConvertReport("m", "linux")
    assert conv.convert_bytes(b"/a/x /a\n", report) == b"/a/b/x /a/b\n" and report.replaced == 2


def test_refuses_binary_and_missing(tmp_path):
    (tmp_path / "a.mb").write_bytes(b"FOR4\x00\x00")
    with pytest.raises(SceneError, match="binary"):
        convert_scene(str(tmp_path / "a.mb"), None, SMAP, "linux")
    with pytest.raises(SceneError, match="not found"):
        convert_scene(str(tmp_path / "none.ma"), None, SMAP, "linux")


def test_library_refuses_to_overwrite_input(tmp_path):
    src = tmp_path / "a.nk"
    src.write_text(NK)
    with pytest.raises(InputError, match="refusing"):
        convert_scene(str(src), str(src), SMAP, "windows")
    assert src.read_text() == NK


def test_failed_convert_leaves_existing_output_and_no_temp_file(tmp_path, monkeypatch):
    src, out = tmp_path / "a.nk", tmp_path / "b.nk"
    src.write_text(NK)
    out.write_text("old")

    def boom(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(cv, "convert_stream", boom)
    with pytest.raises(OSError, match="disk full"):
        convert_scene(str(src), str(out), SMAP, "windows")
    assert out.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.nk", "b.nk"]


@pytest.fixture
def cfg(tmp_path):
    path = tmp_path / "studio.json"
    path.write_text(json.dumps({"shares": [{"id": s.id, "name": s.name, "roots": dict(s.roots)} for s in SHARES]}))
    return str(path)


def test_cli_preview_writes_nothing(tmp_path, cfg, capsys):
    src = tmp_path / "a.nk"
    src.write_text(NK)
    assert main(["convert", str(src), "--to", "windows", "--map-config", cfg]) == 0
    out = capsys.readouterr().out
    assert "/mnt/projects/show/plates/a.####.exr  ->  P:/projects/show/plates/a.####.exr" in out
    assert "would change 4 path(s)" in out and src.read_text() == NK
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.nk", "studio.json"]


def test_cli_writes_output_atomically(tmp_path, cfg, capsys):
    src, dst = tmp_path / "a.nk", tmp_path / "out" / "a_win.nk"
    src.write_text(NK)
    dst.parent.mkdir()
    assert main(["convert", str(src), "--to", "windows", "--map-config", cfg, "-o", str(dst)]) == 0
    assert "P:/projects/show" in dst.read_text() and src.read_text() == NK
    assert [p.name for p in dst.parent.iterdir()] == ["a_win.nk"]  # no temp file left


def test_cli_refuses_input_as_output_even_via_symlink(tmp_path, cfg, capsys):
    src = tmp_path / "a.nk"
    src.write_text(NK)
    link = tmp_path / "link.nk"
    link.symlink_to(src)
    for target in (src, link):
        assert main(["convert", str(src), "--to", "linux", "--map-config", cfg, "-o", str(target)]) == 2
        assert "refusing to overwrite" in capsys.readouterr().err
    assert src.read_text() == NK


def test_cli_without_shares_is_an_input_error(tmp_path, capsys):
    (tmp_path / "a.nk").write_text(NK)
    (tmp_path / "empty.json").write_text("{}")
    rc = main(["convert", str(tmp_path / "a.nk"), "--to", "linux", "--map-config", str(tmp_path / "empty.json")])
    assert rc == 2 and "no shares" in capsys.readouterr().err


TEXT = st.lists(st.sampled_from(list("abc/\\ \"'\n{}@:;PXmnt.") + ["/mnt/", "P:/", "projects", "/mnt/projectsX"]),
                max_size=60).map("".join)


@settings(max_examples=200, deadline=None)
@given(rel=st.lists(st.text(alphabet="abcxyz_.0123", min_size=1, max_size=6), min_size=1, max_size=4),
       noise=TEXT)
def test_round_trip_property(rel, noise):
    """Linux text (no Windows root in it) converts to Windows and back byte for byte."""
    lowered = noise.lower()
    assume("p:/projects" not in lowered and "p:\\projects" not in lowered)
    text = f'{noise}\n file "/mnt/projects/{"/".join(rel)}"\n'
    win, _ = _convert_text(text, "windows")
    back, _ = _convert_text(win, "linux")
    assert back == text
