"""Host tests run against the fakes in tests/fakes (fake ``nuke``, ``maya``, ``hou`` modules)."""

from __future__ import annotations

import os
import sys

import pytest

FAKES = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "fakes")
FAKE_MODULES = ("nuke", "maya", "hou", "scenes")
HOST_MODULES = ("accsyn_dcc.hosts.nuke.", "accsyn_dcc.hosts.maya.", "accsyn_dcc.hosts.houdini.")


@pytest.fixture(scope="session", autouse=True)
def host_fakes():
    """Put the fakes on sys.path for this folder's tests only, and take them off afterwards."""
    sys.path.insert(0, FAKES)
    yield FAKES
    sys.path.remove(FAKES)
    for name in list(sys.modules):
        if name.split(".")[0] in FAKE_MODULES or name.startswith(HOST_MODULES):
            del sys.modules[name]


@pytest.fixture
def dialog_calls(monkeypatch):
    """Stand in for the shared dialog: records each open_submit_dialog call."""
    from accsyn_dcc.hosts.common import launch

    calls = []

    def fake_open(host, collect, *, host_version=None, parent=None, **inject):
        calls.append({"host": host, "collect": collect, "host_version": host_version, "parent": parent})
        return "dialog"

    monkeypatch.setattr(launch, "open_submit_dialog", fake_open)
    return calls


def pytest_terminal_summary(terminalreporter):
    """Show the start-up import cost measured by test_entries.py (a fresh interpreter each)."""
    rows = []
    for report in terminalreporter.stats.get("passed", []):
        for key, value in getattr(report, "user_properties", ()):
            if key == "import_seconds":
                rows.append((report.nodeid.split("[", 1)[-1].rstrip("]"), value))
    if rows:
        terminalreporter.write_sep("-", "host start-up import cost (fresh interpreter, fakes)")
        for label, seconds in sorted(rows):
            terminalreporter.write_line(f"{label}: {seconds * 1000:.1f} ms")
