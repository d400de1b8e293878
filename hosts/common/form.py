"""The job's payload fields, with live validation through core (FrameSet, parse_filters).

:meth:`JobForm.values` gives JobSpec overrides (field names as in ``core.payload.JobSpec``);
:meth:`JobForm.errors` the inline errors, rendered with ``core.errors.describe`` exactly as the CLI
renders them.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional

from qtpy import QtCore, QtWidgets

from accsyn_dcc.core.errors import AccsynDccError, describe
from accsyn_dcc.core.frames import FrameSet
from accsyn_dcc.hosts.common.sites import SiteSettingsTable

CONVERSIONS = (
    ("always", "Always: rewrite the scene's paths for the render node (recommended)"),
    ("platform", "Platform: only when the render node's OS differs from this one"),
    ("never", "Never: paths in the scene already match the farm exactly"),
)
ENV_HELP = "One KEY=VALUE per line; prefix linux:, mac: or windows: for one OS (plain KEY=VALUE: every OS)."


def _check_range(text: str) -> Optional[str]:
    FrameSet(text)
    return None


def _check_filters(text: str) -> Optional[str]:
    if not text.strip():
        return None
    from accsyn_dcc.core.filters import parse_filters

    parse_filters(text)
    return None


class _Checked(QtWidgets.QWidget):
    """A line edit with an inline error label under it, validated on every keystroke."""

    def __init__(self, name: str, check: Callable[[str], Optional[str]], placeholder: str,
                 parent: Optional[QtWidgets.QWidget] = None) -> None:
        super().__init__(parent)
        self._check = check
        self.edit = QtWidgets.QLineEdit(self)
        self.edit.setObjectName(name)
        self.edit.setPlaceholderText(placeholder)
        self.error_label = QtWidgets.QLabel(self)
        self.error_label.setObjectName("fieldError")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.note_label = QtWidgets.QLabel(self)
        self.note_label.setObjectName("hint")
        self.note_label.hide()
        self.setSizePolicy(QtWidgets.QSizePolicy.Preferred, QtWidgets.QSizePolicy.Maximum)
        lay = QtWidgets.QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        lay.addWidget(self.edit)
        lay.addWidget(self.error_label)
        lay.addWidget(self.note_label)
        self.edit.textChanged.connect(self.validate)

    def validate(self) -> Optional[str]:
        try:
            message = self._check(self.edit.text())
        except AccsynDccError as err:
            message = describe(err)
        except ImportError:  # the validator's core module is not in this checkout
            message = None
        self.error_label.setText(message or "")
        self.error_label.setVisible(bool(message))
        self.edit.setProperty("invalid", "true" if message else "false")
        self.edit.style().unpolish(self.edit)
        self.edit.style().polish(self.edit)
        return message

    def set_note(self, text: str) -> None:
        self.note_label.setText(text)
        self.note_label.setVisible(bool(text))


class JobForm(QtWidgets.QWidget):
    changed = QtCore.Signal()

    def __init__(self, *, parent: Optional[QtWidgets.QWidget] = None) -> None:
        super().__init__(parent)
        self.name = QtWidgets.QLineEdit(self)
        self.name.setObjectName("name")
        self.engine = QtWidgets.QComboBox(self)
        self.engine.setObjectName("engine")
        self.engine.setEditable(True)
        self.engine.setToolTip("The farm's render app code, e.g. nuke-16 (Admin > Apps in accsyn).")
        self.range = _Checked("range", _check_range, "e.g. 1001-1100 or 1,5-250x5", self)
        self.bucket = QtWidgets.QSpinBox(self)
        self.bucket.setObjectName("bucket_size")
        self.bucket.setRange(1, 100000)
        self.bucket.setToolTip("Frames per farm task (settings.task_bucketsize).")
        self.filters = _Checked("filters", _check_filters, "e.g. ram:>32g,site:hq", self)
        self.output = QtWidgets.QLineEdit(self)
        self.output.setObjectName("output")
        browse = QtWidgets.QPushButton("Browse\u2026", self)
        browse.setAutoDefault(False)
        browse.clicked.connect(self._browse_output)
        out_row = QtWidgets.QHBoxLayout()
        out_row.setContentsMargins(0, 0, 0, 0)
        out_row.addWidget(self.output, 1)
        out_row.addWidget(browse)
        self.arguments = QtWidgets.QLineEdit(self)
        self.arguments.setObjectName("arguments")
        self.arguments.setPlaceholderText("extra command-line arguments for the render app")
        self.conversion = QtWidgets.QComboBox(self)
        self.conversion.setObjectName("input_conversion")
        for i, (value, text) in enumerate(CONVERSIONS):
            self.conversion.addItem(value)
            self.conversion.setItemData(i, text, QtCore.Qt.ToolTipRole)
        self.conversion.setToolTip("\n".join(t for _v, t in CONVERSIONS))
        self.envs = QtWidgets.QPlainTextEdit(self)
        self.envs.setObjectName("envs")
        self.envs.setPlaceholderText(ENV_HELP)
        self.envs.setToolTip(ENV_HELP)
        self.envs.setMaximumHeight(64)
        self.envs_error = QtWidgets.QLabel(self)
        self.envs_error.setObjectName("fieldError")
        self.envs_error.setWordWrap(True)
        self.envs_error.hide()
        env_box = QtWidgets.QVBoxLayout()
        env_box.setContentsMargins(0, 0, 0, 0)
        env_box.setSpacing(2)
        env_box.addWidget(self.envs)
        env_box.addWidget(self.envs_error)
        self.sites = SiteSettingsTable(self)

        form = QtWidgets.QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QtWidgets.QFormLayout.AllNonFixedFieldsGrow)
        form.setLabelAlignment(QtCore.Qt.AlignRight | QtCore.Qt.AlignTop)
        form.addRow("Job name", self.name)
        form.addRow("Engine", self.engine)
        form.addRow("Frame range", self.range)
        form.addRow("Frames per task", self.bucket)
        form.addRow("Filters", self.filters)
        form.addRow("Output", out_row)
        form.addRow("Arguments", self.arguments)
        form.addRow("Input conversion", self.conversion)
        form.addRow("Environment", env_box)
        form.addRow("Site settings", self.sites)
        form.setRowWrapPolicy(QtWidgets.QFormLayout.DontWrapRows)

        for sig in (self.name.textChanged, self.engine.currentTextChanged, self.range.edit.textChanged,
                    self.filters.edit.textChanged, self.output.textChanged, self.arguments.textChanged,
                    self.conversion.currentIndexChanged, self.bucket.valueChanged,
                    self.envs.textChanged, self.sites.changed):
            sig.connect(self._on_changed)

    def add_engines(self, engines: Iterable[str]) -> None:
        """Offer the studio config's engine codes in the (editable) engine box."""
        known = {self.engine.itemText(i) for i in range(self.engine.count())}
        current = self.engine.currentText()
        for code in sorted(set(engines) - known):
            self.engine.addItem(code)
        self.engine.setCurrentText(current)

    # -- values --------------------------------------------------------------------------------
    def values(self) -> Dict[str, Any]:
        """JobSpec overrides from the fields."""
        return {
            "name": self.name.text().strip(),
            "engine": self.engine.currentText().strip(),
            "range": self.range.edit.text().strip(),
            "bucket_size": int(self.bucket.value()),
            "filters": self.filters.edit.text().strip(),
            "output": self.output.text().strip() or None,
            "arguments": self.arguments.text().strip(),
            "input_conversion": self.conversion.currentText(),
            "envs": self._envs_or_empty(),
            "sites": self.sites.sites(),
        }

    def set_values(self, values: Mapping[str, Any]) -> None:
        v = dict(values)
        if "name" in v:
            self.name.setText(str(v["name"] or ""))
        if v.get("engine"):
            self.engine.setCurrentText(str(v["engine"]))
        if "range" in v:
            self.range.edit.setText(str(v["range"] or ""))
        if v.get("bucket_size"):
            self.bucket.setValue(int(v["bucket_size"]))
        if "filters" in v:
            self.filters.edit.setText(str(v["filters"] or ""))
        if "output" in v:
            self.output.setText(str(v["output"] or ""))
            self.output.setCursorPosition(0)
        if "arguments" in v:
            args = v["arguments"]
            self.arguments.setText(" ".join(args) if isinstance(args, list) else str(args or ""))
        if v.get("input_conversion") in [c for c, _t in CONVERSIONS]:
            self.conversion.setCurrentText(v["input_conversion"])
        if "envs" in v:
            self.envs.setPlainText(format_env_lines(v["envs"] or {}))
        if "sites" in v:
            self.sites.set_sites(v["sites"])

    def errors(self) -> Dict[str, str]:
        out = {}
        for key, w in (("range", self.range), ("filters", self.filters)):
            msg = w.validate()
            if msg:
                out[key] = msg
        msg = self._validate_envs()
        if msg:
            out["envs"] = msg
        return out

    def _envs_or_empty(self) -> Dict[str, Any]:
        try:
            return parse_env_text(self.envs.toPlainText())
        except AccsynDccError:
            return {}

    def _validate_envs(self) -> Optional[str]:
        try:
            parse_env_text(self.envs.toPlainText())
            message = None
        except AccsynDccError as err:
            message = describe(err)
        self.envs_error.setText(message or "")
        self.envs_error.setVisible(bool(message))
        return message

    def _on_changed(self, *_args: Any) -> None:
        self._update_range_note()
        self._validate_envs()
        self.changed.emit()

    def _update_range_note(self) -> None:
        try:
            frames = FrameSet(self.range.edit.text())
            tasks = len(frames.batches(int(self.bucket.value())))
        except AccsynDccError:
            self.range.set_note("")
            return
        self.range.set_note(f"{len(frames)} frames \u2192 {tasks} farm task{'s' if tasks != 1 else ''}")

    def _browse_output(self) -> None:
        path = QtWidgets.QFileDialog.getExistingDirectory(self, "Render output folder", self.output.text())
        if path:
            self.output.setText(path)


def env_lines(text: str) -> List[str]:
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.strip().startswith("#")]


def parse_env_text(text: str) -> Dict[str, Any]:
    """The Environment box → JobSpec ``envs`` via core (the CLI's ``--env`` grammar, one per line)."""
    from accsyn_dcc.core.envs import parse_env_args

    return parse_env_args(env_lines(text))


def format_env_lines(envs: Mapping[str, Any]) -> str:
    lines = []
    nested = isinstance(envs.get("common"), dict)
    for key, value in envs.items():
        if nested and isinstance(value, dict):
            prefix = "" if key == "common" else f"{key}:"
            lines.extend(f"{prefix}{k}={v}" for k, v in value.items())
        elif not nested:
            lines.append(f"{key}={value}")
    return "\n".join(lines)
