"""resolve(): outputs vs dependencies, recursion with cycles, missing ranges, tokens, shares."""

from __future__ import annotations

import os

import pytest

from accsyn_dcc.core import gather
from accsyn_dcc.core.config import Config, Share
from accsyn_dcc.core.errors import Cancelled, SceneError
from accsyn_dcc.core.frames import FrameSet
from accsyn_dcc.core.refs import Reference, SceneInfo
from accsyn_dcc.core.scan import DirCache


def _codes(result):
    return [f.code for f in result.findings]


def _by_code(result, code):
    return [f for f in result.findings if f.code == code]


@pytest.fixture
def shot(tmp_path, touch):
    holes = (1050, 1051, 1052, 1090)
    touch(tmp_path / "plates", [f"bg.{f}.exr" for f in range(1001, 1101) if f not in holes])
    touch(tmp_path / "tex", ["wood.1001.png", "wood.1002.png", "grid.png"])
    (tmp_path / "render").mkdir()
    return tmp_path


def _info(root, refs, **kw):
    return SceneInfo(path=f"{root}/comp.nk", format="nuke", references=refs, **kw)


def test_outputs_and_dependencies_split_every_reference_once(shot):
    refs = [
        Reference("plates/bg.####.exr", "Read1", "file", FrameSet("1001-1100"), base=str(shot)),
        Reference("tex/wood.<UDIM>.png", "Read2", "file", base=str(shot)),
        Reference("render/comp.####.exr", "Write1", "file", FrameSet("1001-1100"), output=True,
                  base=str(shot)),
        Reference("render/other.####.exr", "Write2", "file", output=True, base=str(shot)),
    ]
    result = gather.resolve(_info(shot, refs, frame_range=FrameSet("1001-1010")), config=Config())
    assert [d.node for d in result.dependencies] == ["Read1", "Read2"]
    assert [o.node for o in result.outputs] == ["Write1", "Write2"]
    assert result.outputs[1].frames == FrameSet("1001-1010")  # the scene's range by default
    assert len(result.dependencies) + len(result.outputs) == len(refs)
    assert not {d.path for d in result.dependencies} & {o.path for o in result.outputs}
    assert result.stats["references"] == 4 and result.stats["files"] == 96 + 2


def test_missing_frames_are_ranges(shot):
    refs = [Reference("plates/bg.####.exr", "Read1", "file", FrameSet("1001-1100"), base=str(shot))]
    result = gather.resolve(_info(shot, refs), config=Config())
    dep = result.dependencies[0]
    assert dep.kind == "sequence" and dep.exists
    assert dep.to_dict()["missing"] == "1050-1052,1090" and dep.to_dict()["frames"] == "1001-1100"
    [f] = _by_code(result, "missing-frames")
    assert f.level == "error" and f.ref == 0 and "1050-1052,1090" in f.message and "4 of 100" in f.message


def test_sequence_without_a_range_reports_holes_between_first_and_last(shot):
    refs = [Reference(f"{shot}/plates/bg.%04d.exr", "file1", "ftn")]
    dep = gather.resolve(_info(shot, refs), config=Config()).dependencies[0]
    assert dep.frames == FrameSet("1001-1100") and dep.missing == FrameSet("1050-1052,1090")


def test_missing_file_sequence_and_udim(shot):
    refs = [
        Reference("nope.exr", "Read1", "file", base=str(shot)),
        Reference("gone/x.####.exr", "Read2", "file", FrameSet("1-10"), base=str(shot)),
        Reference("tex/none.<UDIM>.png", "file1", "ftn", base=str(shot)),
    ]
    result = gather.resolve(_info(shot, refs), config=Config())
    missing = _by_code(result, "missing-file")
    assert [f.ref for f in missing] == [0, 1, 2] and all(f.level == "error" for f in missing)
    assert "does not exist" in missing[0].message and "folder does not exist" in missing[1].message
    assert [d.exists for d in result.dependencies] == [False, False, False]


