"""How impulsive each frame's broadband signal above the tremor bands is (issue 9: the weak external level's guard).

The external-vibration rule's weak level (:data:`tremor.core.external_vibration.EXT_WEAK_MPS2`, 0.025 m/s^2 in a
6 Hz sub-band above 14 Hz, steady over 20 s) must count only steady broadband vibration: a road through a steering
wheel, a bus seat, an engine. Such vibration is a sum of many random contributions (near-Gaussian) or a steady
line, its amplitude steady through a frame. Twitches, knocks and taps are brief rings: their power above 14 Hz
comes in bursts of tens of milliseconds. From 90 Hz the twitch detector's transient candidates guard the weak
level; below it there are none, and strong twitches at rest (0.5-1 m/s^2 every 0.8-1.5 s, 20-35 Hz rings of
12 ms) lifted the sub-bands' low quantile at 50 Hz to the weak level and read as "something shook the wrist".

:func:`band_kurtosis` is, for each frame's window, the kurtosis of the instantaneous power of its signal above
:data:`tremor.core.external_vibration.EXT_LOW_HZ` (the high-passed acceleration's squared magnitude summed over
axes, ``e``): ``mean(e^2) / mean(e)^2`` over the window's inner part (the outer :data:`EDGE_S` tapered away).
Gaussian vibration along one direction reads 3 in expectation, spread over three axes 5/3, a steady line 1.5;
bursts that fill a share ``d`` of the time read about ``1/d`` times their own (a 12 ms ring at 50 Hz, high-passed,
fills about 0.1 s: 13-50 for one to three per window). One-directional Gaussian noise (12,000 frames a rate) read a
median of 2.7 and a 99.9th percentile of 5.4 at 50 Hz (12-25 Hz: the fewest independent samples in the window's
inner 1.6 s), 2.9 and 4.9 at 100 Hz, 2.9 and 4.3 at 200 Hz.
"""

from __future__ import annotations

import numpy as np

from tremor.core.external_vibration import EXT_LOW_HZ, EXT_MAX_KURTOSIS, external_assessable

__all__ = ["EDGE_S", "TRANSITION_HZ", "band_kurtosis", "bursty_frames"]

#: Tukey taper at each end of the window (s); the kurtosis is taken over the samples between the tapers, where the
#: high-pass filter's response and the circular transform's wrap do not reach.
EDGE_S = 0.2
#: The high-pass rises as a raised cosine over this many Hz below :data:`EXT_LOW_HZ` (12-14 Hz): a smooth edge keeps
#: the filter's response short (within :data:`EDGE_S`), and a 6-12 Hz tremor stays out.
TRANSITION_HZ = 2.0

_CACHE: dict[tuple[float, int], tuple[np.ndarray, np.ndarray, int]] = {}


def _plan(fs: float, win: int) -> tuple[np.ndarray, np.ndarray, int]:
    """Taper, high-pass gain over the rfft bins and edge length (samples) for windows of ``win`` samples."""
    key = (fs, win)
    plan = _CACHE.get(key)
    if plan is None:
        edge = min(max(int(round(EDGE_S * fs)), 1), win // 4)
        taper = np.ones(win)
        if edge:
            ramp = 0.5 - 0.5 * np.cos(np.pi * (np.arange(edge) + 0.5) / edge)
            taper[:edge], taper[win - edge :] = ramp, ramp[::-1]
        freqs = np.fft.rfftfreq(win, 1.0 / fs)
        gain = np.clip((freqs - (EXT_LOW_HZ - TRANSITION_HZ)) / TRANSITION_HZ, 0.0, 1.0)
        gain = 0.5 - 0.5 * np.cos(np.pi * gain)
        plan = _CACHE[key] = (taper, gain, edge)
    return plan


def band_kurtosis(windows: np.ndarray, fs: float, centred: np.ndarray | None = None) -> np.ndarray:
    """Kurtosis of each window's instantaneous power above :data:`~tremor.core.external_vibration.EXT_LOW_HZ`.

    Parameters
    ----------
    windows : ndarray, shape (n_axes, n_frames, win)
        Windows of acceleration in m/s^2, axis first (as :func:`tremor.core.spectral.axis_window_psd` takes).
    fs : float
        Sampling rate in Hz.
    centred : ndarray or None
        ``windows`` less each window's mean (:func:`tremor.core.spectral.centred_windows`) where the caller made
        it (read, not changed); None: made here.

    Returns
    -------
    ndarray, shape (n_frames,)
        ``mean(e^2) / mean(e)^2`` of the high-passed power ``e`` summed over axes, over the window less
        :data:`EDGE_S` at each end: about 3 for Gaussian vibration along one direction, 5/3 over three axes,
        far more for brief bursts. NaN where the rate holds no external sub-band
        (:func:`~tremor.core.external_vibration.external_assessable`) or the band holds no power.
    """
    n_axes, n_frames, win = windows.shape
    if n_frames == 0 or not external_assessable(fs):
        return np.full(n_frames, np.nan)
    taper, gain, edge = _plan(float(fs), int(win))
    power = np.zeros((n_frames, win - 2 * edge))
    tapered = np.empty(
        (n_frames, win)
    )  # one buffer for every axis: the same products, fewer large arrays made
    for k in range(n_axes):
        x = windows[k]
        np.multiply(x - x.mean(axis=1, keepdims=True) if centred is None else centred[k], taper, out=tapered)
        spec = np.fft.rfft(tapered, axis=1)
        spec *= gain
        z = np.fft.irfft(spec, n=win, axis=1)[:, edge : win - edge]
        power += np.multiply(z, z, out=z)
    mean = power.mean(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.mean(power * power, axis=1) / (mean * mean)
    out[~(mean > 0)] = np.nan
    return np.asarray(out)


def bursty_frames(kurtosis: np.ndarray | None) -> np.ndarray | None:
    """Frames whose power above 14 Hz comes in bursts: a tap, a knock or a twitch in their window.

    Below :data:`tremor.core.events.MIN_TWITCH_FS_HZ` the twitch detector does not run, so no transient marks the
    frames a tap or a twitch rang through; their rings fill the 6-12 Hz band and say nothing of the resting wrist's
    tremor (typing in the rests at 50 Hz raised the rest baseline from the person's 0.010-0.018 m/s^2 to
    0.030-0.037). A frame over :data:`tremor.core.external_vibration.EXT_MAX_KURTOSIS` (the external-vibration
    rule's steadiness bound: steady vibration and a still wrist's noise stay under it) is such a frame.

    Parameters
    ----------
    kurtosis : ndarray or None
        Each frame's :func:`band_kurtosis` (:attr:`tremor.core.features.Frames.ext_kurtosis`); NaN where unmeasured.

    Returns
    -------
    ndarray of bool or None
        The bursty frames; None where no frame is (or none was measured).
    """
    if kurtosis is None:
        return None
    out = np.nan_to_num(np.asarray(kurtosis, dtype=np.float64), nan=0.0) > EXT_MAX_KURTOSIS
    return out if out.any() else None
