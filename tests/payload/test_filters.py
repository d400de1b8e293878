"""Farm filters: every documented form round-trips byte-identical; malformed ones say what is right."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accsyn_dcc.core.errors import FilterError, InputError
from accsyn_dcc.core.filters import (
    Filter,
    FilterList,
    lint_filters,
    normalise_filters_text,
    parse_filters,
)

DOCUMENTED = [
    "ram:<32g",
    "ram:>64g",
    "hostname:+myhostname",
    "hostname:-myhostname",
    "hostname:-myhostname1-myhostname2",
    "site:sthlm",
    "site:-sthlm",
    "site:hq+linux",
    "ram:>32g,site:sthlm",
    "ram:<1.5g",
    "ram:>512m",
    "hostname:+a+b",
    "hostname:+5c5bf52a1da7ee0165105b85",
    "site:+hq",
    "site:-a-b",
]


@pytest.mark.parametrize("text", DOCUMENTED)
def test_documented_forms_round_trip_byte_identical(text):
    fl = parse_filters(text)
    assert str(fl) == text
    assert parse_filters(str(fl)) == fl


def test_empty_string_means_no_filters():
    fl = parse_filters("")
    assert len(fl) == 0 and str(fl) == "" and list(fl) == []


def test_parsed_objects():
    ram, host, site = parse_filters("ram:<32g,hostname:-h1-h2,site:hq+linux")
    assert (ram.kind, ram.op, ram.values) == ("ram", "<", ("32g",))
    assert ram.ram_bytes == 32 * 1024**3
    assert (host.kind, host.op, host.values, host.excludes) == ("hostname", "-", ("h1", "h2"), True)
    assert (site.kind, site.op, site.values, site.excludes) == ("site", "", ("hq", "linux"), False)
    assert parse_filters("site:-x")[0].excludes
    assert site.expr == "hq+linux"


def test_filter_list_is_a_sequence():
    fl = parse_filters("ram:<32g,site:hq,site:-x")
    assert len(fl) == 3
    assert isinstance(fl[0], Filter)
    assert isinstance(fl[1:], FilterList) and str(fl[1:]) == "site:hq,site:-x"
    assert str(fl.of_kind("site")) == "site:hq,site:-x"
    assert repr(fl) == "FilterList('ram:<32g,site:hq,site:-x')"
    assert hash(fl) == hash(parse_filters(str(fl)))


def test_filter_make_and_parse():
    assert str(Filter.make("ram", "<", "32g")) == "ram:<32g"
    assert str(Filter.make("hostname", "-", "a", "b")) == "hostname:-a-b"
    assert str(Filter.make("site", "", "hq", "linux")) == "site:hq+linux"
    assert Filter.parse("site:-x") == Filter("site", "-", ("x",))
    with pytest.raises(FilterError):
        Filter.make("ram", "=", "32g")


def test_ram_bytes_only_for_ram():
    with pytest.raises(AttributeError):
        _ = parse_filters("site:x")[0].ram_bytes


@pytest.mark.parametrize(
    "text, says, hint",
    [
        ("ram:32", "'<' or '>'", "ram:<32g"),
        ("ram:32", "unit such as 32g", "ram:>32g"),
        ("ram:32g", "'<' or '>'", "ram:<32g"),
        ("ram:<32", "unit", "ram:<32g"),
        ("ram:>=32g", "unit", "ram:"),
        ("ram:", "'<' or '>'", "ram:<"),
        ("ram:<32x", "unit", "ram:<32g"),
        ("site:", "names no site", "site:hq"),
        ("site:-", "empty site name", "site:"),
        ("site:hq++linux", "empty site name", "site:"),
        ("site:h q", "spaces", "site:hq"),
        ("site:hq/x", "not a site name", "letters"),
        ("foo:bar", "unknown filter kind 'foo'", "ram, hostname, site"),
        ("RAM:<32g", "unknown filter kind 'RAM'", "ram:<32g"),
        ("ram", "no 'kind:'", "ram, hostname, site"),
        (",", "empty entry", "commas"),
        ("ram:<32g,,site:x", "empty entry", "commas"),
        ("ram:<32g,", "empty entry", "commas"),
        (",ram:<32g", "empty entry", "commas"),
        ("ram:<32g, site:x", "spaces", "site:x"),
        ("   ", "only spaces", "empty"),
        ("hostname:myhost", "'+' (include only) or '-' (exclude)", "hostname:+myhost"),
        ("hostname:", "'+' (include only) or '-' (exclude)", "hostname:+"),
        ("hostname:-", "empty hostname name", "hostname:-a-b"),
        ("hostname:-a--b", "empty hostname name", "hostname:"),
        ("hostname:+a+", "empty hostname name", "hostname:"),
    ],
)
def test_malformed_filters_raise_precise_errors(text, says, hint):
    with pytest.raises(FilterError) as exc:
        parse_filters(text)
    err = exc.value
    assert err.field == "filters"
    assert says in err.message, err.message
    assert hint in (err.hint or ""), err.hint
    assert isinstance(err, InputError)


def test_non_text_is_a_filter_error():
    with pytest.raises(FilterError):
        parse_filters(None)  # type: ignore[arg-type]


def test_normalise_filters_text_drops_spaces_around_commas():
    assert normalise_filters_text(" ram:<32g , site:x ") == "ram:<32g,site:x"
    assert normalise_filters_text("   ") == ""
    assert normalise_filters_text("") == ""


# -- lint ----------------------------------------------------------------------------------------


def codes(findings):
    return [f.code for f in findings]


def test_hostname_with_dash_is_flagged_ambiguous():
    assert codes(lint_filters(parse_filters("hostname:-my-host"))) == ["filter-hostname-ambiguous"]
    assert codes(lint_filters(parse_filters("hostname:+render-01"))) == ["filter-hostname-ambiguous"]
    assert lint_filters(parse_filters("hostname:-h1,hostname:+h2")) == []
    f = lint_filters(parse_filters("hostname:-my-host"))[0]
    assert f.level == "warning" and f.field == "filters" and "id" in f.message


def test_impossible_ram_and_site_conflicts():
    assert codes(lint_filters(parse_filters("ram:>64g,ram:<32g"))) == ["filter-ram-impossible"]
    assert lint_filters(parse_filters("ram:>16g,ram:<32g")) == []
    assert codes(lint_filters(parse_filters("site:hq,site:-hq"))) == ["filter-site-conflict"]
    assert lint_filters(parse_filters("ram:>32g,site:sthlm")) == []


# -- properties ----------------------------------------------------------------------------------

name = st.from_regex(r"[A-Za-z0-9_.]{1,12}", fullmatch=True)
dashed_name = st.from_regex(r"[A-Za-z0-9_.][A-Za-z0-9_.-]{0,10}[A-Za-z0-9_.]", fullmatch=True)
ram = st.builds(
    lambda op, n, u: f"ram:{op}{n}{u}",
    st.sampled_from("<>"),
    st.integers(1, 4096),
    st.sampled_from("kmgtKMGT"),
)
hostname = st.builds(
    lambda op, names: f"hostname:{op}{op.join(names)}",
    st.sampled_from("+-"),
    st.lists(name, min_size=1, max_size=4),
)
site_only = st.builds(lambda names: "site:" + "+".join(names), st.lists(dashed_name, min_size=1, max_size=3))
site_excl = st.builds(lambda names: "site:-" + "-".join(names), st.lists(name, min_size=1, max_size=3))
entry = st.one_of(ram, hostname, site_only, site_excl)


@given(st.lists(entry, min_size=1, max_size=6).map(",".join))
def test_generated_valid_filters_round_trip(text):
    fl = parse_filters(text)
    assert str(fl) == text
    assert len(fl) == text.count(",") + 1
    assert parse_filters(str(fl)) == fl


@given(st.lists(entry, min_size=1, max_size=4))
def test_filter_objects_format_to_their_entries(entries):
    for e, f in zip(entries, parse_filters(",".join(entries))):
        assert str(f) == e
        assert Filter.make(f.kind, f.op, *f.values) == f
