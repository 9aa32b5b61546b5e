"""What the video wall shows: named layouts of screens split into views (no Qt here).

A layout is read from ``resources/config/wall_layouts.toml`` or from the console's settings
(the layouts an operator saved); a fault is refused with the layout, screen and view it is in,
so a wall never comes up half-built from a typo.
"""
from __future__ import annotations

import json
import tomllib
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

BUNDLED = Path(__file__).resolve().parent.parent / "resources" / "config" / "wall_layouts.toml"

#: how a screen is split, and how many views each split holds
SPLITS = {"1": 1, "1+2": 3, "2x2": 4}
MAP = "map"
#: the console's panels a view can show; each exists once, so a layout shows each at most once
PANELS = ("incidents", "cameras", "ranking", "emergency")
KINDS = (MAP, *PANELS)
#: which layers a map view draws
PRESETS = {
    "situation": ("basemap", "grids", "sensors", "incidents"),
    "cameras": ("basemap", "grids", "cameras"),
    "sensors": ("basemap", "grids", "sensors"),
    "density": ("basemap", "grids", "incidents"),
}
DETAILS = ("auto", "symbols", "aggregate")
LINKS = ("linked", "independent")
MODES = ("normal", "emergency")


class LayoutError(ValueError):
    """A layout the wall cannot show; the message names where the fault is."""


@dataclass(frozen=True)
class View:
    kind: str = MAP
    preset: str = "situation"
    detail: str = "auto"
    link: str = "linked"
    zoom: float = 1.0  # a linked map's scale as a multiple of the console map's

    @property
    def is_map(self) -> bool:
        return self.kind == MAP


@dataclass(frozen=True)
class Screen:
    split: str = "1"
    views: tuple[View, ...] = field(default_factory=lambda: (View(),))


@dataclass(frozen=True)
class WallLayout:
    name: str
    screens: tuple[Screen, ...]

    def to_dict(self) -> dict:
        return {"name": self.name, "screens": [{"split": s.split, "views": [asdict(v) for v in s.views]}
                                               for s in self.screens]}

    def with_view(self, screen: int, slot: int, view: View) -> "WallLayout":
        """This layout with one view changed (a panel moved here leaves the view it was in)."""
        screens = [list(s.views) for s in self.screens]
        if view.kind in PANELS:
            for views in screens:
                for i, other in enumerate(views):
                    if other.kind == view.kind:
                        views[i] = View()
        screens[screen][slot] = view
        return replace(self, screens=tuple(replace(s, views=tuple(v)) for s, v in zip(self.screens, screens)))

    def with_split(self, screen: int, split: str) -> "WallLayout":
        """This layout with one screen split again: views kept in order, new ones are maps."""
        if split not in SPLITS:
            raise LayoutError(f"unknown split {split!r}: one of {', '.join(SPLITS)}")
        old = self.screens[screen].views
        views = tuple(old[:SPLITS[split]]) + tuple(View() for _ in range(SPLITS[split] - len(old)))
        screens = list(self.screens)
        screens[screen] = Screen(split, views)
        return replace(self, screens=tuple(screens))


def _view(raw: object, where: str) -> View:
    if not isinstance(raw, dict):
        raise LayoutError(f"{where}: a view is a table such as {{ kind = \"map\" }}, not {raw!r}")
    unknown = set(raw) - {"kind", "preset", "detail", "link", "zoom"}
    if unknown:
        raise LayoutError(f"{where}: unknown key {sorted(unknown)[0]!r}")
    view = View(**{k: raw[k] for k in raw})
    for key, allowed in (("kind", KINDS), ("preset", tuple(PRESETS)), ("detail", DETAILS), ("link", LINKS)):
        if getattr(view, key) not in allowed:
            raise LayoutError(f"{where}: {key} {getattr(view, key)!r} is not one of {', '.join(allowed)}")
    if isinstance(view.zoom, bool) or not isinstance(view.zoom, (int, float)) or not 0.01 <= view.zoom <= 100:
        raise LayoutError(f"{where}: zoom {view.zoom!r} is not a number from 0.01 to 100")
    return replace(view, zoom=float(view.zoom))


