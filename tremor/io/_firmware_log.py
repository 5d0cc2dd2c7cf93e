"""The wristband log format (``firmware_log``, version 1): writer, block reader, and reader.

The format is specified in ``firmware_logs/FORMAT.md``; in short::

    TREMORLOG 1
    H {"device": {...}, "profile": "polar_pmd", "settings": {...}, ...}*9f2c01aa
    S 10000000000 -12 48 4093*3be1c2d0          device time ns, x y z integer counts
    G 10500000000 12000000000 "link lost"*...   gap in device time
    R 1718000000123456789 02a1ff0010*...         raw notification: arrival Unix ns, hex bytes
    M 11000000000 start key "set 1"*...          set marker: device ns, start|end, source, label
    E {"closed_unix_ns": ..., "n_samples": ...}*...   clean close

Every record line ends with ``*`` and the CRC-32 (8 lower-case hex digits) of the text before it,
then ``\\n``. A crash can only leave the last line partial: the reader drops an unterminated final
line whose checksum fails (with a note and a :class:`~tremor.errors.TremorWarning`) and rejects any
other bad line with its line number.
"""

from __future__ import annotations

import enum
import json
import math
import os
import re
import threading
import time
import warnings
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import IO, Any

import numpy as np

from tremor.core.recording import STANDARD_GRAVITY, LoggedGap, Recording, SetMarker

from ..errors import FormatError, ParameterError, TremorWarning, printable
from ._common import build_recording, ns_to_rel_s, reconcile_fs

__all__ = [
    "LOG_MAGIC",
    "LOG_VERSION",
    "LogWriter",
    "LogHeader",
    "LogBlock",
    "LogGap",
    "LogMarker",
    "RawNotification",
    "read_log_header",
    "iter_log_blocks",
    "read_firmware_log",
    "looks_like_firmware_log",
]

LOG_MAGIC = "TREMORLOG"
LOG_VERSION = 1
_MAGIC_RE = re.compile(r"^TREMORLOG (\d+)$")
_TOKEN_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_REQUIRED_SETTINGS = ("sample_rate_hz", "range_g", "resolution_bits", "factor", "scale_mps2_per_count")


_INT_TEXT_RE = re.compile(r"^-?(0|[1-9][0-9]{0,18})$")
_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1


def _int64(text: str) -> int:
    """A record's integer field: plain decimal within int64 (``ValueError`` otherwise)."""
    if not _INT_TEXT_RE.match(text):
        raise ValueError(f"not a plain decimal integer: {text[:30]!r}")
    value = int(text)
    if not _INT64_MIN <= value <= _INT64_MAX:
        raise ValueError(f"integer beyond 64 bits: {text[:30]!r}")
    return value


_FIELD = r"(-?(?:0|[1-9][0-9]{0,18}))"
_SAMPLE_RE = re.compile(rf"S {_FIELD} {_FIELD} {_FIELD} {_FIELD}")


