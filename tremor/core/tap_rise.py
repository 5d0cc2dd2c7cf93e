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

__all__ = ["TAP_HIGH_SHARE", "TAP_LINE_SHARE", "TAP_HIGH_OVER_REST", "rise_shape", "taps_rise"]

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
