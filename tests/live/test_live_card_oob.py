"""Live cards speak of out-of-band tremor only where batch's rule made the set atypical_tremor."""

from tremor.live.display import format_card
from tremor.live.set_decisions import SetCard


def _card(label, oob):
    return SetCard(
        index=1,
        source="auto",
        start_s=10.0,
        end_s=40.0,
        label=label,
        report={
            "kind": "hold",
            "tremor": {"peak_hz": 9.1, "rms_mps2": 0.03, "out_of_band": oob},
            "fasciculations": {"in_set": 0},
            "causes": [],
        },
    )


def test_a_noise_maximum_out_of_band_is_not_called_tremor_on_a_card():
    # seen live: "13-18 Hz at 17.8 Hz" for a maximum at 0.002x the physiological peak, prominence 1.3
    noise = {"band": "13-18 Hz", "peak_hz": 17.8, "power_vs_physiological": 0.002, "prominence": 1.3}
    text = "\n".join(format_card(_card("calm", noise)))
    assert "out-of-band" not in text and "17.8" not in text


def test_an_atypical_set_card_names_its_peak_with_the_rule_figures():
    peak = {"band": "3-7 Hz", "peak_hz": 5.5, "power_vs_physiological": 40.0, "prominence": 230.0}
    text = "\n".join(format_card(_card("atypical_tremor", peak)))
    assert "out-of-band tremor: 3-7 Hz at 5.5 Hz (prominence 230x, 40.0x the 6-12 Hz peak)" in text
