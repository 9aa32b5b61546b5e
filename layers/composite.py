"""The static composite: slow-changing layers (basemap, grids) drawn once into one screen-
resolution image, so a frame costs one image blit instead of thousands of path elements.

The image covers the view plus a margin. A pan inside the margin shifts the image; a
small zoom scales it (a preview) and the image is redrawn sharp once the view settles;
a change in a member layer (restyle, new fill, boundary edit, visibility, opacity)
marks it stale and the next frame redraws it. This is how map canvases such as QGIS's
keep panning smooth: compose a few rendered images, redraw only what changed. Where the
first frame matters more than its basemap (a mode switch), the redraw waits one turn of
the event loop while the previous image stands in, as QGIS shows the old map until the
new render arrives.
"""
from __future__ import annotations

import math

from PySide6.QtCore import QRect, QRectF, QTimer
from PySide6.QtGui import QImage, QPainter, QTransform

from layers.base import MapLayer, ViewState
from layers.style import qcolor

MARGIN = 0.25          # the image reaches this share of the view beyond each edge
RESCALE_LIMIT = 2.0    # beyond this zoom factor from the image's own scale, redraw at once
SETTLE_MS = 120        # after the view stops moving, redraw a scaled image sharp


class StaticComposite(MapLayer):
    """Draws ``members`` (MapLayers, bottom first) from a cached image of them.

    The members stay in the view (they still choose their level of detail from it) but
    paint nothing there themselves.
    """

    key = "static"

    def __init__(self, bounds, members: list[MapLayer]) -> None:
        super().__init__(bounds)
        self.members = list(members)
        for m in self.members:
            m.composite = self
        self.image: QImage | None = None
        self.image_rect: QRectF | None = None   # world rect the image covers
        self.image_mpp = 0.0                      # metres per image pixel
        self.stale = True
        self.view: ViewState | None = None
        self.renders = 0                          # how many times the image was drawn (tests, bench)
        self.overlay = None    # a DensityOverlay blended into the image while the view holds still
        self.merged = False    # this frame's image included the overlay
        self._flat: QImage | None = None
        self._flat_key = None
        self._flat_serial = -1
        self.full_flattens = 0  # times the static image was copied and the whole overlay blended in
        self._settle = QTimer()
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self._sharpen)
        self._defer = False    # the next redraw waits for the next turn of the event loop
        # A timer, not a zero-delay singleShot (Qt runs those as posted events, in the same
        # pass as the paint that scheduled them): the frame is shown before the redraw starts.
        self._later = QTimer()
        self._later.setSingleShot(True)
        self._later.setInterval(0)
        self._later.timeout.connect(self._render_deferred)
        self.pending = False   # a deferred redraw is scheduled: the image on screen is a stand-in

    def defer_next_render(self) -> None:
        """Let the next redraw this image needs wait one turn of the event loop; the old image
        (shifted, scaled, in the old colours) or the bare background stands in until then."""
        self._defer = True

    def flush(self) -> None:
        """Draw a deferred image now (before a grab that must show the real map)."""
        if self.pending and self.view is not None:
            self._later.stop()
            self._render_deferred()

    def _render_deferred(self) -> None:
        if not self.pending:
            return
        self.pending = False
        if self.view is not None:
            self.render(self.view)
        # The whole viewport, not only this item's rect: after a theme change the surround
        # (the view's background) must not keep the old theme's colour until something moves.
        scene = self.scene()
        if scene is not None:
            scene.update()
        else:
            super().update()

    def restyle(self) -> None:
        self.invalidate()

    def invalidate(self) -> None:
        self.stale = True
        super().update()

    def set_view(self, view: ViewState) -> None:
        self.view = view
        if self.image is not None and not self._fits(view):
            self._settle.start()
        super().update()

    def _fits(self, view: ViewState) -> bool:
        """The image can serve this view as it is: it covers it at the same scale."""
        return (self.image_rect is not None and self.image_rect.contains(view.rect)
                and abs(view.metres_per_px / self.image_mpp - 1) < 1e-6)

    def _usable(self, view: ViewState) -> bool:
        """The image can stand in for this view (shifted or slightly scaled) until it is redrawn."""
        return (self.image_rect is not None and self.image_rect.contains(view.rect)
                and abs(math.log(view.metres_per_px / self.image_mpp)) < math.log(RESCALE_LIMIT))

    def _sharpen(self) -> None:
        if self.view is not None and not self._fits(self.view):
            self.stale = True
            super().update()

    def render(self, view: ViewState, device_scale: float = 1.0) -> None:
        """Draw every visible member into a new image covering ``view`` plus the margin."""
        r = view.rect
        mpp = view.metres_per_px
        rect = r.adjusted(-r.width() * MARGIN, -r.height() * MARGIN, r.width() * MARGIN, r.height() * MARGIN)
        w, h = max(1, round(rect.width() / mpp)), max(1, round(rect.height() / mpp))
        rect = QRectF(rect.left(), rect.top(), w * mpp, h * mpp)
        # Opaque (the map's background colour under everything): a frame copies it without blending.
        image = QImage(w, h, QImage.Format_RGB32)
        image.fill(qcolor(self.palette.background))
        painter = QPainter(image)
        # World (y up) to image pixels (y down, top row = the rect's north edge).
        painter.setTransform(QTransform(1 / mpp, 0, 0, -1 / mpp, -rect.left() / mpp, rect.bottom() / mpp))
        cache_view = ViewState(rect, mpp)
        for layer in sorted(self.members, key=lambda m: m.zValue()):
            if not layer.isVisible() or layer.opacity() <= 0:
                continue
            own = layer.view
            layer.view = cache_view
            painter.save()
            painter.setOpacity(layer.opacity())
            try:
                layer.draw(painter)
            finally:
                painter.restore()
                layer.view = own
        painter.end()
        self.image, self.image_rect, self.image_mpp = image, rect, mpp
        self.stale = False
        self._defer = False
        self.renders += 1

    def paint(self, painter, option, widget=None) -> None:
        view = self.view
        if view is None:
            return
        if self.stale or self.image is None or not self._usable(view):
            if self.image is not None and (self._defer or self.pending):
                self._stand_in(painter, view)
                return
            self.render(view)
        target = painter.transform().mapRect(self.image_rect)
        painter.save()
        painter.resetTransform()
        exact = self._fits(view)
        # In motion the stretched image is a stand-in for a moment; nearest-pixel scaling is
        # twice as fast as smooth, and the sharp image follows when the view settles.
        painter.setRenderHint(QPainter.SmoothPixmapTransform, False)
        self.merged = False
        if exact:
            image = self._flattened()
            self.merged = image is not None
            blit_visible(painter, image if image is not None else self.image, round(target.left()),
                         round(target.top()))
        else:
            painter.drawImage(target, self.image)
        painter.restore()

    def _stand_in(self, painter, view: ViewState) -> None:
        """Show the old image where it covers this view and schedule the real one."""
        if not self.pending:
            self.pending = True
            self._defer = False
            self._later.start()
        if self.image_rect.intersects(view.rect):
            target = painter.transform().mapRect(self.image_rect)
            painter.save()
            painter.resetTransform()
            painter.setRenderHint(QPainter.SmoothPixmapTransform, False)
            painter.drawImage(target, self.image)
            painter.restore()

    def _flattened(self) -> QImage | None:
        """The image with the density overlay already blended in (one blit per frame instead
        of two); remade only when either changes. None when the overlay is not ready at
        this scale (it then draws itself)."""
        overlay = self.overlay
        if overlay is None or not overlay.isVisible():
            return None
        density, rect = overlay.prepared(self.image_mpp)
        if density is None:
            return self.image if rect is None else None
        key = (self.renders, rect, overlay.opacity())
        ox = round((rect.left() - self.image_rect.left()) / self.image_mpp)
        oy = round((self.image_rect.bottom() - rect.bottom()) / self.image_mpp)
        serial = overlay.image_serial
        if self._flat is not None and self._flat_key == key:
            if serial == self._flat_serial:
                return self._flat
            patched = overlay.patched_since(self._flat_serial)
            if patched is not None:  # a burst: re-blend only the rectangles the overlay patched
                painter = QPainter(self._flat)
                for r in patched:
                    target = r.translated(ox, oy)
                    painter.setCompositionMode(QPainter.CompositionMode_Source)
                    painter.setOpacity(1.0)
                    painter.drawImage(target.topLeft(), self.image, target)
                    painter.setCompositionMode(QPainter.CompositionMode_SourceOver)
                    painter.setOpacity(overlay.opacity())
                    painter.drawImage(target.topLeft(), density, r)
                painter.end()
                self._flat_serial = serial
                return self._flat
        flat = self.image.copy()
        painter = QPainter(flat)
        painter.setOpacity(overlay.opacity())
        painter.drawImage(ox, oy, density)
        painter.end()
        self.full_flattens += 1
        self._flat, self._flat_key, self._flat_serial = flat, key, serial
        return self._flat


def blit_visible(painter, image: QImage, left: int, top: int) -> None:
    """Draw ``image`` 1:1 at device (left, top), copying only the part on the device.

    The cached images reach beyond the screen; cropping first keeps the cost to the
    pixels actually shown.
    """
    device = painter.device()
    visible = QRect(0, 0, device.width(), device.height()).intersected(
        QRect(left, top, image.width(), image.height()))
    if visible.isEmpty():
        return
    painter.drawImage(visible.topLeft(), image, visible.translated(-left, -top))
