"""Real-filesystem round trip in a tmp prefix: install, import each entry in a clean interpreter,
reinstall (no change), uninstall (prefix byte-identical to before)."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = Path(__file__).with_name("probe_entry.py")
USER_MENU = b"# my own menu.py\nimport os\nMY_SEP = os.sep"  # no trailing newline on purpose
FLOOR = (3, 9)  # the DCCs' Python: deps this interpreter cannot give are fetched (from the wheelhouse)
pytestmark = pytest.mark.usefixtures("offline_pip")


def run(inst, src, *args, floor=FLOOR):
    out, err = io.StringIO(), io.StringIO()
    rc = inst.run(list(args), src=src, floor=floor, out=out, err=err)
    return rc, out.getvalue(), err.getvalue()


def seed_prefix(prefix: Path) -> None:
    (prefix / ".nuke").mkdir(parents=True)
    (prefix / ".nuke" / "menu.py").write_bytes(USER_MENU)
    (prefix / ".nuke" / "init.py").write_bytes(b"# user init\n")
    (prefix / "houdini20.0").mkdir()
    (prefix / "houdini21.0" / "packages").mkdir(parents=True)
    (prefix / "houdini21.0" / "packages" / "other.json").write_bytes(b'{"env": []}\n')
    (prefix / "notes.txt").write_bytes(b"unrelated\n")


def probe(host, prefix: Path, fakes: list, entry_module: str) -> dict:
    cfg = {"host": host, "fakes": fakes, "entry_module": entry_module,
           "menu": str(prefix / ".nuke" / "menu.py"),
           "mod": str(prefix / "maya" / "modules" / "accsyn_dcc.mod"),
           "package": str(prefix / "houdini21.0" / "packages" / "accsyn_dcc.json")}
    proc = subprocess.run([sys.executable, "-I", "-S", str(PROBE), json.dumps(cfg)],
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.strip() == "", proc.stderr  # entries log failures; nothing may be logged
    result = [line for line in proc.stdout.splitlines() if line.startswith("PROBE-RESULT ")]
    return json.loads(result[-1].split(" ", 1)[1])


@pytest.fixture
def installed(inst, source_copy, tmp_path, snap):
    src, _standins = source_copy
    prefix = tmp_path / "home"
    seed_prefix(prefix)
    before = snap(prefix)
    rc, out, err = run(inst, src, "--prefix", str(prefix))
    assert rc == 0, err
    return src, prefix, before, out


def test_install_layout(installed):
    _src, prefix, _before, out = installed
    payload = prefix / ".accsyn-dcc" / "0.1.0"
    assert (payload / "accsyn_dcc" / "__init__.py").is_file()
    assert (payload / "accsyn_dcc" / "core" / "frames.py").is_file()
    assert (payload / "accsyn_dcc" / "hosts" / "nuke" / "__init__.py").is_file()
    assert not (payload / "core").exists() and not (payload / "hosts").exists()
    assert not list(payload.rglob("__pycache__")) and not list(payload.rglob("tests"))  # theirs too
    assert (prefix / ".accsyn-dcc" / "manifest.json").is_file()
    menu = (prefix / ".nuke" / "menu.py").read_bytes()
    assert menu.startswith(USER_MENU + b"\n# >>> accsyn-dcc >>>\n")
    assert menu.endswith(b"# <<< accsyn-dcc <<<\n")
    assert (prefix / "maya" / "modules" / "accsyn_dcc.mod").read_text().startswith("+ accsyn_dcc 0.1.0 ")
    assert (prefix / "maya" / "modules" / "accsyn-dcc" / "scripts" / "userSetup.py").is_file()
    # two Houdini versions found -> two package JSONs; no default-version folder made up
    for ver in ("20.0", "21.0"):
        pkg = json.loads((prefix / f"houdini{ver}" / "packages" / "accsyn_dcc.json").read_text())
        assert pkg["env"][0] == {"ACCSYN_DCC_ROOT": payload.as_posix()}
    assert not (prefix / "houdini20.5").exists()
    assert "vendored: requests" in out


@pytest.mark.parametrize("host", ["nuke", "maya", "houdini"])
def test_entry_imports_installed_copy_in_clean_interpreter(inst, installed, fakes_dir, host):
    src, prefix, _before, _out = installed
    payload = prefix / ".accsyn-dcc" / "0.1.0"
    result = probe(host, prefix, fakes_dir, inst.entry_modules(src / "hosts")[host])
    assert Path(result["accsyn_dcc"]).resolve() == (payload / "accsyn_dcc" / "__init__.py").resolve()
    assert result["entry_loaded"]
    assert result["heavy_after_entry"] == [], "the entry must not import Qt or requests"
    assert Path(result["requests"]).is_relative_to(payload / "vendor")
    assert Path(result["qtpy"]).is_relative_to(payload / "vendor")
    assert Path(result["platformdirs"]).is_relative_to(payload / "vendor")
    assert result["requests_warnings"] == []  # urllib3 / charset-normalizer versions requests accepts
    requests = inst.find_distribution("requests", [str(payload / "vendor")])
    assert inst.supports_python(requests.metadata["Requires-Python"], (3, 9)), requests.version


def test_reinstall_changes_nothing_then_uninstall_restores(inst, installed, fakes_dir, snap):
    src, prefix, before, _out = installed
    for host in ("nuke", "maya", "houdini"):  # the hosts' Python leaves __pycache__ in the payload
        probe(host, prefix, fakes_dir, inst.entry_modules(src / "hosts")[host])
    assert list((prefix / ".accsyn-dcc").rglob("__pycache__"))
    after = snap(prefix, mtimes=True)
    rc, out, _err = run(inst, src, "--prefix", str(prefix))
    assert rc == 0 and "nothing to do: already installed" in out
    assert snap(prefix, mtimes=True) == after
    rc, out, err = run(inst, src, "--prefix", str(prefix), "--uninstall")
    assert rc == 0, err
    assert snap(prefix) == before
    rc, out, _err = run(inst, src, "--prefix", str(prefix), "--uninstall")
    assert rc == 0 and "nothing to uninstall" in out


def test_uninstall_keeps_user_edits_outside_the_block(inst, installed):
    src, prefix, _before, _out = installed
    menu = prefix / ".nuke" / "menu.py"
    menu.write_bytes(b"# added later\n" + menu.read_bytes() + b"print('after')\n")
    assert run(inst, src, "--prefix", str(prefix), "--uninstall")[0] == 0
    assert menu.read_bytes() == b"# added later\n" + USER_MENU + b"\nprint('after')\n"


def test_menu_py_created_when_absent_is_removed_again(inst, source_copy, tmp_path, snap):
    src, _ = source_copy
    prefix = tmp_path / "empty-home"
    prefix.mkdir()
    before = snap(prefix)
    assert run(inst, src, "--prefix", str(prefix), "--host", "nuke")[0] == 0
    assert (prefix / ".nuke" / "menu.py").read_bytes().startswith(b"# >>> accsyn-dcc >>>")
    assert run(inst, src, "--prefix", str(prefix), "--uninstall")[0] == 0
    assert snap(prefix) == before


def test_prefix_that_does_not_exist_yet_is_removed_on_uninstall(inst, source_copy, tmp_path):
    src, _ = source_copy
    prefix = tmp_path / "new" / "home"
    assert run(inst, src, "--prefix", str(prefix), "--host", "houdini")[0] == 0
    # no houdini<ver> folder found: one default version
    assert (prefix / f"houdini{inst.DEFAULT_HOUDINI}" / "packages" / "accsyn_dcc.json").is_file()
    assert run(inst, src, "--prefix", str(prefix), "--uninstall")[0] == 0
    assert not (tmp_path / "new").exists()


def test_dry_run_writes_nothing(inst, source_copy, tmp_path, snap):
    src, _ = source_copy
    prefix = tmp_path / "home"
    seed_prefix(prefix)
    before = snap(prefix, mtimes=True)
    rc, out, _err = run(inst, src, "--prefix", str(prefix), "--dry-run")
    assert rc == 0 and "dry run: nothing was written" in out
    assert "note: would fetch with pip (pure wheels for Python 3.9): requests>=2.28,<2.33 (" in out
    assert "fetching with pip" not in out and "warning: " not in out
    assert f"write {prefix / '.nuke' / 'menu.py'}" in out
    assert f"write {prefix / 'maya' / 'modules' / 'accsyn_dcc.mod'}" in out
    assert snap(prefix, mtimes=True) == before
    assert run(inst, src, "--prefix", str(prefix))[0] == 0
    installed = snap(prefix, mtimes=True)
    rc, out, _err = run(inst, src, "--prefix", str(prefix), "--uninstall", "--dry-run")
    assert rc == 0 and f"remove {prefix / 'maya' / 'modules' / 'accsyn_dcc.mod'}" in out
    assert snap(prefix, mtimes=True) == installed


def test_host_selection_and_shared_payload(inst, source_copy, tmp_path, snap):
    src, _ = source_copy
    prefix = tmp_path / "home"
    seed_prefix(prefix)
    before = snap(prefix)
    assert run(inst, src, "--prefix", str(prefix), "--host", "maya")[0] == 0
    assert (prefix / "maya" / "modules" / "accsyn_dcc.mod").is_file()
    assert (prefix / ".nuke" / "menu.py").read_bytes() == USER_MENU
    assert not (prefix / "houdini20.0" / "packages").exists()
    assert run(inst, src, "--prefix", str(prefix), "--host", "nuke")[0] == 0
    assert run(inst, src, "--prefix", str(prefix), "--uninstall", "--host", "maya")[0] == 0
    assert not (prefix / "maya").exists()
    assert (prefix / ".accsyn-dcc" / "0.1.0" / "accsyn_dcc").is_dir(), "nuke still needs the payload"
    assert b"# >>> accsyn-dcc >>>" in (prefix / ".nuke" / "menu.py").read_bytes()
    assert run(inst, src, "--prefix", str(prefix), "--uninstall", "--host", "nuke")[0] == 0
    assert snap(prefix) == before


def test_doctor(inst, source_copy, tmp_path):
    src, _ = source_copy
    prefix = tmp_path / "home"
    rc, out, _err = run(inst, src, "--prefix", str(prefix), "--doctor")
    assert rc == 1 and "not installed" in out
    assert run(inst, src, "--prefix", str(prefix))[0] == 0
    rc, out, _err = run(inst, src, "--prefix", str(prefix), "--doctor")
    assert rc == 0, out
    assert "installed version: 0.1.0" in out and "vendored: " in out and "requests " in out
    init = prefix / ".accsyn-dcc" / "0.1.0" / "accsyn_dcc" / "__init__.py"
    assert f"accsyn_dcc imports from: {init}" in out
    for module in inst.entry_modules(src / "hosts").values():
        assert f"entry module {module}: ok" in out
    assert "all good" in out
    (prefix / "maya" / "modules" / "accsyn_dcc.mod").unlink()
    rc, out, _err = run(inst, src, "--prefix", str(prefix), "--doctor", "--host", "maya")
    assert rc == 1 and "PROBLEM: missing: " in out and "accsyn_dcc.mod" in out


def test_upgrade_replaces_the_payload_and_uninstall_still_restores(inst, source_copy, tmp_path, snap):
    old_src, _ = source_copy
    new_src = tmp_path / "src-0.2.0"
    shutil.copytree(old_src, new_src)
    init = new_src / "accsyn_dcc" / "__init__.py"
    init.write_text(init.read_text().replace('__version__ = "0.1.0"', '__version__ = "0.2.0"'))
    (new_src / "core" / "frames.py").unlink()
    prefix = tmp_path / "home"
    seed_prefix(prefix)
    before = snap(prefix)
    assert run(inst, old_src, "--prefix", str(prefix))[0] == 0
    rc, out, err = run(inst, new_src, "--prefix", str(prefix))
    assert rc == 0, err
    assert not (prefix / ".accsyn-dcc" / "0.1.0").exists()
    assert (prefix / ".accsyn-dcc" / "0.2.0" / "accsyn_dcc" / "core" / "refs.py").is_file()
    assert "0.2.0" in (prefix / "maya" / "modules" / "accsyn_dcc.mod").read_text()
    menu = (prefix / ".nuke" / "menu.py").read_bytes()
    assert menu.count(b"# >>> accsyn-dcc >>>") == 1 and b"0.2.0" in menu and b"0.1.0" not in menu
    assert run(inst, new_src, "--prefix", str(prefix), "--uninstall")[0] == 0
    assert snap(prefix) == before


def test_symlinked_menu_py_keeps_its_link(inst, source_copy, tmp_path, snap):
    src, _ = source_copy
    prefix = tmp_path / "home"
    (prefix / "dotfiles").mkdir(parents=True)
    (prefix / "dotfiles" / "menu.py").write_bytes(USER_MENU)
    (prefix / ".nuke").mkdir()
    (prefix / ".nuke" / "menu.py").symlink_to(prefix / "dotfiles" / "menu.py")
    before = snap(prefix)
    assert run(inst, src, "--prefix", str(prefix), "--host", "nuke")[0] == 0
    assert (prefix / ".nuke" / "menu.py").is_symlink()
    assert b"# >>> accsyn-dcc >>>" in (prefix / "dotfiles" / "menu.py").read_bytes()
    assert run(inst, src, "--prefix", str(prefix), "--uninstall")[0] == 0
    assert (prefix / ".nuke" / "menu.py").is_symlink() and snap(prefix) == before


def test_doctor_flags_an_entry_that_does_not_compile(inst, installed):
    src, prefix, _before, _out = installed
    setup = prefix / "maya" / "modules" / "accsyn-dcc" / "scripts" / "userSetup.py"
    manifest_path = prefix / ".accsyn-dcc" / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    broken = b"def (:\n"
    setup.write_bytes(broken)  # keep the manifest's hash in step, as if install had written it
    manifest["files"][str(setup)]["sha256"] = inst.sha256(broken)
    manifest_path.write_text(json.dumps(manifest))
    rc, out, _err = run(inst, src, "--prefix", str(prefix), "--doctor", "--host", "maya")
    assert rc == 1 and "entry does not compile" in out


PY39_PROBE = """
import json, os, sys, warnings
payload, vendor, toml = sys.argv[1:4]
sys.path[:0] = [payload]
sys.path.append(vendor)
warnings.simplefilter("error")  # e.g. RequestsDependencyWarning
from accsyn_dcc.core import config, paths
from accsyn_dcc.core.client.session import Session

