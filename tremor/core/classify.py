"""Per-set tremor metrics, set labels, and out-of-band tremor episodes at rest.

Labels:

``calm``
    physiological tremor near the rest baseline, no twitching.
``fatigue_tremor``
    6-12 Hz power enhanced against the rest baseline and rising through the set.
``fasciculations``
    isolated twitches in the set (while still) or in its recovery.
``mixed``
    both of the above.
``atypical_tremor``
    a narrow out-of-band (3-7 Hz or 13-18 Hz) peak dominates the set itself.
``not_assessable``
    the sampling rate cannot show the physiological band, the set holds too little data, or
    vigorous movement fills the tremor bands with its harmonics and impacts
    (:attr:`SetMetrics.not_assessable_reason`).

Windows under vigorous movement (:func:`tremor.core.sets.movement_leak`) never count as tremor: a
set with fewer than half its windows free of them is not assessable under movement; otherwise its
tremor is measured from the free windows only (:attr:`SetMetrics.movement_windows_excluded`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from tremor.core.episodes import WEAK_POWER_SHARE, episode_runs
from tremor.core.events import Transient
from tremor.core.features import PSD_FREQS, Frames
from tremor.core.sets import (
    MOVE_MPS2,
    Segmentation,
    SetSpan,
    movement_leak,
    within,
)
from tremor.core.spectral import BANDS, peak_frequency

__all__ = [
    "SetMetrics",
    "Episode",
    "LABELS",
    "rest_baseline",
    "set_metrics",
    "label_set",
    "find_atypical_episodes",
    "twitch_in_rest",
    "set_at",
    "spectral_peak",
]

LABELS = ("calm", "fatigue_tremor", "fasciculations", "mixed", "atypical_tremor", "not_assessable")

#: Fatigue: last-third 6-12 Hz power at least this many times the first third ...
FATIGUE_RISE = 2.0
#: ... and at least this many times the rest baseline; or enhanced this much on its own.
FATIGUE_OVER_REST = 4.0
FATIGUE_OVER_REST_ALONE = 9.0
#: Twitches in a set and its recovery needed to call it fasciculations.
MIN_TWITCHES = 3
#: Out-of-band tremor: narrow peak (peak / median PSD of 2-20 Hz) and power against the 6-12 Hz band.
OOB_PROMINENCE = 12.0
OOB_OVER_PHYS = 3.0
OOB_MIN_POWER = 0.004  # (m/s^2)^2, i.e. about 0.06 m/s^2 RMS
#: An out-of-band peak this many times the movement power counts while the wrist "moves".
OOB_OVER_MOVEMENT = 4.0
EPISODE_MIN_S = 5.0
#: Out-of-band frames separated by a break of at most this long (no qualifying frame) are one episode.
EPISODE_JOIN_S = 5.0
#: A frame's window reaches this far either side of its centre (the default 2 s frame).
FRAME_HALF_S = 1.0
#: Spectra are scanned for out-of-band peaks this many frames at a time (bounded memory).
ROW_BLOCK = 16384
#: A peak within this fraction of an integer multiple of the movement frequency is a harmonic of it.
HARMONIC_TOLERANCE = 0.1
#: Movement harmonics above this order carry too little power to pass as tremor.
MAX_HARMONIC = 6
#: A twitch is judged still only from a frame whose centre lies this close (a frame spans +-1 s).
NEAREST_FRAME_S = 1.0
#: Frames this long after a set are left out of the rest baseline (tremor settles).
SETTLE_S = 5.0
#: A set's tremor peak: the largest local maximum of its 6-12 Hz spectrum that stands at least this
#: many times above the troughs either side of it (see :func:`spectral_peak`); else ``peak_hz`` is None.
PEAK_MIN_PROMINENCE = 2.0
#: A set needs at least this share of its windows free of movement harmonics to measure tremor.
MIN_FREE_SHARE = 0.5
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


@dataclass(frozen=True)
class SetMetrics:
    """What was measured in one set and its recovery."""

    peak_hz: float | None
    start_peak_hz: float | None
    end_peak_hz: float | None
    rms_mps2: float | None
    power_vs_rest: float | None
    end_to_start_ratio: float | None
    last_third_vs_rest: float | None
    oob_band: str | None
    oob_peak_hz: float | None
    oob_vs_phys: float | None
    oob_prominence: float | None
    movement_rms_mps2: float
    twitches_in_set: int
    twitches_in_recovery: int
    recovery_rate_per_min: float | None
    assessable: bool
    #: the tremor peak's PSD over the troughs either side of it (None where there is no peak)
    peak_prominence: float | None = None
    #: power-weighted mean frequency of 5.5-13 Hz above the noise floor (a centroid, not a peak)
    centroid_hz: float | None = None
    #: Why tremor was not assessed: "sampling_rate", "too_little_data", "movement", "vibration" or
    #: "not_worn" (None when assessed).
    not_assessable_reason: str | None = None
    #: Windows of the set left out of its tremor metrics because vigorous movement filled the tremor bands.
    movement_windows_excluded: int = 0
    #: Windows of the set (inside its measured stretch).
    windows: int = 0
    #: Share of the set's 6-12 Hz power in the skirt of a prominent out-of-band peak (bins within
    #: LEAK_SKIRT_HZ of it); at LEAK_MAX_SHARE or more the band measures that oscillation, not tremor, and
    #: no fatigue ratio or comparison with rest is given. None without such a peak.
    oob_leak_share: float | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary (None for what could not be measured).

        Returns
        -------
        dict
            Field name to value; non-finite floats (NaN, inf) become None.
        """
        return {
            k: (None if isinstance(v, float) and not np.isfinite(v) else v) for k, v in asdict(self).items()
        }


