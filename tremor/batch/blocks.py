"""Text blocks of the long-file path: a file's head (what the io readers decide from) and typed CSV blocks.

:func:`head_source` reads a file's first complete lines as a :class:`tremor.io._text.TextSource`;
:func:`typed_blocks` parses the data rows after a byte offset in blocks (pyarrow's streaming CSV
reader, or pandas in chunks where pyarrow is absent). Anything the block parser does not handle
exactly as the whole-file reader (a bad row, a missing value) raises :class:`NotStreamable`, and
the file is handed to the whole-file reader, which names the line.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from tremor.errors import FormatError

__all__ = [
    "NotStreamable",
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
    from tremor.io._dispatch import _detect_text, _starts_with_magic

    if _starts_with_magic(p):
        return "firmware_log"
    return _detect_text(head_source(p))


def head_source(p: Path) -> Any:
    """The first complete lines of ``p`` as a TextSource (what the io readers decide from).

    At most :data:`_HEAD_MAX_BYTES` are read: a file whose first line is longer than that is
    not a text recording (or has lost its line ends) and is refused, naming the line.
    """
    from tremor.io._text import TextSource, _decode

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

        check_text_bytes(bytes(data[:_HEAD_BYTES]), str(p), complete=False)
        raise FormatError(
            f"line 1 is longer than {_HEAD_MAX_BYTES >> 20} MiB with no line end: not a text "
            "recording, or its line ends were lost",
            path=str(p),
            line=1,
            expected="lines of a few hundred bytes, each ending in LF or CRLF",
            found=bytes(data[:60]).decode("utf-8", "replace"),
        )
    complete = eof
    if cut >= 0 and (len(data) >= _HEAD_BYTES or not eof):
        complete = complete and cut == len(data) - 1
        del data[cut + 1 :]
    text, notes = _decode(bytes(data), str(p), complete=complete)
    return TextSource(display=str(p), name=p.name, text=text, path=p, notes=notes)


class NotStreamable(Exception):
    """Raised by a spiller to hand the file to the whole-file reader."""


#: Bytes per block of the streaming CSV reader.
CSV_BLOCK_BYTES = 8 << 20


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
    # pyarrow's own file (not a Python file object, whose reads would be Python bytes) and 8 MB
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
                    raise NotStreamable  # a missing value: the whole-file reader names its line
                yield [
                    c.to_numpy(zero_copy_only=False).view(np.int64)
                    if k == "ts"
                    else c.to_numpy(zero_copy_only=False)
                    for c, k in zip(columns, kinds)
                ]
        except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
            raise NotStreamable from None


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
                            raise NotStreamable
                        out.append(parsed.to_numpy().astype("datetime64[ns]").astype(np.int64))
                    else:
                        out.append(df[c].to_numpy())
                yield out
        except (ValueError, pd.errors.ParserError):
            raise NotStreamable from None


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
