"""Fast numeric column reading with exact error locations.

The bulk is parsed by :func:`pandas.read_csv` (C engine, explicit dtypes). Only when that fails, or
the result holds a missing or non-finite value, a line-level scan finds the exact line, column and
text to report.
"""

from __future__ import annotations

import io
import math
import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from tremor.core.bursts import burst_note, restamp_bursts, stretch_dicts

from ..errors import FormatError
from ._text import TextSource, split_fields

__all__ = ["MAX_ABS_ACC_RAW", "Column", "Table", "check_increasing", "find_problem", "read_columns"]

_INT_RE = re.compile(r"^[+-]?\d+$")
_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1
#: Largest magnitude an acceleration cell may hold: 1e5 m/s^2 (about 10 000 g) in milli-g, the
#: smallest supported unit. Anything larger is not a wrist acceleration in any unit.
MAX_ABS_ACC_RAW = 1e5 / (9.80665e-3)


@dataclass(frozen=True)
class Column:
    """One column to read.

    Attributes
    ----------
    key : str
        Name the caller uses for the result.
    index : int
        0-based field index in each row.
    label : str
        Name shown in messages (the header text, or ``"3"`` for a headerless file).
    kind : str
        ``"float"`` or ``"int"`` (parsed exactly as int64, e.g. Unix nanoseconds).
    acc : bool
        An acceleration column: a magnitude above :data:`MAX_ABS_ACC_RAW` is refused as not
        physical in any of the supported units (it also keeps NumPy from overflowing later).
    """

    key: str
    index: int
    label: str
    kind: str = "float"
    acc: bool = False


class Table:
    """Parsed columns plus the mapping from row number to 1-based file line."""

    def __init__(self, src: TextSource, data_start: int, values: dict[str, np.ndarray]) -> None:
        self.src = src
        self.data_start = data_start
        self.values = values
        self._line_map: list[int] | None = None

    def __getitem__(self, key: str) -> np.ndarray:
        return self.values[key]

    @property
    def n_rows(self) -> int:
        """Number of data rows."""
        return len(next(iter(self.values.values()))) if self.values else 0

    def line_of(self, row: int) -> int:
        """1-based file line of data row ``row`` (blank lines are skipped, as pandas does)."""
        if self._line_map is None:
            lines = self.src.lines
            self._line_map = [i + 1 for i in range(self.data_start, len(lines)) if lines[i].strip()]
        return self._line_map[row]


_NON_SPACE_RE = re.compile(r"\S")


def _line_offset(text: str, line: int) -> int:
    """Character offset of 0-based ``line`` in ``text`` (``len(text)`` past the end)."""
    pos = 0
    for _ in range(line):
        nl = text.find("\n", pos)
        if nl < 0:
            return len(text)
        pos = nl + 1
    return pos


#: Every byte value, in order: what ``bytes.translate`` deletes, less the bytes it keeps.
_ALL_BYTES = bytes(range(256))


def _no_line_over(utf8: bytes, start: int, sep: bytes, m: int) -> bool:
    """True when it is plain that no line from byte ``start`` on holds more than ``m`` separators.

    The usual file, decided in one C pass: its separators and line ends alone (``bytes.translate``)
    are ``m`` separators and a line end per line (an unterminated last line with ``m`` or none).
    False says nothing (the caller counts line by line).
    """
    drop = _ALL_BYTES.translate(None, sep + b"\n")
    body = len(utf8[:start].translate(None, drop))  # the marks of the lines before ``start``
    marks = utf8.translate(None, drop)
    unit = sep * m + b"\n"
    lines, rest = divmod(len(marks) - body, len(unit))
    return rest in (0, m) and marks.endswith(unit * lines + sep * rest)


