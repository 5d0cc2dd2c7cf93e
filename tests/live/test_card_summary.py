"""A set card's summary measures only its set, and gives that set's report entry byte for byte."""

import json

from tremor.core.stream import LiveAnalyzer
from tremor.report.json_report import set_entry, to_report
from tremor.sim.session import simulate_session


def test_one_set_summary_gives_the_whole_summary_entry():
    sim = simulate_session(seed=3, fs_hz=100.0, labels=["fatigue_tremor", "fasciculations", "calm"])
    rec = sim.recording
    live = LiveAnalyzer(source=rec.source, gravity_included=rec.gravity_included)
    spans = [(s.start_s, s.end_s) for s in sim.truth.sets]
    # at the middle of each rest after a set (its card's recovery, refreshed) and at the end
    stops = [b + 20.0 for _, b in spans] + [float(rec.time_s[-1]) + 1.0]
    marked = 0
    i = 0
    checked = 0
    for stop in stops:
        k = int(min(rec.n_samples, max(i + 1, (rec.time_s < stop).sum())))
        live.update(rec.time_s[i:k], rec.acc_mps2[i:k])
        i = k
        while marked < len(spans) and spans[marked][1] < rec.time_s[k - 1]:
            live.start_set(spans[marked][0])
            live.end_set(spans[marked][1], "auto")
            marked += 1
        whole = live.result()
        report = to_report(whole)
        assert len(whole.sets) == marked
        for j, r in enumerate(whole.sets):
            one = live.result(only_set_start_s=r.span.start_s)
            assert [s.span.start_s for s in one.sets] == [r.span.start_s]
            got = json.dumps(set_entry(one, one.sets[0]), sort_keys=True)
            assert got == json.dumps(report["sets"][j], sort_keys=True)
            checked += 1
    assert checked == 1 + 2 + 3 + 3