def rest_baseline(frames: Frames, seg: Segmentation) -> tuple[float | None, np.ndarray]:
    """Median 6-12 Hz power of the rest frames (the person's own baseline) and the frames used.

    Prefers the rest before the first set; frames just after a set are left out.

    Rest frames are those of ``seg.rest_mask`` that do not move (movement RMS below
    :data:`MOVE_MPS2`) and are not within :data:`SETTLE_S` s after a set's end. Where at least 10
    of them precede the first set, only those are used.

    Parameters
    ----------
    frames : Frames
        Frame features of the recording.
    seg : Segmentation
        Sets and rest mask of the recording.

    Returns
    -------
    baseline : float or None
        Median 6-12 Hz power of the rest frames in (m/s^2)^2; None with fewer than 4 finite values.
    mask : ndarray of bool, shape (n_frames,)
        The frames used.
    """
    mask = seg.rest_mask & (frames.movement_rms < MOVE_MPS2)
    mask &= ~within(frames.t_s, [(s.end_s, s.end_s + SETTLE_S) for s in seg.sets], closed=False)
    if seg.sets:
        before = mask & (frames.t_s < seg.sets[0].start_s)
        if before.sum() >= 10:
            mask = before
    values = frames.power_phys[mask]
    values = values[np.isfinite(values)]
    if values.size < 4:
        return None, mask
    return float(np.median(values)), mask


def twitch_in_rest(tr: Transient, frames: Frames) -> bool:
    """True where the frame nearest the transient shows a still wrist.

    The nearest frame and its two neighbours must all move less than :data:`MOVE_MPS2`, and the
    nearest frame must lie within :data:`NEAREST_FRAME_S` s of the transient.

    Parameters
    ----------
    tr : Transient
        The detected transient.
    frames : Frames
        Frame features of the recording.

    Returns
    -------
    bool
        Whether the wrist was still around the transient (False where no frame covers it).
    """
    if not len(frames):
        return False
    k = _nearest(frames.t_s, tr.t_s)
    if abs(frames.t_s[k] - tr.t_s) > NEAREST_FRAME_S:  # no frame covers it (a short stretch between gaps)
        return False
    lo, hi = max(k - 1, 0), min(k + 2, len(frames))
    return bool(np.all(frames.movement_rms[lo:hi] < MOVE_MPS2))


