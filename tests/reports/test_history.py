"""``tremor history``: the day-by-day table and the causes that need several sessions, from small report dicts."""

from __future__ import annotations

import csv
import io
import json
import os
import time
from datetime import UTC, date, datetime

import pytest

from tremor.cli.main import main
from tremor.core.causes import CAUSES
from tremor.errors import InputError
from tremor.report.history import (
    RECOVERY_GRACE_S,
    build_history,
    day_rows,
    format_history,
    history_causes,
    history_csv,
    load_sessions,
    session_from_report,
)
from tremor.report.json_report import to_report

DAY0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)  # a Monday, 09:00 UTC


def ts(day: int, hour: float = 9.0) -> float:
    return DAY0.timestamp() + day * 86400 + (hour - 9.0) * 3600


def make_report(
    start: float | None,
    *,
    duration: float = 600.0,
    sets: list[tuple[float, float, float | None]] = (),
    twitches: list[float] = (),
    rest_rms: float | None = 0.02,
    oob: list[tuple] = (),
    walking: list[tuple[float, float]] = (),
    gaps: list[tuple[float, float]] = (),
    twitch_assessable: bool = True,
    path: str = "s.csv",
) -> dict:
    """A minimal tremor.report/1 dict. ``sets``: (start, end, fatigue ratio); ``oob``: (start, peak Hz, set index),
    and optionally its ``bouncing_leg_possible`` (left out: a report written before that field) and, where true, its
    ``along_gravity_share`` (0.9 unless given; None: gravity removed, the direction unknown)."""
    out_sets = []
    for i, (a, b, ratio) in enumerate(sets, start=1):
        label = "fatigue_tremor" if (ratio or 0) >= 2 else "calm"
        if any(s == i for _, _, s in oob):
            label = "atypical_tremor"
        out_sets.append(
            {
                "index": i,
                "start_s": a,
                "end_s": b,
                "recovery_end_s": sets[i][0] if i < len(sets) else duration,
                "kind": "reps",
                "source": "auto",
                "label": label,
                "tremor": {
                    "peak_hz": 9.5,
                    "end_to_start_ratio": ratio,
                    "assessable": True,
                    "out_of_band": (
                        {"band": "3-7 Hz", "peak_hz": 5.0, "power_vs_physiological": 8.0, "prominence": 30.0}
                        if label == "atypical_tremor"
                        else None
                    ),
                },
                "fasciculations": {"count": 0, "assessable": twitch_assessable},
                "causes": [],
            }
        )
    return {
        "schema": "tremor.report/1",
        "source": {
            "path": path,
            "format": "generic_csv",
            "units": "m/s^2",
            "device": None,
            "start_unix_s": start,
            "details": {},
        },
        "sampling": {
            "rate_hz": 100.0,
            "duration_s": duration,
            "gaps": [{"start_s": a, "end_s": b, "duration_s": b - a} for a, b in gaps],
            "assessable": {
                "physiological_band": True,
                "out_of_band_tremor": True,
                "fasciculations": twitch_assessable,
            },
        },
        "rest": {"rms_mps2": rest_rms},
        "sets": out_sets,
        "fasciculations": [
            {"t_s": t, "peak_mps2": 0.2, "duration_ms": 80.0, "set_index": None} for t in twitches
        ],
        "atypical_tremor": [
            {"start_s": a, "end_s": a + 20, "peak_hz": hz, "band": "3-7 Hz", "rms_mps2": 0.1, "set_index": s}
            | (
                # a hedged episode: along gravity (its share) unless the share is given as None (gravity removed)
                {
                    "bouncing_leg_possible": leg[0],
                    "along_gravity_share": (leg[1] if len(leg) > 1 else 0.9) if leg[0] else None,
                }
                if leg
                else {}
            )
            for a, hz, s, *leg in oob
        ],
        "walking": [{"start_s": a, "end_s": b} for a, b in walking],
        "session_causes": [],
        "notes": [],
    }


