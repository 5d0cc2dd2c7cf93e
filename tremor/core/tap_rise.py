"""The spectral shape of taps: a broadband rise above the 6-12 Hz band, not a tremor line (issue 9, R4-8).

A tap rings the wrist for 10-30 ms at 8-20 Hz, so its power in 6-12 Hz comes with about as much per Hz above the
band; a tremor line (1-3 Hz wide) raises 6-12 Hz and leaves 13-18 Hz at the rest's level. This module holds the one
rule that reads it, for a span's spectrum against the rest's: :mod:`tremor.core.tap_sets` (a hold that is a phone
check) and :mod:`tremor.core.posture_shift` (a rise inside a posture stay that is taps, not tremor) both call it.
It imports nothing of the set segmentation, which both of them stand beside.
"""

from __future__ import annotations

import numpy as np

from tremor.core.features import PSD_FREQS

__all__ = [
    "TAP_HIGH_SHARE",
    "TAP_LINE_SHARE",
    "TAP_HIGH_OVER_REST",
    "TAP_RATE_HZ",
    "TOOTH_OVER_VALLEY",
    "comb_tooth",
    "rise_shape",
    "taps_rise",
    "tap_train_rise",
]

#: The 13-18 Hz rise over rest at or above this share of the 6-12 Hz rise is broadband energy (taps: 0.13-1.15
#: measured, the lower where the raised forearm's own postural tremor adds to the 6-12 Hz rise; a fatigue tremor
#: line at 8-12 Hz: under 0.03; its second harmonic at 30 % of its amplitude in 13-18 Hz: about 0.1, a line).
#: 0.05 read two calm holds of a 52 Hz simulated pair session as taps (a calm set's small 6-12 Hz rise makes the
#: share scatter), so faint taps under 0.2 are left assessed (``calm``).
TAP_HIGH_SHARE = 0.2
#: ... and spread over 13-18 Hz: at most this share of its rise within 0.5 Hz of its largest bin (a flat rise:
#: 5 of 21 bins, about 0.24; a tremor's harmonic, or the skirt of a line at the band's edge: most of it).
TAP_LINE_SHARE = 0.5
#: ... and the 13-18 Hz level at least this many times the rest's, so that it is seen above the rest's scatter
#: (a weak set's small rises are no evidence either way).
TAP_HIGH_OVER_REST = 1.5
#: Typing rates (taps a second) whose comb :func:`comb_tooth` looks for: a thumb or fingers tapping a screen.
TAP_RATE_HZ = (3.0, 9.0)
#: A comb's tooth stands at least this many times (power) over the rise midway to the next tooth: a line over the
#: broadband floor between the teeth (with a 2 s window the teeth, 3-9 Hz apart, are resolved: each tooth's main
#: lobe is 1 Hz either side, the midpoint 1.5-4.5 Hz away).
TOOTH_OVER_VALLEY = 2.0
#: Half-width (Hz) about a comb's predicted tooth, and about its midpoint, over which the rise is read.
_TOOTH_HALF_HZ = 0.25


def rise_shape(span_psd: np.ndarray, rest_psd: np.ndarray) -> tuple[float, float, float] | None:
    """How a span's spectrum rose over the rest's: above the 6-12 Hz band as against in it, and how spread.

    Parameters
    ----------
    span_psd, rest_psd : ndarray, shape (PSD_FREQS.size,)
        The span's and the rest's spectra on :data:`~tremor.core.features.PSD_FREQS`, (m/s^2)^2/Hz.

    Returns
    -------
    tuple of float or None
        ``(share, over_rest, line_share)``: the 13-18 Hz rise over the 6-12 Hz rise (powers); the 13-18 Hz
        power over the rest's; and the share of the 13-18 Hz rise within 0.5 Hz of its largest bin (a line's
        harmonic or skirt: most of it; a broadband rise: about a quarter). None where the spectra are not
        finite, the rest's 13-18 Hz power is not positive, or neither band rose.
    """
    f = PSD_FREQS
    phys, high = (f >= 6.0) & (f <= 12.0), (f >= 13.0) & (f <= 18.0)
    excess = np.asarray(span_psd, np.float64) - rest_psd
    rise_phys, rise_high = float(excess[phys].sum()), float(excess[high].sum())
    rest_high = float(rest_psd[high].sum())
    if (
        not (np.isfinite(rise_phys) and np.isfinite(rise_high) and rest_high > 0)
        or rise_phys <= 0
        or rise_high <= 0
    ):
        return None
    top = f[high][int(np.argmax(excess[high]))]
    near = high & (np.abs(f - top) <= 0.5)
    line_share = float(np.clip(excess[near], 0.0, None).sum()) / rise_high
    return rise_high / rise_phys, 1.0 + rise_high / rest_high, line_share


def _near(rise: np.ndarray, freq: float) -> float:
    """The largest rise within :data:`_TOOTH_HALF_HZ` of ``freq`` (NaN where no bin lies there)."""
    near = np.abs(PSD_FREQS - freq) <= _TOOTH_HALF_HZ + 1e-9
    return float(np.max(rise[near])) if near.any() else float("nan")


