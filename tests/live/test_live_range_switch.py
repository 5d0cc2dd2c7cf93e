"""A session whose sensor switches range mid-way, live in random chunks: batch's sets, labels and notes (h-range).

The step is tracked per stretch (:class:`tremor.core.code_step.CodeStep`) from the samples alone, so live's final
result reads the same stretches as batch. The physics: :mod:`tests.core.range_switch` (12 -> 10 bits at +-8 g, and
back, the switch in a rest or inside a hold).
"""

from __future__ import annotations

import numpy as np
import pytest
from test_live_own_sets_vs_batch import _live, _set_notes, _sets

from tests.core.range_switch import switch_session
from tests.run_entropy import fresh_entropy
from tremor.core.analysis import analyze

FRESH_SEED = int(fresh_entropy(__name__) % 100_000)
PLAN = [("calm", 40.0), ("fatigue", 35.0), ("calm", 40.0), ("fatigue", 30.0)]


@pytest.mark.parametrize(
    ("mode_a", "mode_b", "where"), [((12, 8.0), (10, 8.0), "rest"), ((10, 8.0), (12, 8.0), "hold")]
)
def test_a_range_switch_live_is_batch(
    mode_a: tuple[int, float], mode_b: tuple[int, float], where: str
) -> None:
    """Live's final sets (spans, labels, reasons, causes), set notes and the step-change note are batch's."""
    chunk_seed = int(np.random.SeedSequence().entropy % 100_000)
    print("seed", FRESH_SEED, "chunk seed", chunk_seed)
    rec, _, _ = switch_session(FRESH_SEED, 100.0, PLAN, mode_a, mode_b, where=where)
    batch = analyze(rec)
    live, _ = _live(rec, chunk_seed)
    assert _sets(live) == _sets(batch)
    assert _set_notes(live) == _set_notes(batch)
    assert live.sampling.code_step_stretches == batch.sampling.code_step_stretches
    said = [n for n in batch.notes if "the sensor's resolution changed" in n]
    assert said and said == [n for n in live.notes if "the sensor's resolution changed" in n]