def rest_twitching(day: int, n: int = 6) -> dict:
    """A rest-only recording (10 min) with ``n`` twitches spread through it."""
    return make_report(ts(day), twitches=[30.0 + 90.0 * k for k in range(n)])


def ids(causes: list[dict]) -> list[str]:
    return [c["id"] for c in causes]


# -- the table -----------------------------------------------------------------------------------


def test_days_pool_their_sessions():
    a = make_report(
        ts(0),
        duration=600,
        sets=[(60, 120, 1.0), (300, 360, 5.0)],
        twitches=[10, 100, 200, 400],
        rest_rms=0.02,
    )
    b = make_report(ts(0, 18), duration=300, sets=[(60, 90, 3.0)], rest_rms=0.04, oob=[(200, 5.2, None)])
    c = make_report(ts(1), duration=600, rest_rms=0.03)
    sessions = [session_from_report(r, tz=UTC) for r in (a, b, c)]
    rows = day_rows(sessions)
    assert [r.date for r in rows] == [date(2025, 3, 3), date(2025, 3, 4)]
    d0 = rows[0]
    assert (d0.sessions, d0.sets) == (2, 3)
    assert d0.rest_rms_mps2 == pytest.approx(0.03)  # median of 0.02 and 0.04
    assert d0.fatigue_mean == pytest.approx(3.0) and d0.fatigue_max == pytest.approx(5.0)
    # twitch at 100 s is inside set 1; the other three are at rest
    assert d0.rest_twitches == 3
    rest_min = (600 - 120) / 60 + (300 - 30) / 60
    assert d0.rest_minutes == pytest.approx(rest_min)
    assert d0.rest_twitch_rate_per_min == pytest.approx(3 / rest_min)
    assert (d0.oob_episodes, d0.oob_at_rest) == (1, 1)
    assert rows[1].fatigue_mean is None and rows[1].sets == 0


def test_rest_excludes_walking_and_gaps_and_quiet_rest_excludes_recoveries():
    r = make_report(
        ts(0),
        duration=900,
        sets=[(100, 160, 1.0)],
        walking=[(400, 460)],
        gaps=[(700, 730)],
        twitches=[170, 200, 500, 800],
    )
    s = session_from_report(r, tz=UTC)
    assert s.rest_minutes == pytest.approx((900 - 60 - 60 - 30) / 60)
    assert s.rest_twitches == 4
    assert s.quiet_minutes == pytest.approx((900 - 60 - RECOVERY_GRACE_S - 60 - 30) / 60)
    assert s.quiet_twitches == 2  # 170 and 200 s fall in the two minutes after the set


def test_csv_and_terminal_table():
    h = build_history(
        [
            session_from_report(make_report(ts(0), sets=[(60, 120, 2.5)], twitches=[300, 400]), tz=UTC),
            session_from_report(make_report(ts(2), rest_rms=None), tz=UTC),
        ]
    )
    rows = list(csv.DictReader(io.StringIO(history_csv(h))))
    assert [r["date"] for r in rows] == ["2025-03-03", "2025-03-05"]
    assert rows[0]["fatigue_ratio_max"] == "2.5" and rows[0]["rest_twitches"] == "2"
    assert rows[1]["rest_rms_mps2"] == "" and rows[1]["fatigue_ratio_mean"] == ""
    text = format_history(h)
    assert "2 session(s) over 2 day(s)" in text and "2025-03-05" in text


# -- causes that need several sessions -----------------------------------------------------------


def test_causes_have_the_report_shape_and_reuse_grades_and_advice():
    causes = history_causes([rest_twitching(d) for d in range(3)], tz=UTC)
    assert causes
    for c in causes:
        assert set(c) == {"id", "likelihood", "evidence_grade", "evidence", "advice"}
        assert (c["evidence_grade"], c["advice"]) == CAUSES[c["id"]]
        assert 0.0 < c["likelihood"] <= 1.0


