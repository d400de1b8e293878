"""What the accsyn shelf tool runs (``accsyn_dcc.shelf``): ``import ...shelf; shelf.main()``.

Houdini reads the shelf file at start-up but runs no Python until the tool is clicked, and
then imports only this module, which imports the submit action lazily.
"""

# ruff: noqa: UP045  (Optional[...] kept for Python 3.9 runtime evaluation, as in core/config.py)

from __future__ import annotations

from typing import Any, Optional


def main() -> Optional[Any]:
    from accsyn_dcc.hosts.houdini import submit

    return submit.main()


show = main
