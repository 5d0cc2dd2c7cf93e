"""What a :class:`~tremor.ble.client.BandStream` yields and reports, and how it reconnects.

The items of the stream (:class:`SampleChunk`, :class:`LinkGap`, :class:`BadFrame`), its state
and counters (:class:`StreamState`, :class:`StreamStats`), the :class:`ReconnectPolicy` and the
:class:`DeviceInfo` of a scan. Plain data, split out of :mod:`tremor.ble.client` (which connects
and streams, and re-exports these names); the live session and the phone sources use them too.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np
from bleak.backends.device import BLEDevice

__all__ = [
    "BadFrame",
    "DeviceInfo",
    "LinkGap",
    "ReconnectPolicy",
    "SampleChunk",
    "StreamState",
    "StreamStats",
]


class StreamState(enum.Enum):
    """Lifecycle of a :class:`BandStream`."""

    UNOPENED = "unopened"
    CONNECTING = "connecting"
    STREAMING = "streaming"
    RECONNECTING = "reconnecting"
    CLOSED = "closed"


@dataclass(frozen=True)
class SampleChunk:
    """Samples from one notification.

    ``device_time_ns`` (int64, Unix ns on the band's clock; arrival time for
    bands without one), ``acc_mps2`` (n, 3) float64, the ``raw`` notification, and
    ``arrival_ns`` (host ``time.time_ns()`` when bleak delivered it).
    """

    device_time_ns: np.ndarray
    acc_mps2: np.ndarray
    raw: bytes
    arrival_ns: int


@dataclass(frozen=True)
class LinkGap:
    """The link was lost between ``start_ns`` (last sample before) and ``end_ns``
    (first sample after), both on the device clock; ``reason`` says why.

    ``end_ns <= start_ns`` when the band came back with its clock behind the last sample
    received (a restarted band); :attr:`StreamStats.clock_rewinds` counts those."""

    start_ns: int
    end_ns: int
    reason: str


@dataclass(frozen=True)
class BadFrame:
    """A notification that could not be decoded (counted and skipped): its bytes, for the log.

    Yielded only by a :class:`BandStream` opened with ``yield_bad_frames=True``; ``reason`` is
    ``short``, ``out_of_order`` or ``corrupt``.
    """

    raw: bytes
    arrival_ns: int
    reason: str


@dataclass
class StreamStats:
    """Counters of a :class:`BandStream` (cumulative across reconnections).

    ``frames_out_of_order`` counts frames a decoder refused for their sequence (the DIY
    profile's sample index); ``frames_time_rejected`` counts frames refused for an implausible
    device time stamp (PMD: not after the previous frame's, or jumping further ahead than the
    time that passed) and ``resyncs`` the times the decoder re-anchored on agreeing frames after
    such refusals. ``clock_rewinds`` counts reconnections after which the band's clock stood
    at or before the last sample received (a restarted band replaying from an earlier time).
    """

    frames: int = 0
    samples: int = 0
    frames_lost: int = 0
    samples_lost: int = 0
    frames_corrupt: int = 0
    frames_short: int = 0
    frames_out_of_order: int = 0
    frames_time_rejected: int = 0
    resyncs: int = 0
    frames_overflow: int = 0
    reconnects: int = 0
    device_stops: int = 0
    clock_rewinds: int = 0
    _seg_first_ns: int | None = field(default=None, repr=False)
    _seg_last_ns: int | None = field(default=None, repr=False)
    _seg_samples: int = field(default=0, repr=False)

    @property
    def measured_rate_hz(self) -> float | None:
        """Sample rate from device times since the last (re)connection."""
        if self._seg_first_ns is None or self._seg_last_ns is None or self._seg_samples < 2:
            return None
        span = self._seg_last_ns - self._seg_first_ns
        return (self._seg_samples - 1) * 1e9 / span if span > 0 else None

    def new_segment(self) -> None:
        """Start measuring the rate afresh (at each (re)connection): :attr:`measured_rate_hz` is then
        None until two samples have been added."""
        self._seg_first_ns = self._seg_last_ns = None
        self._seg_samples = 0

    def add(self, times: np.ndarray) -> None:
        """Count received samples towards :attr:`measured_rate_hz`.

        Parameters
        ----------
        times : ndarray
            The samples' device time stamps (ns), in order; an empty array changes nothing.
        """
        if times.size == 0:
            return
        if self._seg_first_ns is None:
            self._seg_first_ns = int(times[0])
        self._seg_last_ns = int(times[-1])
        self._seg_samples += int(times.size)


@dataclass(frozen=True)
class ReconnectPolicy:
    """Exponential backoff: wait ``initial_s``, then x ``factor`` up to ``max_delay_s``,
    for at most ``max_attempts`` attempts (0 disables reconnection)."""

    initial_s: float = 0.25
    factor: float = 2.0
    max_delay_s: float = 8.0
    max_attempts: int = 10

    def delays(self) -> Iterator[float]:
        """The waits before each reconnection attempt, in s.

        Yields
        ------
        float
            ``initial_s``, then each wait ``factor`` times the last, capped at ``max_delay_s``;
            ``max_attempts`` values in all.
        """
        delay = self.initial_s
        for _ in range(self.max_attempts):
            yield delay
            delay = min(self.max_delay_s, delay * self.factor)


@dataclass(frozen=True)
class DeviceInfo:
    """A band found by :func:`scan`."""

    name: str | None
    address: str
    profile: str
    rssi: int
    device: BLEDevice = field(repr=False, compare=False)
