"""The cards of a live session's confirmed sets: issued, their recovery refreshed, made final and revised.

A confirmed set gets a :class:`~tremor.live.set_card.SetCard` (label, metrics and causes from the same summary as a
batch report); its recovery twitch count is refreshed until the next set starts. The recovery ends
where batch ends it, at the next set's start (or the session's end): while a detected next set is
pending, or a key press has opened one, the refresh counts up to its start, so no twitch of the next
set is counted as the recovery's; the card is made final once the twitch detector has reported
every twitch before that start (:data:`TWITCH_REPORTED_AFTER_S`), or when the session ends. The refresh runs in
steps over the notifications after it is asked for (:mod:`tremor.live.refresh_steps`).

A final card is revised (``("card_revised", (card, reason))``, :mod:`tremor.live.card_revision`) where a later
summary reads its set otherwise: when the sets that came after it make its run one of a power tool's short bursts
(:attr:`~tremor.core.analysis.AnalysisResult.short_bursts`, refilled from a summary of its set in a later
notification), when it is made final where the refreshes since its print changed its label, reason or causes
(:attr:`~tremor.live.set_card.SetCard.shown`), and at the session's end wherever the finished analysis says another
label, reason or cause.

:class:`CardKeeper` is one part of :class:`~tremor.live.set_decisions.SetDecisions`, which decides where the sets are.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from tremor.core.analysis import AnalysisResult
from tremor.core.events import BLOCK_S, FIR_HALF_S, LOOKAHEAD_S, TRAIN_REACH_S
from tremor.core.recording import SetMarker
from tremor.core.stream import LiveAnalyzer
from tremor.errors import SamplingError
from tremor.live.card_revision import (
    END_REASON,
    LATER_REASON,
    burst_changes,
    burst_reason,
    record_revision,
    refill,
    verdict,
)
from tremor.live.refresh_steps import REFRESH_LATE_NOTIFICATIONS, Refresh, RefreshSteps
from tremor.live.set_card import SetCard, Verdict, fill_card

__all__ = ["CardKeeper", "RECOVERY_REFRESH_S", "TWITCH_REPORTED_AFTER_S"]

#: Recovery twitch counts on the last card are refreshed at most this often (wall seconds).
RECOVERY_REFRESH_S = 2.0
#: Every twitch before a time is reported once the data run this far past it (the detector's band-pass
#: half length, look-ahead and train wait, and one block): a recovery ended by the next set's start is
#: final this long after that start.
TWITCH_REPORTED_AFTER_S = FIR_HALF_S + LOOKAHEAD_S + TRAIN_REACH_S + BLOCK_S


class CardKeeper:
    """The confirmed sets' cards of one live session, and their recovery.

    Parameters
    ----------
    now : callable() -> float
        The session time (s) of the newest sample the analyzer has.
    emit : callable(kind, payload)
        The session's event callback (``card``, ``recovery``, ``card_final`` and ``card_revised`` events).
    clock : callable() -> float
        The wall clock (s) that paces the recovery refresh (:data:`RECOVERY_REFRESH_S`).
    spread : bool
        Run the recovery refresh's summary in steps over the notifications after it is asked for, or whole, at once.
    analyzer : callable() -> LiveAnalyzer or None
        The session's analyzer (None before the source connects).
    next_set : callable(set_start_s) -> tuple of SetMarker
        The later set not among the analyzer's sets yet that a summary for the card of the set starting at
        ``set_start_s`` assumes (:meth:`~tremor.live.set_decisions.SetDecisions.next_set`).
    """

    def __init__(
        self,
        now: Callable[[], float],
        emit: Callable[[str, Any], None],
        clock: Callable[[], float],
        spread: bool,
        analyzer: Callable[[], LiveAnalyzer | None],
        next_set: Callable[[float], tuple[SetMarker, ...]],
    ) -> None:
        self._now = now
        self._emit = emit
        self._clock = clock
        self.spread = spread
        self._analyzer = analyzer
        self._next_set = next_set
        self._steps = RefreshSteps(lambda card, result, now_s: self._refreshed(card, result, now_s, False))
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

    @property
    def analyzer(self) -> LiveAnalyzer | None:
        """The session's analyzer (None before the source connects)."""
        return self._analyzer()

    def notified(self) -> None:
        """A notification came: the refreshes asked in earlier ones have waited one more."""
        self._steps.notified()

    def run_steps(self, started: float, checked: bool) -> None:
        """Run the stages of the refresh in steps this notification has room for (:meth:`RefreshSteps.run`)."""
        self._steps.run(started, checked)

    def revise_next(self, checked: bool) -> bool:
        """Fill anew the first final card queued for revision, one a notification where no set check (``checked``)
        or refresh in steps runs (or where it has waited notifications of a second or more); whether it did."""
        self._revise_waited = self._revise_waited + 1 if self._to_revise else 0
        # notifications of a second or more: each checks the sets
        late = self._revise_waited > REFRESH_LATE_NOTIFICATIONS
        if self._to_revise and self._steps.pending is None and (not checked or late):
            card = self._to_revise.pop(0)  # one a notification, where no set check or refresh runs
            self._revise_waited = 0
            self._revise(card, self.current_result(card.start_s), LATER_REASON)
            return True
        return False

    def current_result(self, set_start_s: float) -> AnalysisResult | None:
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

    def new_card(
        self, index: int, source: str, start_s: float, end_s: float, replaces: SetCard | None = None
    ) -> None:
        """Issue the card of set ``index`` (``("card", card)``), filled from a summary now.

        Parameters
        ----------
        index : int
            The set's number.
        source : str
            "key" or "auto".
        start_s, end_s : float
            The set's start and end (s, session time).
        replaces : SetCard, optional
            The provisional card it replaces.
        """
        self.settle()
        result = self.current_result(start_s)
        card = SetCard(
            index=index,
            source=source,
            start_s=start_s,
            end_s=end_s,
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
        self.watch_bursts(result)

    def refresh_recovery(self, force: bool = False) -> None:
        """Refresh the open card's recovery (at most every :data:`RECOVERY_REFRESH_S` of the clock, unless ``force``):
        in steps (:mod:`tremor.live.refresh_steps`) where ``spread`` and not ``force``, else whole, at once."""
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
            self._steps.make_room()
        self._last_refresh_wall = now
        if force or not self.spread:
            self._refreshed(card, self.current_result(card.start_s), self._now(), force)
            return
        assert self.analyzer is not None
        try:
            steps = self.analyzer.result_steps(
                extra_markers=self._next_set(card.start_s), only_set_start_s=card.start_s
            )
        except SamplingError:
            return
        self._steps.ask(Refresh(card, steps, self._now()))

    def _refreshed(self, card: SetCard, result: AnalysisResult | None, now_s: float, force: bool) -> None:
        """Fill ``card`` from a refresh's summary taken at session time ``now_s``; say so if it changed."""
        if result is None:
            return
        before = (card.recovery_twitches, card.label)
        fill_card(card, result, now_s)
        if (card.recovery_twitches, card.label) != before or force:
            self._emit("recovery", card)
        self.watch_bursts(result)

    def settle(self) -> None:
        """Finish the recovery refreshes still running in steps, if any, in order (their ``recovery`` events)."""
        self._steps.settle()

    def end_recovery(self, next_index: int, next_start_s: float) -> None:
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
        self.refresh_recovery(force=True)
        self._settling.append((card, next_start_s))

    def _reported_to(self) -> float:
        """The session time up to which the twitch detector has been fed: now, less the newest samples the
        analyzer still holds back from its grids (:attr:`~tremor.core.stream.LiveAnalyzer.held_back_s`; review
        h-rev48: without it a final recovery count missed a twitch just before the next set in 3 of 18 draws)."""
        held = self.analyzer.held_back_s if self.analyzer is not None else 0.0
        return self._now() - held

    def finalize_settled(self) -> None:
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
            result = self.current_result(card.start_s)
        if result is not None:
            fill_card(card, result, self._now())
        card.final = True
        self._emit("card_final", card)
        if result is not None and card.shown is not None and verdict(card.label, card.report) != card.shown:
            # the refreshes since the card was printed changed its cause or reason: the recovery line does not say so
            joined = card.short_burst != card.shown_burst
            why = burst_reason(card.short_burst, len(result.short_bursts)) if joined else reason
            self._revised(card, card.shown, why)
        self.watch_bursts(result)

    # ------------------------------------------------------------------ revisions of final cards
    def watch_bursts(self, result: AnalysisResult | None) -> None:
        """Queue for revision the final cards whose sets ``result`` finds newly among (or no longer among) a power
        tool's short bursts (:func:`~tremor.live.card_revision.burst_changes`; the card is filled anew from a summary
        of its own set by :meth:`revise_next`)."""
        if result is not None:
            self._to_revise += burst_changes(self.cards, self._to_revise, result)

    def _revise(self, card: SetCard, result: AnalysisResult | None, other_reason: str) -> None:
        """Fill the final ``card`` anew from ``result``; where its verdict changed, send ``("card_revised", (card,
        reason))`` (:func:`~tremor.live.card_revision.refill`)."""
        change = None if result is None else refill(card, result, self._now(), other_reason)
        if change is not None:
            self._revised(card, *change)

    def _revised(self, card: SetCard, was: Verdict, reason: str) -> None:
        """Record that ``card`` said ``was`` and now says what it holds, and send ``("card_revised", (card,
        reason))``."""
        record_revision(card, was, reason)
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
