"""Seated curls whose dumbbell rests on the thigh between sets, and the holds that must stay holds (own physics).

A seated wrist (``tests/core/arm_pendulum``'s lap: the forearm 5 deg from level, rolled 10 deg; a resting tremor of
0.010 m/s^2 RMS at 8-12 Hz; 0.004 m/s^2 sensor noise; breathing turning the forearm ``breath_deg`` at 0.05-0.5 Hz
throughout) rests ``lead_s`` on the lap, then does ``sets`` bouts of curls: the forearm turns ``curl_deg`` (120-150)
and back at ``rep_hz`` (0.3-1 reps/s), the wrist 0.3 m from the elbow (tangential and centripetal acceleration).
Between the bouts (and after the last) the arm stays ``between_s`` in a pose ``between``:

- ``thigh``: the forearm laid on the thigh with the dumbbell in the hand: sloping down 15-35 deg, rolled to a
  neutral grip (60-90 deg); the grip raises the tremor to ``level`` times the lap's RMS; every 10-25 s the dumbbell
  is shifted, the forearm turning ``shift_deg`` (2-5) deg in 0.5 s (``knock``: a 15-30 Hz damped knock of that many
  m/s^2 as it settles, at the end of the turn; ``twitches``: a twitch 3.5-7 s after each shift, a Gaussian-derivative
  pulse of 8-20 ms and that peak, along a random axis, the pose unchanged);
- ``held``: the same pose held without support: the hold's sway (``held_sway_deg`` at 0.1-1 Hz) on top;
- ``raised``: a hold raised 60-80 deg from the lap, no sway of its own (the red team's holds' way), put back on
  the lap for ``back_s`` after each (0: not), or (``third``) hung at the side for ``back_s``. These sessions end
  with 20 s on the lap (the last hold put down).
"""

from __future__ import annotations

import numpy as np

from tests.core.arm_pendulum import band_noise, lap_recording, smooth_step
from tremor.core.recording import Recording

REST_RMS = 0.010
ARM_M = 0.3


