"""No twitch before the twitch detector has settled, at a segment's start and after a gap (issue 9).

A segment's first blocks are passed unwhitened (the whitener's first fit needs
:data:`~tremor.core.twitch_signal.WHITEN_MIN_BLOCKS` blocks) and the band-pass still reads the
first sample held; a resting wrist's tremor surging there stood out like a twitch against the one
block of background before it (red team, FINDINGS.md item 9: false twitches at 0.6-0.7 s). Both
sides: the same tremor surge gives no twitch at the start, after a gap, or later in the segment;
a true twitch just after the settling time is still found, at the start and after a gap. Fixed
seeds and a fresh one (printed; replay with ``TREMOR_START_SEED=<seed>``).
"""

from __future__ import annotations

import os

import numpy as np
import pytest

from tests.conftest import add_twitch
from tests.run_entropy import fresh_entropy
from tremor.core.analysis import analyze
from tremor.core.events import TwitchDetector
from tremor.core.recording import Recording, SourceInfo
from tremor.core.twitch_finder import settle_samples

FRESH_SEED = int(os.environ.get("TREMOR_START_SEED", fresh_entropy(__name__) % 2**31))
SEEDS = [pytest.param(3, id="fixed"), pytest.param(FRESH_SEED, id="fresh")]


def _surging_rest(rng: np.random.Generator, t: np.ndarray, surges: list[float]) -> np.ndarray:
    """A resting wrist: 0.008 m/s^2 sensor noise per axis and a 0.01 m/s^2 8.5-10.5 Hz tremor whose
    envelope surges 2.5x (a 0.5 s raised cosine) at each of ``surges``: predictable, not a twitch."""
    acc = np.tile([0.0, 0.0, 9.81], (t.size, 1)) + rng.normal(0, 0.008, (t.size, 3))
    env = np.full(t.size, 0.01)
    for ts in surges:
        x = np.clip((t - ts) / 0.5, 0, 1)
        env += 0.015 * 0.5 * (1 - np.cos(2 * np.pi * x))
    axis = rng.normal(size=3)
    axis /= np.linalg.norm(axis)
    acc += np.outer(env * np.sin(2 * np.pi * rng.uniform(8.5, 10.5) * t + rng.uniform(0, 2 * np.pi)), axis)
    return acc


def test_settling_time_is_the_whiteners_first_fit() -> None:
    """1.0 s (two 0.5 s blocks) plus the envelope's window, at any rate; past the band-pass's half length."""
    for fs in (50.0, 100.0, 200.0):
        assert settle_samples(fs) == round(1.0 * fs) + round(0.03 * fs) - 1


@pytest.mark.parametrize("seed", SEEDS)
def test_a_tremor_surge_at_the_start_is_no_twitch_and_later_twitches_are_found(seed: int) -> None:
    """Surges at 0.45 s (measured before the rule: a twitch at 0.62-0.78 s in 6 of 20 seeds at 100
    and 200 Hz) and at 6.45 s give no twitch; the first blocks' limits are infinite (no twitch could
    be seen there); a twitch of 1.6-2x the block's detection limit at 1.15-1.4 s or 2.5-3 s is found."""
    print(f"start seed: {seed} (replay with TREMOR_START_SEED={seed})")
    rng = np.random.default_rng(seed)
    late: list[tuple[float, float]] = []
    for fs in (100.0, 200.0):
        for k in range(6):
            t = np.arange(int(10.0 * fs)) / fs
            acc = _surging_rest(rng, t, [0.45, 6.45])
            det = TwitchDetector(fs)
            found = [c.t_s for c in det.update(acc, final=True) if c.kind == "twitch"]
            assert [f for f in found if f < 2.0] == [], f"fs {fs:g}: false twitches at {found} s"
            late += [(fs, f) for f in found]
            # later in the segment the detector's own false-alarm rate applies (1 an hour on noise,
            # FALSE_ALARMS_PER_HOUR): at the mid surge 3 in 4320 fresh 10 s rests (about 5 an hour of
            # surge), none elsewhere once the data's end was an edge; two in these 2 minutes is a defect
            assert len(late) <= 1, f"false twitches after the settling time: {late}"
            lim = np.array(det.limits)
            assert np.all(np.isinf(lim[lim[:, 0] < 1.0, 1])) and np.all(np.isfinite(lim[lim[:, 0] > 1.0, 1]))
            # one twitch each (a segment's first 5 s keep an unclipped background: an earlier twitch
            # there raises a later one's threshold)
            times = [float(rng.uniform(1.15, 1.4) if k % 2 else rng.uniform(2.5, 3.0))]
            rec = Recording(t, acc, True, SourceInfo("<start>", "simulated", "m/s^2"))
            for tt in times:  # 1.6-2x the block's limit (docs/report.md: from 1.5x it, all are found)
                block = lim[np.argmin(np.abs(lim[:, 0] - tt)), 1]
                rec = add_twitch(rec, tt, float(rng.uniform(1.6, 2.0)) * block, axis=int(rng.integers(3)))
            found = [c.t_s for c in TwitchDetector(fs).update(rec.acc_mps2, final=True) if c.kind == "twitch"]
            assert all(any(abs(f - tt) < 0.05 for f in found) for tt in times), (fs, times, found)


