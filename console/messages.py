"""geodata's coded messages in the user's language (see geodata.messages)."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from geodata.messages import CodedError, Message


def tr_message(what) -> str:
    """A Message, a CodedError or anything else, as text in the current language."""
    if isinstance(what, CodedError):
        what = what.message
    if not isinstance(what, Message):
        return str(what)
    template = QCoreApplication.translate("Messages", what.template)
    try:
        return template.format(**what.args)
    except (KeyError, IndexError, ValueError):  # a translation that lost a field: the English still says it
        return str(what)
