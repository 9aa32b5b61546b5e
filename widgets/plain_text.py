"""Labels and tooltips that show text as text.

A QLabel guesses: text that looks like HTML is rendered as rich text, so a grid name or a feed
description holding ``<img src=...>`` or ``<a href=...>`` would be drawn as markup. Every label
here is plain unless a caller sets rich text on purpose (and then escapes what it shows).
"""
from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel


class PlainLabel(QLabel):
    """A QLabel that never interprets its text as markup."""

    def __init__(self, text: str = "", parent=None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.PlainText)
        self.setText(text)


def plain_tooltip(text: str) -> str:
    """A tooltip showing ``text`` literally (Qt renders a tooltip that looks like HTML as HTML)."""
    return f"<p style='white-space:pre-wrap'>{html.escape(text)}</p>" if text else ""


def escaped(value: object) -> str:
    """A value for a rich-text label that we compose ourselves."""
    return html.escape(str(value))
