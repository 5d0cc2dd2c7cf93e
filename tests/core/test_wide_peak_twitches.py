"""Review of the wide-band impact ceiling (issue 9): which real twitches it takes for impacts.

A candidate that would be a twitch is an impact where its peak rise above 3 Hz reaches
:data:`tremor.core.twitch_finder.WIDE_ARTEFACT_MPS2` (1.0 m/s^2, twice the simulators' largest twitch; it was 2.5 x
:data:`tremor.core.events.ARTEFACT_MPS2` (0.6), 1.5 m/s^2, on the claim that a twitch peaks at most 2.5x its
band-passed envelope, measured on rings at 10-30 Hz, when the review below was written). This module's own physics: a still wrist (gravity, 0.01 m/s^2 white noise per axis), with or
without a 9 Hz tremor, and twitches of two shapes, a biphasic derivative-of-Gaussian pulse (sigma 5-40 ms) and a
damped ring (15-39 Hz, decaying in 10-30 ms), along a random axis.

- Twitches of the sizes one motor unit gives (peak 0.05-0.5 m/s^2, every shape, at rest or on a 0.1-0.5 m/s^2
  tremor): the rule must change none (measured in review h-rev2: of 280 twitches of 0.05-0.5 m/s^2
  at 100/200 Hz on rest or a 0.1-0.5 m/s^2 tremor, seed 11, and 840 of 1.0-1.6 m/s^2, seeds 21-23, one changed
  kind against the tree before the rule: a 5 ms pulse of 1.6 m/s^2 at 200 Hz on a 0.2 m/s^2 tremor).
- A twitch ringing at 37-39.5 Hz (inside the 3-40 Hz twitch band) at 200 Hz peaks 2.7-3.0x its band-passed
  envelope; sized at 0.9-0.97x the band-passed ceiling (0.54-0.58 m/s^2, under it, so a twitch by the ceiling's own
  measure), its raw peak is 1.6-1.75 m/s^2 and it is now called an impact (review h-rev2, seed 41: 4/4 twitches
  before the rule, 0/4 after, at rest and on a 0.1 m/s^2 tremor; fixed seeds here, as a fresh draw at 37-39.5 Hz
  keeps all four in about 1 of 5 draws). Marked xfail (strict): a twitch that large is
  three times the simulators' largest, so the harm is small, but the rule's stated bound is not a bound.

Fresh seeds, printed (``TREMOR_FRESH_SEED`` replays one).
"""

from __future__ import annotations

import os

import numpy as np
import pytest
from scipy.signal import lfilter

from tremor.core import twitch_finder
from tremor.core.events import ARTEFACT_MPS2, detect_transients


def _seed() -> int:
    seed = int(os.environ.get("TREMOR_FRESH_SEED", np.random.SeedSequence().entropy % 2**31))
    print("seed", seed)
    return seed


def _unit(rng: np.random.Generator) -> np.ndarray:
    v = rng.normal(size=3)
    return v / np.linalg.norm(v)


def _dog(fs: float, sigma: float) -> np.ndarray:
    """A biphasic derivative-of-Gaussian pulse, peak |x| = 1."""
    t = np.arange(-5 * sigma, 5 * sigma, 1 / fs)
    x = -(t / sigma) * np.exp(-(t**2) / (2 * sigma**2))
    return x / np.abs(x).max()


def _ring(fs: float, f0: float, tau: float) -> np.ndarray:
    """A damped ring with a 4 ms onset, peak |x| = 1."""
    t = np.arange(int(5 * tau * fs) + 1) / fs
    x = np.exp(-t / tau) * np.sin(2 * np.pi * f0 * t) * np.sin(np.pi * np.minimum(t / 0.004, 0.5))
    return x / np.abs(x).max()


def _tremor(rng: np.random.Generator, n: int, fs: float, rms: float) -> np.ndarray:
    """A 9 Hz narrow-band tremor (1 Hz wide) of ``rms`` along a random axis."""
    pole = np.exp(-np.pi / fs)
    lead = int(5 * fs)
    w = rng.normal(size=n + lead) + 1j * rng.normal(size=n + lead)
    b = lfilter([1 - pole], [1, -pole], w)[lead:]
    b /= np.sqrt(np.mean(np.abs(b) ** 2))
    x = np.sqrt(2) * np.real(b * np.exp(2j * np.pi * rng.uniform(8.5, 9.5) * np.arange(n) / fs))
    return np.outer(rms * x, _unit(rng))


def _still(rng: np.random.Generator, fs: float, seconds: float) -> np.ndarray:
    n = int(seconds * fs)
    return np.tile([0.0, 0.0, 9.81], (n, 1)) + rng.normal(0, 0.01, (n, 3))


