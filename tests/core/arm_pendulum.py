"""A standing session at a wrist on a straight arm, from the physics (independent of :mod:`tremor.sim`).

The arm (0.65 m, shoulder to wrist) turns about the shoulder in the sagittal plane; the wrist's
specific force a - g is taken in the frame that turns with the arm (x along the arm, shoulder to
hand; y across it, forward when the arm hangs), so a swing's tangential acceleration and gravity's
turning part lie on the same axis. The body's vertical bob and the heel strikes act along the world
vertical. The phases of a plan:

- ``rest``: the arm hangs still (a standing rest);
- ``walk``: the arm swings +-``swing_deg`` about hanging at the stride rate, the body bobs at the
  step rate (twice the stride rate) and each step lands a heel strike (a 15-20 Hz ring, 15 ms);
- ``hold``: the arm raised forward to horizontal (1.5 s), held still while a fatigue tremor grows
  across it (0.02 -> 0.15 m/s^2 RMS at 10 -> 9 Hz, its frequency wandering), lowered again;
- ``swing``: a standing arm-swing exercise, no steps: the arm swings +-``swing_deg`` at
  ``set_hz`` with sharp turns at the ends (the angle a rounded triangle wave), as a swing or a
  front raise done briskly (with the holds' growing tremor where ``swing_tremor``);
- ``seated``: sitting, the forearm on the thigh (:data:`SEATED_DEG` from hanging), still;
- ``curls``: seated reps, the arm swinging +-``swing_deg`` about the seated pose at ``set_hz``.

A resting tremor of 0.01 m/s^2 RMS at 8-12 Hz and 0.003 m/s^2 sensor noise run throughout.
"""

from __future__ import annotations

import numpy as np

from tremor.core.recording import Recording, SourceInfo

G = 9.81
ARM_M = 0.65
#: Seated, the forearm rests on the thigh: the wrist's gravity direction this far from hanging.
SEATED_DEG = 60.0


def smooth_step(t: np.ndarray, t0: float, width: float) -> np.ndarray:
    """0 before ``t0``, 1 after ``t0 + width``, a raised cosine between."""
    u = np.clip((t - t0) / width, 0.0, 1.0)
    return 0.5 - 0.5 * np.cos(np.pi * u)


def lap_recording(
    t: np.ndarray,
    fs: float,
    pitch: np.ndarray,
    roll: np.ndarray,
    tremor: np.ndarray,
    noise: np.ndarray,
    label: str,
    lin: np.ndarray | None = None,
) -> Recording:
    """A seated wrist's recording at ``fs`` Hz: gravity at the forearm's ``pitch`` and ``roll`` (rad), the ``tremor`` (m/s^2)
    along its y axis, ``lin`` (n, 3) besides, and the sensor's ``noise`` (n, 3)."""
    acc = np.stack(
        [G * np.sin(pitch), G * np.cos(pitch) * np.sin(roll), G * np.cos(pitch) * np.cos(roll)], axis=1
    )
    acc[:, 1] += tremor
    acc += (0.0 if lin is None else lin) + noise
    source = SourceInfo(path=f"<{label}>", format="simulated", units="m/s^2")
    return Recording(time_s=t, acc_mps2=acc, gravity_included=True, source=source, fs_declared_hz=fs)


def span_overlap_s(s: tuple[float, float], a: float, b: float) -> float:
    """Seconds of the span ``s`` (start, end) within ``a``-``b``."""
    return max(0.0, min(s[1], b) - max(s[0], a))


def band_noise(rng: np.random.Generator, n: int, fs: float, lo: float, hi: float, rms: float) -> np.ndarray:
    """Gaussian noise confined to ``lo``-``hi`` Hz with the given RMS."""
    spec = np.fft.rfft(rng.standard_normal(n))
    f = np.fft.rfftfreq(n, 1.0 / fs)
    spec[(f < lo) | (f > hi)] = 0.0
    x = np.fft.irfft(spec, n)
    return x * rms / np.std(x)


