"""Spectral helpers of the machine-vibration search (:mod:`tremor.core.vibration`).

Robust statistics of short tracks, gap-free frame runs, local spectral backgrounds, the
frame-by-frame tracking of a peak, block-median spectra and the search for a local maximum near a
frequency, all on the frame spectra's 0.25 Hz grid :data:`~tremor.core.features.PSD_FREQS`.
"""

from __future__ import annotations

from itertools import pairwise

import numpy as np

from tremor.core._rolling import median1 as sorted_median1
from tremor.core.features import PSD_FREQS

__all__ = [
    "median1",
    "robust_sd1",
    "frame_runs",
    "true_runs",
    "ring_masks",
    "local_background",
    "local_backgrounds",
    "track_peak",
    "block_medians",
    "peak_near",
]


def _robust_sd(x: np.ndarray, axis: int = -1) -> np.ndarray:
    med = np.median(x, axis=axis, keepdims=True)
    return np.asarray(1.4826 * np.median(np.abs(x - med), axis=axis))


def median1(x: np.ndarray) -> float:
    """``float(np.median(x))`` of a short 1-D array without np.median's overhead (the same value), as a
    Python float: :func:`tremor.core._rolling.median1`, with NaN for an empty array.

    Parameters
    ----------
    x : ndarray, shape (n,)
        Values.

    Returns
    -------
    float
        The median; NaN for an empty array or one holding NaN.
    """
    if x.size == 0:
        return float("nan")
    return float(sorted_median1(x))


def robust_sd1(x: np.ndarray) -> float:
    """Robust standard deviation (1.4826 times the median absolute deviation) of a 1-D array.

    The same value as ``float(_robust_sd(x))``, by :func:`median1`.

    Parameters
    ----------
    x : ndarray, shape (n,)
        Values.

    Returns
    -------
    float
        The robust standard deviation (NaN where the median is).
    """
    return float(1.4826 * median1(np.abs(x - median1(x))))


def frame_runs(t: np.ndarray) -> list[tuple[int, int]]:
    """Gap-free runs ``[a, b)`` of frame rows (consecutive frames no more than 1.5 hops apart).

    Parameters
    ----------
    t : ndarray, shape (n,)
        Frame times in s, increasing.

    Returns
    -------
    list of (int, int)
        Row ranges, in order; the hop is the median step between frames.
    """
    if t.size < 2:
        return [(0, int(t.size))] if t.size else []
    steps = np.diff(t)
    hop = float(np.median(steps))
    cuts = np.flatnonzero(steps > 1.5 * hop) + 1
    edges = [0, *cuts.tolist(), int(t.size)]
    return list(pairwise(edges))


def ring_masks() -> np.ndarray:
    """(bins, bins) mask: row ``k`` marks the bins 1.5-4 Hz either side of bin ``k`` (computed once).

    Returns
    -------
    ndarray of bool, shape (bins, bins)
        On the grid :data:`~tremor.core.features.PSD_FREQS`; shared, not to be changed.
    """
    global _RINGS
    if _RINGS is None:
        d = np.abs(PSD_FREQS[None, :] - PSD_FREQS[:, None])
        _RINGS = (d >= 1.5) & (d <= 4.0)
    return _RINGS


_RINGS: np.ndarray | None = None


def local_background(spectrum: np.ndarray, k: int) -> float:
    """Median of ``spectrum`` 1.5-4 Hz either side of bin ``k`` (finite bins only).

    Parameters
    ----------
    spectrum : ndarray, shape (bins,)
        A spectrum on :data:`~tremor.core.features.PSD_FREQS`.
    k : int
        The bin.

    Returns
    -------
    float
        The local background; NaN where no bin of the ring is finite.
    """
    ring = ring_masks()[k] & np.isfinite(spectrum)
    return float(np.median(spectrum[ring])) if ring.any() else float("nan")


