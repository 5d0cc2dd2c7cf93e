"""The figure of one set: spectrogram, mean spectrum with bands, 6-12 Hz trend, twitch raster.

Split out of :mod:`tremor.report.plots`, whose figure and colours it uses, with the shared look of
:mod:`tremor.report.plot_style`; like every figure there it is built on an Agg canvas without pyplot.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING

import numpy as np

from tremor.core.features import PSD_FREQS
from tremor.core.set_labels import NOT_ASSESSABLE_WORDS
from tremor.core.sets import MOVE_MPS2
from tremor.report.plot_style import GRID, INK, MUTED, TWITCH, plain_log_ticks, pretty_label, style_axes
from tremor.report.plots import BAND_SHADES, LABEL_COLORS, new_figure

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from tremor.core.analysis import AnalysisResult, SetResult


__all__ = ["set_figure"]

# -- the frames a set figure draws ---------------------------------------------------------------


def _rest_frames(result: AnalysisResult) -> np.ndarray:
    """Quiet frames outside every set and walking bout (the frames a rest spectrum is made of)."""
    f = result.frames
    mask = f.movement_rms < MOVE_MPS2
    for s in result.sets:
        mask &= ~((f.t_s >= s.span.start_s - 1.0) & (f.t_s <= s.span.end_s + 5.0))
    for a, b in result.walking:
        mask &= ~((f.t_s >= a - 1.0) & (f.t_s <= b + 1.0))
    return mask


def _set_frames(result: AnalysisResult, s: SetResult) -> np.ndarray:
    """Indices of the frames the set's metrics use (as :func:`tremor.core.classify.set_metrics` does)."""
    t = result.frames.t_s
    inside = (t >= s.span.start_s + 1.0) & (t <= s.span.end_s - 1.0)
    if inside.sum() < 3:
        inside = (t >= s.span.start_s) & (t <= s.span.end_s)
    return np.flatnonzero(inside)


def _db_limits(psd: np.ndarray) -> tuple[float, float]:
    with np.errstate(divide="ignore", invalid="ignore"):
        db = 10 * np.log10(psd[np.isfinite(psd) & (psd > 0)])
    if not db.size:
        return -60.0, 0.0
    return float(np.percentile(db, 2)), float(np.percentile(db, 99.7))


# -- one set -------------------------------------------------------------------------------------


def set_figure(result: AnalysisResult, s: SetResult) -> Figure:
    """Four panels for one set: spectrogram, mean spectrum with bands, 6-12 Hz trend, twitch raster."""
    fig = new_figure(11.0, 6.4)
    gs = fig.add_gridspec(2, 2, width_ratios=[1.35, 1.0])
    axes = [fig.add_subplot(gs[i, j]) for i in range(2) for j in range(2)]
    for ax in axes:
        style_axes(ax)
    _spectrogram(axes[0], result, s, fig)
    _spectrum(axes[1], result, s)
    _trend(axes[2], result, s)
    _raster(axes[3], result, s)
    span = s.span
    fig.suptitle(
        f"Set {span.index}: {span.start_s:.0f}-{span.end_s:.0f} s, {span.kind}, {pretty_label(s.label)}",
        fontsize=11,
        color=LABEL_COLORS.get(s.label, INK),
        x=0.01,
        ha="left",
        fontweight="bold",
    )
    return fig


def _spectrogram(ax: Axes, result: AnalysisResult, s: SetResult, fig: Figure) -> None:
    f = result.frames
    span = s.span
    lo = max(span.start_s - 10.0, 0.0)
    hi = min(span.recovery_end_s, span.end_s + 30.0)
    sel = np.flatnonzero((f.t_s >= lo) & (f.t_s <= hi))
    ax.set_title("spectrogram (set and early recovery)", fontsize=9, color=INK, loc="left")
    if sel.size < 2:
        ax.text(0.5, 0.5, "too few frames", transform=ax.transAxes, ha="center", color=MUTED)
        return
    hop = float(np.median(np.diff(f.t_s))) if len(f) > 1 else 0.5
    grid = np.arange(f.t_s[sel[0]], f.t_s[sel[-1]] + hop / 2, hop)
    k = np.clip(np.searchsorted(f.t_s, grid), 0, len(f) - 1)
    k_prev = np.clip(k - 1, 0, len(f) - 1)
    nearest = np.where(np.abs(f.t_s[k_prev] - grid) < np.abs(f.t_s[k] - grid), k_prev, k)
    present = np.abs(f.t_s[nearest] - grid) <= hop * 0.6
    with np.errstate(divide="ignore", invalid="ignore"):
        db = 10 * np.log10(f.psd[nearest].astype(float)).T
    db[:, ~present] = np.nan
    vmin, vmax = _db_limits(f.psd)
    mesh = ax.pcolormesh(
        grid,
        PSD_FREQS,
        np.ma.masked_invalid(db),
        shading="nearest",
        cmap="magma",
        vmin=vmin,
        vmax=vmax,
        rasterized=True,
    )
    for x in (span.start_s, span.end_s):
        ax.axvline(x, color="white", linestyle="--", linewidth=1.0)
    for _name, a, b, color in BAND_SHADES[1:]:
        ax.annotate(
            "",
            xy=(1.0, a),
            xytext=(1.0, b),
            xycoords=("axes fraction", "data"),
            arrowprops={"arrowstyle": "-", "color": color, "linewidth": 4},
        )
    ax.set_ylim(PSD_FREQS[0], PSD_FREQS[-1])
    ax.set_xlim(grid[0] - hop / 2, grid[-1] + hop / 2)
    ax.set_ylabel("frequency (Hz)", fontsize=8, color=INK)
    ax.set_xlabel("time (s)", fontsize=8, color=INK)
    ax.grid(False)
    cb = fig.colorbar(mesh, ax=ax, pad=0.02, fraction=0.04)
    cb.set_label("dB re 1 (m/s²)²/Hz", fontsize=7)
    cb.ax.tick_params(labelsize=7)


