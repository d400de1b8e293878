"""The shared submit dialog driven by the real core (gather, api, payload, outbox), offscreen."""

from __future__ import annotations

import json
import shutil
import threading
from pathlib import Path

from qtpy import QtCore, QtWidgets

from accsyn_dcc.core.errors import Cancelled, HostError, describe
from accsyn_dcc.core.frames import FrameSet
from accsyn_dcc.hosts.common import deps_model
from accsyn_dcc.hosts.common.coverage import MISSING, PRESENT, CoverageDelegate, Segment

from .conftest import MISSING as MISSING_FRAMES
from .conftest import SHARE_ID, wait_idle


def _rows(dlg):
    m = dlg.deps.model
    return [[m.index(r, c).data() for c in range(m.columnCount())] for r in range(m.rowCount())]


def _finding(dlg, code):
    return next(f for f in dlg.findings.findings() if f.code == code)


def test_gather_fills_table_status_and_missing_ranges(open_dialog):
    dlg = open_dialog()
    rows = {r[deps_model.NODE]: r for r in _rows(dlg)}
    assert set(rows) == {"Read1.file", "Read2.file", "Read3.file"}  # Write1 is an output, not a dependency
    assert rows["Read1.file"][deps_model.STATUS] == "frames missing"
    assert rows["Read1.file"][deps_model.MISSING] == "1004,1007-1008"
    assert rows["Read1.file"][deps_model.FRAMES] == "1001-1010"
    assert rows["Read2.file"][deps_model.STATUS] == "ok"
    assert rows["Read2.file"][deps_model.SHARE] == "projects"  # the share's name; the id is in the tooltip
    tip = dlg.deps.model.index(1, deps_model.SHARE).data(QtCore.Qt.ToolTipRole)
    assert f"share={SHARE_ID}/tex/wood.png" in tip
    assert rows["Read3.file"][deps_model.STATUS] == "missing"
    codes = {f.code for f in dlg.findings.findings()}
    assert {"missing-frames", "missing-file"} <= codes
    assert not dlg.submit_button.isEnabled()  # errors block submit
    assert "3 files" in dlg.deps.title() and "1 missing" in dlg.deps.title()
    # Rows are one line; the detail line under the list holds the whole message (first finding).
    first = dlg.findings.findings()[0]
    assert dlg.finding_detail.text().endswith(first.message)


def test_coverage_strip_shows_the_gaps(open_dialog):
    dlg = open_dialog()
    # The first sequence with gaps is selected on arrival; its strip holds the computed segments.
    assert dlg.deps.strip.segments() == [
        Segment(1001, 1003, PRESENT), Segment(1004, 1004, MISSING), Segment(1005, 1006, PRESENT),
        Segment(1007, 1008, MISSING), Segment(1009, 1010, PRESENT),
    ]
    assert dlg.deps.strip.summary() == "3 of 10 frames missing: 1004,1007-1008"
    missing = [f for s in dlg.deps.strip.segments() if s.state == MISSING for f in range(s.first, s.last + 1)]
    assert tuple(missing) == MISSING_FRAMES
    # The table's coverage column carries the same segments for its painted cell.
    cell = dlg.deps.model.index(0, deps_model.COVERAGE).data(CoverageDelegate.SEGMENTS_ROLE)
    assert cell == dlg.deps.strip.segments()
    # A plain file has no strip.
    dlg.deps.select_row(1)
    assert dlg.deps.strip.segments() == []


def test_invalid_range_shows_inline_error_and_disables_submit(open_dialog, tree, qtbot):
    _complete(tree)
    dlg = open_dialog()
    _relink_and_ignore(dlg, tree, qtbot)
    assert dlg.submit_button.isEnabled()
    dlg.form.range.edit.setText("1010-1001")
    err = dlg.form.range.error_label
    assert err.isVisibleTo(dlg)
    try:
        FrameSet("1010-1001")
    except Exception as exc:  # the CLI's text, via the same describe()
        assert err.text() == describe(exc)
    assert not dlg.submit_button.isEnabled()
    dlg.form.range.edit.setText("1001-1010")
    assert not err.isVisibleTo(dlg)
    qtbot.waitUntil(dlg.submit_button.isEnabled)
    assert dlg.form.range.note_label.text() == "10 frames \u2192 2 farm tasks"


