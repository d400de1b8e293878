"""Transfer settings: values on the wire, and per-site overrides (``parameters.site``).

Wire shape (ACCSYN_API.md section 5)::

    "parameters": {"site": {"<site code or id>" | "local":
                               {"settings": {"download": {...}, "upload": {...}, "common": {...}}}}}

:class:`~accsyn_dcc.core.payload.JobSpec` holds it without the ``settings`` level
(``{"local": {"upload": {"task_bucketsize": 1}}}``); :func:`normalise_sites` adds it and turns
values into text. The ``local`` swap rule is :data:`LOCAL_SITE_HELP`; the dialog and the CLI's
``submit --help`` show that text.
"""

from __future__ import annotations

import re
from typing import Any, Dict, Iterable, List, Mapping, NamedTuple, Tuple

from accsyn_dcc.core.errors import InputError
from accsyn_dcc.core.findings import Finding, error, info, warning

LOCAL = "local"
DOWNLOAD = "download"
UPLOAD = "upload"
COMMON = "common"
KINDS = (DOWNLOAD, UPLOAD, COMMON)
SITE_SETTING_FORM = "SITE.KIND.KEY=VALUE (KIND one of download, upload, common), e.g. local.upload.task_bucketsize=1"
_SITE_RE = re.compile(r"^[A-Za-z0-9_.()-]+$")
_KEY_RE = re.compile(r"^[A-Za-z0-9_]+$")

LOCAL_SITE_RULE = (
    "the reserved site 'local' is the submitting computer and applies only when you submit from a roaming "
    "(remote) site; for 'local' the directions swap: upload = sending the scene and its dependencies to the "
    "main site, download = fetching the rendered results back"
)

LOCAL_SITE_HELP = (
    "Site settings override transfer settings per site: download = main site to that site (scene, "
    "dependencies), upload = that site back to main site (results), common = both. "
    + LOCAL_SITE_RULE[0].upper() + LOCAL_SITE_RULE[1:]
    + ". Settings for every transfer of the job belong in the root settings instead."
)


