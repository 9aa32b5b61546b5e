"""The console's main window: the map in the centre, panels docked around it, one key to emergency mode."""
from __future__ import annotations

import time
from contextlib import contextmanager
from dataclasses import replace

import numpy as np
from PySide6.QtCore import QCoreApplication, QEvent, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QFont, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QInputDialog,
    QMainWindow,
    QMenu,
    QScrollArea,
    QSplitter,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from shapely.geometry import Point

from console import i18n
from console.actions import window_action
from console.data_exchange import DataExchange
from console.emergency import EmergencyCommand
from console.features import describe
from console.gc_guard import collect_on_gui_thread
from console.heap_trim import trim_on_gui_thread
from console.live import LiveIncidents
from console.planning import Planning
from console.alarms import AlarmWatch
from console.analysis import Analysis
from console.goto import GoToGrid
from console.help import HelpMenu
from console.suggestions import SuggestionWatch
from console.wall import Wall
from console.parking import DockParking
from console.sync import StoreSync, zoned_time
from console.theme import (apply_theme, mode_colours, set_window_font, type_sizes,
                           ui_scale_for)
from geodata.access import RIGHT_NAMES, may
from geodata.analysis.hierarchy import unit_totals
from geodata.privacy import has_personal_data, mask_text
from geodata.audit import AuditLog
from geodata.emergency.record import EmergencyStore
from geodata.incidents.book import IncidentBook
from geodata.incidents.deadlines import DeadlineTable
from geodata.incidents.store import IncidentStore
from geodata.localtime import CST, utc_now
from geodata.modes import Mode, ModeChange, ModeMachine
from geodata.picking import Pick, pick
from geodata.spatial_index import CityIndex
from geodata.store import StoreError, redact
from layers.basemap import BasemapLayer
from layers.cameras import CameraLayer
from layers.composite import StaticComposite
from layers.density import DensityOverlay
from layers.grids import GridLayer
from layers.incidents import IncidentLayer
from layers.labels import label
from layers.overlays import SelectionLayer
from layers.points import LodFrame
from layers.risk import RiskLayer
from layers.sensors import SensorLayer
from layers.style import THEMES
from widgets.data_warnings import DataWarningsDialog, storage_label
from widgets.dead_letters import DeadLetterDialog
from widgets.edge_frame import EdgeFrame
from widgets.incident_detail import IncidentDetail
from widgets.incident_list import IncidentList
from widgets.inspector import Inspector
from widgets.layer_panel import LayerPanel
from widgets.legend_panel import LegendPanel
from widgets.map_view import MapView
from widgets.mode_banner import ModeBanner
from widgets.plain_text import PlainLabel

# Drawing order, bottom to top, in each mode: emergency brings its layers to the front.
Z_NORMAL = {"basemap": 0, "grids": 10, "risk": 20, "cameras": 30, "sensors": 40, "incidents": 50, "selection": 100}
Z_EMERGENCY = {"basemap": 0, "grids": 10, "cameras": 20, "sensors": 60, "risk": 70, "incidents": 80, "selection": 100}
Z_STATIC = 5  # the composite image of basemap and grids, under every other layer
Z_DENSITY = 15  # the composed density of cameras, sensors and incidents, under every symbol
DEFAULT_VISIBLE = {"basemap": True, "grids": True, "risk": False, "cameras": True, "sensors": True, "incidents": True}
PICK_TOLERANCE_PX = 14


LIST_BUDGET_S = 0.02  # a list refresh dearer than about a frame is not repeated within
LIST_EVERY_S = 1.0    # this many seconds
WALL_WIDTH = 2560      # a window this wide is a wall: the incident list gets room for every column
WALL_LIST_MAX = 0.45   # but never more than this share of the width


