"""Rendering a history: the day-by-day table as CSV, the terminal view and the HTML page.

Split out of :mod:`tremor.report.history` (which builds the :class:`~tremor.report.history.History`
and re-exports these functions).
"""

from __future__ import annotations

import csv
import io
import math
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tremor.report.history import DayRow, History

__all__ = ["format_history", "history_csv", "render_history_html"]

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
    from tremor.report.html_parts import PAGE_CSS, causes_html, escape, figure_data_uri, figure_html

    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        (
            '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; img-src data:; '
            "style-src 'unsafe-inline'\">"
        ),
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>Tremor history</title>",
        f"<style>{PAGE_CSS}</style></head>",
        f'<body><main id="history" data-days="{len(history.days)}" data-sessions="{len(history.sessions)}">',
        "<h1>Tremor history</h1>",
        (
            f'<p class="sub">{len(history.sessions)} session(s) over {len(history.days)} day(s), '
            f"{escape(history.days[0].date.isoformat())} to {escape(history.days[-1].date.isoformat())}</p>"
        ),
    ]
    if figure:
        from tremor.report import plots as _plots

        parts.append(
            figure_html(
                figure_data_uri(_plots.history_figure(history.days, history.sessions)),
                "Rest-baseline tremor, fatigue ratio per set and twitch rate at rest, day by day.",
            )
        )
    head = "".join(f"<th>{escape(c.replace('_', ' '))}</th>" for c in _COLUMNS)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(v)}</td>" for v in _row_values(r)) + "</tr>" for r in history.days
    )
    parts.append(
        f'<h2>Day by day</h2><table class="days"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
    )
    parts.append("<h2>Causes across sessions</h2>")
    parts.append(causes_html(history.causes, "No multi-session cause stood out."))
    if history.notes:
        parts.append(
            '<h2>Notes</h2><ul class="notes">'
            + "".join(f"<li>{escape(n)}</li>" for n in history.notes)
            + "</ul>"
        )
    parts.append(
        "<footer>tremor describes signals and names likely, non-medical causes. It is not a medical device "
        "and does not diagnose.</footer></main></body></html>"
    )
    return "\n".join(parts) + "\n"
