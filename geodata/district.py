"""A loaded district: its layers as GeoDataFrames in the metric working CRS."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from pyproj import CRS

from geodata.crs import WGS84, transformer


@dataclass
class District:
    """The city as data.

    Every layer is a GeoDataFrame in ``metric_crs`` (metres) with a 0..n-1 RangeIndex;
    row positions are the feature handles the spatial index and the map layers share.
    ``storage_crs`` is the geographic CRS the file was stored in; ``path`` the district file,
    or ``store_url`` the shared store it was read from. ``warnings`` lists what
    loading repaired or noticed without refusing the file.
    """

    grids: gpd.GeoDataFrame
    sensors: gpd.GeoDataFrame
    cameras: gpd.GeoDataFrame
    incidents: gpd.GeoDataFrame
    context: dict[str, gpd.GeoDataFrame]
    metric_crs: CRS
    storage_crs: CRS = WGS84
    path: Path | None = None
    warnings: list[str] = field(default_factory=list)
    store_url: str | None = None  # the shared store it came from (then ``path`` is None)

    @property
    def name(self) -> str:
        names = self.grids["district"].dropna()
        return str(names.mode().iloc[0]) if len(names) else (self.path.stem if self.path else "district")

    def layer(self, name: str) -> gpd.GeoDataFrame:
        """Any layer by its schema name; an absent context layer is an empty frame."""
        if name in ("grids", "sensors", "cameras", "incidents"):
            return getattr(self, name)
        if name in self.context:
            return self.context[name]
        return gpd.GeoDataFrame(geometry=gpd.GeoSeries([], crs=self.metric_crs))

    def _once(self, what: str, name: str, build):
        """``build(frame)`` for layer ``name``, kept while the layer is the same frame."""
        frame = self.layer(name)
        cache = self.__dict__.setdefault("_built", {})
        key = (what, name, id(frame), len(frame))
        if key not in cache:
            cache[key] = build(frame)
        return cache[key]

    def point_xy(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        """x and y of a point layer as arrays, read once: points do not move, and asking
        geopandas for 260,000 coordinates costs tens of milliseconds each time."""
        return self._once("xy", name, lambda f: (f.geometry.x.to_numpy(), f.geometry.y.to_numpy()) if len(f)
                          else (np.empty(0), np.empty(0)))

    def context_tree(self, name: str) -> shapely.STRtree:
        """An STRtree over a context layer (buildings, risk sites), built once: context layers
        are not edited in the console, unlike grids, which have the live index."""
        return self._once("tree", name, lambda f: shapely.STRtree(f.geometry.values))

    @cached_property
    def _to_lonlat(self):
        return transformer(self.metric_crs, WGS84)

    @cached_property
    def _from_lonlat(self):
        return transformer(WGS84, self.metric_crs)

    def to_lonlat(self, x, y) -> tuple[np.ndarray, np.ndarray]:
        """Metric x/y (metres) to WGS84 lon/lat (degrees)."""
        return self._to_lonlat.transform(x, y)

    def from_lonlat(self, lon, lat) -> tuple[np.ndarray, np.ndarray]:
        """WGS84 lon/lat (degrees) to metric x/y (metres)."""
        return self._from_lonlat.transform(lon, lat)

    @cached_property
    def outline(self) -> shapely.Geometry:
        """The district as one geometry: the union of its grid coverage."""
        return shapely.coverage_union_all(self.grids.geometry.values)

    def dissolve_level(self, level: str) -> gpd.GeoDataFrame:
        """Grids dissolved by ``community`` or ``street`` (one row per unit, coverage union)."""
        rows = []
        for unit, part in self.grids.groupby(level, sort=True):
            rows.append({level: unit, "geometry": shapely.coverage_union_all(part.geometry.values)})
        return gpd.GeoDataFrame(rows, geometry="geometry", crs=self.metric_crs)

    @cached_property
    def communities(self) -> gpd.GeoDataFrame:
        return self.dissolve_level("community")

    @cached_property
    def streets(self) -> gpd.GeoDataFrame:
        return self.dissolve_level("street")

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """Metric bounds (minx, miny, maxx, maxy) of the grids."""
        return tuple(float(v) for v in self.grids.total_bounds)
