"""The JSON text of a report as tremor writes it (no analysis imported).

A batch's own process writes every worker's report (:mod:`tremor.batch.runner`) and never analyses:
it imports only this, not :mod:`tremor.report.json_report`, whose terminal summary reads the analysis's
label rules (and so numpy and scipy.signal: about a second of CPU in every batch).
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["report_bytes"]


def report_bytes(report: dict[str, Any]) -> bytes:
    """The JSON text of ``report`` as written to files (indented, UTF-8, a final newline).

    Parameters
    ----------
    report : dict
        The report (from :func:`tremor.report.json_report.to_report`).

    Returns
    -------
    bytes
        The JSON text.

    Raises
    ------
    ValueError
        Where the report holds NaN or infinity (not valid JSON).
    """
    return (json.dumps(report, indent=2, allow_nan=False) + "\n").encode("utf-8")
