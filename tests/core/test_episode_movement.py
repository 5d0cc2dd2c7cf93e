"""An out-of-band rhythm while the wrist keeps moving is no rest tremor (tremor.core.episode_movement; red team R4-1).

Written from the physics, not from the red team's generator: hands on a bike's bars on an indoor trainer, the body
swaying at the cadence (1.2-1.8 rev/s, 0.2-0.35 m/s^2 at the wrist: a steady seated ride, under the movement a set
needs; a harder one is a set, not assessable for its movement), each leg's power stroke pulling on the bars at
twice the cadence (0.15-0.35 m/s^2, a quarter of it again at four times: the pedal torque is |sin|-shaped), and the
rear wheel's imbalance at cadence x gear (2.0-3.9) with 40 % at its double (0.03-0.1 m/s^2), one cadence and gear an
interval. On the other side a true rest tremor (3.2-6 Hz, a line 0.4 Hz wide with its 2nd harmonic at 30 %, 0.05-0.4
m/s^2 RMS) with the hand in the lap, still or fidgeting lightly, must keep its clinician note.
"""

from __future__ import annotations

import os

import numpy as np
import pytest

import tremor
from tests.run_entropy import fresh_entropy
from tests.stress import scenarios as S
from tremor.core.episode_movement import MOVING_MPS2

FRESH_SEED = int(os.environ.get("TREMOR_RIDE_SEED", fresh_entropy(__name__) % 2**31))


def _ride(seed: int, fs: float) -> tremor.AnalysisResult:
    """60 s seated still, 6 min of pedalling in four intervals, 60 s still."""
    rng = np.random.default_rng(seed)
    b = S.SessionBuilder(fs, 540.0, rng, 0.01)
    t = b.t
    b.pitch += np.deg2rad(30.0)
    b.roll += np.deg2rad(60.0)
    cad = np.zeros(t.size)
    wheel = np.zeros(t.size)
    for a, e, lo, hi in (
        (60, 180, 1.5, 1.8),
        (180, 240, 1.2, 1.4),
        (240, 360, 1.5, 1.8),
        (360, 480, 1.2, 1.4),
    ):
        w = np.clip((t - a + 1.0) / 2.0, 0, 1) - np.clip((t - e + 1.0) / 2.0, 0, 1)
        c = rng.uniform(lo, hi)
        cad += c * w
        wheel += c * rng.uniform(2.0, 3.9) * w
    cad *= 1 + 0.02 * np.sin(2 * np.pi * t / rng.uniform(20, 40))
    ph = 2 * np.pi * np.cumsum(cad) / fs
    phw = 2 * np.pi * np.cumsum(wheel) / fs
    on = np.clip(np.minimum(t - 60.0, 480.0 - t) / 2.0, 0, 1)
    b.lin[:, 1] += rng.uniform(0.2, 0.35) * np.sin(ph) * on
    b.lin[:, 0] += rng.uniform(0.15, 0.35) * (np.sin(2 * ph) + 0.25 * np.sin(4 * ph + 0.4)) * on
    b.lin += np.outer(rng.uniform(0.03, 0.1) * (np.sin(phw) + 0.4 * np.sin(2 * phw + 1.0)) * on, S._unit(rng))
    return tremor.analyze(b.finish(description="indoor trainer ride").recording)


def _rest_tremor(seed: int, fs: float, hz: float, rms: float, fidget: float) -> tremor.AnalysisResult:
    """5 min seated, the hand in the lap; a rest tremor at ``hz`` from 60 to 240 s; ``fidget`` m/s^2 of slow hand
    movement (0.3-1.5 Hz) throughout."""
    rng = np.random.default_rng(seed)
    b = S.SessionBuilder(fs, 300.0, rng, 0.01)
    t = b.t
    m = (t >= 60.0) & (t < 240.0)
    on = np.clip(np.minimum(t[m] - 60.0, 240.0 - t[m]) / 2.0, 0, 1)
    line = S.narrowband(rng, t[m], fs, hz, 0.4)
    line2 = S.narrowband(rng, t[m], fs, 2 * hz, 0.8)
    b.lin[m] += np.outer(rms * (line + 0.3 * line2) / np.sqrt(1.09) * on, S._unit(rng))
    if fidget:
        b.lin += np.outer(fidget * S.narrowband(rng, t, fs, rng.uniform(0.5, 1.2), 0.6), S._unit(rng))
    return tremor.analyze(b.finish(description="rest tremor").recording)


