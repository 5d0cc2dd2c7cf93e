"""Report notes and thresholds shared by the analysis, the reports and the left/right pairing.

Kept apart from :mod:`tremor.core.pairing` (and free of imports) so the JSON report and the terminal
summary can use them without importing the pairing (and its alignment and statistics modules) or numpy.
"""

from __future__ import annotations

__all__ = ["HIGH_TWITCH_LIMIT_MPS2", "SINGLE_SENSOR_NOTE"]

#: The note of a report of one recording: what a single sensor cannot assess.
SINGLE_SENSOR_NOTE = (
    "muscle imbalance cannot be judged from one sensor: record both wrists at once and run "
    "'tremor analyze LEFT RIGHT --pair'"
)

#: A twitch detection limit (m/s^2) at or above this is far above any worn, still wrist's (0.02-0.1 m/s^2 on
#: the real and simulated recordings) and above the twitches the accuracy runs use (0.03-0.3 m/s^2): where a
#: span's limit is this high (a machine line or an oscillation raised it), or the wrist was never still there,
#: a count of no twitches says nothing, and the reports show the count as not assessed.
HIGH_TWITCH_LIMIT_MPS2 = 0.3
