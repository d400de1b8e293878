"""What the farm does to paths: a simulation of compute-scripts' ``normalize_path`` and a lint of
the share config (ACCSYN_API.md 7.2, pitfalls P1, P2, P5, P7). Used by
:meth:`ShareMap.preview <accsyn_dcc.core.mapping.ShareMap.preview>` and
:meth:`ShareMap.lint <accsyn_dcc.core.mapping.ShareMap.lint>`.

The simulation is faithful to the farm, warts included: raw, case-insensitive string prefixes
with no segment boundary; Windows roots stored with backslashes never match; a bare root gets a
trailing separator. Every wart that changes a path comes with a finding saying what to do.
"""

from __future__ import annotations

from typing import Any, List, Mapping, NamedTuple, Optional, Sequence, Tuple

from accsyn_dcc.core.config import Share
from accsyn_dcc.core.findings import Finding, error, info, warning
from accsyn_dcc.core.mapped_paths import ACCSYN_PATH_RE
from accsyn_dcc.core.mapping import (
    WINDOWS,
    WINDOWS_MAX_PATH,
    PreviewRow,
    ShareMap,
    forward_slashes,
    native_path,
)

# -- the farm's normalize_path, simulated (ACCSYN_API.md 7.2) -------------------------------------


def _farm_join(root: str, rest: str) -> str:
    """``os.path.join(root, rest)`` as the node does it: a bare prefix gets a trailing ``/`` (P7)."""
    return f"{forward_slashes(root).rstrip('/')}/{rest.lstrip('/')}"


def _boundary(path: str, prefix_len: int) -> bool:
    return prefix_len >= len(path) or path[prefix_len] == "/" or path[prefix_len - 1] == "/"


class _Step(NamedTuple):
    after: str
    source: str  # the prefix that matched ("" if none)
    target: str  # what replaced it
    findings: List[Finding]


def _step_accsyn(smap: ShareMap, p: str, to_os: str, ref: int) -> _Step:
    token, _, rest = p.partition("/")
    key = token.split("=", 1)[1]
    share = next((s for s in smap.shares if key in (s.id, s.name)), None)
    if share is None or to_os not in share.roots:
        why = f"share {key!r} is not in the config" if share is None else f"share {key!r} has no {to_os} root"
        return _Step(
            p,
            "",
            "",
            [
                error(
                    "preview-cannot-convert",
                    f"{p}: {why}; the node fails with 'Cannot convert accsyn path'. Check the share id and its roots",
                    ref=ref,
                )
            ],
        )
    return _Step(_farm_join(share.roots[to_os], rest), token, share.roots[to_os], [])


def _step_volumes(smap: ShareMap, p: str, to_os: str, ref: int) -> Optional[_Step]:
    low = p.lower()
    for share in smap.shares:
        target = share.roots.get(to_os)
        for os_name, root in share.roots.items():
            if os_name == to_os or target is None or not low.startswith(root.lower()):
                continue
            return _Step(_farm_join(target, p[len(root) :]), root, target, [])
    return None


def _step_mapped(smap: ShareMap, p: str, to_os: str, mapped: List[Mapping[str, Any]], ref: int) -> Optional[_Step]:
    low = p.lower()
    for entry in mapped:
        remote, local = forward_slashes(str(entry.get("remote", ""))), str(entry.get("local", ""))
        if not remote or not low.startswith(remote.lower()):
            continue
        target: Optional[str] = local
        if ACCSYN_PATH_RE.match(local):
            key = local.split("=", 1)[1]
            share = next((s for s in smap.shares if key in (s.id, s.name)), None)
            target = share.roots.get(to_os) if share else None
        if target is None:
            return _Step(
                p,
                remote,
                "",
                [
                    error(
                        "preview-cannot-convert",
                        f"{p}: mapped local {local!r} has no {to_os} root in the config",
                        ref=ref,
                    )
                ],
            )
        return _Step(_farm_join(target, p[len(remote) :]), remote, target, [])
    return None


