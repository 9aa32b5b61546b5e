"""The social-governance index: every grid, community and street scored each month from its
own incident and sensor history, with the indicators and weights of
``resources/config/governance_index.toml`` (documented there and in docs/ANALYSIS.md).

Scores are percentiles among the units of a level in a month, so one outlier does not squash
everyone else, and a unit is compared with its peers, not with an absolute figure nobody agreed.
"""
from __future__ import annotations

import html
import tomllib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd

from geodata.localtime import CST
from geodata.spatial_index import NO_GRID
from geodata.textsafe import csv_cell

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "resources" / "config" / "governance_index.toml"
LEVELS = ("grid", "community", "street")
KNOWN = ("incidents_per_1000", "on_time_rate", "overdue_share", "escalated_share", "repeat_share",
         "alarms_per_1000", "satisfaction")


class IndexConfigError(ValueError):
    """The index file cannot be used: names the file and what is wrong."""


@dataclass(frozen=True)
class Indicator:
    key: str
    weight: float
    better: str  # "higher" or "lower"
    labels: dict[str, str]

    def label(self, lang: str) -> str:
        return self.labels.get(lang) or self.labels.get("en") or self.key


@dataclass(frozen=True)
class IndexConfig:
    indicators: tuple[Indicator, ...]
    repeat_radius_m: float = 50.0
    repeat_days: float = 30.0
    min_incidents: int = 1

    @classmethod
    def load(cls, path: str | Path = DEFAULT_PATH) -> "IndexConfig":
        path = Path(path)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise IndexConfigError(f"{path}: cannot be read ({exc})") from None
        out = []
        for k, item in enumerate(data.get("indicator", []), 1):
            key = str(item.get("key", ""))
            if key not in KNOWN:
                raise IndexConfigError(f"{path}: indicator {k} has key {key!r}; known keys are {', '.join(KNOWN)}")
            try:
                weight = float(item.get("weight", 0))
            except (TypeError, ValueError):
                raise IndexConfigError(f"{path}: indicator {key!r} has a weight that is not a number") from None
            if not (weight >= 0 and np.isfinite(weight)):
                raise IndexConfigError(f"{path}: indicator {key!r} has a negative weight")
            better = str(item.get("better", "higher"))
            if better not in ("higher", "lower"):
                raise IndexConfigError(f"{path}: indicator {key!r}: better must be 'higher' or 'lower'")
            out.append(Indicator(key, weight, better, {l: str(item[l]) for l in ("en", "zh_CN") if l in item}))
        if not out or sum(i.weight for i in out) <= 0:
            raise IndexConfigError(f"{path}: no indicator has a weight above 0")
        opts = data.get("index", {})
        return cls(tuple(out), float(opts.get("repeat_radius_m", 50)), float(opts.get("repeat_days", 30)),
                   int(opts.get("min_incidents", 1)))


def month_of(t: np.ndarray) -> np.ndarray:
    """'YYYY-MM' in China Standard Time for epoch seconds (NaN: '')."""
    t = np.asarray(t, dtype=float)
    out = np.full(len(t), "", dtype=object)
    ok = np.isfinite(t)
    if ok.any():
        out[ok] = pd.to_datetime(t[ok], unit="s", utc=True).tz_convert(CST).strftime("%Y-%m").to_numpy()
    return out


def repeats(history, radius_m: float, days: float) -> np.ndarray:
    """Which incidents repeat an earlier one of the same category within ``radius_m`` metres
    and ``days`` days before (the place was not really fixed)."""
    n = len(history)
    out = np.zeros(n, dtype=bool)
    if n < 2:
        return out
    for cat in np.unique(history.category.astype(str)):
        rows = np.flatnonzero(history.category == cat)
        if len(rows) < 2:
            continue
        from scipy.spatial import cKDTree  # here, not at import: it costs the console's start ~0.4 s

        tree = cKDTree(np.column_stack([history.x[rows], history.y[rows]]))
        pairs = tree.query_pairs(radius_m, output_type="ndarray")
        if not len(pairs):
            continue
        a, b = rows[pairs[:, 0]], rows[pairs[:, 1]]
        dt = history.reported[b] - history.reported[a]
        close = np.abs(dt) <= days * 86400
        later = np.where(dt >= 0, b, a)[close & (dt != 0)]
        out[later] = True
    return out


