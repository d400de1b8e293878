"""Fake ``nuke`` package (see tests/fakes/README.md): the real module's names, checked by stubtest."""

from ._nuke import *  # noqa: F401,F403
from ._nuke import NUKE_VERSION_STRING  # noqa: F401
