"""The per-segment pass of the long-file path over its spill store: segments, their samples, the pipeline.

:func:`store_segments` splits a spilled recording into gap-free segments and decides each grid, as
:func:`tremor.core.quality.uniform_segments` does over a whole array; :func:`segment_reader` reads a
segment's grid back block by block (the samples as stored, or interpolated onto the grid);
:func:`analyze_segment` runs the one :class:`~tremor.core.pipeline.SegmentPipeline` over a segment,
with its frames, its transients or both; :func:`segment_transients` gives every segment's
transients, in whichever process runs it (:mod:`tremor.batch.side`). Split out of
:mod:`tremor.batch.chunked`, which drives them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from tremor.core.events import Transient
from tremor.core.features import FrameBuffer, FrameConfig, Frames
from tremor.core.grid import RATE_PROBE_S, GridDecision, decide_grid, grid_times, probe_length
from tremor.core.pipeline import SegmentPipeline, at_stamps
from tremor.core.quality import SamplingTracker

if TYPE_CHECKING:
    from tremor.batch.store import SpillStore, SpillView

__all__ = [
    "StoreSegment",
    "analyze_segment",
    "head_stamps",
    "segment_reader",
    "segment_transients",
    "store_segments",
]


@dataclass(frozen=True)
class StoreSegment:
    """One gap-free segment of a spill store: samples ``a:b``, its grid (``n`` samples at ``fs_hz``
    from ``t0_s``) and how the grid was decided."""

    a: int
    b: int
    t0_s: float
    fs_hz: float
    n: int
    grid: GridDecision

    @property
    def interpolated(self) -> bool:
        """Whether the segment's samples are interpolated onto its grid (else kept, at their stamps)."""
        return self.grid.interpolated


def store_segments(store: SpillStore, tracker: SamplingTracker, chunk: int) -> list[StoreSegment]:
    """:func:`tremor.core.quality.uniform_segments`, without loading the samples.

    Parameters
    ----------
    store : SpillStore
        The spilled samples.
    tracker : SamplingTracker
        The sampling tracker fed every sample of the store (its gap-free stretches).
    chunk : int
        Samples per block read back.

    Returns
    -------
    list of StoreSegment
        The stretches of 3 samples or more, each with its grid.
    """
    out = []
    for st in tracker.segments:
        a, b = st.first_index, st.stop_index
        if b - a < 3:
            continue
        head = head_stamps(store, a, b, 3, chunk)
        grid = decide_grid(head[: probe_length(head)])
        n = int(np.floor((st.t_last_s - st.t_first_s) * grid.fs_hz)) + 1 if grid.interpolated else b - a
        out.append(StoreSegment(a, b, st.t_first_s, grid.fs_hz, n, grid))
    return out


def head_stamps(store: SpillStore, a: int, b: int, at_least: int, chunk: int) -> np.ndarray:
    """Stamps of samples ``a:b`` from the first up to :data:`~tremor.core.grid.RATE_PROBE_S` s after
    it (and at least ``at_least`` samples): what :mod:`tremor.core.grid` decides from.

    Parameters
    ----------
    store : SpillStore
        The spilled samples.
    a, b : int
        The stretch's first sample and the one after its last.
    at_least : int
        Fewest stamps to return (fewer only where the stretch is shorter).
    chunk : int
        Samples per block read back.

    Returns
    -------
    ndarray
        The stamps in s.
    """
    stop = min(a + max(chunk, at_least), b)
    t = store.times(a, stop)
    while stop < b and t[-1] - t[0] < RATE_PROBE_S:
        stop = min(stop + chunk, b)
        t = store.times(a, stop)
    return t


