"""Which grid holds each point, kept in the store under the plan and the points it was computed
for, so that a console opening the same district trusts it instead of locating 580,000 points
again (1.4 s of a Longhua start-up).

The key is a SHA-256 of the active plan version, every grid's id and geometry, and the layer's
point coordinates, in order: a new plan, a moved grid boundary, or a point added, moved or
reordered by another tool gives another key, and the stored copy is simply not used. Only a
planner (or the store's own service account) writes it, as only they may change the grids.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

import numpy as np
import shapely

from geodata.spatial_index import CityIndex
from geodata.store import Store

POINT_LAYERS = ("sensors", "cameras", "incidents")


def grids_digest(district, plan_version: int | None) -> hashlib._Hash:
    """The part of every layer's key that says which plan: its version and its grids."""
    h = hashlib.sha256(b"gridtwin point grids 1|")
    h.update(f"plan {plan_version}|".encode())
    h.update("\x1f".join(district.grids["grid_id"].astype(str)).encode())
    for wkb in shapely.to_wkb(district.grids.geometry.values, output_dimension=2):
        h.update(wkb)
    return h


def layer_key(plan: hashlib._Hash, x: np.ndarray, y: np.ndarray) -> str:
    """The key of one layer's assignment: the plan's digest and the points, in order."""
    h = plan.copy()
    h.update(np.ascontiguousarray(x, dtype="<f8").tobytes())
    h.update(np.ascontiguousarray(y, dtype="<f8").tobytes())
    return h.hexdigest()


def active_plan_version(store: Store) -> int | None:
    try:
        return next((v.version for v in store.plan_versions() if v.active), None)
    except Exception:  # noqa: BLE001 - a store without plan tables has no versions
        return None


def index_district(district, store: Store | None, layers: Sequence[str] = POINT_LAYERS,
                   progress: Callable[[float, str], None] | None = None,
                   write: bool = True) -> tuple[CityIndex, dict[str, str]]:
    """The district's index, each layer's grids taken from ``store`` where stored for this plan
    and these points, computed (and, with ``write``, stored for next time) where not.
    Returns the index and, per layer, where its grids came from: "stored", "computed and
    stored", or "computed" (with why it was not kept, when it could not be)."""
    if store is None:
        index = CityIndex.from_district(district, layers, progress)
        index.grids_from = {name: "computed" for name in layers}
        return index, index.grids_from
    plan = grids_digest(district, active_plan_version(store))
    keys, known = {}, {}
    for name in layers:
        frame = district.layer(name)
        keys[name] = layer_key(plan, frame.geometry.x.to_numpy(), frame.geometry.y.to_numpy())
        grids = store.stored_point_grids(name, keys[name])
        if grids is not None and len(grids) == len(frame):
            known[name] = grids
    index = CityIndex.from_district(district, layers, progress, known=known)
    how = {name: "stored" for name in known}
    for name in layers:
        if name in known:
            continue
        how[name] = "computed"
        if write and not store.readonly:
            try:
                store.store_point_grids(name, keys[name], index.assignment[name])
                how[name] = "computed and stored"
            except Exception as exc:  # noqa: BLE001 - refused (no right, no grant, locked): the index stands
                how[name] = f"computed (not kept: {type(exc).__name__}: {exc})"
    index.grids_from = how
    return index, how
