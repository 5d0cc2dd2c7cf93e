"""The :class:`Recording`: accelerometer samples with their timestamps, units and provenance.

Every reader in :mod:`tremor.io` returns one, the simulator builds one, and the analysis takes one.
Samples are always in m/s^2 and times in seconds from the first sample; the sampling rate is
measured from the timestamps (:func:`tremor.core.quality.assess_sampling`), never assumed.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from tremor.errors import ParameterError

__all__ = ["Recording", "SourceInfo", "SetMarker", "LoggedGap", "STANDARD_GRAVITY"]

#: Standard gravity in m/s^2, used for g and milli-g conversions.
STANDARD_GRAVITY = 9.80665


@dataclass(frozen=True)
class SourceInfo:
    """Where a recording came from.

    Attributes
    ----------
    path : str
        The file (or ``"<simulated>"``, ``"<live:ADDRESS>"``).
    format : str
        Reader name: ``phyphox``, ``sensor_logger``, ``polar_sensor_logger``, ``metawear``,
        ``generic_csv``, ``firmware_log``, ``simulated``, ...
    units : str
        Units of the acceleration values in the file: ``m/s^2``, ``g`` or ``mg``.
    device : str or None
        Device name or model where the file says it.
    details : dict
        Anything else worth reporting (app version, sensor settings, declared rate, ...).
    """

    path: str
    format: str
    units: str
    device: str | None = None
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SetMarker:
    """A set given by the user or the file: start and end in seconds from the first sample.

    ``auto`` marks a set no user gave: one a live session's automatic detection found (batch's segmentation,
    :func:`tremor.core.sets.segment_sets`, of the data so far) and wrote as a marker. The summary treats it
    as batch treats its own automatic sets (source ``auto``: left out inside external vibration, joined
    across a data gap); a set the user gave (a key press, a file's or ``--sets`` marker) is always kept.
    """

    start_s: float
    end_s: float
    label: str | None = None
    auto: bool = False


@dataclass(frozen=True)
class LoggedGap:
    """A gap the recorder itself logged (e.g. a dropped BLE link), in seconds from the first sample."""

    start_s: float
    end_s: float
    reason: str = ""


@dataclass(frozen=True, eq=False)
class Recording:
    """Three-axis acceleration with timestamps.

    Parameters
    ----------
    time_s : ndarray, shape (n,)
        Sample times in seconds; the first sample is at 0. Must be finite and strictly increasing.
    acc_mps2 : ndarray, shape (n, 3)
        Acceleration in m/s^2, device axes x, y, z.
    gravity_included : bool
        True where the values include gravity (raw accelerometer), False for "linear" or
        "user" acceleration with gravity removed.
    source : SourceInfo
        Provenance.
    start_unix_s : float or None
        Wall-clock time of the first sample (Unix seconds), where the file gives it.
    range_mps2 : float or None
        The sensor's full-scale range (e.g. 8 g = 78.45 m/s^2) where known; used to find saturation.
    markers : tuple of SetMarker
        Sets marked in the file or given by the user.
    logged_gaps : tuple of LoggedGap
        Gaps the recorder logged itself.
    fs_declared_hz : float or None
        The rate the file or device declares (informational; the analysis measures its own).
    """

    time_s: np.ndarray
    acc_mps2: np.ndarray
    gravity_included: bool
    source: SourceInfo
    start_unix_s: float | None = None
    range_mps2: float | None = None
    markers: tuple[SetMarker, ...] = ()
    logged_gaps: tuple[LoggedGap, ...] = ()
    fs_declared_hz: float | None = None

    def __post_init__(self) -> None:
        t = np.ascontiguousarray(self.time_s, dtype=np.float64)
        a = np.ascontiguousarray(self.acc_mps2, dtype=np.float64)
        if t.ndim != 1:
            raise ParameterError(f"time_s must be one-dimensional, got shape {t.shape}")
        if a.ndim != 2 or a.shape[1] != 3 or a.shape[0] != t.shape[0]:
            raise ParameterError(
                f"acc_mps2 must have shape (n, 3) with n = len(time_s) = {t.shape[0]}, got {a.shape}"
            )
        if t.size and not np.all(np.isfinite(t)):
            raise ParameterError("time_s holds non-finite values")
        if t.size > 1 and not np.all(np.diff(t) > 0):
            raise ParameterError("time_s must be strictly increasing")
        t.flags.writeable = False
        a.flags.writeable = False
        object.__setattr__(self, "time_s", t)
        object.__setattr__(self, "acc_mps2", a)

    @property
    def n_samples(self) -> int:
        """Number of samples."""
        return int(self.time_s.shape[0])

    @property
    def duration_s(self) -> float:
        """Time from the first to the last sample, in seconds."""
        return float(self.time_s[-1] - self.time_s[0]) if self.n_samples else 0.0

    def with_markers(self, markers: tuple[SetMarker, ...]) -> Recording:
        """Return a copy carrying ``markers`` instead of the current ones.

        Parameters
        ----------
        markers : tuple of SetMarker
            The set markers, start and end in s from the first sample.

        Returns
        -------
        Recording
            A copy of this recording with ``markers`` replaced.
        """
        return replace(self, markers=tuple(markers))
