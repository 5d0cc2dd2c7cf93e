"""Red team round five (h-red5): false statements on sessions the analyser was not tuned to.

Physics: ``benchmarks/redteam/gen_r5.py`` (written without reading ``tremor/core``; the resting wrist, noise and
building blocks are ``benchmarks/redteam/gen.py``'s), loaded here by path and run in memory at fixed seeds. Each
strict xfail names one false statement and its measured rate (seeds 1-6 at 50/100/200 Hz unless said; seeds 1-4
for sleep, clipping and heartbeats asleep; the tests run seed 1 at each rate). Where the analyser is mended, a
test passes and its xfail mark goes.

- A deliberate shake of the forearm ("shaking out" after a hang or a round: 3-5 Hz, 3-5 s, 5-20 m/s^2 peak, the
  hand +-1-3 cm) is reported as an out-of-band rhythmic tremor at rest with the re-test / clinician note: 17 of
  18 draws (50 Hz 6/6, 100 Hz 5/6, 200 Hz 6/6); at a fifth of that size (1-4 m/s^2) still in every file of two
  full hangboard sessions (mended: ``tremor.core.brief_rhythm``).
- Writing in a training log with the forearm on the table (pen strokes at the writer's 4-6 Hz, 0.05-0.2 m/s^2
  at the wrist): the same episode and note, 18 of 18; at half the size (0.025-0.1 m/s^2) 4 of 4 files.
- Applause (3.5-5 claps a second, 3-6 s, 15-50 m/s^2 at the wrist): the same, 10 of 18 (50 Hz 1/6, 100 Hz 4/6,
  200 Hz 5/6) (mended: ``tremor.core.brief_rhythm``).
- The hand's slide along the line between written words (0.3-1 m/s^2, one 4 Hz cycle): fasciculations, 1-12 a
  35 s writing bout in 10 of 12 draws at 100/200 Hz (10-12 in 5); with the slides, the writing kept its rest
  tremor episode and clinician note, 18 of 18 (both mended: ``tremor.core.hand_slides``).
- Brushing teeth with a manual brush (the hand scrubbing at 3-5 Hz in 5-10 s bouts for 2 min, forearm up): a
  set labelled ``atypical_tremor`` with the clinician note (and "stabiliser demand": strengthen core, glutes and
  shoulders), 18 of 18 (mended: ``tremor.core.strokes``).
- An oscillating-rotating electric toothbrush (DC motor at 145-150 Hz, speed wandering 2 % with the pressure)
  through a 50 Hz sensor with no anti-alias filter (it folds to 0-6 Hz, its 3rd harmonic to 3-15 Hz): a set
  with a tremor label, 6 of 6; ``fatigue_tremor`` with neuromuscular fatigue in 5 of 6 (mended in 5 of 6:
  ``tremor.core.strokes``). (A sonic brush's
  timer-driven 258 Hz line, folded to 8 Hz, is found as machine vibration: 6 of 6 ``not_assessable``.)
- Lying on the back with the watch's hand on the chest (after training, or between sets): each heartbeat's
  seismocardiogram (a 15-35 Hz burst, 0.02-0.08 m/s^2 at the hand, an estimate) is a fasciculation, 17-62 in 4
  min, 12 of 12 draws at 100/200 Hz (half the size: 1-15, 11 of 12), with a note calling them "footfalls
  reaching the wrist". With such rests between three fatigue holds: the holds ``mixed`` (11 of 12 draws) and the
  cause "metabolic byproducts" (12 of 12), "dehydration / electrolytes" for the session in 3 of 12.
- Seated curls with the dumbbell left resting on the thigh in the rests (the grip holding it, the tremor a
  little raised, a 2-5 deg shift every 10-25 s): the three sets and their rests merged into one ``hold`` set,
  9 of 18 draws (50 Hz 2/6, 100 Hz 4/6, 200 Hz 3/6) (mended: ``tremor.core.loaded_rest``); split, the first set at
  50 Hz read ``fatigue_tremor`` from its last rep's stop in about a third of draws (mended: ``tremor.core.stop_burst``). With a 0.2-0.5 m/s^2 knock as the dumbbell settles at each
  shift, every knock is a fasciculation and the sets ``fasciculations``, 12 of 12 at 100/200 Hz (doubtful
  physics: the knock is twitch-sized by my choice; what tells it from a twitch is the 2-5 deg turn with it).
- Asleep, after turning over onto a new pose: a "hold" set (calm) of up to 6 min, 11 of 12 draws (300 s files).
- Punches on a heavy bag through a +-8 g sensor (impacts 30-100 m/s^2, 10-34 samples clipped a minute): no
  saturation reported, 12 of 12 (mended: ``tremor.core.clipping``).
- Asleep with a ballistocardiogram at the wrist of 0.009-0.03 m/s^2 a beat (three times the size gen_r5 takes
  as typical; an upper estimate): heartbeats reported as fasciculations, 8 of 8 draws at 100/200 Hz.
"""

