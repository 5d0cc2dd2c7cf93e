"""The pieces the report pages share: escaping, style, cause titles, figures, badges and cause cards.

Used by the page of one session (:mod:`tremor.report.html_report`), the history page
(:mod:`tremor.report.history_render`) and the two-wrist page (:mod:`tremor.report.pair_html`), so
that none of them reaches into another's private helpers. Every piece of text is HTML-escaped here
with :func:`escape`. Only the standard library is imported at module level; matplotlib is reached
through :mod:`tremor.report.plots` when a figure is rendered.
"""

from __future__ import annotations

import base64
import html
from typing import TYPE_CHECKING, Any

from tremor.core.notes import HIGH_TWITCH_LIMIT_MPS2

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

__all__ = [
    "CARD_CSS",
    "CAUSE_TITLES",
    "PAGE_CSS",
    "badge",
    "cause_title",
    "causes_html",
    "escape",
    "figure_data_uri",
    "figure_html",
    "png_data_uri",
    "twitch_fact",
]

#: Readable titles of the cause ids of :data:`tremor.core.causes.CAUSES`.
CAUSE_TITLES: dict[str, str] = {
    "neuromuscular_fatigue": "Neuromuscular fatigue",
    "stabiliser_demand": "Stabiliser demand",
    "technique_learning": "Learning the technique",
    "glycogen_depletion": "Glycogen depletion",
    "dehydration_electrolytes": "Dehydration or electrolytes",
    "metabolic_byproducts": "Metabolic by-products",
    "sleep_stress_stimulants": "Sleep, stress or stimulants",
    "overtraining_cns": "Overtraining (nervous system)",
    "cold": "Cold",
    "no_warm_up": "No warm-up",
    "muscle_damage_doms": "Muscle damage (DOMS)",
    "statin_myopathy": "Statin side effects",
    "muscle_imbalance": "Muscle imbalance",
    "see_a_clinician": "Re-test, then see a clinician if it persists",
}


def escape(value: Any) -> str:
    """HTML-escaped text of ``value``.

    Parameters
    ----------
    value : Any
        Anything; its ``str`` is escaped, quotes included.

    Returns
    -------
    str
        Text safe inside an element or an attribute.
    """
    return html.escape(str(value), quote=True)


def cause_title(cid: str) -> str:
    """Readable title of a cause id.

    Parameters
    ----------
    cid : str
        A cause id of :data:`tremor.core.causes.CAUSES`.

    Returns
    -------
    str
        Its title from :data:`CAUSE_TITLES`, or the id in words where it has none.
    """
    return CAUSE_TITLES.get(cid, cid.replace("_", " ").capitalize())


def png_data_uri(png: bytes) -> str:
    """A ``data:`` URI of PNG bytes, to embed an image in a self-contained page.

    Parameters
    ----------
    png : bytes
        A PNG file.

    Returns
    -------
    str
        ``data:image/png;base64,...``
    """
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def figure_data_uri(fig: Figure) -> str:
    """A ``data:`` URI of a figure rendered as PNG (:func:`tremor.report.plots.png_bytes`).

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure.

    Returns
    -------
    str
        ``data:image/png;base64,...``
    """
    from tremor.report.plots import png_bytes

    return png_data_uri(png_bytes(fig))


def figure_html(uri: str, caption: str) -> str:
    """A ``<figure>`` of an embedded image with its caption (also its ``alt`` text).

    Parameters
    ----------
    uri : str
        The image's ``data:`` URI.
    caption : str
        The caption, escaped here.

    Returns
    -------
    str
        The HTML fragment.
    """
    return f'<figure><img src="{uri}" alt="{escape(caption)}"><figcaption>{escape(caption)}</figcaption></figure>'


def badge(label: str, colors: dict[str, str]) -> str:
    """A set label as a coloured badge.

    Parameters
    ----------
    label : str
        The set label.
    colors : dict
        Label -> CSS colour (:data:`tremor.report.plots.LABEL_COLORS`); grey for a label not in it.

    Returns
    -------
    str
        The HTML fragment.
    """
    color = colors.get(label, "#607d8b")
    return f'<span class="badge" style="--label:{escape(color)}">{escape(label.replace("_", " "))}</span>'


def causes_html(causes: list[dict[str, Any]], empty: str, size: str = "") -> str:
    """Cards of likely causes (title, evidence grade, likelihood meter, evidence and advice).

    Parameters
    ----------
    causes : list of dict
        Causes as in the JSON report (``id``, ``likelihood``, ``evidence_grade``, ``evidence``, ``advice``).
    empty : str
        What to say where there is no cause.
    size : str, optional
        The out-of-band size statement (:func:`tremor.report.episode_words.size_words`), shown on the
        ``see_a_clinician`` card as the terminal summary shows it.

    Returns
    -------
    str
        The HTML fragment.
    """
    if not causes:
        return f'<p class="none">{escape(empty)}</p>'
    out = ['<div class="causes">']
    for c in causes:
        pct = max(0.0, min(1.0, float(c["likelihood"]))) * 100
        out.append(
            f'<div class="cause" data-cause="{escape(c["id"])}"><h3><span>{escape(cause_title(c["id"]))}</span>'
            f'<span class="grade" title="how well the science supports this cause">evidence: '
            f"{escape(c['evidence_grade'])}</span></h3>"
            f'<div class="meter" title="likelihood {c["likelihood"]:.2f}"><i style="width:{pct:.0f}%"></i></div>'
            f"<p><b>Likelihood {c['likelihood']:.2f}.</b> {escape(c['evidence'])}</p>"
            + (
                f'<p class="size">{escape(size[0].upper() + size[1:])}.</p>'
                if size and c["id"] == "see_a_clinician"
                else ""
            )
            + f'<p class="advice"><b>Advice:</b> {escape(c["advice"])}</p></div>'
        )
    out.append("</div>")
    return "".join(out)


