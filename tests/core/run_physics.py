"""A standing session with running, walking or hopping at a wrist, from the physics (independent of :mod:`tremor.sim`
and of the red team's generator).

The arm moves in the sagittal plane: the upper arm (0.30 m) turns about the shoulder by ``phi`` from hanging
(forward positive), the forearm (0.27 m to the watch) by ``phi + elbow``. The watch's axes turn with the forearm
(x along it, elbow to hand; y across it, forward when it hangs; z lateral), and it reads the specific force a - g
of its own motion plus the trunk's. The phases of a plan:

- ``stand``: the arm hangs still (a standing rest);
- ``hold``: the straight arm raised forward to horizontal (1.5 s), held while a fatigue tremor grows across it
  (0.02 -> 0.15 m/s^2 RMS at 10.5 -> 9.5 Hz, its frequency wandering 0.3 Hz), lowered again;
- ``run``: ``step_hz`` steps/s; each stance is a spring-mass bounce, the ground force a half-sine over the contact
  time (0.18-0.28 s; its mean over a step is body weight, so it peaks at 1.6-3.5 body weights and the trunk is in
  free fall between), 0.75-0.9 of the trunk's vertical acceleration reaching the shoulder; braking then
  propulsion along the run (+-2-4 m/s^2 over each stance); left and right steps 2-4 % apart in force; a foot
  strike at each touch-down (a 12-25 Hz ring of 2-6 m/s^2 decaying in 8-20 ms at the wrist, along the vertical);
  step intervals wander 1.5 %. The elbow is bent 70-100 degrees and the upper arm swings +-15-35 degrees about
  10 degrees forward at the stride rate (half the step rate), each arm with the opposite leg;
- ``walk``: ``walk_hz`` steps/s, no flight: the trunk bobs +-0.15-0.3 g at the step rate, a heel strike of 1-3
  m/s^2 each step, the straight arm swinging +-10-25 degrees about hanging at the stride rate;
- ``pump``: the running arm action while standing still (a drill, shadow running): the bent arm swings as in a
  run, no bounce and no foot strike;
- ``hop``: two-footed hops at ``step_hz`` per second, the bent arms pumping once per hop, each landing a hard
  shock (15-30 m/s^2, 12-25 Hz, 15-25 ms) after a flight;
- ``rope``: skipping rope at ``step_hz`` turns/s, a low two-footed jump each turn (contact 0.15-0.3 s, the ground
  force a half-sine, free fall between) landing on the forefeet (a ring of 2-10 m/s^2 at the wrist, 12-25 Hz, 8-20
  ms: as soft as a run's foot strike or harder); the elbows bent 70-100 degrees by the sides, the hands turning the
  rope in circles of 4-9 cm radius once a turn (the forearm and upper arm turning +-8-18 degrees a quarter turn
  apart), the watch turning with the forearm.

A resting tremor of 0.01 m/s^2 RMS at 8-12 Hz and 0.003 m/s^2 sensor noise run throughout.
"""

from __future__ import annotations

import numpy as np

from tests.core.arm_pendulum import band_noise, smooth_step
from tremor.core.recording import Recording, SourceInfo

G = 9.81
UPPER_M = 0.30
FORE_M = 0.27


def _ring(
    rng: np.random.Generator, fs: float, f_lo: float, f_hi: float, tau: tuple[float, float]
) -> np.ndarray:
    """A unit decaying ring (an impact's response at the wrist), 0.12 s long."""
    bt = np.arange(0.0, 0.12, 1.0 / fs)
    f = rng.uniform(f_lo, min(f_hi, 0.4 * fs))
    return np.exp(-bt / rng.uniform(*tau)) * np.sin(2 * np.pi * f * bt)