def setting_text(value: Any) -> str:
    """A transfer-setting value as wire text: ``5`` → ``"5"``, ``True`` → ``"true"``, ``-1.0`` → ``"-1"``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def normalise_settings(settings: Mapping[str, Any]) -> Dict[str, Any]:
    """Scalar values become text; anything else is kept for :func:`check_settings` to report."""
    return {k: setting_text(v) if _is_scalar(v) else v for k, v in settings.items()}


def _is_scalar(value: Any) -> bool:
    return isinstance(value, (str, bool, int, float))


def check_settings(settings: Any, where: str = "settings") -> List[Finding]:
    """Validate a wire settings dict: names, text values, ``task_bucketsize`` a positive integer."""
    if not isinstance(settings, dict):
        return [error("settings-not-object", f"{where} must be an object of name: value", field=where)]
    out: List[Finding] = []
    for key, value in settings.items():
        field = f"{where}.{key}"
        if not isinstance(key, str) or not _KEY_RE.match(key):
            out.append(
                error(
                    "setting-name-invalid",
                    f"{key!r} is not a setting name (e.g. transfer_speedlimit)",
                    field=field,
                )
            )
        if not isinstance(value, str):
            out.append(_not_text(field, value))
        elif key == "task_bucketsize" and not (value.isdigit() and int(value) >= 1):
            out.append(
                error(
                    "bucket-size-invalid",
                    f"{field} is {value!r}; the bucket size is a whole number of frames, 1 or more",
                    field=field,
                )
            )
    return out


def _not_text(field: str, value: Any) -> Finding:
    """A number or bool is sent as-is by some clients and probably coerced (warning); anything else
    is an error."""
    if _is_scalar(value):
        return warning(
            "setting-not-string",
            f"{field} is {value!r}; send setting values as text, e.g. {setting_text(value)!r}",
            field=field,
        )
    return error("setting-not-string", f"{field} must be text, not {type(value).__name__}", field=field)


def normalise_sites(sites: Mapping[str, Any]) -> Tuple[Dict[str, Any], List[Finding]]:
    """JobSpec ``sites`` → wire ``parameters.site`` (adds the ``settings`` level, values as text).

    Also accepts the wire form (``{"local": {"settings": {...}}}``) unchanged in shape.
    """
    out: Dict[str, Any] = {}
    for site, kinds in sites.items():
        if isinstance(kinds, dict) and set(kinds) == {"settings"}:
            kinds = kinds["settings"]
        if not isinstance(kinds, dict):
            out[site] = kinds
            continue
        out[site] = {"settings": {k: normalise_settings(v) if isinstance(v, dict) else v for k, v in kinds.items()}}
    findings: List[Finding] = []
    if LOCAL in out:
        findings.append(info("site-local-roaming-only", LOCAL_SITE_RULE, field="parameters.site.local"))
    return out, findings


def check_sites(site_param: Any) -> List[Finding]:
    """Validate a wire ``parameters.site`` value."""
    where = "parameters.site"
    if not isinstance(site_param, dict):
        return [
            error(
                "site-settings-not-object",
                f"{where} must be an object keyed by site code, id or 'local'",
                field=where,
            )
        ]
    out: List[Finding] = []
    for site, body in site_param.items():
        field = f"{where}.{site}"
        if not isinstance(site, str) or not _SITE_RE.match(site):
            out.append(error("site-name-invalid", f"{site!r} is not a site code, id or 'local'", field=field))
        settings = body.get("settings") if isinstance(body, dict) else None
        if not isinstance(settings, dict) or set(body) != {"settings"}:
            out.append(
                error(
                    "site-settings-shape",
                    f'{field} must be {{"settings": {{"download"|"upload"|"common": {{...}}}}}}',
                    field=field,
                )
            )
            continue
        out.extend(_check_kinds(settings, f"{field}.settings"))
    return out


def _check_kinds(settings: Mapping[str, Any], where: str) -> List[Finding]:
    out: List[Finding] = []
    for kind, values in settings.items():
        if kind not in KINDS:
            out.append(
                error(
                    "site-settings-kind",
                    f"{where}.{kind}: unknown direction {kind!r}; use download, upload or common",
                    field=f"{where}.{kind}",
                )
            )
            continue
        out.extend(check_settings(values, f"{where}.{kind}"))
    return out


class SiteSetting(NamedTuple):
    """One ``--site-setting SITE.KIND.KEY=VALUE``."""

    site: str
    kind: str
    key: str
    value: str


def parse_site_setting(text: str) -> SiteSetting:
    """Parse ``SITE.KIND.KEY=VALUE``; the site may itself contain dots. Raises :class:`InputError`."""
    left, eq, value = text.partition("=")
    parts = left.rsplit(".", 2) if eq else []
    if len(parts) != 3 or not all(parts):
        raise InputError(
            f"--site-setting {text!r} is not SITE.KIND.KEY=VALUE",
            field="site",
            hint=f"Write {SITE_SETTING_FORM}.",
        )
    site, kind, key = parts
    if kind not in KINDS:
        raise InputError(
            f"--site-setting {text!r}: unknown direction {kind!r}",
            field="site",
            hint=f"Use download, upload or common: {SITE_SETTING_FORM}.",
        )
    if not _SITE_RE.match(site) or not _KEY_RE.match(key):
        bad = site if not _SITE_RE.match(site) else key
        raise InputError(
            f"--site-setting {text!r}: {bad!r} is not a valid site or setting name",
            field="site",
            hint=f"Write {SITE_SETTING_FORM}.",
        )
    return SiteSetting(site, kind, key, value)


def parse_site_settings(items: Iterable[str]) -> Dict[str, Dict[str, Dict[str, str]]]:
    """Several ``--site-setting`` values merged into the JobSpec ``sites`` shape."""
    out: Dict[str, Dict[str, Dict[str, str]]] = {}
    for item in items:
        s = parse_site_setting(item)
        out.setdefault(s.site, {}).setdefault(s.kind, {})[s.key] = s.value
    return out
