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
    out-of-band tremor in one session, and a re-test on a later day: it stays, with
    "persisted on re-test" or "did not recur on re-test" (or, without a re-test yet, the advice
    to do one).

Where the reports cannot settle one of these (too few days), a note says so.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path
from typing import Any

from tremor.core.causes import CAUSES, MIN_LIKELIHOOD
from tremor.errors import InputError, ParameterError, printable

__all__ = [
    "HARD_FATIGUE_RATIO",
    "PERSIST_DAYS",
    "RECOVERY_GRACE_S",
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

SCHEMA_ID = "tremor.report/1"
#: Twitching this soon after a set is the normal after-effect of the set, not "at rest".
RECOVERY_GRACE_S = 120.0
#: Twitching at quiet rest: at least this many per minute, and at least this many twitches in a day.
REST_TWITCH_RATE = 0.5
REST_TWITCH_MIN = 2
#: A day needs this much quiet rest (minutes) to tell whether twitching persists at rest.
MIN_QUIET_MIN = 1.0
#: Persistent: twitching at quiet rest on this many recorded days in a row ...
PERSIST_DAYS = 3
#: ... no two of them further apart than this.
PERSIST_MAX_GAP_DAYS = 3
#: A hard session has a set whose last-third 6-12 Hz power is at least this many times its first third's.
HARD_FATIGUE_RATIO = 3.0
#: Muscle-damage twitching follows a hard session by this many days.
DOMS_DAYS = (1, 5)


@dataclass(frozen=True)
class Session:
    """One report, dated, with the figures the history needs.

    ``quiet_*`` count the rest outside each set and the first :data:`RECOVERY_GRACE_S` seconds
    after it; ``rest_*`` count all the rest outside sets, walking and gaps.
    """

    path: str
    date: date
    start_unix_s: float | None
    dated_by: str  # "start" (source.start_unix_s) or "mtime" (file time)
    rest_rms_mps2: float | None
    fatigue_ratios: tuple[float, ...]
    n_sets: int
    rest_minutes: float
    rest_twitches: int
    quiet_minutes: float
    quiet_twitches: int
    twitches_assessable: bool
    oob: tuple[tuple[float, str, str], ...]  # (peak Hz, band, "at rest" or "in set N")
    oob_assessable: bool
    report: Mapping[str, Any] = field(repr=False, compare=False)

    @property
    def quiet_rate_per_min(self) -> float | None:
        """Twitches per minute of quiet rest (None where not assessable or too little quiet rest)."""
        if not self.twitches_assessable or self.quiet_minutes < MIN_QUIET_MIN:
            return None
        return self.quiet_twitches / self.quiet_minutes


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


# -- reading -------------------------------------------------------------------------------------


def _to_date(ts: float, tz: tzinfo | None) -> date:
    dt = datetime.fromtimestamp(ts, tz=UTC)
    return (dt.astimezone(tz) if tz is not None else dt.astimezone()).date()


def _span_minutes(spans: Iterable[tuple[float, float]], lo: float, hi: float) -> float:
    """Minutes covered by the union of ``spans`` clipped to [lo, hi]."""
    total, cur_a, cur_b = 0.0, None, None
    for a, b in sorted((max(a, lo), min(b, hi)) for a, b in spans):
        if b <= a:
            continue
        if cur_b is None or a > cur_b:
            if cur_b is not None:
                total += cur_b - cur_a  # type: ignore[operator]
            cur_a, cur_b = a, b
        else:
            cur_b = max(cur_b, b)
    if cur_b is not None:
        total += cur_b - cur_a  # type: ignore[operator]
    return total / 60.0


def _log_header_start(source: Mapping[str, Any]) -> float | None:
    """``start_unix_ns`` of the firmware-log header in a report's source details, in seconds."""
    details = source.get("details")
    header = details.get("header") if isinstance(details, Mapping) else None
    ns = header.get("start_unix_ns") if isinstance(header, Mapping) else None
    return ns / 1e9 if isinstance(ns, int) and not isinstance(ns, bool) and ns > 0 else None


def session_from_report(
    report: Mapping[str, Any],
    *,
    path: str = "<report>",
    mtime_unix_s: float | None = None,
    tz: tzinfo | None = None,
) -> Session:
    """The history's view of one report (schema ``tremor.report/1``).

    Dated by ``source.start_unix_s``, else by the wall clock in the log header a ``tremor live``
    log carries (``source.details.header.start_unix_ns``, reports written before live dated its
    analysis), else by ``mtime_unix_s``.

    Parameters
    ----------
    report : mapping
        A parsed JSON report.
    path : str
        Name of the report for messages and the session.
    mtime_unix_s : float or None
        The file's modification time (Unix s), to date a report without a start time.
    tz : tzinfo, optional
        Time zone that decides the day of the session (default: the local one).

    Returns
    -------
    Session
        Date, rest RMS (m/s^2), fatigue ratios, set count, rest and quiet minutes with their
        twitch counts, and out-of-band episodes of the report.

    Raises
    ------
    InputError
        Where the report is not a ``tremor.report/1`` document, lacks what the history needs, or
        has no date at all.
    """
    if not isinstance(report, Mapping) or report.get("schema") != SCHEMA_ID:
        found = report.get("schema") if isinstance(report, Mapping) else type(report).__name__
        raise InputError(
            f"{printable(path)}: not a tremor report (schema {SCHEMA_ID!r} expected, found {found!r})"
        )
    try:
        start = report["source"].get("start_unix_s")
        if start is None:
            start = _log_header_start(report["source"])
        duration = float(report["sampling"]["duration_s"])
        assessable = report["sampling"].get("assessable", {})
        sets = report["sets"]
        twitches = report["fasciculations"]
        episodes = report["atypical_tremor"]
        rest_rms = report["rest"]["rms_mps2"]
        walking = [(float(w["start_s"]), float(w["end_s"])) for w in report.get("walking", [])]
        gaps = [(float(g["start_s"]), float(g["end_s"])) for g in report["sampling"].get("gaps", [])]
        bounds = [(float(s["start_s"]), float(s["end_s"])) for s in sets]
        ratios = tuple(
            float(s["tremor"]["end_to_start_ratio"])
            for s in sets
            if s["tremor"].get("end_to_start_ratio") is not None
        )
        tw_t = [float(t["t_s"]) for t in twitches]
        oob = [
            (
                float(e["peak_hz"]),
                str(e["band"]),
                "at rest" if e.get("set_index") is None else f"in set {e['set_index']}",
            )
            for e in episodes
        ]
        for s in sets:
            o = s["tremor"].get("out_of_band")
            if (
                s["label"] == "atypical_tremor"
                and o
                and not any(w == f"in set {s['index']}" for _, _, w in oob)
            ):
                oob.append((float(o["peak_hz"]), str(o["band"]), f"in set {s['index']}"))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise InputError(
            f"{printable(path)}: not a usable tremor report ({type(exc).__name__}: {exc})"
        ) from None
    if start is not None:
        when, dated_by = float(start), "start"
    elif mtime_unix_s is not None:
        when, dated_by = float(mtime_unix_s), "mtime"
    else:
        raise InputError(
            f"{printable(path)}: the report has no source.start_unix_s and no file time to date it by"
        )

    busy = bounds + walking + gaps
    rest_min = max(duration / 60.0 - _span_minutes(busy, 0.0, duration), 0.0)
    after = [(a, b + RECOVERY_GRACE_S) for a, b in bounds]
    quiet_min = max(duration / 60.0 - _span_minutes(after + walking + gaps, 0.0, duration), 0.0)

    def inside(t: float, spans: list[tuple[float, float]]) -> bool:
        return any(a <= t < b for a, b in spans)

    return Session(
        path=path,
        date=_to_date(when, tz),
        start_unix_s=None if start is None else float(start),
        dated_by=dated_by,
        rest_rms_mps2=None if rest_rms is None else float(rest_rms),
        fatigue_ratios=ratios,
        n_sets=len(sets),
        rest_minutes=rest_min,
        rest_twitches=sum(not inside(t, bounds) for t in tw_t),
        quiet_minutes=quiet_min,
        quiet_twitches=sum(not inside(t, after) for t in tw_t),
        twitches_assessable=bool(assessable.get("fasciculations", True)),
        oob=tuple(sorted(oob)),
        oob_assessable=bool(assessable.get("physiological_band", True)),
        report=report,
    )


def load_sessions(
    folder: str | os.PathLike[str], *, tz: tzinfo | None = None
) -> tuple[list[Session], list[str]]:
    """Every report under ``folder`` (recursively), oldest first, and notes on what was skipped.

    Parameters
    ----------
    folder : str or path-like
        The folder of JSON reports; ``*.json`` files in it and its sub-folders are read. Files that
        are not valid JSON or not usable reports are skipped with a note.
    tz : tzinfo, optional
        Time zone that decides the day of a session (default: the local one).

    Returns
    -------
    sessions : list of Session
        The usable reports, oldest first.
    notes : list of str
        What was skipped, and which reports were dated by their file's modification time.

    Raises
    ------
    InputError
        Where ``folder`` is not a folder, holds no ``*.json`` file, or no usable report.
    """
    root = Path(folder)
    if not root.is_dir():
        raise InputError(f"{printable(root)}: no such folder (history reads the JSON reports in a folder)")
    files = sorted(p for p in root.rglob("*.json") if p.is_file())
    if not files:
        raise InputError(
            f"{printable(root)}: no JSON reports found (looked for *.json in it and its subfolders); "
            "write them with 'tremor analyze FILE --json FOLDER/NAME.json'"
        )
    sessions: list[Session] = []
    notes: list[str] = []
    undated: list[str] = []
    for p in files:
        name = str(p.relative_to(root))
        try:
            report = json.loads(p.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            notes.append(f"{printable(name)}: skipped, not valid JSON ({exc})")
            continue
        except OSError as exc:
            notes.append(f"{printable(name)}: skipped, cannot be read ({exc.strerror})")
            continue
        try:
            session = session_from_report(report, path=name, mtime_unix_s=p.stat().st_mtime, tz=tz)
        except InputError as exc:
            notes.append(f"skipped {exc}")
            continue
        if session.dated_by == "mtime":
            undated.append(name)
        sessions.append(session)
    if undated:
        notes.append(
            f"{len(undated)} report(s) have no start time and were dated by their file's modification "
            f"time, which may not be the day of the session: {', '.join(map(printable, undated))}"
        )
    if not sessions:
        raise InputError(
            f"{root}: none of the {len(files)} JSON file(s) is a usable tremor report: " + "; ".join(notes)
        )
    sessions.sort(key=lambda s: (s.date, s.start_unix_s or 0.0, s.path))
    return sessions, notes


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
                oob_at_rest=sum(w == "at rest" for s in ss for _, _, w in s.oob),
            )
        )
    return rows


