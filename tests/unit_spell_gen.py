"""One motor unit's spell of benign fasciculations at a still wrist, and typing, written from the physics.

Not from the twitch detector nor from the red team's or the pulse generator:

* the rest: physiological tremor as a two-pole resonator (centre 7-11 Hz, RMS 0.005-0.015 m/s^2 along a
  random axis), white sensor noise 0.002-0.006 m/s^2 per axis, gravity on a random axis, a slow sway
  (0.1-0.5 Hz, 0.002-0.006 m/s^2): a forearm resting;
* a spell: one motor unit firing for the whole recording at a mean rate ``rate_hz`` (0.5-2 a second), its
  intervals gamma-distributed with a coefficient of variation ``cv`` (0.2-0.6: irregular, unlike a train);
  every twitch the unit's one waveform, a damped ring at 5-15 Hz decaying in 20-60 ms (2-4 cycles), its size
  0.01-0.1 m/s^2 at the wrist varying +-15 % (force varies a little with the firing history), along the unit's
  one axis (+-5 deg: the limb's pose barely changes at rest);
* typing: taps in bursts of 3-12 s at 2-8 a second (Poisson within the burst), pauses of 1-6 s between words
  and thoughts; each tap an impact ringing at 15-40 Hz in 5-15 ms, 0.2-2 m/s^2, its direction varying (+-25 deg
  around the screen's normal: different keys, fingers, angles), and the hand moving between taps (a slow
  0.5-2 Hz wander of 0.05-0.2 m/s^2 and turning the wrist a few degrees, which moves gravity's share).
"""

from __future__ import annotations

import numpy as np
from scipy import signal


def _unit_vec(rng: np.random.Generator) -> np.ndarray:
    v = rng.normal(size=3)
    return v / np.linalg.norm(v)


def _tilt(axis: np.ndarray, deg: float, rng: np.random.Generator) -> np.ndarray:
    v = axis + np.tan(np.deg2rad(deg) * rng.uniform(0.0, 1.0)) * _unit_vec(rng)
    return v / np.linalg.norm(v)


def _put(acc: np.ndarray, fs: float, t_s: float, wave: np.ndarray, axis: np.ndarray) -> None:
    i = round(t_s * fs)
    k = min(wave.size, acc.shape[0] - i)
    if i >= 0 and k > 0:
        acc[i : i + k] += np.outer(wave[:k], axis)


def still_wrist(fs: float, seconds: float, rng: np.random.Generator) -> np.ndarray:
    """A resting forearm: tremor, sensor noise, a slow sway and gravity, shape (n, 3) in m/s^2."""
    n = round(seconds * fs)
    r = np.exp(-np.pi * rng.uniform(1.0, 3.0) / fs)
    a = [1.0, -2.0 * r * np.cos(2 * np.pi * rng.uniform(7.0, 11.0) / fs), r * r]
    x = signal.lfilter([1.0], a, rng.normal(size=n + 2000))[2000:]
    acc = np.outer(x / np.std(x) * rng.uniform(0.005, 0.015), _unit_vec(rng))
    acc += rng.normal(size=(n, 3)) * rng.uniform(0.002, 0.006, size=3)
    t = np.arange(n) / fs
    sway = np.sin(2 * np.pi * rng.uniform(0.1, 0.5) * t + rng.uniform(0, 6.3)) * rng.uniform(0.002, 0.006)
    return acc + np.outer(sway, _unit_vec(rng)) + 9.81 * _unit_vec(rng)


def spell_times(
    seconds: float, rate_hz: float, cv: float, rng: np.random.Generator, start: float = 2.0
) -> np.ndarray:
    """Firing times of one unit: gamma intervals of mean 1/rate_hz and coefficient of variation ``cv``."""
    k = 1.0 / cv**2
    t, out = start + rng.uniform(0.0, 1.0 / rate_hz), []
    while t < seconds - 1.0:
        out.append(t)
        t += rng.gamma(k, 1.0 / (rate_hz * k))
    return np.array(out)


def unit_spell(
    acc: np.ndarray, fs: float, rate_hz: float, cv: float, size: float, rng: np.random.Generator
) -> np.ndarray:
    """Add one unit's spell to ``acc`` (see the module); returns the twitch times (s)."""
    f, tau = rng.uniform(5.0, 15.0), rng.uniform(0.02, 0.06)
    tt = np.arange(round(6 * tau * fs) + 2) / fs
    wave = np.sin(2 * np.pi * f * tt) * np.exp(-tt / tau)
    wave /= np.abs(wave).max()
    axis = _unit_vec(rng)
    times = spell_times(acc.shape[0] / fs, rate_hz, cv, rng)
    for t in times:
        _put(acc, fs, t, size * rng.uniform(0.85, 1.15) * wave, _tilt(axis, 5.0, rng))
    return times


def typing(acc: np.ndarray, fs: float, rng: np.random.Generator, t0: float = 2.0) -> int:
    """Add bursts of typing to ``acc`` (see the module); returns the number of taps."""
    n = acc.shape[0]
    seconds = n / fs
    normal = _unit_vec(rng)
    tt = np.arange(n) / fs
    # the hand moving between keys: a slow wander along changing directions, and the wrist turning a little
    wander = np.zeros((n, 3))
    for _ in range(3):
        f = rng.uniform(0.5, 2.0)
        wander += np.outer(np.sin(2 * np.pi * f * tt + rng.uniform(0, 6.3)), _unit_vec(rng))
    wander *= rng.uniform(0.05, 0.2) / np.sqrt(3)
    turn = np.deg2rad(rng.uniform(2.0, 6.0)) * np.sin(2 * np.pi * rng.uniform(0.1, 0.4) * tt)
    g = acc.mean(axis=0)
    acc += wander + np.outer(turn, np.cross(g, _unit_vec(rng)))
    t, taps = t0, 0
    while t < seconds - 1.0:
        rate, end = rng.uniform(2.0, 8.0), t + rng.uniform(3.0, 12.0)
        while t < min(end, seconds - 1.0):
            f, tau = rng.uniform(15.0, min(40.0, 0.4 * fs)), rng.uniform(0.005, 0.015)
            w = np.arange(round(6 * tau * fs) + 2) / fs
            wave = np.sin(2 * np.pi * f * w) * np.exp(-w / tau)
            _put(acc, fs, t, rng.uniform(0.2, 2.0) * wave / np.abs(wave).max(), _tilt(normal, 25.0, rng))
            taps += 1
            t += rng.exponential(1.0 / rate)
        t += rng.uniform(1.0, 6.0)
    return taps