def test_persistent_rest_twitching_over_three_days_is_overtraining():
    causes = history_causes([rest_twitching(d) for d in (0, 1, 2)], tz=UTC)
    assert ids(causes) == ["overtraining_cns"]
    assert "3 recorded days in a row" in causes[0]["evidence"]
    assert "2025-03-03 to 2025-03-05" in causes[0]["evidence"]


def test_two_days_or_a_broken_run_is_not_persistent():
    h = build_history([session_from_report(rest_twitching(d), tz=UTC) for d in (0, 1)])
    assert "overtraining_cns" not in ids(h.causes)
    assert any("needs it on 3 recorded days" in n for n in h.notes)
    calm_between = [rest_twitching(0), rest_twitching(1), rest_twitching(2, n=0), rest_twitching(3)]
    assert "overtraining_cns" not in ids(history_causes(calm_between, tz=UTC))
    far_apart = [rest_twitching(0), rest_twitching(5), rest_twitching(10)]
    assert "overtraining_cns" not in ids(history_causes(far_apart, tz=UTC))


def test_twitching_only_right_after_sets_is_not_rest_twitching():
    reports = [
        make_report(
            ts(d),
            duration=600,
            sets=[(60, 120, 1.0), (300, 360, 1.0)],
            twitches=[130, 150, 170, 370, 390, 410],
        )
        for d in range(4)
    ]
    assert history_causes(reports, tz=UTC) == []


def test_twitching_days_after_a_hard_session_is_muscle_damage():
    hard = make_report(ts(0), sets=[(60, 120, 6.0), (200, 260, 4.0)])
    later = rest_twitching(2)
    causes = history_causes([hard, later], tz=UTC)
    assert ids(causes) == ["muscle_damage_doms"]
    ev = causes[0]["evidence"]
    assert "2 day(s) after a hard session on 2025-03-03" in ev and "fatigue ratio up to 6.0x" in ev
    assert "no twitching at rest on 2025-03-03 itself" in ev
    # too late, or after an easy session: not this cause
    assert history_causes([hard, rest_twitching(7)], tz=UTC) == []
    easy = make_report(ts(0), sets=[(60, 120, 1.2)])
    assert history_causes([easy, rest_twitching(2)], tz=UTC) == []


def _rest_limit(report: dict, limit: float | None) -> dict:
    report["rest"]["twitch_detection_limit_mps2"] = limit
    return report


@pytest.mark.parametrize("limit", [None, 0.35])
def test_a_hard_day_whose_rest_could_not_show_twitches_is_not_said_to_have_none(limit: float | None):
    """Before: "no twitching at rest on <hard day> itself" where the rest's twitch detection limit was not measured
    (the wrist never still at rest) or raised past 0.3 m/s^2 by shaking, as the summary's '-' marks."""
    hard = _rest_limit(make_report(ts(0), sets=[(60, 120, 6.0), (200, 260, 4.0)]), limit)
    ev = history_causes([hard, rest_twitching(2)], tz=UTC)[0]["evidence"]
    assert "2 day(s) after a hard session on 2025-03-03" in ev
    assert "no twitching at rest on 2025-03-03" not in ev
    assert day_rows([session_from_report(hard, tz=UTC)])[0].rest_twitch_rate_per_min is None
    # the near case: a limit measured under 0.3 m/s^2 shows the absence
    seen = _rest_limit(make_report(ts(0), sets=[(60, 120, 6.0), (200, 260, 4.0)]), 0.25)
    assert (
        "no twitching at rest on 2025-03-03 itself"
        in history_causes([seen, rest_twitching(2)], tz=UTC)[0]["evidence"]
    )


