"""Per-set tremor metrics and set labels.

Labels:

``calm``
    no twitching, no fatigue rise to 4x the rest baseline and a last third under 9x it (or no rest
    baseline to compare with).
``fatigue_tremor``
    6-12 Hz power rising through the set (:func:`rising`: 1.5x or more standing 2 standard errors out of chance:
    the thirds' scatter under 2x, and at any rise a steady line's as wide as the set's,
    :mod:`tremor.core.line_chance`) to a last third of 4x rest or more; or 9x rest with a line the band cannot follow
    (:func:`tremor.core.set_labels.rise_shown`).
``enhanced_tremor``
    9x rest or more otherwise (high, not building: no sign of fatigue shown; a rise of 1.5x or more within
    chance is no sign, :func:`tremor.core.set_labels.rise_within_chance`), no twitching.
``fasciculations``
    isolated twitches in the set (while still) or in its recovery, without fatigue tremor.
``mixed``
    fatigue tremor and fasciculations.
``atypical_tremor``
    a narrow out-of-band (3-7 Hz or 13-18 Hz) peak dominates the set itself.
``not_assessable``
    the sampling rate cannot show the physiological band, the set holds too little data, vigorous
    movement fills the tremor bands with its harmonics and impacts, the skirt of an out-of-band peak
    under its detection limit fills the band, or impacts (a snap or clank at each rep) fill more than half the
    set's windows (:func:`impacts_bound`; an out-of-band line is still sought over all its windows, so such a set
    can read ``atypical_tremor``) (:attr:`SetMetrics.not_assessable_reason`).

Windows under vigorous movement (:func:`tremor.core.sets.movement_leak`) never count as tremor: a
set with fewer than half its windows free of them is not assessable under movement; otherwise its
tremor is measured from the free windows only (:attr:`SetMetrics.movement_windows_excluded`). Where
the free windows' 6-12 Hz power still follows the movement's harmonics with no line in the band
(:func:`tremor.core.movement_lock.harmonics_locked`), or the band's top lies on a harmonic of a steady 2.4-3.3 Hz
movement (a brisk walk's step rate: :func:`tremor.core.step_harmonics.step_harmonic`), the set is not assessable
under movement either. Where
the band's envelope rises and decays with each rep (a loose strap's or a bar's ring,
:mod:`tremor.core.rep_locked_ring`), it is not assessable as a rattle.

The tremor peak lives in :mod:`tremor.core.peak`, out-of-band peaks and episodes in
:mod:`tremor.core.episodes`, the labelling rule in :mod:`tremor.core.set_labels`; their names are
re-exported here.

Size (issue 8): about 650 lines as one job, a set's measures (:func:`set_metrics`, with the impact rule
:func:`impacts_bound` it applies) and the rest baseline they are compared with; the peak, the episodes and
the labelling rule are split out as above.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from typing import Any

import numpy as np

from tremor.core._rolling import nanmedian1
from tremor.core.band_edge import (
    DRIFT_CHUNKS,
    at_lower_edge,
    drifted_out_of_band,
    line_hz,
    passes_the_edge,
    with_edge_skirt,
)
from tremor.core.episodes import (
    EPISODE_JOIN_S,
    EPISODE_MIN_S,
    FRAME_HALF_S,
    HARMONIC_TOLERANCE,
    LEAK_MAX_SHARE,
    LEAK_SKIRT_HZ,
    MAX_HARMONIC,
    OOB_MIN_POWER,
    OOB_OVER_MOVEMENT,
    OOB_OVER_PHYS,
    OOB_PROMINENCE,
    ROW_BLOCK,
    Episode,
    find_atypical_episodes,
    leak_share,
    out_of_band_peak,
)
from tremor.core.events import Transient
from tremor.core.fast_line import machine_fast
from tremor.core.features import PSD_FREQS, Frames
from tremor.core.line_chance import line_rise_sd
from tremor.core.movement_lock import harmonics_locked
from tremor.core.oob_shape import narrower_than_window
from tremor.core.peak import PEAK_MIN_PROMINENCE, centroid_peak, spectral_peak, spectral_peak_sd
from tremor.core.rep_locked_ring import LEVEL_OVER_REST, SUB_BLOCKS, gap_free_run, rep_locked
from tremor.core.rest_frames import still_rest
from tremor.core.rhythm_size import DISPLACEMENT_MIN_MM, rhythm_displacement_mm
from tremor.core.session_drift import MIN_LINE_WIDTH_HZ, drift_run, line_width_hz
from tremor.core.set_edges import moving_edges
from tremor.core.set_labels import (
    ENHANCED_OVER_REST,
    FATIGUE_OVER_REST,
    FATIGUE_RISE,
    FATIGUE_RISE_MIN,
    FATIGUE_RISE_Z,
    LABELS,
    MIN_TWITCHES,
    label_set,
    rise_log_sd,
    rising,
)
from tremor.core.sets import MOVE_MPS2, VIGOROUS_MPS2, Segmentation, SetSpan, movement_leak, within
from tremor.core.spectral import BANDS
from tremor.core.step_harmonics import step_harmonic
from tremor.core.stop_burst import stop_bursts
from tremor.core.strokes import WANDER_HZ, set_stroke_wander
from tremor.core.tool_rundown import MIN_RUN_S, MIN_SHORT_RUN_S, rundown

__all__ = [
    "SetMetrics",
    "Episode",
    "LABELS",
    "EXTERNAL_MAX_SHARE",
    "rest_baseline",
    "rest_candidates",
    "set_metrics",
    "impacts_bound",
    "MIN_IMPACT_FREE_SHARE",
    "label_set",
    "find_atypical_episodes",
    "twitch_in_rest",
    "set_at",
    "spectral_peak",
    "out_of_band_peak",
    "leak_share",
    "rise_log_sd",
    "rising",
    # re-exported from tremor.core.episodes, tremor.core.peak and tremor.core.set_labels (split from this module)
    "ENHANCED_OVER_REST",
    "FATIGUE_OVER_REST",
    "FATIGUE_RISE",
    "FATIGUE_RISE_MIN",
    "FATIGUE_RISE_Z",
    "MIN_TWITCHES",
    "EPISODE_JOIN_S",
    "EPISODE_MIN_S",
    "FRAME_HALF_S",
    "HARMONIC_TOLERANCE",
    "LEAK_MAX_SHARE",
    "LEAK_SKIRT_HZ",
    "MAX_HARMONIC",
    "OOB_MIN_POWER",
    "OOB_OVER_MOVEMENT",
    "OOB_OVER_PHYS",
    "OOB_PROMINENCE",
    "PEAK_MIN_PROMINENCE",
    "ROW_BLOCK",
]

#: A twitch is judged still only from a frame whose centre lies this close (a frame spans +-1 s).
NEAREST_FRAME_S = 1.0
#: Frames this long after a set are left out of the rest baseline (tremor settles).
SETTLE_S = 5.0
#: A set needs at least this share of its windows free of movement harmonics to measure tremor.
MIN_FREE_SHARE = 0.5
#: Impacts (a snap or clank at each rep) leaving fewer than this share of a set's windows free of them leave too
#: few, all at one phase of the rep, to measure its tremor bands from (:func:`impacts_bound`).
MIN_IMPACT_FREE_SHARE = 0.5
#: A set whose frames are this share or more under external vibration is not assessable: its thirds would be
#: measured from what is left, so a rough patch late in a set would leave only its start.
EXTERNAL_MAX_SHARE = 0.25


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
    #: Why tremor was not assessed: "sampling_rate", "too_little_data", "movement", "vibration", "not_worn",
    #: "external_vibration", "strokes" (a hand's deliberate 3-7 Hz strokes: :mod:`tremor.core.strokes`), "large_rhythm" (a 3-7 Hz rhythm the size of a deliberate movement: :mod:`tremor.core.rhythm_size`), "rattle" (the band rises and decays with each rep: :mod:`tremor.core.rep_locked_ring`), "tool_rundown" (a power tool's line falling under load: :mod:`tremor.core.tool_rundown`), "fast_line" (a line above 13 Hz larger than a body's: :mod:`tremor.core.fast_line`)
    #: "resolution" (a calm or enhanced level under the sensor's code step: :func:`tremor.core.code_step.under_resolution`)
    #: or "out_of_band_skirt" (None when assessed; :data:`tremor.core.set_labels.NOT_ASSESSABLE_WORDS`).
    not_assessable_reason: str | None = None
    #: Windows of the set left out of its tremor metrics because vigorous movement filled the tremor bands.
    movement_windows_excluded: int = 0
    #: Windows of the set (inside its measured stretch).
    windows: int = 0
    #: standard error of ``peak_hz`` (Hz): its spread from one stretch of the same tremor to the next, from
    #: the scatter of the set's window spectra (:func:`tremor.core.peak.spectral_peak_sd`); None where there
    #: is no peak or the line fit fell back to the Gaussian top
    peak_sd_hz: float | None = None
    #: Share of the set's 6-12 Hz power in the skirt of a prominent out-of-band peak (bins within
    #: LEAK_SKIRT_HZ of it); at LEAK_MAX_SHARE or more, where that peak dominates the set, the band measures
    #: that oscillation, not tremor: no 6-12 Hz level (``rms_mps2``), peak, centroid, fatigue ratio or
    #: comparison with rest is given (under ``oob_limit_mps2``, tremor is not assessable). None without one.
    oob_leak_share: float | None = None
    #: standard error of ``log(end_to_start_ratio)`` from the scatter of the frames' 6-12 Hz power within
    #: the first and last thirds (:func:`rise_log_sd`); None where it could not be measured
    rise_log_sd: float | None = None
    #: RMS (m/s^2) of the set's mean spectrum within +-1 Hz of its out-of-band peak, and the out-of-band
    #: detection limit over the set's frames (the square root of their largest
    #: :func:`tremor.core.episodes.oob_floors`): a peak under the limit is not called tremor. None if unmeasured.
    oob_rms_mps2: float | None = None
    oob_limit_mps2: float | None = None
    #: share of the variance of the set's log 6-12 Hz envelope that its reps' phase explains
    #: (:func:`tremor.core.rep_locked_ring.rep_lock_share`); measured only for a set that moves and reads
    #: :data:`tremor.core.rep_locked_ring.LEVEL_OVER_REST` times rest or more, else None. At
    #: :data:`tremor.core.rep_locked_ring.LOCK_MIN_SHARE` or more the band is a ring or rattle excited by each
    #: rep, and the set's tremor is not assessable (reason ``"rattle"``).
    rep_lock_share: float | None = None
    #: the out-of-band peak (below 6 Hz) is the set's own tremor line, drifted down out of the band
    #: (:func:`tremor.core.band_edge.drifted_out_of_band`): not another oscillation, so neither
    #: ``atypical_tremor`` nor a skirt that withholds the 6-12 Hz figures
    oob_drifted: bool = False
    #: the out-of-band peak lies on the band's lower edge bin (6 Hz: :func:`tremor.core.band_edge.at_lower_edge`),
    #: so it cannot be placed outside the band: measured as the band's tremor, as a drifted line, and never
    #: ``atypical_tremor``
    oob_on_edge: bool = False
    #: where ``oob_drifted`` comes from the session (:mod:`tremor.core.session_drift`): the lines (Hz) of the
    #: earlier sets that drift down to the out-of-band peak; empty otherwise
    oob_drift_sets_hz: tuple[float, ...] = ()
    #: Windows (of ``windows``) holding an impact where impacts fill more than half of them (reason ``"impacts"``:
    #: :func:`impacts_bound`); 0 otherwise (a clank or two: those windows are left out and the rest measured).
    impact_windows: int = 0
    #: standard error of ``log(end_to_start_ratio)`` for a steady tremor as wide as the set's line (its chance
    #: scatter from the line's width and the thirds' length: :func:`tremor.core.line_chance.line_rise_sd`); a rise
    #: is judged against the larger of this and ``rise_log_sd`` (:func:`tremor.core.set_labels.rise_sd`). None
    #: where it could not be measured
    rise_line_sd: float | None = None
    #: where the rest's 6-12 Hz level is under the sensor's resolution (:mod:`tremor.core.rest_resolution`):
    #: ``power_vs_rest`` and ``last_third_vs_rest`` are None and these are their lower bounds, the set's power over
    #: the most such a rest can hold; None otherwise
    power_vs_rest_at_least: float | None = None
    last_third_vs_rest_at_least: float | None = None

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


def rest_baseline(
    frames: Frames, seg: Segmentation, *, events: np.ndarray | None = None
) -> tuple[float | None, np.ndarray]:
    """Median 6-12 Hz power of the rest frames (the person's own baseline) and the frames used.

    Rest frames are those of ``seg.rest_mask`` that do not move (movement RMS below
    :data:`MOVE_MPS2`), are not within :data:`SETTLE_S` s after a set's end and hold no impact or
    activity event (``events``: taps, knocks; their rings fill the 6-12 Hz band and flatten the rest's
    spectrum, which would read as the sensor's noise floor) (:func:`rest_candidates`), and whose wrist is
    still: under :data:`tremor.core.rest_frames.REST_MOVE_MPS2` and near the quietest stretch's level
    (:func:`tremor.core.rest_frames.still_rest`; a gentle ride or a fidget is no rest). Where at least 10 of
    them precede the first set, only those are used.

    Parameters
    ----------
    frames : Frames
        Frame features of the recording.
    seg : Segmentation
        Sets and rest mask of the recording.
    events : ndarray of bool, shape (n_frames,), optional
        Frames whose window holds an impact or a burst of activity (left out).

    Returns
    -------
    baseline : float or None
        Median 6-12 Hz power of the rest frames in (m/s^2)^2; None with fewer than 4 finite values.
    mask : ndarray of bool, shape (n_frames,)
        The frames used.
    """
    mask = still_rest(frames.movement_rms, rest_candidates(frames, seg, events=events))[0]
    if seg.sets:
        before = mask & (frames.t_s < seg.sets[0].start_s)
        if before.sum() >= 10:
            mask = before
    values = frames.power_phys[mask]
    values = values[np.isfinite(values)]
    if values.size < 4:
        return None, mask
    return float(np.median(values)), mask


def rest_candidates(frames: Frames, seg: Segmentation, *, events: np.ndarray | None = None) -> np.ndarray:
    """The rest frames a baseline may be taken from before the stillness rule (:func:`rest_baseline`).

    Parameters
    ----------
    frames : Frames
        Frame features of the recording.
    seg : Segmentation
        Sets and rest mask of the recording.
    events : ndarray of bool, shape (n_frames,), optional
        Frames whose window holds an impact or a burst of activity (left out).

    Returns
    -------
    ndarray of bool, shape (n_frames,)
        Rest frames moving under :data:`MOVE_MPS2`, not within :data:`SETTLE_S` s after a set's end, free of
        ``events``.
    """
    mask = seg.rest_mask & (frames.movement_rms < MOVE_MPS2)
    mask &= ~within(frames.t_s, [(s.end_s, s.end_s + SETTLE_S) for s in seg.sets], closed=False)
    if events is not None:
        mask &= ~events
    return mask


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


def _inner_frames(t: np.ndarray, start_s: float, end_s: float) -> tuple[int, int]:
    """The frames ``[i0, i1)`` a set from ``start_s`` to ``end_s`` is measured on: those whose 2 s window lies in it
    (centres a second inside each edge), or every centre in it where that leaves under 3."""
    i0, i1 = int(np.searchsorted(t, start_s + 1.0, "left")), int(np.searchsorted(t, end_s - 1.0, "right"))
    if i1 - i0 < 3:
        i0, i1 = int(np.searchsorted(t, start_s, "left")), int(np.searchsorted(t, end_s, "right"))
    return i0, i1


def set_metrics(
    span: SetSpan,
    frames: Frames,
    baseline_power: float | None,
    twitch_times_s: np.ndarray,
    *,
    assessable: bool,
    high_band: bool = True,
    rise_span: tuple[float, float] | None = None,
    exclude: np.ndarray | None = None,
    oob_floor: np.ndarray | None = None,
    rest_edge: np.ndarray | None = None,
    hop_s: float | None = None,
    external: np.ndarray | None = None,
    impacts: np.ndarray | None = None,
    drift_from: Callable[[], tuple[float, ...]] | None = None,
    short_bursts: bool = False,
) -> SetMetrics:
    """Measure one set from its frames and the session's twitch times (sorted; real twitches only).

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
        Whether the sampling rate can show 13-18 Hz (where it cannot, no out-of-band peak is sought there).
    rise_span : (float, float) or None
        Where a data gap cut the set's activity into parts (:func:`tremor.core.sets.cut_by_gaps`),
        the whole stretch (start_s, end_s): the fatigue rise (first and last third, their peaks and
        the last third against rest) is measured over it, since one part alone holds only the start
        or the end of the rise. Its tremor line is followed over it too (whether it drifted out of the
        band: :func:`tremor.core.band_edge.drifted_out_of_band`). None measures both over the set.
    exclude : ndarray of bool, shape (n_frames,), optional
        Frames left out of every measure of the set (the device lay still, not worn); where fewer
        than 3 of its frames remain, its tremor is not assessable (reason ``"not_worn"``).
    oob_floor : ndarray, shape (n_frames,), optional
        Each frame's out-of-band power floor in (m/s^2)^2 (:func:`tremor.core.episodes.oob_floors`); the
        set's ``oob_limit_mps2`` is the square root of the largest over its measured frames. None leaves it
        unmeasured (and the label's out-of-band rule without a power floor).
    rest_edge : ndarray, optional
        Rest spectrum below 6 Hz (:mod:`tremor.core.band_edge`): each third's power gains its line's skirt there.
    hop_s : float or None
        The median time between frame centres of ``frames`` (s) where the caller has it (a session's
        sets share it); None computes it.
    external : ndarray of bool, shape (n_frames,), optional
        Frames under external vibration (:mod:`tremor.core.external_vibration`): left out of every measure;
        where they are :data:`EXTERNAL_MAX_SHARE` of the set's frames or more, its tremor is not assessable
        (reason ``"external_vibration"``).
    impacts : ndarray of bool, shape (n_frames,), optional
        Frames whose window holds an impact (a twitch-band transient of kind ``"artefact"``: a bar clanking on
        its rack, a weight set down): left out of the tremor-band measures (thirds, rise, RMS, peak) as the
        masked frames are, since a 5-15 m/s^2 knock puts more power into a third's 6-12 Hz band than the
        tremor it would be compared with. The set's movement is measured with them.
    drift_from : callable or None
        Returns the tremor lines of the earlier sets (:func:`tremor.core.session_drift.earlier_lines`), called only
        where the set's dominant peak lies under the band with no line of its own in it: a peak they drift down to
        is the session's own line (:func:`tremor.core.session_drift.drift_run`), as a line drifting out within the
        set is. None: not read.
    short_bursts : bool
        The session's sets fall as a power tool's short bursts do (:func:`tremor.core.tool_rundown.short_rundowns`):
        a run-down over a run of :data:`~tremor.core.tool_rundown.MIN_SHORT_RUN_S` sets this one aside.

    Returns
    -------
    SetMetrics
        The set's measures; ``assessable=False`` with a reason (sampling rate, vibration, movement,
        too little data, not worn) where its tremor could not be measured.
    """
    t = frames.t_s
    # a set is measured over its active frames, the move into its position and out of it included (SetSpan.moved_s),
    # as before its edges were moved: under a bar's whip, the same every rep, the 6-12 Hz band of the reps alone rose
    # under FATIGUE_RISE_MIN with a real fatigue tremor growing 0.02 -> 0.15 m/s^2 in 4 of 16 sets
    # (tests/core/test_bar_whip.py's model, seeds 6000-6015: fatigue_tremor 13 -> 9, enhanced 0 -> 4); a hold's
    # frames a second inside its trimmed end half-weighted its last second, where a tremor rising late rises most
    # (tests/core/test_late_rise_hold.py: fatigue_tremor 17 -> 12 of 30 draws)
    i0, i1 = _inner_frames(t, span.start_s - span.moved_s[0], span.end_s + span.moved_s[1])
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
        # a hand's own strokes at 3-7 Hz (scrubbing, brushing teeth): a rhythm of movement size whose rate the hand
        # sets afresh from bout to bout (tremor.core.strokes), its harmonics in 6-12 Hz
        # read over the whole stretch the rhythm fills (a raised stretch of brushing may be cut into sets of a bout)
        hop = _hop_s(frames) if hop_s is None else hop_s
        wander = set_stroke_wander(frames.power_low, frames.peak_low_hz, int(idx[0]), int(idx[-1]) + 1, hop)
        if wander is not None and wander >= WANDER_HZ:
            return _unassessed(movement, in_set, in_recovery, rate, "strokes", int(idx.size), int(idx.size))
        # a 3-7 Hz rhythm moving the wrist millimetres, at a steady rate or not: the size of a deliberate rhythmic
        # movement (whisking, shaking a bottle, strumming, chopping), which a wrist sensor cannot tell from a tremor
        # that large (tremor.core.rhythm_size)
        shift = rhythm_displacement_mm(frames.psd[idx], frames.power_low[idx])
        if shift is not None and shift >= DISPLACEMENT_MIN_MM:
            return _unassessed(
                movement, in_set, in_recovery, rate, "large_rhythm", int(idx.size), int(idx.size)
            )
        # a line above 13 Hz larger than any body's (a jigsaw in the hand, its strokes folded by a sensor without an
        # anti-alias filter): a machine's, whatever it puts in the tremor bands (tremor.core.fast_line)
        # (a machine line found over most of the band says so first: reason "vibration", below)
        if np.isfinite(frames.power_phys[idx]).sum() * 2 >= idx.size and machine_fast(frames.psd[idx]):
            return _unassessed(movement, in_set, in_recovery, rate, "fast_line", int(idx.size), int(idx.size))
        # a power tool's motor line sliding down as the load slows it (a drill seating a screw: 30-45 % in
        # seconds), which no tremor's rate does (tremor.core.tool_rundown)
        # (a run as short as MIN_SHORT_RUN_S where the session's sets fall so again and again: short_rundowns)
        run_s = MIN_SHORT_RUN_S if short_bursts else MIN_RUN_S
        if rundown(t[idx], frames.psd[idx], frames.movement_rms[idx] >= MOVE_MPS2, run_s) is not None:
            return _unassessed(
                movement, in_set, in_recovery, rate, "tool_rundown", int(idx.size), int(idx.size)
            )
    if external is not None and idx.size:
        # after movement: a set of jumps or swings is not assessable for its own movement first
        shaken = external[idx]
        if shaken.sum() >= EXTERNAL_MAX_SHARE * idx.size:
            return _unassessed(movement, in_set, in_recovery, rate, "external_vibration", 0, int(idx.size))
        idx = idx[~shaken]
    with_impacts = (
        idx  # a ring's own knocks, found as impacts, are locked to the reps too: the fold keeps them
    )
    # a hold: the arm raised into it or lowered out of it, caught in the frames at its ends, is no tremor of it
    # (the fold above keeps them: they are the movement's; a set of reps moves throughout and keeps them all)
    if span.kind == "hold":
        idx = idx[~moving_edges(t[idx], frames.movement_rms[idx], MOVE_MPS2)]
    # reps stopping (or starting) at once: the step's burst through the band, found where it stands over the
    # band's level on both sides, is no tremor of the set (stop_burst; at 100 Hz and over it is an impact too);
    # left out after the impacts' share of the set's windows is judged, as they were counted before
    hop = _hop_s(frames) if hop_s is None else hop_s
    stops = (
        idx[stop_bursts(t, frames.movement_rms, frames.band_env, frames.low_env, idx, VIGOROUS_MPS2, hop)]
        if span.kind != "hold" and idx.size
        else idx[:0]
    )
    # impacts leaving fewer than half the set's windows (a snap or clank at each rep): the few windows left lie
    # between two impacts, all at one phase of the rep, where the movement's own leakage can read as a narrow
    # line; the set's 6-12 Hz figures are then withheld (reason "impacts") and only its out-of-band peak is
    # sought, over all its windows (a tremor line holds at every phase; the impacts' broadband floor hides none)
    impact_bound = impacts is not None and impacts_bound(impacts[idx])
    impact_windows = int(np.count_nonzero(impacts[idx])) if impact_bound and impacts is not None else 0
    if impacts is not None and not impact_bound:
        idx = idx[~impacts[idx]]
    # (kept aside for the movement test below)
    stopped = idx[np.isin(idx, stops) & np.isfinite(frames.power_phys[idx])]
    idx = idx[~np.isin(idx, stops)]
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
    # the free frames' mean spectrum, read by the movement checks here and by the peaks below
    spectrum = frames.psd[free].mean(axis=0)
    # the movement test reads the frames it read before the stop's were left out: the step is the movement's, and
    # a set whose band follows its movement with it stays not assessable (left out, a set-down's burst after it
    # would be read as a rise: own curls lowered at once after a 0.5-2.5 s hold, 50 Hz, 5/24 -> 11/24 fatigue)
    with_stops = np.union1d(
        free,
        stopped[
            ~movement_leak(
                frames.movement_rms[stopped], frames.power_low[stopped], frames.power_phys[stopped]
            )
        ],
    )
    if movement >= MOVE_MPS2 and (
        # the frames left in hold the same harmonics, weaker: their band follows the movement's, no line
        harmonics_locked(frames.power_low[free], frames.power_phys[free], spectrum)
        or (
            stopped.size > 0
            and harmonics_locked(
                frames.power_low[with_stops],
                frames.power_phys[with_stops],
                frames.psd[with_stops].mean(axis=0),
            )
        )
        # or the band's top on a harmonic of a steady 2.4-3.3 Hz movement (a brisk walk's step rate)
        or step_harmonic(frames.peak_movement_hz[free], spectrum)
    ):
        return _unassessed(movement, in_set, in_recovery, rate, "movement", n_windows, n_windows)
    idx = free
    phys = frames.power_phys[idx]
    # across data gaps the frames lie unevenly (none over a gap, one per short stretch between gaps): the
    # thirds are then thirds of the time they span, not of their count
    by_time = bool(span.gaps)
    thirds = _thirds(frames.t_s, idx, by_time=by_time)
    track = idx  # the frames the line is followed over (band_edge.drifted_out_of_band)
    if rise_span is not None:
        whole = _tremor_frames(frames, *rise_span, impacts=impacts)
        if whole.size >= 3:
            thirds = _thirds(frames.t_s, whole, by_time=True)
            by_time = True
            track = whole  # a part of a set cut by a gap: its line came from the whole stretch's start
    p0, p1 = (with_edge_skirt(frames.psd[t], frames.power_phys[t], rest_edge) for t in thirds[::2])
    if by_time:  # and each frame weighs the time it stands for (a short stretch's one frame: more than 0.5 s)
        w0, w1 = (_frame_weights(frames.t_s[t]) for t in thirds[::2])
        first, last = float(np.average(p0, weights=w0)), float(np.average(p1, weights=w1))
    else:
        first, last = float(p0.mean()), float(p1.mean())
    rise_sd = rise_log_sd(p0, p1, _hop_s(frames) if hop_s is None else hop_s)
    # a steady line's chance scatter from its width: a narrow line's thirds differ more than their frames show
    line_sd = line_rise_sd(
        frames.psd[np.concatenate([thirds[0], thirds[-1]])].mean(axis=0),
        frames.t_s[thirds[0]],
        frames.t_s[thirds[-1]],
        *((w0, w1) if by_time else (None, None)),
    )
    # the frames are the analysis's default geometry (2 s Hann windows every 0.5 s), the standard error's model
    peak, peak_prom, peak_sd = spectral_peak_sd(frames.psd[idx])
    start_peak, _ = spectral_peak(frames.psd[thirds[0]].mean(axis=0))
    end_peak, _ = spectral_peak(frames.psd[thirds[-1]].mean(axis=0))
    mean_phys = float(phys.mean())
    lock_share = None
    # the fold reads the set as its active frames gave it, the move into its position and out of it included
    # (SetSpan.moved_s): a bench set's whip cycles with the reps from the lie-down on (its share, and its movement
    # RMS over MOVE_MPS2, were measured so), and the trimmed set's sub-blocks put the bar's ring under a share that
    # read it as tremor, 32-84x rest (h-edges); a share judged on a narrower band instead hid a real fatigue tremor
    # under the whip as a rattle in 10 of 26 red team bench sets (3 of 26 so, h-rev12)
    # (not where impacts fill the set: its band is withheld for them, and its out-of-band line is still sought)
    if (
        not impact_bound
        and movement >= MOVE_MPS2
        and baseline_power
        and max(mean_phys, last) >= LEVEL_OVER_REST * baseline_power
    ):
        # a watch or bar ringing after each turn of each rep fills the band with a line as narrow as tremor's,
        # whose envelope rises and decays with the rep: its level is the equipment's, not the person's
        hop = _hop_s(frames) if hop_s is None else hop_s
        a, b = gap_free_run(t[i0:i1], hop)
        run = np.arange(i0 + a, i0 + b)
        locked, lock_share = rep_locked(
            frames.band_env[run],
            frames.sub_acc[run],
            hop / SUB_BLOCKS,
            np.isin(run, _free(frames, with_impacts)),
        )
        if locked:
            return replace(
                _unassessed(movement, in_set, in_recovery, rate, "rattle", int(leak_frames.sum()), n_windows),
                rep_lock_share=lock_share,
            )
    move_hz = float(nanmedian1(frames.peak_movement_hz[idx])) if movement >= MOVE_MPS2 else None
    oob = out_of_band_peak(
        spectrum[None, :], movement_hz=None if move_hz is None else np.array([move_hz]), high_band=high_band
    )
    oob_hz, oob_prom, oob_ratio = (float(v[0]) for v in oob)
    # a maximum narrower than the window's main lobe is leakage, no line (windows all at one phase of a movement)
    has_oob = np.isfinite(oob_hz) and not narrower_than_window(spectrum, oob_hz)
    oob_band = ("high_tremor" if oob_hz >= BANDS["high_tremor"].low_hz else "low_tremor") if has_oob else None
    leak = leak_share(spectrum, oob_hz if has_oob and oob_prom >= OOB_PROMINENCE else None)
    # only where the out-of-band peak dominates the set by batch's own rule (prominent and OOB_OVER_PHYS times
    # the 6-12 Hz peak): a fatigue tremor drifting down past 6 Hz has its own skirt there but does not dominate
    # a fatigue tremor that drifted on down below 6 Hz, as far as to dominate the set, is still the band's
    # own line (it started inside the band and moved there continuously): not an out-of-band oscillation
    if impact_bound and impacts is not None:
        # where impacts fill the set, the line is followed over the windows free of them: an impact's broadband
        # floor and the movement's leakage beside it put a stretch's maximum at the scan's foot while the line is
        # still faint (slow eccentric curls with a jolt at each turn: 3.25, 3.25, 6.0, 6.25, 6.0, 6.0 Hz), and
        # only where the line lies matters here, not its power (a leakage line of the free windows' one phase
        # starts out of the band and stays there, so it is no drifted line)
        unhit = track[~impacts[track]]
        track = unhit if unhit.size >= 3 * DRIFT_CHUNKS else track
    drifted = has_oob and oob_prom >= OOB_PROMINENCE and drifted_out_of_band(frames.psd[track], oob_hz)
    # a peak on the band's edge bin is as much in the band as out of it: the band's line, not another oscillation
    on_edge = has_oob and not drifted and at_lower_edge(oob_hz)
    if on_edge:  # unless the line crosses the edge: outside the band in its first or last third
        ends = np.vstack([frames.psd[t].mean(axis=0) for t in (thirds[0], thirds[-1])])
        moves = None if move_hz is None else np.full(2, move_hz)
        f3, p3, r3 = out_of_band_peak(ends, movement_hz=moves, high_band=high_band)
        f3 = np.where((p3 >= OOB_PROMINENCE) & (r3 >= OOB_OVER_PHYS), f3, np.nan)  # dominant peaks only
        on_edge = not passes_the_edge(float(f3[0]), float(f3[1]), line_hz(ends[1]))
    # or the session's own line, drifted down to it set after set (session_drift)
    # (only where the band holds no line of its own, and the peak is as broad as a physiological line: session_drift)
    session_run = (
        drift_run(drift_from(), oob_hz)
        if has_oob
        and oob_prom >= OOB_PROMINENCE
        and not (drifted or on_edge)
        and peak is None
        and line_width_hz(spectrum, oob_hz) >= MIN_LINE_WIDTH_HZ
        and drift_from is not None
        else ()
    )
    drifted = drifted or bool(session_run)
    leaked = (
        leak is not None
        and leak >= LEAK_MAX_SHARE
        and oob_ratio >= OOB_OVER_PHYS
        and not (drifted or on_edge)
    )
    near = np.abs(PSD_FREQS - oob_hz) <= 1.0 if has_oob else np.zeros(PSD_FREQS.size, bool)
    oob_rms = float(np.sqrt(np.nansum(spectrum[near]) * (PSD_FREQS[1] - PSD_FREQS[0]))) if has_oob else None
    oob_limit = float(np.sqrt(np.max(oob_floor[idx]))) if oob_floor is not None else None
    # the band's level and maximum are the oscillation's skirt or harmonic (2 x 5.5 Hz), not tremor
    skirt = leaked and oob_limit is not None and (oob_rms or 0.0) < oob_limit  # under it: no atypical_tremor
    # the band's figures are withheld as under a skirt where the impacts fill it
    leaked = leaked or impact_bound
    if leaked:
        peak = start_peak = end_peak = peak_prom = peak_sd = None
    why = "impacts" if impact_bound else "out_of_band_skirt" if skirt else None
    return SetMetrics(
        peak_hz=peak,
        start_peak_hz=start_peak,
        end_peak_hz=end_peak,
        rms_mps2=None if leaked else float(np.sqrt(mean_phys)),
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
        assessable=why is None,
        not_assessable_reason=why,
        peak_prominence=peak_prom,
        centroid_hz=None if leaked else centroid_peak(spectrum),
        peak_sd_hz=peak_sd,
        movement_windows_excluded=int(leak_frames.sum()),
        windows=n_windows,
        impact_windows=impact_windows,
        oob_leak_share=leak,
        oob_rms_mps2=oob_rms,
        oob_limit_mps2=oob_limit,
        rise_log_sd=rise_sd if first > 0 and not leaked else None,
        rise_line_sd=line_sd if first > 0 and not leaked else None,
        oob_drifted=drifted,
        oob_on_edge=on_edge,
        oob_drift_sets_hz=session_run,
        rep_lock_share=lock_share,
    )


def impacts_bound(impact_frames: np.ndarray) -> bool:
    """Whether impacts fill too many of a set's windows to measure its tremor bands from the rest.

    A clank or two leaves most windows free, spread over the set; an impact at each rep (a rowing machine's chain
    snapping taut at the catch, a weight set down every rep) leaves at most the few windows that fit between two
    of them (a 2 s window between catches 2.2 s apart), all at the same phase of the rep. Those windows are no
    sample of the set: each sees the same stretch of the movement, whose leakage through the window then adds up
    instead of averaging out, and can read as a narrow line (0.45 strokes/s read as a 3.25 Hz tremor).

    Parameters
    ----------
    impact_frames : ndarray of bool
        For each of the set's windows, whether it holds an impact.

    Returns
    -------
    bool
        True where fewer than :data:`MIN_IMPACT_FREE_SHARE` of the windows (or fewer than 3) are free of impacts,
        and at least one holds one.
    """
    n = int(impact_frames.size)
    free = n - int(np.count_nonzero(impact_frames))
    return free < n and free < max(3.0, MIN_IMPACT_FREE_SHARE * n)


def _free(frames: Frames, idx: np.ndarray) -> np.ndarray:
    """The frames of ``idx`` whose 6-12 Hz band is finite and free of vigorous movement's harmonics."""
    idx = idx[np.isfinite(frames.power_phys[idx])]
    return idx[~movement_leak(frames.movement_rms[idx], frames.power_low[idx], frames.power_phys[idx])]


def _hop_s(frames: Frames) -> float:
    """Median time between frame centres, s (the default 0.5 s where there are fewer than 2 frames)."""
    return float(np.median(np.diff(frames.t_s))) if len(frames) >= 2 else 0.5


def _thirds(t: np.ndarray, idx: np.ndarray, *, by_time: bool) -> list[np.ndarray]:
    """The first, middle and last thirds of the frames ``idx`` (at least 3): of their count, or with
    ``by_time`` of the time from the first to the last of them (where each outer third holds a frame)."""
    if by_time:
        t0, t1 = float(t[idx[0]]), float(t[idx[-1]])
        parts = np.split(idx, np.searchsorted(t[idx], [t0 + (t1 - t0) / 3, t0 + 2 * (t1 - t0) / 3]))
        if parts[0].size and parts[2].size:
            return parts
    return np.array_split(idx, 3)


def _frame_weights(t: np.ndarray) -> np.ndarray:
    """The time (s) each of the frames at ``t`` stands for: half the way to each neighbour, at least one
    hop and at most a window (2 s), so a frame beside a long gap does not stand for the gap."""
    if t.size < 2:
        return np.ones(t.size)
    hop = float(np.median(np.diff(t)))
    edges = np.concatenate([[t[0] - hop / 2], (t[1:] + t[:-1]) / 2, [t[-1] + hop / 2]])
    return np.clip(np.diff(edges), hop, 2.0)


def _tremor_frames(
    frames: Frames, start_s: float, end_s: float, *, impacts: np.ndarray | None = None
) -> np.ndarray:
    """Indices of the frames of ``start_s``-``end_s`` that measure tremor, as :func:`set_metrics` picks them.

    Frames within 1 s of the edges are left out (where at least 3 remain), and so are those whose
    6-12 Hz band could not be assessed or holds vigorous movement's harmonics, or an impact (``impacts``).
    """
    t = frames.t_s
    i0, i1 = np.searchsorted(t, start_s + 1.0, "left"), np.searchsorted(t, end_s - 1.0, "right")
    if i1 - i0 < 3:
        i0, i1 = np.searchsorted(t, start_s, "left"), np.searchsorted(t, end_s, "right")
    idx = np.arange(i0, max(i1, i0))
    if impacts is not None:
        idx = idx[~impacts[idx]]
    idx = idx[np.isfinite(frames.power_phys[idx])]
    return idx[~movement_leak(frames.movement_rms[idx], frames.power_low[idx], frames.power_phys[idx])]


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