@pytest.mark.parametrize(
    ("seed", "fs"),
    [
        (1, 100.0),
        (3, 100.0),
        (4, 100.0),
        (19, 100.0),
        (23, 100.0),
        (2, 200.0),
        (5, 50.0),
        pytest.param(FRESH_SEED, 100.0, id="fresh"),
        pytest.param(222924812, 100.0, id="222924812"),  # under MOVING_MPS2: the harmonic lock (issue 9)
    ],
)
@pytest.mark.fresh_rate(
    param="seed",
    env="TREMOR_RIDE_SEED",
    measured="none of 100 rides at fixed seeds (the docstring); one fresh draw in about 30 runs of the fresh-seed "
    "files failed (seed 222924812: the sway 0.146 m/s^2, under MOVING_MPS2, the power stroke's 3.5 Hz line an "
    "episode at rest) until tremor.core.harmonic_lock; with it, 0 of 300 fresh draws of this ride in a loop",
)
def test_pedalling_on_a_trainer_is_no_rest_tremor(seed: int, fs: float) -> None:
    """No rest episode and no clinician note from a ride.

    Before the rule seeds 1, 3 and 4 at 100 Hz read a rest tremor at 5.5, 4.75 and 3.25 Hz (the wheel's line, the
    power stroke's) with a clinician note (3 of seeds 1-6). With the movement's peak alone as the test of the
    movement, 2 of seeds 11-30 still did (19, 23: the power stroke topping the movement band); with its RMS over
    the rhythm's too, none of seeds 1-10 at 50, 100 and 200 Hz, 11-30 at 100 Hz, nor 31-90 (90 more rides, rates
    in turn)."""
    print(f"ride seed {seed} (replay with TREMOR_RIDE_SEED={seed})")
    result = _ride(seed, fs)
    causes = [c.id for c in result.session_causes]
    print([(e.start_s, e.end_s, e.peak_hz, e.set_index) for e in result.atypical_tremor], causes)
    assert not [e for e in result.atypical_tremor if e.set_index is None], result.atypical_tremor
    assert "see_a_clinician" not in causes
    assert not any(s.label == "atypical_tremor" for s in result.sets)


@pytest.mark.parametrize(
    ("seed", "fs", "hz", "rms", "fidget"),
    [
        (11, 100.0, 3.2, 0.4, 0.0),
        (12, 100.0, 3.5, 0.2, 0.05),
        (13, 200.0, 4.5, 0.1, 0.0),
        (14, 100.0, 5.0, 0.05, 0.05),
        (15, 50.0, 4.0, 0.3, 0.08),
        (16, 200.0, 6.0 - 0.25, 0.15, 0.0),
        (21, 100.0, 3.25, 0.6, 0.1),
        (22, 200.0, 3.4, 0.5, 0.1),
    ],
)
def test_a_rest_tremor_with_the_hand_in_the_lap_keeps_its_note(
    seed: int, fs: float, hz: float, rms: float, fidget: float
) -> None:
    """A true rest tremor, up to 0.4 m/s^2 at 3.2 Hz (its skirt partly in the 0.25-3 Hz movement band) and with
    light fidgeting under the moving level: still a rest episode and a clinician note."""
    result = _rest_tremor(seed, fs, hz, rms, fidget)
    rest = [e for e in result.atypical_tremor if e.set_index is None]
    print([(e.start_s, e.end_s, e.peak_hz) for e in rest], [c.id for c in result.session_causes])
    assert rest and any(abs(e.peak_hz - hz) <= 0.5 for e in rest), result.atypical_tremor
    assert "see_a_clinician" in [c.id for c in result.session_causes]
    assert not [n for n in result.notes if "kept moving" in n]
    assert fidget < MOVING_MPS2
