"""What a twitch can be (issue 9): impacts, activity bursts and a strong tremor's surges are not twitches.

Each rule is tested on both sides: an impact larger than one motor unit can move the wrist is an
``"artefact"``, a twitch under that size stays a twitch; five or more taps along one axis within
:data:`~tremor.core.events.ACTIVITY_SPAN_S` are ``"activity"``, two to four twitches close together
(and dense twitches along random axes) stay twitches; a strong narrow-band tremor's envelope surges
give no twitch, a large twitch inside it still does. Fixed seeds and a fresh one (printed; replay
with ``TREMOR_PHYS_SEED=<seed>``).
"""

from __future__ import annotations

import os

import numpy as np
import pytest

from tests.core.ring_physics import add_pulse as _add
from tests.core.ring_physics import ring as _ring
from tests.core.ring_physics import still_wrist as _rest
from tests.core.ring_physics import unit_axis as _unit
from tests.run_entropy import fresh_entropy
from tremor.core.events import (
    ACTIVITY_MIN,
    ACTIVITY_SPAN_S,
    ARTEFACT_MPS2,
    Transient,
    TwitchDetector,
    detect_transients,
    not_twitches_note,
)
from tremor.core.twitch_signal import BLOCK_S, WHITEN_FIT_S

FRESH_SEED = int(os.environ.get("TREMOR_PHYS_SEED", fresh_entropy(__name__) % 2**31))
SEEDS = [pytest.param(7, id="fixed"), pytest.param(FRESH_SEED, id="fresh")]
FS = (100.0, 200.0)


def _kinds_near(found: list, times: list[float], reach: float = 0.1) -> list[list[str]]:
    return [[c.kind for c in found if abs(c.t_s - t) < reach] for t in times]


@pytest.mark.parametrize("seed", SEEDS)
def test_impacts_are_artefacts_and_twitches_under_the_ceiling_are_not(seed: int) -> None:
    """Knocks (30-45 Hz ringing, 6 ms decay) whose band-passed peak lies 1.3-3x over ARTEFACT_MPS2 are
    ``"artefact"``; twitches (10-30 Hz, 20-150 ms) whose peak lies at 0.3-0.8x of it are twitches."""
    print(f"physics seed: {seed} (replay with TREMOR_PHYS_SEED={seed})")
    rng = np.random.default_rng(seed)
    for fs in FS:
        acc = _rest(rng, fs, 40.0)
        knocks, twitches = [6.0, 12.0, 18.0], [24.0, 30.0, 36.0]
        shapes = [(_ring(fs, rng.uniform(30, 45), 0.006, 0.06), t) for t in knocks]
        shapes += [(_ring(fs, rng.uniform(10, 30), rng.uniform(0.02, 0.15) / 3), t) for t in twitches]
        # each shape's band-passed peak per m/s^2, measured alone at a small size, then scaled
        for (pulse, t), target in zip(
            shapes, [*rng.uniform(1.3, 3.0, 3) * ARTEFACT_MPS2, *rng.uniform(0.3, 0.8, 3) * ARTEFACT_MPS2]
        ):
            probe = _rest(np.random.default_rng(0), fs, 6.0)
            axis = _unit(rng)
            _add(probe, fs, 3.0, 0.2 * pulse, axis)
            gain = max(c.peak_mps2 for c in detect_transients(probe, fs=fs)) / 0.2
            _add(acc, fs, t, target / gain * pulse, axis)
        found = detect_transients(acc, fs=fs)
        kinds = _kinds_near(found, [t + 0.03 for t in knocks + twitches])
        assert [k[:1] for k in kinds] == [["artefact"]] * 3 + [["twitch"]] * 3, (fs, kinds)
        # every candidate carries the rise it was judged on; the note counts the three knocks by it
        assert all(c.rise_mps2 is not None and c.rise_mps2 <= c.peak_mps2 for c in found)
        note = not_twitches_note([c for c in found if c.kind != "twitch"])
        assert note is not None and note.startswith("3 impact(s)"), (fs, note)


