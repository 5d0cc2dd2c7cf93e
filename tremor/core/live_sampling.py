"""The sampling stage of live analysis: the one :class:`~tremor.core.quality.SamplingTracker`, fed chunk by chunk.

:class:`LiveSampler` is what :class:`tremor.core.stream.LiveAnalyzer` feeds its samples to. It runs
the tracker of whole-file and long-file analysis (rate, jitter, gaps, saturation) on every sample
as it arrives, splits the stream at the gaps the tracker finds, and puts each gap-free stretch on
a uniform grid by the one :func:`~tremor.core.quality.segment_grid` rule: a stretch with regular
stamps keeps its samples, a jittery one is interpolated linearly onto a grid. What comes out is a
list of :class:`GridBlock` (samples on a stretch's grid), for the per-segment pipeline.

Where live differs from batch, because it cannot see the future (measured in
``tests/core/test_live_vs_batch.py``):

* the gap threshold is :data:`~tremor.core.quality.GAP_FACTOR` times the median interval of the
  session's first :data:`RATE_PROBE_S` seconds (at least :data:`MIN_PROBE_INTERVALS` intervals),
  not of the whole recording; the tracker (and so the rate, jitter, gaps and saturation it
  reports) is then the batch tracker, fed the same samples;
* each stretch's grid is decided from its first :data:`RATE_PROBE_S` seconds, batch's from the
  whole stretch: its rate is the rate of those seconds, and it is interpolated when those seconds
  jitter by more than :data:`~tremor.core.quality.MAX_UNIFORM_JITTER` of their median interval.
  A jittery stretch is interpolated at the least-squares rate of its first seconds' stamps, where
  batch uses the recording's mean rate, so the grid points differ (each grid point's value is the
  same linear interpolation of the two samples around it): the two grids' phases drift apart, and
  a twitch near the detection threshold can be found on one grid and not the other (seeds 1-8 of
  the simulator at 2 ms jitter: 6 of 78 twitches). A stretch whose jitter starts after its first
  seconds is not interpolated live; the sampling note says how many stretches were.

The grid is exact whatever the chunking: a grid point is emitted once the sample after it has
arrived, and interpolated between the same two samples as a whole-array ``np.interp`` would use.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from tremor.core.quality import (
    MAX_UNIFORM_JITTER,
    SamplingReport,
    SamplingTracker,
    SegmentStats,
    gaps_and_notes,
    segment_grid,
)
from tremor.core.recording import LoggedGap
from tremor.errors import SamplingError

__all__ = ["GridBlock", "GridSegment", "LiveSampler", "RATE_PROBE_S", "MIN_PROBE_INTERVALS"]

#: Seconds of a stretch's first samples that give its rate and decide its grid (and, for the
#: session's first stretch, the gap threshold).
RATE_PROBE_S = 2.0
#: The session's gap threshold is measured over at least this many intervals (a gap among the
#: first few samples cannot then set it).
MIN_PROBE_INTERVALS = 5


@dataclass
class GridSegment:
    """A gap-free stretch put on a uniform grid: sample ``i`` of the grid is at ``t0_s + i / fs_hz``.

    ``first_index`` is the stream index of its first received sample; ``n_grid`` counts the grid
    samples emitted so far.
    """

    t0_s: float
    fs_hz: float
    interpolated: bool
    first_index: int
    n_grid: int = 0


@dataclass(frozen=True, eq=False)
class GridBlock:
    """The next samples of a stretch's grid.

    ``time_s`` are the received stamps of these samples (for a stretch that keeps its samples) or
    the grid times (for an interpolated one); ``final`` marks the stretch's last block (possibly
    empty: the stretch ended at a gap seen only when the next sample arrived).
    """

    segment: GridSegment
    time_s: np.ndarray
    acc_mps2: np.ndarray
    final: bool = False


def _decide(t: np.ndarray, first_index: int) -> GridSegment:
    """The grid of a stretch whose first samples (its first :data:`RATE_PROBE_S` s, or all of a
    shorter one) are ``t``, by :func:`segment_grid` with that stretch's own rate."""
    k = max(int(np.searchsorted(t, t[0] + RATE_PROBE_S, "left")), 3)
    pt = t[:k]
    dt = np.diff(pt)
    stats = SegmentStats(first_index, float(pt[0]), first_index + k, float(pt[-1]))
    stats.intervals.add(dt)
    # an interpolated grid's rate: the least-squares slope of the stamps against their index, whose
    # error over n stamps with independent jitter falls as n**-1.5 (first-to-last: as n**-1)
    idx = np.arange(k) - (k - 1) / 2
    rate = float(np.sum(idx * idx) / np.sum(idx * (pt - pt.mean())))
    fs, interpolated, _ = segment_grid(stats, median_dt=float(np.median(dt)), rate_hz=rate)
    return GridSegment(float(pt[0]), fs, interpolated, first_index)


