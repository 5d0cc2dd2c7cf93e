"""The rest's 6-12 Hz level without an out-of-band rest tremor's harmonics and skirt.

A rest tremor under the physiological band (a Parkinsonian-like 3.5-6 Hz one) is not a sine: its waveform puts a
2nd harmonic at 7-12 Hz and a 3rd at 10.5-18 Hz, phase-locked to it, and its own line's skirt (a 2 s frame's Hann
window spreads a line over +-1 Hz) reaches above 6 Hz. The rest's 6-12 Hz level then measures that tremor's
waveform, not an enhanced physiological tremor, and is no evidence of sleep loss, stress or stimulants (red team
round eight, ``pd_walk``). :func:`rest_level_without_harmonics` takes the level from the band's other bins: those
within :data:`SKIRT_HZ` of the line above it and within :func:`harmonic_half_width` of its 2nd and 3rd harmonics are
replaced by the median of the kept bins (a broad physiological tremor's density), so an independent 8-12 Hz tremor
off those bins still counts in full; the level is never raised above the measured one.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

from tremor.core.episodes import OOB_PROMINENCE, Episode
from tremor.core.features import PSD_FREQS, Frames
from tremor.core.spectral import BANDS

#: Harmonics of a rest tremor's line that are left out of the band (its 2nd and 3rd).
HARMONICS = (2, 3)
#: Half width (Hz) of a line's skirt in a 2 s Hann frame (its main lobe, +-2 bins of 0.5 Hz), plus the line's
#: own width (a rest tremor wanders +-0.25 Hz).
SKIRT_HZ = 1.25
#: Least share of the band's bins that must be left to judge the level (2 Hz of 6 Hz).
MIN_KEPT_SHARE = 1.0 / 3.0


def harmonic_half_width(k: int) -> float:
    """Half width (Hz) of the k-th harmonic's bins: the skirt, plus the line's wander times k beyond the first.

    Parameters
    ----------
    k : int
        Harmonic number (2 or 3).

    Returns
    -------
    float
        :data:`SKIRT_HZ` plus 0.25 Hz for each order above the first.
    """
    return SKIRT_HZ + 0.25 * (k - 1)


@dataclass(frozen=True)
class RestLevel:
    """The rest's 6-12 Hz level judged without a rest tremor's harmonics.

    Attributes
    ----------
    rms_mps2 : float or None
        The level in m/s^2 RMS; None where too little of the band is left to judge it.
    left_out : tuple of tuple of float
        The 6-12 Hz ranges (low, high) in Hz left out, merged; empty where nothing was.
    tremor_hz : tuple of float
        The rest tremors' frequencies (Hz) whose harmonics or skirt were left out.
    """

    rms_mps2: float | None
    left_out: tuple[tuple[float, float], ...]
    tremor_hz: tuple[float, ...]

    def left_out_words(self) -> str:
        """What was left out, as printed in evidence.

        Returns
        -------
        str
            "leaving out 7.5-10.5 Hz, 11.8-12.0 Hz, where a 4.5 Hz line at rest would put its harmonics and skirt".
            A line, not a rest tremor: a frame's line under the band may be a fidget, a machine's line or an
            enhanced physiological tremor's own lower skirt (rev50: 18 of 60 broad 8.2-10 Hz rest tremors with no
            rest tremor at all were worded "the 5.8 Hz rest tremor's harmonics").
        """
        # a skirt reaching just past 6 Hz (a 4.8 Hz line's, to 6.05 Hz) is the one bin at 6.0 Hz, not "6.0-6.0 Hz"
        spans = ", ".join(f"{a:.1f} Hz" if b - a < 0.1 else f"{a:.1f}-{b:.1f} Hz" for a, b in self.left_out)
        lines = " and ".join(f"{f:.1f} Hz" for f in self.tremor_hz)
        many = len(self.tremor_hz) > 1
        return (
            f"leaving out {spans}, where {'lines' if many else 'a line'} at rest of {lines} would put "
            f"{'their' if many else 'its'} harmonics and skirt"
        )


def left_out_ranges(freqs_hz: list[float]) -> list[tuple[float, float]]:
    """The merged 6-12 Hz ranges a rest tremor at each frequency fills: its skirt and its 2nd and 3rd harmonics.

    Parameters
    ----------
    freqs_hz : list of float
        The rest tremors' frequencies (Hz), each under the physiological band.

    Returns
    -------
    list of tuple of float
        Ranges (low, high) in Hz, clipped to the band and merged, in order.
    """
    band = BANDS["physiological"]
    spans = [(f - SKIRT_HZ, f + SKIRT_HZ) for f in freqs_hz]
    spans += [
        (k * f - harmonic_half_width(k), k * f + harmonic_half_width(k)) for f in freqs_hz for k in HARMONICS
    ]
    clipped = sorted((max(a, band.low_hz), min(b, band.high_hz)) for a, b in spans)
    merged: list[tuple[float, float]] = []
    for a, b in clipped:
        if b <= a:
            continue
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


def rest_level_without_harmonics(
    frames: Frames, mask: np.ndarray, episodes: tuple[Episode, ...]
) -> RestLevel:
    """The rest frames' median 6-12 Hz level, a rest tremor's skirt and harmonics replaced by the band's median.

    The tremors are the rest's out-of-band episodes under the band (their bins are left out of every rest frame)
    and, frame by frame, a line under the band as prominent as an episode's (:data:`OOB_PROMINENCE` times the
    frame's 2-20 Hz median; a rest tremor too short or too wavering to be reported as an episode still puts its
    harmonics in the band). A frame with less than :data:`MIN_KEPT_SHARE` of the band left is not judged.

    Parameters
    ----------
    frames : Frames
        Frame features of the recording.
    mask : ndarray of bool, shape (n_frames,)
        The rest baseline's frames (:func:`tremor.core.classify.rest_baseline`).
    episodes : tuple of Episode
        The rest's out-of-band episodes; those under the band count.

    Returns
    -------
    RestLevel
        The level (m/s^2 RMS; None with fewer than 4 frames judged), the ranges left out (those of the episodes,
        else of the frames' own lines, in 6-12 Hz) and the tremors' frequencies.
    """
    band = BANDS["physiological"]
    tremors = sorted({round(e.peak_hz, 1) for e in episodes if e.peak_hz < band.low_hz})
    line_hz = np.where(
        (frames.prominence_low[mask] >= OOB_PROMINENCE) & (frames.peak_low_hz[mask] < band.low_hz),
        frames.peak_low_hz[mask],
        np.nan,
    )
    values = frames.power_phys[mask].astype(float)
    if not tremors and not np.isfinite(line_hz).any():
        values = values[np.isfinite(values)]
        return RestLevel(float(np.sqrt(np.median(values))) if values.size >= 4 else None, (), ())
    in_band = band.mask(PSD_FREQS)
    drop = np.zeros((values.size, PSD_FREQS.size), bool)
    for a, b in left_out_ranges(tremors):
        drop |= (a <= PSD_FREQS) & (b >= PSD_FREQS)
    with np.errstate(invalid="ignore"):
        for k, half in ((1, SKIRT_HZ), *((k, harmonic_half_width(k)) for k in HARMONICS)):
            drop |= np.abs(PSD_FREQS[None, :] - k * line_hz[:, None]) <= half
    keep, drop = in_band & ~drop, in_band & drop
    psd = frames.psd[mask].astype(float)
    whole = psd[:, in_band].sum(axis=1)
    kept = np.where(keep, psd, np.nan)
    with warnings.catch_warnings():  # a frame with no bin kept: its median is NaN, and it is not judged below
        warnings.simplefilter("ignore", RuntimeWarning)
        middle = np.nanmedian(kept, axis=1)
    judged = np.nansum(kept, axis=1) + np.nan_to_num(middle) * drop.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.minimum(np.where(whole > 0, judged / whole, np.nan), 1.0)
    share[keep.sum(axis=1) < MIN_KEPT_SHARE * in_band.sum()] = np.nan
    values = values * share
    values = values[np.isfinite(values)]
    shown = tremors or [round(float(np.median(line_hz[np.isfinite(line_hz)])), 1)]
    return RestLevel(
        float(np.sqrt(np.median(values))) if values.size >= 4 else None,
        tuple(left_out_ranges(shown)),
        tuple(shown),
    )
