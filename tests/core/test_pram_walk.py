"""A walk pushing a pram (or a trolley, a wheelchair) is walking (review of h-strike, issue 9).

The hands hold a handle whose height the pram's wheels keep: the trunk's 3-5 cm bob at each step is taken up at the
elbows, and what reaches the wrist at the step rate is the push's surge along the walk (the pram's speed rises and
falls with each step's push), with a bob of a fraction of it; each heel strike still rings the wrist, mostly along
gravity. With a bob of 0.3 of the surge (vertical share 0.06-0.11) h-strike's :func:`tremor.core.vertical_share.bobs`
read that surge as a fist's strike across gravity: walking 10-13 of 20 on 0d04a73 -> 0 of 110 at each of 50/100/200 Hz,
and 8/14/22 of the 110 became sets labelled with a tremor (none on 0d04a73), a false statement. A fist's strike rings
along the punch, a footfall along gravity: :func:`bobs` now also takes a bout whose 13-18 Hz rings run along gravity
(:attr:`tremor.core.features.Frames.ring_vertical_share` at least :data:`WALK_MIN_RING_SHARE`) for a walk. The near
case is the same movement whose rings run along the walk, across gravity (a strike's). Seeds are fresh each run and
printed.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.spatial.transform import Rotation

from tests.core.arm_pendulum import band_noise
from tests.run_entropy import fresh_entropy
from tremor.core.analysis import analyze
from tremor.core.features import compute_frames
from tremor.core.recording import Recording, SourceInfo
from tremor.core.vertical_share import STEP_READ_MIN_HZ, WALK_MIN_RING_SHARE, WALK_MIN_VERTICAL_SHARE, bobs

G = 9.81
FRESH_SEED = int(fresh_entropy(__name__) % 2**31)
RATES = (50.0, 100.0, 200.0)


def pram_walk(
    seed: int, fs: float, bob_of_surge: float, *, rings_across: bool = False
) -> tuple[Recording, tuple[float, float]]:
    """A 15 s standing rest, a 40 s walk pushing a pram and a 15 s rest, and the walk's span: 1.8-3.0 steps/s, the
    push's surge 0.5-1.2 m/s^2 along the walk at the step rate, a bob of ``bob_of_surge`` of it, a side sway at the
    stride rate, heel strikes ringing the wrist 0.3-1.0 m/s^2 (mostly along gravity), the watch turned at random;
    ``rings_across``: the rings run along the walk instead, across gravity (a fist's strikes: the near case)."""
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
        if rings_across:
            fwd[h : h + bt.size] += ring
        else:
            up[h : h + bt.size] += ring
            fwd[h : h + bt.size] += 0.4 * ring
    acc = np.stack([fwd * on, lat * on, up * on + G], axis=1)
    acc[:, 0] += band_noise(rng, n, fs, 8.0, 12.0, 0.01)
    acc += rng.normal(0.0, 0.005, (n, 3))
    acc = acc @ Rotation.random(random_state=rng).as_matrix().T
    source = SourceInfo(path="<pram walk>", format="simulated", units="m/s^2")
    rec = Recording(time_s=t, acc_mps2=acc, gravity_included=True, source=source, fs_declared_hz=fs)
    return rec, (t0, t1)


def step_read(rec: Recording, span: tuple[float, float]) -> tuple[np.ndarray, np.ndarray]:
    """The vertical and ring shares of the walk's (``span``) frames read at a step rate."""
    t0, t1 = span
    frames = compute_frames(rec.acc_mps2, fs=float(rec.fs_declared_hz or 0.0))
    sel = (frames.t_s > t0 + 2.0) & (frames.t_s < t1 - 2.0) & (frames.peak_movement_hz > STEP_READ_MIN_HZ)
    return frames.vertical_share[sel], frames.ring_vertical_share[sel]


@pytest.mark.parametrize("fs", RATES)
def test_a_walk_pushing_a_pram_bobs_by_its_footfalls(fs: float) -> None:
    """The pram walk's step-rate movement runs across gravity but its rings along it: it bobs; the same movement
    ringing along the walk (a strike's rings) does not."""
    seed = FRESH_SEED + int(fs)
    print(f"seed {seed}")
    share, ring = step_read(*pram_walk(seed, fs, 0.3))
    assert share.size >= 20, (seed, fs, share.size)
    assert np.nanmedian(share) < WALK_MIN_VERTICAL_SHARE, (seed, fs, np.nanmedian(share))
    assert np.nanmedian(ring) >= WALK_MIN_RING_SHARE and bobs(share, ring), (seed, fs, np.nanmedian(ring))
    share, ring = step_read(*pram_walk(seed, fs, 0.3, rings_across=True))
    assert not bobs(share, ring), (seed, fs, np.nanmedian(share), np.nanmedian(ring))


@pytest.mark.parametrize("fs", RATES)
def test_a_walk_pushing_a_pram_is_no_tremor_set(fs: float) -> None:
    """Through the whole analysis: no set of the pram walk is labelled with a tremor (the walk has none)."""
    seed = FRESH_SEED + 7 + int(fs)
    print(f"seed {seed}")
    rec, (t0, t1) = pram_walk(seed, fs, 0.3)
    res = analyze(rec)
    labels = [s.label for s in res.sets if s.span.end_s > t0 and s.span.start_s < t1]
    assert not any("tremor" in label for label in labels), (seed, fs, labels, res.walking)
