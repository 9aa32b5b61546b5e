"""Early warning: a grid whose recent incidents exceed its own baseline beyond chance.

The test (docs/ANALYSIS.md): for each grid and each window of the last W hours (W = 3, 6, 12,
24), the grid's count k is compared with its share of the whole district's count N in the same
window. Under the baseline, k ~ Binomial(N, s), where s is the grid's share of the district's
incidents in the training months (with half an incident added to every grid, so a grid that
never had one can still be tested). The warning fires when P(X >= k) is below a family-wise
error of ``daily_alpha`` per day, Bonferroni-divided over every grid, window and hourly check
of a day, and k is at least ``min_count``. Conditioning on N takes out what the whole district
shares (weather, a holiday, the evening peak), so only a local surge stands out. A grid warns
at the first significant hour of an episode; it warns again only after ``refractory_h`` hours
without a significant window: one surge, one warning.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from geodata.spatial_index import NO_GRID

HOUR = 3600.0
# What a surge of a category would be declared as, when it is strong enough to suggest one
EMERGENCY_FOR_CATEGORY = {"flooding": "flood", "water_drainage": "flood", "fire_hazard": "fire",
                          "gas_leak": "gas_leak"}


@dataclass(frozen=True)
class WarningRule:
    windows_h: tuple[int, ...] = (3, 6, 12, 24)
    daily_alpha: float = 0.01
    min_count: int = 4
    refractory_h: int = 24
    strong_log10p: float = 12.0  # -log10 p at or past which a warning is put to the officer as a suggestion

    def threshold(self, n_grids: int) -> float:
        return self.daily_alpha / (max(n_grids, 1) * len(self.windows_h) * 24)


@dataclass(frozen=True)
class EarlyWarning:
    grid: int           # position in the district's grids
    at: float           # epoch s of the check that fired (the end of the window)
    window_h: int
    observed: int
    expected: float
    p: float
    since: float = float("nan")  # when the episode's first warning fired (``at`` for that first one)

    @property
    def strength(self) -> float:
        """-log10 p: 8 is "once in a hundred million", the scale the suggestion rule uses."""
        return float(-np.log10(max(self.p, 1e-300)))

    @property
    def ratio(self) -> float:
        return self.observed / self.expected if self.expected > 0 else float("inf")


def hourly_counts(grid: np.ndarray, t: np.ndarray, n_grids: int, start: float, hours: int) -> np.ndarray:
    """Incidents per grid per hour from ``start`` (epoch s): an (n_grids, hours) int32 matrix."""
    h = np.floor((np.asarray(t, dtype=float) - start) / HOUR)
    g = np.asarray(grid)
    ok = (g != NO_GRID) & (g >= 0) & (g < n_grids) & (h >= 0) & (h < hours) & np.isfinite(h)
    flat = g[ok].astype(np.int64) * hours + h[ok].astype(np.int64)
    return np.bincount(flat, minlength=n_grids * hours).reshape(n_grids, hours).astype(np.int32)


def shares(baseline_counts: np.ndarray) -> np.ndarray:
    """Each grid's share of the district's incidents in the training counts, half an incident added."""
    c = np.asarray(baseline_counts, dtype=float) + 0.5
    return c / c.sum()


def scan(counts: np.ndarray, share: np.ndarray, hours, rule: WarningRule = WarningRule(),
         start: float = 0.0, latest: bool = False) -> list[EarlyWarning]:
    """Check every grid at the end of each hour in ``hours`` (column indices of ``counts``);
    returns the warnings, oldest first, one per surge (the refractory period): as first
    raised, or with ``latest`` as the episode stands at its last significant hour."""
    n = counts.shape[0]
    cum = np.concatenate([np.zeros((n, 1), dtype=np.int64), np.cumsum(counts, axis=1, dtype=np.int64)], axis=1)
    total = cum.sum(axis=0)
    alpha = rule.threshold(n)
    last_significant = np.full(n, -10**9, dtype=np.int64)
    open_at: dict[int, int] = {}  # grid -> its open episode's place in ``out``
    out: list[EarlyWarning] = []
    for h in hours:
        end = h + 1
        best: dict[int, EarlyWarning] = {}
        for w in rule.windows_h:
            begin = max(end - w, 0)
            k = cum[:, end] - cum[:, begin]
            cand = np.flatnonzero(k >= rule.min_count)
            if not len(cand):
                continue
            big_n = int(total[end] - total[begin])
            from scipy.stats import binom  # here, not at import: scipy.stats costs the console's start ~0.5 s

            p = binom.sf(k[cand] - 1, big_n, share[cand])
            sig = p <= alpha
            for g, kk, pp in zip(cand[sig], k[cand][sig], p[sig]):
                if g not in best or pp < best[g].p:
                    best[int(g)] = EarlyWarning(int(g), start + end * HOUR, w, int(kk), float(big_n * share[g]),
                                                float(pp))
        for g, warning in best.items():
            if h - last_significant[g] > rule.refractory_h:  # a new episode, not the same surge still counted
                open_at[g] = len(out)
                out.append(replace(warning, since=warning.at))
            elif latest:
                out[open_at[g]] = replace(warning, since=out[open_at[g]].since)
            last_significant[g] = h
    return out


def early_warnings(history, n_grids: int, now: float, *, rule: WarningRule = WarningRule(),
                   baseline_days: int = 90, recent_h: int = 24) -> list[EarlyWarning]:
    """Warnings of the last ``recent_h`` hours before ``now`` (epoch s), against the baseline of
    the ``baseline_days`` before that; strongest first."""
    hours = baseline_days * 24 + recent_h
    start = np.floor(now / HOUR) * HOUR - hours * HOUR
    counts = hourly_counts(history.grid, history.reported, n_grids, start, hours)
    share = shares(counts[:, : baseline_days * 24].sum(axis=1))
    found = scan(counts, share, range(baseline_days * 24, hours), rule, start, latest=True)
    latest: dict[int, EarlyWarning] = {}
    for w in found:
        latest[w.grid] = w
    return sorted(latest.values(), key=lambda w: w.p)


def evidence(warning: EarlyWarning, history) -> tuple[str, np.ndarray]:
    """The emergency type a warning would be declared as (its most frequent category's, else
    public safety) and the history rows in its window: what the suggestion banner shows."""
    rows = np.flatnonzero((history.grid == warning.grid) & (history.reported > warning.at - warning.window_h * HOUR)
                          & (history.reported <= warning.at))
    cats, counts = np.unique(history.category[rows].astype(str), return_counts=True)
    top = str(cats[np.argmax(counts)]) if len(cats) else ""
    return EMERGENCY_FOR_CATEGORY.get(top, "public_safety"), rows
