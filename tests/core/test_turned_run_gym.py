"""The turned-run note (:mod:`tremor.core.turned_run`) on gym sets whose wrist reads a run's stride rate (issue 9;
FINDINGS "Review of h-runswing (h-rev19)"): bouts from tests/core/gym_physics.py (rev19's physics), at fixed seeds
(generator ``[seed, fs]``).

Heavy battle-rope waves, whose rope's slap comes back up the rope once a wave, carry every sign of a run but its
step parity, as an arm swung on its own does (lines at every multiple of the arm's rate): the note fires on 4, 8
and 9 of 30 such sets at 50, 100 and 200 Hz (analysed whole). It said they read as "a fast run with a wide arm swing
(a sprinter's ...), jumping jacks and an arm swung hard on its own": now it names battle ropes among them (and no
longer calls a wide swing at 69-105 arm swings a minute a fast run or a sprinter's). Kettlebell swings, whose wrist
reads twice the rep rate (a stride rate) and whose bell knocks the forearm at the top, ring the wrist as footfalls
do, but their lines stand at every multiple of the rep rate, half the cadence: no comb at the cadence
(:func:`tremor.core.gait.stride_comb` under 0.1 against 0.3), no note (0 of 90 sets at 50-200 Hz, as 0 of 90
speed curls).
"""

from __future__ import annotations

import numpy as np
import pytest

from tests.core.gym_physics import gym_set
from tremor.core import gait
from tremor.core.features import compute_frames
from tremor.core.sets import MOVE_MPS2
from tremor.core.turned_run import turned_run, turned_run_note

#: seeds whose battle-rope set reads as a turned run ...
ROPE_SEEDS = {50.0: 0, 100.0: 1, 200.0: 1}
#: ... and whose kettlebell swings read mostly at a stride rate, their knocks ringing the wrist as footfalls do
SWING_SEEDS = {50.0: 1, 100.0: 0, 200.0: 3}


@pytest.mark.parametrize("fs", [50.0, 100.0, 200.0])
def test_battle_ropes_are_named_where_the_note_fires(fs):
    """A battle-rope set that reads as a turned run is told it may be battle ropes, not only a run."""
    acc, (a, b) = gym_set("battle_rope", np.random.default_rng([ROPE_SEEDS[fs], int(fs)]), fs)
    frames = compute_frames(acc, fs=fs)
    assert turned_run(frames, a, b)
    note = turned_run_note(frames, a, b, "set 1")
    assert note is not None and "(battle ropes)" in note
    assert "sprinter" not in note and "fast run" not in note


@pytest.mark.parametrize("fs", [50.0, 100.0, 200.0])
def test_kettlebell_swings_carry_no_note(fs):
    """Kettlebell swings: most frames at a stride rate (twice the rep rate) and the footfall ring passes, but the
    lines stand at every multiple of half the cadence, no comb at it: no note."""
    acc, (a, b) = gym_set("kb_swing", np.random.default_rng([SWING_SEEDS[fs], int(fs)]), fs)
    frames = compute_frames(acc, fs=fs)
    cad = frames.peak_movement_hz
    inside = (frames.t_s >= a) & (frames.t_s <= b)
    sel = np.flatnonzero(
        inside
        & (frames.movement_rms >= MOVE_MPS2)
        & (cad >= gait.RUN_STRIDE_HZ[0])
        & (cad <= gait.RUN_STEP_HZ[1])
    )
    assert 2 * sel.size >= np.count_nonzero(inside)
    assert 2 * np.count_nonzero(cad[sel] <= gait.RUN_STRIDE_HZ[1]) > sel.size
    assert gait.footfalls_ring(frames, sel)
    assert gait.stride_comb(frames.psd[sel], cad[sel]) < gait.WALK_GAIT_COMB
    assert not turned_run(frames, a, b)
    assert turned_run_note(frames, a, b, "set 1") is None
