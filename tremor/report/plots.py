"""Figures of a session and of a history of sessions (matplotlib, object API, no pyplot).

Every function builds and returns a :class:`matplotlib.figure.Figure` attached to an Agg canvas,
so nothing here touches pyplot's global state or needs a display. :func:`png_bytes` renders one.
Used by :mod:`tremor.report.html_report`, :mod:`tremor.report.history` and the notebooks.
The figure of one set, and the panels it draws, are in :mod:`tremor.report.set_plots`; the look both
share (ink colours, axes style, log ticks) is in :mod:`tremor.report.plot_style`.

Colours: one per set label (:data:`LABEL_COLORS`) and one per frequency band (:data:`BAND_SHADES`),
the same in every figure and in the HTML report's badges.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from tremor.core.sets import MOVE_MPS2
from tremor.errors import TremorError
from tremor.report.plot_style import INK as _INK
from tremor.report.plot_style import MUTED as _MUTED
from tremor.report.plot_style import TWITCH as _TWITCH
from tremor.report.plot_style import plain_log_ticks as _plain_log_ticks
from tremor.report.plot_style import pretty_label as _pretty_label
from tremor.report.plot_style import style_axes as _style

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from tremor.core.analysis import AnalysisResult

__all__ = [
    "BAND_SHADES",
    "LABEL_COLORS",
    "history_figure",
    "new_figure",
    "png_bytes",
    "require_matplotlib",
    "timeline_figure",
]

#: Set label -> colour (also used by the HTML badges).
LABEL_COLORS: dict[str, str] = {
    "calm": "#3d9970",
    "fatigue_tremor": "#e6862a",
    "enhanced_tremor": "#c9a227",
    "fasciculations": "#7e57c2",
    "mixed": "#c2185b",
    "atypical_tremor": "#d62828",
    "not_assessable": "#9e9e9e",
}

#: Bands shaded on spectra: (label, low Hz, high Hz, colour). 3-7 and 6-12 Hz overlap on purpose.
BAND_SHADES: tuple[tuple[str, float, float, str], ...] = (
    ("movement <3 Hz", 0.0, 3.0, "#9e9e9e"),
    ("3-7 Hz", 3.0, 7.0, "#42a5f5"),
    ("6-12 Hz physiological", 6.0, 12.0, "#66bb6a"),
    ("13-18 Hz", 13.0, 18.0, "#ef5350"),
)

_DPI = 100


def require_matplotlib() -> None:
    """Raise a clear :class:`~tremor.errors.TremorError` where matplotlib is not installed."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise TremorError(
            "HTML and PNG reports need matplotlib, which tremor installs; it is missing here: "
            "pip install matplotlib (or reinstall: pip install tremor-analyser)"
        ) from None


def new_figure(width_in: float, height_in: float) -> Figure:
    """A figure on an Agg canvas, with the report's style."""
    require_matplotlib()
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width_in, height_in), dpi=_DPI, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def png_bytes(fig: Figure, *, dpi: int = _DPI) -> bytes:
    """The figure as PNG bytes (no time stamp or version, so output is reproducible).

    The file says ``Generator: tremor`` (a PNG text chunk), so tremor knows it may replace it.
    """
    buf = io.BytesIO()
    fig.savefig(
        buf, format="png", dpi=dpi, metadata={"Software": None, "Generator": "tremor"}, facecolor="white"
    )
    return buf.getvalue()


