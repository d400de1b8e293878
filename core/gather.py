"""The dependency engine: expand, scan, recurse, validate and map a scene's references.

``resolve(info)`` takes what a reader or host adapter collected (a :class:`SceneInfo`) and returns
a :class:`GatherResult` (the fixed ``check --json`` object):

1. each :class:`Reference` is expanded (environment, views, relative paths; :mod:`tokens`);
   render outputs go to ``outputs``, everything else to ``dependencies`` (never both);
2. every pattern is matched against its directory's listing, each directory listed once
   (:mod:`scan`); missing frames become ranges;
3. nested scene files (Maya references, USD layers, OCIO configs, gizmos) that exist are read
   with ``readers.read_scene`` and their references resolved the same way, level by level, with
   cycle detection and a depth bound;
4. each path is mapped to a share; findings say what is wrong and what to do.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Mapping, Optional, Sequence, Set, Tuple

from accsyn_dcc.core import tokens
from accsyn_dcc.core.config import Config
from accsyn_dcc.core.errors import Cancelled, SceneError, describe
from accsyn_dcc.core.findings import Finding, error, info, sort_findings, warning
from accsyn_dcc.core.frames import FrameSet
from accsyn_dcc.core.mapping import ShareMap
from accsyn_dcc.core.refs import (
    DIRECTORY,
    FILE,
    SCENE,
    SEQUENCE,
    UDIM,
    Dependency,
    GatherResult,
    Output,
    Reference,
    SceneInfo,
)
from accsyn_dcc.core.scan import CancelLike, DirCache, ProgressFn, ScanResult, check_cancel, scan

__all__ = ["resolve", "check", "MAX_DEPTH"]

MAX_DEPTH = 16  # nested scene files deeper than this are not read
Reader = Callable[..., SceneInfo]


@dataclass
class _Item:
    """One concrete pattern to look for: a reference after expansion (one per view)."""

    ref: Reference
    path: str
    pattern: tokens.Pattern
    frames: Optional[FrameSet]
    unknown: List[str]
    via: str
    depth: int
    chain: Tuple[str, ...]  # real paths of the scene files above this reference
    index: Optional[int] = None  # its row in GatherResult.dependencies, once resolved


@dataclass
class _Run:
    """State of one resolve: config, environment, cache and what was found so far."""

    config: Config
    env: Mapping[str, str]
    cache: DirCache
    reader: Optional[Reader]
    progress: Optional[ProgressFn]
    cancel: CancelLike
    with_stats: bool
    with_files: bool
    top: SceneInfo
    share_map: ShareMap
    result: GatherResult = field(default_factory=lambda: GatherResult("", ""))
    findings: List[Finding] = field(default_factory=list)
    output_findings: List[Finding] = field(default_factory=list)  # reported after the inputs'
    by_key: Dict[Tuple[str, str], _Item] = field(default_factory=dict)
    read: set = field(default_factory=set)  # real paths of scene files already read
    references: int = 0
    files: int = 0  # files found on disk
    listed_before: int = 0  # the cache's listing count when this run started


def check(
    scene_path: str,
    *,
    config: Optional[Config] = None,
    progress: Optional[ProgressFn] = None,
    cancel: CancelLike = None,
    cache: Optional[DirCache] = None,
    env: Optional[Mapping[str, str]] = None,
    with_stats: bool = False,
    with_files: bool = True,
) -> GatherResult:
    """Read a scene file with :func:`accsyn_dcc.core.readers.read_scene` and :func:`resolve` it."""
    from accsyn_dcc.core import readers
    from accsyn_dcc.core.config import load_config

    cfg = config if config is not None else load_config()
    started = time.perf_counter()
    cache = cache if cache is not None else DirCache()
    scene = cache.read_scene(os.path.abspath(scene_path), readers.read_scene)
    result = resolve(scene, config=cfg, progress=progress, cancel=cancel, cache=cache, env=env,
                     with_stats=with_stats, with_files=with_files)
    result.stats["seconds"] = round(time.perf_counter() - started, 4)
    return result


def resolve(
    info: SceneInfo,
    *,
    config: Config,
    progress: Optional[ProgressFn] = None,
    cancel: CancelLike = None,
    cache: Optional[DirCache] = None,
    env: Optional[Mapping[str, str]] = None,
    with_stats: bool = False,
    with_files: bool = True,
    reader: Optional[Reader] = None,
) -> GatherResult:
    """Expand, scan, recurse into, validate and map every reference of ``info``.

    ``cache`` (a :class:`DirCache`) makes a re-check of the same scene nearly free; ``env``
    defaults to ``os.environ``; ``with_stats`` fills sizes/mtimes for the manifest (one stat
    per file found); ``with_files=False`` leaves a sequence's ``files`` (one path per frame, for
    the payload and manifest) empty, as ``check`` output does not show them; ``reader``
    defaults to ``readers.read_scene`` (for nested files).
    Raises :class:`Cancelled` when ``cancel`` fires.
    """
    started = time.perf_counter()
    run = _Run(config=config, env=os.environ if env is None else env,
               cache=cache if cache is not None else DirCache(), reader=reader, progress=progress,
               cancel=cancel, with_stats=with_stats, with_files=with_files, top=info,
               share_map=ShareMap(config.shares))
    run.result = GatherResult(scene=info.path, format=info.format, frame_range=info.frame_range,
                              renderer=info.renderer, host_version=info.host_version)
    run.listed_before = run.cache.counters.listings
    run.findings.extend(info.findings)
    run.read.add(_real(info.path))
    level = _collect(run, info, depth=0, chain=(_real(info.path),))
    while level:
        check_cancel(cancel)
        level = _resolve_level(run, level)
    _finish(run, started)
    return run.result


# -- collection and expansion ------------------------------------------------------------------

def _extra_vars(top: SceneInfo) -> Dict[str, str]:
    """Variables a host defines itself: Houdini's ``$HIP``/``$HIPFILE``/``$HIPNAME``."""
    scene = os.path.abspath(top.path)
    return {"HIP": os.path.dirname(scene), "HIPFILE": scene,
            "HIPNAME": os.path.splitext(os.path.basename(scene))[0]}


