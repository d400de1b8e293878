"""accsyn-dcc maya host package."""
