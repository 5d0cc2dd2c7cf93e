"""Reports: the JSON document (schema ``tremor.report/1``) and the terminal summary.

The JSON schema lives in ``tremor/schemas/report-1.json`` and is documented in ``docs/report.md``.
Times are seconds from the first sample.

Size (issue 8): two jobs live here, the JSON report (:func:`to_report`, schema, writing) and the
terminal summary (:func:`format_summary` and its wording helpers); they are left together until
the work that edits both at once has landed, then the summary can move to a module of its own.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import replace
from importlib import resources
from typing import TYPE_CHECKING, Any

import numpy as np

from tremor import __version__
from tremor._files import write_atomic
from tremor.errors import printable

if TYPE_CHECKING:  # a batch's own process writes reports without importing the analysis (scipy)
    from tremor.core.analysis import AnalysisResult

__all__ = ["SCHEMA_ID", "to_report", "report_schema", "write_json", "report_bytes", "format_summary"]

SCHEMA_ID = "tremor.report/1"


def _num(x: float | None, digits: int = 4) -> float | None:
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return None
    return round(float(x), digits)


def to_report(result: AnalysisResult, *, paired: bool = False) -> dict[str, Any]:
    """The JSON-ready report of an analysis (schema ``tremor.report/1``).

    Parameters
    ----------
    result : AnalysisResult
        The analysis of one recording.
    paired : bool, default False
        The recording is one side of a pair (``tremor analyze LEFT RIGHT --pair``); otherwise the
        notes say that muscle imbalance cannot be judged from one sensor.

    Returns
    -------
    dict
        The report: source, sampling, rest, detection limit, context, sets (tremor,
        fasciculations, causes), twitches, atypical tremor, walking, vibration, session causes,
        notes and the disclaimer; values in s, Hz and m/s^2 as the field names say, rounded, and
        None for what was not measured.
    """
    from tremor.core.pairing import SINGLE_SENSOR_NOTE  # here: core.pairing imports the analysis (scipy)

    s = result.sampling
    sets = []
    for r in result.sets:
        m = r.metrics
        n_tw = m.twitches_in_set + m.twitches_in_recovery
        minutes = (r.span.recovery_end_s - r.span.start_s) / 60.0
        sets.append(
            {
                "index": r.span.index,
                "start_s": _num(r.span.start_s, 3),
                "end_s": _num(r.span.end_s, 3),
                "recovery_end_s": _num(r.span.recovery_end_s, 3),
                "kind": r.span.kind,
                "source": r.span.source,
                "gaps": [{"start_s": _num(a, 3), "end_s": _num(b, 3)} for a, b in r.span.gaps],
                "label": r.label,
                "tremor": {
                    "peak_hz": _num(m.peak_hz, 3),
                    "start_peak_hz": _num(m.start_peak_hz, 3),
                    "end_peak_hz": _num(m.end_peak_hz, 3),
                    "peak_prominence": _num(m.peak_prominence, 2),
                    "centroid_hz": _num(m.centroid_hz, 3),
                    "rms_mps2": _num(m.rms_mps2, 5),
                    "end_to_start_ratio": _num(m.end_to_start_ratio, 3),
                    "power_vs_rest": _num(m.power_vs_rest, 3),
                    "last_third_vs_rest": _num(m.last_third_vs_rest, 3),
                    "oob_leak_share": _num(m.oob_leak_share, 3),
                    "out_of_band": None
                    if m.oob_band is None
                    else {
                        "band": m.oob_band,
                        "peak_hz": _num(m.oob_peak_hz, 3),
                        "power_vs_physiological": _num(m.oob_vs_phys, 3),
                        "prominence": _num(m.oob_prominence, 2),
                    },
                    "movement_rms_mps2": _num(m.movement_rms_mps2, 4),
                    "assessable": m.assessable,
                    "not_assessable_reason": m.not_assessable_reason,
                    "movement_windows_excluded": m.movement_windows_excluded,
                    "windows": m.windows,
                },
                "fasciculations": {
                    "count": n_tw,
                    "in_set": m.twitches_in_set,
                    "in_recovery": m.twitches_in_recovery,
                    "rate_per_min": _num(n_tw / minutes if minutes > 0 else 0.0, 3),
                    "recovery_rate_per_min": _num(m.recovery_rate_per_min, 3),
                    "assessable": result.assessable["fasciculations"],
                    "detection_limit_mps2": _num(result.twitch_limit(r.span.start_s, r.span.end_s), 4),
                    "recovery_detection_limit_mps2": _num(
                        result.twitch_limit(r.span.end_s, r.span.recovery_end_s), 4
                    ),
                },
                "causes": [c.to_dict() for c in r.causes],
            }
        )
    return {
        "schema": SCHEMA_ID,
        "generator": f"tremor {__version__}",
        "source": {
            "path": result.source.path,
            "format": result.source.format,
            "units": result.source.units,
            "device": result.source.device,
            "start_unix_s": result.start_unix_s,
            "details": _jsonable(result.source.details),
        },
        "sampling": {
            "rate_hz": _num(s.rate_hz, 4),
            "declared_rate_hz": s.declared_rate_hz,
            "jitter_ms": _num(s.jitter_ms, 4),
            "median_interval_ms": _num(s.median_interval_ms, 4),
            "max_interval_ms": _num(s.max_interval_ms, 3),
            "n_samples": s.n_samples,
            "duration_s": _num(s.duration_s, 3),
            "gaps": [
                {
                    "start_s": _num(g.start_s, 3),
                    "end_s": _num(g.end_s, 3),
                    "duration_s": _num(g.duration_s, 3),
                    "missing_samples": g.missing_samples,
                    "logged_reason": g.logged_reason,
                }
                for g in s.gaps
            ],
            "saturation": [
                {
                    "axis": x.axis,
                    "samples": x.samples,
                    "limit_mps2": _num(x.limit_mps2, 3),
                    "first_s": _num(x.first_s, 3),
                    "how": x.how,
                }
                for x in s.saturation
            ],
            "assessable": dict(result.assessable),
        },
        "rest": {
            "rms_mps2": _num(result.rest_rms_mps2, 5),
            "implausible_rms_mps2": _num(result.implausible_rest_rms_mps2, 5),
            "noise_floor_mps2": _num(result.rest_noise_floor_mps2, 5),
            "twitch_detection_limit_mps2": _num(_rest_limit(result), 4),
        },
        "twitch_detection_limit_mps2": _num(result.twitch_limit(), 4),
        "context": _jsonable(result.context),
        "sets": sets,
        "fasciculations": [
            {
                "t_s": _num(t.t_s, 3),
                "peak_mps2": _num(t.peak_mps2, 4),
                "duration_ms": _num(t.duration_ms, 1),
                "set_index": owner,
            }
            for t, owner in result.twitches
        ],
        "atypical_tremor": [
            {
                "start_s": _num(e.start_s, 2),
                "end_s": _num(e.end_s, 2),
                "peak_hz": _num(e.peak_hz, 3),
                "band": e.band,
                "rms_mps2": _num(e.rms_mps2, 4),
                "set_index": e.set_index,
            }
            for e in result.atypical_tremor
        ],
        "walking": [{"start_s": _num(a, 2), "end_s": _num(b, 2)} for a, b in result.walking],
        "vibration": [
            {
                "start_s": _num(v.start_s, 2),
                "end_s": _num(v.end_s, 2),
                "freq_hz": _num(v.freq_hz, 3),
                "rms_mps2": _num(v.rms_mps2, 4),
                "harmonics": [
                    {"freq_hz": _num(f, 3), "rms_mps2": _num(a, 4)}
                    for f, a in zip(v.harmonics_hz, v.harmonic_rms_mps2)
                ],
                "spread_hz": _num(v.spread_hz, 3),
                "steadiness": v.steadiness,
                "excluded_half_width_hz": [_num(w, 2) for w in v.excluded_hz],
                "note": v.note(),
            }
            for v in result.vibration
        ],
        "session_causes": [c.to_dict() for c in result.session_causes],
        "notes": list(result.notes) + ([] if paired else [SINGLE_SENSOR_NOTE]),
        "disclaimer": "tremor describes signals and names likely, non-medical causes. It is not a medical device "
        "and does not diagnose.",
    }


def _rest_limit(result: AnalysisResult) -> float | None:
    """Twitch detection limit over the still blocks outside every set."""
    lim = result.twitch_limits
    if not lim.size:
        return None
    inside = np.zeros(lim.shape[0], bool)
    for r in result.sets:
        inside |= (lim[:, 0] >= r.span.start_s) & (lim[:, 0] < r.span.end_s)
    if inside.all():
        return None
    rest = replace(result, twitch_limits=lim[~inside])
    return rest.twitch_limit()


def _jsonable(obj: Any) -> Any:
    return json.loads(json.dumps(obj, default=str))


def report_schema() -> dict[str, Any]:
    """The JSON schema of ``tremor.report/1``.

    Returns
    -------
    dict
        The schema, read from the package's ``schemas/report-1.json``.
    """
    text = resources.files("tremor").joinpath("schemas/report-1.json").read_text(encoding="utf-8")
    return json.loads(text)


def report_bytes(report: dict[str, Any]) -> bytes:
    """The JSON text of ``report`` as written to files (indented, UTF-8, a final newline).

    Parameters
    ----------
    report : dict
        The report (from :func:`to_report`).

    Returns
    -------
    bytes
        The JSON text.

    Raises
    ------
    ValueError
        Where the report holds NaN or infinity (not valid JSON).
    """
    return (json.dumps(report, indent=2, allow_nan=False) + "\n").encode("utf-8")


def write_json(report: dict[str, Any], path: str | os.PathLike[str]) -> None:
    """Write ``report`` atomically (a partial file is never left behind); ``-`` is standard output.

    A symbolic link is followed and its target written (see :func:`tremor._files.write_atomic`).

    Parameters
    ----------
    report : dict
        The report (from :func:`to_report`).
    path : str or path-like
        The file to write, or ``-`` for standard output.
    """
    write_atomic(path, report_bytes(report))


def _fmt(x: float | None, spec: str, none: str = "-") -> str:
    return none if x is None else format(x, spec)


#: What each set label means, in the words of the terminal summary's legend.
LABEL_MEANINGS: dict[str, str] = {
    "calm": "6-12 Hz tremor near the resting baseline, no twitching",
    "fatigue_tremor": "6-12 Hz tremor raised over the resting baseline and building through the set",
    "fasciculations": "twitches in the set or in the rest after it",
    "mixed": "fatigue tremor and twitching",
    "atypical_tremor": "a rhythmic peak outside 6-12 Hz (3-7 or 13-18 Hz) dominates the set",
    "not_assessable": "this recording cannot show the set's tremor (sampling rate, too little data, "
    "or vigorous movement; see the notes)",
}

#: Likelihood (0-1) to words: the first bound the likelihood reaches.
_LIKELIHOOD_WORDS = ((0.7, "likely"), (0.4, "possible"), (0.0, "a weak sign"))
_GRADE_WORDS = {
    "strong": "well established",
    "moderate": "moderately supported",
    "weak": "weakly supported",
    "none": "unproven",
}
#: Power ratios are printed within these bounds; beyond them the digits mean nothing.
RATIO_MAX, RATIO_MIN = 1000.0, 0.01


def clock(seconds: float) -> str:
    """``m:ss`` (``h:mm:ss`` past an hour) of a time in seconds, rounded to the second; never negative."""
    total = round(max(float(seconds), 0.0))
    m, sec = divmod(total, 60)
    h, m = divmod(m, 60)
    return f"{h}:{m:02d}:{sec:02d}" if h else f"{m}:{sec:02d}"


def _wrap(text: str, first: str = "", rest: str | None = None, width: int = 110) -> list[str]:
    """``text`` wrapped to ``width`` columns, the first line after ``first``, the others after ``rest``."""
    import textwrap

    return textwrap.wrap(
        text,
        width,
        initial_indent=first,
        subsequent_indent=first if rest is None else rest,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [first]


def _span(a: float, b: float) -> str:
    return f"{clock(a)}-{clock(b)}"


def likelihood_words(likelihood: float) -> str:
    """``likely``, ``possible`` or ``a weak sign`` for a cause's likelihood (0-1)."""
    return next(w for bound, w in _LIKELIHOOD_WORDS if likelihood >= bound)


