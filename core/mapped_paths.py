"""Rules for ``parameters.mapped_share_paths`` (ACCSYN_API.md section 7.2, pitfalls P1-P7).

Each entry is ``{"remote": <prefix as the scene writes it>, "local": "share=<vol id>" or a native
path, "os"?: "windows"|"mac"|"linux"}``. :func:`check_mapped_share_paths` reports every entry the
farm would mishandle: a ``local`` with a sub-path (P4, silently unconverted), an ``os`` that is not
lowercase (P3, never applied), a target that contains its source or differs only in case (P5, the
node loops forever), Windows backslash prefixes (P1), prefixes that also match sibling folders
(P2) and entries shadowed by an earlier, shorter one (P6).
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Mapping, Sequence

from accsyn_dcc.core.findings import Finding, error, info, warning

OSES = ("windows", "mac", "linux")
ACCSYN_PATH_RE = re.compile(r"^(share|volume|folder|collection|home)=", re.IGNORECASE)
_KEYS = {"remote", "local", "os"}


def is_accsyn_path(path: str) -> bool:
    """``share=…``, ``volume=…`` and the other accsyn path forms (case-insensitive, as the farm)."""
    return bool(ACCSYN_PATH_RE.match(path))


def _norm(path: str) -> str:
    return path.replace("\\", "/")


def normalise_entry_os(entry: Mapping[str, Any], where: str) -> tuple:
    """JobSpec stage: lowercase ``os`` (``Windows`` → ``windows``) with an info finding."""
    out = dict(entry)
    os_name = out.get("os")
    if isinstance(os_name, str) and os_name != os_name.lower() and os_name.lower() in OSES:
        out["os"] = os_name.lower()
        return out, [
            info(
                "mapped-os-lowercased",
                f"{where}.os {os_name!r} was changed to {os_name.lower()!r}: the farm compares it "
                "case-sensitively with the lowercase OS name",
                field=f"{where}.os",
            )
        ]
    return out, []


def check_mapped_share_paths(entries: Any, paths: Sequence[str] = ()) -> List[Finding]:
    """Validate the list; ``paths`` (input, output, dependencies) are checked against P2."""
    where = "parameters.mapped_share_paths"
    if not isinstance(entries, list):
        return [error("mapped-not-list", f"{where} must be a list of {{remote, local[, os]}} objects", field=where)]
    out: List[Finding] = []
    good: List[Dict[str, Any]] = []
    for i, entry in enumerate(entries):
        found = _check_entry(entry, f"{where}[{i}]")
        out.extend(found)
        if isinstance(entry, dict) and not any(f.blocking for f in found):
            good.append(entry)
    out.extend(_check_backslash(good, where))
    out.extend(_check_order(good, where))
    out.extend(_check_siblings(good, paths, where))
    return out


def _check_entry(entry: Any, where: str) -> List[Finding]:
    if not isinstance(entry, dict):
        return [error("mapped-entry-not-object", f"{where} must be an object with remote and local", field=where)]
    out: List[Finding] = []
    if "global" in entry:
        out.append(
            error(
                "mapped-global-key",
                f"{where} uses the key 'global'; the farm reads 'local'. Rename it to local",
                field=f"{where}.global",
            )
        )
    for key in sorted(set(entry) - _KEYS - {"global"}):
        out.append(
            warning(
                "mapped-unknown-key",
                f"{where}.{key} is not used by the farm; use remote, local, os",
                field=f"{where}.{key}",
            )
        )
    for key in ("remote", "local"):
        if not isinstance(entry.get(key), str) or not entry.get(key):
            out.append(
                error(
                    "mapped-missing-field",
                    f"{where}.{key} is required: a path prefix as text",
                    field=f"{where}.{key}",
                )
            )
    if "os" in entry:
        out.extend(_check_os(entry["os"], where))
    if not out:
        out.extend(_check_local(entry["remote"], entry["local"], where))
    return out


def _check_os(os_name: Any, where: str) -> List[Finding]:
    if isinstance(os_name, str) and os_name in OSES:
        return []
    if isinstance(os_name, str) and os_name.lower() in OSES:
        msg = (
            f"{where}.os is {os_name!r}; the farm compares it case-sensitively, so the entry would never "
            f"apply. Write {os_name.lower()!r}"
        )
    else:
        msg = f"{where}.os is {os_name!r}; use windows, mac or linux (lowercase), or leave it out"
    return [error("mapped-os-invalid", msg, field=f"{where}.os")]


def _check_local(remote: str, local: str, where: str) -> List[Finding]:
    if is_accsyn_path(local):
        token, slash, rest = local.partition("/")
        if slash:
            return [
                error(
                    "mapped-local-subpath",
                    f"{where}.local {local!r} has a sub-path; the farm then leaves paths unconverted. "
                    f"Map the share root: local {token!r} and put the sub-folder in remote",
                    field=f"{where}.local",
                )
            ]
        return []
    src, dst = _norm(remote).lower().rstrip("/"), _norm(local).lower().rstrip("/")
    if _norm(remote) == _norm(local):
        return [warning("mapped-noop", f"{where} maps {remote!r} to itself; remove it", field=where)]
    if src in dst:
        why = "differs from it only in case" if src == dst else "contains it"
        return [
            error(
                "mapped-replacement-loops",
                f"{where}: local {local!r} {why} remote {remote!r}; the farm rewrites repeatedly and "
                "the node "
                "hangs. Map to a path that does not contain the remote prefix (e.g. the share: share=<id>)",
                field=where,
            )
        ]
    return []


def _check_backslash(entries: List[Dict[str, Any]], where: str) -> List[Finding]:
    remotes = {e["remote"] for e in entries}
    out: List[Finding] = []
    for i, e in enumerate(entries):
        r = e["remote"]
        if "\\" in r and _norm(r) not in remotes:
            out.append(
                warning(
                    "mapped-backslash-remote",
                    f"mapped remote {r!r} uses backslashes: the farm converts input/output paths with it, "
                    "but "
                    f"rewrites the scene text only where it is written exactly so. Nuke and Maya write "
                    f"{_norm(r)!r}; add an entry with that remote too",
                    field=f"{where}[{i}].remote",
                )
            )
    return out


def _check_order(entries: List[Dict[str, Any]], where: str) -> List[Finding]:
    out: List[Finding] = []
    for i, a in enumerate(entries):
        for b in entries[i + 1 :]:
            ra, rb = _norm(a["remote"]).lower().rstrip("/"), _norm(b["remote"]).lower().rstrip("/")
            if ra != rb and rb.startswith(ra + "/") and a.get("os") in (None, b.get("os")):
                out.append(
                    warning(
                        "mapped-shadowed",
                        f"mapped remote {b['remote']!r} comes after {a['remote']!r}, which already matches "
                        "it; "
                        "list longer prefixes first",
                        field=f"{where}[{i}]",
                    )
                )
    return out


def _check_siblings(entries: List[Dict[str, Any]], paths: Sequence[str], where: str) -> List[Finding]:
    out: List[Finding] = []
    for i, e in enumerate(entries):
        r = _norm(e["remote"]).lower().rstrip("/")
        others = [_norm(x["remote"]) for x in entries if x is not e] + [_norm(p) for p in paths if isinstance(p, str)]
        for p in others:
            low = p.lower()
            if low.startswith(r) and len(low) > len(r) and low[len(r)] != "/":
                out.append(
                    warning(
                        "mapped-prefix-of-sibling",
                        f"mapped remote {e['remote']!r} is also a prefix of {p!r}, a different folder; "
                        "the farm tests raw prefixes and would rewrite it wrongly. Rename the folder or "
                        "map the sibling "
                        "explicitly (longer entry first)",
                        field=f"{where}[{i}].remote",
                    )
                )
                break
    return out
