"""The rest poses before and after a stay, read from their stretches of the table alone, equal the whole-table masks'.

:func:`tremor.core.posture_shift._poses_around` takes the rows within :data:`~tremor.core.posture_shift.AROUND_S`
before a stay and after it by bisection of the frame times (a live set check asks it of every hold each second);
the reference masks the whole table as the rule reads. Frame times with jitter, repeated times and gaps, NaN
orientations, runs at the table's edges; fixed seeds plus a fresh one (printed; replay with
``TREMOR_POSESAROUND_SEED=<seed>``).
"""

from __future__ import annotations

import os

import numpy as np
import pytest

from tests.run_entropy import fresh_entropy
from tremor.core import posture_shift
from tremor.core.posture_shift import AROUND_S

FRESH_SEED = int(os.environ.get("TREMOR_POSESAROUND_SEED", fresh_entropy(__name__) % 2**31))


def check_draw(seed: int) -> int:
    """Compare the poses around random runs of one random table; return the runs with both poses found."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(20, 600))
    steps = rng.choice([0.0, 0.5, 0.5, 0.5, 3.0, 30.0], n, p=[0.05, 0.3, 0.3, 0.25, 0.07, 0.03])
    t = np.cumsum(steps + rng.uniform(0.0, 0.01, n) * (steps > 0))
    o = rng.normal(size=(n, 3))
    o /= np.linalg.norm(o, axis=1)[:, None]
    o[rng.random(n) < 0.03] = np.nan
    rest = rng.random(n) < rng.uniform(0.3, 1.0)
    found = 0
    for _ in range(40):
        i0 = int(rng.integers(0, n))
        i1 = int(rng.integers(i0 + 1, n + 1))
        want = (
            posture_shift._pose(o, rest & (t >= t[i0] - AROUND_S) & (t < t[i0])),
            posture_shift._pose(o, rest & (t > t[i1 - 1]) & (t <= t[i1 - 1] + AROUND_S)),
        )
        got = posture_shift._poses_around(t, o, rest, (i0, i1))
        for g, w in zip(got, want):
            assert (g is None) == (w is None), (seed, i0, i1)
            assert g is None or w is None or g.tobytes() == w.tobytes(), (seed, i0, i1)
        found += all(w is not None for w in want)
    return found


@pytest.mark.parametrize("seed", [0, 1, 2, 3, FRESH_SEED])
def test_poses_around_equal_the_whole_table_masks(seed: int) -> None:
    print(f"seed {seed} (replay: TREMOR_POSESAROUND_SEED={seed})")
    assert check_draw(seed) >= 0
