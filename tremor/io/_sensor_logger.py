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

Whole exports (a folder or the ``.zip``) use the best accelerometer file inside, in the order
TotalAcceleration > Accelerometer > WatchAccelerometerUncalibrated > WristMotion, and turn
``Annotation.csv`` into set markers (see :func:`annotations_to_markers`).

Longer than 500 lines on purpose: one file, a whole export and the block decision share the
units rules and the export's file choice, kept in one place.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from tremor.core.recording import Recording, SetMarker

from ..errors import FormatError, TremorWarning
from ._common import build_recording, gravity_magnitude_units, ns_to_rel_s, reconcile_fs
from ._table import Column, check_increasing, read_columns
from ._text import (
    ZIP_MAX_MEMBER_BYTES,
    TextSource,
    first_content_line,
    load_text,
    load_zip_member,
    split_fields,
)

if TYPE_CHECKING:
    from ._decided import TableDecision, WholeFileStats

__all__ = [
    "EXPORT_PREFERENCE",
    "decide_sensor_logger",
    "choose_export_file",
    "export_details",
    "annotations_to_markers",
    "find_export_files",
    "looks_like_sensor_logger",
    "read_sensor_logger_csv",
    "read_sensor_logger_export",
]

#: Accelerometer files of an export, best first (lower-case base names).
EXPORT_PREFERENCE = (
    "totalacceleration.csv",
    "accelerometer.csv",
    "watchaccelerometeruncalibrated.csv",
    "wristmotion.csv",
)

_START_RE = re.compile(r"\b(start|begin|started|begins)\b", re.IGNORECASE)
_END_RE = re.compile(r"\b(end|stop|finish|ended|stopped|finished)\b", re.IGNORECASE)


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
    )


def annotations_to_markers(
    times_ns: np.ndarray, texts: list[str], t0_ns: int, display: str
) -> tuple[tuple[SetMarker, ...], list[dict[str, Any]]]:
    """Pair annotations into sets.

    Convention: an annotation whose text contains a word like ``start``/``begin`` opens a set and
    the next one with ``end``/``stop``/``finish`` closes it (``"set start"`` ... ``"set end"``);
    the label is the opening text without that word (``"curl start"`` -> ``"curl"``), or None.
    Annotations with empty text (a plain tap on the pencil icon) pair up in order: 1st opens,
    2nd closes, and so on. Other texts are kept in ``details["annotations"]``. Unpaired starts or
    ends are reported with a :class:`~tremor.errors.TremorWarning` and kept in the details.

    Returns
    -------
    markers : tuple of SetMarker
    others : list of dict
        Annotations not used for sets (``{"time_s", "text", "reason"}``).
    """
    markers: list[SetMarker] = []
    others: list[dict[str, Any]] = []
    open_at: float | None = None
    open_label: str | None = None
    for t_ns, text in zip(times_ns, texts):
        t = (int(t_ns) - t0_ns) / 1e9
        text = (text or "").strip()
        is_start = bool(_START_RE.search(text)) if text else open_at is None
        is_end = bool(_END_RE.search(text)) if text else open_at is not None
        if is_start and not is_end:
            if open_at is not None:
                others.append({"time_s": open_at, "text": open_label or "", "reason": "start without end"})
            open_at = t
            label = _START_RE.sub("", text).strip(" -_:") if text else ""
            open_label = label or None
        elif is_end and not is_start:
            if open_at is None:
                others.append({"time_s": t, "text": text, "reason": "end without start"})
            else:
                markers.append(SetMarker(open_at, t, open_label))
                open_at = None
        else:
            others.append({"time_s": t, "text": text, "reason": "not a set start/end"})
    if open_at is not None:
        others.append({"time_s": open_at, "text": open_label or "", "reason": "start without end"})
    unpaired = [o for o in others if o["reason"] != "not a set start/end"]
    if unpaired:
        warnings.warn(
            f"{display}: {len(unpaired)} annotation(s) could not be paired into sets: "
            + "; ".join(f"{o['reason']} at {o['time_s']:.2f} s" for o in unpaired),
            TremorWarning,
            stacklevel=3,
        )
    return tuple(markers), others


def _read_annotations(src: TextSource) -> tuple[np.ndarray, list[str]]:
    import pandas as pd  # lazily: reading a wristband log needs no pandas

    try:
        df = pd.read_csv(io.StringIO(src.text), dtype=str, keep_default_na=False, engine="c")
    except (ValueError, pd.errors.ParserError) as exc:
        raise FormatError(f"cannot parse the annotation file: {exc}", path=src.display) from None
    cols = {c.lower().strip(): c for c in df.columns}
    if "time" not in cols:
        raise FormatError(
            "annotation file has no 'time' column",
            path=src.display,
            line=1,
            expected="time,seconds_elapsed,text,...",
            found=src.lines[0] if src.lines else "",
        )
    times = []
    for row, value in enumerate(df[cols["time"]]):
        if not re.fullmatch(r"\s*[+-]?\d+\s*", value):
            raise FormatError(
                "annotation time is not an integer",
                path=src.display,
                line=row + 2,
                column="time",
                expected="Unix nanoseconds",
                found=value,
            )
        times.append(int(value))
    texts = list(df[cols["text"]]) if "text" in cols else [""] * len(times)
    return np.asarray(times, dtype=np.int64), texts


