"""Keeping machine vibration lines out of the tremor metrics (:func:`remove_lines`).

In the frames a line covers, the bins of the line and of each harmonic (wide enough that the Hann
window's leakage of the line falls below a fraction of the background) are replaced by a straight
line between their edges, and a band more than half of whose bins were replaced is *not
assessable* in that frame (NaN), rather than guessed. The lines come from
:func:`tremor.core.vibration.find_vibration`.
"""

from __future__ import annotations

import warnings
from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np

from tremor.core._rolling import row_nanmedian
from tremor.core.features import ASSESSABLE_FRACTION, PSD_FREQS, Frames
from tremor.core.spectral import BANDS, Band, peak_frequency
from tremor.core.vibration_spectra import true_runs

if TYPE_CHECKING:
    from tremor.core.vibration import VibrationLine


#: Excluded half-width around each line component (Hz): at least the Hann main lobe of a 2 s
#: window (1 Hz), wide enough that the window's leakage falls below LEAKAGE_FRACTION of the local
#: background, at most MAX_EXCLUSION_HZ.
MIN_EXCLUSION_HZ = 1.0
MAX_EXCLUSION_HZ = 3.0
LEAKAGE_FRACTION = 0.3
#: The background the leakage is compared with is at most this PSD ((m/s^2)^2/Hz): quiet
#: physiological tremor, 0.01 m/s^2 RMS spread over 6-12 Hz. A strong line's leakage swamps its
#: measured surroundings, so the measured background alone would understate what it hides.
REFERENCE_FLOOR_PSD = 0.01**2 / 6.0
#: A band more than this share of whose bins were excluded is not assessable in that frame.
MAX_EXCLUDED_SHARE = 0.5
#: A line component is left in place in a frame where its excluded bins carry this many times its own
#: power (a machine line's amplitude is steady, measured over its frames): at least 90 % of what is
#: there is something else, a tremor say, which the bins then measure (a 10 Hz, 0.03 m/s^2 line under a
#: set's 0.2 m/s^2 tremor sweeping 10.5 to 8 Hz: 25x; tests/core/test_stream.py).
SWAMPED_FACTOR = 10.0
#: A band is also not assessable in a frame whose largest kept bin in the band borders an excluded
#: run and stands at least this many times over the band's median kept bin: the band's peak (a
#: tremor's) rises into the line's bins, so the straight fill across them would guess most of the
#: band's power. A harmonic at 9.4 Hz excluded over 8.3-10.6 Hz hid a 10.3-10.5 Hz physiological
#: tremor: the fill read the rest at 0.68e-3 and a set at 2.04e-3 (m/s^2)^2, 3.0x, where the same
#: session without the line reads 1.8x (tests/core/test_vibration.py seed 955800886: 4.4x rest).
HIDDEN_PEAK_RATIO = 3.0


def exclusion_half_width(prominence: float) -> float:
    """Half-width (Hz) beyond which a 2 s Hann window's leakage of a line ``prominence`` times the
    background falls below :data:`LEAKAGE_FRACTION` of the background.

    The Hann window's amplitude response at ``x`` bins (of 0.5 Hz) from the line is bounded by
    ``1 / (pi x |x^2 - 1|)`` beyond its main lobe (``x >= 2``).

    Parameters
    ----------
    prominence : float
        The line's PSD over the background (:func:`prominence_for_exclusion`).

    Returns
    -------
    float
        Half-width in Hz, within :data:`MIN_EXCLUSION_HZ` to :data:`MAX_EXCLUSION_HZ`.
    """
    target = np.sqrt(LEAKAGE_FRACTION / max(prominence, 1.0))
    x = np.arange(2.0, 2.0 * MAX_EXCLUSION_HZ + 1e-9, 0.05)
    env = 1.0 / (np.pi * x * (x * x - 1.0))
    ok = np.flatnonzero(env <= target)
    half = x[ok[0]] * 0.5 if ok.size else MAX_EXCLUSION_HZ
    return float(min(max(half, MIN_EXCLUSION_HZ), MAX_EXCLUSION_HZ))


