"""Stress tests of the analyser on sessions generated independently from the physics (``scenarios``).

Each test runs a few scenarios at fixed seeds and asserts one of the issue's targets. Targets the
current analyser misses are marked ``xfail(strict=False)`` with the figure measured when this file
was written, so they turn into XPASS as fixes land. ``test_fresh_seed`` draws a new seed on every run
and prints it (replay with ``TREMOR_STRESS_SEED=<seed>``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable

import numpy as np
import pytest

import tremor

from . import scenarios as S
from .scoring import Score, score

FIXED_SEEDS = (11, 12)


def _score_all(make: Callable[[int], S.Scenario], seeds: Iterable[int] = FIXED_SEEDS) -> Score:
    total = Score()
    for seed in seeds:
        sc = make(seed)
        total = total + score(tremor.analyze(sc.recording), sc.truth)
    print(total.summary())
    return total


def _twitches(fs: float) -> Score:
    return _score_all(lambda s: S.twitch_session(s, fs, peak=(0.1, 0.3), noise=0.015))


@pytest.mark.parametrize("fs", [100, 200])
def test_twitch_precision(fs: float) -> None:
    """Twitches 0.1-0.3 m/s^2, 20-150 ms, 0.3-3 s apart with pairs and triplets: precision >= 0.95."""
    sc = _twitches(fs)
    assert sc.twitch_tp + sc.twitch_fp > 0
    assert sc.twitch_precision >= 0.95


@pytest.mark.parametrize(
    "fs",
    [
        pytest.param(
            100,
            marks=pytest.mark.xfail(
                strict=False,
                reason="measured recall 0.93 at 100 Hz (precision 1.00; 0.96 at 200 Hz): the 7 misses have no "
                "candidate at all (below the detection limit, 0.1-0.15 m/s^2 at 100 Hz), none is taken for a "
                "train since the train rule asks for regular intervals and one axis (before: 0.72 / 0.83, "
                "8 of 10 misses marked rhythmic)",
            ),
        ),
        200,
    ],
)
def test_twitch_recall(fs: float) -> None:
    """The same twitches: recall >= 0.95."""
    assert _twitches(fs).twitch_recall >= 0.95


def test_twitch_recall_isolated() -> None:
    """Isolated twitches (1.5-3 s apart, 0.15-0.3 m/s^2, 60-150 ms) at 100 Hz: recall >= 0.95."""

    def make(seed: int) -> S.Scenario:
        rng = np.random.default_rng(seed)
        b = S.SessionBuilder(100, 120, rng, 0.015)
        b.add_rep_set(10, 40)
        b.add_twitches(
            b.twitch_times(45, 115, interval=(1.5, 3.0), groups=False),
            peak=(0.15, 0.3),
            duration=(0.06, 0.15),
        )
        return b.finish()

    sc = _score_all(make)
    assert sc.twitch_recall >= 0.95 and sc.twitch_precision >= 0.95


@pytest.mark.parametrize("fs", [50, 100, 200])
def test_sets_without_dropouts(fs: float) -> None:
    """Calm and fatigue sets of reps between rests: every set found, both boundaries within 1 s."""
    sc = _score_all(lambda s: S.gym_session(s, fs, walking=False))
    assert sc.set_recall_within >= 0.95


@pytest.mark.parametrize(
    "gap_s",
    [
        0.5,
        pytest.param(
            2.0,
            marks=pytest.mark.xfail(
                strict=False,
                reason=(
                    "measured (seeds 11-12, 100 Hz): 8/8 sets found whole, 0 extra, labels 8/8, 6/8 within 1 s (max 1.65 s): "
                    "where a 2 s dropout starts 1 s after a set ends, the end hidden next to the gap is put midway between "
                    "the frames either side of it; 0.5 s dropouts: 8/8 within 1 s"
                ),
            ),
        ),
    ],
)
def test_sets_with_dropouts(gap_s: float) -> None:
    """One dropout per set (just inside its start, mid-set, before its end, just after it): sets still
    found whole, boundaries within 1 s of the truth (widened across a dropout at the boundary)."""
    sc = _score_all(lambda s: S.dropout_session(s, 100, gap_s=gap_s))
    assert sc.set_recall_within >= 0.95 and sc.sets_extra == 0


@pytest.mark.parametrize("fs", [100, 200])
def test_a_set_split_by_a_3_s_dropout_is_measured_over_its_whole_stretch(fs: float) -> None:
    """A 3 s dropout mid-set splits it (longer than a set spans), but its parts carry the fatigue rise
    of the whole stretch, so the first part of a fatigue set does not read calm for having been cut
    short. A fresh seed each run (printed; replay with ``TREMOR_STRESS_SEED=<seed>``)."""
    seed = int(os.environ.get("TREMOR_STRESS_SEED") or np.random.SeedSequence().entropy % 100_000)
    print(f"seed {seed}, {fs} Hz")
    sc = S.dropout_session(seed, fs, gap_s=3.0)
    result = tremor.analyze(sc.recording)
    mid = sc.truth.sets[1]  # the fatigue set with its dropout mid-set
    parts = [s for s in result.sets if s.span.end_s > mid.start_s and s.span.start_s < mid.end_s]
    assert len(parts) == 2
    assert parts[0].metrics.end_to_start_ratio == parts[1].metrics.end_to_start_ratio
    assert parts[0].label == parts[1].label
    assert any(f"sets {parts[0].span.index}, {parts[1].span.index} (" in n for n in result.notes)


def test_walking_is_not_a_set() -> None:
    """Walking between sets is not a set and not tremor."""
    sc = _score_all(lambda s: S.gym_session(s, 100, n_sets=2, walking=True))
    assert sc.walks_true > 0
    assert sc.walks_as_sets == 0 and sc.false_tremor == 0


@pytest.mark.parametrize(
    "fs",
    [
        pytest.param(
            100,
            marks=pytest.mark.xfail(
                strict=False,
                reason="measured 11/12 at 100 Hz (mixed -> "
                "fasciculations: twitch recall 0.56 in those recoveries, so the tremor half is found but not the "
                "twitch half)",
            ),
        ),
        200,
    ],
)
def test_labels(fs: float) -> None:
    """Labels of calm / fatigue (ratio 2-4) / fasciculation / mixed sets: >= 95 % right."""
    sc = _score_all(lambda s: S.gym_session(s, fs, walking=False), seeds=(11, 12, 13))
    assert sc.labels_total >= 8
    assert sc.label_accuracy >= 0.95


@pytest.mark.parametrize("freq_hz,amp", [(8.0, 0.1), (10.0, 0.5), (6.5, 0.3)])
def test_in_band_vibration_not_tremor(freq_hz: float, amp: float) -> None:
    """A steady machine line inside 6-12 Hz, present at rest and in sets alike, is not fatigue tremor."""
    sc = _score_all(lambda s: S.vibration_session(s, 100, freq_hz=freq_hz, amp_mps2=amp))
    assert sc.false_tremor == 0


@pytest.mark.parametrize("freq_hz", [4.5, 15.0])
def test_out_of_band_vibration_not_tremor(freq_hz: float) -> None:
    """A steady machine line outside 6-12 Hz (motor, treadmill) is not out-of-band tremor."""
    sc = _score_all(lambda s: S.vibration_session(s, 100, freq_hz=freq_hz, amp_mps2=0.2))
    assert sc.false_tremor == 0


@pytest.mark.parametrize(
    "freq_hz,drift", [(5.0, 0.3), (15.0, 0.3), (10.0, 0.6), (5.0, 1.5), (10.0, 1.5), (15.0, 1.5)]
)
def test_drifting_vibration_not_tremor(freq_hz: float, drift: float) -> None:
    """A motor whose speed drifts by ``drift`` Hz/min (a treadmill changing pace, a motor warming up) is not
    tremor: it is followed as one line along its drift (1.2-6 Hz over the session), and its bins and its
    harmonic's are left out frame by frame (before h-drift, 0.6 Hz/min was followed in pieces covering 0.3-0.7
    of it, and 1-2 sets or episodes read as tremor in 4 of 6 draws)."""
    sc = _score_all(
        lambda s: S.vibration_session(s, 100, freq_hz=freq_hz, amp_mps2=0.2, drift_hz_per_min=drift)
    )
    assert sc.false_tremor == 0


@pytest.mark.parametrize("kind", S.VIGOROUS_KINDS)
def test_vigorous_sets_not_tremor(kind: str) -> None:
    """Vigorous rhythmic sets growing harder through the set are found as sets and are not tremor."""
    sc = _score_all(lambda s: S.vigorous_session(s, 100, kind=kind), seeds=(11,))
    assert sc.false_tremor == 0 and sc.set_recall >= 0.95


OOB_SEEDS = (11, 13, 14)


@pytest.mark.xfail(
    strict=False,
    reason="measured: 5 of 6 episodes found at 4.5 Hz and at 16 Hz (seed 14 misses one), no false alarm",
)
@pytest.mark.parametrize("freq_hz", [4.5, 16.0])
def test_out_of_band_episodes_found(freq_hz: float) -> None:
    """Out-of-band rest tremor (4-5 or 14-17 Hz, 0.05-0.2 m/s^2): every episode found, no false alarm."""
    sc = _score_all(lambda s: S.out_of_band_session(s, 100, freq_hz=freq_hz), seeds=OOB_SEEDS)
    assert sc.episodes_found == sc.episodes_true > 0
    assert sc.false_episodes == 0


@pytest.mark.xfail(
    strict=False,
    reason="measured (h-truth): 5 of 6 episodes reported exactly once at 4.5 Hz and at 16 Hz; the one left is "
    "seed 14's 0.053 m/s^2 episode, under the 0.063 m/s^2 power floor (OOB_MIN_POWER): missed, not split. "
    "Seeds 11-15 and 31-35 at both frequencies: 19 of 20 found, each once, edges within 0.8 s, no false alarm",
)
@pytest.mark.parametrize("freq_hz", [4.5, 16.0])
def test_out_of_band_one_report_per_episode(freq_hz: float) -> None:
    """Each out-of-band episode is reported once."""
    sc = _score_all(lambda s: S.out_of_band_session(s, 100, freq_hz=freq_hz), seeds=OOB_SEEDS)
    assert sc.episodes_single == sc.episodes_true > 0


@pytest.mark.parametrize("freq_hz", [4.5, 16.0])
def test_out_of_band_episode_never_reported_twice(freq_hz: float) -> None:
    """No true episode gives two reports (runs are followed across amplitude dips: tremor.core.episodes), at
    the fixed seeds and a fresh one (printed; replay with TREMOR_STRESS_SEED)."""
    seed = int(os.environ.get("TREMOR_STRESS_SEED", np.random.SeedSequence().entropy % 2**32))  # type: ignore[operator]
    print(f"stress fresh seed: {seed} (replay with TREMOR_STRESS_SEED={seed})")
    sc = _score_all(lambda s: S.out_of_band_session(s, 100, freq_hz=freq_hz), seeds=(*OOB_SEEDS, seed))
    assert sc.episodes_true > 0 and max(sc.episode_reports) <= 1, f"seed {seed}: {sc.episode_reports}"
    assert sc.false_episodes == 0, f"seed {seed}"


def test_peak_frequency() -> None:
    """Tremor peak frequency of fatigue sets within 0.2 Hz of the maximum of the true tremor spectrum."""
    sc = _score_all(lambda s: S.fatigue_session(s, 100, ratio=3.0), seeds=(11, 12, 13))
    assert len(sc.peak_errors) >= 3
    assert sc.max_peak_error <= 0.2


def test_peak_frequency_fresh_seed() -> None:
    """A new seed each run (printed): the peaks of fatigue sets starting anywhere in 6.5-11 Hz.

    The bound is the spread the estimate has on these 1-3 Hz wide lines over 40 s sets, not the 0.2 Hz
    target: over 45 sets at fresh seeds (h-sets2) 5 were 0.2-0.57 Hz off, where that realisation's own
    spectrum peaks elsewhere than its expectation (median 0.09 Hz)."""
    seed = int(os.environ.get("TREMOR_STRESS_SEED", np.random.SeedSequence().entropy % 2**32))  # type: ignore[operator]
    print(f"stress peak fresh seed: {seed} (replay with TREMOR_STRESS_SEED={seed})")
    f_start = float(np.random.default_rng(seed).uniform(6.5, 11.0))
    session = S.fatigue_session(seed, 100, ratio=3.0, f_start=f_start)
    sc = _score_all(lambda s: session, seeds=(seed,))
    # a set whose true spectrum peaks outside 6-12 Hz (a start near 6.5 Hz drifting below 6 Hz) has no
    # in-band peak to report: the score skips it, and a peak must be reported for every other one
    in_band = [t for t in session.truth.sets if t.spectral_peak_hz is not None]
    assert len(sc.peak_errors) >= min(1, len(in_band)), f"seed {seed}: no peak reported"
    if sc.peak_errors:
        assert sc.max_peak_error <= 0.75, f"seed {seed}: start {f_start:.2f} Hz"


def test_fresh_seed() -> None:
    """A new seed each run (printed): a session without walking or dropouts meets the targets the
    analyser meets at the fixed seeds (twitch precision, sets within 1 s, no false tremor)."""
    seed = int(os.environ.get("TREMOR_STRESS_SEED", np.random.SeedSequence().entropy % 2**32))  # type: ignore[operator]
    print(f"stress fresh seed: {seed} (replay with TREMOR_STRESS_SEED={seed})")
    sc = _score_all(lambda s: S.gym_session(s, 100, walking=False), seeds=(seed,))
    assert sc.twitch_tp + sc.twitch_fp == 0 or sc.twitch_precision >= 0.95, f"seed {seed}"
    assert sc.set_recall_within >= 0.95, f"seed {seed}"
    assert sc.false_tremor == 0, f"seed {seed}"
