"""The one error type for bad district data, so callers catch one thing and show its message."""
from __future__ import annotations

from pathlib import Path


class DistrictDataError(ValueError):
    """A district file cannot be used as it is.

    The message names the file and, where known, the layer, column and feature ids,
    says what is wrong and what to do. The attributes carry the same facts for callers
    that want to point at the place (e.g. select the feature on the map).
    """

    def __init__(
        self,
        path: str | Path | None,
        problem: str,
        *,
        layer: str | None = None,
        column: str | None = None,
        feature_ids: list[str] | None = None,
        hint: str | None = None,
    ) -> None:
        # a store URL stays as it is written (a Path would fold its //)
        self.path = path if isinstance(path, str) and '://' in path else (Path(path) if path is not None else None)
        self.problem = problem
        self.layer = layer
        self.column = column
        self.feature_ids = list(feature_ids or [])
        self.hint = hint
        super().__init__(self._compose())

    def _compose(self) -> str:
        where = [str(self.path) if self.path else "<in memory>"]
        if self.layer:
            where.append(f"layer '{self.layer}'")
        if self.column:
            where.append(f"column '{self.column}'")
        text = ", ".join(where) + ": " + self.problem
        if self.feature_ids:
            shown = ", ".join(str(f) for f in self.feature_ids[:10])
            more = f" and {len(self.feature_ids) - 10} more" if len(self.feature_ids) > 10 else ""
            text += f" (features: {shown}{more})"
        if self.hint:
            text += f". {self.hint}"
        return text
