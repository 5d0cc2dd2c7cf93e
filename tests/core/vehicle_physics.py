"""A seated session with static holds and a ride in a vehicle, from the physics (independent of :mod:`tremor.sim`
and of the red team's generator).

The watch is on the left wrist; its specific force is gravity (turned with the forearm's pose) plus the
person's own tremor, the vehicle's shaking and the sensor's white noise. Phases:

- ``rest``: seated, forearm on the thigh, a resting tremor of 0.01 m/s^2 RMS at 8-12 Hz;
- ``hold``: the arm raised forward and held still while a fatigue tremor grows across it (``tremor_rms``
  from a fifth of its end value to it, at 10.5 -> 9 Hz, its frequency wandering 0.3 Hz, a 20 % second
  harmonic);
- ``drive``: hands on a steering wheel (the forearm raised 60 deg, turned 70 deg): the car pulls away to 50 km/h,
  stops at a light, pulls away to 70 km/h and slows to a stop. Its shaking at the wrist: an unbalanced front
  wheel turns the steering wheel at the wheel's rotation rate ``v / (pi D)`` (D 0.60-0.66 m: 6.7-7.4 Hz at 50
  km/h, 9.4-10.3 Hz at 70), its amplitude growing with ``v^2`` (``shimmy_mps2`` at 70 km/h); road vibration,
  broadband 4-45 Hz (up to 0.45 fs), growing with ``v`` (``road_mps2`` RMS at 70 km/h, each axis its own
  noise, the vertical twice the others); steering and cornering: slow lateral pushes (0.03-0.3 Hz, 1 m/s^2 RMS at
  70 km/h) and the wrist turning +-6 deg with the wheel; the engine's idle at the light (2nd order of 800 rpm,
  26.7 Hz, 0.03 m/s^2, passed only below 0.45 fs);
- ``bus``: seated on a bus, the forearm on the lap: the seat's vertical vibration, broadband 1.5-25 Hz
  (``road_mps2`` RMS while driving, a sixth of it at stops), through the seated body's resonance (a 4-6 Hz
  line, 2 Hz wide, twice the broadband's RMS), with slow sway (0.03-0.3 Hz, 0.5 m/s^2 RMS); it drives 50-70 s,
  stops 15-25 s, drives again.
"""

from __future__ import annotations

import numpy as np

from tremor.core.recording import Recording, SourceInfo

G = 9.81
#: The wrist's gravity direction in each pose (unit vectors, sensor axes): at rest on the thigh, holding forward,
#: hands on the wheel.
POSE = {
    "rest": np.array([0.5, 0.0, 0.866]),
    "hold": np.array([0.0, -1.0, 0.05]),
    "drive": np.array([-0.3, -0.75, 0.59]),
    "bus": np.array([0.45, 0.1, 0.887]),
}


def band_noise(rng: np.random.Generator, n: int, fs: float, lo: float, hi: float) -> np.ndarray:
    """Unit-RMS Gaussian noise confined to ``lo``-``hi`` Hz."""
    spec = np.fft.rfft(rng.standard_normal(n))
    f = np.fft.rfftfreq(n, 1.0 / fs)
    spec[(f < lo) | (f > hi)] = 0.0
    x = np.fft.irfft(spec, n)
    return x / np.std(x)


def _ramp(t: np.ndarray, a: float, b: float, w: float = 1.5) -> np.ndarray:
    """1 inside ``a``-``b``, raised-cosine edges ``w`` s wide outside it."""
    up = np.clip((t - (a - w)) / w, 0.0, 1.0)
    down = np.clip(((b + w) - t) / w, 0.0, 1.0)
    return (0.5 - 0.5 * np.cos(np.pi * up)) * (0.5 - 0.5 * np.cos(np.pi * down))


def _speed(t: np.ndarray, knots: list[tuple[float, float]]) -> np.ndarray:
    """Speed (m/s) through ``knots`` (time, speed), smoothed over 2 s."""
    v = np.interp(t, [k[0] for k in knots], [k[1] for k in knots])
    fs = 1.0 / (t[1] - t[0])
    k = int(2 * fs)
    return np.convolve(np.pad(v, k, mode="edge"), np.ones(k) / k, mode="same")[k:-k]