def parse_layout(raw: object, source: str = "layout") -> WallLayout:
    """A layout from its table (TOML or JSON), checked through."""
    if not isinstance(raw, dict) or not isinstance(raw.get("name"), str) or not raw["name"].strip():
        raise LayoutError(f"{source}: a layout needs a name")
    name = raw["name"].strip()
    where = f"{source}, layout {name!r}"
    screens_raw = raw.get("screens")
    if not isinstance(screens_raw, list) or not screens_raw:
        raise LayoutError(f"{where}: no screens")
    screens, panels = [], {}
    for i, s in enumerate(screens_raw, 1):
        at = f"{where}, screen {i}"
        if not isinstance(s, dict):
            raise LayoutError(f"{at}: a screen is a table with split and views")
        split = s.get("split", "1")
        if split not in SPLITS:
            raise LayoutError(f"{at}: split {split!r} is not one of {', '.join(SPLITS)}")
        views_raw = s.get("views", [])
        if not isinstance(views_raw, list) or len(views_raw) != SPLITS[split]:
            raise LayoutError(f"{at}: split {split!r} holds {SPLITS[split]} views, "
                              f"{len(views_raw) if isinstance(views_raw, list) else 'no list of'} given")
        views = tuple(_view(v, f"{at}, view {j}") for j, v in enumerate(views_raw, 1))
        for j, v in enumerate(views, 1):
            if v.kind in panels:
                raise LayoutError(f"{at}, view {j}: the {v.kind} panel is already on {panels[v.kind]}; "
                                  "a panel is shown once")
            if v.kind in PANELS:
                panels[v.kind] = f"screen {i}"
        screens.append(Screen(split, views))
    return WallLayout(name, tuple(screens))


@dataclass
class LayoutBook:
    """The layouts to choose from (bundled, then saved) and the one each mode shows."""
    layouts: dict[str, WallLayout]
    for_mode: dict[str, str]
    saved: set[str] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)  # saved layouts left out, and why

    @classmethod
    def load(cls, path: Path = BUNDLED, saved_json: str | None = None,
             chosen: dict[str, str] | None = None) -> "LayoutBook":
        """The bundled file, then the settings' saved layouts (JSON) and chosen names. A bad
        saved layout is left out with its reason in :attr:`warnings`; a bad bundled file is
        refused (it ships with the console)."""
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise LayoutError(f"{path}: {exc}") from exc
        layouts = {}
        for raw in data.get("layouts", []):
            layout = parse_layout(raw, str(path.name))
            layouts[layout.name] = layout
        modes = data.get("modes", {})
        for mode in MODES:
            if modes.get(mode) not in layouts:
                raise LayoutError(f"{path.name}: [modes] {mode} names no layout of the file")
        book = cls(layouts, {m: modes[m] for m in MODES})
        if saved_json:
            try:
                saved = json.loads(saved_json)
                if not isinstance(saved, list):
                    raise LayoutError("the saved layouts are not a list")
            except (ValueError, LayoutError) as exc:
                book.warnings.append(f"saved wall layouts: {exc}")
                saved = []
            for raw in saved:
                try:
                    layout = parse_layout(raw, "saved")
                except LayoutError as exc:
                    book.warnings.append(str(exc))
                    continue
                book.layouts[layout.name] = layout
                book.saved.add(layout.name)
        for mode, name in (chosen or {}).items():
            if mode in MODES and name in book.layouts:
                book.for_mode[mode] = name
        return book

    def save(self, layout: WallLayout) -> None:
        self.layouts[layout.name] = layout
        self.saved.add(layout.name)

    def remove(self, name: str) -> None:
        """Forget a saved layout (the bundled ones stay); a mode that showed it goes back to
        the first bundled layout."""
        if name not in self.saved:
            raise LayoutError(f"{name!r} is bundled with the console and cannot be removed")
        self.saved.discard(name)
        del self.layouts[name]
        for mode, chosen in self.for_mode.items():
            if chosen == name:
                self.for_mode[mode] = next(n for n in self.layouts if n not in self.saved)

    def saved_json(self) -> str:
        return json.dumps([self.layouts[n].to_dict() for n in sorted(self.saved)], ensure_ascii=False)
