"""Where a live session's sets are, decided while they happen, and the cards that show them.

Sets start and end with a key press (:meth:`SetDecisions.toggle`), or automatically: every
:data:`AUTO_CHECK_S` seconds of session time the frames are segmented
(:func:`tremor.core.sets.segment_sets`, the batch segmentation) and a set that is followed by enough
rest to be final (:data:`CONFIRM_REST_S`) is confirmed and written as ``M ... auto`` records.
While the rest pose is not settled (a session that opened in a hold, whose raised pose may still outweigh the
rests in still time: :attr:`~tremor.core.sets.Segmentation.rest_settled`) no set is confirmed, nor shown provisionally:
the sets found against it are held until it is settled or the session ends, so none is confirmed that a revised rest
pose would take back (confirmed sets are markers in the log, never withdrawn).
A confirmed set gets a :class:`~tremor.live.set_card.SetCard`, issued, refreshed, made final and revised by
:class:`~tremor.live.card_keeper.CardKeeper` (its recovery ends at the next set's start, as batch's does).

Confirmation takes a few seconds, so while a detected set is in progress the newest samples are
also watched directly (:class:`~tremor.live.stillness.StillnessProbe`): once the wrist is back at
its rest orientation and still, a *provisional* card is issued at once
(``("card_provisional", card)``, well within 1 s of the movement stopping). When the set is
confirmed its card replaces the provisional one (``card.replaces``); if the segmentation instead
finds that the set went on (the movement resumed within :data:`~tremor.core.sets.JOIN_S`) or was
no set, the provisional card is withdrawn (``("card_withdrawn", card)``).

:class:`SetDecisions` is one part of :class:`~tremor.live.session.LiveSession`: the session feeds
it the samples it gave the analyzer, and it writes its markers into the session's log through the
session, so the log holds every set the session reported.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from tremor.core.analysis import AnalysisResult
from tremor.core.recording import SetMarker
from tremor.core.sets import JOIN_S, segment_sets
from tremor.core.stream import LiveAnalyzer
from tremor.errors import SamplingError
from tremor.live.card_keeper import RECOVERY_REFRESH_S, TWITCH_REPORTED_AFTER_S, CardKeeper
from tremor.live.confirm_wait import CONFIRM_REST_S, rest_to_confirm
from tremor.live.set_card import NOT_REPORTED, SetCard, fill_card
from tremor.live.stillness import StillnessProbe

__all__ = [
    "SetCard",
    "SetDecisions",
    "fill_card",
    "AUTO_CHECK_S",
    "CONFIRM_REST_S",
    "TWITCH_REPORTED_AFTER_S",
    "RECOVERY_REFRESH_S",
    "SEGMENT_AHEAD_BUDGET_S",
    "NOT_REPORTED",
]

#: Automatic set detection runs every this many seconds of session (device) time.
AUTO_CHECK_S = 1.0
#: A provisional set end lies this long before the probe fires: on simulated sessions the probe
#: fires 0.25-0.5 s after the movement stops (seeds 0-7, every set).
PROVISIONAL_END_LAG_S = 0.4
#: A provisional card is withdrawn when the segmentation puts its set's end this much later.
WITHDRAW_TOL_S = JOIN_S
#: The notification before a set check segments the frames ahead of it where its CPU so far plus what a segmentation
#: costs stays below this (s): the check then takes that segmentation where no frame came in between.
SEGMENT_AHEAD_BUDGET_S = 0.0045


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
        The wall clock (s) that paces the recovery refresh (:data:`~tremor.live.card_keeper.RECOVERY_REFRESH_S`):
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
        self._cards = CardKeeper(now, emit, clock, spread, lambda: self.analyzer, self.next_set)
        self._check_cost = 0.0  # CPU (s) a segmentation of the frames costs, a running mean
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
            self._cards.end_recovery(len(self.sets) + 1, now)  # the last card's recovery ends here
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
        self._cards.new_card(len(self.sets), "key", start, now)
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
            than :data:`~tremor.live.refresh_steps.REFRESH_STEP_BUDGET_S` since then. Default: when this call began.
        """
        started = time.thread_time() if started_cpu_s is None else started_cpu_s
        self._cards.notified()  # refreshes asked for in earlier notifications
        if auto:
            self._probe.add(t_s, acc)
        checked = self._now() >= self._next_auto_check_s
        if checked:
            self._next_auto_check_s = self._now() + AUTO_CHECK_S
            if auto:
                self.auto_check()
            self._cards.refresh_recovery()
            self._cards.finalize_settled()
        if auto and self.provisional is None and self._auto_pending is not None:
            self._provisional_check()
        self._cards.run_steps(started, checked)
        revised = self._cards.revise_next(checked)  # a final card filled anew: no segmentation ahead then
        if not revised and auto and not checked and t_s.size > 1 and self.open_key_s is None:
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
                or last_frame >= span.end_s + rest_to_confirm(frames, seg, span)
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
        self._cards.end_recovery(len(self.sets) + 1, start_s)
        self.sets.append(_Confirmed(start_s, end_s, "auto"))
        if replaces is not None:
            replaces.status = "confirmed"
            if self.provisional is replaces:
                self.provisional = None
        self._cards.new_card(len(self.sets), "auto", start_s, end_s, replaces=replaces)

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
            return self._cards.current_result(start_s)
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

    def next_set(self, set_start_s: float) -> tuple[SetMarker, ...]:
        """The later set not among the analyzer's sets yet (a detected set still pending or held, or the set a key
        press has opened) that a summary for the card of the set starting at ``set_start_s`` assumes.

        Parameters
        ----------
        set_start_s : float
            The start (s, session time) of the set whose card is summarised.

        Returns
        -------
        tuple of SetMarker
            That later set as a marker (``"key"`` for an open key press, an automatic one otherwise), or empty.
        """
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

    @property
    def card(self) -> SetCard | None:
        """The newest confirmed set's card."""
        return self._cards.card

    @property
    def cards(self) -> list[SetCard]:
        """Every confirmed set's card."""
        return self._cards.cards

    def settle(self) -> None:
        """Finish the recovery refreshes still running in steps, if any, in order (their ``recovery`` events)."""
        self._cards.settle()

    def close_card(self, result: AnalysisResult | None = None) -> None:
        """The session ends: make every card still open final, and revise every final card that ``result`` reads
        otherwise (:meth:`~tremor.live.card_keeper.CardKeeper.close_card`).

        Parameters
        ----------
        result : AnalysisResult, optional
            The session's final analysis to fill the cards from; without it they are refreshed
            from the analyzer now.
        """
        self._cards.close_card(result)
