"""Nuke reader: the corpus scripts (against the deadline-cloud expected YAML) and small scripts."""

from __future__ import annotations

import os

import pytest
import yaml

from accsyn_dcc.core.frames import FrameSet
from accsyn_dcc.core.readers import nuke, read_scene

from .helpers import abs_path, expand, remap, write

BUNDLE = "/normalized/job/bundle/dir"


def _codes(info):
    return {f.code for f in info.findings}


def test_multi_load_save_matches_expected_yaml(corpus_dir):
    scene = corpus_dir / "nuke" / "multi-load-save.nk"
    info = read_scene(str(scene))
    expected = yaml.safe_load((corpus_dir / "nuke" / "multi-load-save.asset_references.yaml").read_text())
    refs = info.references
    # Nuke evaluated project_directory "[python {nuke.script_directory()}]": the script's folder
    here = str(scene.parent)
    assert info.project_dir == here
    assert all(r.base == here for r in refs)
    inputs = {remap(p, here, BUNDLE) for r in refs if not r.output for p in expand(r)}
    inputs.add(remap(str(scene), here, BUNDLE))
    assert inputs == set(expected["assetReferences"]["inputs"]["filenames"])
    outputs = {os.path.dirname(remap(abs_path(r), here, BUNDLE)) for r in refs if r.output}
    assert outputs == set(expected["assetReferences"]["outputs"]["directories"])
    assert info.frame_range == FrameSet("1-100")  # Root without first_frame/last_frame


def test_multi_load_save_reference_details(corpus_dir):
    info = read_scene(str(corpus_dir / "nuke" / "multi-load-save.nk"))
    got = {(r.node, r.attr, r.raw, str(r.frames), r.output) for r in info.references}
    assert got == {
        ("Write1", "file", "output/output_####.png", "1-100", True),
        ("Write2", "file", "more_output_####.exr", "1-100", True),
        ("Write3", "file", "third_output_####.png", "1-100", True),
        ("Read2", "file", "some_exrs_####.exr", "50-100", False),
        ("Read1", "file", "input_seq_####.jpg", "1-10", False),
    }
    assert not info.findings
    assert all(r.via == str(corpus_dir / "nuke" / "multi-load-save.nk") for r in info.references)


def test_ocio_script_matches_expected_yaml_with_documented_cwd_difference(corpus_dir):
    scene = corpus_dir / "nuke" / "ocio.nk"
    info = read_scene(str(scene))
    expected = yaml.safe_load((corpus_dir / "nuke" / "ocio.asset_references.yaml").read_text())
    saved_dir = "/home/rocky/src/deadline-cloud-for-nuke/job_bundle_output_tests/ocio/scene"
    cfg = [r for r in info.references if r.attr == "customOCIOConfigPath"]
    assert len(cfg) == 1 and cfg[0].kind_hint == "scene" and cfg[0].node == "root"
    files = {remap(abs_path(cfg[0]), saved_dir, BUNDLE), remap(str(scene), str(scene.parent), BUNDLE)}
    assert files == set(expected["assetReferences"]["inputs"]["filenames"])
    # The config is read recursively by the engine; its search-path folders are the directories.
    sidecar = read_scene(str(corpus_dir / "nuke" / "config.ocio"), via=str(scene))
    dirs = {remap(abs_path(r), str(scene.parent), BUNDLE) for r in sidecar.references if r.kind_hint == "directory"}
    assert dirs == set(expected["assetReferences"]["inputs"]["directories"])
    # Documented difference: without project_directory the reference ran Nuke in a temp cwd; we
    # resolve against the script's folder and warn.
    (write1,) = [r for r in info.references if r.output]
    assert remap(os.path.dirname(abs_path(write1)), str(scene.parent), BUNDLE) == f"{BUNDLE}/output"
    assert expected["assetReferences"]["outputs"]["directories"] == ["/normalized/cwd/output"]
    assert "relative-without-project-dir" in _codes(info)


