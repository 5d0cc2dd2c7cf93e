"""A seated rest's slow sway does not turn its tremor's surges into twitches (issue 9, FINDINGS.md).

A resting forearm sways about 1 deg at 0.05-0.5 Hz (breathing, small shifts): 0.1-0.2 m/s^2 of gravity moving
slowly. The twitch band (3-40 Hz) passes none of it, but the hold rule (:mod:`tremor.core.twitch_hold`), which
calls a rest tremor's surges held oscillations rather than twitches, high-passes its 2 s window at 1 Hz with one
FFT: a slow sway is not periodic over the window, and its jump at the window's ends leaked into every bin, so
the surges no longer held and were kept as twitches (about 2-2.4 an hour at 200 Hz over a 0.005-0.02 m/s^2 8-12
or 6-9 Hz Gaussian rest tremor, against the detector's design of 1 an hour; 0.1-0.4 without the sway). The rule
now takes each axis's least-squares polynomial (:data:`~tremor.core.twitch_hold.HOLD_DETREND_DEGREE`) out of
the window first. Both sides: the hold measure of a tremor surge is the same with the sway as without it, a
twitch's is not held; a swaying seated rest gives almost no twitch over many minutes; twitches near the
detection limit on it are still found. The signals are written here from the physics; fixed seeds and a fresh
one (printed; replay with ``TREMOR_PHYS_SEED=<seed>``).
"""

from __future__ import annotations

import os

import numpy as np
import pytest

from tests.core.arm_pendulum import band_noise
from tests.run_entropy import fresh_entropy
from tremor.core.events import TwitchDetector
from tremor.core.twitch_hold import HOLD_LOBES, HOLD_MS, HoldEvidence

FRESH_SEED = int(os.environ.get("TREMOR_PHYS_SEED", fresh_entropy(__name__) % 2**31))
FS = (100.0, 200.0)
G = 9.80665
#: False twitches allowed in a draw's 30 minutes of swaying seated rest. Measured on these draws after the change
#: (100 fresh): 1 in 50 h at 100 Hz, 5 in 50 h at 200 Hz, never 2 in a draw; before it (20 fresh): 9 in 10 h at
#: 100 Hz, 21 in 10 h at 200 Hz, up to 5 in a draw (2 of 20 over the bound).
FALSE_BOUND = 3


def _swaying(rng: np.random.Generator, fs: float, seconds: float, sway_deg: float = 1.0) -> np.ndarray:
    """A seated forearm at rest: gravity pitched 5 deg and rolled 10 deg, swaying ``sway_deg`` (pitch) and 0.7 x
    that (roll) RMS at 0.05-0.5 Hz, and 0.004 m/s^2 sensor noise per axis."""
    n = int(seconds * fs)
    pitch = np.deg2rad(5.0) + np.deg2rad(sway_deg) * band_noise(rng, n, fs, 0.05, 0.5, 1.0)
    roll = np.deg2rad(10.0) + np.deg2rad(0.7 * sway_deg) * band_noise(rng, n, fs, 0.05, 0.5, 1.0)
    acc = G * np.stack([np.sin(pitch), np.cos(pitch) * np.sin(roll), np.cos(pitch) * np.cos(roll)], axis=1)
    return acc + rng.normal(0.0, 0.004, (n, 3))


def _seated_rest(rng: np.random.Generator, fs: float, seconds: float) -> np.ndarray:
    """:func:`_swaying` with a Gaussian rest tremor of 0.005-0.02 m/s^2 RMS in 8-12 or 6-9 Hz along one axis."""
    acc = _swaying(rng, fs, seconds)
    lo, hi = ((8.0, 12.0), (6.0, 9.0))[int(rng.integers(2))]
    axis = rng.normal(size=3)
    acc += np.outer(
        band_noise(rng, acc.shape[0], fs, lo, hi, rng.uniform(0.005, 0.02)), axis / np.linalg.norm(axis)
    )
    return acc


def _ring(fs: float, f0: float, length_s: float, phase: float) -> np.ndarray:
    """A twitch: a damped ring at ``f0`` Hz lasting about ``length_s`` (time constant a third of it, a 4 ms
    rise), peak |x| = 1."""
    t = np.arange(int(1.5 * length_s * fs)) / fs
    x = np.exp(-t / (length_s / 3.0)) * (1.0 - np.exp(-t / 0.004)) * np.sin(2 * np.pi * f0 * t + phase)
    return x / np.abs(x).max()


