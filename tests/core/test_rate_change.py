"""A sampling rate that changes within a gap-free stretch (issue 9; red team round eight, item 1).

A phone's sensor service delivers the fastest rate any app asks for: another app starting doubles a watch's output
rate mid-recording, the stamps true and no sample lost. The sampling tracker (``tremor.core.rate_change``) splits the
stretch there, causally, so each part gets its own grid; live, fed in random chunks, splits where batch does, bit for
bit. Stamps that jitter (2 ms), skip samples or arrive bunched in packets are no rate change. The switch time, the
chunking and the stamp noise are drawn from a fresh seed, printed for a replay.
"""

from __future__ import annotations

import os

import jsonschema
import numpy as np
import pytest

from tests.run_entropy import fresh_entropy
from tremor.core.analysis import analyze
from tremor.core.live_sampling import LiveSampler
from tremor.core.quality import sample_segments
from tremor.core.recording import Recording, SourceInfo
from tremor.report.json_report import report_schema, to_report
from tremor.sim.session import simulate_session

FRESH_SEED = int(os.environ.get("TREMOR_RATE_SEED", fresh_entropy(__name__) % 2**31))
SRC = SourceInfo(path="rate.csv", format="generic_csv", units="m/s^2")


def _switching_stamps(fs0: float, fs1: float, switch_s: float, end_s: float) -> tuple[np.ndarray, int]:
    """Exact stamps at ``fs0`` up to ``switch_s``, then at ``fs1`` from the last old sample on (no sample lost);
    with the index of the first sample whose next interval is new."""
    n0 = int(np.floor(switch_s * fs0)) + 1
    t0 = np.arange(n0) / fs0
    t1 = t0[-1] + np.arange(1, int((end_s - t0[-1]) * fs1)) / fs1
    return np.concatenate([t0, t1]), n0 - 1


def _recording(t: np.ndarray, rng: np.random.Generator) -> Recording:
    acc = rng.normal(0.0, 0.01, (t.size, 3)) + [0.0, 0.0, 9.81]
    return Recording(t, acc, True, SRC)


def _live_segments(
    rec: Recording, rng: np.random.Generator
) -> tuple[LiveSampler, list[tuple[np.ndarray, ...]]]:
    """Feed a LiveSampler in random chunks; each stretch's (first index, rate, times, samples)."""
    live = LiveSampler()
    blocks = []
    i = 0
    while i < rec.n_samples:
        k = int(rng.integers(1, 400))
        blocks += live.update(rec.time_s[i : i + k], rec.acc_mps2[i : i + k])
        i += k
    blocks += live.finish()
    out = []
    for seg in live.segments:
        mine = [b for b in blocks if b.segment is seg]
        out.append(
            (
                seg.first_index,
                seg.fs_hz,
                np.concatenate([b.time_s for b in mine]),
                np.concatenate([b.acc_mps2 for b in mine]),
            )
        )
    return live, out


