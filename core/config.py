"""The studio config: share roots per OS, default engines, default filters/settings, validators.

One TOML or JSON file, named by ``ACCSYN_DCC_CONFIG`` (default per user), or ``--map-config``.
The ``shares`` part is fixed (DESIGN.md)::

    {"shares": [{"id": "5c5b...", "name": "projects",
                 "roots": {"windows": "C:/projects", "linux": "/mnt/projects", "mac": "/Volumes/projects"}}],
     "engines": {"nuke": "nuke-14", "maya": "arnold-7-maya-2024", "houdini": "mantra-20"},
     "defaults": {"filters": "", "settings": {"task_bucketsize": "5"}},
     "validators": {"not-on-share": true}}

A bad file raises :class:`ConfigError` naming the file, the key and the problem.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Union

from accsyn_dcc.core.errors import ConfigError

OSES = ("windows", "linux", "mac")
_SHARE_ID_RE = re.compile(r"^[A-Za-z0-9_.()-]+$")
_KNOWN_KEYS = {"shares", "engines", "defaults", "validators", "hosts"}


@dataclass(frozen=True)
class Share:
    """An accsyn share (volume): its id (24-hex preferred, or code) and its root per OS."""

    id: str
    name: str = ""
    roots: Mapping[str, str] = field(default_factory=dict)


@dataclass
class Config:
    shares: List[Share] = field(default_factory=list)
    engines: Dict[str, str] = field(default_factory=dict)
    default_filters: str = ""
    default_settings: Dict[str, str] = field(default_factory=dict)
    validators: Dict[str, bool] = field(default_factory=dict)
    source: Optional[str] = None
    raw: Dict[str, Any] = field(default_factory=dict)

    def engine_for(self, host: str, version: Optional[str] = None) -> Optional[str]:
        """Default engine for a host, most specific first: ``nuke-14.0``, ``nuke-14``, ``nuke``."""
        if version:
            parts = str(version).split(".")
            for i in range(len(parts), 0, -1):
                key = f"{host}-{'.'.join(parts[:i])}"
                if key in self.engines:
                    return self.engines[key]
        return self.engines.get(host)

    def validator_enabled(self, code: str) -> bool:
        return self.validators.get(code, True)

    def share_by_id(self, share_id: str) -> Optional[Share]:
        for s in self.shares:
            if s.id == share_id or (s.name and s.name == share_id):
                return s
        return None


def _fail(path: Optional[str], key: str, problem: str, hint: Optional[str] = None) -> ConfigError:
    return ConfigError(f"config: {key}: {problem}", path=path, key=key, hint=hint)


def _read_file(path: Path) -> Dict[str, Any]:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(
            "config file not found", path=str(path), hint="Check ACCSYN_DCC_CONFIG or --map-config."
        ) from None
    except OSError as exc:
        raise ConfigError(f"config file cannot be read: {exc.strerror}", path=str(path)) from exc
    text = data.decode("utf-8", errors="replace")
    if path.suffix.lower() == ".json" or text.lstrip().startswith("{"):
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ConfigError(
                f"config is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}", path=str(path)
            ) from exc
    else:
        try:
            import tomllib  # type: ignore[import-not-found]  # novermin
        except ImportError:  # Python < 3.11
            import tomli as tomllib  # type: ignore[no-redef]
        try:
            obj = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"config is not valid TOML: {exc}", path=str(path)) from exc
    if not isinstance(obj, dict):
        raise ConfigError("config must be an object/table at the top level", path=str(path))
    return obj


def parse_config(obj: Mapping[str, Any], source: Optional[str] = None) -> Config:
    """Validate a config mapping; every problem names its key."""
    shares: List[Share] = []
    raw_shares = obj.get("shares", [])
    if not isinstance(raw_shares, list):
        raise _fail(source, "shares", "must be a list of {id, name, roots}")
    seen = set()
    for i, s in enumerate(raw_shares):
        key = f"shares[{i}]"
        if not isinstance(s, dict):
            raise _fail(source, key, "must be an object with id, name and roots")
        sid = s.get("id")
        if not isinstance(sid, str) or not sid or not _SHARE_ID_RE.match(sid):
            raise _fail(source, f"{key}.id", f"must be the share's id or code, got {sid!r}",
                        "Copy the 24-hex id from the accsyn web admin (Shares).")
        if sid in seen:
            raise _fail(source, f"{key}.id", f"share {sid} is listed twice")
        seen.add(sid)
        name = s.get("name", "")
        if not isinstance(name, str):
            raise _fail(source, f"{key}.name", "must be a string")
        roots = s.get("roots", {})
        if not isinstance(roots, dict) or not roots:
            raise _fail(source, f"{key}.roots", "must map at least one of windows/linux/mac to a root path")
        clean: Dict[str, str] = {}
        for os_name, root in roots.items():
            if os_name not in OSES:
                raise _fail(source, f"{key}.roots.{os_name}", f"unknown OS; use one of {', '.join(OSES)}")
            if not isinstance(root, str) or not root.strip():
                raise _fail(source, f"{key}.roots.{os_name}", "must be a non-empty path")
            clean[os_name] = root
        shares.append(Share(id=sid, name=name, roots=clean))

    engines = obj.get("engines", {})
    if not isinstance(engines, dict) or not all(isinstance(v, str) for v in engines.values()):
        raise _fail(source, "engines", "must map host names to engine codes, e.g. {\"nuke\": \"nuke-14\"}")

    defaults = obj.get("defaults", {})
    if not isinstance(defaults, dict):
        raise _fail(source, "defaults", "must be an object with filters and settings")
    filters = defaults.get("filters", "")
    if not isinstance(filters, str):
        raise _fail(source, "defaults.filters", "must be a filter string such as \"ram:>32g,site:hq\"")
    settings = defaults.get("settings", {})
    if not isinstance(settings, dict):
        raise _fail(source, "defaults.settings", "must be an object of setting name to value")
    str_settings: Dict[str, str] = {}
    for k, v in settings.items():
        if isinstance(v, bool):
            str_settings[k] = "true" if v else "false"
        elif isinstance(v, (int, float, str)):
            str_settings[k] = str(v)
        else:
            raise _fail(source, f"defaults.settings.{k}", "must be a string, number or boolean")

    validators = obj.get("validators", {})
    if not isinstance(validators, dict) or not all(isinstance(v, bool) for v in validators.values()):
        raise _fail(source, "validators", "must map finding codes to true/false")

    return Config(
        shares=shares,
        engines=dict(engines),
        default_filters=filters,
        default_settings=str_settings,
        validators=dict(validators),
        source=source,
        raw=dict(obj),
    )


def load_config(path: Union[str, Path, None] = None) -> Config:
    """Load the config named by ``path``, else ``ACCSYN_DCC_CONFIG``, else the per-user default.

    A missing per-user default file gives an empty config; a missing file that was *named*
    (argument or env var) is an error.
    """
    from accsyn_dcc.core import paths

    named = path is not None or bool(os.environ.get("ACCSYN_DCC_CONFIG"))
    p = Path(path).expanduser() if path is not None else paths.default_config_path()
    if not named and not p.exists():
        return Config()
    return parse_config(_read_file(p), source=str(p))


# -- per-scene sticky settings ---------------------------------------------------------------

def sticky_path(scene: Union[str, Path]) -> Path:
    return Path(f"{scene}.accsyn.json")


def load_sticky(scene: Union[str, Path]) -> Dict[str, Any]:
    """Sticky submit settings saved for a scene (next to it, else in the user dir); ``{}`` if none."""
    for p in (sticky_path(scene), _user_sticky_path(scene)):
        if p.is_file():
            try:
                obj = json.loads(p.read_text(encoding="utf-8"))
            except (OSError, json.JSONDecodeError) as exc:
                raise ConfigError(f"sticky settings cannot be read: {exc}", path=str(p),
                                  hint="Delete the file to start from defaults.") from exc
            if not isinstance(obj, dict):
                raise ConfigError("sticky settings must be a JSON object", path=str(p))
            return obj
    return {}


def save_sticky(scene: Union[str, Path], settings: Mapping[str, Any]) -> Path:
    """Save sticky settings next to the scene, or in the user dir when that folder is read-only."""
    from accsyn_dcc.core.atomic import write_json

    for p in (sticky_path(scene), _user_sticky_path(scene)):
        try:
            write_json(p, dict(settings))
            return p
        except OSError:
            continue
    raise ConfigError("sticky settings could not be saved anywhere", path=str(sticky_path(scene)))


def _user_sticky_path(scene: Union[str, Path]) -> Path:
    import hashlib

    from accsyn_dcc.core import paths

    digest = hashlib.sha1(os.path.abspath(str(scene)).encode("utf-8")).hexdigest()[:16]
    return paths.home() / "sticky" / f"{Path(scene).name}.{digest}.json"
