"""The city as data: schema, loading and validation, CRS, spatial index, demo district.

No Qt here: everything in this package runs and is tested without a display.
"""
from __future__ import annotations

from geodata.district import District
from geodata.errors import DistrictDataError
from geodata.loader import load_district

__all__ = ["District", "DistrictDataError", "load_district"]
