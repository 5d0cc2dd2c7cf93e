"""Fresh seeds of ``test_stress``'s fresh-seed tests that the analyser gets wrong, fixed here as known defects.

``test_fresh_seed`` (a ``gym_session`` at 100 Hz without walking or dropouts, a new seed each run) failed
3 runs in 400 fresh seeds (issue 9, ``benchmarks/seed_sweep.py`` and a loop over ``gym_session``,
2026-11-29): twice a 3-7 Hz out-of-band episode inside a set whose fatigue tremor line drifts down to the
band's lower edge, once a fatigue set not found at all. The split-set test (a 3 s dropout mid-set,
``test_a_set_split_by_a_3_s_dropout_is_measured_over_its_whole_stretch``) failed once in its first 40 fresh draws at 100 Hz, the same band-edge drift reading
atypical in one part of a split set. Each was kept here at its seed as ``xfail(strict=True)`` with the
figures measured, so a fix shows up as an XPASS that must be looked at; the fixed ones are plain tests now,
their former figures in their docstrings. Later cases come from other fresh-seed tests (each names its test).
"""

from __future__ import annotations

import numpy as np
import pytest

import tremor

from . import scenarios as S
from .scoring import score


@pytest.mark.parametrize("seed", [4170312521, 3212793856, 249280292])
def test_set_tremor_drifting_to_the_band_edge_is_no_out_of_band_episode(seed: int) -> None:
    """A set's own tremor, whose line drifts down to the 6 Hz edge, is that set's tremor, not a second
    tremor out of the band: no out-of-band episode where the truth has none.

    Was a strict xfail (issue 9, 2 fresh seeds in 400): seed 4170312521 set 4 (fatigue, 410-450 s, line
    7.33 -> 5.87 Hz, FWHM 2.9 Hz) gave an episode 431.5-448.0 s at 5.125 Hz, 0.044 m/s^2; seed 3212793856 set 3
    (mixed, 330-369 s, line 7.54 -> 6.45 Hz, FWHM 2.7 Hz) one 356.5-363.5 s at 6.0 Hz, 0.062 m/s^2. Frame by
    frame such a wide line peaks anywhere within about 1.5 Hz of its centre; the episodes' mean spectra show
    no out-of-band peak of their own (prominence 6.1 and 2.2, under 12), and each set's line before them lay
    at about 7 Hz: the low skirt of the set's own line (``band_edge.episode_under_own_line``).

    Seed 249280292 (1 of h-edge's 1000 seeds, benchmarks/README.md) kept its false episode under that rule:
    set 3 (305.1-345.4 s, truth: its line 7.18 -> 5.72 Hz, 1.7 Hz wide) gave 337.5-342.5 s at 4.875 Hz,
    0.041 m/s^2, whose 10 frames' mean spectrum peaks at 5.25 Hz, prominence 18, 3.6x the 7-12 Hz peak: its
    own peak, for the line's centre there had drifted to 5.8-6.0 Hz, out of the band. The set's line,
    followed over its sixths (7.5, 7.0, 6.5, 6.0, 6.25, 5.25 Hz), drifted there continuously, as the set's
    metrics find (``band_edge.drifted_out_of_band``): an episode in a set's last third at such a line's end
    is the line (``episodes._own_line_skirt``)."""
    sc = S.gym_session(seed, 100, walking=False)
    result = tremor.analyze(sc.recording)
    sco = score(result, sc.truth)
    assert sco.false_episodes == 0, (sco.summary(), result.atypical_tremor)


@pytest.mark.parametrize("seed", [3843094593, 1006815533, 1470062282])
def test_slow_light_reps_are_found_as_a_set(seed: int) -> None:
    """Every set of reps between rests is found, both boundaries within 1 s, labelled as the truth.

    Was a strict xfail (issue 9) for 3843094593 (1 of 400 fresh seeds), and 1006815533 and 1470062282
    were missed sets not diagnosed (2 of h-edge's 1000 seeds, benchmarks/README.md): each lost one set of slow light reps (0.25, 0.23 and 0.22 reps/s,
    1.03, 0.51 and 0.83 m/s^2, the arm 31-33 deg from rest swinging by 11-12 deg): its frames sat at both
    of segment_sets' thresholds at once (movement RMS 0.09-0.45 m/s^2 about MOVE_MPS2 0.35, the 2 s
    windows seeing little of so slow a rep; pose 20-40 deg about POSE_DEG 30), active only in 1.5-2 s
    runs, one per rep, apart by 1.5-4 s, so no run reached MIN_SET_S. In those pauses the arm never came
    back to rest (21.7 deg or more from it; rest 3-9 deg) nor stopped (0.087 m/s^2 or more; rest at most
    0.021): ``tremor.core.rep_pauses`` joins such pauses. Now 4/4 sets within 1 s, labels 4/4, on each."""
    sc = S.gym_session(seed, 100, walking=False)
    sco = score(tremor.analyze(sc.recording), sc.truth)
    assert sco.sets_within == sco.sets_true == 4 and sco.sets_extra == 0, sco.summary()
    assert sco.labels_correct == sco.labels_total, sco.summary()


