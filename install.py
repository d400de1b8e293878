#!/usr/bin/env python3
"""Install accsyn-dcc into Nuke, Maya and Houdini for the current user.

    python install.py [--host nuke|maya|houdini|all] [--prefix DIR] [--dry-run] [--uninstall] [--doctor]
                      [--vendor-from DIR]

Runs on the machine's own Python (3.9 or newer), standard library only, from a source checkout.

Layout (``<home>`` is the user's home directory, or ``--prefix DIR``)::

    <home>/.accsyn-dcc/manifest.json          what this script wrote (sha256 per file, dirs, blocks)
    <home>/.accsyn-dcc/<version>/accsyn_dcc/  the package (core/ and hosts/ inside it; no tests)
    <home>/.accsyn-dcc/<version>/vendor/      pure-Python runtime deps (requests, qtpy, ...)
    <home>/.accsyn-dcc/<version>/houdini/     the Houdini package's hpath (toolbar/accsyn_dcc.shelf)

    Nuke     <home>/.nuke/menu.py             a marked block (# >>> accsyn-dcc >>> ... # <<< accsyn-dcc <<<)
    Maya     <maya modules>/accsyn_dcc.mod    + <maya modules>/accsyn-dcc/scripts/userSetup.py
    Houdini  <houdini prefs>/packages/accsyn_dcc.json   (one per houdini<version> folder found)

Only the payload folder goes on ``sys.path`` (never bare ``core``/``hosts``); ``vendor/`` is appended,
so a DCC's own copy of requests or qtpy wins and ours is the fallback.

Per OS without ``--prefix`` (``~`` is ``$HOME``; on Windows ``%HOME%`` if set, else ``%USERPROFILE%``,
and ``~/Documents`` is just ``%HOME%`` when that is set, as Maya and Houdini do):
  Nuke     ``~/.nuke`` (always on Nuke's plugin path; ``NUKE_PATH`` folders are shared studio folders,
           so they are only reported, never written).
  Maya     ``$MAYA_APP_DIR/modules``, else ``~/maya/modules`` (Linux),
           ``~/Library/Preferences/Autodesk/maya/modules`` (macOS), ``~/Documents/maya/modules``
           (Windows); ``MAYA_MODULE_PATH`` is only reported.
  Houdini  ``$HOUDINI_USER_PREF_DIR`` (``__HVER__`` expanded for each version found), else
           ``~/houdini<ver>`` (Linux), ``~/Library/Preferences/houdini/<ver>`` (macOS),
           ``~/Documents/houdini<ver>`` (Windows); the default version when none is found.
``--host all`` (the default) installs into each DCC whose user folder exists (``~/.nuke``, the Maya
prefs folder, a Houdini prefs folder); a host named with ``--host`` is installed even if not found.
With ``--prefix DIR`` every host is installed and the layout is the same on every OS: ``DIR/.nuke``,
``DIR/maya/modules``, ``DIR/houdini<ver>/packages``, ``DIR/.accsyn-dcc``; env vars are ignored.

Vendoring (the DCCs run Python 3.9, so every dep in ``vendor/`` must be pure Python and admit 3.9:
a wheel with ``Root-Is-Purelib: true``, no compiled file, and a ``Requires-Python`` that admits 3.9):
  1. this Python's installed copy of each dep, when it qualifies;
  2. else the copy an earlier run put in ``vendor/`` (unchanged, per its RECORD), so a rerun, even offline,
     changes nothing;
  3. else a wheel fetched with this Python's pip, ``python -m pip download --only-binary=:all:
     --python-version 3.9 --implementation py --platform any --no-deps`` at the spec in FETCH_SPECS
     (pip's config, ``PIP_*`` variables and cache apply), checked (``py3-none-any``, purelib,
     Requires-Python) and unpacked: its top-level modules/packages and ``.dist-info``, every file in the
     manifest. Never in a dry run (it says what it would fetch).
Anything left out (offline, no pip) is one ``warning:`` line per dep: what will not work in the DCC and
the command that fixes it, ``pip install --target DIR ...`` then ``--vendor-from DIR``, which takes every
dep from DIR only (nothing from this Python, no fetch).

Entry text comes from the hosts' pure helpers when the source has them (``hosts/nuke/entry.py``
``menu_block``, ``hosts/maya/module.py`` ``mod_file_text``/``user_setup_text``,
``hosts/houdini/package.py`` ``package_json``, run in a clean interpreter); install.py writes its
own equivalent text for any that is missing or fails.

Exit codes: 0 done, 1 something could not be done (or --doctor found a problem), 2 usage error.
"""

from __future__ import annotations

import argparse
import ast
import base64
import csv
import email.parser
import hashlib
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Callable, Dict, Iterable, List, Mapping, Sequence, Tuple

SOURCE = Path(__file__).resolve().parent
APP = "accsyn-dcc"
BEGIN = "# >>> accsyn-dcc >>>"
END = "# <<< accsyn-dcc <<<"
HOSTS = ("nuke", "maya", "houdini")
DEFAULT_HOUDINI = "20.5"
VENDOR_FLOOR = (3, 9)
# Runtime deps of the plugin (and theirs); every one must be pure Python and support VENDOR_FLOOR.
VENDOR_DISTS = (
    "requests", "urllib3", "idna", "certifi", "charset-normalizer",
    "platformdirs", "tomli", "qtpy", "packaging",
)
# What pip fetches when this Python's copy of a dep does not qualify: pure wheels that still support
# Python 3.9 (each upper bound is the first release that needs 3.10; pip also filters on Requires-Python).
FETCH_SPECS = {
    "requests": ">=2.28,<2.33",
    "urllib3": ">=1.26,<2.7",
    "idna": ">=2.5,<4",
    "certifi": ">=2017.4.17",
    "charset-normalizer": ">=2,<4",
    "platformdirs": ">=3,<4.5",
    "tomli": ">=1.1,<3",
    "qtpy": ">=2.3,<3",
    "packaging": ">=21,<26.4",
}
# What stops working inside the DCC when a dep is not vendored (and the DCC's own Python lacks it).
DCC_IMPACT = {
    "requests": "the plugin cannot reach accsyn (submit, login and job lookups fail)",
    "urllib3": "requests cannot be imported, so the plugin cannot reach accsyn",
    "idna": "requests cannot be imported, so the plugin cannot reach accsyn",
    "certifi": "requests cannot be imported, so the plugin cannot reach accsyn",
    "charset-normalizer": "requests warns on import (RequestsDependencyWarning) and apparent_encoding "
    "falls back to utf-8",
    "platformdirs": "the plugin cannot find its config and outbox folders (ACCSYN_DCC_HOME works around it)",
    "tomli": "config.toml cannot be read on Python < 3.11 (config.json still works)",
    "qtpy": "the submit dialog cannot open (the accsyn-dcc command line still works)",
    "packaging": "qtpy cannot be imported, so the submit dialog cannot open",
}
PACKAGE_MAP = (("accsyn_dcc", "accsyn_dcc"), ("core", "accsyn_dcc/core"), ("hosts", "accsyn_dcc/hosts"))
PAYLOAD_SUFFIXES = {".py", ".png", ".svg", ".mod", ".mel", ".json", ".shelf"}
BINARY_SUFFIXES = {".so", ".pyd", ".dylib", ".dll"}
SKIP_DIST_INFO = {"RECORD", "INSTALLER", "REQUESTED", "direct_url.json"}
# The module each host's entry imports: the first of these the source has (hosts/<host>/<name>.py).
ENTRY_CANDIDATES = {
    "nuke": ("menu",),
    "maya": ("startup", "user_setup", "userSetup", "menu", "shelf"),
    "houdini": ("shelf", "menu", "startup"),
}


class InstallError(Exception):
    """A problem the user can act on; printed as one line, never as a traceback."""


class UsageError(InstallError):
    """Bad command-line input (exit 2)."""


# --------------------------------------------------------------------------------------------- where


def detect_os(platform: str = sys.platform) -> str:
    """``linux``, ``darwin`` or ``windows`` (tests patch this or pass ``os_name``)."""
    if platform.startswith("win"):
        return "windows"
    if platform == "darwin":
        return "darwin"
    return "linux"


@dataclass(frozen=True)
class Env:
    """Everything install.py reads from the machine: OS, home (or --prefix) and environment."""

    os_name: str
    home: Path
    environ: Mapping[str, str]
    prefix: bool = False


