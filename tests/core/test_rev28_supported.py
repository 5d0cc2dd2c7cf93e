"""Review of h-thigh (rev28): true findings the rest-between and settled-turn rules lose (own physics).

``tests/core/supported_holds_physics.py``. Strict xfails: each passes on base 9c2fed5 and fails on h-thigh
(rest_between was left out at the merge, so the supported holds pass; the settled-turn cost stays a strict xfail).
"""

from __future__ import annotations

import numpy as np
import pytest

from tests.core.arm_pendulum import span_overlap_s
from tests.core.supported_holds_physics import holds_session, shift_twitch_session
from tremor.core.analysis import analyze


@pytest.mark.parametrize("fs", [50.0, 100.0])
def test_supported_fatigue_holds_with_walks_between_stay_sets(fs: float) -> None:
    """Three wall-sit holds (hands on the thighs: no sway of their own), the tremor growing 1.0 -> 2.6x the lap's
    across each, a 20 s lap rest first (a recording started late), 30-50 s of walking about between the holds.
    Every hold must lie in a set for half its length at least.

    Measured (own sweep, seeds 100-103, 3 holds each): holds lost base 0/12 -> h-thigh 12/12 (100 Hz); with a 90 s
    first rest 0/12 -> 12/12; with 30 s back on the lap at the end 0/12 -> 12/12; calm holds growing 1.5 -> 2x
    0/12 -> 12/12; steady 1.6x 0/6 -> 6/6, 1.9x 0/6 -> 3/6, 2.2x 0/6 both; the hold swaying 1 deg at 0.1-1 Hz
    0/12 -> 9/12, 2 deg 0/12 -> 3/12. h-thigh reports the walks between the holds as the session's sets, and the
    holds' tremor as the resting baseline. Was a strict xfail; passes since the lead left rest_between out at the
    merge (h-rev28's verdict)."""
    rec, holds = holds_session(100, fs)
    got = [(s.span.start_s, s.span.end_s) for s in analyze(rec).sets]
    lost = [
        (round(a), round(b)) for a, b in holds if sum(span_overlap_s(s, a, b) for s in got) < 0.5 * (b - a)
    ]
    assert not lost, f"{fs:g} Hz: holds {lost} not in sets {np.round(got)}"


@pytest.mark.xfail(
    strict=True,
    reason="h-thigh settle_turn: a true twitch 0-1 s after a 1.5-3 deg postural shift of a resting forearm is set "
    "aside as a 'settled' event and not counted as a twitch",
)
def test_twitches_beside_a_small_postural_shift_are_counted() -> None:
    """Twelve twitches on a lap rest (breathing 0.5 deg), each 0-1 s after the forearm shifted 1.5-3 deg in
    0.4-1 s (a postural adjustment, no weight, no knock). Every twitch must be counted.

    Measured (100 Hz, seeds 0-3, offsets from the shift's start): twitches counted at -0.3/0/0.3/0.6/1.0/1.5 s
    base 24/24 -> h-thigh 11/24 (0.6 s: 0/4); at -1.5..-0.6 s and 2-6 s 24/24 both."""
    rec, times = shift_twitch_session(1, 100.0, [0.0, 0.3, 0.6, 1.0] * 3)
    got = np.array([tr.t_s for tr, _ in analyze(rec).twitches])
    missed = [round(t, 1) for t in times if not (got.size and np.min(np.abs(got - t)) < 0.15)]
    assert not missed, f"missed {missed}"