def _twitching(row: DayRow) -> bool | None:
    """True / False where the day can tell whether twitching persists at quiet rest, else None."""
    if row.quiet_twitch_rate_per_min is None:
        return None
    return row.quiet_twitch_rate_per_min >= REST_TWITCH_RATE and row.quiet_twitches >= REST_TWITCH_MIN


# -- causes --------------------------------------------------------------------------------------


def _cause(cid: str, likelihood: float, evidence: list[str]) -> dict[str, Any]:
    grade, advice = CAUSES[cid]
    return {
        "id": cid,
        "likelihood": round(min(max(likelihood, 0.0), 1.0), 2),
        "evidence_grade": grade,
        "evidence": "; ".join(evidence),
        "advice": advice,
    }


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
            "session and a rested re-test of out-of-band tremor need sessions on several days"
        )
    out += _overtraining(rows, notes)
    out += _doms(sessions, rows, notes)
    out += _retest(sessions, notes)
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
    ev = [
        (
            f"twitching at rest on {len(best)} recorded days in a row, {_fmt_day(best[0].date)} to "
            f"{_fmt_day(best[-1].date)} ({min(rates):.1f}-{max(rates):.1f} per minute of rest, not counting the "
            f"first {RECOVERY_GRACE_S / 60:.0f} min after each set)"
        )
    ]
    like = 0.4 + 0.1 * min(len(best) - PERSIST_DAYS, 3)
    if rates[-1] >= rates[0]:
        ev.append("not fading")
        like += 0.1
    return [_cause("overtraining_cns", like, ev)]


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
    return [_cause("muscle_damage_doms", like, ev)]


