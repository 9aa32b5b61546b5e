"""Suggestions to declare an emergency: alarms that cluster, incidents that burst.

A rule (``[suggest.NAME]`` in resources/config/emergency.toml) fires when at least
``min_count`` sensors of one kind are in alarm — or incidents of the listed categories were
reported — within ``radius_m`` of one of them (the seed) and within ``window_s`` seconds of
the seed's own start. Alarms count while they last; incidents only while the burst is recent
(reported within ``window_s`` of now) and open.

Where sensors are dense, a few alarms near each other happen by chance (a district of
260,000 sensors has a thousand alarms on an ordinary day). So a sensor cluster must also be
unlikely by chance: with the district's alarm rate for that kind and the number of such
sensors around the seed, the Poisson chance of seeing this many alarms there must be below
``max_chance`` (default 1e-3).

The tracker remembers what the officer has seen: a dismissed cluster stays quiet until it
gains a member it did not have; one inside the emergency being commanded is not raised at
all. Nothing here switches anything — the console shows the suggestion and the officer
decides.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import math

import numpy as np
import shapely

from geodata.emergency.picture import EMERGENCY_TYPES, EmergencyConfigError


@dataclass(frozen=True)
class Rule:
    name: str
    type: str
    kind: str                      # a sensor kind, or "incidents"
    min_count: int
    radius_m: float
    window_s: float
    categories: tuple[str, ...] = ()  # for kind == "incidents"; empty: any category
    max_chance: float = 1e-3          # for sensor kinds: how unlikely by chance a cluster must be

    @classmethod
    def parse(cls, name: str, entry: dict, where: str) -> "Rule":
        def fail(why: str):
            raise EmergencyConfigError(f"{where}: [suggest.{name}] {why}")
        if entry.get("type") not in EMERGENCY_TYPES:
            fail(f"type must be one of {', '.join(EMERGENCY_TYPES)}, not {entry.get('type')!r}")
        if not isinstance(entry.get("kind"), str) or not entry["kind"]:
            fail("kind must name a sensor kind or be \"incidents\"")
        for key in ("min_count", "radius_m", "window_s"):
            v = entry.get(key)
            if not isinstance(v, (int, float)) or isinstance(v, bool) or v <= 0:
                fail(f"{key} must be a positive number, not {v!r}")
        cats = entry.get("categories", [])
        if not isinstance(cats, list) or not all(isinstance(c, str) for c in cats):
            fail("categories must be a list of incident categories")
        chance = entry.get("max_chance", 1e-3)
        if not isinstance(chance, (int, float)) or not 0 < chance <= 1:
            fail(f"max_chance must be a probability in (0, 1], not {chance!r}")
        return cls(name, entry["type"], entry["kind"], int(entry["min_count"]), float(entry["radius_m"]),
                   float(entry["window_s"]), tuple(cats), float(chance))


def chance_of_at_least(count: int, expected: float) -> float:
    """P(X >= count) for X ~ Poisson(expected)."""
    if expected <= 0:
        return 0.0 if count > 0 else 1.0
    term, below = math.exp(-expected), 0.0
    for k in range(count):
        below += term
        term *= expected / (k + 1)
    return max(0.0, 1.0 - below)


@dataclass
class Suggestion:
    """A cluster that a rule found: what to declare, where, and the evidence."""

    id: int
    rule: Rule
    x: float                   # centre of the members, metric CRS
    y: float
    members: list[str]         # sensor or incident ids, nearest the seed first
    member_xy: np.ndarray      # (n, 2) metric
    first: float               # epoch seconds of the earliest and latest member
    last: float
    state: str = "open"        # open, dismissed, declared
    grew: bool = False         # raised again because a dismissed cluster gained members
    known: set = field(default_factory=set)  # every member it ever had (what the officer has seen)

    def __post_init__(self) -> None:
        self.known |= set(self.members)

    @property
    def count(self) -> int:
        return len(self.members)


def clusters(x: np.ndarray, y: np.ndarray, t: np.ndarray, radius_m: float, window_s: float,
             min_count: int) -> list[np.ndarray]:
    """Groups of at least ``min_count`` points, each group the points within ``radius_m`` and
    ``window_s`` of its seed. Seeds with the most such neighbours go first; a point joins one
    group only. Returns index arrays, each starting with the seed, then nearest first."""
    n = len(x)
    if n < min_count:
        return []
    tree = shapely.STRtree(shapely.points(x, y))
    a, b = tree.query(shapely.points(x, y), predicate="dwithin", distance=radius_m)
    keep = np.abs(t[a] - t[b]) <= window_s
    a, b = a[keep], b[keep]
    order = np.argsort(a, kind="stable")
    a, b = a[order], b[order]
    starts = np.searchsorted(a, np.arange(n + 1))
    neighbours = [b[starts[i]:starts[i + 1]] for i in range(n)]
    free = np.ones(n, dtype=bool)
    out = []
    while True:
        counts = np.array([free[nb].sum() if free[i] else 0 for i, nb in enumerate(neighbours)])
        seed = int(np.argmax(counts))
        if counts[seed] < min_count:
            return out
        members = neighbours[seed][free[neighbours[seed]]]
        d = np.hypot(x[members] - x[seed], y[members] - y[seed])
        members = members[np.lexsort((members, d))]
        free[members] = False
        out.append(members)


@dataclass
class SuggestionTracker:
    """Finds clusters per rule and keeps what the officer decided about each."""

    rules: list[Rule]
    suggestions: dict[int, Suggestion] = field(default_factory=dict)
    _next: int = 1
    _kinds: dict = field(default_factory=dict)  # kind -> (STRtree of all its sensors, count)

    @classmethod
    def from_config(cls, config, where: str = "emergency.toml") -> "SuggestionTracker":
        return cls([Rule.parse(name, entry, where) for name, entry in config.suggest.items()])

    def know_sensors(self, kind: np.ndarray, x: np.ndarray, y: np.ndarray) -> None:
        """Every sensor (not only those in alarm): how many of a kind stand around a cluster
        decides whether its alarms could be chance. Sensors do not move: indexed once."""
        kind = np.asarray(kind)
        for k in {r.kind for r in self.rules if r.kind != "incidents"}:
            m = kind == k
            self._kinds[k] = (shapely.STRtree(shapely.points(x[m], y[m])), int(m.sum()))

    def _by_chance(self, rule: Rule, seed_xy, count: int, alarms_of_kind: int) -> bool:
        known = self._kinds.get(rule.kind)
        if known is None or known[1] == 0:
            return False
        tree, total = known
        around = len(tree.query(shapely.Point(*seed_xy), predicate="dwithin", distance=rule.radius_m))
        return chance_of_at_least(count, around * alarms_of_kind / total) >= rule.max_chance

    def update(self, now: float, sensors: dict, incidents: dict, inside=None) -> list[Suggestion]:
        """Look again. ``sensors``: ids, kind, x, y, since (alarm start, epoch s) of sensors in
        alarm; ``incidents``: ids, category, x, y, reported (epoch s) of open incidents.
        ``inside(x, y) -> bool``: the emergency being commanded covers the point.
        Returns the suggestions that are newly open (new, or grown since dismissed)."""
        raised = []
        seen: set[int] = set()
        for rule in self.rules:
            if rule.kind == "incidents":
                src = incidents
                pick = src["reported"] >= now - rule.window_s
                if rule.categories:
                    pick &= np.isin(src["category"], rule.categories)
                times = src["reported"]
            else:
                src = sensors
                pick = src["kind"] == rule.kind
                times = src["since"]
            idx = np.flatnonzero(pick)
            for group in clusters(src["x"][idx], src["y"][idx], times[idx], rule.radius_m, rule.window_s,
                                  rule.min_count):
                rows = idx[group]
                if rule.kind != "incidents" and \
                        self._by_chance(rule, (src["x"][rows[0]], src["y"][rows[0]]), len(rows), len(idx)):
                    continue
                ids = [str(v) for v in src["ids"][rows]]
                cx, cy = float(src["x"][rows].mean()), float(src["y"][rows].mean())
                if inside is not None and inside(cx, cy):
                    continue
                s = self._match(rule, ids)
                if s is None:
                    s = Suggestion(self._next, rule, cx, cy, ids, np.column_stack([src["x"][rows], src["y"][rows]]),
                                   float(times[rows].min()), float(times[rows].max()))
                    self.suggestions[s.id] = s
                    self._next += 1
                    raised.append(s)
                else:
                    new_members = set(ids) - s.known
                    s.known |= new_members
                    s.x, s.y = cx, cy
                    s.members = ids
                    s.member_xy = np.column_stack([src["x"][rows], src["y"][rows]])
                    s.first, s.last = min(s.first, float(times[rows].min())), max(s.last, float(times[rows].max()))
                    if s.state == "dismissed" and new_members:
                        s.state, s.grew = "open", True
                        raised.append(s)
                seen.add(s.id)
        for sid, s in list(self.suggestions.items()):  # a cluster that dissolved stops being suggested
            if sid not in seen and s.state == "open":
                s.state = "expired"
        return raised

    def _match(self, rule: Rule, ids: list[str]) -> Suggestion | None:
        """The suggestion this cluster continues: same rule, a member in common."""
        ids_set = set(ids)
        for s in self.suggestions.values():
            if s.rule.name == rule.name and s.state != "expired" and ids_set & s.known:
                return s
        return None

    def open(self) -> list[Suggestion]:
        """Open suggestions, the largest first."""
        return sorted((s for s in self.suggestions.values() if s.state == "open"), key=lambda s: (-s.count, s.id))

    def dismiss(self, sid: int) -> None:
        self.suggestions[sid].state = "dismissed"

    def declared(self, sid: int) -> None:
        self.suggestions[sid].state = "declared"
