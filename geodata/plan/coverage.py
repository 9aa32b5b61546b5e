"""Coverage validation of a grid plan: no gaps, no overlaps, no slivers, one valid part per grid.

The verdict and the faulty edges come from shapely's coverage functions
(``coverage_is_valid``, ``coverage_invalid_edges``); the problem areas are classified
with overlay operations so a planner sees *what* is wrong and *where*.

Two ways in: :func:`check_coverage` checks everything (the batch form and the
benchmark's baseline); :meth:`CoverageReport.recheck` re-examines only the region an
edit touched, which keeps feedback inside one frame on a district of 3,000 grids.
Coordinates are metres in the district's metric CRS.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import shapely

EDGE_REACH_M = 1.0      # an invalid edge this close to a reported gap/overlap is explained by it
SLIVER_WIDTH_M = 2.0    # a gap, overlap or grid thinner than this (2·area/perimeter) is a sliver
MIN_AREA_M2 = 0.01      # overlay noise below this is not a problem

KINDS = ("gap", "overlap", "sliver", "outside", "invalid", "multipart", "unmatched_edges")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the coverage.

    ``kind`` is one of :data:`KINDS`; ``grids`` are the grid positions involved (empty
    for a gap); ``geometry`` is where to draw it; ``detail`` is a plain-language reason.
    """

    kind: str
    grids: tuple[int, ...]
    geometry: object
    detail: str = ""

    @property
    def area_m2(self) -> float:
        return float(shapely.area(self.geometry))


@dataclass
class CoverageReport:
    """All problems of a plan, plus the invalid edges shapely found (for drawing)."""

    problems: list[Problem] = field(default_factory=list)
    invalid_edges: dict[int, object] = field(default_factory=dict)

    @property
    def is_valid(self) -> bool:
        return not self.problems

    def counts(self) -> dict[str, int]:
        out = {kind: 0 for kind in KINDS}
        for p in self.problems:
            out[p.kind] += 1
        return out

    def to_json(self, grid_ids, to_lonlat=None) -> dict:
        """A JSON-ready summary; ``to_lonlat`` (x, y) -> (lon, lat) adds a location per problem."""
        items = []
        for p in self.problems:
            item = {"kind": p.kind, "grid_ids": [str(grid_ids[g]) for g in p.grids],
                    "area_m2": round(p.area_m2, 3), "detail": p.detail}
            if to_lonlat is not None and not shapely.is_empty(p.geometry):
                c = shapely.get_coordinates(shapely.point_on_surface(p.geometry))[0]
                lon, lat = to_lonlat(c[0], c[1])
                item["at"] = [round(float(lon), 7), round(float(lat), 7)]
            items.append(item)
        return {"valid": self.is_valid, "counts": self.counts(), "problems": items}

    def recheck(self, geoms: np.ndarray, changed, reference, grid_tree) -> CoverageReport:
        """Re-examine only the region around ``changed`` grid positions.

        ``geoms`` is the full array of grid geometries after the edit (``None`` for a
        retired grid); ``grid_tree`` answers ``in_bbox`` with grid positions. Problems
        away from the edit are kept as they were.
        """
        changed = set(int(c) for c in changed)
        live = [geoms[c] for c in changed if geoms[c] is not None]
        touched = [p.geometry for p in self.problems if set(p.grids) & changed]
        if not live and not touched:
            return self
        box = _bbox_union([shapely.bounds(g) for g in live + touched], pad=SLIVER_WIDTH_M)
        # Gaps are not tied to grids: take in whole any old gap that reaches into the region.
        gaps = [shapely.bounds(p.geometry) for p in self.problems if not p.grids]
        grown = True
        while grown:
            grown = False
            for b in gaps:
                if _bbox_meets(b, box) and not _bbox_within(b, box):
                    box, grown = _bbox_union([box, b]), True
        near = set(int(i) for i in grid_tree.in_bbox(tuple(box))) | changed
        near = {i for i in near if geoms[i] is not None}
        region = shapely.box(*box)
        kept = [p for p in self.problems
                if not (set(p.grids) & near) and not (not p.grids and shapely.intersects(p.geometry, region))]
        fresh = _examine(geoms, sorted(near), reference, region, grid_tree)
        edges = {g: e for g, e in self.invalid_edges.items() if g not in near}
        edges.update(fresh.invalid_edges)
        return CoverageReport(kept + fresh.problems, edges)


