"""A set's label and the note about it agree (issue 9): a set whose tremor could not be assessed is
``not_assessable`` unless its twitches alone make it ``fasciculations``, and its note says which."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import tremor
from tests.run_entropy import fresh_entropy
from tests.stress import scenarios as S
from tremor.core.classify import MIN_TWITCHES

FRESH_SEED = int(fresh_entropy(__name__) % 100_000)


def _machine_session(seed: int, twitch_peak: float | None):
    """200 s at 100 Hz under a 0.5 m/s^2 machine line at 8 Hz (it covers the 6-12 Hz band): a set at
    40-80 s and, with ``twitch_peak``, twitches of that size 1.5-3 s apart in its recovery."""
    b = S.SessionBuilder(100, 200, np.random.default_rng(seed), 0.015)
    b.add_vibration(8.0, 0.5)
    b.add_rep_set(40, 80)
    if twitch_peak is not None:
        b.add_twitches(b.twitch_times(85, 130, interval=(1.5, 3.0), groups=False), peak=twitch_peak)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return tremor.analyze(b.finish().recording)


#: A twitch this many times the stated detection limit or more is counted (the limit is the size a reference
#: twitch is found at about half the time: just over it, some are missed).
LIMIT_MARGIN = 1.2


# seed 94970: its twitches (1.0 m/s^2) lie under the limit stated there (1.12 m/s^2): none counted, not_assessable
@pytest.mark.parametrize("seed", [3, 94970, FRESH_SEED])
@pytest.mark.parametrize("twitch_peak", [None, 1.0])
def test_a_set_under_machine_vibration_is_labelled_as_its_note_says(seed, twitch_peak):
    print(f"seed {seed} (replay: _machine_session({seed}, {twitch_peak}))")
    result = _machine_session(seed, twitch_peak)
    (s,) = result.sets
    assert s.metrics.not_assessable_reason == "vibration"
    (note,) = [n for n in result.notes if n.startswith("set 1 ") and "machine vibration" in n]
    counted = s.metrics.twitches_in_set + s.metrics.twitches_in_recovery
    limit = result.twitch_limit(s.span.end_s, s.span.recovery_end_s)
    if twitch_peak is None:  # no twitches: nothing but "not assessable" is true
        assert counted < MIN_TWITCHES and s.label == "not_assessable"
        assert "labelled not_assessable" in note and "fasciculations" not in note
    elif counted >= MIN_TWITCHES or (limit is not None and LIMIT_MARGIN * limit <= twitch_peak):
        # twitches clearly over the detection limit the analyser states there (0.71-1.32 m/s^2 under this line
        # over seeds 100-129) are counted, and said to be; under it (2 fresh seeds in 70, and 94970: seeds 113,
        # 37695, 94970 at limits 1.00-1.12 counted 0-2) they need not be (tests/stress/test_fresh_seed_cases.py),
        # nor just over it: the limit is the size found about half the time, so at 1.0-1.2x it a few of the
        # twitches are seen (fresh seed 32005: limit 0.97 m/s^2, twitches of 1.0, 2 counted, not_assessable)
        assert counted >= MIN_TWITCHES and s.label == "fasciculations"
        assert "labelled fasciculations from its twitches alone" in note
        assert "not_assessable" not in note and "under the machine line" in note
    else:  # fewer than MIN_TWITCHES seen: nothing but "not assessable" is true
        assert s.label == "not_assessable"
        assert "labelled not_assessable" in note and "fasciculations" not in note
