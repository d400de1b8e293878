"""The one submit dialog of every host: it drives core and nothing else.

Built by injection (keyword-only): the host gives ``collect`` (its adapter: scene → SceneInfo);
everything else is a core function, resolved lazily so tests can pass stand-ins::

    SubmitDialog(collect=adapter.collect, host="nuke", host_version="15.1")
    SubmitDialog(collect=..., resolve=fake_resolve, submit=recording_submit, config=Config())

``collect`` runs on the UI thread (DCC APIs are main-thread only); ``resolve`` and ``submit`` run
in a :class:`~accsyn_dcc.hosts.common.worker.CoreTask`. Errors are shown with
``core.errors.describe``, the CLI's text.
"""

from __future__ import annotations

import os
from typing import Any, Callable, Dict, List, Optional

from qtpy import QtCore, QtWidgets

from accsyn_dcc.core.errors import AccsynDccError, describe
from accsyn_dcc.core.findings import Finding, error, has_errors
from accsyn_dcc.core.refs import GatherResult, SceneInfo
from accsyn_dcc.hosts.common import fixes, theme
from accsyn_dcc.hosts.common.findings_view import FindingDetail, FindingsList
from accsyn_dcc.hosts.common.form import JobForm
from accsyn_dcc.hosts.common.panels import Banner, DependencyPanel, ProgressRow
from accsyn_dcc.hosts.common.spec_fields import changed_fields, core_function, outcome_message, spec_fields
from accsyn_dcc.hosts.common.worker import CoreTask

_REVALIDATE_MS = 150


