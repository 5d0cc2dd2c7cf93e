"""An independent generator of rest recordings with twitches, for judging the twitch detector.

Written separately from :mod:`tremor.sim` and deliberately different from it, so that the detector
is judged on signals whose parameters it was not tuned on:

* physiological tremor is a two-pole resonator (AR(2)) driven by white noise, centre 7-12 Hz,
  bandwidth 1-3 Hz, RMS 0.01-0.04 m/s^2 along a random direction, plus a weaker independent one per axis;
* sensor noise is white, 0.004-0.015 m/s^2 per axis (each axis its own level), plus a slow drift;
* a twitch is a damped oscillation that starts abruptly (``sin(2 pi f t) exp(-t / tau)``, f 6-30 Hz,
  tau 8-40 ms) or a biphasic Gaussian derivative (sigma 10-40 ms), scaled to a known peak ``|a|``,
  along a random direction;
* twitches come in groups (single, pair or triplet) with a given interval inside the group, and
  groups at least 4 s apart;
* distractors: rhythmic trains (5-12 brief jerks at 1.5-6 Hz with jittered but regular intervals),
  which are not twitches.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import signal


@dataclass(frozen=True)
class TwitchTruth:
    t_s: float
    peak_mps2: float


@dataclass(frozen=True)
class RestSignal:
    fs: float
    acc: np.ndarray
    twitches: tuple[TwitchTruth, ...]
    trains: tuple[tuple[float, float], ...]
    noise_sd: np.ndarray
    tremor_rms: float


def _unit(rng: np.random.Generator) -> np.ndarray:
    v = rng.normal(size=3)
    return v / np.linalg.norm(v)


def _resonator(rng: np.random.Generator, n: int, fs: float, f0: float, bw: float) -> np.ndarray:
    r = np.exp(-np.pi * bw / fs)
    a = [1.0, -2.0 * r * np.cos(2 * np.pi * f0 / fs), r * r]
    x = signal.lfilter([1.0], a, rng.normal(size=n + 2000))[2000:]
    return x / np.std(x)


def twitch_wave(rng: np.random.Generator, fs: float) -> tuple[np.ndarray, int]:
    """A twitch waveform of peak |a| = 1 and the index of its peak."""
    if rng.uniform() < 0.5:
        f = rng.uniform(6.0, min(30.0, 0.3 * fs))
        tau = rng.uniform(0.008, 0.040)
        t = np.arange(round(6 * tau * fs) + 2) / fs
        w = np.sin(2 * np.pi * f * t) * np.exp(-t / tau)
    else:
        sigma = rng.uniform(0.010, 0.040)
        t = np.arange(-4 * sigma, 4 * sigma + 0.5 / fs, 1 / fs)
        w = -t / sigma * np.exp(-((t / sigma) ** 2) / 2)
    k = int(np.argmax(np.abs(w)))
    return w / np.abs(w[k]), k


def rest_signal(
    seed: int,
    *,
    fs: float,
    seconds: float,
    groups: list[tuple[int, float, float]],
    trains: int = 0,
    tremor_rms: tuple[float, float] = (0.01, 0.04),
    noise: tuple[float, float] = (0.004, 0.015),
) -> RestSignal:
    """A still wrist for ``seconds`` with twitch groups ``(count, interval_s, peak_mps2)``.

    Groups are placed in order, 4-6 s apart, starting 3 s in; ``trains`` rhythmic trains follow them.
    """
    rng = np.random.default_rng(seed)
    n = round(seconds * fs)
    t = np.arange(n) / fs
    g = 9.81 * _unit(rng)
    acc = np.tile(g, (n, 1))
    rms = rng.uniform(*tremor_rms)
    f0, bw = rng.uniform(7.0, 12.0), rng.uniform(1.0, 3.0)
    acc += rms * _resonator(rng, n, fs, f0, bw)[:, None] * _unit(rng)
    for ax in range(3):
        acc[:, ax] += 0.3 * rms * _resonator(rng, n, fs, f0 + rng.uniform(-1, 1), bw)
    sd = rng.uniform(*noise, size=3)
    acc += rng.normal(size=(n, 3)) * sd
    acc += 0.02 * np.sin(2 * np.pi * 0.05 * t + rng.uniform(0, 6.3))[:, None] * _unit(rng)  # slow drift
    truth = []
    pos = 3.0
    for count, interval, amp in groups:
        for i in range(count):
            tc = pos + i * interval
            w, k = twitch_wave(rng, fs)
            i0 = round(tc * fs) - k
            if i0 < 0 or i0 + w.size > n:
                continue
            acc[i0 : i0 + w.size] += amp * w[:, None] * _unit(rng)
            truth.append(TwitchTruth((i0 + k) / fs, amp))
        pos += (count - 1) * interval + rng.uniform(4.0, 6.0)
    spans = []
    for _ in range(trains):
        rate = rng.uniform(1.5, 6.0)
        m = int(rng.integers(5, 13))
        amp = rng.uniform(0.1, 0.4)
        direction = _unit(rng)
        start = pos
        for i in range(m):
            tc = pos + i / rate + rng.normal(0, 0.03 / rate)
            w, k = twitch_wave(rng, fs)
            i0 = round(tc * fs) - k
            if i0 < 0 or i0 + w.size > n:
                continue
            acc[i0 : i0 + w.size] += amp * w[:, None] * direction
        spans.append((start - 0.2, start + m / rate + 0.2))
        pos += m / rate + rng.uniform(4.0, 6.0)
    return RestSignal(fs, acc, tuple(truth), tuple(spans), sd, rms)


def match(found: list[float], truth: list[float], tol: float = 0.15) -> tuple[int, int, int]:
    """True positives, false positives and false negatives (one to one, nearest first)."""
    pairs = sorted(
        (abs(f - t), i, j) for i, f in enumerate(found) for j, t in enumerate(truth) if abs(f - t) <= tol
    )
    used_f, used_t = set(), set()
    for _, i, j in pairs:
        if i not in used_f and j not in used_t:
            used_f.add(i)
            used_t.add(j)
    tp = len(used_t)
    return tp, len(found) - tp, len(truth) - tp
