"""Red team round seven (h-red7): false statements on a pool, DIY, music, gaming and dog-walking session.

Physics: ``benchmarks/redteam/gen_r7.py`` (written without reading ``tremor/core``; the resting wrist, noise and
building blocks are ``benchmarks/redteam/gen.py``'s), loaded by path and run in memory. Each strict xfail names one
false statement and its measured rate over seeds 1-8 at 50/100/200 Hz (24 draws) or seeds 1-4 (12) as said (base
32a792e);
the tests run one draw where the statement was measured. Where the analyser is mended, a test passes and its
xfail mark goes. The controls (no xfail) are true findings and clean reports a mend must keep; two of them also
run a fresh seed.

- Kickboard lengths (the flutter kick heaving the body at each down-beat, 3.5-5.6 Hz, 0.1-0.5 m/s^2 at the hands
  on the board, and its pitching +-1-3 deg): "out-of-band tremor at rest" episodes at 3.5-5.2 Hz 24 of 24 draws,
  the clinician note 23 of 24. Mended in part (h-kick, the legs' line at half the rate): the note 24 -> 9 of 24
  fresh draws (seeds 61-68), seed 1 at 50 Hz clean, no xfail.
- Driving screws with a cordless drill (the chuck at 5.5-7.5 rev/s slowing to 3-5 as the screw seats, a bit
  off-centre pushing the hand round once a turn, 0.05-0.25 m/s^2): sets ``atypical_tremor`` with the clinician
  note 22 of 24 draws, ``fatigue_tremor`` with neuromuscular fatigue 10 of 24 (at half the wobble 4 of 4 draws
  still say one of them). Mended (h-drill, ``tremor.core.tool_rundown``: the line falls 20 % or more along a
  straight line in seconds, as a loaded motor's does): 0 of 24 draws, and 0 of 4 at half the wobble.
- A game controller's engine rumble (its eccentric motor at 9-13 rev/s rising 20-30 %): out-of-band episodes at
  13-15.6 Hz 23 of 24 draws, the clinician note 21 of 24 (motor at 15-22 rev/s: episodes at 17-17.8 Hz, the note
  10 of 12; mended by h-rumble's motor glide: seeds 301-308 episodes 1/24, the note 1/24; at 15-22 rev/s the
  note 6/12); the button presses (0.03-0.15 m/s^2 clicks, 2-8 a second in bursts) counted as twitches, 38-88 in
  10 min without rumble 8 of 8 draws at 100/200 Hz (17-49 with it, 15 of 16).
- Walking a dog: a panting dog (5-6.5 breaths a second) tugging the taut lead at a sniffing stop is a 5-6 Hz
  tremor "at rest" with the clinician note, 17 of 24 draws (the signal is a tremor's; the firm note is what is
  false), a stop ``fatigue_tremor`` 4 of 24. Mended in part (h-dog, ``tremor.core.lead_pull``: the pull along the
  forearm in a stop of a walk): the note 1 of 24 fresh draws (seeds 701-708), seed 3 at 50 Hz clean, no xfail. Without panting, the dog's head jerks at the stops are twitches (4-7,
  8 of 8 draws at 100/200 Hz) and a stop is ``fatigue_tremor`` with neuromuscular fatigue, 2 of 12.
- Piano (key strikes at 4.7-9.3 notes a second, 0.02-0.1 m/s^2 at the wrist, swelling with the phrases; no forearm
  rotation): 2-11 key strikes counted as twitches, sets ``fasciculations``, 7 of 8 draws at 100/200 Hz.
- A BLE dropout inside a 40 s hold splits it into two sets (each ``fatigue_tremor``) from 2.13 s on (34 of 34
  dropouts of 2.13-2.87 s; 38 of 38 of 1.0-2.08 s bridged), 50/100/200 Hz, seeds 1-8.
"""

from __future__ import annotations

import os
from functools import partial

import pytest

from tests.redteam_run import TREMOR_LABELS, causes, load, overlap, run, tremor_said
from tests.run_entropy import fresh_entropy

FRESH_SEED = int(os.environ.get("TREMOR_RED7_SEED", fresh_entropy(__name__) % 2**31))


GEN = load("gen")
R6 = load("gen_r6")
R7 = load("gen_r7")
_run = partial(run, R7)


# --------------------------------------------------------------------------- false statements (strict xfails)
def test_kickboard_lengths_are_no_rest_tremor() -> None:
    """Four kickboard lengths, the hands on the board: the flutter kick's heave (3.5-5.6 Hz) is the swimmer's
    legs, not a tremor: no out-of-band episode, no clinician note (24 of 24 draws gave an episode, 23 the note;
    h-kick, tremor.core.kick_rhythm, the legs' half-rate line: seeds 61-68 at 50/100/200 Hz the note 24 -> 9 of 24,
    a rest episode 24 -> 8; left: lengths at 3.9-4.1 beats a second, where the rule declines, lengths whose
    half-rate line is under its bar, and lengths read as sets labelled ``atypical_tremor``, not judged by it)."""
    res, truth = _run("swim", "kick", 50.0, 1)
    said = tremor_said(res)
    print(truth["models"], said)
    assert not said


