"""Twitch detection judged on an independent generator (``tests/twitch_gen.py``) and on the simulator.

Each sweep runs at a fixed seed and at a fresh seed drawn on every run and printed (replay with
``TREMOR_TWITCH_SEED=<seed>``). The bounds sit below the figures measured when the detector landed
(noted beside each), so a regression fails while seed-to-seed scatter does not.
"""

from __future__ import annotations

import os

import numpy as np
import pytest

from tests.run_entropy import fresh_entropy
from tests.twitch_gen import match, rest_signal
from tremor.core.analysis import analyze
from tremor.core.events import TwitchDetector, detect_transients
from tremor.core.stream import LiveAnalyzer
from tremor.sim.session import simulate_session
from tremor.sim.validation import score_session

FRESH_SEED = int(os.environ.get("TREMOR_TWITCH_SEED", fresh_entropy(__name__) % 2**31))
SEEDS = [pytest.param(20261128, id="fixed"), pytest.param(FRESH_SEED, id="fresh")]


def _seed(seed: int) -> int:
    print(f"twitch seed: {seed} (replay a fresh one with TREMOR_TWITCH_SEED={seed})")
    return seed


def _twitch_times(found) -> list[float]:
    return [t.t_s for t in found if t.kind == "twitch"]


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("fs", [100.0, 200.0])
def test_recall_against_amplitude_and_the_detection_limit(seed, fs):
    """Single twitches 0.03-0.3 m/s^2: large ones found, the noise floor not; the reported limit is
    where detection starts (measured over 16 sessions: recall 0 below 0.5x the limit, 0.64 at
    0.8-1.2x, >= 0.96 above 1.2x, with the detector as first landed)."""
    rng = np.random.default_rng(_seed(seed) + int(fs))
    amps = [0.03, 0.08, 0.3] * 5
    rng.shuffle(amps)
    sig = rest_signal(
        int(rng.integers(2**31)), fs=fs, seconds=5.0 * len(amps) + 8, groups=[(1, 0.0, a) for a in amps]
    )
    det = TwitchDetector(fs)
    found = _twitch_times(det.update(sig.acc, final=True))
    limits = np.array(det.limits)
    tp, fp, _ = match(found, [t.t_s for t in sig.twitches])
    hit = {a: [] for a in (0.03, 0.08, 0.3)}
    ratio_hit = []
    for t in sig.twitches:
        ok = any(abs(f - t.t_s) <= 0.15 for f in found)
        hit[t.peak_mps2].append(ok)
        near = limits[np.abs(limits[:, 0] - t.t_s) < 2.0, 1]
        ratio_hit.append((t.peak_mps2 / float(np.median(near)), ok))
    print(
        {a: f"{np.mean(h):.2f}" for a, h in hit.items()},
        f"precision {tp / max(tp + fp, 1):.2f}",
        "found at amplitude/limit",
        sorted(round(r, 2) for r, ok in ratio_hit if ok)[:3],
    )
    assert np.mean(hit[0.3]) >= 0.8, f"seed {seed}"  # five: one miss allowed (measured 0.97-1.0)
    # 0.03 m/s^2 is at the sensor and tremor floor: 2-5x the noise per axis, about half the limit
    assert np.mean(hit[0.03]) <= 0.4, f"seed {seed}"
    assert fp <= 2, f"seed {seed}"
    above = [ok for r, ok in ratio_hit if r >= 1.5]
    below = [ok for r, ok in ratio_hit if r < 0.5]
    # the limit is for the reference shape (a 20 ms biphasic pulse): an abrupt ringing whitens better
    # and can show below it, a slow one worse (one miss allowed among the few above 1.5x), and a noise
    # peak can coincide with a small twitch; rarely, though
    missed = above.count(False)
    assert missed <= max(1, 0.1 * len(above)), (
        f"seed {seed}: twitches 1.5x above the reported limit were missed"
    )
    assert sum(below) <= max(1, 0.1 * len(below)), (
        f"seed {seed}: twitches far below the reported limit were found"
    )


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("interval", [0.3, 0.45, 0.6, 1.0])
def test_pairs_and_triplets_are_twitches(seed, interval):
    """Two or three twitches 0.3-1 s apart are twitches (measured recall 0.98-1.00 over 12 sessions;
    the old 0.6 s neighbour rule threw away every one 0.3-0.6 s apart)."""
    rng = np.random.default_rng(_seed(seed) + round(100 * interval))
    groups = [(int(rng.choice([2, 3])), interval, float(rng.uniform(0.15, 0.3))) for _ in range(16)]
    fs = float(rng.choice([100.0, 200.0]))
    sig = rest_signal(int(rng.integers(2**31)), fs=fs, seconds=8.0 * len(groups) + 8, groups=groups)
    tp, fp, fn = match(_twitch_times(detect_transients(sig.acc, fs=fs)), [t.t_s for t in sig.twitches])
    print(f"fs {fs:g}, interval {interval} s: TP {tp} FP {fp} FN {fn}")
    assert tp / (tp + fn) >= 0.8
    assert tp / (tp + fp) >= 0.9


