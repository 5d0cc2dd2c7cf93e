"""Remembering the results of pure functions of arrays, keyed by the arrays' exact bytes.

A live session summarises everything received so far every few seconds (the open set card's
recovery, :mod:`tremor.live.set_decisions`); each summary measures every set again, and a set that
has ended keeps the same frames, so the same spectra are fitted again and again
(:func:`tremor.core.peak.spectral_peak_sd`). :class:`ArrayMemo` gives back the earlier result where
the input's bytes, shape and the other arguments are equal (a dict compares the whole bytes on a hit,
so the result is the one the function gives for that input); batch analysis sees each set once and
only pays for copying the bytes.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

import numpy as np

__all__ = ["ArrayMemo"]

T = TypeVar("T")


class ArrayMemo:
    """The last ``size`` results of a pure function, keyed by an array's bytes and other arguments.

    Parameters
    ----------
    size : int
        How many results are kept (the least recently used goes first).
    max_bytes : int
        Arrays larger than this are not remembered (computed each time).
    """

    def __init__(self, size: int, max_bytes: int) -> None:
        self._size = int(size)
        self._max_bytes = int(max_bytes)
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()  # batch may summarise in threads

    def get(self, array: np.ndarray, extra: Hashable, compute: Callable[[], T]) -> T:
        """``compute()``, or its earlier result for an equal ``array`` (bytes, dtype, shape) and ``extra``.

        Parameters
        ----------
        array : ndarray
            The function's array input.
        extra : hashable
            The function's other inputs (frozen, hashable values).
        compute : callable() -> T
            Computes the result for these inputs; it must depend on nothing else, and its result must
            not be changed by callers (it is shared).

        Returns
        -------
        T
            The result.
        """
        if array.nbytes > self._max_bytes:
            return compute()
        key = (array.dtype.str, array.shape, extra, np.ascontiguousarray(array).tobytes())
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = compute()
        with self._lock:
            self._items[key] = value
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return value
