"""A live set card's recovery ends where batch's does: at the next set's start, or the session's end.

The sessions here are driven as :class:`~tremor.live.session.LiveSession` drives its parts (the
analyzer gets each chunk, then the set decisions), in chunks of random size, without a band.
"""

from __future__ import annotations

import dataclasses
import secrets

import numpy as np
import pytest
from live_helpers import random_chunks

from tremor.core.analysis import analyze
from tremor.core.recording import Recording, SetMarker
from tremor.core.stream import LiveAnalyzer
from tremor.live.display import format_recovery
from tremor.live.set_decisions import TWITCH_REPORTED_AFTER_S, SetCard, SetDecisions
from tremor.sim.session import simulate_session


class _Driver:
    """A live session's analyzer and set decisions, fed chunk by chunk (no band, no log)."""

    def __init__(self, rec: Recording, *, auto: bool) -> None:
        self.analyzer = LiveAnalyzer(source=rec.source, gravity_included=rec.gravity_included)
        self.now = 0.0
        self.auto = auto
        self.markers: list[tuple[float, str]] = []
        #: (session time, kind, card index, recovery twitches, recovery end, start of the pending set)
        self.events: list[tuple[float, str, int, int, float, float | None]] = []
        #: after each chunk, while set 1's card is open: (time, pending set's start, its recovery end, twitches)
        self.card1: list[tuple[float, float | None, float, int]] = []
        self.decisions = SetDecisions(
            now=lambda: self.now,
            mark=lambda t, kind, source, label: self.markers.append((t, kind)),
            emit=self._emit,
            clock=lambda: self.now / 2.0,  # a refresh every 4 s of data: live at 2x pace
        )
        self.decisions.analyzer = self.analyzer

    def _emit(self, kind: str, payload: object) -> None:
        if isinstance(payload, SetCard) and kind in ("card", "recovery", "card_final"):
            self.events.append(
                (
                    self.now,
                    kind,
                    payload.index,
                    payload.recovery_twitches,
                    payload.recovery_end_s,
                    self.decisions.auto_pending_s,
                )
            )

    def feed(self, t: np.ndarray, acc: np.ndarray) -> None:
        self.analyzer.update(t, acc)
        self.now = float(t[-1])
        self.decisions.add_samples(t, acc, auto=self.auto)
        cards = self.decisions.cards
        if cards and not cards[0].final:
            c = cards[0]
            self.card1.append(
                (self.now, self.decisions.auto_pending_s, c.recovery_end_s, c.recovery_twitches)
            )

    def finish(self) -> None:
        """As LiveSession._finish: an open key set closes, pending sets are confirmed, the last card final."""
        if self.decisions.open_key_s is not None:
            self.decisions.toggle()
        if self.auto:
            self.decisions.auto_check(final=True)
        self.decisions.withdraw("the session ended before the set was confirmed")
        self.decisions.close_card(self.analyzer.finish())


def _truncated(rec: Recording, stop_s: float) -> Recording:
    keep = rec.time_s < stop_s
    return dataclasses.replace(rec, time_s=rec.time_s[keep], acc_mps2=rec.acc_mps2[keep])


def _batch(rec: Recording, decisions: SetDecisions):
    markers = [SetMarker(s.start_s, s.end_s, s.source) for s in decisions.sets]
    return analyze(rec, markers=markers)


def test_auto_set_recovery_card_ends_at_the_next_sets_start_and_leaves_out_its_twitches():
    """Seed 1: set 2 is a fasciculation hold with 2 twitches inside it (batch), after set 1's recovery twitches."""
    sim = simulate_session(seed=1, fs_hz=100.0, labels=["fasciculations", "fasciculations", "calm"])
    rec = _truncated(sim.recording, 185.0)  # set 2 at 136-164 s, confirmed a few seconds after its end
    seed = secrets.randbits(32)
    print(f"chunk seed {seed}")
    drv = _Driver(rec, auto=True)
    for a, b in random_chunks(rec.time_s.size, np.random.default_rng(seed)):
        drv.feed(rec.time_s[a:b], rec.acc_mps2[a:b])
    drv.finish()

    batch = _batch(rec, drv.decisions)
    assert len(batch.sets) == len(drv.decisions.cards) == 2
    b1, b2 = batch.sets
    twitch_t = np.array([tr.t_s for tr, _ in batch.twitches])
    in_set2 = twitch_t[(twitch_t >= b2.span.start_s) & (twitch_t < b2.span.end_s)]
    assert b2.metrics.twitches_in_set == in_set2.size >= 1  # the case this test is about
    assert b1.metrics.twitches_in_recovery >= 1

    card1, card2 = drv.decisions.cards
    assert card1.final and card2.final
    # the card's recovery window is batch's: from the set's end to the next set's start
    assert (card1.end_s, card1.recovery_end_s) == pytest.approx(
        (b1.span.end_s, b1.span.recovery_end_s), abs=1e-9
    )
    assert card1.recovery_end_s == pytest.approx(b2.span.start_s, abs=1e-9)
    assert card1.recovery_twitches == b1.metrics.twitches_in_recovery
    assert card1.ended_by == 2
    assert "ended by set 2 at " in format_recovery(card1)
    # the last card's recovery ends with the session, as batch's does
    assert card2.recovery_end_s == pytest.approx(b2.span.recovery_end_s, abs=1e-9)
    assert card2.recovery_twitches == b2.metrics.twitches_in_recovery and card2.ended_by is None
    assert "ended with the session at " in format_recovery(card2)

    # no card-1 line ever counted past the next set's start, once that set was detected (pending or
    # confirmed); and its last line, the final one, counts only twitches before set 2 starts
    for t, kind, index, n, end, pending in drv.events:
        if index == 1 and pending is not None and pending > card1.end_s:
            assert end <= pending + 1e-9, (t, kind, end, pending)
            assert n == np.count_nonzero((twitch_t >= b1.span.end_s) & (twitch_t < pending)), (t, kind)
    finals = [e for e in drv.events if e[1] == "card_final" and e[2] == 1]
    assert len(finals) == 1 and finals[0][3] == b1.metrics.twitches_in_recovery
    # while set 2 was detected but not confirmed, after its first twitch was reported, the open card's
    # recovery already ended at set 2's start and did not count that twitch
    late = [
        snap
        for snap in drv.card1
        if snap[1] is not None and snap[1] > card1.end_s and snap[0] >= in_set2[0] + TWITCH_REPORTED_AFTER_S
    ]
    assert late, drv.card1[-5:]  # set 2 pending long enough to show it
    t, pending, end, n = late[-1]
    assert end == pytest.approx(pending, abs=1e-9) and pending == pytest.approx(b2.span.start_s, abs=0.6)
    assert n == b1.metrics.twitches_in_recovery, (t, n)