#: The style of the fact tiles, figures and tables every page shares (the one-session, history and
#: two-wrist pages), so that they look alike.
CARD_CSS = """.facts { display:grid; grid-template-columns:repeat(auto-fill,minmax(170px,1fr)); gap:8px; margin:12px 0; }
.fact { background:var(--card); border:1px solid var(--line); border-radius:8px; padding:8px 10px; }
.fact b { display:block; font-size:17px; }
.fact span { color:var(--muted); font-size:12px; }
.disclaimer { background:#fff8e1; border:1px solid #ffe082; border-radius:8px; padding:8px 12px; font-size:13px; }
figure { margin:10px 0; background:var(--card); border:1px solid var(--line); border-radius:8px; padding:6px; }
figure img { display:block; width:100%; height:auto; }
figcaption { color:var(--muted); font-size:12px; padding:4px 6px 0; }
table { border-collapse:collapse; width:100%; background:var(--card); font-size:13px; }
th, td { border-bottom:1px solid var(--line); padding:5px 8px; text-align:left; }
th { background:#eef2f4; font-weight:600; }
td.num, th.num { text-align:right; font-variant-numeric:tabular-nums; }
"""

#: The style of the one-session and history pages (inline: the pages load nothing).
PAGE_CSS = (
    """
:root { --ink:#263238; --muted:#607d8b; --line:#e0e6ea; --bg:#f6f8f9; --card:#fff; }
* { box-sizing: border-box; }
body { margin:0; background:var(--bg); color:var(--ink); font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif; }
main { max-width:1140px; margin:0 auto; padding:24px 20px 48px; }
h1 { font-size:26px; margin:0 0 4px; }
h2 { font-size:19px; margin:28px 0 10px; }
h3 { font-size:15px; margin:14px 0 6px; }
.sub { color:var(--muted); margin:0 0 14px; word-break:break-all; }
"""
    + CARD_CSS
    + """.set-card { background:var(--card); border:1px solid var(--line); border-left:6px solid var(--label); border-radius:10px; padding:14px 16px; margin:18px 0; }
.set-card header { display:flex; flex-wrap:wrap; align-items:baseline; gap:10px; }
.set-card h2 { margin:0; }
.badge { display:inline-block; padding:1px 9px; border-radius:999px; color:#fff; font-size:13px; font-weight:600; background:var(--label); }
.grade { display:inline-block; padding:0 7px; border-radius:4px; font-size:12px; border:1px solid var(--line); color:var(--muted); }
dl.metrics { display:grid; grid-template-columns:repeat(auto-fill,minmax(190px,1fr)); gap:6px 14px; margin:10px 0; }
dl.metrics div { border-bottom:1px dashed var(--line); padding:2px 0; }
dl.metrics dt { color:var(--muted); font-size:12px; }
dl.metrics dd { margin:0; font-weight:600; font-variant-numeric:tabular-nums; }
.causes { display:grid; grid-template-columns:repeat(auto-fill,minmax(320px,1fr)); gap:10px; }
.cause { border:1px solid var(--line); border-radius:8px; padding:10px 12px; background:#fbfcfc; }
.cause h3 { margin:0 0 4px; display:flex; justify-content:space-between; gap:8px; }
.meter { height:6px; background:#eceff1; border-radius:3px; overflow:hidden; margin:4px 0 8px; }
.meter i { display:block; height:100%; background:#546e7a; }
.cause p { margin:4px 0; font-size:14px; }
.cause .advice { color:#1b5e20; }
.none { color:var(--muted); font-style:italic; }
ul.legend { list-style:none; padding:0; margin:10px 0 4px; display:flex; flex-wrap:wrap; gap:6px 18px; font-size:13px; }
.legend-note { color:var(--muted); font-size:12px; margin:2px 0; }
ul.notes li { margin:4px 0; }
footer { color:var(--muted); font-size:12px; margin-top:30px; }
"""
)


def twitch_fact(report: dict[str, Any]) -> str:
    """The header's twitch count: none found counts only where a still, worn wrist could show one.

    Parameters
    ----------
    report : dict
        A ``tremor.report/1`` report.

    Returns
    -------
    str
        The count, ``"not assessed"`` or ``"none could be seen"``.
    """
    n, limit = len(report["fasciculations"]), report.get("twitch_detection_limit_mps2")
    if not report["sampling"]["assessable"].get("fasciculations"):
        return "not assessed"
    return str(n) if n or (limit is not None and limit < HIGH_TWITCH_LIMIT_MPS2) else "none could be seen"
