"""The sampling stage of live analysis: the one :class:`~tremor.core.quality.SamplingTracker`, fed chunk by chunk.

:class:`LiveSampler` is what :class:`tremor.core.stream.LiveAnalyzer` feeds its samples to. It runs
the tracker of whole-file and long-file analysis (rate, jitter, gaps, saturation) on every sample
as it arrives, splits the stream at the gaps and rate changes the tracker finds, and puts each gap-free stretch on
a grid by the one rule of every path, :func:`~tremor.core.grid.decide_grid`: a stretch whose stamps
stay within half an interval of a uniform grid keeps its samples, one whose stamps skip or crowd
samples is interpolated linearly onto a grid. What comes out is a
list of :class:`GridBlock` (samples on a stretch's grid), for the per-segment pipeline.

Live decides everything from the first seconds of data, and batch decides it the same way
(:mod:`tremor.core.grid`), so the two build the same grids, bit for bit: the gap threshold comes
from the session's first :data:`RATE_PROBE_S` seconds, and each stretch's grid (kept, or
interpolated when its stamps skip samples) from its own first :data:`RATE_PROBE_S` seconds. What
live still cannot do is show a stretch before its first seconds have arrived (the samples are held
back until then). Measured in ``tests/core/test_live_vs_batch.py``.

The grid is exact whatever the chunking: a grid point is emitted once the sample after it has
arrived, and interpolated between the same two samples as a whole-array ``np.interp`` would use.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tremor.core.bursts import BurstRestamper
from tremor.core.grid import (
    MIN_PROBE_INTERVALS,
    RATE_PROBE_S,
    GridDecision,
    decide_grid,
    grid_times,
    probe_length,
    reference_interval,
)
from tremor.core.quality import SamplingReport, SamplingTracker, with_bursts
from tremor.core.rate_change import RATE_PERSIST, RATE_WINDOW
from tremor.core.recording import LoggedGap
from tremor.errors import SamplingError

__all__ = ["GridBlock", "GridSegment", "LiveSampler", "RATE_PROBE_S", "MIN_PROBE_INTERVALS", "HOLD_BACK"]

#: Samples held back from the grids: a rate change is split up to RATE_WINDOW + RATE_PERSIST samples before the
#: newest sample (:mod:`tremor.core.rate_change`), so those cannot be on a grid yet.
HOLD_BACK = RATE_WINDOW + RATE_PERSIST + 1


@dataclass
class GridSegment:
    """A gap-free stretch put on a uniform grid: sample ``i`` of the grid is at ``t0_s + i / fs_hz``.

    ``first_index`` is the stream index of its first received sample; ``n_grid`` counts the grid
    samples emitted so far; ``decision`` is the grid :func:`~tremor.core.grid.decide_grid` chose.
    """

    t0_s: float
    decision: GridDecision
    first_index: int
    n_grid: int = 0

    @property
    def fs_hz(self) -> float:
        """The grid's rate, in Hz."""
        return self.decision.fs_hz

    @property
    def interpolated(self) -> bool:
        """Whether the stretch is interpolated onto its grid (otherwise it keeps its samples)."""
        return self.decision.interpolated


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
    shorter one) are ``t``: :func:`~tremor.core.grid.decide_grid`, as batch decides it."""
    return GridSegment(float(t[0]), decide_grid(t[: probe_length(t)]), first_index)


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
    seconds have arrived, and each later stretch's samples until its own first seconds have; the
    newest :data:`HOLD_BACK` samples always (a rate change may still split them off).
    """

    def __init__(self, *, range_mps2: float | None = None) -> None:
        self.range_mps2 = range_mps2
        self.tracker: SamplingTracker | None = None
        self.segments: list[GridSegment] = []
        self._head_t: list[np.ndarray] = []
        self._head_a: list[np.ndarray] = []
        self._routed = 0  # stream index of the next sample to route to a stretch
        self._routed_t: float | None = None  # stamp of the last sample routed (out of the hold-back)
        self._first_t: float | None = None  # the session's first stamp
        self._probe_t: list[np.ndarray] = []  # the open stretch's samples while its grid is undecided
        self._probe_a: list[np.ndarray] = []
        self._probe_first = 0
        self._seg: GridSegment | None = None
        self._carry_t = np.zeros(0)  # an interpolated stretch's last received sample
        self._carry_a = np.zeros((0, 3))
        self._last_t: float | None = None
        self._pend_t: list[np.ndarray] = []  # samples fed to the tracker, not yet routed (the last HOLD_BACK)
        self._pend_a: list[np.ndarray] = []
        self._pend_starts: list[int] = []
        self._bursts = BurstRestamper()  # burst-stamped stretches put on their rate before anything else
        self._burst_a: list[
            np.ndarray
        ] = []  # the samples the restamper holds (a burst until the next begins)
        self._first_stamp: float | None = None

    # -- feeding -------------------------------------------------------------------------------
    def update(self, time_s: np.ndarray, acc_mps2: np.ndarray) -> list[GridBlock]:
        """Add a chunk of samples (times strictly increasing, after every earlier sample); stamps written in
        bursts are first put on their rate (:mod:`tremor.core.bursts`, batch's rule; a burst is held until the
        next one begins).

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
        if t.size:
            self._burst_a.append(np.asarray(acc_mps2, dtype=np.float64))
            if self._first_stamp is None:
                self._first_stamp = float(t[0])
        return self._restamped(self._bursts.update(t))

    def _restamped(self, t: np.ndarray) -> list[GridBlock]:
        """Feed the samples the restamper let out (stamps ``t``, the oldest held samples)."""
        if not t.size:
            return []
        held = np.concatenate(self._burst_a)
        a, self._burst_a = held[: t.size], [held[t.size :]]
        self._last_t = float(t[-1])
        if self._first_t is None:
            self._first_t = float(t[0])
        if self.tracker is not None:
            return self._feed(t, a)
        self._head_t.append(t)
        self._head_a.append(a)
        ht = np.concatenate(self._head_t)
        if ht.size <= MIN_PROBE_INTERVALS or ht[-1] - ht[0] < RATE_PROBE_S:
            self._head_t = [ht]
            self._head_a = [np.concatenate(self._head_a)]
            return []
        return self._start(reference_interval(ht))

    def finish(self) -> list[GridBlock]:
        """End of data: close the open stretch (a stretch shorter than the probe is put on a grid
        from all its samples; one of 2 samples or fewer is left out).

        Returns
        -------
        list of GridBlock
            The last grid samples, each stretch's last block marked ``final``.
        """
        out = self._restamped(self._bursts.finish())
        if self.tracker is None:
            ht = np.concatenate(self._head_t) if self._head_t else np.zeros(0)
            if ht.size < 2:
                return []
            out = self._start(reference_interval(ht))
        assert self.tracker is not None
        return out + self._release(self.tracker.n) + self._close()

    def _start(self, median_dt: float) -> list[GridBlock]:
        """Start the tracker with the session's gap threshold and feed it the held-back samples."""
        self.tracker = SamplingTracker(median_dt=median_dt, range_mps2=self.range_mps2)
        ht, ha = np.concatenate(self._head_t), np.concatenate(self._head_a)
        self._head_t, self._head_a = [], []
        return self._feed(ht, ha)

    def _feed(self, t: np.ndarray, a: np.ndarray) -> list[GridBlock]:
        """Feed the tracker and route what it can no longer split: all but the last :data:`HOLD_BACK` samples."""
        assert self.tracker is not None
        self._pend_starts += self.tracker.update(t, a)
        self._pend_t.append(t)
        self._pend_a.append(a)
        return self._release(self.tracker.n - HOLD_BACK)

    def _release(self, stop: int) -> list[GridBlock]:
        """Route the held samples of stream indices before ``stop``."""
        k = stop - self._routed
        if k <= 0:
            return []
        pt, pa = np.concatenate(self._pend_t), np.concatenate(self._pend_a)
        self._pend_t, self._pend_a = [pt[k:]], [pa[k:]]
        starts = [s for s in self._pend_starts if s < stop]
        self._pend_starts = self._pend_starts[len(starts) :]
        assert all(s >= self._routed for s in starts), "a rate split before samples already on a grid"
        return self._route(pt[:k], pa[:k], starts)

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
        if t.size:
            self._routed_t = float(t[-1])
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
            grid = grid_times(seg.t0_s, seg.fs_hz, j0, j1)
        else:  # only points the received samples bracket, so the next chunk cannot change them
            j1 = int(np.floor((xt[-1] - seg.t0_s) * seg.fs_hz)) + 2
            grid = grid_times(seg.t0_s, seg.fs_hz, j0, max(j1, j0))
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
    def held_back_s(self) -> float:
        """Time (s) from the last sample routed to its stretch to the newest sample received: samples that no grid
        (so no frame or twitch) has seen yet, held for the session's rate probe or as the newest :data:`HOLD_BACK`
        (a rate change may still split them off; 1.5 s at 100 Hz)."""
        if self._last_t is None:
            return 0.0
        first = self._routed_t if self._routed_t is not None else self._first_t
        return self._last_t - first if first is not None else 0.0

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
        tracker = SamplingTracker(median_dt=reference_interval(ht), range_mps2=self.range_mps2)
        tracker.update(ht, ha)
        return tracker

    def report(self, logged_gaps: list[LoggedGap] | tuple[LoggedGap, ...] = ()) -> SamplingReport:
        """The sampling report of everything fed so far: the tracker's, with the note on how the
        stretches decided so far were put on grids (batch's, once every stretch is decided).

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
        report = tracker.report([s.decision for s in self.segments])
        return with_bursts(report, self._bursts.stretches, np.asarray([self._first_stamp or 0.0]))
