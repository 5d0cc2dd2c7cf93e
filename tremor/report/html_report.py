"""The HTML report of one session, and the same figures as PNG files.

:func:`render_html` builds one self-contained page: inline CSS, figures embedded as base64 PNG,
no scripts that fetch anything and a Content-Security-Policy that forbids every network load, so
a coach can open it offline. Every piece of text from the analysis or the file is HTML-escaped.

Page layout::

    header          file, device, date, duration, rate, rest baseline, disclaimer
    #timeline       session timeline figure and a table of the sets
    #session        causes judged across the session
    #sets           one <article class="set-card"> per set: label, metrics, four panels
                    (spectrogram, spectrum with bands, 6-12 Hz trend by thirds, twitch raster),
                    and a card per likely cause with its evidence and advice
    #episodes       out-of-band rhythm episodes (when any)
    #notes          data quality and notes; what only several sessions can tell

:func:`write_html_report` and :func:`write_png_figures` write atomically (temporary file, then
``os.replace``), so a failure never leaves a partial file.

The pieces this page shares with the history page (:mod:`tremor.report.history_render`) and the
two-wrist page (:mod:`tremor.report.pair_html`) are in :mod:`tremor.report.html_parts`: escaping,
style, cause titles and cards, embedded figures. The set figure is drawn in :mod:`tremor.report.set_plots`.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tremor._files import write_all, write_atomic
from tremor.core.classify import OOB_OVER_PHYS, OOB_PROMINENCE
from tremor.core.set_labels import NOT_ASSESSABLE_WORDS
from tremor.errors import InputError
from tremor.report import plots as _plots
from tremor.report import set_plots as _set_plots
from tremor.report.episode_words import episode_where as _episode_where
from tremor.report.html_parts import CAUSE_TITLES, cause_title
from tremor.report.html_parts import PAGE_CSS as _CSS
from tremor.report.html_parts import badge as _badge
from tremor.report.html_parts import causes_html as _causes_html
from tremor.report.html_parts import escape as _e
from tremor.report.html_parts import figure_data_uri as _data_uri
from tremor.report.html_parts import figure_html as _figure_html
from tremor.report.html_parts import twitch_fact as _twitch_fact
from tremor.report.resolution_words import (
    UNRESOLVED_REST_LEGEND,
    rest_ceiling_text,
    vs_rest_cell,
    vs_rest_text,
)
from tremor.report.summary import band_withheld as _band_withheld
from tremor.report.summary import peak_words as _peak_words
from tremor.report.summary import size_words as _size_words
from tremor.report.twitch_counts import total_twitch_text, twitch_card_metrics

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

    from tremor.core.analysis import AnalysisResult

__all__ = ["CAUSE_TITLES", "render_html", "report_figures", "write_html_report", "write_png_figures"]

_MULTI_SESSION_HINT = (
    "Some causes need more than one session: twitching at rest that persists across days, twitching 1-5 days "
    "after a hard session, and a rested re-test of an out-of-band rhythm. Save each session's JSON report "
    "(--json) into one folder and run 'tremor history FOLDER' to judge them."
)


def oob_is_tremor(oob: dict[str, Any] | None) -> bool:
    """Batch's rule (:func:`tremor.core.classify.label_set`): an out-of-band peak is tremor only where it is
    prominent (peak over the 2-20 Hz median >= OOB_PROMINENCE) and stronger than the 6-12 Hz peak by
    OOB_OVER_PHYS; any other out-of-band maximum is noise and is not shown."""
    if not oob:
        return False
    return (oob.get("prominence") or 0.0) >= OOB_PROMINENCE and (
        oob.get("power_vs_physiological") or 0.0
    ) >= OOB_OVER_PHYS


def _fmt(x: float | None, spec: str, unit: str = "", none: str = "–") -> str:
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return none
    return format(x, spec) + unit


def _clock(seconds: float) -> str:
    seconds = max(float(seconds), 0.0)
    m, s = divmod(round(seconds), 60)
    h, m = divmod(m, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


# -- figures -------------------------------------------------------------------------------------


def report_figures(result: AnalysisResult) -> Iterator[tuple[str, str, Figure]]:
    """The report's figures, one at a time: ``(file stem, caption, figure)``.

    ``timeline`` first, then ``set-01``, ``set-02``, ... Built lazily so only one figure is alive.

    Parameters
    ----------
    result : AnalysisResult
        The analysis of one recording.

    Yields
    ------
    stem : str
        File stem of the figure.
    caption : str
        Short caption.
    figure : matplotlib.figure.Figure
        The figure.
    """
    yield "timeline", "Session timeline", _plots.timeline_figure(result)
    for s in result.sets:
        yield f"set-{s.span.index:02d}", f"Set {s.span.index}", _set_plots.set_figure(result, s)


# -- page ----------------------------------------------------------------------------------------


def render_html(
    result: AnalysisResult, *, figures: bool = True, on_figure: Callable[[str], None] | None = None
) -> str:
    """The report page of ``result`` as one HTML string (self-contained, UTF-8).

    Parameters
    ----------
    result : AnalysisResult
        What :func:`tremor.core.analysis.analyze` (or the live analyzer) returned.
    figures : bool
        Embed the figures (needs matplotlib). ``False`` gives the text-only page (used by tests).
    on_figure : callable, optional
        Called with each figure's name after it is rendered (progress reporting).

    Returns
    -------
    str
        The HTML page, figures embedded as data URIs.
    """
    from tremor.report.json_report import to_report

    report = to_report(result)
    images: dict[str, str] = {}
    if figures:
        for name, _caption, fig in report_figures(result):
            images[name] = _data_uri(fig)
            if on_figure is not None:
                on_figure(name)
    colors = _plots.LABEL_COLORS
    src = report["source"]
    s = report["sampling"]
    title = Path(src["path"]).name or src["path"]
    parts: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        (
            '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; img-src data:; '
            "style-src 'unsafe-inline'\">"
        ),
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="{_e(report["generator"])}">',
        f"<title>Tremor report: {_e(title)}</title>",
        f"<style>{_CSS}</style></head>",
        f'<body><main id="report" data-schema="{_e(report["schema"])}" data-sets="{len(report["sets"])}">',
        "<header>",
        "<h1>Tremor report</h1>",
        f'<p class="sub">{_e(src["path"])}</p>',
        '<div class="facts">',
    ]
    rest_words = rest_ceiling_text(report) or _fmt(report["rest"]["rms_mps2"], ".3f", " m/s²")
    facts = [
        (_recorded(result.start_unix_s), "recorded"),
        (_clock(s["duration_s"] or 0.0), "duration"),
        (f"{_fmt(s['rate_hz'], '.1f')} Hz", "sampling rate"),
        (f"{len(report['sets'])}", "sets"),
        (_twitch_fact(report), "twitches"),
        (rest_words, "resting baseline (6-12 Hz RMS)"),
        (src["device"] or src["format"], "device" if src["device"] else "format"),
    ]
    parts += [f'<div class="fact"><b>{_e(v)}</b><span>{_e(k)}</span></div>' for v, k in facts]
    parts += ["</div>", f'<p class="disclaimer">{_e(report["disclaimer"])}</p>', "</header>"]

    # timeline
    parts += ['<section id="timeline"><h2>Session timeline</h2>']
    if "timeline" in images:
        parts.append(
            _figure_html(
                images["timeline"],
                "Session timeline: movement, 6-12 Hz tremor with the rest "
                "baseline, sets coloured by label, walking, gaps and twitches.",
            )
        )
    parts.append(_sets_table(report, colors))
    parts.append("</section>")

    # session causes
    parts += ['<section id="session"><h2>Across the session</h2>']
    parts.append(_causes_html(report["session_causes"], "No cause stood out across the session."))
    parts.append("</section>")

    # sets
    parts += ['<section id="sets"><h2>Sets</h2>']
    if not report["sets"]:
        parts.append(_no_sets_html(report))
    for st in report["sets"]:
        parts.append(_set_card(st, images.get(f"set-{st['index']:02d}"), colors))
    parts.append("</section>")

    if report["atypical_tremor"]:
        parts += [
            '<section id="episodes"><h2>Out-of-band rhythm</h2>',
            _episodes_table(report),
            "</section>",
        ]

    parts += ['<section id="notes"><h2>Data quality and notes</h2>', _quality_table(report)]
    notes = list(report["notes"])
    if notes:
        parts.append('<ul class="notes">' + "".join(f"<li>{_e(n)}</li>" for n in notes) + "</ul>")
    else:
        parts.append('<p class="none">No data-quality problems were found.</p>')
    parts.append(f'<p class="hint">{_e(_MULTI_SESSION_HINT)}</p>')
    parts.append("</section>")
    parts.append(
        f"<footer>Made by {_e(report['generator'])} (report schema {_e(report['schema'])}). "
        f"{_e(report['disclaimer'])}</footer>"
    )
    parts.append("</main></body></html>")
    return "\n".join(parts) + "\n"


def _no_sets_html(report: dict[str, Any]) -> str:
    # the analysis's own note says what the recording was analysed as (walking, movement that made no set, rest):
    # "the whole recording was analysed as rest" only where it was
    said = next((n for n in report["notes"] if n.startswith("no sets found")), None)
    if said is not None:
        return f'<p class="none">{_e(said[0].upper() + said[1:])}.</p>'
    return '<p class="none">No sets were found.</p>'


def _recorded(start_unix_s: float | None) -> str:
    if start_unix_s is None:
        return "unknown"
    return datetime.fromtimestamp(start_unix_s, tz=UTC).strftime("%Y-%m-%d %H:%M UTC")


def _sets_table(report: dict[str, Any], colors: dict[str, str]) -> str:
    if not report["sets"]:
        return '<p class="none">No sets found.</p>'
    rows = [
        (
            '<table class="sets"><thead><tr><th>set</th><th>time</th><th>kind</th><th>label</th>'
            '<th class="num">peak Hz</th><th class="num">6-12 Hz RMS m/s²</th><th class="num">vs rest</th>'
            '<th class="num">fatigue ratio</th><th class="num">twitches</th><th>top cause</th></tr></thead><tbody>'
        )
    ]
    for st in report["sets"]:
        tr = st["tremor"]
        top = st["causes"][0]["id"] if st["causes"] else ""
        rows.append(
            f'<tr><td><a href="#set-{st["index"]}">{st["index"]}</a></td>'
            f"<td>{_clock(st['start_s'])}–{_clock(st['end_s'])}</td><td>{_e(st['kind'])}</td>"
            f"<td>{_badge(st['label'], colors)}</td>"
            f'<td class="num">{_peak_words(tr["peak_hz"], tr.get("peak_sd_hz"), "–")}</td>'
            f'<td class="num">{_fmt(tr["rms_mps2"], ".3f")}</td>'
            f'<td class="num">{vs_rest_cell(tr, "power_vs_rest")}</td>'
            f'<td class="num">{_fmt(tr["end_to_start_ratio"], ".1f", "×")}</td>'
            f'<td class="num">{total_twitch_text(st["fasciculations"])}</td>'
            f"<td>{_e(cause_title(top)) if top else '–'}</td></tr>"
        )
    rows.append("</tbody></table>")
    ceiled = any(vs_rest_text(st["tremor"], "power_vs_rest", str)[1] for st in report["sets"])
    rows.append(_label_legend([st["label"] for st in report["sets"]], colors, ceiled))
    return "".join(rows)


def _label_legend(labels: list[str], colors: dict[str, str], ceiled: bool = False) -> str:
    """What each label in the table means, with its colour; and the ratio columns (``ceiled``: bounds shown)."""
    from tremor.report.summary import LABEL_MEANINGS

    items = "".join(
        f"<li>{_badge(lb, colors)} {_e(LABEL_MEANINGS.get(lb, lb))}</li>" for lb in dict.fromkeys(labels)
    )
    return (
        '<ul class="legend">' + items + "</ul>"
        '<p class="legend-note"><b>vs rest</b>: the set\'s 6-12 Hz power over the resting baseline. '
        "<b>fatigue ratio</b>: 6-12 Hz power in the set's last third against its first third (fatigue tremor "
        "builds through a set). <b>twitches</b>: in the set and in the rest after it."
        + (" " + _e(UNRESOLVED_REST_LEGEND.replace(">=", "≥").replace("'-'", "'–'")) if ceiled else "")
        + "</p>"
    )


def _set_card(st: dict[str, Any], image: str | None, colors: dict[str, str]) -> str:
    tr = st["tremor"]
    fa = st["fasciculations"]
    color = colors.get(st["label"], "#607d8b")
    metrics: list[tuple[str, str]] = [
        ("time", f"{_clock(st['start_s'])}–{_clock(st['end_s'])} ({st['end_s'] - st['start_s']:.0f} s)"),
        ("kind / sets from", f"{st['kind']} / {st['source']}"),
    ]
    if tr["assessable"]:
        peak = _peak_words(tr["peak_hz"], tr.get("peak_sd_hz")) + " Hz"
        if tr["start_peak_hz"] is not None and tr["end_peak_hz"] is not None:
            peak += f" ({tr['start_peak_hz']:.1f} → {tr['end_peak_hz']:.1f})"
        if tr["peak_hz"] is None:  # withheld where an out-of-band skirt fills the band
            peak = "not given (see the notes)" if _band_withheld(tr) else "no peak in 6-12 Hz"
        elif tr.get("peak_prominence") is not None:
            peak += f", {tr['peak_prominence']:.1f}× its troughs"
        metrics += [
            ("tremor peak (start → end)", peak),
            ("power-weighted mean frequency", _fmt(tr.get("centroid_hz"), ".2f", " Hz")),
            ("6-12 Hz RMS", _fmt(tr["rms_mps2"], ".3f", " m/s²")),
            ("power vs rest", vs_rest_cell(tr, "power_vs_rest")),
            ("fatigue ratio (last / first third)", _fmt(tr["end_to_start_ratio"], ".1f", "×")),
            ("last third vs rest", vs_rest_cell(tr, "last_third_vs_rest")),
        ]
        oob = tr["out_of_band"]
        # under the recording's out-of-band detection limit a dominant peak is not tremor (label_set; a note says so)
        if oob_is_tremor(oob) and st["label"] == "atypical_tremor":
            metrics.append(
                (
                    "out-of-band peak",
                    (
                        f"{_fmt(oob['peak_hz'], '.1f', ' Hz')} ({oob['band']}), "
                        f"prominence {_fmt(oob.get('prominence'), '.0f', '×')}, "
                        f"{_fmt(oob['power_vs_physiological'], '.1f', '×')} the 6-12 Hz peak"
                    ),
                )
            )
    else:
        why = tr.get("not_assessable_reason") or "sampling_rate"
        metrics.append(("tremor", f"not assessable ({NOT_ASSESSABLE_WORDS.get(why, why)})"))
    metrics.append(("movement RMS", _fmt(tr["movement_rms_mps2"], ".2f", " m/s²")))
    metrics += twitch_card_metrics(fa)
    out = [
        (
            f'<article class="set-card" id="set-{st["index"]}" data-set-index="{st["index"]}" '
            f'data-label="{_e(st["label"])}" style="--label:{_e(color)}">'
        ),
        (
            f"<header><h2>Set {st['index']}</h2>{_badge(st['label'], colors)}"
            f'<span class="sub">{_clock(st["start_s"])}–{_clock(st["end_s"])}, {_e(st["kind"])}</span></header>'
        ),
        '<dl class="metrics">'
        + "".join(f"<div><dt>{_e(k)}</dt><dd>{_e(v)}</dd></div>" for k, v in metrics)
        + "</dl>",
    ]
    if image:
        out.append(
            _figure_html(
                image,
                f"Set {st['index']}: spectrogram of the set and early recovery; mean power "
                "spectrum with the bands shaded; 6-12 Hz power through the set by thirds; "
                "twitches in the set and its recovery.",
            )
        )
    out.append("<h3>Likely causes</h3>")
    out.append(
        _causes_html(
            st["causes"], "No cause stood out for this set.", _size_words(st["tremor"]["out_of_band"])
        )
    )
    out.append("</article>")
    return "".join(out)


def _episodes_table(report: dict[str, Any]) -> str:
    rows = [
        (
            '<table><thead><tr><th>time</th><th class="num">peak Hz</th><th>band</th>'
            '<th class="num">RMS m/s²</th><th>where</th></tr></thead><tbody>'
        )
    ]
    for e in report["atypical_tremor"]:
        where = _episode_where(e).replace("in set", "set", 1)
        rows.append(
            f"<tr><td>{_clock(e['start_s'])}–{_clock(e['end_s'])}</td>"
            f'<td class="num">{_fmt(e["peak_hz"], ".1f")}</td><td>{_e(e["band"])}</td>'
            f'<td class="num">{_fmt(e["rms_mps2"], ".3f")}</td><td>{_e(where)}</td></tr>'
        )
    rows.append("</tbody></table>")
    return "".join(rows)


def _quality_table(report: dict[str, Any]) -> str:
    s = report["sampling"]
    src = report["source"]
    declared = s["declared_rate_hz"]
    rows = [
        ("format", src["format"]),
        ("units in the file", src["units"]),
        ("samples", f"{s['n_samples']}"),
        (
            "measured rate",
            f"{_fmt(s['rate_hz'], '.2f', ' Hz')}" + (f" (declared {declared:g} Hz)" if declared else ""),
        ),
        (
            "interval median / max",
            f"{_fmt(s['median_interval_ms'], '.2f')} / {_fmt(s['max_interval_ms'], '.1f', ' ms')}",
        ),
        ("jitter (std)", _fmt(s["jitter_ms"], ".2f", " ms")),
        (
            "gaps",
            f"{len(s['gaps'])}"
            + (f", {sum(g['duration_s'] or 0 for g in s['gaps']):.1f} s in all" if s["gaps"] else ""),
        ),
        ("saturated samples", f"{sum(x['samples'] for x in s['saturation'])}"),
        (
            "assessable",
            ", ".join(f"{k.replace('_', ' ')}: {'yes' if v else 'no'}" for k, v in s["assessable"].items()),
        ),
    ]
    body = "".join(f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in rows)
    return f'<table class="quality"><tbody>{body}</tbody></table>'


# -- writing -------------------------------------------------------------------------------------


def write_html_report(result: AnalysisResult, path: str | os.PathLike[str]) -> Path:
    """Write the HTML report of ``result`` to ``path`` atomically; returns the path.

    Parameters
    ----------
    result : AnalysisResult
        The analysis of one recording.
    path : str or path-like
        The HTML file to write; its folder must exist.

    Returns
    -------
    Path
        ``path``.

    Raises
    ------
    InputError
        Where the folder of ``path`` does not exist or ``path`` is a folder.
    TremorError
        Where matplotlib is not installed.
    """
    target = Path(path)
    if target.is_dir():
        raise InputError(f"--html: {target} is a folder; give a file name such as {target / 'report.html'}")
    if not target.resolve().parent.is_dir():
        raise InputError(f"--html: the folder {target.resolve().parent} does not exist")
    _plots.require_matplotlib()
    write_atomic(target, render_html(result).encode("utf-8"))
    return target


def write_png_figures(result: AnalysisResult, folder: str | os.PathLike[str]) -> list[Path]:
    """Write the report's figures as PNG files into ``folder`` (created if missing); returns the paths.

    Files: ``timeline.png``, then ``set-01.png``, ``set-02.png``, ... Each is written atomically.

    Parameters
    ----------
    result : AnalysisResult
        The analysis of one recording.
    folder : str or path-like
        The folder for the PNG files.

    Returns
    -------
    list of Path
        The files written, in order.

    Raises
    ------
    InputError
        Where ``folder`` exists and is not a folder, or cannot be created.
    """
    out = Path(folder)
    if out.exists() and not out.is_dir():
        raise InputError(f"--png: {out} is a file; give a folder for the figures")
    _plots.require_matplotlib()
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"--png: cannot create the folder {out}: {exc.strerror}") from None
    # every figure is drawn before any file is written: a failure leaves no partial set
    return write_all(render_png_figures(result, out))


def render_png_figures(result: AnalysisResult, folder: str | os.PathLike[str]) -> list[tuple[Path, bytes]]:
    """The PNG files :func:`write_png_figures` writes: ``(folder / name, png bytes)`` pairs, in order."""
    return [
        (Path(folder) / f"{name}.png", _plots.png_bytes(fig))
        for name, _caption, fig in report_figures(result)
    ]
