"""Red team round eight (h-red8): a spin bike, a watch's clock, essential- and Parkinsonian-like tremors, a coarse
sensor, calm holds after jumping jacks, max hangs.

Physics: ``benchmarks/redteam/gen_r8.py`` (written without reading ``tremor/core``; the resting wrist, noise and
building blocks are ``benchmarks/redteam/gen.py``'s), loaded by path and run in memory. Each strict xfail names one
false statement (or a lost true finding) and its measured rate over seeds 11-14 at 50/100/200 Hz (12 draws) as said
(base 20e9c2c); the tests run one draw where the statement was measured. Where the analyser is mended, a test
passes and its xfail mark goes. The controls (no xfail) are true findings and clean reports a mend must keep; some
also run a fresh seed.

- A watch's output rate doubling mid-recording (50 -> 100 Hz, the stamps true): a 4.75-5.25 Hz "tremor at rest" from
  the switch to the end with the clinician note, the true fatigue holds after it ``atypical_tremor``, 12 of 12 draws.
- A coarse sensor (+-8 g in 10 bits, 0.153 m/s^2 a step): its code flicker was twitches, 8 of 8 draws at 100/200 Hz,
  ``mixed`` / ``fasciculations`` sets 5 of 12 (mended by h-quant: the twitch limit is at least two code steps); its
  holds not found as sets 7 of 18 at 100/200 Hz and ``calm`` at 50 Hz (mended by h-coarse: the code step is read
  by the rest pose, phone use and external vibration rules, and a calm level under it is not assessable).
- An essential-tremor-like 6-8 Hz postural tremor (stationary) read ``fatigue_tremor``, 4 of 36 holds; it
  got the re-test advice in 0 of 24 draws (in-band by the rules; since h-et the holds' size gives it, 47 of 48 fresh
  draws; the curls still 0 of 24).
- A Parkinsonian-like rest tremor: ``sleep_stress_stimulants`` beside the note 2 of 12 (mended by h-sss: 0 of 60); a
  rest's tremor spanning a walk set aside as a two-beat rhythm 1 of 12.
- Max hangs of 7-10 s with a true rise read ``enhanced_tremor`` 33 of 72 hangs (a hedged miss).
- A spin bike's friction pad as the pedalling starts: twitches, 5 of 8 draws at 100/200 Hz (since h-spin, only in
  the first 0.4-1.5 s: 25 of 60 draws).
- Held: a clock stepping back is refused by name, forward steps keep the holds, a 12-bit sensor's faint fatigue is
  found, calm holds after jumping jacks stay calm, the Parkinsonian-like tremor keeps its note.
"""

from __future__ import annotations

import os
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from tests.redteam_run import TREMOR_LABELS, causes, load, overlap, run
from tests.run_entropy import fresh_entropy
from tremor.core.analysis import AnalysisResult

FRESH_SEED = int(os.environ.get("TREMOR_RED8_SEED", fresh_entropy(__name__) % 2**31))


GEN = load("gen")
R6 = load("gen_r6")
R8 = load("gen_r8")
_run = partial(run, R8)


def _rests_seen(res: AnalysisResult, truth: dict[str, Any]) -> list[bool]:
    """Whether each seated rest's true tremor has an out-of-band episode within 0.6 Hz of its frequency."""
    f = truth["rest_tremor_hz"]
    return [
        any(overlap(a, b, e.start_s, e.end_s) > 0 and abs(e.peak_hz - f) <= 0.6 for e in res.atypical_tremor)
        for a, b in truth["must_atypical_at_rest"]
    ]


def _labels(res: AnalysisResult, truth: dict[str, Any]) -> list[list[str]]:
    """The labels of the sets overlapping each true set by more than 2 s."""
    return [
        [s.label for s in res.sets if overlap(a, b, s.span.start_s, s.span.end_s) > 2]
        for a, b in truth["sets"]
    ]


