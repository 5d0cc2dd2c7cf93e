"""A set's tremor peak: the maximum of its 6-12 Hz spectrum with its prominence and uncertainty, and the centroid.

Split from :mod:`tremor.core.classify` (which re-exports these names); used by batch set metrics and
by the live status (:mod:`tremor.core.stream`), so both report the same peak.

Size (issue 8): about 650 lines as one job, placing a tremor line and saying how well it is placed: the
search (with its band-edge rule, :func:`_edge_skirt`), the Lorentzian fit with its analytic Jacobian, its standard error from the window spectra, the drift
term (:func:`drift_sd`) and the asymmetry term (:func:`_tilt_shift`) share the fit's helpers and constants, and half of the lines are the measured reasons
for them; split, each part would import the others' private steps.
"""

from __future__ import annotations

from functools import cache

import numpy as np
from scipy.optimize import least_squares

from tremor.core.features import PSD_FREQS, FrameConfig
from tremor.core.memo import ArrayMemo
from tremor.core.spectral import BANDS, peak_frequency

__all__ = [
    "PEAK_MIN_PROMINENCE",
    "PEAK_SEARCH_HZ",
    "PEAK_FIT_SHARE",
    "PEAK_FIT_HALF_HZ",
    "PEAK_TOP_SHARE",
    "PEAK_LINE_REACH_HZ",
    "spectral_peak",
    "spectral_peak_sd",
    "drift_sd",
    "centroid_peak",
]

#: A set's tremor peak: the largest local maximum of its spectrum that stands at least this many times
#: above the troughs either side of it (see :func:`spectral_peak`); else ``peak_hz`` is None.
PEAK_MIN_PROMINENCE = 2.0
#: The maximum is sought over this range, wider than the 6-12 Hz band, so that a tremor line drifting
#: across a band edge is still seen as one line (its top bin may lie just outside the band while the
#: line's centre lies inside it) and is not replaced by a lesser bump on its skirt.
PEAK_SEARCH_HZ = (4.0, 14.0)
#: Where the line fit (:data:`PEAK_LINE_REACH_HZ`) fails, the peak's frequency is the vertex of a
#: Gaussian (a parabola through log-power) fitted to the bins of its hump down to this share of its top ...
PEAK_FIT_SHARE = 0.3
#: ... and no farther than this from the top bin. Physiological tremor is a line 1-3 Hz wide that
#: wanders: its top is flat, and a 3-point parabola on it scatters by 0.1-0.5 Hz; the fit uses the
#: whole upper part of the line (measured on the stress suite's drifting 1-3 Hz lines, 124 sets at
#: 50/100/200 Hz: median error 0.07 Hz, against 0.19 Hz for the 3-point parabola).
PEAK_FIT_HALF_HZ = 2.0
#: The fitted centre is kept on the top of the hump: within the bins around the top bin at this share
#: of its PSD or more (the bin-to-bin scatter of a set's mean spectrum is about +-10-16 %), so the
#: reported peak never lies on a flank or in a trough ...
PEAK_TOP_SHARE = 0.8
#: ... where the top may dip to this share between its highest bins (the scatter of one realisation of a
#: wide line over a 40 s set can split its top in two humps; a deeper dip is a trough between two peaks).
PEAK_DIP_SHARE = 0.6


