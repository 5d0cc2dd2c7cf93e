"""Live and batch agree on a rhythm's first strokes (:mod:`tremor.core.rhythm_onset`, h-spin).

A session fed in random chunks, with summaries taken now and then (a twitch at a movement's start is judged only once
the frames after it are in): the finished report keeps the same twitches and calls the same transients the movement's
first strokes as the batch analysis. Draws: pedalling away with a pad's rub (``tests/rhythm_onset_gen.py``, where
the batch calls three strokes ``onset``) and walking off (one), with true twitches before and after the movement.
"""

from __future__ import annotations

import numpy as np
import pytest

from tests.live.live_helpers import random_chunks
from tests.redteam_run import recording
from tests.rhythm_onset_gen import onset_session
from tests.run_entropy import fresh_entropy
from tests.spell_edge_gen import spell_session
from tremor.core.analysis import analyze
from tremor.core.recording import Recording
from tremor.core.stream import LiveAnalyzer

CHUNK_SEED = int(fresh_entropy(__name__) % 2**31)


def _live_equals_batch(rec: Recording) -> None:
    """Feed ``rec`` in random chunks with a summary every 40 chunks; the finished report's twitches and first strokes
    equal the batch analysis's, and the batch holds first strokes the rule takes."""
    batch = analyze(rec)
    live = LiveAnalyzer(source=rec.source, gravity_included=True)
    rng = np.random.default_rng(CHUNK_SEED)
    print("chunk seed", CHUNK_SEED)
    for k, (a, b) in enumerate(random_chunks(rec.time_s.size, rng)):
        live.update(rec.time_s[a:b], rec.acc_mps2[a:b])
        if k % 40 == 0:
            live.result()
    final = live.finish()
    onset = [t.t_s for t in batch.rejected_transients if t.kind == "onset"]
    assert onset  # the draw holds first strokes the rule takes
    assert [t.t_s for t, _ in final.twitches] == pytest.approx([t.t_s for t, _ in batch.twitches], abs=1e-6)
    assert [t.t_s for t in final.rejected_transients if t.kind == "onset"] == pytest.approx(onset, abs=1e-6)


@pytest.mark.parametrize(("kind", "fs", "seed"), [("pedal_rub", 100.0, 32), ("walk", 100.0, 31)])
def test_live_and_batch_call_the_same_first_strokes(kind: str, fs: float, seed: int) -> None:
    s = onset_session(kind, fs, seed)
    _live_equals_batch(recording(np.arange(s.acc.shape[0]) / fs, s.acc))


def test_live_and_batch_agree_on_a_spell_before_a_movement() -> None:
    """A spell of true twitches before a bike ride (``tests/spell_edge_gen.py``, seed 1003 at 100 Hz, where the batch
    calls the ride's first stroke ``onset`` and keeps the spell), fed in random chunks with summaries mid-session
    (review h-rev56: where the movement's edge is sought up to where the frames stay moving, 2 s on)."""
    s = spell_session("bike", 100.0, 1003)
    _live_equals_batch(recording(np.arange(s.acc.shape[0]) / s.fs, s.acc))