# --------------------------------------------------------------------------- false statements (strict xfails)
def test_a_rate_change_mid_recording_is_no_rest_tremor() -> None:
    """The fatigue holds recorded by a watch whose output rate doubles in the second rest (an app asking for a faster
    rate; the stamps true, no sample lost): no out-of-band tremor, no clinician note, the later holds still
    ``fatigue_tremor``. Measured: a 4.75-5.25 Hz "tremor at rest" from the switch to the end, the clinician note, and
    the holds after it ``atypical_tremor``, 12 of 12 draws (seeds 11-14 x 50/100/200 Hz; twitches 4 of 12); ``sampling.rate_hz`` one figure
    (78-82 Hz for 50 then 100 Hz). The other way (2 fs -> fs, seed 11, 3 rates): the holds after the switch ``calm``
    3 of 3, a 17.6 Hz episode in a hold 2 of 3. Mended (h-rate): the sampling tracker splits the stretch where the
    rate changed (tremor/core/rate_change.py), each part on its own grid, and a note names the change."""
    res, truth = _run("clock", "rate", 50.0, 1)
    assert [(round(c.time_s, 2), c.to_hz) for c in res.sampling.rate_changes] == [
        (truth["rate_change_s"], pytest.approx(100.0))
    ]
    eps = [(round(e.start_s), round(e.end_s), e.peak_hz) for e in res.atypical_tremor]
    print(truth["models"], eps, _labels(res, truth))
    assert not eps and "see_a_clinician" not in causes(res)
    assert _labels(res, truth) == [["fatigue_tremor"]] * 3


@pytest.mark.parametrize("seed", [1, FRESH_SEED])
def test_a_coarse_sensors_code_flicker_is_no_twitch(seed: int) -> None:
    """Fatigue holds through a sensor quantised to 0.153 m/s^2 (+-8 g in 10 bits; the noise under a step, so a still
    wrist's reading flickers between two codes): no twitch, the step reported and the limit at two steps. Measured at
    base 0cc50c3: 14-126 twitches a session, 8 of 8 draws at 100/200 Hz (seeds 11-14); sets ``mixed`` or
    ``fasciculations`` with metabolic by-products 5 of 12 draws. Mended (h-quant): the twitch limit is at least two code
    steps (:mod:`tremor.core.code_step`). The holds not found as sets and ``calm`` at 50 Hz: mended by h-coarse
    (:func:`test_a_coarse_sensors_holds_are_sets`)."""
    res, truth = _run("coarse_adc", "lsb:0.153", 100.0, seed)
    print(truth["models"], len(res.twitches), _labels(res, truth), res.sampling.code_step_mps2)
    assert not res.twitches
    assert res.sampling.code_step_mps2 == pytest.approx((truth["lsb"],) * 3, rel=1e-6)
    lim = res.twitch_limit()
    assert lim is None or lim >= 2 * truth["lsb"] * (1 - 1e-6)


@pytest.mark.parametrize("fs", [50.0, 100.0, 200.0])
@pytest.mark.parametrize("seed", [901, FRESH_SEED])
def test_a_coarse_sensors_holds_are_sets(seed: int, fs: float) -> None:
    """The three 40 s holds through the 0.153 m/s^2 quantiser (a 65 deg turn of the forearm, many codes): each one
    set, ``fatigue_tremor`` or ``not_assessable`` (a calm level under half a step: a fatigue tremor that size may not
    show), never ``calm``. Measured at base 9d2e5f8: not found as sets 7 of 18 holds at 100/200 Hz (seeds
    901-903; seed 901 none of the three at 100 and 200 Hz: the holds' tremor, on constant codes, under the rest's
    flicker, took their pose for a turned watch's rest), 6 of 9 at 50 Hz, one read as phone use (the flicker's
    bursts as taps); 50 Hz holds ``calm`` 3 of 3 found. Mended (h-coarse): the code step is read by the rest pose,
    phone use and external vibration rules and the calm label (:mod:`tremor.core.code_step`)."""
    res, truth = _run("coarse_adc", "lsb:0.153", fs, seed)
    got = _labels(res, truth)
    print(truth["models"], got)
    assert all(x in (["fatigue_tremor"], ["not_assessable"]) for x in got)


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="red team R8: 7-10 s max hangs with a true rise read enhanced_tremor (33/72 hangs)",
)
def test_max_hangs_are_fatigue() -> None:
    """Six 7-10 s max hangs, the flexors' tremor growing 0.03 -> 0.1-0.2 m/s^2 in each: every hang
    ``fatigue_tremor`` (or not assessable). Measured: short hangs with a 2.6-3.5x rise read ``enhanced_tremor`` with
    stabiliser demand, "it may be fatigue beginning, but the set does not show it" (a hedged miss): 33 of 72 hangs, 12 of 12 draws (seeds 11-14 x 50/100/200 Hz); none ``calm``."""
    res, truth = _run("max_hangs", "", 100.0, 1)
    got = _labels(res, truth)
    print(truth["models"], got)
    assert all(x in (["fatigue_tremor"], ["not_assessable"]) for x in got)


