"""accsyn-dcc nuke host package."""
