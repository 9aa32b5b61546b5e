"""The log-in dialog: a user name and a password, checked by the store (the dialog never keeps
the password; a failure says so and lets the officer try again)."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QVBoxLayout

from widgets.plain_text import PlainLabel

MAX_ATTEMPTS = 3


class LoginDialog(QDialog):
    def __init__(self, where: str, attempt: Callable[[str, str], str | None], parent=None, name: str = "") -> None:
        """``attempt(name, password)`` returns None on success, else the reason to show."""
        super().__init__(parent)
        self.setObjectName("loginDialog")
        self.attempt = attempt
        self.failures = 0
        self.setWindowTitle(self.tr("GridTwin — log in"))
        self.title = PlainLabel(self.tr("Log in to %1").replace("%1", where))
        self.name = QLineEdit(name)
        self.name.setObjectName("loginName")
        self.password = QLineEdit()
        self.password.setObjectName("loginPassword")
        self.password.setEchoMode(QLineEdit.Password)
        self.message = PlainLabel("")
        self.message.setObjectName("loginMessage")
        form = QFormLayout()
        form.addRow(self.tr("User"), self.name)
        form.addRow(self.tr("Password"), self.password)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Ok).setDefault(True)  # Enter in the password field logs in
        buttons.accepted.connect(self._try)
        buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(self.title)
        box.addLayout(form)
        box.addWidget(self.message)
        box.addWidget(buttons)
        (self.password if name else self.name).setFocus()

    def _try(self) -> None:
        problem = self.attempt(self.name.text().strip(), self.password.text())
        self.password.clear()
        if problem is None:
            self.accept()
            return
        self.failures += 1
        if self.failures >= MAX_ATTEMPTS:
            self.reject()
            return
        self.message.setText(problem)
