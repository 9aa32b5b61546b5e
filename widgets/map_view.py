"""The map: a pyqtgraph view in the district's metric CRS, locked aspect, with scale bar and north arrow.

Qt mouse and key events become map actions here (pan, zoom, click at metric x/y); what a
click means is decided by whoever listens to ``clicked``.
"""
from __future__ import annotations

import math
from contextlib import ExitStack, contextmanager

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsView, QStackedLayout, QWidget

from geodata.plan.tools import MapEvent
from layers.base import MapLayer, ViewState

INCH_M = 0.0254


def nice_length(max_m: float) -> float:
    """The largest 1/2/5 × 10ⁿ metres not above ``max_m``."""
    if max_m <= 0:
        return 0.0
    exp = 10 ** math.floor(math.log10(max_m))
    for m in (5, 2, 1):
        if m * exp <= max_m:
            return m * exp
    return exp


def format_length(m: float) -> str:
    return f"{m / 1000:g} km" if m >= 1000 else f"{m:g} m"


class MapOverlay(QWidget):
    """Scale bar (bottom left) and north arrow (top right), painted over the map."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WA_NoSystemBackground)
        self.metres_per_px = 1.0
        self.ui_scale = 1.0
        self.dark = False

    def scale_bar(self) -> tuple[float, float]:
        """(length in metres, length in pixels) of the bar for the current view."""
        metres = nice_length(self.width() * 0.2 * self.metres_per_px)
        return metres, metres / self.metres_per_px if self.metres_per_px else 0.0

    def paintEvent(self, event) -> None:
        s = self.ui_scale
        fg = QColor("#f5f7fa" if self.dark else "#101820")
        bg = QColor(0, 0, 0, 150) if self.dark else QColor(255, 255, 255, 190)
        p = QPainter(self)
        p.setRenderHint(QPainter.Antialiasing)
        font = QFont(self.font())
        font.setPixelSize(max(11, round(24 * s)))
        font.setBold(True)
        p.setFont(font)
        metres, px = self.scale_bar()
        margin, bar_h = 30 * s, 12 * s
        x0, y0 = margin, self.height() - margin - bar_h
        box = QRectF(x0 - 12 * s, y0 - font.pixelSize() - 22 * s, px + 24 * s + 140 * s, bar_h + font.pixelSize() + 34 * s)
        p.setPen(Qt.NoPen)
        p.setBrush(bg)
        p.drawRoundedRect(box, 8 * s, 8 * s)
        p.setPen(QPen(fg, max(1.0, 2 * s)))
        half = px / 2
        p.fillRect(QRectF(x0, y0, half, bar_h), fg)
        p.drawRect(QRectF(x0, y0, px, bar_h))
        p.drawText(QPointF(x0, y0 - 10 * s), "0")
        p.drawText(QPointF(x0 + px - 10 * s, y0 - 10 * s), format_length(metres))
        # North arrow: grid north is map up in the UTM projection (convergence < 1° here).
        cx, cy, r = self.width() - 70 * s, 90 * s, 38 * s
        p.setPen(Qt.NoPen)
        p.setBrush(bg)
        p.drawEllipse(QPointF(cx, cy), r * 1.5, r * 1.5)
        arrow = QPolygonF([QPointF(cx, cy - r), QPointF(cx + r * 0.5, cy + r * 0.7), QPointF(cx, cy + r * 0.35),
                           QPointF(cx - r * 0.5, cy + r * 0.7)])
        p.setBrush(fg)
        p.drawPolygon(arrow)
        path = QPainterPath()
        path.addText(cx - font.pixelSize() * 0.35, cy - r - 6 * s, font, "N")
        p.fillPath(path, fg)
        p.end()


class MapCanvas(pg.GraphicsView):
    """pyqtgraph's view, which clears its background only where no layer covers it: the map's
    static image is opaque and fills the view in nearly every frame, and at 4K each clear
    (the viewport's own, then the scene's background) costs 3-4 ms."""

    def __init__(self, parent: QWidget, background: str) -> None:
        super().__init__(parent, background=background)
        self.layers: dict[str, MapLayer] = {}
        # No cached background either: pyqtgraph caches it as a pixmap of the whole view, copied
        # under every frame (another 4K copy), and drawBackground decides per frame here.
        self.setCacheMode(QGraphicsView.CacheModeFlag.CacheNone)
        self.viewport().setAttribute(Qt.WA_OpaquePaintEvent, True)  # drawBackground clears when needed

    def drawBackground(self, painter, rect) -> None:
        if any(layer.covers_view() for layer in self.layers.values()):
            return
        super().drawBackground(painter, rect)


class MapView(QWidget):
    """The map canvas. Layers are added once; the view tells them what is on screen."""

    cursorMoved = Signal(float, float)
    clicked = Signal(float, float)
    viewChanged = Signal(object)  # ViewState

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.graphics = MapCanvas(self, background="#dfe6ec")
        self.graphics.setAntialiasing(True)
        self.box = pg.ViewBox(lockAspect=True, enableMenu=False, enableMouse=True)
        self.box.setMouseMode(pg.ViewBox.PanMode)
        self.box.disableAutoRange()
        self.graphics.setCentralItem(self.box)
        self.overlay = MapOverlay(self)
        stack = QStackedLayout(self)
        stack.setStackingMode(QStackedLayout.StackAll)
        stack.addWidget(self.overlay)
        stack.addWidget(self.graphics)
        self.layers: dict[str, MapLayer] = self.graphics.layers
        self.home = QRectF(0, 0, 1, 1)
        self.setFocusPolicy(Qt.StrongFocus)
        self.box.sigRangeChanged.connect(self._on_range)
        self.box.sigResized.connect(self._on_range)
        self.graphics.scene().sigMouseMoved.connect(self._on_move)
        self.graphics.scene().sigMouseClicked.connect(self._on_click)
        self.box.sigRangeChangedManually.connect(self._end_zoom_box)
        self.tool = None  # Callable[[MapEvent], bool]: True when the tool took the event
        self._tool_owns_drag = False
        self._motion = 0  # depth of motion(): the view changes are steps of one motion
        self._held = 0  # depth of held(): the layers are told the view when it ends
        self._held_change = False
        self.graphics.viewport().installEventFilter(self)

    # -- layers
    def add_layer(self, layer: MapLayer, z: float) -> None:
        layer.setZValue(z)
        self.layers[layer.key] = layer
        self.box.addItem(layer, ignoreBounds=True)
        layer.set_view(self.view_state())

    def set_background(self, color: str, dark: bool) -> None:
        self.graphics.setBackground(color)
        self.overlay.dark = dark
        self.overlay.update()

    def set_ui_scale(self, scale: float) -> None:
        self.overlay.ui_scale = scale
        for layer in self.layers.values():
            layer.set_ui_scale(scale)
        self.overlay.update()

    # -- navigation
    def set_home(self, bounds: tuple[float, float, float, float]) -> None:
        minx, miny, maxx, maxy = bounds
        self.home = QRectF(minx, miny, maxx - minx, maxy - miny)

    def whole_district(self) -> None:
        self.box.setRange(rect=self.home, padding=0.03)

    def show_bounds(self, bounds: tuple[float, float, float, float], padding: float = 0.08) -> None:
        """Fit the metric rectangle ``bounds`` (minx, miny, maxx, maxy) in the view."""
        minx, miny, maxx, maxy = bounds
        self.box.setRange(rect=QRectF(minx, miny, max(maxx - minx, 1.0), max(maxy - miny, 1.0)), padding=padding)

    def zoom_by(self, factor: float, centre: QPointF | None = None) -> None:
        """Zoom in (factor < 1) or out (factor > 1) about ``centre`` (default: view centre)."""
        self.box.scaleBy((factor, factor), center=centre or self.box.viewRect().center())

    def pan_by(self, fx: float, fy: float) -> None:
        """Pan by fractions of the view's width and height (positive: east, north)."""
        r = self.box.viewRect()
        self.box.translateBy(x=fx * r.width(), y=fy * r.height())

    def centre_on(self, x: float, y: float, metres_per_px: float | None = None) -> None:
        r = self.box.viewRect()
        if metres_per_px:
            w, h = self.box.width() * metres_per_px, self.box.height() * metres_per_px
        else:
            w, h = r.width(), r.height()
        self.box.setRange(rect=QRectF(x - w / 2, y - h / 2, w, h), padding=0)

    def start_zoom_box(self) -> None:
        """The next drag draws a box to zoom into, then the mouse pans again."""
        self.box.setMouseMode(pg.ViewBox.RectMode)

    def _end_zoom_box(self, *args) -> None:
        if self.box.state["mouseMode"] == pg.ViewBox.RectMode:
            self.box.setMouseMode(pg.ViewBox.PanMode)

    def view_state(self) -> ViewState:
        rect = self.box.viewRect()
        w = max(self.box.width(), 1.0)
        return ViewState(rect=rect, metres_per_px=rect.width() / w, moving=self._motion > 0)

    @contextmanager
    def motion(self):
        """View changes made inside are steps of one continuous motion (a wheel zoom, a zoom
        key held down): layers keep what they drew as a stand-in and choose their detail
        once the motion has held still, so no step waits for it."""
        self._motion += 1
        try:
            yield
        finally:
            self._motion -= 1

    @contextmanager
    def held(self):
        """A new view and a new window layout at once (the emergency switch): the map is
        resized as docks come and go and is then centred; the layers are told the view once,
        at the end, so they choose their detail for the view the user will see, not for each
        size the map passes through."""
        self._held += 1
        try:
            yield
        finally:
            self._held -= 1
            if not self._held and self._held_change:
                self._held_change = False
                self._on_range()

    def _input_motion(self) -> None:
        """The wheel event being handled moves the view as one step of a motion; the step
        ends with the event (the flag is dropped on the next turn of the event loop)."""
        self._motion += 1
        QTimer.singleShot(0, self._end_input_motion)

    def _end_input_motion(self) -> None:
        self._motion = max(0, self._motion - 1)

    def scale_denominator(self) -> float:
        """The map scale 1:N on this screen (from its logical DPI)."""
        dpi = self.logicalDpiX() or 96
        return self.view_state().metres_per_px * dpi / INCH_M

    # -- events
    def _on_range(self, *args) -> None:
        if self._held:
            self._held_change = True
            return
        state = self.view_state()
        with ExitStack() as together:  # the density is composed once, not once per point layer
            for layer in self.layers.values():
                together.enter_context(layer.batch())
            for layer in self.layers.values():
                layer.set_view(state)
        self.overlay.metres_per_px = state.metres_per_px
        self.overlay.update()
        self.viewChanged.emit(state)

    def _on_move(self, pos) -> None:
        p = self.box.mapSceneToView(pos)
        self.cursorMoved.emit(p.x(), p.y())

    def _on_click(self, event) -> None:
        if event.button() != Qt.LeftButton or event.double():
            return
        p = self.box.mapSceneToView(event.scenePos())
        self.clicked.emit(p.x(), p.y())

    # -- map tools
    def set_tool(self, tool) -> None:
        """Route mouse events to ``tool(MapEvent) -> bool`` (None: the map only pans and zooms).

        A press the tool takes keeps the following moves and release; one it declines
        pans the map as usual.
        """
        self.tool = tool
        self._tool_owns_drag = False

    def map_point(self, pos) -> tuple[float, float]:
        p = self.box.mapSceneToView(self.graphics.mapToScene(pos.toPoint()))
        return p.x(), p.y()

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Wheel and obj is self.graphics.viewport():
            self._input_motion()
        if self.tool is None or obj is not self.graphics.viewport():
            return False
        kinds = {QEvent.MouseButtonPress: "press", QEvent.MouseMove: "move", QEvent.MouseButtonRelease: "release",
                 QEvent.MouseButtonDblClick: "double"}
        kind = kinds.get(event.type())
        if kind is None:
            return False
        if kind != "move" and event.button() != Qt.LeftButton:
            return False
        x, y = self.map_point(event.position())
        mods = event.modifiers()
        map_event = MapEvent(kind, x, y, shift=bool(mods & Qt.ShiftModifier), ctrl=bool(mods & Qt.ControlModifier))
        if kind == "move" and event.buttons() & Qt.LeftButton and not self._tool_owns_drag:
            return False  # the map is being panned
        taken = bool(self.tool(map_event))
        if kind == "press":
            self._tool_owns_drag = taken
        elif kind == "release":  # a release belongs to whoever had the press (a plain click selects)
            taken, self._tool_owns_drag = self._tool_owns_drag, False
        elif kind == "move":
            taken = self._tool_owns_drag
        return taken

    def keyPressEvent(self, event) -> None:
        key = event.key()
        names = {Qt.Key_Return: "Enter", Qt.Key_Enter: "Enter", Qt.Key_Escape: "Escape", Qt.Key_Delete: "Delete",
                 Qt.Key_Backspace: "Delete"}
        if self.tool is not None and key in names and self.tool(MapEvent("key", key=names[key])):
            event.accept()
            return
        steps = {Qt.Key_Left: (-0.2, 0), Qt.Key_Right: (0.2, 0), Qt.Key_Up: (0, 0.2), Qt.Key_Down: (0, -0.2)}
        if key in steps:
            self.pan_by(*steps[key])
        elif key in (Qt.Key_Plus, Qt.Key_Equal):
            with self.motion():
                self.zoom_by(0.7)
        elif key in (Qt.Key_Minus, Qt.Key_Underscore):
            with self.motion():
                self.zoom_by(1 / 0.7)
        elif key == Qt.Key_Home:
            self.whole_district()
        else:
            super().keyPressEvent(event)
            return
        event.accept()
