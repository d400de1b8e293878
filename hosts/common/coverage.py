"""The frame-coverage strip: which frames of a sequence exist and which are missing, at a glance.

:func:`coverage_segments` is the data (runs of present / missing / not-wanted frames across the
range, no Qt involved); :func:`paint_coverage` draws it into any rectangle (the dependency table's
delegate uses it per row); :class:`CoverageStrip` is the larger strip under the table for the
selected sequence, with the first/last frame and the missing ranges written out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import List, Optional

from qtpy import QtCore, QtGui, QtWidgets

from accsyn_dcc.core.frames import FrameSet
from accsyn_dcc.hosts.common import theme

PRESENT = "present"
MISSING = "missing"
SKIP = "skip"  # inside first..last but not a wanted frame (a stepped or broken range)
_MIN_MISSING_PX = 2.0  # one missing frame in 10,000 still shows


@dataclass(frozen=True)
class Segment:
    first: int
    last: int
    state: str  # PRESENT | MISSING | SKIP

    @property
    def count(self) -> int:
        return self.last - self.first + 1


def coverage_segments(frames: Optional[FrameSet], missing: Optional[FrameSet]) -> List[Segment]:
    """Runs of equal state over ``frames.first..frames.last``, in order, covering every frame once."""
    if not frames:
        return []
    missing_set = missing or FrameSet()
    out: List[Segment] = []
    start = prev = None
    state = None
    for f in frames:
        s = MISSING if f in missing_set else PRESENT
        if prev is not None and (f != prev + 1 or s != state):
            out.append(Segment(start, prev, state))  # type: ignore[arg-type]
            if f != prev + 1:
                out.append(Segment(prev + 1, f - 1, SKIP))
            start = f
        elif prev is None:
            start = f
        prev, state = f, s
    out.append(Segment(start, prev, state))  # type: ignore[arg-type]
    return out


def paint_coverage(painter: QtGui.QPainter, rect: QtCore.QRectF, segments: List[Segment]) -> None:
    """Fill ``rect`` with the segments: green present, red missing, dark for frames not wanted."""
    if not segments:
        return
    first, last = segments[0].first, segments[-1].last
    span = float(last - first + 1)
    painter.save()
    painter.setRenderHint(QtGui.QPainter.Antialiasing, True)
    clip = QtGui.QPainterPath()
    clip.addRoundedRect(rect, 3.0, 3.0)
    painter.setClipPath(clip)
    painter.setPen(QtCore.Qt.NoPen)
    painter.fillRect(rect, theme.color("skip"))
    # Present runs first, then missing ones on top with a minimum width, so no gap is lost.
    for wanted in (PRESENT, MISSING):
        for seg in segments:
            if seg.state != wanted:
                continue
            x0 = rect.left() + (seg.first - first) / span * rect.width()
            w = seg.count / span * rect.width()
            if seg.state == MISSING and w < _MIN_MISSING_PX:
                x0 -= (_MIN_MISSING_PX - w) / 2
                w = _MIN_MISSING_PX
            painter.fillRect(QtCore.QRectF(x0, rect.top(), w, rect.height()),
                             theme.color(theme.OK if wanted == PRESENT else theme.MISSING))
    painter.restore()


class CoverageStrip(QtWidgets.QWidget):
    """The selected sequence's coverage, with frame numbers and the missing ranges spelled out."""

    _BAR_H = 14

    def __init__(self, parent: Optional[QtWidgets.QWidget] = None) -> None:
        super().__init__(parent)
        self._segments: List[Segment] = []
        self._title = ""
        self._missing_text = ""
        self.setMinimumHeight(self._BAR_H + 2 * self.fontMetrics().height() + 10)
        self.setSizePolicy(QtWidgets.QSizePolicy.Expanding, QtWidgets.QSizePolicy.Fixed)

    def set_sequence(self, title: str, frames: Optional[FrameSet], missing: Optional[FrameSet]) -> None:
        self._segments = coverage_segments(frames, missing)
        self._title = title
        n_missing = len(missing) if missing else 0
        if not frames:
            self._missing_text = ""
        elif n_missing:
            self._missing_text = f"{n_missing} of {len(frames)} frames missing: {missing.format(steps=False)}"
        else:
            self._missing_text = f"all {len(frames)} frames present"
        self.setToolTip(f"{title}\n{self._missing_text}" if title else "")
        self.update()

    def clear(self) -> None:
        self.set_sequence("", None, None)

    def segments(self) -> List[Segment]:
        return list(self._segments)

    def summary(self) -> str:
        return self._missing_text

    def paintEvent(self, event: QtGui.QPaintEvent) -> None:  # noqa: N802 (Qt override)
        p = QtGui.QPainter(self)
        fm = self.fontMetrics()
        r = self.rect().adjusted(2, 2, -2, -2)
        text_pen = self.palette().color(QtGui.QPalette.WindowText)
        if not self._segments:
            p.setPen(self.palette().color(QtGui.QPalette.Mid))
            p.drawText(r, QtCore.Qt.AlignLeft | QtCore.Qt.AlignVCenter,
                       "Select a sequence to see its frame coverage.")
            p.end()
            return
        p.setPen(text_pen)
        head = QtCore.QRect(r.left(), r.top(), r.width(), fm.height())
        p.drawText(head, QtCore.Qt.AlignLeft | QtCore.Qt.AlignVCenter,
                   fm.elidedText(self._title, QtCore.Qt.ElideMiddle, r.width() // 2))
        state = theme.MISSING if any(s.state == MISSING for s in self._segments) else theme.OK
        p.setPen(theme.color(state))
        p.drawText(head, QtCore.Qt.AlignRight | QtCore.Qt.AlignVCenter,
                   fm.elidedText(self._missing_text, QtCore.Qt.ElideRight, r.width() // 2))
        bar = QtCore.QRectF(r.left(), head.bottom() + 4, r.width(), self._BAR_H)
        paint_coverage(p, bar, self._segments)
        p.setPen(text_pen)
        foot = QtCore.QRect(r.left(), int(bar.bottom()) + 2, r.width(), fm.height())
        p.drawText(foot, QtCore.Qt.AlignLeft | QtCore.Qt.AlignTop, str(self._segments[0].first))
        p.drawText(foot, QtCore.Qt.AlignRight | QtCore.Qt.AlignTop, str(self._segments[-1].last))
        p.end()


class CoverageDelegate(QtWidgets.QStyledItemDelegate):
    """Paints a small coverage strip in a table cell whose data (``SEGMENTS_ROLE``) is segments."""

    SEGMENTS_ROLE = QtCore.Qt.UserRole + 7

    def paint(self, painter: QtGui.QPainter, option: QtWidgets.QStyleOptionViewItem,
              index: QtCore.QModelIndex) -> None:
        segments = index.data(self.SEGMENTS_ROLE)
        if not segments:
            super().paint(painter, option, index)
            return
        style = option.widget.style() if option.widget else QtWidgets.QApplication.style()
        style.drawPrimitive(QtWidgets.QStyle.PE_PanelItemViewItem, option, painter, option.widget)
        r = QtCore.QRectF(option.rect).adjusted(4, option.rect.height() / 2 - 4, -4,
                                                -(option.rect.height() / 2 - 4))
        paint_coverage(painter, r, segments)
