"""The history says which days' reports advised a re-test for their holds' tremor (h-rev51, issue 9, R8-3).

A report's ``see_a_clinician`` from :mod:`tremor.core.large_postural` (a large, steady 6-12 Hz tremor from the
start of most holds) asks for a rested re-test; the history follows out-of-band rhythms only, and on two such
reports four days apart it said "none stood out" and nothing else. Now a note names the days and says the history
does not judge it; an out-of-band rhythm's re-test is left to :func:`tremor.report.history_retest.retest`.
"""

from __future__ import annotations

from datetime import UTC

from tests.reports.test_history import make_report, ts
from tremor.core.causes import CAUSES
from tremor.report.history import build_history, session_from_report
from tremor.report.history_retest import hold_retest_note


def _hedged(day: int, evidence: str) -> dict:
    r = make_report(ts(day), sets=[(60, 100, 1.0), (160, 200, 0.9), (260, 300, 1.1)])
    grade, advice = CAUSES["see_a_clinician"]
    r["session_causes"] = [
        {
            "id": "see_a_clinician",
            "likelihood": 0.5,
            "evidence_grade": grade,
            "evidence": evidence,
            "advice": advice,
        }
    ]
    return r


HOLDS = "a tremor at 6.9 Hz, in the 6-12 Hz band, of 0.53-0.75 m/s^2 RMS already in the first third of 3 of 3 holds"


def test_the_days_whose_reports_gave_the_hold_retest_are_named() -> None:
    sessions = [
        session_from_report(r, tz=UTC) for r in (_hedged(0, HOLDS), make_report(ts(2)), _hedged(4, HOLDS))
    ]
    notes: list[str] = []
    hold_retest_note(sessions, notes)
    assert len(notes) == 1 and "2025-03-03, 2025-03-07" in notes[0] and "2025-03-05" not in notes[0], notes
    assert "does not judge" in notes[0] and "given on 2 days" in notes[0]
    assert any("2025-03-03, 2025-03-07" in n for n in build_history(sessions).notes)


def test_no_note_without_the_hold_retest() -> None:
    """No report gave it, or the advice was another rule's (its evidence not on the holds' first thirds)."""
    for reports in (
        [make_report(ts(0)), make_report(ts(3))],
        [_hedged(0, "sustained rhythmic tremor at 5.2 Hz")],
    ):
        notes: list[str] = []
        hold_retest_note([session_from_report(r, tz=UTC) for r in reports], notes)
        assert notes == []
