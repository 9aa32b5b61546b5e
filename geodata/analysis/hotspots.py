"""Where incidents cluster: Getis-Ord Gi* on the grid adjacency (PySAL: libpysal weights, esda).

Each grid's count of a category over a period, with its neighbours' (Queen contiguity: grids
sharing an edge or a corner), is compared with what random placement would give; permutation
p-values say how sure. Hot spots are high counts surrounded by high counts, cold spots the
reverse; a single busy grid among quiet ones is not a hot spot.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from geodata.spatial_index import NO_GRID

CONFIDENCE = ((0.01, 3), (0.05, 2), (0.10, 1))  # p-value at or below -> class (99 %, 95 %, 90 %)


@dataclass(frozen=True)
class Hotspots:
    """Per grid: ``counts``, the Gi* ``z`` score, its permutation ``p`` and ``classes``
    (+3/+2/+1 hot at 99/95/90 %, -1..-3 cold, 0 not significant; NaN-free)."""

    counts: np.ndarray
    z: np.ndarray
    p: np.ndarray
    classes: np.ndarray
    category: str | None
    since: float
    until: float

    def hot(self, at_least: int = 2) -> np.ndarray:
        return np.flatnonzero(self.classes >= at_least)

    def cold(self, at_least: int = 2) -> np.ndarray:
        return np.flatnonzero(self.classes <= -at_least)


def grid_weights(grids):
    """Queen contiguity weights over the grid polygons: grids that share an edge or a corner
    (found with an STRtree, then handed to libpysal as its W; islands keep no neighbours)."""
    import warnings

    import shapely
    from libpysal.weights import W
    geoms = np.asarray(grids.geometry.values, dtype=object)
    tree = shapely.STRtree(geoms)
    a, b = tree.query(geoms, predicate="intersects")
    keep = a != b
    neighbours = {int(i): [] for i in range(len(geoms))}
    for i, j in zip(a[keep], b[keep]):
        neighbours[int(i)].append(int(j))
    with warnings.catch_warnings():  # libpysal reports islands and disconnected parts: expected here
        warnings.simplefilter("ignore")
        return W(neighbours, silence_warnings=True)


def classify(z: np.ndarray, p: np.ndarray) -> np.ndarray:
    out = np.zeros(len(z), dtype=np.int64)
    for alpha, level in reversed(CONFIDENCE):  # stricter levels overwrite looser ones
        sig = np.isfinite(p) & (p <= alpha)
        out[sig & (z > 0)] = level
        out[sig & (z < 0)] = -level
    return out


def hotspots(history, grids, *, since: float, until: float, category: str | None = None, weights=None,
             permutations: int = 999, seed: int = 12345) -> Hotspots:
    """Gi* of the incidents reported in [since, until] (epoch s), of one ``category`` or all."""
    import warnings

    from esda.getisord import G_Local
    n = len(grids)
    m = (history.reported >= since) & (history.reported <= until) & (history.grid != NO_GRID)
    if category:
        m &= history.category == category
    g = history.grid[m]
    counts = np.bincount(g[(g >= 0) & (g < n)], minlength=n).astype(float)[:n]
    if counts.sum() == 0 or counts.std() == 0:
        zero = np.zeros(n)
        return Hotspots(counts, zero, np.ones(n), np.zeros(n, dtype=np.int64), category, since, until)
    w = weights if weights is not None else grid_weights(grids)
    with warnings.catch_warnings(), np.errstate(invalid="ignore", divide="ignore"):
        warnings.simplefilter("ignore")
        # one process: the default (every core, through joblib's process pool) leaves worker
        # processes behind in the console, and 999 permutations of 3,000 grids take about a second
        stat = G_Local(counts, w, transform="B", permutations=permutations, star=True, seed=seed,
                       keep_simulations=False, n_jobs=1)
    z = np.nan_to_num(np.asarray(stat.Zs, dtype=float))
    p = np.nan_to_num(np.asarray(stat.p_sim, dtype=float), nan=1.0)
    return Hotspots(counts, z, p, classify(z, p), category, since, until)
