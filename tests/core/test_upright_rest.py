"""A rest rhythm along gravity for minutes is not called a tremor outright, and keeps its advice (issue 9, R4-5).

Written from the physics (tests/core/test_leg_rhythm.py's bounce and rest tremor). A seated heel bounce lasting
1.5-4 minutes without a pause, on the thigh (0.35-2.5 m/s^2) or with a hand on the knee (0.2-0.6 m/s^2), at
3.5-5.5 Hz: before, every one found read "out-of-band rhythmic tremor at rest" and "sustained rhythmic tremor" in the
clinician cause; now the report says the rhythm was along gravity, as a bouncing leg or a knee under the hand would
give, and asks for a re-test with the forearm supported on a table before a clinician. A rest tremor held thumb up
(its twist along gravity) or moving the hand along gravity keeps the clinician advice with the same words; a rest
tremor across gravity (pronation-supination with the palm down to 30 deg of roll) keeps the plain note.
"""

from __future__ import annotations

import os

import numpy as np
import pytest

import tremor
from tests.core.test_leg_rhythm import _add_bout, _seated, _without_gravity, rest_tremor_session
from tests.run_entropy import fresh_entropy
from tests.stress import scenarios as S
from tremor.core.rhythm_size import DISPLACEMENT_MIN_MM

FRESH_SEED = int(os.environ.get("TREMOR_UPRIGHT_SEED", fresh_entropy(__name__) % 2**31))
# the plain note (h-restrhy: it names a rhythm, not a tremor: a panting dog under the hand or a deliberate shaking
# gives the same; before, "out-of-band rhythmic tremor at rest")
PLAIN = "out-of-band rhythm at rest:"
# the upright note's own advice (other notes, e.g. a set's large rhythm, say "forearm supported on a table" too: a
# fresh draw, TREMOR_UPRIGHT_SEED=1707613660 at 100 Hz, had a palm-down tremor's 2 mm set read as large_rhythm)
UPRIGHT = "forearm supported on a table (not on the lap or a knee)"


def long_bounce(seed: int, fs: float, rms: float, *, knee: bool, dur: float) -> tremor.Recording:
    """300 s seated, one heel bounce of ``rms`` m/s^2 at the sensor lasting ``dur`` s without a pause."""
    rng = np.random.default_rng(seed)
    b = S.SessionBuilder(fs, 300.0, rng, 0.01)
    up, side = _seated(b, rng)
    _add_bout(b, rng, rng.uniform(10.0, 30.0), dur, rms, up, side, 0.3 if knee else 0.4)
    return b.finish(description="long heel bounce").recording


def _clinician(result: tremor.AnalysisResult) -> list[tremor.Cause]:
    return [c for c in result.session_causes if c.id == "see_a_clinician"]


def _show(result: tremor.AnalysisResult) -> None:
    print([(e.start_s, e.end_s, e.peak_hz, round(e.rms_mps2, 2)) for e in result.atypical_tremor])
    print([n for n in result.notes if PLAIN in n or UPRIGHT in n], [c.evidence for c in _clinician(result)])


def _check_upright(result: tremor.AnalysisResult) -> None:
    """Told as a rhythm along gravity a leg could give, with the re-test and the clinician; never as a tremor."""
    assert [n for n in result.notes if UPRIGHT in n and "see a clinician" in n]
    assert not [n for n in result.notes if n.startswith(PLAIN)]
    causes = _clinician(result)
    assert causes and all(c.evidence.startswith("a sustained rhythm at") for c in causes)
    assert all("bouncing leg" in c.evidence and "supported on a table" in c.evidence for c in causes)


def _bounce_case(seed: int) -> tuple[float, bool, float]:
    r = np.random.default_rng(seed)
    knee = bool(r.integers(2))
    return float(r.uniform(0.2, 0.6) if knee else r.uniform(0.35, 2.5)), knee, float(r.uniform(90.0, 250.0))


@pytest.mark.parametrize(
    ("seed", "fs", "rms", "knee", "dur"),
    [
        (1, 100.0, 0.3, True, 200.0),
        (2, 200.0, 1.2, False, 150.0),
        (3, 50.0, 0.5, True, 120.0),
        (4, 100.0, 2.0, False, 240.0),
    ],
)
def test_a_leg_bouncing_for_minutes_is_not_called_a_tremor(
    seed: int, fs: float, rms: float, knee: bool, dur: float
) -> None:
    """Before, each read "out-of-band rhythmic tremor at rest" with "sustained rhythmic tremor" as the evidence."""
    result = tremor.analyze(long_bounce(seed, fs, rms, knee=knee, dur=dur))
    _show(result)
    assert [e for e in result.atypical_tremor if e.set_index is None]
    _check_upright(result)


