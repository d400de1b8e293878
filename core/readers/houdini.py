# ruff: noqa: UP045  (Optional[...] kept for Python 3.9 runtime evaluation, as in core/config.py)
"""Best-effort streaming reader of text Houdini scenes (.hip/.hiplc/.hipnc saved as ASCII cpio).

A text ``.hip`` is a cpio archive (``070707`` "odc" headers) of text sections per node:
``obj/geo1/file1.init`` (``type = file``) and ``obj/geo1/file1.parm`` (``file [ 0 locks=0 ] (
"$HIP/geo/a.bgeo.sc" )``). The reader walks the archive header by header, reads only the small
``.init``/``.parm`` sections and seeks past the rest (embedded geometry, HDAs), so memory stays flat.

Collected: string parms in :data:`INPUT_PARMS` as dependencies and, on ROPs (nodes under ``/out``
or of a ROP type), the parms in :data:`OUTPUT_PARMS` as outputs with the ROP's ``f`` range when
``trange`` is on. ``$HIP``/``$JOB`` stay raw for the shared token expander; ``base`` is the
scene's folder. Limits: parm expressions (backticks, channel references), ``opdef:``/``op:`` paths,
the global frame range, and parms of nodes inside locked HDAs are not evaluated; parm names not in
the tables are not found. A binary hip raises :class:`SceneError` (see ``read_scene``).
"""

from __future__ import annotations

import os
import re
from typing import IO, Dict, List, Optional, Tuple

from accsyn_dcc.core.errors import SceneError
from accsyn_dcc.core.frames import FrameSet
from accsyn_dcc.core.readers._common import frame_range
from accsyn_dcc.core.refs import Reference, SceneInfo

HEADER = 76
MAX_SECTION = 4 << 20
_PARM_RE = re.compile(r"^(\w+)\s*\[[^\]]*\]\s*\(\s*(.*?)\s*\)\s*$")
_STRING_RE = re.compile(r'"((?:[^"\\]|\\.)*)"')
_TYPE_RE = re.compile(r"^type\s*=\s*(\S+)", re.M)

INPUT_PARMS = frozenset({"file", "fileName", "filename", "filepath", "filepath1", "env_map", "texture",
                         "basecolor_texture", "map", "ar_filename", "ar_light_color_texture",
                         "RS_objprop_proxy_file", "vm_geofile"})
OUTPUT_PARMS = frozenset({"vm_picture", "picture", "sopoutput", "ar_picture", "lopoutput",
                          "RS_outputFileNamePrefix", "copoutput", "dopoutput", "vm_dcmfilename",
                          "filename", "file", "fileName"})
# ROP types that may sit outside /out (in a ROP network inside /obj, /stage...). ``geometry`` and
# ``alembic`` are not listed: a SOP of type ``alembic`` reads; under /out every node is a ROP.
ROP_TYPES = frozenset({"ifd", "opengl", "arnold", "karma", "usdrender", "Redshift_ROP", "baketexture"})


def _oct(field: bytes) -> int:
    try:
        return int(field, 8)
    except ValueError:
        return -1


def _sections(fh: IO[bytes], path: str):  # -> Iterator[Tuple[str, Optional[bytes]]]
    """``(name, data or None when skipped)`` for each cpio member; stops at ``TRAILER!!!``."""
    while True:
        head = fh.read(HEADER)
        if len(head) < HEADER:
            return
        if not head.startswith(b"070707"):
            raise SceneError("Houdini file is damaged: a section header is not a cpio header", scene=path,
                             hint="Re-save the scene from Houdini.")
        namesize, filesize = _oct(head[59:65]), _oct(head[65:76])
        if namesize < 1 or filesize < 0:
            raise SceneError("Houdini file is damaged: bad section sizes", scene=path)
        name = fh.read(namesize).rstrip(b"\x00").decode("utf-8", "surrogateescape")
        if name == "TRAILER!!!":
            return
        wanted = name.endswith((".init", ".parm")) and filesize <= MAX_SECTION
        if wanted:
            data = fh.read(filesize)
            if len(data) < filesize:
                return
            yield name, data
        else:
            fh.seek(filesize, os.SEEK_CUR)
            yield name, None


class _Reader:
    def __init__(self, path: str) -> None:
        self.path = path
        self.dir = os.path.dirname(os.path.abspath(path)).replace("\\", "/")
        self.info = SceneInfo(path=path, format="houdini")
        self.types: Dict[str, str] = {}

    def run(self) -> SceneInfo:
        try:
            with open(self.path, "rb") as fh:
                for name, data in _sections(fh, self.path):
                    if data is None:
                        continue
                    node = "/" + name.rsplit(".", 1)[0]
                    text = data.decode("utf-8", "surrogateescape")
                    if name.endswith(".init"):
                        m = _TYPE_RE.search(text)
                        if m:
                            self.types[node] = m.group(1).split("::")[0].split("/")[-1]
                    else:
                        self._parms(node, text)
        except OSError as exc:
            raise SceneError(f"scene file cannot be read: {exc.strerror or exc}", scene=self.path) from exc
        return self.info

    def _is_rop(self, node: str) -> bool:
        t = self.types.get(node, "")
        return node.startswith("/out/") or t.startswith("rop_") or t in ROP_TYPES

    def _parms(self, node: str, text: str) -> None:
        parms: Dict[str, str] = {}
        for line in text.splitlines():
            m = _PARM_RE.match(line.strip())
            if m:
                parms[m.group(1)] = m.group(2)
        rop = self._is_rop(node)
        names = OUTPUT_PARMS if rop else INPUT_PARMS
        frames = _rop_frames(parms) if rop else None
        for parm, value in parms.items():
            if parm not in names:
                continue
            s = _STRING_RE.match(value)
            raw = _unescape(s.group(1)) if s else ""
            if not raw or raw.startswith(("op:", "opdef:", "oplib:", "`")):
                continue
            self.info.references.append(Reference(
                raw=raw, node=node, attr=parm, via=self.path, base=self.dir, output=rop, frames=frames,
                kind_hint="scene" if raw.lower().endswith((".usd", ".usda", ".usdc")) and not rop else None))
            if rop and frames and self.info.frame_range is None:
                self.info.frame_range = frames


def _unescape(s: str) -> str:
    return re.sub(r"\\(.)", r"\1", s) if "\\" in s else s


def _rop_frames(parms: Dict[str, str]) -> Optional[FrameSet]:
    trange = parms.get("trange", "").strip('" ')
    if trange in ("", "0", "off"):
        return None
    nums: List[float] = []
    for tok in parms.get("f", "").split():
        try:
            nums.append(float(tok))
        except ValueError:
            return None
    if len(nums) < 2 or nums[1] < nums[0]:
        return None
    try:
        step = int(nums[2]) if len(nums) > 2 and nums[2] >= 1 else 1
        return frame_range(int(nums[0]), int(nums[1]), step)
    except (ValueError, OverflowError):  # inf / nan in the parm
        return None


def read(path: str, *, via: Optional[str] = None) -> SceneInfo:
    """Read a text .hip; see the module docstring."""
    del via
    return _Reader(path).run()


__all__: Tuple[str, ...] = ("read",)
