"""``accsyn-dcc check``: the fixed JSON keys, exit codes, human table, --html, --map-config."""

from __future__ import annotations

import json
import shutil

import pytest

from accsyn_dcc.core.cli.main import main

DEP_KEYS = ["raw", "path", "kind", "node", "attr", "frames", "missing", "exists", "share", "via"]
OUT_KEYS = ["raw", "path", "node", "attr", "frames"]


@pytest.fixture
def comp(repo_dir, tmp_path):
    """A copy of the example Nuke script with its plates (all present)."""
    dst = tmp_path / "nuke"
    shutil.copytree(repo_dir / "examples" / "nuke", dst)
    return dst


def _run(capsys, *argv):
    code = main(["check", *map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_has_exactly_the_fixed_keys(comp, capsys):
    code, out, _ = _run(capsys, comp / "comp_v001.nk", "--json")
    d = json.loads(out)
    assert code == 0
    assert list(d) == ["scene", "format", "dependencies", "outputs", "findings", "stats"]
    assert d["format"] == "nuke" and d["scene"].endswith("comp_v001.nk")
    assert d["dependencies"] and all(list(x) == DEP_KEYS for x in d["dependencies"])
    assert d["outputs"] and all(list(x) == OUT_KEYS for x in d["outputs"])
    assert all({"level", "code", "message", "ref"} <= set(f) for f in d["findings"])
    assert {"references", "files", "seconds"} <= set(d["stats"])
    plate = next(x for x in d["dependencies"] if x["kind"] == "sequence")
    assert plate["frames"] == "1001-1010" and plate["missing"] is None and plate["exists"] is True
    assert plate["raw"] == "plates/bg_plate.####.exr" and plate["node"] == "Read_plate"


def test_missing_frames_exit_1_with_ranges(comp, capsys):
    for f in (1003, 1004, 1005, 1009):
        (comp / "plates" / f"bg_plate.{f}.exr").unlink()
    code, out, _ = _run(capsys, comp / "comp_v001.nk", "--json")
    d = json.loads(out)
    assert code == 1
    [f] = [f for f in d["findings"] if f["code"] == "missing-frames"]
    assert f["level"] == "error" and "1003-1005,1009" in f["message"]
    assert d["dependencies"][f["ref"]]["missing"] == "1003-1005,1009"


def test_human_output_is_a_table_and_findings(comp, capsys):
    (comp / "plates" / "bg_plate.1005.exr").unlink()
    code, out, err = _run(capsys, comp / "comp_v001.nk")
    assert code == 1
    assert "PARTIAL" in out and "missing 1005" in out and "[missing-frames]" in out
    assert "Write_comp" in out and err == ""  # no progress bar when stderr is not a terminal


def test_html_report_is_written(comp, tmp_path, capsys):
    report = tmp_path / "out" / "report.html"
    code, _, _ = _run(capsys, comp / "comp_v001.nk", "--html", report)
    assert code == 0
    html = report.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "bg_plate.####.exr" in html


def test_map_config_maps_to_shares(comp, tmp_path, capsys):
    cfg = tmp_path / "studio.json"
    cfg.write_text(json.dumps({"shares": [{"id": "5c5bf52a1da7ee0165105b85", "name": "projects",
                                           "roots": {"linux": str(comp)}}]}))
    code, out, _ = _run(capsys, comp / "comp_v001.nk", "--json", "--map-config", cfg)
    d = json.loads(out)
    assert code == 0
    assert {x["share"] for x in d["dependencies"]} == {
        "share=5c5bf52a1da7ee0165105b85/plates/bg_plate.####.exr",
        "share=5c5bf52a1da7ee0165105b85/textures/grid texture.png"}
    assert not [f for f in d["findings"] if f["code"] in ("not-on-share", "no-shares-configured")]


def test_missing_scene_is_a_usage_error(tmp_path, capsys):
    code, out, err = _run(capsys, tmp_path / "nope.nk")
    assert code == 2 and out == "" and "scene not found" in err and "Traceback" not in err


def test_binary_scene_is_an_input_error(tmp_path, capsys):
    scene = tmp_path / "shot.mb"
    scene.write_bytes(b"FOR4\x00\x00\x00\x10binary")
    code, _, err = _run(capsys, scene)
    assert code == 2 and "accsyn-dcc: error:" in err


def test_bad_map_config_is_a_usage_error(comp, tmp_path, capsys):
    cfg = tmp_path / "bad.json"
    cfg.write_text("{not json")
    code, _, err = _run(capsys, comp / "comp_v001.nk", "--map-config", cfg)
    assert code == 2 and "bad.json" in err


def test_progress_bar_on_a_terminal(comp, capsys, monkeypatch):
    monkeypatch.setattr("sys.stderr.isatty", lambda: True, raising=False)
    code, _, err = _run(capsys, comp / "comp_v001.nk", "--json")
    assert code == 0 and "scanning [" in err and "100%" in err
