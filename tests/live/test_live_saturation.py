"""A live session counts saturated samples as the analysis of its log does (issue 8: one sampling tracker)."""

from __future__ import annotations

from live_helpers import emulated_stream, run

from tremor.core.analysis import analyze
from tremor.core.recording import Recording
from tremor.io import read_recording
from tremor.live.session import LiveSession
from tremor.live.sources import recording_source
from tremor.sim.session import simulate_session


def test_live_session_reports_the_saturation_its_log_analysis_reports(tmp_path):
    rec = simulate_session(seed=3, fs_hz=100.0).recording
    keep = rec.time_s <= 20.0
    acc = rec.acc_mps2[keep].copy()
    acc[900:904, 0] = 12 * 9.80665  # beyond the emulated band's 8 g range: the band clips them
    acc[1500:1502, 1] = -10 * 9.80665
    clipped = Recording(rec.time_s[keep], acc, True, rec.source)
    log = tmp_path / "sat.tlog"

    async def main():
        async with emulated_stream(recording_source(clipped, description="clipped"), pace=10.0) as (
            _,
            stream,
        ):
            session = LiveSession(stream, log)
            return await session.run()

    live = run(main())
    batch = analyze(read_recording(log))
    assert [(s.axis, s.samples, s.how) for s in batch.sampling.saturation] == [
        ("x", 4, "range"),
        ("y", 2, "range"),
    ]
    assert live.sampling.saturation == batch.sampling.saturation
    # and the summary says so in words, the same words
    sat_notes = [n for n in live.notes if "range limit" in n]
    assert sat_notes == [n for n in batch.notes if "range limit" in n] and len(sat_notes) == 2
