"""Trends across many sessions' JSON reports, day by day, and the causes only several sessions show.

``tremor history FOLDER`` reads every ``*.json`` report (schema ``tremor.report/1``) under a folder,
dates each session by ``source.start_unix_s`` (or, failing that, by the file's modification time,
with a note), and shows per day: rest-baseline tremor, the fatigue ratio of the sets (mean and
max), twitches per minute of rest, the number of sets and of out-of-band tremor episodes.

Three causes need more than one session (``docs/causes.md``), and :func:`history_causes` judges them:

``overtraining_cns``
    twitching at *quiet rest* (outside the sets and the first :data:`RECOVERY_GRACE_S` seconds
    after each, where twitching after a hard set is normal) on at least :data:`PERSIST_DAYS`
    days in a row of recorded days, no two more than :data:`PERSIST_MAX_GAP_DAYS` days apart.
``muscle_damage_doms``
    twitching at quiet rest 1-5 days after a hard session (a set with a fatigue ratio of at
    least :data:`HARD_FATIGUE_RATIO`).
``see_a_clinician``
    out-of-band tremor in one session, and a re-test on a later day (a session that could show it:
    :data:`RETEST_REST_MIN` minutes of still rest, its band assessable): it stays, with
    "persisted on re-test" or "did not recur on re-test" (or, without a re-test yet, the advice
    to do one). A rest episode a bouncing leg could give (the report's ``bouncing_leg_possible``)
    is never said to be beyond movement's explanation.

Where the reports cannot settle one of these (too few days), a note says so.

This module aggregates the sessions by day and judges the causes; reading the reports into
sessions is :mod:`tremor.report.history_read`, the CSV, terminal and HTML views are
:mod:`tremor.report.history_render` (both re-exported here).
"""

from __future__ import annotations

import os
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, tzinfo
from pathlib import Path
from typing import Any

from tremor.core.causes import MIN_LIKELIHOOD
from tremor.errors import InputError, ParameterError, printable
from tremor.report.history_read import (
    MIN_QUIET_MIN,
    RECOVERY_GRACE_S,
    Session,
    load_sessions,
    session_from_report,
)
from tremor.report.history_render import format_history, history_csv, render_history_html
from tremor.report.history_retest import RETEST_REST_MIN, cause_entry, hold_retest_note, retest

__all__ = [
    "HARD_FATIGUE_RATIO",
    "PERSIST_DAYS",
    "RECOVERY_GRACE_S",
    "RETEST_REST_MIN",
    "DayRow",
    "History",
    "Session",
    "build_history",
    "day_rows",
    "format_history",
    "history_causes",
    "history_csv",
    "load_sessions",
    "render_history_html",
    "run_history",
    "session_from_report",
]

#: Twitching at quiet rest: at least this many per minute, and at least this many twitches in a day.
REST_TWITCH_RATE = 0.5
REST_TWITCH_MIN = 2
#: Persistent: twitching at quiet rest on this many recorded days in a row ...
PERSIST_DAYS = 3
#: ... no two of them further apart than this.
PERSIST_MAX_GAP_DAYS = 3
#: A hard session has a set whose last-third 6-12 Hz power is at least this many times its first third's.
HARD_FATIGUE_RATIO = 3.0
#: Muscle-damage twitching follows a hard session by this many days.
DOMS_DAYS = (1, 5)


@dataclass(frozen=True)
class DayRow:
    """One day's figures, pooled over its sessions."""

    date: date
    sessions: int
    sets: int
    rest_rms_mps2: float | None
    fatigue_mean: float | None
    fatigue_max: float | None
    rest_twitches: int
    rest_minutes: float
    rest_twitch_rate_per_min: float | None
    quiet_twitches: int
    quiet_minutes: float
    quiet_twitch_rate_per_min: float | None
    oob_episodes: int
    oob_at_rest: int


@dataclass
class History:
    """Sessions, day rows, multi-session causes and notes."""

    sessions: list[Session]
    days: list[DayRow]
    causes: list[dict[str, Any]]
    notes: list[str]


