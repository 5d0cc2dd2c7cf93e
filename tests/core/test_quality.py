import itertools

import numpy as np
import pytest

from tests.conftest import sine_recording
from tremor.core.quality import assess_sampling, uniform_segments
from tremor.core.recording import LoggedGap, Recording, SourceInfo
from tremor.errors import SamplingError

SRC = SourceInfo("<test>", "simulated", "m/s^2")


def test_rate_jitter_and_no_gaps_on_clean_data():
    rec = sine_recording(fs=100.7, seconds=20, freq_hz=10, rms_mps2=0.05)
    rep = assess_sampling(rec)
    assert rep.rate_hz == pytest.approx(100.7, rel=1e-6)
    assert rep.jitter_ms < 1e-6 and not rep.gaps and not rep.saturation
    segs = uniform_segments(rec)
    assert len(segs) == 1 and not segs[0].interpolated and segs[0].n_samples == rec.n_samples


def test_gap_splits_segments_and_is_reported_never_bridged():
    t = np.concatenate([np.arange(1000) / 100.0, 22.37 + np.arange(500) / 100.0])
    acc = np.zeros((t.size, 3))
    rec = Recording(t, acc, False, SRC, logged_gaps=(LoggedGap(9.99, 22.37, "link lost"),))
    rep = assess_sampling(rec)
    assert len(rep.gaps) == 1
    g = rep.gaps[0]
    assert g.start_s == pytest.approx(9.99) and g.end_s == pytest.approx(22.37)
    assert g.missing_samples == pytest.approx(1237, abs=1) and g.logged_reason == "link lost"
    segs = uniform_segments(rec)
    assert [s.n_samples for s in segs] == [1000, 500]
    assert segs[1].t0_s == pytest.approx(22.37)


def test_jittery_time_stamps_are_reported_and_interpolated_within_segments_only():
    rng = np.random.default_rng(0)
    dt = rng.uniform(0.001, 0.019, size=3000)  # 1-19 ms, like the ESP32 logger
    t = np.concatenate([[0.0], np.cumsum(dt)])
    acc = np.column_stack([np.sin(2 * np.pi * 5 * t), np.zeros_like(t), np.full_like(t, 9.81)])
    rep = assess_sampling(Recording(t, acc, True, SRC))
    assert rep.jitter_ms > 3
    assert any("jitter" in n for n in rep.notes)
    segs = uniform_segments(Recording(t, acc, True, SRC))
    assert len(segs) == 1 and segs[0].interpolated
    # stamps that wander off any uniform grid: interpolated at the median interval's rate of the first 2 s
    probe = t[t < t[0] + 2.0]
    assert segs[0].fs_hz == pytest.approx(1.0 / np.median(np.diff(probe)), rel=1e-12)
    grid = segs[0].times()
    # linear interpolation error bound: (max step)^2 / 8 * (2 pi f)^2 = 0.045 for 19 ms steps at 5 Hz
    assert np.max(np.abs(segs[0].acc_mps2[:, 0] - np.sin(2 * np.pi * 5 * grid))) < 0.05


def test_saturation_with_known_range_and_stuck_values():
    rec = sine_recording(fs=100, seconds=10, freq_hz=1, rms_mps2=30, noise_mps2=0.0)
    limit = 2 * 9.80665
    clipped = np.clip(rec.acc_mps2, -limit, limit)
    r1 = Recording(rec.time_s, clipped, True, SRC, range_mps2=limit)
    sat = assess_sampling(r1).saturation
    assert sat and sat[0].axis == "x" and sat[0].how == "range" and sat[0].samples > 100
    r2 = Recording(rec.time_s, clipped, True, SRC)
    assert assess_sampling(r2).saturation[0].how == "stuck"


def test_too_few_samples():
    with pytest.raises(SamplingError, match="at least 3"):
        assess_sampling(Recording(np.array([0.0, 0.01]), np.zeros((2, 3)), True, SRC))