def test_key_set_recovery_card_ends_at_the_next_key_press():
    """Sets by key at the simulated sets' bounds: set 1's card ends where set 2's key press starts it."""
    sim = simulate_session(seed=1, fs_hz=100.0, labels=["fasciculations", "fasciculations", "calm"])
    rec = _truncated(sim.recording, 175.0)
    presses = [t for s in sim.truth.sets[:2] for t in (s.start_s, s.end_s)]
    seed = secrets.randbits(32)
    print(f"chunk seed {seed}")
    drv = _Driver(rec, auto=False)
    for a, b in random_chunks(rec.time_s.size, np.random.default_rng(seed)):
        drv.feed(rec.time_s[a:b], rec.acc_mps2[a:b])
        while presses and drv.now >= presses[0]:
            presses.pop(0)
            drv.decisions.toggle()
    drv.finish()
    batch = _batch(rec, drv.decisions)
    assert len(batch.sets) == len(drv.decisions.cards) == 2
    b1, b2 = batch.sets
    card1 = drv.decisions.cards[0]
    assert card1.recovery_end_s == pytest.approx(b1.span.recovery_end_s, abs=1e-9)
    assert card1.recovery_end_s == pytest.approx(b2.span.start_s, abs=1e-9)
    assert card1.recovery_twitches == b1.metrics.twitches_in_recovery >= 1
    assert b2.metrics.twitches_in_set >= 1 and card1.ended_by == 2


@pytest.mark.parametrize("chunks", ["seed 7", "fresh"])
def test_a_final_recovery_count_waits_for_the_samples_held_back(chunks: str) -> None:
    """Set 2 pressed just after a rest twitch (seed 2 at 100 Hz): the final card 1 counts it, as batch does.

    Live holds the newest samples back from its grids (a rate change may split them off,
    ``tremor.core.live_sampling.HOLD_BACK``: 1.5 s at 100 Hz), so a twitch is reported that much later; the card
    turned final 8.75 s after the press of received time missed such a twitch in 3 of 18 draws (review h-rev48; the
    chunks of seed 7 missed this one, other chunkings may not)."""
    sim = simulate_session(seed=2, fs_hz=100.0, labels=["fasciculations", "fasciculations", "calm"])
    s1, s2 = sim.truth.sets[:2]
    rec = _truncated(sim.recording, s2.end_s + 20.0)
    keys = [SetMarker(s1.start_s, s1.end_s, "key"), SetMarker(s2.start_s, s2.end_s, "key")]
    twitch_t = np.array([tr.t_s for tr, _ in analyze(rec, markers=keys).twitches])
    last = float(twitch_t[(twitch_t > s1.end_s + 2.0) & (twitch_t < s2.start_s - 1.0)][-2])
    presses = [s1.start_s, s1.end_s, last + 0.2, s2.end_s]
    seed = 7 if chunks == "seed 7" else secrets.randbits(32)
    print(f"chunk seed {seed}; twitch at {last:.2f} s, set 2 pressed 0.2 s after it")
    drv = _Driver(rec, auto=False)
    for a, b in random_chunks(rec.time_s.size, np.random.default_rng(seed)):
        drv.feed(rec.time_s[a:b], rec.acc_mps2[a:b])
        while presses and drv.now >= presses[0]:
            presses.pop(0)
            drv.decisions.toggle()
    finals = [e for e in drv.events if e[1] == "card_final" and e[2] == 1]
    drv.finish()
    recovery = _batch(rec, drv.decisions).sets[0].metrics.twitches_in_recovery
    assert np.count_nonzero((twitch_t > s1.end_s) & (twitch_t <= last)) >= 1
    assert len(finals) == 1 and finals[0][3] == recovery
