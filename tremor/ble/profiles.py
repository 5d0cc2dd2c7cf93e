"""Client side of each band profile: the start handshake over a bleak client, and decoding.

A :class:`Session` is created per :class:`~tremor.ble.BandStream` and reused
across reconnections. :meth:`Session.start` subscribes, queries the settings the
band offers, picks the highest rate (optionally capped) with the smallest range
of at least ``min_range_g`` and starts the stream; :meth:`Session.decode` turns
one raw notification into device times and m/s^2 (pure, no I/O) and raises
:class:`~tremor.ble.FrameError` on bad frames.
"""

from __future__ import annotations

import asyncio
import contextlib
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from tremor.ble import diy, microbit, pmd

from ..errors import DeviceError, TremorWarning
from ._common import FrameError
from .pmd import MeasurementType as MT
from .pmd import SettingType as ST

__all__ = [
    "Decoded",
    "StartInfo",
    "Session",
    "PmdSession",
    "MicrobitSession",
    "DiySession",
    "PROFILES",
    "make_session",
    "profile_from_advertisement",
]

DataCallback = Callable[[Any, bytearray], None]


@dataclass(frozen=True)
class Decoded:
    """One decoded notification: device times (int64 ns), (n, 3) m/s^2, samples lost before it."""

    time_ns: np.ndarray
    acc_mps2: np.ndarray
    samples_lost: int = 0


@dataclass(frozen=True)
class StartInfo:
    """What the band was started with."""

    fs: float
    range_g: int | None
    mtu: int
    factor: float = 1.0
    offered_rates: tuple[int, ...] = ()
    offered_ranges: tuple[int, ...] = ()


def choose_rate(rates: Sequence[int], max_rate_hz: float | None) -> int:
    """Highest offered rate not above ``max_rate_hz`` (the lowest one if all are)."""
    if not rates:
        raise DeviceError("the band offers no sample rate")
    ok = [r for r in sorted(rates) if max_rate_hz is None or r <= max_rate_hz]
    return ok[-1] if ok else min(rates)


def choose_range(ranges: Sequence[int], min_range_g: float) -> int:
    """Smallest offered range >= ``min_range_g`` (finest resolution that will not clip tremor);
    the largest, with a :class:`~tremor.errors.TremorWarning`, if none is wide enough."""
    if not ranges:
        raise DeviceError("the band offers no acceleration range")
    ok = [r for r in sorted(ranges) if r >= min_range_g]
    if ok:
        return ok[0]
    warnings.warn(
        f"the band's widest range is +-{max(ranges)} g, below the +-{min_range_g} g asked for; "
        "strong movements may clip",
        TremorWarning,
        stacklevel=3,
    )
    return max(ranges)


class Session:
    """Per-profile handshake and decoder (subclasses: one per profile)."""

    profile: ClassVar[str]
    service_uuid: ClassVar[str]
    data_uuid: ClassVar[str]
    name_prefixes: ClassVar[tuple[str, ...]]

    def __init__(
        self, *, max_rate_hz: float | None = None, min_range_g: float = 8.0, timeout: float = 5.0
    ) -> None:
        self.max_rate_hz = max_rate_hz
        self.min_range_g = min_range_g
        self.timeout = timeout
        self.info: StartInfo | None = None
        #: Called (no arguments) when the band says it stopped streaming on its own.
        self.on_device_stop: Callable[[], None] | None = None

    async def start(self, client: Any, on_data: DataCallback) -> StartInfo:
        raise NotImplementedError

    async def stop(self, client: Any) -> None:
        """Ask the band to stop (best effort: the link may already be gone)."""

    def reset(self) -> None:
        """Forget decoder state (called after a reconnection)."""

    def time_checks(self) -> tuple[int, int]:
        """Frames the current decoder refused for their time stamps, and its resynchronisations.

        Counts of the decoder of the current connection (a new one is made at each start);
        ``(0, 0)`` for profiles whose decoder does not judge time stamps.
        """
        return (0, 0)

    def decode(self, raw: bytes, arrival_ns: int) -> Decoded:
        raise NotImplementedError


