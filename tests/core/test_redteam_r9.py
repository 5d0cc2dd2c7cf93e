"""Red team round nine (h-red9): phones' time stamps, a jigsaw and a hair clipper through a sensor without an
anti-alias filter, a manual wheelchair, Olympic lifts dropped from overhead.

Physics: ``benchmarks/redteam/gen_r9.py`` (written without reading ``tremor/core``; the resting wrist, noise and
building blocks are ``benchmarks/redteam/gen.py``'s), loaded by path and run in memory (the CLI prints the same on
the draws compared). Each strict xfail names one false statement and its measured rate over fresh seeds through the
CLI (base 575baf2; benchmarks/redteam/FINDINGS.md, round nine); the tests run one draw where it was measured. Where
the analyser is mended, a test passes and its xfail mark goes. The controls (no xfail) are true findings a mend must
keep; one also runs a fresh seed.

- A climber's shake-out between holds on the wall: a rest tremor with the clinician note, 8 of 18 draws (the
  episode set aside since h-climb: a plain test; a set holding one read ``atypical_tremor`` is left).
- A jigsaw (38-47 strokes/s, sagging in the cut) sampled at 50 Hz with no anti-alias filter: its folded strokes read
  as tremor, sets ``atypical_tremor`` / ``enhanced_tremor`` / ``fatigue_tremor`` 7 of 9 draws, the clinician note 3
  of 9, neuromuscular fatigue 1 of 9 (mended on h-fold: :mod:`tremor.core.fast_line`, 0 of 9).
- Android sensor batching (samples stamped when the burst is delivered): the rate read as 1000-8338 Hz, every burst a
  "gap" (95-99 % of the recording "missing"), nothing analysed; stamped in whole ms the file is refused (repeats).
- Steps off the lifting platform (no arm swing) after a dropped lift: twitches, 8 of 12 draws at 100/200 Hz.
- A logger stamping by sample count through lost packets: a twitch at a packet's jump, 2 of 4 draws at 200 Hz.
- A manual wheelchair's pushes read as walking, 6 of 15 draws.
- Held: a mains hair clipper folded to 10 and 20 Hz is a machine line and nothing else; the bar landing on the
  platform is no twitch; stamps in milliseconds and float32 seconds since boot are read right (or, where a stamp
  step is longer than the sample period, refused by name).
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

FRESH_SEED = int(os.environ.get("TREMOR_RED9_SEED", fresh_entropy(__name__) % 2**31))

GEN = load("gen")
R6 = load("gen_r6")
R9 = load("gen_r9")
_run = partial(run, R9)


def _hold_labels(res: AnalysisResult, truth: dict[str, Any]) -> list[list[str]]:
    """The labels of the sets overlapping each true hold by more than 2 s."""
    return [
        [s.label for s in res.sets if overlap(a, b, s.span.start_s, s.span.end_s) > 2]
        for a, b in truth["sets"]
    ]


# --------------------------------------------------------------------------- false statements (strict xfails)
def test_a_jigsaw_folded_at_50_hz_is_no_tremor() -> None:
    """A jigsaw held in the watch's hand, its blade at 38-47 strokes/s (sagging 8-15 % in each cut, harmonics 2 and
    3), 2-5 m/s^2 at the wrist, through a 50 Hz sensor with no anti-alias filter: the strokes fold to 3-12 Hz and
    their harmonics to 13-24 Hz. Nothing about the person may be said. Measured (seeds 11-19 at 50 Hz, CLI): a cut
    ``atypical_tremor`` with "re-test, then see a clinician" (a 16.5-17 Hz peak) 3 of 9, ``enhanced_tremor`` 3 of 9,
    ``fatigue_tremor`` with neuromuscular fatigue 1 of 9, 13 Hz episodes in the cuts 2 of 9; no machine line reported
    in any. At 100 and 200 Hz nothing false (12 of 12: seeds 11-19 at 100 Hz, 11-13 at 200 Hz). Mended (h-fold,
    :mod:`tremor.core.fast_line`): its 1-3 m/s^2 line above 13 Hz is no body's, 0 of 9 draws with a tremor label."""
    res, truth = _run("clipper", "jigsaw", 50.0, 11)
    said = [(round(s.span.start_s), s.label) for s in res.sets if s.label in TREMOR_LABELS]
    print(truth["models"], said, causes(res))
    assert not said and "see_a_clinician" not in causes(res)


