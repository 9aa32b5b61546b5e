"""The national class of an incident category (GB/T 30428.2, formerly CJ/T 214): kind (事件 or
部件), major and minor class, as code and name, from the editable
``resources/config/event_classes.toml``."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from geodata.schema import INCIDENT_CATEGORIES

CONFIG = Path(__file__).resolve().parent.parent / "resources" / "config" / "event_classes.toml"
KIND_PREFIX = {"事件": "E", "部件": "C"}  # event, component


@dataclass(frozen=True)
class EventClass:
    kind: str
    major_code: str
    major_name: str
    minor_code: str
    minor_name: str

    @property
    def code(self) -> str:
        """``E0403``: kind, major, minor."""
        return f"{KIND_PREFIX[self.kind]}{self.major_code}{self.minor_code}"

    @property
    def name(self) -> str:
        return f"{self.kind}/{self.major_name}/{self.minor_name}"


class EventClassError(ValueError):
    """The class table cannot be used; the text names the file and the entry."""


@lru_cache(maxsize=4)
def load(path: Path = CONFIG) -> dict[str, EventClass]:
    """category -> EventClass for every category of the schema."""
    try:
        doc = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise EventClassError(f"{path}: {exc}") from None
    majors = doc.get("majors", {})
    out = {}
    for category, entry in doc.get("categories", {}).items():
        try:
            kind, major = entry["kind"], entry["major"]
            minor_code, minor_name = entry["minor"]
            out[category] = EventClass(kind, major, majors[kind][major], str(minor_code), str(minor_name))
        except (KeyError, TypeError, ValueError) as exc:
            raise EventClassError(f"{path}: category {category!r}: {exc!r} is missing or malformed") from None
        if kind not in KIND_PREFIX:
            raise EventClassError(f"{path}: category {category!r}: kind {kind!r} is neither 事件 nor 部件")
    missing = [c for c in INCIDENT_CATEGORIES if c not in out]
    if missing:
        raise EventClassError(f"{path}: no class for {', '.join(missing)}")
    return out


def of(category: str) -> EventClass | None:
    """The class of ``category``; None for one the table does not know (a foreign file's)."""
    return load().get(category)