def _first_line_with_surplus_fields(
    text: str, offset: int, sep: str, n_fields: int, utf8: bytes | None = None
) -> int | None:
    """Index (from the line at ``offset``) of the first line with at least ``n_fields`` separators.

    Lines holding a double quote are skipped (quoted fields may contain the separator; the parser
    checks those). Counted block-wise over the bytes: no Python work per line.
    ``utf8``, where given, is ``text`` encoded as UTF-8 (not encoded again).
    """
    if len(sep) != 1 or not sep.isascii():  # not a one-byte separator: line by line
        lines = text[offset:].split("\n")
        return next(
            (i for i, line in enumerate(lines) if line.count(sep) >= n_fields and '"' not in line), None
        )
    if utf8 is None:
        utf8 = text.encode("utf-8")
    start = len(text[:offset].encode("utf-8"))  # the byte where the line at ``offset`` starts
    if start >= len(utf8):
        return None
    m = n_fields - 1
    if m >= 1 and _no_line_over(utf8, start, sep.encode(), m):  # the usual file
        return None
    buf = np.frombuffer(utf8, dtype=np.uint8)[start:]
    # line k spans [ends[k-1] + 1, ends[k]]: the separators in it are those before its end
    ends = np.flatnonzero(buf == 10)
    if buf[-1] != 10:
        ends = np.append(ends, buf.size)
    seps = np.flatnonzero(buf == ord(sep))

    def per_line(code: int) -> np.ndarray:
        found = seps if code == ord(sep) else np.flatnonzero(buf == code)
        return np.diff(np.searchsorted(found, ends), prepend=0)

    bad = per_line(ord(sep)) >= n_fields
    if bad.any() and text.find('"', offset) >= 0:
        bad &= per_line(ord('"')) == 0
    hits = np.flatnonzero(bad)
    return int(hits[0]) if hits.size else None


def _parse_ok(text: str, kind: str, decimal: str, acc: bool = False) -> bool:
    if kind == "int":
        return bool(_INT_RE.match(text)) and len(text) <= 20 and _INT64_MIN <= int(text) <= _INT64_MAX
    if "_" in text:
        return False
    try:
        value = float(text.replace(decimal, ".") if decimal != "." else text)
    except ValueError:
        return False
    return math.isfinite(value) and not (acc and abs(value) > MAX_ABS_ACC_RAW)


def _locate_problem(
    src: TextSource,
    data_start: int,
    sep: str,
    decimal: str,
    columns: Sequence[Column],
    n_fields: int | None,
    fallback: str,
) -> FormatError:
    found = find_problem(src, data_start, sep, decimal, columns, n_fields)
    if found is not None:
        return found
    return FormatError(f"could not parse the data rows: {fallback}", path=src.display)


def find_problem(
    src: TextSource,
    data_start: int,
    sep: str,
    decimal: str,
    columns: Sequence[Column],
    n_fields: int | None,
    *,
    line_base: int = 0,
) -> FormatError | None:
    """The error of the first data row the whole-file reader refuses, or None if every row parses.

    Used by :func:`read_columns` and, on a window of lines of a file read block by block, by the
    block reader (``line_base``: lines of the file before ``src``'s first line), so that both name
    the same line, column, expectation and text.

    Parameters
    ----------
    src : TextSource
        The lines to check.
    data_start : int
        0-based index of the first data line in ``src``.
    sep, decimal : str
        Field separator and decimal mark.
    columns : sequence of Column
        The columns read.
    n_fields : int or None
        Number of header fields (rows with more are refused), None for a headerless file.
    line_base : int
        Added to the 1-based line numbers reported.

    Returns
    -------
    FormatError or None
        The first problem (line, column, expected, found), or None.
    """
    lines = src.lines
    last = len(lines) - 1
    for i in range(data_start, len(lines)):
        line = lines[i]
        if not line.strip():
            continue
        fields = split_fields(line, sep)
        truncated = i == last and not src.ends_with_newline
        if n_fields is not None and len(fields) > n_fields:
            return FormatError(
                "row has more fields than the header",
                path=src.display,
                line=line_base + i + 1,
                expected=f"{n_fields} fields",
                found=f"{len(fields)} fields: {line}",
            )
        for col in columns:
            if col.index >= len(fields):
                msg = (
                    "file ends in the middle of a row (truncated last line?)"
                    if truncated
                    else "row ends before this column"
                )
                return FormatError(
                    msg,
                    path=src.display,
                    line=line_base + i + 1,
                    column=col.label,
                    expected=f"at least {col.index + 1} fields",
                    found=line,
                )
            text = fields[col.index]
            if not _parse_ok(text, col.kind, decimal, col.acc):
                if _parse_ok(text, col.kind, decimal):
                    return FormatError(
                        "acceleration value too large to be physical (wrong units or corrupt data?)",
                        path=src.display,
                        line=line_base + i + 1,
                        column=col.label,
                        expected=f"a magnitude below {MAX_ABS_ACC_RAW:.3g} in any unit (about 10 000 g)",
                        found=text,
                    )
                if text == "":
                    what = "missing value"
                elif col.kind == "int" and _INT_RE.match(text):
                    what = "integer too large (beyond 64 bits)"
                elif text.lower().lstrip("+-") in ("nan", "inf", "infinity"):
                    what = "non-finite value"
                else:
                    what = "value is not a number"
                if truncated:
                    what += " (file ends in the middle of a row?)"
                expected = "an integer" if col.kind == "int" else "a finite number"
                if col.kind == "int" and _INT_RE.match(text):
                    expected = f"an integer from {_INT64_MIN} to {_INT64_MAX}"
                if col.kind == "float" and decimal != ".":
                    expected += f" with decimal {decimal!r}"
                return FormatError(
                    what,
                    path=src.display,
                    line=line_base + i + 1,
                    column=col.label,
                    expected=expected,
                    found=text if text else "''",
                )
    return None


