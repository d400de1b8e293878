"""Fetching deps this Python cannot give: pip download of pure 3.9 wheels, checked and unpacked into vendor/.

Offline tests point install.py's pip at a local folder of wheels built here (``--no-index --find-links``
through ``Fetcher.pip_args``); one test (marked ``network``) fetches the real deps from the registry.
"""

from __future__ import annotations

import io
import json
import shutil
import time
import zipfile
from pathlib import Path

import pytest

FLOOR = (3, 9)


def make_wheel(folder: Path, name: str = "demo_pkg", version: str = "1.0", *, tag: str = "py3-none-any",
               requires: str | None = ">=3.8", purelib: bool = True, extra: dict | None = None) -> Path:
    """A tiny wheel: a package, a tests/ folder, a bytecode file, a .data script and its .dist-info."""
    folder.mkdir(parents=True, exist_ok=True)
    info = f"{name}-{version}.dist-info"
    metadata = f"Metadata-Version: 2.1\nName: {name.replace('_', '-')}\nVersion: {version}\n"
    if requires:
        metadata += f"Requires-Python: {requires}\n"
    files = {
        f"{name}/__init__.py": f"__version__ = {version!r}\n",
        f"{name}/core.py": "def hello():\n    return 'hi'\n",
        f"{name}/tests/test_core.py": "def test():\n    pass\n",
        f"{name}/__pycache__/core.cpython-39.pyc": "\0",
        f"{name}-{version}.data/scripts/demo": "#!python\n",
        f"{info}/METADATA": metadata,
        f"{info}/WHEEL": f"Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: {str(purelib).lower()}\n"
                         f"Tag: {tag}\n",
        f"{info}/RECORD": "",
        **(extra or {}),
    }
    path = folder / f"{name}-{version}-{tag}.whl"
    with zipfile.ZipFile(path, "w") as zf:
        for rel, text in files.items():
            zf.writestr(rel, text)
    return path


def local_fetcher(inst, folder: Path):
    return inst.Fetcher(pip_args=("--no-index", "--find-links", str(folder)))


def install(inst, src, *args, fetcher, floor=FLOOR):
    out = io.StringIO()
    rc = inst.run(list(args), src=src, floor=floor, fetcher=fetcher, out=out, err=out)
    return rc, out.getvalue()


def warning_lines(out: str):
    return [line for line in out.splitlines() if line.startswith("warning: ")]


# ------------------------------------------------------------------------------------------ read_wheel


def test_a_pure_wheel_gives_its_package_and_dist_info(inst, tmp_path):
    got = inst.read_wheel(make_wheel(tmp_path), "demo-pkg", FLOOR)
    assert isinstance(got, inst.Vendored), got
    assert (got.name, got.version, got.origin) == ("demo-pkg", "1.0", "fetched")
    # no tests/, no bytecode, no .data scripts, no RECORD (install.py writes its own)
    assert sorted(got.files) == ["demo_pkg-1.0.dist-info/METADATA", "demo_pkg-1.0.dist-info/WHEEL",
                                 "demo_pkg/__init__.py", "demo_pkg/core.py"]
    assert got.files["demo_pkg/__init__.py"] == b"__version__ = '1.0'\n"
    both = inst.read_wheel(make_wheel(tmp_path / "py2", tag="py2.py3-none-any"), "demo_pkg", FLOOR)
    assert isinstance(both, inst.Vendored), both


@pytest.mark.parametrize("kwargs, reason", [
    ({"tag": "cp311-cp311-manylinux_2_17_x86_64"}, "not a pure-Python py3-none-any wheel"),
    ({"tag": "py2-none-any"}, "not a pure-Python py3-none-any wheel"),
    ({"requires": ">=3.10"}, "1.0 needs Python >=3.10; it must support 3.9"),
    ({"purelib": False}, "is not Root-Is-Purelib"),
    ({"extra": {"demo_pkg/_speedups.so": "\0"}}, "holds a compiled file (demo_pkg/_speedups.so)"),
    ({"extra": {"demo_pkg-1.0.data/platlib/x.py": ""}}, "has platlib files"),
    ({"extra": {"../evil.py": ""}}, "has an unsafe path: ../evil.py"),
])
def test_wheels_that_do_not_qualify_are_rejected(inst, tmp_path, kwargs, reason):
    got = inst.read_wheel(make_wheel(tmp_path, **kwargs), "demo-pkg", FLOOR)
    assert isinstance(got, inst.Skipped) and reason in got.reason, got