def test_unknown_token_is_a_warning_and_not_checked(shot):
    refs = [Reference("$UNSET_VAR/tex/grid.png", "file1", "ftn", base=str(shot)),
            Reference("<MAYA_RESOURCES>/OCIO-configs/config.ocio", "cm", "cfp", base=str(shot)),
            Reference("$OUT_ROOT/x.####.exr", "Write1", "file", output=True)]
    result = gather.resolve(_info(shot, refs), config=Config(), env={})
    unknown = _by_code(result, "unknown-token")
    assert [f.ref for f in unknown] == [0, 1, None] and {f.level for f in unknown} == {"warning"}
    assert "$UNSET_VAR" in unknown[0].message and "<MAYA_RESOURCES>" in unknown[1].message
    assert "missing-file" not in _codes(result)  # never a silent drop, never a false error
    assert not any(f.level == "error" for f in result.findings)


def test_env_vars_and_hip_resolve(shot, touch):
    touch(shot / "geo", ["rock.0001.bgeo", "rock.0002.bgeo"])
    refs = [Reference("$TEXDIR/grid.png", "file1", "ftn"),
            Reference("$HIP/geo/rock.$F4.bgeo", "file1", "file", FrameSet("1-2"))]
    info = SceneInfo(path=f"{shot}/scene.hip", format="houdini", references=refs)
    result = gather.resolve(info, config=Config(), env={"TEXDIR": f"{shot}/tex"})
    assert [d.exists for d in result.dependencies] == [True, True]
    assert result.dependencies[1].path == f"{shot}/geo/rock.$F4.bgeo"  # tokens kept
    assert result.dependencies[1].files == [f"{shot}/geo/rock.0001.bgeo", f"{shot}/geo/rock.0002.bgeo"]


def test_relative_path_without_base_resolves_next_to_the_file_it_came_from(shot):
    result = gather.resolve(_info(shot, [Reference("tex/grid.png", "file1", "ftn")]), config=Config())
    assert result.dependencies[0].path == f"{shot}/tex/grid.png" and result.dependencies[0].exists


def test_views_give_one_dependency_per_view(tmp_path, touch):
    touch(tmp_path / "left", ["p.l.0001.exr"])
    touch(tmp_path / "right", ["p.r.0001.exr"])
    refs = [Reference(f"{tmp_path}/%V/p.%v.####.exr", "Read1", "file", FrameSet("1"))]
    result = gather.resolve(_info(tmp_path, refs, views=("left", "right")), config=Config())
    assert [d.path for d in result.dependencies] == [f"{tmp_path}/left/p.l.####.exr",
                                                    f"{tmp_path}/right/p.r.####.exr"]
    assert all(d.exists and not d.missing for d in result.dependencies)


def test_duplicates_fold_into_one_dependency(shot):
    refs = [Reference("plates/bg.####.exr", "Read1", "file", FrameSet("1001-1010"), base=str(shot)),
            Reference(f"{shot}/plates/bg.####.exr", "Read2", "file", FrameSet("1090-1091"), base=str(shot))]
    result = gather.resolve(_info(shot, refs), config=Config())
    [dep] = result.dependencies
    assert dep.node == "Read1" and dep.missing == FrameSet("1090")
    assert result.stats["references"] == 2


def test_directory_references(shot):
    refs = [Reference("tex", "ocio", "search_path", kind_hint="directory", base=str(shot)),
            Reference("/nonexistent/luts", "ocio", "search_path", kind_hint="directory")]
    result = gather.resolve(_info(shot, refs), config=Config())
    assert [(d.kind, d.exists) for d in result.dependencies] == [("directory", True), ("directory", False)]
    [f] = _by_code(result, "missing-directory")
    assert f.level == "warning" and f.ref == 1