def _held(h: object) -> bool:
    return h is not None and h.hold_ms >= HOLD_MS and h.lobes >= HOLD_LOBES  # type: ignore[attr-defined]


@pytest.mark.parametrize("fs", FS)
def test_the_hold_measure_does_not_see_the_sway(fs: float) -> None:
    """A rest tremor's 0.5 s surge (0.03 m/s^2 at 10 Hz) holds with the sway as without it; a 0.05 m/s^2 twitch
    (a 25 Hz ring of 20 ms time constant) does not hold with it. Before the change the sway hid 25 (100 Hz) and
    35 (200 Hz) of 40 surges."""
    held = {0.0: 0, 1.0: 0}
    twitch_held = 0
    t = np.arange(int(8 * fs)) / fs
    m = (t >= 4.0) & (t < 4.5)
    surge = 0.03 * np.sin(np.pi * (t[m] - 4.0) / 0.5) ** 2 * np.sin(2 * np.pi * 10.0 * (t[m] - 4.0))
    ring = _ring(fs, 25.0, 0.06, 0.0)
    for i in range(20):
        for sway in (0.0, 1.0):
            acc = _swaying(np.random.default_rng(100 + i), fs, 8.0, sway)
            with_surge = acc.copy()
            with_surge[m, 1] += surge
            ev = HoldEvidence(fs, 0.0)
            ev.append(with_surge)
            held[sway] += _held(ev.hold(4.25))
            if sway:
                acc[round(4 * fs) : round(4 * fs) + ring.size, 0] += 0.05 * ring
                ev = HoldEvidence(fs, 0.0)
                ev.append(acc)
                twitch_held += _held(ev.hold(4.02))
    assert held[0.0] >= 19 and held[1.0] >= 19, held
    assert twitch_held == 0


@pytest.mark.parametrize("fs", FS)
def test_a_swaying_seated_rest_gives_almost_no_twitch(fs: float) -> None:
    """Three 10 min seated rests (a fresh draw of tremor level, band and axis each) give at most FALSE_BOUND
    twitches in all."""
    rng = np.random.default_rng(FRESH_SEED)
    print(f"seed {FRESH_SEED} fs {fs:g}")
    found = []
    for _ in range(3):
        acc = _seated_rest(rng, fs, 600.0)
        found += [round(c.t_s, 2) for c in TwitchDetector(fs).update(acc, final=True) if c.kind == "twitch"]
    assert len(found) <= FALSE_BOUND, (FRESH_SEED, fs, found)


@pytest.mark.parametrize("fs", FS)
def test_twitches_near_the_limit_on_a_swaying_rest_are_found(fs: float) -> None:
    """Damped rings (15-40 Hz, 40-150 ms, random axes, 4-7 s apart, a third in pairs 0.3-0.6 s apart) of 0.07 and
    0.1 m/s^2 (about 3.5 and 5x the 0.02 m/s^2 limit) over the swaying rest: 70 % are found (100 fresh draws:
    85-100 % at 200 Hz, median 95 %; 89-100 % at 100 Hz, median 98 %)."""
    rng = np.random.default_rng(FRESH_SEED + 1)
    print(f"seed {FRESH_SEED + 1} fs {fs:g}")
    acc = _seated_rest(rng, fs, 240.0)
    truth = []
    x = 3.0
    while x < 235.0:
        for j in range(2 if rng.random() < 0.35 else 1):
            s = x + j * rng.uniform(0.3, 0.6)
            ring = float(rng.choice([0.07, 0.1])) * _ring(
                fs, rng.uniform(15.0, 40.0), rng.uniform(0.04, 0.15), rng.uniform(0, 2 * np.pi)
            )
            axis = rng.normal(size=3)
            i0 = round(s * fs)
            acc[i0 : i0 + ring.size] += np.outer(ring, axis / np.linalg.norm(axis))[: acc.shape[0] - i0]
            truth.append(s)
        x += rng.uniform(4.0, 7.0)
    times = np.array([c.t_s for c in TwitchDetector(fs).update(acc, final=True) if c.kind == "twitch"])
    found = sum(bool(times.size and np.min(np.abs(times - s - 0.02)) < 0.12) for s in truth)
    assert found >= 0.7 * len(truth), (FRESH_SEED + 1, fs, found, len(truth))
