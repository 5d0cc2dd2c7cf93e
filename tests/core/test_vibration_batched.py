"""The vibration search's batched peak finding equals the block-by-block one, hit for hit."""

from __future__ import annotations

import numpy as np

from tests.run_entropy import fresh_entropy
from tremor.core import vibration as V
from tremor.core import vibration_blocks as B
from tremor.core._rolling import median1
from tremor.core.features import compute_frames
from tremor.core.vibration_spectra import block_medians
from tremor.sim.session import simulate_session

FRESH_SEED = int(fresh_entropy(__name__) % 2**31)


def test_batched_block_peaks_equal_block_by_block() -> None:
    print(f"seed {FRESH_SEED}")
    rng = np.random.default_rng(FRESH_SEED)
    sim = simulate_session(seed=FRESH_SEED % 1000, fs_hz=100.0, labels=["calm", "calm"])
    t = sim.recording.time_s
    acc = sim.recording.acc_mps2.copy()
    for _ in range(2):  # two lines of random frequency and strength, one with a harmonic
        f0 = rng.uniform(3.0, 19.0)
        rms = float(np.exp(rng.uniform(np.log(0.005), np.log(0.5))))
        wave = (
            rms * np.sqrt(2) * (np.sin(2 * np.pi * f0 * t) + rng.uniform(0, 0.6) * np.sin(4 * np.pi * f0 * t))
        )
        acc += wave[:, None] * rng.normal(size=3)[None, :] / np.sqrt(3)
    frames = compute_frames(acc, fs=100.0)
    hop = float(np.median(np.diff(frames.t_s)))
    bn, step = max(round(V.BLOCK_S / hop), 4), max(round(V.BLOCK_STEP_S / hop), 1)
    starts = list(range(0, len(frames) - bn + 1, step))
    meds = block_medians(frames.psd, starts, bn)
    f_hi = V.ASSESSABLE_FRACTION * 100.0
    peaks = B.blocks_peaks(frames.psd, starts, bn, meds, f_hi)
    n_hits = 0
    for i, s in enumerate(starts):
        one = B.block_hits(frames.psd[s : s + bn].astype(np.float64), f_hi, i, meds[i])
        batched = B.hits_of_peaks(peaks[i], meds[i], i) if peaks[i] else []
        assert repr(batched) == repr(one), i
        if peaks[i]:  # and with the spreads computed for all the block's peaks at once
            spreads = B.peak_spreads(np.stack([p[1] for p in peaks[i]])).tolist()
            assert repr(B.hits_of_peaks(peaks[i], meds[i], i, spreads)) == repr(one), i
        n_hits += len(one)
    print(f"{len(starts)} blocks, {n_hits} hits")


def test_spreads_equal_spread_row_by_row() -> None:
    """Frequency tracks of any length: steady, drifting, noisy, tied and NaN rows."""
    print(f"seed {FRESH_SEED}")
    rng = np.random.default_rng(FRESH_SEED)
    for n in (4, 7, 8, 9, 16, 17, 40, 129):
        t = np.arange(n)
        rows = [
            rng.uniform(3, 19) + rng.normal(0, 10.0 ** rng.uniform(-3, 0), n) + rng.normal(0, 0.01) * t
            for _ in range(40)
        ]
        rows += [np.round(rng.normal(8.0, 0.1, n), 2), np.full(n, 9.25)]
        tracks = np.array(rows)
        tracks[-3, n // 2] = np.nan
        got = B.peak_spreads(tracks)
        want = [B._spread(row) for row in tracks]
        np.testing.assert_array_equal(got, want)


def test_block_medians_equal_numpy_median() -> None:
    """Float32 and float64 spectra in either memory order, odd and even blocks, ties, NaN and infinities."""
    print(f"seed {FRESH_SEED}")
    rng = np.random.default_rng(FRESH_SEED)
    for dtype in (np.float32, np.float64):
        for bn in (4, 7, 40):
            psd = np.exp(rng.normal(-6.0, 2.0, size=(300, 73))).astype(dtype)
            psd[rng.integers(0, 300, 40), rng.integers(0, 73, 40)] = np.nan
            psd[rng.integers(0, 300, 10), rng.integers(0, 73, 10)] = np.inf
            psd[rng.integers(0, 300, 10), rng.integers(0, 73, 10)] = -np.inf
            psd[:, 5] = np.round(psd[:, 5], 3)  # ties
            psd[:, 70:] = np.nan  # bins the rate cannot show
            starts = sorted({int(s) for s in rng.integers(0, 300 - bn + 1, 30)} | {300 - bn})
            for table in (psd, np.asfortranarray(psd)):
                with np.errstate(invalid="ignore"):
                    want = [np.median(table[s : s + bn].astype(np.float64), axis=0) for s in starts]
                got = block_medians(table, starts, bn)
                assert len(got) == len(want)
                for s, g, w in zip(starts, got, want):
                    assert g.dtype == np.float64
                    np.testing.assert_array_equal(g, w, err_msg=f"{dtype.__name__} bn {bn} block {s}")


def test_blocks_still_equal_block_by_block() -> None:
    """The still blocks, all at once, equal ``median1(block) < MOVE_MPS2`` (medians near the limit, NaN, ties)."""
    print(f"seed {FRESH_SEED}")
    rng = np.random.default_rng(FRESH_SEED)
    for dtype in (np.float32, np.float64):
        for bn in (4, 5, 40, 41):
            x = (V.MOVE_MPS2 * np.exp(rng.normal(0.0, 0.3, 2000))).astype(dtype)
            x[rng.integers(0, 2000, 30)] = np.nan
            x[::7] = np.round(x[::7], 2)
            starts = [*range(0, 2000 - bn + 1, 3), 2000 - bn]
            want = [bool(median1(x[s : s + bn]) < V.MOVE_MPS2) for s in starts]
            assert V._blocks_still(x, starts, bn) == want, f"{dtype.__name__} bn {bn}"
