"""What a wristband log says besides its samples: details, set markers, gaps, start time (whole-file and block reader).

:class:`LogCollector` gathers the records of a log's blocks (:func:`tremor.io.iter_log_blocks`)
and gives the recording's fields besides the samples; :func:`tremor.io.read_firmware_log` and the
long-file path (:mod:`tremor.batch.spill`) both use it, so they cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from tremor.core.recording import STANDARD_GRAVITY, LoggedGap, SetMarker, SourceInfo

from ..errors import FormatError, ParameterError
from ._common import DecidedSource, reconcile_fs
from ._log_records import LogBlock, LogGap, LogHeader, LogMarker

__all__ = ["LogCollector", "check_log_units", "log_details", "log_start_unix_s", "pair_markers"]


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
    ignored. Returns the sets and, for each, ``"start source/end source"``. A set whose records a live
    session's automatic detection wrote (source ``auto``) is marked :attr:`~tremor.core.recording.SetMarker.auto`:
    analysed again, it is treated as the live summary treated it, as an automatic set.
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
            set_markers.append(
                SetMarker(
                    (open_m.t_ns - t0_ns) / 1e9,
                    (m.t_ns - t0_ns) / 1e9,
                    open_m.label,
                    auto=open_m.source == m.source == "auto",
                )
            )
            sources.append(f"{open_m.source}/{m.source}")
            open_m = None
    if open_m is not None:
        set_markers.append(
            SetMarker((open_m.t_ns - t0_ns) / 1e9, last_s, open_m.label, auto=open_m.source == "auto")
        )
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
