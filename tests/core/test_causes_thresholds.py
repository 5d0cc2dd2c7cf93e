"""Every cause rule against docs/causes.md, on both sides of its threshold."""

import pytest

from tests.conftest import metrics_with as _m
from tremor.core.causes import (
    ELEVATED_REST_RMS,
    LONG_SESSION_S,
    STABILISER_OVER_REST,
    STRONG_RISE,
    SessionFacts,
    SetFacts,
    session_causes,
    set_causes,
)
from tremor.core.classify import MIN_TWITCHES, Episode


def _set(label="calm", m=None, index=1, n=1, kind="reps"):
    return SetFacts(index, n, label, kind, 30.0, 60.0 * index, m or _m())


def _session(sets=(), context=None, duration_s=600.0, rest_rms=0.03, episodes=()):
    return SessionFacts(duration_s, rest_rms, tuple(sets), tuple(episodes), context or {})


def _set_ids(s, **kw):
    return {c.id: c.evidence for c in set_causes(s, _session([s], **kw))}


def _session_ids(sets, **kw):
    return {c.id: c.evidence for c in session_causes(_session(sets, **kw))}


# ------------------------------------------------------------------ set rules
@pytest.mark.parametrize(
    ("rise", "sd", "over", "fires"),
    [
        (
            1.05,
            None,
            10.0,
            False,
        ),  # a set labelled by its level alone (10x rest) with flat power: no rise to cite
        (1.45, 0.01, 10.0, False),  # under classify.FATIGUE_RISE_MIN however steady
        # 9x rest or more does not make a 1.5-2x rise fatigue's (issue 9, red team R6-2: a steady tremor's chance
        # rise): it must stand out of its scatter as at any level
        (1.5, None, 10.0, False),
        (1.99, None, 10.0, False),
        (1.6, 0.3, 10.0, False),
        (1.6, 0.2, 10.0, True),
        (1.99, None, 5.0, False),  # under 9x rest the rise must reach 2x or stand out of its scatter
        (2.0, None, 5.0, True),  # classify.FATIGUE_RISE
        (
            1.6,
            0.2,
            5.0,
            True,
        ),  # 1.5-2x standing 2 standard errors out of the thirds' scatter (log 1.6 = 0.47)
        (1.6, 0.3, 5.0, False),
    ],
)
def test_neuromuscular_fatigue_needs_power_to_rise_in_a_fatigue_set(rise, sd, over, fires):
    """The fatigue cause cites a rise only where the labels' rules see one."""
    s = _set(
        "fatigue_tremor",
        _m(end_to_start_ratio=rise, last_third_vs_rest=over, power_vs_rest=over * 0.9, rise_log_sd=sd),
    )
    assert ("neuromuscular_fatigue" in _set_ids(s)) == fires
    calm = _set("calm", _m(end_to_start_ratio=3.0, last_third_vs_rest=3.0))  # a rise, but no fatigue label
    assert "neuromuscular_fatigue" not in _set_ids(calm)


@pytest.mark.parametrize(
    ("start_peak", "end_peak", "third"),
    [(6.4, None, "last"), (None, 8.0, "first"), (5.8, 7.0, "first"), (7.0, 5.8, "last"), (7.2, 6.3, None)],
)
def test_fatigue_by_level_names_the_third_whose_line_left_the_band(start_peak, end_peak, third):
    """A set labelled fatigue by its level where a third had no peak in 6-12 Hz (``set_labels.rise_shown``)
    names that third; a line still in the band near its edge (6.3 Hz) is no such set: no cause is drawn from
    its level."""
    m = _m(end_to_start_ratio=1.1, last_third_vs_rest=10.0, start_peak_hz=start_peak, end_peak_hz=end_peak)
    ev = _set_ids(_set("fatigue_tremor", m)).get("neuromuscular_fatigue")
    if third is None:
        assert ev is None
    else:
        assert ev is not None and f"in the set's {third} third" in ev


@pytest.mark.parametrize(
    ("first", "rise", "fires"),
    [
        (STABILISER_OVER_REST * 0.95, 1.0, False),
        (STABILISER_OVER_REST * 1.05, 1.0, True),
        (4.0, STRONG_RISE * 0.98, True),
        (4.0, STRONG_RISE, False),
    ],
)
def test_stabiliser_demand_needs_tremor_from_early_in_the_set_without_a_strong_rise(first, rise, fires):
    m = _m(end_to_start_ratio=rise, last_third_vs_rest=first * rise, power_vs_rest=first * (1 + rise) / 2)
    ids = _set_ids(_set("calm", m, kind="hold"))
    assert ("stabiliser_demand" in ids) == fires
    if fires:
        assert f"{first:.1f}x the rest baseline in the first third" in ids["stabiliser_demand"]


def test_technique_learning_needs_a_new_exercise_in_a_dynamic_set():
    assert "technique_learning" in _set_ids(_set(kind="reps"), context={"new_exercise": True})
    assert "technique_learning" not in _set_ids(_set(kind="hold"), context={"new_exercise": True})
    assert "technique_learning" not in _set_ids(_set(kind="reps"))


