"""parameters.mapped_share_paths rules: P1-P6 from ACCSYN_API.md 7.2, through JobSpec and on the wire."""

from __future__ import annotations

import pytest

from accsyn_dcc.core.mapped_paths import check_mapped_share_paths, is_accsyn_path
from accsyn_dcc.core.payload import JobSpec

VOL = "share=5c5bf52a1da7ee0165105b85"


def check(entries, paths=()):
    return check_mapped_share_paths(entries, paths)


def codes(findings, level=None):
    return [f.code for f in findings if level is None or f.level == level]


def test_good_entries_pass():
    assert check([{"remote": "/mnt/projects", "local": VOL}]) == []
    assert (
        check([{"remote": "/Volumes/p", "local": VOL, "os": "mac"}, {"remote": "E:/tools", "local": "N:/tools"}]) == []
    )
    assert check([]) == []


def test_local_with_a_sub_path_is_an_error_with_the_fix():
    (f,) = check([{"remote": "/mnt/projects/shots", "local": f"{VOL}/shots"}])
    assert f.code == "mapped-local-subpath" and f.level == "error"
    assert repr(VOL) in f.message and f.field == "parameters.mapped_share_paths[0].local"
    assert codes(check([{"remote": "/p", "local": "volume=abc/x"}])) == ["mapped-local-subpath"]


@pytest.mark.parametrize("os_name", ["Windows", "LINUX", "Mac"])
def test_os_must_be_lowercase(os_name):
    (f,) = check([{"remote": "/a", "local": VOL, "os": os_name}])
    assert f.code == "mapped-os-invalid" and repr(os_name.lower()) in f.message


@pytest.mark.parametrize("os_name", ["win", "", 1, "darwin"])
def test_os_must_be_known(os_name):
    assert codes(check([{"remote": "/a", "local": VOL, "os": os_name}])) == ["mapped-os-invalid"]


def test_jobspec_lowercases_os_with_info():
    spec = JobSpec(input="a.nk", engine="nuke-16", mapped_share_paths=[{"remote": "/a", "local": VOL, "os": "Linux"}])
    p = spec.prepare()
    assert p.data["parameters"]["mapped_share_paths"] == [{"remote": "/a", "local": VOL, "os": "linux"}]
    assert codes(p.findings) == ["mapped-os-lowercased"]


@pytest.mark.parametrize(
    "remote, local",
    [("/projects", "/projects2"), ("/Proj", "/proj"), ("C:\\p", "C:/p/sub"), ("/a", "/b/a/c"), ("/x/", "/X")],
)
def test_targets_containing_the_source_loop_forever(remote, local):
    (f,) = check([{"remote": remote, "local": local}])
    assert f.code == "mapped-replacement-loops" and f.level == "error" and "hangs" in f.message


def test_mapping_to_itself_is_a_no_op_warning():
    assert codes(check([{"remote": "/a", "local": "/a"}])) == ["mapped-noop"]


def test_missing_or_wrong_keys():
    assert codes(check([{"remote": "/a"}])) == ["mapped-missing-field"]
    assert codes(check([{"local": VOL}])) == ["mapped-missing-field"]
    assert codes(check([{"remote": "/a", "global": VOL}])) == ["mapped-global-key", "mapped-missing-field"]
    assert codes(check([{"remote": "/a", "local": VOL, "extra": 1}])) == ["mapped-unknown-key"]
    assert codes(check(["x"])) == ["mapped-entry-not-object"]
    assert codes(check({"remote": "/a"})) == ["mapped-not-list"]


def test_backslash_remote_warns_unless_the_forward_form_is_also_mapped():
    (f,) = check([{"remote": "C:\\projects", "local": VOL}])
    assert f.code == "mapped-backslash-remote" and f.level == "warning" and "'C:/projects'" in f.message
    assert check([{"remote": "C:\\projects", "local": VOL}, {"remote": "C:/projects", "local": VOL}]) == []


def test_prefix_of_a_sibling_folder_warns():
    found = check([{"remote": "/mnt/proj", "local": VOL}], paths=["/mnt/projX/a.exr"])
    assert codes(found) == ["mapped-prefix-of-sibling"]
    assert check([{"remote": "/mnt/proj", "local": VOL}], paths=["/mnt/proj/a.exr", "/mnt/proj"]) == []
    assert codes(check([{"remote": "/mnt/projX", "local": VOL}, {"remote": "/mnt/proj", "local": "/x"}])) == [
        "mapped-prefix-of-sibling"
    ]


def test_shorter_prefix_listed_first_shadows_the_longer():
    entries = [{"remote": "/mnt/p", "local": VOL}, {"remote": "/mnt/p/sub", "local": "share=other"}]
    assert codes(check(entries)) == ["mapped-shadowed"]
    assert check(list(reversed(entries))) == []


def test_payload_paths_are_checked_for_siblings():
    spec = JobSpec(
        input="/mnt/projX/a.nk", engine="nuke-16", mapped_share_paths=[{"remote": "/mnt/proj", "local": VOL}]
    )
    assert "mapped-prefix-of-sibling" in codes(spec.validate(), "warning")


def test_is_accsyn_path():
    assert is_accsyn_path("share=x/a") and is_accsyn_path("VOLUME=x") and is_accsyn_path("home=u/x")
    assert not is_accsyn_path("/mnt/share=x") and not is_accsyn_path("shares/x")
