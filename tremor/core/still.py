"""Is anyone wearing the device? Stretches where it lies still, and rests at the sensor's noise floor.

Two checks, both from the frame table:

*Lying still* (only where the data include gravity): a wrist, even resting in a lap, turns by a
degree or more over tens of seconds (breathing, pulse, small shifts); a device lying on a table
holds its orientation to a few hundredths of a degree, with nothing but the sensor's noise in its
spectrum (:func:`still_at_noise_floor`). Frames whose gravity direction stays within
:data:`STILL_DEG` of every frame up to :data:`STILL_REACH_S` ahead (or of every frame as far behind), with no movement above
the noise, for at least :data:`STILL_MIN_S`, are a device lying still: no person is there, so no
twitch, rest level or tremor is read from them.

*Noise floor*: a rest whose median spectrum is flat (spectral flatness, the geometric over the
arithmetic mean of the 2-20 Hz PSD, at least :data:`FLAT_MIN`) holds no tremor peak and no
low-frequency sway above the sensor's white noise: its 6-12 Hz level is the sensor's noise, not a
rest tremor. Physiological tremor at a worn wrist puts a 1-3 Hz wide hump into 6-12 Hz; a hump of
twice the floor lowers the flatness of a 2-20 Hz spectrum to about 0.92.
"""

from __future__ import annotations

import numpy as np

from tremor.core._check import ASSESSABLE_FRACTION
from tremor.core._rolling import row_median
from tremor.core.features import PSD_FREQS, Frames
from tremor.core.sets import MOVE_MPS2, time_runs

__all__ = [
    "still_spans",
    "still_at_noise_floor",
    "noise_floor_spans",
    "noise_floor_flatness",
    "flat_band_top_hz",
    "STILL_DEG",
    "STILL_MIN_S",
    "FLAT_MIN",
]

#: Largest change of the gravity direction (degrees) between a frame and its neighbours up to
#: :data:`STILL_REACH_S` away for the device to count as lying still (measured: 0.02 deg on the real
#: ESP32 rig lying untouched; 0.9-5 deg over 20 s at the simulated resting wrists of the stress suite).
STILL_DEG = 0.2
STILL_REACH_S = 5.0
#: A still stretch must last this long (a held breath or a pause between reps is shorter).
STILL_MIN_S = 20.0
#: ... and its 0.25-3 Hz level per Hz must stay within this factor of the 2-20 Hz noise level per Hz
#: (no sway above the noise: 1.1-1.4 on a phone and the ESP32 rig lying still).
SWAY_MAX = 2.0
#: Spectral flatness of a rest's median spectrum at or above which it is the sensor's white noise
#: (measured: 0.99-1.00 for a phone lying still and for white noise; 0.69 at the real Polar wrist).
FLAT_MIN = 0.95
#: The rest's median spectrum needs this many frames for its flatness to mean anything.
FLAT_MIN_FRAMES = 8
#: spectrum bins whose medians are taken together (bounds the float64 copy at this many bins of the frames)
_BINS_AT_ONCE = 8
#: ... or more bins, as many as keep the copy within this many values (a short rest: every bin in one call)
_VALUES_AT_ONCE = 1 << 16


def still_spans(frames: Frames, *, gravity_included: bool) -> list[tuple[float, float]]:
    """Stretches (start_s, end_s) where the device lies still (see the module docstring).

    Empty where the data have gravity removed (orientation unknown) or no stretch qualifies. A
    stretch spans its frames' windows (1 s either side of their centres).

    Parameters
    ----------
    frames : Frames
        The frame table (orientation, movement and spectra every 0.5 s).
    gravity_included : bool
        Whether the data include gravity; without it orientation is unknown and nothing is found.

    Returns
    -------
    list of tuple of float
        The still stretches as (start_s, end_s), in s, in time order.
    """
    n = len(frames)
    if not gravity_included or n < 3:
        return []
    hop = float(np.median(np.diff(frames.t_s)))
    reach = max(1, int(round(STILL_REACH_S / hop))) if hop > 0 else 1
    o = frames.orientation.astype(np.float64)
    ok = np.all(np.isfinite(o), axis=1)
    cos_max = np.cos(np.radians(STILL_DEG))
    # steady with every frame up to ``reach`` ahead, or with every frame up to ``reach`` behind (so a
    # stretch ends where the device starts to turn, not ``reach`` before)
    ahead = ok & (np.asarray(frames.movement_rms) < MOVE_MPS2)
    behind = ahead.copy()
    for k in range(1, min(reach, n - 1) + 1):
        near = np.nan_to_num(np.einsum("ij,ij->i", o[:-k], o[k:]), nan=-1.0) >= cos_max
        ahead[:-k] &= near
        behind[k:] &= near
    still = ahead | behind
    out = []
    for a, b in time_runs(still, frames.t_s, 0.0):
        start, end = float(frames.t_s[a]) - 1.0, float(frames.t_s[b - 1]) + 1.0
        if end - start >= STILL_MIN_S:
            out.append((max(start, 0.0), end))
    return out


