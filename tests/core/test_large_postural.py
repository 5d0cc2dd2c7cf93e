"""A large, steady 6-12 Hz tremor from the start of most holds gets the re-test hedge (issue 9, red team R8-3).

Physics: a loaded hold's own shake (physiological tremor enhanced by the load, caffeine, poor sleep or nerves) stays
under about 0.2 m/s^2 RMS at the wrist (the red team's caffeine holds 0.10-0.18 in their first third), and a fatigue
tremor starts near the rest's level and grows. A postural tremor of 0.3-1.0 m/s^2 at 6-8 Hz from 1-2 s after the pose
in every hold (``gen_r8.py essential``) is neither: the session gets ``see_a_clinician`` with the conditional re-test
advice, its evidence saying what else could give it. Measured (fresh seeds 701-708 x 50/100/200 Hz): 0 of 24 -> 23 of
24 sessions (the miss: two holds ``fatigue_tremor``, a rise of 2-3x from the line's own envelope). The costs (true
fatigue, heavy and caffeine holds, max hangs, calm holds) gain none: ``docs/accuracy.md``.
"""

from __future__ import annotations

import os
from functools import cache
from typing import Any

import numpy as np
import pytest

from tests.conftest import metrics_with
from tests.core.test_redteam_r8 import GEN, R6, R8
from tests.run_entropy import fresh_entropy
from tremor.core.analysis import AnalysisResult, analyze
from tremor.core.causes import SetFacts
from tremor.core.large_postural import LARGE_POSTURAL_RMS, large_postural_cause
from tremor.core.recording import Recording, SourceInfo

FRESH_SEED = int(os.environ.get("TREMOR_ET_SEED", fresh_entropy(__name__) % 2**31))
SCENARIOS = {**GEN.SCENARIOS, **R6.SCENARIOS, **R8.SCENARIOS}


@cache
def _run(scenario: str, fs: float, seed: int) -> tuple[AnalysisResult, dict[str, Any]]:
    t, acc, truth = SCENARIOS[scenario](fs, np.random.default_rng(seed), "")
    rec = Recording(t, acc, True, SourceInfo(path="redteam.csv", format="generic_csv", units="m/s^2"))
    return analyze(rec), truth


def _clinician(res: AnalysisResult) -> list[str]:
    return [c.evidence for c in res.session_causes if c.id == "see_a_clinician"] + [
        c.evidence for s in res.sets for c in s.causes if c.id == "see_a_clinician"
    ]


def test_an_essential_like_postural_tremor_gets_the_hedge_and_names_no_condition() -> None:
    """Seed 705 at 100 Hz: three holds of 0.53-0.75 m/s^2 at 6.9 Hz from their first third; the session's
    clinician cause says what was measured and what else could do it, with the re-test advice; no diagnosis."""
    res, truth = _run("essential", 100.0, 705)
    cause = next(c for c in res.session_causes if c.id == "see_a_clinician")
    print(truth["models"], cause.evidence)
    assert "first third of 3 of 3 holds" in cause.evidence and "6.9 Hz" in cause.evidence
    assert "heavy or unfamiliar load" in cause.evidence and "passing state" in cause.evidence
    assert cause.advice.startswith("Not a diagnosis: re-test rested on another day")
    assert "essential" not in (cause.evidence + cause.advice).lower()
    assert "stabiliser_demand" in [c.id for s in res.sets for c in s.causes]


@pytest.mark.fresh_rate(
    param="seed",
    env="TREMOR_ET_SEED",
    measured="1 of 24 draws (seeds 701-708 x 50/100/200 Hz) without the hedge: two of its three holds "
    "fatigue_tremor (a 2-3x rise from the line's own envelope over 13 s thirds)",
)
@pytest.mark.parametrize("fs", [50.0, 200.0])
@pytest.mark.parametrize("seed", [701, pytest.param(FRESH_SEED, id="fresh")])
def test_an_essential_like_tremor_in_every_hold_gets_the_hedge(seed: int, fs: float) -> None:
    """A stationary 6-8 Hz tremor of 0.3-1.0 m/s^2 in every hold (none at rest): the re-test hedge."""
    print(f"seed {seed} (TREMOR_ET_SEED)")
    res, truth = _run("essential", fs, seed)
    print(truth["models"], [s.label for s in res.sets])
    assert _clinician(res)