def _refuse_duplicate_columns(src: TextSource, header_idx: int, sep: str, columns: Sequence[Column]) -> None:
    """A column used by name must be the only one of that name: which copy holds the data is unknown."""
    fields = split_fields(src.lines[header_idx], sep)
    names = [f.strip().lower() for f in fields]
    for col in columns:
        if col.index >= len(names):
            continue
        same = [j + 1 for j, name in enumerate(names) if name == names[col.index]]
        if len(same) > 1:
            raise FormatError(
                "the header names this column more than once, so which one holds the data is not known",
                path=src.display,
                line=header_idx + 1,
                column=fields[col.index],
                expected="each column name once (rename or remove the copies)",
                found=f"columns {', '.join(map(str, same))} named {fields[col.index]!r}",
            )


def read_columns(
    src: TextSource,
    *,
    data_start: int,
    sep: str,
    columns: Sequence[Column],
    decimal: str = ".",
    n_fields: int | None = None,
) -> Table:
    """Read numeric columns from the data rows of ``src``.

    Parameters
    ----------
    src : TextSource
        The file.
    data_start : int
        0-based index of the first data line (after header/comments).
    sep : str
        Field separator.
    columns : sequence of Column
        The columns to read; others are ignored.
    decimal : str
        Decimal mark (``"."`` or ``","``).
    n_fields : int or None
        Number of header fields, where there is a header (rows with more are an error).

    Returns
    -------
    Table

    Raises
    ------
    FormatError
        No data rows; a non-numeric, missing or non-finite value; a truncated last row. The
        message names the 1-based line, the column, what was expected and what was found.
    """
    import pandas as pd  # lazily: reading a wristband log needs no pandas

    lines = src.lines
    if n_fields is not None and data_start >= 1:
        _refuse_duplicate_columns(src, data_start - 1, sep, columns)
    data_offset = _line_offset(src.text, data_start)
    if _NON_SPACE_RE.search(src.text, data_offset) is None:
        raise FormatError(
            "no data rows",
            path=src.display,
            line=data_start or None,
            expected="data rows after the header",
            found="end of file",
        )
    # A truncated final row that still has enough fields (e.g. cut inside the last number) cannot
    # be told from a complete one; one with too few fields is reported by the scan below.
    if n_fields is not None and not src.ends_with_newline and len(split_fields(lines[-1], sep)) < n_fields:
        raise _locate_problem(src, len(lines) - 1, sep, decimal, columns, n_fields, "")
    if n_fields is not None:
        # pandas ignores surplus fields when usecols is given; a row with more fields than the
        # header is misaligned (e.g. a decimal comma in a comma-separated file), never ignored.
        surplus = _first_line_with_surplus_fields(src.text, data_offset, sep, n_fields, src.utf8)
        if surplus is not None:
            raise _locate_problem(src, data_start + surplus, sep, decimal, columns, n_fields, "")
    dtypes = {c.index: (np.int64 if c.kind == "int" else np.float64) for c in columns}
    try:
        with warnings.catch_warnings():
            # pandas warns while it fails to cast a bad cell; the failure itself is located below
            warnings.simplefilter("ignore", RuntimeWarning)
            df = pd.read_csv(
                # bytes: pandas encodes a text stream to UTF-8 itself, so these are the bytes it
                # parses either way, without StringIO's copy and pandas' chunked re-encoding
                io.BytesIO(src.utf8),
                sep=sep,
                decimal=decimal,
                header=None,
                skiprows=data_start,
                usecols=sorted(dtypes),
                dtype=dtypes,
                engine="c",
                skip_blank_lines=True,
                quotechar='"',
                keep_default_na=True,
            )
    except (ValueError, OverflowError, pd.errors.ParserError) as exc:
        raise _locate_problem(src, data_start, sep, decimal, columns, n_fields, str(exc)) from None
    values: dict[str, np.ndarray] = {}

    def problem(message: str) -> FormatError:
        return _locate_problem(src, data_start, sep, decimal, columns, n_fields, message)

    for col in columns:
        arr = df[col.index].to_numpy() if col.index in df.columns else None
        if arr is None or arr.dtype.kind != ("i" if col.kind == "int" else "f"):
            # pandas sized the table from a short first row, or read something else than numbers
            raise problem(f"column {col.label!r} could not be read as numbers")
        if col.kind == "float" and arr.size:
            # its extremes say both (NaN or an infinity would be one of them): two passes, no copy
            lo, hi = float(arr.min()), float(arr.max())
            if not (math.isfinite(lo) and math.isfinite(hi)):
                raise problem(f"non-finite value in column {col.label!r}")
            top = max(-lo, hi)  # the largest magnitude
        else:
            top = float(np.max(np.abs(arr))) if col.acc and arr.size else 0.0
        if col.acc and top > MAX_ABS_ACC_RAW:
            raise problem(f"value beyond {MAX_ABS_ACC_RAW:.3g} in column {col.label!r}")
        values[col.key] = np.ascontiguousarray(arr)
    if not src.ends_with_newline and lines and lines[-1].strip():
        # complete-looking, yet it may have been cut inside its last number ("0.98" of "0.985")
        src.notes["last_line_unterminated"] = (
            f"line {len(lines)} (the last) has no line end: the file may have been cut inside its last "
            "number; that row was kept as read"
        )
    return Table(src, data_start, values)


