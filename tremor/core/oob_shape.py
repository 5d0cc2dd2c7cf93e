"""The shape of an out-of-band line: a real spectral maximum over its own skirt, and a frequency held, not swept.

Two physical tests :mod:`tremor.core.episodes` applies before it calls a narrow out-of-band peak tremor (issue 9):

- :func:`skirt_prominence`: a candidate bin must stand over its own local skirt (its key col within the 2 s
  window's main lobe), so a bin of a skirt falling from slow movement (curl harmonics and leakage, cut by the
  3.25 Hz edge of the search band) is no peak, however far it stands over the 2-20 Hz median;
- :func:`frequency_sweep`: an episode's frequency trend must stay within what a tremor's wander shows, so a
  line sweeping past (a flywheel or motor spinning down) is no sustained rhythm.

And one :mod:`tremor.core.classify` applies to a set's peak: :func:`narrower_than_window`, a maximum narrower than the
2 s window's main lobe is no line seen through that window.
"""

from __future__ import annotations

import numpy as np

from tremor.core.features import PSD_FREQS

__all__ = [
    "OOB_SWEEP_MAX_HZ",
    "SKIRT_MIN_PROMINENCE",
    "SKIRT_NEAR_HZ",
    "SKIRT_REACH_HZ",
    "LINE_MIN_LOBE_SHARE",
    "frequency_sweep",
    "narrower_than_window",
    "skirt_prominence",
]

#: A line seen through the 2 s Hann window (zero-padded to the 0.25 Hz grid of :data:`PSD_FREQS`) keeps at least
#: 0.52 of its top bin's power in each bin beside it (0.25 Hz out, half a resolution bin: computed over
#: frequencies across a bin and phases); a mean over windows and axes keeps that bound. A maximum whose lower
#: neighbour holds under this share is narrower than the window's main lobe: no line but a pattern of leakage,
#: as windows all at one phase of a rowing stroke show (red team R3-1: the 3.25 Hz bin 11x and 33x its
#: neighbours, 0.09 and 0.03). A quarter sits halfway under the bound (noise on a weak line's lobe).
LINE_MIN_LOBE_SHARE = 0.25

#: A candidate must stand this many times over its own skirt: the higher of the lowest PSD from
#: :data:`SKIRT_NEAR_HZ` to :data:`SKIRT_REACH_HZ` below it and the lowest over that reach above it (a peak's key
#: col). A line falls to a quarter of its top one resolution bin (0.5 Hz) out and into the 2 s Hann window's
#: null 1 Hz out, so both troughs lie far under it; a bin of a skirt falling from slow movement (a curl's
#: harmonics and window leakage, monotone above 1.5 Hz) has the skirt itself, higher than the bin, on its
#: rising side. Issue 9's curls read "a narrow tremor peak at 3.2 Hz" from a 3.25 Hz bin 0.24x its trough on
#: this measure (1.02x its 3.0 Hz neighbour). Measured (``benchmarks/oob_physics_sweep.py`` recordings):
#: curls at 0.3-0.8 Hz, 60-130 deg, sinusoidal or a quick lift, at most 1.67 at any candidate of 80 sets' mean
#: spectra; out-of-band tremor (3.5-16 Hz, 0.03-0.06 m/s^2, 750 recordings) 2.2 or more in 99 % of its frames
#: and 2.8 or more in its set spectra but for 3.5 Hz at 0.03 m/s^2 on a curl's skirt (1.45-2.24, at the
#: detection limit). 2 (3 dB) sits between.
SKIRT_MIN_PROMINENCE = 2.0
#: How far either side of a candidate its trough is sought, Hz (the window's main lobe, 1 Hz, and a line's
#: half-width; as :data:`tremor.core.episodes.LEAK_SKIRT_HZ`).
SKIRT_REACH_HZ = 1.5
#: ... from this distance out, Hz: one bin of the 2 s window's own resolution (1 / 2 s). Bins closer hold the
#: zero-padded grid's interpolation between two of its points, where a steep skirt of movement harmonics
#: alternates by up to 2x bin to bin (issue 9's curls: 3.0, 3.25, 3.5 Hz at 1.4e-4, 3.0e-4, 7.1e-5); a line
#: falls to a quarter of its top (Hann, one resolution bin) there and into the null at 1 Hz.
SKIRT_NEAR_HZ = 0.5
#: A sustained rhythm holds its frequency: an episode whose hit frames' frequency trend (a least-squares line
#: through them, over the hits' span) moves by more than this, Hz, is a line sweeping past (a flywheel or motor
#: spinning down), not tremor. Measured on the hits (``|frequency_sweep|``): the real hand-held 5.5 Hz
#: oscillation of ``esp32-mpu6050-motor-tremor`` (frame frequency SD 0.3 Hz, 9-31 s episodes) 0.25 and 0.49 Hz;
#: the stress suite's out-of-band rest tremor (phase diffusion 0.2-0.5 Hz wide, 80 episodes up to 39 s) at most
#: 0.42 Hz; a rowing flywheel coasting down (``benchmarks/redteam`` rowing, seeds 1-3) 5.1 Hz in 13-18 Hz and
#: 1.85-1.87 Hz in 4-6 Hz within 9-10 s. Tremor frequency is stable over minutes (it falls by about 0.1 Hz a
#: year: Hellwig et al. 2009, Clin Neurophysiol 120:431), so three times the largest real trend measured here
#: bounds a tremor's; a line drifting 1 Hz in 10 s still passes (a limit: it cannot be told from wander).
OOB_SWEEP_MAX_HZ = 1.5


