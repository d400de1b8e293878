"""`convert` preview also says what the farm's own input_conversion would trip over."""

from __future__ import annotations

import json

from accsyn_dcc.core.cli.main import main

NK = """Root {
 inputs 0
}
Read {
 file P:/projects/show/tex.png
 name Read1
}
Read {
 file /elsewhere/lut.cube
 name Read2
}
"""


def _run(tmp_path, capsys, roots):
    scene = tmp_path / "a.nk"
    scene.write_text(NK)
    cfg = tmp_path / "cfg.json"
    cfg.write_text(json.dumps({"shares": [{"id": "5c5bf52a1da7ee0165105b85", "roots": roots}]}))
    code = main(["convert", str(scene), "--to", "linux", "--map-config", str(cfg)])
    return code, capsys.readouterr().out


def test_a_path_on_no_share_is_named(tmp_path, capsys):
    code, out = _run(tmp_path, capsys, {"windows": "P:/projects", "linux": "/mnt/projects"})
    assert code == 0
    assert "P:/projects/show/tex.png  ->  /mnt/projects/show/tex.png" in out
    assert "farm conversion notes (linux nodes)" in out
    assert "/elsewhere/lut.cube" in out and "not-on-share" in out


def test_a_backslash_root_in_the_config_is_flagged(tmp_path, capsys):
    code, out = _run(tmp_path, capsys, {"windows": "P:\\projects", "linux": "/mnt/projects"})
    assert code == 0
    notes = out.split("farm conversion notes", 1)[1]
    assert "[share-root-backslash]" in notes and "5c5bf52a1da7ee0165105b85" in notes
