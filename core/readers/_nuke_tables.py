"""Data tables for the Nuke reader: which knobs hold files, which classes write, built-in classes."""

# ruff: noqa: UP045  (Optional[...] kept for Python 3.9 runtime evaluation, as in core/config.py)
from __future__ import annotations

# Knobs that hold a file path, on whatever class carries them.
FILE_KNOBS = frozenset({"file", "proxy", "vfield_file", "customOCIOConfigPath"})

# Knobs the reader keeps (besides FILE_KNOBS); every other knob is skipped without a copy.
KEPT_KNOBS = FILE_KNOBS | frozenset(
    {
        "name", "first", "last", "first_frame", "last_frame", "views", "project_directory",
        "use_limit", "OCIO_config", "read_from_file", "disable",
    }
)

# Classes whose file knobs are render outputs.
OUTPUT_CLASSES = frozenset({"Write", "WriteGeo", "DeepWrite", "GenerateLUT", "WriteTank"})

# Classes whose file is itself a scene to read recursively.
SCENE_CLASSES = frozenset({"Precomp", "LiveGroup"})
SCENE_EXTENSIONS = (".nk", ".usd", ".usda", ".usdc", ".ocio", ".gizmo")

# Classes whose body is followed by inner nodes and an ``end_group`` line.
GROUP_CLASSES = frozenset({"Group", "Gizmo"})

# Classes whose file knob is used only when ``read_from_file`` is true.
READ_FROM_FILE_CLASSES = frozenset(
    {"Camera", "Camera2", "Camera3", "Camera4", "Axis", "Axis2", "Axis3", "Axis4", "Light", "Light2",
     "Light3", "Light4"}
)

# Node classes that ship with Nuke (no ``<Class>.gizmo`` lookup for these). Not exhaustive: an
# unknown class that has no gizmo on NUKE_PATH gets an info finding, never an error.
BUILTIN_CLASSES = frozenset(
    """
    Root Viewer Read Write DeepRead DeepWrite ReadGeo ReadGeo2 WriteGeo Camera Camera2 Camera3 Camera4
    Axis Axis2 Axis3 Axis4 Light Light2 Light3 Light4 DirectLight Spotlight Environment Vectorfield
    OCIOFileTransform OCIOCDLTransform OCIOColorSpace OCIODisplay OCIOLookTransform OCIOLogConvert
    OCIONamedTransform ParticleCache AudioRead GenerateLUT Precomp LiveGroup Group Gizmo Input Output
    Dot NoOp BackdropNode StickyNote Constant ColorBars ColorWheel CheckerBoard CheckerBoard2 Noise
    Ramp Radial Rectangle Roto RotoPaint Text Text2 Grade ColorCorrect HueCorrect HueShift Saturation
    Multiply Add Clamp Invert Gamma Exposure Colorspace ColorLookup ColorMatrix Expression Merge Merge2
    Copy ChannelMerge Shuffle Shuffle1 Shuffle2 ShuffleCopy Remove AddChannels Premult Unpremult Blur
    Defocus ZDefocus2 Convolve Sharpen Soften EdgeBlur Median Dilate Erode FilterErode Transform
    TransformMasked Reformat Crop Tracker3 Tracker4 CornerPin2D Card Card2 Card3D Sphere Cube Cylinder
    Scene ScanlineRender RayRender Switch Dissolve TimeOffset FrameHold FrameRange Retime TimeWarp
    AppendClip Keyer Keylight Primatte IBKColourV3 IBKGizmoV3 Difference Blend Mirror Mirror2 Flip
    Flop Position LensDistortion STMap IDistort VectorBlur VectorBlur2 MotionBlur MotionBlur2D
    Glow Glow2 Grain2 GrainMaterial ScannedGrain Denoise2 Kronos OFlow2 Project3D Project3D2
    ApplyMaterial BasicMaterial Phong Emission Specular Diffuse TransformGeo MergeGeo DisplaceGeo
    ModifyMetaData CopyMetaData ViewMetaData AddTimeCode CurveTool FrameBlend Histogram Log2Lin
    Tracker PlanarTracker CameraTracker PointCloudGenerator ModelBuilder DepthGenerator Blink
    BlinkScript Matrix Posterize Toe2 Grid Wireframe ZBlur ZMerge ZSlice DeepMerge DeepMerge2
    DeepToImage DeepToImage2 DeepRecolor DeepColorCorrect DeepColorCorrect2 DeepExpression
    DeepTransform DeepHoldout DeepHoldout2 DeepCrop DeepToPoints Axis3 JoinViews OneView SplitAndJoin
    ShuffleViews Anaglyph SideBySide MixViews Sampler Histogram PostageStamp Colorspace Keymix
    Matte EdgeDetect EdgeDetectWrapper Emboss Laplacian Mirror Tile Position PositionToPoints
    PositionToPoints2 GeoImport GeoReference GeoScene GeoTransform GeoMerge GeoCamera UsdReader
    """.split()
)
