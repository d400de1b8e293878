"""The README stays true: its Python API example runs, its set-up commands and CLI verbs exist."""

from __future__ import annotations

import re
import shutil


def _blocks(text: str, lang: str):
    return re.findall(rf"```{lang}\n(.*?)```", text, flags=re.S)


def test_python_api_example_runs_on_the_bundled_nuke_example(repo_dir, tmp_path, monkeypatch, capsys):
    readme = (repo_dir / "README.md").read_text()
    (code,) = [b for b in _blocks(readme, "python") if "api.check" in b]
    shutil.copy(repo_dir / "examples" / "nuke" / "comp_v001.nk", tmp_path / "shot010_comp_v003.nk")
    shutil.copytree(repo_dir / "examples" / "nuke" / "plates", tmp_path / "plates")
    shutil.copytree(repo_dir / "examples" / "nuke" / "textures", tmp_path / "textures")
    monkeypatch.chdir(tmp_path)
    exec(compile(code, "README.md", "exec"), {})
    out = capsys.readouterr().out
    assert "bg_plate.1001.exr" in out


def test_setup_is_two_commands_and_ci_runs_the_test_one(repo_dir):
    readme = (repo_dir / "README.md").read_text()
    setup = readme.split("## Set-up", 1)[1].split("##", 1)[0]
    (block,) = _blocks(setup, "bash")
    commands = [line for line in block.strip().splitlines() if line.strip()]
    assert len(commands) == 2
    assert "--dry-run" in commands[0] and "examples/" in commands[0]
    ci = (repo_dir / ".ci" / "run").read_text()
    assert commands[1] in ci, "CI runs exactly the README's test command"
