"""Incident detail: what it is, where it stands on the ladder, its timeline of state changes,
and one button per action its current state allows (with an optional note)."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from geodata import eventclass
from geodata.incidents.lifecycle import LEVELS, MANUAL_ACTIONS, Event
from geodata.incidents.records import IncidentRecord
from geodata.localtime import CST
from layers.labels import label
from widgets.clock import with_zone, zoned
from widgets.plain_text import PlainLabel, escaped, plain_tooltip


def _action_names(widget) -> dict[str, str]:
    return {"report": widget.tr("Reported"), "dispatch": widget.tr("Dispatch"), "accept": widget.tr("Accept"),
            "start": widget.tr("Start work"), "resolve": widget.tr("Resolve"), "close": widget.tr("Review & close"),
            "return": widget.tr("Return"), "escalate": widget.tr("Escalate"), "cancel": widget.tr("Cancelled by sender")}


class IncidentDetail(QWidget):
    actionRequested = Signal(int, str, str)  # book position, action, note
    unmaskRequested = Signal(int)            # book position: show this record's personal data

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.position: int | None = None
        self.title = PlainLabel()
        self.title.setObjectName("detailTitle")
        self.title.setWordWrap(True)
        self.facts = PlainLabel()
        self.facts.setTextFormat(Qt.RichText)  # our own line breaks and emphasis; values are escaped
        self.facts.setWordWrap(True)
        self.timeline = QTreeWidget()
        self.timeline.setColumnCount(4)
        self.timeline.setRootIsDecorated(False)
        self.timeline.setUniformRowHeights(True)
        self.note = QLineEdit()
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        for action in MANUAL_ACTIONS:
            b = QPushButton()
            b.setObjectName(f"action_{action}")
            b.clicked.connect(lambda _=False, a=action: self._request(a))
            row.addWidget(b)
            self.buttons[action] = b
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.title)
        layout.addWidget(self.facts)
        layout.addWidget(self.timeline, 1)
        layout.addWidget(self.note)
        layout.addLayout(row)
        self.unmask_button = QPushButton()
        self.unmask_button.setObjectName("unmaskButton")
        self.unmask_button.clicked.connect(lambda: self.position is not None and self.unmaskRequested.emit(self.position))
        layout.addWidget(self.unmask_button)
        self._masked = False
        self._may_unmask = False
        self._record: IncidentRecord | None = None
        self._events: list[Event] = []
        self._allowed: list[str] = []
        self.retranslate()
        self.show_incident(None)

    def show_incident(self, position: int | None, record: IncidentRecord | None = None,
                      events: list[Event] | None = None, allowed: list[str] | None = None,
                      overdue: bool = False, grid_name: str = "", masked: bool = False,
                      may_unmask: bool = False) -> None:
        """``masked``: the record's personal data is shown masked; ``may_unmask`` offers to show it."""
        self._masked, self._may_unmask = masked, may_unmask
        self.position = position
        self._record, self._events, self._allowed = record, list(events or []), list(allowed or [])
        self._overdue, self._grid_name = overdue, grid_name
        self._render()

    def _render(self) -> None:
        r = self._record
        for action, b in self.buttons.items():
            b.setVisible(r is not None and action in self._allowed)
        self.note.setEnabled(r is not None and bool(self._allowed))
        self.unmask_button.setVisible(r is not None and self._masked and self._may_unmask)
        self.timeline.clear()
        if r is None:
            self.title.setText(self.tr("Choose an incident in the list or on the map"))
            self.facts.setText("")
            return
        self.title.setText(f"{label(r.category)} · {r.incident_id}")
        due = "—"
        if r.due_at is not None and r.status not in ("resolved", "closed"):
            due = zoned(r.due_at, "%m-%d %H:%M")
        due = escaped(due)
        if self._overdue and due != "—":
            due = f"<b style='color:#c000ff'>{due} ({escaped(label('overdue'))})</b>"
        facts = [(self.tr("Status"), escaped(label(r.status))), (self.tr("Severity"), str(r.severity)),
                 (self.tr("Level"), escaped(label(LEVELS[r.level]))), (self.tr("Due"), due),
                 (self.tr("Grid"), escaped(f"{r.grid_id or '—'} {self._grid_name}")),
                 (self.tr("Source"), escaped(label(r.source))),
                 (self.tr("Reported at"), zoned(r.reported_at, "%Y-%m-%d %H:%M:%S")),
                 (self.tr("Channel"), escaped(r.channel))]
        national = eventclass.of(r.category)
        if national is not None:
            facts.append((self.tr("National class"), escaped(f"{national.code} {national.name}")))
        if r.description:
            facts.append((self.tr("Description"), escaped(r.description)))
        # Rich text for our own line breaks and emphasis only: every value above is escaped.
        self.facts.setText("<br>".join(f"{escaped(k)}: {v}" for k, v in facts))
        names = _action_names(self)
        events = self._events or [Event(r.incident_id, r.reported_at, "—", "report", None, r.status, r.level)]
        for e in events:
            change = label(e.to_status) if e.from_status is None else f"{label(e.from_status)} → {label(e.to_status)}"
            if e.action == "escalate":
                change += f" ({label(LEVELS[e.level])})"
            item = QTreeWidgetItem([e.at.astimezone(CST).strftime("%m-%d %H:%M:%S"), names.get(e.action, e.action),
                                    change, f"{e.who}" + (f": {e.note}" if e.note else "")])
            item.setToolTip(3, plain_tooltip(e.note))
            self.timeline.addTopLevelItem(item)
        for c in range(3):
            self.timeline.resizeColumnToContents(c)

    def _request(self, action: str) -> None:
        if self.position is not None:
            self.actionRequested.emit(self.position, action, self.note.text().strip())
            self.note.clear()

    def retranslate(self) -> None:
        names = _action_names(self)
        for action, b in self.buttons.items():
            b.setText(names[action])
        self.timeline.setHeaderLabels([with_zone(self.tr("Time")), self.tr("Action"), self.tr("Status"), self.tr("By / note")])
        self.note.setPlaceholderText(self.tr("Note for the next action (optional)"))
        self.unmask_button.setText(self.tr("Show personal data… (asks for a reason, recorded)"))
        self._render()

    def changeEvent(self, event) -> None:
        if event.type() == event.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