def run_session(
    plan: list[tuple[str, float]],
    *,
    seed: int,
    fs: float = 100.0,
    step_hz: float = 2.8,
    walk_hz: float = 1.8,
) -> tuple[Recording, dict[str, list[tuple[float, float]]]]:
    """The recording of ``plan`` (phase, seconds) and the true spans of each phase kind (start_s, end_s)."""
    rng = np.random.default_rng(seed)
    end = sum(d for _, d in plan)
    t = np.arange(0.0, end, 1.0 / fs)
    n = t.size
    phi = np.zeros(n)  # upper arm from hanging, forward positive (rad)
    elbow = np.zeros(n)  # forearm bent forward from the upper arm (rad)
    vert = np.zeros(n)  # the trunk's vertical acceleration at the shoulder (world, up positive)
    fwd = np.zeros(n)  # ... and along the run
    lateral = np.zeros(n)
    tremor = np.zeros(n)
    spans: dict[str, list[tuple[float, float]]] = {}
    a = 0.0
    for kind, dur in plan:
        b = a + dur
        spans.setdefault(kind, []).append((a, b))
        m = (t >= a) & (t < b)
        if kind == "hold":
            phi += np.pi / 2 * (smooth_step(t, a - 1.5, 1.5) - smooth_step(t, b, 1.5))
            u = (t[m] - a) / (b - a)
            wander = np.convolve(rng.standard_normal(u.size), np.ones(int(fs)) / fs, mode="same")
            freq = 10.5 - u + 0.3 * wander / np.std(wander)
            tremor[m] = (
                np.sqrt(2)
                * (0.02 + 0.13 * u)
                * np.sin(2 * np.pi * np.cumsum(freq) / fs + rng.uniform(0, 6.3))
            )
        elif kind == "rope":
            ramp = smooth_step(t, a, 2.0) * (1 - smooth_step(t, b - 2.0, 2.0))
            wobble = step_hz * (1 + 0.015 * band_noise(rng, n, fs, 0.02, 0.3, 1.0))
            ph = 2 * np.pi * np.cumsum(wobble) / fs  # one turn a jump
            k = np.floor(ph / (2 * np.pi))
            u = ph / (2 * np.pi) - k
            turn = np.deg2rad(rng.uniform(8.0, 18.0))
            phi += ramp * (np.deg2rad(rng.uniform(5.0, 20.0)) + turn * np.cos(ph))
            elbow += ramp * (np.deg2rad(rng.uniform(70.0, 100.0)) + turn * np.sin(ph))
            duty = min(rng.uniform(0.15, 0.3) * step_hz, 0.8)
            grf = np.where(u < duty, G * np.pi / (2 * duty) * np.sin(np.pi * np.minimum(u / duty, 1.0)), 0.0)
            vert += ramp * rng.uniform(0.75, 0.9) * (grf - G)
            onsets = np.flatnonzero(np.diff(k) > 0) + 1
            onsets = onsets[(ramp[onsets] > 0.5) & m[onsets]]
            for i in onsets:
                ring = rng.uniform(2.0, 10.0) * _ring(rng, fs, 12.0, 25.0, (0.008, 0.020))
                vert[i : i + ring.size] += ring[: n - i]
        elif kind in ("run", "walk", "pump", "hop"):
            ramp = smooth_step(t, a, 2.0) * (1 - smooth_step(t, b - 2.0, 2.0))
            rate = walk_hz if kind == "walk" else step_hz
            wobble = rate * (1 + 0.015 * band_noise(rng, n, fs, 0.02, 0.3, 1.0))
            ph = 2 * np.pi * np.cumsum(wobble) / fs  # one cycle a step (a hop)
            k = np.floor(ph / (2 * np.pi))
            u = ph / (2 * np.pi) - k  # phase within the step
            arm_rate = 0.5 if kind in ("run", "walk", "pump") else 1.0  # arms: once a stride, or once a hop
            if kind == "walk":
                swing = np.deg2rad(rng.uniform(10.0, 25.0))
                phi += ramp * swing * np.sin(arm_rate * ph)
            else:
                swing = np.deg2rad(rng.uniform(15.0, 35.0))
                bent = np.deg2rad(rng.uniform(70.0, 100.0))
                phi += ramp * (np.deg2rad(10.0) + swing * np.sin(arm_rate * ph))
                elbow += ramp * (bent + np.deg2rad(8.0) * np.sin(arm_rate * ph + 0.5))
            lateral += ramp * rng.uniform(0.3, 0.8) * np.sin(0.5 * ph + rng.uniform(0, 6.3))
            onsets = np.flatnonzero(np.diff(k) > 0) + 1
            onsets = onsets[(ramp[onsets] > 0.5) & m[onsets]]
            if kind == "walk":
                vert += ramp * G * rng.uniform(0.15, 0.3) * np.sin(ph)
                size, f_lo, f_hi, tau = (1.0, 3.0), 15.0, 20.0, (0.010, 0.020)
            elif kind in ("run", "hop"):
                contact = rng.uniform(0.18, 0.28) if kind == "run" else rng.uniform(0.12, 0.2)
                duty = min(contact * rate, 0.8)
                side = 1 + rng.uniform(0.02, 0.04) * np.where(k % 2 == 0, 1.0, -1.0)
                grf = np.where(
                    u < duty, G * np.pi / (2 * duty) * np.sin(np.pi * np.minimum(u / duty, 1.0)), 0.0
                )
                vert += ramp * rng.uniform(0.75, 0.9) * (side * grf - G)
                fwd += ramp * rng.uniform(2.0, 4.0) * np.where(u < duty, -np.sin(2 * np.pi * u / duty), 0.0)
                if kind == "run":
                    size, f_lo, f_hi, tau = (2.0, 6.0), 12.0, 25.0, (0.008, 0.020)
                else:
                    size, f_lo, f_hi, tau = (15.0, 30.0), 12.0, 25.0, (0.015, 0.025)
            else:
                onsets = onsets[:0]  # the arms alone: no foot leaves or strikes the ground
                size, f_lo, f_hi, tau = (0.0, 0.0), 15.0, 20.0, (0.01, 0.02)
            for i in onsets:
                ring = rng.uniform(*size) * _ring(rng, fs, f_lo, f_hi, tau)
                vert[i : i + ring.size] += ring[: n - i]
        elif kind != "stand":
            raise ValueError(f"unknown phase {kind!r}")
        a = b
    # the wrist's position about the shoulder, and its acceleration
    fore = phi + elbow
    pos = np.stack(
        [UPPER_M * np.sin(phi) + FORE_M * np.sin(fore), -UPPER_M * np.cos(phi) - FORE_M * np.cos(fore)],
        axis=1,
    )
    acc_w = np.gradient(np.gradient(pos, 1.0 / fs, axis=0), 1.0 / fs, axis=0)
    force = acc_w + np.stack([fwd, G + vert], axis=1)  # specific force a - g, world (x forward, y up)
    along = np.stack([np.sin(fore), -np.cos(fore)], axis=1)  # elbow -> hand
    across = np.stack([np.cos(fore), np.sin(fore)], axis=1)
    acc = np.zeros((n, 3))
    acc[:, 0] = np.sum(force * along, axis=1)
    acc[:, 1] = np.sum(force * across, axis=1) + tremor + band_noise(rng, n, fs, 8.0, 12.0, 0.01)
    acc[:, 2] = lateral
    acc += 0.003 * rng.standard_normal((n, 3))
    rec = Recording(
        time_s=t,
        acc_mps2=acc,
        gravity_included=True,
        source=SourceInfo(path=f"<run session seed {seed}>", format="simulated", units="m/s^2"),
        fs_declared_hz=fs,
    )
    return rec, spans
