"""A coarse sensor's session live, in random chunks: the same sets, labels and set notes as batch (h-coarse).

The rest pose, phone use and external vibration rules and the calm label read the sensor's code step
(:mod:`tremor.core.code_step`): batch from the sampling report, a live session's set checks from the sampling
tracker's step so far (:attr:`tremor.core.stream.LiveAnalyzer.code_step`), which a coarse sensor's first samples
already give. The physics is :mod:`tests.core.coarse_physics` (holds and a phone check among seated rests, 10 bits at
+-8 g: 0.153 m/s^2 a code).
"""

from __future__ import annotations

import numpy as np
import pytest
from test_live_own_sets_vs_batch import _live, _set_notes, _sets

from tests.core.coarse_physics import coarse_session
from tests.run_entropy import fresh_entropy
from tremor.core.analysis import analyze

FRESH_SEED = int(fresh_entropy(__name__) % 100_000)


@pytest.mark.parametrize("fs", [50.0, 100.0])
@pytest.mark.parametrize("seed", [1005, FRESH_SEED])
def test_a_coarse_sensors_session_live_is_batch(seed: int, fs: float) -> None:
    """Live's final sets (spans, sources, labels, reasons, causes) and set notes are batch's; every hold is one."""
    chunk_seed = int(np.random.SeedSequence().entropy % 100_000)
    print("seed", seed, "fs", fs, "chunk seed", chunk_seed)
    plan = [("hold", 35.0), ("phone", 30.0), ("hold", 20.0), ("hold", 50.0)]
    rec, spans, _ = coarse_session(seed, fs, plan, bits=10, range_g=8.0)
    batch = analyze(rec)
    live, _ = _live(rec, chunk_seed)
    assert _sets(live) == _sets(batch)
    assert _set_notes(live) == _set_notes(batch)
    for kind, a, b in spans:
        if kind == "hold":
            assert any(s.span.start_s < b and s.span.end_s > a for s in batch.sets), f"hold {a:.0f}-{b:.0f} s"
