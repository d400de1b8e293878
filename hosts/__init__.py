"""Thin host adapters (Nuke, Maya, Houdini) and the one shared submit dialog."""