def cause_words(cause: dict[str, Any]) -> str:
    """A cause of the JSON report in words: ``neuromuscular fatigue (likely)``."""
    from tremor.report._titles import cause_title

    title = cause_title(cause["id"])
    return f"{title[:1].lower()}{title[1:]} ({likelihood_words(cause['likelihood'])})"


def _ratio(x: float | None) -> str:
    """A power ratio bounded to :data:`RATIO_MIN`-:data:`RATIO_MAX` (``>1000x``, ``<0.01x``), ``-`` if none."""
    if x is None:
        return "-"
    if x >= RATIO_MAX:
        return f">{RATIO_MAX:.0f}x"
    if x < RATIO_MIN:
        return f"<{RATIO_MIN:g}x"
    return f"{x:.1f}x" if x >= 0.1 else f"{x:.2f}x"


def _synthetic(src: dict[str, Any]) -> str | None:
    """How the source says it is synthetic (the simulator's log header), or ``None``."""
    details: dict[str, Any] = src.get("details") or {}
    header: dict[str, Any] = details["header"] if isinstance(details.get("header"), dict) else {}
    if details.get("synthetic") or header.get("synthetic"):
        seed = header.get("simulator_seed", details.get("simulator_seed"))
        return (
            "SYNTHETIC: this recording was made by tremor's simulator"
            + (f" (seed {seed})" if seed is not None else "")
            + ", not by a person wearing a sensor"
        )
    return None


