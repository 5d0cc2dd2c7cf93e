"""The median of a growing table's column over a set of rows, kept between calls (a live session's set check).

A live session's set check groups the still frames of the whole session every second
(:mod:`tremor.core.rest_pose`), and reads medians over row sets that mostly only gain the newest rows (the
rest pose's frames, a pose group's frames). :func:`numpy.median` partitions every value again each time
(0.2-0.4 ms at an hour). :class:`KeptMedian` keeps the values of its row set sorted, per column, and where
the new row set holds the old one's rows unchanged (the mask's old part equal to the last mask), only the
new rows' values are merged in; otherwise it sorts them all again.

The results are the numbers :func:`numpy.median` and :func:`numpy.nanmedian` return: an order statistic is
a selection, and the middle two are averaged by the same ``(a + b) / 2``. Only the sign of a zero median may
differ (``-0.0`` and ``0.0`` compare equal and neither method orders them), as in :mod:`tremor.core._rolling`.
The caller guarantees what a growing table does: rows already seen keep their values.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

__all__ = ["KeptMedian"]


class KeptMedian:
    """Median (and count of finite values) of ``values[mask]``, per column, kept for a table that only grows.

    Parameters
    ----------
    skip_nan : bool
        Leave NaN out, as :func:`numpy.nanmedian` does; otherwise a column holding NaN has a NaN median,
        as :func:`numpy.median` gives.
    """

    def __init__(self, skip_nan: bool) -> None:
        self._skip_nan = skip_nan
        self._mask = np.zeros(0, bool)
        self._sorted: list[np.ndarray] = []  # per column: the non-NaN values of the rows, sorted
        self._nan = np.zeros(0, np.intp)  # per column: NaN values among the rows
        self._finite = np.zeros(0, np.intp)  # per column: finite values among the rows
        self._every = False  # the rows are every row of the first ``self._mask.size`` (:meth:`extend`)

    def update(self, values: np.ndarray, mask: np.ndarray) -> KeptMedian:
        """Take the rows ``mask`` selects of ``values`` (only the new ones where the old rows are kept).

        Parameters
        ----------
        values : ndarray, shape (n,) or (n, c)
            The column(s); rows seen by earlier calls must hold the values they held then.
        mask : ndarray of bool, shape (n,)
            The rows.

        Returns
        -------
        KeptMedian
            This object, holding the rows.
        """
        mask = np.asarray(mask, bool)
        old = self._mask.size
        cols = 1 if np.ndim(values) == 1 else int(np.shape(values)[1])
        if len(self._sorted) == cols and mask.size >= old and np.array_equal(mask[:old], self._mask):
            self._merge(np.asarray(values[old:][mask[old:]], float), cols)
        else:
            self._reset(cols)
            self._merge(np.asarray(values[mask], float), cols)
        self._mask = mask.copy()
        self._every = False
        return self

    def extend(self, n: int, rows: Callable[[int, int], np.ndarray]) -> KeptMedian:
        """Take every one of the first ``n`` rows: :meth:`update` with a mask of ``n`` ones, without reading it.

        Parameters
        ----------
        n : int
            Rows of the table.
        rows : callable
            ``rows(a, b)`` gives the values of rows ``a`` to ``b``, shape (b - a,) or (b - a, c): only the rows
            this object has not taken yet are asked for where it last took every row of a table no longer than
            this one (rows seen by earlier calls must hold the values they held then).

        Returns
        -------
        KeptMedian
            This object, holding the rows.
        """
        old = self._mask.size
        new = np.asarray(rows(old, n), float) if self._every and n >= old else None
        cols = 0 if new is None else 1 if new.ndim == 1 else new.shape[1]
        if new is None or len(self._sorted) != cols:
            new = np.asarray(rows(0, n), float)
            cols = 1 if new.ndim == 1 else new.shape[1]
            self._reset(cols)
        self._merge(new, cols)
        self._mask = np.ones(n, bool)
        self._every = True
        return self

    def _reset(self, cols: int) -> None:
        self._sorted = [np.zeros(0) for _ in range(cols)]
        self._nan = np.zeros(cols, np.intp)
        self._finite = np.zeros(cols, np.intp)

    def _merge(self, rows: np.ndarray, cols: int) -> None:
        """Merge the values of new ``rows`` into the sorted ones, per column."""
        if rows.size:
            rows = rows.reshape(len(rows), cols)
            for c in range(cols):
                col = rows[:, c]
                nan = np.isnan(col)
                self._nan[c] += int(nan.sum())
                self._finite[c] += int(np.isfinite(col).sum())
                new = np.sort(col[~nan])
                self._sorted[c] = _inserted(self._sorted[c], new)

    @property
    def median(self) -> np.ndarray:
        """Per column, :func:`numpy.median` (or :func:`numpy.nanmedian`) of the rows' values (NaN where none).

        Returns
        -------
        ndarray, shape (c,)
            One median per column, float64.
        """
        out = np.full(len(self._sorted), np.nan)
        for c, s in enumerate(self._sorted):
            m = s.size
            if m == 0 or (self._nan[c] and not self._skip_nan):
                continue
            h = m // 2
            out[c] = s[h] if m % 2 else (s[h - 1] + s[h]) / 2
        return out

    def sorted_values(self, column: int) -> np.ndarray:
        """The non-NaN values of the rows in ``column``, sorted (the array kept: not to be changed).

        Parameters
        ----------
        column : int
            Which column.

        Returns
        -------
        ndarray, shape (k,)
            Sorted, float64.
        """
        return self._sorted[column]

    @property
    def finite(self) -> np.ndarray:
        """Per column, how many of the rows' values are finite.

        Returns
        -------
        ndarray of int, shape (c,)
            Counts of finite values.
        """
        return self._finite


#: Up to this many new values are put between slices of the kept ones, one slice each (a check's few new rows:
#: about a third of :func:`numpy.insert`'s time on 7200 values); more go through :func:`numpy.insert`.
FEW_NEW = 16


def _inserted(kept: np.ndarray, new: np.ndarray) -> np.ndarray:
    """``np.insert(kept, np.searchsorted(kept, new), new)`` for sorted ``kept`` and ``new`` (``new`` alone where
    ``kept`` is empty): each new value before the kept values it does not exceed, the same array."""
    if not kept.size:
        return new
    at = np.searchsorted(kept, new)
    if new.size > FEW_NEW:
        return np.insert(kept, at, new)
    parts, last = [], 0
    for i, p in enumerate(at.tolist()):
        parts += [kept[last:p], new[i : i + 1]]
        last = p
    parts.append(kept[last:])
    return np.concatenate(parts)