def test_a_day_that_could_not_show_twitching_is_not_counted_in_a_row():
    """Before: "twitching at rest on 3 recorded days in a row" over four recorded days, one that could not show it."""
    days = [
        rest_twitching(0),
        _rest_limit(rest_twitching(1, n=0), None),
        rest_twitching(2),
        rest_twitching(3),
    ]
    ev = history_causes(days, tz=UTC)[0]["evidence"]
    assert "in a row" not in ev and "on 3 of the recorded days from 2025-03-03 to 2025-03-06" in ev
    assert "2025-03-04 could not show twitching at rest" in ev and "and is not counted" in ev
    # two such days between twitching days: both named, in the plural (before: "... and is not counted")
    days = [days[0], days[1], days[2], _rest_limit(rest_twitching(3, n=0), 0.5), rest_twitching(4)]
    ev = history_causes(days, tz=UTC)[0]["evidence"]
    assert "2025-03-04, 2025-03-06 could not show twitching at rest" in ev and "and are not counted" in ev


def test_a_ratio_that_measures_an_out_of_band_harmonic_is_no_hard_session():
    """A rest tremor re-emerging at 5 Hz in a hold: its 10 Hz harmonic fills 6-12 Hz and rises (the session's trends
    leave such a set out, tremor.core.causes.harmonic_in_band). Before: a "hard session" with "fatigue ratio up to
    6.0x"; the near case, an episode at 3.5 Hz (harmonics at 7 and 10.5 Hz) vs one at 13.5 Hz (none in the band)."""
    for hz, hard in ((5.0, False), (3.5, False), (13.5, True)):
        first = make_report(ts(0), sets=[(60, 120, 6.0)], oob=[(70, hz, 1)])
        first["atypical_tremor"][0]["band"] = "13-18 Hz" if hz > 12 else "3-7 Hz"
        s = session_from_report(first, tz=UTC)
        assert (s.fatigue_ratios == (6.0,)) is hard, hz
        assert ("muscle_damage_doms" in ids(history_causes([first, rest_twitching(2)], tz=UTC))) is hard, hz


def test_out_of_band_tremor_retest_persisted():
    first = make_report(ts(0), oob=[(100, 5.2, None)])
    again = make_report(ts(3), oob=[(50, 5.0, None)])
    causes = history_causes([first, again], tz=UTC)
    assert ids(causes) == ["see_a_clinician"]
    assert "persisted on re-test" in causes[0]["evidence"]
    assert "5.2 Hz" in causes[0]["evidence"] and "2025-03-06" in causes[0]["evidence"]
    assert causes[0]["likelihood"] >= 0.75


def test_out_of_band_tremor_retest_did_not_recur():
    first = make_report(ts(0), sets=[(60, 120, 1.0)], oob=[(70, 5.2, 1)])
    clean = make_report(ts(2))
    causes = history_causes([first, clean], tz=UTC)
    assert ids(causes) == ["see_a_clinician"]
    assert "did not recur on re-test (2025-03-05)" in causes[0]["evidence"]
    assert causes[0]["likelihood"] < 0.5


# h-restrhy: before, "where movement cannot explain it" (untrue of a panting dog under the hand, a deliberate shaking)
CANNOT_EXPLAIN = "the wrist otherwise still"


def test_a_plain_rest_tremor_that_persisted_is_beyond_movement():
    """Rest episodes the analysis did not hedge (across gravity, the wrist still): the plain evidence."""
    causes = history_causes(
        [make_report(ts(0), oob=[(100, 5.2, None, False)]), make_report(ts(3), oob=[(50, 5.0, None, False)])],
        tz=UTC,
    )
    ev = causes[0]["evidence"]
    assert "persisted on re-test" in ev and f"seen at rest, {CANNOT_EXPLAIN}" in ev
    assert "out-of-band rhythm at 5.2 Hz (3-7 Hz, at rest) on" in ev and "bouncing leg" not in ev


