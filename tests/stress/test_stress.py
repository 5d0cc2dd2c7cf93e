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
                reason="at 100 Hz the mean over fresh seeds meets 0.95 (0.973 over 62 with the drift-free movement "
                "rule, h-twacc) but a single run with its one fresh seed does not always: 2 runs in 62 fell "
                "below (0.945, 0.948; 5 in 62 before, e.g. fresh seed 950360022: 0.933), the misses "
                "0.1-0.15 m/s^2 twitches ringing fast, with no candidate, at the 100 Hz detection limit",
            ),
        ),
        200,
    ],
)
def test_twitch_recall(fs: float) -> None:
    """The same twitches: recall >= 0.95 over the fixed seeds and a fresh one (printed; replay with
    TREMOR_STRESS_SEED). Measured at 100 Hz since the threshold comes from the noise at a stated
    false-alarm rate (twitch_noise.noise_threshold): 0.973 over 8 fresh seeds (392/403, precision
    0.997; 0.935 and 1.000 before), the misses twitches of 0.1-0.15 m/s^2 with no candidate. Since the
    movement rule leaves a drift's straight line out (h-twacc), over 62 fresh seeds: 100 Hz 0.973
    (3094/3180, 0.968 before), 200 Hz 0.998 (3231/3237, 0.990 before)."""
    seed = int(os.environ.get("TREMOR_STRESS_SEED", np.random.SeedSequence().entropy % 2**32))  # type: ignore[operator]
    print(f"stress fresh seed: {seed} (replay with TREMOR_STRESS_SEED={seed})")
    sc = _score_all(
        lambda s: S.twitch_session(s, fs, peak=(0.1, 0.3), noise=0.015), seeds=(*FIXED_SEEDS, seed)
    )
    assert sc.twitch_recall >= 0.95, f"fresh seed {seed}"


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


@pytest.mark.fresh_rate(
    env="TREMOR_STRESS_SEED",
    measured="chance clusters of 5 aligned dense twitches in ~3 % of sessions; 1 of 80 fresh sessions under 0.95 with seed 11",
)
@pytest.mark.parametrize("fs", [100, 200])
def test_twitch_recall_dense(fs: float) -> None:
    """Twitches 0.3-0.45 s apart (0.15-0.3 m/s^2, random axes) for 75 s: recall and precision >= 0.95, at a
    fixed seed and a fresh one (printed; replay with TREMOR_STRESS_SEED). They fill a third to a half of
    the threshold's 5 s background; the threshold leaves them out (twitch_finder.CLIP_FACTOR). Measured at
    100 Hz over seeds 11, 12 and 10 fresh ones: per session 0.96-0.995, 0.982 in all (0.80-0.90, 0.847
    before), precision 1.00.

    Scored over the fixed seed and the fresh one together (h-flaky3, issue 9): random axes cluster by chance,
    and the documented train and activity rules then take 5 dense twitches in a row for a train or a burst
    of taps (twitch_activity.classify_activity states about 1.5e-4 a twitch among twitches this dense: about
    3 % of sessions of ~196 twitches). Fresh seed 3462557856 at 200 Hz had two such clusters, 186/196 = 0.949:
    5 'rhythmic' at 57.2-58.6 s (true axes 0.88-1.0 along +-y, 0.30-0.43 s apart) and 5 'activity' at
    80.3-83.4 s (true axes 0.86-1.0 along +-y, measured within ACTIVITY_COS of each other). 40 fresh seeds
    at each rate: per session 0.960-1.000 at 100 Hz (7824/7911 = 0.989), 0.995-1.000 at 200 Hz
    (7902/7910 = 0.999), precision 1.00; with seed 11, 0.974 at 3462557856."""
    seed = int(os.environ.get("TREMOR_STRESS_SEED", np.random.SeedSequence().entropy % 2**32))  # type: ignore[operator]
    print(f"stress fresh seed: {seed} (replay with TREMOR_STRESS_SEED={seed})")

    def make(s: int) -> S.Scenario:
        b = S.SessionBuilder(fs, 120, np.random.default_rng(s), 0.015)
        b.add_rep_set(10, 35)
        b.add_twitches(b.twitch_times(40, 115, interval=(0.3, 0.45), groups=False), peak=(0.15, 0.3))
        return b.finish()

    sc = _score_all(make, seeds=(11, seed))
    assert sc.twitch_recall >= 0.95 and sc.twitch_precision >= 0.95, f"fresh seed {seed}"


