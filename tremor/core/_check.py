"""Input checks shared by the pure core: messages name the parameter, what is allowed and what came."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from tremor.errors import ParameterError, SamplingError

#: A band can be assessed when its upper edge is below this fraction of the sampling rate
#: (Nyquist is 0.5; the margin keeps clear of the anti-alias roll-off of real sensors).
ASSESSABLE_FRACTION = 0.4


def check_fs(fs: Any, name: str = "fs") -> float:
    """Return ``fs`` as a positive finite float (Hz), or raise :class:`ParameterError`."""
    try:
        value = float(fs)
    except (TypeError, ValueError):
        raise ParameterError(
            f"{name} must be a sampling rate in Hz (a positive number), got {fs!r}"
        ) from None
    if not math.isfinite(value) or value <= 0 or isinstance(fs, bool):
        raise ParameterError(f"{name} must be a sampling rate in Hz (a positive number), got {fs!r}")
    return value


def check_band(
    low: float | None, high: float | None, fs: float, what: str = "band"
) -> tuple[float | None, float | None]:
    """Validate a pass band in Hz against the Nyquist frequency ``fs/2``.

    ``low=None`` means low-pass, ``high=None`` high-pass. Raises :class:`SamplingError` for a band
    that reaches Nyquist (the data cannot hold it) and :class:`ParameterError` for a malformed band.
    """
    nyquist = fs / 2.0
    if low is not None and low <= 0:
        raise ParameterError(f"{what}: the low edge must be > 0 Hz, got {low!r}")
    if low is not None and high is not None and not low < high:
        raise ParameterError(f"{what}: the low edge must be below the high edge, got {low!r}-{high!r} Hz")
    top = high if high is not None else low
    assert top is not None
    if top >= nyquist:
        raise SamplingError(
            f"{what} {_fmt_band(low, high)} needs a sampling rate above {2 * top:g} Hz, "
            f"but the data are sampled at {fs:.4g} Hz (Nyquist {nyquist:.4g} Hz)"
        )
    return low, high


def check_acc(acc: Any, name: str = "acc") -> np.ndarray:
    """Return ``acc`` as a float64 array of shape (n, 3) without NaNs."""
    arr = np.asarray(acc, dtype=np.float64)
    if arr.ndim == 1:
        arr = arr[:, None]
    if arr.ndim != 2:
        raise ParameterError(f"{name} must have shape (n, channels), got {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ParameterError(f"{name} holds NaN or infinite values")
    return arr


def _fmt_band(low: float | None, high: float | None) -> str:
    if low is None:
        return f"below {high:g} Hz"
    if high is None:
        return f"above {low:g} Hz"
    return f"{low:g}-{high:g} Hz"