@pytest.mark.parametrize(("first_leg", "again_leg"), [(True, True), (False, True), (True, False)])
def test_a_rest_rhythm_a_leg_could_give_is_not_said_to_be_beyond_movement(first_leg: bool, again_leg: bool):
    """Before: "seen at rest, where movement cannot explain it" although the session said a bouncing leg, or a knee
    under the hand, gives the same rhythm along gravity. Now: the leg, and a re-test with the legs still."""
    causes = history_causes(
        [
            make_report(ts(0), oob=[(100, 5.2, None, first_leg)]),
            make_report(ts(3), oob=[(50, 5.0, None, again_leg)]),
        ],
        tz=UTC,
    )
    ev = causes[0]["evidence"]
    assert ids(causes) == ["see_a_clinician"] and "persisted on re-test" in ev
    assert CANNOT_EXPLAIN not in ev
    assert "bouncing leg or a knee under the hand" in ev and "legs still" in ev
    hedged = ", ".join(d for d, leg in (("2025-03-03", first_leg), ("2025-03-06", again_leg)) if leg)
    assert f"at rest on {hedged} it moved the wrist along gravity" in ev
    # a rhythm at rest, never called a tremor (h-restrhy: a panting dog under the hand gives the same; before, the
    # plain first day read "out-of-band tremor"); the first day's leg hedge where that day's report gave it
    assert "out-of-band rhythm at 5.2 Hz (3-7 Hz, at rest" in ev
    assert (
        "at rest, a bouncing leg or a knee under the hand not ruled out) on 2025-03-03" in ev
    ) is first_leg


def test_an_older_report_without_the_field_is_not_said_to_be_beyond_movement():
    """A report written before ``bouncing_leg_possible``: unknown, so neither the plain claim nor a leg."""
    causes = history_causes(
        [make_report(ts(0), oob=[(100, 5.2, None)]), make_report(ts(3), oob=[(50, 5.0, None, False)])], tz=UTC
    )
    ev = causes[0]["evidence"]
    assert "persisted on re-test" in ev and CANNOT_EXPLAIN not in ev
    assert "the report(s) of 2025-03-03 do not say whether a bouncing leg" in ev


def test_a_hedged_rhythm_not_yet_retested_is_called_a_rhythm():
    causes = history_causes([make_report(ts(0), oob=[(100, 5.2, None, True)])], tz=UTC)
    ev = causes[0]["evidence"]
    assert (
        "out-of-band rhythm at 5.2 Hz (3-7 Hz, at rest, a bouncing leg or a knee under the hand not ruled out)"
        in ev
    )
    assert "out-of-band tremor" not in ev


def test_a_leg_flag_on_a_set_episode_keeps_the_rhythm_word():
    """``leg or`` in ``retest``'s "rhythm" is not redundant: tremor's reports leave ``bouncing_leg_possible`` null in a
    set (json_report._leg_fields), but the history reads any ``tremor.report/1`` file, and one whose set episode
    says a leg could give it is read so (history_read._leg) and called a rhythm with the leg named, not a tremor."""
    report = make_report(ts(0), sets=[(60, 120, 1.0)], oob=[(70, 5.2, 1)])
    report["atypical_tremor"][0]["bouncing_leg_possible"] = True
    ev = history_causes([report], tz=UTC)[0]["evidence"]
    assert "out-of-band rhythm at 5.2 Hz (3-7 Hz, in set 1, a bouncing leg or a knee under the hand" in ev
    assert "out-of-band tremor" not in ev


@pytest.mark.parametrize(
    "later",
    [
        make_report(
            ts(2), duration=150, sets=[(10, 140, 1.0)]
        ),  # 20 s of rest: too little to show a rest rhythm
        make_report(ts(2), rest_rms=None),  # no still rest: the wrist kept moving
        make_report(
            ts(2), sets=[(20, 120, 1.0)], gaps=[(130, 590)]
        ),  # 40 s of rest: the rest lost to a dropout
    ],
)
def test_a_later_session_without_still_rest_is_no_retest(later: dict):
    """Before: "did not recur on re-test" from a session that could not have shown a rhythm at rest."""
    h = build_history(
        [session_from_report(r, tz=UTC) for r in (make_report(ts(0), oob=[(100, 5.2, None)]), later)]
    )
    ev = h.causes[0]["evidence"]
    assert "did not recur" not in ev and "not yet re-tested on another day" in ev
    assert any("could not show it again" in n and "2025-03-05" in n for n in h.notes)
    assert not any(
        "no set whose tremor was assessed" in n for n in h.notes
    )  # a rest rhythm: sets do not re-test it


