"""The twitch threshold's background level: the median and MAD of a window with its events left out.

One function, :func:`noise_level`, used by :class:`tremor.core.twitch_finder.TransientFinder` for
batch and live alike (a row's result depends on that row only).
"""

from __future__ import annotations

import numpy as np

from tremor.core._rolling import nth_deviation, row_median_mad

__all__ = ["CLIP_DILATE_S", "CLIP_FACTOR", "CLIP_MAX_RUN_S", "CLIP_MIN_KEEP", "noise_level"]

#: The median and MAD are of the background's noise, the events in it left out: samples above the
#: window's median + CLIP_FACTOR robust SDs, and CLIP_DILATE_S either side of them (a transient's
#: envelope skirts), are set aside and the median and MAD taken again over the rest. Twitches 0.3 s
#: apart fill a third to a half of the window and otherwise raise the threshold by half; on noise
#: alone the clipped threshold is 1-2 % lower. Where less than CLIP_MIN_KEEP of the window is
#: left, the unclipped values stand.
CLIP_FACTOR = 4.0
CLIP_DILATE_S = 0.05
CLIP_MIN_KEEP = 0.25
#: ... but a run above that level longer than this is the background changing (a tremor or movement
#: starting), not an event: it stays in (left out, the threshold would lag behind a rising tremor).
CLIP_MAX_RUN_S = 0.4


def noise_level(
    rows: np.ndarray,
    dilate: int,
    max_run: int = 0,
    *,
    plain: tuple[np.ndarray, np.ndarray] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Median and MAD of each row (a background window) with its events left out (:data:`CLIP_FACTOR`).

    Row by row: the result of a row does not depend on the other rows, so batch (many windows at
    once) and live (one) get the same numbers. Rows holding a non-finite value keep the plain
    median and MAD (as :func:`numpy.median` gives them); ``dilate < 0`` leaves every row unclipped.
    Runs above the clip level longer than ``max_run`` samples (if positive) stay in
    (:data:`CLIP_MAX_RUN_S`). ``plain``, where given, is each row's plain median and MAD already
    computed (equal to :func:`tremor.core._rolling.row_median_mad` of ``rows``).

    Parameters
    ----------
    rows : ndarray, shape (m, n)
        Background windows of the twitch envelope, one per row.
    dilate : int
        Samples set aside either side of each sample above the clip level (:data:`CLIP_DILATE_S`).
    max_run : int
        Runs above the clip level longer than this many samples stay in; 0 keeps none.
    plain : tuple of ndarray, optional
        Each row's plain median and MAD, where already computed.

    Returns
    -------
    median : ndarray, shape (m,)
        Each row's median with its events left out.
    mad : ndarray, shape (m,)
        Each row's median absolute deviation from that median, events left out.
    """
    rows = np.asarray(rows, dtype=np.float64)
    med, mad = row_median_mad(rows) if plain is None else plain
    if rows.shape[0] == 0 or dilate < 0:
        return med, mad
    clip = rows > (med + CLIP_FACTOR * 1.4826 * mad)[:, None]
    # only rows with a sample above the clip level can change: the rest keep the plain values
    c = np.flatnonzero(clip.any(axis=1))
    if not c.size:
        return med, mad
    width = rows.shape[1]
    rows, clip = rows[c], clip[c]
    if max_run > 0:  # runs longer than max_run are the background changing: kept
        starts = clip.copy()
        starts[:, 1:] &= ~clip[:, :-1]
        run_id = np.cumsum(starts.ravel()).reshape(clip.shape)  # runs never cross rows
        length = np.bincount(run_id[clip])
        clip &= length[run_id] <= max_run
    out = clip.copy()
    for d in range(1, dilate + 1):
        out[:, d:] |= clip[:, :-d]
        out[:, :-d] |= clip[:, d:]
    keep = ~out
    n = keep.sum(axis=1)
    ok = (n >= CLIP_MIN_KEEP * width) & (n > 0) & np.isfinite(rows).all(axis=1) & clip.any(axis=1)
    if not ok.any():
        return med, mad
    r = np.flatnonzero(ok)
    kept, k = keep[r], n[r]
    lo, hi = (k - 1) // 2, k // 2
    at = np.arange(r.size)
    s = np.sort(np.where(kept, rows[r], np.inf), axis=1)
    m2 = (s[at, lo] + s[at, hi]) / 2.0
    # the kept values' deviations from m2, lo-th and hi-th smallest, off the sorted kept values
    mad2 = (nth_deviation(s, m2, lo + 1) + nth_deviation(s, m2, hi + 1)) / 2.0
    med, mad = med.copy(), mad.copy()
    med[c[r]], mad[c[r]] = m2, mad2
    return med, mad
