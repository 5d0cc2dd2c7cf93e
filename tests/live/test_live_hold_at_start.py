"""A live session that starts in a calm hold reads its rests as calm sets and loses its fatigue hold (review h-rev13).

Physics (:func:`tests.core.test_posture_shifts.seated`, seated rests breathing 1 deg): the recording starts as a calm
hold (1.0-1.4x the rest's tremor, a hold's 1 deg sway) is raised, 45 s; 30 s of rest; a fatigue hold raised alike,
40 s; 40 s of rest; a calm hold, 40 s; 40 s of rest. Batch since h-stay2 (the rest pose, with under 5 s of rest
before the first movement, is the largest low-tremor pose group of the still frames,
:func:`tremor.core.sets.rest_orientation`) finds the fatigue hold and the last calm hold, and notes the first as
unclear (no rest seen before it). Live (random chunks, :class:`tremor.live.set_decisions.SetDecisions`) confirms the
rests 47-79 s and 120-162 s as ``calm`` sets and never the fatigue hold: 6 of 6 sessions (seeds 1-3, 50/100 Hz) and
3 of 3 fresh ones (50/100/200 Hz) on h-stay2 8e8db0f. Base 8c2e297 is as wrong live and in batch alike (three
``calm`` sets at the rests, the fatigue hold lost), so this is no new false statement; it is live != batch where
h-stay2's batch mend does not reach the live table. Strict xfail, not mended here.

Mended (h-livestart): the rest pose read without a lead is the largest low-tremor pose group of the frames so far,
and live it flipped between the raised pose and the lap's as each pose's still time led (seed 1 at 50 Hz: raised to
147.7 s, lap to 195.6 s, raised again to 242.8 s, then the lap); the sets confirmed against the raised pose (the
rests) were final. Now a rest pose whose group holds under twice the still frames of the next one is not settled
(:attr:`tremor.core.sets.Segmentation.rest_settled`), and the live table confirms no set found against it (nor shows
one provisionally) until it is settled or the session ends: the sets it confirms are batch's.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from live_helpers import random_chunks

from tests.core.test_posture_shifts import seated
from tremor.core.analysis import analyze
from tremor.core.stream import LiveAnalyzer
from tremor.live.display import status_line
from tremor.live.session_view import LinkQuality, LiveView, SessionState
from tremor.live.set_decisions import SetDecisions

PLAN = [
    ("calm", 45.0, 0.0),
    ("rest", 30.0, 0.0),
    ("fatigue", 40.0, 0.0),
    ("rest", 40.0, 0.0),
    ("calm", 40.0, 0.0),
    ("rest", 40.0, 0.0),
]
#: The near case: the same start, the rests long enough for the lap to hold twice the raised pose's still time before
#: the fatigue hold is lowered (25 + 30 s raised at the rest's tremor, 70 s of rest after the first hold).
NEAR_PLAN = [
    ("calm", 25.0, 0.0),
    ("rest", 70.0, 0.0),
    ("fatigue", 40.0, 0.0),
    ("rest", 60.0, 0.0),
    ("calm", 30.0, 0.0),
    ("rest", 40.0, 0.0),
]


def _live(
    seed: int,
    plan: list[tuple[str, float, float]],
    settle: bool = False,
    held: list[tuple[float, bool]] | None = None,
) -> tuple[list, list, list, list[tuple[float, str]], float]:
    """The session in random chunks as :class:`~tremor.live.session.LiveSession` drives its parts: live's and batch's
    (start, end, label) of each set, the true spans, the card events (session time, kind, the card's set start), the
    data's end and the open card's (set start, recovery end) after each chunk; ``held`` gets (session time, whether
    the rest pose is settled) after each chunk."""
    rec, spans = seated(seed, 50.0, plan)
    analyzer = LiveAnalyzer(source=rec.source, gravity_included=rec.gravity_included)
    now = [0.0]
    events: list[tuple[float, str, float]] = []
    reach: list[tuple[float, float]] = []  # (set start, recovery end) of the open card after each chunk
    decisions = SetDecisions(
        now=lambda: now[0],
        mark=lambda *a: None,
        emit=lambda kind, card: events.append(
            (now[0], kind, (card[0] if isinstance(card, tuple) else card).start_s)
        ),
        clock=lambda: now[0] / 2.0,
    )
    decisions.analyzer = analyzer
    for a, b in itertools.pairwise(
        sorted(
            {c for ab in random_chunks(rec.time_s.size, np.random.default_rng(seed), most=2000) for c in ab}
        )
    ):
        analyzer.update(rec.time_s[a:b], rec.acc_mps2[a:b])
        now[0] = float(rec.time_s[b - 1])
        decisions.add_samples(rec.time_s[a:b], rec.acc_mps2[a:b], auto=True)
        if settle:
            decisions.settle()  # the card's recovery refresh in steps, finished now (the same events)
        if decisions.card is not None and not decisions.card.final:
            reach.append((decisions.card.start_s, decisions.card.recovery_end_s))
        if held is not None:
            held.append((now[0], decisions.rest_settled))
    end = now[0]
    decisions.auto_check(final=True)
    decisions.withdraw("the session ended before the set was confirmed")
    live = analyzer.finish()
    batch = analyze(rec)
    got = [[(r.span.start_s, r.span.end_s, r.label) for r in res.sets] for res in (live, batch)]
    return got[0], got[1], spans, events, end, reach


def _same(live: list, batch: list) -> None:
    assert len(live) == len(batch), (live, batch)
    for (a0, a1, la), (b0, b1, lb) in zip(live, batch, strict=True):
        assert abs(a0 - b0) <= 1.0 and abs(a1 - b1) <= 1.0 and la == lb, (live, batch)


@pytest.mark.parametrize("seed", [1, 3])
def test_live_finds_the_fatigue_hold_after_a_hold_at_the_start(seed: int) -> None:
    live, batch, spans, events, end, _ = _live(seed, PLAN)
    _, fa, fb = spans[1]  # the fatigue hold: batch finds it (the near case the live table should follow)
    for got in (batch, live):
        assert any(s0 < fb and s1 > fa and lab == "fatigue_tremor" for s0, s1, lab in got), (live, batch)
    _same(live, batch)
    # the rest pose is never settled here (the lap's still time 30-110 s against the raised pose's 45-85 s): no card
    # (provisional or confirmed) before the session's end, none withdrawn
    assert [k for t, k, _ in events if k.startswith("card") and t < end] == [], events


def test_live_confirms_during_the_session_once_the_rest_pose_leads_twice() -> None:
    live, batch, spans, events, end, _ = _live(2, NEAR_PLAN)
    _, fa, fb = spans[1]
    for got in (batch, live):
        assert any(s0 < fb and s1 > fa and lab == "fatigue_tremor" for s0, s1, lab in got), (live, batch)
    _same(live, batch)
    # the fatigue hold's card comes in the rest after it, before the next hold starts (on base and here 5-24 s after
    # the hold's end: 12 fresh sessions, 50-200 Hz), not at the session's end
    (start,) = [s0 for s0, s1, lab in live if lab == "fatigue_tremor"]
    cards = [t for t, k, s0 in events if k == "card" and s0 == start]
    assert cards and cards[0] < spans[2][1] < end, (cards, spans, end)
    assert "card_withdrawn" not in [k for _, k, _ in events], events


def test_a_held_set_ends_the_last_cards_recovery() -> None:
    """A session opening in a fatigue hold (raised, high tremor: no contest), then a calm hold raised alike whose
    still time brings the raised pose near the lap's: set 1's card is confirmed, set 2 is held until the rest pose is
    settled (live, seed 231953158 at 50 Hz: 60 s after its end). Meanwhile set 1's card counts its recovery up to set
    2's start, as batch does, not on through set 2 (it ran to the newest sample, 100 s past it, before)."""
    plan = [("fatigue", 25.0, 0.0), ("rest", 45.0, 0.0), ("calm", 44.0, 0.0), ("rest", 45.0, 0.0)]
    plan += [("fatigue", 48.0, 0.0), ("rest", 30.0, 0.0)]
    live, batch, _, events, end, reach = _live(231953158, plan, settle=True)
    _same(live, batch)
    (s1, _, _), (s2, _, _) = live[:2]
    assert [s0 for t, k, s0 in events if k == "card" and t < end][:2] == [s1, s2], events
    assert max(r for s0, r in reach if s0 == s1) <= s2 + 1e-6, (s2, reach[-5:])


def test_the_display_says_sets_are_not_told_while_the_rest_pose_is_unsettled() -> None:
    """Review h-rev16. While the rest pose is not settled the set table holds every set, yet the display went on
    saying ``rest 100-120 s (0 set(s) done)`` through the fatigue hold at 80-120 s (timed from the session's start: the
    sets found against the raised pose were held) and ``rest 200-240 s (0 set(s) done)`` after both sets: read as "no
    set detected". Now, while :attr:`SetDecisions.rest_settled` is False, the set state is ``unclear`` and the line says
    the sets are not told yet and why (seed 1 at 50 Hz, the test's plan; fails on h-livestart a0242cb: no
    ``rest_settled``). (Before that, in the first rest, the raised pose led the lap's still time twice and was settled:
    ``IN SET 1 (detected)`` through the rest, as in the strict xfail below.)"""
    log: list[tuple[float, bool]] = []
    _, _, spans, _, end, _ = _live(1, PLAN, held=log)
    _, fa, _ = spans[1]
    # from the fatigue hold (the display's "rest" through it) to the end
    during = [ok for t, ok in log if t > fa + 15.0]
    assert during and not any(during), log
    link = LinkQuality("streaming", 50.0, 100, 0, 0, 0, 0, 0, 0)
    view = LiveView(
        SessionState.STREAMING, "t", end, None, "unclear", None, None, None, 0, link, None, None, True
    )
    line = status_line(view)
    assert "sets not told yet (0 set(s) done): the session did not start at rest" in line, line
    assert "IN SET" not in line and "rest 0 s" not in line, line


#: A long calm hold opens the session (a warm-up wall hold or plank, 60 s), a short rest, then the usual rests.
LONG_FIRST_PLAN = [
    ("calm", 60.0, 0.0),
    ("rest", 20.0, 0.0),
    ("calm", 40.0, 0.0),
    ("rest", 90.0, 0.0),
    ("fatigue", 40.0, 0.0),
    ("rest", 60.0, 0.0),
]


def test_a_short_rest_after_a_long_opening_hold_is_no_set() -> None:
    """Review h-rev16. With no rest before it, a 60 s calm hold's raised pose holds three times the still time of the
    20 s rest after it when that rest ends: the rest pose is read as the raised one and *settled* (2x the lap's), so
    the live table confirms the rest (61-85 s) as a ``calm`` set 17-43 s after it, and the true calm hold after it
    (83-126 s, batch's set) overlaps that final marker and is lost live; batch, reading the whole session, takes the
    lap. Live ``calm`` set at the rest: 6 of 6 sessions (seeds 1-6, 50 Hz) on h-livestart a0242cb, base f5d9ebf alike
    (fresh seeds 50/100/200 Hz: FINDINGS, h-rev16); batch 0 of 6. On the branch the fatigue hold's card then comes
    only at the session's end (base: ~20 s after the hold).

    Mended (h-livehold): the raised pose sways and trembles more than the lap's still frames
    (:func:`tremor.core.stay_sway.held_more`), so it is not settled however long it leads; the sets wait (here to the
    session's end) and are batch's. Fresh seeds at 50/100/200 Hz, live != batch 18/18 -> 0/18."""
    live, batch, spans, _, _, _ = _live(1, LONG_FIRST_PLAN)
    r0, r1 = spans[0][2] + 1.5, spans[1][1] - 1.5  # the first rest (the turns outside the holds' still parts)
    at_rest = [s for s in live if min(s[1], r1) - max(s[0], r0) > 0.5 * (s[1] - s[0])]
    assert not at_rest, (live, batch)
    _same(live, batch)
