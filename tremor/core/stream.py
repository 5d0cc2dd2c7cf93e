"""Live analysis: small state objects fed chunk by chunk, summarised by the same code as batch.

:class:`LiveAnalyzer` takes time-stamped samples in chunks of any size. Its sampling stage is
:class:`~tremor.core.live_sampling.LiveSampler`: the batch :class:`~tremor.core.quality.SamplingTracker`
(rate, jitter, gaps, saturation) fed each chunk as it arrives, which splits the stream at its gaps
and puts each gap-free segment on a grid by batch's rule, :func:`~tremor.core.grid.decide_grid`
(samples kept unless the stamps skip or crowd samples). Each segment goes to a
:class:`~tremor.core.pipeline.SegmentPipeline` (the per-segment pipeline of every path), and
:meth:`LiveAnalyzer.result` runs :func:`tremor.core.analysis.summarize` on everything so far,
exactly as batch analysis does. The twitch detector is the one batch runs (a linear-phase
band-pass, so no causal approximation): live twitches are batch's twitches, reported later --
after the band-pass's half length (:data:`~tremor.core.events.FIR_HALF_S`, 0.5 s), the finder's
look-ahead (1 s) and the train rule's wait (up to
:data:`~tremor.core.events.TRAIN_REACH_S`, 6.75 s).

Live decides what batch decides, the same way: the gap threshold from the session's first
:data:`RATE_PROBE_S` seconds and each segment's grid (kept, or interpolated where the stamps skip
samples) from the segment's first :data:`RATE_PROBE_S` seconds (:mod:`tremor.core.grid`), so the
final result equals batch's, twitch for twitch (``tests/core/test_live_vs_batch.py``). On a segment
that keeps its samples, frame and twitch times are mapped to the received stamps, in both paths.

Any chunking of the same samples gives the same result.

Size (issue 8): just over 500 lines, nearly all :class:`LiveAnalyzer`, kept whole because its methods share
one state (the sampler, the open segment's pipeline and stamps, the frames, transients and detection limits
so far, the kept per-block results) that a summary reads at one moment.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from tremor.core._check import check_acc
from tremor.core.analysis import AnalysisResult, run_steps, summary_steps
from tremor.core.classify import spectral_peak, twitch_in_rest
from tremor.core.code_step import coarsest_step, resolution_ceiling
from tremor.core.events import Transient
from tremor.core.features import FrameConfig, Frames
from tremor.core.frame_memo import FrameMemo
from tremor.core.frame_table import GrowingFrames
from tremor.core.live_sampling import RATE_PROBE_S, GridBlock, GridSegment, LiveSampler
from tremor.core.pipeline import SegmentPipeline, at_stamps
from tremor.core.quality import SamplingReport
from tremor.core.recording import LoggedGap, SetMarker, SourceInfo
from tremor.core.sets import MOVE_MPS2
from tremor.errors import ParameterError, SamplingError

__all__ = ["LiveAnalyzer", "LiveStatus", "RATE_PROBE_S", "run_steps"]


#: The live status's tremor peak is read from the mean spectrum of this many seconds of frames.
PEAK_WINDOW_S = 20.0


@dataclass(frozen=True)
class LiveStatus:
    """What a live display shows, from the most recent frames."""

    time_s: float
    rate_hz: float | None
    phys_rms_mps2: float | None
    rest_rms_mps2: float | None
    peak_hz: float | None
    twitches_last_min: int
    moving: bool
    in_set: bool
    set_elapsed_s: float | None
    #: of ``twitches_last_min``, those the newest summary has not judged yet: they pass the still-wrist rule
    #: (:func:`~tremor.core.classify.twitch_in_rest`), but not yet the session's rules (walking, a device
    #: lying still, external vibration), so the final report may still leave them out
    twitches_provisional: int = 0
    #: where ``rest_rms_mps2`` is under the sensor's resolution so far (:attr:`LiveAnalyzer.code_step`,
    #: :func:`~tremor.core.code_step.under_resolution`): the most 6-12 Hz RMS such a rest can hold (half a step); no
    #: ratio to the rest is then a number, only a bound over this. None otherwise
    rest_ceiling_mps2: float | None = None


class _Timeline:
    """The received time stamps of one segment (a growing array), to map sample indices to time."""

    def __init__(self) -> None:
        self._t = np.zeros(1024)
        self.n = 0

    def append(self, t: np.ndarray) -> None:
        if self.n + t.size > self._t.size:
            grown = np.zeros(max(2 * self._t.size, self.n + t.size))
            grown[: self.n] = self._t[: self.n]
            self._t = grown
        self._t[self.n : self.n + t.size] = t
        self.n += t.size

    @property
    def stamps(self) -> np.ndarray:
        """The stamps received so far."""
        return self._t[: self.n]


@dataclass
class _Segment:
    grid: GridSegment
    pipe: SegmentPipeline
    timeline: _Timeline = field(default_factory=_Timeline)
    #: the first ``len(mapped)`` detector limits at their received stamps, kept: each lies before the
    #: segment's last two stamps, so later stamps cannot move it (a summary maps only the newer ones)
    mapped: list[tuple[float, float]] = field(default_factory=list)
    #: ``mapped`` as an (n, 2) array, grown as it grows
    mapped_arr: np.ndarray = field(default_factory=lambda: np.zeros((0, 2)))

    def real_times(
        self, frames: Frames, found: list[Transient], limits: list[tuple[float, float]]
    ) -> tuple[Frames, list[Transient], list[tuple[float, float]]]:
        """Map times computed as ``t0 + i / fs`` to the received time stamps of sample ``i``, as batch
        does (on an interpolated grid, ``t0 + i / fs`` is the time)."""
        if self.grid.interpolated:
            return frames, found, limits
        return at_stamps(self.grid.t0_s, self.grid.fs_hz, self.timeline.stamps, frames, found, limits)


@dataclass
class _Asked:
    """A summary's twitch inputs as of the moment it was asked for (:meth:`LiveAnalyzer.result_steps`)."""

    held: int  # samples held back from the twitch detector then: they go to it before these are taken
    transients: list[Transient] | None = None
    limits: np.ndarray | None = None