@pytest.mark.parametrize("seed", SEEDS)
def test_rhythmic_trains_are_not_twitches(seed):
    """Regular trains of 5-12 jerks at 1.5-6 Hz (clonus-like) are rhythmic, not twitches (measured
    with the interval-and-axis train rule over 12 seeds: 0-15 of 60-90 candidates inside 10 trains
    reported as twitches, 0-23 %, mean 10 %; 8-32 % with the rule before it). A known weakness: this
    generator gives each beat its own waveform, so beat times scatter by up to 80 ms; a train whose
    beats the detector partly misses or mistimes can leave four or fewer regular-looking beats,
    which are reported as twitches."""
    rng = np.random.default_rng(_seed(seed))
    fs = float(rng.choice([100.0, 200.0]))
    sig = rest_signal(int(rng.integers(2**31)), fs=fs, seconds=90.0, groups=[], trains=10)
    found = detect_transients(sig.acc, fs=fs)
    in_trains = [t for t in found if any(a <= t.t_s <= b for a, b in sig.trains)]
    leaked = sum(t.kind == "twitch" for t in in_trains)
    print(f"fs {fs:g}: {len(sig.trains)} trains, {len(in_trains)} candidates, {leaked} reported as twitches")
    # a bound on the leak, not a count of rejections of any one kind (candidates inside a train are also
    # rejected as movement or as too weak). Measured over 12 seeds: 0-23 % of the trains' candidates
    # reported as twitches (0-1.5 per train) -- a known weakness, see docs/accuracy.md
    assert leaked <= max(2, 0.3 * len(in_trains)), (
        "most of the trains' beats must not be reported as twitches"
    )
    assert leaked <= 2 * len(sig.trains)


@pytest.mark.parametrize("seed", SEEDS)
def test_live_in_random_chunks_scores_as_batch(seed):
    """Live (LiveAnalyzer, random chunks) and batch score the same against the simulator's truth."""
    rng = np.random.default_rng(_seed(seed))
    sim = simulate_session(seed=int(rng.integers(2**31)), fs_hz=100.0)
    rec = sim.recording
    live = LiveAnalyzer(source=rec.source)
    i = 0
    while i < rec.n_samples:
        k = int(rng.integers(1, 300))
        live.update(rec.time_s[i : i + k], rec.acc_mps2[i : i + k])
        i += k
    lres, bres = live.finish(), analyze(rec)
    ls, bs = score_session(lres, sim.truth), score_session(bres, sim.truth)
    print(f"live P/R {ls.precision:.3f}/{ls.recall:.3f}, batch {bs.precision:.3f}/{bs.recall:.3f}")
    assert abs(ls.precision - bs.precision) <= 0.02 and abs(ls.recall - bs.recall) <= 0.02
    assert [s.label for s in lres.sets] == [s.label for s in bres.sets]
    assert lres.twitch_limit() == pytest.approx(bres.twitch_limit(), rel=0.05)