def format_summary(report: dict[str, Any]) -> str:
    """A readable terminal summary of a JSON report, for people.

    Only presentation: every figure comes from ``report`` unchanged.

    Parameters
    ----------
    report : dict
        The report (from :func:`to_report`).

    Returns
    -------
    str
        The summary: the recording (synthetic or not, its date) and its sampling, the resting
        baseline, a table of sets with a legend, each set's likely causes with the top one's
        evidence and advice, the detection limit, walking, vibration, out-of-band tremor,
        session causes, notes and the disclaimer.
    """
    from datetime import UTC, datetime

    s = report["sampling"]
    src = report["source"]
    rest = report["rest"]
    # the file name and the device's own name are printed escaped: either may hold a line end or an escape
    lines = [
        f"{printable(src['path'])}  ({src['format']}, {src['units']}"
        f"{', ' + printable(src['device']) if src['device'] else ''})"
    ]
    synthetic = _synthetic(src)
    if synthetic:
        lines.append(synthetic)
    when = (
        datetime.fromtimestamp(src["start_unix_s"], tz=UTC).strftime("recorded %Y-%m-%d %H:%M UTC; ")
        if src.get("start_unix_s") is not None
        else ""
    )
    n_gaps = len(s["gaps"])
    lines.append(
        f"{when}{s['n_samples']} samples over {clock(s['duration_s'] or 0.0)} ({s['duration_s']:.1f} s) "
        f"at {s['rate_hz']:.2f} Hz (jitter {s['jitter_ms']:.2f} ms, "
        f"{n_gaps if n_gaps else 'no'} gap{'' if n_gaps == 1 else 's'})"
    )
    if rest["rms_mps2"]:
        lines.append(
            f"resting baseline: {rest['rms_mps2']:.3f} m/s^2 RMS in 6-12 Hz, measured while still outside "
            "the sets; sets are compared with it"
        )
    if rest.get("implausible_rms_mps2"):
        lines.append(
            f"the 6-12 Hz level at rest is {rest['implausible_rms_mps2']:.3f} m/s^2 RMS, implausible for a "
            "human wrist: no resting baseline"
        )
    lines.append("")
    rows = [
        (
            "set",
            "time",
            "kind",
            "label",
            "peak Hz",
            "RMS m/s^2",
            "vs rest",
            "last/first",
            "in set",
            "after",
            "likely causes",
        )
    ]
    bounded = False
    for st in report["sets"]:
        tr = st["tremor"]
        fa = st["fasciculations"]
        vs_rest, rise = tr["power_vs_rest"], tr["end_to_start_ratio"]
        bounded |= any(x is not None and not RATIO_MIN <= x < RATIO_MAX for x in (vs_rest, rise))
        tw = (str(fa["in_set"]), str(fa["in_recovery"])) if fa["assessable"] else ("-", "-")
        rows.append(
            (
                str(st["index"]),
                _span(st["start_s"], st["end_s"]),
                st["kind"],
                st["label"],
                _fmt(tr["peak_hz"], ".2f"),
                _fmt(tr["rms_mps2"], ".3f"),
                _ratio(vs_rest),
                _ratio(rise),
                *tw,
                ", ".join(cause_words(c) for c in st["causes"][:2]) or "-",
            )
        )
    if report["sets"]:
        widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
        right = {0, 4, 5, 6, 7, 8, 9}
        group = " " * (sum(widths[:4]) + 8)
        tremor_w = sum(widths[4:8]) + 6
        twitch_w = widths[8] + widths[9] + 2
        lines.append(group + "6-12 Hz tremor".center(tremor_w, "-") + "  " + "twitches".center(twitch_w, "-"))
        for i, r in enumerate(rows):
            cells = [c.rjust(w) if j in right else c.ljust(w) for j, (c, w) in enumerate(zip(r, widths))]
            lines.append("  ".join(cells) + "  " + r[-1])
            if i == 0:
                lines.append("-" * (sum(widths) + 2 * len(widths) + len("likely causes")))
        lines.append("")
        lines += _wrap(
            "vs rest: the set's 6-12 Hz power over the resting baseline. last/first: 6-12 Hz power in "
            "the set's last third against its first third (fatigue tremor builds through a set). "
            "twitches: in the set, and in the rest after it."
        )
        if bounded:
            lines += _wrap(
                f"ratios are shown within {RATIO_MIN:g}x-{RATIO_MAX:.0f}x: beyond that the resting "
                "baseline is near the sensor's noise floor, or the set holds almost no 6-12 Hz power, "
                "and the digits mean nothing."
            )
        labels = list(dict.fromkeys(st["label"] for st in report["sets"]))
        lines += _wrap(
            "labels: " + "; ".join(f"{lb} = {LABEL_MEANINGS.get(lb, lb)}" for lb in labels) + ".", rest="  "
        )
    else:
        lines.append("no sets found")
    if any(st["tremor"]["assessable"] and st["tremor"]["peak_hz"] is None for st in report["sets"]):
        lines.append(
            "peak Hz '-': the set's 6-12 Hz spectrum has no peak (its power-weighted mean frequency is "
            "centroid_hz in the JSON report)"
        )
    for st in report["sets"]:
        if not st["causes"]:
            continue
        lines.append("")
        lines.append(
            f"set {st['index']} ({_span(st['start_s'], st['end_s'])}): "
            + "; ".join(cause_words(c) for c in st["causes"])
        )
        for c in st["causes"]:  # each cause with its own evidence and advice
            lines += _wrap(f"why {cause_words(c).rsplit(' (', 1)[0]}: {c['evidence']}", "  ", "    ")
            lines += _wrap(f"advice: {c['advice']}", "  ", "    ")
    limit, rest_limit = report.get("twitch_detection_limit_mps2"), rest.get("twitch_detection_limit_mps2")
    if limit is not None:
        lines.append("")
        lines.append(
            f"twitch detection limit (smallest twitch peak this recording could show, while still): "
            f"{limit:.3f} m/s^2" + (f", at rest {rest_limit:.3f} m/s^2" if rest_limit is not None else "")
        )
    if report["walking"]:
        spans = ", ".join(_span(w["start_s"], w["end_s"]) for w in report["walking"])
        lines.append("")
        lines.append(f"walking (not a set; no twitch detection): {spans}")
    if report.get("vibration"):
        lines.append("")
        lines.append("machine vibration (not tremor; left out of the tremor bands):")
        for v in report["vibration"]:
            harm = ", ".join(f"{h['freq_hz']:.1f}" for h in v["harmonics"])
            lines.append(
                f"  {_span(v['start_s'], v['end_s'])}  {v['freq_hz']:.2f} Hz line, "
                f"{v['rms_mps2']:.3f} m/s^2 RMS" + (f", harmonics at {harm} Hz" if harm else "")
            )
    if report["atypical_tremor"]:
        lines.append("")
        lines.append("out-of-band rhythmic tremor (outside 6-12 Hz):")
        for e in report["atypical_tremor"]:
            where = f"in set {e['set_index']}" if e["set_index"] else "at rest"
            lines.append(f"  {_span(e['start_s'], e['end_s'])}  {e['peak_hz']:.1f} Hz ({e['band']}), {where}")
    if report["session_causes"]:
        lines.append("")
        lines.append("across the session:")
        for c in report["session_causes"]:
            grade = _GRADE_WORDS.get(c["evidence_grade"], c["evidence_grade"])
            lines += _wrap(f"{cause_words(c)}, a {grade} cause: {c['evidence']}", "  ", "    ")
            lines += _wrap(f"advice: {c['advice']}", "    ", "      ")
    if report["notes"]:
        lines.append("")
        lines.append("notes:")
        for n in report["notes"]:
            lines += _wrap(printable(n), "  - ", "    ")
    lines.append("")
    lines.append(report["disclaimer"])
    return "\n".join(lines)
