"""The gap-free stretches of a stream of stamps, split at gaps and where the sampling rate changed.

:class:`Stretches` is the bookkeeping of :class:`tremor.core.quality.SamplingTracker`'s stretches: it opens a new
stretch after each gap the tracker finds and after each persistent change of the sampling rate that
:class:`tremor.core.rate_change.RateChangeDetector` finds inside one (no sample lost, no gap), and keeps each
stretch's interval moments (:class:`IntervalMoments`), merged block by block, so that any blocking of the same
samples gives the same stretches. A rate split can reach back up to
:data:`~tremor.core.live_sampling.HOLD_BACK` samples before the newest block: the stretch it closes gives back its
intervals from the split on, and the interval across the split counts for neither stretch.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from tremor.core.rate_change import RATE_PERSIST, RATE_WINDOW, RateChange, RateChangeDetector

__all__ = ["IntervalMoments", "SegmentStats", "Stretches"]


@dataclass
class IntervalMoments:
    """Count, sum, mean and sum of squared deviations of a stream of intervals, merged block by block."""

    n: int = 0
    total: float = 0.0
    mean: float = 0.0
    m2: float = 0.0

    def add(self, x: np.ndarray) -> None:
        """Add values (merged exactly with those before, to float rounding).

        Parameters
        ----------
        x : ndarray
            The values (intervals, s).
        """
        if not x.size:
            return
        mean = float(np.mean(x))
        m2 = float(np.sum((x - mean) ** 2))
        if self.n == 0:
            self.n, self.total, self.mean, self.m2 = int(x.size), float(x.sum()), mean, m2
            return
        n = self.n + x.size
        delta = mean - self.mean
        self.m2 += m2 + delta * delta * self.n * x.size / n
        self.mean += delta * x.size / n
        self.total += float(x.sum())
        self.n = n

    def remove(self, x: np.ndarray) -> None:
        """Take back values added before (the inverse of :meth:`add`, to float rounding).

        Parameters
        ----------
        x : ndarray
            Values added before (intervals, s).
        """
        if not x.size:
            return
        n = self.n - x.size
        if n <= 0:
            self.n, self.total, self.mean, self.m2 = 0, 0.0, 0.0, 0.0
            return
        mean_x = float(np.mean(x))
        mean = (self.n * self.mean - x.size * mean_x) / n
        delta = mean_x - mean
        self.m2 = max(self.m2 - float(np.sum((x - mean_x) ** 2)) - delta * delta * n * x.size / self.n, 0.0)
        self.mean, self.total, self.n = mean, self.total - float(x.sum()), n

    @property
    def std(self) -> float:
        """Population standard deviation (``np.std``); 0 with fewer than 2 values."""
        return float(np.sqrt(self.m2 / self.n)) if self.n > 1 else 0.0


@dataclass
class SegmentStats:
    """One gap-free stretch found by a :class:`tremor.core.quality.SamplingTracker`: samples
    ``first_index:stop_index``."""

    first_index: int
    t_first_s: float
    stop_index: int = 0
    t_last_s: float = 0.0
    intervals: IntervalMoments = field(default_factory=IntervalMoments)

    @property
    def n_samples(self) -> int:
        """Samples in the stretch."""
        return self.stop_index - self.first_index


class Stretches:
    """The stream's gap-free stretches (:attr:`segments`) and the rate changes that split them (:attr:`rate_changes`)."""

    def __init__(self) -> None:
        self.segments: list[SegmentStats] = []
        self.rate_changes: list[RateChange] = []
        self._rates = RateChangeDetector()
        self._recent = np.zeros(0)  # the last stamps (rate splits reach back into them)

    def update(self, t: np.ndarray, ends: np.ndarray, first: int, n0: int, gaps: list[int]) -> list[int]:
        """Add a block of stamps: open a stretch after each gap and each rate change, add the intervals.

        Parameters
        ----------
        t : ndarray
            The block's stamps, s (not empty).
        ends : ndarray
            The previous block's last stamp (where there was one) and ``t``: interval ``i`` runs from ``ends[i]``
            to ``ends[i + 1]``.
        first : int
            Stream index of ``ends[0]``.
        n0 : int
            Stream index of ``t[0]`` (the samples before the block).
        gaps : list of int
            The intervals (into ``ends``) that are gaps, in order.

        Returns
        -------
        list of int
            Stream indices of the first sample of each stretch opened, in order.
        """
        if not self.segments:
            self.segments.append(SegmentStats(0, float(t[0])))
        seg0 = len(self.segments) - 1
        starts: list[int] = []
        piece = ends.size - t.size  # ends[piece:] are new samples, not yet fed to the rate watch
        for i in gaps:
            starts += self._rate_splits(ends[piece : i + 1], first + piece)
            self._close(first + i, float(ends[i]))
            self.segments.append(SegmentStats(first + i + 1, float(ends[i + 1])))
            self._rates.restart(first + i + 1)
            starts.append(first + i + 1)
            piece = i + 1
        starts += self._rate_splits(ends[piece:], first + piece)
        self._close(n0 + t.size - 1, float(t[-1]))
        base = n0 - self._recent.size
        self._recent = np.concatenate([self._recent, t])
        self._intervals(seg0, base, n0)
        self._recent = self._recent[-(RATE_WINDOW + RATE_PERSIST + 2) :]
        return starts

    def jitter(self) -> float:
        """The interval std around each stretch's own mean, pooled (where the rate changed, the spread between the
        stretches' rates is no jitter).

        Returns
        -------
        float
            The pooled std, s (0 without intervals).
        """
        n = sum(s.intervals.n for s in self.segments)
        return float(np.sqrt(sum(s.intervals.m2 for s in self.segments) / n)) if n else 0.0

    def _intervals(self, seg0: int, base: int, n0: int) -> None:
        """Add the new block's intervals to their stretches' moments (``seg0``: the stretch open before the block;
        ``base``: the stream index of the first stamp kept in ``_recent``; ``n0``: the block's first sample's).

        A stretch split where the rate changed (up to :data:`~tremor.core.live_sampling.HOLD_BACK` samples back) gives
        back its intervals from the split on; the interval across the split counts for neither stretch.
        """

        def intervals(a: int, b: int) -> np.ndarray:
            """The intervals ending at stream indices a..b."""
            return np.diff(self._recent[max(a - 1 - base, 0) : b + 1 - base]) if b >= a else np.zeros(0)

        for k, seg in enumerate(self.segments[seg0:]):
            lo = seg.first_index + 1
            if k == 0 and seg.stop_index < n0:
                seg.intervals.remove(intervals(max(seg.stop_index, lo), n0 - 1))
            seg.intervals.add(intervals(max(lo, n0) if k == 0 else lo, seg.stop_index - 1))

    def _rate_splits(self, time_s: np.ndarray, first_index: int) -> list[int]:
        """Feed a gap-free piece to the rate watch; split the open stretch at each rate change (no gap)."""
        starts = []
        for change in self._rates.feed(time_s, first_index):
            self.rate_changes.append(change)
            self._close(change.index - 1, change.before_s)
            self.segments.append(SegmentStats(change.index, change.time_s))
            starts.append(change.index)
        return starts

    def _close(self, last_index: int, t_last: float) -> None:
        seg = self.segments[-1]
        seg.stop_index, seg.t_last_s = last_index + 1, t_last
