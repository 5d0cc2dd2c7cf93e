"""A set's tremor peak: the maximum of its 6-12 Hz spectrum with its prominence, and the centroid.

Split from :mod:`tremor.core.classify` (which re-exports these names); used by batch set metrics and
by the live status (:mod:`tremor.core.stream`), so both report the same peak.
"""

from __future__ import annotations

import numpy as np

from tremor.core.features import PSD_FREQS
from tremor.core.spectral import BANDS, peak_frequency

__all__ = [
    "PEAK_MIN_PROMINENCE",
    "PEAK_SEARCH_HZ",
    "PEAK_FIT_SHARE",
    "PEAK_FIT_HALF_HZ",
    "PEAK_TOP_SHARE",
    "spectral_peak",
    "centroid_peak",
]

#: A set's tremor peak: the largest local maximum of its spectrum that stands at least this many times
#: above the troughs either side of it (see :func:`spectral_peak`); else ``peak_hz`` is None.
PEAK_MIN_PROMINENCE = 2.0
#: The maximum is sought over this range, wider than the 6-12 Hz band, so that a tremor line drifting
#: across a band edge is still seen as one line (its top bin may lie just outside the band while the
#: line's centre lies inside it) and is not replaced by a lesser bump on its skirt.
PEAK_SEARCH_HZ = (4.0, 14.0)
#: The peak's frequency is the vertex of a Gaussian (a parabola through log-power) fitted to the bins of
#: its hump down to this share of its top ...
PEAK_FIT_SHARE = 0.3
#: ... and no farther than this from the top bin. Physiological tremor is a line 1-3 Hz wide that
#: wanders: its top is flat, and a 3-point parabola on it scatters by 0.1-0.5 Hz; the fit uses the
#: whole upper part of the line (measured on the stress suite's drifting 1-3 Hz lines, 124 sets at
#: 50/100/200 Hz: median error 0.07 Hz, against 0.19 Hz for the 3-point parabola).
PEAK_FIT_HALF_HZ = 2.0
#: The fitted vertex is kept on the top of the hump: within the bins around the top bin at this share
#: of its PSD or more (the bin-to-bin scatter of a set's mean spectrum is about +-10 %), so the
#: reported peak never lies on a flank or in a trough.
PEAK_TOP_SHARE = 0.8


def spectral_peak(spectrum: np.ndarray) -> tuple[float | None, float | None]:
    """The tremor peak of a spectrum on :data:`PSD_FREQS`: its frequency (Hz) and prominence.

    Candidates are the local maxima in :data:`PEAK_SEARCH_HZ` (higher than the bin below and at
    least as high as the bin above) with a prominence of at least :data:`PEAK_MIN_PROMINENCE`. The
    prominence of a maximum is its PSD over the higher of the two troughs that separate it from
    higher ground on either side (the lowest PSD between it and the nearest higher bin, or the end of
    the 2-20 Hz spectrum): a bump on a slope or on the skirt of a larger line has a prominence near
    1. Each candidate's frequency is the vertex of a Gaussian fitted to its hump (a parabola through
    log-power over the bins down to :data:`PEAK_FIT_SHARE` of its top, at most
    :data:`PEAK_FIT_HALF_HZ` either side). The tremor peak is the highest candidate whose frequency
    rounds to a bin inside the 6-12 Hz band (6.125-11.875 Hz; the 6 Hz bin belongs to the
    out-of-band search, :func:`tremor.core.episodes.out_of_band_peak`). ``(None, None)`` where there
    is none, or the 6-12 Hz band is not all finite.

    Parameters
    ----------
    spectrum : ndarray, shape (PSD_FREQS.size,)
        PSD in (m/s^2)^2/Hz on :data:`PSD_FREQS`.

    Returns
    -------
    peak_hz : float or None
        Frequency of the peak in Hz.
    prominence : float or None
        Its PSD over the higher neighbouring trough (a ratio, >= :data:`PEAK_MIN_PROMINENCE`).
    """
    f = PSD_FREQS
    band = BANDS["physiological"]
    if not np.all(np.isfinite(spectrum[band.mask(f)])):
        return None, None
    x = np.where(np.isfinite(spectrum), spectrum, 0.0).astype(np.float64)
    half_bin = 0.5 * float(f[1] - f[0])
    idx = np.flatnonzero((f >= PEAK_SEARCH_HZ[0]) & (f <= PEAK_SEARCH_HZ[1]))
    idx = idx[(idx > 0) & (idx < f.size - 1)]
    local = idx[(x[idx] > x[idx - 1]) & (x[idx] >= x[idx + 1])]
    for k in sorted(local.tolist(), key=lambda i: -x[i]):
        prominence = _prominence_ratio(x, k)
        if prominence < PEAK_MIN_PROMINENCE:
            continue
        hz = _gaussian_vertex(x, k)
        if band.low_hz + half_bin <= hz <= band.high_hz - half_bin:
            return hz, prominence
    return None, None