def set_at(
    sets: tuple[SetSpan, ...], t: float, *, until: str = "end", starts: np.ndarray | None = None
) -> int | None:
    """Index of the set holding time ``t`` (up to its ``end`` or its ``recovery`` end), or None.

    ``starts`` (the sets' start times, as an array) saves rebuilding it on every call.

    Parameters
    ----------
    sets : tuple of SetSpan
        The sets, in order of start.
    t : float
        Time in s.
    until : str
        ``"end"`` to count only the set itself, anything else to include its recovery.
    starts : ndarray or None
        The sets' start times in s, if already built.

    Returns
    -------
    int or None
        The set's ``index`` (numbered from 1), or None where ``t`` is in no set.
    """
    if not sets:
        return None
    if starts is None:
        starts = np.array([s.start_s for s in sets])
    k = int(np.searchsorted(starts, t, "right")) - 1
    if k < 0:
        return None
    stop = sets[k].end_s if until == "end" else sets[k].recovery_end_s
    return sets[k].index if t < stop else None


def _nearest(times: np.ndarray, t: float) -> int:
    """Index of the element of the sorted ``times`` nearest to ``t`` (the earlier one on a tie)."""
    i = int(np.searchsorted(times, t))
    if i <= 0:
        return 0
    if i >= times.size:
        return times.size - 1
    return i - 1 if t - times[i - 1] <= times[i] - t else i


