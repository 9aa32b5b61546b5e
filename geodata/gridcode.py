"""The 15-digit unit-grid code of Chinese grid management (GB/T 30428.1, formerly CJ/T 213):
6 digits of administrative division (GB/T 2260; Longhua 440309), 3 of street, 3 of community
and 3 of sequence within the community, numbered west to east and north to south."""
from __future__ import annotations

import re
from dataclasses import dataclass

PATTERN = re.compile(r"^(\d{6})(\d{3})(\d{3})(\d{3})$")


@dataclass(frozen=True)
class GridCode:
    division: str
    street: int
    community: int
    sequence: int

    def __str__(self) -> str:
        return f"{self.division}{self.street:03d}{self.community:03d}{self.sequence:03d}"

    @property
    def community_prefix(self) -> str:
        return str(self)[:12]


def parse(code: str) -> GridCode | None:
    """The parts of a conforming code, or None for any other id."""
    m = PATTERN.match(str(code))
    if not m or int(m.group(4)) == 0:
        return None
    division, street, community, sequence = m.groups()
    return GridCode(division, int(street), int(community), int(sequence))


def make(division: str, street: int, community: int, sequence: int) -> str:
    if not (len(division) == 6 and division.isdigit() and 0 < street < 1000 and 0 < community < 1000
            and 0 < sequence < 1000):
        raise ValueError(f"no unit-grid code for {division}/{street}/{community}/{sequence}")
    return str(GridCode(division, street, community, sequence))


def next_in_community(code: str, taken: set[str]) -> str | None:
    """The lowest free sequence number in ``code``'s community (a split's new grid), or None
    when ``code`` is not a grid code or its community has no number left."""
    parsed = parse(code)
    if parsed is None:
        return None
    used = {p.sequence for p in map(parse, taken) if p is not None and p.community_prefix == parsed.community_prefix}
    free = next((k for k in range(1, 1000) if k not in used), None)
    return None if free is None else make(parsed.division, parsed.street, parsed.community, free)
