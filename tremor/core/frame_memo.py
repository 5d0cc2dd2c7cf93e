"""Results of pure per-block functions of a frame table that only grows (a live session), kept between summaries.

A live session's frame table only grows: a frame, once made, is never changed (:class:`~tremor.core.stream.LiveAnalyzer`
appends each segment pipeline's final frames). A function of frame rows ``[s, s + n)`` alone therefore gives the
same result at every later summary, and a summary every 2 s need not recompute it over the whole session.
:class:`FrameMemo` keeps such results, each under a key that names its exact inputs within the table (the rows and
every parameter of the function), so a change of rule inside the function keeps the memo correct; only what is
new (the latest rows) is computed. Batch analysis summarises once and uses no memo.

The memo checks the table it is given: where its frame times do not extend the previous table's (another
session, a table that shrank or changed), everything kept is forgotten.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any, TypeVar

import numpy as np

from tremor.core.features import Frames

__all__ = ["FrameMemo", "derived_memo"]

T = TypeVar("T")


class FrameMemo:
    """Per-key results of pure functions of frame rows, for a frame table that only grows."""

    def __init__(self) -> None:
        self._t = np.zeros(0)
        self._tables: dict[str, dict[Hashable, Any]] = {}

    def check(self, frames: Frames) -> None:
        """Forget everything unless ``frames`` extends, or begins, row for row, the longest table checked.

        The caller guarantees that rows already seen are unchanged (a live analyzer's table only grows);
        this check catches a table from elsewhere (its frame times differ). A table that is the start of
        the longest one seen (a summary of an earlier moment, run in steps while newer frames arrived:
        :meth:`~tremor.core.stream.LiveAnalyzer.result_steps`) holds the same rows, so nothing is forgotten.

        Parameters
        ----------
        frames : Frames
            The frame table about to be summarised.
        """
        t = np.asarray(frames.t_s)
        n = min(t.size, self._t.size)
        if not np.array_equal(t[:n], self._t[:n]):
            self._tables.clear()
            self._t = t.copy()
        elif t.size > self._t.size:
            self._t = t.copy()

    def kept(self, name: str, make: Callable[[], T]) -> T:
        """An object kept under ``name`` until the table changes (forgotten with every result kept).

        For incremental state of its own (such as :class:`~tremor.core.rest_pose.PoseMemo`), valid for any
        table that extends or begins the tables seen so far.

        Parameters
        ----------
        name : str
            Which state.
        make : callable
            ``make()`` returns a fresh one, where none is kept.

        Returns
        -------
        object
            The kept object (made now if there was none).
        """
        slot = self._tables.setdefault(name, {})
        if None not in slot:
            slot[None] = make()
        return slot[None]

    def many(self, name: str, keys: Sequence[Hashable], compute: Callable[[list[int]], list[T]]) -> list[T]:
        """The results for ``keys``: kept ones reused, the others computed by one call of ``compute``.

        Only the results of these ``keys`` are kept for the next call under ``name`` (a key not asked
        for again, such as the block at the end of the table so far, is dropped).

        Parameters
        ----------
        name : str
            Which function's results.
        keys : sequence of hashable
            One key per result, naming its exact inputs (frame rows and parameters).
        compute : callable
            ``compute(positions)`` returns the results of ``keys[j]`` for each ``j`` in ``positions``, in order.

        Returns
        -------
        list
            One result per key, in order.
        """
        old = self._tables.get(name, {})
        missing = [j for j, k in enumerate(keys) if k not in old]
        fresh = dict(zip(missing, compute(missing))) if missing else {}
        out = [fresh[j] if j in fresh else old[k] for j, k in enumerate(keys)]
        self._tables[name] = dict(zip(keys, out))
        return out


class _Derived:
    """A memo for a table derived from the memo's own, valid while the derivation's key stays the same."""

    def __init__(self) -> None:
        self.key: str | None = None
        self.memo = FrameMemo()


def derived_memo(memo: FrameMemo | None, name: str, key: str) -> FrameMemo | None:
    """A memo for a table derived row by row from ``memo``'s (its rows changed by a rule named by ``key``).

    Such a table's rows are unchanged from summary to summary only while the rule is (machine lines removed
    from the frames: the same lines); the memo kept under ``name`` is forgotten when ``key`` changes, and with
    ``memo``'s results when its table changes.

    Parameters
    ----------
    memo : FrameMemo or None
        The memo of the table the derived one comes from (None: none, as in batch analysis).
    name : str
        Which derived table.
    key : str
        Names the rule that derived it, e.g. the ``repr`` of the lines removed.

    Returns
    -------
    FrameMemo or None
        The derived table's memo (None where ``memo`` is None).
    """
    if memo is None:
        return None
    slot = memo.kept(name, _Derived)
    if slot.key != key:
        slot.key, slot.memo = key, FrameMemo()
    return slot.memo
