"""Curl sets with the dumbbell resting on the thigh between them are one set a bout; holds stay sets (issue 9, R5-6).

Own physics: ``tests/core/thigh_rest_physics.py`` (a lap rest, three bouts of curls at 0.3-1 reps/s, the forearm laid
on the thigh between them with the dumbbell in the hand, the grip raising the tremor to 1.0-1.8x the lap's, steady)
and ``tests/core/supported_holds_physics.py`` (supported holds, a wall sit with the hands on the thighs, the tremor
growing across each, with walks, or bouts of curls, between them). :mod:`tremor.core.loaded_rest` takes the thigh for
a rest pose where it is supported, kept between working bouts (no walk between, no rest elsewhere) and its tremor
steady across each stay.

Measured (see ``docs/accuracy.md``, h-thigh2): the thigh sessions' sets one a bout, base 32a792e -> this rule; the
near cases: a fatigue hold between walks or between curl bouts (its tremor builds), a hold held out (it sways), a
hold left for a rest elsewhere, all kept as before. Cost: a calm supported hold whose tremor does not build, at
1.5-2x the rest's, between curl bouts with no rest anywhere else (a circuit) is read as that rest (strict xfail).
"""

from __future__ import annotations

import os

import numpy as np
import pytest

from tests.core.arm_pendulum import span_overlap_s
from tests.core.supported_holds_physics import holds_session
from tests.core.thigh_rest_physics import session
from tests.run_entropy import fresh_entropy
from tremor.core.analysis import analyze
from tremor.core.features import compute_frames
from tremor.core.gait import WALK_HZ
from tremor.core.loaded_rest import Activity, frame_turn
from tremor.core.recording import Recording
from tremor.core.rest_pose import PoseMemo, rest_poses
from tremor.core.sets import MOVE_MPS2, POSE_DEG

FRESH_SEED = int(fresh_entropy(__name__) % 2**31)


def _lost(rec: Recording, holds: list[tuple[float, float]], share: float) -> list[tuple[int, int]]:
    """The holds not lying in sets for ``share`` of their length."""
    got = [(s.span.start_s, s.span.end_s) for s in analyze(rec).sets]
    return [
        (round(a), round(b)) for a, b in holds if sum(span_overlap_s(s, a, b) for s in got) < share * (b - a)
    ]


@pytest.mark.fresh_rate(
    env="TREMOR_THIGHBOUT_SEED",
    measured="0 of 36 fresh draws (h-thigh2, seeds 1000-1011 x 3 rates) and 0 of 18 (h-rev36); a CI draw, 1494575696 at "
    "200 Hz, joined bouts 2 and 3 with the thigh rest between them into one set",
)
@pytest.mark.parametrize("fs", [50.0, 100.0, 200.0])
def test_curl_bouts_with_the_dumbbell_on_the_thigh_between_are_one_set_each(fs: float) -> None:
    """A fresh session a rate (the grip 1.0-1.8x the lap's tremor): one set a bout of curls, each within 4 s of it."""
    seed = int(os.environ.get("TREMOR_THIGHBOUT_SEED") or np.random.SeedSequence().entropy % 2**31)  # type: ignore[operator]
    print("fresh seed", seed, "(TREMOR_THIGHBOUT_SEED)")
    rec, bouts, _, _ = session(seed, fs)
    got = [(s.span.start_s, s.span.end_s) for s in analyze(rec).sets]
    ok = len(got) == len(bouts) and all(
        abs(s[0] - b[0]) <= 4.0 and abs(s[1] - b[1]) <= 4.0 for s, b in zip(got, bouts)
    )
    assert ok, f"bouts {np.round(bouts)} sets {np.round(got)}"


@pytest.mark.fresh_rate(
    env="TREMOR_WALLSIT_SEED",
    measured="1 of 30 draws (seeds 5000-5029: 5002, walk and curls alike; 32a792e, before loaded_rest, loses the same "
    "draw's holds between walks) and a hunt's 1276531798: all three holds read as rests, the walks or bouts as calm sets",
)
@pytest.mark.parametrize("between", ["walk", "curls"])
def test_supported_fatigue_holds_stay_sets_between_walks_or_curls(between: str) -> None:
    """Wall sits (no sway, the tremor growing 1.0 -> 2.6x the lap's across each) with walks or curl bouts between:
    every hold in a set for half its length (the build tells them from a gripped rest)."""
    seed = int(os.environ.get("TREMOR_WALLSIT_SEED") or np.random.SeedSequence().entropy % 2**31)  # type: ignore[operator]
    print(f"seed {seed} (TREMOR_WALLSIT_SEED)")
    rec, holds = holds_session(seed, 100.0, between=between)
    assert not (lost := _lost(rec, holds, 0.5)), lost


