"""One shared suite for the three host adapters (like fileseq's AbstractBaseTests).

:class:`HostSuite` states what every adapter must do on its fake scene (tests/fakes/scenes.py);
``TestNuke``, ``TestMaya`` and ``TestHoudini`` only say what their scene holds.
"""

from __future__ import annotations

import importlib
from typing import Any, Dict, Set, Tuple

import pytest

from accsyn_dcc.core.config import Config
from accsyn_dcc.core.frames import FrameSet
from accsyn_dcc.core.hostdata import EVAL_FAILED

Triple = Tuple[str, str, str]


class HostSuite:
    host = ""
    adapter = ""
    submit = ""
    failing_node = ""

    # -- what a host subclass provides ----------------------------------------------------------
    def build(self, root: str, **kw: Any) -> None:
        raise NotImplementedError

    def inputs(self, root: str) -> Set[Triple]:
        raise NotImplementedError

    def outputs(self, root: str) -> Dict[Triple, str]:
        raise NotImplementedError

    frame_range = ""
    scene = ""

    def host_state(self) -> Any:
        raise NotImplementedError

    def answer(self, save: bool) -> None:
        raise NotImplementedError

    def on_disk(self, root: str) -> None:
        """Files to create before the SceneInfo goes through core's resolve."""

    def check_resolved(self, result: Any, root: str) -> None:
        """Host-specific checks on core's GatherResult."""

    # -- helpers --------------------------------------------------------------------------------
    def collect(self, **kw: Any) -> Any:
        return importlib.import_module(self.adapter).collect(**kw)

    @pytest.fixture
    def root(self, tmp_path) -> str:
        root = tmp_path.as_posix()
        self.build(root)
        return root

    # -- the shared tests -----------------------------------------------------------------------
    def test_scene_path_format_and_version(self, root):
        info = self.collect()
        assert info.path == self.scene.format(root=root)
        assert info.format == self.host
        assert info.host_version

    def test_inputs_with_node_attr_provenance(self, root):
        info = self.collect()
        got = {(r.raw, r.node, r.attr) for r in info.references if not r.output}
        assert got == self.inputs(root)

    def test_outputs_apart_with_their_frames(self, root):
        info = self.collect()
        got = {(r.raw, r.node, r.attr): str(r.frames) for r in info.references if r.output}
        assert got == self.outputs(root)

    def test_frame_range(self, root):
        assert self.collect().frame_range == FrameSet(self.frame_range)

    def test_failing_node_is_a_finding_naming_it_and_the_rest_continues(self, root):
        info = self.collect()
        failed = [f for f in info.findings if f.code == EVAL_FAILED]
        assert len(failed) == 1, info.findings
        assert failed[0].level == "error"
        assert self.failing_node in failed[0].message
        assert all(self.failing_node != r.node for r in info.references)
        assert len(info.references) == len(self.inputs(root)) + len(self.outputs(root))

    def test_each_reference_once(self, root):
        refs = [(r.raw, r.node, r.attr, r.output) for r in self.collect().references]
        assert len(refs) == len(set(refs))

    def test_clean_scene_opens_the_dialog_without_asking(self, root, dialog_calls):
        module = importlib.import_module(self.submit)
        assert module.main() == "dialog"
        assert self.host_state().asked == []
        (call,) = dialog_calls
        assert call["host"] == self.host
        assert call["collect"] is importlib.import_module(self.adapter).collect
        assert call["host_version"] and call["parent"] is None

    @pytest.mark.parametrize("save", [True, False], ids=["save", "cancel"])
    def test_unsaved_scene_prompts_to_save(self, tmp_path, dialog_calls, save):
        self.build(tmp_path.as_posix(), modified=True)
        self.answer(save)
        result = importlib.import_module(self.submit).main()
        state = self.host_state()
        assert len(state.asked) == 1 and "unsaved" in state.asked[0]
        assert state.saved == (1 if save else 0)
        assert (result == "dialog") is save
        assert len(dialog_calls) == (1 if save else 0)

    def test_untitled_scene_does_not_open_the_dialog(self, tmp_path, dialog_calls):
        self.build(tmp_path.as_posix(), untitled=True)
        assert importlib.import_module(self.submit).main() is None
        assert dialog_calls == [] and len(self.host_state().asked) == 1

    def test_through_core_resolve(self, root):
        from accsyn_dcc.core.gather import resolve

        self.on_disk(root)
        info = self.collect()
        result = resolve(info, config=Config())
        assert {(o.node, o.attr) for o in result.outputs} == {(n, a) for _r, n, a in self.outputs(root)}
        out_rows = {(o.node, o.attr) for o in result.outputs}
        assert not any((d.node, d.attr) in out_rows for d in result.dependencies)
        assert any(f.code == EVAL_FAILED for f in result.findings)
        self.check_resolved(result, root)


def _dep(result: Any, node: str, attr: str) -> Any:
    rows = [d for d in result.dependencies if d.node == node and d.attr == attr]
    assert rows, f"no dependency from {node}.{attr}: {[(d.node, d.attr) for d in result.dependencies]}"
    return rows[0]