def _retest(sessions: list[Session], notes: list[str]) -> list[dict[str, Any]]:
    first = next((s for s in sessions if s.oob), None)
    if first is None:
        return []
    hz, band, where = first.oob[0]
    seen = f"out-of-band tremor at {hz:.1f} Hz ({band}, {where}) on {_fmt_day(first.date)}"
    later = [s for s in sessions if s.date > first.date and s.oob_assessable]
    if not later:
        notes.append(f"{seen}: no re-test on a later day yet; re-test rested on another day")
        return [_cause("see_a_clinician", 0.6, [seen, "not yet re-tested on another day: re-test rested"])]
    recurred = [s for s in later if s.oob]
    if recurred:
        again = ", ".join(f"{_fmt_day(s.date)} ({s.oob[0][0]:.1f} Hz, {s.oob[0][2]})" for s in recurred[:4])
        ev = [seen, f"persisted on re-test: again on {again}"]
        if any(w == "at rest" for s in recurred for _, _, w in s.oob):
            ev.append("seen at rest, where movement cannot explain it")
        return [_cause("see_a_clinician", 0.8, ev)]
    days = ", ".join(sorted({_fmt_day(s.date) for s in later}))
    return [
        _cause(
            "see_a_clinician",
            0.3,
            [seen, f"did not recur on re-test ({days})", "re-test again if it comes back"],
        )
    ]


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


