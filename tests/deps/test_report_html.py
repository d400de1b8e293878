"""The HTML report: self-contained, a coverage strip per sequence, rendered by a real Chromium."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import zlib

import pytest

from accsyn_dcc.core import gather
from accsyn_dcc.core.config import Config
from accsyn_dcc.core.frames import FrameSet
from accsyn_dcc.core.refs import Reference, SceneInfo
from accsyn_dcc.core.report_html import coverage_runs, render_html


@pytest.fixture(scope="module")
def result(tmp_path_factory, touch):
    tmp_path = tmp_path_factory.mktemp("report")
    holes = (1050, 1051, 1052, 1090)
    touch(tmp_path / "plates", [f"bg.{f}.exr" for f in range(1001, 2001) if f not in holes])
    touch(tmp_path / "tex", ["grid.png"])
    refs = [
        Reference("plates/bg.####.exr", "Read1", "file", FrameSet("1001-2000"), base=str(tmp_path)),
        Reference("tex/grid.png", "Read2", "file", base=str(tmp_path)),
        Reference("tex/<script>alert(1)</script>.png", "Read3", "file", base=str(tmp_path)),
        Reference("$NOPE/x.exr", "Read4", "file", base=str(tmp_path)),
        Reference("tex/gone.png", "Read5", "file", base=str(tmp_path)),
        Reference("render/o.####.exr", "Write1", "file", FrameSet("1001-2000"), output=True,
                  base=str(tmp_path)),
    ]
    info = SceneInfo(path=f"{tmp_path}/comp.nk", format="nuke", references=refs)
    return gather.resolve(info, config=Config(), env={})


def test_report_is_self_contained_and_escaped(result):
    html = render_html(result)
    assert html.startswith("<!DOCTYPE html>") and "<style>" in html
    assert not re.search(r"<(link|script|img|iframe)\b", html), "no external assets, no scripts"
    assert not re.search(r"""(src|href)\s*=""", html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "missing 1050-1052,1090" in html
    for status in ("partial", "ok", "missing", "unchecked"):
        assert f'class="badge {status}"' in html


def test_coverage_strip_draws_runs_not_frames(result):
    html = render_html(result)
    [svg] = re.findall(r'<svg class="strip".*?</svg>', html)
    assert svg.count('class="miss"') == 2 and svg.count('class="have"') == 3  # 5 runs for 1000 frames
    assert coverage_runs(FrameSet("1-10"), FrameSet("4-5")) == [(1, 3, True), (4, 5, False), (6, 10, True)]


def _png_pixels(path):
    """Decode an 8-bit RGB/RGBA PNG (what Chromium writes) with zlib and struct only."""
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width, height, ctype = 8, b"", 0, 0, 0
    while pos < len(data):
        length, tag = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if tag == b"IHDR":
            width, height, depth, ctype = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and ctype in (2, 6)
        elif tag == b"IDAT":
            idat += body
        pos += 12 + length
    bpp = 3 if ctype == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        ftype, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if ftype == 1:
                line[i] = (line[i] + a) & 0xFF
            elif ftype == 2:
                line[i] = (line[i] + b) & 0xFF
            elif ftype == 3:
                line[i] = (line[i] + (a + b) // 2) & 0xFF
            elif ftype == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        rows.append(bytes(line))
        prev = line
    return width, height, bpp, rows


def test_report_renders_in_headless_chromium(result, tmp_path, artifacts_dir):
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if not exe:
        pytest.skip("chromium is not installed (apt-get install chromium); .ci/run installs it")
    page = tmp_path / "report.html"
    page.write_text(render_html(result), encoding="utf-8")
    png = artifacts_dir / "deps_report.png"
    if png.exists():
        png.unlink()
    cmd = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           f"--user-data-dir={tmp_path / 'profile'}", f"--screenshot={png}", "--window-size=1200,900",
           page.as_uri()]
    subprocess.run(cmd, check=False, capture_output=True, timeout=120)
    assert png.is_file() and png.stat().st_size > 2000
    width, height, bpp, rows = _png_pixels(png)
    assert (width, height) == (1200, 900)
    pixels = {row[i:i + 3] for row in rows[::7] for i in range(0, len(row), bpp * 5)}
    assert len(pixels) > 20, "the page is not one flat colour"
    red = any(p[0] > 150 and p[1] < 90 and p[2] < 90 for p in pixels)
    green = any(p[1] > 100 and p[0] < 90 and p[2] < 110 for p in pixels)
    assert red and green, "the coverage strip (green runs, red missing frames) is visible"
