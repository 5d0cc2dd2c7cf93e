"""Regenerate the golden summary of the bundled sample session.

    python tests/golden/regenerate.py

Run it only after a deliberate change to the analysis, and say why in the commit.
"""

from __future__ import annotations

import json
from pathlib import Path

from tremor.core.analysis import analyze
from tremor.io import read_recording
from tremor.report.json_report import to_report

HERE = Path(__file__).resolve().parent
SAMPLE = HERE.parents[1] / "firmware_logs" / "sample_session_100hz.tlog"


def golden_summary() -> dict:
    """The parts of the report the golden test pins down."""
    report = to_report(analyze(read_recording(SAMPLE)))
    return {
        "rate_hz": report["sampling"]["rate_hz"],
        "rest_rms_mps2": report["rest"]["rms_mps2"],
        "sets": [
            {k: s[k] for k in ("index", "start_s", "end_s", "kind", "label")}
            | {
                "peak_hz": s["tremor"]["peak_hz"],
                "centroid_hz": s["tremor"]["centroid_hz"],
                "rms_mps2": s["tremor"]["rms_mps2"],
                "end_to_start_ratio": s["tremor"]["end_to_start_ratio"],
                "twitches": s["fasciculations"]["count"],
                "causes": [c["id"] for c in s["causes"]],
            }
            for s in report["sets"]
        ],
        "twitch_times_s": [t["t_s"] for t in report["fasciculations"]],
        "session_causes": [c["id"] for c in report["session_causes"]],
    }


if __name__ == "__main__":
    (HERE / "sample_session_100hz.json").write_text(json.dumps(golden_summary(), indent=2) + "\n")
