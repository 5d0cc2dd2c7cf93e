"""The chunked path gives the whole-file analysis: same sets, labels, twitch times and report."""

from __future__ import annotations

import numpy as np
import pytest
from batch_helpers import simulated_csv, write_phyphox, write_tlog
from scipy import signal

from tremor.batch.chunked import analyze_file, zero_phase_margin
from tremor.batch.store import kth_smallest as _kth_smallest
from tremor.batch.store import median_of as _median_of
from tremor.core.analysis import analyze
from tremor.core.filters import design_bandpass
from tremor.core.recording import Recording
from tremor.io import read_recording
from tremor.report.json_report import to_report
from tremor.sim.session import simulate_session

#: Chunks far smaller than a file (and not a multiple of the frame hop or twitch block) stress the borders.
CHUNK = 4096 + 77


def _assert_same(whole, chunked):
    assert [(s.span.start_s, s.span.end_s, s.label) for s in whole.sets] == [
        (s.span.start_s, s.span.end_s, s.label) for s in chunked.sets
    ]
    assert [(t.t_s, owner) for t, owner in whole.twitches] == [
        (t.t_s, owner) for t, owner in chunked.twitches
    ]
    assert [t.t_s for t in whole.rejected_transients] == [t.t_s for t in chunked.rejected_transients]
    np.testing.assert_array_equal(whole.frames.t_s, chunked.frames.t_s)
    np.testing.assert_allclose(whole.frames.psd, chunked.frames.psd, rtol=1e-6, atol=1e-12)
    np.testing.assert_allclose(whole.frames.power_phys, chunked.frames.power_phys, rtol=1e-9)
    assert whole.sampling.gaps == chunked.sampling.gaps
    assert whole.sampling.median_interval_ms == chunked.sampling.median_interval_ms
    assert chunked.sampling.rate_hz == pytest.approx(whole.sampling.rate_hz, rel=1e-12)
    assert chunked.sampling.jitter_ms == pytest.approx(whole.sampling.jitter_ms, rel=1e-9, abs=1e-12)
    assert to_report(whole) == to_report(chunked)


@pytest.mark.parametrize(
    ("seed", "jitter_ms", "cut"),
    [
        (1, 0.0, None),  # uniform grid
        (2, 1.0, None),  # jittery stamps: samples kept, times mapped to the stamps block by block
        (3, 0.0, (150.0, 152.5)),  # a gap: two segments
    ],
)
def test_phyphox_chunked_equals_whole(tmp_path, seed, jitter_ms, cut):
    path = simulated_csv(tmp_path / "s.csv", seed=seed, jitter_ms=jitter_ms, cut=cut, n_sets=3)
    whole = analyze(read_recording(path))
    chunked = analyze_file(path, chunk_samples=CHUNK, stream_min_bytes=0)
    assert whole.sets, "the fixture must hold sets"
    _assert_same(whole, chunked)


def test_stamps_that_skip_samples_chunked_equals_whole(tmp_path):
    """Two samples missing about once a second (an ESP32 logger's stalls): the stretch is interpolated
    onto its grid block by block, exactly as the whole-file path does."""
    rec = simulate_session(seed=4, fs_hz=100.0, n_sets=2).recording
    drop = np.zeros(rec.n_samples, bool)
    for i in np.random.default_rng(9).choice(
        np.arange(5, rec.n_samples - 5, 7), rec.n_samples // 100, replace=False
    ):
        drop[i : i + 2] = True
    skipped = Recording(rec.time_s[~drop], rec.acc_mps2[~drop], True, rec.source)
    path = write_phyphox(skipped, tmp_path / "skip.csv")
    whole = analyze(read_recording(path))
    assert any("interpolated linearly" in n for n in whole.sampling.notes)
    _assert_same(whole, analyze_file(path, chunk_samples=CHUNK, stream_min_bytes=0))