class LiveSampler:
    """Rate, jitter, gaps, saturation and uniform-grid stretches of a stream fed chunk by chunk.

    Parameters
    ----------
    range_mps2 : float, optional
        The sensor's full scale in m/s^2, where known (saturation is counted against it, as batch
        does for a file that states its range); it can be set until the first samples are fed.

    Notes
    -----
    Samples are held back (not yet on any grid) until the session's first :data:`RATE_PROBE_S`
    seconds have arrived, and each later stretch's samples until its own first seconds have.
    """

    def __init__(self, *, range_mps2: float | None = None) -> None:
        self.range_mps2 = range_mps2
        self.tracker: SamplingTracker | None = None
        self.segments: list[GridSegment] = []
        self._head_t: list[np.ndarray] = []
        self._head_a: list[np.ndarray] = []
        self._routed = 0  # stream index of the next sample to route to a stretch
        self._probe_t: list[np.ndarray] = []  # the open stretch's samples while its grid is undecided
        self._probe_a: list[np.ndarray] = []
        self._probe_first = 0
        self._seg: GridSegment | None = None
        self._carry_t = np.zeros(0)  # an interpolated stretch's last received sample
        self._carry_a = np.zeros((0, 3))
        self._last_t: float | None = None

    # -- feeding -------------------------------------------------------------------------------
    def update(self, time_s: np.ndarray, acc_mps2: np.ndarray) -> list[GridBlock]:
        """Add a chunk of samples (times strictly increasing, after every earlier sample).

        Parameters
        ----------
        time_s : ndarray, shape (n,)
            Time stamps in s.
        acc_mps2 : ndarray, shape (n, 3)
            Acceleration in m/s^2.

        Returns
        -------
        list of GridBlock
            The grid samples this chunk completes, stretch by stretch, in time order.
        """
        t = np.asarray(time_s, dtype=np.float64)
        a = np.asarray(acc_mps2, dtype=np.float64)
        if not t.size:
            return []
        self._last_t = float(t[-1])
        if self.tracker is not None:
            return self._route(t, a, self.tracker.update(t, a))
        self._head_t.append(t)
        self._head_a.append(a)
        ht = np.concatenate(self._head_t)
        if ht.size <= MIN_PROBE_INTERVALS or ht[-1] - ht[0] < RATE_PROBE_S:
            self._head_t = [ht]
            self._head_a = [np.concatenate(self._head_a)]
            return []
        k = max(int(np.searchsorted(ht, ht[0] + RATE_PROBE_S, "left")), MIN_PROBE_INTERVALS + 1)
        return self._start(float(np.median(np.diff(ht[:k]))))

    def finish(self) -> list[GridBlock]:
        """End of data: close the open stretch (a stretch shorter than the probe is put on a grid
        from all its samples; one of 2 samples or fewer is left out).

        Returns
        -------
        list of GridBlock
            The last grid samples, each stretch's last block marked ``final``.
        """
        out: list[GridBlock] = []
        if self.tracker is None:
            ht = np.concatenate(self._head_t) if self._head_t else np.zeros(0)
            if ht.size < 2:
                return []
            out = self._start(float(np.median(np.diff(ht))))
        return out + self._close()

    def _start(self, median_dt: float) -> list[GridBlock]:
        """Start the tracker with the session's gap threshold and feed it the held-back samples."""
        self.tracker = SamplingTracker(median_dt=median_dt, range_mps2=self.range_mps2)
        ht, ha = np.concatenate(self._head_t), np.concatenate(self._head_a)
        self._head_t, self._head_a = [], []
        return self._route(ht, ha, self.tracker.update(ht, ha))

    def _route(self, t: np.ndarray, a: np.ndarray, starts: list[int]) -> list[GridBlock]:
        """Samples of stream indices ``routed:routed + n`` to their stretches (a new one after each gap)."""
        out: list[GridBlock] = []
        prev = 0
        for s in starts:
            i = s - self._routed
            out += self._add(t[prev:i], a[prev:i])
            out += self._close()
            self._probe_first = s
            prev = i
        out += self._add(t[prev:], a[prev:])
        self._routed += t.size
        return out

    def _add(self, t: np.ndarray, a: np.ndarray) -> list[GridBlock]:
        if not t.size:
            return []
        if self._seg is not None:
            return self._on_grid(t, a)
        self._probe_t.append(t)
        self._probe_a.append(a)
        pt = np.concatenate(self._probe_t)
        if pt[-1] - pt[0] < RATE_PROBE_S:
            self._probe_t, self._probe_a = [pt], [np.concatenate(self._probe_a)]
            return []
        return self._open(pt, np.concatenate(self._probe_a))

    def _open(self, pt: np.ndarray, pa: np.ndarray) -> list[GridBlock]:
        self._seg = _decide(pt, self._probe_first)
        self.segments.append(self._seg)
        self._probe_t, self._probe_a = [], []
        self._carry_t, self._carry_a = np.zeros(0), np.zeros((0, 3))
        return self._on_grid(pt, pa)

    def _on_grid(self, t: np.ndarray, a: np.ndarray, *, final: bool = False) -> list[GridBlock]:
        """The grid samples that ``t``/``a`` (the stretch's next received samples) complete."""
        seg = self._seg
        assert seg is not None
        if not seg.interpolated:
            seg.n_grid += t.size
            return [GridBlock(seg, t, a, final)] if t.size or final else []
        xt = np.concatenate([self._carry_t, t])
        xa = np.concatenate([self._carry_a, a])
        if not xt.size:
            return [GridBlock(seg, np.zeros(0), np.zeros((0, 3)), True)] if final else []
        j0 = seg.n_grid
        if final:  # batch's grid length (uniform_segments): every point up to the last sample's time
            j1 = int(np.floor((xt[-1] - seg.t0_s) * seg.fs_hz)) + 1
            grid = seg.t0_s + np.arange(j0, j1) / seg.fs_hz
        else:  # only points the received samples bracket, so the next chunk cannot change them
            j1 = int(np.floor((xt[-1] - seg.t0_s) * seg.fs_hz)) + 2
            grid = seg.t0_s + np.arange(j0, max(j1, j0)) / seg.fs_hz
            grid = grid[grid <= xt[-1]]
        seg.n_grid = j0 + grid.size
        self._carry_t, self._carry_a = xt[-1:], xa[-1:]
        if not grid.size and not final:
            return []
        acc = (
            np.column_stack([np.interp(grid, xt, xa[:, k]) for k in range(3)])
            if grid.size
            else np.zeros((0, 3))
        )
        return [GridBlock(seg, grid, acc, final)]

    def _close(self) -> list[GridBlock]:
        """Close the open stretch (at a gap or the end of data)."""
        out: list[GridBlock] = []
        if self._seg is None and sum(p.size for p in self._probe_t) > 2:
            out += self._open(np.concatenate(self._probe_t), np.concatenate(self._probe_a))
        if self._seg is not None:
            out += self._on_grid(np.zeros(0), np.zeros((0, 3)), final=True)
        self._seg = None
        self._probe_t, self._probe_a = [], []
        return out

    # -- reading -------------------------------------------------------------------------------
    @property
    def gaps(self) -> list[tuple[float, float]]:
        """(start_s, end_s) of the gaps found so far."""
        return list(self.tracker.gap_spans) if self.tracker is not None else []

    @property
    def rate_hz(self) -> float | None:
        """Mean rate over the regular intervals so far (None before two samples)."""
        tracker = self.tracker or self._head_tracker()
        return tracker.rate_hz if tracker is not None and tracker.regular.n else None

    def _head_tracker(self) -> SamplingTracker | None:
        """A tracker of the held-back samples alone (before the session's gap threshold is set)."""
        if not self._head_t:
            return None
        ht, ha = np.concatenate(self._head_t), np.concatenate(self._head_a)
        if ht.size < 2:
            return None
        tracker = SamplingTracker(median_dt=float(np.median(np.diff(ht))), range_mps2=self.range_mps2)
        tracker.update(ht, ha)
        return tracker

    def report(self, logged_gaps: list[LoggedGap] | tuple[LoggedGap, ...] = ()) -> SamplingReport:
        """The sampling report of everything fed so far: the tracker's, with live's own note on
        interpolation (which stretches were, and why).

        Parameters
        ----------
        logged_gaps : sequence of LoggedGap
            Gaps the transport reported with a reason; each is attached to the gap it overlaps.

        Returns
        -------
        SamplingReport
            Rate (Hz), median interval of the first seconds, jitter and longest interval (ms),
            sample count, duration (s), gaps, saturation and notes.

        Raises
        ------
        SamplingError
            With fewer than 3 samples so far.
        """
        tracker = self.tracker or self._head_tracker()
        if tracker is None or tracker.n < 3:
            raise SamplingError("too few samples so far to measure a sampling rate")
        tracker.logged_gaps = tuple(logged_gaps)
        report = tracker.report()
        jitter = report.jitter_ms / 1e3
        # the batch note says every stretch is interpolated at the recording's rate; say what live did
        _, notes = gaps_and_notes(
            tracker.gap_spans, rate=report.rate_hz, median_dt=tracker.median_dt, jitter=0.0, declared=None
        )
        interpolated = [s for s in self.segments if s.interpolated]
        if interpolated or jitter > MAX_UNIFORM_JITTER * tracker.median_dt:
            notes.insert(
                0,
                f"time stamps jitter by {jitter * 1e3:.2f} ms (std) around a {tracker.median_dt * 1e3:.2f} ms "
                f"interval; {len(interpolated)} of {len(self.segments)} gap-free stretch(es) jittered in their "
                f"first {RATE_PROBE_S:g} s and were interpolated linearly onto a uniform grid at the rate of "
                "those seconds for spectral analysis",
            )
        return replace(report, notes=tuple(notes))
