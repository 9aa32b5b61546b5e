"""The clock and the local time zone the console reads and shows times in (China Standard Time)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

CST = timezone(timedelta(hours=8))


def utc_now() -> datetime:
    return datetime.now(timezone.utc)
