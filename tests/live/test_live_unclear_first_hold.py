"""A live session whose first hold is an unclear stay confirms batch's sets, not the rest after it (review h-rev10).

The session (:func:`tests.core.test_posture_shifts.seated`'s physics): the watch started 2.5 s before a light hold of
40 s at the rest's tremor, raised 60-90 deg and put back where it was; 60 s of rest; a fatigue hold raised alike; rest.
Batch (since h-stay, :func:`tremor.core.posture_shift.stay_kind`) says the first hold is a stay it cannot call (no
rest pose is seen before it: 2.5 s) and counts the fatigue hold. Live, while the fatigue hold goes on, the raised
pose's still time (the unclear stay, no set, now counts as rest, and the hold's first seconds) outweighs the rest
pose's, the rest pose rule takes the raised pose for the rest, and the segmentation finds the 60 s rest as a hold
that can no longer grow: live confirms it (a false ``calm`` set) and, overlapping it, never the fatigue hold. Seeds 1-4
at 50 and 100 Hz: 7 of 8 sessions so (h-stay fc64463, with or without h-rev10's mend); 1 of 8 on base 95e8926 (seed 3
at 100 Hz, a pre-existing live glitch: there batch counts the first hold). The probe's own physics (h-rev10: start
2-3 s before a light hold of 15-50 s at 1.0-1.6x the rest's RMS, four fresh seeds at 50/100/200 Hz, random chunks):
11 of 12 on h-stay, 0 of 12 on base.

Mended (h-stay2): with under 5 s of rest before the first movement the rest pose is the largest pose group of the
quiet frames at the lowest tremor (:func:`tremor.core.sets.rest_orientation`), not the median of all quiet frames
(two poses' frames of about equal still time gave a median between them, 30 deg from both, and a loaded hold's
frames counted as rest time): 24 of 24 sessions (seeds 1-8, 50/100/200 Hz) live = batch, 17 of 18 before the
pose-group half of the mend.
"""

from __future__ import annotations

import pytest
from live_helpers import emulated_stream, run

from tests.core.test_posture_shifts import seated
from tremor.core.analysis import analyze
from tremor.live.session import LiveSession
from tremor.live.sources import recording_source

PLAN = [
    ("rest", 2.5, 0.0),
    ("light", 40.0, 0.0),
    ("rest", 60.0, 0.0),
    ("fatigue", 40.0, 0.0),
    ("rest", 40.0, 0.0),
]


@pytest.mark.parametrize("fs", [50.0, 100.0])
def test_live_counts_the_fatigue_hold_after_an_unclear_first_hold(tmp_path, fs: float) -> None:
    rec, spans = seated(2, fs, PLAN)

    async def main():
        source = recording_source(rec, description="unclear first hold")
        async with emulated_stream(source, pace=200.0) as (_, stream):
            return await LiveSession(stream, tmp_path / "first.tlog").run()

    live = run(main(), timeout=120.0)
    batch = analyze(rec)
    got = [[(r.span.start_s, r.span.end_s, r.label) for r in res.sets] for res in (live, batch)]
    _, a, b = spans[1]  # the fatigue hold
    assert any(s0 < b and s1 > a and lab == "fatigue_tremor" for s0, s1, lab in got[0]), got
    assert len(got[0]) == len(got[1]), got
    for (a0, a1, la), (b0, b1, lb) in zip(*got, strict=True):
        assert abs(a0 - b0) <= 1.0 and abs(a1 - b1) <= 1.0 and la == lb, got
