"""Whether a still stay in a new pose has the rest's tremor level, as every tremor label would read it (issue 9).

:mod:`tremor.core.posture_shift` asks this of a still hold span before it calls it a rest in another posture or a
stay one wrist sensor cannot call: a stay whose 6-12 Hz tremor stands over the rest's is a hold, whatever its pose.
The stay's power is compared with the median of the rest frames outside it: its median at most :data:`REST_LEVEL`
times it, its means (over the stay, its last third, the span and the span's last third) at most
:data:`MEANS_LEVEL` times, no :data:`WINDOW_S` of it at :data:`WINDOW_LEVEL` times or more. Runs of frames over
the bound whose rise is broadband, as taps' (a phone checked in the pose), are left out of the means: they carry
no tremor label (:func:`tremor.core.tap_rise.taps_rise`).
"""

from __future__ import annotations

import numpy as np

from tremor.core.tap_rise import taps_rise

__all__ = ["REST_LEVEL", "MEANS_LEVEL", "WINDOW_S", "WINDOW_LEVEL", "MIN_AROUND_FRAMES", "at_rest_level"]

#: A stay's 6-12 Hz power (the median and the means over it, its last third, the span and the span's last third,
#: taps left out) at most this many times the rest's is the rest's tremor level: seated posture stays in the red
#: team's ``long_rests`` read 0.86-1.11x (median), their last thirds' means 1.02-1.40x; a raised hold's physiological
#: tremor over a supported rest's is 3.5-28x in its ``fatigue_holds`` and ``long_rests`` holds. Under the lowest last
#: third a ``fatigue_tremor`` label takes (2.45x its MEAN, over a rest at the sensor's noise floor,
#: :mod:`tremor.core.set_labels`), so no set whose tremor that label would fit is taken for rest.
REST_LEVEL = 2.0
#: ... and its means (over the stay, its last third, the span and the span's last third) at most this many times:
#: still under the lowest last third a ``fatigue_tremor`` label takes (2.45x, a test keeps it so), so no span taken
#: for rest could have been labelled a tremor. Not :data:`REST_LEVEL`: a mean scatters more than a median, and a
#: span's last third may hold only a few seconds of frames (a stay near the pose threshold reads as spans of 9-15 s):
#: stays at 1.0-1.2x the rest's RMS had such a mean at 2.03-2.07x in 2 of 1200 fresh draws (own physics, 100 Hz).
MEANS_LEVEL = 2.3
#: ... nor the mean over the stay, its last third, the span or the span's last third (a label reads means: a
#: tremor rising only in the last 5-20 % of a long hold lifts its last third's mean to 3-9x the rest's while its
#: median stays under 2x), and no mean over :data:`WINDOW_S` of its still frames is :data:`WINDOW_LEVEL` times the
#: rest's or more, a rise anywhere in it ...
WINDOW_S = 10.0
#: ... at the level a ``fatigue_tremor`` label needs over a rest above the noise floor (``FATIGUE_OVER_REST`` of
#: :mod:`tremor.core.set_labels`; a test keeps them equal). Not 2x: the 10 s means of
#: posture stays at 1.0-1.2x the rest's RMS (1.0-1.44x its power) reach 1.9-2.4x (own physics, 50-200 Hz).
WINDOW_LEVEL = 4.0
#: A stay is compared with the rest only where at least this many rest frames lie outside it (3 s at the 0.5 s hop;
#: :mod:`tremor.core.posture_shift` asks as many either side of it for the poses before and after it).
MIN_AROUND_FRAMES = 6


def _median(power: np.ndarray) -> float:
    finite = power[np.isfinite(power)]
    return float(np.median(finite)) if finite.size else np.nan


def _broadband(psd: np.ndarray, rows: np.ndarray, rest_psd: np.ndarray) -> bool:
    """Whether the frames ``rows`` rose over the rest as taps do, not as a tremor line (:func:`~tremor.core.tap_rise.taps_rise`)."""
    return taps_rise(np.nanmean(psd[rows].astype(np.float64), axis=0), rest_psd)


def _tapped(
    t: np.ndarray,
    power: np.ndarray,
    psd: np.ndarray | None,
    idx: np.ndarray,
    bound: float,
    outside: np.ndarray,
) -> np.ndarray:
    """Which of the frames ``idx`` lie in a rise over ``bound`` that is broadband (taps): each run of frames over it
    (joined across :data:`WINDOW_S` / 2 or less) is judged by its mean spectrum from its first to its last against
    the median spectrum of the rest frames ``outside``."""
    out = np.zeros(idx.size, bool)
    over = np.flatnonzero(power[idx] > bound)
    if psd is None or not over.size:
        return out
    rows = np.asarray(psd[outside], np.float64)
    rows = rows[np.isfinite(rows).all(axis=1)]  # (not nanmedian: its masked arrays cost 10x)
    if not rows.size:
        return out
    rest_psd = np.median(rows, axis=0)
    cuts = np.flatnonzero(np.diff(t[idx[over]]) > 0.5 * WINDOW_S) + 1
    for run in np.split(over, cuts):
        span = np.arange(run[0], run[-1] + 1)
        if _broadband(psd, idx[span], rest_psd):
            out[span] = True
    return out