@pytest.mark.parametrize("fs", [50, 100, 200])
def test_sets_without_dropouts(fs: float) -> None:
    """Calm and fatigue sets of reps between rests: every set found, both boundaries within 1 s."""
    sc = _score_all(lambda s: S.gym_session(s, fs, walking=False))
    assert sc.set_recall_within >= 0.95


@pytest.mark.parametrize("gap_s", [0.5, 2.0])
def test_sets_with_dropouts(gap_s: float) -> None:
    """One dropout per set (just inside its start, mid-set, before its end, just after it): sets still
    found whole, boundaries within 1 s of the truth (widened across a dropout at the boundary).

    A 2 s dropout starting 1 s after a set ends hides the end: it is given at the gap's start
    (0.99 s from the truth at 100 Hz; it was put midway between the frames either side, 1.65 s off,
    6/8 within 1 s before h-sets)."""
    sc = _score_all(lambda s: S.dropout_session(s, 100, gap_s=gap_s))
    assert sc.set_recall_within >= 0.95 and sc.sets_extra == 0


@pytest.mark.parametrize("fs", [100, 200])
def test_edges_hidden_by_a_3_s_dropout(fs: float) -> None:
    """3 s dropouts (longer than a set spans) just inside a set's start, before its end and just after
    it: each set is found within 1 s of what the data can show, its hidden edge at the gap and noted.
    The fourth set, cut mid-set, is two linked parts (the other 3 s test): 3 of 4 per session."""
    for seed in FIXED_SEEDS:
        sc = S.dropout_session(seed, fs, gap_s=3.0)
        result = tremor.analyze(sc.recording)
        total = score(result, sc.truth)
        print(seed, total.summary())
        assert total.sets_within == 3 and total.sets_matched == 4
        hidden = [n for n in result.notes if "is hidden by the data gap" in n]
        assert len(hidden) >= 3, result.notes


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


@pytest.mark.parametrize(
    "stroke_hz,fs,vibration", [((0.5, 0.9), 100, False), ((0.5, 0.9), 50, False), ((0.6, 0.8), 100, True)]
)
def test_rowing_is_a_set_not_walking(stroke_hz: tuple[float, float], fs: float, vibration: bool) -> None:
    """Rowing at 0.5-0.9 strokes/s (an arm-swing-like cadence, a catch each stroke) has no heel strikes
    at a step rate: every set is found, none filed as walking. Before h-sets (seeds 11-14): 10/12 at
    50 Hz and 11/12 on an ergometer with handle vibration, the rest read as walking."""
    sc = _score_all(
        lambda s: S.rowing_session(s, fs, stroke_hz=stroke_hz, handle_vibration=vibration), seeds=(11, 12, 13)
    )
    assert sc.set_recall_within >= 0.95 and sc.false_tremor == 0


def test_reps_at_a_gait_cadence_with_a_6_to_7_hz_tremor_are_a_set() -> None:
    """Reps at 0.8-1 per second whose tremor starts at 6-7 Hz: the tremor's skirt in 3-7 Hz is one line,
    not a comb of heel strikes. Before h-sets (seeds 11-14): 7 of 12 sets read as walking.

    Since h-caff (issue 9, red team R6-2) a 1.5-2x rise is fatigue only where it stands 2 standard errors out of
    the thirds' scatter, at any level: seed 12's last set (a line at the band's lower edge, 2.97x observable,
    measured 1.97x at 1.8 standard errors, 70x rest) reads ``enhanced_tremor`` with evidence that the rise is within
    chance and may be fatigue beginning. That hedge is admitted here (one set at most); any other error is not.
    Since h-fatse the hedge names the larger standard error: that set's is its line's chance (0.387, its frames'
    0.363), so it reads "1.7 standard errors of chance for a steady tremor line as wide as the set's"."""
    total = Score()
    hedged = 0
    for seed in (11, 12, 13):
        sc = S.paced_tremor_session(seed, 100)
        result = tremor.analyze(sc.recording)
        total = total + score(result, sc.truth)
        hedged += sum(
            s.label == "enhanced_tremor"
            and any(
                "standard errors of the set's own scatter" in c.evidence
                or "standard errors of chance for a steady tremor line" in c.evidence
                for c in s.causes
            )
            for s in result.sets
        )
    print(total.summary())
    assert total.set_recall_within >= 0.95
    assert set(total.label_errors) <= {"fatigue_tremor->enhanced_tremor"}, total.label_errors
    assert len(total.label_errors) <= min(hedged, 1), (total.label_errors, hedged)


