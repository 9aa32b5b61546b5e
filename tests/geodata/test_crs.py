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


def test_metric_crs_for_is_the_zone_pyproj_lists_for_the_centre():
    """The UTM rule computed is the entry pyproj's database gives (north and south, both edges
    of the 180th meridian, Chinese cities in zones 48-51); a place UTM does not cover is refused."""
    import pytest
    from pyproj import CRS
    from pyproj.aoi import AreaOfInterest
    from pyproj.database import query_utm_crs_info
    places = [(113.98, 22.60, 114.12, 22.78), (116.2, 39.7, 116.6, 40.1), (104.0, 30.5, 104.2, 30.8),
              (126.5, 45.6, 126.8, 45.9), (-58.6, -34.8, -58.3, -34.5), (151.0, -34.0, 151.3, -33.7),
              (-179.9, 10.0, -179.5, 10.3), (179.5, -17.0, 179.9, -16.7), (2.2, 48.8, 2.5, 49.0)]
    for minx, miny, maxx, maxy in places:
        infos = query_utm_crs_info(datum_name="WGS 84", area_of_interest=AreaOfInterest(minx, miny, maxx, maxy))
        zone = int(((minx + maxx) / 2 + 180) // 6) + 1
        hemisphere = "N" if (miny + maxy) / 2 >= 0 else "S"
        listed = [i for i in infos if i.name.endswith(f"zone {zone}{hemisphere}")]
        assert listed, (minx, miny)
        assert metric_crs_for((minx, miny, maxx, maxy)) == CRS.from_authority(listed[0].auth_name, listed[0].code)
    with pytest.raises(ValueError, match="no UTM zone"):
        metric_crs_for((10.0, 85.0, 11.0, 86.0))