def make_env(prefix: str | None = None, *, os_name: str | None = None,
             environ: Mapping[str, str] | None = None, home: str | None = None) -> Env:
    environ = dict(os.environ if environ is None else environ)
    os_name = os_name or detect_os()
    if prefix is not None:
        return Env(os_name, Path(prefix).expanduser().absolute(), environ, prefix=True)
    if home is None:
        keys = ("HOME", "USERPROFILE") if os_name == "windows" else ("HOME",)
        home = next((environ[k] for k in keys if environ.get(k)), None) or str(Path.home())
    return Env(os_name, Path(home), environ)


def nuke_dir(env: Env) -> Path:
    return env.home / ".nuke"


def maya_modules_dir(env: Env) -> Path:
    if env.prefix:
        return env.home / "maya" / "modules"
    app_dir = env.environ.get("MAYA_APP_DIR")
    if app_dir:
        return Path(app_dir) / "modules"
    if env.os_name == "windows":
        return windows_documents(env) / "maya" / "modules"
    base = {"linux": ("maya",), "darwin": ("Library", "Preferences", "Autodesk", "maya")}[env.os_name]
    return env.home.joinpath(*base, "modules")


def windows_documents(env: Env) -> Path:
    """Where Maya and Houdini keep user prefs on Windows: ``%HOME%`` if set, else ``Documents``."""
    return env.home if env.environ.get("HOME") else env.home / "Documents"


def _houdini_base(env: Env) -> Tuple[Path, str]:
    """The folder holding per-version pref dirs and the name pattern of one (``{v}`` = version)."""
    if env.prefix or env.os_name == "linux":
        return env.home, "houdini{v}"
    if env.os_name == "darwin":
        return env.home / "Library" / "Preferences" / "houdini", "{v}"
    return windows_documents(env), "houdini{v}"


def _versions_in(base: Path, pattern: str) -> List[Tuple[str, Path]]:
    rx = re.compile(re.escape(pattern).replace(re.escape("{v}"), r"(\d+\.\d+)") + r"\Z")
    found = []
    if base.is_dir():
        for child in base.iterdir():
            m = rx.match(child.name)
            if m and child.is_dir():
                found.append((m.group(1), child))
    return sorted(found, key=lambda vp: tuple(int(x) for x in vp[0].split(".")))


def houdini_pref_dirs(env: Env) -> List[Tuple[str, Path]]:
    """(version, pref dir) for each Houdini user pref folder found, or the default version."""
    pref = None if env.prefix else env.environ.get("HOUDINI_USER_PREF_DIR")
    if pref and "__HVER__" not in pref:
        return [("", Path(pref))]
    if pref:
        base, pattern = Path(pref).parent, Path(pref).name.replace("__HVER__", "{v}")
    else:
        base, pattern = _houdini_base(env)
    return _versions_in(base, pattern) or [(DEFAULT_HOUDINI, base / pattern.format(v=DEFAULT_HOUDINI))]


def found_hosts(env: Env) -> List[str]:
    """The hosts whose user folder exists (with ``--prefix``: all of them, the folders are made)."""
    if env.prefix:
        return list(HOSTS)
    found = {"nuke": nuke_dir(env).is_dir(), "maya": maya_modules_dir(env).parent.is_dir(),
             "houdini": any(p.is_dir() for _v, p in houdini_pref_dirs(env))}
    return [h for h in HOSTS if found[h]]


@dataclass(frozen=True)
class Layout:
    root: Path
    payload: Path
    version: str

    @property
    def manifest(self) -> Path:
        return self.root / "manifest.json"

    @property
    def vendor(self) -> Path:
        return self.payload / "vendor"


def make_layout(env: Env, version: str) -> Layout:
    root = env.home / ".accsyn-dcc"
    return Layout(root, root / version, version)


def source_version(src: Path = SOURCE) -> str:
    text = (src / "accsyn_dcc" / "__init__.py").read_text(encoding="utf-8")
    m = re.search(r"""^__version__\s*=\s*["']([^"']+)["']""", text, re.M)
    if not m:
        raise InstallError(f"no __version__ in {src / 'accsyn_dcc' / '__init__.py'}")
    return m.group(1)


def entry_modules(hosts_dir: Path) -> Dict[str, str]:
    """``{host: module}`` each entry imports, looked up in a ``hosts/`` folder (source or installed)."""
    out = {}
    for host, names in ENTRY_CANDIDATES.items():
        name = next((n for n in names if (hosts_dir / host / f"{n}.py").is_file()), names[0])
        out[host] = f"accsyn_dcc.hosts.{host}.{name}"
    return out


# -------------------------------------------------------------------------------------------- payload


def payload_files(src: Path, payload: Path) -> Dict[Path, bytes]:
    """The package as ``accsyn_dcc/`` (core/ and hosts/ mapped inside it), no tests, no caches."""
    out: Dict[Path, bytes] = {}
    for folder, dest in PACKAGE_MAP:
        base = src / folder
        if not (base / "__init__.py").is_file():
            raise InstallError(f"{base} is not a package folder; run install.py from an accsyn-dcc checkout")
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "__pycache__", "tests")))
            for name in sorted(filenames):
                path = Path(dirpath) / name
                if path.suffix in PAYLOAD_SUFFIXES and not name.startswith("."):
                    out[payload.joinpath(dest, path.relative_to(base))] = path.read_bytes()
    return out


# --------------------------------------------------------------------------------------------- vendor


@dataclass
class Vendored:
    name: str
    version: str
    files: Dict[str, Path | bytes] = field(default_factory=dict)  # relative dest (posix) -> source file or bytes
    origin: str = ""  # "" (this Python or --vendor-from), "kept" (already in vendor/), "fetched" (pip)


@dataclass
class Skipped:
    name: str
    reason: str


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _version_tuple(text: str) -> Tuple[int, ...]:
    parts = []
    for piece in text.split("."):
        m = re.match(r"\d+", piece)
        if not m:
            break
        parts.append(int(m.group()))
    return tuple(parts)


def _clause_ok(clause: str, target: Tuple[int, ...]) -> bool:
    m = re.match(r"\s*(~=|===|==|!=|<=|>=|<|>)\s*([0-9][0-9a-zA-Z.*+!-]*)\s*\Z", clause)
    if not m:
        return True  # unknown syntax: do not refuse on it
    op, ver = m.groups()
    if ver.endswith(".*"):
        want = _version_tuple(ver[:-2])
        same = target[: len(want)] == want
        return same if op == "==" else (not same if op == "!=" else True)
    want = _version_tuple(ver)
    width = max(len(want), len(target))
    t = target + (0,) * (width - len(target))
    w = want + (0,) * (width - len(want))
    if op == "~=":
        return t >= w and t[: len(want) - 1] == w[: len(want) - 1]
    return {"==": t == w, "===": t == w, "!=": t != w, "<=": t <= w, ">=": t >= w,
            "<": t < w, ">": t > w}[op]


def supports_python(requires: str | None, floor: Tuple[int, int]) -> bool:
    """Does a ``Requires-Python`` specifier admit Python ``floor`` (e.g. 3.9)?"""
    if not requires:
        return True
    target = tuple(floor) + (0,)
    return all(_clause_ok(c, target) for c in requires.split(",") if c.strip())


def find_distribution(name: str, paths: Sequence[str] | None = None):
    """The first distribution called ``name`` on ``paths`` (default: the running sys.path)."""
    search = list(sys.path if paths is None else paths)
    for dist in metadata.distributions(name=name, path=search):  # matched by folder name first
        if _norm(dist.metadata["Name"] or "") == _norm(name):
            return dist
    return None


def _dist_files(dist) -> Tuple[Dict[str, Path | bytes], List[str]]:
    files: Dict[str, Path | bytes] = {}
    binaries = []
    for entry in dist.files or []:
        rel = Path(str(entry))
        if rel.parts[:1] == ("..",) or {"__pycache__", "tests"} & set(rel.parts) or rel.suffix == ".pyc":
            continue
        if rel.parts[0].endswith(".dist-info") and rel.name in SKIP_DIST_INFO:
            continue
        if rel.suffix in BINARY_SUFFIXES:
            binaries.append(rel.as_posix())
        files[rel.as_posix()] = Path(str(dist.locate_file(entry)))
    return files, binaries