def _spectrum(ax: Axes, result: AnalysisResult, s: SetResult) -> None:
    f = result.frames
    idx = _set_frames(result, s)
    ax.set_title("mean power spectrum, bands shaded", fontsize=9, color=INK, loc="left")
    for name, a, b, color in BAND_SHADES:
        ax.axvspan(max(a, PSD_FREQS[0]), b, color=color, alpha=0.13, linewidth=0)
        ax.text(
            (max(a, PSD_FREQS[0]) + b) / 2,
            0.99,
            name.split(" ")[0],
            transform=ax.get_xaxis_transform(),
            ha="center",
            va="top",
            fontsize=7,
            color=color,
        )
    plotted = False
    rest = _rest_frames(result)
    with np.errstate(invalid="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN columns above Nyquist at low rates
        if rest.sum() >= 4:
            rest_spec = np.nanmedian(f.psd[rest].astype(float), axis=0)
            if np.isfinite(rest_spec).any():
                ax.plot(
                    PSD_FREQS, rest_spec, color=MUTED, linestyle="--", linewidth=1.0, label="rest (median)"
                )
                plotted = True
        if idx.size:
            spec = np.mean(f.psd[idx].astype(float), axis=0)
            if np.isfinite(spec).any():
                color = LABEL_COLORS.get(s.label, INK)
                ax.plot(PSD_FREQS, spec, color=color, linewidth=1.6, label=f"set {s.span.index} (mean)")
                plotted = True
                if s.metrics.peak_hz is not None:
                    k = int(np.argmin(np.abs(PSD_FREQS - s.metrics.peak_hz)))
                    ax.plot([s.metrics.peak_hz], [spec[k]], "v", color=color, markersize=6)
                    ax.annotate(
                        f"{s.metrics.peak_hz:.1f} Hz",
                        (s.metrics.peak_hz, spec[k]),
                        xytext=(4, 6),
                        textcoords="offset points",
                        fontsize=7,
                        color=color,
                    )
                if s.metrics.oob_peak_hz is not None and s.label == "atypical_tremor":
                    k = int(np.argmin(np.abs(PSD_FREQS - s.metrics.oob_peak_hz)))
                    ax.annotate(
                        f"{s.metrics.oob_peak_hz:.1f} Hz",
                        (s.metrics.oob_peak_hz, spec[k]),
                        xytext=(4, 6),
                        textcoords="offset points",
                        fontsize=7,
                        color=LABEL_COLORS["atypical_tremor"],
                    )
    if plotted:
        ax.set_yscale("log")
        # a decade of headroom: the peak labels stay under the band names along the top
        lo, hi = ax.get_ylim()
        ax.set_ylim(lo, hi * 10)
        plain_log_ticks(ax)
        ax.legend(fontsize=7, frameon=False, loc="center right")
    else:
        ax.text(0.5, 0.5, "no spectrum", transform=ax.transAxes, ha="center", color=MUTED)
    nyq_limit = 0.5 * result.sampling.rate_hz
    if nyq_limit < PSD_FREQS[-1]:
        ax.axvspan(nyq_limit, PSD_FREQS[-1], color="white", alpha=0.85, linewidth=0, zorder=3)
        ax.text(
            min(nyq_limit + 0.3, PSD_FREQS[-1] - 1),
            0.5,
            "above Nyquist",
            transform=ax.get_xaxis_transform(),
            fontsize=7,
            color=MUTED,
            rotation=90,
            va="center",
            zorder=4,
        )
    ax.set_xlim(PSD_FREQS[0], PSD_FREQS[-1])
    ax.set_xlabel("frequency (Hz)", fontsize=8, color=INK)
    ax.set_ylabel("PSD (m/s²)²/Hz", fontsize=8, color=INK)


def _trend(ax: Axes, result: AnalysisResult, s: SetResult) -> None:
    f = result.frames
    idx = _set_frames(result, s)
    ax.set_title("6-12 Hz power through the set, by thirds", fontsize=9, color=INK, loc="left")
    power = f.power_phys[idx] if idx.size else np.zeros(0)
    if idx.size < 3 or not np.isfinite(power).any():
        reason = s.metrics.not_assessable_reason or "sampling_rate"
        why = (
            f"not assessable: {NOT_ASSESSABLE_WORDS.get(reason, reason)}"
            if not s.metrics.assessable
            else "too few frames"
        )
        ax.text(0.5, 0.5, f"6-12 Hz power {why}", transform=ax.transAxes, ha="center", color=MUTED)
        ax.set_xticks([])
        ax.set_yticks([])
        return
    t = f.t_s[idx]
    color = LABEL_COLORS.get(s.label, INK)
    ax.plot(t, power, color=color, linewidth=1.0, alpha=0.75)
    thirds = np.array_split(np.arange(idx.size), 3)
    names = ("first", "middle", "last")
    for i, part in enumerate(thirds):
        if not part.size:
            continue
        a = t[part[0]]
        b = t[part[-1]]
        mean = float(np.mean(power[part]))
        ax.hlines(mean, a, b, color=INK, linewidth=2.2)
        ax.text((a + b) / 2, mean, f"{names[i]}\n{mean:.2g}", ha="center", va="bottom", fontsize=7, color=INK)
        if i:
            ax.axvline((t[thirds[i - 1][-1]] + a) / 2, color=MUTED, linestyle=":", linewidth=1.0)
    if result.rest_rms_mps2:
        ax.axhline(result.rest_rms_mps2**2, color="#2e7d32", linestyle="--", linewidth=0.9)
        ax.annotate(
            "rest",
            (1.0, result.rest_rms_mps2**2),
            xycoords=("axes fraction", "data"),
            xytext=(-18, 2),
            textcoords="offset points",
            fontsize=7,
            color="#2e7d32",
        )
    ax.set_yscale("log")
    plain_log_ticks(ax)
    ratio = s.metrics.end_to_start_ratio
    if ratio is not None:
        ax.text(
            0.01,
            0.97,
            f"last / first third: {ratio:.1f}×",
            transform=ax.transAxes,
            va="top",
            fontsize=8,
            color=INK,
            bbox={"boxstyle": "round,pad=0.25", "facecolor": "white", "edgecolor": GRID},
        )
    ax.set_xlabel("time (s)", fontsize=8, color=INK)
    ax.set_ylabel("6-12 Hz power (m/s²)²", fontsize=8, color=INK)


def _raster(ax: Axes, result: AnalysisResult, s: SetResult) -> None:
    span = s.span
    ax.set_title("twitches in the set and its recovery", fontsize=9, color=INK, loc="left")
    ax.axvspan(span.start_s, span.end_s, color=LABEL_COLORS.get(s.label, "#bdbdbd"), alpha=0.15, linewidth=0)
    ax.text(
        (span.start_s + span.end_s) / 2,
        0.97,
        "set",
        transform=ax.get_xaxis_transform(),
        ha="center",
        va="top",
        fontsize=7,
        color=MUTED,
    )
    mine = [tr for tr, owner in result.twitches if owner == span.index]
    ax.set_xlim(span.start_s, max(span.recovery_end_s, span.end_s + 1.0))
    if not result.assessable.get("fasciculations", True):
        ax.text(
            0.5,
            0.5,
            f"not assessable at {result.sampling.rate_hz:.1f} Hz (needs 100 Hz)",
            transform=ax.transAxes,
            ha="center",
            color=MUTED,
            fontsize=8,
        )
        ax.set_yticks([])
    elif not mine:
        seen_set = result.twitches_seen(span.start_s, span.end_s)
        seen_rest = result.twitches_seen(span.end_s, span.recovery_end_s)
        words = {
            (True, True): "no twitches",
            (False, True): "no twitches in the recovery (none could be seen in the set)",
            (True, False): "no twitches in the set (none could be seen in the recovery)",
        }.get((seen_set, seen_rest), "none could be seen (never still, or the detection limit too high)")
        ax.text(0.5, 0.5, words, transform=ax.transAxes, ha="center", color=MUTED, fontsize=9)
        ax.set_yticks([])
    else:
        t = np.array([tr.t_s for tr in mine])
        peak = np.array([tr.peak_mps2 for tr in mine])
        ax.vlines(t, 0, peak, color=TWITCH, linewidth=1.4)
        ax.plot(t, peak, "o", color=TWITCH, markersize=3.5)
        ax.set_ylim(0, float(peak.max()) * 1.25)
        ax.set_ylabel("peak (m/s²)", fontsize=8, color=INK)
        rate = s.metrics.recovery_rate_per_min
        ax.text(
            0.99,
            0.97,
            f"{s.metrics.twitches_in_set} in set, {s.metrics.twitches_in_recovery} in recovery"
            + (f" ({rate:.1f}/min)" if rate is not None else ""),
            transform=ax.transAxes,
            ha="right",
            va="top",
            fontsize=8,
            color=INK,
        )
    ax.set_xlabel("time (s)", fontsize=8, color=INK)
