"""Shared bits of the BLE layer: the frame error, unit constants, small helpers.

Nothing here does I/O; codecs (:mod:`tremor.ble.pmd`, :mod:`tremor.ble.microbit`,
:mod:`tremor.ble.diy`) and the live client build on it.
"""

from __future__ import annotations

from ..errors import FormatError, TremorError

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


class FrameError(FormatError):
    """A BLE notification or control-point reply is not what its protocol says.

    Raised by the pure codecs. The live client catches it, counts the frame as
    corrupt and goes on; it never ends a stream.

    Parameters
    ----------
    message : str
        What is wrong, in plain words.
    expected, found : str or None
        What the codec expected and what it got (``found`` is shortened).
    kind : {"corrupt", "short", "out_of_order"}
        Which counter of the live client the frame belongs to.
    """

    def __init__(
        self,
        message: str,
        *,
        expected: str | None = None,
        found: str | None = None,
        kind: str = "corrupt",
    ) -> None:
        super().__init__(message, expected=expected, found=found)
        self.kind = kind


class StreamStateError(TremorError, RuntimeError):
    """A live stream was used in a way its lifecycle state does not allow.

    For example iterating a :class:`~tremor.ble.BandStream` that was never
    entered, or entering one twice. This is a programming error, not a device
    failure, hence not a :class:`~tremor.errors.DeviceError`.
    """


def hexdump(data: bytes, limit: int = 24) -> str:
    """Space-separated hex of the first ``limit`` bytes (for error messages)."""
    text = bytes(data[:limit]).hex(" ").upper()
    return text + (" ..." if len(data) > limit else "")
