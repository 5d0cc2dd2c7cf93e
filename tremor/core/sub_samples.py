"""An episode's sub-block samples over its longest gap-free run of frames.

The rules that read a rhythm's direction or its half-rate line from the frames' sub-block means
(:attr:`tremor.core.features.Frames.sub_acc`, 10 Hz at the default hop) cut the episode's samples alike:
the frames centred in its span, their median hop, the longest run of frames that hop apart
(:func:`tremor.core.rep_locked_ring.gap_free_run`, whose sub-blocks tile the time between them), and a
least length; :func:`gap_free_sub_samples` is that cut (:mod:`tremor.core.lead_pull`,
:mod:`tremor.core.leg_rhythm`, :mod:`tremor.core.kick_rhythm`).
"""

from __future__ import annotations

import numpy as np

from tremor.core.features import Frames
from tremor.core.rep_locked_ring import SUB_BLOCKS, gap_free_run

__all__ = ["gap_free_sub_samples"]


def gap_free_sub_samples(
    frames: Frames, start_s: float, end_s: float, min_s: float
) -> tuple[np.ndarray, np.ndarray, float] | None:
    """The sub-block means of the longest gap-free run of frames centred in ``[start_s, end_s]``, less their mean.

    Parameters
    ----------
    frames : Frames
        The recording's frames (``t_s`` and ``sub_acc``).
    start_s, end_s : float
        The span, s (frame centres on either end count).
    min_s : float
        Least length of the run (its frames times their median hop), s.

    Returns
    -------
    tuple or None
        ``(rows, x, dt)``: the run's frame indices, its sub-block means in time order (float64, shape
        ``(rows.size * SUB_BLOCKS, 3)``, each axis less its mean) and their spacing in s (the median hop over
        :data:`tremor.core.rep_locked_ring.SUB_BLOCKS`); None where the span holds fewer than two frames, the
        run is shorter than ``min_s`` or any of its sub-block means is unknown.

    Examples
    --------
    >>> t = np.arange(20) * 0.5
    >>> z = np.zeros(20, np.float32)
    >>> sub = np.ones((20, SUB_BLOCKS, 3), np.float32)
    >>> frames = Frames(t, z, np.zeros((20, 3), np.float32), *(z,) * 10, np.zeros((20, 1), np.float32), sub_acc=sub)
    >>> rows, x, dt = gap_free_sub_samples(frames, 1.0, 8.0, 4.0)
    >>> rows.size, x.shape, dt
    (15, (75, 3), 0.1)
    >>> gap_free_sub_samples(frames, 1.0, 8.0, 8.0) is None
    True
    """
    idx = np.flatnonzero((frames.t_s >= start_s) & (frames.t_s <= end_s))
    if idx.size < 2:
        return None
    hop = float(np.median(np.diff(frames.t_s[idx])))
    a, b = gap_free_run(frames.t_s[idx], hop)
    rows = idx[a:b]
    if rows.size * hop < min_s:
        return None
    x = frames.sub_acc[rows].reshape(-1, frames.sub_acc.shape[2]).astype(np.float64)
    if not np.all(np.isfinite(x)):
        return None
    x -= x.mean(axis=0)
    return rows, x, hop / SUB_BLOCKS
