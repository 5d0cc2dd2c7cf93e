"""Report notes shared by the single-recording report and the left/right pairing.

Kept apart from :mod:`tremor.core.pairing` so the JSON report of one recording can add the note
without importing the pairing (and its alignment and statistics modules).
"""

from __future__ import annotations

__all__ = ["SINGLE_SENSOR_NOTE"]

#: The note of a report of one recording: what a single sensor cannot assess.
SINGLE_SENSOR_NOTE = (
    "muscle imbalance cannot be judged from one sensor: record both wrists at once and run "
    "'tremor analyze LEFT RIGHT --pair'"
)