def test_both_parts_of_a_split_fatigue_set_read_alike_seed_25593() -> None:
    """The two parts of a set split by a dropout carry the whole stretch's rise and one label.

    Was a strict xfail (issue 9; test_stress's split-set test at fresh seed 25593, 100 Hz: 1 failing draw in
    the first 40): dropout_session's fatigue set 160-200 s, split by its 3 s dropout, its line drifting
    7.50 -> 6.18 Hz; part 2 (183.0-200.1 s) alone starts at 6.25 Hz and read atypical_tremor with no rise
    (out-of-band RMS 0.044 m/s^2 over the 0.03 limit, leak share 0.77). Its line is followed over the whole
    stretch now (7.5 -> 6.0 Hz, continuous: it drifted out of the band), as its rise is: both parts read
    fatigue_tremor with the stretch's rise 2.59x."""
    sc = S.dropout_session(25593, 100, gap_s=3.0)
    result = tremor.analyze(sc.recording)
    mid = sc.truth.sets[1]
    parts = [s for s in result.sets if s.span.end_s > mid.start_s and s.span.start_s < mid.end_s]
    assert len(parts) == 2
    assert parts[0].metrics.end_to_start_ratio == parts[1].metrics.end_to_start_ratio
    assert parts[0].label == parts[1].label


def test_every_reported_peak_has_its_standard_error_seed_592568360() -> None:
    """Every fatigue set's peak (truth: a spectral peak in the band) comes with its standard error, as
    test_stress's fresh-seed peak test asks.

    Found by h-fresh's seed_sweep (fatigue_session, f_start 8.96 Hz): set 3's mean spectrum has two humps
    (8.25 and 9.5 Hz, a dip of 0.87 of the top between), the line fit's centre went past its 1 Hz bound
    from the 9.5 Hz top bin, and the Gaussian fallback gave 8.405 Hz with no error. The fit is now tried
    again bounded about the top's bin the centre went to (``peak._lorentzian_centre``)."""
    seed = 592568360
    f_start = float(np.random.default_rng(seed).uniform(6.5, 11.0))
    sc = S.fatigue_session(seed, 100, ratio=3.0, f_start=f_start)
    sco = score(tremor.analyze(sc.recording), sc.truth)
    assert len(sco.peak_sds) == 2 and np.all(np.isfinite(sco.peak_sds)), sco.peak_sds


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="the limit of a wide drifting line's peak (issue 9), test_stress's fresh peak draw 1743786875 (a CI run, "
    "2026-11-30; 0 of 4014 more sets over the bound, z max 3.7): set 1's line, 3.0 Hz wide, drifting 8.04 -> 6.73 Hz "
    "and growing 3x, has its expected spectrum's top at 7.20 Hz (7.25 with the rest's 8.9 Hz tremor), but this "
    "realisation's own frame spectrum is flat within 5 % over 6.75-8.75 Hz (the line alone fits 7.51 +- 0.17) and the "
    "rest tremor tilts it up: reported 7.875 +- 0.126 Hz, 5.4 standard errors off. Neither the thirds (7.90, 7.61, "
    "8.13 Hz) nor the fit's scatter sees the plateau: a flat top's maximum has no error model here",
)
def test_a_wide_drifting_lines_peak_is_within_four_standard_errors_seed_1743786875() -> None:
    """The fatigue sets' reported peaks lie within 0.2 Hz of the truth or within 4 of their standard errors."""
    seed = 1743786875
    f_start = float(np.random.default_rng(seed).uniform(6.5, 11.0))
    sc = S.fatigue_session(seed, 100, ratio=3.0, f_start=f_start)
    sco = score(tremor.analyze(sc.recording), sc.truth)
    assert sco.peak_errors, "no peak reported"
    for err, sd in zip(sco.peak_errors, sco.peak_sds, strict=True):
        assert err <= max(0.2, 4.0 * sd), (err, sd)


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="analyser defect (issue 9), found replaying test_label_notes' fresh seed 94970 (h-flaky2): under "
    "a steady 0.5 m/s^2 8 Hz machine line (harmonic 16 Hz, 0.072 m/s^2 RMS) the twitch band's backgrounds "
    "read a rhythm share of 0.89, over RHYTHM_RISE_FROM 0.85, so the rise rule's tremor-surge term "
    "applies: the line's band-passed envelope ripples with its phase (MAD 0.084 m/s^2, 24 % of its median "
    "0.355; the line does not surge), and the level a twitch must reach is 0.89 m/s^2, not 1.5 x median "
    "= 0.53. Twitches of 1.4 m/s^2 (1.25x the 1.116 m/s^2 limit stated there) peak at 0.70-0.88 m/s^2 "
    "band-passed over a base of 0.35: 18 of 20 'weak', 1 an impact, 1 counted. At seed 3 (rhythm share "
    "0.83, level 0.54) 16 of 20 are counted. Fixing it changes the twitch detector (live must stay equal to "
    "batch) and RHYTHM_RISE_MADS' calibration: left to the detector's owners",
)
def test_twitches_over_the_stated_limit_under_a_machine_line_are_counted_seed_94970() -> None:
    """Twitches 1.25x over the detection limit stated under a machine line, and under the impact ceiling,
    are counted: at least half of those not taken as impacts."""
    b = S.SessionBuilder(100, 200, np.random.default_rng(94970), 0.015)
    b.add_vibration(8.0, 0.5)
    b.add_rep_set(40, 80)
    times = b.twitch_times(85, 130, interval=(1.5, 3.0), groups=False)
    b.add_twitches(times, peak=1.4)
    result = tremor.analyze(b.finish().recording)
    (s,) = result.sets
    impacts = sum(1 for c in result.rejected_transients if c.kind == "artefact" and 84.0 < c.t_s < 131.0)
    assert s.metrics.twitches_in_recovery >= 0.5 * (len(times) - impacts), (len(times), impacts, s.metrics)


