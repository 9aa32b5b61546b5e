"""Check the system libraries and fonts Qt needs before the console or the tests run.

Qt's wheels bundle Qt itself but not the system libraries it loads at run time
(EGL, xkbcommon, fontconfig, D-Bus), and without a CJK font every Chinese label
renders as boxes. Saying so up front beats a cryptic ``xcb`` plugin abort.
"""
from __future__ import annotations

import ctypes.util
import shutil
import subprocess
import sys

# library soname stem -> Debian package that provides it
LIBRARIES = {
    "EGL": "libegl1",
    "xkbcommon": "libxkbcommon0",
    "fontconfig": "libfontconfig1",
    "dbus-1": "libdbus-1-3",
    "GL": "libgl1",
}
CJK_PACKAGE = "fonts-noto-cjk"


def missing_packages() -> list[str]:
    """Return the Debian packages whose libraries or fonts are not found."""
    missing = [pkg for lib, pkg in LIBRARIES.items() if ctypes.util.find_library(lib) is None]
    if not has_cjk_font():
        missing.append(CJK_PACKAGE)
    return missing


def has_cjk_font() -> bool:
    if shutil.which("fc-list") is None:
        return False
    out = subprocess.run(["fc-list", ":lang=zh-cn", "family"], capture_output=True, text=True).stdout
    return bool(out.strip())


def main() -> int:
    if sys.version_info < (3, 10):
        print(f"GridTwin needs Python 3.10 or newer; this is {sys.version.split()[0]}.", file=sys.stderr)
        return 1
    missing = missing_packages()
    if missing:
        print(
            "GridTwin needs these system packages, which this machine lacks:\n"
            f"    {' '.join(missing)}\n"
            "Install them with:\n"
            f"    sudo apt-get install -y {' '.join(missing)}",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