#: The line's centre is the centre of a Lorentzian line over a constant floor, fitted in log-power to
#: the run of bins around the line's top bin down to :data:`PEAK_LINE_SHARE` of it, within this
#: distance: physiological and fatigue tremor is a resonance driven by noise (a line 1-3 Hz wide,
#: Lorentzian near its top), and fitting its shape down its skirts uses more of the bins that carry
#: it than a parabola on its top. The Gaussian fit to the top (:data:`PEAK_FIT_SHARE`) stays the
#: fallback where the line fit fails.
PEAK_LINE_REACH_HZ = 3.0
#: ... down to this share of the top bin: deep enough to use the skirts, shallow enough that a line
#: drifting 2 Hz through a set (a skewed spectrum: a sharp end and a long shoulder) is fitted by its
#: top, not pulled into its shoulder. On the stress suite's lines (60 sets at each of 50/100/200 Hz)
#: fits down to 0, 0.1, 0.2 and 0.3 put 12, 12, 14 and 21 of 174 sets over 0.2 Hz from the truth (the
#: Gaussian top fit 17); on the project simulator's sample session (a 10.1 -> 7.9 Hz drift, spectral
#: top near 8.27 Hz) they give 8.63, 8.48, 8.32 and 8.27 Hz.
PEAK_LINE_SHARE = 0.2
#: A higher line whose fitted centre lies outside the band (rounding to its edge bin) but no farther than this
#: beyond its edge (the frames' 2 s Hann window's +-1 Hz main lobe: a fatigue tremor drifting down to
#: 5.5-6 Hz, issue 9), and whose bins down to the band's nearest inside bin stay at :data:`PEAK_LINE_SHARE`
#: of its top or more (the band's edge lies within the line as its fit sees it), reaches into the band ...
PEAK_EDGE_LINE_HZ = 1.0
#: ... and an in-band maximum lower than that skirt by this factor or more (the factor a peak must stand
#: above its troughs, :data:`PEAK_MIN_PROMINENCE`) is a lesser bump far below it, not the band's tremor peak:
#: there is none (the band's maximum is the edge line's skirt). Measured: a fatigue tremor at 6.0-6.1 Hz
#: over a resting 9-10 Hz tremor (the red team's slow eccentrics, R3-6) 40-180x, the line's skirt at 6.25 Hz
#: 0.9 of its top; a narrow 5.5 Hz machine line 20x over a genuine 8.5 Hz hump (as on the ESP32 motor rig,
#: ``tests/core/test_peak.py``) holds 0.1 of its top at 6.25 Hz: not an edge line, the hump stays the peak.
PEAK_EDGE_FAR = PEAK_MIN_PROMINENCE


