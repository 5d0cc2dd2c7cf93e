"""The arm lowered out of a hold is no part of the hold's tremor (:mod:`tremor.core.set_edges`, issue 9)."""

from __future__ import annotations

import numpy as np

from tests.core.test_posture_shifts import _plan, seated
from tremor.core.analysis import analyze
from tremor.core.set_edges import EDGE_FACTOR, EDGE_S, moving_edges


def test_a_lowering_caught_at_a_hold_end_is_left_out_and_its_sway_is_not() -> None:
    """A hold's frames sway 0.05-0.33 m/s^2; the last two hold the lowering's onset (1.4-1.9 m/s^2): only they go.
    A frame as high but further inside than EDGE_S, or an edge frame under the factor, stays."""
    t = np.arange(40) * 0.5
    move = np.full(40, 0.18)
    move[::3] = 0.33
    move[-2:] = [1.36, 1.93]
    assert np.flatnonzero(moving_edges(t, move, 0.35)).tolist() == [38, 39]
    inner = move.copy()
    inner[-2:] = 0.18
    inner[-1 - int(EDGE_S / 0.5) - 1] = 1.9  # a knock of the arm inside the hold: not at its end
    assert not moving_edges(t, inner, 0.35).any()
    low = move.copy()
    low[-2:] = 0.9 * EDGE_FACTOR * np.median(move)  # under the factor: the hold's own sway, kept
    assert not moving_edges(t, low, 0.35).any()
    raised = move.copy()
    raised[:3] = 2.0  # the raise caught at the start
    raised[-2:] = 0.18
    assert np.flatnonzero(moving_edges(t, raised, 0.35)).tolist() == [0, 1, 2]


def test_a_set_of_reps_moves_throughout_and_keeps_every_frame() -> None:
    """Curls move 1-3 m/s^2 in every frame: their ends are no transition (NaN movement: never one)."""
    rng = np.random.default_rng(3)
    t = np.arange(60) * 0.5
    move = rng.uniform(1.0, 3.0, 60)
    assert not moving_edges(t, move, 0.35).any()
    move[-1] = np.nan
    assert not moving_edges(t, move, 0.35).any()


def test_a_calm_hold_lowered_on_a_jerk_is_calm_not_fatigue_tremor() -> None:
    """The seated physics' calm hold (1.0-1.4x the rest's tremor RMS) whose last frames held the lowering's onset:
    it read ``fatigue_tremor``, "the tremor peak drifted ... as it does under load" (fresh seed 2080443849 at
    100 Hz, 1 of 600 draws); now ``calm``, and the fatigue holds beside it keep their label."""
    seed = 2080443849
    rec, spans = seated(seed, 100.0, _plan(np.random.default_rng(seed)))
    r = analyze(rec)
    for kind, a, b in spans:
        if kind == "stay":
            continue
        found = [s for s in r.sets if s.span.start_s < b - 3.0 and s.span.end_s > a + 3.0]
        assert len(found) == 1, (kind, a, b)
        assert found[0].label == ("calm" if kind == "calm" else "fatigue_tremor"), (kind, found[0].label)
