"""A knock as a dumbbell settles on the thigh, with the forearm turning 2-5 deg, is no twitch (issue 9, R5-6).

Own physics (``tests/core/thigh_rest_physics.py``): seated curls with the forearm on the thigh between the bouts, the
dumbbell shifted every 10-25 s (the forearm turning ``shift_deg`` in 0.5 s, a 15-30 Hz damped knock of 0.2-0.5 m/s^2
as it settles), a true twitch (a Gaussian-derivative pulse of 8-20 ms, 0.2-0.5 m/s^2, no turn) 3.5-7 s after each
shift; breathing turns the forearm 0.3 deg RMS at 0.05-0.5 Hz. Base 9c2fed5: the knocks counted as twitches
(the sets ``fasciculations`` on knocks alone). :mod:`tremor.core.settle_turn`: a transient across which the pose
turned by 1.5 deg or more, 4x the turn measured beside it, is no twitch.

Measured (100 Hz, seeds 40-59, ``/tmp`` loops of this file's bodies): knocks counted as twitches 1/195 at 0.3 deg of
breathing (base 183/195), 24/195 at 0.5 deg, 122/195 at 1 deg (measured before the turn-here condition): the
breathing's own turn over the 3 s the measure spans is as large as the shift, and one wrist sensor cannot tell them
apart there. True twitches found 187/187 at 0.3 and 0.5 deg (base alike). Fresh draws of the two bodies: 100/100 at
each rate they cover.
"""

from __future__ import annotations

import numpy as np
import pytest

from tests.core.thigh_rest_physics import session
from tests.run_entropy import fresh_entropy
from tremor.core.analysis import analyze
from tremor.core.features import compute_frames
from tremor.core.settle_turn import settled_turns

FRESH_SEED = int(fresh_entropy(__name__) % 2**31)
BREATH_DEG = 0.3


def _near(times: np.ndarray, t: float) -> bool:
    return bool(times.size) and float(np.min(np.abs(times - t))) < 0.15


@pytest.mark.parametrize("fs", [100.0, 200.0])
def test_knocks_as_the_dumbbell_settles_are_no_twitches_and_twitches_stay(fs: float) -> None:
    """A fresh session a rate: at most 2 knocks counted as twitches (1 in 195 measured), every true twitch found."""
    seed = FRESH_SEED + int(fs)
    print("fresh seed", seed)
    rec, _, knocks, twitches = session(
        seed, fs, knock=(0.2, 0.5), twitches=(0.2, 0.5), breath_deg=BREATH_DEG, shift_deg=(2.0, 5.0)
    )
    got = np.array([tr.t_s for tr, _ in analyze(rec).twitches])
    counted = [round(t, 1) for t in knocks if _near(got, t)]
    missed = [round(t, 1) for t in twitches if not _near(got, t)]
    assert len(counted) <= 2 and not missed, (counted, missed)


@pytest.mark.parametrize("fs", [50.0, 100.0, 200.0])
def test_the_turn_rule_fires_on_a_turn_and_not_without_one(fs: float) -> None:
    """The rule on a session's frames (50 Hz too, where no twitch is assessed): the knocks of 2-5 deg shifts flagged
    (at least 3 in 4), none of the true twitches; a shift of 0.2-0.6 deg (under ``TURN_DEG``) never."""
    seed = FRESH_SEED + 7 * int(fs)
    print("fresh seed", seed)
    kw = {"knock": (0.2, 0.5), "twitches": (0.2, 0.5), "breath_deg": BREATH_DEG}
    rec, _, knocks, twitches = session(seed, fs, shift_deg=(2.0, 5.0), **kw)
    frames = compute_frames(rec.acc_mps2, fs=fs)
    flagged = settled_turns(np.array(knocks), frames)
    assert flagged.mean() >= 0.75, (knocks, flagged)
    assert not settled_turns(np.array(twitches), frames).any()
    rec, _, small, _ = session(seed, fs, shift_deg=(0.2, 0.6), **kw)
    assert not settled_turns(np.array(small), compute_frames(rec.acc_mps2, fs=fs)).any()
