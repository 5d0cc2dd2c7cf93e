"""Shared pieces of the readers: units, the ``fs`` check, and building the :class:`Recording`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy as np

from tremor.core._check import check_fs
from tremor.core.recording import (
    STANDARD_GRAVITY,
    LoggedGap,
    Recording,
    SetMarker,
    SourceInfo,
)

from ..errors import FormatError, ParameterError

__all__ = [
    "DecidedSource",
    "UNITS",
    "UNIT_TO_MPS2",
    "build_recording",
    "check_fs_param",
    "check_units_param",
    "check_physical",
    "within_magnitude",
    "finish_details",
    "MAX_ABS_ACC_MPS2",
    "gravity_magnitude_units",
    "measured_rate_hz",
    "ns_to_rel_s",
    "reconcile_fs",
    "units_from_text",
]

#: Accepted acceleration units.
UNITS = ("m/s^2", "g", "mg")
#: Multiply a value in these units by this to get m/s^2.
UNIT_TO_MPS2 = {"m/s^2": 1.0, "g": STANDARD_GRAVITY, "mg": STANDARD_GRAVITY / 1000.0}

_UNIT_ALIASES = {"m/s^2": "m/s^2", "m/s²": "m/s^2", "m/s2": "m/s^2", "g": "g", "mg": "mg"}

_MPS2_RE = re.compile(r"m\s*/\s*s\s*(\^\s*2|²|2)|m\s*s\s*\^?\s*-\s*2|m/s/s", re.IGNORECASE)
_MG_RE = re.compile(r"(?<![a-z])(mg|milli-?g)(?![a-z])", re.IGNORECASE)
_G_RE = re.compile(r"(?<![a-z/])g(?![a-z])", re.IGNORECASE)


def check_units_param(units: str | None) -> str | None:
    """Validate the ``units`` argument (None, ``"m/s^2"``, ``"g"`` or ``"mg"``; ``m/s²`` allowed)."""
    if units is None:
        return None
    norm = _UNIT_ALIASES.get(str(units).strip().lower()) if isinstance(units, str) else None
    if norm is None:
        raise ParameterError(f"units must be one of {', '.join(UNITS)} (or None), got {units!r}")
    return norm


def check_fs_param(fs: float | None) -> float | None:
    """Validate the ``fs`` argument: None or a positive finite number of Hz."""
    return None if fs is None else check_fs(fs)


def units_from_text(text: str) -> str | None:
    """Units named in a header cell or comment (``(m/s^2)``, ``m/s²``, ``[mg]``, ``(g)``), or None."""
    if _MPS2_RE.search(text):
        return "m/s^2"
    if _MG_RE.search(text):
        return "mg"
    if _G_RE.search(text):
        return "g"
    return None


def gravity_magnitude_units(median_norm: float) -> str | None:
    """Units implied by the median vector norm of gravity-including data (None if unclear)."""
    if 0.6 <= median_norm <= 1.6:
        return "g"
    if 600.0 <= median_norm <= 1600.0:
        return "mg"
    if 6.0 <= median_norm <= 16.0:
        return "m/s^2"
    return None


def measured_rate_hz(t_s: np.ndarray) -> float | None:
    """Sampling rate from the median time step (robust to gaps and jitter); None if < 2 samples."""
    if t_s.size < 2:
        return None
    step = float(np.median(np.diff(t_s)))
    return 1.0 / step if step > 0 else None


def reconcile_fs(fs: float | None, t_s: np.ndarray, display: str, details: dict[str, Any]) -> None:
    """Refuse an ``fs`` that disagrees by more than 5 % with the file's own timestamps."""
    if fs is None:
        return
    rate = measured_rate_hz(t_s)
    if rate is not None and abs(fs - rate) > 0.05 * rate:
        raise ParameterError(
            f"fs={fs:g} Hz disagrees with the rate measured from the timestamps in {display} "
            f"({rate:.4g} Hz) by more than 5%; the file's timestamps are used, so leave fs out "
            "(it is only needed for files without a time column)"
        )
    details["fs_param_hz"] = fs


def ns_to_rel_s(t_ns: np.ndarray) -> np.ndarray:
    """Integer nanoseconds to float seconds from the first value, subtracting in int64 first."""
    t = np.asarray(t_ns, dtype=np.int64)
    if t.size == 0:
        return np.zeros(0)
    return (t - t[0]).astype(np.float64) / 1e9


#: Largest acceleration magnitude accepted, m/s^2 (about 10 000 g): far beyond any wrist movement
#: or impact a wrist sensor survives; larger values are wrong units or corrupt data.
MAX_ABS_ACC_MPS2 = 1e5


