"""Displacement implied by an oscillation's acceleration, and the words the report draws from it (issue 9)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from tests.run_entropy import fresh_entropy
from tremor.core.analysis import analyze
from tremor.core.plausibility import PLAINLY_VISIBLE_M, displacement_amplitude_m
from tremor.report.html_report import render_html
from tremor.report.json_report import to_report
from tremor.report.summary import format_summary
from tremor.sim.session import simulate_session


def _harmonic_rest_tremor(t: np.ndarray, rng: np.random.Generator, rms: float) -> np.ndarray:
    """A 5 Hz tremor with 2nd and 3rd harmonics (40 %, 15 %), frequency wandering by 0.25 Hz (1 s correlation)
    and amplitude by 30 %: not machine-steady (as in test_vibration.py)."""
    from scipy import signal

    fs = 1.0 / float(np.median(np.diff(t)))
    a = np.exp(-1.0 / fs)

    def slow(n: int) -> np.ndarray:
        return signal.lfilter([np.sqrt(1 - a * a)], [1.0, -a], rng.normal(0.0, 1.0, n))

    phase = 2 * np.pi * np.cumsum(5.0 + 0.25 * slow(t.size)) / fs
    env = np.clip(1.0 + 0.3 * slow(t.size), 0.2, None)
    w = env * (np.sin(phase) + 0.4 * np.sin(2 * phase + 1.0) + 0.15 * np.sin(3 * phase + 2.0))
    return rms * w / np.sqrt(np.mean(w * w))


def test_displacement_of_a_sinusoid():
    """x = sqrt(2) a_rms / (2 pi f)^2: a sampled sine integrated twice gives the same amplitude."""
    fs, f, rms = 1000.0, 5.5, 10.0
    t = np.arange(int(20 * fs)) / fs
    x = 0.0118 * np.sin(2 * np.pi * f * t)
    a = np.gradient(np.gradient(x, t), t)[100:-100]
    assert displacement_amplitude_m(float(a.std()), f) == pytest.approx(0.0118, rel=0.01)
    assert displacement_amplitude_m(rms, f) == pytest.approx(0.01184, rel=1e-3)  # 10 m/s^2 at 5.5 Hz: 1.2 cm
    with pytest.raises(ValueError):
        displacement_amplitude_m(1.0, 0.0)


@pytest.mark.parametrize("scale,visible", [(1.0, False), (30.0, True)])
def test_clinician_note_says_how_far_the_wrist_would_move(scale, visible):
    """A harmonic-rich 5 Hz rest tremor (not machine-steady) of 0.3 m/s^2 RMS moves the wrist about 0.4 mm: the
    careful re-test wording alone. Thirty times that (9 m/s^2, about 1.3 cm) would be plainly visible: the
    report says so (terminal summary and HTML cause card), and that equipment is the likelier source if the hand
    was not seen to shake. (Since h-rhythm a rhythm that size in the sets is not labelled there; the rest episode
    keeps the cause: see the visible branch.)"""
    seed = 1
    rng = np.random.default_rng(seed)
    rec = simulate_session(seed=seed, fs_hz=100.0, labels=["calm", "calm"]).recording
    wave = _harmonic_rest_tremor(rec.time_s, rng, 0.3 * scale)
    rec = dataclasses.replace(rec, acc_mps2=rec.acc_mps2 + wave[:, None] * np.array([0.6, -0.48, 0.64]))
    result = analyze(rec)
    rep = to_report(result)
    if visible:
        # h-rhythm: 9 m/s^2 at 5 Hz (about 9 mm RMS) in the sets is the size of a deliberate rhythmic movement
        # (tremor.core.rhythm_size): no set label; the note gives its size and the conditional advice. The rest
        # episode before the sets: its 3rd harmonic alone is 1.35 m/s^2 RMS at 15 Hz, which no body makes at the
        # wrist (h-fold, tremor.core.fast_line: 0.5 m/s^2 above 13 Hz; a large essential tremor's reaches 0.1-0.2), so
        # since the twenty-first session it is set aside as a machine shaking the hand, with the same conditional
        # re-test and clinician advice in its note, no longer an unconditional clinician cause (h-rev30's wording
        # for such a rest rhythm: test_a_visible_rest_rhythm_without_a_fast_harmonic_keeps_the_hedged_cause)
        assert [s["tremor"]["not_assessable_reason"] for s in rep["sets"]].count("large_rhythm") >= 3
        assert not [s for s in rep["sets"] if s["label"] == "atypical_tremor"]
        text = " ".join(format_summary(rep).split())
        assert (
            "mm either way) in 3-7 Hz" in text and "if you were not moving so and nothing was shaking" in text
        )
        assert "see_a_clinician" not in {c["id"] for c in rep["session_causes"]}
        assert "larger than any tremor of the body there: a machine in the hand" in text
        assert "If no motor, vehicle or vibrating tool was in contact with the sensor, re-test rested" in text
        return
    atypical = [s for s in rep["sets"] if s["label"] == "atypical_tremor"]
    assert atypical, [s["label"] for s in rep["sets"]]
    for st in atypical:
        mm = st["tremor"]["out_of_band"]["displacement_mm"]
        assert (mm >= 1e3 * PLAINLY_VISIBLE_M) == visible, mm
    text = " ".join(format_summary(rep).split())
    assert "re-test" in text
    assert ("which would be plainly visible" in text) == visible
    assert ("it came from equipment" in text) == visible
    # the HTML report's clinician card says the same as the terminal summary (issue 9)
    page = " ".join(render_html(result, figures=False).split())
    assert ("which would be plainly visible" in page) == visible
    assert ("it came from equipment" in page) == visible
    assert "is an oscillation of about" in page
    for e in rep["atypical_tremor"]:
        assert e["displacement_mm"] == pytest.approx(
            1e3 * displacement_amplitude_m(e["rms_mps2"], e["peak_hz"]), rel=1e-2
        )


FRESH_SEED = int(fresh_entropy(__name__) % 2**31)


def test_a_visible_rest_rhythm_without_a_fast_harmonic_keeps_the_hedged_cause() -> None:
    """The 30x rest rhythm of the test above (9 m/s^2 RMS at 5 Hz, about 1.3 cm) with a 2nd harmonic only (40 %, at
    10 Hz: nothing above 13 Hz, so no machine's fast line): the clinician cause stays, its words hedged as plainly
    visible, equipment the likelier source (review h-rev30), in the summary and the HTML cause card."""
    from scipy import signal

    rng = np.random.default_rng(1)
    rec = simulate_session(seed=1, fs_hz=100.0, labels=["calm", "calm"]).recording
    a = np.exp(-1.0 / 100.0)

    def slow(n: int) -> np.ndarray:
        return signal.lfilter([np.sqrt(1 - a * a)], [1.0, -a], rng.normal(0.0, 1.0, n))

    phase = 2 * np.pi * np.cumsum(5.0 + 0.25 * slow(rec.time_s.size)) / 100.0
    wave = np.clip(1.0 + 0.3 * slow(rec.time_s.size), 0.2, None) * (np.sin(phase) + 0.4 * np.sin(2 * phase))
    wave *= 9.0 / np.sqrt(np.mean(wave**2))
    rec = dataclasses.replace(rec, acc_mps2=rec.acc_mps2 + wave[:, None] * np.array([0.6, -0.48, 0.64]))
    result = analyze(rec)
    rep = to_report(result)
    text = " ".join(format_summary(rep).split())
    assert "see_a_clinician" in {c["id"] for c in rep["session_causes"]}
    assert "which would be plainly visible" in text and "it came from equipment" in text
    assert "a machine in the hand" not in text
    page = " ".join(render_html(result, figures=False).split())
    assert "equipment vibration (a motor, a machine) or a rhythm the hand rests on or makes" in page


@pytest.mark.parametrize("seed", [1, 2, 4, FRESH_SEED])
def test_continuous_harmonic_rest_tremor_is_one_episode(seed):
    """A harmonic-rich 5 Hz rest tremor running through a whole session (0.3 m/s^2 RMS, frequency wandering by
    0.25 Hz, amplitude by 30 %) is one episode, clipped to the recording (issue 9 item 5). Before the runs were
    followed across rep sets (where the movement rule hides the peak though it stays prominent, 200-3000x the
    floor), 6 of 8 seeds gave two episodes broken at the first rep set."""
    print(f"seed {seed}")
    rng = np.random.default_rng(seed)
    rec = simulate_session(seed=seed, fs_hz=100.0, labels=["calm", "calm"]).recording
    wave = _harmonic_rest_tremor(rec.time_s, rng, 0.3)
    rec = dataclasses.replace(rec, acc_mps2=rec.acc_mps2 + wave[:, None] * np.array([0.6, -0.48, 0.64]))
    result = analyze(rec)
    end = float(rec.time_s[-1])
    assert len(result.atypical_tremor) == 1, (seed, result.atypical_tremor)
    (e,) = result.atypical_tremor
    assert 0.0 <= e.start_s <= 2.0 and end - 2.0 <= e.end_s <= end, (seed, e, end)
    assert abs(e.peak_hz - 5.0) <= 0.5