def _rms(power: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        return np.sqrt(np.asarray(power, dtype=float))


# -- the session timeline ------------------------------------------------------------------------


def timeline_figure(result: AnalysisResult) -> Figure:
    """Session timeline: movement, 6-12 Hz tremor, sets (coloured by label), walking, gaps and twitches."""
    from matplotlib.patches import Patch

    f = result.frames
    end_s = max(result.sampling.duration_s, float(f.t_s[-1]) if len(f) else 0.0, 1.0)
    scale, unit = (60.0, "min") if end_s > 600 else (1.0, "s")
    fig = new_figure(11.0, 4.6)
    gs = fig.add_gridspec(3, 1, height_ratios=[1.0, 2.4, 0.8])
    ax_move = fig.add_subplot(gs[0])
    ax_trem = fig.add_subplot(gs[1], sharex=ax_move)
    ax_tw = fig.add_subplot(gs[2], sharex=ax_move)
    for ax in (ax_move, ax_trem, ax_tw):
        _style(ax)
    t = f.t_s / scale

    def spans(ax: Axes, text: bool) -> None:
        for s in result.sets:
            ax.axvspan(
                s.span.start_s / scale,
                s.span.end_s / scale,
                color=LABEL_COLORS.get(s.label, "#bdbdbd"),
                alpha=0.22,
                linewidth=0,
            )
            if text:
                ax.text(
                    (s.span.start_s + s.span.end_s) / 2 / scale,
                    1.0,
                    str(s.span.index),
                    transform=ax.get_xaxis_transform(),
                    ha="center",
                    va="bottom",
                    fontsize=8,
                    color=LABEL_COLORS.get(s.label, _INK),
                    fontweight="bold",
                )
        for a, b in result.walking:
            ax.axvspan(a / scale, b / scale, facecolor="none", edgecolor="#90a4ae", hatch="///", linewidth=0)
        for g in result.sampling.gaps:
            ax.axvspan(g.start_s / scale, g.end_s / scale, color="#b0bec5", alpha=0.9, linewidth=0)

    spans(ax_move, text=True)
    if len(f):
        ax_move.fill_between(t, 0, f.movement_rms, color=_MUTED, linewidth=0, alpha=0.8, step="mid")
    ax_move.axhline(MOVE_MPS2, color=_MUTED, linestyle=":", linewidth=0.8)
    ax_move.set_ylabel("movement\nm/s²", fontsize=8, color=_INK)
    ax_move.set_ylim(bottom=0)
    ax_move.tick_params(labelbottom=False)

    spans(ax_trem, text=False)
    phys = _rms(f.power_phys)
    if len(f) and np.isfinite(phys).any():
        ax_trem.plot(t, np.where(phys > 0, phys, np.nan), color=_INK, linewidth=0.7)
        ax_trem.set_yscale("log")
        _plain_log_ticks(ax_trem)
        if result.rest_rms_mps2:
            ax_trem.axhline(result.rest_rms_mps2, color="#2e7d32", linestyle="--", linewidth=0.9)
            ax_trem.annotate(
                "rest baseline",
                (0.0, result.rest_rms_mps2),
                xycoords=("axes fraction", "data"),
                xytext=(2, 3),
                textcoords="offset points",
                fontsize=7,
                color="#2e7d32",
                bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none"},
            )
    else:
        ax_trem.text(
            0.5,
            0.5,
            f"6-12 Hz tremor not assessable at {result.sampling.rate_hz:.1f} Hz",
            transform=ax_trem.transAxes,
            ha="center",
            va="center",
            color=_MUTED,
            fontsize=10,
        )
        ax_trem.set_yticks([])
    for e in result.atypical_tremor:
        ax_trem.axvspan(
            e.start_s / scale, e.end_s / scale, ymin=0.0, ymax=0.06, color=LABEL_COLORS["atypical_tremor"]
        )
        ax_trem.text(
            e.start_s / scale,
            0.08,
            f"{e.peak_hz:.1f} Hz",
            transform=ax_trem.get_xaxis_transform(),
            fontsize=7,
            color=LABEL_COLORS["atypical_tremor"],
        )
    ax_trem.set_ylabel("6-12 Hz tremor\nRMS m/s²", fontsize=8, color=_INK)
    ax_trem.tick_params(labelbottom=False)

    spans(ax_tw, text=False)
    tw_t = np.array([tr.t_s for tr, _ in result.twitches]) / scale
    if tw_t.size:
        ax_tw.vlines(tw_t, 0.15, 0.85, color=_TWITCH, linewidth=1.2)
    elif not result.assessable.get("fasciculations", True):
        ax_tw.text(
            0.5,
            0.5,
            f"twitches not assessable at {result.sampling.rate_hz:.1f} Hz (needs 100 Hz)",
            transform=ax_tw.transAxes,
            ha="center",
            va="center",
            color=_MUTED,
            fontsize=8,
        )
    ax_tw.set_ylim(0, 1)
    ax_tw.set_yticks([])
    ax_tw.grid(False, axis="y")
    ax_tw.set_ylabel(f"twitches\n({tw_t.size})", fontsize=8, color=_INK)
    ax_tw.set_xlabel(f"time ({unit})", fontsize=8, color=_INK)
    ax_tw.set_xlim(0, end_s / scale)

    handles = [
        Patch(color=LABEL_COLORS[lab], alpha=0.5, label=_pretty_label(lab))
        for lab in LABEL_COLORS
        if any(s.label == lab for s in result.sets)
    ]
    if result.walking:
        handles.append(Patch(facecolor="none", edgecolor="#90a4ae", hatch="///", label="walking"))
    if result.sampling.gaps:
        handles.append(Patch(color="#b0bec5", label="gap in data"))
    if result.atypical_tremor:
        handles.append(Patch(color=LABEL_COLORS["atypical_tremor"], label="out-of-band rhythm"))
    if handles:
        fig.legend(handles=handles, loc="outside upper right", ncol=len(handles), fontsize=8, frameon=False)
    fig.suptitle(
        "Session timeline: sets (numbered, coloured by label), rests and twitches",
        fontsize=10,
        color=_INK,
        x=0.01,
        ha="left",
    )
    return fig


# -- history -------------------------------------------------------------------------------------


def history_figure(days: Sequence[Any], sessions: Sequence[Any]) -> Figure:
    """Day-by-day trends: resting baseline, fatigue ratio per set, twitch rate at rest, out-of-band episodes.

    ``days`` are :class:`tremor.report.history.DayRow` and ``sessions`` :class:`tremor.report.history.Session`
    (duck-typed here to keep this module free of the history code).
    """
    import matplotlib.dates as mdates

    fig = new_figure(11.0, 7.0)
    axes = fig.subplots(3, 1, sharex=True)
    for ax in axes:
        _style(ax)
    ax_rest, ax_fat, ax_tw = axes
    day_x = np.array([np.datetime64(d.date) for d in days], dtype="datetime64[D]")

    rest_s = [(np.datetime64(s.date), s.rest_rms_mps2) for s in sessions if s.rest_rms_mps2 is not None]
    if rest_s:
        ax_rest.plot(
            [x for x, _ in rest_s],
            [y for _, y in rest_s],
            "o",
            color="#90a4ae",
            markersize=4,
            label="session",
        )
    rest_d = [(x, d.rest_rms_mps2) for x, d in zip(day_x, days) if d.rest_rms_mps2 is not None]
    if rest_d:
        ax_rest.plot(
            [x for x, _ in rest_d],
            [y for _, y in rest_d],
            "-o",
            color="#2e7d32",
            markersize=5,
            linewidth=1.5,
            label="day (median)",
        )
        ax_rest.axhspan(0.01, 0.05, color="#66bb6a", alpha=0.08, linewidth=0, label="usual range")
    else:
        ax_rest.text(
            0.5,
            0.5,
            "no rest baseline in these reports",
            transform=ax_rest.transAxes,
            ha="center",
            color=_MUTED,
        )
    ax_rest.set_ylabel("resting baseline\n6-12 Hz RMS m/s²", fontsize=8, color=_INK)
    ax_rest.set_title("resting baseline (6-12 Hz)", fontsize=9, color=_INK, loc="left")

    pts = [(np.datetime64(s.date), r) for s in sessions for r in s.fatigue_ratios]
    if pts:
        ax_fat.plot(
            [x for x, _ in pts],
            [y for _, y in pts],
            "o",
            color=LABEL_COLORS["fatigue_tremor"],
            alpha=0.45,
            markersize=4,
            label="set",
        )
        mean = [(x, d.fatigue_mean) for x, d in zip(day_x, days) if d.fatigue_mean is not None]
        ax_fat.plot(
            [x for x, _ in mean], [y for _, y in mean], "-", color=_INK, linewidth=1.3, label="day mean"
        )
        ax_fat.axhline(2.0, color=_MUTED, linestyle=":", linewidth=0.9)
        ax_fat.set_yscale("log")
        _plain_log_ticks(ax_fat)
        ax_fat.legend(fontsize=7, frameon=False, loc="upper left")
    else:
        ax_fat.text(0.5, 0.5, "no assessable sets", transform=ax_fat.transAxes, ha="center", color=_MUTED)
    ax_fat.set_ylabel("fatigue ratio\nlast / first third", fontsize=8, color=_INK)
    ax_fat.set_title("fatigue ratio per set", fontsize=9, color=_INK, loc="left")

    rates = [
        (x, d.rest_twitch_rate_per_min) for x, d in zip(day_x, days) if d.rest_twitch_rate_per_min is not None
    ]
    quiet = [
        (x, d.quiet_twitch_rate_per_min)
        for x, d in zip(day_x, days)
        if getattr(d, "quiet_twitch_rate_per_min", None) is not None
    ]
    if rates:
        ax_tw.bar(
            [x for x, _ in rates],
            [y for _, y in rates],
            width=0.7,
            color=_TWITCH,
            alpha=0.35,
            label="all rest",
        )
        if quiet:
            ax_tw.bar(
                [x for x, _ in quiet],
                [y for _, y in quiet],
                width=0.35,
                color=_TWITCH,
                alpha=0.95,
                label="quiet rest (2 min or more after a set)",
            )
        ax_tw.legend(fontsize=7, frameon=False, loc="upper left")
    else:
        ax_tw.text(
            0.5,
            0.5,
            "twitches not assessable in these reports",
            transform=ax_tw.transAxes,
            ha="center",
            color=_MUTED,
        )
    oob_days = [x for x, d in zip(day_x, days) if d.oob_episodes]
    for x in oob_days:
        for ax in axes:
            ax.axvline(x, color=LABEL_COLORS["atypical_tremor"], linewidth=1.0, alpha=0.6, linestyle="--")
    handles, labels = ax_rest.get_legend_handles_labels()
    if oob_days:
        from matplotlib.lines import Line2D

        handles.append(Line2D([], [], color=LABEL_COLORS["atypical_tremor"], linestyle="--", linewidth=1.0))
        labels.append("day with out-of-band rhythm")
    if handles:
        ax_rest.legend(handles, labels, fontsize=7, frameon=False, loc="upper left", ncol=len(handles))
    ax_tw.set_ylabel("twitches per\nminute of rest", fontsize=8, color=_INK)
    ax_tw.set_title("twitch rate at rest", fontsize=9, color=_INK, loc="left")
    locator = mdates.AutoDateLocator(minticks=3, maxticks=10)
    ax_tw.xaxis.set_major_locator(locator)
    # years, months or days as the span needs (not '01 Jan' on every tick of a several-year history)
    ax_tw.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    if day_x.size:
        pad = np.timedelta64(1, "D")
        ax_tw.set_xlim(day_x.min() - pad, day_x.max() + pad)
    return fig