@pytest.mark.parametrize("fs", [50.0, 100.0, 200.0])
@pytest.mark.parametrize(
    "scenario", ["caffeine", "fatigue_holds", "calm_holds", "max_hangs", "farmer", "spin_bike"]
)
@pytest.mark.parametrize("seed", [611, pytest.param(FRESH_SEED, id="fresh")])
def test_loaded_caffeine_and_fatigue_holds_get_no_hedge(scenario: str, fs: float, seed: int) -> None:
    """The costs: a steady caffeine tremor (0.10-0.18 m/s^2), true fatigue holds (small first, then growing),
    calm holds after jumping jacks, max hangs, farmer's walks, a spin bike: no clinician cause from the rule
    (0 of about 1200 red-team sessions over 68 scenarios, seeds 611-616 and 801-806 x 50/100/200 Hz, beyond the
    ``essential`` and ``rest_walks`` ones, whose tremor is true)."""
    print(f"seed {seed} (TREMOR_ET_SEED)")
    res, truth = _run(scenario, fs, seed)
    print(truth.get("models", ""), [s.label for s in res.sets])
    assert not _clinician(res)


def _hold(
    first_rms: float,
    rise: float,
    peak_hz: float = 7.0,
    kind: str = "hold",
    index: int = 1,
    rest: float = 0.01,
    label: str | None = None,
) -> SetFacts:
    """A set whose first third reads ``first_rms`` m/s^2 in 6-12 Hz and whose last third ``rise`` times that in power,
    over a rest of ``rest`` m/s^2."""
    first_vs_rest = (first_rms / rest) ** 2
    whole = first_vs_rest * (1.0 + rise) / 2.0
    m = metrics_with(
        peak_hz=peak_hz,
        start_peak_hz=peak_hz,
        end_peak_hz=peak_hz,
        rms_mps2=rest * whole**0.5,
        power_vs_rest=whole,
        end_to_start_ratio=rise,
        last_third_vs_rest=first_vs_rest * rise,
        movement_rms_mps2=0.05,
    )
    label = label or ("fatigue_tremor" if rise >= 1.5 else "enhanced_tremor")
    return SetFacts(index, 3, label, kind, 40.0, 60.0 * index, m)


def test_the_rule_needs_most_holds_large_from_their_start_and_steady() -> None:
    """The rule's parts: two holds or more at :data:`LARGE_POSTURAL_RMS` in their first third, steady, in the band,
    and at least half of the assessed holds; not a set of reps, not one hold, not a rising tremor."""
    big, small = LARGE_POSTURAL_RMS * 1.2, 0.1
    fired = large_postural_cause(
        [_hold(big, 1.0, index=1), _hold(big, 0.8, index=2), _hold(small, 1.0, index=3)]
    )
    assert fired is not None and "2 of 3 holds" in fired.evidence
    assert large_postural_cause([_hold(big, 1.0, index=1), _hold(small, 1.0, index=2)]) is None  # one hold
    assert large_postural_cause([_hold(big, 1.0, index=i, kind="reps") for i in (1, 2, 3)]) is None
    assert large_postural_cause([_hold(big, 3.0, index=i) for i in (1, 2, 3)]) is None  # a fatigue rise
    assert large_postural_cause([_hold(LARGE_POSTURAL_RMS * 0.9, 1.0, index=i) for i in (1, 2, 3)]) is None
    assert (
        large_postural_cause([_hold(big, 1.0, peak_hz=4.5, index=i) for i in (1, 2, 3)]) is None
    )  # out of band
    many = [_hold(big, 1.0, index=1), _hold(big, 1.0, index=2)] + [
        _hold(small, 1.0, index=i) for i in (3, 4, 5)
    ]
    assert large_postural_cause(many) is None  # under half of the holds


def test_the_tremor_must_be_the_holds_own_not_the_sessions() -> None:
    """h-rev51: a shake as large at rest (shivering, a vehicle) is not a postural tremor. A first third under
    9x the rest's power (3x its RMS), or a set read ``calm``, does not count; 3.2x the rest's RMS does."""
    big = LARGE_POSTURAL_RMS * 1.2
    assert large_postural_cause([_hold(big, 1.0, index=i, rest=big / 3.2) for i in (1, 2, 3)]) is not None
    assert large_postural_cause([_hold(big, 1.0, index=i, rest=big / 2.8) for i in (1, 2, 3)]) is None
    assert large_postural_cause([_hold(big, 1.0, index=i, label="calm") for i in (1, 2, 3)]) is None


