"""Times as the wall shows them: always in the district's zone (China Standard Time, UTC+8,
the zone of Asia/Shanghai, which keeps no summer time) and always with the zone, whatever
zone the machine itself runs in."""
from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication

from geodata.localtime import CST


def zone() -> str:
    """The zone's short name in the current language."""
    return QCoreApplication.translate("Clock", "CST")


def zoned(t: datetime | float, fmt: str = "%H:%M") -> str:
    """``t`` (a datetime, or epoch seconds) in the district's zone, with the zone: "16:35 CST"."""
    when = datetime.fromtimestamp(t, CST) if isinstance(t, (int, float)) else t.astimezone(CST)
    return QCoreApplication.translate("Clock", "%1 CST").replace("%1", when.strftime(fmt))


def with_zone(header: str) -> str:
    """A column or panel title for times: "Time (CST)"."""
    return QCoreApplication.translate("Clock", "%1 (CST)").replace("%1", header)
