"""Undo/redo of boundary edits, in plain Python (the console mirrors it on a QUndoStack).

Undo applies the inverse change, whose "after" states are the very geometry objects
the edit replaced, so undoing back to the start restores the original shapes exactly.
"""
from __future__ import annotations

from geodata.plan.edits import Edit
from geodata.plan.model import EditOutcome, GridPlan


class EditHistory:
    """A linear undo stack over one plan; consecutive drags of one vertex merge."""

    def __init__(self, plan: GridPlan) -> None:
        self.plan = plan
        self._done: list[Edit] = []
        self._undone: list[Edit] = []
        self._clean = 0

    def push(self, edit: Edit) -> EditOutcome:
        """Apply ``edit`` and record it (merging into the previous step when it continues it)."""
        outcome = self.plan.apply(edit.change)
        self._undone.clear()
        if self._done and len(self._done) > self._clean and self._done[-1].merge_with(edit):
            return outcome
        self._done.append(edit)
        return outcome

    def undo(self) -> EditOutcome | None:
        if not self._done:
            return None
        edit = self._done.pop()
        self._undone.append(edit)
        return self.plan.apply(edit.change.inverse())

    def redo(self) -> EditOutcome | None:
        if not self._undone:
            return None
        edit = self._undone.pop()
        self._done.append(edit)
        return self.plan.apply(edit.change)

    def undo_all(self) -> None:
        while self._done:
            self.undo()

    @property
    def can_undo(self) -> bool:
        return bool(self._done)

    @property
    def can_redo(self) -> bool:
        return bool(self._undone)

    @property
    def steps(self) -> list[str]:
        return [e.label for e in self._done]

    def mark_clean(self) -> None:
        """The plan was saved: later edits never merge into a saved step."""
        self._clean = len(self._done)

    @property
    def is_clean(self) -> bool:
        return self._clean == len(self._done)