def _plain_sample(text: str) -> tuple[int, int, int, int] | None:
    """The fields of a well-formed ``S`` record line (checksum right, four int64 fields), else None.

    The common case read without the general path's per-field calls; a line this returns None
    for goes through the general path, which accepts it or names what is wrong with it.
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


def _json(text: str) -> Any:
    """Strict JSON: NaN/Infinity refused (``ValueError``)."""
    return json.loads(text, parse_constant=_no_constant)


def _is_real(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return abs(value) < 10**300  # math.isfinite would overflow on a huge int
    return isinstance(value, float) and math.isfinite(value)


def _check_header(display: str, n: int, text: str, obj: Any) -> None:
    """Refuse header values the reader would misuse: each is named with what was expected."""

    def bad(what: str, expected: str) -> FormatError:
        return _bad(display, n, f"header {what}", text, expected)

    if not isinstance(obj, dict):
        raise bad("is not a JSON object", "H {...} with a JSON object")
    settings = obj.get("settings")
    if not isinstance(settings, dict) or any(k not in settings for k in _REQUIRED_SETTINGS):
        raise bad("settings incomplete", f"settings with {', '.join(_REQUIRED_SETTINGS)}")
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


def _seal(record: str) -> str:
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


# ------------------------------------------------------------------------------------------ writer
class _State(enum.Enum):
    NO_HEADER = "opened, header not yet written"
    OPEN = "open"
    CLOSED = "closed"


def _check_int(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise ParameterError(f"{name} must be an integer number of nanoseconds, got {value!r}")
    return int(value)


class LogWriter:
    """Append-only writer of a version-1 wristband log.

    Use as a context manager; the header must be written first. Lines are buffered and flushed
    (with ``os.fsync``) at least every ``flush_interval_s`` of wall time by a background thread,
    and on :meth:`flush` / :meth:`close`.

    Parameters
    ----------
    path : str or Path
        A new file; an existing file is never overwritten or appended to.
    flush_interval_s : float
        Longest time written data may stay in memory.
    fsync : bool
        Also ``os.fsync`` on each flush (so a power cut loses at most that interval).

    Examples
    --------
    >>> with LogWriter(path) as log:                                     # doctest: +SKIP
    ...     log.write_header(device={"name": "Polar Sense", "address": "A0:9E:1A:00:00:01",
    ...                              "model": "Verity Sense"}, profile="polar_pmd",
    ...                      settings={"sample_rate_hz": 52, "range_g": 8, "resolution_bits": 16,
    ...                                "factor": 1.0, "scale_mps2_per_count": 0.00980665})
    ...     log.write_samples(t_ns, counts)
    """

    def __init__(self, path: str | Path, *, flush_interval_s: float = 1.0, fsync: bool = True) -> None:
        if not (isinstance(flush_interval_s, (int, float)) and 0 < flush_interval_s <= 1.0):
            raise ParameterError(f"flush_interval_s must be in (0, 1] seconds, got {flush_interval_s!r}")
        self.path = Path(path)
        try:
            self._file: IO[str] = open(self.path, "x", encoding="utf-8", newline="\n")  # noqa: SIM115 (closed by close())
        except FileExistsError:
            raise ParameterError(f"{self.path} exists; a log is never overwritten or appended to") from None
        self._lock = threading.Lock()
        self._fsync = fsync
        self._state = _State.NO_HEADER
        self._last_t_ns: int | None = None
        self._scale = 0.0
        self._counts = {"samples": 0, "gaps": 0, "raw": 0, "markers": 0}
        self._dirty = False
        self._file.write(f"{LOG_MAGIC} {LOG_VERSION}\n")
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._flush_loop,
            args=(float(flush_interval_s),),
            name=f"LogWriter({self.path.name})",
            daemon=True,
        )
        self._thread.start()

    # lifecycle ----------------------------------------------------------------------------------
    def __enter__(self) -> LogWriter:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    @property
    def closed(self) -> bool:
        """True after :meth:`close`."""
        return self._state is _State.CLOSED

    def _flush_loop(self, interval: float) -> None:
        while not self._stop.wait(interval):
            self.flush()

    def _need(self, state: _State, what: str) -> None:
        if self._state is state:
            return
        if self._state is _State.CLOSED:
            hint = "the log is closed"
        elif self._state is _State.NO_HEADER:
            hint = "call write_header() first"
        else:
            hint = "the header was already written"
        raise ParameterError(f"cannot {what}: {hint} ({self.path})")

    def _write(self, text: str) -> None:
        with self._lock:
            self._file.write(text)
            self._dirty = True

    def flush(self) -> None:
        """Push buffered lines to the file (and disk, with ``fsync=True``)."""
        with self._lock:
            if self._file.closed or not self._dirty:
                return
            self._file.flush()
            if self._fsync:
                os.fsync(self._file.fileno())
            self._dirty = False

    def close(self, **summary: Any) -> None:
        """Write the ``E`` record (counts plus ``summary``), flush, and close. Idempotent.

        Parameters
        ----------
        **summary : Any
            Extra JSON-serialisable fields for the ``E`` record (they override the counts of the
            same name).
        """
        if self._state is _State.CLOSED:
            return
        self._stop.set()
        self._thread.join()
        if self._state is _State.OPEN:
            end = {
                "closed_unix_ns": time.time_ns(),
                **{f"n_{k}": v for k, v in self._counts.items()},
                **summary,
            }
            self._write(_seal("E " + json.dumps(end, sort_keys=True, separators=(",", ":"))))
        self._dirty = True
        self.flush()
        self._file.close()
        self._state = _State.CLOSED

    # records ------------------------------------------------------------------------------------
    def write_header(
        self,
        *,
        device: Mapping[str, Any],
        profile: str,
        settings: Mapping[str, Any],
        start_unix_ns: int | None = None,
        **extra: Any,
    ) -> None:
        """Write the ``H`` record (once, first).

        Parameters
        ----------
        device : mapping
            ``name``, ``address``, ``model`` (None where unknown).
        profile : str
            How samples are obtained, e.g. ``"polar_pmd"``.
        settings : mapping
            Must hold ``sample_rate_hz`` (> 0), ``range_g`` (> 0 or None), ``resolution_bits``
            (or None), ``factor`` (device-specific, or None) and ``scale_mps2_per_count`` (> 0).
        start_unix_ns : int or None
            Wall clock at start; now if None.
        **extra
            More JSON-serialisable fields (e.g. ``device_time_unix_offset_ns``).
        """
        self._need(_State.NO_HEADER, "write the header")
        missing = [k for k in _REQUIRED_SETTINGS if k not in settings]
        if missing:
            raise ParameterError(
                f"{printable(self.path)}: settings lacks {', '.join(missing)}; required keys: "
                f"{', '.join(_REQUIRED_SETTINGS)}"
            )
        for key in ("sample_rate_hz", "scale_mps2_per_count"):
            v = settings[key]
            if not isinstance(v, (int, float)) or isinstance(v, bool) or not math.isfinite(v) or v <= 0:
                raise ParameterError(
                    f"{printable(self.path)}: settings[{key!r}] must be a finite number > 0, got {v!r}"
                )
        rg = settings["range_g"]
        if rg is not None and (
            not isinstance(rg, (int, float)) or isinstance(rg, bool) or not 0 < rg < math.inf
        ):
            raise ParameterError(
                f"{printable(self.path)}: settings['range_g'] must be a finite number > 0 or None, got {rg!r}"
            )
        from tremor import __version__

        start = time.time_ns() if start_unix_ns is None else _check_int("start_unix_ns", start_unix_ns)
        header = {
            "device": {"name": None, "address": None, "model": None, **dict(device)},
            "profile": str(profile),
            "settings": dict(settings),
            "start_unix_ns": start,
            "start_wall_clock": datetime.fromtimestamp(start / 1e9, tz=UTC)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "tremor_version": __version__,
            **extra,
        }
        try:
            text = json.dumps(header, sort_keys=True, separators=(",", ":"), allow_nan=False)
        except (TypeError, ValueError) as exc:
            raise ParameterError(f"{printable(self.path)}: header is not JSON-serialisable: {exc}") from None
        self._scale = float(settings["scale_mps2_per_count"])
        self._write(_seal("H " + text))
        self._state = _State.OPEN

    def write_samples(self, t_ns: np.ndarray, acc: np.ndarray) -> int:
        """Write decoded samples as ``S`` records.

        Parameters
        ----------
        t_ns : array of int, shape (n,)
            Device timestamps in ns, strictly increasing and after any sample already written.
        acc : array, shape (n, 3)
            Integer counts (stored as they are), or floats in m/s^2, stored as
            ``rint(acc / scale_mps2_per_count)`` (the sensor's own resolution).

        Returns
        -------
        int
            Number of samples written.
        """
        self._need(_State.OPEN, "write samples")
        t = np.asarray(t_ns)
        a = np.asarray(acc)
        if t.ndim != 1 or t.dtype.kind not in "iu":
            raise ParameterError(
                f"t_ns must be a 1-D integer array of nanoseconds, got dtype {t.dtype} shape {t.shape}"
            )
        if a.shape != (t.size, 3):
            raise ParameterError(f"acc must have shape ({t.size}, 3), got {a.shape}")
        if t.size == 0:
            return 0
        t = t.astype(np.int64)
        if a.dtype.kind in "iu":
            counts = a.astype(np.int64)
        elif a.dtype.kind == "f":
            if not np.all(np.isfinite(a)):
                raise ParameterError("acc holds non-finite values")
            counts = np.rint(a / self._scale).astype(np.int64)
        else:
            raise ParameterError(f"acc must be integer counts or floats in m/s^2, got dtype {a.dtype}")
        if np.any(np.diff(t) <= 0) or (self._last_t_ns is not None and t[0] <= self._last_t_ns):
            raise ParameterError("t_ns must be strictly increasing (also across write_samples calls)")
        lines = [_seal(f"S {ti} {x} {y} {z}") for ti, (x, y, z) in zip(t.tolist(), counts.tolist())]
        self._write("".join(lines))
        self._last_t_ns = int(t[-1])
        self._counts["samples"] += t.size
        return int(t.size)

    def write_gap(self, start_ns: int, end_ns: int, reason: str = "link lost") -> None:
        """Write a ``G`` record: no samples between ``start_ns`` and ``end_ns`` (device time).

        Parameters
        ----------
        start_ns, end_ns : int
            Start and end of the gap in device time (ns); ``end_ns`` must be after ``start_ns``.
        reason : str
            Why no samples arrived.

        Raises
        ------
        ParameterError
            Where the writer is not open, the times are not integers or the gap does not end after
            it starts.
        """
        self._need(_State.OPEN, "write a gap")
        s, e = _check_int("start_ns", start_ns), _check_int("end_ns", end_ns)
        if e <= s:
            raise ParameterError(f"gap end_ns ({e}) must be after start_ns ({s})")
        self._write(_seal(f"G {s} {e} {json.dumps(str(reason))}"))
        self._counts["gaps"] += 1

    def write_raw(self, arrival_unix_ns: int, data: bytes) -> None:
        """Write an ``R`` record: one notification's bytes and its arrival time (Unix ns).

        Parameters
        ----------
        arrival_unix_ns : int
            Arrival time of the notification (Unix ns).
        data : bytes
            The notification's bytes, written as hex.

        Raises
        ------
        ParameterError
            Where the writer is not open, the time is not an integer or ``data`` is not bytes.
        """
        self._need(_State.OPEN, "write raw bytes")
        t = _check_int("arrival_unix_ns", arrival_unix_ns)
        if not isinstance(data, (bytes, bytearray, memoryview)):
            raise ParameterError(f"data must be bytes, got {type(data).__name__}")
        self._write(_seal(f"R {t} {bytes(data).hex()}"))
        self._counts["raw"] += 1

    def write_marker(self, t_ns: int, kind: str, source: str = "key", label: str | None = None) -> None:
        """Write an ``M`` record.

        Parameters
        ----------
        t_ns : int
            Device time of the marker.
        kind : {"start", "end"}
            Set start or end.
        source : str
            Who set it: ``"key"`` (key press), ``"auto"`` (detector), or another lower-case word.
        label : str or None
            Optional label (e.g. ``"set 2"``).
        """
        self._need(_State.OPEN, "write a marker")
        t = _check_int("t_ns", t_ns)
        if kind not in ("start", "end"):
            raise ParameterError(f"marker kind must be 'start' or 'end', got {kind!r}")
        if not isinstance(source, str) or not _TOKEN_RE.match(source):
            raise ParameterError(
                f"marker source must be a lower-case word like 'key' or 'auto', got {source!r}"
            )
        self._write(_seal(f"M {t} {kind} {source} {json.dumps(label)}"))
        self._counts["markers"] += 1


# ------------------------------------------------------------------------------------------ reader
def looks_like_firmware_log(first_line: str) -> bool:
    """True when the first line is the ``TREMORLOG <version>`` magic."""
    return first_line.startswith(LOG_MAGIC + " ") or first_line.strip() == LOG_MAGIC


class _Lines:
    """Iterate a log's lines with 1-based numbers, knowing which one is the unterminated last."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.display = str(path)

    def __iter__(self) -> Iterator[tuple[int, str, bool]]:
        with open(self.path, "rb") as f:
            for n, raw in enumerate(f, start=1):
                terminated = raw.endswith(b"\n")
                try:
                    text = raw.decode("utf-8")
                except UnicodeDecodeError:
                    text = raw.decode("utf-8", errors="replace")
                yield n, text.rstrip("\n").rstrip("\r"), terminated


def _bad(display: str, line: int, message: str, text: str, expected: str) -> FormatError:
    return FormatError(message, path=display, line=line, expected=expected, found=text)


def _open_record(display: str, n: int, text: str) -> tuple[str, str]:
    record, star, crc = text.rpartition("*")
    if not star or len(crc) != 8 or not re.fullmatch(r"[0-9a-f]{8}", crc):
        raise _bad(display, n, "record has no checksum", text, "a record ending in '*' + 8 hex digits")
    if zlib.crc32(record.encode("utf-8")) != int(crc, 16):
        raise _bad(display, n, "checksum mismatch (corrupt line)", text, f"CRC-32 {crc} of the record")
    kind, _, rest = record.partition(" ")
    return kind, rest


def _parse_header(display: str, lines: Iterator[tuple[int, str, bool]]) -> LogHeader:
    first = next(lines, None)
    if first is None:
        raise FormatError(
            "file is empty", path=display, expected=f"'{LOG_MAGIC} {LOG_VERSION}'", found="0 bytes"
        )
    n, text, _ = first
    m = _MAGIC_RE.match(text)
    if not m:
        if "\r" in text and _MAGIC_RE.match(text.split("\r", 1)[0]):  # a log whose line ends became CR
            raise FormatError(
                "the file's line ends are carriage returns only (classic Mac OS line ends)",
                path=display,
                line=n,
                expected="LF line ends (convert with e.g. \"tr '\\r' '\\n'\")",
                found=f"{text.count(chr(13))} CR and no LF",
            )
        raise _bad(display, n, "not a tremor wristband log", text, f"first line '{LOG_MAGIC} <version>'")
    version = int(m.group(1))
    if version != LOG_VERSION:
        raise _bad(
            display, n, f"log format version {version} is not supported", text, f"version {LOG_VERSION}"
        )
    second = next(lines, None)
    if second is None:
        raise FormatError(
            "log ends before its header",
            path=display,
            line=2,
            expected="an 'H {json}' record",
            found="end of file",
        )
    n, text, terminated = second
    try:
        kind, rest = _open_record(display, n, text)
    except FormatError:
        if not terminated:
            raise FormatError(
                "log ends inside its header line (crash before the header was written?)",
                path=display,
                line=n,
                expected="a complete 'H' record",
                found=text,
            ) from None
        raise
    if kind != "H":
        raise _bad(display, n, "second line is not the header", text, "an 'H {json}' record")
    try:
        obj = _json(rest)
    except json.JSONDecodeError as exc:
        raise _bad(display, n, f"header is not valid JSON ({exc.msg})", text, "a JSON object") from None
    except (ValueError, RecursionError) as exc:
        raise _bad(display, n, f"header is not valid JSON ({exc})", text, "a JSON object") from None
    _check_header(display, n, text, obj)
    settings = obj["settings"]
    return LogHeader(
        version=version,
        device=dict(obj.get("device") or {}),
        profile=str(obj.get("profile", "")),
        settings=settings,
        raw=obj,
    )


def read_log_header(path: str | Path) -> LogHeader:
    """Read only the magic line and the ``H`` record of a log.

    Parameters
    ----------
    path : str or Path
        The log file.

    Returns
    -------
    LogHeader
        Device, BLE profile and sensor settings of the log.
    """
    p = Path(path)
    return _parse_header(str(p), iter(_Lines(p)))


def iter_log_blocks(path: str | Path, block_samples: int = 4096) -> Iterator[LogBlock]:
    """Read a log block by block, in bounded memory.

    Parameters
    ----------
    path : str or Path
        The log.
    block_samples : int
        Samples per block (the last block may be shorter; a block may hold none if only other
        records follow).

    Yields
    ------
    LogBlock

    Raises
    ------
    FormatError
        Bad magic or version, bad header, a corrupt line (checksum, unknown record, bad field),
        device times going backwards, records after the end record; the message names the line.
    """
    if isinstance(block_samples, bool) or not isinstance(block_samples, int) or block_samples < 1:
        raise ParameterError(f"block_samples must be a positive integer, got {block_samples!r}")
    p = Path(path)
    display = str(p)
    lines = iter(_Lines(p))
    header = _parse_header(display, lines)
    scale = header.scale_mps2_per_count
    t_buf: list[int] = []
    c_buf: list[tuple[int, int, int]] = []
    gaps: list[LogGap] = []
    markers: list[LogMarker] = []
    raw: list[RawNotification] = []
    notes: list[str] = []
    end: dict[str, Any] | None = None
    first_line = 3
    last_line = 2
    last_t: int | None = None
    last_t_line = 0

    def block() -> LogBlock:
        t = np.asarray(t_buf, dtype=np.int64)
        c = np.asarray(c_buf, dtype=np.int64).reshape(-1, 3)
        return LogBlock(
            t_ns=t,
            counts=c,
            acc_mps2=c * scale,
            gaps=tuple(gaps),
            markers=tuple(markers),
            raw=tuple(raw),
            first_line=first_line,
            last_line=last_line,
            notes=tuple(notes),
            end=end,
        )

    for n, text, terminated in lines:
        if terminated and end is None and text.startswith("S "):  # the common case, quickly
            sample = _plain_sample(text)
            if sample is not None and (last_t is None or sample[0] > last_t):
                last_t, last_t_line = sample[0], n
                t_buf.append(sample[0])
                c_buf.append(sample[1:])
                last_line = n
                if len(t_buf) >= block_samples:
                    yield block()
                    t_buf, c_buf, gaps, markers, raw, notes = [], [], [], [], [], []
                    first_line = n + 1
                continue
        if end is not None:
            if not text.strip() and not terminated:
                continue
            raise _bad(display, n, "record after the end record", text, "end of file after 'E'")
        try:
            kind, rest = _open_record(display, n, text)
            if kind == "S":
                parts = rest.split(" ")
                if len(parts) != 4:
                    raise _bad(display, n, "sample record needs 4 fields", text, "S <t_ns> <x> <y> <z>")
                t, x, y, z = (_int64(v) for v in parts)
                if last_t is not None and t <= last_t:
                    raise _bad(
                        display,
                        n,
                        f"device time goes backwards or repeats (previous sample on line {last_t_line})",
                        text,
                        f"t_ns > {last_t}",
                    )
                last_t, last_t_line = t, n
                t_buf.append(t)
                c_buf.append((x, y, z))
            elif kind == "G":
                s, e, reason = rest.split(" ", 2)
                g_start, g_end = _int64(s), _int64(e)
                if g_end <= g_start:
                    raise _bad(
                        display, n, "gap ends before it starts", text, f"end_ns > start_ns ({g_start})"
                    )
                gaps.append(LogGap(g_start, g_end, str(_json(reason)), n))
            elif kind == "R":
                ts, hexdata = rest.split(" ")
                raw.append(RawNotification(_int64(ts), bytes.fromhex(hexdata), n))
            elif kind == "M":
                ts, mkind, source, label = rest.split(" ", 3)
                if mkind not in ("start", "end") or not _TOKEN_RE.match(source):
                    raise _bad(display, n, "bad marker record", text, "M <t_ns> start|end <source> <label>")
                lab = _json(label)
                markers.append(LogMarker(_int64(ts), mkind, source, None if lab is None else str(lab), n))
            elif kind == "E":
                end = _json(rest)
            elif kind == "H":
                raise _bad(display, n, "second header record", text, "one 'H' record on line 2")
            else:
                raise _bad(display, n, f"unknown record type {kind!r}", text, "one of S, G, R, M, E")
        except (FormatError, ValueError, RecursionError) as exc:
            if terminated:
                if isinstance(exc, FormatError):
                    raise
                raise _bad(display, n, "malformed record", text, f"a valid '{text[:1]}' record") from None
            note = (
                f"line {n}: partial last line dropped (the recorder stopped while writing it): {text[:40]!r}"
            )
            notes.append(note)
            warnings.warn(f"{display}: {note}", TremorWarning, stacklevel=2)
            continue
        if not terminated:
            notes.append(f"line {n}: last line has no line end but is complete; kept")
        last_line = n
        if len(t_buf) >= block_samples:
            yield block()
            t_buf, c_buf, gaps, markers, raw, notes = [], [], [], [], [], []
            first_line = n + 1
    if end is None:
        notes.append("no end record: the recorder did not close the log (crash or power loss?)")
    if t_buf or gaps or markers or raw or notes or end is not None:
        yield block()


def log_details(
    header: LogHeader,
    *,
    n_raw: int,
    sources: Any,
    end: dict[str, Any] | None,
    notes: list[str],
    first_device_ns: int,
) -> dict[str, Any]:
    """The ``SourceInfo.details`` of a log, the same for the whole-file and the block-by-block reader.

    Parameters
    ----------
    header : LogHeader
        The log's ``H`` record.
    n_raw : int
        Raw notification records read.
    sources : Any
        Where each set marker came from (from :func:`pair_markers`).
    end : dict or None
        The ``E`` record, None for a log that was not closed cleanly.
    notes : list of str
        What the reader noticed (kept by reference: later notes appear too).
    first_device_ns : int
        Device time of the first sample, in ns.

    Returns
    -------
    dict
        Version, profile, settings, header, sample encoding, counts, marker sources, whether the log
        was closed cleanly, notes, first device time and the end record where there is one.
    """
    details: dict[str, Any] = {
        "version": header.version,
        "profile": header.profile,
        "settings": header.settings,
        "header": header.raw,
        "sample_encoding": "integer counts x scale_mps2_per_count",
        "n_raw_notifications": n_raw,
        "marker_sources": sources,
        "closed_cleanly": end is not None,
        "notes": notes,
        "first_device_time_ns": first_device_ns,
    }
    if end is not None:
        details["end_record"] = end
    return details


def log_start_unix_s(
    raw: Mapping[str, Any], first_device_ns: int, details: dict[str, Any] | None = None
) -> float | None:
    """Wall-clock time (Unix s) of a log's first sample, from its header; ``None`` if it cannot say.

    ``device_time_unix_offset_ns`` gives it exactly; without it (logs written by ``tremor live``
    before it wrote the offset) ``start_unix_ns``, when the log was opened, is taken: live opens
    the header as the first samples arrive, so it is within the first chunk's span; ``details``,
    when given, then says so (``start_unix_from``).
    """
    offset = raw.get("device_time_unix_offset_ns")
    if isinstance(offset, int) and not isinstance(offset, bool):
        return (first_device_ns + offset) / 1e9
    start = raw.get("start_unix_ns")
    if not isinstance(start, int) or isinstance(start, bool) or start <= 0:
        return None
    if details is not None:
        details["start_unix_from"] = "start_unix_ns (when the log was opened)"
    return start / 1e9


def pair_markers(
    marks: list[LogMarker], t0_ns: int, last_s: float, notes: list[str]
) -> tuple[list[SetMarker], list[str]]:
    """Pair start/end marker records into sets (seconds from ``t0_ns``); problems go to ``notes``.

    A start without an end is closed at the last sample (``last_s``); an end without a start is
    ignored. Returns the sets and, for each, ``"start source/end source"``.
    """
    set_markers: list[SetMarker] = []
    sources: list[str] = []
    open_m: LogMarker | None = None
    for m in marks:
        if m.kind == "start":
            if open_m is not None:
                notes.append(f"line {open_m.line}: set start without end (another start on line {m.line})")
            open_m = m
        elif open_m is None:
            notes.append(f"line {m.line}: set end without a start; ignored")
        else:
            set_markers.append(SetMarker((open_m.t_ns - t0_ns) / 1e9, (m.t_ns - t0_ns) / 1e9, open_m.label))
            sources.append(f"{open_m.source}/{m.source}")
            open_m = None
    if open_m is not None:
        set_markers.append(SetMarker((open_m.t_ns - t0_ns) / 1e9, last_s, open_m.label))
        sources.append(f"{open_m.source}/none")
        notes.append(f"line {open_m.line}: set start without end; closed at the last sample")
    return set_markers, sources


def read_firmware_log(path: str | Path, *, fs: float | None = None, units: str | None = None) -> Recording:
    """Read a whole wristband log into a :class:`Recording`.

    Parameters
    ----------
    path : str or Path
        The log.
    fs : float or None
        Checked against the device timestamps (refused if more than 5 % off); not needed.
    units : str or None
        Not used (the log's samples are counts with a scale); must be None or ``"m/s^2"``.

    Returns
    -------
    Recording
        Times from the device clock; ``logged_gaps`` from ``G`` records; ``markers`` from pairs of
        ``M`` start/end records (a start never ended is closed at the last sample, with a note);
        ``range_mps2`` from ``settings.range_g``; ``details`` holds the header, the number of raw
        notifications, and notes (partial last line, missing end record).
    """
    p = Path(path)
    if units not in (None, "m/s^2"):
        raise ParameterError(
            f"units={units!r} does not apply to a wristband log (its header gives the "
            "scale of the counts); leave units out"
        )
    header = read_log_header(p)
    t_parts, a_parts = [], []
    gaps: list[LogGap] = []
    marks: list[LogMarker] = []
    notes: list[str] = []
    n_raw = 0
    end = None
    for blk in iter_log_blocks(p):
        t_parts.append(blk.t_ns)
        a_parts.append(blk.acc_mps2)
        gaps += blk.gaps
        marks += blk.markers
        notes += blk.notes
        n_raw += len(blk.raw)
        end = blk.end or end
    t_ns = np.concatenate(t_parts) if t_parts else np.zeros(0, np.int64)
    if t_ns.size == 0:
        raise FormatError("log holds no samples", path=str(p), expected="'S' records", found="none")
    acc = np.concatenate(a_parts)
    t0 = int(t_ns[0])
    time_s = ns_to_rel_s(t_ns)
    set_markers, sources = pair_markers(marks, t0, float(time_s[-1]), notes)
    settings = header.settings
    details = log_details(header, n_raw=n_raw, sources=sources, end=end, notes=notes, first_device_ns=t0)
    reconcile_fs(fs, time_s, str(p), details)
    start_unix = log_start_unix_s(header.raw, t0, details)
    range_g = settings.get("range_g")
    dev = header.device
    device = dev.get("name") or dev.get("model")
    return build_recording(
        time_s=time_s,
        acc=acc,
        units="m/s^2",
        gravity_included=True,
        path=str(p),
        format="firmware_log",
        details=details,
        device=device,
        start_unix_s=start_unix,
        range_mps2=float(range_g) * STANDARD_GRAVITY if range_g else None,
        markers=tuple(set_markers),
        logged_gaps=tuple(LoggedGap((g.start_ns - t0) / 1e9, (g.end_ns - t0) / 1e9, g.reason) for g in gaps),
        fs_declared_hz=float(settings["sample_rate_hz"]),
    )