def test_no_twitch_in_the_still_wrist_after_a_tap_burst_seed_1289879555() -> None:
    """Between and after bursts of taps a still wrist gives no twitch (the tap-burst test's signal at 200 Hz).

    Was a strict xfail (issue 9, h-flaky2): a twitch at 14.36 s, 3.1 s after the first burst's last tap,
    where nothing was added (band-passed peak 0.0157 m/s^2, under the 0.0189 limit stated there): the
    whitener's fit still held the taps (whitened median 0.0057 vs 0.0048 without them, reference gain
    0.35 vs 0.42). Its fit left out the taps' blocks (over 4x the median energy) but kept their
    neighbours, which hold the taps' skirts; it now leaves those out too
    (:data:`tremor.core.twitch_signal.WHITEN_SKIP_NEIGHBOURS`, h-flaky4), and no twitch is found there.
    """
    from tests.core import test_twitch_physics as P
    from tremor.core.events import detect_transients

    rng = np.random.default_rng(1289879555)
    for fs in P.FS:  # the test's draws, in its order: the 100 Hz signal first
        acc = P._rest(rng, fs, 60.0)
        axis = P._unit(rng)
        P._taps(rng, fs, acc, 8.0, int(rng.integers(8, 13)), axis)
        P._taps(rng, fs, acc, 18.0, int(rng.integers(8, 13)), axis)
        for t in [30.0, 30.3, 38.0, 38.3, 38.6, 46.0, 46.35, 46.8, 47.3]:
            P._add(acc, fs, t, 0.25 * P._ring(fs, rng.uniform(10, 30), 0.02), axis)
        found = detect_transients(acc, fs=fs)
        twitches = [round(c.t_s, 3) for c in found if c.kind == "twitch" and 7.5 < c.t_s < 28.0]
        assert not twitches, (fs, twitches)


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="analyser defect (issue 9), test_vibration_drift's drifting-motor test at fresh seed 209412189 "
    "(4.319 Hz, +1.443 Hz/min, 0.207 m/s^2; h-flaky2, 2026-11-29: of 1000 fresh draws of its parameters, the 58 starting low "
    "(freq - 1.6 x rate under 3.3 Hz) were run, and this one failed): "
    "the motor runs 1.43 -> 7.20 Hz over 240 s and is reported as two lines. Before the first set (40-80 s) "
    "only its 2nd harmonic shows: a line 0-41.5 s tracked 3.63 -> 4.05 Hz (truth 2f 3.40 -> 4.36 Hz at "
    "11-31 s), 0.035 m/s^2, could_be_tremor (its note asks for a clinician where no machine was in "
    "contact); after it the fundamental, 60-240 s, 3.51 -> 6.94 Hz (truth 3.14 -> 6.95), 0.146 m/s^2 with "
    "its harmonic at 10.1 Hz. The set's movement hides both for 18 s, and a harmonic seen alone is not "
    "linked to a fundamental found after a gap (the first line's speed is 2x the second's drift "
    "extrapolated back: 3.85 vs 4.0 Hz at 20 s)",
)
def test_a_drifting_motor_seen_first_by_its_harmonic_is_one_line_seed_209412189() -> None:
    """A motor drifting up from 1.43 Hz, its harmonic seen before a set and its fundamental after it, is one line."""
    seed = 209412189
    draw = np.random.default_rng(seed)
    rate = float(draw.uniform(0.2, 1.5))
    amp = float(np.exp(draw.uniform(np.log(0.05), np.log(0.5))))
    freq = float(draw.uniform(4.0, 15.0))
    sc = S.vibration_session(seed, 100, freq_hz=freq, amp_mps2=amp, drift_hz_per_min=rate)
    result = tremor.analyze(sc.recording)
    assert score(result, sc.truth).false_tremor == 0
    assert len(result.vibration) == 1, [(v.start_s, v.end_s, v.freq_hz) for v in result.vibration]


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="the footstep comb's limit (issue 9), test_walk_swing's strong-swing walk test at fresh seed 43919 "
    "(50 Hz, a 30-degree swing at 0.8 strides/s; h-flaky3): its second walk (84-114 s) is a set "
    "84.3-113.6 s labelled enhanced_tremor. The bout 84.0-113.5 s moves 4.28 m/s^2, its heel strikes ring "
    "13-18 Hz at 0.038 m/s^2 (over WALK_MIN_STRIKE_MPS2 0.02) but share 0.0005 of the movement power "
    "(under WALK_IMPACT_SHARE 0.002; 3-7 Hz 0.100 m/s^2 at prominence 116: the swing's harmonics), so only "
    "the swing path can call it a walk, and its gait_comb is 0.286, under WALK_GAIT_COMB 0.3 (the first "
    "walk's 0.351). Over 200 fresh seeds of this case 10 of 400 walks fell under 0.3 (min 0.277, median "
    "0.40-0.41), one walk in 10 of the 200 sessions; at 100 and 200 Hz none in 20 seeds (min 0.45). The 30-degree swing's odd harmonics (2.4, 4.0, 5.6 Hz) sit "
    "on the step comb's midpoints (without heel strikes the session's walks comb at -0.21 and -0.20), and "
    "at 50 Hz the 15 ms strike ring sampled from its onset keeps 0.2-0.5 of its energy (0.93-0.96 at "
    "100 Hz): the strikes lift the comb's lines about 10^0.5 less than at 100 Hz, where the same seed's "
    "walks comb at 0.58 and 0.57. The threshold has no room: rowing and vigorous strokes "
    "reach 0.25 and 0.23 (test_stress, test_sets)",
)
def test_a_walk_with_a_strong_arm_swing_at_50_hz_is_walking_seed_43919() -> None:
    """Both walks of test_walk_swing's strong-swing session at 50 Hz are walking, the hold the one set."""
    from tests.core.arm_pendulum import arm_session
    from tests.core.test_walk_swing import _overlap, _walks_and_holds

    rec, spans = arm_session(_walks_and_holds("walk"), seed=43919, fs=50.0, swing_deg=30.0, stride_hz=0.8)
    result = tremor.analyze(rec)
    for walk in spans["walk"]:
        assert _overlap(result.walking, [walk]) >= 0.8 * (walk[1] - walk[0]), (walk, result.walking)
    assert [s.label for s in result.sets] == ["fatigue_tremor"], [(s.span, s.label) for s in result.sets]


