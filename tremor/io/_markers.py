"""Set markers given by the user: a sidecar CSV file or a ``--sets`` option string."""

from __future__ import annotations

import math
import re
from pathlib import Path

from tremor.core.recording import SetMarker

from ..errors import FormatError, ParameterError
from ._text import guess_separator, load_text, split_fields

__all__ = ["read_set_markers", "parse_sets_option"]

_RANGE_RE = re.compile(r"^\s*(?P<a>\d+(?:\.\d*)?|\.\d+)\s*-\s*(?P<b>\d+(?:\.\d*)?|\.\d+)\s*$")


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def read_set_markers(path: str | Path) -> tuple[SetMarker, ...]:
    """Read a sidecar CSV of sets: ``start_s,end_s[,label]``, one set per line.

    A header line (e.g. ``start_s,end_s,label``) is optional; ``#`` lines and blank lines are
    skipped. Times are seconds from the first sample. Each set must have ``0 <= start < end``.

    Parameters
    ----------
    path : str or Path
        The CSV file.

    Returns
    -------
    tuple of SetMarker
        In file order.

    Raises
    ------
    FormatError
        Empty file, a non-numeric or negative time, ``end <= start``, a row with too few fields;
        the message names the line and column.
    """
    src = load_text(path)
    markers: list[SetMarker] = []
    first_data = True
    for i, raw in enumerate(src.lines):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        fields = split_fields(line, guess_separator(line))
        if first_data:
            first_data = False
            if (
                fields
                and _number(fields[0]) is None
                and fields[0].lower().startswith(("start", "begin", "from"))
            ):
                continue  # header
        if len(fields) < 2:
            raise FormatError(
                "set row needs a start and an end time",
                path=src.display,
                line=i + 1,
                expected="start_s,end_s[,label]",
                found=raw,
            )
        values = []
        for col, text in zip(("start_s", "end_s"), fields[:2]):
            value = _number(text)
            if value is None or value < 0:
                raise FormatError(
                    "set time is not a non-negative number of seconds",
                    path=src.display,
                    line=i + 1,
                    column=col,
                    expected="seconds from the first sample",
                    found=text,
                )
            values.append(value)
        start, end = values
        if end <= start:
            raise FormatError(
                "set ends before it starts",
                path=src.display,
                line=i + 1,
                column="end_s",
                expected=f"a time after start_s = {start:g}",
                found=fields[1],
            )
        label = ",".join(fields[2:]).strip() or None
        markers.append(SetMarker(start, end, label))
    if not markers:
        raise FormatError(
            "no sets in the file",
            path=src.display,
            expected="start_s,end_s[,label] rows",
            found="no data rows",
        )
    return tuple(markers)


def parse_sets_option(text: str) -> tuple[SetMarker, ...]:
    """Parse a ``--sets`` option such as ``"12-45,90-130.5"`` (seconds from the first sample).

    Parameters
    ----------
    text : str
        Comma-separated ``start-end`` ranges.

    Returns
    -------
    tuple of SetMarker
        Unlabelled sets, in the order given.

    Raises
    ------
    ParameterError
        An item that is not ``start-end`` with ``0 <= start < end`` (the message quotes it).
    """
    if not isinstance(text, str) or not text.strip():
        raise ParameterError(f"--sets must list ranges like '12-45,90-130.5', got {text!r}")
    markers = []
    for n, item in enumerate(text.split(","), start=1):
        m = _RANGE_RE.match(item)
        if not m:
            raise ParameterError(
                f"--sets item {n} ({item.strip()!r}) is not a range 'start-end' in "
                f"seconds, e.g. '12-45,90-130.5'; got {text!r}"
            )
        start, end = float(m.group("a")), float(m.group("b"))
        if end <= start:
            raise ParameterError(
                f"--sets item {n} ({item.strip()!r}) ends before it starts; expected start < end"
            )
        markers.append(SetMarker(start, end))
    return tuple(markers)
