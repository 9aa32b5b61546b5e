"""Incidents as a closed loop: lifecycle, deadlines, the in-memory book and the GeoPackage store."""
