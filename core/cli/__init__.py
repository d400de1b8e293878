"""Command-line interface: ``accsyn-dcc`` / ``python -m accsyn_dcc``."""
