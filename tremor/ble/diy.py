"""``tremor`` DIY band profile codec (ESP32 / nRF52 firmware), pure.

The GATT layout and byte formats are specified in ``docs/ble-diy-profile.md``;
this module is the reference implementation of both sides. Summary:

- service ``a9650001-614e-4311-b4bc-2ed34b3d803a``;
- config ``a9650002-…`` (read, write): read gives :class:`DiyConfig`, write takes
  ``01 <rate u16> <range u8>`` (start) or ``02`` (stop);
- data ``a9650003-…`` (notify): ``<version u8 = 1> <first sample index u32>
  <scale u16, micro-g per LSB> n x <int16 x, y, z>``.

The sample index restarts at 0 on every start command, so the host can count
lost samples (and frames) from jumps, and rebuild device time as
``anchor + index / fs``.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

import numpy as np

from ._common import STANDARD_GRAVITY, FrameError, hexdump

__all__ = [
    "DIY_SERVICE_UUID",
    "DIY_CONFIG_UUID",
    "DIY_DATA_UUID",
    "DIY_VERSION",
    "DiyConfig",
    "DiyFrame",
    "build_start",
    "build_stop",
    "parse_command",
    "encode_frame",
    "decode_frame",
    "DiyDecoder",
]

_BASE = "-614e-4311-b4bc-2ed34b3d803a"
DIY_SERVICE_UUID = "a9650001" + _BASE
DIY_CONFIG_UUID = "a9650002" + _BASE
DIY_DATA_UUID = "a9650003" + _BASE
DIY_VERSION = 1

OP_START = 0x01
OP_STOP = 0x02
_FRAME_HEAD = struct.Struct("<BIH")  # version, first sample index, scale (ug/LSB)
_SAMPLE = struct.Struct("<hhh")
_U32 = 1 << 32


@dataclass(frozen=True)
class DiyConfig:
    """The config characteristic's read value.

    Layout: ``version u8 | flags u8 (bit 0 streaming) | rate_hz u16 | range_g u8 |
    n_rates u8 | n_rates x u16 | n_ranges u8 | n_ranges x u8``.
    """

    rate_hz: int
    range_g: int
    rates_hz: tuple[int, ...]
    ranges_g: tuple[int, ...]
    streaming: bool = False
    version: int = DIY_VERSION

    def to_bytes(self) -> bytes:
        out = struct.pack(
            "<BBHBB", self.version, 1 if self.streaming else 0, self.rate_hz, self.range_g, len(self.rates_hz)
        )
        out += b"".join(struct.pack("<H", r) for r in self.rates_hz)
        out += bytes([len(self.ranges_g), *self.ranges_g])
        return out

    @classmethod
    def from_bytes(cls, data: bytes) -> DiyConfig:
        data = bytes(data)
        try:
            version, flags, rate, rng, n_rates = struct.unpack_from("<BBHBB", data, 0)
            pos = 6
            rates = struct.unpack_from(f"<{n_rates}H", data, pos)
            pos += 2 * n_rates
            n_ranges = data[pos]
            ranges = tuple(data[pos + 1 : pos + 1 + n_ranges])
            if len(ranges) != n_ranges:
                raise IndexError
        except (struct.error, IndexError):
            raise FrameError("DIY config value is truncated", found=hexdump(data), kind="short") from None
        if version != DIY_VERSION:
            raise FrameError("unsupported DIY profile version", expected=str(DIY_VERSION), found=str(version))
        return cls(rate, rng, tuple(rates), ranges, bool(flags & 1), version)


def build_start(rate_hz: int, range_g: int) -> bytes:
    """Config write that starts streaming at ``rate_hz`` and ``range_g``."""
    return struct.pack("<BHB", OP_START, int(rate_hz), int(range_g))


def build_stop() -> bytes:
    """Config write that stops streaming."""
    return bytes([OP_STOP])


def parse_command(data: bytes) -> tuple[int, int | None, int | None]:
    """Device side: ``(op, rate_hz, range_g)`` from a config write."""
    data = bytes(data)
    if data[:1] == bytes([OP_START]) and len(data) == 4:
        _, rate, rng = struct.unpack("<BHB", data)
        return OP_START, rate, rng
    if data == bytes([OP_STOP]):
        return OP_STOP, None, None
    raise FrameError("bad DIY config command", expected="01 <u16> <u8> or 02", found=hexdump(data))


@dataclass(frozen=True)
class DiyFrame:
    """A decoded data notification: first sample index and (n, 3) m/s^2."""

    index: int
    acc_mps2: np.ndarray


def scale_ug_for_range(range_g: int) -> int:
    """Micro-g per LSB so that +-range_g fills int16 (rounded up)."""
    return -(-int(range_g) * 1_000_000 // 32768)


def encode_frame(index: int, acc_mps2: np.ndarray, *, scale_ug: int) -> bytes:
    """Device side: samples (n, 3) in m/s^2 to one notification."""
    counts = np.rint(np.asarray(acc_mps2, dtype=np.float64) / STANDARD_GRAVITY * 1e6 / scale_ug)
    counts = np.clip(counts, -32768, 32767).astype("<i2")
    return _FRAME_HEAD.pack(DIY_VERSION, int(index) % _U32, int(scale_ug)) + counts.tobytes()


def decode_frame(data: bytes) -> DiyFrame:
    """One notification to :class:`DiyFrame` (raises :class:`FrameError`)."""
    data = bytes(data)
    if len(data) < _FRAME_HEAD.size + _SAMPLE.size:
        raise FrameError(
            "DIY data frame too short", expected=">= 13 bytes", found=hexdump(data), kind="short"
        )
    version, index, scale = _FRAME_HEAD.unpack_from(data, 0)
    if version != DIY_VERSION:
        raise FrameError("unsupported DIY frame version", expected=str(DIY_VERSION), found=str(version))
    body = data[_FRAME_HEAD.size :]
    if len(body) % _SAMPLE.size:
        raise FrameError(
            "DIY frame body is not whole int16 x,y,z samples", found=f"{len(body)} bytes", kind="short"
        )
    if scale == 0:
        raise FrameError("DIY frame scale is zero", found=hexdump(data))
    counts = np.frombuffer(body, dtype="<i2").reshape(-1, 3).astype(np.float64)
    return DiyFrame(index=index, acc_mps2=counts * (scale * 1e-6 * STANDARD_GRAVITY))


class DiyDecoder:
    """Stateful decoder: device time from the sample index, lost-sample counting.

    Device time of sample ``k`` is ``anchor + k / fs`` with the anchor taken from
    the arrival time of the first frame after :meth:`reset` (the band has no
    clock of its own on the wire).
    """

    def __init__(self, *, fs: float) -> None:
        if not fs > 0:
            raise ValueError(f"fs must be a positive rate in Hz, got {fs!r}")
        self.fs = float(fs)
        self.reset()

    def reset(self) -> None:
        self.anchor_ns: int | None = None
        self.next_index: int | None = None
        self._wraps = 0

    def decode(self, data: bytes, arrival_ns: int) -> tuple[np.ndarray, np.ndarray, int]:
        """Return ``(time_ns, acc_mps2, samples_lost)`` for one notification."""
        frame = decode_frame(data)
        n = frame.acc_mps2.shape[0]
        index = frame.index + self._wraps * _U32
        lost = 0
        if self.next_index is not None:
            if index < self.next_index and self.next_index - index > _U32 // 2:
                self._wraps += 1  # u32 wrapped
                index += _U32
            if index < self.next_index:
                raise FrameError(
                    "DIY sample index went backwards",
                    expected=f">= {self.next_index}",
                    found=str(index),
                    kind="out_of_order",
                )
            lost = index - self.next_index
        period = 1e9 / self.fs
        if self.anchor_ns is None:
            self.anchor_ns = int(arrival_ns) - round((index + n - 1) * period)
        k = np.arange(index, index + n, dtype=np.int64)
        times = self.anchor_ns + np.rint(k * period).astype(np.int64)
        self.next_index = index + n
        return times, frame.acc_mps2, lost