def vendor_one(name: str, paths: Sequence[str] | None, floor: Tuple[int, int]):
    """A :class:`Vendored` to copy, or a :class:`Skipped` saying why not."""
    dist = find_distribution(name, paths)
    if dist is None:
        where = "for this Python" if paths is None else "in " + ", ".join(paths)
        return Skipped(name, f"not installed {where}")
    version = dist.version
    wheel = dist.read_text("WHEEL") or ""
    purelib = re.search(r"^Root-Is-Purelib:\s*true\s*$", wheel, re.M | re.I)
    files, binaries = _dist_files(dist)
    if not purelib or binaries:
        return Skipped(name, f"{version} is a compiled build, not pure Python")
    requires = dist.metadata["Requires-Python"]
    if not supports_python(requires, floor):
        return Skipped(name, f"{version} needs Python {requires}; it must support {floor[0]}.{floor[1]}")
    if not any(not r.split("/")[0].endswith(".dist-info") for r in files):
        return Skipped(name, f"{version} has no files to copy (editable install?)")
    missing = [r for r, p in files.items() if isinstance(p, Path) and not p.is_file()]
    if missing:
        return Skipped(name, f"{version} is incomplete on disk ({missing[0]} missing)")
    return Vendored(name, version, files)


def plan_vendor(names: Iterable[str] | None = None, *, paths: Sequence[str] | None = None,
                floor: Tuple[int, int] = VENDOR_FLOOR) -> Tuple[List[Vendored], List[Skipped]]:
    """Each of ``names`` (default :data:`VENDOR_DISTS`) from ``paths`` (default: this Python), or why not."""
    picked: List[Vendored] = []
    skipped: List[Skipped] = []
    for name in VENDOR_DISTS if names is None else names:
        result = vendor_one(name, paths, floor)
        (picked if isinstance(result, Vendored) else skipped).append(result)
    return picked, skipped


def _b64_sha256(data: bytes) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode("ascii")


