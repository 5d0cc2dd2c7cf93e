"""The report carries the session's leg hedge per rest episode, and the history and summaries repeat it (issue 9).

A rest rhythm along gravity (or of unknown direction, gravity removed) is what a bouncing leg, or a knee under the
hand, gives as well as a rest tremor (tremor/core/upright_rest.py): the session's note and clinician cause say so.
Before, the JSON report's ``atypical_tremor`` episodes did not, so ``tremor history`` added "seen at rest, where
movement cannot explain it" to a heel bounce that recurred, and the summary and HTML episode table said only "at
rest" under "out-of-band rhythmic tremor". The recordings are tests/core/test_upright_rest.py's physics: a seated
heel bounce for minutes (along gravity) and a rest tremor turning the hand palm down (across gravity).
"""

from __future__ import annotations

import json
from datetime import UTC

import pytest

import tremor
from tests.core.test_leg_rhythm import rest_tremor_session
from tests.core.test_upright_rest import long_bounce
from tremor.core.leg_rhythm import VERTICAL_MIN
from tremor.report.history import history_causes
from tremor.report.html_report import render_html
from tremor.report.json_report import report_schema, to_report
from tremor.report.summary import format_summary

DAY_S = 86400.0
START = 1741000000.0  # 2025-03-03
# h-restrhy: before, "where movement cannot explain it" (untrue of a panting dog under the hand, a deliberate shaking)
CANNOT_EXPLAIN = "the wrist otherwise still"
LEG = "a bouncing leg or a knee under the hand is not ruled out"


@pytest.fixture(scope="module")
def bounce() -> tremor.AnalysisResult:
    return tremor.analyze(long_bounce(1, 100.0, 0.3, knee=True, dur=200.0))


@pytest.fixture(scope="module")
def palm_down() -> tremor.AnalysisResult:
    return rest_tremor_session(22, 200.0, 5.0, 0.5, rotation=True, wax=False, fidget=0.0, roll_deg=0.0)


def _dated(result: tremor.AnalysisResult, day: int) -> dict:
    report = json.loads(json.dumps(to_report(result)))
    report["source"]["start_unix_s"] = START + day * DAY_S
    return report


def _rest(report: dict) -> list[dict]:
    return [e for e in report["atypical_tremor"] if e["set_index"] is None]


def test_a_bouncing_leg_episode_is_marked_in_the_report(bounce: tremor.AnalysisResult) -> None:
    report = to_report(bounce)
    rest = _rest(report)
    assert rest and all(e["bouncing_leg_possible"] is True for e in rest)
    assert all(e["along_gravity_share"] >= VERTICAL_MIN for e in rest)
    props = report_schema()["properties"]["atypical_tremor"]["items"]["properties"]
    assert {"bouncing_leg_possible", "along_gravity_share"} <= set(props)
    # the summary and the HTML table say it beside the episode, not only in the notes
    assert LEG in " ".join(format_summary(report).split())
    assert LEG in render_html(bounce, figures=False)


def test_a_rest_tremor_across_gravity_is_not_marked(palm_down: tremor.AnalysisResult) -> None:
    report = to_report(palm_down)
    rest = _rest(report)
    assert rest and all(
        e["bouncing_leg_possible"] is False and e["along_gravity_share"] is None for e in rest
    )
    assert LEG not in " ".join(format_summary(report).split())
    assert LEG not in render_html(palm_down, figures=False)


def test_history_of_a_recurring_bounce_does_not_say_movement_cannot_explain_it(
    bounce: tremor.AnalysisResult,
) -> None:
    """Before: "persisted on re-test ...; seen at rest, where movement cannot explain it"."""
    ev = history_causes([_dated(bounce, 0), _dated(bounce, 3)], tz=UTC)[0]["evidence"]
    assert "persisted on re-test" in ev and CANNOT_EXPLAIN not in ev
    assert "bouncing leg or a knee under the hand" in ev and "legs still" in ev


def test_history_of_a_recurring_palm_down_rest_tremor_keeps_the_plain_words(
    palm_down: tremor.AnalysisResult,
) -> None:
    ev = history_causes([_dated(palm_down, 0), _dated(palm_down, 3)], tz=UTC)[0]["evidence"]
    assert "persisted on re-test" in ev and f"seen at rest, {CANNOT_EXPLAIN}" in ev
    assert "bouncing leg" not in ev


def test_history_of_reports_written_before_the_field(palm_down: tremor.AnalysisResult) -> None:
    """Older reports lack the field: still read, and taken as unknown (neither claim made)."""
    old = [_dated(palm_down, 0), _dated(palm_down, 3)]
    for r in old:
        for e in r["atypical_tremor"]:
            del e["bouncing_leg_possible"], e["along_gravity_share"]
    ev = history_causes(old, tz=UTC)[0]["evidence"]
    assert "persisted on re-test" in ev and CANNOT_EXPLAIN not in ev
    assert "do not say whether a bouncing leg" in ev
    summary = " ".join(format_summary(old[0]).split())
    assert "at rest" in summary and LEG not in summary


def test_a_rhythm_set_aside_as_a_leg_is_no_evidence_it_did_not_recur(
    palm_down: tremor.AnalysisResult,
) -> None:
    """Day 0: a rest tremor across gravity. Day 3: heel-bounce bouts at 1.0 m/s^2, most likely the leg, so no episode
    (tests/core/test_leg_rhythm.py). Before: "did not recur on re-test"; the report now lists the rhythm it set aside
    (``set_aside_rhythms``, why ``leg``) and the history says that day cannot show whether it recurred."""
    from tests.core.test_leg_rhythm import bounce_session

    later = bounce_session(2, 100.0, 1.0, knee=False)
    report = to_report(later)
    assert not _rest(report) and {x["why"] for x in report["set_aside_rhythms"]} == {"leg"}
    assert "set_aside_rhythms" in report_schema()["properties"]
    ev = history_causes([_dated(palm_down, 0), _dated(later, 3)], tz=UTC)[0]["evidence"]
    assert "did not recur" not in ev
    assert (
        "not reported as tremor (most likely a bouncing leg), so that day cannot show whether it recurred"
        in ev
    )
    # the near case: a later day with a still rest and nothing found there
    calm = _dated(palm_down, 4)
    calm["atypical_tremor"], calm["set_aside_rhythms"], calm["sets"] = [], [], []
    ev = history_causes([_dated(palm_down, 0), calm], tz=UTC)[0]["evidence"]
    assert "did not recur on re-test (2025-03-07)" in ev


@pytest.mark.parametrize("leg", [True, False])
def test_a_plainly_visible_rest_rhythm_a_leg_could_give_is_not_put_on_equipment(
    bounce: tremor.AnalysisResult, leg: bool
) -> None:
    """A heel bounce of 2.5 m/s^2 at 3.5 Hz moves the sensor about 7 mm either way (plainly visible). Before, the
    summary's episode line said "if the hand was not visibly shaking, it came from equipment ..., not from you",
    where the session's note says a bouncing leg or a knee under the hand gives the same; the near case, a rest
    episode no leg could give, keeps those words."""
    report = json.loads(json.dumps(to_report(bounce)))
    e = _rest(report)[0]
    e.update(rms_mps2=2.5, peak_hz=3.5, displacement_mm=7.2, bouncing_leg_possible=leg)
    flat = " ".join(format_summary(report).split())
    assert ("it came from equipment (a motor, a vibrating handle), not from you" in flat) is not leg
    assert (
        "it came from what moved it: a bouncing leg or a knee under the hand, or equipment" in flat
    ) is leg
