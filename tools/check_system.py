"""Check what Qt really loads before the console or the tests run.

Qt's wheels bundle Qt itself but not the system libraries it loads at run time, and without a
CJK font every Chinese label renders as boxes. This asks the dynamic linker (``ldd``) what the
platform plugin lacks and a tiny Qt probe in a subprocess which fonts Qt finds, then maps each
gap back to its line of ``resources/config/debian-packages.txt``. A package that dpkg says is
installed is never asked for again: a gap it should fill is reported as broken instead.

``python tools/check_system.py --for run|test`` exits 0 when all is there, else 1 with the
exact ``apt-get`` line.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ROOT / "resources" / "config" / "debian-packages.txt"
PLUGIN = {"run": "libqxcb.so", "test": "libqoffscreen.so"}
EMOJI = 0x1F4F7  # 📷, one of the symbols the UI uses

PROBE = r"""
import json, sys
from PySide6.QtGui import QFontDatabase, QGuiApplication, QFont, QFontMetrics
app = QGuiApplication(sys.argv[:1])
cjk = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
emoji = [f for f in QFontDatabase.families() if QFontMetrics(QFont(f)).inFontUcs4(%d)
         and ("emoji" in f.lower() or "symbol" in f.lower())]
print(json.dumps({"cjk": cjk[:5], "emoji": emoji[:5]}))
""" % EMOJI


@dataclass(frozen=True)
class Line:
    package: str
    serves: str
    provides: tuple[str, ...]


def package_lines(path: Path = PACKAGES) -> list[Line]:
    out = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        words = raw.split("#", 1)[0].split()
        if len(words) >= 2:
            out.append(Line(words[0], words[1], tuple(words[2:])))
    return out


def provider(token: str, lines: list[Line]) -> str | None:
    return next((ln.package for ln in lines if token in ln.provides), None)


def installed(package: str) -> bool:
    if shutil.which("dpkg-query") is None:
        return False
    r = subprocess.run(["dpkg-query", "-W", "-f=${db:Status-Abbrev}", package], capture_output=True, text=True)
    return r.stdout.startswith("ii")


def qt_dir() -> Path | None:
    try:
        import PySide6
    except ImportError:
        return None
    return Path(PySide6.__file__).resolve().parent / "Qt"


def unresolved_libraries(plugin: Path) -> list[str]:
    """Sonames the dynamic linker cannot find for ``plugin`` and everything it pulls in."""
    if shutil.which("ldd") is None:
        return []
    r = subprocess.run(["ldd", str(plugin)], capture_output=True, text=True)
    return sorted({ln.split("=>")[0].strip() for ln in r.stdout.splitlines() if "not found" in ln})


def probe_fonts() -> tuple[dict | None, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    try:
        r = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, timeout=60)
    except subprocess.TimeoutExpired:
        return None, "the Qt probe did not finish in 60 s"
    if r.returncode != 0:
        last = (r.stderr.strip().splitlines() or ["(no output)"])[-1]
        return None, f"Qt does not start even offscreen: {last}"
    return json.loads(r.stdout.strip().splitlines()[-1]), ""


def problems(purpose: str) -> tuple[list[str], list[str]]:
    """(packages to install, other problems in words)."""
    lines = package_lines()
    need: list[str] = []
    other: list[str] = []

    def want(token: str, what: str) -> None:
        pkg = provider(token, lines)
        if pkg is None:
            other.append(f"{what} is missing and no package in {PACKAGES.name} provides it")
        elif installed(pkg):
            other.append(f"{what} is missing although {pkg} is installed; reinstall it "
                         f"(apt-get install --reinstall {pkg})")
        elif pkg not in need:
            need.append(pkg)

    if sys.version_info < (3, 11):
        other.append(f"GridTwin needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    qt = qt_dir()
    if qt is None:
        other.append("PySide6 is not installed in this Python (./gridtwin setup installs it)")
        return need, other
    for name in sorted({PLUGIN["test"], PLUGIN[purpose]}):
        for soname in unresolved_libraries(qt / "plugins" / "platforms" / name):
            want(f"lib:{soname}", f"{soname} (needed by Qt's {name})")
    multimedia = qt / "lib" / "libQt6Multimedia.so.6"  # the alarm sound
    if multimedia.exists():
        for soname in unresolved_libraries(multimedia):
            want(f"lib:{soname}", f"{soname} (needed by Qt Multimedia, for the alarm sound)")
    player = qt / "plugins" / "multimedia" / "libffmpegmediaplugin.so"  # the camera wall's video
    if player.exists():
        for soname in unresolved_libraries(player):
            want(f"lib:{soname}", f"{soname} (needed by Qt's FFmpeg media plugin, for camera video)")
    if need or other:  # the probe cannot start before the libraries are there
        return need, other
    fonts, why = probe_fonts()
    if fonts is None:
        other.append(why)
        return need, other
    if not fonts["cjk"]:
        want("font:cjk", "a Chinese (CJK) font")
    if not fonts["emoji"]:
        want("font:emoji", "an emoji font for the symbols 📷 ⛺ 👤")
    return need, other


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--for", dest="purpose", choices=sorted(PLUGIN), default="run",
                   help="run: the console on a display (xcb); test: headless (offscreen)")
    args = p.parse_args(argv)
    need, other = problems(args.purpose)
    for line in other:
        print(f"GridTwin: {line}.", file=sys.stderr)
    if need:
        print("GridTwin needs these Debian packages, which this machine lacks:\n"
              f"    {' '.join(need)}\n"
              "./gridtwin installs them itself; by hand:\n"
              f"    sudo apt-get install -y --no-install-recommends {' '.join(need)}", file=sys.stderr)
    return 1 if need or other else 0


if __name__ == "__main__":
    sys.exit(main())