def preview_path(smap: ShareMap, path: str, to_os: str, mapped: List[Mapping[str, Any]], ref: int) -> PreviewRow:
    p = forward_slashes(path)
    found: List[Finding] = []
    if "/" in path and "\\" in path:
        found.append(
            warning(
                "preview-mixed-separators",
                f"{path} mixes '/' and '\\'; the farm copes, but scene "
                "text is rewritten only where it matches exactly. Use one separator",
                ref=ref,
            )
        )
    if ACCSYN_PATH_RE.match(p):
        step: Optional[_Step] = _step_accsyn(smap, p, to_os, ref)
    else:
        step = _step_volumes(smap, p, to_os, ref) or _step_mapped(smap, p, to_os, mapped, ref)
        found += _backslash_roots(smap, p, to_os, ref, matched=step is not None)
    if step is None:
        step = _Step(
            p,
            "",
            "",
            [] if found and found[-1].code == "preview-backslash-root" else _unmatched(smap, path, to_os, ref),
        )
    found += step.findings + _step_warnings(smap, p, step, ref)
    after = native_path(step.after, to_os)
    if to_os == WINDOWS and len(after) >= WINDOWS_MAX_PATH:
        found.append(
            warning(
                "preview-path-too-long",
                f"{after} is {len(after)} characters; Windows tools often "
                f"fail at {WINDOWS_MAX_PATH}. Shorten the folder names",
                ref=ref,
            )
        )
    return PreviewRow(path, after, smap.to_share(path), found)


def _unmatched(smap: ShareMap, path: str, to_os: str, ref: int) -> List[Finding]:
    m = smap.locate(path)
    if m is not None and m.os == to_os:
        return []
    return [
        warning(
            "not-on-share",
            f"{path} is on no share the farm knows; {to_os} nodes get it unchanged. "
            "Move it onto a share or add a share root for it",
            ref=ref,
        )
    ]


def _backslash_roots(smap: ShareMap, p: str, to_os: str, ref: int, matched: bool) -> List[Finding]:
    if matched:
        return []
    for share in smap.shares:
        for os_name, root in share.roots.items():
            if os_name != to_os and "\\" in root and p.lower().startswith(forward_slashes(root).lower()):
                return [
                    warning(
                        "preview-backslash-root",
                        f"{p}: share {share.id} root {root!r} is stored with "
                        "backslashes, so the farm never matches it (P1). Store it as "
                        f"{forward_slashes(root)!r} or submit share= paths",
                        ref=ref,
                    )
                ]
    return []


def _step_warnings(smap: ShareMap, p: str, step: _Step, ref: int) -> List[Finding]:
    out: List[Finding] = []
    src, dst = step.source, step.target
    if not src or ACCSYN_PATH_RE.match(src):
        return out
    n = len(src)
    if not _boundary(p, n):
        out.append(
            warning(
                "preview-prefix-not-segment",
                f"{p}: the farm replaces {src!r} although the path is in "
                f"a different folder ({p[:n]}{p[n:].split('/')[0]}); rename the folder or the root "
                "(P2)",
                ref=ref,
            )
        )
    if p[:n] != src and p[:n].lower() == src.lower() and not _is_windows_root(src):
        out.append(
            warning(
                "preview-case-mismatch",
                f"{p} matches {src!r} only when case is ignored; the farm "
                "converts it, but the path is wrong on case-sensitive systems. Fix the case",
                ref=ref,
            )
        )
    if dst and forward_slashes(src).lower().rstrip("/") in forward_slashes(dst).lower():
        out.append(
            warning(
                "preview-replacement-loops",
                f"{src!r} → {dst!r}: the target contains the source, so "
                "rewriting the scene loops forever on the node (P5). Change one of the roots",
                ref=ref,
            )
        )
    if len(p.rstrip("/")) <= n:
        out.append(
            info(
                "preview-trailing-separator",
                f"{p} is the bare root; the farm gives it a trailing separator (P7), harmless for folders",
                ref=ref,
            )
        )
    return out


