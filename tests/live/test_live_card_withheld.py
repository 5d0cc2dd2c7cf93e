"""A live set card says why its 6-12 Hz figures are missing, as the batch summary does (issue 9)."""

from tremor.live.display import format_card
from tremor.live.set_decisions import SetCard

_NONE = {"peak_hz": None, "start_peak_hz": None, "end_peak_hz": None, "rms_mps2": None}


def _card(label: str, tremor: dict) -> SetCard:
    return SetCard(1, "auto", 10.0, 50.0, label, {"kind": "reps", "tremor": tremor})


def test_withheld_band_says_the_oscillation_fills_it():
    oob = {"band": "3-7 Hz", "peak_hz": 5.5, "prominence": 230.0, "power_vs_physiological": 30.0}
    tremor = {**_NONE, "assessable": True, "oob_leak_share": 0.86, "out_of_band": oob}
    text = "\n".join(format_card(_card("atypical_tremor", tremor)))
    assert "not given: the skirt and harmonics of the out-of-band oscillation fill the band" in text
    assert "out-of-band tremor: 3-7 Hz at 5.5 Hz" in text  # the oscillation itself is still named
    assert "RMS - m/s^2" not in text


def test_unassessed_tremor_says_so_and_an_assessed_one_gives_its_figures():
    text = "\n".join(
        format_card(
            _card("not_assessable", {**_NONE, "assessable": False, "not_assessable_reason": "movement"})
        )
    )
    assert "tremor 6-12 Hz: not assessable (vigorous movement fills the tremor bands)" in text
    tremor = {
        "peak_hz": 8.4,
        "start_peak_hz": 9.9,
        "end_peak_hz": 8.3,
        "rms_mps2": 0.087,
        "assessable": True,
        "oob_leak_share": None,
        "power_vs_rest": 12.0,
        "end_to_start_ratio": 10.6,
    }
    text = "\n".join(format_card(_card("fatigue_tremor", tremor)))
    assert "peak 8.4 Hz (9.9 -> 8.3), RMS 0.087 m/s^2" in text
