"""Per-site transfer settings (``parameters.site``): a small editable table.

Rows are ``site | direction | setting | value``; :meth:`SiteSettingsTable.sites` gives the
JobSpec's ``sites`` mapping ``{site: {"download"|"upload"|"common": {key: value}}}``. The ``local``
swap rule is explained next to the table (the text is core's, so the CLI help says the same).
"""

from __future__ import annotations

from typing import Any, Dict, Mapping, Optional

from qtpy import QtCore, QtWidgets

DIRECTIONS = ("download", "upload", "common")
SHORT_HELP = "Site \"local\" is this computer; for it, upload and download swap (hover for the rule)."


def local_site_help() -> str:
    """The ``local`` swap rule, core's text (the CLI's ``submit --help`` shows the same)."""
    from accsyn_dcc.core.sites import LOCAL_SITE_HELP

    return LOCAL_SITE_HELP


class SiteSettingsTable(QtWidgets.QWidget):
    changed = QtCore.Signal()

    def __init__(self, parent: Optional[QtWidgets.QWidget] = None) -> None:
        super().__init__(parent)
        self.table = QtWidgets.QTableWidget(0, 4, self)
        self.table.setHorizontalHeaderLabels(["Site", "Direction", "Setting", "Value"])
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectRows)
        self.table.setMaximumHeight(96)
        self.table.setColumnWidth(0, 70)
        self.table.setColumnWidth(1, 90)
        self.table.setColumnWidth(2, 130)
        self.table.itemChanged.connect(lambda _item: self.changed.emit())
        add = QtWidgets.QPushButton("Add", self)
        add.setAutoDefault(False)
        add.clicked.connect(lambda: self.add_row("local", "upload", "task_bucketsize", ""))
        remove = QtWidgets.QPushButton("Remove", self)
        remove.setAutoDefault(False)
        remove.clicked.connect(self._remove_selected)
        self.help_label = QtWidgets.QLabel(self)
        self.help_label.setObjectName("hint")
        self.help_label.setWordWrap(True)
        self.help_label.setText(SHORT_HELP)
        for w in (self.help_label, self.table):
            w.setToolTip(local_site_help())
        buttons = QtWidgets.QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        self.setSizePolicy(QtWidgets.QSizePolicy.Preferred, QtWidgets.QSizePolicy.Maximum)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addWidget(self.help_label)

    def add_row(self, site: str, direction: str, key: str, value: str) -> None:
        self.table.blockSignals(True)
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QtWidgets.QTableWidgetItem(site))
        combo = QtWidgets.QComboBox(self.table)
        combo.addItems(list(DIRECTIONS))
        combo.setCurrentText(direction if direction in DIRECTIONS else "common")
        combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.table.setCellWidget(row, 1, combo)
        self.table.setItem(row, 2, QtWidgets.QTableWidgetItem(key))
        self.table.setItem(row, 3, QtWidgets.QTableWidgetItem(value))
        self.table.blockSignals(False)
        self.changed.emit()

    def _remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True)
        for r in rows:
            self.table.removeRow(r)
        if rows:
            self.changed.emit()

    def sites(self) -> Dict[str, Dict[str, Dict[str, str]]]:
        out: Dict[str, Dict[str, Dict[str, str]]] = {}
        for r in range(self.table.rowCount()):
            site, key, value = (self._text(r, c) for c in (0, 2, 3))
            if not site or not key:
                continue
            direction = self.table.cellWidget(r, 1).currentText()
            out.setdefault(site, {}).setdefault(direction, {})[key] = value
        return out

    def set_sites(self, sites: Optional[Mapping[str, Any]]) -> None:
        self.table.setRowCount(0)
        for site, kinds in (sites or {}).items():
            for direction, settings in (kinds or {}).items():
                for key, value in (settings or {}).items():
                    self.add_row(str(site), str(direction), str(key), str(value))

    def _text(self, row: int, col: int) -> str:
        item = self.table.item(row, col)
        return item.text().strip() if item is not None else ""
