"""Feeding a live analyser a recording in chunks of random size, for the tests that compare kept answers."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import numpy as np

from tremor.core.stream import LiveAnalyzer

__all__ = ["fed_in_chunks"]


def fed_in_chunks(
    live: LiveAnalyzer,
    t: np.ndarray,
    acc: np.ndarray,
    rng: np.random.Generator,
    low: float,
    high: float,
    resize: Callable[[int, float], int] | None = None,
) -> Iterator[int]:
    """Feed ``live`` the samples ``t``, ``acc`` in chunks, yielding how many it holds after each chunk.

    Each chunk's size is drawn from ``rng`` (``rng.integers(low, high)``) before the chunk is fed, so the caller's own
    draws between two yields come after that chunk's, as in a loop written out.

    Parameters
    ----------
    live : LiveAnalyzer
        The analyser fed (:meth:`~tremor.core.stream.LiveAnalyzer.update`).
    t, acc : ndarray
        The samples' times (s) and accelerations.
    rng : numpy.random.Generator
        Draws the chunk sizes.
    low, high : float
        The chunk size's range in samples (``high`` excluded).
    resize : callable(k, t0_s) -> int, optional
        Changes a drawn size ``k`` of the chunk starting at ``t0_s`` (s).

    Yields
    ------
    int
        After each chunk, the samples fed so far.
    """
    i = 0
    while i < t.size:
        k = int(rng.integers(low, high))
        if resize is not None:
            k = resize(k, float(t[i]))
        live.update(t[i : i + k], acc[i : i + k])
        i += k
        yield min(i, t.size)