@pytest.mark.parametrize("fs", [100.0, 200.0])
def test_noise_alone_keeps_the_thresholds_false_alarm_rate(fs):
    """Gaussian noise (0.015 m/s^2 per axis) for 10 min, fresh seed: the threshold is the level noise
    exceeds on FALSE_ALARMS_PER_HOUR (1) samples an hour, so about 0.2 false twitches are expected
    (measured: 3 in 4 h at 100 Hz, none in 1 h at 200 Hz); at most 2."""
    seed = _seed(FRESH_SEED + int(fs))
    rng = np.random.default_rng(seed)
    acc = 0.015 * rng.normal(size=(round(600 * fs), 3)) + [0.0, 0.0, 9.81]
    found = detect_transients(acc, fs=fs)
    assert sum(t.kind == "twitch" for t in found) <= 2, f"seed {seed}"


def test_noise_level_leaves_brief_events_out_and_keeps_a_changing_background():
    """The threshold's median/MAD (twitch_finder.noise_level): brief events filling 40 % of the window
    barely move it, a sustained rise (longer than CLIP_MAX_RUN_S) stays in, and a row's result does
    not depend on the rows computed with it (live computes one, batch many)."""
    from tremor.core.twitch_noise import noise_level

    rng = np.random.default_rng(3)
    fs, n = 100, 500
    noise = np.abs(rng.normal(1.0, 0.2, n))
    dense = noise.copy()
    for start in range(10, n - 20, 30):  # 12-sample events every 30 samples: 40 % of the window
        dense[start : start + 12] += 5.0
    sustained = noise.copy()
    sustained[200:300] += 5.0  # 1 s of a louder background
    rows = np.vstack([noise, dense, sustained])
    med, mad = noise_level(rows, round(0.05 * fs), round(0.4 * fs))
    plain_med = np.median(rows, axis=1)
    thr = med + 7 * 1.4826 * mad
    plain = plain_med + 7 * 1.4826 * np.median(np.abs(rows - plain_med[:, None]), axis=1)
    assert abs(thr[0] - plain[0]) <= 0.02 * plain[0]  # noise alone: (nearly) unchanged
    assert thr[1] <= 1.1 * thr[0] < 0.6 * plain[1]  # dense brief events left out
    assert thr[2] == plain[2]  # a sustained change is not an event: kept
    for i in range(3):
        one = noise_level(rows[i : i + 1], round(0.05 * fs), round(0.4 * fs))
        assert one[0][0] == med[i] and one[1][0] == mad[i]


def test_held_filter_equals_the_streaming_filter() -> None:
    """The 0-3 Hz part filtered only where asked equals the streamed filter's output bit for bit,
    for any chunking and any window (first sample held before the data, last held after it)."""
    from tremor.core.events import HeldFilter, LinearPhaseFilter, slow_fir

    seed = int(np.random.SeedSequence().entropy % (2**32))
    print(f"seed {seed}")
    rng = np.random.default_rng(seed)
    for fs in (100.0, 200.0):
        x = rng.standard_normal((int(rng.integers(200, 3000)), 3)) * 3.0 + 9.81
        taps = slow_fir(fs)
        streamed, held = LinearPhaseFilter(taps), HeldFilter(taps)
        outs, done, i = [], 0, 0
        while i < x.shape[0]:
            k = int(rng.choice([1, 5, 77, 400]))
            part = x[i : i + k]
            i += k
            final = i >= x.shape[0]
            outs.append(streamed.update(part, final=final))
            held.update(part, final=final)
            done += outs[-1].shape[0]
            for _ in range(3):  # windows within what is complete, as the finder asks
                if done > 1:
                    a = int(rng.integers(0, done - 1))
                    b = int(rng.integers(a + 1, min(done, a + 80) + 1))
                    np.testing.assert_array_equal(held.window(a, b), np.vstack(outs)[a:b])
        want = np.vstack(outs)
        assert want.shape == x.shape
        np.testing.assert_array_equal(held.window(0, x.shape[0]), want)
        held.drop_before(x.shape[0] // 2)
        np.testing.assert_array_equal(held.window(x.shape[0] // 2, x.shape[0]), want[x.shape[0] // 2 :])
        with pytest.raises(ValueError, match="not held"):
            held.window(0, 5)
