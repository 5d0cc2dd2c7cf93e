"""True fasciculation spells at rest at the edges of movements, written from the physics (review h-rev56 of h-spin).

Written without the twitch detector's rules or ``tests/rhythm_onset_gen.py``: benign fasciculations come in spells
(one or two motor units firing a few times, 0.3-2 s apart), most often right after a set ends and at rest between
sets, also on a bike's saddle with the hands on the bars before a ride. Each session is a still wrist with one such
movement and spells of true twitches on the still limb around it:

* the still wrist: physiological tremor (a resonator at 7-11 Hz, 0.004-0.012 m/s^2), sensor noise (0.002-0.006
  m/s^2 per axis), breathing's slow sway (0.2-0.35 Hz, 0.002-0.008 m/s^2), gravity on a random axis;
* a twitch: one motor unit's brief pull, peak 0.1-0.5 m/s^2 along the unit's axis (+-8 deg), as the limb's ring
  (8-25 Hz decaying in 10-40 ms, starting from zero) or the pull itself (a push and its return, the derivative of a
  10-40 ms force pulse: more of it below 3 Hz); a spell: 3-6 twitches of one unit, 0.3-2 s apart;
* the movements, each with the forearm's orientation (gravity's share turning in the sensor's frame) and the
  wrist's linear acceleration on a 0.3 m radius:

  - ``bike``: seated, hands on the bars, then pedalling away: the cadence rises from still to 1.0-1.6 turns a second
    over 1-4 s, the bars rocking 0.5-2 deg at the cadence and each leg's push reaching them at twice the cadence
    (0.05-0.2 m/s^2); after 12-18 s the cadence falls to still over 2-3 s;
  - ``dumbbell``: reaching for a dumbbell (the forearm turns 20-40 deg over 0.8-1.5 s), the grip's knock (1-4 m/s^2
    ringing at 20-40 Hz), then 8-12 curls (the forearm swinging 50-80 deg at 0.25-0.4 Hz), then setting it down (a
    knock) and the forearm back to rest;
  - ``two_sets``: a set of curls ending (the dumbbell set down), the rest, and the next set starting;
  - ``shift``: a posture shift at rest (the forearm turned 10-40 deg over 1-3 s to a new still pose, a 0.3-1.5 m/s^2
    knock as it lands), no rhythm at all.

* spells: one ending 0.3-3 s before each movement starts (sitting on the bike, before picking up the dumbbell, before
  the next set), one starting 0.5-4 s after each movement ends (the set just ended), one mid-rest as a control.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import signal

KINDS = ("bike", "dumbbell", "two_sets", "shift")
#: Radius (m) of the wrist's path about the elbow.
RADIUS_M = 0.3


@dataclass(frozen=True)
class SpellSession:
    """One session: samples (m/s^2, with gravity), the movements' spans and the true twitches (s)."""

    fs: float
    acc: np.ndarray
    moves: tuple[tuple[float, float], ...]
    twitches: tuple[float, ...]


def _unit(rng: np.random.Generator) -> np.ndarray:
    v = rng.normal(size=3)
    return v / np.linalg.norm(v)


def _ramp(t: np.ndarray, a: float, d: float) -> np.ndarray:
    """0 before ``a``, 1 after ``a + d``, a raised cosine between."""
    x = np.clip((t - a) / max(d, 1e-9), 0.0, 1.0)
    return 0.5 - 0.5 * np.cos(np.pi * x)


def _ring(fs: float, f: float, tau: float) -> np.ndarray:
    tt = np.arange(round(6 * tau * fs) + 2) / fs
    w = np.sin(2 * np.pi * f * tt) * np.exp(-tt / tau)
    return w / np.abs(w).max()


def _put(acc: np.ndarray, fs: float, t: float, wave: np.ndarray, axis: np.ndarray) -> None:
    i = round(t * fs)
    m = min(wave.size, acc.shape[0] - i)
    if i >= 0 and m > 0:
        acc[i : i + m] += np.outer(wave[:m], axis)


