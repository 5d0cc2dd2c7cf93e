"""Real recordings: a reported tremor peak is a maximum of the set's spectrum; episodes are whole and inside the file."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from tremor.core.analysis import analyze
from tremor.core.features import PSD_FREQS
from tremor.core.peak import PEAK_TOP_SHARE
from tremor.io import read_recording

pytestmark = pytest.mark.realdata

FILES = [
    "polar-sensor-logger-veritysense/sample_data/Polar_files/txt_files/sample_record/Polar_Sense_ACC.txt",
    "sensorlogger-applewatch-swimming/Free0626WatchAccelerometerUncalibrated.csv",
    "sensorlogger-applewatch-swimming/Fly0626WatchAccelerometerUncalibrated.csv",
    "esp32-mpu6050-motor-tremor/tremor_cycle1_20260121_141523.csv",
    "esp32-mpu6050-motor-tremor/tremor_cycle1_20260121_160502.csv",
]


@pytest.mark.parametrize("rel", FILES)
def test_peak_is_a_spectral_maximum_and_episodes_are_whole(realdata, rel):
    result = analyze(read_recording(realdata / rel))
    frames = result.frames
    for s in result.sets:
        m = s.metrics
        if m.peak_hz is None:
            assert m.peak_prominence is None
            continue
        sel = (frames.t_s >= s.span.start_s + 1.0) & (frames.t_s <= s.span.end_s - 1.0)
        spec = frames.psd[sel].mean(axis=0)
        k = int(np.argmin(np.abs(PSD_FREQS - m.peak_hz)))
        # on the top of its hump (the Gaussian fit's vertex is kept there), not on a flank or in a trough
        near = np.abs(PSD_FREQS - PSD_FREQS[k]) <= 0.5
        assert spec[k] >= spec[near].max() * PEAK_TOP_SHARE, (s.span.index, m.peak_hz)
        assert m.peak_prominence >= 2.0
    eps = sorted(result.atypical_tremor, key=lambda e: e.start_s)
    for e in eps:
        assert 0.0 <= e.start_s < e.end_s <= result.sampling.duration_s + 1e-9
    for e1, e2 in itertools.pairwise(eps):
        assert e1.end_s < e2.start_s, "episodes overlap or touch: one run reported twice"


def test_esp32_first_file_one_episode_per_run(realdata):
    """Before: 43.0-52.5, 82.0-89.0, 88.5-100.0 (overlapping), 101.0-109.0, 109.0-115.0 s; the second file's from -0.01 s."""
    result = analyze(
        read_recording(realdata / "esp32-mpu6050-motor-tremor/tremor_cycle1_20260121_141523.csv")
    )
    spans = [(round(e.start_s), round(e.end_s)) for e in result.atypical_tremor]
    assert len(spans) <= 2, spans
    result = analyze(
        read_recording(realdata / "esp32-mpu6050-motor-tremor/tremor_cycle1_20260121_160502.csv")
    )
    assert all(e.start_s >= 0.0 for e in result.atypical_tremor)
