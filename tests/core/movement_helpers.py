"""Synthetic sessions of vigorous rhythmic movement and walking, made independently of :mod:`tremor.sim`.

Each session is rest (a still wrist with a little physiological tremor), then sets of one movement
kind separated by rests. The movement kinds:

- ``swings`` (kettlebell): 0.8-1.1 Hz, 8-14 m/s^2 (the wrist on a 0.6 m arc), harmonics falling as 1/k^1.0-1.5 up to 10 Hz;
- ``ropes`` (battle ropes): 1.5-2.5 Hz, 8-14 m/s^2 (a 10-15 cm wrist excursion at 2 Hz), harmonics
  as 1/k^1.2 up to 10 Hz;
- ``strokes`` (swimming-like): 0.5-1.0 Hz, 8-14 m/s^2 (real swim strokes: 10-18 m/s^2 RMS), harmonics as 1/k^1.0-1.3 up to 10 Hz, the
  wrist turning through each stroke;
- ``jumps``: 1.6-2.4 jumps/s, a landing impact (15-30 m/s^2, a 16-28 ms Gaussian with one ringing
  cycle) each jump on top of an 8-12 m/s^2 body bounce (flight is free fall, -g);
- ``walking``: 1.7-2.1 steps/s, arm swing at half the cadence (1.5-3.5 m/s^2), a heel strike of
  1.5-3 m/s^2 (a 12-20 ms Gaussian with one ringing cycle) each step, step intervals varying by 2 %.

Every set grows harder through the set (amplitude x1.0 to x1.5), as a set of hard work does.
Walking is not a set: it is returned as a walking bout.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tremor.core.recording import Recording, SourceInfo

KINDS = ("swings", "ropes", "strokes", "jumps", "walking")


@dataclass(frozen=True)
class MovementSession:
    """The recording, the true sets (start, end) and the true walking bouts."""

    recording: Recording
    sets: list[tuple[float, float]]
    walking: list[tuple[float, float]]
    kind: str


def _unit(rng: np.random.Generator) -> np.ndarray:
    v = rng.normal(size=3)
    return v / np.linalg.norm(v)


def _harmonic_movement(
    rng: np.random.Generator, t: np.ndarray, f0: float, amp: float, power: float, max_hz: float = 10.0
) -> np.ndarray:
    """A periodic movement with harmonics k = 1 .. max_hz / f0 of amplitude amp / k^power, on two axes."""
    out = np.zeros((t.size, 3))
    dirs = [_unit(rng), _unit(rng)]
    drift = 1.0 + 0.02 * np.cumsum(rng.normal(size=t.size)) / np.sqrt(
        t.size
    )  # the cycle rate wanders a little
    phase = 2 * np.pi * f0 * np.cumsum(drift) * (t[1] - t[0] if t.size > 1 else 0.0)
    for k in range(1, int(max_hz / f0) + 1):
        for d, w in zip(dirs, (1.0, 0.6)):
            out += (w * amp / k**power) * np.sin(k * phase + rng.uniform(0, 2 * np.pi))[:, None] * d[None, :]
    return out


def _pulses(
    t: np.ndarray, times: np.ndarray, peak: np.ndarray, width_s: np.ndarray, direction: np.ndarray
) -> np.ndarray:
    """Damped impacts: a Gaussian pulse with one ringing cycle at each of ``times``."""
    out = np.zeros(t.size)
    for tk, pk, wk in zip(times, peak, width_s):
        lo, hi = np.searchsorted(t, [tk - 4 * wk, tk + 6 * wk])
        x = (t[lo:hi] - tk) / wk
        out[lo:hi] += pk * np.exp(-0.5 * x**2) * np.cos(1.5 * x)
    return out[:, None] * direction[None, :]


def movement(kind: str, rng: np.random.Generator, t: np.ndarray) -> np.ndarray:
    """Acceleration (m/s^2, shape (n, 3)) of one bout of ``kind`` over times ``t``, growing harder through it."""
    grow = 1.0 + 0.5 * (t - t[0]) / max(t[-1] - t[0], 1e-9)
    if kind == "swings":
        acc = _harmonic_movement(rng, t, rng.uniform(0.8, 1.1), rng.uniform(8, 14), rng.uniform(1.0, 1.5))
    elif kind == "ropes":
        acc = _harmonic_movement(rng, t, rng.uniform(1.5, 2.5), rng.uniform(8, 14), 1.2)
    elif kind == "strokes":
        acc = _harmonic_movement(rng, t, rng.uniform(0.5, 1.0), rng.uniform(8, 14), rng.uniform(1.0, 1.3))
    elif kind == "jumps":
        rate = rng.uniform(1.6, 2.4)
        times = np.arange(t[0] + 0.3, t[-1] - 0.3, 1.0 / rate)
        acc = _harmonic_movement(rng, t, rate, rng.uniform(8, 12), 2.0, max_hz=2 * rate)
        acc += _pulses(
            t, times, rng.uniform(15, 30, times.size), rng.uniform(0.016, 0.028, times.size), _unit(rng)
        )
    elif kind == "walking":
        cadence = rng.uniform(1.7, 2.1)
        steps = (
            t[0] + 0.2 + np.cumsum(rng.normal(1.0 / cadence, 0.02 / cadence, int((t[-1] - t[0]) * cadence)))
        )
        steps = steps[steps < t[-1] - 0.2]
        acc = _harmonic_movement(rng, t, cadence / 2, rng.uniform(1.5, 3.5), 3.0, max_hz=cadence)
        acc += _pulses(
            t, steps, rng.uniform(1.5, 3.0, steps.size), rng.uniform(0.012, 0.020, steps.size), _unit(rng)
        )
        return acc  # walking keeps its pace and strength
    else:
        raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
    return acc * grow[:, None]


def movement_session(
    kind: str,
    seed: int,
    *,
    fs: float = 100.0,
    n_sets: int = 3,
    set_s: float = 30.0,
    rest_s: float = 40.0,
    gaps: tuple[tuple[float, float], ...] = (),
) -> MovementSession:
    """Rest, then ``n_sets`` bouts of ``kind`` separated by rests; ``gaps`` (start, length) removes samples.

    Gravity stays on (9.81 m/s^2) and turns by up to 40 degrees in a bout.
    """
    rng = np.random.default_rng(seed)
    total = rest_s + n_sets * (set_s + rest_s)
    t = np.arange(round(total * fs)) / fs
    g_rest = _unit(rng)
    acc = 9.80665 * np.repeat(g_rest[None, :], t.size, axis=0)
    acc += 0.02 * np.sqrt(2) * np.sin(2 * np.pi * rng.uniform(8, 10) * t)[:, None] * _unit(rng)[None, :]
    acc += rng.normal(0.0, 0.005, acc.shape)
    bouts = []
    for i in range(n_sets):
        a = rest_s + i * (set_s + rest_s) + rng.uniform(-3, 3)
        b = a + set_s * rng.uniform(0.8, 1.2)
        sel = (t >= a) & (t < b)
        ts = t[sel]
        acc[sel] += movement(kind, rng, ts)
        if kind in ("strokes", "swings"):  # the wrist turns through each cycle: gravity changes direction
            tilt = np.radians(40) * np.sin(2 * np.pi * 0.9 * (ts - a))[:, None]
            axis = np.cross(g_rest, _unit(rng))
            axis /= np.linalg.norm(axis)
            acc[sel] += 9.80665 * (np.cos(tilt) - 1) * g_rest + 9.80665 * np.sin(tilt) * np.cross(
                axis, g_rest
            )
        bouts.append((float(ts[0]), float(ts[-1])))
    keep = np.ones(t.size, bool)
    for g0, glen in gaps:
        keep &= ~((t > g0) & (t < g0 + glen))
    rec = Recording(
        time_s=t[keep],
        acc_mps2=acc[keep],
        gravity_included=True,
        source=SourceInfo(path=f"<{kind} seed {seed}>", format="simulated", units="m/s^2"),
        fs_declared_hz=fs,
    )
    if kind == "walking":
        return MovementSession(rec, [], bouts, kind)
    return MovementSession(rec, bouts, [], kind)
