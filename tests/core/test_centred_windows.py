"""The frames' windows less their means are made once and shared (a speed change): every reader gives the same floats.

:func:`tremor.core.spectral.centred_windows` is read by the frames' 6-12 / 3-7 Hz envelopes
(:func:`tremor.core.rep_locked_ring.frame_envelopes`) and band kurtosis (:func:`tremor.core.impulsive_band.band_kurtosis`),
then used up by the spectra (:func:`tremor.core.spectral.axis_window_psd_along`); each made its own before. Here each
is compared, to the bit, with its own making, on a wrist's signal (gravity, a tremor line, sensor noise, a few knocks)
at 50, 100 and 200 Hz, in the frames' windows and in a piece shorter than a window (fresh seed).
"""

from __future__ import annotations

import numpy as np
import pytest
from numpy.lib.stride_tricks import sliding_window_view

from tests.run_entropy import fresh_entropy
from tremor.core.features import FrameConfig
from tremor.core.impulsive_band import band_kurtosis
from tremor.core.rep_locked_ring import frame_envelopes
from tremor.core.spectral import axis_window_psd_along, centred_windows

FRESH = int(fresh_entropy(__name__) % 2**31)


def _axes(fs: float, seconds: float, seed: int) -> np.ndarray:
    """A wrist's acceleration, axis first: gravity at a turning pose, a 9 Hz tremor, sensor noise and knocks."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * fs)) / fs
    pitch = 0.6 + 0.3 * np.sin(2 * np.pi * 0.1 * t)
    g = 9.80665 * np.stack([np.sin(pitch), np.cos(pitch) * 0.3, np.cos(pitch) * 0.95])
    tremor = 0.05 * np.sin(2 * np.pi * 9.0 * t + rng.uniform(0, 2 * np.pi)) * rng.normal(1.0, 0.2, (3, 1))
    acc = g + tremor + rng.normal(0.0, 0.008, (3, t.size))
    for at in rng.integers(0, t.size - 10, 5):  # knocks: damped 30 Hz rings
        n = np.arange(min(int(0.06 * fs), t.size - at))
        acc[:, at : at + n.size] += (
            rng.uniform(1, 5) * np.exp(-n / (0.01 * fs)) * np.sin(2 * np.pi * 30 * n / fs)
        )
    return np.ascontiguousarray(acc)


@pytest.mark.parametrize("fs", [50.0, 100.0, 200.0])
def test_shared_centred_windows_give_every_reader_the_same_floats(fs: float) -> None:
    win, hop, nfft = FrameConfig().sizes(fs)
    axes = _axes(fs, 60.0, FRESH + int(fs))
    for windows, h in (
        (sliding_window_view(axes, win, axis=1)[:, ::hop], hop),  # the frames' strided windows
        (axes[:, None, : int(1.5 * fs)], min(hop, int(1.5 * fs))),  # a piece: one window over 1.5 s
    ):
        mean, centred = centred_windows(windows)
        for k in range(3):
            x = windows[k]
            assert (x - x.mean(axis=1, keepdims=True)).tobytes() == centred[k].tobytes()
        assert band_kurtosis(windows, fs).tobytes() == band_kurtosis(windows, fs, centred).tobytes()
        for own, shared in zip(
            frame_envelopes(windows, fs, h), frame_envelopes(windows, fs, h, centred), strict=True
        ):
            assert own.tobytes() == shared.tobytes()
        below = 10.0
        own4 = axis_window_psd_along(windows, fs=fs, nfft=nfft, below_hz=below)
        shared4 = axis_window_psd_along(windows, fs=fs, nfft=nfft, below_hz=below, centred=(mean, centred))
        for own, shared in zip(own4, shared4, strict=True):
            assert own.shape == shared.shape and own.tobytes() == shared.tobytes()
