"""Vendoring policy: pure-Python wheels that support Python 3.9, from installed distributions."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest


@pytest.mark.parametrize("spec, ok", [
    (None, True), ("", True), (">=3.7", True), (">=3.9", True), (">=3.9.0", True), (">=3.10", False),
    (">=3.11", False), (">=3.8,<4", True), (">=3.6, !=3.9.*", False), ("~=3.8", True), ("<3.9", False),
    ("==3.*", True), (">=2.7,!=3.0.*,!=3.1.*", True), (">3.9", False), ("!=3.9.0", False),
])
def test_requires_python_against_the_floor(inst, spec, ok):
    assert inst.supports_python(spec, (3, 9)) is ok


def make_dist(site: Path, name: str, *, version="1.0", purelib=True, requires=">=3.8", extra=()):
    pkg = site / name
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text(f"__version__ = {version!r}\n")
    files = [f"{name}/__init__.py"]
    for rel in extra:
        (site / rel).write_bytes(b"\0")
        files.append(rel)
    info = site / f"{name}-{version}.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"
                                   + (f"Requires-Python: {requires}\n" if requires else ""))
    (info / "WHEEL").write_text(f"Wheel-Version: 1.0\nRoot-Is-Purelib: {'true' if purelib else 'false'}\n")
    (info / "INSTALLER").write_text("pip\n")
    record = files + [f"{info.name}/{f}" for f in ("METADATA", "WHEEL", "INSTALLER", "RECORD")]
    record += [f"{name}/__pycache__/__init__.cpython-311.pyc", "../../bin/tool"]
    (info / "RECORD").write_text("".join(f"{r},,\n" for r in record))


def test_policy_on_fake_distributions(inst, tmp_path):
    site = tmp_path / "site"
    make_dist(site, "purepkg")
    make_dist(site, "newpkg", requires=">=3.10")
    make_dist(site, "platpkg", purelib=False)
    make_dist(site, "sneaky", extra=("sneaky/_speedups.so",))
    names = ["purepkg", "newpkg", "platpkg", "sneaky", "absent"]
    picked, skipped = inst.plan_vendor(names, paths=[str(site)])
    assert [(v.name, v.version) for v in picked] == [("purepkg", "1.0")]
    assert sorted(picked[0].files) == ["purepkg-1.0.dist-info/METADATA", "purepkg-1.0.dist-info/WHEEL",
                                       "purepkg/__init__.py"]
    reasons = {s.name: s.reason for s in skipped}
    assert "needs Python >=3.10" in reasons["newpkg"]
    assert "not pure Python" in reasons["platpkg"] and "not pure Python" in reasons["sneaky"]
    assert "not installed" in reasons["absent"]


def test_first_distribution_on_the_path_wins(inst, tmp_path):
    make_dist(tmp_path / "a", "dup", version="2.0")
    make_dist(tmp_path / "b", "dup", version="1.0")
    assert inst.find_distribution("dup", [str(tmp_path / "a"), str(tmp_path / "b")]).version == "2.0"
    assert inst.find_distribution("DUP", [str(tmp_path / "b")]).version == "1.0"


def test_this_interpreters_deps(inst):
    """requests, qtpy and friends are pure here; compiled builds (mypyc tomli, charset_normalizer) are
    skipped with a reason rather than copied."""
    here = tuple(sys.version_info[:2])
    picked, skipped = inst.plan_vendor(floor=here)
    names = {v.name for v in picked}
    assert {"requests", "urllib3", "idna", "certifi", "qtpy"} <= names
    for v in picked:
        assert not any(r.endswith((".so", ".pyd")) for r in v.files), v.name
    for s in skipped:
        assert "not pure Python" in s.reason or "not installed" in s.reason, s


def test_vendor_from_a_folder_instead_of_this_python(inst, source_copy, tmp_path):
    import io

    site = tmp_path / "site"
    make_dist(site, "requests", version="2.32.5", requires=">=3.8")
    make_dist(site, "qtpy", version="2.4.3", requires=">=3.7")
    prefix = tmp_path / "home"
    out = io.StringIO()
    rc = inst.run(["--prefix", str(prefix), "--vendor-from", str(site)], src=source_copy[0], out=out, err=out)
    assert rc == 0, out.getvalue()
    vendor = prefix / ".accsyn-dcc" / "0.1.0" / "vendor"
    assert (vendor / "requests" / "__init__.py").read_text() == "__version__ = '2.32.5'\n"
    assert sorted(p.name for p in vendor.iterdir() if p.is_dir() and "dist-info" not in p.name) == ["qtpy", "requests"]
    # --vendor-from names the one place deps come from: nothing fetched, one warning line per missing dep
    warnings = [ln for ln in out.getvalue().splitlines() if ln.startswith("warning: ")]
    assert len(warnings) == len(inst.VENDOR_DISTS) - 2
    urllib3 = next(ln for ln in warnings if ln.startswith("warning: urllib3 "))
    assert f"urllib3 not vendored (not installed in {site}): in the DCC requests cannot be imported" in urllib3
    assert urllib3.endswith(" --vendor-from DIR") and "pip install --target DIR" in urllib3
    assert '"requests>=2.28,<2.33"' in urllib3
    assert "fetch" not in out.getvalue()
    assert inst.run(["--prefix", str(prefix), "--uninstall"], src=source_copy[0], out=out, err=out) == 0
    assert not prefix.exists()
