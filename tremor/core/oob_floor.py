"""The out-of-band power floor: the power a 3.25-6 / 13-18 Hz peak needs, from the recording's own noise.

Split from :mod:`tremor.core.episodes` (which re-exports these names) for size (issue 8): the floor is
one job, the recording's noise in the width an out-of-band peak's power is summed over.
"""

from __future__ import annotations

import numpy as np

from tremor.core._rolling import row_nanmedian
from tremor.core.features import PSD_FREQS, Frames
from tremor.core.sets import MOVE_MPS2

__all__ = [
    "OOB_LOWEST_POWER",
    "OOB_MIN_POWER",
    "OOB_OVER_NOISE",
    "ROW_BLOCK",
    "oob_floors",
    "oob_power_floor",
    "still_row_medians",
]

#: The power floor (within +-1 Hz of the peak) never exceeds this, (m/s^2)^2, about 0.063 m/s^2 RMS (the
#: former absolute floor: a noisier recording keeps it, its prominence rule then limits detection) ...
OOB_MIN_POWER = 0.004
#: ... and is otherwise this many times the recording's own noise power in the same +-1 Hz (the median PSD
#: of its still frames; issue 9: an absolute floor missed a 0.053 m/s^2 episode standing 25x over the
#: noise of its recording) ...
OOB_OVER_NOISE = 10.0
#: ... but never under this, (m/s^2)^2, i.e. 0.03 m/s^2 RMS: a machine line of 0.02 m/s^2 is often not
#: found by the vibration finder (core/vibration.py), and must not pass as tremor.
OOB_LOWEST_POWER = 0.0009
#: Spectra are scanned for out-of-band peaks this many frames at a time (bounded memory; each row is
#: independent, so the values do not depend on it). A block's float64 copies (about 1.2 MB each) stay in the
#: cache: 16384 rows took 1.7x the CPU of 2048 over a 6 h file.
ROW_BLOCK = 2048


def still_row_medians(frames: Frames, lo: int, hi: int) -> np.ndarray:
    """The median PSD (NaN left out) of each still frame (movement under ``MOVE_MPS2``) in rows ``[lo, hi)``.

    Parameters
    ----------
    frames : Frames
        Frame features of the recording (machine lines removed).
    lo, hi : int
        The rows (``hi`` past the end reads to the end).

    Returns
    -------
    ndarray
        One median per still frame, in row order ((m/s^2)^2/Hz).
    """
    still = frames.movement_rms[lo:hi] < MOVE_MPS2
    return row_nanmedian(frames.psd[lo:hi][still].astype(np.float64))


def oob_power_floor(frames: Frames, still_medians: np.ndarray | None = None) -> float:
    """The power an out-of-band peak needs within +-1 Hz (a hit), from the recording's own noise.

    :data:`OOB_OVER_NOISE` times the noise power in that width, where the noise PSD is the median over
    the still frames (movement under ``MOVE_MPS2``) of each frame's median PSD in 2-20 Hz (a line holds
    a few bins, so episodes hardly raise it); clipped to :data:`OOB_LOWEST_POWER` -
    :data:`OOB_MIN_POWER`. Without still frames it is :data:`OOB_MIN_POWER`. Its square root is the
    out-of-band detection limit the report states.

    Parameters
    ----------
    frames : Frames
        Frame features of the recording (machine lines removed).
    still_medians : ndarray or None
        :func:`still_row_medians` of all rows, in order, where the caller has them (the same values; a
        live session keeps them between summaries); None computes them.

    Returns
    -------
    float
        The floor in (m/s^2)^2.
    """
    still = frames.movement_rms < MOVE_MPS2
    if not len(frames) or not still.any():
        return OOB_MIN_POWER
    # in blocks of rows, as the peak scan (bounded memory for long recordings)
    if still_medians is None:
        meds = [still_row_medians(frames, lo, lo + ROW_BLOCK) for lo in range(0, len(frames), ROW_BLOCK)]
    else:
        meds = [still_medians]
    noise_psd = float(np.nanmedian(np.concatenate(meds)))
    if not np.isfinite(noise_psd):
        return OOB_MIN_POWER
    df = float(PSD_FREQS[1] - PSD_FREQS[0])
    width = float(np.sum(np.abs(PSD_FREQS - PSD_FREQS.mean()) <= 1.0)) * df  # the bins _power_near sums
    return float(np.clip(OOB_OVER_NOISE * noise_psd * width, OOB_LOWEST_POWER, OOB_MIN_POWER))


def oob_floors(
    frames: Frames, under_lines: np.ndarray | None = None, still_medians: np.ndarray | None = None
) -> np.ndarray:
    """Each frame's out-of-band power floor: :func:`oob_power_floor`, or :data:`OOB_MIN_POWER` under a line.

    Parameters
    ----------
    frames : Frames
        Frame features of the recording (machine lines removed).
    under_lines : ndarray of bool or None
        Frames a machine vibration line covers.
    still_medians : ndarray or None
        Passed to :func:`oob_power_floor`.

    Returns
    -------
    ndarray, shape (n_frames,)
        The floor in (m/s^2)^2 of each frame.
    """
    floors = np.full(len(frames), oob_power_floor(frames, still_medians))
    if under_lines is not None:
        floors[under_lines] = OOB_MIN_POWER
    return floors
