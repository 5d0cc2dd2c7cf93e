"""Records of the wristband log format (``firmware_log``, version 1): constants, record types, field checks.

Shared by the writer (:mod:`tremor.io._log_writer`) and the reader (:mod:`tremor.io._firmware_log`);
the format is specified in ``firmware_logs/FORMAT.md``.
"""

from __future__ import annotations

import json
import math
import re
import zlib
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..errors import FormatError

__all__ = [
    "LOG_MAGIC",
    "LOG_VERSION",
    "LogHeader",
    "LogBlock",
    "LogGap",
    "LogMarker",
    "RawNotification",
    "MAGIC_RE",
    "TOKEN_RE",
    "REQUIRED_SETTINGS",
    "parse_int64",
    "plain_sample",
    "strict_json",
    "check_header",
    "seal_record",
    "record_error",
]

LOG_MAGIC = "TREMORLOG"
LOG_VERSION = 1
#: The first line of a log: the magic and the format version.
MAGIC_RE = re.compile(r"^TREMORLOG (\d+)$")
#: A profile, marker kind or other token field.
TOKEN_RE = re.compile(r"^[a-z][a-z0-9_]*$")
#: The keys the header's ``settings`` must hold.
REQUIRED_SETTINGS = ("sample_rate_hz", "range_g", "resolution_bits", "factor", "scale_mps2_per_count")


_INT_TEXT_RE = re.compile(r"^-?(0|[1-9][0-9]{0,18})$")
_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1


def parse_int64(text: str) -> int:
    """A record's integer field: plain decimal within int64 (``ValueError`` otherwise).

    Parameters
    ----------
    text : str
        The field.

    Returns
    -------
    int
        Its value.

    Raises
    ------
    ValueError
        Not a plain decimal integer (no sign but ``-``, no leading zeros), or beyond 64 bits.
    """
    if not _INT_TEXT_RE.match(text):
        raise ValueError(f"not a plain decimal integer: {text[:30]!r}")
    value = int(text)
    if not _INT64_MIN <= value <= _INT64_MAX:
        raise ValueError(f"integer beyond 64 bits: {text[:30]!r}")
    return value


_FIELD = r"(-?(?:0|[1-9][0-9]{0,18}))"
_SAMPLE_RE = re.compile(rf"S {_FIELD} {_FIELD} {_FIELD} {_FIELD}")


def plain_sample(text: str) -> tuple[int, int, int, int] | None:
    """The fields of a well-formed ``S`` record line (checksum right, four int64 fields), else None.

    The common case read without the general path's per-field calls; a line this returns None
    for goes through the general path, which accepts it or names what is wrong with it.

    Parameters
    ----------
    text : str
        A log line without its line end.

    Returns
    -------
    (int, int, int, int) or None
        Device time (ns) and the three axes' counts.
    """
    record, star, crc = text.rpartition("*")
    if not star or f"{zlib.crc32(record.encode('utf-8')):08x}" != crc:
        return None
    m = _SAMPLE_RE.fullmatch(record)
    if m is None:
        return None
    t, x, y, z = map(int, m.groups())
    if not (_INT64_MIN <= t <= _INT64_MAX and _INT64_MIN <= x <= _INT64_MAX):
        return None
    if not (_INT64_MIN <= y <= _INT64_MAX and _INT64_MIN <= z <= _INT64_MAX):
        return None
    return t, x, y, z


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON (numbers must be finite)")


def strict_json(text: str) -> Any:
    """Strict JSON: NaN/Infinity refused (``ValueError``).

    Parameters
    ----------
    text : str
        JSON text.

    Returns
    -------
    object
        The parsed value.
    """
    return json.loads(text, parse_constant=_no_constant)


