"""Red team round six (h-red6): false statements on everyday and training activities the analyser was not tuned to.

Physics: ``benchmarks/redteam/gen_r6.py`` (written without reading ``tremor/core``; the resting wrist, noise and
building blocks are ``benchmarks/redteam/gen.py``'s), loaded here by path and run in memory at fixed seeds. Each
strict xfail names one false statement and its measured rate over seeds 1-6 at 50/100/200 Hz (18 draws) unless
said; the tests run one or two draws where the statement was measured. Where the analyser is mended, a test
passes and its xfail mark goes. The controls (no xfail) are true findings and clean reports that a mend must keep.

- Whisking (3.5-6 strokes a second, the wrist +-1-2.5 cm, rolling +-15-25 deg) in 10-40 s bouts at a counter:
  every bout a set labelled ``atypical_tremor`` with the clinician note, 18 of 18 draws (the mechanism of round
  five's manual toothbrush).
- Strumming a guitar (sixteenth notes at 80-130 bpm: 2.7-4.3 Hz down-up cycles, the watch +-0.6-1.5 cm): a song
  labelled ``atypical_tremor`` with the clinician note, 6 of 18 draws (50 Hz 1/6, 100 Hz 1/6, 200 Hz 4/6; each a
  song strummed at 3.3-3.45 Hz; songs at 2.7-3.3 and 3.6-4.3 Hz were not flagged). With a 10-25 s tremolo-picked
  section in each song (6-8 Hz, +-1-3 mm) the note in 11 of 18, in 3 of them from the tremolo picking itself,
  read as a 6 Hz tremolo "at rest" (mended by h-picking, :mod:`tremor.core.rhythm_switch`: 6 -> 0 of 18).
- A whole-body vibration plate (25-50 Hz, held to 0.1 %, hands on its handles) through a sensor with no anti-alias
  filter: a squat labelled ``atypical_tremor`` with the clinician note (or ``enhanced_tremor``), 50 Hz 4 of 6,
  100 Hz 1 of 6 (the 2nd harmonic folded to 4 and 16 Hz), 200 Hz 0 of 6; anti-aliased: nothing, 6 of 6.
- A stationary enhanced physiological tremor after caffeine (0.10-0.16 m/s^2 in every hold from its first second,
  the rest tremor raised 2-3x): a hold labelled ``fatigue_tremor`` with "neuromuscular fatigue", 4 of 18 draws
  (6 of 54 holds), wherever chance made the narrow line's last third 1.5x its first (the generated signal's own
  thirds scatter 0.5-1.9x; the rule takes 1.5x at 9x rest "whatever its scatter"); seeds 7-12 at 100 Hz: 1 of 6. At half the
  size (``amp:0.5``, 3-6x rest) 2 of 12 draws at 100/200 Hz; at twice (``amp:2``) 3 of 6 at 100 Hz. Mended by h-caff: a
  1.5-2x rise must stand 2 standard errors out of its scatter at any level (12 -> 0 of 108 holds, seeds 1-4).
- Chopping vegetables (2.5-5 chops a second, the knife stopped on the board at 3-10 m/s^2; a 3.2 Hz bout in no set
  at rest gave the clinician cause 2 of 18, mended by h-picking, :mod:`tremor.core.struck_rhythm`): bouts as sets
  labelled ``enhanced_tremor`` with "stabiliser demand", 17 of 18 draws; one 20-40 s bout in each rest between
  three fatigue holds: an extra ``enhanced_tremor`` set, 9 of 12 draws (seeds 1-4); the holds stay
  ``fatigue_tremor`` (12 of 12). The stroke's 2nd harmonic (7-10 Hz) makes the label: with the stroke a pure
  sinusoid and no impact (``h2:0,hit:0``) every bout at 3.3-5 Hz is ``atypical_tremor`` with the clinician note
  instead, at 2.5-3 Hz ``not_assessable`` / ``calm``; the impacts alone change nothing (``hit:0``: still enhanced).
- Shaking a protein shaker for 10-20 s in the rests between three fatigue holds (3-5 Hz, the wrist +-4-10 cm,
  reversing hard): a set over a shake with a tremor label, 18 of 18 draws; with the clinician note 12 of 18;
  ``fatigue_tremor`` with neuromuscular fatigue on a shake 4 of 18 (6 of 54 shakes); the holds stay
  ``fatigue_tremor`` (54 of 54). Shakes of 5-9 s (inside the 10 s span ``brief_rhythm`` sets aside at rest): still
  a tremor-labelled set 6 of 6 at 100 Hz, the clinician note 2 of 6 (the raised forearm makes the shake a set).
- Stationary basketball dribbling (1.6-2.2 bounces a second): a drill reported as walking, 3 of 3 draws at
  200 Hz (0 of 6 at 50/100 Hz); low harm.
"""

