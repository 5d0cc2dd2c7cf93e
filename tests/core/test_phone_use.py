"""A phone checked in a rest is phone use, not a set; fatigue holds with knocks or a harmonic stay sets (issue 9).

Physics: :func:`tests.core.test_phone_checks.seated` (this repo's own seated wrist, not the red team's): phone checks
raise the forearm 25-45 deg for 25-30 s, typing taps at 2-8 a second of 0.05-0.4 m/s^2 ringing 10-30 ms at
8-20 Hz; a 30 s fatigue hold (forearm 60-90 deg, tremor growing to 0.10-0.15 m/s^2 at 9-10.5 Hz) with eight knocks
(3-10 m/s^2, 6 ms at 30-45 Hz): impulsive frames, but a median spectrum that is a tremor line. And
:func:`tests.core.test_harmonic_holds` 's fatigue hold with a broad second harmonic (spread over 13-18 Hz as taps
are, which the spectral rule alone can read as taps at 50 Hz): steady, not impulsive. Before
:mod:`tremor.core.phone_use`, the checks of these fixed seeds were sets (``not_assessable``, taps), numbering the
hold after them; now they are listed as phone use and the hold is set 1. Faint checks (5 taps/s of 0.05-0.15 m/s^2)
are not all told (left: they stay a set, ``not_assessable`` or ``calm`` as before; seeds 33-34, 4 of 6 per rate).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

import tests.core.test_harmonic_holds as harmonic
from tests.core.arm_pendulum import span_overlap_s
from tests.core.test_phone_checks import seated
from tests.twitch_gen import twitch_wave
from tremor.core.analysis import analyze


@pytest.mark.parametrize("fs", [50.0, 100.0, 200.0])
@pytest.mark.parametrize(("rate", "amp"), [(2.0, (0.1, 0.4)), (8.0, (0.05, 0.4))])
def test_phone_checks_are_no_sets_and_a_knocked_fatigue_hold_stays_one(fs, rate, amp):
    """Slow strong and fast taps at 50-200 Hz: no set at either check, one listed as phone use at least (the pose
    of a check raised 25 deg can stay under the segmentation's pose threshold: then it is rest, as before); the
    hold with eight knocks between them stays set 1, ``fatigue_tremor`` or ``mixed``."""
    seed = 33
    rec, spans = seated(
        seed, fs, [("phone", 30.0), ("hold", 30.0), ("phone", 25.0)], rate=rate, amp=amp, knocks=8
    )
    r = analyze(rec)
    where = f"seed {seed} at {fs:g} Hz, {rate:g} taps/s"
    checks = [(a, b) for kind, a, b in spans if kind == "phone"]
    for a, b in checks:
        assert not [s for s in r.sets if span_overlap_s((s.span.start_s, s.span.end_s), a, b) > 0], (
            f"{where}: the phone check {a:.0f}-{b:.0f} s is a set: {[(s.span, s.label) for s in r.sets]}"
        )
    assert any(span_overlap_s(p, a, b) > 0.5 * (b - a) for p in r.phone_use for a, b in checks), (
        where,
        r.phone_use,
    )
    assert all(not any(span_overlap_s(p, a, b) > 0 for p in r.phone_use) for k, a, b in spans if k == "hold")
    (hold,) = [(a, b) for kind, a, b in spans if kind == "hold"]
    found = [s for s in r.sets if span_overlap_s((s.span.start_s, s.span.end_s), *hold) > 0]
    assert len(found) == 1 and found[0].span.index == 1, (where, [(s.span, s.label) for s in r.sets])
    assert found[0].label in ("fatigue_tremor", "mixed"), (where, found[0].label)


@pytest.mark.parametrize("fs", [50.0, 100.0, 200.0])
@pytest.mark.parametrize("seed", [3, 4])
def test_a_fatigue_hold_with_a_broad_harmonic_stays_a_set(fs, seed):
    """Its 13-18 Hz rise is spread as taps' (seeds 3 and 4 read as taps at 50 Hz), but steady: a set, no phone use."""
    res = harmonic._harmonic_hold(seed, fs)
    assert len(res.sets) == 1 and res.phone_use == (), ([(s.span, s.label) for s in res.sets], res.phone_use)


@pytest.mark.parametrize("fs", [100.0, 200.0])
def test_phone_use_ends_the_recovery_before_it(fs):
    """A fatigue hold, a phone check 45-60 s after it, then four twitches (0.3 m/s^2, 6 s apart) in the rest after the
    check: the twitches are found, but in no set's recovery (the base counted them in the check's own "set"; with
    the check no set and the hold's recovery running on, they would be the hold's, minutes after it)."""
    seed = 33
    rec, spans = seated(seed, fs, [("hold", 30.0), ("phone", 30.0)], rate=8.0, amp=(0.05, 0.4))
    rng = np.random.default_rng(seed)
    acc = rec.acc_mps2.copy()
    phone_end = spans[1][2]
    times = phone_end + 10.0 + 6.0 * np.arange(4)
    for tk in times:
        w, k = twitch_wave(rng, fs)
        i0 = int(tk * fs) - k
        axis = rng.normal(size=3)
        acc[i0 : i0 + w.size] += 0.3 * np.outer(w, axis / np.linalg.norm(axis))
    r = analyze(replace(rec, acc_mps2=acc))
    assert any(span_overlap_s(p, spans[1][1], phone_end) > 0 for p in r.phone_use), r.phone_use
    (hold,) = r.sets
    assert hold.span.recovery_end_s <= spans[1][1] + 2.0, (hold.span, spans)
    late = [tw for tw, _ in r.twitches if tw.t_s > phone_end]
    assert len(late) >= 3, f"the case: the twitches after the check are found ({len(late)})"
    assert all(i is None for tw, i in r.twitches if tw.t_s > phone_end), r.twitches
    assert hold.metrics.twitches_in_recovery == 0 and hold.label in ("fatigue_tremor", "mixed"), hold.label
