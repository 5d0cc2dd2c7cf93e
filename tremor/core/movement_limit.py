"""The twitch detection limit the movement rule sets: the smallest reference twitch it lets through (issue 9).

The twitch finder calls a candidate the edge of a movement when the 0-3 Hz part's excursion from a straight line
within ``SLOW_WINDOW_S`` of its peak (:func:`tremor.core.twitch_noise.slow_excursion`) exceeds ``SLOW_FACTOR``
times its band-passed peak. On a still wrist that excursion is a few thousandths of a m/s^2, far under what a
twitch at the threshold peaks at; on a forearm swaying 1-3 deg at 0.1-1 Hz it is 0.02-0.1 m/s^2, and true
twitches of 0.1-0.5 m/s^2 were taken for movement while the stated limit did not rise (FINDINGS.md, h-rev4).

The relation, derived rather than fitted: a twitch of peak ``A`` (m/s^2, the reference shape) adds to the
window's 0-3 Hz part its own slow part, whose excursion is ``A e`` (:func:`twitch_slow_excursion`); half a
peak-to-peak range is subadditive and the vector norm obeys the triangle inequality, so the candidate's excursion
is at most ``E + A e``, ``E`` the background's own. Its band-passed peak is ``A g`` (``g`` the band-passed
envelope's peak per m/s^2 of the reference twitch). The rule lets it through for sure once ``E + A e <= F A g``
(``F`` = ``SLOW_FACTOR``), that is from ``A = E / (F g - e)``. A block's ``E`` is the largest excursion of the
windows centred on its samples (taken every few samples, :func:`grid_step`), so the bound holds wherever in the
block the twitch falls.

Each window's excursion depends on that window's samples only, and each sample of the 0-3 Hz part on its own
input (:meth:`tremor.core.twitch_signal.HeldFilter.window`): batch and live get the same limits.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from tremor.core.twitch_noise import slow_excursions
from tremor.core.twitch_signal import REFERENCE_SIGMA_S, SMOOTH_S, slow_fir, twitch_fir

__all__ = ["GRID_HZ", "grid_excursions", "grid_step", "movement_limit", "twitch_slow_excursion"]

#: The windows of a block are centred on every ``grid_step``-th sample, and their 0-3 Hz part read at those
#: samples only: at least this many a second (the 0-3 Hz part moves little between them; a range read every
#: 25 ms misses at most 1 - cos(pi 3 / 40), under 3 %, of a 3 Hz swing, under 0.3 % of a 1 Hz one). Measured on
#: swinging rests (tests/core/test_twitch_sway_limit.py): each block's limit 0.97-1.0x the bound taken at every
#: sample, but a segment's last block, whose windows miss up to a step of the last samples, where the held last
#: sample bends the 0-3 Hz part (0.87x at the lowest).
GRID_HZ = 40.0


def grid_step(fs: float, block: int) -> int:
    """Samples between the grid's points: the largest divisor of ``block`` no more than ``fs / GRID_HZ``.

    A divisor of the block, so every block (aligned to the segment's first sample) starts on the grid.

    Parameters
    ----------
    fs : float
        Sampling rate in Hz.
    block : int
        Samples per block of the twitch finder.

    Returns
    -------
    int
        The step, at least 1.
    """
    top = max(int(fs // GRID_HZ), 1)
    return max(d for d in range(1, top + 1) if block % d == 0)


@lru_cache(maxsize=8)
def twitch_slow_excursion(fs: float, reach: int) -> float:
    """The reference twitch's own 0-3 Hz excursion per m/s^2 of its peak, as the movement rule measures it.

    The reference twitch (a Gaussian-derivative pulse of width
    :data:`~tremor.core.twitch_signal.REFERENCE_SIGMA_S`, peak 1 m/s^2) through the 0-3 Hz low-pass
    (:func:`~tremor.core.twitch_signal.slow_fir`), over ``reach`` samples either side of the peak of its band-passed
    envelope (the causal :data:`~tremor.core.twitch_signal.SMOOTH_S` RMS, as the finder's), less its straight line:
    half its range. About 0.08 m/s^2 per m/s^2 at 50-200 Hz, a tenth of its band-passed peak.

    Parameters
    ----------
    fs : float
        Sampling rate in Hz.
    reach : int
        Samples either side of the peak in the movement rule's window.

    Returns
    -------
    float
        The excursion in m/s^2 per m/s^2 of the twitch's peak.
    """
    s = REFERENCE_SIGMA_S
    t = np.arange(-5 * s, 5 * s + 0.5 / fs, 1.0 / fs)
    pulse = -t / s * np.exp(-((t / s) ** 2) / 2) / np.exp(-0.5)
    taps = twitch_fir(fs)
    pad = max(reach, taps.size) + 1
    x = np.concatenate([np.zeros(pad), pulse, np.zeros(2 * pad)])
    band = np.convolve(x, taps, "same")
    width = max(round(SMOOTH_S * fs), 1)
    env = np.convolve(band * band, np.ones(width), "full")[: x.size]  # causal moving sum
    k = int(np.argmax(env))
    slow = np.convolve(x, slow_fir(fs), "same")[max(k - reach, 0) : k + reach + 1]
    return float(grid_excursions(slow[:, None] * np.array([1.0, 0.0, 0.0]), (slow.size - 1) // 2)[0])


def grid_excursions(grid: np.ndarray, half: int) -> np.ndarray:
    """:func:`~tremor.core.twitch_noise.slow_excursion` of each window of ``2 half + 1`` consecutive rows.

    Rows holding NaN (no data there: before a segment's start or after its end) are left out of their windows;
    a window of fewer than 3 rows has excursion 0. Each window's value is reduced over its own rows only
    (element-wise products, sums along a contiguous axis; a window is taken whole, or at a segment's edge cut to its own rows),
    whatever the number of windows.

    Parameters
    ----------
    grid : ndarray, shape (m, 3)
        The 0-3 Hz part at the grid's points, m/s^2.
    half : int
        Points either side of each window's centre.

    Returns
    -------
    ndarray, shape (m - 2 half,)
        The excursion of the window centred on each row ``half .. m - half - 1``, m/s^2.
    """
    grid = np.asarray(grid, dtype=np.float64).reshape(-1, 3)
    n = 2 * half + 1
    if grid.shape[0] < n:
        return np.zeros(0)
    finite = np.isfinite(grid)
    finite = finite[:, 0] & finite[:, 1] & finite[:, 2]
    count = grid.shape[0] - n + 1
    out = np.zeros(count)
    whole = None  # every window whole: the common case
    runs: list[tuple[int, int]] = [(0, count)]
    if not finite.all():
        held = np.concatenate([[0], np.cumsum(finite)])
        whole = held[n:] - held[:-n] == n  # every row of the window finite
        step = np.diff(np.concatenate([[0], whole.view(np.int8), [0]]))
        # runs of whole windows (one run but where the grid is NaN at a segment's edges)
        runs = list(zip(np.flatnonzero(step == 1).tolist(), np.flatnonzero(step == -1).tolist()))
    for r0, r1 in runs:
        for a in range(r0, r1, _PASS):  # a pass at a time
            stop = min(a + _PASS, r1)
            out[a:stop] = _whole(grid[a : stop + n - 1], n)
    if whole is not None and not whole.all():
        part = ~whole
        ok = np.lib.stride_tricks.sliding_window_view(finite, n)  # (count, n)
        win = np.lib.stride_tricks.sliding_window_view(grid, n, axis=0)  # (count, 3, n), a view
        # at a segment's edges: the kept rows of such a window are one run (the grid is NaN only before the segment's
        # start or after its end), a shorter window of its own
        out[part] = slow_excursions([w.T[keep] for w, keep in zip(win[part], ok[part])])
    return out


#: Whole windows whose excursions are computed in one pass: the temporaries stay in the cache (each window's value is
#: its own, whatever the pass).
_PASS = 1024


def _whole(rows: np.ndarray, n: int) -> np.ndarray:
    """Excursions of the whole windows of ``n`` consecutive ``rows`` (m, 3): the range of each axis less its
    least-squares slope (the mean does not change a range; positions centred, so the slope needs no centred values).

    The slope's products are summed along a contiguous axis (each window's sum in numpy's own order); the residuals
    are laid out position first, so their range is taken by element-wise maxima and minima over positions (a maximum
    is the same value in any order).
    """
    count = rows.shape[0] - n + 1
    u = np.arange(n, dtype=np.float64) - 0.5 * (n - 1)
    prod = np.empty((count, 3, n))
    np.multiply(np.lib.stride_tricks.sliding_window_view(rows, n, axis=0), u, out=prod)
    slope = prod.sum(axis=2) / float(u @ u)
    # resid[k, c] = rows[c + k] - slope[c] u[k], the same products and differences as window by window
    resid = np.empty((n, count, 3))
    np.multiply(slope, u[:, None, None], out=resid)
    np.subtract(
        np.lib.stride_tricks.sliding_window_view(rows, count, axis=0).transpose(0, 2, 1), resid, out=resid
    )
    span = resid.max(axis=0) - resid.min(axis=0)
    return np.asarray(0.5 * np.sqrt((span * span).sum(axis=1)))


def movement_limit(excursion: np.ndarray, amp_gain: float, slow_gain: float, factor: float) -> np.ndarray:
    """The smallest reference twitch (m/s^2) the movement rule surely lets through over a background's excursion.

    ``excursion / (factor amp_gain - slow_gain)`` (see the module's text); infinite where the twitch's own slow
    part alone could trip the rule (``factor amp_gain <= slow_gain``); 0 where the excursion is 0.

    Parameters
    ----------
    excursion : ndarray
        The background's largest slow excursion over the block's windows, m/s^2.
    amp_gain : float
        Band-passed envelope peak per m/s^2 of the reference twitch.
    slow_gain : float
        The reference twitch's own slow excursion per m/s^2 (:func:`twitch_slow_excursion`).
    factor : float
        The movement rule's factor (``SLOW_FACTOR``).

    Returns
    -------
    ndarray
        The limit in m/s^2, one per background.
    """
    den = factor * amp_gain - slow_gain
    exc = np.asarray(excursion, dtype=np.float64)
    if den <= 0:
        return np.where(exc > 0, np.inf, 0.0)
    return exc / den
