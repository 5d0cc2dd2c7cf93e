"""Machine vibration lines, block by block: the steadiness test of :mod:`tremor.core.vibration`.

:func:`tremor.core.vibration.find_vibration` cuts the frame table into 20 s blocks; this module
answers, for one block (or many at once), which spectral peaks hold still there like a machine's
line (:class:`Hit`): a peak at 3-20 Hz at least :data:`LINE_PROMINENCE` times its local background,
whose frame-by-frame frequency spread (about a straight line over the block) is at most
:data:`STEADY_SPREAD_HZ` with its amplitude steady to :data:`STEADY_AMPLITUDE_CV`, or which a harmonic
follows frame by frame (:data:`LOCKED_SPREAD_HZ`, :data:`LOCKED_AMPLITUDE_CV`). Chaining the blocks
into lines, and measuring a line, stay in :mod:`tremor.core.vibration`.

:func:`blocks_peaks` finds the candidate peaks of many blocks at once (for speed: a day's file has
thousands of blocks) by the same operations on the same values as :func:`block_hits`, which is kept
as the block-by-block reference the tests compare it with (tests/core/test_vibration_batched.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tremor.core.features import PSD_FREQS
from tremor.core.vibration_removal import MAX_EXCLUSION_HZ
from tremor.core.vibration_spectra import (
    local_background,
    local_backgrounds,
    median1,
    ring_masks,
    robust_sd1,
    track_peak,
)

__all__ = ["Hit", "Peak", "block_hits", "blocks_peaks", "hits_of_peaks", "holds_still", "peak_spreads"]

#: Lines are sought between these frequencies (Hz); below 3 Hz lies the movement of the arm.
LINE_BAND_HZ = (3.0, 20.0)
#: Block-median peak over its local background (median of the spectrum 1.5-4 Hz either side).
LINE_PROMINENCE = 10.0
#: A line weaker than this (m/s^2 RMS) is not reported: it is below what the bands would notice.
LINE_MIN_RMS = 0.01
#: Steady on its own: frame-to-frame frequency spread (Hz, robust SD) and amplitude variation
#: (robust SD over median). A synthetic or mains-driven line spreads by under 0.02 Hz; the
#: simulator's physiological tremor by about 0.2 Hz and its out-of-band tremor by about 0.1 Hz
#: (down to 0.05 Hz in rare draws: seed 1430698060), whose amplitude also varies by 0.3 or more.
#: Without a locked harmonic, the bound sits nearer the machine side: taking a steady rest tremor
#: for a machine would silence the note a clinician should see, the worse of the two errors.
STEADY_SPREAD_HZ = 0.03
STEADY_AMPLITUDE_CV = 0.3
#: Harmonic-locked: a peak at n times the frequency (n = 2..6) whose frame-by-frame frequency,
#: divided by n, stays within LOCK_TOLERANCE_HZ of the fundamental's (median absolute difference),
#: with the fundamental spread at most LOCKED_SPREAD_HZ and its amplitude steady to LOCKED_AMPLITUDE_CV.
#: Locked harmonics alone do not make a machine (a tremor's waveform is rarely a sine, and its harmonics
#: lock too), so the spread stays tight: the hand-held motor of the ESP32 16:05 recording spreads by
#: 0.04-0.14 Hz per 20 s block (0.034-0.065 about the block's drift in the 9 of 17 still blocks that
#: verify it; locked within 0.011-0.03 Hz), while a harmonic-rich 5 Hz rest tremor wandering by 0.2-0.3 Hz
#: spreads by 0.08-0.27 Hz and was taken for a machine at 0.15 (tests/core/test_vibration.py). A motor's
#: amplitude is set by its unbalance and speed: the ESP32 motor's varies by 0.05-0.11 in its verified
#: blocks, against 0.11-0.40 (median 0.21-0.24) for a rest tremor waxing and waning by 30 %, whose
#: 0.1 Hz-wander draws verified 0-2 blocks of 30-41 under this bound and 5-14 under the former 0.35.
#: The ESP32 14:15 recording's 5.5 Hz oscillation spreads by 0.3 Hz with its amplitude varying by
#: 0.5 or more: not separable from tremor this way.
LOCK_TOLERANCE_HZ = 0.05
LOCKED_SPREAD_HZ = 0.07
LOCKED_AMPLITUDE_CV = 0.15
MAX_HARMONIC = 6
#: A block-median peak this many times (power) below a stronger one within MAX_EXCLUSION_HZ is taken for that
#: one's leakage through the 2 s Hann window (first sidelobe -31 dB, about 1400x): a 0.5 m/s^2 line at 15 Hz
#: gave 'steady' lines at 14.38 and 15.62 Hz, prominence about 11, frequency pinned to a bin edge (spread 0).
SIDELOBE_RATIO = 300.0

#: A harmonic lies within this distance (Hz, times its order) of n times the line frequency.
HARMONIC_TOLERANCE_HZ = 0.3


@dataclass
class Hit:
    """One block's line: the block's index, median frequency (Hz), spread (Hz), amplitude variation, median
    line power ((m/s^2)^2 over the block's frames), prominence and ``"steady"`` or ``"harmonic-locked"``."""

    block: int
    freq: float
    spread: float
    cv: float
    power: float  # median line power (m/s^2)^2 over the block's frames
    prominence: float
    steadiness: str


def _detrended(track: np.ndarray) -> np.ndarray:
    """``track`` less its least-squares straight line over the frames: a machine's speed drifts smoothly
    (a treadmill changing pace, a motor warming up), which is no sign of a person; a tremor's frequency
    wanders from one second to the next, which a straight line over 20 s does not remove."""
    x = np.arange(track.size, dtype=np.float64)
    x -= x.mean()
    slope = float(np.dot(x, track - track.mean()) / max(float(np.dot(x, x)), 1e-12))
    return np.asarray(track - slope * x)


def _spread(track: np.ndarray) -> float:
    """Robust spread (Hz) of a frame frequency track about a constant or about its straight line over the
    block, whichever is smaller (the robust spread about the least-squares line can exceed the plain one)."""
    return min(robust_sd1(track), robust_sd1(_detrended(track)))


def peak_spreads(tracks: np.ndarray) -> np.ndarray:
    """:func:`_spread` of each row of ``tracks`` (peaks, frames), the same values: the medians by
    sorted rows (:func:`_rowmedian1`), the means and element-wise steps as in :func:`_detrended`,
    each row's slope by its own :func:`numpy.dot` (a matrix product could sum in another order).

    Parameters
    ----------
    tracks : ndarray
        Frequency tracks (Hz), one row per peak, one column per frame of the block.

    Returns
    -------
    ndarray
        Each row's robust spread (Hz) about a constant or its straight line, whichever is smaller.
    """
    n = tracks.shape[1]

    def robust_sd(x: np.ndarray) -> np.ndarray:
        return 1.4826 * _rowmedian1(np.abs(x - _rowmedian1(x)[:, None]))

    x = np.arange(n, dtype=np.float64)
    x -= x.mean()
    centred = tracks - tracks.mean(axis=1, keepdims=True)
    xx = max(float(np.dot(x, x)), 1e-12)
    slope = np.array([float(np.dot(x, c) / xx) for c in centred])
    plain, about_line = robust_sd(tracks), robust_sd(tracks - slope[:, None] * x)
    return np.where(about_line < plain, about_line, plain)  # min(plain, about_line), NaN as min() gives it


def holds_still(psd: np.ndarray, med: np.ndarray, f0: float) -> bool:
    """Whether the peak near ``f0`` in one block of frame spectra holds its frequency to
    :data:`LOCKED_SPREAD_HZ` (about the block's drift) and its amplitude to :data:`LOCKED_AMPLITUDE_CV`:
    what a machine's line does in every block, measurement noise included (a weak line's spread, 0.02-0.05 Hz,
    is the noise on its tracked peak).

    Parameters
    ----------
    psd : ndarray
        The block's frame spectra (frames, bins of :data:`~tremor.core.features.PSD_FREQS`).
    med : ndarray
        The block's median spectrum.
    f0 : float
        The line's frequency (Hz) in this block.

    Returns
    -------
    bool
        True where the peak holds still as a machine's line does.
    """
    k = int(np.argmin(np.abs(PSD_FREQS - f0)))
    bg = local_background(med, k)
    if not (bg > 0):
        return False
    freq, power = track_peak(psd.astype(np.float64), k)
    df = float(PSD_FREQS[1] - PSD_FREQS[0])
    line_power = power - bg * float(np.count_nonzero(np.abs(PSD_FREQS - PSD_FREQS[k]) <= 0.75)) * df
    amp = np.sqrt(np.clip(line_power, 0.0, None))
    cv = float(robust_sd1(amp) / max(median1(amp), 1e-12))
    return _spread(freq) <= LOCKED_SPREAD_HZ and cv <= LOCKED_AMPLITUDE_CV


Peak = tuple[int, np.ndarray, float, float, float]  # bin, frequency track, level, cv, prominence


def block_hits(block: np.ndarray, f_hi: float, index: int, med: np.ndarray | None = None) -> list[Hit]:
    """Lines in one block of frame spectra; ``med`` is the block's median spectrum (computed if not given).

    Parameters
    ----------
    block : ndarray
        The block's frame spectra (frames, bins of :data:`~tremor.core.features.PSD_FREQS`), float64.
    f_hi : float
        Highest frequency (Hz) sought (the assessable limit at the recording's rate).
    index : int
        The block's index, stored in its hits.
    med : ndarray, optional
        The block's median spectrum.

    Returns
    -------
    list of Hit
        The block's lines, by frequency, harmonics of another line left out.
    """
    if med is None:
        med = np.median(block, axis=0)
    f = PSD_FREQS
    ok = np.isfinite(med)
    inner = np.zeros(f.size, bool)
    inner[1:-1] = (med[1:-1] > med[:-2]) & (med[1:-1] >= med[2:]) & ok[1:-1] & ok[:-2] & ok[2:]
    cand = np.flatnonzero(inner & (f >= LINE_BAND_HZ[0]) & (f <= min(LINE_BAND_HZ[1], f_hi)))
    peaks = []
    backgrounds = local_backgrounds(med, cand)
    for k, bg in zip(cand.tolist(), backgrounds.tolist()):
        if not (bg > 0) or med[k] < LINE_PROMINENCE * bg:
            continue
        freq, power = track_peak(block, k)
        line_power = power - bg * float(np.count_nonzero(np.abs(f - f[k]) <= 0.75)) * float(f[1] - f[0])
        level = median1(line_power)
        if level < LINE_MIN_RMS**2:
            continue
        peaks.append(_peak(k, freq, line_power, level, float(med[k] / bg)))
    return hits_of_peaks(peaks, med, index)


def _peak(k: int, freq: np.ndarray, line_power: np.ndarray, level: float, prominence: float) -> Peak:
    amp = np.sqrt(np.clip(line_power, 0.0, None))
    cv = float(robust_sd1(amp) / max(median1(amp), 1e-12))
    return (k, freq, level, cv, prominence)


def _rowmedian1(x: np.ndarray) -> np.ndarray:
    """:func:`median1` of each row of a 2-D array (the same values: sorted rows, the same middle)."""
    srt = np.sort(x, axis=1)
    h = srt.shape[1] // 2
    mid = srt[:, h] if srt.shape[1] % 2 else (srt[:, h - 1] + srt[:, h]) / 2
    return np.where(np.isnan(srt[:, -1]), np.nan, mid)


def _ring_columns() -> np.ndarray:
    """Row ``k``: the bins of ``ring_masks()[k]``, then the index one past the last bin as padding."""
    global _RING_COLUMNS
    if _RING_COLUMNS is None:
        rings = ring_masks()
        width = int(rings.sum(axis=1).max())
        _RING_COLUMNS = np.full((rings.shape[0], width), rings.shape[1])
        for k, row in enumerate(rings):
            _RING_COLUMNS[k, : int(row.sum())] = np.flatnonzero(row)
    return _RING_COLUMNS


_RING_COLUMNS: np.ndarray | None = None


def blocks_peaks(
    psd: np.ndarray, starts: list[int], bn: int, meds: list[np.ndarray], f_hi: float
) -> list[list[Peak]]:
    """The peaks :func:`block_hits` keeps in each block ``psd[s : s + bn]`` (median spectra ``meds``),
    found for all blocks at once: the same operations on the same values, row by row.

    Candidates and their local backgrounds for every block together; the frequency track and line
    power of every candidate of the same bin together (the same window of bins for each).

    Parameters
    ----------
    psd : ndarray
        The frame spectra of the recording (frames, bins).
    starts : list of int
        Each block's first frame row.
    bn : int
        Frames per block.
    meds : list of ndarray
        Each block's median spectrum.
    f_hi : float
        Highest frequency (Hz) sought.

    Returns
    -------
    list of list of Peak
        Each block's candidate peaks, in :func:`block_hits`'s order (empty where none can be a hit).
    """
    f = PSD_FREQS
    nb = f.size
    out: list[list[Peak]] = [[] for _ in starts]
    if not starts:
        return out
    med = np.stack(meds)  # (blocks, bins)
    ok = np.isfinite(med)
    inner = np.zeros(med.shape, bool)
    inner[:, 1:-1] = (
        (med[:, 1:-1] > med[:, :-2]) & (med[:, 1:-1] >= med[:, 2:]) & ok[:, 1:-1] & ok[:, :-2] & ok[:, 2:]
    )
    inner &= (f >= LINE_BAND_HZ[0]) & (f <= min(LINE_BAND_HZ[1], f_hi))
    bi, ks = np.nonzero(inner)  # block-major, bins ascending within a block: the per-block order
    if not bi.size:
        return out
    # local_backgrounds, row by row
    # each candidate's ring bins only (padded with a column of inf): the same finite values sort first, in
    # the same order, and the order statistics below read only those; their count is the ring's finite bins
    cols = _ring_columns()[ks]
    padded = np.concatenate([np.where(ok, med, np.inf), np.full((med.shape[0], 1), np.inf)], axis=1)
    ordered = np.sort(padded[bi[:, None], cols], axis=1)
    count = np.count_nonzero(np.isfinite(ordered), axis=1)
    rows = np.arange(ks.size)
    lo_v = ordered[rows, np.maximum(count - 1, 0) // 2]
    hi_v = ordered[rows, count // 2]
    with np.errstate(invalid="ignore"):
        bg = np.where(count > 0, np.where(count % 2 == 1, lo_v, (lo_v + hi_v) / 2.0), np.nan)
    peak_psd = med[bi, ks]
    keep = (bg > 0) & ~(peak_psd < LINE_PROMINENCE * bg)
    bi, ks, bg, peak_psd = bi[keep], ks[keep], bg[keep], peak_psd[keep]
    if not bi.size:
        return out
    first = np.asarray(starts)[bi]
    df = float(f[1] - f[0])
    found: list[tuple[int, int, bool, Peak]] = []
    for k in np.unique(ks).tolist():
        sel = np.flatnonzero(ks == k)
        # track_peak(block, k), over the leading axis; of each frame's spectrum only the bins it reads (from
        # c0: the search around k and its neighbours, and the bins near k), the same values
        lo, hi = max(k - 2, 1), min(k + 3, nb - 1)
        near = np.abs(f - f[k]) <= 0.75
        c0 = min(lo - 1, int(np.argmax(near)))
        c1 = max(hi, nb - 1 - int(np.argmax(near[::-1]))) + 1
        block = psd[first[sel][:, None] + np.arange(bn), c0:c1].astype(np.float64)  # (m, bn, c1 - c0)
        kk = lo + np.argmax(block[:, :, lo - c0 : hi - c0], axis=2)  # (m, bn)
        r = np.arange(sel.size)[:, None]
        c = np.arange(bn)[None, :]
        with np.errstate(divide="ignore", invalid="ignore"):
            a = np.log(block[r, c, kk - 1 - c0])
            b = np.log(block[r, c, kk - c0])
            cc = np.log(block[r, c, np.minimum(kk + 1, nb - 1) - c0])
            den = a - 2 * b + cc
            shift = np.where(den < 0, 0.5 * (a - cc) / den, 0.0)
        freq = f[kk] + np.clip(np.nan_to_num(shift), -0.5, 0.5) * df
        power = np.nansum(block[:, :, near[c0:c1]], axis=2) * df
        line_power = power - bg[sel][:, None] * float(np.count_nonzero(near)) * df
        level = _rowmedian1(line_power)
        amp = np.sqrt(np.clip(line_power, 0.0, None))
        amp_med = _rowmedian1(amp)
        cv = 1.4826 * _rowmedian1(np.abs(amp - amp_med[:, None])) / np.maximum(amp_med, 1e-12)
        # what hits_of_peaks needs of a peak's amplitude for it to be a hit (steady, or
        # lock-searched); the spread is not needed to rule a peak out
        may = (cv <= STEADY_AMPLITUDE_CV) | ~(cv > LOCKED_AMPLITUDE_CV)
        js = np.flatnonzero(~(level < LINE_MIN_RMS**2))
        at = sel[js]
        for j, i, m, lv, c, prom in zip(
            js.tolist(),
            bi[at].tolist(),
            may[js].tolist(),
            level[js].tolist(),
            cv[js].tolist(),
            (peak_psd[at] / bg[at]).tolist(),  # the same quotients, taken together
        ):
            found.append((i, k, m, (k, freq[j], lv, c, prom)))
    # a block none of whose peaks can be a hit has none (its peaks are only partners of each other)
    hit_blocks = {i for i, _, m, _ in found if m}
    for i, _, _, p in sorted(found, key=lambda x: (x[0], x[1])):
        if i in hit_blocks:
            out[i].append(p)
    return out


def hits_of_peaks(
    peaks: list[Peak], med: np.ndarray, index: int, spreads: list[float] | list[None] | None = None
) -> list[Hit]:
    """The hits of one block from its peaks (:func:`block_hits`'s second half); ``spreads``, where
    given, are the peaks' :func:`_spread` (computed for many blocks at once by :func:`peak_spreads`).

    Parameters
    ----------
    peaks : list of Peak
        The block's candidate peaks (:func:`blocks_peaks`).
    med : ndarray
        The block's median spectrum.
    index : int
        The block's index, stored in its hits.
    spreads : list of float, optional
        The peaks' spreads, in order, where already computed.

    Returns
    -------
    list of Hit
        As :func:`block_hits`.
    """
    f = PSD_FREQS
    # a peak within the main lobe (1 Hz) of a stronger one is part of it, not a line of its own
    given = spreads if spreads is not None else [None] * len(peaks)
    pairs = sorted(zip(peaks, given), key=lambda pk: -med[pk[0][0]])
    pairs = [pk for i, pk in enumerate(pairs) if all(abs(f[pk[0][0]] - f[q[0]]) > 1.0 for q, _ in pairs[:i])]
    # and a peak within MAX_EXCLUSION_HZ of one SIDELOBE_RATIO times stronger is its window's leakage (a 2 s Hann
    # window's sidelobes: -31 dB at 1.25 Hz, lower beyond), whose tracked frequency sits still at a bin edge
    pairs = [
        pk
        for i, pk in enumerate(pairs)
        if not any(
            abs(f[pk[0][0]] - f[q[0]]) <= MAX_EXCLUSION_HZ and med[q[0]] >= SIDELOBE_RATIO * med[pk[0][0]]
            for q, _ in pairs[:i]
        )
    ]
    peaks = [p for p, _ in pairs]
    hits: list[Hit] = []
    for (k, track, level, cv, prom), known in pairs:
        spread = _spread(track) if known is None else known
        if spread <= STEADY_SPREAD_HZ and cv <= STEADY_AMPLITUDE_CV:
            hits.append(Hit(index, median1(track), spread, cv, level, prom, "steady"))
            continue
        if spread > LOCKED_SPREAD_HZ or cv > LOCKED_AMPLITUDE_CV:
            continue  # no hit: its centre is not needed
        f0 = median1(track)
        for k2, freq2, *_ in peaks:
            n = round(f[k2] / f[k])
            if (
                2 <= n <= MAX_HARMONIC
                and abs(f[k2] - n * f0) <= HARMONIC_TOLERANCE_HZ * n
                and median1(np.abs(freq2 / n - track)) <= LOCK_TOLERANCE_HZ
            ):
                hits.append(Hit(index, f0, spread, cv, level, prom, "harmonic-locked"))
                break
    # a line that is itself a harmonic of another line in the block belongs to that one
    hits.sort(key=lambda h: h.freq)
    kept: list[Hit] = []
    for h in hits:
        if not any(
            abs(h.freq / g.freq - round(h.freq / g.freq)) * g.freq <= HARMONIC_TOLERANCE_HZ
            and round(h.freq / g.freq) >= 2
            for g in kept
        ):
            kept.append(h)
    return kept