def _window_means(t: np.ndarray, power: np.ndarray, idx: np.ndarray) -> np.ndarray:
    """The mean ``power`` of the frames ``idx`` in each :data:`WINDOW_S` from one of them that ends within them
    (the whole of them where they span less)."""
    if not idx.size:
        return np.empty(0)
    tt = t[idx]
    total = np.concatenate(([0.0], np.cumsum(power[idx])))
    starts = np.flatnonzero(tt + WINDOW_S <= tt[-1] + 1e-9)
    if not starts.size:
        return np.array([total[-1] / idx.size])
    ends = np.searchsorted(tt, tt[starts] + WINDOW_S, side="right")
    return (total[ends] - total[starts]) / (ends - starts)


def at_rest_level(
    t: np.ndarray,
    power: np.ndarray,
    still: np.ndarray,
    rest: np.ndarray,
    runs: tuple[tuple[int, int], tuple[int, int]],
    psd: np.ndarray | None,
    factor: float = 1.0,
) -> bool:
    """Whether a stay has the rest's tremor: its 6-12 Hz power at the rest's level wherever a tremor label reads it.

    Parameters
    ----------
    t : ndarray, shape (n_frames,)
        Frame times in s, increasing.
    power : ndarray, shape (n_frames,)
        6-12 Hz power of each frame, (m/s^2)^2 (NaN where unknown).
    still : ndarray of bool, shape (n_frames,)
        Frames whose wrist does not move.
    rest : ndarray of bool, shape (n_frames,)
        Rest frames; those outside the stay are its reference (their median power).
    runs : ((int, int), (int, int))
        The stay in its pose and the span in it: each its first frame and the frame after its last.
    psd : ndarray, shape (n_frames, n_freqs) or None
        Each frame's spectrum: runs of frames over the bound that rose broadband (taps) are left out of the means;
        without it none is.
    factor : float
        Scales every bound (a live session's estimate of the rest checks against 1.5 times them).

    Returns
    -------
    bool
        True where the stay's median is at most :data:`REST_LEVEL` times the rest's, its means at most
        :data:`MEANS_LEVEL` and its :data:`WINDOW_S` means at most :data:`WINDOW_LEVEL` times (taps left out); False
        where it is over, or where under :data:`MIN_AROUND_FRAMES` rest frames or 3 times that many still stay frames
        with a known power leave the comparison unmade.
    """
    (i0, i1), (a, b) = runs  # the stay in its pose, and the span in it
    outside = rest.copy()
    outside[i0:i1] = False
    inside = np.flatnonzero(still[i0:i1]) + i0
    inside = inside[np.isfinite(power[inside])]
    if np.count_nonzero(outside) < MIN_AROUND_FRAMES or inside.size < 3 * MIN_AROUND_FRAMES:
        return False
    rest_power = _median(power[outside])
    if not rest_power > 0:
        return False
    bound = factor * REST_LEVEL * rest_power
    if _median(power[inside]) > bound:
        return False
    # the labels read MEANS (tremor.core.classify): the last third's, which a tremor rising in its last seconds
    # lifts and the median does not, and the set's; taps (a phone checked in the pose) rise broadband, and
    # tap_sets withholds any tremor label from them, so they are left out
    means_bound = factor * MEANS_LEVEL * rest_power
    if _means_within(t, power, inside, (a, b), means_bound, factor * WINDOW_LEVEL * rest_power):
        return True
    tapped = _tapped(t, power, psd, inside, bound, outside)  # (only where needed: the rest's spectrum costs)
    return bool(tapped.any()) and _means_within(
        t, power, inside[~tapped], (a, b), means_bound, factor * WINDOW_LEVEL * rest_power
    )


def _means_within(
    t: np.ndarray,
    power: np.ndarray,
    rows: np.ndarray,
    span: tuple[int, int],
    bound: float,
    window_bound: float,
) -> bool:
    """Whether the means of ``power`` over ``rows``, their last third, those in ``span`` and their last third are at
    most ``bound``, and every :data:`WINDOW_S` mean of them at most ``window_bound``."""
    in_span = rows[(rows >= span[0]) & (rows < span[1])]
    for part in (rows, np.array_split(rows, 3)[2], in_span, np.array_split(in_span, 3)[2]):
        if part.size and float(power[part].mean()) > bound:
            return False
    means = _window_means(t, power, rows)
    return bool(means.size and float(means.max()) <= window_bound)