def _taps(
    rng: np.random.Generator, fs: float, acc: np.ndarray, t0: float, n: int, axis: np.ndarray
) -> list[float]:
    """``n`` taps along ``axis`` from ``t0`` at irregular intervals (0.04 s + exponential of mean 1/6 s:
    4-8 a second), each a 10-30 ms ring at 8-20 Hz of 0.15-0.4 m/s^2."""
    times, t = [], t0
    for _ in range(n):
        _add(
            acc, fs, t, rng.uniform(0.15, 0.4) * _ring(fs, rng.uniform(8, 20), rng.uniform(0.01, 0.03)), axis
        )
        times.append(t)
        t += 0.04 + rng.exponential(1 / 6.0) + 0.1  # apart enough for each tap to be its own candidate
    return times


@pytest.mark.parametrize("seed", SEEDS)
def test_tap_bursts_are_activity_but_pairs_and_triplets_are_twitches(seed: int) -> None:
    """Bursts of 8-12 taps along one axis within 2-3 s give no twitch; a pair and a triplet 0.3 s apart
    along one axis, and four taps within 1.5 s along one axis (fewer than ACTIVITY_MIN), stay twitches;
    live in random chunks gives the same transients as batch.

    Two documented limits are allowed for, each kept as a strict xfail in
    tests/stress/test_fresh_seed_cases.py (h-flaky3, 2026-11-29: 7 failing draws in 330 fresh ones):
    inside a burst, a twitch only where fewer than ACTIVITY_MIN candidates of any kind lie within
    ACTIVITY_SPAN_S of it, so that the activity rule could not see a burst (fresh seed 896110892,
    200 Hz: 9 taps gave 4 candidates; 1 draw in 330); in the still wrist after the bursts, at most one
    twitch, while the whitener's fit still holds the taps (WHITEN_FIT_S + BLOCK_S, 5.5 s, after a burst's
    last tap: fresh seed 1289879555 at 3.1 s; 6 draws in 300 gave one, 0.7-4.5 s after a burst, never
    two)."""
    print(f"physics seed: {seed} (replay with TREMOR_PHYS_SEED={seed})")
    rng = np.random.default_rng(seed)
    assert ACTIVITY_MIN == 5 and ACTIVITY_SPAN_S == 2.0
    for fs in FS:
        acc = _rest(rng, fs, 60.0)
        axis = _unit(rng)
        bursts = [_taps(rng, fs, acc, t0, int(rng.integers(8, 13)), axis) for t0 in (8.0, 18.0)]
        groups = [[30.0, 30.3], [38.0, 38.3, 38.6]]
        for g in groups:
            for t in g:
                _add(acc, fs, t, 0.25 * _ring(fs, rng.uniform(10, 30), 0.02), axis)
        four = [46.0, 46.35, 46.8, 47.3]
        for t in four:
            _add(acc, fs, t, 0.25 * _ring(fs, rng.uniform(10, 30), 0.02), axis)
        found = detect_transients(acc, fs=fs)
        twitches = [c.t_s for c in found if c.kind == "twitch" and 7.5 < c.t_s < 28.0]
        inside = [t for t in twitches if any(b[0] - 0.5 < t < b[-1] + 0.5 for b in bursts)]
        unseen = [sum(abs(c.t_s - t) <= ACTIVITY_SPAN_S for c in found) < ACTIVITY_MIN for t in inside]
        assert all(unseen), (fs, twitches, [(round(c.t_s, 3), c.kind) for c in found])
        after = [t for t in twitches if t not in inside]
        held = [any(b[-1] < t < b[-1] + WHITEN_FIT_S + BLOCK_S for b in bursts) for t in after]
        assert len(after) <= 1 and all(held), (fs, after)
        want = [t for g in groups for t in g] + four
        assert all("twitch" in k for k in _kinds_near(found, [t + 0.03 for t in want])), (fs, found)
        det, live, i = TwitchDetector(fs), [], 0
        chunks = np.random.default_rng(seed + 1)
        while i < acc.shape[0]:
            k = int(chunks.integers(1, 300))
            live += det.update(acc[i : i + k])
            i += k
        assert live + det.update(np.zeros((0, 3)), final=True) == found


