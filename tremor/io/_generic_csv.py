"""Generic delimited text: one time column and three acceleration columns, found by name.

Rules (documented for users in :func:`read_generic_csv`):

* Leading ``#`` lines are comments. ``# Sample Rate: 100 Hz`` sets ``fs_declared_hz``; a
  ``# Format: Timestamp(ms),Ax(m/s²),Ay,Az,...`` line supplies units for columns whose header
  cells have none (the ESP32 logger writes units only there).
* Separator: comma, ``;`` or tab (from the header line). Decimal comma with ``;``/tab.
* Time column names: ``time``, ``t``, ``timestamp``, ``elapsed``, ``epoch``, ``seconds``, ``ms``,
  ``ns``, ... with optional unit suffixes (``time_ms``) or unit text (``Time (s)``, ``t [ns]``).
  Without a stated unit the unit is inferred from the values (Unix epochs by size; otherwise
  integer steps of 1-999 are ms, steps below 0.2 are s) and ``details["time_units_inferred"]``;
  a median step from 0.2 to 1 (1-5 Hz in s or 1-5 kHz in ms) is refused: the header must say.
* Axis names: ``x``/``y``/``z``, ``ax``, ``acc_x``, ``accel_x``, ``acceleration_x``,
  ``accelerometer_x``, ``x-axis``, ``accX``, ... (case and punctuation ignored).
* Units from the header cell (``(m/s^2)``, ``m/s²``, ``(g)``, ``[mg]``), else the ``# Format``
  comment, else the ``units=`` argument (which also overrides), else inferred from gravity
  (:func:`infer_units_from_gravity`): where both the median magnitude of the samples and the median
  magnitude of their 2 s means are about 1, 9.8 or 1000, the units are g, m/s^2 or mg
  (``details["units_from"]``, and a note in the report). Anything else is ambiguous and refused
  with a hint to pass ``units=``; gravity-removed (linear) data have no such level and are always
  refused without ``units=``.
* A file whose first row is numeric has no header: columns 1-3 are x, y, z, extra columns are
  ignored, and ``fs=`` is required (e.g. the muvr training files); units as above.
* Other columns (gyroscope, labels) are ignored and listed in ``details["ignored_columns"]``.

Size (issue 8): longer than 500 lines on purpose: the format's rules, its whole-file reader, the
units-from-gravity inference and its block decision share private helpers (column names, time units),
kept in one place.
"""

from __future__ import annotations

import re
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from tremor.core.recording import Recording

from ..errors import FormatError
from ._common import (
    UNIT_TO_MPS2,
    build_recording,
    measured_rate_hz,
    reconcile_fs,
    units_from_text,
)
from ._table import Column, check_increasing, read_columns
from ._text import TextSource, first_content_line, guess_separator, split_fields

if TYPE_CHECKING:
    from ._decided import TableDecision, WholeFileStats

__all__ = ["decide_generic_csv", "infer_units_from_gravity", "looks_like_generic_csv", "read_generic_csv"]

_UNIT_PART_RE = re.compile(r"\(([^)]*)\)|\[([^\]]*)\]")
_TIME_RE = re.compile(
    r"^(?:(?P<base>time|timestamp|t|elapsed|elapsedtime|secondselapsed|epoch)"
    r"(?P<suf>s|sec|secs|seconds|ms|millis|milliseconds|us|micros|microseconds|ns|nanos|nanoseconds)?"
    r"|(?P<only>seconds|sec|secs|s|ms|millis|milliseconds|us|micros|ns|nanos|nanoseconds))$"
)
_AXIS_RE = re.compile(
    r"^(?:acc|accel|acceleration|accelerometer|linearacceleration|linacc|a)?(?P<axis>[xyz])"
    r"(?:axis|acc|accel|acceleration)?$"
)
_RATE_RE = re.compile(r"(?:sample\s*rate|sampling\s*rate|rate|fs)\s*[:=]\s*([\d.]+)\s*hz", re.IGNORECASE)
_FORMAT_RE = re.compile(r"^#\s*(?:format|columns)\s*:\s*(?P<cols>.*)$", re.IGNORECASE)
#: Median steps of a unit-less time column that read as 1-5 Hz in seconds or 1-5 kHz in
#: milliseconds: both are unusual for a wrist sensor, so the unit is not guessed.
_AMBIGUOUS_STEP = (0.2, 1.0)
_TIME_FACTOR = {"s": 1.0, "ms": 1e-3, "us": 1e-6, "ns": 1e-9}
_NUMBER_RE = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$")


