"""True fasciculation spells on the still limb before a movement starts are kept (review h-rev56 of h-spin).

Signals: ``tests/spell_edge_gen.py`` (written from the physics for the review, not from the detector nor from
``tests/rhythm_onset_gen.py``): spells of 3-6 twitches of one motor unit, 0.3-2 s apart, 0.1-0.5 m/s^2, on a still
wrist 0.3-3 s before a movement starts (seated on a bike before pedalling away, before picking up a dumbbell, before
the next set), 0.5-4 s after it ends and mid-rest.

As h-spin came (:mod:`tremor.core.rhythm_onset` at 819ae35), a spell before a movement was taken for the movement's
first strokes: the spell's own transients start the run, the frames 1-8 s on hold the movement that starts seconds
later, and the edge was sought only up to 1 s after the spell's first twitch, so every twitch from there to 5 s on
was called ``onset``. Seeds 3000-3029, 4 kinds at 100/200 Hz: 294 of 2866 true twitches lost in 117 of 240 draws,
up to 6.2 s before the movement. Mended (h-rev56): the edge is sought up to where the frames first stay moving
(:data:`tremor.core.rhythm_onset.HOLD_S`): 11 lost in 10 draws, each 0.4-2.3 s before the movement (its own frames
lifted over the still level: the cost the module names); seeds 5000-5029 (fresh, not looked at while mending):
253 of 2850 lost in 112 draws -> 3 in 2.
"""

from __future__ import annotations

import os

import numpy as np
import pytest

from tests.redteam_run import recording
from tests.run_entropy import fresh_entropy
from tests.spell_edge_gen import SpellSession, spell_session
from tremor.core.analysis import AnalysisResult, analyze

FRESH_SEED = int(os.environ.get("TREMOR_SPELL_EDGE_SEED", fresh_entropy(__name__) % 2**31))


def _run(kind: str, fs: float, seed: int) -> tuple[AnalysisResult, SpellSession]:
    s = spell_session(kind, fs, seed)
    return analyze(recording(np.arange(s.acc.shape[0]) / fs, s.acc)), s


def _taken(res: AnalysisResult, s: SpellSession) -> list[float]:
    """True twitches called a movement's first strokes: s before the next movement's start."""
    truth = np.array(s.twitches)
    starts = np.array([a for a, _ in s.moves])
    return [
        round(float(min(starts[starts >= t.t_s] - t.t_s, default=np.inf)), 2)
        for t in res.rejected_transients
        if t.kind == "onset" and truth.size and np.min(np.abs(truth - t.t_s)) <= 0.15
    ]


@pytest.mark.parametrize(
    ("kind", "fs", "seed"),
    [
        ("two_sets", 200.0, 1001),
        ("dumbbell", 200.0, 3001),
        ("dumbbell", 100.0, 3002),
        ("two_sets", 100.0, 5000),
        ("bike", 200.0, 5004),
        pytest.param(
            "dumbbell",
            100.0,
            3017,
            marks=pytest.mark.xfail(
                strict=True,
                raises=AssertionError,
                reason="a spell's last twitches 2.3 and 1.2 s before the dumbbell is picked up lift their frames "
                "over the still level and pull the movement's edge before them (11 of 2866 on seeds 3000-3029)",
            ),
        ),
    ],
)
def test_a_spell_seconds_before_a_movement_is_no_first_stroke(kind: str, fs: float, seed: int) -> None:
    """Draws where h-spin took a spell's twitches for a movement's first strokes (s before it: 1001, 4.7, 4.2, 3.9,
    3.1, 2.8 and 1.4; 3001, 7.0-3.3, five; 3002, 3.2 and 1.7; 5000, 1.6; 5004, 1.1; 3017, 7.3-1.2, six): none now."""
    res, s = _run(kind, fs, seed)
    taken = _taken(res, s)
    print(kind, fs, seed, "moves", s.moves, "true twitches taken (s before the movement)", taken)
    assert not taken


@pytest.mark.fresh_rate(
    measured="no true twitch taken more than 2.6 s before a movement (seeds 3000-3029, 4 kinds, 100/200 Hz: "
    "the farthest 2.3 s; h-spin as it came: 7.3 s)",
    env="TREMOR_SPELL_EDGE_SEED",
    param="seed",
)
@pytest.mark.parametrize("seed", [2, pytest.param(FRESH_SEED, id="fresh")])
def test_spells_before_and_after_movements_are_kept(seed: int) -> None:
    """A fresh draw of each kind at 100 and 200 Hz: no true twitch of a spell more than 2.6 s before a movement (the
    run's link, :data:`tremor.core.rhythm_onset.LINK_S`) is taken for its first stroke, nor any after it ends."""
    print("seed", seed)
    for kind in ("bike", "dumbbell", "two_sets", "shift"):
        for fs in (100.0, 200.0):
            res, s = _run(kind, fs, seed)
            taken = _taken(res, s)
            print(kind, fs, "moves", s.moves, "taken", taken)
            assert not [x for x in taken if x > 2.6]
