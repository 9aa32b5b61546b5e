"""Text from a district file or a feed is data, never markup, script or a formula.

A grid name, a reporter's description or a camera label comes from outside; each place that
shows or exports it passes it through one of these, chosen by where it lands.
"""
from __future__ import annotations

import html

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def html_text(value: object) -> str:
    """Safe inside HTML element content and attribute values."""
    return html.escape(str(value), quote=True)


def js_template_text(value: object) -> str:
    """Safe inside HTML that is itself inside a JavaScript template literal (folium writes a
    Tooltip's text between backticks): HTML-escaped, and the backtick, ``$`` and backslash
    written as character references, so nothing can close the literal or interpolate."""
    return html_text(value).replace("\\", "&#92;").replace("`", "&#96;").replace("$", "&#36;")


def csv_cell(value: object) -> object:
    """A spreadsheet must not run a cell: text starting with ``= + - @`` (or a tab or carriage
    return) gets a leading apostrophe. Numbers, and text that is only a number, pass as they are."""
    if not isinstance(value, str) or not value.startswith(FORMULA_STARTS):
        return value
    try:
        float(value)
        return value
    except ValueError:
        return "'" + value