from __future__ import annotations

from functools import partial

import pytest

from tests.redteam_run import TREMOR_LABELS, clinician, load, run
from tremor.core.analysis import AnalysisResult

GEN = load("gen")
R6 = load("gen_r6")
_run = partial(run, R6)


def _tremor_said(res: AnalysisResult) -> list[tuple[int, int, str]]:
    """Sets with a tremor label, out-of-band episodes and the clinician note."""
    said = [
        (round(s.span.start_s), round(s.span.end_s), s.label) for s in res.sets if s.label in TREMOR_LABELS
    ]
    said += [(round(e.start_s), round(e.end_s), "episode") for e in res.atypical_tremor]
    if clinician(res):
        said.append((0, 0, "see_a_clinician"))
    return said


def _in(a: float, b: float, spans: list[list[float]]) -> bool:
    """Whether [a, b] lies mostly in one of the spans."""
    return any(min(b, y) - max(a, x) > 0.5 * (b - a) for x, y in spans)


def test_whisking_is_no_tremor_and_no_clinician_note() -> None:
    """Whisking in a bowl, 10-40 s bouts for 4 min (3.5-6 strokes a second): no tremor label, no out-of-band episode,
    no clinician note (a voluntary movement of centimetres). Passes since h-rhythm
    (:mod:`tremor.core.rhythm_size`; whisking 18 -> 0 of 18 draws): its strict xfail mark was removed."""
    res, _ = _run("chores", "whisk", 100.0, 1)
    said = _tremor_said(res)
    print(said)
    assert not said


def test_strumming_a_guitar_is_no_tremor_and_no_clinician_note() -> None:
    """Three strummed songs (sixteenth notes, 2.7-4.3 Hz down-up cycles): no tremor label, no clinician note. Passes since h-rhythm
    (:mod:`tremor.core.rhythm_size`; strumming 6 -> 0 of 18): its strict xfail mark was removed."""
    res, _ = _run("guitar", "", 100.0, 2)
    said = _tremor_said(res)
    print(said)
    assert not said


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="red team R6: an aliased vibration plate is an atypical tremor (5/18)",
)
def test_an_aliased_vibration_plate_is_no_tremor() -> None:
    """Four squats on a 25-50 Hz vibration plate, hands on its handles, a 50 Hz sensor with no anti-alias filter:
    no tremor label, no out-of-band episode, no clinician note (the plate's drive holds it to 0.1 %)."""
    res, _ = _run("vibe_plate", "alias", 50.0, 1)
    said = _tremor_said(res)
    print(said)
    assert not said


