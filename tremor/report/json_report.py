"""Reports: the JSON document (schema ``tremor.report/1``) and the terminal summary.

The JSON schema lives in ``tremor/schemas/report-1.json`` and is documented in ``docs/report.md``.
Times are seconds from the first sample.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import replace
from importlib import resources
from typing import Any

import numpy as np

from tremor import __version__
from tremor._files import write_atomic
from tremor.core.analysis import AnalysisResult
from tremor.core.pairing import SINGLE_SENSOR_NOTE
from tremor.errors import printable

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
    s = result.sampling
    sets = []
    for r in result.sets:
        m = r.metrics
        n_tw = m.twitches_in_set + m.twitches_in_recovery
        minutes = (r.span.recovery_end_s - r.span.start_s) / 60.0
        sets.append({
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
                "out_of_band": None if m.oob_band is None else {
                    "band": m.oob_band, "peak_hz": _num(m.oob_peak_hz, 3),
                    "power_vs_physiological": _num(m.oob_vs_phys, 3), "prominence": _num(m.oob_prominence, 2)},
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
                "recovery_detection_limit_mps2": _num(result.twitch_limit(r.span.end_s, r.span.recovery_end_s), 4),
            },
            "causes": [c.to_dict() for c in r.causes],
        })
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
            "gaps": [{"start_s": _num(g.start_s, 3), "end_s": _num(g.end_s, 3), "duration_s": _num(g.duration_s, 3),
                      "missing_samples": g.missing_samples, "logged_reason": g.logged_reason} for g in s.gaps],
            "saturation": [{"axis": x.axis, "samples": x.samples, "limit_mps2": _num(x.limit_mps2, 3),
                            "first_s": _num(x.first_s, 3), "how": x.how} for x in s.saturation],
            "assessable": dict(result.assessable),
        },
        "rest": {"rms_mps2": _num(result.rest_rms_mps2, 5),
                 "implausible_rms_mps2": _num(result.implausible_rest_rms_mps2, 5),
                 "noise_floor_mps2": _num(result.rest_noise_floor_mps2, 5),
                 "twitch_detection_limit_mps2": _num(_rest_limit(result), 4)},
        "twitch_detection_limit_mps2": _num(result.twitch_limit(), 4),
        "context": _jsonable(result.context),
        "sets": sets,
        "fasciculations": [
            {"t_s": _num(t.t_s, 3), "peak_mps2": _num(t.peak_mps2, 4), "duration_ms": _num(t.duration_ms, 1),
             "set_index": owner}
            for t, owner in result.twitches
        ],
        "atypical_tremor": [
            {"start_s": _num(e.start_s, 2), "end_s": _num(e.end_s, 2), "peak_hz": _num(e.peak_hz, 3), "band": e.band,
             "rms_mps2": _num(e.rms_mps2, 4), "set_index": e.set_index}
            for e in result.atypical_tremor
        ],
        "walking": [{"start_s": _num(a, 2), "end_s": _num(b, 2)} for a, b in result.walking],
        "vibration": [
            {"start_s": _num(v.start_s, 2), "end_s": _num(v.end_s, 2), "freq_hz": _num(v.freq_hz, 3),
             "rms_mps2": _num(v.rms_mps2, 4),
             "harmonics": [{"freq_hz": _num(f, 3), "rms_mps2": _num(a, 4)}
                           for f, a in zip(v.harmonics_hz, v.harmonic_rms_mps2)],
             "spread_hz": _num(v.spread_hz, 3), "steadiness": v.steadiness,
             "excluded_half_width_hz": [_num(w, 2) for w in v.excluded_hz], "note": v.note()}
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


def format_summary(report: dict[str, Any]) -> str:
    """A readable terminal summary: one row per set, then the notes.

    Parameters
    ----------
    report : dict
        The report (from :func:`to_report`).

    Returns
    -------
    str
        The summary: the recording and its sampling, a table of sets, the detection limit,
        walking, vibration, out-of-band tremor, session causes, notes and the disclaimer.
    """
    s = report["sampling"]
    src = report["source"]
    lines = [
        # the file name and the device's own name are printed escaped: either may hold a line end or an escape
        f"{printable(src['path'])}  ({src['format']}, {src['units']}"
        f"{', ' + printable(src['device']) if src['device'] else ''})",
        f"{s['n_samples']} samples over {s['duration_s']:.1f} s at {s['rate_hz']:.2f} Hz "
        f"(jitter {s['jitter_ms']:.2f} ms, {len(s['gaps'])} gap(s))"
        + (f"; rest tremor {report['rest']['rms_mps2']:.3f} m/s^2 RMS (6-12 Hz)" if report["rest"]["rms_mps2"] else "")
        + (f"; rest 6-12 Hz level {report['rest']['implausible_rms_mps2']:.3f} m/s^2 RMS, implausible for a human"
           if report["rest"].get("implausible_rms_mps2") else ""),
        "",
    ]
    header = f"{'set':>3}  {'start-end (s)':>15}  {'kind':<5} {'label':<16} {'peak Hz':>7} {'RMS m/s2':>8} {'fatigue':>7} {'twitches':>8}  top causes"
    lines.append(header)
    lines.append("-" * len(header))
    for st in report["sets"]:
        tr = st["tremor"]
        causes = ", ".join(f"{c['id']} {c['likelihood']:.2f}" for c in st["causes"][:2]) or "-"
        lines.append(
            f"{st['index']:>3}  {st['start_s']:>7.1f}-{st['end_s']:<7.1f}  {st['kind']:<5} {st['label']:<16} "
            f"{_fmt(tr['peak_hz'], '7.2f', '      -')} {_fmt(tr['rms_mps2'], '8.3f', '       -')} "
            f"{(_fmt(tr['end_to_start_ratio'], '6.1f') + 'x') if tr['end_to_start_ratio'] is not None else '      -'} "
            f"{st['fasciculations']['count']:>8}  {causes}"
        )
    if not report["sets"]:
        lines.append("  (no sets found)")
    if any(st["tremor"]["assessable"] and st["tremor"]["peak_hz"] is None for st in report["sets"]):
        lines.append("  peak Hz '-': the set's 6-12 Hz spectrum has no peak (its power-weighted mean frequency is "
                     "centroid_hz in the JSON report)")
    limit, rest_limit = report.get("twitch_detection_limit_mps2"), report["rest"].get("twitch_detection_limit_mps2")
    if limit is not None:
        lines.append("")
        lines.append(f"twitch detection limit (smallest twitch peak this recording could show, while still): "
                     f"{limit:.3f} m/s^2" + (f", at rest {rest_limit:.3f} m/s^2" if rest_limit is not None else ""))
    if report["walking"]:
        spans = ", ".join(f"{w['start_s']:.1f}-{w['end_s']:.1f} s" for w in report["walking"])
        lines.append("")
        lines.append(f"walking (not a set; no twitch detection): {spans}")
    if report.get("vibration"):
        lines.append("")
        lines.append("machine vibration (not tremor; left out of the tremor bands):")
        for v in report["vibration"]:
            harm = ", ".join(f"{h['freq_hz']:.1f}" for h in v["harmonics"])
            lines.append(f"  {v['start_s']:.1f}-{v['end_s']:.1f} s  {v['freq_hz']:.2f} Hz line, {v['rms_mps2']:.3f} m/s^2 RMS"
                         + (f", harmonics at {harm} Hz" if harm else ""))
    if report["atypical_tremor"]:
        lines.append("")
        lines.append("out-of-band rhythmic tremor:")
        for e in report["atypical_tremor"]:
            where = f"set {e['set_index']}" if e["set_index"] else "at rest"
            lines.append(f"  {e['start_s']:.1f}-{e['end_s']:.1f} s  {e['peak_hz']:.1f} Hz ({e['band']}), {where}")
    if report["session_causes"]:
        lines.append("")
        lines.append("session:")
        for c in report["session_causes"]:
            lines.append(f"  {c['id']} ({c['likelihood']:.2f}, evidence {c['evidence_grade']}): {c['evidence']}")
            lines.append(f"    advice: {c['advice']}")
    if report["notes"]:
        lines.append("")
        lines.append("notes:")
        lines.extend(f"  - {printable(n)}" for n in report["notes"])
    lines.append("")
    lines.append(report["disclaimer"])
    return "\n".join(lines)