def skirt_prominence(psd: np.ndarray, bins: np.ndarray) -> np.ndarray:
    """Each row's PSD at its bin over its own skirt: the higher of the lowest PSD from :data:`SKIRT_NEAR_HZ` to
    :data:`SKIRT_REACH_HZ` below the bin and the lowest over that reach above it (a peak's topographic
    prominence within the window's main lobe and a line's width).

    A line's main lobe falls into the window's null 1 Hz either side, so both troughs lie far under its top; on a
    monotone skirt (movement harmonics and window leakage falling with frequency) the trough on the rising side
    is the skirt itself, above the bin, and the ratio stays under 1 whatever the alternation of the grid.

    Parameters
    ----------
    psd : ndarray, shape (n, PSD_FREQS.size)
        Spectra on :data:`PSD_FREQS`, (m/s^2)^2/Hz (NaN bins are left out of the troughs).
    bins : ndarray of int, shape (n,)
        The bin of :data:`PSD_FREQS` to measure in each row.

    Returns
    -------
    ndarray, shape (n,)
        ``psd[i, bins[i]]`` over the higher trough (inf where the trough is 0; NaN where a side has no finite
        bin or lies off the grid).
    """
    psd = np.atleast_2d(psd)
    bins = np.asarray(bins, dtype=np.intp)
    reach, near = _REACH, _NEAR
    last = psd.shape[1] - 1
    if bins.shape == (1,) and psd.shape[0] == 1 and near <= bins[0] <= last - near:
        return _one_prominence(psd[0], int(bins[0]), last)
    steps = np.arange(near, reach + 1)
    rows = np.arange(psd.shape[0])[:, None]
    # a bin past the grid's edge repeats the edge bin, which lies within reach anyway
    left = psd[rows, np.clip(bins[:, None] - steps[None, :], 0, last)]
    right = psd[rows, np.clip(bins[:, None] + steps[None, :], 0, last)]
    with np.errstate(all="ignore"):
        trough = np.fmax(np.fmin.reduce(left, axis=1), np.fmin.reduce(right, axis=1))
        ratio = np.where(trough > 0, psd[rows[:, 0], bins] / trough, np.where(trough == 0, np.inf, np.nan))
    ratio[(bins - near < 0) | (bins + near > last)] = np.nan  # a side with no bin at all
    return np.asarray(ratio, dtype=np.float64)


#: The trough's reach and its nearest bin from the candidate, in bins of :data:`PSD_FREQS`.
_REACH = int(round(SKIRT_REACH_HZ / float(PSD_FREQS[1] - PSD_FREQS[0])))
_NEAR = int(round(SKIRT_NEAR_HZ / float(PSD_FREQS[1] - PSD_FREQS[0])))


def _one_prominence(x: np.ndarray, b: int, last: int) -> np.ndarray:
    """:func:`skirt_prominence` of one spectrum ``x`` at a bin ``b`` with bins :data:`SKIRT_NEAR_HZ` out on both
    sides: the same values in the same dtype, read from slices (the grid's edge bin counted once, not repeated; a
    minimum is the same whatever the order or repeats) instead of the rows' gathered bins, most callers asking one."""
    with np.errstate(all="ignore"):
        trough = np.fmax(
            np.fmin.reduce(x[max(b - _REACH, 0) : b - _NEAR + 1]),
            np.fmin.reduce(x[b + _NEAR : min(b + _REACH, last) + 1]),
        )
        ratio = x[b] / trough if trough > 0 else (np.inf if trough == 0 else np.nan)
    return np.array([ratio], dtype=np.float64)


def frequency_sweep(t_s: np.ndarray, freq_hz: np.ndarray) -> float:
    """How far a line's frequency trends over its frames: the slope of a least-squares line through
    ``(t_s, freq_hz)`` times the frames' span (0 with fewer than 3 frames or no span).

    Parameters
    ----------
    t_s : ndarray
        Frame times in s.
    freq_hz : ndarray
        The line's frequency in each frame, Hz (NaN frames are left out).

    Returns
    -------
    float
        The trend's change over the span, Hz (negative where the frequency falls).
    """
    ok = np.isfinite(freq_hz) & np.isfinite(t_s)
    t, f = np.asarray(t_s, float)[ok], np.asarray(freq_hz, float)[ok]
    if t.size < 3 or not t[-1] > t[0]:
        return 0.0
    dt = t - t.mean()
    return float(np.sum(dt * (f - f.mean())) / np.sum(dt * dt) * (t[-1] - t[0]))


def narrower_than_window(spectrum: np.ndarray, hz: float) -> bool:
    """Whether the maximum of ``spectrum`` at ``hz`` is narrower than the frame window's main lobe.

    Parameters
    ----------
    spectrum : ndarray, shape (PSD_FREQS.size,)
        A PSD on :data:`PSD_FREQS` (a set's mean spectrum).
    hz : float
        The maximum's frequency, a bin of :data:`PSD_FREQS` with a bin either side.

    Returns
    -------
    bool
        True where a bin beside it holds under :data:`LINE_MIN_LOBE_SHARE` of its power (no line seen through
        the window); False otherwise, or where it lies at the grid's end.
    """
    k = int(np.argmin(np.abs(PSD_FREQS - hz)))
    if k < 1 or k + 1 >= PSD_FREQS.size or not spectrum[k] > 0:
        return False
    return bool(min(spectrum[k - 1], spectrum[k + 1]) < LINE_MIN_LOBE_SHARE * spectrum[k])