def _base_of(ref: Reference, si: SceneInfo) -> str:
    if ref.base:
        return ref.base
    return os.path.dirname(os.path.abspath(ref.via or si.path))


def _collect(run: _Run, si: SceneInfo, *, depth: int, chain: Tuple[str, ...]) -> List[_Item]:
    """Expand the references of one scene file; outputs are handled here, inputs returned."""
    items: List[_Item] = []
    extra = _extra_vars(run.top)
    for ref in si.references:
        run.references += 1
        text, unknown = tokens.expand_vars(ref.raw.strip(), run.env, extra)
        path = tokens.normalize(text, _base_of(ref, si))
        if ref.output:
            if depth == 0:  # a nested file's Writes / render settings are not rendered by this job
                _add_output(run, ref, path, unknown, si)
            continue
        for concrete, _view in tokens.expand_views(path, ref.views or si.views or run.top.views):
            frames = ref.frames if ref.frames is not None else (si.frame_range if depth == 0 else None)
            item = _Item(ref, concrete, tokens.parse_pattern(concrete), frames, unknown,
                         ref.via or si.path, depth, chain)
            if _fold_duplicate(run, item):
                continue
            items.append(item)
    return items


def _fold_duplicate(run: _Run, item: _Item) -> bool:
    """The same path referenced twice is one dependency (frames united)."""
    key = (item.path, item.ref.kind_hint or "")
    first = run.by_key.get(key)
    if first is None:
        run.by_key[key] = item
        return False
    if item.ref.kind_hint == SCENE and _real(item.path) in item.chain:
        _cycle(run, item, first.index)
    if first.frames is None:  # a known range says more than none
        first.frames = item.frames
    elif item.frames is not None:
        first.frames = first.frames.union(item.frames)
    return True


# -- scanning, recursion -----------------------------------------------------------------------

def _resolve_level(run: _Run, items: List[_Item]) -> List[_Item]:
    """Scan one level's patterns, record them as dependencies, return the next level's items."""
    to_scan = [it for it in items if not it.unknown]
    results = scan([it.pattern for it in to_scan], cache=run.cache, frames=[it.frames for it in to_scan],
                   progress=run.progress, cancel=run.cancel, with_stats=run.with_stats)
    found: Dict[int, ScanResult] = {id(it): r for it, r in zip(to_scan, results)}
    nested: List[_Item] = []
    for it in items:
        dep = _dependency(run, it, found.get(id(it)))
        if dep.kind == SCENE and dep.exists:
            nested.extend(_follow(run, it, dep))
    return nested


