"""Two to four candidates one period of an ongoing line apart are its beats, not twitches (issue 9, R3-3).

Both sides of :func:`tremor.core.twitch_beats.classify_line_beats`: the cycles of a waxing 4-6 Hz rest
tremor that stand out as candidates are ``"rhythmic"``; twitch pairs and triplets (0.15-0.6 s apart,
random axes) at rest or inside such a tremor stay twitches, and the rule marks nothing a detector
without it would not count as a twitch only when a line at the pair's rate goes on around it.
The signals are written here from the physics (a narrow-band line with a slowly waxing envelope and
a phase-locked second harmonic, switched on in episodes); fixed seeds and a fresh one (printed;
replay with ``TREMOR_PHYS_SEED=<seed>``).
"""

from __future__ import annotations

import os
from dataclasses import replace

import numpy as np
import pytest

import tremor.core.events as events
from tests.run_entropy import fresh_entropy
from tremor.core.events import Transient, TwitchDetector, detect_transients
from tremor.core.twitch_beats import (
    BEATS_ALIKE,
    BEATS_JITTER,
    BEATS_MAX_PERIOD_S,
    LineEvidence,
    classify_line_beats,
)

FRESH_SEED = int(os.environ.get("TREMOR_PHYS_SEED", fresh_entropy(__name__) % 2**31))
SEEDS = [pytest.param(3, id="fixed"), pytest.param(FRESH_SEED, id="fresh")]
FS = (100.0, 200.0)
GRAVITY = np.array([0.0, 0.0, 9.81])


def _unit(rng: np.random.Generator) -> np.ndarray:
    v = rng.normal(size=3)
    return v / np.linalg.norm(v)


def _line(rng: np.random.Generator, fs: float, n: int, f0: float, width: float) -> np.ndarray:
    """Unit-RMS narrow-band line at ``f0`` (complex Gaussian envelope, Gaussian spectrum ``width`` Hz
    FWHM), with a phase-locked second harmonic at a quarter of its amplitude."""
    f = np.fft.fftfreq(n, 1 / fs)
    z = np.fft.ifft(
        (rng.normal(size=n) + 1j * rng.normal(size=n)) * np.exp(-0.5 * (f / (width / 2.355)) ** 2)
    )
    phase = 2 * np.pi * f0 * np.arange(n) / fs + np.angle(z)
    x = np.abs(z) * (np.cos(phase) + 0.25 * np.cos(2 * phase))
    return x / x.std()


def _rest_tremor(
    rng: np.random.Generator, fs: float, seconds: float, episodes: bool = True
) -> tuple[np.ndarray, float]:
    """A resting wrist with an intermittent rest tremor: 4-6 Hz, 0.4 Hz wide, 0.03-0.2 m/s^2 RMS,
    its envelope waxing by 30 % at 0.02-0.2 Hz, in 15-40 s episodes ramping in and out over 1-4 s
    (``episodes=False``: always on); a physiological tremor (8.5-10 Hz, 2 Hz wide, 0.012 m/s^2) and
    0.008 m/s^2 sensor noise. Returns the acceleration and the tremor's frequency."""
    n = int(seconds * fs)
    t = np.arange(n) / fs
    f0 = rng.uniform(4.0, 6.0)
    wax = 1 + 0.3 * np.sin(2 * np.pi * rng.uniform(0.02, 0.2) * t + rng.uniform(0, 2 * np.pi))
    tremor = rng.uniform(0.03, 0.2) * wax * _line(rng, fs, n, f0, 0.4)
    gate = np.ones(n)
    if episodes:
        gate[:] = 0.0
        start = rng.uniform(2, 8)
        while start < seconds:
            length, ramp = rng.uniform(15, 40), rng.uniform(1, 4)
            gate += np.clip(np.minimum((t - start) / ramp, (start + length - t) / ramp), 0, 1)
            start += length + rng.uniform(8, 20)
        gate = np.minimum(gate, 1.0)
    acc = GRAVITY + rng.normal(0, 0.008, (n, 3)) + np.outer(gate * tremor, _unit(rng))
    acc += np.outer(0.012 * _line(rng, fs, n, rng.uniform(8.5, 10), 2.0), _unit(rng))
    return acc, f0


