"""Maya reader: the corpus cube.ma (against the deadline-cloud expected YAML) and small scenes."""

from __future__ import annotations

import os

import yaml

from accsyn_dcc.core.frames import FrameSet
from accsyn_dcc.core.readers import read_scene

from .helpers import abs_path, remap, write

BUNDLE = "/normalized/job/bundle/dir"
SAVED = "D:/deadline-clients/deadline-cloud-for-maya/job_bundle_output_tests//cube"


def _codes(info):
    return {f.code for f in info.findings}


def test_cube_matches_expected_yaml(corpus_dir):
    scene = corpus_dir / "maya" / "cube.ma"
    info = read_scene(str(scene))
    expected = yaml.safe_load((corpus_dir / "maya" / "cube.asset_references.yaml").read_text())
    here = str(scene.parent)
    inputs = {remap(r.raw, SAVED, BUNDLE) for r in info.references if not r.output}
    inputs.add(remap(str(scene), here, BUNDLE))
    assert inputs == set(expected["assetReferences"]["inputs"]["filenames"])
    outputs = {os.path.dirname(remap(abs_path(r), here, BUNDLE)) for r in info.references if r.output}
    assert outputs == set(expected["assetReferences"]["outputs"]["directories"])


def test_cube_details(corpus_dir):
    info = read_scene(str(corpus_dir / "maya" / "cube.ma"))
    got = {(r.node, r.attr, r.kind_hint, r.output) for r in info.references}
    assert got == {
        ("scene_file_to_referenceRN", "reference", "scene", False),  # -rdi and -r: listed once
        ("file1", "ftn", None, False),
        ("defaultRenderGlobals", "ifp", None, True),
    }
    assert info.host_version == "2023"
    assert info.renderer == "arnold"  # from `requires ... "mtoa"`
    assert info.frame_range == FrameSet("537")  # animation off: the current frame (time1.o)
    # <MAYA_RESOURCES> colour config ships with Maya: an info finding, not a dependency
    assert {"maya-resources-config", "single-frame"} <= _codes(info)
    (out,) = [r for r in info.references if r.output]
    assert out.raw == "images/cube.exr" and out.base == str(corpus_dir / "maya")


SCENE = r'''//Maya ASCII 2024 scene
//Codeset: UTF-8
file -rdi 1 -ns "chair" -rfn "chairRN" -typ "mayaAscii" "$PROJ/assets/chair.ma";
file -rdi 2 -ns "leg" -rfn "chair:legRN" -typ "mayaAscii" "/assets/leg.ma";
file -r -ns "chair" -dr 1 -rfn "chairRN" -typ "mayaAscii" "$PROJ/assets/chair.ma";
requires maya "2024";
requires -nodeType "VRayMesh" "vrayformaya" "6";
createNode file -n "wood";
	setAttr ".ftn" -type "string" "sourceimages/wood.1001.tx";
	setAttr ".uvt" 3;
createNode file -n "flip";
	setAttr ".fileTextureName" -type "string" (
		"/textures/flip/" +
		"flip.0001.png");
	setAttr ".ufe" yes;
createNode file -n "zb";
	setAttr ".uvt" 1;
	setAttr ".ftn" -type "string" "/tex/zb_u1_v2.exr";
createNode AlembicNode -n "abc1";
	setAttr ".fn" -type "string" "C:\\cache\\anim.abc";
createNode gpuCache -n "gpu1";
	setAttr ".cacheFileName" -type "string" "/cache/gpu;semi.abc";
createNode aiStandIn -n "standin1";
	setAttr ".dso" -type "string" "/ass/tree.####.ass";
createNode imagePlane -n "ip1";
	setAttr ".imn" -type "string" "/plates/bg.exr";
createNode cacheFile -n "cache1";
	setAttr ".cp" -type "string" "/cache/nCache";
	setAttr ".cn" -type "string" "cloth";
createNode mayaUsdProxyShape -n "stage1";
	setAttr ".fp" -type "string" "/usd/shot.usda";
createNode mesh -n "mesh1";
	setAttr -s 4 ".vt[0:3]"  0 0 0 1 0 0
		0 1 0 1 1 0;
	setAttr ".ftn" -type "string" "/not/a/file/attr.png";
createNode script -n "s1";
	setAttr ".b" -type "string" "setAttr \"x.ftn\" -type \"string\" \"/fake.png\"; // ;";
setAttr "wood.ftn" -type "string" "sourceimages/wood_v2.1001.tx";
select -ne :defaultRenderGlobals;
	setAttr ".an" yes;
	setAttr ".fs" 1001;
	setAttr ".ef" 1100;
	setAttr ".bfs" 2;
	setAttr ".ifp" -type "string" "<RenderLayer>/<Scene>";
	setAttr ".imfkey" -type "string" "exr";
	setAttr ".ren" -type "string" "vray";
select -ne :defaultColorMgtGlobals;
	setAttr ".cfe" yes;
	setAttr ".cfp" -type "string" "/show/ocio/config.ocio";
'''


