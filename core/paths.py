"""Per-user locations (platformdirs, imported lazily), overridable by environment variables.

``ACCSYN_DCC_HOME``: the user data dir (outbox, credentials, caches).
``ACCSYN_DCC_CONFIG``: the studio config file.
"""

from __future__ import annotations

import os
from pathlib import Path

APP = "accsyn-dcc"


def home() -> Path:
    """The user data dir: ``$ACCSYN_DCC_HOME`` or platformdirs' user data dir."""
    env = os.environ.get("ACCSYN_DCC_HOME")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir(APP, appauthor=False))


def config_dir() -> Path:
    env = os.environ.get("ACCSYN_DCC_HOME")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_config_dir(APP, appauthor=False))


def outbox_dir() -> Path:
    return home() / "outbox"


def default_config_path() -> Path:
    """``$ACCSYN_DCC_CONFIG`` or ``<user config dir>/config.toml`` (``config.json`` also read)."""
    env = os.environ.get("ACCSYN_DCC_CONFIG")
    if env:
        return Path(env).expanduser()
    d = config_dir()
    for name in ("config.toml", "config.json"):
        if (d / name).exists():
            return d / name
    return d / "config.toml"
