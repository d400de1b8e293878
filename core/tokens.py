"""The one token table of accsyn-dcc: frame, tile, view and environment tokens for every host.

Hosts spell "the frame number" and "the UV tile" differently (``####``, ``%04d``, ``$F4``,
``<f>``, ``<UDIM>``, ``<UVTILE>``...). They are listed once, as data, in :data:`TOKENS` (in the
spirit of fileseq's ``PAD_MAP``); one regex is built from that table and used for every host.

Two steps:

* :func:`expand_vars` substitutes environment variables (``$JOB``, ``${VAR}``, ``%VAR%``,
  ``[getenv VAR]``, a leading ``~``) and reports every token it cannot resolve; frame, tile and
  view tokens are kept.
* :func:`parse_pattern` turns an expanded path into a :class:`Pattern`: its kind (file, sequence,
  udim), a compiled matcher for the names of one directory's entries, ``frame_path()`` and
  ``glob_text``.
"""

from __future__ import annotations

import os
import posixpath
import re
from dataclasses import dataclass
from typing import Any, Dict, List, Mapping, NamedTuple, Optional, Sequence, Tuple

FILE = "file"
SEQUENCE = "sequence"
UDIM = "udim"

# Roles of a token: what the digits it stands for mean.
FRAME = "frame"
TILE = "tile"  # a Mari UDIM number (1001, 1002, ...)
UVTILE = "uvtile"  # a u and a v index written together (u1_v1, _u1_v1)
U = "u"
V = "v"


class TokenSpec(NamedTuple):
    """One row of the token table.

    ``regex`` matches the token as written in a path; ``role`` says what it stands for; ``pad``
    is the zero-padding width (``None``: taken from the match, see :func:`_pad_of`); ``base`` is
    the index of the first tile for u/v tokens (0 for ZBrush-style, 1 for Mudbox-style);
    ``hosts`` is documentation only.
    """

    name: str
    regex: str
    role: str
    pad: Optional[int] = None
    base: int = 1
    hosts: str = ""


# Order matters where spellings overlap: longer forms first.
TOKENS: Tuple[TokenSpec, ...] = (
    TokenSpec("hashes", r"#+", FRAME, None, hosts="nuke, usd clips, generic (one digit per #)"),
    TokenSpec("at", r"@+", FRAME, None, hosts="generic (one digit per @)"),
    TokenSpec("printf", r"%0?\d*d", FRAME, None, hosts="nuke, maya, usd (%04d, %d)"),
    TokenSpec("houdini-braced", r"\$\{F\d*\}", FRAME, None, hosts="houdini (${F4})"),
    TokenSpec("houdini", r"\$F\d*(?![A-Za-z_])", FRAME, None, hosts="houdini ($F, $F4)"),
    TokenSpec("angle-frame", r"<f\d*>", FRAME, None, hosts="maya/arnold (<f>, <f4>)"),
    TokenSpec("udim", r"<UDIM>|<udim>|%\(UDIM\)d", TILE, 4, hosts="mari, maya, arnold, houdini, usd"),
    TokenSpec("uvtile", r"<UVTILE>|<uvtile>", UVTILE, 1, 1, hosts="maya/mudbox, houdini (u1_v1)"),
    TokenSpec("tile", r"<tile>", UVTILE, 1, 1, hosts="arnold (_u1_v1)"),
    TokenSpec("u-upper", r"<U>", U, 1, 1, hosts="maya/mudbox (1-based)"),
    TokenSpec("v-upper", r"<V>", V, 1, 1, hosts="maya/mudbox (1-based)"),
    TokenSpec("u-lower", r"<u>", U, 1, 0, hosts="maya/zbrush (0-based)"),
    TokenSpec("v-lower", r"<v>", V, 1, 0, hosts="maya/zbrush (0-based)"),
)

# Tokens a renderer fills in when it writes an output (Maya/Arnold image prefixes, Houdini
# ROPs). In an output path they are expected and kept; in an input path they are unknown.
RENDER_TOKENS: Tuple[str, ...] = (
    "<Scene>", "<RenderLayer>", "<Layer>", "<Camera>", "<RenderPass>", "<RenderPassType>",
    "<RenderPassFileGroup>", "<Version>", "<Extension>", "<Ext>", "<aov>", "<AOV>",
)

# Views (Nuke): %V is the view name, %v its first letter.
VIEW_RE = re.compile(r"%V|%v")
DEFAULT_VIEWS: Tuple[str, ...] = ("main",)

_TOKEN_RE = re.compile("|".join(f"(?P<t{i}>{t.regex})" for i, t in enumerate(TOKENS)))

