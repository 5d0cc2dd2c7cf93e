"""Sampling quality: measured rate, jitter, gaps and saturation, and gap-free uniform segments.

Nothing here drops, clips or silently resamples data. :func:`assess_sampling` measures and reports;
:func:`sample_segments` splits the recording at every gap longer than a few samples and puts each
gap-free stretch on a grid by the causal rule of :mod:`tremor.core.grid` (the one live uses): only
a stretch whose stamps skip or crowd samples is interpolated, and the report says so.

The grid rule itself is in :mod:`tremor.core.grid`, the rate-change watch in :mod:`tremor.core.rate_change`, the
stretches' bookkeeping (split at gaps and rate changes, each one's interval moments) in :mod:`tremor.core.stretches`,
the saturation counts in :mod:`tremor.core.saturation`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from tremor.core.bursts import restamp_bursts, with_bursts
from tremor.core.code_step import CodeStep
from tremor.core.grid import (
    MAX_UNIFORM_JITTER,
    GridDecision,
    decide_grid,
    grid_note,
    grid_times,
    probe_length,
    reference_interval,
)
from tremor.core.rate_change import RateChange, lowest_rate_hz, rate_change_note
from tremor.core.recording import LoggedGap, Recording
from tremor.core.saturation import Saturation, SaturationCounter
from tremor.core.stretches import IntervalMoments, SegmentStats, Stretches
from tremor.errors import SamplingError

__all__ = [
    "Gap",
    "Saturation",
    "Segment",
    "SamplingReport",
    "assess_sampling",
    "uniform_segments",
    "sample_segments",
    "SamplingTracker",
    "with_bursts",
    "SegmentStats",
    "GAP_FACTOR",
    "MAX_UNIFORM_JITTER",
]

#: An interval longer than this many median sample intervals is a gap (never interpolated).
GAP_FACTOR = 3.5


@dataclass(frozen=True)
class Gap:
    """A stretch with no samples, in seconds from the first sample."""

    start_s: float
    end_s: float
    missing_samples: int
    logged_reason: str | None = None

    @property
    def duration_s(self) -> float:
        """Length of the gap in seconds."""
        return self.end_s - self.start_s


@dataclass(frozen=True, eq=False)
class Segment:
    """A gap-free stretch of the recording on a uniform time grid.

    ``acc_mps2[i]`` is the sample at ``t0_s + i / fs_hz`` on an interpolated stretch; a stretch that
    keeps its samples holds its received ``stamps`` (``t0_s + i / fs_hz`` is then sample ``i``'s
    nominal time, and :meth:`times` gives the stamps).
    """

    t0_s: float
    fs_hz: float
    acc_mps2: np.ndarray
    first_index: int
    stop_index: int
    interpolated: bool
    stamps: np.ndarray | None = None

    @property
    def n_samples(self) -> int:
        """Number of samples on the grid."""
        return int(self.acc_mps2.shape[0])

    @property
    def end_s(self) -> float:
        """Time of the last sample."""
        return self.t0_s + (self.n_samples - 1) / self.fs_hz

    def times(self) -> np.ndarray:
        """Sample times on the grid.

        Returns
        -------
        ndarray, shape (n_samples,)
            ``t0_s + k / fs_hz`` for each sample ``k`` of an interpolated stretch, the received
            stamps of one that keeps its samples, in s.
        """
        if self.stamps is not None:
            return self.stamps
        return grid_times(self.t0_s, self.fs_hz, 0, self.n_samples)


@dataclass(frozen=True)
class SamplingReport:
    """What the time stamps and values say about the data's quality."""

    rate_hz: float
    median_interval_ms: float
    jitter_ms: float
    max_interval_ms: float
    n_samples: int
    duration_s: float
    gaps: tuple[Gap, ...]
    saturation: tuple[Saturation, ...]
    declared_rate_hz: float | None = None
    notes: tuple[str, ...] = field(default=())
    #: Each axis's code step in m/s^2 (the sensor's resolution, :mod:`tremor.core.code_step`); None where the
    #: values lie on no lattice.
    code_step_mps2: tuple[float | None, float | None, float | None] = (None, None, None)
    rate_changes: tuple[RateChange, ...] = field(default=())
    #: Stretches whose stamps came in bursts (a phone batching its sensor), put on their measured rate.
    #: (``start_s``, ``end_s``, ``samples``, ``burst``, ``rate_hz``: :func:`~tremor.core.bursts.stretch_dicts`)
    bursts: tuple[dict[str, float | int], ...] = field(default=())
    #: Where the resolution changed mid-stream: each stretch's start (s) and coarsest step (m/s^2)
    #: (:meth:`~tremor.core.code_step.CodeStep.stretches`); empty where it never did.
    code_step_stretches: tuple[tuple[float, float], ...] = field(default=())

    @property
    def lowest_rate_hz(self) -> float:
        """The rate that decides what can be assessed: the lowest stretch rate where the rate changed, else
        :attr:`rate_hz`."""
        return lowest_rate_hz(self.rate_changes) if self.rate_changes else self.rate_hz

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary.

        Returns
        -------
        dict
            The report's fields, with gaps and saturation runs as lists of dicts and notes as a list.
        """
        d = asdict(self)
        d["gaps"] = [
            {
                "start_s": g.start_s,
                "end_s": g.end_s,
                "duration_s": g.duration_s,
                "missing_samples": g.missing_samples,
                "logged_reason": g.logged_reason,
            }
            for g in self.gaps
        ]
        d["notes"] = list(self.notes)
        d["saturation"] = [asdict(s) for s in self.saturation]
        d["rate_changes"] = [
            {"time_s": c.time_s, "from_hz": c.from_hz, "to_hz": c.to_hz} for c in self.rate_changes
        ]
        return d


def assess_sampling(recording: Recording) -> SamplingReport:
    """Measure rate, jitter, gaps and saturation from a recording's time stamps and values.

    The whole recording fed at once to a :class:`SamplingTracker` whose gap threshold is relative
    to the median interval of the recording's first seconds
    (:func:`~tremor.core.grid.reference_interval`, as live analysis, which cannot see the future).

    Parameters
    ----------
    recording : Recording
        The recording, with time stamps in s and acceleration in m/s^2.

    Returns
    -------
    SamplingReport
        Measured rate (Hz), median and maximum interval and jitter (ms), gaps, saturation and
        notes (e.g. a declared rate that disagrees with the measured one).

    Raises
    ------
    SamplingError
        With fewer than 3 samples, where no rate can be measured.
    """
    t, bursts = restamp_bursts(recording.time_s)
    return with_bursts(_whole_tracker(recording, t).report(), bursts, recording.time_s)


def _whole_tracker(recording: Recording, t: np.ndarray) -> SamplingTracker:
    """The tracker fed the whole recording, its stamps ``t`` (burst-stamped stretches put on their rate)."""
    if t.size < 3:
        raise SamplingError(
            f"{recording.source.path}: {t.size} sample(s); at least 3 are needed to measure a sampling rate"
        )
    tracker = SamplingTracker(
        median_dt=reference_interval(t),
        range_mps2=recording.range_mps2,
        declared_hz=recording.fs_declared_hz,
        logged_gaps=recording.logged_gaps,
    )
    tracker.update(t, recording.acc_mps2)
    return tracker


class SamplingTracker:
    """Rate, jitter, gaps, saturation and gap-free stretches of time-stamped samples, fed in blocks.

    The one sampling stage of every path: whole-file analysis feeds a recording at once
    (:func:`assess_sampling`), the long-file path its spilled samples block by block, live analysis
    each chunk as it arrives. Any blocking of the same samples gives the same report (the moments
    are merged exactly, to float rounding).

    Parameters
    ----------
    median_dt : float
        The reference sample interval in seconds: an interval longer than :data:`GAP_FACTOR` times
        it is a gap. Every path gives the median interval of the first
        :data:`~tremor.core.grid.RATE_PROBE_S` seconds (:func:`~tremor.core.grid.reference_interval`).
    range_mps2 : float, optional
        The sensor's full scale, where known (saturation is then counted against it; otherwise
        runs at the largest |value| seen, of at least 2 g, count).
    declared_hz : float, optional
        The rate the file declares (compared with the measured rate in the notes).
    logged_gaps : sequence of LoggedGap
        Gaps the source logged with a reason.

    Notes
    -----
    Without a known range, the "stuck" saturation count follows the largest |value| seen so far;
    a later maximum within 1e-9 m/s^2 of an earlier one keeps the earlier count (the tracker does
    not re-read samples), where a whole-array count would recount against the later value.
    """

    def __init__(
        self,
        *,
        median_dt: float,
        range_mps2: float | None = None,
        declared_hz: float | None = None,
        logged_gaps: tuple[LoggedGap, ...] | list[LoggedGap] = (),
    ) -> None:
        self.median_dt = float(median_dt)
        self.declared_hz = declared_hz
        self.logged_gaps = tuple(logged_gaps)
        self.n = 0
        self.t_first: float | None = None
        self.t_last: float | None = None
        self.max_dt = 0.0
        self.regular = IntervalMoments()
        self.gap_spans: list[tuple[float, float]] = []
        self._stretches = Stretches()
        self._saturation = SaturationCounter(range_mps2)
        self._steps = CodeStep()

    def update(self, time_s: np.ndarray, acc_mps2: np.ndarray) -> list[int]:
        """Add a block of samples (times strictly increasing, continuing the previous block).

        Parameters
        ----------
        time_s : ndarray, shape (n,)
            Time stamps, in s.
        acc_mps2 : ndarray, shape (n, 3)
            Acceleration, in m/s^2 (for saturation).

        Returns
        -------
        list of int
            The indices (into the whole stream) of the first sample after each gap the block holds,
            including a gap between the previous block and this one, and of the first sample of each
            stretch split off where the sampling rate changed (:mod:`tremor.core.rate_change`; such a
            split can lie up to :data:`~tremor.core.live_sampling.HOLD_BACK` samples before this block).
        """
        t = np.asarray(time_s, dtype=np.float64)
        if not t.size:
            return []
        # interval i runs from sample ``ends[i]`` to ``ends[i + 1]`` (stream index ``first + i``)
        ends = np.concatenate([[self.t_last], t]) if self.t_last is not None else t
        first = self.n - (1 if self.t_last is not None else 0)
        dt = np.diff(ends)
        is_gap = dt > GAP_FACTOR * self.median_dt
        self.regular.add(dt[~is_gap])
        if dt.size:
            self.max_dt = max(self.max_dt, float(dt.max()))
        gaps = np.flatnonzero(is_gap).tolist()
        self.gap_spans += [(float(ends[i]), float(ends[i + 1])) for i in gaps]
        starts = self._stretches.update(t, ends, first, self.n, gaps)
        self.n += t.size
        if self.t_first is None:
            self.t_first = float(t[0])
        self.t_last = float(t[-1])
        acc = np.asarray(acc_mps2, dtype=np.float64)
        self._saturation.update(t, acc)
        self._steps.update(acc, t)
        return starts

    @property
    def code_steps(self) -> tuple[float | None, float | None, float | None]:
        """Each axis's code step so far in m/s^2 (:class:`~tremor.core.code_step.CodeStep`); None where none."""
        return self._steps.steps

    @property
    def code_step_stretches(self) -> tuple[tuple[float, float], ...]:
        """The coarsest step by stretch so far (:meth:`~tremor.core.code_step.CodeStep.stretches`)."""
        return self._steps.stretches()

    @property
    def segments(self) -> list[SegmentStats]:
        """The gap-free stretches so far, in order (split at gaps and rate changes; :mod:`tremor.core.stretches`)."""
        return self._stretches.segments

    @property
    def rate_changes(self) -> list[RateChange]:
        """The changes of the sampling rate found so far, in order (:mod:`tremor.core.rate_change`)."""
        return self._stretches.rate_changes

    @property
    def range_mps2(self) -> float | None:
        """The sensor's full scale the saturation is counted against (m/s^2), None where unknown; fixed at
        construction (:class:`tremor.core.saturation.SaturationCounter` keeps it)."""
        return self._saturation.range_mps2

    @property
    def rate_hz(self) -> float:
        """Mean rate over the intervals that are not gaps."""
        return float(self.regular.n / self.regular.total)

    def report(self, grids: list[GridDecision] | None = None) -> SamplingReport:
        """The sampling report of everything fed so far.

        Parameters
        ----------
        grids : list of GridDecision, optional
            How each gap-free stretch was put on a grid, for the note on jittery stamps.

        Returns
        -------
        SamplingReport
            Rate, jitter, gaps, saturation and notes over all samples fed.

        Raises
        ------
        SamplingError
            Before any interval that is not a gap.
        """
        if self.regular.n < 1 or self.t_first is None or self.t_last is None:
            raise SamplingError("too few samples so far to measure a sampling rate")
        rate = self.rate_hz
        jitter = self.regular.std if not self.rate_changes else self._stretches.jitter()
        gaps, notes = gaps_and_notes(
            self.gap_spans,
            rate=rate,
            median_dt=self.median_dt,
            jitter=jitter,
            declared=self.declared_hz,
            logged=self.logged_gaps,
            grids=grids,
        )
        changes = tuple(self.rate_changes)
        if changes:
            notes.append(rate_change_note(changes))
        stretches = self._steps.stretches()
        return SamplingReport(
            rate_hz=rate,
            median_interval_ms=self.median_dt * 1e3,
            jitter_ms=jitter * 1e3,
            max_interval_ms=self.max_dt * 1e3,
            n_samples=self.n,
            duration_s=self.t_last - self.t_first,
            gaps=tuple(gaps),
            saturation=self.saturation(),
            declared_rate_hz=self.declared_hz,
            notes=tuple(notes),
            code_step_mps2=self._steps.steps,
            rate_changes=changes,
            code_step_stretches=stretches,
        )

    def saturation(self) -> tuple[Saturation, ...]:
        """The saturated axes so far (:meth:`tremor.core.saturation.SaturationCounter.found`).

        Returns
        -------
        tuple of Saturation
            One entry per saturated axis.
        """
        return self._saturation.found()


