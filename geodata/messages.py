"""What geodata says to people, with a stable code and its arguments, so that the console
shows it in the user's language while logs, the CLI and str() keep the English.

The English templates are the catalogue below. They are marked with ``QT_TRANSLATE_NOOP``
(a plain function here: geodata stays free of Qt) so that pyside6-lupdate finds them and
the translators see them in the "Messages" context; the console looks a code up, translates
its template and fills in the arguments (``console.messages.tr_message``).
"""
from __future__ import annotations


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 (the name lupdate looks for)
    return text


CATALOGUE = {
    # boundary edits (geodata.plan.edits)
    "edit.no_vertex": QT_TRANSLATE_NOOP("Messages", "no grid has a vertex at ({x}, {y})"),
    "edit.not_neighbours": QT_TRANSLATE_NOOP("Messages", "grids {a} and {b} share no boundary"),
    "edit.no_boundary_near": QT_TRANSLATE_NOOP(
        "Messages", "no grid boundary within reach: click on a boundary to add a vertex"),
    "edit.vertex_exists": QT_TRANSLATE_NOOP("Messages", "there is already a vertex there"),
    "edit.invalid": QT_TRANSLATE_NOOP("Messages", "the edit would break the grid: {why}"),
    "edit.grid_gone": QT_TRANSLATE_NOOP("Messages", "that grid no longer exists"),
    "edit.split_line": QT_TRANSLATE_NOOP("Messages", "the line must cross grid {grid} from boundary to boundary"),
    "edit.merge_two": QT_TRANSLATE_NOOP("Messages", "select at least two grids to merge"),
    "edit.selected_gone": QT_TRANSLATE_NOOP("Messages", "a selected grid no longer exists"),
    "edit.merge_adjacent": QT_TRANSLATE_NOOP(
        "Messages", "the selected grids are not all adjacent: merging them would make a multi-part grid"),
    "edit.area_empty": QT_TRANSLATE_NOOP("Messages", "the drawn area covers no grid"),
    "edit.area_reach": QT_TRANSLATE_NOOP(
        "Messages", "draw the area so that it reaches into the neighbouring grid that should receive it"),
    "edit.area_source": QT_TRANSLATE_NOOP("Messages", "the drawn area does not cover any of grid {grid}"),
    "edit.block_touch": QT_TRANSLATE_NOOP("Messages", "the block must share a boundary with grid {grid}"),
    "edit.give_all": QT_TRANSLATE_NOOP("Messages", "that would give away all of grid {grid}: merge the grids instead"),
    "edit.shift_drag": QT_TRANSLATE_NOOP("Messages", "Shift+drag on a boundary between two grids to move it"),
    "edit.draw_points": QT_TRANSLATE_NOOP("Messages", "draw at least {n} points"),
    "edit.line_crosses_none": QT_TRANSLATE_NOOP("Messages", "the line crosses no grid"),
    # feed links (geodata.feeds)
    "feed.running": QT_TRANSLATE_NOOP("Messages", "running"),
    "feed.watching": QT_TRANSLATE_NOOP("Messages", "watching {folder}"),
    "feed.connecting": QT_TRANSLATE_NOOP("Messages", "connecting"),
    "feed.connected": QT_TRANSLATE_NOOP("Messages", "connected"),
    "feed.retrying": QT_TRANSLATE_NOOP("Messages", "retrying in {seconds} s ({why})"),
    "feed.disconnected": QT_TRANSLATE_NOOP("Messages", "disconnected ({why}); retrying in {seconds} s"),
}


class Message(str):
    """The English text (it is a str: logs, the CLI and comparisons see the text), with the
    catalogue code and the arguments the console translates it from."""

    code: str
    args: dict

    def __new__(cls, code: str, args: dict | None = None) -> "Message":
        args = dict(args or {})
        obj = super().__new__(cls, CATALOGUE[code].format(**args))
        obj.code, obj.args = code, args
        return obj

    @property
    def template(self) -> str:
        return CATALOGUE[self.code]

    def __reduce__(self):  # pickles (a worker process) as code and arguments
        return (Message, (self.code, self.args))


def message(code: str, **args) -> Message:
    if code not in CATALOGUE:
        raise KeyError(f"no message {code!r} in geodata.messages.CATALOGUE")
    return Message(code, {k: str(v) for k, v in args.items()})


class CodedError(Exception):
    """An error whose text is a :class:`Message`: ``str(exc)`` is English, ``exc.message`` is
    what the console translates."""

    def __init__(self, code: str, **args) -> None:
        self.message = message(code, **args)
        super().__init__(str(self.message))
