"""The frame feature :attr:`tremor.core.features.Frames.vertical_share` (tremor.core.vertical_share, issue 9).

A rhythmic movement along a known direction under gravity, the watch turned at random: the share of the movement
peak's power along gravity is the direction's ``cos^2`` from the vertical (1 straight up, 0.25 at 60 degrees from it,
i.e. 30 over the horizontal, 0 across), however the watch is turned; a second movement at another rate (a stride's
swing 1.4 Hz away) does not enter it; samples without gravity have none; the streaming extractor gives batch's values;
and the spectrum summed over axes is the one :func:`tremor.core.spectral.axis_window_psd` gives.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.spatial.transform import Rotation

from tests.run_entropy import fresh_entropy
from tremor.core.features import FrameExtractor, Frames, compute_frames
from tremor.core.spectral import axis_window_psd, axis_window_psd_along
from tremor.core.vertical_share import bobs

G = 9.81
FRESH_SEED = int(fresh_entropy(__name__) % 2**31)


def rhythm(
    rng: np.random.Generator, fs: float, elevation_deg: float, rate_hz: float = 2.9, swing_mps2: float = 0.0
) -> np.ndarray:
    """30 s of a 1 m/s^2 movement at ``rate_hz`` along a direction ``elevation_deg`` over the horizontal, gravity,
    a ``swing_mps2`` horizontal movement at half the rate, sensor noise, the watch turned at random."""
    t = np.arange(0.0, 30.0, 1.0 / fs)
    el = np.radians(elevation_deg)
    az = rng.uniform(0.0, 2 * np.pi)
    way = np.array([np.cos(el) * np.cos(az), np.cos(el) * np.sin(az), np.sin(el)])
    side = np.array([-np.sin(az), np.cos(az), 0.0])
    acc = np.outer(np.sin(2 * np.pi * rate_hz * t), way) + np.outer(
        swing_mps2 * np.sin(np.pi * rate_hz * t), side
    )
    acc[:, 2] += G
    acc += rng.normal(0.0, 0.005, acc.shape)
    return acc @ Rotation.random(random_state=rng).as_matrix().T


@pytest.mark.parametrize("fs", [50.0, 100.0, 200.0])
def test_the_share_is_the_movement_s_part_along_gravity(fs: float) -> None:
    seed = FRESH_SEED + int(fs)
    print(f"seed {seed}")
    rng = np.random.default_rng(seed)
    for elevation, want in ((90.0, 1.0), (30.0, 0.25), (20.0, 0.117), (0.0, 0.0)):
        share = compute_frames(rhythm(rng, fs, elevation, swing_mps2=0.6), fs=fs).vertical_share
        assert np.all(np.abs(share - want) < 0.02), (elevation, want, np.min(share), np.max(share))
    # the rule's two sides: a strike 20 degrees over the horizontal does not bob, a bob 45 degrees off vertical does
    assert not bobs(compute_frames(rhythm(rng, fs, 20.0), fs=fs).vertical_share)
    assert bobs(compute_frames(rhythm(rng, fs, 45.0), fs=fs).vertical_share)


def test_no_gravity_no_share_and_bobs_is_not_judged() -> None:
    acc = rhythm(np.random.default_rng(1), 100.0, 0.0)
    acc -= acc.mean(axis=0)
    frames = compute_frames(acc, fs=100.0, gravity_included=False)
    share, ring = frames.vertical_share, frames.ring_vertical_share
    assert np.all(np.isnan(share)) and np.all(np.isnan(ring)) and bobs(share) and bobs(share, ring)


def test_live_frames_carry_batch_s_share_and_the_spectrum_is_unchanged() -> None:
    rng = np.random.default_rng(3)
    acc = rhythm(rng, 100.0, 40.0, swing_mps2=0.5)
    batch = compute_frames(acc, fs=100.0)
    ex, parts, i = FrameExtractor(100.0), [], 0
    while i < acc.shape[0]:
        k = int(rng.integers(1, 333))
        parts.append(ex.update(acc[i : i + k]))
        i += k
    live = Frames.concat(parts)
    assert np.allclose(live.vertical_share, batch.vertical_share, rtol=1e-6, atol=1e-9)
    assert np.allclose(
        live.ring_vertical_share, batch.ring_vertical_share, rtol=1e-6, atol=1e-9, equal_nan=True
    )
    windows = np.ascontiguousarray(acc[:200].T)[:, None, :]
    freqs, psd, mean = axis_window_psd(windows, fs=100.0, nfft=400)
    freqs2, psd2, mean2, along = axis_window_psd_along(windows, fs=100.0, nfft=400, below_hz=4.5)
    assert np.array_equal(psd, psd2) and np.array_equal(mean, mean2) and np.array_equal(freqs, freqs2)
    assert along.shape == (1, int(np.sum(freqs <= 4.5)))
