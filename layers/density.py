"""One density image for all point layers: their aggregates composed into a single
screen-resolution picture, so a district frame blits one image 1:1 instead of three
upscaled ones. A new point changes a few cells; only those cells are re-drawn.
"""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRect, QRectF, Qt, QTimer
from PySide6.QtGui import QImage, QPainter

from layers.base import MapLayer
from layers.composite import blit_visible

PATCH_LIMIT = 3000  # beyond this many changed cells, rescale the whole image at once


class DensityOverlay(MapLayer):
    key = "density"

    def __init__(self, bounds) -> None:
        super().__init__(bounds)
        self._parts: dict[str, tuple[np.ndarray, QRectF, float]] = {}  # key -> (rgba cells, rect, z)
        self._cells: np.ndarray | None = None   # composed premultiplied BGRA cells, rows top-down
        self._small: QImage | None = None
        self._rect: QRectF | None = None
        self._image: QImage | None = None       # _small scaled to screen pixels
        self._changed: np.ndarray | None = None  # cells changed since _image was made (None: all)
        self._wanted: tuple[int, int] | None = None
        self._settle = QTimer()
        self._settle.setSingleShot(True)
        self._settle.setInterval(120)
        self._settle.timeout.connect(self._sharpen)
        self.full_rescales = 0
        self.version = 0          # changes whenever the picture does
        self.merged_by = None     # a StaticComposite that blends this image into its own

    @property
    def part_keys(self) -> list[str]:
        return sorted(self._parts)

    def set_part(self, key: str, rgba: np.ndarray | None, rect: QRectF | None = None, z: float = 0.0) -> None:
        """``rgba``: (nx, ny, 4) uint8 cells over ``rect`` (x right, y up), or None to drop the layer."""
        old = self._parts.get(key)
        self.version += 1
        if rgba is None:
            if self._parts.pop(key, None) is None:
                return
            self._compose()
        else:
            self._parts[key] = (rgba, QRectF(rect), z)
            if old is not None and old[0].shape == rgba.shape and old[1] == rect and self._cells is not None:
                hit = np.argwhere(np.any(old[0] != rgba, axis=2))
                if len(hit) == 0:
                    return
                (x0, y0), (x1, y1) = hit.min(axis=0), hit.max(axis=0) + 1
                self._compose((x0, x1, y0, y1))  # only the window the new points touched
            else:
                self._compose()
        self.update()

    def _compose(self, window: tuple[int, int, int, int] | None = None) -> None:
        """Blend the parts (bottom first) into premultiplied cells, all of them or one window."""
        parts = sorted(self._parts.values(), key=lambda p: p[2])
        if not parts:
            self._cells = self._small = self._image = self._rect = None
            return
        shape, rect = parts[-1][0].shape, parts[-1][1]
        x0, x1, y0, y1 = window if window is not None else (0, shape[0], 0, shape[1])
        out = np.zeros((x1 - x0, y1 - y0, 4), dtype=np.float32)
        for rgba, r, _z in parts:
            if rgba.shape != shape or r != rect:
                continue  # a layer still on the previous view will hand over the new one
            cells = rgba[x0:x1, y0:y1]
            a = cells[..., 3:4].astype(np.float32) / 255
            out[..., :3] = cells[..., :3] * a + out[..., :3] * (1 - a)
            out[..., 3:4] = a + out[..., 3:4] * (1 - a)
        img = np.transpose(out, (1, 0, 2))[::-1]          # (rows top-down, columns)
        block = np.empty(img.shape[:2] + (4,), dtype=np.uint8)
        block[..., 0] = img[..., 2].clip(0, 255)            # premultiplied B, G, R, A
        block[..., 1] = img[..., 1].clip(0, 255)
        block[..., 2] = img[..., 0].clip(0, 255)
        block[..., 3] = (img[..., 3] * 255).clip(0, 255)
        ny = shape[1]
        if window is not None and self._cells is not None:
            rows = slice(ny - y1, ny - y0)
            cols = slice(x0, x1)
            changed = np.any(self._cells[rows, cols] != block, axis=2)
            self._cells[rows, cols] = block
            if self._changed is not None:
                self._changed[rows, cols] |= changed
        else:
            cells = np.ascontiguousarray(block)
            if self._cells is not None and self._cells.shape == cells.shape and self._rect == rect:
                changed = np.any(cells != self._cells, axis=2)
                self._changed = changed if self._changed is None else self._changed | changed
            else:
                self._changed = None
                self._image = None
            self._cells, self._rect = cells, rect
        h, w = self._cells.shape[:2]
        self._small = QImage(self._cells.data, w, h, 4 * w, QImage.Format_ARGB32_Premultiplied).copy()

    def _refresh_image(self, size: tuple[int, int]) -> None:
        """Bring the screen-sized image up to date: whole rescale, or only the changed cells."""
        if self._image is None or (self._image.width(), self._image.height()) != size or self._changed is None \
                or int(self._changed.sum()) > PATCH_LIMIT:
            self._image = self._small.scaled(size[0], size[1], Qt.IgnoreAspectRatio, Qt.SmoothTransformation)
            self.full_rescales += 1
        elif self._changed.any():
            rows, cols = np.nonzero(self._changed)
            h, w = self._cells.shape[:2]
            sx, sy = size[0] / w, size[1] / h
            painter = QPainter(self._image)
            painter.setCompositionMode(QPainter.CompositionMode_Source)
            painter.setRenderHint(QPainter.SmoothPixmapTransform, True)
            for r, c in zip(rows, cols):
                # Re-draw a 3x3-cell neighbourhood so the smooth interpolation stays seamless.
                r0, c0 = max(r - 1, 0), max(c - 1, 0)
                r1, c1 = min(r + 2, h), min(c + 2, w)
                src = QRect(c0, r0, c1 - c0, r1 - r0)
                dst = QRectF(c0 * sx, r0 * sy, (c1 - c0) * sx, (r1 - r0) * sy)
                painter.drawImage(dst, self._small, QRectF(src))
            painter.end()
        self._changed = np.zeros(self._cells.shape[:2], dtype=bool)

    def prepared(self, mpp: float) -> tuple[QImage | None, QRectF | None]:
        """The up-to-date smooth image if it exists at ``mpp`` metres per pixel, with its rect."""
        if self._small is None or self._rect is None:
            return None, None
        size = (max(1, round(self._rect.width() / mpp)), max(1, round(self._rect.height() / mpp)))
        if self._image is None or (self._image.width(), self._image.height()) != size:
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
        if self._image is not None and (self._image.width(), self._image.height()) == size:
            self._refresh_image(size)  # same scale: patch changed cells, blit 1:1
            painter.setRenderHint(QPainter.SmoothPixmapTransform, False)
            blit_visible(painter, self._image, round(target.left()), round(target.top()))
        else:
            # A new scale (zooming): stretch the cells for now, make the smooth image once it settles.
            painter.setRenderHint(QPainter.SmoothPixmapTransform, False)
            painter.drawImage(target, self._small)
            self._wanted = size
            self._settle.start()
        painter.restore()

    def _sharpen(self) -> None:
        if self._small is not None and self._wanted is not None:
            self._image = None
            self._refresh_image(self._wanted)
            self.version += 1
            super().update()