# -- days ----------------------------------------------------------------------------------------


def _rate(n: int, minutes: float, ok: bool, min_minutes: float = 0.5) -> float | None:
    return n / minutes if ok and minutes >= min_minutes else None


def day_rows(sessions: Sequence[Session]) -> list[DayRow]:
    """Pool the sessions of each day.

    Parameters
    ----------
    sessions : sequence of Session
        Dated sessions.

    Returns
    -------
    list of DayRow
        One row per day, in date order: sessions, sets, median rest RMS (m/s^2), mean and largest
        fatigue ratio, twitches and minutes at rest and in quiet rest (not within
        :data:`RECOVERY_GRACE_S` s after a set), twitch rates per minute,
        and out-of-band episodes.
    """
    by_day: dict[date, list[Session]] = {}
    for s in sessions:
        by_day.setdefault(s.date, []).append(s)
    rows = []
    for d in sorted(by_day):
        ss = by_day[d]
        rests = [s.rest_rms_mps2 for s in ss if s.rest_rms_mps2 is not None]
        ratios = [r for s in ss for r in s.fatigue_ratios]
        tw = [s for s in ss if s.twitches_assessable]
        rest_tw, rest_min = sum(s.rest_twitches for s in tw), sum(s.rest_minutes for s in tw)
        quiet_tw, quiet_min = sum(s.quiet_twitches for s in tw), sum(s.quiet_minutes for s in tw)
        rows.append(
            DayRow(
                date=d,
                sessions=len(ss),
                sets=sum(s.n_sets for s in ss),
                rest_rms_mps2=statistics.median(rests) if rests else None,
                fatigue_mean=statistics.fmean(ratios) if ratios else None,
                fatigue_max=max(ratios) if ratios else None,
                rest_twitches=rest_tw,
                rest_minutes=rest_min,
                rest_twitch_rate_per_min=_rate(rest_tw, rest_min, bool(tw)),
                quiet_twitches=quiet_tw,
                quiet_minutes=quiet_min,
                quiet_twitch_rate_per_min=_rate(quiet_tw, quiet_min, bool(tw), MIN_QUIET_MIN),
                oob_episodes=sum(len(s.oob) for s in ss),
                oob_at_rest=sum(w == "at rest" for s in ss for _, _, w, _ in s.oob),
            )
        )
    return rows


def _twitching(row: DayRow) -> bool | None:
    """True / False where the day can tell whether twitching persists at quiet rest, else None."""
    if row.quiet_twitch_rate_per_min is None:
        return None
    return row.quiet_twitch_rate_per_min >= REST_TWITCH_RATE and row.quiet_twitches >= REST_TWITCH_MIN


# -- causes --------------------------------------------------------------------------------------


def _fmt_day(d: date) -> str:
    return d.isoformat()


def _as_sessions(reports: Sequence[Session | Mapping[str, Any]], tz: tzinfo | None) -> list[Session]:
    out = []
    for i, r in enumerate(reports):
        if isinstance(r, Session):
            out.append(r)
        else:
            path = (
                str(r.get("source", {}).get("path", f"<report {i + 1}>"))
                if isinstance(r, Mapping)
                else f"<report {i + 1}>"
            )
            out.append(session_from_report(r, path=path, tz=tz))
    return sorted(out, key=lambda s: (s.date, s.start_unix_s or 0.0, s.path))


def history_causes(
    reports: Sequence[Session | Mapping[str, Any]], *, tz: tzinfo | None = None
) -> list[dict[str, Any]]:
    """The causes that need several sessions, most likely first (same shape as a report's causes).

    Parameters
    ----------
    reports : sequence of Session or report dict
        Report dicts (schema ``tremor.report/1``) must carry ``source.start_unix_s``; sessions
        from :func:`load_sessions` are already dated.
    tz : tzinfo, optional
        Time zone that decides the day of a session (default: the local one).

    Returns
    -------
    list of dict
        The causes (id, likelihood, evidence_grade, evidence, advice), most likely first.
    """
    causes, _notes = _judge(_as_sessions(reports, tz))
    return causes


