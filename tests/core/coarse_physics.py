"""Seated sessions through a coarse accelerometer: holds, phone checks and posture shifts between rests (h-coarse).

The physics, written for these tests (not the red team's generator): a digital accelerometer of ``bits`` bits over
+-``range_g`` g reports whole codes, ``q = 2 * range_g * 9.81 / 2**bits`` m/s^2 apart (10 bits at +-8 g: 0.153; 8
bits at +-2 g: 0.153; 12 bits at +-8 g: 0.038; 10 bits at +-16 g: 0.307), and its own white noise (0.004-0.008 m/s^2)
is under the step, so a still wrist's reading sits on a code and flickers to the next where gravity's share lies
near a code's edge. The wrist (as ``tests/core/test_phone_checks.py``'s seated sessions): a forearm on the lap
(pitch 5 deg, roll 10 deg), breathing and small shifts turning it about 1 deg at 0.05-0.5 Hz, a resting tremor of
0.010 m/s^2 RMS at 8-12 Hz. Between 40-60 s rests, ``plan``'s items in order:

* ``hold``: the forearm raised 30-90 deg (a raised arm turns gravity's components by 5-10 m/s^2, tens of codes), its
  sway larger than the lap's (1.5 deg at 0.1-1 Hz), a fatigue tremor growing from 0.02 m/s^2 RMS to ``top`` at 9-11
  Hz drifting 1 Hz lower;
* ``phone``: the forearm raised 25-45 deg holding a phone, a little more postural tremor (0.006 m/s^2), typing taps
  2-8 a second, each a 10-30 ms ring at 8-20 Hz of 0.05-0.4 m/s^2 (the phone-check tests' taps);
* ``shift``: a change of seated posture, the forearm turned 35-50 deg (roll) on the lap and left there for the item's
  seconds, with the rest's tremor and sway (no set).
"""

from __future__ import annotations

import numpy as np

from tests.core.arm_pendulum import band_noise, lap_recording, smooth_step
from tremor.core.recording import Recording

G = 9.81


def code_step(bits: int, range_g: float) -> float:
    """The step (m/s^2) between the codes of a ``bits``-bit sensor over +-``range_g`` g."""
    return 2.0 * range_g * G / 2**bits


def plan_spans(
    rng: np.random.Generator, plan: list[tuple[str, float]]
) -> tuple[list[tuple[str, float, float]], float]:
    """``plan``'s items as (kind, start_s, end_s), each after a seated rest of 40-60 s, and the session's end (s)
    after a last such rest."""
    t0 = rng.uniform(40.0, 60.0)
    spans = []
    for kind, dur in plan:
        spans.append((kind, t0, t0 + dur))
        t0 += dur + rng.uniform(40.0, 60.0)
    return spans, t0


def quantised(acc: np.ndarray, bits: int, q: float) -> np.ndarray:
    """``acc`` (m/s^2) read through a ``bits``-bit sensor of code step ``q``: rounded to codes, clipped to its range."""
    full = 2 ** (bits - 1)
    out: np.ndarray = np.clip(np.round(acc / q), -full, full - 1) * q
    return out


def _taps(rng: np.random.Generator, fs: float, lin: np.ndarray, a: float, b: float) -> None:
    """Typing from ``a`` to ``b`` s at 2-8 taps a second into ``lin`` (n, 3)."""
    axis = np.array([0.1, 0.2, 0.97]) + 0.1 * rng.normal(size=3)
    axis /= np.linalg.norm(axis)
    rate = rng.uniform(2.0, 8.0)
    bt = np.arange(0.0, 0.12, 1.0 / fs)
    tk = a
    while (tk := tk + max(0.04, rng.exponential(1.0 / rate))) < b:
        ring = np.exp(-bt / rng.uniform(0.01, 0.03)) * np.sin(2 * np.pi * rng.uniform(8.0, 20.0) * bt)
        i0 = int(tk * fs)
        k = min(bt.size, lin.shape[0] - i0)
        lin[i0 : i0 + k] += rng.uniform(0.05, 0.4) * np.outer(ring[:k], axis)


def coarse_session(
    seed: int,
    fs: float,
    plan: list[tuple[str, float]],
    *,
    bits: int | None = 10,
    range_g: float = 8.0,
    top: tuple[float, float] = (0.05, 0.09),
) -> tuple[Recording, list[tuple[str, float, float]], float]:
    """A seated session through a ``bits``-bit +-``range_g`` g sensor (module docstring).

    Returns the recording, the true (kind, start_s, end_s) of ``plan``'s items and the code step (m/s^2); ``bits``
    None: the values unquantised (a step of 0)."""
    rng = np.random.default_rng(seed)
    spans, t0 = plan_spans(rng, plan)
    t = np.arange(0.0, t0, 1.0 / fs)
    n = t.size
    pitch = np.deg2rad(5.0) + np.deg2rad(1.0) * band_noise(rng, n, fs, 0.05, 0.5, 1.0)
    roll = np.deg2rad(10.0) + np.deg2rad(0.7) * band_noise(rng, n, fs, 0.05, 0.5, 1.0)
    tremor = band_noise(rng, n, fs, 8.0, 12.0, 0.010)
    lin = np.zeros((n, 3))
    for kind, a, b in spans:
        m = (t >= a) & (t < b)
        if kind == "shift":
            roll += np.deg2rad(rng.uniform(35.0, 50.0)) * (
                smooth_step(t, a - 1.5, 1.5) - smooth_step(t, b, 1.5)
            )
            continue
        angle = rng.uniform(25.0, 45.0) if kind == "phone" else rng.uniform(30.0, 90.0)
        pitch += np.deg2rad(angle) * (smooth_step(t, a - 1.5, 1.5) - smooth_step(t, b, 1.5))
        if kind == "phone":
            tremor[m] += band_noise(rng, int(m.sum()), fs, 8.0, 12.0, 0.006)
            _taps(rng, fs, lin, a + 2.0, b - 2.0)
            continue
        pitch[m] += np.deg2rad(1.5) * band_noise(rng, int(m.sum()), fs, 0.1, 1.0, 1.0)
        u = (t[m] - a) / (b - a)
        freq = rng.uniform(10.0, 11.0) - 1.0 * u
        phase = 2 * np.pi * np.cumsum(freq) / fs + rng.uniform(0, 2 * np.pi)
        tremor[m] += np.sqrt(2) * (0.02 + (rng.uniform(*top) - 0.02) * u) * np.sin(phase)
    noise = rng.normal(0.0, rng.uniform(0.004, 0.008), (n, 3))
    rec = lap_recording(t, fs, pitch, roll, tremor, noise, f"coarse seated seed {seed}", lin)
    if bits is None:
        return rec, spans, 0.0
    q = code_step(bits, range_g)
    return (
        Recording(rec.time_s, quantised(rec.acc_mps2, bits, q), True, rec.source, fs_declared_hz=fs),
        spans,
        q,
    )
