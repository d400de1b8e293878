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

# Optional[...] stays: dataclass annotations may be evaluated (get_type_hints) on Python 3.9.
# ruff: noqa: UP045
import copy
import json
import re
from dataclasses import dataclass, field, fields
from typing import Any, Dict, List, Optional, Tuple, Union

from accsyn_dcc.core.envs import check_envs, normalise_envs, parse_env_args
from accsyn_dcc.core.errors import FilterError, PayloadError, RangeError
from accsyn_dcc.core.filters import lint_filters, normalise_filters_text, parse_filters
from accsyn_dcc.core.findings import Finding, error, has_errors, info, sort_findings, warning
from accsyn_dcc.core.frames import FrameSet
from accsyn_dcc.core.mapped_paths import OSES, check_mapped_share_paths, normalise_entry_os
from accsyn_dcc.core.sites import (
    LOCAL_SITE_HELP,
    check_settings,
    check_sites,
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

ENGINE_RE = re.compile(r"^[A-Za-z0-9_.-]{1,32}$")
INPUT_CONVERSIONS = ("always", "platform", "never", "auto")
CLEAR_OUTPUT_RE = re.compile(r"^(true|false|!?site:[A-Za-z0-9_.()-]+)$")
TOP_FIELDS = (
    "name",
    "engine",
    "input",
    "output",
    "range",
    "filters",
    "dependencies",
    "settings",
    "envs",
    "parameters",
    "create_output_folder",
    "output_is_folder",
    "allow_duplicates",
    "replace_duplicates",
)
OLD_FIELDS = {"app": "engine", "code": "name"}
_OWN_PARAMETERS = ("input_conversion", "arguments", "remote_os", "mapped_share_paths", "site")
# Engine default bucket sizes (ACCSYN_API.md 7.1), by engine-code prefix; first match wins.
_DEFAULT_BUCKETS = (
    ("nuke-script", None),
    ("nuke-", 5),
    ("unreal-render", 100),
    ("mantra-", 1),
    ("blender-", 1),
    ("arnold-", 1),
    ("vray-", 1),
)


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


def engine_default_bucket(engine: str) -> Optional[int]:
    """The engine's default bucket size when known (nuke 5, maya/blender/mantra 1, unreal 100)."""
    if "-maya-" in engine:
        return 1
    for prefix, size in _DEFAULT_BUCKETS:
        if engine.startswith(prefix):
            return size
    return None


# -- JobSpec → wire dict -----------------------------------------------------------------------


def _build(spec: JobSpec) -> Tuple[Dict[str, Any], List[Finding]]:
    found: List[Finding] = []
    data: Dict[str, Any] = {
        "name": spec.name if spec.name is not None else default_name(spec.input or ""),
        "engine": spec.engine,
        "input": spec.input,
    }
    if spec.output is not None:
        data["output"] = spec.output
    if spec.range is not None:
        data["range"] = _range_text(spec.range)
    found += _put_filters(spec, data)
    if spec.dependencies:
        data["dependencies"] = (
            list(spec.dependencies) if isinstance(spec.dependencies, list) else spec.dependencies
        )
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
    if clean != text.strip() or (clean and clean != text):
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
        params["site"], more = (
            normalise_sites(spec.sites) if isinstance(spec.sites, dict) else (spec.sites, [])
        )
        found += more
    for key, value in (spec.parameters or {}).items():
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


# -- validation of a wire dict -----------------------------------------------------------------


def validate_payload(data: Any) -> List[Finding]:
    """Every finding for an already built payload dict (the seed's own, a stored outbox payload)."""
    if not isinstance(data, dict):
        return [error("payload-not-object", "the payload must be a JSON object")]
    out: List[Finding] = []
    for check in (_check_fields, _check_engine, _check_name, _check_paths, _check_range, _check_filters):
        out.extend(check(data))
    if "settings" in data:
        out.extend(check_settings(data["settings"]))
    out.extend(check_envs(data.get("envs")))
    out.extend(_check_parameters(data))
    return sort_findings(out)


def _check_fields(data: Dict[str, Any]) -> List[Finding]:
    out: List[Finding] = []
    for key in data:
        if key in OLD_FIELDS:
            out.append(
                info(
                    "old-field-name",
                    f"{key!r} is the old name of {OLD_FIELDS[key]!r}; send {OLD_FIELDS[key]!r}",
                    field=key,
                )
            )
        elif key not in TOP_FIELDS:
            out.append(
                warning(
                    "unknown-field",
                    f"{key!r} is not a Compute field; known: {', '.join(TOP_FIELDS)}",
                    field=key,
                )
            )
    return out


def _check_engine(data: Dict[str, Any]) -> List[Finding]:
    engine = data.get("engine", data.get("app"))
    if not engine:
        return [
            error("engine-missing", "no engine: choose the render app code, e.g. nuke-16", field="engine")
        ]
    if not isinstance(engine, str) or not ENGINE_RE.match(engine):
        return [
            error(
                "engine-invalid",
                f"engine {engine!r} is not an engine code: use letters, digits, '_', '.', "
                "'-', at most 32 characters (e.g. arnold-7-maya-2024)",
                field="engine",
            )
        ]
    if engine.startswith("vray-4") and data.get("output"):
        return [
            warning(
                "engine-vray4-output",
                "vray-4 engines fail with KeyError when output is set; leave output empty or use vray-5",
                field="output",
            )
        ]
    return []


def _check_name(data: Dict[str, Any]) -> List[Finding]:
    name = data.get("name", data.get("code"))
    if name is not None and (not isinstance(name, str) or not name.strip()):
        return [
            error(
                "name-invalid",
                "the job name must be non-empty text (default: the input file name)",
                field="name",
            )
        ]
    return []


def _check_paths(data: Dict[str, Any]) -> List[Finding]:
    out: List[Finding] = []
    if not isinstance(data.get("input"), str) or not data["input"].strip():
        out.append(error("input-missing", "no input: give the scene file (one file per job)", field="input"))
    if "output" in data and (not isinstance(data["output"], str) or not data["output"].strip()):
        out.append(
            error("output-invalid", "output must be a folder path as text, or left out", field="output")
        )
    deps = data.get("dependencies", [])
    if not isinstance(deps, list):
        return out + [
            error("dependencies-not-list", "dependencies must be a list of file paths", field="dependencies")
        ]
    seen = set()
    for i, d in enumerate(deps):
        if not isinstance(d, str) or not d.strip():
            out.append(
                error(
                    "dependency-invalid",
                    f"dependencies[{i}] must be a file path, not {d!r}",
                    field=f"dependencies[{i}]",
                )
            )
        elif d in seen:
            out.append(
                info(
                    "dependency-duplicate",
                    f"dependencies[{i}] {d!r} is listed twice; once is enough",
                    field=f"dependencies[{i}]",
                )
            )
        seen.add(d if isinstance(d, str) else None)
    return out


def _check_range(data: Dict[str, Any]) -> List[Finding]:
    text = data.get("range")
    if text is None:
        return []
    if not isinstance(text, str):
        return [
            error(
                "range-invalid",
                f"range must be text such as '1001-1100', not {type(text).__name__}",
                field="range",
            )
        ]
    try:
        fs = FrameSet(text)
    except RangeError as exc:
        return [error("range-invalid", str(exc), field="range")]
    out: List[Finding] = []
    if str(fs) != text:
        out.append(info("range-not-canonical", f"range {text!r} is the same as {str(fs)!r}", field="range"))
    if fs.has_negative:
        out.append(
            warning(
                "range-negative",
                f"range {fs} has negative frames; the farm splits buckets on '-' and "
                "cannot render them. Offset the frames to 0 or more",
                field="range",
            )
        )
    bucket = _effective_bucket(data)
    if not fs.is_contiguous and bucket != 1:
        now = f"the bucket size is {bucket}" if bucket else "no bucket size is set"
        out.append(
            warning(
                "range-needs-bucket-1",
                f"range {fs} has steps or gaps and {now}; engines only "
                "understand A-B buckets, so set the bucket size to 1",
                field="range",
            )
        )
    return out


def _effective_bucket(data: Dict[str, Any]) -> Optional[int]:
    settings = data.get("settings")
    value = settings.get("task_bucketsize") if isinstance(settings, dict) else None
    if value is not None:
        try:
            return int(value)
        except (TypeError, ValueError):
            return None
    engine = data.get("engine")
    return engine_default_bucket(engine) if isinstance(engine, str) else None


def _check_filters(data: Dict[str, Any]) -> List[Finding]:
    if "filters" not in data:
        return []
    try:
        filters = parse_filters(data["filters"])
    except FilterError as exc:
        return [error("filters-invalid", str(exc), field="filters")]
    return lint_filters(filters)


def _check_parameters(data: Dict[str, Any]) -> List[Finding]:
    params = data.get("parameters", {})
    if not isinstance(params, dict):
        return [error("parameters-not-object", "parameters must be an object", field="parameters")]
    out = _check_conversion(params)
    out += _check_arguments(params, str(data.get("engine", "")))
    if "mapped_share_paths" in params:
        paths = [data.get("input"), data.get("output")] + list(data.get("dependencies") or [])
        out += check_mapped_share_paths(
            params["mapped_share_paths"], [p for p in paths if isinstance(p, str)]
        )
    if "site" in params:
        out += check_sites(params["site"])
    out += _check_clear_output(params)
    return out


def _check_conversion(params: Dict[str, Any]) -> List[Finding]:
    f = "parameters.input_conversion"
    if "input_conversion" not in params:
        return [
            warning(
                "input-conversion-missing",
                "parameters.input_conversion is absent, so the farm converts "
                "no paths at all; set it to always (or platform/never)",
                field=f,
            )
        ]
    ic = params["input_conversion"]
    out: List[Finding] = []
    if ic not in INPUT_CONVERSIONS:
        out.append(
            error(
                "input-conversion-invalid",
                f"input_conversion {ic!r} is not one of always, platform, "
                "never (or auto); use always unless scene paths already match the farm",
                field=f,
            )
        )
    elif ic == "auto":
        out.append(
            info(
                "input-conversion-auto",
                "input_conversion auto means always when mapped_share_paths is "
                "non-empty, else platform; prefer an explicit value",
                field=f,
            )
        )
    ros = params.get("remote_os")
    if ic == "platform" and ros is None:
        out.append(
            warning(
                "remote-os-missing",
                "input_conversion platform compares remote_os with the node's OS; "
                "set remote_os to the submitting OS",
                field="parameters.remote_os",
            )
        )
    if ros is not None and (not isinstance(ros, str) or ros.lower() not in OSES):
        out.append(
            error(
                "remote-os-invalid",
                f"remote_os {ros!r} is not windows, mac or linux",
                field="parameters.remote_os",
            )
        )
    return out


def _check_arguments(params: Dict[str, Any], engine: str) -> List[Finding]:
    args = params.get("arguments")
    f = "parameters.arguments"
    if args is None:
        return []
    if isinstance(args, list) and all(isinstance(a, str) for a in args):
        if engine.startswith("vray-"):
            return [
                error(
                    "arguments-vray-string",
                    f"{engine} accepts arguments only as one string; write {' '.join(args)!r}",
                    field=f,
                )
            ]
        return []
    if not isinstance(args, str):
        return [
            error("arguments-invalid", "arguments must be a string ('-txV') or a list of strings", field=f)
        ]
    return []


def _check_clear_output(params: Dict[str, Any]) -> List[Finding]:
    if "clear_output_directory" not in params:
        return []
    value = params["clear_output_directory"]
    f = "parameters.clear_output_directory"
    if not isinstance(value, str) or not CLEAR_OUTPUT_RE.match(value):
        kind = "a boolean (the engine crashes on it)" if isinstance(value, bool) else repr(value)
        return [
            error(
                "clear-output-invalid",
                f'clear_output_directory is {kind}; use the text "true", "site:<code>" or "!site:<code>"',
                field=f,
            )
        ]
    if value == "false":
        return []
    return [
        info(
            "clear-output-moves-others",
            "clear_output_directory moves other jobs' files out of the output "
            "folder (to ZZZ-TEMP); point output at a folder unique to this job",
            field=f,
        )
    ]
