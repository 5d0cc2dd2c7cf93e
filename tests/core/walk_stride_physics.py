"""Walks and feet-free arm swings at 1.4-1.6 Hz written from the physics (tests/core/test_walk_stride.py).

World frame: x forward, y up, z to the right. A walk at ``step_hz`` steps a second: the trunk bobs at the step
rate (its vertical acceleration ``bob`` m/s^2 with a 2nd harmonic), surges forward and back at the step rate,
sways to the side once a stride (half the step rate, ``sway`` m/s^2), the left and right steps differ by ``asym``
of the bob's size, and each heel strike is a vertical jolt through the body: a damped ring (10-20 Hz, 10-30 ms
decay, 0.5-3 m/s^2 at the wrist) with 10 ms timing jitter. The wrist rides on it: a straight arm (0.65 m) swinging
about the shoulder once a stride (``arm="swing"``), the forearm held still before the body (``"still"``), or the
hand in a trouser pocket (``"pocket"``: rocked +-3-8 degrees once a stride on a 0.2 m radius). A feet-free swing
(:func:`swing_session`) moves the same straight arm at 1.4-1.6 Hz, seated or standing still (the trunk's own
sway only), driven hard at each turn: its acceleration's harmonics fall as k^-1.3..k^-1.8 up to 15-25 Hz. The
sensor adds white noise and a resting physiological tremor. No code of :mod:`tremor` is used here.
"""

from __future__ import annotations

import numpy as np

from tremor.core.recording import Recording, SourceInfo

G = 9.81
ARM_M = 0.65
REST_S, MOVE_S, AFTER_S = 20.0, 40.0, 20.0


def _ramp(t: np.ndarray, a: float, b: float, edge: float = 1.5) -> np.ndarray:
    """1 inside ``a``-``b``, raised-cosine edges of ``edge`` s."""
    up = np.clip((t - a) / edge, 0.0, 1.0)
    down = np.clip((b - t) / edge, 0.0, 1.0)
    return (0.5 - 0.5 * np.cos(np.pi * up)) * (0.5 - 0.5 * np.cos(np.pi * down))


def _phase(rng: np.random.Generator, t: np.ndarray, fs: float, rate_hz: float) -> np.ndarray:
    """Cycles of a rhythm at ``rate_hz`` that wanders 2 % over a few seconds."""
    wander = np.convolve(rng.standard_normal(t.size), np.ones(int(3 * fs)) / (3 * fs), mode="same")
    wander *= 0.02 / max(float(np.std(wander)), 1e-12)
    return np.cumsum(rate_hz * (1 + wander)) / fs + rng.uniform(0, 1)


def _sensor(
    rng: np.random.Generator, t: np.ndarray, fs: float, force: np.ndarray, axes: np.ndarray
) -> Recording:
    """The recording of the specific force ``force`` (n, 3, world) seen along the sensor axes ``axes``
    (n, 3 sensor axes, 3 world components), with a random roll of the watch, noise and a resting tremor."""
    roll = rng.uniform(0, 2 * np.pi)
    c, s = np.cos(roll), np.sin(roll)
    turn = np.array([[1, 0, 0], [0, c, -s], [0, s, c]])
    acc = np.einsum("ij,njk,nk->ni", turn, axes, force)
    n = t.size
    tremor_hz = rng.uniform(8.5, 10.5) + 0.3 * np.convolve(
        rng.standard_normal(n), np.ones(int(fs)) / fs, "same"
    )
    acc[:, 1] += 0.01 * np.sqrt(2) * np.sin(2 * np.pi * np.cumsum(tremor_hz) / fs)
    acc += rng.uniform(0.003, 0.01) * rng.standard_normal((n, 3))
    return Recording(
        time_s=t,
        acc_mps2=acc,
        gravity_included=True,
        source=SourceInfo(path="<walk stride physics>", format="simulated", units="m/s^2"),
        fs_declared_hz=fs,
    )


def _arm_axes(theta: np.ndarray) -> np.ndarray:
    """Sensor axes of a straight arm at ``theta`` from hanging (forward positive): along it (shoulder to hand),
    across it (forward at hanging) and the lateral axis, as rows of world vectors."""
    n = theta.size
    along = np.stack([np.sin(theta), -np.cos(theta), np.zeros(n)], axis=1)
    across = np.stack([np.cos(theta), np.sin(theta), np.zeros(n)], axis=1)
    side = np.tile([0.0, 0.0, 1.0], (n, 1))
    return np.stack([along, across, side], axis=1)


def _pendulum(theta: np.ndarray, fs: float, radius: float) -> np.ndarray:
    """World acceleration (n, 3) of a point ``radius`` m from a pivot swinging through ``theta``."""
    d1 = np.gradient(theta, 1.0 / fs)
    d2 = np.gradient(d1, 1.0 / fs)
    axes = _arm_axes(theta)
    return radius * d2[:, None] * axes[:, 1] - radius * (d1**2)[:, None] * axes[:, 0]