def test_a_set_rhythm_not_retested_says_no_set_was_assessed():
    """A rhythm first seen in a set is re-tested by an assessed set too: the note says neither was there (before, it
    named only the missing still rest)."""
    first = make_report(ts(0), sets=[(60, 120, 1.0)], oob=[(70, 5.2, 1)])
    later = make_report(ts(2), rest_rms=None, sets=[(10, 500, None)])
    later["sets"][0]["tremor"]["assessable"] = False
    h = build_history([session_from_report(r, tz=UTC) for r in (first, later)])
    assert "did not recur" not in h.causes[0]["evidence"]
    assert any("under 1 min of still rest and no set whose tremor was assessed" in n for n in h.notes)
    later["sets"][0]["tremor"]["assessable"] = True  # the near case: an assessed set re-tests it
    assert "did not recur on re-test (2025-03-05)" in history_causes([first, later], tz=UTC)[0]["evidence"]


def test_a_later_session_with_a_minute_of_still_rest_is_a_retest():
    """The near case: 70 s of still rest beside a set re-tests it (and 13-18 Hz needs a rate that shows it)."""
    first = make_report(ts(0), oob=[(100, 5.2, None)])
    later = make_report(ts(2), duration=200, sets=[(10, 140, 1.0)])
    assert "did not recur on re-test (2025-03-05)" in history_causes([first, later], tz=UTC)[0]["evidence"]
    high = make_report(ts(0), oob=[(100, 15.0, None)])
    slow = make_report(ts(2))
    slow["sampling"]["assessable"]["out_of_band_tremor"] = False
    assert "did not recur" not in history_causes([high, slow], tz=UTC)[0]["evidence"]
    assert "did not recur" in history_causes([high, make_report(ts(2))], tz=UTC)[0]["evidence"]


def test_a_rhythm_in_another_band_is_not_the_same_one_persisting():
    """Before: 5.2 Hz at rest, then 15 Hz on a later day read "persisted on re-test: again on ... (15.0 Hz ...)"."""
    first = make_report(ts(0), oob=[(100, 5.2, None, False)])
    other = make_report(ts(3), oob=[(50, 15.0, None, False)])
    other["atypical_tremor"][0]["band"] = "13-18 Hz"
    ev = history_causes([first, other], tz=UTC)[0]["evidence"]
    assert "persisted" not in ev and "did not recur on re-test (2025-03-06)" in ev
    assert "an out-of-band rhythm in another band on 2025-03-06 (15.0 Hz, 13-18 Hz, at rest)" in ev
    # the near case: the same band on the later day is the rhythm again
    same = make_report(ts(3), oob=[(50, 6.0, None, False)])
    assert (
        "persisted on re-test: again on 2025-03-06 (6.0 Hz"
        in history_causes([first, same], tz=UTC)[0]["evidence"]
    )


@pytest.mark.parametrize(("band", "unsure"), [("3-7 Hz", True), ("13-18 Hz", False)])
def test_a_rhythm_set_aside_in_its_band_leaves_the_retest_open(band: str, unsure: bool):
    """A later day's rhythm in the same band, set aside as the wrist kept moving: not "did not recur" (before, it
    was); one in another band leaves the still rest's "did not recur" standing."""
    first = make_report(ts(0), oob=[(100, 5.2, None, False)])
    later = make_report(ts(2))
    hz = 5.0 if band == "3-7 Hz" else 15.0
    later["set_aside_rhythms"] = [
        {"start_s": 300, "end_s": 340, "peak_hz": hz, "band": band, "set_index": None, "why": "moving"}
    ]
    ev = history_causes([first, later], tz=UTC)[0]["evidence"]
    assert ("did not recur" in ev) is not unsure
    assert (
        "on 2025-03-05 a 5.0 Hz rhythm was found but not reported as tremor (the wrist kept moving)" in ev
    ) is unsure


