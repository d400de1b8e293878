"""Text .hip reader (on generated cpio archives) and read_scene's dispatching and binary handling."""

from __future__ import annotations

import pytest

from accsyn_dcc.core.errors import SceneError
from accsyn_dcc.core.frames import FrameSet
from accsyn_dcc.core.readers import detect_format, read_scene


def cpio(members):
    """An ASCII (odc) cpio archive, as Houdini writes a text .hip."""
    out = b""
    for name, data in list(members) + [("TRAILER!!!", b"")]:
        n = name.encode() + b"\x00"
        out += b"070707" + b"000000" * 7 + b"%011o" % 0 + b"%06o" % len(n) + b"%011o" % len(data) + n + data
    return out


def parm(name, *values):
    inner = "\t".join(f'"{v}"' if isinstance(v, str) else str(v) for v in values)
    return f"{name}\t[ 0\tlocks=0 ]\t(\t{inner}\t)\n"


HIP = [
    (".start", b"fplayback -i on\ntcur 0\nfps 24\n"),
    ("obj/geo1.init", b"type = geo\nmatchesdef = 0\n"),
    ("obj/geo1/file1.init", b"type = file\nmatchesdef = 0\n"),
    ("obj/geo1/file1.parm", ("{\nversion 0.8\n" + parm("file", "$HIP/geo/rock.bgeo.sc") +
                             parm("missingframe", "error") + "}\n").encode()),
    ("obj/geo1/abc.init", b"type = alembic\n"),
    ("obj/geo1/abc.parm", ("{\n" + parm("fileName", "/cache/anim.abc") + "}\n").encode()),
    ("obj/geo1/embedded.init", b"type = file\n"),
    ("obj/geo1/embedded.parm", ("{\n" + parm("file", "opdef:/Sop/thing?geo.bgeo") + "}\n").encode()),
    ("obj/geo1/locked.data", b"\x00\x01" * 5000),
    ("out/mantra1.init", b"type = ifd\n"),
    ("out/mantra1.parm", ("{\n" + parm("trange", "normal") + parm("f", 1001, 1100, 1) +
                          parm("vm_picture", "$HIP/render/$HIPNAME.$F4.exr") + "}\n").encode()),
    ("out/geo_out.init", b"type = geometry\n"),
    ("out/geo_out.parm", ("{\n" + parm("trange", "off") + parm("sopoutput", "$HIP/geo/out.bgeo.sc") +
                          "}\n").encode()),
]


def test_text_hip(tmp_path):
    path = tmp_path / "shot.hip"
    path.write_bytes(cpio(HIP))
    info = read_scene(str(path))
    got = {(r.node, r.attr, r.raw, r.output, str(r.frames) if r.frames else None) for r in info.references}
    assert got == {
        ("/obj/geo1/file1", "file", "$HIP/geo/rock.bgeo.sc", False, None),
        ("/obj/geo1/abc", "fileName", "/cache/anim.abc", False, None),
        ("/out/mantra1", "vm_picture", "$HIP/render/$HIPNAME.$F4.exr", True, "1001-1100"),
        ("/out/geo_out", "sopoutput", "$HIP/geo/out.bgeo.sc", True, None),
    }
    assert info.format == "houdini" and info.frame_range == FrameSet("1001-1100")
    assert all(r.base == str(tmp_path) for r in info.references)


def test_binary_hip_is_a_clear_error(tmp_path):
    path = tmp_path / "shot.hip"
    path.write_bytes(b"HouLC\x1a\x00\x00compressed")
    with pytest.raises(SceneError, match="binary Houdini file: gather it inside Houdini"):
        read_scene(str(path))


def test_damaged_hip_is_a_scene_error(tmp_path):
    path = tmp_path / "shot.hipnc"
    path.write_bytes(cpio(HIP)[:200] + b"garbage" * 20)
    with pytest.raises(SceneError):
        read_scene(str(path))


def test_mb_top_level_is_an_error_nested_is_a_finding(tmp_path):
    mb = tmp_path / "a.mb"
    mb.write_bytes(b"FOR8\x00\x00\x00\x00\x00\x00\x00\x10")
    with pytest.raises(SceneError, match="binary Maya file: gather it inside Maya"):
        read_scene(str(mb))
    info = read_scene(str(mb), via="/x/top.ma")
    assert [f.code for f in info.findings] == ["binary-scene"] and "top.ma" in info.findings[0].message


@pytest.mark.parametrize("name, data, fmt", [
    ("a.nk", b"Root {\n}\n", "nuke"),
    ("a.gizmo", b"Gizmo {\n}\n", "nuke"),
    ("a.ma", b"//Maya ASCII 2024 scene\n", "maya"),
    ("a.usda", b"#usda 1.0\n", "usd"),
    ("a.usd", b"#usda 1.0\n", "usd"),
    ("a.usd", b"PXR-USDC\x00\x00", "usd-binary"),
    ("a.ocio", b"ocio_profile_version: 2\n", "ocio"),
    ("a.hip", b"070707000000", "houdini"),
    ("a.hiplc", b"HouLC\x00", "houdini-binary"),
    ("noext", b"#usda 1.0\n", "usd"),
    ("scene.txt", b"//Maya ASCII 2020 scene\n", "maya"),
    ("a.nk", b"\x00\x01binary", "nuke-binary"),
])
def test_detect_format(tmp_path, name, data, fmt):
    (tmp_path / name).write_bytes(data)
    assert detect_format(str(tmp_path / name)) == fmt


def test_unknown_and_missing(tmp_path):
    (tmp_path / "a.xyz").write_bytes(b"hello")
    with pytest.raises(SceneError, match="unknown scene type"):
        read_scene(str(tmp_path / "a.xyz"))
    with pytest.raises(SceneError, match="not found"):
        read_scene(str(tmp_path / "missing.nk"))
    with pytest.raises(SceneError, match="folder"):
        read_scene(str(tmp_path))


def test_binary_where_text_expected(tmp_path):
    (tmp_path / "a.ocio").write_bytes(b"\x00\x00\xff")
    with pytest.raises(SceneError):
        read_scene(str(tmp_path / "a.ocio"))
    assert read_scene(str(tmp_path / "a.ocio"), via="/x.nk").findings[0].code == "binary-scene"


def test_usd_crate_without_pxr_is_a_finding(tmp_path, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_pxr(name, *a, **kw):
        if name == "pxr" or name.startswith("pxr."):
            raise ImportError("no pxr")
        return real_import(name, *a, **kw)

    monkeypatch.setattr(builtins, "__import__", no_pxr)
    (tmp_path / "a.usdc").write_bytes(b"PXR-USDC\x00\x00\x00")
    info = read_scene(str(tmp_path / "a.usdc"))
    assert [f.code for f in info.findings] == ["binary-scene"] and not info.references


def test_registry_is_data_only():
    import importlib
    import sys

    for mod in [m for m in sys.modules if m.startswith("accsyn_dcc.core.readers")]:
        del sys.modules[mod]
    readers = importlib.import_module("accsyn_dcc.core.readers")
    assert set(readers.READERS) == {"nuke", "maya", "usd", "ocio", "houdini"}
    assert "accsyn_dcc.core.readers.nuke" not in sys.modules  # imported on first use only
