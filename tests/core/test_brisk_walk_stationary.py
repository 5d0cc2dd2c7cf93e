"""A stationary striking set at a brisk walk's step rate is a set, not walking (review of h-fastwalk, issue 9).

A speed-bag or pad drill, standing still: the fist strikes 3 times a second (1 m/s^2 of hand acceleration across
gravity, a 2nd harmonic of 0.2 of it) and each strike rings the wrist (15-30 Hz, 12 ms, about 1 m/s^2), while a
fatigue tremor grows 0.02 -> 0.2 m/s^2 RMS at 7.3 Hz (between the movement's 6 and 9 Hz harmonics). Rests hold a
resting tremor (8-12 Hz band noise, 0.01 m/s^2) and a postural sway (0.1-1 Hz, 0.04 m/s^2 an axis). The merge's
first parent (d93cc5f) labels the set ``fatigue_tremor`` at 50, 100 and 200 Hz; with tremor.core.brisk_walk the
strikes' bursts passed as heel strikes and the set was reported as walking at 100 and 200 Hz (seeds 1-3), a false
statement that also lost the true tremor (and at 2.4-2.6 Hz gait.footsteps took it for a walk). Nothing here walks:
gravity stays still, no bob, no stride. A walk's step-rate movement runs along gravity (the body's bob), a strike's
across it: a bout read at a step rate whose :attr:`tremor.core.features.Frames.vertical_share` lies under
:data:`tremor.core.vertical_share.WALK_MIN_VERTICAL_SHARE` is no walk (:func:`tremor.core.vertical_share.bobs`,
h-strike).

The harder cases, from the physics: strikes up to 20 degrees over the horizontal, a boxer bouncing on their toes
(a vertical bob at the strike rate, 0.3-0.45 of the punch's 1 m/s^2: a share of 0.08-0.17), the watch turned at
random, 2.4-3.3 strikes a second; and, on the other side, a brisk walk with the arm held still against the chest (the
trunk's bob and surge, no swing), which must stay a walk. Where it fails: a bounce of 0.6 of the punch or more
(share 0.26-0.39 at 0.6-0.8) or strikes 30 degrees or more over the horizontal (0.25 at 30) read as walking (strict
xfail below). The set is no longer walking, but its label is ``not_assessable`` (``movement``), not
``fatigue_tremor``: the punch's 2nd harmonic at 6 Hz tops the band's edge bin and the growing tremor's line is
0.29-0.49 of it, under :data:`tremor.core.step_harmonics.LINE_OVER_TOP` (h-rev5's left item: step_harmonic withholds
a fatigue rise the old code measured right). Seeds of the fresh-seed tests are drawn each run and printed.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from scipy.spatial.transform import Rotation

from tests.core.arm_pendulum import band_noise
from tests.core.test_brisk_walk import RATES, bout_judged, brisk
from tests.core.wrist_walk import draw_walk, walk_session
from tests.run_entropy import fresh_entropy
from tremor.core import gait
from tremor.core.analysis import analyze
from tremor.core.brisk_walk import brisk_walk
from tremor.core.features import compute_frames
from tremor.core.recording import Recording, SourceInfo
from tremor.core.sets import MOVE_MPS2
from tremor.core.vertical_share import STEP_READ_MIN_HZ, bobs

G = 9.81
FRESH_SEED = int(fresh_entropy(__name__) % 2**31)


def striking_set(
    seed: int,
    fs: float,
    cadence_hz: float = 3.0,
    tremor_hz: float = 7.3,
    strike_mps2: float = 1.0,
    bounce_mps2: float = 0.0,
    rise_deg: float = 0.0,
    turned: bool = False,
) -> Recording:
    """60 s standing rest, a 40 s striking set at ``cadence_hz`` with a growing fatigue tremor, 60 s rest
    (``strike_mps2`` 0: a smooth rhythmic set, no strike). ``bounce_mps2``: the boxer bounces on their toes, a
    vertical bob at the strike rate of that amplitude (a second harmonic of 0.3 of it); ``rise_deg``: the fist
    strikes that far above the horizontal (the punch and its ring along it); ``turned``: the watch is mounted at a random
    turn."""
    rng = np.random.default_rng(seed)
    a, b = 60.0, 100.0
    t = np.arange(0.0, 160.0, 1.0 / fs)
    n = t.size
    up = np.clip((t - a) / 1.5, 0, 1) * np.clip((b - t) / 1.5, 0, 1)
    ramp = 0.5 - 0.5 * np.cos(np.pi * up)
    ph = (
        2
        * np.pi
        * np.cumsum(cadence_hz * rng.uniform(0.98, 1.02) * (1 + 0.015 * np.sin(2 * np.pi * t / 13)))
        / fs
    )
    acc = np.zeros((n, 3))
    acc[:, 2] = G
    punch = np.array([np.cos(np.radians(rise_deg)), 0.0, np.sin(np.radians(rise_deg))])
    acc += np.outer(1.0 * (np.sin(ph) + 0.2 * np.sin(2 * ph + 1.0)) * ramp, punch)
    acc[:, 2] += bounce_mps2 * (np.cos(ph + 0.7) + 0.3 * np.cos(2 * ph + 2.1)) * ramp
    m = (t >= a) & (t < b)
    idx = np.flatnonzero(m)
    burst_t = np.arange(0.0, 0.08, 1.0 / fs)
    for h in idx[np.flatnonzero(np.diff(np.floor(ph[idx] / (2 * np.pi))) > 0)]:
        if ramp[h] < 0.5:
            continue
        ring = rng.uniform(15.0, min(30.0, 0.4 * fs))
        burst = (
            strike_mps2
            * rng.uniform(0.6, 1.4)
            * np.exp(-burst_t / 0.012)
            * np.sin(2 * np.pi * ring * burst_t)
        )
        acc[h : h + burst_t.size] += np.outer(burst[: n - h], punch)
    u = (t[m] - a) / (b - a)
    wander = 0.3 * np.convolve(rng.standard_normal(u.size), np.ones(int(fs)) / fs, mode="same") * np.sqrt(fs)
    acc[m, 1] += np.sqrt(2) * (0.02 + 0.18 * u) * np.sin(2 * np.pi * np.cumsum(tremor_hz + wander) / fs)
    acc[:, 1] += band_noise(rng, n, fs, 8.0, 12.0, 0.01)
    acc += np.stack([band_noise(rng, n, fs, 0.1, 1.0, 0.04) for _ in range(3)], axis=1)
    acc += rng.normal(0.0, 0.003, (n, 3))
    if turned:
        acc = acc @ Rotation.random(random_state=rng).as_matrix().T
    source = SourceInfo(path="<striking set>", format="simulated", units="m/s^2")
    return Recording(time_s=t, acc_mps2=acc, gravity_included=True, source=source, fs_declared_hz=fs)


def walked_in_set(res_walking: list[tuple[float, float]]) -> float:
    """Seconds of the set (60-100 s) reported as walking."""
    return sum(max(0.0, min(e, 100.0) - max(s, 60.0)) for s, e in res_walking)


@pytest.mark.parametrize("fs", RATES)
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_striking_set_is_not_walking(seed: int, fs: float) -> None:
    """The 3 Hz striking set is one set, never walking, and its label says nothing false: its fatigue tremor, or
    not assessable where the punch's harmonic tops the band (module docstring)."""
    res = analyze(striking_set(seed, fs))
    walked = walked_in_set(res.walking)
    assert walked < 5.0, (
        f"seed {seed} {fs} Hz: {walked:.0f} s of a stationary striking set reported as walking"
    )
    labels = [r.label for r in res.sets if r.span.end_s > 70.0 and r.span.start_s < 90.0]
    assert labels in (["fatigue_tremor"], ["not_assessable"]), f"seed {seed} {fs} Hz: {labels}"


