"""Live, a first curl set at 50 Hz whose last rep stops at once is no fatigue set, as in batch (issue 9, h-curl50b).

:mod:`tremor.core.stop_burst` reads the band's envelope 1-2.5 s after the stop: a live session has those frames once
the recovery has begun, before any card is made final. Driven as ``tests/live/test_live_own_sets_vs_batch.py`` drives
a session (the samples in chunks of random size, the set decisions after each), red team R5 ``thigh_rest`` (no
knock) at 50 Hz, seed 9006 (its first set read ``fatigue_tremor`` before the rule, live and batch).
"""

from __future__ import annotations

import numpy as np
from test_live_own_sets_vs_batch import _live

from tests.core.test_redteam_r5 import R5
from tests.redteam_run import recording
from tremor.core.analysis import analyze


def test_live_curl_sets_stopping_at_once_are_batchs_and_no_fatigue() -> None:
    t, acc, _ = R5.sc_thigh_rest(50.0, np.random.default_rng(9006), "noknock")
    rec = recording(t, acc)
    batch = analyze(rec)
    live, decisions = _live(rec, 9006)
    sets = [(s.span.start_s, s.span.end_s, s.label, tuple(c.id for c in s.causes)) for s in batch.sets]
    assert [(s.span.start_s, s.span.end_s, s.label, tuple(c.id for c in s.causes)) for s in live.sets] == sets
    assert not any(s.label == "fatigue_tremor" for s in batch.sets), sets
    assert decisions.cards
    assert not any(c.label == "fatigue_tremor" for c in decisions.cards), [
        (c.start_s, c.label) for c in decisions.cards
    ]
