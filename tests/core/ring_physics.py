"""Signal pieces of a still wrist and damped rings (twitches, taps, knocks), shared by the twitch tests."""

from __future__ import annotations

import numpy as np


def still_wrist(rng: np.random.Generator, fs: float, seconds: float) -> np.ndarray:
    """A still wrist: gravity on z and 0.01 m/s^2 white noise per axis."""
    n = int(seconds * fs)
    return np.tile([0.0, 0.0, 9.81], (n, 1)) + rng.normal(0, 0.01, (n, 3))


def ring(fs: float, f0: float, tau: float, length_s: float = 0.15) -> np.ndarray:
    """A damped oscillation exp(-t/tau) sin(2 pi f0 t), peak |x| = 1 (a twitch, a tap or a knock)."""
    t = np.arange(int(length_s * fs)) / fs
    x = np.exp(-t / tau) * np.sin(2 * np.pi * f0 * t)
    return x / np.abs(x).max()


def unit_axis(rng: np.random.Generator) -> np.ndarray:
    """A random unit vector."""
    v = rng.normal(size=3)
    return v / np.linalg.norm(v)


def add_pulse(acc: np.ndarray, fs: float, t: float, pulse: np.ndarray, axis: np.ndarray) -> None:
    """Add ``pulse`` along ``axis`` to ``acc`` (n, 3) from the time ``t`` (s), in place."""
    i0 = round(t * fs)
    acc[i0 : i0 + pulse.size] += pulse[:, None] * axis