def test_shares_map_paths_and_flag_the_rest(shot):
    config = Config(shares=[Share("5c5bf52a1da7ee0165105b85", "projects", {"linux": f"{shot}/plates"})])
    refs = [Reference("plates/bg.####.exr", "Read1", "file", FrameSet("1001-1010"), base=str(shot)),
            Reference("tex/grid.png", "Read2", "file", base=str(shot)),
            Reference("render/o.####.exr", "Write1", "file", output=True, base=str(shot))]
    result = gather.resolve(_info(shot, refs), config=config)
    assert result.dependencies[0].share == "share=5c5bf52a1da7ee0165105b85/bg.####.exr"
    assert result.dependencies[1].share is None
    assert [f.ref for f in _by_code(result, "not-on-share")] == [1]
    assert len(_by_code(result, "output-not-on-share")) == 1
    assert "no-shares-configured" not in _codes(result)


def test_no_shares_configured_is_one_note(shot):
    refs = [Reference("tex/grid.png", "Read2", "file", base=str(shot))]
    result = gather.resolve(_info(shot, refs), config=Config())
    assert _codes(result) == ["no-shares-configured"]


def test_output_dir_missing(shot):
    refs = [Reference("render/a.####.exr", "Write1", "file", output=True, base=str(shot)),
            Reference("nowhere/b.####.exr", "Write2", "file", output=True, base=str(shot))]
    result = gather.resolve(_info(shot, refs), config=Config())
    [f] = _by_code(result, "output-dir-missing")
    assert "Write2" in f.message and f.level == "warning" and f.ref is None


def test_validators_can_be_disabled(shot):
    refs = [Reference("plates/bg.####.exr", "Read1", "file", FrameSet("1001-1100"), base=str(shot))]
    config = Config(validators={"missing-frames": False, "no-shares-configured": False})
    result = gather.resolve(_info(shot, refs), config=config)
    assert result.findings == []


# -- nested scene files ----------------------------------------------------------------------

class FakeReader:
    """read_scene stand-in: a dict of path -> references; records every read."""

    def __init__(self, scenes):
        self.scenes = scenes
        self.reads = []

    def __call__(self, path, *, via=None):
        self.reads.append((path, via))
        if path not in self.scenes:
            raise SceneError(f"{path} is binary", hint="Save it as ASCII.")
        return SceneInfo(path=path, format="maya", references=[
            Reference(raw, "ref", "file", via=path, kind_hint="scene" if raw.endswith(".ma") else None)
            for raw in self.scenes[path]])


def test_nested_references_are_followed_with_cycle_detection(tmp_path, touch):
    touch(tmp_path, ["a.ma", "b.ma", "c.ma", "t.png", "bin.mb"])
    p = str(tmp_path)
    reader = FakeReader({f"{p}/a.ma": ["b.ma", "t.png"], f"{p}/b.ma": ["c.ma"],
                         f"{p}/c.ma": ["a.ma", "b.ma"]})
    top = SceneInfo(path=f"{p}/shot.ma", format="maya", references=[
        Reference("a.ma", "aRN", "file", kind_hint="scene"),
        Reference("bin.mb", "binRN", "file", kind_hint="scene"),
    ])
    result = gather.resolve(top, config=Config(), reader=reader)
    paths = [d.path for d in result.dependencies]
    assert paths == [f"{p}/a.ma", f"{p}/bin.mb", f"{p}/b.ma", f"{p}/t.png", f"{p}/c.ma"]
    assert {d.kind for d in result.dependencies if d.path.endswith((".ma", ".mb"))} == {"scene"}
    assert [r[0] for r in reader.reads] == [f"{p}/a.ma", f"{p}/bin.mb", f"{p}/b.ma", f"{p}/c.ma"]
    assert reader.reads[0][1] == f"{p}/shot.ma" and reader.reads[2][1] == f"{p}/a.ma"  # via = the referrer
    assert result.dependencies[2].via == f"{p}/a.ma"
    cycles = _by_code(result, "reference-cycle")  # c.ma -> a.ma and c.ma -> b.ma both close a loop
    assert [f.ref for f in cycles] == [0, 2] and {f.level for f in cycles} == {"warning"}
    assert f"{p}/a.ma is referenced again" in cycles[0].message and f"by {p}/c.ma" in cycles[0].message
    [unreadable] = _by_code(result, "unreadable")
    assert unreadable.ref == 1 and "bin.mb is binary" in unreadable.message
    assert result.stats["references"] == 2 + 2 + 1 + 2


