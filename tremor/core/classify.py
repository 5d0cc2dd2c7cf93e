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
    the sampling rate cannot show the physiological band.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from tremor.core.events import Transient
from tremor.core.features import PSD_FREQS, Frames
from tremor.core.sets import MOVE_MPS2, Segmentation, SetSpan, time_runs, within
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

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary (None for what could not be measured)."""
        return {k: (None if isinstance(v, float) and not np.isfinite(v) else v) for k, v in asdict(self).items()}


def rest_baseline(frames: Frames, seg: Segmentation) -> tuple[float | None, np.ndarray]:
    """Median 6-12 Hz power of the rest frames (the person's own baseline) and the frames used.

    Prefers the rest before the first set; frames just after a set are left out.
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
    """True where the frame nearest the transient shows a still wrist."""
    if not len(frames):
        return False
    k = _nearest(frames.t_s, tr.t_s)
    if abs(frames.t_s[k] - tr.t_s) > NEAREST_FRAME_S:  # no frame covers it (a short stretch between gaps)
        return False
    lo, hi = max(k - 1, 0), min(k + 2, len(frames))
    return bool(np.all(frames.movement_rms[lo:hi] < MOVE_MPS2))


def set_at(sets: tuple[SetSpan, ...], t: float, *, until: str = "end", starts: np.ndarray | None = None) -> int | None:
    """Index of the set holding time ``t`` (up to its ``end`` or its ``recovery`` end), or None.

    ``starts`` (the sets' start times, as an array) saves rebuilding it on every call.
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


def set_metrics(span: SetSpan, frames: Frames, baseline_power: float | None, twitch_times_s: np.ndarray,
                *, assessable: bool, high_band: bool = True) -> SetMetrics:
    """Measure one set from its frames and the session's twitch times (sorted; real twitches only).

    ``high_band=False``: the sampling rate cannot show 13-18 Hz, so no out-of-band peak is sought there.
    """
    t = frames.t_s
    i0, i1 = np.searchsorted(t, span.start_s + 1.0, "left"), np.searchsorted(t, span.end_s - 1.0, "right")
    if i1 - i0 < 3:
        i0, i1 = np.searchsorted(t, span.start_s, "left"), np.searchsorted(t, span.end_s, "right")
    idx = np.arange(i0, max(i1, i0))
    movement = float(np.sqrt(np.mean(frames.movement_rms[idx] ** 2))) if idx.size else float("nan")
    edges = np.searchsorted(twitch_times_s, [span.start_s, span.end_s, span.recovery_end_s], "left")
    in_set = int(edges[1] - edges[0])
    in_recovery = int(edges[2] - edges[1])
    recovery_min = (span.recovery_end_s - span.end_s) / 60.0
    rate = in_recovery / recovery_min if recovery_min > 0.25 else None
    if assessable and idx.size:
        # frames whose 6-12 Hz band could not be assessed (machine vibration over most of it) are left out;
        # a set with fewer than half its frames assessable is not assessable
        finite = np.isfinite(frames.power_phys[idx])
        idx = idx[finite] if finite.sum() * 2 >= idx.size else idx[:0]
    if not assessable or idx.size < 3:
        return SetMetrics(None, None, None, None, None, None, None, None, None, None, None, movement,
                          in_set, in_recovery, rate, False)
    phys = frames.power_phys[idx]
    thirds = np.array_split(idx, 3)
    first, last = frames.power_phys[thirds[0]].mean(), frames.power_phys[thirds[-1]].mean()
    spectrum = frames.psd[idx].mean(axis=0)
    peak = _centroid_peak(spectrum)
    start_peak = _centroid_peak(frames.psd[thirds[0]].mean(axis=0))
    end_peak = _centroid_peak(frames.psd[thirds[-1]].mean(axis=0))
    mean_phys = float(phys.mean())
    move_hz = float(np.nanmedian(frames.peak_movement_hz[idx])) if movement >= MOVE_MPS2 else None
    oob = out_of_band_peak(spectrum[None, :], movement_hz=None if move_hz is None else np.array([move_hz]),
                           high_band=high_band)
    oob_hz, oob_prom, oob_ratio = (float(v[0]) for v in oob)
    has_oob = np.isfinite(oob_hz)
    oob_band = ("high_tremor" if oob_hz >= BANDS["high_tremor"].low_hz else "low_tremor") if has_oob else None
    return SetMetrics(
        peak_hz=peak,
        start_peak_hz=start_peak,
        end_peak_hz=end_peak,
        rms_mps2=float(np.sqrt(mean_phys)),
        power_vs_rest=mean_phys / baseline_power if baseline_power else None,
        end_to_start_ratio=float(last / first) if first > 0 else None,
        last_third_vs_rest=float(last / baseline_power) if baseline_power else None,
        oob_band=BANDS[oob_band].label if oob_band else None,
        oob_peak_hz=oob_hz if has_oob else None,
        oob_vs_phys=oob_ratio if has_oob else None,
        oob_prominence=oob_prom if has_oob else None,
        movement_rms_mps2=movement,
        twitches_in_set=in_set,
        twitches_in_recovery=in_recovery,
        recovery_rate_per_min=rate,
        assessable=True,
    )


def label_set(m: SetMetrics) -> str:
    """The label of a set from its metrics (see the module docstring)."""
    if not m.assessable:
        return "fasciculations" if m.twitches_in_set + m.twitches_in_recovery >= MIN_TWITCHES else "not_assessable"
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


def find_atypical_episodes(frames: Frames, rest_mask: np.ndarray, sets: tuple[SetSpan, ...], *,
                           high_band: bool = True) -> list[Episode]:
    """Sustained narrow out-of-band peaks: in rests (episodes) and inside sets."""
    episodes: list[Episode] = []
    if not len(frames):
        return episodes
    # in blocks of rows: each row is independent, and the float64 copies stay small for long recordings
    parts = []
    for lo in range(0, len(frames), ROW_BLOCK):
        block = frames.psd[lo:lo + ROW_BLOCK].astype(np.float64)
        f_b, p_b, r_b = out_of_band_peak(block, high_band=high_band)
        parts.append((f_b, p_b, r_b, _power_near(block, f_b)))
    freq, prom, ratio, floor_power = (np.concatenate([p[i] for p in parts]) for i in range(4))
    hit = (np.nan_to_num(prom) >= OOB_PROMINENCE) & (np.nan_to_num(ratio) >= OOB_OVER_PHYS)
    hit &= np.nan_to_num(floor_power) >= OOB_MIN_POWER
    # still, or the "movement" is the tremor itself leaking below 3 Hz (a strong oscillation)
    hit &= (frames.movement_rms < MOVE_MPS2) | (np.nan_to_num(floor_power) >= OOB_OVER_MOVEMENT * frames.movement_rms**2)
    starts = np.array([s.start_s for s in sets])
    for a, b in time_runs(hit, frames.t_s, 1.5):
        start, end = float(frames.t_s[a]) - 1.0, float(frames.t_s[b - 1]) + 1.0
        if end - start < EPISODE_MIN_S:
            continue
        owner = set_at(sets, 0.5 * (start + end), until="end", starts=starts)
        sel = np.arange(a, b)[hit[a:b]]
        hz = float(np.median(freq[sel]))
        band = "high_tremor" if hz >= BANDS["high_tremor"].low_hz else "low_tremor"
        episodes.append(Episode(start, end, hz, BANDS[band].label, float(np.sqrt(np.mean(floor_power[sel]))), owner))
    return sorted(episodes, key=lambda e: e.start_s)


def out_of_band_peak(psd: np.ndarray, movement_hz: np.ndarray | None = None, *, high_band: bool = True
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
            harmonic = np.isfinite(mult) & (order >= 2) & (order <= MAX_HARMONIC) & (np.abs(mult - order) < HARMONIC_TOLERANCE)
        freq[harmonic] = np.nan
        prom[harmonic] = np.nan
        ratio[harmonic] = np.nan
    return freq, prom, ratio


def _power_near(psd: np.ndarray, freq: np.ndarray, half_width_hz: float = 1.0) -> np.ndarray:
    """Power within +-half_width of ``freq`` in each row, (m/s^2)^2 (NaN where ``freq`` is NaN)."""
    df = float(PSD_FREQS[1] - PSD_FREQS[0])
    near = np.abs(PSD_FREQS[None, :] - np.nan_to_num(freq, nan=-1e9)[:, None]) <= half_width_hz
    out = np.nansum(np.where(near, psd, 0.0), axis=1) * df
    out[~np.isfinite(freq)] = np.nan
    return out


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
