"""A live session that opens mid-hold, or standing with the arm hanging (issue 9, red team R4-3): the
rest pose is decided from the frames so far (``tremor.core.rest_pose``), so until a second pose has
outweighed the lead's the live segmenter judges poses against the lead, and what it shows as a set
then (the first rest, or everything from sitting down) stays pending; once the rule has switched it
confirms batch's sets, with batch's labels and causes."""

from __future__ import annotations

import pytest
from live_helpers import emulated_stream, run

from tests.core.test_start_pose import session
from tremor.core.analysis import analyze
from tremor.live.session import LiveSession
from tremor.live.sources import recording_source


@pytest.mark.parametrize("how", ["mid_hold", "standing"])
def test_live_finds_batch_sets_when_the_file_opens_off_rest(tmp_path, how):
    kw = {"cut_s": 20.0} if how == "mid_hold" else {"stand_s": 30.0}
    rec, holds = session(1, 100.0, hold_s=(30.0, 35.0), rest_s=(45.0, 50.0), **kw)
    events = []

    async def main():
        source = recording_source(rec, description=how)
        async with emulated_stream(source, pace=50.0) as (_, stream):
            return await LiveSession(
                stream, tmp_path / f"{how}.tlog", on_event=lambda k, p: events.append((k, p))
            ).run()

    live = run(main())
    batch = analyze(rec)
    spans = [[(r.span.start_s, r.span.end_s, r.label) for r in res.sets] for res in (live, batch)]
    assert len(spans[0]) == len(spans[1]) == len(holds), spans
    for (a0, a1, la), (b0, b1, lb) in zip(*spans, strict=True):
        assert abs(a0 - b0) <= 1.0 and abs(a1 - b1) <= 1.0 and la == lb, spans
    assert [c.id for c in live.session_causes] == [c.id for c in batch.session_causes]
    assert [k for k, _ in events].count("card") == len(holds)
