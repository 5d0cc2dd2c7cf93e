"""Stamps written in bursts (an Android phone batching its sensor, the app stamping in its callback): recognised from
the stamps alone, put back on the rate measured across the bursts (tremor.core.bursts), alike in batch, live in
random chunks and the reader; repeats for another reason (a duplicated row, a stuck clock, a coarse clock) are not
bursts and are still refused by name.

Physics of the cases: benchmarks/redteam/gen_r9.py ``sc_stamps`` (fatigue holds sampled regularly, stamped at each
burst's delivery, 1-6 ms after its last sample, the callbacks 0.02-0.2 ms apart), loaded by path. The burst size and
rate are drawn from a fresh seed (printed).
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from tests.core.live_feed import fed_in_chunks
from tests.redteam_run import load, overlap, recording
from tests.run_entropy import fresh_entropy
from tremor.core.analysis import analyze
from tremor.core.bursts import BurstRestamper, restamp_bursts
from tremor.core.recording import Recording
from tremor.core.stream import LiveAnalyzer
from tremor.errors import FormatError
from tremor.io import read_recording
from tremor.report.json_report import to_report

FRESH_SEED = int(os.environ.get("TREMOR_BURSTS_SEED", fresh_entropy(__name__) % 2**31))
GEN = load("gen")
load("gen_r6")  # gen_r9 builds on it
R9 = load("gen_r9")


def _draw(extras: str, fs: float, seed: int) -> tuple[np.ndarray, np.ndarray, dict]:
    return R9.SCENARIOS["stamps"](fs, np.random.default_rng(seed), extras)


def _rec(t: np.ndarray, acc: np.ndarray) -> Recording:
    return recording(t, acc)


def _holds(res, truth) -> list[list[str]]:
    return [
        [s.label for s in res.sets if overlap(a, b, s.span.start_s, s.span.end_s) > 2]
        for a, b in truth["sets"]
    ]


def test_a_fresh_batched_recording_is_read_at_its_rate_with_every_sample() -> None:
    """Bursts of a fresh size (2-25) at a fresh rate (50/100/200 Hz), sub-ms stamps: one stretch, every sample kept
    in order, the rate within 0.05 % of the sensor's, the stamps within one period of the true sampling instants
    (plus the delivery latency, under 6 ms)."""
    rng = np.random.default_rng(FRESH_SEED)
    fs = float(rng.choice([50.0, 100.0, 200.0]))
    n_b = int(rng.integers(2, 26))
    print(f"seed {FRESH_SEED}: fs {fs}, bursts of {n_b}")
    t, acc, truth = _draw(f"fifo:{n_b},fine", fs, FRESH_SEED)
    t2, stretches = restamp_bursts(t)
    assert len(stretches) == 1 and stretches[0].burst == n_b
    assert (stretches[0].start, stretches[0].stop) == (0, t.size)
    assert stretches[0].fs_hz == pytest.approx(fs, rel=5e-4)
    assert np.all(np.diff(t2) > 0)
    true_t = np.arange(t.size) / fs
    lag = (t2 - t2[0]) - true_t
    assert np.ptp(lag) < 1.0 / fs + 0.006


@pytest.mark.parametrize(("extras", "fs"), [("fifo:2,fine,spread:1", 100.0), ("fifo:10,fine,lock:30", 50.0)])
def test_batched_stamps_keep_the_holds_and_say_so(extras: str, fs: float) -> None:
    """Pairs 1 ms apart (was 1000 Hz, 16499 gaps, nothing analysed) and batching from a screen lock 30 s in (was 903
    Hz, "no sets found"): the rate is the sensor's, no gap, the three holds fatigue_tremor, and the note says what
    the stamps were and from when."""
    t, acc, truth = _draw(extras, fs, 1)
    res = analyze(_rec(t, acc))
    assert res.sampling.rate_hz == pytest.approx(fs, rel=1e-3)
    assert not res.sampling.gaps
    assert _holds(res, truth) == [["fatigue_tremor"]] * 3
    note = res.sampling.notes[0]
    n_b = truth["batch"]
    assert note.startswith(f"the stamps come in bursts of {n_b} ")
    assert "as a phone that batches its sensor writes them" in note
    assert f"the measured {fs:.2f} Hz" in note
    assert ("from 30.0 s" in note) == ("lock" in extras)
    (b,) = to_report(res)["sampling"]["stamp_bursts"]
    assert b["burst"] == n_b and b["rate_hz"] == pytest.approx(fs, rel=1e-3)
    assert b["start_s"] == pytest.approx(30.0 if "lock" in extras else -(n_b - 1) / fs, abs=0.01)
    assert b["samples"] == t.size - (int(30 * fs) if "lock" in extras else 0)


def test_live_in_random_chunks_matches_batch_on_batched_stamps() -> None:
    """The restamper is causal and chunk-free: live fed the batched recording in random chunks gives batch's sampling
    report, frames, twitches and sets (no tolerance)."""
    t, acc, _ = _draw("fifo:10,fine,lock:30", 100.0, 3)
    rec = _rec(t, acc)
    batch = analyze(rec)
    rng = np.random.default_rng(FRESH_SEED)
    print(f"chunking seed {FRESH_SEED}")
    live = LiveAnalyzer(source=rec.source, gravity_included=True)
    for _ in fed_in_chunks(live, rec.time_s, rec.acc_mps2, rng, 1, 700):
        pass
    lv = live.finish()
    assert lv.sampling.rate_hz == pytest.approx(batch.sampling.rate_hz, rel=1e-9)
    assert lv.sampling.notes == batch.sampling.notes
    assert [(g.start_s, g.end_s) for g in lv.sampling.gaps] == [
        (g.start_s, g.end_s) for g in batch.sampling.gaps
    ]
    assert np.array_equal(lv.frames.t_s, batch.frames.t_s)
    assert [(x.t_s, x.kind) for x, _ in lv.twitches] == [(x.t_s, x.kind) for x, _ in batch.twitches]
    assert [(x.span.start_s, x.span.end_s, x.label) for x in lv.sets] == [
        (x.span.start_s, x.span.end_s, x.label) for x in batch.sets
    ]


def test_the_restamper_gives_the_same_stamps_in_any_chunking() -> None:
    t, _, _ = _draw("fifo,fine", 200.0, 4)
    whole, _ = restamp_bursts(t)
    rng = np.random.default_rng(FRESH_SEED)
    r = BurstRestamper()
    parts, i = [], 0
    while i < t.size:
        k = int(rng.integers(1, 300))
        parts.append(r.update(t[i : i + k]))
        i += k
    parts.append(r.finish())
    assert np.array_equal(np.concatenate(parts), whole)


@pytest.mark.parametrize(
    ("extras", "fs"), [("", 100.0), ("ms", 200.0), ("dup", 100.0), ("index", 200.0), ("f32:30", 50.0)]
)
def test_stamps_that_are_no_bursts_pass_unchanged(extras: str, fs: float) -> None:
    """Regular, jittery, ms, polled (rows repeat, stamps regular), count-stamped and float32 stamps: the same array."""
    if extras:
        t, _, _ = _draw(extras, fs, 5)
    else:
        t = np.arange(3000) / fs + np.random.default_rng(5).normal(0, 0.002, 3000)
        t = np.sort(t)
    t2, stretches = restamp_bursts(t)
    assert (not stretches and t2 is t) or np.array_equal(t2, t)


def _write(path: Path, t: np.ndarray, acc: np.ndarray) -> None:
    GEN.write(path, t, acc)


def test_whole_ms_burst_stamps_are_read_and_other_repeats_refused(tmp_path: Path) -> None:
    """Whole-ms stamps (System.currentTimeMillis) in bursts were refused ("timestamps repeat"): read now, at the
    rate, every sample. A duplicated row in regular stamps, a clock stuck for 30 samples, and a coarse clock (10 ms
    ticks at 200 Hz, two samples a tick) are still refused by name."""
    t, acc, truth = _draw("fifo:12", 100.0, 6)
    assert np.any(np.diff(t) == 0)
    _write(tmp_path / "b.csv", t, acc)
    rec = read_recording(tmp_path / "b.csv")
    assert rec.n_samples == t.size
    assert 1.0 / np.median(np.diff(rec.time_s)) == pytest.approx(100.0, rel=1e-3)
    assert any("bursts of 12" in n for n in rec.source.details.get("reader_notes", []))
    (b,) = to_report(analyze(rec))["sampling"]["stamp_bursts"]
    assert (b["burst"], b["samples"]) == (12, t.size)
    t0, acc0, _ = _draw("ms", 100.0, 6)
    tt = t0 / 1000.0
    dup = np.insert(tt, 500, tt[500])
    stuck = tt.copy()
    stuck[800:830] = stuck[800]
    coarse = np.floor(np.arange(6000) / 200.0 / 0.01) * 0.01
    for name, bad, a in (
        ("dup", dup, np.insert(acc0, 500, acc0[500], axis=0)),
        ("stuck", stuck, acc0),
        ("coarse", coarse, acc0[:6000]),
    ):
        _write(tmp_path / f"{name}.csv", bad, a[: bad.size])
        with pytest.raises(FormatError, match="timestamps repeat"):
            read_recording(tmp_path / f"{name}.csv")


def test_a_coarse_clock_is_no_burst_and_is_not_held() -> None:
    """10 ms ticks at 200 Hz (two samples a tick, every step one tick): no stretch, the stamps out unchanged, and the
    restamper holds no more than its window (about 2 s) while fed: live must not hold the stream back."""
    t = np.floor(np.arange(20000) / 200.0 / 0.01 + 1e-9) * 0.01
    r = BurstRestamper()
    out = [r.update(t[i : i + 100]) for i in range(0, t.size, 100)]
    held = t.size - sum(o.size for o in out)
    assert held <= 2.5 * 200
    assert not r.stretches
    assert np.array_equal(np.concatenate([*out, r.finish()]), t)
