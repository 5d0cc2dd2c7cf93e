"""The writer of the wristband log format (``firmware_log``, version 1): :class:`LogWriter`."""

from __future__ import annotations

import enum
import json
import math
import os
import threading
import time
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import IO, Any

import numpy as np

from ..errors import ParameterError, printable
from ._log_records import LOG_MAGIC, LOG_VERSION, REQUIRED_SETTINGS, TOKEN_RE, seal_record

__all__ = ["LogWriter"]


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
            self._write(seal_record("E " + json.dumps(end, sort_keys=True, separators=(",", ":"))))
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
        missing = [k for k in REQUIRED_SETTINGS if k not in settings]
        if missing:
            raise ParameterError(
                f"{printable(self.path)}: settings lacks {', '.join(missing)}; required keys: "
                f"{', '.join(REQUIRED_SETTINGS)}"
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
        self._write(seal_record("H " + text))
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
        lines = [seal_record(f"S {ti} {x} {y} {z}") for ti, (x, y, z) in zip(t.tolist(), counts.tolist())]
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
        self._write(seal_record(f"G {s} {e} {json.dumps(str(reason))}"))
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
        self._write(seal_record(f"R {t} {bytes(data).hex()}"))
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
        if not isinstance(source, str) or not TOKEN_RE.match(source):
            raise ParameterError(
                f"marker source must be a lower-case word like 'key' or 'auto', got {source!r}"
            )
        self._write(seal_record(f"M {t} {kind} {source} {json.dumps(label)}"))
        self._counts["markers"] += 1
