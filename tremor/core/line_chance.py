"""The chance scatter of a set's rise from its tremor line's width: how far a steady line's thirds differ by chance.

A steady tremor line is narrow-band noise: its power over a stretch of ``T`` s is a sum of about ``B T``
independent draws (``B``: the line's statistical bandwidth, pi times a Lorentzian line's full width), so a third's
mean power scatters by about ``1 / sqrt(B T)``, and a 0.3 Hz wide line's last third reads 2x its first in about 1
hold in 10 over 20 s (issue 9). The frames' own scatter (:func:`tremor.core.set_labels.rise_log_sd`) cannot show
this in a short set: a third of a 20 s hold holds 3 independent frames, and a line narrower than a frame's
resolution (0.5 Hz) keeps each frame's power near its neighbours', so the thirds' frames agree while the thirds
differ (a 0.1 Hz line over 20 s: 0.50 measured for a true 0.86).

Here the scatter is computed from the line itself (a Gaussian narrow-band process, the model of
physiological tremor): the envelope correlation ``rho(tau)`` of the 6-12 Hz band is the Fourier transform of its
spectrum; the frames' mean spectrum is the true one smoothed by the 2 s Hann window, whose transform multiplies
``rho`` by the window's autocorrelation, so ``rho`` is that transform divided by the window's (to 1 s, where the
window's still holds a sixth), and followed on beyond 1 s at its decay rate over 0.4-1 s (flat where it decays less than the deconvolution's
jitter, :data:`TAIL_JITTER`). A third's mean power is
the frames' weighted time average of the band's instantaneous power, whose covariance at lag ``tau`` is
``rho(tau) ** 2`` (Gaussian), so the log ratio's variance is ``V11 + V33 - 2 V13`` (``Vij``: the thirds' weights
against each other through ``rho ** 2``), each third's part widened from the delta method to the log of a
chi-square (trigamma: a line with 2-4 degrees of freedom per third has a skewed ratio).

Measured on steady Lorentzian lines (0.06 m/s^2 at 9.5 Hz over 0.008 m/s^2 sensor noise, 100 Hz, 150 draws per
cell, seeds 1000-1149; actual scatter of the log ratio / this standard error): 0.1 Hz wide over 10-60 s holds
1.09/1.17, 0.86/0.95, 0.67/0.69, 0.52/0.57; 0.3 Hz 0.77/0.85, 0.55/0.61, 0.41/0.41, 0.33/0.34; 1 Hz 0.47/0.53,
0.38/0.37, 0.26/0.25, 0.20/0.20; 3 Hz 0.38/0.38, 0.29/0.26, 0.20/0.18, 0.14/0.15.
"""

from __future__ import annotations

import numpy as np
from scipy.signal import fftconvolve
from scipy.special import polygamma

from tremor.core.features import PSD_FREQS, FrameConfig
from tremor.core.spectral import BANDS

__all__ = [
    "DECONVOLVE_TO_S",
    "FIT_FROM_S",
    "TAIL_JITTER",
    "KEPT_ANSWERS",
    "line_rise_sd",
    "envelope_correlation",
]

#: The frames' window (s): the frames' spectra are the true one smoothed by its Hann window.
WINDOW_S = FrameConfig().window_s
#: The envelope correlation is read from the spectrum out to this lag (s: the window's autocorrelation is 1/6 there) ...
DECONVOLVE_TO_S = 1.0
#: ... and its decay rate over this lag onward to it, beyond which it is followed at that rate.
FIT_FROM_S = 0.4
#: A decay over FIT_FROM_S to DECONVOLVE_TO_S smaller than this share is the deconvolution's jitter, not the line's
#: (review rev31: a steady sinusoid's deconvolved correlation jitters by 0.3-0.5 % there, and that jitter followed
#: over a 20 s hold read as a 0.001 Hz wide line's, 0.28-0.72 for a true 0.06 in 48 % of 200 draws); a line whose
#: correlation decays less over 0.6 s is under 0.01 Hz wide, a machine's rather than a tremor's (mechanical
#: oscillators, removed as vibration lines), and is followed on flat.
TAIL_JITTER = 0.02
#: Time step of the thirds' weights and the correlation (s).
STEP_S = 0.05
#: The answers to the newest this many distinct inputs are kept (:func:`line_rise_sd`): a live session's recovery
#: refresh measures the card's set every 2 s on the same frames, so the same inputs come again and again.
KEPT_ANSWERS = 16

_kept: dict[tuple[object, ...], float | None] = {}


def _hann_correlation(tau: np.ndarray) -> np.ndarray:
    """The Hann window's autocorrelation (1 at lag 0, 0 from a window on) at lags ``tau`` (s)."""
    x = np.clip(np.abs(tau) / WINDOW_S, 0.0, 1.0)
    return np.asarray(((1 - x) * (2 + np.cos(2 * np.pi * x)) + 3 / (2 * np.pi) * np.sin(2 * np.pi * x)) / 3)


