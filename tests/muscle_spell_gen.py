"""Brief spells of fasciculations of one muscle at a still wrist, written from the physics (review h-rev58).

Not from the twitch detector nor from the red team's, the unit-spell or the short-burst generators:

* the rest: physiological tremor as a two-pole resonator (7-11 Hz, RMS 0.005-0.02 m/s^2 along a random axis),
  white sensor noise 0.004-0.015 m/s^2 per axis, a slow sway (0.1-0.4 Hz, 0.002-0.006 m/s^2), gravity;
* one muscle of 2-6 motor units after hard training: each unit its own waveform (a ring at 6-25 Hz decaying in
  10-40 ms, or a biphasic pulse of 10-30 ms), its own size 0.1-0.5 m/s^2 (+-15 % a discharge) and its own axis
  within a cone of ``cone_deg`` around the muscle's pull (units of one muscle pull along nearly one line);
* 1-4 brief spells at least 20 s apart, each 0.8-2 s of the muscle's units firing at random (Poisson, the
  muscle's rate 2.5-4 a second, a unit never twice within 50 ms); a tenth of the discharges a doublet (the unit
  again 10-30 ms later, which the finder may merge: one fasciculation in the truth).
"""

from __future__ import annotations

import numpy as np
from scipy import signal


def _unit_vec(rng: np.random.Generator) -> np.ndarray:
    v = rng.normal(size=3)
    return v / np.linalg.norm(v)


def _in_cone(axis: np.ndarray, deg: float, rng: np.random.Generator) -> np.ndarray:
    p = _unit_vec(rng)
    p -= p @ axis * axis
    p /= np.linalg.norm(p)
    th = np.deg2rad(deg) * rng.uniform(0, 1)
    v = np.cos(th) * axis + np.sin(th) * p
    return v / np.linalg.norm(v)


def _unit_wave(rng: np.random.Generator, fs: float) -> tuple[np.ndarray, int]:
    if rng.uniform() < 0.5:
        f, tau = rng.uniform(6.0, min(25.0, 0.3 * fs)), rng.uniform(0.010, 0.040)
        t = np.arange(round(6 * tau * fs) + 2) / fs
        w = np.sin(2 * np.pi * f * t) * np.exp(-t / tau)
    else:
        s = rng.uniform(0.010, 0.030)
        t = np.arange(-4 * s, 4 * s + 0.5 / fs, 1 / fs)
        w = -t / s * np.exp(-((t / s) ** 2) / 2)
    k = int(np.argmax(np.abs(w)))
    return w / abs(w[k]), k


def _rest(fs: float, seconds: float, rng: np.random.Generator) -> np.ndarray:
    n = round(seconds * fs)
    r = np.exp(-np.pi * rng.uniform(1.0, 3.0) / fs)
    a = [1.0, -2.0 * r * np.cos(2 * np.pi * rng.uniform(7.0, 11.0) / fs), r * r]
    x = signal.lfilter([1.0], a, rng.normal(size=n + 2000))[2000:]
    acc = np.outer(x / np.std(x) * rng.uniform(0.005, 0.02), _unit_vec(rng))
    acc += rng.normal(size=(n, 3)) * rng.uniform(0.004, 0.015, size=3)
    t = np.arange(n) / fs
    sway = np.sin(2 * np.pi * rng.uniform(0.1, 0.4) * t + rng.uniform(0, 6.3)) * rng.uniform(0.002, 0.006)
    return acc + np.outer(sway, _unit_vec(rng)) + 9.81 * _unit_vec(rng)


def muscle_spells(
    fs: float, seed: int, *, seconds: float = 300.0, cone_deg: float = 10.0
) -> tuple[np.ndarray, np.ndarray]:
    """A seated rest with 1-4 brief spells of one muscle; returns the samples (n, 3) in m/s^2 and each
    fasciculation's time (s; a doublet once)."""
    rng = np.random.default_rng(seed)
    acc = _rest(fs, seconds, rng)
    pull = _unit_vec(rng)
    units = []
    for _ in range(int(rng.integers(2, 7))):
        w, kp = _unit_wave(rng, fs)
        units.append((_in_cone(pull, cone_deg, rng), w, kp, rng.uniform(0.1, 0.5) * rng.choice([-1, 1])))
    n_sp = int(rng.integers(1, 5))
    slots = np.sort(rng.choice(np.arange(0, int(seconds - 20) // 20), n_sp, replace=False))
    starts = 10.0 + slots * 20.0 + rng.uniform(0, 5, n_sp)
    times = []
    for s0 in starts:
        lam, d = rng.uniform(2.5, 4.0), rng.uniform(0.8, 2.0)
        t, last = s0, [-1.0] * len(units)
        while t < s0 + d:
            u = int(rng.integers(len(units)))
            if t - last[u] > 0.05:
                ax, w, kp, amp = units[u]
                fire = [t] + ([t + rng.uniform(0.010, 0.030)] if rng.uniform() < 0.1 else [])
                for tf in fire:
                    i = round(tf * fs) - kp
                    seg = w[: max(0, min(w.size, acc.shape[0] - i))]
                    acc[i : i + seg.size] += np.outer(seg * amp * rng.uniform(0.85, 1.15), ax)
                times.append(t)
                last[u] = fire[-1]
            t += rng.exponential(1 / lam)
    return acc, np.array(times)