def prominence_for_exclusion(peak_psd: float, background: float) -> float:
    """A line's PSD over its background, for :func:`exclusion_half_width`.

    The background counts at most :data:`REFERENCE_FLOOR_PSD` (a strong line's leakage swamps its
    measured surroundings); where it is not positive, the reference floor is used.

    Parameters
    ----------
    peak_psd : float
        The line's PSD at its bin ((m/s^2)^2/Hz).
    background : float
        The local background around it ((m/s^2)^2/Hz).

    Returns
    -------
    float
        The ratio.
    """
    return (
        peak_psd / min(background, REFERENCE_FLOOR_PSD) if background > 0 else peak_psd / REFERENCE_FLOOR_PSD
    )


def remove_lines(
    frames: Frames, lines: tuple[VibrationLine, ...] | list[VibrationLine], fs_hz: float
) -> tuple[Frames, np.ndarray]:
    """Frames with the vibration lines kept out of the tremor metrics.

    In the frames each line covers, the spectrum bins within each component's excluded half-width
    are replaced by a straight line between the nearest kept bins, and the band powers, peaks and
    prominences are recomputed from that spectrum; a band more than :data:`MAX_EXCLUDED_SHARE` of
    whose bins were excluded, or whose peak rises into excluded bins (:data:`HIDDEN_PEAK_RATIO`), is NaN
    (not assessable) in that frame. Frames no line covers are left
    exactly as they were.

    Parameters
    ----------
    frames : Frames
        Frame features of the recording.
    lines : sequence of VibrationLine
        The lines found (see :func:`find_vibration`).
    fs_hz : float
        Sampling rate in Hz; the floor for the prominences is taken over 2 Hz up to 20 Hz or
        0.4 ``fs_hz``, whichever is lower.

    Returns
    -------
    frames : Frames
        The cleaned table (the input itself when there are no lines).
    phys_unassessable : ndarray of bool, shape (n_frames,)
        Frames where the 6-12 Hz band could not be assessed because of the lines.
    """
    n = len(frames)
    phys_na = np.zeros(n, bool)
    if not lines or n == 0:
        return frames, phys_na
    f = PSD_FREQS
    rows = np.unique(np.concatenate([np.arange(*ln.frames) for ln in lines]))
    pos = {int(r): i for i, r in enumerate(rows.tolist())}
    psd = frames.psd[rows].astype(np.float64)
    excluded = np.zeros(psd.shape, bool)
    for ln in lines:
        sel = np.array([pos[r] for r in range(*ln.frames)])
        # each component where it is in each frame: a drifting line's harmonics drift in proportion
        # (one row for a steady line: the same bins in every frame)
        scale = (
            ln.centres_hz(frames.t_s[ln.frames[0] : ln.frames[1]]) / ln.freq_hz if ln.track_hz else np.ones(1)
        )
        comps = [
            np.abs(f[None, :] - fc * scale[:, None]) <= w for fc, w in zip(ln.components_hz, ln.excluded_hz)
        ]
        bins2d = np.logical_or.reduce(comps)
        raw = psd[sel].copy()
        df0 = float(f[1] - f[0])
        # a component whose bins carry SWAMPED_FACTOR times its own (steady, measured) power in a frame is
        # negligible there: those bins measure something else (a tremor) better than any fill would
        keep_raw = np.zeros((sel.size, f.size), bool)
        for comp, rms in zip(comps, (ln.rms_mps2,) + ln.harmonic_rms_mps2):
            there = (
                np.nansum(np.where(comp, raw, 0.0), axis=1)
                if ln.track_hz
                else np.nansum(raw[:, comp[0]], axis=1)
            ) * df0
            keep_raw |= (there > SWAMPED_FACTOR * rms * rms)[:, None] & comp
        excluded[sel] |= bins2d & ~keep_raw
        if ln.track_hz:
            masks, which = np.unique(bins2d, axis=0, return_inverse=True)
            which = np.asarray(which).ravel()
        else:  # a steady line sits on the same bins in every frame
            masks, which = bins2d[:1], np.zeros(sel.size, np.int64)
        for m, bins in enumerate(masks):  # frames whose components sit on the same bins
            rows_m = sel[which == m]
            sub = psd[rows_m]
            for lo, hi in true_runs(bins):  # fill each excluded run from its edges
                left, right = lo - 1, hi
                lv = sub[:, left] if left >= 0 else sub[:, min(right, f.size - 1)]
                rv = sub[:, right] if right < f.size else lv
                lv = np.where(np.isfinite(lv), lv, rv)
                rv = np.where(np.isfinite(rv), rv, lv)
                ramp = (np.arange(lo, hi) - left) / float(right - left)
                fill = lv[:, None] * (1.0 - ramp[None, :]) + rv[:, None] * ramp[None, :]
                keep_nan = ~np.isfinite(sub[:, lo:hi])
                sub[:, lo:hi] = np.where(keep_nan, np.nan, fill)
            psd[rows_m] = sub
        psd[sel] = np.where(keep_raw, raw, psd[sel])
    df = float(f[1] - f[0])
    columns = {}
    nan = np.full(rows.size, np.nan)

    def band_cols(band: Band, power_name: str, peak_name: str) -> np.ndarray:
        mask = band.mask(f)
        share = excluded[:, mask].mean(axis=1)
        old_p = getattr(frames, power_name)[rows].astype(np.float64)
        old_k = getattr(frames, peak_name)[rows].astype(np.float64)
        touched = excluded[:, mask].any(axis=1) & np.isfinite(old_p)
        new_p = np.where(touched, np.nansum(psd[:, mask], axis=1) * df, old_p)
        new_k = np.where(touched, peak_frequency(f, psd, band), old_k)
        bad = (share > MAX_EXCLUDED_SHARE) | _peak_hidden(psd, excluded, mask)
        new_p[bad] = np.nan
        new_k[bad] = np.nan
        columns[power_name] = new_p
        columns[peak_name] = new_k
        return bad & np.isfinite(old_p)

    band_cols(BANDS["low_tremor"], "power_low", "peak_low_hz")
    phys_bad = band_cols(BANDS["physiological"], "power_phys", "peak_phys_hz")
    band_cols(BANDS["high_tremor"], "power_high", "peak_high_hz")
    ref = Band("reference", 2.0, min(20.0, ASSESSABLE_FRACTION * fs_hz)).mask(f)  # edges as the bands
    with np.errstate(invalid="ignore", divide="ignore"):
        floor = row_nanmedian(psd[:, ref]) if ref.any() else nan
        for name, band in (
            ("prominence_low", BANDS["low_tremor"]),
            ("prominence_high", BANDS["high_tremor"]),
        ):
            old = getattr(frames, name)[rows].astype(np.float64)
            new = np.nanmax(psd[:, band.mask(f)], axis=1) / floor
            columns[name] = np.where(np.isfinite(old), new, old)
    out = {}
    for name, values in columns.items():
        col = getattr(frames, name).copy()
        col[rows] = values
        out[name] = col
    new_psd = frames.psd.copy()
    new_psd[rows] = psd
    out["psd"] = new_psd
    phys_na[rows] = phys_bad
    return replace(frames, **out), phys_na


def _peak_hidden(psd: np.ndarray, excluded: np.ndarray, band: np.ndarray) -> np.ndarray:
    """Rows whose largest kept bin in ``band`` borders an excluded bin and stands at least
    :data:`HIDDEN_PEAK_RATIO` times over the band's median kept bin (the band's peak lies under the line)."""
    kept = band[None, :] & ~excluded & np.isfinite(psd)
    border = np.zeros_like(excluded)
    border[:, 1:] |= excluded[:, :-1]
    border[:, :-1] |= excluded[:, 1:]
    vals = np.where(kept, psd, -np.inf)
    top = np.argmax(vals, axis=1)
    rows = np.arange(psd.shape[0])
    with warnings.catch_warnings(), np.errstate(invalid="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)  # rows with no kept bin: NaN, and not hidden
        med = row_nanmedian(np.where(kept, psd, np.nan))
        tall = vals[rows, top] >= HIDDEN_PEAK_RATIO * med
    return np.asarray(kept.any(axis=1) & border[rows, top] & tall)
