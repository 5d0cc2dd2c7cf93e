"""A live session: one band's stream, analysed as it arrives and logged as it arrives.

:class:`LiveSession` consumes a :class:`~tremor.ble.BandStream` (not yet opened) and, for every
item it yields:

* a :class:`~tremor.ble.SampleChunk`: appends the raw notification (``R``) and the decoded
  samples (``S``, device time stamps) to a :class:`~tremor.io.LogWriter`, converts device ns to
  session seconds from the first sample, and feeds :class:`~tremor.core.stream.LiveAnalyzer`;
* a :class:`~tremor.ble.LinkGap`: appends a ``G`` record (the analyzer sees the gap in the time
  stamps of the next chunk itself).

Sets start and end with :meth:`LiveSession.toggle_set` (a key press: ``M ... key`` records), or
automatically: every :data:`AUTO_CHECK_S` seconds of session time the frames are segmented
(:func:`tremor.core.sets.segment_sets`, the batch segmentation) and a set that is followed by enough
rest to be final (:data:`CONFIRM_REST_S`) is confirmed and written as ``M ... auto`` records.
A confirmed set gets a :class:`SetCard` (label, metrics and causes from the same summary as a
batch report); its recovery twitch count is refreshed until the next set starts.

Confirmation takes a few seconds, so while a detected set is in progress the newest samples are
also watched directly (:class:`StillnessProbe`): once the wrist is back at its rest orientation
and still, a *provisional* card is issued at once (``("card_provisional", card)``, well within 1 s
of the movement stopping). When the set is confirmed its card replaces the provisional one
(``card.replaces``); if the segmentation instead finds that the set went on (the movement resumed
within :data:`~tremor.core.sets.JOIN_S`) or was no set, the provisional card is withdrawn
(``("card_withdrawn", card)``).

The samples the analyzer sees are exactly the ones in the log (quantised to the log's count
scale), and every set it reports is a marker in the log, so ``tremor analyze`` on the log finds
the same sets, with the same labels, as the session did.

Lifecycle (:class:`SessionState`)::

    unopened -> connecting -> streaming <-> reconnecting -> closing -> closed

:meth:`LiveSession.run` may be called once; :meth:`LiveSession.request_stop` (Ctrl-C, ``q``)
ends it cleanly: the log gets its ``E`` record and :meth:`run` returns the final result.

Size (issue 8): about 1000 lines as one job, the life of one band's session. Its parts (the
stream and reconnection, the log records, the automatic set decisions with their provisional,
confirmed and withdrawn cards, the link quality and the view) all act on the same session clock,
log writer and analyzer in the order the items arrive, which is what makes the log replay to the
same sets; split into classes they would pass that state back and forth. The analysis itself is
:class:`tremor.core.stream.LiveAnalyzer`, set segmentation :func:`tremor.core.sets.segment_sets`,
the display :mod:`tremor.live.display` and two bands at once :mod:`tremor.live.pair`. A later
split could move the value types (:class:`SetCard`, :class:`LinkQuality`, :class:`LiveView`) and
:class:`StillnessProbe` out first; they hold no session state.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import enum
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from tremor.ble import BadFrame, LinkGap
from tremor.core.analysis import AnalysisResult
from tremor.core.recording import STANDARD_GRAVITY, SetMarker, SourceInfo
from tremor.core.sets import JOIN_S, MOVE_MPS2, POSE_DEG, rest_orientation, segment_sets
from tremor.core.stream import LiveAnalyzer, LiveStatus
from tremor.errors import SamplingError, TremorError, printable

__all__ = [
    "SessionState",
    "SessionStateError",
    "LinkQuality",
    "SetCard",
    "LiveView",
    "LiveSession",
    "AUTO_CHECK_S",
    "CONFIRM_REST_S",
    "StillnessProbe",
    "STILL_WINDOW_S",
    "PROFILE_LOG_NAMES",
]

#: Automatic set detection runs every this many seconds of session (device) time.
AUTO_CHECK_S = 1.0
#: A detected set is final once the frames run this far past its end: the segmentation joins
#: active stretches across pauses of up to ``JOIN_S``, and a set's end lies within a frame's
#: half-window of its last active frame.
CONFIRM_REST_S = JOIN_S + 1.5
#: The stillness probe looks at the newest this many seconds of samples.
STILL_WINDOW_S = 0.6
#: ... as means over blocks this long (a crude low-pass: tremor and twitches average out).
STILL_BLOCK_S = 0.1
#: A provisional set end lies this long before the probe fires: on simulated sessions the probe
#: fires 0.25-0.5 s after the movement stops (seeds 0-7, every set).
PROVISIONAL_END_LAG_S = 0.4
#: A provisional card is withdrawn when the segmentation puts its set's end this much later.
WITHDRAW_TOL_S = JOIN_S
#: Recovery twitch counts on the last card are refreshed at most this often (wall seconds).
RECOVERY_REFRESH_S = 2.0
#: How each BLE profile is named in the log header.
PROFILE_LOG_NAMES = {"pmd": "polar_pmd", "microbit": "microbit", "diy": "tremor_diy"}
_MG = STANDARD_GRAVITY * 1e-3
_FALLBACK_SCALE = 1e-5  # m/s^2 per count when the device's own step cannot be told


class SessionState(enum.Enum):
    """Lifecycle of a :class:`LiveSession`."""

    UNOPENED = "unopened"
    CONNECTING = "connecting"
    STREAMING = "streaming"
    RECONNECTING = "reconnecting"
    CLOSING = "closing"
    CLOSED = "closed"


class SessionStateError(TremorError):
    """A :class:`LiveSession` was used in a state that does not allow it (e.g. run twice)."""


@dataclass(frozen=True)
class LinkQuality:
    """The link as the display shows it."""

    state: str
    rate_hz: float | None
    frames: int
    frames_lost: int
    samples_lost: int
    frames_bad: int  # corrupt + short + out of order + refused time stamps, skipped
    frames_overflow: int
    reconnects: int
    gaps: int
    #: of ``frames_bad``: refused for an implausible time stamp (PMD), and the decoder's re-anchorings
    frames_time_rejected: int = 0
    resyncs: int = 0
    #: samples stamped at or before what was already logged, dropped (e.g. a restarted band's replay)
    samples_dropped: int = 0
    #: reconnections after which the band's clock stood behind the log
    clock_rewinds: int = 0
    #: the newest samples are being dropped as behind the log (the band's clock is catching up)
    catching_up: bool = False


@dataclass
class SetCard:
    """What is shown when a set ends: the set's entry of the batch report, and its recovery.

    ``report`` is the set's dict from :func:`tremor.report.json_report.to_report` (label, tremor metrics,
    fasciculations, causes). ``recovery_twitches`` and ``recovery_s`` are refreshed until the
    next set starts; then ``final`` is True.
    """

    index: int
    source: str  # "key" or "auto"
    start_s: float
    end_s: float
    label: str
    report: dict[str, Any]
    recovery_twitches: int = 0
    recovery_s: float = 0.0
    recovery_rate_per_min: float | None = None
    final: bool = False
    printed_wall_s: float = 0.0
    first_label: str | None = None  # the label when the card was first printed
    #: "provisional" (the movement stopped; the set is not confirmed yet), "confirmed" or "withdrawn"
    status: str = "confirmed"
    #: the provisional card a confirmed one replaces (None if there was none)
    replaces: SetCard | None = None
    printed_session_s: float = 0.0  # session time when the card was issued

    @property
    def provisional(self) -> bool:
        return self.status == "provisional"


@dataclass(frozen=True)
class LiveView:
    """A snapshot for the display (cheap; taken at the display's refresh rate)."""

    state: SessionState
    device: str
    time_s: float
    status: LiveStatus | None
    set_state: str  # "waiting", "rest", "set"
    set_source: str | None  # "key" or "auto" while in a set
    set_elapsed_s: float | None
    rest_elapsed_s: float | None
    n_sets: int
    link: LinkQuality
    card: SetCard | None
    log_path: str | None
    auto_sets: bool
    keys: bool = False


@dataclass
class _Confirmed:
    start_s: float
    end_s: float
    source: str


class StillnessProbe:
    """Is the wrist, over the newest :data:`STILL_WINDOW_S` of samples, still and at rest?

    "Still": the means of :data:`STILL_BLOCK_S` blocks vary by less than the segmentation's
    movement threshold (:data:`~tremor.core.sets.MOVE_MPS2`, RMS over the axes); tremor and twitches
    average out within a block. "At rest": the mean gravity direction is within
    :data:`~tremor.core.sets.POSE_DEG` of the rest orientation (when one is known), so a hold is not
    taken for rest. It keeps about a second of samples; a time jump (a link gap) restarts it.
    """

    def __init__(self, window_s: float = STILL_WINDOW_S, block_s: float = STILL_BLOCK_S) -> None:
        self.window_s = window_s
        self.block_s = block_s
        self._t = np.zeros(0)
        self._a = np.zeros((0, 3))
        self.rest_ref: np.ndarray | None = None

    def add(self, t_s: np.ndarray, acc: np.ndarray) -> None:
        """Add samples; a time jump of more than 0.5 s (a link gap) restarts the probe.

        Only the newest ``2 * window_s`` seconds are kept.

        Parameters
        ----------
        t_s : ndarray, shape (n,)
            Sample times in s, increasing.
        acc : ndarray, shape (n, 3)
            Acceleration in m/s^2.
        """
        if self._t.size and t_s.size and t_s[0] - self._t[-1] > 0.5:  # a gap: start over
            self._t, self._a = np.zeros(0), np.zeros((0, 3))
        t = np.concatenate([self._t, t_s])
        a = np.concatenate([self._a, acc])
        keep = t >= t[-1] - 2.0 * self.window_s
        self._t, self._a = t[keep], a[keep]

    def still_at_rest(self) -> bool:
        """Whether the newest ``window_s`` of samples are still and at rest (see the class docstring).

        Returns
        -------
        bool
            False also where fewer than ``0.95 * window_s`` seconds (or 4 samples) are held.
        """
        t, a = self._t, self._a
        if t.size < 4 or t[-1] - t[0] < self.window_s * 0.95:
            return False
        dt = float(np.median(np.diff(t)))
        n_win = round(self.window_s / dt)
        block = max(1, round(self.block_s / dt))
        n_blocks = max(2, n_win // block)
        w = a[-n_blocks * block :]
        if w.shape[0] < n_blocks * block:
            return False
        means = w.reshape(n_blocks, block, 3).mean(axis=1)
        if float(np.sqrt(np.sum(means.var(axis=0)))) >= MOVE_MPS2:
            return False
        if self.rest_ref is not None:
            g = w.mean(axis=0)
            norm = float(np.linalg.norm(g))
            if norm > 0:
                angle = float(np.degrees(np.arccos(np.clip(g @ self.rest_ref / norm, -1.0, 1.0))))
                if angle > POSE_DEG:
                    return False
        return True


EventCallback = Callable[[str, Any], None]


class LiveSession:
    """Stream one band into the live analysis and a log file.

    Parameters
    ----------
    stream : BandStream or another sample source
        Not yet opened; the session opens and closes it. Anything with the interface of
        :class:`tremor.live.phone.SampleSource` works: a band, or a phone
        (:class:`~tremor.live.phone.SensorLoggerSource`, :class:`~tremor.live.phone.PhyphoxSource`),
        which also gives the log header's fields (``log_header()``) and its wire counters
        (``summary()``, written to the log's ``E`` record).
    log_path : str or Path
        New ``.tlog`` file (never overwritten).
    context : dict, optional
        Parsed user context (:func:`tremor.core.context.parse_context`), as for batch analysis.
    auto_sets : bool
        Detect sets automatically as well as from key presses.
    on_event : callable(kind, payload), optional
        Called on the event loop with ``("card", SetCard)`` when a set's card is ready,
        ``("recovery", SetCard)`` when its recovery count changes, ``("card_final", SetCard)``
        when the next set starts or the session ends, ``("state", SessionState)``,
        ``("gap", (start_s, end_s, reason))``, ``("message", str)``, and for automatic sets
        ``("card_provisional", SetCard)`` as soon as the movement stops (before confirmation) and
        ``("card_withdrawn", (SetCard, reason))`` when that turns out not to be the set's end.
    flush_interval_s : float
        Longest time received data stays in memory before it is written (at most 1 s).
    log_fields : dict, optional
        More fields for the log's ``H`` record (e.g. ``{"side": "left"}`` for one wrist of two).
    """

    def __init__(
        self,
        stream: Any,
        log_path: str | Path,
        *,
        context: dict[str, Any] | None = None,
        auto_sets: bool = True,
        on_event: EventCallback | None = None,
        flush_interval_s: float = 1.0,
        log_fields: dict[str, Any] | None = None,
    ) -> None:
        self._stream = stream
        self._log_fields = dict(log_fields or {})
        self.log_path = Path(log_path)
        self.context = dict(context or {})
        self.auto_sets = bool(auto_sets)
        self._on_event = on_event
        self._flush_interval_s = flush_interval_s
        self._state = SessionState.UNOPENED
        self._log: Any = None  # LogWriter, opened by run()
        self._clock_offset_ns: int | None = None  # Unix ns = device ns + this (set with the log header)
        self._scale: float | None = None
        self._t0_ns: int | None = None
        self._last_ns: int | None = None
        self._last_s = 0.0
        self.analyzer: LiveAnalyzer | None = None
        self._sets: list[_Confirmed] = []
        self._open_key_s: float | None = None
        self._auto_pending_s: float | None = None
        self._auto_pending: tuple[float, float] | None = None  # (start_s, end_s) of the set in progress
        self._probe = StillnessProbe()
        self._provisional: SetCard | None = None
        #: every provisional card issued (confirmed, withdrawn or still pending)
        self.provisional_cards: list[SetCard] = []
        self._next_auto_check_s = AUTO_CHECK_S
        self._card: SetCard | None = None
        self._last_refresh_wall = 0.0
        self._link_gaps: list[tuple[float, float, str]] = []
        self.samples_dropped = 0
        self._dropping: list[float] | None = (
            None  # [samples, first stamp behind (s)] of the run being dropped
        )
        self.chunks_rejected = 0
        self.stop_reason: str | None = None
        self.result: AnalysisResult | None = None
        self.cards: list[SetCard] = []
        self._stop_requested = False
        self._task: asyncio.Task[Any] | None = None
        self._device_label = "?"
        self.keys_enabled = False
        self.log_path_written: Path | None = None
        #: Wall seconds spent handling each notification (for the benchmark), when set to a list.
        self.timings: list[float] | None = None

    # ------------------------------------------------------------------ properties
    @property
    def state(self) -> SessionState:
        return self._state

    @property
    def stream(self) -> Any:
        return self._stream

    @property
    def time_s(self) -> float:
        """Session time: seconds of device time since the first sample."""
        return self._last_s

    def _set_state(self, state: SessionState) -> None:
        if state is not self._state:
            self._state = state
            self._emit("state", state)

    def _emit(self, kind: str, payload: Any) -> None:
        if self._on_event is not None:
            self._on_event(kind, payload)

    # ------------------------------------------------------------------ running
    async def run(self) -> AnalysisResult | None:
        """Connect, stream until the band stops, the link is lost for good, or a stop is asked.

        The log is closed in every case, also on errors and cancellation.

        Returns
        -------
        AnalysisResult or None
            The final analysis (None if too little was received to analyse, or the stop came
            before connecting), also kept in :attr:`result`.

        Raises
        ------
        DeviceError
            No adapter, Bluetooth off, no band found, or the link lost beyond reconnection.
        SessionStateError
            When called a second time.
        ParameterError
            Where the log file cannot be created.
        """
        if self._state is not SessionState.UNOPENED:
            raise SessionStateError(f"a LiveSession runs once (state: {self._state.value}); create a new one")
        from tremor.io import LogWriter

        self._task = asyncio.current_task()
        try:
            self._log = LogWriter(self.log_path, flush_interval_s=self._flush_interval_s)
        except OSError as exc:  # e.g. the folder does not exist: nothing started, say so
            self.stop_reason = f"cannot create the log {printable(self.log_path)}: {exc.strerror or exc}"
            self._set_state(SessionState.CLOSED)
            from tremor.errors import ParameterError

            raise ParameterError(self.stop_reason) from None
        self._set_state(SessionState.CONNECTING)
        try:
            if self._stop_requested:
                self.stop_reason = self.stop_reason or "stopped before connecting"
                return None
            async with self._stream as stream:
                self._on_connected(stream)
                self._set_state(SessionState.STREAMING)
                async for item in stream:
                    self._handle(item)
                    if self._stop_requested:
                        break
                if self.stop_reason is None:
                    self.stop_reason = (
                        "the band ended the measurement" if stream.stats.device_stops else "stream ended"
                    )
        except asyncio.CancelledError:
            self.stop_reason = self.stop_reason or "cancelled"
            self._finish()
            raise
        except BaseException:
            self.stop_reason = self.stop_reason or "error"
            self._finish()
            raise
        self._finish()
        return self.result

    def request_stop(self, reason: str = "stopped by the user") -> None:
        """End the session soon and cleanly (safe from signal handlers on the loop and key callbacks).

        While scanning or connecting the run is cancelled; while streaming the stream is closed and
        the data so far are analysed. Later calls do nothing.

        Parameters
        ----------
        reason : str
            Why the session stops, kept in :attr:`stop_reason`.
        """
        if self._stop_requested or self._state is SessionState.CLOSED:
            return  # an ended session keeps the reason it ended for
        self._stop_requested = True
        self.stop_reason = reason
        if self._state is SessionState.CONNECTING and self._task is not None:
            self._task.cancel()  # scanning or connecting: nothing to keep
            return
        aclose = getattr(self._stream, "aclose", None)
        if aclose is not None and self._state in (SessionState.STREAMING, SessionState.RECONNECTING):
            with contextlib.suppress(RuntimeError):
                asyncio.get_running_loop().create_task(aclose())

    # ------------------------------------------------------------------ items
    def _on_connected(self, stream: Any) -> None:
        dev = stream.device
        name = getattr(dev, "name", None)
        address = getattr(dev, "address", None)
        self._device_label = printable(f"{name or '?'} ({address or '?'})")  # advertised: anything
        source = SourceInfo(
            path=f"<live:{address or name or '?'}>",
            format="firmware_log",
            units="m/s^2",
            device=name,
            details={"profile": stream.profile},
        )
        self.analyzer = LiveAnalyzer(source, gravity_included=True, context=self.context)

    def _handle(self, item: Any) -> None:
        t_start = time.perf_counter()
        if isinstance(item, LinkGap):
            self._handle_gap(item)
        elif isinstance(item, BadFrame):  # undecodable: its bytes still go to the log
            if self._log is not None and self._scale is not None:
                self._log.write_raw(int(item.arrival_ns), bytes(item.raw))
        else:
            self._handle_chunk(item)
        self._follow_link()
        if self.timings is not None:
            self.timings.append(time.perf_counter() - t_start)

    def _handle_gap(self, gap: Any) -> None:
        if self._t0_ns is None or gap.end_ns <= gap.start_ns:
            return
        self._log.write_gap(int(gap.start_ns), int(gap.end_ns), gap.reason)
        span = ((gap.start_ns - self._t0_ns) / 1e9, (gap.end_ns - self._t0_ns) / 1e9, str(gap.reason))
        self._link_gaps.append(span)
        self._emit("gap", span)

    def _handle_chunk(self, chunk: Any) -> None:
        t_ns = np.asarray(chunk.device_time_ns, dtype=np.int64)
        acc = np.asarray(chunk.acc_mps2, dtype=np.float64)
        if acc.shape != (t_ns.size, 3) or not np.all(np.isfinite(acc)):
            self.chunks_rejected += 1
            return
        if self._log is not None and self._scale is None:
            self._write_header(acc, int(t_ns[-1]) if t_ns.size else None)
        self._log.write_raw(int(chunk.arrival_ns), bytes(chunk.raw))
        if self._last_ns is not None:  # drop samples that overlap what was already logged
            keep = t_ns > self._last_ns
            if not keep.all():
                self._drop_behind(t_ns, keep)
                t_ns, acc = t_ns[keep], acc[keep]
        if t_ns.size == 0:
            return
        self._end_dropping()
        if t_ns.size > 1 and np.any(np.diff(t_ns) <= 0):
            self.chunks_rejected += 1
            return
        assert self._scale is not None and self.analyzer is not None
        counts = np.rint(acc / self._scale).astype(np.int64)
        self._log.write_samples(t_ns, counts)
        if self._t0_ns is None:
            self._t0_ns = int(t_ns[0])
            if self._clock_offset_ns is not None:
                self.analyzer.start_unix_s = (self._t0_ns + self._clock_offset_ns) / 1e9
        self._last_ns = int(t_ns[-1])
        t_s = (t_ns - self._t0_ns).astype(np.float64) / 1e9
        values = counts * self._scale
        self.analyzer.update(t_s, values)  # exactly what the log holds
        self._last_s = float(t_s[-1])
        if self.auto_sets:
            self._probe.add(t_s, values)
        if self._last_s >= self._next_auto_check_s:
            self._next_auto_check_s = self._last_s + AUTO_CHECK_S
            if self.auto_sets:
                self._auto_check()
            self._refresh_recovery()
        if self.auto_sets and self._provisional is None and self._auto_pending is not None:
            self._provisional_check()

    def _drop_behind(self, t_ns: np.ndarray, keep: np.ndarray) -> None:
        """Count samples stamped at or before the last logged one, and say so when a run of them starts."""
        assert self._last_ns is not None and self._t0_ns is not None
        n = int((~keep).sum())
        self.samples_dropped += n
        if self._dropping is not None:
            self._dropping[0] += n
            return
        behind_s = (self._last_ns - int(t_ns[~keep][0])) / 1e9
        self._dropping = [n, behind_s]
        if not keep.any():  # a whole notification behind the log: a replay, it may go on for a while
            self._emit(
                "message",
                f"the band's clock is {behind_s:.1f} s behind the log (band restarted?): "
                f"its samples up to {self._last_s:.1f} s are dropped, that time is already "
                "logged; the session goes on when its clock catches up",
            )

    def _end_dropping(self) -> None:
        """A sample after the log's end arrived: report the run of dropped samples that it ends."""
        if self._dropping is None:
            return
        n, behind_s = self._dropping
        self._dropping = None
        self._emit(
            "message",
            f"dropped {int(n)} sample(s) stamped up to {behind_s:.1f} s behind the log "
            f"(at or before {self._last_s:.1f} s, already logged); "
            f"{self.samples_dropped} dropped so far",
        )

    def _write_header(self, first_acc: np.ndarray, last_device_ns: int | None) -> None:
        """The log's ``H`` record, written when the first samples arrive.

        It carries ``device_time_unix_offset_ns``, the host wall clock now minus the device time of
        the chunk's last sample (it has just arrived), so the log and every analysis of it know
        when the session happened; the analyzer gets the same start time.
        """
        stream = self._stream
        clock: dict[str, Any] = {}
        if last_device_ns is not None:
            clock["device_time_unix_offset_ns"] = time.time_ns() - last_device_ns
        log_header = getattr(stream, "log_header", None)
        if log_header is not None:  # a phone source says itself what it is (tremor.live.phone)
            fields = {**clock, **log_header()}
            self._scale = _count_scale(fields["profile"], None, first_acc)
            fields["settings"] = {**fields["settings"], "scale_mps2_per_count": self._scale}
            fields.update(self._log_fields)
            self._log.write_header(**fields, writer="tremor live", auto_sets=self.auto_sets)
            self._set_start_clock(fields.get("device_time_unix_offset_ns"))
            self._set_range(fields["settings"].get("range_g"))
            return
        info = stream.info
        profile = stream.profile or "?"
        self._scale = _count_scale(profile, info, first_acc)
        dev = stream.device
        self._log.write_header(
            device={
                "name": getattr(dev, "name", None),
                "address": getattr(dev, "address", None),
                "model": None,
            },
            profile=PROFILE_LOG_NAMES.get(profile, profile),
            settings={
                "sample_rate_hz": float(info.fs) if info is not None else 1.0,
                "range_g": info.range_g if info is not None else None,
                "resolution_bits": 16 if profile in ("pmd", "diy") else None,
                "factor": info.factor if info is not None else None,
                "scale_mps2_per_count": self._scale,
            },
            writer="tremor live",
            auto_sets=self.auto_sets,
            **clock,
            **self._log_fields,
        )
        self._set_start_clock(clock.get("device_time_unix_offset_ns"))
        self._set_range(info.range_g if info is not None else None)

    def _set_range(self, range_g: Any) -> None:
        """The log's range (``settings.range_g``) for the analyzer's saturation count, as the log reader
        takes it, so the session and the analysis of its log count the same saturated samples."""
        if self.analyzer is not None:
            self.analyzer.range_mps2 = float(range_g) * STANDARD_GRAVITY if range_g else None

    def _set_start_clock(self, offset_ns: Any) -> None:
        """Keep the log's device-time offset: the first sample's wall-clock time dates the analysis."""
        self._clock_offset_ns = (
            offset_ns if isinstance(offset_ns, int) and not isinstance(offset_ns, bool) else None
        )

    # ------------------------------------------------------------------ sets
    def toggle_set(self) -> str:
        """A key press: start a set, or end the open one.

        Returns
        -------
        str
            What happened, as text for the display (including why nothing happened: no samples yet,
            or a set that has only just started).
        """
        if self.analyzer is None or self._t0_ns is None:
            return "no samples yet: wait for the band to stream"
        now = self._last_s
        if self._open_key_s is None:
            self._close_card()
            self._open_key_s = now
            self._auto_pending_s = self._auto_pending = None
            self.analyzer.start_set(now)
            self._log.write_marker(self._ns(now), "start", "key", f"set {len(self._sets) + 1}")
            return f"set {len(self._sets) + 1} started at {now:.1f} s"
        start = self._open_key_s
        if now <= start:
            return "the set has just started: press again to end it"
        self._open_key_s = None
        self._log.write_marker(self._ns(now), "end", "key", f"set {len(self._sets) + 1}")
        self.analyzer.end_set(now)
        self._sets.append(_Confirmed(start, now, "key"))
        self._new_card()
        return f"set {len(self._sets)} ended at {now:.1f} s"

    def _ns(self, t_s: float) -> int:
        assert self._t0_ns is not None
        return self._t0_ns + int(round(t_s * 1e9))

    def _overlaps(self, a: float, b: float) -> bool:
        if self._open_key_s is not None and b > self._open_key_s:
            return True
        return any(a < s.end_s and b > s.start_s for s in self._sets)

    def _auto_check(self, final: bool = False) -> None:
        """Confirm sets the batch segmentation finds and that can no longer grow."""
        assert self.analyzer is not None
        frames = self.analyzer.frames
        if not len(frames) or self._open_key_s is not None:
            self._auto_pending_s = self._auto_pending = None
            return
        seg = segment_sets(
            frames, end_s=self._last_s, gaps=self.analyzer.gaps
        )  # sets span short gaps, as in batch
        self._probe.rest_ref = rest_orientation(frames)
        last_frame = float(frames.t_s[-1])
        pending = None
        prov = self._provisional
        for span in seg.sets:
            if self._overlaps(span.start_s, span.end_s):
                continue
            mine = (
                prov is not None and span.start_s < prov.end_s + WITHDRAW_TOL_S and span.end_s > prov.start_s
            )
            if final or last_frame >= span.end_s + CONFIRM_REST_S:
                self._confirm_auto(span.start_s, span.end_s, replaces=prov if mine else None)
                if mine:
                    prov = None
            else:
                pending = (span.start_s, span.end_s)
                if mine and prov is not None and span.end_s > prov.end_s + WITHDRAW_TOL_S:
                    self._withdraw(f"the movement went on past {prov.end_s:.1f} s")
                    prov = None
                elif mine:
                    prov = None  # still pending, still plausible: keep it
        if prov is not None and self._provisional is prov:
            # the segmentation no longer finds that set (or not a pending one): withdraw it
            self._withdraw("no set was found there after all")
        self._auto_pending = pending
        self._auto_pending_s = pending[0] if pending is not None else None

    def _confirm_auto(self, start_s: float, end_s: float, *, replaces: SetCard | None = None) -> None:
        assert self.analyzer is not None
        self._close_card()
        label = f"set {len(self._sets) + 1}"
        self._log.write_marker(self._ns(start_s), "start", "auto", label)
        self._log.write_marker(self._ns(end_s), "end", "auto", label)
        self.analyzer.start_set(start_s)
        self.analyzer.end_set(end_s)
        self._sets.append(_Confirmed(start_s, end_s, "auto"))
        if replaces is not None:
            replaces.status = "confirmed"
            if self._provisional is replaces:
                self._provisional = None
        self._new_card(replaces=replaces)

    # ------------------------------------------------------------------ provisional cards
    def _provisional_check(self) -> None:
        """A detected set is in progress: issue a provisional card as soon as the wrist is back at rest."""
        pending = self._auto_pending
        if pending is None or self._open_key_s is not None or not self._probe.still_at_rest():
            return
        start = pending[0]
        end = max(self._last_s - PROVISIONAL_END_LAG_S, start + 1e-3)
        if any(
            c.status == "withdrawn" and abs(c.start_s - start) < 1e-6 and c.end_s >= end - WITHDRAW_TOL_S
            for c in self.provisional_cards[-1:]
        ):
            return  # the same end that was just withdrawn: wait for the segmentation
        card = SetCard(
            index=len(self._sets) + 1,
            source="auto",
            start_s=start,
            end_s=end,
            label="?",
            report={},
            status="provisional",
        )
        result = self._result_with_set(start, end)
        if result is not None:
            _fill_card(card, result, self._last_s)
        card.first_label = card.label
        card.printed_wall_s = time.monotonic()
        card.printed_session_s = self._last_s
        self._provisional = card
        self.provisional_cards.append(card)
        self._emit("card_provisional", card)

    def _result_with_set(self, start_s: float, end_s: float) -> AnalysisResult | None:
        """The summary as if ``start_s``-``end_s`` were a set (nothing is kept, nothing logged)."""
        assert self.analyzer is not None and self._open_key_s is None  # no set is open in the analyzer
        if end_s <= start_s:
            return self._current_result()
        try:
            return self.analyzer.result(extra_markers=(SetMarker(start_s, end_s, "auto"),))
        except SamplingError:
            return None

    def _withdraw(self, reason: str) -> None:
        card, self._provisional = self._provisional, None
        if card is None:
            return
        card.status = "withdrawn"
        self._emit("card_withdrawn", (card, reason))

    # ------------------------------------------------------------------ cards
    def _current_result(self) -> AnalysisResult | None:
        assert self.analyzer is not None
        try:
            return self.analyzer.result()
        except SamplingError:
            return None

    def _new_card(self, replaces: SetCard | None = None) -> None:
        result = self._current_result()
        conf = self._sets[-1]
        card = SetCard(
            index=len(self._sets),
            source=conf.source,
            start_s=conf.start_s,
            end_s=conf.end_s,
            label="?",
            report={},
            replaces=replaces,
        )
        if result is not None:
            _fill_card(card, result, self._last_s)
        card.first_label = card.label
        card.printed_wall_s = time.monotonic()
        card.printed_session_s = self._last_s
        self._last_refresh_wall = card.printed_wall_s
        self._card = card
        self.cards.append(card)
        self._emit("card", card)

    def _refresh_recovery(self, force: bool = False) -> None:
        card = self._card
        if card is None or card.final:
            return
        now = time.monotonic()
        if not force and now - self._last_refresh_wall < RECOVERY_REFRESH_S:
            return
        self._last_refresh_wall = now
        result = self._current_result()
        if result is None:
            return
        before = (card.recovery_twitches, card.label)
        _fill_card(card, result, self._last_s)
        if (card.recovery_twitches, card.label) != before or force:
            self._emit("recovery", card)

    def _close_card(self, result: AnalysisResult | None = None) -> None:
        card = self._card
        if card is None or card.final:
            return
        if result is not None:
            _fill_card(card, result, self._last_s)
        else:
            self._refresh_recovery(force=True)
        card.final = True
        self._emit("card_final", card)

    # ------------------------------------------------------------------ closing
    def _finish(self) -> None:
        if self._state in (SessionState.CLOSING, SessionState.CLOSED):
            return
        self._set_state(SessionState.CLOSING)
        log = self._log
        self._end_dropping()
        try:
            if self.analyzer is not None and self._t0_ns is not None:
                if self._open_key_s is not None:  # a set still open at the end closes at the last sample
                    self.toggle_set()
                if self.auto_sets:
                    self._auto_check(final=True)
                self._withdraw("the session ended before the set was confirmed")
                try:
                    result = self.analyzer.finish()
                except SamplingError:
                    result = None
                if result is not None:
                    result = _with_gap_reasons(result, self._link_gaps)
                    self._close_card(result)
                self.result = result
        finally:
            if log is not None:
                if self._scale is None:  # nothing received: leave no half-made file behind
                    log.close()
                    self.log_path.unlink(missing_ok=True)
                    self.log_path_written = None
                else:
                    log.close(**self._summary())
                    self.log_path_written = self.log_path
            self._set_state(SessionState.CLOSED)

    def _summary(self) -> dict[str, Any]:
        stats = getattr(self._stream, "stats", None)
        out: dict[str, Any] = {
            "stop_reason": self.stop_reason,
            "sets": [
                {"start_s": round(s.start_s, 3), "end_s": round(s.end_s, 3), "source": s.source}
                for s in self._sets
            ],
            "samples_dropped_overlap": self.samples_dropped,
        }
        if stats is not None:
            out["link"] = dataclasses.asdict(self.link_quality())
        extra = getattr(self._stream, "summary", None)
        if callable(extra):  # a phone source's wire counters
            out.update(extra())
        return out

    # ------------------------------------------------------------------ reading
    def link_quality(self) -> LinkQuality:
        """The link's state and counts, as the display shows them.

        Returns
        -------
        LinkQuality
            Link state, measured rate (Hz), frames received and lost, samples lost, bad frames
            (corrupt, short, out of order, plus rejected chunks), overflows, reconnections and gaps.
        """
        stats = getattr(self._stream, "stats", None)
        state = self._stream.state.value if hasattr(self._stream, "state") else "?"
        dropped, catching_up = self.samples_dropped, self._dropping is not None
        if stats is None:
            return LinkQuality(
                state,
                None,
                0,
                0,
                0,
                0,
                0,
                0,
                len(self._link_gaps),
                samples_dropped=dropped,
                catching_up=catching_up,
            )
        rejected = getattr(stats, "frames_time_rejected", 0)
        bad = (
            stats.frames_corrupt
            + stats.frames_short
            + stats.frames_out_of_order
            + rejected
            + self.chunks_rejected
        )
        return LinkQuality(
            state,
            stats.measured_rate_hz,
            stats.frames,
            stats.frames_lost,
            stats.samples_lost,
            bad,
            stats.frames_overflow,
            stats.reconnects,
            len(self._link_gaps),
            frames_time_rejected=rejected,
            resyncs=getattr(stats, "resyncs", 0),
            clock_rewinds=getattr(stats, "clock_rewinds", 0),
            samples_dropped=dropped,
            catching_up=catching_up,
        )

    def _follow_link(self) -> None:
        """STREAMING <-> RECONNECTING as the source's link state says."""
        if self._state not in (SessionState.STREAMING, SessionState.RECONNECTING):
            return
        state = self._stream.state.value
        if state == "reconnecting":
            self._set_state(SessionState.RECONNECTING)
        elif self._state is SessionState.RECONNECTING:
            self._set_state(SessionState.STREAMING)

    def view(self) -> LiveView:
        """What the display shows now.

        A source that goes quiet without sending anything (a phone that stops pushing) turns to
        ``reconnecting`` on its own; the session follows it here too, not only when an item arrives.

        Returns
        -------
        LiveView
            Session state, device, time (s), the analyzer's status, the set state (waiting, set or
            rest) with its source and elapsed or rest time (s), sets so far, link quality, the
            current set card and the log path.
        """
        self._follow_link()
        status = self.analyzer.status() if self.analyzer is not None and self._t0_ns is not None else None
        now = self._last_s
        if status is None:
            set_state, source, elapsed, rest = "waiting", None, None, None
        elif self._open_key_s is not None:
            set_state, source, elapsed, rest = "set", "key", now - self._open_key_s, None
        elif self._provisional is not None:  # the movement stopped: resting, the set not yet confirmed
            set_state, source, elapsed, rest = "rest", None, None, now - self._provisional.end_s
        elif self._auto_pending_s is not None:
            set_state, source, elapsed, rest = "set", "auto", now - self._auto_pending_s, None
        else:
            since = self._sets[-1].end_s if self._sets else 0.0
            set_state, source, elapsed, rest = "rest", None, None, now - since
        card = self._provisional or self._card
        return LiveView(
            self._state,
            self._device_label,
            now,
            status,
            set_state,
            source,
            elapsed,
            rest,
            len(self._sets),
            self.link_quality(),
            card,
            str(self.log_path),
            self.auto_sets,
            self.keys_enabled,
        )


def _fill_card(card: SetCard, result: AnalysisResult, now_s: float) -> None:
    from tremor.report.json_report import to_report

    match = [i for i, r in enumerate(result.sets) if abs(r.span.start_s - card.start_s) < 1e-6]
    if not match:
        return
    i = match[0]
    entry = to_report(result)["sets"][i]
    r = result.sets[i]
    card.report = entry
    card.label = r.label
    card.recovery_twitches = r.metrics.twitches_in_recovery
    card.recovery_s = max(0.0, min(now_s, r.span.recovery_end_s) - r.span.end_s)
    card.recovery_rate_per_min = r.metrics.recovery_rate_per_min


def _with_gap_reasons(result: AnalysisResult, link_gaps: list[tuple[float, float, str]]) -> AnalysisResult:
    """Attach the transport's reason to each gap the analyzer found in the time stamps."""
    if not link_gaps:
        return result
    gaps = []
    for g in result.sampling.gaps:
        reason = next((r for a, b, r in link_gaps if a <= g.end_s and b >= g.start_s), g.logged_reason)
        gaps.append(dataclasses.replace(g, logged_reason=reason))
    sampling = dataclasses.replace(result.sampling, gaps=tuple(gaps))
    return dataclasses.replace(result, sampling=sampling)


def _count_scale(profile: str, info: Any, acc: np.ndarray) -> float:
    """The device's own step in m/s^2, so the log's integer counts hold the samples exactly.

    Candidates from the profile (PMD compressed frames: ``factor`` g; raw PMD and micro:bit: mG;
    DIY: the range's micro-g step) are checked against the first chunk; a fine fallback step
    is used when none fits (the log then rounds to it).
    """
    cands: list[float] = []
    if info is not None and info.factor and info.factor != 1.0:
        cands.append(float(info.factor) * STANDARD_GRAVITY)
    if profile == "diy" and info is not None and info.range_g:
        from tremor.ble import diy

        cands.append(diy.scale_ug_for_range(int(info.range_g)) * 1e-6 * STANDARD_GRAVITY)
    cands.append(_MG)
    for scale in cands:
        q = acc / scale
        if np.all(np.abs(q - np.rint(q)) < 1e-6):
            return scale
    return _FALLBACK_SCALE


def default_log_path(folder: str | Path = ".") -> Path:
    """``tremor-live-YYYYmmdd-HHMMSS.tlog`` in ``folder`` (a suffix is added if it exists)."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    base = Path(folder) / f"tremor-live-{stamp}.tlog"
    path, n = base, 1
    while path.exists():
        n += 1
        path = base.with_name(f"tremor-live-{stamp}-{n}.tlog")
    return path


def session_markers(session: LiveSession) -> tuple[SetMarker, ...]:
    """The sets a session confirmed, as markers in session seconds."""
    return tuple(SetMarker(s.start_s, s.end_s, s.source) for s in session._sets)