def spectral_peak(spectrum: np.ndarray) -> tuple[float | None, float | None]:
    """The tremor peak of a spectrum on :data:`PSD_FREQS`: its frequency (Hz) and prominence.

    :func:`spectral_peak_sd` without the uncertainty (see there for the rule).

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
    spectrum = np.asarray(spectrum, dtype=np.float64)
    return _MEMO_PEAK.get(spectrum, None, lambda: _peak(spectrum, None, FrameConfig())[:2])


def spectral_peak_sd(
    frame_psd: np.ndarray, config: FrameConfig = FrameConfig()
) -> tuple[float | None, float | None, float | None]:
    """The tremor peak of the mean of frame spectra on :data:`PSD_FREQS`: its frequency, prominence and standard error.

    Candidates are the local maxima in :data:`PEAK_SEARCH_HZ` (higher than the bin below and at
    least as high as the bin above) with a prominence of at least :data:`PEAK_MIN_PROMINENCE`. The
    prominence of a maximum is its PSD over the higher of the two troughs that separate it from
    higher ground on either side (the lowest PSD between it and the nearest higher bin, or the end of
    the 2-20 Hz spectrum): a bump on a slope or on the skirt of a larger line has a prominence near
    1. Each candidate's frequency is the centre of a Lorentzian line over a constant floor fitted in
    log-power within :data:`PEAK_LINE_REACH_HZ` of its top bin (where that fit fails, the vertex of
    a Gaussian fitted to the hump's top, :data:`PEAK_FIT_SHARE`), kept within half a bin of the
    hump's top (the bins at :data:`PEAK_TOP_SHARE` of the top or more). The tremor peak is the
    highest candidate whose frequency rounds to a bin inside the 6-12 Hz band (6.125-11.875 Hz; the
    6 Hz bin belongs to the out-of-band search, :func:`tremor.core.episodes.out_of_band_peak`), unless a
    higher candidate centred outside the band, within :data:`PEAK_EDGE_LINE_HZ` of its edge, holds a skirt
    in the band (its lowest PSD from its top to the band's nearest inside bin, at :data:`PEAK_LINE_SHARE` of
    its top or more) :data:`PEAK_EDGE_FAR` times that candidate's top or more: the band's maximum is then that line's skirt, and a bump far below it (a
    resting tremor beside a fatigue tremor drifted to 6 Hz) is not the set's tremor peak, so there is none.
    ``(None, None, None)`` where there is none, or the 6-12 Hz band is not all finite.

    The standard error is that of the fitted centre, the spectrum being the mean of the frames
    (Hann windows of ``config`` overlapping by ``window_s - hop_s``): each bin's mean scatters by
    the spread of its frames (their variance over their mean squared, over the number of frames,
    raised for the overlap as a noise-driven line's overlapping frames are correlated), neighbouring
    zero-padded bins are correlated as the window makes them, and the scatter goes through the fit.
    A line that drifts or grows through the set draws each bin's power from fewer frames, and its
    frames spread more: the error grows with it. It is the spread of the peak from one realisation of
    the same tremor to the next: a wide line over a short set cannot be placed within 0.2 Hz, and this
    says by how much. Where the peak drifts within the set (its first and last thirds' peaks differ by
    more than their own errors), the drift's uncertainty (:func:`drift_sd`) is added in quadrature: a
    drifting line's spectrum is a plateau along its path, on which the fit can settle off the maximum.
    Where the line's skirts differ (its maximum then lies off the symmetric fit's centre, which is pulled
    toward the heavier skirt), the shift of the maximum of the line fitted with a tilt, beyond that
    shift's own scatter, is added in quadrature too (:func:`_tilt_shift`).

    Parameters
    ----------
    frame_psd : ndarray, shape (n_frames, PSD_FREQS.size)
        The frames' PSD in (m/s^2)^2/Hz on :data:`PSD_FREQS`; a single row gives no standard error.
    config : FrameConfig
        The frames' geometry (window, hop and zero padding).

    Returns
    -------
    peak_hz : float or None
        Frequency of the peak in Hz.
    prominence : float or None
        Its PSD over the higher neighbouring trough (a ratio, >= :data:`PEAK_MIN_PROMINENCE`).
    sd_hz : float or None
        Standard error of ``peak_hz`` in Hz, the drift's included; None with fewer than 2 frames,
        without a peak, or where the line fit failed (the Gaussian fallback has no error model).
    """
    frame_psd = np.asarray(frame_psd, dtype=np.float64)
    return _MEMO_SD.get(frame_psd, config, lambda: _peak_sd(frame_psd, config))


#: A live session measures its ended sets again at each summary (:mod:`tremor.core.memo`): their fits
#: are remembered (a set of 1800 frames, 15 min at 2 frames a second, is 1 MB).
_MEMO_SD = ArrayMemo(32, 1 << 20)
_MEMO_PEAK = ArrayMemo(128, 1 << 16)


def _peak_sd(frame_psd: np.ndarray, config: FrameConfig) -> tuple[float | None, float | None, float | None]:
    """:func:`spectral_peak_sd`, computed."""
    hz, prominence, sd = _peak(
        frame_psd.mean(axis=0), frame_psd if frame_psd.shape[0] >= 2 else None, config, with_shape=True
    )
    if sd is not None:
        sd = float(np.hypot(sd, drift_sd(frame_psd, config)))
    return hz, prominence, sd


def drift_sd(frame_psd: np.ndarray, config: FrameConfig = FrameConfig()) -> float:
    """The part of a set's peak uncertainty (Hz) that comes from the line drifting within the set.

    A drifting line's mean spectrum is a skewed plateau along its path, and the symmetric line fit can
    settle anywhere on it, not only at its maximum; the bins' scatter does not see this. The path is the
    shift ``d`` of the peak from the first third of the frames to the last, less what the thirds' own
    errors explain: ``sqrt(max(d^2 - sd_first^2 - sd_last^2, 0))``; a centre anywhere on it, uniformly,
    has a standard deviation of that over sqrt(12).

    Parameters
    ----------
    frame_psd : ndarray, shape (n_frames, PSD_FREQS.size)
        The frames' PSD in (m/s^2)^2/Hz on :data:`PSD_FREQS`, in time order.
    config : FrameConfig
        The frames' geometry (window, hop and zero padding).

    Returns
    -------
    float
        The drift's standard deviation in Hz; 0 where a third has fewer than 2 frames, no peak or no
        standard error, or the thirds' peaks agree within their scatter.
    """
    frame_psd = np.asarray(frame_psd, dtype=np.float64)
    thirds = np.array_split(frame_psd, 3)
    if min(p.shape[0] for p in thirds) < 2:
        return 0.0
    first = _peak(thirds[0].mean(axis=0), thirds[0], config)
    last = _peak(thirds[-1].mean(axis=0), thirds[-1], config)
    if first[0] is None or last[0] is None or first[2] is None or last[2] is None:
        return 0.0
    shown = (last[0] - first[0]) ** 2 - first[2] ** 2 - last[2] ** 2
    return float(np.sqrt(max(shown, 0.0) / 12.0))


def _peak(
    spectrum: np.ndarray, frame_psd: np.ndarray | None, config: FrameConfig, *, with_shape: bool = False
) -> tuple[float | None, float | None, float | None]:
    """:func:`spectral_peak_sd` of ``spectrum`` (the mean of ``frame_psd`` where given), without the drift;
    the line's asymmetry (:func:`_tilt_shift`) is in the standard error only ``with_shape``."""
    f = PSD_FREQS
    band = BANDS["physiological"]
    if not np.all(np.isfinite(spectrum[band.mask(f)])):
        return None, None, None
    x = np.where(np.isfinite(spectrum), spectrum, 0.0).astype(np.float64)
    half_bin = 0.5 * float(f[1] - f[0])
    idx = np.flatnonzero((f >= PEAK_SEARCH_HZ[0]) & (f <= PEAK_SEARCH_HZ[1]))
    idx = idx[(idx > 0) & (idx < f.size - 1)]
    local = idx[(x[idx] > x[idx - 1]) & (x[idx] >= x[idx + 1])]
    skirt = 0.0  # the in-band skirt of a higher line centred at or just outside the band's edge
    for k in sorted(local.tolist(), key=lambda i: -x[i]):
        prominence = _prominence_ratio(x, k)
        if prominence < PEAK_MIN_PROMINENCE:
            continue
        line = _lorentzian_centre(x, k, with_gain=frame_psd is not None, with_shape=with_shape)
        hz, gain, lo, shape = line if line is not None else (_gaussian_vertex(x, k), None, 0, None)
        if not band.low_hz + half_bin <= hz <= band.high_hz - half_bin:
            skirt = max(skirt, _edge_skirt(x, k, hz))
        elif PEAK_EDGE_FAR * x[k] <= skirt:
            return None, None, None  # a lesser bump under an edge line's skirt: not the band's peak
        else:
            sd = None
            if gain is not None and frame_psd is not None:
                sd = _centre_sd(gain, frame_psd[:, lo : lo + gain.size], config)
                if sd is not None and shape is not None:
                    # the tilted line's maximum off the symmetric centre, less what their scatter explains
                    shift, shift_gain = shape
                    var = _gain_variance(shift_gain, frame_psd[:, lo : lo + gain.size], config)
                    if var is not None:
                        sd = float(np.hypot(sd, np.sqrt(max(shift * shift - var, 0.0))))
            return hz, prominence, sd
    return None, None, None