from __future__ import annotations

import os
from collections.abc import Callable

import numpy as np
import pytest

from tests.redteam_run import TREMOR_LABELS, clinician, load, recording
from tests.run_entropy import fresh_entropy
from tremor.core.analysis import AnalysisResult, analyze
from tremor.core.recording import Recording

RATES = (50.0, 100.0, 200.0)
SEEDS = (1,)  # the measured rates below are over seeds 1-6; one keeps the file fast


GEN = load("gen")
R5 = load("gen_r5")


def _rest_rhythm_claimed(res: AnalysisResult, a: float, b: float) -> bool:
    """An out-of-band episode over [a, b] or the clinician's note."""
    return any(e.end_s > a and e.start_s < b for e in res.atypical_tremor) or clinician(res)


def _shake(fs: float, seed: int) -> tuple[Recording, float, float]:
    """Standing 120 s, arm hanging, one shake-out at 60 s."""
    rng = np.random.default_rng(seed)
    s = GEN.Session(120.0, fs, rng)
    s.pitch[:] = np.deg2rad(R5.SIDE_PITCH)
    a, b, _ = R5.shake_out(s, 60.0, rng)
    return recording(s.t, s.total()), a, b


def _writing(fs: float, seed: int, shift: bool) -> tuple[Recording, float, float]:
    """Seated 120 s, forearm on the table, writing 40-75 s (``shift``: the hand slides between words)."""
    rng = np.random.default_rng(seed)
    s = GEN.Session(120.0, fs, rng)
    R5._handwriting(s, 40.0, 75.0, rng, rng.uniform(4.0, 6.0), 1.0, shift)
    return recording(s.t, s.total()), 40.0, 75.0


def _applause(fs: float, seed: int) -> tuple[Recording, float, float]:
    """Seated 120 s, one bout of applause at 60 s."""
    rng = np.random.default_rng(seed)
    s = GEN.Session(120.0, fs, rng)
    a, b, _ = R5._clapping(s, 60.0, rng)
    return recording(s.t, s.total()), a, b


def _claims(make: Callable[[float, int], tuple[Recording, float, float]]) -> list[tuple[float, int]]:
    """The (rate, seed) draws whose report claims a rhythm at rest over the movement."""
    bad = []
    for fs in RATES:
        for seed in SEEDS:
            rec, a, b = make(fs, seed)
            if _rest_rhythm_claimed(analyze(rec), a, b):
                bad.append((fs, seed))
    print("rest rhythm claimed in", len(bad), "of", len(RATES) * len(SEEDS), bad)
    return bad


def test_a_shake_out_is_no_rest_tremor() -> None:
    """A 3-5 s deliberate 3-5 Hz shake of the hanging forearm (5-20 m/s^2 peak): no out-of-band tremor at rest,
    no clinician note (it is a voluntary movement of centimetres, no tremor).

    Was a strict xfail (red team R5: 17 of 18 draws); mended by ``tremor.core.brief_rhythm`` (a rhythm that rises
    and falls at rest within a span under 10 s is set aside as not told from a deliberate movement)."""
    assert not _claims(_shake)


def test_handwriting_is_no_rest_tremor() -> None:
    """Writing for 35 s, forearm on the table (strokes at 4-6 Hz, 0.05-0.2 m/s^2 at the wrist): no out-of-band
    tremor at rest, no clinician note.

    Was a strict xfail (red team R5: 18 of 18 draws); mended by ``tremor.core.written_words`` (the rhythm stops
    between words: 0 of 18). With the hand's slides between words (``gen_r5`` logbook's default) the slide fills
    the pause: see the next test (``tremor.core.hand_slides``)."""
    assert not _claims(lambda fs, seed: _writing(fs, seed, False))


def test_applause_is_no_rest_tremor() -> None:
    """3-6 s of applause at 3.5-5 claps a second: no out-of-band tremor at rest, no clinician note.

    Was a strict xfail (red team R5: 10 of 18 draws); mended by ``tremor.core.brief_rhythm``."""
    assert not _claims(_applause)