def test_invalid_filters_and_envs_inline(open_dialog):
    dlg = open_dialog()
    dlg.form.filters.edit.setText("ram:32g")
    assert dlg.form.filters.error_label.isVisibleTo(dlg)
    assert "ram" in dlg.form.filters.error_label.text()
    dlg.form.filters.edit.setText("ram:>32g,site:hq")
    assert not dlg.form.filters.error_label.isVisibleTo(dlg)
    dlg.form.envs.setPlainText("NUKE_PATH=/mnt/tools\n1BAD=x")
    assert dlg.form.envs_error.isVisibleTo(dlg)
    dlg.form.envs.setPlainText("NUKE_PATH=/mnt/tools\nlinux:OCIO=/mnt/ocio/config.ocio")
    assert not dlg.form.envs_error.isVisibleTo(dlg)
    assert dlg.form.values()["envs"] == {"common": {"NUKE_PATH": "/mnt/tools"},
                                         "linux": {"OCIO": "/mnt/ocio/config.ocio"}}


def test_fix_rescan_relink_ignore_then_dry_run_submit(open_dialog, tree, qtbot, artifacts_dir):
    dlg = open_dialog()
    # Fix "Show" selects the dependency row of the finding.
    missing_file = _finding(dlg, "missing-file")
    dlg.findings.buttons_for(missing_file)["fix:show"].click()
    assert dlg.deps.table.currentIndex().row() == missing_file.ref
    # The user renders the missing frames and rescans: the sequence is complete.
    _complete(tree)
    dlg.rescan_button.click()
    wait_idle(qtbot, dlg)
    assert "missing-frames" not in {f.code for f in dlg.findings.findings()}
    assert dlg.deps.strip.segments() == [] or all(s.state == PRESENT for s in dlg.deps.strip.segments())
    _relink_and_ignore(dlg, tree, qtbot)
    assert dlg.findings.counts()["error"] == 0 and dlg.findings.counts()["ignored"] >= 1
    dlg.dry_run.setChecked(True)
    dlg.form.filters.edit.setText("ram:>32g")
    with qtbot.waitSignal(dlg.submitted, timeout=20000) as sig:
        dlg.submit_button.click()
    outcome = sig.args[0]
    entry = Path(str(outcome.entry.path))
    assert entry.is_dir() and str(entry) in dlg.banner.text()
    payload = json.loads((entry / "payload.json").read_text(encoding="utf-8"))
    assert payload["range"] == "1001-1010" and payload["engine"] == "nuke-16"
    assert payload["filters"] == "ram:>32g"
    assert payload["input"] == f"share={SHARE_ID}/shot.nk"
    assert f"share={SHARE_ID}/tex/wood_v2.png" in payload["dependencies"]
    wait_idle(qtbot, dlg)
    assert dlg.banner.level == "ok" and dlg.rescan_button.isEnabled()
    assert dlg.grab().save(str(artifacts_dir / "submit_dialog_dry_run.png"))


def test_bucket_fix_sets_one_frame_per_task(open_dialog, tree):
    _complete(tree)
    dlg = open_dialog()
    dlg.form.range.edit.setText("1001-1010x2")
    dlg.revalidate()
    f = _finding(dlg, "range-needs-bucket-1")
    dlg.findings.buttons_for(f)["fix:bucket-1"].click()
    assert dlg.form.bucket.value() == 1
    assert "range-needs-bucket-1" not in {x.code for x in dlg.findings.findings()}
    assert dlg.spec().bucket_size == 1