def walk_session(
    seed: int,
    fs: float,
    *,
    step_hz: float,
    arm: str = "swing",
    swing_deg: float = 20.0,
    bob: float = 1.5,
    sway: float = 0.6,
    asym: float = 0.06,
    heel: tuple[float, float] = (0.5, 3.0),
) -> Recording:
    """Standing still 20 s, walking 40 s at ``step_hz`` (the wrist as ``arm`` says), standing still 20 s."""
    rng = np.random.default_rng(seed)
    t = np.arange(0.0, REST_S + MOVE_S + AFTER_S, 1.0 / fs)
    n = t.size
    on = _ramp(t, REST_S, REST_S + MOVE_S)
    steps = _phase(rng, t, fs, step_hz)  # cycles of the step rate; a stride is two
    p = rng.uniform(0, 2 * np.pi, 5)
    body = np.zeros((n, 3))
    side = np.where(np.floor(steps) % 2 == 0, 1.0, -1.0)  # left and right steps differ
    body[:, 1] = (
        bob * (1 + asym * side) * (np.sin(2 * np.pi * steps + p[0]) + 0.3 * np.sin(4 * np.pi * steps + p[1]))
    )
    body[:, 0] = 0.6 * bob * np.sin(2 * np.pi * steps + p[2])
    body[:, 2] = sway * np.sin(np.pi * steps + p[3])
    strike_t = np.arange(0.0, 0.15, 1.0 / fs)
    for k in np.flatnonzero(np.diff(np.floor(steps)) > 0):
        k = int(k + round(rng.normal(0.0, 0.01) * fs))
        if not 0 <= k < n or on[k] < 0.5:
            continue
        ring = rng.uniform(10.0, min(20.0, 0.4 * fs))
        jolt = (
            rng.uniform(*heel)
            * np.exp(-strike_t / rng.uniform(0.01, 0.03))
            * np.sin(2 * np.pi * ring * strike_t)
        )
        body[k : k + strike_t.size, 1] += jolt[: n - k]
    body *= on[:, None]
    stride = np.pi * steps + p[4]
    if arm == "swing":
        theta = np.deg2rad(swing_deg) * np.sin(stride) * on
        radius = ARM_M
    elif arm == "pocket":
        theta = np.deg2rad(rng.uniform(3.0, 8.0)) * np.sin(stride) * on
        radius = 0.2
    elif arm == "still":
        theta = np.full(n, np.deg2rad(rng.uniform(40.0, 90.0)))  # the forearm held before the body
        radius = 0.0
    else:
        raise ValueError(arm)
    force = body + _pendulum(theta, fs, radius) + np.array([0.0, G, 0.0])
    return _sensor(rng, t, fs, force, _arm_axes(theta))


def swing_session(
    seed: int, fs: float, *, rate_hz: float, swing_deg: float = 30.0, seated: bool = False
) -> Recording:
    """Still 20 s, the straight arm swung 40 s at ``rate_hz`` with no steps (seated: the trunk upright on a chair,
    the arm hanging beside it), still 20 s."""
    rng = np.random.default_rng(seed)
    t = np.arange(0.0, REST_S + MOVE_S + AFTER_S, 1.0 / fs)
    n = t.size
    on = _ramp(t, REST_S, REST_S + MOVE_S)
    cyc = _phase(rng, t, fs, rate_hz)
    ph = 2 * np.pi * cyc
    theta = np.deg2rad(swing_deg) * np.sin(ph) * on
    body = np.zeros((n, 3))
    body[:, 0] = np.convolve(rng.standard_normal(n), np.ones(int(2 * fs)) / (2 * fs), "same")
    body[:, 2] = np.convolve(rng.standard_normal(n), np.ones(int(2 * fs)) / (2 * fs), "same")
    body *= (0.03 if seated else 0.08) / max(float(np.std(body[:, 0])), 1e-12)
    axes = _arm_axes(theta)
    force = body + _pendulum(theta, fs, ARM_M) + np.array([0.0, G, 0.0])
    # driven hard at each turn: the tangential acceleration's harmonics, k^-decay to 15-25 Hz
    top = min(rng.uniform(15.0, 25.0), 0.4 * fs)
    decay = rng.uniform(1.3, 1.8)
    size = ARM_M * (2 * np.pi * rate_hz) ** 2 * np.deg2rad(swing_deg) * rng.uniform(0.3, 0.6)
    drive = np.zeros(n)
    for k in range(2, int(top / rate_hz) + 1):
        drive += k**-decay * np.sin(k * ph + rng.uniform(0, 2 * np.pi))
    force += (size * drive * on)[:, None] * axes[:, 1]
    return _sensor(rng, t, fs, force, axes)