def _follow(run: _Run, it: _Item, dep: Dependency) -> List[_Item]:
    """Read a nested scene file (cycle-checked, depth-bounded) and expand its references."""
    index = it.index
    real = _real(dep.path)
    if real in it.chain:  # the top scene referenced from below (it is no dependency of itself)
        _cycle(run, it, index)
        return []
    if real in run.read:
        return []
    if it.depth + 1 > MAX_DEPTH:
        run.findings.append(warning(
            "nesting-too-deep",
            f"{dep.path} is nested more than {MAX_DEPTH} files deep; its own references are not checked. "
            "Flatten the reference chain or check that file on its own.", ref=index))
        return []
    run.read.add(real)
    try:
        si = run.cache.read_scene(dep.path, _reader(run), via=it.via)
    except Cancelled:
        raise
    except SceneError as exc:
        run.findings.append(warning(
            "unreadable",
            f"cannot look inside {dep.path} for more files: {describe(exc)}. Its own dependencies are "
            "not checked; check them in the application that wrote it.", ref=index))
        return []
    run.findings.extend(f for f in si.findings if f.code not in SCENE_SETTINGS_CODES)
    return _collect(run, si, depth=it.depth + 1, chain=it.chain + (real,))


# Findings about a file's own render settings: they matter for the job's scene, not for a file it
# references (a referenced asset's missing render globals are not this job's frame range).
SCENE_SETTINGS_CODES = frozenset({"single-frame", "bad-frame-range"})


def _cycle(run: _Run, it: _Item, index: Optional[int]) -> None:
    run.findings.append(warning(
        "reference-cycle",
        f"{it.path} is referenced again from inside itself (by {it.via}); it is read once. "
        "Remove the circular reference in the scene.", ref=index))


def _reader(run: _Run) -> Reader:
    if run.reader is not None:
        return run.reader
    from accsyn_dcc.core import readers

    return readers.read_scene


def _dependency(run: _Run, it: _Item, found: Optional[ScanResult]) -> Dependency:
    kind = _kind(it, found)
    dep = Dependency(raw=it.ref.raw, path=it.path, kind=kind, node=it.ref.node, attr=it.ref.attr,
                     via=it.via, share=run.share_map.to_share(it.path))
    if found is not None:
        run.files += found.count
        dep.exists = found.found
        dep.size, dep.mtime = found.size, found.mtime
        if run.with_files or kind != SEQUENCE:
            dep.files = found.files
        if it.pattern.animated:
            dep.frames, missing = _frames_and_missing(it, found)
            dep.missing = FrameSet(missing) if missing else None
    run.result.dependencies.append(dep)
    it.index = len(run.result.dependencies) - 1
    run.findings.extend(_validate(run, it, dep, found, it.index))
    return dep


def _kind(it: _Item, found: Optional[ScanResult]) -> str:
    if it.pattern.kind != FILE:
        return it.pattern.kind
    if it.ref.kind_hint in (SCENE, DIRECTORY):
        return it.ref.kind_hint  # type: ignore[return-value]
    if found is not None and found.is_dir:
        return DIRECTORY
    return FILE


def _frames_and_missing(it: _Item, found: ScanResult) -> Tuple[Optional[FrameSet], Set[int]]:
    """The frames wanted and those missing. With no range from the node: from the first to the
    last frame found (the gaps are missing)."""
    if it.frames is not None:
        return it.frames, found.missing_numbers
    have = found.frame_numbers
    if not have:
        return None, set()
    span = FrameSet.from_range(min(have), max(have))
    return span, set(span.frames()).difference(have)


# -- validation ----------------------------------------------------------------------------------

def _where(ref: Reference) -> str:
    if ref.node and ref.attr:
        return f"{ref.node}.{ref.attr}"
    return ref.node or ref.attr or "scene"


def _validate(
    run: _Run, it: _Item, dep: Dependency, found: Optional[ScanResult], index: int
) -> List[Finding]:
    where = _where(it.ref)
    if it.unknown:
        return [warning(
            "unknown-token",
            f"{where}: {', '.join(it.unknown)} in {it.ref.raw!r} cannot be resolved here, so {dep.path} "
            "was not checked. Set the variable in the environment (or use a path without it).", ref=index)]
    assert found is not None
    if it.pattern.dir_tokens and it.frames is None:
        return [warning(
            "unchecked-pattern", f"{where}: {dep.path} has a frame token in its folder and the node has no "
            "frame range, so its files were not checked. Give the node a frame range.", ref=index)]
    out: List[Finding] = []
    if found.error:
        out.append(warning(
            "unreadable", f"{where}: cannot list {found.error}; the farm may not read it either. "
            "Fix the folder's permissions.", ref=index))
    elif not dep.exists:
        out.append(_missing(where, dep, it, found, index))
    elif dep.missing:
        out.append(error(
            "missing-frames",
            f"{where}: {len(dep.missing)} of {len(dep.frames or ())} frames of {dep.path} are missing: "
            f"{dep.missing.format(steps=False)}. Render or copy them, or set the node's range to the "
            "frames that exist.", ref=index))
    if dep.share is None and run.config.shares and dep.exists:
        out.append(warning(
            "not-on-share",
            f"{where}: {dep.path} is on no accsyn share, so the farm cannot read it. Move it under a share "
            "root, or add its root to the studio config's shares.", ref=index))
    return out


