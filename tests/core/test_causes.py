"""Cause rules: evidence sentences must be true of the numbers behind them."""

from tests.conftest import metrics_with
from tremor.core.causes import SessionFacts, SetFacts, session_causes, set_causes


def _metrics(**kw):
    return metrics_with(**{"start_peak_hz": 9.5, "end_peak_hz": 8.8, "rms_mps2": 0.05, **kw})


def _facts(label, m, index=1, n=1):
    return SetFacts(index, n, label, "reps", 30.0, 60.0 * index, m)


def _session(sets, context=None):
    return SessionFacts(600.0, 0.03, tuple(sets), (), context or {})


def test_fatigue_evidence_says_rose_only_when_power_rose():
    # labelled by its level alone, power did not rise: no neuromuscular_fatigue (docs/causes.md wants a rise);
    # the high level from the start is stabiliser demand's evidence
    m = _metrics(end_to_start_ratio=0.8, last_third_vs_rest=10.0, power_vs_rest=11.0)
    s = _facts("fatigue_tremor", m)
    causes = {c.id: c.evidence for c in set_causes(s, _session([s]))}
    assert "neuromuscular_fatigue" not in causes
    assert causes["stabiliser_demand"].startswith(
        "6-12 Hz power was 12.5x the rest baseline in the first third"
    )
    m = _metrics(end_to_start_ratio=4.2, last_third_vs_rest=9.0)
    s = _facts("fatigue_tremor", m)
    ev = next(c.evidence for c in set_causes(s, _session([s])) if c.id == "neuromuscular_fatigue")
    assert ev.startswith("6-12 Hz power rose 4.2x from the first to the last third")


def test_sleep_and_caffeine_are_not_pinned_on_a_calm_set():
    s = _facts("calm", _metrics())
    causes = set_causes(s, _session([s], {"sleep_h": 4.0, "caffeine_mg": 300.0}))
    assert not any(c.id == "sleep_stress_stimulants" for c in causes)
    # docs/causes.md: "without a fatigue trend": a set whose tremor rose 3x is fatigue's evidence, not sleep's
    s = _facts("fatigue_tremor", _metrics(end_to_start_ratio=3.0, last_third_vs_rest=6.0))
    causes = set_causes(s, _session([s], {"sleep_h": 4.0, "caffeine_mg": 300.0}))
    assert not any(c.id == "sleep_stress_stimulants" for c in causes)
    # elevated from the start (first third 5x rest), no rise: sleep and caffeine fit
    s = _facts("calm", _metrics(end_to_start_ratio=1.0, last_third_vs_rest=5.0, power_vs_rest=5.0))
    causes = set_causes(s, _session([s], {"sleep_h": 4.0, "caffeine_mg": 300.0}))
    assert any(c.id == "sleep_stress_stimulants" and "4 h of sleep" in c.evidence for c in causes)


def test_cold_is_not_blamed_when_a_warm_temperature_was_given():
    sets = [_facts("calm", _metrics(power_vs_rest=p), i + 1, 4) for i, p in enumerate([6.0, 5.0, 2.0, 1.0])]
    ids = [c.id for c in session_causes(_session(sets, {"temp_c": 25.0}))]
    assert "cold" not in ids
    unknown = session_causes(_session(sets))
    assert any(c.id == "cold" and "no temperature given" in c.evidence for c in unknown)
    cold = session_causes(_session(sets, {"temp_c": 5.0}))
    assert any(c.id == "cold" and "5 degC" in c.evidence for c in cold)


def test_fatigue_by_level_names_the_third_that_left_the_band_truly():
    # labelled fatigue by its level where the band could not show the rise (set_labels.rise_shown): the
    # evidence says which third's line had no peak in the band, or peaked outside it
    cases = [
        (9.5, None, ["no peak in the 6-12 Hz band in the set's last third"], ["set's first third"]),
        (None, 8.0, ["no peak in the 6-12 Hz band in the set's first third"], ["set's last third"]),
        (
            9.5,
            5.8,
            ["peaked at 5.8 Hz in the set's last third, outside the 6-12 Hz band"],
            ["no peak", "first third"],
        ),
    ]
    for start, end, said, unsaid in cases:
        m = _metrics(start_peak_hz=start, end_peak_hz=end, end_to_start_ratio=1.1, last_third_vs_rest=12.0)
        s = _facts("fatigue_tremor", m)
        ev = next(c.evidence for c in set_causes(s, _session([s])) if c.id == "neuromuscular_fatigue")
        assert ev.startswith("the last third was 12.0x the rest baseline"), ev
        for words in said:
            assert words in ev, (start, end, ev)
        for words in unsaid:
            assert words not in ev, (start, end, ev)
