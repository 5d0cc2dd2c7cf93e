"""What the live session consumes from any sample source, and the shared plumbing of the phone sources.

:class:`SampleSource` is the interface :class:`~tremor.live.session.LiveSession` consumes (a
:class:`~tremor.ble.BandStream` is one too): an async context manager and async iterator yielding
:class:`~tremor.ble.SampleChunk` and :class:`~tremor.ble.LinkGap`, with ``device``, ``profile``,
``info``, ``stats`` and ``state``, and ``aclose()``. :class:`QueueSource` is the queue, iterator,
state and first-chunk hold the phone sources (:mod:`tremor.live.sensorlogger`,
:mod:`tremor.live.phyphox`) share.
"""

from __future__ import annotations

import asyncio
import enum
import ipaddress
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

import numpy as np

from tremor.ble import LinkGap, SampleChunk, StreamStats

__all__ = ["PhoneCounters", "SampleSource", "SourceState", "is_loopback", "PhoneDevice", "QueueSource"]

_FIRST_CHUNK_MIN = 8  # samples held back until the rate can be told from the first chunk


@runtime_checkable
class SampleSource(Protocol):
    """What :class:`~tremor.live.session.LiveSession` consumes (a band stream, a phone source)."""

    stats: Any
    info: Any

    @property
    def device(self) -> Any: ...

    @property
    def profile(self) -> str | None: ...

    @property
    def state(self) -> Any: ...

    async def __aenter__(self) -> Any: ...

    async def __aexit__(self, *exc_info: object) -> None: ...

    def __aiter__(self) -> Any: ...

    async def __anext__(self) -> Any: ...

    async def aclose(self) -> None: ...


class SourceState(enum.Enum):
    """Lifecycle of a phone source (values shared with :class:`~tremor.ble.StreamState`)."""

    UNOPENED = "unopened"
    CONNECTING = "connecting"
    STREAMING = "streaming"
    RECONNECTING = "reconnecting"  # the phone went silent / unreachable; waiting for it
    CLOSED = "closed"


@dataclass
class PhoneCounters:
    """What happened on the wire (beyond :class:`~tremor.ble.StreamStats`)."""

    requests: int = 0
    messages: int = 0
    duplicates: int = 0
    late: int = 0  # arrived after their turn had passed (not used)
    reordered: int = 0  # arrived out of order but in time (used)
    lost: int = 0  # message ids never received
    malformed: int = 0
    oversized: int = 0
    rate_limited: int = 0
    unauthorised: int = 0
    silences: int = 0  # the phone went silent (or unreachable) and came back
    sessions: int = 0
    samples_duplicate_time: int = 0
    samples_late: int = 0
    poll_errors: int = 0
    test_pushes: int = 0
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        out = {k: v for k, v in self.__dict__.items() if k != "notes"}
        out["notes"] = list(self.notes[-20:])
        return out


@dataclass(frozen=True)
class PhoneDevice:
    """A phone source's ``device``: a name and an address (None where unknown), as a band's has."""

    name: str | None
    address: str | None