def reference_outline(grid_geoms, boundary=None):
    """What the grids must cover: the district boundary layer when there is one, otherwise
    the union of the grids with its holes filled (so interior gaps still show)."""
    if boundary is not None and len(boundary):
        return shapely.union_all(shapely.make_valid(np.asarray(boundary, dtype=object)))
    # An invalid grid (reported as such) is read as GEOS repairs it: a self-crossing ring in a
    # real survey file must not stop the check that exists to find it.
    live = np.asarray([g for g in grid_geoms if g is not None], dtype=object)
    union = shapely.union_all(shapely.make_valid(live))
    shells = [shapely.Polygon(p.exterior) for p in shapely.get_parts(union) if shapely.get_type_id(p) == 3]
    return shapely.union_all(shells)


def check_coverage(geoms, reference=None) -> CoverageReport:
    """Check a whole plan. ``geoms``: grid geometries by position (``None`` = retired)."""
    geoms = np.asarray(geoms, dtype=object)
    live = [i for i in range(len(geoms)) if geoms[i] is not None]
    if reference is None:
        reference = reference_outline(geoms)
    return _examine(geoms, live, reference, region=None)


def _examine(geoms: np.ndarray, positions: list[int], reference, region, grid_tree=None) -> CoverageReport:
    """Every problem of the grids at ``positions``, and the gaps inside ``region``
    (the whole reference when ``region`` is None).

    With ``grid_tree`` (an index over all grids) overlaps and edge matching also look at
    neighbours outside ``positions``; without it only ``positions`` are compared.
    """
    report = CoverageReport()
    if not positions:
        return report
    pos = np.asarray(positions, dtype=np.int64)
    g = np.array([geoms[i] for i in pos], dtype=object)
    valid = shapely.is_valid(g)
    if reference is not None:
        shapely.prepare(reference)
        inside = shapely.contains(reference, np.where(valid, g, None))
    else:
        inside = np.ones(len(g), dtype=bool)

    for k, (i, geom) in enumerate(zip(pos, g)):
        if not valid[k]:
            report.problems.append(Problem("invalid", (int(i),), geom, shapely.is_valid_reason(geom)))
            continue
        parts = shapely.get_num_geometries(geom)
        if parts > 1:
            report.problems.append(Problem("multipart", (int(i),), geom, f"{parts} separate parts"))
        if _width(geom) < SLIVER_WIDTH_M:
            report.problems.append(Problem("sliver", (int(i),), geom,
                                           f"grid only {_width(geom):.2f} m wide on average"))
        if not inside[k]:
            outside = shapely.difference(geom, reference)
            if shapely.area(outside) > MIN_AREA_M2:
                report.problems.append(Problem("outside", (int(i),), outside,
                                               f"{shapely.area(outside):,.1f} m² beyond the district boundary"))

    # The examined grids plus, when an index is given, their neighbours.
    if grid_tree is not None:
        ring = set(pos.tolist())
        for i in pos:
            ring.update(int(q) for q in grid_tree.in_bbox(tuple(shapely.bounds(geoms[i]))))
        ring = sorted(q for q in ring if geoms[q] is not None)
    else:
        ring = pos.tolist()
    rpos = np.asarray(ring, dtype=np.int64)
    rg = np.array([geoms[i] for i in rpos], dtype=object)
    rvalid = shapely.is_valid(rg)
    rpos, rg = rpos[rvalid], rg[rvalid]
    examined = np.isin(rpos, pos)

    # Overlaps: every pair whose interiors meet, at least one of them examined.
    tree = shapely.STRtree(rg)
    a, b = tree.query(rg, predicate="intersects")
    keep = (a < b) & (examined[a] | examined[b])
    a, b = a[keep], b[keep]
    if len(a):
        inter = shapely.intersection(rg[a], rg[b])
        areas = shapely.area(inter)
        for i, j, shape, area in zip(rpos[a], rpos[b], inter, areas):
            if area > MIN_AREA_M2:
                shape = _polygonal(shape)
                kind = "sliver" if _width(shape) < SLIVER_WIDTH_M else "overlap"
                report.problems.append(Problem(kind, (int(i), int(j)), shape, f"overlap of {area:,.1f} m²"))

    # Gaps: district area that no grid covers.
    if reference is not None and _may_have_gap(reference, region, rg, report):
        target = reference if region is None else shapely.clip_by_rect(reference, *shapely.bounds(region))
        covered = shapely.union_all(rg) if len(rg) else shapely.Polygon()
        holes = shapely.difference(target, covered)
        for part in shapely.get_parts(_polygonal(holes)):
            area = shapely.area(part)
            if area > MIN_AREA_M2:
                kind = "sliver" if _width(part) < SLIVER_WIDTH_M else "gap"
                report.problems.append(Problem(kind, (), part, f"gap of {area:,.1f} m² that no grid covers"))

    # The coverage verdict itself: edges that do not match their neighbour's.
    if len(rg):
        # gap_width stays 0: gaps are measured against the reference outline above, which
        # also sees narrow ones; shapely's narrow-gap test would flag notches in the
        # district's own outer edge.
        edges = shapely.coverage_invalid_edges(rg)
        bad = examined & ~shapely.is_empty(edges) & ~shapely.is_missing(edges)
        # An edge beside a gap or overlap already reported is explained by it.
        areas = [p.geometry for p in report.problems if p.kind in ("gap", "overlap", "sliver")]
        near_area = shapely.union_all(areas) if areas else None
        explained = {q for p in report.problems for q in p.grids}
        for i, e in zip(rpos[bad], edges[bad]):
            report.invalid_edges[int(i)] = e
            if near_area is not None and shapely.dwithin(e, near_area, EDGE_REACH_M):
                continue
            if int(i) not in explained:
                report.problems.append(Problem(
                    "unmatched_edges", (int(i),), e,
                    "boundary does not match its neighbour's vertices (use topological editing or snapping)"))
    return report


