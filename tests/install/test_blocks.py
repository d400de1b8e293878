"""The marked block in a shared file (Nuke's menu.py): insert, replace, remove byte-for-byte."""

from __future__ import annotations

import pytest

BLOCK = b"# >>> accsyn-dcc >>>\nimport accsyn_dcc\n# <<< accsyn-dcc <<<\n"
NEWER = b"# >>> accsyn-dcc >>>\nimport accsyn_dcc  # v2\n# <<< accsyn-dcc <<<\n"


@pytest.mark.parametrize("user", [
    b"", b"import os\n", b"import os", b"a = 1\r\nb = 2\r\n", b"\n\n", "# caf\u00e9\n".encode("utf-8"),
    b"x = '# >>> accsyn-dcc >>> not at line start'\n",
])
def test_insert_then_remove_is_identity(inst, user):
    new, sep = inst.insert_block(user, BLOCK)
    assert new.endswith(BLOCK) and new.startswith(user)
    assert inst.remove_block(new, sep) == user


def test_absent_file_gets_only_the_block(inst):
    assert inst.insert_block(None, BLOCK) == (BLOCK, "")


def test_existing_block_is_replaced_in_place(inst):
    text = b"before\n" + BLOCK + b"after\n"
    new, _sep = inst.insert_block(text, NEWER)
    assert new == b"before\n" + NEWER + b"after\n"
    assert inst.insert_block(new, NEWER)[0] == new  # idempotent
    assert inst.remove_block(new, "") == b"before\nafter\n"


def test_user_edits_around_the_block_survive_removal(inst):
    new, sep = inst.insert_block(b"mine", BLOCK)
    edited = b"# top\n" + new + b"# bottom\n"
    assert inst.remove_block(edited, sep) == b"# top\nmine\n# bottom\n"


def test_find_block_needs_both_markers(inst):
    assert inst.find_block(b"# >>> accsyn-dcc >>>\nno end\n") is None
    assert inst.find_block(b"nothing here\n") is None
    start, stop = inst.find_block(b"a\n" + BLOCK)
    assert (start, stop) == (2, 2 + len(BLOCK))
