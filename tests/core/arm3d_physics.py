"""A 3-D wrist in vigorous gait-like movement, from the physics (independent of :mod:`tremor.sim`, of
tests/core/run_physics.py and of the red team's generator): runs, jumping jacks, high knees, battle ropes.

World axes: x forward, y left, z up. The left arm hangs from a shoulder fixed to the trunk: the upper arm
(0.30 m) and the forearm (0.27 m to the watch) are turned by an abduction about x (``abd``), then a
flexion about the lateral axis (``flex``, forward positive), the forearm by a further elbow flexion
(``elbow``). The watch's x axis runs along the forearm to the hand, its z axis is lateral where the arm
hangs, and it is strapped turned by up to +-57 degrees about the forearm (drawn per bout). It reads the
specific force (the wrist's acceleration, the trunk's and the arm's, less gravity) in its own axes, computed
at 1 kHz (the arm's acceleration by differentiating the wrist's path twice), low-passed at 0.4 ``fs``
(4th-order, zero phase) and sampled at ``fs``, with 0.003-0.02 m/s^2 white noise and a 0.01 m/s^2 8-12 Hz
resting tremor. Landing and step phases wander 1.5 % (a random walk of the rate).

- ``run``: 150-190 steps a minute (2.5-3.2 Hz), each stance a half-sine ground force over 0.18-0.28 s
  (mean body weight, free fall between), 0.75-0.9 of it reaching the shoulder, left and right 0-4 % apart;
  braking then propulsion along the run (+-2-4 m/s^2); lateral sway of 0.5-2 m/s^2 at the stride rate; a foot
  strike at each touch-down (a 12-25 Hz ring of ``strike`` m/s^2 decaying in 8-20 ms, near the vertical).
  Elbow bent 70-110 degrees (+-0-25 with the swing), upper arm +-15-45 degrees about -5..15 forward at the
  stride rate (half the step rate), forward at the opposite foot's landing (+-0.6 rad), abducted 0-15 degrees.
- ``jack``: jumping jacks at 100-180 landings a minute: two two-footed landings per arm cycle (feet apart with
  the arm up, feet together with the arm down), as a real jack has; contact 0.2-0.35 s, no sway nor braking;
  the near-straight arm (elbow 0-20 degrees) abducted from 5-15 degrees to ``top`` (60-95: half jacks;
  150-175: full jacks) and back once per two landings, at the top at the out landing (+-0.5 rad).
- ``knees``: high knees, running in place at 160-230 steps a minute: a run's stance (contact 0.15-0.25 s), sway
  and arm action, without braking.
- ``rope``: battle-rope waves, the arm at 1.5-4 Hz (upper arm +-10-30 degrees about 20-45 forward, elbow 50-90
  +-10-30 degrees, out of phase), the trunk bobbing 0.5-3 m/s^2 at the arm's rate or twice it, no landing.
"""

from __future__ import annotations

import numpy as np
from scipy.signal import butter, sosfiltfilt

G = 9.81
FS_IN = 1000.0
UPPER_M = 0.30
FORE_M = 0.27
PAD_S = 5.0


def _rot_x(a: np.ndarray) -> np.ndarray:
    """Rotation matrices about x by angles ``a`` (rad), shape a.shape + (3, 3)."""
    c, s, o, z = np.cos(a), np.sin(a), np.ones_like(a), np.zeros_like(a)
    return np.stack([np.stack([o, z, z], -1), np.stack([z, c, -s], -1), np.stack([z, s, c], -1)], -2)


def _rot_y(a: np.ndarray) -> np.ndarray:
    """Rotation matrices about y by angles ``a`` (rad), shape a.shape + (3, 3)."""
    c, s, o, z = np.cos(a), np.sin(a), np.ones_like(a), np.zeros_like(a)
    return np.stack([np.stack([c, z, s], -1), np.stack([z, o, z], -1), np.stack([-s, z, c], -1)], -2)


def _deg(rng: np.random.Generator, lo: float, hi: float) -> float:
    return float(np.deg2rad(rng.uniform(lo, hi)))


