"""A set whose reps pause with the arm raised in a live session: the set the batch segmentation joins across
the pause (``tremor.core.rep_pauses``) is confirmed once, whole, not cut at the pause."""

from __future__ import annotations

import numpy as np
from live_helpers import emulated_stream, run

from tests.stress import scenarios as S
from tremor.core.analysis import analyze
from tremor.io import read_recording
from tremor.live.session import LiveSession
from tremor.live.sources import recording_source


def test_live_confirms_a_set_paused_with_the_arm_raised_whole_as_batch_does(tmp_path):
    """Reps 30-45 s and 48.5-63.5 s, the arm 20-25 deg from rest and swaying (0.08-0.29 m/s^2) in the 3.5 s
    between: batch joins them into one set. Live must wait past its usual confirmation (2.5 s after a set's
    end) while the arm stays raised: without that wait it confirmed 29.8-44.6 s at the pause and never
    reported the reps after it (its log then held only that set)."""
    b = S.SessionBuilder(100.0, 90.0, np.random.default_rng(3), noise_mps2=0.02)
    t = b.t
    b.add_rep_set(30.0, 45.0, rep_hz=0.5, move_mps2=1.5, pose_deg=26.0, swing_deg=10.0)
    b.add_rep_set(48.5, 63.5, rep_hz=0.5, move_mps2=1.5, pose_deg=26.0, swing_deg=10.0)
    w = S._window(t, 43.0, 50.5, 1.0)
    b.pitch += (
        np.deg2rad(24.0) * w * (1 - S._window(t, 30.0, 45.0, 1.0)) * (1 - S._window(t, 48.5, 63.5, 1.0))
    )
    b.lin += np.outer(0.5 * w * np.sin(2 * np.pi * 0.3 * t), S._unit(b.rng))
    sc = b.finish(description="reps paused with the arm raised")
    log = tmp_path / "paused.tlog"
    events = []

    async def main():
        source = recording_source(sc.recording, description="paused reps")
        async with emulated_stream(source, pace=25.0) as (_, stream):
            return await LiveSession(stream, log, on_event=lambda k, p: events.append((k, p))).run()

    live = run(main())
    assert [k for k, _ in events].count("card") == 1
    batch = analyze(read_recording(log))  # the log's auto markers: the sets live confirmed
    unmarked = analyze(sc.recording)  # batch's own segmentation
    spans = [[(r.span.start_s, r.span.end_s) for r in res.sets] for res in (live, batch, unmarked)]
    assert all(len(s) == 1 for s in spans), spans
    (l0, l1), (u0, u1) = spans[0][0], spans[2][0]
    assert abs(l0 - u0) <= 1.0 and abs(l1 - u1) <= 1.0 and abs(l0 - 30.0) <= 1.0 and abs(l1 - 63.5) <= 1.0
