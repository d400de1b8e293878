"""Job environment variables: the payload's ``envs``, flat or per OS.

Two wire forms (ACCSYN_API.md section 5)::

    {"VAR": "value"}                                                  flat: every node
    {"common": {...}, "linux": {...}, "mac": {...}, "windows": {...}}  per OS

The farm recognises the per-OS form **only if ``common`` exists and is a dict** (pitfall P9);
without it the OS sections become variables whose values are the dicts' text. :func:`normalise_envs`
adds ``"common": {}`` (with an info finding), :func:`check_envs` validates an already built dict.
:func:`parse_env_args` reads the CLI's ``--env K=V`` / ``--env linux:K=V``.
"""

from __future__ import annotations

import re
from typing import Any, Dict, Iterable, List, Mapping, Tuple

from accsyn_dcc.core.errors import InputError
from accsyn_dcc.core.findings import Finding, error, info, warning

COMMON = "common"
OS_SECTIONS = ("linux", "mac", "windows")
SECTIONS = (COMMON,) + OS_SECTIONS
ENV_KEY_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
ENV_ARG_FORM = "K=V or OS:K=V (OS one of common, linux, mac, windows), e.g. NUKE_PATH=/mnt/tools or linux:X=1"

# A Windows drive or UNC path at the start of the value or of a list item (; : , or whitespace).
_WINDOWS_PATH_RE = re.compile(r"(?:^|[;,:\s])(?:[A-Za-z]:[\\/]|\\\\[^\\])")
# A POSIX absolute path at the start of the value or of a ';'-separated list item.
_POSIX_PATH_RE = re.compile(r"(?:^|;)/[^/\s]")


def is_per_os(envs: Mapping[str, Any]) -> bool:
    """True when ``envs`` is meant as the per-OS form: some section key holds a dict."""
    return any(k in SECTIONS and isinstance(v, dict) for k, v in envs.items())


def env_value_text(value: Any) -> str:
    """An env value as the wire text: bools ``true``/``false``, numbers as written."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def normalise_envs(envs: Mapping[str, Any]) -> Tuple[Dict[str, Any], List[Finding]]:
    """Copy ``envs`` into wire form: scalar values as text, ``common`` added to the per-OS form."""
    findings: List[Finding] = []
    if not is_per_os(envs):
        return {k: _scalar(v) for k, v in envs.items()}, findings
    out: Dict[str, Any] = {}
    for k, v in envs.items():
        out[k] = {kk: _scalar(vv) for kk, vv in v.items()} if isinstance(v, dict) else v
    if COMMON not in out:
        out = {COMMON: {}, **out}
        findings.append(
            info(
                "envs-common-added",
                'added "common": {} to envs: the farm honours per-OS envs only when a common section exists',
                field="envs",
            )
        )
    return out, findings


def _scalar(value: Any) -> Any:
    return env_value_text(value) if isinstance(value, (bool, int, float)) else value


def check_envs(envs: Any) -> List[Finding]:
    """Validate a wire ``envs`` value (flat or per-OS); all problems at once."""
    if envs is None:
        return []
    if not isinstance(envs, dict):
        return [error("envs-not-object", "envs must be an object of VAR: value (or per-OS sections)", field="envs")]
    if not is_per_os(envs):
        return _check_vars(envs, "envs")
    out: List[Finding] = []
    if not isinstance(envs.get(COMMON), dict):
        out.append(
            error(
                "envs-missing-common",
                'per-OS envs need a "common" section: without it the farm treats linux/mac/windows as '
                'variable names and sets no per-OS variables. Add "common": {}',
                field="envs",
            )
        )
    for key, section in envs.items():
        if key not in SECTIONS or not isinstance(section, dict):
            out.append(
                error(
                    "envs-mixed-forms",
                    f'envs mixes per-OS sections with the plain entry {key!r}; move it into "common"',
                    field=f"envs.{key}",
                )
            )
            continue
        out.extend(_check_vars(section, f"envs.{key}"))
        out.extend(_check_os_paths(key, section))
    return out


def _check_vars(section: Mapping[str, Any], where: str) -> List[Finding]:
    out: List[Finding] = []
    for key, value in section.items():
        if not isinstance(key, str) or not ENV_KEY_RE.match(key):
            out.append(
                error(
                    "env-key-invalid",
                    f"{key!r} is not a valid environment variable name; use letters, digits and '_', "
                    "not starting with a digit (e.g. NUKE_PATH)",
                    field=f"{where}.{key}",
                )
            )
        if not isinstance(value, str):
            hint = ' (per-OS sections go in the per-OS form with a "common" key)' if isinstance(value, dict) else ""
            out.append(
                error(
                    "env-value-not-string",
                    f"value of {key} must be text, not {type(value).__name__}{hint}",
                    field=f"{where}.{key}",
                )
            )
    return out


def _check_os_paths(os_name: str, section: Mapping[str, Any]) -> List[Finding]:
    out: List[Finding] = []
    for key, value in section.items():
        if not isinstance(value, str):
            continue
        if os_name in ("linux", "mac") and _WINDOWS_PATH_RE.search(value):
            what = "a Windows path"
        elif os_name == "windows" and _POSIX_PATH_RE.search(value):
            what = "a Linux/macOS path"
        else:
            continue
        out.append(
            warning(
                "env-path-wrong-os",
                f"envs.{os_name}.{key} = {value!r} looks like {what}, which {os_name} nodes cannot use; "
                f"give the path as {os_name} nodes see it",
                field=f"envs.{os_name}.{key}",
            )
        )
    return out


def parse_env_args(items: Iterable[str]) -> Dict[str, Any]:
    """CLI ``--env`` values → envs. ``["K=V"]`` gives the flat form; any ``OS:K=V`` gives the
    per-OS form (``common`` included, flat items go there). Raises :class:`InputError`."""
    flat: Dict[str, str] = {}
    per_os: Dict[str, Dict[str, str]] = {}
    for item in items:
        section, key, value = _parse_env_arg(item)
        if section is None:
            flat[key] = value
        else:
            per_os.setdefault(section, {})[key] = value
    if not per_os:
        return dict(flat)
    out: Dict[str, Any] = {COMMON: {**flat, **per_os.pop(COMMON, {})}}
    out.update({s: per_os[s] for s in OS_SECTIONS if s in per_os})
    return out


def _parse_env_arg(item: str) -> Tuple[Any, str, str]:
    left, eq, value = item.partition("=")
    if not eq or not left:
        raise InputError(f"--env {item!r} is not K=V", field="envs", hint=f"Write {ENV_ARG_FORM}.")
    section = None
    if ":" in left:
        section, _, left = left.partition(":")
        if section not in SECTIONS:
            raise InputError(f"--env {item!r}: unknown OS {section!r}", field="envs", hint=f"Write {ENV_ARG_FORM}.")
    if not ENV_KEY_RE.match(left):
        raise InputError(
            f"--env {item!r}: {left!r} is not a valid variable name",
            field="envs",
            hint=f"Use letters, digits and '_', not starting with a digit; write {ENV_ARG_FORM}.",
        )
    return section, left, value
