"""Map tools of the boundary editor: pure functions of map events, no Qt.

The map view turns mouse and key events into :class:`MapEvent` (map metres) and hands
them to the active tool; the tool snaps, builds :mod:`geodata.plan.edits` commands and
passes them to ``push`` (the undo stack). Tests drive the tools with MapEvents directly.

Vertex tool: drag a vertex (every grid holding it follows); Shift+drag on a boundary
moves the whole boundary two grids share; double-click on a boundary adds a vertex;
Ctrl+click (or Delete while hovering) removes one.
Split tool: click the points of a line across a grid, double-click or Enter to cut.
Reassign tool: click a polygon over the area to move and into the receiving grid,
double-click or Enter to hand it over. Escape cancels a drawing.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import shapely

from geodata.plan import edits, rings
from geodata.messages import Message
from geodata.plan.edits import Edit, EditError
from geodata.plan.snapping import Snap, Snapper


@dataclass(frozen=True)
class MapEvent:
    """A mouse or key event in map coordinates (metres)."""

    kind: str  # press, move, release, double, key
    x: float = 0.0
    y: float = 0.0
    shift: bool = False
    ctrl: bool = False
    key: str = ""  # for kind == "key": Enter, Escape, Delete


@dataclass
class ToolState:
    """What the editor layer draws for the tool: snap marker, rubber band, hovered vertex, message."""

    snap: Snap | None = None
    sketch: list[tuple[float, float]] = field(default_factory=list)
    closed: bool = False
    hover_vertex: tuple[float, float] | None = None
    message: str | Message = ""  # why the last step was refused (a geodata.messages.Message)


class EditTool:
    """Base: holds the plan, snapper, the push callback and the tolerance in metres."""

    name = "tool"

    def __init__(self, plan, snapper: Snapper, push: Callable[[Edit], object]) -> None:
        self.plan = plan
        self.snapper = snapper
        self.push = push
        self.tolerance_m = 10.0
        self.state = ToolState()

    def handle(self, event: MapEvent) -> ToolState:
        try:
            self._handle(event)
        except EditError as exc:
            self.state.message = exc.message  # a coded Message: the console shows it translated
        return self.state

    def _handle(self, event: MapEvent) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def _snapped(self, x: float, y: float, dragging=None) -> tuple[float, float]:
        self.state.snap = self.snapper.snap(x, y, self.tolerance_m, dragging)
        return (self.state.snap.x, self.state.snap.y) if self.state.snap else (x, y)

    def cancel(self) -> None:
        self.state = ToolState()


class VertexTool(EditTool):
    name = "vertex"

    def __init__(self, plan, snapper, push) -> None:
        super().__init__(plan, snapper, push)
        self._drag: tuple[float, float] | None = None   # the vertex being dragged (its current place)
        self._edge: tuple[int, int, float, float] | None = None  # grids a, b and the last pointer position

    def vertex_near(self, x: float, y: float):
        near = [self.plan.geoms[p] for p in self.plan.grids_at((x - self.tolerance_m, y - self.tolerance_m,
                                                                 x + self.tolerance_m, y + self.tolerance_m))]
        return rings.nearest_vertex(near, x, y, self.tolerance_m)

    def _edge_grids(self, x: float, y: float) -> tuple[int, int] | None:
        """The two grids whose shared boundary passes nearest (x, y)."""
        point = shapely.Point(x, y)
        t = self.tolerance_m
        near = [p for p in self.plan.grids_at((x - t, y - t, x + t, y + t))
                if shapely.distance(shapely.boundary(self.plan.geoms[p]), point) <= t]
        near.sort(key=lambda p: shapely.distance(shapely.boundary(self.plan.geoms[p]), point))
        return (near[0], near[1]) if len(near) >= 2 else None

    def _handle(self, e: MapEvent) -> None:
        self.state.message = ""
        if e.kind == "press":
            vertex = self.vertex_near(e.x, e.y)
            if e.ctrl and vertex is not None:
                self.push(edits.remove_vertex(self.plan, vertex))
                self.state.hover_vertex = None
            elif e.shift:
                pair = self._edge_grids(e.x, e.y)
                if pair is None:
                    raise EditError("edit.shift_drag")
                self._edge = (pair[0], pair[1], e.x, e.y)
            elif vertex is not None:
                self._drag = vertex
        elif e.kind == "move":
            if self._drag is not None:
                to = self._snapped(e.x, e.y, dragging=self._drag)
                if to != self._drag:
                    self.push(edits.move_vertex(self.plan, self._drag, to))
                    self._drag = to
                self.state.hover_vertex = self._drag
            elif self._edge is not None:
                a, b, px, py = self._edge
                if (e.x, e.y) != (px, py):
                    self.push(edits.move_shared_edge(self.plan, a, b, e.x - px, e.y - py))
                    self._edge = (a, b, e.x, e.y)
            else:
                self.state.hover_vertex = self.vertex_near(e.x, e.y)
                self.state.snap = None
        elif e.kind == "release":
            self._drag = None
            self._edge = None
            self.state.snap = None
        elif e.kind == "double":
            self._drag = None
            self.push(edits.insert_vertex(self.plan, (e.x, e.y), self.tolerance_m))
        elif e.kind == "key" and e.key == "Delete" and self.state.hover_vertex is not None:
            self.push(edits.remove_vertex(self.plan, self.state.hover_vertex))
            self.state.hover_vertex = None


class SketchTool(EditTool):
    """Collects snapped clicks into a line or polygon; Enter or double-click finishes."""

    closed = False
    minimum = 2

    def _handle(self, e: MapEvent) -> None:
        if e.kind == "press":
            self.state.message = ""
            self.state.sketch.append(self._snapped(e.x, e.y))
        elif e.kind == "move":
            self._snapped(e.x, e.y)
        elif (e.kind == "double") or (e.kind == "key" and e.key == "Enter"):
            if e.kind == "double" and (not self.state.sketch or self.state.sketch[-1] != self._snapped(e.x, e.y)):
                self.state.sketch.append(self._snapped(e.x, e.y))
            points = _dedupe(self.state.sketch)
            self.state.sketch = []
            if len(points) < self.minimum:
                raise EditError("edit.draw_points", n=self.minimum)
            self.push(self.finish(points))
        elif e.kind == "key" and e.key == "Escape":
            self.cancel()
        self.state.closed = self.closed

    def finish(self, points) -> Edit:  # pragma: no cover - abstract
        raise NotImplementedError


class SplitTool(SketchTool):
    name = "split"

    def finish(self, points) -> Edit:
        line = shapely.LineString(points)
        crossed = {p: shapely.length(shapely.intersection(self.plan.geoms[p], line))
                   for p in self.plan.grids_at(shapely.bounds(line))}
        crossed = {p: v for p, v in crossed.items() if v > 0}
        if not crossed:
            raise EditError("edit.line_crosses_none")
        return edits.split_grid(self.plan, max(crossed, key=crossed.get), line)


class ReassignTool(SketchTool):
    name = "reassign"
    closed = True
    minimum = 3

    def finish(self, points) -> Edit:
        return edits.reassign_area(self.plan, shapely.Polygon(points))


TOOLS = {cls.name: cls for cls in (VertexTool, SplitTool, ReassignTool)}


def _dedupe(points):
    out = []
    for p in points:
        if not out or p != out[-1]:
            out.append(p)
    return out
