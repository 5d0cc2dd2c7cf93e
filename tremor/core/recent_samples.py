"""The samples of a segment's recent past, kept by their index from its start.

The twitch detector's evidence stores (:class:`tremor.core.twitch_beats.LineEvidence`, the band-passed
signal; :class:`tremor.core.twitch_hold.HoldEvidence`, the raw one) append each chunk and forget the
samples no later question needs. Indices count from the segment's start, so live (which drops the old
samples) and batch (which keeps them all) read the same sample at the same time.
"""

from __future__ import annotations

import numpy as np

__all__ = ["RecentSamples", "joined"]


def joined(kept: np.ndarray, new: np.ndarray) -> np.ndarray:
    """``kept`` followed by ``new`` along the first axis: ``new`` itself where nothing is kept.

    For stores fed arrays that their maker hands over and never changes (the twitch detector's own
    filter outputs, made anew by each call): a whole file fed in one block is then kept without a
    copy. ``new`` is taken as it is only where it is C-contiguous, the layout a join gives, so every
    later computation reads the same memory layout.

    Parameters
    ----------
    kept : ndarray
        What is held so far.
    new : ndarray
        The next values, the same shape as ``kept`` but along the first axis.

    Returns
    -------
    ndarray
        The values joined.
    """
    if kept.shape[0] == 0 and new.flags.c_contiguous:
        return new
    return np.concatenate([kept, new])


class RecentSamples:
    """Three-axis samples appended chunk by chunk, the oldest dropped on request.

    Parameters
    ----------
    fs : float
        Sampling rate in Hz.
    t0_s : float
        Time of the segment's first sample.
    """

    #: Whether the samples appended are made for this store and never changed by their maker (the
    #: twitch detector's band-passed output): then the first chunk is kept as given (:func:`joined`).
    owns_input = False

    def __init__(self, fs: float, t0_s: float) -> None:
        self.fs, self.t0_s = fs, t0_s
        self._x = np.zeros((0, 3))
        self._start = 0

    def append(self, chunk: np.ndarray) -> None:
        """Add the next samples (n, 3).

        Parameters
        ----------
        chunk : ndarray, shape (n, 3)
            The next samples.
        """
        x = np.asarray(chunk, float).reshape(-1, 3)
        self._x = joined(self._x, x) if self.owns_input else np.vstack([self._x, x])

    def drop_before(self, t_s: float) -> None:
        """Forget the samples before ``t_s`` (no window before it is asked again).

        Parameters
        ----------
        t_s : float
            Time before which samples are no longer needed.
        """
        cut = int(np.floor((t_s - self.t0_s) * self.fs)) - self._start
        if cut > 0:
            self._x = self._x[cut:].copy()
            self._start += cut

    def _kept(self, lo_s: float, hi_s: float) -> tuple[int, int]:
        """Indices (into the kept samples) of ``[lo_s, hi_s)`` clipped to the samples kept (empty: ``hi <= lo``)."""
        lo = max(round((lo_s - self.t0_s) * self.fs) - self._start, 0)
        hi = min(round((hi_s - self.t0_s) * self.fs) - self._start, self._x.shape[0])
        return lo, hi

    def kept_spans(self, lo_s: np.ndarray, hi_s: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The clipped index spans of many time windows at once (each as ``_kept`` gives it).

        Parameters
        ----------
        lo_s, hi_s : ndarray
            The windows' starts and ends in s.

        Returns
        -------
        lo, hi : ndarray of int
            Indices into the kept samples (empty where ``hi <= lo``).
        """
        lo = np.rint((np.asarray(lo_s, float) - self.t0_s) * self.fs).astype(np.int64) - self._start
        hi = np.rint((np.asarray(hi_s, float) - self.t0_s) * self.fs).astype(np.int64) - self._start
        return np.maximum(lo, 0), np.minimum(hi, self._x.shape[0])
