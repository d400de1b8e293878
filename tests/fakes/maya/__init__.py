"""Fake ``maya`` package (see tests/fakes/README.md)."""
