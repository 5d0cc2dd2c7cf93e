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
from tremor.core.analysis import analyze
from tremor.core.events import TwitchDetector
from tremor.core.recording import Recording, SourceInfo
from tremor.core.twitch_finder import settle_samples

FRESH_SEED = int(os.environ.get("TREMOR_START_SEED", np.random.SeedSequence().entropy % 2**31))  # type: ignore[operator]
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
    for fs in (100.0, 200.0):
        for k in range(6):
            t = np.arange(int(10.0 * fs)) / fs
            acc = _surging_rest(rng, t, [0.45, 6.45])
            det = TwitchDetector(fs)
            found = [c.t_s for c in det.update(acc, final=True) if c.kind == "twitch"]
            assert found == [], f"fs {fs:g}: false twitches at {found} s"
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