def set_metrics(
    span: SetSpan,
    frames: Frames,
    baseline_power: float | None,
    twitch_times_s: np.ndarray,
    *,
    assessable: bool,
    high_band: bool = True,
    exclude: np.ndarray | None = None,
) -> SetMetrics:
    """Measure one set from its frames and the session's twitch times (sorted; real twitches only).

    ``high_band=False``: the sampling rate cannot show 13-18 Hz, so no out-of-band peak is sought there.

    Parameters
    ----------
    span : SetSpan
        The set and its recovery, in s.
    frames : Frames
        Frame features of the recording. Frames within 1 s of the set's edges are left out
        where at least 3 frames remain.
    baseline_power : float or None
        Rest 6-12 Hz power in (m/s^2)^2 (from :func:`rest_baseline`); None leaves the ratios
        to rest unmeasured.
    twitch_times_s : ndarray
        Sorted twitch times in s of the whole session.
    assessable : bool
        Whether the sampling rate can show the 6-12 Hz band; where it cannot, only movement and
        twitch counts are measured.
    high_band : bool
        Whether the sampling rate can show 13-18 Hz.
    exclude : ndarray of bool, shape (n_frames,), optional
        Frames left out of every measure of the set (the device lay still, not worn); where fewer
        than 3 of its frames remain, its tremor is not assessable (reason ``"not_worn"``).

    Returns
    -------
    SetMetrics
        The set's measures; ``assessable=False`` with a reason (sampling rate, vibration, movement,
        too little data, not worn) where its tremor could not be measured.
    """
    t = frames.t_s
    i0, i1 = np.searchsorted(t, span.start_s + 1.0, "left"), np.searchsorted(t, span.end_s - 1.0, "right")
    if i1 - i0 < 3:
        i0, i1 = np.searchsorted(t, span.start_s, "left"), np.searchsorted(t, span.end_s, "right")
    idx = np.arange(i0, max(i1, i0))
    unworn = exclude is not None and bool(exclude[idx].any())
    if exclude is not None:
        idx = idx[~exclude[idx]]
    movement = float(np.sqrt(np.mean(frames.movement_rms[idx] ** 2))) if idx.size else float("nan")
    edges = np.searchsorted(twitch_times_s, [span.start_s, span.end_s, span.recovery_end_s], "left")
    in_set = int(edges[1] - edges[0])
    in_recovery = int(edges[2] - edges[1])
    recovery_min = (span.recovery_end_s - span.end_s) / 60.0
    rate = in_recovery / recovery_min if recovery_min > 0.25 else None
    if assessable and idx.size >= 3:
        # vigorous movement comes first: its harmonics can look like a steady line too, and a set
        # dominated by movement is not assessable for that reason whatever else is in the band
        leak_all = movement_leak(frames.movement_rms[idx], frames.power_low[idx], frames.power_phys[idx])
        if (idx.size - leak_all.sum()) < max(3, MIN_FREE_SHARE * idx.size):
            return _unassessed(
                movement, in_set, in_recovery, rate, "movement", int(leak_all.sum()), int(idx.size)
            )
    vibration_lost = False
    if assessable and idx.size:
        # frames whose 6-12 Hz band could not be assessed (machine vibration over most of it) are left out;
        # a set with fewer than half its frames assessable is not assessable
        finite = np.isfinite(frames.power_phys[idx])
        vibration_lost = finite.sum() * 2 < idx.size
        idx = idx[:0] if vibration_lost else idx[finite]
    if not assessable or idx.size < 3:
        reason = (
            "sampling_rate"
            if not assessable
            else "vibration"
            if vibration_lost
            else "not_worn"
            if unworn
            else "too_little_data"
        )
        return _unassessed(movement, in_set, in_recovery, rate, reason, 0, int(idx.size))
    n_windows = int(idx.size)
    leak_frames = movement_leak(frames.movement_rms[idx], frames.power_low[idx], frames.power_phys[idx])
    free = idx[~leak_frames]
    if free.size < max(3, MIN_FREE_SHARE * n_windows):
        return _unassessed(movement, in_set, in_recovery, rate, "movement", int(leak_frames.sum()), n_windows)
    idx = free
    phys = frames.power_phys[idx]
    thirds = np.array_split(idx, 3)
    first, last = frames.power_phys[thirds[0]].mean(), frames.power_phys[thirds[-1]].mean()
    spectrum = frames.psd[idx].mean(axis=0)
    peak, peak_prom = spectral_peak(spectrum)
    start_peak, _ = spectral_peak(frames.psd[thirds[0]].mean(axis=0))
    end_peak, _ = spectral_peak(frames.psd[thirds[-1]].mean(axis=0))
    mean_phys = float(phys.mean())
    move_hz = float(np.nanmedian(frames.peak_movement_hz[idx])) if movement >= MOVE_MPS2 else None
    oob = out_of_band_peak(
        spectrum[None, :], movement_hz=None if move_hz is None else np.array([move_hz]), high_band=high_band
    )
    oob_hz, oob_prom, oob_ratio = (float(v[0]) for v in oob)
    has_oob = np.isfinite(oob_hz)
    oob_band = ("high_tremor" if oob_hz >= BANDS["high_tremor"].low_hz else "low_tremor") if has_oob else None
    leak = leak_share(spectrum, oob_hz if has_oob and oob_prom >= OOB_PROMINENCE else None)
    # only where the out-of-band peak dominates the set by batch's own rule (prominent and OOB_OVER_PHYS times
    # the 6-12 Hz peak): a fatigue tremor drifting down past 6 Hz has its own skirt there but does not dominate
    leaked = leak is not None and leak >= LEAK_MAX_SHARE and oob_ratio >= OOB_OVER_PHYS
    return SetMetrics(
        peak_hz=peak,
        start_peak_hz=start_peak,
        end_peak_hz=end_peak,
        rms_mps2=float(np.sqrt(mean_phys)),
        power_vs_rest=mean_phys / baseline_power if baseline_power and not leaked else None,
        end_to_start_ratio=float(last / first) if first > 0 and not leaked else None,
        last_third_vs_rest=float(last / baseline_power) if baseline_power and not leaked else None,
        oob_band=BANDS[oob_band].label if oob_band else None,
        oob_peak_hz=oob_hz if has_oob else None,
        oob_vs_phys=oob_ratio if has_oob else None,
        oob_prominence=oob_prom if has_oob else None,
        movement_rms_mps2=movement,
        twitches_in_set=in_set,
        twitches_in_recovery=in_recovery,
        recovery_rate_per_min=rate,
        assessable=True,
        peak_prominence=peak_prom,
        centroid_hz=_centroid_peak(spectrum),
        movement_windows_excluded=int(leak_frames.sum()),
        windows=n_windows,
        oob_leak_share=leak,
    )


