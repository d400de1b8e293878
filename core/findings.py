"""Findings: what every check returns. Errors block submit; warnings and info don't."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Dict, Iterable, List, Optional

ERROR = "error"
WARNING = "warning"
INFO = "info"
LEVELS = (ERROR, WARNING, INFO)


@dataclass(frozen=True)
class Finding:
    """One result of a check.

    ``code`` is a stable kebab-case identifier (``missing-frames``, ``not-on-share``); ``message``
    says what is wrong *and what to do*. ``ref`` is the index of the dependency (in the check's
    ``dependencies`` list) the finding is about, if any; ``field`` names a payload field.
    """

    level: str
    code: str
    message: str
    ref: Optional[int] = None
    field: Optional[str] = None

    def __post_init__(self) -> None:
        if self.level not in LEVELS:
            raise ValueError(f"finding level must be one of {LEVELS}, not {self.level!r}")

    @property
    def blocking(self) -> bool:
        return self.level == ERROR

    def to_dict(self) -> Dict[str, Any]:
        d = asdict(self)
        if d["field"] is None:
            del d["field"]
        return d


def error(code: str, message: str, **kw: Any) -> Finding:
    return Finding(ERROR, code, message, **kw)


def warning(code: str, message: str, **kw: Any) -> Finding:
    return Finding(WARNING, code, message, **kw)


def info(code: str, message: str, **kw: Any) -> Finding:
    return Finding(INFO, code, message, **kw)


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.blocking for f in findings)


def sort_findings(findings: Iterable[Finding]) -> List[Finding]:
    """Errors first, then warnings, then info; stable otherwise."""
    order = {ERROR: 0, WARNING: 1, INFO: 2}
    return sorted(findings, key=lambda f: order[f.level])
