"""Accuracy against the simulator's ground truth, with seeds picked here.

Targets (issue 2): twitch precision and recall >= 0.9 at 100 Hz and above, set boundaries within
2 s, set labels >= 90 % correct, tremor frequency within 0.3 Hz, and no out-of-band episode in
sessions that have none. The measured figures are printed in the test run's summary.
"""

from __future__ import annotations

import numpy as np
import pytest

from tremor.core.analysis import analyze
from tremor.sim.session import simulate_session
from tremor.sim.validation import combine_scores, score_session

#: Each session: seed and confounders. Every label appears several times across the seeds.
SESSIONS = [
    (11, {}),
    (12, {"walking": True}),
    (13, {"impacts": 2}),
    (14, {"jitter_ms": 1.5}),
    (15, {"walking": True, "impacts": 1}),
    (16, {"labels": ["calm", "fasciculations", "mixed", "fatigue_tremor", "atypical_tremor"]}),
    (17, {"quantisation_mps2": 0.0098}),
    (18, {"impacts": 3, "jitter_ms": 1.0}),
]


def _score(fs: float, sessions):
    scores = []
    for seed, options in sessions:
        sim = simulate_session(seed=seed, fs_hz=fs, **options)
        scores.append(score_session(analyze(sim.recording), sim.truth))
    return combine_scores(scores)


@pytest.mark.parametrize("fs", [100.0, 200.0])
def test_accuracy_at_twitch_rates(fs, accuracy_log):
    total = _score(fs, SESSIONS)
    accuracy_log.append(f"simulated, {fs:g} Hz, {len(SESSIONS)} sessions: {total.summary()}")
    assert total.twitch_tp + total.twitch_fn >= 100, "too few true twitches to measure recall"
    assert total.precision >= 0.9
    assert total.recall >= 0.9
    # a calm hold at the rest's tremor after which the arm rests 10 deg or more from where it was raised from (this
    # simulator draws each rest pose 0-10 deg from the first) reads as a stay one sensor cannot call: said so in a
    # note, never silently lost (tremor.core.posture_shift.stay_kind); only calm-tremor holds may
    assert (
        total.sets_matched + total.sets_unclear == total.sets_true and total.sets_found == total.sets_matched
    )
    assert {k for k, v in total.confusion.items() if k[1] == "unclear"} <= {
        ("calm", "unclear"),
        ("fasciculations", "unclear"),
    }
    assert total.sets_unclear <= 0.1 * total.sets_true
    assert max(total.boundary_errors_s) <= 2.0
    assert total.label_accuracy >= 0.9
    assert max(total.peak_errors_hz) <= 0.3
    assert total.false_episodes == 0


def test_accuracy_at_50_hz_where_twitches_are_not_assessable(accuracy_log):
    total = _score(50.0, SESSIONS[:6])
    accuracy_log.append(f"simulated, 50 Hz (twitches not assessable), 6 sessions: {total.summary()}")
    assert total.twitch_tp + total.twitch_fp == 0, "no twitch may be reported below 100 Hz"
    assert max(total.boundary_errors_s) <= 2.0
    assert total.label_accuracy >= 0.9
    assert max(total.peak_errors_hz) <= 0.3
    assert total.false_episodes == 0


@pytest.mark.parametrize("fs,hz", [(100.0, 5.0), (200.0, 15.5), (50.0, 4.5)])
def test_out_of_band_tremor_at_rest_is_reported_as_an_episode(fs, hz, accuracy_log):
    sim = simulate_session(seed=21, fs_hz=fs, atypical_rest_hz=hz)
    result = analyze(sim.recording)
    truth = sim.truth.atypical_episodes[0]
    at_rest = [e for e in result.atypical_tremor if e.set_index is None]
    assert len(at_rest) == 1
    ep = at_rest[0]
    assert ep.peak_hz == pytest.approx(truth.peak_hz, abs=0.3)
    assert abs(ep.start_s - truth.start_s) < 3 and abs(ep.end_s - truth.end_s) < 3
    assert any("see a clinician" in n for n in result.notes)
    assert any(c.id == "see_a_clinician" for c in result.session_causes)
    accuracy_log.append(
        f"rest episode at {fs:g} Hz: true {truth.peak_hz:.2f} Hz {truth.start_s:.1f}-{truth.end_s:.1f} s, "
        f"found {ep.peak_hz:.2f} Hz {ep.start_s:.1f}-{ep.end_s:.1f} s"
    )


def test_gravity_free_data_finds_dynamic_sets_and_says_holds_need_markers():
    sim = simulate_session(seed=31, fs_hz=100.0, gravity_included=False, labels=["fatigue_tremor", "calm"])
    result = analyze(sim.recording)
    reps = [t for t in sim.truth.sets if t.kind == "reps"]
    for t in reps:
        assert any(
            abs(r.span.start_s - t.start_s) <= 2 and abs(r.span.end_s - t.end_s) <= 2 for r in result.sets
        )
    assert any("gravity" in n and "--sets" in n for n in result.notes)


def test_figures_are_reproducible():
    a = _score(100.0, SESSIONS[:2])
    b = _score(100.0, SESSIONS[:2])
    assert a.summary() == b.summary()
    assert np.isfinite(a.peak_errors_hz).all()


def test_no_high_band_tremor_where_the_rate_cannot_show_it():
    """Found in review: at 36-45 Hz a 13-18 Hz episode was reported though the band was not assessable."""
    from tremor.core.recording import Recording, SourceInfo

    fs = 40.0
    t = np.arange(int(300 * fs)) / fs
    rng = np.random.default_rng(5)
    acc = 0.01 * rng.normal(size=(t.size, 3))
    acc[:, 2] += 9.81
    acc[:, 0] += 0.03 * np.sin(2 * np.pi * 10 * t)
    burst = (t > 100) & (t < 160)
    acc[burst, 1] += 0.3 * np.sin(2 * np.pi * 15.5 * t[burst])  # in the anti-alias roll-off at 40 Hz
    result = analyze(Recording(t, acc, True, SourceInfo("<x>", "simulated", "m/s^2")))
    assert not result.assessable["out_of_band_tremor"]
    assert not [e for e in result.atypical_tremor if e.peak_hz > 12]
    assert not any(c.id == "see_a_clinician" for c in result.session_causes)
