"""Format detection and the :func:`read_recording` entry point.

The text readers are imported when a text file is read (:func:`_text_readers`): reading a
wristband log loads none of them.
"""

from __future__ import annotations

import functools
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from tremor.core.recording import Recording

from ..errors import FormatError, ParameterError
from ._common import check_fs_param, check_units_param
from ._firmware_log import LOG_MAGIC, read_firmware_log

if TYPE_CHECKING:
    from ._text import TextSource

__all__ = ["FORMATS", "detect_format", "read_recording", "detect_text", "starts_with_magic"]

#: Names of the supported formats (the ``format=`` argument and ``SourceInfo.format``).
FORMATS = ("phyphox", "sensor_logger", "polar_sensor_logger", "metawear", "generic_csv", "firmware_log")

_TextReader = Callable[..., Recording]


@functools.cache
def _text_readers() -> tuple[tuple[str, Callable[[TextSource], bool], _TextReader], ...]:
    """Each text format's name, detector and reader; most specific first: generic CSV would also
    accept several of the others."""
    from ._generic_csv import looks_like_generic_csv, read_generic_csv
    from ._metawear import looks_like_metawear, read_metawear
    from ._phyphox import looks_like_phyphox, read_phyphox
    from ._polar import looks_like_polar, read_polar
    from ._sensor_logger import looks_like_sensor_logger, read_sensor_logger_csv

    return (
        ("polar_sensor_logger", looks_like_polar, read_polar),
        ("metawear", looks_like_metawear, read_metawear),
        ("sensor_logger", looks_like_sensor_logger, read_sensor_logger_csv),
        ("phyphox", looks_like_phyphox, read_phyphox),
        ("generic_csv", looks_like_generic_csv, read_generic_csv),
    )


def _read_text(format: str, src: TextSource, **kw: object) -> Recording:
    reader = next(r for name, _, r in _text_readers() if name == format)
    return reader(src, **kw)


def _load_text(p: Path) -> TextSource:
    from ._text import load_text as load

    return load(p)


def _check_path(path: str | Path) -> Path:
    p = Path(path)
    if not p.exists():
        raise ParameterError(f"{p}: no such file or folder")
    return p


def starts_with_magic(p: Path) -> bool:
    """Whether the file ``p`` starts with the wristband log's magic (:data:`LOG_MAGIC`).

    Parameters
    ----------
    p : Path
        A file.

    Returns
    -------
    bool
        True for a ``firmware_log`` file (or one that claims to be).
    """
    with open(p, "rb") as f:
        return f.read(len(LOG_MAGIC)) == LOG_MAGIC.encode()


def _detect_container(p: Path) -> str:
    from ._sensor_logger_export import EXPORT_PREFERENCE, find_export_files

    files = find_export_files(p)
    if any(name in files for name in EXPORT_PREFERENCE):
        return "sensor_logger"
    kind = "folder" if p.is_dir() else "zip archive"
    raise FormatError(
        f"unknown {kind}: no Sensor Logger accelerometer file inside",
        path=str(p),
        expected="one of TotalAcceleration.csv, Accelerometer.csv, "
        "WatchAccelerometerUncalibrated.csv, WristMotion.csv",
        found=", ".join(sorted(files)[:8]) or "nothing",
    )


#: Polar Sensor Logger files that hold no acceleration: header start -> what they hold.
_POLAR_COMPANIONS = {
    "phone timestamp;hr": "heart rate",
    "phone timestamp;marker": "set markers",
    "phone timestamp;ppi": "pulse intervals",
    "phone timestamp;sensor timestamp [ns];channel": "PPG",
}


def _polar_companion(src: TextSource, header: str) -> str | None:
    """The message for a Polar Sensor Logger file that is not the ACC file (HR, MARKER, ...), naming the ACC file."""
    head = header.strip().lower()
    what = next((w for start, w in _POLAR_COMPANIONS.items() if head.startswith(start)), None)
    if what is None:
        return None
    folder = src.path.parent if src.path is not None else None
    acc = (
        sorted(p.name for p in folder.iterdir() if p.is_file() and p.name.upper().endswith("ACC.TXT"))
        if folder is not None and folder.is_dir()
        else []
    )
    where = (
        f"analyse the ACC file beside it instead: {folder / acc[0]}"
        if len(acc) == 1 and folder
        else f"analyse one of the ACC files beside it instead: {', '.join(acc)}"
        if acc
        else "analyse the session's ACC file (NAME_ACC.txt) instead; none is beside this file"
    )
    marker = " (its MARKER.txt is read with it as set markers)" if what == "set markers" else ""
    return f"a Polar Sensor Logger {what} file, with no acceleration in it: {where}{marker}"


