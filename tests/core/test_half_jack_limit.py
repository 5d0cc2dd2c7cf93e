"""Fast half jacks read as a run: an open limit of :func:`tremor.core.gait.running` (issue 9; measured on
tests/core/arm3d_physics.py, an own 3-D arm on a bouncing trunk; FINDINGS "Half jacks, runs and the landing rate: a
negative result (h-gait)").

A jumping jack lands twice per arm cycle (feet apart with the arm up, together with the arm down), as a run's feet
strike twice per stride: the wrist's cadence, its lines at the landing rate and half of it, the footfalls' ring
and the step parity are a run's. With the straight arm raised only to shoulder height (60-95 degrees off the
side: half jacks) at 140-180 landings a minute, 29/30, 30/30 and 30/30 bouts read as a run at 50/100/200 Hz
(benchmarks/jack_run_sweep.py, seeds 500-529): walking, no set, where a coach counts a set. The landing rate's
power over the arm cycle's (log10, the wrist's 10 Hz mean acceleration: half jacks -1.30..0.45, runs
-0.93..0.30) and its magnitude's (-1.96..0.87 against -2.78..0.85) do not separate them; the turn from a
hanging stand does in this model (runs 45-109 degrees, half jacks 20-46: no margin), but the pipeline's rest
reference is no hanging arm where a session starts moving (segment_sets' rest_ref: the red team's run_holds runs
7-13 degrees from it, its treadmill run 8). Strict xfail: fresh seeds, printed.
"""

from __future__ import annotations

import os

import numpy as np
import pytest

from tests.core.arm3d_physics import bout
from tremor.core import gait
from tremor.core.features import compute_frames

DRAWS = 5


def half_jacks_read_as_run(seed: int, fs: float) -> bool:
    """Whether a 30 s bout of half jacks at 140-180 landings a minute reads as a run (its frames 2.5 s inside its
    edges at a run's cadence, judged together as the segmentation judges a bout)."""
    acc, (a, b), _ = bout(
        "jack", np.random.default_rng(seed), fs, rate_per_min=(140.0, 180.0), top=(60.0, 95.0)
    )
    frames = compute_frames(acc, fs=fs)
    cad = frames.peak_movement_hz
    inside = (frames.t_s > a + 2.5) & (frames.t_s < b - 2.5)
    sel = np.flatnonzero(inside & (cad >= gait.RUN_STRIDE_HZ[0]) & (cad <= gait.RUN_STEP_HZ[1]))
    return bool(sel.size and gait.running(frames, sel))


@pytest.mark.xfail(
    strict=True,
    reason="a half jack lands twice per arm cycle as a run does; no frame feature at hand tells them apart"
    " (fast half jacks: 29-30 of 30 bouts a run at 50-200 Hz)",
)
def test_fast_half_jacks_are_no_run():
    """At most one of five fresh bouts at 100 Hz reads as a run. Now all or nearly all do (30 of 30 in the sweep;
    every one of 140 consecutive runs of this body failed, 3-5 of 5 a run, 3 once)."""
    base = int(os.environ.get("TREMOR_HALF_JACK3D_SEED", np.random.SeedSequence().entropy % 100_000))  # type: ignore[operator]
    print(f"seeds {base}..{base + DRAWS - 1} (replay with TREMOR_HALF_JACK3D_SEED={base})")
    runs = [s for s in range(base, base + DRAWS) if half_jacks_read_as_run(s, 100.0)]
    assert len(runs) <= 1, runs