def _is_windows_root(root: str) -> bool:
    r = forward_slashes(root)
    return len(r) >= 2 and r[1] == ":" or r.startswith("//")


# -- config lint --------------------------------------------------------------------------------


def lint_shares(shares: Sequence[Share]) -> List[Finding]:
    roots = [(i, s, os_name, r) for i, s in enumerate(shares) for os_name, r in s.roots.items()]
    out: List[Finding] = []
    for i, s, os_name, r in roots:
        out += _lint_root(i, s, os_name, r)
    for a in roots:
        for b in roots:
            if a[1] is not b[1] and a[0] <= b[0]:
                out += _lint_pair(a, b)
    for i, s in enumerate(shares):
        out += _lint_loops(i, s)
    return out


def _lint_root(i: int, share: Share, os_name: str, root: str) -> List[Finding]:
    f = f"shares[{i}].roots.{os_name}"
    out: List[Finding] = []
    if "\\" in root:
        out.append(
            warning(
                "share-root-backslash",
                f"share {share.id} {os_name} root {root!r} uses backslashes; "
                f"write {forward_slashes(root)!r} (here and in accsyn's volume settings, P1)",
                field=f,
            )
        )
    absolute = _is_windows_root(root) if os_name == WINDOWS else root.startswith("/")
    if not forward_slashes(root).strip("/"):
        out.append(
            error(
                "share-root-is-filesystem-root",
                f"share {share.id} {os_name} root {root!r} is the whole filesystem; every path would be on "
                "it. Give the share's mount point",
                field=f,
            )
        )
    elif not absolute:
        out.append(
            warning(
                "share-root-not-absolute",
                f"share {share.id} {os_name} root {root!r} is not an absolute {os_name} path; give the mount point",
                field=f,
            )
        )
    return out


def _lint_pair(a: Tuple[int, Share, str, str], b: Tuple[int, Share, str, str]) -> List[Finding]:
    (ia, sa, oa, ra), (ib, sb, ob, rb) = a, b
    x, y = forward_slashes(ra).lower().rstrip("/"), forward_slashes(rb).lower().rstrip("/")
    if len(x) > len(y):
        (ia, sa, oa, ra, x), (ib, sb, ob, rb, y) = (ib, sb, ob, rb, y), (ia, sa, oa, ra, x)
    if not y.startswith(x):
        return []
    f = f"shares[{ib}].roots.{ob}"
    if x == y:
        if oa != ob:
            return []
        return [
            error(
                "share-root-duplicate",
                f"shares {sa.id} and {sb.id} both have the {oa} root {ra!r}; "
                "a path can only be on one share. Remove one",
                field=f,
            )
        ]
    if y[len(x)] == "/":
        return [
            warning(
                "share-roots-nested",
                f"share {sb.id} root {rb!r} is inside share {sa.id} root {ra!r}; "
                "we pick the longest root, but the farm takes the first match. Avoid nested shares",
                field=f,
            )
        ]
    return [
        warning(
            "share-root-prefix-of-sibling",
            f"share {sa.id} root {ra!r} is a prefix of share {sb.id} "
            f"root {rb!r}; the farm tests raw prefixes and would rewrite one as the other (P2). "
            "Rename one mount point",
            field=f,
        )
    ]


def _lint_loops(i: int, share: Share) -> List[Finding]:
    out: List[Finding] = []
    for oa, ra in share.roots.items():
        for ob, rb in share.roots.items():
            x, y = forward_slashes(ra).lower().rstrip("/"), forward_slashes(rb).lower().rstrip("/")
            if oa != ob and x in y and forward_slashes(ra).rstrip("/") != forward_slashes(rb).rstrip("/"):
                out.append(
                    error(
                        "share-root-loops",
                        f"share {share.id}: the {ob} root {rb!r} contains the {oa} "
                        f"root {ra!r}; converting {oa} to {ob} loops forever on the node (P5). Use "
                        "roots that do not contain one another",
                        field=f"shares[{i}].roots.{ob}",
                    )
                )
    return out