@pytest.mark.parametrize("kind", ["walk", "carry"])
def test_walks_with_and_without_arm_swing_are_walking(kind: str) -> None:
    """A walk, and a walk carrying a weight (the arm hangs: bounce and heel strikes only), are walking."""
    sc = _score_all(lambda s: S.gait_session(s, 100, kind=kind), seeds=(11, 12, 13))
    assert sc.walks_true == 3 and sc.walks_as_sets == 0 and sc.false_tremor == 0 and sc.sets_extra == 0


def test_a_run_is_gait_not_a_set() -> None:
    """Running (2.5-3 steps/s, arm swing 6-10 m/s^2) is vigorous gait (issue 9, red team R4-9): its foot
    strikes ring the wrist at the stride rate's comb (``gait.running``), so it is a gait bout in ``walking``,
    not a set, never tremor. Before: a `reps` set, `not_assessable` (12 of 12 runs at 50/100/200 Hz, seeds
    11-14); now 12 of 12 gait bouts."""
    for seed in (11, 12):
        sc = S.gait_session(seed, 100, kind="run")
        result = tremor.analyze(sc.recording)
        assert score(result, sc.truth).false_tremor == 0
        (a, b) = sc.truth.running[0]
        over = [x for x in result.sets if x.span.start_s < b and a < x.span.end_s]
        assert not over, [(x.span, x.label) for x in over]
        walked = sum(max(0.0, min(b, w1) - max(a, w0)) for w0, w1 in result.walking)
        assert walked >= 0.8 * (b - a), (result.walking, (a, b))


def test_walking_is_not_a_set() -> None:
    """Walking between sets is not a set and not tremor."""
    sc = _score_all(lambda s: S.gym_session(s, 100, n_sets=2, walking=True))
    assert sc.walks_true > 0
    assert sc.walks_as_sets == 0 and sc.false_tremor == 0


@pytest.mark.parametrize("fs", [50, 100, 200])
def test_labels(fs: float) -> None:
    """Labels of calm / fatigue (ratio 2-4) / fasciculation / mixed sets: >= 95 % right.

    Was xfail at 100 Hz (11/12): a mixed set read as fasciculations, its twitches found (20 of 36) but its
    tremor rise measured 1.93x, under the 2x rule, for an observable 2.1x. A rise of 1.5x-2x now counts where
    it stands 2 standard errors out of its own scatter (``classify.rising``): 12/12 at 50, 100 and 200 Hz here;
    fresh seeds 140410-140421 at 100 Hz 47/48 (one mixed set measured at 1.62x, 1.99 standard errors: the
    ratio of two 12 s thirds scatters by about 25 %), 140430-140437 at 50 and 200 Hz 32/32 each."""
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


def test_faint_missed_machine_line_is_not_tremor() -> None:
    """The vibration sweep's one false report (base seed 280800884, its 14 Hz 0.02 m/s^2 cell): a line at the
    vibration finder's detection limit was not found, and a set whose 14 Hz peak (0.014 m/s^2 RMS, prominence
    13, 10x its 6-12 Hz peak) dominated was labelled atypical_tremor. The peak lies under the recording's
    out-of-band detection limit (0.03 m/s^2): the set is not tremor, and a note says the peak cannot be told
    from a faint machine line or noise. Sweep after: 0 of 135 sessions at that base seed and at 351543111."""
    rng = np.random.default_rng(np.random.SeedSequence([280800884, 598, 0]))
    sc = S.vibration_session(rng, 100, freq_hz=14.0, amp_mps2=0.02)
    result = tremor.analyze(sc.recording)
    assert score(result, sc.truth).false_tremor == 0
    assert result.oob_limit_mps2 is not None and result.oob_limit_mps2 >= 0.03
    assert any("under the out-of-band detection limit" in n for n in result.notes), result.notes


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


