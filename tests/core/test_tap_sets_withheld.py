"""A set whose tremor is withheld for taps says nothing of an out-of-band peak either (issue 9).

The red team's ``long_rests`` at 200 Hz (seed 880123) crashed the summary: a typing hold's figures were withheld
(:func:`tremor.core.tap_sets.without_tremor`) but its ``oob_on_edge`` flag, added later, was kept, and the note
on an edge peak formatted the withheld ``oob_peak_hz`` (None). Every out-of-band field is now cleared there; this
test names them by their prefix, so a field added later is checked too.
"""

from __future__ import annotations

from dataclasses import MISSING, fields, replace

from tremor.core.classify import SetMetrics
from tremor.core.tap_sets import without_tremor

#: Out-of-band fields that describe the recording, not the set's tremor: kept.
KEPT = {"oob_limit_mps2"}


def test_without_tremor_clears_every_out_of_band_field() -> None:
    required = {
        f.name: None for f in fields(SetMetrics) if f.default is MISSING and f.default_factory is MISSING
    }
    m = SetMetrics(**required)
    m = replace(
        m,
        oob_band="3-7 Hz",
        oob_peak_hz=6.0,
        oob_vs_phys=3.0,
        oob_prominence=20.0,
        oob_leak_share=0.5,
        oob_rms_mps2=0.05,
        oob_limit_mps2=0.03,
        oob_drifted=True,
        oob_on_edge=True,
        assessable=True,
    )
    out = without_tremor(m)
    left = {
        f.name: getattr(out, f.name) for f in fields(out) if f.name.startswith("oob_") and f.name not in KEPT
    }
    assert left and not any(left.values()), left
    assert out.oob_limit_mps2 == 0.03
    assert not out.assessable and out.not_assessable_reason == "taps"
