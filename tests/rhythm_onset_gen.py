"""A rhythmic movement starting and stopping at a still wrist, with true twitches near its edges, from the physics.

Written for issue 9 (h-spin) without the red team's spin bike and without reading the twitch detector's rules:

* the still wrist is :func:`tests.unit_spell_gen.still_wrist` (tremor, sensor noise, a slow sway, gravity);
* a movement from ``t_on`` to ``t_off``, one of

  - ``pedal``: hands on a bike's bars; the cadence rises from still to 1.2-1.8 turns a second over 1.5-4 s (a
    rider pushing off), the bars rock at the cadence (0.1-0.35 m/s^2, the frame swaying), each leg's push
    reaches them at twice the cadence with a cusp between the pushes (|sin|, 0.05-0.2 m/s^2); with ``rub`` a
    friction pad's broadband rub (15-40 Hz, 0.03-0.12 m/s^2 at full cadence) rising with the wheel's speed;
    the cadence falls to still over 2-4 s at the end;
  - ``row``: a rowing machine, 0.4-0.55 strokes a second, the first two or three strokes short (the stroke's
    length, and so its size, builds from a third to full), each stroke a smooth drive and recovery along the
    handle (0.8-2.5 m/s^2) with a jolt at the catch (a 15-30 Hz ring of 0.1-0.4 m/s^2, 10-30 ms);
  - ``walk``: walking off from standing, 1.6-2.0 steps a second, the first step's interval 1.2-1.6 times the
    steady one and the first two heel strikes softer; each heel strike rings at the wrist (10-25 Hz, 0.1-0.5
    m/s^2, 10-30 ms), the arm swings at half the step rate (0.3-1.5 m/s^2 building over 2-3 steps);

* true twitches (one motor unit's twitch, :func:`tests.twitch_gen.twitch_wave`, 0.06-0.3 m/s^2, random axis) on
  the still limb: one 0.3-3 s before the movement starts, two or three 0.8-6 s after it stops (fasciculations
  are common right after a set ends), and one in mid-rest as a control.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import signal

from tests.twitch_gen import twitch_wave
from tests.unit_spell_gen import still_wrist

KINDS = ("pedal", "pedal_rub", "row", "walk")


@dataclass(frozen=True)
class OnsetSession:
    """One session: samples (m/s^2, with gravity), the movement's start and stop, the true twitches (s)."""

    fs: float
    acc: np.ndarray
    t_on: float
    t_off: float
    twitches: tuple[float, ...]


def _unit(rng: np.random.Generator) -> np.ndarray:
    v = rng.normal(size=3)
    return v / np.linalg.norm(v)


def _ring(fs: float, f: float, tau: float) -> np.ndarray:
    tt = np.arange(round(6 * tau * fs) + 2) / fs
    w = np.sin(2 * np.pi * f * tt) * np.exp(-tt / tau)
    return w / np.abs(w).max()


def _add(acc: np.ndarray, fs: float, t: float, wave: np.ndarray, axis: np.ndarray, k: int = 0) -> None:
    i = round(t * fs) - k
    m = min(wave.size, acc.shape[0] - i)
    if i >= 0 and m > 0:
        acc[i : i + m] += np.outer(wave[:m], axis)


def _ramp(t: np.ndarray, a: float, d: float) -> np.ndarray:
    """0 before ``a``, 1 after ``a + d``, a raised cosine between."""
    x = np.clip((t - a) / d, 0.0, 1.0)
    return 0.5 - 0.5 * np.cos(np.pi * x)


def _band(n: int, fs: float, lo: float, hi: float, rng: np.random.Generator) -> np.ndarray:
    sos = signal.butter(4, [lo, min(hi, 0.45 * fs)], "bandpass", fs=fs, output="sos")
    x = signal.sosfilt(sos, rng.normal(size=n + 500))[500:]
    return x / np.std(x)