@pytest.mark.xfail(
    strict=True,
    reason="h-strike: step_harmonics withholds the tremor (the punch's 2nd harmonic tops the band's 6 Hz edge bin, "
    "the tremor's line 0.29-0.49 of it, under LINE_OVER_TOP 0.5)",
)
@pytest.mark.parametrize("fs", [100.0, 200.0])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_striking_set_keeps_its_fatigue_tremor(seed: int, fs: float) -> None:
    res = analyze(striking_set(seed, fs))
    labels = [r.label for r in res.sets if r.span.end_s > 70.0 and r.span.start_s < 90.0]
    assert labels == ["fatigue_tremor"], f"seed {seed} {fs} Hz: {labels}"


def strike_judged(seed: int, fs: float, **kw: float) -> bool:
    """:func:`brisk_walk` over the striking set's moving frames at a run's cadence (as segment_sets gathers them),
    the watch turned at random and the strike rate drawn over 2.4-3.3 Hz."""
    rng = np.random.default_rng(seed + 1)
    rec = striking_set(seed, fs, cadence_hz=float(rng.uniform(2.4, 3.3)), turned=True, **kw)
    frames = compute_frames(rec.acc_mps2, fs=fs)
    cad = frames.peak_movement_hz
    sel = np.flatnonzero(
        (frames.t_s > 61.5)
        & (frames.t_s < 98.5)
        & (frames.movement_rms >= MOVE_MPS2)
        & (cad >= gait.RUN_STRIDE_HZ[0])
        & (cad <= gait.RUN_STEP_HZ[1])
    )
    return brisk_walk(frames, sel)


@pytest.mark.parametrize("fs", RATES)
def test_strikes_across_gravity_are_no_brisk_walk(fs: float) -> None:
    """Strikes at 2.4-3.3 Hz up to 20 degrees over the horizontal, or with a bounce of 0.3-0.45 of the punch, the
    watch turned at random, never fire the rule (vertical share 0-0.12 and 0.08-0.17, under 0.25)."""
    seed = FRESH_SEED + int(fs)
    print(f"seed {seed}")
    rng = np.random.default_rng(seed)
    assert not strike_judged(seed, fs, rise_deg=float(rng.uniform(0.0, 20.0)))
    assert not strike_judged(seed + 1, fs, bounce_mps2=float(rng.uniform(0.3, 0.45)))