def label_set(m: SetMetrics) -> str:
    """The label of a set from its metrics (see the module docstring).

    Parameters
    ----------
    m : SetMetrics
        The set's measures (from :func:`set_metrics`).

    Returns
    -------
    str
        One of ``atypical_tremor``, ``mixed``, ``fatigue_tremor``, ``fasciculations``, ``calm``
        or ``not_assessable``.
    """
    if not m.assessable:
        return (
            "fasciculations"
            if m.twitches_in_set + m.twitches_in_recovery >= MIN_TWITCHES
            else "not_assessable"
        )
    if (m.oob_vs_phys or 0) >= OOB_OVER_PHYS and (m.oob_prominence or 0) >= OOB_PROMINENCE:
        return "atypical_tremor"
    rise = m.end_to_start_ratio or 0.0
    over = m.last_third_vs_rest or 0.0
    fatigue = (rise >= FATIGUE_RISE and over >= FATIGUE_OVER_REST) or over >= FATIGUE_OVER_REST_ALONE
    twitching = m.twitches_in_set + m.twitches_in_recovery >= MIN_TWITCHES
    if fatigue and twitching:
        return "mixed"
    if fatigue:
        return "fatigue_tremor"
    if twitching:
        return "fasciculations"
    return "calm"


def _unassessed(
    movement: float,
    in_set: int,
    in_recovery: int,
    rate: float | None,
    reason: str,
    excluded: int,
    windows: int,
) -> SetMetrics:
    """Metrics of a set whose tremor could not be measured: only movement and twitch counts."""
    return SetMetrics(
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
        movement_rms_mps2=movement,
        twitches_in_set=in_set,
        twitches_in_recovery=in_recovery,
        recovery_rate_per_min=rate,
        assessable=False,
        not_assessable_reason=reason,
        movement_windows_excluded=excluded,
        windows=windows,
    )