@pytest.mark.parametrize("seed", SEEDS)
def test_after_a_gap_the_detector_settles_again(seed: int) -> None:
    """The whole analysis, a 4 s gap at 12 s: a surge 0.45 s after each segment's start is no twitch;
    a twitch 1.3 s after the gap is found."""
    print(f"start seed: {seed} (replay with TREMOR_START_SEED={seed})")
    rng = np.random.default_rng(seed)
    fs = 100.0
    t = np.arange(int(24.0 * fs)) / fs
    acc = _surging_rest(rng, t, [0.45, 12.45])
    rec = add_twitch(Recording(t, acc, True, SourceInfo("<gap>", "simulated", "m/s^2")), 13.3, 0.15)
    stamps = np.where(t >= 12.0, t + 4.0, t)  # the gap: the second segment starts at 16.0 s
    result = analyze(Recording(stamps, rec.acc_mps2, True, rec.source))
    assert len(result.sampling.gaps) == 1
    twitches = [tr.t_s for tr, _ in result.twitches]
    candidates = [tr.t_s for tr in result.rejected_transients] + twitches
    assert not [c for c in candidates if c < 1.0 or 16.0 <= c < 17.0], candidates
    assert any(abs(c - 17.3) < 0.05 for c in twitches), twitches


def _replayed_rest(seed: int, fs: float, k: int, surges: list[float]) -> np.ndarray:
    """The ``k``-th 10 s rest at ``fs`` drawn by the surge test's loop from ``seed`` (a replay)."""
    rng = np.random.default_rng(seed)
    for rate in (100.0, 200.0):
        for j in range(6):
            t = np.arange(int(10.0 * rate)) / rate
            acc = _surging_rest(rng, t, surges)
            if (rate, j) == (fs, k):
                return acc
            rng.uniform(), rng.uniform(), rng.integers(3)
    raise ValueError("no such rest")


@pytest.mark.parametrize(("seed", "surges"), [(1012, [0.45, 6.45]), (5015, []), (5016, [])])
def test_an_envelope_running_to_the_datas_end_is_no_twitch(seed: int, surges: list[float]) -> None:
    """Replays of fresh draws that gave a false twitch at 9.973 s, 22 ms before the data's end at 200 Hz
    (the envelope rising to the last sample, where the band-pass reads it held): an extent cut by the
    data's end with its peak in the last END_EDGE_S is an edge, like one cut by the look-ahead (no twitch:
    ``sustained``)."""
    acc = _replayed_rest(seed, 200.0, 5 if seed == 1012 else 2, surges)
    found = TwitchDetector(200.0).update(acc, final=True)
    assert [c.t_s for c in found if c.kind == "twitch"] == []
    assert any(c.kind == "sustained" and c.t_s > 9.9 for c in found)


@pytest.mark.parametrize("seed", SEEDS)
def test_a_twitch_just_before_the_end_is_still_found(seed: int) -> None:
    """Both sides of the edge rule (twitch_finder.END_EDGE_S, 0.05 s): a twitch of 1.6-2x the block's limit
    0.08-0.45 s before the data's end is found at 50, 100 and 200 Hz. Measured (50 draws a bin and rate): 0.06-0.25
    s before the end 50/50 found at every rate, 0.03-0.06 s 48-50/50; in the last 0.03 s 3-22/50 (all before the
    rule): a twitch there is not seen to fall back."""
    print(f"start seed: {seed} (replay with TREMOR_START_SEED={seed})")
    rng = np.random.default_rng(seed)
    for fs in (50.0, 100.0, 200.0):
        for _ in range(4):
            t = np.arange(int(8.0 * fs)) / fs
            rec = Recording(t, _surging_rest(rng, t, []), True, SourceInfo("<end>", "simulated", "m/s^2"))
            det = TwitchDetector(fs)
            det.update(rec.acc_mps2, final=True)
            lim = np.array(det.limits)
            tt = float(t[-1] - rng.uniform(0.08, 0.45))
            block = lim[np.argmin(np.abs(lim[:, 0] - tt)), 1]
            rec = add_twitch(rec, tt, float(rng.uniform(1.6, 2.0)) * block, axis=int(rng.integers(3)))
            found = [c.t_s for c in TwitchDetector(fs).update(rec.acc_mps2, final=True) if c.kind == "twitch"]
            assert any(abs(f - tt) < 0.05 for f in found), (fs, tt, found)
