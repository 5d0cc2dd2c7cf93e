"""A twitch 0.2-0.6 s from a posture shift is not a held oscillation (review of the hold rule's slow fit).

A seated forearm that turns 10-40 deg in 0.3-1 s (a minimum-jerk turn: 1.7-6.5 m/s^2 of gravity moving) and
twitches 0.2-0.6 s before or after it: the twitch band (3-40 Hz) sees the ring, the turn is a ``"movement"``.
The hold rule (:mod:`tremor.core.twitch_hold`) fits each axis's degree-5 polynomial over its 2 s window since
4df586d; a turn inside the window is a step the polynomial cannot follow, and its residual swings 3-4 times
(0.25-0.5 s each) after the 1 Hz high-pass, its envelope over half the ring's peak for about 1 s around it:
the ring was called ``"sustained"``. Now only half-cycles up to HOLD_LOBE_MAX_S count as lobes. Fixed seeds
0-199 a rate, rings 0.03-0.5 m/s^2 (log-uniform), 15-40 Hz, 40-150 ms: held at 100 / 200 Hz 4 / 4 at c9cea79
(no fit; the lobe rule: a bare turn is biphasic), 9 / 9 at 4df586d, 0 / 0 now.
"""

from __future__ import annotations

import numpy as np
import pytest

from tremor.core.events import TwitchDetector

G = 9.80665
SEEDS = range(200)
#: Rings held of the 200 a rate (fixed seeds: measured 0 / 0).
MAX_HELD = 2


def _turn_and_twitch(seed: int, fs: float) -> tuple[np.ndarray, float]:
    """12 s of a seated forearm (0.006-0.012 m/s^2 sensor noise) turning once near 6 s, and a twitch 0.2-0.6 s
    before the turn's start or after its end; the twitch's time."""
    rng = np.random.default_rng(seed)
    n = int(12.0 * fs)
    t = np.arange(n) / fs
    start, length = rng.uniform(5.0, 7.0), rng.uniform(0.3, 1.0)
    u = np.clip((t - start) / length, 0.0, 1.0)
    u = 10 * u**3 - 15 * u**4 + 6 * u**5
    pitch = rng.uniform(-0.6, 0.6) + np.deg2rad(rng.uniform(10.0, 40.0)) * rng.choice([-1.0, 1.0]) * u
    roll = rng.uniform(-0.6, 0.6) + np.deg2rad(rng.uniform(-20.0, 20.0)) * u
    acc = G * np.stack([np.sin(pitch), np.cos(pitch) * np.sin(roll), np.cos(pitch) * np.cos(roll)], axis=1)
    acc += rng.standard_normal((n, 3)) * rng.uniform(0.006, 0.012, 3)
    gap = rng.uniform(0.2, 0.6)
    at = start - gap if rng.random() < 0.5 else start + length + gap
    f0, dur = rng.uniform(15.0, 40.0), rng.uniform(0.04, 0.15)
    s = t - at
    ring = np.where(
        (s >= 0) & (s <= 1.5 * dur), np.exp(-np.maximum(s, 0.0) / (dur / 3)) * np.sin(2 * np.pi * f0 * s), 0.0
    )
    axis = rng.normal(size=3)
    acc += np.outer(
        ring / np.abs(ring).max() * np.exp(rng.uniform(np.log(0.03), np.log(0.5))),
        axis / np.linalg.norm(axis),
    )
    return acc, at


@pytest.mark.parametrize("fs", [100.0, 200.0])
def test_a_twitch_near_a_posture_shift_is_not_held(fs: float) -> None:
    """At most MAX_HELD of 200 rings 0.2-0.6 s from a turn are called ``"sustained"``."""
    held = []
    for seed in SEEDS:
        acc, at = _turn_and_twitch(seed, fs)
        near = [c for c in TwitchDetector(fs).update(acc, final=True) if abs(c.t_s - at - 0.03) < 0.17]
        if any(c.kind == "sustained" for c in near):
            held.append(seed)
    assert len(held) <= MAX_HELD, (fs, held)