def test_a_stationary_caffeine_tremor_is_no_fatigue() -> None:
    """Three holds with an enhanced physiological tremor of the same size from first to last second: no
    ``fatigue_tremor`` label, no neuromuscular fatigue (nothing grew).

    Mended by h-caff (its strict xfail mark removed): a 1.5-2x rise at 9x rest or more is fatigue only where it
    stands 2 standard errors out of the thirds' scatter (``set_labels.rise_within_chance``); seeds 1-4 at
    50/100/200 Hz, 108 holds: ``fatigue_tremor`` 12 -> 0 (the chance rises 1.64-1.81x stood 1.3-1.8 standard
    errors), the growing control 33 -> 30 of 36 holds ``fatigue_tremor`` (the 3 lost measured 1.63-1.98x within
    1.4-1.8 standard errors: ``enhanced_tremor``, their evidence saying the rise is within chance)."""
    res, _ = _run("caffeine", "", 100.0, 1)
    said = [(s.label, [c.id for c in s.causes]) for s in res.sets]
    print(said)
    assert not [x for x in said if x[0] == "fatigue_tremor" or "neuromuscular_fatigue" in x[1]]


def test_chopping_vegetables_is_no_tremor() -> None:
    """4 min of chopping at a counter (2.5-5 chops a second, each stroke stopped on the board): no tremor label, no
    cause about the person. Passes since h-rhythm
    (:mod:`tremor.core.rhythm_size`; chopping 17 -> 0 of 18 draws with a tremor-labelled set): its strict xfail mark was removed."""
    res, _ = _run("chores", "", 100.0, 1)
    said = [(round(s.span.start_s), s.label, [c.id for c in s.causes]) for s in res.sets]
    print(said)
    assert not [x for x in said if x[1] in TREMOR_LABELS or x[2]]


def test_chopping_between_holds_makes_no_tremor_set() -> None:
    """Three fatigue holds with a 20-40 s bout of chopping in each rest: no set outside the holds with a tremor
    label. Passes since h-rhythm
    (:mod:`tremor.core.rhythm_size`; an extra tremor set 13 -> 0 of 18 draws (seeds 1-6)): its strict xfail mark was removed."""
    res, truth = _run("chores", "holds", 100.0, 1)
    extra = [
        (round(s.span.start_s), round(s.span.end_s), s.label)
        for s in res.sets
        if not _in(s.span.start_s, s.span.end_s, truth["sets"]) and s.label in TREMOR_LABELS
    ]
    print(extra)
    assert not extra


@pytest.mark.xfail(
    strict=True, raises=AssertionError, reason="red team R6: stationary dribbling is walking at 200 Hz (3/3)"
)
def test_stationary_dribbling_is_no_walk() -> None:
    """Four 30 s drills of dribbling on the spot (1.6-2.2 bounces a second, the feet still): no walking."""
    res, _ = _run("dribble", "", 200.0, 1)
    walks = [(round(a), round(b)) for a, b in res.walking]
    print(walks)
    assert not walks


def test_a_shaken_protein_shaker_is_no_tremor() -> None:
    """Three fatigue holds with a protein shaker shaken 10-20 s in each rest: no set outside the holds with a tremor
    label, no out-of-band episode outside them, no clinician note. Passes since h-rhythm
    (:mod:`tremor.core.rhythm_size`; a tremor set over a shake 18 -> 0, the clinician 12 -> 0 of 18): its strict xfail mark was removed."""
    res, truth = _run("shaker", "", 100.0, 1)
    said = [x for x in _tremor_said(res) if not _in(x[0], x[1], truth["sets"])]
    print(said)
    assert not said


def test_a_shaken_protein_shaker_is_no_fatigue() -> None:
    """The shaker's shakes between the holds: no set over a shake labelled ``fatigue_tremor`` and no neuromuscular
    fatigue drawn from one (4 of 18 draws, 6 of 54 shakes). Passes since h-rhythm
    (:mod:`tremor.core.rhythm_size`; fatigue on a shake 4 -> 0 of 18): its strict xfail mark was removed."""
    res, truth = _run("shaker", "", 100.0, 4)
    said = [
        (round(s.span.start_s), round(s.span.end_s), s.label)
        for s in res.sets
        if not _in(s.span.start_s, s.span.end_s, truth["sets"])
        and (s.label == "fatigue_tremor" or "neuromuscular_fatigue" in [c.id for c in s.causes])
    ]
    print(said)
    assert not said