def bout(
    kind: str,
    rng: np.random.Generator,
    fs: float,
    *,
    dur_s: float = 30.0,
    rate_per_min: tuple[float, float] | None = None,
    top: tuple[float, float] = (60.0, 95.0),
    strike: tuple[float, float] = (2.0, 8.0),
    swing: tuple[float, float] = (15.0, 45.0),
) -> tuple[np.ndarray, tuple[float, float], float]:
    """A bout of ``kind`` (module docstring) between two 5 s stands, the arm hanging: the watch's samples
    (shape (n, 3), m/s^2 with gravity), the bout's span (s) and its landing (``rope``: arm) rate in Hz;
    ``rate_per_min`` overrides the kind's range of landings (or arm cycles) a minute, ``swing`` the range of a run's
    or high knees' upper-arm swing (+- degrees)."""
    default = {"run": (150.0, 190.0), "jack": (100.0, 180.0), "knees": (160.0, 230.0), "rope": (90.0, 240.0)}
    rate = rng.uniform(*(rate_per_min or default[kind])) / 60.0
    t = np.arange(0.0, dur_s + 2 * PAD_S, 1.0 / FS_IN)
    n = t.size
    ramp = np.clip((t - PAD_S) / 1.5, 0, 1) * np.clip((PAD_S + dur_s - t) / 1.5, 0, 1)
    inst = rate * (1 + 0.015 * np.cumsum(rng.normal(0.0, 1.0, n)) / np.sqrt(n))
    ph = 2 * np.pi * np.cumsum(inst) / FS_IN  # one cycle a landing (rope: an arm cycle)
    k = np.floor(ph / (2 * np.pi))
    u = ph / (2 * np.pi) - k
    arm_ph = 0.5 * ph  # a stride or a jack: one arm cycle per two landings
    trunk = np.zeros((n, 3))
    landings = np.zeros(0, int)
    if kind != "rope":
        contact = {"run": (0.18, 0.28), "jack": (0.2, 0.35), "knees": (0.15, 0.25)}[kind]
        duty = min(rng.uniform(*contact) * rate, 0.8)
        side = np.where(k % 2 == 0, 1.0, -1.0)
        lr = 1.0 if kind == "jack" else 1.0 + side * rng.uniform(0.0, 0.04)
        grf = np.where(u < duty, np.pi / (2 * duty) * np.sin(np.pi * np.minimum(u / duty, 1.0)), 0.0)
        trunk[:, 2] = rng.uniform(0.75, 0.9) * G * (lr * grf - 1)
        if kind != "jack":
            trunk[:, 1] = rng.uniform(0.5, 2.0) * np.sin(arm_ph + rng.uniform(-0.5, 0.5))
        if kind == "run":
            trunk[:, 0] = rng.uniform(2.0, 4.0) * np.where(u < duty, -np.sin(2 * np.pi * u / duty), 0.0)
        landings = np.flatnonzero(np.diff(k) > 0) + 1
        landings = landings[ramp[landings] > 0.5]
    else:
        trunk[:, 2] = rng.uniform(0.5, 3.0) * np.sin(ph * rng.choice([1, 2]) + rng.uniform(0, 2 * np.pi))
    trunk *= ramp[:, None]
    if kind in ("run", "knees"):
        turn = np.sin(arm_ph + np.pi / 2 + rng.uniform(-0.6, 0.6))
        flex = (_deg(rng, -5, 15) + _deg(rng, *swing) * turn) * ramp
        elbow = (_deg(rng, 70, 110) + _deg(rng, 0, 25) * turn) * np.clip(3 * ramp, 0, 1)
        abd = _deg(rng, 0, 15) * ramp
    elif kind == "jack":
        low, high = _deg(rng, 5, 15), _deg(rng, *top)
        abd = (low + (high - low) * 0.5 * (1 - np.cos(arm_ph + rng.uniform(-0.5, 0.5)))) * ramp
        flex = _deg(rng, -10, 20) * ramp
        elbow = _deg(rng, 0, 20) * ramp
    else:
        lag = rng.uniform(0, 2 * np.pi)
        flex = (_deg(rng, 20, 45) + _deg(rng, 10, 30) * np.sin(ph + lag)) * ramp
        elbow = (_deg(rng, 50, 90) + _deg(rng, 10, 30) * np.sin(ph + lag + rng.uniform(0.3, 1.2))) * ramp
        abd = _deg(rng, 0, 15) * ramp
    upper = _rot_x(abd) @ _rot_y(-flex)
    fore = upper @ _rot_y(-elbow)
    down = np.array([0.0, 0.0, -1.0])
    wrist = UPPER_M * (upper @ down) + FORE_M * (fore @ down)
    arm_acc = np.gradient(np.gradient(wrist, 1 / FS_IN, axis=0), 1 / FS_IN, axis=0)
    axes = np.stack([down, np.cross([0.0, 1.0, 0.0], down), [0.0, 1.0, 0.0]], 1)  # watch x, y, z hanging
    to_world = fore @ axes @ _rot_x(np.array(rng.uniform(-1.0, 1.0)))
    spec = arm_acc + trunk + np.array([0.0, 0.0, G])
    ring_n = int(0.12 * FS_IN)
    bt = np.arange(ring_n) / FS_IN
    for i in landings:
        ring = (
            rng.uniform(*strike)
            * np.exp(-bt / rng.uniform(0.008, 0.02))
            * np.sin(2 * np.pi * rng.uniform(12, 25) * bt)
        )
        d = rng.normal(0.0, 0.3, 3) + [0.0, 0.0, 1.0]
        spec[i : i + ring_n] += ring[: n - i, None] * (d / np.linalg.norm(d))
    acc = np.einsum("nji,nj->ni", to_world, spec)
    acc = sosfiltfilt(butter(4, 0.4 * fs, fs=FS_IN, output="sos"), acc, axis=0)[:: int(round(FS_IN / fs))]
    tt = np.arange(acc.shape[0]) / fs
    acc += rng.uniform(0.003, 0.02) * rng.normal(size=acc.shape)
    acc += 0.014 * np.sin(2 * np.pi * rng.uniform(8, 12) * tt)[:, None] * rng.normal(0.0, 0.6, 3)
    return acc, (PAD_S, PAD_S + dur_s), float(rate)