def segment_reader(store: SpillStore | SpillView, seg: StoreSegment) -> Callable[[int, int], np.ndarray]:
    """A reader of samples ``lo:hi`` of the segment's uniform grid (as stored, or interpolated onto the
    grid as :func:`tremor.core.quality.uniform_segments` does).

    Parameters
    ----------
    store : SpillStore or SpillView
        The spilled samples.
    seg : StoreSegment
        The segment.

    Returns
    -------
    callable
        ``read(lo, hi)``: the grid's samples ``lo:hi``, shape (hi - lo, 3), in m/s^2.
    """
    if not seg.interpolated:
        return lambda lo, hi: store.acc(seg.a + lo, seg.a + hi)
    times = store.memmap_times()

    def read(lo: int, hi: int) -> np.ndarray:
        grid = grid_times(seg.t0_s, seg.fs_hz, lo, hi)
        seg_t = times[seg.a : seg.b]
        i0 = max(int(np.searchsorted(seg_t, grid[0], side="right")) - 1, 0)
        i1 = min(int(np.searchsorted(seg_t, grid[-1], side="left")) + 1, seg.b - seg.a)
        ts = store.times(seg.a + i0, seg.a + i1)
        acc = store.acc(seg.a + i0, seg.a + i1)
        return np.column_stack([np.interp(grid, ts, acc[:, k]) for k in range(3)])

    return read


def segment_transients(
    store: SpillStore | SpillView,
    segments: list[StoreSegment],
    config: FrameConfig,
    chunk: int,
    gravity_included: bool,
) -> tuple[list[Transient], list[tuple[float, float]]]:
    """The twitch-band transients and detection limits of every segment, without their frames.

    What :func:`analyze_store` gets from the pipeline's twitch part, whichever process runs it.

    Parameters
    ----------
    store : SpillStore or SpillView
        The spilled samples (a :class:`~tremor.batch.store.SpillView` in another process).
    segments : list of StoreSegment
        The gap-free segments and their grids.
    config : FrameConfig
        Frame geometry (the pipeline is built as for the frames).
    chunk : int
        Samples per block read back.
    gravity_included : bool
        Whether the samples include gravity.

    Returns
    -------
    transients : list of Transient
        Every segment's transients, in segment order.
    limits : list of (float, float)
        (time in s, detection limit in m/s^2) of each detector block.
    """
    transients: list[Transient] = []
    limits: list[tuple[float, float]] = []
    for seg in segments:
        transients.extend(analyze_segment(store, seg, config, chunk, gravity_included, None, limits, True))
    return transients, limits


def analyze_segment(
    store: SpillStore | SpillView,
    seg: StoreSegment,
    config: FrameConfig,
    chunk: int,
    gravity_included: bool,
    frames: FrameBuffer | None,
    limits: list[tuple[float, float]],
    twitches: bool,
) -> list[Transient]:
    """Frames and, if ``twitches``, transients and detection limits of one gap-free segment.

    Parameters
    ----------
    store : SpillStore or SpillView
        The spilled samples.
    seg : StoreSegment
        The segment.
    config : FrameConfig
        Frame geometry.
    chunk : int
        Samples per block fed to the pipeline.
    gravity_included : bool
        Whether the samples include gravity.
    frames : FrameBuffer or None
        Where the frames go, as they come; None: no frames are computed.
    limits : list of (float, float)
        Where the (time in s, detection limit in m/s^2) of each detector block go.
    twitches : bool
        Look for transients.

    Returns
    -------
    list of Transient
        The segment's transients (empty without ``twitches``).
    """
    read = segment_reader(store, seg)
    pipe = SegmentPipeline(
        seg.fs_hz,
        seg.t0_s,
        gravity_included=gravity_included,
        config=config,
        frames=frames is not None,
        twitches=twitches,
    )
    found: list[Transient] = []
    n = seg.n
    stamps = None if seg.interpolated else store.memmap_times()[seg.a : seg.b]
    for e0 in range(0, n, chunk):
        e1 = min(e0 + chunk, n)
        seg_frames, seg_found = pipe.update(read(e0, e1), final=e1 == n)
        if stamps is not None:  # kept samples: times follow the received stamps, as in analyze
            seg_frames, seg_found, _ = at_stamps(seg.t0_s, seg.fs_hz, stamps, seg_frames, seg_found, [])
        if frames is not None:
            frames.append(seg_frames)
        found.extend(seg_found)
    seg_limits = pipe.limits
    if stamps is not None:
        seg_limits = at_stamps(seg.t0_s, seg.fs_hz, stamps, Frames.empty(), [], seg_limits)[2]
    limits.extend(seg_limits)
    return found
