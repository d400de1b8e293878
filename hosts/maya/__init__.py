"""accsyn-dcc Maya host: ``startup``/``shelf`` (start-up entry), ``submit`` (the action),
``adapter`` + ``render_handlers`` (collect). Importing this package imports no ``maya``.
"""

from accsyn_dcc.hosts.maya.module import ENTRY_MODULE, mod_file_text, user_setup_text

__all__ = ["ENTRY_MODULE", "mod_file_text", "user_setup_text"]
