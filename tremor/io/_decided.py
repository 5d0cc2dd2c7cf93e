"""One decision per file: what a reader decides from a file's head, and the block reader built on it.

A :class:`TableDecision` holds everything a text format's reader decides (columns, separator,
decimal mark, units, gravity, time unit, epoch, the messages it gives on the header). Each format
module makes it from the file's head with its own rules (``decide_*`` in ``_phyphox``,
``_generic_csv``, ``_sensor_logger`` and ``_polar``), by running its whole-file reader on the head.
:meth:`TableDecision.blocks` then reads the data rows block by block with the same checks as the
whole-file reader (bad cells named by line and column, timestamps in order, physical limits), and
:meth:`TableDecision.finish` completes the decisions that need the whole file (units or gravity
from the median norm, the time unit from the median step, the Polar phone offset) from medians
the caller streams (exactly, see :mod:`tremor.batch.store`). A decision the rest of the file
contradicts raises :class:`~tremor.io._blocks.NotStreamable`: the whole-file reader then decides.

:func:`decide_table` picks the format module's decision; the long-file path only routes blocks.

Size (issue 8): longer than 500 lines on purpose: the decision, its block reader with the row checks and its
whole-file finish are one object; split, each part would need the others' private state.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from tremor.core.recording import SetMarker, SourceInfo

from ..errors import FormatError
from ._blocks import (
    BadBlock,
    NotStreamable,
    TimeTurnsFloat,
    line_of_row,
    locate_bad_row,
    typed_blocks,
    unterminated_last_line,
)
from ._common import (
    UNIT_TO_MPS2,
    DecidedSource,
    check_physical,
    finish_details,
    reconcile_fs,
    within_magnitude,
)
from ._table import MAX_ABS_ACC_RAW, Column

__all__ = [
    "head_decision",
    "Block",
    "WholeFileStats",
    "DecidedSource",
    "TableDecision",
    "decide_table",
    "drop_head_counts",
]

#: Details the whole-file reader computes from all samples: dropped from the head's, set by finish().
HEAD_ONLY_DETAILS = ("n_samples", "measured_rate_hz", "fs_param_hz", "last_line_unterminated")


def drop_head_counts(details: dict[str, Any], *extra: str) -> dict[str, Any]:
    """A copy of a head read's ``details`` without what only the whole file can say.

    Parameters
    ----------
    details : dict
        ``SourceInfo.details`` of the whole-file reader run on the head.
    *extra : str
        Further keys the format decides from the whole file.

    Returns
    -------
    dict
        The copy (the head's note of an unterminated last line removed from ``reader_notes`` too).
    """
    out = dict(details)
    note = out.get("last_line_unterminated")
    for key in (*HEAD_ONLY_DETAILS, *extra):
        out.pop(key, None)
    if note and note in out.get("reader_notes", []):
        out["reader_notes"] = [n for n in out["reader_notes"] if n != note]
        if not out["reader_notes"]:
            del out["reader_notes"]
    return out


@dataclass(frozen=True)
class Block:
    """Samples of one block: seconds from the first sample, m/s^2, and what the decision streams.

    Attributes
    ----------
    t_s : ndarray, shape (n,)
        Time from the file's first sample, s.
    acc_mps2 : ndarray, shape (n, 3)
        Acceleration, m/s^2.
    norm : ndarray or None
        Per-sample norm whose whole-file median decides units or gravity.
    phone_offset_ns : ndarray of int64 or None
        Polar: phone minus sensor time per sample (Unix ns).
    """

    t_s: np.ndarray
    acc_mps2: np.ndarray
    norm: np.ndarray | None = None
    phone_offset_ns: np.ndarray | None = None


@dataclass(frozen=True)
class WholeFileStats:
    """Medians over a whole streamed file, for :meth:`TableDecision.finish`.

    Attributes
    ----------
    n : int
        Samples.
    median_step_s : float or None
        Median sample interval, s (None below 2 samples).
    median_norm : float or None
        Median of :attr:`Block.norm` (None where the decision streams no norm).
    median_phone_offset_ns : int or None
        Median of :attr:`Block.phone_offset_ns`.
    window_norm : callable or None
        ``window_norm(win)``: the median, over the whole file, of the norm of the means of
        consecutive ``win``-sample windows of the spilled acceleration (as the file holds it, for a
        decision with :attr:`TableDecision.scale_after`; the last partial window left out), exactly
        as ``np.median(np.linalg.norm(acc[: k * win].reshape(k, win, 3).mean(axis=1), axis=1))``.
    """

    n: int
    median_step_s: float | None
    median_norm: float | None = None
    median_phone_offset_ns: int | None = None
    window_norm: Callable[[int], float] | None = None


#: A format's decisions over the whole file: (decision, stats, details) -> (units, gravity, markers).
Finisher = Callable[
    ["TableDecision", WholeFileStats, dict[str, Any]], tuple[str, bool, tuple[SetMarker, ...]]
]


@dataclass
class TableDecision:
    """The one decision of a text format's reader, made from the file's head.

    Attributes
    ----------
    path : Path
        The file read block by block.
    display : str
        How it is named in messages.
    fmt : str
        Format name.
    head_rec : Recording
        The whole-file reader's result on the head (header decisions and messages).
    details : dict
        The head's details without what the whole file decides.
    offset, first_line : int
        Byte offset and 1-based line of the first data row.
    sep, decimal : str
        Field separator and decimal mark.
    n_fields : int or None
        Header fields (None: headerless).
    time : Column or None
        The time column (kind ``"int"``: exact int64), None for a file timed by ``fs``.
    axes : list of Column
        x, y, z.
    extra : list of Column
        Added to the axes (WristMotion's gravity columns).
    phone_col : int or None
        Polar: the phone time stamps.
    time_factor : float
        Seconds per time unit (integer ns: 1e-9).
    norm_of : str or None
        ``"acc"`` or ``"extra"``: the columns whose median norm :attr:`finisher` needs.
    units : str
        Units of the acceleration values, as decided on the head.
    gravity : bool
        Gravity included, as decided on the head.
    fs : float or None
        The ``fs`` argument.
    shift_first_time : bool
        Record a first time other than 0 as ``first_time_in_file_s`` (phyphox).
    finisher : callable or None
        The format's decisions over the whole file.
    parse_fields : int
        Fields per row for the block parser (the first row's, for a headerless file).
    epoch_ns : int
        Added to the time column to give Unix ns (Polar: the 2000-01-01 epoch).
    ns_time : bool
        Integer ns: seconds are ``(t - t0) / 1e9``, exactly as the whole-file reader computes them.
    units_arg : str or None
        The ``units`` argument (for decisions the whole file completes).
    replay_warnings : list
        Warnings of the head read given again at the end (Polar).
    first_raw_time : Any
        The first time value as in the file (set by :meth:`blocks`).
    scale_after : bool
        The whole file decides the units: blocks carry the acceleration as the file holds it (not
        checked against the physical limit in m/s^2); the caller scales and checks it with the
        units :meth:`finish` decides (``values * UNIT_TO_MPS2[units]``, as the whole-file reader).
    int_time_may_float : bool
        The reader reads the time column as floats when a row holds a non-integer (generic CSV):
        such a row raises :class:`~tremor.io._blocks.TimeTurnsFloat` instead of an error.
    """

    path: Path
    display: str
    fmt: str
    head_rec: Any
    details: dict[str, Any]
    offset: int
    first_line: int
    sep: str
    decimal: str
    n_fields: int | None
    time: Column | None
    axes: list[Column]
    extra: list[Column] = field(default_factory=list)
    phone_col: int | None = None
    time_factor: float = 1.0
    norm_of: str | None = None
    units: str = "m/s^2"
    gravity: bool = True
    fs: float | None = None
    shift_first_time: bool = False
    finisher: Finisher | None = None
    parse_fields: int = 0
    epoch_ns: int = 0
    ns_time: bool = False
    units_arg: str | None = None
    replay_warnings: list[Any] = field(default_factory=list)
    first_raw_time: Any = None
    scale_after: bool = False
    int_time_may_float: bool = False

    # ---------------------------------------------------------------------------- blocks
    def _columns(self) -> tuple[list[int], list[str]]:
        cols = ([self.time] if self.time else []) + self.axes + self.extra
        idx = [c.index for c in cols]
        kinds = [("i" if c.kind == "int" else "f") for c in cols]
        if self.phone_col is not None:
            idx.append(self.phone_col)
            kinds.append("ts")
        return idx, kinds

    def _refused(self, rows_ok: int) -> FormatError | NotStreamable:
        cols = ([self.time] if self.time else []) + self.axes + self.extra
        problem = locate_bad_row(
            self.path,
            self.display,
            self.offset,
            self.first_line,
            rows_ok,
            self.sep,
            self.decimal,
            cols,
            self.n_fields,
        )
        if problem is None:  # refused by the block parser only (e.g. a quoted field): read it whole
            line = line_of_row(self.path, self.offset, self.first_line, rows_ok)
            return NotStreamable(
                "a row the block parser refuses but the whole-file parser may accept (a quoted field?)",
                line=line,
                expected="plain delimited numbers, one row per line, from this line's block on",
                found=f"a row the streaming parser could not read, at or after line {line}",
            )
        t = self.time
        if (
            t is not None
            and t.kind == "int"
            and problem.column == t.label
            and problem.expected == "an integer"
            and self.int_time_may_float
        ):
            # the whole-file reader then reads the time column as floats: so does the stream, again
            return TimeTurnsFloat(
                problem.message, line=problem.line, column=t.label, expected="an integer", found=problem.found
            )
        return problem

    def _backwards(self, rows_before: int, tc: np.ndarray, prev: Any) -> FormatError:
        assert self.time is not None
        values = np.concatenate([[prev], tc]) if prev is not None else tc
        k = int(np.flatnonzero(np.diff(values) <= 0)[0])
        row = rows_before + k - (1 if prev is not None else 0)  # row of the earlier of the two
        line_prev = line_of_row(self.path, self.offset, self.first_line, row)
        line = line_of_row(self.path, self.offset, self.first_line, row + 1)
        word = "repeat" if values[k + 1] == values[k] else "go backwards"
        return FormatError(
            f"timestamps {word} at line {line} (the first such line; the file is read block by block)",
            path=self.display,
            line=line,
            column=self.time.label,
            expected=f"a time after {values[k]} (line {line_prev})",
            found=str(values[k + 1]),
        )

    def blocks(self, chunk: int, use_threads: bool) -> Iterator[Block]:
        """The data rows, block by block, checked as the whole-file reader checks them.

        Parameters
        ----------
        chunk : int
            Rows per block of the pandas reader (pyarrow reads 8 MB blocks).
        use_threads : bool
            Let pyarrow parse with several threads.

        Yields
        ------
        Block

        Raises
        ------
        FormatError
            A bad cell, a missing value, a row with the wrong number of fields, timestamps out of
            order, a value beyond 64 bits or beyond the physical limit: named by line and column
            (or sample), read from the stream.
        NotStreamable
            The block parser refused something the whole-file reader may accept.
        """
        idx, kinds = self._columns()
        factor = 1.0 if self.scale_after else UNIT_TO_MPS2[self.units]
        n_t = 1 if self.time else 0
        n_x = len(self.extra)
        rows = 0
        t0: Any = None
        prev: Any = None
        blocks = typed_blocks(
            self.path, self.offset, self.sep, self.decimal, self.parse_fields, idx, kinds, chunk, use_threads
        )
        while True:
            try:
                arrays = next(blocks)
            except StopIteration:
                break
            except BadBlock:
                raise self._refused(rows) from None
            acc = np.column_stack(arrays[n_t : n_t + 3]).astype(np.float64, copy=False)
            extra = np.column_stack(arrays[n_t + 3 : n_t + 3 + n_x]) if n_x else None
            m = acc.shape[0]
            if not (
                within_magnitude(acc, MAX_ABS_ACC_RAW)
                and (extra is None or within_magnitude(extra, MAX_ABS_ACC_RAW))
            ):
                raise self._refused(rows)  # non-finite or beyond any unit's physical limit
            if not m:
                continue
            if self.time is not None:
                tc = arrays[0]
                if tc.dtype.kind == "f" and not np.all(np.isfinite(tc)):
                    raise self._refused(rows)
                if (m > 1 and not np.all(np.diff(tc) > 0)) or (prev is not None and tc[0] <= prev):
                    raise self._backwards(rows, tc, prev)
                if t0 is None:
                    t0 = tc[0]
                    self.first_raw_time = t0
                prev = tc[-1]
                dt = (tc - t0).astype(np.float64)
                if self.ns_time:
                    ts = dt / 1e9
                else:  # dt is new: its product by 1.0 (itself) is skipped
                    ts = dt * self.time_factor if self.time_factor != 1.0 else dt
            else:
                assert self.fs is not None
                ts = np.arange(rows, rows + m, dtype=np.float64) / self.fs
                t0 = 0
            a = acc + extra if extra is not None else acc  # new arrays, so x * 1.0 (= x) is skipped
            if factor != 1.0:
                a = a * factor
            if not self.scale_after:  # else checked once the whole file has decided the units
                check_physical(a, self.display, ts, first_sample=rows)
            norm = None
            if self.norm_of is not None:
                of = acc if self.norm_of == "acc" or extra is None else extra
                norm = np.linalg.norm(of, axis=1)
            phone = None
            if self.phone_col is not None:
                phone = arrays[-1] - (arrays[0] + self.epoch_ns)
            rows += m
            yield Block(ts, a, norm, phone)
        if t0 is None:  # no data rows: the whole-file reader says so
            raise NotStreamable(
                "no data rows were read",
                line=self.first_line,
                expected="data rows after the header",
                found="none",
            )

    # ---------------------------------------------------------------------------- finish
    def finish(self, stats: WholeFileStats) -> DecidedSource:
        """The decisions that need the whole file, and the details the whole-file reader gives.

        Parameters
        ----------
        stats : WholeFileStats
            Medians over the streamed blocks.

        Returns
        -------
        DecidedSource
            Source, gravity, start time, markers and the rest of the recording's fields.
        """
        details = self.details
        if self.shift_first_time and self.first_raw_time is not None and self.first_raw_time != 0:
            details["first_time_in_file_s"] = float(self.first_raw_time)
        units, gravity, markers = self.units, self.gravity, tuple(self.head_rec.markers)
        if self.finisher is not None:
            units, gravity, markers = self.finisher(self, stats, details)
        note = unterminated_last_line(self.path)
        if note is not None:
            details["last_line_unterminated"] = note
        if self.time is not None and self.fs is not None and stats.median_step_s is not None:
            # reconcile_fs measures the rate as 1 / median interval: give it that interval.
            reconcile_fs(self.fs, np.array([0.0, stats.median_step_s]), self.display, details)
        finish_details(details, n_samples=stats.n, median_step_s=stats.median_step_s)
        rec = self.head_rec
        return DecidedSource(
            source=SourceInfo(
                path=self.display, format=self.fmt, units=units, device=rec.source.device, details=details
            ),
            gravity_included=gravity,
            start_unix_s=rec.start_unix_s,
            range_mps2=rec.range_mps2,
            markers=markers,
            fs_declared_hz=rec.fs_declared_hz,
        )


def head_decision(
    p: Path,
    head: Any,
    fmt: str,
    head_rec: Any,
    details: dict[str, Any],
    *,
    data_start: int,
    sep: str,
    decimal: str,
    n_fields: int | None,
    **rest: Any,
) -> TableDecision:
    """A :class:`TableDecision` whose data rows start at line ``data_start`` (0-based) of ``p``.

    Parameters
    ----------
    p : Path
        The file.
    head : TextSource
        Its head (names the file in messages).
    fmt : str
        Format name.
    head_rec : Recording
        The whole-file reader's result on the head; its units are the decision's.
    details : dict
        The head's details without what the whole file decides.
    data_start : int
        0-based line of the first data row.
    sep, decimal : str
        Field separator and decimal mark.
    n_fields : int or None
        Header fields (None: headerless; the parser then takes ``parse_fields`` from ``rest``).
    **rest : Any
        The other :class:`TableDecision` fields.

    Returns
    -------
    TableDecision
    """
    from ._blocks import data_offset

    rest.setdefault("parse_fields", n_fields)
    rest.setdefault("units", head_rec.source.units)
    return TableDecision(
        path=p,
        display=head.display,
        fmt=fmt,
        head_rec=head_rec,
        details=details,
        offset=data_offset(p, data_start),
        first_line=data_start + 1,
        sep=sep,
        decimal=decimal,
        n_fields=n_fields,
        **rest,
    )


def decide_table(
    p: Path,
    fmt: str,
    *,
    fs: float | None,
    units: str | None,
    display: str | None = None,
) -> TableDecision:
    """The decision of ``fmt``'s reader on the head of ``p``, to read the rest block by block.

    Parameters
    ----------
    p : Path
        The file.
    fmt : str
        ``"phyphox"``, ``"generic_csv"``, ``"sensor_logger"`` or ``"polar_sensor_logger"``.
    fs : float or None
        The ``fs`` argument (checked).
    units : str or None
        The ``units`` argument (checked).
    display : str or None
        How the file is named in messages (a zip member: ``archive.zip!member.csv``).

    Returns
    -------
    TableDecision

    Raises
    ------
    FormatError
        What the whole-file reader refuses in the head.
    NotStreamable
        A decision the head cannot make (e.g. units inferred from the whole file's gravity).
    """
    from ._blocks import head_source
    from ._common import check_fs_param, check_units_param
    from ._generic_csv import decide_generic_csv
    from ._phyphox import decide_phyphox
    from ._polar import decide_polar
    from ._sensor_logger import decide_sensor_logger

    deciders = {
        "phyphox": decide_phyphox,
        "generic_csv": decide_generic_csv,
        "sensor_logger": decide_sensor_logger,
        "polar_sensor_logger": decide_polar,
    }
    units = check_units_param(units)
    fs = check_fs_param(fs)
    head = head_source(p, display=display, name=Path(display).name if display else None)
    return deciders[fmt](p, head, fs=fs, units=units)