class TestNuke(HostSuite):
    host = "nuke"
    adapter = "accsyn_dcc.hosts.nuke.adapter"
    submit = "accsyn_dcc.hosts.nuke.submit"
    failing_node = "Read4"
    frame_range = "1001-1010"
    scene = "{root}/comp/sh010_comp_v003.nk"

    def build(self, root, **kw):
        import scenes

        scenes.nuke_scene(root, **kw)

    def host_state(self):
        from nuke import _nuke

        return _nuke._state

    def answer(self, save):
        self.host_state().answers.append(save)

    def inputs(self, root):
        return {
            (f"{root}/config/aces.ocio", "root", "customOCIOConfigPath"),
            (f"{root}/plates/sh010_plate.%04d.exr", "Read1", "file"),
            (f"{root}/plates/stereo_%V.####.exr", "Read2", "file"),
            (f"{root}/comp/elements/smoke.1001.exr", "Group1.Read3", "file"),  # TCL, evaluated per frame
            (f"{root}/comp/elements/smoke.1002.exr", "Group1.Read3", "file"),
            (f"{root}/gizmos/Glow.gizmo", "Glow1", "gizmo"),
            (f"{root}/luts/glow.cube", "Glow1", "lut"),
            (f"{root}/precomps/bg_v002.nk", "Precomp1", "file"),
        }

    def outputs(self, root):
        return {
            (f"{root}/renders/sh010_comp.%04d.exr", "Write1", "file"): "1001-1010",
            (f"{root}/renders/sh010_preview.####.jpg", "Write2", "file"): "1001-1005",
        }

    def test_views_and_kinds(self, root):
        info = self.collect()
        assert info.views == ("left", "right")
        by_plug = {(r.node, r.attr): r for r in info.references}
        assert by_plug["Read2", "file"].views == ("left", "right")
        assert by_plug["Glow1", "gizmo"].kind_hint == "scene"
        assert by_plug["Precomp1", "file"].kind_hint == "scene"
        assert by_plug["root", "customOCIOConfigPath"].kind_hint == "scene"
        assert by_plug["Read1", "file"].frames == FrameSet("1001-1010")

    def test_chosen_write_nodes_only(self, root):
        info = self.collect(write_nodes=["Write2"])
        assert [r.node for r in info.references if r.output] == ["Write2"]
        assert info.frame_range == FrameSet("1001-1005")
        assert any(f.code == "host-node-skipped" and "Write1" in f.message for f in info.findings)

    def test_relative_paths_resolve_against_the_project_directory(self, root):
        assert {r.base for r in self.collect().references} == {f"{root}/comp"}  # unset: the script's folder
        self.host_state().root["project_directory"]._value = "[file dirname [value root.name]]/.."
        info = self.collect()
        assert {r.base for r in info.references} == {f"{root}/comp/.."} and info.project_dir == f"{root}/comp/.."

    def test_write_proxy_is_an_output_only_in_proxy_mode(self, root):
        assert not any(r.attr == "proxy" for r in self.collect().references)
        self.host_state().root._proxy = True
        (proxy,) = [r for r in self.collect().references if r.attr == "proxy"]
        assert proxy.output and proxy.node == "Write1"

    def test_write_choices_for_the_dialog(self, root):
        from accsyn_dcc.hosts.nuke import adapter

        assert adapter.write_choices() == ["Write1", "Write2"]

    def test_ocio_path_ignored_unless_custom(self, root):
        self.host_state().root["OCIO_config"]._value = "aces_1.2"
        assert all(r.attr != "customOCIOConfigPath" for r in self.collect().references)

    def on_disk(self, root):
        import scenes

        scenes.touch(root, "plates/sh010_plate.{:04d}.exr", [f for f in range(1001, 1011) if f != 1005])

    def check_resolved(self, result, root):
        plate = _dep(result, "Read1", "file")
        assert plate.kind == "sequence" and plate.missing is not None
        assert plate.missing.format(steps=False) == "1005"
        stereo = [d for d in result.dependencies if d.node == "Read2"]
        assert {d.path.rsplit("/", 1)[-1].split(".")[0] for d in stereo} == {"stereo_left", "stereo_right"}


