"""Live analysis fed in random chunks against whole-file analysis of the same samples.

Live runs batch's sampling tracker, and both paths decide the gap threshold and each gap-free
stretch's grid from the first seconds of data by the one causal rule (tremor.core.grid), so live's
final result is batch's, with no tolerance: the sampling report (rate, jitter, gaps, saturation,
notes), frame times, twitches and sets, on simulated sessions with jittery stamps, stamps that skip
samples, saturation and a dropout, in any chunking. Tests with fresh chunking seeds print them so a
failure can be replayed.
"""

from __future__ import annotations

import numpy as np
import pytest

from tremor.core.analysis import analyze
from tremor.core.recording import Recording
from tremor.core.stream import LiveAnalyzer
from tremor.sim.session import simulate_session


def _feed(rec: Recording, seed: int) -> LiveAnalyzer:
    live = LiveAnalyzer(source=rec.source, gravity_included=rec.gravity_included)
    rng = np.random.default_rng(seed)
    i = 0
    while i < rec.n_samples:
        k = int(rng.integers(1, 2000))
        live.update(rec.time_s[i : i + k], rec.acc_mps2[i : i + k])
        i += k
    return live


def _with_dropout(rec: Recording, at_s: float, gap_s: float) -> Recording:
    t = rec.time_s.copy()
    t[t >= at_s] += gap_s
    return Recording(t, rec.acc_mps2, rec.gravity_included, rec.source, markers=rec.markers)


def _same_result(live, batch) -> None:
    """Live's final result is batch's: sampling report, frame times, twitches (times and kinds) and sets."""
    b, lv = batch.sampling, live.sampling
    assert lv.rate_hz == pytest.approx(b.rate_hz, rel=1e-9)
    # live sums dt and dt^2 (cancellation: 1.6e-7 ms on exact 10 ms stamps where batch gives 1.6e-11 ms);
    # the report rounds jitter to 1e-4 ms
    assert lv.jitter_ms == pytest.approx(b.jitter_ms, rel=1e-6, abs=1e-6)
    assert lv.n_samples == b.n_samples and lv.duration_s == pytest.approx(b.duration_s)
    assert lv.median_interval_ms == b.median_interval_ms
    assert [(g.start_s, g.end_s) for g in lv.gaps] == [(g.start_s, g.end_s) for g in b.gaps]
    assert lv.notes == b.notes
    assert np.array_equal(live.frames.t_s, batch.frames.t_s)
    assert [(t.t_s, t.kind) for t, _ in live.twitches] == [(t.t_s, t.kind) for t, _ in batch.twitches]
    assert [(x.span.start_s, x.span.end_s, x.label) for x in live.sets] == [
        (x.span.start_s, x.span.end_s, x.label) for x in batch.sets
    ]


@pytest.mark.parametrize("jitter_ms", [0.0, 2.0])
def test_live_in_random_chunks_matches_batch(jitter_ms):
    """Live and batch decide the gap threshold and every grid from the first seconds, the same way, so
    the jittery session gives the same twitches, frame times and sets (no tolerance)."""
    fresh = int(np.random.default_rng().integers(1 << 31))
    print(f"chunking seeds 4 and fresh {fresh}")
    rec = _with_dropout(simulate_session(seed=1, fs_hz=100.0, jitter_ms=jitter_ms).recording, 120.0, 5.0)
    batch = analyze(rec)
    assert len(batch.sampling.gaps) == 1 and len(batch.twitches) > 5
    for seed in (4, fresh):
        _same_result(_feed(rec, seed).finish(), batch)


def test_live_reports_saturation_like_batch():
    rec = simulate_session(seed=1, fs_hz=100.0).recording
    acc = rec.acc_mps2.copy()
    acc[20000:20010, 0] = 4 * 9.80665  # stuck at a 4 g range for 0.1 s
    clipped = Recording(rec.time_s, acc, True, rec.source)
    batch = analyze(clipped)
    assert [s.axis for s in batch.sampling.saturation] == ["x"]
    live = _feed(clipped, 7).finish()
    assert live.sampling.saturation == batch.sampling.saturation


def _clip(rec: Recording, *, range_g: float | None) -> Recording:
    """Samples stuck at 4 g for 0.1 s on x and at -8 g for 0.05 s on y; with ``range_g`` the file states
    its range (saturation by range), without it the tracker finds the stuck runs."""
    acc = rec.acc_mps2.copy()
    acc[9000:9010, 0] = 4 * 9.80665
    acc[12000:12005, 1] = -8 * 9.80665
    rng = None if range_g is None else range_g * 9.80665
    return Recording(rec.time_s, acc, True, rec.source, markers=rec.markers, range_mps2=rng)