def _still(fs: float, n: int, rng: np.random.Generator) -> np.ndarray:
    r = np.exp(-np.pi * rng.uniform(1.0, 3.0) / fs)
    a = [1.0, -2.0 * r * np.cos(2 * np.pi * rng.uniform(7.0, 11.0) / fs), r * r]
    x = signal.lfilter([1.0], a, rng.normal(size=n + 2000))[2000:]
    acc = np.outer(x / np.std(x) * rng.uniform(0.004, 0.012), _unit(rng))
    acc += rng.normal(size=(n, 3)) * rng.uniform(0.002, 0.006, size=3)
    t = np.arange(n) / fs
    breath = np.sin(2 * np.pi * rng.uniform(0.2, 0.35) * t + rng.uniform(0, 6.3)) * rng.uniform(0.002, 0.008)
    return acc + np.outer(breath, _unit(rng))


def _spell(
    acc: np.ndarray, fs: float, start: float, rng: np.random.Generator, end: float | None = None
) -> list[float]:
    """3-6 twitches of one unit 0.3-2 s apart from ``start`` (or ending at ``end``); their peak times."""
    k = int(rng.integers(3, 7))
    gaps = rng.uniform(0.3, 2.0, size=k - 1)
    times = (
        start + np.r_[0.0, np.cumsum(gaps)] if end is None else end - np.r_[np.cumsum(gaps[::-1])[::-1], 0.0]
    )
    if rng.uniform() < 0.5:  # the limb rings after the pull
        wave = _ring(fs, rng.uniform(8.0, min(25.0, 0.3 * fs)), rng.uniform(0.010, 0.040))
    else:  # the pull itself, a push and its return (the derivative of a 10-40 ms force pulse)
        sigma = rng.uniform(0.010, 0.040)
        tt = np.arange(-4 * sigma, 4 * sigma + 0.5 / fs, 1 / fs)
        wave = -tt / sigma * np.exp(-((tt / sigma) ** 2) / 2)
        wave /= np.abs(wave).max()
    peak = int(np.argmax(np.abs(wave)))
    size, axis = rng.uniform(0.1, 0.5), _unit(rng)
    for tc in times:
        ax = axis + np.tan(np.deg2rad(8.0) * rng.uniform()) * _unit(rng)
        _put(acc, fs, tc - peak / fs, size * rng.uniform(0.85, 1.15) * wave, ax / np.linalg.norm(ax))
    return [float(x) for x in times]