def test_cancel_during_a_slow_gather(open_dialog, qtbot):
    started = threading.Event()

    def slow_resolve(info, *, config, progress=None, cancel=None):
        started.set()
        for i in range(10_000):
            progress(i, 10_000, f"listing {i}")
            if cancel():
                raise Cancelled("gather cancelled")
            threading.Event().wait(0.005)
        raise AssertionError("the gather was never cancelled")

    dlg = open_dialog(resolve=slow_resolve, autostart=False)
    dlg.rescan()
    assert dlg.is_busy() and dlg.progress.cancel_button.isVisibleTo(dlg)
    qtbot.waitUntil(lambda: dlg.progress.bar.maximum() == 10_000, timeout=20000)
    assert started.is_set()
    dlg.progress.cancel_button.click()
    qtbot.waitUntil(lambda: not dlg.is_busy(), timeout=20000)
    assert dlg.banner.level == "info" and "Cancelled" in dlg.banner.text()
    assert dlg.gather_result() is None and not dlg.submit_button.isEnabled()
    assert dlg.rescan_button.isEnabled()


def test_sticky_settings_saved_and_reloaded(open_dialog, tree):
    shutil.rmtree(tree / "render")  # gives an output-dir-missing warning to ignore
    dlg = open_dialog()
    dlg.form.range.edit.setText("1001-1005")
    dlg.form.bucket.setValue(3)
    dlg.form.filters.edit.setText("site:hq")
    dlg.form.sites.add_row("local", "upload", "transfer_speedlimit", "2")
    warn = _finding(dlg, "output-dir-missing")
    dlg.findings.buttons_for(warn)["ignore"].click()
    assert dlg.findings.is_ignored(warn)
    dlg.reject()  # closing saves them
    sticky = json.loads((tree / "shot.nk.accsyn.json").read_text(encoding="utf-8"))
    assert sticky["fields"]["range"] == "1001-1005"
    # Only what the user changed is sticky: the engine and output still follow the scene/config.
    assert set(sticky["fields"]) == {"range", "bucket_size", "filters", "sites"}
    again = open_dialog()
    assert again.form.range.edit.text() == "1001-1005"
    assert again.form.bucket.value() == 3
    assert again.form.filters.edit.text() == "site:hq"
    assert again.form.sites.sites() == {"local": {"upload": {"transfer_speedlimit": "2"}}}
    assert again.findings.is_ignored(_finding(again, "output-dir-missing"))
    assert again.findings.counts()["ignored"] == 1


def test_collect_error_is_rendered_like_the_cli(open_dialog):
    err = HostError("nuke.root() failed: no script open", host="nuke", hint="Open a script first.")

    def broken():
        raise err

    dlg = open_dialog(collect=broken)
    assert dlg.banner.level == "error"
    assert dlg.banner.text().endswith(describe(err))
    assert not dlg.submit_button.isEnabled()


def test_screenshot(open_dialog, artifacts_dir, qtbot):
    from accsyn_dcc.hosts.common.theme import apply_standalone_look

    apply_standalone_look(QtWidgets.QApplication.instance())
    dlg = open_dialog()
    dlg.resize(1360, 820)
    dlg.deps.select_row(0)
    qtbot.waitExposed(dlg)
    QtWidgets.QApplication.processEvents()
    path = artifacts_dir / "submit_dialog.png"
    assert dlg.grab().save(str(path))
    image = dlg.grab().toImage()
    assert path.stat().st_size > 20_000
    assert image.width() >= 1200 and image.height() >= 700
    # The strip is painted: its middle row holds both the present and the missing colour.
    strip = dlg.deps.strip
    img = strip.grab().toImage()
    y = strip.fontMetrics().height() + 2 + 4 + 7
    colours = {img.pixelColor(x, y).name() for x in range(4, img.width() - 4, 3)}
    assert "#3fb950" in colours and "#f85149" in colours


def _has(dlg, code):
    return any(f.code == code for f in dlg.findings.findings())


def _complete(tree: Path) -> None:
    for f in MISSING_FRAMES:
        (tree / "plates" / f"bg.{f}.exr").write_bytes(b"exr")


