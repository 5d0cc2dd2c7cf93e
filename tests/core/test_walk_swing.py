"""Walks with a weak or strong arm swing, standing swing sets, and where the rest pose comes from (issue 9).

The sessions come from tests/core/arm_pendulum.py (a straight arm swinging about the shoulder, the
body's bob and heel strikes along the world vertical), independent of :mod:`tremor.sim`; the
thresholds are exercised on both sides with frames built to sit just either side of them.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from tests.core.arm_pendulum import arm_session
from tests.core.test_sets import _bout
from tests.run_entropy import fresh_entropy
from tremor.core import gait as G
from tremor.core import sets as S
from tremor.core.analysis import analyze

FRESH_SEED = int(fresh_entropy(__name__) % 100_000)


def _overlap(spans_a, spans_b) -> float:
    return sum(max(0.0, min(b, d) - max(a, c)) for a, b in spans_a for c, d in spans_b)


def _walks_and_holds(start: str) -> list[tuple[str, float]]:
    lead = [("rest", 20.0)] if start == "rest" else [("rest", 2.0)]
    return lead + [
        ("walk", 40.0),
        ("rest", 6.0),
        ("hold", 30.0),
        ("rest", 6.0),
        ("walk", 30.0),
        ("rest", 5.0),
    ]


#: At 50 Hz a 30-degree swing at 0.8 strides/s sits at the footstep comb's threshold (gait.WALK_GAIT_COMB,
#: 0.3): the bouts' gait_comb over 200 fresh seeds (400 walks, h-flaky3) was 0.277 at the least, median
#: 0.40-0.41, 5th percentile 0.31-0.32, and 10 of the 400 walks (one walk in 10 of 200 sessions, never both)
#: fell under 0.3 and were read as a set (seed 43919: 0.286, its 84-114 s walk a set labelled
#: enhanced_tremor; a strict xfail in tests/stress/test_fresh_seed_cases.py, with the cause). Every other
#: case here keeps a margin (20 seeds each: 0.419 or more). The threshold has no room to move: rowing and
#: vigorous strokes read 0.18-0.25 (test_stress, test_sets).
COMB_LIMIT_CASE = (50.0, 30.0, 0.8)


def _gait_bout_comb(result, span: tuple[float, float]) -> float:
    """The gait comb of the gait bout (segment_sets' run of moving frames at a gait cadence) over ``span``."""
    f = result.frames
    gait_like = (
        (f.movement_rms >= S.MOVE_MPS2)
        & (f.peak_movement_hz >= G.WALK_HZ[0])
        & (f.peak_movement_hz <= G.WALK_HZ[1])
    )
    runs = S.time_runs(gait_like, f.t_s, S.JOIN_S, bridges=[])
    a, b = max(runs, key=lambda r: _overlap([(f.t_s[r[0]], f.t_s[r[1] - 1])], [span]))
    sel = np.arange(a, b)[gait_like[a:b]]
    return G.gait_comb(f.psd[sel], f.peak_movement_hz[sel])


@pytest.mark.parametrize("fs", [50.0, 100.0, 200.0])
@pytest.mark.parametrize("swing_deg,stride_hz", [(5.0, 0.8), (5.0, 1.1), (30.0, 0.8), (30.0, 1.1)])
def test_a_walk_with_a_weak_or_strong_arm_swing_is_walking(fs, swing_deg, stride_hz):
    """Starting by walking (2 s of rest): the walks are walking, the hold a fatigue set, rest at the resting
    tremor. Measured before the change: 0 of 24 walks walking where the swing was strong or the stride 1.1/s.

    In :data:`COMB_LIMIT_CASE` one of the two walks may be missed, only where its bout's footstep comb
    lies under gait.WALK_GAIT_COMB (the documented limit; then the missed walk may be a set of its own,
    and nothing else may be)."""
    seed = FRESH_SEED + int(fs + 10 * swing_deg + 100 * stride_hz)
    print(f"seed {seed}")
    rec, spans = arm_session(
        _walks_and_holds("walk"), seed=seed, fs=fs, swing_deg=swing_deg, stride_hz=stride_hz
    )
    result = analyze(rec)
    missed: list[tuple[float, float]] = []
    walked = _overlap(result.walking, spans["walk"])
    if walked < 0.8 * 70.0 and (fs, swing_deg, stride_hz) == COMB_LIMIT_CASE:
        missed = [w for w in spans["walk"] if _overlap(result.walking, [w]) < 0.8 * (w[1] - w[0])]
        assert len(missed) == 1, result.walking
        comb = _gait_bout_comb(result, missed[0])
        assert comb < G.WALK_GAIT_COMB, (missed, comb, result.walking)
    else:
        assert walked >= 0.8 * 70.0, result.walking
    sets = [
        s for s in result.sets if not any(_overlap([(s.span.start_s, s.span.end_s)], [w]) for w in missed)
    ]
    assert len(sets) == 1 and sets[0].label == "fatigue_tremor", [(s.span, s.label) for s in result.sets]
    assert _overlap([(sets[0].span.start_s, sets[0].span.end_s)], spans["hold"]) >= 0.8 * 30.0
    assert result.rest_rms_mps2 is not None and result.rest_rms_mps2 < 0.025


@pytest.mark.parametrize("start", ["rest", "walk"])
def test_the_rest_pose_is_the_same_whether_the_session_starts_at_rest_or_walking(start):
    """The arm hangs at rest and while walking: both sessions find the hold as the one set."""
    print(f"seed {FRESH_SEED}")
    rec, spans = arm_session(_walks_and_holds(start), seed=FRESH_SEED, swing_deg=20.0)
    result = analyze(rec)
    assert len(result.sets) == 1 and result.sets[0].span.kind == "hold"
    assert _overlap([(result.sets[0].span.start_s, result.sets[0].span.end_s)], spans["hold"]) >= 0.8 * 30.0
    assert result.rest_rms_mps2 is not None and result.rest_rms_mps2 < 0.025


def test_holds_without_walking_keep_their_rest_pose():
    """No walk: the quiet lead gives the rest pose, as before; three holds, three fatigue sets."""
    print(f"seed {FRESH_SEED}")
    plan = [("rest", 20.0)] + [("hold", 30.0), ("rest", 20.0)] * 3
    rec, spans = arm_session(plan, seed=FRESH_SEED)
    result = analyze(rec)
    assert not result.walking
    assert [s.label for s in result.sets] == ["fatigue_tremor"] * 3
    assert _overlap([(s.span.start_s, s.span.end_s) for s in result.sets], spans["hold"]) >= 0.8 * 90.0


@pytest.mark.parametrize("fs", [50.0, 200.0])
@pytest.mark.parametrize(
    "swing_deg,set_hz",
    [(20.0, 0.5), (20.0, 0.8), (15.0, 1.1), (30.0, 0.95), (45.0, 1.1), (60.0, 0.6), (30.0, 1.3)],
)
def test_a_standing_arm_swing_set_is_a_set_not_a_walk(fs, swing_deg, set_hz):
    """Rhythmic arm swings at a walk's cadence with a growing fatigue tremor, no steps: no impact rings the
    wrist (13-18 Hz 0.002-0.009 m/s^2), so however combed their harmonics, they stay sets. Before the 13-18 Hz
    rule 12 of 180 such sets (15-30 degrees at 0.8-0.95 Hz) were walks, on their share of 3-7 Hz and a comb of 0.2."""
    seed = FRESH_SEED + int(fs + 10 * swing_deg + 100 * set_hz)
    print(f"seed {seed}")
    plan = [("rest", 20.0), ("swing", 30.0), ("rest", 20.0), ("swing", 30.0), ("rest", 10.0)]
    rec, spans = arm_session(plan, seed=seed, fs=fs, swing_deg=swing_deg, set_hz=set_hz, swing_tremor=True)
    result = analyze(rec)
    assert not result.walking, result.walking
    assert len(result.sets) == 2
    assert _overlap([(s.span.start_s, s.span.end_s) for s in result.sets], spans["swing"]) >= 0.8 * 60.0


@pytest.mark.parametrize("kind", ["swings", "ropes", "strokes", "jumps"])
@pytest.mark.parametrize("fs", [50.0, 200.0])
def test_vigorous_rhythmic_sets_stay_sets_at_other_rates(kind, fs):
    """tests/core/movement_helpers.py's sets (0.5-2.4 Hz) at 50 and 200 Hz (test_sets runs them at 100 Hz)."""
    from tests.core.movement_helpers import movement_session

    print(f"seed {FRESH_SEED}")
    sim = movement_session(kind, FRESH_SEED, fs=fs)
    result = analyze(sim.recording)
    assert not result.walking and len(result.sets) == len(sim.sets)


# -- the rules at their thresholds ------------------------------------------------------------------


@pytest.mark.parametrize(
    "high_rms,expect_walk", [(G.WALK_MIN_STRIKE_MPS2 * 1.05, True), (G.WALK_MIN_STRIKE_MPS2 * 0.95, False)]
)
def test_a_footstep_rings_the_wrist(high_rms, expect_walk):
    """The 13-18 Hz RMS of a heel strike, on a bout that passes every other rule (the share path too)."""
    seg = S.segment_sets(_bout(3.0, 0.3**2, 1.9, high=high_rms**2), end_s=100.0)
    assert bool(seg.walking) is expect_walk and bool(seg.sets) is not expect_walk


@pytest.mark.parametrize(
    "comb,expect_walk", [(10 ** (G.WALK_GAIT_COMB * 1.1), True), (10 ** (G.WALK_GAIT_COMB * 0.9), False)]
)
def test_a_swing_that_drowns_the_strikes_needs_their_comb(comb, expect_walk):
    """Movement 7 m/s^2 (over WALK_MAX_MPS2: only the swing path can call it a walk), strikes ringing
    0.1 m/s^2, a comb at 2 steps/s, twice the 1 Hz cadence."""
    seg = S.segment_sets(_bout(7.0, 0.15**2, 1.0, comb=comb, step_hz=2.0), end_s=100.0)
    assert bool(seg.walking) is expect_walk and bool(seg.sets) is not expect_walk


@pytest.mark.parametrize(
    "cadence,expect_walk",
    [
        (1.0, True),
        (2.0, True),
        (2.0 - G.GAIT_RATE_TOL_HZ + 0.05, True),
        (2.0 - G.GAIT_RATE_TOL_HZ - 0.2, False),
    ],
)
def test_the_step_rate_is_the_cadence_or_twice_it(cadence, expect_walk):
    """A comb at 2 steps/s: a walk where the cadence reads 1 Hz (the swing) or 2 Hz (the bob), not 1.5 Hz
    (at 1.6 Hz the nearest rate tried, 1.9, still sits on the lines' skirts: 0.69)."""
    seg = S.segment_sets(_bout(7.0, 0.15**2, cadence, comb=30.0, step_hz=2.0), end_s=100.0)
    assert bool(seg.walking) is expect_walk


def test_gait_comb_sees_a_brisk_step_rate_and_no_stroke_multiple():
    """2.1 steps/s has two multiples under step_comb's 9 Hz; gait_comb reads it to 10 Hz. A 0.73 Hz
    stroke's lines are a comb at 3 x 0.73 = 2.19 Hz, but its cadence shows no such step rate."""
    from tests.core.test_sets import _comb_psd

    brisk = np.tile(_comb_psd(30.0, 2.1), (4, 1))
    assert G.gait_comb(brisk, np.full(4, 1.05)) >= G.WALK_GAIT_COMB
    stroke = np.tile(_comb_psd(100.0, 0.73), (4, 1))
    assert G.gait_comb(stroke, np.full(4, 0.73)) < G.WALK_GAIT_COMB
    assert G.gait_comb(stroke[:0], np.full(0, 0.73)) == -np.inf


def test_rest_pose_from_the_walks_only_where_too_little_rest_leads():
    """REST_LEAD_FRAMES quiet frames before the first movement give the rest pose; one fewer, the walks do:
    the stands beside them in the walking pose, else all the stands, else the walks themselves."""
    from tests.core.test_sets import _frames

    n = 200
    walk_pose, seat, held = [0.0, 1.0, 0.0], [0.0, 0.6, 0.8], [1.0, 0.0, 0.0]
    base = _frames(n, mov=0.01)
    for lead, standing_pose, n_stand, want in (
        (S.REST_LEAD_FRAMES, walk_pose, 20, [0.0, 0.0, 1.0]),  # the lead's pose (z)
        (S.REST_LEAD_FRAMES - 1, walk_pose, 20, walk_pose),  # a stand with the arm hanging
        (S.REST_LEAD_FRAMES - 1, seat, 20, seat),  # a seat taken after the walk
        (S.REST_LEAD_FRAMES - 1, seat, S.REST_LEAD_FRAMES - 1, walk_pose),  # too short a stand
    ):
        orient = np.tile(held, (n, 1)).astype(np.float32)  # holds fill the rest of the quiet time
        orient[:lead] = [0.0, 0.0, 1.0]
        mov = base.movement_rms.copy()
        mov[lead : lead + 20] = 2.0  # the first movement: a walk
        orient[lead : lead + 20] = walk_pose
        orient[lead + 20 : lead + 20 + n_stand] = standing_pose
        walking = np.zeros(n, bool)
        walking[lead : lead + 20] = True
        standing = np.zeros(n, bool)
        standing[lead + 20 : lead + 20 + n_stand] = True
        # a raised hold's tremor (4x the rest's RMS): the holds' pose is no rest, though it fills the most time
        phys = base.power_phys.copy()
        phys[lead + 20 + n_stand :] *= 16.0
        frames = replace(base, movement_rms=mov, orientation=orient, power_phys=phys)
        got = S.rest_orientation(frames, walking, standing)
        np.testing.assert_allclose(got, np.array(want) / np.linalg.norm(want), atol=1e-6)


@pytest.mark.parametrize("seed", [1, FRESH_SEED])
def test_a_seat_taken_after_walking_is_the_rest_pose(seed):
    """Walking in, then seated curls with seated rests (the forearm on the thigh, 60 deg from hanging): the
    rest pose is the seat's, so the rests are no part of the sets (the walking pose alone put every rest
    into one set, 32-241 s)."""
    print(f"seed {seed}")
    plan = [
        ("rest", 2.0),
        ("walk", 30.0),
        ("seated", 60.0),
        ("curls", 30.0),
        ("seated", 60.0),
        ("curls", 30.0),
    ]
    rec, spans = arm_session(plan + [("seated", 30.0)], seed=seed, swing_deg=30.0, set_hz=0.5)
    result = analyze(rec)
    assert _overlap(result.walking, spans["walk"]) >= 0.8 * 30.0
    assert len(result.sets) == 2
    for s, (a, b) in zip(result.sets, spans["curls"]):
        assert abs(s.span.start_s - a) < 3.0 and abs(s.span.end_s - b) < 3.0, (s.span, a, b)
    assert result.rest_rms_mps2 is not None and result.rest_rms_mps2 < 0.025


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason=(
        "the limit of reading the rest pose beside the walks (sets.STAND_GAP_S): walk, raise the arm at once "
        "into a hold, lower it and walk on, no still stand between: the still stretches beside the walks are "
        "the holds, so the holds' pose is taken for rest and the holds are no sets (the walks stay walking). "
        "The walking pose alone found them, but put a seat taken after a walk into one long set "
        "(test_a_seat_taken_after_walking_is_the_rest_pose)"
    ),
)
def test_a_hold_straight_after_a_walk_with_no_stand_is_a_set():
    print(f"seed {FRESH_SEED}")
    plan = [("rest", 2.0), ("walk", 40.0), ("hold", 30.0), ("walk", 30.0), ("hold", 30.0), ("walk", 20.0)]
    rec, spans = arm_session(plan + [("rest", 3.0)], seed=FRESH_SEED, swing_deg=20.0)
    result = analyze(rec)
    assert _overlap(result.walking, spans["walk"]) >= 0.8 * 90.0
    assert _overlap([(s.span.start_s, s.span.end_s) for s in result.sets], spans["hold"]) >= 0.8 * 60.0
