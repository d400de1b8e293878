"""ShareMap: local paths ↔ share=<id>/rel for each OS, conversion, the farm preview and config lint."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accsyn_dcc.core.config import Share, parse_config
from accsyn_dcc.core.errors import InputError
from accsyn_dcc.core.mapping import ShareMap

PID = "5c5bf52a1da7ee0165105b85"
PROJECTS = Share(PID, "projects", {"windows": "C:/projects", "linux": "/mnt/projects", "mac": "/Volumes/projects"})
TOOLS = Share("tools", "tools", {"windows": "T:/", "linux": "/mnt/tools"})


@pytest.fixture()
def smap():
    return ShareMap([PROJECTS, TOOLS])


def codes(findings):
    return [f.code for f in findings]


# -- to_share ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "C:/projects/nuke/a.nk",
        "C:\\projects\\nuke\\a.nk",
        "c:\\PROJECTS\\nuke\\a.nk",
        "C:\\projects/nuke\\a.nk",
        "/mnt/projects/nuke/a.nk",
        "/Volumes/projects/nuke/a.nk",
        "/mnt/projects//nuke/./a.nk",
        "/mnt/projects/x/../nuke/a.nk",
        f"share={PID}/nuke/a.nk",
        "share=projects/nuke/a.nk",
        f"SHARE={PID}\\nuke\\a.nk",
    ],
)
def test_to_share_from_every_os(smap, path):
    assert smap.to_share(path) == f"share={PID}/nuke/a.nk"


def test_relative_part_keeps_its_case_and_drops_trailing_slashes(smap):
    assert smap.to_share("C:\\Projects\\Shot\\A.nk") == f"share={PID}/Shot/A.nk"
    assert smap.to_share("/mnt/projects/render/") == f"share={PID}/render"
    assert smap.to_share("/mnt/projects") == f"share={PID}"
    assert smap.to_share("c:/projects/") == f"share={PID}"


@pytest.mark.parametrize(
    "path",
    [
        "/mnt/projectsX/a.nk",  # segment boundary
        "/mnt/project/a.nk",
        "C:/projectsX/a.nk",
        "/MNT/projects/a.nk",  # POSIX roots are case-sensitive
        "/mnt/projects/../etc/passwd",  # climbs out with ..
        "/tmp/a.nk",
        "relative/a.nk",
        "",
        "share=unknown/a.nk",
        f"share={PID}/../x",
    ],
)
def test_to_share_none_off_share(smap, path):
    assert smap.to_share(path) is None


def test_longest_root_wins():
    outer = Share("outer", "", {"linux": "/mnt/p"})
    inner = Share("inner", "", {"linux": "/mnt/p/sub"})
    for shares in ([outer, inner], [inner, outer]):
        m = ShareMap(shares)
        assert m.to_share("/mnt/p/sub/a.exr") == "share=inner/a.exr"
        assert m.to_share("/mnt/p/other/a.exr") == "share=outer/other/a.exr"
        assert m.to_share("/mnt/p/subway/a.exr") == "share=outer/subway/a.exr"


def test_drive_root_and_unc_root():
    m = ShareMap([TOOLS, Share("unc", "", {"windows": "\\\\srv\\vol"})])
    assert m.to_share("T:\\nuke\\gizmo.gizmo") == "share=tools/nuke/gizmo.gizmo"
    assert m.to_share("t:/") == "share=tools"
    assert m.to_share("\\\\srv\\vol\\a\\b.exr") == "share=unc/a/b.exr"
    assert m.to_share("//SRV/Vol/a") == "share=unc/a"
    assert m.to_share("\\\\srv\\volume\\a") is None


def test_locate_reports_share_os_and_relative(smap):
    m = smap.locate("C:\\projects\\a\\b.nk")
    assert (m.share.id, m.os, m.relative) == (PID, "windows", "a/b.nk")
    assert smap.locate(f"share={PID}/a").os is None


def test_built_from_a_config(smap):
    cfg = parse_config({"shares": [{"id": PID, "name": "projects", "roots": dict(PROJECTS.roots)}]})
    assert ShareMap(cfg.shares).to_share("/Volumes/projects/a") == f"share={PID}/a"


# -- convert -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path, to_os, expected",
    [
        ("C:\\projects\\nuke\\a.nk", "linux", "/mnt/projects/nuke/a.nk"),
        ("C:/projects/nuke/a.nk", "mac", "/Volumes/projects/nuke/a.nk"),
        ("/mnt/projects/nuke/a.nk", "windows", "C:\\projects\\nuke\\a.nk"),
        ("/Volumes/projects/nuke/a.nk", "linux", "/mnt/projects/nuke/a.nk"),
        (f"share={PID}/nuke/a.nk", "windows", "C:\\projects\\nuke\\a.nk"),
        ("/mnt/projects", "windows", "C:\\projects"),
        ("/mnt/tools/g.gizmo", "windows", "T:\\g.gizmo"),
        ("T:\\g.gizmo", "linux", "/mnt/tools/g.gizmo"),
        ("/mnt/projects/a.nk", "linux", "/mnt/projects/a.nk"),
    ],
)
def test_convert(smap, path, to_os, expected):
    assert smap.convert(path, to_os) == expected


def test_convert_none_off_share_or_without_a_root_for_the_os(smap):
    assert smap.convert("/tmp/a.nk", "windows") is None
    assert smap.convert("/mnt/tools/a", "mac") is None


def test_unknown_os_is_an_input_error(smap):
    for call in (
        lambda: smap.convert("/a", "win"),
        lambda: smap.replacements("osx"),
        lambda: smap.mapped_share_paths("Linux"),
        lambda: smap.preview(["/a"], "beos"),
    ):
        with pytest.raises(InputError) as exc:
            call()
        assert exc.value.field == "to_os"


# -- replacements / mapped_share_paths -----------------------------------------------------------


def test_replacements_to_linux_longest_first(smap):
    assert smap.replacements("linux") == [
        ("/Volumes/projects", "/mnt/projects", False),
        ("C:/projects", "/mnt/projects", True),
        ("C:\\projects", "/mnt/projects", True),
        ("T:", "/mnt/tools", True),
    ]


def test_replacements_to_windows_use_forward_slashes(smap):
    assert smap.replacements("windows") == [
        ("/Volumes/projects", "C:/projects", False),
        ("/mnt/projects", "C:/projects", False),
        ("/mnt/tools", "T:", False),
    ]


def test_mapped_share_paths_for_the_submitting_os(smap):
    assert smap.mapped_share_paths("windows") == [
        {"remote": "C:\\projects", "local": f"share={PID}"},
        {"remote": "T:", "local": "share=tools"},
    ]
    assert smap.mapped_share_paths("linux") == [
        {"remote": "/mnt/projects", "local": f"share={PID}"},
        {"remote": "/mnt/tools", "local": "share=tools"},
    ]
    assert smap.mapped_share_paths("mac") == [{"remote": "/Volumes/projects", "local": f"share={PID}"}]


def test_mapped_share_paths_both_slashes(smap):
    got = smap.mapped_share_paths("windows", both_slashes=True)
    assert {"remote": "C:/projects", "local": f"share={PID}"} in got
    from accsyn_dcc.core.mapped_paths import check_mapped_share_paths

    assert check_mapped_share_paths(got) == []


def test_mapped_share_paths_match_the_seed_shape():
    seed_like = ShareMap([Share(PID, "", {"windows": "C:\\projects"})])
    assert seed_like.mapped_share_paths("windows") == [{"remote": "C:\\projects", "local": f"share={PID}"}]


# -- preview: what the farm does -----------------------------------------------------------------


def test_preview_converts_like_the_farm(smap):
    rows = smap.preview(["C:\\projects\\a.nk", f"share={PID}/b.exr", "/Volumes/projects/c.exr"], "linux")
    assert [r.after for r in rows] == ["/mnt/projects/a.nk", "/mnt/projects/b.exr", "/mnt/projects/c.exr"]
    assert [r.share for r in rows] == [f"share={PID}/a.nk", f"share={PID}/b.exr", f"share={PID}/c.exr"]
    assert all(r.findings == [] for r in rows)
    assert rows[0].before == "C:\\projects\\a.nk"


def test_preview_on_windows_nodes_uses_backslashes(smap):
    (row,) = smap.preview(["/mnt/projects/a/b.nk"], "windows")
    assert row.after == "C:\\projects\\a\\b.nk"


def test_preview_same_os_path_is_left_alone(smap):
    (row,) = smap.preview(["/mnt/projects/a"], "linux")
    assert row.after == "/mnt/projects/a" and row.findings == []


def test_preview_off_share(smap):
    (row,) = smap.preview(["/tmp/x.exr"], "linux")
    assert row.after == "/tmp/x.exr" and row.share is None
    assert codes(row.findings) == ["not-on-share"] and row.findings[0].ref == 0


def test_preview_backslash_root_never_matches_p1():
    m = ShareMap([Share("p", "", {"windows": "P:\\proj", "linux": "/mnt/proj"})])
    (row,) = m.preview(["P:\\proj\\a.nk"], "linux")
    assert row.after == "P:/proj/a.nk"  # what the farm really does
    assert codes(row.findings) == ["preview-backslash-root"]
    assert row.share == "share=p/a.nk"  # our own mapping is not fooled


def test_preview_prefix_without_boundary_p2():
    m = ShareMap([Share("p", "", {"mac": "/Volumes/proj", "linux": "/mnt/proj"})])
    (row,) = m.preview(["/Volumes/projX/a"], "linux")
    assert row.after == "/mnt/proj/X/a"
    assert codes(row.findings) == ["preview-prefix-not-segment"]
    assert row.share is None


def test_preview_case_mismatch_on_a_posix_root(smap):
    (row,) = smap.preview(["/VOLUMES/projects/a"], "linux")
    assert row.after == "/mnt/projects/a"
    assert codes(row.findings) == ["preview-case-mismatch"]
    (ok,) = smap.preview(["c:/PROJECTS/a"], "linux")  # Windows is case-insensitive anyway
    assert ok.findings == []


def test_preview_mixed_separators(smap):
    (row,) = smap.preview(["C:\\projects/a\\b.nk"], "linux")
    assert row.after == "/mnt/projects/a/b.nk"
    assert codes(row.findings) == ["preview-mixed-separators"]


def test_preview_target_containing_source_loops_p5():
    m = ShareMap([Share("p", "", {"linux": "/projects", "mac": "/projects2"})])
    (row,) = m.preview(["/projects/a"], "mac")
    assert "preview-replacement-loops" in codes(row.findings)


def test_preview_bare_root_gets_a_trailing_separator_p7(smap):
    (row,) = smap.preview(["C:\\projects"], "linux")
    assert row.after == "/mnt/projects/"
    assert codes(row.findings) == ["preview-trailing-separator"]


def test_preview_long_windows_paths():
    m = ShareMap([PROJECTS])
    rel_ok = "a" * (259 - len("C:\\projects\\"))
    rel_long = rel_ok + "b"
    ok, long = m.preview([f"/mnt/projects/{rel_ok}", f"/mnt/projects/{rel_long}"], "windows")
    assert len(ok.after) == 259 and ok.findings == []
    assert len(long.after) == 260 and codes(long.findings) == ["preview-path-too-long"]
    (linux,) = m.preview([f"C:/projects/{rel_long}"], "linux")
    assert linux.findings == []


def test_preview_unknown_share_or_missing_root_is_an_error(smap):
    bad, noroot = smap.preview(["share=nope/a", "share=tools/a"], "mac")
    assert codes(bad.findings) == ["preview-cannot-convert"] and bad.findings[0].level == "error"
    assert codes(noroot.findings) == ["preview-cannot-convert"]


def test_preview_uses_mapped_share_paths_after_volumes(smap):
    mapped = [{"remote": "E:\\tools", "local": "/opt/tools"}, {"remote": "D:/lib", "local": "share=tools"}]
    a, b = smap.preview(["E:\\tools\\x.gizmo", "d:\\lib\\y.py"], "linux", mapped)
    assert a.after == "/opt/tools/x.gizmo" and a.findings == []
    assert b.after == "/mnt/tools/y.py"


# -- lint ----------------------------------------------------------------------------------------


def test_lint_clean_config(smap):
    assert smap.lint() == []


def test_lint_sibling_prefix_nested_duplicate():
    m = ShareMap(
        [
            Share("a", "", {"linux": "/mnt/proj"}),
            Share("b", "", {"linux": "/mnt/projX"}),
            Share("c", "", {"linux": "/mnt/proj/sub"}),
            Share("d", "", {"linux": "/mnt/proj"}),
        ]
    )
    found = codes(m.lint())
    assert found.count("share-root-prefix-of-sibling") == 2  # a and d vs b
    assert found.count("share-roots-nested") == 2  # c inside a and d
    assert found.count("share-root-duplicate") == 1


def test_lint_root_containing_another_os_root_of_the_same_share_loops():
    m = ShareMap([Share("p", "", {"linux": "/projects", "mac": "/projects/mac"})])
    (f,) = m.lint()
    assert f.code == "share-root-loops" and f.level == "error" and f.field == "shares[0].roots.mac"


def test_lint_same_root_on_two_oses_is_fine():
    assert ShareMap([Share("p", "", {"linux": "/mnt/p", "mac": "/mnt/p"})]).lint() == []


def test_lint_filesystem_root():
    (f,) = ShareMap([Share("p", "", {"linux": "/"})]).lint()
    assert f.code == "share-root-is-filesystem-root" and f.level == "error"


def test_lint_backslash_and_relative_roots():
    m = ShareMap([Share("p", "", {"windows": "P:\\proj", "linux": "mnt/proj"})])
    assert sorted(codes(m.lint())) == ["share-root-backslash", "share-root-not-absolute"]


# -- properties ----------------------------------------------------------------------------------

segment = st.from_regex(r"[A-Za-z0-9_][A-Za-z0-9_. -]{0,8}[A-Za-z0-9_]", fullmatch=True).filter(
    lambda s: s not in (".", "..")
)
relative = st.lists(segment, min_size=1, max_size=5).map("/".join)


@given(relative, st.sampled_from(["windows", "linux", "mac"]), st.sampled_from(["windows", "linux", "mac"]))
def test_convert_round_trips_between_oses(rel, from_os, to_os):
    smap = ShareMap([PROJECTS])
    start = smap.convert(f"share={PID}/{rel}", from_os)
    assert smap.to_share(start) == f"share={PID}/{rel}"
    there = smap.convert(start, to_os)
    assert smap.convert(there, from_os) == start
    assert smap.to_share(there) == f"share={PID}/{rel}"