def _oob_seeds(freq_hz: float) -> tuple[int, ...]:
    seed = int(os.environ.get("TREMOR_STRESS_SEED", np.random.SeedSequence().entropy % 2**32))  # type: ignore[operator]
    print(f"stress out-of-band {freq_hz} Hz fresh seed: {seed} (replay with TREMOR_STRESS_SEED={seed})")
    return (*OOB_SEEDS, seed)


@pytest.mark.fresh_rate(
    env="TREMOR_STRESS_SEED",
    measured="0 of 150 fresh draws at 16 Hz; seed 4127622785 (both rates): a 0.054 m/s^2 episode steady to "
    "0.03 Hz reported as a machine line that cannot be told from a steady tremor, not as an episode",
)
@pytest.mark.parametrize("freq_hz", [4.5, 16.0])
def test_out_of_band_episodes_found(freq_hz: float) -> None:
    """Out-of-band rest tremor (4-5 or 14-17 Hz, 0.05-0.2 m/s^2): every episode found, no false alarm, at the
    fixed seeds and a fresh one (printed).

    Was xfail: seed 14's 0.053 m/s^2 episode (25x its recording's noise power) lay under the former absolute
    0.063 m/s^2 floor. The floor is now 10x the recording's own noise in +-1 Hz, within 0.03-0.063 m/s^2
    (``episodes.oob_power_floor``): 6/6 here; fresh seeds 1103580631-1103580650 at 4.5 and 16 Hz 40/40 each,
    each once, no false alarm; 0.04 and 0.05 m/s^2 episodes under 0.03 m/s^2 per-axis noise at 4, 5, 14,
    17 Hz (seeds 500-503): 64/64."""
    sc = _score_all(lambda s: S.out_of_band_session(s, 100, freq_hz=freq_hz), seeds=_oob_seeds(freq_hz))
    assert sc.episodes_found == sc.episodes_true > 0, sc.summary()
    assert sc.false_episodes == 0


@pytest.mark.fresh_rate(
    env="TREMOR_STRESS_SEED",
    measured="0 of 150 fresh draws at 16 Hz; seed 4127622785 (both rates): a 0.054 m/s^2 episode steady to "
    "0.03 Hz reported as a machine line that cannot be told from a steady tremor, not as an episode",
)
@pytest.mark.parametrize("freq_hz", [4.5, 16.0])
def test_out_of_band_one_report_per_episode(freq_hz: float) -> None:
    """Each out-of-band episode is reported once, at the fixed seeds and a fresh one (printed). Was xfail for
    seed 14's missed episode (see :func:`test_out_of_band_episodes_found`)."""
    sc = _score_all(lambda s: S.out_of_band_session(s, 100, freq_hz=freq_hz), seeds=_oob_seeds(freq_hz))
    assert sc.episodes_single == sc.episodes_true > 0, sc.summary()


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
    """Tremor peak frequency of fatigue sets within 0.2 Hz of the maximum of the true tremor spectrum, each
    with its standard error (measured: errors 0.05-0.17 Hz; standard errors 0.15-0.32 Hz, the lines' drift of
    0.3-1.5 Hz within the set included: 0.10-0.14 Hz without it). The bound: a drift of 1.5 Hz shows as about
    1 Hz between the thirds, 0.29 Hz over sqrt(12), with the bins' 0.1-0.15 Hz in quadrature."""
    sc = _score_all(lambda s: S.fatigue_session(s, 100, ratio=3.0), seeds=(11, 12, 13))
    assert len(sc.peak_errors) >= 3
    assert sc.max_peak_error <= 0.2
    assert all(0.03 <= sd <= 0.45 for sd in sc.peak_sds), sc.peak_sds


