"""Shared fixtures. Qt runs headless; pytest-qt provides qapp/qtbot."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "resources" / "data" / "demo_small.gpkg"


@pytest.fixture(scope="session")
def demo_path() -> Path:
    return DEMO


@pytest.fixture(scope="session")
def demo_district():
    """The bundled small district, loaded once (tests must not mutate it)."""
    from geodata import load_district

    return load_district(DEMO)