@pytest.mark.xfail(
    strict=True,
    reason="a rate (see the fresh test above): seed 1276531798's wall sits, their tremor building 1.0 -> 2.6x, are all "
    "read as rests between walks, on 32a792e too",
)
def test_wall_sits_lost_between_walks_at_a_known_seed() -> None:
    rec, holds = holds_session(1276531798, 100.0, between="walk")
    assert not (lost := _lost(rec, holds, 0.5)), lost


def _calm_walk_seed() -> int:
    """The replayed seed, or a fresh one at every call (a ``fresh_rate`` test's redraws draw anew)."""
    if os.environ.get("TREMOR_CALM_WALK_SEED"):
        return int(os.environ["TREMOR_CALM_WALK_SEED"])
    return int(np.random.SeedSequence().entropy % 2**31)  # type: ignore[operator]


@pytest.mark.fresh_rate(
    env="TREMOR_CALM_WALK_SEED",
    measured="3 of 17 draws (h-rev36: 32000, the walks' arm swing turning the wrist 26-36 deg in 0.5 s, read as "
    "lifts; 32004 and 2070520069 also on base: the walks read as the sets)",
)
def test_calm_supported_holds_with_walks_between_stay_sets() -> None:
    """Calm wall sits (the tremor 1.5 -> 2x, hardly building) with walks between: sets (a walk between is no work).

    A rate (h-rev36, seeds 32000-32015 and the fresh 2070520069): all three holds lost in 3 of 17 draws, 2 of them
    (32004, 2070520069) on base 32a792e too; 32000 by the loaded rest (a brisk arm swing over ``LIFT_TURN_DEG``;
    base merged the holds and walks into one set), pinned below."""
    seed = _calm_walk_seed()
    print(f"seed {seed} (TREMOR_CALM_WALK_SEED)")
    rec, holds = holds_session(seed, 100.0, level=(1.5, 2.0))
    assert not (lost := _lost(rec, holds, 0.5)), lost


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="h-rev36: a walk whose arm swing turns the wrist 26-36 deg in 0.5 s is read as a lift, so calm holds "
    "between walks are taken for the loaded rest (seed 32000; base: holds and walks one set)",
)
def test_calm_supported_holds_between_brisk_walks_stay_sets() -> None:
    """The pinned draw of the rate above: seed 32000, all three holds lost (the walks read as the sets)."""
    rec, holds = holds_session(32000, 100.0, level=(1.5, 2.0))
    assert not (lost := _lost(rec, holds, 0.5)), lost


@pytest.mark.fresh_rate(
    env="TREMOR_HOLDS_SEED",
    measured="held: 2 of 13 draws, on base 32a792e too (h-rev36: 33004 and the fresh 1775573572 of seeds 33000-33011, "
    "all three held-out stays taken for rest, their tremor under SAME_TREMOR); raised, third: none seen",
)
@pytest.mark.parametrize(
    ("between", "level", "back_s"),
    [("held", (1.5, 2.0), 0.0), ("raised", (1.6, 1.9), 12.0), ("third", (1.6, 1.9), 12.0)],
)
def test_holds_between_curl_bouts_that_sway_or_rest_elsewhere_stay_sets(
    between: str, level: tuple[float, float], back_s: float
) -> None:
    """The same pose held out (swaying 2 deg at 0.1-1 Hz), or a raised hold put back on the lap (or hung at the side)
    for 12 s after each: every hold in a set for 90 % of it (a rate: the loaded rest changes none of the misses)."""
    seed = int(os.environ.get("TREMOR_HOLDS_SEED") or np.random.SeedSequence().entropy % 2**31)  # type: ignore[operator]
    print(f"seed {seed} (TREMOR_HOLDS_SEED)")
    rec, bouts, _, _ = session(seed, 100.0, between=between, level=level, back_s=back_s)
    if between == "held":  # the stays after each bout, 2-4 s inside their edges
        ends, starts = [b for _, b in bouts], [a for a, _ in bouts[1:]] + [float(rec.time_s[-1]) - 21.5]
        holds = [(e + 4.0, s - 2.0) for e, s in zip(ends, starts)]
    else:
        holds = [(a + 2.0, b - 2.0) for a, b in bouts]
    assert not (lost := _lost(rec, holds, 0.9)), lost


