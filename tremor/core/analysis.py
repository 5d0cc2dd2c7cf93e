"""The batch analysis of one recording, and the summary step shared with live analysis.

:func:`analyze` measures sampling quality, splits the recording into gap-free uniform segments,
computes frame features and twitch-band transients per segment (:class:`~tremor.core.pipeline.SegmentPipeline`,
the one per-segment pipeline of every path), then calls :func:`summarize`,
which finds sets, measures and labels them, finds out-of-band episodes and annotates likely causes.
Live analysis (:mod:`tremor.core.stream`) feeds the same frame and transient objects chunk by chunk and
calls the same :func:`summarize`.

Size (issue 8): over 500 lines because :func:`summarize` is the one place where every finding becomes a
statement in the notes, and each note sits next to the rule that earns it; the next split should move the
per-set notes into their own module.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property, partial
from typing import Any, TypeVar

import numpy as np

from tremor.core.band_edge import rest_edge_psd
from tremor.core.brief_rhythm import brief_rhythm_note, brief_rhythms
from tremor.core.causes import Cause, SessionFacts, SetFacts, session_causes, set_causes
from tremor.core.chance_rise_words import chance_rise_note
from tremor.core.classify import (
    LEAK_MAX_SHARE,
    NEAREST_FRAME_S,
    Episode,
    SetMetrics,
    find_atypical_episodes,
    label_set,
    rest_baseline,
    rest_candidates,
    set_at,
    set_metrics,
)
from tremor.core.code_step import TWITCH_CODES, coarsest_step, under_resolution
from tremor.core.episode_movement import moving_episodes
from tremor.core.episodes import oob_floors, oob_peak_rows, still_row_medians
from tremor.core.events import ACTIVITY_SPAN_S, BACKGROUND_S, MIN_TWITCH_FS_HZ, Transient, not_twitches_note
from tremor.core.external_vibration import (
    EXT_ADJACENT_S,
    ExternalVibration,
    external_assessable,
    external_mask,
    find_external_vibration,
)
from tremor.core.fast_line import FAST_LINE_WORDS, machine_fast
from tremor.core.features import MIN_PIECE_S, FrameConfig, Frames, band_assessable
from tremor.core.frame_memo import FrameMemo, derived_memo
from tremor.core.gap_notes import hidden_edge_note, set_gaps_note
from tremor.core.harmonic_lock import locked_episodes
from tremor.core.impulsive_band import bursty_frames
from tremor.core.joined_shake import joined_shake_outs
from tremor.core.kick_rhythm import two_beat_note, two_beat_rhythms
from tremor.core.large_postural import with_large_postural
from tremor.core.lead_pull import lead_note, lead_pulls, lead_set, lead_set_note, phone_frame
from tremor.core.leg_rhythm import leg_rhythm_note, leg_rhythms
from tremor.core.motor_glide import motor_glide_note, motor_glides
from tremor.core.notes import HIGH_TWITCH_LIMIT_MPS2
from tremor.core.phone_use import twitches_after_phone_use, twitches_until_next
from tremor.core.pipeline import SegmentPipeline, at_stamps
from tremor.core.posture_shift import unclear_stay_note
from tremor.core.quality import SamplingReport, sample_segments
from tremor.core.recording import Recording, SetMarker, SourceInfo
from tremor.core.resolution_notes import coarse_level_note, unresolved_calm_note
from tremor.core.rest_frames import REST_MOVE_MPS2, moving_rest_note, still_rest
from tremor.core.rest_harmonics import rest_level_without_harmonics
from tremor.core.rest_resolution import bounded_vs_rest, finer_rest, rest_ceiling, unresolved_rest_note
from tremor.core.rhythm_onset import onset_strokes
from tremor.core.rhythm_size import DISPLACEMENT_MIN_MM, LARGE_RHYTHM_WORDS, large_episodes, large_note
from tremor.core.rhythm_switch import switched_episodes, switched_note
from tremor.core.ring_bursts import ring_bursts, ring_note
from tremor.core.session_drift import earlier_lines
from tremor.core.set_labels import oob_dominant
from tremor.core.sets import (
    MAX_BRIDGE_S,
    MOVE_MPS2,
    SetSpan,
    cut_by_gaps,
    movement_leak,
    segment_sets,
    sets_found_live,
    sets_from_markers,
    within,
)
from tremor.core.settle_turn import settled_turns
from tremor.core.shaken_sets import sets_under_vibration, shaken_sets_note
from tremor.core.spectral import BANDS
from tremor.core.step_stretches import step_change_note, step_over, steps_at_times
from tremor.core.still import FLAT_MIN, flat_band_top_hz, noise_floor_flatness, noise_floor_spans, still_spans
from tremor.core.strokes import stroked_episodes, stroked_note
from tremor.core.struck_rhythm import struck_episodes, struck_note
from tremor.core.tap_sets import (
    TAP_HIGH_SHARE,
    rest_spectrum,
    tap_carried,
    tapped_often,
    tapped_still,
    twitches_dominate,
    without_tremor,
)
from tremor.core.time_rows import rows_within
from tremor.core.tool_rundown import (
    MIN_DROP,
    MIN_REPEATS,
    MIN_RUN_S,
    rundown_episodes,
    rundown_note,
    short_rundowns,
)
from tremor.core.turned_run import turned_run_notes
from tremor.core.twitch_steps import STEP_HALF_S
from tremor.core.upright_rest import upright_note, upright_rest
from tremor.core.vibration import (
    IMPLAUSIBLE_REST_RMS,
    VibrationLine,
    find_vibration,
    implausible_rest_note,
    remove_lines,
)
from tremor.core.written_words import written_episodes, written_note, written_spans
from tremor.errors import ParameterError, SamplingError

__all__ = [
    "SetResult",
    "AnalysisResult",
    "analyze",
    "summarize",
    "summary_steps",
    "run_steps",
    "limits_array",
    "check_markers",
    "MIN_DURATION_S",
]

_T = TypeVar("_T")

#: Rows per block of per-frame results a live session keeps between summaries (``memo``).
MEMO_ROWS = 256

#: A recording shorter than this cannot be analysed (one set with a little rest either side).
MIN_DURATION_S = 10.0

#: A set whose reported edge moved this far or more off its measured frames (the move into its position and out of
#: it, :attr:`tremor.core.sets.SetSpan.moved_s`) gets a note naming the span its figures are measured over.
MOVED_NOTE_S = 0.5
#: What makes a set's tremor not assessable, in the words of the note on an out-of-band rhythm under it.
_MOVED_WORDS = {
    "movement": "vigorous movement",
    "strokes": "strokes",
    "large_rhythm": "movement-sized rhythm",
    "tool_rundown": "line falling as a power tool's motor does under load",
    "lead": "pull along a watch's x axis (the forearm), as on a held lead,",
    "fast_line": "rhythm above 13 Hz larger than a body's (a machine in the hand)",
}


@dataclass(frozen=True)
class SetResult:
    """One set: where it is, what was measured, its label and likely causes."""

    span: SetSpan
    metrics: SetMetrics
    label: str
    causes: tuple[Cause, ...]


@dataclass(frozen=True, eq=False)
class AnalysisResult:
    """Everything the analysis found in one recording."""

    source: SourceInfo
    sampling: SamplingReport
    sets: tuple[SetResult, ...]
    twitches: tuple[tuple[Transient, int | None], ...]
    rejected_transients: tuple[Transient, ...]
    atypical_tremor: tuple[Episode, ...]
    walking: tuple[tuple[float, float], ...]
    rest_rms_mps2: float | None
    session_causes: tuple[Cause, ...]
    notes: tuple[str, ...]
    assessable: dict[str, bool]
    context: dict[str, Any]
    frames: Frames = field(repr=False)
    start_unix_s: float | None = None
    #: machine vibration lines, kept out of the tremor metrics (``frames`` holds the cleaned spectra)
    vibration: tuple[VibrationLine, ...] = ()
    #: a rest 6-12 Hz level too high for a human source (m/s^2 RMS), not used as a rest baseline
    implausible_rest_rms_mps2: float | None = None
    #: the rest's 6-12 Hz level where its spectrum is flat at the sensor's noise floor (then ``rest_rms_mps2`` is None)
    rest_noise_floor_mps2: float | None = None
    #: (time s, twitch detection limit m/s^2) of each 0.5 s block, shape (n, 2); empty where not assessed.
    twitch_limits: np.ndarray = field(default_factory=lambda: np.zeros((0, 2)), repr=False)
    #: stretches (start_s, end_s) where the device lay still, not worn: no twitch, rest level, detection
    #: limit or set metric is taken from them
    not_worn: tuple[tuple[float, float], ...] = ()
    #: out-of-band detection limit (m/s^2 RMS within +-1 Hz of a peak): an out-of-band tremor at or above it
    #: is reported anywhere in the recording (:func:`tremor.core.episodes.oob_floors`); None without frames or
    #: where the sampling rate cannot show the tremor bands
    oob_limit_mps2: float | None = None
    #: stretches of external broadband vibration (a vehicle, a road, a machine shaking the wrist): no
    #: out-of-band tremor, rest level, fatigue rise or twitch is taken from them
    external_vibration: tuple[ExternalVibration, ...] = ()
    #: out-of-band rhythms within EXT_ADJACENT_S of external vibration: not reported as tremor (a note says so),
    #: but they shook the wrist, so the twitch detection limit says when it was measured under them
    external_rhythms: tuple[Episode, ...] = ()
    #: automatic sets (batch's, or a live session's :attr:`~tremor.core.recording.SetMarker.auto` ones) found
    #: mostly inside external vibration and not reported (:mod:`tremor.core.shaken_sets`; a note says so)
    unreported_sets: tuple[SetSpan, ...] = ()
    #: still stays in a new pose at the rest's tremor that one wrist sensor cannot call a light hold or a change of
    #: posture (:func:`tremor.core.posture_shift.stay_kind`): (start_s, end_s, seconds in the pose), no set, a note each
    unclear_stays: tuple[tuple[float, float, float], ...] = ()
    #: the rest episodes of ``atypical_tremor`` a bouncing leg, or a knee under the hand, could give
    #: (:func:`tremor.core.upright_rest.upright_rest`): each with its share of power along gravity, or None where the
    #: samples hold no gravity (direction unknown); the notes and the clinician cause hedge them
    leg_possible: tuple[tuple[Episode, float | None], ...] = ()
    #: out-of-band rhythms found but not reported as tremor, each with why: ``external_vibration`` (within
    #: EXT_ADJACENT_S of it), ``moving`` (the wrist kept moving, outside sets, or the rhythm followed a slower
    #: movement at a whole multiple, :mod:`tremor.core.harmonic_lock`), ``leg`` (most likely a bouncing leg,
    #: :mod:`tremor.core.leg_rhythm`), ``brief`` (a bout of seconds at rest, not told from a deliberate movement,
    #: :mod:`tremor.core.brief_rhythm`), ``struck`` (at rest, impacts in most windows, :mod:`tremor.core.struck_rhythm`),
    #: ``ringing`` (at rest, short rings dying away with stillness between, :mod:`tremor.core.ring_bursts`),
    #: ``switched`` (at rest, meeting a movement-sized rhythm at another rate, :mod:`tremor.core.rhythm_switch`),
    #: ``set_movement`` (in a set not assessable under movement), ``strokes`` and
    #: ``large_rhythm`` (in or across a set, :mod:`tremor.core.strokes`, :mod:`tremor.core.rhythm_size`),
    #: ``tool_rundown`` (in a set whose line fell as a loaded motor's, :mod:`tremor.core.tool_rundown`), ``set_line``
    #: (at the out-of-band peak of a set that is its own tremor line, drifted down within the set or set after
    #: set, or on the band's edge bin), ``motor`` (a line gliding in rate, its power following the rate as a
    #: vibration motor's, :mod:`tremor.core.motor_glide`), ``lead`` (along the forearm in a stop of a walk, a pull on
    #: a held lead, :mod:`tremor.core.lead_pull`); the notes say more
    set_aside_rhythms: tuple[tuple[Episode, str], ...] = ()
    #: still holds tapped through at a typing rate (a phone checked in a rest, :mod:`tremor.core.phone_use`):
    #: phone use, not sets; no twitch or rest level is taken from them
    phone_use: tuple[tuple[float, float], ...] = ()
    #: the start (s) of each set whose line falls as a power tool's short bursts do, burst after burst
    #: (:func:`tremor.core.tool_rundown.short_rundowns`), among all the segmentation's sets, also where only one set
    #: was measured: a live card judged before the session reached the repeats is revised when its set joins them
    short_bursts: tuple[float, ...] = ()

    def twitch_limit(self, start_s: float = -np.inf, end_s: float = np.inf) -> float | None:
        """Median twitch detection limit (m/s^2) over the still blocks in ``[start_s, end_s)``, or None.

        The limit of a 0.5 s block is the peak of the smallest reference twitch (a 20 ms biphasic
        pulse) the detector would report there: its whitened envelope must cross the block's
        threshold, its band-passed peak must rise above the background
        (:data:`~tremor.core.events.RISE_FACTOR`), and it must not be taken for a movement's edge by the block's
        own slow excursion (a swaying forearm's, :mod:`tremor.core.movement_limit`). Only blocks where twitches are judged count: the
        wrist still and the device worn (blocks where it lay still, not worn, are left out); None
        where there is no such block (or twitches are not assessable at this sampling rate).

        Parameters
        ----------
        start_s, end_s : float
            The time span in s (the whole recording by default).

        Returns
        -------
        float or None
            Median detection limit in m/s^2 over the still blocks of the span.
        """
        values = self._limit_blocks(start_s, end_s)[:, 1]
        return float(np.median(values)) if values.size else None

    def twitches_seen(self, start_s: float = -np.inf, end_s: float = np.inf) -> bool:
        """Whether a count of twitches over ``[start_s, end_s)`` says anything: could twitches be seen there?

        Twitches are judged only while the wrist is still and the device worn, against the detection limit
        of :meth:`twitch_limit`. A span with no such block (a set of reps, a swim: the wrist never still),
        or whose limit is :data:`~tremor.core.notes.HIGH_TWITCH_LIMIT_MPS2` or more (a machine line or an
        oscillation raised it), could not show a twitch, so its count of none is not evidence of none.

        Parameters
        ----------
        start_s, end_s : float
            The time span in s (the whole recording by default).

        Returns
        -------
        bool
            True where twitches are assessable at this sampling rate and the span's detection limit exists
            and is below :data:`~tremor.core.notes.HIGH_TWITCH_LIMIT_MPS2`.
        """
        return bool(self.assessable.get("fasciculations", False)) and _seen(
            self._limit_blocks(start_s, end_s)
        )

    def twitch_limit_measured_under(self, start_s: float = -np.inf, end_s: float = np.inf) -> str | None:
        """What shook the blocks behind :meth:`twitch_limit`, where most of them were shaken.

        A machine line, or an out-of-band oscillation of the wrist, whose harmonics reach the twitch
        band raises the limit there and up to :data:`~tremor.core.events.BACKGROUND_S` either side of
        it (the detector's background window; the real ESP32 motor rigs: 7.1 and 12.9 m/s^2, a hundred
        times a worn wrist's), so the report says what the limit was measured under.

        Parameters
        ----------
        start_s, end_s : float
            The time span in s (the whole recording by default).

        Returns
        -------
        str or None
            ``"machine_vibration"`` where more than half of the span's counted blocks fall inside a
            vibration line's span (widened by the background window); else ``"out_of_band_oscillation"``
            where more than half fall inside an out-of-band episode or a set labelled ``atypical_tremor``, or a
            rhythm or set taken for strokes or of movement size (:mod:`tremor.core.rhythm_size`), widened the same way; else ``"external_vibration"`` where more than half fall within that window
            of external broadband vibration or a rhythm beside it (:attr:`external_rhythms`); else None.
        """
        t = self._limit_blocks(start_s, end_s)[:, 0]
        # a block's threshold comes from the background over BACKGROUND_S around it: shaking that near counts
        reach = BACKGROUND_S
        lines = [(v.start_s - reach, v.end_s + reach) for v in self.vibration]
        oob = [(e.start_s - reach, e.end_s + reach) for e in self.atypical_tremor] + [
            (r.span.start_s - reach, r.span.end_s + reach) for r in self.sets if r.label == "atypical_tremor"
        ]
        # a rhythm of a hand's strokes or of movement size, set aside as no tremor, is an oscillation all the same
        oob += [
            (e.start_s - reach, e.end_s + reach)
            for e, why in self.set_aside_rhythms
            if why in ("strokes", "large_rhythm", "two_beat", "lead")
        ] + [
            (r.span.start_s - reach, r.span.end_s + reach)
            for r in self.sets
            if r.metrics.not_assessable_reason in ("strokes", "large_rhythm", "lead")
        ]
        ext = [(v.start_s - reach, v.end_s + reach) for v in self.external_vibration] + [
            (e.start_s - reach, e.end_s + reach) for e in self.external_rhythms
        ]
        for what, spans in (
            ("machine_vibration", lines),
            ("out_of_band_oscillation", oob),
            ("external_vibration", ext),
        ):
            if t.size and spans and 2 * int(within(t, spans).sum()) > t.size:
                return what
        return None

    def _limit_blocks(self, start_s: float, end_s: float) -> np.ndarray:
        """The (time, limit) rows of the still, worn blocks in ``[start_s, end_s)``, shape (n, 2)."""
        return _blocks_of(
            self.twitch_limits,
            self.frames,
            self.not_worn,
            self.external_vibration,
            start_s,
            end_s,
            in_order=self._limits_in_order,
        )

    @cached_property
    def _limits_in_order(self) -> bool:
        """Whether the limits' times never decrease: checked once, not in each of a report's per-set calls."""
        return _in_order(self.twitch_limits) if self.twitch_limits.size else True


def _blocks_of(
    lim: np.ndarray,
    frames: Frames,
    not_worn: Sequence[tuple[float, float]],
    external: Sequence[ExternalVibration],
    start_s: float,
    end_s: float,
    *,
    in_order: bool | None = None,
) -> np.ndarray:
    """:meth:`AnalysisResult._limit_blocks` from its parts (the analysis asks it before the result exists).

    ``in_order``: whether ``lim``'s times never decrease, where the caller knows (:func:`_in_order`); None: check.
    """
    if not lim.size or not len(frames):
        return np.zeros((0, 2))
    t = lim[:, 0]
    if _in_order(lim) if in_order is None else in_order:  # in time order (as summarize makes them): a slice
        sel = lim[np.searchsorted(t, start_s, "left") : np.searchsorted(t, end_s, "left")]
        sel = sel[np.isfinite(sel[:, 1])]
    else:
        sel = lim[(t >= start_s) & (t < end_s) & np.isfinite(lim[:, 1])]
    sel = sel[~within(sel[:, 0], list(not_worn))] if not_worn else sel
    shaken = [(v.start_s, v.end_s) for v in external]
    sel = sel[~within(sel[:, 0], shaken)] if shaken else sel
    return sel[_still(sel[:, 0], frames)]


def _in_order(lim: np.ndarray) -> bool:
    """Whether the times (first column) of (time, limit) rows never decrease."""
    t = lim[:, 0]
    return bool(np.all(t[1:] >= t[:-1]))


def _seen(blocks: np.ndarray) -> bool:
    """Whether twitches could be seen over these limit blocks (:meth:`AnalysisResult.twitches_seen`)."""
    return bool(blocks.size) and float(np.median(blocks[:, 1])) < HIGH_TWITCH_LIMIT_MPS2


def _still(times: np.ndarray, frames: Frames) -> np.ndarray:
    """:func:`~tremor.core.classify.twitch_in_rest` for many times at once."""
    t = frames.t_s
    if not times.size or not t.size:
        return np.zeros(times.size, bool)
    k = np.clip(np.searchsorted(t, times), 1, t.size - 1) if t.size > 1 else np.zeros(times.size, int)
    if t.size > 1:
        k = np.where(np.abs(t[k - 1] - times) <= np.abs(t[k] - times), k - 1, k)
    rms = frames.movement_rms

    def moving(i: np.ndarray) -> np.ndarray:  # only at the frames asked about, not every frame
        return np.asarray(rms[i] >= MOVE_MPS2, bool) | ~np.isfinite(rms[i])

    near = moving(k) | np.where(k + 1 < t.size, moving(np.minimum(k + 1, t.size - 1)), False)
    near |= np.where(k >= 1, moving(np.maximum(k - 1, 0)), False)
    return (np.abs(t[k] - times) <= NEAREST_FRAME_S) & ~near


def analyze(
    recording: Recording,
    *,
    markers: list[SetMarker] | tuple[SetMarker, ...] | None = None,
    context: dict[str, Any] | None = None,
    config: FrameConfig = FrameConfig(),
) -> AnalysisResult:
    """Analyse a recording in batch (zero-phase filtering).

    Parameters
    ----------
    recording : Recording
        The samples, in m/s^2 with their time stamps.
    markers : sequence of SetMarker, optional
        Sets given by the user; they override the file's own markers and automatic segmentation.
    context : dict, optional
        Parsed user context (:func:`tremor.core.context.parse_context`).
    config : FrameConfig
        Frame geometry.

    Returns
    -------
    AnalysisResult
        Sampling report, sets with metrics, labels and causes, twitches, atypical tremor episodes,
        walking bouts, notes and the frame features of the whole recording.

    Raises
    ------
    SamplingError
        Where the recording has fewer than 3 samples or lasts less than :data:`MIN_DURATION_S` s.
    ParameterError
        Where a set marker lies outside the recording (see :func:`check_markers`).
    """
    sampling, segments = sample_segments(recording)
    if sampling.duration_s < MIN_DURATION_S:
        raise SamplingError(
            f"{recording.source.path}: the recording lasts {sampling.duration_s:.1f} s; "
            f"at least {MIN_DURATION_S:g} s are needed to analyse tremor"
        )
    use_markers = tuple(markers) if markers else recording.markers
    check_markers(use_markers, end_s=float(recording.time_s[-1]), path=recording.source.path)
    frames, transients, limits = [], [], []
    for seg in segments:
        pipe = SegmentPipeline(
            seg.fs_hz, seg.t0_s, gravity_included=recording.gravity_included, config=config
        )
        seg_frames, found = pipe.update(seg.acc_mps2, final=True)
        seg_limits = pipe.limits
        if seg.stamps is not None:  # kept samples: times follow the received stamps, as live
            seg_frames, found, seg_limits = at_stamps(
                seg.t0_s, seg.fs_hz, seg.stamps, seg_frames, found, seg_limits
            )
        frames.append(seg_frames)
        transients.extend(found)
        limits.extend(seg_limits)
    notes = list(sampling.notes)
    if any(s.interpolated for s in segments):
        notes.append(
            "twitch and spectral analysis ran on the interpolated grid; event times are accurate to one sample"
        )
    return summarize(
        Frames.concat(frames),
        transients,
        source=recording.source,
        sampling=sampling,
        end_s=float(recording.time_s[-1]),
        fs_hz=sampling.lowest_rate_hz,
        markers=use_markers,
        context=context or {},
        extra_notes=notes,
        start_unix_s=recording.start_unix_s,
        gravity_included=recording.gravity_included,
        twitch_limits=limits,
    )


def check_markers(markers: tuple[SetMarker, ...] | list[SetMarker], *, end_s: float, path: str) -> None:
    """Refuse sets that lie (wholly or partly) outside the recording, which runs from 0 to ``end_s``.

    A set that does not end after it starts is refused too.

    Parameters
    ----------
    markers : sequence of SetMarker
        The sets, start and end in s from the first sample.
    end_s : float
        Time of the recording's last sample in s.
    path : str
        The recording's path, for the error message.

    Raises
    ------
    ParameterError
        Naming the first such set and the recording's length.
    """
    for m in markers:
        if m.start_s < 0.0 or m.end_s > end_s or m.start_s >= m.end_s:
            raise ParameterError(
                f"{path}: the set {m.start_s:g}-{m.end_s:g} s lies outside the recording, which runs from 0 to "
                f"{end_s:.2f} s ({end_s:.1f} s long); give sets within it"
            )


def summarize(
    frames: Frames,
    transients: list[Transient],
    *,
    source: SourceInfo,
    sampling: SamplingReport,
    end_s: float,
    fs_hz: float,
    markers: tuple[SetMarker, ...] = (),
    context: dict[str, Any] | None = None,
    extra_notes: list[str] | None = None,
    start_unix_s: float | None = None,
    gravity_included: bool,
    twitch_limits: list[tuple[float, float]] | np.ndarray | None = None,
    only_set_start_s: float | None = None,
    memo: FrameMemo | None = None,
) -> AnalysisResult:
    """Sets, labels, episodes and causes from frame features and transients (shared by batch and live).

    ``twitch_limits`` are the (time, detection limit) pairs of the twitch detector's blocks.

    Parameters
    ----------
    frames : Frames
        Frame features of the whole recording, in time order.
    transients : list of Transient
        Every transient the twitch detector reported (all kinds); only still-wrist twitches
        outside walking are kept as twitches, the rest are returned as rejected.
    source : SourceInfo
        Where the data came from; its ``details["reader_notes"]`` lead the notes.
    sampling : SamplingReport
        The sampling report (gaps, saturation and notes are carried into the result).
    end_s : float
        Time of the last sample in s.
    fs_hz : float
        Sampling rate in Hz, which decides which bands and twitches can be assessed.
    markers : tuple of SetMarker
        Sets given by the user or the file; empty for automatic segmentation.
    context : dict or None
        Parsed user context (for the likely causes).
    extra_notes : list of str or None
        Notes to add after the reader's notes.
    start_unix_s : float or None
        Wall-clock time of the first sample (Unix seconds), if known.
    gravity_included : bool
        Whether the data include gravity; without it, automatic segmentation notes that holds look
        like rest.
    twitch_limits : list of (float, float), ndarray of shape (n, 2), or None
        (time in s, detection limit in m/s^2) of each detector block, in any order.
    only_set_start_s : float or None
        Measure only the set that starts here (within 1 us), for a live set card: the result's
        ``sets`` then hold that set alone, measured, labelled and with its causes exactly as in the
        whole summary (a set's metrics, label and causes read the session's rest, frames and
        twitches, never the other sets' results), but its notes and session causes are not the
        session's. None (the default) measures every set.
    memo : FrameMemo or None
        A live session's results of per-block work on its frame table, which only grows
        (:mod:`tremor.core.frame_memo`): reused where a block's rows were summarised before, so a
        summary every few seconds does not redo the whole session; the same result as without.

    Returns
    -------
    AnalysisResult
        Everything found in the recording.
    """
    steps = summary_steps(
        frames,
        transients,
        source=source,
        sampling=sampling,
        end_s=end_s,
        fs_hz=fs_hz,
        markers=markers,
        context=context,
        extra_notes=extra_notes,
        start_unix_s=start_unix_s,
        gravity_included=gravity_included,
        twitch_limits=twitch_limits,
        only_set_start_s=only_set_start_s,
        memo=memo,
    )
    return run_steps(steps)


def run_steps(steps: Generator[None, None, AnalysisResult]) -> AnalysisResult:
    """Run a summary's steps (:func:`summary_steps`, :meth:`tremor.core.stream.LiveAnalyzer.result_steps`) to the end.

    Parameters
    ----------
    steps : Generator
        The steps, not yet run or partly run.

    Returns
    -------
    AnalysisResult
        The summary.
    """
    while True:
        try:
            next(steps)
        except StopIteration as done:
            result: AnalysisResult = done.value
            return result


def summary_steps(
    frames: Frames,
    transients: list[Transient],
    *,
    source: SourceInfo,
    sampling: SamplingReport,
    end_s: float,
    fs_hz: float,
    markers: tuple[SetMarker, ...] = (),
    context: dict[str, Any] | None = None,
    extra_notes: list[str] | None = None,
    start_unix_s: float | None = None,
    gravity_included: bool,
    twitch_limits: list[tuple[float, float]] | np.ndarray | None = None,
    only_set_start_s: float | None = None,
    memo: FrameMemo | None = None,
) -> Generator[None, None, AnalysisResult]:
    """:func:`summarize` in steps: a generator that yields ``None`` between its stages and returns its result.

    A live session runs a set card's refresh a step at a time, spread over the notifications that
    follow (:mod:`tremor.live.set_decisions`), so that no single notification carries the whole
    summary; the inputs are those given here, so the result is the one :func:`summarize` gives them.

    Parameters
    ----------
    frames, transients, source, sampling, end_s, fs_hz, markers, context, extra_notes : see summarize
        As for :func:`summarize`.
    start_unix_s, gravity_included, twitch_limits, only_set_start_s, memo : see summarize
        As for :func:`summarize`.

    Returns
    -------
    Generator
        Yields ``None`` after each stage; its return value (``StopIteration.value``) is the
        :class:`AnalysisResult`.
    """
    context = context or {}
    notes = list(extra_notes or [])
    notes[:0] = [str(n) for n in source.details.get("reader_notes", [])]  # what the reader assumed, first
    if source.format == "firmware_log":  # a log's own notes: a partial last line dropped, no end record, ...
        notes[:0] = [str(n) for n in source.details.get("notes", [])]
    assessable = {
        "physiological_band": band_assessable(BANDS["physiological"], fs_hz),
        "out_of_band_tremor": band_assessable(BANDS["high_tremor"], fs_hz),
        "fasciculations": fs_hz >= MIN_TWITCH_FS_HZ,
        "external_vibration": external_assessable(fs_hz),
    }
    if not assessable["physiological_band"]:
        notes.append(
            f"sampled at {fs_hz:.2f} Hz: the 6-12 Hz physiological tremor band needs more than "
            f"{BANDS['physiological'].high_hz / 0.4:g} Hz, so tremor was not assessed (no aliased power is reported)"
        )
    elif not assessable["out_of_band_tremor"]:
        notes.append(
            f"sampled at {fs_hz:.2f} Hz: the 13-18 Hz band cannot be assessed (needs more than 45 Hz)"
        )
    if not assessable["external_vibration"]:
        notes.append(
            f"sampled at {fs_hz:.2f} Hz: external vibration (a vehicle, a road, a machine shaking the wrist) "
            "cannot be told from tremor: that needs broadband power above 14 Hz, which needs 50 Hz or more"
        )
    if not assessable["fasciculations"]:
        notes.append(
            f"sampled at {fs_hz:.2f} Hz: twitch detection needs 100 Hz or more, so fasciculations were not assessed"
        )
    if sampling.gaps:
        total = sum(g.duration_s for g in sampling.gaps)
        notes.append(
            f"{len(sampling.gaps)} gap(s) in the data, {total:.1f} s in all; no frame spans a gap (a stretch "
            f"of {MIN_PIECE_S:g}-{FrameConfig().window_s:g} s between gaps gives one frame over its whole length); "
            f"a set spans gaps of up to {MAX_BRIDGE_S:g} s (measured from the data around them), a longer gap ends it"
        )
    gaps = [(g.start_s, g.end_s) for g in sampling.gaps]
    for sat in sampling.saturation:
        notes.append(sat.note())

    # is it a human? machine vibration lines are found first and kept out of every tremor metric
    if memo is not None:
        memo.check(frames)
    lines = find_vibration(frames, fs_hz, memo) if assessable["physiological_band"] else ()
    raw_frames = frames
    frames, phys_lost = remove_lines(frames, lines, fs_hz)
    for line in lines:
        notes.append(line.note())
    if phys_lost.any():
        hop = float(np.median(np.diff(frames.t_s))) if len(frames) > 1 else 0.0
        notes.append(
            f"6-12 Hz tremor could not be assessed in {phys_lost.sum()} frame(s) (about "
            f"{phys_lost.sum() * hop:.0f} s) where the vibration covers most of the band or the band's peak lies under its bins"
        )

    yield

    # is anyone there? a device lying still (orientation steady, spectrum at the sensor's noise floor) is no
    # wrist: no set spans it (automatic sets split there; a marker set is measured without it)
    still = _noise_floor_spans(
        frames, still_spans(frames, gravity_included=gravity_included), fs_hz, lines, memo
    )
    if (
        still
    ):  # taps flatten the spectrum too: a tapped span is a wrist (a raised phone), not a device at rest
        taps = np.array(
            sorted(tr.t_s for tr in transients if tr.kind in ("activity", "artefact")), dtype=np.float64
        )
        still = [s for s, tapped in zip(still, tapped_still(still, frames, taps)) if not tapped]
    yield
    # a live session whose every set its automatic detection found: batch's segmentation, on the sets it showed
    found_live = bool(markers) and all(m.auto for m in markers)
    # the sensor's resolution: what a pose's tremor can show (where it changed mid-stream, its coarsest for the rules
    # over the whole stream, and each set's own below)
    whole_step = coarsest_step(sampling.code_step_mps2)
    if said := step_change_note(sampling.code_step_stretches):  # batch and live alike
        notes.append(said)
    step = max([whole_step] + [q for _, q in sampling.code_step_stretches])
    if found_live:
        # the memo's rows are the raw frames': where machine lines were removed, one kept for these lines
        seg_memo = memo if not lines else derived_memo(memo, "segmentation without lines", repr(lines))
        seg = sets_found_live(
            markers, frames, end_s=end_s, gaps=gaps, not_worn=still, memo=seg_memo, code_step=step
        )
    elif markers:
        seg = sets_from_markers(markers, frames, end_s=end_s, gaps=gaps)
    else:
        seg = segment_sets(frames, end_s=end_s, gaps=gaps, not_worn=still, code_step=step)
    if not gravity_included and (found_live or not markers):
        notes.append(
            "the data have gravity removed (linear acceleration), so wrist orientation is unknown: "
            "sets were found from movement alone, and static holds look like rest; "
            "give holds with --sets or --sets-file"
        )
    notes.extend(unclear_stay_note(a, b, dur) for a, b, dur in seg.unclear_stays)
    for a, b in still:
        notes.append(
            f"the device lay still from {a:.1f} to {b:.1f} s (orientation steady, spectrum flat at the "
            "sensor's noise floor): not worn or not held, or on a limb at complete rest (the accelerometer cannot "
            "tell which), so no twitch, rest level or set metric is taken from it"
        )
    if still:
        seg = replace(seg, rest_mask=seg.rest_mask & ~within(frames.t_s, still))
    yield
    # is the wrist being shaken from outside? broadband power where no muscle drives: none of the person's
    # measures is taken from there
    external = find_external_vibration(
        raw_frames.t_s,
        raw_frames.ext_power,
        raw_frames.ext_band_hz,
        np.fmax(np.fmax(raw_frames.power_low, raw_frames.power_phys), raw_frames.power_high),
        bounds=(0.0, end_s),
        own_movement=movement_leak(raw_frames.movement_rms, raw_frames.power_low, raw_frames.power_phys)
        | within(raw_frames.t_s, list(seg.walking)),
        fold_power=raw_frames.fold_power,
        fold_hz=raw_frames.fold_hz,
        movement_rms=raw_frames.movement_rms,
        event_t_s=np.array([tr.t_s for tr in transients], dtype=np.float64),
        weak_power=raw_frames.ext_weak_power,
        kurtosis=raw_frames.ext_kurtosis,
        code_step=step,
    )
    shaken_mask = external_mask(frames.t_s, external)
    shaken_spans = [(v.start_s, v.end_s) for v in external]
    for v in external:
        notes.append(v.note())
    rest_before_shaking = seg.rest_mask.any()
    shaken_sets: tuple[SetSpan, ...] = ()
    if external:
        seg = replace(seg, rest_mask=seg.rest_mask & ~shaken_mask)
        # a "set" found from movement inside the shaking may be the shaking's own (a folded comb reaches 0 Hz)
        kept_sets, shaken_sets = sets_under_vibration(seg.sets, frames.t_s, shaken_mask)
        if shaken_sets:
            seg = replace(seg, sets=kept_sets)
            notes.append(shaken_sets_note(shaken_sets))
    # frames whose window holds an impact, or reaches within ACTIVITY_SPAN_S of an activity event (a knock; typing,
    # whose taps between those called activity are often "rhythmic"), or within STEP_HALF_S of a footfall on a
    # train of them (the hands on a treadmill's rails: the machine runs there, and each footfall rings): their
    # rings fill the tremor bands and flatten the spectrum, so they say nothing of the resting wrist's tremor; below
    # the twitch detector's rate, the frames whose power above 14 Hz comes in bursts (impulsive_band.bursty_frames)
    half = FrameConfig().window_s / 2.0
    event_frames = (
        within(
            frames.t_s,
            sorted(
                (tr.t_s - reach, tr.t_s + reach)
                for tr in transients
                if tr.kind in ("artefact", "activity", "steps")
                for reach in [half + {"activity": ACTIVITY_SPAN_S, "steps": STEP_HALF_S}.get(tr.kind, 0.0)]
            ),
        )
        if assessable["fasciculations"]
        else bursty_frames(frames.ext_kurtosis)
    )
    baseline, base_mask = rest_baseline(frames, seg, events=event_frames)
    # a wrist on a running machine (a machine line's span, a treadmill's rails) is not at rest: where the rest holds
    # enough frames away from every line (PREFER_CLEAN_FRAMES, as before the first set) and their level is lower
    # (a machine only adds power; elsewhere, a vehicle's seat, unlined vibration can be higher), it is taken from those
    if lines and baseline is not None:
        on_machine = within(frames.t_s, [(v.start_s - half, v.end_s + half) for v in lines])
        clean = on_machine if event_frames is None else event_frames | on_machine
        free = seg.rest_mask & ~clean & (frames.movement_rms < MOVE_MPS2) & np.isfinite(frames.power_phys)
        if free.sum() >= PREFER_CLEAN_FRAMES:
            lower, lower_mask = rest_baseline(frames, seg, events=clean)
            if lower is not None and lower < baseline:
                baseline, base_mask, event_frames = lower, lower_mask, clean
    noise_floor = None
    flatness = noise_floor_flatness(frames, base_mask, fs_hz) if baseline is not None else None
    if flatness is not None and flatness >= FLAT_MIN and baseline is not None:
        noise_floor = float(np.sqrt(baseline))
        notes.append(_noise_floor_note(noise_floor, flatness, bool(seg.sets)))
    implausible = None
    raw_baseline = rest_baseline(raw_frames, seg, events=event_frames)[0] if lines else baseline
    if raw_baseline is not None and np.sqrt(raw_baseline) >= IMPLAUSIBLE_REST_RMS:
        implausible = float(np.sqrt(raw_baseline))
        notes.append(
            implausible_rest_note(implausible)
            + ("; the vibration line(s) above account for it" if lines else "")
        )
    if baseline is not None and np.sqrt(baseline) >= IMPLAUSIBLE_REST_RMS:
        baseline = None
    elif assessable["physiological_band"] and baseline is None and external and rest_before_shaking:
        notes.append(
            "no rest baseline: external vibration shook the wrist through the rests, so tremor is not "
            "compared with rest"
        )
    elif assessable["physiological_band"] and baseline is None and phys_lost[seg.rest_mask].any():
        notes.append(
            "no rest baseline: machine vibration covers the 6-12 Hz band in the rests, so tremor is not "
            "compared with rest"
        )
    elif assessable["physiological_band"] and baseline is None:
        # rest frames there were, but the wrist moved in all of them (a ride, a drive): it never rested; where some
        # were still, there were too few of them
        moved = rest_candidates(frames, seg, events=event_frames) & np.isfinite(frames.power_phys)
        notes.append(
            moving_rest_note(frames.movement_rms, moved)
            if moved.sum() >= 4
            and (
                still_rest(frames.movement_rms, moved)[1] is None
                or float(np.nanmedian(frames.movement_rms[moved])) >= REST_MOVE_MPS2
            )
            else "no rest long enough to measure a rest baseline: tremor is not compared with rest"
        )

    yield
    kept: list[tuple[Transient, int | None]] = []
    rejected: list[Transient] = []
    walking = seg.walking
    ordered = sorted(transients, key=lambda x: x.t_s)
    # a twitch on a device lying still is no wrist's
    times = np.array([tr.t_s for tr in ordered], dtype=np.float64)
    # taps ring as twitches do: none is sought under phone use (tremor.core.phone_use), as none is in walking
    in_walk = within(times, list(walking) + list(seg.phone) + still + shaken_spans)
    in_rest = _still(times, frames)  # twitch_in_rest of each at once (a live summary's pass over the session)
    # a knock as the wrist turned and settled (a weight shifted on the thigh) is no twitch (tremor.core.settle_turn)
    judged = np.array([tr.kind == "twitch" for tr in ordered], bool) & ~in_walk & in_rest
    settled = np.zeros(len(ordered), bool)
    settled[judged] = settled_turns(times[judged], frames)
    starts = np.array([s.start_s for s in seg.sets])
    for tr, walked, resting, turned in zip(ordered, in_walk, in_rest, settled):
        if tr.kind == "twitch" and not walked and resting and not turned:
            kept.append((tr, set_at(seg.sets, tr.t_s, until="recovery", starts=starts)))
        else:
            rejected.append(replace(tr, kind="settled") if turned else tr)
    # a rhythm's first strokes as it starts from still are the movement's (tremor.core.rhythm_onset)
    kept_set = {id(tr) for tr, _ in kept}
    first = onset_strokes(
        np.array([tr.t_s for tr, _ in kept]),
        times,
        np.array([id(tr) in kept_set for tr in ordered], bool),
        frames,
        np.array([tr.axis if tr.axis is not None else (np.nan,) * 3 for tr in ordered], float).reshape(-1, 3),
        np.array([tr.peak_mps2 for tr in ordered], float),
        [tr.kind for tr in ordered],
    )
    rejected += [replace(tr, kind="onset") for (tr, _), f in zip(kept, first) if f]
    kept = [k for k, f in zip(kept, first) if not f]
    if sampling.code_step_stretches and kept:
        # where the resolution changed, the finder's floor followed it only once the data showed it (a run of
        # differences on the coarser lattice): a twitch under TWITCH_CODES of the step that held then is a flicker
        floor = TWITCH_CODES * steps_at_times(
            sampling.code_step_stretches, np.array([tr.t_s for tr, _ in kept]), whole_step
        )
        flick = np.array([tr.peak_mps2 for tr, _ in kept]) < floor
        rejected += [replace(tr, kind="flicker") for (tr, _), f in zip(kept, flick) if f]
        kept = [k for k, f in zip(kept, flick) if not f]
    # an unclear stay or phone use ends the recovery before it: the twitches after it are in no set, so say so
    # (reviews h-rev13, h-rev14), each up to the next set, stay or phone use, so none is named twice
    stay_starts = np.array([u[0] for u in seg.unclear_stays], dtype=np.float64)
    phone_starts = np.array([p[0] for p in seg.phone], dtype=np.float64)
    no_set = np.array([tr.t_s for tr, owner in kept if owner is None], dtype=np.float64)
    notes.extend(
        _twitches_past_stays(no_set, seg.unclear_stays, np.concatenate([starts, phone_starts]), end_s)
    )
    notes.extend(twitches_after_phone_use(no_set, seg.phone, np.concatenate([starts, stay_starts]), end_s))
    twitch_times = np.array([t.t_s for t, _ in kept])
    # taps in bursts, or run together (tap_sets)
    tap_times = np.array([tr.t_s for tr in ordered if tr.kind in ("activity", "rhythmic")])
    # frames whose window holds an impact are left out of the sets' tremor-band measures (a clank's ringing
    # is broadband: in a third's 6-12 Hz band it outweighs the tremor and reads as a rise)
    knocks = [(tr.t_s - half, tr.t_s + half) for tr in ordered if tr.kind == "artefact"]
    impact_frames = within(frames.t_s, knocks) if knocks else None
    if assessable["fasciculations"] and (seen := not_twitches_note(rejected)):
        notes.append(seen)

    yield

    under_lines = np.zeros(len(frames), bool)  # frames a machine line covers
    for line in lines:
        under_lines[slice(*line.frames)] = True
    oob_floor = oob_floors(frames, under_lines, _still_medians(frames, lines, memo))
    yield
    peaks = (
        _oob_peaks(frames, assessable["out_of_band_tremor"], lines, memo)
        if assessable["physiological_band"]
        else None
    )
    yield
    episodes = (
        find_atypical_episodes(
            frames,
            seg.rest_mask,
            seg.sets,
            high_band=assessable["out_of_band_tremor"],
            bounds=(0.0, end_s),
            under_lines=under_lines,
            floors=oob_floor,
            exclude=shaken_mask if external else None,
            peaks=peaks,
        )
        if assessable["physiological_band"]
        else []
    )
    yield
    beside: list[Episode] = []
    aside: list[
        tuple[Episode, str]
    ] = []  # rhythms found but not reported as tremor, and why (the notes say more)
    if external:
        # a rhythm just before or after external vibration is most likely the vehicle's or machine's own (a seated
        # body's 4-6 Hz resonance goes on at a bus stop, where the seat still shakes under the detection level)
        near = [(v.start_s - EXT_ADJACENT_S, v.end_s + EXT_ADJACENT_S) for v in external]
        beside = [e for e in episodes if any(a < e.end_s and e.start_s < b for a, b in near)]
        if beside:
            notes.append(
                "out-of-band rhythm within "
                f"{EXT_ADJACENT_S:g} s of external vibration ("
                + ", ".join(f"{e.start_s:.0f}-{e.end_s:.0f} s at {e.peak_hz:.1f} Hz" for e in beside)
                + "): it cannot be told from the vibrating vehicle or machine (a seated body's resonance goes on "
                "while the seat still shakes a little), so it is not reported as tremor"
            )
            episodes = [e for e in episodes if e not in beside]
            aside += [(e, "external_vibration") for e in beside]
    # the tracks are kept for the table without these lines (as the segmentation's memo)
    clean_memo = memo if not lines else derived_memo(memo, "segmentation without lines", repr(lines))
    if glides := motor_glides(episodes, frames, clean_memo):
        # a line gliding in rate, its power following the rate as a vibration motor's (a game controller's rumble)
        notes.append(motor_glide_note(glides))
        episodes = _without(episodes, [g.episode for g in glides])
        aside += [(g.episode, "motor") for g in glides]
    if moving := moving_episodes(episodes, frames):
        notes.append(
            "out-of-band rhythm while the wrist kept moving outside any set ("
            + ", ".join(
                f"{e.start_s:.0f}-{e.end_s:.0f} s at {e.peak_hz:.1f} Hz, the wrist moving {move:.2f} m/s^2 RMS at "
                f"{hz:.1f} Hz"
                for e, move, hz in moving
            )
            + "): the wrist was not at rest (pedalling, a bouncing leg, a vehicle), and such a rhythm can be the "
            "movement's or the equipment's, so it is not reported as a rest tremor"
        )
        episodes = _without(episodes, [x for x, _, _ in moving])
        aside += [(e, "moving") for e, _, _ in moving]
    if locked := locked_episodes(episodes, frames):
        notes.append(
            "out-of-band rhythm at a whole multiple of a slower wrist movement outside any set ("
            + ", ".join(
                f"{x.episode.start_s:.0f}-{x.episode.end_s:.0f} s at {x.episode.peak_hz:.1f} Hz, {x.multiple} times "
                f"the wrist's movement at {x.movement_hz:.2f} Hz, following it in {x.share:.0%} of the frames"
                for x in locked
            )
            + "): the wrist kept moving at that slower rhythm (pedalling, a jiggling knee), and a rhythm that "
            "follows a movement at a whole multiple is likely the movement's own (a power stroke at twice a cadence); "
            "whether it is a tremor cannot be assessed, so it is not reported as a rest tremor"
        )
        episodes = _without(episodes, [x.episode for x in locked])
        aside += [(x.episode, "moving") for x in locked]
    if written := written_episodes(episodes, frames):
        # a rhythm broken off every second or two (the pen lifting between words): the hand's movement, whose
        # strokes and slides are no twitches
        in_hand = within(np.array([t.t_s for t, _ in kept], dtype=np.float64), written_spans(written))
        rejected += [t for (t, _), moved in zip(kept, in_hand) if moved]
        kept = [k for k, moved in zip(kept, in_hand) if not moved]
        twitch_times = np.array([t.t_s for t, _ in kept])
        notes.append(written_note(written, int(in_hand.sum())))
        episodes = _without(episodes, [e for e, _, _ in written])
        aside += [(e, "broken") for e, _, _ in written]
    if two_beat := two_beat_rhythms(episodes, frames):
        # two limbs beating in turn (a flutter kick): no rest tremor, the conditional advice in the note
        notes.append(two_beat_note(two_beat))
        episodes = _without(episodes, [e for e, _, _ in two_beat])
        aside += [(e, "two_beat") for e, _, _ in two_beat]
    # a phone's x axis runs across its screen, not along a forearm: no lead is read from it (tremor.core.lead_pull)
    lead_walks = [] if phone_frame(source) else list(walking)
    if leads := lead_pulls(episodes, frames, lead_walks):
        # a pull along a watch's x axis, the forearm, in a stop of a walk (a dog panting on the lead): no rest tremor
        notes.append(lead_note(leads))
        episodes = _without(episodes, [e for e, _ in leads])
        aside += [(e, "lead") for e, _ in leads]
    if legs := leg_rhythms(episodes, frames, seg.sets):
        notes.extend(leg_rhythm_note(x) for x in legs)
        # most likely the leg: no tremor episode; not told from it: listed, but no rest tremor for the advice
        episodes = _without(episodes, [x.episode for x in legs if x.likely])
        aside += [(x.episode, "leg") for x in legs if x.likely]
    # the rules after the leg's judge the episodes it did not list (likely or not)
    leg_episodes = [x.episode for x in legs]
    judged = _without(episodes, leg_episodes)
    brief = brief_rhythms(judged, frames, seg.sets)
    # a shake-out joined to the arm's own movements (a climber between holds), seen nowhere else at rest
    brief += joined_shake_outs(_without(judged, brief), frames, seg.sets)
    if brief:
        # a shake-out of the hand or applause: not told from a deliberate movement, no rest tremor
        notes.append(brief_rhythm_note(brief))
        episodes = _without(episodes, brief)
        aside += [(e, "brief") for e in brief]
    if struck := struck_episodes(_without(episodes, leg_episodes), frames):
        # a knife stopped on a board at every chop: impacts no tremor makes (tremor.core.struck_rhythm)
        notes.append(struck_note(struck))
        episodes = _without(episodes, [e for e, _, _ in struck])
        aside += [(e, "struck") for e, _, _ in struck]
    if rings := ring_bursts(_without(episodes, leg_episodes), frames):
        # a relaxed hand ringing after each jolt (a motor unit's twitch): bursts dying away, no sustained rhythm
        notes.append(ring_note(rings))
        episodes = _without(episodes, [e for e, _ in rings])
        aside += [(e, "ringing") for e, _ in rings]
    if switched := switched_episodes(_without(episodes, leg_episodes), raw_frames, list(walking)):
        # tremolo picking between strummed bars: two large rhythms meeting (tremor.core.rhythm_switch)
        notes.append(switched_note(switched))
        episodes = _without(episodes, [e for e, _, _ in switched])
        aside += [(e, "switched") for e, _, _ in switched]
    set_spans = [(x.start_s, x.end_s) for x in seg.sets]
    # only where the arm was active (a set): a rest tremor at rest keeps its episode whatever its rate does
    in_sets = [
        e
        for e in _without(episodes, leg_episodes)
        if any(e.start_s < b and e.end_s > a for a, b in set_spans)
    ]
    if stroked := stroked_episodes(
        in_sets, frames, float(np.median(np.diff(frames.t_s))) if len(frames) >= 2 else 0.5, set_spans
    ):
        # a hand's strokes (brushing teeth, scrubbing) or a folded motor: a rhythm of movement size whose rate wanders
        notes.append(stroked_note(stroked))
        episodes = _without(episodes, stroked)
        aside += [(e, "strokes") for e in stroked]
    # the same episodes, at a steady rate or not: movement-sized (tremor.core.rhythm_size)
    large_mm = large_episodes(_without(in_sets, stroked), frames, set_spans)
    large = [e for e, _ in large_mm]
    if large:
        notes.append(large_note(large_mm))
        episodes = _without(episodes, large)
        aside += [(e, "large_rhythm") for e in large]
    # a power tool's line falling under load (a drill seating a screw), in a set or between two (tremor.core.tool_rundown)
    if tool := rundown_episodes(episodes, frames, clean_memo):
        notes.append(rundown_note(tool))
        episodes = _without(episodes, tool)
        aside += [(e, "tool_rundown") for e in tool]
    # a line above 13 Hz larger than any body's: a machine in the hand, folded or not (tremor.core.fast_line)
    if fast := [e for e in episodes if machine_fast(frames.psd[rows_within(frames.t_s, e.start_s, e.end_s)])]:
        notes.append(f"out-of-band rhythm at {_spans_at(fast)}: {FAST_LINE_WORDS}")
        episodes = _without(episodes, fast)
        aside += [(e, "fast_line") for e in fast]
    if (
        legs
        or two_beat
        or leads
        or brief
        or written
        or stroked
        or large
        or struck
        or switched
        or tool
        or fast
        or glides
    ):
        # its harmonics fill the 6-12 Hz band: the rest level is taken without it (a motor's glide: its whole track)
        spans = [(x.episode.start_s - half, x.episode.end_s + half) for x in legs]
        spans += [(g.start_s - half, g.end_s + half) for g in glides]
        spans += [(e.start_s - half, e.end_s + half) for e, _, _ in two_beat]
        spans += [(e.start_s - half, e.end_s + half) for e, _ in leads]
        spans += [(e.start_s - half, e.end_s + half) for e, _, _ in written]
        leg_frames = within(
            frames.t_s,
            spans
            + [(e.start_s - half, e.end_s + half) for e in brief + stroked + large + tool + fast]
            + [(e.start_s - half, e.end_s + half) for e, _, _ in struck + switched],
        )
        if baseline is not None and (base_mask & leg_frames).any():
            skip = leg_frames if event_frames is None else event_frames | leg_frames
            baseline, base_mask = rest_baseline(frames, seg, events=skip)
            flatness = noise_floor_flatness(frames, base_mask, fs_hz) if baseline is not None else None
            if flatness is not None and flatness >= FLAT_MIN and baseline is not None and noise_floor is None:
                noise_floor = float(np.sqrt(baseline))
                notes.append(_noise_floor_note(noise_floor, flatness, bool(seg.sets)))
            if baseline is None and assessable["physiological_band"]:
                notes.append(
                    "no rest baseline: the rests were filled by the rhythm above, so tremor is not compared with rest"
                )
    rest_episodes = tuple(e for e in _without(episodes, leg_episodes) if e.set_index is None)
    # along gravity (or of unknown direction): a bouncing leg could give it, and the notes say so
    upright = upright_rest(rest_episodes, frames)
    by_set: dict[int, list[Episode]] = {}
    for e in episodes:
        if e.set_index is not None:
            by_set.setdefault(e.set_index, []).append(e)

    set_results = []
    lim_arr = (
        limits_array(twitch_limits)
        if twitch_limits is not None and len(twitch_limits) and assessable["fasciculations"]
        else np.zeros((0, 2))
    )
    lim_in_order = _in_order(lim_arr)  # sorted by limits_array: checked once, not for every set
    facts = []
    stretches = cut_by_gaps(seg.sets, gaps)
    unworn_frames = within(frames.t_s, still) if still else None
    rest_edge = rest_edge_psd(frames.psd, base_mask) if baseline is not None else None
    hop_s = float(np.median(np.diff(frames.t_s))) if len(frames) >= 2 else 0.5  # as set_metrics's own, once
    # the rest's spectrum: a hold whose 6-12 Hz rise comes with a spread 13-18 Hz rise is taps, not a line (tap_sets)
    rest_psd = (
        rest_spectrum(frames, base_mask)
        if baseline is not None and assessable["out_of_band_tremor"]
        else None
    )
    # each set's tremor line, read once for the sets after it (session_drift)
    drift_lines: dict[int, float] = {}
    # sets that move as a run does but for its step parity (tremor.core.turned_run); kept for a table derived by the
    # same line removal, as the segmentation's
    run_spans = [
        (s.index, s.start_s, s.end_s)
        for s in seg.sets
        if only_set_start_s is None or abs(s.start_s - only_set_start_s) < 1e-6
    ]
    turned_memo = memo if not lines else derived_memo(memo, "segmentation without lines", repr(lines))
    turned_notes = dict(zip([i for i, _, _ in run_spans], turned_run_notes(frames, run_spans, turned_memo)))
    # a power tool's short bursts: sets whose line falls as a loaded motor's, again and again (tool_rundown)
    bursts = short_rundowns(
        frames, [(s.start_s - s.moved_s[0], s.end_s + s.moved_s[1]) for s in seg.sets], clean_memo
    )
    # a rest under the sensor's resolution: no ratio to it is a number, only a bound (tremor.core.rest_resolution)
    # (its step: that of the stretches its frames lie in, where the sensor's resolution changed)
    rest_step = (
        float(steps_at_times(sampling.code_step_stretches, frames.t_s[base_mask], whole_step).max())
        if sampling.code_step_stretches and base_mask.any()
        else step
    )
    ceiling = rest_ceiling(baseline, rest_step)
    if ceiling is not None and sampling.code_step_stretches and noise_floor is None:
        # a rest unresolved at its step, where the sensor read finer at other times: its rest frames there
        baseline, base_mask, rest_step = finer_rest(
            frames, seg, event_frames, sampling.code_step_stretches, (baseline, base_mask, rest_step)
        )
        ceiling = rest_ceiling(baseline, rest_step)
    for span, stretch, burst in zip(seg.sets, stretches, bursts):
        if only_set_start_s is not None and not abs(span.start_s - only_set_start_s) < 1e-6:
            continue
        yield
        # the step that held over the set: its level and its ratio to the rest are read at the coarser of its and
        # the rest's (a set read coarser than the rest is compared with what the rest could read at its step)
        set_step = step_over(
            sampling.code_step_stretches,
            span.start_s - span.moved_s[0],
            span.end_s + span.moved_s[1],
            whole_step,
        )
        set_ceiling = (
            rest_ceiling(baseline, max(rest_step, set_step)) if sampling.code_step_stretches else ceiling
        )
        m = set_metrics(
            span,
            frames,
            baseline,
            twitch_times,
            assessable=assessable["physiological_band"],
            high_band=assessable["out_of_band_tremor"],
            rise_span=stretch,
            exclude=unworn_frames,
            oob_floor=oob_floor,
            rest_edge=rest_edge,
            hop_s=hop_s,
            external=shaken_mask if external else None,
            impacts=impact_frames,
            drift_from=partial(earlier_lines, frames, seg.sets, span, drift_lines),
            short_bursts=burst,
        )
        if not assessable["fasciculations"]:
            m = _without_twitches(m)
        if set_ceiling is not None and baseline is not None:
            m = bounded_vs_rest(m, baseline, set_ceiling)
        if (
            m.assessable
            and span.kind == "hold"
            and tap_carried(frames, span.start_s, span.end_s, rest_psd)
            # twitches ring broadband too: not where they outnumber the taps in the set and its recovery (a hold in
            # a twitching spell; below 90 Hz none is seen)
            and not twitches_dominate(tap_times, twitch_times, span.start_s, span.recovery_end_s)
            # where the detector looked, taps are seen as events: a tremor's broad harmonic spreads as taps do
            and (not assessable["fasciculations"] or tapped_often(tap_times, span.start_s, span.end_s))
        ):
            m = without_tremor(m)
        where = f"set {span.index} ({span.start_s:.1f}-{span.end_s:.1f} s)"
        if (led := lead_set(frames, (span.start_s, span.end_s, span.index), m, lead_walks)) is not None:
            # its out-of-band line pulls along the forearm in a stop of a walk: a held lead (tremor.core.lead_pull)
            notes.append(lead_set_note(where, m.oob_peak_hz or 0.0, led[1]))
            m = led[0]
        if (turned := turned_notes.get(span.index)) is not None:
            notes.append(turned)  # a set that may be a run with a wide arm swing (or jumping jacks)
        if m.not_assessable_reason in (
            "movement",
            "strokes",
            "large_rhythm",
            "tool_rundown",
            "lead",
            "fast_line",
        ) and (moved_eps := by_set.pop(span.index, [])):
            # its tremor is not assessable under movement: a rhythm found in it is the movement's (its harmonics,
            # a pedal's pull) as much as any tremor's, so it is no tremor episode
            notes.append(
                f"{where}: an out-of-band rhythm in it ({_spans_at(moved_eps)}) lies under the "
                f"{_MOVED_WORDS[m.not_assessable_reason]} that "
                "makes its tremor not assessable: it cannot be told from the movement's own rhythm, so it is not "
                "reported as tremor"
            )
            episodes = _without(episodes, moved_eps)
            aside += [
                (e, "set_movement" if m.not_assessable_reason == "movement" else m.not_assessable_reason)
                for e in moved_eps
            ]
        if (m.oob_drifted or m.oob_on_edge) and (own_eps := _own_line_episodes(by_set, span.index, m)):
            # the set's out-of-band peak is its own tremor line (drifted down, or on the band's edge): an episode
            # at that peak in it is that line, no other rhythm
            notes.append(
                f"{where}: the out-of-band rhythm in it ({_spans_at(own_eps)}) lies at its out-of-band peak, which is "
                "its own tremor line (drifted down under the band, or on its edge): it is not reported as another "
                "tremor"
            )
            episodes = _without(episodes, own_eps)
            aside += [(e, "set_line") for e in own_eps]
        if max(span.moved_s) >= MOVED_NOTE_S:
            # its figures are measured with the move into its position and out of it (classify.set_metrics): say so,
            # or its "first third" reads as the reps' where it takes in the lie-down and the wait under the bar
            notes.append(
                f"{where}: the move into its position and out of it ({span.moved_s[0]:.1f} s before it, "
                f"{span.moved_s[1]:.1f} s after it) is left out of its times, but not out of its tremor figures, which "
                f"are measured from {span.start_s - span.moved_s[0]:.1f} to {span.end_s + span.moved_s[1]:.1f} s "
                "(the span as first found)"
            )
        label = label_set(m, rest_at_floor=noise_floor is not None)
        # twitches inside an out-of-band episode may be its cycles: listed, not counted for label or causes
        counted, in_oob = _without_episode_twitches(m, twitch_times, span, episodes)
        if in_oob:
            label = label_set(counted, rest_at_floor=noise_floor is not None)
            notes.append(
                f"{where}: {in_oob} twitch(es) in it or its recovery lie inside an out-of-band rhythm episode, "
                "where the rhythm's own cycles can stand out as twitches: they are listed, but not counted "
                "towards its label or causes"
            )
        if (
            label in ("calm", "enhanced_tremor")
            and m.rms_mps2 is not None
            and under_resolution(m.rms_mps2, set_step)
        ):
            # calm or high-not-building under the sensor's resolution: a fatigue tremor that size could leave no trace,
            # and a level against a rest on constant codes is a flicker's (code_step)
            m, label = replace(m, assessable=False, not_assessable_reason="resolution"), "not_assessable"
            notes.append(unresolved_calm_note(where, m.rms_mps2 or 0.0, set_step))
        elif label == "calm" and set_ceiling is not None and m.power_vs_rest_at_least is not None:
            # over a rest under the resolution, calm's "not high over the rest" is no more than a bound under 9x
            m, label = replace(m, assessable=False, not_assessable_reason="resolution"), "not_assessable"
            notes.append(unresolved_rest_note(where, set_ceiling, max(rest_step, set_step)))
        steps_here = (set_step, None, None) if sampling.code_step_stretches else sampling.code_step_mps2
        if coarse := coarse_level_note(where, label, m.rms_mps2, steps_here):
            notes.append(coarse)
        skirt = m.not_assessable_reason == "out_of_band_skirt"
        under = oob_dominant(m) and m.oob_limit_mps2 is not None
        if label != "atypical_tremor" and (m.assessable or skirt) and under:
            notes.append(
                f"{where}: a narrow {m.oob_peak_hz:.1f} Hz peak ({m.oob_rms_mps2:.3f} m/s^2 RMS) lies under the "
                f"out-of-band detection limit ({m.oob_limit_mps2:.3f} m/s^2): it cannot be told from a faint "
                "machine line or noise, so whether it is tremor cannot be assessed"
            )
        shaken = _twitches_under_lines(twitch_times, span.start_s, span.recovery_end_s, lines)
        if m.not_assessable_reason == "vibration":
            notes.append(
                f"{where}: machine vibration covers most of the 6-12 Hz band or its tremor peak there, so its "
                f"tremor could not be assessed: {_label_words(label, m)}"
                + (
                    f"; {shaken} of those twitches lie under the machine line (or within {BACKGROUND_S:g} s of "
                    "it), whose energy raises the background they are detected against: only twitches above "
                    "that raised detection limit are counted there"
                    if shaken and label == "fasciculations"
                    else ""
                )
            )
        elif m.not_assessable_reason == "external_vibration":
            notes.append(
                f"{where}: external vibration shook the wrist through much of it, so its tremor, fatigue rise and "
                f"twitches could not be assessed: {_label_words(label, m)}"
            )
        elif m.not_assessable_reason == "not_worn":
            notes.append(
                f"{where}: the device lay still (not worn, or at complete rest) through it: {_label_words(label, m)}"
            )
        elif m.not_assessable_reason == "too_little_data":
            notes.append(
                f"{where} holds too little data to measure "
                f"(it falls in a gap, or lasts under 3 s): {_label_words(label, m)}"
            )
        elif m.not_assessable_reason == "impacts":
            notes.append(
                f"{where}: {m.impact_windows} of its {m.windows} windows hold an impact (a snap or clank, as at "
                "each rep); the few free of them are no sample of the set (with an impact each rep they all lie at "
                "the same phase of it), so its 6-12 Hz tremor, fatigue rise and comparison with rest are not "
                f"assessable; an out-of-band tremor line is sought over all its windows: {_label_words(label, m)}"
            )
        elif m.not_assessable_reason == "movement":
            notes.append(
                f"{where}: vigorous rhythmic movement ({m.movement_rms_mps2:.1f} m/s^2 RMS) puts its harmonics "
                f"and impacts into the tremor bands in {m.movement_windows_excluded} of its {m.windows} windows; "
                "2 s windows cannot resolve tremor between harmonics of a 0.5-3.3 Hz movement, so tremor "
                "is not assessable under movement (no tremor RMS, fatigue ratio or tremor label)"
            )
        elif m.not_assessable_reason == "strokes":
            notes.append(
                f"{where}: a 3-7 Hz rhythm of 0.6 m/s^2 RMS or more whose rate wandered by 0.6 Hz or more across "
                "the set (a short set: across the stretch its rhythm fills around it): one oscillator of the body "
                "(a tremor) usually holds its rate within a few tenths of a Hz; a hand's strokes (brushing teeth, "
                "scrubbing, wiping) change theirs from bout to bout, and so does a motor's vibration above half "
                "the sampling rate folded into the band by a sensor without an anti-alias filter (an electric "
                "toothbrush's motor, its speed wandering with the pressure). Its "
                "harmonics fill the 6-12 Hz band, so tremor is not assessable in it (no tremor RMS, fatigue ratio or "
                "tremor label); if your hand was not moving so and no motor was near it, re-test rested with the "
                "forearm supported on a table, and if the rhythm comes back, see a clinician"
            )
        elif m.not_assessable_reason == "tool_rundown":
            notes.append(
                f"{where}: its 3-12 Hz line fell along a straight line by {MIN_DROP:.0%} or more over "
                f"{MIN_RUN_S:g} s or more, or at {MIN_DROP / MIN_RUN_S:.0%} a second or faster over a shorter run "
                f"where {MIN_REPEATS} or more of the session's sets fell so, as a "
                "power tool's motor slows under load (a drill seating a screw); a tremor's rate seldom falls so fast "
                "and so steadily (a tremor growing as a hold nears failure can). Its tremor is not assessable (no tremor RMS, fatigue "
                "ratio or tremor label); if no tool or motor was in your hand, re-test rested with the forearm "
                "supported on a table, and if the rhythm comes back, see a clinician"
            )
        elif m.not_assessable_reason == "fast_line":
            notes.append(f"{where}: {FAST_LINE_WORDS}")
        elif m.not_assessable_reason == "large_rhythm":
            notes.append(
                f"{where}: a 3-7 Hz rhythm moving the wrist {DISPLACEMENT_MIN_MM:g} mm RMS or more, so tremor is not "
                f"assessable in it (no tremor RMS, fatigue ratio or tremor label): {LARGE_RHYTHM_WORDS}"
            )
        elif m.not_assessable_reason == "taps":
            notes.append(
                f"{where}: its 6-12 Hz power over rest comes with a rise above the band (13-18 Hz) of at least "
                f"{TAP_HIGH_SHARE:.0%} of it, spread over that band, not one line: broadband impulses such as taps (typing on a phone held in that hand, a raised forearm), not a "
                "tremor line, so its tremor, fatigue rise and comparison with rest are not assessable and no cause "
                f"is drawn from it: {_label_words(label, m)}"
            )
        elif m.not_assessable_reason == "rattle":
            notes.append(
                f"{where}: its 6-12 Hz power rises and decays with each rep ({m.rep_lock_share:.0%} of its "
                "envelope's variance follows the rep's phase): a ring excited by the movement, such as a loose "
                "watch strap rattling or a loaded bar's whip, which a spectrum cannot tell from tremor; so tremor "
                f"is not assessable in it (no tremor RMS, fatigue ratio or tremor label): {_label_words(label, m)}"
            )
        elif m.movement_windows_excluded:
            notes.append(
                f"{where}: {m.movement_windows_excluded} of its {m.windows} windows were under vigorous "
                "movement (its harmonics fill the tremor bands) and were left out of its tremor metrics"
            )
        if (
            m.oob_leak_share is not None
            and m.oob_leak_share >= LEAK_MAX_SHARE
            and m.end_to_start_ratio is None  # withheld only where the out-of-band peak dominates the set
            and m.not_assessable_reason != "impacts"  # or where impacts fill the set (their own note)
        ):
            notes.append(
                f"{where}: {m.oob_leak_share:.0%} of its 6-12 Hz power is the skirt of the out-of-band peak at "
                f"{m.oob_peak_hz:.1f} Hz, so the band measures that oscillation, not tremor: no 6-12 Hz tremor "
                "level, peak, fatigue ratio or comparison with rest is given"
                + (
                    "; that peak is under the out-of-band detection limit, so the set's tremor is not "
                    f"assessable (not calm: the band cannot show whether tremor is there): {_label_words(label, m)}"
                    if skirt
                    else ""
                )
            )
        if m.oob_drifted and not m.oob_drift_sets_hz:
            notes.append(
                f"{where}: its tremor line drifted from inside the 6-12 Hz band down to {m.oob_peak_hz:.1f} Hz, "
                "as fatigue tremor does under load; that out-of-band peak is this line, not another oscillation "
                + (
                    "(the 6-12 Hz figures measure the part of it in the band and just below its edge)"
                    if m.assessable
                    else "(its 6-12 Hz figures are withheld, as above)"
                )
            )
        if m.oob_drift_sets_hz:
            notes.append(
                f"{where}: its tremor line, at {m.oob_peak_hz:.1f} Hz under the 6-12 Hz band and as broad as a "
                "physiological tremor's, most likely continues the drift of the earlier sets' lines ("
                + ", ".join(f"{hz:.1f}" for hz in m.oob_drift_sets_hz)
                + " Hz, each growing through its set) down to it, as fatigue tremor drifts lower under a deepening "
                "load: it is taken as that line, not as an oscillation outside the band "
                + (
                    "(the 6-12 Hz figures measure the part of it in the band and just below its edge)"
                    if m.assessable
                    else "(its 6-12 Hz figures are withheld, as above)"
                )
                + f"; a rhythm near {m.oob_peak_hz:.1f} Hz that also shows at rest, or in a light hold on a rested "
                "day, would be another matter: re-test so, and show a clinician one that persists"
            )
        if m.oob_on_edge:
            notes.append(
                f"{where}: its strongest peak, at {m.oob_peak_hz:.1f} Hz, lies on the 6-12 Hz band's lower edge, as "
                "much in the band as out of it: it is taken as the band's tremor (a fatigue tremor drifts down "
                "there under a heavy load), not as an oscillation outside the band "
                + (
                    "(the 6-12 Hz figures measure it)"
                    if m.assessable
                    else "(its 6-12 Hz figures are withheld, as above)"
                )
            )
        unworn = _overlaps(still, span.start_s, span.end_s)
        if unworn and m.not_assessable_reason != "not_worn":
            notes.append(
                f"{where}: the device lay still (not worn, or at complete rest) for "
                f"{sum(b - a for a, b in unworn):.0f} s of it ("
                + ", ".join(f"{a:.1f}-{b:.1f} s" for a, b in unworn)
                + "); those stretches were left out of its metrics, which come from the rest of the set"
            )
        if span.gaps:
            notes.append(set_gaps_note(where, span.start_s, span.end_s, span.gaps))
        for edge, hid in (("start", span.start_gap), ("end", span.end_gap)):
            if hid is not None:
                notes.append(hidden_edge_note(where, edge, hid, gaps))
        if stretch is not None and stretch[0] == span.start_s:  # one note per stretch, at its first part
            parts = [p for p, w in zip(seg.sets, stretches) if w == stretch]
            cut = sum(
                b - a
                for a, b in gaps
                if stretch[0] < a and b < stretch[1] and not any(p.start_s < b and a < p.end_s for p in parts)
            )
            notes.append(
                f"sets {', '.join(str(p.index) for p in parts)} ({stretch[0]:.1f}-{stretch[1]:.1f} s) are one "
                f"stretch of activity cut by {cut:.1f} s of missing data (a set spans gaps of up to "
                f"{MAX_BRIDGE_S:g} s), with no rest seen between them: each part holds only the start or the end "
                "of a fatigue rise, so the rise (first and last third, and the last third against rest) is "
                "measured over the whole stretch"
            )
        facts.append(
            SetFacts(
                span.index,
                len(seg.sets),
                label,
                span.kind,
                span.end_s - span.start_s,
                span.start_s,
                counted,
                tuple(by_set.get(span.index, ())),
                span.start_unseen,
                # could its recovery show a twitch (as the report's in_recovery_assessable)? a rate of none there
                # says nothing, so no trend of twitching across rests reads it
                assessable["fasciculations"]
                and _seen(
                    _blocks_of(
                        lim_arr,
                        frames,
                        still,
                        external,
                        span.end_s,
                        span.recovery_end_s,
                        in_order=lim_in_order,
                    )
                ),
            )
        )
        set_results.append((span, m, label))
    yield
    rest_rms = float(np.sqrt(baseline)) if baseline is not None and noise_floor is None else None
    cause_rest = (
        rest_level_without_harmonics(frames, base_mask, rest_episodes) if rest_rms is not None else None
    )
    # a rest level under the sensor's resolution is no level a cause reads (tremor.core.rest_resolution)
    session = SessionFacts(
        end_s, None if ceiling else rest_rms, tuple(facts), rest_episodes, context, tuple(upright), cause_rest
    )
    results = tuple(
        SetResult(span, m, label, tuple(set_causes(f, session)))
        for (span, m, label), f in zip(set_results, facts)
    )
    for r in results:  # a rise to the fatigue level within chance, where no cause of the set says so
        where = f"set {r.span.index} ({r.span.start_s:.1f}-{r.span.end_s:.1f} s)"
        evidence = [c.evidence for c in r.causes]
        if chance := chance_rise_note(
            where, r.metrics, r.label, evidence, rest_at_floor=noise_floor is not None
        ):
            notes.append(chance)
    if not len(frames):
        notes.append("no gap-free stretch of 2 s or more: nothing could be analysed")
    elif not seg.sets:
        notes.append(_no_sets_note(frames, walking, end_s))
    if len(upright) < len(rest_episodes):
        notes.append(
            "out-of-band rhythm at rest: a rest tremor gives it, and so does a rhythm the hand rests on or makes (a "
            "panting dog or a bouncing knee under the hand, a deliberate shaking), which one wrist sensor cannot tell "
            "apart; if the hand lay on nothing that moved and you were not moving it on purpose, re-test rested on "
            "another day, and if it persists, see a clinician. This is not a diagnosis."
        )
    if upright:
        notes.append(upright_note(upright))
    if twitch_times.size:
        notes.append(
            "whether twitching persists across days, or follows a hard session by 1-5 days, cannot be judged "
            "from one session"
        )
    return AnalysisResult(
        source=source,
        sampling=sampling,
        sets=results,
        twitches=tuple(kept),
        rejected_transients=tuple(rejected),
        atypical_tremor=tuple(episodes),
        walking=tuple(walking),
        phone_use=seg.phone,
        short_bursts=tuple(s.start_s for s, burst in zip(seg.sets, bursts) if burst),
        rest_rms_mps2=rest_rms,
        rest_noise_floor_mps2=noise_floor,
        session_causes=with_large_postural(session_causes(session), session.sets),
        notes=tuple(notes),
        assessable=assessable,
        context=dict(context),
        frames=frames,
        start_unix_s=start_unix_s,
        vibration=tuple(lines),
        implausible_rest_rms_mps2=implausible,
        twitch_limits=lim_arr,
        not_worn=tuple(still),
        external_vibration=external,
        external_rhythms=tuple(beside),
        unreported_sets=shaken_sets,
        unclear_stays=seg.unclear_stays,
        leg_possible=tuple(upright),
        set_aside_rhythms=tuple(sorted(aside, key=lambda x: x[0].start_s)),
        oob_limit_mps2=(
            float(np.sqrt(oob_floor.max())) if oob_floor.size and assessable["physiological_band"] else None
        ),
    )


def limits_array(twitch_limits: list[tuple[float, float]] | np.ndarray) -> np.ndarray:
    """The twitch detection limits as an array sorted by time: ``np.array(sorted(twitch_limits), dtype=float)``.

    An (n, 2) array whose times already increase strictly (a live session's, kept as an array as it grows) is
    that sorted array as it is: only a copy is made, not a sort of n tuples.

    Parameters
    ----------
    twitch_limits : list of (float, float) or ndarray of shape (n, 2)
        (time in s, detection limit in m/s^2) pairs.

    Returns
    -------
    ndarray, shape (n, 2)
        The pairs in ascending order (by time, then limit).
    """
    if isinstance(twitch_limits, np.ndarray):
        arr = np.array(twitch_limits, dtype=float).reshape(-1, 2)
        if bool(np.all(arr[1:, 0] > arr[:-1, 0])):
            return arr
        twitch_limits = [(float(a), float(b)) for a, b in arr.tolist()]
    return np.array(sorted(twitch_limits), dtype=float).reshape(-1, 2)


def _by_rows(
    name: str,
    frames: Frames,
    lines: tuple[VibrationLine, ...],
    memo: FrameMemo,
    rows_fn: Callable[[int, int], _T],
) -> list[_T]:
    """``rows_fn(lo, hi)`` for blocks of :data:`MEMO_ROWS` rows of the cleaned frames, kept in ``memo``.

    ``rows_fn`` must read each row alone; a cleaned row reads only the raw row and the lines that cover it
    (:func:`~tremor.core.vibration.remove_lines`), so a block's key names its rows and those lines.
    """
    n = len(frames)
    keys = [
        (
            lo,
            min(lo + MEMO_ROWS, n),
            tuple(ln for ln in lines if ln.frames[0] < lo + MEMO_ROWS and lo < ln.frames[1]),
        )
        for lo in range(0, n, MEMO_ROWS)
    ]
    return memo.many(name, keys, lambda js: [rows_fn(keys[j][0], keys[j][1]) for j in js])


def _oob_peaks(
    frames: Frames, high_band: bool, lines: tuple[VibrationLine, ...], memo: FrameMemo | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
    """:func:`~tremor.core.episodes.oob_peak_rows` of every frame, kept in ``memo`` by blocks of rows (None
    without a memo: the episode search computes them)."""
    if memo is None or not len(frames):
        return None
    parts = _by_rows(
        f"out-of-band peaks {high_band}",
        frames,
        lines,
        memo,
        lambda lo, hi: oob_peak_rows(frames, lo, hi, high_band),
    )
    freq, prom, ratio, power = (np.concatenate([p[i] for p in parts]) for i in range(4))
    return freq, prom, ratio, power


def _twitches_past_stays(
    no_set: np.ndarray,
    stays: tuple[tuple[float, float, float], ...],
    starts: np.ndarray,
    end_s: float,
) -> list[str]:
    """A note for each unclear stay with the twitches no set counts (``no_set``, their times) from its start to the
    next set or stay (or the end): the stay ends the recovery of the set before it
    (:func:`tremor.core.sets.segment_sets`), so the twitches in it and in the rest after it would be named nowhere in
    the text (a set's before h-stay2; review h-rev13)."""
    out = []
    bounds = np.concatenate([np.asarray(starts, float), [u[0] for u in stays]])
    for a, _, _ in stays:
        b, n = twitches_until_next(no_set, a, bounds, end_s)  # up to the next set or stay
        if n:
            out.append(
                f"{n} twitch{'es' if n > 1 else ''} at rest from {a:.1f} to {b:.1f} s, in or after the still stay "
                f"from {a:.1f} s that no set is counted for: counted in no set above"
            )
    return out


def _still_medians(
    frames: Frames, lines: tuple[VibrationLine, ...], memo: FrameMemo | None
) -> np.ndarray | None:
    """:func:`~tremor.core.episodes.still_row_medians` of every frame, kept in ``memo`` by blocks of rows (None
    without a memo: the floor computes them)."""
    if memo is None or not len(frames):
        return None
    return np.concatenate(
        _by_rows("still row medians", frames, lines, memo, lambda lo, hi: still_row_medians(frames, lo, hi))
    )


def _noise_floor_spans(
    frames: Frames,
    spans: list[tuple[float, float]],
    fs_hz: float,
    lines: tuple[VibrationLine, ...],
    memo: FrameMemo | None,
) -> list[tuple[float, float]]:
    """:func:`~tremor.core.still.noise_floor_spans`, each span's answer kept in ``memo`` under its rows.

    A span's answer reads only the cleaned frames of its rows, and a cleaned row only the raw row and the
    lines that cover it (:func:`~tremor.core.vibration.remove_lines`): the key names the span, its rows,
    the rate (as the tests read it: the top of their band) and those lines, so it is reused only where all of
    them are the same; a live session's measured rate moves in its last digits from summary to summary.
    """
    t = frames.t_s
    if memo is None or (t.size > 1 and not bool(np.all(t[1:] >= t[:-1]))):
        return noise_floor_spans(frames, spans, fs_hz)
    keys = []
    for a, b in spans:
        lo, hi = int(np.searchsorted(t, a, "left")), int(np.searchsorted(t, b, "right"))
        keys.append(
            (
                a,
                b,
                lo,
                hi,
                flat_band_top_hz(fs_hz),  # the tests read the rate only through it
                tuple(ln for ln in lines if ln.frames[0] < hi and lo < ln.frames[1]),
            )
        )
    floor = memo.many(
        "noise floor spans", keys, lambda js: [bool(noise_floor_spans(frames, [spans[j]], fs_hz)) for j in js]
    )
    return [span for span, yes in zip(spans, floor) if yes]


def _overlaps(spans: list[tuple[float, float]], start_s: float, end_s: float) -> list[tuple[float, float]]:
    """The parts of ``spans`` inside ``[start_s, end_s]``."""
    return [(max(a, start_s), min(b, end_s)) for a, b in spans if min(b, end_s) > max(a, start_s)]


#: Rest frames away from every machine line needed to take the rest baseline from them alone (10, as
#: for the rest before the first set, :func:`~tremor.core.classify.rest_baseline`: 5 s of 0.5 s hops).
PREFER_CLEAN_FRAMES = 10


def _noise_floor_note(noise_floor: float, flatness: float, has_sets: bool) -> str:
    """The note for a rest whose spectrum is flat at the sensor's noise floor."""
    return (
        f"at rest the spectrum is flat at the sensor's noise floor (6-12 Hz {noise_floor:.3f} m/s^2 RMS, "
        f"flatness {flatness:.2f}): no rest tremor shows above the noise, so no rest tremor level is "
        "reported; the device was still (lying on a table, not worn) or the wrist's tremor is below what "
        "this sensor can show. "
        + ("Sets are compared with this rest level." if has_sets else "No set was found to compare with it.")
    )


def _no_sets_note(frames: Frames, walking: tuple[tuple[float, float], ...], end_s: float) -> str:
    """What a recording without sets was analysed as: walking, movement that made no set, and rest."""
    walked = sum(b - a for a, b in walking)
    moving = (frames.movement_rms >= MOVE_MPS2) & ~within(frames.t_s, list(walking))
    if walked <= 0 and not moving.any():
        return "no sets found: the whole recording was analysed as rest"
    hop = float(np.median(np.diff(frames.t_s))) if len(frames) > 1 else 0.0
    parts = [
        f"{walked:.0f} s walking or running (or a drill landing twice per arm swing, such as high knees or half"
        " jacks, which one wrist cannot tell from running)"
        if walked > 0
        else "",
        f"about {moving.sum() * hop:.0f} s moving too briefly or gently to make a set"
        if moving.any()
        else "",
    ]
    return (
        f"no sets found: of the {end_s:.0f} s recorded, "
        + " and ".join(p for p in parts if p)
        + " were neither measured as tremor nor used as rest; only the still stretches were analysed as rest"
    )


#: An episode in a set whose out-of-band peak is its own tremor line (drifted down, or on the band's edge) is that
#: line where its frequency (the median of its frames' peaks) lies within this many Hz of the set's peak: the frames'
#: 2 s Hann window's +-1 Hz main lobe, over which a 1-3 Hz wide line's frame peaks scatter.
OWN_LINE_REACH_HZ = 1.0


def _without(episodes: list[Episode], drop: list[Episode]) -> list[Episode]:
    """``episodes`` less the very objects in ``drop`` (by identity: two episodes may compare equal)."""
    return [e for e in episodes if all(e is not x for x in drop)]


def _spans_at(eps: list[Episode]) -> str:
    """Episodes in a note's words: ``"12-30 s at 4.5 Hz, ..."``."""
    return ", ".join(f"{e.start_s:.0f}-{e.end_s:.0f} s at {e.peak_hz:.1f} Hz" for e in eps)


def _own_line_episodes(by_set: dict[int, list[Episode]], index: int, m: SetMetrics) -> list[Episode]:
    """The set's low-band episodes within :data:`OWN_LINE_REACH_HZ` of its own line's out-of-band peak."""
    peak = m.oob_peak_hz if m.oob_peak_hz is not None else float("nan")
    return [
        e
        for e in by_set.get(index, [])
        if e.band == BANDS["low_tremor"].label and abs(e.peak_hz - peak) <= OWN_LINE_REACH_HZ + 1e-9
    ]


def _label_words(label: str, m: SetMetrics) -> str:
    """How a set whose tremor was not assessed is labelled, in the words of its note."""
    if label == "fasciculations":
        return (
            f"labelled fasciculations from its twitches alone ({m.twitches_in_set} in the set, "
            f"{m.twitches_in_recovery} in its recovery)"
        )
    if label == "atypical_tremor":
        return (
            f"labelled atypical_tremor from its {m.oob_peak_hz:.1f} Hz out-of-band peak over all its windows"
        )
    return f"labelled {label}"


def _twitches_under_lines(
    twitch_times: np.ndarray, start_s: float, end_s: float, lines: tuple[VibrationLine, ...]
) -> int:
    """How many twitches in ``[start_s, end_s)`` lie within the detector's background window of a machine line."""
    inside = np.sort(twitch_times[(twitch_times >= start_s) & (twitch_times < end_s)])
    spans = [(v.start_s - BACKGROUND_S, v.end_s + BACKGROUND_S) for v in lines]
    return int(within(inside, spans).sum()) if inside.size and spans else 0


def _without_episode_twitches(
    m: SetMetrics, twitch_times: np.ndarray, span: SetSpan, episodes: list[Episode]
) -> tuple[SetMetrics, int]:
    """The set's metrics counting only the twitches outside out-of-band episodes, and how many were left out."""
    spans = [(e.start_s, e.end_s) for e in episodes]
    times = np.sort(twitch_times[(twitch_times >= span.start_s) & (twitch_times < span.recovery_end_s)])
    if not spans or not times.size or not m.twitches_in_set + m.twitches_in_recovery:
        return m, 0
    inside = within(times, spans)
    in_set = int(np.count_nonzero(inside & (times < span.end_s)))
    in_recovery = int(np.count_nonzero(inside & (times >= span.end_s)))
    if not in_set + in_recovery:
        return m, 0
    left = max(m.twitches_in_recovery - in_recovery, 0)
    rate = m.recovery_rate_per_min
    if rate is not None and m.twitches_in_recovery:
        rate *= left / m.twitches_in_recovery
    return (
        replace(
            m,
            twitches_in_set=max(m.twitches_in_set - in_set, 0),
            twitches_in_recovery=left,
            recovery_rate_per_min=rate,
        ),
        in_set + in_recovery,
    )


def _without_twitches(m: SetMetrics) -> SetMetrics:
    return replace(m, twitches_in_set=0, twitches_in_recovery=0, recovery_rate_per_min=None)