def check_physical(
    acc_mps2: np.ndarray, path: str, time_s: np.ndarray | None = None, first_sample: int = 0
) -> None:
    """Refuse non-finite accelerations or magnitudes above :data:`MAX_ABS_ACC_MPS2`, naming the sample.

    ``first_sample`` is the index in the file of ``acc_mps2[0]`` (a block of a file read block by block).
    """
    a = np.asarray(acc_mps2, dtype=np.float64)
    if within_magnitude(a, MAX_ABS_ACC_MPS2):
        return
    with np.errstate(invalid="ignore"):
        bad = ~(np.abs(a) <= MAX_ABS_ACC_MPS2)
    if not bad.any():
        return
    row, axis = (int(v[0]) for v in np.nonzero(bad.reshape(a.shape[0], -1)))
    when = f" (t = {float(time_s[row]):.6g} s)" if time_s is not None and row < len(time_s) else ""
    raise FormatError(
        f"acceleration not physical at sample {first_sample + row + 1}{when}, axis {'xyz'[axis % 3]} "
        "(wrong units or corrupt data?)",
        path=path,
        expected=f"a finite magnitude below {MAX_ABS_ACC_MPS2:g} m/s^2 (about 10 000 g)",
        found=f"{a.reshape(a.shape[0], -1)[row, axis]:.6g} m/s^2",
    )


def within_magnitude(x: np.ndarray, limit: float) -> bool:
    """Whether every value of ``x`` is finite and at most ``limit`` in magnitude, from its extremes alone.

    ``np.all(np.abs(x) <= limit)`` without the ``|x|`` copy: NaN fails both comparisons, an infinity the one
    on its side.

    Parameters
    ----------
    x : ndarray
        Numbers.
    limit : float
        The largest magnitude allowed (finite).

    Returns
    -------
    bool
        True where every value is within ``limit`` (and for no values).
    """
    return x.size == 0 or bool(x.min() >= -limit and x.max() <= limit)


def finish_details(details: dict[str, Any], *, n_samples: int, median_step_s: float | None) -> None:
    """What every reader adds to ``details`` from the whole file, read whole or block by block.

    Parameters
    ----------
    details : dict
        The reader's details, completed in place: ``n_samples``, ``measured_rate_hz`` (1 / the
        median interval) and the notes of stamps put on their bursts' rate and of an unterminated last line
        among ``reader_notes``.
    n_samples : int
        Samples in the file.
    median_step_s : float or None
        Median sample interval in seconds (None below 2 samples).
    """
    details.setdefault("n_samples", n_samples)
    for key in ("stamp_bursts", "last_line_unterminated"):
        if key in details and details[key] not in details.get("reader_notes", []):
            details.setdefault("reader_notes", []).append(details[key])
    if median_step_s is not None and median_step_s > 0:
        details.setdefault("measured_rate_hz", 1.0 / median_step_s)


def build_recording(
    *,
    time_s: np.ndarray,
    acc: np.ndarray,
    units: str,
    gravity_included: bool,
    path: str,
    format: str,
    details: dict[str, Any],
    device: str | None = None,
    start_unix_s: float | None = None,
    range_mps2: float | None = None,
    markers: tuple[SetMarker, ...] = (),
    logged_gaps: tuple[LoggedGap, ...] = (),
    fs_declared_hz: float | None = None,
    owned: bool = False,
) -> Recording:
    """Convert to m/s^2, shift time to start at 0, and assemble the :class:`Recording`.

    ``owned``: ``acc`` is the caller's own new float64 array, used no more: it is converted in
    place and kept (no copy of the samples).
    """
    t = np.asarray(time_s, dtype=np.float64)
    if t.size:
        offset = float(t[0])
        if offset != 0.0:
            details.setdefault("first_time_in_file_s", offset)
            t = t - offset
    factor = UNIT_TO_MPS2[units]
    a = np.asarray(acc, dtype=np.float64)
    if not (owned and a is acc and a.flags.writeable):
        a = a * factor
    elif factor != 1.0:  # x * 1.0 is x
        a *= factor
    check_physical(a, path, t)
    step = float(np.median(np.diff(t))) if t.size >= 2 else None
    finish_details(details, n_samples=int(t.size), median_step_s=step)
    return Recording(
        time_s=t,
        acc_mps2=a,
        gravity_included=gravity_included,
        source=SourceInfo(path=path, format=format, units=units, device=device, details=details),
        start_unix_s=start_unix_s,
        range_mps2=range_mps2,
        markers=tuple(markers),
        logged_gaps=tuple(logged_gaps),
        fs_declared_hz=fs_declared_hz,
    )


@dataclass
class DecidedSource:
    """What a reader decided over a whole file: the :class:`Recording` fields besides the samples.

    Here, not in :mod:`tremor.io._decided`, so the wristband log reader can make one without
    importing the text readers' block decisions.
    """

    source: SourceInfo
    gravity_included: bool = True
    start_unix_s: float | None = None
    range_mps2: float | None = None
    markers: tuple[SetMarker, ...] = ()
    logged_gaps: tuple[LoggedGap, ...] = ()
    fs_declared_hz: float | None = None
