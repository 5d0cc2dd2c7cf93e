"""A live session's summaries with per-block results kept between them equal summaries computed afresh."""

from __future__ import annotations

import dataclasses

import numpy as np

from tests.run_entropy import fresh_entropy
from tremor.core.analysis import AnalysisResult, limits_array
from tremor.core.features import Frames
from tremor.core.frame_memo import FrameMemo
from tremor.core.recording import SourceInfo
from tremor.core.sets import segment_sets
from tremor.core.stream import LiveAnalyzer
from tremor.core.vibration import find_vibration
from tremor.sim.session import simulate_session

FRESH_SEED = int(fresh_entropy(__name__) % 2**31)


def _session(seed: int) -> tuple[np.ndarray, np.ndarray]:
    """A simulated session with two machine lines (one drifting, one with a harmonic), a 30 s gap, a minute
    on a table (gravity and the sensor's noise) and a 4-5.5 Hz oscillation at rest."""
    rng = np.random.default_rng(seed)
    rec = simulate_session(seed=seed % 1000, fs_hz=100.0, labels=["calm", "calm"]).recording
    t, acc = rec.time_s, rec.acc_mps2.copy()
    for drift in (0.0, rng.uniform(-1.5, 1.5)):
        f0 = rng.uniform(4.0, 17.0)
        rms = float(np.exp(rng.uniform(np.log(0.02), np.log(0.3))))
        on = (t > rng.uniform(0, t[-1] / 3)) & (t < rng.uniform(2 * t[-1] / 3, t[-1]))
        phase = 2 * np.pi * (f0 * t + drift / 120.0 * t**2)
        wave = rms * np.sqrt(2) * (np.sin(phase) + rng.uniform(0, 0.6) * np.sin(2 * phase)) * on
        acc += wave[:, None] * rng.normal(size=3)[None, :] / np.sqrt(3)
    table = (t > 10.0) & (t < 70.0)
    acc[table] = np.array([0.0, 0.0, 9.81]) + rng.normal(0.0, 0.01, (int(table.sum()), 3))
    shake = (t > t[-1] - 60.0) & (t < t[-1] - 25.0)
    acc[shake] += (
        0.3 * np.sin(2 * np.pi * rng.uniform(4.0, 5.5) * t[shake])[:, None] * np.array([1.0, 0.5, 0.2])
    )
    cut = rng.uniform(0.3, 0.7) * t[-1]
    keep = (t < cut) | (t > cut + 30.0)
    return t[keep], acc[keep]


def _summary(r: AnalysisResult) -> str:
    sets = [(s.span, s.metrics, s.label, s.causes) for s in r.sets]
    return repr((r.vibration, r.atypical_tremor, r.not_worn, r.notes, sets, r.oob_limit_mps2))


def test_kept_block_results_equal_fresh_ones() -> None:
    print(f"seed {FRESH_SEED}")
    rng = np.random.default_rng(FRESH_SEED)
    t, acc = _session(FRESH_SEED)
    an = LiveAnalyzer(SourceInfo("<simulated>", "simulated", "m/s^2"))
    memo = FrameMemo()
    i, checks, seen = 0, 0, [0, 0, 0]
    while i < t.size:
        n = int(rng.integers(200, 4000))
        an.update(t[i : i + n], acc[i : i + n])
        i += n
        frames = an.frames
        if len(frames) < 50:
            continue
        memo.check(frames)
        kept = find_vibration(frames, 100.0, memo)
        assert repr(kept) == repr(find_vibration(frames, 100.0)), frames.t_s[-1]
        warm = an.result()  # the analyzer's own memo, kept over the session
        own, an._memo = an._memo, FrameMemo()
        assert _summary(warm) == _summary(an.result()), frames.t_s[-1]
        an._memo = own
        checks += 1
        seen = [max(x, len(y)) for x, y in zip(seen, (warm.vibration, warm.not_worn, warm.atypical_tremor))]
    assert checks > 5
    print(f"{checks} summaries compared, up to {seen} lines, still spans, out-of-band episodes")
    warm = an.finish()
    an._memo = FrameMemo()
    assert _summary(warm) == _summary(an.result())


def test_kept_footsteps_equal_fresh_ones() -> None:
    """The set check's segmentation with each gait bout's footstep test kept equals it computed afresh."""
    print(f"seed {FRESH_SEED}")
    rng = np.random.default_rng(FRESH_SEED)
    rec = simulate_session(seed=FRESH_SEED % 1000, fs_hz=100.0, n_sets=3, walking=True).recording
    t, acc = rec.time_s, rec.acc_mps2
    an = LiveAnalyzer(SourceInfo("<simulated>", "simulated", "m/s^2"))
    i, walks = 0, 0
    while i < t.size:
        n = int(rng.integers(300, 3000))
        an.update(t[i : i + n], acc[i : i + n])
        i += n
        kw = {"end_s": float(t[min(i, t.size) - 1]), "gaps": an.gaps}
        kept, fresh = segment_sets(an.frames, memo=an.memo, **kw), segment_sets(an.frames, **kw)
        assert repr((kept.sets, kept.walking, kept.rest_ref)) == repr(
            (fresh.sets, fresh.walking, fresh.rest_ref)
        )
        assert np.array_equal(kept.rest_mask, fresh.rest_mask), kw["end_s"]
        walks = max(walks, len(kept.walking))
    assert walks
    print(f"up to {walks} walking bout(s)")


