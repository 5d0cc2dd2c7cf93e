"""A standing session whose sensor changes range or resolution part-way (h-range; physics, not the detector).

A phone or watch may switch its accelerometer's range or power mode mid-recording (another app asks for a coarser
mode; a low-power mode drops bits): the same wrist, the same analog noise, read through a ``bits_a``-bit
+-``range_a`` g lattice up to ``switch_s`` and through a ``bits_b``-bit +-``range_b`` g lattice after (``None``: float32
values, a phone's calibrated stream before its sensor is read raw). The wrist and its holds are
:func:`tests.core.coarse_standing.standing_session`'s (standing rests, calm holds 0.015-0.03 m/s^2, fatigue holds
growing to ``top_steps`` of the coarser step RMS); the switch falls at a random time, inside a hold or in a rest.
"""

from __future__ import annotations

import numpy as np

from tests.core.coarse_physics import code_step, quantised
from tests.core.coarse_standing import standing_session
from tremor.core.recording import Recording


def _read(acc: np.ndarray, bits: int | None, range_g: float) -> np.ndarray:
    """``acc`` through one mode: whole codes of a ``bits``-bit +-``range_g`` g sensor, or float32 values."""
    if bits is None:
        return acc.astype(np.float32).astype(np.float64)
    return quantised(acc, bits, code_step(bits, range_g))


def switch_session(
    seed: int,
    fs: float,
    plan: list[tuple[str, float]],
    mode_a: tuple[int | None, float],
    mode_b: tuple[int | None, float],
    *,
    where: str = "rest",
    top_steps: float = 1.0,
) -> tuple[Recording, list[tuple[str, float, float]], float]:
    """The session of ``plan`` read in ``mode_a`` then ``mode_b`` (``(bits, range_g)``), the true spans, the switch (s).

    ``where``: ``"rest"`` puts the switch at a random time in a rest between two items, ``"hold"`` inside a random
    hold (its middle 60 %).
    """
    raw, spans, _ = standing_session(seed, fs, plan, bits=None, top_steps=top_steps)
    rng = np.random.default_rng([seed, 7])
    t = raw.time_s
    if where == "hold":
        kind, a, b = spans[int(rng.integers(len(spans)))]
        switch = a + (b - a) * rng.uniform(0.2, 0.8)
    else:
        i = int(rng.integers(1, len(spans)))
        gap = (spans[i - 1][2] + 3.0, spans[i][1] - 3.0)
        switch = float(rng.uniform(*gap))
    k = int(np.searchsorted(t, switch))
    acc = raw.acc_mps2
    out = np.vstack([_read(acc[:k], *mode_a), _read(acc[k:], *mode_b)])
    return Recording(t, out, True, raw.source, fs_declared_hz=fs), spans, float(t[k])