def _twitch(rng: np.random.Generator, fs: float) -> np.ndarray:
    """A twitch: a damped 10-30 Hz oscillation, 20-150 ms, peak 1."""
    t = np.arange(int(0.15 * fs)) / fs
    x = np.exp(-t * 3 / rng.uniform(0.02, 0.15)) * np.sin(2 * np.pi * rng.uniform(10, 30) * t)
    return x / np.abs(x).max()


def _add_clusters(
    rng: np.random.Generator, acc: np.ndarray, fs: float, gaps: tuple[float, float], size: tuple[float, float]
) -> list[float]:
    """Twitch pairs and triplets every 8-10 s from 6 s, ``gaps`` s apart at random, random axes."""
    truth = []
    t = 6.0
    while t < acc.shape[0] / fs - 4:
        s = t + rng.uniform(0, 2)
        for _ in range(int(rng.integers(2, 4))):
            pulse, i0 = rng.uniform(*size) * _twitch(rng, fs), round(s * fs)
            acc[i0 : i0 + pulse.size] += np.outer(pulse, _unit(rng))
            truth.append(s)
            s += rng.uniform(*gaps)
        t += 8.0
    return truth


def _twitches(acc: np.ndarray, fs: float, rule: bool = True) -> np.ndarray:
    """Twitch times, with the line-beat rule or without it."""
    saved = events.classify_line_beats
    if not rule:
        events.classify_line_beats = lambda c, _line: list(c)  # type: ignore[assignment]
    try:
        return np.array([c.t_s for c in detect_transients(acc, fs=fs) if c.kind == "twitch"])
    finally:
        events.classify_line_beats = saved


def _at_period(times: np.ndarray, f0: float) -> int:
    """Consecutive twitches one tremor period apart (within BEATS_JITTER)."""
    return int(np.sum(np.abs(np.diff(times) * f0 - 1) <= BEATS_JITTER))


@pytest.mark.fresh_rate(
    param="seed",
    env="TREMOR_PHYS_SEED",
    measured="1 of 121 fresh draws over 2 pairs (2026-11-30: 4 at seed 189659197)",
)
@pytest.mark.parametrize(
    "seed",
    [
        *SEEDS,
        # a CI run's fresh draw (2026-11-30), failing on f5d9ebf as since: its 200 Hz files give 4 pairs of false
        # twitches one period apart (7 false twitches, 10 without the rule); 0 of 120 more fresh draws fail
        pytest.param(
            189659197,
            id="ci-189659197",
            marks=pytest.mark.xfail(strict=True, reason="4 twitch pairs at the tremor's period (known rate)"),
        ),
    ],
)
def test_a_waxing_rest_tremors_cycles_are_not_twitch_pairs(seed: int) -> None:
    """6 x 2 min of an intermittent rest tremor at 100 and 200 Hz: at most two pairs of consecutive
    twitches one tremor period apart (measured, seeds 1000-1029, 60 files: 88 such pairs without the
    rule, 4 with it; false twitches 201 -> 58, most of the rest single cycles at an episode's onset),
    and no twitch the detector would not report without the rule."""
    print(f"physics seed: {seed} (replay with TREMOR_PHYS_SEED={seed})")
    rng = np.random.default_rng(seed)
    pairs, before, after = 0, 0, 0
    for fs in FS:
        for _ in range(3):
            acc, f0 = _rest_tremor(rng, fs, 120.0)
            with_rule, without = _twitches(acc, fs), _twitches(acc, fs, rule=False)
            pairs += _at_period(with_rule, f0)
            before, after = before + without.size, after + with_rule.size
            assert set(with_rule.tolist()) <= set(without.tolist())
    print(f"false twitches without / with the rule: {before} / {after}; pairs at the period: {pairs}")
    assert pairs <= 2


def _nearest_gap(truth: np.ndarray) -> np.ndarray:
    """Each twitch's interval to its nearest neighbour (s)."""
    d = np.diff(truth)
    return np.minimum(np.concatenate([[np.inf], d]), np.concatenate([d, [np.inf]]))


