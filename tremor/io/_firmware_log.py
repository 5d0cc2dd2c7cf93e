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
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from tremor.core.recording import STANDARD_GRAVITY, LoggedGap, Recording, SetMarker, SourceInfo

from ..errors import FormatError, ParameterError, TremorWarning
from ._common import build_recording, ns_to_rel_s, reconcile_fs
from ._log_records import (
    _MAGIC_RE,
    _TOKEN_RE,
    LOG_MAGIC,
    LOG_VERSION,
    LogBlock,
    LogGap,
    LogHeader,
    LogMarker,
    RawNotification,
    _bad,
    _check_header,
    _int64,
    _json,
)
from ._log_writer import LogWriter

if TYPE_CHECKING:
    from ._decided import DecidedSource

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
    "LogCollector",
    "check_log_units",
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
                terminated = raw.endswith(b"\n")
                try:
                    text = raw.decode("utf-8")
                except UnicodeDecodeError:
                    text = raw.decode("utf-8", errors="replace")
                yield n, text.rstrip("\n").rstrip("\r"), terminated


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


class LogCollector:
    """What a log's blocks carry besides samples, gathered for the whole-file and the block-by-block reader.

    Parameters
    ----------
    path : Path
        The log.
    header : LogHeader
        Its ``H`` record.
    """

    def __init__(self, path: Path, header: LogHeader) -> None:
        self.path = path
        self.header = header
        self.gaps: list[LogGap] = []
        self.marks: list[LogMarker] = []
        self.notes: list[str] = []
        self.n_raw = 0
        self.end: dict[str, Any] | None = None

    def add(self, blk: LogBlock) -> None:
        """Take a block's gaps, markers, notes, raw records and end record.

        Parameters
        ----------
        blk : LogBlock
            The next block.
        """
        self.gaps += blk.gaps
        self.marks += blk.markers
        self.notes += blk.notes
        self.n_raw += len(blk.raw)
        self.end = blk.end or self.end

    def finish(
        self, *, first_device_ns: int | None, last_s: float, fs: float | None, t_s: np.ndarray
    ) -> DecidedSource:
        """The recording's fields besides the samples (markers, gaps, details, start time, range).

        Parameters
        ----------
        first_device_ns : int or None
            Device time of the first sample (None: the log holds no samples, refused).
        last_s : float
            Time of the last sample from the first, s.
        fs : float or None
            The ``fs`` argument, checked against the timestamps.
        t_s : ndarray
            Sample times from the first, s (or ``[0, median interval]`` from a streamed log:
            what the rate is measured from).

        Returns
        -------
        DecidedSource
        """
        from ._decided import DecidedSource

        if first_device_ns is None:
            raise FormatError(
                "log holds no samples", path=str(self.path), expected="'S' records", found="none"
            )
        t0 = first_device_ns
        header = self.header
        set_markers, sources = pair_markers(self.marks, t0, last_s, self.notes)
        settings = header.settings
        details = log_details(
            header, n_raw=self.n_raw, sources=sources, end=self.end, notes=self.notes, first_device_ns=t0
        )
        reconcile_fs(fs, t_s, str(self.path), details)
        start_unix = log_start_unix_s(header.raw, t0, details)
        range_g = settings.get("range_g")
        dev = header.device
        return DecidedSource(
            source=SourceInfo(
                path=str(self.path),
                format="firmware_log",
                units="m/s^2",
                device=dev.get("name") or dev.get("model"),
                details=details,
            ),
            gravity_included=True,
            start_unix_s=start_unix,
            range_mps2=float(range_g) * STANDARD_GRAVITY if range_g else None,
            markers=tuple(set_markers),
            logged_gaps=tuple(
                LoggedGap((g.start_ns - t0) / 1e9, (g.end_ns - t0) / 1e9, g.reason) for g in self.gaps
            ),
            fs_declared_hz=float(settings["sample_rate_hz"]),
        )


def check_log_units(units: str | None) -> None:
    """Refuse a ``units`` argument other than None or m/s^2 for a log (its header gives the scale).

    Parameters
    ----------
    units : str or None
        The ``units`` argument.
    """
    if units not in (None, "m/s^2"):
        raise ParameterError(
            f"units={units!r} does not apply to a wristband log (its header gives the "
            "scale of the counts); leave units out"
        )


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