def test_a_wheel_of_another_project_is_rejected(inst, tmp_path):
    got = inst.read_wheel(make_wheel(tmp_path, name="other_pkg"), "demo-pkg", FLOOR)
    assert isinstance(got, inst.Skipped) and "no demo-pkg .dist-info/METADATA" in got.reason


# ---------------------------------------------------------------------------------------- through pip


def test_pip_fetches_the_qualifying_wheel_from_a_local_folder(inst, tmp_path):
    wheels = tmp_path / "wheels"
    make_wheel(wheels, version="1.0")
    make_wheel(wheels, version="2.0", requires=">=3.10")  # newer, but not for 3.9: pip must not pick it
    make_wheel(wheels, version="3.0", tag="cp39-cp39-manylinux_2_17_x86_64")  # compiled: not for --platform any
    got, skipped = inst.fetch_wheels(["demo-pkg"], FLOOR, local_fetcher(inst, wheels))
    assert skipped == []
    assert [(v.name, v.version, v.origin) for v in got] == [("demo-pkg", "1.0", "fetched")]


def test_pip_finding_only_unfit_wheels_leaves_the_dep_out(inst, tmp_path):
    wheels = tmp_path / "wheels"
    make_wheel(wheels, version="2.0", requires=">=3.10")
    make_wheel(wheels, version="3.0", tag="cp311-cp311-manylinux_2_17_x86_64")
    got, skipped = inst.fetch_wheels(["demo-pkg"], FLOOR, local_fetcher(inst, wheels))
    assert got == [] and [s.name for s in skipped] == ["demo-pkg"]
    assert skipped[0].reason.startswith("pip could not fetch demo-pkg: ERROR: ")


def test_a_wheel_pip_accepts_is_still_checked(inst, tmp_path):
    """pip takes a py3-none-any wheel at face value; install.py also looks inside it."""
    wheels = tmp_path / "wheels"
    make_wheel(wheels, extra={"demo_pkg/_speedups.so": "\0"})
    got, skipped = inst.fetch_wheels(["demo-pkg"], FLOOR, local_fetcher(inst, wheels))
    assert got == [] and "holds a compiled file" in skipped[0].reason


def test_one_unfetchable_requirement_does_not_cost_the_others(inst, tmp_path):
    wheels = tmp_path / "wheels"
    make_wheel(wheels)
    got, skipped = inst.fetch_wheels(["demo-pkg", "absent-pkg"], FLOOR, local_fetcher(inst, wheels))
    assert [v.name for v in got] == ["demo-pkg"]
    assert [s.name for s in skipped] == ["absent-pkg"] and "pip could not fetch absent-pkg" in skipped[0].reason


def test_an_unreachable_index_is_reported_as_such(inst, tmp_path):
    fetcher = inst.Fetcher(pip_args=("--isolated", "--index-url", "http://127.0.0.1:9/simple", "--retries", "1",
                                     "--timeout", "2"))
    start = time.monotonic()
    got, skipped = inst.fetch_wheels(["demo-pkg", "absent-pkg"], FLOOR, fetcher)
    assert got == [] and len(skipped) == 2
    assert all("cannot reach the package index (Connection refused)" in s.reason for s in skipped), skipped
    assert time.monotonic() - start < 30  # one pip call, not one per requirement


# ------------------------------------------------------------------------------------- the whole install


@pytest.fixture
def demo_only(inst, monkeypatch):
    """install.py vendors just demo-pkg (which this Python does not have), so the fetch path runs."""
    monkeypatch.setattr(inst, "VENDOR_DISTS", ("demo-pkg",))


