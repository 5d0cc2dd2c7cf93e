"""Which multiples of an arm's stride rate carry a bout's 8-13 Hz lines: a run's steps, or the arm's own swing.

A runner's arms swing once per stride while the body bounces and the feet strike twice, once per step (each
arm with the opposite leg): the bounce's harmonics lie at the step rate's multiples, the even multiples of the
stride rate the wrist's cadence reads. An arm swung on its own at the same rate (jumping jacks, shadow boxing, a
pump of the arms) has smooth harmonics at every multiple of its cadence, odd and even alike, falling smoothly with
the multiple. :func:`step_parity` compares each even multiple's line in 8-13 Hz (above the swing's own strong
lines, below the footfall ring) with its odd neighbours, which cancels a smooth fall.

Measured (4 s frame spectra, 100 Hz, median over a bout's frames at a stride-rate cadence): tests/core/run_physics.py
runs at 2.4-3.4 steps/s 0.24-1.20 (seeds 1-6, 20 bouts), the red team's run_holds (seed 41 at 100 Hz, 43 at 200 Hz)
0.33-0.60; arm swings at 1.35-1.56 Hz with harmonics falling as k^-1.3 to k^-2.5 up to 15-25 Hz and no feet
-0.03 to -0.01 (12 bouts). In 13-18 Hz the figure does not separate them (the red team's run_holds seed 41 first
run -0.05: its footfalls are broadband there, and the watch's turn with the swing puts the bounce's lines beside
the odd multiples).

Where the bounce leads and the cadence reads the step rate itself, the stride shows the other way round: the arm's
swing once a stride (and the left and right steps' difference) puts lines half-way between the step rate's
multiples (:func:`stride_lines`). A skipping rope has none there: the hands turn the rope once a jump and both
feet land together each turn, one landing per wrist cycle, so every line lies at a multiple of the turn rate
(issue 9, red team vigorous seed 81: a rope at 2.1 turns/s with landings of 5-15 m/s^2 read as a run).
"""

from __future__ import annotations

import numpy as np

from tremor.core._rolling import median1
from tremor.core.features import PSD_FREQS

__all__ = ["RUN_MIN_STEP_PARITY", "RUN_MIN_STRIDE_LINES", "step_parity", "stride_lines"]

#: A bout at a stride rate is a run only where its 8-13 Hz even multiples of the stride rate stand at least this
#: far (log10 of power) over the geometric mean of their odd neighbours (:func:`step_parity`): runs 0.24-1.20,
#: arm swings without feet at most -0.01 (module docstring).
RUN_MIN_STEP_PARITY = 0.1

#: A bout whose cadence reads above a stride rate (a step rate) is a run only where its spectrum half-way between
#: the multiples of that rate stands at least this high (log10 of power) against the lines beside it, at the two
#: lowest such points in 2-10 Hz, where the stride's strong low harmonics lie (:func:`stride_lines`).
#: tests/core/run_physics.py at 50-200 Hz: runs read at 2.3-3.0 steps/s -0.90 to -0.20 (42 bouts; the median over
#: all half-way points to 10 Hz, where the footfalls' broadband ring fills the valleys, reached -1.24), its
#: skipping rope at 1.8-2.6 turns/s (landings of 2-10 m/s^2) -3.09 to -1.80 (76 bouts; shallowest at 1.8 turns/s,
#: where a 2 s window's main lobe reaches half-way); the red team's vigorous jump rope (2.0-2.4 turns/s, seeds
#: 41-45 and 81, 90, 91 at 50-200 Hz) -2.29 to -1.67.
RUN_MIN_STRIDE_LINES = -1.35
#: :func:`stride_lines` reads this many of the lowest half-way points
_HALF_POINTS = 2

_BAND_HZ = (8.0, 13.0)
#: :func:`stride_lines` reads its half-way points between 2 Hz and this
_HALF_TOP_HZ = 10.0
#: the stride rate is read from the comb over these multiples (the swing's and bounce's strong lines) ...
_LOCK_HZ = (2.0, 10.0)
#: ... at rates this far (Hz) either side of the frame's cadence, in these steps
_LOCK_TOL_HZ = 0.1
_LOCK_STEP_HZ = 0.02
_OFFSETS = np.arange(-_LOCK_TOL_HZ, _LOCK_TOL_HZ + 1e-9, _LOCK_STEP_HZ)


def step_parity(psd: np.ndarray, cadence_hz: np.ndarray) -> float:
    """Median over frames of how far a bout's 8-13 Hz lines at even multiples of the stride rate stand over the
    odd ones beside them (log10 of power).

    Parameters
    ----------
    psd : ndarray, shape (n_frames, PSD_FREQS.size)
        Frame spectra on :data:`tremor.core.features.PSD_FREQS`, (m/s^2)^2/Hz (NaN above what the rate can show).
    cadence_hz : ndarray, shape (n_frames,)
        The frames' movement cadence (Hz), read as the stride rate.

    Returns
    -------
    float
        For each frame with a finite cadence whose spectrum shows every line used: the stride rate is the rate
        within 0.1 Hz of the cadence whose multiples in 2-10 Hz stand highest over their midpoints (mean log10
        contrast); then the median, over the even multiples ``k`` of that rate in 8-13 Hz, of log10 of the
        spectrum at ``k`` over the geometric mean of the spectrum at ``k - 1`` and ``k + 1``. The median of that
        over the frames; NaN where no frame qualifies (the parity cannot be judged).
    """
    psd = np.asarray(psd, np.float64)
    cadence_hz = np.asarray(cadence_hz, np.float64)
    values = []
    for spec, cadence in zip(psd, cadence_hz):
        if not np.isfinite(cadence) or cadence <= _LOCK_TOL_HZ:
            continue
        rates = cadence + _OFFSETS
        top = _BAND_HZ[1] + rates[-1]  # the odd neighbour above the highest even multiple in the band
        shown = np.less_equal(PSD_FREQS, top)
        if top > PSD_FREQS[-1] or not np.isfinite(spec[shown]).all():
            continue
        log = np.log10(np.maximum(spec, max(float(np.max(spec[shown])) * 1e-12, 1e-30)))
        rate = _lock(log, float(cadence), rates)
        k = np.arange(np.ceil(_BAND_HZ[0] / rate), np.floor(_BAND_HZ[1] / rate) + 1)
        k = k[k % 2 == 0]
        if k.size == 0:
            continue
        even = np.interp(k * rate, PSD_FREQS, log)
        odd = 0.5 * (np.interp((k - 1) * rate, PSD_FREQS, log) + np.interp((k + 1) * rate, PSD_FREQS, log))
        values.append(float(median1(even - odd)))
    return float(median1(np.asarray(values))) if values else float("nan")