# Environment spellings. `$F...` belongs to the frame table and is skipped here.
_ENV_RE = re.compile(
    r"\[getenv\s+(?P<tcl>[A-Za-z_][A-Za-z0-9_]*)\s*\]"
    r"|\$\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)\}"
    r"|\$(?P<plain>[A-Za-z_][A-Za-z0-9_]*)"
    r"|%(?P<win>[A-Za-z_][A-Za-z0-9_]*)%"
)
# Tokens we know are not ours to resolve: other angle tokens (<MAYA_RESOURCES>, <Scene>) and
# TCL/python expressions ([python ...], [value root.name]).
_FOREIGN_RE = re.compile(r"<[A-Za-z_][A-Za-z0-9_]*>|\[[^\]]*\]")
_MAX_PASSES = 4


def _is_frame_var(name: str) -> bool:
    """``F``, ``F4``: the Houdini frame token, not an env var."""
    return name == "F" or (name[:1] == "F" and name[1:].isdigit())


def expand_vars(
    raw: str,
    env: Optional[Mapping[str, str]] = None,
    extra: Optional[Mapping[str, str]] = None,
) -> Tuple[str, List[str]]:
    """Substitute environment variables in ``raw``; keep frame, tile and view tokens.

    ``extra`` (e.g. ``HIP`` = the scene's folder) wins over ``env`` (default ``os.environ``).
    Returns ``(text, unknown_tokens)``: every variable that is not set and every foreign
    token (``<MAYA_RESOURCES>``, ``[python ...]``) is listed, in order, once.
    """
    env = os.environ if env is None else env
    lookup: Dict[str, str] = dict(env)
    lookup.update(extra or {})
    unknown: List[str] = []

    def sub(m: re.Match[str]) -> str:
        name = m.group("tcl") or m.group("braced") or m.group("plain") or m.group("win")
        if (m.group("braced") or m.group("plain")) and _is_frame_var(name):
            return m.group(0)
        if name in lookup:
            return lookup[name]
        if m.group("win") and name[:1] in "Vv":
            return m.group(0)  # `%V_%04d`: a view token followed by a printf token
        if m.group(0) not in unknown:
            unknown.append(m.group(0))
        return m.group(0)

    text = raw
    for _ in range(_MAX_PASSES):  # values may hold further variables ($JOB=$SHOW/job)
        new = _ENV_RE.sub(sub, text)
        if new == text:
            break
        text = new
    if text.startswith("~"):
        text = os.path.expanduser(text)
    for m in _FOREIGN_RE.finditer(text):
        tok = m.group(0)
        if not _TOKEN_RE.fullmatch(tok) and not tok.startswith("[getenv") and tok not in unknown:
            unknown.append(tok)
    return text, unknown


def expand_views(path: str, views: Sequence[str]) -> List[Tuple[str, Optional[str]]]:
    """``[(path, view)]`` for each view when ``path`` holds ``%V``/``%v``, else ``[(path, None)]``."""
    if not VIEW_RE.search(path):
        return [(path, None)]
    out: List[Tuple[str, Optional[str]]] = []
    for view in views or DEFAULT_VIEWS:
        text = path.replace("%V", view).replace("%v", view[:1])
        out.append((text, view))
    return out


def has_tokens(path: str) -> bool:
    return _TOKEN_RE.search(path) is not None


def first_token(path: str) -> Optional[int]:
    """Index of the first frame/tile token in ``path``, or None."""
    m = _TOKEN_RE.search(path)
    return m.start() if m else None


# -- patterns --------------------------------------------------------------------------------

_DRIVE_RE = re.compile(r"^[A-Za-z]:[/\\]")


def is_absolute(path: str) -> bool:
    """Absolute on any OS: ``/x``, ``C:/x``, ``C:\\x``, ``\\\\server\\x``."""
    return path.startswith(("/", "\\\\", "//")) or bool(_DRIVE_RE.match(path))


def normalize(path: str, base: Optional[str] = None) -> str:
    """Join a relative ``path`` to ``base`` and normalise it; Windows paths keep their drive and
    get forward slashes (they are never touched by the local OS's rules)."""
    if not is_absolute(path) and base:
        path = f"{base.rstrip('/')}/{path}" if is_absolute(base) else os.path.join(base, path)
    if _DRIVE_RE.match(path) or path.startswith("\\\\"):
        p = path.replace("\\", "/")
        if p.startswith("//"):
            return "//" + posixpath.normpath(p[2:]).lstrip("/")
        return p[:2] + posixpath.normpath(p[2:])
    if os.sep == "/":
        return posixpath.normpath(path)
    return os.path.normpath(path)  # pragma: no cover - Windows


@dataclass(frozen=True)
class Part:
    """A piece of a basename: literal text (``spec`` None) or a token."""

    text: str
    spec: Optional[TokenSpec] = None