def gaps_and_notes(
    spans: list[tuple[float, float]],
    *,
    rate: float,
    median_dt: float,
    jitter: float,
    declared: float | None,
    logged: tuple[LoggedGap, ...] | list[LoggedGap] = (),
    grids: list[GridDecision] | None = None,
) -> tuple[list[Gap], list[str]]:
    """The :class:`Gap` records of gap ``spans`` (with any logged reason) and the sampling notes.

    Shared by :func:`assess_sampling` and the block-by-block reader in :mod:`tremor.batch.chunked`.
    With ``grids`` (each stretch's grid), the note on jittery stamps says what was done with them.
    """
    gaps = []
    for start, end in spans:
        reason = next((g.reason for g in logged if g.start_s <= end and g.end_s >= start), None)
        gaps.append(Gap(start, end, max(int(round((end - start) * rate)) - 1, 1), reason))
    notes: list[str] = []
    if grids is not None:
        note = grid_note(grids, jitter_s=jitter, median_dt=median_dt)
        if note is not None:
            notes.append(note)
    elif jitter > MAX_UNIFORM_JITTER * median_dt:
        notes.append(
            f"time stamps jitter by {jitter * 1e3:.2f} ms (std) around a {median_dt * 1e3:.2f} ms interval"
        )
    if declared is not None and abs(declared - rate) > 0.05 * declared:
        notes.append(
            f"the file declares {declared:g} Hz but the time stamps give {rate:.2f} Hz; using the measured rate"
        )
    return gaps, notes


