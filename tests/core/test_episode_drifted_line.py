"""An out-of-band episode late in a set whose own tremor line drifted continuously down out of the band is
that line, not a second tremor; a genuine 3-7 Hz oscillation late in a set is still an episode
(``episodes._own_line_skirt`` with ``band_edge.drifted_out_of_band``; issue 9, fresh seed 249280292)."""

from __future__ import annotations

import numpy as np
import pytest

import tremor
from tests.stress import scenarios as S
from tests.stress.scoring import score


def _set(seed: int, f0: float, drift: float, episode: tuple[float, float] | None) -> S.Scenario:
    b = S.SessionBuilder(100.0, 130.0, np.random.default_rng(seed), noise_mps2=0.02)
    b.add_rep_set(40.0, 85.0, tremor_ratio=2.9, f_start=f0, drift_hz=drift, width_hz=1.7)
    if episode is not None:
        b.add_episode(70.0, 83.0, *episode)  # in the set's last third
    return b.finish(description="fatigue set")


@pytest.mark.parametrize("seed", [9, 1, 2, 3])
def test_a_line_drifting_down_out_of_the_band_makes_no_episode(seed: int) -> None:
    """A fatigue line drifting 7.0-7.4 -> 5.5-5.9 Hz, 1.7 Hz wide (seed 249280292's set 3: 7.18 -> 5.72 Hz):
    no out-of-band episode. Over the few seconds of a frame run the line's own mean spectrum may peak out of
    the band, prominent and over the 7-12 Hz peak: seed 9 gave one at 67-84 s, 6.0 Hz, before; 1 of 30
    seeds (1-30) before, 0 of 30 now."""
    f0 = float(np.random.default_rng(1000 + seed).uniform(7.0, 7.4))
    sc = _set(seed, f0, 1.5, None)
    result = tremor.analyze(sc.recording)
    sco = score(result, sc.truth)
    assert sco.sets_within == 1 and not result.atypical_tremor, (sco.summary(), result.atypical_tremor)


@pytest.mark.parametrize("seed", [1, 9, 12])
@pytest.mark.parametrize("f0,drift", [(8.5, 0.3), (7.3, 0.9)])
def test_a_real_oscillation_late_in_a_set_is_still_an_episode(seed: int, f0: float, drift: float) -> None:
    """A 4.5 Hz oscillation (0.15 m/s^2) in the last third of a set whose line stays at 8.5 Hz, or drifts
    7.3 -> 6.4 Hz inside the band: the set's line does not move continuously to it (the stretches' peaks
    jump from 6.5-8.5 Hz to 4.5 Hz), so it stays an episode. These are the three seeds of 1-12 where the
    movement of the reps lets it be found at all, before and after (3 of 12 each, both lines)."""
    sc = _set(seed, f0, drift, (4.5, 0.15))
    result = tremor.analyze(sc.recording)
    assert len(result.atypical_tremor) == 1, result.atypical_tremor
    (ep,) = result.atypical_tremor
    assert abs(ep.peak_hz - 4.5) <= 0.5 and ep.set_index == 1
