"""An independent generator of outside tugs on a held or resting arm, beside true twitches (issue 9).

Written from the physics, not from the detector. A lead, a rope, a child's hand, a bag's strap or a door pulled
shut pulls the hand through the arm, an elastic limb: the hand is a mass on the arm's stiffness and damping, which
rings at its own low natural frequency (2-6 Hz, damping ratio 0.1-0.35). The pull is a force that rises in
15-80 ms (a lead snapping taut, a tug on a strap), holds 0.05-0.4 s and lets go. The hand's acceleration is the
mass-spring-damper's response to that force, scaled to a peak of 0.3-1.5 m/s^2 along the pull (the forearm's
direction within 25 deg); the hand's displacement tilts the forearm about the elbow (0.3 m), turning gravity by
``x / 0.3`` rad, which the watch sees across the pull. The person stands (the arm held out: postural sway
0.1-0.6 Hz, 0.3-1 deg) or sits (the forearm resting: breathing 0.2-0.35 Hz); physiological tremor and
sensor noise as :mod:`tests.spell_edge_gen`'s still wrist.

True twitches, as :mod:`tests.twitch_gen` draws them (a damped ring at 6-30 Hz, tau 8-40 ms, or a biphasic
Gaussian derivative, sigma 10-40 ms; 0.1-0.5 m/s^2, a random direction), fall between the tugs, never within 3 s
of one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import signal

from tests.twitch_gen import twitch_wave

__all__ = ["TugSession", "tug_session", "tug_wave"]

G = 9.81
FOREARM_M = 0.3


@dataclass(frozen=True)
class TugSession:
    fs: float
    acc: np.ndarray
    tugs: tuple[float, ...]
    twitches: tuple[float, ...]


def _unit(rng: np.random.Generator) -> np.ndarray:
    v = rng.normal(size=3)
    return v / np.linalg.norm(v)


def tug_wave(fs: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """One tug: the hand's acceleration along the pull (m/s^2, peak 0.3-1.5) and its displacement (m).

    The arm (natural frequency 2-6 Hz, damping ratio 0.1-0.35) driven by a force that rises in 15-80 ms,
    holds 0.05-0.4 s and falls in 30-150 ms, simulated at 2 kHz and taken at ``fs``; 1.5 s long.
    """
    hi = 2000.0
    t = np.arange(int(1.5 * hi)) / hi
    rise, hold, fall = rng.uniform(0.015, 0.08), rng.uniform(0.05, 0.4), rng.uniform(0.03, 0.15)
    up = np.clip(t / rise, 0, 1)
    down = np.clip((t - rise - hold) / fall, 0, 1)
    force = 0.5 - 0.5 * np.cos(np.pi * up) - (0.5 - 0.5 * np.cos(np.pi * down))
    w0 = 2 * np.pi * rng.uniform(2.0, 6.0)
    zeta = rng.uniform(0.1, 0.35)
    sys = signal.lti([1.0], [1.0, 2 * zeta * w0, w0 * w0])
    _, x, _ = signal.lsim(sys, force, t)
    a = np.gradient(np.gradient(x, t), t)
    step = round(hi / fs)
    a, x = a[::step], x[::step]
    scale = rng.uniform(0.3, 1.5) / np.abs(a).max()
    return a * scale, x * scale


def tug_session(fs: float, seed: int, *, seated: bool = False, seconds: float = 120.0) -> TugSession:
    """A standing (arm held out) or seated (forearm resting) person, 6-10 tugs and 6-10 true twitches.

    Parameters
    ----------
    fs : float
        Sampling rate in Hz.
    seed : int
        The draw's seed.
    seated : bool
        Seated with the forearm resting (breathing) instead of standing with the arm held out (sway).
    seconds : float
        Length of the session.

    Returns
    -------
    TugSession
        The acceleration (n, 3) with gravity and the tugs' and the twitches' times.
    """
    rng = np.random.default_rng(seed)
    n = round(seconds * fs)
    t = np.arange(n) / fs
    fore = _unit(rng)  # the forearm's direction in the watch's frame
    side = np.cross(fore, _unit(rng))
    side /= np.linalg.norm(side)
    up = np.cross(fore, side)
    tilt = np.zeros(n)  # the forearm's tilt about the elbow, rad
    if seated:
        tilt += np.deg2rad(rng.uniform(0.05, 0.2)) * np.sin(2 * np.pi * rng.uniform(0.2, 0.35) * t)
    else:
        for _ in range(3):
            tilt += np.deg2rad(rng.uniform(0.1, 0.35)) * np.sin(
                2 * np.pi * rng.uniform(0.1, 0.6) * t + rng.uniform(0, 6.3)
            )
    lin = np.zeros((n, 3))
    r = np.exp(-np.pi * rng.uniform(1.0, 3.0) / fs)
    ar = [1.0, -2.0 * r * np.cos(2 * np.pi * rng.uniform(7.0, 11.0) / fs), r * r]
    x = signal.lfilter([1.0], ar, rng.normal(size=n + 2000))[2000:]
    lin += np.outer(x / np.std(x) * rng.uniform(0.004, 0.015), _unit(rng))
    lin += rng.normal(size=(n, 3)) * rng.uniform(0.002, 0.008, size=3)
    k = int(rng.integers(6, 11))
    slots = np.sort(rng.choice(np.arange(5.0, seconds - 5.0, 3.5), size=2 * k, replace=False))
    kinds = rng.permutation([True] * k + [False] * k)
    tugs, twitches = [], []
    for tc, is_tug in zip(slots, kinds):
        i0 = round(tc * fs)
        if is_tug:
            a, disp = tug_wave(fs, rng)
            pull = fore + np.tan(np.deg2rad(rng.uniform(0, 25))) * _unit(rng)
            pull /= np.linalg.norm(pull)
            m = min(a.size, n - i0)
            lin[i0 : i0 + m] += np.outer(a[:m], pull)
            tilt[i0 : i0 + m] += disp[:m] / FOREARM_M * float(pull @ up)
            tugs.append(i0 / fs)
        else:
            w, kk = twitch_wave(rng, fs)
            j0 = i0 - kk
            lin[j0 : j0 + w.size] += rng.uniform(0.1, 0.5) * np.outer(w, _unit(rng))
            twitches.append(i0 / fs)
    gdir = np.outer(np.cos(tilt), -up * 0.9 + fore * 0.436) + np.outer(np.sin(tilt), up * 0.436 + fore * 0.9)
    acc = G * gdir / np.linalg.norm(gdir, axis=1, keepdims=True) + lin
    return TugSession(fs, acc, tuple(tugs), tuple(twitches))
