"""The rested re-test of an out-of-band rhythm across sessions: ``see_a_clinician`` in :mod:`tremor.report.history`.

A rhythm seen in one session is judged against the later days' sessions that could show it again: its band
assessable at their rate, and :data:`RETEST_REST_MIN` minutes of still rest (or, for a rhythm first seen in a set, an
assessed set). "Persisted" needs it again in a band the first session showed; a later session whose rhythm in that
band was found but set aside (``set_aside_rhythms``: beside external vibration, the wrist moving, most likely a
bouncing leg, under a set's movement) cannot say it did not recur. A rest episode a bouncing leg could give
(``bouncing_leg_possible``) is never said to be beyond movement's explanation, and a report without that field is
taken as not saying.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from tremor.core.causes import CAUSES
from tremor.report.history_read import Session

__all__ = ["RETEST_REST_MIN", "cause_entry", "hold_retest_note", "retest"]

#: A later session re-tests an out-of-band rhythm only with this many minutes of still rest (an episode needs 5 s;
#: a rested re-test is minutes long), or, for a rhythm first seen in a set, an assessed set.
RETEST_REST_MIN = 1.0
#: Why a rhythm was set aside, in the history's words.
_ASIDE_WORDS = {
    "external_vibration": "beside external vibration, which it cannot be told from",
    "moving": "the wrist kept moving",
    "leg": "most likely a bouncing leg",
    "two_beat": "most likely two limbs beating in turn (legs kicking or pedalling)",
    "lead": "along a watch's x axis (the forearm) in a stop of a walk, most likely a taut lead's pull (a dog panting)",
    "brief": "a bout of seconds at rest, not told from a deliberate movement",
    "motor": "a line gliding in rate with its size following it, as a vibration motor's does",
    "set_movement": "under a set's vigorous movement",
    "set_line": "the set's own tremor line, drifted below the band or on its edge",
    "strokes": "a large rhythm whose rate wandered as a hand's strokes or a folded motor's does",
    "large_rhythm": "a rhythm the size of a deliberate movement, in or across a set",
    "broken": "a rhythm broken off every second or two, or pushed one way again and again, as writing by hand is",
    "struck": "a rhythm at rest struck by impacts or jerks, as chopping or hammering is",
    "ringing": "a rhythm at rest in short rings dying away with stillness between, as a hand rings after a twitch",
    "switched": "a rhythm at rest meeting a movement-sized rhythm at another rate, as picking between strums does",
    "tool_rundown": "in a set whose line fell as a power tool's motor does under load",
    "fast_line": "under a line above 13 Hz larger than a body's (a machine in the hand)",
}


def cause_entry(cid: str, likelihood: float, evidence: list[str]) -> dict[str, Any]:
    """A multi-session cause in a report's shape.

    Parameters
    ----------
    cid : str
        The cause's id (a key of :data:`tremor.core.causes.CAUSES`, whose grade and advice it takes).
    likelihood : float
        0-1 (clipped, rounded to 2 digits).
    evidence : list of str
        The evidence, joined with "; ".

    Returns
    -------
    dict
        id, likelihood, evidence_grade, evidence, advice.
    """
    grade, advice = CAUSES[cid]
    return {
        "id": cid,
        "likelihood": round(min(max(likelihood, 0.0), 1.0), 2),
        "evidence_grade": grade,
        "evidence": "; ".join(evidence),
        "advice": advice,
    }


def _day(d: date) -> str:
    return d.isoformat()


def _can_retest(first_where: str, hz: float, later: Session) -> bool:
    """Whether ``later`` could show the out-of-band rhythm ``first`` had again: its band assessable, and still rest to
    show it in (a rhythm first seen in a set: that, or an assessed set)."""
    if not later.oob_assessable or (hz > 12.0 and not later.high_band_assessable):
        return False
    rested = later.still_rest_minutes >= RETEST_REST_MIN
    return rested or (first_where != "at rest" and later.assessed_sets > 0)


def _hedged_rest(s: Session) -> tuple[bool, bool]:
    """Whether a session's rest episodes a bouncing leg could give moved the wrist along gravity, and whether any was of
    unknown direction (gravity removed from the data: ``along_gravity_share`` null)."""
    eps = [
        e
        for e in s.report.get("atypical_tremor", [])
        if e.get("set_index") is None and e.get("bouncing_leg_possible") is True
    ]
    return (
        any(e.get("along_gravity_share") is not None for e in eps),
        any(e.get("along_gravity_share") is None for e in eps),
    )


def _at_rest_words(claim: Sequence[Session]) -> str:
    """What the rest episodes of a recurring rhythm show: a still wrist's, or one a bouncing leg could give."""
    rest = [(s, leg) for s in claim for _, _, w, leg in s.oob if w == "at rest"]
    hedged = [s for s, leg in rest if leg is True]
    unknown = sorted({_day(s.date) for s, leg in rest if leg is None})
    if hedged:
        # along gravity, or of unknown direction with gravity removed: each day in its own words
        along = sorted({_day(s.date) for s in hedged if _hedged_rest(s)[0]})
        blind = sorted({_day(s.date) for s in hedged if _hedged_rest(s)[1]})
        parts = []
        if along:
            parts.append(
                f"on {', '.join(along)} it moved the wrist along gravity, as a bouncing leg or a knee under the hand "
                "would"
            )
        if blind or not along:  # a session made without its report: the direction is not known here
            blind = blind or sorted({_day(s.date) for s in hedged})
            parts.append(
                f"on {', '.join(blind)} its direction was unknown (gravity removed from the data), so a bouncing leg "
                "or a knee under the hand is not ruled out"
            )
        return (
            f"at rest {', and '.join(parts)}: one wrist sensor cannot tell that from a rest tremor, so re-test rested "
            "with the legs still and the forearm supported on a table"
        )
    if unknown:
        return (
            f"seen at rest; the report(s) of {', '.join(unknown)} do not say whether a bouncing leg or a knee under "
            "the hand could give it (written before reports carried it): re-test rested with the legs still and "
            "the forearm supported on a table"
        )
    return (
        "seen at rest, the wrist otherwise still (a rhythm the hand rested on or made, such as a panting dog under "
        "it or a deliberate shaking, is not ruled out)"
    )


