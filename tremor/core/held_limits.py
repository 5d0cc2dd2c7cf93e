"""Twitch detection, hold stage's limits: the detection limit raised where the hold rules would hide a twitch.

Part of the twitch detector (:mod:`tremor.core.events`): the held oscillations and line bursts that
:mod:`tremor.core.twitch_hold` finds around candidates are sought in every block too, and a block's published
limit is at least what a reference twitch must reach to stand out of them (and, where the finder gives it, the
movement rule's part: :mod:`tremor.core.movement_limit`).
"""

from __future__ import annotations

import numpy as np

from tremor.core.twitch_beats import LineEvidence
from tremor.core.twitch_hold import (
    HOLD_WINDOW_S,
    LINE_BURST_GATE,
    LINE_BURST_WINDOW_S,
    Hold,
    HoldEvidence,
    LineBurst,
    line_burst,
)
from tremor.core.twitch_signal import BLOCK_S

__all__ = ["HeldLimits"]


class HeldLimits:
    """The twitch detector's block limits, raised over held oscillations (see the module docstring).

    A block's limit is published (:attr:`limits`) only once every held stretch that could reach it
    is known, so live and batch publish the same values.

    Parameters
    ----------
    evidence : HoldEvidence
        The raw samples.
    band_gain : float
        The reference twitch's band-passed vector peak per m/s^2 of its raw peak.
    env_gain : float
        The reference twitch's band-passed analytic envelope peak per m/s^2 of its raw peak.
    """

    def __init__(self, evidence: HoldEvidence, band_gain: float, env_gain: float) -> None:
        self.evidence = evidence
        self.band_gain = band_gain
        self.env_gain = env_gain
        self.limits: list[tuple[float, float]] = []
        self._held: list[Hold | LineBurst] = []
        self._scanned = 0
        self._burst_at = -np.inf

    def add(self, held: list[Hold | LineBurst]) -> None:
        """Add the stretches of rejected candidates.

        Parameters
        ----------
        held : list of Hold or LineBurst
            From :func:`classify_holds`.
        """
        self._held.extend(held)

    def update(
        self,
        blocks: list[tuple[float, float]],
        lines: LineEvidence,
        done_until_s: float,
        movement: list[float] | None = None,
    ) -> None:
        """Look for held oscillations in the blocks whose windows are complete; publish the settled limits.

        Parameters
        ----------
        blocks : list of (float, float)
            The finder's (time, limit) of every block so far.
        lines : LineEvidence
            The band-passed samples (the blocks' peaks).
        done_until_s : float
            Every candidate before this time is judged (inf at the segment's end).
        movement : list of float, optional
            The finder's movement-rule limit of each block of ``blocks``
            (:attr:`tremor.core.twitch_finder.TransientFinder.movement`): a published limit is at least it. The
            held oscillations are sought against ``blocks``' limits alone (as before the movement rule's part).
        """
        half = BLOCK_S / 2
        scan_until = done_until_s - max(HOLD_WINDOW_S, LINE_BURST_WINDOW_S) - BLOCK_S
        new = [b for b in blocks[self._scanned :] if b[0] < scan_until]
        if new:
            times = np.array([t for t, _ in new])
            peaks, rms = lines.block_peaks(times, half, LINE_BURST_WINDOW_S)
            for (t, limit), peak, level in zip(new, peaks.tolist(), rms.tolist()):
                if not (np.isfinite(limit) and peak >= self.band_gain * limit):
                    continue
                # one measure per half a line burst's window (a burst's blocks share it)
                # a line's envelope is about sqrt(2) x its RMS over the window (LINE_BURST_GATE: room
                # for a waxing envelope whose median exceeds its RMS's)
                if t - self._burst_at > LINE_BURST_WINDOW_S / 2 and (
                    LINE_BURST_GATE * np.sqrt(2) * level >= self.env_gain * limit
                ):
                    at = lines.peak_time(t - half, t + half)  # only for a block measured
                    if at is None:
                        continue
                    b = line_burst(lines, at, self.env_gain, min_level_mps2=limit)
                    if b is not None and b.level_mps2 >= limit:
                        self._held.append(b)
                        self._burst_at = t
            self._scanned += len(new)
        # a stretch reaches at most LINE_BURST_WINDOW_S from its block's peak, a candidate's from its centre
        until = done_until_s - 2 * max(HOLD_WINDOW_S, LINE_BURST_WINDOW_S) - 3 * BLOCK_S
        todo = [b for b in blocks[len(self.limits) : self._scanned] if b[0] < until]
        if todo:
            times = np.array([t for t, _ in todo])
            bars = np.array([limit for _, limit in todo], dtype=float)
            for h in self._held:
                lo = int(np.searchsorted(times, h.start_s - half, side="left"))
                hi = int(np.searchsorted(times, h.end_s + half, side="right"))
                if hi > lo:
                    np.maximum(bars[lo:hi], h.bar_mps2, out=bars[lo:hi])
            if movement is not None:  # todo is blocks[len(self.limits):] up to ``until``
                first = len(self.limits)
                bars = np.maximum(bars, np.asarray(movement[first : first + bars.size], dtype=float))
            self.limits.extend(zip(times.tolist(), bars.tolist()))
        self._held = [h for h in self._held if h.end_s + half >= until]
