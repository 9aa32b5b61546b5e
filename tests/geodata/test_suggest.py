"""Suggestions to declare: clusters of alarms and bursts of incidents, chance, dismissal."""
from __future__ import annotations

import numpy as np
import pytest

from geodata.emergency.picture import EmergencyConfig, EmergencyConfigError
from geodata.emergency.suggest import Rule, SuggestionTracker, chance_of_at_least, clusters

GAS = Rule("gas", "gas_leak", "gas", min_count=3, radius_m=500, window_s=1800)
BURST = Rule("floods", "flood", "incidents", min_count=4, radius_m=300, window_s=1800, categories=("flooding",))
NOW = 1_800_000_000.0


def sensors(points, kind="gas", since=NOW):
    ids = np.array([f"S{k}" for k in range(len(points))], dtype=object)
    xy = np.asarray(points, float).reshape(-1, 2)
    return {"ids": ids, "kind": np.array([kind] * len(points), dtype=object), "x": xy[:, 0], "y": xy[:, 1],
            "since": np.full(len(points), since, float)}


NO_INCIDENTS = {"ids": np.empty(0, object), "category": np.empty(0, object), "x": np.empty(0), "y": np.empty(0),
                "reported": np.empty(0)}


def test_clusters_take_the_densest_seed_first_and_respect_radius_and_time():
    x = np.array([0, 100, 200, 300, 5000, 5050, 0.0])
    y = np.zeros(7)
    t = np.array([0, 0, 0, 0, 0, 0, 99_999.0])  # the last is at the first point but hours later
    groups = clusters(x, y, t, radius_m=250, window_s=600, min_count=3)
    assert [sorted(g.tolist()) for g in groups] == [[0, 1, 2, 3]]   # not point 6: same place, hours later
    assert clusters(x, y, t, radius_m=250, window_s=600, min_count=5) == []
    groups = clusters(x, y, t, radius_m=250, window_s=600, min_count=2)
    assert sorted(sorted(g.tolist()) for g in groups) == [[0, 1, 2, 3], [4, 5]]


def test_poisson_tail():
    assert chance_of_at_least(0, 2.0) == pytest.approx(1.0)
    assert chance_of_at_least(1, 2.0) == pytest.approx(1 - np.exp(-2))
    assert chance_of_at_least(3, 0.01) < 1e-6


def test_a_cluster_is_raised_once_dismissed_then_raised_again_when_it_grows():
    tracker = SuggestionTracker([GAS])
    cluster = [(0, 0), (120, 40), (-80, 200)]
    alarms = sensors(cluster)
    raised = tracker.update(NOW, alarms, NO_INCIDENTS)
    assert len(raised) == 1 and raised[0].count == 3 and raised[0].rule.type == "gas_leak"
    assert raised[0].x == pytest.approx(np.mean([0, 120, -80]))
    assert tracker.update(NOW + 60, alarms, NO_INCIDENTS) == []          # the same cluster: not again
    tracker.dismiss(raised[0].id)
    assert tracker.open() == []
    assert tracker.update(NOW + 120, alarms, NO_INCIDENTS) == []         # dismissed stays quiet
    grown = tracker.update(NOW + 180, sensors(cluster + [(60, -150)]), NO_INCIDENTS)
    assert len(grown) == 1 and grown[0].id == raised[0].id and grown[0].grew and grown[0].count == 4


def test_a_cluster_that_dissolves_stops_being_suggested_and_one_inside_the_emergency_is_not_raised():
    tracker = SuggestionTracker([GAS])
    alarms = sensors([(0, 0), (120, 40), (-80, 200)])
    tracker.update(NOW, alarms, NO_INCIDENTS)
    tracker.update(NOW + 60, sensors([(0, 0)]), NO_INCIDENTS)
    assert tracker.open() == []
    fresh = SuggestionTracker([GAS])
    assert fresh.update(NOW, alarms, NO_INCIDENTS, inside=lambda x, y: True) == []


def test_alarms_spread_over_more_than_the_window_do_not_cluster():
    tracker = SuggestionTracker([GAS])
    alarms = sensors([(0, 0), (120, 40), (-80, 200)])
    alarms["since"] = np.array([NOW, NOW - 3600, NOW - 7200])
    assert tracker.update(NOW, alarms, NO_INCIDENTS) == []


def test_alarms_that_could_be_chance_among_dense_sensors_are_not_suggested():
    rng = np.random.default_rng(3)
    everywhere = rng.uniform(0, 2000, (4000, 2))       # 4,000 gas sensors on 2 x 2 km
    tracker = SuggestionTracker([GAS])
    tracker.know_sensors(np.array(["gas"] * 4000), everywhere[:, 0], everywhere[:, 1])
    # 20 of them in alarm (0.5 %, an ordinary day): a few near each other is what chance gives
    alarms = sensors(everywhere[:20].tolist())
    assert tracker.update(NOW, alarms, NO_INCIDENTS) == []
    assert len(clusters(alarms["x"], alarms["y"], alarms["since"], 500, 1800, 3)) > 0  # yet they do cluster
    # ...but 20 in alarm within 150 m of one point is not chance
    leak = [(1000 + dx, 1000 + dy) for dx, dy in rng.uniform(-150, 150, (20, 2))]
    raised = tracker.update(NOW, sensors(everywhere[:20].tolist() + leak), NO_INCIDENTS)
    assert len(raised) == 1 and raised[0].count >= 20


def test_an_incident_burst_counts_only_recent_incidents_of_its_categories():
    tracker = SuggestionTracker([BURST])
    xy = np.array([(0, 0), (50, 0), (0, 80), (90, 90), (30, 30)], float)
    inc = {"ids": np.array([f"I{k}" for k in range(5)], object),
           "category": np.array(["flooding"] * 4 + ["noise"], object), "x": xy[:, 0], "y": xy[:, 1],
           "reported": np.array([NOW - 60, NOW - 120, NOW - 300, NOW - 7200, NOW - 30])}
    assert tracker.update(NOW, sensors([]), inc) == []                # one is old, one is noise
    inc["reported"][3] = NOW - 600
    raised = tracker.update(NOW, sensors([]), inc)
    assert len(raised) == 1 and sorted(raised[0].members) == ["I0", "I1", "I2", "I3"]


def test_the_shipped_rules_parse_and_bad_rules_are_named():
    tracker = SuggestionTracker.from_config(EmergencyConfig.load())
    assert {r.kind for r in tracker.rules} >= {"gas", "water_level", "incidents"}
    with pytest.raises(EmergencyConfigError, match=r"\[suggest.x\] type"):
        Rule.parse("x", {"type": "meteor", "kind": "gas", "min_count": 3, "radius_m": 1, "window_s": 1}, "f.toml")
    with pytest.raises(EmergencyConfigError, match="radius_m must be a positive number"):
        Rule.parse("x", {"type": "fire", "kind": "smoke", "min_count": 3, "radius_m": -5, "window_s": 1}, "f.toml")