def test_install_fetches_unpacks_records_then_reruns_offline_and_uninstalls(inst, source_copy, tmp_path,
                                                                            demo_only, snap):
    src, _ = source_copy
    wheels = tmp_path / "wheels"
    make_wheel(wheels)
    prefix = tmp_path / "home"
    prefix.mkdir()
    (prefix / "mine.txt").write_bytes(b"mine\n")
    before = snap(prefix)
    rc, out = install(inst, src, "--prefix", str(prefix), "--host", "nuke", fetcher=local_fetcher(inst, wheels))
    assert rc == 0, out
    assert out.startswith(f"accsyn-dcc install into {prefix}\nfetching with pip (pure wheels for Python 3.9): "
                          "demo-pkg\n")
    assert "vendored: demo-pkg 1.0 (fetched)" in out and warning_lines(out) == []
    vendor = prefix / ".accsyn-dcc" / "0.1.0" / "vendor"
    files = sorted(p.relative_to(vendor).as_posix() for p in vendor.rglob("*") if p.is_file())
    assert files == ["demo_pkg-1.0.dist-info/METADATA", "demo_pkg-1.0.dist-info/RECORD",
                     "demo_pkg-1.0.dist-info/WHEEL", "demo_pkg/__init__.py", "demo_pkg/core.py"]
    manifest = json.loads((prefix / ".accsyn-dcc" / "manifest.json").read_text())
    for rel in files:
        rec = manifest["files"][str(vendor / rel)]
        assert rec == {"sha256": inst.sha256((vendor / rel).read_bytes()), "part": "payload"}
    dist = inst.find_distribution("demo-pkg", [str(vendor)])  # vendor/ is a site folder importlib reads
    assert dist.version == "1.0" and sorted(str(f) for f in dist.files) == files

    shutil.rmtree(wheels)  # nothing left to fetch from: the rerun keeps what vendor/ has
    after = snap(prefix, mtimes=True)
    rc, out = install(inst, src, "--prefix", str(prefix), "--host", "nuke", fetcher=local_fetcher(inst, wheels))
    assert rc == 0 and "nothing to do: already installed" in out, out
    assert "vendored: demo-pkg 1.0 (kept)" in out and "fetching" not in out
    assert snap(prefix, mtimes=True) == after

    rc, out = install(inst, src, "--prefix", str(prefix), "--uninstall", fetcher=None)
    assert rc == 0, out
    assert snap(prefix) == before


def test_an_offline_upgrade_keeps_the_deps_the_old_version_vendored(inst, source_copy, tmp_path, demo_only, snap):
    old_src, _ = source_copy
    new_src = tmp_path / "src-0.2.0"
    shutil.copytree(old_src, new_src)
    init = new_src / "accsyn_dcc" / "__init__.py"
    init.write_text(init.read_text().replace('__version__ = "0.1.0"', '__version__ = "0.2.0"'))
    wheels = tmp_path / "wheels"
    make_wheel(wheels)
    prefix = tmp_path / "home"
    prefix.mkdir()
    before = snap(prefix)
    assert install(inst, old_src, "--prefix", str(prefix), "--host", "nuke",
                   fetcher=local_fetcher(inst, wheels))[0] == 0
    shutil.rmtree(wheels)
    rc, out = install(inst, new_src, "--prefix", str(prefix), "--host", "nuke", fetcher=local_fetcher(inst, wheels))
    assert rc == 0 and "vendored: demo-pkg 1.0 (kept)" in out and warning_lines(out) == [], out
    assert (prefix / ".accsyn-dcc" / "0.2.0" / "vendor" / "demo_pkg" / "core.py").is_file()
    assert not (prefix / ".accsyn-dcc" / "0.1.0").exists()
    assert install(inst, new_src, "--prefix", str(prefix), "--uninstall", fetcher=None)[0] == 0
    assert snap(prefix) == before


def test_an_edited_vendored_copy_is_not_kept(inst, source_copy, tmp_path, demo_only):
    src, _ = source_copy
    wheels = tmp_path / "wheels"
    make_wheel(wheels)
    prefix = tmp_path / "home"
    assert install(inst, src, "--prefix", str(prefix), "--host", "nuke", fetcher=local_fetcher(inst, wheels))[0] == 0
    init = prefix / ".accsyn-dcc" / "0.1.0" / "vendor" / "demo_pkg" / "__init__.py"
    init.write_text("broken = True\n")
    rc, out = install(inst, src, "--prefix", str(prefix), "--host", "nuke", fetcher=local_fetcher(inst, wheels))
    assert rc == 0 and "demo-pkg 1.0 (fetched)" in out, out
    assert f"write {init}  (replace (it was edited since install))" in out
    assert init.read_text() == "__version__ = '1.0'\n"


