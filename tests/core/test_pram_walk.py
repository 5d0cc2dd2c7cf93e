"""A walk pushing a pram (or a trolley, a wheelchair) is walking (review of h-strike, issue 9).

The hands hold a handle whose height the pram's wheels keep: the trunk's 3-5 cm bob at each step is taken up at the
elbows, and what reaches the wrist at the step rate is the push's surge along the walk (the pram's speed rises and
falls with each step's push), with a bob of a fraction of it; each heel strike still rings the wrist, mostly along
gravity. :func:`tremor.core.vertical_share.bobs` reads that surge as a fist's strike across gravity: with a bob of
0.3 of the surge (vertical share 0.06-0.11), reviewer's draws (20 a rate, seed 266855398): walking 10/12/18 of 20 on
0d04a73 -> 0/0/0 with the rule at 50/100/200 Hz, and 6 of the 60 walks became sets labelled with a tremor (none on
0d04a73), a false statement. A bob of 0.6 of the surge (share 0.24-0.29) loses 1/2/6 of 10/12/18; at 1.0 (share
0.5) none. Seeds are fresh each run and printed.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.spatial.transform import Rotation

from tests.core.arm_pendulum import band_noise
from tremor.core.analysis import analyze
from tremor.core.recording import Recording, SourceInfo

G = 9.81
FRESH_SEED = int(np.random.SeedSequence().entropy % 2**31)
RATES = (50.0, 100.0, 200.0)


def pram_walk(seed: int, fs: float, bob_of_surge: float) -> tuple[Recording, tuple[float, float]]:
    """A 15 s standing rest, a 40 s walk pushing a pram and a 15 s rest, and the walk's span: 1.8-3.0 steps/s, the
    push's surge 0.5-1.2 m/s^2 along the walk at the step rate, a bob of ``bob_of_surge`` of it, a side sway at the
    stride rate, heel strikes ringing the wrist 0.3-1.0 m/s^2 (mostly along gravity), the watch turned at random."""
    rng = np.random.default_rng(seed)
    t0, t1 = 15.0, 55.0
    t = np.arange(0.0, 70.0, 1.0 / fs)
    n = t.size
    cadence = rng.uniform(1.8, 3.0)
    on = np.clip(np.minimum(t - t0, t1 - t), 0.0, 1.0)
    step_ph = 2 * np.pi * np.cumsum(cadence * (1 + 0.015 * np.sin(2 * np.pi * t / 11))) / fs
    surge = rng.uniform(0.5, 1.2)
    ph = rng.uniform(0, 2 * np.pi, 3)
    fwd = surge * np.cos(step_ph + ph[0])
    up = bob_of_surge * surge * (np.cos(step_ph + ph[1]) + 0.3 * np.cos(2 * step_ph + ph[2]))
    lat = rng.uniform(0.1, 0.3) * np.cos(0.5 * step_ph)
    strike = rng.uniform(0.3, 1.0)
    bt = np.arange(0.0, 0.15, 1.0 / fs)
    for h in np.flatnonzero(np.diff(np.floor(step_ph / (2 * np.pi))) > 0):
        if on[h] < 1.0 or h + bt.size >= n:
            continue
        f = rng.uniform(12.0, min(25.0, 0.4 * fs))
        ring = (
            strike
            * rng.uniform(0.8, 1.2)
            * np.exp(-bt / rng.uniform(0.01, 0.025))
            * np.sin(2 * np.pi * f * bt)
        )
        up[h : h + bt.size] += ring
        fwd[h : h + bt.size] += 0.4 * ring
    acc = np.stack([fwd * on, lat * on, up * on + G], axis=1)
    acc[:, 0] += band_noise(rng, n, fs, 8.0, 12.0, 0.01)
    acc += rng.normal(0.0, 0.005, (n, 3))
    acc = acc @ Rotation.random(random_state=rng).as_matrix().T
    source = SourceInfo(path="<pram walk>", format="simulated", units="m/s^2")
    rec = Recording(time_s=t, acc_mps2=acc, gravity_included=True, source=source, fs_declared_hz=fs)
    return rec, (t0, t1)


@pytest.mark.xfail(
    strict=True,
    reason="h-strike: hands on a pram's handle move at the step rate along the walk (the push's surge), the bob "
    "taken up at the elbows; vertical_share.bobs reads it as a fist's strike across gravity and the walk is a set "
    "(0/60 walks with a bob of 0.3 of the surge, 30-53 of 60 on 0d04a73)",
)
@pytest.mark.parametrize("fs", RATES)
def test_a_walk_pushing_a_pram_is_walking(fs: float) -> None:
    """A walk pushing a pram (bob 0.3 of the surge) is reported as walking over most of its span."""
    seed = FRESH_SEED + int(fs)
    print(f"seed {seed}")
    rec, (t0, t1) = pram_walk(seed, fs, 0.3)
    res = analyze(rec)
    walked = sum(max(0.0, min(b, t1) - max(a, t0)) for a, b in res.walking) / (t1 - t0)
    assert walked >= 0.5, (seed, fs, walked, [s.label for s in res.sets])
