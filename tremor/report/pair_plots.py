"""The figure of a two-wrist report: both sides' 6-12 Hz tremor on the aligned timeline, sets marked.

:func:`pair_figure` draws three panels sharing one time axis (seconds on the *left* recording's
timeline, as in :class:`~tremor.core.pairing.SetComparison`):

    left     the left side's 6-12 Hz RMS per frame, its sets shaded by label and numbered
    right    the same for the right side, its times moved onto the left timeline by the alignment
    ratio    per compared set, the 6-12 Hz power of the left over the right (log scale), with the
             2x threshold of :data:`~tremor.core.pairing.IMBALANCE_POWER_RATIO` either way

Where the timelines could not be aligned the right side is drawn on its own timeline, and the
figure says so. Helpers come from :mod:`tremor.report.plots` (its public functions only).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from tremor.core.pairing import IMBALANCE_POWER_RATIO, PairResult
from tremor.report.plots import LABEL_COLORS, new_figure

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from tremor.core.analysis import AnalysisResult

__all__ = ["LEFT_COLOR", "RIGHT_COLOR", "pair_figure"]

#: Line colours of the two sides.
LEFT_COLOR = "#1565c0"
RIGHT_COLOR = "#c62828"
_INK = "#263238"
_MUTED = "#78909c"
_GRID = "#eceff1"


def _style(ax: Axes) -> None:
    ax.set_facecolor("white")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(colors=_INK, labelsize=8, length=3)
    ax.grid(True, color=_GRID, linewidth=0.8)
    ax.set_axisbelow(True)


def _tremor_panel(ax: Axes, result: AnalysisResult, shift_s: float, color: str, name: str) -> None:
    """One side's 6-12 Hz RMS per frame and its sets, ``shift_s`` added to its times."""
    f = result.frames
    for s in result.sets:
        a, b = s.span.start_s + shift_s, s.span.end_s + shift_s
        ax.axvspan(a, b, color=LABEL_COLORS.get(s.label, "#bdbdbd"), alpha=0.22, linewidth=0)
        ax.text(
            (a + b) / 2,
            0.98,
            f"{name[0].upper()}{s.span.index}",
            transform=ax.get_xaxis_transform(),
            ha="center",
            va="top",
            fontsize=8,
            color=LABEL_COLORS.get(s.label, _INK),
            fontweight="bold",
        )
    with np.errstate(invalid="ignore"):
        phys = np.sqrt(np.asarray(f.power_phys, dtype=float))
    if len(f) and np.isfinite(phys).any() and (phys > 0).any():
        ax.plot(f.t_s + shift_s, np.where(phys > 0, phys, np.nan), color=color, linewidth=0.7)
        ax.set_yscale("log")
        if result.rest_rms_mps2:
            ax.axhline(result.rest_rms_mps2, color=color, linestyle="--", linewidth=0.8, alpha=0.7)
    else:
        ax.text(
            0.5,
            0.5,
            f"{name}: 6-12 Hz tremor not assessable at {result.sampling.rate_hz:.1f} Hz",
            transform=ax.transAxes,
            ha="center",
            va="center",
            color=_MUTED,
            fontsize=9,
        )
        ax.set_yticks([])
    ax.set_ylabel(f"{name}\n6-12 Hz RMS m/s²", fontsize=8, color=color)