def record_bytes(files: Mapping[str, bytes], info_dir: str) -> bytes:
    """A wheel-style RECORD for the vendored files, so vendor/ is a site folder importlib.metadata reads."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    for rel in sorted(files):
        writer.writerow([rel, f"sha256={_b64_sha256(files[rel])}", len(files[rel])])
    writer.writerow([f"{info_dir}/RECORD", "", ""])
    return buf.getvalue().encode("utf-8")


def vendor_files(picked: Iterable[Vendored], vendor_dir: Path) -> Dict[Path, bytes]:
    out: Dict[Path, bytes] = {}
    for v in picked:
        data = {rel: src if isinstance(src, bytes) else src.read_bytes() for rel, src in v.files.items()}
        info = sorted({r.split("/")[0] for r in data if r.split("/")[0].endswith(".dist-info")})
        if len(info) == 1:
            data[f"{info[0]}/RECORD"] = record_bytes(data, info[0])
        for rel, blob in data.items():
            out[vendor_dir.joinpath(*rel.split("/"))] = blob
    return out


def _intact(v: Vendored, dist) -> bool:
    """Do the files of a distribution already in vendor/ still match the RECORD install.py wrote?"""
    hashes = {str(e): e.hash.value for e in dist.files or [] if e.hash is not None and e.hash.mode == "sha256"}
    for rel, src in v.files.items():
        if rel not in hashes or not isinstance(src, Path):
            return False
        if _b64_sha256(src.read_bytes()) != hashes[rel]:
            return False
    return True


def keep_vendored(name: str, vendor_dirs: Sequence[Path], floor: Tuple[int, int]) -> Vendored | None:
    """The copy an earlier run put in vendor/ (this version's, or the one being upgraded), if it qualifies
    and is unchanged: a rerun or an offline upgrade then needs no fetch."""
    for d in vendor_dirs:
        if not d.is_dir():
            continue
        found = vendor_one(name, [str(d)], floor)
        dist = find_distribution(name, [str(d)])
        if isinstance(found, Vendored) and dist is not None and _intact(found, dist):
            found.origin = "kept"
            return found
    return None


@dataclass(frozen=True)
class Fetcher:
    """How missing deps are fetched: ``<python> -m pip download`` for the floor's Python, pure wheels only.

    ``pip_args`` go after the fixed options (tests: ``--no-index --find-links DIR``); pip's own config
    and ``PIP_*`` environment variables (index URL, proxy, cache) apply as usual."""

    python: str = sys.executable
    pip_args: Tuple[str, ...] = ()
    timeout: float = 300.0

    def command(self, reqs: Sequence[str], dest: Path, floor: Tuple[int, int]) -> List[str]:
        return [self.python, "-m", "pip", "download", "--only-binary=:all:",
                "--python-version", f"{floor[0]}.{floor[1]}", "--implementation", "py", "--platform", "any",
                "--no-deps", "--disable-pip-version-check", "--no-input", "--retries", "2",
                "-d", str(dest), *self.pip_args, *reqs]


DEFAULT_FETCHER = Fetcher()
# What pip prints when it cannot reach an index; the first of _NETWORK_CAUSES found says why, briefly.
_NETWORK_SIGNS = ("Retrying (Retry(", "NewConnectionError", "Failed to establish a new connection",
                  "ConnectTimeoutError", "ReadTimeoutError", "ProxyError", "SSLError", "NameResolutionError")
_NETWORK_CAUSES = ("Connection refused", "Network is unreachable", "Name or service not known",
                   "Temporary failure in name resolution", "nodename nor servname provided", "getaddrinfo failed",
                   "Failed to resolve", "timed out", "ProxyError", "CERTIFICATE_VERIFY_FAILED", "SSLError")


def _pip_download(fetcher: Fetcher, reqs: Sequence[str], dest: Path,
                  floor: Tuple[int, int]) -> Tuple[str, bool] | None:
    """None when pip saved the wheels, else (one-line reason, whether the index was unreachable)."""
    try:
        proc = subprocess.run(fetcher.command(reqs, dest, floor), capture_output=True, text=True,
                              timeout=fetcher.timeout, check=False)
    except subprocess.TimeoutExpired:
        return f"pip took longer than {fetcher.timeout:.0f} s", True
    except OSError as exc:
        return f"cannot run {fetcher.python} -m pip: {exc.strerror or exc}", True
    if proc.returncode == 0:
        return None
    text = proc.stderr + proc.stdout
    if "No module named pip" in text:
        return f"{fetcher.python} has no pip", True
    errors = [ln.strip() for ln in text.splitlines() if ln.strip().startswith("ERROR:")]
    last = (errors or [ln.strip() for ln in text.splitlines() if ln.strip()] or ["pip failed"])[-1]
    if any(sign in text for sign in _NETWORK_SIGNS):
        cause = next((c for c in _NETWORK_CAUSES if c in text), "connection failed")
        return f"cannot reach the package index ({cause})", True
    return last, False


_WHEEL_NAME = re.compile(r"(?P<name>[^-]+)-(?P<ver>[^-]+)(?:-\d[^-]*)?-(?P<py>[^-]+)-(?P<abi>[^-]+)-(?P<plat>[^-]+)"
                         r"\.whl\Z")


def read_wheel(path: Path, name: str, floor: Tuple[int, int]) -> Vendored | Skipped:
    """The files to vendor from a wheel (its top-level modules/packages and .dist-info), or why not.

    Only ``py3-none-any`` wheels (``py2.py3`` too) with ``Root-Is-Purelib: true``, no compiled file and a
    ``Requires-Python`` that admits ``floor`` qualify."""
    m = _WHEEL_NAME.match(path.name)
    if not m or m["abi"] != "none" or m["plat"] != "any" or "py3" not in m["py"].split("."):
        return Skipped(name, f"{path.name} is not a pure-Python py3-none-any wheel")
    try:
        with zipfile.ZipFile(path) as zf:
            members = [i.filename for i in zf.infolist() if not i.is_dir()]
            infos = [f for f in members if re.fullmatch(r"[^/]+\.dist-info/METADATA", f)
                     and _norm(f.split("-")[0]) == _norm(name)]
            if len(infos) != 1:
                return Skipped(name, f"{path.name} has no {name} .dist-info/METADATA")
            info = infos[0].split("/")[0]
            meta = email.parser.Parser().parsestr(zf.read(f"{info}/METADATA").decode("utf-8"))
            wheel = zf.read(f"{info}/WHEEL").decode("utf-8") if f"{info}/WHEEL" in members else ""
            version = meta["Version"] or m["ver"]
            if not re.search(r"^Root-Is-Purelib:\s*true\s*$", wheel, re.M | re.I):
                return Skipped(name, f"{path.name} is not Root-Is-Purelib (a compiled build)")
            if _norm(meta["Name"] or "") != _norm(name):
                return Skipped(name, f"{path.name} is {meta['Name']}, not {name}")
            requires = meta["Requires-Python"]
            if not supports_python(requires, floor):
                return Skipped(name, f"{version} needs Python {requires}; it must support {floor[0]}.{floor[1]}")
            files: Dict[str, Path | bytes] = {}
            for member in members:
                parts = member.split("/")
                if member.startswith("/") or "\\" in member or ".." in parts or ":" in parts[0]:
                    return Skipped(name, f"{path.name} has an unsafe path: {member}")
                if parts[0].endswith(".data"):  # scripts/headers/data are not for vendor/
                    if len(parts) > 2 and parts[1] == "platlib":
                        return Skipped(name, f"{path.name} has platlib files, not pure Python")
                    if len(parts) < 3 or parts[1] != "purelib":
                        continue
                    parts = parts[2:]
                rel = "/".join(parts)
                if {"__pycache__", "tests"} & set(parts) or rel.endswith(".pyc"):
                    continue
                if parts[0] == info and parts[-1] in SKIP_DIST_INFO:
                    continue
                if Path(rel).suffix in BINARY_SUFFIXES:
                    return Skipped(name, f"{path.name} holds a compiled file ({rel}), not pure Python")
                files[rel] = zf.read(member)
    except (OSError, zipfile.BadZipFile, KeyError, UnicodeDecodeError) as exc:
        return Skipped(name, f"{path.name} cannot be read: {exc}")
    if not any(r.split("/")[0] != info for r in files):
        return Skipped(name, f"{path.name} has no modules to vendor")
    return Vendored(name, version, files, origin="fetched")


def fetch_wheels(names: Sequence[str], floor: Tuple[int, int],
                 fetcher: Fetcher = DEFAULT_FETCHER) -> Tuple[List[Vendored], List[Skipped]]:
    """Fetch each of ``names`` (at its :data:`FETCH_SPECS` spec) with pip, check and read the wheels."""
    reqs = {name: name + FETCH_SPECS.get(name, "") for name in names}
    errors: Dict[str, str] = {}
    got: List[Vendored] = []
    skipped: List[Skipped] = []
    with tempfile.TemporaryDirectory(prefix="accsyn-dcc-wheels-") as tmp:
        dest = Path(tmp)
        failed = _pip_download(fetcher, list(reqs.values()), dest, floor) if reqs else None
        if failed is not None and len(reqs) > 1 and not failed[1]:
            for name, req in reqs.items():  # one requirement may be the problem: try each on its own
                one = _pip_download(fetcher, [req], dest, floor)
                if one is not None:
                    errors[name] = one[0]
        elif failed is not None:
            errors = {name: failed[0] for name in reqs}
        wheels = {_norm(p.name.split("-")[0]): p for p in sorted(dest.glob("*.whl"))}
        for name, req in reqs.items():
            wheel = wheels.get(_norm(name))
            if name in errors or wheel is None:
                skipped.append(Skipped(name, f"pip could not fetch {req}: {errors.get(name, 'no wheel saved')}"))
                continue
            result = read_wheel(wheel, name, floor)
            if isinstance(result, Vendored):
                got.append(result)
            else:
                skipped.append(result)
    return got, skipped


def choose_vendored(vendor_dirs: Sequence[Path], *, paths: Sequence[str] | None = None,
                    floor: Tuple[int, int] = VENDOR_FLOOR, fetcher: Fetcher | None = DEFAULT_FETCHER,
                    dry_run: bool = False, say: Callable[[str], None] | None = None,
                    ) -> Tuple[List[Vendored], List[Skipped], List[str]]:
    """The deps to vendor, the ones left out, and notes.

    Each dep comes from this Python when its copy qualifies; else from vendor/ when an earlier run put a
    qualifying copy there; else it is fetched with pip (never in a dry run, nor with ``--vendor-from``,
    which names the one place to take them from)."""
    picked, skipped = plan_vendor(paths=paths, floor=floor)
    if paths is not None or not skipped:
        return picked, skipped, []
    missing: List[Skipped] = []
    for s in skipped:
        kept = keep_vendored(s.name, vendor_dirs, floor)
        if kept is not None:
            picked.append(kept)
        else:
            missing.append(s)
    notes: List[str] = []
    left = missing
    if missing and fetcher is not None and dry_run:
        wants = "; ".join(f"{s.name}{FETCH_SPECS.get(s.name, '')} ({_local_reason(s)})" for s in missing)
        notes.append(f"would fetch with pip (pure wheels for Python {floor[0]}.{floor[1]}): {wants}")
        left = []
    elif missing and fetcher is not None:
        if say:
            say(f"fetching with pip (pure wheels for Python {floor[0]}.{floor[1]}): "
                + ", ".join(s.name for s in missing))
        fetched, failed = fetch_wheels([s.name for s in missing], floor, fetcher)
        picked += fetched
        why = {s.name: _local_reason(s) for s in missing}
        left = [Skipped(f.name, f"{why[f.name]}; {f.reason}") for f in failed]
    order = {n: i for i, n in enumerate(VENDOR_DISTS)}
    picked.sort(key=lambda v: order.get(v.name, len(order)))
    return picked, left, notes


def _local_reason(s: Skipped) -> str:
    return s.reason if s.reason.startswith("not installed") else f"this Python's {s.reason}"


def _quote(arg: str) -> str:
    return f'"{arg}"' if re.search(r"[\s<>|&^,;]", arg) else arg


def vendor_recipe(floor: Tuple[int, int] = VENDOR_FLOOR) -> str:
    """The commands that vendor every dep by hand (on a machine that reaches the package index)."""
    py = _quote(sys.executable)
    specs = " ".join(_quote(f"{n}{FETCH_SPECS.get(n, '')}") for n in VENDOR_DISTS)
    return (f"{py} -m pip install --target DIR --no-deps --only-binary=:all: --python-version "
            f"{floor[0]}.{floor[1]} --implementation py --platform any {specs} && "
            f"{py} {_quote(str(Path(__file__).resolve()))} --vendor-from DIR")


def missing_dep_line(s: Skipped, floor: Tuple[int, int] = VENDOR_FLOOR) -> str:
    """One line: which dep is missing and why, what will not work in the DCC, and the command that fixes it."""
    impact = DCC_IMPACT.get(s.name, "the plugin may fail to import it")
    return (f"{s.name} not vendored ({s.reason}): in the DCC {impact}, unless the DCC's own Python has "
            f"{s.name}. Fix: {vendor_recipe(floor)}")


# --------------------------------------------------------------------------------------------- entries


def _py_list(paths: Iterable[Path]) -> str:
    return "[" + ", ".join(repr(str(p)) for p in paths) + "]"


def _guarded_entry(layout: Layout, module: str, label: str) -> str:
    """Python that puts the payload first and vendor/ last on sys.path, then imports ``module``."""
    return (
        "try:\n"
        "    import sys as _accsyn_sys\n"
        f"    for _accsyn_p in {_py_list([layout.payload])}:\n"
        "        if _accsyn_p not in _accsyn_sys.path:\n"
        "            _accsyn_sys.path.insert(0, _accsyn_p)\n"
        f"    for _accsyn_p in {_py_list([layout.vendor])}:\n"
        "        if _accsyn_p not in _accsyn_sys.path:\n"
        "            _accsyn_sys.path.append(_accsyn_p)\n"
        f"    import {module}  # noqa: F401\n"
        "except Exception:\n"
        "    import traceback as _accsyn_tb\n"
        f"    print('accsyn-dcc: could not load the {label} entry:', file=_accsyn_sys.stderr)\n"
        "    _accsyn_tb.print_exc()\n"
    )


def nuke_block(layout: Layout, module: str) -> str:
    head = (f"{BEGIN}\n# Added by accsyn-dcc {layout.version} install.py; "
            "`python install.py --uninstall` removes it.\n")
    return head + _guarded_entry(layout, module, "Nuke") + END + "\n"


def maya_mod_text(layout: Layout, module_root: Path) -> str:
    return (
        f"+ accsyn_dcc {layout.version} {module_root}\n"
        f"PYTHONPATH+={layout.payload}\n"
        f"PYTHONPATH+={layout.vendor}\n"
    )


def maya_user_setup(layout: Layout, module: str) -> str:
    doc = f'"""accsyn-dcc {layout.version} Maya entry, written by install.py (removed by --uninstall)."""\n'
    return doc + _guarded_entry(layout, module, "Maya")


def houdini_package(layout: Layout) -> dict:
    root = layout.payload.as_posix()
    return {
        "env": [
            {"ACCSYN_DCC_ROOT": root},
            {"PYTHONPATH": {"value": ["$ACCSYN_DCC_ROOT", "$ACCSYN_DCC_ROOT/vendor"], "method": "append"}},
        ],
        "hpath": "$ACCSYN_DCC_ROOT/houdini",
    }


def houdini_shelf(module: str) -> str:
    """A shelf tool that runs the entry module's ``main``/``show`` if it has one, else the shared launcher."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        "<shelfDocument>\n"
        '  <toolshelf name="accsyn_dcc" label="accsyn">\n'
        '    <memberTool name="accsyn_dcc_submit"/>\n'
        "  </toolshelf>\n"
        '  <tool name="accsyn_dcc_submit" label="Submit to accsyn..." icon="MISC_python">\n'
        '    <script scriptType="python"><![CDATA[\n'
        "import importlib\n"
        f"_m = importlib.import_module({module!r})\n"
        "_run = getattr(_m, 'main', None) or getattr(_m, 'show', None)\n"
        "if _run is None:\n"
        "    from accsyn_dcc.hosts.common.launch import open_submit_dialog\n"
        "    from accsyn_dcc.hosts.houdini import adapter\n"
        "    open_submit_dialog('houdini', adapter.collect)\n"
        "else:\n"
        "    _run()\n"
        "]]></script>\n"
        "  </tool>\n"
        "</shelfDocument>\n"
    )