# -- output --------------------------------------------------------------------------------------


def _f(x: float | None, spec: str) -> str:
    return "-" if x is None or (isinstance(x, float) and not math.isfinite(x)) else format(x, spec)


_COLUMNS = (
    "date",
    "sessions",
    "sets",
    "rest_rms_mps2",
    "fatigue_ratio_mean",
    "fatigue_ratio_max",
    "rest_twitches",
    "rest_minutes",
    "twitches_per_min_rest",
    "out_of_band_episodes",
    "out_of_band_at_rest",
)


def _row_values(r: DayRow) -> list[Any]:
    def n(x: float | None, digits: int) -> Any:
        return "" if x is None else round(x, digits)

    return [
        r.date.isoformat(),
        r.sessions,
        r.sets,
        n(r.rest_rms_mps2, 5),
        n(r.fatigue_mean, 3),
        n(r.fatigue_max, 3),
        r.rest_twitches,
        round(r.rest_minutes, 2),
        n(r.rest_twitch_rate_per_min, 3),
        r.oob_episodes,
        r.oob_at_rest,
    ]


def history_csv(history: History) -> str:
    """The day-by-day table as CSV text (one header line, one line per day).

    Parameters
    ----------
    history : History
        From :func:`build_history`.

    Returns
    -------
    str
        The CSV text, lines ended by a newline.
    """
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(_COLUMNS)
    for r in history.days:
        w.writerow(_row_values(r))
    return buf.getvalue()


