"""A line beside the 6-12 Hz band in a still stay: a tremor the stay holds, which makes it a hold.

:func:`tremor.core.posture_shift.stay_kind` reads it for a stay at the rest's 6-12 Hz level: a rhythm in 3-7 or
13-18 Hz that the rest does not show is a held limb's (the simulator's ``atypical_tremor``), while taps (a phone
checked in the pose) spread their rise over the band and are not a line.
"""

from __future__ import annotations

import numpy as np

from tremor.core.features import PSD_FREQS
from tremor.core.tap_rise import TAP_LINE_SHARE

__all__ = ["rhythm_beside"]


def rhythm_beside(
    psd: np.ndarray | None, still: np.ndarray, rest: np.ndarray, run: tuple[int, int], level: float
) -> bool:
    """Whether the stay ``run``'s still frames hold a line beside the 6-12 Hz band.

    Parameters
    ----------
    psd : ndarray, shape (n_frames, n_freqs), or None
        Each frame's spectrum at :data:`~tremor.core.features.PSD_FREQS`; None: no line can be read.
    still : ndarray of bool, shape (n_frames,)
        The frames the stay's rhythm is read from (its still frames, less any a transient fills).
    rest : ndarray of bool, shape (n_frames,)
        The rest frames; those outside the run are the comparison.
    run : (int, int)
        The stay's first frame and the frame after its last.
    level : float
        The ratio of the stay's band power (mean spectrum) over the rest's (median spectrum) a line needs.

    Returns
    -------
    bool
        True where 3-7 or 13-18 Hz power is over ``level`` times the rest's and more than
        :data:`~tremor.core.tap_rise.TAP_LINE_SHARE` of its rise lies within 0.5 Hz of its top: a tremor, not
        taps' spread rise.
    """
    if psd is None:
        return False
    outside = np.asarray(rest, bool).copy()
    outside[run[0] : run[1]] = False
    inside = np.flatnonzero(np.asarray(still[run[0] : run[1]], bool)) + run[0]
    at_rest, held = np.asarray(psd[outside], np.float64), np.asarray(psd[inside], np.float64)
    if not (at_rest.size and held.size):
        return False
    seen = np.isfinite(at_rest).all(axis=0) & np.isfinite(held).all(axis=0)
    rest_psd, stay_psd = np.median(at_rest[:, seen], axis=0), held[:, seen].mean(axis=0)
    f = PSD_FREQS[seen]
    for lo, hi in ((3.0, 7.0), (13.0, 18.0)):
        band = (f >= lo) & (f <= hi)
        excess = stay_psd[band] - rest_psd[band]
        if not band.any() or stay_psd[band].sum() <= level * rest_psd[band].sum() or excess.sum() <= 0:
            continue
        near = np.abs(f[band] - f[band][int(np.argmax(excess))]) <= 0.5
        if float(np.clip(excess[near], 0.0, None).sum()) > TAP_LINE_SHARE * float(excess.sum()):
            return True
    return False
