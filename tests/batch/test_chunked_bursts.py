"""A phone that batches its sensor (stamps in bursts, benchmarks/redteam/gen_r9.py ``sc_stamps``), read as a long
phyphox file block by block: the long-file path puts the bursts on the same rate, with the same report, as the
whole-file path (tremor.core.bursts; tests/core/test_stamp_bursts.py for the rule itself)."""

from __future__ import annotations

import numpy as np
from batch_helpers import write_phyphox

from tests.redteam_run import load, recording
from tremor.batch.chunked import analyze_file
from tremor.core.analysis import analyze
from tremor.io import read_recording
from tremor.report.json_report import to_report

load("gen")
load("gen_r6")  # gen_r9 builds on both
R9 = load("gen_r9")


def test_batched_stamps_chunked_equals_whole(tmp_path):
    """Bursts of 10 from a screen lock 30 s in, at 100 Hz, in blocks of 4173 samples: the same stamps on the same
    rate (the restamper is causal), so the same report, frames and sets; the holds found."""
    t, acc, _ = R9.SCENARIOS["stamps"](100.0, np.random.default_rng(7), "fifo:10,fine,lock:30")
    path = write_phyphox(recording(t, acc), tmp_path / "bursts.csv")
    whole = analyze(read_recording(path))
    chunked = analyze_file(path, chunk_samples=4096 + 77, stream_min_bytes=0)
    assert whole.sampling.notes[0].startswith("the stamps come in bursts of 10 from 30.0 s")
    assert [s.label for s in whole.sets] == ["fatigue_tremor"] * 3
    np.testing.assert_array_equal(whole.frames.t_s, chunked.frames.t_s)
    assert to_report(whole) == to_report(chunked)