def test_handwriting_with_slides_is_no_rest_tremor() -> None:
    """Writing for 35 s with the hand sliding along the line between words (``gen_r5`` logbook's default): no
    out-of-band tremor at rest, no clinician note.

    The slide fills the pen's pause, so the pen-lift sign sees no break (18 of 18 claimed); mended by
    ``tremor.core.hand_slides`` (h-slide: the slides push the same way word after word; fresh seeds 91501-91520:
    claimed in the figures of docs/accuracy.md, h-slide)."""
    assert not _claims(lambda fs, seed: _writing(fs, seed, True))


def test_slides_between_written_words_are_no_twitches() -> None:
    """Writing with the hand sliding 1 cm along the line between words (0.3-1 m/s^2): no fasciculation.

    Was a strict xfail (10 of 12 draws at 100/200 Hz reported 1-12). h-write2's push sign (``hand_pushes``) took 9 of
    12 -> 4 of 12 but read true fasciculations (a 35-40 ms twitch is one 4-5 Hz cycle) on a still hand with a rest
    tremor as pushes (h-rev27) and was taken out. Mended by ``tremor.core.hand_slides`` (h-slide): the episode is set
    aside as writing where its pushes all point the same way (fasciculations point every way), and the candidates
    in it are not counted."""
    found = []
    for fs in (100.0, 200.0):
        for seed in (2,):
            rec, a, b = _writing(fs, seed, True)
            n = sum(a <= tw.t_s <= b for tw, _ in analyze(rec).twitches)
            found.append((fs, seed, n))
    print("twitches in the writing", found)
    assert not [f for f in found if f[2]]


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="red team R5: heartbeats on the chest are fasciculations (12/12); tremor.core.twitch_pulse (h-heart2) sets"
    " most aside (seeds 1-4: 100 Hz 56-62 -> 4-7 twitches, 200 Hz 17-39 -> 0-1), the first beats of a run stay",
)
def test_heartbeats_under_a_hand_on_the_chest_are_no_twitches() -> None:
    """4 min lying with the hand on the chest (the seismocardiogram: a 15-35 Hz burst a beat, 0.02-0.08 m/s^2):
    no fasciculation."""
    found = []
    for fs in (100.0, 200.0):
        for seed in SEEDS:
            t, acc, _ = R5.sc_chest_rest(fs, np.random.default_rng(seed))
            found.append((fs, seed, len(analyze(recording(t, acc)).twitches)))
    print(found)
    assert not [f for f in found if f[2]]


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="red team R5: heartbeats in the rests give metabolic causes (12/12); after tremor.core.twitch_pulse"
    " (h-heart2, seeds 1-4): mixed holds 16/24 -> 0/24, dehydration 3/8 -> 0/8, metabolic byproducts 8/8 -> 3/8 (100 Hz:"
    " 1-3 twitches left in the rests)",
)
def test_heartbeats_in_lying_rests_give_no_twitch_cause() -> None:
    """Three fatigue holds with the rests spent lying, hand on the chest: the holds are no ``mixed`` set and no
    cause is drawn from twitches (metabolic byproducts, dehydration / electrolytes)."""
    bad = []
    for fs in (100.0, 200.0):
        for seed in SEEDS:
            t, acc, _ = R5.sc_chest_rest(fs, np.random.default_rng(seed), "holds")
            res = analyze(recording(t, acc))
            ids = {c.id for s in res.sets for c in s.causes} | {c.id for c in res.session_causes}
            said = sorted(ids & {"metabolic_byproducts", "dehydration_electrolytes"})
            mixed = [s.label for s in res.sets if s.label == "mixed"]
            if said or mixed:
                bad.append((fs, seed, said, len(mixed)))
    print(bad)
    assert not bad


def test_curl_sets_with_the_dumbbell_on_the_thigh_between_stay_three_sets() -> None:
    """Three sets of seated curls with the dumbbell resting on the thigh in the 60 s rests: three sets.

    Strict xfail until h-thigh2 (9/18 draws merged, seeds 1-6 x 50/100/200 Hz): the thigh pose kept between
    working bouts, its gripped load's tremor steady across each stay, is a rest (:mod:`tremor.core.loaded_rest`):
    0/18, and on fresh seeds 1000-1005 4/18 -> 0/18; mark removed."""
    got = []
    for fs in RATES:
        for seed in SEEDS:
            t, acc, _ = R5.sc_thigh_rest(fs, np.random.default_rng(seed), "noknock")
            got.append(
                (
                    fs,
                    seed,
                    [(round(s.span.start_s), round(s.span.end_s)) for s in analyze(recording(t, acc)).sets],
                )
            )
    print(got)
    assert all(len(g[2]) == 3 for g in got)


