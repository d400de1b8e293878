"""Data tables for the Maya reader: file attributes per node type (short and long names)."""

# ruff: noqa: UP045  (Optional[...] kept for Python 3.9 runtime evaluation, as in core/config.py)
from __future__ import annotations

from typing import Dict, Tuple

# node type -> attribute names (short and long) that hold a file path.
FILE_ATTRS: Dict[str, Tuple[str, ...]] = {
    "file": ("ftn", "fileTextureName"),
    "psdFileTex": ("ftn", "fileTextureName"),
    "movie": ("ftn", "fileTextureName"),
    "aiImage": ("filename", "fn"),
    "imagePlane": ("imn", "imageName"),
    "AlembicNode": ("fn", "abc_File", "fns", "abc_layerFiles"),
    "ExocortexAlembicFile": ("fileName",),
    "gpuCache": ("cfn", "cacheFileName"),
    "aiStandIn": ("dso",),
    "aiVolume": ("fn", "filename"),
    "aiPhotometricLight": ("aiFilename",),
    "audio": ("f", "filename"),
    "RedshiftProxyMesh": ("fn", "fileName"),
    "RedshiftVolumeShape": ("fn", "fileName"),
    "RedshiftDomeLight": ("tex0",),
    "RedshiftNormalMap": ("tex0",),
    "RedshiftIESLight": ("profile",),
    "VRayMesh": ("fn", "fileName"),
    "VRayVolumeGrid": ("if", "inFile"),
    "VRayLightIESShape": ("iesFile",),
    "cacheFile": ("cp", "cachePath"),
    "PxrTexture": ("filename",),
    "PxrNormalMap": ("filename",),
    "PxrBump": ("filename",),
    "PxrDomeLight": ("lightColorMap",),
    "mayaUsdProxyShape": ("fp", "filePath"),
    "houdiniAsset": ("otlFilePath",),
}

# Nodes addressed with ``select -ne :name`` and their types.
SHARED_NODES = {
    "defaultRenderGlobals": "renderGlobals",
    "defaultColorMgtGlobals": "colorManagementGlobals",
    "time1": "time",
}

# Attributes kept besides file attributes (short names as Maya writes them).
RENDER_ATTRS = frozenset({"an", "fs", "ef", "bfs", "ifp", "ren", "imfkey", "outf", "animation",
                          "startFrame", "endFrame", "byFrameStep", "imageFilePrefix", "currentRenderer"})
NODE_ATTRS = frozenset({"uvt", "uvTilingMode", "ufe", "useFrameExtension", "cn", "cacheName", "cfe", "cfp",
                        "configFileEnabled", "configFilePath", "o"})

# ``requires`` plug-in -> renderer name (when defaultRenderGlobals.ren is not written).
RENDERER_PLUGINS = {"mtoa": "arnold", "vrayformaya": "vray", "redshift4maya": "redshift",
                    "RenderMan_for_Maya": "renderman", "RenderMan_for_Maya.py": "renderman"}

SCENE_EXTENSIONS = (".ma", ".mb", ".usd", ".usda", ".usdc", ".ocio")
