"""The train rule (``tremor.core.twitch_trains``) on event times and axes drawn at random: its
false-train rate for independent twitches and its hit rate on regular trains, measured and bounded;
and on signals, a train with beats below the threshold (the envelope at its empty slots).

A fixed seed and a fresh one (printed; replay with ``TREMOR_TRAIN_SEED=<seed>``).
"""

from __future__ import annotations

import os
from collections.abc import Callable

import numpy as np
import pytest

from tests.run_entropy import fresh_entropy
from tremor.core.events import TwitchDetector, detect_transients
from tremor.core.twitch_finder import Transient
from tremor.core.twitch_trains import classify_trains

FRESH_SEED = int(os.environ.get("TREMOR_TRAIN_SEED", fresh_entropy(__name__) % 2**31))
SEEDS = [pytest.param(20261128, id="fixed"), pytest.param(FRESH_SEED, id="fresh")]


def _unit(rng: np.random.Generator) -> tuple[float, float, float]:
    v = rng.normal(size=3)
    v /= np.linalg.norm(v)
    return (float(v[0]), float(v[1]), float(v[2]))


def _marked(
    rng: np.random.Generator,
    times: Callable[[], np.ndarray],
    one_axis: bool,
    draws: int = 100,
) -> float:
    """Fraction of the candidates marked rhythmic over ``draws`` sequences."""
    marked = total = 0
    for _ in range(draws):
        t = times()
        a0 = np.array(_unit(rng))
        axes = []
        for _ in t:
            a = a0 + rng.normal(0, 0.05, 3) if one_axis else np.array(_unit(rng))
            a /= np.linalg.norm(a)
            axes.append((float(a[0]), float(a[1]), float(a[2])))
        cands = [Transient(float(x), 0.2, 50.0, 0.05, "twitch", ax, float(x)) for x, ax in zip(t, axes)]
        out = classify_trains(cands)
        marked += sum(c.kind == "rhythmic" for c in out)
        total += len(out)
    return marked / total


@pytest.mark.parametrize("seed", SEEDS)
def test_independent_twitches_are_not_trains(seed: int) -> None:
    """Twitches along random axes, Poisson or quasi-regular (0.3-0.45 s apart): almost never a train
    (measured 0-0.1 % marked rhythmic over 12,000 twitches each)."""
    print(f"train seed: {seed} (replay with TREMOR_TRAIN_SEED={seed})")
    rng = np.random.default_rng(seed)
    poisson = _marked(rng, lambda: np.cumsum(rng.exponential(0.4, 40) + 0.15), one_axis=False)
    quasi = _marked(rng, lambda: np.cumsum(rng.uniform(0.3, 0.45, 40)), one_axis=False)
    slow = _marked(rng, lambda: np.cumsum(rng.uniform(1.0, 1.5, 40)), one_axis=False)
    print(f"marked rhythmic: Poisson {poisson:.4f}, 0.3-0.45 s {quasi:.4f}, 1-1.5 s {slow:.4f}")
    assert max(poisson, quasi, slow) <= 0.01


@pytest.mark.parametrize("seed", SEEDS)
def test_regular_trains_are_trains(seed: int) -> None:
    """5-12 beats at 1.5-6 Hz, 3 % period jitter plus 20 ms timing noise, one axis: rhythmic
    (measured 99.8 % of beats)."""
    print(f"train seed: {seed} (replay with TREMOR_TRAIN_SEED={seed})")
    rng = np.random.default_rng(seed)

    def train() -> np.ndarray:
        period = 1.0 / rng.uniform(1.5, 6.0)
        m = int(rng.integers(5, 13))
        return np.arange(m) * period + rng.normal(0, 0.03 * period, m) + rng.normal(0, 0.02, m)

    hit = _marked(rng, train, one_axis=True)
    print(f"train beats marked rhythmic: {hit:.3f}")
    assert hit >= 0.95


def test_same_axis_poisson_twitches_are_the_known_limit() -> None:
    """One motor unit firing at random (Poisson, 1.8 a second, one axis): timing alone must decide.
    Measured 24 % marked rhythmic at this density (23 % before a split beat counted once); bounded
    so that a looser rule shows up here."""
    rng = np.random.default_rng(7)
    rate = _marked(rng, lambda: np.cumsum(rng.exponential(0.4, 40) + 0.15), one_axis=True)
    print(f"same-axis Poisson twitches marked rhythmic: {rate:.3f}")
    assert rate <= 0.35


def test_pairs_and_triplets_are_never_trains() -> None:
    """Two to four twitches at one period along one axis are not a train (TRAIN_MIN is 5)."""
    for n in (2, 3, 4):
        cands = [
            Transient(1.0 + 0.3 * i, 0.2, 50.0, 0.05, "twitch", (1.0, 0.0, 0.0), 1.0 + 0.3 * i)
            for i in range(n)
        ]
        assert all(c.kind == "twitch" for c in classify_trains(cands))


