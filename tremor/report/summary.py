"""The terminal summary of a JSON report: :func:`format_summary` and its wording helpers.

Only presentation: every figure comes from the report of :func:`tremor.report.json_report.to_report`
unchanged; this module turns it into lines for people (words for likelihoods and evidence grades,
``m:ss`` times, legends, bounded ratios). The label meanings here are also the HTML report's legend.
"""

from __future__ import annotations

from typing import Any

from tremor.core.notes import HIGH_TWITCH_LIMIT_MPS2
from tremor.core.set_labels import (
    ENHANCED_OVER_REST,
    FATIGUE_OVER_REST,
    FATIGUE_RISE,
    FATIGUE_RISE_MIN,
    FATIGUE_RISE_Z,
    fatigue_over_rest,
)
from tremor.errors import printable
from tremor.report.episode_words import episode_where, size_words
from tremor.report.html_parts import cause_title
from tremor.report.resolution_words import (
    UNRESOLVED_REST_LEGEND,
    resolution_line,
    rest_line,
    vibration_limit_words,
    vs_rest_text,
)
from tremor.report.twitch_counts import twitch_count_text

__all__ = [
    "format_summary",
    "clock",
    "likelihood_words",
    "cause_words",
    "size_words",
    "peak_words",
    "LABEL_MEANINGS",
]


def _fmt(x: float | None, spec: str, none: str = "-") -> str:
    return none if x is None else format(x, spec)


def peak_words(peak_hz: float | None, sd_hz: float | None, none: str = "-") -> str:
    """A set's tremor peak with its standard error, to the digits the error supports.

    Two decimals where the error is under 0.1 Hz, else one (``"8.62±0.07"``, ``"10.4±0.2"``); one
    decimal and no error where the report has none (the fit's fallback, no error model).

    Parameters
    ----------
    peak_hz : float or None
        The report's ``peak_hz``.
    sd_hz : float or None
        The report's ``peak_sd_hz``.
    none : str
        What to show where there is no peak.

    Returns
    -------
    str
        The peak in Hz (no unit).
    """
    if peak_hz is None:
        return none
    if sd_hz is None:
        return f"{peak_hz:.1f}"
    digits = 2 if sd_hz < 0.095 else 1
    return f"{peak_hz:.{digits}f}±{max(sd_hz, 10.0**-digits):.{digits}f}"