def test_a_spin_bikes_first_pedal_strokes_are_no_twitches() -> None:
    """A spin class, hands on the bars: no twitch. Measured: 2-4 twitches of 0.04-0.3 m/s^2 in the first 5 s of
    pedalling (the friction pad's rub rising with the flywheel, before it is taken for external vibration), 5 of 8
    draws at 100/200 Hz (seeds 11-14); nothing else false in 12 of 12. Mended in part (h-spin,
    :mod:`tremor.core.rhythm_onset`: a rhythm's first strokes as it starts from still): seeds 11-40, 100 Hz 47 -> 25
    twitches (18 -> 15 draws), 200 Hz 30 -> 14 (14 -> 10 draws). The stroke here, 0.37 s in, before the frames'
    movement band sees the pedalling, is taken since h-onset2 (on the axis of the pedalling's first beats and smaller
    than them, :data:`tremor.core.rhythm_onset.PRE_S`): seeds 11-40 then 100 Hz 25 -> 20, 200 Hz 14 -> 12 (the rest
    lie on the rub's axis, not the later beats')."""
    res, truth = _run("spin_bike", "", 100.0, 13)
    print([(round(tw.t_s, 1), round(tw.peak_mps2, 2)) for tw, _ in res.twitches])
    assert not res.twitches


@pytest.mark.fresh_rate(
    measured="0 of 60 draws (seeds 11-40 at 100/200 Hz) with a twitch past 1.5 s into the pedalling; a CI fresh draw"
    " (twentieth session, seed 1476920485 at 200 Hz) had one at 1.63 s",
    env="TREMOR_RED8_SEED",
    param="seed",
)
@pytest.mark.parametrize(
    ("seed", "fs"),
    [
        (13, 200.0),
        (26, 100.0),
        pytest.param(FRESH_SEED, 100.0, id="fresh-100"),
        pytest.param(FRESH_SEED, 200.0, id="fresh-200"),
    ],
)
def test_a_spin_bikes_pedalling_is_no_twitches_once_it_has_begun(seed: int, fs: float) -> None:
    """A spin class, hands on the bars: no twitch from 1.6 s into the pedalling on (h-spin,
    :mod:`tremor.core.rhythm_onset`), nor anywhere else in the ride or the rests. At base 9d2e5f8 seeds 11-40 gave
    twitches up to 3.9 s in (13 at 200 Hz: 1.74 s; 26 at 100 Hz: 2.51, 2.86 and 3.19 s), now none past 1.5 s."""
    res, truth = _run("spin_bike", "", fs, seed)
    late = [round(tw.t_s - truth["ride"][0], 2) for tw, _ in res.twitches if tw.t_s - truth["ride"][0] > 1.6]
    print(seed, fs, [round(tw.t_s - truth["ride"][0], 2) for tw, _ in res.twitches])
    assert not late


# --------------------------------------------------------------------------- controls: what held
def test_a_clock_stepping_back_is_refused_by_name(tmp_path: Path) -> None:
    """A watch's clock resynced backwards mid-recording (the stamps repeat times already given): the reader refuses
    the file naming the line (12 of 12 draws at 50/100/200 Hz), rather than analysing samples out of order."""
    from tremor.errors import FormatError
    from tremor.io import read_recording

    t, acc, truth = R8.SCENARIOS["clock"](100.0, np.random.default_rng(1), "")
    p = tmp_path / "clock.csv"
    GEN.write(p, t, acc)
    with pytest.raises(FormatError, match="backwards"):
        read_recording(p)


