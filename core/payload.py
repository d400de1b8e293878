"""The Compute payload builder: a mutable :class:`JobSpec` → a validated :class:`PreparedPayload`.

Modelled on requests' ``Request.prepare()`` → ``PreparedRequest``: the dialog and the CLI edit a
spec; :meth:`JobSpec.validate` returns every finding at once (never raising for user mistakes);
:meth:`JobSpec.prepare` raises :class:`PayloadError` when a finding blocks, else returns the plain
dict in the seed's shape (``shared/seed/render-jobs.txt``). :func:`validate_payload` checks an
already built dict with the same rules, so the builder and a hand-written payload agree.

The ``local`` site swap rule (see :data:`LOCAL_SITE_HELP`): for the reserved site ``local``,
*upload* means sending the scene and its dependencies to the main site and *download* means
fetching the results back; it only applies when submitting from a roaming site.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field, fields
from typing import Any, Dict, List, Optional, Tuple, Union

from accsyn_dcc.core.envs import normalise_envs, parse_env_args
from accsyn_dcc.core.errors import PayloadError, RangeError
from accsyn_dcc.core.filters import normalise_filters_text
from accsyn_dcc.core.findings import Finding, error, has_errors, info, sort_findings, warning
from accsyn_dcc.core.frames import FrameSet
from accsyn_dcc.core.mapped_paths import OSES, normalise_entry_os
from accsyn_dcc.core.payload_checks import INPUT_CONVERSIONS, engine_default_bucket, validate_payload
from accsyn_dcc.core.sites import (
    LOCAL_SITE_HELP,
    normalise_settings,
    normalise_sites,
    parse_site_setting,
    parse_site_settings,
)

__all__ = [
    "LOCAL_SITE_HELP",
    "INPUT_CONVERSIONS",
    "JobSpec",
    "PreparedPayload",
    "default_name",
    "engine_default_bucket",
    "parse_env_args",
    "parse_site_setting",
    "parse_site_settings",
    "validate_payload",
]

_OWN_PARAMETERS = ("input_conversion", "arguments", "remote_os", "mapped_share_paths", "site")


@dataclass
class JobSpec:
    """What the user asks for; edited by the dialog and the CLI, turned into the wire dict by
    :meth:`prepare`. Field meanings are ACCSYN_API.md section 5's; see the module doc."""

    input: str
    engine: str = ""
    name: Optional[str] = None
    output: Optional[str] = None
    range: Optional[Union[str, FrameSet]] = None
    dependencies: List[str] = field(default_factory=list)
    filters: str = ""
    settings: Dict[str, Any] = field(default_factory=dict)
    envs: Dict[str, Any] = field(default_factory=dict)
    arguments: Optional[Union[str, List[str]]] = None
    input_conversion: str = "always"
    remote_os: Optional[str] = None
    mapped_share_paths: List[Dict[str, str]] = field(default_factory=list)
    sites: Dict[str, Dict[str, Dict[str, Any]]] = field(default_factory=dict)
    parameters: Dict[str, Any] = field(default_factory=dict)
    bucket_size: Optional[int] = None

    def validate(self) -> List[Finding]:
        """Every finding (errors first); never raises for a user mistake."""
        return _build(self)[1]

    def prepare(self) -> PreparedPayload:
        """The wire payload; raises :class:`PayloadError` listing the blocking findings."""
        data, findings = _build(self)
        if has_errors(findings):
            blocking = [f for f in findings if f.blocking]
            text = "; ".join(f"{f.field}: {f.message}" if f.field else f.message for f in blocking)
            raise PayloadError(f"the job cannot be submitted: {text}", field=blocking[0].field)
        return PreparedPayload(data, findings)

    def to_dict(self) -> Dict[str, Any]:
        """The spec as JSON-ready data (sticky settings); ``range`` as text."""
        out = {f.name: copy.deepcopy(getattr(self, f.name)) for f in fields(self)}
        if isinstance(self.range, FrameSet):
            out["range"] = str(self.range)
        return out

    @classmethod
    def from_dict(cls, data: Dict[str, Any]) -> JobSpec:
        """Inverse of :meth:`to_dict`; unknown keys are ignored, a missing ``input`` is ``""``."""
        known = {f.name for f in fields(cls)}
        kw = {k: copy.deepcopy(v) for k, v in data.items() if k in known}
        kw.setdefault("input", "")
        return cls(**kw)


@dataclass(frozen=True)
class PreparedPayload:
    """A validated payload: ``data`` is the plain dict for ``compute/create``; ``findings`` the
    warnings and info that did not block."""

    data: Dict[str, Any]
    findings: List[Finding]

    def to_json(self, indent: Optional[int] = 2) -> str:
        return json.dumps(self.data, indent=indent, ensure_ascii=False)


def default_name(input_path: str) -> str:
    """The input's file name: ``share=<id>/a/x.nk`` → ``x.nk``, ``C:\\a\\x.nk`` → ``x.nk``."""
    return str(input_path).replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]


# -- JobSpec → wire dict -----------------------------------------------------------------------


