"""Set labels at each threshold of classify.label_set, both sides."""

import pytest

from tests.conftest import metrics_with as _m
from tremor.core.classify import (
    FATIGUE_OVER_REST,
    FATIGUE_OVER_REST_ALONE,
    FATIGUE_RISE,
    MIN_TWITCHES,
    OOB_OVER_PHYS,
    OOB_PROMINENCE,
    label_set,
)

EPS = 1.001


def test_a_set_near_its_rest_baseline_without_twitches_is_calm():
    assert label_set(_m()) == "calm"


@pytest.mark.parametrize(
    ("rise", "over", "label"),
    [
        (FATIGUE_RISE, FATIGUE_OVER_REST, "fatigue_tremor"),
        (FATIGUE_RISE / EPS, FATIGUE_OVER_REST, "calm"),
        (FATIGUE_RISE, FATIGUE_OVER_REST / EPS, "calm"),
        (1.0, FATIGUE_OVER_REST_ALONE, "fatigue_tremor"),
        (1.0, FATIGUE_OVER_REST_ALONE / EPS, "calm"),
        (None, FATIGUE_OVER_REST_ALONE / EPS, "calm"),  # rise unknown: only the level alone can say fatigue
        (FATIGUE_RISE * 3, None, "calm"),  # no rest baseline: a rise alone is not fatigue
    ],
)
def test_fatigue_needs_a_rise_and_a_level_over_rest_or_a_high_level_alone(rise, over, label):
    assert label_set(_m(end_to_start_ratio=rise, last_third_vs_rest=over)) == label


@pytest.mark.parametrize(
    ("in_set", "in_recovery", "label"),
    [
        (MIN_TWITCHES, 0, "fasciculations"),
        (0, MIN_TWITCHES, "fasciculations"),
        (MIN_TWITCHES - 1, 0, "calm"),
        (1, MIN_TWITCHES - 2, "calm"),
        (1, MIN_TWITCHES - 1, "fasciculations"),
    ],
)
def test_fasciculations_need_min_twitches_in_the_set_and_its_recovery(in_set, in_recovery, label):
    assert label_set(_m(twitches_in_set=in_set, twitches_in_recovery=in_recovery)) == label


def test_fatigue_and_twitching_together_are_mixed():
    m = _m(
        end_to_start_ratio=FATIGUE_RISE, last_third_vs_rest=FATIGUE_OVER_REST, twitches_in_set=MIN_TWITCHES
    )
    assert label_set(m) == "mixed"
    m = _m(
        end_to_start_ratio=FATIGUE_RISE,
        last_third_vs_rest=FATIGUE_OVER_REST,
        twitches_in_set=MIN_TWITCHES - 1,
    )
    assert label_set(m) == "fatigue_tremor"


@pytest.mark.parametrize(
    ("ratio", "prom", "label"),
    [
        (OOB_OVER_PHYS, OOB_PROMINENCE, "atypical_tremor"),
        (OOB_OVER_PHYS / EPS, OOB_PROMINENCE, "calm"),
        (OOB_OVER_PHYS, OOB_PROMINENCE / EPS, "calm"),
        (None, None, "calm"),
    ],
)
def test_atypical_needs_a_prominent_out_of_band_peak_over_the_physiological_one(ratio, prom, label):
    m = _m(oob_band="3-7 Hz", oob_peak_hz=5.0, oob_vs_phys=ratio, oob_prominence=prom)
    assert label_set(m) == label


def test_atypical_outranks_fatigue_and_twitching():
    m = _m(
        oob_vs_phys=OOB_OVER_PHYS,
        oob_prominence=OOB_PROMINENCE,
        end_to_start_ratio=5.0,
        last_third_vs_rest=20.0,
        twitches_in_set=10,
    )
    assert label_set(m) == "atypical_tremor"


@pytest.mark.parametrize(
    ("twitches", "label"), [(MIN_TWITCHES, "fasciculations"), (MIN_TWITCHES - 1, "not_assessable")]
)
def test_a_set_the_rate_cannot_assess_keeps_only_its_twitches(twitches, label):
    m = _m(
        assessable=False,
        end_to_start_ratio=None,
        last_third_vs_rest=None,
        twitches_in_set=twitches,
        oob_vs_phys=100.0,
        oob_prominence=100.0,
    )
    assert label_set(m) == label