def comb_tooth(span_psd: np.ndarray, rest_psd: np.ndarray) -> bool:
    """Whether the 13-18 Hz rise's top is a tooth of a regular tap train's comb, with the tooth below it.

    Taps at regular intervals (typing at a steady 3-9 a second, intervals varying by 3-10 %) are a periodic train of
    impulses: their spectrum is the single tap's broadband spectrum sampled on a comb at whole multiples ``k f0`` of
    the tap rate ``f0``, each tooth a line (the interval's jitter blurs the ``k`` th tooth by ``exp(-(2 pi k cv)^2)``:
    at a CV of 0.05 teeth stand to ``k`` = 3-4). One tooth often falls in 13-18 Hz and holds most of that band's rise,
    which :func:`taps_rise`'s spread test reads as a line. A tooth has its neighbour one spacing below it: for some
    ``k`` in 2-4 with ``f0 = top / k`` in :data:`TAP_RATE_HZ`, the rise about ``top`` stands :data:`TOOTH_OVER_VALLEY`
    times or more over the floor beside it (the rise about the midpoint to the tooth below, or about ``top + f0 / 2``
    where that is lower: a typing hand's own postural tremor at 8-12 Hz can fill the first), and the rise about
    ``top - f0`` as many times over the rise about both its own midpoints (``top - f0 / 2`` and ``top - 3 f0 / 2``): a
    peak, not the falling skirt of a tremor line at the band's edge. A tremor's 2nd harmonic has
    its fundamental there too (a two-tooth comb): this test does not tell it from taps, the caller must
    (:mod:`tremor.core.phone_use` asks that the frames be impulsive and the 6-12 Hz rise no tremor line).

    Parameters
    ----------
    span_psd, rest_psd : ndarray, shape (PSD_FREQS.size,)
        As :func:`rise_shape` takes them.

    Returns
    -------
    bool
        True where such a pair of teeth stands; False where the spectra are not finite or nothing rose.
    """
    f = PSD_FREQS
    rise = np.asarray(span_psd, np.float64) - rest_psd
    high = (f >= 13.0) & (f <= 18.0)
    if not np.all(np.isfinite(rise)) or float(np.max(rise[high])) <= 0.0:
        return False
    top = float(f[high][int(np.argmax(rise[high]))])
    for k in (2, 3, 4):
        f0 = top / k
        if not TAP_RATE_HZ[0] <= f0 <= TAP_RATE_HZ[1]:
            continue
        # the floor beside the top: midway to the tooth below it, or midway to the one above where that is lower
        # (a typing hand's postural tremor, 8-12 Hz, can fill the first)
        above = _near(rise, top + 0.5 * f0)
        valley = max(min(_near(rise, top - 0.5 * f0), above if np.isfinite(above) else np.inf), 0.0)
        lower, upper = _near(rise, top - f0), _near(rise, top)
        # and the tooth below stands over the floor on both its sides: a peak, not a line's falling skirt
        below = max(_near(rise, top - 0.5 * f0), _near(rise, top - 1.5 * f0), 0.0)
        if lower > 0.0 and upper >= TOOTH_OVER_VALLEY * valley and lower >= TOOTH_OVER_VALLEY * below:
            return True
    return False


def taps_rise(span_psd: np.ndarray, rest_psd: np.ndarray) -> bool:
    """Whether a span's rise over the rest is taps' broadband rise, not a tremor line.

    Parameters
    ----------
    span_psd, rest_psd : ndarray, shape (PSD_FREQS.size,)
        As :func:`rise_shape` takes them.

    Returns
    -------
    bool
        True where the 13-18 Hz rise is :data:`TAP_HIGH_SHARE` of the 6-12 Hz rise or more, spread (at most
        :data:`TAP_LINE_SHARE` of it within 0.5 Hz of its largest bin), and the 13-18 Hz level
        :data:`TAP_HIGH_OVER_REST` times the rest's or more.
    """
    got = rise_shape(span_psd, rest_psd)
    return (
        got is not None
        and got[0] >= TAP_HIGH_SHARE
        and got[1] >= TAP_HIGH_OVER_REST
        and got[2] <= TAP_LINE_SHARE
    )


def tap_train_rise(span_psd: np.ndarray, rest_psd: np.ndarray) -> bool:
    """Whether a span's rise over the rest is taps', their timing irregular (:func:`taps_rise`) or regular.

    Regularly timed taps rise over 13-18 Hz as much as irregular ones, but on a comb's tooth (:func:`comb_tooth`),
    which :func:`taps_rise`'s spread test reads as a line. A tremor's harmonic reads as such a tooth too, so this is
    for a caller that tells taps from a tremor otherwise (:mod:`tremor.core.phone_use`: impulsive frames, no tremor
    line in 6-12 Hz).

    Parameters
    ----------
    span_psd, rest_psd : ndarray, shape (PSD_FREQS.size,)
        As :func:`rise_shape` takes them.

    Returns
    -------
    bool
        :func:`taps_rise`; or the 13-18 Hz rise :data:`TAP_HIGH_SHARE` of the 6-12 Hz rise or more, its level
        :data:`TAP_HIGH_OVER_REST` times the rest's or more, and its top a comb's tooth.
    """
    if taps_rise(span_psd, rest_psd):
        return True
    got = rise_shape(span_psd, rest_psd)
    return (
        got is not None
        and got[0] >= TAP_HIGH_SHARE
        and got[1] >= TAP_HIGH_OVER_REST
        and comb_tooth(span_psd, rest_psd)
    )
