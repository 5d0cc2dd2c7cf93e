"""A rhythm locked to a slower wrist movement is the movement's, a rest tremor is not locked (harmonic_lock; issue 9).

Written from the physics, not from the red team's generator. A rider on an indoor trainer, hands on the bars, out of
any set: the body sways at the cadence c (1.2-1.8 rev/s, wandering 1-4 % over 15-40 s) by 0.05-0.3 m/s^2 at the
wrist, each leg's power stroke pulls on the bars at 2c (0.1-0.35 m/s^2, a quarter of it at 4c: the torque is
|sin|-shaped), and the rear wheel's imbalance shakes them at c x gear (2.0-3.9, 0.03-0.1 m/s^2 with 40 % at its
double). On the other side a true rest tremor (3.5-6 Hz, a line 0.3-0.5 Hz wide with its 2nd harmonic at 30 %,
0.05-1 m/s^2) with the hand in the lap: still, with breathing sway (0.5-1.5 deg at 0.2-0.3 Hz), or with a fidget
under the moving level (0.03-0.12 m/s^2, 0.05-0.3 Hz wide) centred exactly at a half, a third or a quarter of the
tremor's frequency, the worst coincidence for the rule.

Measured in loops of fresh draws (50/100/200 Hz in turn): rides without the wheel gave a clinician note in 15 of 450
before the rule (the sway under MOVING_MPS2, the power stroke's line an episode at rest), 0 of 450 after (1 of 2400
more, the test's loop: a 0.05 m/s^2 sway under a power stroke's skirt, no slow peak read); with the
wheel 22 of 450 before, 2 of 450 after (4 of 300 at 100 Hz): the wheel's line at gear x cadence, a fractional multiple
the rule does not ask about (a limit, tremor.core.harmonic_lock), so the rides here are drawn without it. The rest
tremors kept their note in 450 of 450 (still, breathing, a fidget at 0.8-1.8 Hz where under the moving level), before
and after, and none with a fidget at exactly a whole fraction of the tremor was taken as locked.
"""

from __future__ import annotations

import os

import numpy as np
import pytest

import tremor
from tests.stress import scenarios as S

RIDES = 8  # a rate
RESTS = 3  # a rate and kind


def ride(seed: int, fs: float, wheel: bool = False) -> tremor.AnalysisResult:
    """40 s seated still, 140 s pedalling at one wandering cadence, 30 s still (see the module); ``wheel``: with the
    rear wheel's imbalance line."""
    rng = np.random.default_rng(seed)
    b = S.SessionBuilder(fs, 210.0, rng, 0.01)
    t = b.t
    b.pitch += np.deg2rad(30.0)
    b.roll += np.deg2rad(60.0)
    cad = rng.uniform(1.2, 1.8) * (
        1 + rng.uniform(0.01, 0.04) * np.sin(2 * np.pi * t / rng.uniform(15, 40) + rng.uniform(0, 2 * np.pi))
    )
    ph = 2 * np.pi * np.cumsum(cad) / fs
    gear = rng.uniform(2.0, 3.9)
    on = np.clip(np.minimum(t - 40.0, 180.0 - t) / 2.0, 0, 1)
    sway, stroke, imbalance = rng.uniform(0.05, 0.3), rng.uniform(0.1, 0.35), rng.uniform(0.03, 0.1) * wheel
    b.lin += np.outer(sway * np.sqrt(2) * np.sin(ph) * on, S._unit(rng))
    pull = np.sin(2 * ph + rng.uniform(0, 2 * np.pi)) + 0.25 * np.sin(4 * ph + 0.4)
    b.lin += np.outer(stroke * np.sqrt(2) * pull * on, S._unit(rng))
    b.lin += np.outer(imbalance * (np.sin(gear * ph) + 0.4 * np.sin(2 * gear * ph + 1.0)) * on, S._unit(rng))
    return tremor.analyze(b.finish(description="trainer ride").recording)