def pair_figure(left: AnalysisResult, right: AnalysisResult, pair: PairResult) -> Figure:
    """Both sides' 6-12 Hz tremor over time on the aligned timeline, the sets, and the power ratios.

    Parameters
    ----------
    left, right : AnalysisResult
        The analyses of the left and right recordings.
    pair : PairResult
        Their comparison (:func:`tremor.core.pairing.compare_pair`).

    Returns
    -------
    matplotlib.figure.Figure
        The figure (three panels: left tremor, right tremor, power ratio per compared set).
    """
    al = pair.alignment
    shift = al.offset_s if al.offset_s is not None else 0.0
    fig = new_figure(11.0, 6.2)
    gs = fig.add_gridspec(3, 1, height_ratios=[2.0, 2.0, 1.3])
    ax_l = fig.add_subplot(gs[0])
    ax_r = fig.add_subplot(gs[1], sharex=ax_l)
    ax_x = fig.add_subplot(gs[2], sharex=ax_l)
    for ax in (ax_l, ax_r, ax_x):
        _style(ax)
    _tremor_panel(ax_l, left, 0.0, LEFT_COLOR, "left")
    _tremor_panel(ax_r, right, shift, RIGHT_COLOR, "right")
    if ax_l.get_yscale() == "log" and ax_r.get_yscale() == "log":
        lo = min(ax_l.get_ylim()[0], ax_r.get_ylim()[0])
        hi = max(ax_l.get_ylim()[1], ax_r.get_ylim()[1])
        for ax in (ax_l, ax_r):  # one scale, so the heights compare
            ax.set_ylim(lo, hi)
    for c in pair.sets:  # the compared sets, outlined on both sides
        for ax in (ax_l, ax_r):
            ax.axvspan(c.start_s, c.end_s, facecolor="none", edgecolor=_INK, linewidth=0.8, linestyle=":")
    ax_l.tick_params(labelbottom=False)
    ax_r.tick_params(labelbottom=False)

    ratios = [(c, c.power_ratio) for c in pair.sets if c.power_ratio is not None and c.power_ratio > 0]
    for c, ratio in ratios:
        higher = c.tremor_side
        color = LEFT_COLOR if higher == "left" else RIGHT_COLOR if higher == "right" else _MUTED
        ax_x.hlines(ratio, c.start_s, c.end_s, color=color, linewidth=3.0)
        ax_x.text(
            (c.start_s + c.end_s) / 2,
            ratio,
            f"L{c.left.index}/R{c.right.index}: "
            + (f"{higher} {max(ratio, 1.0 / ratio):.1f}x" if higher else f"L/R {ratio:.2f}"),
            ha="center",
            va="bottom",
            fontsize=7,
            color=color,
        )
    ax_x.set_yscale("log")
    top = max([IMBALANCE_POWER_RATIO * 2.0] + [max(r, 1.0 / r) * 1.6 for _, r in ratios])
    ax_x.set_ylim(1.0 / top, top)
    for y, style in ((IMBALANCE_POWER_RATIO, "--"), (1.0, "-"), (1.0 / IMBALANCE_POWER_RATIO, "--")):
        ax_x.axhline(y, color=_MUTED, linestyle=style, linewidth=0.8)
    ax_x.text(
        0.0,
        IMBALANCE_POWER_RATIO,
        f" left {IMBALANCE_POWER_RATIO:g}x higher",
        transform=ax_x.get_yaxis_transform(),
        fontsize=7,
        color=LEFT_COLOR,
        va="bottom",
    )
    ax_x.text(
        0.0,
        1.0 / IMBALANCE_POWER_RATIO,
        f" right {IMBALANCE_POWER_RATIO:g}x higher",
        transform=ax_x.get_yaxis_transform(),
        fontsize=7,
        color=RIGHT_COLOR,
        va="top",
    )
    if not ratios:
        ax_x.text(
            0.5,
            0.5,
            "no set with 6-12 Hz tremor assessed on both sides",
            transform=ax_x.transAxes,
            ha="center",
            va="center",
            color=_MUTED,
            fontsize=9,
        )
    from matplotlib.ticker import FuncFormatter

    ax_x.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:g}"))
    ax_x.set_ylabel("power\nleft / right", fontsize=8, color=_INK)
    ax_x.set_xlabel("time (s, on the left recording's timeline)", fontsize=8, color=_INK)
    end = max(
        float(left.sampling.duration_s),
        float(right.sampling.duration_s) + shift,
        1.0,
    )
    start = min(0.0, shift)
    if math.isfinite(start) and math.isfinite(end):
        ax_x.set_xlim(start, end)
    where = (
        f"right moved {shift:+.2f} s ({al.method.replace('_', ' ')})"
        if al.offset_s is not None
        else "timelines NOT aligned: each side on its own timeline"
    )
    fig.suptitle(
        f"Left and right 6-12 Hz tremor on one timeline ({where}); compared sets outlined",
        fontsize=10,
        color=_INK,
        x=0.01,
        ha="left",
    )
    return fig
