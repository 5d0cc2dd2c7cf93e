"""Polar Sensor Logger (PSL) ACC files, with the ``MARKER.txt`` beside them.

::

    Phone timestamp;sensor timestamp [ns];X [mg];Y [mg];Z [mg]
    2022-04-25T11:39:36.978;704201974831254116;-777;436;-499

* The sensor timestamps (ns since 2000-01-01T00:00:00, the Polar epoch; +946 684 800 s gives Unix
  time) are used for sample times; the phone column is only the (batched) receive time.
* The sensor clock is set by the phone, often to local time, so ``start_unix_s`` may be off by
  the time-zone offset.
* Range and resolution are not in the file: ``range_mps2`` is None.
* ``MARKER.txt`` (``Phone timestamp;Marker start/stop``, values ``MARKER_START `` /
  ``MARKER_STOP `` with a trailing space) is mapped from phone time to sensor time through the
  median phone-minus-sensor offset of the ACC rows (so markers carry the same receive latency
  as the samples, about 0.1 s on this file), and pairs become :class:`SetMarker` labelled
  ``"marker"``.
"""

from __future__ import annotations

import io
import re
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from tremor.core.recording import Recording, SetMarker

if TYPE_CHECKING:
    import pandas as pd

    from ._decided import TableDecision, WholeFileStats

from ..errors import FormatError, TremorWarning
from ._common import build_recording, ns_to_rel_s, reconcile_fs
from ._table import Column, check_increasing, read_columns
from ._text import TextSource, first_content_line, header_line_index, load_text, split_fields

__all__ = ["POLAR_EPOCH_UNIX_S", "decide_polar", "looks_like_polar", "read_polar"]

#: 2000-01-01T00:00:00 as Unix seconds.
POLAR_EPOCH_UNIX_S = 946_684_800
_EPOCH_NS = POLAR_EPOCH_UNIX_S * 1_000_000_000

_HEAD_RE = re.compile(r"^phone timestamp;sensor timestamp \[ns\];", re.IGNORECASE)
_AXIS_RE = re.compile(r"^([xyz])\s*\[(?P<unit>[^\]]*)\]$", re.IGNORECASE)


def looks_like_polar(src: TextSource) -> bool:
    """True when the header starts ``Phone timestamp;sensor timestamp [ns];``."""
    idx = first_content_line(src.lines)
    return idx < len(src.lines) and bool(_HEAD_RE.match(src.lines[idx].strip()))


def _phone_ns(values: pd.Series, display: str, first_line: int, column: str) -> np.ndarray:
    import pandas as pd  # lazily: reading a wristband log needs no pandas

    parsed = pd.to_datetime(values.str.strip(), format="%Y-%m-%dT%H:%M:%S.%f", errors="coerce")
    bad = np.flatnonzero(parsed.isna().to_numpy())
    if bad.size:
        r = int(bad[0])
        raise FormatError(
            "phone timestamp is not a date-time",
            path=display,
            line=first_line + r,
            column=column,
            expected="YYYY-MM-DDTHH:MM:SS.fff",
            found=str(values.iloc[r]),
        )
    return parsed.to_numpy().astype("datetime64[ns]").astype(np.int64)


