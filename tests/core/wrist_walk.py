"""A standing rest, a walk and a rest at a wrist, from the physics (independent of :mod:`tremor.sim`, of the
red team's generator and of tests/core/arm_pendulum.py, run_physics.py).

The body is walked by its steps (``cadence`` steps/s, left and right intervals ``1 +- step_asym_t`` apart, each
wandering ``jitter``): the trunk bobs along the vertical at the step rate (``bob`` m/s^2 amplitude, a second
harmonic of 0.2-0.4 of it; no flight: a walk's trunk never leaves the ground's support) and surges along the walk
at the step rate (``surge``), sways sideways at the stride rate (half the step rate: the weight moves from one
foot to the other; ``sway``), and each step lands a heel strike (a ring at 12-25 Hz decaying in 10-25 ms,
``strike`` m/s^2 at the wrist, mostly vertical, some along the walk). The left and right steps are unalike: their
force differs by ``step_asym_f``. The arm hangs straight from the shoulder (0.55-0.65 m to the watch) and swings
in the sagittal plane at the stride rate, its angle ``theta0 cos(stride phase)``; ``swing`` is the amplitude of
the stride-rate acceleration the watch reads along the swing (the tangential ``L theta''`` and gravity's turning
part ``g theta``, ``theta0 |L w^2 - g|``), so a swing of 0.5 m/s^2 at 1.4 strides/s is +-0.8 degrees. The watch
turns with the arm (x along it, y along the swing, z lateral) and is mounted at a random turn; it reads the
specific force a - g of the trunk's motion and the arm's. A resting tremor (0.01 m/s^2 RMS, 8-12 Hz) and sensor
noise (0.003-0.01 m/s^2) run throughout; the walk fades in and out over 1 s. ``road``: steady broadband vibration
(m/s^2 RMS per axis, 10-40 Hz, Gaussian) through the walk, as a road shakes a handlebar (with no strike, the bob a
pedal stroke: a bicycle).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.interpolate import CubicSpline

from tremor.core.recording import Recording, SourceInfo

G = 9.81


@dataclass(frozen=True)
class Walk:
    """A walk's gait (see the module docstring; accelerations in m/s^2 amplitude)."""

    cadence: float = 2.8
    swing: float = 0.5
    bob: float = 1.5
    surge: float = 0.8
    sway: float = 0.3
    strike: float = 1.0
    step_asym_t: float = 0.02
    step_asym_f: float = 0.05
    jitter: float = 0.015
    road: float = 0.0


def draw_walk(rng: np.random.Generator, cadence: float, swing: float) -> Walk:
    """A walk at ``cadence`` steps/s with a ``swing`` m/s^2 arm swing, the rest of its gait drawn over the
    ranges a brisk walk's wrist reads."""
    return Walk(
        cadence=cadence,
        swing=swing,
        bob=float(rng.uniform(0.8, 2.5)),
        surge=float(rng.uniform(0.3, 1.2)),
        sway=float(rng.uniform(0.15, 0.5)),
        strike=float(rng.uniform(0.4, 2.0)),
        step_asym_t=float(rng.uniform(0.0, 0.04)),
        step_asym_f=float(rng.uniform(0.02, 0.1)),
        jitter=float(rng.uniform(0.01, 0.025)),
    )


def _step_times(rng: np.random.Generator, w: Walk, t0: float, t1: float) -> np.ndarray:
    """Heel-strike times from ``t0`` to past ``t1``: left and right intervals unalike, each wandering."""
    steps = [t0]
    while steps[-1] < t1 + 2.0:
        side = 1.0 + (w.step_asym_t if len(steps) % 2 else -w.step_asym_t)
        steps.append(steps[-1] + side * (1.0 + w.jitter * rng.standard_normal()) / w.cadence)
    return np.array(steps)


def _ring(rng: np.random.Generator, fs: float) -> np.ndarray:
    """A unit decaying ring at the wrist (a heel strike's response), 0.15 s long."""
    bt = np.arange(0.0, 0.15, 1.0 / fs)
    f = rng.uniform(12.0, min(25.0, 0.4 * fs))
    return np.exp(-bt / rng.uniform(0.010, 0.025)) * np.sin(2 * np.pi * f * bt)


def _rotation(rng: np.random.Generator) -> np.ndarray:
    """A random rotation (the watch's mount on the wrist)."""
    q = rng.standard_normal(4)
    a, b, c, d = q / np.linalg.norm(q)
    return np.array(
        [
            [1 - 2 * (c * c + d * d), 2 * (b * c - d * a), 2 * (b * d + c * a)],
            [2 * (b * c + d * a), 1 - 2 * (b * b + d * d), 2 * (c * d - b * a)],
            [2 * (b * d - c * a), 2 * (c * d + b * a), 1 - 2 * (b * b + c * c)],
        ]
    )