def _tap_bursts(seed: int) -> list[tuple[float, list, list[list[float]]]]:
    """test_twitch_physics' tap-burst signals at ``seed`` (its draws, in its order): per rate, the
    transients found and the two bursts' tap times."""
    from tests.core import test_twitch_physics as P
    from tremor.core.events import detect_transients

    rng = np.random.default_rng(seed)
    out = []
    for fs in P.FS:
        acc = P._rest(rng, fs, 60.0)
        axis = P._unit(rng)
        bursts = [P._taps(rng, fs, acc, t0, int(rng.integers(8, 13)), axis) for t0 in (8.0, 18.0)]
        for t in [30.0, 30.3, 38.0, 38.3, 38.6, 46.0, 46.35, 46.8, 47.3]:
            P._add(acc, fs, t, 0.25 * P._ring(fs, rng.uniform(10, 30), 0.02), axis)
        out.append((fs, detect_transients(acc, fs=fs), bursts))
    return out


def test_every_tap_burst_gives_no_twitch_seed_896110892() -> None:
    """No twitch inside a burst of taps along one axis (the tap-burst test's signal at 200 Hz).

    Was a strict xfail (issue 9, h-flaky3, 1 of 330 fresh draws): the second burst's 9 taps (18.00-20.78 s)
    gave only 4 candidates, too few for the activity rule, and 18.01 and 18.97 s were twitches. Passes since
    the whitener's fit leaves out the blocks next to a left-out one
    (:data:`tremor.core.twitch_signal.WHITEN_SKIP_NEIGHBOURS`, h-flaky4; not diagnosed further).
    """
    for fs, found, bursts in _tap_bursts(896110892):
        inside = [
            c.t_s
            for c in found
            if c.kind == "twitch" and any(b[0] - 0.5 < c.t_s < b[-1] + 0.5 for b in bursts)
        ]
        assert not inside, (fs, inside)