def envelope_correlation(spectrum: np.ndarray, tau: np.ndarray) -> np.ndarray | None:
    """The magnitude of the 6-12 Hz band's envelope correlation at lags ``tau`` (s, from 0, ascending).

    Parameters
    ----------
    spectrum : ndarray, shape (PSD_FREQS.size,)
        The frames' mean spectrum, (m/s^2)^2/Hz.
    tau : ndarray
        Lags, s, ascending from 0 in steps of at most :data:`FIT_FROM_S`.

    Returns
    -------
    ndarray or None
        ``|rho(tau)|`` (1 at lag 0, never rising); None where the band holds no power.
    """
    band = BANDS["physiological"].mask(PSD_FREQS)
    s = np.clip(np.nan_to_num(np.asarray(spectrum, dtype=np.float64)[band]), 0.0, None)
    if not s.sum() > 0:
        return None
    near = tau <= DECONVOLVE_TO_S
    phase = np.exp(2j * np.pi * np.outer(tau[near], PSD_FREQS[band]))
    seen = np.abs(phase @ s) / s.sum()
    rho = np.minimum.accumulate(np.clip(seen / _hann_correlation(tau[near]), 1e-9, 1.0))
    fit = tau[near] >= FIT_FROM_S
    t_fit, r_fit = tau[near][fit], rho[fit]
    decays = t_fit.size >= 2 and r_fit[-1] < (1.0 - TAIL_JITTER) * r_fit[0]
    rate = float(np.log(r_fit[0] / r_fit[-1]) / (t_fit[-1] - t_fit[0])) if decays else 0.0
    far = tau[~near]
    return np.concatenate([rho, rho[-1] * np.exp(-rate * (far - tau[near][-1]))])


def _weights(centres: np.ndarray, weights: np.ndarray | None, t0: float, n: int) -> np.ndarray:
    """A third's weight over time (sum 1): each frame's Hann window squared, times the frame's weight."""
    w = np.ones(centres.size) if weights is None else np.asarray(weights, dtype=np.float64)
    comb = np.zeros(n)
    np.add.at(comb, np.clip(np.round((centres - WINDOW_S / 2 - t0) / STEP_S).astype(int), 0, n - 1), w)
    u = (np.arange(int(round(WINDOW_S / STEP_S)) + 1)) * STEP_S / WINDOW_S
    g = fftconvolve(comb, (0.5 - 0.5 * np.cos(2 * np.pi * u)) ** 2)[:n]
    return np.asarray(np.clip(g, 0.0, None) / g.sum())


def _key(*arrays: np.ndarray | None) -> tuple[object, ...]:
    """The inputs themselves, as bytes with their type and shape (equal keys: equal inputs, bit for bit)."""
    return tuple(
        None if a is None else (a.dtype.str, a.shape, np.ascontiguousarray(a).tobytes())
        for a in (None if x is None else np.asarray(x) for x in arrays)
    )


def line_rise_sd(
    spectrum: np.ndarray,
    first_s: np.ndarray,
    last_s: np.ndarray,
    first_w: np.ndarray | None = None,
    last_w: np.ndarray | None = None,
) -> float | None:
    """Standard error of ``log(last / first)`` for a steady tremor of the set's spectrum (see the module docstring).

    The answers to the newest :data:`KEPT_ANSWERS` distinct inputs are kept under the inputs' bytes, so the same
    inputs again (a live card's refresh, every 2 s, of a set whose frames no longer change) give the kept answer,
    which :func:`_line_rise_sd` gives them bit for bit; other inputs are computed.

    Parameters
    ----------
    spectrum : ndarray, shape (PSD_FREQS.size,)
        The mean spectrum of the frames of the first and last thirds, (m/s^2)^2/Hz.
    first_s, last_s : ndarray
        The centres (s) of the frames of the first and the last third.
    first_w, last_w : ndarray or None
        Each frame's weight in its third's mean (None: equal).

    Returns
    -------
    float or None
        The chance scatter of the log of the thirds' ratio for a tremor as wide as the set's that does not rise;
        None where a third has no frame or the band no power.
    """
    key = _key(spectrum, first_s, last_s, first_w, last_w)
    if key in _kept:
        return _kept[key]
    out = _line_rise_sd(spectrum, first_s, last_s, first_w, last_w)
    while len(_kept) >= KEPT_ANSWERS:
        del _kept[next(iter(_kept))]  # the oldest
    _kept[key] = out
    return out


def _line_rise_sd(
    spectrum: np.ndarray,
    first_s: np.ndarray,
    last_s: np.ndarray,
    first_w: np.ndarray | None,
    last_w: np.ndarray | None,
) -> float | None:
    """:func:`line_rise_sd` computed (nothing kept)."""
    if not first_s.size or not last_s.size:
        return None
    t0 = float(min(first_s.min(), last_s.min())) - WINDOW_S / 2
    t1 = float(max(first_s.max(), last_s.max())) + WINDOW_S / 2
    n = int(np.ceil((t1 - t0) / STEP_S)) + 2
    rho = envelope_correlation(spectrum, np.arange(n) * STEP_S)
    if rho is None:
        return None
    g1, g3 = _weights(first_s, first_w, t0, n), _weights(last_s, last_w, t0, n)
    c = np.concatenate([rho[:0:-1], rho]) ** 2  # lags -(n-1) .. n-1

    def smoothed(b: np.ndarray) -> np.ndarray:
        return np.asarray(fftconvolve(b, c, mode="full")[n - 1 : 2 * n - 1])

    s1, s3 = smoothed(g1), smoothed(g3)  # the last third's once: both V33 and V13 read it
    v11, v33, v13 = float(g1 @ s1), float(g3 @ s3), float(g1 @ s3)
    if not (v11 > 0 and v33 > 0):
        return None
    # each third's mean power is about a chi-square of 2 / Vii degrees of freedom: its log's variance is trigamma
    widen = float((polygamma(1, 1 / v11) + polygamma(1, 1 / v33)) / (v11 + v33))
    return float(np.sqrt(max(v11 + v33 - 2 * v13, 0.0) * widen))
