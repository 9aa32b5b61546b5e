"""Who may do what, and where: roles, rights and jurisdictions (分级授权).

The one permission table. The PostGIS store turns it into database grants and row-level
security (see :mod:`geodata.store.access_sql`); the GeoPackage store checks it in
:class:`geodata.store.base.Store` before it writes; the console reads it to hide or grey
what a role may not do and to say why.
"""
from __future__ import annotations

import hashlib
import hmac
import os
from dataclasses import dataclass

ROLES = ("admin", "duty_officer", "dispatcher", "planner", "viewer")

# right -> the roles that hold it
RIGHTS: dict[str, frozenset[str]] = {
    "declare": frozenset({"admin", "duty_officer"}),            # declare, command and stand down an emergency
    "act": frozenset({"admin", "duty_officer", "dispatcher"}),  # act on incidents (dispatch ... close)
    "plan_edit": frozenset({"admin", "planner"}),               # edit and save plan versions
    "plan_activate": frozenset({"admin", "planner"}),           # make a plan version the active one
    "import_export": frozenset({"admin", "duty_officer", "planner"}),
    "unmask": frozenset({"admin", "duty_officer"}),             # see personal data (each time audited)
    "manage_users": frozenset({"admin"}),
}
RIGHT_NAMES = {"declare": "declare and stand down", "act": "act on incidents", "plan_edit": "edit plans",
               "plan_activate": "activate plans", "import_export": "import and export",
               "unmask": "unmask personal data", "manage_users": "manage users"}
JURISDICTION_KINDS = ("district", "street", "community")


class AccessDenied(PermissionError):
    """The user's role or jurisdiction does not allow this; the message says which and why."""


@dataclass(frozen=True)
class Jurisdiction:
    kind: str            # district, street or community
    name: str | None = None

    @classmethod
    def parse(cls, text: str) -> "Jurisdiction":
        """``district``, ``street:NAME`` or ``community:NAME``."""
        kind, _, name = text.partition(":")
        if kind not in JURISDICTION_KINDS or (kind == "district") != (not name):
            raise ValueError(f"jurisdiction {text!r}: write district, street:NAME or community:NAME")
        return cls(kind, name or None)

    def __str__(self) -> str:
        return self.kind if self.name is None else f"{self.kind}:{self.name}"

    def covers(self, street: str | None, community: str | None) -> bool:
        if self.kind == "district":
            return True
        return (street if self.kind == "street" else community) == self.name


@dataclass(frozen=True)
class User:
    name: str
    role: str
    jurisdiction: Jurisdiction = Jurisdiction("district")

    def may(self, right: str) -> bool:
        return may(self.role, right)

    def require(self, right: str) -> None:
        if not self.may(right):
            holders = ", ".join(sorted(RIGHTS[right]))
            raise AccessDenied(f"{self.name} ({self.role}) may not {RIGHT_NAMES[right]}; that takes one of: {holders}")


def may(role: str, right: str) -> bool:
    if right not in RIGHTS:
        raise KeyError(f"unknown right {right!r}")
    return role in RIGHTS[right]


def check_role(role: str) -> str:
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}: one of {', '.join(ROLES)}")
    return role


def check_name(name: str) -> str:
    """A user name that is also a safe PostgreSQL role name (it is quoted, but kept plain)."""
    import re
    if not re.fullmatch(r"[A-Za-z0-9_.\-\u4e00-\u9fff]{1,60}", name or "") or name.lower().startswith(("pg_", "gridtwin")):
        raise ValueError(f"user name {name!r}: 1-60 letters, digits, _ . - or Chinese characters, "
                         "not starting with pg_ or gridtwin")
    return name


# ---------------------------------------------------------------------- local passwords (GeoPackage)
SCRYPT = {"n": 2 ** 14, "r": 8, "p": 1}


def hash_password(password: str) -> str:
    """scrypt with a random salt, as ``scrypt$n$r$p$salt$hash`` (hex); the password is never kept."""
    salt = os.urandom(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, dklen=32, **SCRYPT)
    return f"scrypt${SCRYPT['n']}${SCRYPT['r']}${SCRYPT['p']}${salt.hex()}${digest.hex()}"


def check_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    got = hashlib.scrypt(password.encode(), salt=bytes.fromhex(salt), dklen=32, n=int(n), r=int(r), p=int(p))
    return hmac.compare_digest(got.hex(), digest)