@pytest.mark.parametrize(("n", "fires"), [(1, False), (2, True)])
def test_metabolic_byproducts_needs_two_twitches_in_the_rest_after_the_set(n, fires):
    assert ("metabolic_byproducts" in _set_ids(_set(m=_m(twitches_in_recovery=n)))) == fires


def test_no_warm_up_needs_tremor_or_twitching_in_the_first_set():
    ctx = {"warm_up": False}
    # seen: cited "tremor or twitching in the first set" for a calm set with 0 twitches at 2x rest
    assert "no_warm_up" not in _set_ids(_set(m=_m(power_vs_rest=2.0)), context=ctx)
    assert "no_warm_up" not in _set_ids(_set(m=_m(power_vs_rest=STABILISER_OVER_REST * 0.95)), context=ctx)
    ev = _set_ids(_set(m=_m(power_vs_rest=STABILISER_OVER_REST * 1.1)), context=ctx)["no_warm_up"]
    assert "first set was 3.3x the rest baseline" in ev
    assert "no_warm_up" not in _set_ids(_set(m=_m(twitches_in_set=MIN_TWITCHES - 1)), context=ctx)
    ev = _set_ids(_set("fasciculations", m=_m(twitches_in_set=MIN_TWITCHES)), context=ctx)["no_warm_up"]
    assert f"{MIN_TWITCHES} twitches in and after the first set" in ev
    tremor = _m(power_vs_rest=5.0, twitches_in_set=5)
    assert "no_warm_up" not in _set_ids(_set(m=tremor), context={"warm_up": True})
    assert "no_warm_up" not in _set_ids(_set(m=tremor, index=2, n=2), context=ctx)


@pytest.mark.parametrize(
    "cause,ctx",
    [
        ("statin_myopathy", {"statins": True}),
        ("muscle_damage_doms", {"soreness": True, "days_since_hard": 2}),
    ],
)
def test_twitching_causes_need_twitching_and_their_context(cause, ctx):
    few, enough = _m(twitches_in_set=MIN_TWITCHES - 1), _m(twitches_in_set=MIN_TWITCHES)
    assert cause not in _set_ids(_set(m=few), context=ctx)
    assert cause in _set_ids(_set("fasciculations", m=enough), context=ctx)
    assert cause not in _set_ids(_set("fasciculations", m=enough))


@pytest.mark.parametrize(("days", "fires"), [(0.5, False), (1, True), (5, True), (6, False)])
def test_doms_days_since_hard_session_1_to_5(days, fires):
    s = _set("fasciculations", _m(twitches_in_set=4))
    assert ("muscle_damage_doms" in _set_ids(s, context={"soreness": True, "days_since_hard": days})) == fires


def test_see_a_clinician_in_a_set_only_when_an_out_of_band_peak_dominated_it():
    oob = {"oob_band": "3-7 Hz", "oob_peak_hz": 5.0, "oob_vs_phys": 5.0, "oob_prominence": 30.0}
    assert "see_a_clinician" in _set_ids(_set("atypical_tremor", _m(**oob)))
    assert "see_a_clinician" not in _set_ids(_set("calm", _m(**oob)))


# ------------------------------------------------------------------ session rules
def _trend(powers):
    return [_set("calm", _m(power_vs_rest=p), i + 1, len(powers)) for i, p in enumerate(powers)]


@pytest.mark.parametrize(("late", "fires"), [(2.9, False), (3.1, True)])
def test_neuromuscular_fatigue_across_sets_needs_late_power_1_5x_early(late, fires):
    # early mean 2.0: late must be >= 1.5x that (3.0) and >= 2x rest
    assert ("neuromuscular_fatigue" in _session_ids(_trend([2.0, 2.0, late, late]))) == fires


@pytest.mark.parametrize(
    ("duration_s", "ctx", "fires"),
    [
        (6 * 60.0, {"fasted": True}, False),  # seen: fired on a 6-minute fasted session
        (LONG_SESSION_S, {"fasted": True}, False),
        (LONG_SESSION_S + 60, {}, True),
        (LONG_SESSION_S + 60, {"fasted": True}, True),
    ],
)
def test_glycogen_depletion_needs_tremor_climbing_across_a_session_over_60_min(duration_s, ctx, fires):
    ids = _session_ids(_trend([1.0, 1.0, 3.0, 3.0]), context=ctx, duration_s=duration_s)
    assert ("glycogen_depletion" in ids) == fires
    flat = _session_ids(_trend([1.0, 1.0, 1.0, 1.0]), context=ctx, duration_s=duration_s)
    assert "glycogen_depletion" not in flat


