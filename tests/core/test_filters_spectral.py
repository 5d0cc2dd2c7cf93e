import numpy as np
import pytest
from scipy import signal

from tremor.core.features import FrameConfig, compute_frames
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


@pytest.mark.parametrize("fs", [50.0, 100.0, 12.5])
def test_band_powers_do_not_follow_the_last_bits_of_the_rate(fs):
    """A 1e-9 relative change of the rate moves every bin by as little: no bin may cross a band edge.

    The band edges (3, 6, 7, 12, 13, 18 Hz) fall on the bins of 2 s windows; with ``low <= f < high``
    on the bins' floats, a rate a hair under the nominal one put the 6 Hz bin outside 6-12 Hz (a 50 Hz
    file measured at 49.9947 Hz changed a set's end/start ratio from 1.58 to 1.26).
    """
    seed = int(np.random.SeedSequence().entropy % 100_000)
    print(f"seed {seed}")
    rng = np.random.default_rng(seed)
    n = int(20 * fs)
    acc = 0.02 * rng.standard_normal((n, 3))
    t = np.arange(n) / fs
    for f in (3.0, 6.0, 7.0, 12.0):  # tones on the band edges that the rate can show
        if f < fs / 2:
            acc[:, 0] += 0.1 * np.sin(2 * np.pi * f * t)
    config = FrameConfig()
    ref = compute_frames(acc, fs=fs, t0_s=0.0, first_sample=0, gravity_included=False, config=config)
    for rel in (-1e-9, 1e-9):
        got = compute_frames(
            acc, fs=fs * (1 + rel), t0_s=0.0, first_sample=0, gravity_included=False, config=config
        )
        for col in ("movement_rms", "power_low", "power_phys", "power_high", "prominence_low", "psd"):
            # the stored spectrum is interpolated onto PSD_FREQS: a bin moved by 1e-9 of its frequency
            # changes a steep stretch's value by up to ~1e-4 of itself, and no bin turns NaN
            rtol = 1e-3 if col == "psd" else 1e-5
            np.testing.assert_allclose(
                getattr(got, col), getattr(ref, col), rtol=rtol, equal_nan=True, err_msg=f"{col} rel {rel}"
            )
            assert np.array_equal(np.isnan(getattr(got, col)), np.isnan(getattr(ref, col))), col
    assert np.isfinite(ref.movement_rms).all() and np.isfinite(ref.psd[:, 0]).all()


def test_band_edges_keep_bins_on_the_grid_where_they_were():
    """The other side: the tolerance moves no bin that lies on the grid, and a bin a real fraction of a
    bin width off an edge keeps its side."""
    band = BANDS["physiological"]
    on_grid = np.arange(0.0, 25.0, 0.5)
    assert np.array_equal(band.mask(on_grid), (on_grid >= 6.0) & (on_grid < 12.0))
    off = on_grid * (
        1 - 0.1 / 12
    )  # 12 Hz bin 0.1 Hz (a fifth of a bin) low: inside; 6 Hz bin 0.05 Hz low: outside
    mask = band.mask(off)
    assert mask[np.argmin(abs(off - 11.9))] and not mask[np.argmin(abs(off - 5.95))]
