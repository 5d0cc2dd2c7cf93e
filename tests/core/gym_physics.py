"""Gym sets whose arm cadence can read at a run's stride rate (1.15-1.75 Hz), from the physics (rev19's, independent
of tests/core/arm3d_physics.py and of the red team's generators).

World axes: x forward, y left, z up; the watch on the left wrist of an arm hanging from a shoulder (upper arm 0.30 m,
forearm 0.27 m to the watch), turned by an abduction about x, a flexion about the lateral axis and an elbow flexion,
and strapped turned about the forearm by up to +-57 degrees. It reads the specific force (the wrist's acceleration,
the trunk's and the shoulder's, less gravity) in its own axes, computed at 1 kHz, low-passed at 0.4 ``fs`` and
sampled at ``fs``, with 0.003-0.02 m/s^2 white noise and a 0.01 m/s^2 8-12 Hz resting tremor. The rate wanders 2 %
(a random walk). Knocks are 15-40 Hz rings decaying in 8-20 ms.

- ``kb_swing``: two-hand kettlebell swings at 36-57 a minute, the straight arm from 30-45 degrees behind the
  vertical to 80-100 in front and back once a rep, the hips driving the shoulder 0.1-0.25 m; the bell's handle
  knocks the forearm at the top (0.5-3 m/s^2) and the stance stomps at the bottom. Its wrist reads twice the rep
  rate (the arm's speed peaks twice a rep), a stride rate.
- ``curl``: speed curls at 66-96 a minute, the elbow from 5-20 to 115-155 degrees, the plate clanking on the
  thigh at each bottom (0.5-3 m/s^2).
- ``battle_rope``: heavy-rope waves at 66-108 a minute, the upper arm +-8-20 degrees about 20-40 forward, the
  elbow +-5-15 about 40-80, the trunk bobbing 0.5-2.5 m/s^2; the rope's slap on the floor comes back up it once a
  wave (1-8 m/s^2, mostly along the rope), and half the time the other arm's slap through the trunk.
- ``skip``: a skipping rope with a rebound hop (two two-footed landings per turn, as beginners skip), at 69-96 turns
  a minute: the wrist circles 0.08-0.15 m once a turn, its landings (0.3-3 and 0.2-2 m/s^2) ring the wrist.
"""

from __future__ import annotations

import numpy as np
from scipy.signal import butter, sosfiltfilt

G = 9.81
FS_IN = 1000.0
RATES_PER_MIN = {
    "kb_swing": (36.0, 57.0),
    "curl": (66.0, 96.0),
    "battle_rope": (66.0, 108.0),
    "skip": (69.0, 96.0),
}


def _rot(axis: int, a: np.ndarray) -> np.ndarray:
    """Rotation matrices about world axis ``axis`` (0: x, 1: y) by angles ``a`` (rad), shape a.shape + (3, 3)."""
    c, s, o, z = np.cos(a), np.sin(a), np.ones_like(a), np.zeros_like(a)
    if axis == 0:
        return np.stack([np.stack([o, z, z], -1), np.stack([z, c, -s], -1), np.stack([z, s, c], -1)], -2)
    return np.stack([np.stack([c, z, s], -1), np.stack([z, o, z], -1), np.stack([-s, z, c], -1)], -2)


def _wave(rng: np.random.Generator, ph: np.ndarray, amp: float) -> np.ndarray:
    """A periodic profile of peak ``amp``: the fundamental and harmonics 2-5 falling as 0.03-0.12 to the power k-1."""
    r = rng.uniform(0.03, 0.12)
    out = np.sin(ph)
    for k in range(2, 6):
        out = out + r ** (k - 1) * np.sin(k * ph + rng.uniform(0, 2 * np.pi))
    return amp * out / np.abs(out).max()