def _lock(log: np.ndarray, cadence: float, rates: np.ndarray) -> float:
    """The first of ``rates`` whose multiples in :data:`_LOCK_HZ` stand highest over their midpoints in the log
    spectrum ``log`` (mean log10 contrast), all rates read at once; ``cadence`` where none can be read."""
    lo, hi = np.ceil(_LOCK_HZ[0] / rates), np.floor(_LOCK_HZ[1] / rates)
    k = np.arange(lo.min(), hi.max() + 1)
    used = (k >= lo[:, None]) & (k <= hi[:, None])
    at = np.concatenate([k * rates[:, None], (k + 0.5) * rates[:, None], (k - 0.5) * rates[:, None]])
    on, up, down = np.split(np.interp(at, PSD_FREQS, log), 3)
    with np.errstate(invalid="ignore", divide="ignore"):
        contrast = np.where(used, on - 0.5 * (up + down), 0.0).sum(axis=1) / used.sum(axis=1)
    contrast[~np.isfinite(contrast)] = -np.inf
    return float(rates[int(np.argmax(contrast))]) if np.isfinite(contrast).any() else cadence


def _log_spectrum(mean: np.ndarray, shown: np.ndarray) -> np.ndarray:
    """log10 of a spectrum with a floor of 1e-12 of its shown top (at least 1e-30)."""
    return np.log10(np.maximum(mean, max(float(np.max(mean[shown])) * 1e-12, 1e-30)))


def _locked_rate(log: np.ndarray, cadence: float, top_hz: float) -> float:
    """The rate within 0.16 Hz of ``cadence`` (0.02 Hz apart) whose multiples in 2 Hz to ``top_hz`` stand highest
    over their midpoints (mean log10 contrast)."""
    best, rate = -np.inf, cadence
    for r in cadence + np.arange(-0.16, 0.16 + 1e-9, 0.02):
        k = np.arange(np.ceil(2.0 / r), np.floor(top_hz / r) + 1)
        on = np.interp(k * r, PSD_FREQS, log)
        mid = 0.5 * (np.interp((k + 0.5) * r, PSD_FREQS, log) + np.interp((k - 0.5) * r, PSD_FREQS, log))
        contrast = float(np.mean(on - mid))
        if contrast > best:
            best, rate = contrast, float(r)
    return rate


def stride_lines(psd: np.ndarray, cadence_hz: np.ndarray) -> float:
    """How high a bout's spectrum stands half-way between the multiples of its cadence, against the lines beside
    (log10 of power): a stride's lines where the cadence reads a step rate.

    Parameters
    ----------
    psd : ndarray, shape (n_frames, PSD_FREQS.size)
        Frame spectra on :data:`tremor.core.features.PSD_FREQS`, (m/s^2)^2/Hz (NaN above what the rate can show).
    cadence_hz : ndarray, shape (n_frames,)
        The frames' movement cadence (Hz), read as the step rate.

    Returns
    -------
    float
        Over the frames' mean spectrum, with the rate locked within 0.16 Hz of the median cadence to the comb
        that stands highest over its midpoints in 2-10 Hz: the mean, over the two lowest half-way points
        ``(k + 1/2)`` times the rate in 2-10 Hz, of log10 of the spectrum there less the mean of log10 of the
        spectrum at the multiples ``k`` and ``k + 1`` beside it. NaN without frames, without a finite cadence or where the
        spectra cannot show the lines (not judged).
    """
    psd = np.asarray(psd, np.float64)
    cadence = np.asarray(cadence_hz, np.float64)
    cadence = cadence[np.isfinite(cadence)]
    if psd.shape[0] == 0 or cadence.size == 0 or median1(cadence) <= 0.5:
        return float("nan")
    rate0 = float(median1(cadence))
    mean = np.mean(psd, axis=0)
    top = _HALF_TOP_HZ + rate0 + 0.2
    shown = np.less_equal(PSD_FREQS, top)
    if not np.isfinite(mean[shown]).all() or PSD_FREQS[-1] < top:
        return float("nan")
    log = _log_spectrum(mean, shown)
    rate = _locked_rate(log, rate0, _HALF_TOP_HZ)
    k = np.arange(np.ceil(2.0 / rate - 0.5), np.floor(_HALF_TOP_HZ / rate - 0.5) + 1)
    half = np.interp((k + 0.5) * rate, PSD_FREQS, log)
    beside = 0.5 * (np.interp(k * rate, PSD_FREQS, log) + np.interp((k + 1) * rate, PSD_FREQS, log))
    return float(np.mean((half - beside)[:_HALF_POINTS]))
