"""Colours, status icons and the small style sheet of the submit dialog.

The dialog inherits the host's palette (Nuke, Maya and Houdini are dark); these colours are chosen
to read on dark and light palettes alike. Icons are painted at runtime: no image files to ship.
"""

from __future__ import annotations

from typing import Dict

from qtpy import QtCore, QtGui, QtWidgets

OK = "ok"
PARTIAL = "partial"
MISSING = "missing"
OFF_SHARE = "off-share"
ERROR = "error"
WARNING = "warning"
INFO = "info"

COLORS: Dict[str, str] = {
    OK: "#3fb950",
    PARTIAL: "#d29922",
    MISSING: "#f85149",
    OFF_SHARE: "#d29922",
    ERROR: "#f85149",
    WARNING: "#d29922",
    INFO: "#58a6ff",
    "skip": "#30363d",
    "ignored": "#6e7681",
}
_GLYPHS = {OK: "\u2713", PARTIAL: "!", MISSING: "\u2715", OFF_SHARE: "?", ERROR: "\u2715",
           WARNING: "!", INFO: "i", "ignored": "\u2013"}
_ICONS: Dict[str, QtGui.QIcon] = {}

_SHEET = """
QLabel#sectionTitle { font-weight: bold; font-size: 11pt; padding-top: 4px; }
QLabel#fieldError { color: %(error)s; }
QLabel#hint { color: palette(mid); }
QFrame#banner { border-radius: 4px; padding: 6px; }
QFrame#banner[level="error"] { background: rgba(248, 81, 73, 40); border: 1px solid %(error)s; }
QFrame#banner[level="ok"] { background: rgba(63, 185, 80, 40); border: 1px solid %(ok)s; }
QFrame#banner[level="info"] { background: rgba(88, 166, 255, 30); border: 1px solid %(info)s; }
QLineEdit[invalid="true"] { border: 1px solid %(error)s; }
QPushButton#submit { font-weight: bold; padding: 4px 18px; }
"""
STYLE_SHEET = (_SHEET.replace("%(error)s", COLORS[ERROR]).replace("%(ok)s", COLORS[OK])
               .replace("%(info)s", COLORS[INFO]))


def color(key: str) -> QtGui.QColor:
    return QtGui.QColor(COLORS.get(key, COLORS[INFO]))


def status_icon(key: str, size: int = 14) -> QtGui.QIcon:
    """A filled round badge with a glyph (tick, cross, !) in the status colour."""
    cache_key = f"{key}:{size}"
    if cache_key in _ICONS:
        return _ICONS[cache_key]
    pix = QtGui.QPixmap(size * 2, size * 2)  # drawn at 2x, scaled down by Qt: crisp on HiDPI
    pix.fill(QtCore.Qt.transparent)
    p = QtGui.QPainter(pix)
    p.setRenderHint(QtGui.QPainter.Antialiasing, True)
    p.setPen(QtCore.Qt.NoPen)
    p.setBrush(color(key))
    p.drawEllipse(QtCore.QRectF(1, 1, size * 2 - 2, size * 2 - 2))
    font = QtGui.QFont()
    font.setBold(True)
    font.setPixelSize(int(size * 1.3))
    p.setFont(font)
    p.setPen(QtGui.QColor("#ffffff") if key not in (PARTIAL, WARNING, OFF_SHARE) else QtGui.QColor("#1f2328"))
    p.drawText(QtCore.QRectF(0, 0, size * 2, size * 2), QtCore.Qt.AlignCenter, _GLYPHS.get(key, ""))
    p.end()
    icon = QtGui.QIcon(pix)
    _ICONS[cache_key] = icon
    return icon


def apply_standalone_look(app: QtWidgets.QApplication) -> None:
    """Outside a host (tests, a standalone run): Fusion with a dark palette like the DCCs'."""
    app.setStyle("Fusion")
    pal = QtGui.QPalette()
    roles = {
        QtGui.QPalette.Window: "#2b2b2b",
        QtGui.QPalette.WindowText: "#dcdcdc",
        QtGui.QPalette.Base: "#1f1f1f",
        QtGui.QPalette.AlternateBase: "#262626",
        QtGui.QPalette.ToolTipBase: "#3a3a3a",
        QtGui.QPalette.ToolTipText: "#dcdcdc",
        QtGui.QPalette.Text: "#dcdcdc",
        QtGui.QPalette.Button: "#3a3a3a",
        QtGui.QPalette.ButtonText: "#dcdcdc",
        QtGui.QPalette.Highlight: "#2f65ca",
        QtGui.QPalette.HighlightedText: "#ffffff",
        QtGui.QPalette.Mid: "#8b8b8b",
        QtGui.QPalette.Link: "#58a6ff",
    }
    placeholder = getattr(QtGui.QPalette, "PlaceholderText", None)  # Qt >= 5.12
    if placeholder is not None:
        roles[placeholder] = "#8b8b8b"
    for role, value in roles.items():
        pal.setColor(role, QtGui.QColor(value))
    pal.setColor(QtGui.QPalette.Disabled, QtGui.QPalette.ButtonText, QtGui.QColor("#777777"))
    pal.setColor(QtGui.QPalette.Disabled, QtGui.QPalette.Text, QtGui.QColor("#777777"))
    app.setPalette(pal)