@dataclass
class LiveAnalyzer:
    """Streaming session analysis.

    Parameters
    ----------
    source : SourceInfo
        Provenance for the report.
    gravity_included : bool
        Whether samples include gravity.
    context : dict, optional
        Parsed user context.
    config : FrameConfig
        Frame geometry (the same as batch by default).
    start_unix_s : float or None
        Wall-clock time (Unix seconds) of the first sample, carried into every result; a live
        session sets it when the first samples arrive.
    range_mps2 : float or None
        The sensor's full scale in m/s^2, where known: saturation is counted against it, as batch
        does for a file that states its range (otherwise runs stuck at the largest value count). A
        live session sets it, before the first samples, from the range it writes into its log.
    """

    source: SourceInfo
    gravity_included: bool = True
    context: dict[str, Any] = field(default_factory=dict)
    config: FrameConfig = field(default_factory=FrameConfig)
    start_unix_s: float | None = None
    range_mps2: float | None = None
    #: spread the twitch detector's blocks (a live session): none in a chunk that completes a frame or whose caller
    #: has other work (``busy`` in :meth:`update`), at most one in another (``spread`` in
    #: :meth:`~tremor.core.pipeline.SegmentPipeline.update`); a summary takes the twitches and limits of the
    #: samples received when it was asked for, so its results are the same; :meth:`update` returns them later
    spread_twitches: bool = False
    _frames: GrowingFrames = field(init=False, default_factory=GrowingFrames)
    _transients: list[Transient] = field(init=False, default_factory=list)
    _limits: list[tuple[float, float]] = field(init=False, default_factory=list)
    _segment: _Segment | None = field(init=False, default=None)
    _sampler: LiveSampler | None = field(init=False, default=None)
    _last_t: float | None = field(init=False, default=None)
    _markers: list[SetMarker] = field(init=False, default_factory=list)
    _open_set: float | None = field(init=False, default=None)
    _closed: bool = field(init=False, default=False)
    _reasons: list[LoggedGap] = field(init=False, default_factory=list)
    #: ``_limits`` as an (n, 2) array, grown as it grows
    _limits_arr: np.ndarray = field(init=False, default_factory=lambda: np.zeros((0, 2)))
    #: per-block results of the summary kept between summaries (the frame table only grows)
    _memo: FrameMemo = field(init=False, default_factory=FrameMemo)
    #: how many of ``_transients`` the newest summary judged, and the ids of the twitches it kept
    _judged: tuple[int, frozenset[int]] = field(init=False, default=(0, frozenset()))
    #: summaries asked for while samples were held back from the twitch detector, oldest first
    _asked: list[_Asked] = field(init=False, default_factory=list)

    # -- feeding -------------------------------------------------------------------------------
    def update(self, time_s: np.ndarray, acc_mps2: np.ndarray, *, busy: bool = False) -> list[Transient]:
        """Add a chunk of samples (times in seconds from the session's first sample, acc (n, 3) m/s^2).

        Returns the transients completed by this chunk (twitch candidates, not yet gated by rest).

        The samples go to the :class:`~tremor.core.live_sampling.LiveSampler` (the batch sampling
        tracker, fed chunk by chunk), whose gap-free stretches on their uniform grid go to the
        per-segment pipeline.

        Parameters
        ----------
        time_s : ndarray, shape (n,)
            Sample times in s, strictly increasing and later than every sample before.
        acc_mps2 : ndarray, shape (n, 3)
            Acceleration in m/s^2.
        busy : bool
            With :attr:`spread_twitches`: the caller has other work in this notification (a set check), so
            the twitch detector's share waits for a later chunk.

        Returns
        -------
        list of Transient
            Transients completed by this chunk, in time order (with :attr:`spread_twitches`, those that the
            samples given to the detector now complete).

        Raises
        ------
        ParameterError
            After :meth:`finish`, for shapes that do not match, non-finite times or times that do not
            increase strictly.
        """
        if self._closed:
            raise ParameterError("this LiveAnalyzer is finished; start a new one for a new session")
        t = np.asarray(time_s, dtype=np.float64).ravel()
        a = check_acc(acc_mps2, "acc_mps2")
        if a.shape != (t.size, 3):
            raise ParameterError(f"acc_mps2 must have shape ({t.size}, 3) to match time_s, got {a.shape}")
        if t.size == 0:
            return []
        if not np.all(np.isfinite(t)):
            raise ParameterError("time_s holds non-finite values")
        steps = np.diff(t, prepend=self._last_t) if self._last_t is not None else np.diff(t)
        if np.any(steps <= 0):
            raise ParameterError(
                "time stamps must increase strictly; drop out-of-order samples before update()"
            )
        if self._sampler is None:
            self._sampler = LiveSampler(range_mps2=self.range_mps2)
        self._last_t = float(t[-1])
        return self._feed(self._sampler.update(t, a), busy=busy)

    @property
    def held_back_s(self) -> float:
        """Time (s) the newest received samples run ahead of what the grids, frames and twitch detector have seen
        (:attr:`tremor.core.live_sampling.LiveSampler.held_back_s`; 0 before any sample)."""
        return self._sampler.held_back_s if self._sampler is not None else 0.0

    def catch_up(self) -> list[Transient]:
        """Give the twitch detector the samples held back (:attr:`spread_twitches`).

        Returns
        -------
        list of Transient
            The transients they complete, in time order.
        """
        n = len(self._transients)
        self._take_asked()
        seg = self._segment
        if seg is not None and seg.pipe.held:
            self._transients.extend(seg.real_times(Frames.empty(), seg.pipe.catch_up(), [])[1])
        return self._transients[n:]

    def _take_asked(self) -> None:
        """Take the twitch inputs of the summaries asked for while samples were held back: each after giving the
        detector the samples held when it was asked (the detector is chunk-invariant: what it would have had)."""
        seg = self._segment
        while self._asked:
            asked = self._asked.pop(0)
            if seg is not None and asked.held:
                self._transients.extend(seg.real_times(Frames.empty(), seg.pipe.catch_up(asked.held), [])[1])
                for later in self._asked:
                    later.held -= asked.held
            asked.transients, asked.limits = list(self._transients), self._limits_array()

    def _feed(self, blocks: list[GridBlock], busy: bool = False) -> list[Transient]:
        """Feed grid blocks to their segments' pipelines; frame and twitch times are the received stamps
        (or, on an interpolated grid, the grid times)."""
        out: list[Transient] = []
        for block in blocks:
            seg = self._segment
            if seg is None or seg.grid is not block.segment:
                self._take_asked()  # (a segment ends with a final block, which took them already)
                g = block.segment
                pipe = SegmentPipeline(
                    g.fs_hz, g.t0_s, gravity_included=self.gravity_included, config=self.config
                )
                seg = self._segment = _Segment(g, pipe)
            seg.timeline.append(block.time_s)
            if block.final:
                self._take_asked()
            before = seg.pipe.held + len(block.acc_mps2)
            frames, found = seg.pipe.update(
                block.acc_mps2,
                final=block.final,
                spread=self.spread_twitches,
                busy=busy,
                stop=self._asked[0].held if self._asked else None,
            )
            frames, found, _ = seg.real_times(frames, found, [])
            if len(frames):
                self._frames.append(frames)
            self._transients.extend(found)
            out.extend(found)
            if (
                self._asked and not block.final
            ):  # the detector reached the samples of a summary asked for: take its
                for asked in self._asked:  # inputs now
                    asked.held -= before - seg.pipe.held
                if not self._asked[0].held:
                    self._take_asked()
            if block.final:
                self._limits.extend(self._segment_limits(seg))
                self._segment = None
        return out

    # -- sets from key presses -----------------------------------------------------------------
    def start_set(self, time_s: float) -> None:
        """Mark a set start (a key press, or an automatic detection).

        Parameters
        ----------
        time_s : float
            Start of the set in s (session time); replaces a set still open.
        """
        self._open_set = float(time_s)

    def end_set(self, time_s: float, source: str = "key") -> SetMarker | None:
        """Mark the end of the open set; returns its marker (None if no set was open).

        ``source`` says who marked it (``key`` or ``auto``); it becomes the marker's label, and a set the
        automatic detection found (``auto``) is summarised as batch's automatic sets are
        (:attr:`~tremor.core.recording.SetMarker.auto`).

        Parameters
        ----------
        time_s : float
            End of the set in s (session time); a time not after the start closes the set without
            a marker.
        source : str
            Who ended it: ``key`` or ``auto``.

        Returns
        -------
        SetMarker or None
            The set's marker, also kept for the result.
        """
        if self._open_set is None or time_s <= self._open_set:
            self._open_set = None
            return None
        marker = SetMarker(self._open_set, float(time_s), source, auto=source == "auto")
        self._markers.append(marker)
        self._open_set = None
        return marker

    def add_gap(self, start_s: float, end_s: float, reason: str) -> None:
        """Give a reason (e.g. a dropped link) to the gap the time stamps show between ``start_s`` and ``end_s``.

        The analyzer finds gaps from the time stamps itself; this only attaches the transport's
        reason to the one that overlaps (now or once the samples after it arrive), so a gap is never
        counted twice. The first reason given for a gap is kept.

        Parameters
        ----------
        start_s, end_s : float
            The gap in s (session time).
        reason : str
            Why the data are missing, e.g. ``"link lost"``.
        """
        self._reasons.append(LoggedGap(float(start_s), float(end_s), reason))

    # -- reading -------------------------------------------------------------------------------
    @property
    def frames(self) -> Frames:
        """All frames so far."""
        return self._frames.table()

    @property
    def memo(self) -> FrameMemo:
        """Per-block results kept between summaries of :attr:`frames` (which only grows): for the set check's
        :func:`~tremor.core.sets.segment_sets` on the same frames."""
        return self._memo

    @property
    def gaps(self) -> list[tuple[float, float]]:
        """(start_s, end_s) of the gaps in the data so far."""
        return self._sampler.gaps if self._sampler is not None else []

    @property
    def code_step(self) -> float:
        """The coarsest axis's code step so far in m/s^2 (:func:`~tremor.core.code_step.coarsest_step` of the
        sampling tracker's, as batch reads from its report; where it changed, the coarsest of its stretches so far);
        0.0 before the stretches' tracker starts or where no axis has one."""
        tracker = self._sampler.tracker if self._sampler is not None else None
        if tracker is None:
            return 0.0
        # where the resolution changed, its coarsest so far (as batch's rules over the whole stream read it)
        return max([coarsest_step(tracker.code_steps)] + [q for _, q in tracker.code_step_stretches])

    def sampling(self) -> SamplingReport:
        """Sampling report of what has been received so far.

        The batch :class:`~tremor.core.quality.SamplingTracker`'s report (rate, jitter, gaps,
        saturation), whose gap threshold and median interval come from the session's first
        seconds (:mod:`tremor.core.live_sampling`), with gap reasons from :meth:`add_gap`.

        Returns
        -------
        SamplingReport
            Rate (Hz), intervals and jitter (ms), sample count, duration (s), gaps, saturation and
            notes so far.

        Raises
        ------
        SamplingError
            With fewer than 3 samples received (no rate can be measured).
        """
        if self._sampler is None:
            raise SamplingError(f"{self.source.path}: too few samples so far to measure a rate")
        try:
            return self._sampler.report(self._reasons)
        except SamplingError as e:
            raise SamplingError(f"{self.source.path}: {e}") from None

    def _limits_array(self) -> np.ndarray:
        """Every detector limit so far, in order, as an (n, 2) array: the closed segments' and the open one's.

        Equal to ``np.array(self._limits + self._segment_limits(seg))``; the kept parts (closed segments', and
        the open segment's limits that no later stamp can move) are converted once, as they arrive.
        """
        k = self._limits_arr.shape[0]
        if k < len(self._limits):
            new = np.array(self._limits[k:], dtype=float).reshape(-1, 2)
            self._limits_arr = np.concatenate([self._limits_arr, new])
        seg = self._segment
        if seg is None:
            return self._limits_arr
        lims = self._segment_limits(seg)
        k, m = seg.mapped_arr.shape[0], len(seg.mapped)
        if k < m:
            seg.mapped_arr = np.concatenate(
                [seg.mapped_arr, np.array(seg.mapped[k:], dtype=float).reshape(-1, 2)]
            )
        tail = np.array(lims[m:], dtype=float).reshape(-1, 2)
        return np.concatenate([self._limits_arr, seg.mapped_arr, tail])

    @staticmethod
    def _segment_limits(seg: _Segment) -> list[tuple[float, float]]:
        """The twitch detector's (time, detection limit) blocks, at the received time stamps.

        A block's stamp time is read between the two received stamps around it
        (:func:`~tremor.core.grid.stamp_times`); where both precede the segment's last received
        stamp, no later sample changes it, so it is kept (``seg.mapped``) and not mapped again: the
        open segment's summary maps only its newest blocks, not the whole segment every time.
        """
        done = len(seg.mapped)
        fresh = seg.real_times(Frames.empty(), [], list(seg.pipe.limits[done:]))[2]
        if seg.grid.interpolated:
            final = len(fresh)
        else:  # a block at sample index x < n - 2 reads stamps floor(x) and floor(x) + 1 < n - 1
            last = seg.timeline.n - 2
            idx = [(t - seg.grid.t0_s) * seg.grid.fs_hz for t, _ in seg.pipe.limits[done:]]
            final = next((k for k, x in enumerate(idx) if not x < last), len(idx))
        seg.mapped.extend(fresh[:final])
        return seg.mapped + fresh[final:]

    def result(
        self, *, extra_markers: tuple[SetMarker, ...] = (), only_set_start_s: float | None = None
    ) -> AnalysisResult:
        """Summarise everything received so far (the same summary as batch analysis).

        ``extra_markers`` are sets to assume for this summary only (a provisional set card); they
        are not kept.

        Parameters
        ----------
        extra_markers : tuple of SetMarker
            Sets (start and end in s) to add to the marked ones for this summary.
        only_set_start_s : float or None
            Measure only the set that starts here (a set card's refresh): the result's ``sets``
            hold it alone, as the whole summary measures it (see
            :func:`tremor.core.analysis.summarize`).

        Returns
        -------
        AnalysisResult
            The summary of the data so far; the detectors are not flushed, so transients of the
            last, still open blocks are not in it yet.

        Raises
        ------
        SamplingError
            With fewer than 2 regular sample intervals received (no rate can be measured).
        """
        return run_steps(self.result_steps(extra_markers=extra_markers, only_set_start_s=only_set_start_s))

    def result_steps(
        self, *, extra_markers: tuple[SetMarker, ...] = (), only_set_start_s: float | None = None
    ) -> Generator[None, None, AnalysisResult]:
        """:meth:`result` in steps (:func:`~tremor.core.analysis.summary_steps`), of the data received so far.

        The inputs (frames, transients, detection limits, sets, sampling report) are taken now; the steps
        may run later, between further :meth:`update` calls, and give what :meth:`result` gives now (the
        frame table only grows, and the summary's kept per-block results name their rows).

        Parameters
        ----------
        extra_markers : tuple of SetMarker
            Sets (start and end in s) to add to the marked ones for this summary.
        only_set_start_s : float or None
            Measure only the set that starts here (see :meth:`result`).

        Returns
        -------
        Generator
            Yields ``None`` between the summary's stages; returns the :class:`AnalysisResult`.

        Raises
        ------
        SamplingError
            With fewer than 2 regular sample intervals received (no rate can be measured), at once.
        """
        sampling = self.sampling()
        seg = self._segment
        asked = _Asked(seg.pipe.held if seg is not None else 0)
        self._asked.append(asked)
        if not asked.held:
            self._take_asked()
        steps = self._summary_steps(
            asked,
            self.frames,
            source=self.source,
            sampling=sampling,
            end_s=self._last_t or 0.0,
            fs_hz=sampling.lowest_rate_hz,
            markers=tuple(self._markers) + tuple(extra_markers),
            context=self.context,
            gravity_included=self.gravity_included,
            start_unix_s=self.start_unix_s,
            only_set_start_s=only_set_start_s,
            memo=self._memo,
        )
        return steps

    def _summary_steps(
        self, asked: _Asked, frames: Frames, **kw: Any
    ) -> Generator[None, None, AnalysisResult]:
        """The summary of ``frames`` (taken when it was asked for) and the twitch inputs of that moment
        (``asked``, taken at its first step where samples were held back then)."""
        if asked.transients is None:
            self._take_asked()
        assert asked.transients is not None and asked.limits is not None
        steps = summary_steps(frames, asked.transients, twitch_limits=asked.limits, **kw)
        return (yield from self._judging(steps, len(asked.transients)))

    def _judging(
        self, steps: Generator[None, None, AnalysisResult], judged: int
    ) -> Generator[None, None, AnalysisResult]:
        """``steps``, noting when they end what the summary judged: the status's twitch rate counts what the
        newest summary kept (the transients are kept alive in ``_transients``, so their ids stay theirs)."""
        result = yield from steps
        self._judged = (judged, frozenset(id(tr) for tr, _ in result.twitches))
        return result

    def finish(self) -> AnalysisResult:
        """Flush the detectors (end of data) and return the final result.

        After this, :meth:`update` refuses new samples.

        Returns
        -------
        AnalysisResult
            The summary of the whole session.

        Raises
        ------
        SamplingError
            With fewer than 2 regular sample intervals received (no rate can be measured).
        """
        if self._sampler is not None:
            self._feed(self._sampler.finish())
        self._closed = True
        return self.result()

    def status(self, window_s: float = 2.0) -> LiveStatus:
        """The live display's numbers, from the frames of the last ``window_s`` seconds.

        Parameters
        ----------
        window_s : float
            Length in s of the recent stretch (ending at the last frame) for the tremor level, peak
            and movement.

        Returns
        -------
        LiveStatus
            Time (s), measured rate (Hz), recent 6-12 Hz RMS and rest RMS (m/s^2), recent peak (Hz),
            twitches in the last 60 s, whether the wrist moves, and the open set's elapsed time (s).
            The twitches are those the newest summary (:meth:`result`) kept, and the newer ones that
            pass its still-wrist rule, counted also as provisional: a candidate the summary leaves out
            (the wrist moving around it, walking, external vibration) is not counted.
        """
        frames = self.frames
        now = self._last_t or 0.0
        rate = self._sampler.rate_hz if self._sampler is not None else None
        if not len(frames):
            return LiveStatus(now, rate, None, None, None, 0, False, self._open_set is not None, None)
        recent = frames.t_s >= frames.t_s[-1] - window_s
        phys = frames.power_phys[recent]
        quiet = frames.movement_rms < MOVE_MPS2
        rest = frames.power_phys[quiet]
        rest = rest[np.isfinite(rest)]
        twitches, provisional = self._recent_twitches(frames, now - 60.0)
        moving = bool(np.any(frames.movement_rms[recent] >= MOVE_MPS2))
        rest_rms = float(np.sqrt(np.median(rest))) if rest.size >= 4 else None
        step = self.code_step
        return LiveStatus(
            time_s=now,
            rate_hz=rate,
            phys_rms_mps2=float(np.sqrt(np.nanmean(phys))) if np.isfinite(phys).any() else None,
            rest_rms_mps2=rest_rms,
            # batch's rule (a prominent maximum, or None) over the last PEAK_WINDOW_S: over 2 s, white noise
            # shows a "peak" of prominence 2 in 84 % of windows, over 20 s in none of 29 (measured)
            peak_hz=spectral_peak(frames.psd[frames.t_s >= frames.t_s[-1] - PEAK_WINDOW_S].mean(axis=0))[0],
            twitches_last_min=twitches,
            moving=moving,
            in_set=self._open_set is not None,
            set_elapsed_s=(now - self._open_set) if self._open_set is not None else None,
            twitches_provisional=provisional,
            rest_ceiling_mps2=resolution_ceiling(rest_rms, step),
        )

    def _recent_twitches(self, frames: Frames, since_s: float) -> tuple[int, int]:
        """(twitches since ``since_s`` the report would keep as far as known, how many of them are provisional)."""
        judged, kept = self._judged
        count = provisional = 0
        for i, tr in enumerate(self._transients):
            if tr.kind != "twitch" or tr.t_s < since_s:
                continue
            if i < judged:
                count += id(tr) in kept
            elif twitch_in_rest(tr, frames):
                count += 1
                provisional += 1
        return count, provisional