def test_a_rate_change_chunked_equals_whole(tmp_path):
    """A 50 Hz session whose stamps run at 100 Hz from 60 samples before the first block's end on (a phone switching
    the watch's rate): the long-file path, fed in blocks, splits the stretch where the whole-file path does (found in
    the second block, the split reaching back into the first), with the same report."""
    rec = simulate_session(seed=5, fs_hz=50.0, n_sets=2).recording
    t = rec.time_s.copy()
    k = CHUNK - 60
    t[k:] = t[k - 1] + np.arange(1, t.size - k + 1) / 100.0
    path = write_phyphox(Recording(t, rec.acc_mps2, True, rec.source), tmp_path / "rate.csv")
    whole = analyze(read_recording(path))
    assert [round(c.time_s, 2) for c in whole.sampling.rate_changes] == [round(t[k - 1], 2)]
    _assert_same(whole, analyze_file(path, chunk_samples=CHUNK, stream_min_bytes=0))


def test_pandas_fallback_reader_equals_whole(tmp_path, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_pyarrow(name, *args, **kwargs):
        if name.startswith("pyarrow"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    path = simulated_csv(tmp_path / "s.csv", seed=4)
    monkeypatch.setattr(builtins, "__import__", no_pyarrow)
    chunked = analyze_file(path, chunk_samples=CHUNK, stream_min_bytes=0)
    monkeypatch.undo()
    _assert_same(analyze(read_recording(path)), chunked)


def test_firmware_log_chunked_equals_whole(tmp_path):
    sim = simulate_session(seed=5, fs_hz=100.0, n_sets=2)
    path = write_tlog(sim.recording, tmp_path / "s.tlog", markers=[(60.0, 95.0)])
    whole = analyze(read_recording(path))
    chunked = analyze_file(path, chunk_samples=CHUNK, stream_min_bytes=0)
    assert chunked.sets[0].span.source != "auto" or len(chunked.sets) == 1
    _assert_same(whole, chunked)
    assert to_report(chunked)["source"] == to_report(whole)["source"]


def test_bad_row_reports_the_whole_file_readers_error(tmp_path):
    path = simulated_csv(tmp_path / "s.csv", seed=6)
    lines = path.read_text().splitlines(keepends=True)
    lines[2000] = "12.34,oops,1,2\n"
    path.write_text("".join(lines))
    with pytest.raises(Exception) as streamed:
        analyze_file(path, chunk_samples=CHUNK, stream_min_bytes=0)
    with pytest.raises(Exception) as whole:
        read_recording(path)
    assert str(streamed.value) == str(whole.value)
    assert "s.csv:2001:" in str(streamed.value)


@pytest.mark.parametrize("n", [1, 2, 7, 1000, 1001])
def test_exact_streamed_median(n):
    rng = np.random.default_rng(n)
    x = np.round(rng.exponential(0.01, n), 5)  # many ties

    def chunks():
        return iter(np.array_split(x, 3))

    assert _median_of(chunks, n) == np.median(x)
    assert _kth_smallest(chunks, n // 2) == np.sort(x)[n // 2]


@pytest.mark.parametrize("fs", [100.0, 200.0, 104.0])
def test_zero_phase_blocks_equal_whole_array(fs):
    """sosfiltfilt over overlapping blocks equals one call over the array to 1e-9 m/s^2."""
    rng = np.random.default_rng(0)
    x = rng.normal(0, 0.5, (40_000, 3)) + [0.0, 0.0, 9.81]
    sos = design_bandpass(3.0, 40.0, fs=fs, order=2)
    whole = signal.sosfiltfilt(sos, x, axis=0, padlen=15)
    margin, block = zero_phase_margin(sos), 5000
    parts = []
    for e0 in range(0, x.shape[0], block):
        lo, hi = max(e0 - margin, 0), min(e0 + block + margin, x.shape[0])
        parts.append(signal.sosfiltfilt(sos, x[lo:hi], axis=0, padlen=15)[e0 - lo : e0 - lo + block])
    np.testing.assert_allclose(np.vstack(parts), whole, rtol=0, atol=1e-9)
