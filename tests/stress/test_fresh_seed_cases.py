"""Fresh seeds of ``test_stress``'s fresh-seed tests that the analyser gets wrong, fixed here as known defects.

``test_fresh_seed`` (a ``gym_session`` at 100 Hz without walking or dropouts, a new seed each run) failed
3 runs in 400 fresh seeds (issue 9, ``benchmarks/seed_sweep.py`` and a loop over ``gym_session``,
2026-11-29): twice a 3-7 Hz out-of-band episode inside a set whose fatigue tremor line drifts down to the
band's lower edge, once a fatigue set not found at all. The split-set test (a 3 s dropout mid-set,
``test_a_set_split_by_a_3_s_dropout_is_measured_over_its_whole_stretch``) failed once in its first 40 fresh draws at 100 Hz, the same band-edge drift reading
atypical in one part of a split set. Each was kept here at its seed as ``xfail(strict=True)`` with the
figures measured, so a fix shows up as an XPASS that must be looked at; the fixed ones are plain tests now,
their former figures in their docstrings.
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