def test_nesting_depth_is_bounded(tmp_path, touch):
    depth = gather.MAX_DEPTH + 3
    names = [f"l{i}.ma" for i in range(depth + 1)]
    touch(tmp_path, names)
    p = str(tmp_path)
    reader = FakeReader({f"{p}/{names[i]}": [names[i + 1]] for i in range(depth)})
    top = SceneInfo(path=f"{p}/top.ma", format="maya", references=[Reference("l0.ma", kind_hint="scene")])
    result = gather.resolve(top, config=Config(), reader=reader)
    assert len(reader.reads) == gather.MAX_DEPTH
    [f] = _by_code(result, "nesting-too-deep")
    assert f.level == "warning"


def test_cache_makes_the_second_resolve_list_nothing(shot):
    refs = [Reference("plates/bg.####.exr", "Read1", "file", FrameSet("1001-1100"), base=str(shot)),
            Reference("tex/grid.png", "Read2", "file", base=str(shot))]
    cache = DirCache()
    cold = gather.resolve(_info(shot, refs), config=Config(), cache=cache)
    warm = gather.resolve(_info(shot, refs), config=Config(), cache=cache)
    assert cold.stats["directories"] == 2 and warm.stats["directories"] == 0
    assert cold.to_dict()["dependencies"] == warm.to_dict()["dependencies"]


def test_with_stats_fills_sizes_for_the_manifest(shot, touch):
    touch(shot / "tex", ["grid.png"], data=b"x" * 10)
    refs = [Reference("tex/grid.png", "Read2", "file", base=str(shot))]
    dep = gather.resolve(_info(shot, refs), config=Config(), with_stats=True).dependencies[0]
    assert dep.size == 10 and dep.mtime > 0 and dep.files == [f"{shot}/tex/grid.png"]


def test_progress_and_cancel(shot):
    refs = [Reference("plates/bg.####.exr", "Read1", "file", FrameSet("1001-1100"), base=str(shot))]
    calls = []
    gather.resolve(_info(shot, refs), config=Config(), progress=lambda *a: calls.append(a))
    assert calls[-1][0] == calls[-1][1] == 1
    with pytest.raises(Cancelled):
        gather.resolve(_info(shot, refs), config=Config(), cancel=lambda: True)


def test_json_object_has_the_fixed_keys(shot):
    refs = [Reference("plates/bg.####.exr", "Read1", "file", FrameSet("1001-1100"), base=str(shot)),
            Reference("render/o.####.exr", "Write1", "file", output=True, base=str(shot))]
    d = gather.resolve(_info(shot, refs), config=Config()).to_dict()
    assert list(d) == ["scene", "format", "dependencies", "outputs", "findings", "stats"]
    assert list(d["dependencies"][0]) == ["raw", "path", "kind", "node", "attr", "frames", "missing",
                                          "exists", "share", "via"]
    assert list(d["outputs"][0]) == ["raw", "path", "node", "attr", "frames"]
    assert {"level", "code", "message", "ref"} <= set(d["findings"][0])
    assert {"references", "files", "seconds"} <= set(d["stats"])
    assert os.path.basename(d["scene"]) == "comp.nk"


def test_renderer_tokens_in_outputs_are_expected(shot):
    refs = [Reference("images/<RenderLayer>/<Scene>.####.exr", "defaultRenderGlobals", "ifp", output=True,
                      base=str(shot)),
            Reference("render/<Camera>/beauty.####.exr", "rop", "picture", output=True, base=str(shot))]
    result = gather.resolve(_info(shot, refs), config=Config())
    assert "unknown-token" not in _codes(result)
    [f] = _by_code(result, "output-dir-missing")  # images/ is missing; render/ (above <Camera>) exists
    assert f"{shot}/images " in f.message


