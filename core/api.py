"""The Python API for pipeline scripts; the CLI and the dialog use the same functions.

Stages, each usable alone::

    result = api.check("shot010_comp_v003.nk")              # collect + expand + validate + map
    spec = api.spec_from_result(result, config=cfg, overrides={"range": "1001-1100"})
    outcome = api.submit(spec, result=result, dry_run=True)  # validate, build, persist, (send)
    print(outcome.payload, outcome.entry.path)

``submit(..., dry_run=False)`` writes the outbox entry first, then sends it; a failure leaves the
entry in the outbox with the reason (``accsyn-dcc outbox send`` retries without duplicates).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Dict, Iterable, List, Mapping, Optional, Union

from accsyn_dcc.core.config import Config, load_config
from accsyn_dcc.core.findings import Finding, has_errors, info, sort_findings
from accsyn_dcc.core.refs import SEQUENCE, UDIM, GatherResult, SceneInfo

if TYPE_CHECKING:  # pragma: no cover
    from accsyn_dcc.core.outbox import Entry, Outbox
    from accsyn_dcc.core.payload import JobSpec

__all__ = ["check", "spec_from_result", "build", "submit", "SubmitResult", "local_os", "manifest_from_result"]

ProgressFn = Callable[[int, int, str], None]
CancelFn = Callable[[], bool]


def local_os(platform: Optional[str] = None) -> str:
    """The accsyn OS name of this machine: ``windows``, ``mac`` or ``linux``."""
    p = platform or sys.platform
    if p.startswith("win"):
        return "windows"
    if p == "darwin":
        return "mac"
    return "linux"


def check(
    scene: Union[str, SceneInfo],
    *,
    config: Optional[Config] = None,
    progress: Optional[ProgressFn] = None,
    cancel: Optional[CancelFn] = None,
    with_stats: bool = False,
) -> GatherResult:
    """Gather and validate every dependency of a scene file (or of a host-collected SceneInfo).

    ``with_stats`` also records sizes and mtimes (from the one directory listing) for the manifest.
    """
    from accsyn_dcc.core import gather

    cfg = config if config is not None else load_config()
    if isinstance(scene, SceneInfo):
        return gather.resolve(scene, config=cfg, progress=progress, cancel=cancel, with_stats=with_stats)
    return gather.check(os.fspath(scene), config=cfg, progress=progress, cancel=cancel, with_stats=with_stats)


def _share_map(config: Config):
    from accsyn_dcc.core.mapping import ShareMap

    return ShareMap(config.shares)


def _common_dir(paths: List[str]) -> Optional[str]:
    dirs = [os.path.dirname(p) for p in paths if p]
    if not dirs:
        return None
    try:
        return os.path.commonpath(dirs) or None
    except ValueError:  # different drives
        return dirs[0]


def dependency_paths(result: GatherResult, share_map: Any = None) -> List[str]:
    """The ``dependencies`` list for the payload: every existing file (each frame of a sequence,
    each UDIM tile), mapped to ``share=<id>/rel`` where a share holds it."""
    out: List[str] = []
    seen = set()
    for dep in result.dependencies:
        files = dep.files if (dep.kind in (SEQUENCE, UDIM) or dep.files) else ([dep.path] if dep.exists else [])
        for f in files:
            mapped = share_map.to_share(f) if share_map is not None else None
            p = mapped or f
            if p not in seen:
                seen.add(p)
                out.append(p)
    return out


def spec_from_result(
    result: GatherResult,
    *,
    config: Optional[Config] = None,
    host: Optional[str] = None,
    host_version: Optional[str] = None,
    overrides: Optional[Mapping[str, Any]] = None,
    remote_os: Optional[str] = None,
) -> JobSpec:
    """A JobSpec filled with the defaults a studio user expects from a checked scene:
    input/output/dependencies mapped to shares, engine from the config, range from the scene,
    ``input_conversion: always`` with one ``mapped_share_paths`` entry per share root."""
    from accsyn_dcc.core.payload import JobSpec

    cfg = config if config is not None else load_config()
    smap = _share_map(cfg)
    scene = os.path.abspath(result.scene)
    host_name = host or {"usd": "usd", "ocio": "ocio"}.get(result.format, result.format)
    submit_os = remote_os or local_os()
    out_dir = _common_dir([o.path for o in result.outputs])
    spec = JobSpec(
        input=smap.to_share(scene) or scene,
        engine=cfg.engine_for(host_name, host_version or result.host_version) or "",
        output=(smap.to_share(out_dir) or out_dir) if out_dir else None,
        range=str(result.frame_range) if result.frame_range else None,
        dependencies=dependency_paths(result, smap),
        filters=cfg.default_filters,
        settings=dict(cfg.default_settings),
        input_conversion="always",
        remote_os=submit_os,
        mapped_share_paths=smap.mapped_share_paths(submit_os, both_slashes=True),
    )
    for key, value in (overrides or {}).items():
        if not hasattr(spec, key):
            from accsyn_dcc.core.errors import InputError

            raise InputError(f"unknown job option {key!r}", field=key)
        setattr(spec, key, value)
    if not spec.engine:
        from accsyn_dcc.core.engines import guess_engine

        spec.engine = guess_engine(host_name, host_version or result.host_version, result.renderer) or ""
        if spec.engine:
            result.findings.append(info(
                "engine-guessed",
                f"no engine configured for {host_name}; using {spec.engine} from the scene's version. "
                f"Set engines.{host_name} in the studio config or pass --engine to choose another.",
                field="engine"))
    return spec


def build(
    scene: Union[str, SceneInfo],
    *,
    config: Optional[Config] = None,
    overrides: Optional[Mapping[str, Any]] = None,
    extra_dependencies: Iterable[str] = (),
    host: Optional[str] = None,
    progress: Optional[ProgressFn] = None,
    cancel: Optional[CancelFn] = None,
) -> tuple[JobSpec, GatherResult]:
    """check + spec_from_result, plus extra dependency paths (``--dependency``)."""
    cfg = config if config is not None else load_config()
    result = check(scene, config=cfg, progress=progress, cancel=cancel, with_stats=True)
    spec = spec_from_result(result, config=cfg, host=host, overrides=overrides)
    smap = _share_map(cfg)
    for extra in extra_dependencies:
        p = os.path.abspath(extra)
        mapped = smap.to_share(p) or p
        if mapped not in spec.dependencies:
            spec.dependencies.append(mapped)
    return spec, result


def manifest_from_result(result: Optional[GatherResult], extra: Iterable[str] = ()) -> Dict[str, Any]:
    """The dependency manifest stored with an outbox entry: path, kind, size, mtime, frames."""
    deps: List[Dict[str, Any]] = []
    if result is not None:
        for d in result.dependencies:
            row = d.to_dict()
            row.update({"size": d.size, "mtime": d.mtime, "file_count": len(d.files), "files": list(d.files)})
            deps.append(row)
    for p in extra:
        deps.append({"path": p, "kind": "file", "extra": True})
    return {
        "scene": result.scene if result is not None else None,
        "format": result.format if result is not None else None,
        "dependencies": deps,
        "outputs": [o.to_dict() for o in result.outputs] if result is not None else [],
        "stats": dict(result.stats) if result is not None else {},
    }


@dataclass
class SubmitResult:
    """What a submit did. ``entry`` is None when blocking findings stopped it before the outbox."""

    payload: Optional[Dict[str, Any]]
    entry: Optional[Entry]
    job_id: Optional[str] = None
    findings: List[Finding] = field(default_factory=list)
    state: Dict[str, Any] = field(default_factory=dict)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        if self.entry is None:
            return False
        return self.dry_run or self.state.get("status") == "sent"

    def to_dict(self) -> Dict[str, Any]:
        d: Dict[str, Any] = {
            "payload": self.payload,
            "outbox": str(self.entry.path) if self.entry is not None else None,
            "findings": [f.to_dict() for f in self.findings],
        }
        if not self.dry_run:
            d["job_id"] = self.job_id
            d["status"] = self.state.get("status")
            if self.state.get("last_error"):
                d["error"] = self.state.get("last_error")
        return d


def submit(
    spec: JobSpec,
    *,
    result: Optional[GatherResult] = None,
    dry_run: bool = False,
    outbox: Optional[Outbox] = None,
    session: Any = None,
    meta: Optional[Mapping[str, Any]] = None,
) -> SubmitResult:
    """Validate (all findings at once), build the payload, persist it in the outbox, then send.

    Blocking findings (the scene's and the spec's) stop it before anything is written.
    """
    from accsyn_dcc.core.outbox import Outbox

    findings = list(result.findings) if result is not None else []
    findings.extend(spec.validate())
    findings = sort_findings(_dedup(findings))
    if has_errors(findings):
        return SubmitResult(payload=None, entry=None, findings=findings, dry_run=dry_run)
    prepared = spec.prepare()
    box = outbox if outbox is not None else Outbox()
    entry_meta = {"dry_run": dry_run, "scene": result.scene if result is not None else spec.input}
    entry_meta.update(meta or {})
    entry = box.create(prepared.data, manifest_from_result(result), meta=entry_meta)
    payload = entry.payload
    if dry_run:
        return SubmitResult(payload=payload, entry=entry, findings=findings, state=entry.state, dry_run=True)
    from accsyn_dcc.core import delivery
    from accsyn_dcc.core.errors import AccsynDccError, describe

    try:
        sess = session if session is not None else delivery.session_from_env()
        state = delivery.send_entry(entry, sess)
    except AccsynDccError as err:  # the entry stays, with the reason; `outbox send` retries it
        state = entry.set_state(status="failed", last_error=describe(err))
    return SubmitResult(payload=payload, entry=entry, job_id=state.get("job_id"), findings=findings,
                        state=state, dry_run=False)


def _dedup(findings: List[Finding]) -> List[Finding]:
    seen = set()
    out = []
    for f in findings:
        key = (f.level, f.code, f.message, f.ref)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out
