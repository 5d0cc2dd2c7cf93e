"""The rest pose grouping kept between a live session's set checks equals the grouping of the whole table."""

from __future__ import annotations

import numpy as np
import pytest

from tremor.core.rest_pose import MAX_POOL, PoseMemo, pose_groups, rest_poses
from tremor.core.sets import POSE_DEG


def _unit_rows(v: np.ndarray) -> np.ndarray:
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def _table(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Orientation (float32, a few poses with scatter, repeats, NaN rows), quiet mask, tremor power, lead."""
    poses = _unit_rows(rng.normal(size=(int(rng.integers(2, 6)), 3)))
    which = rng.integers(0, len(poses), n)
    # poses held in runs, as a session holds them
    runs = np.repeat(rng.integers(0, len(poses), n // 20 + 1), 20)[:n]
    which = np.where(rng.random(n) < 0.8, runs, which)
    spread = np.radians(rng.uniform(3.0, 40.0))
    o = _unit_rows(poses[which] + rng.normal(0.0, spread, (n, 3))).astype(np.float32)
    o[rng.random(n) < 0.05] = o[rng.integers(0, n)]  # exact repeats: ties in the counts
    o[rng.random(n) < 0.02] = np.nan
    o[rng.random(n) < 0.01, int(rng.integers(0, 3))] = np.nan  # one axis unknown
    quiet = rng.random(n) < rng.uniform(0.5, 0.95)
    power = (rng.lognormal(-8.0, 1.0, n) * (1.0 + 3.0 * (which == 0))).astype(np.float32)
    power[rng.random(n) < 0.02] = np.nan
    lead = np.zeros(n, bool)
    lead[: int(rng.integers(10, 60))] = True
    return o, quiet, power, lead


def _same(a: list[np.ndarray], b: list[np.ndarray]) -> bool:
    return len(a) == len(b) and all(x.dtype == y.dtype and np.array_equal(x, y) for x, y in zip(a, b))


def _replay(seed: int, n: int) -> int:
    """Grow a random table in random steps; at each, the kept grouping must equal the whole one. Returns calls."""
    rng = np.random.default_rng(seed)
    o, quiet, power, lead = _table(rng, n)
    deg = float(rng.choice([POSE_DEG, 20.0, 45.0]))
    memo, groups_memo = PoseMemo(), PoseMemo()
    at, calls = 10, 0
    while at < n:
        at = min(n, at + int(rng.choice([1, 2, 3, 50, 400])))
        q = quiet[:at].copy()
        if rng.random() < 0.1:  # a frame in the middle joins or leaves (as an unworn span can change)
            q[int(rng.integers(0, at))] ^= True
        kept = rest_poses(o[:at], q, power[:at], lead[:at], deg, memo=memo)
        whole = rest_poses(o[:at], q, power[:at], lead[:at], deg)
        assert _same(kept, whole), f"seed {seed}: rest poses differ at {at} frames"
        kept_g = pose_groups(o[:at], q, deg, memo=groups_memo)
        whole_g = pose_groups(o[:at], q, deg)
        assert _same(kept_g, whole_g), f"seed {seed}: pose groups differ at {at} frames"
        calls += 1
    return calls


@pytest.mark.parametrize("draw", range(4))
def test_kept_grouping_equals_whole_grouping(draw: int) -> None:
    seed = int(np.random.SeedSequence().entropy % 2**31)
    print(f"seed {seed}")  # fresh each run; replay with _replay(seed, n)
    n = 2 * MAX_POOL + 600 if draw == 0 else int(np.random.default_rng(seed).integers(200, 1500))
    assert _replay(seed, n) > 0


def test_kept_grouping_fixed_seeds() -> None:
    # the sample's stride grows (more than 2 * MAX_POOL ungrouped frames) and frames change in the middle
    for seed in (1, 2, 3):
        assert _replay(seed, 2 * MAX_POOL + 900) > 0


def test_memo_extends_only_a_table_it_has_seen() -> None:
    rng = np.random.default_rng(5)
    o, quiet, power, lead = _table(rng, 600)
    memo = PoseMemo()
    first = pose_groups(o[:500], quiet[:500], POSE_DEG, memo=memo)
    # an earlier moment of the same table (a shorter prefix) reads the kept rows it holds
    assert _same(
        pose_groups(o[:300], quiet[:300], POSE_DEG, memo=memo), pose_groups(o[:300], quiet[:300], POSE_DEG)
    )
    assert _same(pose_groups(o[:500], quiet[:500], POSE_DEG, memo=memo), first)
    assert len(first) >= 1