@pytest.mark.parametrize(
    "seed",
    [
        pytest.param(752298327, id="752298327"),
        pytest.param(
            307096708,
            id="307096708",
            marks=pytest.mark.xfail(
                strict=True,
                raises=AssertionError,
                reason="analyser defect (issue 9), the tap-burst test's still wrist after a burst at more "
                "fresh seeds (h-flaky3: 6 of 300 fresh draws gave one twitch 0.7-4.5 s after a burst's last "
                "tap, never two): 307096708 at 200 Hz (25.02 s); 752298327 (100 Hz, 14.23 s) passes since the "
                "whitener's fit leaves out the blocks next to a left-out one (h-flaky4), this one does not "
                "(not diagnosed further)",
            ),
        ),
    ],
)
def test_no_twitch_in_the_still_wrist_after_a_tap_burst(seed: int) -> None:
    """Between and after bursts of taps a still wrist gives no twitch (the tap-burst test's signal)."""
    for fs, found, bursts in _tap_bursts(seed):
        twitches = [c.t_s for c in found if c.kind == "twitch" and 7.5 < c.t_s < 28.0]
        after = [t for t in twitches if not any(b[0] - 0.5 < t < b[-1] + 0.5 for b in bursts)]
        assert not after, (fs, after)


def test_a_growing_tremor_line_gives_no_twitch_seed_15034895() -> None:
    """The holds of a growing tremor line with no twitch added read fatigue_tremor (none mixed by false twitches).

    Found by h-flaky3 in test_rest_baseline_events' untyped session at fresh seed 15034895, 100 Hz (1 of 122
    sessions): the third hold (240-280 s), a 2 Hz wide tremor line at 8.5-10.5 Hz growing 0.02 -> 0.15 m/s^2 over
    0.008 m/s^2 sensor noise and nothing else, gave 3 twitches (241.35 s 0.086 m/s^2 200 ms, 250.06 s 0.093 m/s^2
    30 ms, 259.88 s 0.236 m/s^2 250 ms; thresholds 0.059-0.077), so the set read mixed: the line's envelope surges
    taken for twitches. h-shiver's rules (tremor.core.twitch_hold: a sustained oscillation, a surge of a narrow-band
    line at most 3x its median envelope) leave none there: kept as a regression case, no longer a strict xfail.
    """
    from tests.core.test_rest_baseline_events import _session

    result = tremor.analyze(_session(15034895, 100.0, typing=False)[0])
    assert [s.label for s in result.sets] == ["fatigue_tremor"] * 3, [s.label for s in result.sets]
