"""MbientLab MetaBase CSV exports (MetaWear / MetaMotion accelerometer).

::

    epoch (ms),time (01:00),elapsed (s),x-axis (g),y-axis (g),z-axis (g)
    1547219408431,2019-01-11T16:10:08.431,0.000,0.010,0.964,-0.087

Also the dialect re-saved by pandas (``2019-01-12 16:10:08.431``, ``0.0``). Sample times come from
``epoch (ms)`` (integer Unix ms); the header's ``time (01:00)`` names the UTC offset of the local
time column (kept in details). The declared rate comes from the file name (``_12.500Hz_``).
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from tremor.core.recording import Recording

from ..errors import FormatError
from ._common import build_recording, reconcile_fs, units_from_text
from ._table import Column, check_increasing, read_columns
from ._text import TextSource, first_content_line, header_line_index, split_fields

__all__ = ["looks_like_metawear", "read_metawear"]

_AXIS_RE = re.compile(r"^([xyz])-axis\s*\((?P<unit>[^)]*)\)$", re.IGNORECASE)
_RATE_RE = re.compile(r"_(\d+(?:\.\d+)?)Hz_", re.IGNORECASE)
_MAC_RE = re.compile(r"_([0-9A-F]{12})_")
_OFFSET_RE = re.compile(r"^time\s*\((?P<off>[^)]*)\)$", re.IGNORECASE)


def _header(src: TextSource) -> tuple[int, list[str]]:
    idx = first_content_line(src.lines)
    fields = split_fields(src.lines[idx], ",") if idx < len(src.lines) else []
    return idx, fields


def looks_like_metawear(src: TextSource) -> bool:
    """True when the header starts ``epoch (ms)`` and has ``x-axis (...)`` columns."""
    _, fields = _header(src)
    return bool(fields) and fields[0].lower() == "epoch (ms)" and any(_AXIS_RE.match(f) for f in fields)


def read_metawear(src: TextSource, *, fs: float | None = None, units: str | None = None) -> Recording:
    """Read a MetaBase accelerometer CSV.

    Parameters
    ----------
    src : TextSource
        The file.
    fs : float or None
        Checked against the timestamps (refused if more than 5 % off); not needed.
    units : str or None
        Overrides the header's units (normally ``g``).

    Returns
    -------
    Recording
    """
    header_line_index(src, "a MetaBase header such as 'epoch (ms),time (01:00),elapsed (s),x-axis (g),...'")
    idx, fields = _header(src)
    line = idx + 1
    axes: dict[str, tuple[int, str]] = {}
    for i, name in enumerate(fields):
        m = _AXIS_RE.match(name)
        if m:
            axes[m.group(1).lower()] = (i, m.group("unit"))
    if set(axes) != {"x", "y", "z"}:
        raise FormatError(
            "MetaBase file without x/y/z-axis columns",
            path=src.display,
            line=line,
            expected="x-axis (g),y-axis (g),z-axis (g)",
            found=src.lines[idx],
        )
    unit_set = {units_from_text(u) for _, u in axes.values()}
    if len(unit_set) != 1 or None in unit_set:
        kind = "gyroscope" if "deg/s" in src.lines[idx] else "non-accelerometer"
        raise FormatError(
            f"this MetaBase file holds {kind} data, not acceleration",
            path=src.display,
            line=line,
            expected="x-axis (g)",
            found=fields[axes["x"][0]],
        )
    file_units = unit_set.pop()
    assert file_units is not None
    cols = [Column("t", 0, fields[0], "int")] + [
        Column(a, axes[a][0], fields[axes[a][0]], acc=True) for a in "xyz"
    ]
    table = read_columns(src, data_start=idx + 1, sep=",", columns=cols, n_fields=len(fields))
    check_increasing(table, "t", fields[0])
    t_ms = table["t"]
    time_s = (t_ms - t_ms[0]).astype(np.float64) / 1e3
    acc = np.column_stack([table[a] for a in "xyz"])
    details: dict[str, Any] = {**src.notes}
    if len(fields) > 1:
        m = _OFFSET_RE.match(fields[1])
        if m:
            details["local_time_utc_offset"] = m.group("off")
    second = src.lines[idx + 1] if idx + 1 < len(src.lines) else ""
    details["dialect"] = (
        "re-saved (space in time, trailing zeros stripped)"
        if re.match(r"^\d+,\d{4}-\d\d-\d\d ", second)
        else "MetaBase"
    )
    fs_declared = None
    m = _RATE_RE.search(src.name)
    if m:
        fs_declared = float(m.group(1))
    device = "MetaWear"
    m = _MAC_RE.search(src.name)
    if m:
        mac = m.group(1)
        device = "MetaWear " + ":".join(mac[i : i + 2] for i in range(0, 12, 2))
    reconcile_fs(fs, time_s, src.display, details)
    if units is not None and units != file_units:
        details["units_in_file"], details["units_override"] = file_units, units
        file_units = units
    return build_recording(
        time_s=time_s,
        acc=acc,
        units=file_units,
        gravity_included=True,
        path=src.display,
        format="metawear",
        details=details,
        device=device,
        start_unix_s=int(t_ms[0]) / 1e3,
        fs_declared_hz=fs_declared,
        owned=True,
    )
