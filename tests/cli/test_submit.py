"""`accsyn-dcc submit --dry-run` end to end on the bundled examples, and its input errors."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from accsyn_dcc.core.cli.main import main
from accsyn_dcc.core.outbox import Outbox
from accsyn_dcc.core.payload import validate_payload

SHARE_ID = "5c5bf52a1da7ee0165105b85"


@pytest.fixture()
def nuke_example(tmp_path, repo_dir):
    dst = tmp_path / "proj" / "nuke"
    shutil.copytree(repo_dir / "examples" / "nuke", dst)
    return dst / "comp_v001.nk"


@pytest.fixture()
def maya_example(tmp_path, repo_dir):
    dst = tmp_path / "proj" / "maya"
    shutil.copytree(repo_dir / "examples" / "maya", dst)
    return dst / "shot010_lighting.ma"


def _config(tmp_path, root):
    cfg = tmp_path / "studio.json"
    cfg.write_text(json.dumps({"shares": [{"id": SHARE_ID, "name": "projects", "roots": {"linux": str(root)}}],
                               "engines": {"nuke": "nuke-14", "maya": "arnold-7-maya-2023"},
                               "defaults": {"settings": {"task_bucketsize": 5}}}))
    return cfg


def _submit_json(capsys, *argv):
    code = main(["submit", *argv, "--dry-run", "--json"])
    captured = capsys.readouterr()
    return code, (json.loads(captured.out) if captured.out.strip() else None), captured.err


def test_nuke_example_dry_run_json_has_the_fixed_keys_and_a_valid_payload(capsys, nuke_example):
    code, out, err = _submit_json(capsys, str(nuke_example))
    assert code == 0, err
    assert set(out) == {"payload", "outbox", "findings"}
    p = out["payload"]
    assert [f for f in validate_payload(p) if f.level == "error"] == []
    assert p["engine"] == "nuke-14"  # guessed from `version 14.0 v5`, and said so
    assert any(f["code"] == "engine-guessed" for f in out["findings"])
    assert p["range"] == "1001-1010"
    assert p["name"] == "comp_v001.nk"
    assert p["parameters"]["input_conversion"] == "always"
    plates = [d for d in p["dependencies"] if "bg_plate." in d]
    assert len(plates) == 10
    assert any(d.endswith("grid texture.png") for d in p["dependencies"])
    assert not any("render/comp_v001" in d for d in p["dependencies"]), "outputs are never dependencies"
    entry = Outbox().get(p["parameters"]["accsyn_dcc_submission"])
    assert str(entry.path) == out["outbox"]
    assert entry.payload == p
    assert entry.state["meta"]["dry_run"] is True


def test_dry_run_with_a_share_config_maps_input_dependencies_and_output(capsys, tmp_path, nuke_example):
    cfg = _config(tmp_path, tmp_path / "proj")
    code, out, err = _submit_json(capsys, str(nuke_example), "--map-config", str(cfg))
    assert code == 0, err
    p = out["payload"]
    assert p["input"] == f"share={SHARE_ID}/nuke/comp_v001.nk"
    assert all(d.startswith(f"share={SHARE_ID}/nuke/") for d in p["dependencies"])
    assert p["output"] == f"share={SHARE_ID}/nuke/render"
    assert p["settings"]["task_bucketsize"] == "5"
    assert p["parameters"]["mapped_share_paths"][0]["local"] == f"share={SHARE_ID}"


def test_options_reach_the_payload(capsys, nuke_example):
    code, out, err = _submit_json(
        capsys, str(nuke_example), "--engine", "nuke-15", "--range", "1001-1005, 1008", "--bucket", "2",
        "--filters", "ram:>32g,site:hq", "--env", "FOUNDRY_LICENSE_DEBUG=true", "--name", "sh010 comp",
        "--site-setting", "local.upload.transfer_speedlimit=2", "--input-conversion", "platform",
        "--arguments", "-txV")
    assert code == 0, err
    p = out["payload"]
    assert p["engine"] == "nuke-15" and p["name"] == "sh010 comp"
    assert p["range"] == "1001-1005,1008"
    assert p["filters"] == "ram:>32g,site:hq"
    assert p["settings"]["task_bucketsize"] == "2"
    assert p["parameters"]["input_conversion"] == "platform"
    assert p["parameters"]["arguments"] == "-txV"
    assert p["parameters"]["site"]["local"]["settings"]["upload"]["transfer_speedlimit"] == "2"
    assert "FOUNDRY_LICENSE_DEBUG" in json.dumps(p["envs"])


def test_maya_example_dry_run_follows_the_reference_and_udims(capsys, maya_example):
    code, out, err = _submit_json(capsys, str(maya_example))
    assert code == 0, err
    deps = out["payload"]["dependencies"]
    assert any(d.endswith("assets/chair.ma") for d in deps)
    assert sum("floor_diffuse." in d for d in deps) == 3
    assert any(d.endswith("studio_small.hdr") for d in deps)
    assert out["payload"]["range"] == "1-24"


@pytest.mark.parametrize(
    "argv, field, words",
    [
        (["--range", "10-1"], "range", "backwards"),
        (["--range", "1-10x0"], "range", "step"),
        (["--range", "abc"], "range", "not a frame range"),
        (["--filters", "ram:32"], "filters", "ram"),
        (["--env", "NOEQUALS"], "env", "K=V"),
        (["--site-setting", "local.sideways.x=1"], "site", "download"),
        (["--bucket", "0"], "bucket", "1 or more"),
    ],
)
def test_bad_options_exit_2_with_one_line_naming_the_field(argv, field, words, tmp_path):
    # The scene does not even exist: options are validated first.
    proc = subprocess.run([sys.executable, "-m", "accsyn_dcc", "submit", "x.nk", *argv, "--dry-run"],
                          capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    assert field in proc.stderr.lower() and words.lower() in proc.stderr.lower(), proc.stderr


def test_missing_scene_exits_2(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "accsyn_dcc", "submit", "nope.nk", "--dry-run"],
                          capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert proc.returncode == 2 and "scene not found" in proc.stderr and "Traceback" not in proc.stderr


def test_blocking_findings_exit_1_and_write_nothing(capsys, nuke_example):
    (nuke_example.parent / "textures" / "grid texture.png").unlink()
    code, out, _ = _submit_json(capsys, str(nuke_example))
    assert code == 1
    assert out["payload"] is None and out["outbox"] is None
    assert any(f["level"] == "error" for f in out["findings"])
    assert Outbox().list() == []


def test_submit_help_explains_the_local_site_rule(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["submit", "--help"])
    assert exc.value.code == 0
    text = capsys.readouterr().out.lower()
    assert "local" in text and "upload" in text and "download" in text and "roaming" in text


def test_a_referenced_files_render_settings_raise_no_findings(capsys, maya_example):
    # chair.ma has no render globals (Maya would render one frame of it on its own); as a reference of
    # the lighting scene that is not this job's concern.
    code, out, err = _submit_json(capsys, str(maya_example))
    assert code == 0, err
    assert not [f for f in out["findings"] if f["code"] == "single-frame"]


def test_houdini_text_hip_example_dry_run(capsys, tmp_path, repo_dir):
    dst = tmp_path / "proj" / "houdini"
    shutil.copytree(repo_dir / "examples" / "houdini", dst)
    code, out, err = _submit_json(capsys, str(dst / "shot010_fx.hip"), "--engine", "mantra-20.5")
    assert code == 0, err
    p = out["payload"]
    assert p["range"] == "1001-1024" and p["engine"] == "mantra-20.5"
    assert sorted(d.rsplit("/", 1)[1] for d in p["dependencies"]) == [
        "rock.bgeo.sc", "rock_diffuse.png", "shot010_cam.abc"]


def test_without_an_engine_the_error_says_how_to_choose_one(capsys, tmp_path, repo_dir):
    dst = tmp_path / "proj" / "houdini"
    shutil.copytree(repo_dir / "examples" / "houdini", dst)
    code, out, _ = _submit_json(capsys, str(dst / "shot010_fx.hip"))
    assert code == 1
    (f,) = [f for f in out["findings"] if f["code"] == "engine-missing"]
    assert "--engine" in f["message"] and "engines.<host>" in f["message"]


def test_output_option_is_made_absolute_and_mapped_to_a_share(capsys, tmp_path, nuke_example, monkeypatch):
    cfg = _config(tmp_path, tmp_path / "proj")
    monkeypatch.chdir(nuke_example.parent)
    code, out, err = _submit_json(capsys, str(nuke_example), "--map-config", str(cfg), "--output", "renders/v2")
    assert code == 0, err
    assert out["payload"]["output"] == f"share={SHARE_ID}/nuke/renders/v2"
