"""The look the report figures share: ink colours, axes style, label words and log-axis ticks.

Used by :mod:`tremor.report.plots` (timeline, history) and :mod:`tremor.report.set_plots` (the
figure of one set), so neither reaches into the other's private helpers. matplotlib is imported
only inside the functions that need it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

__all__ = ["GRID", "INK", "MUTED", "TWITCH", "plain_log_ticks", "pretty_label", "style_axes"]

#: Text and axis ink, muted ink, grid lines, and the colour of twitches in every figure.
INK = "#263238"
MUTED = "#78909c"
GRID = "#eceff1"
TWITCH = "#6a1b9a"


def style_axes(ax: Axes) -> None:
    """Give axes the reports' look: white, no top or right spine, muted ticks, a light grid.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The axes, changed in place.
    """
    ax.set_facecolor("white")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(MUTED)
    ax.tick_params(colors=INK, labelsize=8, length=3)
    ax.grid(True, color=GRID, linewidth=0.8)
    ax.set_axisbelow(True)


def pretty_label(label: str) -> str:
    """A set label as words (``fatigue_tremor`` -> ``fatigue tremor``).

    Parameters
    ----------
    label : str
        The set label.

    Returns
    -------
    str
        The label with spaces for underscores.
    """
    return label.replace("_", " ")


def plain_log_ticks(ax: Axes) -> None:
    """Log-axis tick labels as plain numbers (0.02, 0.1) rather than powers of ten.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Axes with a logarithmic y axis, changed in place.
    """
    from matplotlib.ticker import FuncFormatter

    fmt = FuncFormatter(lambda v, _pos: f"{v:g}")
    ax.yaxis.set_major_formatter(fmt)

    def minor(v: float, _pos: int) -> str:
        # labels follow the drawn range: every minor tick on a narrow axis (under a decade, where
        # the decades alone leave one label or none), 2 and 5 up to 2.5 decades, none beyond
        lo, hi = (max(x, 1e-300) for x in ax.get_ylim())
        decades = abs(np.log10(hi) - np.log10(lo))
        keep = range(1, 10) if decades < 1.0 else (2, 5) if decades <= 2.5 else ()
        if v <= 0:
            return ""
        mantissa = v / 10 ** np.floor(np.log10(v))
        return f"{v:g}" if round(mantissa) in keep and abs(mantissa - round(mantissa)) < 1e-6 else ""

    ax.yaxis.set_minor_formatter(FuncFormatter(minor))
    ax.tick_params(axis="y", which="both", labelsize=8)
