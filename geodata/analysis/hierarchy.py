"""The district → street → community → grid tree, with each node's totals.

Totals are summed from per-grid figures, so a node's numbers always add up to its children's
(the on-time rate is pooled: closed on time over all closed, not an average of rates).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import numpy as np

from geodata.spatial_index import NO_GRID

LEVELS = ("district", "street", "community", "grid")
TOTALS = ("population", "incidents", "open", "overdue", "escalated", "alarms", "on_time_rate")
RECENT_S = 30 * 86400  # "incidents" and the on-time rate count the last 30 days


@dataclass
class Node:
    """One unit. ``key`` is its name (a grid's id for a grid); ``grids`` its grid positions."""

    level: str
    key: str
    label: str
    grids: np.ndarray
    parent: "Node | None" = None
    children: list["Node"] = field(default_factory=list)
    totals: dict = field(default_factory=dict)

    def walk(self):
        yield self
        for c in self.children:
            yield from c.walk()

    @property
    def path(self) -> tuple[str, ...]:
        return (self.parent.path if self.parent is not None else ()) + (self.key,)


def build_tree(grids, district_name: str = "") -> Node:
    """The tree of a grids frame (its ``street``, ``community``, ``grid_id`` and ``name``).
    Units are ordered by name; a grid whose street or community is empty sits under "".
    A community name used in two streets is two nodes: the tree follows the hierarchy."""
    street = grids["street"].fillna("").astype(str).to_numpy()
    community = grids["community"].fillna("").astype(str).to_numpy()
    ids = grids["grid_id"].astype(str).to_numpy()
    names = grids["name"].fillna("").astype(str).to_numpy()
    root = Node("district", district_name, district_name, np.arange(len(grids)))
    for s in sorted(set(street)):
        in_s = np.flatnonzero(street == s)
        sn = Node("street", s, s, in_s, root)
        root.children.append(sn)
        for c in sorted(set(community[in_s])):
            in_c = in_s[community[in_s] == c]
            cn = Node("community", c, c, in_c, sn)
            sn.children.append(cn)
            for g in in_c[np.argsort(ids[in_c], kind="stable")]:
                cn.children.append(Node("grid", ids[g], names[g] or ids[g], np.array([g]), cn))
    return root


def grid_figures(n_grids: int, population, history, book_open, book_overdue, sensor_grid, sensor_alarm,
                 now: datetime) -> dict[str, np.ndarray]:
    """Per-grid raw figures: the sums the tree adds up. ``history`` an IncidentHistory (its
    ``grid`` positions current), ``book_open``/``book_overdue`` masks over it, sensors' grids and
    which of them are in alarm now."""
    def count(mask):
        g = history.grid[mask]
        return np.bincount(g[g != NO_GRID], minlength=n_grids)[:n_grids].astype(float)

    t = now.timestamp()
    recent = (history.reported >= t - RECENT_S) & (history.reported <= t)
    on_time = history.on_time
    closed_recent = np.isfinite(on_time) & (history.closed >= t - RECENT_S) & (history.closed <= t)
    sg = np.asarray(sensor_grid)[np.asarray(sensor_alarm, dtype=bool)]
    return {
        "population": np.asarray(population, dtype=float)[:n_grids],
        "incidents": count(recent),
        "open": count(book_open),
        "overdue": count(book_overdue),
        "escalated": count(book_open & history.escalated),
        "alarms": np.bincount(sg[sg != NO_GRID], minlength=n_grids)[:n_grids].astype(float),
        "closed": count(closed_recent),
        "closed_on_time": count(closed_recent & (np.nan_to_num(on_time) > 0)),
    }


def add_totals(root: Node, figures: dict[str, np.ndarray]) -> Node:
    """Fill every node's ``totals`` from the per-grid ``figures``."""
    for node in root.walk():
        g = node.grids
        tot = {k: float(v[g].sum()) for k, v in figures.items()}
        tot["on_time_rate"] = tot["closed_on_time"] / tot["closed"] if tot["closed"] else float("nan")
        node.totals = tot
    return root


def unit_values(root: Node, level: str, n_grids: int, figure: str) -> np.ndarray:
    """One figure of each ``level`` unit, repeated on each of its grids: how the map fills
    streets or communities with the grid layer's own paths."""
    out = np.full(n_grids, np.nan)
    for node in root.walk():
        if node.level == level:
            out[node.grids] = node.totals.get(figure, np.nan)
    return out


def find(root: Node, level: str, key: str) -> Node | None:
    return next((n for n in root.walk() if n.level == level and n.key == key), None)


def unit_totals(grids, level: str, values) -> np.ndarray:
    """Per-grid ``values`` summed over each grid's community or street and put back on each of
    its grids (NaN stays out of the sum). A community is counted within its street."""
    import pandas as pd
    keys = grids["street"].fillna("").astype(str)
    if level == "community":
        keys = keys + "/" + grids["community"].fillna("").astype(str)
    elif level != "street":
        return np.asarray(values, dtype=float)
    v = pd.Series(np.asarray(values, dtype=float)[: len(grids)])
    return v.groupby(keys.to_numpy()).transform("sum").to_numpy(dtype=float)