def _shiver_or_heavy(fs: float, seed: int, shiver: float, hold_rms: float) -> Recording:
    """Reviewer h-rev51's physics (not the author's generator): 60 s standing, arm down, three 30 s holds with
    the arm raised to level, 75 s rests. ``shiver``: a cold person's 8-12 Hz shivering all session, grouped in
    3-6 s bursts 4-8 a minute over a continuous floor of 0.3x their size (``shiver`` m/s^2 a burst), at rest as in
    the holds. ``hold_rms``: a healthy near-maximal hold's load-enhanced physiological tremor, steady from its
    first second (1.0-1.4x through the hold), at a line the load lowers to 6.5-9 Hz."""
    rng = np.random.default_rng(seed)
    s = GEN.Session(60.0 + 3 * 105.0 + 20.0, fs, rng)
    s.pitch[:] = np.deg2rad(-80.0)
    n = s.t.size
    if shiver:
        env = np.full(n, 0.3 * shiver)
        t = rng.uniform(1.0, 6.0)
        while t < s.t[-1]:
            dur = rng.uniform(3.0, 6.0)
            env += GEN.taper(s.t, t, t + dur, dur / 2.5) * shiver * rng.uniform(0.6, 1.0)
            t += dur + 60.0 / rng.uniform(4.0, 8.0) - dur / 2
        s.lin += np.outer(
            GEN.narrow_line(np.full(n, rng.uniform(8.0, 10.0)), fs, 1.5, rng) * env, GEN.unit(rng)
        )
    f = rng.uniform(6.5, 9.0)
    for i in range(3):
        t0 = 60.0 + i * 105.0
        s.add_hold(t0, t0 + 30.0, 90.0)
        if hold_rms:
            m = s.mask(t0 + 1.0, t0 + 29.0)
            k = int(m.sum())
            env = (
                hold_rms
                * rng.uniform(1.0, 1.4) ** np.linspace(0, 1, k)
                * GEN.taper(s.t[m], t0 + 1, t0 + 29, 0.5)
            )
            s.lin[m] += np.outer(GEN.narrow_line(np.full(k, f), fs, 1.2, rng) * env, GEN.unit(rng))
    return Recording(s.t, s.total(), True, SourceInfo(path="rev51.csv", format="generic_csv", units="m/s^2"))


@pytest.mark.fresh_rate(
    param="seed",
    env="TREMOR_ET_SEED",
    measured="h-rev51: shivering through rest and holds (bursts of 0.2-1.0 m/s^2, seeds 5101-5106 x 50/100/200 Hz) "
    "got the hedge 8 of 18 at h-et (every hold calm), 0 of 18 with the hold's-own guard",
)
@pytest.mark.parametrize("seed", [5102, pytest.param(FRESH_SEED, id="fresh")])
def test_shivering_at_rest_and_in_the_holds_gets_no_hedge(seed: int) -> None:
    print(f"seed {seed} (TREMOR_ET_SEED)")
    res = analyze(_shiver_or_heavy(100.0, seed, shiver=0.9, hold_rms=0.0))
    print(res.rest_rms_mps2, [s.label for s in res.sets])
    assert not [c for c in res.session_causes if "first third of" in c.evidence]


@pytest.mark.parametrize("fs", [50.0, 200.0])
def test_a_healthy_near_maximal_hold_as_large_gets_the_hedge_naming_the_load(fs: float) -> None:
    """The rule's known cost (h-rev51): a healthy near-maximal hold whose load-enhanced tremor is 0.3 m/s^2 from its
    start, steady, cannot be told from a postural tremor by size, line or course (0.25-0.35 m/s^2: 8 of 9 draws;
    0.35 or more: 9 of 9; under 0.2: 1 of 65). Its evidence names the near-maximal load and an earlier maximal
    effort first among the alternatives, and the unloaded re-test that tells them apart."""
    res = analyze(_shiver_or_heavy(fs, 5301, shiver=0.0, hold_rms=0.3))
    cause = next(c for c in res.session_causes if c.id == "see_a_clinician")
    assert "near-maximal, very heavy or unfamiliar load" in cause.evidence
    assert "earlier maximal effort" in cause.evidence and "without a weight" in cause.evidence
