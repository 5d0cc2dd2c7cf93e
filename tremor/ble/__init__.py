"""Live BLE streaming from wristbands: Polar PMD, BBC micro:bit, and our DIY profile.

Public surface (the Bumble-based pieces, installed with tremor, are imported only from their
modules: :mod:`tremor.ble.emulator`, :mod:`tremor.ble.bumble_backend`,
:mod:`tremor.ble.vlink`)::

    scan(timeout, backend=None) -> list[DeviceInfo]
    async with BandStream(target, profile=..., backend=None) as stream:
        async for item in stream:            # SampleChunk or LinkGap
            ...

Codecs are pure modules: :mod:`tremor.ble.pmd`, :mod:`tremor.ble.microbit`,
:mod:`tremor.ble.diy`. Polar devices and SDK are not for medical use (Polar SDK
licence §3.2); neither is this package.
"""

from __future__ import annotations

from ._common import FrameError, StreamStateError
from .backends import BleakBackends
from .client import (
    BadFrame,
    BandStream,
    DeviceInfo,
    LinkGap,
    ReconnectPolicy,
    SampleChunk,
    StreamState,
    StreamStats,
    scan,
)

__all__ = [
    "BandStream",
    "scan",
    "SampleChunk",
    "LinkGap",
    "BadFrame",
    "StreamState",
    "StreamStats",
    "ReconnectPolicy",
    "DeviceInfo",
    "BleakBackends",
    "FrameError",
    "StreamStateError",
]