def _edge_skirt(x: np.ndarray, k: int, hz: float) -> float:
    """The PSD that a line with its top bin ``k`` and centre ``hz`` outside the band holds in the band: the
    lowest of ``x`` from ``k`` to the band's nearest inside bin (its edge bin rounds outside); 0 where the
    centre lies more than :data:`PEAK_EDGE_LINE_HZ` beyond the band's edge, or that skirt is under
    :data:`PEAK_LINE_SHARE` of the line's top (a narrow line whose skirt barely reaches the band)."""
    f = PSD_FREQS
    band = BANDS["physiological"]
    half_bin = 0.5 * float(f[1] - f[0])
    if band.low_hz - PEAK_EDGE_LINE_HZ <= hz < band.low_hz + half_bin:
        b = int(np.searchsorted(f, band.low_hz + half_bin))
    elif band.high_hz - half_bin < hz <= band.high_hz + PEAK_EDGE_LINE_HZ:
        b = int(np.searchsorted(f, band.high_hz - half_bin, side="right")) - 1
    else:
        return 0.0
    skirt = float(x[min(k, b) : max(k, b) + 1].min())
    return skirt if skirt >= PEAK_LINE_SHARE * x[k] else 0.0


def _top_span(x: np.ndarray, k: int, lo: int, hi: int) -> tuple[float, float]:
    """The frequencies (Hz) half a bin beyond the outermost bins at :data:`PEAK_TOP_SHARE` of ``x[k]`` or
    more in the run of bins around ``k`` that stays at :data:`PEAK_DIP_SHARE` of ``x[k]`` or more."""
    f = PSD_FREQS
    a, b = k, k
    while a > lo and x[a - 1] >= PEAK_DIP_SHARE * x[k]:
        a -= 1
    while b < hi and x[b + 1] >= PEAK_DIP_SHARE * x[k]:
        b += 1
    top = a + np.flatnonzero(x[a : b + 1] >= PEAK_TOP_SHARE * x[k])
    half_bin = 0.5 * float(f[1] - f[0])
    return float(f[top[0]] - half_bin), float(f[top[-1]] + half_bin)


