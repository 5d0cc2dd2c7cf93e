"""An out-of-band tremor's harmonic and cycles are not fatigue, cold or fasciculations (issue 9, red team R3-3).

Both sides: a trend of 6-12 Hz power across sets that each hold a 3-6 Hz out-of-band episode (whose
2nd or 3rd harmonic lies in the band) names no fatigue or cold, the same trend without such episodes
(or with an episode whose harmonics lie outside the band) does; twitches inside an out-of-band episode
are not counted towards a set's label and causes, twitches outside one are.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from tests.conftest import metrics_with
from tremor.core.analysis import _without_episode_twitches
from tremor.core.causes import SessionFacts, SetFacts, harmonic_in_band, session_causes, set_causes
from tremor.core.classify import MIN_TWITCHES, Episode, SetMetrics, label_set
from tremor.core.sets import SetSpan


def _metrics(**kw: object) -> SetMetrics:
    return metrics_with(**{"rms_mps2": 0.02, "movement_rms_mps2": 0.05, **kw})


def _sets(powers: list[float], episode_hz: float | None) -> list[SetFacts]:
    out = []
    for i, p in enumerate(powers):
        start = 60.0 + 100.0 * i
        eps = (
            () if episode_hz is None else (Episode(start + 8, start + 38, episode_hz, "3-7 Hz", 0.1, i + 1),)
        )
        out.append(SetFacts(i + 1, len(powers), "calm", "hold", 40.0, start, _metrics(power_vs_rest=p), eps))
    return out


def _ids(sets: list[SetFacts]) -> list[str]:
    return [c.id for c in session_causes(SessionFacts(400.0, 0.02, tuple(sets), (), {}))]


def test_harmonic_in_band_on_both_sides() -> None:
    assert harmonic_in_band(_sets([1.0], 4.5)[0])  # 9 Hz
    assert harmonic_in_band(_sets([1.0], 3.2)[0])  # 6.4, 9.6 Hz
    assert harmonic_in_band(_sets([1.0], 2.5)[0])  # 7.5 Hz (3rd)
    assert not harmonic_in_band(_sets([1.0], 6.5)[0])  # 13, 19.5 Hz
    assert not harmonic_in_band(_sets([1.0], 14.0)[0])
    assert not harmonic_in_band(_sets([1.0], None)[0])


def test_a_harmonics_trend_across_sets_names_no_fatigue_or_cold() -> None:
    # falling: each set below the one before by 1.5x or more (a trend of the sets, not of the first one)
    rising, falling = [1.0, 1.5, 3.5], [2.8, 1.7, 1.0]
    assert "neuromuscular_fatigue" in _ids(_sets(rising, None))
    assert "neuromuscular_fatigue" in _ids(_sets(rising, 6.5))
    assert "neuromuscular_fatigue" not in _ids(_sets(rising, 4.57))
    assert "cold" in _ids(_sets(falling, None))
    assert "cold" not in _ids(_sets(falling, 5.0))
    # one set without the episode: the other two are no trend of three
    mixed = _sets(rising, 4.57)
    mixed[0] = replace(mixed[0], episodes=())
    assert "neuromuscular_fatigue" not in _ids(mixed)


def test_twitches_inside_an_out_of_band_episode_do_not_make_fasciculations() -> None:
    span = SetSpan(1, 160.0, 200.0, 260.0, "hold", "auto")
    n = MIN_TWITCHES
    twitches = np.array([171.3, 171.5, 205.4, 206.1][: max(n, 2)] + [150.0])
    m = _metrics(twitches_in_set=2, twitches_in_recovery=max(n, 2) - 2, recovery_rate_per_min=2.0)
    assert label_set(m) == "fasciculations"
    # the episode in the set and the rest episode after it hold them all
    episodes = [
        Episode(168.0, 199.0, 4.5, "3-7 Hz", 0.05, 1),
        Episode(204.5, 220.0, 4.75, "3-7 Hz", 0.05, None),
    ]
    counted, left_out = _without_episode_twitches(m, twitches, span, episodes)
    assert left_out == max(n, 2)
    assert counted.twitches_in_set == 0 and counted.twitches_in_recovery == 0
    assert counted.recovery_rate_per_min == 0.0
    assert label_set(counted) == "calm"
    facts = SetFacts(1, 1, "calm", "hold", 40.0, 160.0, counted)
    ids = [c.id for c in set_causes(facts, SessionFacts(400.0, 0.02, (facts,), (), {}))]
    assert "metabolic_byproducts" not in ids
    # the same twitches with no episode over them: still fasciculations and its causes
    counted, left_out = _without_episode_twitches(
        m, twitches, span, [Episode(10.0, 40.0, 4.5, "3-7 Hz", 0.05, None)]
    )
    assert left_out == 0 and counted is m
    facts = SetFacts(1, 1, "fasciculations", "hold", 40.0, 160.0, counted)
    if m.twitches_in_recovery >= 2:
        assert "metabolic_byproducts" in [
            c.id for c in set_causes(facts, SessionFacts(400.0, 0.02, (facts,), (), {}))
        ]
    # only the ones inside count out: one in the episode, the recovery's outside it
    counted, left_out = _without_episode_twitches(
        m, twitches, span, [Episode(171.0, 171.4, 4.5, "3-7 Hz", 0.05, 1)]
    )
    assert (
        left_out == 1
        and counted.twitches_in_set == 1
        and counted.twitches_in_recovery == m.twitches_in_recovery
    )