env = {"ACCSYN_WORKSPACE": "ws", "ACCSYN_API_USER": "ana@example.com", "ACCSYN_API_KEY": "k"}
s = Session(env=env, keyring=None, lazy=True)
http = s._http._session()  # the transport's requests.Session (no network)
cfg = config.load_config(toml)  # TOML on 3.9: tomli
out = {"python": list(sys.version_info[:2]), "workspace": s.workspace, "http": type(http).__module__,
       "home": str(paths.home()), "shares": [sh.id for sh in cfg.shares]}
for name in ("requests", "urllib3", "idna", "certifi", "charset_normalizer", "platformdirs", "tomli"):
    out[name] = sys.modules[name].__file__
print(json.dumps(out))
"""


def test_installed_core_imports_under_python_39(inst, source_copy, tmp_path, python39):
    """The DCCs' Python (3.9) with only the install's paths on sys.path: config, the client session
    (requests) and the per-user dirs (platformdirs) all work from vendor/."""
    import os

    src, _ = source_copy
    prefix = tmp_path / "home"
    rc, out, err = run(inst, src, "--prefix", str(prefix), "--host", "nuke")
    assert rc == 0 and "warning: " not in out, out + err
    payload = prefix / ".accsyn-dcc" / "0.1.0"
    toml = tmp_path / "config.toml"
    toml.write_text('[[shares]]\nid = "s1"\nname = "projects"\nroots = {linux = "/mnt/projects"}\n')
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ACCSYN", "XDG_"))}
    env["HOME"] = str(tmp_path / "user")
    proc = subprocess.run([python39, "-I", "-S", "-c", PY39_PROBE, str(payload), str(payload / "vendor"),
                           str(toml)], capture_output=True, text=True, timeout=120, check=False, env=env)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["python"] == [3, 9] and result["workspace"] == "ws" and result["shares"] == ["s1"]
    assert result["http"] == "requests.sessions"
    assert result["home"] == str(tmp_path / "user" / ".local" / "share" / "accsyn-dcc")
    for name in ("requests", "urllib3", "idna", "certifi", "charset_normalizer", "platformdirs", "tomli"):
        assert Path(result[name]).is_relative_to(payload / "vendor"), (name, result[name])
