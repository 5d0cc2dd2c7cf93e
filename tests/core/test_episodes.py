"""Out-of-band tremor episodes: one per continuous run, never overlapping, inside the recording."""

import itertools

import numpy as np
import pytest

from tremor.core.classify import EPISODE_JOIN_S, find_atypical_episodes
from tremor.core.episodes import OOB_LOWEST_POWER, OOB_MIN_POWER, oob_power_floor
from tremor.core.features import compute_frames
from tremor.core.sets import SetSpan

FS = 100.0


def _rest_with_tremor(spans, hz=5.2, amp=0.2, duration_s=120.0, seed=3):
    """Still wrist (gravity on z, sensor noise, a little 10 Hz tremor) with ``amp`` sine at ``hz`` over ``spans``."""
    rng = np.random.default_rng(seed)
    t = np.arange(0.0, duration_s, 1.0 / FS)
    acc = rng.normal(0.0, 0.01, (t.size, 3))
    acc[:, 2] += 9.81
    acc[:, 0] += 0.01 * np.sin(2 * np.pi * 10.0 * t)
    env = np.zeros(t.size)
    for a, b in spans:
        env[(t >= a) & (t < b)] = 1.0
    acc[:, 1] += amp * env * np.sin(2 * np.pi * hz * t)
    return t, compute_frames(acc, fs=FS)


def _episodes(t, frames, sets=()):
    return find_atypical_episodes(frames, np.ones(len(frames), bool), sets, bounds=(0.0, float(t[-1])))


def test_a_78_s_episode_with_short_breaks_is_one_episode_clipped_to_the_recording():
    # 0-78 s of 5.2 Hz tremor that stops for 3 s, 3.5 s and 1 s: before, three episodes, the first from -0.005 s
    t, frames = _rest_with_tremor([(0, 20), (23, 45), (48.5, 60), (61, 78)])
    (ep,) = _episodes(t, frames)
    assert ep.start_s == 0.0
    assert 77.0 <= ep.end_s <= 79.5
    assert ep.peak_hz == pytest.approx(5.2, abs=0.2)
    assert ep.set_index is None and ep.band == "3-7 Hz"


def test_episodes_apart_by_more_than_the_join_stay_apart_and_do_not_overlap():
    gap = EPISODE_JOIN_S + 5.0
    t, frames = _rest_with_tremor(
        [(10, 30), (30 + gap, 60 + gap), (60 + 2 * gap, 90 + 2 * gap)], duration_s=130.0
    )
    eps = _episodes(t, frames)
    assert len(eps) == 3
    for e1, e2 in itertools.pairwise(eps):
        assert e1.end_s < e2.start_s
    assert all(0.0 <= e.start_s < e.end_s <= t[-1] for e in eps)


def test_an_episode_running_to_the_end_stops_at_the_last_sample():
    t, frames = _rest_with_tremor([(90, 120)])
    (ep,) = _episodes(t, frames)
    assert ep.end_s == pytest.approx(float(t[-1]))


def test_an_episode_mostly_at_rest_is_at_rest_even_if_its_middle_is_in_a_set():
    t, frames = _rest_with_tremor([(20, 100)])
    in_set = SetSpan(index=1, start_s=55.0, end_s=70.0, recovery_end_s=90.0, kind="hold", source="markers")
    (ep,) = _episodes(t, frames, (in_set,))
    assert ep.set_index is None  # 15 s of an 80 s episode; the midpoint (60 s) lies in the set
    big = SetSpan(index=1, start_s=15.0, end_s=95.0, recovery_end_s=110.0, kind="hold", source="markers")
    (ep,) = _episodes(t, frames, (big,))
    assert ep.set_index == 1


def test_no_tremor_no_episode():
    t, frames = _rest_with_tremor([])
    assert _episodes(t, frames) == []


@pytest.mark.parametrize("hz", [4.5, 16.0])
def test_an_episode_under_the_former_absolute_floor_is_found_over_a_quiet_recordings_noise(hz):
    """0.045 m/s^2 RMS (power 0.002, half the former 0.004 floor) over 0.01 m/s^2 per-axis noise: the floor
    is OOB_OVER_NOISE times this recording's noise in +-1 Hz, so the episode is found; under a machine line's
    frames the floor stays OOB_MIN_POWER, and the same episode is not reported there."""
    t, frames = _rest_with_tremor([(30, 70)], hz=hz, amp=0.045 * np.sqrt(2))
    floor = oob_power_floor(frames)
    assert OOB_LOWEST_POWER <= floor < 0.002 < OOB_MIN_POWER
    (ep,) = _episodes(t, frames)
    assert ep.peak_hz == pytest.approx(hz, abs=0.3)
    assert abs(ep.start_s - 30.0) <= 1.5 and abs(ep.end_s - 70.0) <= 1.5
    under = np.ones(len(frames), bool)
    assert find_atypical_episodes(frames, under, (), bounds=(0.0, float(t[-1])), under_lines=under) == []


def test_the_floor_follows_the_noise_between_its_bounds():
    """More noise, a higher floor: 0.01 m/s^2 per axis sits on the lowest floor, 0.05 above it, 0.2 on the cap."""
    floors = []
    for sd in (0.01, 0.05, 0.2):
        rng = np.random.default_rng(5)
        acc = rng.normal(0.0, sd, (int(60 * FS), 3))
        acc[:, 2] += 9.81
        floors.append(oob_power_floor(compute_frames(acc, fs=FS)))
    assert floors[0] == OOB_LOWEST_POWER
    assert OOB_LOWEST_POWER < floors[1] < OOB_MIN_POWER
    assert floors[2] == OOB_MIN_POWER
