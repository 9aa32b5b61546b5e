"""The video wall: one console driving several screens, each split into views.

The first screen of ``--screens`` carries the console; every further one gets a wall window
laid out by the current mode's layout (``console/wall_layout.py``). F12 re-arranges the wall
with the theme: the views of both modes' layouts are built when the wall comes up, so the
switch only shows widgets that exist. A panel (incident board, camera wall, ranking,
emergency picture) is in one place at a time: on the wall, its dock says where it went.
"""
from __future__ import annotations

import time

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction, QActionGroup, QColor, QPalette
from PySide6.QtWidgets import QInputDialog, QMenu, QPushButton, QScrollArea, QSplitter, QVBoxLayout, QWidget

from console.theme import apply_theme, panel_surface
from console.wall_layout import MAP, LayoutBook, LayoutError, Screen, View, WallLayout
from console.wall_map import WallMap
from geodata.modes import Mode
from layers.style import THEMES
from widgets.plain_text import PlainLabel
from widgets.wall_screen import WallScreen

SAVED_KEY = "wall/layouts"
FILLER = Screen("1", (View(link="independent", detail="aggregate"),))  # a screen the layout does not name
RANKING_EVERY_S = 300  # the ranking shown on the wall is recomputed at most this often
PAGES_KEPT = 4  # pages (a layout of one screen, with its maps) kept per screen: a switch back builds nothing


class PanelPlace(QWidget):
    """What a dock shows while its panel is on the wall."""

    def __init__(self, text: str, bring_back) -> None:
        super().__init__()
        box = QVBoxLayout(self)
        self.label = PlainLabel(text)
        self.label.setWordWrap(True)
        self.button = QPushButton()
        self.button.clicked.connect(bring_back)
        box.addWidget(self.label)
        box.addWidget(self.button)
        box.addStretch(1)


