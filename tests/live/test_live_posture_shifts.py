"""A live session confirms batch's sets where posture stays in a seated rest are rest (issue 9, R4-8).

Whether a still hold at the rest's tremor is a posture shift (:mod:`tremor.core.posture_shift`) is told by how
long the arm stays in its pose and where it rests after it, so a live session waits for both before it confirms
such a set (:meth:`tremor.live.set_decisions.SetDecisions.auto_check`); a stay is never confirmed, the holds are,
with batch's labels."""

from __future__ import annotations

from live_helpers import emulated_stream, run

from tests.core.test_posture_shifts import seated
from tremor.core.analysis import analyze
from tremor.live.session import LiveSession
from tremor.live.sources import recording_source


def test_live_confirms_the_holds_and_no_posture_stay(tmp_path):
    plan = [
        ("rest", 60.0, 0.0),
        ("fatigue", 35.0, 0.0),
        ("rest", 50.0, 0.0),
        ("stay", 80.0, 16.0),
        ("rest", 50.0, 0.0),
        ("calm", 40.0, 0.0),
        ("rest", 50.0, 0.0),
        ("stay", 160.0, 0.0),
        ("rest", 40.0, 0.0),
    ]
    rec, spans = seated(5, 50.0, plan)
    events = []

    async def main():
        source = recording_source(rec, description="posture shifts")
        async with emulated_stream(source, pace=200.0) as (_, stream):
            return await LiveSession(
                stream, tmp_path / "shifts.tlog", on_event=lambda k, p: events.append((k, p))
            ).run()

    live = run(main(), timeout=120.0)
    batch = analyze(rec)
    got = [[(r.span.start_s, r.span.end_s, r.label) for r in res.sets] for res in (live, batch)]
    holds = [(a, b) for k, a, b in spans if k != "stay"]
    assert len(got[0]) == len(got[1]) == len(holds), (got, spans)
    for (a0, a1, la), (b0, b1, lb) in zip(*got, strict=True):
        assert abs(a0 - b0) <= 1.0 and abs(a1 - b1) <= 1.0 and la == lb, got
    assert [lab for _, _, lab in got[1]] == ["fatigue_tremor", "calm"], got
    assert [k for k, _ in events].count("card") == len(holds)


def test_live_counts_no_set_where_batch_says_a_stay_is_unclear(tmp_path):
    """A light hold (or a posture change) at the rest's tremor after which the arm rests 16 deg away, and a stay the
    session ends in, are no set live as in batch, and the live summary says so as batch does (one rule,
    :func:`tremor.core.posture_shift.stay_kind`); the fatigue hold before them is confirmed."""
    import dataclasses

    plan = [
        ("rest", 60.0, 0.0),
        ("fatigue", 35.0, 0.0),
        ("rest", 50.0, 0.0),
        ("light", 40.0, 16.0),
        ("rest", 50.0, 0.0),
        ("stay", 80.0, 0.0),
        ("rest", 10.0, 0.0),
    ]
    rec, spans = seated(7, 50.0, plan)
    keep = rec.time_s < spans[-1][1] + 40.0  # the session ends 40 s into the last stay
    rec = dataclasses.replace(rec, time_s=rec.time_s[keep], acc_mps2=rec.acc_mps2[keep])
    events = []

    async def main():
        source = recording_source(rec, description="unclear stays")
        async with emulated_stream(source, pace=200.0) as (_, stream):
            return await LiveSession(
                stream, tmp_path / "unclear.tlog", on_event=lambda k, p: events.append((k, p))
            ).run()

    live = run(main(), timeout=120.0)
    batch = analyze(rec)
    for res in (live, batch):
        assert [r.label for r in res.sets] == ["fatigue_tremor"], res.sets
        assert len(res.unclear_stays) == 2, res.unclear_stays
        assert sum("a light hold, or a change of posture" in n for n in res.notes) == 2, res.notes
    assert [k for k, _ in events].count("card") == 1