def test_clock_steps_forward_keep_the_holds() -> None:
    """The clock stepping forward 0.3-1.5 s three times (once inside a hold, no sample lost): each hold one set,
    ``fatigue_tremor``, no twitch, no clinician note (12 of 12 draws)."""
    res, truth = _run("clock", "fwd", 100.0, 1)
    print(truth["models"], _labels(res, truth))
    assert _labels(res, truth) == [["fatigue_tremor"]] * 3
    assert not res.twitches and "see_a_clinician" not in causes(res)


@pytest.mark.fresh_rate(
    param="seed",
    env="TREMOR_RED8_SEED",
    measured="0 of 12 draws (seeds 11-14 x 50/100/200 Hz): 32 of 36 holds enhanced_tremor, 4 fatigue_tremor (the xfail "
    "below), none calm, no rest episode, no twitch; a fresh 2087613491 counted one twitch (0.046 m/s^2 against a limit of "
    "0.042) in the rest after a hold, and was redrawn; the re-test hedge (h-et, tremor.core.large_postural) in 47 of "
    "48 fresh draws (seeds 701-708 and 801-808 x 50/100/200 Hz; the miss two holds fatigue_tremor, at 200 Hz)",
)
@pytest.mark.parametrize("seed", [1, pytest.param(FRESH_SEED, id="fresh")])
def test_an_essential_like_tremor_in_holds_is_no_calm_and_no_rest_tremor(seed: int) -> None:
    """A stationary 6-8 Hz postural tremor of 0.3-1 m/s^2 in every hold, absent at rest: each hold one set with a
    tremor label (never ``calm``), no out-of-band tremor at rest, no twitch (12 of 12 draws; one fresh draw a marginal
    twitch, see the mark). The session's re-test hedge (``see_a_clinician`` from
    :mod:`tremor.core.large_postural`: a 6-12 Hz tremor too large from the holds' start for a loaded hold's own
    shake): 0 of 24 draws at 20e9c2c (holds and curls), 47 of 48 fresh hold draws since h-et; curls still 0 of 24."""
    print(f"seed {seed} (TREMOR_RED8_SEED)")
    res, truth = _run("essential", "", 100.0, seed)
    got = _labels(res, truth)
    print(truth["models"], got, sorted(set(causes(res))))
    assert all(len(x) == 1 and x[0] in TREMOR_LABELS for x in got), got
    assert not [e for e in res.atypical_tremor if e.set_index is None] and not res.twitches
    assert "see_a_clinician" in [c.id for c in res.session_causes]


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="red team R8: a stationary essential-like tremor read fatigue_tremor (4/36 holds, 3/12 draws)",
)
def test_an_essential_like_tremor_is_no_fatigue() -> None:
    """The same holds: no ``fatigue_tremor``, no neuromuscular fatigue (nothing grows; the tremor starts 1-2 s into
    the hold, which lowers the first third by about a quarter). Measured: 4 of 36 holds ``fatigue_tremor`` with
    neuromuscular fatigue, rises 2.1-3.3x, 3 of 12 draws (seeds 11-14 x 50/100/200 Hz); this draw's second hold."""
    res, truth = _run("essential", "", 200.0, 11)
    print(truth["models"], _labels(res, truth))
    assert "neuromuscular_fatigue" not in causes(res)


@pytest.mark.fresh_rate(
    param="seed",
    env="TREMOR_RED8_SEED",
    measured="0 of 12 draws (seeds 11-14 x 50/100/200 Hz): the note 12 of 12; 46 of 48 seated rests' tremor reported "
    "(the 2 lost in one draw, the xfail below)",
)
@pytest.mark.parametrize("seed", [1, pytest.param(FRESH_SEED, id="fresh")])
def test_a_parkinsonian_like_rest_tremor_between_walks_keeps_the_note(seed: int) -> None:
    """An older athlete with a 4-5.5 Hz rest tremor (0.1-0.35 m/s^2) who walks between a curl set and a hold: the
    re-test / clinician note, an out-of-band episode near the tremor's frequency in at least half the seated rests, no
    fatigue (12 of 12 draws)."""
    print(f"seed {seed} (TREMOR_RED8_SEED)")
    res, truth = _run("pd_walk", "", 100.0, seed)
    seen = _rests_seen(res, truth)
    print(truth["models"], seen, sorted(set(causes(res))))
    assert "see_a_clinician" in causes(res)
    assert 2 * sum(seen) >= len(seen)
    assert "neuromuscular_fatigue" not in causes(res)


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="red team R8: a rest tremor spanning a walk is set aside as a two-beat rhythm (1/12 draws, 2 rests)",
)
def test_a_rest_tremor_around_a_walk_is_not_set_aside() -> None:
    """Every seated rest's tremor reported. Measured: in 1 of 12 draws the rhythm from the hold through a walk to the
    last rest (260-443 s, 4.2 Hz) is set aside as ``two_beat`` (the walk's steps at 2.1 Hz read as a line at half its
    rate, the kickboard rule), two seated rests' tremor unreported; the note stays from the other rests."""
    res, truth = _run("pd_walk", "", 100.0, 11)
    seen = _rests_seen(res, truth)
    print(truth["models"], seen)
    assert all(seen)