def still_at_noise_floor(frames: Frames, mask: np.ndarray, fs_hz: float) -> bool:
    """True where the frames in ``mask`` hold nothing above the sensor's white noise.

    That is: a flat 2-20 Hz median spectrum (:data:`FLAT_MIN`) and no sway in 0.25-3 Hz beyond
    :data:`SWAY_MAX` times that level.

    Parameters
    ----------
    frames : Frames
        The frame table.
    mask : ndarray of bool
        The frames to judge (e.g. the rest frames).
    fs_hz : float
        The sampling rate, in Hz.

    Returns
    -------
    bool
        Whether those frames show only the sensor's noise floor.
    """
    return _at_noise_floor(frames, np.flatnonzero(mask), fs_hz)


def noise_floor_spans(
    frames: Frames, spans: list[tuple[float, float]], fs_hz: float
) -> list[tuple[float, float]]:
    """The spans whose frames hold nothing above the sensor's white noise (:func:`still_at_noise_floor`).

    A span's frames are those with centres in ``[start_s, end_s]``, found by bisection in the sorted frame
    times (a mask over the whole table per span grows with the number of spans times the frames).

    Parameters
    ----------
    frames : Frames
        The frame table.
    spans : list of tuple of float
        (start_s, end_s) of each span, in s.
    fs_hz : float
        The sampling rate, in Hz.

    Returns
    -------
    list of tuple of float
        The spans at the noise floor, in the given order.
    """
    t = frames.t_s
    if t.size > 1 and not bool(np.all(t[1:] >= t[:-1])):  # not in time order: the masks themselves
        return [(a, b) for a, b in spans if still_at_noise_floor(frames, (t >= a) & (t <= b), fs_hz)]
    out = []
    for a, b in spans:
        rows = np.arange(np.searchsorted(t, a, "left"), np.searchsorted(t, b, "right"))
        if _at_noise_floor(frames, rows, fs_hz):
            out.append((a, b))
    return out


def flat_band_top_hz(fs_hz: float) -> float:
    """The top (Hz) of the band whose flatness tells the sensor's noise floor: 20 Hz, or less at a low rate.

    The noise-floor tests read the sampling rate only through it, so a live session keeps a still span's
    answer while the measured rate moves in its last digits (:func:`tremor.core.analysis.summarize`).

    Parameters
    ----------
    fs_hz : float
        The sampling rate, in Hz.

    Returns
    -------
    float
        ``min(20, 0.4 fs)``, rounded as :data:`~tremor.core.features.PSD_FREQS` is.
    """
    return min(20.0, round(ASSESSABLE_FRACTION * fs_hz, 6))


def _at_noise_floor(frames: Frames, rows: np.ndarray, fs_hz: float) -> bool:
    """:func:`still_at_noise_floor` of the frames at ``rows`` (indices in time order)."""
    flat = _flatness(frames, rows, fs_hz)
    if flat is None or flat < FLAT_MIN:
        return False
    f = PSD_FREQS
    band = (f >= 2.0) & (f <= flat_band_top_hz(fs_hz))
    cols = np.flatnonzero(band)  # a run of bins: one copy of the values, not three (a still week is 1e8)
    white = float(
        np.median(frames.psd[rows, cols[0] : cols[-1] + 1].astype(np.float64), overwrite_input=True)
    )
    sway = float(np.median(frames.movement_rms[rows].astype(np.float64) ** 2)) / (3.0 - 0.25)
    return white > 0 and sway <= SWAY_MAX * white


def noise_floor_flatness(frames: Frames, mask: np.ndarray, fs_hz: float) -> float | None:
    """Spectral flatness of the median spectrum of the frames in ``mask`` over 2 Hz to min(20, 0.4 fs) Hz.

    None where fewer than :data:`FLAT_MIN_FRAMES` frames are given or the spectrum is not finite and positive.

    Parameters
    ----------
    frames : Frames
        The frame table.
    mask : ndarray of bool
        The frames to take the median spectrum of.
    fs_hz : float
        The sampling rate, in Hz (bounds the band at 0.4 fs).

    Returns
    -------
    float or None
        Geometric over arithmetic mean of the median spectrum: 1 for a flat (white) spectrum, near 0
        for one with peaks.
    """
    return _flatness(frames, np.flatnonzero(mask), fs_hz)


def _flatness(frames: Frames, rows: np.ndarray, fs_hz: float) -> float | None:
    """:func:`noise_floor_flatness` of the frames at ``rows`` (indices in time order)."""
    if rows.size < FLAT_MIN_FRAMES:
        return None
    f = PSD_FREQS
    band = (f >= 2.0) & (f <= flat_band_top_hz(fs_hz))
    # the median of each bin along a contiguous row: np.median(..., axis=0), about 30 % less CPU; a few
    # bins at a time, so the rows of a week of rest frames are not copied whole (three copies: ~700 MB);
    # the medians do not depend on how the bins are grouped
    cols = np.flatnonzero(band)
    if cols.size < 8:
        return None
    step = max(_BINS_AT_ONCE, _VALUES_AT_ONCE // rows.size)
    spectrum = np.concatenate(
        [
            row_median(  # np.median(..., axis=1)'s values from one sort per row (its partition is slower)
                np.ascontiguousarray(frames.psd[rows, c : min(c + step, cols[-1] + 1)].T, dtype=np.float64)
            )
            for c in range(int(cols[0]), int(cols[-1]) + 1, step)
        ]
    )
    if spectrum.size < 8 or not np.all(np.isfinite(spectrum)) or np.any(spectrum <= 0):
        return None
    return float(np.exp(np.mean(np.log(spectrum))) / np.mean(spectrum))
