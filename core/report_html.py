"""``check --html``: one self-contained HTML file (inline CSS and SVG, no external assets).

A summary, the findings, a table of dependencies with their status, and per sequence a
frame-coverage strip: present runs green, missing runs red (at least 1 px wide, so one missing
frame in a thousand still shows), drawn from the frame *runs*, not one shape per frame.
"""

from __future__ import annotations

from html import escape
from typing import List, Optional, Tuple

from accsyn_dcc.core.findings import Finding
from accsyn_dcc.core.frames import FrameSet
from accsyn_dcc.core.refs import Dependency, GatherResult

STRIP_WIDTH = 320
STRIP_HEIGHT = 12

_CSS = """
body{font:13px/1.4 system-ui,-apple-system,'Segoe UI',sans-serif;margin:24px;color:#1d232a;background:#fff}
h1{font-size:20px;margin:0 0 4px}h2{font-size:15px;margin:24px 0 8px}
.sub{color:#5b6570;margin-bottom:16px}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #e3e7eb;vertical-align:middle}
th{background:#f3f5f7;font-weight:600}
td.path{font-family:ui-monospace,Menlo,Consolas,monospace;word-break:break-all}
.badge{display:inline-block;padding:1px 8px;border-radius:9px;font-weight:600;color:#fff;font-size:12px}
.ok{background:#2e8540}.partial{background:#d9822b}.missing{background:#c23030}.unchecked{background:#7a8591}
.error{color:#c23030;font-weight:600}.warning{color:#b56a00;font-weight:600}.info{color:#5b6570}
.counts span{margin-right:16px}
svg.strip rect.have{fill:#2e8540}svg.strip rect.miss{fill:#c23030}svg.strip rect.bg{fill:#e3e7eb}
"""


def render_html(result: GatherResult) -> str:
    """The whole report as one HTML string."""
    stats = result.stats
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>accsyn-dcc check: {escape(result.scene)}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>Dependencies of {escape(result.scene)}</h1>",
        f'<div class="sub">{escape(result.format)} scene &middot; {stats.get("references", 0)} references '
        f'&middot; {stats.get("files", 0)} files on disk &middot; {stats.get("seconds", 0)} s</div>',
        _counts(result),
        _findings(result.findings),
        "<h2>Dependencies</h2>",
        _dependency_table(result),
        "<h2>Outputs</h2>",
        _output_table(result),
        "</body></html>",
    ]
    return "\n".join(parts)


def _n(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def _counts(result: GatherResult) -> str:
    levels = [f.level for f in result.findings]
    return (
        '<div class="counts">'
        f'<span class="error">{_n(levels.count("error"), "error")}</span>'
        f'<span class="warning">{_n(levels.count("warning"), "warning")}</span>'
        f'<span class="info">{_n(levels.count("info"), "note")}</span>'
        f"<span>{len(result.dependencies)} dependencies, {_n(len(result.outputs), 'output')}</span></div>"
    )


def _findings(findings: List[Finding]) -> str:
    if not findings:
        return "<h2>Findings</h2><p>No findings: every dependency was found.</p>"
    rows = "".join(
        f'<tr><td class="{escape(f.level)}">{escape(f.level)}</td><td>{escape(f.code)}</td>'
        f'<td>{"" if f.ref is None else f.ref}</td><td>{escape(f.message)}</td></tr>'
        for f in findings
    )
    head = "<tr><th>level</th><th>code</th><th>#</th><th>message</th></tr>"
    return f"<h2>Findings</h2><table>{head}{rows}</table>"


_UNCHECKED = ("unknown-token", "unchecked-pattern", "unreadable")


def status_of(dep: Dependency, unchecked: bool = False) -> str:
    """``ok``, ``partial`` (frames missing), ``missing`` or ``unchecked`` (not verifiable here)."""
    if unchecked and not dep.exists:
        return "unchecked"
    if dep.exists and dep.missing:
        return "partial"
    if dep.exists:
        return "ok"
    return "missing"


def _dependency_table(result: GatherResult) -> str:
    unchecked = {f.ref for f in result.findings if f.code in _UNCHECKED}
    rows = []
    for i, dep in enumerate(result.dependencies):
        status = status_of(dep, i in unchecked)
        where = ".".join(x for x in (dep.node, dep.attr) if x)
        frames = _frames_cell(dep)
        badge = f'<span class="badge {status}">{status}</span>'
        rows.append(
            f"<tr><td>{i}</td><td>{badge}</td><td>{escape(dep.kind)}</td>"
            f'<td class="path">{escape(dep.path)}</td><td>{escape(where)}</td><td>{frames}</td>'
            f'<td class="path">{escape(dep.share or "")}</td></tr>'
        )
    head = ("<tr><th>#</th><th>status</th><th>kind</th><th>path</th><th>node</th><th>frames</th>"
            "<th>share</th></tr>")
    return f"<table>{head}{''.join(rows)}</table>"


def _frames_cell(dep: Dependency) -> str:
    if dep.frames is None:
        return f"{len(dep.files)} tiles" if dep.kind == "udim" else ""
    text = escape(str(dep.frames))
    if dep.missing:
        text += f'<br><span class="error">missing {escape(dep.missing.format(steps=False))}</span>'
    return f"{coverage_svg(dep.frames, dep.missing)}<br>{text}"


def coverage_runs(frames: FrameSet, missing: Optional[FrameSet]) -> List[Tuple[int, int, bool]]:
    """``(first, last, present)`` runs covering ``frames`` in order."""
    gone = missing or FrameSet()
    out: List[Tuple[int, int, bool]] = []
    for state, fs in ((True, frames.difference(gone)), (False, frames.intersection(gone))):
        out.extend((a, b, state) for a, b in fs.runs())
    return sorted(out)


def coverage_svg(frames: FrameSet, missing: Optional[FrameSet]) -> str:
    """An inline SVG strip of the frame range: one rect per run, missing runs red."""
    if not frames:
        return ""
    first, last = frames.first, frames.last
    span = max(last - first + 1, 1)  # type: ignore[operator]
    scale = STRIP_WIDTH / span
    rects = [f'<rect class="bg" x="0" y="0" width="{STRIP_WIDTH}" height="{STRIP_HEIGHT}"/>']
    for a, b, present in coverage_runs(frames, missing):
        x = (a - first) * scale  # type: ignore[operator]
        w = max((b - a + 1) * scale, 1.0 if present else 2.0)
        cls = "have" if present else "miss"
        rects.append(f'<rect class="{cls}" x="{x:.2f}" y="0" width="{w:.2f}" height="{STRIP_HEIGHT}">'
                     f"<title>{a}-{b} {'present' if present else 'missing'}</title></rect>")
    return (f'<svg class="strip" xmlns="http://www.w3.org/2000/svg" width="{STRIP_WIDTH}" '
            f'height="{STRIP_HEIGHT}" role="img" aria-label="frame coverage">{"".join(rects)}</svg>')


def _output_table(result: GatherResult) -> str:
    if not result.outputs:
        return "<p>No render outputs.</p>"
    rows = "".join(
        f'<tr><td class="path">{escape(o.path)}</td><td>{escape(".".join(x for x in (o.node, o.attr) if x))}'
        f'</td><td>{escape(str(o.frames) if o.frames else "")}</td>'
        f'<td class="path">{escape(o.share or "")}</td></tr>'
        for o in result.outputs
    )
    return f"<table><tr><th>path</th><th>node</th><th>frames</th><th>share</th></tr>{rows}</table>"
