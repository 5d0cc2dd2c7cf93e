"""phyphox CSV exports ("Acceleration with g", "Linear Acceleration", "Accelerometer").

Header styles handled (quoted or not)::

    "Time (s)","Linear Acceleration x (m/s^2)",...,"Absolute acceleration (m/s^2)"   fileFormat 1.17
    "Time (s)","Acceleration x (m/s^2)",...                                           with gravity
    "Time (s)","X (m/s^2)","Y (m/s^2)","Z (m/s^2)"                                    fileFormat 1.18

Separators: comma, tab or ``;``; the "Excel" export uses a decimal comma. Time is seconds since the
phyphox experiment start (a paused experiment is spliced, not gapped: see ``meta/time.csv``).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from tremor.core.recording import Recording

from ..errors import FormatError
from ._common import build_recording, reconcile_fs, units_from_text
from ._table import Column, check_increasing, read_columns
from ._text import TextSource, first_content_line, guess_separator, split_fields

if TYPE_CHECKING:
    from ._decided import TableDecision, WholeFileStats

__all__ = ["decide_phyphox", "looks_like_phyphox", "read_phyphox"]

_TIME_RE = re.compile(r"^time\s*\(s\)$", re.IGNORECASE)
_AXIS_RE = re.compile(
    r"^(?P<kind>linear\s+acceleration\s+|acceleration\s+)?(?P<axis>[xyz])\s*\((?P<unit>[^)]*)\)$",
    re.IGNORECASE,
)


def _header(src: TextSource) -> tuple[int, str, list[str]]:
    idx = first_content_line(src.lines)
    if idx >= len(src.lines):
        raise FormatError("no header line", path=src.display)
    line = src.lines[idx]
    sep = guess_separator(line)
    return idx, sep, split_fields(line, sep)


def _axis_columns(fields: list[str]) -> dict[str, tuple[int, str, str]]:
    found: dict[str, tuple[int, str, str]] = {}
    for i, name in enumerate(fields):
        m = _AXIS_RE.match(name)
        if m and units_from_text(m.group("unit")) == "m/s^2":
            found.setdefault(m.group("axis").lower(), (i, (m.group("kind") or "").strip().lower(), name))
    return found


def looks_like_phyphox(src: TextSource) -> bool:
    """True when the header has ``Time (s)`` first and x/y/z acceleration columns in m/s^2."""
    try:
        _, _, fields = _header(src)
    except FormatError:
        return False
    return bool(fields) and bool(_TIME_RE.match(fields[0])) and len(_axis_columns(fields)) == 3


def _decimal_mark(src: TextSource, start: int, sep: str) -> str:
    if sep == ",":
        return "."
    for line in src.lines[start : start + 20]:
        if "," in line:
            return ","
        if "." in line:
            return "."
    return "."


def _gravity_from_norm(median_norm: float, details: dict[str, Any]) -> bool:
    """Gravity included, where neither header nor name says, from the median |a| in m/s^2."""
    details["gravity_from"] = f"median |a| = {median_norm:.3g} m/s^2"
    return median_norm > 4.0


def read_phyphox(src: TextSource, *, fs: float | None = None, units: str | None = None) -> Recording:
    """Read a phyphox acceleration export.

    Parameters
    ----------
    src : TextSource
        The file.
    fs : float or None
        Checked against the time column (refused if more than 5 % off); not needed.
    units : str or None
        Overrides the ``m/s^2`` the header states (recorded in ``details``).

    Returns
    -------
    Recording
        ``details["gravity_inferred"]`` is True when neither the header nor the file name said
        whether gravity is included and the median magnitude decided it.
    """
    idx, sep, fields = _header(src)
    if not fields or not _TIME_RE.match(fields[0]):
        raise FormatError(
            "not a phyphox export",
            path=src.display,
            line=idx + 1,
            column=fields[0] if fields else None,
            expected="first column 'Time (s)'",
            found=src.lines[idx],
        )
    axes = _axis_columns(fields)
    for axis in "xyz":
        if axis not in axes:
            raise FormatError(
                f"phyphox header has no {axis} acceleration column",
                path=src.display,
                line=idx + 1,
                expected=f"'{axis.upper()} (m/s^2)' or 'Linear Acceleration {axis} (m/s^2)'",
                found=src.lines[idx],
            )
    decimal = _decimal_mark(src, idx + 1, sep)
    cols = [Column("t", 0, fields[0])] + [Column(a, axes[a][0], axes[a][2], acc=True) for a in "xyz"]
    table = read_columns(
        src, data_start=idx + 1, sep=sep, decimal=decimal, columns=cols, n_fields=len(fields)
    )
    check_increasing(table, "t", fields[0])
    t = table["t"]
    acc = np.column_stack([table[a] for a in "xyz"])
    details: dict[str, Any] = {"header_style": "", "separator": sep, "decimal": decimal, **src.notes}
    kinds = {axes[a][1] for a in "xyz"}
    gravity_inferred = False
    if "linear acceleration" in kinds:
        gravity, details["header_style"] = False, "Linear Acceleration x (m/s^2)"
    elif "acceleration" in kinds:
        gravity, details["header_style"] = True, "Acceleration x (m/s^2)"
    else:
        details["header_style"] = "X (m/s^2)"
        if "linear" in src.name.lower():
            gravity = False
            details["gravity_from"] = "file name contains 'Linear'"
        else:
            gravity = _gravity_from_norm(float(np.median(np.linalg.norm(acc, axis=1))), details)
            gravity_inferred = True
    details["gravity_inferred"] = gravity_inferred
    reconcile_fs(fs, t, src.display, details)
    file_units = "m/s^2"
    if units is not None and units != file_units:
        details["units_in_file"] = file_units
        details["units_override"] = units
        file_units = units
    return build_recording(
        time_s=t,
        acc=acc,
        units=file_units,
        gravity_included=gravity,
        path=src.display,
        format="phyphox",
        details=details,
        owned=True,
    )


def _finish_phyphox(
    d: TableDecision, stats: WholeFileStats, details: dict[str, Any]
) -> tuple[str, bool, tuple[Any, ...]]:
    gravity = d.gravity
    if stats.median_norm is not None:
        gravity = _gravity_from_norm(stats.median_norm, details)
    return d.units, gravity, ()


def decide_phyphox(p: Path, head: TextSource, *, fs: float | None, units: str | None) -> TableDecision:
    """The decision of :func:`read_phyphox` on the head of ``p``, to read the rest block by block.

    Parameters
    ----------
    p : Path
        The file.
    head : TextSource
        Its first complete lines.
    fs : float or None
        Checked against the whole file's timestamps at the end.
    units : str or None
        As :func:`read_phyphox`.

    Returns
    -------
    TableDecision
        Columns, separator, decimal mark, units and gravity (from the whole file's median |a|
        where the reader infers it).
    """
    from ._decided import drop_head_counts, head_decision

    # The whole-file reader on the head validates the header and makes every decision that the
    # header decides (columns, separator, decimal mark, gravity, units), with its own messages.
    head_rec = read_phyphox(head, fs=None, units=units)
    idx, sep, fields = _header(head)
    axes = _axis_columns(fields)
    infer = bool(head_rec.source.details.get("gravity_inferred"))
    details = drop_head_counts(
        head_rec.source.details, "first_time_in_file_s", *(("gravity_from",) if infer else ())
    )
    return head_decision(
        p,
        head,
        "phyphox",
        head_rec,
        details,
        data_start=idx + 1,
        sep=sep,
        decimal=_decimal_mark(head, idx + 1, sep),
        n_fields=len(fields),
        time=Column("t", 0, fields[0]),
        axes=[Column(a, axes[a][0], axes[a][2], acc=True) for a in "xyz"],
        norm_of="acc" if infer else None,
        gravity=head_rec.gravity_included,
        fs=fs,
        shift_first_time=True,
        finisher=_finish_phyphox,
    )