def _centre_sd(gain: np.ndarray, frames: np.ndarray, config: FrameConfig) -> float | None:
    """Standard error (Hz) of a fitted centre whose linear gain on the log of the mean of ``frames``
    (shape (n_frames, gain.size)) is ``gain``; None where the frames' mean is not positive.

    Only the scatter of the bins: a line that is not one Lorentzian (a narrow line drifting far, whose
    spectrum is a skewed plateau) can be placed off its maximum by more (see :data:`PEAK_LINE_SHARE`).
    Scaling by the fit's reduced chi-square was tried and left out: it barely moved the stress sweep's
    calibration and inflated the error of stationary lines whose shape is merely not Lorentzian (a
    symmetric misfit, which does not move the centre)."""
    var = _gain_variance(gain, frames, config)
    return None if var is None else float(np.sqrt(var))


def _gain_variance(gain: np.ndarray, frames: np.ndarray, config: FrameConfig) -> float | None:
    """Variance of ``gain`` applied to the log of the mean of ``frames`` (shape (n_frames, gain.size)): each
    bin's scatter from its frames' spread and overlap, and the bins' correlation; None where the frames'
    mean is not positive."""
    mean = frames.mean(axis=0)
    if not np.all(mean > 0):
        return None
    cv2 = frames.var(axis=0, ddof=1) / mean**2
    g = gain * np.sqrt(cv2 * _log_psd_variance(frames.shape[0], config))
    spacing = float(PSD_FREQS[1] - PSD_FREQS[0]) * config.window_s  # bin spacing in the window's resolutions
    var = float(g @ _bin_correlation(g.size, spacing) @ g)
    return var if np.isfinite(var) and var >= 0 else None


