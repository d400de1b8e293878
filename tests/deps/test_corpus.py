"""The public corpus (../shared/corpus): our check against the deadline-cloud expected YAMLs and the
OpenUSD dependency-extractor baseline, after the directory remap SOURCES.md describes.

The deadline-cloud runner copies the scene's folder to a temp dir, rewrites the scene's original
save directory to that dir, then replaces the temp dir with ``/normalized/job/bundle/dir`` and the
cwd with ``/normalized/cwd``. We do the same, run ``gather.check`` on the copy and compare.

Deliberate differences (asserted below, not hidden):

* the scene file itself is the job's *input*, not one of our ``dependencies``; it is added to our
  side before comparing (the YAMLs list it among the input files);
* a sequence's files are the node's frame range expanded with the pattern (as the YAMLs do),
  because the frames are not in the corpus;
* ``ocio.nk`` has relative Writes and no ``project_directory``: Nuke resolves them against its
  cwd (the YAML's ``/normalized/cwd/output``); we resolve them next to the script, because the
  farm's cwd is not the artist's, and the reader warns (``relative-without-project-dir``);
* USD clip templates: ``clip.###.usd`` is matched with its padding (3 digits, as USD formats clip
  times), so of the baseline's globbed ``clip.010.usd``, ``clip.1.usd`` and ``clip.11.usd`` only
  the first belongs to the template.
"""

from __future__ import annotations

import os
import shutil

import pytest
import yaml

from accsyn_dcc.core import gather
from accsyn_dcc.core.config import Config
from accsyn_dcc.core.tokens import parse_pattern

BUNDLE = "/normalized/job/bundle/dir"
CWD = "/normalized/cwd"

CASES = {
    # scene: (expected yaml, original save directory as written in the scene)
    "nuke/multi-load-save.nk": ("nuke/multi-load-save.asset_references.yaml",
                                "D:/deadline-clients/deadline-nuke/job_bundle_output_tests/multi-load-save"),
    "nuke/ocio.nk": ("nuke/ocio.asset_references.yaml",
                     "/home/rocky/src/deadline-cloud-for-nuke/job_bundle_output_tests/ocio/scene"),
    "maya/cube.ma": ("maya/cube.asset_references.yaml",
                     "D:/deadline-clients/deadline-cloud-for-maya/job_bundle_output_tests//cube"),
}

# expected output directory -> the one we give, per scene (see the module docstring)
OUTPUT_DIFFERENCES = {"nuke/ocio.nk": {f"{CWD}/output": f"{BUNDLE}/output"}}


def _bundle(corpus_dir, tmp_path, scene, original_dir):
    """Copy the scene's folder and rewrite its save directory, as the deadline-cloud runner does."""
    bundle = tmp_path / "bundle"
    shutil.copytree(corpus_dir / os.path.dirname(scene), bundle)
    path = bundle / os.path.basename(scene)
    text = path.read_bytes().replace(original_dir.encode(), str(bundle).encode())
    path.write_bytes(text.replace(b"C:\\tmp", b"/tmp"))
    return bundle, path


def _normalize(path, bundle, cwd):
    return path.replace(str(bundle), BUNDLE).replace(str(cwd), CWD)


def _our_inputs(result, bundle, cwd):
    files, dirs = {_normalize(result.scene, bundle, cwd)}, set()
    for dep in result.dependencies:
        if dep.kind == "directory":
            dirs.add(dep.path)
        elif dep.kind == "sequence" and dep.frames:
            pattern = parse_pattern(dep.path)
            files.update(pattern.frame_path(f) for f in dep.frames)
        elif dep.kind == "udim":
            files.update(dep.files)
        else:
            files.add(dep.path)
    return {_normalize(f, bundle, cwd) for f in files}, {_normalize(d, bundle, cwd) for d in dirs}


def _score(ours, expected):
    hit = len(ours & expected)
    return (hit / len(expected) if expected else 1.0), (hit / len(ours) if ours else 1.0)


@pytest.mark.parametrize("scene", sorted(CASES))
def test_corpus_scene_matches_expected_asset_references(corpus_dir, tmp_path, monkeypatch, scene):
    expected_yaml, original_dir = CASES[scene]
    refs = yaml.safe_load((corpus_dir / expected_yaml).read_text())["assetReferences"]
    bundle, path = _bundle(corpus_dir, tmp_path, scene, original_dir)
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    result = gather.check(str(path), config=Config(), env={})

    files, dirs = _our_inputs(result, bundle, cwd)
    want_files, want_dirs = set(refs["inputs"]["filenames"]), set(refs["inputs"]["directories"])
    recall, precision = _score(files | dirs, want_files | want_dirs)
    print(f"\n{scene}: inputs recall {recall:.2f} precision {precision:.2f} "
          f"({len(files | dirs)} ours, {len(want_files | want_dirs)} expected)")
    for p in sorted((files | dirs) - (want_files | want_dirs)):
        print(f"  only ours: {p}")
    assert want_files <= files, sorted(want_files - files)
    assert want_dirs <= dirs, sorted(want_dirs - dirs)
    assert recall == 1.0

    outputs = {_normalize(os.path.dirname(o.path), bundle, cwd) for o in result.outputs}
    want_out = {OUTPUT_DIFFERENCES.get(scene, {}).get(d, d) for d in refs["outputs"]["directories"]}
    out_recall, out_precision = _score(outputs, want_out)
    print(f"{scene}: outputs recall {out_recall:.2f} precision {out_precision:.2f}")
    assert outputs == want_out
    # every reference is in exactly one of the two lists
    assert not {d.path for d in result.dependencies} & {o.path for o in result.outputs}


def test_usd_layer_matches_the_openusd_extractor_baseline(corpus_dir, tmp_path):
    layer = tmp_path / "ascii.usda"
    shutil.copy(corpus_dir / "usd" / "ascii.usda", layer)
    for name in ("clip.010.usd", "clip.1.usd", "clip.11.usd"):  # beside the layer in the source repo
        (tmp_path / name).write_text("#usda 1.0\n")
    baseline = {}
    for line in (corpus_dir / "usd" / "ascii-usda.txt").read_text().splitlines():
        kind, _, rel = line.partition(": ")
        baseline.setdefault(kind.split()[1].split("[")[0], set()).add(os.path.normpath(tmp_path / rel))
    expected = set().union(*baseline.values())
    result = gather.check(str(layer), config=Config(), env={})
    ours = set()
    for dep in result.dependencies:
        ours.update(dep.files if dep.kind in ("sequence", "udim") else [dep.path])
    loose_glob = {str(tmp_path / "clip.1.usd"), str(tmp_path / "clip.11.usd")}  # not ###-padded
    recall, precision = _score(ours, expected - loose_glob)
    print(f"\nusd/ascii.usda: recall {recall:.2f} precision {precision:.2f} "
          f"(baseline {len(expected)}, of which {len(loose_glob)} differ deliberately)")
    assert recall == 1.0 and precision == 1.0
    assert not ours & loose_glob
    subs = {d.path for d in result.dependencies if d.attr == "subLayers"}
    assert subs == baseline["sublayers"]
    assert {d.kind for d in result.dependencies if d.path in subs} == {"scene"}