@pytest.mark.parametrize(("fs", "seed"), [(50.0, 1), (100.0, 22), (200.0, 24)])
def test_tremolo_picking_is_no_rest_tremor(fs: float, seed: int) -> None:
    """A 10-25 s tremolo-picked section of a song (6-8 Hz, the watch +-1-3 mm): no out-of-band episode at rest and
    no clinician note. Passes since h-picking (:mod:`tremor.core.rhythm_switch`: the section meets the strumming at
    another rate with no rest between; the clinician cause 6 -> 0 of 18 draws, seeds 1-6, and 16 -> 1 of 60 on
    fresh seeds 20-39): its strict xfail mark was removed; seeds 22 and 24 read it at 100 and 200 Hz before."""
    res, truth = _run("guitar", "tremolo", fs, seed)
    eps = [(round(e.start_s), round(e.end_s), e.peak_hz) for e in res.atypical_tremor if e.set_index is None]
    print(truth["models"], eps, clinician(res))
    assert not eps and not clinician(res)


@pytest.mark.parametrize(("fs", "seed"), [(100.0, 27), (200.0, 28)])
def test_a_chopping_bout_at_rest_gives_no_clinician_cause(fs: float, seed: int) -> None:
    """A 3.2 Hz chopping bout standing still, in no set: no out-of-band episode at rest, no clinician cause; the
    note names the impacts and keeps the conditional advice. Passes since h-picking
    (:mod:`tremor.core.struck_rhythm`; 2 -> 0 of 18 draws, seeds 1-6, and 5 -> 0 of 60 on fresh seeds 20-39; these
    two seeds gave the clinician cause before)."""
    res, truth = _run("chores", "", fs, seed)
    eps = [(round(e.start_s), round(e.end_s), e.peak_hz) for e in res.atypical_tremor if e.set_index is None]
    print(truth["models"], eps, res.set_aside_rhythms)
    assert not eps and not clinician(res)
    assert any(why == "struck" for _, why in res.set_aside_rhythms)
    assert any("re-test rested" in n and "see a clinician" in n and "impacts" in n for n in res.notes)


def test_a_short_shake_between_holds_gives_no_clinician_note() -> None:
    """Shakes of 5-9 s between the holds, as short as a shake-out: no clinician note, no episode outside the holds. Passes since h-rhythm
    (:mod:`tremor.core.rhythm_size`; a tremor set 18 -> 0, the clinician 6 -> 0 of 18): its strict xfail mark was removed."""
    res, truth = _run("shaker", "dur:5-9", 100.0, 1)
    said = [x for x in _tremor_said(res) if x[2] in ("episode", "see_a_clinician", "atypical_tremor")]
    said = [x for x in said if not _in(x[0], x[1], truth["sets"])]
    print(said)
    assert not said


# --------------------------------------------------------------------------- controls: what held
def test_the_holds_between_shakes_stay_fatigue() -> None:
    """Control for the shaker xfail: the three holds stay ``fatigue_tremor`` with neuromuscular fatigue."""
    res, truth = _run("shaker", "", 100.0, 1)
    holds = [s for s in res.sets if _in(s.span.start_s, s.span.end_s, truth["sets"])]
    assert [s.label for s in holds] == ["fatigue_tremor"] * 3
    assert all("neuromuscular_fatigue" in [c.id for c in s.causes] for s in holds)


def test_the_holds_between_chopping_stay_fatigue() -> None:
    """Control for the chopping xfail: the three holds with a growing tremor stay ``fatigue_tremor`` with
    neuromuscular fatigue (12 of 12 draws)."""
    res, truth = _run("chores", "holds", 100.0, 1)
    holds = [s for s in res.sets if _in(s.span.start_s, s.span.end_s, truth["sets"])]
    assert len(holds) == 3
    for s in holds:
        assert s.label == "fatigue_tremor" and "neuromuscular_fatigue" in [c.id for c in s.causes]