@pytest.mark.parametrize(
    ("seed", "fs", "hz", "rms", "rotation"),
    [
        (11, 100.0, 5.5, 0.6, True),
        (12, 200.0, 5.0, 2.0, True),
        (13, 50.0, 4.5, 1.0, False),
        (14, 100.0, 4.0, 0.1, False),
    ],
)
def test_a_rest_tremor_along_gravity_keeps_its_advice(
    seed: int, fs: float, hz: float, rms: float, rotation: bool
) -> None:
    """Thumb up (the twist along gravity) or the hand moving along gravity: the clinician advice, hedged as a leg."""
    result = rest_tremor_session(
        seed, fs, hz, rms, rotation=rotation, wax=False, fidget=0.0, vertical=not rotation, roll_deg=90.0
    )
    _show(result)
    _check_upright(result)


@pytest.mark.parametrize(("seed", "fs", "roll"), [(21, 100.0, -30.0), (22, 200.0, 0.0), (23, 50.0, 30.0)])
def test_a_rest_tremor_across_gravity_keeps_the_plain_note(seed: int, fs: float, roll: float) -> None:
    """Pronation-supination with the palm down: the rhythm turns the gravity vector across itself; no leg hedge."""
    result = rest_tremor_session(seed, fs, 5.0, 0.5, rotation=True, wax=False, fidget=0.0, roll_deg=roll)
    _show(result)
    assert [n for n in result.notes if n.startswith(PLAIN)]
    assert not [n for n in result.notes if UPRIGHT in n]
    causes = _clinician(result)
    assert causes and all(c.evidence.startswith("a sustained rhythm at") for c in causes)
    assert all("bouncing leg" not in c.evidence for c in causes)


def test_gravity_removed_a_rest_tremor_keeps_its_advice_and_says_a_leg_is_not_ruled_out() -> None:
    """Linear acceleration only: the direction is unknown, so a leg is not ruled out; the advice stays."""
    rng = np.random.default_rng(31)
    b = S.SessionBuilder(100.0, 300.0, rng, 0.01)
    _seated(b, rng)
    m = (b.t >= 40.0) & (b.t < 260.0)
    b.lin[m, 1] += 0.5 * S.narrowband(rng, b.t[m], 100.0, 5.0, 0.4)
    result = tremor.analyze(_without_gravity(b, b.finish(description="linear").recording))
    _show(result)
    _check_upright(result)
    assert any("gravity removed" in n for n in result.notes if UPRIGHT in n)


def test_live_equals_batch_on_a_long_bounce() -> None:
    """Fed in random chunks, the live analyser's final notes and causes are batch's."""
    rec = long_bounce(41, 100.0, 0.4, knee=True, dur=180.0)
    batch = tremor.analyze(rec)
    live = tremor.LiveAnalyzer(source=rec.source, gravity_included=rec.gravity_included)
    rng = np.random.default_rng(41)
    i = 0
    while i < rec.n_samples:
        k = int(rng.integers(1, 2000))
        live.update(rec.time_s[i : i + k], rec.acc_mps2[i : i + k])
        i += k
    result = live.finish()
    _check_upright(batch)
    assert [n for n in result.notes if UPRIGHT in n] == [n for n in batch.notes if UPRIGHT in n]
    assert result.session_causes == batch.session_causes


@pytest.mark.fresh_rate(env="TREMOR_BOUNCE_SEED", measured="1 hunt draw in 181 (2026-11-30)")
@pytest.mark.parametrize("fs", [50.0, 100.0, 200.0])
def test_a_fresh_long_bounce_is_hedged(fs: float) -> None:
    """A fresh long bounce (hedged wherever found as a rest episode; replay with TREMOR_BOUNCE_SEED=<seed>).

    It is not at seed 823317180, 200 Hz (a hunt, 2026-11-30; 0 of 180 more draws at 50/100/200 Hz): kept in
    :func:`test_a_bounce_read_in_part_as_a_steady_line_keeps_its_hedged_note`."""
    seed = int(os.environ.get("TREMOR_BOUNCE_SEED") or np.random.SeedSequence().entropy % 2**31)
    _fresh_bounce(seed, fs)


