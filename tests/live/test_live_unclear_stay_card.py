"""A live card whose recovery an unclear stay ended says so, not "ended with the session" (h-stay2).

:func:`tremor.core.sets.segment_sets` ends a set's recovery at the first stay after it that one wrist sensor cannot
call a light hold or a change of posture (``tests/core/test_unclear_stay_recovery.py``'s session); the card is filled
from the same summary (:func:`tremor.live.set_decisions.fill_card`), and its final line names the stay. The same
session without the stay ends with the session.
"""

from __future__ import annotations

import pytest

from tests.core.test_posture_shifts import seated
from tremor.core.analysis import analyze
from tremor.live.display import format_recovery
from tremor.live.set_decisions import SetCard, fill_card


@pytest.mark.parametrize("stay", [True, False])
def test_the_final_card_names_the_stay_that_ended_its_recovery(stay: bool) -> None:
    middle = [("stay", 40.0, 15.0)] if stay else [("rest", 41.5, 0.0)]
    plan = [("rest", 40.0, 0.0), ("fatigue", 40.0, 0.0), ("rest", 50.0, 0.0), *middle, ("rest", 70.0, 0.0)]
    rec, _ = seated(1, 100.0, plan)
    r = analyze(rec)
    assert len(r.sets) == 1, [(s.span, s.label) for s in r.sets]
    s = r.sets[0].span
    card = SetCard(1, "auto", s.start_s, s.end_s, r.sets[0].label, {})
    fill_card(card, r, float(rec.time_s[-1]))
    card.final = True
    text = format_recovery(card)
    if stay:
        assert len(r.unclear_stays) == 1 and card.ended_by_stay_s == pytest.approx(r.unclear_stays[0][0])
        assert f"ended at {r.unclear_stays[0][0]:.1f} s, where the wrist took a new pose" in text, text
    else:
        assert not r.unclear_stays and card.ended_by_stay_s is None
        assert "ended with the session" in text, text