def _may_have_gap(reference, region, grids: np.ndarray, report: CoverageReport) -> bool:
    """Cheap area bookkeeping first: inside ``region``, the reference area minus the grids'
    clipped areas plus their overlaps is the gap area; only if it is not ~0 do we
    compute the (costlier) union to find where the gaps are."""
    if region is None or not len(grids):
        return True
    box = shapely.bounds(region)
    target = region if shapely.contains(reference, region) else shapely.clip_by_rect(reference, *box)
    clipped = shapely.area(shapely.clip_by_rect(grids, *box)).sum()
    overlaps = sum(shapely.area(shapely.clip_by_rect(p.geometry, *box))
                   for p in report.problems if len(p.grids) == 2)
    return abs(shapely.area(target) - clipped + overlaps) > MIN_AREA_M2


def _width(geom) -> float:
    """Mean width 2·area/perimeter in metres: ~half the width of a long strip."""
    perimeter = shapely.length(geom)
    return float(2 * shapely.area(geom) / perimeter) if perimeter > 0 else 0.0


def _polygonal(geom):
    """The polygon parts of an overlay result (drops touching lines and points)."""
    parts = [p for p in shapely.get_parts(geom) if shapely.get_type_id(p) in (3, 6)]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def _bbox_union(boxes, pad: float = 0.0) -> np.ndarray:
    b = np.asarray(boxes, dtype=float).reshape(-1, 4)
    return np.array([b[:, 0].min() - pad, b[:, 1].min() - pad, b[:, 2].max() + pad, b[:, 3].max() + pad])


def _bbox_meets(a, b) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def _bbox_within(a, b) -> bool:
    return a[0] >= b[0] and a[1] >= b[1] and a[2] <= b[2] and a[3] <= b[3]
