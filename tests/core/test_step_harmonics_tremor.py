"""A true fatigue tremor between the harmonics of a smooth 2.9-3.1 Hz rhythmic set stays assessed (review of
h-fastwalk, issue 9; tremor.core.step_harmonics).

The set of tests/core/test_brisk_walk_stationary.py with no strike: the hand moves 1 m/s^2 across gravity at
2.9 or 3.1 Hz with a 2nd harmonic of 0.2 of it (5.8 or 6.2 Hz, on the 6-12 Hz band's lower edge), and a fatigue
tremor grows 0.02 -> 0.2 m/s^2 RMS half-way between the 3rd and 4th harmonics or the 2nd and 3rd (7.25-10.85 Hz,
1.2-1.6 Hz from each, its own resolved line). The merge's first parent (d93cc5f) labels every one of these a tremor
(fatigue_tremor or enhanced_tremor, 100 Hz, 6-12 Hz swept in 0.25 Hz steps: 25 of 25 at 2.9 and 3.1 Hz); with
step_harmonic the 2nd harmonic's skirt tops the band's 6 Hz bin and every one is withheld as movement (25 of 25);
with the band's own line heard over that skirt (:data:`tremor.core.step_harmonics.LINE_OVER_TOP`) 11 and 13 of 25
are labelled again (the rest lie within the tolerance of a harmonic or under the skirt: withheld, not false).
"""

from __future__ import annotations

import pytest

from tests.core.test_brisk_walk_stationary import striking_set
from tremor.core.analysis import analyze


@pytest.mark.parametrize("cadence,tremor_hz", [(2.9, 7.25), (2.9, 10.15), (3.1, 7.75), (3.1, 10.85)])
def test_a_tremor_between_harmonics_is_assessed(cadence: float, tremor_hz: float) -> None:
    res = analyze(striking_set(3, 100.0, cadence, tremor_hz, strike_mps2=0.0))
    labels = {r.label for r in res.sets if r.span.end_s > 70.0 and r.span.start_s < 90.0}
    # where the set is cut in two (3.1 Hz), its first part (the tremor still faint under the 2nd harmonic's skirt)
    # may be withheld; the part the tremor carries is labelled, and nothing is called calm
    told = f"{cadence} Hz, tremor {tremor_hz} Hz: {labels}"
    assert labels & {"fatigue_tremor", "enhanced_tremor"}, told
    assert labels <= {"fatigue_tremor", "enhanced_tremor", "not_assessable"}, told
