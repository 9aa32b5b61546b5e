"""Shared fixtures. Qt runs headless; pytest-qt provides qapp/qtbot."""
from __future__ import annotations

import atexit
import os
import shutil
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The console's own files (the demo's working copy, the audit log) go to a scratch folder,
# also for the console processes the tests start; it is removed when the run ends.
if "GRIDTWIN_DATA_HOME" not in os.environ:
    _scratch = tempfile.mkdtemp(prefix="gridtwin-test-")
    os.environ["GRIDTWIN_DATA_HOME"] = _scratch
    atexit.register(shutil.rmtree, _scratch, ignore_errors=True)

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


@pytest.fixture(autouse=True)
def _collect_qt_garbage():
    """Destroy the windows a test leaves in reference cycles now, on the GUI thread. Left to
    Python's cyclic GC, they can be collected later on a worker thread (the loader's), and a
    QWidget destroyed off the GUI thread crashes the process."""
    yield
    import gc

    gc.collect()
