"""Columns that grow in place: a burst of new points writes into spare room instead of
copying every point already there."""
from __future__ import annotations

import numpy as np


def grown(arr: np.ndarray, new) -> np.ndarray:
    """``arr`` followed by ``new``, written into the spare room of ``arr``'s buffer when it has
    some (the room doubles when it runs out), so a burst does not copy every point. Earlier
    views of the buffer never see the new rows. Only for a layer's own current columns."""
    new = np.asarray(new)
    n, k = len(arr), len(new)
    dtype = np.result_type(arr, new) if arr.dtype != new.dtype and not (arr.dtype == object) else arr.dtype
    base = arr.base
    if (isinstance(base, np.ndarray) and base.ndim == 1 and arr.ndim == 1 and base.dtype == dtype == arr.dtype
            and arr.strides == base.strides and len(base) >= n + k
            and arr.__array_interface__["data"][0] == base.__array_interface__["data"][0]):
        base[n:n + k] = new
        return base[:n + k]
    buf = np.empty(max(2 * (n + k), 256), dtype=dtype)
    buf[:n] = arr
    buf[n:n + k] = new
    return buf[:n + k]

