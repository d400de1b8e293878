"""Rules for a built Compute payload dict: :func:`validate_payload`.

Used on :meth:`JobSpec.prepare <accsyn_dcc.core.payload.JobSpec.prepare>`'s output and on any
payload built elsewhere (the seed's own example, a stored outbox entry), so the builder and a
hand-written payload are judged alike. Each rule returns findings; none raises. Field meanings,
grammar and farm pitfalls are ACCSYN_API.md sections 5 and 7.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional

from accsyn_dcc.core.envs import check_envs
from accsyn_dcc.core.errors import FilterError, RangeError
from accsyn_dcc.core.filters import lint_filters, parse_filters
from accsyn_dcc.core.findings import Finding, error, info, sort_findings, warning
from accsyn_dcc.core.frames import FrameSet
from accsyn_dcc.core.mapped_paths import OSES, check_mapped_share_paths
from accsyn_dcc.core.sites import check_settings, check_sites

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
# mantra and arnold kick (not arnold-for-maya) render one .ifd/.ass per frame: input % frame.
_PER_FRAME_FILE_ENGINE_RE = re.compile(r"^(mantra-|arnold-[0-9.]+$)")
_PRINTF_RE = re.compile(r"%0?[0-9]*d")
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


def engine_default_bucket(engine: str) -> Optional[int]:
    """The engine's default bucket size when known (nuke 5, maya/blender/mantra 1, unreal 100)."""
    if "-maya-" in engine:
        return 1
    for prefix, size in _DEFAULT_BUCKETS:
        if engine.startswith(prefix):
            return size
    return None


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
        return [error(
            "engine-missing",
            "no engine: pass --engine with the workspace's render app code (e.g. nuke-16, "
            "arnold-7-maya-2023, mantra-20.5), or set engines.<host> in the studio config",
            field="engine")]
    if not isinstance(engine, str) or not ENGINE_RE.match(engine):
        return [
            error(
                "engine-invalid",
                f"engine {engine!r} is not an engine code: use letters, digits, '_', '.', "
                "'-', at most 32 characters (e.g. arnold-7-maya-2024)",
                field="engine",
            )
        ]
    return _engine_quirks(engine, data)


def _engine_quirks(engine: str, data: Dict[str, Any]) -> List[Finding]:
    """Known engine defects (ACCSYN_API.md 7.1, 7.3) that a payload can avoid."""
    out: List[Finding] = []
    if engine.startswith("vray-4") and data.get("output"):
        out.append(
            warning(
                "engine-vray4-output",
                "vray-4 engines fail with KeyError when output is set; leave output empty or use vray-5",
                field="output",
            )
        )
    if _PER_FRAME_FILE_ENGINE_RE.match(engine):
        if data.get("range") is None:
            out.append(
                warning(
                    "engine-needs-range",
                    f"{engine} crashes without a range (it reads the item 'all' as a frame number); set the range",
                    field="range",
                )
            )
        if isinstance(data.get("input"), str) and not _PRINTF_RE.search(data["input"]):
            out.append(
                warning(
                    "engine-needs-printf-input",
                    f"{engine} takes one file per frame: input must be a printf pattern such as shot.%04d.ifd",
                    field="input",
                )
            )
    return out


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
        out.append(error("output-invalid", "output must be a folder path as text, or left out", field="output"))
    deps = data.get("dependencies", [])
    if not isinstance(deps, list):
        return out + [error("dependencies-not-list", "dependencies must be a list of file paths", field="dependencies")]
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
        out += check_mapped_share_paths(params["mapped_share_paths"], [p for p in paths if isinstance(p, str)])
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
                "input_conversion platform compares remote_os with the node's OS; set remote_os to the submitting OS",
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
        return [error("arguments-invalid", "arguments must be a string ('-txV') or a list of strings", field=f)]
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
