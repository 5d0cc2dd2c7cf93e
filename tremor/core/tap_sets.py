"""A raised forearm whose 6-12 Hz power is taps, not a tremor line (issue 9; red team R4-8, phone checks).

Checking a phone in a long seated rest raises the forearm 25-45 deg for 20-40 s: a static pose, found as a
``hold``. Typing on it taps the wrist 2-8 times a second; each tap rings the wrist for 10-30 ms at 8-20 Hz, an
impulse whose spectrum is a Lorentzian 10-30 Hz wide. Their power in 6-12 Hz is therefore broadband: it comes
with about as much per Hz above the band. A tremor line (fatigue or enhanced physiological tremor) is 1-3 Hz
wide: it raises 6-12 Hz and leaves 13-18 Hz at the rest's level (its harmonics hold a few percent of its power).

So a hold whose median spectrum rose over the rest's in 13-18 Hz by :data:`TAP_HIGH_SHARE` or more of its
6-12 Hz rise, to :data:`TAP_HIGH_OVER_REST` times the rest's 13-18 Hz power or more, and spread over 13-18 Hz
(at most :data:`TAP_LINE_SHARE` of that rise within 0.5 Hz of its largest bin: no harmonic of a tremor line, no
skirt of a line at the band's edge) holds broadband impulse energy, not a tremor line that could be measured
under it: its tremor, fatigue rise and comparison with rest are withheld (reason ``"taps"``), and no cause,
set's or session's, is drawn from it. The spectra are medians over the windows, so a knock or two does not
count. Measured on the tests' own signals (tests/core/test_phone_checks.py, 50-200 Hz): phone checks at 2-8
taps/s of 0.05-0.4 m/s^2, a rise share of 0.13-1.15, 0.27-0.38 of it at the top; fatigue holds growing to
0.1-0.15 m/s^2 at 8-12 Hz, with or without knocks: a share under 0.002; a line at 12-12.5 Hz, or at 7-9 Hz with
a second harmonic of 30 % of its amplitude: a share of 0.01-2.2, but 0.79-0.99 of it at the top. The rule reads
the spectrum only, so it holds where twitches (and the taps as events) are not sought, below 90 Hz; it needs
13-18 Hz (45 Hz or more).

*Not worn?* A raised forearm holding a phone can keep its orientation within 0.2 deg and the taps flatten its
2-20 Hz spectrum, which reads as a device lying still at the sensor's noise floor (:mod:`tremor.core.still`).
Taps are no noise floor: a still span is kept a wrist (:func:`tapped_still`) where it holds
:data:`TAP_EVENTS_MIN` or more tap events (twitch-band transients of kind ``"activity"`` or ``"artefact"``,
found at 90 Hz or more), or where its 6-12 Hz level is :data:`FLOOR_OVER_QUIET` times the recording's quiet
level (the :data:`QUIET_PERCENTILE` th percentile of its frames) or more: the sensor's noise floor cannot lie
above the quietest the recording shows.

Twitches are broadband too (12-35 Hz rings): where the twitch detector looked (90 Hz or more), a hold whose
counted twitches, with its recovery's, outnumber the tap events there (bursts the detector marks ``"activity"`` or
``"rhythmic"``) is not read as taps (:func:`twitches_dominate`); a ``mixed`` hold (a weak fatigue rise with twitches) read as taps without it
(the stress suite's gym session, seed 12 at 100 Hz). Below 90 Hz no impulse is told apart, and a hold with
strong twitches could read as taps there.

A hold tapped through (its frames impulsive above 14 Hz, as typing's are) is no set at all: phone use
(:mod:`tremor.core.phone_use`, decided with the sets). This rule withholds the tremor of the taps' holds that one
does not tell (faint or sparse taps, or under 50 Hz, where the impulsive sub-band is not measured).

Only ``hold`` sets are judged: in reps the movement's harmonics and impacts fill both bands, and their own
rules (movement, rattle, impacts) apply.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from tremor.core.classify import SetMetrics
from tremor.core.features import Frames
from tremor.core.tap_rise import TAP_HIGH_OVER_REST, TAP_HIGH_SHARE, TAP_LINE_SHARE, rise_shape, taps_rise

__all__ = [
    "TAP_HIGH_SHARE",
    "TAP_MIN_RATE_HZ",
    "TAP_HIGH_OVER_REST",
    "TAP_EVENTS_MIN",
    "FLOOR_OVER_QUIET",
    "QUIET_PERCENTILE",
    "TAP_LINE_SHARE",
    "rest_spectrum",
    "broadband_rise",
    "tap_carried",
    "tapped_still",
    "tapped_often",
    "twitches_dominate",
    "TWITCHES_MIN",
    "without_tremor",
]

#: Counted twitches in a hold, outnumbering its tap events, that make its broadband rise twitches' (:func:`twitches_dominate`).
TWITCHES_MIN = 3
#: Where the twitch detector looks (90 Hz or more), a hold is read as taps only with at least this many tap events
#: a second in it (kinds ``"activity"`` and ``"rhythmic"``): typing at 2-8 taps a second gave 1.1-2.2 a second in
#: the phone checks of tests/core/test_phone_checks.py (seeds 10-15, 100 and 200 Hz), a fatigue hold whose tremor
#: has a broad 2nd harmonic (35-50 %, 3-4 Hz wide, spread over 13-18 Hz as taps are) 0-0.13 a second
#: (tests/core/test_harmonic_holds.py, seeds 0-11), where the spectral rule alone read 11 of 24 such holds as taps.
TAP_MIN_RATE_HZ = 0.4
#: Tap events (kind ``"activity"`` or ``"artefact"``) in a still span that make it a tapped wrist, not a device at rest.
TAP_EVENTS_MIN = 4
#: A still span's median 6-12 Hz power at or above this many times the recording's quiet level is above the
#: sensor's noise floor (taps on a raised phone: 2.5-12x the rest measured).
FLOOR_OVER_QUIET = 2.0
#: The percentile of the frames' 6-12 Hz power taken as the recording's quiet level.
QUIET_PERCENTILE = 5.0


def rest_spectrum(frames: Frames, rest_mask: np.ndarray) -> np.ndarray | None:
    """The rest's median spectrum, (m/s^2)^2/Hz at each of :data:`~tremor.core.features.PSD_FREQS`.

    Parameters
    ----------
    frames : Frames
        The frame table.
    rest_mask : ndarray of bool
        The rest baseline's frames.

    Returns
    -------
    ndarray or None
        The median over those frames of each bin; None with fewer than 4 frames.
    """
    rows = np.flatnonzero(rest_mask)
    if rows.size < 4:
        return None
    return np.asarray(np.nanmedian(frames.psd[rows].astype(np.float64), axis=0))


def _span_spectrum(frames: Frames, start_s: float, end_s: float) -> np.ndarray | None:
    """The median spectrum of a span's frames 1 s or more inside it (all its frames where fewer than 3 are); None
    where it holds fewer than 3."""
    t = frames.t_s
    inside = np.flatnonzero((t >= start_s + 1.0) & (t <= end_s - 1.0))
    if inside.size < 3:
        inside = np.flatnonzero((t >= start_s) & (t <= end_s))
    if inside.size < 3:
        return None
    return np.asarray(np.median(frames.psd[inside].astype(np.float64), axis=0))


def broadband_rise(
    frames: Frames, start_s: float, end_s: float, rest_psd: np.ndarray
) -> tuple[float, float, float] | None:
    """How a span's spectrum rose over the rest's: above the 6-12 Hz band as against in it, and how spread.

    The span's spectrum is the median over its frames whose centres lie 1 s or more inside it (all its frames
    where fewer than 3 do), so a knock or two does not move it.

    Parameters
    ----------
    frames : Frames
        The frame table.
    start_s, end_s : float
        The span, in s.
    rest_psd : ndarray
        The rest's median spectrum (:func:`rest_spectrum`).

    Returns
    -------
    tuple of float or None
        ``(share, over_rest, line_share)``: the 13-18 Hz rise over the 6-12 Hz rise (powers); the 13-18 Hz
        power over the rest's; and the share of the 13-18 Hz rise within 0.5 Hz of its largest bin (a line's
        harmonic or skirt: most of it; a broadband rise: about a quarter; :func:`tremor.core.tap_rise.rise_shape`).
        None where the span holds fewer than 3 frames, or as ``rise_shape`` gives it.
    """
    span_psd = _span_spectrum(frames, start_s, end_s)
    return None if span_psd is None else rise_shape(span_psd, rest_psd)


def tap_carried(frames: Frames, start_s: float, end_s: float, rest_psd: np.ndarray | None) -> bool:
    """Whether a hold's 6-12 Hz power is broadband impulse energy (taps), not a tremor line (module docstring).

    Parameters
    ----------
    frames : Frames
        The frame table.
    start_s, end_s : float
        The hold, in s.
    rest_psd : ndarray or None
        The rest's median spectrum (:func:`rest_spectrum`); None (no rest baseline, or 13-18 Hz not shown at
        this rate) judges nothing.

    Returns
    -------
    bool
        True where the 13-18 Hz rise is :data:`TAP_HIGH_SHARE` of the 6-12 Hz rise or more, spread (at most
        :data:`TAP_LINE_SHARE` of it within 0.5 Hz of its largest bin), and the 13-18 Hz level
        :data:`TAP_HIGH_OVER_REST` times the rest's or more.
    """
    if rest_psd is None:
        return False
    span_psd = _span_spectrum(frames, start_s, end_s)
    return span_psd is not None and taps_rise(span_psd, rest_psd)


def twitches_dominate(
    tap_times_s: np.ndarray, twitch_times_s: np.ndarray, start_s: float, end_s: float
) -> bool:
    """Whether a span's impulses, where the twitch detector looked (90 Hz or more), were twitches, not taps.

    Fasciculations ring the wrist at 12-35 Hz and fill 13-18 Hz as taps do: a hold with a weak fatigue rise and
    twitches (``mixed``) can read as broadband. Taps come in bursts, which the detector marks ``"activity"`` (or
    ``"rhythmic"``, where they run together); twitches stand alone and are counted. The broadband rule does not
    read a hold as taps where :data:`TWITCHES_MIN` or more counted twitches lie in it and its recovery, more than
    the tap events there (twitches inside a hold are often not counted, its tremor moving the wrist; a twitching
    spell shows in the rest after it).

    Parameters
    ----------
    tap_times_s, twitch_times_s : ndarray
        Sorted times (s) of the tap events (kinds ``"activity"`` and ``"rhythmic"``) and of the counted twitches.
    start_s, end_s : float
        The span, in s.

    Returns
    -------
    bool
        True where the span holds :data:`TWITCHES_MIN` or more twitches and more of them than tap events.
    """
    taps = int(np.searchsorted(tap_times_s, end_s, "right") - np.searchsorted(tap_times_s, start_s, "left"))
    twitches = int(
        np.searchsorted(twitch_times_s, end_s, "right") - np.searchsorted(twitch_times_s, start_s, "left")
    )
    return twitches >= TWITCHES_MIN and twitches > taps


def tapped_often(tap_times_s: np.ndarray, start_s: float, end_s: float) -> bool:
    """Whether a hold holds tap events at a typing rate (:data:`TAP_MIN_RATE_HZ`), where the detector looked.

    Parameters
    ----------
    tap_times_s : ndarray
        Sorted times (s) of the tap events (kinds ``"activity"`` and ``"rhythmic"``).
    start_s, end_s : float
        The hold, in s.

    Returns
    -------
    bool
        True where the hold holds :data:`TAP_MIN_RATE_HZ` tap events a second or more.
    """
    taps = int(np.searchsorted(tap_times_s, end_s, "right") - np.searchsorted(tap_times_s, start_s, "left"))
    return taps >= TAP_MIN_RATE_HZ * max(end_s - start_s, 0.0)


def without_tremor(m: SetMetrics) -> SetMetrics:
    """A set's metrics with its tremor figures withheld for taps (reason ``"taps"``): movement and twitches kept.

    Parameters
    ----------
    m : SetMetrics
        The set's metrics as measured.

    Returns
    -------
    SetMetrics
        The same with no tremor level, peak, rise, comparison with rest or out-of-band peak, not assessable.
    """
    return replace(
        m,
        peak_hz=None,
        start_peak_hz=None,
        end_peak_hz=None,
        rms_mps2=None,
        power_vs_rest=None,
        end_to_start_ratio=None,
        last_third_vs_rest=None,
        oob_band=None,
        oob_peak_hz=None,
        oob_vs_phys=None,
        oob_prominence=None,
        assessable=False,
        not_assessable_reason="taps",
        peak_prominence=None,
        centroid_hz=None,
        peak_sd_hz=None,
        oob_leak_share=None,
        oob_rms_mps2=None,
        rise_log_sd=None,
        oob_drifted=False,
        oob_on_edge=False,
    )


def tapped_still(spans: list[tuple[float, float]], frames: Frames, tap_times_s: np.ndarray) -> list[bool]:
    """For each still span, whether taps were there (a wrist typing, not a device lying still; module docstring).

    Parameters
    ----------
    spans : list of tuple of float
        The still spans (start_s, end_s) (:func:`tremor.core.still.still_spans`).
    frames : Frames
        The frame table.
    tap_times_s : ndarray
        Sorted times (s) of the tap events (twitch-band transients of kind ``"activity"`` or ``"artefact"``).

    Returns
    -------
    list of bool
        One per span: :data:`TAP_EVENTS_MIN` tap events or more in it, or its median 6-12 Hz power
        :data:`FLOOR_OVER_QUIET` times the recording's quiet level or more.
    """
    if not spans:
        return []
    phys = frames.power_phys[np.isfinite(frames.power_phys)]
    quiet = float(np.percentile(phys, QUIET_PERCENTILE)) if phys.size else 0.0
    t = frames.t_s
    out = []
    for a, b in spans:
        lo, hi = np.searchsorted(tap_times_s, [a, b], "left")
        inside = frames.power_phys[(t >= a) & (t <= b)]
        inside = inside[np.isfinite(inside)]
        level = float(np.median(inside)) if inside.size else 0.0
        out.append(bool(hi - lo >= TAP_EVENTS_MIN or (quiet > 0 and level >= FLOOR_OVER_QUIET * quiet)))
    return out
