"""Reading ``tremor history``'s input: JSON reports, one :class:`Session` each, dated.

:func:`load_sessions` reads every ``*.json`` report (schema ``tremor.report/1``) under a folder and
:func:`session_from_report` turns one report into a :class:`Session`: its date (from
``source.start_unix_s``, or the file's modification time, with a note), rest-baseline tremor,
fatigue ratios, twitches at rest and at *quiet rest* (outside the sets and the first
:data:`RECOVERY_GRACE_S` seconds after each), and its out-of-band episodes. Split out of
:mod:`tremor.report.history` (which aggregates the sessions by day and judges the multi-session
causes), which re-exports these names.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path
from typing import Any

from tremor.core.causes import OOB_HARMONICS
from tremor.core.notes import HIGH_TWITCH_LIMIT_MPS2
from tremor.core.spectral import BANDS
from tremor.errors import InputError, printable

__all__ = [
    "MIN_QUIET_MIN",
    "RECOVERY_GRACE_S",
    "SCHEMA_ID",
    "Session",
    "load_sessions",
    "session_from_report",
]

SCHEMA_ID = "tremor.report/1"
#: Twitching this soon after a set is the normal after-effect of the set, not "at rest".
RECOVERY_GRACE_S = 120.0


#: A day needs this much quiet rest (minutes) to tell whether twitching persists at rest.
MIN_QUIET_MIN = 1.0


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
    #: twitches at rest could have been seen: at this rate, and with the rest's detection limit measured and not
    #: raised by shaking (``rest.twitch_detection_limit_mps2`` under 0.3 m/s^2; not judged in reports without it)
    twitches_assessable: bool
    #: (peak Hz, band, "at rest" or "in set N", whether a bouncing leg could give it: True / False at rest, None
    #: in a set or where the report does not say, as reports before ``bouncing_leg_possible`` do not)
    oob: tuple[tuple[float, str, str, bool | None], ...]
    oob_assessable: bool
    #: Minutes of still rest an out-of-band rhythm at rest could have shown in: rest outside the sets, walking, gaps
    #: and external vibration, and 0 where the report found no still rest at all (``rest.rms_mps2`` and
    #: ``rest.noise_floor_mps2`` both null: no rest, the wrist kept moving, or a rest level no wrist gives)
    still_rest_minutes: float
    #: out-of-band rhythms found but not reported as tremor (``set_aside_rhythms``): (peak Hz, band, why)
    oob_aside: tuple[tuple[float, str, str], ...]
    #: 13-18 Hz could be shown (``sampling.assessable.out_of_band_tremor``)
    high_band_assessable: bool
    #: a set whose tremor was assessed (an out-of-band peak in a set could have been seen)
    assessed_sets: int
    report: Mapping[str, Any] = field(repr=False, compare=False)

    @property
    def quiet_rate_per_min(self) -> float | None:
        """Twitches per minute of quiet rest (None where not assessable or too little quiet rest)."""
        if not self.twitches_assessable or self.quiet_minutes < MIN_QUIET_MIN:
            return None
        return self.quiet_twitches / self.quiet_minutes


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


def _rest_twitches_seen(rest: Mapping[str, Any]) -> bool:
    """Whether a twitch at rest could have been seen: the rest's detection limit measured (the wrist still, the device
    worn somewhere outside the sets) and under :data:`tremor.core.notes.HIGH_TWITCH_LIMIT_MPS2` (no shaking raising
    it), as the summary's '-' marks. A report that predates ``rest.twitch_detection_limit_mps2`` is not judged."""
    if "twitch_detection_limit_mps2" not in rest:
        return True
    limit = rest["twitch_detection_limit_mps2"]
    return limit is not None and float(limit) < HIGH_TWITCH_LIMIT_MPS2


def _harmonic_in_band(peak_hz: float) -> bool:
    band = BANDS["physiological"]
    return any(band.low_hz <= k * peak_hz < band.high_hz for k in OOB_HARMONICS)


def _leg(episode: Mapping[str, Any]) -> bool | None:
    """An episode's ``bouncing_leg_possible``: True, False, or None (in a set, or a report that predates it)."""
    v = episode.get("bouncing_leg_possible")
    return v if isinstance(v, bool) else None


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
        rest_seen = _rest_twitches_seen(report["rest"])
        aside = tuple(
            (float(e["peak_hz"]), str(e.get("band", "")), str(e["why"]))
            for e in report.get("set_aside_rhythms", [])
        )
        still_rest = rest_rms is not None or report["rest"].get("noise_floor_mps2") is not None
        shaken = [(float(v["start_s"]), float(v["end_s"])) for v in report.get("external_vibration", [])]
        assessed = sum(bool(s["tremor"].get("assessable", True)) for s in sets)
        walking = [(float(w["start_s"]), float(w["end_s"])) for w in report.get("walking", [])]
        gaps = [(float(g["start_s"]), float(g["end_s"])) for g in report["sampling"].get("gaps", [])]
        bounds = [(float(s["start_s"]), float(s["end_s"])) for s in sets]
        # a set whose out-of-band episode has a harmonic in 6-12 Hz measures that harmonic there, not a fatigue rise
        # (tremor.core.causes.harmonic_in_band: the session's own trends leave it out, so the history does too)
        ratios = tuple(
            float(s["tremor"]["end_to_start_ratio"])
            for s in sets
            if s["tremor"].get("end_to_start_ratio") is not None
            and not any(
                e.get("set_index") == s["index"] and _harmonic_in_band(float(e["peak_hz"])) for e in episodes
            )
        )
        tw_t = [float(t["t_s"]) for t in twitches]
        oob: list[tuple[float, str, str, bool | None]] = [
            (
                float(e["peak_hz"]),
                str(e["band"]),
                "at rest" if e.get("set_index") is None else f"in set {e['set_index']}",
                _leg(e),
            )
            for e in episodes
        ]
        for s in sets:
            o = s["tremor"].get("out_of_band")
            if (
                s["label"] == "atypical_tremor"
                and o
                and not any(w == f"in set {s['index']}" for _, _, w, _ in oob)
            ):
                oob.append((float(o["peak_hz"]), str(o["band"]), f"in set {s['index']}", None))
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
        twitches_assessable=bool(assessable.get("fasciculations", True)) and rest_seen,
        oob=tuple(sorted(oob, key=lambda x: x[:3])),
        oob_assessable=bool(assessable.get("physiological_band", True)),
        still_rest_minutes=(
            max(duration / 60.0 - _span_minutes(busy + shaken, 0.0, duration), 0.0) if still_rest else 0.0
        ),
        oob_aside=aside,
        high_band_assessable=bool(assessable.get("out_of_band_tremor", True)),
        assessed_sets=assessed,
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
