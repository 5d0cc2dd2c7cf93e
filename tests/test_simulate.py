"""Tests of :mod:`tremor.sim.session`: determinism, self-consistent truth, and truth that matches the signal."""

from __future__ import annotations

import json
import time

import numpy as np
import pytest
from scipy.signal import welch

import tremor.sim.session as simulate
from tremor.core.recording import STANDARD_GRAVITY, Recording
from tremor.errors import ParameterError
from tremor.sim.session import LABELS, SessionTruth, session_to_dict, simulate_session

DEFAULTS = dict(
    labels=None,
    n_sets=None,
    gravity_included=True,
    jitter_ms=0.0,
    walking=False,
    impacts=0,
    atypical_rest_hz=None,
    range_g=16.0,
    quantisation_mps2=None,
)


def _with_components(**kwargs):
    return simulate.simulate_components(**{**DEFAULTS, **kwargs})


def _rms(x: np.ndarray) -> float:
    return float(np.sqrt(np.mean((x * x).sum(axis=1))))


def _in(t: np.ndarray, a: float, b: float) -> np.ndarray:
    return (t >= a) & (t < b)


def test_public_names() -> None:
    for name in simulate.__all__:
        assert hasattr(simulate, name)
    assert set(simulate.__all__) >= {
        "simulate_session",
        "session_to_dict",
        "SimulatedSession",
        "SessionTruth",
    }


def test_same_seed_identical_and_seeds_differ() -> None:
    a = simulate_session(seed=7, fs_hz=100.0, walking=True, impacts=2, jitter_ms=1.0)
    b = simulate_session(seed=7, fs_hz=100.0, walking=True, impacts=2, jitter_ms=1.0)
    c = simulate_session(seed=8, fs_hz=100.0, walking=True, impacts=2, jitter_ms=1.0)
    assert np.array_equal(a.recording.time_s, b.recording.time_s)
    assert np.array_equal(a.recording.acc_mps2, b.recording.acc_mps2)
    assert a.truth == b.truth
    assert a.recording.source.details == b.recording.source.details
    assert a.truth != c.truth
    n = min(a.recording.n_samples, c.recording.n_samples)
    assert not np.allclose(a.recording.acc_mps2[:n], c.recording.acc_mps2[:n])


def test_recording_contract() -> None:
    sim = simulate_session(seed=2, fs_hz=100.0)
    rec = sim.recording
    assert isinstance(rec, Recording)
    assert rec.time_s[0] == 0.0 and rec.gravity_included
    assert rec.source.path == "<simulated>" and rec.source.format == "simulated"
    assert rec.source.units == "m/s^2"
    d = rec.source.details
    assert d["seed"] == 2 and d["fs_hz"] == 100.0 and d["n_clipped_samples"] == 0
    assert rec.range_mps2 == pytest.approx(16 * STANDARD_GRAVITY)
    assert rec.duration_s == pytest.approx(sim.truth.duration_s, abs=0.011)
    # default quantisation: one LSB of 16 bits over +-16 g
    q = 2 * 16 * STANDARD_GRAVITY / 65536
    steps = rec.acc_mps2 / q
    assert np.allclose(steps, np.round(steps), atol=1e-6)
    # gravity included: the resting norm is g
    rest = _in(rec.time_s, 1.0, sim.truth.sets[0].start_s - 1.0)
    assert np.median(np.linalg.norm(rec.acc_mps2[rest], axis=1)) == pytest.approx(STANDARD_GRAVITY, abs=0.05)


