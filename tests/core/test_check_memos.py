"""What a live set check keeps between checks (issue 11, h-speed3) equals what it reads afresh.

A live session segments its whole table every second (:func:`tremor.core.sets.segment_sets` with the analyser's
memo). Two of the answers it read afresh each time are now kept: a stay's transient frames
(:func:`tremor.core.stay_transients.kept_transients`: the same frames while as many still powers lie over the new
level and over :data:`~tremor.core.stay_transients.PEAK_OVER` times it) and the rest's sorted 6-12 Hz powers
(:class:`tremor.core.stay_taps.RestMedians` with a :class:`~tremor.core.kept_median.KeptMedian`). Each is compared
with the fresh answer: on drawn runs and levels (ties at the very frame powers included), on growing rest masks
whose old rows sometimes change, and through whole seated sessions with posture stays, holds, jerks, a dropout, a
rate change and a late machine line, fed in random chunks and segmented with the memo and without after each.
"""

from __future__ import annotations

import numpy as np

from tests.core.live_feed import fed_in_chunks
from tests.core.test_posture_shifts import _short_plan, seated
from tests.core.test_stay_levels_kept import _same
from tests.run_entropy import fresh_entropy
from tremor.core import stay_transients
from tremor.core.kept_median import KeptMedian
from tremor.core.recording import SourceInfo
from tremor.core.sets import segment_sets
from tremor.core.stay_taps import RestMedians
from tremor.core.stay_transients import PEAK_OVER, kept_transients, transient_frames
from tremor.core.stream import LiveAnalyzer

FRESH_SEED = int(fresh_entropy(__name__) % 2**31)


def test_kept_transients_equal_fresh_ones_at_every_level() -> None:
    seed = FRESH_SEED
    print(f"seed {seed}")
    rng = np.random.default_rng(seed)
    reused = computed = 0
    for _ in range(40):
        n = int(rng.integers(20, 300))
        t = np.cumsum(rng.uniform(0.4, 0.6, n))
        still = rng.random(n) > 0.15
        power = rng.lognormal(0.0, 0.4, n)
        for _ in range(int(rng.integers(0, 4))):  # jerks: a few frames at 50-3000x
            a = int(rng.integers(0, n))
            power[a : a + int(rng.integers(1, 6))] *= rng.uniform(50.0, 3000.0)
        power[rng.random(n) < 0.03] = np.nan
        kept: dict[str, object] = {}
        finite = power[np.isfinite(power)]
        for _ in range(30):
            r = rng.random()
            if r < 0.3 and finite.size:  # a level at a frame's power, or at a fifth of it: the ties
                bound = float(rng.choice(finite)) / (PEAK_OVER if rng.random() < 0.5 else 1.0)
            else:  # a level that moves a little from check to check, or jumps
                bound = float(np.exp(rng.normal(0.9, 1.2 if r < 0.5 else 0.05)))
            had = kept.get("transients")
            got = kept_transients(t, still, power, bound, (0, n), kept)
            assert np.array_equal(got, transient_frames(t, still, power, bound, (0, n), near=False))
            if had is not None and kept["transients"] is had:
                reused += 1
            else:
                computed += 1
    print(f"{reused} answers kept, {computed} computed")
    assert reused > 100 and computed > 100  # both paths taken


def test_kept_rest_powers_give_the_fresh_medians() -> None:
    seed = FRESH_SEED + 1
    print(f"seed {seed}")
    rng = np.random.default_rng(seed)
    n_all = 3000
    power = rng.lognormal(0.0, 1.0, n_all)
    power[rng.random(n_all) < 0.02] = np.nan
    power[rng.integers(0, n_all, 5)] = np.inf
    power[rng.integers(0, n_all, 40)] = power[7]  # ties
    rest_all = rng.random(n_all) < 0.6
    kept = KeptMedian(True)
    n = 0
    changed = 0
    while n < n_all:
        n = min(n_all, n + int(rng.integers(1, 80)))
        rest = rest_all[:n].copy()
        if rng.random() < 0.2:  # old rows leave or join the rest (a new rest pose, a walk found)
            a = int(rng.integers(0, n))
            rest[a : a + int(rng.integers(1, 50))] ^= True
            rest_all[:n] = rest
            changed += 1
        with_kept = RestMedians(rest, power[:n], None, kept)
        fresh = RestMedians(rest, power[:n], None)
        for _ in range(4):
            i0 = int(rng.integers(0, n))
            i1 = int(rng.integers(i0, n + 1))
            a, b = with_kept.power_without(i0, i1), fresh.power_without(i0, i1)
            assert (a == b) or (np.isnan(a) and np.isnan(b)), (n, i0, i1, a, b)
    assert changed


