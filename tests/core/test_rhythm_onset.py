"""The first strokes of a rhythm starting from still are no twitches; true twitches at the movement's edges stay.

Signals: ``tests/rhythm_onset_gen.py`` (written from the physics for issue 9, independent of the red team's spin bike):
pedalling away on a bike (with and without a friction pad's rub), the first strokes on a rowing machine, walking off,
each from a still wrist, with true twitches 0.3-3 s before the movement, 0.8-6 s after it stops and in mid-rest.

Measured on seeds 30-59 at 100 and 200 Hz (base 9d2e5f8 -> this rule, :mod:`tremor.core.rhythm_onset`): twitches in
the movement's first seconds (from 0.5 s before it to 8 s in, none true) 101 -> 22 (draws with any 66 -> 18 of
240); true twitches found unchanged, 998 of 1074 (none taken for a stroke; the 76 missed are missed at base too, 64
of them in the rubbing bike's sessions, mostly just after it stops). Left: a rower's first catch and a walker's
first heel strike where the frames see the movement 0.6-1.2 s after the stroke (the rule's edge keeps a twitch 0.5
s or more before the movement as the frames see it).
"""

from __future__ import annotations

import os

import numpy as np
import pytest

from tests.redteam_run import recording
from tests.rhythm_onset_gen import OnsetSession, onset_session
from tests.run_entropy import fresh_entropy
from tremor.core.analysis import AnalysisResult, analyze

FRESH_SEED = int(os.environ.get("TREMOR_ONSET_SEED", fresh_entropy(__name__) % 2**31))


def _run(kind: str, fs: float, seed: int) -> tuple[AnalysisResult, OnsetSession]:
    s = onset_session(kind, fs, seed)
    return analyze(recording(np.arange(s.acc.shape[0]) / fs, s.acc)), s


def _false_at_onset(res: AnalysisResult, s: OnsetSession) -> list[float]:
    """Twitches from 0.5 s before the movement to 8 s into it that are no true twitch, s from its start."""
    t_on, truth = s.t_on, s.twitches
    return [
        round(tw.t_s - t_on, 2)
        for tw, _ in res.twitches
        if t_on - 0.5 <= tw.t_s <= t_on + 8.0 and min(abs(tw.t_s - x) for x in truth) > 0.15
    ]


@pytest.mark.parametrize(
    ("kind", "fs", "seed"),
    [
        ("pedal_rub", 100.0, 32),
        ("pedal_rub", 200.0, 37),
        ("walk", 100.0, 31),
        ("walk", 100.0, 34),
        ("walk", 200.0, 31),
        pytest.param(
            "row",
            200.0,
            36,
            marks=pytest.mark.xfail(
                strict=True,
                raises=AssertionError,
                reason="h-rev56: the first catch (0.02 s in) was taken only because a true twitch 1.94 s before "
                "began the run; the frames see the stroke 0.06 s after the catch, and the catches after it are "
                "set aside by the rest gate (kind twitch), not as a movement's beats, so h-onset2's axis rule has "
                "none to compare it with",
            ),
        ),
    ],
)
def test_the_first_strokes_of_a_starting_rhythm_are_no_twitches(kind: str, fs: float, seed: int) -> None:
    """Draws where the first strokes were twitches at base 9d2e5f8 (pedalling with a rub: 0.86, 1.08 and 2.02 s in;
    0.88, 1.85 and 3.37 s; walking off: its first heel strike; rowing: the first two catches, 0.02 and 2.06 s):
    none now, and they are reported as the movement's (kind ``"onset"``). Walking 34 at 100 Hz and 31 at 200 Hz (the
    first heel strike, 0.01-0.02 s in, before the frames see the walk) and pedal_rub 32 at 100 Hz (0.86 s in) are
    taken since h-onset2: each lies on the axis of the movement's first beats and is smaller than they are."""
    res, s = _run(kind, fs, seed)
    onset = [round(t.t_s - s.t_on, 2) for t in res.rejected_transients if t.kind == "onset"]
    print(kind, fs, seed, "onset strokes", onset, "false twitches", _false_at_onset(res, s))
    assert not _false_at_onset(res, s)
    assert onset


@pytest.mark.fresh_rate(
    measured="0 of 1074 true twitches taken for a stroke (seeds 30-59, 4 kinds, 100/200 Hz)",
    env="TREMOR_ONSET_SEED",
    param="seed",
)
@pytest.mark.parametrize("seed", [1, pytest.param(FRESH_SEED, id="fresh")])
def test_true_twitches_before_a_movement_and_after_it_stops_are_kept(seed: int) -> None:
    """A true twitch on the still wrist 0.3-3 s before a movement starts, two or three 0.8-6 s after it stops (a set
    ending) and one in mid-rest: none is taken for a movement's first stroke (pedalling, rowing, walking off; 100 and
    200 Hz). Seed 1 holds a twitch 0.36 s before pedalling starts at 200 Hz."""
    print("seed", seed)
    for kind in ("pedal", "row", "walk"):
        for fs in (100.0, 200.0):
            res, s = _run(kind, fs, seed)
            taken = [
                round(t.t_s - s.t_on, 2)
                for t in res.rejected_transients
                if t.kind == "onset" and min(abs(t.t_s - x) for x in s.twitches) <= 0.15
            ]
            print(kind, fs, "true twitches (s from start)", [round(x - s.t_on, 2) for x in s.twitches], taken)
            assert not taken
