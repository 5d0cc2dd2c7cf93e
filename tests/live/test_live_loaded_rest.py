"""Live, curl sets with the dumbbell on the thigh between them are batch's sets (issue 9, R5-6, h-thigh2).

:mod:`tremor.core.loaded_rest` reads the whole session so far (the stays' builds, the bouts between them): a live
session's set decisions (:mod:`tremor.live.set_decisions`) segment the frames they have with the same rule. Driven as
``tests/live/test_live_own_sets_vs_batch.py`` drives a session (the samples in chunks of random size, the set
decisions after each): live's final sets (spans, sources, labels) are batch's, one a bout of curls
(``tests/core/thigh_rest_physics.py``: the grip at 1.5-1.8x the lap's tremor, so the thigh is rest only by this rule).

Not always: the rule needs a working bout between two stays on the thigh, so until the second stay begins a live
session judges the first stay as posed, and where its check confirms the set before the thigh turns rest, the first
two bouts and the stay between them stay one set live (seed 25 at 100 Hz, chunk seed 176: live 2 sets, batch 3).
Measured 1 draw in 28 (session seeds 11-16 and 20-27 x 50/100 Hz, /tmp loops of this body); on base 32a792e live and
batch differ on such sessions too, where batch merges (seed 25 at 50 Hz). A rate test (``tests/fresh_rate.py``).
h-rev36, 24 more draws (seeds 31000-31011 x 50/100 Hz, chunk seed the session's): 1 differs (31010 at 100 Hz: three
sets both, but live's second starts at 95 s, the first stay on the thigh in it, batch's at 161 s; labels alike).
"""

from __future__ import annotations

import os

import numpy as np
import pytest
from test_live_own_sets_vs_batch import _live

from tests.core.thigh_rest_physics import session
from tests.run_entropy import fresh_entropy
from tremor.core.analysis import analyze

FRESH_SEED = int(os.environ.get("TREMOR_THIGH_LIVE_SEED", fresh_entropy(__name__) % 100_000))


def _drawn_seed() -> int:
    """The replayed seed, or a fresh one at every call (a ``fresh_rate`` test's redraws draw anew)."""
    if "TREMOR_THIGH_LIVE_SEED" in os.environ:
        return FRESH_SEED
    return int(np.random.SeedSequence().entropy % 100_000)  # type: ignore[operator]


@pytest.mark.fresh_rate(
    env="TREMOR_THIGH_LIVE_SEED",
    measured="3 of 53 draws (seed 25 at 100 Hz, chunk seed 176: the first set confirmed live before the thigh "
    "turned rest; h-rev36, seeds 31000-31011 x 50/100 Hz: 31010 at 100 Hz, live's second set starting 95 s, at the "
    "first's end, batch's 161 s; a fresh 32524 at 100 Hz: live merges bouts 1-2, base merged all three, live and "
    "batch)",
)
@pytest.mark.parametrize("fs", [50.0, 100.0])
def test_live_curl_sets_with_a_thigh_rest_are_batchs(fs: float) -> None:
    """A fresh thigh-rest session: live's sets are batch's, one a bout of curls (seed and chunk seed: the
    session's seed)."""
    seed = _drawn_seed()
    chunk_seed = seed
    print(f"seed {seed} (TREMOR_THIGH_LIVE_SEED) fs {fs} chunk seed {chunk_seed}")
    rec, bouts, _, _ = session(seed, fs, level=(1.5, 1.8))
    batch = analyze(rec)
    live, _ = _live(rec, chunk_seed)
    sets = [(s.span.start_s, s.span.end_s, s.span.source, s.label) for s in batch.sets]
    assert [(s.span.start_s, s.span.end_s, s.span.source, s.label) for s in live.sets] == sets
    assert len(sets) == len(bouts), (np.round(bouts), sets)


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="h-thigh2: live confirms bouts 1-2 and the thigh stay between as one set before the second stay makes "
    "the thigh rest (confirmed sets are never withdrawn); batch 3 sets, live 2 (1 of 28 own draws)",
)
def test_live_keeps_the_first_two_bouts_apart_when_confirmed_early() -> None:
    """The pinned draw of the rate above (session seed 25 at 100 Hz, chunk seed 176): live's sets are batch's three
    (h-rev36: live [(54, 176), (238, 271)], batch [(54, 90), (140, 176), (238, 271)])."""
    rec, bouts, _, _ = session(25, 100.0, level=(1.5, 1.8))
    live, _ = _live(rec, 176)
    assert len(live.sets) == len(bouts) == len(analyze(rec).sets)