class Match(NamedTuple):
    name: str
    frame: Optional[int]
    tile: Optional[int]


@dataclass(frozen=True)
class Pattern:
    """A path with tokens, split into a directory and a basename template.

    ``kind``: ``file`` (no tokens), ``sequence`` (frame tokens), ``udim`` (tile tokens, with or
    without frames). ``dir_tokens`` is True when a token sits in the directory part (the frames
    then live in several folders; see :func:`accsyn_dcc.core.scan`).
    """

    path: str
    directory: str
    parts: Tuple[Part, ...]
    kind: str
    dir_tokens: bool = False
    animated: bool = False  # a frame token somewhere (basename or folder)

    @property
    def basename(self) -> str:
        return "".join(p.text for p in self.parts)

    @property
    def glob_text(self) -> str:
        """The path with every token replaced by ``*`` (for messages and globbing)."""
        return _TOKEN_RE.sub("*", self.path)

    @property
    def regex(self) -> re.Pattern[str]:
        """Matches one whole entry name per line (``re.M``); groups: the name, then one per token."""
        return _compile_parts(self.parts)

    def match(self, name: str) -> Optional[Match]:
        """Frame / tile of a directory entry name, or None when it is not part of this pattern."""
        m = self.regex.fullmatch(name)
        if m is None:
            return None
        return self._decode(name, m.groups()[1:])

    def find_all(self, names_text: str) -> List[Match]:
        """Every entry of a newline-joined listing that belongs to this pattern (one C-level
        ``findall`` over the listing, not one regex call per name)."""
        out = []
        for groups in self.regex.findall(names_text):
            if isinstance(groups, str):  # no token: findall returns the name alone
                groups = (groups,)
            decoded = self._decode(groups[0], groups[1:])
            if decoded is not None:
                out.append(decoded)
        return out

    def scan_text(self, names_text: str) -> Tuple[List[str], List[int], List[int]]:
        """``(names, frames, tiles)`` of the entries of a newline-joined listing that belong to
        this pattern (decoded in Python; see :meth:`frame_texts` for the fast path)."""
        found = self.find_all(names_text)
        return ([m.name for m in found], [m.frame for m in found if m.frame is not None],
                [m.tile for m in found if m.tile is not None])

    def frame_texts(self, names_text: str) -> List[str]:
        """The frame digits of the entries that belong to a :meth:`simple` pattern: one C-level
        ``findall``; ``int()`` of each is its frame, ``head + digits + tail`` its name."""
        return _compile_parts(self.parts, DIGITS).findall(names_text)

    def simple(self) -> Optional[Tuple[str, str, int]]:
        """``(head, tail, pad)`` when the basename has exactly one token and it is a frame."""
        specs = [i for i, p in enumerate(self.parts) if p.spec is not None]
        spec = self.parts[specs[0]].spec if len(specs) == 1 else None
        if spec is None or spec.role != FRAME or self.dir_tokens:
            return None
        i = specs[0]
        head = "".join(p.text for p in self.parts[:i])
        return head, "".join(p.text for p in self.parts[i + 1:]), spec.pad or 1

    def _decode(self, name: str, values: Sequence[str]) -> Optional[Match]:
        frame = tile = u = v = None
        specs = [p.spec for p in self.parts if p.spec is not None]
        for spec, text in zip(specs, values):
            number = _number(text, spec)
            if number is None:
                return None
            if spec.role == FRAME:
                frame = number
            elif spec.role == TILE:
                tile = number
            elif spec.role == UVTILE:
                uu, vv = number
                tile = _udim(uu, vv, spec.base)
            elif spec.role == U:
                u = (number, spec.base)
            elif spec.role == V:
                v = (number, spec.base)
        if u is not None and v is not None:
            tile = _udim(u[0], v[0], u[1])
        return Match(name, frame, tile)

    def frame_path(self, frame: Optional[int] = None, tile: Optional[int] = None) -> str:
        """The concrete path of one frame (and, for udim patterns, one tile)."""
        text = "".join(_render(p, frame, tile) for p in self.parts)
        d = self.directory
        if self.dir_tokens:
            d = "".join(_render(p, frame, tile) for p in _split_parts(d))
        return f"{d.rstrip('/')}/{text}" if d else text


def _number(text: str, spec: TokenSpec) -> Any:
    """Decode one token's digits (their padding was checked by the regex, see :func:`_digits`)."""
    if spec.role == UVTILE:
        m = re.fullmatch(r"_?u(\d+)_v(\d+)", text)
        return (int(m.group(1)), int(m.group(2))) if m else None
    value = int(text)
    if text.startswith("-") and f"{value:0{spec.pad or 1}d}" != text:  # "-000" is no frame
        return None
    return value


def _udim(u: int, v: int, base: int) -> int:
    return 1001 + (u - base) + 10 * (v - base)


