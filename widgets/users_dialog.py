"""Users of the store, for an admin: who may log in, with which role and jurisdiction, and a form
to add one or change one (the store checks the admin's right and audits the change)."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from geodata.access import ROLES
from widgets.plain_text import PlainLabel


class UsersDialog(QDialog):
    def __init__(self, users: Callable[[], list], add: Callable[[str, str, str, str], str | None], parent=None) -> None:
        """``users()`` lists geodata.access.User; ``add(name, role, jurisdiction, password)``
        returns None when the store took it, else the reason."""
        super().__init__(parent)
        self.setObjectName("usersDialog")
        self.users, self.add = users, add
        self.setWindowTitle(self.tr("Users"))
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([self.tr("User"), self.tr("Role"), self.tr("Jurisdiction")])
        self.table.setEditTriggers(QTableWidget.NoEditTriggers)
        self.name = QLineEdit()
        self.role = QComboBox()
        for role in ROLES:
            self.role.addItem(role, role)
        self.jurisdiction = QLineEdit("district")
        self.jurisdiction.setPlaceholderText("district | street:NAME | community:NAME")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.Password)
        self.add_button = QPushButton(self.tr("Add or change user"))
        self.add_button.clicked.connect(self._add)
        self.message = PlainLabel("")
        form = QFormLayout()
        form.addRow(self.tr("User"), self.name)
        form.addRow(self.tr("Role"), self.role)
        form.addRow(self.tr("Jurisdiction"), self.jurisdiction)
        form.addRow(self.tr("Password"), self.password)
        close = QDialogButtonBox(QDialogButtonBox.Close)
        close.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(self.table, 1)
        box.addLayout(form)
        box.addWidget(self.add_button)
        box.addWidget(self.message)
        box.addWidget(close)
        self.refresh()

    def refresh(self) -> None:
        users = self.users()
        self.table.setRowCount(len(users))
        for row, u in enumerate(users):
            for col, text in enumerate((u.name, u.role, str(u.jurisdiction))):
                self.table.setItem(row, col, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()

    def _add(self) -> None:
        problem = self.add(self.name.text().strip(), self.role.currentData(), self.jurisdiction.text().strip(),
                           self.password.text())
        self.password.clear()
        if problem is None:
            self.message.setText(self.tr("Saved %1").replace("%1", self.name.text().strip()))
            self.name.clear()
            self.refresh()
        else:
            self.message.setText(problem)