def _relink_and_ignore(dlg, tree: Path, qtbot) -> None:
    """Locate the missing texture (file dialog stood in), then ignore every open warning."""
    new = tree / "tex" / "wood_v2.png"
    new.write_bytes(b"png")
    missing_file = _finding(dlg, "missing-file")
    orig = QtWidgets.QFileDialog.getOpenFileName
    QtWidgets.QFileDialog.getOpenFileName = staticmethod(lambda *a, **k: (str(new), ""))
    try:
        dlg.findings.buttons_for(missing_file)["fix:locate"].click()
    finally:
        QtWidgets.QFileDialog.getOpenFileName = orig
    assert dlg.gather_result().dependencies[missing_file.ref].path == str(new)
    relinked = dlg.deps.model.index(missing_file.ref, deps_model.STATUS).data()
    assert relinked == "ok" and dlg.gather_result().dependencies[missing_file.ref].share == (
        f"share={SHARE_ID}/tex/wood_v2.png")
    assert _has(dlg, "relinked")
    for f in [f for f in dlg.findings.findings() if f.level == "warning"]:
        dlg.findings.buttons_for(f)["ignore"].click()
    qtbot.waitUntil(lambda: dlg.findings.counts()["warning"] == 0)
    QtCore.QCoreApplication.processEvents()


def test_real_gather_cancel_reaches_the_dialog(open_dialog):
    from accsyn_dcc.core import gather

    def resolve_cancelled_at_once(info, *, config, progress=None, cancel=None):
        return gather.resolve(info, config=config, progress=progress, cancel=lambda: True)

    dlg = open_dialog(resolve=resolve_cancelled_at_once)
    assert dlg.banner.level == "info" and "Cancelled" in dlg.banner.text()
    assert dlg.gather_result() is None and not dlg.submit_button.isEnabled()


def test_broken_studio_config_is_named_in_the_banner(open_dialog, tmp_path, monkeypatch):
    from accsyn_dcc.core.config import load_config
    from accsyn_dcc.core.errors import ConfigError

    bad = tmp_path / "studio.json"
    bad.write_text('{"shares": [{"id": "", "roots": {}}]}', encoding="utf-8")
    monkeypatch.setenv("ACCSYN_DCC_CONFIG", str(bad))
    try:
        load_config()
    except ConfigError as exc:
        expected = describe(exc)
    dlg = open_dialog(config=None)
    assert dlg.banner.level == "error" and dlg.banner.text() == expected
    assert str(bad) in dlg.banner.text()
    assert dlg.gather_result() is None and not dlg.submit_button.isEnabled()


def test_send_failure_keeps_the_outbox_entry_and_says_so(open_dialog, tree, qtbot):
    _complete(tree)
    dlg = open_dialog()
    _relink_and_ignore(dlg, tree, qtbot)
    dlg.dry_run.setChecked(False)  # no credentials in the isolated test env: the send fails
    with qtbot.waitSignal(dlg.submitted, timeout=30000) as sig:
        dlg.submit_button.click()
    outcome = sig.args[0]
    wait_idle(qtbot, dlg)
    assert outcome.entry is not None and outcome.job_id is None
    assert dlg.banner.level == "error"
    assert str(outcome.entry.path) in dlg.banner.text() and "outbox send" in dlg.banner.text()
    assert outcome.state.get("last_error") in dlg.banner.text()


def test_submit_result_shows_the_job_id_and_entry(open_dialog, tree, qtbot):
    """A stand-in submit (recording the spec) that answers as core.api.submit does after a send."""
    from types import SimpleNamespace

    from accsyn_dcc.core.api import SubmitResult

    seen = []

    def sent(spec, *, result=None, dry_run=False):
        seen.append((spec, result, dry_run))
        entry = SimpleNamespace(id="20261201-000000-abcd", path=tree / "outbox-entry")
        return SubmitResult(payload={"name": spec.name}, entry=entry, job_id="6571f0c2a1",
                            state={"status": "sent"})

    _complete(tree)
    dlg = open_dialog(submit=sent)
    _relink_and_ignore(dlg, tree, qtbot)
    dlg.form.name.setText("sh010 comp v003")
    with qtbot.waitSignal(dlg.submitted, timeout=20000):
        dlg.submit_button.click()
    wait_idle(qtbot, dlg)
    spec, result, dry_run = seen[0]
    assert spec.name == "sh010 comp v003" and spec.bucket_size == 5 and not dry_run
    assert result is dlg.gather_result()
    assert dlg.banner.level == "ok"
    assert "job 6571f0c2a1" in dlg.banner.text() and str(tree / "outbox-entry") in dlg.banner.text()