def walk_session(
    w: Walk,
    *,
    seed: int,
    fs: float = 100.0,
    rest_s: float = 20.0,
    walk_s: float = 60.0,
    tremor_hz: float | None = None,
) -> tuple[Recording, tuple[float, float]]:
    """The recording of a standing rest, the walk ``w`` and a rest (``rest_s`` each), and the walk's true span;
    ``tremor_hz``: a fatigue tremor through the walk, growing 0.02 -> 0.15 m/s^2 RMS, 0.6 Hz wide about it."""
    rng = np.random.default_rng(seed)
    t = np.arange(0.0, 2 * rest_s + walk_s, 1.0 / fs)
    t0, t1 = rest_s, rest_s + walk_s
    steps = _step_times(rng, w, t0, t1)
    # the step phase: 2 pi a step, smooth through the heel strikes (a cubic spline: the body's rhythm has no kink,
    # only the strike's ring is an impact); the stride's half of it
    step_ph = CubicSpline(steps, 2 * np.pi * np.arange(steps.size))(np.clip(t, t0, t1))
    stride_ph = 0.5 * step_ph
    fade = np.clip(np.minimum(t - t0, t1 - t), 0.0, 1.0)
    ph = rng.uniform(0, 2 * np.pi, 6)
    side = 1.0 + w.step_asym_f * np.cos(stride_ph)  # left and right steps unalike in force
    fwd = w.surge * side * np.cos(step_ph + ph[0])
    lat = w.sway * np.cos(stride_ph + ph[1])
    h2 = rng.uniform(0.2, 0.4)
    up = w.bob * side * (np.cos(step_ph + ph[2]) + h2 * np.cos(2 * step_ph + ph[3]))
    for k, tk in enumerate(steps[steps <= t1 - 0.2]):
        ring = _ring(rng, fs) * w.strike * (1 + (w.step_asym_f if k % 2 else -w.step_asym_f))
        ring *= 1.0 + 0.1 * rng.standard_normal()
        i0 = int(np.searchsorted(t, tk))
        m = min(ring.size, t.size - i0)
        up[i0 : i0 + m] += ring[:m]
        fwd[i0 : i0 + m] += 0.4 * ring[:m]
    # the arm's pendulum about the shoulder, at the stride rate
    arm = rng.uniform(0.55, 0.65)
    omega = np.pi * w.cadence  # the stride rate in rad/s
    theta0 = w.swing / abs(arm * omega**2 - G)
    theta = theta0 * fade * np.cos(stride_ph + ph[4])
    dth = np.gradient(theta, t)
    ddth = np.gradient(dth, t)
    fwd = fwd * fade + arm * (ddth * np.cos(theta) - dth**2 * np.sin(theta))
    up = up * fade + arm * (ddth * np.sin(theta) + dth**2 * np.cos(theta)) + G  # specific force: a - g
    lat = lat * fade
    # the watch's axes: x along the arm (shoulder to hand), y along the swing, z lateral
    acc = np.stack(
        [fwd * np.sin(theta) - up * np.cos(theta), fwd * np.cos(theta) + up * np.sin(theta), lat], axis=1
    )
    acc = acc @ _rotation(rng).T
    n = t.size
    spec = np.fft.rfft(rng.standard_normal(n))
    f = np.fft.rfftfreq(n, 1.0 / fs)
    spec[(f < 8.0) | (f > 12.0)] = 0.0
    tremor = np.fft.irfft(spec, n)
    acc += (0.01 * tremor / np.std(tremor))[:, None] * _rotation(rng)[0]
    if tremor_hz is not None:
        spec = np.fft.rfft(rng.standard_normal(n))
        spec[np.abs(f - tremor_hz) > 0.3] = 0.0
        line = np.fft.irfft(spec, n)
        grow = np.where((t >= t0) & (t < t1), 0.02 * (0.15 / 0.02) ** ((t - t0) / (t1 - t0)), 0.0)
        acc += (grow * line / np.std(line))[:, None] * _rotation(rng)[0]
    acc += rng.uniform(0.003, 0.01) * rng.standard_normal(acc.shape)
    if w.road > 0:
        on = (t > t0) & (t < t1)
        road = np.fft.rfft(rng.standard_normal((int(on.sum()), 3)), axis=0)
        fr = np.fft.rfftfreq(int(on.sum()), 1.0 / fs)
        road[(fr < 10.0) | (fr > min(40.0, 0.45 * fs))] = 0.0
        road = np.fft.irfft(road, int(on.sum()), axis=0)
        acc[on] += w.road * road / road.std(axis=0)
    source = SourceInfo(path="<wrist walk>", format="simulated", units="m/s^2")
    rec = Recording(time_s=t, acc_mps2=acc, gravity_included=True, source=source, fs_declared_hz=fs)
    return rec, (t0, t1)