def find_atypical_episodes(
    frames: Frames,
    rest_mask: np.ndarray,
    sets: tuple[SetSpan, ...],
    *,
    high_band: bool = True,
    bounds: tuple[float, float] | None = None,
) -> list[Episode]:
    """Sustained narrow out-of-band peaks: in rests (episodes) and inside sets.

    One episode per continuous run of qualifying frames: runs broken for at most
    :data:`EPISODE_JOIN_S` are joined, so episodes never overlap. An episode spans the windows of
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

    Returns
    -------
    list of Episode
        Episodes in time order, each lasting at least :data:`EPISODE_MIN_S` s.
    """
    episodes: list[Episode] = []
    if not len(frames):
        return episodes
    # in blocks of rows: each row is independent, and the float64 copies stay small for long recordings
    parts = []
    for lo in range(0, len(frames), ROW_BLOCK):
        block = frames.psd[lo : lo + ROW_BLOCK].astype(np.float64)
        f_b, p_b, r_b = out_of_band_peak(block, high_band=high_band)
        parts.append((f_b, p_b, r_b, _power_near(block, f_b)))
    freq, prom, ratio, floor_power = (np.concatenate([p[i] for p in parts]) for i in range(4))
    peak = (np.nan_to_num(prom) >= OOB_PROMINENCE) & (np.nan_to_num(ratio) >= OOB_OVER_PHYS)
    peak &= ~movement_leak(frames.movement_rms, frames.power_low, frames.power_phys)  # harmonics, not tremor
    power = np.nan_to_num(floor_power)
    # still, or the "movement" is the tremor itself leaking below 3 Hz (a strong oscillation)
    still = (frames.movement_rms < MOVE_MPS2) | (power >= OOB_OVER_MOVEMENT * frames.movement_rms**2)
    hit = peak & still & (power >= OOB_MIN_POWER)
    # a run is followed across amplitude dips and rep sets that hide it from the movement rule (episodes.py)
    held = peak & (power >= WEAK_POWER_SHARE * OOB_MIN_POWER)
    lo_s, hi_s = bounds if bounds is not None else (-np.inf, np.inf)
    runs: list[tuple[float, float, int, int]] = []  # start_s, end_s, first frame, last frame + 1
    # a break of EPISODE_JOIN_S between windows is EPISODE_JOIN_S + 2 * FRAME_HALF_S between frame centres
    join = EPISODE_JOIN_S + 2 * FRAME_HALF_S
    for a, b, h0, h1 in episode_runs(frames.t_s, hit, held & still, held & ~still, freq, join_s=join):
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
        owner = _owning_set(sets, start, end)
        sel = np.arange(a, b)[hit[a:b]]
        hz = float(np.median(freq[sel]))
        band = "high_tremor" if hz >= BANDS["high_tremor"].low_hz else "low_tremor"
        episodes.append(
            Episode(start, end, hz, BANDS[band].label, float(np.sqrt(np.mean(floor_power[sel]))), owner)
        )
    return episodes


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
    leakage from outside it); ``high_band=False`` leaves 13-18 Hz out (a rate that cannot show it).
    Returns, per row, its frequency (NaN where there is none, or where it
    is a harmonic of the wrist's movement at ``movement_hz``), its prominence (peak over the median
    PSD of 2-20 Hz) and its ratio to the physiological peak (largest PSD value in 7-12 Hz).
    """
    psd = np.atleast_2d(psd)
    f = PSD_FREQS
    n = psd.shape[0]
    freq = np.full(n, np.nan)
    prom = np.full(n, np.nan)
    ratio = np.full(n, np.nan)
    valid = np.isfinite(psd)
    floor = np.nanmedian(np.where(valid, psd, np.nan), axis=1)
    phys_mask = (f >= 7.0) & (f <= 12.0)
    phys_peak = np.nanmax(np.where(valid[:, phys_mask], psd[:, phys_mask], np.nan), axis=1)
    interior = np.zeros_like(psd, dtype=bool)
    interior[:, 1:-1] = (psd[:, 1:-1] > psd[:, :-2]) & (psd[:, 1:-1] >= psd[:, 2:])
    cand = (f >= 3.25) & (f <= 6.0)
    if high_band:  # only where the sampling rate can show 13-18 Hz (see features.band_assessable)
        cand |= (f >= 13.0) & (f <= 18.0)
    scores = np.where(interior & cand[None, :] & valid, psd, -np.inf)
    k = np.argmax(scores, axis=1)
    ok = np.isfinite(scores[np.arange(n), k])
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


def leak_share(spectrum: np.ndarray, oob_hz: float | None) -> float | None:
    """Share of the 6-12 Hz power of ``spectrum`` (on :data:`PSD_FREQS`) within :data:`LEAK_SKIRT_HZ` of ``oob_hz``.

    None where there is no out-of-band peak or its skirt does not reach the band.
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
    near = np.abs(PSD_FREQS[None, :] - np.nan_to_num(freq, nan=-1e9)[:, None]) <= half_width_hz
    out = np.nansum(np.where(near, psd, 0.0), axis=1) * df
    out[~np.isfinite(freq)] = np.nan
    return out