# Pure helpers the host adapters provide (hosts/<host>/<module>.py, no DCC import); install.py calls
# them in a clean interpreter that sees only the source, and uses its own text for any that is
# missing or fails (with a note).
HELPERS = {
    "nuke.menu_block": ("nuke", "entry", "menu_block"),
    "maya.mod_file_text": ("maya", "module", "mod_file_text"),
    "maya.user_setup_text": ("maya", "module", "user_setup_text"),
    "houdini.package_json": ("houdini", "package", "package_json"),
}
HELPER_CHECKS = {
    "nuke.menu_block": lambda v: isinstance(v, str) and BEGIN in v and END in v,
    "maya.mod_file_text": lambda v: isinstance(v, str) and v.startswith("+ "),
    "maya.user_setup_text": lambda v: isinstance(v, str) and "import" in v,
    "houdini.package_json": lambda v: isinstance(v, dict) and bool(v.get("env")),
}


def find_helpers(src: Path) -> Dict[str, str]:
    """``{key: "module:function"}`` for each helper the source defines (found by AST, not imported)."""
    found: Dict[str, str] = {}
    for key, (host, stem, func) in HELPERS.items():
        py = src / "hosts" / host / f"{stem}.py"
        try:
            tree = ast.parse(py.read_text(encoding="utf-8"))
        except (OSError, SyntaxError, ValueError):
            continue
        if any(isinstance(n, ast.FunctionDef) and n.name == func for n in tree.body):
            found[key] = f"accsyn_dcc.hosts.{host}.{stem}:{func}"
    return found


def helper_args(key: str, layout: Layout, module_root: Path) -> list:
    paths = [str(layout.payload), str(layout.vendor)]
    args: Dict[str, list] = {
        "nuke.menu_block": paths,
        "maya.mod_file_text": [str(module_root), paths, layout.version],
        "maya.user_setup_text": [paths],
        "houdini.package_json": paths,
    }
    return args[key]


_HELPER_RUNNER = """
import importlib, importlib.util, json, sys
src, calls = sys.argv[1], json.loads(sys.argv[2])
spec = importlib.util.spec_from_file_location(
    "accsyn_dcc", src + "/accsyn_dcc/__init__.py", submodule_search_locations=[src + "/accsyn_dcc", src])
pkg = importlib.util.module_from_spec(spec)
sys.modules["accsyn_dcc"] = pkg
spec.loader.exec_module(pkg)
out = {}
for key, (ref, args) in calls.items():
    mod, func = ref.split(":")
    try:
        out[key] = {"ok": getattr(importlib.import_module(mod), func)(*args)}
    except Exception as exc:
        out[key] = {"error": "%s: %s" % (type(exc).__name__, exc)}
print(json.dumps(out))
"""


_HELPER_CACHE: Dict[str, Dict[str, dict]] = {}


def call_helpers(src: Path, calls: Mapping[str, Tuple[str, list]]) -> Dict[str, dict]:
    """Run ``{key: (module:function, args)}`` in a clean interpreter; ``{key: {"ok"|"error": ...}}``.

    Results are kept for the process, keyed by the calls and the source's hosts/ file contents."""
    if not calls:
        return {}
    digest = hashlib.sha256(json.dumps([str(src), calls], sort_keys=True).encode())
    for py in sorted((src / "hosts").rglob("*.py")):
        digest.update(py.read_bytes())
    key = digest.hexdigest()
    if key not in _HELPER_CACHE:
        _HELPER_CACHE[key] = _run_helpers(src, calls)
    return _HELPER_CACHE[key]


def _run_helpers(src: Path, calls: Mapping[str, Tuple[str, list]]) -> Dict[str, dict]:
    cmd = [sys.executable, "-I", "-S", "-c", _HELPER_RUNNER, str(src), json.dumps(calls)]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
        if proc.returncode == 0:
            return json.loads(proc.stdout)
        return {k: {"error": (proc.stderr.strip().splitlines() or ["failed"])[-1]} for k in calls}
    except (OSError, ValueError, subprocess.SubprocessError) as exc:
        return {k: {"error": str(exc)} for k in calls}


def helper_entries(src: Path, layout: Layout, module_root: Path) -> Tuple[Dict[str, object], List[str]]:
    """The helpers' results that pass a sanity check, and a note for each one not used."""
    helpers = find_helpers(src)
    calls = {k: (ref, helper_args(k, layout, module_root)) for k, ref in helpers.items()}
    used: Dict[str, object] = {}
    notes = []
    for key, res in call_helpers(src, calls).items():
        if "ok" in res and HELPER_CHECKS[key](res["ok"]):
            used[key] = res["ok"]
        else:
            notes.append(f"{helpers[key]} not used ({res.get('error', 'unexpected result')}); "
                         "install.py wrote its own entry text")
    return used, notes


def _newline(text: str) -> str:
    return text if text.endswith("\n") else text + "\n"


def _mod_root(mod_text: str, default: Path) -> Path:
    for line in mod_text.splitlines():
        if line.startswith("+ "):
            parts = line.split(None, 3)
            if len(parts) == 4:
                return Path(parts[3].strip())
    return default


def _source_shelf(src: Path) -> bytes | None:
    shelves = sorted((src / "hosts" / "houdini").glob("*.shelf"))
    return shelves[0].read_bytes() if shelves else None


def maya_module_root(env: Env) -> Path:
    return maya_modules_dir(env) / "accsyn-dcc"


def host_files(host: str, env: Env, layout: Layout, src: Path,
               entries: Mapping[str, object] | None = None) -> Dict[Path, bytes]:
    """The files a host's entry needs (the Nuke block is separate: see :func:`host_blocks`)."""
    entries = dict(entries or {})
    module = entry_modules(src / "hosts")[host]
    if host == "maya":
        default_root = maya_module_root(env)
        mod = str(entries.get("maya.mod_file_text") or maya_mod_text(layout, default_root))
        setup = str(entries.get("maya.user_setup_text") or maya_user_setup(layout, module))
        return {
            maya_modules_dir(env) / "accsyn_dcc.mod": _newline(mod).encode(),
            _mod_root(mod, default_root) / "scripts" / "userSetup.py": _newline(setup).encode(),
        }
    if host == "houdini":
        pkg_obj = entries.get("houdini.package_json") or houdini_package(layout)
        pkg = (json.dumps(pkg_obj, indent=4) + "\n").encode()
        out = {pref / "packages" / "accsyn_dcc.json": pkg for _v, pref in houdini_pref_dirs(env)}
        shelf = _source_shelf(src) or houdini_shelf(module).encode()
        out[layout.payload / "houdini" / "toolbar" / "accsyn_dcc.shelf"] = shelf
        return out
    return {}


def host_blocks(host: str, env: Env, layout: Layout, src: Path,
                entries: Mapping[str, object] | None = None) -> Dict[Path, bytes]:
    if host == "nuke":
        text = dict(entries or {}).get("nuke.menu_block")
        block = _newline(str(text)) if text else nuke_block(layout, entry_modules(src / "hosts")["nuke"])
        return {nuke_dir(env) / "menu.py": block.encode()}
    return {}


# -------------------------------------------------------------------------------------------- blocks


