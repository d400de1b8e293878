"""The findings list: errors, warnings and info, each with its "fix" and "ignore" buttons.

Errors block submit and cannot be ignored; a warning can be ignored (the user accepts it) and the
choice is kept per scene. What "fix" does is the dialog's business: the list only asks
``actions_for(finding)`` for ``[(action, label)]`` and emits ``fix_requested(finding, action)``.
"""

from __future__ import annotations

from typing import Callable, Dict, Iterable, List, Optional, Set, Tuple

from qtpy import QtCore, QtWidgets

from accsyn_dcc.core.findings import ERROR, WARNING, Finding, sort_findings
from accsyn_dcc.hosts.common import theme

ActionsFor = Callable[[Finding], List[Tuple[str, str]]]
KeyFor = Callable[[Finding], str]
FINDING_ROLE = QtCore.Qt.UserRole + 2


class FindingsList(QtWidgets.QTreeWidget):
    fix_requested = QtCore.Signal(object, str)
    ignore_toggled = QtCore.Signal(object, bool)
    finding_selected = QtCore.Signal(object)
    findings_changed = QtCore.Signal()

    def __init__(self, *, actions_for: ActionsFor, key_for: KeyFor,
                 parent: Optional[QtWidgets.QWidget] = None) -> None:
        super().__init__(parent)
        self._actions_for = actions_for
        self._key_for = key_for
        self._ignored: Set[str] = set()
        self._findings: List[Finding] = []
        self.setColumnCount(3)
        self.setHeaderHidden(True)
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(False)
        self.setAlternatingRowColors(True)
        self.setWordWrap(True)  # the end of a message says what to do: never elide it
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QtWidgets.QHeaderView.ResizeToContents)
        header.setSectionResizeMode(1, QtWidgets.QHeaderView.Stretch)
        header.setSectionResizeMode(2, QtWidgets.QHeaderView.ResizeToContents)
        self.itemSelectionChanged.connect(self._on_selection)

    # -- state ---------------------------------------------------------------------------------
    def set_ignored(self, keys: Iterable[str]) -> None:
        self._ignored = set(keys)
        self._rebuild()

    def ignored_keys(self) -> Set[str]:
        return set(self._ignored)

    def is_ignored(self, finding: Finding) -> bool:
        return finding.level == WARNING and self._key_for(finding) in self._ignored

    def set_findings(self, findings: Iterable[Finding]) -> None:
        self._findings = sort_findings(findings)
        self._rebuild()
        self.findings_changed.emit()

    def findings(self) -> List[Finding]:
        return list(self._findings)

    def counts(self) -> Dict[str, int]:
        """errors, open warnings (not ignored), ignored warnings, info."""
        out = {"error": 0, "warning": 0, "ignored": 0, "info": 0}
        for f in self._findings:
            out["ignored" if self.is_ignored(f) else f.level] += 1
        return out

    def set_ignore(self, finding: Finding, ignored: bool) -> None:
        if finding.level != WARNING:
            return
        key = self._key_for(finding)
        if ignored:
            self._ignored.add(key)
        else:
            self._ignored.discard(key)
        self._rebuild()
        self.ignore_toggled.emit(finding, ignored)

    # -- view ----------------------------------------------------------------------------------
    def _rebuild(self) -> None:
        self.clear()
        for finding in self._findings:
            ignored = self.is_ignored(finding)
            item = QtWidgets.QTreeWidgetItem(self)
            item.setData(0, FINDING_ROLE, finding)
            item.setIcon(0, theme.status_icon("ignored" if ignored else finding.level))
            item.setText(0, finding.code)
            item.setText(1, finding.message)
            item.setToolTip(1, f"[{finding.level}] {finding.code}: {finding.message}")
            if ignored:
                item.setForeground(0, theme.color("ignored"))
                item.setForeground(1, theme.color("ignored"))
            self.setItemWidget(item, 2, self._buttons(finding, ignored))

    def _buttons(self, finding: Finding, ignored: bool) -> QtWidgets.QWidget:
        box = QtWidgets.QWidget(self)
        row = QtWidgets.QHBoxLayout(box)
        row.setContentsMargins(2, 0, 2, 0)
        row.setSpacing(4)
        row.addStretch(1)  # buttons keep their size, right-aligned
        if not ignored:
            for action, label in self._actions_for(finding):
                b = QtWidgets.QPushButton(label, box)
                b.setObjectName(f"fix:{action}")
                b.setAutoDefault(False)
                b.clicked.connect(lambda _=False, f=finding, a=action: self.fix_requested.emit(f, a))
                row.addWidget(b)
        if finding.level == WARNING:
            b = QtWidgets.QPushButton("Un-ignore" if ignored else "Ignore", box)
            b.setObjectName("ignore")
            b.setAutoDefault(False)
            b.setToolTip("Accept this warning for this scene; it will not be shown as open again."
                         if not ignored else "Show this warning as open again.")
            b.clicked.connect(lambda _=False, f=finding, i=not ignored: self.set_ignore(f, i))
            row.addWidget(b)
        elif finding.level == ERROR:
            tag = QtWidgets.QLabel("blocks submit", box)
            tag.setObjectName("hint")
            row.addWidget(tag)
        return box

    def item_for(self, finding: Finding) -> Optional[QtWidgets.QTreeWidgetItem]:
        for i in range(self.topLevelItemCount()):
            item = self.topLevelItem(i)
            if item.data(0, FINDING_ROLE) == finding:
                return item
        return None

    def buttons_for(self, finding: Finding) -> Dict[str, QtWidgets.QPushButton]:
        item = self.item_for(finding)
        if item is None:
            return {}
        box = self.itemWidget(item, 2)
        return {b.objectName(): b for b in box.findChildren(QtWidgets.QPushButton)}

    def _on_selection(self) -> None:
        items = self.selectedItems()
        if items:
            self.finding_selected.emit(items[0].data(0, FINDING_ROLE))


class FindingDetail(QtWidgets.QLabel):
    """The whole text of one finding (list rows are one line; the end of a message says what to do)."""

    def __init__(self, parent: Optional[QtWidgets.QWidget] = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextInteractionFlags(QtCore.Qt.TextSelectableByMouse)
        self.setTextFormat(QtCore.Qt.PlainText)
        self.setMinimumHeight(2 * self.fontMetrics().height() + 6)
        self.setAlignment(QtCore.Qt.AlignLeft | QtCore.Qt.AlignTop)

    def show_finding(self, finding: Optional[Finding]) -> None:
        if finding is None:
            self.setText("")
            return
        self.setText(f"{finding.level.capitalize()} \u00b7 {finding.code}: {finding.message}")
