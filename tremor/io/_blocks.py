"""Text blocks of files read block by block: a file's head (what a reader decides from), typed CSV blocks,
and the exact location of a row the block parser refuses.

:func:`head_source` reads a file's first complete lines as a :class:`tremor.io._text.TextSource`;
:func:`typed_blocks` parses the data rows after a byte offset in blocks (pyarrow's streaming CSV
reader, or pandas in chunks where pyarrow is absent). A row the block parser refuses raises
:class:`BadBlock`; :func:`locate_bad_row` then reads on from the last good row, line by line, and
names the problem exactly as the whole-file reader does (:func:`tremor.io._table.find_problem`),
without reading the file whole. :class:`NotStreamable` hands a file to its whole-file reader.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from tremor.errors import FormatError

__all__ = [
    "NotStreamable",
    "TimeTurnsFloat",
    "BadBlock",
    "locate_bad_row",
    "line_of_row",
    "unterminated_last_line",
    "CSV_BLOCK_BYTES",
    "head_source",
    "detect_from_head",
    "typed_blocks",
    "csv_blocks",
    "line_end_offset",
    "data_offset",
]

_HEAD_BYTES = 1 << 16
_HEAD_MAX_BYTES = 4 << 20  # the longest first lines read to decide a file's format


def detect_from_head(p: Path) -> str:
    """The format of the file at ``p``, detected from its head only (no whole read).

    Parameters
    ----------
    p : Path
        A file.

    Returns
    -------
    str
        One of :data:`tremor.io.FORMATS`.
    """
    from tremor.io._dispatch import detect_text, starts_with_magic

    if starts_with_magic(p):
        return "firmware_log"
    return detect_text(head_source(p))


def head_source(p: Path, display: str | None = None, name: str | None = None) -> Any:
    """The first complete lines of ``p`` as a TextSource (what the io readers decide from).

    At most :data:`_HEAD_MAX_BYTES` are read: a file whose first line is longer than that is
    not a text recording (or has lost its line ends) and is refused, naming the line.
    """
    from tremor.io._text import TextSource, decode_text

    data = bytearray()
    eof = False
    with open(p, "rb") as fh:
        while True:
            more = fh.read(_HEAD_BYTES)
            if not more:
                eof = True
                break
            data += more  # bytearray: amortised linear, however many rounds
            if b"\n" in data[-(_HEAD_BYTES // 2) :] or len(data) >= _HEAD_MAX_BYTES:
                break
    cut = data.rfind(b"\n")
    if cut < 0 and not eof:
        from tremor.io._text import check_text_bytes

        check_text_bytes(bytes(data[:_HEAD_BYTES]), display or str(p), complete=False)
        raise FormatError(
            f"line 1 is longer than {_HEAD_MAX_BYTES >> 20} MiB with no line end: not a text "
            "recording, or its line ends were lost",
            path=display or str(p),
            line=1,
            expected="lines of a few hundred bytes, each ending in LF or CRLF",
            found=bytes(data[:60]).decode("utf-8", "replace"),
        )
    complete = eof
    if cut >= 0 and (len(data) >= _HEAD_BYTES or not eof):
        complete = complete and cut == len(data) - 1
        del data[cut + 1 :]
    shown = display if display is not None else str(p)
    text, notes = decode_text(bytes(data), shown, complete=complete)
    return TextSource(display=shown, name=name or p.name, text=text, path=p, notes=notes)


class NotStreamable(Exception):
    """Raised by a block reader to hand the file to the whole-file reader, saying why.

    Parameters
    ----------
    why : str
        What the block reader could not decide from the stream (a sentence for the user).
    line : int or None
        1-based line where the stream met it (None: the file as a whole).
    column : str or None
        Column concerned.
    expected, found : str or None
        What the block reader expected, and what it found.
    """

    def __init__(
        self,
        why: str = "",
        *,
        line: int | None = None,
        column: str | None = None,
        expected: str | None = None,
        found: str | None = None,
    ) -> None:
        super().__init__(why)
        self.why = why
        self.line = line
        self.column = column
        self.expected = expected
        self.found = found


class BadBlock(NotStreamable):
    """The block parser refused a row (bad cell, missing value, wrong field count): locate it."""


class TimeTurnsFloat(NotStreamable):
    """An integer time column holds a non-integer later: the whole file's times are floats.

    The reader (generic CSV) then reads the whole time column as floats; the block path spills
    the file again with a float time column.
    """


#: Bytes per block of the streaming CSV reader. pyarrow's pool peaks at about 20 blocks (read-ahead
#: and parse buffers): 160 MB with 8 MB blocks, 80 MB with 2 MB, for the same parse time.
CSV_BLOCK_BYTES = 2 << 20


def csv_blocks(
    p: Path,
    offset: int,
    sep: str,
    decimal: str,
    n_fields: int,
    cols: list[int],
    chunk: int,
    use_threads: bool,
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """(time, acc) blocks of the data rows after byte ``offset`` (values as in the file)."""
    for arrays in typed_blocks(
        p, offset, sep, decimal, n_fields, cols, ["f"] * len(cols), chunk, use_threads
    ):
        yield arrays[0], np.column_stack(arrays[1:])


def typed_blocks(
    p: Path,
    offset: int,
    sep: str,
    decimal: str,
    n_fields: int,
    cols: list[int],
    kinds: list[str],
    chunk: int,
    use_threads: bool,
) -> Iterator[list[np.ndarray]]:
    """Blocks of columns ``cols`` of the data rows after byte ``offset``, each parsed as its kind.

    Kinds: ``"f"`` float64, ``"i"`` int64 (exact, e.g. Unix ns), ``"ts"`` an ISO date-time as int64
    ns. Any row the reader cannot parse, or a missing value, raises :class:`NotStreamable`.
    """
    try:
        import pyarrow as pa
        import pyarrow.csv as pacsv
    except ImportError:
        yield from _pandas_typed_blocks(p, offset, sep, decimal, n_fields, cols, kinds, chunk)
        return
    arrow_type = {"f": pa.float64(), "i": pa.int64(), "ts": pa.timestamp("ns")}
    names = [f"c{i}" for i in range(n_fields)]
    wanted = [names[c] for c in cols]
    # pyarrow's own file (not a Python file object, whose reads would be Python bytes) and small
    # blocks: the streaming reader's read-ahead stays a few blocks, whatever the file's length
    with pa.OSFile(str(p), "rb") as raw:
        raw.seek(offset)
        try:
            reader = pacsv.open_csv(
                raw,
                read_options=pacsv.ReadOptions(
                    column_names=names, block_size=CSV_BLOCK_BYTES, use_threads=use_threads
                ),
                parse_options=pacsv.ParseOptions(delimiter=sep, quote_char='"'),
                convert_options=pacsv.ConvertOptions(
                    include_columns=wanted,
                    decimal_point=decimal,
                    column_types={c: arrow_type[k] for c, k in zip(wanted, kinds)},
                ),
            )
            for batch in reader:
                columns = [batch.column(c) for c in wanted]
                if any(c.null_count for c in columns):
                    raise BadBlock  # a missing value: located by locate_bad_row
                yield [
                    c.to_numpy(zero_copy_only=False).view(np.int64)
                    if k == "ts"
                    else c.to_numpy(zero_copy_only=False)
                    for c, k in zip(columns, kinds)
                ]
        except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
            raise BadBlock from None


def _pandas_typed_blocks(
    p: Path, offset: int, sep: str, decimal: str, n_fields: int, cols: list[int], kinds: list[str], chunk: int
) -> Iterator[list[np.ndarray]]:
    import pandas as pd

    dtypes = {c: {"f": np.float64, "i": np.int64, "ts": str}[k] for c, k in zip(cols, kinds)}
    with open(p, "rb") as raw:
        raw.seek(offset)
        try:
            for df in pd.read_csv(
                raw,
                sep=sep,
                decimal=decimal,
                header=None,
                usecols=cols,
                names=list(range(n_fields)),
                dtype=dtypes,
                keep_default_na=False,
                engine="c",
                chunksize=chunk,
                quotechar='"',
            ):
                out = []
                for c, k in zip(cols, kinds):
                    if k == "ts":
                        parsed = pd.to_datetime(df[c], format="%Y-%m-%dT%H:%M:%S.%f", errors="coerce")
                        if parsed.isna().any():
                            raise BadBlock
                        out.append(parsed.to_numpy().astype("datetime64[ns]").astype(np.int64))
                    else:
                        out.append(df[c].to_numpy())
                yield out
        except (ValueError, OverflowError, pd.errors.ParserError):
            raise BadBlock from None


def data_offset(p: Path, data_start: int) -> int:
    return 0 if data_start == 0 else line_end_offset(p, data_start - 1)


def line_end_offset(p: Path, idx: int) -> int:
    """Byte offset just after line ``idx`` (0-based) of ``p``."""
    with open(p, "rb") as fh:
        seen, pos = 0, 0
        while True:
            block = fh.read(1 << 16)
            if not block:
                return pos
            start = 0
            while True:
                k = block.find(b"\n", start)
                if k < 0:
                    break
                if seen == idx:
                    return pos + k + 1
                seen += 1
                start = k + 1
            pos += len(block)


# ------------------------------------------------------------------ locating a refused row
_SCAN_BYTES = 1 << 20


def _skip_rows(fh: Any, rows: int) -> int:
    """Read past ``rows`` non-blank lines of ``fh``; return the number of lines read."""
    n_lines = 0
    while rows > 0:
        line = fh.readline()
        if not line:
            break
        n_lines += 1
        if line.strip():
            rows -= 1
    return n_lines


def line_of_row(p: Path, offset: int, first_line: int, row: int) -> int:
    """1-based file line of data row ``row`` (0-based; blank lines skipped, as the parsers do).

    Parameters
    ----------
    p : Path
        The file.
    offset : int
        Byte offset of the first data line.
    first_line : int
        1-based line number of the line at ``offset``.
    row : int
        0-based data row.

    Returns
    -------
    int
        Its 1-based line in the file.
    """
    with open(p, "rb") as fh:
        fh.seek(offset)
        n = _skip_rows(fh, row)
        while True:  # blank lines before the row itself
            pos = fh.tell()
            line = fh.readline()
            if not line or line.strip():
                fh.seek(pos)
                break
            n += 1
    return first_line + n


def locate_bad_row(
    p: Path,
    display: str,
    offset: int,
    first_line: int,
    rows_ok: int,
    sep: str,
    decimal: str,
    columns: Any,
    n_fields: int | None,
) -> FormatError | None:
    """The whole-file reader's error for the first refused row after the first ``rows_ok`` rows.

    Reads on from row ``rows_ok`` in windows of about 1 MiB of lines (bounded memory whatever the
    file's length) and checks each row as :func:`tremor.io._table.find_problem` does.

    Parameters
    ----------
    p : Path
        The file.
    display : str
        How the file is named in messages.
    offset : int
        Byte offset of the first data line.
    first_line : int
        1-based line number of the line at ``offset``.
    rows_ok : int
        Data rows already read without a problem.
    sep, decimal : str
        Field separator and decimal mark.
    columns : sequence of Column
        The columns read (as the whole-file reader reads them).
    n_fields : int or None
        Number of header fields, None for a headerless file.

    Returns
    -------
    FormatError or None
        The problem, naming the file's line, the column, what was expected and what was found;
        None if no row after ``rows_ok`` is refused.
    """
    from tremor.io._table import find_problem
    from tremor.io._text import TextSource

    with open(p, "rb") as fh:
        fh.seek(offset)
        base = first_line - 1 + _skip_rows(fh, rows_ok)
        while True:
            data = fh.read(_SCAN_BYTES)
            if not data:
                return None
            if not data.endswith(b"\n"):
                data += fh.readline()  # whole lines only
            text = data.decode("utf-8", errors="replace")
            window = TextSource(display=display, name=p.name, text=text)
            problem = find_problem(window, 0, sep, decimal, columns, n_fields, line_base=base)
            if problem is not None:
                return problem
            base += len(window.lines)


def unterminated_last_line(p: Path) -> str | None:
    """The whole-file reader's note for a file whose last line has no line end (None if it has one).

    Parameters
    ----------
    p : Path
        The file.

    Returns
    -------
    str or None
        The note, naming the last line (lines counted block by block, in bounded memory).
    """
    size = p.stat().st_size
    with open(p, "rb") as fh:
        if size == 0:
            return None
        fh.seek(size - 1)
        if fh.read(1) == b"\n":
            return None
        fh.seek(0)
        n_lines = 1
        while block := fh.read(_SCAN_BYTES):
            n_lines += block.count(b"\n")
        fh.seek(max(size - 4096, 0))
        tail = fh.read().rsplit(b"\n", 1)[-1]
    if not tail.strip():
        return None
    return (
        f"line {n_lines} (the last) has no line end: the file may have been cut inside its last "
        "number; that row was kept as read"
    )