def _build(spec: JobSpec) -> Tuple[Dict[str, Any], List[Finding]]:
    found: List[Finding] = []
    name = spec.name if spec.name is not None else default_name(spec.input or "")
    data: Dict[str, Any] = {"name": name} if name or spec.name is not None else {}
    data.update(engine=spec.engine, input=spec.input)
    if spec.output is not None:
        data["output"] = spec.output
    if spec.range is not None:
        data["range"] = _range_text(spec.range)
    found += _put_filters(spec, data)
    if spec.dependencies:
        data["dependencies"] = list(spec.dependencies) if isinstance(spec.dependencies, list) else spec.dependencies
    found += _put_settings(spec, data)
    if spec.envs:
        data["envs"], more = normalise_envs(spec.envs) if isinstance(spec.envs, dict) else (spec.envs, [])
        found += more
    data["parameters"], more = _parameters(spec)
    found += more
    return data, sort_findings(found + validate_payload(data))


def _range_text(value: Union[str, FrameSet]) -> Any:
    if isinstance(value, FrameSet):
        return str(value)
    try:
        return str(FrameSet(value)) if isinstance(value, str) else value
    except RangeError:
        return value  # validate_payload reports it


def _put_filters(spec: JobSpec, data: Dict[str, Any]) -> List[Finding]:
    text = spec.filters or ""
    if not isinstance(text, str):
        data["filters"] = text
        return []
    clean = normalise_filters_text(text)
    if clean:
        data["filters"] = clean
    if clean != text:
        return [
            info(
                "filters-normalised",
                f"filters {text!r} are sent as {clean!r} (spaces removed)",
                field="filters",
            )
        ]
    return []


def _put_settings(spec: JobSpec, data: Dict[str, Any]) -> List[Finding]:
    if not isinstance(spec.settings, dict):
        data["settings"] = spec.settings
        return []
    settings = normalise_settings(spec.settings)
    found: List[Finding] = []
    n = spec.bucket_size
    if n is not None:
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            found.append(
                error(
                    "bucket-size-invalid",
                    f"bucket size is {n!r}; use a whole number of frames, 1 or more",
                    field="bucket_size",
                )
            )
        else:
            old = settings.get("task_bucketsize")
            if old is not None and old != str(n):
                found.append(
                    warning(
                        "bucket-size-overrides-setting",
                        f"bucket size {n} replaces settings.task_bucketsize {old!r}; set only one of them",
                        field="bucket_size",
                    )
                )
            settings["task_bucketsize"] = str(n)
    if settings:
        data["settings"] = settings
    return found


def _parameters(spec: JobSpec) -> Tuple[Dict[str, Any], List[Finding]]:
    found: List[Finding] = []
    params: Dict[str, Any] = {
        "input_conversion": _lowered(spec.input_conversion, "input_conversion", INPUT_CONVERSIONS, found)
    }
    if spec.arguments is not None:
        params["arguments"] = copy.deepcopy(spec.arguments)
    if spec.remote_os is not None:
        params["remote_os"] = _lowered(spec.remote_os, "remote_os", OSES, found)
    if spec.mapped_share_paths:
        params["mapped_share_paths"] = _mapped(spec.mapped_share_paths, found)
    if spec.sites:
        params["site"], more = normalise_sites(spec.sites) if isinstance(spec.sites, dict) else (spec.sites, [])
        found += more
    extra = spec.parameters if spec.parameters is not None else {}
    if not isinstance(extra, dict):
        found.append(
            error(
                "parameters-not-object",
                "JobSpec.parameters must map parameter names to values",
                field="parameters",
            )
        )
        extra = {}
    for key, value in extra.items():
        if key in _OWN_PARAMETERS:
            found.append(
                error(
                    "parameter-has-own-field",
                    f"parameters.{key} is set by JobSpec.{_field_of(key)}; set it there instead",
                    field=f"parameters.{key}",
                )
            )
        elif key == "clear_output_directory" and isinstance(value, bool):
            params[key] = "true" if value else "false"
            found.append(
                warning(
                    "clear-output-bool-converted",
                    f"parameters.clear_output_directory {value} was "
                    f"sent as the text {params[key]!r}; the engine crashes on a boolean",
                    field="parameters.clear_output_directory",
                )
            )
        else:
            params[key] = copy.deepcopy(value)
    return params, found


def _field_of(param: str) -> str:
    return "sites" if param == "site" else param


def _lowered(value: Any, name: str, allowed: Tuple[str, ...], found: List[Finding]) -> Any:
    if isinstance(value, str) and value != value.lower() and value.lower() in allowed:
        found.append(
            info(
                f"{name.replace('_', '-')}-lowercased",
                f"{name} {value!r} is sent as {value.lower()!r}",
                field=f"parameters.{name}",
            )
        )
        return value.lower()
    return value


def _mapped(entries: Any, found: List[Finding]) -> Any:
    if not isinstance(entries, list):
        return entries
    out = []
    for i, e in enumerate(entries):
        if isinstance(e, dict):
            e, more = normalise_entry_os(e, f"parameters.mapped_share_paths[{i}]")
            found += more
        out.append(e)
    return out
