"""Languages: Qt Linguist translations from resources/translations, switchable at run time."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

TRANSLATIONS_DIR = Path(__file__).resolve().parent.parent / "resources" / "translations"
LANGUAGES = ("en", "zh_CN")
_installed: list[QTranslator] = []


def system_language() -> str:
    """zh_CN on a Chinese system, English otherwise."""
    return "zh_CN" if QLocale.system().name().startswith("zh") else "en"


def install_language(lang: str) -> str:
    """Make ``lang`` the application's language; every widget gets a LanguageChange event."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    app = QCoreApplication.instance()
    for tr in _installed:
        app.removeTranslator(tr)
    _installed.clear()
    if lang != "en":
        ours = QTranslator(app)
        if not ours.load(str(TRANSLATIONS_DIR / f"gridtwin_{lang}.qm")):
            raise FileNotFoundError(TRANSLATIONS_DIR / f"gridtwin_{lang}.qm")
        app.installTranslator(ours)
        _installed.append(ours)
        qt = QTranslator(app)
        if qt.load(f"qtbase_{lang}", QLibraryInfo.path(QLibraryInfo.TranslationsPath)):
            app.installTranslator(qt)
            _installed.append(qt)
    QLocale.setDefault(QLocale(lang))
    return lang
