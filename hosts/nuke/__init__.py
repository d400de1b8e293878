"""accsyn-dcc Nuke host: ``menu`` (start-up entry), ``submit`` (the action), ``adapter`` (collect).

Importing this package imports no ``nuke``: :func:`menu_block` is what install.py calls.
"""

from accsyn_dcc.hosts.nuke.entry import BEGIN, END, ENTRY_MODULE, menu_block

__all__ = ["BEGIN", "END", "ENTRY_MODULE", "menu_block"]
