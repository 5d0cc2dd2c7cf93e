"""A set's 6-12 Hz top on a harmonic of a steady 2.4-3.3 Hz movement: movement, not tremor (issue 9).

A movement at a brisk walk's step rate (2.5-3.0 steps/s, 150-180 steps/min; a fast rhythm's 2.4-3.3 Hz) puts its
second to fourth harmonics at 4.8-13.2 Hz, into and beside the 6-12 Hz band: the trunk's bob at a wrist holds a
second harmonic of 0.2-0.4 of its size, and at 2.9-3.0 steps/s that line (5.8-6 Hz, the 2 s window's main lobe
1 Hz either side) lies on the band's lower edge. Where such a walk is not recognised as walking (heel strikes too
weak to ring the wrist: :mod:`tremor.core.brisk_walk`) and becomes a set, the line read as tremor 200-1600 times the
rest's 6-12 Hz power (``enhanced_tremor``; tests/core/wrist_walk.py, 5 of 180 walks at 2.6-3.1 steps/s). A tremor
line has its own frequency: :func:`step_harmonic` finds the band's top bin at a multiple of the movement's steady
cadence (or its skirt at the band's edge), which no 2 s window can tell from a tremor there, so the set's tremor is
not assessable (its movement's harmonics fill the band).
"""

from __future__ import annotations

import numpy as np

from tremor.core.features import PSD_FREQS
from tremor.core.peak import spectral_peak
from tremor.core.spectral import BANDS

__all__ = ["HARMONIC_CADENCE_HZ", "HARMONIC_TOL_HZ", "LINE_OVER_TOP", "STEADY_CADENCE_HZ", "step_harmonic"]

#: The cadences whose harmonics are judged: a brisk walk's step rate read by the cadence (2.5-3.0 steps/s, race
#: walking to 3.3) and a 2.4-2.6 Hz rhythm beside gait.WALK_HZ's top; slower rhythmic sets (0.5-2.5 Hz) have their
#: own rules (tremor.core.sets.movement_leak, tremor.core.movement_lock).
HARMONIC_CADENCE_HZ = (2.4, 3.3)
#: The movement is steady: its frames' cadence quartiles lie within this of their median (a walk's or a rhythm's
#: steps wander 1-3 %: 0.03-0.09 Hz at 3 Hz; frame to frame a 2 s window reads a steady 2.9 Hz rhythm within
#: 0.02-0.04 Hz).
STEADY_CADENCE_HZ = 0.15
#: The top bin lies on a harmonic within this (Hz): half a 2 s Hann window's main lobe (1 Hz), so a tremor line
#: half-way between two harmonics (1.2-1.65 Hz from each) is never taken for one.
HARMONIC_TOL_HZ = 0.5
#: Where a harmonic's skirt tops the band at its 6 Hz edge, the band's own line (:func:`tremor.core.peak.spectral_peak`)
#: off the harmonics at least this share of that top is a tremor's resolved line, carrying the band's level with the
#: skirt (a smooth 2.9-3.1 Hz set with a 2nd harmonic of 0.2 of it and a fatigue tremor growing to 0.2 m/s^2
#: between harmonics: 0.6-0.85, tests/core/test_step_harmonics_tremor.py); a bump far under the skirt leaves the
#: band's level to the movement.
LINE_OVER_TOP = 0.5
#: the 6-12 Hz band's bins, both edges in (spectral.BANDS' own mask leaves 12 Hz out)
_PHYS = BANDS["physiological"]
_BAND = np.less_equal(_PHYS.low_hz, PSD_FREQS) & np.less_equal(PSD_FREQS, _PHYS.high_hz)
#: a line below the band whose skirt tops it at its lower edge: within a main lobe's half-width (1 Hz) below 6 Hz
_SKIRT_HZ = 1.0


def step_harmonic(cadence_hz: np.ndarray, spectrum: np.ndarray) -> bool:
    """Whether a set's 6-12 Hz top lies on a harmonic of its steady 2.4-3.3 Hz movement.

    Parameters
    ----------
    cadence_hz : ndarray
        The movement cadence of the set's frames (Hz; NaN where none).
    spectrum : ndarray
        Their mean power spectral density on :data:`tremor.core.features.PSD_FREQS`, (m/s^2)^2/Hz.

    Returns
    -------
    bool
        True where the median cadence lies in :data:`HARMONIC_CADENCE_HZ`, its quartiles within
        :data:`STEADY_CADENCE_HZ` of it, and the spectrum's highest 6-12 Hz bin lies within
        :data:`HARMONIC_TOL_HZ` of a multiple (2 or more) of it, or at 6 Hz where a multiple lies less than
        1 Hz below (the band's edge on that harmonic's skirt). Where that top is the 6 Hz edge bin and the band
        holds a line of its own (:func:`tremor.core.peak.spectral_peak`) at least :data:`LINE_OVER_TOP` of it
        and off the harmonics (over :data:`HARMONIC_TOL_HZ` from each), False: the tremor's resolved line.
    """
    cad = np.asarray(cadence_hz, np.float64)
    cad = cad[np.isfinite(cad)]
    spec = np.nan_to_num(np.asarray(spectrum, np.float64))
    if cad.size == 0 or not np.any(spec[_BAND] > 0):
        return False
    q25, med, q75 = np.percentile(cad, [25, 50, 75])
    if (
        not HARMONIC_CADENCE_HZ[0] <= med <= HARMONIC_CADENCE_HZ[1]
        or max(med - q25, q75 - med) > STEADY_CADENCE_HZ
    ):
        return False
    multiples = med * np.arange(2, 6)
    top = float(PSD_FREQS[_BAND][int(np.argmax(spec[_BAND]))])
    low = float(PSD_FREQS[_BAND][0])
    if top == low:
        # the band's edge bin on top: a 2nd harmonic's skirt (5-6.5 Hz) unless the band holds a line of its own
        # (tremor.core.peak: the skirt itself is none) nearly as high, off the harmonics (1.2-1.65 Hz from each
        # where half-way): a tremor resolved from them, whatever the skirt at the edge
        line, _ = spectral_peak(spec)
        if (
            line is not None
            and spec[int(np.argmin(np.abs(PSD_FREQS - line)))] >= LINE_OVER_TOP * spec[_BAND].max()
            and not np.any(np.abs(multiples - line) <= HARMONIC_TOL_HZ)
        ):
            return False
    if np.any(np.abs(multiples - top) <= HARMONIC_TOL_HZ):
        return True
    return top == low and bool(np.any((multiples < low) & (multiples >= low - _SKIRT_HZ)))
