"""Fuzz every reader: any bytes in -> SceneInfo (maybe with findings) or SceneError, nothing else."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accsyn_dcc.core.errors import SceneError
from accsyn_dcc.core.readers import read_scene
from accsyn_dcc.core.refs import SceneInfo

SNIPPETS = {
    ".nk": ["Root {\n", "Read {\n", " file ", "}\n", "{", "}", '"', "\\", "[getenv X]", "\\[python \\{x\\}]",
            " first 5\n", " last -3\n", " name R1\n", "Group {\n", "end_group\n", "clone $C1 {\n",
            "clone node1|Read|R {\n", " views {{left \"\"}}\n", " project_directory ", "{{curve}}", "\n",
            " use_limit true\n", "Write {\n", "#write_info x\n", "set N1 [stack 0]\n", "MyGizmo {\n", "%04d",
            " first_frame 10\n", " last_frame 1\n", " customOCIOConfigPath /c.ocio\n", " last 99999999999\n",
            " first -1e400\n", " last nan\n"],
    ".ma": ["//Maya ASCII 2024 scene\n", 'createNode file -n "f";\n', 'setAttr ".ftn" -type "string" ', '"',
            ";", "\\", '"/a/b.png"', "\n", 'file -r "x.ma";\n', 'requires maya "2024";\n', "(", ")", "+",
            'select -ne :defaultRenderGlobals;\n', 'setAttr ".an" yes;\n', 'setAttr ".fs" ', "1001", "-5",
            "1e30", "inf", 'setAttr ".ef" 99999999999;\n', 'setAttr ".bfs" 0;\n',
            'setAttr ".uvt" 3;\n', 'setAttr ".ufe" yes;\n', 'setAttr "f.ftn" -type "string" "a.1001.png";\n',
            "//", 'createNode cacheFile -n "c";\n', 'setAttr ".cn" -type "string" "x";\n'],
    ".usda": ["#usda 1.0\n", "(", ")", "[", "]", "{", "}", "@", "@@@", "@./a.usda@", '"', "'", '"""', "#",
              "subLayers = ", "references = ", "payload = ", "asset a = ", "\n", "delete ", "prepend ",
              'string templateAssetPath = "./c.###.usd"\n', "double templateStartTime = 1\n",
              "double templateEndTime = 0.5\n", "double templateEndTime = 1e12\n",
              "double templateStride = inf\n", "def \"P\" ", "variantSet \"v\" = {\n", "</Model>", ","],
    ".ocio": ["ocio_profile_version: 2\n", "search_path: ", "environment:\n", "  A: b\n", "  - x\n", "\n",
              "!<FileTransform> {src: ", "}", "{", "src: a.cube\n", "$A", "${A}", ":", "#", '"', "'", "[", "]",
              "colorspaces:\n", "  - !<ColorSpace>\n", "    name: n\n", "    to_reference: !<FileTransform>\n",
              "      src: l.spi1d\n", "C:/luts", ","],
}


@pytest.fixture(scope="module")
def fuzz_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz")


_counter = itertools.count()


def _check(folder, ext, data):
    path = folder / f"f{next(_counter)}{ext}"
    path.write_bytes(data)
    try:
        info = read_scene(str(path))
    except SceneError:
        return
    assert isinstance(info, SceneInfo)
    for r in info.references:
        assert isinstance(r.raw, str)


FUZZ = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.mark.parametrize("ext", [".nk", ".gizmo", ".ma", ".mb", ".usda", ".usd", ".usdc", ".ocio", ".hip", ".hipnc"])
@FUZZ
@given(data=st.binary(max_size=3000))
def test_any_bytes(fuzz_dir, ext, data):
    _check(fuzz_dir, ext, data)


@pytest.mark.parametrize("ext", sorted(SNIPPETS))
@FUZZ
@given(data=st.data())
def test_format_shaped_text(fuzz_dir, ext, data):
    pieces = data.draw(st.lists(st.one_of(st.sampled_from(SNIPPETS[ext]), st.text(max_size=8)), max_size=80))
    _check(fuzz_dir, ext, "".join(pieces).encode("utf-8", "surrogatepass"))


@FUZZ
@given(members=st.lists(st.tuples(st.sampled_from(["obj/a.init", "obj/a.parm", "out/r.init", "out/r.parm", "x"]),
                                  st.binary(max_size=200)), max_size=6),
       cut=st.integers(min_value=0, max_value=400))
def test_hip_archives(fuzz_dir, members, cut):
    from .test_houdini_and_dispatch import cpio

    data = cpio(members)
    _check(fuzz_dir, ".hip", data[: len(data) - cut] if cut < len(data) else data)