def _is_real(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return abs(value) < 10**300  # math.isfinite would overflow on a huge int
    return isinstance(value, float) and math.isfinite(value)


def check_header(display: str, n: int, text: str, obj: Any) -> None:
    """Refuse header values the reader would misuse: each is named with what was expected.

    Parameters
    ----------
    display : str
        The file as named in errors.
    n : int
        The header's line number (1-based).
    text : str
        The header line, for the error.
    obj : object
        The header's parsed JSON.

    Raises
    ------
    FormatError
        The first value that is wrong, with the line and what was expected.
    """

    def bad(what: str, expected: str) -> FormatError:
        return record_error(display, n, f"header {what}", text, expected)

    if not isinstance(obj, dict):
        raise bad("is not a JSON object", "H {...} with a JSON object")
    settings = obj.get("settings")
    if not isinstance(settings, dict) or any(k not in settings for k in REQUIRED_SETTINGS):
        raise bad("settings incomplete", f"settings with {', '.join(REQUIRED_SETTINGS)}")
    for key in ("sample_rate_hz", "scale_mps2_per_count"):
        value = settings[key]
        if not _is_real(value) or value <= 0:
            raise bad(f"settings.{key} is {str(value)[:20]}", f"a finite number > 0 for settings.{key}")
    range_g = settings["range_g"]
    if range_g is not None and (not _is_real(range_g) or range_g <= 0 or range_g > 1e6):
        raise bad(f"settings.range_g is {range_g!r}", "null or a number of g > 0")
    bits = settings["resolution_bits"]
    if bits is not None and (not isinstance(bits, int) or isinstance(bits, bool) or not 1 <= bits <= 64):
        raise bad(f"settings.resolution_bits is {bits!r}", "null or an integer from 1 to 64")
    device = obj.get("device")
    if device is not None and not isinstance(device, dict):
        raise bad(f"device is {type(device).__name__}", "a JSON object (or null)")
    if not isinstance(obj.get("profile", ""), str):
        raise bad("profile is not a string", 'a string such as "polar_pmd"')
    offset = obj.get("device_time_unix_offset_ns")
    if offset is not None and (
        not isinstance(offset, int) or isinstance(offset, bool) or not _INT64_MIN <= offset <= _INT64_MAX
    ):
        raise bad(f"device_time_unix_offset_ns is {offset!r}", "an integer number of ns within 64 bits")


def seal_record(record: str) -> str:
    """A record line as written: the record, ``*``, its CRC-32 in 8 hex digits, and ``\\n``.

    Parameters
    ----------
    record : str
        The record without checksum.

    Returns
    -------
    str
        The line to write.
    """
    return f"{record}*{zlib.crc32(record.encode('utf-8')):08x}\n"


# ----------------------------------------------------------------------------------------- records
@dataclass(frozen=True)
class LogHeader:
    """The ``H`` record: device, BLE profile and sensor settings.

    Attributes
    ----------
    version : int
        Format version from the magic line.
    device : dict
        ``name``, ``address``, ``model`` (as known).
    profile : str
        How samples were obtained, e.g. ``"polar_pmd"``.
    settings : dict
        ``sample_rate_hz``, ``range_g``, ``resolution_bits``, ``factor`` (device-specific, may be
        None) and ``scale_mps2_per_count`` (m/s^2 per integer count in ``S`` records).
    raw : dict
        The whole JSON object (``start_wall_clock``, ``start_unix_ns``, ``tremor_version``, ...).
    """

    version: int
    device: dict[str, Any]
    profile: str
    settings: dict[str, Any]
    raw: dict[str, Any]

    @property
    def scale_mps2_per_count(self) -> float:
        """m/s^2 per count."""
        return float(self.settings["scale_mps2_per_count"])


@dataclass(frozen=True)
class LogGap:
    """A ``G`` record: no samples from ``start_ns`` to ``end_ns`` (device time)."""

    start_ns: int
    end_ns: int
    reason: str
    line: int


@dataclass(frozen=True)
class LogMarker:
    """An ``M`` record: a set starts or ends at ``t_ns`` (device time)."""

    t_ns: int
    kind: str
    source: str
    label: str | None
    line: int


@dataclass(frozen=True)
class RawNotification:
    """An ``R`` record: the bytes of one BLE notification and its arrival time (Unix ns)."""

    arrival_unix_ns: int
    data: bytes
    line: int


@dataclass(frozen=True)
class LogBlock:
    """Up to ``block_samples`` samples plus the other records read with them.

    Attributes
    ----------
    t_ns : ndarray of int64, shape (n,)
        Device timestamps.
    counts : ndarray of int64, shape (n, 3)
        Raw x, y, z counts.
    acc_mps2 : ndarray of float64, shape (n, 3)
        ``counts * scale_mps2_per_count``.
    gaps, markers, raw : tuple
        Other records that appeared among these lines.
    first_line, last_line : int
        1-based file lines covered.
    notes : tuple of str
        E.g. that the final line was partial and dropped.
    end : dict or None
        The ``E`` record, when this block reached it.
    """

    t_ns: np.ndarray
    counts: np.ndarray
    acc_mps2: np.ndarray
    gaps: tuple[LogGap, ...]
    markers: tuple[LogMarker, ...]
    raw: tuple[RawNotification, ...]
    first_line: int
    last_line: int
    notes: tuple[str, ...] = ()
    end: dict[str, Any] | None = None


def record_error(display: str, line: int, message: str, text: str, expected: str) -> FormatError:
    """The error for a log line that cannot be used: what is wrong, where, expected and found.

    Parameters
    ----------
    display : str
        The file as named in errors.
    line : int
        Line number (1-based).
    message : str
        What is wrong.
    text : str
        The line (what was found).
    expected : str
        What was expected.

    Returns
    -------
    FormatError
        To raise.
    """
    return FormatError(message, path=display, line=line, expected=expected, found=text)