def test_a_dumbbell_settling_on_the_thigh_is_no_fasciculation() -> None:
    """The dumbbell shifted on the thigh (the forearm turning 2-5 deg, a 0.2-0.5 m/s^2 15-30 Hz knock as it
    settles): no set labelled ``fasciculations``. Doubtful physics: the knock is twitch-sized; the 2-5 deg turn
    that comes with it is what no fasciculation makes.

    Strict xfail until h-thigh (12/12 draws at 100/200 Hz, seeds 1-6): a transient across which the wrist turned
    and settled is no twitch (:mod:`tremor.core.settle_turn`): 0/12, no knock counted; mark removed."""
    bad = []
    for fs in (100.0, 200.0):
        for seed in SEEDS:
            t, acc, _ = R5.sc_thigh_rest(fs, np.random.default_rng(seed))
            labels = [s.label for s in analyze(recording(t, acc)).sets]
            if "fasciculations" in labels or "mixed" in labels:
                bad.append((fs, seed, labels))
    print(bad)
    assert not bad


def test_curl_sets_split_by_a_thigh_rest_carry_no_fatigue_label_at_50hz() -> None:
    """The three curl sets of ``thigh_rest`` (no knock) at 50 Hz: none labelled ``fatigue_tremor`` (the truth
    forbids it: whole reps, 40 s, no fatigue modelled).

    Measured (h-rev36, seeds 9006-9025): base 32a792e 12/20 sessions split into three sets, 4/20 with the first set
    ``fatigue_tremor`` / ``neuromuscular_fatigue`` (6-12 Hz power rising 4.4x first -> last third, the last third
    4.2x the rest's); h-thigh2 20/20 split, 7/20 so labelled (9006, 9008, 9009, 9011, 9013, 9014, 9020). None at
    100/200 Hz in seeds 9000-9005. The defect is the 50 Hz labelling of the curls, not the split: seeds 9004 and 9006
    merged on base (one ``calm`` set) and are split and so labelled now.

    Strict xfail until h-curl50b: the last rep stops at the bottom, where its angular acceleration is largest, cut
    off at once (a 2.8 m/s^2 step at the wrist, spectrum falling as 1/f through 3-12 Hz): a burst of the 6-12 Hz
    envelope 20-30x the curls' tremor for a few tenths of a second. The set's end runs on over the move onto the
    thigh, so the two or three frames holding it stayed in its last third; at 100/200 Hz the step is an impact and
    its frames were left out for that, at 50 Hz no impact is seen. A set of reps now leaves out the frames its
    stop's (or start's) burst holds, where one stands over the band's level on both sides
    (:mod:`tremor.core.stop_burst`): fresh seeds 9400-9439 7/40 -> 0/40, 9440-9459 (with knocks) 5/20 -> 0/20."""
    bad = []
    for seed in (9004, 9006):
        t, acc, _ = R5.sc_thigh_rest(50.0, np.random.default_rng(seed), "noknock")
        res = analyze(recording(t, acc))
        bad += [(seed, s.label) for s in res.sets if s.label == "fatigue_tremor"]
    print(bad)
    assert not bad


FRESH_THIGH_SEED = int(os.environ.get("TREMOR_THIGH50_SEED", fresh_entropy(__name__) % 2**31))


@pytest.mark.fresh_rate(
    env="TREMOR_THIGH50_SEED",
    param="seed",
    measured="0 of 60 draws (h-curl50b, seeds 9400-9459; 12 of 60 before stop_burst)",
)
@pytest.mark.parametrize("seed", [pytest.param(FRESH_THIGH_SEED, id="fresh")])
def test_a_fresh_thigh_rest_at_50hz_has_no_fatigue_set(seed: int) -> None:
    """A fresh draw of ``thigh_rest`` (no knock) at 50 Hz: no set ``fatigue_tremor``, no ``neuromuscular_fatigue``
    (the stop's burst is left out: :mod:`tremor.core.stop_burst`)."""
    t, acc, _ = R5.sc_thigh_rest(50.0, np.random.default_rng(seed), "noknock")
    res = analyze(recording(t, acc))
    bad = [(s.label, [c.id for c in s.causes]) for s in res.sets]
    print(f"thigh_rest seed {seed} at 50 Hz: {bad} (replay with TREMOR_THIGH50_SEED={seed})")
    assert not any(lab == "fatigue_tremor" or "neuromuscular_fatigue" in ids for lab, ids in bad)


