"""A standing session through a coarse accelerometer, from the physics (h-rev57; not :mod:`tests.core.coarse_physics`).

A wrist on a hanging arm between sets (gravity along the forearm, x), breathing sway of 0.5-1 deg at 0.1-0.4 Hz and a
resting physiological tremor of 0.008-0.015 m/s^2 RMS (narrow-band noise, 8-12 Hz) across the forearm. ``plan``'s
items, each after a 40-60 s standing rest:

* ``calm``: the arm raised forward 70-100 deg and held, its sway 1-2 deg at 0.1-1 Hz, a steady postural tremor of
  0.015-0.03 m/s^2 RMS (narrow-band noise, 8-12 Hz): no fatigue;
* ``fatigue``: the same hold with a fatigue tremor growing from 0.02 m/s^2 RMS to ``top_steps`` code steps RMS at its
  end (a line whose frequency wanders 0.3 Hz about 10 -> 9 Hz);
* ``walk``: walking, the arm swinging +-15-25 deg at 0.9-1 Hz, heel strikes of 1-3 m/s^2 ringing 15-20 Hz;
* ``phone``: the forearm raised 30-45 deg holding a phone, typing taps 2-8 a second (0.05-0.4 m/s^2, 10-30 ms at
  8-20 Hz);
* ``shift``: a new stance, the hand on the hip: the forearm 20-35 deg from hanging and turned 40-60 deg about its
  axis, left so with the rest's tremor (no set).

The sensor: ``bits`` over +-``range_g`` g, its white noise 0.003-0.008 m/s^2 (under a step), whole codes; ``bits``
None: float32 values (a phone's calibrated stream).
"""

from __future__ import annotations

import numpy as np

from tests.core.arm_pendulum import band_noise, smooth_step
from tests.core.coarse_physics import G, code_step, plan_spans, quantised
from tremor.core.recording import Recording, SourceInfo


def standing_session(
    seed: int,
    fs: float,
    plan: list[tuple[str, float]],
    *,
    bits: int | None = 10,
    range_g: float = 8.0,
    top_steps: float = 1.0,
) -> tuple[Recording, list[tuple[str, float, float]], float]:
    """The recording of ``plan`` (module docstring), the true (kind, start_s, end_s) and the code step (0: float32)."""
    rng = np.random.default_rng(seed)
    q = code_step(bits, range_g) if bits is not None else 0.0
    spans, t0 = plan_spans(rng, plan)
    t = np.arange(0.0, t0, 1.0 / fs)
    n = t.size
    theta = np.deg2rad(rng.uniform(0.5, 1.0)) * band_noise(rng, n, fs, 0.1, 0.4, 1.0)  # arm from hanging
    roll = np.deg2rad(rng.uniform(-10.0, 10.0)) + np.deg2rad(0.5) * band_noise(rng, n, fs, 0.05, 0.3, 1.0)
    tremor = band_noise(rng, n, fs, 8.0, 12.0, rng.uniform(0.008, 0.015))
    lin = np.zeros((n, 3))
    for kind, a, b in spans:
        m = (t >= a) & (t < b)
        k = int(m.sum())
        edge = smooth_step(t, a - 1.5, 1.5) - smooth_step(t, b, 1.5)
        if kind == "shift":
            theta += np.deg2rad(rng.uniform(20.0, 35.0)) * edge
            roll += np.deg2rad(rng.uniform(40.0, 60.0)) * edge
        elif kind == "walk":
            stride, swing = rng.uniform(0.9, 1.0), np.deg2rad(rng.uniform(15.0, 25.0))
            theta[m] += swing * np.sin(2 * np.pi * stride * (t[m] - a))
            tk = a + 0.3
            bt = np.arange(0.0, 0.1, 1.0 / fs)
            while (tk := tk + 0.5 / stride) < b - 0.3:
                ring = np.exp(-bt / 0.015) * np.sin(2 * np.pi * rng.uniform(15.0, 20.0) * bt)
                i0 = int(tk * fs)
                j = min(bt.size, n - i0)
                lin[i0 : i0 + j, 0] += rng.uniform(1.0, 3.0) * ring[:j]
        elif kind == "phone":
            theta += np.deg2rad(rng.uniform(30.0, 45.0)) * edge
            axis = np.array([0.1, 0.2, 0.97])
            tk, rate = a + 2.0, rng.uniform(2.0, 8.0)
            bt = np.arange(0.0, 0.12, 1.0 / fs)
            while (tk := tk + max(0.04, rng.exponential(1.0 / rate))) < b - 2.0:
                ring = np.exp(-bt / rng.uniform(0.01, 0.03)) * np.sin(2 * np.pi * rng.uniform(8.0, 20.0) * bt)
                i0 = int(tk * fs)
                lin[i0 : i0 + bt.size] += rng.uniform(0.05, 0.4) * np.outer(ring, axis)
        else:  # a hold, calm or fatiguing
            theta += np.deg2rad(rng.uniform(70.0, 100.0)) * edge
            theta[m] += np.deg2rad(rng.uniform(1.0, 2.0)) * band_noise(rng, k, fs, 0.1, 1.0, 1.0)
            if kind == "calm":
                tremor[m] += band_noise(rng, k, fs, 8.0, 12.0, rng.uniform(0.015, 0.03))
            else:
                u = (t[m] - a) / (b - a)
                wander = np.convolve(rng.standard_normal(k), np.ones(int(fs)) / fs, mode="same")
                freq = 10.0 - u + 0.3 * wander / np.std(wander)
                phase = 2 * np.pi * np.cumsum(freq) / fs + rng.uniform(0, 2 * np.pi)
                top = top_steps * (q if q else 0.153)
                tremor[m] += np.sqrt(2) * (0.02 + (top - 0.02) * u) * np.sin(phase)
    # the forearm's frame: x along it (gravity's whole share hanging), y forward across it, z across the back of the hand
    acc = np.stack(
        [G * np.cos(theta), G * np.sin(theta) * np.cos(roll), G * np.sin(theta) * np.sin(roll)], axis=1
    )
    acc[:, 1] += tremor
    acc += lin + rng.normal(0.0, rng.uniform(0.003, 0.008), (n, 3))
    source = SourceInfo(path=f"<coarse standing seed {seed}>", format="simulated", units="m/s^2")
    if bits is None:
        acc = acc.astype(np.float32).astype(np.float64)
    else:
        acc = quantised(acc, bits, q)
    return (
        Recording(time_s=t, acc_mps2=acc, gravity_included=True, source=source, fs_declared_hz=fs),
        spans,
        q,
    )