def _missing(where: str, dep: Dependency, it: _Item, found: ScanResult, index: int) -> Finding:
    if dep.kind == DIRECTORY:
        return warning(
            "missing-directory", f"{where}: folder {dep.path} does not exist. Create it or fix the path; "
            "files looked up there will not be found.", ref=index)
    if dep.kind == SEQUENCE:
        wanted = f" (frames {dep.frames})" if dep.frames else ""
        return error(
            "missing-file", f"{where}: no frame of {dep.path}{wanted} exists in {it.pattern.directory}"
            f"{'' if found.dir_exists else ' (the folder does not exist)'}. Fix the path or render the "
            "frames first.", ref=index)
    if dep.kind == UDIM:
        return error(
            "missing-file", f"{where}: no UDIM tile of {dep.path} exists. Fix the path or export the "
            "textures.", ref=index)
    return error(
        "missing-file", f"{where}: {dep.path} does not exist"
        f"{'' if found.dir_exists else ' (nor does its folder)'}. Fix the path in the scene or copy the "
        "file there.", ref=index)


# -- outputs -------------------------------------------------------------------------------------

def _add_output(run: _Run, ref: Reference, path: str, unknown: Sequence[str], si: SceneInfo) -> None:
    out = Output(raw=ref.raw, path=path, node=ref.node, attr=ref.attr,
                 frames=ref.frames if ref.frames is not None else si.frame_range,
                 share=run.share_map.to_share(path))
    run.result.outputs.append(out)
    where = _where(ref)
    unknown = [t for t in unknown if t not in tokens.RENDER_TOKENS]
    if unknown:
        run.output_findings.append(warning(
            "unknown-token", f"{where}: {', '.join(unknown)} in output {ref.raw!r} cannot be resolved here. "
            "Set the variable, or the farm may write somewhere else."))
        return
    for directory, _view in tokens.expand_views(out.directory, ref.views or si.views or run.top.views):
        directory = _fixed_part(directory)
        run.cache.counters.dir_stats += 1
        if not os.path.isdir(directory):
            run.output_findings.append(warning(
                "output-dir-missing", f"{where}: output folder {directory} does not exist. Create it, or "
                "make sure the renderer creates it (e.g. the Write's 'create directories')."))
    if out.share is None and run.config.shares:
        run.output_findings.append(warning(
            "output-not-on-share", f"{where}: output {path} is on no accsyn share, so the farm's frames "
            "cannot come back there. Render under a share root, or add its root to the studio config."))


def _fixed_part(directory: str) -> str:
    """The folder above the first per-frame or renderer token (that part the renderer makes)."""
    cut = len(directory)
    for tok in tokens.RENDER_TOKENS:
        at = directory.find(tok)
        if at >= 0:
            cut = min(cut, at)
    first = tokens.first_token(directory)
    if first is not None:
        cut = min(cut, first)
    return directory[:cut].rpartition("/")[0] if cut < len(directory) else directory


# -- finish ---------------------------------------------------------------------------------------

def _finish(run: _Run, started: float) -> None:
    findings = run.findings + run.output_findings
    if not run.config.shares and (run.result.dependencies or run.result.outputs):
        findings.append(info(
            "no-shares-configured", "no accsyn shares are configured, so paths were not mapped to shares. "
            "Pass --map-config FILE or set ACCSYN_DCC_CONFIG to the studio config."))
    run.result.findings = sort_findings(f for f in findings if run.config.validator_enabled(f.code))
    run.result.stats = {
        "references": run.references,
        "files": run.files,
        "seconds": round(time.perf_counter() - started, 4),
        "directories": run.cache.counters.listings - run.listed_before,
    }


def _real(path: str) -> str:
    return os.path.realpath(path) if not tokens.is_absolute(path) or path.startswith("/") else path
