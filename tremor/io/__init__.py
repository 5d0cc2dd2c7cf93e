"""File readers and the wristband log format.

Every reader returns a :class:`~tremor.core.recording.Recording` in m/s^2 with time in seconds from the
first sample; samples are never resampled, clipped or dropped. Bad input raises
:class:`~tremor.errors.FormatError` naming the file, the 1-based line, the column, what was
expected and what was found.

Formats (:data:`FORMATS`): ``phyphox``, ``sensor_logger`` (single CSV, export folder or ``.zip``),
``polar_sensor_logger``, ``metawear``, ``generic_csv`` and ``firmware_log`` (this project's own
wristband log, see ``firmware_logs/FORMAT.md``).
"""

from __future__ import annotations

import typing as _typing

if _typing.TYPE_CHECKING:
    from ._dispatch import FORMATS, detect_format, read_recording
    from ._firmware_log import (
        LOG_VERSION,
        LogBlock,
        LogGap,
        LogHeader,
        LogMarker,
        RawNotification,
        iter_log_blocks,
        read_firmware_log,
        read_log_header,
    )
    from ._log_writer import LogWriter
    from ._markers import parse_sets_option, read_set_markers
    from ._sensor_logger_export import is_export_folder

# Each name is imported from its module when first used (PEP 562): reading a wristband log, or the
# set options, loads none of the text readers.
_WHERE = {
    **dict.fromkeys(("FORMATS", "detect_format", "read_recording"), "_dispatch"),
    **dict.fromkeys(
        (
            "LOG_VERSION",
            "LogBlock",
            "LogGap",
            "LogHeader",
            "LogMarker",
            "RawNotification",
            "iter_log_blocks",
            "read_firmware_log",
            "read_log_header",
        ),
        "_firmware_log",
    ),
    **dict.fromkeys(("parse_sets_option", "read_set_markers"), "_markers"),
    "LogWriter": "_log_writer",
    "is_export_folder": "_sensor_logger_export",
}


def __getattr__(name: str) -> _typing.Any:
    where = _WHERE.get(name)
    if where is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f"{__name__}.{where}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_WHERE])


__all__ = [
    "FORMATS",
    "detect_format",
    "read_recording",
    "read_set_markers",
    "parse_sets_option",
    "LOG_VERSION",
    "LogWriter",
    "LogHeader",
    "LogBlock",
    "LogGap",
    "LogMarker",
    "RawNotification",
    "iter_log_blocks",
    "read_log_header",
    "read_firmware_log",
    "is_export_folder",
]
