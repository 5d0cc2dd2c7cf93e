"""The JSON report of one analysis (schema ``tremor.report/1``): building, schema and writing.

The JSON schema lives in ``tremor/schemas/report-1.json`` and is documented in ``docs/report.md``.
Times are seconds from the first sample. The terminal summary of a report is in
:mod:`tremor.report.summary` (:func:`format_summary` is re-exported here for existing importers), the JSON
text in :mod:`tremor.report.json_text` (:func:`report_bytes`, re-exported too).
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
from tremor.core.notes import SINGLE_SENSOR_NOTE
from tremor.report.json_text import report_bytes
from tremor.report.summary import format_summary

if TYPE_CHECKING:  # a batch's own process writes reports without importing the analysis (scipy)
    from tremor.core.analysis import AnalysisResult, SetResult
    from tremor.core.episodes import Episode

__all__ = [
    "SCHEMA_ID",
    "to_report",
    "set_entry",
    "report_schema",
    "write_json",
    "report_bytes",
    "format_summary",
]

SCHEMA_ID = "tremor.report/1"


def _num(x: float | None, digits: int = 4) -> float | None:
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return None
    return round(float(x), digits)


def _stamp_bursts(bursts: tuple[dict[str, Any], ...]) -> dict[str, Any]:
    """The ``stamp_bursts`` entry of the sampling section, where the stamps came in bursts (else nothing)."""
    return {"stamp_bursts": [dict(b) for b in bursts]} if bursts else {}


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
    from tremor.core.plausibility import displacement_amplitude_m

    s = result.sampling
    sets = [set_entry(result, r) for r in result.sets]
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
            "code_step_mps2": [_num(q, 6) for q in s.code_step_mps2],
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
            "rate_changes": [
                {"time_s": _num(c.time_s, 3), "from_hz": _num(c.from_hz, 3), "to_hz": _num(c.to_hz, 3)}
                for c in s.rate_changes
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
            # stamps written in bursts (a phone batching its sensor) put on their measured rate: only where found
            **_stamp_bursts(s.bursts or tuple(result.source.details.get("stamp_burst_stretches", ()))),
        },
        "rest": {
            "rms_mps2": _num(result.rest_rms_mps2, 5),
            "implausible_rms_mps2": _num(result.implausible_rest_rms_mps2, 5),
            "noise_floor_mps2": _num(result.rest_noise_floor_mps2, 5),
            "twitch_detection_limit_mps2": _num(_rest_limit(result), 4),
        },
        "twitch_detection_limit_mps2": _num(result.twitch_limit(), 4),
        "twitch_detection_limit_measured_under": result.twitch_limit_measured_under(),
        "out_of_band_detection_limit_mps2": _num(result.oob_limit_mps2, 4),
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
                "displacement_mm": _num(1e3 * displacement_amplitude_m(e.rms_mps2, e.peak_hz), 3),
                "set_index": e.set_index,
                **_leg_fields(result, e),
            }
            for e in result.atypical_tremor
        ],
        "set_aside_rhythms": [
            {
                "start_s": _num(e.start_s, 2),
                "end_s": _num(e.end_s, 2),
                "peak_hz": _num(e.peak_hz, 3),
                "band": e.band,
                "set_index": e.set_index,
                "why": why,
            }
            for e, why in result.set_aside_rhythms
        ],
        "walking": [{"start_s": _num(a, 2), "end_s": _num(b, 2)} for a, b in result.walking],
        "phone_use": [{"start_s": _num(a, 2), "end_s": _num(b, 2)} for a, b in result.phone_use],
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
                "drift_hz_per_min": _num(v.drift_hz_per_min, 3),
                "freq_range_hz": [
                    _num(min(v.track_hz or (v.freq_hz,)), 3),
                    _num(max(v.track_hz or (v.freq_hz,)), 3),
                ],
                "steadiness": v.steadiness,
                "could_be_tremor": v.could_be_tremor,
                "excluded_half_width_hz": [_num(w, 2) for w in v.excluded_hz],
                "note": v.note(),
            }
            for v in result.vibration
        ],
        "external_vibration": [
            {
                "start_s": _num(v.start_s, 2),
                "end_s": _num(v.end_s, 2),
                "rms_mps2": _num(v.rms_mps2, 4),
                "band_hz": [_num(v.band_hz[0], 2), _num(v.band_hz[1], 2)],
                "note": v.note(),
            }
            for v in result.external_vibration
        ],
        "session_causes": [c.to_dict() for c in result.session_causes],
        "notes": list(result.notes) + ([] if paired else [SINGLE_SENSOR_NOTE]),
        "disclaimer": "tremor describes signals and names likely, non-medical causes. It is not a medical device "
        "and does not diagnose.",
    }


def set_entry(result: AnalysisResult, r: SetResult) -> dict[str, Any]:
    """One set's entry of the report's ``sets`` (what :func:`to_report` gives for ``r``).

    The entry reads only ``r`` and the result's assessability, twitch detection limits, frames and
    not-worn stretches, never the other sets: a live set card fills its entry from a summary
    that measured only its set (:func:`tremor.core.analysis.summarize` with ``only_set_start_s``).

    Parameters
    ----------
    result : AnalysisResult
        The analysis that holds the set.
    r : SetResult
        The set.

    Returns
    -------
    dict
        The set's entry: index, span, label, tremor, fasciculations and causes.
    """
    m = r.metrics
    n_tw = m.twitches_in_set + m.twitches_in_recovery
    minutes = (r.span.recovery_end_s - r.span.start_s) / 60.0
    return {
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
            "peak_sd_hz": _num(m.peak_sd_hz, 3),
            "centroid_hz": _num(m.centroid_hz, 3),
            "rms_mps2": _num(m.rms_mps2, 5),
            "end_to_start_ratio": _num(m.end_to_start_ratio, 3),
            "power_vs_rest": _num(m.power_vs_rest, 3),
            "last_third_vs_rest": _num(m.last_third_vs_rest, 3),
            "power_vs_rest_at_least": _num(m.power_vs_rest_at_least, 3),
            "last_third_vs_rest_at_least": _num(m.last_third_vs_rest_at_least, 3),
            "oob_leak_share": _num(m.oob_leak_share, 3),
            "out_of_band": None
            if m.oob_band is None
            else {
                "band": m.oob_band,
                "peak_hz": _num(m.oob_peak_hz, 3),
                "power_vs_physiological": _num(m.oob_vs_phys, 3),
                "prominence": _num(m.oob_prominence, 2),
                **_oob_size(result, r),
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
            "in_set_assessable": result.twitches_seen(r.span.start_s, r.span.end_s),
            "in_recovery_assessable": result.twitches_seen(r.span.end_s, r.span.recovery_end_s),
            "detection_limit_mps2": _num(result.twitch_limit(r.span.start_s, r.span.end_s), 4),
            "recovery_detection_limit_mps2": _num(
                result.twitch_limit(r.span.end_s, r.span.recovery_end_s), 4
            ),
        },
        "causes": [c.to_dict() for c in r.causes],
    }


def _leg_fields(result: AnalysisResult, e: Episode) -> dict[str, Any]:
    """Whether a bouncing leg, or a knee under the hand, could give a rest episode, and its share along gravity.

    True for a rest episode :func:`tremor.core.upright_rest.upright_rest` hedged (along gravity, or of unknown
    direction with gravity removed), False for another rest episode, None in a set (not judged there).
    """
    if e.set_index is not None:
        return {"bouncing_leg_possible": None, "along_gravity_share": None}
    shares = [v for x, v in result.leg_possible if x == e]
    return {
        "bouncing_leg_possible": bool(shares),
        "along_gravity_share": _num(shares[0], 3) if shares else None,
    }


def _oob_size(result: AnalysisResult, r: SetResult) -> dict[str, float | None]:
    from tremor.core.plausibility import displacement_amplitude_m, oscillation_rms

    """The set's out-of-band oscillation: its RMS acceleration and the displacement that implies."""
    m = r.metrics
    if m.oob_peak_hz is None:
        return {"rms_mps2": None, "displacement_mm": None}
    rms = oscillation_rms(result.frames, r.span.start_s, r.span.end_s, m.oob_peak_hz, exclude=result.not_worn)
    size = None if rms is None else 1e3 * displacement_amplitude_m(rms, m.oob_peak_hz)
    return {"rms_mps2": _num(rms, 4), "displacement_mm": _num(size, 3)}


def _rest_limit(result: AnalysisResult) -> float | None:
    """Twitch detection limit over the still blocks outside every set."""
    lim = result.twitch_limits
    if not lim.size:
        return None
    t = lim[:, 0]
    in_order = bool(np.all(t[1:] >= t[:-1]))  # as summarize makes them: each set's blocks are a slice
    inside = np.zeros(lim.shape[0], bool)
    for r in result.sets:
        a, b = r.span.start_s, r.span.end_s
        if in_order and not (math.isnan(a) or math.isnan(b)):
            inside[np.searchsorted(t, a, "left") : np.searchsorted(t, b, "left")] = True
        else:
            inside |= (t >= a) & (t < b)
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
