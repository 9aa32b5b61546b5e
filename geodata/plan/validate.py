"""What a plan must be before it governs the district: the store checks the stored geometry
and ids itself at activation, whatever problem count its caller claimed when saving.

- every grid a valid polygon, with an id, ids unique;
- ids follow one convention: all 15-digit national unit-grid codes (GB/T 30428.1) of one
  administrative division, or none of them;
- the grids tile the district: no gap, overlap or sliver, nothing outside the reference
  (the district outline of the plan that governs now).
"""
from __future__ import annotations

from collections import Counter

import numpy as np
import shapely

from geodata import gridcode
from geodata.plan.coverage import check_coverage, reference_outline

SHOWN = 5  # problems named in the message; the count says how many there are in all


def in_metres(geoms, crs):
    """``geoms`` in a metric CRS: the coverage check measures slivers and gaps in metres, and
    a store may keep lon/lat (WGS84, CGCS2000)."""
    from pyproj import CRS
    from geodata.crs import metric_crs_for, transformer
    if crs is None or not CRS(crs).is_geographic:
        return geoms
    live = [g for g in geoms if g is not None and not shapely.is_empty(g)]
    if not live:
        return geoms
    minx, miny, maxx, maxy = shapely.total_bounds(np.asarray(live, dtype=object))
    to_m = transformer(CRS(crs), metric_crs_for((minx, miny, maxx, maxy)))
    return [None if g is None else shapely.transform(g, lambda xy: np.column_stack(to_m.transform(xy[:, 0], xy[:, 1])))
            for g in geoms]


def activation_problems(geoms, ids, reference_geoms=None, crs=None) -> list[str]:
    """Why this plan cannot be made active (empty: it can). ``reference_geoms``: the grids
    now in force, whose outline (holes filled) the plan must tile; ``crs``: theirs."""
    geoms = list(geoms)
    ids = [None if i is None else str(i) for i in ids]
    if not geoms:
        return ["the plan has no grids"]
    out = []
    missing = [k for k, i in enumerate(ids) if i is None or not i.strip()]
    if missing:
        out.append(f"{len(missing)} grid(s) without an id")
    dupes = sorted(i for i, n in Counter(i for i in ids if i).items() if n > 1)
    if dupes:
        out.append(f"grid id(s) used more than once: {', '.join(dupes[:SHOWN])}" + (" …" if len(dupes) > SHOWN else ""))
    codes = [gridcode.parse(i) for i in ids if i]
    national = [c for c in codes if c is not None]
    if national and len(national) != len(codes):
        odd = [i for i in ids if i and gridcode.parse(i) is None]
        out.append(f"{len(odd)} id(s) are not 15-digit unit-grid codes while the others are: "
                   + ", ".join(odd[:SHOWN]))
    divisions = sorted({c.division for c in national})
    if len(divisions) > 1:
        out.append(f"grid codes of {len(divisions)} administrative divisions: {', '.join(divisions[:SHOWN])}")
    bad = [ids[k] or f"#{k}" for k, g in enumerate(geoms)
           if g is None or shapely.is_empty(g) or shapely.get_type_id(g) not in (3, 6) or not shapely.is_valid(g)]
    if bad:
        out.append(f"{len(bad)} grid(s) not a valid polygon: {', '.join(map(str, bad[:SHOWN]))}")
        return out  # the coverage of broken shapes says nothing more
    geoms = in_metres(geoms, crs)
    reference = None
    if reference_geoms is not None and len(reference_geoms):
        reference = reference_outline([g for g in in_metres(list(reference_geoms), crs) if g is not None])
    report = check_coverage(np.asarray(geoms, dtype=object), reference)
    if not report.is_valid:
        kinds = Counter(p.kind for p in report.problems)
        out.append("the grids do not tile the district: "
                   + ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in sorted(kinds.items())))
    return out
