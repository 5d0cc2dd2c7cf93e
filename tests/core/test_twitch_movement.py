"""The twitch detector's movement rule: a steady drift is no movement edge; a posture shift is one."""

from __future__ import annotations

import numpy as np
import pytest

from tremor.core.events import detect_transients
from tremor.core.twitch_noise import slow_excursion

G = np.array([0.0, 0.0, 9.81])


def _twitch(t: np.ndarray, t0: float, peak: float, freq_hz: float = 20.0, tau_s: float = 0.015) -> np.ndarray:
    u = t - t0
    w = np.where(u >= 0, np.exp(-np.clip(u, 0, None) / tau_s) * np.sin(2 * np.pi * freq_hz * u), 0.0)
    return peak * w / np.abs(w).max()


@pytest.mark.parametrize("fs", [100.0, 200.0])
def test_twitches_on_a_steady_drift_are_twitches(fs: float) -> None:
    """An arm sinking steadily at rest (0.4 m/s^2 a second, about 2.3 degrees a second) leaks nothing
    into the twitch band: 0.12 m/s^2 twitches on it are twitches, not movement edges (they read as
    movement while the rule measured the drift's plain peak-to-peak range over 0.6 s)."""
    rng = np.random.default_rng(4)
    t = np.arange(int(40 * fs)) / fs
    acc = G + 0.01 * rng.normal(size=(t.size, 3))
    acc[:, 0] += 0.4 * (t - 20.0)  # within the sensor's range; the ramp alone is no event
    times = np.arange(8.0, 38.0, 2.5)
    for k, t0 in enumerate(times):
        axis = rng.normal(size=3)
        acc += np.outer(_twitch(t, t0, 0.12, freq_hz=15.0 + k), axis / np.linalg.norm(axis))
    found = detect_transients(acc, fs=fs)
    for t0 in times:
        near = [c for c in found if abs(c.t_s - t0) < 0.1]
        assert [c.kind for c in near] == ["twitch"], (t0, near)


@pytest.mark.parametrize("fs", [100.0, 200.0])
@pytest.mark.parametrize("shift_s", [0.1, 0.15, 0.3])
def test_a_posture_shift_is_movement_not_a_twitch(fs: float, shift_s: float) -> None:
    """A posture shift (0.5 m/s^2 over 0.1-0.3 s, raised cosine; a slower one leaks less than the threshold) leaks into the band's low edge; the
    bend in its 0-3 Hz part (what is left after the straight line) outweighs that leak."""
    rng = np.random.default_rng(5)
    t = np.arange(int(20 * fs)) / fs
    acc = G + 0.01 * rng.normal(size=(t.size, 3))
    u = np.clip((t - 10.0) / shift_s, 0.0, 1.0)
    acc[:, 1] += 0.5 * (0.5 - 0.5 * np.cos(np.pi * u))
    found = detect_transients(acc, fs=fs)
    near = [c for c in found if 9.5 < c.t_s < 10.5 + shift_s]
    assert near, "the shift's leak should cross the threshold (else the test shows nothing)"
    assert all(c.kind != "twitch" for c in near), near


def test_slow_excursion_leaves_out_a_straight_line() -> None:
    """A ramp has no excursion; a bend keeps one; fewer than 3 samples give 0."""
    n = 61
    ramp = np.outer(np.linspace(-1.0, 1.0, n), [0.3, -0.2, 0.1])
    assert slow_excursion(ramp) == pytest.approx(0.0, abs=1e-12)
    bend = np.zeros((n, 3))
    bend[n // 2 :, 0] = np.linspace(0.0, 0.5, n - n // 2)
    assert slow_excursion(bend) > 0.05
    assert slow_excursion(bend + ramp) == pytest.approx(slow_excursion(bend))
    assert slow_excursion(np.ones((2, 3))) == 0.0


def test_slow_excursions_equal_slow_excursion_one_by_one() -> None:
    """The finder's batched excursions are :func:`slow_excursion`'s values bit for bit, windows of
    mixed lengths (fewer than 3 samples give 0) and of the held 0-3 Hz filter's output alike."""
    from tremor.core.events import HeldFilter, slow_fir
    from tremor.core.twitch_noise import slow_excursions

    seed = int(np.random.SeedSequence().entropy % (2**32))
    print(f"seed {seed}")
    rng = np.random.default_rng(seed)
    windows = [
        rng.normal(size=(int(n), 3)) * rng.lognormal(0, 3) + rng.normal(0, 10, 3)
        for n in rng.choice([0, 1, 2, 3, 17, 61, 61, 121], 200)
    ]
    held = HeldFilter(slow_fir(100.0))
    held.update(np.cumsum(rng.normal(0, 0.05, (5000, 3)), axis=0), final=True)
    windows += [held.window(i, i + 61) for i in rng.integers(0, 4900, 200).tolist()]
    got = slow_excursions(windows)
    assert got.tolist() == [slow_excursion(w) for w in windows]
    assert slow_excursions([]).shape == (0,)
