"""Which frames of a still stay rise broadband over the rest (taps), for :mod:`tremor.core.posture_shift`.

A stay's rise over the rest is judged against the rest's median spectrum without the stay's own frames. One
segmentation asks this of several stays against the same rest frames; a median over every rest frame for each of
them made the whole a quadratic cost in the session's length (52 ms a stay at 6 h, 100 Hz). :class:`RestSpectrum`
sorts the rest frames' spectra once, from the second stay asked on, and reads each stay's median from them less the
stay's rows: the same numbers as ``numpy.median`` of the rows left, bit for bit (order statistics are values of the
rows; an even count's median is the mean of its two middle values, computed as ``numpy.mean`` does).
"""

from __future__ import annotations

import numpy as np

from tremor.core.kept_median import KeptMedian
from tremor.core.tap_rise import taps_rise

__all__ = ["RestMedians", "RestSpectrum", "tapped"]

#: A stay with more rest rows than this share of the rest's is read by a plain median (the sorted reading costs
#: a search per row removed).
_DIRECT_SHARE = 0.25


class RestSpectrum:
    """The per-frequency median spectrum of fixed rest frames less a run of frames, as ``numpy.median`` gives it.

    Parameters
    ----------
    psd : ndarray, shape (n_frames, n_freqs)
        Each frame's spectrum (any float dtype; read as float64).
    rest : ndarray of bool, shape (n_frames,)
        The rest frames (not changed while this object is used).
    presorted : (ndarray, ndarray) or None
        The rest rows with finite spectra (``rest & isfinite(psd).all(axis=1)``) and their spectra sorted per
        frequency, shape (n_freqs, rows), where the caller keeps them (a live check: :class:`RestMedians`).
    """

    def __init__(
        self, psd: np.ndarray, rest: np.ndarray, presorted: tuple[np.ndarray, np.ndarray] | None = None
    ) -> None:
        self._psd = psd
        self._rest = rest
        self._asked = 0
        self._keep: np.ndarray | None = None if presorted is None else presorted[0]
        self._sorted: np.ndarray | None = None if presorted is None else presorted[1]
        self._whole: tuple[np.ndarray | None] | None = None  # the median of every rest row, once read

    @property
    def psd(self) -> np.ndarray:
        """The frames' spectra, as given."""
        return self._psd

    def median_without(self, i0: int, i1: int) -> np.ndarray | None:
        """The median over the rest frames outside ``[i0, i1)`` whose spectra are finite, per frequency.

        Parameters
        ----------
        i0, i1 : int
            The run of frames left out.

        Returns
        -------
        ndarray, shape (n_freqs,), or None
            ``numpy.median`` of those rows along the frames (float64); None where no row is left.
        """
        self._asked += 1
        if (
            self._asked == 1 and self._sorted is None
        ):  # one stay asked: a plain median costs less than sorting
            return self._direct(i0, i1)
        if self._sorted is None:
            keep = np.asarray(self._rest, bool) & np.isfinite(self._psd).all(axis=1)
            self._keep = keep
            self._sorted = np.sort(np.asarray(self._psd[keep], np.float64).T, axis=1)
        assert self._keep is not None
        s = self._sorted
        if not self._keep[
            i0:i1
        ].any():  # (a hold's run holds no rest row: the whole rest's median, read once)
            if self._whole is None:
                self._whole = (_median_sorted(s),)
            return None if self._whole[0] is None else self._whole[0].copy()
        removed = np.sort(np.asarray(self._psd[i0:i1][self._keep[i0:i1]], np.float64).T, axis=1)
        n, m = s.shape[1], removed.shape[1]
        left = n - m
        if left == 0 or s.shape[0] == 0:
            return None
        if m > _DIRECT_SHARE * n:
            return self._direct(i0, i1)
        if left % 2:
            return _kth_left(s, removed, left // 2)
        return (_kth_left(s, removed, left // 2 - 1) + _kth_left(s, removed, left // 2)) / 2.0

    def _direct(self, i0: int, i1: int) -> np.ndarray | None:
        outside = np.array(self._rest, bool)
        outside[i0:i1] = False
        rows = self._psd[outside]
        rows = rows[np.isfinite(rows).all(axis=1)]  # (not nanmedian: its masked arrays cost 10x)
        if not rows.size:
            return None
        # numpy.median's order statistics, partitioned in the table's own dtype with each frequency's values
        # contiguous (a row partitions faster than a column), then read as float64: an even count's median is the
        # two middle values' sum halved, as numpy.mean of them gives it
        cols = np.ascontiguousarray(rows.T)
        h = cols.shape[1] // 2
        if cols.shape[1] % 2:
            return np.asarray(np.partition(cols, h, axis=1)[:, h], np.float64)
        part = np.partition(cols, (h - 1, h), axis=1)
        return (np.asarray(part[:, h - 1], np.float64) + np.asarray(part[:, h], np.float64)) / 2.0


class RestMedians:
    """The rest frames' count, median 6-12 Hz power and median spectrum less a stay's run, for one segmentation.

    Parameters
    ----------
    rest : ndarray of bool, shape (n_frames,)
        The rest frames (not changed while this object is used).
    power : ndarray, shape (n_frames,)
        Each frame's 6-12 Hz power (read as float64; NaN: left out of the median).
    psd : ndarray, shape (n_frames, n_freqs), or None
        Each frame's spectrum.
    kept : KeptMedian or None
        A live session's check (every second, on a table that only grows; ``skip_nan``): the rest's finite powers
        kept sorted in it from check to check, only new rest rows merged in where the rest's old rows are the last
        check's, instead of sorted again over the whole session (the same medians, bit for bit).
    """

    def __init__(
        self, rest: np.ndarray, power: np.ndarray, psd: np.ndarray | None, kept: KeptMedian | None = None
    ) -> None:
        self._rest = rest
        self._count = int(np.count_nonzero(rest))
        power = np.asarray(power, np.float64)
        presorted = None
        if kept is not None:
            keep = np.asarray(rest, bool) & np.isfinite(power)
            presorted = (keep, kept.update(power, keep).sorted_values(0)[None, :])
        self._power = RestSpectrum(power[:, None], rest, presorted)
        #: the spectra's medians (None without spectra)
        self.spectrum = RestSpectrum(psd, rest) if psd is not None else None

    def count_without(self, i0: int, i1: int) -> int:
        """The rest frames outside ``[i0, i1)``.

        Parameters
        ----------
        i0, i1 : int
            The run of frames left out.

        Returns
        -------
        int
            How many.
        """
        return self._count - int(np.count_nonzero(self._rest[i0:i1]))

    def power_without(self, i0: int, i1: int) -> float:
        """``numpy.median`` of the finite powers of the rest frames outside ``[i0, i1)`` (NaN where none).

        Parameters
        ----------
        i0, i1 : int
            The run of frames left out.

        Returns
        -------
        float
            The median.
        """
        got = self._power.median_without(i0, i1)
        return float(got[0]) if got is not None else np.nan


def _median_sorted(s: np.ndarray) -> np.ndarray | None:
    """The median of each row of ``s`` (sorted) as :meth:`RestSpectrum.median_without` reads it with no row removed
    (None where ``s`` is empty)."""
    n = s.shape[1]
    if n == 0 or s.shape[0] == 0:
        return None
    removed = s[:, :0]
    if n % 2:
        return _kth_left(s, removed, n // 2)
    return (_kth_left(s, removed, n // 2 - 1) + _kth_left(s, removed, n // 2)) / 2.0


def _kth_left(s: np.ndarray, removed: np.ndarray, k: int) -> np.ndarray:
    """Per row of ``s`` (sorted), the ``k``-th smallest (from 0) of its values less those of ``removed`` (sorted,
    a sub-multiset of it): the first of ``s[k : k + m + 1]`` with at least ``k + 1`` values left at or under it."""
    m = removed.shape[1]
    if m == 0:
        return s[:, k].copy()
    out = np.empty(s.shape[0])
    for c in range(s.shape[0]):
        cand = s[c, k : k + m + 1]
        left = np.searchsorted(s[c], cand, side="right") - np.searchsorted(removed[c], cand, side="right")
        out[c] = cand[int(np.argmax(left >= k + 1))]
    return out


def tapped(
    t: np.ndarray,
    power: np.ndarray,
    idx: np.ndarray,
    bound: float,
    rest: RestSpectrum,
    run: tuple[int, int],
    join_s: float,
) -> np.ndarray:
    """Which of the frames ``idx`` lie in a rise over ``bound`` that is broadband (taps).

    Parameters
    ----------
    t : ndarray, shape (n_frames,)
        Frame times in s.
    power : ndarray, shape (n_frames,)
        Each frame's 6-12 Hz power.
    idx : ndarray of int
        The stay's frames, increasing.
    bound : float
        The power over which a frame rises.
    rest : RestSpectrum
        The rest frames' spectra.
    run : (int, int)
        The stay's run of frames, left out of the rest.
    join_s : float
        Frames over ``bound`` at most this far apart are one rise.

    Returns
    -------
    ndarray of bool, shape (idx.size,)
        Each run of frames over ``bound`` (joined across ``join_s`` or less) judged by its mean spectrum from its
        first to its last against the rest's median spectrum (:func:`~tremor.core.tap_rise.taps_rise`).
    """
    out = np.zeros(idx.size, bool)
    over = np.flatnonzero(power[idx] > bound)
    if not over.size:
        return out
    rest_psd = rest.median_without(*run)
    if rest_psd is None:
        return out
    psd = rest.psd
    cuts = np.flatnonzero(np.diff(t[idx[over]]) > join_s) + 1
    for piece in np.split(over, cuts):
        span = np.arange(piece[0], piece[-1] + 1)
        if _broadband(psd, idx[span], rest_psd):
            out[span] = True
    return out


def _broadband(psd: np.ndarray, rows: np.ndarray, rest_psd: np.ndarray) -> bool:
    """Whether the frames ``rows`` rose over the rest as taps do, not as a tremor line (:func:`~tremor.core.tap_rise.taps_rise`)."""
    return taps_rise(np.nanmean(psd[rows].astype(np.float64), axis=0), rest_psd)
