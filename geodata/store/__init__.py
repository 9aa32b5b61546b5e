"""Persistence in one room: connections, transactions, schema and migration, change
notification. One interface (:class:`~geodata.store.base.Store`), two back-ends: the
district GeoPackage for a single seat, PostgreSQL/PostGIS for a network of consoles.
Domain modules ask a store; they never open a database themselves."""
from __future__ import annotations

from pathlib import Path

from geodata.store.base import Change, Store, StoreError, StoreUnavailable, redact


def is_url(where) -> bool:
    return isinstance(where, str) and where.startswith(("postgresql://", "postgres://"))


def open_store(where: str | Path | Store, *, readonly: bool = False) -> Store:
    """The store at ``where``: a ``postgresql://`` URL, or the path of a district GeoPackage.
    A store passed in is returned as it is."""
    if isinstance(where, Store):
        return where
    if is_url(where):
        from geodata.store.postgis import PostGISStore
        return PostGISStore(str(where), readonly=readonly)
    from geodata.store.geopackage import GeoPackageStore
    return GeoPackageStore(where, readonly=readonly)


__all__ = ["Change", "Store", "StoreError", "StoreUnavailable", "is_url", "open_store", "redact"]
