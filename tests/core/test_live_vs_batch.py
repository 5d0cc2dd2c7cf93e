"""Live analysis fed in random chunks against whole-file analysis of the same samples.

Live differs from batch only where causality forces it: the gap threshold and each segment's rate
come from the first :data:`~tremor.core.stream.RATE_PROBE_S` seconds instead of the whole
recording. Measured here on simulated sessions with jittery stamps and a dropout: the sampling
report, sets and labels agree; the test prints its chunking seed so a failure can be replayed.
"""

from __future__ import annotations

import numpy as np
import pytest

from tremor.core.analysis import analyze
from tremor.core.recording import Recording
from tremor.core.stream import LiveAnalyzer
from tremor.sim.session import simulate_session


def _feed(rec: Recording, seed: int) -> LiveAnalyzer:
    live = LiveAnalyzer(source=rec.source, gravity_included=rec.gravity_included)
    rng = np.random.default_rng(seed)
    i = 0
    while i < rec.n_samples:
        k = int(rng.integers(1, 2000))
        live.update(rec.time_s[i : i + k], rec.acc_mps2[i : i + k])
        i += k
    return live


def _with_dropout(rec: Recording, at_s: float, gap_s: float) -> Recording:
    t = rec.time_s.copy()
    t[t >= at_s] += gap_s
    return Recording(t, rec.acc_mps2, rec.gravity_included, rec.source, markers=rec.markers)


@pytest.mark.parametrize("jitter_ms", [0.0, 2.0])
def test_live_in_random_chunks_matches_batch(jitter_ms):
    seed = int(np.random.default_rng().integers(1 << 31))
    print(f"chunking seed {seed}")
    rec = _with_dropout(simulate_session(seed=1, fs_hz=100.0, jitter_ms=jitter_ms).recording, 120.0, 5.0)
    batch = analyze(rec)
    live = _feed(rec, seed).finish()
    b, lv = batch.sampling, live.sampling
    assert lv.rate_hz == pytest.approx(b.rate_hz, rel=1e-9)
    # live sums dt and dt^2 (cancellation: 1.6e-7 ms on exact 10 ms stamps where batch gives 1.6e-11 ms);
    # the report rounds jitter to 1e-4 ms
    assert lv.jitter_ms == pytest.approx(b.jitter_ms, rel=1e-6, abs=1e-6)
    assert lv.n_samples == b.n_samples and lv.duration_s == pytest.approx(b.duration_s)
    assert [(g.start_s, g.end_s) for g in lv.gaps] == [(g.start_s, g.end_s) for g in b.gaps]
    assert len(b.gaps) == 1
    assert [s.label for s in live.sets] == [s.label for s in batch.sets]
    # set boundaries come from frames 0.5 s apart; live's frame times follow the received stamps
    for ls, bs in zip(live.sets, batch.sets):
        assert ls.span.start_s == pytest.approx(bs.span.start_s, abs=0.51)
        assert ls.span.end_s == pytest.approx(bs.span.end_s, abs=0.51)
    assert len(live.twitches) == len(batch.twitches)


def test_live_reports_saturation_like_batch():
    rec = simulate_session(seed=1, fs_hz=100.0).recording
    acc = rec.acc_mps2.copy()
    acc[20000:20010, 0] = 4 * 9.80665  # stuck at a 4 g range for 0.1 s
    clipped = Recording(rec.time_s, acc, True, rec.source)
    batch = analyze(clipped)
    assert [s.axis for s in batch.sampling.saturation] == ["x"]
    live = _feed(clipped, 7).finish()
    assert live.sampling.saturation == batch.sampling.saturation