def _normalize(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", _UNIT_PART_RE.sub("", name).lower())


def _unit_part(name: str) -> str:
    return " ".join(a or b for a, b in _UNIT_PART_RE.findall(name))


def _time_unit_word(word: str | None) -> str | None:
    if not word:
        return None
    w = word.lower().replace("µ", "u").strip()
    for unit, names in (
        ("s", ("s", "sec", "secs", "seconds")),
        ("ms", ("ms", "millis", "milliseconds")),
        ("us", ("us", "micros", "microseconds")),
        ("ns", ("ns", "nanos", "nanoseconds")),
    ):
        if w in names:
            return unit
    return None


def _is_number(text: str) -> bool:
    return bool(_NUMBER_RE.match(text.strip().strip('"')))


def _scan_comments(src: TextSource, upto: int) -> tuple[float | None, dict[str, str]]:
    fs_declared = None
    format_units: dict[str, str] = {}
    for line in src.lines[:upto]:
        s = line.strip()
        if not s.startswith("#"):
            continue
        m = _RATE_RE.search(s)
        if m and fs_declared is None:
            try:
                fs_declared = float(m.group(1))
            except ValueError:
                pass
        m = _FORMAT_RE.match(s)
        if m:
            for token in m.group("cols").split(","):
                unit = _unit_part(token)
                if unit:
                    format_units[_normalize(token)] = unit
    return fs_declared, format_units


def _find_columns(
    fields: list[str], candidates: dict[str, list[int]] | None = None
) -> tuple[int | None, dict[str, int]]:
    time_idx = None
    axes: dict[str, int] = {}
    for i, name in enumerate(fields):
        norm = _normalize(name)
        if time_idx is None and _TIME_RE.match(norm):
            time_idx = i
            continue
        m = _AXIS_RE.match(norm)
        if m:
            axes.setdefault(m.group("axis"), i)
            if candidates is not None:
                candidates.setdefault(m.group("axis"), []).append(i)
    return time_idx, axes


def looks_like_generic_csv(src: TextSource) -> bool:
    """True when a header names x/y/z columns, or the first row starts with three numbers."""
    idx = first_content_line(src.lines)
    if idx >= len(src.lines):
        return False
    line = src.lines[idx]
    fields = split_fields(line, guess_separator(line))
    if len(fields) >= 3 and all(_is_number(f) for f in fields[:3]):
        return True
    _, axes = _find_columns(fields)
    return len(axes) == 3


def _infer_time_unit(t: np.ndarray, is_int: bool) -> str:
    first = abs(float(t[0]))
    if first > 1e17:
        return "ns"
    if first > 1e14:
        return "us"
    if first > 1e11:
        return "ms"
    if first > 1e8:
        return "s"
    step = float(np.median(np.diff(t))) if t.size > 1 else 0.0
    return _unit_of_step(step) or "s"


#: Median steps below these limits (in the file's time values) are s, ms, us; above, ns.
_STEP_LIMITS = ((1.0, "s"), (1000.0, "ms"), (1e6, "us"))


def _unit_of_step(step: float, tolerance: float = 0.0) -> str | None:
    """The time unit a median step implies; None within ``tolerance`` (relative) of a limit."""
    for limit, unit in _STEP_LIMITS:
        if tolerance and abs(step - limit) <= tolerance * limit:
            return None
        if step < limit:
            return unit
    return "ns"


def _gravity_from_norm(median_norm: float, units: str, details: dict[str, Any]) -> bool:
    """Gravity included when the median |a| (file values in ``units``) is 0.5-2 g."""
    median_g = median_norm * UNIT_TO_MPS2[units] / 9.80665
    details["median_norm_g"] = median_g
    return 0.5 <= median_g <= 2.0


def read_generic_csv(src: TextSource, *, fs: float | None = None, units: str | None = None) -> Recording:
    """Read a generic accelerometer CSV (rules in the module docstring).

    Parameters
    ----------
    src : TextSource
        The file.
    fs : float or None
        Required, in Hz, when the file has no time column (then ``time = arange(n) / fs``);
        otherwise checked against the timestamps (refused if more than 5 % off).
    units : str or None
        ``"m/s^2"``, ``"g"`` or ``"mg"``: supplies or overrides the acceleration units.

    Returns
    -------
    Recording

    Raises
    ------
    FormatError
        Missing columns, no units, no time column and no ``fs``, bad values, time going backwards.
    """
    idx = first_content_line(src.lines)
    if idx >= len(src.lines):
        raise FormatError(
            "file holds only comments",
            path=src.display,
            expected="a header line and data rows",
            found=src.lines[-1] if src.lines else "",
        )
    header_line = src.lines[idx]
    sep = guess_separator(header_line)
    fields = split_fields(header_line, sep)
    fs_declared, format_units = _scan_comments(src, idx)
    details: dict[str, Any] = {"separator": sep, **src.notes}
    headerless = len(fields) >= 3 and all(_is_number(f) for f in fields[:3])
    if headerless:
        time_idx, axes = None, {"x": 0, "y": 1, "z": 2}
        labels = {a: str(i + 1) for a, i in axes.items()}
        data_start, n_fields = idx, None
        details["headerless"] = True
    else:
        candidates: dict[str, list[int]] = {}
        time_idx, axes = _find_columns(fields, candidates)
        for a, where in candidates.items():
            if len(where) > 1:
                raise FormatError(
                    f"several columns could be the {a} axis, so which one holds the data is not known",
                    path=src.display,
                    line=idx + 1,
                    column=fields[where[0]],
                    expected=f"one {a} acceleration column (rename or remove the others)",
                    found=", ".join(f"column {i + 1} {fields[i]!r}" for i in where),
                )
        missing = [a for a in "xyz" if a not in axes]
        if missing:
            raise FormatError(
                f"no {'/'.join(missing)} acceleration column in the header",
                path=src.display,
                line=idx + 1,
                expected="columns named x,y,z (or ax/ay/az, acc_x..., x-axis ...)",
                found=header_line,
            )
        labels = {a: fields[i] for a, i in axes.items()}
        data_start, n_fields = idx + 1, len(fields)
    used = set(axes.values()) | ({time_idx} if time_idx is not None else set())
    ignored = [fields[i] if not headerless else str(i + 1) for i in range(len(fields)) if i not in used]
    if ignored:
        details["ignored_columns"] = ignored

    # Acceleration units: header cell, then '# Format' comment, then units=.
    found_units: dict[str, str] = {}
    if not headerless:
        for a, i in axes.items():
            u = units_from_text(_unit_part(fields[i])) or (
                units_from_text(format_units.get(_normalize(fields[i]), ""))
            )
            if u:
                found_units[a] = u
    distinct = set(found_units.values())
    if len(distinct) > 1:
        raise FormatError(
            "the x/y/z columns state different units",
            path=src.display,
            line=idx + 1,
            expected="one unit for all three axes",
            found=", ".join(f"{labels[a]}: {u}" for a, u in found_units.items()),
        )
    file_units = distinct.pop() if distinct else None
    if file_units and units and units != file_units:
        details["units_in_file"], details["units_override"] = file_units, units
    final_units = units or file_units
    if final_units is not None:
        details["units_from"] = "units= argument" if units else "file"

    if time_idx is None and fs is None:
        raise FormatError(
            "the file has no time column, so the sampling rate must be given",
            path=src.display,
            line=idx + 1,
            expected="a time column (time, t, timestamp, ...), or the rate given with --fs HZ (e.g. --fs 50)",
            found=header_line,
        )

    cols = [Column(a, axes[a], labels[a], acc=True) for a in "xyz"]
    time_s: np.ndarray
    start_unix_s = None
    if time_idx is not None:
        tlabel = fields[time_idx]
        table = None
        for kind in ("int", "float"):
            try:
                table = read_columns(
                    src,
                    data_start=data_start,
                    sep=sep,
                    decimal=_decimal(src, data_start, sep),
                    columns=[Column("t", time_idx, tlabel, kind), *cols],
                    n_fields=n_fields,
                )
                break
            except FormatError as exc:
                if kind == "float" or exc.column != tlabel or exc.expected != "an integer":
                    raise
        assert table is not None
        check_increasing(table, "t", tlabel)
        t = table["t"]
        m = _TIME_RE.match(_normalize(tlabel))
        unit = (
            _time_unit_word(_unit_part(tlabel))
            or _time_unit_word(format_units.get(_normalize(tlabel)))
            or (_time_unit_word(m.group("suf") or m.group("only")) if m else None)
        )
        if unit is None:
            unit = _infer_time_unit(t, t.dtype.kind == "i")
            step = float(np.median(np.diff(t))) if t.size > 1 else 0.0
            if unit == "s" and _AMBIGUOUS_STEP[0] <= step < _AMBIGUOUS_STEP[1]:
                raise FormatError(
                    f"the time column states no unit and its median step {step:g} reads as "
                    f"{1 / step:.3g} Hz in seconds or {1000 / step:.4g} Hz in milliseconds; "
                    "neither can be assumed",
                    path=src.display,
                    line=idx + 1,
                    column=tlabel,
                    expected=f"the unit in the header, e.g. '{tlabel} (ms)' or '{tlabel} (s)'",
                    found=header_line,
                )
            details["time_units_inferred"] = True
        details["time_column"], details["time_units"] = tlabel, unit
        factor = _TIME_FACTOR[unit]
        time_s = (t - t[0]).astype(np.float64) * factor
        if abs(float(t[0])) * factor > 1e8:
            start_unix_s = float(t[0]) * factor
        elif t[0] != 0:
            details["first_time_in_file_s"] = float(t[0]) * factor
        reconcile_fs(fs, time_s, src.display, details)
    else:
        table = read_columns(
            src,
            data_start=data_start,
            sep=sep,
            decimal=_decimal(src, data_start, sep),
            columns=cols,
            n_fields=n_fields,
        )
        assert fs is not None
        time_s = np.arange(table.n_rows, dtype=np.float64) / fs
        details["time_from_fs_hz"] = fs
    acc = np.column_stack([table[a] for a in "xyz"])
    if final_units is None:
        inferred, why = infer_units_from_gravity(acc, time_s)
        if inferred is None:
            raise _units_refused(src.display, idx + 1, labels["x"], header_line, why)
        final_units = inferred
        _note_inferred(details, inferred, why)
    gravity = _gravity_from_norm(float(np.median(np.linalg.norm(acc, axis=1))), final_units, details)
    details["gravity_inferred"] = True
    for key, note in src.notes.items():  # notes of the table read (e.g. an unterminated last line)
        details.setdefault(key, note)
    return build_recording(
        time_s=time_s,
        acc=acc,
        units=final_units,
        gravity_included=gravity,
        path=src.display,
        format="generic_csv",
        details=details,
        start_unix_s=start_unix_s,
        fs_declared_hz=fs_declared,
        owned=True,
    )


_UNITS_REFUSED = "the file does not state the acceleration units, and they cannot be inferred"


def _units_refused(display: str, line: int, column: str, header_line: str, why: str) -> FormatError:
    """The error for units neither stated nor shown by gravity."""
    return FormatError(
        f"{_UNITS_REFUSED}: {why}",
        path=display,
        line=line,
        column=column,
        expected="units in the header such as 'x (m/s^2)' / 'ax (g)', or give "
        "them with --units m/s^2, --units g or --units mg",
        found=header_line,
    )


def _note_inferred(details: dict[str, Any], inferred: str, why: str) -> None:
    """Record units inferred from gravity in ``details`` (and the report's reader notes)."""
    details["units_from"] = "inferred from gravity"
    details["units_note"] = (
        f"the file does not state its acceleration units; {why}, so they were read as "
        f"{inferred} (pass --units to override)"
    )
    details.setdefault("reader_notes", []).append(details["units_note"])


#: Units whose gravity level is 1: g (1), m/s^2 (9.80665), mg (1000).
_GRAVITY_LEVEL = {"g": 1.0, "m/s^2": 9.80665, "mg": 1000.0}
#: "About" a gravity level: the median sample magnitude within this factor range of it (the levels are
#: 10x apart, so the ranges never overlap; uncalibrated watches read up to 1.4 g in 2 s means) ...
_ABOUT_NORM = (0.6, 1.6)
#: ... the median magnitude of the 2 s means (gravity, with the movement averaged out) within this one ...
_ABOUT_MEAN = (0.5, 1.6)
#: ... and the 2 s means keep at least this fraction of the sample magnitude (movement averages out,
#: gravity does not; gravity-removed data keep 0.05-0.2 of it while moving).
_MEAN_KEEPS = 0.6
#: Window over which samples are averaged to leave gravity, seconds.
_GRAVITY_WINDOW_S = 2.0


def infer_units_from_gravity(acc: np.ndarray, time_s: np.ndarray) -> tuple[str | None, str]:
    """The acceleration units of ``acc`` (raw file values) where gravity shows them unambiguously.

    Gravity-including data at any wrist activity have a median sample magnitude of about 1 g, and
    their means over 2 s (movement averaged out, gravity left) keep most of it. Both levels must sit
    near (0.6-1.6x, 2 s means 0.5-1.6x) the same one of 1 (g), 9.80665 (m/s^2) or 1000 (mg), and the
    2 s means must keep at least 0.6 of the sample magnitude. Gravity-removed (linear) data have
    2 s means near 0 whatever their units, so they are never inferred: their magnitude is movement,
    not gravity, and says nothing about units.

    Returns
    -------
    units : str or None
        ``"g"``, ``"m/s^2"`` or ``"mg"``; None where ambiguous.
    why : str
        The measured levels, in words (for a note or an error message).
    """
    finite = acc[np.all(np.isfinite(acc), axis=1)]
    win = _gravity_window(measured_rate_hz(time_s), finite.shape[0])
    if win is None:
        return None, _TOO_FEW
    norm = float(np.median(np.linalg.norm(finite, axis=1)))
    n_win = finite.shape[0] // win
    means = finite[: n_win * win].reshape(n_win, win, 3).mean(axis=1)
    mean_norm = float(np.median(np.linalg.norm(means, axis=1)))
    return _units_from_levels(norm, mean_norm)


_TOO_FEW = f"fewer than {_GRAVITY_WINDOW_S:g} s of samples, too few to recognise gravity"


def _gravity_window(rate: float | None, n: int) -> int | None:
    """Samples per gravity window at ``rate`` Hz; None where ``n`` samples fill none."""
    win = round(_GRAVITY_WINDOW_S * rate) if rate else 0
    return None if win < 1 or n < win else int(win)


def _units_from_levels(norm: float, mean_norm: float) -> tuple[str | None, str]:
    """Units from the median sample magnitude and that of the 2 s means (:func:`infer_units_from_gravity`)."""
    levels = (
        f"the median magnitude is {norm:.4g} and that of its {_GRAVITY_WINDOW_S:g} s means {mean_norm:.4g}"
    )
    for unit, level in _GRAVITY_LEVEL.items():
        if (
            _ABOUT_NORM[0] <= norm / level <= _ABOUT_NORM[1]
            and _ABOUT_MEAN[0] <= mean_norm / level <= _ABOUT_MEAN[1]
            and mean_norm >= _MEAN_KEEPS * norm
        ):
            return unit, f"{levels}, gravity's level in {unit}"
    return None, (
        f"{levels}: not the steady level of about 1 (g), 9.81 (m/s^2) or 1000 (mg) that gravity "
        "gives; data with gravity removed (linear acceleration) never show one"
    )


def _decimal(src: TextSource, start: int, sep: str) -> str:
    if sep == ",":
        return "."
    for line in src.lines[start : start + 20]:
        if "," in line:
            return ","
        if "." in line:
            return "."
    return "."


def _finish_generic(
    d: TableDecision,
    stats: WholeFileStats,
    details: dict[str, Any],
    infer: tuple[int, str, str] | None = None,
) -> tuple[str, bool, tuple[Any, ...]]:
    """Gravity (and units, where ``infer`` holds the header's line, x label and text) from the whole file."""
    from ._blocks import NotStreamable

    # where the reader inferred the time unit from the whole file's median step, check the head's guess
    if (
        details.get("time_units_inferred")
        and d.time is not None
        and abs(float(d.first_raw_time)) <= 1e8
        and (
            stats.median_step_s is None
            or _unit_of_step(stats.median_step_s / d.time_factor, 1e-9) != details["time_units"]
        )
    ):
        step = "none" if stats.median_step_s is None else f"{stats.median_step_s / d.time_factor:g}"
        raise NotStreamable(
            f"the time column states no unit; its first rows read as {details['time_units']} "
            "but the whole file's median step may read otherwise",
            line=d.first_line - 1 if d.n_fields is not None else d.first_line,
            column=d.time.label,
            expected=f"a median step that reads as {details['time_units']}, or the unit in the header",
            found=f"a median step of {step}",
        )
    assert stats.median_norm is not None
    units = d.units
    if infer is not None:  # units from gravity: the whole file's levels, measured as the reader does
        dt = stats.median_step_s
        win = _gravity_window(1.0 / dt if dt is not None and dt > 0 else None, stats.n)
        inferred, why = (None, _TOO_FEW)
        if win is not None:
            assert stats.window_norm is not None
            inferred, why = _units_from_levels(stats.median_norm, stats.window_norm(win))
        if inferred is None:
            raise _units_refused(d.display, *infer, why)
        units = inferred
        _note_inferred(details, inferred, why)
    return units, _gravity_from_norm(stats.median_norm, units, details), ()


def decide_generic_csv(p: Path, head: TextSource, *, fs: float | None, units: str | None) -> TableDecision:
    """The decision of :func:`read_generic_csv` on the head of ``p``, to read the rest block by block.

    Parameters
    ----------
    p : Path
        The file.
    head : TextSource
        Its first complete lines.
    fs : float or None
        The rate of a file without a time column; else checked against the whole file at the end.
    units : str or None
        As :func:`read_generic_csv`.

    Returns
    -------
    TableDecision
        Columns, separator, decimal mark, units, time column, kind and unit; gravity from the whole
        file's median |a|.

    Raises
    ------
    FormatError
        What the whole-file reader refuses in the head's header.

    Notes
    -----
    Where the file states no units (and ``units`` is None), the whole file decides them from
    gravity: the blocks carry the values as in the file (:attr:`TableDecision.scale_after`) and
    the finisher infers the units from the whole file's levels, as :func:`read_generic_csv` does.
    """
    from ._blocks import NotStreamable
    from ._decided import drop_head_counts, head_decision

    idx = first_content_line(head.lines)
    if idx >= len(head.lines):
        raise NotStreamable("the file's head holds only comments", line=1, expected="a header line")
    sep = guess_separator(head.lines[idx])
    fields = split_fields(head.lines[idx], sep)
    headerless = len(fields) >= 3 and all(_is_number(f) for f in fields[:3])
    if headerless:
        time_idx, axes, data_start = None, {"x": 0, "y": 1, "z": 2}, idx
        labels = {a: str(i + 1) for a, i in axes.items()}
    else:
        time_idx, axes = _find_columns(fields)
        data_start = idx + 1
        labels = {a: fields[i] for a, i in axes.items()}
    # the reader on the head: header, units, time unit, every message it gives on the header
    head_fs = fs if time_idx is None else None
    try:
        head_rec = read_generic_csv(head, fs=head_fs, units=units)
        from_data = head_rec.source.details.get("units_from") == "inferred from gravity"
    except FormatError as exc:
        if units is not None or not exc.message.startswith(_UNITS_REFUSED):
            raise
        from_data = True
    infer = None
    if from_data:  # no units in the file: the whole file's gravity decides them, not its head's
        # read the head in the smallest units, so that no value fails the physical limit there
        head_rec = read_generic_csv(head, fs=head_fs, units="mg")
        infer = (idx + 1, labels["x"], head.lines[idx])
    details = drop_head_counts(head_rec.source.details, "median_norm_g", *(("units_from",) if infer else ()))
    decimal = _decimal(head, data_start, sep)
    time = None
    if time_idx is not None:
        time = Column("t", time_idx, fields[time_idx], "int")
        try:  # the reader tries integers first; a later non-integer row makes the stream fall back
            read_columns(
                head,
                data_start=data_start,
                sep=sep,
                decimal=decimal,
                columns=[time],
                n_fields=None if headerless else len(fields),
            )
        except FormatError:
            time = Column("t", time_idx, fields[time_idx], "float")
    return head_decision(
        p,
        head,
        "generic_csv",
        head_rec,
        details,
        data_start=data_start,
        sep=sep,
        decimal=decimal,
        n_fields=None if headerless else len(fields),
        parse_fields=len(fields),
        time=time,
        axes=[Column(a, axes[a], labels[a], acc=True) for a in "xyz"],
        time_factor=_TIME_FACTOR[details["time_units"]] if time_idx is not None else 1.0,
        norm_of="acc",
        fs=fs,
        finisher=partial(_finish_generic, infer=infer),
        scale_after=infer is not None,
        int_time_may_float=True,
    )