@pytest.mark.parametrize(
    ("seed", "fs", "kwargs"),
    [
        (0, 50.0, {}),
        (1, 100.0, {"walking": True, "impacts": 3}),
        (2, 200.0, {"atypical_rest_hz": 5.0, "walking": True}),
        (3, 100.0, {"labels": ["mixed"], "walking": True, "impacts": 2, "atypical_rest_hz": 15.0}),
        (
            4,
            200.0,
            {
                "labels": [
                    "fasciculations",
                    "mixed",
                    "calm",
                    "fatigue_tremor",
                    "atypical_tremor",
                    "fasciculations",
                ]
            },
        ),
        (5, 50.0, {"labels": ["fasciculations"] * 3, "impacts": 4}),
    ],
)
def test_truth_self_consistent(seed: int, fs: float, kwargs: dict) -> None:
    sim = simulate_session(seed=seed, fs_hz=fs, **kwargs)
    tr = sim.truth
    labels = kwargs.get("labels")
    if labels is not None:
        assert [s.label for s in tr.sets] == labels
    else:
        assert len(tr.sets) == 4
    assert 40.0 <= tr.sets[0].start_s <= 60.0
    for i, s in enumerate(tr.sets):
        assert s.index == i and s.label in LABELS and s.kind in ("reps", "hold")
        assert 25.0 <= s.end_s - s.start_s <= 50.0
        assert s.recovery_end_s - s.end_s >= 45.0
        nxt = tr.sets[i + 1].start_s if i + 1 < len(tr.sets) else tr.duration_s
        assert s.recovery_end_s == nxt
        assert 40.0 <= s.rotation_deg <= 120.0 + 1e-6
        assert (s.rep_rate_hz is None) == (s.kind == "hold")
        assert (s.atypical_hz is None) == (s.label != "atypical_tremor")
        if s.label in ("fatigue_tremor", "mixed"):
            assert s.tremor_rms_last_third / s.tremor_rms_first_third >= 2.5
            assert 10.0 <= s.start_hz <= 11.0 and 7.5 <= s.end_hz <= 8.5
        else:
            assert abs(s.end_hz - s.start_hz) <= 0.3
        if s.label == "atypical_tremor":
            assert 4.0 <= s.atypical_hz <= 6.5 or 13.5 <= s.atypical_hz <= 17.5
        assert 6.0 <= s.tremor_peak_hz <= 12.0

    times = np.array([w.t_s for w in tr.twitches])
    assert np.all(np.diff(times) >= 1.2)
    for s in tr.sets:
        own = [w for w in tr.twitches if w.set_index == s.index]
        after = [w for w in own if not w.in_set]
        if s.label in ("fasciculations", "mixed"):
            assert 5 <= len(after) <= 12
        else:
            assert not own
        for w in after:
            assert s.end_s + 3.0 <= w.t_s <= s.recovery_end_s - 3.0
        for w in own:
            if w.in_set:
                assert s.label == "fasciculations" and s.kind == "hold"
                assert s.start_s + 3.0 <= w.t_s <= s.end_s - 3.0
            assert 0.12 <= w.peak_mps2 <= 0.5 and 0.0 < w.peak_sampled_mps2 <= w.peak_mps2 + 1e-12
            assert 40.0 <= w.duration_ms <= 250.0
    # rests: the initial one and every recovery
    rests = [(0.0, tr.sets[0].start_s)] + [(s.end_s, s.recovery_end_s) for s in tr.sets]

    def in_rest(a: float, b: float) -> bool:
        return any(r0 <= a and b <= r1 for r0, r1 in rests)

    assert len(tr.impacts) == kwargs.get("impacts", 0)
    for t_imp in tr.impacts:
        assert in_rest(t_imp, t_imp)
        assert times.size == 0 or np.min(np.abs(times - t_imp)) >= 3.0
    assert len(tr.walking) == int(kwargs.get("walking", False))
    for w0, w1 in tr.walking:
        assert 15.0 <= w1 - w0 <= 25.0 and in_rest(w0, w1)
    if kwargs.get("atypical_rest_hz") is None:
        assert tr.atypical_episodes == ()
    else:
        (ep,) = tr.atypical_episodes
        assert 20.0 <= ep.end_s - ep.start_s <= 40.0 and in_rest(ep.start_s, ep.end_s)
        assert ep.peak_hz == pytest.approx(kwargs["atypical_rest_hz"], abs=0.2)
        assert 0.07 <= ep.rms_mps2 <= 0.3
    for a, b in tr.posture_adjustments:
        assert in_rest(a, b) and 0.8 - 1e-9 <= b - a <= 2.0 + 1e-9
    assert 9.0 - 0.3 <= tr.rest_tremor_hz <= 11.0 + 0.3
    assert 0.015 <= tr.rest_tremor_rms_mps2 <= 0.045


def test_labels_drawn_from_seed_when_omitted() -> None:
    seen = {s.label for seed in range(6) for s in simulate_session(seed=seed, fs_hz=50.0).truth.sets}
    assert len(seen) >= 4


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_fatigue_ratio_measured_on_generated_tremor(seed: int) -> None:
    sim, comp = _with_components(seed=seed, fs_hz=100.0, labels=["fatigue_tremor", "mixed", "calm"])
    t = sim.recording.time_s
    phys = comp["physiological"]
    for s in sim.truth.sets:
        third = (s.end_s - s.start_s) / 3
        first = _rms(phys[_in(t, s.start_s, s.start_s + third)])
        last = _rms(phys[_in(t, s.end_s - third, s.end_s)])
        assert first == pytest.approx(s.tremor_rms_first_third, rel=1e-12)
        assert last == pytest.approx(s.tremor_rms_last_third, rel=1e-12)
        base = sim.truth.rest_tremor_rms_mps2
        if s.label == "calm":
            assert 0.75 <= _rms(phys[_in(t, s.start_s, s.end_s)]) / base <= 2.0
        else:
            assert last / first >= 2.5
            assert 3.5 <= last / base <= 12.0
            # back to baseline within ~5 s of the set's end
            after = _rms(phys[_in(t, s.end_s + 5.0, s.end_s + 15.0)])
            assert after / base < 1.5