@pytest.mark.xfail(
    strict=True,
    reason="h-thigh2 loaded_rest: a calm supported hold (tremor 1.5-2x the rest's, not building) between curl bouts "
    "with no rest elsewhere reads as a rest with a gripped load (own sweep 4000-4003: 0/12 -> 12/12 lost)",
)
def test_calm_supported_holds_between_curl_bouts_stay_sets() -> None:
    """Calm wall sits (1.5 -> 2x, hardly building) in a circuit with curl bouts between and no rest: sets.

    Measured (100 Hz, seeds 4000-4003, 3 holds each): holds lost base 0/12 -> 12/12; steady 1.6x 3/12 -> 12/12,
    steady 1.9x 0/12 -> 12/12. The same class in ``thigh_rest_physics`` (seeds 5100-5105, 3 holds each, 1.5-2x, no
    rest between): a hold raised 60-80 deg without sway 0/18 -> 18/18, held out swaying 0.5 deg 0/18 -> 18/18 (1 deg:
    0/18 both). One wrist sensor shows such a hold as it shows a forearm resting on the thigh with a dumbbell in the
    hand: supported (or hardly swaying), steady, between working bouts."""
    rec, holds = holds_session(4000, 100.0, level=(1.5, 2.0), between="curls")
    assert not (lost := _lost(rec, holds, 0.5)), lost


def test_frame_turn_reads_the_largest_angle_between_a_frames_blocks() -> None:
    """Blocks turning 0, 30 and 90 deg about one axis: 90 deg; one block without a direction: NaN."""
    deg = np.deg2rad([0.0, 30.0, 90.0, 45.0, 10.0])
    sub = 9.81 * np.stack([np.cos(deg), np.sin(deg), np.zeros(5)], axis=1)[None]
    still = np.repeat(sub[:, :1], 5, axis=1)
    gone = sub.copy()
    gone[0, 2] = 0.0
    turn = frame_turn(np.concatenate([sub, still, gone]))
    assert turn[0] == pytest.approx(90.0, abs=1e-6) and turn[1] == pytest.approx(0.0, abs=1e-3)
    assert np.isnan(turn[2])


def test_a_live_sessions_kept_pose_memo_gives_the_whole_tables_rest_poses() -> None:
    """The rule beside the memo a live session keeps (:class:`~tremor.core.rest_pose.PoseMemo`): the same rest poses
    as the whole table at every step of a growing thigh-rest session, and the thigh taken as rest at its end."""
    rec, _, _, _ = session(FRESH_SEED + 6, 50.0, level=(1.6, 1.8))
    fr = compute_frames(rec.acc_mps2, fs=50.0)
    quiet = fr.movement_rms < MOVE_MPS2
    moving = fr.movement_rms >= MOVE_MPS2
    lead = quiet & (fr.t_s < fr.t_s[np.argmax(~quiet)])
    gait = moving & (fr.peak_movement_hz >= WALK_HZ[0]) & (fr.peak_movement_hz <= WALK_HZ[1])
    memo = PoseMemo()
    whole: list[np.ndarray] = []
    for at in [*range(150, len(fr), 57), len(fr)]:
        args = (fr.orientation[:at], quiet[:at], fr.power_phys[:at], lead[:at], POSE_DEG)
        act = Activity(fr.movement_rms[:at], moving[:at], gait[:at], fr.sub_acc[:at])
        kept = rest_poses(*args, memo=memo, high_power=fr.power_high[:at], activity=act)
        whole = rest_poses(*args, high_power=fr.power_high[:at], activity=act)
        assert len(kept) == len(whole) and all(np.array_equal(a, b) for a, b in zip(kept, whole)), at
    assert len(whole) == 2, f"seed {FRESH_SEED + 6}: the thigh is no rest pose"
