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

from ._dispatch import FORMATS, detect_format, read_recording
from ._firmware_log import (
    LOG_VERSION,
    LogBlock,
    LogGap,
    LogHeader,
    LogMarker,
    LogWriter,
    RawNotification,
    iter_log_blocks,
    read_firmware_log,
    read_log_header,
)
from ._markers import parse_sets_option, read_set_markers
from ._sensor_logger import is_export_folder

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
