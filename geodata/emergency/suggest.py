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
from itertools import chain

import numpy as np

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


# Points one neighbour query takes at once. It bounds the pairs held in memory, and the time
# one call holds the interpreter lock: this runs on a worker beside the UI thread.
QUERY_CHUNK = 1024


def neighbours_within(x: np.ndarray, y: np.ndarray, t: np.ndarray, radius_m: float,
                      window_s: float) -> tuple[np.ndarray, np.ndarray]:
    """Each point's neighbours within ``radius_m`` and ``window_s`` (itself included), as CSR:
    ``starts`` (n + 1) into ``near`` (int32). A KD-tree answers the
    radius queries in chunks, so a burst of tens of thousands of incidents never holds all
    pairs twice."""
    from scipy.spatial import cKDTree
    n = len(x)
    xy = np.column_stack([x, y]).astype(float)
    tree = cKDTree(xy)
    counts = np.zeros(n, dtype=np.int64)
    parts = []
    for lo in range(0, n, QUERY_CHUNK):
        lists = tree.query_ball_point(xy[lo:lo + QUERY_CHUNK], r=radius_m)
        sizes = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
        b = np.fromiter(chain.from_iterable(lists), dtype=np.int64, count=int(sizes.sum()))
        a = np.repeat(np.arange(lo, lo + len(lists)), sizes)
        keep = np.abs(t[a] - t[b]) <= window_s
        parts.append(b[keep].astype(np.int32))
        counts[lo:lo + len(lists)] = np.bincount(a[keep] - lo, minlength=len(lists))
    starts = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(counts, out=starts[1:])
    return starts, (np.concatenate(parts) if parts else np.zeros(0, np.int32))


def clusters(x: np.ndarray, y: np.ndarray, t: np.ndarray, radius_m: float, window_s: float,
             min_count: int) -> list[np.ndarray]:
    """Groups of at least ``min_count`` points, each group the points within ``radius_m`` and
    ``window_s`` of its seed. Seeds with the most such neighbours go first (the lowest index
    among equals); a point joins one group only. Returns index arrays, each starting with
    the seed, then nearest first.

    Greedy with lazy counts: a point's count of free neighbours only falls as groups form, so
    a heap of stale counts is an upper bound, and a popped seed whose recount still matches is
    the best. Each group costs its members' recounts, not a pass over every point."""
    import heapq
    n = len(x)
    if n < min_count:
        return []
    starts, near = neighbours_within(x, y, t, radius_m, window_s)
    free = np.ones(n, dtype=bool)
    sizes = np.diff(starts)
    heap = [(-int(c), int(i)) for i, c in enumerate(sizes) if c >= min_count]
    heapq.heapify(heap)
    out = []
    while heap:
        neg, i = heapq.heappop(heap)
        if not free[i]:
            continue
        nb = near[starts[i]:starts[i + 1]]
        members = nb[free[nb]]
        if len(members) != -neg:  # stale: put it back with its true count
            if len(members) >= min_count:
                heapq.heappush(heap, (-len(members), i))
            continue
        d = np.hypot(x[members] - x[i], y[members] - y[i])
        members = members[np.lexsort((members, d))].astype(np.int64)
        free[members] = False
        out.append(members)
    return out


@dataclass
class SuggestionTracker:
    """Finds clusters per rule and keeps what the officer decided about each."""

    rules: list[Rule]
    suggestions: dict[int, Suggestion] = field(default_factory=dict)
    _next: int = 1
    _kinds: dict = field(default_factory=dict)  # kind -> (KD-tree of all its sensors, count)

    @classmethod
    def from_config(cls, config, where: str = "emergency.toml") -> "SuggestionTracker":
        return cls([Rule.parse(name, entry, where) for name, entry in config.suggest.items()])

    def know_sensors(self, kind: np.ndarray, x: np.ndarray, y: np.ndarray) -> None:
        """Every sensor (not only those in alarm): how many of a kind stand around a cluster
        decides whether its alarms could be chance. Sensors do not move: indexed once, in a
        KD-tree of their coordinates (at Longhua 10 MB and 80 ms to build, where an STRtree of
        200,000 shapely points took 53 MB and 190 ms, and answered a count 10x slower)."""
        from scipy.spatial import cKDTree  # here, not at import: the console needs it only once it runs
        kind = np.asarray(kind)
        for k in {r.kind for r in self.rules if r.kind != "incidents"}:
            m = kind == k
            n = int(m.sum())
            self._kinds[k] = (cKDTree(np.column_stack([x[m], y[m]]).astype(float)) if n else None, n)

    def _by_chance(self, rule: Rule, seed_xy, count: int, alarms_of_kind: int) -> bool:
        known = self._kinds.get(rule.kind)
        if known is None or known[1] == 0:
            return False
        tree, total = known
        around = int(tree.query_ball_point(np.asarray(seed_xy, dtype=float), r=rule.radius_m, return_length=True))
        return chance_of_at_least(count, around * alarms_of_kind / total) >= rule.max_chance

    def update(self, now: float, sensors: dict, incidents: dict, inside=None) -> list[Suggestion]:
        """Look again. ``sensors``: ids, kind, x, y, since (alarm start, epoch s) of sensors in
        alarm; ``incidents``: ids, category, x, y, reported (epoch s) of open incidents.
        ``inside(x, y) -> bool``: the emergency being commanded covers the point.
        Returns the suggestions that are newly open (new, or grown since dismissed)."""
        return self.absorb(self.find(now, sensors, incidents), inside)

    def find(self, now: float, sensors: dict, incidents: dict) -> list[tuple]:
        """The clusters each rule sees now: (rule, ids, member x, member y, member times).
        Reads only what it is given and the sensor trees, changes nothing: it may run on a
        worker thread while the officer answers suggestions on the UI thread."""
        found = []
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
                found.append((rule, [str(v) for v in src["ids"][rows]], np.asarray(src["x"][rows], float),
                              np.asarray(src["y"][rows], float), np.asarray(times[rows], float)))
        return found

    def absorb(self, found: list[tuple], inside=None, rules: set[str] | None = None) -> list[Suggestion]:
        """Take what ``find`` saw into the suggestions (on the thread that owns them): new
        clusters open, known ones follow their members, dissolved ones expire. ``rules``: the
        rule names this look covered (default: the tracker's own); only their suggestions can
        expire, so another source (the early warning) does not end the clusters'. Returns the
        suggestions newly open."""
        covered = rules if rules is not None else {r.name for r in self.rules}
        raised = []
        seen: set[int] = set()
        for rule, ids, mx, my, mt in found:
            cx, cy = float(mx.mean()), float(my.mean())
            if inside is not None and inside(cx, cy):
                continue
            s = self._match(rule, ids)
            if s is None:
                s = Suggestion(self._next, rule, cx, cy, ids, np.column_stack([mx, my]), float(mt.min()), float(mt.max()))
                self.suggestions[s.id] = s
                self._next += 1
                raised.append(s)
            else:
                new_members = set(ids) - s.known
                s.known |= new_members
                s.x, s.y = cx, cy
                s.members = ids
                s.member_xy = np.column_stack([mx, my])
                s.first, s.last = min(s.first, float(mt.min())), max(s.last, float(mt.max()))
                if s.state == "dismissed" and new_members:
                    s.state, s.grew = "open", True
                    raised.append(s)
            seen.add(s.id)
        for sid, s in list(self.suggestions.items()):  # a cluster that dissolved stops being suggested
            if sid not in seen and s.state == "open" and s.rule.name in covered:
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