@dataclass(frozen=True)
class _Info:
    fs: float
    range_g: float | None = None
    factor: float | None = None


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and loopback IP addresses."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class QueueSource:
    """Shared plumbing of the phone sources: a queue of items, the iterator, state, stats, the first
    chunk held back until the sampling rate can be told.

    A subclass sets :attr:`profile_name`, fills the queue with ``_emit`` (samples) and ``_fail``
    (an error for the consumer), and closes its own transport in ``_shutdown``.
    """

    profile_name = "?"

    def __init__(self) -> None:
        self._state = SourceState.UNOPENED
        self._queue: asyncio.Queue[Any] = asyncio.Queue()
        self.stats = StreamStats()
        self.phone = PhoneCounters()
        self.info: _Info | None = None
        self._device = PhoneDevice(None, None)
        self._last_ns: int | None = None
        self._held: list[tuple[np.ndarray, np.ndarray, int]] = []
        self._gap_reason: str | None = None
        self._error: BaseException | None = None
        self._source_meta: dict[str, Any] = {}

    @property
    def state(self) -> SourceState:
        return self._state

    @property
    def profile(self) -> str:
        return self.profile_name

    @property
    def device(self) -> PhoneDevice:
        return self._device

    def __aiter__(self) -> QueueSource:
        return self

    async def __anext__(self) -> Any:
        if self._state is SourceState.UNOPENED:
            raise RuntimeError("iterate a phone source inside `async with ...`")
        while True:
            if self._state is SourceState.CLOSED and self._queue.empty():
                raise StopAsyncIteration
            item = await self._queue.get()
            if item is None:
                raise StopAsyncIteration
            if isinstance(item, BaseException):
                raise item
            return item

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the source (once; later calls do nothing): the consumer's iteration then ends."""
        if self._state is SourceState.CLOSED:
            return
        self._state = SourceState.CLOSED
        await self._shutdown()
        self._queue.put_nowait(None)

    async def _shutdown(self) -> None:  # pragma: no cover - overridden
        pass

    def _fail(self, exc: BaseException) -> None:
        self._queue.put_nowait(exc)

    def log_header(self) -> dict[str, Any]:
        """Fields for the log's ``H`` record: device, profile, settings, and what the source was."""
        assert self.info is not None
        return {
            "device": {"name": self._device.name, "address": self._device.address, "model": None},
            "profile": self.profile_name,
            "settings": {
                "sample_rate_hz": self.info.fs,
                "range_g": None,
                "resolution_bits": None,
                "factor": None,
            },
            "source": dict(self._source_meta),
        }

    def summary(self) -> dict[str, Any]:
        """Counters for the log's ``E`` record."""
        return {"phone": self.phone.as_dict()}

    # ----------------------------------------------------------------- emitting samples
    def _emit(
        self, t_ns: np.ndarray, acc: np.ndarray, arrival_ns: int, gap_reason: str | None = None
    ) -> None:
        """Queue samples (sorted, device-time duplicates and samples older than the last dropped, counted)."""
        if gap_reason is not None:
            self._gap_reason = gap_reason
        if t_ns.size == 0:
            return
        order = np.argsort(t_ns, kind="stable")
        t_ns, acc = t_ns[order], acc[order]
        dup = np.concatenate([[False], np.diff(t_ns) == 0])
        if dup.any():
            self.phone.samples_duplicate_time += int(dup.sum())
            t_ns, acc = t_ns[~dup], acc[~dup]
        if self._last_ns is not None:
            keep = t_ns > self._last_ns
            if not keep.all():
                self.phone.samples_late += int((~keep).sum())
                t_ns, acc = t_ns[keep], acc[keep]
        if t_ns.size == 0:
            return
        if self.info is None:  # hold back until the rate can be measured
            self._held.append((t_ns, acc, arrival_ns))
            n = sum(h[0].size for h in self._held)
            allt = np.concatenate([h[0] for h in self._held])
            self._last_ns = int(allt[-1])
            if n < _FIRST_CHUNK_MIN:
                return
            step = float(np.median(np.diff(allt)))
            self.info = _Info(fs=round(1e9 / step, 3))
            t_ns = allt
            acc = np.concatenate([h[1] for h in self._held])
            self._held = []
        if self._gap_reason is not None and self._last_ns is not None and self.stats.samples:
            self._queue.put_nowait(LinkGap(self._last_ns, int(t_ns[0]), self._gap_reason))
            self.stats.new_segment()
        self._gap_reason = None
        self.stats.frames += 1
        self.stats.samples += int(t_ns.size)
        self.stats.add(t_ns)
        self._last_ns = int(t_ns[-1])
        self._queue.put_nowait(SampleChunk(t_ns.astype(np.int64), acc.astype(np.float64), b"", arrival_ns))
