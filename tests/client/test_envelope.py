"""Pure pieces: the envelope, the gzip rule, query parsing, auth header, retry timing, proxy grammar."""

from __future__ import annotations

import datetime
import re

import pytest

from accsyn_dcc.core.client import envelope
from accsyn_dcc.core.client.engines import check_engine
from accsyn_dcc.core.client.retry import RetryPolicy, parse_retry_after
from accsyn_dcc.core.client.transport import proxy_url
from accsyn_dcc.core.errors import ClientError, InputError, PayloadError


def test_authorization_is_per_part_base64_as_verified_on_the_wire():
    assert envelope.auth_headers("u@x.com", "KEY123", "MyWS") == {
        "Authorization": "basic dUB4LmNvbQ==:S0VZMTIz",
        "X-Accsyn-Workspace": "MyWS",
    }


def test_event_fields_and_order():
    ev = envelope.build_event(uri="compute/find", data={}, workspace="ws", session_id="s", username="u", query="a=b")
    assert list(ev) == [
        "audience",
        "workspace",
        "eid",
        "session",
        "uri",
        "ident",
        "created",
        "hostname",
        "data",
        "query",
    ]
    assert ev["audience"] == "api" and ev["data"] == {}
    assert re.match(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$", ev["created"])
    assert "id" not in envelope.build_event(uri="x", data=None, workspace="w", session_id="s", username="u")


def test_large_data_travels_gzipped_and_round_trips():
    data = {"dependencies": ["x" * 1000] * 103}
    assert envelope.estimate_size(data) > envelope.COMPRESS_THRESHOLD
    ev = envelope.build_event(uri="compute/create", data=data, workspace="w", session_id="s", username="u")
    assert "data" not in ev and len(ev["gz_data"]) < 2000
    assert envelope.decode_event(envelope.dumps(ev))["data"] == data
    small = {"dependencies": ["x" * 1000] * 10}
    assert "data" in envelope.build_event(uri="c", data=small, workspace="w", session_id="s", username="u")


def test_size_estimate_copies_the_official_heuristic():
    assert envelope.estimate_size({"ab": "xyz", "n": 5, "z": None, "l": [1, "q"]}) == 2 + 3 + 1 + 10 + 1 + 1 + 10 + 1


def test_get_query_string_is_the_percent_encoded_json():
    assert envelope.encode_query({"ident": "MyWS"}) == "%7B%22ident%22%3A%20%22MyWS%22%7D"
    assert "/" in envelope.encode_query({"p": "a/b"})


@pytest.mark.parametrize(
    "query,expected",
    [
        ("Compute", ("compute", None)),
        ("Compute WHERE name='Shot 010'", ("compute", "name='Shot 010'")),
        ("  Task   where  status=failed  ", ("task", "status=failed")),
        ('Compute WHERE name="A  B" AND (x=1 OR  y=2)', ("compute", 'name="A  B" AND (x=1 OR  y=2)')),
    ],
)
def test_parse_query_lowercases_only_the_entity_type(query, expected):
    assert envelope.parse_query(query) == expected


@pytest.mark.parametrize("query", ["", "Compute name=x", "Compute WHERE"])
def test_bad_queries_are_input_errors(query):
    with pytest.raises(InputError):
        envelope.parse_query(query)


def test_retry_after_forms():
    now = datetime.datetime(2026, 1, 1, 12, 0, 0, tzinfo=datetime.timezone.utc)
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after("0.25") == 0.25
    assert parse_retry_after("Thu, 01 Jan 2026 12:00:30 GMT", now=now) == 30.0
    assert parse_retry_after("garbage") is None and parse_retry_after(None) is None


def test_backoff_grows_and_is_capped():
    policy = RetryPolicy(backoff=1.0, max_backoff=4.0, jitter=0.0)
    assert [policy.delay(n) for n in (1, 2, 3, 4, 5)] == [1.0, 2.0, 4.0, 4.0, 4.0]
    assert policy.delay(1, retry_after=9.0) == 9.0


def test_proxy_grammar_keeps_tls():
    assert proxy_url("proxy.studio:3128") == "http://proxy.studio:3128"
    assert proxy_url("accsyn:proxy.studio:8080") == "http://proxy.studio:8080"
    assert proxy_url("socks5:127.0.0.1:1080") == "socks5h://127.0.0.1:1080"
    assert proxy_url("proxy.studio") == "http://proxy.studio:80"
    assert proxy_url(None) is None
    with pytest.raises(ClientError, match="cannot understand the proxy"):
        proxy_url("socks4:h:1")


def test_engine_check_suggests_close_codes():
    engines = [
        {"id": "1", "code": "nuke-14"},
        {"id": "2", "code": "nuke-16"},
        {"id": "3", "code": "blender-3.1.2"},
    ]
    assert check_engine("nuke-16", engines)["id"] == "2"
    assert check_engine("3", engines)["code"] == "blender-3.1.2"
    with pytest.raises(PayloadError) as info:
        check_engine("Nuke-15", engines)
    assert "Did you mean nuke-16 or nuke-14?" in str(info.value)  # closest first
    with pytest.raises(PayloadError, match="Choose one of: blender-3.1.2, nuke-14, nuke-16"):
        check_engine("houdini", engines)
    with pytest.raises(PayloadError, match="has no engines"):
        check_engine("nuke-16", [])
