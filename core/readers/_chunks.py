"""Reading a scene in large chunks of whole lines, and building regexes that skip in C.

The ASCII readers find the few lines that matter with compiled regexes run over a multi-MB chunk of
text, so Python only runs on those lines (see docs/internals.md, "Readers"). A chunk is
``"\\n" + whole lines``: it starts with a newline (so every line, the first included, follows one)
and ends with the newline of its last line; a last line without one gets it added, which no reader
can tell apart. Text is decoded as :func:`_common.open_text` does (universal newlines,
surrogateescape), so the lines are those that iterating the file gives.
"""

# ruff: noqa: UP045  (Optional[...] kept for Python 3.9 runtime evaluation, as in core/config.py)
from __future__ import annotations

import re
from typing import Dict, Iterable, Iterator, List, Optional

from accsyn_dcc.core.errors import SceneError
from accsyn_dcc.core.readers import _common

CHUNK = 1 << 20  # characters per read: large enough for C-speed scans, small enough to stay flat


def chunks(path: str, encoding: str = "utf-8", size: Optional[int] = None) -> Iterator[str]:
    """Yield ``"\\n" + lines`` chunks of ``path`` (each line ending in ``"\\n"``), at most about
    ``size`` (default :data:`CHUNK`) characters each unless one line is longer. Read errors become
    :class:`SceneError`."""
    size = size or CHUNK
    fh = _common.open_text(path, encoding)
    with fh:
        pending: List[str] = []  # pieces of a line longer than one read
        try:
            while True:
                block = fh.read(size)
                if not block:
                    break
                cut = block.rfind("\n")
                if cut < 0:
                    pending.append(block)
                    continue
                head = block[: cut + 1]
                if pending:
                    pending.append(head)
                    head = "".join(pending)
                    pending = []
                yield "\n" + head
                if cut + 1 < len(block):
                    pending.append(block[cut + 1 :])
        except OSError as exc:  # e.g. the file vanished or a network share dropped mid-read
            raise SceneError(f"scene file read failed: {exc.strerror or exc}", scene=path) from exc
        if pending:
            yield "\n" + "".join(pending) + "\n"


def alternation(words: Iterable[str]) -> str:
    """A regex matching exactly one of ``words``, factored as a trie (``R(?:ead|oot)``) so the
    regex engine picks a branch by one character test instead of trying every word in turn.
    Longer words come first at each branch point, so ``first_frame`` is tried before ``first``;
    callers put their own boundary after the group."""
    trie: Dict[str, dict] = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_regex(trie)


def _trie_regex(node: Dict[str, dict]) -> str:
    ends = "" in node
    branches = [re.escape(ch) + _trie_regex(node[ch]) for ch in sorted(k for k in node if k)]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends:
        return "(?:" + body + ")?"
    return body
