"""Root test config: isolate every test from the user's real accsyn-dcc home, config and credentials."""

from __future__ import annotations

import os

import pytest

# No timed assertions: hypothesis' per-example deadline and its too-slow health check are timing checks,
# and machines here are noisy (2 cores shared with other work).
from hypothesis import HealthCheck, settings  # noqa: E402

settings.register_profile("accsyn", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("accsyn")

# Before pytest-qt creates its session-wide QApplication: no display here or in CI.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

_ISOLATED_VARS = (
    "ACCSYN_DCC_HOME",
    "ACCSYN_DCC_CONFIG",
    "ACCSYN_WORKSPACE",
    "ACCSYN_DOMAIN",
    "ACCSYN_ORG",
    "ACCSYN_API_USER",
    "ACCSYN_API_KEY",
    "ACCSYN_HOSTNAME",
    "ACCSYN_PORT",
    "ACCSYN_CA_BUNDLE",
    "ACCSYN_PROXY",
    "ACCSYN_CREDENTIALS_PATH",
    "AS_DEV",
)


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("accsyn_home")
    for var in _ISOLATED_VARS:
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("ACCSYN_DCC_HOME", str(home))
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    yield home


REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(REPO), "shared")
CORPUS = os.path.join(SHARED, "corpus")


@pytest.fixture(scope="session")
def repo_dir():
    from pathlib import Path

    return Path(REPO)


@pytest.fixture(scope="session")
def corpus_dir():
    """../shared/corpus (real public scenes). Tests that need it skip nothing: CI has it."""
    from pathlib import Path

    p = Path(CORPUS)
    assert p.is_dir(), f"corpus not found at {p}; it sits beside the repo as ../shared/corpus"
    return p


@pytest.fixture(scope="session")
def artifacts_dir():
    """Where tests leave artifacts (screenshots, reports): <repo>/artifacts (git-ignored)."""
    from pathlib import Path

    p = Path(REPO) / "artifacts"
    p.mkdir(exist_ok=True)
    return p