def _read_markers(
    path: Path, offset_ns: int, t0_sensor_ns: int
) -> tuple[tuple[SetMarker, ...], dict[str, Any]]:
    import pandas as pd  # lazily: reading a wristband log needs no pandas

    src = load_text(path)
    df = pd.read_csv(io.StringIO(src.text), sep=";", dtype=str, keep_default_na=False)
    if list(df.columns[:2]) != ["Phone timestamp", "Marker start/stop"]:
        raise FormatError(
            "unexpected MARKER file header",
            path=src.display,
            line=1,
            expected="Phone timestamp;Marker start/stop",
            found=src.lines[0],
        )
    phone = _phone_ns(df["Phone timestamp"], src.display, 2, "Phone timestamp")
    markers: list[SetMarker] = []
    unpaired: list[str] = []
    open_at: float | None = None
    for row, (t_phone, value) in enumerate(zip(phone, df["Marker start/stop"])):
        t = (int(t_phone) - offset_ns - t0_sensor_ns) / 1e9
        kind = value.strip().upper()
        if kind == "MARKER_START":
            if open_at is not None:
                unpaired.append(f"start at {open_at:.2f} s")
            open_at = t
        elif kind == "MARKER_STOP":
            if open_at is None:
                unpaired.append(f"stop at {t:.2f} s")
            else:
                markers.append(SetMarker(open_at, t, "marker"))
                open_at = None
        else:
            raise FormatError(
                "unknown marker value",
                path=src.display,
                line=row + 2,
                column="Marker start/stop",
                expected="MARKER_START or MARKER_STOP",
                found=value,
            )
    if open_at is not None:
        unpaired.append(f"start at {open_at:.2f} s")
    if unpaired:
        warnings.warn(f"{src.display}: unpaired markers: {', '.join(unpaired)}", TremorWarning, stacklevel=4)
    return tuple(markers), {"marker_file": src.display, "unpaired_markers": unpaired}


def read_polar(src: TextSource, *, fs: float | None = None, units: str | None = None) -> Recording:
    """Read a Polar Sensor Logger ACC file (and its ``MARKER.txt``, if beside it).

    Parameters
    ----------
    src : TextSource
        The ACC file.
    fs : float or None
        Checked against the sensor timestamps (refused if more than 5 % off); not needed.
    units : str or None
        Overrides the units in the header (normally ``mg``).

    Returns
    -------
    Recording
    """
    import pandas as pd  # lazily: reading a wristband log needs no pandas

    idx = header_line_index(
        src, "a header such as 'Phone timestamp;sensor timestamp [ns];X [mg];Y [mg];Z [mg]'"
    )
    fields = split_fields(src.lines[idx], ";")
    line = idx + 1
    axes: dict[str, tuple[int, str]] = {}
    for i, name in enumerate(fields[2:], start=2):
        m = _AXIS_RE.match(name)
        if m:
            axes[m.group(1).lower()] = (i, m.group("unit").strip().lower())
    if set(axes) != {"x", "y", "z"}:
        raise FormatError(
            "Polar file has no X/Y/Z columns",
            path=src.display,
            line=line,
            expected="X [mg];Y [mg];Z [mg]",
            found=src.lines[idx],
        )
    unit_text = {u for _, u in axes.values()}
    if unit_text != {"mg"}:
        what = "gyroscope" if unit_text == {"dps"} else "non-accelerometer"
        raise FormatError(
            f"this Polar file holds {what} data, not acceleration",
            path=src.display,
            line=line,
            expected="X [mg];Y [mg];Z [mg] (an *_ACC.txt file)",
            found=src.lines[idx],
        )
    cols = [Column("t", 1, fields[1], "int")] + [
        Column(a, axes[a][0], fields[axes[a][0]], acc=True) for a in "xyz"
    ]
    table = read_columns(src, data_start=idx + 1, sep=";", columns=cols, n_fields=len(fields))
    check_increasing(table, "t", fields[1])
    t_ns = table["t"]
    acc = np.column_stack([table[a] for a in "xyz"])
    time_s = ns_to_rel_s(t_ns)
    details: dict[str, Any] = {"time_source": "sensor timestamp [ns] (Polar epoch 2000-01-01)", **src.notes}
    reconcile_fs(fs, time_s, src.display, details)
    markers: tuple[SetMarker, ...] = ()
    phone_df = pd.read_csv(io.StringIO(src.text), sep=";", skiprows=idx, usecols=[0], dtype=str)
    phone_ns = _phone_ns(phone_df.iloc[:, 0], src.display, idx + 2, fields[0])
    sensor_unix_ns = t_ns + _EPOCH_NS
    offset_ns = int(np.median(phone_ns - sensor_unix_ns))
    details["phone_minus_sensor_s"] = offset_ns / 1e9
    if src.path is not None:
        marker_files = sorted(
            p for p in src.path.parent.iterdir() if p.is_file() and p.name.upper().endswith("MARKER.TXT")
        )
        # PSL names files <prefix>_ACC.txt / <prefix>_MARKER.txt; prefer the same session's file.
        prefix = src.name[: -len("ACC.txt")] if src.name.upper().endswith("ACC.TXT") else None
        same = [p for p in marker_files if prefix and p.name.upper() == (prefix + "MARKER.txt").upper()]
        plain = [p for p in marker_files if p.name.upper() == "MARKER.TXT"]
        marker_files = same or (plain if len(marker_files) > 1 and plain else marker_files)
        if len(marker_files) == 1:
            markers, info = _read_markers(marker_files[0], offset_ns, int(t_ns[0]) + _EPOCH_NS)
            details.update(info)
        elif len(marker_files) > 1:
            details["marker_files_ignored"] = [str(p) for p in marker_files]
            warnings.warn(
                f"{src.display}: several MARKER files beside it, none used: "
                f"{', '.join(p.name for p in marker_files)}",
                TremorWarning,
                stacklevel=3,
            )
    file_units = "mg"
    if units is not None and units != file_units:
        details["units_in_file"], details["units_override"] = file_units, units
        file_units = units
    device = None
    m = re.match(r"^Polar_([A-Za-z0-9]+)_", src.name)
    if m:
        device = f"Polar {m.group(1)}"
    return build_recording(
        time_s=time_s,
        acc=acc,
        units=file_units,
        gravity_included=True,
        path=src.display,
        format="polar_sensor_logger",
        details=details,
        device=device,
        start_unix_s=int(sensor_unix_ns[0]) / 1e9,
        markers=markers,
        owned=True,
    )