def _lorentzian_centre(
    x: np.ndarray, k: int, *, with_gain: bool = True, with_shape: bool = False
) -> tuple[float, np.ndarray | None, int, tuple[float, np.ndarray] | None] | None:
    """Centre (Hz) of a Lorentzian line over a constant floor fitted to log ``x`` around bin ``k``,
    the centre's linear gain on each fitted bin's log-PSD (the row of the fit's pseudo-inverse for
    the centre, which carries the bins' scatter to it), the first fitted bin and, ``with_shape`` (and
    ``with_gain``), :func:`_tilt_shift`; None where the fit fails.

    The fit covers the bins within :data:`PEAK_LINE_REACH_HZ` of ``k``; the centre is bounded to
    1 Hz either side of ``f[k]`` in the fit (where it stops on that bound inside a top wider than it,
    the fit is tried once more bounded about the top's bin it went to) and kept on the hump's top
    (:func:`_top_span`).
    """
    f = PSD_FREQS
    reach = int(round(PEAK_LINE_REACH_HZ / float(f[1] - f[0])))
    lo, hi = max(k - reach, 0), min(k + reach, x.size - 1)
    # the hump: down to PEAK_LINE_SHARE of the top, and no farther than the lowest bin within reach on
    # each side (past it the spectrum rises into another line, e.g. a machine's or a movement's skirt)
    lo = lo + int(np.argmin(x[lo : k + 1]))
    hi = k + int(np.argmin(x[k : hi + 1]))
    floor_share = PEAK_LINE_SHARE * x[k]
    a, b = k, k
    while a > lo and x[a - 1] >= floor_share:
        a -= 1
    while b < hi and x[b + 1] >= floor_share:
        b += 1
    lo, hi = min(a, k - 2), max(b, k + 2)
    lo, hi = max(lo, 0), min(hi, x.size - 1)
    u, y = f[lo : hi + 1], x[lo : hi + 1]
    if not np.all(y > 0) or y.size < 6:
        return None
    floor = float(y.min())
    if not x[k] > floor:
        return None
    fk = float(f[k])
    line = _fit_line(u, np.log(y), fk, np.array([np.log(x[k] - floor), fk, 0.8, floor]))
    if line is None:
        return None
    p, jac = line
    top_lo, top_hi = _top_span(x, k, lo, hi)
    if abs(p[1] - fk) > 0.99 and 0.11 < p[2] < 4.9 and top_lo < p[1] < top_hi:
        # the hump's top is wider than the centre's bound (two humps of one line split by the bins' scatter):
        # the fit again, bounded about the bin of the top the centre went to
        fk = float(f[int(np.argmin(np.abs(f - p[1])))])
        line = _fit_line(u, np.log(y), fk, np.array([np.log(x[k] - floor), fk, 0.8, floor]))
        if line is None:
            return None
        p, jac = line
    if abs(p[1] - fk) > 0.99 or not 0.11 < p[2] < 4.9:
        return None  # on a bound: no line of this shape here
    # (only where a standard error is asked for: None otherwise)
    gain = (np.linalg.pinv(jac.T @ jac) @ jac.T)[1] if with_gain else None
    shape = _tilt_shift(p, jac, u, np.log(y), gain) if with_shape and gain is not None else None
    return float(np.clip(p[1], top_lo, top_hi)), gain, lo, shape


def _tilt_shift(
    p: np.ndarray, jac: np.ndarray, u: np.ndarray, logy: np.ndarray, gain: np.ndarray
) -> tuple[float, np.ndarray] | None:
    """How far the maximum of the line tilted to fit its skirts lies from the fitted symmetric centre (Hz),
    and that shift's linear gain on the fitted bins' log-PSD; None where the tilt leaves no maximum.

    A line whose skirts differ (a resonance seen in acceleration rather than as it is driven, a drive
    whose spectrum slopes, a line growing as it drifts) is a Lorentzian times ``exp(t (f - c))`` near
    its top: its maximum lies about ``t h^2 / 2`` from ``c``, and the symmetric fit down to
    :data:`PEAK_LINE_SHARE` moves about 2.5 times as far (``t`` the log-slope, ``h`` the half width).
    One Gauss-Newton step from the symmetric fit (``p``, the Jacobian ``jac`` of its free parameters)
    with the tilt free gives the tilted line; its maximum is
    ``c + t h^2 / (1 + sqrt(1 - t^2 h^2))``. Fitting the tilt outright would remove the bias but costs
    more in scatter than it saves on symmetric lines (measured in docs/accuracy.md); the shift, beyond
    its own scatter, goes into the standard error instead (as the drift's does, :func:`drift_sd`).
    """
    model, _ = _line_model(p, u)
    a, c, h, floor = p
    d = u - c
    line = np.exp(a) * h * h / (d * d + h * h)
    full = np.column_stack([jac, line * d / (line + floor)])  # the tilt's column at t = 0
    with np.errstate(all="ignore"):
        pin = np.linalg.pinv(full.T @ full) @ full.T
        step = -pin @ (model - logy)
        c1, h1, t1 = c + step[1], h + step[2], step[-1]

        def top(cc: float, hh: float, tt: float) -> float:
            th = tt * hh
            return float(cc + tt * hh * hh / (1.0 + np.sqrt(1.0 - th * th)))

        peak = top(c1, h1, t1)
        if not (abs(t1 * h1) < 0.95 and np.isfinite(peak)):
            return None
        eps = 1e-6
        shift_gain = (
            pin[1]
            + (top(c1, h1 + eps, t1) - peak) / eps * pin[2]
            + (top(c1, h1, t1 + eps) - peak) / eps * pin[-1]
            - gain
        )
    if not np.all(np.isfinite(shift_gain)):
        return None
    return peak - float(c), shift_gain