def _kinds(
    acc: np.ndarray, fs: float, pulse: np.ndarray, sizes: list[float], rng: np.random.Generator
) -> list:
    times = []
    for j, a in enumerate(sizes):
        t = 8.0 + 8.0 * j
        i = round(t * fs)
        acc[i : i + pulse.size] += a * pulse[:, None] * _unit(rng)
        times.append(t + pulse.size / 2 / fs)
    found = detect_transients(acc, fs=fs)
    return [[c.kind for c in found if abs(c.t_s - t) < 0.15][:1] for t in times]


@pytest.mark.parametrize("fs", [100.0, 200.0])
def test_the_wide_rule_takes_no_twitch_of_one_motor_units_size(
    fs: float, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Peaks 0.05-0.5 m/s^2, every shape, at rest or on a 0.1-0.5 m/s^2 tremor: the wide rule changes none.

    Each signal is judged with the rule and without it (``WIDE_ARTEFACT_MPS2`` infinite). On a 0.2-0.3 m/s^2 tremor
    the band-passed ceiling itself, older than the wide rule, takes such a twitch for an impact now and then
    (100 Hz, a 40 ms pulse on a 0.21 m/s^2 tremor, seed 452127461; 200 Hz, seed 572898298): not this rule's doing.
    """
    seed = _seed()
    rng = np.random.default_rng(seed)
    shapes = [_dog(fs, s) for s in (0.005, 0.01, 0.02, 0.04)]
    shapes += [_ring(fs, f, rng.uniform(0.01, 0.03)) for f in (15.0, 25.0, 35.0)]
    for pulse in shapes:
        for rms in (0.0, rng.uniform(0.1, 0.5)):
            acc = _still(rng, fs, 56.0) + (_tremor(rng, int(56 * fs), fs, rms) if rms else 0.0)
            sizes = list(rng.uniform(0.05, 0.5, 6))
            kinds = _kinds(acc.copy(), fs, pulse, sizes, np.random.default_rng(seed + 1))
            with monkeypatch.context() as m:
                m.setattr(twitch_finder, "WIDE_ARTEFACT_MPS2", float("inf"))
                without = _kinds(acc.copy(), fs, pulse, sizes, np.random.default_rng(seed + 1))
            assert kinds == without, (seed, fs, pulse.size, rms, kinds, without)


def _calibrated(rng: np.random.Generator, fs: float, pulse: np.ndarray, axis: np.ndarray) -> float:
    """The pulse's band-passed peak per m/s^2 of raw peak, measured alone at a small size."""
    probe = _still(np.random.default_rng(0), fs, 6.0)
    i = round(3 * fs)
    probe[i : i + pulse.size] += 0.2 * pulse[:, None] * axis
    return max(c.peak_mps2 for c in detect_transients(probe, fs=fs)) / 0.2


@pytest.mark.xfail(
    strict=True,
    reason="review h-rev2: a twitch ringing at 38 Hz at 200 Hz peaks about 2.8x its band-passed envelope, so at "
    "0.95x the band-passed ceiling (raw about 1.65 m/s^2) the wide ceiling (then 1.5 m/s^2, now 1.0) calls it an "
    "impact",
)
@pytest.mark.parametrize("seed", [43, 45, 47, 49])
def test_a_twitch_ringing_at_the_band_top_under_the_ceiling_stays_a_twitch(seed: int) -> None:
    """A 38 Hz ring (tau 20 ms) at 200 Hz, 0.95x the band-passed ceiling, four times on a still wrist.

    Seeds 41-60 (raw peak 1.51-1.80 m/s^2 as the calibration's axis varies): in 12, four twitches before the wide
    rule and four impacts after it (these seeds are four of them); in 2 the band-passed ceiling already took them
    (raw 1.79-1.80); in 6 (raw 1.51-1.55) they stay twitches."""
    rng = np.random.default_rng(seed)
    fs = 200.0
    pulse = _ring(fs, 38.0, 0.02)
    axis = _unit(rng)
    size = 0.95 * ARTEFACT_MPS2 / _calibrated(rng, fs, pulse, axis)
    acc = _still(rng, fs, 40.0)
    times = [8.0, 16.0, 24.0, 32.0]
    for t in times:
        i = round(t * fs)
        acc[i : i + pulse.size] += size * pulse[:, None] * axis
    found = detect_transients(acc, fs=fs)
    kinds = [[c.kind for c in found if abs(c.t_s - t - pulse.size / 2 / fs) < 0.15][:1] for t in times]
    print(f"raw peak {size:.2f} m/s^2", kinds)
    assert kinds == [["twitch"]] * 4, (seed, size, kinds)
