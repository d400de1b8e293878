"""OCIO reader against the PyOpenColorIO oracle (search paths, FileTransform srcs, file lookup)."""

from __future__ import annotations

import os
import re

import pytest

from accsyn_dcc.core.readers import read_scene

from .helpers import abs_path, write

OCIO = pytest.importorskip("PyOpenColorIO")

CONTEXT_VARS = ("SHOT", "LUT_PATH", "CCCID", "CAMERA")


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch):
    for var in CONTEXT_VARS + ("OCIO",):
        monkeypatch.delenv(var, raising=False)


def _walk(t, out):
    if t is None:
        return
    if isinstance(t, OCIO.FileTransform):
        out.append(t.getSrc())
    elif isinstance(t, OCIO.GroupTransform):
        for child in t:
            _walk(child, out)


def _oracle(path):
    """(search folders as absolute paths, resolved FileTransform srcs, context) from OCIO itself."""
    c = OCIO.Config.CreateFromFile(str(path))
    ctx = c.getCurrentContext()
    wd = c.getWorkingDir()
    dirs = [os.path.normpath(os.path.join(wd, ctx.resolveStringVar(p))) for p in c.getSearchPaths()]
    srcs = []
    for cs in c.getColorSpaces():
        for d in (OCIO.COLORSPACE_DIR_TO_REFERENCE, OCIO.COLORSPACE_DIR_FROM_REFERENCE):
            _walk(cs.getTransform(d), srcs)
    for lk in c.getLooks():
        _walk(lk.getTransform(), srcs)
        _walk(lk.getInverseTransform(), srcs)
    for vt in c.getViewTransforms():
        for d in (OCIO.VIEWTRANSFORM_DIR_FROM_REFERENCE, OCIO.VIEWTRANSFORM_DIR_TO_REFERENCE):
            _walk(vt.getTransform(d), srcs)
    for nt in c.getNamedTransforms():
        for d in (OCIO.TRANSFORM_DIR_FORWARD, OCIO.TRANSFORM_DIR_INVERSE):
            _walk(nt.getTransform(d), srcs)
    return dirs, {ctx.resolveStringVar(s) for s in srcs}, ctx


def _ours(path):
    info = read_scene(str(path))
    dirs = [os.path.normpath(abs_path(r)) for r in info.references if r.kind_hint == "directory"]
    srcs = {r.raw: r for r in info.references if r.attr == "src"}
    return info, dirs, srcs


def test_corpus_context_config_agrees(corpus_dir):
    path = corpus_dir / "ocio" / "config.ocio"
    their_dirs, their_srcs, ctx = _oracle(path)
    info, dirs, srcs = _ours(path)
    assert dirs == their_dirs
    assert set(srcs) == their_srcs
    # No LUT files are in the corpus: OCIO's failed lookup lists the candidates we list.
    for src in ("lut1.clf", "shot2/lut2.clf"):
        with pytest.raises(OCIO.ExceptionMissingFile) as exc:
            ctx.resolveFileLocation(src)
        tried = re.findall(r"'([^']+)'", str(exc.value))[1:]
        (finding,) = [f for f in info.findings if f"'{src}'" in f.message]
        ours = finding.message.split("looked in: ", 1)[1].rstrip(".").split(", ")
        assert [os.path.join(d, src) for d in ours] == tried


def test_nuke_sidecar_config_agrees(corpus_dir):
    path = corpus_dir / "nuke" / "config.ocio"
    their_dirs, their_srcs, _ = _oracle(path)
    _, dirs, srcs = _ours(path)
    assert dirs == their_dirs == [str(corpus_dir / "nuke" / "luts"), "/tmp/luts"]
    assert not srcs and not their_srcs


CONFIG = """ocio_profile_version: 2

environment: {SHOT: shot1, LOOK_DIR: looks}
search_path: "./$SHOT:common:/ABSOLUTE_LUTS"
strictparsing: true
roles:
  default: raw
  scene_linear: lin
file_rules:
  - !<Rule> {name: Default, colorspace: default}
displays:
  sRGB:
    - !<View> {name: Raw, colorspace: raw}
    - !<View> {name: Film, view_transform: film, display_colorspace: raw}
looks:
  - !<Look>
    name: grade  # a comment: src: not_a_lut.cube
    process_space: lin
    transform: !<FileTransform> {src: "$LOOK_DIR/grade.ccc", cccid: shot_a}
view_transforms:
  - !<ViewTransform>
    name: film
    from_scene_reference: !<GroupTransform>
      children:
        - !<FileTransform> {src: film_a.spi1d, interpolation: linear}
        - !<FileTransform>
          src: film_b.spi3d
          interpolation: tetrahedral
named_transforms:
  - !<NamedTransform>
    name: nt
    transform: !<FileTransform> {src: named.cube}
colorspaces:
  - !<ColorSpace>
    name: raw
    isdata: true
  - !<ColorSpace>
    name: lin
    isdata: false
  - !<ColorSpace>
    name: shotlut
    to_scene_reference: !<FileTransform> {src: shot.cube}
  - !<ColorSpace>
    name: abslut
    from_scene_reference: !<FileTransform> {
      src: /ABSOLUTE_LUTS/abs.cube,
      interpolation: best}
"""


@pytest.fixture
def config_tree(tmp_path):
    root = tmp_path / "cfg"
    absdir = tmp_path / "abs_luts"
    text = CONFIG.replace("/ABSOLUTE_LUTS", str(absdir))
    path = write(str(root), "config.ocio", text)
    for rel in ("shot1/shot.cube", "shot2/shot.cube", "common/film_a.spi1d", "common/film_b.spi3d",
                "common/named.cube", "shot1/looks/grade.ccc", "shot2/looks/grade.ccc"):
        write(str(root), rel, "x")
    write(str(absdir), "abs.cube", "x")
    return path


@pytest.mark.parametrize("shot", [None, "shot2"])
def test_generated_config_agrees_and_finds_the_same_files(config_tree, monkeypatch, shot):
    if shot:
        monkeypatch.setenv("SHOT", shot)  # the environment overrides the config's default
    their_dirs, their_srcs, ctx = _oracle(config_tree)
    _, dirs, srcs = _ours(config_tree)
    assert dirs == their_dirs
    assert set(srcs) == their_srcs
    for raw, ref in srcs.items():
        assert os.path.normpath(abs_path(ref)) == os.path.normpath(ctx.resolveFileLocation(raw)), raw
    assert srcs["looks/grade.ccc"].base.endswith(shot or "shot1")  # $LOOK_DIR from environment:


def test_unknown_context_var_stays_raw(tmp_path):
    path = write(str(tmp_path), "c.ocio", "ocio_profile_version: 2\nsearch_path: $NOPE_DIR\ncolorspaces:\n"
                 "  - !<ColorSpace> {name: a, to_reference: !<FileTransform> {src: $NOPE_LUT}}\n")
    info = read_scene(path)
    assert {(r.attr, r.raw) for r in info.references} == {("search_path", "$NOPE_DIR"), ("src", "$NOPE_LUT")}
