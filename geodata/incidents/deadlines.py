"""Time limits per incident category and severity, from a file users edit (TOML).

A limit is how long an open incident may stay at one level of the ladder; past it the
incident is overdue and escalates one level up (see ``book.IncidentBook.escalate_overdue``).
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from geodata.schema import INCIDENT_CATEGORIES

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "resources" / "config" / "deadlines.toml"
SEVERITIES = (1, 2, 3, 4)


class DeadlineError(ValueError):
    """The deadline file cannot be used; the message names the file and what is wrong."""


@dataclass(frozen=True)
class DeadlineTable:
    """Minutes allowed per level: ``default[severity]``, overridden by ``by_category``."""

    default: dict[int, float]
    by_category: dict[str, dict[int, float]] = field(default_factory=dict)
    source: str = "built-in"

    def minutes(self, category: str, severity: int) -> float:
        override = self.by_category.get(category, {})
        sev = min(max(int(severity), 1), 4)
        return float(override.get(sev, self.default[sev]))

    def seconds(self, category: str, severity: int) -> float:
        return 60.0 * self.minutes(category, severity)

    @classmethod
    def load(cls, path: str | Path = DEFAULT_PATH) -> "DeadlineTable":
        path = Path(path)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise DeadlineError(f"{path}: no such deadline file") from None
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise DeadlineError(f"{path}: not valid TOML: {exc}") from None
        default = _limits(data.get("default"), path, "[default]")
        missing = [s for s in SEVERITIES if s not in default]
        if missing:
            raise DeadlineError(f"{path}: [default] must give every severity 1-4; missing {missing}")
        by_category = {}
        for name, table in (data.get("category") or {}).items():
            if name not in INCIDENT_CATEGORIES:
                raise DeadlineError(f"{path}: [category.{name}] is not an incident category "
                                    f"(one of {', '.join(INCIDENT_CATEGORIES)})")
            by_category[name] = _limits(table, path, f"[category.{name}]")
        unknown = set(data) - {"default", "category"}
        if unknown:
            raise DeadlineError(f"{path}: unknown section(s) {sorted(unknown)}; expected [default] and [category.NAME]")
        return cls(default, by_category, str(path))


def _limits(table, path: Path, where: str) -> dict[int, float]:
    if not isinstance(table, dict):
        raise DeadlineError(f"{path}: {where} is missing or not a table")
    out = {}
    for key, value in table.items():
        if key not in {str(s) for s in SEVERITIES}:
            raise DeadlineError(f"{path}: {where} key {key!r} is not a severity 1-4")
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
            raise DeadlineError(f"{path}: {where} severity {key} must be a positive number of minutes, not {value!r}")
        out[int(key)] = float(value)
    return out
