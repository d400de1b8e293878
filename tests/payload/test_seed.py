"""The seed's own Nuke example (shared/seed/render-jobs.txt): validated as given, and rebuilt with
JobSpec field by field. The seed uses engine "nuke-11"."""

from __future__ import annotations

import json

import pytest

from accsyn_dcc.core.findings import has_errors
from accsyn_dcc.core.payload import JobSpec, validate_payload

# Transcribed literally from the seed (Python literal; the trailing comma in the list is the seed's).
SEED = {
    "name": "test_v002.nk render",
    "input": "C:\\projects\\nuke\\vfx\\test_v002.nk",
    "parameters": {
        "input_conversion": "always",
        "arguments": "-txV",
        "remote_os": "windows",
        "mapped_share_paths": [
            {"remote": "C:\\projects", "local": "share=5c5bf52a1da7ee0165105b85"},
            {"remote": "E:\\tools", "local": "N:\\tools", "os": "windows"},
        ],
        "site": {
            "local": {
                "settings": {
                    "download": {"enable": "false"},
                    "upload": {"task_bucketsize": "1"},
                    "common": {"transfer_speedlimit": "2"},
                }
            }
        },
    },
    "engine": "nuke-11",
    "range": "1001-1100",
    "dependencies": ["C:\\projects\\nuke\\src\\vh_gridtest.0099.jpg"],
    "filters": "ram:>32g,site:sthlm",
    "output": "C:\\projects\\nuke\\output",
    "settings": {"task_bucketsize": "5", "transfer_speedlimit": "-1"},
    "envs": {
        "common": {"FOUNDRY_LICENSE_DEBUG": "true"},
        "linux": {"NUKE_PATH": "/projects/nuke/src"},
        "mac": {"NUKE_PATH": "/projects/nuke/src"},
        "windows": {"NUKE_PATH": "C:\\projects\\nuke\\src"},
    },
}


def seed_spec() -> JobSpec:
    """The seed, typed: ints and bools where a user would type them, the sites without "settings"."""
    return JobSpec(
        input="C:\\projects\\nuke\\vfx\\test_v002.nk",
        engine="nuke-11",
        name="test_v002.nk render",
        output="C:\\projects\\nuke\\output",
        range="1001-1100",
        dependencies=["C:\\projects\\nuke\\src\\vh_gridtest.0099.jpg"],
        filters="ram:>32g,site:sthlm",
        settings={"task_bucketsize": 5, "transfer_speedlimit": -1},
        envs={
            "common": {"FOUNDRY_LICENSE_DEBUG": True},
            "linux": {"NUKE_PATH": "/projects/nuke/src"},
            "mac": {"NUKE_PATH": "/projects/nuke/src"},
            "windows": {"NUKE_PATH": "C:\\projects\\nuke\\src"},
        },
        arguments="-txV",
        input_conversion="always",
        remote_os="windows",
        mapped_share_paths=[
            {"remote": "C:\\projects", "local": "share=5c5bf52a1da7ee0165105b85"},
            {"remote": "E:\\tools", "local": "N:\\tools", "os": "windows"},
        ],
        sites={
            "local": {
                "download": {"enable": False},
                "upload": {"task_bucketsize": 1},
                "common": {"transfer_speedlimit": 2},
            }
        },
    )


def test_the_seed_itself_validates_without_errors():
    findings = validate_payload(SEED)
    assert not has_errors(findings), findings
    # The only warnings: both remotes use backslashes, which scene text rewriting matches only verbatim.
    assert sorted(f.code for f in findings if f.level == "warning") == ["mapped-backslash-remote"] * 2


def test_jobspec_builds_the_seed_exactly():
    prepared = seed_spec().prepare()
    assert prepared.data == SEED
    assert json.loads(prepared.to_json()) == SEED


@pytest.mark.parametrize("key", sorted(SEED))
def test_jobspec_matches_the_seed_field_by_field(key):
    assert seed_spec().prepare().data[key] == SEED[key]


@pytest.mark.parametrize("key", sorted(SEED["parameters"]))
def test_jobspec_matches_the_seed_parameters_one_by_one(key):
    assert seed_spec().prepare().data["parameters"][key] == SEED["parameters"][key]


def test_seed_findings_from_the_builder_are_the_validators_plus_the_local_site_note():
    findings = seed_spec().prepare().findings
    assert {f.code for f in findings} == {"mapped-backslash-remote", "site-local-roaming-only"}


def test_seed_wire_values_are_strings():
    data = seed_spec().prepare().data
    assert data["settings"] == {"task_bucketsize": "5", "transfer_speedlimit": "-1"}
    assert data["envs"]["common"] == {"FOUNDRY_LICENSE_DEBUG": "true"}
    local = data["parameters"]["site"]["local"]["settings"]
    assert local["download"]["enable"] == "false" and local["upload"]["task_bucketsize"] == "1"


def test_the_wire_form_of_sites_is_accepted_too():
    spec = seed_spec()
    spec.sites = json.loads(json.dumps(SEED["parameters"]["site"]))
    assert spec.prepare().data == SEED


def test_spec_round_trips_through_to_dict():
    spec = seed_spec()
    again = JobSpec.from_dict(json.loads(json.dumps(spec.to_dict())))
    assert again == spec
    assert again.prepare().data == SEED
