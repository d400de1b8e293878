"""Check the host fakes against the published stubs with mypy's stubtest.

    python tests/fakes/stubcheck.py nuke maya hou      (exit 1 and one line per problem)

Run from outside the repo's tests/fakes folder with that folder on PYTHONPATH (the test in
tests/hosts/test_fakes_match_stubs.py does this). stubtest imports each fake as the runtime
module and compares it with the stub package installed in the venv (types-nuke, types-maya,
types-houdini). A fake may implement *less* than the host (only what the adapters and tests
need), never *more* or *different*: we keep every error except the ones that only say the fake
lacks something. See tests/fakes/README.md.
"""

# ruff: noqa: UP045  (Optional[...] kept for Python 3.9 runtime evaluation, as in core/config.py)

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from typing import List, Sequence

# Messages that only say the fake implements less than the real host: allowed.
ALLOWED = (
    "is not present at runtime",
    "runtime does not have parameter",
    "runtime does not have *args",
    "runtime does not have **kwargs",
    "has a default value of type",  # a fake's `flag=False` vs the stub's `Literal[True]` overloads
    "should be positional-only",  # the stubs omit "/" on dunders the fakes inherit from object
)

# The stubs themselves do not type-check (missing private modules, Qt names); that is not ours.
MYPY_CONFIG = """\
[mypy]
ignore_missing_imports = True
follow_imports = silent
[mypy-nuke.*,hou,hou.*,maya.*,_nuke,_geo,_nukemath,_curvelib,_curveknob,_splinewarp,_localization,_nuke_color,pxr.*,PySide2.*,PySide6.*]
ignore_errors = True
"""

# types-nuke declares some `__init__` as @classmethod, on which stubtest raises instead of
# reporting; treat such a stub entry as unverifiable rather than stopping the whole run.
RUNNER = """\
import sys
import mypy.stubtest as st
_orig = st._resolve_funcitem_from_decorator
def _tolerant(stub):
    try:
        return _orig(stub)
    except st.StubtestFailure:
        return None
st._resolve_funcitem_from_decorator = _tolerant
sys.exit(st.main())
"""


def problems(output: str, faked: Sequence[str]) -> List[str]:
    """The stubtest lines that are real mismatches (fake has a name/parameter the stub lacks)."""
    out = []
    for line in output.splitlines():
        line = line.strip()
        if not line or line.startswith("Found ") or line.startswith("Success"):
            continue
        if any(a in line for a in ALLOWED):
            continue
        if "failed to import" in line:
            module = line.split()[0]
            if module not in faked:  # a stub submodule the fakes do not provide
                continue
        out.append(line)
    return out


def run(modules: Sequence[str], fakes_dir: str) -> List[str]:
    with tempfile.TemporaryDirectory() as tmp:
        cfg = os.path.join(tmp, "mypy.ini")
        with open(cfg, "w", encoding="utf-8") as fh:
            fh.write(MYPY_CONFIG)
        env = dict(os.environ, PYTHONPATH=fakes_dir)
        env.pop("MYPYPATH", None)
        proc = subprocess.run(
            [sys.executable, "-c", RUNNER, *modules, "--concise", "--mypy-config-file", cfg],
            cwd=tmp, env=env, capture_output=True, text=True, check=False,
        )
    faked = _faked_modules(fakes_dir)
    found = problems(proc.stdout, faked)
    if proc.returncode not in (0, 1) or "Traceback" in proc.stderr:
        found.append(f"stubtest did not run cleanly (exit {proc.returncode}): {proc.stderr.strip()[-2000:]}")
    return found


def _faked_modules(fakes_dir: str) -> List[str]:
    names = []
    for dirpath, _dirs, files in os.walk(fakes_dir):
        rel = os.path.relpath(dirpath, fakes_dir)
        parts = [] if rel == "." else rel.split(os.sep)
        for f in files:
            if f.endswith(".py"):
                mod = parts + ([] if f == "__init__.py" else [f[:-3]])
                if mod:
                    names.append(".".join(mod))
    return names


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    found = run(sys.argv[1:] or ["nuke", "maya", "hou"], here)
    for line in found:
        print(line)
    sys.exit(1 if found else 0)