def test_within_equals_a_mask_per_span():
    from tremor.core.sets import within

    rng = np.random.default_rng(2)
    t = np.sort(np.append(rng.uniform(0, 100, 500), [20.0, 30.0]))  # two times exactly on span edges
    spans = [(20.0, 25.0), (22.0, 30.0), (50.0, 50.5), (70.0, 69.0), (99.0, 120.0)]
    for closed in (True, False):
        brute = np.zeros(t.size, bool)
        for a, b in spans:
            brute |= ((t >= a) & (t <= b)) if closed else ((t > a) & (t < b))
        assert np.array_equal(within(t, spans, closed=closed), brute)
    assert not within(t, []).any() and within(np.zeros(0), spans).size == 0


def test_time_runs_never_span_a_data_gap():
    from tremor.core.sets import time_runs

    t = np.concatenate([np.arange(0, 10, 0.5), 70 + np.arange(0, 10, 0.5)])  # 60 s without frames
    mask = np.zeros(t.size, bool)
    mask[15:25] = True  # the last frames before the gap and the first after it
    assert time_runs(mask, t, join_s=1.0) == [(15, 20), (20, 25)]
    assert time_runs(mask, t, join_s=100.0) == [(15, 25)]  # joined only when asked across 60 s
    mask[:] = False
    mask[[2, 3, 5]] = True
    assert time_runs(mask, t, join_s=1.0) == [(2, 6)]
    assert time_runs(mask, t, join_s=0.5) == [(2, 4), (5, 6)]


@pytest.mark.parametrize("bad", [True, False, 0, -1.0, float("nan"), float("inf"), "fast", None])
def test_fs_checks_agree_and_refuse_non_rates(bad):
    """Regression (drift): ``check_fs(True)`` returned 1.0 while the readers' check refused it."""
    from tremor.core._check import check_fs
    from tremor.errors import ParameterError
    from tremor.io._common import check_fs_param

    with pytest.raises(ParameterError):
        check_fs(bad)
    if bad is not None:
        with pytest.raises(ParameterError):
            check_fs_param(bad)


def test_saturation_counts_fed_in_blocks_equal_a_count_over_the_whole_array():
    """Hits at the limit (the range's, or the largest |value|), the first hit's time and the longest
    run of consecutive hits, fed in random blocks, equal a direct count over the whole array."""
    from tremor.core.quality import SamplingTracker
    from tremor.core.saturation import SATURATION_FRACTION

    seed = int(np.random.SeedSequence().entropy % 2**32)
    print(f"seed {seed}")
    rng = np.random.default_rng(seed)
    for _ in range(300):
        n = int(rng.integers(1, 120))
        acc = np.round(rng.normal(size=(n, 3)) * 4.0, 1)  # a coarse grid: no values within 1e-9
        for _ in range(int(rng.integers(0, 3))):  # stuck runs at a large value
            k = int(rng.integers(0, n))
            acc[k : k + int(rng.integers(1, 8)), int(rng.integers(3))] = float(rng.choice([-16.0, 16.0]))
        range_mps2 = None if rng.random() < 0.5 else 16.0
        t = np.arange(n) * 0.01
        tracker = SamplingTracker(median_dt=0.01, range_mps2=range_mps2)
        cuts = sorted(set(rng.integers(0, n, size=int(rng.integers(0, 5))).tolist()) | {0, n})
        for lo, hi in itertools.pairwise(cuts):
            tracker.update(t[lo:hi], acc[lo:hi])
        for k, st in enumerate(tracker._saturation.axes):
            mag = np.abs(acc[:, k])
            limit = SATURATION_FRACTION * range_mps2 if range_mps2 is not None else mag.max() - 1e-9
            hit = mag >= limit
            runs = [len(r) for r in "".join("1" if h else "0" for h in hit).split("0") if r]
            assert st.hits == int(hit.sum())
            assert st.first_s == (float(t[np.argmax(hit)]) if hit.any() else None)
            assert st.longest == max(runs, default=0)
