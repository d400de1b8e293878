"""The accsyn event envelope, built as the official client (accsyn-python-api 3.4.0) builds it.

Pure functions, no I/O: headers, the envelope dict, the gzip rule for large ``data``, the wire
encoding (body for POST/PUT, raw percent-encoded query for GET/DELETE) and query parsing.
See ACCSYN_API.md sections 1-3. Deliberate differences from the official client: the query
expression keeps its case (D9) and the key is never part of anything this module returns except
:func:`auth_headers`.
"""

from __future__ import annotations

import base64
import datetime
import gzip
import json
import os
import socket
import sys
import urllib.parse
import uuid
from typing import Any, Dict, Optional, Tuple

#: ``data`` whose size estimate exceeds this is sent gzipped as ``gz_data`` (same rule as 3.4.0).
COMPRESS_THRESHOLD = 100 * 1024
#: Path of the workspace lookup on the master host.
LOOKUP_PATH = "J3PKTtDvolDMBtTy6AFGA"
API_PREFIX = "/api/v3"


def b64(text: str) -> str:
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


def auth_headers(username: str, api_key: str, workspace: str) -> Dict[str, str]:
    """``Authorization`` (accsyn's per-part Base64 scheme, not RFC 7617) and ``X-Accsyn-Workspace``."""
    return {"Authorization": f"basic {b64(username)}:{b64(api_key)}", "X-Accsyn-Workspace": workspace}


def device_header(version: str) -> Dict[str, str]:
    return {"X-Accsyn-Device": f"accsyn-dcc v{version} @ {sys.platform} {socket.gethostname()}({os.name})"}


def _json_default(obj: Any) -> Any:
    if isinstance(obj, datetime.datetime):
        if obj.tzinfo is None:
            obj = obj.astimezone()
        return obj.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
    if isinstance(obj, datetime.date):
        return obj.strftime("%Y-%m-%dT%H:%M:%S")
    raise TypeError(f"{type(obj).__name__} is not JSON serialisable")


def dumps(obj: Any) -> str:
    """JSON text exactly as the official client writes it (``json.dumps`` defaults)."""
    return json.dumps(obj, default=_json_default)


def estimate_size(obj: Any) -> int:
    """The official client's size estimate (not a byte count): keys + strings, 10 per scalar."""
    if obj is None:
        return 0
    if isinstance(obj, dict):
        return sum(len(str(k)) + estimate_size(v) for k, v in obj.items())
    if isinstance(obj, list):
        return sum(estimate_size(v) for v in obj)
    if isinstance(obj, str):
        return len(obj)
    return 10


def gzip_data(data: Any) -> str:
    """``base64(gzip(json(data)))``. mtime is fixed so equal data gives equal bytes."""
    raw = gzip.compress(dumps(data).encode("ascii"), mtime=0)
    return base64.b64encode(raw).decode("ascii")


def utc_now_text() -> str:
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")


def build_event(
    *,
    uri: str,
    data: Any,
    workspace: str,
    session_id: str,
    username: str,
    query: Optional[str] = None,
    entityid: Optional[str] = None,
) -> Dict[str, Any]:
    """One event, field for field as the official client sends it."""
    event: Dict[str, Any] = {
        "audience": "api",
        "workspace": workspace,
        "eid": str(uuid.uuid4()),
        "session": session_id,
        "uri": uri,
        "ident": username,
        "created": utc_now_text(),
        "hostname": socket.gethostname(),
    }
    if data is not None and len(data) > 0 and estimate_size(data) > COMPRESS_THRESHOLD:
        event["gz_data"] = gzip_data(data)
    else:
        event["data"] = data
    if query:
        event["query"] = query
    if entityid:
        event["id"] = entityid
    return event


def encode_query(obj: Any) -> str:
    """The whole query string of a GET/DELETE: the percent-encoded JSON text (only ``/`` kept)."""
    return urllib.parse.quote(dumps(obj))


def decode_event(text: str) -> Any:
    """Inverse of the wire encoding, for tests and tools: JSON text, with ``gz_data`` unpacked."""
    event = json.loads(text)
    if isinstance(event, dict) and "gz_data" in event:
        event = dict(event)
        event["data"] = json.loads(gzip.decompress(base64.b64decode(event.pop("gz_data"))))
    return event


def parse_query(query: str) -> Tuple[str, Optional[str]]:
    """``"Compute WHERE name='x'"`` -> ``("compute", "name='x'")``; ``"Engine"`` -> ``("engine", None)``.

    Whitespace outside double quotes and parentheses is collapsed as the official client does, but
    the expression keeps its case (the official client lowercases it, defect D9).
    """
    from accsyn_dcc.core.errors import InputError

    text = (query or "").replace("\t", " ").replace("\n", "").strip()
    parts = []
    start = 0
    quoted = False
    depth = 0
    for idx, ch in enumerate(text):
        if ch == '"':
            quoted = not quoted
        elif ch == "(" and not quoted:
            depth += 1
        elif ch == ")" and not quoted:
            depth -= 1
        elif ch == " " and not quoted and depth == 0:
            if start < idx:
                parts.append(text[start:idx])
            start = idx + 1
    if start < len(text):
        parts.append(text[start:])
    if not parts:
        raise InputError("empty query", hint='Write "<entitytype>" or "<entitytype> WHERE <expression>"')
    if len(parts) == 1:
        return parts[0].lower(), None
    if len(parts) < 3 or parts[1].lower() != "where":
        raise InputError(f"invalid query {query!r}", hint='Write "<entitytype>" or "<entitytype> WHERE <expression>"')
    return parts[0].lower(), " ".join(parts[2:])
