"""Live, curl sets with the dumbbell on the thigh between them are batch's sets (issue 9, R5-6, h-thigh2).

:mod:`tremor.core.loaded_rest` reads the whole session so far (the stays' builds, the bouts between them): a live
session's set decisions (:mod:`tremor.live.set_decisions`) segment the frames they have with the same rule. Driven as
``tests/live/test_live_own_sets_vs_batch.py`` drives a session (the samples in chunks of random size, the set
decisions after each): live's final sets (spans, sources, labels) are batch's, one a bout of curls
(``tests/core/thigh_rest_physics.py``: the grip at 1.5-1.8x the lap's tremor, so the thigh is rest only by this rule).
"""

from __future__ import annotations

import numpy as np
import pytest
from test_live_own_sets_vs_batch import _live

from tests.core.thigh_rest_physics import session
from tests.run_entropy import fresh_entropy
from tremor.core.analysis import analyze

FRESH_SEED = int(fresh_entropy(__name__) % 100_000)


@pytest.mark.parametrize("fs", [50.0, 100.0])
def test_live_curl_sets_with_a_thigh_rest_are_batchs(fs: float) -> None:
    """A fresh thigh-rest session: live's sets are batch's, one a bout of curls."""
    chunk_seed = int(np.random.SeedSequence().entropy % 100_000)
    seed = FRESH_SEED + int(fs)
    print("seed", seed, "fs", fs, "chunk seed", chunk_seed)
    rec, bouts, _, _ = session(seed, fs, level=(1.5, 1.8))
    batch = analyze(rec)
    live, _ = _live(rec, chunk_seed)
    sets = [(s.span.start_s, s.span.end_s, s.span.source, s.label) for s in batch.sets]
    assert [(s.span.start_s, s.span.end_s, s.span.source, s.label) for s in live.sets] == sets
    assert len(sets) == len(bouts), (np.round(bouts), sets)