def _brushing(fs: float, seed: int, extras: str) -> AnalysisResult:
    t, acc, _ = R5.sc_toothbrush(fs, np.random.default_rng(seed), extras)
    return analyze(recording(t, acc))


def test_brushing_teeth_is_no_tremor() -> None:
    """2 min of brushing with a manual brush (3-5 Hz scrubbing, 2-10 m/s^2 peak): no tremor label, no clinician
    note, no cause.

    Was a strict xfail (red team R5: an ``atypical_tremor`` set with the clinician's note, 18 of 18); mended by
    ``tremor.core.strokes`` (a 3-7 Hz rhythm of movement size whose rate wanders from bout to bout: 1 of 18 left at
    seeds 1-6 x 50/100/200 Hz before its episode rule, 0 of 18 after)."""
    bad = []
    for fs in RATES:
        for seed in SEEDS:
            res = _brushing(fs, seed, "manual")
            said = [
                (s.label, [c.id for c in s.causes]) for s in res.sets if s.label in TREMOR_LABELS or s.causes
            ]
            if said or clinician(res):
                bad.append((fs, seed, said))
    print(bad)
    assert not bad


def test_an_aliased_electric_toothbrush_is_no_fatigue() -> None:
    """An oscillating-rotating brush (145-150 Hz, 2 % speed wander) folded by a 50 Hz sensor with no anti-alias
    filter: no tremor label, no neuromuscular fatigue (nothing grew; nothing of the person is in the line).

    Was a strict xfail (red team R5: a tremor label 6 of 6, ``fatigue_tremor`` 5 of 6); the folded line's rate
    wanders by hertz as the motor's speed does, so ``tremor.core.strokes`` withholds it (reason ``strokes``, its note
    naming a motor folded by a sensor without an anti-alias filter): seeds 1-6, tremor labels 6 -> 1 of 6 (seed 4:
    ``fatigue_tremor`` left, its set's 3-7 Hz rhythm under the rule's size)."""
    bad = []
    for seed in SEEDS:
        res = _brushing(50.0, seed, "alias,rotary")
        said = [(s.label, [c.id for c in s.causes]) for s in res.sets if s.label in TREMOR_LABELS]
        if said:
            bad.append((seed, said))
    print(bad)
    assert not bad


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="red team R5: a rotary brush folded to under 3 Hz by a 50 Hz sensor is fatigue (seed 4)",
)
def test_an_aliased_electric_toothbrush_folded_near_zero_is_no_fatigue() -> None:
    """Seed 4 of the test above, left by ``tremor.core.strokes`` (h-brush): its motor runs near 150 Hz, 3 x 50 Hz,
    so the fundamental folds under 3 Hz (0.22 m/s^2 RMS in 3-7 Hz, under the strokes rule's 0.6) and its 3rd
    harmonic, at exactly 3 x the fold (|3F - 450| = 3 |F - 150|), wanders through 6-12 Hz: ``fatigue_tremor`` with
    neuromuscular fatigue. At this rate the fold's 3rd harmonic sits where a rhythm's own 3rd harmonic would."""
    res = _brushing(50.0, 4, "alias,rotary")
    said = [(s.label, [c.id for c in s.causes]) for s in res.sets if s.label in TREMOR_LABELS]
    print(said)
    assert not said