@pytest.mark.fresh_rate(env="TREMOR_STRESS_SEED", measured="1 CI draw in about 2000 (2026-11-30)")
def test_peak_frequency_fresh_seed() -> None:
    """A new seed each run (printed): the peaks of fatigue sets starting anywhere in 6.5-11 Hz lie within
    0.2 Hz of the truth or within 4 of their reported standard errors.

    It does not at fresh seed 1743786875 (a CI run, 2026-11-30): a realisation whose wide line's top is
    flat over 2 Hz, its peak 5.4 standard errors off (kept at its seed in ``test_fresh_seed_cases.py``);
    2015 more draws (4014 sets, 2026-11-30) all passed, the largest error 3.7 standard errors.

    A 1-3 Hz wide line over a 40 s set cannot be placed within 0.2 Hz every time: one realisation's
    spectrum peaks off its expectation (benchmarks/peak_sweep.py, seeds 800-859 at 50/100/200 Hz: 14 of
    174 sets over 0.2 Hz, every one of them within 3.4 standard errors; median error 0.07 Hz). The report
    says so with ``peak_sd_hz``, and this checks that it does."""
    seed = int(os.environ.get("TREMOR_STRESS_SEED", np.random.SeedSequence().entropy % 2**32))  # type: ignore[operator]
    print(f"stress peak fresh seed: {seed} (replay with TREMOR_STRESS_SEED={seed})")
    f_start = float(np.random.default_rng(seed).uniform(6.5, 11.0))
    session = S.fatigue_session(seed, 100, ratio=3.0, f_start=f_start)
    sc = _score_all(lambda s: session, seeds=(seed,))
    # a set whose true spectrum peaks outside 6-12 Hz (a start near 6.5 Hz drifting below 6 Hz) has no
    # in-band peak to report: the score skips it, and a peak must be reported for every other one
    in_band = [t for t in session.truth.sets if t.spectral_peak_hz is not None]
    assert len(sc.peak_errors) >= min(1, len(in_band)), f"seed {seed}: no peak reported"
    for err, sd in zip(sc.peak_errors, sc.peak_sds, strict=True):
        assert np.isfinite(sd), f"seed {seed}: peak without its standard error"
        assert err <= max(0.2, 4.0 * sd), (
            f"seed {seed}: start {f_start:.2f} Hz, error {err:.2f} Hz, sd {sd:.2f}"
        )


@pytest.mark.fresh_rate(env="TREMOR_STRESS_SEED", measured="3 fresh seeds in 400 (2026-11-29)")
def test_fresh_seed() -> None:
    """A new seed each run (printed): a session without walking or dropouts meets the targets the
    analyser meets at the fixed seeds (twitch precision, sets within 1 s, no false tremor). It does
    not at 3 fresh seeds in 400 (2026-11-29): the analyser's defects, kept at their seeds in
    ``test_fresh_seed_cases.py``; a failure here at another seed is worth adding there."""
    seed = int(os.environ.get("TREMOR_STRESS_SEED", np.random.SeedSequence().entropy % 2**32))  # type: ignore[operator]
    print(f"stress fresh seed: {seed} (replay with TREMOR_STRESS_SEED={seed})")
    sc = _score_all(lambda s: S.gym_session(s, 100, walking=False), seeds=(seed,))
    assert sc.twitch_tp + sc.twitch_fp == 0 or sc.twitch_precision >= 0.95, f"seed {seed}"
    assert sc.set_recall_within >= 0.95, f"seed {seed}"
    assert sc.false_tremor == 0, f"seed {seed}"


def test_steady_tremor_drifting_toward_the_band_edge_is_not_fatigue() -> None:
    """Steady tremor (ratio 1) 9-12x rest whose line drifts down toward 6 Hz is not fatigue by its level: a
    line still in the band shows the rise (``set_labels.rise_shown``). Before, a peak within 1 Hz of the edge
    counted as not shown: fatigue_session(12, 200, ratio=1.0) set 0 (7.2 -> 6.3 Hz, 10.4x rest, rise 0.80x)
    read fatigue_tremor, and 2 of 864 sweep sets at ratio 1.2 (rise 1.01x, ending at 6.6-6.7 Hz); seeds
    11-16 at 100 and 200 Hz are now 36/36."""
    sc = _score_all(lambda s: S.fatigue_session(s, 200, ratio=1.0), seeds=(11, 12, 13))
    assert sc.labels_total == 9 and sc.label_accuracy == 1.0 and sc.false_tremor == 0
