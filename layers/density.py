"""One density image for all point layers: their aggregates composed into a single
picture at half the screen's resolution, so a district frame draws one image instead of three
upscaled ones. A new point changes a few cells; only those cells are re-drawn.

Half, not full: the surface is a smooth interpolation of cells ten screen pixels wide, so
halving it shows nothing on a wall, and the image (it reaches a view beyond each edge) is
33 MB at 4K instead of 133 MB.
"""
from __future__ import annotations

from contextlib import contextmanager

import numpy as np
from scipy import ndimage
from PySide6.QtCore import QRect, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QRegion, QTransform

from layers.base import MapLayer, rings_path

PATCH_SHARE = 0.2  # beyond this share of changed cells, rescale the whole image at once
PATCHES_KEPT = 32   # patches remembered, so an image blended from this one can patch itself too
IMAGE_SCALE = 0.5   # the smooth image's pixels per screen pixel


def premultiplied(rgba: np.ndarray) -> np.ndarray:
    """(..., 4) straight RGBA as premultiplied BGRA: the bytes of a premultiplied ARGB32 image,
    which Qt blends with its fastest path (no conversion per pixel)."""
    a = rgba[..., 3:4].astype(np.uint16)
    out = np.empty(rgba.shape, dtype=np.uint8)
    out[..., :3] = (rgba[..., 2::-1] * a + 127) // 255
    out[..., 3] = rgba[..., 3]
    return out


def part_image(rgba: np.ndarray) -> QImage:
    """(nx, ny, 4) RGBA cells, x right and y up, as a premultiplied image with rows top-down."""
    nx, ny = rgba.shape[:2]
    rows = np.ascontiguousarray(premultiplied(np.transpose(rgba, (1, 0, 2))[::-1]))
    return QImage(rows.data, nx, ny, 4 * nx, QImage.Format_ARGB32_Premultiplied).copy()