def session(
    seed: int,
    fs: float,
    *,
    between: str = "thigh",
    level: tuple[float, float] = (1.0, 1.8),
    sets: int = 3,
    lead_s: float = 50.0,
    between_s: tuple[float, float] = (50.0, 75.0),
    back_s: float = 12.0,
    knock: tuple[float, float] = (0.0, 0.0),
    breath_deg: float = 1.0,
    held_sway_deg: float = 2.0,
    twitches: tuple[float, float] = (0.0, 0.0),
    shift_deg: tuple[float, float] = (2.0, 5.0),
) -> tuple[Recording, list[tuple[float, float]], list[float], list[float]]:
    """The session, the curl bouts' (start_s, end_s) (for ``raised``: the holds'), the knocks' and twitches' times."""
    rng = np.random.default_rng(seed)
    plan: list[tuple[str, float]] = [("lap", lead_s)]
    for _ in range(sets):
        plan.append(("curls", rng.uniform(30.0, 45.0)))
        plan.append((between, rng.uniform(*between_s)))
        if between in ("raised", "third") and back_s > 0:
            plan.append(("back", back_s))
    if between != "thigh":
        plan.append(("lap", 20.0))  # the session ends with the arm back on the lap (a hold ends)
    total = sum(d for _, d in plan) + 3.0 * len(plan)
    t = np.arange(0.0, total, 1.0 / fs)
    n = t.size
    p0, r0 = np.deg2rad(5.0), np.deg2rad(10.0)
    pitch, roll = np.full(n, p0), np.full(n, r0)
    lin = np.zeros((n, 3))
    tremor_level = np.ones(n)
    hold_sway = np.zeros(n)
    stay_pitch = np.deg2rad(rng.uniform(-35.0, -15.0))
    stay_roll = np.deg2rad(rng.uniform(60.0, 90.0))
    raised = np.deg2rad(rng.uniform(60.0, 80.0))
    side = np.deg2rad(-80.0)
    grip = rng.uniform(*level)
    bouts: list[tuple[float, float]] = []
    knocks: list[float] = []
    twitch_times: list[float] = []
    t0 = 0.0
    for kind, dur in plan:
        a, b = t0 + 1.5, t0 + 1.5 + dur
        if kind == "curls":
            m = (t >= a) & (t < b)
            f = rng.uniform(0.3, 1.0)
            n_rep = max(int(dur * f), 1)
            m &= t < a + n_rep / f
            amp = np.deg2rad(rng.uniform(120.0, 150.0)) / 2
            w = 2 * np.pi * f
            u = t[m] - a
            pitch[m] += amp * (1 - np.cos(w * u))
            lin[m, 0] += ARM_M * amp * w * w * np.cos(w * u)
            lin[m, 2] += ARM_M * (amp * w * np.sin(w * u)) ** 2
            bouts.append((a, a + n_rep / f))
        elif kind in ("thigh", "held", "raised", "third", "back"):
            if kind in ("thigh", "held"):
                dp, dr = stay_pitch - p0, stay_roll - r0
            elif kind in ("raised", "third"):
                dp, dr = raised, 0.0
            else:  # back: on the lap, or (a "third" session) hanging at the side
                dp, dr = (side - p0, 0.0) if between == "third" else (0.0, 0.0)
            ramp = smooth_step(t, t0, 1.5) - smooth_step(t, b, 1.5)
            pitch += dp * ramp
            roll += dr * ramp
            m = (t >= a) & (t < b)
            if kind != "back":
                tremor_level[m] = grip
                if kind in ("raised", "third"):
                    bouts.append((a, b))
            if kind == "held":
                hold_sway[m] = 1.0
            if kind == "thigh":
                ts = a + rng.uniform(8.0, 15.0)
                shift = 0.0
                while ts < b - 5.0:
                    step = np.deg2rad(rng.uniform(*shift_deg) * rng.choice([-1.0, 1.0]))
                    pitch += step * (smooth_step(t, ts, 0.5) - smooth_step(t, b, 1.5))
                    shift += step
                    if knock[1] > 0:
                        i0 = int(round((ts + 0.5) * fs))
                        k = np.arange(int(0.1 * fs)) / fs
                        f0 = rng.uniform(15.0, min(30.0, 0.4 * fs))
                        x = np.exp(-k / 0.02) * np.sin(2 * np.pi * f0 * k)
                        x *= rng.uniform(*knock) / np.max(np.abs(x))
                        v = rng.normal(size=3)
                        lin[i0 : i0 + x.size] += np.outer(x[: n - i0], v / np.linalg.norm(v))
                        knocks.append(ts + 0.5)
                    if twitches[1] > 0:  # a twitch 3-7 s after each shift, in the stillness between them
                        tw = ts + rng.uniform(3.5, 7.0)
                        if tw < b - 3.0:
                            sig = rng.uniform(0.008, 0.02)
                            u = np.arange(-5 * sig, 5 * sig, 1.0 / fs)
                            x = (
                                -u
                                / sig
                                * np.exp(-((u / sig) ** 2) / 2)
                                / np.exp(-0.5)
                                * rng.uniform(*twitches)
                            )
                            v = rng.normal(size=3)
                            i0 = int(round(tw * fs)) - u.size // 2
                            lin[i0 : i0 + u.size] += np.outer(x, v / np.linalg.norm(v))
                            twitch_times.append(tw)
                    ts += rng.uniform(10.0, 25.0)
        t0 = b + 1.5
    pitch += np.deg2rad(breath_deg) * band_noise(rng, n, fs, 0.05, 0.5, 1.0)
    roll += np.deg2rad(0.7 * breath_deg) * band_noise(rng, n, fs, 0.05, 0.5, 1.0)
    pitch += np.deg2rad(held_sway_deg) * hold_sway * band_noise(rng, n, fs, 0.1, 1.0, 1.0)
    tremor = tremor_level * band_noise(rng, n, fs, 8.0, 12.0, REST_RMS)
    noise = rng.normal(0.0, 0.004, (n, 3))
    rec = lap_recording(t, fs, pitch, roll, tremor, noise, f"thigh rest {between} seed {seed}", lin=lin)
    return rec, bouts, knocks, twitch_times
