"""Sampling quality: measured rate, jitter, gaps and saturation, and gap-free uniform segments.

Nothing here drops, clips or silently resamples data. :func:`assess_sampling` measures and reports;
:func:`uniform_segments` splits the recording at every gap longer than a few samples and, only
where the time stamps jitter by more than :data:`MAX_UNIFORM_JITTER` of the sample interval,
interpolates within a segment onto a uniform grid at the measured rate, saying so in the report.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from tremor.core.recording import STANDARD_GRAVITY, LoggedGap, Recording
from tremor.errors import SamplingError

__all__ = [
    "Gap",
    "Saturation",
    "Segment",
    "SamplingReport",
    "assess_sampling",
    "uniform_segments",
    "SamplingTracker",
    "SegmentStats",
    "segment_grid",
    "GAP_FACTOR",
    "MAX_UNIFORM_JITTER",
]

#: An interval longer than this many median sample intervals is a gap (never interpolated).
GAP_FACTOR = 3.5
#: Jitter (std of the interval / median interval) above which a segment is interpolated.
MAX_UNIFORM_JITTER = 0.05
#: Samples within this fraction of the sensor's range count as saturated.
SATURATION_FRACTION = 0.995


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


@dataclass(frozen=True)
class Saturation:
    """Samples stuck at the sensor's range limit on one axis."""

    axis: str
    samples: int
    limit_mps2: float
    first_s: float
    how: str  # "range" (known full scale) or "stuck" (runs at the largest value seen)


@dataclass(frozen=True, eq=False)
class Segment:
    """A gap-free stretch of the recording on a uniform time grid.

    ``acc_mps2[i]`` is the sample at ``t0_s + i / fs_hz`` (seconds from the first sample).
    """

    t0_s: float
    fs_hz: float
    acc_mps2: np.ndarray
    first_index: int
    stop_index: int
    interpolated: bool

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
            ``t0_s + k / fs_hz`` for each sample ``k``, in s.
        """
        return self.t0_s + np.arange(self.n_samples) / self.fs_hz


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
        return d


def assess_sampling(recording: Recording) -> SamplingReport:
    """Measure rate, jitter, gaps and saturation from a recording's time stamps and values.

    The whole recording fed at once to a :class:`SamplingTracker` whose gap threshold is relative
    to the median interval of the whole recording.

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
    return _whole_tracker(recording).report()


def _whole_tracker(recording: Recording) -> SamplingTracker:
    t = recording.time_s
    if t.size < 3:
        raise SamplingError(
            f"{recording.source.path}: {t.size} sample(s); at least 3 are needed to measure a sampling rate"
        )
    tracker = SamplingTracker(
        median_dt=float(np.median(np.diff(t))),
        range_mps2=recording.range_mps2,
        declared_hz=recording.fs_declared_hz,
        logged_gaps=recording.logged_gaps,
    )
    tracker.update(t, recording.acc_mps2)
    return tracker


@dataclass
class _Moments:
    """Count, sum, mean and sum of squared deviations of a stream of intervals, merged block by block."""

    n: int = 0
    total: float = 0.0
    mean: float = 0.0
    m2: float = 0.0

    def add(self, x: np.ndarray) -> None:
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

    @property
    def std(self) -> float:
        """Population standard deviation (``np.std``); 0 with fewer than 2 values."""
        return float(np.sqrt(self.m2 / self.n)) if self.n > 1 else 0.0


@dataclass
class SegmentStats:
    """One gap-free stretch found by a :class:`SamplingTracker`: samples ``first_index:stop_index``."""

    first_index: int
    t_first_s: float
    stop_index: int = 0
    t_last_s: float = 0.0
    intervals: _Moments = field(default_factory=_Moments)

    @property
    def n_samples(self) -> int:
        """Samples in the stretch."""
        return self.stop_index - self.first_index