def check_increasing(table: Table, key: str, label: str) -> None:
    """Raise a FormatError naming the lines where column ``key`` goes backwards or repeats.

    Stamps that repeat only within bursts (a phone batching its sensor, stamped in whole milliseconds) are no error:
    the column is put on the bursts' rate (:func:`~tremor.core.bursts.restamp_bursts`) and the note kept in the
    source's notes; any other repeat (a duplicated row, a stuck or coarse clock) is refused as before."""
    t = table[key]
    if t.size < 2:
        return
    bad = np.flatnonzero(np.diff(t) <= 0) + 1
    if bad.size == 0:
        return
    if not np.any(
        np.diff(t) < 0
    ):  # repeats only: the same millisecond of a burst (a phone batching its sensor)?
        t2, stretches = restamp_bursts(t.astype(np.float64))
        if stretches and bool(np.all(np.diff(t2) > 0)):
            table.values[key] = t2
            note = burst_note(stretches, t0_s=float(t[0]))
            assert note is not None
            table.src.notes["stamp_bursts"] = note
            table.src.notes["stamp_burst_stretches"] = stretch_dicts(stretches, t0_s=float(t[0]))
            return
    shown = [table.line_of(int(r)) for r in bad[:5]]
    more = f" and {bad.size - 5} more" if bad.size > 5 else ""
    first = int(bad[0])
    word = "repeat" if t[first] == t[first - 1] else "go backwards"
    raise FormatError(
        f"timestamps {word} at line(s) {', '.join(map(str, shown))}{more}",
        path=table.src.display,
        line=shown[0],
        column=label,
        expected=f"a time after {t[first - 1]} (line {table.line_of(first - 1)})",
        found=str(t[first]),
    )