def spectral_peak(spectrum: np.ndarray) -> tuple[float | None, float | None]:
    """The tremor peak of a spectrum on :data:`PSD_FREQS`: its frequency (Hz) and prominence.

    The peak is the largest local maximum in 6.25-11.75 Hz (higher than the bin below it and at least
    as high as the bin above, neighbours outside the band included, so a slope running in from
    outside the band is no peak), refined by a parabola through log-power. Its prominence is its
    PSD over the higher of the two troughs that separate it from higher ground on either side (the
    lowest PSD between it and the nearest higher bin, or the end of the 2-20 Hz spectrum): a bump
    on a slope has a prominence near 1. ``(None, None)`` where no local maximum has a prominence of
    at least :data:`PEAK_MIN_PROMINENCE`, or the band is not all finite.

    Parameters
    ----------
    spectrum : ndarray, shape (PSD_FREQS.size,)
        PSD in (m/s^2)^2/Hz on :data:`PSD_FREQS`.

    Returns
    -------
    peak_hz : float or None
        Frequency of the peak in Hz.
    prominence : float or None
        Its PSD over the higher neighbouring trough (a ratio, >= :data:`PEAK_MIN_PROMINENCE`).
    """
    f = PSD_FREQS
    band = BANDS["physiological"].mask(f)
    if not np.all(np.isfinite(spectrum[band])):
        return None, None
    x = np.where(np.isfinite(spectrum), spectrum, 0.0).astype(np.float64)
    idx = np.flatnonzero(band)[1:]  # not the 6 Hz edge bin: out_of_band_peak may claim it (3.25-6 Hz)
    idx = idx[(idx > 0) & (idx < f.size - 1)]
    local = idx[(x[idx] > x[idx - 1]) & (x[idx] >= x[idx + 1])]
    best: tuple[float, int] | None = None
    for k in local.tolist():
        prominence = _prominence_ratio(x, k)
        if prominence >= PEAK_MIN_PROMINENCE and (best is None or x[k] > x[best[1]]):
            best = (prominence, k)
    if best is None:
        return None, None
    prominence, k = best
    lo, mid, hi = np.log(x[k - 1 : k + 2]) if np.all(x[k - 1 : k + 2] > 0) else (0.0, 0.0, 0.0)
    denom = lo - 2.0 * mid + hi
    shift = float(np.clip(0.5 * (lo - hi) / denom, -0.5, 0.5)) if denom < 0 else 0.0
    return float(f[k] + shift * (f[1] - f[0])), prominence


def _prominence_ratio(x: np.ndarray, k: int) -> float:
    """``x[k]`` over its base: the higher of the lowest values between ``k`` and the nearest higher value on each side."""
    bases = []
    for step in (-1, 1):
        i, low = k + step, x[k]
        while 0 <= i < x.size and x[i] <= x[k]:
            low = min(low, x[i])
            i += step
        bases.append(low)
    base = max(bases)
    return float(x[k] / base) if base > 0 else float("inf")


def _centroid_peak(spectrum: np.ndarray) -> float | None:
    """Tremor frequency of a spectrum: the power-weighted mean frequency of the physiological peak.

    The centroid over 5.5-13 Hz of the PSD above its noise floor (the median of 2-20 Hz). For one
    narrow peak this is the peak frequency; for a peak that drifts within the window (fatigue) it is
    the power-weighted mean of the drift, which a single spectral maximum would miss.
    """
    band = BANDS["physiological"]
    if not np.all(np.isfinite(spectrum[band.mask(PSD_FREQS)])):
        return None
    near = (PSD_FREQS >= 5.5) & (PSD_FREQS <= 13.0)
    floor = float(np.nanmedian(spectrum[(PSD_FREQS >= 2.0) & (PSD_FREQS < 20.0)]))
    weights = np.clip(spectrum[near] - floor, 0.0, None)
    if not np.isfinite(weights).all() or weights.sum() <= 0:
        return float(peak_frequency(PSD_FREQS, spectrum.astype(np.float64), band))
    return float(np.sum(PSD_FREQS[near] * weights) / weights.sum())
