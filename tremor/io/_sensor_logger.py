"""Sensor Logger (Kelvin Choi's iOS/Android/watch app) CSV exports, single files or whole exports.

Files read (columns are always mapped by header name, never by position)::

    TotalAcceleration.csv               time,seconds_elapsed,z,y,x   gravity included (Android)
    Accelerometer.csv                   time,seconds_elapsed,z,y,x   user acceleration, no gravity
    WatchAccelerometerUncalibrated.csv  time,seconds_elapsed,x,y,z   raw, gravity included
    WristMotion.csv                     time,...,gravityX..Z,accelerationX..Z,...   (with or without
                                        the pitch,roll,yaw columns of app version >= 1.44)

``time`` is Unix nanoseconds (19 digits) and is parsed as int64; float64 would round it to 256 ns.

Units (decided here, recorded in ``details["units_decision"]``, overridable with ``units=``):

* files with gravity: from the median vector norm (about 1 -> g, about 9.8 -> m/s^2);
* ``Accelerometer.csv`` (gravity removed): m/s^2, as the app's units reference states;
* ``WristMotion.csv``: from the norm of its gravity columns; without them g (the default when
  "Standardise Units & Frames" is off).

``WristMotion`` gives user acceleration and gravity separately; the reader returns their sum
(``gravity_included=True``), which is what a raw wrist accelerometer would measure.

Whole exports (a folder or the ``.zip``: which file is used, ``Annotation.csv`` as set markers)
are read by :mod:`tremor.io._sensor_logger_export`; this module reads one file, whole
(:func:`read_sensor_logger_csv`) or block by block (:func:`decide_sensor_logger`), from one units rule.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from tremor.core.recording import Recording

from ..errors import FormatError
from ._common import build_recording, gravity_magnitude_units, ns_to_rel_s, reconcile_fs
from ._table import Column, check_increasing, read_columns
from ._text import (
    TextSource,
    first_content_line,
    split_fields,
)

if TYPE_CHECKING:
    from ._decided import TableDecision, WholeFileStats

__all__ = [
    "decide_sensor_logger",
    "looks_like_sensor_logger",
    "read_sensor_logger_csv",
]


def _header(src: TextSource) -> tuple[int, list[str]]:
    idx = first_content_line(src.lines)
    if idx >= len(src.lines):
        raise FormatError("no header line", path=src.display)
    return idx, split_fields(src.lines[idx], ",")


def looks_like_sensor_logger(src: TextSource) -> bool:
    """True when the header starts ``time,seconds_elapsed``."""
    try:
        _, fields = _header(src)
    except FormatError:
        return False
    return [f.lower() for f in fields[:2]] == ["time", "seconds_elapsed"]


def _kind(name: str, names: dict[str, int]) -> str:
    low = name.lower()
    if low.endswith("wristmotion.csv") or "accelerationx" in names:
        return "wrist_motion"
    if low.endswith("gravity.csv"):
        return "gravity_only"
    for suffix, kind in (
        ("watchaccelerometeruncalibrated.csv", "watch_uncalibrated"),
        ("accelerometeruncalibrated.csv", "uncalibrated"),
        ("totalacceleration.csv", "total"),
        ("accelerometer.csv", "user"),
    ):
        if low.endswith(suffix):
            return kind
    return "unknown"


def _decide_units(
    kind: str, norm: float | None, units: str | None, details: dict[str, Any]
) -> tuple[str | None, bool]:
    """Units and gravity of a Sensor Logger file, from its kind and median norm (rules in the module doc).

    ``norm`` is the median norm of the gravity columns (WristMotion) or of the samples (files with
    gravity); None where the kind alone decides. ``units`` (the argument) overrides.
    """
    if kind == "wrist_motion":
        if norm is not None:
            file_units = gravity_magnitude_units(norm)
            details["units_decision"] = "from the norm of the gravity columns"
            gravity = True
        else:
            file_units = "g"
            details["units_decision"] = "g: WristMotion default (Standardise Units & Frames off)"
            gravity = False
    elif kind == "user":
        gravity = False
        file_units = "m/s^2"
        details["units_decision"] = "m/s^2: Accelerometer.csv per the Sensor Logger units reference"
    else:
        assert norm is not None
        file_units = gravity_magnitude_units(norm)
        if kind == "unknown":
            gravity = file_units is not None
            details["gravity_inferred"] = True
            if file_units is None:
                file_units = "m/s^2"
            details["units_decision"] = f"median |a| = {norm:.3g}"
        else:
            gravity = True
            details["units_decision"] = f"from the median |a| = {norm:.3g} (gravity included)"
    if units is not None:
        if units != file_units:
            details["units_override"] = units
            details["units_decided_from_file"] = file_units
        file_units = units
    return file_units, gravity


def read_sensor_logger_csv(
    src: TextSource, *, fs: float | None = None, units: str | None = None
) -> Recording:
    """Read one Sensor Logger accelerometer CSV (see the module docstring for the rules).

    Parameters
    ----------
    src : TextSource
        The file.
    fs : float or None
        Checked against the timestamps (refused if more than 5 % off); not needed.
    units : str or None
        Overrides the units decided from names and magnitudes.

    Returns
    -------
    Recording
    """
    idx, fields = _header(src)
    names = {f.lower(): i for i, f in enumerate(fields)}
    line = idx + 1
    if "time" not in names:
        raise FormatError(
            "Sensor Logger file without a 'time' column",
            path=src.display,
            line=line,
            expected="'time' (Unix ns)",
            found=src.lines[idx],
        )
    kind = _kind(src.name, names)
    if kind == "gravity_only":
        raise FormatError(
            "this is Sensor Logger's gravity vector, not an accelerometer file",
            path=src.display,
            line=line,
            expected="TotalAcceleration.csv, "
            "Accelerometer.csv, WatchAccelerometerUncalibrated.csv or WristMotion.csv",
            found=src.name,
        )
    if kind == "wrist_motion":
        wanted = [f"acceleration{a}" for a in "XYZ"]
        grav = [f"gravity{a}" for a in "XYZ"]
        has_gravity = all(g.lower() in names for g in grav)
    else:
        wanted, grav, has_gravity = ["x", "y", "z"], [], False
    for w in wanted:
        if w.lower() not in names:
            raise FormatError(
                f"Sensor Logger file has no {w!r} column",
                path=src.display,
                line=line,
                column=w,
                expected=", ".join(wanted),
                found=src.lines[idx],
            )
    cols = [Column("t", names["time"], "time", "int")]
    cols += [Column(f"a{i}", names[w.lower()], w, acc=True) for i, w in enumerate(wanted)]
    if has_gravity:
        cols += [Column(f"g{i}", names[g.lower()], g, acc=True) for i, g in enumerate(grav)]
    table = read_columns(src, data_start=idx + 1, sep=",", columns=cols, n_fields=len(fields))
    check_increasing(table, "t", "time")
    t_ns = table["t"]
    acc = np.column_stack([table[f"a{i}"] for i in range(3)])
    details: dict[str, Any] = {"file_kind": kind, **src.notes}
    norm = None
    if kind == "wrist_motion":
        details["columns"] = "accelerationX/Y/Z + gravityX/Y/Z" if has_gravity else "accelerationX/Y/Z"
        if has_gravity:
            g = np.column_stack([table[f"g{i}"] for i in range(3)])
            norm = float(np.median(np.linalg.norm(g, axis=1)))
            acc = acc + g
    elif kind != "user":
        norm = float(np.median(np.linalg.norm(acc, axis=1)))
    file_units, gravity = _decide_units(kind, norm, units, details)
    if kind == "wrist_motion":
        details["pitch_roll_yaw_columns"] = "pitch" in names
    if file_units is None:
        raise FormatError(
            "cannot tell the units of this Sensor Logger file from its values",
            path=src.display,
            expected="a median |a| near 1 g or 9.81 m/s^2 "
            "(or give the units with --units g or --units m/s^2)",
            found=f"median |a| = {float(np.median(np.linalg.norm(acc, axis=1))):.3g}",
        )
    time_s = ns_to_rel_s(t_ns)
    reconcile_fs(fs, time_s, src.display, details)
    details["first_time_ns"] = int(t_ns[0])
    return build_recording(
        time_s=time_s,
        acc=acc,
        units=file_units,
        gravity_included=gravity,
        path=src.display,
        format="sensor_logger",
        details=details,
        start_unix_s=int(t_ns[0]) / 1e9,
        owned=True,
    )


def _finish_sensor_logger(
    d: TableDecision, stats: WholeFileStats, details: dict[str, Any]
) -> tuple[str, bool, tuple[Any, ...]]:
    from ._blocks import NotStreamable

    units, gravity = _decide_units(details["file_kind"], stats.median_norm, d.units_arg, details)
    if units is None:  # as read_sensor_logger_csv: the median |a| of the samples as the file holds them
        assert d.scale_after and stats.window_norm is not None
        raise FormatError(
            "cannot tell the units of this Sensor Logger file from its values",
            path=d.display,
            expected="a median |a| near 1 g or 9.81 m/s^2 "
            "(or give the units with --units g or --units m/s^2)",
            found=f"median |a| = {stats.window_norm(1):.3g}",
        )
    if units != d.units and not d.scale_after:
        raise NotStreamable(  # not reached: the whole file decides units only where the blocks are unscaled
            f"the whole file reads as {units}, its head as {d.units}",
            expected=f"units {d.units}",
            found=f"units {units}",
        )
    return units, gravity, ()


def decide_sensor_logger(p: Path, head: TextSource, *, fs: float | None, units: str | None) -> TableDecision:
    """The decision of :func:`read_sensor_logger_csv` on the head of ``p``, to read the rest block by block.

    Parameters
    ----------
    p : Path
        The file.
    head : TextSource
        Its first complete lines.
    fs : float or None
        Checked against the whole file's timestamps at the end.
    units : str or None
        As :func:`read_sensor_logger_csv`.

    Returns
    -------
    TableDecision
        Columns (int64 Unix ns time), units and gravity from the whole file's median norm.
    """
    from ._decided import drop_head_counts, head_decision

    head_rec = read_sensor_logger_csv(head, fs=None, units=units)
    idx, fields = _header(head)
    names = {f.lower(): i for i, f in enumerate(fields)}
    details = drop_head_counts(
        head_rec.source.details, "units_decision", "units_override", "units_decided_from_file"
    )
    kind = details["file_kind"]
    extra: list[Column] = []
    norm_of: str | None = None
    if kind == "wrist_motion":
        wanted = [f"acceleration{a}" for a in "XYZ"]
        if all(f"gravity{a}" in names for a in "xyz"):
            norm_of = "extra"
            extra = [Column(f"g{a}", names[f"gravity{a}"], f"gravity{a.upper()}", acc=True) for a in "xyz"]
    else:
        wanted = ["x", "y", "z"]
        norm_of = None if kind == "user" else "acc"
    return head_decision(
        p,
        head,
        "sensor_logger",
        head_rec,
        details,
        data_start=idx + 1,
        sep=",",
        decimal=".",
        n_fields=len(fields),
        time=Column("t", names["time"], "time", "int"),
        axes=[Column(f"a{i}", names[w.lower()], w, acc=True) for i, w in enumerate(wanted)],
        extra=extra,
        time_factor=1e-9,
        ns_time=True,
        norm_of=norm_of,
        fs=fs,
        finisher=_finish_sensor_logger,
        units_arg=units,
        # the whole file's median norm decides the units: blocks keep the file's values until it has
        scale_after=units is None and norm_of is not None,
    )
