"""The HTML report of two wrists at once (``tremor analyze LEFT RIGHT --pair --html``), and its PNG.

:func:`render_pair_html` builds one self-contained page, as :mod:`tremor.report.html_report` does
for one recording (inline CSS, the figure embedded as a base64 PNG, no scripts, a
Content-Security-Policy that forbids every network load, every text HTML-escaped). Its numbers are
those of the ``tremor.pair/1`` document (:func:`tremor.report.pair_report.to_pair_report`), so the
page, the JSON and the terminal summary agree.

Page layout::

    header        both files, their devices, rates and durations; the verdict; disclaimer
    #alignment    how the right timeline was put on the left's (method, offset, correlation, overlap)
    #timeline     the figure of :func:`tremor.report.pair_plots.pair_figure`
    #sets         one row per compared set (data-left-set, data-right-set): both sides' label,
                  6-12 Hz RMS, the power ratio against the 2x threshold, twitches against 3x;
                  the sets seen by one side only
    #imbalance    the muscle_imbalance cause with its evidence and advice, or why it is not named
    #notes        the comparison's notes, then each side's own notes
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tremor.report.html_parts import CARD_CSS, badge, cause_title, figure_html, png_data_uri
from tremor.report.html_parts import escape as _e
from tremor.report.plots import LABEL_COLORS, png_bytes

if TYPE_CHECKING:  # pragma: no cover
    from tremor.core.analysis import AnalysisResult
    from tremor.core.pairing import PairResult

__all__ = ["render_pair_html", "render_pair_png"]


def _num(x: float | None, spec: str, unit: str = "") -> str:
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "–"
    return format(x, spec) + unit


def _ratio(x: float | None) -> str:
    if x is None:
        return "–"
    return f"{x:.2f}" if x >= 0.1 else f"{x:.3f}"


def render_pair_png(left: AnalysisResult, right: AnalysisResult, pair: PairResult) -> bytes:
    """The pair figure (:func:`tremor.report.pair_plots.pair_figure`) as PNG bytes.

    Parameters
    ----------
    left, right : AnalysisResult
        The analyses of the left and right recordings.
    pair : PairResult
        Their comparison.

    Returns
    -------
    bytes
        A PNG file marked as written by tremor.
    """
    from tremor.report.pair_plots import pair_figure

    return png_bytes(pair_figure(left, right, pair))


_CSS = (
    """
