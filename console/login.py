"""Who is at this console: the login decides the operator's name, role and jurisdiction.

On the shared store every console logs in as a database user (`--user NAME`, the password
from `--password-stdin`, a terminal prompt, or the log-in dialog); a URL that names a
GridTwin user is that login. A district file with users asks the same way. A district file
without users is a single seat that trusts whoever can open the file: its operator is the
machine's user, acting as duty officer (README says what such a file can and cannot protect).
"""
from __future__ import annotations

import getpass
import sys
from dataclasses import dataclass

from geodata.access import User
from geodata.store import Store, StoreError
from geodata.store.base import LoginRefused


@dataclass
class Login:
    store: Store
    user: User | None       # None: a district file without users

    @property
    def operator(self) -> str:
        return self.user.name if self.user is not None else _os_user()

    @property
    def role(self) -> str:
        return self.user.role if self.user is not None else "duty_officer"

    @classmethod
    def of(cls, store: Store) -> "Login":
        return cls(store, store.user)


class LoginCancelled(Exception):
    pass


def log_in(store: Store, name: str | None, password_stdin: bool, interactive: bool) -> Login:
    """Log in to ``store`` as ``name``; raises LoginRefused, LoginCancelled or StoreError."""
    if store.user is not None:          # the URL named a GridTwin user
        return Login(store, store.user)
    if not store.has_users():           # a single seat without users
        return Login(store, None)
    if name is not None and password_stdin:
        return Login.of(_as(store, name, sys.stdin.readline().rstrip("\n")))
    if name is not None and sys.stdin.isatty():
        return Login.of(_as(store, name, getpass.getpass(f"Password for {name}: ")))
    if not interactive:
        raise LoginRefused(f"{store.where} needs a login: give --user NAME and the password on standard input "
                           "(--password-stdin)")
    from widgets.login_dialog import LoginDialog
    result: list[Store] = []

    def attempt(user: str, password: str) -> str | None:
        try:
            result.append(_as(store, user, password))
            return None
        except LoginRefused:
            from PySide6.QtCore import QCoreApplication
            return QCoreApplication.translate("LoginDialog", "Wrong user name or password")
        except StoreError as exc:
            return str(exc)
    dialog = LoginDialog(store.where, attempt, name=name or "")
    if not dialog.exec() or not result:
        raise LoginCancelled("no one logged in")
    return Login.of(result[-1])


def _as(store: Store, name: str, password: str) -> Store:
    return store.login(name, password)


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001
        return "operator"