def _pedal(
    acc: np.ndarray, fs: float, t_on: float, t_off: float, rub: bool, rng: np.random.Generator
) -> None:
    n = acc.shape[0]
    t = np.arange(n) / fs
    cad = rng.uniform(1.2, 1.8) * _ramp(t, t_on, rng.uniform(1.5, 4.0))
    stop = rng.uniform(2.0, 4.0)
    cad *= 1 - _ramp(t, t_off - stop, stop)
    ph = 2 * np.pi * np.cumsum(cad) / fs
    side, pull = _unit(rng), _unit(rng)
    acc += np.outer(rng.uniform(0.1, 0.35) * np.sin(ph), side)
    push = (np.abs(np.sin(ph)) - 2 / np.pi) / 0.31
    acc += np.outer(rng.uniform(0.05, 0.2) * push * np.clip(cad / cad.max(), 0, 1), pull)
    if rub:
        level = rng.uniform(0.03, 0.12) * np.sqrt(np.clip(cad / cad.max(), 0, 1))
        acc += np.outer(level * _band(n, fs, 15.0, 40.0, rng), _unit(rng))


def _row(acc: np.ndarray, fs: float, t_on: float, t_off: float, rng: np.random.Generator) -> None:
    rate, size = rng.uniform(0.4, 0.55), rng.uniform(0.8, 2.5)
    along, jolt_ax = _unit(rng), _unit(rng)
    catch = _ring(fs, rng.uniform(15.0, 30.0), rng.uniform(0.01, 0.03))
    jolt = rng.uniform(0.1, 0.4)
    k, t = 0, t_on
    while t + 1.0 / rate <= t_off:
        length = min(1.0, (k + 1) / 3.0)
        d = round(fs / rate)
        tt = np.arange(d) / d
        stroke = (
            size * length * np.sin(2 * np.pi * tt) * np.sin(np.pi * tt)
        )  # drive then recovery, smooth ends
        _add(acc, fs, t, stroke, along)
        _add(acc, fs, t, jolt * length * catch, jolt_ax)
        t += (1.0 + 0.03 * rng.normal()) / rate
        k += 1


def _walk(acc: np.ndarray, fs: float, t_on: float, t_off: float, rng: np.random.Generator) -> None:
    n = acc.shape[0]
    rate = rng.uniform(1.6, 2.0)
    heel_ax, swing_ax = _unit(rng), _unit(rng)
    strike = rng.uniform(0.1, 0.5)
    steps = [t_on]
    nxt = t_on + rng.uniform(1.2, 1.6) / rate
    while nxt < t_off:
        steps.append(nxt)
        nxt += (1.0 + 0.03 * rng.normal()) / rate
    for i, ts in enumerate(steps):
        soft = (0.4, 0.7)[i] if i < 2 else 1.0
        w = _ring(fs, rng.uniform(10.0, 25.0), rng.uniform(0.01, 0.03))
        _add(acc, fs, ts, strike * soft * w, heel_ax)
    t = np.arange(n) / fs
    on = _ramp(t, t_on, 3.0 / rate) * (1 - _ramp(t, t_off - 1.0, 1.0))
    acc += np.outer(rng.uniform(0.3, 1.5) * on * np.sin(np.pi * rate * (t - t_on)), swing_ax)


def onset_session(kind: str, fs: float, seed: int, seconds: float = 50.0) -> OnsetSession:
    """A still wrist, a movement of ``kind`` (:data:`KINDS`) from 16-18 s lasting 12-18 s, true twitches.

    Parameters
    ----------
    kind : str
        One of :data:`KINDS`.
    fs : float
        Sampling rate, Hz.
    seed : int
        The draw.
    seconds : float
        The session's length, s.

    Returns
    -------
    OnsetSession
        The samples and the truth.
    """
    rng = np.random.default_rng(seed)
    acc = still_wrist(fs, seconds, rng)
    t_on = rng.uniform(16.0, 18.0)
    t_off = t_on + rng.uniform(12.0, 18.0)
    if kind.startswith("pedal"):
        _pedal(acc, fs, t_on, t_off, kind == "pedal_rub", rng)
    elif kind == "row":
        _row(acc, fs, t_on, t_off, rng)
    elif kind == "walk":
        _walk(acc, fs, t_on, t_off, rng)
    else:
        raise ValueError(kind)
    times = [rng.uniform(5.0, 9.0), t_on - rng.uniform(0.3, 3.0)]
    t = t_off + rng.uniform(0.8, 2.0)
    for _ in range(int(rng.integers(2, 4))):
        times.append(t)
        t += rng.uniform(0.7, 2.0)
    for tc in times:
        w, k = twitch_wave(rng, fs)
        _add(acc, fs, tc, rng.uniform(0.06, 0.3) * w, _unit(rng), k)
    return OnsetSession(fs, acc, t_on, t_off, tuple(round(x * fs) / fs for x in times))