def test_memo_forgets_a_table_that_does_not_extend_the_last() -> None:
    memo = FrameMemo()
    calls: list[list[int]] = []

    def compute(which: list[int]) -> list[int]:
        calls.append(which)
        return [10 * j for j in which]

    memo.check(_times([0.0, 0.5, 1.0]))
    assert memo.many("x", ["a", "b"], compute) == [0, 10]
    memo.check(_times([0.0, 0.5, 1.0, 1.5]))  # grown: kept
    assert memo.many("x", ["a", "b", "c"], compute) == [0, 10, 20] and calls[-1] == [2]
    memo.check(_times([0.0, 0.5, 1.0]))  # the start of the longest table (a summary in steps): kept
    assert memo.many("x", ["a", "b", "c"], compute) == [0, 10, 20] and calls[-1] == [2]
    memo.check(_times([0.0, 0.5, 1.0, 1.5, 2.0]))  # grown past the longest: kept
    assert memo.many("x", ["a", "b", "c"], compute) == [0, 10, 20] and calls[-1] == [2]
    memo.check(_times([0.0, 0.5, 1.25, 1.5]))  # a changed row: forgotten
    assert memo.many("x", ["a", "b"], compute) == [0, 10] and calls[-1] == [0, 1]


def _times(t: list[float]) -> Frames:
    return dataclasses.replace(Frames.empty(), t_s=np.array(t))


def test_limits_array_equals_the_sorted_tuples() -> None:
    seed = int(np.random.SeedSequence().entropy % 2**32)
    print(f"seed {seed}")
    rng = np.random.default_rng(seed)
    for _ in range(50):
        n = int(rng.integers(0, 40))
        t = np.cumsum(rng.uniform(0.0, 1.0, n)) if rng.random() < 0.5 else rng.uniform(0.0, 9.0, n)
        if n > 2 and rng.random() < 0.3:
            t[1] = t[0]  # a repeated time: not strictly increasing, sorted with its limit
        pairs = [(float(a), float(b)) for a, b in zip(t, rng.uniform(0.0, 1.0, n))]
        want = np.array(sorted(pairs), dtype=float).reshape(-1, 2)
        for given in (pairs, np.array(pairs, dtype=float).reshape(-1, 2)):
            got = limits_array(given)
            assert got.shape == want.shape and got.tobytes() == want.tobytes()


def test_segmentation_reused_on_the_same_frames_equals_a_fresh_one() -> None:
    """The summary's segmentation, taken from the set check's on the same frames, equals one computed afresh.

    A live session segments its table at each set check and again in the summary that follows (another
    ``end_s``, sometimes unworn stretches): each reused, or newly computed, result equals the one without memo.
    """
    print(f"seed {FRESH_SEED}")
    rng = np.random.default_rng(FRESH_SEED)
    rec = simulate_session(seed=FRESH_SEED % 1000, fs_hz=100.0, n_sets=4, walking=True).recording
    t, acc = rec.time_s, rec.acc_mps2
    an = LiveAnalyzer(SourceInfo("<simulated>", "simulated", "m/s^2"))
    i, sets = 0, 0
    while i < t.size:
        n = int(rng.integers(100, 2500))
        an.update(t[i : i + n], acc[i : i + n])
        i += n
        frames = an.frames
        if not len(frames):
            continue
        last = float(t[min(i, t.size) - 1])
        a = float(rng.uniform(0.0, last))
        for end_s, not_worn in (
            (last, ()),  # the set check
            (last + float(rng.uniform(0.0, 2.0)), ()),  # the summary on the same frames: reused
            (last, ((a, a + float(rng.uniform(1.0, 60.0))),) if rng.random() < 0.5 else ()),
        ):
            kw = {"end_s": end_s, "gaps": an.gaps, "not_worn": not_worn}
            kept, fresh = segment_sets(frames, memo=an.memo, **kw), segment_sets(frames, **kw)
            assert repr((kept.sets, kept.walking, kept.rest_ref)) == repr(
                (fresh.sets, fresh.walking, fresh.rest_ref)
            ), (end_s, not_worn)
            assert np.array_equal(kept.rest_mask, fresh.rest_mask), (end_s, not_worn)
        # a summary in steps reads an earlier, shorter table than the newest check's (review of h-p99b: a posture
        # stay kept from the longer table was reused past this one's end)
        k = int(rng.integers(1, len(frames) + 1))
        earlier = frames.select(np.arange(len(frames)) < k)
        kw = {"end_s": float(earlier.t_s[-1]), "gaps": an.gaps, "not_worn": ()}
        kept, fresh = segment_sets(earlier, memo=an.memo, **kw), segment_sets(earlier, **kw)
        assert repr((kept.sets, kept.walking)) == repr((fresh.sets, fresh.walking)), k
        sets = max(sets, len(kept.sets))
    assert sets
    print(f"up to {sets} set(s)")