def _gaussian_vertex(x: np.ndarray, k: int) -> float:
    """Frequency of the vertex of a parabola through log ``x`` over the hump around bin ``k``.

    The hump is the run of bins around ``k`` at or above :data:`PEAK_FIT_SHARE` of ``x[k]`` (at least
    two bins either side, at most :data:`PEAK_FIT_HALF_HZ`); the vertex is kept within half a bin of
    the hump's top (the bins at :data:`PEAK_TOP_SHARE` of ``x[k]`` or more), and is the top bin
    itself where the fit does not curve down or a value is not positive.
    """
    f = PSD_FREQS
    reach = int(round(PEAK_FIT_HALF_HZ / float(f[1] - f[0])))
    floor = PEAK_FIT_SHARE * x[k]
    lo = k
    while lo > max(k - reach, 0) and x[lo - 1] >= floor:
        lo -= 1
    hi = k
    while hi < min(k + reach, x.size - 1) and x[hi + 1] >= floor:
        hi += 1
    lo, hi = max(min(lo, k - 2), 0), min(max(hi, k + 2), x.size - 1)
    y = x[lo : hi + 1]
    if not np.all(y > 0):
        return float(f[k])
    u = f[lo : hi + 1] - f[k]
    c2, c1, _ = np.polyfit(u, np.log(y), 2)
    if not c2 < 0:
        return float(f[k])
    top_lo, top_hi = k, k
    while top_lo > lo and x[top_lo - 1] >= PEAK_TOP_SHARE * x[k]:
        top_lo -= 1
    while top_hi < hi and x[top_hi + 1] >= PEAK_TOP_SHARE * x[k]:
        top_hi += 1
    half_bin = 0.5 * float(f[1] - f[0])
    return float(np.clip(f[k] - c1 / (2.0 * c2), f[top_lo] - half_bin, f[top_hi] + half_bin))


def _prominence_ratio(x: np.ndarray, k: int) -> float:
    """``x[k]`` over its base: the higher of the lowest values between ``k`` and the nearest higher value on each side."""
    bases = []
    for step in (-1, 1):
        i, low = k + step, x[k]
        while 0 <= i < x.size and x[i] <= x[k]:
            low = min(low, x[i])
            i += step
        bases.append(low)
    base = max(bases)
    return float(x[k] / base) if base > 0 else float("inf")


def centroid_peak(spectrum: np.ndarray) -> float | None:
    """Tremor frequency of a spectrum: the power-weighted mean frequency of the physiological peak.

    The centroid over 5.5-13 Hz of the PSD above its noise floor (the median of 2-20 Hz). For one
    narrow peak this is the peak frequency; for a peak that drifts within the window (fatigue) it is
    the power-weighted mean of the drift, which a single spectral maximum would miss.

    Parameters
    ----------
    spectrum : ndarray
        PSD on the analysis grid ``PSD_FREQS``.

    Returns
    -------
    float or None
        Frequency in Hz; None where the physiological band of the spectrum is not finite.
    """
    band = BANDS["physiological"]
    if not np.all(np.isfinite(spectrum[band.mask(PSD_FREQS)])):
        return None
    near = (PSD_FREQS >= 5.5) & (PSD_FREQS <= 13.0)
    floor = float(np.nanmedian(spectrum[(PSD_FREQS >= 2.0) & (PSD_FREQS < 20.0)]))
    weights = np.clip(spectrum[near] - floor, 0.0, None)
    if not np.isfinite(weights).all() or weights.sum() <= 0:
        return float(peak_frequency(PSD_FREQS, spectrum.astype(np.float64), band))
    return float(np.sum(PSD_FREQS[near] * weights) / weights.sum())
