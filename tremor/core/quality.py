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
            {"start_s": g.start_s, "end_s": g.end_s, "duration_s": g.duration_s,
             "missing_samples": g.missing_samples, "logged_reason": g.logged_reason}
            for g in self.gaps
        ]
        d["notes"] = list(self.notes)
        d["saturation"] = [asdict(s) for s in self.saturation]
        return d


def assess_sampling(recording: Recording) -> SamplingReport:
    """Measure rate, jitter, gaps and saturation from a recording's time stamps and values.

    The rate is measured over the regular intervals (those up to :data:`GAP_FACTOR` times the
    median interval); longer intervals are gaps.

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
    t = recording.time_s
    if t.size < 3:
        raise SamplingError(
            f"{recording.source.path}: {t.size} sample(s); at least 3 are needed to measure a sampling rate"
        )
    dt = np.diff(t)
    median_dt = float(np.median(dt))
    is_gap = dt > GAP_FACTOR * median_dt
    regular = dt[~is_gap]
    rate = float(regular.size / regular.sum())
    jitter = float(np.std(regular)) if regular.size > 1 else 0.0
    gaps, notes = gaps_and_notes(
        [(float(t[i]), float(t[i + 1])) for i in np.flatnonzero(is_gap)], rate=rate, median_dt=median_dt,
        jitter=jitter, declared=recording.fs_declared_hz, logged=recording.logged_gaps)
    declared = recording.fs_declared_hz
    return SamplingReport(
        rate_hz=rate,
        median_interval_ms=median_dt * 1e3,
        jitter_ms=jitter * 1e3,
        max_interval_ms=float(dt.max()) * 1e3,
        n_samples=int(t.size),
        duration_s=float(t[-1] - t[0]),
        gaps=tuple(gaps),
        saturation=_find_saturation(recording),
        declared_rate_hz=declared,
        notes=tuple(notes),
    )


def gaps_and_notes(spans: list[tuple[float, float]], *, rate: float, median_dt: float, jitter: float,
                   declared: float | None, logged: tuple[LoggedGap, ...] | list[LoggedGap] = ()
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
        notes.append(f"the file declares {declared:g} Hz but the time stamps give {rate:.2f} Hz; using the measured rate")
    return gaps, notes


def uniform_segments(recording: Recording, report: SamplingReport, *, min_samples: int = 2) -> list[Segment]:
    """Split ``recording`` at its gaps into segments on a uniform grid.

    Segments with low jitter keep their samples as they are (fs = their measured rate); jittery
    ones are linearly interpolated onto a grid at the recording's measured rate. Gaps are never
    bridged.

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
    cut = [0]
    gap_starts = {g.start_s for g in report.gaps}
    idx = np.flatnonzero(np.isin(t[:-1], list(gap_starts))) if gap_starts else np.array([], dtype=int)
    cut.extend(int(i) + 1 for i in idx)
    cut.append(t.size)
    segments = []
    for a, b in zip(cut[:-1], cut[1:]):
        if b - a < min_samples:
            continue
        ts = t[a:b]
        dt = np.diff(ts)
        median_dt = float(np.median(dt))
        if np.std(dt) <= MAX_UNIFORM_JITTER * median_dt:
            fs = float((b - a - 1) / (ts[-1] - ts[0]))
            segments.append(Segment(float(ts[0]), fs, acc[a:b], a, b, False))
        else:
            fs = report.rate_hz
            n = int(np.floor((ts[-1] - ts[0]) * fs)) + 1
            grid = ts[0] + np.arange(n) / fs
            resampled = np.column_stack([np.interp(grid, ts, acc[a:b, k]) for k in range(3)])
            segments.append(Segment(float(ts[0]), fs, resampled, a, b, True))
    return segments


def _find_saturation(recording: Recording) -> tuple[Saturation, ...]:
    acc = recording.acc_mps2
    t = recording.time_s
    found = []
    for k, axis in enumerate("xyz"):
        col = acc[:, k]
        if recording.range_mps2 is not None:
            limit = SATURATION_FRACTION * recording.range_mps2
            hit = np.abs(col) >= limit
            if hit.any():
                found.append(Saturation(axis, int(hit.sum()), float(recording.range_mps2), float(t[np.argmax(hit)]), "range"))
            continue
        peak = float(np.max(np.abs(col))) if col.size else 0.0
        if peak < 2 * STANDARD_GRAVITY:
            continue  # below any accelerometer's smallest range: cannot be a clipped value
        at_peak = np.abs(col) >= peak - 1e-9
        runs = _longest_run(at_peak)
        if runs >= 3:
            found.append(Saturation(axis, int(at_peak.sum()), peak, float(t[np.argmax(at_peak)]), "stuck"))
    return tuple(found)


def _longest_run(mask: np.ndarray) -> int:
    if not mask.any():
        return 0
    padded = np.concatenate([[0], mask.astype(np.int8), [0]])
    edges = np.diff(padded)
    starts, stops = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    return int((stops - starts).max())