def test_a_caffeine_tremor_is_reported_enhanced_and_a_growing_one_fatigue() -> None:
    """Controls for the caffeine xfail: the stationary tremor's holds all carry a tremor label (enhanced or, the
    false part, fatigue; at least one ``enhanced_tremor``) with no clinician note (18 of 18 draws no note; 51 of 54
    holds not ``calm``); with the tremor growing 0.1 -> 0.25-0.35 m/s^2 every hold is ``fatigue_tremor`` with
    neuromuscular fatigue (26 of 27 holds, seeds 1-3).

    Since h-caff a 1.5-2x rise must stand 2 standard errors out of the thirds' scatter at any level: growing holds
    ``fatigue_tremor`` 33 -> 30 of 36 (seeds 1-4, 50/100/200 Hz); the 3 others measured 1.63-1.98x at 1.4-1.8
    standard errors and read ``enhanced_tremor`` with evidence that the rise is within chance (here seed 1's
    1.98x hold at 100 Hz): the hedge, not a claim either way."""
    res, _ = _run("caffeine", "", 100.0, 1)
    labels = [s.label for s in res.sets]
    assert (
        len(labels) == 3
        and set(labels) <= {"enhanced_tremor", "fatigue_tremor"}
        and "enhanced_tremor" in labels
    )
    assert not clinician(res) and not res.atypical_tremor
    res, _ = _run("caffeine", "fatigue", 100.0, 1)
    said = [(s.label, s.metrics.end_to_start_ratio, [c.id for c in s.causes]) for s in res.sets]
    fatigue = [s for s in res.sets if s.label == "fatigue_tremor"]
    hedged = [
        s
        for s in res.sets
        if s.label == "enhanced_tremor"
        and any("standard errors of the set's own scatter" in c.evidence for c in s.causes)
    ]
    assert len(res.sets) == 3 and len(fatigue) >= 2 and len(fatigue) + len(hedged) == 3, said
    assert all("neuromuscular_fatigue" in [c.id for c in s.causes] for s in fatigue)


def test_a_fatigue_tremor_on_a_vibration_plate_is_kept() -> None:
    """Front-raise holds through squats on a vibration plate with a true fatigue tremor: the four bouts are
    ``fatigue_tremor`` (or ``not_assessable``), never ``calm`` (36 of 36 bouts, seeds 1-3; 32 ``fatigue_tremor``)."""
    res, truth = _run("vibe_plate", "fatigue", 50.0, 1)
    bouts = [s for s in res.sets if _in(s.span.start_s, s.span.end_s, truth["sets"])]
    assert len(bouts) == 4
    assert all(s.label in ("fatigue_tremor", "not_assessable") for s in bouts)
    assert sum(s.label == "fatigue_tremor" for s in bouts) >= 3


@pytest.mark.parametrize(
    ("scenario", "extras", "fs"),
    [
        ("vibe_plate", "", 100.0),  # anti-aliased plate: 6 of 6 clean
        ("mower", "alias", 100.0),  # a mower through an unfiltered sensor: 15 of 15 clean
        ("chores", "hammer", 100.0),  # hammering nails: 6 of 6 clean
        ("guitar", "", 100.0),  # songs strummed at 2.8-3.3 Hz: not assessable (movement)
        (
            "farmer",
            "fatigue",
            100.0,
        ),  # carries as walking (9 of 9 draws; the grip's fatigue tremor unreported)
    ],
)
def test_what_held(scenario: str, extras: str, fs: float) -> None:
    """Sessions the analyser reports truthfully (seed 1): no tremor label, out-of-band episode, clinician note or
    twitch."""
    res, _ = _run(scenario, extras, fs, 1)
    said = _tremor_said(res)
    print(said, len(res.twitches))
    assert not said and not res.twitches