def _fresh_bounce(seed: int, fs: float) -> None:
    rms, knee, dur = _bounce_case(seed)
    print(
        f"seed {seed} fs {fs}: bounce {rms:.2f} knee {knee} {dur:.0f} s (replay with TREMOR_BOUNCE_SEED={seed})"
    )
    result = tremor.analyze(long_bounce(seed, fs, rms, knee=knee, dur=dur))
    _show(result)
    if [e for e in result.atypical_tremor if e.set_index is None]:
        _check_upright(result)
    assert not [n for n in result.notes if n.startswith(PLAIN)]


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="analyser limit (issue 9), test_upright_rest's fresh draw 823317180 at 200 Hz (a hunt, 2026-11-30; 0 of 180 "
    "more draws at 50/100/200 Hz): a knee bounce of 0.59 m/s^2 for 138 s, as steady as a motor (frequency spread "
    "0.05 Hz), is read for 60-164 s as a line drifting 5.00 -> 4.88 Hz (machine vibration or the wearer's own pace, "
    "its note hedged with a clinician), and its first 37 s (24-61 s) as a rest episode that 'started and stopped "
    "abruptly', so the abrupt-bout rule takes it: one bounce told as two things, the re-test and clinician advice "
    "given only in the notes (the along-gravity note's, and the leg note's conditional advice since 2026-11-30), "
    "with no clinician cause",
)
def test_a_bounce_read_in_part_as_a_steady_line_keeps_its_hedged_note() -> None:
    """The bounce at that seed: hedged as a leg, with the re-test and the clinician advice."""
    _fresh_bounce(823317180, 200.0)


@pytest.mark.parametrize("fs", [50.0, 100.0, 200.0])
def test_fresh_draws(fs: float) -> None:
    """A fresh thumb-up rest tremor (advice kept, mostly hedged) and a fresh palm-down one (the plain note)."""
    seed = (FRESH_SEED + int(fs)) % 2**31
    print(f"seed {seed} fs {fs} (replay with TREMOR_UPRIGHT_SEED={FRESH_SEED})")
    r = np.random.default_rng(seed + 1)
    # at 5-6 Hz a thumb-up twist 3 cm off the axis is 0.90-0.95 along gravity (g / (w^2 r) of it across); at 4 Hz only
    # 0.78 (under VERTICAL_MIN: the plain note)
    hz, size = float(r.uniform(5.0, 6.0)), float(r.uniform(0.1, 2.5))
    # under the large-rhythm size (2 mm RMS): a tremor that large, its rotation splitting the rest into sets, is
    # not assessable there by design (rhythm_size), with the conditional advice only (fresh draw
    # TREMOR_UPRIGHT_SEED=1744936541 at 200 Hz: 2.36 m/s^2 at 5.11 Hz, 2.3 mm, seven large-rhythm sets, on 32a792e too)
    size = min(size, 0.9 * DISPLACEMENT_MIN_MM * 1e-3 * (2.0 * np.pi * hz) ** 2)
    print(f"thumb-up rest tremor {hz:.2f} Hz {size:.2f} m/s^2")
    result = rest_tremor_session(
        seed,
        fs,
        hz,
        size,
        rotation=True,
        wax=bool(r.integers(2)),
        fidget=0.0,
        roll_deg=float(r.uniform(85.0, 95.0)),
    )
    _show(result)
    # the advice is never dropped; told as along gravity where it is measured so (mostly: 0.85 of it or more; a
    # fresh draw at 5.16 Hz, 50 Hz sampling, 85.5 deg of roll read 0.847 and kept the plain note, which is true too)
    assert _clinician(result)
    assert bool([n for n in result.notes if n.startswith(PLAIN)]) != bool(
        [n for n in result.notes if UPRIGHT in n]
    )
    roll = float(r.uniform(-40.0, 30.0))
    print(f"palm-down rest tremor {hz:.2f} Hz {size:.2f} m/s^2 roll {roll:.0f}")
    result = rest_tremor_session(seed, fs, hz, size, rotation=True, wax=False, fidget=0.0, roll_deg=roll)
    _show(result)
    assert [n for n in result.notes if n.startswith(PLAIN)] and _clinician(result)
    assert not [n for n in result.notes if UPRIGHT in n]