SCRIPT = r"""#! /usr/local/Nuke14.0v5/libnuke-14.0.5.so -nx
#write_info Write1 file:"/out/a_%04d.exr" format:"1920 1080 1" framerange:"1001 1010"
version 14.0 v5
define_window_layout_xml {<?xml version="1.0" encoding="UTF-8"?>
<layout version="1.0">
 file /not/a/knob.exr
}
}
Root {
 inputs 0
 name /jobs/show/comp.nk
 project_directory /jobs/show
 first_frame 1001
 last_frame 1010
 views {{left ""} {right ""}}
}
Read {
 inputs 0
 file "plates/\[getenv SHOT]/plate.%V.####.exr"
 proxy {proxy/plate.####.jpg}
 first 1001
 last 1010
 label "a multi\nline label { with a brace"
 name Read1
}
Group {
 name Group1
 knobChanged {
if nuke.thisKnob().name() == "file":
    pass
}
}
 Input {
  name Input1
 }
 ReadGeo2 {
  file "/assets/geo/chair.abc"
  name ReadGeo1
 }
 Group {
  name Inner
 }
  Vectorfield {
   vfield_file /luts/grade.cube
   name Vectorfield1
  }
 end_group
end_group
set C4a3b2c1 [stack 0]
Blur {
 size 3
 name Blur1
}
clone node7f00|Read|Read9 {
 file /plates/clone_src.####.exr
 first 1
 last 2
 name Read9
}
set C7f00 [stack 0]
clone $C7f00 {
 name Read10
}
Camera2 {
 file /cams/shot.fbx
 name Camera1
}
Camera2 {
 read_from_file true
 file /cams/shot.abc
 name Camera2
}
Precomp {
 file precomp/bg.nk
 name Precomp1
}
OCIOFileTransform {
 file "/luts/show.cube"
 name OCIOFileTransform1
}
Write {
 file "\[value root.project_directory]/renders/comp.%V.####.exr"
 proxy renders/proxy/comp.####.jpg
 use_limit true
 first 1001
 last 1005
 name Write1
}
GenerateLUT {
 file /luts/out.cube
 name GenerateLUT1
}
Read {
 file {{[value parent.file]}}
 name ReadExpr
}
Read {
 file "[python {os.environ['X']}]/a.exr"
 name ReadPython
}
"""


def test_small_script_every_feature(tmp_path):
    path = write(str(tmp_path), "comp.nk", SCRIPT)
    info = read_scene(path)
    refs = {(r.node, r.attr): r for r in info.references}
    assert info.frame_range == FrameSet("1001-1010")
    assert info.views == ("left", "right")
    assert info.project_dir == "/jobs/show"
    r = refs[("Read1", "file")]
    assert r.raw == "plates/[getenv SHOT]/plate.%V.####.exr"  # escapes undone, getenv kept raw
    assert r.base == "/jobs/show" and r.frames == FrameSet("1001-1010") and r.views == ("left", "right")
    assert refs[("Read1", "proxy")].raw == "proxy/plate.####.jpg"
    assert refs[("Group1.ReadGeo1", "file")].raw == "/assets/geo/chair.abc"
    assert refs[("Group1.Inner.Vectorfield1", "vfield_file")].raw == "/luts/grade.cube"
    assert refs[("Read9", "file")].frames == FrameSet("1-2")
    assert ("Read10", "file") not in refs  # a clone shares the original's file knob
    assert ("Camera1", "file") not in refs  # read_from_file is off
    assert refs[("Camera2", "file")].raw == "/cams/shot.abc"
    assert refs[("Precomp1", "file")].kind_hint == "scene"
    assert refs[("OCIOFileTransform1", "file")].output is False
    w = refs[("Write1", "file")]
    assert w.output and w.raw == "/jobs/show/renders/comp.%V.####.exr" and w.frames == FrameSet("1001-1005")
    assert refs[("Write1", "proxy")].output
    assert refs[("GenerateLUT1", "file")].output
    assert ("ReadExpr", "file") not in refs
    assert refs[("ReadPython", "file")].raw.startswith("[python")
    codes = [f.code for f in info.findings]
    assert "expression-path" in codes and "tcl-expression" in codes
    assert not any(r.raw == "/not/a/knob.exr" for r in info.references)
    assert len(info.references) == len(refs)


