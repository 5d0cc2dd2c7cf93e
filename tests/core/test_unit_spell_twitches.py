"""One motor unit's spell of fasciculations is twitches, typing is not (issue 9).

Benign fasciculations after training often come from one unit firing for tens of seconds, 0.5-2 times a
second at irregular intervals, each twitch the same small ring along the same axis. The activity rule
(:mod:`tremor.core.twitch_activity`) takes such a spell for typing and the step rule (:mod:`tremor.core.twitch_steps`)
for footfalls (strict xfails with what was tried); soft taps among a typing burst's impacts are activity. Signals from :mod:`tests.unit_spell_gen` (written from the
physics), the red team's typing (``benchmarks/redteam/gen.py typing``); a fixed and a fresh seed each (printed;
replay with ``TREMOR_UNIT_SEED=<seed>``).
"""

from __future__ import annotations

import os

import numpy as np
import pytest

from tests.core.test_redteam_r6 import GEN
from tests.run_entropy import fresh_entropy
from tests.unit_spell_gen import still_wrist, typing, unit_spell
from tremor.core.events import detect_transients
from tremor.core.twitch_activity import classify_activity
from tremor.core.twitch_finder import Transient
from tremor.core.twitch_steps import on_step_train

FRESH_SEED = int(os.environ.get("TREMOR_UNIT_SEED", fresh_entropy(__name__) % 2**31))
SEEDS = [pytest.param(20261130, id="fixed"), pytest.param(FRESH_SEED, id="fresh")]


def _events(times: np.ndarray, peaks: np.ndarray, axes: np.ndarray) -> list[Transient]:
    return [
        Transient(float(t), float(p), 30.0, 0.01, "twitch", axis=tuple(float(x) for x in a))  # type: ignore[arg-type]
        for t, p, a in zip(times, peaks, axes)
    ]


def _around(axis: np.ndarray, n: int, deg: float, rng: np.random.Generator) -> np.ndarray:
    v = axis + np.tan(np.deg2rad(deg)) * rng.uniform(0, 1, (n, 1)) * rng.normal(size=(n, 3)) / np.sqrt(3)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


@pytest.mark.xfail(
    strict=True,
    reason="issue 9, h-unit: the activity rule takes a unit's spell at 1-2/s for typing. An exemption for small"
    " (median peak <= 0.1 m/s^2), same-size (log-peak MAD <= 0.2), <= 3/s runs freed the spell but let the taps of"
    " tests/core/test_rest_baseline_events.py's typing through (0.05-0.4 m/s^2 along one axis: 26-43 twitches a"
    " file, seeds 1-3 and 525986870 at 100/200 Hz; base 0-4); telling them apart needs the waveforms' sameness",
)
@pytest.mark.parametrize("seed", SEEDS)
def test_the_activity_rule_leaves_one_units_spell_and_takes_taps(seed: int) -> None:
    """The rule alone, on event lists: a unit at 0.5-2/s (gamma intervals, CV 0.2-0.6, size +-15 %, measured
    +-10 % more, one axis within 1 deg: the rule's 0.97 cosine) keeps every twitch; taps at 2-8/s of 0.05-0.4
    m/s^2 along one axis (the red team's typing) are all activity. Exact on these lists: no twitch of a spell
    has four aligned neighbours of sizes spread less than the rule's limit at more than 2.5 a second."""
    print(f"unit seed: {seed} (replay with TREMOR_UNIT_SEED={seed})")
    rng = np.random.default_rng(seed)
    axis = np.array([0.3, 0.5, 0.81]) / np.linalg.norm([0.3, 0.5, 0.81])
    for rate in (0.5, 1.0, 1.5, 2.0):
        cv, size = rng.uniform(0.2, 0.6), rng.uniform(0.01, 0.07)
        t = np.cumsum(rng.gamma(1 / cv**2, cv**2 / rate, size=int(60 * rate)))
        peaks = size * rng.uniform(0.85, 1.15, t.size) * rng.uniform(0.9, 1.1, t.size)
        kinds = [c.kind for c in classify_activity(_events(t, peaks, _around(axis, t.size, 1.0, rng)))]
        print(f"  unit {rate}/s CV {cv:.2f} size {size:.3f}: {kinds.count('activity')} of {t.size} activity")
        assert kinds.count("activity") == 0
    t = np.cumsum(rng.exponential(1 / 6.0, size=300) + 0.04)
    peaks = rng.uniform(0.05, 0.4, t.size)
    kinds = [c.kind for c in classify_activity(_events(t, peaks, _around(axis, t.size, 1.0, rng)))]
    print(f"  taps: {kinds.count('twitch')} of {t.size} left twitches")
    assert kinds.count("twitch") <= 2