def test_glycogen_depletion_fasted_raises_its_likelihood():
    sets = _trend([1.0, 1.0, 3.0, 3.0])
    fed = {c.id: c for c in session_causes(_session(sets, duration_s=2 * LONG_SESSION_S))}
    fasted = {
        c.id: c for c in session_causes(_session(sets, {"fasted": True}, duration_s=2 * LONG_SESSION_S))
    }
    assert fasted["glycogen_depletion"].likelihood > fed["glycogen_depletion"].likelihood
    assert "you trained fasted" in fasted["glycogen_depletion"].evidence


@pytest.mark.parametrize(("late", "fires"), [(3.1, False), (2.9, True)])
def test_cold_needs_tremor_highest_early_and_a_cold_room(late, fires):
    # early 4.5x rest: fires when early >= 1.5x late, i.e. late <= 3.0
    ids = _session_ids(_trend([4.5, 4.5, late, late]), context={"temp_c": 8.0})
    assert ("cold" in ids) == fires
    ids = _session_ids(_trend([4.5, 4.5, 1.0, 1.0]), context={"temp_c": 12.0})
    assert "cold" not in ids


def test_no_warm_up_across_sets_needs_early_tremor_settling():
    ids = _session_ids(_trend([4.5, 4.5, 1.0, 1.0]), context={"warm_up": False, "temp_c": 20.0})
    assert "no_warm_up" in ids
    ids = _session_ids(_trend([1.0, 1.0, 1.0, 1.0]), context={"warm_up": False, "temp_c": 20.0})
    assert "no_warm_up" not in ids


def _rests(rates):
    return [
        _set("calm", _m(recovery_rate_per_min=r, twitches_in_recovery=2 if r else 0), i + 1, len(rates))
        for i, r in enumerate(rates)
    ]


@pytest.mark.parametrize(("late", "fires"), [(1.45, False), (1.55, True)])
def test_dehydration_needs_twitching_in_two_rests_growing_1_5x(late, fires):
    assert ("dehydration_electrolytes" in _session_ids(_rests([1.0, late]))) == fires
    assert "dehydration_electrolytes" not in _session_ids(_rests([0.0, 5.0]))  # one twitching rest only


@pytest.mark.parametrize("seen", [False, True])
def test_dehydration_reads_only_the_rests_that_could_show_a_twitch(seen):
    """Two early rests that could not show a twitch (the wrist never still, or shaking raised the limit) read 0 per
    minute. Before, they made "twitching in the rests grew from 0.0 to 2.2 per minute"; the rests that could show
    one held 2.0 and 2.5 (1.25x: no rise). The near case: the same rates, every rest able to show one, fire."""
    from dataclasses import replace

    sets = _rests([0.0, 0.0, 2.0, 2.5])
    sets = [replace(x, recovery_seen=seen) if i < 2 else x for i, x in enumerate(sets)]
    ids = _session_ids(sets)
    assert ("dehydration_electrolytes" in ids) is seen
    if seen:
        assert "grew from 0.0 to 2.2 per minute" in ids["dehydration_electrolytes"]


@pytest.mark.parametrize(
    ("rest", "ctx", "fires"),
    [
        (ELEVATED_REST_RMS, {}, False),
        (ELEVATED_REST_RMS * 1.05, {}, True),
        (0.03, {"sleep_h": 6.0}, False),
        (0.03, {"sleep_h": 5.5}, True),
        (0.03, {"caffeine_mg": 140.0}, False),
        (0.03, {"caffeine_mg": 150.0}, True),
        (0.03, {"stress": 6.0}, False),
        (0.03, {"stress": 7.0}, True),
    ],
)
def test_sleep_stress_stimulants_thresholds(rest, ctx, fires):
    assert ("sleep_stress_stimulants" in _session_ids([], context=ctx, rest_rms=rest)) == fires


def test_see_a_clinician_for_the_session_only_with_a_rest_episode():
    ep = Episode(10.0, 30.0, 5.0, "3-7 Hz", 0.2, None)
    assert "see_a_clinician" in _session_ids([], episodes=[ep])
    assert "see_a_clinician" not in _session_ids([])


@pytest.mark.parametrize(
    ("first", "rise", "label", "fires"),
    [
        (STABILISER_OVER_REST * 0.95, 1.0, "calm", False),
        (STABILISER_OVER_REST * 1.05, 1.0, "calm", True),
        (4.0, STRONG_RISE * 0.98, "calm", True),
        (4.0, STRONG_RISE, "calm", False),
        (4.0, 3.0, "fatigue_tremor", False),  # a fatigue trend: not sleep, stress or stimulants
        (10.0, 1.0, "fatigue_tremor", True),  # labelled by its level alone, elevated from the start, no trend
    ],
)
def test_sleep_stress_stimulants_on_a_set_needs_early_tremor_without_a_fatigue_trend(
    first, rise, label, fires
):
    """docs/causes.md: elevated 8-12 Hz power from the first set on, without a fatigue trend."""
    m = _m(end_to_start_ratio=rise, last_third_vs_rest=first * rise, power_vs_rest=first * (1 + rise) / 2)
    ids = _set_ids(_set(label, m), context={"sleep_h": 4.0})
    assert ("sleep_stress_stimulants" in ids) == fires
