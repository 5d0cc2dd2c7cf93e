"""BBC micro:bit Accelerometer Service codec (microbit-dal), pure.

Facts from ``shared/protocols/BLE-PROTOCOLS.md`` §2: the data characteristic
notifies 6 bytes, X, Y, Z as 16-bit little-endian **signed** milli-g (the
firmware declares the buffer unsigned; decode as int16). The period
characteristic is a u16 in ms; the driver snaps a written period to the
nearest one it supports and writes the actual value back, so read it back.
Frames carry no time stamp and one sample each: stamp on arrival.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence

import numpy as np

from ._common import MG_TO_MPS2, FrameError, hexdump

__all__ = [
    "MICROBIT_ACC_SERVICE_UUID",
    "MICROBIT_ACC_DATA_UUID",
    "MICROBIT_ACC_PERIOD_UUID",
    "MICROBIT_PERIODS_MS",
    "decode_sample",
    "encode_sample",
    "encode_period",
    "decode_period",
    "nearest_period",
]

MICROBIT_ACC_SERVICE_UUID = "e95d0753-251d-470a-a062-fa1922dfa9a8"
MICROBIT_ACC_DATA_UUID = "e95dca4b-251d-470a-a062-fa1922dfa9a8"
MICROBIT_ACC_PERIOD_UUID = "e95dfb24-251d-470a-a062-fa1922dfa9a8"

#: Periods (ms) the emulated band accepts, modelled on the MMA8653 driver's table.
MICROBIT_PERIODS_MS: tuple[int, ...] = (1, 2, 5, 10, 20, 80, 160, 640)

_SAMPLE = struct.Struct("<hhh")
_PERIOD = struct.Struct("<H")


def decode_sample(data: bytes) -> np.ndarray:
    """One notification to a ``(1, 3)`` float64 array in m/s^2."""
    if len(data) != _SAMPLE.size:
        raise FrameError(
            "micro:bit accelerometer notification is not 6 bytes",
            expected="6 bytes (int16 x, y, z in mG)",
            found=f"{len(data)} bytes: {hexdump(data)}",
            kind="short" if len(data) < _SAMPLE.size else "corrupt",
        )
    return np.asarray([_SAMPLE.unpack(bytes(data))], dtype=np.float64) * MG_TO_MPS2


def encode_sample(acc_mps2: Sequence[float] | np.ndarray) -> bytes:
    """Device side: one sample in m/s^2 to the 6-byte value (mG, rounded, clipped)."""
    mg = np.clip(np.rint(np.asarray(acc_mps2, dtype=np.float64) / MG_TO_MPS2), -32768, 32767)
    return _SAMPLE.pack(*(int(v) for v in mg))


def encode_period(period_ms: int) -> bytes:
    """Value to write to the period characteristic."""
    if not 0 < int(period_ms) < 65536:
        raise ValueError(f"period_ms must be 1..65535, got {period_ms!r}")
    return _PERIOD.pack(int(period_ms))


def decode_period(data: bytes) -> int:
    """Period (ms) from the period characteristic."""
    if len(data) != _PERIOD.size:
        raise FrameError("micro:bit period is not a u16", found=hexdump(data), kind="short")
    return int(_PERIOD.unpack(bytes(data))[0])


def nearest_period(period_ms: float, supported: Sequence[int] = MICROBIT_PERIODS_MS) -> int:
    """The supported period closest to ``period_ms`` (ties go to the shorter one)."""
    return min(sorted(supported), key=lambda p: abs(p - period_ms))