def pixels(image: QImage) -> np.ndarray:
    """A writable (height, width, 4) view of a 32-bit image's pixels."""
    h, w = image.height(), image.width()
    return np.frombuffer(image.bits(), dtype=np.uint8).reshape(h, image.bytesPerLine() // 4, 4)[:, :w]


def source_over(parts: list[np.ndarray]) -> np.ndarray:
    """(n, 4) premultiplied BGRA colours of each part, bottom first, blended as _compose's
    painter blends them, for a few cells."""
    out = np.zeros(parts[0].shape, dtype=np.float32)
    for bgra in parts:
        out = bgra + out * (1 - bgra[:, 3:4].astype(np.float32) / 255)
    return np.rint(out).astype(np.uint8)


def image_size(screen: tuple[int, int]) -> tuple[int, int]:
    """The smooth image's size for a rect ``screen`` pixels wide and high."""
    return max(1, round(screen[0] * IMAGE_SCALE)), max(1, round(screen[1] * IMAGE_SCALE))


class DensityOverlay(MapLayer):
    key = "density"

    def __init__(self, bounds) -> None:
        super().__init__(bounds)
        self._parts: dict[str, tuple[QImage, QRectF, float]] = {}  # key -> (cells as an image, rect, z)
        self._cells: np.ndarray | None = None   # _small's premultiplied BGRA cells, rows top-down
        self._small: QImage | None = None
        self._clipped: QImage | None = None     # _small cleared outside the district (stretched while zooming)
        self._small_mask: QImage | None = None  # the district at _small's size
        self._small_mask_rect: QRectF | None = None
        self._rect: QRectF | None = None
        self._image: QImage | None = None       # _small scaled to IMAGE_SCALE of the screen's pixels
        self._image_for: tuple[int, int] | None = None  # the screen size (px) of _rect that _image is for
        self._changed: np.ndarray | None = None  # cells changed since _image was made (None: all)
        self._wanted: tuple[int, int] | None = None
        self._settle = QTimer()
        self._settle.setSingleShot(True)
        self._settle.setInterval(120)
        self._settle.timeout.connect(self._sharpen)
        self.full_rescales = 0
        self.version = 0          # changes whenever the picture does
        self.merged_by = None     # a StaticComposite that blends this image into its own
        self._batched = 0         # depth of batch() blocks: parts wait to be composed
        self._dirty = False
        self._clip: QPainterPath | None = None  # the district: no density is drawn outside it
        self._mask: QImage | None = None  # the district at the screen image's size (alpha): clears a patch outside it
        # Every change of the screen-sized image counts one serial; a patch also notes the
        # rectangles it touched, so a composite that blended this image in redraws only those.
        self.image_serial = 0
        self._whole_at = 0  # the serial of the last whole rescale
        self._patches: list[tuple[int, list[QRect]]] = []

    def clip_to(self, outline) -> None:
        """Draw the density only inside ``outline`` (shapely, metric): cells are square and
        blurred, and without this they spill over the district's edge."""
        self._clip = rings_path([outline]) if outline is not None and not outline.is_empty else None
        self._image = self._mask = self._clipped = self._small_mask = None

    @contextmanager
    def batch(self):
        """Compose once after several layers hand over new parts (a theme change recolours
        them all) instead of once per layer."""
        self._batched += 1
        try:
            yield
        finally:
            self._batched -= 1
            if self._batched == 0 and self._dirty:
                self._dirty = False
                self._compose()
                self.update()

    @property
    def part_keys(self) -> list[str]:
        return sorted(self._parts)

    def set_part(self, key: str, rgba: np.ndarray | None, rect: QRectF | None = None, z: float = 0.0) -> None:
        """``rgba``: (nx, ny, 4) uint8 cells over ``rect`` (x right, y up), or None to drop the layer."""
        self._put(key, None if rgba is None else part_image(rgba), rect, z)

    def set_alpha(self, key: str, alpha: np.ndarray, color: QColor, rect: QRectF, z: float = 0.0) -> None:
        """One colour at (nx, ny) uint8 opacities over ``rect``: what a point layer's density
        is. One lookup per cell makes the premultiplied image, rows top-down."""
        a = np.arange(256, dtype=np.uint32)
        lut = (a << 24) | (((color.red() * a + 127) // 255) << 16) | (((color.green() * a + 127) // 255) << 8) \
            | ((color.blue() * a + 127) // 255)
        nx, ny = alpha.shape
        rows = lut[np.ascontiguousarray(alpha.T[::-1])]  # uint8 turned first: cheaper than the result
        self._put(key, QImage(rows.data, nx, ny, 4 * nx, QImage.Format_ARGB32_Premultiplied).copy(), rect, z)

    def _put(self, key: str, image: QImage | None, rect: QRectF | None, z: float) -> None:
        self.version += 1
        if image is None:
            if self._parts.pop(key, None) is None:
                return
        else:
            self._parts[key] = (image, QRectF(rect), z)
        if self._batched:
            self._dirty = True
            return
        self._compose()
        self.update()

    def patch_part(self, key: str, i: np.ndarray, j: np.ndarray, rgba: np.ndarray) -> None:
        """New colours (n, 4) for cells (i, j) of one layer's part (a burst): written into the
        part, and only those cells of the composed image are blended again."""
        part = self._parts.get(key)
        if part is None or not len(i):
            return
        image, rect, _z = part
        rows = image.height() - 1 - np.asarray(j)
        pixels(image)[rows, i] = premultiplied(rgba)
        self.version += 1
        small = self._small
        if self._batched or small is None or small.size() != image.size() or self._rect != rect:
            if self._batched:
                self._dirty = True
            else:
                self._compose()
                self.update()
            return
        layers = [p[0] for p in sorted(self._parts.values(), key=lambda p: p[2])
                  if p[0].size() == image.size() and p[1] == rect]
        pixels(small)[rows, i] = source_over([pixels(img)[rows, i] for img in layers])
        h, w = small.height(), small.width()
        self._cells = np.frombuffer(small.constBits(), dtype=np.uint8).reshape(h, small.bytesPerLine() // 4, 4)[:, :w]
        if self._changed is not None:
            self._changed[rows, i] = True
        self._clipped = None
        self.update()

    def _compose(self) -> None:
        """Blend the parts (bottom first) into one premultiplied image of the cells and note
        which cells changed (only those are redrawn on the screen-sized image)."""
        parts = sorted(self._parts.values(), key=lambda p: p[2])
        if not parts:
            self._cells = self._small = self._image = self._rect = self._clipped = None
            return
        top, rect = parts[-1][0], parts[-1][1]
        small = QImage(top.width(), top.height(), QImage.Format_ARGB32_Premultiplied)
        small.fill(0)
        painter = QPainter(small)  # Qt's SIMD source-over: a few ms where numpy took twenty
        for image, r, _z in parts:
            if image.size() != top.size() or r != rect:
                continue  # a layer still on the previous view will hand over the new one
            painter.drawImage(0, 0, image)
        painter.end()
        h, w = small.height(), small.width()
        cells = np.frombuffer(small.constBits(), dtype=np.uint8).reshape(h, small.bytesPerLine() // 4, 4)[:, :w]
        if self._cells is not None and self._cells.shape == cells.shape and self._rect == rect:
            changed = np.any(cells != self._cells, axis=2)
            self._changed = changed if self._changed is None else self._changed | changed
        else:
            self._changed = None
            self._image = None
        self._cells, self._rect, self._small = cells, rect, small
        self._clipped = None

    def _refresh_image(self, size: tuple[int, int]) -> None:
        """Bring the screen-sized image up to date: whole rescale, or only the changed cells."""
        if self._image is None or self._image_for != size or self._changed is None \
                or int(self._changed.sum()) > PATCH_SHARE * self._changed.size:
            w, h = image_size(size)
            # The old image and mask go first (never two 33 MB images at once); the rect may have
            # moved at the same size, so the mask is made again.
            self._image = self._mask = None
            self._image = self._small.scaled(w, h, Qt.IgnoreAspectRatio, Qt.SmoothTransformation)
            self._image_for = size
            self.full_rescales += 1
            self._clear_outside()
            self.image_serial += 1
            self._whole_at = self.image_serial
            self._patches.clear()
        elif self._changed.any():
            h, w = self._cells.shape[:2]
            sx, sy = self._image.width() / w, self._image.height() / h
            painter = QPainter(self._image)
            painter.setCompositionMode(QPainter.CompositionMode_Source)
            painter.setRenderHint(QPainter.SmoothPixmapTransform, True)
            touched = []
            # Each group of changed cells (a new point changes a few neighbours), with a cell of
            # margin, drawn again from the whole image in one draw clipped to all of them: the
            # same pixels as a whole rescale there, and one draw where a burst made a hundred.
            region = QRegion()
            for rows, cols in ndimage.find_objects(ndimage.label(self._changed, structure=np.ones((3, 3)))[0]):
                r0, c0 = max(rows.start - 1, 0), max(cols.start - 1, 0)
                r1, c1 = min(rows.stop + 1, h), min(cols.stop + 1, w)
                dst = QRectF(c0 * sx, r0 * sy, (c1 - c0) * sx, (r1 - r0) * sy).toAlignedRect().intersected(
                    self._image.rect())
                touched.append(dst)
                region = region.united(QRegion(dst))
            painter.setClipRegion(region)
            painter.drawImage(QRectF(0, 0, w * sx, h * sy), self._small)
            painter.end()
            self._clear_outside(touched)
            self.image_serial += 1
            self._patches.append((self.image_serial, touched))
            del self._patches[:-PATCHES_KEPT]
        self._changed = np.zeros(self._cells.shape[:2], dtype=bool)

    def patched_since(self, serial: int) -> list[QRect] | None:
        """The rectangles changed after ``serial``, in screen pixels from the top left of the
        image at screen scale (see ``paint_image``), or None when the whole image changed since (or
        too long ago to say)."""
        if serial < self._whole_at or (self._patches and serial < self._patches[0][0] - 1):
            return None
        k = 1 / IMAGE_SCALE
        return [QRect(int(r.left() * k) - 1, int(r.top() * k) - 1, int((r.width()) * k) + 3, int(r.height() * k) + 3)
                for at, rects in self._patches if at > serial for r in rects]

    def paint_image(self, painter, left: float, top: float, part: QRect | None = None, smooth: bool = True) -> None:
        """Draw the image at screen scale, its top left at device (``left``, ``top``): all of it,
        or only ``part`` (screen pixels from the image's top left, as ``patched_since`` gives)."""
        if self._image is None or self._image_for is None:
            return
        w, h = self._image_for
        painter.save()
        painter.setRenderHint(QPainter.SmoothPixmapTransform, smooth)
        if part is not None:
            painter.setClipRect(QRectF(part).translated(left, top))
            # A pixel of the image's own around the part, so interpolation at its edge is seamless
            k = IMAGE_SCALE
            source = QRectF(part.left() * k - 2, part.top() * k - 2, part.width() * k + 4, part.height() * k + 4)
            source = source.intersected(QRectF(self._image.rect()))
            target = QRectF(left + source.left() / k, top + source.top() / k, source.width() / k, source.height() / k)
            painter.drawImage(target, self._image, source)
        else:
            device = painter.device()
            painter.setClipRect(QRectF(0, 0, device.width(), device.height()), Qt.IntersectClip)
            painter.drawImage(QRectF(left, top, w, h), self._image)
        painter.restore()

    def _to_image(self, width: int, height: int) -> QTransform:
        """Metric coordinates to the pixels of an image of ``self._rect`` (rows top-down)."""
        r = self._rect
        sx, sy = width / r.width(), height / r.height()
        return QTransform(sx, 0, 0, -sy, -r.left() * sx, (r.top() + r.height()) * sy)

    def _clear_outside(self, rects: list[QRect] | None = None) -> None:
        """Make the screen-sized image transparent outside the district: all of it, or only
        the patched ``rects``, through a mask of the district made with each whole rescale."""
        if self._clip is None or self._image is None:
            return
        if self._mask is None or self._mask.size() != self._image.size():
            self._mask = QImage(self._image.size(), QImage.Format_Alpha8)
            self._mask.fill(0)
            painter = QPainter(self._mask)
            painter.setRenderHint(QPainter.Antialiasing, True)
            painter.setTransform(self._to_image(self._image.width(), self._image.height()))
            painter.fillPath(self._clip, Qt.black)
            painter.end()
        if rects is not None:  # a patch wholly inside the district needs no clearing
            mask = np.frombuffer(self._mask.constBits(), dtype=np.uint8).reshape(
                self._mask.height(), self._mask.bytesPerLine())
            rects = [r for r in rects if r.isValid()
                     and mask[r.top():r.bottom() + 1, r.left():r.right() + 1].min() < 255]
        if rects is not None and not rects:
            return
        painter = QPainter(self._image)
        painter.setCompositionMode(QPainter.CompositionMode_DestinationIn)
        if rects is not None:  # one draw clipped to them all
            region = QRegion()
            for r in rects:
                region = region.united(QRegion(r))
            painter.setClipRegion(region)
        painter.drawImage(0, 0, self._mask)
        painter.end()

    def prepared(self, mpp: float) -> tuple[QImage | None, QRectF | None]:
        """The up-to-date smooth image if it exists at ``mpp`` metres per pixel, with its rect."""
        if self._small is None or self._rect is None:
            return None, None
        size = (max(1, round(self._rect.width() / mpp)), max(1, round(self._rect.height() / mpp)))
        if self._image is None or self._image_for != size:
            return None, self._rect
        self._refresh_image(size)
        return self._image, self._rect

    def draw(self, painter) -> None:
        if self.merged_by is not None and self.merged_by.merged:
            return  # already blended into the static image this frame
        if self._small is None or self._rect is None:
            return
        target = painter.transform().mapRect(self._rect)
        size = (max(1, round(target.width())), max(1, round(target.height())))
        painter.save()
        painter.resetTransform()
        if self._image is not None and self._image_for == size:
            self._refresh_image(size)  # same scale: patch changed cells, draw the smooth image
            self.paint_image(painter, round(target.left()), round(target.top()), smooth=False)
        else:
            # A new scale (zooming): stretch the cells for now, make the smooth image once it settles.
            painter.setRenderHint(QPainter.SmoothPixmapTransform, False)
            painter.drawImage(target, self._stretchable())
            self._wanted = size
            if not self._settle.isActive():  # restarted by each view change, not by each frame:
                self._settle.start()          # an animation repainting the map must not hold it off
        painter.restore()

    def _stretchable(self) -> QImage:
        """The cells, cleared outside the district cell by cell: stretched while zooming, they
        need no clip path (a clip of the district's outline costs a whole-screen mask each
        frame). Made once per change of the cells."""
        if self._clip is None:
            return self._small
        if self._clipped is None:
            size = self._small.size()
            if self._small_mask is None or self._small_mask.size() != size or self._small_mask_rect != self._rect:
                self._small_mask = QImage(size, QImage.Format_Alpha8)
                self._small_mask.fill(0)
                painter = QPainter(self._small_mask)
                painter.setRenderHint(QPainter.Antialiasing, True)
                painter.setTransform(self._to_image(size.width(), size.height()))
                painter.fillPath(self._clip, Qt.black)
                painter.end()
                self._small_mask_rect = QRectF(self._rect)
            self._clipped = self._small.copy()
            painter = QPainter(self._clipped)
            painter.setCompositionMode(QPainter.CompositionMode_DestinationIn)
            painter.drawImage(0, 0, self._small_mask)
            painter.end()
        return self._clipped

    def set_view(self, view) -> None:
        """The view moved: the smooth image at a new scale waits until it has held still."""
        if self.view is not None and view.metres_per_px != self.view.metres_per_px:
            self._settle.start()
        super().set_view(view)

    def _sharpen(self) -> None:
        if self._small is None or self._rect is None:
            return
        wanted = self._wanted
        if self.view is not None:  # the scale the view holds now (the composite may have drawn for it)
            mpp = self.view.metres_per_px
            wanted = (max(1, round(self._rect.width() / mpp)), max(1, round(self._rect.height() / mpp)))
        if wanted is None or (self._image is not None and self._image_for == wanted):
            return
        self._image = None
        self._refresh_image(wanted)
        self.version += 1
        super().update()
