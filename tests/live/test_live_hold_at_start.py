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
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from live_helpers import random_chunks

from tests.core.test_posture_shifts import seated
from tremor.core.analysis import analyze
from tremor.core.stream import LiveAnalyzer
from tremor.live.set_decisions import SetDecisions

PLAN = [
    ("calm", 45.0, 0.0),
    ("rest", 30.0, 0.0),
    ("fatigue", 40.0, 0.0),
    ("rest", 40.0, 0.0),
    ("calm", 40.0, 0.0),
    ("rest", 40.0, 0.0),
]


@pytest.mark.xfail(
    strict=True, reason="live reads the rests as calm sets after a hold at the start (h-rev13)"
)
@pytest.mark.parametrize("seed", [1, 3])
def test_live_finds_the_fatigue_hold_after_a_hold_at_the_start(seed: int) -> None:
    rec, spans = seated(seed, 50.0, PLAN)
    analyzer = LiveAnalyzer(source=rec.source, gravity_included=rec.gravity_included)
    now = [0.0]
    decisions = SetDecisions(
        now=lambda: now[0], mark=lambda *a: None, emit=lambda *a: None, clock=lambda: now[0] / 2.0
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
    decisions.auto_check(final=True)
    decisions.withdraw("the session ended before the set was confirmed")
    live = analyzer.finish()
    batch = analyze(rec)
    got = [[(r.span.start_s, r.span.end_s, r.label) for r in res.sets] for res in (live, batch)]
    _, fa, fb = spans[1]  # the fatigue hold: batch finds it (the near case the live table should follow)
    assert any(s0 < fb and s1 > fa and lab == "fatigue_tremor" for s0, s1, lab in got[1]), got
    assert any(s0 < fb and s1 > fa and lab == "fatigue_tremor" for s0, s1, lab in got[0]), got
    assert len(got[0]) == len(got[1]), got
    for (a0, a1, la), (b0, b1, lb) in zip(*got, strict=True):
        assert abs(a0 - b0) <= 1.0 and abs(a1 - b1) <= 1.0 and la == lb, got
