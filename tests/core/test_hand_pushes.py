"""A push of the hand at rest is no twitch; a twitch on a still rest stays one (issue 9).

Written from the physics (``tremor.core.hand_pushes``). Seated 120 s, the forearm resting still:

- pushes of the hand (it slides 1-2 cm along a line, as between written words): one cycle of 3.5-5 Hz,
  0.3-1 m/s^2, every 3-5 s from 25 to 105 s, each in the table's plane;
- twitches: a 15-40 Hz burst decaying over 10-30 ms, 0.05-0.5 m/s^2 peak, in a random direction, every 3-4.5 s.
"""

from __future__ import annotations

import numpy as np
import pytest

import tremor
from tests.stress import scenarios as S


def rest_with(seed: int, fs: float, what: str) -> tuple[tremor.Recording, np.ndarray]:
    """120 s at rest with pushes or twitches from 25 to 105 s, and their times."""
    rng = np.random.default_rng(seed)
    b = S.SessionBuilder(fs, 120.0, rng, 0.01)
    times = []
    tc = 25.0
    while tc < 105.0:
        i = int(tc * fs)
        times.append(tc)
        if what == "push":
            f, size = rng.uniform(3.5, 5.0), rng.uniform(0.3, 1.0)
            tt = np.arange(int(fs / f)) / fs
            d = np.array([np.cos(a := rng.uniform(0, 2 * np.pi)), np.sin(a), 0.0])
            b.lin[i : i + tt.size] += np.outer(size * np.sin(2 * np.pi * f * tt), d)
            tc += rng.uniform(3.0, 5.0)
        else:
            f, tau, pk = rng.uniform(15, 40), rng.uniform(0.01, 0.03), rng.uniform(0.05, 0.5)
            tt = np.arange(int(0.15 * fs)) / fs
            b.lin[i : i + tt.size] += np.outer(
                pk * np.sin(2 * np.pi * f * tt) * np.exp(-tt / tau), S._unit(rng)
            )
            tc += rng.uniform(3.0, 4.5)
    return b.finish(description=what).recording, np.array(times)


@pytest.mark.parametrize("fs", [100.0, 200.0])
def test_pushes_of_the_hand_are_no_twitches(fs: float) -> None:
    """No twitch is counted within 0.5 s of a push; those the detector saw are named in a note. (Seed 2 at 100 Hz
    also finds a candidate at the detection threshold 1.6 s from any push, where the 3-7 Hz band holds only the
    sensor's noise: the detector's own, not a push.)"""
    for seed in (1, 2):
        rec, pushes = rest_with(seed, fs, "push")
        res = tremor.analyze(rec)
        near = [tw.t_s for tw, _ in res.twitches if np.min(np.abs(pushes + 0.12 - tw.t_s)) < 0.5]
        print(fs, seed, [round(tw.t_s, 2) for tw, _ in res.twitches], near)
        assert not near
        assert [n for n in res.notes if "push of the hand" in n]


@pytest.mark.parametrize("fs", [100.0, 200.0])
def test_twitches_on_a_still_rest_stay_twitches(fs: float) -> None:
    """Every twitch found is counted: none is taken for a push (their 3-7 Hz rise is at most 0.17 of their peak,
    the rule's share 0.45)."""
    for seed in (1, 2):
        res = tremor.analyze(rest_with(seed, fs, "twitch")[0])
        print(fs, seed, len(res.twitches), [n for n in res.notes if "push" in n])
        assert len(res.twitches) >= 15
        assert not [n for n in res.notes if "push of the hand" in n]
