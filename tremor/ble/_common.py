"""Shared bits of the BLE layer: the frame error (defined in :mod:`tremor.errors`), unit constants, helpers.

Nothing here does I/O; codecs (:mod:`tremor.ble.pmd`, :mod:`tremor.ble.microbit`,
:mod:`tremor.ble.diy`) and the live client build on it.
"""

from __future__ import annotations

from ..errors import FrameError, StreamStateError

__all__ = [
    "FrameError",
    "StreamStateError",
    "STANDARD_GRAVITY",
    "MG_TO_MPS2",
    "hexdump",
]

#: Standard gravity, m/s^2 per g (exact by definition).
STANDARD_GRAVITY = 9.80665
#: Metres per second squared per milli-g.
MG_TO_MPS2 = STANDARD_GRAVITY * 1e-3


def hexdump(data: bytes, limit: int = 24) -> str:
    """Space-separated hex of the first ``limit`` bytes (for error messages)."""
    text = bytes(data[:limit]).hex(" ").upper()
    return text + (" ..." if len(data) > limit else "")