def find_block(data: bytes) -> Tuple[int, int] | None:
    """(start, end) byte span of the marked block, end past the END line's newline."""
    begin, end = BEGIN.encode(), END.encode()
    start = data.find(begin)
    while start > 0 and data[start - 1:start] != b"\n":
        start = data.find(begin, start + 1)
    if start < 0:
        return None
    stop = data.find(end, start)
    if stop < 0:
        return None
    stop += len(end)
    if data[stop:stop + 2] == b"\r\n":
        stop += 2
    elif data[stop:stop + 1] == b"\n":
        stop += 1
    return start, stop


def insert_block(current: bytes | None, block: bytes) -> Tuple[bytes, str]:
    """New file bytes and the separator added before the block ("" or "\\n")."""
    if current is None or current == b"":
        return block, ""
    span = find_block(current)
    if span:
        return current[: span[0]] + block + current[span[1]:], ""
    sep = "" if current.endswith(b"\n") else "\n"
    return current + sep.encode() + block, sep


def remove_block(current: bytes, sep: str) -> bytes:
    span = find_block(current)
    if not span:
        return current
    start, stop = span
    if sep and stop == len(current) and current[start - len(sep):start] == sep.encode():
        start -= len(sep)
    return current[:start] + current[stop:]


# ------------------------------------------------------------------------------------------- manifest


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def empty_manifest(version: str) -> dict:
    return {"format": 1, "app": APP, "version": version, "files": {}, "dirs": {}, "blocks": {}}


def load_manifest(layout: Layout) -> dict | None:
    path = layout.manifest
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InstallError(f"cannot read {path}: {exc}; move it aside and reinstall") from None
    if not isinstance(data, dict) or data.get("app") != APP:
        raise InstallError(f"{path} is not an accsyn-dcc manifest; move it aside and reinstall")
    for key in ("files", "dirs", "blocks"):
        data.setdefault(key, {})
    return data


def manifest_bytes(manifest: dict) -> bytes:
    return (json.dumps(manifest, indent=1, sort_keys=True) + "\n").encode()


# ----------------------------------------------------------------------------------------------- plan


@dataclass(frozen=True)
class Action:
    """One change: ``mkdir``, ``write`` (new bytes), ``remove`` (file) or ``rmdir``."""

    kind: str
    path: Path
    part: str
    data: bytes = b""
    note: str = ""


@dataclass
class Plan:
    actions: List[Action] = field(default_factory=list)
    manifest: dict | None = None          # the manifest to write (None: remove it)
    manifest_changed: bool = False
    notes: List[str] = field(default_factory=list)
    skipped: List[Skipped] = field(default_factory=list)
    vendored: List[Vendored] = field(default_factory=list)
    parts: Tuple[str, ...] = ()
    where: Dict[str, List[str]] = field(default_factory=dict)  # host -> its entry files
    warnings: List[str] = field(default_factory=list)  # one line per dep left out of vendor/


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise InstallError(f"{path} is a folder where a file should be") from None
    except OSError as exc:
        raise InstallError(f"cannot read {path}: {exc.strerror or exc}") from None


def _missing_dirs(path: Path, made: set) -> List[Path]:
    """Ancestors of ``path`` that do not exist yet (outermost first)."""
    missing = []
    for parent in path.parents:
        if parent in made or parent.is_dir():
            break
        if parent.exists():
            raise InstallError(f"{parent} exists and is not a folder")
        missing.append(parent)
    return list(reversed(missing))


def _file_actions(wanted: Dict[Path, Tuple[bytes, str]], manifest: dict, made: set) -> List[Action]:
    actions = []
    for path, (data, part) in sorted(wanted.items()):
        current = _read(path)
        owned = manifest["files"].get(str(path))
        if current == data:
            manifest["files"][str(path)] = {"sha256": sha256(data), "part": part}
            continue
        if current is not None and owned is None:
            raise InstallError(f"{path} exists and was not written by install.py; move it aside first")
        note = "update" if current is not None else "create"
        if current is not None and sha256(current) != owned["sha256"]:
            note = "replace (it was edited since install)"
        for d in _missing_dirs(path, made):
            made.add(d)
            manifest["dirs"][str(d)] = part
            actions.append(Action("mkdir", d, part))
        manifest["files"][str(path)] = {"sha256": sha256(data), "part": part}
        actions.append(Action("write", path, part, data, note))
    return actions


def _block_actions(blocks: Dict[Path, Tuple[bytes, str]], manifest: dict, made: set) -> List[Action]:
    actions = []
    for path, (block, part) in sorted(blocks.items()):
        current = _read(path)
        new, sep = insert_block(current, block)
        record = manifest["blocks"].get(str(path))
        if new == current:
            if record is None:  # a block left by an install whose manifest is gone: adopt it
                manifest["blocks"][str(path)] = {"part": part, "created_file": False, "sep": ""}
            continue
        if record is None:
            record = {"part": part, "created_file": current is None, "sep": sep}
        manifest["blocks"][str(path)] = record
        for d in _missing_dirs(path, made):
            made.add(d)
            manifest["dirs"][str(d)] = part
            actions.append(Action("mkdir", d, part))
        note = "create with block" if current is None else "add/update marked block"
        actions.append(Action("write", path, part, new, note))
    return actions


def _stale_payload(manifest: dict, wanted: Dict[Path, Tuple[bytes, str]]) -> List[Action]:
    """Payload files of an earlier install that this source no longer has (e.g. another version)."""
    actions = []
    for key, rec in sorted(manifest["files"].items()):
        if rec["part"] == "payload" and Path(key) not in wanted:
            if (_read(Path(key)) or b"") and sha256(_read(Path(key)) or b"") != rec["sha256"]:
                continue  # edited by someone: keep it
            actions.append(Action("remove", Path(key), "payload", note="stale"))
    for a in actions:
        del manifest["files"][str(a.path)]
    return actions


def _wanted(env: Env, layout: Layout, hosts: Sequence[str], src: Path, picked: List[Vendored],
            entries: Mapping[str, object]):
    """Every file install wants (bytes, part) and every marked block (block bytes, part)."""
    wanted: Dict[Path, Tuple[bytes, str]] = {}
    for path, data in payload_files(src, layout.payload).items():
        wanted[path] = (data, "payload")
    for path, data in vendor_files(picked, layout.vendor).items():
        wanted[path] = (data, "payload")
    blocks: Dict[Path, Tuple[bytes, str]] = {}
    for host in hosts:
        for path, data in host_files(host, env, layout, src, entries).items():
            wanted[path] = (data, "payload" if layout.payload in path.parents else host)
        for path, data in host_blocks(host, env, layout, src, entries).items():
            blocks[path] = (data, host)
    return wanted, blocks


def plan_install(env: Env, hosts: Sequence[str], *, src: Path = SOURCE,
                 vendor_paths: Sequence[str] | None = None, floor: Tuple[int, int] = VENDOR_FLOOR,
                 fetcher: Fetcher | None = DEFAULT_FETCHER, dry_run: bool = False,
                 say: Callable[[str], None] | None = None) -> Plan:
    version = source_version(src)
    layout = make_layout(env, version)
    old = load_manifest(layout)
    manifest = json.loads(json.dumps(old)) if old else empty_manifest(version)
    manifest["version"] = version
    earlier = [layout.vendor] + ([make_layout(env, str(old["version"])).vendor]
                                 if old and old.get("version") and old["version"] != version else [])
    picked, skipped, vendor_notes = choose_vendored(earlier, paths=vendor_paths, floor=floor, fetcher=fetcher,
                                                    dry_run=dry_run, say=say)
    entries, helper_notes = helper_entries(src, layout, maya_module_root(env))
    wanted, blocks = _wanted(env, layout, hosts, src, picked, entries)
    made: set = set()
    stale = _stale_payload(manifest, wanted)
    actions = _file_actions(wanted, manifest, made) + _block_actions(blocks, manifest, made) + stale
    actions += _rmdir_actions(manifest, [a.path for a in stale], {"payload"},
                              keep={str(d) for d in _ancestors_of(wanted)})
    changed = old is None or manifest_bytes(old) != manifest_bytes(manifest)
    if changed:
        for d in _missing_dirs(layout.manifest, made):
            manifest["dirs"][str(d)] = "payload"
            actions.insert(0, Action("mkdir", d, "payload"))
    where = {h: sorted(str(p) for p, (_d, part) in {**wanted, **blocks}.items() if part == h) for h in hosts}
    plan = Plan(actions, manifest, changed, vendor_notes + helper_notes, skipped, picked,
                ("payload",) + tuple(hosts), where)
    plan.warnings = [missing_dep_line(s, floor) for s in skipped]
    return plan


def _ancestors_of(paths: Iterable[Path]) -> set:
    out: set = set()
    for p in paths:
        out.update(p.parents)
    return out