class MainWindow(QMainWindow):
    """Everything the duty officer sees. ``machine`` owns the mode; the window follows it."""

    def __init__(self, district, *, mode: Mode = Mode.NORMAL, operator: str = "operator",
                 audit: AuditLog | None = None, settings: QSettings | None = None,
                 role: str = "duty_officer", index: CityIndex | None = None,
                 store: IncidentStore | None = None, deadlines: DeadlineTable | None = None,
                 clock=utc_now, emergencies: EmergencyStore | None = None, early=None) -> None:
        """``early``: the map the start showed while the points were read
        (:meth:`console.early_map.EarlyMap.hand_over`): taken over, with what it has drawn."""
        super().__init__()
        collect_on_gui_thread()  # before any worker thread of this window starts
        trim_on_gui_thread()
        self.setObjectName("GridTwinMain")
        self.district = district
        self.index = index if index is not None else CityIndex.from_district(district)
        self.clock = clock
        # Every incident, loaded and live, by position: shared by the layer, the index and the list.
        self.book = IncidentBook.from_district(district, self.index.assignment["incidents"],
                                               deadlines or DeadlineTable.load())
        self.book.link_index(self.index)
        self.operator = operator
        self.role = role
        self.audit = audit
        self.settings = settings
        self.selected: Pick | None = None
        self.unmasked: set[str] = set()  # incidents whose personal data this session asked to see
        self.machine = ModeMachine(Mode.NORMAL)
        self.machine.subscribe(self._on_mode_change)
        self.ui_scale = 1.0
        self.edge_frame = EdgeFrame(self)
        # how far the wall is read from: sizes grow with it (settings display/viewing_distance_m, --viewing-distance)
        self.viewing_distance_m = float(settings.value("display/viewing_distance_m", 3.0)) if settings is not None \
            else 3.0
        self._user_visible = dict(DEFAULT_VISIBLE)
        self._docks_sized = False
        self._laid_out_width = 0  # the window width the side panels were last fitted to
        self._lists_at = 0.0      # when the incident list and counts were last refreshed (monotonic s)
        self._lists_cost_s = 0.0  # and what that took
        self._lists_later = QTimer(self)
        self._lists_later.setSingleShot(True)
        self._lists_later.timeout.connect(self._on_live_changed)

        if early is not None:
            self.map, basemap, grids, static = early
        else:
            self.map, basemap, grids, static = MapView(), BasemapLayer(district), GridLayer(district), None
            self.map.set_home(district.bounds)
        self.banner = ModeBanner()
        self.offline_banner = PlainLabel()  # the shared store is out of reach: the picture is the last one
        self.offline_banner.setObjectName("offlineBanner")
        self.offline_banner.setAlignment(Qt.AlignCenter)
        self.offline_banner.setVisible(False)
        self.sync = None
        centre = QWidget()
        box = QVBoxLayout(centre)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        box.addWidget(self.banner)
        box.addWidget(self.offline_banner)
        box.addWidget(self.map, 1)
        self.setCentralWidget(centre)

        self.layers = {
            "basemap": basemap, "grids": grids, "risk": RiskLayer(district),
            "cameras": CameraLayer(district), "sensors": SensorLayer(district), "incidents": IncidentLayer(district),
        }
        self.selection = SelectionLayer(district.bounds)
        # On a map already shown (the start's), the point layers join once they share the
        # detail and the density below: they draw as soon as they are added.
        later = ("cameras", "sensors", "incidents") if early is not None else ()
        for key, layer in self.layers.items():
            if key not in self.map.layers and key not in later:
                self.map.add_layer(layer, Z_NORMAL[key])
        # The point layers decide their detail together, and their aggregates are composed
        # into one density image.
        self.density = DensityOverlay(district.bounds)
        self.density.clip_to(district.outline)
        self.map.add_layer(self.density, Z_DENSITY)
        shared = self.lod_frame = LodFrame()
        for key in ("cameras", "sensors", "incidents"):
            self.layers[key].frame = shared
            self.layers[key].density_sink = self.density
            self.layers[key].point_index = self.index.points[key]
        for key in later:
            self.map.add_layer(self.layers[key], Z_NORMAL[key])
        # Basemap and grids change rarely: one cached image of both makes a frame one blit.
        self.static = static or StaticComposite(district.bounds, [self.layers["basemap"], self.layers["grids"]])
        if static is None:
            self.map.add_layer(self.static, Z_STATIC)
        self.static.overlay = self.density
        self.density.merged_by = self.static
        self.map.add_layer(self.selection, Z_NORMAL["selection"])

        self._build_docks()
        self._build_actions()
        self._build_status()
        self.elapsed_timer = QTimer(self)
        self.elapsed_timer.setInterval(1000)
        self.elapsed_timer.timeout.connect(self._tick_banner)

        self.map.clicked.connect(self.pick_at)
        self.map.cursorMoved.connect(self._show_cursor)
        self.map.viewChanged.connect(self._show_scale)
        self.incident_list.incidentChosen.connect(self.focus_incident)
        self._fit_later = QTimer(self)  # after a resize or new column widths, once things settle
        self._fit_later.setSingleShot(True)
        self._fit_later.setInterval(0)
        self._fit_later.timeout.connect(lambda: self._fit_incident_list(self.incident_list.needed_width()))
        self.incident_list.columnsSized.connect(lambda _needed: self._fit_later.start())
        self.live = LiveIncidents(self, self.book, store, clock)
        self.live.changed.connect(self._on_live_changed)
        self.live.feedState.connect(lambda _t: self._show_feed())
        self.live.actionFailed.connect(self._on_action_failed)
        self.incident_detail.actionRequested.connect(self._on_incident_action)
        self.incident_detail.unmaskRequested.connect(lambda position: self.unmask(position))
        self.live.restore()
        self.incident_list.refresh()
        self.live.start_clock()
        self._feed_timer = QTimer(self)
        self._feed_timer.setInterval(1000)
        self._feed_timer.timeout.connect(self._show_feed)
        self._feed_timer.start()

        self.planning = Planning(self)
        self.emergency = EmergencyCommand(self, emergencies)
        self.suggestions = SuggestionWatch(self)
        self.alarms = AlarmWatch(self)
        self.goto = GoToGrid(self)
        self.toolbar.insertWidget(self.toolbar.actions()[0], self.goto.field)
        self.analysis = Analysis(self)
        self.wall = Wall(self)  # no wall windows until open_wall (--screens)
        # closed panels wait outside the window, so the mode switch does not restyle them
        self.parking = DockParking(self)
        for dock in [*(self.analysis.docks[k] for k in ("query", "hierarchy", "hotspots", "replay")),
                     *self.planning.docks.values()]:
            self.parking.park(dock)
        self.help = HelpMenu(self)  # the last menu, after Plan and Analysis
        self.statusBar().addPermanentWidget(self.alarms.button)
        self.alarms.stand()
        if store is not None and store.store.kind == "postgis":  # a console of the network: follow the others
            self.sync = StoreSync(self, store.store)
            self.sync.stateChanged.connect(self._show_sync_state)
            self.sync.start({store.store.origin})
            self.store_label = PlainLabel()
            self.store_label.setObjectName("storeLabel")
            self.statusBar().addPermanentWidget(self.store_label)
            self._show_store_label()
        self._restore_settings()
        self.planning.set_editing(False)  # a restored layout must not reopen the editor's panels
        if any(d.isVisibleTo(self) for d in self.emergency.docks.values()):
            # settings an earlier version saved in an emergency: its panels never outlive it,
            # and the layout and opacities it faded go back to normal
            for dock in self.emergency.docks.values():
                dock.hide()
            self.docks["layers"].show()
            for key in ("basemap", "grids", "cameras"):
                self.layers[key].setOpacity(1.0)
                self.layer_panel.sliders[key].setValue(100)
        self._apply_look()
        if mode is not Mode.NORMAL:
            self.machine.switch(mode, operator)
        self.retranslate()
        self.map.whole_district()
        self.suggestions.start()
        self.analysis.start()

    # ------------------------------------------------------------------ building
    def _build_docks(self) -> None:
        self.layer_panel = LayerPanel()
        for key in self.layers:
            self.layer_panel.add_layer(key, DEFAULT_VISIBLE[key], 1.0)
        self.layer_panel.visibilityChanged.connect(self._on_visibility)
        self.layer_panel.opacityChanged.connect(lambda k, o: self.layers[k].setOpacity(o))
        self.legend = LegendPanel()
        self.inspector = Inspector()
        self.incident_list = IncidentList(self.book, THEMES["normal"].severity, self.district.grids["name"].to_numpy(),
                                          clock=self.clock)
        self.incident_detail = IncidentDetail()
        self.incident_detail.setEnabled(may(self.role, "act"))
        incidents_box = QSplitter(Qt.Vertical)
        incidents_box.setObjectName("incidentSplit")
        incidents_box.addWidget(self.incident_list)
        detail_scroll = QScrollArea()  # on a small screen the detail scrolls instead of growing the window
        detail_scroll.setWidgetResizable(True)
        detail_scroll.setWidget(self.incident_detail)
        incidents_box.addWidget(detail_scroll)
        incidents_box.setStretchFactor(0, 3)
        incidents_box.setStretchFactor(1, 2)
        self.docks = {}
        for name, widget, area in (("layers", self.layer_panel, Qt.LeftDockWidgetArea),
                                   ("legend", self.legend, Qt.LeftDockWidgetArea),
                                   ("inspector", self.inspector, Qt.RightDockWidgetArea),
                                   ("incidents", incidents_box, Qt.RightDockWidgetArea)):
            dock = QDockWidget()
            dock.setObjectName(f"dock_{name}")
            dock.setWidget(widget)
            dock.setFeatures(QDockWidget.DockWidgetMovable | QDockWidget.DockWidgetFloatable)
            self.addDockWidget(area, dock)
            self.docks[name] = dock
        for key, visible in DEFAULT_VISIBLE.items():
            self.layers[key].setVisible(visible)

    def _build_actions(self) -> None:
        bar = QToolBar()
        bar.setObjectName("mainToolbar")
        bar.setMovable(False)
        self.addToolBar(Qt.TopToolBarArea, bar)
        self.toolbar = bar

        def action(shortcut, slot, checkable=False):
            return window_action(self, shortcut, slot, checkable)

        self.act_home = action("Home", lambda: self.map.whole_district())
        self.act_zoom_in = action(QKeySequence.ZoomIn, lambda: self.map.zoom_by(0.7))
        self.act_zoom_out = action(QKeySequence.ZoomOut, lambda: self.map.zoom_by(1 / 0.7))
        self.act_zoom_box = action("Z", lambda: self.map.start_zoom_box())
        self.act_emergency = action("F12", self.toggle_emergency, checkable=True)
        self.act_declare = action("Ctrl+D", self.declare_dialog)
        self.act_declare_area = action("Ctrl+Shift+D", lambda: self.emergency.draw_area())
        self.act_emergency.setShortcutContext(Qt.ApplicationShortcut)
        for a in (self.act_home, self.act_zoom_in, self.act_zoom_out, self.act_zoom_box):
            bar.addAction(a)
        bar.addSeparator()
        self.fill_label = PlainLabel()
        bar.addWidget(self.fill_label)
        self.fill_combo = QComboBox()
        self.fill_combo.currentIndexChanged.connect(self._on_fill)
        bar.addWidget(self.fill_combo)
        self.fill_level = QComboBox()  # fill each grid, or each community or street as one
        self.fill_level.setObjectName("fillLevel")
        self.fill_level.currentIndexChanged.connect(self._on_fill)
        bar.addWidget(self.fill_level)
        bar.addSeparator()
        bar.addAction(self.act_emergency)
        bar.addAction(self.act_declare)
        bar.addAction(self.act_declare_area)

        self.menu_view = self.menuBar().addMenu("")
        self.menu_lang = self.menu_view.addMenu("")
        group = QActionGroup(self)
        self.lang_actions = {}
        for lang, name in (("zh_CN", "简体中文"), ("en", "English")):
            a = QAction(name, self, checkable=True)
            a.triggered.connect(lambda _=False, lg=lang: self.set_language(lg))
            group.addAction(a)
            self.menu_lang.addAction(a)
            self.lang_actions[lang] = a
        for dock in self.docks.values():
            self.menu_view.addAction(dock.toggleViewAction())
        self.data_exchange = DataExchange(self)  # File: Import…, Export…, Quit
        self.act_users = QAction(self)  # File: Users… (an admin manages who may log in)
        self.act_users.triggered.connect(self.users_dialog)
        self.data_exchange.menu.insertAction(self.data_exchange.act_quit, self.act_users)

    def _build_status(self) -> None:
        self.cursor_label = PlainLabel()
        self.scale_label = PlainLabel()
        self.counts_label = PlainLabel()
        self.feed_label = PlainLabel()
        self.rejected_button = QToolButton()
        self.rejected_button.setObjectName("rejectedButton")
        self.rejected_button.clicked.connect(self.show_dead_letters)
        self.warnings_button = QToolButton()  # what the loader put right with a default
        self.warnings_button.setObjectName("dataWarningsButton")
        self.warnings_button.clicked.connect(self.show_data_warnings)
        self.warnings_button.setVisible(bool(self.district.warnings))
        bar = self.statusBar()
        bar.addWidget(self.cursor_label)
        bar.addWidget(self.scale_label)
        bar.addPermanentWidget(self.feed_label)
        bar.addPermanentWidget(self.warnings_button)
        bar.addPermanentWidget(self.rejected_button)
        bar.addPermanentWidget(self.counts_label)
        self.duty_label = PlainLabel()  # who is on duty, and the wall clock with its zone
        self.duty_label.setObjectName("dutyLabel")
        bar.addPermanentWidget(self.duty_label)
        self.clock_timer = QTimer(self)
        self.clock_timer.setInterval(1000)
        self.clock_timer.timeout.connect(self._show_duty)
        self.clock_timer.start()
        self.feed_label.setVisible(False)
        self.rejected_button.setVisible(False)

    # ------------------------------------------------------------------ text
    def retranslate(self) -> None:
        if hasattr(self, "act_users"):
            self.act_users.setText(self.tr("Users…"))
        self.setWindowTitle(self.tr("GridTwin — %1").replace("%1", self.district.name))
        self.warnings_button.setText(self.tr("Data warnings %1").replace("%1", f"{len(self.district.warnings):,}"))
        self.warnings_button.setToolTip(self.tr("What the district file lacked and which defaults stand in; "
                                                "stored in %1").replace("%1", storage_label(self.district.storage_crs)))
        titles = {"layers": self.tr("Layers"), "legend": self.tr("Legend"), "inspector": self.tr("Inspector"),
                  "incidents": self.tr("Incidents")}
        for name, dock in self.docks.items():
            dock.setWindowTitle(titles[name])
        self.act_home.setText(self.tr("Whole district"))
        self.act_zoom_in.setText(self.tr("Zoom in"))
        self.act_zoom_out.setText(self.tr("Zoom out"))
        self.act_zoom_box.setText(self.tr("Zoom box"))
        self.act_emergency.setText(self.tr("Emergency mode (F12)") if self.machine.mode is Mode.NORMAL
                                   else self.tr("Stand down (F12)"))
        self.fill_label.setText(self.tr("Grid fill:"))
        current = self.fill_combo.currentData() or "population"
        self.fill_combo.blockSignals(True)
        self.fill_combo.clear()
        for attr in ("population", "open_incidents"):
            self.fill_combo.addItem(label(attr), attr)
        self.fill_combo.setCurrentIndex(max(0, self.fill_combo.findData(current)))
        self.fill_combo.blockSignals(False)
        level = self.fill_level.currentData() or "grid"
        self.fill_level.blockSignals(True)
        self.fill_level.clear()
        for key, text in (("grid", self.tr("per grid")), ("community", self.tr("per community")),
                          ("street", self.tr("per street"))):
            self.fill_level.addItem(text, key)
        self.fill_level.setCurrentIndex(max(0, self.fill_level.findData(level)))
        self.fill_level.blockSignals(False)
        self.menu_view.setTitle(self.tr("View"))
        self.data_exchange.retranslate()
        if hasattr(self, "planning"):
            self.planning.retranslate()
        if hasattr(self, "analysis"):
            self.analysis.retranslate()
        if hasattr(self, "emergency"):
            self.emergency.retranslate()
        if hasattr(self, "suggestions"):
            self.suggestions.retranslate()
        if hasattr(self, "alarms"):
            self.alarms.retranslate()
        if hasattr(self, "wall"):
            self.wall.retranslate()
        if hasattr(self, "help"):
            self.help.retranslate()
            self.goto.retranslate()
        self.act_declare.setText(self.tr("Declare emergency… (Ctrl+D)"))
        self.act_declare_area.setText(self.tr("Declare on an area… (Ctrl+Shift+D)"))
        self.menu_lang.setTitle(self.tr("Language"))
        self._tick_banner()
        self._show_counts()
        self._show_scale(self.map.view_state())
        self.refresh_legend()
        if self.selected is not None:
            self.select(self.selected)
        if hasattr(self, "data_exchange"):
            self.apply_rights()
        for menu in self.menuBar().findChildren(QMenu):  # a greyed entry says why when pointed at
            menu.setToolTipsVisible(True)
        if hasattr(self, "duty_label"):
            self._show_duty()

    def set_language(self, lang: str) -> None:
        i18n.install_language(lang)
        self.lang_actions[lang].setChecked(True)
        # LanguageChange events are posted; retranslate now so the switch is immediate.
        for panel in (self.layer_panel, self.inspector, self.incident_list, self.incident_detail):
            panel.retranslate()
        self.retranslate()

    def changeEvent(self, event) -> None:
        if event.type() == event.Type.LanguageChange and hasattr(self, "fill_combo"):
            self.retranslate()
        super().changeEvent(event)

    # ------------------------------------------------------------------ modes
    def _on_mode_change(self, change: ModeChange) -> None:
        if self.audit is not None:
            self.audit.record_mode_change(change)
        self.act_emergency.setChecked(change.to_mode is Mode.EMERGENCY)
        if change.to_mode is Mode.EMERGENCY:
            self.elapsed_timer.start()
        else:
            self.elapsed_timer.stop()
        with self.restyling(), self.map.held():  # the layers see the map once, at its new size
            self._apply_look()
            self._show_mode_texts()  # only what says the mode: a full retranslate refills tables (~50 ms)
            self.settle_layout()
        self.wall.on_mode()

    def _show_mode_texts(self) -> None:
        self.act_emergency.setText(self.tr("Emergency mode (F12)") if self.machine.mode is Mode.NORMAL
                                   else self.tr("Stand down (F12)"))
        if hasattr(self, "planning"):
            self.planning.update_enabled()
        self._tick_banner()

    @contextmanager
    def restyling(self):
        """Several view and theme changes at once: the point layers hand over their symbols
        and the density image is composed once, at the end."""
        with self.density.batch(), self.lod_frame.held():
            yield

    def settle_layout(self) -> None:
        """Lay the window out now, not on the next turn of the event loop: after docks come
        and go and the type changes, the map has its final size before it is centred and
        before its layers choose their detail."""
        for _ in range(4):  # a layout's new geometry can ask its children's layouts again
            QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)

    def _apply_look(self) -> None:
        """Theme, type sizes, layer order and emergency layers, all from the current mode."""
        mode = self.machine.mode
        palette = THEMES[mode.value]
        # The switch shows at once; the basemap and grids in the new colours follow a turn later.
        self.static.defer_next_render()
        apply_theme(self, mode, self.ui_scale)  # palettes: the style sheet is set once per scale
        set_window_font(self, mode, self.ui_scale)
        sizes = type_sizes(mode, self.ui_scale)
        title = QFont(self.font())
        title.setPixelSize(sizes["title_px"])
        self.inspector.title.setFont(title)
        self.edge_frame.show_edge(mode_colours(mode)["frame"], sizes["pad_px"])  # emergency: a red edge
        self.map.set_background(palette.background, dark=mode is Mode.EMERGENCY)
        z = Z_EMERGENCY if mode is Mode.EMERGENCY else Z_NORMAL
        with self.restyling():
            for key, layer in self.layers.items():
                layer.setZValue(z[key])
                layer.set_palette(palette)
        self.selection.set_palette(palette)
        self.static.set_palette(palette)
        self.density.set_palette(palette)
        emergency = mode is Mode.EMERGENCY
        self.layers["risk"].setVisible(emergency or self._user_visible["risk"])
        self.layer_panel.blockSignals(True)
        self.layer_panel.set_visible("risk", self.layers["risk"].isVisible())
        self.layer_panel.blockSignals(False)
        self.incident_list.set_colors(palette.severity, palette.overdue)
        self.layer_panel.setColumnWidth(0, round(330 * self.ui_scale))
        self.legend.dark = emergency
        self.legend.icon_px = round(type_sizes(mode, self.ui_scale)["base_px"] * 1.2)
        self.refresh_legend()
        self._tick_banner()

    def toggle_emergency(self) -> None:
        """F12: into emergency mode; out of it only through stand-down (with a closing note)
        when an emergency is declared. Only a role that may declare switches the mode."""
        if not may(self.role, "declare"):
            self.act_emergency.setChecked(self.machine.mode is Mode.EMERGENCY)
            self.statusBar().showMessage(self.refusal("declare"), 10000)
            return
        if self.machine.mode is Mode.EMERGENCY and self.emergency.current is not None:
            if not self.emergency.ask_stand_down():
                self.act_emergency.setChecked(True)
            return
        self.machine.toggle(self.operator)

    def refusal(self, right: str) -> str:
        """Why this user may not do ``right`` (for a tooltip or the status bar)."""
        names = {"declare": self.tr("declare and stand down"), "act": self.tr("act on incidents"),
                 "plan_edit": self.tr("edit plans"), "plan_activate": self.tr("activate plans"),
                 "import_export": self.tr("import and export"), "unmask": self.tr("unmask personal data"),
                 "manage_users": self.tr("manage users")}
        return self.tr("Your role (%1) may not do this: %2").replace("%1", label(self.role)).replace(
            "%2", names.get(right, RIGHT_NAMES[right]))

    def apply_rights(self) -> None:
        """Grey what this role may not do, and say why (the store refuses it anyway)."""
        for act, right in ((self.act_emergency, "declare"), (self.act_declare, "declare"),
                           (self.act_declare_area, "declare"), (self.data_exchange.act_import, "import_export"),
                           (self.data_exchange.act_export, "import_export"), (self.act_users, "manage_users")):
            allowed = may(self.role, right)
            act.setEnabled(allowed)
            act.setToolTip("" if allowed else self.refusal(right))
        self.act_users.setVisible(may(self.role, "manage_users"))

    def users_dialog(self):
        """File → Users…: the store's users; an admin adds or changes one (the store checks and audits)."""
        store = self.live.store.store if self.live.store is not None else None
        if store is None or not may(self.role, "manage_users"):
            self.statusBar().showMessage(self.refusal("manage_users"), 10000)
            return None
        from geodata.access import Jurisdiction
        from widgets.users_dialog import UsersDialog

        def add(name: str, role: str, jurisdiction: str, password: str) -> str | None:
            if not password:
                return self.tr("Give the user a password")
            try:
                store.add_user(name, role, Jurisdiction.parse(jurisdiction), password, by=self.operator)
            except (ValueError, PermissionError, StoreError) as exc:
                return str(exc)
            return None
        dialog = UsersDialog(store.users, add, self)
        dialog.show()
        return dialog

    def declare_dialog(self) -> None:
        """Declare an emergency at the selected incident or sensor, else at the map centre."""
        if not may(self.role, "declare"):
            self.statusBar().showMessage(self.refusal("declare"), 10000)
            return
        self.emergency.choose_and_declare(*self._focus_candidate())

    def _focus_candidate(self) -> tuple[float, float, str]:
        sel = self.selected
        if sel is not None and sel.layer == "incidents":
            return float(self.book.lon[sel.position]), float(self.book.lat[sel.position]), \
                f"incident {self.book.incident_id[sel.position]}"
        if sel is not None and sel.layer == "sensors":
            g = self.district.sensors.geometry.iloc[sel.position]
            lon, lat = self.district.to_lonlat(g.x, g.y)
            return float(lon), float(lat), f"sensor {self.district.sensors['sensor_id'].iloc[sel.position]}"
        c = self.map.view_state().rect.center()
        lon, lat = self.district.to_lonlat(c.x(), c.y())
        return float(lon), float(lat), "map point"

    def _tick_banner(self) -> None:
        if self.machine.mode is Mode.EMERGENCY:
            self.banner.show_emergency(self.machine.elapsed())
        else:
            self.banner.setVisible(False)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        scale = ui_scale_for(event.size().height(), self.viewing_distance_m)
        width = event.size().width()
        if self._docks_sized and self._laid_out_width and abs(width - self._laid_out_width) > 0.2 * self._laid_out_width:
            # a much wider or narrower window (--fullscreen on a wall, another screen): the side
            # panels keep their share of it, not the pixel widths of the smaller window
            columns = [d for d in (self.docks["layers"], self.docks["inspector"]) if d.isVisible() and not d.isFloating()]
            self.resizeDocks(columns, [round(d.width() * width / self._laid_out_width) for d in columns], Qt.Horizontal)
        self._laid_out_width = width
        if hasattr(self, "_fit_later"):
            self._fit_later.start()
        if abs(scale - self.ui_scale) > 0.01 or not self._docks_sized:
            self.ui_scale = scale
            self.map.set_ui_scale(scale)
            self.selection.set_ui_scale(scale)
            self._apply_look()  # first: the panels' smallest widths follow the type the window will show
            if not self._docks_sized:  # first layout: panels take a share of the wall, the map the rest
                w = event.size().width()
                self.resizeDocks([self.docks["layers"], self.docks["inspector"]], [round(w * 0.15), round(w * 0.27)],
                                 Qt.Horizontal)
                self._docks_sized = True

    def _fit_incident_list(self, needed: int) -> None:
        """On a wall (a window 2,560 px wide or more) the incident column is widened until every
        column of the list shows without scrolling, up to WALL_LIST_MAX of the width; the map
        keeps the rest. A smaller screen keeps its layout: there the list scrolls."""
        width = self.width()
        dock = self.docks["incidents"]
        if width < WALL_WIDTH or not dock.isVisible() or dock.isFloating() or dock.widget() is None:
            return
        outer = dock.width() - self.incident_list.width()  # the dock's own frame and the splitter
        want = min(round(width * WALL_LIST_MAX), needed + max(0, outer))
        if want > dock.width() + 2:
            self.resizeDocks([dock], [want], Qt.Horizontal)

    # ------------------------------------------------------------------ layers & legend
    def _on_visibility(self, key: str, visible: bool) -> None:
        self.layers[key].setVisible(visible)
        self._user_visible[key] = visible
        self.refresh_legend()

    def _on_fill(self, _index: int) -> None:
        self.refill_grids()

    def refill_grids(self) -> None:
        """Colour the grids by the chosen figure (from the plan's live balance while editing)."""
        attr = self.fill_combo.currentData() or "population"
        plan = self.planning.plan if hasattr(self, "planning") else None
        if plan is not None:
            b = plan.balance
            values = (b.open_incidents if attr == "open_incidents" else b.population).astype(float)
            values = np.where(b.alive, values, np.nan)
            self.layers["grids"].set_fill(attr, values)
            self.refresh_legend()
            return
        if attr == "open_incidents":
            values = self.book.open_per_grid().astype(float)
        else:
            values = self.district.grids["population"].to_numpy(dtype=float)
        level = self.fill_level.currentData() or "grid"
        if level != "grid":  # each unit's total on each of its grids: the unit reads as one fill
            values = unit_totals(self.district.grids, level, values)
        self.layers["grids"].set_fill(attr if level == "grid" else f"{attr}:{level}", values)
        self.refresh_legend()

    def set_fill_level(self, level: str) -> None:
        """Fill each grid (``grid``), or each community or street as one."""
        self.fill_level.setCurrentIndex(max(0, self.fill_level.findData(level)))

    def refresh_legend(self) -> None:
        shown = [(k, self.layers[k].legend()) for k in ("incidents", "sensors", "cameras", "risk", "grids", "basemap")
                 if self.layers[k].isVisible()]
        if hasattr(self, "planning") and self.planning.editing:
            shown.insert(0, ("plan_edit", self.planning.layer.legend()))
        if hasattr(self, "analysis"):
            shown[:0] = self.analysis.legends()
        self.legend.show_layers(shown)

    # ------------------------------------------------------------------ selection
    def pick_at(self, x: float, y: float) -> Pick | None:
        """Select what is at metric (x, y), through the spatial index; returns the pick."""
        point_layers = [k for k in ("incidents", "sensors", "cameras") if self.layers[k].isVisible()]
        mpp = self.map.view_state().metres_per_px
        tolerance = PICK_TOLERANCE_PX * self.ui_scale * mpp
        cluster = self.layers["cameras"].cluster_at(x, y, mpp) if "cameras" in point_layers else None
        if cluster is not None:  # a click on a cluster opens it: zoom in around it
            self.map.centre_on(*cluster, metres_per_px=mpp / 3)
            return None
        drawn = {k: np.sort(self.layers[k].shown) for k in point_layers}  # only what is drawn is picked
        hit = pick(self.index, x, y, tolerance, point_layers, grids=self.layers["grids"].isVisible(), drawn=drawn)
        self.select(hit)
        return hit

    def select(self, hit: Pick | None) -> None:
        self.selected = hit
        if hit is None:
            self.selection.select(None)
            self.inspector.show_feature("", {})
            return
        plan = self.planning.plan
        if hit.layer == "grids" and plan is not None:
            geom = plan.geoms[hit.position]
        elif hit.layer == "incidents":
            geom = Point(self.book.x[hit.position], self.book.y[hit.position])
        else:
            geom = self.district.layer(hit.layer).geometry.iloc[hit.position]
        self.selection.select(geom)
        self.inspector.show_feature(*describe(self.district, self.index, hit, plan, self.book))
        if hit.layer == "sensors":
            self._chart_sensor(hit.position)
        if hit.layer == "incidents":
            self.show_incident_detail(hit.position)
            self.incident_list.select_position(hit.position)

    def focus_incident(self, position: int) -> None:
        """Centre the map on incident ``position`` and select it."""
        self.map.centre_on(float(self.book.x[position]), float(self.book.y[position]),
                           metres_per_px=min(self.map.view_state().metres_per_px, 2.0))
        self.select(Pick("incidents", position))

    # ------------------------------------------------------------------ live incidents
    def show_incident_detail(self, position: int | None) -> None:
        if position is None:
            self.incident_detail.show_incident(None)
            return
        b = self.book
        record = b.record(position)
        events = self.live.events_of(position)
        masked = record.incident_id not in self.unmasked and (
            has_personal_data(record.description) or any(has_personal_data(e.note) for e in events))
        if masked:  # what this console shows until someone with the right asks, with a reason
            record = replace(record, description=mask_text(record.description))
            events = [replace(e, note=mask_text(e.note)) for e in events]
        g = int(b.grid[position])
        name = str(self.district.grids["name"].iloc[g]) if 0 <= g < len(self.district.grids) else ""
        self.incident_detail.show_incident(position, record, events,
                                           b.allowed(position) if may(self.role, "act") else [],
                                           bool(b.overdue_mask(self.clock())[position]), name,
                                           masked=masked, may_unmask=may(self.role, "unmask"))

    def unmask(self, position: int, reason: str | None = None) -> bool:
        """Show one incident's personal data: only with the right, only with a reason, audited."""
        if not may(self.role, "unmask"):
            self.statusBar().showMessage(self.refusal("unmask"), 10000)
            return False
        if reason is None:
            reason, ok = QInputDialog.getText(self, self.tr("Show personal data"),
                                              self.tr("Why do you need to see this reporter's personal data?"))
            if not ok:
                return False
        reason = reason.strip()
        if not reason:
            self.statusBar().showMessage(self.tr("Personal data is shown only with a reason"), 10000)
            return False
        incident = str(self.book.incident_id[position])
        if self.audit is not None:
            self.audit.record(self.operator, "unmask", {"incident": incident, "reason": reason})
        self.unmasked.add(incident)
        self.show_incident_detail(position)
        return True

    def _on_incident_action(self, position: int, action: str, note: str) -> None:
        if self.live.act(position, action, note):
            self.statusBar().showMessage(self.tr("%1: %2").replace("%1", str(self.book.incident_id[position]))
                                         .replace("%2", label(str(self.book.status[position]))), 8000)

    def _on_action_failed(self, message: str) -> None:
        self.statusBar().showMessage(message, 15000)

    def _on_live_changed(self) -> None:
        """New or changed incidents: the list, the counts and the chosen incident follow. Where
        a refresh costs more than a frame (tens of thousands of rows in a burst), they follow
        once a second instead of with every batch; the map shows every batch at once."""
        since = time.monotonic() - self._lists_at
        if self._lists_cost_s > LIST_BUDGET_S and since < LIST_EVERY_S:
            if not self._lists_later.isActive():
                self._lists_later.start(round((LIST_EVERY_S - since) * 1000))
            return
        started = time.monotonic()
        self._refresh_lists()
        self._lists_at = time.monotonic()
        self._lists_cost_s = self._lists_at - started

    def _refresh_lists(self) -> None:
        self.incident_list.refresh()
        self._show_counts()
        if (self.fill_combo.currentData() or "population") == "open_incidents":
            self.refill_grids()
        if self.selected is not None and self.selected.layer == "incidents":
            self.show_incident_detail(self.selected.position)
            self.inspector.show_feature(*describe(self.district, self.index, self.selected,
                                                  self.planning.plan, self.book))

    def sensor_readings_arrived(self, sensor_ids: set[str]) -> None:
        """New readings are stored: if the selected sensor is among them, chart them (and
        likewise in the emergency panel)."""
        if self.emergency.current is not None:
            self.emergency.chart_sensors(sensor_ids)
        sel = self.selected
        if sel is not None and sel.layer == "sensors":
            if str(self.district.sensors["sensor_id"].iloc[sel.position]) in sensor_ids:
                self.inspector.show_feature(*describe(self.district, self.index, sel, self.planning.plan, self.book))
                self._chart_sensor(sel.position)

    def _chart_sensor(self, position: int) -> None:
        row = self.district.sensors.iloc[position]
        readings = self.live.read(lambda st: st.readings_of(str(row["sensor_id"])), [])
        self.inspector.show_readings(str(row["sensor_id"]), np.array([r.at.timestamp() for r in readings]),
                                     np.array([r.value for r in readings]), float(row["threshold"]),
                                     str(row["unit"] or ""))

    def _show_feed(self) -> None:
        stats = self.live.stats()
        text = self.live.state_text()
        if self.live.thread is None and not text:
            self.feed_label.setVisible(False)
            self.rejected_button.setVisible(False)
            return
        self.feed_label.setVisible(True)
        self.rejected_button.setVisible(True)
        self.feed_label.setText(self.tr("Feed: in %1 · stored %2").replace("%1", f"{stats['in']:,}")
                                .replace("%2", f"{stats['stored']:,}") + (f" · {text}" if text else ""))
        self.rejected_button.setText(self.tr("Rejected %1").replace("%1", f"{stats['rejected']:,}"))

    def show_data_warnings(self) -> None:
        d = self.district
        source = str(d.path) if d.path is not None else redact(d.store_url or "")
        DataWarningsDialog(d.warnings, storage_label(d.storage_crs), source, self).exec()

    def show_dead_letters(self) -> None:
        store = self.live.store
        if store is None:
            return
        letters = self.live.read(lambda st: (st.dead_letters(), st.dead_letter_count()), None)
        if letters is None:
            self.statusBar().showMessage(self.tr("The store is out of reach: rejected messages cannot be read now"),
                                         10000)
            return
        DeadLetterDialog(*letters, self).exec()

    # ------------------------------------------------------------------ status bar
    def _show_cursor(self, x: float, y: float) -> None:
        lon, lat = self.district.to_lonlat(x, y)
        self.cursor_label.setText(f"{float(lon):.5f}°E  {float(lat):.5f}°N")

    def _show_scale(self, state) -> None:
        self.scale_label.setText(self.tr("Scale 1:%1").replace("%1", f"{self.map.scale_denominator():,.0f}"))

    def _show_counts(self) -> None:
        d = self.district
        alarms = int(self.layers["sensors"].urgent().sum())  # status codes: no 260,000 string compares
        open_n = int(self.book.open_mask().sum())
        self.counts_label.setText(
            self.tr("Grids %1 · Sensors %2 (%3 in alarm) · Cameras %4 · Open incidents %5")
            .replace("%1", f"{len(d.grids):,}").replace("%2", f"{len(d.sensors):,}").replace("%3", f"{alarms:,}")
            .replace("%4", f"{len(d.cameras):,}").replace("%5", f"{open_n:,}"))

    # ------------------------------------------------------------------ settings
    def _restore_settings(self) -> None:
        s = self.settings
        if s is None:
            return
        geometry = s.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = s.value("window/state")
        if state is not None:
            self.restoreState(state)
            self._docks_sized = True  # the user's own layout wins
        for key in self.layers:
            visible = s.value(f"layers/{key}/visible")
            if visible is not None:
                on = str(visible).lower() in ("true", "1")
                self._user_visible[key] = on
                self.layers[key].setVisible(on)
                self.layer_panel.set_visible(key, on)
            opacity = s.value(f"layers/{key}/opacity")
            if opacity is not None:
                self.layer_panel.sliders[key].setValue(round(float(opacity) * 100))
                self.layers[key].setOpacity(float(opacity))

    def save_settings(self) -> None:
        s = self.settings
        if s is None:
            return
        s.setValue("window/geometry", self.saveGeometry())
        state, opacity = self.saveState(), {k: layer.opacity() for k, layer in self.layers.items()}
        if self.emergency.current is not None:  # keep the normal layout, never the emergency's
            normal_state, normal_opacity = self.emergency.normal_layout()
            state = normal_state if normal_state is not None else state
            opacity.update(normal_opacity)
        s.setValue("window/state", state)
        for key in self.layers:
            s.setValue(f"layers/{key}/visible", self._user_visible[key])
            s.setValue(f"layers/{key}/opacity", opacity[key])
        s.sync()

    def _show_store_label(self) -> None:
        where = self.sync.store.where
        name = where.split("?")[0].rsplit("/", 1)[-1] or where
        state = self.tr("live") if self.sync.online else self.tr("offline")
        self.store_label.setText(self.tr("Shared store %1 · %2").replace("%1", name).replace("%2", state))
        self.store_label.setToolTip(where)

    def _show_duty(self) -> None:
        """The operator on duty and the district's time (China Standard Time, UTC+8) to the second."""
        now = self.clock().astimezone(CST)
        self.duty_label.setText(self.tr("On duty: %1 (%2) · %3 CST (UTC+8)").replace("%1", self.operator)
                                .replace("%2", label(self.role)).replace("%3", now.strftime("%Y-%m-%d %H:%M:%S")))

    def _show_sync_state(self) -> None:
        sync = self.sync
        self._show_store_label()
        if sync.online:
            self.offline_banner.setVisible(False)
            self.statusBar().showMessage(self.tr("The store is reachable again; caught up with the other consoles"),
                                         10000)
            return
        self.offline_banner.setText(self.tr("OFFLINE since %1 — showing the last picture; actions are refused until "
                                            "the store is back").replace("%1", zoned_time(sync.offline_since)))
        self.offline_banner.setToolTip(sync.offline_reason)
        self.offline_banner.setVisible(True)

    def closeEvent(self, event) -> None:
        if self.sync is not None:
            self.sync.stop()
        self.suggestions.stop()
        self.analysis.stop()
        self.live.stop()
        self.save_settings()
        self.wall.close()
        super().closeEvent(event)


    def open_wall(self, screens: list, fullscreen: bool = True) -> None:
        """Drive the wall: this window stays on ``screens[0]``, each further screen gets a
        wall window laid out by the current mode's layout."""
        self.wall.close()
        self.wall.screens = list(screens)
        self.wall.start(fullscreen)