def _uv_of(tile: int) -> Tuple[int, int]:
    return (tile - 1001) % 10, (tile - 1001) // 10


def _render(part: Part, frame: Optional[int], tile: Optional[int]) -> str:
    spec = part.spec
    if spec is None:
        return part.text
    if spec.role == FRAME:
        return part.text if frame is None else f"{frame:0{spec.pad or 1}d}"
    if tile is None:
        return part.text
    if spec.role == TILE:
        return str(tile)
    u, v = _uv_of(tile)
    if spec.role == UVTILE:
        lead = "_" if part.text == "<tile>" else ""
        return f"{lead}u{u + spec.base}_v{v + spec.base}"
    return str((u if spec.role == U else v) + spec.base)


def _pad_of(spec: TokenSpec, text: str) -> TokenSpec:
    """The token row with the padding this spelling asks for (``####`` 4, ``%04d`` 4, ``$F`` 1)."""
    if spec.pad is not None:
        return spec
    if spec.name in ("hashes", "at"):
        pad = len(text)
    else:
        digits = re.search(r"\d+", text[1:] if spec.name != "printf" else text[1:-1])
        pad = int(digits.group(0)) if digits else 1
    return spec._replace(pad=max(pad, 1))


def _split_parts(text: str) -> Tuple[Part, ...]:
    parts: List[Part] = []
    pos = 0
    for m in _TOKEN_RE.finditer(text):
        if m.start() > pos:
            parts.append(Part(text[pos:m.start()]))
        spec = TOKENS[int(m.lastgroup[1:])]  # type: ignore[index]
        parts.append(Part(m.group(0), _pad_of(spec, m.group(0))))
        pos = m.end()
    if pos < len(text):
        parts.append(Part(text[pos:]))
    return tuple(parts)


_REGEX_CACHE: Dict[Tuple[Tuple[Part, ...], str], re.Pattern[str]] = {}
_NUMBER = r"(?:0|[1-9]\d*)"  # an unpadded number, as %d / $F / <u> write it


def _digits(spec: TokenSpec, text: str) -> str:
    """The regex of one token's digits; it admits exactly the spellings ``%0{pad}d`` produces
    (``####``: ``0001`` and ``12345`` but not ``001`` or ``00001``; ``-001`` for frame -1)."""
    if spec.role == UVTILE:
        lead = "_" if text == "<tile>" else ""
        return f"{lead}u{_NUMBER}_v{_NUMBER}"
    if spec.role == TILE:
        return r"[1-9]\d{3}"
    pad = spec.pad or 1
    if spec.role != FRAME or pad == 1:
        return rf"-?{_NUMBER}" if spec.role == FRAME else _NUMBER
    return rf"\d{{{pad}}}|[1-9]\d{{{pad},}}|-\d{{{pad - 1}}}|-[1-9]\d{{{pad - 1},}}"


GROUPS, NAMES, DIGITS = "groups", "names", "digits"


def _compile_parts(parts: Tuple[Part, ...], mode: str = GROUPS) -> re.Pattern[str]:
    """A regex for one line of a newline-joined listing (``re.M``), in one of three shapes:
    ``groups``: the name, then one group per token; ``names``: no groups (``findall`` returns
    names); ``digits``: one group per token only (``findall`` returns a sequence's frame digits)."""
    rx = _REGEX_CACHE.get((parts, mode))
    if rx is None:
        body = []
        for p in parts:
            if p.spec is None:
                body.append(re.escape(p.text))
            else:
                body.append(f"({'?:' if mode == NAMES else ''}{_digits(p.spec, p.text)})")
        whole = "".join(body)
        rx = re.compile(f"^({whole})$" if mode == GROUPS else f"^{whole}$", re.M)
        _REGEX_CACHE[(parts, mode)] = rx
    return rx


def parse_pattern(path: str) -> Pattern:
    """Split an expanded, absolute path into directory + tokenised basename and classify it."""
    p = path.replace("\\", "/") if (_DRIVE_RE.match(path) or path.startswith("\\\\")) else path
    directory, sep, base = p.rpartition("/")
    if sep and not directory:
        directory = "/"
    parts = _split_parts(base)
    dir_tokens = has_tokens(directory)
    roles = {q.spec.role for q in parts if q.spec is not None}
    if dir_tokens:
        roles |= {q.spec.role for q in _split_parts(directory) if q.spec is not None}
    if roles & {TILE, UVTILE, U, V}:
        kind = UDIM
    elif FRAME in roles:
        kind = SEQUENCE
    else:
        kind = FILE
    return Pattern(path=p, directory=directory, parts=parts, kind=kind, dir_tokens=dir_tokens,
                   animated=FRAME in roles)
