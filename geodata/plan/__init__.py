"""Grid planning: topological boundary edits, coverage checks, workload balance, plan versions."""