def test_every_later_day_with_a_rhythm_set_aside_in_its_band_leaves_the_retest_open():
    """Before: the set-aside rhythms were capped at four before the clean days were taken, so a day with four heel
    bounces set aside hid the next day's one, and that next day read "did not recur on re-test (2025-03-06)". Now
    each day is judged on all its set-aside rhythms, and one day's are named in one phrase."""
    first = make_report(ts(0), oob=[(100, 5.2, None, False)])

    def aside(day: int, hzs: list[float]) -> dict:
        r = make_report(ts(day))
        r["set_aside_rhythms"] = [
            {
                "start_s": 30.0 * k,
                "end_s": 30.0 * k + 20,
                "peak_hz": hz,
                "band": "3-7 Hz",
                "set_index": None,
                "why": "leg",
            }
            for k, hz in enumerate(hzs)
        ]
        return r

    ev = history_causes([first, aside(2, [5.0, 5.2, 4.8, 5.5]), aside(3, [5.1])], tz=UTC)[0]["evidence"]
    assert "did not recur" not in ev
    assert "on 2025-03-05 rhythms at 4.8, 5.0, 5.2 and 5.5 Hz were found but not reported as tremor" in ev
    assert (
        "on 2025-03-06 a 5.1 Hz rhythm was found but not reported as tremor (most likely a bouncing leg)"
        in ev
    )
    # the near case: a later day of still rest with nothing set aside is a re-test
    ev = history_causes([first, aside(2, [5.0, 5.2, 4.8, 5.5]), make_report(ts(3))], tz=UTC)[0]["evidence"]
    assert "did not recur on re-test (2025-03-06)" in ev


@pytest.mark.parametrize("share", [0.93, None])
def test_a_rest_rhythm_of_unknown_direction_is_not_said_to_move_along_gravity(share: float | None):
    """Before: "at rest on <day> it moved the wrist along gravity (or its direction was unknown ...)" for a day whose
    data had gravity removed (along_gravity_share null), where the direction was not known at all."""
    first = make_report(ts(0), oob=[(100, 5.2, None, True, share)])
    ev = history_causes([first, make_report(ts(3), oob=[(50, 5.0, None, False)])], tz=UTC)[0]["evidence"]
    assert "persisted on re-test" in ev and CANNOT_EXPLAIN not in ev
    assert ("on 2025-03-03 it moved the wrist along gravity" in ev) is (share is not None)
    assert ("on 2025-03-03 its direction was unknown (gravity removed from the data)" in ev) is (
        share is None
    )
    assert "legs still" in ev


def test_a_same_day_session_is_not_a_retest():
    first = make_report(ts(0, 9), oob=[(100, 5.2, None)])
    same_day = make_report(ts(0, 17))
    h = build_history([session_from_report(r, tz=UTC) for r in (first, same_day)])
    assert ids(h.causes) == ["see_a_clinician"]
    assert "not yet re-tested on another day" in h.causes[0]["evidence"]
    assert any("no re-test on a later day yet" in n for n in h.notes)


def test_one_session_says_what_cannot_be_judged():
    h = build_history([session_from_report(rest_twitching(0), tz=UTC)])
    assert h.causes == []
    assert any("cover one day" in n and "several days" in n for n in h.notes)


def test_report_without_a_date_needs_one():
    with pytest.raises(InputError, match="no source.start_unix_s"):
        history_causes([make_report(None)])


