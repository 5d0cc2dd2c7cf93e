"""The movement rule's grid excursions, computed in passes over many windows, are each window's own value to the bit.

:func:`tremor.core.movement_limit.grid_excursions` takes the windows of a block group in passes, the residuals laid
out position first (h-speed1h); each window's excursion must still be what the window alone gives: its slope's
products summed along its own samples (numpy's order), the residuals' range, half the norm. The reference here
takes one window at a time; windows cut by a segment's edge (NaN rows) are the kept rows' own excursion
(:func:`tremor.core.twitch_noise.slow_excursions`). Fixed seeds plus a fresh one each run (printed; replay with
``TREMOR_GRIDEXC_SEED=<seed>``).
"""

from __future__ import annotations

import os

import numpy as np
import pytest

from tests.run_entropy import fresh_entropy
from tremor.core.movement_limit import grid_excursions
from tremor.core.twitch_noise import slow_excursions

FRESH_SEED = int(os.environ.get("TREMOR_GRIDEXC_SEED", fresh_entropy(__name__) % 2**31))


def _one_by_one(grid: np.ndarray, half: int) -> np.ndarray:
    n = 2 * half + 1
    u = np.arange(n, dtype=np.float64) - 0.5 * (n - 1)
    out = np.zeros(grid.shape[0] - n + 1)
    for c in range(out.size):
        rows = grid[c : c + n]
        keep = np.isfinite(rows).all(axis=1)
        if not keep.all():
            out[c] = slow_excursions([rows[keep]])[0]
            continue
        w = np.ascontiguousarray(rows.T)  # (3, n): each axis's samples contiguous
        slope = (w * u).sum(axis=1) / float(u @ u)
        resid = w - slope[:, None] * u
        span = resid.max(axis=1) - resid.min(axis=1)
        out[c] = 0.5 * np.sqrt((span * span)[None, :].sum(axis=1))[0]
    return out


def _grid(rng: np.random.Generator, m: int, half: int) -> np.ndarray:
    """A 0-3 Hz-like walk (scale 1e-4 to 1 m/s^2), NaN rows before a segment's start, after its end or both."""
    grid = np.cumsum(rng.normal(size=(m + 2 * half, 3)), axis=0) * 10.0 ** rng.uniform(-4.0, 0.0)
    if rng.random() < 0.4:
        grid[: int(rng.integers(1, 3 * half + 2))] = np.nan
    if rng.random() < 0.4:
        grid[grid.shape[0] - int(rng.integers(1, 3 * half + 2)) :] = np.nan
    return grid


@pytest.mark.parametrize("seed", [11, 12, 13, FRESH_SEED])
def test_each_window_is_its_own_value(seed: int) -> None:
    print(f"seed {seed} (TREMOR_GRIDEXC_SEED={seed} replays it)")
    rng = np.random.default_rng(seed)
    # halves of 25 ms grids over 0.3 s at 40-50 Hz (12-15), of a short window (1-3), and a pass boundary crossed
    for half, m in ((15, 2500), (12, 1100), (15, 51), (1, 40), (3, 7), (15, 0)):
        grid = _grid(rng, m, half)
        got = grid_excursions(grid, half)
        want = _one_by_one(grid, half)
        assert got.shape == want.shape
        assert got.tobytes() == want.tobytes(), f"half {half}, {m} windows: {np.flatnonzero(got != want)[:5]}"


def test_a_straight_line_has_no_excursion_and_a_bend_has_one() -> None:
    t = np.arange(200, dtype=np.float64)[:, None]
    line = t * np.array([0.01, -0.02, 0.005])
    assert np.all(grid_excursions(line, 15) < 1e-12)
    bent = line.copy()
    bent[100, 0] += 0.2  # one point 0.2 m/s^2 off the line: about half of that in the 31 windows holding it
    exc = grid_excursions(bent, 15)  # window c holds rows c .. c + 30
    assert exc[70:101].min() > 0.095 and exc[70:101].max() < 0.105  # 0.099-0.102: the slope takes a share
    assert np.all(exc[:70] < 1e-12) and np.all(exc[101:] < 1e-12)
