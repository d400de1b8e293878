"""The dialog's panels: the message banner, the dependency panel (table + coverage strip) and the
progress row (bar, message, cancel)."""

from __future__ import annotations

from typing import Optional

from qtpy import QtCore, QtWidgets

from accsyn_dcc.core.refs import SEQUENCE, UDIM, GatherResult
from accsyn_dcc.hosts.common import deps_model, theme
from accsyn_dcc.hosts.common.coverage import CoverageDelegate, CoverageStrip


class Banner(QtWidgets.QFrame):
    """One line of outcome: an error (``describe`` text), a submit result, a cancel notice."""

    def __init__(self, parent: Optional[QtWidgets.QWidget] = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.icon = QtWidgets.QLabel(self)
        self.label = QtWidgets.QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(QtCore.Qt.TextSelectableByMouse)
        lay = QtWidgets.QHBoxLayout(self)
        lay.setContentsMargins(8, 4, 8, 4)
        lay.addWidget(self.icon)
        lay.addWidget(self.label, 1)
        self.level = ""
        self.hide()

    def show_message(self, level: str, text: str) -> None:
        self.level = level
        self.setProperty("level", level)
        self.icon.setPixmap(theme.status_icon(level).pixmap(16, 16))
        self.label.setText(text)
        self.style().unpolish(self)
        self.style().polish(self)
        self.show()

    def text(self) -> str:
        return self.label.text() if self.isVisible() else ""

    def clear(self) -> None:
        self.level = ""
        self.label.setText("")
        self.hide()


class DependencyPanel(QtWidgets.QGroupBox):
    """The dependency table and, under it, the coverage strip of the selected sequence."""

    def __init__(self, parent: Optional[QtWidgets.QWidget] = None) -> None:
        super().__init__("Dependencies", parent)
        self.model = deps_model.DependencyModel(self)
        self.table = QtWidgets.QTableView(self)
        self.table.setObjectName("dependencies")
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(deps_model.COVERAGE, CoverageDelegate(self.table))
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QtWidgets.QAbstractItemView.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(QtCore.Qt.ElideMiddle)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(QtCore.Qt.AlignLeft | QtCore.Qt.AlignVCenter)
        for col, width in ((deps_model.STATUS, 120), (deps_model.NODE, 92), (deps_model.FRAMES, 80),
                           (deps_model.MISSING, 124), (deps_model.COVERAGE, 112), (deps_model.SHARE, 90)):
            self.table.setColumnWidth(col, width)
        header.setSectionResizeMode(deps_model.PATH, QtWidgets.QHeaderView.Stretch)
        self.table.selectionModel().currentRowChanged.connect(self._on_current)
        self.strip = CoverageStrip(self)
        lay = QtWidgets.QVBoxLayout(self)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.strip)

    def set_result(self, result: Optional[GatherResult], share_names: Optional[dict] = None) -> None:
        if share_names is not None:
            self.model.set_share_names(share_names)
        self.model.set_dependencies(result.dependencies if result is not None else [])
        self.setTitle(f"Dependencies \u2014 {self.summary()}" if result is not None else "Dependencies")
        self.strip.clear()
        if result is not None:
            self.select_row(self._first_sequence_row())

    def summary(self) -> str:
        deps = self.model.dependencies()
        counts = {}
        for d in deps:
            s = deps_model.dependency_status(d)
            counts[s] = counts.get(s, 0) + 1
        parts = [f"{len(deps)} file{'s' if len(deps) != 1 else ''}"]
        for key, label in ((theme.MISSING, "missing"), (theme.PARTIAL, "with missing frames"),
                           (theme.OFF_SHARE, "not on a share")):
            if counts.get(key):
                parts.append(f"{counts[key]} {label}")
        return ", ".join(parts)

    def select_row(self, row: Optional[int]) -> None:
        if row is None or not 0 <= row < self.model.rowCount():
            return
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        self._show_coverage(row)

    def _first_sequence_row(self) -> Optional[int]:
        rows = [i for i, d in enumerate(self.model.dependencies()) if d.kind in (SEQUENCE, UDIM) and d.frames]
        with_gaps = [i for i in rows if self.model.dependency(i).missing]
        return (with_gaps or rows or [None])[0]

    def _on_current(self, current: QtCore.QModelIndex, _previous: QtCore.QModelIndex) -> None:
        if current.isValid():
            self._show_coverage(current.row())

    def _show_coverage(self, row: int) -> None:
        dep = self.model.dependency(row)
        if dep.kind in (SEQUENCE, UDIM) and dep.frames:
            self.strip.set_sequence(f"{deps_model.node_label(dep)}  {dep.path}", dep.frames, dep.missing)
        else:
            self.strip.clear()


class ProgressRow(QtWidgets.QWidget):
    """A progress bar with a message and a cancel button while core works; a summary otherwise."""

    def __init__(self, parent: Optional[QtWidgets.QWidget] = None) -> None:
        super().__init__(parent)
        self.bar = QtWidgets.QProgressBar(self)
        self.bar.setTextVisible(False)
        self.bar.setMaximumWidth(260)
        self.bar.setMaximumHeight(14)
        self.message = QtWidgets.QLabel(self)
        self.message.setObjectName("hint")
        self.cancel_button = QtWidgets.QPushButton("Cancel", self)
        self.cancel_button.setAutoDefault(False)
        lay = QtWidgets.QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.bar)
        lay.addWidget(self.message, 1)
        lay.addWidget(self.cancel_button)
        self.set_idle("")

    def set_busy(self, message: str, cancellable: bool) -> None:
        self.bar.setRange(0, 0)  # busy until the first progress report gives a total
        self.bar.show()
        self.message.setText(message)
        self.cancel_button.setVisible(cancellable)
        self.cancel_button.setEnabled(cancellable)

    def set_progress(self, done: int, total: int, message: str) -> None:
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
        if message:
            self.message.setText(message)

    def set_message(self, text: str) -> None:
        self.message.setText(text)

    def set_idle(self, summary: str) -> None:
        self.bar.hide()
        self.cancel_button.hide()
        self.message.setText(summary)