class PmdSession(Session):
    """Polar PMD: CP + data notifications, feature read, settings query, start with TLVs."""

    profile = "pmd"
    service_uuid = pmd.PMD_SERVICE_UUID
    data_uuid = pmd.PMD_DATA_UUID
    name_prefixes = ("Polar",)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._cp: asyncio.Queue[bytes] = asyncio.Queue()
        self.device_stops = 0
        self.decoder: pmd.PmdAccDecoder | None = None

    def _on_cp(self, _char: Any, data: bytearray) -> None:
        raw = bytes(data)
        if raw[:1] == b"\x01":  # unsolicited "measurement stopped by the device"
            with contextlib.suppress(FrameError):
                msg = pmd.parse_cp_message(raw)
                if isinstance(msg, pmd.MeasurementStopped) and MT.ACC in msg.mtypes:
                    self.device_stops += 1
                    if self.on_device_stop is not None:
                        self.on_device_stop()
            return
        self._cp.put_nowait(raw)

    async def _command(self, client: Any, command: bytes) -> pmd.CpResponse:
        while not self._cp.empty():  # stale replies from an earlier link
            self._cp.get_nowait()
        await client.write_gatt_char(pmd.PMD_CP_UUID, command, response=True)
        params = b""
        async with asyncio.timeout(self.timeout):
            while True:
                try:
                    msg = pmd.parse_cp_message(await self._cp.get())
                except FrameError:
                    continue
                if isinstance(msg, pmd.MeasurementStopped):
                    self.device_stops += 1
                    continue
                if msg.op != command[0]:
                    continue
                params += msg.params
                if not msg.more:
                    return pmd.CpResponse(msg.op, msg.mtype, msg.status, False, params)

    async def start(self, client: Any, on_data: DataCallback) -> StartInfo:
        # The SDK enables both notifications before sending any command.
        await client.start_notify(pmd.PMD_CP_UUID, self._on_cp)
        await client.start_notify(pmd.PMD_DATA_UUID, on_data)
        features = pmd.parse_features(await client.read_gatt_char(pmd.PMD_CP_UUID))
        if MT.ACC not in features:
            raise DeviceError(
                f"the band has no PMD accelerometer stream (features: {sorted(f.name for f in features)})"
            )
        reply = await self._command(client, pmd.build_get_settings(MT.ACC))
        if not reply.ok:
            raise DeviceError(f"PMD settings query failed: {reply.status_name}")
        offered = reply.settings
        rates = tuple(int(r) for r in offered.get(ST.SAMPLE_RATE, ()))
        ranges = tuple(int(r) for r in offered.get(ST.RANGE, ()))
        chosen: dict[ST, int | float] = {
            ST.SAMPLE_RATE: choose_rate(rates, self.max_rate_hz),
            ST.RANGE: choose_range(ranges, self.min_range_g),
        }
        # Echo every other listed setting with one value, as the SDK does (not FACTOR).
        for stype, values in offered.items():
            if stype in chosen or stype in (ST.FACTOR, ST.SECURITY) or not values:
                continue
            chosen[stype] = max(v for v in values if isinstance(v, int | float))
        reply = await self._command(client, pmd.build_start(MT.ACC, chosen))
        if reply.status == pmd.PmdStatus.ALREADY_IN_STATE:
            await self._command(client, pmd.build_stop(MT.ACC))
            reply = await self._command(client, pmd.build_start(MT.ACC, chosen))
        if not reply.ok:
            raise DeviceError(
                f"the band refused to start ACC streaming: {reply.status_name} (request {chosen})"
            )
        fs = float(chosen[ST.SAMPLE_RATE])
        resolution = int(chosen.get(ST.RESOLUTION, 16))
        self.decoder = pmd.PmdAccDecoder(fs=fs, factor=reply.factor, resolution=resolution)
        self.info = StartInfo(fs, int(chosen[ST.RANGE]), client.mtu_size, reply.factor, rates, ranges)
        return self.info

    async def stop(self, client: Any) -> None:
        await client.write_gatt_char(pmd.PMD_CP_UUID, pmd.build_stop(MT.ACC), response=True)

    def reset(self) -> None:
        if self.decoder is not None:
            self.decoder.reset()

    def time_checks(self) -> tuple[int, int]:
        d = self.decoder
        return (d.n_time_rejected, d.n_resyncs) if d is not None else (0, 0)

    def decode(self, raw: bytes, arrival_ns: int) -> Decoded:
        if self.decoder is None:
            raise FrameError("PMD frame before the stream was started")
        frame = self.decoder.decode(raw, arrival_ns)
        return Decoded(frame.time_ns, frame.acc_mps2, frame.samples_lost)


