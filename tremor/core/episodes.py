"""Out-of-band tremor: the strongest 3.25-6 / 13-18 Hz peak of a spectrum, its skirt in 6-12 Hz, and episodes.

Split from :mod:`tremor.core.classify` (which re-exports these names); the power floor an out-of-band
peak needs is :mod:`tremor.core.oob_floor` (re-exported here).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tremor.core._rolling import row_nanmedian
from tremor.core.band_edge import drifted_out_of_band, episode_under_own_line
from tremor.core.episode_runs import WEAK_POWER_SHARE, episode_runs
from tremor.core.features import PSD_FREQS, FrameConfig, Frames
from tremor.core.oob_floor import (
    OOB_LOWEST_POWER,
    OOB_MIN_POWER,
    OOB_OVER_NOISE,
    ROW_BLOCK,
    oob_floors,
    oob_power_floor,
    still_row_medians,
)
from tremor.core.oob_shape import OOB_SWEEP_MAX_HZ, SKIRT_MIN_PROMINENCE, frequency_sweep, skirt_prominence
from tremor.core.sets import MOVE_MPS2, SetSpan, movement_leak
from tremor.core.spectral import BANDS
from tremor.core.time_rows import rows_within

__all__ = [
    "OOB_LOWEST_POWER",
    "OOB_MIN_POWER",
    "OOB_OVER_NOISE",
    "ROW_BLOCK",
    "Episode",
    "find_atypical_episodes",
    "leak_share",
    "oob_floors",
    "oob_peak_rows",
    "oob_power_floor",
    "out_of_band_peak",
    "sidelobe_envelope",
    "still_row_medians",
]

#: Out-of-band tremor: narrow peak (peak / median PSD of 2-20 Hz) and power against the 6-12 Hz band.
OOB_PROMINENCE = 12.0
OOB_OVER_PHYS = 3.0
#: An out-of-band peak this many times the movement power counts while the wrist "moves".
OOB_OVER_MOVEMENT = 4.0
EPISODE_MIN_S = 5.0
#: Out-of-band frames separated by a break of at most this long (no qualifying frame) are one episode.
EPISODE_JOIN_S = 5.0
#: A frame's window reaches this far either side of its centre (the default 2 s frame).
FRAME_HALF_S = 1.0
#: A peak within this fraction of an integer multiple of the movement frequency is a harmonic of it.
HARMONIC_TOLERANCE = 0.1
#: A candidate must stand this many times over the window sidelobes of every line at least 1 Hz from it (the
#: frames' 2 s Hann window puts a 1.5 m/s^2 movement harmonic at 2 Hz 31 dB down at 3.25 Hz: far above a
#: noise floor, a "narrow tremor peak" that is only the window's). The frames' estimator (detrended, both
#: frequency images) puts a line's sidelobes within 4 Hz of it up to about 2.4x the Hann envelope (99th
#: percentile 1.13x, max 2.43x over 3000 random lines and phases; tests/core/test_oob_sidelobes.py), so 4
#: leaves a 2 dB margin over the worst and 5 dB over nearly all.
SIDELOBE_MARGIN = 4.0
#: Candidates tried per spectrum where the largest is a sidelobe.
SIDELOBE_ROUNDS = 3
#: Movement harmonics above this order carry too little power to pass as tremor.
MAX_HARMONIC = 6
#: Leakage: the bins of the 6-12 Hz band within this distance of a prominent out-of-band peak hold its
#: skirt (a 2 s Hann window spreads a line over +-1 Hz; a wandering oscillation a little more) ...
LEAK_SKIRT_HZ = 1.5
#: ... and where the skirt holds at least this share of the band's power, and the peak dominates the set
#: (:data:`OOB_PROMINENCE`, :data:`OOB_OVER_PHYS`), the band measures the out-of-band oscillation, not
#: tremor: no fatigue ratio or comparison with rest is drawn from it.
LEAK_MAX_SHARE = 0.5


@dataclass(frozen=True)
class Episode:
    """A sustained out-of-band rhythmic tremor episode."""

    start_s: float
    end_s: float
    peak_hz: float
    band: str
    rms_mps2: float
    set_index: int | None


def find_atypical_episodes(
    frames: Frames,
    rest_mask: np.ndarray,
    sets: tuple[SetSpan, ...],
    *,
    high_band: bool = True,
    bounds: tuple[float, float] | None = None,
    under_lines: np.ndarray | None = None,
    floors: np.ndarray | None = None,
    exclude: np.ndarray | None = None,
    peaks: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None = None,
) -> list[Episode]:
    """Sustained narrow out-of-band peaks: in rests (episodes) and inside sets.

    One episode per continuous run of qualifying frames: runs broken for at most
    :data:`EPISODE_JOIN_S` are joined, so episodes never overlap. A run whose frequency trends by more than
    :data:`tremor.core.oob_shape.OOB_SWEEP_MAX_HZ` (:func:`tremor.core.oob_shape.frequency_sweep`) is a line
    sweeping past, not a sustained rhythm, and gives no episode. An episode spans the windows of
    its frames (:data:`FRAME_HALF_S` either side of their centres), clipped to ``bounds`` (the
    recording's first and last sample times) where given. It belongs to the set that holds more
    than half of it (``set_index``); otherwise it is at rest.

    Parameters
    ----------
    frames : Frames
        Frame features of the recording.
    rest_mask : ndarray of bool
        The rest frames; unused (whether an episode is at rest follows from ``sets``).
    sets : tuple of SetSpan
        The session's sets, which claim the episodes they hold.
    high_band : bool
        Whether the sampling rate can show 13-18 Hz; if not, only 3.25-6 Hz peaks are sought.
    bounds : (float, float) or None
        First and last sample times in s, to clip episodes to.
    under_lines : ndarray of bool or None
        Frames a machine vibration line covers: there the floor is :data:`OOB_MIN_POWER` whatever the
        noise (what is left of a line, e.g. a drifting line's harmonic off its track, is not tremor).
    floors : ndarray or None
        ``oob_floors(frames, under_lines)`` where the caller has it already (the same values); None
        computes it.
    exclude : ndarray of bool or None
        Frames where no rhythm can be the person's (external vibration shakes the wrist,
        :mod:`tremor.core.external_vibration`): they neither make nor extend an episode.
    peaks : tuple of ndarray or None
        :func:`oob_peak_rows` of every frame, in order, where the caller has them already (the same values;
        a live session keeps them between summaries); None computes them.

    Returns
    -------
    list of Episode
        Episodes in time order, each lasting at least :data:`EPISODE_MIN_S` s.
    """
    episodes: list[Episode] = []
    if not len(frames):
        return episodes
    # in blocks of rows: each row is independent, and the float64 copies stay small for long recordings
    if peaks is None:
        parts = [
            oob_peak_rows(frames, lo, lo + ROW_BLOCK, high_band) for lo in range(0, len(frames), ROW_BLOCK)
        ]
        freq, prom, ratio, floor_power = (np.concatenate([p[i] for p in parts]) for i in range(4))
    else:
        freq, prom, ratio, floor_power = peaks
    min_power = oob_floors(frames, under_lines) if floors is None else floors
    prominent = (np.nan_to_num(prom) >= OOB_PROMINENCE) & (np.nan_to_num(ratio) >= OOB_OVER_PHYS)
    # harmonics of movement, not tremor: such a frame never makes or extends an episode on its own
    peak = prominent & ~movement_leak(frames.movement_rms, frames.power_low, frames.power_phys)
    power = np.nan_to_num(floor_power)
    # still, or the "movement" is the tremor itself leaking below 3 Hz (a strong oscillation)
    still = (frames.movement_rms < MOVE_MPS2) | (power >= OOB_OVER_MOVEMENT * frames.movement_rms**2)
    hit = peak & still & (power >= min_power)
    # a run is followed across amplitude dips and rep sets that hide it from the movement rule (episode_runs.py)
    held = peak & (power >= WEAK_POWER_SHARE * min_power)
    # a moving frame whose peak stays at the run's frequency may join a run across a rep set even where
    # the movement-leak rule would call its 3-7 Hz energy movement (a 5 Hz tremor puts it there itself)
    masked = prominent & (power >= WEAK_POWER_SHARE * min_power) & ~still
    if exclude is not None:
        hit, held, masked = hit & ~exclude, held & ~exclude, masked & ~exclude
    lo_s, hi_s = bounds if bounds is not None else (-np.inf, np.inf)
    runs: list[tuple[float, float, int, int]] = []  # start_s, end_s, first frame, last frame + 1
    # a break of EPISODE_JOIN_S between windows is EPISODE_JOIN_S + 2 * FRAME_HALF_S between frame centres
    join = EPISODE_JOIN_S + 2 * FRAME_HALF_S
    for a, b, h0, h1 in episode_runs(frames.t_s, hit, held & still, masked, freq, join_s=join):
        if frames.t_s[h1] - frames.t_s[h0] + 2 * FRAME_HALF_S < EPISODE_MIN_S:
            continue  # the hits alone must make an episode; weak frames only extend it
        start = max(float(frames.t_s[a]) - FRAME_HALF_S, lo_s)
        end = min(float(frames.t_s[b - 1]) + FRAME_HALF_S, hi_s)
        if runs and start <= runs[-1][1]:  # windows that touch are one run (time_runs joins these already)
            p_start, p_end, p_a, _ = runs[-1]
            runs[-1] = (p_start, max(end, p_end), p_a, b)
        else:
            runs.append((start, end, a, b))
    for start, end, a, b in runs:
        if end - start < EPISODE_MIN_S:
            continue
        sel = np.arange(a, b)[hit[a:b]]
        if abs(frequency_sweep(frames.t_s[sel], freq[sel])) > OOB_SWEEP_MAX_HZ:
            continue  # a line sweeping past, not a rhythm held at one frequency
        owner = _owning_set(sets, start, end)
        hz = float(np.median(freq[sel]))
        if owner is not None and _own_line_skirt(frames, sets, owner, a, b, hz, high_band):
            continue  # the set's own tremor line's low skirt (band_edge.episode_under_own_line)
        band = "high_tremor" if hz >= BANDS["high_tremor"].low_hz else "low_tremor"
        episodes.append(
            Episode(start, end, hz, BANDS[band].label, float(np.sqrt(np.mean(floor_power[sel]))), owner)
        )
    return episodes


def oob_peak_rows(
    frames: Frames, lo: int, hi: int, high_band: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The out-of-band peak of each frame in rows ``[lo, hi)``: each row's from its own spectrum alone.

    Parameters
    ----------
    frames : Frames
        Frame features of the recording (machine lines removed).
    lo, hi : int
        The rows (``hi`` past the end reads to the end).
    high_band : bool
        Whether the sampling rate can show 13-18 Hz (:func:`out_of_band_peak`).

    Returns
    -------
    tuple of ndarray
        Per row: the peak's frequency (Hz, NaN where none), its prominence and its ratio to the
        physiological peak (:func:`out_of_band_peak`), and the power within +-1 Hz of it ((m/s^2)^2).
    """
    block = np.ascontiguousarray(frames.psd[lo:hi], dtype=np.float64)  # rows contiguous
    f_b, p_b, r_b = out_of_band_peak(block, high_band=high_band)
    return f_b, p_b, r_b, _power_near(block, f_b)


def _own_line_skirt(
    frames: Frames, sets: tuple[SetSpan, ...], owner: int, a: int, b: int, hz: float, high_band: bool
) -> bool:
    """Whether the episode over frames ``a:b`` in set ``owner`` is that set's own line's skirt (band_edge).

    Or the line itself, drifted on down out of the band: an episode ending in the set's last third, where
    the set's line, followed over the set (:func:`tremor.core.band_edge.drifted_out_of_band`, as the set's
    metrics follow it), moved continuously from inside the band to the episode's frequency. Over the few
    seconds of such an episode the line's own mean spectrum peaks out of the band, by itself (issue 9,
    fresh seed 249280292: a line drifting 7.18 -> 5.72 Hz, 1.7 Hz wide, gave an episode at 4.9 Hz,
    prominence 18, while the line's centre was at 5.8-6.0 Hz).
    """
    span = next(s for s in sets if s.index == owner)
    in_set = rows_within(frames.t_s, span.start_s, span.end_s)
    late = frames.t_s[b - 1] >= span.start_s + (2.0 / 3.0) * (span.end_s - span.start_s)
    if late and drifted_out_of_band(frames.psd[in_set], hz):
        return True
    before = frames.psd[rows_within(frames.t_s, span.start_s, frames.t_s[a], end_closed=False)]
    mean = np.nanmean(frames.psd[a:b].astype(np.float64), axis=0)
    _, prom, ratio = out_of_band_peak(mean, high_band=high_band)
    own = bool(np.nan_to_num(prom[0]) >= OOB_PROMINENCE and np.nan_to_num(ratio[0]) >= OOB_OVER_PHYS)
    return episode_under_own_line(before, hz, own)


def _owning_set(sets: tuple[SetSpan, ...], start: float, end: float) -> int | None:
    """Index of the set that holds more than half of ``[start, end]``, or None (the span is mostly at rest)."""
    for s in sets:
        if min(end, s.end_s) - max(start, s.start_s) > 0.5 * (end - start):
            return s.index
    return None


def out_of_band_peak(
    psd: np.ndarray, movement_hz: np.ndarray | None = None, *, high_band: bool = True
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The strongest out-of-band tremor peak of each spectrum (rows of ``psd`` on :data:`PSD_FREQS`).

    A candidate is the largest local maximum in 3.25-6 Hz or 13-18 Hz (a peak at a band's edge is
    leakage from outside it) that stands :data:`tremor.core.oob_shape.SKIRT_MIN_PROMINENCE` times over
    its own skirt (:func:`tremor.core.oob_shape.skirt_prominence`: a bin of a skirt falling from movement
    is no peak); ``high_band=False`` leaves 13-18 Hz out (a rate that cannot show it).
    Returns, per row, its frequency (NaN where there is none, or where it
    is a harmonic of the wrist's movement at ``movement_hz``), its prominence (peak over the median
    PSD of 2-20 Hz) and its ratio to the physiological peak (largest PSD value in 7-12 Hz).

    Parameters
    ----------
    psd : ndarray, shape (n, PSD_FREQS.size) or (PSD_FREQS.size,)
        Spectra in (m/s^2)^2/Hz on :data:`PSD_FREQS`.
    movement_hz : ndarray or None
        The wrist's movement frequency in Hz for each row; peaks at its 2nd to
        :data:`MAX_HARMONIC`-th harmonic are dropped.
    high_band : bool
        Whether the sampling rate can show 13-18 Hz.

    Returns
    -------
    freq, prominence, ratio : ndarray, shape (n,)
        Peak frequency in Hz, its prominence and its ratio to the physiological peak (NaN where
        there is no candidate).
    """
    # rows contiguous (the frame table stores its spectra bin by bin): every step below is per element or
    # an order statistic of a row, so the layout changes no value, only the speed of the row sorts
    psd = np.ascontiguousarray(np.atleast_2d(psd))
    f = PSD_FREQS
    n = psd.shape[0]
    freq = np.full(n, np.nan)
    prom = np.full(n, np.nan)
    ratio = np.full(n, np.nan)
    valid = np.isfinite(psd)
    full = bool(valid.all())  # then the NaN- and 0-filled copies below are psd itself
    floor = row_nanmedian(psd if full else np.where(valid, psd, np.nan))
    phys_mask = (f >= 7.0) & (f <= 12.0)
    phys_peak = np.nanmax(np.where(valid[:, phys_mask], psd[:, phys_mask], np.nan), axis=1)
    # candidates: local maxima (above the bin below, not below the bin above) at the candidate bins only
    # (``j`` indexes ``cols``; every other bin was -inf, so the first largest is the same bin)
    cols = _CANDIDATE_BINS[bool(high_band)]
    at = psd[:, cols]
    scores = np.where((at > psd[:, cols - 1]) & (at >= psd[:, cols + 1]) & valid[:, cols], at, -np.inf)
    j = np.argmax(scores, axis=1)
    rows = np.arange(n)
    _over_skirt(psd, scores, j, cols, rows)
    power = psd if full else np.where(valid, psd, 0.0)
    # a window sidelobe of a stronger line is no peak: try the next maximum. Only the rows whose candidate
    # was a sidelobe are tested again (the others keep their candidate and would test the same), and
    # each row's envelope is gathered row-contiguous (the same products and maxima as a column gather)
    todo = np.flatnonzero(np.isfinite(scores[rows, j]))
    for _ in range(SIDELOBE_ROUNDS):
        k = cols[j[todo]]
        lobes = _ENVELOPE_ROWS[k]
        lobes *= power if todo.size == n else power[todo]  # todo ascending: all rows are power itself
        todo = todo[psd[todo, k] < SIDELOBE_MARGIN * lobes.max(axis=1)]
        if not todo.size:
            break
        scores[todo, j[todo]] = -np.inf
        j[todo] = np.argmax(scores[todo], axis=1)
        _over_skirt(psd, scores, j, cols, todo)
        todo = todo[np.isfinite(scores[todo, j[todo]])]
    k = cols[j]
    ok = np.isfinite(scores[rows, j])
    freq[ok] = f[k[ok]]
    prom[ok] = psd[ok, k[ok]] / floor[ok]
    ratio[ok] = psd[ok, k[ok]] / phys_peak[ok]
    if movement_hz is not None:
        mh = np.asarray(movement_hz, dtype=float)
        with np.errstate(invalid="ignore", divide="ignore"):
            mult = freq / mh
            order = np.round(mult)
            harmonic = (
                np.isfinite(mult)
                & (order >= 2)
                & (order <= MAX_HARMONIC)
                & (np.abs(mult - order) < HARMONIC_TOLERANCE)
            )
        freq[harmonic] = np.nan
        prom[harmonic] = np.nan
        ratio[harmonic] = np.nan
    return freq, prom, ratio


def _over_skirt(
    psd: np.ndarray, scores: np.ndarray, j: np.ndarray, cols: np.ndarray, rows: np.ndarray
) -> None:
    """Move each of ``rows``' candidate (``j``, into ``cols``) down to its largest that stands over its own skirt.

    A bin of a falling skirt (the skirt on its rising side stands over it) is no peak, however far it stands
    over the median: its score becomes -inf and the row's next largest is tried, until one passes or none is
    left (``scores`` and ``j`` are changed in place). Only the rows still failing are tested again.
    """
    todo = rows[np.isfinite(scores[rows, j[rows]])]
    while todo.size:
        k = cols[j[todo]]
        todo = todo[~(skirt_prominence(psd[todo], k) >= SKIRT_MIN_PROMINENCE)]
        if not todo.size:
            break
        scores[todo, j[todo]] = -np.inf
        j[todo] = np.argmax(scores[todo], axis=1)
        todo = todo[np.isfinite(scores[todo, j[todo]])]


def leak_share(spectrum: np.ndarray, oob_hz: float | None) -> float | None:
    """Share of the 6-12 Hz power of ``spectrum`` (on :data:`PSD_FREQS`) within :data:`LEAK_SKIRT_HZ` of ``oob_hz``.

    None where there is no out-of-band peak or its skirt does not reach the band.

    Parameters
    ----------
    spectrum : ndarray, shape (PSD_FREQS.size,)
        PSD in (m/s^2)^2/Hz.
    oob_hz : float or None
        Frequency of the out-of-band peak in Hz.

    Returns
    -------
    float or None
        The share (0-1) of the 6-12 Hz power within :data:`LEAK_SKIRT_HZ` of ``oob_hz``.
    """
    if oob_hz is None or not np.isfinite(oob_hz):
        return None
    band = BANDS["physiological"].mask(PSD_FREQS)
    x = np.nan_to_num(spectrum[band].astype(np.float64))
    skirt = np.abs(PSD_FREQS[band] - oob_hz) <= LEAK_SKIRT_HZ
    if not skirt.any() or x.sum() <= 0:
        return None
    return float(x[skirt].sum() / x.sum())


def _power_near(psd: np.ndarray, freq: np.ndarray, half_width_hz: float = 1.0) -> np.ndarray:
    """Power within +-half_width of ``freq`` in each row, (m/s^2)^2 (NaN where ``freq`` is NaN)."""
    df = float(PSD_FREQS[1] - PSD_FREQS[0])
    # the bins near each row's frequency: a row of a table where the frequency is a bin's (a peak's always
    # is; the same comparison, made once per bin), else compared here; NaN rows are none (their sum is NaN)
    at = np.minimum(np.searchsorted(PSD_FREQS, freq), PSD_FREQS.size - 1)
    on_grid = PSD_FREQS[at] == freq
    near = _near_bins(PSD_FREQS, half_width_hz)[np.where(on_grid, at, PSD_FREQS.size)]
    off = np.flatnonzero(~on_grid & np.isfinite(freq))
    if off.size:
        near[off] = np.abs(PSD_FREQS[None, :] - freq[off, None]) <= half_width_hz
    out = np.where(near & ~np.isnan(psd), psd, 0.0).sum(axis=1) * df  # np.nansum's values, summed alike
    out[~np.isfinite(freq)] = np.nan
    return out


def _near_bins(freqs: np.ndarray, half_width_hz: float) -> np.ndarray:
    """Row ``i``: the bins within ``half_width_hz`` of ``freqs[i]``; a last row of none."""
    near = np.abs(freqs[None, :] - freqs[:, None]) <= half_width_hz
    return np.vstack([near, np.zeros((1, freqs.size), bool)])


def sidelobe_envelope(freqs: np.ndarray, window_s: float) -> np.ndarray:
    """The Hann window's sidelobe envelope between every pair of frequencies: the most of a line's PSD its window
    puts at another frequency, outside the main lobe.

    For a Hann window of ``window_s`` seconds the power response at an offset of ``x`` bins (``x = df *
    window_s``) is ``(sinc(x) / (1 - x^2))^2``; from the first zero (``|x| = 2``) out, its sidelobes lie under
    ``(1 / (pi |x| (x^2 - 1)))^2`` and touch it at half-integer ``x``. Inside the main lobe the entry is 0 (a
    line's own top is no sidelobe). A line shown at a grid point may lie up to half a grid step from it, so
    the offset is taken that much shorter.

    Parameters
    ----------
    freqs : ndarray, shape (m,)
        Frequencies in Hz.
    window_s : float
        Window length in s.

    Returns
    -------
    ndarray, shape (m, m)
        Entry ``[g, f]``: the largest share of a line's PSD at ``freqs[g]`` its sidelobes reach at ``freqs[f]``.
    """
    # a line lies up to half a grid step from the grid point that shows its top: measure from the nearer end
    half_step = 0.5 * float(np.min(np.diff(freqs))) if freqs.size > 1 else 0.0
    x = np.maximum(np.abs(freqs[:, None] - freqs[None, :]) - half_step, 0.0) * window_s
    with np.errstate(divide="ignore", invalid="ignore"):
        env = (1.0 / (np.pi * x * (x * x - 1.0))) ** 2
    return np.where(x >= 2.0, env, 0.0)


_SIDELOBE_ENVELOPE = sidelobe_envelope(PSD_FREQS, FrameConfig().window_s)
#: Row ``k``: the sidelobe envelope a line at every bin puts at bin ``k`` (``_SIDELOBE_ENVELOPE[:, k]``, contiguous).
_ENVELOPE_ROWS = np.ascontiguousarray(_SIDELOBE_ENVELOPE.T)


def _candidate_bins(high_band: bool) -> np.ndarray:
    """Interior bins of :data:`PSD_FREQS` in 3.25-6 Hz (and 13-18 Hz where ``high_band``): the candidates."""
    f = PSD_FREQS
    cand = (f >= 3.25) & (f <= 6.0)
    if high_band:  # only where the sampling rate can show 13-18 Hz (see features.band_assessable)
        cand |= (f >= 13.0) & (f <= 18.0)
    cand[[0, -1]] = False  # a bin at the grid's edge is no local maximum
    return np.flatnonzero(cand)


_CANDIDATE_BINS = {hb: _candidate_bins(hb) for hb in (False, True)}