def test_a_real_report_round_trips(sim_result):
    report = json.loads(json.dumps(to_report(sim_result)))
    report["source"]["start_unix_s"] = ts(0)
    s = session_from_report(report, tz=UTC)
    assert s.n_sets == len(sim_result.sets)
    assert s.oob and s.oob[0][2] == "in set 1"  # the simulated set 1 is atypical_tremor
    assert s.rest_twitches == len(sim_result.twitches) - sum(
        s_.metrics.twitches_in_set for s_ in sim_result.sets
    )


# -- the folder and the command ------------------------------------------------------------------


@pytest.fixture
def utc_local(monkeypatch):
    """Make the local time zone UTC so the command's dates are the same on every machine."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def write_json(path, obj) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(obj), encoding="utf-8")


def test_folder_is_read_recursively_and_bad_files_are_named(tmp_path):
    write_json(tmp_path / "a.json", rest_twitching(0))
    write_json(tmp_path / "week2" / "b.json", rest_twitching(1))
    (tmp_path / "broken.json").write_text("{ not json", encoding="utf-8")
    write_json(tmp_path / "summary.json", {"files": 3})
    (tmp_path / "notes.txt").write_text("ignored", encoding="utf-8")
    sessions, notes = load_sessions(tmp_path, tz=UTC)
    assert [s.path for s in sessions] == ["a.json", os.path.join("week2", "b.json")]
    assert any(n.startswith("broken.json: skipped, not valid JSON") for n in notes)
    assert any("summary.json: not a tremor report" in n for n in notes)


def test_undated_report_falls_back_to_file_time_with_a_note(tmp_path):
    p = tmp_path / "old.json"
    write_json(p, make_report(None))
    when = ts(4, 12)
    os.utime(p, (when, when))
    sessions, notes = load_sessions(tmp_path, tz=UTC)
    assert sessions[0].dated_by == "mtime" and sessions[0].date == date(2025, 3, 7)
    assert any("dated by their file's modification time" in n and "old.json" in n for n in notes)


def test_empty_folder_is_an_error(tmp_path, capsys):
    with pytest.raises(InputError, match="no JSON reports found"):
        load_sessions(tmp_path)
    assert main(["history", str(tmp_path)]) == 2
    assert "no JSON reports found" in capsys.readouterr().err
    assert main(["history", str(tmp_path / "missing")]) == 2
    (tmp_path / "x.json").write_text("[]", encoding="utf-8")
    assert main(["history", str(tmp_path)]) == 2
    assert "none of the 1 JSON file(s) is a usable tremor report" in capsys.readouterr().err


def test_cli_history_table_csv_png_html(tmp_path, capsys, utc_local):
    pytest.importorskip("matplotlib", reason="the history plot needs matplotlib")
    reports = tmp_path / "reports"
    for d in (0, 1, 2):
        write_json(reports / f"day{d}.json", rest_twitching(d))
    write_json(reports / "hard.json", make_report(ts(0, 18), duration=180, sets=[(60, 120, 6.0)]))
    (reports / "bad.json").write_text("{", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    code = main(
        [
            "history",
            str(reports),
            "--csv",
            str(out / "days.csv"),
            "--png",
            str(out / "trend.png"),
            "--html",
            str(out / "history.html"),
        ]
    )
    assert code == 0
    text = capsys.readouterr().out
    assert "4 session(s) over 3 day(s)" in text
    assert "overtraining_cns" in text and "muscle_damage_doms" in text
    assert "bad.json: skipped, not valid JSON" in text
    assert (out / "days.csv").read_text().splitlines()[0].startswith("date,sessions,sets,rest_rms_mps2")
    assert (out / "trend.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    page = (out / "history.html").read_text(encoding="utf-8")
    assert 'data-days="3"' in page and 'data-cause="overtraining_cns"' in page
    assert "http://" not in page and "https://" not in page


def test_cli_history_output_into_missing_folder_exits_2_before_work(tmp_path, capsys):
    write_json(tmp_path / "a.json", rest_twitching(0))
    assert main(["history", str(tmp_path), "--csv", str(tmp_path / "no" / "x.csv")]) == 2
    assert "--csv: the folder" in capsys.readouterr().err