def sample_segments(recording: Recording) -> tuple[SamplingReport, list[Segment]]:
    """The sampling report of ``recording`` and its gap-free segments on their grids.

    Each stretch's grid is decided from its first seconds (:func:`~tremor.core.grid.decide_grid`,
    the rule live analysis applies as the samples arrive): regular or merely jittery stamps keep
    their samples; a stretch whose stamps skip or crowd samples is interpolated linearly onto a
    grid at its median interval's rate. Gaps are never bridged; stretches of fewer than 3 samples
    are left out (no grid can be decided from them).

    Parameters
    ----------
    recording : Recording
        The recording.

    Returns
    -------
    tuple of (SamplingReport, list of Segment)
        The report (its note on jittery stamps says how the stretches were put on grids) and the
        segments in time order.
    """
    t, bursts = restamp_bursts(recording.time_s)
    acc = recording.acc_mps2
    tracker = _whole_tracker(recording, t)
    segments, grids = [], []
    for st in tracker.segments:
        a, b = st.first_index, st.stop_index
        if b - a < 3:
            continue
        ts = t[a:b]
        g = decide_grid(ts[: probe_length(ts)])
        grids.append(g)
        if not g.interpolated:
            segments.append(Segment(float(ts[0]), g.fs_hz, acc[a:b], a, b, False, ts))
            continue
        n = int(np.floor((ts[-1] - ts[0]) * g.fs_hz)) + 1
        grid = grid_times(float(ts[0]), g.fs_hz, 0, n)
        resampled = np.column_stack([np.interp(grid, ts, acc[a:b, k]) for k in range(3)])
        segments.append(Segment(float(ts[0]), g.fs_hz, resampled, a, b, True))
    return with_bursts(tracker.report(grids), bursts, recording.time_s), segments


def uniform_segments(recording: Recording) -> list[Segment]:
    """Split ``recording`` at its gaps into segments on their grids (:func:`sample_segments`).

    Parameters
    ----------
    recording : Recording
        The recording.

    Returns
    -------
    list of Segment
        The segments in time order; ``interpolated`` is True for those put on a grid by interpolation.
    """
    return sample_segments(recording)[1]
