"""accsyn-dcc Houdini host: ``shelf`` (the shelf tool's entry), ``submit`` (the action),
``adapter`` (collect). Importing this package imports no ``hou``.
"""

from accsyn_dcc.hosts.houdini.package import ENTRY_MODULE, SHELF_DEST, SHELF_FILE, package_json, shelf_text

__all__ = ["ENTRY_MODULE", "SHELF_DEST", "SHELF_FILE", "package_json", "shelf_text"]