def _rmdir_actions(manifest: dict, removed_files: Iterable[Path], parts: set | None,
                   keep: Iterable[str] = ()) -> List[Action]:
    """Remove the dirs of ``parts`` (None: all) that install.py created and that will be empty."""
    gone = {str(p) for p in removed_files}
    keep = set(keep)
    actions = []
    for key in sorted(manifest["dirs"], key=lambda k: -len(Path(k).parts)):
        part = manifest["dirs"][key]
        if (parts is not None and part not in parts) or key in keep:
            continue
        d = Path(key)
        if not d.is_dir():
            del manifest["dirs"][key]
            continue
        left = [c for c in d.iterdir() if str(c) not in gone]
        caches = [c for c in left if _bytecode_only(c)]
        if len(caches) != len(left):
            continue
        for cache in caches:  # written by the DCC's Python when it imported our modules
            actions += [Action("remove", f, part, note="bytecode") for f in sorted(cache.iterdir())]
            actions.append(Action("rmdir", cache, part))
        gone.add(key)
        del manifest["dirs"][key]
        actions.append(Action("rmdir", d, part))
    return actions


def _bytecode_only(path: Path) -> bool:
    """A ``__pycache__`` folder holding nothing but ``.pyc`` files."""
    if path.name != "__pycache__" or not path.is_dir() or path.is_symlink():
        return False
    return all(f.suffix == ".pyc" and f.is_file() for f in path.iterdir())


def plan_uninstall(env: Env, hosts: Sequence[str], *, src: Path = SOURCE) -> Plan:
    version = source_version(src)
    layout = make_layout(env, version)
    old = load_manifest(layout)
    if old is None:
        return Plan(notes=[f"nothing to uninstall: no manifest at {layout.manifest}"], parts=tuple(hosts))
    manifest = json.loads(json.dumps(old))
    installed = _installed_hosts(manifest)
    parts = set(hosts)
    if not (installed - parts):
        parts.add("payload")
    actions: List[Action] = []
    notes: List[str] = []
    for key, rec in sorted(manifest["blocks"].items()):
        if rec["part"] in parts:
            actions += _unblock(Path(key), rec, notes)
            del manifest["blocks"][key]
    for key, rec in sorted(manifest["files"].items()):
        if rec["part"] not in parts:
            continue
        current = _read(Path(key))
        del manifest["files"][key]
        if current is None:
            continue
        if sha256(current) != rec["sha256"]:
            notes.append(f"kept {key}: it was edited since install")
            continue
        actions.append(Action("remove", Path(key), rec["part"]))
    removed = [a.path for a in actions if a.kind == "remove"]
    if "payload" in parts:
        removed.append(layout.manifest)
    actions += _rmdir_actions(manifest, removed, None if "payload" in parts else parts)
    final = None if "payload" in parts else manifest
    return Plan(actions, final, True, notes, parts=tuple(sorted(parts)))


def _installed_hosts(manifest: dict) -> set:
    recs = list(manifest["files"].values()) + list(manifest["blocks"].values())
    return {r["part"] for r in recs if r["part"] != "payload"}


def _unblock(path: Path, rec: dict, notes: List[str]) -> List[Action]:
    current = _read(path)
    if current is None:
        return []
    if find_block(current) is None:
        notes.append(f"{path}: no accsyn-dcc block found (removed by hand?)")
        return []
    new = remove_block(current, rec.get("sep", ""))
    if rec.get("created_file") and new.strip() == b"":
        return [Action("remove", path, rec["part"], note="created by install; only our block was in it")]
    return [Action("write", path, rec["part"], new, "remove marked block")]


# ---------------------------------------------------------------------------------------------- apply


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path``'s bytes in one step (through a symlink: the link itself is kept)."""
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    fd, tmp = tempfile.mkstemp(prefix=".accsyn-", dir=str(path.parent))
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def apply(plan: Plan, layout: Layout) -> None:
    """Carry out ``plan``; the manifest is written right after the folders, so a failed run can be undone."""
    mkdirs = [a for a in plan.actions if a.kind == "mkdir"]
    others = [a for a in plan.actions if a.kind != "mkdir"]
    for a in mkdirs:
        a.path.mkdir()
    if plan.manifest is not None and plan.manifest_changed:
        write_atomic(layout.manifest, manifest_bytes(plan.manifest))
    for a in others:
        if a.kind == "write":
            write_atomic(a.path, a.data)
        elif a.kind == "remove":
            a.path.unlink()
        elif a.kind == "rmdir":
            if a.path == layout.root and layout.manifest.exists() and plan.manifest is None:
                layout.manifest.unlink()
            a.path.rmdir()
    if plan.manifest is None and layout.manifest.exists():
        layout.manifest.unlink()


# --------------------------------------------------------------------------------------------- doctor


@dataclass
class Check:
    part: str
    ok: bool
    message: str


def _import_probe(layout: Layout, modules: Sequence[str]) -> Dict[str, str]:
    """Find (without running) each entry module in a clean interpreter that sees only the payload."""
    code = (
        "import importlib.util, json, sys\n"
        f"sys.path[:0] = {_py_list([layout.payload])}\n"
        f"sys.path.append({str(layout.vendor)!r})\n"
        "out = {}\n"
        f"for name in {list(modules)!r}:\n"
        "    try:\n"
        "        ok = importlib.util.find_spec(name) is not None\n"
        "        out[name] = 'ok' if ok else 'not found'\n"
        "    except Exception as exc:\n"
        "        out[name] = '%s: %s' % (type(exc).__name__, exc)\n"
        "import accsyn_dcc\n"
        "out['accsyn_dcc.__file__'] = accsyn_dcc.__file__\n"
        "print(json.dumps(out))\n"
    )
    try:
        proc = subprocess.run([sys.executable, "-I", "-S", "-c", code], capture_output=True, text=True,
                              timeout=120, check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        return {m: f"probe failed: {exc}" for m in modules}
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        return {m: f"probe failed: {last}" for m in modules}
    return json.loads(proc.stdout)


def _vendored_versions(layout: Layout) -> Dict[str, str]:
    if not layout.vendor.is_dir():
        return {}
    return {_norm(d.metadata["Name"]): d.version for d in metadata.distributions(path=[str(layout.vendor)])}


def doctor(env: Env, hosts: Sequence[str], *, src: Path = SOURCE,
           explicit: bool = True) -> Tuple[List[Check], List[str]]:
    """Checks (part, ok, message) on what is installed where, plus informational lines."""
    version = source_version(src)
    layout = make_layout(env, version)
    info = [f"install folder: {layout.root}", f"source version: {version}"] + _env_info(env)
    manifest = load_manifest(layout)
    if manifest is None:
        return [Check("payload", False, f"not installed (no {layout.manifest})")], info
    info.append(f"installed version: {manifest.get('version')}")
    layout = make_layout(env, str(manifest.get("version") or version))
    checks = _file_checks(manifest, hosts) + _block_checks(manifest, hosts)
    vendored = _vendored_versions(layout)
    info.append("vendored: " + (", ".join(f"{k} {v}" for k, v in sorted(vendored.items())) or "nothing"))
    missing = [n for n in VENDOR_DISTS if _norm(n) not in vendored]
    if missing:
        info.append("WARNING not vendored (the DCC's own Python must provide them): " + ", ".join(missing)
                    + "; run install.py again where pip reaches the package index, or: " + vendor_recipe())
    installed = _installed_hosts(manifest)
    modules = entry_modules(layout.payload / "accsyn_dcc" / "hosts")
    probe = _import_probe(layout, [modules[h] for h in hosts if h in installed] + ["requests", "qtpy"])
    info.append(f"accsyn_dcc imports from: {probe.pop('accsyn_dcc.__file__', '?')}")
    for host in hosts:
        if host not in installed:
            if explicit:
                checks.append(Check(host, False, "not installed"))
            else:
                info.append(f"{host}: not installed")
            continue
        result = probe.get(modules[host], "?")
        checks.append(Check(host, result == "ok", f"entry module {modules[host]}: {result}"))
    for dep in ("requests", "qtpy"):
        info.append(f"{dep} from the payload's sys.path: {probe.get(dep, '?')}")
    return checks, info


def _file_checks(manifest: dict, hosts: Sequence[str]) -> List[Check]:
    checks = []
    intact: Dict[str, int] = {}
    for key, rec in sorted(manifest["files"].items()):
        if rec["part"] != "payload" and rec["part"] not in hosts:
            continue
        intact.setdefault(rec["part"], 0)
        data = _read(Path(key))
        if data is None:
            checks.append(Check(rec["part"], False, f"missing: {key}"))
        elif sha256(data) != rec["sha256"]:
            checks.append(Check(rec["part"], False, f"modified since install: {key}"))
        else:
            intact[rec["part"]] += 1
            if rec["part"] != "payload" and key.endswith(".py"):
                checks += _syntax_check(rec["part"], key, data)
    checks += [Check(part, True, f"{n} file(s) intact") for part, n in sorted(intact.items())]
    return checks


def _syntax_check(part: str, where: str, code: bytes) -> List[Check]:
    """An entry file that would not even compile (nothing is run)."""
    try:
        compile(code, where, "exec", dont_inherit=True)
    except (SyntaxError, ValueError) as exc:
        return [Check(part, False, f"entry does not compile: {where}: {exc}")]
    return []


def _block_checks(manifest: dict, hosts: Sequence[str]) -> List[Check]:
    checks = []
    for key, rec in sorted(manifest["blocks"].items()):
        if rec["part"] in hosts:
            data = _read(Path(key)) or b""
            span = find_block(data)
            where = "in" if span else "MISSING from"
            checks.append(Check(rec["part"], bool(span), f"marked block {where} {key}"))
            if span:
                checks += _syntax_check(rec["part"], key, data[span[0]:span[1]])
    return checks


def _env_info(env: Env) -> List[str]:
    out = []
    for var in ("NUKE_PATH", "MAYA_MODULE_PATH", "MAYA_APP_DIR", "HOUDINI_USER_PREF_DIR"):
        if env.environ.get(var) and not env.prefix:
            out.append(f"{var}={env.environ[var]} (set in this environment)")
    return out


# ------------------------------------------------------------------------------------------------ cli


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="install.py",
                                description="Install accsyn-dcc into Nuke, Maya and Houdini.")
    p.add_argument("--host", choices=HOSTS + ("all",), default="all", help="which DCC (default: all)")
    p.add_argument("--prefix", metavar="DIR", help="stand-in for the home directory (tests, staged installs)")
    p.add_argument("--dry-run", action="store_true", help="print every change, write nothing")
    p.add_argument("--uninstall", action="store_true", help="remove exactly what install added")
    p.add_argument("--doctor", action="store_true", help="report what is installed where")
    p.add_argument("--vendor-from", metavar="DIR",
                   help="take every vendored dep from this site folder (e.g. pip install --target DIR ...) "
                   "instead of this Python's own or fetching them with pip")
    return p


