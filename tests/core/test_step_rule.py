"""The step rule (``tremor.core.twitch_steps``) on signals written from the physics: a hand on a
treadmill's rail, footfalls through the body at the step rate, against rest with true twitches.

A fixed seed and a fresh one (printed; replay with ``TREMOR_STEP_SEED=<seed>``).
"""

from __future__ import annotations

import os

import numpy as np
import pytest

from tests.run_entropy import fresh_entropy
from tremor.core.events import detect_transients

FRESH_SEED = int(os.environ.get("TREMOR_STEP_SEED", fresh_entropy(__name__) % 2**31))
SEEDS = [pytest.param(20261129, id="fixed"), pytest.param(FRESH_SEED, id="fresh")]
FS = 100.0


def _unit(rng: np.random.Generator) -> np.ndarray:
    v = rng.normal(size=3)
    return v / np.linalg.norm(v)


def _burst(rng: np.random.Generator, peak: float) -> np.ndarray:
    """A damped ring (an impact at the wrist or a twitch), 12-30 Hz, zeta 0.1-0.2, ``peak`` m/s^2."""
    f, zeta = rng.uniform(12.0, 30.0), rng.uniform(0.1, 0.2)
    t = np.arange(int(0.25 * FS)) / FS
    x = np.exp(-zeta * 2 * np.pi * f * t) * np.sin(2 * np.pi * f * t)
    return peak * x / np.max(np.abs(x))


def _add(acc: np.ndarray, i: int, burst: np.ndarray, axis: np.ndarray) -> None:
    n = min(burst.size, acc.shape[0] - i)
    acc[i : i + n] += np.outer(burst[:n], axis)


def _base(rng: np.random.Generator, dur_s: float) -> np.ndarray:
    """Gravity, white sensor noise 0.008 m/s^2 and a physiological tremor of about 0.012 m/s^2."""
    n = int(dur_s * FS)
    t = np.arange(n) / FS
    acc = rng.normal(0, 0.008, (n, 3)) + np.array([0.0, 0.0, 9.81])
    acc += np.outer(0.017 * np.sin(2 * np.pi * rng.uniform(8.5, 10) * t + rng.uniform(0, 6)), _unit(rng))
    return acc


def rail_walk(rng: np.random.Generator, dur_s: float = 60.0) -> tuple[np.ndarray, float, float]:
    """A hand on a treadmill rail: footfalls at 1.4-3 Hz (intervals jittered 2-5 %), 0.05-1 m/s^2 each
    along the body's vertical (+- a few degrees), the body's bob at the step rate and a belt line."""
    acc = _base(rng, dur_s)
    n = acc.shape[0]
    t = np.arange(n) / FS
    rate, jitter = rng.uniform(1.4, 3.0), rng.uniform(0.02, 0.05)
    up = _unit(rng)
    acc += np.outer(0.2 * np.sin(2 * np.pi * rate * t), up)  # the bob
    f_belt = rng.uniform(6.0, 18.0)
    acc += np.outer(rng.uniform(0.03, 0.08) * np.sqrt(2) * np.sin(2 * np.pi * f_belt * t), _unit(rng))
    s = 5.0  # stepping on after standing (in a recording's first 2 s a beat has too little background to show)
    while s < dur_s - 0.3:
        axis = up + rng.normal(0, 0.05, 3)
        _add(acc, int(s * FS), _burst(rng, rng.uniform(0.05, 1.0)), axis / np.linalg.norm(axis))
        s += (1.0 / rate) * (1 + rng.normal(0, jitter))
    return acc, rate, jitter


def rest_twitches(rng: np.random.Generator, dur_s: float = 120.0) -> tuple[np.ndarray, np.ndarray]:
    """Rest with true twitches: isolated ones (Poisson, 4-20 a minute) and pairs and triplets
    0.3-0.6 s apart, 0.1-0.3 m/s^2, each along its own random axis."""
    acc = _base(rng, dur_s)
    times: list[float] = []
    s = 3.0 + rng.exponential(60.0 / rng.uniform(4, 20))
    while s < dur_s - 3:
        for _ in range(int(rng.choice([1, 1, 2, 3]))):
            times.append(s)
            s += rng.uniform(0.3, 0.6)
        s += 1.0 + rng.exponential(4.0)
    for x in times:
        _add(acc, int(x * FS), _burst(rng, rng.uniform(0.1, 0.3)), _unit(rng))
    return acc, np.array(times)


