"""Run inside a clean interpreter (-I -S): emulate a host loading its accsyn-dcc entry, report as JSON.

argv[1] is a JSON object: {"host", "fakes": [dirs], "entry_module", "menu"/"mod"/"package"}; the host's
installed entry files are read the way the host reads them (menu.py, .mod + userSetup.py, package JSON).
"""

import importlib
import importlib.util
import json
import os
import runpy
import sys
import warnings


def _maya(cfg):
    root, paths = None, []
    with open(cfg["mod"], encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if line.startswith("+ "):
                root = line.split(None, 3)[3]
            elif line.startswith("PYTHONPATH+="):
                paths.append(line[len("PYTHONPATH+="):])
    assert root is not None, "no '+ ' line in the .mod file"
    sys.path.extend(paths + [os.path.join(root, "scripts")])
    runpy.run_path(os.path.join(root, "scripts", "userSetup.py"), run_name="__main__")


def _houdini(cfg):
    with open(cfg["package"], encoding="utf-8") as fh:
        pkg = json.load(fh)
    env: dict = {}
    for item in pkg["env"]:
        for key, value in item.items():
            values = value["value"] if isinstance(value, dict) else value
            values = values if isinstance(values, list) else [values]
            expanded = [v.replace("$ACCSYN_DCC_ROOT", env.get("ACCSYN_DCC_ROOT", "")) for v in values]
            if key == "PYTHONPATH":
                sys.path.extend(expanded)
            else:
                env[key] = expanded[0]
    importlib.import_module(cfg["entry_module"])


def main():
    cfg = json.loads(sys.argv[1])
    sys.path[:0] = cfg["fakes"]
    if cfg["host"] == "nuke":
        runpy.run_path(cfg["menu"], run_name="__main__")
    elif cfg["host"] == "maya":
        _maya(cfg)
    else:
        _houdini(cfg)
    heavy = sorted(m for m in sys.modules
                   if m.split(".")[0] in ("requests", "urllib3", "qtpy", "PySide2", "PySide6", "PyQt5"))
    out = {
        "accsyn_dcc": sys.modules["accsyn_dcc"].__file__,
        "entry_loaded": cfg["entry_module"] in sys.modules,
        "heavy_after_entry": heavy,
    }
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        import requests
    out["requests"] = requests.__file__
    out["requests_warnings"] = [str(w.message) for w in caught]
    out["qtpy"] = getattr(importlib.util.find_spec("qtpy"), "origin", None)
    out["platformdirs"] = getattr(importlib.util.find_spec("platformdirs"), "origin", None)
    print("PROBE-RESULT " + json.dumps(out))


main()