def test_fetch_failure_falls_back_to_what_qualifies_with_one_line_per_missing_dep(inst, source_copy, tmp_path,
                                                                                  monkeypatch, snap):
    monkeypatch.setattr(inst, "VENDOR_DISTS", ("demo-pkg", "idna", "requests"))  # idna qualifies here
    src, _ = source_copy
    empty = tmp_path / "no-wheels"
    empty.mkdir()
    prefix = tmp_path / "home"
    prefix.mkdir()
    before = snap(prefix)
    rc, out = install(inst, src, "--prefix", str(prefix), "--host", "nuke", fetcher=local_fetcher(inst, empty))
    assert rc == 0, out
    vendored = next(line for line in out.splitlines() if line.startswith("vendored: "))
    assert vendored.startswith("vendored: idna ") and "demo-pkg" not in vendored and "requests" not in vendored
    lines = warning_lines(out)
    assert [line.split()[1] for line in lines] == ["demo-pkg", "requests"]
    req = lines[1]
    assert "pip could not fetch requests>=2.28,<2.33: ERROR: " in req
    assert "in the DCC the plugin cannot reach accsyn (submit, login and job lookups fail), unless the DCC's " \
           "own Python has requests. Fix: " in req
    assert ' -m pip install --target DIR --no-deps --only-binary=:all: --python-version 3.9 --implementation py ' \
           '--platform any demo-pkg "idna>=2.5,<4" "requests>=2.28,<2.33" && ' in req
    assert req.endswith("install.py --vendor-from DIR")
    assert "demo-pkg not vendored (not installed for this Python; pip could not fetch demo-pkg" in lines[0]
    assert install(inst, src, "--prefix", str(prefix), "--uninstall", fetcher=None)[0] == 0
    assert snap(prefix) == before


def test_no_pip_is_a_warning_not_an_error(inst, source_copy, tmp_path, demo_only):
    src, _ = source_copy
    fetcher = inst.Fetcher(python=str(tmp_path / "no-such-python"))
    rc, out = install(inst, src, "--prefix", str(tmp_path / "home"), "--host", "nuke", fetcher=fetcher)
    assert rc == 0, out
    assert len(warning_lines(out)) == 1 and "cannot run " in warning_lines(out)[0]


def test_dry_run_says_what_it_would_fetch_and_runs_no_pip(inst, source_copy, tmp_path, demo_only):
    src, _ = source_copy
    fetcher = inst.Fetcher(python=str(tmp_path / "no-such-python"))  # would fail loudly if it were run
    prefix = tmp_path / "home"
    rc, out = install(inst, src, "--prefix", str(prefix), "--dry-run", fetcher=fetcher)
    assert rc == 0, out
    assert "note: would fetch with pip (pure wheels for Python 3.9): demo-pkg (not installed for this Python)" in out
    assert "cannot run" not in out and warning_lines(out) == []
    assert not prefix.exists()


# ------------------------------------------------------------------------------------- the real registry


@pytest.mark.network
def test_real_fetch_from_the_registry_into_a_tmp_prefix(inst, source_copy, tmp_path):
    """The default path, no test doubles: this Python's pip against the configured index."""
    src, _ = source_copy
    prefix = tmp_path / "home"
    start = time.monotonic()
    rc, out = install(inst, src, "--prefix", str(prefix), "--host", "nuke", fetcher=inst.DEFAULT_FETCHER)
    assert rc == 0, out
    if warning_lines(out):
        pytest.fail("pip could not fetch the deps from the package registry (it is reachable in CI; check the "
                    "network, proxy and pip config):\n" + "\n".join(warning_lines(out)), pytrace=False)
    vendor = prefix / ".accsyn-dcc" / "0.1.0" / "vendor"
    manifest = json.loads((prefix / ".accsyn-dcc" / "manifest.json").read_text())
    for p in vendor.rglob("*"):
        if p.is_file():
            assert str(p) in manifest["files"], p
            assert p.suffix not in (".so", ".pyd", ".dylib"), p
    for name in inst.VENDOR_DISTS:
        dist = inst.find_distribution(name, [str(vendor)])
        assert dist is not None, name
        assert inst.supports_python(dist.metadata["Requires-Python"], FLOOR), (name, dist.version)
        if f"{name} {dist.version} (fetched)" in out:
            version = inst._version_tuple(dist.version)
            assert all(inst._clause_ok(c, version) for c in inst.FETCH_SPECS[name].split(",")), (name, version)
    rc, out = install(inst, src, "--prefix", str(prefix), "--host", "nuke", fetcher=inst.DEFAULT_FETCHER)
    assert rc == 0 and "nothing to do: already installed" in out, out
    assert install(inst, src, "--prefix", str(prefix), "--uninstall", fetcher=None)[0] == 0
    assert not prefix.exists()
    assert time.monotonic() - start < 60
