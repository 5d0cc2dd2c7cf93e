"""A set's tremor peak: the maximum of its 6-12 Hz spectrum with its prominence, and the centroid.

Split from :mod:`tremor.core.classify` (which re-exports these names); used by batch set metrics and
by the live status (:mod:`tremor.core.stream`), so both report the same peak.
"""

from __future__ import annotations

import numpy as np

from tremor.core.features import PSD_FREQS
from tremor.core.spectral import BANDS, peak_frequency

__all__ = ["PEAK_MIN_PROMINENCE", "spectral_peak"]

#: A set's tremor peak: the largest local maximum of its 6-12 Hz spectrum that stands at least this
#: many times above the troughs either side of it (see :func:`spectral_peak`); else ``peak_hz`` is None.
PEAK_MIN_PROMINENCE = 2.0


def spectral_peak(spectrum: np.ndarray) -> tuple[float | None, float | None]:
    """The tremor peak of a spectrum on :data:`PSD_FREQS`: its frequency (Hz) and prominence.

    The peak is the largest local maximum in 6.25-11.75 Hz (higher than the bin below it and at least
    as high as the bin above, neighbours outside the band included, so a slope running in from
    outside the band is no peak), refined by a parabola through log-power. Its prominence is its
    PSD over the higher of the two troughs that separate it from higher ground on either side (the
    lowest PSD between it and the nearest higher bin, or the end of the 2-20 Hz spectrum): a bump
    on a slope has a prominence near 1. ``(None, None)`` where no local maximum has a prominence of
    at least :data:`PEAK_MIN_PROMINENCE`, or the band is not all finite.

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
    band = BANDS["physiological"].mask(f)
    if not np.all(np.isfinite(spectrum[band])):
        return None, None
    x = np.where(np.isfinite(spectrum), spectrum, 0.0).astype(np.float64)
    idx = np.flatnonzero(band)[1:]  # not the 6 Hz edge bin: out_of_band_peak may claim it (3.25-6 Hz)
    idx = idx[(idx > 0) & (idx < f.size - 1)]
    local = idx[(x[idx] > x[idx - 1]) & (x[idx] >= x[idx + 1])]
    best: tuple[float, int] | None = None
    for k in local.tolist():
        prominence = _prominence_ratio(x, k)
        if prominence >= PEAK_MIN_PROMINENCE and (best is None or x[k] > x[best[1]]):
            best = (prominence, k)
    if best is None:
        return None, None
    prominence, k = best
    lo, mid, hi = np.log(x[k - 1 : k + 2]) if np.all(x[k - 1 : k + 2] > 0) else (0.0, 0.0, 0.0)
    denom = lo - 2.0 * mid + hi
    shift = float(np.clip(0.5 * (lo - hi) / denom, -0.5, 0.5)) if denom < 0 else 0.0
    return float(f[k] + shift * (f[1] - f[0])), prominence


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


def _centroid_peak(spectrum: np.ndarray) -> float | None:
    """Tremor frequency of a spectrum: the power-weighted mean frequency of the physiological peak.

    The centroid over 5.5-13 Hz of the PSD above its noise floor (the median of 2-20 Hz). For one
    narrow peak this is the peak frequency; for a peak that drifts within the window (fatigue) it is
    the power-weighted mean of the drift, which a single spectral maximum would miss.
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
