"""accsyn farm filters: ``ram:<32g``, ``hostname:-h1-h2``, ``site:hq+linux``, comma-separated.

:func:`parse_filters` turns the text into a :class:`FilterList` of :class:`Filter` objects;
``str(FilterList)`` gives a valid input back byte-identical. Malformed text raises
:class:`~accsyn_dcc.core.errors.FilterError` (``field="filters"``) saying which entry is wrong
and what would be right. :func:`lint_filters` adds the findings a parse cannot raise: hostnames
containing ``-`` (the farm chains names with ``-``), filters no node can satisfy.

Grammar (ACCSYN_API.md section 5)::

    filters  := "" | entry { "," entry }          (no spaces)
    entry    := "ram:" ("<" | ">") AMOUNT UNIT     ram:<32g, ram:>64g
              | "hostname:" ("+" | "-") NAME { sign NAME }   + include only, - exclude
              | "site:" ["-" | "+"] NAME { sep NAME }        site:x, site:-x, site:hq+linux
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator, List, Sequence, Tuple, Union, overload

from accsyn_dcc.core.errors import FilterError
from accsyn_dcc.core.findings import Finding, warning

RAM = "ram"
HOSTNAME = "hostname"
SITE = "site"
KINDS = (RAM, HOSTNAME, SITE)

INCLUDE = "+"
EXCLUDE = "-"
ONLY = ""  # site:x — the plain form

_RAM_RE = re.compile(r"^(?P<op>[<>])(?P<amount>[0-9]+(?:\.[0-9]+)?)(?P<unit>[kKmMgGtT])$")
_NAME_RE = re.compile(r"^[A-Za-z0-9_.-]+$")
_UNITS = {"k": 1024, "m": 1024**2, "g": 1024**3, "t": 1024**4}
_EXAMPLES = "ram:<32g, ram:>64g, hostname:+h1, hostname:-h1-h2, site:hq, site:-hq, site:hq+linux"


def _fail(message: str, hint: str) -> FilterError:
    return FilterError(message, field="filters", hint=hint)


@dataclass(frozen=True)
class Filter:
    """One ``kind:expr`` filter.

    kind:   ``ram``, ``hostname`` or ``site``.
    op:     ram: ``<`` or ``>``; hostname: ``+`` (include only) or ``-`` (exclude);
            site: ``""`` (only these sites), ``+`` (same, explicit) or ``-`` (exclude).
    values: ram: the amount as written (``("32g",)``); otherwise the names in order.
    """

    kind: str
    op: str
    values: Tuple[str, ...]

    @classmethod
    def parse(cls, entry: str) -> Filter:
        """Parse one ``kind:expr`` entry; raises :class:`FilterError`."""
        return _parse_entry(entry, entry)

    @classmethod
    def make(cls, kind: str, op: str, *values: str) -> Filter:
        """Build and validate a filter: ``Filter.make("ram", "<", "32g")``."""
        return cls.parse(str(cls(kind, op, tuple(values))))

    def _text(self) -> str:
        if self.kind == RAM:
            return f"ram:{self.op}{''.join(self.values)}"
        if self.kind == HOSTNAME:
            return f"hostname:{self.op}{self.op.join(self.values)}"
        sep = EXCLUDE if self.op == EXCLUDE else INCLUDE
        return f"{self.kind}:{self.op}{sep.join(self.values)}"

    def __str__(self) -> str:
        return self._text()

    @property
    def expr(self) -> str:
        """The part after ``kind:``."""
        return self._text().split(":", 1)[1]

    @property
    def excludes(self) -> bool:
        return self.kind in (HOSTNAME, SITE) and self.op == EXCLUDE

    @property
    def ram_bytes(self) -> int:
        """ram filters: the amount in bytes (``32g`` → 32 GiB)."""
        if self.kind != RAM:
            raise AttributeError("ram_bytes is only defined for ram filters")
        text = self.values[0]
        return int(float(text[:-1]) * _UNITS[text[-1].lower()])


def _parse_ram(expr: str, entry: str) -> Filter:
    m = _RAM_RE.match(expr)
    if m:
        return Filter(RAM, m.group("op"), (expr[1:],))
    has_op = expr[:1] in ("<", ">")
    body = expr[1:] if has_op else expr
    has_unit = bool(re.match(r"^[0-9]+(?:\.[0-9]+)?[kKmMgGtT]$", body))
    need = []
    if not has_op:
        need.append("a '<' or '>' before the amount")
    if not has_unit:
        need.append("an amount with a unit such as 32g (k, m, g or t)")
    amount = re.sub(r"[^0-9.]", "", body) or "32"
    raise _fail(
        f"filter {entry!r} needs {' and '.join(need)}",
        f"Write ram:<{amount}g (less than {amount} GB) or ram:>{amount}g (more than {amount} GB).",
    )


def _split_names(rest: str, sep: str, entry: str, kind: str) -> Tuple[str, ...]:
    names = tuple(rest.split(sep)) if rest else ()
    if not names or any(not n for n in names):
        raise _fail(
            f"filter {entry!r} has an empty {kind} name (a doubled or trailing {sep!r})",
            f"Name each {kind} once, e.g. {kind}:{'-' if sep == '-' else ''}a{sep}b.",
        )
    for n in names:
        if not _NAME_RE.match(n):
            raise _fail(
                f"filter {entry!r}: {n!r} is not a {kind} name or id",
                "Names use letters, digits, '_', '.' and '-'.",
            )
    return names


def _parse_hostname(expr: str, entry: str) -> Filter:
    op = expr[:1]
    if op not in (INCLUDE, EXCLUDE):
        raise _fail(
            f"filter {entry!r} needs '+' (include only) or '-' (exclude) before the hostname",
            f"Write hostname:+{expr or 'myhost'} or hostname:-{expr or 'myhost'}.",
        )
    names = _split_names(expr[1:], op, entry, HOSTNAME)
    return Filter(HOSTNAME, op, names)


def _parse_site(expr: str, entry: str) -> Filter:
    if not expr:
        raise _fail(f"filter {entry!r} names no site", "Write site:<code> (e.g. site:hq) or site:-<code> to exclude.")
    op = expr[0] if expr[0] in (INCLUDE, EXCLUDE) else ONLY
    rest = expr[len(op) :]
    names = _split_names(rest, EXCLUDE if op == EXCLUDE else INCLUDE, entry, SITE)
    return Filter(SITE, op, names)


_PARSERS = {RAM: _parse_ram, HOSTNAME: _parse_hostname, SITE: _parse_site}


def _parse_entry(entry: str, text: str) -> Filter:
    if not entry:
        raise _fail(
            f"filters {text!r} have an empty entry (two commas in a row, or a comma at an end)",
            f"Separate filters with single commas, e.g. {_EXAMPLES.split(', ')[1]},site:hq.",
        )
    if entry != entry.strip() or " " in entry:
        fixed = entry.replace(" ", "")
        raise _fail(f"filter {entry!r} contains spaces", f"Write filters without spaces, e.g. {fixed!r}.")
    kind, colon, expr = entry.partition(":")
    parser = _PARSERS.get(kind)
    if not colon or parser is None:
        lower = kind.lower()
        hint = f"Known kinds: {', '.join(KINDS)} (e.g. {_EXAMPLES})."
        if lower in _PARSERS and colon:
            hint = f"Kinds are lowercase: write {lower}:{expr}."
        what = f"unknown filter kind {kind!r}" if colon else f"{entry!r} has no 'kind:'"
        raise _fail(f"filter {entry!r}: {what}", hint)
    return parser(expr, entry)


class FilterList(Sequence[Filter]):
    """An immutable sequence of :class:`Filter`; ``str()`` is the comma-separated wire text."""

    __slots__ = ("_items",)

    def __init__(self, filters: Sequence[Filter] = ()) -> None:
        self._items: Tuple[Filter, ...] = tuple(filters)

    @overload
    def __getitem__(self, i: int) -> Filter: ...

    @overload
    def __getitem__(self, i: slice) -> FilterList: ...

    def __getitem__(self, i: Union[int, slice]) -> Union[Filter, FilterList]:
        if isinstance(i, slice):
            return FilterList(self._items[i])
        return self._items[i]

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[Filter]:
        return iter(self._items)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, FilterList):
            return self._items == other._items
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._items)

    def __str__(self) -> str:
        return ",".join(str(f) for f in self._items)

    def __repr__(self) -> str:
        return f"FilterList({str(self)!r})"

    def of_kind(self, kind: str) -> FilterList:
        return FilterList([f for f in self._items if f.kind == kind])


def parse_filters(text: str) -> FilterList:
    """Parse filter text; ``""`` means no filters. Raises :class:`FilterError` on the first bad entry."""
    if not isinstance(text, str):
        raise _fail(f"filters must be text such as 'ram:>32g,site:hq', not {type(text).__name__}", f"Use {_EXAMPLES}.")
    if text == "":
        return FilterList()
    if not text.strip():
        raise _fail("filters contain only spaces", "Leave the field empty for no filters.")
    return FilterList([_parse_entry(e, text) for e in text.split(",")])


def normalise_filters_text(text: str) -> str:
    """Drop spaces around commas and at the ends (what a user types in a dialog field)."""
    return ",".join(part.strip() for part in text.strip().split(",")) if text.strip() else ""


def lint_filters(filters: FilterList) -> List[Finding]:
    """Warnings a parse cannot raise: ambiguous hostnames, filters no node can satisfy."""
    out: List[Finding] = []
    for f in filters.of_kind(HOSTNAME):
        out.extend(_hostname_ambiguity(f))
    out.extend(_ram_conflict(filters.of_kind(RAM)))
    out.extend(_site_conflict(filters.of_kind(SITE)))
    return out


def _hostname_ambiguity(f: Filter) -> List[Finding]:
    if f.op == EXCLUDE and len(f.values) > 1:
        msg = (
            f"filter {f} is read by the farm as excluding {', '.join(f.values)}; if a single machine's "
            "name contains '-', exclude it by its id instead"
        )
    elif any("-" in n for n in f.values):
        msg = (
            f"filter {f}: the farm chains hostnames with '-', so a name containing '-' is ambiguous; "
            "use the machine's id instead"
        )
    else:
        return []
    return [warning("filter-hostname-ambiguous", msg, field="filters")]


def _ram_conflict(rams: FilterList) -> List[Finding]:
    lows = [f for f in rams if f.op == ">"]
    highs = [f for f in rams if f.op == "<"]
    if not lows or not highs:
        return []
    low = max(lows, key=lambda f: f.ram_bytes)
    high = min(highs, key=lambda f: f.ram_bytes)
    if low.ram_bytes >= high.ram_bytes:
        return [
            warning(
                "filter-ram-impossible",
                f"filters {low} and {high} together match no node (more than {low.values[0]} and less than "
                f"{high.values[0]} of RAM); remove one of them",
                field="filters",
            )
        ]
    return []


def _site_conflict(sites: FilterList) -> List[Finding]:
    included = {n for f in sites if not f.excludes for n in f.values}
    excluded = {n for f in sites if f.excludes for n in f.values}
    both = sorted(included & excluded)
    if not both:
        return []
    return [
        warning(
            "filter-site-conflict",
            f"filters both include and exclude site {', '.join(both)}; keep one of them",
            field="filters",
        )
    ]
