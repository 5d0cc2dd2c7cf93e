"""The vibration search's tests of each 20 s block on its own (steps 1-2 of :mod:`tremor.core.vibration`).

Each block's answer reads only the block's own frame rows, so a live session keeps it between summaries
(:class:`~tremor.core.frame_memo.FrameMemo`); the tests themselves are in :mod:`tremor.core.vibration_blocks`.
"""

from __future__ import annotations

import numpy as np

from tremor.core._rolling import sorted_middle
from tremor.core.features import Frames
from tremor.core.sets import MOVE_MPS2
from tremor.core.vibration_blocks import Hit, Peak, blocks_peaks, hits_of_peaks, peak_spreads
from tremor.core.vibration_spectra import block_medians, median1

__all__ = ["block_finds", "blocks_still"]


def blocks_still(movement: np.ndarray, starts: list[int], bn: int) -> list[bool]:
    """``median1(movement[s : s + bn]) < MOVE_MPS2`` for each ``s`` in ``starts``, every block at once
    (the same medians: the sorted blocks' middle, in the column's own float type; NaN is not still).

    Parameters
    ----------
    movement : ndarray
        The frames' movement RMS (m/s^2).
    starts : list of int
        Each block's first frame row.
    bn : int
        Frames per block.

    Returns
    -------
    list of bool
        Whether the wrist is still in each block.
    """
    x = np.asarray(movement)
    if x.dtype.kind != "f" or not starts:
        return [bool(median1(x[s : s + bn]) < MOVE_MPS2) for s in starts]
    srt = np.sort(np.lib.stride_tricks.sliding_window_view(x, bn)[np.asarray(starts)], axis=1)
    return (~np.isnan(srt[:, -1]) & (sorted_middle(srt) < MOVE_MPS2)).tolist()


def block_finds(
    frames: Frames, starts: list[int], bn: int, f_hi: float, which: list[int]
) -> list[tuple[bool, np.ndarray, list[Hit]]]:
    """Blocks ``starts[j]`` for ``j`` in ``which``: whether the wrist is still, the median spectrum and the hits
    (block index ``j``); each from the block's own rows ``[starts[j], starts[j] + bn)`` alone, so a live
    session keeps them between summaries (:class:`~tremor.core.frame_memo.FrameMemo`).

    Parameters
    ----------
    frames : Frames
        The frame table.
    starts : list of int
        Every block's first frame row.
    bn : int
        Frames per block.
    f_hi : float
        Highest frequency (Hz) sought.
    which : list of int
        The blocks (positions in ``starts``) to test.

    Returns
    -------
    list of (bool, ndarray, list of Hit)
        For each block of ``which``: whether the wrist is still there (lines are first found only in
        still blocks), its median spectrum, and its hits (:func:`hits_of_peaks`).
    """
    sel = [starts[j] for j in which]
    # a line is first found where the wrist is still: during movement a steady peak may be a
    # harmonic of the movement itself (regular reps), which is not a machine's; it is only followed there
    still = blocks_still(frames.movement_rms, sel, bn)
    meds = block_medians(frames.psd, sel, bn)
    quiet = [i for i, s in enumerate(still) if s]
    block_peaks: list[list[Peak]] = [[] for _ in sel]
    for q0 in range(0, len(quiet), 512):  # bounded memory: 512 blocks' candidates at a time
        part = quiet[q0 : q0 + 512]
        peaks = blocks_peaks(frames.psd, [sel[i] for i in part], bn, [meds[i] for i in part], f_hi)
        for i, p in zip(part, peaks):
            block_peaks[i] = p
    tracks = [p[1] for ps in block_peaks for p in ps]
    spread_iter = iter(
        peak_spreads(np.stack(tracks)).tolist() if tracks else []
    )  # every block's tracks are bn frames long
    return [
        (
            still[i],
            meds[i],
            hits_of_peaks(block_peaks[i], meds[i], j, [next(spread_iter) for _ in block_peaks[i]])
            if block_peaks[i]
            else [],
        )
        for i, j in enumerate(which)
    ]