def rest_tremor(seed: int, fs: float, kind: str) -> tuple[tremor.AnalysisResult, float]:
    """300 s seated, the hand in the lap, a rest tremor from 40 to 260 s; ``kind``: still, breath, fraction."""
    rng = np.random.default_rng(seed)
    b = S.SessionBuilder(fs, 300.0, rng, 0.01)
    t = b.t
    hz, rms = rng.uniform(3.5, 6.0), float(np.exp(rng.uniform(np.log(0.05), np.log(1.0))))
    m = (t >= 40.0) & (t < 260.0)
    tt = t[m] - 40.0
    env = np.clip(np.minimum(tt, 220.0 - tt) / 2.0, 0, 1)
    x = S.narrowband(rng, tt, fs, hz, rng.uniform(0.3, 0.5)) + 0.3 * S.narrowband(rng, tt, fs, 2 * hz, 0.8)
    b.lin[m] += np.outer(rms * x / np.sqrt(1.09) * env, S._unit(rng))
    if kind == "breath":
        b.pitch += np.deg2rad(rng.uniform(0.5, 1.5)) * np.sin(2 * np.pi * rng.uniform(0.2, 0.3) * t)
    elif kind == "fraction":
        fidget = rng.uniform(0.03, 0.12) * S.narrowband(
            rng, t, fs, hz / rng.integers(2, 5), rng.uniform(0.05, 0.3)
        )
        b.lin += np.outer(fidget, S._unit(rng))
    return tremor.analyze(b.finish(description="rest tremor").recording), hz


def _entropy() -> int:
    """The draw's first seed: ``TREMOR_LOCK_SEED`` to replay one, else fresh (drawn in each test's body)."""
    return int(os.environ.get("TREMOR_LOCK_SEED", np.random.SeedSequence().entropy % 2**31))  # type: ignore[operator]


def _clinician(result: tremor.AnalysisResult) -> bool:
    return "see_a_clinician" in [c.id for c in result.session_causes]


def _locked_notes(result: tremor.AnalysisResult) -> list[str]:
    return [n for n in result.notes if "whole multiple of a slower wrist movement" in n]


@pytest.mark.fresh_rate(
    env="TREMOR_LOCK_SEED",
    measured="1 of 300 draws of this body failed in a loop (100 a rate, 2400 rides; seed 2007530751 at 50 Hz: "
    "cadence 1.20, sway 0.05 m/s^2 under a 0.12 power stroke whose skirt tops the slow band, so no slow peak is "
    "read and the 4c line at 4.75 Hz kept its note)",
)
@pytest.mark.parametrize("fs", [50.0, 100.0, 200.0])
def test_trainer_rides_give_no_clinician_note(fs: float) -> None:
    """None of :data:`RIDES` fresh rides (sway 0.05-0.3 m/s^2, power-stroke lines at 2.4-3.6 Hz) gives a note."""
    entropy = _entropy()
    print(f"ride seeds {entropy}.. (replay with TREMOR_LOCK_SEED={entropy})")
    noted = []
    for seed in range(entropy, entropy + RIDES):
        result = ride(seed, fs)
        if _clinician(result):
            noted.append((seed, [(e.start_s, e.end_s, e.peak_hz) for e in result.atypical_tremor]))
    assert not noted, noted


def test_the_note_says_why() -> None:
    """The ride that failed before the rule (sway 0.146 m/s^2, under MOVING_MPS2): the note names the multiple."""
    from tests.core.test_episode_movement import _ride

    result = _ride(222924812, 100.0)
    notes = _locked_notes(result)
    print(notes)
    assert not _clinician(result)
    assert len(notes) == 1 and "3.5 Hz, 2 times the wrist's movement at 1.7" in notes[0]
    assert "whether it is a tremor cannot be assessed" in notes[0]


@pytest.mark.fresh_rate(
    env="TREMOR_LOCK_SEED",
    measured="0 of 900 draws of this body failed in a loop (100 a rate and kind, 2700 tremors)",
)
@pytest.mark.parametrize("kind", ["still", "breath", "fraction"])
@pytest.mark.parametrize("fs", [50.0, 100.0, 200.0])
def test_a_rest_tremor_is_not_locked(fs: float, kind: str) -> None:
    """A true rest tremor keeps its note and is never taken for a locked rhythm, even with a fidget at exactly a
    whole fraction of its frequency (the tremor's own wander breaks the lock frame by frame)."""
    entropy = _entropy()
    print(f"rest seeds {entropy}.. (replay with TREMOR_LOCK_SEED={entropy})")
    for seed in range(entropy, entropy + RESTS):
        result, hz = rest_tremor(seed, fs, kind)
        print(seed, round(hz, 2), [(e.start_s, e.end_s, e.peak_hz) for e in result.atypical_tremor])
        assert not _locked_notes(result), (seed, _locked_notes(result))
        assert _clinician(result), (seed, result.notes)
