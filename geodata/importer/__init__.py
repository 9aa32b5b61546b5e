"""Import a district from the files a city already has (see ``python -m geodata.importer --help``)."""
from __future__ import annotations

from geodata.importer.building import ImportCancelled, ImportResult, import_district

__all__ = ["ImportCancelled", "ImportResult", "import_district"]
