"""Where a live session's sets are, decided while they happen, and the cards that show them.

Sets start and end with a key press (:meth:`SetDecisions.toggle`), or automatically: every
:data:`AUTO_CHECK_S` seconds of session time the frames are segmented
(:func:`tremor.core.sets.segment_sets`, the batch segmentation) and a set that is followed by enough
rest to be final (:data:`CONFIRM_REST_S`) is confirmed and written as ``M ... auto`` records.
While the rest pose is not settled (a session that opened in a hold, whose raised pose may still outweigh the
rests in still time: :attr:`~tremor.core.sets.Segmentation.rest_settled`) no set is confirmed, nor shown provisionally:
the sets found against it are held until it is settled or the session ends, so none is confirmed that a revised rest
pose would take back (confirmed sets are markers in the log, never withdrawn).
A confirmed set gets a :class:`SetCard` (label, metrics and causes from the same summary as a
batch report); its recovery twitch count is refreshed until the next set starts. The recovery ends
where batch ends it, at the next set's start (or the session's end): while a detected next set is
pending, or a key press has opened one, the refresh counts up to its start, so no twitch of the next
set is counted as the recovery's; the card is made final once the twitch detector has reported
every twitch before that start (:data:`TWITCH_REPORTED_AFTER_S`), or when the session ends.

The recovery refresh (a summary of the whole session so far, some 10 ms at an hour) is not run inside
the notification that asks for it: its summary's inputs are taken then
(:meth:`~tremor.core.stream.LiveAnalyzer.result_steps`) and its stages run in the notifications that
follow: a stage runs where the notification's CPU so far plus that stage's cost in the previous refresh stays
under :data:`REFRESH_STEP_BUDGET_S`, and after :data:`REFRESH_LATE_NOTIFICATIONS` notifications one in each without
a set check (after :data:`REFRESH_OVERDUE_NOTIFICATIONS`, one in each whatever it costs); its ``recovery`` event comes when the last stage is done (a second or so later), with what a summary at the
moment it was asked for gives. Before any other card event, or another summary, a refresh still in steps is finished,
so the events come in the same order, each with the same content. The next refresh (2 s later) does not finish the
one still in steps at once (its last stages, several ms at an hour, landed on the notification of the set check):
its inputs are taken and it waits for that one, whose stages run on first; a third finishes the first.

Confirmation takes a few seconds, so while a detected set is in progress the newest samples are
also watched directly (:class:`~tremor.live.stillness.StillnessProbe`): once the wrist is back at
its rest orientation and still, a *provisional* card is issued at once
(``("card_provisional", card)``, well within 1 s of the movement stopping). When the set is
confirmed its card replaces the provisional one (``card.replaces``); if the segmentation instead
finds that the set went on (the movement resumed within :data:`~tremor.core.sets.JOIN_S`) or was
no set, the provisional card is withdrawn (``("card_withdrawn", card)``).

A final card is revised (``("card_revised", (card, reason))``, :mod:`tremor.live.card_revision`) where a later
summary reads its set otherwise: when the sets that came after it make its run one of a power tool's short bursts
(:attr:`~tremor.core.analysis.AnalysisResult.short_bursts`, refilled from a summary of its set in a later
notification), when it is made final where the refreshes since its print changed its label, reason or causes
(:attr:`SetCard.shown`), and at the session's end wherever the finished analysis says another label, reason or cause.

:class:`SetDecisions` is one part of :class:`~tremor.live.session.LiveSession`: the session feeds
it the samples it gave the analyzer, and it writes its markers into the session's log through the
session, so the log holds every set the session reported.

Size (issue 8): about 880 lines (777 before issue 9), nearly all :class:`SetDecisions`, kept whole because its methods share
one state (the confirmed and pending sets, the open and provisional cards, the refresh in steps) whose
order of events is what makes a card's events come as they did.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from tremor.core.analysis import AnalysisResult
from tremor.core.events import BLOCK_S, FIR_HALF_S, LOOKAHEAD_S, TRAIN_REACH_S
from tremor.core.features import Frames
from tremor.core.position_moves import READ_AFTER_S
from tremor.core.posture_shift import decided_by_s
from tremor.core.recording import SetMarker
from tremor.core.rep_pauses import REP_PAUSE_S, pose_angle, raised_after
from tremor.core.sets import EDGE_LEAD_S, JOIN_S, MOVE_MPS2, Segmentation, SetSpan, segment_sets
from tremor.core.shaken_sets import shaken_sets_note
from tremor.core.stream import LiveAnalyzer
from tremor.errors import SamplingError
from tremor.live.card_revision import END_REASON, LATER_REASON, Verdict, burst_reason, verdict
from tremor.live.stillness import StillnessProbe

__all__ = [
    "SetCard",
    "SetDecisions",
    "fill_card",
    "AUTO_CHECK_S",
    "CONFIRM_REST_S",
    "TWITCH_REPORTED_AFTER_S",
    "REFRESH_STEP_BUDGET_S",
    "REFRESH_STAGE_GUESS_S",
    "REFRESH_LATE_NOTIFICATIONS",
    "REFRESH_OVERDUE_NOTIFICATIONS",
    "SEGMENT_AHEAD_BUDGET_S",
    "NOT_REPORTED",
]

#: The label of a card whose automatic set the summary does not report (found mostly inside external vibration,
#: where batch leaves out its own automatic sets: :mod:`tremor.core.shaken_sets`).
NOT_REPORTED = "not_reported"
#: Automatic set detection runs every this many seconds of session (device) time.
AUTO_CHECK_S = 1.0
#: A detected set is final once the frames run this far past its end: the segmentation joins
#: active stretches across pauses of up to ``JOIN_S``, and a set's end lies within a frame's
#: half-window of its last active frame. Where the arm stays raised after it, across pauses of up
#: to :data:`~tremor.core.rep_pauses.REP_PAUSE_S` (slow reps), so such a set waits that long.
CONFIRM_REST_S = JOIN_S + 1.5
#: A provisional set end lies this long before the probe fires: on simulated sessions the probe
#: fires 0.25-0.5 s after the movement stops (seeds 0-7, every set).
PROVISIONAL_END_LAG_S = 0.4
#: A provisional card is withdrawn when the segmentation puts its set's end this much later.
WITHDRAW_TOL_S = JOIN_S
#: Recovery twitch counts on the last card are refreshed at most this often (wall seconds).
RECOVERY_REFRESH_S = 2.0
#: Every twitch before a time is reported once the data run this far past it (the detector's band-pass
#: half length, look-ahead and train wait, and one block): a recovery ended by the next set's start is
#: final this long after that start.
TWITCH_REPORTED_AFTER_S = FIR_HALF_S + LOOKAHEAD_S + TRAIN_REACH_S + BLOCK_S
#: A recovery refresh's next stage runs in a notification only where that notification's CPU so far (s, this thread,
#: counted from when the session began handling it) plus the stage's own cost in the previous refresh stays below
#: this: the stages go where the notification has little else to do (no set check, no frame or twitch block) ...
REFRESH_STEP_BUDGET_S = 0.004
#: ... (a stage not measured yet is taken to cost this much, s) ...
REFRESH_STAGE_GUESS_S = 0.001
#: ... and after this many notifications one stage in every notification without a set check, whatever it costs,
#: so that it ends before the next refresh is due (one every 2 s, some 11 notifications of 36 samples at 200 Hz) ...
REFRESH_LATE_NOTIFICATIONS = 8
#: ... and after this many, one in every notification.
REFRESH_OVERDUE_NOTIFICATIONS = 16
#: The notification before a set check segments the frames ahead of it where its CPU so far plus what a segmentation
#: costs stays below this (s): the check then takes that segmentation where no frame came in between.
SEGMENT_AHEAD_BUDGET_S = 0.0045


@dataclass
class SetCard:
    """What is shown when a set ends: the set's entry of the batch report, and its recovery.

    ``report`` is the set's dict from :func:`tremor.report.json_report.to_report` (label, tremor metrics,
    fasciculations, causes). ``recovery_twitches`` and ``recovery_s`` are refreshed until the
    next set starts and the twitches before its start are reported (or the session ends); then
    ``final`` is True. ``recovery_end_s`` is where the recovery counted so far ends, and ``ended_by``
    the number of the set whose start ended it (None while it runs on, or where the session's end
    ended it).
    """

    index: int
    source: str  # "key" or "auto"
    start_s: float
    end_s: float
    label: str
    report: dict[str, Any]
    recovery_twitches: int = 0
    recovery_s: float = 0.0
    recovery_rate_per_min: float | None = None
    recovery_end_s: float = 0.0
    #: the next set's number where that set's start ended the recovery (batch's ``recovery_end_s``)
    ended_by: int | None = None
    #: where an unclear stay (a light hold or a change of posture, no set) ended the recovery, s; else None
    ended_by_stay_s: float | None = None
    final: bool = False
    printed_wall_s: float = 0.0
    first_label: str | None = None  # the label when the card was first printed
    #: "provisional" (the movement stopped; the set is not confirmed yet), "confirmed" or "withdrawn"
    status: str = "confirmed"
    #: the provisional card a confirmed one replaces (None if there was none)
    replaces: SetCard | None = None
    printed_session_s: float = 0.0  # session time when the card was issued
    #: whether the summary it was last filled from found its set among a power tool's short bursts
    #: (:attr:`~tremor.core.analysis.AnalysisResult.short_bursts`)
    short_burst: bool = False
    #: what the card said when it was last printed whole (the ``card`` or ``card_revised`` event): a change the
    #: refreshes after it made (shown by the recovery line as a label at most) is revised when the card is made final
    shown: Verdict | None = None
    #: :attr:`short_burst` when the card was last printed whole
    shown_burst: bool = False
    #: each revision of the final card: (what it said, what it says now, why) (:mod:`tremor.live.card_revision`)
    revisions: list[tuple[Verdict, Verdict, str]] = field(default_factory=list)

    @property
    def provisional(self) -> bool:
        return self.status == "provisional"


@dataclass
class _Refresh:
    """A recovery refresh in steps: the card, its summary's remaining stages, the session time it was asked at."""

    card: SetCard
    steps: Generator[None, None, AnalysisResult]
    now_s: float
    waited: int = 0  # notifications since it was asked for
    stage: int = 0  # stages run so far


