"""Streaming ASCII scene readers (.nk, .ma, .usda, .ocio, text .hip)."""