def test_a_shake_out_on_the_wall_is_no_rest_tremor() -> None:
    """Two sport-climbing routes; once a route, between two holds, the climber drops the arm and shakes the hand
    loose (3-5 Hz, 3-5 s, +-1-2 cm), moving down from a hold before it and up to the next after it. Measured (seeds
    11-16 at 50/100/200 Hz, CLI): the shake-out "a sustained rhythm at 3.8-5.0 Hz (3-7 Hz) at rest" with "re-test,
    then see a clinician" (0.6) in 7 of 18 draws (seed 1 at 100 Hz too), and once the set holding it
    ``atypical_tremor`` at 3.2 Hz with the note: 8 of 18. A shake-out joined to a movement on either side was a stated
    limit of the brief-rhythm rule (h-shake); on a wall it always is. Since h-climb (:mod:`tremor.core.joined_shake`:
    a rhythm of 1.5 m/s^2 RMS or more, under 10 s, joined to a movement and seen nowhere else at rest, is set aside
    with the brief-rhythm note) the episode is gone in 7 of 7 of those draws; the set-level ``atypical_tremor``
    (seed 15 at 50 Hz) is not this rule's and stays."""
    res, truth = _run("climb", "", 50.0, 12)
    print([(round(e.start_s), round(e.end_s), e.peak_hz) for e in res.atypical_tremor])
    assert not res.atypical_tremor and "see_a_clinician" not in causes(res)


def test_android_batched_stamps_keep_the_holds() -> None:
    """The fatigue holds sampled regularly at 100 Hz, stamped the way a batching Android phone delivers them: bursts
    of N samples stamped as their callbacks run (here pairs, the callbacks 1 ms apart; the sub-ms clock). The rate is
    100 Hz and no sample is missing. Measured (CLI): ``rate_hz`` 1000 (pairs) to 8338 Hz (bursts of 5-25), every
    burst's jump a gap (16499 gaps, 313.5 s "missing" of 330 s), "no gap-free stretch of 2 s or more: nothing could
    be analysed"; with the batching starting when the screen locks 30 s in (seed 1), the rate 903 Hz, 3000 gaps and
    "no sets found: the whole recording was analysed as rest". Stamped in whole ms (currentTimeMillis) the file is
    refused ("timestamps repeat"), which is honest."""
    res, truth = _run("stamps", "fifo:2,fine,spread:1", 100.0, 1)
    print(res.sampling.rate_hz, len(res.sampling.gaps), _hold_labels(res, truth))
    assert res.sampling.rate_hz == pytest.approx(100.0, rel=0.02)
    assert _hold_labels(res, truth) == [["fatigue_tremor"]] * 3


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="red team R9: steps off the platform after a dropped lift are twitches (8 of 12 draws at 100/200 Hz)",
)
def test_steps_off_the_platform_are_no_twitches() -> None:
    """Olympic singles dropped from overhead, the lifter then walking 6-10 steps off the platform, the arm hanging
    (0.5-1.5 m/s^2 heel strikes at the wrist, 15-25 Hz). Measured (seeds 11-16 at 100/200 Hz, CLI): 28 twitches at
    the steps in 8 of 12 draws (1-6 a file, 0.25-0.61 m/s^2). The generator's steps carry no arm swing (a short shuffle off the
    platform), the round-three walk's first steps class."""
    res, truth = _run("oly", "", 100.0, 12)
    print([(round(tw.t_s, 2), round(tw.peak_mps2, 2)) for tw, _ in res.twitches])
    assert not res.twitches


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="red team R9: a manual wheelchair's pushes read as walking (6 of 15 draws)",
)
def test_wheelchair_pushes_are_no_walk() -> None:
    """Three 60-90 s pushes of a manual wheelchair (a push every 0.8-1.1 s, the catch on the rim a 1-4 m/s^2 knock,
    tile joints under the casters): no step was taken. Measured (seeds 11-16 at 50/100 Hz, 11-13 at 200 Hz, CLI):
    `walking` spans of 5-61 s inside the pushes in 6 of 15 draws (4 of 6 at 50 Hz, 2 of 6 at 100, 0 of 3 at 200);
    nothing else false (no tremor label, no twitch)."""
    res, truth = _run("wheelchair", "", 50.0, 11)
    print([(round(a), round(b)) for a, b in res.walking])
    assert not res.walking


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="red team R9: a lost packet under stamps from the sample count is a twitch (2 of 4 draws at 200 Hz)",
)
def test_a_lost_packet_under_count_stamps_is_no_twitch() -> None:
    """The fatigue holds at 200 Hz from a logger that stamps each sample i / fs while its link loses 15-30 packets of
    9-27 samples: no gap in the stamps, the signal jumps where a packet is missing. Measured (seeds 11-14 at 100/200 Hz,
    CLI): one twitch of 0.02-0.03 m/s^2 at a lost packet in a rest in 2 of 4 draws at 200 Hz (seed 11 at 217.28 s, seed
    12 at 123.66 s: the file's times of lost packets), 0 of 4 at 100 Hz; the holds stay ``fatigue_tremor`` 8 of 8."""
    res, truth = _run("stamps", "index", 200.0, 11)
    print([(round(tw.t_s, 2), round(tw.peak_mps2, 3)) for tw, _ in res.twitches])
    assert _hold_labels(res, truth) == [["fatigue_tremor"]] * 3
    assert not res.twitches