def _judge(sessions: list[Session]) -> tuple[list[dict[str, Any]], list[str]]:
    rows = day_rows(sessions)
    out: list[dict[str, Any]] = []
    notes: list[str] = []
    if len(rows) <= 1:
        notes.append(
            "the reports cover one day: persistent twitching at rest, twitching 1-5 days after a hard "
            "session and a rested re-test of an out-of-band rhythm need sessions on several days"
        )
    out += _overtraining(rows, notes)
    out += _doms(sessions, rows, notes)
    out += retest(sessions, notes)
    hold_retest_note(sessions, notes)
    best: dict[str, dict[str, Any]] = {}
    for c in out:
        if c["likelihood"] >= MIN_LIKELIHOOD and (
            c["id"] not in best or c["likelihood"] > best[c["id"]]["likelihood"]
        ):
            best[c["id"]] = c
    return sorted(best.values(), key=lambda c: -c["likelihood"]), notes


def _overtraining(rows: list[DayRow], notes: list[str]) -> list[dict[str, Any]]:
    judged = [(r, _twitching(r)) for r in rows]
    judged = [(r, t) for r, t in judged if t is not None]
    twitch_days = [r for r, t in judged if t]
    if not twitch_days:
        return []
    runs: list[list[DayRow]] = []
    for r, t in judged:
        if t and runs and runs[-1] and (r.date - runs[-1][-1].date).days <= PERSIST_MAX_GAP_DAYS:
            runs[-1].append(r)
        elif t:
            runs.append([r])
        else:
            runs.append([])  # a recorded day without twitching breaks the run
    best = max(runs, key=len)
    if len(best) < PERSIST_DAYS:
        notes.append(
            f"twitching at rest on {len(twitch_days)} day(s) ({', '.join(_fmt_day(r.date) for r in twitch_days)}); "
            f"whether it persists (overtraining) needs it on {PERSIST_DAYS} recorded days in a row"
        )
        return []
    rates = [r.quiet_twitch_rate_per_min or 0.0 for r in best]
    # a recorded day between them that could not show twitching at rest is no part of the run: say so
    unjudged = [r for r in rows if best[0].date < r.date < best[-1].date and _twitching(r) is None]
    ev = [
        (
            f"twitching at rest on {len(best)} recorded days in a row, {_fmt_day(best[0].date)} to "
            f"{_fmt_day(best[-1].date)} ({min(rates):.1f}-{max(rates):.1f} per minute of rest, not counting the "
            f"first {RECOVERY_GRACE_S / 60:.0f} min after each set)"
            if not unjudged
            else f"twitching at rest on {len(best)} of the recorded days from {_fmt_day(best[0].date)} to "
            f"{_fmt_day(best[-1].date)} ({min(rates):.1f}-{max(rates):.1f} per minute of rest, not counting the "
            f"first {RECOVERY_GRACE_S / 60:.0f} min after each set); "
            f"{', '.join(_fmt_day(r.date) for r in unjudged)} could not show twitching at rest (too little still "
            f"rest, or a rate or detection limit that cannot show twitches) and {'is' if len(unjudged) == 1 else 'are'} "
            "not counted"
        )
    ]
    like = 0.4 + 0.1 * min(len(best) - PERSIST_DAYS, 3)
    if rates[-1] >= rates[0]:
        ev.append("not fading")
        like += 0.1
    return [cause_entry("overtraining_cns", like, ev)]


