"""Live client: scan for bands and stream samples from one, through bleak.

::

    async with BandStream("Polar Sense 1234ABCD", profile="pmd") as stream:
        async for item in stream:
            if isinstance(item, LinkGap):
                ...                      # link was lost and came back
            else:
                item.device_time_ns, item.acc_mps2

Any bleak backend works: the platform's by default, or one injected with
``backend=`` (a :class:`~tremor.ble.backends.BleakBackends`, or a
:class:`~tremor.ble.bumble_backend.BumbleCentral` in tests).

The bleak notification callback only appends ``(bytes, arrival_ns)`` to an
:class:`asyncio.Queue`; decoding happens in the consumer (``__anext__``). A
disconnect puts a sentinel on the same queue, so frames already received are
decoded first; the consumer then reconnects with exponential backoff and the
next item it yields is a :class:`LinkGap`. Bad frames are counted in
:attr:`BandStream.stats` and skipped, never raised.

What the stream yields and reports (:class:`SampleChunk`, :class:`LinkGap`, :class:`StreamStats`, ...)
is defined in :mod:`tremor.ble.stream_items` and re-exported here.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import math
import re
import time
from typing import Any

from bleak import BleakClient, BleakScanner
from bleak.backends.device import BLEDevice
from bleak.exc import BleakBluetoothNotAvailableError, BleakError

from ..errors import DeviceError
from ._common import FrameError, StreamStateError
from .backends import BleakBackends, resolve_backends
from .profiles import (
    PROFILES,
    Session,
    StartInfo,
    make_session,
    profile_from_advertisement,
)
from .stream_items import (
    BadFrame,
    DeviceInfo,
    LinkGap,
    ReconnectPolicy,
    SampleChunk,
    StreamState,
    StreamStats,
)

__all__ = [
    "StreamState",
    "SampleChunk",
    "LinkGap",
    "StreamStats",
    "ReconnectPolicy",
    "DeviceInfo",
    "BandStream",
    "scan",
]


def _device_error(exc: BaseException, doing: str) -> DeviceError:
    if isinstance(exc, DeviceError):
        return exc
    if isinstance(exc, BleakBluetoothNotAvailableError):
        return DeviceError(
            f"Bluetooth is not available while {doing}: {exc.args[0]} (is the adapter present and switched on?)"
        )
    if isinstance(exc, asyncio.TimeoutError | TimeoutError):
        return DeviceError(f"timed out while {doing}")
    if isinstance(exc, OSError):
        return DeviceError(f"no usable Bluetooth adapter while {doing}: {exc} (is bluetoothd running?)")
    return DeviceError(f"BLE failure while {doing}: {exc}")


async def scan(timeout: float = 5.0, backend: Any = None, *, profile: str | None = None) -> list[DeviceInfo]:
    """Scan for ``timeout`` seconds and return the bands of known profiles, strongest first.

    Parameters
    ----------
    timeout : float
        Scan time in s; must be > 0.
    backend : Any
        None for the platform's default, a :class:`BleakBackends`, or an object with a
        ``backends`` attribute holding one (e.g. the emulator's central).
    profile : str or None
        Keep only bands of this profile; None keeps every known profile.

    Returns
    -------
    list of DeviceInfo
        Name, address, profile and signal strength (dBm) of each band, strongest first.

    Raises
    ------
    ValueError
        Where ``timeout`` is not > 0.
    DeviceError
        No adapter, Bluetooth off, or no band found.
    """
    if not timeout > 0:
        raise ValueError(f"timeout must be > 0 s, got {timeout!r}")
    scanner_cls = resolve_backends(backend).scanner
    try:
        options: dict[str, Any] = {} if scanner_cls is None else {"backend": scanner_cls}
        found = await BleakScanner.discover(timeout=timeout, return_adv=True, **options)
    except (BleakError, OSError) as exc:
        raise _device_error(exc, "scanning") from exc
    out = []
    for dev, adv in found.values():
        prof = profile_from_advertisement(adv.local_name or dev.name, adv.service_uuids)
        if prof is None or (profile is not None and prof != profile):
            continue
        out.append(DeviceInfo(adv.local_name or dev.name, dev.address, prof, adv.rssi, dev))
    if not out:
        which = profile or "/".join(PROFILES)
        raise DeviceError(
            f"no wristband ({which}) found in {timeout:g} s of scanning; is it on, charged, "
            "in range and not connected to another phone or app?"
        )
    return sorted(out, key=lambda d: -d.rssi)


_ADDRESS_RE = re.compile(
    r"^([0-9A-Fa-f]{2}:){5}[0-9A-Fa-f]{2}$|^[0-9A-Fa-f]{8}-([0-9A-Fa-f]{4}-){3}[0-9A-Fa-f]{12}$"
)
_LINK_LOST = object()
_DEVICE_STOPPED = object()
_CLOSED = object()


class BandStream:
    """Async context manager and async iterator over a band's samples.

    Parameters
    ----------
    target : DeviceInfo, BLEDevice or str
        A band from :func:`scan`, a bleak device, an address, or an advertised name.
    profile : {"pmd", "microbit", "diy"}, optional
        Needed unless ``target`` is a :class:`DeviceInfo` or the profile can be
        told from the advertisement.
    backend : BleakBackends or BumbleCentral, optional
        bleak backend classes; the platform's by default.
    max_rate_hz : float, optional
        Cap on the rate picked (the highest offered by default).
    min_range_g : float
        Smallest acceptable range; the smallest offered range >= this is used.
    scan_timeout, connect_timeout, command_timeout : float
        Seconds.
    reconnect : ReconnectPolicy
        Backoff after a lost link.
    max_queue : int
        Frames buffered between callback and consumer; more are dropped and counted.
    """

    def __init__(
        self,
        target: DeviceInfo | BLEDevice | str,
        *,
        profile: str | None = None,
        backend: Any = None,
        max_rate_hz: float | None = None,
        min_range_g: float = 8.0,
        scan_timeout: float = 10.0,
        connect_timeout: float = 15.0,
        command_timeout: float = 5.0,
        reconnect: ReconnectPolicy = ReconnectPolicy(),
        max_queue: int = 10_000,
        yield_bad_frames: bool = False,
    ) -> None:
        if profile is not None and profile not in PROFILES:
            raise ValueError(f"profile must be one of {sorted(PROFILES)}, got {profile!r}")
        if isinstance(target, DeviceInfo) and profile is not None and profile != target.profile:
            raise ValueError(
                f"profile={profile!r} contradicts the scanned device's profile {target.profile!r}"
            )
        self._target = target
        self._profile = profile or (target.profile if isinstance(target, DeviceInfo) else None)
        self._backends: BleakBackends = resolve_backends(backend)
        self._max_rate_hz = max_rate_hz
        self._min_range_g = min_range_g
        self._scan_timeout = scan_timeout
        self._connect_timeout = connect_timeout
        self._command_timeout = command_timeout
        self._policy = reconnect
        self._max_queue = max_queue
        self._yield_bad_frames = yield_bad_frames
        self._state = StreamState.UNOPENED
        self._queue: asyncio.Queue[Any] = asyncio.Queue()
        self._pending: collections.deque[SampleChunk | LinkGap] = collections.deque()
        self._client: BleakClient | None = None
        self._device: BLEDevice | None = None
        self._session: Session | None = None
        self._last_time_ns: int | None = None
        self._gap_open: tuple[int | None, str] | None = None
        self.stats = StreamStats()
        self.info: StartInfo | None = None

    # ------------------------------------------------------------------ properties
    @property
    def state(self) -> StreamState:
        return self._state

    @property
    def profile(self) -> str | None:
        return self._profile

    @property
    def device(self) -> BLEDevice | None:
        return self._device

    @property
    def client(self) -> BleakClient | None:
        """The bleak client of the current link (``None`` while reconnecting)."""
        return self._client

    # ------------------------------------------------------------------ context manager
    async def __aenter__(self) -> BandStream:
        if self._state is not StreamState.UNOPENED:
            raise StreamStateError(
                f"a BandStream can be opened only once (state: {self._state.value}); create a new one"
            )
        self._state = StreamState.CONNECTING
        try:
            await self._resolve()
            assert self._profile is not None
            self._session = make_session(
                self._profile,
                max_rate_hz=self._max_rate_hz,
                min_range_g=self._min_range_g,
                timeout=self._command_timeout,
            )
            self._session.on_device_stop = lambda: self._queue.put_nowait(_DEVICE_STOPPED)
            await self._connect_and_start()
        except BaseException as exc:
            self._state = StreamState.CLOSED
            await self._drop_client()
            if isinstance(exc, BleakError | OSError | asyncio.TimeoutError | TimeoutError):
                raise _device_error(exc, f"connecting to {self._describe()}") from exc
            raise
        self._state = StreamState.STREAMING
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Stop the stream, disconnect, end iteration. Safe to call twice."""
        if self._state is StreamState.CLOSED:
            return
        self._state = StreamState.CLOSED
        client, session = self._client, self._session
        if client is not None and client.is_connected and session is not None:
            with contextlib.suppress(Exception):
                async with asyncio.timeout(self._command_timeout):
                    await session.stop(client)
        await self._drop_client()
        self._queue.put_nowait(_CLOSED)

    # ------------------------------------------------------------------ iteration
    def __aiter__(self) -> BandStream:
        return self

    async def __anext__(self) -> SampleChunk | LinkGap | BadFrame:
        if self._state is StreamState.UNOPENED:
            raise StreamStateError("iterate a BandStream inside `async with BandStream(...) as stream:`")
        if self._pending:
            return self._pending.popleft()
        while True:
            if self._state is StreamState.CLOSED and self._queue.empty():
                raise StopAsyncIteration
            item = await self._queue.get()
            if item is _CLOSED:
                raise StopAsyncIteration
            if item is _DEVICE_STOPPED:  # the band ended the measurement itself
                self.stats.device_stops += 1
                await self.aclose()
                raise StopAsyncIteration
            if item is _LINK_LOST:
                if self._state is StreamState.CLOSED:
                    raise StopAsyncIteration
                await self._reconnect("link_lost")
                continue
            out = self._decode(*item)
            if out is not None:
                return out

    def _decode(self, raw: bytes, arrival_ns: int) -> SampleChunk | LinkGap | BadFrame | None:
        assert self._session is not None
        rejected0, resyncs0 = self._session.time_checks()
        try:
            dec = self._session.decode(raw, arrival_ns)
        except FrameError as exc:
            rejected = self._session.time_checks()[0] - rejected0
            if exc.kind == "short":
                self.stats.frames_short += 1
            elif rejected > 0:  # refused for its time stamp, not its sequence
                self.stats.frames_time_rejected += rejected
            elif exc.kind == "out_of_order":
                self.stats.frames_out_of_order += 1
            else:
                self.stats.frames_corrupt += 1
            return BadFrame(raw, arrival_ns, exc.kind or "corrupt") if self._yield_bad_frames else None
        resynced = self._session.time_checks()[1] - resyncs0
        if resynced > 0:  # the band's clock jumped: measure the rate from here on
            self.stats.resyncs += resynced
            self.stats.new_segment()
        n = int(dec.time_ns.size)
        if n == 0:
            return None
        self.stats.frames += 1
        self.stats.samples += n
        if dec.samples_lost > 0:
            self.stats.samples_lost += dec.samples_lost
            self.stats.frames_lost += math.ceil(dec.samples_lost / n)
        self.stats.add(dec.time_ns)
        chunk = SampleChunk(dec.time_ns, dec.acc_mps2, raw, arrival_ns)
        first = int(dec.time_ns[0])
        if self._gap_open is not None:
            start, reason = self._gap_open
            self._gap_open = None
            if start is not None and first <= start:  # the band's clock went back (restarted band)
                self.stats.clock_rewinds += 1
            self._last_time_ns = int(dec.time_ns[-1])
            self._pending.append(chunk)
            return LinkGap(start if start is not None else first, first, reason)
        self._last_time_ns = int(dec.time_ns[-1])
        return chunk

    # ------------------------------------------------------------------ bleak callbacks
    def _on_data(self, _char: Any, data: bytearray) -> None:
        if self._queue.qsize() >= self._max_queue:
            self.stats.frames_overflow += 1
            return
        self._queue.put_nowait((bytes(data), time.time_ns()))

    def _on_disconnected(self, client: BleakClient) -> None:
        if client is self._client and self._state is not StreamState.CLOSED:
            self._queue.put_nowait(_LINK_LOST)

    # ------------------------------------------------------------------ connection
    def _describe(self) -> str:
        t = self._target
        if isinstance(t, DeviceInfo):
            return f"{t.name or '?'} ({t.address})"
        if isinstance(t, BLEDevice):
            return f"{t.name or '?'} ({t.address})"
        return repr(t)

    async def _resolve(self) -> None:
        target = self._target
        scanner = self._backends.scanner
        if isinstance(target, DeviceInfo):
            self._device = target.device
            return
        if isinstance(target, BLEDevice):
            self._device = target
            if self._profile is None:
                self._profile = profile_from_advertisement(target.name, [])
            if self._profile is None:
                raise ValueError(f"cannot tell the profile of {target}; pass profile=")
            return
        seen: dict[str, Any] = {}

        def match(dev: BLEDevice, adv: Any) -> bool:
            hit = (
                (dev.address.lower() == target.lower())
                if _ADDRESS_RE.match(target)
                else (adv.local_name == target)
            )
            if hit:
                seen["adv"] = adv
            return hit

        try:
            options: dict[str, Any] = {} if scanner is None else {"backend": scanner}
            device = await BleakScanner.find_device_by_filter(match, timeout=self._scan_timeout, **options)
        except (BleakError, OSError) as exc:
            raise _device_error(exc, f"looking for {target!r}") from exc
        if device is None:
            raise DeviceError(f"no band {target!r} found within {self._scan_timeout:g} s of scanning")
        self._device = device
        if self._profile is None:
            adv = seen.get("adv")
            self._profile = profile_from_advertisement(
                adv.local_name if adv else device.name, adv.service_uuids if adv else []
            )
            if self._profile is None:
                raise DeviceError(f"{target!r} does not advertise a known profile; pass profile=")

    async def _connect_and_start(self) -> None:
        assert self._device is not None and self._session is not None
        client = BleakClient(
            self._device,
            disconnected_callback=self._on_disconnected,
            timeout=self._connect_timeout,
            backend=self._backends.client,
        )
        self._client = client
        async with asyncio.timeout(self._connect_timeout):
            await client.connect()
        self.info = await self._session.start(client, self._on_data)
        self.stats.new_segment()

    async def _drop_client(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            with contextlib.suppress(Exception):
                await client.disconnect()

    async def _reconnect(self, reason: str) -> None:
        assert self._session is not None
        self._state = StreamState.RECONNECTING
        await self._drop_client()
        gap_start = self._last_time_ns
        last_error: BaseException | None = None
        attempts = 0
        for delay in self._policy.delays():
            await asyncio.sleep(delay)
            if self._state is StreamState.CLOSED:
                return
            attempts += 1
            self._session.reset()
            try:
                await self._connect_and_start()
            except (BleakError, DeviceError, OSError, TimeoutError) as exc:
                last_error = exc
                await self._drop_client()
                continue
            self.stats.reconnects += 1
            self._gap_open = (gap_start, reason)
            self._state = StreamState.STREAMING
            return
        self._state = StreamState.CLOSED
        raise DeviceError(
            f"lost the link to {self._describe()} ({reason}) and {attempts} reconnection attempt(s) failed"
            + (f"; last error: {last_error}" if last_error else "")
        )