def test_outputs_of_nested_files_are_not_this_jobs_outputs(tmp_path, touch):
    touch(tmp_path, ["asset.ma"])
    p = str(tmp_path)

    def reader(path, *, via=None):
        return SceneInfo(path=path, format="maya", references=[
            Reference("images/asset.iff", "defaultRenderGlobals", "ifp", output=True, via=path)])

    top = SceneInfo(path=f"{p}/shot.ma", format="maya", references=[
        Reference("asset.ma", "assetRN", "file", kind_hint="scene"),
        Reference("images/shot.####.exr", "defaultRenderGlobals", "ifp", output=True)])
    result = gather.resolve(top, config=Config(), reader=reader)
    assert [o.path for o in result.outputs] == [f"{p}/images/shot.####.exr"]


def test_second_check_reuses_the_parsed_scene_until_it_changes(tmp_path, touch):
    touch(tmp_path, ["t.png"])
    scene = tmp_path / "shot.ma"
    scene.write_text("x")
    reads = []

    def reader(path, **kw):
        reads.append(path)
        return SceneInfo(path=path, format="maya", references=[Reference("t.png", "file1", "ftn")])

    cache = DirCache()
    for _ in range(2):
        cache.read_scene(str(scene), reader)
    assert len(reads) == 1
    scene.write_text("changed")
    cache.read_scene(str(scene), reader)
    assert len(reads) == 2


def test_with_files_false_leaves_sequence_file_lists_empty(shot):
    refs = [Reference("plates/bg.####.exr", "Read1", "file", FrameSet("1001-1100"), base=str(shot)),
            Reference("tex/wood.<UDIM>.png", "Read2", "file", base=str(shot))]
    lean = gather.resolve(_info(shot, refs), config=Config(), with_files=False)
    full = gather.resolve(_info(shot, refs), config=Config())
    assert lean.dependencies[0].files == [] and len(full.dependencies[0].files) == 96
    assert lean.dependencies[1].files == full.dependencies[1].files  # tiles are always listed
    assert lean.to_dict() == {**full.to_dict(), "stats": lean.to_dict()["stats"]}
    assert lean.stats["files"] == full.stats["files"] == 98


def test_frame_token_in_folder_needs_a_range(shot, touch):
    touch(shot / "cache" / "0001", ["geo.bgeo"])
    refs = [Reference("cache/$F4/geo.bgeo", "file1", "file", base=str(shot)),
            Reference("cache/$F4/sim.bgeo", "file2", "file", FrameSet("1-2"), base=str(shot))]
    info = SceneInfo(path=f"{shot}/a.hip", format="houdini", references=refs)
    result = gather.resolve(info, config=Config(validators={"no-shares-configured": False}))
    [f] = _by_code(result, "unchecked-pattern")
    assert f.level == "warning" and f.ref == 0 and "geo.bgeo" in f.message
    assert [x.ref for x in _by_code(result, "missing-file")] == [1]


def test_a_duplicate_with_a_range_gives_the_range(shot):
    refs = [Reference("plates/bg.####.exr", "Read1", "file", base=str(shot)),
            Reference("plates/bg.####.exr", "Read2", "file", FrameSet("1049-1051"), base=str(shot))]
    [dep] = gather.resolve(_info(shot, refs), config=Config()).dependencies
    assert dep.frames == FrameSet("1049-1051") and dep.missing == FrameSet("1050-1051")


def test_unlistable_folder_is_a_warning(shot):
    def denied(path):
        raise PermissionError(13, "Permission denied", path)

    refs = [Reference("plates/bg.####.exr", "Read1", "file", FrameSet("1001-1010"), base=str(shot))]
    cache = DirCache(scandir=denied, listdir=denied)
    result = gather.resolve(_info(shot, refs), config=Config(), cache=cache)
    [f] = _by_code(result, "unreadable")
    assert f.level == "warning" and "Permission denied" in f.message and f.ref == 0