@pytest.mark.xfail(
    strict=True,
    reason="issue 9, h-unit: a unit's irregular beats fit a step grid by chance (292 of 300 draws, seed 123). A"
    " cadence check (median |interval/period - 1| <= 0.08, 75 % of the span's beats on the grid) brought it to 101"
    " (footfalls 295 -> 290) but released red-team typing taps the step rule had taken by chance (0 -> 0-2 twitches"
    " a 5 min file at 200 Hz) while the activity rule still took the spell (recall at 1.5/s 0.04 -> 0.05): left out",
)
@pytest.mark.parametrize("seed", SEEDS)
def test_a_units_irregular_beats_are_not_a_step_train(seed: int) -> None:
    """The step rule on beat times: one unit at 1.5-2/s (gamma intervals, CV 0.2-0.6), every beat seen, within 4 s
    of a beat, is on a step train in at most half of 40 draws; footfalls at 1.4-3/s (2-5 % jitter, 60-100 % of
    the steps shown, 10 ms timing noise) in at least 36 of 40."""
    print(f"unit seed: {seed} (replay with TREMOR_UNIT_SEED={seed})")
    rng = np.random.default_rng(seed)
    unit = feet = 0
    for _ in range(40):
        rate, cv = rng.uniform(1.5, 2.0), rng.uniform(0.2, 0.6)
        t = np.cumsum(rng.gamma(1 / cv**2, cv**2 / rate, size=40))
        unit += on_step_train(t[np.abs(t - t[20]) <= 4.0], float(t[20]))
        rate, jitter = rng.uniform(1.4, 3.0), rng.uniform(0.02, 0.05)
        t = np.cumsum(1 / rate * (1 + jitter * rng.normal(size=60)))
        keep = (rng.uniform(size=t.size) < rng.uniform(0.6, 1.0)) & (np.abs(t - t[30]) <= 4.0)
        keep[30] = True
        feet += on_step_train(t[keep] + rng.normal(0.0, 0.01, int(keep.sum())), float(t[30]))
    print(f"  unit beats on a step train in {unit} of 40 draws; footfalls in {feet} of 40")
    assert unit <= 20 and feet >= 36


@pytest.mark.xfail(
    strict=True,
    reason="issue 9, h-unit: one unit at 1.5/s (CV 0.2-0.6, 0.05-0.1 m/s^2): 1-5 % of its twitches found at 100"
    " and 200 Hz (seeds 31000+; 0.5/s 73-95 %, 1/s 21-22 %); the activity, step and train rules take the rest",
)
@pytest.mark.parametrize("fs", [100.0, 200.0])
def test_a_units_spell_at_1_5_a_second_is_mostly_found(fs: float) -> None:
    """A 60 s spell (fixed seed): at least half its twitches found as twitches."""
    rng = np.random.default_rng(20261130)
    acc = still_wrist(fs, 60.0, rng)
    times = unit_spell(acc, fs, 1.5, rng.uniform(0.2, 0.6), rng.uniform(0.05, 0.1), rng)
    found = np.array([c.t_s for c in detect_transients(acc, fs=fs) if c.kind == "twitch"])
    hits = sum(found.size > 0 and float(np.min(np.abs(found - t - 0.02))) < 0.12 for t in times[times > 3.5])
    print(f"  {hits} of {np.count_nonzero(times > 3.5)} twitches found")
    assert hits >= 0.5 * np.count_nonzero(times > 3.5)


