"""The wristband log format (``firmware_log``, version 1): the reader, whole or block by block.

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

The record types and field checks are in :mod:`tremor.io._log_records`, the writer in
:mod:`tremor.io._log_writer`; this module reads logs (whole, or block by block).
"""

from __future__ import annotations

import json
import re
import warnings
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from tremor.core.recording import Recording

from ..errors import FormatError, ParameterError, TremorWarning
from ._common import build_recording, ns_to_rel_s
from ._log_lines import SampleRun, decode_line, log_items
from ._log_records import (
    LOG_MAGIC,
    LOG_VERSION,
    MAGIC_RE,
    TOKEN_RE,
    LogBlock,
    LogGap,
    LogHeader,
    LogMarker,
    RawNotification,
    check_header,
    parse_int64,
    plain_sample,
    record_error,
    strict_json,
)
from ._log_source import LogCollector, check_log_units

__all__ = [
    "LOG_MAGIC",
    "LOG_VERSION",
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
                yield (n, *decode_line(raw))


def _open_record(display: str, n: int, text: str) -> tuple[str, str]:
    record, star, crc = text.rpartition("*")
    if not star or len(crc) != 8 or not re.fullmatch(r"[0-9a-f]{8}", crc):
        raise record_error(
            display, n, "record has no checksum", text, "a record ending in '*' + 8 hex digits"
        )
    if zlib.crc32(record.encode("utf-8")) != int(crc, 16):
        raise record_error(
            display, n, "checksum mismatch (corrupt line)", text, f"CRC-32 {crc} of the record"
        )
    kind, _, rest = record.partition(" ")
    return kind, rest


def _parse_header(display: str, lines: Iterator[tuple[int, str, bool]]) -> LogHeader:
    first = next(lines, None)
    if first is None:
        raise FormatError(
            "file is empty", path=display, expected=f"'{LOG_MAGIC} {LOG_VERSION}'", found="0 bytes"
        )
    n, text, _ = first
    m = MAGIC_RE.match(text)
    if not m:
        if "\r" in text and MAGIC_RE.match(text.split("\r", 1)[0]):  # a log whose line ends became CR
            raise FormatError(
                "the file's line ends are carriage returns only (classic Mac OS line ends)",
                path=display,
                line=n,
                expected="LF line ends (convert with e.g. \"tr '\\r' '\\n'\")",
                found=f"{text.count(chr(13))} CR and no LF",
            )
        raise record_error(
            display, n, "not a tremor wristband log", text, f"first line '{LOG_MAGIC} <version>'"
        )
    version = int(m.group(1))
    if version != LOG_VERSION:
        raise record_error(
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
        raise record_error(display, n, "second line is not the header", text, "an 'H {json}' record")
    try:
        obj = strict_json(rest)
    except json.JSONDecodeError as exc:
        raise record_error(
            display, n, f"header is not valid JSON ({exc.msg})", text, "a JSON object"
        ) from None
    except (ValueError, RecursionError) as exc:
        raise record_error(display, n, f"header is not valid JSON ({exc})", text, "a JSON object") from None
    check_header(display, n, text, obj)
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
    items = log_items(p)
    header = _parse_header(display, items)  # type: ignore[arg-type]  # its first two items are lines
    scale = header.scale_mps2_per_count
    t_buf: list[int] = []  # samples read line by line, not yet in runs
    c_buf: list[tuple[int, int, int]] = []
    runs: list[np.ndarray] = []  # (n, 4) arrays of t_ns, x, y, z in file order
    n_buf = 0  # samples in runs and the line buffers
    gaps: list[LogGap] = []
    markers: list[LogMarker] = []
    raw: list[RawNotification] = []
    notes: list[str] = []
    end: dict[str, Any] | None = None
    first_line = 3
    last_line = 2
    last_t: int | None = None
    last_t_line = 0

    def flush_lines() -> None:
        if t_buf:
            runs.append(np.column_stack([np.asarray(t_buf, np.int64), np.asarray(c_buf, np.int64)]))
            t_buf.clear()
            c_buf.clear()

    def block() -> LogBlock:
        flush_lines()
        v = np.concatenate(runs) if runs else np.zeros((0, 4), np.int64)
        t = np.ascontiguousarray(v[:, 0])
        c = np.ascontiguousarray(v[:, 1:])
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

    for item in items:
        if isinstance(item, SampleRun):
            # the run's samples in bulk, up to a time that does not rise (the per-line path names it)
            k = 0
            if end is None:
                t_run = item.values[:, 0]
                rising = np.flatnonzero(np.diff(t_run) <= 0)
                k = int(rising[0]) + 1 if rising.size else len(item)
                if last_t is not None and t_run[0] <= last_t:
                    k = 0
            i = 0
            while i < k:
                take = min(k - i, block_samples - n_buf)
                flush_lines()
                runs.append(item.values[i : i + take])
                n_buf += take
                i += take
                last_line = item.first_line + i - 1
                last_t, last_t_line = int(item.values[i - 1, 0]), last_line
                if n_buf >= block_samples:
                    yield block()
                    runs, n_buf, gaps, markers, raw, notes = [], 0, [], [], [], []
                    first_line = last_line + 1
            if k == len(item):
                continue
            lines: Iterator[tuple[int, str, bool]] = item.lines(k)
        else:
            lines = iter((item,))
        for n, text, terminated in lines:
            if terminated and end is None and text.startswith("S "):  # the common case, quickly
                sample = plain_sample(text)
                if sample is not None and (last_t is None or sample[0] > last_t):
                    last_t, last_t_line = sample[0], n
                    t_buf.append(sample[0])
                    c_buf.append(sample[1:])
                    n_buf += 1
                    last_line = n
                    if n_buf >= block_samples:
                        yield block()
                        runs, n_buf, gaps, markers, raw, notes = [], 0, [], [], [], []
                        first_line = n + 1
                    continue
            if end is not None:
                if not text.strip() and not terminated:
                    continue
                raise record_error(display, n, "record after the end record", text, "end of file after 'E'")
            try:
                kind, rest = _open_record(display, n, text)
                if kind == "S":
                    parts = rest.split(" ")
                    if len(parts) != 4:
                        raise record_error(
                            display, n, "sample record needs 4 fields", text, "S <t_ns> <x> <y> <z>"
                        )
                    t, x, y, z = (parse_int64(v) for v in parts)
                    if last_t is not None and t <= last_t:
                        raise record_error(
                            display,
                            n,
                            f"device time goes backwards or repeats (previous sample on line {last_t_line})",
                            text,
                            f"t_ns > {last_t}",
                        )
                    last_t, last_t_line = t, n
                    t_buf.append(t)
                    c_buf.append((x, y, z))
                    n_buf += 1
                elif kind == "G":
                    s, e, reason = rest.split(" ", 2)
                    g_start, g_end = parse_int64(s), parse_int64(e)
                    if g_end <= g_start:
                        raise record_error(
                            display, n, "gap ends before it starts", text, f"end_ns > start_ns ({g_start})"
                        )
                    gaps.append(LogGap(g_start, g_end, str(strict_json(reason)), n))
                elif kind == "R":
                    ts, hexdata = rest.split(" ")
                    raw.append(RawNotification(parse_int64(ts), bytes.fromhex(hexdata), n))
                elif kind == "M":
                    ts, mkind, source, label = rest.split(" ", 3)
                    if mkind not in ("start", "end") or not TOKEN_RE.match(source):
                        raise record_error(
                            display, n, "bad marker record", text, "M <t_ns> start|end <source> <label>"
                        )
                    lab = strict_json(label)
                    markers.append(
                        LogMarker(parse_int64(ts), mkind, source, None if lab is None else str(lab), n)
                    )
                elif kind == "E":
                    end = strict_json(rest)
                elif kind == "H":
                    raise record_error(display, n, "second header record", text, "one 'H' record on line 2")
                else:
                    raise record_error(
                        display, n, f"unknown record type {kind!r}", text, "one of S, G, R, M, E"
                    )
            except (FormatError, ValueError, RecursionError) as exc:
                if terminated:
                    if isinstance(exc, FormatError):
                        raise
                    raise record_error(
                        display, n, "malformed record", text, f"a valid '{text[:1]}' record"
                    ) from None
                note = f"line {n}: partial last line dropped (the recorder stopped while writing it): {text[:40]!r}"
                notes.append(note)
                warnings.warn(f"{display}: {note}", TremorWarning, stacklevel=2)
                continue
            if not terminated:
                notes.append(f"line {n}: last line has no line end but is complete; kept")
            last_line = n
            if n_buf >= block_samples:
                yield block()
                runs, n_buf, gaps, markers, raw, notes = [], 0, [], [], [], []
                first_line = n + 1
    if end is None:
        notes.append("no end record: the recorder did not close the log (crash or power loss?)")
    if n_buf or gaps or markers or raw or notes or end is not None:
        yield block()


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
    check_log_units(units)
    collector = LogCollector(p, read_log_header(p))
    t_parts, a_parts = [], []
    for blk in iter_log_blocks(p):
        t_parts.append(blk.t_ns)
        a_parts.append(blk.acc_mps2)
        collector.add(blk)
    t_ns = np.concatenate(t_parts) if t_parts else np.zeros(0, np.int64)
    time_s = ns_to_rel_s(t_ns)
    meta = collector.finish(
        first_device_ns=int(t_ns[0]) if t_ns.size else None,
        last_s=float(time_s[-1]) if t_ns.size else 0.0,
        fs=fs,
        t_s=time_s,
    )
    return build_recording(
        time_s=time_s,
        acc=np.concatenate(a_parts),
        units="m/s^2",
        gravity_included=True,
        path=str(p),
        format="firmware_log",
        details=meta.source.details,
        device=meta.source.device,
        start_unix_s=meta.start_unix_s,
        range_mps2=meta.range_mps2,
        markers=meta.markers,
        logged_gaps=meta.logged_gaps,
        fs_declared_hz=meta.fs_declared_hz,
    )