def test_driving_screws_is_no_tremor() -> None:
    """Fourteen screws and four holes with a cordless drill: no tremor label, no fatigue, no clinician note (the
    line is the chuck's turning; 24 of 24 draws said one of them at 32a792e: the clinician note 22, fatigue 10;
    mended by ``tremor.core.tool_rundown``, h-drill: 0 of 24 say one of them, seeds 1-8 and fresh seeds 21-28
    x 50/100/200 Hz; the clutch's clicks are still twitches in 10 of 24 draws, not asserted here)."""
    res, truth = _run("drill", "", 100.0, 1)
    said = tremor_said(res)
    print(truth["models"], said)
    assert not said


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="red team R7: a gamepad's rumble; after h-rumble's motor glide this draw keeps one episode (274-285 s, "
    "13.5 Hz: its line not followed below the stretch's last 10 s) and the note (fresh seeds 301-308: 1/24)",
)
def test_a_game_controllers_rumble_is_no_tremor() -> None:
    """10 min holding a game controller whose motor rumbles at 9-16 rev/s in 20-60 s stretches: no out-of-band
    tremor, no clinician note (base: 21 of 24 draws gave the note, 23 of 24 an episode at 13-15.6 Hz; mended by
    h-rumble's motor glide, :mod:`tremor.core.motor_glide`: on fresh seeds 301-308 an episode 1 of 24, the note 1 of
    24; this draw still one episode of five, at 274-285 s, with the note)."""
    res, truth = _run("gamepad", "", 50.0, 1)
    said = tremor_said(res)
    print(truth["models"][:200], said)
    assert not said


@pytest.mark.xfail(
    strict=True, raises=AssertionError, reason="red team R7: button presses are twitches (8/8 at 100/200 Hz)"
)
def test_button_presses_are_no_twitches() -> None:
    """Button presses on a game controller (2-8 a second in bursts, 0.03-0.15 m/s^2 clicks): no twitch (38-88 in
    10 min without rumble, 8 of 8 draws at 100/200 Hz)."""
    res, _ = _run("gamepad", "norumble", 100.0, 3)
    print(len(res.twitches))
    assert not res.twitches


def test_a_panting_dog_on_the_lead_gives_no_clinician_note() -> None:
    """Sniffing stops on a dog walk, the dog panting at 5-6.5 breaths a second on the taut lead: no clinician
    note (17 of 24 draws gave it at 32a792e; the signal is a tremor's, so the note may only be a hedge naming the
    lead). Mended by h-dog, :mod:`tremor.core.lead_pull` (the pull runs along the forearm, a rest tremor's
    rotations move the wrist across it; fresh rates in tests/core/test_lead_pull.py)."""
    res, truth = _run("dog_lead", "", 50.0, 3)
    print(truth["models"], tremor_said(res))
    assert "see_a_clinician" not in causes(res)


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="red team R7: a dog's tugs are twitches and fatigue (8/8, 2/12)",
)
def test_a_dogs_tugs_are_no_twitches_and_no_fatigue() -> None:
    """A dog walk without panting: the dog's head jerks on the lead at the stops (0.3-1 m/s^2) are no twitches
    (4-7 a walk, 8 of 8 draws at 100/200 Hz) and no stop is ``fatigue_tremor`` (2 of 12 draws)."""
    res, _ = _run("dog_lead", "nopant", 100.0, 2)
    said = [(round(s.span.start_s), s.label) for s in res.sets if s.label in TREMOR_LABELS]
    print(len(res.twitches), said)
    assert not res.twitches and not said


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="red team R7: piano key strikes are twitches (7/8 at 100/200 Hz)",
)
def test_piano_key_strikes_are_no_twitches() -> None:
    """Three pieces on the piano (key strikes at 4.7-9.3 notes a second, no forearm rotation): no twitch, no
    ``fasciculations`` set (2-11 twitches, 7 of 8 draws at 100/200 Hz)."""
    res, _ = _run("piano", "norot", 100.0, 3)
    said = [(round(s.span.start_s), s.label) for s in res.sets if s.label in TREMOR_LABELS]
    print(len(res.twitches), said)
    assert not res.twitches and not said


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="red team R7: a dropout of 2.13 s or more splits a hold (34/34)",
)
def test_a_hold_with_a_dropout_stays_one_set() -> None:
    """Three 40 s holds, each with a BLE dropout of 1-3 s inside (here 1.25, 2.16 and 2.86 s): each hold one set
    (the two over 2.1 s split their holds; every dropout of 2.13 s or more did, 34 of 34)."""
    res, truth = _run("true_r7", "drop", 100.0, 1)
    n = [sum(overlap(a, b, s.span.start_s, s.span.end_s) > 2 for s in res.sets) for a, b in truth["sets"]]
    print(truth["gaps_true"], n)
    assert n == [1, 1, 1]