#: The line fit's iterations stop when a step moves the centre by less than this (Hz), and the log
#: amplitude and half-width by less than ten times it: far below the peak's reported 0.001 Hz.
_FIT_STEP_HZ = 1e-7
#: ... or give up after this many steps to the general bounded solver (one fit in a few hundred, where
#: the floor and the width trade off and Gauss-Newton creeps).
_FIT_MAX_STEPS = 40
#: The diagonal's indices of the line fit's 3x3 and 4x4 normal matrices.
_DIAG = {n: np.diag_indices(n) for n in (3, 4)}


def _line_model(p: np.ndarray, u: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Log of a Lorentzian line over a constant floor at frequencies ``u`` and its Jacobian.

    ``p`` is (log amplitude, centre Hz, half-width Hz, floor); the model is
    ``log(exp(a) h^2 / ((u - c)^2 + h^2) + floor)``.
    """
    a, c, h, floor = p
    amp = np.exp(a)
    d = u - c
    den = d * d + h * h
    line = amp * h * h / den
    total = line + floor
    jac = np.empty((u.size, 4))
    jac[:, 0] = line / total
    jac[:, 1] = 2.0 * line * d / den / total
    jac[:, 2] = 2.0 * line * d * d / (h * den) / total
    jac[:, 3] = 1.0 / total
    return np.log(total), jac


def _line_start(u: np.ndarray, y: np.ndarray, fk: float) -> np.ndarray | None:
    """Floorless Lorentzian from a parabola through ``1 / y`` fitted in relative error (a linear
    least-squares fit, the log fit to first order); None where it does not curve up to a positive minimum."""
    v = u - fk
    rows = y[:, None] * np.stack([np.ones_like(v), v, v * v], axis=1)
    (q0, q1, q2), *_ = np.linalg.lstsq(rows, np.ones_like(v), rcond=None)
    if not q2 > 0:
        return None
    qmin = q0 - q1 * q1 / (4.0 * q2)
    if not qmin > 0:
        return None
    return np.array([-np.log(qmin), fk - q1 / (2.0 * q2), np.sqrt(qmin / q2), 0.0])


def _fit_line(
    u: np.ndarray, logy: np.ndarray, fk: float, p0: np.ndarray
) -> tuple[np.ndarray, np.ndarray] | None:
    """Least-squares fit of :func:`_line_model` to ``logy``: its parameters and the Jacobian's columns of
    the free ones (the floor's left out where it rests on zero); None where the fit fails.

    Levenberg-Marquardt with the analytic Jacobian from :func:`_line_start` (or ``p0``), the centre
    bounded to 1 Hz either side of ``fk``, the half-width to 0.1-5 Hz and the floor to zero or more
    (a line without floor is common: the fit would walk a log-floor far down); where it does not settle
    within :data:`_FIT_MAX_STEPS`, scipy's bounded trust-region solver from ``p0``.
    """
    low = np.array([-np.inf, fk - 1.0, 0.1, 0.0])
    high = np.array([np.inf, fk + 1.0, 5.0, np.inf])
    start = _line_start(u, np.exp(logy), fk)
    p = np.clip(start if start is not None else p0, low, high)
    with np.errstate(all="ignore"):
        model, jac = _line_model(p, u)
        r = model - logy
        cost = float(r @ r)
        damping = 1e-3
        for _ in range(_FIT_MAX_STEPS):
            if not np.isfinite(cost):
                break
            grad = jac.T @ r
            # the free parameters' Jacobian, as a contiguous array (as jac[:, mask] makes it, so the
            # products below are the same to the bit) without the mask's indexing where all are free
            floor_free = bool(p[3] > 0 or grad[3] < 0)
            jf = jac if floor_free else np.ascontiguousarray(jac[:, :3])
            neg_grad = -grad if floor_free else -grad[:3]
            hess = jf.T @ jf
            diag = hess.diagonal().copy()
            for _ in range(30):
                damped = hess.copy()
                damped[_DIAG[diag.size]] += damping * diag  # hess + damping * diag(diag(hess))
                try:
                    step = np.linalg.solve(damped, neg_grad)
                except np.linalg.LinAlgError:
                    step = np.full(diag.size, np.nan)
                trial = p.copy()
                if floor_free:
                    trial += step
                else:
                    trial[:3] += step
                # np.clip's value, without its overhead (a third of this loop's): the floor, the one
                # bound at zero, is never -0.0 here, so no signed zero can tell the two apart
                trial = np.minimum(np.maximum(trial, low), high)
                model, trial_jac = _line_model(trial, u)
                trial_r = model - logy
                trial_cost = float(trial_r @ trial_r)
                if np.isfinite(trial_cost) and trial_cost <= cost:
                    break
                damping *= 4.0
            else:
                break
            moved = np.abs(trial - p)
            p, jac, r, cost = trial, trial_jac, trial_r, trial_cost
            damping = max(damping / 3.0, 1e-9)
            if moved[1] < _FIT_STEP_HZ and moved[0] < 10 * _FIT_STEP_HZ and moved[2] < 10 * _FIT_STEP_HZ:
                return p, jac[:, np.array([True, True, True, p[3] > 0])]
    return _fit_line_general(u, logy, fk, p0)


def _fit_line_general(
    u: np.ndarray, logy: np.ndarray, fk: float, p0: np.ndarray
) -> tuple[np.ndarray, np.ndarray] | None:
    """:func:`_fit_line` by scipy's bounded trust-region solver, with a log floor (the form the peak's
    figures were first measured with)."""

    def residual(q: np.ndarray) -> np.ndarray:
        return _line_model(np.array([q[0], q[1], q[2], np.exp(q[3])]), u)[0] - logy

    def jacobian(q: np.ndarray) -> np.ndarray:
        floor = np.exp(q[3])
        jac = _line_model(np.array([q[0], q[1], q[2], floor]), u)[1]
        jac[:, 3] *= floor
        return jac

    q0 = np.array([p0[0], p0[1], p0[2], np.log(p0[3])])
    try:
        fit = least_squares(
            residual,
            q0,
            jac=jacobian,
            bounds=([-np.inf, fk - 1.0, 0.1, -np.inf], [np.inf, fk + 1.0, 5.0, np.inf]),
        )
    except (ValueError, np.linalg.LinAlgError):
        return None
    if not fit.success or not np.all(np.isfinite(fit.x)):
        return None
    return np.array([fit.x[0], fit.x[1], fit.x[2], np.exp(fit.x[3])]), fit.jac


@cache
def _bin_correlation(n: int, spacing: float) -> np.ndarray:
    """Correlation matrix of the periodogram of a Hann-windowed noise process over ``n`` bins spaced
    ``spacing`` times the window's resolution (1 / window length): ``|sum w^2 exp(-2 pi i d s m / N)|^2
    / (sum w^2)^2`` for bins ``d`` apart."""
    m = 512
    w2 = np.hanning(m + 1)[:-1] ** 2
    d = np.arange(n)
    rho = np.abs(np.exp(-2j * np.pi * spacing * np.outer(d, np.arange(m)) / m) @ w2) ** 2 / w2.sum() ** 2
    return np.asarray(rho[np.abs(d[:, None] - d[None, :])])


@cache
def _log_psd_variance(n_frames: int, config: FrameConfig) -> float:
    """Variance of the log of the mean of ``n_frames`` overlapping Hann-window periodograms of a
    stationary noise-driven line, per unit variance of one frame's periodogram over its mean squared:
    ``(1 / K) (1 + 2 sum_m (1 - m / K) rho_m)``, ``rho_m`` the squared overlap correlation of frames
    ``m`` hops apart."""
    m = 512
    hop = int(round(m * config.hop_s / config.window_s))
    w = np.hanning(m + 1)[:-1]
    rho = [
        float(np.dot(w[j * hop :], w[: m - j * hop]) ** 2 / np.dot(w, w) ** 2)
        for j in range(1, -(-m // max(hop, 1)))
    ]
    k = n_frames
    total = 1.0 + 2.0 * sum((1.0 - j / k) * r for j, r in enumerate(rho[: k - 1], start=1))
    return total / k


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
    top_lo, top_hi = _top_span(x, k, lo, hi)
    return float(np.clip(f[k] - c1 / (2.0 * c2), top_lo, top_hi))


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
