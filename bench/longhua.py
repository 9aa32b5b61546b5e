"""The benchmarks' default district: a `longhua`-scale demo generated into bench/longhua.gpkg once."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def longhua_path() -> Path:
    path = ROOT / "bench" / "longhua.gpkg"
    if not path.exists():
        subprocess.run([sys.executable, "-m", "geodata.demo", str(path), "--scale", "longhua", "--seed", "7"],
                       cwd=ROOT, check=True)
    return path