:root { --ink:#263238; --muted:#607d8b; --line:#e0e6ea; --bg:#f6f8f9; --card:#fff; --left:#1565c0; --right:#c62828; }
* { box-sizing: border-box; }
body { margin:0; background:var(--bg); color:var(--ink); font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif; }
main { max-width:1140px; margin:0 auto; padding:24px 20px 48px; }
h1 { font-size:26px; margin:0 0 4px; }
h2 { font-size:19px; margin:28px 0 10px; }
.sub { color:var(--muted); margin:0 0 4px; word-break:break-all; }
.sub b.left { color:var(--left); } .sub b.right { color:var(--right); }
"""
    + CARD_CSS
    + """.verdict { background:var(--card); border:1px solid var(--line); border-left:6px solid #546e7a; border-radius:8px; padding:10px 14px; }
td.marked { font-weight:700; }
.badge { display:inline-block; padding:1px 9px; border-radius:999px; color:#fff; font-size:13px; font-weight:600; background:var(--label); }
.cause { border:1px solid var(--line); border-radius:8px; padding:10px 12px; background:#fbfcfc; }
.cause .advice { color:#1b5e20; }
.none { color:var(--muted); font-style:italic; }
.legend-note { color:var(--muted); font-size:12px; margin:4px 0; }
footer { color:var(--muted); font-size:12px; margin-top:30px; }
"""
)


def render_pair_html(
    left: AnalysisResult, right: AnalysisResult, pair: PairResult, *, figures: bool = True
) -> str:
    """The two-wrist report page as one HTML string (self-contained, UTF-8).

    Parameters
    ----------
    left, right : AnalysisResult
        The analyses of the left and right recordings.
    pair : PairResult
        Their comparison (:func:`tremor.core.pairing.compare_pair`).
    figures : bool
        Embed the figure (needs matplotlib). ``False`` gives the text-only page.

    Returns
    -------
    str
        The HTML page.
    """
    from tremor.report.pair_report import to_pair_report

    doc = to_pair_report(left, right, pair)
    p = doc["pair"]
    al = p["alignment"]
    imbalance = next((c for c in p["causes"] if c["id"] == "muscle_imbalance"), None)
    verdict = (
        f"Muscle imbalance named (likelihood {imbalance['likelihood']:.2f})"
        if imbalance
        else "Muscle imbalance not named"
        if any(
            c["power_ratio_left_over_right"] is not None or c["twitch_ratio_left_over_right"] is not None
            for c in p["sets"]
        )
        else "Muscle imbalance cannot be judged"
    )
    parts: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        (
            '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; img-src data:; '
            "style-src 'unsafe-inline'\">"
        ),
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="{_e(doc["generator"])}">',
        f"<title>Two-wrist tremor report: {_e(Path(doc['left']['source']['path']).name)} and "
        f"{_e(Path(doc['right']['source']['path']).name)}</title>",
        f"<style>{_CSS}</style></head>",
        f'<body><main id="pair-report" data-schema="{_e(doc["schema"])}" data-sets-compared="{len(p["sets"])}" '
        f'data-imbalance="{"named" if imbalance else "not-named"}">',
        "<header>",
        "<h1>Two-wrist tremor report</h1>",
    ]
    for side in ("left", "right"):
        src = doc[side]["source"]
        parts.append(f'<p class="sub"><b class="{side}">{side.upper()}</b> {_e(src["path"])}</p>')
    parts.append('<div class="facts">')
    facts = [
        (al["method"].replace("_", " "), "alignment"),
        (_num(al["offset_s"], "+.2f", " s"), "right starts (on the left timeline)"),
        (str(len(p["sets"])), "sets compared"),
        (_ratio(p["rest_power_ratio_left_over_right"]), "rest 6-12 Hz power, left / right"),
    ]
    for side in ("left", "right"):
        r = doc[side]
        facts.append(
            (
                f"{_num(r['sampling']['rate_hz'], '.1f', ' Hz')}, {_num(r['sampling']['duration_s'], '.0f', ' s')}",
                f"{side}: {r['source']['device'] or r['source']['format']}",
            )
        )
    parts += [f'<div class="fact"><b>{_e(v)}</b><span>{_e(k)}</span></div>' for v, k in facts]
    parts += [
        "</div>",
        f'<p class="verdict" id="verdict"><b>{_e(verdict)}.</b> '
        + _e(imbalance["evidence"] if imbalance else (p["notes"][-1] if p["notes"] else ""))
        + "</p>",
        f'<p class="disclaimer">{_e(doc["disclaimer"])}</p>',
        "</header>",
    ]

    parts += ['<section id="alignment"><h2>How the two timelines were aligned</h2>']
    parts.append(
        '<table class="alignment"><tbody>'
        f"<tr><th>method</th><td>{_e(al['method'])}</td></tr>"
        f"<tr><th>offset (right start on the left timeline)</th><td>{_e(_num(al['offset_s'], '+.3f', ' s'))}</td></tr>"
        f"<tr><th>movement correlation</th><td>{_e(_num(al['correlation'], '.2f'))}</td></tr>"
        f"<tr><th>time both sensors cover</th><td>{_e(_num(al['overlap_s'], '.1f', ' s'))}</td></tr>"
        f"<tr><th>detail</th><td>{_e(al['detail'])}</td></tr>"
        "</tbody></table></section>"
    )

    parts.append('<section id="timeline"><h2>Both sides over time</h2>')
    if figures:
        uri = png_data_uri(render_pair_png(left, right, pair))
        caption = (
            "6-12 Hz tremor RMS of the left (top) and right (middle) on the left recording's timeline, "
            "each side's sets shaded by label; compared sets outlined; bottom: 6-12 Hz power of the left "
            "over the right per compared set, with the 2x threshold either way."
        )
        parts.append(figure_html(uri, caption))
    parts.append("</section>")

    parts += ['<section id="sets"><h2>Sets side by side</h2>', _sets_table(p, pair)]
    only = [
        f"{side} set(s) {', '.join(map(str, p[f'unmatched_{side}_sets']))}"
        for side in ("left", "right")
        if p[f"unmatched_{side}_sets"]
    ]
    if only:
        parts.append(f'<p class="unmatched">Seen by one sensor only: {_e("; ".join(only))}.</p>')
    parts.append("</section>")

    parts += ['<section id="imbalance"><h2>Muscle imbalance</h2>']
    if imbalance:
        parts.append(
            f'<div class="cause" data-cause="muscle_imbalance"><h3>{_e(cause_title("muscle_imbalance"))} '
            f"(likelihood {imbalance['likelihood']:.2f}, evidence {_e(imbalance['evidence_grade'])})</h3>"
            f"<p>{_e(imbalance['evidence'])}</p>"
            f'<p class="advice"><b>Advice:</b> {_e(imbalance["advice"])}</p></div>'
        )
    else:
        parts.append(f'<p class="none">{_e(verdict)}.</p>')
    for c in p["causes"]:
        if c["id"] != "muscle_imbalance":
            parts.append(f'<p data-cause="{_e(c["id"])}">{_e(cause_title(c["id"]))}: {_e(c["evidence"])}</p>')
    parts.append("</section>")

    parts += ['<section id="notes"><h2>Notes</h2>']
    if p["notes"]:
        parts.append('<ul class="notes">' + "".join(f"<li>{_e(n)}</li>" for n in p["notes"]) + "</ul>")
    for side in ("left", "right"):
        notes = doc[side]["notes"]
        if notes:
            parts.append(
                f'<h3>{side} recording</h3><ul class="notes">'
                + "".join(f"<li>{_e(n)}</li>" for n in notes)
                + "</ul>"
            )
    parts.append("</section>")
    parts.append(
        f"<footer>Made by {_e(doc['generator'])} (pair schema {_e(doc['schema'])}; the full per-side "
        f"reports are in the JSON from --json). {_e(doc['disclaimer'])}</footer>"
    )
    parts.append("</main></body></html>")
    return "\n".join(parts) + "\n"


def _badge(label: str) -> str:
    return badge(label, LABEL_COLORS)


def _sets_table(p: dict[str, Any], pair: PairResult) -> str:
    if not p["sets"]:
        return '<p class="none">No set was seen by both sensors: nothing to compare side by side.</p>'
    th = p["thresholds"]
    rows = [
        '<table class="pair-sets"><thead><tr><th>set L/R</th><th>time (s, left timeline)</th>'
        "<th>left label</th><th>right label</th>"
        '<th class="num">6-12 Hz RMS left m/s²</th><th class="num">right</th>'
        '<th class="num">power left / right</th><th>tremor</th>'
        '<th class="num">twitches left</th><th class="num">right</th><th>twitching</th></tr></thead><tbody>'
    ]
    for c, exact in zip(p["sets"], pair.sets, strict=True):
        L, R = c["left"], c["right"]

        def rms(s: dict[str, Any]) -> str:
            return _num(s["rms_mps2"], ".3f") if s["tremor_assessable"] else "not assessed"

        def tw(s: dict[str, Any]) -> str:
            return str(s["twitches"]) if s["twitches_assessable"] else "not assessed"

        ratio = c["power_ratio_left_over_right"]
        side = c["tremor_higher_side"]
        if ratio is None or exact.power_ratio is None:
            tremor = "not compared (tremor not assessed on both sides)"
        elif side:
            x = exact.power_ratio if side == "left" else 1.0 / exact.power_ratio  # unrounded, as the evidence
            tremor = f"{side} {x:.1f}x higher (threshold {th['power_ratio']:g}x)"
        else:
            tremor = f"within {th['power_ratio']:g}x"
        tside = c["twitching_higher_side"]
        if c["twitch_ratio_left_over_right"] is None:
            twitching = "not compared"
        elif tside:
            twitching = f"more on the {tside} (threshold {th['twitch_ratio']:g}x)"
        elif max(L["twitches"], R["twitches"]) < th["min_twitches"]:
            twitching = f"too few to compare (under {th['min_twitches']})"
        else:
            twitching = f"within {th['twitch_ratio']:g}x"
        rows.append(
            f'<tr data-left-set="{L["index"]}" data-right-set="{R["index"]}" '
            f'data-tremor-higher="{_e(side or "")}" data-twitching-higher="{_e(tside or "")}">'
            f"<td>{L['index']}/{R['index']}</td><td>{c['start_s']:.1f}–{c['end_s']:.1f}</td>"
            f"<td>{_badge(L['label'])}</td><td>{_badge(R['label'])}</td>"
            f'<td class="num">{_e(rms(L))}</td><td class="num">{_e(rms(R))}</td>'
            f'<td class="num">{_e(_ratio(ratio))}</td><td class="{"marked" if side else ""}">{_e(tremor)}</td>'
            f'<td class="num">{_e(tw(L))}</td><td class="num">{_e(tw(R))}</td>'
            f'<td class="{"marked" if tside else ""}">{_e(twitching)}</td></tr>'
        )
    rows.append("</tbody></table>")
    rows.append(
        '<p class="legend-note"><b>power left / right</b>: the 6-12 Hz tremor power of the left in the set '
        f"over the right's; one side at least {th['power_ratio']:g}x the other's is a marked difference. "
        "<b>twitches</b>: in the set and the rest after it; one side's count (plus one) at least "
        f"{th['twitch_ratio']:g}x the other's, with at least {th['min_twitches']} on the busier side, is "
        "marked. Muscle imbalance is named when more than half of the compared sets are marked on the same side (and the sides do not differ as much at rest).</p>"
    )
    return "".join(rows)
