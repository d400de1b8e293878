"""Per-renderer differences in how Maya names render outputs: one base handler, small subclasses.

Modelled on deadline-cloud-for-maya's ``MayaClient/render_handlers``: :class:`RenderHandler`
asks Maya itself for each layer's image path (``cmds.renderSettings``, which applies the
renderer's own prefix tokens such as ``<Scene>``/``<RenderLayer>``) and records where the prefix
lives; a subclass only says what differs for its renderer. :func:`get_render_handler` picks one
from ``defaultRenderGlobals.currentRenderer``.
"""

# ruff: noqa: UP045  (Optional[...] kept for Python 3.9 runtime evaluation, as in core/config.py)

from __future__ import annotations

from typing import Dict, List, Optional, Tuple, Type

from maya import cmds

from accsyn_dcc.core.frames import FrameSet
from accsyn_dcc.core.hostdata import str_list
from accsyn_dcc.core.refs import Reference

__all__ = ["RenderHandler", "ArnoldHandler", "VRayHandler", "RedshiftHandler", "RenderManHandler",
           "get_render_handler"]


class RenderHandler:
    """Maya Software / Hardware 2.0 and any renderer that keeps Maya's render globals."""

    renderer = "mayaSoftware"
    prefix: Tuple[str, str] = ("defaultRenderGlobals", "imageFilePrefix")
    padding: Tuple[str, str] = ("defaultRenderGlobals", "extensionPadding")

    def frame_token(self) -> str:
        """``#`` per digit of the renderer's frame padding (what core's token table expands)."""
        node, attr = self.padding
        try:
            digits = int(cmds.getAttr(f"{node}.{attr}") or 1)
        except (RuntimeError, ValueError):  # the renderer's settings node is not created yet
            digits = 4
        return "#" * max(1, digits)

    def layer_outputs(self, layer: str, frames: Optional[FrameSet]) -> List[Reference]:
        """The image path(s) ``layer`` renders to, with frame tokens in place."""
        paths = cmds.renderSettings(fullPath=True, genericFrameImageName=self.frame_token(), layer=layer)
        node, attr = self.prefix
        return [Reference(raw=p, node=layer, attr=f"{node}.{attr}", frames=frames, output=True)
                for p in str_list(paths)]


class ArnoldHandler(RenderHandler):
    renderer = "arnold"


class VRayHandler(RenderHandler):
    renderer = "vray"
    prefix = ("vraySettings", "fileNamePrefix")
    padding = ("vraySettings", "fileNamePadding")


class RedshiftHandler(RenderHandler):
    renderer = "redshift"


class RenderManHandler(RenderHandler):
    renderer = "renderman"
    prefix = ("rmanGlobals", "imageFileFormat")


_HANDLERS: Dict[str, Type[RenderHandler]] = {
    h.renderer: h for h in (RenderHandler, ArnoldHandler, VRayHandler, RedshiftHandler, RenderManHandler)
}


def get_render_handler(renderer: Optional[str]) -> RenderHandler:
    """The handler for ``renderer`` (``defaultRenderGlobals.currentRenderer``); the base for others."""
    return _HANDLERS.get(renderer or "", RenderHandler)()