def _aside_words(day: str, found: Sequence[tuple[float, str, str]]) -> str:
    """A later day's rhythms in the first one's band that were found but set aside, in one phrase."""
    hz = sorted(a[0] for a in found)
    whys = "; ".join(dict.fromkeys(_ASIDE_WORDS.get(a[2], a[2]) for a in found))
    what = (
        f"a {hz[0]:.1f} Hz rhythm was"
        if len(hz) == 1
        else f"rhythms at {', '.join(f'{x:.1f}' for x in hz[:-1])} and {hz[-1]:.1f} Hz were"
    )
    return f"on {day} {what} found but not reported as tremor ({whys}), so that day cannot show whether it recurred"


def retest(sessions: list[Session], notes: list[str]) -> list[dict[str, Any]]:
    """``see_a_clinician`` from the first session with an out-of-band rhythm and the later days' sessions.

    Parameters
    ----------
    sessions : list of Session
        The sessions, in date order.
    notes : list of str
        The history's notes: where no later session could show the rhythm, a note saying so is added.

    Returns
    -------
    list of dict
        The cause (:func:`cause_entry`), or none where no session had such a rhythm.
    """
    first = next((s for s in sessions if s.oob), None)
    if first is None:
        return []
    hz, band, where, leg = first.oob[0]
    # at rest one wrist sensor cannot tell a rest tremor from a rhythm the hand rests on or makes (a panting dog, a
    # deliberate shaking): the session said "a sustained rhythm" (tremor.core.causes.REST_RHYTHM_ALIKE). ``leg`` is
    # true only at rest in tremor's own reports, but a report read from a file may flag a set's episode so: a rhythm
    what = "rhythm" if leg or where == "at rest" else "tremor"
    maybe_leg = ", a bouncing leg or a knee under the hand not ruled out" if leg else ""
    seen = f"out-of-band {what} at {hz:.1f} Hz ({band}, {where}{maybe_leg}) on {_day(first.date)}"
    after = [s for s in sessions if s.date > first.date]
    # the same rhythm again is one in a band the first session showed; one in another band is another rhythm
    bands = {b for _, b, _, _ in first.oob}
    recurred = [s for s in after if any(b in bands for _, b, _, _ in s.oob)]
    other = [s for s in after if s.oob and s not in recurred]
    later = [s for s in after if s in recurred or _can_retest(where, hz, s)]
    elsewhere = [
        f"an out-of-band rhythm in another band on {_day(s.date)} ({s.oob[0][0]:.1f} Hz, {s.oob[0][1]}, "
        f"{s.oob[0][2]})"
        for s in other[:4]
    ]
    # a rhythm in its band found there but set aside (vibration, movement, a leg): that day cannot say it did not recur
    unsure: dict[str, list[tuple[float, str, str]]] = {}
    for s in after:
        if s not in recurred:
            for a in s.oob_aside:
                if a[1] in bands:
                    unsure.setdefault(_day(s.date), []).append(a)
    aside = [_aside_words(day, found) for day, found in list(unsure.items())[:4]]
    if not later:
        notes.append(
            f"{seen}: the later session(s) ({', '.join(sorted({_day(s.date) for s in after}))}) could not "
            f"show it again (under {RETEST_REST_MIN:g} min of still rest"
            + (" and no set whose tremor was assessed" if where != "at rest" else "")
            + ", or a sampling rate that cannot show its "
            "band), so it is not yet re-tested; re-test rested on another day"
            if after
            else f"{seen}: no re-test on a later day yet; re-test rested on another day"
        )
        ev = [seen, *aside, *elsewhere, "not yet re-tested on another day: re-test rested"]
        return [cause_entry("see_a_clinician", 0.6, ev)]
    if recurred:
        again = ", ".join(
            f"{_day(s.date)} ({e[0]:.1f} Hz, {e[2]})"
            for s in recurred[:4]
            for e in [next(e for e in s.oob if e[1] in bands)]
        )
        ev = [seen, f"persisted on re-test: again on {again}"]
        if any(w == "at rest" and b in bands for s in recurred for _, b, w, _ in s.oob):
            ev.append(_at_rest_words([first, *recurred]))
        return [cause_entry("see_a_clinician", 0.8, ev)]
    clean = sorted({_day(s.date) for s in later} - set(unsure))
    if not clean:
        return [
            cause_entry(
                "see_a_clinician", 0.6, [seen, *aside, *elsewhere, "not yet re-tested: re-test rested"]
            )
        ]
    return [
        cause_entry(
            "see_a_clinician",
            0.6 if elsewhere or aside else 0.3,
            [
                seen,
                f"did not recur on re-test ({', '.join(clean)})",
                *aside,
                *elsewhere,
                "re-test again if it comes back",
            ],
        )
    ]


def hold_retest_note(sessions: Sequence[Session], notes: list[str]) -> None:
    """Say which days' reports gave the re-test advice for their holds' tremor, which the history does not judge.

    A report's own ``see_a_clinician`` without an out-of-band rhythm, its evidence on the holds' first thirds
    (:mod:`tremor.core.large_postural`: a large, steady 6-12 Hz tremor from the start of most holds) asks for a rested re-test; the history follows out-of-band
    rhythms only, so without this note a re-test that showed it again would read "none stood out".

    Parameters
    ----------
    sessions : sequence of Session
        The sessions, in date order.
    notes : list of str
        The history's notes; one is added where any report gave that advice.
    """
    days = sorted(
        {
            _day(s.date)
            for s in sessions
            if not s.oob
            and any(
                c.get("id") == "see_a_clinician" and "first third of" in str(c.get("evidence", ""))
                for c in s.report.get("session_causes") or ()
            )
        }
    )
    if days:
        notes.append(
            f"the report(s) of {', '.join(days)} advised a rested re-test for a tremor in their holds (see each "
            "report's causes): the history compares only out-of-band rhythms across days, so it does not judge "
            "whether that tremor persisted"
            + (f"; the advice was given on {len(days)} days" if len(days) > 1 else "")
        )