class TestMaya(HostSuite):
    host = "maya"
    adapter = "accsyn_dcc.hosts.maya.adapter"
    submit = "accsyn_dcc.hosts.maya.submit"
    failing_node = "broken"
    frame_range = "1-24"
    scene = "{root}/scenes/shot.ma"

    def build(self, root, **kw):
        import scenes

        scenes.maya_scene(root, **kw)

    def host_state(self):
        from maya import cmds

        return cmds._state

    def answer(self, save):
        self.host_state().answers.append("Save" if save else "Cancel")

    def inputs(self, root):
        return {
            (f"{root}/sourceimages/wood.png", "wood", "fileTextureName"),
            (f"{root}/sourceimages/skin.<UDIM>.exr", "skin", "fileTextureName"),
            (f"{root}/sourceimages/flames.<f>.png", "flames", "fileTextureName"),
            ("$ASSETS/cache/anim.abc", "anim_cache", "abc_File"),
            ("$ASSETS/char.ma", "charRN", "reference"),
        }

    def outputs(self, root):
        return {
            (f"{root}/images/shot/beauty/shot_beauty.####.exr", "rs_beauty",
             "defaultRenderGlobals.imageFilePrefix"): "1-24",
            (f"{root}/images/shot/fx/shot_fx.####.exr", "rs_fx",
             "defaultRenderGlobals.imageFilePrefix"): "1-24",
        }

    def test_texture_frames_and_reference_kind(self, root):
        refs = {r.node: r for r in self.collect().references}
        assert refs["flames"].frames == FrameSet("1-24")
        assert refs["skin"].frames is None and refs["wood"].frames is None
        assert refs["charRN"].kind_hint == "scene"
        assert refs["wood"].base == root

    def test_chosen_layers_only(self, root):
        info = self.collect(layers=["rs_fx"])
        assert [r.node for r in info.references if r.output] == ["rs_fx"]

    def test_render_handlers_per_renderer(self, root):
        from accsyn_dcc.hosts.maya import render_handlers as rh

        assert type(rh.get_render_handler("vray")) is rh.VRayHandler
        assert type(rh.get_render_handler("arnold")) is rh.ArnoldHandler
        assert type(rh.get_render_handler("something-new")) is rh.RenderHandler
        self.host_state().nodes["defaultRenderGlobals"]["currentRenderer"] = "vray"
        outs = [r for r in self.collect().references if r.output]
        assert {r.attr for r in outs} == {"vraySettings.fileNamePrefix"}
        assert all(r.raw.endswith(".####.exr") for r in outs)  # vraySettings missing: 4 digits

    def test_single_frame_when_not_animated(self, root):
        self.host_state().nodes["defaultRenderGlobals"]["animation"] = False
        assert self.collect().frame_range == FrameSet("7")

    def on_disk(self, root):
        import scenes

        scenes.touch(root, "sourceimages/skin.{}.exr", [1001, 1002, 1011])
        scenes.touch(root, "sourceimages/wood.png")

    def check_resolved(self, result, root):
        assert _dep(result, "skin", "fileTextureName").kind == "udim"
        assert _dep(result, "wood", "fileTextureName").exists


class TestHoudini(HostSuite):
    host = "houdini"
    adapter = "accsyn_dcc.hosts.houdini.adapter"
    submit = "accsyn_dcc.hosts.houdini.submit"
    failing_node = "/obj/geo1/broken"
    frame_range = "1-5"
    scene = "{root}/shot.hip"

    def build(self, root, **kw):
        import scenes

        scenes.houdini_scene(root, **kw)

    def host_state(self):
        import hou

        return hou._state

    def answer(self, save):
        self.host_state().answers.append(0 if save else 1)

    def inputs(self, root):
        tiles = {(f"{root}/tex/tile.{f + 1:04d}.rat", "/obj/geo1/tiles", "file") for f in range(1, 6)}
        return tiles | {
            ("$HIP/geo/terrain.$F4.bgeo.sc", "/obj/geo1/terrain", "file"),
            ("$JOB/cache/anim.abc", "/obj/geo1/anim", "fileName"),
            ("$HIP/lookdev/hdri.exr", "", ""),
            (f"{root}/otls/rock.hda", "/obj/geo1/rock1", "hda"),  # once, not embedded, not under $HFS
        }

    def outputs(self, root):
        return {
            ("$HIP/render/$HIPNAME.$F4.exr", "/out/mantra1", "vm_picture"): "1-5",
            ("$HIP/usd/shot.usd", "/out/usd1", "lopoutput"): "3",  # trange 0: the current frame
        }

    def test_bypassed_nodes_are_left_out(self, root):
        info = self.collect()
        assert all(r.node not in ("/out/karma1", "/obj/geo1/off") for r in info.references)
        assert any(f.code == "host-node-skipped" and "/out/karma1" in f.message for f in info.findings)

    def test_chosen_rop_only(self, root):
        info = self.collect(rops=["/out/usd1"])
        assert [r.node for r in info.references if r.output] == ["/out/usd1"]
        assert info.frame_range == FrameSet("3")

    def test_expression_frames_group_by_value(self, root):
        tiles = [r for r in self.collect().references if r.node == "/obj/geo1/tiles"]
        assert sorted(str(r.frames) for r in tiles) == ["1", "2", "3", "4", "5"]

    def test_output_nodes_for_the_dialog(self, root):
        from accsyn_dcc.hosts.houdini import adapter

        assert set(adapter.rop_choices()) == {"/out/mantra1", "/out/usd1", "/out/karma1"}

    def on_disk(self, root):
        import scenes

        scenes.touch(root, "geo/terrain.{:04d}.bgeo.sc", [1, 2, 4, 5])

    def check_resolved(self, result, root):
        terrain = _dep(result, "/obj/geo1/terrain", "file")
        assert terrain.kind == "sequence" and terrain.missing.format(steps=False) == "3"
        mantra = [o for o in result.outputs if o.node == "/out/mantra1"][0]
        assert mantra.path.startswith(root + "/render/shot.")