def is_export_folder(path: Path) -> bool:
    """Whether ``path`` is an unzipped Sensor Logger export: a folder holding one of its accelerometer files.

    Names are compared case-insensitively (exports copied through some file systems change case).
    Only the folder's own files count, so a folder of several exports is not taken for one.

    Parameters
    ----------
    path : Path
        Any path.

    Returns
    -------
    bool
        True for a folder that directly holds a Sensor Logger accelerometer file.
    """
    return path.is_dir() and any(c.is_file() and c.name.lower() in EXPORT_PREFERENCE for c in path.iterdir())


def find_export_files(path: Path) -> dict[str, list[str]]:
    """Map lower-case base names to member paths (zip) or file paths (folder) of an export."""
    found: dict[str, list[str]] = {}
    if path.is_dir():
        entries = [str(p) for p in sorted(path.rglob("*")) if p.is_file()]
    else:
        with zipfile.ZipFile(path) as zf:
            entries = [n for n in zf.namelist() if not n.endswith("/") and "__MACOSX" not in n]
            total = sum(i.file_size for i in zf.infolist())
            if total > 64 * ZIP_MAX_MEMBER_BYTES or len(entries) > 10_000:
                raise FormatError(
                    "zip archive too large to be a Sensor Logger export",
                    path=str(path),
                    expected=f"at most 10000 files and {64 * ZIP_MAX_MEMBER_BYTES >> 30} GiB uncompressed",
                    found=f"{len(entries)} files, {total / 2**30:.1f} GiB",
                )
    for entry in entries:
        found.setdefault(Path(entry).name.lower(), []).append(entry)
    return found


def choose_export_file(path: Path) -> tuple[dict[str, list[str]], str]:
    """The accelerometer file an export (folder or ``.zip``) is read from, best first.

    Parameters
    ----------
    path : Path
        The export folder or ``.zip``.

    Returns
    -------
    files : dict
        Lower-case base names to member (zip) or file (folder) paths, as :func:`find_export_files`.
    entry : str
        The chosen member or file.

    Raises
    ------
    FormatError
        No accelerometer file, or several of the chosen kind or of ``Annotation.csv``.
    """
    files = find_export_files(path)
    choice = next((n for n in EXPORT_PREFERENCE if n in files), None)
    if choice is None:
        raise FormatError(
            "no accelerometer file in this Sensor Logger export",
            path=str(path),
            expected="one of TotalAcceleration.csv, Accelerometer.csv, "
            "WatchAccelerometerUncalibrated.csv, WristMotion.csv",
            found=", ".join(sorted(files)) or "no files",
        )
    for name in (choice, "annotation.csv"):
        if len(files.get(name, [])) > 1:
            raise FormatError(
                f"the export holds several {name} files; read one of them directly",
                path=str(path),
                expected="one recording per export",
                found=", ".join(files[name]),
            )
    return files, files[choice][0]


def export_details(
    path: Path, files: dict[str, list[str]], details: dict[str, Any]
) -> tuple[SetMarker, ...] | None:
    """Add an export's own details to its accelerometer file's, and read its annotations as sets.

    Parameters
    ----------
    path : Path
        The export folder or ``.zip``.
    files : dict
        From :func:`choose_export_file`.
    details : dict
        The accelerometer file's details (completed in place; ``first_time_ns`` is read).

    Returns
    -------
    tuple of SetMarker or None
        The annotated sets, None where the export holds no annotation rows.
    """
    details["export"] = str(path)
    details["export_files_considered"] = [n for n in EXPORT_PREFERENCE if n in files]
    if "annotation.csv" not in files:
        return None
    entry = files["annotation.csv"][0]
    if path.is_dir():
        ann = load_text(entry)
    else:
        with zipfile.ZipFile(path) as zf:
            ann = load_zip_member(zf, entry, path)
    markers = None
    if ann.lines[1:]:
        times, texts = _read_annotations(ann)
        markers, others = annotations_to_markers(times, texts, details["first_time_ns"], ann.display)
        details["annotations"] = others
    details["annotation_file"] = ann.display
    return markers


def read_sensor_logger_export(path: Path, *, fs: float | None = None, units: str | None = None) -> Recording:
    """Read a whole Sensor Logger export (folder or ``.zip``): best accelerometer + annotations."""
    files, entry = choose_export_file(path)
    if path.is_dir():
        src = load_text(entry)
    else:
        with zipfile.ZipFile(path) as zf:
            src = load_zip_member(zf, entry, path)
    rec = read_sensor_logger_csv(src, fs=fs, units=units)
    markers = export_details(path, files, rec.source.details)
    return rec if markers is None else rec.with_markers(markers)


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