def detect_text(src: TextSource) -> str:
    """The text format whose header ``src`` has (the first detector that accepts it).

    Parameters
    ----------
    src : TextSource
        The file's text (or its head).

    Returns
    -------
    str
        One of :data:`FORMATS` other than ``firmware_log``.

    Raises
    ------
    FormatError
        No known header, naming the line; a Polar file that is not the accelerometer's says so.
    """
    from ._text import first_content_line

    for name, looks_like, _ in _text_readers():
        if looks_like(src):
            return name
    idx = first_content_line(src.lines)
    header = src.lines[idx] if idx < len(src.lines) else (src.lines[0] if src.lines else "")
    companion = _polar_companion(src, header)
    if companion:
        raise FormatError(
            companion, path=src.display, line=idx + 1, expected="a Polar Sensor Logger ACC file", found=header
        )
    raise FormatError(
        "unknown file format (tried " + ", ".join(n for n, _, _ in _text_readers()) + ", firmware_log)",
        path=src.display,
        line=idx + 1 if idx < len(src.lines) else None,
        expected="a known header (e.g. 'Time (s),X (m/s^2),...' or 'time,x,y,z')",
        found=header,
    )


def detect_format(path: str | Path) -> str:
    """Name the format of a file, export folder or zip from its header or contents.

    Parameters
    ----------
    path : str or Path
        File, folder (unzipped Sensor Logger export) or ``.zip``.

    Returns
    -------
    str
        One of :data:`FORMATS`.

    Raises
    ------
    FormatError
        Empty file or unknown format (the message lists the formats tried and shows the header).
    ParameterError
        No such path.
    """
    p = _check_path(path)
    if p.is_dir() or zipfile.is_zipfile(p):
        return _detect_container(p)
    if starts_with_magic(p):
        return "firmware_log"
    return detect_text(_load_text(p))


def read_recording(
    path: str | Path,
    *,
    format: str | None = None,
    units: str | None = None,
    fs: float | None = None,
) -> Recording:
    """Read an accelerometer recording from any supported format.

    Parameters
    ----------
    path : str or Path
        A file, an unzipped Sensor Logger export folder, or its ``.zip``.
    format : str or None
        One of :data:`FORMATS`; detected from the header or contents when None.
    units : {"m/s^2", "g", "mg"} or None
        Units of the acceleration values: supplies them where the file does not say (generic CSV)
        and overrides what the reader decided otherwise (recorded in ``source.details``).
    fs : float or None
        Sampling rate in Hz. Required only for files without any time column (then
        ``time = arange(n) / fs``). For files with timestamps it is checked: more than 5 %
        away from the measured rate is refused. Never assumed.

    Returns
    -------
    Recording
        Acceleration in m/s^2, time in seconds from the first sample, nothing resampled,
        clipped or dropped.

    Raises
    ------
    FormatError
        The file cannot be read as its format (names path, line, column, expected, found).
    ParameterError
        Bad ``format``/``units``/``fs``, or ``fs`` contradicting the file's timestamps.
    """
    if format is not None and format not in FORMATS:
        raise ParameterError(f"format must be one of {', '.join(FORMATS)} (or None), got {format!r}")
    units = check_units_param(units)
    fs = check_fs_param(fs)
    p = _check_path(path)
    container = p.is_dir() or zipfile.is_zipfile(p)
    if format is None and not container and not starts_with_magic(p):
        src = _load_text(p)  # read once: detected from and parsed from the same text
        format = detect_text(src)
        return _read_text(format, src, fs=fs, units=units)
    if format is None:
        format = detect_format(p)
    if container:
        if format != "sensor_logger":
            raise ParameterError(
                f"{p} is a folder or zip archive; only --format sensor_logger "
                f"reads those, got --format {format}"
            )
        from ._sensor_logger_export import read_sensor_logger_export

        return read_sensor_logger_export(p, fs=fs, units=units)
    if format == "firmware_log":
        return read_firmware_log(p, fs=fs, units=units)
    return _read_text(format, _load_text(p), fs=fs, units=units)