@dataclass
class _Confirmed:
    start_s: float
    end_s: float
    source: str


class SetDecisions:
    """The sets of one live session: key presses, automatic detection, provisional and final cards.

    Parameters
    ----------
    now : callable() -> float
        The session time (s) of the newest sample the analyzer has.
    mark : callable(t_s, kind, source, label)
        Writes a set marker (``kind`` "start" or "end", ``source`` "key" or "auto") into the
        session's log.
    emit : callable(kind, payload)
        The session's event callback: ``card``, ``recovery``, ``card_final``,
        ``card_provisional``, ``card_withdrawn`` and ``card_revised`` events (see
        :class:`~tremor.live.session.LiveSession`).
    clock : callable() -> float
        The wall clock (s) that paces the recovery refresh (:data:`RECOVERY_REFRESH_S`):
        ``time.monotonic``; a benchmark replaying a recording faster than real time passes the
        session time, so the refresh runs as often per second of data as it would live.
    spread : bool
        Run the recovery refresh's summary in steps over the notifications after it is asked for (the
        default), or whole, at once.
    """

    def __init__(
        self,
        now: Callable[[], float],
        mark: Callable[[float, str, str, str], None],
        emit: Callable[[str, Any], None],
        clock: Callable[[], float] = time.monotonic,
        spread: bool = True,
    ) -> None:
        self._now = now
        self.spread = spread
        self._pending: _Refresh | None = None  # the recovery refresh running in steps
        self._stage_cost: dict[int, float] = {}  # CPU (s) of each stage of the last refresh, by its place
        self._check_cost = 0.0  # CPU (s) a segmentation of the frames costs, a running mean
        self._queued: _Refresh | None = None  # the next one, asked while that one was still running
        self._clock = clock
        self._mark = mark
        self._emit = emit
        #: the session's analyzer, set when the source connects
        self.analyzer: LiveAnalyzer | None = None
        #: the confirmed sets, in order
        self.sets: list[_Confirmed] = []
        #: start (s) of the set a key press opened, while it is open
        self.open_key_s: float | None = None
        #: start (s) of the automatically detected set in progress
        self.auto_pending_s: float | None = None
        self._auto_pending: tuple[float, float] | None = None  # (start_s, end_s) of the set in progress
        #: (start_s, end_s) of the first set found but held while the rest pose is not settled (auto_check)
        self._held: tuple[float, float] | None = None
        self._probe = StillnessProbe()
        #: whether the newest set check's rest pose is settled (:attr:`~tremor.core.sets.Segmentation.rest_settled`)
        self._rest_settled = True
        #: the provisional card shown now, if any
        self.provisional: SetCard | None = None
        #: every provisional card issued (confirmed, withdrawn or still pending)
        self.provisional_cards: list[SetCard] = []
        self._next_auto_check_s = AUTO_CHECK_S
        #: the newest confirmed set's card
        self.card: SetCard | None = None
        #: every confirmed set's card
        self.cards: list[SetCard] = []
        self._last_refresh_wall = 0.0
        #: cards whose recovery the next set's start (s) has ended, waiting for its last twitches
        self._settling: list[tuple[SetCard, float]] = []
        #: final cards a summary found newly among (or no longer among) a tool's short bursts: revised next
        self._to_revise: list[SetCard] = []
        #: notifications the first of them has waited (a set check in each: notifications of a second or more)
        self._revise_waited = 0

    def toggle(self) -> str:
        """A key press: start a set, or end the open one (the session has samples and an analyzer).

        Returns
        -------
        str
            What happened, as text for the display (including why nothing happened: a set that
            has only just started).
        """
        assert self.analyzer is not None
        self.settle()
        now = self._now()
        if self.open_key_s is None:
            # a key press overrides a detected set in progress
            self.auto_pending_s = self._auto_pending = self._held = None
            self.open_key_s = now
            self._end_recovery(len(self.sets) + 1, now)  # the last card's recovery ends here
            self.analyzer.start_set(now)
            self._mark(now, "start", "key", f"set {len(self.sets) + 1}")
            return f"set {len(self.sets) + 1} started at {now:.1f} s"
        start = self.open_key_s
        if now <= start:
            return "the set has just started: press again to end it"
        self.open_key_s = None
        self._mark(now, "end", "key", f"set {len(self.sets) + 1}")
        self.analyzer.end_set(now)
        self.sets.append(_Confirmed(start, now, "key"))
        self._new_card()
        return f"set {len(self.sets)} ended at {now:.1f} s"

    def check_due(self, now_s: float, ahead_s: float = 0.0) -> bool:
        """Whether samples up to ``now_s`` (s, session time), or the next ``ahead_s`` of them, bring the next set
        check and recovery refresh.

        Parameters
        ----------
        now_s : float
            Session time of the newest sample.
        ahead_s : float
            Look this much further (the next notification's length): the set check is due in it.

        Returns
        -------
        bool
            True where :meth:`add_samples` will check the sets by the time the newest sample is at
            ``now_s + ahead_s``.
        """
        return now_s + ahead_s >= self._next_auto_check_s

    def add_samples(
        self, t_s: np.ndarray, acc: np.ndarray, auto: bool, started_cpu_s: float | None = None
    ) -> None:
        """After new samples reached the analyzer: decide, refresh and show what they change.

        Every :data:`AUTO_CHECK_S` of session time the automatic sets are checked and the open
        card's recovery refreshed; while a detected set is in progress, a provisional card is
        issued once the wrist is still and back at rest.

        Parameters
        ----------
        t_s : ndarray, shape (n,)
            The new samples' session times in s (as the analyzer got them).
        acc : ndarray, shape (n, 3)
            Their acceleration in m/s^2.
        auto : bool
            Whether sets are detected automatically (else only key presses make sets).
        started_cpu_s : float, optional
            ``time.thread_time()`` when the session began handling these samples (before the analyzer
            got them): a refresh in steps runs its next stages only while the notification has used less
            than :data:`REFRESH_STEP_BUDGET_S` since then. Default: when this call began.
        """
        started = time.thread_time() if started_cpu_s is None else started_cpu_s
        for job in (self._pending, self._queued):  # refreshes asked for in earlier notifications
            if job is not None:
                job.waited += 1
        if auto:
            self._probe.add(t_s, acc)
        checked = self._now() >= self._next_auto_check_s
        if checked:
            self._next_auto_check_s = self._now() + AUTO_CHECK_S
            if auto:
                self.auto_check()
            self._refresh_recovery()
            self._finalize_settled()
        if auto and self.provisional is None and self._auto_pending is not None:
            self._provisional_check()
        ran = False
        while self._pending is not None:
            job = self._pending
            used = time.thread_time() - started
            if used + self._stage_cost.get(job.stage, REFRESH_STAGE_GUESS_S) < REFRESH_STEP_BUDGET_S or (
                not ran
                and (
                    job.waited > REFRESH_OVERDUE_NOTIFICATIONS
                    or (job.waited > REFRESH_LATE_NOTIFICATIONS and not checked)
                )
            ):
                self._step()
                ran = True
            else:
                break
        self._revise_waited = self._revise_waited + 1 if self._to_revise else 0
        late = (
            self._revise_waited > REFRESH_LATE_NOTIFICATIONS
        )  # notifications of a second or more: each checks
        if self._to_revise and self._pending is None and (not checked or late):
            card = self._to_revise.pop(0)  # one a notification, where no set check or refresh runs
            self._revise_waited = 0
            self._revise(card, self._current_result(card.start_s), LATER_REASON)
        elif auto and not checked and t_s.size > 1 and self.open_key_s is None:
            self._segment_ahead(started, float(t_s[-1] - t_s[0]) * t_s.size / (t_s.size - 1))

    def _segment_ahead(self, started: float, ahead_s: float) -> None:
        """The next notification checks the sets: segment the frames now, where this one has CPU to spare
        (:data:`SEGMENT_AHEAD_BUDGET_S`). The live memo keeps the segmentation under its frames, so the check takes it
        where no frame comes in between (about two checks in three at 200 Hz); the same sets either way."""
        assert self.analyzer is not None
        if not self.check_due(self._now(), ahead_s):
            return
        if time.thread_time() - started + self._check_cost >= SEGMENT_AHEAD_BUDGET_S:
            return
        frames = self.analyzer.frames
        if len(frames):
            t0 = time.thread_time()
            segment_sets(
                frames,
                end_s=self._now(),
                gaps=self.analyzer.gaps,
                memo=self.analyzer.memo,
                open_ends=True,
                code_step=self.analyzer.code_step,
            )
            self._segmented(time.thread_time() - t0)

    def _segmented(self, cpu_s: float) -> None:
        """Keep a running mean of what a segmentation costs (s), from those that computed (not kept ones)."""
        if cpu_s > 0.2 * self._check_cost:
            self._check_cost = 0.5 * (self._check_cost + cpu_s)

    def _overlaps(self, a: float, b: float) -> bool:
        if self.open_key_s is not None and b > self.open_key_s:
            return True
        return any(a < s.end_s and b > s.start_s for s in self.sets)

    def auto_check(self, final: bool = False) -> None:
        """Confirm sets the batch segmentation finds and that can no longer grow.

        A provisional card the segmentation contradicts (the movement went on, or no set is
        found there) is withdrawn.

        Parameters
        ----------
        final : bool
            The session ends: every set found is confirmed, however recent its end.
        """
        assert self.analyzer is not None
        frames = self.analyzer.frames
        if not len(frames) or self.open_key_s is not None:
            self.auto_pending_s = self._auto_pending = self._held = None
            return
        started = time.thread_time()
        seg = segment_sets(
            frames,
            end_s=self._now(),
            gaps=self.analyzer.gaps,
            memo=self.analyzer.memo,
            open_ends=not final,
            code_step=self.analyzer.code_step,
        )  # sets span short gaps, as in batch; a hold the table ends in is one under way, but at the session's end
        self._segmented(time.thread_time() - started)
        self._probe.rest_ref = seg.rest_ref  # rest_orientation(frames), as the segmentation found it
        self._rest_settled = seg.rest_settled
        last_frame = float(frames.t_s[-1])
        pending = held = None
        prov = self.provisional
        for span in seg.sets:
            if self._overlaps(span.start_s, span.end_s):
                continue
            mine = (
                prov is not None and span.start_s < prov.end_s + WITHDRAW_TOL_S and span.end_s > prov.start_s
            )
            # (a set another follows is over: while the rest pose is not settled it is held without judging its wait,
            # which each check would judge again for every held set)
            ready = (
                final
                or (not seg.rest_settled and span is not seg.sets[-1])
                or last_frame >= span.end_s + self._rest_to_confirm(frames, seg, span)
            )
            if ready and (final or seg.rest_settled):
                self._confirm_auto(span.start_s, span.end_s, replaces=prov if mine else None)
                if mine:
                    prov = None
            elif ready:
                # found against a rest pose that more still time may change (a session opening in a hold:
                # Segmentation.rest_settled): held, neither confirmed nor in progress, until the pose is settled or
                # the session ends; a provisional card of it stays, withdrawn below once the revised pose finds it no
                # more. As a pending set does, it ends the last card's recovery so far (batch's on these frames)
                held = held or (span.start_s, span.end_s)
                if mine:
                    prov = None
            else:
                pending = (span.start_s, span.end_s)
                if mine and prov is not None and span.end_s > prov.end_s + WITHDRAW_TOL_S:
                    self.withdraw(f"the movement went on past {prov.end_s:.1f} s")
                    prov = None
                elif mine:
                    prov = None  # still pending, still plausible: keep it
        if prov is not None and self.provisional is prov:
            # the segmentation no longer finds that set (or not a pending one): withdraw it
            self.withdraw("no set was found there after all")
        if [x and x[0] for x in (pending, held)] != [x and x[0] for x in (self._auto_pending, self._held)]:
            # a refresh still in steps was asked under the old pending (or held) set: its event comes first. A pending
            # set that only grew (its start unchanged, as it does at each check while the set goes on) ends the
            # card's recovery where it did, so such a refresh's result is the same, and it runs on in steps
            self.settle()
        self._auto_pending, self._held = pending, held
        self.auto_pending_s = pending[0] if pending is not None else None

    @staticmethod
    def _rest_to_confirm(frames: Frames, seg: Segmentation, span: SetSpan) -> float:
        """Frames needed past a set's end before it is final: :data:`CONFIRM_REST_S`, and those the move out of
        its position is judged on (:data:`~tremor.core.position_moves.READ_AFTER_S` past its last active frame),
        or, while the arm stays raised after it, until no resumed movement could join it
        (:mod:`tremor.core.rep_pauses`), or, after a still hold at the rest's tremor, until its stay in that pose
        and the pose after it are seen (:mod:`tremor.core.posture_shift`; inf while the arm stays in that pose)."""
        end_s = span.end_s
        last_active_s = end_s + span.moved_s[1] + EDGE_LEAD_S  # the move out of position left out, if any
        angle = pose_angle(frames.orientation, seg.rest_ref)
        wait = max(CONFIRM_REST_S, last_active_s + READ_AFTER_S - end_s)
        if raised_after(frames.t_s, angle, last_active_s + 1e-6):
            wait = max(wait, last_active_s - end_s + REP_PAUSE_S + 0.5)
        if span.kind == "hold":
            # a still hold may be a posture shift (tremor.core.posture_shift), told by how long the arm stays
            # in its pose and where it rests after: batch's decision needs the table that far
            t = frames.t_s
            first_active_s = span.start_s - span.moved_s[0] - EDGE_LEAD_S
            a, b = np.searchsorted(t, [first_active_s, last_active_s], side="left")
            still = frames.movement_rms < MOVE_MPS2
            by = decided_by_s(
                t,
                frames.orientation,
                frames.power_phys,
                still,
                seg.rest_mask & still,
                (int(a), min(int(b) + 1, len(t))),
                frames.psd,
            )
            wait = max(wait, by - end_s + 0.5)
        return wait

    def _confirm_auto(self, start_s: float, end_s: float, *, replaces: SetCard | None = None) -> None:
        assert self.analyzer is not None
        label = f"set {len(self.sets) + 1}"
        self._mark(start_s, "start", "auto", label)
        self._mark(end_s, "end", "auto", label)
        self.analyzer.start_set(start_s)
        self.analyzer.end_set(end_s, "auto")
        # this set, if it was the pending (or held) one, is now marked (auto_check sets them anew)
        self._auto_pending = self._held = None
        # with this set among the analyzer's sets, the previous card's recovery ends at its start, as
        # batch's does, and none of this set's twitches is counted in it
        self._end_recovery(len(self.sets) + 1, start_s)
        self.sets.append(_Confirmed(start_s, end_s, "auto"))
        if replaces is not None:
            replaces.status = "confirmed"
            if self.provisional is replaces:
                self.provisional = None
        self._new_card(replaces=replaces)

    # ------------------------------------------------------------------ provisional cards
    @property
    def rest_settled(self) -> bool:
        """Whether the newest set check's rest pose is settled (:attr:`~tremor.core.sets.Segmentation.rest_settled`):
        while it is not, the sets found (and so "in a set" or "at rest") may be the other pose's, and none is shown."""
        return self._rest_settled

    def _provisional_check(self) -> None:
        """A detected set is in progress: issue a provisional card as soon as the wrist is back at rest."""
        pending = self._auto_pending
        if pending is None or self.open_key_s is not None or not self._rest_settled:
            return  # (a rest pose not settled may be a raised one: "back at rest" would mean nothing)
        if not self._probe.still_at_rest():
            return
        start = pending[0]
        end = max(self._now() - PROVISIONAL_END_LAG_S, start + 1e-3)
        if any(
            c.status == "withdrawn" and abs(c.start_s - start) < 1e-6 and c.end_s >= end - WITHDRAW_TOL_S
            for c in self.provisional_cards[-1:]
        ):
            return  # the same end that was just withdrawn: wait for the segmentation
        self.settle()
        card = SetCard(
            index=len(self.sets) + 1,
            source="auto",
            start_s=start,
            end_s=end,
            label="?",
            report={},
            status="provisional",
        )
        result = self._result_with_set(start, end)
        if result is not None:
            fill_card(card, result, self._now())
        card.first_label = card.label
        card.printed_wall_s = time.monotonic()
        card.printed_session_s = self._now()
        self.provisional = card
        self.provisional_cards.append(card)
        self._emit("card_provisional", card)

    def _result_with_set(self, start_s: float, end_s: float) -> AnalysisResult | None:
        """The summary as if ``start_s``-``end_s`` were a set (nothing is kept, nothing logged)."""
        assert self.analyzer is not None and self.open_key_s is None  # no set is open in the analyzer
        if end_s <= start_s:
            return self._current_result(start_s)
        try:
            return self.analyzer.result(
                extra_markers=(SetMarker(start_s, end_s, "auto", auto=True),), only_set_start_s=start_s
            )
        except SamplingError:
            return None

    def withdraw(self, reason: str) -> None:
        """Withdraw the provisional card, if one is shown (``("card_withdrawn", (card, reason))``).

        Parameters
        ----------
        reason : str
            Why the movement's stop was not the set's end, for the display.
        """
        if self.provisional is not None:
            self.settle()
        card, self.provisional = self.provisional, None
        if card is None:
            return
        card.status = "withdrawn"
        self._emit("card_withdrawn", (card, reason))

    # ------------------------------------------------------------------ cards
    def _current_result(self, set_start_s: float) -> AnalysisResult | None:
        """The summary so far, measuring only the set that starts at ``set_start_s`` (its card's).

        A later set that is not among the analyzer's sets yet (a detected set still pending, or the set a
        key press has opened) is assumed for this summary, so the card's recovery ends at its start, where
        it will end once that set is marked.
        """
        assert self.analyzer is not None
        try:
            return self.analyzer.result(
                extra_markers=self._next_set(set_start_s), only_set_start_s=set_start_s
            )
        except SamplingError:
            return None

    def _next_set(self, set_start_s: float) -> tuple[SetMarker, ...]:
        """The later set not among the analyzer's sets yet (a detected set still pending or held, or the set a key
        press has opened) that a summary for the card of the set starting at ``set_start_s`` assumes."""
        if self.open_key_s is not None and set_start_s < self.open_key_s < self._now():
            return (SetMarker(self.open_key_s, self._now(), "key"),)
        later = [
            x
            for x in (self._held, self._auto_pending)
            if x is not None and self.open_key_s is None and set_start_s < x[0] < x[1]
        ]
        if later:
            start, end = min(later)
            return (SetMarker(start, end, "auto", auto=True),)
        return ()

    def _new_card(self, replaces: SetCard | None = None) -> None:
        self.settle()
        conf = self.sets[-1]
        result = self._current_result(conf.start_s)
        card = SetCard(
            index=len(self.sets),
            source=conf.source,
            start_s=conf.start_s,
            end_s=conf.end_s,
            label="?",
            report={},
            replaces=replaces,
        )
        if result is not None:
            fill_card(card, result, self._now())
        card.first_label = card.label
        card.shown, card.shown_burst = verdict(card.label, card.report), card.short_burst
        card.printed_wall_s = time.monotonic()
        card.printed_session_s = self._now()
        self._last_refresh_wall = self._clock()
        self.card = card
        self.cards.append(card)
        self._emit("card", card)
        self._watch_bursts(result)

    def _refresh_recovery(self, force: bool = False) -> None:
        card = self.card
        if card is None or card.final:
            return
        now = self._clock()
        if not force and now - self._last_refresh_wall < RECOVERY_REFRESH_S:
            return
        if force or not self.spread:
            self.settle()  # an earlier refresh still in steps comes first
        else:
            # an earlier refresh still in steps runs on before this one (its inputs were taken when it was asked,
            # so it gives what it would give now); only a third waits for the first to finish
            while self._queued is not None:
                self._step()
        self._last_refresh_wall = now
        if force or not self.spread:
            self._refreshed(card, self._current_result(card.start_s), self._now(), force)
            return
        assert self.analyzer is not None
        try:
            steps = self.analyzer.result_steps(
                extra_markers=self._next_set(card.start_s), only_set_start_s=card.start_s
            )
        except SamplingError:
            return
        job = _Refresh(card, steps, self._now())
        if self._pending is None:
            self._pending = job
        else:
            self._queued = job

    def _refreshed(self, card: SetCard, result: AnalysisResult | None, now_s: float, force: bool) -> None:
        """Fill ``card`` from a refresh's summary taken at session time ``now_s``; say so if it changed."""
        if result is None:
            return
        before = (card.recovery_twitches, card.label)
        fill_card(card, result, now_s)
        if (card.recovery_twitches, card.label) != before or force:
            self._emit("recovery", card)
        self._watch_bursts(result)

    def _step(self) -> None:
        """Run the pending refresh's next stage; after its last, fill its card and send its event."""
        job = self._pending
        assert job is not None
        started = time.thread_time()
        try:
            next(job.steps)
            self._stage_cost[job.stage] = time.thread_time() - started
            job.stage += 1
            return
        except StopIteration as done:
            result: AnalysisResult | None = done.value
        except SamplingError:
            result = None
        self._pending, self._queued = self._queued, None
        self._refreshed(job.card, result, job.now_s, False)

    def settle(self) -> None:
        """Finish the recovery refreshes still running in steps, if any, in order (their ``recovery`` events)."""
        while self._pending is not None:
            self._step()

    def _end_recovery(self, next_index: int, next_start_s: float) -> None:
        """Set ``next_index`` starts at ``next_start_s``: the current card's recovery ends there.

        The card is refreshed now (up to that start) and made final once every twitch before that
        start has been reported (:data:`TWITCH_REPORTED_AFTER_S`; at once for a set confirmed that
        long after its start).
        """
        self.settle()
        card = self.card
        if card is None or card.final:
            return
        card.ended_by = next_index
        if self._reported_to() >= next_start_s + TWITCH_REPORTED_AFTER_S:
            self._finalize(card)
            return
        self._refresh_recovery(force=True)
        self._settling.append((card, next_start_s))

    def _reported_to(self) -> float:
        """The session time up to which the twitch detector has been fed: now, less the newest samples the
        analyzer still holds back from its grids (:attr:`~tremor.core.stream.LiveAnalyzer.held_back_s`; review
        h-rev48: without it a final recovery count missed a twitch just before the next set in 3 of 18 draws)."""
        held = self.analyzer.held_back_s if self.analyzer is not None else 0.0
        return self._now() - held

    def _finalize_settled(self) -> None:
        """Make final the cards whose recovery ended long enough ago for all its twitches to be reported."""
        ready = [c for c, start in self._settling if self._reported_to() >= start + TWITCH_REPORTED_AFTER_S]
        self._settling = [(c, s) for c, s in self._settling if c not in ready]
        for card in ready:
            self._finalize(card)

    def _finalize(
        self, card: SetCard, result: AnalysisResult | None = None, reason: str = LATER_REASON
    ) -> None:
        """Make ``card`` final (``("card_final", card)``), filled from ``result`` (a summary now without it); where
        that changed what it said when it was last printed whole, revise it (``reason``, or the tool's bursts')."""
        self.settle()  # an earlier refresh still in steps comes first
        if card.final:
            return
        if result is None:
            result = self._current_result(card.start_s)
        if result is not None:
            fill_card(card, result, self._now())
        card.final = True
        self._emit("card_final", card)
        if result is not None and card.shown is not None and verdict(card.label, card.report) != card.shown:
            # the refreshes since the card was printed changed its cause or reason: the recovery line does not say so
            joined = card.short_burst != card.shown_burst
            why = burst_reason(card.short_burst, len(result.short_bursts)) if joined else reason
            self._revised(card, card.shown, why)
        self._watch_bursts(result)

    # ------------------------------------------------------------------ revisions of final cards
    def _watch_bursts(self, result: AnalysisResult | None) -> None:
        """Queue for revision the final cards whose sets ``result`` finds newly among (or no longer among) a power
        tool's short bursts (:attr:`~tremor.core.analysis.AnalysisResult.short_bursts`: read over every set, whichever
        set the summary measured; the card is filled anew from a summary of its own set by :meth:`add_samples`)."""
        if result is None:
            return
        for card in self.cards:
            burst = any(abs(s - card.start_s) < 1e-6 for s in result.short_bursts)
            if card.final and burst != card.short_burst and card not in self._to_revise:
                self._to_revise.append(card)

    def _revise(self, card: SetCard, result: AnalysisResult | None, other_reason: str) -> None:
        """Fill the final ``card`` anew from ``result``; where its verdict changed, send ``("card_revised", (card,
        reason))`` (:mod:`tremor.live.card_revision`): the reason says the set joined (or left) a tool's short bursts
        where it did, else ``other_reason``."""
        if result is None:
            return
        probe = dataclasses.replace(card, revisions=[])
        fill_card(probe, result, self._now())
        was, now = verdict(card.label, card.report), verdict(probe.label, probe.report)
        flipped = probe.short_burst != card.short_burst
        card.short_burst = probe.short_burst
        if now == was:
            return
        reason = burst_reason(probe.short_burst, len(result.short_bursts)) if flipped else other_reason
        for name in _FILLED:
            setattr(card, name, getattr(probe, name))
        self._revised(card, was, reason)

    def _revised(self, card: SetCard, was: Verdict, reason: str) -> None:
        """Record that ``card`` said ``was`` and now says what it holds, and send ``("card_revised", (card,
        reason))``."""
        card.shown, card.shown_burst = verdict(card.label, card.report), card.short_burst
        card.revisions.append((was, card.shown, reason))
        self._emit("card_revised", (card, reason))

    def close_card(self, result: AnalysisResult | None = None) -> None:
        """The session ends: make every card still open final (``("card_final", card)``), and revise every final card
        that ``result`` reads otherwise (``("card_revised", (card, reason))``).

        Parameters
        ----------
        result : AnalysisResult, optional
            The session's final analysis to fill the cards from; without it they are refreshed
            from the analyzer now.
        """
        reason = END_REASON if result is not None else LATER_REASON
        for card, _ in self._settling:
            self._finalize(card, result, reason)
        self._settling = []
        if self.card is not None:
            self._finalize(self.card, result, reason)
        if result is None:
            return
        # every final card against the finished analysis: what it says last is what the report says
        self._to_revise = []
        for card in self.cards:
            self._revise(card, result, END_REASON)


