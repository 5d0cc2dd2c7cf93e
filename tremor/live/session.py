"""A live session: one source's stream, analysed as it arrives and logged as it arrives.

:class:`LiveSession` consumes a :class:`~tremor.ble.BandStream` (not yet opened) or a phone source
and, for every item it yields:

* a :class:`~tremor.ble.SampleChunk`: appends the raw notification (``R``) and the decoded
  samples (``S``, device time stamps) to a :class:`~tremor.io.LogWriter`, converts device ns to
  session seconds from the first sample, and feeds :class:`~tremor.core.stream.LiveAnalyzer`;
* a :class:`~tremor.ble.LinkGap`: appends a ``G`` record (the analyzer sees the gap in the time
  stamps of the next chunk itself).

The session's parts, each a module of :mod:`tremor.live`:

* :mod:`tremor.live.set_decisions`: where the sets are (key presses, :meth:`LiveSession.toggle_set`,
  and automatic detection), with their provisional, confirmed and withdrawn cards (:class:`SetCard`);
* :mod:`tremor.live.stillness`: :class:`StillnessProbe`, whether the wrist is back at rest;
* :mod:`tremor.live.session_log`: the log's header and default path;
* :mod:`tremor.live.session_view`: the lifecycle (:class:`SessionState`), :class:`LinkQuality` and
  the display's snapshot (:class:`LiveView`).

The samples the analyzer sees are exactly the ones in the log (quantised to the log's count
scale), and every set it reports is a marker in the log, so ``tremor analyze`` on the log finds
the same sets, with the same labels, as the session did.

Lifecycle (:class:`SessionState`)::

    unopened -> connecting -> streaming <-> reconnecting -> closing -> closed

:meth:`LiveSession.run` may be called once; :meth:`LiveSession.request_stop` (Ctrl-C, ``q``)
ends it cleanly: the log gets its ``E`` record and :meth:`run` returns the final result.

Size (issue 8): about 550 lines, nearly all one class, :class:`LiveSession`, kept whole because its
methods share one state (the log writer and its count scale, the session clock, the analyzer, the
link gaps and the overlap being dropped) and one order per chunk (log first, then the analyzer, then
the set decisions), which is what makes the log and the live result agree; the parts that have their
own state are the modules listed above.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from tremor.ble import BadFrame, LinkGap
from tremor.core.analysis import AnalysisResult
from tremor.core.recording import STANDARD_GRAVITY, SetMarker, SourceInfo
from tremor.core.stream import LiveAnalyzer
from tremor.errors import SamplingError, printable
from tremor.live.card_revision import cards_fields
from tremor.live.session_log import log_header
from tremor.live.session_view import LinkQuality, LiveView, SessionState, SessionStateError, link_quality
from tremor.live.set_decisions import SetCard, SetDecisions

__all__ = ["LiveSession", "session_markers"]

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
        ``("card_withdrawn", (SetCard, reason))`` when that turns out not to be the set's end; and
        ``("card_revised", (SetCard, reason))`` when a later decision reads a final card's set otherwise
        (:mod:`tremor.live.card_revision`; the log's ``E`` record lists them as ``card_revisions``).
    flush_interval_s : float
        Longest time received data stays in memory before it is written (at most 1 s).
    log_fields : dict, optional
        More fields for the log's ``H`` record (e.g. ``{"side": "left"}`` for one wrist of two).
    clock : callable() -> float, optional
        The wall clock (s) that paces the set card's recovery refresh (``time.monotonic`` by
        default); a benchmark replaying data faster than real time passes the session time.
    spread_refresh : bool
        Run the set card's recovery refresh in steps over the notifications after it is asked for, and leave the
        twitch detector's work of a notification that completes a frame or checks the sets to a later one
        (:attr:`~tremor.core.stream.LiveAnalyzer.spread_twitches`): the default, the same card events; or run
        each whole inside the notification that asks for it.
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
        clock: Callable[[], float] | None = None,
        spread_refresh: bool = True,
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
        #: key presses, automatic set detection and the set cards (tremor.live.set_decisions)
        self._decisions = SetDecisions(
            now=lambda: self._last_s,
            mark=self._write_marker,
            emit=self._emit,
            clock=clock or time.monotonic,
            spread=spread_refresh,
        )
        self._link_gaps: list[tuple[float, float, str]] = []
        self.samples_dropped = 0
        self._dropping: list[float] | None = (
            None  # [samples, first stamp behind (s)] of the run being dropped
        )
        self.chunks_rejected = 0
        self.stop_reason: str | None = None
        self.result: AnalysisResult | None = None
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

    @property
    def cards(self) -> list[SetCard]:
        """Every confirmed set's card, in order."""
        return self._decisions.cards

    @property
    def provisional_cards(self) -> list[SetCard]:
        """Every provisional card issued (confirmed, withdrawn or still pending)."""
        return self._decisions.provisional_cards

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
        self.analyzer = LiveAnalyzer(
            source, gravity_included=True, context=self.context, spread_twitches=self._decisions.spread
        )
        self._decisions.analyzer = self.analyzer

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
        started = time.thread_time()
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
        # exactly what the log holds; a notification with a set check leaves the twitch detector's share to a later one
        self.analyzer.update(t_s, values, busy=self._decisions.check_due(float(t_s[-1])))
        self._last_s = float(t_s[-1])
        self._decisions.add_samples(t_s, values, auto=self.auto_sets, started_cpu_s=started)

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
        """The log's ``H`` record (:func:`tremor.live.session_log.log_header`), written when the first
        samples arrive; the analyzer gets the start time and range it records."""
        header = log_header(
            self._stream, first_acc, last_device_ns, auto_sets=self.auto_sets, log_fields=self._log_fields
        )
        self._scale = header.scale
        self._log.write_header(**header.fields)
        self._set_start_clock(header.unix_offset_ns)
        self._set_range(header.range_g)

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
        return self._decisions.toggle()

    def _write_marker(self, t_s: float, kind: str, source: str, label: str) -> None:
        assert self._t0_ns is not None
        self._log.write_marker(self._t0_ns + int(round(t_s * 1e9)), kind, source, label)

    # ------------------------------------------------------------------ closing
    def _finish(self) -> None:
        if self._state in (SessionState.CLOSING, SessionState.CLOSED):
            return
        self._set_state(SessionState.CLOSING)
        log = self._log
        self._end_dropping()
        try:
            if self.analyzer is not None and self._t0_ns is not None:
                if (
                    self._decisions.open_key_s is not None
                ):  # a set still open at the end closes at the last sample
                    self.toggle_set()
                if self.auto_sets:
                    self._decisions.auto_check(final=True)
                self._decisions.withdraw("the session ended before the set was confirmed")
                try:
                    result = self.analyzer.finish()
                except SamplingError:
                    result = None
                if result is not None:
                    result = _with_gap_reasons(result, self._link_gaps)
                    self._decisions.close_card(result)
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
                for s in self._decisions.sets
            ],
            "samples_dropped_overlap": self.samples_dropped,
        }
        if revised := cards_fields(self._decisions.cards):
            out["card_revisions"] = revised
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
        return link_quality(
            self._stream,
            gaps=len(self._link_gaps),
            chunks_rejected=self.chunks_rejected,
            samples_dropped=self.samples_dropped,
            catching_up=self._dropping is not None,
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
        sets = self._decisions
        if status is None:
            set_state, source, elapsed, rest = "waiting", None, None, None
        elif sets.open_key_s is not None:
            set_state, source, elapsed, rest = "set", "key", now - sets.open_key_s, None
        elif self.auto_sets and not sets.rest_settled:
            # the rest pose may still be the raised one: "in a set" or "at rest" may be the other way round
            set_state, source, elapsed, rest = "unclear", None, None, None
        elif sets.provisional is not None:  # the movement stopped: resting, the set not yet confirmed
            set_state, source, elapsed, rest = "rest", None, None, now - sets.provisional.end_s
        elif sets.auto_pending_s is not None:
            set_state, source, elapsed, rest = "set", "auto", now - sets.auto_pending_s, None
        else:
            since = sets.sets[-1].end_s if sets.sets else 0.0
            set_state, source, elapsed, rest = "rest", None, None, now - since
        card = sets.provisional or sets.card
        return LiveView(
            self._state,
            self._device_label,
            now,
            status,
            set_state,
            source,
            elapsed,
            rest,
            len(sets.sets),
            self.link_quality(),
            card,
            str(self.log_path),
            self.auto_sets,
            self.keys_enabled,
        )


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


def session_markers(session: LiveSession) -> tuple[SetMarker, ...]:
    """The sets a session confirmed, as markers in session seconds.

    Parameters
    ----------
    session : LiveSession
        A session, running or ended.

    Returns
    -------
    tuple of SetMarker
        One per confirmed set, in order, with its source ("key" or "auto").
    """
    return tuple(
        SetMarker(s.start_s, s.end_s, s.source, auto=s.source == "auto") for s in session._decisions.sets
    )
