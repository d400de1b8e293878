"""CLI helpers: --env K=V / OS:K=V and --site-setting SITE.KIND.KEY=V, plus site settings rules."""

from __future__ import annotations

import pytest

from accsyn_dcc.core.errors import InputError
from accsyn_dcc.core.payload import JobSpec, parse_env_args, parse_site_setting, parse_site_settings
from accsyn_dcc.core.sites import check_sites, setting_text


def test_flat_env_args():
    assert parse_env_args(["A=1", "B=x=y", "C="]) == {"A": "1", "B": "x=y", "C": ""}
    assert parse_env_args([]) == {}


def test_per_os_env_args_include_common():
    got = parse_env_args(["A=1", "linux:NUKE_PATH=/mnt/t", "windows:NUKE_PATH=C:\\t", "common:B=2"])
    assert got == {
        "common": {"A": "1", "B": "2"},
        "linux": {"NUKE_PATH": "/mnt/t"},
        "windows": {"NUKE_PATH": "C:\\t"},
    }
    assert list(got)[0] == "common"


def test_env_args_go_through_the_builder():
    spec = JobSpec(input="a.nk", engine="nuke-16", envs=parse_env_args(["mac:X=/Volumes/p"]))
    assert spec.prepare().data["envs"] == {"common": {}, "mac": {"X": "/Volumes/p"}}


@pytest.mark.parametrize(
    "arg, says",
    [
        ("NOEQUALS", "is not K=V"),
        ("=v", "is not K=V"),
        ("win:A=1", "unknown OS 'win'"),
        ("1A=1", "not a valid variable name"),
        ("linux:=1", "not a valid variable name"),
        ("A-B=1", "not a valid variable name"),
    ],
)
def test_bad_env_args(arg, says):
    with pytest.raises(InputError) as exc:
        parse_env_args([arg])
    assert says in exc.value.message
    assert exc.value.field == "envs"
    assert "K=V or OS:K=V" in exc.value.hint


def test_site_setting():
    s = parse_site_setting("local.upload.task_bucketsize=1")
    assert (s.site, s.kind, s.key, s.value) == ("local", "upload", "task_bucketsize", "1")
    site, kind, key, value = parse_site_setting("hq.common.transfer_speedlimit=-1")
    assert (site, kind, key, value) == ("hq", "common", "transfer_speedlimit", "-1")
    assert parse_site_setting("my.site.download.enable=false").site == "my.site"
    assert parse_site_setting("hq.download.x=a=b").value == "a=b"


def test_site_settings_merge_into_the_jobspec_shape():
    sites = parse_site_settings(["local.upload.task_bucketsize=1", "local.download.enable=false", "hq.common.x=2"])
    assert sites == {
        "local": {"upload": {"task_bucketsize": "1"}, "download": {"enable": "false"}},
        "hq": {"common": {"x": "2"}},
    }
    data = JobSpec(input="a.nk", engine="nuke-16", sites=sites).prepare().data
    assert data["parameters"]["site"]["hq"] == {"settings": {"common": {"x": "2"}}}


@pytest.mark.parametrize(
    "arg, says",
    [
        ("local.upload.task_bucketsize", "is not SITE.KIND.KEY=VALUE"),
        ("upload.x=1", "is not SITE.KIND.KEY=VALUE"),
        (".upload.x=1", "is not SITE.KIND.KEY=VALUE"),
        ("local.sideways.x=1", "unknown direction 'sideways'"),
        ("lo cal.upload.x=1", "not a valid site or setting name"),
        ("local.upload.x-y=1", "not a valid site or setting name"),
    ],
)
def test_bad_site_settings(arg, says):
    with pytest.raises(InputError) as exc:
        parse_site_setting(arg)
    assert says in exc.value.message
    assert exc.value.field == "site"
    assert "SITE.KIND.KEY=VALUE" in exc.value.hint


def test_setting_text():
    assert [setting_text(v) for v in (5, -1, True, False, 2.5, -1.0, "x")] == [
        "5",
        "-1",
        "true",
        "false",
        "2.5",
        "-1",
        "x",
    ]


def test_site_rules_on_the_wire():
    ok = {"local": {"settings": {"upload": {"a": "1"}}}, "5c5bf52a1da7ee0165105b85": {"settings": {}}}
    assert check_sites(ok) == []
    assert [f.code for f in check_sites({"hq": {"download": {}}})] == ["site-settings-shape"]
    assert [f.code for f in check_sites({"hq": {"settings": {"both": {}}}})] == ["site-settings-kind"]
    assert [f.code for f in check_sites({"h q": {"settings": {}}})] == ["site-name-invalid"]
    assert [f.code for f in check_sites([])] == ["site-settings-not-object"]
    f = check_sites({"hq": {"settings": {"upload": {"a": 1}}}})[0]
    assert (f.code, f.level, f.field) == (
        "setting-not-string",
        "warning",
        "parameters.site.hq.settings.upload.a",
    )


def test_site_values_from_a_spec_become_strings_and_bad_kinds_are_errors():
    spec = JobSpec(input="a.nk", engine="nuke-16", sites={"hq": {"upload": {"task_bucketsize": 2, "on": True}}})
    assert spec.prepare().data["parameters"]["site"] == {
        "hq": {"settings": {"upload": {"task_bucketsize": "2", "on": "true"}}}
    }
    spec.sites = {"hq": {"sideways": {"a": "b"}}}
    assert [f.code for f in spec.validate() if f.level == "error"] == ["site-settings-kind"]
    spec.sites = {"hq": {"upload": {"task_bucketsize": 0}}}
    assert [f.code for f in spec.validate() if f.level == "error"] == ["bucket-size-invalid"]


def test_local_site_gets_the_roaming_note():
    spec = JobSpec(input="a.nk", engine="nuke-16", sites={"local": {"upload": {"x": "1"}}})
    note = [f for f in spec.prepare().findings if f.code == "site-local-roaming-only"]
    assert note and note[0].level == "info" and "roaming" in note[0].message
