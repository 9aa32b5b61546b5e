"""Set-up as a user meets it: ./gridtwin, the system check, and the console without a display."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT
from tools import check_system


def test_the_package_list_is_one_file_that_names_what_each_package_provides():
    lines = check_system.package_lines()
    names = [ln.package for ln in lines]
    assert len(names) == len(set(names))
    assert {"python3", "python3-venv", "fontconfig", "fonts-noto-cjk", "fonts-noto-color-emoji", "libglib2.0-0",
            "libegl1", "libxkbcommon0", "libxcb-cursor0"} <= set(names)
    assert all(ln.provides and ln.serves in {"python", "fonts", "qt", "display", "test"} for ln in lines)
    for where in ("gridtwin", ".ci/fresh-debian", "README.md", "Makefile"):
        text = (ROOT / where).read_text(encoding="utf-8")
        assert "debian-packages.txt" in text or "./gridtwin" in text, where


def test_a_library_qt_cannot_load_is_mapped_to_its_package_and_an_installed_one_is_never_asked_for(monkeypatch):
    monkeypatch.setattr(check_system, "unresolved_libraries", lambda plugin: ["libxcb-cursor.so.0"])
    monkeypatch.setattr(check_system, "installed", lambda package: False)
    need, other = check_system.problems("run")
    assert need == ["libxcb-cursor0"] and not other
    monkeypatch.setattr(check_system, "installed", lambda package: True)
    need, other = check_system.problems("run")
    assert not need and "reinstall" in other[0] and "libxcb-cursor0" in other[0]


def test_fonts_are_found_through_qt_not_through_fc_list(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")  # no fc-list, no ldd: the probe still answers
    fonts, why = check_system.probe_fonts()
    assert fonts is not None, why
    assert fonts["cjk"], "this machine has a CJK font (the suite's Chinese snapshots need it)"


def test_the_system_check_passes_on_this_machine():
    res = subprocess.run([sys.executable, "tools/check_system.py", "--for", "test"], cwd=ROOT, capture_output=True,
                         text=True, timeout=120)
    assert res.returncode == 0, res.stderr


def test_gridtwin_without_a_verb_shows_how_to_use_it():
    res = subprocess.run(["bash", "gridtwin"], cwd=ROOT, capture_output=True, text=True, timeout=30)
    assert res.returncode == 2 and "./gridtwin run" in res.stderr and "./gridtwin test" in res.stderr


def headless_env(**extra):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    return dict(env, **extra)


def test_the_console_without_a_display_says_so_in_one_line(tmp_path):
    res = subprocess.run([sys.executable, "main.py"], cwd=ROOT,
                         capture_output=True, text=True, timeout=120, env=headless_env())
    assert res.returncode == 2
    assert len(res.stderr.strip().splitlines()) == 1
    assert "DISPLAY" in res.stderr and "--snapshot" in res.stderr and "offscreen" in res.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 displays")
def test_a_display_that_does_not_answer_gives_one_line_not_a_qt_abort(tmp_path):
    res = subprocess.run([sys.executable, "main.py"], cwd=ROOT,
                         capture_output=True, text=True, timeout=120, env=headless_env(DISPLAY=":87"))
    assert res.returncode == 2, res.stderr
    assert len(res.stderr.strip().splitlines()) == 1 and "cannot open a window on :87" in res.stderr
    assert "Aborted" not in res.stderr and "core dumped" not in res.stderr


def test_snapshots_and_drills_run_offscreen_by_themselves(tmp_path):
    env = headless_env()
    res = subprocess.run([sys.executable, "main.py", "--snapshot", str(tmp_path / "s.png"), "--size", "800x600",
                          ], cwd=ROOT, capture_output=True, text=True,
                         timeout=300, env=env)
    assert res.returncode == 0 and (tmp_path / "s.png").stat().st_size > 1000, res.stderr
    res = subprocess.run([sys.executable, "main.py", "--emergency", "gas_leak", "--at", "114.0302,22.6805",
                          "--report", str(tmp_path / "r"), "--size", "1280x720"],
                         cwd=ROOT, capture_output=True, text=True, timeout=300, env=env)
    assert res.returncode == 0 and (tmp_path / "r" / "summary.json").exists(), res.stderr
