"""Text columns in which equal strings are one Python object.

A Longhua district holds 580,000 points whose status, kind, category and source take a dozen
values each. Read through Arrow and turned into Python strings row by row, every row gets its
own ``str`` (about 60 bytes), and every copy a layer or the incident book makes of the column
makes 250,000 more: about 350 MB of the console's memory at Longhua was words such as "reported". Here a column
costs one pointer a row, and the strings one object per distinct value.
"""
from __future__ import annotations

import numpy as np
import pandas as pd


def shared_text(values) -> np.ndarray:
    """``values`` as an object array of ``str`` in which equal values are the same object.

    Missing values (None, NaN, pandas' NA) come back as None. A column that is already an
    object array of strings is returned without copying its strings, so the copies a layer
    or the book keeps share them with the district's frame.
    """
    series = values if isinstance(values, pd.Series) else pd.Series(values, dtype=object, copy=False)
    if series.dtype == object and pd.api.types.infer_dtype(series, skipna=False) == "string":
        return np.array(series.to_numpy(dtype=object), copy=True)  # share these very strings, not the array
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    texts = np.empty(len(uniques) + 1, dtype=object)  # the last one is for a missing value
    texts[:-1] = [u if type(u) is str else str(u) for u in uniques]
    texts[-1] = None
    return texts[codes]