def unit_of(grids, level: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Each grid's unit at ``level`` (a position in the returned arrays), and each unit's key
    (grid id; "street/community"; street), display name and parent's name."""
    street = grids["street"].fillna("").astype(str).to_numpy()
    community = grids["community"].fillna("").astype(str).to_numpy()
    if level == "grid":
        keys = grids["grid_id"].astype(str).to_numpy()
        names = grids["name"].fillna("").astype(str).to_numpy() if "name" in grids else keys
        return np.arange(len(keys)), keys, np.where(names == "", keys, names), community
    if level == "community":  # a community is named within its street
        keys, first, which = np.unique(np.char.add(np.char.add(street.astype(str), "/"), community.astype(str)),
                                       return_index=True, return_inverse=True)
        return which, keys, community[first], street[first]
    keys, first, which = np.unique(street, return_index=True, return_inverse=True)
    return which, keys, keys.copy(), np.full(len(keys), str(grids["district"].dropna().iloc[0])
                                             if "district" in grids and grids["district"].notna().any() else "")


def measure(history, grids, config: IndexConfig, *, now: datetime | None = None) -> pd.DataFrame:
    """Raw indicators per (level, unit, month): one row each, months in CST. ``history`` is an
    IncidentHistory with current grid positions; ``grids`` the district's grids frame."""
    month = month_of(history.reported)
    closed_month = month_of(history.closed)
    cut = (now or datetime.now(CST)).timestamp()
    rep = repeats(history, config.repeat_radius_m, config.repeat_days)
    on_time = history.on_time
    # overdue: closed after the deadline, or still open past it now
    overdue = (np.isfinite(history.deadline)
               & np.where(np.isfinite(history.closed), history.closed > history.deadline, cut > history.deadline))
    sensor = history.source == "sensor"
    sat = history.satisfaction
    pop = grids["population"].to_numpy(dtype=float)
    inside = history.grid != NO_GRID
    months = sorted(m for m in set(month[inside]) if m)
    frames = []
    for level in LEVELS:
        unit, names, labels, parents = unit_of(grids, level)
        u_pop = np.bincount(unit, weights=pop, minlength=len(names))
        g = np.clip(history.grid, 0, None)
        iu = np.where(inside, unit[g], -1)
        for m in months:
            in_m = inside & (month == m)
            closed_m = inside & (closed_month == m) & np.isfinite(on_time)

            def per(mask, weights=None):
                return np.bincount(iu[mask], weights=None if weights is None else weights[mask], minlength=len(names))

            n = per(in_m)
            n_closed = per(closed_m)
            n_sat = per(in_m & np.isfinite(sat))
            with np.errstate(invalid="ignore", divide="ignore"):
                share_ok = n >= max(config.min_incidents, 1)
                row = pd.DataFrame({
                    "level": level, "unit": names, "name": labels, "parent": parents, "month": m,
                    "population": u_pop, "incidents": n,
                    "incidents_per_1000": np.where(u_pop > 0, n / u_pop * 1000, np.nan),
                    "on_time_rate": np.where(n_closed > 0, per(closed_m, np.nan_to_num(on_time)) / n_closed, np.nan),
                    "overdue_share": np.where(share_ok, per(in_m & overdue) / n, np.nan),
                    "escalated_share": np.where(share_ok, per(in_m & history.escalated) / n, np.nan),
                    "repeat_share": np.where(share_ok, per(in_m & rep) / n, np.nan),
                    "alarms_per_1000": np.where(u_pop > 0, per(in_m & sensor) / u_pop * 1000, np.nan),
                    "satisfaction": np.where(n_sat > 0, per(in_m & np.isfinite(sat), np.nan_to_num(sat)) / n_sat, np.nan),
                })
            frames.append(row)
    if not frames:
        return pd.DataFrame(columns=["level", "unit", "name", "parent", "month", "population", "incidents", *KNOWN])
    return pd.concat(frames, ignore_index=True)


def score(raw: pd.DataFrame, config: IndexConfig) -> pd.DataFrame:
    """Add ``score_<indicator>`` (0–100 percentile among peers, 100 best), ``index`` (weighted
    mean of the scores present), ``rank`` (1 best within level and month), and the change since
    the month before: ``index_change`` and ``rank_change`` (positive: moved up)."""
    out = raw.copy()
    weights = pd.Series({i.key: i.weight for i in config.indicators})
    score_cols = []
    for ind in config.indicators:
        col = f"score_{ind.key}"
        ranked = out.groupby(["level", "month"])[ind.key].rank(pct=True, method="average",
                                                              ascending=ind.better == "higher")
        size = out.groupby(["level", "month"])[ind.key].transform("count")
        # percentile of the unit among peers: the worst is 0, the best 100; alone it scores 50
        out[col] = np.where(size > 1, (ranked * size - 1) / (size - 1).clip(lower=1) * 100, 50.0)
        out.loc[out[ind.key].isna(), col] = np.nan
        score_cols.append(col)
    s = out[score_cols].to_numpy(dtype=float)
    w = np.array([weights[c[6:]] for c in score_cols])
    present = np.isfinite(s)
    wsum = (present * w).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        out["index"] = np.where(wsum > 0, np.nansum(np.nan_to_num(s) * w, axis=1) / wsum, np.nan)
    out["rank"] = out.groupby(["level", "month"])["index"].rank(ascending=False, method="min")
    out = out.sort_values(["level", "unit", "month"], kind="stable")
    prev = out.groupby(["level", "unit"])[["index", "rank"]].shift(1)
    out["index_change"] = out["index"] - prev["index"]
    out["rank_change"] = prev["rank"] - out["rank"]
    return out.sort_values(["level", "month", "rank", "unit"], kind="stable").reset_index(drop=True)


def governance_index(history, grids, config: IndexConfig | None = None, *, now: datetime | None = None) -> pd.DataFrame:
    """The whole table: raw indicators, scores, index, rank and change, for every level and month."""
    config = config or IndexConfig.load()
    return score(measure(history, grids, config, now=now), config)


def ranking(table: pd.DataFrame, level: str, month: str) -> pd.DataFrame:
    """One level's ranking for one month, best first."""
    return table[(table["level"] == level) & (table["month"] == month)].sort_values(["rank", "unit"])


def trend(table: pd.DataFrame, level: str, unit: str) -> pd.DataFrame:
    """One unit's index month by month."""
    return table[(table["level"] == level) & (table["unit"] == unit)].sort_values("month")


def to_html(table: pd.DataFrame, title: str, config: IndexConfig, lang: str = "en") -> str:
    """A standalone HTML page of a ranking; every name is escaped, nothing in it runs."""
    heads = {"name": "单位" if lang == "zh_CN" else "Unit", "parent": "所属" if lang == "zh_CN" else "Within", "rank": "排名" if lang == "zh_CN" else "Rank",
             "index": "指数" if lang == "zh_CN" else "Index",
             "rank_change": "名次变化" if lang == "zh_CN" else "Rank change"}
    cols = ["rank", "name", "parent", "index", "rank_change"] + [i.key for i in config.indicators]
    names = {**heads, **{i.key: i.label(lang) for i in config.indicators}}
    rows = []
    for _, r in table.iterrows():
        cells = []
        for c in cols:
            v = r.get(c)
            if isinstance(v, float):
                text = "–" if not np.isfinite(v) else (f"{v:+.0f}" if c == "rank_change" else
                                                      f"{v:.0f}" if c == "rank" else f"{v:.2f}")
            else:
                text = str(v)
            cells.append(f"<td>{html.escape(text)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    head = "".join(f"<th>{html.escape(names[c])}</th>" for c in cols)
    return ("<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
            f"<title>{html.escape(title)}</title><style>body{{font-family:sans-serif;font-size:18px}}"
            "table{border-collapse:collapse}td,th{border:1px solid #999;padding:4px 8px;text-align:right}"
            "td:nth-child(2),td:nth-child(3){text-align:left}</style></head><body>"
            f"<h1>{html.escape(title)}</h1><table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody>"
            "</table></body></html>")


def to_csv(table: pd.DataFrame, path: str | Path) -> None:
    """CSV (UTF-8 with BOM, so a spreadsheet reads Chinese names); text a spreadsheet would run
    as a formula is neutralised (:func:`geodata.textsafe.csv_cell`)."""
    safe = table.copy()
    for c in safe.columns:
        if safe[c].dtype == object or pd.api.types.is_string_dtype(safe[c]):
            safe[c] = safe[c].map(csv_cell).astype(object)
    safe.to_csv(path, index=False, encoding="utf-8-sig")