def _everything(live: LiveAnalyzer):
    result = live.finish()
    s = result.sampling
    return (
        live.frames.t_s,
        [(round(t.t_s, 9), t.kind) for t, _ in result.twitches],
        [(x.span.start_s, x.span.end_s, x.label) for x in result.sets],
        (
            s.n_samples,
            s.duration_s,
            s.gaps,
            s.saturation,
            s.notes,
            round(s.rate_hz, 9),
            round(s.jitter_ms, 9),
        ),
    )


@pytest.mark.parametrize("range_g", [None, 4.0])
def test_jittery_saturated_input_in_random_chunks_gives_the_one_pass_and_batch_sampling(range_g):
    rec = simulate_session(seed=2, fs_hz=100.0, jitter_ms=2.0).recording
    keep = rec.time_s < 150.0
    rec = Recording(rec.time_s[keep], rec.acc_mps2[keep], True, rec.source)
    rec = _clip(_with_dropout(rec, 60.0, 4.0), range_g=range_g)
    one = LiveAnalyzer(source=rec.source, range_mps2=rec.range_mps2)
    one.update(rec.time_s, rec.acc_mps2)
    ref = _everything(one)
    fresh = int(np.random.default_rng().integers(1 << 31))
    print(f"chunking seeds 3, 11 and fresh {fresh}")
    for seed in (3, 11, fresh):
        live = LiveAnalyzer(source=rec.source, range_mps2=rec.range_mps2)
        rng = np.random.default_rng(seed)
        i = 0
        while i < rec.n_samples:
            k = int(rng.integers(1, 500))
            live.update(rec.time_s[i : i + k], rec.acc_mps2[i : i + k])
            i += k
        got = _everything(live)
        assert np.array_equal(got[0], ref[0]), f"seed {seed}"
        assert got[1:] == ref[1:], f"seed {seed}"
    b = analyze(rec).sampling
    lv = one.result().sampling
    assert lv.saturation == b.saturation
    assert [s.axis for s in b.saturation] == ["x", "y"]
    assert [s.how for s in b.saturation] == ["stuck" if range_g is None else "range"] * 2
    assert [(g.start_s, g.end_s, g.missing_samples) for g in lv.gaps] == [
        (g.start_s, g.end_s, g.missing_samples) for g in b.gaps
    ]
    assert lv.rate_hz == pytest.approx(b.rate_hz, rel=1e-9)
    assert lv.jitter_ms == pytest.approx(b.jitter_ms, rel=1e-9)
    # both stretches jitter from their start, within half an interval of a uniform grid: both paths
    # keep the samples, and say so in the same words
    assert lv.notes == b.notes
    assert lv.notes[0].endswith(
        "of 2 gap-free stretch(es), judged on their first 2 s: 2 kept as received (stamps within half an "
        "interval of a uniform grid; times follow the stamps)"
    )


def test_stamps_that_skip_samples_are_interpolated_alike_live_and_batch():
    """An ESP32-like logger: exact 10 ms stamps that skip two samples about once a second (30 ms
    intervals): both paths interpolate onto the same 100 Hz grid (the median interval's rate, so the
    grid runs through the received samples), whatever the chunking."""
    rec = simulate_session(seed=3, fs_hz=100.0).recording
    keep = rec.time_s < 90.0
    t, acc = rec.time_s[keep], rec.acc_mps2[keep]
    rng = np.random.default_rng(8)
    drop = np.zeros(t.size, bool)
    for i in rng.choice(np.arange(5, t.size - 5, 7), size=90, replace=False):
        drop[i : i + 2] = True
    rec = Recording(t[~drop], acc[~drop], True, rec.source)
    batch = analyze(rec)
    assert (
        "2 s: 1 interpolated linearly onto a uniform grid at the median interval's rate"
        in batch.sampling.notes[0]
    )
    fresh = int(np.random.default_rng().integers(1 << 31))
    print(f"chunking seeds 6 and fresh {fresh}")
    for seed in (6, fresh):
        _same_result(_feed(rec, seed).finish(), batch)
    # the grid is the median interval's rate from the first sample: frames every 0.5 s exactly
    assert np.allclose(np.diff(batch.frames.t_s), 0.5, atol=1e-9)


def test_jitter_that_starts_after_a_stretchs_first_seconds_is_judged_alike_live_and_batch():
    """The grid is decided on a stretch's first 2 s in both paths: a stretch regular there and jittery
    after keeps its samples in both, with frame times at the received stamps."""
    rec = simulate_session(seed=1, fs_hz=100.0, jitter_ms=2.0).recording
    keep = rec.time_s < 60.0
    t = rec.time_s[keep].copy()
    t[:1000] = np.arange(1000) / 100.0  # regular for the first 10 s, jittery after
    rec = Recording(t, rec.acc_mps2[keep], True, rec.source)
    batch = analyze(rec)
    _same_result(_feed(rec, 5).finish(), batch)
    assert not any("interpolated" in n for n in batch.sampling.notes + batch.notes)
    # frame centres lie on the received stamps' line: half-way points between samples
    assert np.median(np.diff(batch.frames.t_s)) == pytest.approx(0.5, abs=0.004)
