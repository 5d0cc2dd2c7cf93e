"""The report of two wrists at once: the JSON document ``tremor.pair/1`` and its terminal summary.

A ``tremor.pair/1`` document holds the two sides' ``tremor.report/1`` reports (``left``, ``right``)
and the ``pair`` section of :class:`~tremor.core.pairing.PairResult`. Its schema is
``tremor/schemas/pair-1.json`` (which refers to the report schema); see ``docs/report.md``.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from tremor import __version__
from tremor.core.analysis import AnalysisResult
from tremor.core.pairing import PairResult
from tremor.report.json_report import report_schema, to_report
from tremor.report.summary import format_summary

__all__ = ["PAIR_SCHEMA_ID", "format_pair_summary", "pair_schema", "to_pair_report"]

PAIR_SCHEMA_ID = "tremor.pair/1"


def to_pair_report(left: AnalysisResult, right: AnalysisResult, pair: PairResult) -> dict[str, Any]:
    """The JSON-ready ``tremor.pair/1`` document."""
    return {
        "schema": PAIR_SCHEMA_ID,
        "generator": f"tremor {__version__}",
        "left": to_report(left, paired=True),
        "right": to_report(right, paired=True),
        "pair": pair.to_dict(),
        "disclaimer": "tremor describes signals and names likely, non-medical causes. It is not a medical device "
        "and does not diagnose.",
    }


def pair_schema() -> dict[str, Any]:
    """The JSON schema of ``tremor.pair/1``, with the report schema it refers to embedded in ``$defs``."""
    text = resources.files("tremor").joinpath("schemas/pair-1.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    schema.setdefault("$defs", {})["report"] = report_schema()
    return schema


def _x(ratio: float | None) -> str:
    if ratio is None:
        return "-"
    return f"{ratio:.2f}" if ratio >= 0.1 else f"{ratio:.3f}"


def format_pair_summary(doc: dict[str, Any]) -> str:
    """Both sides' summaries, then the sets side by side and the pair's causes and notes."""
    p = doc["pair"]
    al = p["alignment"]
    lines = [
        "LEFT",
        "",
        format_summary(doc["left"]).rsplit("\n\n", 1)[0],
        "",
        "RIGHT",
        "",
        format_summary(doc["right"]).rsplit("\n\n", 1)[0],
        "",
        "LEFT vs RIGHT",
        "",
        f"timelines: {al['detail']}",
        "",
    ]
    header = (
        f"{'set L/R':>7}  {'start-end (s, left)':>19}  {'6-12 Hz RMS L':>13} {'R':>7} {'power L/R':>9}  "
        f"{'twitches L':>10} {'R':>3}  higher"
    )
    lines += [header, "-" * len(header)]
    for c in p["sets"]:
        L, R = c["left"], c["right"]
        higher = ", ".join(
            f"{what} {side}"
            for what, side in (("tremor", c["tremor_higher_side"]), ("twitching", c["twitching_higher_side"]))
            if side
        )

        def rms(side: dict[str, Any]) -> str:
            return (
                f"{side['rms_mps2']:.3f}"
                if side["tremor_assessable"] and side["rms_mps2"] is not None
                else "-"
            )

        lines.append(
            f"{L['index']:>3}/{R['index']:<3}  {c['start_s']:>9.1f}-{c['end_s']:<9.1f}  {rms(L):>13} "
            f"{rms(R):>7} {_x(c['power_ratio_left_over_right']):>9}  "
            f"{L['twitches'] if L['twitches_assessable'] else '-':>10} "
            f"{R['twitches'] if R['twitches_assessable'] else '-':>3}  {higher or '-'}"
        )
    if not p["sets"]:
        lines.append("  (no set seen by both sensors)")
    if p["causes"]:
        lines += ["", "pair:"]
        for cause in p["causes"]:
            lines.append(
                f"  {cause['id']} ({cause['likelihood']:.2f}, evidence {cause['evidence_grade']}): "
                f"{cause['evidence']}"
            )
            lines.append(f"    advice: {cause['advice']}")
    if p["notes"]:
        lines += ["", "pair notes:"]
        lines.extend(f"  - {n}" for n in p["notes"])
    lines += ["", doc["disclaimer"]]
    return "\n".join(lines)
