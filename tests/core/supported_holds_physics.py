"""Isometric holds in a supported pose, and true twitches beside a resting forearm's small shifts (own physics, rev28).

Holds (:func:`holds_session`): a seated wrist (``tests/core/arm_pendulum``'s lap: the forearm 5 deg from level,
rolled 10 deg; a resting tremor of 0.010 m/s^2 RMS at 8-12 Hz; 0.004 m/s^2 sensor noise; breathing turning the
forearm ``breath_deg`` at 0.05-0.5 Hz throughout) rests ``lead_s`` on the lap (a recording started late), then holds
``n_holds`` times in one supported pose (a wall sit with the hands on the thighs, a forearm braced on a bench: sloping
``pose`` deg, pitch and roll, +-5), the fatigue tremor growing across each hold from ``level[0]`` to ``level[1]``
times the lap's RMS, no sway of its own (the thigh or bench carries the forearm). Between the holds the athlete walks
about (the arm hanging and swinging 15-30 deg at 0.8-1 Hz, the body bobbing 1.5 m/s^2 at the step rate), or
(``between="curls"``) does a bout of curls (a circuit: the forearm turning 120-150 deg and back at 0.3-1 reps/s, the
wrist 0.3 m from the elbow, as ``tests/core/thigh_rest_physics``).

Twitches (:func:`shift_twitch_session`): the lap rest for 30 s + 18 s a twitch; before each twitch the forearm shifts
``shift`` deg (pitch or roll, a postural adjustment over 0.4-1 s), the twitch ``offsets[k]`` s after the shift
starts: a Gaussian-derivative pulse of 8-20 ms and 0.2-0.5 m/s^2 peak along a random axis.
"""

from __future__ import annotations

import numpy as np

from tests.core.arm_pendulum import band_noise, lap_recording, smooth_step
from tremor.core.recording import Recording

REST_RMS = 0.010


def holds_session(
    seed: int,
    fs: float,
    *,
    lead_s: float = 20.0,
    n_holds: int = 3,
    level: tuple[float, float] = (1.0, 2.6),
    pose: tuple[float, float] = (-35.0, 20.0),
    breath_deg: float = 1.0,
    between: str = "walk",
) -> tuple[Recording, list[tuple[float, float]]]:
    """The session and its holds' (start_s, end_s)."""
    rng = np.random.default_rng(seed)
    plan: list[tuple[str, float]] = [("lap", lead_s)]
    for _ in range(n_holds):
        plan += [("hold", rng.uniform(50.0, 80.0)), ("walk", rng.uniform(30.0, 50.0))]
    total = sum(d for _, d in plan) + 3.0 * len(plan)
    t = np.arange(0.0, total, 1.0 / fs)
    n = t.size
    p0, r0 = np.deg2rad(5.0), np.deg2rad(10.0)
    pitch, roll = np.full(n, p0), np.full(n, r0)
    lin = np.zeros((n, 3))
    lvl = np.ones(n)
    hp = np.deg2rad(pose[0] + rng.uniform(-5.0, 5.0))
    hr = np.deg2rad(pose[1] + rng.uniform(-5.0, 5.0))
    holds: list[tuple[float, float]] = []
    t0 = 0.0
    for kind, dur in plan:
        a, b = t0 + 1.5, t0 + 1.5 + dur
        m = (t >= a) & (t < b)
        if kind == "hold":
            ramp = smooth_step(t, t0, 1.5) - smooth_step(t, b, 1.5)
            pitch += (hp - p0) * ramp
            roll += (hr - r0) * ramp
            lvl[m] = level[0] + (level[1] - level[0]) * (t[m] - a) / dur
            holds.append((a, b))
        elif kind == "walk" and between == "curls":
            f = rng.uniform(0.3, 1.0)
            m &= t < a + max(int(dur * f), 1) / f
            amp = np.deg2rad(rng.uniform(120.0, 150.0)) / 2
            w = 2 * np.pi * f
            u = t[m] - a
            pitch[m] += amp * (1 - np.cos(w * u))
            lin[m, 0] += 0.3 * amp * w * w * np.cos(w * u)
            lin[m, 2] += 0.3 * (amp * w * np.sin(w * u)) ** 2
        elif kind == "walk":
            f = rng.uniform(0.8, 1.0)
            amp = np.deg2rad(rng.uniform(15.0, 30.0))
            w = 2 * np.pi * f
            u = t[m] - a
            pitch[m] += -np.deg2rad(60.0) + amp * np.sin(w * u)
            lin[m, 0] += -0.6 * amp * w * w * np.sin(w * u)
            lin[m, 2] += 1.5 * np.sin(2 * w * u)
        t0 = b + 1.5
    pitch += np.deg2rad(breath_deg) * band_noise(rng, n, fs, 0.05, 0.5, 1.0)
    roll += np.deg2rad(0.7 * breath_deg) * band_noise(rng, n, fs, 0.05, 0.5, 1.0)
    tremor = lvl * band_noise(rng, n, fs, 8.0, 12.0, REST_RMS)
    noise = rng.normal(0.0, 0.004, (n, 3))
    return lap_recording(t, fs, pitch, roll, tremor, noise, f"supported holds {seed}", lin=lin), holds


def shift_twitch_session(
    seed: int,
    fs: float,
    offsets: list[float],
    *,
    shift: tuple[float, float] = (1.5, 3.0),
    breath_deg: float = 0.5,
) -> tuple[Recording, list[float]]:
    """The session and its twitches' times."""
    rng = np.random.default_rng(seed)
    t = np.arange(0.0, 50.0 + 18.0 * len(offsets), 1.0 / fs)
    n = t.size
    pitch, roll = np.full(n, np.deg2rad(5.0)), np.full(n, np.deg2rad(10.0))
    lin = np.zeros((n, 3))
    times: list[float] = []
    for k, d in enumerate(offsets):
        ts = 30.0 + 18.0 * k + rng.uniform(-2.0, 2.0)
        dur = rng.uniform(0.4, 1.0)
        step = np.deg2rad(rng.uniform(*shift) * rng.choice([-1.0, 1.0]))
        if rng.integers(2) == 0:
            pitch += step * smooth_step(t, ts, dur)
        else:
            roll += step * smooth_step(t, ts, dur)
        sig = rng.uniform(0.008, 0.02)
        u = np.arange(-5 * sig, 5 * sig, 1.0 / fs)
        x = -u / sig * np.exp(-((u / sig) ** 2) / 2) / np.exp(-0.5) * rng.uniform(0.2, 0.5)
        v = rng.normal(size=3)
        i0 = int(round((ts + d) * fs)) - u.size // 2
        lin[i0 : i0 + u.size] += np.outer(x, v / np.linalg.norm(v))
        times.append(ts + d)
    pitch += np.deg2rad(breath_deg) * band_noise(rng, n, fs, 0.05, 0.5, 1.0)
    roll += np.deg2rad(0.7 * breath_deg) * band_noise(rng, n, fs, 0.05, 0.5, 1.0)
    tremor = band_noise(rng, n, fs, 8.0, 12.0, REST_RMS)
    noise = rng.normal(0.0, 0.004, (n, 3))
    return lap_recording(t, fs, pitch, roll, tremor, noise, f"shift twitches {seed}", lin=lin), times
