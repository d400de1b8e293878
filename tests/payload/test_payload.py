"""JobSpec → PreparedPayload and validate_payload: each builder rule, with good and bad inputs."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accsyn_dcc.core.errors import PayloadError
from accsyn_dcc.core.findings import has_errors
from accsyn_dcc.core.frames import FrameSet
from accsyn_dcc.core.payload import (
    LOCAL_SITE_HELP,
    JobSpec,
    PreparedPayload,
    default_name,
    engine_default_bucket,
    validate_payload,
)

SHARE = "share=5c5bf52a1da7ee0165105b85"


def spec(**kw) -> JobSpec:
    base = dict(input=f"{SHARE}/shots/sh010/comp_v003.nk", engine="nuke-16", range="1001-1100")
    base.update(kw)
    return JobSpec(**base)


def codes(findings, level=None):
    return [f.code for f in findings if level is None or f.level == level]


def only(findings, code):
    hits = [f for f in findings if f.code == code]
    assert len(hits) == 1, (code, findings)
    return hits[0]


# -- shape ---------------------------------------------------------------------------------------


def test_minimal_spec_gives_a_minimal_payload():
    data = spec().prepare().data
    assert data == {
        "name": "comp_v003.nk",
        "engine": "nuke-16",
        "input": f"{SHARE}/shots/sh010/comp_v003.nk",
        "range": "1001-1100",
        "parameters": {"input_conversion": "always"},
    }


def test_every_finding_has_code_message_and_field():
    bad = JobSpec(
        input="",
        engine="bad engine!",
        range="10-1",
        filters="ram:32",
        settings={"x y": [1]},
        envs={"1BAD": "x"},
        input_conversion="sometimes",
        remote_os="beos",
        mapped_share_paths=[{"remote": "/a", "local": f"{SHARE}/sub", "os": "Linux2"}],
        sites={"local": {"sideways": {"a": "b"}}},
        parameters={"clear_output_directory": 3},
    )
    findings = bad.validate()
    assert has_errors(findings)
    for f in findings:
        assert f.code and f.code == f.code.lower() and " " not in f.code
        assert f.message and f.field, f
    assert findings == sorted(findings, key=lambda f: ["error", "warning", "info"].index(f.level))


def test_validate_never_raises_on_wrong_types():
    weird = JobSpec(
        input=None,
        engine=None,
        range=3.5,
        filters=None,
        settings=None,
        envs=["x"],  # type: ignore
        dependencies="a.exr",
        arguments=5,
        mapped_share_paths="x",
        sites=["y"],
        parameters=["z"],
    )
    findings = weird.validate()
    assert has_errors(findings)
    assert {
        "input-missing",
        "engine-missing",
        "range-invalid",
        "settings-not-object",
        "envs-not-object",
        "dependencies-not-list",
        "arguments-invalid",
        "mapped-not-list",
        "site-settings-not-object",
        "parameters-not-object",
    } <= set(codes(findings, "error"))


def test_prepare_raises_payload_error_listing_every_blocking_finding():
    with pytest.raises(PayloadError) as exc:
        spec(engine="", range="abc").prepare()
    text = str(exc.value)
    assert "engine" in text and "range" in text
    assert exc.value.field in ("engine", "range")


def test_prepared_payload_to_json_is_the_data():
    p = spec().prepare()
    assert isinstance(p, PreparedPayload)
    assert json.loads(p.to_json()) == p.data
    assert p.findings == []


# -- name ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path, name",
    [
        (f"{SHARE}/a/x.nk", "x.nk"),
        ("C:\\projects\\nuke\\vfx\\test_v002.nk", "test_v002.nk"),
        ("/mnt/p/a/b.ma", "b.ma"),
        ("relative.nk", "relative.nk"),
        ("C:/mixed\\sep/y.hip", "y.hip"),
    ],
)
def test_name_defaults_to_the_input_file_name(path, name):
    assert default_name(path) == name
    assert spec(input=path).prepare().data["name"] == name


def test_explicit_name_wins_and_must_not_be_blank():
    assert spec(name="sh010 comp").prepare().data["name"] == "sh010 comp"
    assert codes(spec(name="  ").validate(), "error") == ["name-invalid"]


def test_input_is_required():
    assert codes(spec(input="").validate(), "error") == ["input-missing"]


# -- engine --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "engine",
    ["nuke-11", "arnold-7-maya-2024", "mantra-20.5", "a_b.c-1", "x" * 32, "5c5bf52a1da7ee0165105b85"],
)
def test_good_engine_codes(engine):
    assert not has_errors(spec(engine=engine).validate())


@pytest.mark.parametrize(
    "engine, code",
    [
        ("", "engine-missing"),
        ("nuke 16", "engine-invalid"),
        ("x" * 33, "engine-invalid"),
        ("nuke/16", "engine-invalid"),
        ("nüke", "engine-invalid"),
    ],
)
def test_bad_engine_codes(engine, code):
    f = only(spec(engine=engine).validate(), code)
    assert f.level == "error" and f.field == "engine"


def test_engine_default_buckets():
    assert engine_default_bucket("nuke-16") == 5
    assert engine_default_bucket("arnold-7-maya-2024") == 1
    assert engine_default_bucket("unreal-render-5") == 100
    assert engine_default_bucket("mantra-20.5") == 1
    assert engine_default_bucket("nuke-script-13") is None
    assert engine_default_bucket("custom") is None


def test_vray4_with_output_warns():
    f = only(spec(engine="vray-4-maya-2020", output=f"{SHARE}/out").validate(), "engine-vray4-output")
    assert f.level == "warning"


def test_per_frame_file_engines_need_a_range_and_a_printf_input():
    found = spec(engine="mantra-20.5", input="/mnt/p/shot.ifd", range=None).validate()
    assert sorted(codes(found, "warning")) == ["engine-needs-printf-input", "engine-needs-range"]
    assert codes(spec(engine="arnold-7", input="share=v/shot.%04d.ass", range="1-10").validate()) == []
    assert codes(spec(engine="arnold-7-maya-2024", input="a.ma", range=None).validate()) == []


# -- range ---------------------------------------------------------------------------------------


def test_range_is_normalised_and_accepts_a_frameset():
    assert spec(range=" 1001-1005, 1008 1009").prepare().data["range"] == "1001-1005,1008-1009"
    assert spec(range=FrameSet([1, 2, 3])).prepare().data["range"] == "1-3"
    assert "range" not in spec(range=None).prepare().data


@pytest.mark.parametrize("bad", ["10-1", "1-10x0", "abc", "1,,2", ",", ""])
def test_bad_range_is_an_error_finding_with_the_grammar_message(bad):
    f = only(spec(range=bad).validate(), "range-invalid")
    assert f.level == "error" and f.field == "range"


def test_negative_frames_warn():
    f = only(spec(range="-10-10", bucket_size=1).validate(), "range-negative")
    assert f.level == "warning" and "negative" in f.message


def test_stepped_range_with_bucket_above_one_warns():
    f = only(spec(range="1-100x5", bucket_size=5).validate(), "range-needs-bucket-1")
    assert "bucket size to 1" in f.message and "5" in f.message
    # the engine default (nuke: 5) counts when no bucket size is given
    assert "range-needs-bucket-1" in codes(spec(range="1-10,20-30").validate())
    # unknown engine default: still tell the user to set it
    assert (
        "no bucket size is set" in only(spec(engine="custom-1", range="1,3").validate(), "range-needs-bucket-1").message
    )


def test_stepped_range_with_bucket_one_is_fine():
    assert codes(spec(range="1-100x5", bucket_size=1).validate()) == []
    assert codes(spec(range="1-100x5", settings={"task_bucketsize": 1}).validate()) == []
    assert codes(spec(engine="arnold-7-maya-2024", range="1-9x2").validate()) == []


def test_validate_payload_notes_a_non_canonical_range():
    data = spec().prepare().data
    data["range"] = "1-3,4"
    assert codes(validate_payload(data)) == ["range-not-canonical"]


# -- filters -------------------------------------------------------------------------------------


def test_filters_pass_through_and_empty_filters_are_omitted():
    assert spec(filters="ram:>32g,site:sthlm").prepare().data["filters"] == "ram:>32g,site:sthlm"
    assert "filters" not in spec(filters="").prepare().data


def test_filters_spaces_are_normalised_with_info():
    p = spec(filters=" ram:>32g , site:hq ").prepare()
    assert p.data["filters"] == "ram:>32g,site:hq"
    assert only(p.findings, "filters-normalised").level == "info"


@pytest.mark.parametrize("bad", ["ram:32", "site:", "gpu:1", "ram:<1g,,site:x"])
def test_bad_filters_are_errors(bad):
    f = only(spec(filters=bad).validate(), "filters-invalid")
    assert f.field == "filters"


def test_filter_lint_warnings_reach_the_payload_findings():
    assert "filter-hostname-ambiguous" in codes(spec(filters="hostname:-my-host").validate(), "warning")


# -- settings ------------------------------------------------------------------------------------


def test_settings_values_become_strings():
    data = (
        spec(
            settings={
                "task_bucketsize": 5,
                "transfer_speedlimit": -1,
                "enable": True,
                "x": False,
                "ratio": 2.5,
                "f": -1.0,
                "s": "keep",
            }
        )
        .prepare()
        .data
    )
    assert data["settings"] == {
        "task_bucketsize": "5",
        "transfer_speedlimit": "-1",
        "enable": "true",
        "x": "false",
        "ratio": "2.5",
        "f": "-1",
        "s": "keep",
    }


def test_bucket_size_shortcut_sets_task_bucketsize():
    assert spec(bucket_size=1).prepare().data["settings"] == {"task_bucketsize": "1"}
    p = spec(bucket_size=2, settings={"task_bucketsize": 5}).prepare()
    assert p.data["settings"]["task_bucketsize"] == "2"
    assert only(p.findings, "bucket-size-overrides-setting").level == "warning"


@pytest.mark.parametrize("bad", [0, -1, True, "5"])
def test_bad_bucket_size(bad):
    assert only(spec(bucket_size=bad).validate(), "bucket-size-invalid").field == "bucket_size"


def test_bad_settings():
    found = spec(settings={"task_bucketsize": "zero", "nested": {"a": 1}, "bad key": "1"}).validate()
    assert sorted(codes(found, "error")) == [
        "bucket-size-invalid",
        "setting-name-invalid",
        "setting-not-string",
    ]


def test_validate_payload_warns_on_numeric_settings():
    data = spec().prepare().data
    data["settings"] = {"task_bucketsize": 5}
    f = only(validate_payload(data), "setting-not-string")
    assert f.level == "warning" and "'5'" in f.message


# -- envs ----------------------------------------------------------------------------------------


def test_flat_envs_pass_through_as_text():
    assert spec(envs={"A": "1", "B": 2, "C": True}).prepare().data["envs"] == {
        "A": "1",
        "B": "2",
        "C": "true",
    }


def test_per_os_envs_without_common_get_common_added_with_info():
    p = spec(envs={"linux": {"NUKE_PATH": "/mnt/tools"}}).prepare()
    assert p.data["envs"] == {"common": {}, "linux": {"NUKE_PATH": "/mnt/tools"}}
    assert list(p.data["envs"])[0] == "common"
    assert only(p.findings, "envs-common-added").level == "info"


def test_validate_payload_rejects_per_os_envs_without_common():
    data = spec().prepare().data
    data["envs"] = {"linux": {"A": "1"}}
    assert only(validate_payload(data), "envs-missing-common").level == "error"


@pytest.mark.parametrize("key", ["1A", "A-B", "A B", "", "É"])
def test_env_keys_are_validated(key):
    f = only(spec(envs={key: "x"}).validate(), "env-key-invalid")
    assert f.level == "error" and key in f.field


def test_env_keys_in_os_sections_are_validated():
    f = only(spec(envs={"common": {}, "mac": {"9X": "1"}}).validate(), "env-key-invalid")
    assert f.field == "envs.mac.9X"


@pytest.mark.parametrize(
    "os_name, value",
    [
        ("linux", "C:\\tools"),
        ("mac", "D:/nuke"),
        ("linux", "/a:C:\\b"),
        ("linux", "\\\\server\\tools"),
        ("windows", "/mnt/tools"),
        ("windows", "C:\\a;/mnt/b"),
    ],
)
def test_per_os_path_values_in_the_wrong_style_warn(os_name, value):
    f = only(spec(envs={"common": {}, os_name: {"P": value}}).validate(), "env-path-wrong-os")
    assert f.level == "warning" and f.field == f"envs.{os_name}.P"


@pytest.mark.parametrize(
    "os_name, value",
    [
        ("linux", "/mnt/tools:/opt/x"),
        ("mac", "/Volumes/t"),
        ("windows", "C:\\tools;D:/x"),
        ("windows", "\\\\srv\\share"),
        ("linux", "true"),
        ("windows", "https://x/y"),
    ],
)
def test_per_os_path_values_in_the_right_style_pass(os_name, value):
    assert codes(spec(envs={"common": {}, os_name: {"P": value}}).validate()) == []


def test_mixed_flat_and_per_os_envs_is_an_error():
    f = only(spec(envs={"common": {}, "linux": {"A": "1"}, "B": "2"}).validate(), "envs-mixed-forms")
    assert f.field == "envs.B"


def test_dict_value_in_flat_envs_is_an_error():
    data = spec().prepare().data
    data["envs"] = {"X": {"a": "b"}}
    assert only(validate_payload(data), "env-value-not-string").level == "error"


# -- parameters: input_conversion, remote_os, arguments -------------------------------------------


@pytest.mark.parametrize("value", ["always", "platform", "never"])
def test_input_conversion_values(value):
    p = spec(input_conversion=value, remote_os="linux").prepare()
    assert p.data["parameters"]["input_conversion"] == value


def test_input_conversion_auto_is_accepted_with_info():
    assert only(spec(input_conversion="auto").validate(), "input-conversion-auto").level == "info"


def test_input_conversion_is_lowercased_with_info():
    p = spec(input_conversion="Always").prepare()
    assert p.data["parameters"]["input_conversion"] == "always"
    assert only(p.findings, "input-conversion-lowercased").level == "info"


@pytest.mark.parametrize("bad", ["sometimes", "", None, True])
def test_bad_input_conversion(bad):
    assert only(spec(input_conversion=bad).validate(), "input-conversion-invalid").level == "error"


def test_absent_input_conversion_means_no_conversion_and_warns():
    data = spec().prepare().data
    del data["parameters"]["input_conversion"]
    f = only(validate_payload(data), "input-conversion-missing")
    assert f.level == "warning" and "no paths" in f.message


def test_platform_mode_needs_remote_os():
    assert only(spec(input_conversion="platform").validate(), "remote-os-missing").level == "warning"


def test_remote_os_is_normalised_or_rejected():
    p = spec(remote_os="Windows").prepare()
    assert p.data["parameters"]["remote_os"] == "windows"
    assert only(p.findings, "remote-os-lowercased").level == "info"
    assert only(spec(remote_os="darwin").validate(), "remote-os-invalid").field == "parameters.remote_os"
    for good in ("windows", "mac", "linux"):
        assert codes(spec(remote_os=good).validate()) == []


def test_arguments_string_or_list():
    assert spec(arguments="-txV").prepare().data["parameters"]["arguments"] == "-txV"
    assert spec(arguments=["-t", "-x"]).prepare().data["parameters"]["arguments"] == ["-t", "-x"]
    assert only(spec(arguments=[1]).validate(), "arguments-invalid").level == "error"


def test_vray_engines_need_string_arguments():
    f = only(spec(engine="vray-5-maya-2022", arguments=["-r", "vray"]).validate(), "arguments-vray-string")
    assert "'-r vray'" in f.message and f.field == "parameters.arguments"
    assert codes(spec(engine="vray-5-maya-2022", arguments="-r vray", range="1-10").validate()) == []


# -- parameters: extra engine parameters ----------------------------------------------------------


def test_extra_parameters_pass_through():
    data = (
        spec(
            parameters={
                "project": f"{SHARE}/maya",
                "renderlayer": "beauty",
                "accsyn_dcc_submission": "20261201-abc",
            }
        )
        .prepare()
        .data
    )
    assert data["parameters"]["renderlayer"] == "beauty"
    assert data["parameters"]["accsyn_dcc_submission"] == "20261201-abc"


def test_parameters_that_have_their_own_field_are_errors():
    f = only(spec(parameters={"remote_os": "linux"}).validate(), "parameter-has-own-field")
    assert "JobSpec.remote_os" in f.message
    assert "JobSpec.sites" in only(spec(parameters={"site": {}}).validate(), "parameter-has-own-field").message


@pytest.mark.parametrize("value", ["true", "false", "site:hq", "!site:hq"])
def test_clear_output_directory_string_forms(value):
    p = spec(parameters={"clear_output_directory": value}).prepare()
    assert p.data["parameters"]["clear_output_directory"] == value


def test_clear_output_directory_bool_is_converted_with_a_finding():
    p = spec(parameters={"clear_output_directory": True}).prepare()
    assert p.data["parameters"]["clear_output_directory"] == "true"
    assert only(p.findings, "clear-output-bool-converted").level == "warning"
    assert (
        spec(parameters={"clear_output_directory": False}).prepare().data["parameters"]["clear_output_directory"]
        == "false"
    )


@pytest.mark.parametrize("bad", ["yes", "site:", 1, "TRUE"])
def test_bad_clear_output_directory(bad):
    assert only(spec(parameters={"clear_output_directory": bad}).validate(), "clear-output-invalid").level == "error"


def test_validate_payload_rejects_a_boolean_clear_output_directory():
    data = spec().prepare().data
    data["parameters"]["clear_output_directory"] = True
    assert "boolean" in only(validate_payload(data), "clear-output-invalid").message


# -- paths and wire-level checks ------------------------------------------------------------------


def test_dependencies():
    assert spec(dependencies=["a.exr", "b.exr"]).prepare().data["dependencies"] == ["a.exr", "b.exr"]
    assert "dependencies" not in spec().prepare().data
    assert only(spec(dependencies=["a", ""]).validate(), "dependency-invalid").field == "dependencies[1]"
    assert only(spec(dependencies=["a", "a"]).validate(), "dependency-duplicate").level == "info"


def test_output_must_be_text():
    assert only(spec(output="").validate(), "output-invalid").level == "error"


def test_validate_payload_on_odd_dicts():
    assert codes(validate_payload([])) == ["payload-not-object"]
    data = spec().prepare().data
    data["app"] = data.pop("engine")
    data["bogus"] = 1
    found = validate_payload(data)
    assert "old-field-name" in codes(found, "info") and "unknown-field" in codes(found, "warning")
    assert not has_errors(found)
    data["parameters"] = []
    assert "parameters-not-object" in codes(validate_payload(data))


# -- to_dict / from_dict ---------------------------------------------------------------------------


def test_to_dict_from_dict_round_trip_and_copy():
    s = spec(range=FrameSet("1-5"), envs={"linux": {"A": "1"}}, sites={"hq": {"common": {"x": 1}}})
    d = s.to_dict()
    assert d["range"] == "1-5"
    json.dumps(d)
    again = JobSpec.from_dict(d)
    assert again.prepare().data == s.prepare().data
    d["envs"]["linux"]["A"] = "changed"
    assert s.envs["linux"]["A"] == "1"


def test_from_dict_ignores_unknown_keys_and_defaults_input():
    s = JobSpec.from_dict({"engine": "nuke-16", "future_option": 1})
    assert s.input == "" and s.engine == "nuke-16"


def test_local_site_help_explains_the_swap():
    assert "upload" in LOCAL_SITE_HELP and "download" in LOCAL_SITE_HELP and "roaming" in LOCAL_SITE_HELP


# -- properties ----------------------------------------------------------------------------------

setting_names = st.from_regex(r"[a-z][a-z0-9_]{0,15}", fullmatch=True).filter(lambda k: k != "task_bucketsize")
setting_values = st.one_of(
    st.integers(-5, 10**6),
    st.booleans(),
    st.text("abc-_.", max_size=5),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
)
env_names = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,10}", fullmatch=True)
env_values = st.one_of(st.integers(), st.booleans(), st.text(st.characters(blacklist_categories=("Cs",)), max_size=8))


@given(st.dictionaries(setting_names, setting_values, max_size=6), st.integers(1, 100))
def test_any_scalar_settings_go_out_as_text(settings, bucket):
    p = spec(settings=settings, bucket_size=bucket).prepare()
    assert all(isinstance(v, str) for v in p.data["settings"].values())
    assert p.data["settings"]["task_bucketsize"] == str(bucket)
    assert not [f for f in validate_payload(p.data) if f.code == "setting-not-string"]


@given(
    st.dictionaries(
        st.sampled_from(["linux", "mac", "windows"]),
        st.dictionaries(env_names, env_values, max_size=3),
        min_size=1,
    )
)
def test_any_per_os_envs_get_common_and_text_values(per_os):
    p = spec(envs=per_os).prepare()
    envs = p.data["envs"]
    assert "common" in envs and set(envs) == {"common", *per_os}
    assert all(isinstance(v, str) for section in envs.values() for v in section.values())
    assert not [f for f in validate_payload(p.data) if f.level == "error"]


@given(st.sets(st.integers(0, 5000), min_size=1, max_size=50), st.integers(1, 10))
def test_any_frame_set_prepares_to_its_canonical_text(frames, bucket):
    fs = FrameSet(frames)
    p = spec(range=", ".join(map(str, sorted(frames))), bucket_size=bucket).prepare()
    assert p.data["range"] == str(fs)
    stepped = [f.code for f in p.findings if f.code == "range-needs-bucket-1"]
    assert bool(stepped) == (not fs.is_contiguous and bucket != 1)


@given(
    st.builds(
        lambda e, n, f: spec(engine=e, name=n, filters=f),
        st.from_regex(r"[A-Za-z0-9_.-]{1,32}", fullmatch=True),
        st.one_of(st.none(), st.text(min_size=1, max_size=20).filter(str.strip)),
        st.sampled_from(["", "ram:<32g", "site:hq,site:-x", "hostname:+a+b"]),
    )
)
def test_spec_dict_round_trip_keeps_the_payload(s):
    assert JobSpec.from_dict(s.to_dict()).prepare().data == s.prepare().data