@pytest.mark.parametrize("value, expected_base", [
    (r'"\[python \{nuke.script_directory()\}]"', "HERE"),
    (r"{[python {nuke.script_directory()}]}", "HERE"),
    (r'"\[file dirname \[value root.name]]"', "HERE"),
    ("/abs/project", "/abs/project"),
    ("sub/project", "HERE/sub/project"),
    (r'"\[getenv ACCSYN_TEST_PROJ]/x"', "/from/env/x"),
])
def test_project_directory_forms(tmp_path, monkeypatch, value, expected_base):
    monkeypatch.setenv("ACCSYN_TEST_PROJ", "/from/env")
    path = write(str(tmp_path), "s.nk", f"Root {{\n project_directory {value}\n}}\nRead {{\n file a.exr\n name R\n}}\n")
    info = read_scene(path)
    assert info.references[0].base == expected_base.replace("HERE", str(tmp_path))
    assert "project-dir-unresolved" not in _codes(info)


def test_project_directory_unknown_expression_is_flagged(tmp_path):
    path = write(str(tmp_path), "s.nk", 'Root {\n project_directory "\\[python my.func()]"\n}\n'
                 "Read {\n file a.exr\n name R\n}\n")
    info = read_scene(path)
    assert info.references[0].base == str(tmp_path)
    assert "project-dir-unresolved" in _codes(info)


def test_gizmo_found_on_nuke_path_and_unknown_class(tmp_path, monkeypatch):
    gizmos = tmp_path / "gizmos"
    gizmos.mkdir()
    (gizmos / "MyGlow.gizmo").write_text("Gizmo {\n}\n")
    monkeypatch.setenv("NUKE_PATH", str(gizmos))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    path = write(str(tmp_path), "s.nk", "MyGlow {\n name MyGlow1\n}\nMyGlow {\n name MyGlow2\n}\n"
                 "SomePlugin {\n name P1\n}\n")
    info = read_scene(path)
    giz = [r for r in info.references if r.attr == "gizmo"]
    assert [(r.node, r.kind_hint) for r in giz] == [("MyGlow1", "scene"), ("MyGlow2", "scene")]
    assert giz[0].raw == str(gizmos / "MyGlow.gizmo")
    assert [f.code for f in info.findings].count("unknown-node-class") == 1


def test_gizmo_file_itself_reads(tmp_path):
    path = write(str(tmp_path), "MyGlow.gizmo", "version 14.0 v5\nGizmo {\n name MyGlow\n}\n Read {\n"
                 "  file /lib/glow_lut.exr\n  name Read1\n }\nend_group\n")
    info = read_scene(path)
    assert [(r.node, r.raw) for r in info.references] == [("MyGlow.Read1", "/lib/glow_lut.exr")]


def test_truncated_script_warns(tmp_path):
    path = write(str(tmp_path), "s.nk", "Read {\n file /a.exr\n name R\n")
    info = nuke.read(path)
    assert "scene-truncated" in _codes(info)


def test_builtin_ocio_config_ignores_custom_path(tmp_path):
    path = write(str(tmp_path), "s.nk", "Root {\n OCIO_config aces_1.2\n customOCIOConfigPath /old/config.ocio\n}\n")
    info = read_scene(path)
    assert not info.references and "ocio-config-builtin" in _codes(info)


def test_crlf_and_windows_paths(tmp_path):
    path = tmp_path / "w.nk"
    path.write_bytes(b"Root {\r\n inputs 0\r\n}\r\nRead {\r\n file C:/plates/a.####.exr\r\n last 3\r\n name R\r\n}\r\n")
    info = read_scene(str(path))
    assert [(r.raw, str(r.frames)) for r in info.references] == [("C:/plates/a.####.exr", "1-3")]


def test_driveless_backslash_path_is_relative_as_the_engine_resolves_it(tmp_path):
    # `\plates/a.exr` (one leading backslash, no drive): tokens.is_absolute, which the engine
    # resolves with, calls it relative, so the reader warns about the missing project_directory.
    path = write(str(tmp_path), "s.nk", 'Read {\n file "\\\\plates/a.exr"\n name R\n}\n'
                 'Read {\n file "\\\\\\\\srv/share/a.exr"\n name U\n}\n')
    info = read_scene(path)
    assert [r.raw for r in info.references] == ["\\plates/a.exr", "\\\\srv/share/a.exr"]
    assert "relative-without-project-dir" in _codes(info)