class Wall(QObject):
    """The wall windows of ``window`` on ``screens`` (QScreens; the console is on the first)."""

    def __init__(self, window, screens: list | None = None, book: LayoutBook | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.screens = list(screens or [])
        settings = window.settings
        chosen = {}
        saved = None
        if settings is not None:
            saved = settings.value(SAVED_KEY, "") or None
            for mode in ("normal", "emergency"):
                name = settings.value(f"wall/layout_{mode}", "")
                if name:
                    chosen[mode] = str(name)
        self.book = book if book is not None else LayoutBook.load(saved_json=saved, chosen=chosen)
        self.edited: dict[str, WallLayout] = {}  # per mode: the layout as changed from the menus, not yet saved
        self.windows: list[WallScreen] = []
        self.maps: dict[tuple[WallLayout, int, int], WallMap] = {}  # (layout, wall screen, view) → its map
        self.panel_at: dict[str, tuple[int, int]] = {}  # panel kind → (wall screen, view) it is shown in
        self._places: dict[str, PanelPlace] = {}
        self._real: dict[str, QWidget] = {}  # the panels on the wall, by kind
        self._scrolls: dict[str, QScrollArea] = {}  # and the scroll areas they are shown in
        self._home_of: dict[str, QWidget] = {}  # and where each goes back to
        self.shown: WallLayout | None = None
        self.menu = window.menu_view.addMenu("")
        self.menu.aboutToShow.connect(self._fill_menu)
        window.live.changed.connect(self.follow_live)
        window.live.sensorsChanged.connect(lambda _changes: self.follow_live())
        self._ranked_at = -RANKING_EVERY_S
        self._reveal = QTimer(self)
        self._reveal.setSingleShot(True)
        self._reveal.setInterval(0)
        self._reveal.timeout.connect(self._paint_windows)
        for warning in self.book.warnings:
            window.statusBar().showMessage(warning, 15000)

    # ------------------------------------------------------------------ the panels
    def _homes(self) -> dict:
        """Where each panel lives at the console: a dock, or (the incident board) the list's
        place above the incident detail, which stays at the console."""
        w = self.window
        return {"incidents": w.docks["incidents"].widget(), "cameras": w.emergency.docks["camera_wall"], "ranking": w.analysis.docks["governance"],
                "emergency": w.emergency.docks["emergency"]}

    def _take(self, kind: str) -> None:
        """The panel leaves its home at the console, which from now on says where it went.
        Cheap (no re-parenting): a switch does it in its first frame, so the console never
        shows a panel the wall is about to take."""
        if kind in self._places:
            return
        home = self._homes()[kind]
        place = PanelPlace("", lambda _=False, k=kind: self.bring_back(k))
        if isinstance(home, QSplitter):
            widget = self.window.incident_list
            home.replaceWidget(home.indexOf(widget), place)
        else:
            widget = home.widget()
            home.setWidget(place)
            widget.hide()
        self._home_of[kind] = home
        self._real[kind] = widget
        self._places[kind] = place

    def _panel_widget(self, kind: str) -> QWidget:
        """The panel itself, taken from its home, in a scroll area: a panel taller than its
        view scrolls instead of squeezing the maps."""
        self._take(kind)
        if kind in self._scrolls:
            return self._scrolls[kind]
        widget = self._real[kind]
        scroll = self._scrolls[kind] = QScrollArea()
        scroll.setObjectName("wallPanel")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.NoFrame)
        panel_surface(scroll)  # made apart from any window: its palette would not follow the page's
        scroll.setWidget(widget)
        widget.show()
        if kind == "ranking" and time.monotonic() - self._ranked_at > RANKING_EVERY_S:
            self._ranked_at = time.monotonic()  # each shift of the layout need not recompute the month
            self.window.analysis.refresh_index()
        return scroll

    def _return_panel(self, kind: str) -> None:
        if kind not in self._places:
            return
        scroll = self._scrolls.pop(kind, None)  # None: taken by a switch, never shown on the wall
        for win in self.windows:  # the frame that showed it lets go of it (it is deleted below)
            for page in win.pages.values():
                for frame in page.frames:
                    if scroll is not None and frame.content is scroll:
                        frame.set_content(None)
        widget = scroll.takeWidget() if scroll is not None else self._real[kind]
        self._real.pop(kind)
        place = self._places.pop(kind)
        home = self._home_of.pop(kind)
        if isinstance(home, QSplitter):
            home.replaceWidget(home.indexOf(place), widget)
        else:
            home.setWidget(widget)
        widget.show()
        place.deleteLater()
        if scroll is not None:
            scroll.deleteLater()
        self.panel_at.pop(kind, None)

    def bring_back(self, kind: str) -> None:
        """The operator wants the panel at the console: its wall view becomes a map."""
        if kind not in self.panel_at:
            return
        screen, slot = self.panel_at[kind]
        self.set_view(screen, slot, View())

    # ------------------------------------------------------------------ layouts
    def mode(self) -> str:
        return self.window.machine.mode.value

    def current(self) -> WallLayout:
        mode = self.mode()
        return self.edited.get(mode) or self.book.layouts[self.book.for_mode[mode]]

    def start(self, fullscreen: bool = True) -> None:
        """Open the wall windows, each filling its screen, and build every map of both modes'
        layouts (the switch then builds nothing)."""
        for i, screen in enumerate(self.screens[1:], 1):
            win = WallScreen(i + 1)
            if screen is not None:
                win.setScreen(screen)
                win.setGeometry(screen.geometry())
            win.closed.connect(lambda n=i - 1: self._screen_closed(n))
            win.resized.connect(lambda n=i - 1: self._refollow(n))
            self.windows.append(win)
        for mode in ("normal", "emergency"):
            for s in range(len(self.windows)):
                self._build_page(self.book.layouts[self.book.for_mode[mode]], s)
        self.arrange()
        for win in self.windows:
            if fullscreen:
                win.showFullScreen()
            else:
                win.show()

    def _screen_views(self, layout: WallLayout, s: int) -> tuple[str, tuple[View, ...]]:
        """What wall screen ``s`` shows in ``layout``: a screen the layout lacks shows the
        whole district."""
        screen = layout.screens[s] if s < len(layout.screens) else FILLER
        return screen.split, screen.views

    def _build_page(self, layout: WallLayout, s: int) -> None:
        """Wall screen ``s``'s page for ``layout``, with its maps (built once, kept)."""
        split, views = self._screen_views(layout, s)
        page, new = self.windows[s].page(layout, split)
        if not new:
            return
        for v, (frame, view) in enumerate(zip(page.frames, views)):
            if view.is_map:
                wall_map = self.maps[(layout, s, v)] = WallMap(self.window, view)
                frame.set_content(wall_map.map)

    def _forget_old_pages(self, keep: set) -> None:
        """Pages beyond PAGES_KEPT per screen (edited layouts left behind) go, with their maps."""
        for s, win in enumerate(self.windows):
            for key in [k for k in win.pages if k not in keep][: max(0, len(win.pages) - PAGES_KEPT)]:
                win.drop_page(key)
                for map_key in [m for m in self.maps if m[0] == key and m[1] == s]:
                    self.maps.pop(map_key).close()

    def arrange(self, layout: WallLayout | None = None) -> None:
        """Show ``layout`` (by default the current mode's) on the wall windows: its pages, built
        the first time; the panels move into their frames, the maps catch up with the console."""
        layout = layout or self.current()
        for s in range(len(self.windows)):
            self._build_page(layout, s)
        panels = self._panels_in(layout)
        self._restyle_windows(layout)  # before the panels move in: they are polished once, in the new look
        for kind in list(self._places):
            if kind not in panels:
                self._return_panel(kind)
        for kind, (s, v) in panels.items():
            self.windows[s].pages[layout].frames[v].set_content(self._panel_widget(kind))
        self.panel_at = panels
        self.shown = layout
        for key in self._visible_keys():
            self._catch_up(self.maps[key])
        for win in self.windows:
            win.show_page(win.pages[layout])
        keep = {layout} | {self.book.layouts[n] for n in self.book.for_mode.values()} | set(self.edited.values())
        self._forget_old_pages(keep)
        self._label_views()

    def _panels_in(self, layout: WallLayout) -> dict[str, tuple[int, int]]:
        """Panel kind → (wall screen, view) where ``layout`` shows it on these windows."""
        panels = {}
        for s in range(len(self.windows)):
            _split, views = self._screen_views(layout, s)
            for v, view in enumerate(views):
                if view.kind != MAP:
                    panels[view.kind] = (s, v)
        return panels

    def _catch_up(self, wall_map: WallMap) -> None:
        """A map about to be shown: the current colours, the console's view and live state."""
        mode = self.window.machine.mode
        if wall_map.ui_scale != self.window.ui_scale:
            wall_map.ui_scale = self.window.ui_scale
            wall_map.map.set_ui_scale(wall_map.ui_scale)
        if wall_map.mode is not mode:
            wall_map.mode = mode
            wall_map.set_palette(THEMES[mode.value], dark=mode is Mode.EMERGENCY)
        wall_map.follow_now()
        wall_map.follow_live()

    def _shown_views(self):
        """(wall screen, slot, frame, view) of every view on the wall now."""
        if self.shown is None:
            return
        for s, win in enumerate(self.windows):
            _split, views = self._screen_views(self.shown, s)
            for v, (frame, view) in enumerate(zip(win.frames, views)):
                yield s, v, frame, view

    def _label_views(self) -> None:
        """Titles and menus in the current language."""
        for s, v, frame, view in self._shown_views():
            frame.title.setText(self.view_title(view))
            frame.set_menu(self._view_menu(frame, s, v, view))
        for win in self.windows:
            win.setWindowTitle(self.tr("GridTwin — wall, screen %1: %2").replace("%1", str(win.number))
                               .replace("%2", self.shown.name if self.shown else ""))
        for kind in self._places:
            self._retranslate_place(kind)

    def on_mode(self) -> None:
        """F12: the new mode's layout and colours. The console's own frame comes first (the
        officer is looking at it): in it the panels the new layout shows leave their docks;
        the wall screens are re-arranged, their maps caught up and painted on the next turn
        of the event loop."""
        if not self.windows:
            return
        for win in self.windows:
            win.setUpdatesEnabled(False)
        for kind, where in self._panels_in(self.current()).items():
            self._take(kind)
            self._retranslate_place(kind, where)
        self._reveal.start()

    def choose(self, name: str) -> None:
        """Show layout ``name`` in this mode from now on (kept in the settings)."""
        if name not in self.book.layouts:
            raise LayoutError(f"no wall layout is called {name!r}")
        mode = self.mode()
        self.book.for_mode[mode] = name
        self.edited.pop(mode, None)
        if self.window.settings is not None:
            self.window.settings.setValue(f"wall/layout_{mode}", name)
        self.arrange()

    def save_as(self, name: str) -> WallLayout:
        """Keep what the wall shows now under ``name``, as this mode's layout."""
        name = name.strip()
        if not name:
            raise LayoutError("a layout needs a name")
        if name in self.book.layouts and name not in self.book.saved:
            raise LayoutError(f"{name!r} is a bundled layout; choose another name")
        layout = WallLayout(name, self.current().screens)
        self.book.save(layout)
        self._persist()
        self.choose(name)
        return layout

    def remove(self, name: str) -> None:
        self.book.remove(name)
        self._persist()
        self.arrange()

    def _persist(self) -> None:
        s = self.window.settings
        if s is not None:
            s.setValue(SAVED_KEY, self.book.saved_json())
            for mode, name in self.book.for_mode.items():
                s.setValue(f"wall/layout_{mode}", name)

    def set_view(self, screen: int, slot: int, view: View) -> None:
        """Change one view of the current layout (until saved, for this mode only)."""
        self.edited[self.mode()] = self._reaching(screen).with_view(screen, slot, view)
        self.arrange()

    def set_split(self, screen: int, split: str) -> None:
        self.edited[self.mode()] = self._reaching(screen).with_split(screen, split)
        self.arrange()

    def _reaching(self, screen: int) -> WallLayout:
        """The current layout, with the screens it lacked up to ``screen`` as they are shown."""
        layout = self.current()
        missing = max(0, screen + 1 - len(layout.screens))
        return WallLayout(layout.name, (*layout.screens, *[FILLER] * missing))

    # ------------------------------------------------------------------ live and looks
    def follow_live(self) -> None:
        for key in self._visible_keys():
            self.maps[key].follow_live()

    def _visible_keys(self) -> list:
        layout = self.shown
        return [k for k in self.maps if k[0] == layout] if layout is not None else []

    def _restyle_windows(self, layout: WallLayout) -> None:
        """The current mode's look on the pages about to be shown: each page's style sheet once
        per scale, the mode's palettes on its bars and panels. A page shown later takes the look then."""
        mode = self.window.machine.mode
        key = (mode.value, round(self.window.ui_scale, 3))
        for win in self.windows:
            page = win.pages.get(layout)
            if page is None or page.property("look") == list(key):
                continue
            apply_theme(page, mode, self.window.ui_scale)  # the sheet once per scale, then palettes
            page.setProperty("look", list(key))
            win.setFont(self.window.font())
            # the window's own background, behind the page: a palette, since a style sheet on the
            # window would restyle every page under it
            palette = win.palette()
            palette.setColor(QPalette.Window, QColor(THEMES[mode.value].background))
            win.setPalette(palette)
            win.setAutoFillBackground(True)

    def close(self) -> None:
        for kind in list(self._places):
            self._return_panel(kind)
        for wall_map in self.maps.values():
            wall_map.close()
        self.maps.clear()
        for win in self.windows:
            win.closed.disconnect()
            win.close()
            win.deleteLater()
        self.windows = []

    def _paint_windows(self) -> None:
        """The turn after a switch: the mode's layout, its maps in the new colours at the
        console's view, then the wall windows painted, once."""
        if self.windows:
            self.arrange()
        for win in self.windows:
            win.setUpdatesEnabled(True)

    def _refollow(self, n: int) -> None:
        """A wall window took its screen's size: its linked maps take the console's view again
        (at the new size), on the next turn, once the frames are laid out."""
        for key in self._visible_keys():
            if key[1] == n and self.maps[key].view.link == "linked":
                self.maps[key]._follow()

    def _screen_closed(self, n: int) -> None:
        """A wall window closed by hand: its panels go back to their docks."""
        for kind, (s, _v) in list(self.panel_at.items()):
            if s == n:
                self._return_panel(kind)

    def grab(self, n: int):
        """Wall screen ``n``'s picture (a snapshot of the wall)."""
        return self.windows[n].grab().toImage()

    # ------------------------------------------------------------------ menus and words
    def view_title(self, view: View) -> str:
        if view.kind != MAP:
            return self._panel_names()[view.kind]
        preset = self._preset_names()[view.preset]
        if view.link == "linked":
            how = self.tr("follows the console") if view.zoom == 1 else \
                self.tr("follows the console, ×%1 closer").replace("%1", f"{1 / view.zoom:g}")
        else:
            how = self.tr("own view")
        return self.tr("Map: %1 · %2").replace("%1", preset).replace("%2", how)

    def _preset_names(self) -> dict:
        return {"situation": self.tr("situation"), "cameras": self.tr("cameras"), "sensors": self.tr("sensors"),
                "density": self.tr("incident density")}

    def _panel_names(self) -> dict:
        return {"incidents": self.tr("Incident board"), "cameras": self.tr("Camera wall"),
                "ranking": self.tr("Governance ranking"), "emergency": self.tr("Emergency picture")}

    def _view_menu(self, frame, screen: int, slot: int, view: View) -> QMenu:
        old = frame.menu_button.menu()
        if old is not None:
            old.deleteLater()
        menu = QMenu(frame)
        show = menu.addMenu(self.tr("Show"))
        for preset, name in self._preset_names().items():
            a = show.addAction(self.tr("Map: %1").replace("%1", name))
            a.setCheckable(True)
            a.setChecked(view.is_map and view.preset == preset)
            a.triggered.connect(lambda _=False, p=preset: self.set_view(screen, slot, View(
                MAP, p, view.detail if view.is_map else "auto", view.link, view.zoom)))
        show.addSeparator()
        for kind, name in self._panel_names().items():
            a = show.addAction(name)
            a.setCheckable(True)
            a.setChecked(view.kind == kind)
            a.triggered.connect(lambda _=False, k=kind: self.set_view(screen, slot, View(k)))
        if view.is_map:
            link = menu.addMenu(self.tr("Follow"))
            for name, zoom in ((self.tr("the console's map"), 1.0), (self.tr("the console's map, 4× closer"), 0.25),
                               (self.tr("the console's map, 4× wider"), 4.0)):
                a = link.addAction(name)
                a.setCheckable(True)
                a.setChecked(view.link == "linked" and view.zoom == zoom)
                a.triggered.connect(lambda _=False, z=zoom: self.set_view(screen, slot, View(
                    MAP, view.preset, view.detail, "linked", z)))
            a = link.addAction(self.tr("nothing (own view)"))
            a.setCheckable(True)
            a.setChecked(view.link == "independent")
            a.triggered.connect(lambda: self.set_view(screen, slot, View(MAP, view.preset, view.detail, "independent")))
            detail = menu.addMenu(self.tr("Detail"))
            for key, name in (("auto", self.tr("by scale")), ("symbols", self.tr("every point")),
                              ("aggregate", self.tr("density"))):
                a = detail.addAction(name)
                a.setCheckable(True)
                a.setChecked(view.detail == key)
                a.triggered.connect(lambda _=False, d=key: self.set_view(screen, slot, View(
                    MAP, view.preset, d, view.link, view.zoom)))
        split = menu.addMenu(self.tr("Split this screen"))
        for key, name in (("1", self.tr("one view")), ("1+2", self.tr("one large and two")),
                          ("2x2", self.tr("four (2×2)"))):
            a = split.addAction(name)
            a.setCheckable(True)
            a.setChecked(self.windows[screen].split == key)
            a.triggered.connect(lambda _=False, k=key: self.set_split(screen, k))
        return menu

    def _fill_menu(self) -> None:
        menu = self.menu
        menu.clear()
        if not self.windows:
            a = menu.addAction(self.tr("No wall screens: start with --screens 0,1,…"))
            a.setEnabled(False)
            return
        group = QActionGroup(menu)
        current = self.current().name
        for name in self.book.layouts:
            a = QAction(name, menu, checkable=True)
            a.setChecked(name == current)
            a.triggered.connect(lambda _=False, n=name: self.choose(n))
            group.addAction(a)
            menu.addAction(a)
        menu.addSeparator()
        menu.addAction(self.tr("Save this wall as…"), self._ask_save)
        if self.book.saved:
            forget = menu.addMenu(self.tr("Remove a saved layout"))
            for name in sorted(self.book.saved):
                forget.addAction(name, lambda n=name: self.remove(n))
        menu.addAction(self.tr("Show the wall again"), self.arrange)

    def _ask_save(self) -> None:
        name, ok = QInputDialog.getText(self.window, self.tr("Save wall layout"),
                                        self.tr("Name for this mode's wall layout:"), text=self.current().name)
        if ok:
            try:
                self.save_as(name)
            except LayoutError as exc:
                self.window.statusBar().showMessage(str(exc), 15000)

    def _retranslate_place(self, kind: str, where: tuple[int, int] | None = None) -> None:
        place = self._places.get(kind)
        if place is None:
            return
        where = where or self.panel_at.get(kind)
        screen = (where[0] + 2) if where else "?"
        place.label.setText(self.tr("%1 is on the wall, screen %2.").replace("%1", self._panel_names()[kind])
                            .replace("%2", str(screen)))
        place.button.setText(self.tr("Bring it back here"))

    def retranslate(self) -> None:
        self.menu.setTitle(self.tr("Video wall"))
        self._label_views()


def resolve_screens(spec: str, available: list) -> list:
    """QScreens for ``--screens 0,1,2`` (repeats allowed: two windows on one screen); a screen
    that is not connected is refused with what the display has."""
    numbers = []
    for part in spec.split(","):
        part = part.strip()
        if not part.isdigit():
            raise LayoutError(f"--screens {spec!r}: {part!r} is not a screen number (0, 1, …)")
        numbers.append(int(part))
    if not numbers:
        raise LayoutError("--screens names no screen")
    for n in numbers:
        if n >= len(available):
            names = ", ".join(f"{i}: {s.name()} {s.geometry().width()}×{s.geometry().height()}"
                              for i, s in enumerate(available))
            raise LayoutError(f"--screens {spec}: screen {n} is not connected (this display has {names})")
    return [available[n] for n in numbers]