def test_small_scene_every_feature(tmp_path):
    (tmp_path / "workspace.mel").write_text('workspace -fr "images" "renders/images";\n')
    path = write(str(tmp_path / "scenes"), "shot.ma", SCENE)
    info = read_scene(path)
    refs = {(r.node, r.attr): r for r in info.references}
    project = str(tmp_path)
    assert info.project_dir == project
    assert all(r.base == project for r in info.references)
    assert refs[("chairRN", "reference")].raw == "$PROJ/assets/chair.ma"
    assert refs[("chairRN", "reference")].kind_hint == "scene"
    assert refs[("chair:legRN", "reference")].raw == "/assets/leg.ma"
    assert [r.node for r in info.references].count("chairRN") == 1
    wood = [r for r in info.references if r.node == "wood"]
    assert [r.raw for r in wood] == ["sourceimages/wood.<UDIM>.tx", "sourceimages/wood_v2.1001.tx"]
    flip = refs[("flip", "fileTextureName")]
    assert flip.raw == "/textures/flip/flip.####.png" and flip.frames == FrameSet("1001-1100x2")
    assert refs[("zb", "ftn")].raw == "/tex/zb_<UVTILE>.exr"
    assert refs[("abc1", "fn")].raw == "C:\\cache\\anim.abc"
    assert refs[("gpu1", "cacheFileName")].raw == "/cache/gpu;semi.abc"
    assert refs[("standin1", "dso")].raw == "/ass/tree.####.ass"
    assert refs[("ip1", "imn")].raw == "/plates/bg.exr"
    assert refs[("cache1", "cp")].raw == "/cache/nCache/cloth.xml"
    assert refs[("stage1", "fp")].kind_hint == "scene"
    assert refs[(":defaultColorMgtGlobals".lstrip(":"), "cfp")].kind_hint == "scene"
    assert not any("fake" in r.raw or "attr.png" in r.raw for r in info.references)
    assert info.frame_range == FrameSet("1001-1100x2")
    assert info.renderer == "vray" and info.host_version == "2024"
    out = refs[("defaultRenderGlobals", "ifp")]
    assert out.output and out.raw == "renders/images/<RenderLayer>/shot.####.exr"
    assert out.frames == info.frame_range


def test_project_is_scene_folder_without_workspace(tmp_path):
    path = write(str(tmp_path), "a.ma", '//Maya ASCII 2024 scene\ncreateNode file -n "f";\n'
                 '\tsetAttr ".ftn" -type "string" "tex/a.png";\n')
    info = read_scene(path)
    assert info.references[0].base == str(tmp_path) and info.project_dir == str(tmp_path)


def test_codeset_1252_paths_round_trip(tmp_path):
    path = tmp_path / "w.ma"
    path.write_bytes(b'//Maya ASCII 2023 scene\n//Codeset: 1252\ncreateNode file -n "f";\n'
                     b'\tsetAttr ".ftn" -type "string" "D:/textures/caf\xe9.png";\n')
    info = read_scene(str(path))
    assert info.references[0].raw == "D:/textures/caf\u00e9.png"


def test_nested_binary_reference_gives_finding_not_error(tmp_path):
    mb = tmp_path / "ref.mb"
    mb.write_bytes(b"FOR4\x00\x00\x00\x10Maya")
    info = read_scene(str(mb), via=str(tmp_path / "top.ma"))
    assert info.references == [] and {f.code for f in info.findings} == {"binary-scene"}
