"""CRS: GCJ-02 conversion and the metric CRS choice."""
from __future__ import annotations

import numpy as np
from pyproj import Geod

from geodata.crs import gcj02_to_wgs84, metric_crs_for, wgs84_to_gcj02


def test_gcj02_round_trip_is_centimetre_exact():
    lon = np.linspace(113.9, 114.2, 50)
    lat = np.linspace(22.55, 22.8, 50)
    glon, glat = wgs84_to_gcj02(lon, lat)
    back_lon, back_lat = gcj02_to_wgs84(glon, glat)
    assert np.abs(back_lon - lon).max() < 1e-7 and np.abs(back_lat - lat).max() < 1e-7


def test_gcj02_offset_in_shenzhen_is_hundreds_of_metres():
    glon, glat = wgs84_to_gcj02(114.05, 22.65)
    _, _, dist = Geod(ellps="WGS84").inv(114.05, 22.65, float(glon), float(glat))
    assert 200 < dist < 800


def test_gcj02_is_identity_outside_china():
    lon, lat = gcj02_to_wgs84(2.35, 48.85)
    assert (float(lon), float(lat)) == (2.35, 48.85)


def test_metric_crs_for_longhua_is_utm_50n():
    assert metric_crs_for((113.98, 22.60, 114.12, 22.78)).to_epsg() == 32650