#: The fatigue rise of classify.rising, and its level over a rest at the sensor's noise floor, in words.
_RISE = (
    f" (up {FATIGUE_RISE_MIN:g}x standing {FATIGUE_RISE_Z:g} standard errors out of chance, or by more: chance from its "
    f"frames' scatter under {FATIGUE_RISE:g}x, and at any rise from a steady tremor line as wide as its own)"
)
_FLOOR = f"({fatigue_over_rest(True):.3g}x a rest flat at the sensor's noise level)"
_UNSEEN = (
    " (none is counted where none could have been seen: a '-' in the twitch columns, or under 100 Hz; a twitch inside"
    " an out-of-band rhythm episode is shown in the columns but not counted, see the notes)"
)
#: What each set label means, in the words of the terminal summary's legend.
LABEL_MEANINGS: dict[str, str] = {
    # the thresholds of classify.label_set (core/set_labels.py), from its constants so the words follow the rule
    "calm": (
        f"no twitch counted{_UNSEEN}, and 6-12 Hz tremor neither building through the set{_RISE} to "
        f"{FATIGUE_OVER_REST:g}x the resting baseline nor {ENHANCED_OVER_REST:g}x it by the set's end "
        f"(or no resting baseline to compare with; the rise's {FATIGUE_OVER_REST:g}x is {_FLOOR[1:-1]}; a rise of "
        f"{FATIGUE_RISE_MIN:g}x or more within chance that reached it is no fatigue shown: the notes say so)"
    ),
    "fatigue_tremor": (
        f"6-12 Hz tremor building through the set{_RISE} to {FATIGUE_OVER_REST:g}x the resting baseline or more {_FLOOR}, "
        f"or {ENHANCED_OVER_REST:g}x it by the set's end where the tremor line peaked in the band in one of its first "
        "and last thirds but not in the other (it crossed the band's edge, so the band cannot show the rise)"
    ),
    "enhanced_tremor": (
        f"enhanced, with no sign of fatigue shown in this set: 6-12 Hz tremor {ENHANCED_OVER_REST:g}x the resting "
        f"baseline or more by the set's end, its line in the band in both its first and last thirds (or in neither), "
        f"without the fatigue rise (a rise of {FATIGUE_RISE_MIN:g}x or more short of {FATIGUE_RISE_Z:g} standard errors "
        f"of its own scatter or its line's chance is none: its causes or the notes say so), no twitch counted{_UNSEEN}"
    ),
    "fasciculations": "twitches in the set or in the rest after it, without fatigue tremor shown (or with its tremor "
    "not assessable: see the notes)",
    "mixed": "fatigue tremor and twitching",
    "atypical_tremor": "a rhythmic peak outside 6-12 Hz (3-7 or 13-18 Hz) dominates the set",
    "not_assessable": "this recording cannot show the set's tremor (sampling rate, too little data, vigorous movement, "
    "machine vibration, not worn, a faint out-of-band peak's skirt in 6-12 Hz, impacts in most windows, a large 3-7 Hz "
    "rhythm whose rate wanders as a hand's strokes do, a 3-7 Hz rhythm the size of a deliberate movement, a level or a "
    "rest under the sensor's resolution; see the notes)",
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
    """``m:ss`` (``h:mm:ss`` past an hour) of a time in seconds, rounded to the second; never negative.

    Parameters
    ----------
    seconds : float
        The time in s.

    Returns
    -------
    str
        The time on a clock, ``0:00`` for a negative time.
    """
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
    """``likely``, ``possible`` or ``a weak sign`` for a cause's likelihood (0-1).

    Parameters
    ----------
    likelihood : float
        The cause's likelihood, 0-1.

    Returns
    -------
    str
        The likelihood in words.
    """
    return next(w for bound, w in _LIKELIHOOD_WORDS if likelihood >= bound)


def cause_words(cause: dict[str, Any]) -> str:
    """A cause of the JSON report in words: ``neuromuscular fatigue (likely)``.

    Parameters
    ----------
    cause : dict
        One cause of the report (its ``id`` and ``likelihood`` are used).

    Returns
    -------
    str
        The cause's title in lower case, then its likelihood in words.
    """
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


def band_withheld(tremor: dict[str, Any]) -> bool:
    """Whether an assessed set's 6-12 Hz figures were withheld because an out-of-band peak's skirt fills the band
    (the test the summary, the HTML report and the live card share).

    Parameters
    ----------
    tremor : dict
        A set's ``tremor`` entry of the JSON report.

    Returns
    -------
    bool
        True where the set was assessed, has no 6-12 Hz RMS, and carries an out-of-band leak share.
    """
    return bool(
        tremor.get("assessable", True)
        and tremor.get("rms_mps2") is None
        and tremor.get("oob_leak_share") is not None
    )


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
    coarse = resolution_line(
        s.get("code_step_mps2"),
        twitches_assessed=bool((s.get("assessable") or {}).get("fasciculations", True)),
    )
    if coarse:
        lines += _wrap(coarse)
    if unresolved := rest_line(report):
        lines += _wrap(unresolved)
    elif rest["rms_mps2"]:
        lines.append(
            f"resting baseline: {rest['rms_mps2']:.3f} m/s^2 RMS in 6-12 Hz, measured while still outside "
            + ("the sets; sets are compared with it" if report["sets"] else "any set (none was found)")
        )
    if rest.get("implausible_rms_mps2"):
        lines.append(
            f"the 6-12 Hz level at rest is {rest['implausible_rms_mps2']:.3f} m/s^2 RMS, implausible for a "
            "human wrist: no resting baseline"
        )
    lines.append("")
    head = (
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
    )
    rows = [(*head, "likely causes")]
    bounded = unseen = ceiled = False
    for st in report["sets"]:
        tr = st["tremor"]
        fa = st["fasciculations"]
        vs_rest, rise = tr["power_vs_rest"], tr["end_to_start_ratio"]
        vs_text, over_ceiling = vs_rest_text(tr, "power_vs_rest", _ratio)
        ceiled |= over_ceiling
        bounded |= any(x is not None and not RATIO_MIN <= x < RATIO_MAX for x in (vs_rest, rise))
        tw = (
            twitch_count_text(fa, "in_set"),
            twitch_count_text(fa, "in_recovery"),
        )
        unseen |= fa["assessable"] and "-" in tw
        rows.append(
            (
                str(st["index"]),
                _span(st["start_s"], st["end_s"]),
                st["kind"],
                st["label"],
                peak_words(tr["peak_hz"], tr.get("peak_sd_hz")),
                _fmt(tr["rms_mps2"], ".3f"),
                vs_text or "-",
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
        if ceiled:
            lines += _wrap(UNRESOLVED_REST_LEGEND)
        if unseen:
            lines += _wrap(
                "twitches '-': none could have been seen there (twitches are counted while the wrist is still "
                "and the device worn: the wrist was never still there, as in reps, or shaking raised the "
                f"detection limit there to {HIGH_TWITCH_LIMIT_MPS2:g} m/s^2 or more). A 0 means none above that "
                "span's detection limit (fasciculations.detection_limit_mps2 in the JSON report)."
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
    if any(st["tremor"].get("peak_sd_hz") is not None for st in report["sets"]):
        lines += _wrap(
            "peak Hz: the maximum of the set's 6-12 Hz spectrum (a tremor line's fitted centre) ± its standard "
            "error, the spread from one stretch of the same tremor to the next; a wide line over a short set "
            "cannot be placed closer."
        )
    if any(band_withheld(st["tremor"]) for st in report["sets"]):
        lines += _wrap(
            "6-12 Hz tremor '-' in an assessed set: the skirt and harmonics of its out-of-band oscillation fill "
            "the 6-12 Hz band, so the band measures that oscillation, not tremor (see the notes)."
        )
    if any(
        st["tremor"]["assessable"] and st["tremor"]["peak_hz"] is None and not band_withheld(st["tremor"])
        for st in report["sets"]
    ):
        lines.append(
            "peak Hz '-': the set's 6-12 Hz spectrum has no peak, or its maximum is the skirt of a higher line "
            "centred at or just outside the band's edge, far above any bump inside the band (its power-weighted "
            "mean frequency is centroid_hz in the JSON report)"
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
            size = size_words(st["tremor"]["out_of_band"]) if c["id"] == "see_a_clinician" else ""
            lines += _wrap(size, "  ", "    ") if size else []
            lines += _wrap(f"advice: {c['advice']}", "  ", "    ")
    limit, rest_limit = report.get("twitch_detection_limit_mps2"), rest.get("twitch_detection_limit_mps2")
    if limit is not None:
        lines.append("")
        lines += _wrap(
            "twitch detection limit (the peak a 20 ms reference twitch is found at about half the time, median over the "
            f"still, worn stretches; it varies with the background, and fainter twitches are sometimes found): {limit:.3f} m/s^2"
            + (f", at rest {rest_limit:.3f} m/s^2" if rest_limit is not None else "")
            + vibration_limit_words(report, limit)
        )
    oob_limit = report.get("out_of_band_detection_limit_mps2")
    if oob_limit is not None:
        high = report["sampling"]["assessable"].get("out_of_band_tremor", False)
        bands = "3-7 and 13-18 Hz" if high else "3-7 Hz"
        lines += _wrap(
            f"out-of-band tremor detection limit ({bands}): {oob_limit:.3f} m/s^2 RMS while the wrist is still (the "
            "highest over the recording: ten times its noise where the wrist was still, within 0.030-0.063 m/s^2, and "
            "0.063 under a machine line or with no still stretch; a weaker rhythm may not be told from them, and then "
            "is not reported). While the wrist moves or shakes a rhythm must also stand out over that motion, so the "
            "limit is higher there"
        )
    if report["walking"]:
        spans = ", ".join(_span(w["start_s"], w["end_s"]) for w in report["walking"])
        lines.append("")
        lines += _wrap(
            "walking or running (gait: not a set; no twitch detection; high knees, half jacks and other drills"
            " landing twice per arm swing can read the same at one wrist and are then not counted as sets): "
            + spans
        )
    if report.get("phone_use"):
        spans = ", ".join(_span(w["start_s"], w["end_s"]) for w in report["phone_use"])
        lines.append("")
        lines += _wrap(
            "phone use or tapping (a raised forearm with typing taps through it; not a set; no twitch detection): "
            + spans
        )
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
        lines.append("out-of-band rhythm (outside 6-12 Hz):")
        for e in report["atypical_tremor"]:
            lines += _wrap(
                f"{_span(e['start_s'], e['end_s'])}  {e['peak_hz']:.1f} Hz ({e['band']}), {episode_where(e)}"
                + size_words(e, leg=e.get("bouncing_leg_possible") is True).replace("size: ", "; ", 1),
                "  ",
                "    ",
            )
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