def vehicle_session(
    plan: list[tuple[str, float]],
    *,
    seed: int,
    fs: float = 100.0,
    tremor_rms: float = 0.15,
    shimmy_mps2: float = 0.1,
    road_mps2: float = 0.15,
    noise_ug: float = 200.0,
    shocks_per_s: float = 0.0,
    shock_mps2: float = 1.0,
) -> tuple[Recording, dict[str, list[tuple[float, float]]]]:
    """The recording of ``plan`` (phase, seconds) and the true spans of each phase kind (start_s, end_s).

    ``noise_ug``: the sensor's white noise density per axis, ug/sqrt(Hz). ``shocks_per_s``: a damaged road's
    shocks while a car drives (potholes, joints; Poisson at this rate at 70 km/h, in proportion to the speed), each
    ringing the wheel at 12-22 Hz for a 60 ms decay, its peak ``shock_mps2`` times 0.5-1.5, along a random
    direction."""
    rng = np.random.default_rng(seed)
    end = sum(d for _, d in plan)
    t = np.arange(0.0, end, 1.0 / fs)
    n = t.size
    weight = {k: np.zeros(n) for k in POSE}
    lin = np.zeros((n, 3))
    spans: dict[str, list[tuple[float, float]]] = {}
    a = 0.0
    for kind, dur in plan:
        b = a + dur
        spans.setdefault(kind, []).append((a, b))
        r = _ramp(t, a, b) if kind != "rest" else np.zeros(n)
        weight[kind] += r
        m = (t >= a) & (t < b)
        if kind == "hold":
            u = (t[m] - a) / dur
            wander = np.convolve(rng.standard_normal(u.size), np.ones(int(fs)) / fs, mode="same")
            freq = 10.5 - 1.5 * u + 0.3 * wander / np.std(wander)
            ph = 2 * np.pi * np.cumsum(freq) / fs + rng.uniform(0, 2 * np.pi)
            amp = np.sqrt(2) * tremor_rms * (0.2 + 0.8 * u**1.5)
            lin[m] += np.outer(amp * (np.sin(ph) + 0.2 * np.sin(2 * ph + 0.7)), [0.15, 0.2, 0.97])
        elif kind == "drive":
            knots = [(a, 0.0), (a + 12, 13.9), (a + 0.35 * dur, 13.9), (a + 0.35 * dur + 10, 0.0)]
            knots += [
                (a + 0.35 * dur + 35, 0.0),
                (a + 0.35 * dur + 50, 19.4),
                (b - 25, 19.4),
                (b - 8, 0.0),
                (b, 0.0),
            ]
            v = _speed(t, knots) * r
            vr = v / 19.4
            diam = rng.uniform(0.60, 0.66)
            ph = 2 * np.pi * np.cumsum(v / (np.pi * diam)) / fs
            lin += np.outer(shimmy_mps2 * np.sqrt(2) * vr**2 * np.sin(ph), [0.2, 0.75, 0.63])
            hi = min(45.0, 0.45 * fs)
            for ax, w in enumerate((1.0, 1.0, 2.0)):
                lin[:, ax] += band_noise(rng, n, fs, 4.0, hi) * road_mps2 * w / np.sqrt(6.0) * vr
            lin[:, 0] += band_noise(rng, n, fs, 0.03, 0.3) * 1.0 * vr
            tilt = np.deg2rad(6.0) * band_noise(rng, n, fs, 0.05, 0.3) * np.clip(3 * vr, 0, 1)
            lin[:, 1] += G * np.sin(tilt) * r  # the wrist turns with the wheel
            if shocks_per_s > 0:
                tau = np.arange(0.0, 0.3, 1.0 / fs)
                hits = np.flatnonzero(rng.random(n) < shocks_per_s * vr / fs)
                for i in hits:
                    ring = np.exp(-tau / 0.06) * np.sin(2 * np.pi * rng.uniform(12.0, 22.0) * tau)
                    k = min(tau.size, n - i)
                    d = rng.normal(size=3)
                    lin[i : i + k] += (
                        shock_mps2 * rng.uniform(0.5, 1.5) * np.outer(ring[:k], d / np.linalg.norm(d))
                    )
            idle = (v < 0.5) & (r > 0.5)
            fe = 2 * 800.0 / 60.0
            if fe < 0.45 * fs:
                lin[:, 2] += 0.03 * np.sin(2 * np.pi * fe * t) * idle
        elif kind == "bus":
            driving = np.zeros(n)
            c = a
            while c < b:
                d = rng.uniform(50.0, 70.0)
                driving += _ramp(t, c, min(c + d, b), 3.0)
                c += d + rng.uniform(15.0, 25.0)
            driving = np.clip(driving, 0.0, 1.0) * r
            level = (1.0 / 6.0 + 5.0 / 6.0 * driving) * r
            seat = band_noise(rng, n, fs, 1.5, min(25.0, 0.45 * fs)) * road_mps2
            f_body = rng.uniform(4.0, 6.0)
            env = band_noise(rng, n, fs, 0.0, 1.0) + 1j * band_noise(rng, n, fs, 0.0, 1.0)
            body = np.real(env * np.exp(2j * np.pi * f_body * t)) / np.sqrt(2) * 2 * road_mps2
            lin[:, 2] += (seat + body) * level
            lin[:, 0] += 0.5 * band_noise(rng, n, fs, 0.03, 0.3) * driving
        elif kind != "rest":
            raise ValueError(f"unknown phase {kind!r}")
        a = b
    weight["rest"] = np.clip(1.0 - sum(weight[k] for k in POSE if k != "rest"), 0.0, 1.0)
    grav = sum(np.outer(weight[k], POSE[k]) for k in POSE)
    grav = grav / np.linalg.norm(grav, axis=1, keepdims=True) * G
    rest_tremor = np.stack([band_noise(rng, n, fs, 8.0, min(12.0, 0.45 * fs)) for _ in range(3)], axis=1)
    sigma = noise_ug * 1e-6 * G * np.sqrt(fs / 2.0)
    acc = grav + lin + 0.01 / np.sqrt(3) * rest_tremor + rng.normal(0.0, sigma, (n, 3))
    source = SourceInfo(path=f"<vehicle session seed {seed}>", format="simulated", units="m/s^2")
    return Recording(time_s=t, acc_mps2=acc, source=source, gravity_included=True), spans
