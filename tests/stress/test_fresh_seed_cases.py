"""Fresh seeds of ``test_stress.test_fresh_seed`` that the analyser gets wrong, fixed here as known defects.

``test_fresh_seed`` (a ``gym_session`` at 100 Hz without walking or dropouts, a new seed each run) failed
3 runs in 400 fresh seeds (issue 9, ``benchmarks/seed_sweep.py`` and a loop over ``gym_session``,
2026-11-29): twice a 3-7 Hz out-of-band episode inside a set whose fatigue tremor line drifts down to the
band's lower edge, once a fatigue set not found at all. Each is kept here at its seed as
``xfail(strict=True)`` with the figures measured, so a fix shows up as an XPASS that must be looked at.
"""

from __future__ import annotations

import pytest

import tremor

from . import scenarios as S
from .scoring import score


@pytest.mark.xfail(
    strict=True,
    reason="truth defect (issue 9): a set's tremor line drifting down to the 6 Hz band edge, 1-3 Hz wide, is "
    "reported as a separate 3-7 Hz out-of-band episode inside the set: seed 4170312521 set 4 (fatigue, "
    "410-450 s, line 7.33 -> 5.87 Hz, FWHM 2.9 Hz): episode 431.5-448.0 s at 5.125 Hz, 0.044 m/s^2; seed "
    "3212793856 set 3 (mixed, 330-369 s, line 7.54 -> 6.45 Hz, FWHM 2.7 Hz): episode 356.5-363.5 s at "
    "6.0 Hz, 0.062 m/s^2. 2 fresh seeds in 400",
)
@pytest.mark.parametrize("seed", [4170312521, 3212793856])
def test_set_tremor_drifting_to_the_band_edge_is_no_out_of_band_episode(seed: int) -> None:
    """A set's own tremor, whose line drifts down to the 6 Hz edge, is that set's tremor, not a second
    tremor out of the band: no out-of-band episode where the truth has none."""
    sc = S.gym_session(seed, 100, walking=False)
    result = tremor.analyze(sc.recording)
    sco = score(result, sc.truth)
    assert sco.false_episodes == 0, (sco.summary(), result.atypical_tremor)


@pytest.mark.xfail(
    strict=True,
    reason="truth defect (issue 9): seed 3843094593's fatigue set at 170.7-206.8 s (reps, observable 6-12 Hz "
    "power ratio 3.4) is not found as a set (sets 3/4; the other three within 0.19 s): 1 fresh seed in 400",
)
def test_every_set_of_a_gym_session_is_found_seed_3843094593() -> None:
    """Every set of reps between rests is found, both boundaries within 1 s."""
    sc = S.gym_session(3843094593, 100, walking=False)
    sco = score(tremor.analyze(sc.recording), sc.truth)
    assert sco.sets_matched == sco.sets_true == 4, sco.summary()
