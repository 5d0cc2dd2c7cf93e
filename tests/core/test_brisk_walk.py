"""Brisk walks read at their step rate are walking, not sets labelled tremor (issue 9; tremor.core.brisk_walk).

The walks come from tests/core/wrist_walk.py (trunk bob and surge at the step rate, side sway and the arm's swing at
the stride rate, heel strikes, left and right unalike, gravity, a random mount), independent of the analyser. Each
rule of :func:`tremor.core.brisk_walk.brisk_walk` is exercised on both sides: a brisk walk whose heel strikes ring
the wrist (fires), the same movement with no strike (a smooth rhythmic set: 13-18 Hz at the floor), with jump
landings (hops), with a run's movement, at a slower step rate, and a bicycle's pedal stroke under a road's steady
vibration (each must not fire). Seeds are fresh each run and
printed.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from tests.core.wrist_walk import Walk, draw_walk, walk_session
from tests.run_entropy import fresh_entropy
from tremor.core import gait as G
from tremor.core.analysis import analyze
from tremor.core.brisk_walk import brisk_walk
from tremor.core.features import compute_frames
from tremor.core.sets import MOVE_MPS2

FRESH_SEED = int(fresh_entropy(__name__) % 2**31)
RATES = (50.0, 100.0, 200.0)


def brisk(rng: np.random.Generator, *, step_read: bool = False) -> Walk:
    """A brisk walk at 2.65-3.05 steps/s, the hand swinging 0.2-1.0 m/s^2, heel strikes of 0.8-2 m/s^2 at the
    wrist and the trunk's bob under a run's movement (0.8-1.6 m/s^2); ``step_read``: the bob (1.0-1.6 m/s^2) leads
    the swing (0.2-0.6 m/s^2), so the cadence reads the step rate (a swing that leads is read at the stride rate,
    a walk's cadence: gait.footsteps judges it)."""
    if step_read:
        w = draw_walk(rng, float(rng.uniform(2.65, 3.05)), float(rng.uniform(0.2, 0.6)))
        return replace(w, bob=float(rng.uniform(1.0, 1.6)), strike=float(rng.uniform(0.8, 2.0)))
    w = draw_walk(rng, float(rng.uniform(2.65, 3.05)), float(rng.uniform(0.2, 1.0)))
    return replace(w, bob=float(rng.uniform(0.8, 1.6)), strike=float(rng.uniform(0.8, 2.0)))


def bout_judged(w: Walk, seed: int, fs: float) -> bool:
    """:func:`brisk_walk` over the walk's moving frames at a run's cadence (as segment_sets gathers them)."""
    rec, (t0, t1) = walk_session(w, seed=seed, fs=fs, rest_s=3.0, walk_s=30.0)
    frames = compute_frames(rec.acc_mps2, fs=fs)
    cad = frames.peak_movement_hz
    sel = np.flatnonzero(
        (frames.t_s > t0 + 1.5)
        & (frames.t_s < t1 - 1.5)
        & (frames.movement_rms >= MOVE_MPS2)
        & (cad >= G.RUN_STRIDE_HZ[0])
        & (cad <= G.RUN_STEP_HZ[1])
    )
    return brisk_walk(frames, sel)


def near_cases(rng: np.random.Generator) -> dict[str, Walk]:
    """The brisk walk's near cases, each just across one rule."""
    w = brisk(rng, step_read=True)
    return {
        "smooth": replace(w, strike=0.0),  # the same rhythm with no footfall: a smooth set
        # landings of a bounce with no flight (a real hop's flight moves the wrist over a run's movement): the
        # landing cap (gait.RUN_MAX_LANDING_MPS2) passes rings under about 17.5 m/s^2 at 50 Hz, 15.6 at 100 Hz
        "hops": replace(w, strike=float(rng.uniform(22.0, 30.0))),
        "vigorous": replace(w, bob=float(rng.uniform(4.5, 6.0))),  # a run's movement (gait.running judges it)
        # read at a walk's cadence (gait.footsteps)
        "slower": replace(w, cadence=float(rng.uniform(1.9, 2.2))),
        # a bicycle: the pedal stroke at the handlebar, no footfall, the road's steady vibration ringing 13-18 Hz
        "bike": replace(w, bob=float(rng.uniform(0.5, 1.0)), strike=0.0, road=float(rng.uniform(0.2, 0.5))),
    }


@pytest.mark.parametrize("fs", RATES)
def test_a_brisk_walk_read_at_its_step_rate_is_a_brisk_walk(fs: float) -> None:
    """A brisk walk whose heel strikes ring the wrist fires the rule."""
    seed = FRESH_SEED + int(fs)
    print(f"seed {seed}")
    rng = np.random.default_rng(seed)
    w = brisk(rng, step_read=True)
    assert bout_judged(w, seed, fs), w


@pytest.mark.parametrize("fs", RATES)
def test_near_cases_are_no_brisk_walk(fs: float) -> None:
    """The same rhythm without footfalls, with jump landings, with a run's movement, at a slower step rate or as
    a bicycle's pedal stroke under a road's vibration does not fire the rule."""
    seed = FRESH_SEED + 7 * int(fs)
    print(f"seed {seed}")
    rng = np.random.default_rng(seed)
    for name, w in near_cases(rng).items():
        assert not bout_judged(w, seed, fs), (name, w)


def test_a_brisk_walk_is_walking_not_a_set() -> None:
    """Through the whole analysis (batch): a brisk walk between standing rests is walking and no set."""
    seed = FRESH_SEED + 3
    print(f"seed {seed}")
    rng = np.random.default_rng(seed)
    fs = RATES[seed % 3]
    rec, (t0, t1) = walk_session(brisk(rng), seed=seed, fs=fs, rest_s=15.0, walk_s=40.0)
    result = analyze(rec)
    walked = sum(max(0.0, min(b, t1) - max(a, t0)) for a, b in result.walking) / (t1 - t0)
    sets = [s.label for s in result.sets if s.span.end_s > t0 and s.span.start_s < t1]
    assert walked >= 0.6 and not sets, (fs, walked, sets)


def faint(rng: np.random.Generator) -> Walk:
    """A brisk walk (2.7-3.1 steps/s) whose heel strikes barely ring the wrist (0.2-0.5 m/s^2, a soft shoe, a
    loose arm) under a strong bob (1.5-2.5 m/s^2, its second harmonic at 5.4-6.2 Hz)."""
    w = draw_walk(rng, float(rng.uniform(2.7, 3.1)), float(rng.uniform(0.2, 0.6)))
    return replace(w, bob=float(rng.uniform(1.5, 2.5)), strike=float(rng.uniform(0.2, 0.5)))


def test_a_brisk_walk_with_faint_strikes_is_never_tremor() -> None:
    """Where the strikes are too faint for the gait signature the walk may be a set, but its 6-12 Hz top lies on
    the bob's harmonics (tremor.core.step_harmonics): not assessable, never a tremor label."""
    seed = FRESH_SEED + 5
    print(f"seed {seed}")
    rng = np.random.default_rng(seed)
    fs = RATES[seed % 3]
    rec, (t0, t1) = walk_session(faint(rng), seed=seed, fs=fs, rest_s=15.0, walk_s=40.0)
    result = analyze(rec)
    labels = [s.label for s in result.sets if s.span.end_s > t0 and s.span.start_s < t1]
    assert all(label in ("not_assessable", "calm") for label in labels), (fs, labels)


def test_live_reads_a_brisk_walk_as_batch_does() -> None:
    """Live, fed in random chunks, ends with batch's walks and sets (labels too) for a brisk walk and a faint one."""
    from tremor.core.stream import LiveAnalyzer

    seed = FRESH_SEED + 11
    print(f"seed {seed}")
    rng = np.random.default_rng(seed)
    for w in (brisk(rng), faint(rng)):
        rec, _ = walk_session(w, seed=seed, fs=100.0, rest_s=12.0, walk_s=30.0)
        batch = analyze(rec)
        live = LiveAnalyzer(source=rec.source, gravity_included=rec.gravity_included)
        i = 0
        while i < rec.n_samples:
            k = int(rng.integers(1, 2000))
            live.update(rec.time_s[i : i + k], rec.acc_mps2[i : i + k])
            i += k
        got = live.finish()
        assert got.walking == batch.walking
        assert [(s.span.start_s, s.span.end_s, s.label) for s in got.sets] == [
            (s.span.start_s, s.span.end_s, s.label) for s in batch.sets
        ]