def arm_session(
    plan: list[tuple[str, float]],
    *,
    seed: int,
    fs: float = 100.0,
    swing_deg: float = 20.0,
    stride_hz: float = 0.95,
    heel_mps2: tuple[float, float] = (1.0, 3.0),
    set_hz: float = 1.0,
    swing_tremor: bool = False,
    tremor_hz: tuple[float, float] = (10.0, 9.0),
) -> tuple[Recording, dict[str, list[tuple[float, float]]]]:
    """The recording of ``plan`` (phase, seconds) and the true spans of each phase kind (start_s, end_s).

    ``swing_tremor``: the swing sets carry the holds' growing fatigue tremor too; ``tremor_hz``: its
    frequency at the start and end of each hold (or set)."""
    rng = np.random.default_rng(seed)
    end = sum(d for _, d in plan)
    t = np.arange(0.0, end, 1.0 / fs)
    n = t.size
    theta = np.zeros(n)  # arm angle from hanging, forward positive (rad)
    vert = np.zeros(n)  # the body's vertical acceleration (bob, heel strikes), world frame
    tremor = np.zeros(n)
    spans: dict[str, list[tuple[float, float]]] = {}
    a = 0.0
    for kind, dur in plan:
        b = a + dur
        spans.setdefault(kind, []).append((a, b))
        if kind == "hold" or (kind == "swing" and swing_tremor):
            m = (t >= a) & (t < b)
            u = (t[m] - a) / (b - a)
            wander = np.convolve(rng.standard_normal(u.size), np.ones(int(fs)) / fs, mode="same")
            freq = tremor_hz[0] + (tremor_hz[1] - tremor_hz[0]) * u + 0.3 * wander / np.std(wander)
            phase = 2 * np.pi * np.cumsum(freq) / fs + rng.uniform(0, 2 * np.pi)
            tremor[m] = np.sqrt(2) * (0.02 + 0.13 * u) * np.sin(phase)
        if kind == "hold":
            theta += np.pi / 2 * (smooth_step(t, a - 1.5, 1.5) - smooth_step(t, b, 1.5))
        elif kind in ("seated", "curls"):
            theta += np.deg2rad(SEATED_DEG) * (smooth_step(t, a - 1.5, 1.5) - smooth_step(t, b, 1.5))
            if kind == "curls":
                ramp = smooth_step(t, a, 1.5) * (1 - smooth_step(t, b - 1.5, 1.5))
                ph = 2 * np.pi * set_hz * rng.uniform(0.97, 1.03) * t
                theta += np.deg2rad(swing_deg) * np.sin(ph) * ramp
        elif kind in ("walk", "swing"):
            ramp = smooth_step(t, a, 1.5) * (1 - smooth_step(t, b - 1.5, 1.5))
            rate = stride_hz if kind == "walk" else set_hz
            wobble = rate * rng.uniform(0.97, 1.03) * (1 + 0.02 * np.sin(2 * np.pi * t / 17.0))
            ph = 2 * np.pi * np.cumsum(wobble) / fs
            if kind == "swing":
                # a rounded triangle wave: sharp turns at each end of the swing
                shape = (2 / np.pi) * np.arcsin(0.8 * np.sin(ph)) / ((2 / np.pi) * np.arcsin(0.8))
                theta += np.deg2rad(swing_deg) * shape * ramp
                a = b
                continue
            theta += np.deg2rad(swing_deg) * np.sin(ph) * ramp
            vert += 1.5 * np.sin(2 * ph + 0.3) * ramp
            inside = np.flatnonzero((t >= a) & (t < b))
            steps = inside[np.flatnonzero(np.diff(np.floor(ph[inside] / np.pi)) > 0)]
            burst_t = np.arange(0.0, 0.1, 1.0 / fs)
            for k in steps:
                if ramp[k] < 0.5:
                    continue
                ring = rng.uniform(15.0, min(20.0, 0.4 * fs))
                burst = (
                    rng.uniform(*heel_mps2) * np.exp(-burst_t / 0.015) * np.sin(2 * np.pi * ring * burst_t)
                )
                vert[k : k + burst_t.size] += burst[: n - k]
        elif kind not in ("rest", "seated", "curls"):
            raise ValueError(f"unknown phase {kind!r}")
        a = b
    thd = np.gradient(theta, 1.0 / fs)
    thdd = np.gradient(thd, 1.0 / fs)
    along = np.stack([np.sin(theta), -np.cos(theta)], axis=1)  # shoulder -> hand, world (x fwd, y up)
    across = np.stack([np.cos(theta), np.sin(theta)], axis=1)
    acc_w = ARM_M * thdd[:, None] * across - ARM_M * (thd**2)[:, None] * along
    force = acc_w + np.stack([np.zeros(n), G + vert], axis=1)  # specific force a - g
    acc = np.zeros((n, 3))
    acc[:, 0] = np.sum(force * along, axis=1)
    acc[:, 1] = np.sum(force * across, axis=1) + tremor
    acc[:, 1] += band_noise(rng, n, fs, 8.0, 12.0, 0.01)
    acc += 0.003 * rng.standard_normal((n, 3))
    rec = Recording(
        time_s=t,
        acc_mps2=acc,
        gravity_included=True,
        source=SourceInfo(path=f"<arm session seed {seed}>", format="simulated", units="m/s^2"),
        fs_declared_hz=fs,
    )
    return rec, spans