def _finish_polar(
    d: TableDecision, stats: WholeFileStats, details: dict[str, Any]
) -> tuple[str, bool, tuple[SetMarker, ...]]:
    assert stats.median_phone_offset_ns is not None
    offset_ns = stats.median_phone_offset_ns
    details["phone_minus_sensor_s"] = offset_ns / 1e9
    markers: tuple[SetMarker, ...] = ()
    marker_file = details.get("marker_file")
    if marker_file:
        markers, info = _read_markers(Path(marker_file), offset_ns, int(d.first_raw_time) + _EPOCH_NS)
        details.update(info)
    for w in d.replay_warnings:
        warnings.warn(w.message, w.category, stacklevel=2)
    return d.units, True, markers


def decide_polar(p: Path, head: TextSource, *, fs: float | None, units: str | None) -> TableDecision:
    """The decision of :func:`read_polar` on the head of ``p``, to read the rest block by block.

    Parameters
    ----------
    p : Path
        The ACC file.
    head : TextSource
        Its first complete lines.
    fs : float or None
        Checked against the whole file's timestamps at the end.
    units : str or None
        As :func:`read_polar`.

    Returns
    -------
    TableDecision
        Columns (sensor ns since the Polar epoch, phone time), units; the markers are read at the
        end with the whole file's median phone-minus-sensor offset.
    """
    from ._decided import drop_head_counts, head_decision

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        head_rec = read_polar(head, fs=None, units=units)
    idx = first_content_line(head.lines)
    fields = split_fields(head.lines[idx], ";")
    axes: dict[str, int] = {}
    for i, name in enumerate(fields[2:], start=2):
        m = _AXIS_RE.match(name)
        if m:
            axes[m.group(1).lower()] = i
    details = drop_head_counts(head_rec.source.details, "phone_minus_sensor_s", "unpaired_markers")
    marker_file = details.get("marker_file")
    # the MARKER file is read again with the whole file's offset, and warns again itself
    kept = [w for w in caught if not (marker_file and str(w.message).startswith(f"{marker_file}: "))]
    return head_decision(
        p,
        head,
        "polar_sensor_logger",
        head_rec,
        details,
        data_start=idx + 1,
        sep=";",
        decimal=".",
        n_fields=len(fields),
        time=Column("t", 1, fields[1], "int"),
        axes=[Column(a, axes[a], fields[axes[a]], acc=True) for a in "xyz"],
        phone_col=0,
        time_factor=1e-9,
        ns_time=True,
        epoch_ns=_EPOCH_NS,
        fs=fs,
        finisher=_finish_polar,
        replay_warnings=kept,
    )
