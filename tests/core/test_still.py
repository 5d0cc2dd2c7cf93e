"""Is anyone there? A device lying still, and a rest at the sensor's noise floor (tremor.core.still)."""

from __future__ import annotations

import numpy as np
import pytest

from tremor.core.analysis import analyze
from tremor.core.recording import Recording, SourceInfo

FS = 100.0


def _recording(acc: np.ndarray, gravity: bool = True) -> Recording:
    t = np.arange(acc.shape[0]) / FS
    return Recording(
        time_s=t, acc_mps2=acc, gravity_included=gravity, source=SourceInfo("mem.csv", "generic", "m/s^2")
    )


def _tremor(rng: np.random.Generator, n: int, rms: float) -> np.ndarray:
    """A 1-3 Hz wide hump around 9 Hz (narrow-band noise), ``rms`` per axis."""
    spec = np.fft.rfft(rng.normal(size=(n, 3)), axis=0)
    f = np.fft.rfftfreq(n, 1 / FS)
    spec[np.abs(f - 9.0) > 1.0] = 0.0
    x = np.fft.irfft(spec, n, axis=0)
    return rms * x / x.std(axis=0)


def _drift(rng: np.random.Generator, n: int, deg: float) -> np.ndarray:
    """Gravity on a wrist that turns slowly by about ``deg`` degrees (a smooth random walk)."""
    walk = np.cumsum(rng.normal(size=(n, 2)), axis=0)
    walk -= walk.mean(axis=0)
    ang = np.radians(deg) * walk / np.abs(walk).max()
    roll, pitch = ang[:, 0], ang[:, 1]
    return 9.81 * np.column_stack([np.sin(pitch), np.sin(roll) * np.cos(pitch), np.cos(roll) * np.cos(pitch)])


def test_device_lying_still_gives_no_twitch_nor_rest_level():
    """A device on a table (fixed gravity, white noise) with a single transient: no twitch, no rest tremor."""
    rng = np.random.default_rng(3)
    n = int(60 * FS)
    acc = np.array([0.0, 0.0, 9.81]) + 0.004 * rng.normal(size=(n, 3))
    k = int(30 * FS)
    acc[k : k + 3, 0] += [0.2, -0.3, 0.15]  # a knock on the table
    result = analyze(_recording(acc))
    assert not result.twitches
    assert result.rest_rms_mps2 is None  # the only rest is the device lying still: no person's rest level
    assert any("lay still from 0.0" in n and "not worn" in n and "noise floor" in n for n in result.notes)


@pytest.mark.parametrize("seed", [1, 2])
def test_worn_wrist_at_rest_is_a_person(seed):
    """The same noise on a wrist that turns by a couple of degrees and has physiological tremor above
    the noise: not still, and its rest tremor is reported."""
    rng = np.random.default_rng(seed)
    n = int(60 * FS)
    acc = _drift(rng, n, 2.0) + _tremor(rng, n, 0.015) + 0.004 * rng.normal(size=(n, 3))
    result = analyze(_recording(acc))
    assert not any("lay still" in n for n in result.notes)
    assert result.rest_rms_mps2 is not None and result.rest_noise_floor_mps2 is None


def test_noise_floor_without_gravity():
    """Linear acceleration (orientation unknown): white noise is still told as the noise floor, tremor is not."""
    rng = np.random.default_rng(5)
    n = int(60 * FS)
    noise = analyze(_recording(0.003 * rng.normal(size=(n, 3)), gravity=False))
    assert noise.rest_rms_mps2 is None and noise.rest_noise_floor_mps2 is not None
    assert not any("lay still" in n for n in noise.notes)  # orientation unknown: only the noise-floor note
    worn = analyze(_recording(_tremor(rng, n, 0.01) + 0.003 * rng.normal(size=(n, 3)), gravity=False))
    assert worn.rest_rms_mps2 is not None and worn.rest_noise_floor_mps2 is None
