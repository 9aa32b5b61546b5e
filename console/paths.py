"""Where the console's files are: the bundled demo, and the data folder for its own files."""
from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import QStandardPaths

DEMO = Path(__file__).resolve().parent.parent / "resources" / "data" / "demo_small.gpkg"


def data_home() -> Path:
    """Where the console keeps its own files (the demo's working copy): $GRIDTWIN_DATA_HOME,
    else the user's application data folder."""
    env = os.environ.get("GRIDTWIN_DATA_HOME")
    if env:
        return Path(env)
    base = QStandardPaths.writableLocation(QStandardPaths.AppDataLocation) or tempfile.gettempdir()
    return Path(base)


def working_copy(path: Path) -> Path:
    """The bundled demo is never written to: live incidents go to a copy in the data folder,
    one per version of the bundled file (a new demo starts a fresh copy)."""
    if path.resolve() != DEMO.resolve():
        return path
    digest = hashlib.sha1(DEMO.read_bytes()).hexdigest()[:10]
    copy = data_home() / f"demo_small-{digest}.gpkg"
    if not copy.exists():
        copy.parent.mkdir(parents=True, exist_ok=True)
        tmp = copy.with_suffix(".partial")
        shutil.copyfile(DEMO, tmp)
        tmp.replace(copy)
    return copy