@pytest.mark.parametrize(
    ("fs0", "fs1"), [(50.0, 100.0), (100.0, 50.0), (100.0, 200.0), (200.0, 100.0), (50.0, 62.5)]
)
def test_a_rate_change_is_split_where_it_happened_in_batch_and_live(fs0: float, fs1: float) -> None:
    """Up, down and a 5/4 step: one split, at the last old sample, the two stretches at their own rates; live in
    random chunks gives the same stretches, samples and times, bit for bit."""
    rng = np.random.default_rng(FRESH_SEED)
    switch_s = float(rng.uniform(20.0, 80.0))
    print(f"seed {FRESH_SEED}: {fs0} -> {fs1} Hz at {switch_s:.3f} s")
    t, at = _switching_stamps(fs0, fs1, switch_s, 120.0)
    rec = _recording(t, rng)
    report, segments = sample_segments(rec)
    assert [c.index for c in report.rate_changes] == [at]
    change = report.rate_changes[0]
    assert change.time_s == t[at]
    assert (change.from_hz, change.to_hz) == (pytest.approx(fs0), pytest.approx(fs1))
    assert [(s.first_index, s.stop_index) for s in segments] == [(0, at), (at, t.size)]
    assert [s.fs_hz for s in segments] == [pytest.approx(fs0), pytest.approx(fs1)]
    assert report.lowest_rate_hz == pytest.approx(min(fs0, fs1))
    assert f"from {fs0:.1f} to {fs1:.1f} Hz at {t[at]:.1f} s" in report.notes[-1]
    assert report.jitter_ms < 1e-6  # the step between the two rates is no jitter
    live, got = _live_segments(rec, rng)
    assert live.tracker is not None and live.tracker.rate_changes == list(report.rate_changes)
    assert live.report().notes == report.notes
    assert len(got) == len(segments)
    for (first, fs, times, acc), seg in zip(got, segments):
        assert first == seg.first_index and fs == seg.fs_hz
        assert np.array_equal(times, seg.times()) and np.array_equal(acc, seg.acc_mps2)


def _strict(t: np.ndarray) -> np.ndarray:
    """``t`` made strictly increasing: each stamp at least 0.1 ms after the one before."""
    step = np.arange(t.size) * 1e-4
    return np.maximum.accumulate(t - step) + step


def _jittered(t: np.ndarray, sd_s: float, rng: np.random.Generator) -> np.ndarray:
    """Stamps with Gaussian noise, kept in order."""
    return _strict(np.sort(t + rng.normal(0.0, sd_s, t.size)))