@pytest.mark.fresh_rate(
    param="seed",
    env="TREMOR_PHYS_SEED",
    measured="close pairs' recall and the rule's losses: rates in the docstring, bounds under 1e-3 a draw",
)
@pytest.mark.parametrize("seed", SEEDS)
def test_twitch_pairs_and_triplets_stay_twitches(seed: int) -> None:
    """Pairs and triplets of twitches at random axes.

    At rest, 0.1-0.3 m/s^2, 0.15-0.35 s apart (the rule's own range of periods: no line there): every
    twitch the detector finds without the rule it finds with it. How many it finds is the detector's
    resolution, not the rule's: measured (80 sessions a rate, fresh seeds, ~2000 twitches each), twitches
    whose nearest neighbour is 0.15-0.17 s away 0.89 / 0.94 found (100 / 200 Hz), 0.17-0.21 s 0.96-0.99,
    from 0.21 s 0.998-1.0; so from 0.21 s at most one is missed, and of the closer ones at least 3 in 4
    are found (binomial tails of both under 1e-3 a run at the measured rates).

    Inside a steady 4-6 Hz rest tremor, 0.2-0.4 m/s^2 twitches 0.3-0.6 s apart: measured on fresh seeds
    (200 sessions, 100 and 200 Hz), the rule lost 1 of the 2500 twitches the detector found without it (7 of
    2030 before its peak-time check: a twitch's energy centre drawn toward a neighbour's tail made their
    intervals look like the tremor's period); at most 1 of a run's ~46 may be lost.
    """
    print(f"physics seed: {seed} (replay with TREMOR_PHYS_SEED={seed})")
    rng = np.random.default_rng(seed)
    near_found, near_total, far_missed = 0, 0, 0
    for fs in FS:
        n = int(80 * fs)
        acc = GRAVITY + rng.normal(0, 0.008, (n, 3))
        acc += np.outer(0.012 * _line(rng, fs, n, rng.uniform(8.5, 10), 2.0), _unit(rng))
        truth = np.array(_add_clusters(rng, acc, fs, (0.15, 0.35), (0.1, 0.3)))
        with_rule, without = _twitches(acc, fs), _twitches(acc, fs, rule=False)
        assert np.array_equal(with_rule, without), (fs, truth, with_rule, without)
        found = np.array([bool(np.any(np.abs(with_rule - t) < 0.14)) for t in truth])
        close = _nearest_gap(truth) < 0.21
        near_found, near_total = near_found + int(found[close].sum()), near_total + int(close.sum())
        far_missed += int((~found[~close]).sum())
    print(
        f"found {near_found} of {near_total} within 0.21 s of a neighbour; {far_missed} missed further apart"
    )
    assert far_missed <= 1
    assert near_found >= 0.75 * near_total
    lost, total = 0, 0
    for fs in FS:
        acc, _f0 = _rest_tremor(rng, fs, 80.0, episodes=False)
        truth = np.array(_add_clusters(rng, acc, fs, (0.3, 0.6), (0.2, 0.4)))
        with_rule, without = _twitches(acc, fs), _twitches(acc, fs, rule=False)
        for t in truth:
            lost += bool(np.any(np.abs(without - t) < 0.14)) and not np.any(np.abs(with_rule - t) < 0.14)
        total += truth.size
    print(f"inside the tremor: {lost} of {total} lost by the rule")
    assert lost <= 1, (lost, total)


def _candidate(
    t: float, axis: tuple[float, float, float], kind: str = "twitch", peak: float = 0.1
) -> Transient:
    return Transient(t, peak, 40.0, 0.05, kind, axis=axis, centre_s=t)


