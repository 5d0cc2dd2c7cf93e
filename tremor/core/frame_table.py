"""A frame table that grows by appending rows, without copying the whole table at each append (a live session).

A live session's frames arrive a few rows at a time and are read whole every second (the set check, a summary).
Joining every part again at each read (:meth:`~tremor.core.features.Frames.concat`) copies the whole session's
table, its spectra included, each time: a cost that grows with the session. :class:`GrowingFrames` keeps each
column in a buffer with room to spare (doubled when full), writes new rows after the old ones, and hands out
:class:`~tremor.core.features.Frames` whose columns are views of the filled rows. Rows once written are never
written again (a buffer that fills is copied to a new, larger one; views handed out before keep the old one), so a
table handed out never changes: the same rows, values and dtypes as ``Frames.concat`` of the parts.
"""

from __future__ import annotations

from dataclasses import fields

import numpy as np

from tremor.core.features import Frames

__all__ = ["GrowingFrames"]

_NAMES = tuple(f.name for f in fields(Frames))


class GrowingFrames:
    """Frame rows appended in time order; :meth:`table` is the whole table so far (as ``Frames.concat`` of the parts)."""

    def __init__(self) -> None:
        self._cols: dict[str, np.ndarray] = {}
        self._n = 0
        self._view: Frames | None = None

    def __len__(self) -> int:
        return self._n

    def append(self, part: Frames) -> None:
        """Append the rows of ``part`` after the rows so far.

        Parameters
        ----------
        part : Frames
            The new rows (an empty table adds nothing).
        """
        m = len(part)
        if m == 0:
            return
        new = {name: getattr(part, name) for name in _NAMES}
        if not self._cols:
            cap = max(2 * m, 64)
            self._cols = {k: np.empty((cap,) + v.shape[1:], v.dtype) for k, v in new.items()}
        need = self._n + m
        for k, v in new.items():
            buf = self._cols[k]
            dtype = np.result_type(buf.dtype, v.dtype)
            if need > buf.shape[0] or dtype != buf.dtype or v.shape[1:] != buf.shape[1:]:
                if v.shape[1:] != buf.shape[1:]:
                    # rows of another width cannot join a table (as np.concatenate refuses them)
                    raise ValueError(f"frame column {k}: rows of shape {v.shape[1:]} after {buf.shape[1:]}")
                grown = np.empty((max(need, 2 * buf.shape[0]),) + buf.shape[1:], dtype)
                grown[: self._n] = buf[: self._n]
                self._cols[k] = buf = grown
            buf[self._n : need] = v
        self._n = need
        self._view = None

    def table(self) -> Frames:
        """The rows so far as one table (its columns are views; they never change).

        Returns
        -------
        Frames
            Every row appended, in order (an empty table before any).
        """
        if self._n == 0:
            return Frames.empty()
        if self._view is None:
            self._view = Frames(**{k: v[: self._n] for k, v in self._cols.items()})
        return self._view
