"""An emulated wristband: a Bumble GATT server that speaks a real profile byte for byte.

:class:`EmulatedBand` advertises a profile's name, serves its GATT service with
the real UUIDs and properties, answers its commands like a device, and streams
frames at real-time pace (or ``pace`` times faster) from a sample source:

- ``"pmd"``: Polar PMD. Control point (read features, write commands, indicate
  responses: settings reply with the rates/ranges offered, start/stop with
  FACTOR, error statuses for bad requests, ``INVALID_MTU`` below 70 bytes);
  data frames raw ``0x01`` or compressed ``0x80``/``0x81``.
- ``"microbit"``: micro:bit accelerometer service; streams while the data
  characteristic is subscribed, period snapped to the supported table.
- ``"diy"``: our own profile (``docs/ble-diy-profile.md``).

A *source* is any iterable of ``(t_ns, acc)`` where ``t_ns`` is the Unix time (ns)
of the chunk's first sample and ``acc`` an ``(n, 3)`` array in m/s^2 at the band's
rate, or a callable ``source(fs) -> iterable`` when the band offers several rates.
The source keeps being consumed in real time while the link is down, so a
forced disconnect (:meth:`EmulatedBand.drop_link`) leaves a real gap in device
time, like a band that kept measuring.

Size (issue 8): over 500 lines as one job, one emulated band: the GATT server, pacing and link
drops (:class:`EmulatedBand`, about 270 lines) drive a profile's device behaviour through one small
private interface (``_Personality``: ``_Pmd``, ``_Microbit``, ``_Diy``, about 50-100 lines each);
each profile's frames are encoded by its codec (:mod:`tremor.ble.pmd`, :mod:`tremor.ble.microbit`,
:mod:`tremor.ble.diy`), so only the device's side of the conversation lives here.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
from bumble import att, gatt
from bumble.core import UUID, AdvertisingData
from bumble.device import Connection

from tremor.ble import diy, microbit, pmd

from ._common import STANDARD_GRAVITY
from .pmd import MeasurementType as MT
from .pmd import PmdStatus
from .pmd import SettingType as ST
from .vlink import VirtualLink

__all__ = ["EmulatedBand", "SentFrame", "Source", "DEFAULT_NAMES", "PROFILE_NAMES"]

logger = logging.getLogger(__name__)

Chunk = tuple[int, np.ndarray]
Source = Iterable[Chunk] | Callable[[float], Iterable[Chunk]]

PROFILE_NAMES = ("pmd", "microbit", "diy")
DEFAULT_NAMES = {"pmd": "Polar Sense EMU", "microbit": "BBC micro:bit [emu]", "diy": "Tremor Band EMU"}
_SERVICE_UUIDS = {
    "pmd": pmd.PMD_SERVICE_UUID,
    "microbit": microbit.MICROBIT_ACC_SERVICE_UUID,
    "diy": diy.DIY_SERVICE_UUID,
}
_MIN_PMD_MTU = 70
#: How long stop() lets a re-advertising task finish its HCI commands before cancelling it (s).
_STOP_GRACE_S = 2.0
HCI_REMOTE_USER_TERMINATED = 0x13


@dataclass(frozen=True)
class SentFrame:
    """One notification the band sent: sample times (Unix ns), values before
    quantisation (m/s^2) and the bytes on the wire."""

    time_ns: np.ndarray
    acc_mps2: np.ndarray
    raw: bytes


class EmulatedBand:
    """A BLE wristband on a :class:`~tremor.ble.vlink.VirtualLink`.

    Parameters
    ----------
    link : VirtualLink
        The virtual radio to sit on.
    source : iterable of (t_ns, acc) or callable fs -> iterable
        Samples to stream (see module docstring).
    profile : {"pmd", "microbit", "diy"}
    fs : float, optional
        Rate of an iterable source in Hz (required then); the band offers only it.
    rates_hz : sequence of int, optional
        Rates offered when ``source`` is a callable (default 26, 52, 104, 208 Hz
        for PMD, 25, 50, 100, 200 for DIY).
    ranges_g : sequence of int
        Ranges offered (PMD, DIY).
    name, address : str, optional
        Advertised name (default per profile) and random static address.
    pace : float
        1.0 = real time; 4.0 streams four times faster (device times unchanged).
    frame_type : int
        PMD frame type: ``0x80`` (default), ``0x81`` or raw ``0x00``/``0x01``/``0x02``.
    frame_duration_s : float
        Samples per notification ~ ``fs * frame_duration_s`` (capped by the MTU).
    record : bool
        Keep every sent frame in :attr:`sent`.
    """

    def __init__(
        self,
        link: VirtualLink,
        source: Source,
        *,
        profile: str = "pmd",
        fs: float | None = None,
        rates_hz: Iterable[int] | None = None,
        ranges_g: Iterable[int] = (2, 4, 8, 16),
        name: str | None = None,
        address: str | None = None,
        pace: float = 1.0,
        frame_type: int = 0x80,
        frame_duration_s: float = 0.1,
        record: bool = True,
    ) -> None:
        if profile not in PROFILE_NAMES:
            raise ValueError(f"profile must be one of {PROFILE_NAMES}, got {profile!r}")
        if not pace > 0:
            raise ValueError(f"pace must be > 0, got {pace!r}")
        self.profile = profile
        self.link = link
        self.name = name or DEFAULT_NAMES[profile]
        self.address = address or link.next_address("F0")
        self.pace = float(pace)
        self.frame_type = int(frame_type)
        self.frame_duration_s = float(frame_duration_s)
        self.record = record
        self.sent: list[SentFrame] = []
        self.connections_accepted = 0
        if callable(source):
            self._factory: Callable[[float], Iterable[Chunk]] | None = source
            self._fixed: Iterable[Chunk] | None = None
            default = (25, 50, 100, 200) if profile == "diy" else (26, 52, 104, 208)
            self.rates_hz = tuple(sorted(int(r) for r in (rates_hz or default)))
        else:
            if fs is None:
                raise ValueError("fs (Hz) is required with an iterable source")
            self._factory = None
            self._fixed = source
            self.rates_hz = (int(round(fs)),)
            if rates_hz is not None and tuple(rates_hz) != self.rates_hz:
                raise ValueError(
                    "an iterable source has one rate; pass a callable fs -> iterable to offer several"
                )
        self.fs_source = float(fs) if fs is not None else None
        self.ranges_g = tuple(sorted(int(r) for r in ranges_g))
        self.device = link.add_device(self.name, self.address)
        self.connection: Connection | None = None
        self.measuring = False
        self.active_fs: float | None = None
        self._pump_task: asyncio.Task[None] | None = None
        self._pump_fs: float | None = None
        self._tasks: set[asyncio.Task[Any]] = set()
        self._hci_tasks: set[asyncio.Task[Any]] = set()
        self._away_s = 0.0
        self._running = False
        self._stopping = asyncio.Event()
        self._personality = {"pmd": _Pmd, "microbit": _Microbit, "diy": _Diy}[profile](self)
        self.device.add_service(self._personality.service)
        self.device.on("connection", self._on_connection)

    # ------------------------------------------------------------------ lifecycle
    async def start(self) -> None:
        """Power on and advertise."""
        self._stopping.clear()
        await self.device.power_on()
        self._running = True
        await self._advertise()

    async def stop(self) -> None:
        """Stop streaming, drop any link, stop advertising."""
        self._running = False
        self.measuring = False
        if self._pump_task is not None:
            self._pump_task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._pump_task
        if self.connection is not None:
            with contextlib.suppress(Exception):
                await self.connection.disconnect(HCI_REMOTE_USER_TERMINATED)
        # A re-advertising task may be in the middle of an HCI command. Cancelling it there cancels
        # Bumble's pending-response future while the controller's reply is already queued, and that
        # reply then fails in Host.on_packet (InvalidStateError, logged by asyncio). So the tasks
        # are woken from their wait and let finish (they see _running False); only a task stuck
        # beyond the grace period is cancelled.
        self._stopping.set()
        for task in list(self._tasks - self._hci_tasks):  # GATT indications: no HCI command
            task.cancel()
        if self._hci_tasks:
            _done, stuck = await asyncio.wait(list(self._hci_tasks), timeout=_STOP_GRACE_S)
            for task in stuck:
                task.cancel()
        with contextlib.suppress(Exception):
            await self.device.stop_advertising()
        with contextlib.suppress(Exception):
            await self.device.power_off()

    async def __aenter__(self) -> EmulatedBand:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    async def drop_link(self, reason: int = HCI_REMOTE_USER_TERMINATED, *, away_s: float = 0.0) -> None:
        """Force a disconnect now; advertise again after ``away_s`` seconds."""
        conn = self.connection
        if conn is None:
            raise RuntimeError("drop_link: the band is not connected")
        self._away_s = float(away_s)
        await conn.disconnect(reason)

    async def inject_raw(self, data: bytes) -> None:
        """Send arbitrary bytes as a data notification (fault injection)."""
        if self.connection is None:
            raise RuntimeError("inject_raw: the band is not connected")
        await self.device.notify_subscriber(self.connection, self._personality.data_char, bytes(data))

    @property
    def is_connected(self) -> bool:
        return self.connection is not None

    # ------------------------------------------------------------------ advertising / links
    async def _advertise(self) -> None:
        adv = AdvertisingData(
            [
                (AdvertisingData.FLAGS, bytes([0x06])),
                (AdvertisingData.COMPLETE_LOCAL_NAME, self.name.encode()),
            ]
        )
        scan = AdvertisingData(
            [
                (
                    AdvertisingData.COMPLETE_LIST_OF_128_BIT_SERVICE_CLASS_UUIDS,
                    bytes(UUID(_SERVICE_UUIDS[self.profile])),
                )
            ]
        )
        await self.device.start_advertising(
            advertising_data=bytes(adv),
            scan_response_data=bytes(scan),
            advertising_interval_min=20,
            advertising_interval_max=20,
        )

    def _on_connection(self, connection: Connection) -> None:
        self.connection = connection
        self.connections_accepted += 1
        connection.on("disconnection", lambda reason: self._on_disconnection(connection, reason))

    def _on_disconnection(self, connection: Connection, reason: int) -> None:
        if self.connection is connection:
            self.connection = None
        self.measuring = False
        self._personality.on_disconnection()
        if self._running:
            self._spawn(self._readvertise(), hci=True)

    async def _readvertise(self) -> None:
        away, self._away_s = self._away_s, 0.0
        if away > 0:
            with contextlib.suppress(TimeoutError):  # stop() ends the wait early
                await asyncio.wait_for(self._stopping.wait(), away)
        if self._running and self.connection is None:
            await self._advertise()

    def _spawn(self, coro: Any, *, hci: bool = False) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        if hci:  # sends HCI commands: stop() lets it finish rather than cancel it mid-command
            self._hci_tasks.add(task)
            task.add_done_callback(self._hci_tasks.discard)

    # ------------------------------------------------------------------ streaming
    def start_measurement(self, fs: float) -> None:
        """Begin sending frames at ``fs`` (restarts the pump if the rate changed)."""
        if self._pump_task is None or self._pump_task.done() or self._pump_fs != fs:
            if self._pump_task is not None:
                self._pump_task.cancel()
            source = self._factory(fs) if self._factory is not None else self._fixed
            assert source is not None
            self._pump_fs = fs
            self._pump_task = asyncio.get_running_loop().create_task(self._pump(iter(source), fs))
        self.active_fs = fs
        self.measuring = True

    def stop_measurement(self) -> None:
        self.measuring = False

    def _samples_per_frame(self, fs: float) -> int:
        mtu = self.connection.att_mtu if self.connection is not None else 23
        return max(1, min(round(fs * self.frame_duration_s), self._personality.max_samples(mtu)))

    async def _pump(self, it: Iterator[Chunk], fs: float) -> None:
        loop = asyncio.get_running_loop()
        period = 1e9 / fs
        buf_t: list[np.ndarray] = []
        buf_a: list[np.ndarray] = []
        buffered = 0
        w0: float | None = None
        t0 = 0
        for t_start, chunk in it:
            acc = np.asarray(chunk, dtype=np.float64).reshape(-1, 3)
            times = int(t_start) + np.rint(np.arange(acc.shape[0]) * period).astype(np.int64)
            buf_t.append(times)
            buf_a.append(acc)
            buffered += acc.shape[0]
            while buffered >= (spf := self._samples_per_frame(fs)):
                all_t, all_a = np.concatenate(buf_t), np.concatenate(buf_a)
                block_t, block_a = all_t[:spf], all_a[:spf]
                buf_t, buf_a = [all_t[spf:]], [all_a[spf:]]
                buffered -= spf
                if w0 is None:
                    w0, t0 = loop.time(), int(block_t[0])
                due = w0 + (int(block_t[-1]) - t0) / 1e9 / self.pace
                await asyncio.sleep(max(0.0, due - loop.time()))
                if self.measuring and self.connection is not None:
                    await self._send(block_t, block_a)
        await self._personality.on_source_exhausted()

    async def _send(self, times: np.ndarray, acc: np.ndarray) -> None:
        conn = self.connection
        if conn is None:
            return
        raw = self._personality.encode(times, acc)
        if len(raw) > conn.att_mtu - 3 and times.size > 1:
            half = times.size // 2
            self._personality.rewind(times.size)
            await self._send(times[:half], acc[:half])
            await self._send(times[half:], acc[half:])
            return
        try:
            await self.device.notify_subscriber(conn, self._personality.data_char, raw)
        except Exception as exc:  # the link went down under us: the frame is lost
            logger.debug("notification dropped: %s", exc)
            return
        if self.record:
            self.sent.append(SentFrame(times.copy(), acc.copy(), raw))


# ---------------------------------------------------------------------- personalities
class _Personality:
    service: gatt.Service
    data_char: gatt.Characteristic[Any]

    def __init__(self, band: EmulatedBand) -> None:
        self.band = band

    def max_samples(self, mtu: int) -> int:
        return max(1, (mtu - 3 - 20) // 6)

    def encode(self, times: np.ndarray, acc: np.ndarray) -> bytes:
        raise NotImplementedError

    def rewind(self, n: int) -> None:
        """Undo the bookkeeping of an encode whose frame was too large to send."""

    def on_disconnection(self) -> None:
        pass

    async def on_source_exhausted(self) -> None:
        pass


def _clip_range(acc: np.ndarray, range_g: int | None) -> np.ndarray:
    if range_g is None:
        return acc
    lim = range_g * STANDARD_GRAVITY
    return np.clip(acc, -lim, lim)


class _Pmd(_Personality):
    def __init__(self, band: EmulatedBand) -> None:
        super().__init__(band)
        self.range_g: int | None = None
        self.factor = 1.0
        self.cp_char: gatt.Characteristic[bytes] = gatt.Characteristic(
            pmd.PMD_CP_UUID,
            gatt.Characteristic.Properties.READ
            | gatt.Characteristic.Properties.WRITE
            | gatt.Characteristic.Properties.INDICATE,
            gatt.Characteristic.READABLE | gatt.Characteristic.WRITEABLE,
            gatt.CharacteristicValue(read=self._read_features, write=self._on_write),
        )
        self.data_char = gatt.Characteristic(
            pmd.PMD_DATA_UUID,
            gatt.Characteristic.Properties.NOTIFY,
            gatt.Characteristic.READABLE,
            b"",
        )
        self.service = gatt.Service(pmd.PMD_SERVICE_UUID, [self.cp_char, self.data_char])

    def _read_features(self, connection: Connection) -> bytes:
        return pmd.build_features([MT.ACC])

    def _on_write(self, connection: Connection, value: bytes) -> None:
        reply = self._handle(connection, bytes(value))
        self.band._spawn(self._indicate(connection, reply))

    async def _indicate(self, connection: Connection, reply: bytes) -> None:
        with contextlib.suppress(Exception):
            await self.band.device.indicate_subscriber(connection, self.cp_char, reply)

    def _handle(self, connection: Connection, value: bytes) -> bytes:
        if len(value) < 2:
            op = value[0] if value else 0
            return pmd.build_cp_response(op, 0, PmdStatus.INVALID_LENGTH)
        op, mtype = value[0], value[1] & 0x3F
        if op not in (pmd.ControlOp.GET_SETTINGS, pmd.ControlOp.START, pmd.ControlOp.STOP):
            return pmd.build_cp_response(op, mtype, PmdStatus.INVALID_OP_CODE)
        if mtype != MT.ACC or value[1] & 0x80:
            return pmd.build_cp_response(op, mtype, PmdStatus.NOT_SUPPORTED)
        if op == pmd.ControlOp.GET_SETTINGS:
            params = pmd.encode_settings(
                {
                    ST.SAMPLE_RATE: self.band.rates_hz,
                    ST.RESOLUTION: (16,),
                    ST.RANGE: self.band.ranges_g,
                    ST.CHANNELS: (3,),
                }
            )
            return pmd.build_cp_response(op, mtype, params=params)
        if op == pmd.ControlOp.STOP:
            if not self.band.measuring:
                return pmd.build_cp_response(op, mtype, PmdStatus.ALREADY_IN_STATE)
            self.band.stop_measurement()
            return pmd.build_cp_response(op, mtype)
        return self._start(connection, mtype, value[2:])

    def _start(self, connection: Connection, mtype: int, tlvs: bytes) -> bytes:
        op = pmd.ControlOp.START
        if self.band.measuring:
            return pmd.build_cp_response(op, mtype, PmdStatus.ALREADY_IN_STATE)
        try:
            settings = pmd.parse_settings(tlvs)
        except Exception:
            return pmd.build_cp_response(op, mtype, PmdStatus.INVALID_PARAMETER)
        if any(len(v) != 1 for v in settings.values()) or ST.FACTOR in settings:
            return pmd.build_cp_response(op, mtype, PmdStatus.INVALID_PARAMETER)
        rate = settings.get(ST.SAMPLE_RATE, (None,))[0]
        rng = settings.get(ST.RANGE, (None,))[0]
        if rate not in self.band.rates_hz:
            return pmd.build_cp_response(op, mtype, PmdStatus.INVALID_SAMPLE_RATE)
        if rng not in self.band.ranges_g:
            return pmd.build_cp_response(op, mtype, PmdStatus.INVALID_RANGE)
        if settings.get(ST.RESOLUTION, (16,))[0] != 16:
            return pmd.build_cp_response(op, mtype, PmdStatus.INVALID_RESOLUTION)
        if settings.get(ST.CHANNELS, (3,))[0] != 3:
            return pmd.build_cp_response(op, mtype, PmdStatus.INVALID_NUMBER_OF_CHANNELS)
        if connection.att_mtu < _MIN_PMD_MTU:
            return pmd.build_cp_response(op, mtype, PmdStatus.INVALID_MTU)
        assert isinstance(rng, int) and isinstance(rate, int)
        self.range_g = rng
        self.factor = rng / 32768 if self.band.frame_type == 0x80 else 1.0
        self.band.start_measurement(float(rate))
        params = pmd.encode_settings({ST.FACTOR: (self.factor,)})
        return pmd.build_cp_response(op, mtype, params=params)

    def max_samples(self, mtu: int) -> int:
        size = {0x00: 3, 0x01: 6, 0x02: 9}.get(self.band.frame_type, 6)
        return max(1, (mtu - 3 - pmd.HEADER_SIZE) // size)

    def encode(self, times: np.ndarray, acc: np.ndarray) -> bytes:
        ftype = self.band.frame_type
        counts = pmd.quantize_acc(_clip_range(acc, self.range_g), frame_type=ftype, factor=self.factor)
        t_last = int(times[-1]) - pmd.POLAR_EPOCH_UNIX_NS
        return pmd.encode_acc_frame(t_last, counts, frame_type=ftype)

    async def on_source_exhausted(self) -> None:
        conn = self.band.connection
        if conn is not None and self.band.measuring:
            self.band.stop_measurement()
            await self._indicate(conn, bytes([0x01, MT.ACC]))


class _Microbit(_Personality):
    def __init__(self, band: EmulatedBand) -> None:
        super().__init__(band)
        if band._factory is not None:
            self.periods = microbit.MICROBIT_PERIODS_MS
        else:
            period = 1000.0 / band.rates_hz[0]
            if abs(period - round(period)) > 1e-9:
                raise ValueError(f"a micro:bit runs at whole-ms periods; fs={band.rates_hz[0]} Hz is not one")
            self.periods = (round(period),)
        self.period_ms = 20 if 20 in self.periods else self.periods[-1]
        self.last = bytes(6)
        self.data_char = gatt.Characteristic(
            microbit.MICROBIT_ACC_DATA_UUID,
            gatt.Characteristic.Properties.READ | gatt.Characteristic.Properties.NOTIFY,
            gatt.Characteristic.READABLE,
            gatt.CharacteristicValue(read=lambda _c: self.last),
        )
        self.period_char: gatt.Characteristic[bytes] = gatt.Characteristic(
            microbit.MICROBIT_ACC_PERIOD_UUID,
            gatt.Characteristic.Properties.READ | gatt.Characteristic.Properties.WRITE,
            gatt.Characteristic.READABLE | gatt.Characteristic.WRITEABLE,
            gatt.CharacteristicValue(
                read=lambda _c: microbit.encode_period(self.period_ms), write=self._write_period
            ),
        )
        self.service = gatt.Service(microbit.MICROBIT_ACC_SERVICE_UUID, [self.data_char, self.period_char])
        self.data_char.on("subscription", self._on_subscription)

    def _write_period(self, connection: Connection, value: bytes) -> None:
        try:
            requested = microbit.decode_period(value)
        except Exception:
            raise att.ATT_Error(att.ErrorCode.INVALID_ATTRIBUTE_LENGTH) from None
        self.period_ms = microbit.nearest_period(requested, self.periods)
        if self.band.measuring:
            self.band.start_measurement(1000.0 / self.period_ms)

    def _on_subscription(self, bearer: Any, notify: bool, indicate: bool) -> None:
        if notify or indicate:
            self.band.start_measurement(1000.0 / self.period_ms)
        else:
            self.band.stop_measurement()

    def max_samples(self, mtu: int) -> int:
        return 1

    def encode(self, times: np.ndarray, acc: np.ndarray) -> bytes:
        self.last = microbit.encode_sample(_clip_range(acc[-1], 2))
        return self.last


class _Diy(_Personality):
    def __init__(self, band: EmulatedBand) -> None:
        super().__init__(band)
        self.index = 0
        self.rate_hz = band.rates_hz[-1]
        self.range_g = 8 if 8 in band.ranges_g else band.ranges_g[-1]
        self.config_char: gatt.Characteristic[bytes] = gatt.Characteristic(
            diy.DIY_CONFIG_UUID,
            gatt.Characteristic.Properties.READ | gatt.Characteristic.Properties.WRITE,
            gatt.Characteristic.READABLE | gatt.Characteristic.WRITEABLE,
            gatt.CharacteristicValue(read=self._read_config, write=self._write_config),
        )
        self.data_char = gatt.Characteristic(
            diy.DIY_DATA_UUID, gatt.Characteristic.Properties.NOTIFY, gatt.Characteristic.READABLE, b""
        )
        self.service = gatt.Service(diy.DIY_SERVICE_UUID, [self.config_char, self.data_char])

    def _read_config(self, connection: Connection) -> bytes:
        return diy.DiyConfig(
            self.rate_hz, self.range_g, self.band.rates_hz, self.band.ranges_g, self.band.measuring
        ).to_bytes()

    def _write_config(self, connection: Connection, value: bytes) -> None:
        try:
            op, rate, rng = diy.parse_command(value)
        except Exception:
            raise att.ATT_Error(att.ErrorCode.INVALID_ATTRIBUTE_LENGTH) from None
        if op == diy.OP_STOP:
            self.band.stop_measurement()
            return
        if rate not in self.band.rates_hz or rng not in self.band.ranges_g:
            raise att.ATT_Error(att.ErrorCode.VALUE_NOT_ALLOWED)
        assert rate is not None and rng is not None
        self.rate_hz, self.range_g, self.index = rate, rng, 0
        self.band.start_measurement(float(rate))

    def max_samples(self, mtu: int) -> int:
        return max(1, (mtu - 3 - 7) // 6)

    def encode(self, times: np.ndarray, acc: np.ndarray) -> bytes:
        raw = diy.encode_frame(
            self.index, _clip_range(acc, self.range_g), scale_ug=diy.scale_ug_for_range(self.range_g)
        )
        self.index += times.size
        return raw

    def rewind(self, n: int) -> None:
        self.index -= n
