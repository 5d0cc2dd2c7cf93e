"""A raised forearm whose 6-12 Hz power is taps, not a tremor line (issue 9; red team R4-8, phone checks).

Checking a phone in a long seated rest raises the forearm 25-45 deg for 20-40 s: a static pose, found as a
``hold``. Typing on it taps the wrist 2-8 times a second; each tap rings the wrist for 10-30 ms at 8-20 Hz, an
impulse whose spectrum is a Lorentzian 10-30 Hz wide. Their power in 6-12 Hz is therefore broadband: it comes
with about as much per Hz above the band. A tremor line (fatigue or enhanced physiological tremor) is 1-3 Hz
wide: it raises 6-12 Hz and leaves 13-18 Hz at the rest's level (its harmonics hold a few percent of its power).

So a hold whose 13-18 Hz power rose over the rest's by :data:`TAP_HIGH_SHARE` or more of its 6-12 Hz rise, to
:data:`TAP_HIGH_OVER_REST` times the rest's or more (medians over its windows, so a knock or two does not
count), holds broadband impulse energy, not a tremor line that could be measured under it: its tremor, fatigue
rise and comparison with rest are withheld (reason ``"taps"``), and no cause, set's or session's, is drawn
from it. Measured on this module's tests' own signals (phone checks at 2-8 taps/s of 0.05-0.4 m/s^2, 50-200
Hz): a rise share of 0.37-1.15; true holds with a fatigue tremor growing to 0.1-0.15 m/s^2 at 8-12 Hz, with or
without knocks: 0.000-0.002. The rule reads the spectrum only, so it holds where twitches (and the taps as
events) are not sought, below 90 Hz; it needs 13-18 Hz (45 Hz or more).

*Not worn?* A raised forearm holding a phone can keep its orientation within 0.2 deg and the taps flatten its
2-20 Hz spectrum, which reads as a device lying still at the sensor's noise floor (:mod:`tremor.core.still`).
Taps are no noise floor: a still span is kept a wrist (:func:`tapped_still`) where it holds
:data:`TAP_EVENTS_MIN` or more tap events (twitch-band transients of kind ``"activity"`` or ``"artefact"``,
found at 90 Hz or more), or where its 6-12 Hz level is :data:`FLOOR_OVER_QUIET` times the recording's quiet
level (the :data:`QUIET_PERCENTILE` th percentile of its frames) or more: the sensor's noise floor cannot lie
above the quietest the recording shows.

Only ``hold`` sets are judged: in reps the movement's harmonics and impacts fill both bands, and their own
rules (movement, rattle, impacts) apply.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from tremor.core.classify import SetMetrics
from tremor.core.features import Frames

__all__ = [
    "TAP_HIGH_SHARE",
    "TAP_HIGH_OVER_REST",
    "TAP_EVENTS_MIN",
    "FLOOR_OVER_QUIET",
    "QUIET_PERCENTILE",
    "broadband_rise_share",
    "tap_carried",
    "tapped_still",
    "without_tremor",
]

#: The 13-18 Hz rise over rest at or above this share of the 6-12 Hz rise is broadband energy (taps: 0.37-1.15
#: measured; a tremor line: under 0.01).
TAP_HIGH_SHARE = 0.2
#: ... and the 13-18 Hz level at least this many times the rest's, so that it is seen above the rest's scatter
#: (a weak set's small rises are no evidence either way).
TAP_HIGH_OVER_REST = 1.5
#: Tap events (kind ``"activity"`` or ``"artefact"``) in a still span that make it a tapped wrist, not a device at rest.
TAP_EVENTS_MIN = 4
#: A still span's median 6-12 Hz power at or above this many times the recording's quiet level is above the
#: sensor's noise floor (taps on a raised phone: 2.5-12x the rest measured).
FLOOR_OVER_QUIET = 2.0
#: The percentile of the frames' 6-12 Hz power taken as the recording's quiet level.
QUIET_PERCENTILE = 5.0


def broadband_rise_share(
    frames: Frames, start_s: float, end_s: float, rest_phys: float, rest_high: float
) -> tuple[float, float] | None:
    """The 13-18 Hz rise of a span over rest as a share of its 6-12 Hz rise, and its 13-18 Hz level over rest.

    Medians over the frames whose centres lie 1 s or more inside the span (all its frames where fewer than 3 do).

    Parameters
    ----------
    frames : Frames
        The frame table.
    start_s, end_s : float
        The span, in s.
    rest_phys, rest_high : float
        The rest's median 6-12 Hz and 13-18 Hz powers, (m/s^2)^2.

    Returns
    -------
    tuple of float or None
        ``(share, high_over_rest)``; None where the span holds fewer than 3 frames with both bands finite, the
        rest levels are not positive, or the 6-12 Hz band did not rise.
    """
    t = frames.t_s
    inside = (t >= start_s + 1.0) & (t <= end_s - 1.0)
    if inside.sum() < 3:
        inside = (t >= start_s) & (t <= end_s)
    phys, high = frames.power_phys[inside], frames.power_high[inside]
    ok = np.isfinite(phys) & np.isfinite(high)
    if ok.sum() < 3 or not (rest_phys > 0 and rest_high > 0):
        return None
    rise_phys = float(np.median(phys[ok])) - rest_phys
    med_high = float(np.median(high[ok]))
    if rise_phys <= 0:
        return None
    return (med_high - rest_high) / rise_phys, med_high / rest_high


def tap_carried(
    frames: Frames, start_s: float, end_s: float, rest_phys: float | None, rest_high: float | None
) -> bool:
    """Whether a hold's 6-12 Hz power is broadband impulse energy (taps), not a tremor line (module docstring).

    Parameters
    ----------
    frames : Frames
        The frame table.
    start_s, end_s : float
        The hold, in s.
    rest_phys, rest_high : float or None
        The rest's median 6-12 Hz and 13-18 Hz powers, (m/s^2)^2; None (no rest baseline, or 13-18 Hz not
        shown at this rate) judges nothing.

    Returns
    -------
    bool
        True where the 13-18 Hz rise is :data:`TAP_HIGH_SHARE` of the 6-12 Hz rise or more and the 13-18 Hz level
        :data:`TAP_HIGH_OVER_REST` times the rest's or more.
    """
    if rest_phys is None or rest_high is None:
        return False
    got = broadband_rise_share(frames, start_s, end_s, rest_phys, rest_high)
    return got is not None and got[0] >= TAP_HIGH_SHARE and got[1] >= TAP_HIGH_OVER_REST


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
