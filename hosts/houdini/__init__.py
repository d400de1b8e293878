"""accsyn-dcc houdini host package."""
