"""Two wrists at once, step 1: put the right recording's timeline on the left's.

:func:`align` lines up the two :class:`~tremor.core.analysis.AnalysisResult` objects of one
session by the wall-clock start of each recording where both have one, else by cross-correlating
the movement of the two wrists on a common :data:`ALIGN_GRID_S` grid (nothing is resampled: the
grid only finds the offset), else not at all, and says which in an :class:`Alignment`. Split out
of :mod:`tremor.core.pairing`, which matches and compares the sets and re-exports these names.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from tremor.core.analysis import AnalysisResult

__all__ = [
    "ALIGN_GRID_S",
    "MIN_ALIGN_CORRELATION",
    "MIN_ALIGN_OVERLAP_S",
    "Alignment",
    "align",
    "round_finite",
]

#: Grid (s) of the movement series used to find the offset between the timelines.
ALIGN_GRID_S = 0.5
#: Peak correlation of the two wrists' movement below which the timelines are not aligned by it.
MIN_ALIGN_CORRELATION = 0.5
#: The aligned recordings must share at least this much time (s) for a movement alignment.
MIN_ALIGN_OVERLAP_S = 30.0


@dataclass(frozen=True)
class Alignment:
    """How the right recording's timeline was put on the left's.

    ``offset_s`` is added to a right-side time to give the left-side time (the right recording
    started ``offset_s`` seconds after the left one); None where the timelines could not be aligned.
    """

    offset_s: float | None
    method: str  # "wall_clock", "movement" or "none"
    correlation: float | None  # peak movement correlation (method "movement"; also checked for "wall_clock")
    overlap_s: float  # time both recordings cover, on the aligned timeline
    detail: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary.

        Returns
        -------
        dict
            The fields by name, times in s, power in (m/s^2)^2, rounded; None for what was not measured.
        """
        return {
            "offset_s": round_finite(self.offset_s, 3),
            "method": self.method,
            "correlation": round_finite(self.correlation, 3),
            "overlap_s": round_finite(self.overlap_s, 2),
            "detail": self.detail,
        }


def round_finite(x: float | None, digits: int) -> float | None:
    """``x`` rounded for a JSON report; None where it is missing or not finite.

    Parameters
    ----------
    x : float or None
        The value.
    digits : int
        Decimal places kept.

    Returns
    -------
    float or None
        The rounded value, or None (JSON ``null``) for None, NaN and infinities.
    """
    return None if x is None or not math.isfinite(x) else round(float(x), digits)


# ------------------------------------------------------------------------------------------ alignment
def _movement_series(result: AnalysisResult, grid: np.ndarray) -> np.ndarray:
    """log movement RMS on ``grid`` (NaN where the recording has no frame within a grid step)."""
    f = result.frames
    t, m = f.t_s, np.asarray(f.movement_rms, np.float64)
    ok = np.isfinite(m)
    t, m = t[ok], m[ok]
    out = np.full(grid.size, np.nan)
    if t.size < 2:
        return out
    k = np.clip(np.searchsorted(t, grid), 0, t.size - 1)
    k0 = np.clip(k - 1, 0, t.size - 1)
    near = np.minimum(np.abs(t[k] - grid), np.abs(t[k0] - grid)) <= ALIGN_GRID_S
    out[near] = np.interp(grid[near], t, np.log(m + 0.01))
    return out


def _end_s(result: AnalysisResult) -> float:
    return float(result.sampling.duration_s)


