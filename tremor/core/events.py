"""Fasciculation (twitch) detection: brief transients that are not part of a rhythmic train.

One :class:`TwitchDetector` serves batch, long-file and live analysis. The acceleration is
band-passed (:data:`TWITCH_BAND`, a linear-phase FIR with the magnitude response of a zero-phase
Butterworth), whitened (block-wise linear prediction removes what is predictable: physiological
tremor, any narrow-band rhythm) and its three axes combined into an envelope (the RMS of the vector
over :data:`SMOOTH_S`). Each :data:`BLOCK_S` block is compared with a threshold from the previous
:data:`BACKGROUND_S` seconds: where that background is sensor noise, the level its envelope exceeds
on :data:`FALSE_ALARMS_PER_HOUR` samples an hour (a chi model of the envelope, scaled to its median);
where it holds a rhythm the whitener predicted (:data:`RHYTHM_SHARE`) or a wider spread than noise,
median + :data:`MAD_FACTOR` MADs. Each run above it gives a
candidate at its peak (peaks within :data:`SAME_EVENT_S` are one event; peaks of one run parted by
a deep valley are several, :data:`~tremor.core.twitch_finder.VALLEY_FRACTION`: a fast train's
beats); its extent is where the envelope stays above :data:`EXTENT_FRACTION` of that peak. A candidate is a twitch only when

* it adds energy: its band-passed peak is at least :data:`RISE_FACTOR` x the background level, and
  where the background is a strong rhythm, above that rhythm's envelope surges (its median +
  :data:`~tremor.core.twitch_finder.RHYTHM_RISE_MADS` robust SDs,
  :func:`~tremor.core.twitch_finder.rise_level`) (otherwise
  ``"weak"``: a change of the tremor's phase or frequency or a surge of its envelope, not an added
  transient);
* it is not the edge of a slow movement such as a posture shift (``"movement"``, :data:`SLOW_FACTOR`);
* it is brief (:data:`MIN_DURATION_MS` to :data:`MAX_DURATION_MS`, otherwise ``"sustained"``);
* it stands out from its surroundings: the band-passed envelope within :data:`ISOLATION_S` stays
  below :data:`ISOLATION_LEVEL` of its peak (otherwise ``"rhythmic"``: a burst of ongoing oscillation);
* it is not larger than one motor unit can move the wrist (``"artefact"``: an impact, a knock on a
  table, a weight set down, a road bump, a clap, :data:`ARTEFACT_MPS2`; a candidate within
  :data:`ISOLATION_S` of such a peak is one too);
* its envelope's power less a larger neighbour's predicted ringing power (the band-pass's envelope
  around the reference twitch, :func:`~tremor.core.twitch_noise.ringing_profile`) crosses the
  threshold, otherwise ``"ringing"``: a noise excursion lifted by the ringing of a strong twitch
  0.1-0.3 s away;
* it is not one of a regular train (:func:`classify_trains`): five or more beats at regular
  intervals along one axis (a beat below the threshold counts where the envelope shows it at its
  slot of the grid). Up to three twitches close together are twitches (four only with a fifth beat's
  energy on their grid and axis), as are irregular ones and regular ones along different axes.
* it is not in a burst of activity (:func:`classify_activity`): typing or tapping gives many
  events along one axis, 4 or more within :data:`ACTIVITY_SPAN_S` of it (``"activity"``).
* it is not a footfall (:func:`~tremor.core.twitch_steps.classify_steps`): walking or running with the
  hands on a treadmill's rails sends each footfall to the wrist, and the envelope's beats around the
  candidate fill a regular grid at a step rate of 1.4-3 per second (``"steps"``).
* it is not a heartbeat (:func:`~tremor.core.twitch_pulse.classify_pulse`): a hand resting on the chest
  or the body feels each beat, and the envelope's beats through the candidate make an unbroken run
  of evenly spaced beats at 40-180 a minute over 8 s and more (``"pulse"``).
* it is not inside an oscillation that holds its level (a phone's buzz folded by the sampling,
  ``"sustained"``) or one of a line burst's surges (shivering, ``"rhythmic"``):
  :func:`~tremor.core.twitch_hold.classify_holds`; the detection limit is raised where these rules
  would hide a twitch (:class:`~tremor.core.held_limits.HeldLimits`).

The stages live in :mod:`tremor.core.twitch_signal` (band-pass, whitener, envelope),
:mod:`tremor.core.twitch_finder` (threshold, candidates, detection limit),
:mod:`tremor.core.twitch_trains` (the train rule) and :mod:`tremor.core.twitch_hold` (held
oscillations and line bursts); this module puts them together.

No twitch is judged before the detector has settled, in a segment's first 1.0 s
(:func:`~tremor.core.twitch_finder.settle_samples`: the band-pass's start-up, the whitener's first fit).

Whether the wrist was at rest is decided later, from the frame features. Every stage is aligned to
the sample index, so any chunking of the input gives the same events; the detection limit of each
block (the smallest reference twitch it could show) is kept in :attr:`TwitchDetector.limits`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.signal import hilbert

from tremor.core._check import check_acc, check_fs
from tremor.core.code_step import TWITCH_CODES, CodeStep
from tremor.core.held_limits import HeldLimits
from tremor.core.twitch_activity import ACTIVITY_MIN, ACTIVITY_SPAN_S, classify_activity
from tremor.core.twitch_beats import LineEvidence, classify_line_beats
from tremor.core.twitch_finder import (
    ARTEFACT_MPS2,
    BACKGROUND_S,
    EXTENT_FRACTION,
    ISOLATION_LEVEL,
    ISOLATION_S,
    LOOKAHEAD_S,
    MAX_DURATION_MS,
    MIN_DURATION_MS,
    RISE_FACTOR,
    SAME_EVENT_S,
    SLOW_FACTOR,
    SLOW_WINDOW_S,
    WEAK_FACTOR,
    WEAK_MAX_DURATION_MS,
    Transient,
    TransientFinder,
)
from tremor.core.twitch_hold import HoldEvidence, classify_holds
from tremor.core.twitch_noise import FALSE_ALARMS_PER_HOUR, MAD_FACTOR, RHYTHM_SHARE
from tremor.core.twitch_pulse import PULSE_MIN_BEATS, PulseMemory, classify_pulse
from tremor.core.twitch_signal import (
    BLOCK_S,
    FIR_HALF_S,
    REFERENCE_SIGMA_S,
    SLOW_CUTOFF_HZ,
    SMOOTH_S,
    TWITCH_BAND,
    WHITEN_FIT_S,
    WHITEN_LOADING,
    WHITEN_ORDER_S,
    Envelope,
    HeldFilter,
    LinearPhaseFilter,
    Whitener,
    reference_twitch,
    slow_fir,
    twitch_band,
    twitch_fir,
)
from tremor.core.twitch_steps import STEP_HZ, classify_steps
from tremor.core.twitch_trains import (
    TRAIN_EDGE_PERIODS,
    TRAIN_MAX_INTERVAL_S,
    TRAIN_MIN,
    TRAIN_REACH_S,
    TRAIN_SPAN_S,
    TRAIN_TIMING_S,
    TRAIN_TOLERANCE,
    SlotEvidence,
    classify_trains,
)

__all__ = [
    "ACTIVITY_MIN",
    "ACTIVITY_SPAN_S",
    "ARTEFACT_MPS2",
    "BACKGROUND_S",
    "BLOCK_S",
    "EXTENT_FRACTION",
    "FALSE_ALARMS_PER_HOUR",
    "FIR_HALF_S",
    "ISOLATION_LEVEL",
    "ISOLATION_S",
    "LOOKAHEAD_S",
    "MAD_FACTOR",
    "MAX_DURATION_MS",
    "MIN_DURATION_MS",
    "MIN_TWITCH_FS_HZ",
    "REFERENCE_SIGMA_S",
    "RHYTHM_SHARE",
    "RISE_FACTOR",
    "SAME_EVENT_S",
    "SLOW_CUTOFF_HZ",
    "SLOW_FACTOR",
    "SLOW_WINDOW_S",
    "SMOOTH_S",
    "TRAIN_EDGE_PERIODS",
    "TRAIN_MAX_INTERVAL_S",
    "TRAIN_MIN",
    "TRAIN_REACH_S",
    "TRAIN_SPAN_S",
    "TRAIN_TIMING_S",
    "TRAIN_TOLERANCE",
    "TWITCH_BAND",
    "WEAK_FACTOR",
    "WEAK_MAX_DURATION_MS",
    "WHITEN_FIT_S",
    "WHITEN_LOADING",
    "WHITEN_ORDER_S",
    "Envelope",
    "HeldFilter",
    "LinearPhaseFilter",
    "SlotEvidence",
    "Transient",
    "TransientFinder",
    "TwitchDetector",
    "Whitener",
    "classify_activity",
    "classify_trains",
    "detect_transients",
    "not_twitches_note",
    "slow_fir",
    "twitch_band",
    "twitch_fir",
]

#: Below this rate twitch shape cannot be resolved (nominally 100 Hz; real 100 Hz devices run a little slow).
MIN_TWITCH_FS_HZ = 90.0


@dataclass
class TwitchDetector:
    """Twitch detector for one gap-free segment (live and batch): linear-phase band-pass, whitening,
    envelope, robust threshold, transient finder, train rule.

    Live output lags the data by :data:`FIR_HALF_S` (the band-pass), :data:`LOOKAHEAD_S` (the
    finder) and up to :data:`TRAIN_REACH_S` (a candidate waits until a train could be seen).
    Feeding the same samples in any chunks gives the same transients as :func:`detect_transients`.
    """

    fs: float
    t0_s: float = 0.0

    def __post_init__(self) -> None:
        self.fs = check_fs(self.fs)
        taps = twitch_fir(self.fs)
        self._filter = LinearPhaseFilter(taps)
        self._slow = HeldFilter(slow_fir(self.fs))  # the finder filters it around candidates only
        self._whitener = Whitener(self.fs, reference_twitch(self.fs, taps))
        self._env_amp, self._env_det = Envelope(self.fs), Envelope(self.fs)
        amp_gain = self._whitener._reference_gain(np.zeros(0))
        self._steps = CodeStep()  # the sensor's code step: the finder's limit is at least a few of them
        self._finder = TransientFinder(
            self.fs, self.t0_s, amp_gain, slow_source=self._slow, code_step=self._steps
        )
        self._pending: list[Transient] = []
        self._recent: list[Transient] = []
        self._slots = SlotEvidence(self.fs, self.t0_s, max(round(SMOOTH_S * self.fs), 1))
        self._pulse = PulseMemory()
        self._lines = LineEvidence(self.fs, self.t0_s)
        self._holds = HoldEvidence(self.fs, self.t0_s)
        ref = reference_twitch(self.fs, taps)
        self._held = HeldLimits(self._holds, float(np.abs(ref).max()), float(np.abs(hilbert(ref)).max()))

    @property
    def to_next_block(self) -> int:
        """About how many more samples complete the finder's next block (its costly step): once the band-pass is
        filled, each sample gives the finder one envelope sample."""
        return self._finder.to_next_block

    @property
    def limits(self) -> list[tuple[float, float]]:
        """(time, detection limit in m/s^2) of each block whose candidates are all judged: the peak of
        the smallest reference twitch (a 20 ms biphasic pulse) that would cross the block's threshold
        and pass the rise and movement rules (:mod:`tremor.core.movement_limit`), and within a held oscillation's stretch (:mod:`tremor.core.twitch_hold`) the peak whose
        envelope would match the oscillation's (a smaller twitch there is not told from it). The
        newest blocks are published about 10 s after the data (once no later verdict can change them)."""
        return self._held.limits

    def update(self, chunk: np.ndarray, *, final: bool = False) -> list[Transient]:
        """Feed samples (n, 3) in m/s^2; return transients completed so far.

        Candidates are held back until :data:`TRAIN_REACH_S` s of later data are processed, so the
        train rule sees the neighbours on both sides; ``final=True`` releases them all.

        Parameters
        ----------
        chunk : ndarray, shape (n, 3)
            The next samples of one gap-free segment, acceleration in m/s^2.
        final : bool
            True at the end of the segment: flush the filter delay and every pending candidate.

        Returns
        -------
        list of Transient
            Transients judged so far and not returned before, in time order, with their final ``kind``.
        """
        chunk = check_acc(chunk, "chunk")
        self._steps.update(chunk)
        y = self._filter.update(chunk, final=final)
        e, gain = self._whitener.update(y)
        self._slow.update(chunk, final=final)
        env = self._env_det.update(e)
        self._slots.append(env, e)
        self._lines.append(y)
        self._holds.append(chunk)
        found = self._finder.update(
            env,
            amplitude=self._env_amp.update(y),
            gain=gain,
            vector=e,
            final=final,
        )
        self._pending.extend(found)
        done_until = float("inf") if final else self._finder.processed_s - TRAIN_REACH_S
        ready = [c for c in self._pending if c.t_s < done_until]
        judged: list[Transient] = []
        if ready:
            self._pending = [c for c in self._pending if c.t_s >= done_until]
            context = self._recent + ready + self._pending
            n0 = len(self._recent)
            trains = classify_trains(context, self._slots)
            judged = classify_activity(classify_line_beats(trains, self._lines))[n0 : n0 + len(ready)]
            judged = classify_pulse(classify_steps(judged, self._slots), self._slots, self._pulse)
            judged, held = classify_holds(judged, self._holds, self._lines, self._held.env_gain)
            self._held.add(held)
            keep_after = ready[-1].t_s - TRAIN_REACH_S
            self._recent = [c for c in self._recent + ready if c.t_s >= keep_after]
        # the blocks' line bursts are sought before the old samples are dropped: a large chunk completes
        # blocks whose samples the drop below would take (a long file's 4096-sample blocks: no burst found
        # there, the limit not raised, unlike batch)
        self._held.update(self._finder.limits, self._lines, done_until, self._finder.movement)
        if not final:
            # every later candidate is judged after done_until: its train starts at most TRAIN_REACH_S
            # before it (its beat time up to MAX_DURATION_MS from its peak), a slot needs BACKGROUND_S
            self._slots.drop_before(done_until - TRAIN_REACH_S - BACKGROUND_S - 2 * MAX_DURATION_MS / 1e3)
            self._lines.drop_before(done_until - TRAIN_REACH_S - BACKGROUND_S - 2 * MAX_DURATION_MS / 1e3)
            self._holds.drop_before(done_until - TRAIN_REACH_S - BACKGROUND_S - 2 * MAX_DURATION_MS / 1e3)
        return judged


def detect_transients(
    acc: np.ndarray, *, fs: float, t0_s: float = 0.0, zero_phase: bool = True
) -> list[Transient]:
    """Batch transient detection over one gap-free segment: :class:`TwitchDetector` fed at once.

    The twitch band-pass is linear-phase (zero phase after its delay is removed) in batch and live
    alike, so ``zero_phase`` no longer changes anything; it is kept for callers that pass it.

    Parameters
    ----------
    acc : ndarray, shape (n, 3)
        Acceleration in m/s^2 of one gap-free segment.
    fs : float
        Sampling rate in Hz (required).
    t0_s : float
        Time in s of ``acc[0]``.
    zero_phase : bool
        Ignored (see above).

    Returns
    -------
    list of Transient
        All transients of the segment in time order, every ``kind`` included (filter on
        ``kind == "twitch"`` for twitches).
    """
    fs = check_fs(fs)
    acc = check_acc(acc)
    return TwitchDetector(fs, t0_s).update(acc, final=True)


def _impact_peaks(impacts: list[Transient]) -> list[float]:
    """One peak per impact: candidates whose extents (``duration_ms`` about the energy centre) overlap
    are one impact (a long candidate can span a knock another candidate also holds), with the larger peak."""
    spans = sorted(
        (
            (c.t_s if c.centre_s is None else c.centre_s) - c.duration_ms / 2e3,
            (c.t_s if c.centre_s is None else c.centre_s) + c.duration_ms / 2e3,
            c.peak_mps2,
        )
        for c in impacts
    )
    peaks: list[float] = []
    end = -np.inf
    for lo, hi, peak in spans:
        if peaks and lo <= end:
            peaks[-1] = max(peaks[-1], peak)
            end = max(end, hi)
        else:
            peaks.append(peak)
            end = hi
    return peaks


def not_twitches_note(transients: list[Transient]) -> str | None:
    """What the detector saw and did not count as twitches, for the report's notes (None: nothing).

    Impacts (``"artefact"`` candidates whose rise over their background reaches :data:`ARTEFACT_MPS2`, more than one
    motor unit's twitch can move the wrist; a neighbour called an impact only for being near one is not
    counted again), bursts of activity (``"activity"``: typing, tapping), footfalls (``"steps"``), heartbeats
    (``"pulse"``: the note gives their rate), knocks across which the wrist turned and settled (``"settled"``,
    :mod:`tremor.core.settle_turn`) and the first strokes of a rhythmic movement starting from still (``"onset"``,
    :mod:`tremor.core.rhythm_onset`) and brief events under :data:`~tremor.core.code_step.TWITCH_CODES` steps of a
    resolution that turned coarser (``"flicker"``, :mod:`tremor.core.step_stretches`) are told apart from twitches; the note says how many there were, so they are
    reported rather than silently dropped.

    Parameters
    ----------
    transients : list of Transient
        Transients of any kind (those not kept as twitches).

    Returns
    -------
    str or None
        The note, or None where there was neither.
    """
    impacts = _impact_peaks(
        [
            t
            for t in transients
            if t.kind == "artefact" and (t.peak_mps2 if t.rise_mps2 is None else t.rise_mps2) >= ARTEFACT_MPS2
        ]
    )
    active = sum(t.kind == "activity" for t in transients)
    steps = sum(t.kind == "steps" for t in transients)
    settled = sum(t.kind == "settled" for t in transients)
    onset = sum(t.kind == "onset" for t in transients)
    flicker = sum(t.kind == "flicker" for t in transients)
    pulse = [60.0 / t.period_s for t in transients if t.kind == "pulse" and t.period_s]
    parts = []
    if impacts:
        low, high = f"{min(impacts):.2f}", f"{max(impacts):.2f}"
        size = low if low == high else f"{low}-{high}"
        parts.append(
            f"{len(impacts)} impact(s) (band-passed peak {size} m/s^2, rising {ARTEFACT_MPS2:g} m/s^2 or more over its "
            "background, more than one motor unit's twitch can move the wrist by: a knock, a weight set down, a bump)"
        )
    if active:
        parts.append(
            f"{active} brief event(s) in dense bursts along one axis ({ACTIVITY_MIN - 1} or more others within "
            f"{ACTIVITY_SPAN_S:g} s along the same axis: activity such as typing or tapping, or a shaken surface)"
        )
    if steps:
        parts.append(
            f"{steps} brief event(s) on a regular train at a step rate of {STEP_HZ[0]:g}-{STEP_HZ[1]:g} per second "
            "along one axis (footfalls reaching the wrist, as with the hands on a treadmill's rails, or a pulse "
            "felt through a hand resting on the chest)"
        )
    if pulse:
        low, high = (f"{q:.0f}" for q in (min(pulse), max(pulse)))
        rate = low if low == high else f"{low}-{high}"
        parts.append(
            f"{len(pulse)} brief event(s) on an unbroken run of {PULSE_MIN_BEATS} or more evenly spaced beats along "
            f"one axis at {rate} a minute, or at such a beat's second heart sound (most likely heartbeats felt "
            "through a hand resting on the chest or the body; one motor unit firing at a steady rate would look "
            "the same, while fasciculations usually fire at irregular intervals)"
        )
    if settled:
        parts.append(
            f"{settled} brief event(s) as the wrist turned and settled (the forearm's pose changed across each: "
            "likely a knock as a weight was shifted or set down, or a hand re-placed; a twitch at that moment "
            "cannot be told from one)"
        )
    if onset:
        parts.append(
            f"{onset} brief event(s) as a movement started from still (likely its first strokes or steps; a "
            "twitch at that moment cannot be told from one)"
        )
    if flicker:
        parts.append(
            f"{flicker} brief event(s) under {TWITCH_CODES:g} of the sensor's code steps, where its resolution had "
            "turned coarser (likely its reading flickering between two codes; a twitch that small cannot be told "
            "from one)"
        )
    return " and ".join(parts) + " were seen and not counted as twitches" if parts else None