def _tremor(rng: np.random.Generator, fs: float, n: int, f0: float, width: float, rms: float) -> np.ndarray:
    """A narrow-band tremor line along a random axis: complex Gaussian noise filtered to ``width`` Hz
    (a Gaussian spectrum) shifted to ``f0``, scaled to ``rms`` m/s^2."""
    spec = rng.normal(size=n) + 1j * rng.normal(size=n)
    f = np.fft.fftfreq(n, 1 / fs)
    z = np.fft.ifft(spec * np.exp(-0.5 * (f / (width / 2.355)) ** 2))
    x = np.real(z * np.exp(2j * np.pi * f0 * np.arange(n) / fs))
    return np.outer(rms * x / x.std(), _unit(rng))


@pytest.mark.parametrize("seed", SEEDS)
def test_a_strong_tremors_surges_are_not_twitches(seed: int) -> None:
    """2 x 60 s at 100 and 200 Hz of a 1.5-2 Hz wide tremor line at 8-11 Hz, 0.12-0.2 m/s^2 RMS: at
    most 3 false twitches in the 4 min (its envelope surges; twitch_finder.RHYTHM_RISE_MADS: 9 in
    100 min measured over seeds 0-49, 36 without the rule; 3 or more in 4 min then has probability
    about 0.6 %, 4 or more 0.06 %); a 0.5 m/s^2 twitch in a 0.05 m/s^2 line of the same shape is still
    found."""
    print(f"physics seed: {seed} (replay with TREMOR_PHYS_SEED={seed})")
    rng = np.random.default_rng(seed)
    false = []
    for fs in FS:
        for _ in range(2):
            acc = _rest(rng, fs, 60.0)
            acc += _tremor(
                rng, fs, acc.shape[0], rng.uniform(8, 11), rng.uniform(1.5, 2.0), rng.uniform(0.12, 0.2)
            )
            false += [(fs, c) for c in detect_transients(acc, fs=fs) if c.kind == "twitch" and c.t_s > 6.0]
    assert len(false) <= 3, false
    for fs in FS:
        acc = _rest(rng, fs, 30.0)
        acc += _tremor(rng, fs, acc.shape[0], rng.uniform(8, 11), 1.5, 0.05)
        _add(acc, fs, 20.0, 0.5 * _ring(fs, 20.0, 0.02), _unit(rng))
        found = detect_transients(acc, fs=fs)
        assert ["twitch"] in _kinds_near(found, [20.03]), (fs, found)


def test_impacts_and_activity_are_reported_not_dropped() -> None:
    """The note names how many impacts (own rise over the background at or over the ceiling, the
    detector's own test) and activity events there were; a candidate marked artefact only for lying near an
    impact is not counted as one, even where its band-passed peak (riding on a machine line or a tremor)
    is over the ceiling; nothing: None."""
    found = [
        Transient(1.0, 1.5, 60.0, 0.05, "artefact", rise_mps2=1.2),
        Transient(1.3, 0.1, 60.0, 0.05, "artefact", rise_mps2=0.05),  # near the impact, not one itself
        Transient(1.5, 0.7, 60.0, 0.05, "artefact", rise_mps2=0.2),  # near it, on a 0.5 m/s^2 background
        # a long candidate whose extent holds the same knock: one impact, not two
        Transient(0.78, 1.5, 455.0, 0.05, "artefact", centre_s=1.0, rise_mps2=1.2),
        Transient(5.0, 0.2, 40.0, 0.05, "activity"),
        Transient(5.3, 0.2, 40.0, 0.05, "activity"),
        Transient(9.0, 0.2, 40.0, 0.05, "twitch"),
    ]
    note = not_twitches_note(found)
    assert note is not None and note.startswith("1 impact(s) (band-passed peak 1.50 m/s^2")
    assert "2 brief event(s) in dense bursts along one axis" in note
    assert not_twitches_note(found[-1:]) is None
    # two knocks 0.3 s apart are two impacts
    pair = [Transient(t, 1.0, 40.0, 0.05, "artefact", centre_s=t, rise_mps2=0.9) for t in (3.0, 3.3)]
    assert (not_twitches_note(pair) or "").startswith("2 impact(s) (band-passed peak 1.00 m/s^2")