@pytest.mark.parametrize("seed", (1, 2))
def test_an_aliased_sonic_toothbrush_is_machine_vibration(seed: int) -> None:
    """What held: a sonic brush's timer-driven 258 Hz line folded to 8 Hz by a 50 Hz sensor is a machine line;
    no set over it carries a tremor label (6 of 6 seeds)."""
    res = _brushing(50.0, seed, "alias")
    assert res.vibration and not [s for s in res.sets if s.label in TREMOR_LABELS]


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="red team R5: lying asleep after turning over is a hold set (11/12; h-sleep: 3/12)",
)
def test_lying_asleep_is_no_set() -> None:
    """300 s asleep (tremor under the noise, hypnic jerks, two or three turns): no set.

    h-sleep (:mod:`tremor.core.stay_transients`): seeds 1-4 11/12 -> 3/12, seeds 5-8 12/12 -> 4/12 (one
    ``fatigue_tremor`` at 50 Hz kept, one ``enhanced_tremor`` gone). Left: two hypnic jerks under 2 s apart (a
    raised run longer than ``BRIEF_S``: 200 Hz seed 1, 50 Hz seed 8), two turns back to back (over 50 % moving:
    ``reps``, 50 Hz seeds 4-5, 200 Hz seeds 3, 5), a turn that ends within 10 deg of the pose before the one
    before it (read as raised and put back: 100 Hz seed 6)."""
    sets = []
    for fs in RATES:
        for seed in SEEDS:
            t, acc, _ = R5.sc_sleep(fs, np.random.default_rng(seed), "dur:300")
            res = analyze(recording(t, acc))
            sets.append((fs, seed, [(round(s.span.start_s), round(s.span.end_s), s.label) for s in res.sets]))
    print(sets)
    assert not [x for x in sets if x[2]]


def test_clipped_punches_are_reported_as_saturation() -> None:
    """60 s of punches on a heavy bag through a +-8 g sensor (impacts 30-100 m/s^2: 10-34 samples clipped at
    exactly +-78.45 m/s^2): sampling.saturation is not empty.

    Was a strict xfail (red team R5: 12 of 12 unreported); mended by ``tremor.core.clipping`` (one extreme value
    reached in separate events with hardly any sample just under it)."""
    missed = []
    for fs in RATES:
        for seed in SEEDS:
            rng = np.random.default_rng(seed)
            s = GEN.Session(150.0, fs, rng)
            s.pitch[:] = np.deg2rad(R5.SIDE_PITCH)
            R5._pose(s, 59.0, 1.0, 70.0, 80.0)
            R5._pose(s, 120.0, 1.0, R5.SIDE_PITCH, 20.0)
            t = 60.5
            while t < 119.0:
                R5._punch(s, t, rng)
                t += rng.uniform(0.3, 0.9)
            lim = 8.0 * GEN.G
            acc = np.clip(s.total(), -lim, lim)
            n = int((np.abs(acc) >= lim).any(axis=1).sum())
            assert n >= 5
            if not analyze(recording(s.t, acc)).sampling.saturation:
                missed.append((fs, seed, n))
    print("clipped samples unreported", missed)
    assert not missed


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="red team R5: heartbeats asleep are fasciculations (8/8 at 100/200 Hz); unchanged by tremor.core.twitch_pulse"
    " (h-heart2): the 4-8 Hz ballistocardiogram shows too few beats in the twitch band's envelope for a chain",
)
def test_heartbeats_asleep_are_no_twitches() -> None:
    """300 s asleep with a ballistocardiogram of 0.009-0.03 m/s^2 a beat (4-8 Hz damped wave at 50-65 beats a
    minute; an upper estimate at a wrist): no fasciculation away from the hypnic jerks and turns."""
    found = []
    for fs in (100.0, 200.0):
        for seed in SEEDS:
            t, acc, tr = R5.sc_sleep(fs, np.random.default_rng(seed), "dur:300,bcg:3")
            events = list(tr["jerks"]) + [x for a, b in tr["turns"] for x in np.arange(a, b + 0.5, 0.5)]
            tws = [tw.t_s for tw, _ in analyze(recording(t, acc)).twitches]
            found.append((fs, seed, [round(x, 1) for x in tws if min(abs(x - e) for e in events) > 1.0]))
    print(found)
    assert not [f for f in found if f[2]]


@pytest.mark.parametrize("fs", RATES)
def test_a_true_rest_tremor_of_the_writings_size_is_still_reported(fs: float) -> None:
    """The control for the rest-rhythm xfails above: a true rest tremor (4-6 Hz, 0.4 Hz wide, steady,
    0.1 m/s^2 RMS) for the same 35 s at rest is an out-of-band episode; a mend must keep it."""
    rng = np.random.default_rng(7)
    s = GEN.Session(120.0, fs, rng)
    m = s.mask(40.0, 75.0)
    x = GEN.narrow_line(np.full(int(m.sum()), rng.uniform(4.0, 6.0)), fs, 0.4, rng)
    s.lin[m] += np.outer(x * 0.1 * GEN.taper(s.t[m], 40.0, 75.0, 1.0), GEN.unit(rng))
    res = analyze(recording(s.t, s.total()))
    assert any(e.end_s > 40.0 and e.start_s < 75.0 for e in res.atypical_tremor), res.atypical_tremor
