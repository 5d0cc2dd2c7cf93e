"""Every reason the analysis gives for setting a rhythm aside is one the report's schema allows.

A set-aside rhythm's ``why`` travels into the JSON report (``set_aside_rhythms[].why``); a reason added to
:mod:`tremor.core.analysis` without its schema entry makes reports that fail validation against
``tremor/schemas/report-1.json`` (issue 9: ``broken``, ``struck`` and ``switched`` were written without one).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ANALYSIS = ROOT / "tremor" / "core" / "analysis.py"
SCHEMA = ROOT / "tremor" / "schemas" / "report-1.json"

#: ``aside += [(episode, "reason") ...]`` as analysis.py writes each set-aside rhythm
ASIDE = re.compile(r'aside \+= \[\(\s*[\w.]+,\s*"([a-z_]+)"\)')


def _schema_whys() -> set[str]:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    item = schema["properties"]["set_aside_rhythms"]["items"]
    return set(item["properties"]["why"]["enum"])


def test_the_analysis_writes_set_aside_reasons() -> None:
    """The pattern still finds the analysis's reasons (else the test below would pass on nothing)."""
    found = set(ASIDE.findall(ANALYSIS.read_text(encoding="utf-8")))
    assert {"leg", "brief", "strokes", "large_rhythm"} <= found


def test_every_set_aside_reason_is_in_the_schema() -> None:
    found = set(ASIDE.findall(ANALYSIS.read_text(encoding="utf-8")))
    assert found - _schema_whys() == set()