# --------------------------------------------------------------------------- controls: what held
@pytest.mark.fresh_rate(
    measured="0 of 9 draws (seeds 11-13 x 50/100/200 Hz): the folded lines reported as machine lines, nothing else",
    env="TREMOR_RED9_SEED",
    param="seed",
)
@pytest.mark.parametrize("seed", [11, pytest.param(FRESH_SEED, id="fresh")])
def test_a_mains_hair_clipper_folded_at_50_hz_is_a_machine_line(seed: int) -> None:
    """A magnetic hair clipper on 60 Hz mains (120 Hz with a 60 Hz share, 0.5-1.5 m/s^2 at the wrist), through a 50
    Hz sensor with no anti-alias filter: it reads at 10 and 20 Hz. The report names a machine line near 10 Hz and says
    nothing about the person: no tremor label, no episode, no twitch, no clinician note."""
    res, truth = _run("clipper", "", 50.0, seed)
    lines = [round(v.freq_hz, 2) for v in res.vibration]
    print(seed, truth["models"], lines)
    assert any(abs(f - 10.0) < 0.7 for f in lines)
    assert not [s.label for s in res.sets if s.label in TREMOR_LABELS]
    assert not res.atypical_tremor and "see_a_clinician" not in causes(res)


def test_a_bar_landing_on_the_platform_is_no_twitch() -> None:
    """The bar dropped from overhead lands on bumper plates 0.8-1.1 s after the hands leave it, the platform's thud
    reaching the still wrist at 0.1-0.5 m/s^2 (a 15-35 Hz ring) and its bounce at 30 %: no twitch within 0.3 s of
    any landing in 11 of 12 draws at 100/200 Hz (seeds 11-16; seed 15 at 200 Hz counted a bounce's 0.075 m/s^2), no
    tremor label and no clinician note in 15 of 15 (50 Hz too)."""
    res, truth = _run("oly", "", 100.0, 12)
    near = [tw.t_s for tw, _ in res.twitches if any(abs(tw.t_s - c) < 0.3 for c in truth["landing_times"])]
    assert not near
    assert not [s.label for s in res.sets if s.label in TREMOR_LABELS]
    assert "see_a_clinician" not in causes(res)


def test_stamps_in_milliseconds_are_read_as_such(tmp_path: Path) -> None:
    """The fatigue holds at 100 Hz with the stamps written in milliseconds under a plain ``time`` header: read at 100
    Hz, the holds ``fatigue_tremor`` (4 of 4 draws at 50/200 Hz through the CLI)."""
    from tremor.core.analysis import analyze
    from tremor.io import read_recording

    t, acc, truth = R9.SCENARIOS["stamps"](100.0, np.random.default_rng(11), "ms")
    p = tmp_path / "ms.csv"
    GEN.write(p, t, acc)
    res = analyze(read_recording(p))
    assert res.sampling.rate_hz == pytest.approx(100.0, rel=0.01)
    assert _hold_labels(res, truth) == [["fatigue_tremor"]] * 3


def test_float32_seconds_since_boot_keep_the_holds(tmp_path: Path) -> None:
    """CoreMotion-style stamps, seconds since boot stored as float32 after 30 h of uptime (a 7.8 ms stamp step) at 50
    Hz, read from the file as the CLI does: the rate is read right and each hold is ``fatigue_tremor`` (3 of 3 draws)."""
    from tremor.core.analysis import analyze
    from tremor.io import read_recording

    t, acc, truth = R9.SCENARIOS["stamps"](50.0, np.random.default_rng(11), "f32:30")
    p = tmp_path / "f32.csv"
    GEN.write(p, t, acc)
    res = analyze(read_recording(p))
    assert res.sampling.rate_hz == pytest.approx(50.0, rel=0.01)
    assert _hold_labels(res, truth) == [["fatigue_tremor"]] * 3


def test_float32_stamps_coarser_than_the_period_are_refused_by_name(tmp_path: Path) -> None:
    """The same stamps at 200 Hz: a 7.8 ms stamp step against a 5 ms period repeats stamps, and the reader refuses
    the file naming them (3 of 3 draws) rather than analysing samples at invented times."""
    from tremor.errors import FormatError
    from tremor.io import read_recording

    t, acc, truth = R9.SCENARIOS["stamps"](200.0, np.random.default_rng(11), "f32:30")
    p = tmp_path / "f32.csv"
    GEN.write(p, t, acc)
    with pytest.raises(FormatError, match="repeat"):
        read_recording(p)