@pytest.mark.parametrize("fs", [50.0, 100.0, 200.0])
def test_calm_rest_spectral_peak_matches_truth(fs: float) -> None:
    for seed in (21, 22, 23):
        sim = simulate_session(seed=seed, fs_hz=fs, labels=["calm", "calm"], jitter_ms=0.2)
        rec, tr = sim.recording, sim.truth
        m = _in(rec.time_s, 2.0, tr.sets[0].start_s - 2.0)
        x = rec.acc_mps2[m] - rec.acc_mps2[m].mean(axis=0)
        f, p = welch(x, fs=fs, nperseg=int(4 * fs), axis=0)
        band = (f >= 6.0) & (f <= 12.0)
        peak = f[band][np.argmax(p.sum(axis=1)[band])]
        assert abs(peak - tr.rest_tremor_hz) <= 0.3
        # calm sets: the set's tremor stays within 0.3 Hz of the rest frequency
        for s in tr.sets:
            assert abs(s.tremor_peak_hz - tr.rest_tremor_hz) <= 0.4


def test_twitch_amplitude_in_output() -> None:
    sim, comp = _with_components(
        seed=31,
        fs_hz=200.0,
        labels=["fasciculations", "fasciculations"],
        gravity_included=False,
        quantisation_mps2=0.0,
    )
    rec, tr = sim.recording, sim.truth
    t, acc = rec.time_s, rec.acc_mps2
    twc = comp["twitches"]
    assert len(tr.twitches) >= 10
    errors = []
    for w in tr.twitches:
        half = w.duration_ms / 2000.0
        m = _in(t, w.t_s - 2 * half, w.t_s + 2 * half)
        # the twitch component itself carries exactly the claimed sampled peak, at the claimed time
        mag = np.linalg.norm(twc[m], axis=1)
        assert mag.max() == pytest.approx(w.peak_sampled_mps2, rel=1e-12)
        assert abs(t[m][np.argmax(mag)] - w.t_s) <= 1.0 / 200.0
        assert w.peak_mps2 - w.peak_sampled_mps2 <= 0.25 * w.peak_mps2
        # in the output: peak deviation from the local level, against the surrounding background
        around = _in(t, w.t_s - 1.0, w.t_s + 1.0) & ~m
        level = np.median(acc[around], axis=0)
        k = np.flatnonzero(m)[np.argmax(mag)]
        seen = float(np.linalg.norm(acc[k] - level))
        background = _rms(acc[around] - level)
        errors.append(abs(seen - w.peak_sampled_mps2))
        assert abs(seen - w.peak_sampled_mps2) <= 4.0 * background
    assert np.median(errors) <= 0.05


@pytest.mark.parametrize("fs", [50.0, 100.0, 200.0])
def test_sampling_rates(fs: float) -> None:
    sim = simulate_session(seed=41, fs_hz=fs, walking=True, impacts=1)
    rec = sim.recording
    dt = np.diff(rec.time_s)
    assert np.allclose(dt, 1.0 / fs)
    assert rec.n_samples == pytest.approx(sim.truth.duration_s * fs, abs=2)
    assert rec.fs_declared_hz == fs
    ref = simulate_session(seed=41, fs_hz=100.0, walking=True, impacts=1).truth
    # the timeline does not depend on the rate
    assert [(s.start_s, s.end_s, s.label) for s in sim.truth.sets] == [
        (s.start_s, s.end_s, s.label) for s in ref.sets
    ]
    for w in sim.truth.twitches:
        assert w.duration_ms >= 1000.0 * 1.0 / (0.4 * fs) - 1e-9


