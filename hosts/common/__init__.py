"""accsyn-dcc common host package."""
