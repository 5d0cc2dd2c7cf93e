"""A rest rhythm's clinician note says what was measured: a rhythm, not a tremor (issue 9, h-restrhy).

The recordings are tests/core/rest_rhythm_physics.py's, written from the physics: a parkinsonian-like rest tremor
(the forearm rolling for minutes), a hand resting on a panting dog, a hand shaken on purpose at a steady beat, and a
heel bouncing under a hand on the thigh. No feature of one wrist accelerometer was found that tells the three from
the tremor without costing true notes (docs/accuracy.md, h-restrhy): a forearm's roll reads, to first order, as a
translation across the forearm (the gravity vector's swing ``g * theta`` adds to the tangential ``r * theta''`` on the
same axis; the difference is a second-order ``g * theta^2 / 2`` of under 0.01 m/s^2 at 2 deg); a dog under a flat
hand pushes along the palm's normal, which a roll also reaches; sizes overlap (a severe tremor moves centimetres);
and pauses and bouts are an early, intermittent tremor's too. So the note no longer calls the rhythm a tremor: its
evidence reads "a sustained rhythm at X Hz ... at rest", says that a rest tremor, equipment, or a rhythm the hand
rests on or makes (a panting dog, a deliberate shaking) look the same to one wrist sensor, and that the advice is for
a rhythm that came while the hand lay on nothing that moved and was not moved on purpose (h-rev52: "nothing was
moving the hand" read as excluding the tremor's own movement); the plain note says so too.

Measured (seeds 61000-61015 x 50/100/200 Hz, 48 a kind; base ee02b0a -> this change): the note given to a panting
dog 37 -> 37 of 48, of them calling it "sustained rhythmic tremor" 30 -> 0 (7 hedged as along gravity either way); a
metronomic shaking 13 -> 13, calling it a tremor 13 -> 0; a heel bounce 24 -> 24, 8 -> 0 (17 hedged as a leg either
way, 7 unhedged); true rest tremors keep the note 35 -> 35 of 48 (the 13 lost are the base's: steady tremors read as a machine
line or a drifting line), every session's episodes and causes the same. The strict xfails pin what is left: the
note itself is still given to the dog and the shaking.
"""

from __future__ import annotations

import os

import pytest

import tremor
from tests.core.rest_rhythm_physics import heel_bounce, metronomic_shake, panting_dog, pd_rest_tremor
from tests.run_entropy import fresh_entropy
from tremor.core.causes import REST_RHYTHM_ALIKE

FRESH_SEED = int(os.environ.get("TREMOR_REST_RHYTHM_SEED", fresh_entropy(__name__) % 2**31))
PLAIN = "out-of-band rhythm at rest:"
CASES = {"tremor": pd_rest_tremor, "dog": panting_dog, "shake": metronomic_shake, "heel": heel_bounce}


def _clinician(result: tremor.AnalysisResult) -> list[tremor.Cause]:
    return [c for c in result.session_causes if c.id == "see_a_clinician"]


def _check_words(result: tremor.AnalysisResult) -> None:
    """Where the rest note is given: a rhythm, what else gives it, the conditional advice; never 'tremor at'.

    (A rest episode a leg rule lists, not told from a leg, has the leg's note and no clinician cause.)"""
    rest = [c for c in _clinician(result) if "at rest from" in c.evidence]
    for c in rest:
        assert c.evidence.startswith("a sustained rhythm at"), c.evidence
        assert "tremor at" not in c.evidence and REST_RHYTHM_ALIKE in c.evidence
    assert not [n for n in result.notes if "rhythmic tremor at rest" in n]
    plain = [n for n in result.notes if n.startswith(PLAIN)]
    assert all(
        "if the hand lay on nothing that moved and you were not moving it on purpose" in n for n in plain
    )
    assert all("see a clinician" in n for n in plain)
    if rest:
        assert plain or [n for n in result.notes if "supported on a table (not on the lap or a knee)" in n]


@pytest.mark.parametrize(
    ("kind", "seed", "fs"),
    [
        ("tremor", 61000, 100.0),
        ("tremor", 61003, 200.0),
        ("dog", 61000, 50.0),
        ("shake", 61001, 50.0),
        ("heel", 61000, 100.0),
    ],
)
def test_the_rest_note_names_a_rhythm(kind: str, seed: int, fs: float) -> None:
    """Draws given the plain note at the base (which called each a "sustained rhythmic tremor"): the words now."""
    result = tremor.analyze(CASES[kind](seed, fs))
    assert _clinician(result) and [n for n in result.notes if n.startswith(PLAIN)]
    _check_words(result)


@pytest.mark.parametrize("fs", [50.0, 100.0, 200.0])
@pytest.mark.parametrize("kind", sorted(CASES))
def test_a_fresh_rest_rhythm_is_not_called_a_tremor(kind: str, fs: float) -> None:
    """A fresh draw of each kind: whatever is found, no note or cause calls the rest rhythm a tremor."""
    seed = FRESH_SEED + {50.0: 0, 100.0: 1, 200.0: 2}[fs]
    print(f"TREMOR_REST_RHYTHM_SEED={FRESH_SEED}", kind, seed)
    _check_words(tremor.analyze(CASES[kind](seed, fs)))


@pytest.mark.parametrize(("seed", "fs"), [(61000, 50.0), (61004, 50.0), (61005, 100.0), (61011, 200.0)])
def test_a_true_rest_tremor_keeps_its_note(seed: int, fs: float) -> None:
    """The true case keeps the clinician cause and the plain note's re-test advice (35 of 48 at the base and now)."""
    result = tremor.analyze(pd_rest_tremor(seed, fs))
    assert _clinician(result)
    assert [n for n in result.notes if n.startswith(PLAIN) and "re-test rested on another day" in n]


@pytest.mark.xfail(
    strict=True,
    reason="h-restrhy: no feature of one wrist accelerometer tells a hand resting on a panting dog from a rest tremor "
    "without costing true notes; the note (now naming a rhythm, with the dog among what gives it) is given 37 of 48 "
    "(seeds 61000-61015 x 50/100/200 Hz), base and now",
)
def test_a_hand_on_a_panting_dog_gets_no_clinician_cause() -> None:
    """Seed 61000 at 50 Hz: a 5.7-6 Hz panting in bouts, 0.08 m/s^2, three rest episodes."""
    assert not _clinician(tremor.analyze(panting_dog(61000, 50.0)))


@pytest.mark.xfail(
    strict=True,
    reason="h-restrhy: a metronomic shaking at rest in 3-15 s bouts is not told from a rest tremor; the note (now "
    "naming a rhythm, a deliberate shaking among what gives it) 13 of 48 (seeds 61000-61015 x 3 rates), base and now",
)
def test_a_metronomic_shaking_gets_no_clinician_cause() -> None:
    """Seed 61001 at 50 Hz."""
    assert not _clinician(tremor.analyze(metronomic_shake(61001, 50.0)))


@pytest.mark.xfail(
    strict=True,
    reason="h-restrhy: a heel bounce whose knee's arc puts under 0.85 of its power along gravity (a sloping thigh) "
    "gets the plain note, not the leg's hedge: 7 of the 24 bounces given the note (seeds 61000-61015 x 3 rates); the "
    "plain note's words (a rhythm the hand rests on) are true of it",
)
def test_a_heel_bounce_is_hedged_as_a_leg() -> None:
    """Seed 61000 at 100 Hz: three rest episodes at 5.8-6.0 Hz, 0.19 m/s^2."""
    causes = _clinician(tremor.analyze(heel_bounce(61000, 100.0)))
    assert causes and all("bouncing leg" in c.evidence for c in causes)