@dataclass
class _AxisSaturation:
    """Hits at the range limit (or at the largest |value| so far) on one axis, with the longest run."""

    peak: float = 0.0
    hits: int = 0
    first_s: float | None = None
    run: int = 0
    longest: int = 0


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
        it is a gap. Batch paths give the median interval of the whole recording; live analysis,
        which cannot see the future, the median of its first :data:`~tremor.core.stream.RATE_PROBE_S`
        seconds.
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
        self.range_mps2 = range_mps2
        self.declared_hz = declared_hz
        self.logged_gaps = tuple(logged_gaps)
        self.n = 0
        self.t_first: float | None = None
        self.t_last: float | None = None
        self.max_dt = 0.0
        self.regular = _Moments()
        self.gap_spans: list[tuple[float, float]] = []
        self.segments: list[SegmentStats] = []
        self._axes = [_AxisSaturation() for _ in range(3)]

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
            including a gap between the previous block and this one.
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
        if not self.segments:
            self.segments.append(SegmentStats(0, float(t[0])))
        starts: list[int] = []
        prev = 0
        for i in np.flatnonzero(is_gap).tolist():
            self.segments[-1].intervals.add(dt[prev:i])
            before, after = float(ends[i]), float(ends[i + 1])
            self.gap_spans.append((before, after))
            self._close_segment(first + i, before)
            self.segments.append(SegmentStats(first + i + 1, after))
            starts.append(first + i + 1)
            prev = i + 1
        self.segments[-1].intervals.add(dt[prev:])
        self.n += t.size
        if self.t_first is None:
            self.t_first = float(t[0])
        self.t_last = float(t[-1])
        self._close_segment(self.n - 1, self.t_last)
        self._saturation(t, np.asarray(acc_mps2, dtype=np.float64))
        return starts

    def _close_segment(self, last_index: int, t_last: float) -> None:
        seg = self.segments[-1]
        seg.stop_index, seg.t_last_s = last_index + 1, t_last

    def _saturation(self, t: np.ndarray, acc: np.ndarray) -> None:
        for k, st in enumerate(self._axes):
            col = np.abs(acc[:, k])
            if self.range_mps2 is not None:
                limit = SATURATION_FRACTION * self.range_mps2
            else:
                peak = float(col.max())
                if peak - 1e-9 > st.peak:  # a new maximum above every earlier sample: count afresh
                    st.peak, st.hits, st.first_s, st.run, st.longest = peak, 0, None, 0, 0
                limit = st.peak - 1e-9
            hit = col >= limit
            if not hit.any():
                st.run = 0
                continue
            st.hits += int(hit.sum())
            if st.first_s is None:
                st.first_s = float(t[int(np.argmax(hit))])
            edges = np.diff(np.concatenate([[0], hit.astype(np.int8), [0]]))
            starts, stops = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
            lengths = stops - starts
            if starts[0] == 0:
                lengths[0] += st.run
            st.longest = max(st.longest, int(lengths.max()))
            st.run = int(lengths[-1]) if stops[-1] == hit.size else 0

    @property
    def rate_hz(self) -> float:
        """Mean rate over the intervals that are not gaps."""
        return float(self.regular.n / self.regular.total)

    def report(self) -> SamplingReport:
        """The sampling report of everything fed so far.

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
        jitter = self.regular.std
        gaps, notes = gaps_and_notes(
            self.gap_spans,
            rate=rate,
            median_dt=self.median_dt,
            jitter=jitter,
            declared=self.declared_hz,
            logged=self.logged_gaps,
        )
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
        )

    def saturation(self) -> tuple[Saturation, ...]:
        """Axes with samples at the range limit, or stuck (3 or more in a row) at a maximum of 2 g or more.

        Returns
        -------
        tuple of Saturation
            One entry per saturated axis, with the count, the limit (m/s^2) and the first time (s).
        """
        found = []
        for axis, st in zip("xyz", self._axes):
            if self.range_mps2 is not None:
                if st.hits:
                    found.append(
                        Saturation(axis, st.hits, float(self.range_mps2), float(st.first_s or 0.0), "range")
                    )
            elif st.peak >= 2 * STANDARD_GRAVITY and st.longest >= 3:
                found.append(Saturation(axis, st.hits, st.peak, float(st.first_s or 0.0), "stuck"))
        return tuple(found)


def segment_grid(seg: SegmentStats, *, median_dt: float, rate_hz: float) -> tuple[float, bool, int]:
    """How a gap-free stretch is put on a uniform grid: ``(fs_hz, interpolated, n_grid_samples)``.

    A stretch whose intervals jitter (std) by no more than :data:`MAX_UNIFORM_JITTER` of its
    median interval ``median_dt`` keeps its samples, at the rate they give; a jittery one is
    interpolated linearly onto a grid at ``rate_hz`` (the recording's measured rate).

    Parameters
    ----------
    seg : SegmentStats
        The stretch's first and last times (s) and its interval statistics.
    median_dt : float
        The recording's median sample interval, in s.
    rate_hz : float
        The recording's measured rate, in Hz.

    Returns
    -------
    tuple of (float, bool, int)
        The stretch's rate (Hz), whether it is interpolated, and its number of grid samples.
    """
    span = seg.t_last_s - seg.t_first_s
    if seg.intervals.std <= MAX_UNIFORM_JITTER * median_dt:
        return float((seg.n_samples - 1) / span), False, seg.n_samples
    return rate_hz, True, int(np.floor(span * rate_hz)) + 1


def gaps_and_notes(
    spans: list[tuple[float, float]],
    *,
    rate: float,
    median_dt: float,
    jitter: float,
    declared: float | None,
    logged: tuple[LoggedGap, ...] | list[LoggedGap] = (),
) -> tuple[list[Gap], list[str]]:
    """The :class:`Gap` records of gap ``spans`` (with any logged reason) and the sampling notes.

    Shared by :func:`assess_sampling` and the block-by-block reader in :mod:`tremor.batch.chunked`.
    """
    gaps = []
    for start, end in spans:
        reason = next((g.reason for g in logged if g.start_s <= end and g.end_s >= start), None)
        gaps.append(Gap(start, end, max(int(round((end - start) * rate)) - 1, 1), reason))
    notes: list[str] = []
    if jitter > MAX_UNIFORM_JITTER * median_dt:
        notes.append(
            f"time stamps jitter by {jitter * 1e3:.2f} ms (std) around a {median_dt * 1e3:.2f} ms interval; "
            f"gap-free stretches are interpolated linearly onto a uniform {rate:.2f} Hz grid for spectral analysis"
        )
    if declared is not None and abs(declared - rate) > 0.05 * declared:
        notes.append(
            f"the file declares {declared:g} Hz but the time stamps give {rate:.2f} Hz; using the measured rate"
        )
    return gaps, notes


def uniform_segments(recording: Recording, report: SamplingReport, *, min_samples: int = 2) -> list[Segment]:
    """Split ``recording`` at its gaps into segments on a uniform grid.

    Segments with low jitter keep their samples as they are (fs = their measured rate); jittery
    ones are linearly interpolated onto a grid at the recording's measured rate
    (:func:`segment_grid`). Gaps are never bridged.

    Parameters
    ----------
    recording : Recording
        The recording.
    report : SamplingReport
        Its sampling report (from :func:`assess_sampling`), whose gaps split it.
    min_samples : int
        Segments with fewer samples are dropped.

    Returns
    -------
    list of Segment
        The segments in time order; ``interpolated`` is True for those put on a grid by interpolation.
    """
    t = recording.time_s
    acc = recording.acc_mps2
    tracker = _whole_tracker(recording)
    segments = []
    for st in tracker.segments:
        a, b = st.first_index, st.stop_index
        if b - a < min_samples:
            continue
        ts = t[a:b]
        fs, interpolated, n = segment_grid(
            st, median_dt=float(np.median(np.diff(ts))), rate_hz=report.rate_hz
        )
        if not interpolated:
            segments.append(Segment(float(ts[0]), fs, acc[a:b], a, b, False))
        else:
            grid = ts[0] + np.arange(n) / fs
            resampled = np.column_stack([np.interp(grid, ts, acc[a:b, k]) for k in range(3)])
            segments.append(Segment(float(ts[0]), fs, resampled, a, b, True))
    return segments
