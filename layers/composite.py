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
import time

from PySide6.QtCore import QRect, QRectF, QTimer
from PySide6.QtGui import QImage, QPainter, QRegion, QTransform

from layers.base import MapLayer, ViewState
from layers.style import qcolor

MARGIN = 0.25          # the image reaches this share of the view beyond each edge
RESCALE_LIMIT = 2.0    # beyond this zoom factor from the image's own scale, redraw at once
SETTLE_MS = 120        # after the view stops moving, redraw a scaled image sharp
TILES = 8              # a redraw the view runs ahead of is drawn in TILES x TILES parts, nearest the view first
OVERVIEW_PX = 1920     # the width of the district's small stand-in (8 MB)
FRAME_BUDGET_S = 0.008  # drawing of those parts per turn of the event loop between frames


def _same_scale(mpp: float, view: ViewState) -> bool:
    return abs(view.metres_per_px / mpp - 1) < 1e-6


def _serves(rect: QRectF | None, mpp: float, view: ViewState) -> bool:
    """An image of ``rect`` at ``mpp`` can serve ``view`` as it is: it covers it at the same scale."""
    return rect is not None and rect.contains(view.rect) and _same_scale(mpp, view)


class _Progressive:
    """A new image drawn part by part while the old one (shifted or scaled) stands in."""

    def __init__(self, rect: QRectF, mpp: float, background, spare: QImage | None = None) -> None:
        self.rect, self.mpp, self.background = rect, mpp, background
        w, h = max(1, round(rect.width() / mpp)), max(1, round(rect.height() / mpp))
        self.size = (w, h)
        # Made with the first part: a zoom passes through many jobs. A job given up hands its
        # image on: a new 75 MB image costs its first frame 20-40 ms of fresh pages at 4K.
        self._image: QImage | None = spare if spare is not None and (spare.width(), spare.height()) == self.size \
            else None
        xs = [round(w * k / TILES) for k in range(TILES + 1)]
        ys = [round(h * k / TILES) for k in range(TILES + 1)]
        self.todo = [QRect(xs[i], ys[j], xs[i + 1] - xs[i], ys[j + 1] - ys[j])
                     for i in range(TILES) for j in range(TILES) if xs[i + 1] > xs[i] and ys[j + 1] > ys[j]]
        self.done: list[QRect] = []
        self.ready = QRegion()  # pixels of the image that hold something: finished parts, stand-ins
        self.frames = 0         # frames shown while it is drawn

    @property
    def image(self) -> QImage:
        if self._image is None:
            # Not filled: each part paints its own background as it is drawn (_draw_into), so
            # no frame pays for filling 75 MB at once, and only finished parts are ever shown.
            self._image = QImage(*self.size, QImage.Format_RGB32)
        return self._image

    def world(self, part: QRect) -> QRectF:
        """The world rectangle (y up) of image pixels ``part`` (rows top-down)."""
        m = self.mpp
        return QRectF(self.rect.left() + part.left() * m, self.rect.bottom() - (part.top() + part.height()) * m,
                      part.width() * m, part.height() * m)

    def serves(self, view: ViewState) -> bool:
        return _serves(self.rect, self.mpp, view)

    def covers(self, view: ViewState) -> bool:
        """Every part ``view`` shows is drawn: the rest is margin, off the screen."""
        if not self.serves(view):
            return False
        inner = view.rect.adjusted(self.mpp, self.mpp, -self.mpp, -self.mpp)  # a pixel's overlap is no gap
        return not any(self.world(part).intersects(inner) for part in self.todo)

    def order(self, view: ViewState) -> None:
        """What the view shows first, then the margin by distance from the view's centre."""
        c = view.rect.center()

        def key(part: QRect):
            r = self.world(part)
            return (not r.intersects(view.rect), (r.center().x() - c.x()) ** 2 + (r.center().y() - c.y()) ** 2)
        self.todo.sort(key=key)


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
        self.outdated = False  # drawn with another detail: redrawn part by part, standing in meanwhile
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
        self._job: _Progressive | None = None  # a redraw the view ran ahead of, drawn part by part
        self._spare: QImage | None = None  # the image of a job given up, for the next job (see _Progressive)
        # The whole district small (a tenth of a 4K image's memory), made from the last image that
        # held all of it: the stand-in where a jump lands outside every cached image.
        self._overview: tuple[QImage, QRectF, float] | None = None
        self._next_parts = QTimer()
        self._next_parts.setSingleShot(True)
        self._next_parts.setInterval(0)
        self._next_parts.timeout.connect(self._continue_job)
        self.progressive_renders = 0  # images finished part by part (tests, bench)

    @property
    def drawing(self) -> bool:
        """The image on screen is a stand-in: a redraw is deferred or under way part by part."""
        return self.pending or self._job is not None

    def defer_next_render(self) -> None:
        """Let the next redraw this image needs wait one turn of the event loop; the old image
        (shifted, scaled, in the old colours) or the bare background stands in until then."""
        self._defer = True

    def flush(self) -> None:
        """Draw a deferred or part-drawn image now (before a grab that must show the real map)."""
        if self.pending and self.view is not None:
            self._later.stop()
            self._render_deferred()
        if self._job is not None:
            self._next_parts.stop()
            self._draw_parts(self._job, budget_s=None)
            self._finish_job()

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
        self._overview = None  # in the old style too
        self._drop_job()  # drawn in the old style: the redraw starts again
        super().update()

    def detail_changed(self) -> None:
        """A member shows more or less at this scale: unlike a restyle nothing on the image is
        wrong, so it stands in while the new one is drawn part by part (a zoom never waits for a
        whole redraw because grid names appear)."""
        if self.image is None or self.stale:
            self.invalidate()
            return
        self._drop_job()  # a job under way may have drawn parts with the old detail
        self.outdated = True
        super().update()

    def set_view(self, view: ViewState) -> None:
        self.view = view
        if self.image is not None and not self._fits(view):
            self._settle.start()
        super().update()

    def _fits(self, view: ViewState) -> bool:
        """The image can serve this view as it is: it covers it at the same scale."""
        return _serves(self.image_rect, self.image_mpp, view)

    def _usable(self, view: ViewState) -> bool:
        """The image can stand in for this view (shifted or slightly scaled) until it is redrawn."""
        return (self.image_rect is not None and self.image_rect.contains(view.rect)
                and abs(math.log(view.metres_per_px / self.image_mpp)) < math.log(RESCALE_LIMIT))

    def _sharpen(self) -> None:
        """The view settled on a scale or place the image does not fit: draw it anew, part by
        part, the scaled image standing in meanwhile."""
        if self.view is not None and not self._fits(self.view):
            if self.image is not None and not self.stale:
                if self._job is None or not self._job.serves(self.view):
                    self._start_job(self.view)
            else:
                self.stale = True
            super().update()

    # ------------------------------------------------------------------ part by part
    def _start_job(self, view: ViewState) -> None:
        """A new image for ``view``, drawn part by part between frames, nearest the view first,
        8 ms at a turn of the event loop. A part of the view the old image does not cover is
        drawn in the frame whatever it costs: the map never shows a hole."""
        rect, mpp = self._cache_rect(view)
        self._flat = self._flat_key = None  # the stand-in is the old image itself: 75 MB at 4K freed
        self._drop_job()
        job = self._job = _Progressive(rect, mpp, qcolor(self.palette.background), self._spare)
        self._spare = None
        job.order(view)
        self._next_parts.start()

    def _drop_job(self) -> None:
        """Give up the job under way; its image is kept for the next one (a zoom starts one a step)."""
        if self._job is not None and self._job._image is not None:
            self._spare = self._job._image
        self._job = None

    def _continue_job(self) -> None:
        job = self._job
        if job is None:
            return
        before = len(job.done)
        self._draw_parts(job, budget_s=FRAME_BUDGET_S)
        if job.todo:
            self._next_parts.start()
            # Only a part the view shows changes the screen (its stand-in turns sharp), and only
            # there: at 4K a whole repaint after each part of the margin cost a frame each turn.
            view = self.view
            shown = [job.world(p) for p in job.done[before:] if view is not None and job.world(p).intersects(view.rect)]
            if shown:
                area = shown[0]
                for r in shown[1:]:
                    area = area.united(r)
                super().update(area.intersected(view.rect))
        else:
            self._finish_job()

    def _draw_parts(self, job: _Progressive, budget_s: float | None, view: ViewState | None = None,
                    at_least_one: bool = True) -> None:
        """Draw parts, nearest the view first, until ``budget_s`` is spent (None: all of them);
        with ``view``, first every part of it that the old image does not cover, whatever the
        budget, in one pass over the members (their cost is per pass as much as per pixel)."""
        start = time.perf_counter()
        drawn = 0
        if view is not None:
            must = [] if self._overview is not None else \
                [p for p in job.todo if job.world(p).intersects(view.rect)
                 and not (self.image_rect is not None and self.image_rect.contains(job.world(p)))]
            if must:
                box = must[0]
                for p in must[1:]:
                    box = box.united(p)
                self._draw_into(job, box)
                for p in [p for p in job.todo if box.contains(p)]:
                    job.todo.remove(p)
                    job.done.append(p)
                drawn += 1
        while job.todo:
            if budget_s is not None and (drawn or not at_least_one) and time.perf_counter() - start >= budget_s:
                break
            part = job.todo.pop(0)
            self._draw_into(job, part)
            job.done.append(part)
            drawn += 1

    def _draw_into(self, job: _Progressive, part: QRect) -> None:
        """The members, clipped to ``part`` of the job's image. They cull by the view they are
        given: the part with a margin, so a label or a line that crosses its edge is drawn on
        both sides of it."""
        painter = QPainter(job.image)
        painter.fillRect(part, job.background)
        painter.setClipRect(part)
        painter.setTransform(self._world_to_image(job.rect, job.mpp))
        r = job.world(part)
        pad = max(r.width(), r.height()) * 0.25
        self._draw_members(painter, ViewState(r.adjusted(-pad, -pad, pad, pad), job.mpp))
        painter.end()
        job.ready = job.ready.united(part)

    def _finish_job(self, repaint: bool = True) -> None:
        job, self._job = self._job, None
        if job is None:
            return
        self._next_parts.stop()
        self.image, self.image_rect, self.image_mpp = job.image, job.rect, job.mpp
        self._spare = None  # nothing is under way: no image is held for one
        self.stale = self.outdated = False
        self._keep_overview()
        self.renders += 1
        self.progressive_renders += 1
        if repaint:
            super().update()

    def _paint_job(self, painter, view: ViewState) -> None:
        """The new image's finished parts, the old image (shifted or scaled) where parts are
        still to come. A job's first frame draws the old image straight to the screen (a zoom
        starts a job a step); from its second on, the old image's pixels are copied into the
        new one where the view needs them, once, and a frame is one blit of the new image
        (a frame of many fragments cost twice a blit)."""
        job = self._job
        self.merged = False
        painter.save()
        world = painter.transform()
        painter.resetTransform()
        painter.setRenderHint(QPainter.SmoothPixmapTransform, False)
        target = world.mapRect(job.rect)
        left, top = round(target.left()), round(target.top())
        job.frames += 1
        if job.covers(view) or job.frames > 1:
            if not job.covers(view):
                self._seed(job, view)
            blit_visible(painter, job.image, left, top)
            painter.restore()
            return
        device = painter.device()
        screen = QRect(0, 0, device.width(), device.height())
        sources = self._stand_ins(view.rect)
        if not sources or not sources[0][1].contains(view.rect):
            painter.fillRect(screen, job.background)  # what no stand-in holds is the map's background
        for image, rect, mpp in sources:
            to = world.mapRect(rect)
            if _same_scale(mpp, view):  # whole pixels, only those on the screen (Qt's fast copy)
                blit_visible(painter, image, round(to.left()), round(to.top()))
            else:
                painter.drawImage(to, image)
        for part in job.done:
            shown = part.translated(left, top).intersected(screen)
            if not shown.isEmpty():
                painter.drawImage(shown.topLeft(), job.image, shown.translated(-left, -top))
        painter.restore()

    def _seed(self, job: _Progressive, view: ViewState) -> None:
        """Copy the old image (shifted, or scaled at nearest pixels) into the new one wherever
        the view shows pixels that hold nothing yet."""
        k = job.mpp
        shown = QRectF((view.rect.left() - job.rect.left()) / k, (job.rect.bottom() - view.rect.bottom()) / k,
                       view.rect.width() / k, view.rect.height() / k).toAlignedRect()
        need = QRegion(shown.intersected(QRect(0, 0, *job.size))).subtracted(job.ready)
        if need.isEmpty():
            return
        painter = QPainter(job.image)
        painter.setRenderHint(QPainter.SmoothPixmapTransform, False)
        for rect in need:
            self._stand_in_into(painter, job, rect)
        painter.end()
        job.ready = job.ready.united(need)

    def _stand_ins(self, world: QRectF) -> list[tuple[QImage, QRectF, float]]:
        """The images that can stand in over ``world``, coarsest first: the district's overview
        (unless the old image holds all of it), then the old image."""
        out = []
        old = (self.image, self.image_rect, self.image_mpp) if self.image is not None else None
        if self._overview is not None and self._overview[1].intersects(world) \
                and not (old is not None and old[1].contains(world)):
            out.append(self._overview)
        if old is not None and old[1].intersects(world):
            out.append(old)
        return out

    def _stand_in_into(self, painter, job: _Progressive, rect: QRect) -> None:
        """The stand-ins' pixels for job pixels ``rect``; the background where none has any."""
        r = job.world(rect)
        sources = self._stand_ins(r)
        if not sources or not sources[0][1].contains(r):
            painter.fillRect(rect, job.background)
        k = job.mpp
        for old, ir, m in sources:
            have = r.intersected(ir)
            target = QRectF((have.left() - job.rect.left()) / k, (job.rect.bottom() - have.bottom()) / k,
                            have.width() / k, have.height() / k)
            source = QRectF((have.left() - ir.left()) / m, (ir.bottom() - have.bottom()) / m,
                            have.width() / m, have.height() / m)
            if _same_scale(m, ViewState(r, k)):  # a shift: whole pixels (Qt's fast copy)
                t, src = target.toRect(), source.toRect()
                painter.drawImage(t.topLeft(), old, QRect(src.topLeft(), t.size()))
            else:
                painter.drawImage(target, old, source)

    def _keep_overview(self) -> None:
        """A small copy of an image that holds the whole district, for jumps beyond the others."""
        if self.image is None or not self.image_rect.contains(self._bounds):
            return
        k = max(1, math.ceil(self.image.width() / OVERVIEW_PX))
        sw, sh = max(1, self.image.width() // k), max(1, self.image.height() // k)
        small = QImage(sw, sh, QImage.Format_RGB32)
        painter = QPainter(small)  # whole source pixels per pixel: one scale for both axes
        painter.setRenderHint(QPainter.SmoothPixmapTransform, True)
        painter.drawImage(QRectF(0, 0, sw, sh), self.image, QRectF(0, 0, sw * k, sh * k))
        painter.end()
        m = self.image_mpp * k
        north = self.image_rect.bottom()
        self._overview = (small, QRectF(self.image_rect.left(), north - sh * m, sw * m, sh * m), m)

    # ------------------------------------------------------------------ drawing
    @staticmethod
    def _cache_rect(view: ViewState) -> tuple[QRectF, float]:
        """The world rectangle an image for ``view`` covers (the view plus the margin, whole pixels)."""
        r = view.rect
        mpp = view.metres_per_px
        rect = r.adjusted(-r.width() * MARGIN, -r.height() * MARGIN, r.width() * MARGIN, r.height() * MARGIN)
        w, h = max(1, round(rect.width() / mpp)), max(1, round(rect.height() / mpp))
        return QRectF(rect.left(), rect.top(), w * mpp, h * mpp), mpp

    @staticmethod
    def _world_to_image(rect: QRectF, mpp: float) -> QTransform:
        """World (y up) to image pixels (y down, top row = the rect's north edge)."""
        return QTransform(1 / mpp, 0, 0, -1 / mpp, -rect.left() / mpp, rect.bottom() / mpp)

    def _draw_members(self, painter, cache_view: ViewState) -> None:
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

    def render(self, view: ViewState, device_scale: float = 1.0) -> None:
        """Draw every visible member into a new image covering ``view`` plus the margin."""
        self._job = self._spare = None
        # Nothing paints until this returns: the old image and its flattened copy go first, so
        # a 4K wall never holds three of them (75 MB each).
        self._flat = self._flat_key = None
        self.image = None
        rect, mpp = self._cache_rect(view)
        w, h = max(1, round(rect.width() / mpp)), max(1, round(rect.height() / mpp))
        # Opaque (the map's background colour under everything): a frame copies it without blending.
        image = QImage(w, h, QImage.Format_RGB32)
        image.fill(qcolor(self.palette.background))
        painter = QPainter(image)
        painter.setTransform(self._world_to_image(rect, mpp))
        self._draw_members(painter, ViewState(rect, mpp))
        painter.end()
        self.image, self.image_rect, self.image_mpp = image, rect, mpp
        self.stale = self.outdated = False
        self._defer = False
        self._keep_overview()
        self.renders += 1

    def paint(self, painter, option, widget=None) -> None:
        view = self.view
        if view is None:
            return
        if self._job is not None and (self.stale or not self._job.serves(view)):
            self._drop_job()  # the view left it: a new one starts below
        if self._job is None and (self.stale or self.outdated or self.image is None or not self._usable(view)):
            if self.image is not None and (self._defer or self.pending):
                self._stand_in(painter, view)
                return
            if self.image is not None and not self.stale:
                self._start_job(view)  # the view ran ahead of the image: drawn part by part
            else:
                self.render(view)
        if self._job is not None:
            # Only what the view needs and nothing covers: the turns between frames draw the rest
            self._draw_parts(self._job, budget_s=0.0, view=view, at_least_one=False)
            if self._job.todo:
                self._paint_job(painter, view)
                return
            self._finish_job(repaint=False)
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
            # The image with the density already blended in, when there is one of this image:
            # one stretched copy instead of two (the density's own costs 5-10 ms at 4K).
            flat = self._flat if self._flat is not None and self._flat_key is not None \
                and self._flat_key[0] == self.renders and self.overlay is not None and self.overlay.isVisible() \
                and self._flat_key[2] == self.overlay.opacity() else None
            self.merged = flat is not None
            painter.drawImage(target, flat if flat is not None else self.image)
        painter.restore()

    def covers_view(self) -> bool:
        """The frame paints every pixel of the view opaquely: the image as it is, shifted or
        stretched (it stands in only where it holds the whole view), or a redraw part by part
        over its stand-ins (which fills what none of them holds). Not while a redraw is
        deferred: the old image may then show only in part."""
        if self.view is None or self.image is None or self.stale or self.pending or self._defer:
            return False
        return self.isVisible() and self.opacity() >= 1.0

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
                # One copy and one blend clipped to all of them: a burst of 100 incidents made
                # 100 small draws of each, 20 ms at 4K, where the clipped pair costs their pixels.
                region = QRegion()
                for r in patched:
                    region = region.united(QRegion(r.translated(ox, oy)))
                painter = QPainter(self._flat)
                painter.setClipRegion(region)
                painter.setCompositionMode(QPainter.CompositionMode_Source)
                painter.drawImage(0, 0, self.image)
                painter.setCompositionMode(QPainter.CompositionMode_SourceOver)
                painter.setOpacity(overlay.opacity())
                overlay.paint_image(painter, ox, oy)
                painter.end()
                self._flat_serial = serial
                return self._flat
        self._flat = None  # the old one goes before the new one is made
        flat = self.image.copy()
        painter = QPainter(flat)
        painter.setOpacity(overlay.opacity())
        overlay.paint_image(painter, ox, oy)
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
