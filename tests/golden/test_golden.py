"""End-to-end golden test on the bundled sample session (regenerate with tests/golden/regenerate.py)."""

import json
from pathlib import Path

import pytest

from tests.golden.regenerate import golden_summary

GOLDEN = Path(__file__).with_name("sample_session_100hz.json")


def test_sample_session_matches_golden():
    want = json.loads(GOLDEN.read_text())
    got = golden_summary()
    assert got["rate_hz"] == pytest.approx(want["rate_hz"], rel=1e-6)
    assert got["rest_rms_mps2"] == pytest.approx(want["rest_rms_mps2"], rel=0.02)
    assert len(got["sets"]) == len(want["sets"])
    for g, w in zip(got["sets"], want["sets"]):
        assert (g["index"], g["kind"], g["label"], g["twitches"], g["causes"]) == (
            w["index"],
            w["kind"],
            w["label"],
            w["twitches"],
            w["causes"],
        )
        assert g["start_s"] == pytest.approx(w["start_s"], abs=0.01)
        assert g["end_s"] == pytest.approx(w["end_s"], abs=0.01)
        assert g["peak_hz"] == pytest.approx(w["peak_hz"], abs=0.01)
        assert g["centroid_hz"] == pytest.approx(w["centroid_hz"], abs=0.01)
        assert g["rms_mps2"] == pytest.approx(w["rms_mps2"], rel=0.01)
        assert g["end_to_start_ratio"] == pytest.approx(w["end_to_start_ratio"], rel=0.01)
    assert got["twitch_times_s"] == pytest.approx(want["twitch_times_s"], abs=0.005)
    assert got["session_causes"] == want["session_causes"]


def test_golden_matches_the_simulator_truth():
    """The golden file is not just what the code said once: it agrees with the simulated truth."""
    from tremor.sim.session import simulate_session

    truth = simulate_session(
        seed=7, fs_hz=100.0, labels=["calm", "fatigue_tremor", "mixed"], range_g=16.0
    ).truth
    want = json.loads(GOLDEN.read_text())
    assert [s["label"] for s in want["sets"]] == [t.label for t in truth.sets]
    for s, t in zip(want["sets"], truth.sets):
        assert abs(s["start_s"] - t.start_s) < 2 and abs(s["end_s"] - t.end_s) < 2
        # the truth's frequency is a power-weighted mean: the centroid's like; the peak (a spectral maximum)
        # lies within the tremor's drift from its start to its end frequency
        assert abs(s["centroid_hz"] - t.tremor_peak_hz) < 0.3
        assert min(t.start_hz, t.end_hz) - 0.3 < s["peak_hz"] < max(t.start_hz, t.end_hz) + 0.3