def _doms(sessions: list[Session], rows: list[DayRow], notes: list[str]) -> list[dict[str, Any]]:
    hard: dict[date, float] = {}
    for s in sessions:
        if s.fatigue_ratios and max(s.fatigue_ratios) >= HARD_FATIGUE_RATIO:
            hard[s.date] = max(hard.get(s.date, 0.0), max(s.fatigue_ratios))
    by_date = {r.date: r for r in rows}
    found: list[tuple[float, list[str]]] = []
    for r in rows:
        if not _twitching(r):
            continue
        before = [h for h in hard if DOMS_DAYS[0] <= (r.date - h).days <= DOMS_DAYS[1]]
        if not before:
            continue
        h = max(before)
        days_after = (r.date - h).days
        ev = [
            (
                f"twitching at rest on {_fmt_day(r.date)} ({r.quiet_twitch_rate_per_min:.1f} per minute of rest), "
                f"{days_after} day(s) after a hard session on {_fmt_day(h)} (fatigue ratio up to {hard[h]:.1f}x)"
            )
        ]
        like = 0.4
        on_hard = by_date[h]
        if _twitching(on_hard) is False:
            ev.append(f"no twitching at rest on {_fmt_day(h)} itself")
            like += 0.15
        if r.date not in hard:
            like += 0.05
        found.append((like, ev))
    if not found:
        if hard and not any((r.date - h).days >= DOMS_DAYS[0] for r in rows for h in hard):
            notes.append(
                "twitching after a hard session shows 1-5 days later: no later session yet to judge it"
            )
        return []
    like, ev = max(found, key=lambda x: x[0])
    if len(found) > 1:
        ev = ev + [f"{len(found)} such day(s) in all"]
    return [cause_entry("muscle_damage_doms", like, ev)]


def build_history(sessions: Sequence[Session], notes: Sequence[str] = ()) -> History:
    """Day rows, multi-session causes and notes from dated sessions.

    Parameters
    ----------
    sessions : sequence of Session
        Dated sessions (from :func:`load_sessions` or :func:`session_from_report`); at least one.
    notes : sequence of str
        Notes to keep (e.g. what :func:`load_sessions` skipped); the judgement's notes follow them.

    Returns
    -------
    History
        The sessions in date order, one row per day, the multi-session causes and the notes.

    Raises
    ------
    ParameterError
        Where ``sessions`` is empty.
    """
    ordered = sorted(sessions, key=lambda s: (s.date, s.start_unix_s or 0.0, s.path))
    if not ordered:
        raise ParameterError("sessions must hold at least one session, got none")
    causes, more = _judge(list(ordered))
    return History(list(ordered), day_rows(ordered), causes, list(notes) + more)


def _check_out(path: str | os.PathLike[str], option: str) -> Path:
    target = Path(path)
    if target.is_dir():
        raise InputError(f"{option}: {target} is a folder; give a file name")
    if not target.resolve().parent.is_dir():
        raise InputError(f"{option}: the folder {target.resolve().parent} does not exist")
    return target


def _write(path: str | os.PathLike[str], data: bytes, option: str) -> None:
    from tremor._files import write_atomic

    write_atomic(_check_out(path, option), data)


def run_history(args: Any) -> int:
    """The ``tremor history`` command: ``args.folder``, ``args.png_path``, ``args.html_path``, ``args.csv_path``.

    Parameters
    ----------
    args : argparse.Namespace
        The parsed options; the output paths may be missing or None.

    Returns
    -------
    int
        The exit code, 0 (errors are raised, for the CLI to report).
    """
    for option, attr in (("--csv", "csv_path"), ("--png", "png_path"), ("--html", "html_path")):
        if getattr(args, attr, None):
            _check_out(getattr(args, attr), option)
    sessions, notes = load_sessions(args.folder)
    history = build_history(sessions, notes)
    if getattr(args, "csv_path", None):
        _write(args.csv_path, history_csv(history).encode("utf-8"), "--csv")
    if getattr(args, "png_path", None) or getattr(args, "html_path", None):
        from tremor.report import plots as _plots

        _plots.require_matplotlib()
        if args.png_path:
            _write(
                args.png_path,
                _plots.png_bytes(_plots.history_figure(history.days, history.sessions)),
                "--png",
            )
        if args.html_path:
            _write(args.html_path, render_history_html(history).encode("utf-8"), "--html")
    print(format_history(history))
    for opt, p in (
        ("table", getattr(args, "csv_path", None)),
        ("plot", getattr(args, "png_path", None)),
        ("page", getattr(args, "html_path", None)),
    ):
        if p:
            print(f"{opt} written to {printable(p)}")
    return 0