class MicrobitSession(Session):
    """micro:bit: write the period, read back the actual one, subscribe to data.

    One sample per notification and no device clock: device time is the arrival time.
    The range is the firmware's (+-2 g by default) and cannot be set over BLE.
    """

    profile = "microbit"
    service_uuid = microbit.MICROBIT_ACC_SERVICE_UUID
    data_uuid = microbit.MICROBIT_ACC_DATA_UUID
    name_prefixes = ("BBC micro:bit",)

    async def start(self, client: Any, on_data: DataCallback) -> StartInfo:
        wanted = 20 if self.max_rate_hz is None else max(1, round(1000.0 / self.max_rate_hz))
        await client.write_gatt_char(
            microbit.MICROBIT_ACC_PERIOD_UUID, microbit.encode_period(wanted), response=True
        )
        period = microbit.decode_period(await client.read_gatt_char(microbit.MICROBIT_ACC_PERIOD_UUID))
        await client.start_notify(microbit.MICROBIT_ACC_DATA_UUID, on_data)
        self.info = StartInfo(1000.0 / period, None, client.mtu_size)
        return self.info

    async def stop(self, client: Any) -> None:
        await client.stop_notify(microbit.MICROBIT_ACC_DATA_UUID)

    def decode(self, raw: bytes, arrival_ns: int) -> Decoded:
        return Decoded(np.array([arrival_ns], dtype=np.int64), microbit.decode_sample(raw))


class DiySession(Session):
    """Our DIY profile: read config, write start, count lost samples from the index."""

    profile = "diy"
    service_uuid = diy.DIY_SERVICE_UUID
    data_uuid = diy.DIY_DATA_UUID
    name_prefixes = ("Tremor",)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.decoder: diy.DiyDecoder | None = None

    async def start(self, client: Any, on_data: DataCallback) -> StartInfo:
        config = diy.DiyConfig.from_bytes(await client.read_gatt_char(diy.DIY_CONFIG_UUID))
        rate = choose_rate(config.rates_hz, self.max_rate_hz)
        rng = choose_range(config.ranges_g, self.min_range_g)
        await client.start_notify(diy.DIY_DATA_UUID, on_data)
        await client.write_gatt_char(diy.DIY_CONFIG_UUID, diy.build_start(rate, rng), response=True)
        now = diy.DiyConfig.from_bytes(await client.read_gatt_char(diy.DIY_CONFIG_UUID))
        if not now.streaming or now.rate_hz != rate:
            raise DeviceError(f"the DIY band did not start at {rate} Hz (config now {now})")
        self.decoder = diy.DiyDecoder(fs=rate)
        self.info = StartInfo(float(rate), rng, client.mtu_size, 1.0, config.rates_hz, config.ranges_g)
        return self.info

    async def stop(self, client: Any) -> None:
        await client.write_gatt_char(diy.DIY_CONFIG_UUID, diy.build_stop(), response=True)

    def reset(self) -> None:
        if self.decoder is not None:
            self.decoder.reset()

    def decode(self, raw: bytes, arrival_ns: int) -> Decoded:
        if self.decoder is None:
            raise FrameError("DIY frame before the stream was started")
        times, acc, lost = self.decoder.decode(raw, arrival_ns)
        return Decoded(times, acc, lost)


PROFILES: dict[str, type[Session]] = {"pmd": PmdSession, "microbit": MicrobitSession, "diy": DiySession}


def make_session(profile: str, **kwargs: Any) -> Session:
    """A new :class:`Session` for ``profile`` (one of :data:`PROFILES`)."""
    try:
        cls = PROFILES[profile]
    except KeyError:
        raise ValueError(f"profile must be one of {sorted(PROFILES)}, got {profile!r}") from None
    return cls(**kwargs)


def profile_from_advertisement(name: str | None, service_uuids: Sequence[str]) -> str | None:
    """Which profile an advertisement looks like (service UUID first, then name prefix)."""
    uuids = {u.lower() for u in service_uuids}
    for key, cls in PROFILES.items():
        if cls.service_uuid in uuids:
            return key
    for key, cls in PROFILES.items():
        if name and any(name.startswith(p) for p in cls.name_prefixes):
            return key
    return None