def local_backgrounds(spectrum: np.ndarray, ks: np.ndarray) -> np.ndarray:
    """:func:`local_background` of each bin in ``ks`` at once (the same values: a median is a selection).

    Parameters
    ----------
    spectrum : ndarray, shape (bins,)
        A spectrum on :data:`~tremor.core.features.PSD_FREQS`.
    ks : ndarray of int
        The bins.

    Returns
    -------
    ndarray
        One local background per bin of ``ks`` (NaN where no bin of its ring is finite).
    """
    ring = ring_masks()[ks] & np.isfinite(spectrum)
    count = ring.sum(axis=1)
    ordered = np.sort(np.where(ring, spectrum, np.inf), axis=1)
    rows = np.arange(ks.size)
    lo = ordered[rows, np.maximum(count - 1, 0) // 2]
    hi = ordered[rows, count // 2]
    with np.errstate(invalid="ignore"):
        return np.where(count > 0, np.where(count % 2 == 1, lo, (lo + hi) / 2.0), np.nan)


def track_peak(block: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Frame-by-frame frequency (Hz) and line power ((m/s^2)^2) of the peak near bin ``k``.

    Parameters
    ----------
    block : ndarray, shape (frames, bins)
        Frame spectra on :data:`~tremor.core.features.PSD_FREQS`.
    k : int
        The bin the peak is near (the largest of bins ``k - 2`` to ``k + 2`` is taken per frame).

    Returns
    -------
    freq : ndarray, shape (frames,)
        The peak's frequency per frame, refined by a parabola through log power.
    power : ndarray, shape (frames,)
        The power within 0.75 Hz of bin ``k`` per frame.
    """
    nb = PSD_FREQS.size
    lo, hi = max(k - 2, 1), min(k + 3, nb - 1)
    ks = lo + np.argmax(block[:, lo:hi], axis=1)
    rows = np.arange(block.shape[0])
    with np.errstate(divide="ignore", invalid="ignore"):
        a = np.log(block[rows, ks - 1])
        b = np.log(block[rows, ks])
        c = np.log(block[rows, np.minimum(ks + 1, nb - 1)])
        den = a - 2 * b + c
        shift = np.where(den < 0, 0.5 * (a - c) / den, 0.0)
    df = float(PSD_FREQS[1] - PSD_FREQS[0])
    freq = PSD_FREQS[ks] + np.clip(np.nan_to_num(shift), -0.5, 0.5) * df
    near = np.abs(PSD_FREQS - PSD_FREQS[k]) <= 0.75
    return freq, np.nansum(block[:, near], axis=1) * df


def block_medians(psd: np.ndarray, starts: list[int], bn: int) -> list[np.ndarray]:
    """``np.median(psd[s:s + bn].astype(np.float64), axis=0)`` for each ``s`` in ``starts`` (the same values),
    many blocks at once along a contiguous axis.

    Each block's values are sorted in the spectra's own float type (casting to float64 keeps their
    order) and the middle one, or the two middle ones cast to float64 and averaged by the same
    ``(low + high) / 2`` as :func:`numpy.median`, is picked; a bin holding NaN in the block gives NaN,
    as there.

    Parameters
    ----------
    psd : ndarray, shape (frames, bins)
        Frame spectra.
    starts : list of int
        First frame row of each block.
    bn : int
        Frames per block.

    Returns
    -------
    list of ndarray
        One median spectrum (bins,) per block.
    """
    out: list[np.ndarray] = []
    if not starts:
        return out
    if psd.dtype.kind != "f" or bn < 1:
        psd = np.asarray(psd, dtype=np.float64)
    # each bin's frames in a row: a view where the spectra are stored bin by bin (a single-pass frame table);
    # where they are stored frame by frame (joined chunks), the frames of each group of blocks are copied bin
    # by bin first (the same values; gathering the blocks from that copy takes about half the CPU)
    by_bin = psd.T.flags.c_contiguous
    h = bn // 2
    for g in range(0, len(starts), 512):  # bounded memory
        at = np.asarray(starts[g : g + 512])
        lo = 0 if by_bin else int(at.min())
        rows = psd.T if by_bin else np.ascontiguousarray(psd[lo : int(at.max()) + bn].T)
        windows = np.lib.stride_tricks.sliding_window_view(rows, bn, axis=1)  # (bins, frames - bn + 1, bn)
        stack = windows[:, at - lo]  # (bins, blocks, bn), a copy
        stack.sort(axis=2)
        mid = stack[:, :, h].astype(np.float64)
        if bn % 2 == 0:
            mid += stack[:, :, h - 1]
            mid /= 2.0
        mid[np.isnan(stack[:, :, -1])] = np.nan  # sort puts NaN last
        out.extend(np.ascontiguousarray(mid.T))
    return out


def peak_near(med: np.ndarray, f0: float, tol: float) -> tuple[float, float] | None:
    """(frequency, prominence) of the largest local maximum of ``med`` within ``tol`` of ``f0``.

    Parameters
    ----------
    med : ndarray, shape (bins,)
        A (block-median) spectrum on :data:`~tremor.core.features.PSD_FREQS`.
    f0 : float
        Frequency in Hz to search around.
    tol : float
        Search half-width in Hz.

    Returns
    -------
    (float, float) or None
        The maximum's frequency (Hz) and its power over the :func:`local_background`; None
        where there is no local maximum or no positive background.
    """
    f = PSD_FREQS
    idx = np.flatnonzero(np.abs(f - f0) <= tol)
    idx = idx[(idx > 0) & (idx < f.size - 1)]
    best = None
    for k in idx.tolist():
        if (
            np.isfinite(med[k])
            and med[k] > med[k - 1]
            and med[k] >= med[k + 1]
            and (best is None or med[k] > med[best])
        ):
            best = k
    if best is None:
        return None
    bg = local_background(med, best)
    return (float(f[best]), float(med[best] / bg)) if bg > 0 else None


def true_runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """Runs ``[a, b)`` of True in a boolean mask.

    Parameters
    ----------
    mask : ndarray of bool, shape (n,)
        The mask.

    Returns
    -------
    list of (int, int)
        Index ranges of the True runs, in order.
    """
    idx = np.flatnonzero(np.diff(np.concatenate([[0], mask.astype(np.int8), [0]])))
    return list(zip(idx[::2].tolist(), idx[1::2].tolist()))