class SubmitDialog(QtWidgets.QDialog):
    """Gather → review (dependencies, coverage, findings, payload fields) → submit."""

    gathered = QtCore.Signal(object)   # GatherResult
    submitted = QtCore.Signal(object)  # core.api.SubmitResult

    def __init__(
        self,
        *,
        collect: Callable[[], SceneInfo],
        host: str = "",
        host_version: Optional[str] = None,
        resolve: Optional[Callable[..., GatherResult]] = None,
        submit: Optional[Callable[..., Any]] = None,
        spec_from_result: Optional[Callable[..., Any]] = None,
        config: Any = None,
        parent: Optional[QtWidgets.QWidget] = None,
        autostart: bool = True,
    ) -> None:
        super().__init__(parent)
        self._collect = collect
        self._host = host
        self._host_version = host_version
        self._resolve = resolve
        self._submit = submit
        self._spec_from_result = spec_from_result
        self._config = config
        self._info: Optional[SceneInfo] = None
        self._result: Optional[GatherResult] = None
        self._spec: Any = None
        self._base_spec: Any = None
        self._spec_findings: List[Finding] = []
        self._task: Optional[CoreTask] = None
        self._sticky: Dict[str, Any] = {}
        self.last_submit: Any = None
        self._build()
        self._revalidate_timer = QtCore.QTimer(self)
        self._revalidate_timer.setSingleShot(True)
        self._revalidate_timer.setInterval(_REVALIDATE_MS)
        self._revalidate_timer.timeout.connect(self.revalidate)
        if autostart:
            self.rescan()

    # -- layout --------------------------------------------------------------------------------
    def _build(self) -> None:
        self.setWindowTitle("Submit to accsyn")
        self.setObjectName("accsynSubmitDialog")
        self.setStyleSheet(theme.STYLE_SHEET)
        self.resize(1280, 780)
        self.title = QtWidgets.QLabel("Submit to accsyn", self)
        self.title.setObjectName("sectionTitle")
        self.scene_label = QtWidgets.QLabel(self)
        self.scene_label.setObjectName("hint")
        self.scene_label.setTextInteractionFlags(QtCore.Qt.TextSelectableByMouse)
        self.banner = Banner(self)
        self.form = JobForm(parent=self)
        self.form.changed.connect(self._on_form_changed)
        self.deps = DependencyPanel(self)
        self.findings = FindingsList(actions_for=lambda f: fixes.actions_for(f, self._result),
                                     key_for=lambda f: fixes.finding_key(f, self._result), parent=self)
        self.findings.fix_requested.connect(self.apply_fix)
        self.findings.ignore_toggled.connect(lambda *_a: self._update_state())
        self.findings.finding_selected.connect(self._on_finding_selected)
        self.progress = ProgressRow(self)
        self.progress.cancel_button.clicked.connect(self.cancel)
        self.rescan_button = QtWidgets.QPushButton("Rescan", self)
        self.rescan_button.setAutoDefault(False)
        self.rescan_button.clicked.connect(self.rescan)
        self.dry_run = QtWidgets.QCheckBox("Dry run (write the outbox entry, do not send)", self)
        self.close_button = QtWidgets.QPushButton("Close", self)
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        self.submit_button = QtWidgets.QPushButton("Submit", self)
        self.submit_button.setObjectName("submit")
        self.submit_button.setAutoDefault(False)  # Enter in a field must never submit
        self.submit_button.setEnabled(False)
        self.submit_button.clicked.connect(self.start_submit)

        job_box = QtWidgets.QGroupBox("Job", self)
        scroll = QtWidgets.QScrollArea(job_box)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QtWidgets.QFrame.NoFrame)
        holder = QtWidgets.QWidget(scroll)
        holder_lay = QtWidgets.QVBoxLayout(holder)
        holder_lay.setContentsMargins(0, 0, 4, 0)
        holder_lay.addWidget(self.form)
        holder_lay.addStretch(1)
        scroll.setWidget(holder)
        QtWidgets.QVBoxLayout(job_box).addWidget(scroll)
        self.findings_box = QtWidgets.QGroupBox("Findings", self)
        self.finding_detail = FindingDetail(self.findings_box)
        self.findings.findings_changed.connect(
            lambda: self.finding_detail.show_finding((self.findings.findings() or [None])[0]))
        box = QtWidgets.QVBoxLayout(self.findings_box)
        box.addWidget(self.findings, 1)
        box.addWidget(self.finding_detail)
        right = QtWidgets.QSplitter(QtCore.Qt.Vertical, self)
        right.addWidget(self.deps)
        right.addWidget(self.findings_box)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 2)
        split = QtWidgets.QSplitter(QtCore.Qt.Horizontal, self)
        split.addWidget(job_box)
        split.addWidget(right)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 5)
        split.setSizes([420, 860])

        head = QtWidgets.QVBoxLayout()
        head.setSpacing(0)
        head.addWidget(self.title)
        head.addWidget(self.scene_label)
        buttons = QtWidgets.QHBoxLayout()
        buttons.addWidget(self.progress, 1)
        buttons.addWidget(self.rescan_button)
        buttons.addSpacing(12)
        buttons.addWidget(self.dry_run)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.submit_button)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.banner)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)

    # -- gather --------------------------------------------------------------------------------
    def set_collect(self, collect: Callable[[], SceneInfo], host_version: Optional[str] = None) -> None:
        self._collect = collect
        self._host_version = host_version or self._host_version

    def is_busy(self) -> bool:
        return self._task is not None

    def rescan(self) -> None:
        """Collect (UI thread), then resolve in a worker with progress and cancel."""
        if self.is_busy():
            return
        self.banner.clear()
        self._result = None
        self.deps.set_result(None)
        self.findings.set_findings([])
        config = self._ensure_config()
        if config is None:  # the banner names the config file and the key at fault
            self._update_state()
            return
        try:
            info = self._collect()
        except Exception as exc:  # noqa: BLE001 - a host error is shown, never a traceback
            self.banner.show_message("error", f"Could not read the scene: {describe(exc)}")
            self._update_state()
            return
        self._info = info
        self.scene_label.setText(self._scene_text(info))
        self._load_sticky(info.path)
        resolve = self._resolve or core_function("gather", "resolve")
        self._run(lambda progress, cancel: resolve(info, config=config, progress=progress, cancel=cancel),
                  "Gathering dependencies\u2026", self._on_gathered, cancellable=True)

    def cancel(self) -> None:
        if self._task is not None:
            self._task.request_cancel()
            self.progress.set_message("Cancelling\u2026")

    def _on_gathered(self, result: GatherResult) -> None:
        self._set_result(result)
        if self._config is not None:
            self.form.add_engines(self._config.engines.values())
        try:
            spec = self._spec_fn()(result, config=self._config, host=self._host or None,
                                   host_version=self._host_version)
        except AccsynDccError as err:
            self.banner.show_message("error", describe(err))
            spec = None
        self._base_spec = spec
        if spec is not None:
            self.form.set_values(spec_fields(spec))
            self.form.name.setPlaceholderText(f"{os.path.basename(result.scene)}  (default: the scene name)")
        self.form.set_values(self._sticky.get("fields") or {})
        self.dry_run.setChecked(bool(self._sticky.get("dry_run", False)))
        self.findings.set_ignored(self._sticky.get("ignored") or [])
        self.revalidate()
        self.gathered.emit(result)

    def _set_result(self, result: GatherResult) -> None:
        self._result = result
        shares = getattr(self._config, "shares", None) or []
        self.deps.set_result(result, share_names={s.id: s.name or s.id for s in shares})

    def gather_result(self) -> Optional[GatherResult]:
        return self._result

    def spec(self) -> Any:
        """The JobSpec built from the fields at the last validation (None before a gather)."""
        return self._spec

    # -- validation ------------------------------------------------------------------------------
    def _on_form_changed(self) -> None:
        self._update_state()
        self._revalidate_timer.start()

    def overrides(self) -> Dict[str, Any]:
        values = self.form.values()
        if not values.get("name"):
            values.pop("name")
        if self._base_spec is not None:  # the bucket field *is* settings.task_bucketsize
            settings = dict(getattr(self._base_spec, "settings", None) or {})
            settings.pop("task_bucketsize", None)
            values["settings"] = settings
        return values

    def revalidate(self) -> None:
        """Build the spec from the fields (core) and show the scene's and the spec's findings."""
        self._revalidate_timer.stop()
        if self._result is None:
            self._update_state()
            return
        inline = self.form.errors()
        try:
            self._spec = self._spec_fn()(self._result, config=self._config, host=self._host or None,
                                         host_version=self._host_version, overrides=self.overrides())
            spec_findings = [f for f in self._spec.validate() if (f.field or "").split(".")[0] not in inline]
        except AccsynDccError as err:
            self._spec = None
            spec_findings = [error("invalid-option", describe(err), field=err.field)]
        self._spec_findings = spec_findings
        self.findings.set_findings(list(self._result.findings) + spec_findings)
        self._update_state()

    def _update_state(self) -> None:
        busy = self.is_busy()
        inline = self.form.errors()
        blocked = has_errors(self.findings.findings()) or bool(inline) or self._result is None
        self.submit_button.setEnabled(not busy and not blocked and self._config is not None)
        self.rescan_button.setEnabled(not busy)
        self.form.setEnabled(not busy)
        c = self.findings.counts()
        parts = [f"{c['error']} error{'s' if c['error'] != 1 else ''}",
                 f"{c['warning']} warning{'s' if c['warning'] != 1 else ''}"]
        if c["ignored"]:
            parts.append(f"{c['ignored']} ignored")
        self.findings_box.setTitle("Findings \u2014 " + ", ".join(parts))
        self.submit_button.setToolTip("Fix the errors first." if blocked else "")
        if not busy:
            self.progress.set_idle(self.deps.summary() if self._result is not None else "")

    # -- fixes -----------------------------------------------------------------------------------
    def apply_fix(self, finding: Finding, action: str) -> None:
        if action == fixes.BUCKET_ONE:
            self.form.bucket.setValue(1)
        elif action == fixes.EDIT:
            field = (finding.field or "").split(".")[0]
            target = {"range": self.form.range.edit, "filters": self.form.filters.edit}.get(field)
            target = target or self.form.findChild(QtWidgets.QWidget, field)
            if target is not None:
                target.setFocus()
        elif action == fixes.SHOW and finding.ref is not None:
            self.deps.select_row(finding.ref)
        elif action == fixes.LOCATE and finding.ref is not None and self._result is not None:
            self._locate(finding.ref)
        self.revalidate()

    def _locate(self, row: int) -> None:
        dep = self._result.dependencies[row]
        start = os.path.dirname(dep.path)
        path, _filter = QtWidgets.QFileDialog.getOpenFileName(
            self, f"Locate {os.path.basename(dep.path)}", start if os.path.isdir(start) else "")
        if not path:
            return
        self._set_result(fixes.relink(self._result, row, path, share=self._to_share(path)))
        self.deps.select_row(row)

    def _to_share(self, path: str) -> Optional[str]:
        from accsyn_dcc.core.mapping import ShareMap

        return ShareMap(self._config.shares).to_share(path) if self._config is not None else None

    def _on_finding_selected(self, finding: Finding) -> None:
        self.finding_detail.show_finding(finding)
        if finding is not None and finding.ref is not None:
            self.deps.select_row(finding.ref)

    # -- submit ----------------------------------------------------------------------------------
    def start_submit(self) -> None:
        self.revalidate()
        if self._spec is None or not self.submit_button.isEnabled():
            return
        spec, result, dry = self._spec, self._result, self.dry_run.isChecked()
        submit = self._submit or core_function("api", "submit")
        self._save_sticky()
        self._run(lambda _p, _c: submit(spec, result=result, dry_run=dry),
                  "Writing the outbox entry\u2026" if dry else "Submitting\u2026", self._on_submitted,
                  cancellable=False)

    def _on_submitted(self, outcome: Any) -> None:
        self.last_submit = outcome
        if getattr(outcome, "entry", None) is None:  # blocked: show every finding that blocked it
            self.findings.set_findings(list(getattr(outcome, "findings", None) or []))
        self.banner.show_message(*outcome_message(outcome))
        self._update_state()
        self.submitted.emit(outcome)

    # -- plumbing --------------------------------------------------------------------------------
    def _run(self, fn: Callable, message: str, on_success: Callable, *, cancellable: bool) -> None:
        task = CoreTask(fn, self)
        task.progressed.connect(self.progress.set_progress)
        task.succeeded.connect(on_success)
        task.failed.connect(lambda exc: self.banner.show_message("error", describe(exc)))
        task.cancelled.connect(lambda: self.banner.show_message("info", "Cancelled. Rescan to start again."))
        task.finished.connect(lambda t=task: self._task_done(t))
        self._task = task
        self.progress.set_busy(message, cancellable)
        self._update_state()
        task.start()

    def _task_done(self, task: CoreTask) -> None:
        if self._task is task:
            self._task = None
        task.deleteLater()
        self._update_state()

    def _ensure_config(self) -> Any:
        if self._config is None:
            try:
                self._config = core_function("config", "load_config")()
            except AccsynDccError as err:
                self.banner.show_message("error", describe(err))
        return self._config

    def _spec_fn(self) -> Callable[..., Any]:
        return self._spec_from_result or core_function("api", "spec_from_result")

    def _scene_text(self, info: SceneInfo) -> str:
        host = " ".join(p for p in (self._host, self._host_version or info.host_version or "") if p)
        return f"{info.path}  \u00b7  {host or info.format}"

    def _load_sticky(self, scene: str) -> None:
        from accsyn_dcc.core.config import load_sticky

        try:
            self._sticky = load_sticky(scene)
        except AccsynDccError as err:
            self._sticky = {}
            self.banner.show_message("error", describe(err))

    def _save_sticky(self) -> None:
        if self._info is None or self._result is None:
            return
        from accsyn_dcc.core.config import save_sticky

        defaults = spec_fields(self._base_spec) if self._base_spec is not None else {}
        self._sticky = {"fields": changed_fields(self.form.values(), defaults),
                        "dry_run": self.dry_run.isChecked(), "ignored": sorted(self.findings.ignored_keys())}
        try:
            save_sticky(self._info.path, self._sticky)
        except AccsynDccError as err:
            self.banner.show_message("error", describe(err))

    def done(self, code: int) -> None:  # noqa: D401 - Qt override: save sticky settings on close
        if self._task is not None:
            self._task.request_cancel()
            self._task.wait()
        self._save_sticky()
        super().done(code)