def test_the_rule_asks_for_aligned_regular_beats_and_the_line() -> None:
    """The rule's parts one at a time, on candidates with a stated line check."""
    ax = (0.0, 0.6, 0.8)
    calls: list[float] = []

    def line(first: float, last: float, axis: np.ndarray, period: float) -> bool:
        calls.append(period)
        return abs(1 / period - 5.0) < 0.5

    pair = [_candidate(10.0, ax), _candidate(10.2, ax)]
    assert [c.kind for c in classify_line_beats(pair, line)] == ["rhythmic", "rhythmic"]
    # no line at their rate: twitches
    assert [c.kind for c in classify_line_beats([_candidate(10.0, ax), _candidate(10.3, ax)], line)] == [
        "twitch",
        "twitch",
    ]
    # along different axes: twitches, and the line is not asked
    calls.clear()
    other = [_candidate(10.0, ax), _candidate(10.2, (1.0, 0.0, 0.0))]
    assert [c.kind for c in classify_line_beats(other, line)] == ["twitch", "twitch"]
    assert calls == []
    # irregular (0.1 and 0.3 s): not the triplet, though each pair may be tested
    trip = [_candidate(10.0, ax), _candidate(10.1, ax), _candidate(10.4, ax)]
    assert [c.kind for c in classify_line_beats(trip, line)] == ["twitch", "twitch", "twitch"]
    # a rhythmic neighbour one period away makes a twitch a beat; two non-twitches are left alone
    beat = [_candidate(10.0, ax, "rhythmic"), _candidate(10.2, ax)]
    assert [c.kind for c in classify_line_beats(beat, line)] == ["rhythmic", "rhythmic"]
    calls.clear()
    assert [
        c.kind
        for c in classify_line_beats([_candidate(10.0, ax, "weak"), _candidate(10.2, ax, "weak")], line)
    ] == [
        "weak",
        "weak",
    ]
    assert calls == []
    # a twitch twice the size of the tremor cycle beside it stands out: a twitch
    big = [_candidate(10.0, ax, "rhythmic"), _candidate(10.2, ax, peak=0.1 * 2 * BEATS_ALIKE)]
    assert [c.kind for c in classify_line_beats(big, line)] == ["rhythmic", "twitch"]
    # energy centres drawn together (0.09 s) while the peaks are 0.155 s apart: not beats at the centres' rate,
    # even where a line is there; with the peaks one period apart too, beats
    anything = lambda *a: True
    drawn = [replace(_candidate(10.0, ax), centre_s=10.03), replace(_candidate(10.155, ax), centre_s=10.12)]
    assert [c.kind for c in classify_line_beats(drawn, anything)] == ["twitch", "twitch"]
    steady = [replace(_candidate(10.0, ax), centre_s=10.03), replace(_candidate(10.1, ax), centre_s=10.12)]
    assert [c.kind for c in classify_line_beats(steady, anything)] == ["rhythmic", "rhythmic"]
    # the same time twice (no interval): nothing to test
    assert [c.kind for c in classify_line_beats([_candidate(10.0, ax), _candidate(10.0, ax)], line)] == [
        "twitch",
        "twitch",
    ]
    # slower than the band's edge: not tested
    calls.clear()
    slow = 1.2 * BEATS_MAX_PERIOD_S * (1 + BEATS_JITTER)
    classify_line_beats(
        [_candidate(10.0, ax), _candidate(10.0 + slow, ax)], lambda *a: calls.append(1) or True
    )
    assert calls == []


def test_line_evidence_sees_a_line_at_its_rate_only() -> None:
    """A 5 Hz line in noise holds a line at 1/0.2 s, not at 1/0.4 s (a pair two periods apart) nor
    1/0.3 s; noise alone holds none."""
    rng = np.random.default_rng(5)
    fs, n = 100.0, 2000
    u = np.array([0.0, 0.6, 0.8])
    noise = rng.normal(0, 0.01, (n, 3))
    ev = LineEvidence(fs, 0.0)
    ev.append(noise + np.outer(0.1 * np.sin(2 * np.pi * 5.0 * np.arange(n) / fs), u))
    assert ev(10.0, 10.2, u, 0.2)
    assert not ev(10.0, 10.4, u, 0.4)
    assert not ev(10.0, 10.3, u, 0.3)
    quiet = LineEvidence(fs, 0.0)
    quiet.append(noise)
    assert not quiet(10.0, 10.2, u, 0.2)


@pytest.mark.parametrize("seed", SEEDS)
def test_chunked_equals_batch_on_a_rest_tremor(seed: int) -> None:
    """Live (random chunks) gives the same transients as batch where the rule marks beats."""
    print(f"physics seed: {seed} (replay with TREMOR_PHYS_SEED={seed})")
    rng = np.random.default_rng(seed)
    fs = 100.0
    acc, _f0 = _rest_tremor(rng, fs, 90.0)
    batch = detect_transients(acc, fs=fs)
    det = TwitchDetector(fs)
    live: list[Transient] = []
    i = 0
    while i < acc.shape[0]:
        k = int(rng.integers(1, 400))
        live += det.update(acc[i : i + k], final=i + k >= acc.shape[0])
        i += k
    assert live == batch