# --------------------------------------------------------------------------- controls: what held
def test_a_hold_with_a_dropout_keeps_its_label_and_gap() -> None:
    """Control for the dropout xfail: every part of each hold is ``fatigue_tremor`` and every dropout is in
    ``sampling.gaps`` (12 of 12 draws)."""
    res, truth = _run("true_r7", "drop", 100.0, 1)
    parts = [
        s for s in res.sets if any(overlap(a, b, s.span.start_s, s.span.end_s) > 2 for a, b in truth["sets"])
    ]
    assert parts and all(s.label == "fatigue_tremor" for s in parts)
    got = [(g.start_s, g.end_s) for g in res.sampling.gaps]
    assert all(any(overlap(g0, g1, x, y) > 0 for x, y in got) for g0, g1 in truth["gaps_true"])


@pytest.mark.fresh_rate(
    param="seed",
    env="TREMOR_RED7_SEED",
    measured="0 of 12 draws (seeds 1-4 x 50/100/200 Hz), 0 of 30 more at 100 Hz (seeds 10-39); a hunt's fresh 120312296 "
    "read its first hold calm, before h-fatse's line-width rule too (c86945d)",
)
@pytest.mark.parametrize("seed", [2, pytest.param(FRESH_SEED, id="fresh")])
def test_a_faint_fatigue_tremor_through_a_noisy_phone_is_found(seed: int) -> None:
    """Three holds through a phone's noisy sensor (0.025 m/s^2 an axis), the fatigue tremor 0.02 -> 0.06-0.09
    m/s^2: each hold one set, ``fatigue_tremor`` (12 of 12 draws at 50/100/200 Hz), no clinician note."""
    print(f"seed {seed} (TREMOR_RED7_SEED)")
    res, truth = _run("true_r7", "noisy", 100.0, seed)
    for a, b in truth["sets"]:
        ss = [s for s in res.sets if overlap(a, b, s.span.start_s, s.span.end_s) > 2]
        assert [s.label for s in ss] in (["fatigue_tremor"], ["not_assessable"]), (a, [s.label for s in ss])
    assert "see_a_clinician" not in causes(res)


@pytest.mark.fresh_rate(
    param="seed",
    env="TREMOR_RED7_SEED",
    measured="3 of 100 draws at 100 Hz (seeds 800-899, eighteenth session; 20e9c2c the same on 800-839): a twitch of a "
    "pair lost (807, 894) or one extra (828), as a hunt's fresh 291084319 and a CI's 565864680 (24 of 25) and its "
    "redraw 516884292 (23 of 24); 0 of 8 draws at seeds 1-4 x 100/200 Hz",
)
@pytest.mark.parametrize("seed", [1, pytest.param(FRESH_SEED, id="fresh")])
def test_twitch_pairs_a_fifth_of_a_second_apart_are_counted(seed: int) -> None:
    """Twelve twitch pairs 0.2-0.3 s apart at rest (0.1-0.3 m/s^2): all 24 twitches found within 0.1 s, no
    other (8 of 8 draws at 100/200 Hz; at 50 Hz twitches are not assessed)."""
    print(f"seed {seed} (TREMOR_RED7_SEED)")
    res, truth = _run("true_r7", "pairs", 100.0, seed)
    got = [tw.t_s for tw, _ in res.twitches]
    hit = sum(any(abs(x - y) <= 0.1 for x in got) for y in truth["twitch_times"])
    assert hit == len(truth["twitch_times"]) and len(got) == hit, (hit, len(got))
    assert not [s for s in res.sets if s.label in TREMOR_LABELS]


@pytest.mark.parametrize(
    ("scenario", "extras", "fs"),
    [
        ("swim", "", 100.0),  # freestyle lengths: 12 of 12 clean
        ("drums", "", 100.0),  # three songs with rolls at 5-8 Hz: 12 of 12 clean
        ("escooter", "", 100.0),  # an e-scooter ride (the wheel's line at 5-10 Hz): 12 of 12 clean
    ],
)
def test_what_held(scenario: str, extras: str, fs: float) -> None:
    """Sessions the analyser reports truthfully (seed 1): no tremor label, out-of-band episode, fatigue,
    clinician note or twitch."""
    res, _ = _run(scenario, extras, fs, 1)
    said = tremor_said(res)
    print(said, len(res.twitches))
    assert not said and not res.twitches