@pytest.mark.fresh_rate(
    param="seed",
    env="TREMOR_RED8_SEED",
    measured="0 of 60 draws (seeds 100-119 x 50/100/200 Hz; 14 of 60 before h-sss)",
)
@pytest.mark.parametrize("seed", [12, pytest.param(FRESH_SEED, id="fresh")])
def test_a_parkinsonian_like_rest_tremor_names_no_sleep_or_stress(seed: int) -> None:
    """No ``sleep_stress_stimulants``: the 6-12 Hz level at rest is the 4-5.5 Hz tremor's harmonic and skirt, not a
    raised physiological tremor. Measured before h-sss: 2 of 12 draws (rest 0.083 and 0.092 m/s^2), beside the
    clinician note; now the level for the cause leaves out the tremor's skirt and 2nd/3rd harmonics
    (:mod:`tremor.core.rest_harmonics`)."""
    print(f"seed {seed} (TREMOR_RED8_SEED)")
    res, truth = _run("pd_walk", "", 100.0, seed)
    print(truth["models"], res.rest_rms_mps2)
    assert "sleep_stress_stimulants" not in causes(res)


@pytest.mark.fresh_rate(
    param="seed",
    env="TREMOR_RED8_SEED",
    measured="0 of 12 draws (seeds 11-14 x 50/100/200 Hz): 36 holds and 36 jack sets calm or not_assessable, no "
    "twitch, no episode; bcg:2 (the heart's recoil doubled) 1 twitch in 1 of 6 draws (seeds 1-2)",
)
@pytest.mark.parametrize("seed", [1, pytest.param(FRESH_SEED, id="fresh")])
def test_calm_holds_after_jumping_jacks_stay_calm(seed: int) -> None:
    """Holds right after jumping jacks (the heart at 150-165 beats a minute falling, its recoil at the wrist, the
    breath heaving the arm, the tremor settling): no tremor label, no fatigue, no clinician note, no twitch from the
    heartbeats (12 of 12 draws)."""
    print(f"seed {seed} (TREMOR_RED8_SEED)")
    res, truth = _run("calm_holds", "", 100.0, seed)
    said = [(round(s.span.start_s), s.label) for s in res.sets if s.label in TREMOR_LABELS]
    print(said, sorted(set(causes(res))), len(res.twitches))
    assert not said and not res.twitches and not res.atypical_tremor
    assert not {"neuromuscular_fatigue", "see_a_clinician"} & set(causes(res))


def test_a_faint_fatigue_tremor_through_a_12_bit_sensor_is_found() -> None:
    """Fatigue holds (0.02 -> 0.05-0.09 m/s^2) through a sensor quantised to 0.038 m/s^2 (+-8 g in 12 bits): each
    hold ``fatigue_tremor``, no twitch (10 of 12 draws at 50/100/200 Hz, seeds 11-14; at 200 Hz one hold ``calm`` and
    one ``enhanced_tremor`` in two draws; a faint fatigue at 0.5-2 codes is near what the sensor can show)."""
    res, truth = _run("coarse_adc", "", 100.0, 1)
    print(truth["models"], _labels(res, truth))
    assert _labels(res, truth) == [["fatigue_tremor"]] * 3 and not res.twitches
