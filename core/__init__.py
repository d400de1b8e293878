"""Headless core of accsyn-dcc: no DCC imports, no Qt; ``requests`` is imported lazily."""
