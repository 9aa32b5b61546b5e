"""Feeds: where incidents and sensor readings come from (simulator, TCP NDJSON, Open311/CAP inbox),
and the intake that checks, places and stores them. No Qt: the console runs the pump on a worker thread."""