@pytest.mark.parametrize("fs", RATES)
def test_a_brisk_walk_arm_held_to_the_chest_is_a_brisk_walk(fs: float) -> None:
    """The near case on the other side: a brisk walk read at its step rate with the arm held still against the
    chest (the trunk's bob and surge, side sway, heel strikes; no swing), the watch turned at random, fires the
    rule (vertical share 0.44-0.95)."""
    seed = FRESH_SEED + 3 * int(fs)
    print(f"seed {seed}")
    w = replace(brisk(np.random.default_rng(seed), step_read=True), swing=0.0)
    assert bout_judged(w, seed, fs), w


def step_read_share(rec: Recording, t0: float, t1: float) -> np.ndarray:
    """The vertical shares of the frames of ``t0``-``t1`` read at a step rate (over
    :data:`tremor.core.vertical_share.STEP_READ_MIN_HZ`)."""
    frames = compute_frames(rec.acc_mps2, fs=float(rec.fs_declared_hz))
    sel = (frames.t_s > t0 + 1.5) & (frames.t_s < t1 - 1.5) & (frames.peak_movement_hz > STEP_READ_MIN_HZ)
    return frames.vertical_share[sel]


@pytest.mark.parametrize("fs", RATES)
def test_walks_read_at_their_step_rate_bob_and_strikes_do_not(fs: float) -> None:
    """The rule's own test on both sides, over 1.9-3.1 steps/s (gait.footsteps' step rates and brisk_walk's): a walk
    with the arm held to the chest (step-rate movement: the trunk's bob and surge), the watch turned at random,
    bobs; a striking set at 2.4-3.3 Hz whose fist strikes up to 20 degrees over the horizontal does not."""
    seed = FRESH_SEED + 5 * int(fs)
    print(f"seed {seed}")
    rng = np.random.default_rng(seed)
    w = replace(draw_walk(rng, float(rng.uniform(1.9, 3.1)), 0.0), strike=float(rng.uniform(0.8, 2.0)))
    rec, (t0, t1) = walk_session(w, seed=seed, fs=fs, rest_s=3.0, walk_s=30.0)
    share = step_read_share(rec, t0, t1)
    assert share.size >= 20 and bobs(share), (w, np.nanmedian(share))
    cadence = float(rng.uniform(2.4, 3.3))
    rec = striking_set(seed, fs, cadence, rise_deg=float(rng.uniform(0.0, 20.0)), turned=True)
    share = step_read_share(rec, 60.0, 100.0)
    assert share.size >= 20 and not bobs(share), (cadence, np.nanmedian(share))


def test_a_striking_set_under_2_6_hz_is_no_walk() -> None:
    """Through the whole analysis: a striking set at 2.4-2.6 Hz, read as walking by gait.footsteps before h-strike
    (20 of 20 at 100 and 200 Hz), is not walking."""
    seed = FRESH_SEED + 9
    print(f"seed {seed}")
    rng = np.random.default_rng(seed)
    fs = RATES[seed % 3]
    cadence = float(rng.uniform(2.4, 2.6))
    res = analyze(striking_set(seed, fs, cadence, turned=True))
    assert walked_in_set(res.walking) < 5.0, (fs, cadence, res.walking)


def test_a_bouncing_striker_is_a_set_and_a_chest_held_walk_walks() -> None:
    """Through the whole analysis (batch): a striking set whose boxer bounces 0.3-0.45 m/s^2 is not walking; a
    brisk walk with the arm held to the chest between standing rests is walking and no set."""
    seed = FRESH_SEED + 5
    print(f"seed {seed}")
    rng = np.random.default_rng(seed)
    fs = RATES[seed % 3]
    cadence = float(rng.uniform(2.4, 3.3))
    res = analyze(striking_set(seed, fs, cadence, bounce_mps2=float(rng.uniform(0.3, 0.45)), turned=True))
    assert walked_in_set(res.walking) < 5.0, (fs, cadence, res.walking)
    rec, (t0, t1) = walk_session(
        replace(brisk(rng, step_read=True), swing=0.0), seed=seed, fs=fs, rest_s=15.0, walk_s=40.0
    )
    result = analyze(rec)
    walked = sum(max(0.0, min(b, t1) - max(a, t0)) for a, b in result.walking) / (t1 - t0)
    sets = [s.label for s in result.sets if s.span.end_s > t0 and s.span.start_s < t1]
    assert walked >= 0.6 and not sets, (fs, walked, sets)


@pytest.mark.xfail(
    strict=True,
    reason="h-strike: a bounce of 0.7-0.8 of the punch puts 0.32-0.39 of the strike-rate movement along gravity, "
    "a walk's share: the vertical share cannot tell such a bounce from a walk's bob",
)
@pytest.mark.parametrize("fs", [100.0, 200.0])
def test_a_strong_bounce_is_no_brisk_walk(fs: float) -> None:
    assert not strike_judged(7, fs, bounce_mps2=0.75)
