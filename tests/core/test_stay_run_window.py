""":func:`tremor.core.posture_shift.stay_run`, read in widening windows, equals the pass over the whole table."""

from __future__ import annotations

import numpy as np

from tests.run_entropy import fresh_entropy
from tremor.core.posture_shift import STAY_DEG, stay_run

FRESH_SEED = int(fresh_entropy(__name__) % 2**31)


def _whole_table(orientation: np.ndarray, span: tuple[int, int]) -> tuple[int, int]:
    """The stay as its rule states it: the frames within STAY_DEG of the span's median pose, contiguous with the
    span's near frames, found by one pass over every frame."""
    a, b = span
    o = np.asarray(orientation, float)
    rows = o[a:b][np.isfinite(o[a:b]).all(axis=1)]
    if not len(rows):
        return a, b
    v = np.median(rows, axis=0)
    norm = float(np.linalg.norm(v))
    if not (norm > 0 and np.isfinite(norm)):
        return a, b
    near = np.nan_to_num(o @ (v / norm), nan=-1.0) >= np.cos(np.deg2rad(STAY_DEG))
    inside = np.flatnonzero(near[a:b])
    if not inside.size:
        return a, b
    c0, c1 = a + int(inside[0]), a + int(inside[-1]) + 1
    while c0 > 0 and near[c0 - 1]:
        c0 -= 1
    while c1 < len(o) and near[c1]:
        c1 += 1
    return min(c0, a), max(c1, b)


def test_windowed_stay_equals_the_whole_table_pass() -> None:
    print(f"seed {FRESH_SEED}")
    rng = np.random.default_rng(FRESH_SEED)
    longest = 0
    for _ in range(400):
        n = int(rng.integers(1, 5000))
        o = np.empty((n, 3))
        i = 0
        while i < n:  # stays of 1-2000 frames in random poses, with a sway of 0.3-11 deg
            m = min(int(rng.integers(1, 2000)), n - i)
            pose = rng.normal(size=3)
            o[i : i + m] = pose / np.linalg.norm(pose) + rng.normal(
                0.0, rng.choice([0.005, 0.05, 0.2]), (m, 3)
            )
            i += m
        o /= np.linalg.norm(o, axis=1, keepdims=True)
        if rng.random() < 0.3:
            o[rng.random(n) < 0.05] = np.nan  # frames without a pose
        a = int(rng.integers(0, n))
        b = int(rng.integers(a + 1, n + 1))
        t = np.arange(n) * 0.5
        want = _whole_table(o, (a, b))
        assert stay_run(t, o, (a, b)) == want, (n, a, b)
        longest = max(longest, want[1] - want[0])
    assert longest > 1000  # runs reaching past the first windows were compared
    print(f"longest stay {longest} frames")