def test_jitter_gives_irregular_increasing_times() -> None:
    fs = 100.0
    sim = simulate_session(seed=51, fs_hz=fs, jitter_ms=2.0)
    t = sim.recording.time_s
    dt = np.diff(t)
    assert t[0] == 0.0 and np.all(dt > 0)
    assert np.std(dt) > 1e-3
    assert np.mean(dt) == pytest.approx(1.0 / fs, rel=1e-3)
    # the jitter is real: the signal is evaluated at the jittered times, so the difference from
    # the unjittered session is (to first order) its time derivative times the jitter
    kw = dict(seed=51, fs_hz=fs, labels=["calm", "calm"], quantisation_mps2=0.0)
    jit, _ = _with_components(**{**kw, "jitter_ms": 2.0})
    flat, comp = _with_components(**{**kw, "jitter_ms": 0.0})
    assert [s.start_s for s in flat.truth.sets] == [s.start_s for s in jit.truth.sets]
    shift = jit.recording.time_s - flat.recording.time_s
    smooth = flat.recording.acc_mps2 - comp["noise"]  # the noise is drawn per sample, not in time
    slope = np.gradient(smooth, flat.recording.time_s, axis=0)
    diff = jit.recording.acc_mps2 - flat.recording.acc_mps2
    predicted = slope * shift[:, None]
    assert np.corrcoef(diff.ravel(), predicted.ravel())[0, 1] > 0.9
    # a large jitter relative to the period still keeps the order
    t2 = simulate_session(seed=52, fs_hz=200.0, jitter_ms=20.0).recording.time_s
    assert np.all(np.diff(t2) > 0)


def test_gravity_excluded_and_clipping() -> None:
    lin = simulate_session(seed=61, fs_hz=50.0, gravity_included=False)
    assert not lin.recording.gravity_included
    rest = _in(lin.recording.time_s, 1.0, lin.truth.sets[0].start_s - 1.0)
    assert np.abs(np.median(lin.recording.acc_mps2[rest], axis=0)).max() < 0.05
    clipped = simulate_session(seed=61, fs_hz=50.0, range_g=1.0, impacts=3)
    rng = clipped.recording.range_mps2
    assert rng == pytest.approx(STANDARD_GRAVITY)
    assert np.abs(clipped.recording.acc_mps2).max() <= rng
    assert clipped.recording.source.details["n_clipped_samples"] > 0


def test_atypical_set_and_rest_episode_are_in_the_signal() -> None:
    fs = 100.0
    sim = simulate_session(seed=71, fs_hz=fs, labels=["atypical_tremor", "calm"], atypical_rest_hz=5.5)
    rec, tr = sim.recording, sim.truth
    s = tr.sets[0]
    assert s.atypical_rms_mps2 > 3 * s.tremor_rms_mps2
    (ep,) = tr.atypical_episodes
    for (a, b), target in (
        ((s.start_s + 4, s.end_s - 4), s.atypical_hz),
        ((ep.start_s + 3, ep.end_s - 3), ep.peak_hz),
    ):
        m = _in(rec.time_s, a, b)
        x = rec.acc_mps2[m] - rec.acc_mps2[m].mean(axis=0)
        f, p = welch(x, fs=fs, nperseg=int(4 * fs), axis=0)
        band = f >= 3.0
        assert abs(f[band][np.argmax(p.sum(axis=1)[band])] - target) <= 0.3


def test_session_to_dict_is_json() -> None:
    sim = simulate_session(seed=81, fs_hz=50.0, walking=True, impacts=1, atypical_rest_hz=16.0)
    d = session_to_dict(sim.truth)
    text = json.dumps(d)
    back = json.loads(text)
    assert back["rest_tremor_hz"] == sim.truth.rest_tremor_hz
    assert len(back["sets"]) == len(sim.truth.sets) and back["sets"][0]["label"] == sim.truth.sets[0].label
    assert back["walking"] == [list(w) for w in sim.truth.walking]
    assert isinstance(sim.truth, SessionTruth)
    with pytest.raises(ParameterError):
        session_to_dict({"sets": []})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"fs_hz": 0.0},
        {"fs_hz": 10.0},
        {"fs_hz": float("nan")},
        {"labels": ["calm", "tired"]},
        {"labels": "calm"},
        {"labels": []},
        {"labels": ["calm"], "n_sets": 3},
        {"n_sets": 0},
        {"jitter_ms": -1.0},
        {"impacts": -1},
        {"range_g": 0.0},
        {"quantisation_mps2": -0.1},
        {"atypical_rest_hz": 45.0},
        {"atypical_rest_hz": 0.5},
        {"seed": -1},
    ],
)
def test_bad_parameters(kwargs: dict) -> None:
    args = {"seed": 1, "fs_hz": 100.0, **kwargs}
    with pytest.raises(ParameterError):
        simulate_session(**args)


def test_fast() -> None:
    start = time.perf_counter()
    sim = simulate_session(seed=91, fs_hz=200.0, n_sets=7, walking=True, impacts=2, atypical_rest_hz=5.0)
    elapsed = time.perf_counter() - start
    assert sim.truth.duration_s >= 540.0
    assert elapsed < 2.0