@pytest.mark.xfail(
    strict=True,
    reason="issue 9: the red team's typing, two draws over the test's bound of 4 twitches: a CI fresh draw (eighteenth"
    " session's submission, 2020293940 at 200 Hz): 8 twitches (measured on 9d2e5f8: 4 at 17.8-19.4 s, 2 at"
    " 42.2-42.5 s, 2 in the burst cut short at 290 s); seed 455 at 100 Hz (h-typeedge's"
    " fresh seeds 301-500): 5, four taps of the burst cut short at 290 s spanning 1.33 s along one axis"
    " and one small tap mid-burst whose axis was measured 20 deg off the taps'; seed 398 at 200 Hz (fresh seeds"
    " 301-400): 5, four taps of that burst over 1.31 s and a lone 0.024 m/s^2 event at 93.9 s",
)
@pytest.mark.parametrize("fs, seed", [(200.0, 2020293940), (100.0, 455), (200.0, 398)])
def test_the_red_team_typing_draws_with_over_four_twitches(fs: float, seed: int) -> None:
    """The pinned draws of :func:`test_typing_stays_out`'s red-team part: at most 4 twitches."""
    _, acc, _ = GEN.sc_typing(fs, np.random.default_rng(seed))
    assert [c.kind for c in detect_transients(acc, fs=fs)].count("twitch") <= 4


@pytest.mark.fresh_rate(
    param="seed",
    env="TREMOR_UNIT_SEED",
    measured="seeds 100-220: the typing of tests.unit_spell_gen left over 3 % of its taps as twitches in 2 of 121"
    " files at 200 Hz (9 of 229, 12 of 329 taps), 0 of 121 at 100 Hz; the red team's typing over 4 twitches in 1 of"
    " 200 fresh files at 100 Hz (seeds 301-500: 455, 5) and 1 of 100 at 200 Hz (301-400: 398, 5); in none of seeds 100-300 at 100/200 Hz",
)
@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("fs", [100.0, 200.0])
def test_typing_stays_out(seed: int, fs: float) -> None:
    """The red team's typing (5 min, taps 4-8/s in bursts, 0.05-0.4 m/s^2 along one axis; FINDINGS.md item 5)
    and typing from :mod:`tests.unit_spell_gen` (taps 0.2-2 m/s^2 in varying directions, the hand moving): the
    typing rule takes nearly all of the red team's taps, and soft taps among impacts are activity (six 90 s files,
    seeds 31000-31002 at 100 and 200 Hz: 18 taps left twitches in all at base, 7 now), at most 3 % of the taps in
    a file.

    Measured on the red team's typing, seeds 100-300 (the same on 20e9c2c, before the soft-tap rule): 0-2 twitches a
    file in 190 of 201 files at 100 Hz and 194 of 201 at 200 Hz, 3-4 in the others, never more: 3-4 taps of 0.1-0.25
    m/s^2 at 2.5-4 a second along one axis, nearly all (15 of 18) in the burst the generator cuts short at 290 s
    (1.2-2.7 s of typing, 10 s before the file's end), which is what one unit's brief spell or a muscle's spell of
    2.5-4 twitches a second looks like too (the activity rule wants four aligned neighbours a tap; a rule taking four
    events along one axis within 1.2 s for typing, h-typeedge, cleared 11 -> 8 of 201 files at 100 Hz but took
    muscles' spells for typing, tests/core/test_muscle_brief_spell.py, and was not merged). Fresh seeds 301-500 at
    100 Hz: 3-5 in 4 of 200 files; 301-400 at 200 Hz: 4 of 100. Three draws over 4 are pinned above."""
    print(f"unit seed: {seed} (replay with TREMOR_UNIT_SEED={seed})")
    _, acc, _ = GEN.sc_typing(fs, np.random.default_rng(seed))
    kinds = [c.kind for c in detect_transients(acc, fs=fs)]
    print(f"  red team typing: {kinds.count('twitch')} twitches, {kinds.count('activity')} activity")
    assert kinds.count("twitch") <= 4 and kinds.count("activity") >= 50
    rng = np.random.default_rng(seed)
    acc = still_wrist(fs, 90.0, rng)
    taps = typing(acc, fs, rng)
    kinds = [c.kind for c in detect_transients(acc, fs=fs)]
    print(f"  typing, {taps} taps: {kinds.count('twitch')} twitches, {kinds.count('activity')} activity")
    assert kinds.count("twitch") <= 0.03 * taps
