"""open_submit_dialog (what the host menus call) and the PySide2-safety rules of hosts/common."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from accsyn_dcc.hosts.common import launch

from .conftest import wait_idle

COMMON = Path(launch.__file__).resolve().parent


def test_launch_module_imports_no_qt_and_no_requests():
    heavy = "('qtpy', 'PySide2', 'PySide6', 'requests')"
    code = ("import sys, accsyn_dcc.hosts.common.launch; "
            f"bad = [m for m in sys.modules if m.split('.')[0] in {heavy}]; "
            "print(bad); sys.exit(1 if bad else 0)")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stdout + run.stderr


def test_open_submit_dialog_is_a_singleton_per_host(qtbot, collect, config, monkeypatch):
    monkeypatch.setattr(launch, "_OPEN", {})
    first = launch.open_submit_dialog("nuke", collect, host_version="16.0", config=config)
    qtbot.addWidget(first)
    wait_idle(qtbot, first)
    assert first.isVisible() and first.gather_result() is not None
    assert first.windowTitle() == "Submit to accsyn"
    again = launch.open_submit_dialog("nuke", collect, host_version="16.0")
    assert again is first  # raised and rescanned, not a second window
    wait_idle(qtbot, again)
    assert again.gather_result() is not None
    other = launch.open_submit_dialog("maya", collect, config=config)
    qtbot.addWidget(other)
    assert other is not first
    wait_idle(qtbot, other)


def _sources():
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(COMMON.glob("*.py"))}


# Forms that work on PySide6 only (or PyQt), with the form both bindings accept.
_PYSIDE6_ONLY = {
    r"\bfrom PySide[26]\b|\bimport PySide[26]\b": "import Qt through qtpy only",
    r"QtGui\.QAction\b|QtGui\.QShortcut\b": "QAction/QShortcut live in QtWidgets on PySide2",
    r"\.exec\(\)": "call modal dialogs through qtcompat.exec_dialog",
    r"Qt\.[A-Z][A-Za-z]+Flag\.|Qt\.(?:AlignmentFlag|ItemDataRole|CheckState|Orientation)\.":
        "use the unscoped Qt.* enum names both bindings accept",
    r"\.position\(\)\.|globalPosition\(": "QMouseEvent.position() is Qt6 only; use pos()",
    r"QtCore\.QRegularExpression|QRegExp\b|QDesktopWidget|QPalette\.Background|MidButton":
        "removed or renamed between Qt5 and Qt6",
    r"fontMetrics\(\)\.width\(": "QFontMetrics.width is gone in Qt6; use horizontalAdvance",
}


def test_hosts_common_uses_idioms_both_bindings_accept():
    offences = []
    for name, text in _sources().items():
        for pattern, why in _PYSIDE6_ONLY.items():
            for m in re.finditer(pattern, text):
                if name == "qtcompat.py" and "exec" in pattern:
                    continue  # the one place that picks exec/exec_
                line = text.count("\n", 0, m.start()) + 1
                offences.append(f"{name}:{line}: {m.group(0)!r}: {why}")
    assert not offences, "\n".join(offences)


def test_qt_is_imported_lazily_where_hosts_import_cheaply():
    # launch.py and the Qt-free helpers must not import qtpy at module level.
    for name in ("launch.py", "fixes.py", "spec_fields.py"):
        text = (COMMON / name).read_text(encoding="utf-8")
        top = [ln for ln in text.splitlines() if ln.startswith(("import ", "from "))]
        assert not [ln for ln in top if "qtpy" in ln], name


def test_exec_dialog_helper_prefers_exec_then_exec_():
    from accsyn_dcc.hosts.common.qtcompat import exec_dialog

    class Qt5Like:
        def exec_(self):
            return 5

    class Qt6Like:
        def exec(self):
            return 6

        def exec_(self):  # deprecated alias on PySide6
            raise AssertionError("exec_ used where exec exists")

    assert exec_dialog(Qt5Like()) == 5
    assert exec_dialog(Qt6Like()) == 6