#: the card fields :func:`fill_card` sets, copied onto a revised card
_FILLED = (
    "label",
    "report",
    "recovery_twitches",
    "recovery_end_s",
    "ended_by_stay_s",
    "recovery_s",
    "recovery_rate_per_min",
    "short_burst",
)


def fill_card(card: SetCard, result: AnalysisResult, now_s: float) -> None:
    """Fill ``card`` from the set of ``result`` that starts where the card's set starts.

    The card gets the set's entry of the batch report, its label and its recovery so far. An automatic set
    that ``result`` does not report because it lay mostly inside external vibration
    (:attr:`~tremor.core.analysis.AnalysisResult.unreported_sets`, as batch leaves out its own) gets the label
    ``not_reported`` and the report's note as ``report["not_reported"]``; a card whose set ``result`` does not
    hold otherwise is left as it is.

    Parameters
    ----------
    card : SetCard
        The card, changed in place.
    result : AnalysisResult
        The session's summary so far (with the card's set among its sets).
    now_s : float
        Session time (s) of the newest sample: the recovery is counted up to it.
    """
    from tremor.report.json_report import set_entry

    match = [i for i, r in enumerate(result.sets) if abs(r.span.start_s - card.start_s) < 1e-6]
    if not match:
        dropped = [s for s in result.unreported_sets if abs(s.start_s - card.start_s) < 1e-6]
        if dropped:
            card.report = {"not_reported": shaken_sets_note(tuple(dropped))}
            card.label = NOT_REPORTED
        return
    i = match[0]
    r = result.sets[i]
    entry = set_entry(result, r)
    card.report = entry
    card.label = r.label
    card.short_burst = any(abs(s - card.start_s) < 1e-6 for s in result.short_bursts)
    card.recovery_twitches = r.metrics.twitches_in_recovery
    card.recovery_end_s = max(r.span.end_s, min(now_s, r.span.recovery_end_s))
    stay = [a for a, _, _ in result.unclear_stays if abs(a - r.span.recovery_end_s) < 1e-6 and a <= now_s]
    card.ended_by_stay_s = stay[0] if stay else None
    card.recovery_s = card.recovery_end_s - r.span.end_s
    card.recovery_rate_per_min = r.metrics.recovery_rate_per_min