def _session(seed: int, fs: float) -> tuple[np.ndarray, np.ndarray]:
    """A seated session (posture stays, holds) with jerks, a dropout, the rate halved and a late machine line."""
    rec, spans = seated(seed, fs, _short_plan(np.random.default_rng(seed)), max_drift_deg=25.0)
    rng = np.random.default_rng(seed + 1)
    t, acc = rec.time_s.copy(), rec.acc_mps2.copy()
    # jerks (a one-cycle 4-7 Hz swing and a 15-25 Hz ring) in the stays and holds and in the rest
    starts = [float(rng.uniform(a + 3.0, b - 3.0)) for _, a, b in spans] + list(
        rng.uniform(5.0, t[-1] - 5.0, 4)
    )
    for t0 in starts:
        f, ring = rng.uniform(4.0, 7.0), rng.uniform(15.0, 25.0)
        sel = (t >= t0) & (t < t0 + 1.0 / f)
        acc[sel, int(rng.integers(0, 3))] += rng.uniform(1.0, 3.0) * np.sin(2 * np.pi * f * (t[sel] - t0))
        sel = (t >= t0) & (t < t0 + 0.3)
        acc[sel, 2] += 0.8 * np.exp(-(t[sel] - t0) / 0.08) * np.sin(2 * np.pi * ring * (t[sel] - t0))
    # a machine line from late in the session on
    late = t >= rng.uniform(0.5, 0.7) * t[-1]
    acc[late, 0] += 0.05 * np.sin(2 * np.pi * rng.uniform(9.0, 11.0) * t[late])
    # a dropout of 3-9 s
    d0 = rng.uniform(0.2, 0.4) * t[-1]
    keep = (t < d0) | (t >= d0 + rng.uniform(3.0, 9.0))
    # the rate halved from three quarters of the session on
    half = t >= 0.75 * t[-1]
    keep &= ~half | (np.cumsum(half) % 2 == 0)
    return t[keep], acc[keep]


def test_live_checks_segment_as_fresh_ones_with_the_kept_answers(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    seed = FRESH_SEED + 2
    rng = np.random.default_rng(seed)
    fs = float(rng.choice([100.0, 200.0]))
    print(f"seed {seed} fs {fs:g}")
    t, acc = _session(seed, fs)
    calls = [0]
    fresh = stay_transients.transient_frames

    def counted(*args, **kw):  # type: ignore[no-untyped-def]
        calls[0] += 1
        return fresh(*args, **kw)

    an = LiveAnalyzer(SourceInfo("<simulated>", "simulated", "m/s^2"))
    checks = kept_transient = 0
    monkeypatch.setattr(stay_transients, "transient_frames", counted)
    for i in fed_in_chunks(an, t, acc, rng, 1, int(5 * fs)):
        frames = an.frames
        if not len(frames):
            continue
        kw = {"end_s": float(t[min(i, t.size) - 1]), "gaps": an.gaps, "open_ends": True}
        kept = segment_sets(frames, memo=an.memo, **kw)
        _same(kept, segment_sets(frames, **kw), kw["end_s"])
        checks += 1
        levels = an.memo.kept("stay levels", dict)
        kept_transient += sum("transients" in v for v in levels.values())
        if rng.random() < 0.1:  # an earlier, shorter table (a summary in steps)
            k = int(rng.integers(1, len(frames) + 1))
            earlier = frames.select(np.arange(len(frames)) < k)
            kw = {"end_s": float(earlier.t_s[-1]), "gaps": an.gaps}
            _same(segment_sets(earlier, memo=an.memo, **kw), segment_sets(earlier, **kw), k)
    print(
        f"{checks} checks, {kept_transient} stay transients kept, {calls[0]} transient reads, gaps {an.gaps}"
    )
    assert an.gaps  # the dropout is in the table
    assert checks > 100
