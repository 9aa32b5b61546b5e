"""Analyses the command centre runs on the district's history: space-time queries, the
hierarchy's totals, the governance index, hotspots, early warning and replay. No Qt."""