@pytest.mark.fresh_rate(
    param="seed",
    env="TREMOR_STEP_SEED",
    measured="1050 fresh walks: 7 with one twitch, 1 with two, 1 with three; two walks of three with any: ~2e-4 a draw",
)
@pytest.mark.parametrize("seed", [*SEEDS, pytest.param(1084567081, id="ci-1084567081")])
def test_footfalls_through_a_rail_are_not_twitches(seed: int) -> None:
    """Footfalls at 1.4-3 Hz through a hand on the rails, each walk running to the recording's end: at
    most three candidates left twitches in three one-minute walks, and at most one in all but a few.

    Measured over 1050 fresh walks (seeds 1000-1099 and 2000-2249, three walks each): 1041 with no
    twitch, 7 with one, 1 with two, 1 with three (footfalls of a train whose envelope shows a beat at
    only about 40 % of the steps); without the step rule 1-18 a walk (2-18 in 9 of 10). Before the
    one-sided span was widened at the data's end, 5 of 300 walks left 2-4 twitches in their last
    2-3 s (seed ``ci-1084567081``: 2, the CI run that found it).
    """
    print(f"step seed: {seed} (replay with TREMOR_STEP_SEED={seed})")
    rng = np.random.default_rng(seed)
    counts = []
    for _ in range(3):
        acc, rate, jitter = rail_walk(rng)
        found = detect_transients(acc, fs=FS)
        kinds = [c.kind for c in found]
        print(
            f"  rate {rate:.2f} Hz, jitter {jitter:.3f}: {kinds.count('steps')} steps, {kinds.count('twitch')} twitches"
        )
        counts.append(kinds.count("twitch"))
    assert sum(counts) <= 3
    assert sorted(counts)[1] == 0  # at most one walk of three leaves any


def test_the_last_footfalls_before_a_recording_ends_are_steps() -> None:
    """A walk that runs to the end of the recording: the footfalls in its last 4 s (where no data follows)
    are steps, read on the beats before them (the CI seed whose walk left two twitches there)."""
    rng = np.random.default_rng(1084567081)
    for _ in range(2):
        acc, _, _ = rail_walk(rng)
    found = detect_transients(acc, fs=FS)
    late = [(round(c.t_s, 2), c.kind) for c in found if c.t_s > acc.shape[0] / FS - 4.0]
    print(late)
    assert any(kind == "steps" for _, kind in late)
    assert not [t for t, kind in late if kind == "twitch"]


@pytest.mark.parametrize("seed", SEEDS)
def test_twitches_at_rest_are_not_steps(seed: int) -> None:
    """True twitches at rest, isolated or in pairs and triplets: none is taken for a footfall."""
    print(f"step seed: {seed} (replay with TREMOR_STEP_SEED={seed})")
    rng = np.random.default_rng(seed)
    acc, times = rest_twitches(rng)
    found = detect_transients(acc, fs=FS)
    print(f"  {times.size} twitches made, {sum(c.kind == 'twitch' for c in found)} found")
    assert not [c.t_s for c in found if c.kind == "steps"]


def dense_twitches(rng: np.random.Generator, dur_s: float = 60.0) -> np.ndarray:
    """Rest with dense twitching: 0.3-0.45 s apart (2.2-3.3 a second, the step rates' range), 0.15-0.3
    m/s^2, each along its own random axis (many motor units)."""
    acc = _base(rng, dur_s)
    s = 3.0
    while s < dur_s - 1:
        _add(acc, int(s * FS), _burst(rng, rng.uniform(0.15, 0.3)), _unit(rng))
        s += rng.uniform(0.3, 0.45)
    return acc


@pytest.mark.fresh_rate(
    param="seed",
    env="TREMOR_STEP_SEED",
    measured="more than two of two minutes taken for steps in 8 of 1132 fresh draws (eleventh session; 3 of 393 on "
    "0d04a73, before it)",
)
@pytest.mark.parametrize("seed", SEEDS)
def test_dense_twitching_along_random_axes_is_not_steps(seed: int) -> None:
    """Twitches 0.3-0.45 s apart, at the step rates' pace but along random axes: at most two of two
    minutes taken for steps (measured 0-1 in 14 files at STEP_COS 0.93, 3-9 in each at 0.8; over 120
    files of seeds 3000-3059, 5 in all, at most 2 in one file, seed 3014)."""
    print(f"step seed: {seed} (replay with TREMOR_STEP_SEED={seed})")
    rng = np.random.default_rng(seed)
    steps = 0
    for _ in range(2):
        found = detect_transients(dense_twitches(rng), fs=FS)
        steps += sum(c.kind == "steps" for c in found)
        print(f"  {sum(c.kind == 'twitch' for c in found)} twitches, {steps} steps so far")
    assert steps <= 2
