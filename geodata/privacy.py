"""Personal data in incident text, masked for whoever may not see it (138****5678).

Hotline and citizen reports carry the reporter's name, mobile number and ID-card number,
in their own fields or written into the description. A role without the ``unmask`` right
sees them masked everywhere — the detail panel, lists, exports; the dead letters and the
processed inbox files keep them masked for everyone. Patterns are China's: 11-digit mobile
numbers (1[3-9]…), fixed lines with an area code, 18-character resident ID numbers
(GB 11643), and a name after 联系人/举报人/报告人/姓名/反映人.
"""
from __future__ import annotations

import re

MOBILE = re.compile(r"(?<![\d])(?:\+?86[- ]?)?(1[3-9]\d)[- ]?(\d{4})[- ]?(\d{4})(?![\d])")
LANDLINE = re.compile(r"(?<![\d])(0\d{2,3})-(\d{7,8})(?![\d])")
ID_CARD = re.compile(r"(?<![\dXx])(\d{6})(\d{8})(\d{3}[\dXx])(?![\dXx])")
NAMED = re.compile(r"((?:联系人|举报人|报告人|反映人|来电人|姓名)\s*[:：]?\s*)([\u4e00-\u9fff·]{2,5})")
PERSON_FIELDS = ("reporter_name", "reporter_phone", "reporter_id", "name", "phone", "first_name", "last_name",
                 "email", "contact")


def mask_text(text: str | None) -> str | None:
    """``text`` with every mobile, fixed-line and ID number and every named reporter masked."""
    if not text:
        return text
    text = ID_CARD.sub(lambda m: m.group(1)[:3] + "*" * 11 + m.group(3)[-4:], text)
    text = MOBILE.sub(lambda m: f"{m.group(1)}****{m.group(3)}", text)
    text = LANDLINE.sub(lambda m: f"{m.group(1)}-****{m.group(2)[-2:]}", text)
    return NAMED.sub(lambda m: m.group(1) + m.group(2)[0] + "*" * (len(m.group(2)) - 1), text)


def mask_name(name: str | None) -> str | None:
    """张三丰 → 张**; Wang Fang → W*** F***."""
    if not name:
        return name
    if re.search(r"[\u4e00-\u9fff]", name):
        return name[0] + "*" * (len(name) - 1)
    return " ".join(w[0] + "*" * (len(w) - 1) for w in name.split())


def has_personal_data(text: str | None) -> bool:
    return bool(text) and mask_text(text) != text
