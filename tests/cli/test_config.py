"""Studio config and sticky settings: valid files load, bad ones name the file, the key and the problem."""

from __future__ import annotations

import json

import pytest

from accsyn_dcc.core.config import load_config, load_sticky, parse_config, save_sticky, sticky_path
from accsyn_dcc.core.errors import ConfigError, describe

GOOD = {
    "shares": [{"id": "5c5bf52a1da7ee0165105b85", "name": "projects",
                "roots": {"windows": "C:/projects", "linux": "/mnt/projects", "mac": "/Volumes/projects"}}],
    "engines": {"nuke": "nuke-14", "nuke-15": "nuke-15", "maya": "arnold-7-maya-2024", "houdini": "mantra-20"},
    "defaults": {"filters": "ram:>32g", "settings": {"task_bucketsize": 5, "clear": True}},
}


def test_json_and_toml_load_the_same(tmp_path):
    j = tmp_path / "c.json"
    j.write_text(json.dumps(GOOD))
    t = tmp_path / "c.toml"
    t.write_text(
        '[[shares]]\nid = "5c5bf52a1da7ee0165105b85"\nname = "projects"\n'
        '[shares.roots]\nwindows = "C:/projects"\nlinux = "/mnt/projects"\nmac = "/Volumes/projects"\n'
        '[engines]\nnuke = "nuke-14"\n"nuke-15" = "nuke-15"\nmaya = "arnold-7-maya-2024"\nhoudini = "mantra-20"\n'
        '[defaults]\nfilters = "ram:>32g"\n[defaults.settings]\ntask_bucketsize = 5\nclear = true\n'
    )
    a, b = load_config(j), load_config(t)
    assert a.shares == b.shares and a.engines == b.engines
    assert a.default_settings == {"task_bucketsize": "5", "clear": "true"}
    assert a.shares[0].roots["linux"] == "/mnt/projects"


def test_engine_for_prefers_the_most_specific_key():
    cfg = parse_config(GOOD)
    assert cfg.engine_for("nuke", "15.1v2") == "nuke-15"
    assert cfg.engine_for("nuke", "14.0v5") == "nuke-14"
    assert cfg.engine_for("maya") == "arnold-7-maya-2024"
    assert cfg.engine_for("blender") is None


def test_env_var_names_the_config(tmp_path, monkeypatch):
    p = tmp_path / "studio.json"
    p.write_text(json.dumps(GOOD))
    monkeypatch.setenv("ACCSYN_DCC_CONFIG", str(p))
    assert load_config().source == str(p)


def test_missing_default_config_is_empty_but_a_named_one_is_an_error(tmp_path, monkeypatch):
    assert load_config().shares == []
    monkeypatch.setenv("ACCSYN_DCC_CONFIG", str(tmp_path / "absent.toml"))
    with pytest.raises(ConfigError, match="not found") as exc:
        load_config()
    assert str(tmp_path / "absent.toml") in describe(exc.value)


@pytest.mark.parametrize(
    "mutate, key, words",
    [
        (lambda c: c.update(shares={}), "shares", "list"),
        (lambda c: c["shares"][0].update(id=""), "shares[0].id", "id"),
        (lambda c: c["shares"][0].update(roots={"amiga": "/x"}), "shares[0].roots.amiga", "unknown OS"),
        (lambda c: c["shares"][0].update(roots={}), "shares[0].roots", "at least one"),
        (lambda c: c["shares"].append(dict(c["shares"][0])), "shares[1].id", "twice"),
        (lambda c: c.update(engines={"nuke": 14}), "engines", "engine codes"),
        (lambda c: c["defaults"].update(filters=3), "defaults.filters", "filter string"),
        (lambda c: c["defaults"]["settings"].update(x=[1]), "defaults.settings.x", "string, number"),
        (lambda c: c.update(validators={"not-on-share": "yes"}), "validators", "true/false"),
    ],
)
def test_bad_config_names_file_key_and_problem(tmp_path, mutate, key, words):
    cfg = json.loads(json.dumps(GOOD))
    mutate(cfg)
    p = tmp_path / "bad.json"
    p.write_text(json.dumps(cfg))
    with pytest.raises(ConfigError) as exc:
        load_config(p)
    text = describe(exc.value)
    assert exc.value.key == key and str(p) in text and words in text


def test_syntax_errors_give_line_numbers(tmp_path):
    p = tmp_path / "bad.json"
    p.write_text('{"shares": [\n  {"id": }\n]}')
    with pytest.raises(ConfigError, match="line 2"):
        load_config(p)
    t = tmp_path / "bad.toml"
    t.write_text("[shares\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(t)


def test_sticky_settings_round_trip_next_to_the_scene(tmp_path):
    scene = tmp_path / "sh010.nk"
    scene.write_text("Root {}\n")
    assert load_sticky(scene) == {}
    where = save_sticky(scene, {"engine": "nuke-15", "range": "1-10"})
    assert where == sticky_path(scene)
    assert load_sticky(scene) == {"engine": "nuke-15", "range": "1-10"}


def test_sticky_settings_fall_back_to_the_user_dir_when_next_to_the_scene_fails(tmp_path):
    scene = tmp_path / "sh010.nk"
    scene.write_text("Root {}\n")
    sticky_path(scene).mkdir()  # something that is not a writable file sits where the sticky file goes
    where = save_sticky(scene, {"engine": "nuke-15"})
    assert where != sticky_path(scene) and where.exists()
    assert load_sticky(scene) == {"engine": "nuke-15"}
