"""Writes shot010_fx.hip: a small text (ASCII cpio) Houdini scene, as Houdini saves one.

Run it to regenerate the example (``python examples/houdini/make_hip.py``). The scene has a File SOP
reading a rock, an Alembic SOP reading a camera cache, a shader texture, and a Mantra ROP rendering
``$HIP/render/$HIPNAME.$F4.exr`` for frames 1001-1024. Real Houdini scenes are usually binary; the
Houdini adapter gathers those inside Houdini through ``hou``.
"""

from __future__ import annotations

import os


def _parm(name, *values):
    inner = "\t".join(f'"{v}"' if isinstance(v, str) else str(v) for v in values)
    return f"{name}\t[ 0\tlocks=0 ]\t(\t{inner}\t)\n"


def _section(body: str) -> bytes:
    return ("{\nversion 0.8\n" + body + "}\n").encode()


MEMBERS = [
    (".start", b"fplayback -i on -r off -f 1001 -e 1024\ntcur 41.666\nfps 24\ntset 41.666 1\n"),
    (".variables", b"set -g HIPNAME = 'shot010_fx'\nset -g JOB = '$HIP'\n"),
    ("obj/rock.init", b"type = geo\nmatchesdef = 0\n"),
    ("obj/rock/file1.init", b"type = file\nmatchesdef = 0\n"),
    ("obj/rock/file1.parm", _section(_parm("file", "$HIP/geo/rock.bgeo.sc") + _parm("missingframe", "error"))),
    ("obj/cam.init", b"type = geo\nmatchesdef = 0\n"),
    ("obj/cam/alembic1.init", b"type = alembic\nmatchesdef = 0\n"),
    ("obj/cam/alembic1.parm", _section(_parm("fileName", "$HIP/geo/shot010_cam.abc"))),
    ("mat/rock_shader.init", b"type = principledshader::2.0\nmatchesdef = 0\n"),
    ("mat/rock_shader.parm", _section(_parm("basecolor_texture", "$HIP/tex/rock_diffuse.png"))),
    ("out/mantra1.init", b"type = ifd\nmatchesdef = 0\n"),
    ("out/mantra1.parm", _section(_parm("trange", "normal") + _parm("f", 1001, 1024, 1)
                                  + _parm("vm_picture", "$HIP/render/$HIPNAME.$F4.exr"))),
]


def cpio(members) -> bytes:
    """An ASCII ("odc") cpio archive, the container format of a text .hip."""
    out = b""
    for name, data in list(members) + [("TRAILER!!!", b"")]:
        n = name.encode() + b"\x00"
        out += b"070707" + b"000000" * 7 + b"%011o" % 0 + b"%06o" % len(n) + b"%011o" % len(data) + n + data
    return out


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "shot010_fx.hip"), "wb") as fh:
        fh.write(cpio(MEMBERS))
