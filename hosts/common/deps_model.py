"""The dependency table: one row per resolved :class:`~accsyn_dcc.core.refs.Dependency`."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from qtpy import QtCore

from accsyn_dcc.core.refs import SEQUENCE, UDIM, Dependency
from accsyn_dcc.hosts.common import theme
from accsyn_dcc.hosts.common.coverage import CoverageDelegate, coverage_segments

COLUMNS = ("Status", "Node", "Path", "Frames", "Missing", "Coverage", "Share")
STATUS, NODE, PATH, FRAMES, MISSING, COVERAGE, SHARE = range(len(COLUMNS))
_STATUS_TEXT = {theme.OK: "ok", theme.PARTIAL: "frames missing", theme.MISSING: "missing",
                theme.OFF_SHARE: "not on a share"}
DEPENDENCY_ROLE = QtCore.Qt.UserRole + 1


def dependency_status(dep: Dependency) -> str:
    """ok / partial (some frames missing) / missing / off-share, worst first."""
    if not dep.exists and not (dep.kind in (SEQUENCE, UDIM) and dep.missing is not None
                               and dep.frames and len(dep.missing) < len(dep.frames)):
        return theme.MISSING
    if dep.missing:
        return theme.PARTIAL
    if not dep.share:
        return theme.OFF_SHARE
    return theme.OK


def _segments_of(dep: Dependency) -> list:
    return coverage_segments(dep.frames, dep.missing) if dep.kind in (SEQUENCE, UDIM) else []


def node_label(dep: Dependency) -> str:
    if dep.node and dep.attr:
        return f"{dep.node}.{dep.attr}"
    return dep.node or dep.attr or ""


class DependencyModel(QtCore.QAbstractTableModel):
    """Read-only rows; :meth:`replace` swaps in a dependency the user relinked."""

    def __init__(self, parent: Optional[QtCore.QObject] = None) -> None:
        super().__init__(parent)
        self._deps: List[Dependency] = []
        self._segments: List[list] = []
        self._share_names: Dict[str, str] = {}

    def set_share_names(self, names: Dict[str, str]) -> None:
        """Share id -> name, so the Share column reads "projects" rather than a 24-hex id."""
        self._share_names = dict(names)

    def set_dependencies(self, deps: List[Dependency]) -> None:
        self.beginResetModel()
        self._deps = list(deps)
        self._segments = [_segments_of(d) for d in self._deps]
        self.endResetModel()

    def dependency(self, row: int) -> Dependency:
        return self._deps[row]

    def replace(self, row: int, dep: Dependency) -> None:
        self._deps[row] = dep
        self._segments[row] = _segments_of(dep)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def row_of(self, index_in_result: int) -> int:
        """Rows are in the result's order, so a finding's ``ref`` is its row."""
        return index_in_result

    def dependencies(self) -> List[Dependency]:
        return list(self._deps)

    def rowCount(self, parent: QtCore.QModelIndex = QtCore.QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._deps)

    def columnCount(self, parent: QtCore.QModelIndex = QtCore.QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Any, role: int = QtCore.Qt.DisplayRole) -> Any:  # noqa: N802
        if orientation == QtCore.Qt.Horizontal and role == QtCore.Qt.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: QtCore.QModelIndex, role: int = QtCore.Qt.DisplayRole) -> Any:
        if not index.isValid():
            return None
        dep = self._deps[index.row()]
        col = index.column()
        if role == DEPENDENCY_ROLE:
            return dep
        if role == CoverageDelegate.SEGMENTS_ROLE and col == COVERAGE:
            return self._segments[index.row()]
        if role == QtCore.Qt.DisplayRole:
            return self._text(dep, col)
        if role == QtCore.Qt.DecorationRole and col == STATUS:
            return theme.status_icon(dependency_status(dep))
        if role == QtCore.Qt.ToolTipRole:
            return self._tooltip(dep, col)
        if role == QtCore.Qt.ForegroundRole and col == MISSING and dep.missing:
            return theme.color(theme.MISSING)
        return None

    def _text(self, dep: Dependency, col: int) -> str:
        if col == STATUS:
            return _STATUS_TEXT[dependency_status(dep)]
        if col == NODE:
            return node_label(dep)
        if col == PATH:
            return dep.path
        if col == FRAMES:
            return str(dep.frames) if dep.frames else ""
        if col == MISSING:
            return dep.missing.format(steps=False) if dep.missing else ""
        if col == SHARE:
            return self._share_label(dep.share)
        return ""

    def _share_label(self, share: Optional[str]) -> str:
        if not share:
            return "\u2014 not on a share"
        sid = share[len("share="):].split("/", 1)[0] if share.startswith("share=") else share
        return self._share_names.get(sid) or sid

    @staticmethod
    def _tooltip(dep: Dependency, col: int) -> str:
        lines = [dep.path, f"as written: {dep.raw}"]
        if dep.via:
            lines.append(f"read from: {dep.via}")
        if dep.missing:
            lines.append(f"missing frames: {dep.missing.format(steps=False)} ({len(dep.missing)})")
        if dep.share:
            lines.append(f"on the farm: {dep.share}")
        if col == SHARE and not dep.share:
            lines.append("This path is under no share root of the studio config; the farm cannot reach it.")
        return "\n".join(lines)