def _describe(a: Action) -> str:
    verb = {"mkdir": "create folder", "write": "write", "remove": "remove", "rmdir": "remove folder"}[a.kind]
    return f"  [{a.part}] {verb} {a.path}" + (f"  ({a.note})" if a.note else "")


def _summarise(plan: Plan, dry: bool, verb: str) -> List[str]:
    lines = []
    if plan.vendored:
        lines.append("vendored: " + ", ".join(f"{v.name} {v.version}" + (f" ({v.origin})" if v.origin else "")
                                              for v in plan.vendored))
    lines += [f"note: {n}" for n in plan.notes]
    counts: Dict[str, int] = {}
    for a in plan.actions:
        counts[a.part] = counts.get(a.part, 0) + 1
    for part in ("payload",) + HOSTS:
        if part in plan.parts or part in counts:
            n = counts.get(part, 0)
            done = f"{n} change(s){' to make' if dry else ''}" if n else "no change"
            files = plan.where.get(part)
            lines.append(f"{part}: {done}" + (f"; entry: {', '.join(files)}" if files else ""))
    if not plan.actions and not plan.manifest_changed:
        lines.append(f"nothing to do: already {verb}")
    elif dry:
        lines.append("dry run: nothing was written")
    lines += [f"warning: {w}" for w in plan.warnings]
    return lines


def _check_prefix(prefix: str | None) -> None:
    if prefix is None:
        return
    p = Path(prefix).expanduser()
    if p.exists() and not p.is_dir():
        raise UsageError(f"--prefix {prefix}: not a folder")


def _check_writable(plan: Plan) -> None:
    for a in plan.actions:
        target = a.path if a.kind in ("remove", "rmdir") else a.path.parent
        probe = target.parent if a.kind in ("remove", "rmdir") else target
        while not probe.exists() and probe != probe.parent:
            probe = probe.parent
        if not os.access(str(probe), os.W_OK):
            raise InstallError(f"cannot write to {probe} (permission denied)")


def run(argv: Sequence[str] | None = None, *, env: Env | None = None, src: Path = SOURCE,
        floor: Tuple[int, int] = VENDOR_FLOOR, fetcher: Fetcher | None = DEFAULT_FETCHER, out=None, err=None) -> int:
    """The whole command; returns the exit code. ``env``, ``floor`` and ``fetcher`` (None: never fetch)
    are for tests."""
    out = out or sys.stdout
    err = err or sys.stderr
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    if sum((args.uninstall, args.doctor)) > 1:
        print("install.py: error: --uninstall and --doctor exclude each other", file=err)
        return 2
    hosts = HOSTS if args.host == "all" else (args.host,)
    try:
        _check_prefix(args.prefix)
        env = env or make_env(args.prefix)
        if args.doctor:
            return _run_doctor(env, hosts, src, out, explicit=args.host != "all")
        return _run_change(args, env, hosts, src, floor, fetcher, out)
    except UsageError as exc:
        print(f"install.py: error: {exc}", file=err)
        return 2
    except InstallError as exc:
        print(f"install.py: error: {exc}", file=err)
        return 1
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        print(f"install.py: error: {exc.strerror or exc}{where}; nothing more was changed. "
              "Run again, or --uninstall to undo what was done.", file=err)
        return 1


def _hosts_to_install(env: Env, hosts: Sequence[str], every: bool) -> Tuple[List[str], List[str]]:
    """``--host all`` means the DCCs found here; a named host is installed whether found or not."""
    if not every:
        return list(hosts), []
    found = found_hosts(env)
    if not found:
        raise InstallError(f"no Nuke, Maya or Houdini user folder found for {env.home} "
                           f"({nuke_dir(env)}, {maya_modules_dir(env).parent}, houdini<version>); "
                           "start the DCC once, or name it with --host")
    return found, [h for h in hosts if h not in found]


def _run_change(args, env: Env, hosts: Sequence[str], src: Path, floor, fetcher: Fetcher | None, out) -> int:
    verb = "uninstalled" if args.uninstall else "installed"
    title = "accsyn-dcc " + ("uninstall" if args.uninstall else "install") + f" into {env.home}"
    if not args.uninstall:
        if args.vendor_from and not Path(args.vendor_from).is_dir():
            raise UsageError(f"--vendor-from {args.vendor_from}: not a folder")
        hosts, skipped = _hosts_to_install(env, hosts, args.host == "all")
    print(title + (" (dry run)" if args.dry_run else ""), file=out, flush=True)  # before any fetch's progress
    if args.uninstall:
        plan = plan_uninstall(env, hosts, src=src)
    else:
        vendor_paths = [args.vendor_from] if args.vendor_from else None
        plan = plan_install(env, hosts, src=src, vendor_paths=vendor_paths, floor=floor, fetcher=fetcher,
                            dry_run=args.dry_run, say=lambda line: print(line, file=out, flush=True))
        plan.notes += [f"{h}: no user folder found here, skipped (name it with --host {h} to install anyway)"
                       for h in skipped]
    layout = make_layout(env, source_version(src))
    for a in plan.actions:
        print(_describe(a), file=out)
    if plan.manifest_changed and plan.actions:
        print(f"  [payload] {'remove' if plan.manifest is None else 'write'} {layout.manifest}", file=out)
    if not args.dry_run and (plan.actions or plan.manifest_changed):
        _check_writable(plan)
        apply(plan, layout)
    for line in _summarise(plan, args.dry_run, verb):
        print(line, file=out)
    return 0


def _run_doctor(env: Env, hosts: Sequence[str], src: Path, out, *, explicit: bool) -> int:
    checks, info = doctor(env, hosts, src=src, explicit=explicit)
    print(f"accsyn-dcc doctor for {env.home}", file=out)
    for line in info:
        print(f"  {line}", file=out)
    for c in checks:
        print(f"  [{c.part}] {'ok' if c.ok else 'PROBLEM'}: {c.message}", file=out)
    bad = [c for c in checks if not c.ok]
    print("all good" if not bad else f"{len(bad)} problem(s)", file=out)
    return 1 if bad else 0


def main() -> int:
    return run(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
