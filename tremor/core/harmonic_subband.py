"""The weak external-vibration level's power without a tremor's 2nd harmonic (issue 9; review of red team R4-4).

The external-vibration rule's weak level (:data:`tremor.core.external_vibration.EXT_WEAK_MPS2`, 0.025 m/s^2 in
a 6 Hz sub-band above 14 Hz, steady for 20 s with no transient) finds a car's road vibration at the steering wheel
and a bus seat's. A fatigue hold's tremor with a broad 2nd harmonic reaches it too: the harmonic grows with the
tremor through the hold, steady and with no transient, as a road does (a 7-8 Hz tremor 1.5-2 Hz wide growing to
0.15 m/s^2 with a harmonic of 35-50 % of its amplitude, 3-4 Hz wide at 14-16 Hz: the hold's second half was read
as "something shook the wrist" and the set vanished). :func:`external_weak_power` is each frame's broadband power
for the weak level without the sub-band that holds that harmonic (``tests/core/test_harmonic_holds.py``); the
first level (:data:`tremor.core.external_vibration.EXT_MIN_MPS2`, 0.06) keeps every sub-band, as a harmonic would
need a tremor of 0.3-0.5 m/s^2 to reach it.
"""

from __future__ import annotations

import numpy as np

from tremor.core.external_vibration import EXT_SUBBAND_HZ, external_subbands, subband_levels

__all__ = ["EXT_HARMONIC_MARGIN_HZ", "EXT_HARMONIC_SHARE", "external_weak_power"]

#: The weak level leaves out the sub-band holding the frame's tremor's 2nd harmonic: the one where twice the
#: frequency of the largest bin in 3-12 Hz lies, or within this many Hz of its edges (a 2 s window's bin, 0.5 Hz).
#: A harmonic is twice as wide as its fundamental (a 7-8 Hz fatigue tremor 1.5-2 Hz wide puts a 3-4 Hz wide
#: harmonic at 14-16 Hz, 35-50 % of its amplitude, growing with the tremor through a hold), so it lifts a 6 Hz
#: sub-band's low quantile to the weak level (0.025 m/s^2) once the tremor reaches about 0.1 m/s^2, while the
#: first level (0.06) needs 2-3 times that. The peak is sought from 3 Hz so that the skirt of a seated body's 4-6 Hz
#: resonance (a bus seat's, peaking at 5-6.75 Hz) is not read as a 6-12 Hz line with a harmonic at 12-14 Hz.
EXT_HARMONIC_MARGIN_HZ = 0.5
#: ... where the sub-band's power is at most this share of the 3-12 Hz band's: a 2nd harmonic at half its
#: fundamental's amplitude holds a quarter of its power, and the sub-band's low quantile reads less (such holds'
#: frames over the weak level: 0.03-0.61, median 0.13, 95th percentile 0.43), while a road's broadband beside a
#: steering wheel's 7 Hz shimmy line reads 0.13-1.6 (median 0.5; at 50 Hz the 14-20 Hz sub-band is the only one).
EXT_HARMONIC_SHARE = 0.25
#: The band whose largest bin is taken as the fundamental (Hz): the tremor bands below 12 Hz.
_FUND_BAND_HZ = (3.0, 12.0)


def external_weak_power(
    freqs: np.ndarray, psd: np.ndarray, fs: float, *, levels: np.ndarray | None = None
) -> np.ndarray:
    """Each window's broadband power for the weak level, without a tremor's 2nd harmonic.

    The sub-bands are those of :func:`~tremor.core.external_vibration.external_power`, less the one holding
    twice the frequency of the largest bin in 3-12 Hz (within :data:`EXT_HARMONIC_MARGIN_HZ` of its edges) where it holds at most
    :data:`EXT_HARMONIC_SHARE` of the 3-12 Hz power.

    Parameters
    ----------
    freqs : ndarray, shape (n_bins,)
        Frequencies of the spectrum in Hz.
    psd : ndarray, shape (n_frames, n_bins)
        One-sided power spectral density in (m/s^2)^2/Hz (summed over axes).
    fs : float
        Sampling rate in Hz.
    levels : ndarray, shape (n_frames, n_subbands), or None
        The sub-band levels (:func:`~tremor.core.external_vibration.subband_levels`) where the caller has
        them, as :func:`~tremor.core.external_vibration.external_power` takes them; None computes them.

    Returns
    -------
    ndarray, shape (n_frames,)
        (m/s^2)^2; 0 where every sub-band is left out; NaN where the rate holds no sub-band.
    """
    bands = external_subbands(fs)
    n = psd.shape[0]
    if not bands or n == 0:
        return np.full(n, np.nan)
    power = (subband_levels(freqs, psd, bands) if levels is None else levels) * EXT_SUBBAND_HZ
    df = float(freqs[1] - freqs[0])
    fund = (freqs >= _FUND_BAND_HZ[0]) & (freqs <= _FUND_BAND_HZ[1])
    band_psd = psd[:, fund]
    twice = 2.0 * freqs[fund][np.argmax(band_psd, axis=1)][:, None]
    fund_power = np.sum(band_psd, axis=1)[:, None] * df
    lo = np.array([a for a, _ in bands])[None, :]
    hi = np.array([b for _, b in bands])[None, :]
    harmonic = (
        (twice >= lo - EXT_HARMONIC_MARGIN_HZ)
        & (twice < hi + EXT_HARMONIC_MARGIN_HZ)
        & (power <= EXT_HARMONIC_SHARE * fund_power)
    )
    return np.asarray(np.max(np.where(harmonic, 0.0, power), axis=1))