def _dropped(t: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """5 % of samples lost singly and 1 % in pairs (intervals of 2 and 3 periods, under the gap threshold)."""
    keep = rng.random(t.size) > 0.05
    for i in rng.choice(t.size - 2, size=t.size // 200, replace=False):
        keep[i : i + 2] = False
    keep[:3] = True
    return t[keep]


def _bunched(t: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """BLE packets of 4-8 samples, each stamped on arrival (after its last sample, 0-15 ms late)."""
    ends = np.cumsum(rng.integers(4, 9, t.size // 4 + 1))
    ends = np.append(ends[ends < t.size], t.size)
    packet = np.searchsorted(ends, np.arange(t.size), "right")
    arrive = t[ends - 1] + rng.uniform(0.0, 0.015, ends.size)
    return _strict(arrive[packet])


@pytest.mark.parametrize(("fs0", "fs1"), [(50.0, 100.0), (100.0, 200.0), (200.0, 100.0), (100.0, 125.0)])
def test_a_change_in_jittered_stamps_names_both_true_rates_in_batch_and_live(fs0: float, fs1: float) -> None:
    """1 ms stamp noise (an ESP32 or phone logger): the note names both true rates (within 3 %) and the time of the
    switch (within 0.1 s), and live in random chunks finds the same change. Review h-rev48: the rates were the
    medians of a window straddling the change, biased to the other rate under jitter (a doubling 100 -> 200 Hz was
    named "from 100 to 114 Hz", a halving 200 -> 100 Hz "from 206 to 176 Hz", the lowest rate 176 Hz)."""
    rng = np.random.default_rng(FRESH_SEED + 7)
    switch_s = float(rng.uniform(20.0, 80.0))
    print(f"seed {FRESH_SEED + 7}: {fs0} -> {fs1} Hz at {switch_s:.3f} s, 1 ms jitter")
    t, at = _switching_stamps(fs0, fs1, switch_s, 120.0)
    rec = _recording(_jittered(t, 0.001, rng), rng)
    report, _ = sample_segments(rec)
    assert len(report.rate_changes) == 1
    change = report.rate_changes[0]
    assert change.time_s == pytest.approx(t[at], abs=0.1)
    assert (change.from_hz, change.to_hz) == (pytest.approx(fs0, rel=0.03), pytest.approx(fs1, rel=0.03))
    assert report.lowest_rate_hz == pytest.approx(min(fs0, fs1), rel=0.03)
    live, _ = _live_segments(rec, rng)
    assert live.tracker is not None and live.tracker.rate_changes == list(report.rate_changes)


def test_a_change_right_after_a_gap_makes_no_false_split_later() -> None:
    """A gap, then 50 Hz for 0.8 s and 100 Hz on (a phone's sensor service switching as it reconnects), stamps with
    2 ms noise: the stretch's first-seconds reference holds both rates, and every later window's mean departed from it;
    no split may name two rates that agree. Review h-rev48: "from 100.0 to 100.0 Hz" at 6-129 s in 3 of 4 draws
    (fresh seed 4804); now the watch takes a new reference there."""
    rng = np.random.default_rng(FRESH_SEED + 11)
    print(f"seed {FRESH_SEED + 11}")
    for _ in range(4):
        gap_s = float(rng.uniform(20.0, 40.0))
        t, at = _switching_stamps(50.0, 100.0, gap_s + 0.8, 300.0)
        t[t > gap_s] += 5.0
        report, _ = sample_segments(_recording(_jittered(t, 0.002, rng), rng))
        assert len(report.gaps) == 1
        for c in report.rate_changes:
            assert abs(c.to_hz / c.from_hz - 1.0) > 0.06, c
            # within the stretch's first 2 s; its old side may blend both rates (e.g. "from 75 Hz", measured)
            assert t[at] - 0.1 <= c.time_s <= t[at] + 1.2, c


@pytest.mark.parametrize("fs", [50.0, 100.0, 200.0])
@pytest.mark.parametrize("kind", ["jitter", "drops", "bunched", "drops+jitter"])
def test_jitter_drops_and_bunched_packets_are_no_rate_change(kind: str, fs: float) -> None:
    """Ten minutes of stamps at one rate, with 2 ms noise, lost samples or packet bunching: no split."""
    rng = np.random.default_rng(FRESH_SEED + int(fs))
    print(f"seed {FRESH_SEED + int(fs)}: {kind} at {fs} Hz")
    t = np.arange(int(600 * fs)) / fs
    if "drops" in kind:
        t = _dropped(t, rng)
    if "jitter" in kind:
        t = _jittered(t, 0.002, rng)
    if kind == "bunched":
        t = _bunched(t, rng)
    report, _ = sample_segments(_recording(t, rng))
    assert not report.rate_changes
    assert not any("sampling rate changed" in n for n in report.notes)


def test_a_doubling_on_a_session_live_matches_batch_and_the_json_lists_it() -> None:
    """A simulated 50 Hz session whose stamps run at 100 Hz from a fresh time on (the signal is the simulator's:
    only the sampling paths are compared): live in random chunks gives batch's result, and the report's
    ``sampling.rate_changes`` validates against the schema; twitches are judged at the lowest rate (50 Hz: not
    assessed)."""
    from tests.core.test_live_vs_batch import _feed, _same_result

    rng = np.random.default_rng(FRESH_SEED)
    rec = simulate_session(seed=2, fs_hz=50.0).recording
    k = int(rng.integers(3000, rec.n_samples - 3000))
    t = rec.time_s.copy()
    t[k:] = t[k - 1] + np.arange(1, t.size - k + 1) / 100.0
    rec = Recording(t, rec.acc_mps2, True, rec.source)
    batch = analyze(rec)
    assert [c.index for c in batch.sampling.rate_changes] == [k - 1]
    assert batch.assessable["fasciculations"] is False
    _same_result(_feed(rec, FRESH_SEED).finish(), batch)
    report = to_report(batch)
    jsonschema.validate(report, report_schema())
    assert report["sampling"]["rate_changes"] == [
        {"time_s": round(t[k - 1], 3), "from_hz": 50.0, "to_hz": 100.0}
    ]