def _lagged_correlation(x: np.ndarray, y: np.ndarray, min_overlap: int) -> tuple[np.ndarray, np.ndarray]:
    """Pearson correlation of ``x[i + k]`` with ``y[i]`` over their overlap, for every lag ``k``.

    NaN samples take no part. Returns the lags and correlations (NaN where the overlap holds fewer
    than ``min_overlap`` valid pairs). Sums over each overlap come from FFT correlations.
    """
    vx, vy = np.isfinite(x), np.isfinite(y)
    x0, y0 = np.where(vx, x, 0.0), np.where(vy, y, 0.0)
    wx, wy = vx.astype(float), vy.astype(float)
    n = x.size + y.size - 1
    nfft = 1 << (n - 1).bit_length()

    def corr(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        # c[k] = sum_i a[i + k] b[i] for k = -(len(b) - 1) .. len(a) - 1
        full = np.fft.irfft(np.fft.rfft(a, nfft) * np.conj(np.fft.rfft(b, nfft)), nfft)
        return np.concatenate([full[nfft - (b.size - 1) :], full[: a.size]])

    cnt = np.rint(corr(wx, wy))
    sx, sy = corr(x0, wy), corr(wx, y0)
    sxx, syy, sxy = corr(x0 * x0, wy), corr(wx, y0 * y0), corr(x0, y0)
    lags = np.arange(-(y.size - 1), x.size)
    with np.errstate(invalid="ignore", divide="ignore"):
        cov = sxy - sx * sy / cnt
        var = (sxx - sx * sx / cnt) * (syy - sy * sy / cnt)
        r = cov / np.sqrt(var)
    r[(cnt < min_overlap) | ~(var > 1e-12)] = np.nan
    return lags, r


def align(left: AnalysisResult, right: AnalysisResult) -> Alignment:
    """Put the right recording's timeline on the left's (see :class:`Alignment`).

    Parameters
    ----------
    left, right : AnalysisResult
        The analyses of the two wrists' recordings of one session.

    Returns
    -------
    Alignment
        The offset (s) that puts right's times on left's timeline, how it was found (wall clock or
        movement cross-correlation), the correlation and the overlap; ``offset_s`` None where the two
        cannot be aligned.
    """
    dur_l, dur_r = _end_s(left), _end_s(right)

    def overlap(off: float) -> float:
        return max(0.0, min(dur_l, dur_r + off) - max(0.0, off))

    grid_l = np.arange(0.0, dur_l + ALIGN_GRID_S, ALIGN_GRID_S)
    grid_r = np.arange(0.0, dur_r + ALIGN_GRID_S, ALIGN_GRID_S)
    x, y = _movement_series(left, grid_l), _movement_series(right, grid_r)
    if left.start_unix_s is not None and right.start_unix_s is not None:
        off = float(right.start_unix_s - left.start_unix_s)
        ov = overlap(off)
        if ov <= 0.0:
            return Alignment(
                None,
                "none",
                None,
                0.0,
                f"by their wall-clock starts the recordings do not overlap (the right one starts "
                f"{off:+.1f} s from the left one, which lasts {dur_l:.1f} s)",
            )
        k = int(round(off / ALIGN_GRID_S))
        lags, r = _lagged_correlation(x, y, 8)
        at = r[lags == k]
        c = float(at[0]) if at.size and np.isfinite(at[0]) else None
        return Alignment(
            off,
            "wall_clock",
            c,
            ov,
            f"wall-clock starts: the right recording starts {off:+.3f} s from the left one",
        )
    min_overlap = min(MIN_ALIGN_OVERLAP_S, 0.5 * min(dur_l, dur_r))
    lags, r = _lagged_correlation(x, y, max(int(min_overlap / ALIGN_GRID_S), 8))
    if not np.isfinite(r).any():
        return Alignment(
            None,
            "none",
            None,
            0.0,
            "no wall-clock start on both recordings, and too little movement to line them up by",
        )
    i = int(np.nanargmax(r))
    best = float(r[i])
    if best < MIN_ALIGN_CORRELATION:
        return Alignment(
            None,
            "none",
            best,
            0.0,
            f"no wall-clock start on both recordings, and the two wrists' movement does not line up "
            f"(best correlation {best:.2f}, below {MIN_ALIGN_CORRELATION:g})",
        )
    # refine the lag between grid steps with a parabola through the peak and its neighbours
    frac = 0.0
    if 0 < i < r.size - 1 and np.isfinite(r[i - 1]) and np.isfinite(r[i + 1]):
        den = r[i - 1] - 2 * r[i] + r[i + 1]
        if den < 0:
            frac = float(np.clip(0.5 * (r[i - 1] - r[i + 1]) / den, -0.5, 0.5))
    off = float((lags[i] + frac) * ALIGN_GRID_S)
    return Alignment(
        off,
        "movement",
        best,
        overlap(off),
        f"no wall-clock start on both recordings: lined up by the wrists' movement "
        f"(correlation {best:.2f}, to about {ALIGN_GRID_S / 2:g} s); the right recording starts "
        f"{off:+.2f} s from the left one",
    )