def _gapped_train(rng: np.random.Generator, missed_peak: float, fs: float = 100.0) -> np.ndarray:
    """18 s of still wrist (white noise 0.01 m/s^2 per axis) with a train of 8 beats at 2.5 Hz along
    one axis from 8 s, 0.3 m/s^2 each except beats 3 and 6, of ``missed_peak`` (near or below the
    threshold)."""
    n = int(18 * fs)
    acc = np.tile([0.0, 0.0, 9.81], (n, 1)) + rng.normal(0, 0.01, (n, 3))
    axis = np.array(_unit(rng))
    sigma = 0.015
    tt = np.arange(-4 * sigma, 4 * sigma + 0.5 / fs, 1 / fs)
    w = -tt / sigma * np.exp(-((tt / sigma) ** 2) / 2)
    w /= np.abs(w).max()
    for i in range(8):
        i0 = round((8 + 0.4 * i) * fs) - w.size // 2
        acc[i0 : i0 + w.size] += (missed_peak if i in (2, 5) else 0.3) * w[:, None] * axis
    return acc


#: The train's 0.3 m/s^2 beats show at about 0.25 m/s^2; since the threshold came from the noise model
#: (h-tlimit) a 0.03 m/s^2 candidate sometimes follows a beat by 0.16 s: the band-pass's ringing over a
#: noise excursion, now kind "ringing" (tests/core/test_twitch_ringing.py); other small candidates
#: (rhythmic, sustained) come now and then, which is not what this test is about: only candidates over
#: this peak are the train's beats.
STRONG = 0.1
#: Nor is a run the envelope holds between two beats 0.4 s apart (a 390 ms ``sustained`` candidate over
#: 10.4-10.8 s at fresh seed 1650572113, beside both beats' own candidates), nor a beat's ringing.
NOT_BEATS = ("sustained", "ringing")


@pytest.mark.parametrize("seed", SEEDS)
def test_missed_beats_with_energy_at_their_slots_are_a_train(seed: int) -> None:
    """Six beats on a regular grid with two empty slots (two gaps: not a train by the candidates
    alone). With a beat of 0.04 m/s^2 at each empty slot that the finder does not see, the envelope
    shows it and the six are rhythmic (measured 67 of 72 such trains over 12 fresh seeds; the code
    before the envelope was asked failed this test at both seeds); with nothing there they are not a
    train, and not twitches either: six events along one axis within 2.8 s are ``"activity"``
    (twitch_activity.classify_activity; they were twitches before that rule). In 2 of 2300 such trains
    (seeds [1, 0..299] and [2, 0..1999], measured before the activity rule) noise along the train's axis
    crossed the slot level (SLOT_Z robust SDs) at one empty slot, which completes a five-beat grid with
    the four beats beside it, and the six read rhythmic. So a fresh seed may have one of its six
    empty-slot trains rhythmic (fresh seed 1969986144: 5/6, about 1 run in 170); two would come about
    once in 70 000 runs at the measured rate. Trains are drawn until six have
    neither weak beat as a candidate. Live in random chunks gives the same transients as batch."""
    print(f"train seed: {seed} (replay with TREMOR_TRAIN_SEED={seed})")
    rng = np.random.default_rng(seed)
    hidden = trains = 0
    for _ in range(240):  # the noise-model threshold (h-tlimit) finds more 0.04 m/s^2 beats itself
        acc = _gapped_train(rng, 0.04)
        found = detect_transients(acc, fs=100.0)
        beats = [c for c in found if 7.5 < c.t_s < 11.5 and c.peak_mps2 > STRONG and c.kind not in NOT_BEATS]
        if len(beats) != 6:  # a weak beat was a candidate itself: not the case under test
            continue
        hidden += 1
        trains += all(c.kind == "rhythmic" for c in beats)
        if hidden == 6:
            break
    empty = 0
    for _ in range(6):
        found0 = detect_transients(_gapped_train(rng, 0.0), fs=100.0)
        beats = [c for c in found0 if 7.5 < c.t_s < 11.5 and c.peak_mps2 > STRONG and c.kind not in NOT_BEATS]
        assert len(beats) == 6
        empty += all(c.kind == "activity" for c in beats)  # not a train; six along one axis in 2.8 s
    det, live, i = TwitchDetector(100.0), [], 0
    while i < acc.shape[0]:
        k = int(rng.integers(1, 100))
        live += det.update(acc[i : i + k])
        i += k
    assert live + det.update(np.zeros((0, 3)), final=True) == found
    print(
        f"trains with beats below the threshold marked rhythmic: {trains}/{hidden}; with empty slots: {empty}/6 activity"
    )
    assert hidden == 6 and trains >= 3 and empty >= (6 if seed == 20261128 else 5)
