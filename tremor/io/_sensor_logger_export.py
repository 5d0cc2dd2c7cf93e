"""Sensor Logger whole exports (a folder or its ``.zip``): which file is read, and the set markers.

Whole exports use the best accelerometer file inside, in the order
TotalAcceleration > Accelerometer > WatchAccelerometerUncalibrated > WristMotion
(:data:`EXPORT_PREFERENCE`, base names compared without case), read by
:func:`tremor.io._sensor_logger.read_sensor_logger_csv`, and turn ``Annotation.csv`` into set
markers (:func:`annotations_to_markers`). The long-file path makes the same choice
(:func:`choose_export_file`) and adds the same details and markers (:func:`export_details`).
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

from tremor.core.recording import Recording, SetMarker

from ..errors import FormatError, TremorWarning
from ._sensor_logger import read_sensor_logger_csv
from ._text import ZIP_MAX_MEMBER_BYTES, TextSource, load_text, load_zip_member

__all__ = [
    "EXPORT_PREFERENCE",
    "annotations_to_markers",
    "choose_export_file",
    "export_details",
    "find_export_files",
    "is_export_folder",
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
