"""Hand a district's data back: layers, incidents filtered by time, area and status, and plan
versions, to GeoPackage, GeoJSON, Shapefile (UTF-8 .cpg) or CSV, optionally in GCJ-02 for web-map
platforms. Every export is written to a scratch file first and is recorded in the audit log."""
from __future__ import annotations

from geodata.exporter.writing import FORMATS, ExportRequest, export

__all__ = ["FORMATS", "ExportRequest", "export"]
