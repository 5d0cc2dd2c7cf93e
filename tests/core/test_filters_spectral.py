import numpy as np
import pytest
from scipy import signal

from tremor.core.filters import CausalBandpass, bandpass_zero_phase, design_bandpass
from tremor.core.spectral import (
    BANDS,
    band_power,
    peak_frequency,
    welch_psd,
    window_psd,
)
from tremor.errors import ParameterError, SamplingError


@pytest.mark.parametrize("fs", [50.0, 100.0, 200.0, 61.3])
def test_bandpass_passes_in_band_sine_and_rejects_out_of_band(fs):
    t = np.arange(int(20 * fs)) / fs
    inside = np.sin(2 * np.pi * 9.0 * t)
    outside = np.sin(2 * np.pi * 1.0 * t)
    sos = design_bandpass(6.0, 12.0, fs=fs)
    y = bandpass_zero_phase(np.column_stack([inside, outside, inside + outside]), sos)
    core = slice(int(2 * fs), -int(2 * fs))
    assert np.std(y[core, 0]) == pytest.approx(np.std(inside[core]), rel=0.02)
    assert np.std(y[core, 1]) < 0.01
    # zero phase: the filtered in-band sine lines up with the input
    assert np.max(np.abs(y[core, 0] - inside[core])) < 0.05


def test_band_above_nyquist_is_refused():
    with pytest.raises(SamplingError, match="Nyquist 6.25 Hz"):
        design_bandpass(6.0, 12.0, fs=12.5)
    with pytest.raises(ParameterError):
        design_bandpass(12.0, 6.0, fs=100.0)
    with pytest.raises(ParameterError, match="sampling rate in Hz"):
        design_bandpass(6.0, 12.0, fs=0)


def test_causal_filter_in_random_chunks_equals_one_pass():
    rng = np.random.default_rng(3)
    x = rng.normal(size=(3000, 3))
    sos = design_bandpass(3.0, 40.0, fs=200.0, order=2)
    whole = signal.sosfilt(sos, x, axis=0, zi=signal.sosfilt_zi(sos)[:, :, None] * x[0][None, None, :])[0]
    f = CausalBandpass(sos, 3)
    out, i = [], 0
    while i < len(x):
        k = int(rng.integers(1, 257))
        out.append(f.update(x[i : i + k]))
        i += k
    assert np.array_equal(np.vstack(out), whole)


@pytest.mark.parametrize("fs", [50.0, 100.0, 200.0, 97.6])
def test_window_psd_gives_sine_power_and_peak(fs):
    t = np.arange(int(2 * fs)) / fs
    amp = 0.2
    x = np.zeros((t.size, 3))
    x[:, 1] = amp * np.sin(2 * np.pi * 9.3 * t)
    freqs, psd = window_psd(x[None], fs=fs, nfft=4 * t.size)
    assert band_power(freqs, psd, BANDS["physiological"])[0] == pytest.approx(amp**2 / 2, rel=0.05)
    assert peak_frequency(freqs, psd, BANDS["physiological"])[0] == pytest.approx(9.3, abs=0.1)


def test_welch_psd_of_sine_with_noise():
    rng = np.random.default_rng(0)
    fs = 100.0
    t = np.arange(6000) / fs
    x = 0.02 * rng.normal(size=(t.size, 3))
    x[:, 0] += 0.1 * np.sqrt(2) * np.sin(2 * np.pi * 10.4 * t)
    f, p = welch_psd(x, fs=fs)
    assert peak_frequency(f, p, BANDS["physiological"]) == pytest.approx(10.4, abs=0.125)
    assert band_power(f, p, BANDS["physiological"]) == pytest.approx(0.01 + 3 * 0.02**2 * 6 / 50, rel=0.1)