def gym_set(
    kind: str, rng: np.random.Generator, fs: float, *, dur_s: float = 30.0, pad_s: float = 20.0
) -> tuple[np.ndarray, tuple[float, float]]:
    """A set of ``kind`` (module docstring) between two stands of ``pad_s``: the watch's samples (shape (n, 3), m/s^2
    with gravity) and the set's span (s)."""
    rate = rng.uniform(*RATES_PER_MIN[kind]) / 60.0
    t = np.arange(0.0, dur_s + 2 * pad_s, 1.0 / FS_IN)
    n = t.size
    ramp = np.clip((t - pad_s) / 1.5, 0, 1) * np.clip((pad_s + dur_s - t) / 1.5, 0, 1)
    ph = 2 * np.pi * np.cumsum(rate * (1 + 0.02 * np.cumsum(rng.normal(0, 1, n)) / np.sqrt(n))) / FS_IN
    trunk, shoulder = np.zeros((n, 3)), np.zeros((n, 3))
    flex, elbow, abd, roll = np.zeros(n), np.zeros(n), np.zeros(n), np.zeros(n)
    knocks: list[tuple[int, float, float, np.ndarray]] = []

    def knock(
        at: float, amp: tuple[float, float], d: tuple[float, float, float] = (0, 0, 1), sd: float = 0.3
    ) -> None:
        """A knock at phase ``at`` (of a cycle) of every cycle inside the set."""
        for i in np.flatnonzero(np.diff(np.floor(ph / (2 * np.pi) - at)) > 0) + 1:
            if ramp[i] > 0.5:
                knocks.append((i, rng.uniform(*amp), rng.uniform(15, 40), np.array(d) + rng.normal(0, sd, 3)))

    if kind == "kb_swing":
        lo, hi = np.deg2rad(rng.uniform(-45, -30)), np.deg2rad(rng.uniform(80, 100))
        flex = lo + (hi - lo) * (0.5 * (1 - np.cos(ph))) ** rng.uniform(0.8, 1.3)
        elbow[:] = np.deg2rad(rng.uniform(0, 10))
        shoulder[:, 0] = rng.uniform(0.1, 0.2) * np.sin(ph + rng.uniform(0, 1))
        shoulder[:, 2] = rng.uniform(0.1, 0.25) * np.sin(ph + rng.uniform(0, 1))
        knock(0.5, (0.5, 3.0), sd=0.6)
        knock(0.0, (0.2, 1.5))
    elif kind == "curl":
        knock(0.0, (0.5, 3.0), sd=0.6)
        elbow = np.deg2rad(rng.uniform(5, 20)) + np.deg2rad(rng.uniform(110, 135)) * 0.5 * (1 - np.cos(ph))
        flex[:] = np.deg2rad(rng.uniform(-5, 15))
        roll = np.deg2rad(rng.uniform(0, 60)) * 0.5 * (1 - np.cos(ph))
    elif kind == "battle_rope":
        flex = np.deg2rad(rng.uniform(20, 40)) + _wave(rng, ph, np.deg2rad(rng.uniform(8, 20)))
        elbow = np.deg2rad(rng.uniform(40, 80)) + _wave(
            rng, ph + rng.uniform(0.3, 1.2), np.deg2rad(rng.uniform(5, 15))
        )
        trunk[:, 2] = rng.uniform(0.5, 2.5) * np.sin(ph * rng.choice([1, 2]) + rng.uniform(0, 6))
        knock(rng.uniform(0, 1), (1.0, 8.0), d=(1, 0, 0.5), sd=0.5)
        if rng.uniform() < 0.5:
            knock(rng.uniform(0, 1), (0.2, 2.0))
    elif kind == "skip":
        r = rng.uniform(0.08, 0.15)
        shoulder[:, 0], shoulder[:, 2] = r * np.cos(ph), r * np.sin(ph)
        flex[:], elbow[:] = np.deg2rad(rng.uniform(-10, 10)), np.deg2rad(rng.uniform(60, 90))
        roll = np.deg2rad(rng.uniform(10, 40)) * np.sin(ph)
        abd[:] = np.deg2rad(rng.uniform(15, 30))
        duty = rng.uniform(0.3, 0.45)
        u = (2 * ph / (2 * np.pi)) % 1
        grf = np.where(u < duty, np.pi / (2 * duty) * np.sin(np.pi * np.minimum(u / duty, 1)), 0.0)
        trunk[:, 2] = rng.uniform(0.5, 0.8) * G * (grf - 1)
        knock(0.0, (0.3, 3.0))
        knock(0.5, (0.2, 2.0))
    else:
        raise ValueError(kind)
    flex, elbow, abd, roll = (x * ramp for x in (flex, elbow, abd, roll))
    trunk *= ramp[:, None]
    shoulder *= ramp[:, None]
    upper = _rot(0, abd) @ _rot(1, -flex)
    fore = upper @ _rot(1, -elbow)
    down = np.array([0.0, 0.0, -1.0])
    wrist = shoulder + 0.30 * (upper @ down) + 0.27 * (fore @ down)
    spec = np.gradient(np.gradient(wrist, 1 / FS_IN, axis=0), 1 / FS_IN, axis=0) + trunk + np.array([0, 0, G])
    axes = np.stack([down, np.cross([0.0, 1.0, 0.0], down), [0.0, 1.0, 0.0]], 1)  # watch x, y, z hanging
    to_world = fore @ axes @ _rot(0, roll + rng.uniform(-1, 1))
    bt = np.arange(int(0.12 * FS_IN)) / FS_IN
    for i, amp, f0, d in knocks:
        ring = amp * np.exp(-bt / rng.uniform(0.008, 0.02)) * np.sin(2 * np.pi * f0 * bt)
        spec[i : i + bt.size] += ring[: n - i, None] * (d / np.linalg.norm(d))
    acc = np.einsum("nji,nj->ni", to_world, spec)
    acc = sosfiltfilt(butter(4, 0.4 * fs, fs=FS_IN, output="sos"), acc, axis=0)[:: int(round(FS_IN / fs))]
    tt = np.arange(acc.shape[0]) / fs
    acc += rng.uniform(0.003, 0.02) * rng.normal(size=acc.shape)
    acc += 0.014 * np.sin(2 * np.pi * rng.uniform(8, 12) * tt)[:, None] * rng.normal(0, 0.6, 3)
    return acc, (pad_s, pad_s + dur_s)