def _pose(t: np.ndarray, theta: np.ndarray, u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Gravity in the sensor's frame as the forearm turns by ``theta`` (rad) in the u-v plane, plus the wrist's
    tangential and centripetal acceleration on its arc."""
    fs = 1.0 / (t[1] - t[0])
    w = np.gradient(theta) * fs
    dw = np.gradient(w) * fs
    c, s = np.cos(theta)[:, None], np.sin(theta)[:, None]
    radial, tangent = c * u + s * v, -s * u + c * v
    return 9.81 * radial + RADIUS_M * dw[:, None] * tangent - RADIUS_M * (w**2)[:, None] * radial


def _curls(t: np.ndarray, t0: float, rng: np.random.Generator) -> tuple[np.ndarray, float]:
    """The forearm's angle over a set of curls from ``t0`` and the set's end."""
    rate, amp, reps = rng.uniform(0.25, 0.4), np.deg2rad(rng.uniform(50.0, 80.0)), int(rng.integers(8, 13))
    t1 = t0 + reps / rate
    x = np.clip((t - t0) * rate, 0.0, reps)
    return amp * 0.5 * (1 - np.cos(2 * np.pi * x)), t1


def spell_session(kind: str, fs: float, seed: int) -> SpellSession:
    """A still wrist, one movement of ``kind`` (:data:`KINDS`), spells of true twitches at rest around it.

    Parameters
    ----------
    kind : str
        One of :data:`KINDS`.
    fs : float
        Sampling rate, Hz.
    seed : int
        The draw.

    Returns
    -------
    SpellSession
        The samples, the movements' spans and the true twitch times.
    """
    rng = np.random.default_rng(seed)
    seconds = 120.0 if kind == "two_sets" else 75.0
    n = round(seconds * fs)
    t = np.arange(n) / fs
    acc = _still(fs, n, rng)
    u, v = _unit(rng), _unit(rng)
    v = v - (v @ u) * u
    v /= np.linalg.norm(v)
    theta = np.full(n, rng.uniform(-0.5, 0.5))
    knocks: list[tuple[float, float]] = []
    moves: list[tuple[float, float]] = []
    t_on = rng.uniform(20.0, 24.0)
    extra = np.zeros((n, 3))
    if kind == "bike":
        dur, rise, stop = rng.uniform(12.0, 18.0), rng.uniform(1.0, 4.0), rng.uniform(2.0, 3.0)
        cad = rng.uniform(1.0, 1.6) * _ramp(t, t_on, rise) * (1 - _ramp(t, t_on + dur - stop, stop))
        ph = 2 * np.pi * np.cumsum(cad) / fs
        theta += np.deg2rad(rng.uniform(0.5, 2.0)) * np.sin(ph) * np.clip(cad / cad.max(), 0, 1)
        push = (np.abs(np.sin(ph)) - 2 / np.pi) * np.clip(cad / cad.max(), 0, 1)
        extra += np.outer(rng.uniform(0.05, 0.2) / 0.31 * push, _unit(rng))
        moves.append((t_on, t_on + dur))
    elif kind in ("dumbbell", "two_sets"):
        starts = [t_on] if kind == "dumbbell" else [rng.uniform(14.0, 18.0), 0.0]
        for i, s0 in enumerate(starts):
            if kind == "two_sets" and i == 1:
                s0 = moves[0][1] + rng.uniform(20.0, 28.0)
            reach, turn = rng.uniform(0.8, 1.5), np.deg2rad(rng.uniform(20.0, 40.0))
            theta += turn * _ramp(t, s0, reach)
            knocks.append((s0 + reach, rng.uniform(1.0, 4.0)))
            curl, t1 = _curls(t, s0 + reach + rng.uniform(0.3, 1.0), rng)
            theta += curl
            down = rng.uniform(0.8, 1.5)
            theta -= turn * _ramp(t, t1 + 0.3, down)
            knocks.append((t1 + 0.3 + down, rng.uniform(1.0, 4.0)))
            moves.append((s0, t1 + 0.3 + down))
    elif kind == "shift":
        dur, turn = rng.uniform(1.0, 3.0), np.deg2rad(rng.uniform(10.0, 40.0)) * rng.choice([-1, 1])
        theta += turn * _ramp(t, t_on, dur)
        knocks.append((t_on + dur, rng.uniform(0.3, 1.5)))
        moves.append((t_on, t_on + dur))
    else:
        raise ValueError(kind)
    acc += _pose(t, theta, u, v) + extra
    for tk, size in knocks:
        _put(
            acc,
            fs,
            tk,
            size * _ring(fs, rng.uniform(20.0, min(40.0, 0.4 * fs)), rng.uniform(0.005, 0.015)),
            _unit(rng),
        )
    times = [] if kind == "two_sets" else _spell(acc, fs, rng.uniform(3.0, 6.0), rng)  # control, mid-rest
    for a, b in moves:
        times += _spell(acc, fs, 0.0, rng, end=a - rng.uniform(0.3, 3.0))
        times += _spell(acc, fs, b + rng.uniform(0.5, 4.0), rng)
    times = [x for x in times if 1.0 < x < seconds - 1.0 and not any(a <= x <= b for a, b in moves)]
    return SpellSession(fs, acc, tuple(moves), tuple(sorted(round(x * fs) / fs for x in times)))