def format_history(history: History) -> str:
    """The terminal view: the table, the causes and the notes.

    Parameters
    ----------
    history : History
        From :func:`build_history`.

    Returns
    -------
    str
        The text, lines joined by newlines.
    """
    header = (
        f"{'date':<10}  {'sess':>4} {'sets':>4}  {'rest RMS':>8}  {'fatigue mean':>12} {'max':>6}  "
        f"{'twitch/min rest':>15}  {'out-of-band':>11}"
    )
    lines = [
        f"{len(history.sessions)} session(s) over {len(history.days)} day(s)",
        "",
        header,
        "-" * len(header),
    ]
    for r in history.days:
        oob = f"{r.oob_episodes}" + (f" ({r.oob_at_rest} rest)" if r.oob_at_rest else "")
        lines.append(
            f"{r.date.isoformat():<10}  {r.sessions:>4} {r.sets:>4}  {_f(r.rest_rms_mps2, '8.3f'):>8}  "
            f"{_f(r.fatigue_mean, '11.1f') + ('x' if r.fatigue_mean is not None else ''):>12} "
            f"{_f(r.fatigue_max, '5.1f') + ('x' if r.fatigue_max is not None else ''):>6}  "
            f"{_f(r.rest_twitch_rate_per_min, '15.2f'):>15}  {oob:>11}"
        )
    lines += ["", "causes across sessions:"]
    if history.causes:
        for c in history.causes:
            lines.append(
                f"  {c['id']} ({c['likelihood']:.2f}, evidence {c['evidence_grade']}): {c['evidence']}"
            )
            lines.append(f"    advice: {c['advice']}")
    else:
        lines.append("  none stood out")
    if history.notes:
        lines += ["", "notes:"] + [f"  - {n}" for n in history.notes]
    return "\n".join(lines)


def render_history_html(history: History, *, figure: bool = True) -> str:
    """The history as one self-contained HTML page (table, trend figure, causes, notes).

    Parameters
    ----------
    history : History
        From :func:`build_history`.
    figure : bool
        Embed the trend figure (needs matplotlib).

    Returns
    -------
    str
        The HTML page.
    """
    from tremor.report.html_report import (
        _CSS,
        _causes_html,
        _data_uri,
        _e,
        _figure_html,
    )

    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        (
            '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; img-src data:; '
            "style-src 'unsafe-inline'\">"
        ),
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>Tremor history</title>",
        f"<style>{_CSS}</style></head>",
        f'<body><main id="history" data-days="{len(history.days)}" data-sessions="{len(history.sessions)}">',
        "<h1>Tremor history</h1>",
        (
            f'<p class="sub">{len(history.sessions)} session(s) over {len(history.days)} day(s), '
            f"{_e(history.days[0].date.isoformat())} to {_e(history.days[-1].date.isoformat())}</p>"
        ),
    ]
    if figure:
        from tremor.report import plots as _plots

        parts.append(
            _figure_html(
                _data_uri(_plots.history_figure(history.days, history.sessions)),
                "Rest-baseline tremor, fatigue ratio per set and twitch rate at rest, day by day.",
            )
        )
    head = "".join(f"<th>{_e(c.replace('_', ' '))}</th>" for c in _COLUMNS)
    body = "".join(
        "<tr>" + "".join(f"<td>{_e(v)}</td>" for v in _row_values(r)) + "</tr>" for r in history.days
    )
    parts.append(
        f'<h2>Day by day</h2><table class="days"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
    )
    parts.append("<h2>Causes across sessions</h2>")
    parts.append(_causes_html(history.causes, "No multi-session cause stood out."))
    if history.notes:
        parts.append(
            '<h2>Notes</h2><ul class="notes">' + "".join(f"<li>{_e(n)}</li>" for n in history.notes) + "</ul>"
        )
    parts.append(
        "<footer>tremor describes signals and names likely, non-medical causes. It is not a medical device "
        "and does not diagnose.</footer></main></body></html>"
    )
    return "\n".join(parts) + "\n"


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
