"""Issue 9: the twitch threshold on noise correlated across axes (tremor.core.twitch_noise.band_eigenvalues).

A sensor's cross-axis coupling, or a weak rhythm along one oblique direction, makes the three axes'
noise correlated: their powers can be equal while one direction holds most of it, and the envelope's
tail is that direction's. Weighting the chi-squares by the axes' powers, the threshold stood too low:
white noise of equal axis powers with one oblique direction dominant (eigenvalues 1 : 0.15-0.4 :
0.15-0.4) gave 8-15 false twitches an hour at 100 Hz and 6-15 at 200 Hz against the stated 1;
weighted by the band covariance's eigenvalues, 0.8-2 and 0.5-1 (docs/accuracy.md).
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import signal

from tremor.core.events import TwitchDetector
from tremor.core.twitch_noise import FALSE_ALARMS_PER_HOUR, axes_factors, axis_power, band_eigenvalues
from tremor.core.twitch_signal import SMOOTH_S, twitch_fir


def _oblique_mixing(rng: np.random.Generator) -> np.ndarray:
    """A mixing matrix of equal axis powers (1) with one oblique direction (+-1, +-1, +-1) dominant."""
    u = rng.choice([-1.0, 1.0], 3) / np.sqrt(3.0)
    rho = rng.uniform(0.6, 0.85)
    cov = (1.0 - rho) * np.eye(3) + rho * np.outer(u, u)
    return np.linalg.cholesky(cov / cov[0, 0])


def _false_twitches(mix: np.ndarray, fs: float, hours: float, rng: np.random.Generator) -> int:
    det, n, done, total = TwitchDetector(fs), 0, 0, int(hours * 3600 * fs)
    while done < total:
        m = min(int(900 * fs), total - done)
        out = det.update(0.015 * rng.standard_normal((m, 3)) @ mix.T, final=done + m >= total)
        n += sum(t.kind == "twitch" for t in out)
        done += m
    return n


@pytest.mark.parametrize(("fs", "hours", "most"), [(100.0, 2.0, 10), (200.0, 1.0, 4)])
def test_false_twitches_on_correlated_noise(fs, hours, most):
    """Noise of equal axis powers, one oblique direction dominant: false twitches near the stated rate.

    Measured 2-6 in 2 h at 100 Hz and 0-1 in 1 h at 200 Hz over 12 fresh seeds each (weighted by the
    axes' powers: 12-34 and 9-21). The bound allows the Poisson scatter of the 100 Hz rate measured
    on such noise (1-2 an hour; the 5 s median's scatter adds to the stated 1).
    """
    seed = int(np.random.SeedSequence().entropy % 2**31)  # type: ignore[operator]
    rng = np.random.default_rng(seed)
    mix = _oblique_mixing(rng)
    eig = np.linalg.eigvalsh(mix @ mix.T)[::-1]
    n = _false_twitches(mix, fs, hours, rng)
    print(f"fresh seed {seed}: {fs:g} Hz, eigenvalues {np.round(eig, 3)}: {n} false twitches in {hours:g} h")
    assert FALSE_ALARMS_PER_HOUR == 1.0
    assert n <= most


def _band_noise(fs: float, seconds: float, mix: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    x = rng.standard_normal((int(seconds * fs), 3)) @ mix.T
    return signal.fftconvolve(x, twitch_fir(fs)[:, None], mode="valid", axes=0)


@pytest.mark.parametrize("fs", [100.0, 200.0])
def test_eigenvalues_of_correlated_band_noise(fs):
    """The robust covariance's eigenvalues are the band noise's, in axis_power's unit (the median of a
    chi-square(1), 0.455, times the variance), within 8 % of the largest over 120 s windows
    (measured up to 5 %: a median's scatter over 120 s, and a pair of equal eigenvalues splits)."""
    seed = int(np.random.SeedSequence().entropy % 2**31)  # type: ignore[operator]
    rng = np.random.default_rng(seed)
    print(f"fresh seed {seed}")
    mix = _oblique_mixing(rng)
    v = _band_noise(fs, 370.0, mix, rng)
    var = float(np.sum(twitch_fir(fs) ** 2))  # each unit white axis's variance after the band-pass
    want = np.linalg.eigvalsh(mix @ mix.T)[::-1] * var * 0.45494
    window = int(120 * fs)
    got = band_eigenvalues(v, window, window, 3, max(int(fs // 50), 1))
    err = np.abs(got - want) / want[0]
    print(f"{fs:g} Hz: eigenvalues {np.round(want / want[0], 3)}, errors over the largest {np.round(err, 3)}")
    assert np.all(err < 0.08), (got, want)


def test_uncorrelated_axes_keep_their_powers():
    """Where the robust covariance is diagonal, its eigenvalues are the axes' powers, bit for bit, and the
    factors are those of the powers: each sample moves one axis only, so (v_j + v_k)^2 and
    (v_j - v_k)^2 are the same numbers and the off-diagonal terms are exactly 0."""
    rng = np.random.default_rng(20261129)
    fs = 100.0
    n = 6000
    axis = rng.integers(0, 3, n)
    v = np.zeros((n, 3))
    v[np.arange(n), axis] = rng.standard_normal(n) * np.array([0.004, 0.008, 0.015])[axis]
    window, step, count = 500, 50, (n - 500) // 50 + 1
    power = axis_power(v, window, step, count)
    eig = band_eigenvalues(v, window, step, count, 2)
    assert np.array_equal(eig, -np.sort(-power, axis=1))
    h, width = twitch_fir(fs), max(round(SMOOTH_S * fs), 1)
    assert all(
        np.array_equal(a, b)
        for a, b in zip(axes_factors(fs, h, width, eig), axes_factors(fs, h, width, power))
    )


@pytest.mark.parametrize("fs", [100.0, 200.0])
def test_independent_axes_move_the_threshold_little(fs):
    """On independent band noise the off-diagonal terms are the estimate's scatter (a correlation's SD
    about 0.11 over 5 s): the tail factor over the axes' powers' is within 2 % at the median and
    8 % at the 99th percentile (measured 0-1.3 % and 3.8-6.4 %)."""
    seed = int(np.random.SeedSequence().entropy % 2**31)  # type: ignore[operator]
    rng = np.random.default_rng(seed)
    print(f"fresh seed {seed}")
    v = _band_noise(fs, 600.0, np.diag(rng.choice([0.5, 1.0], 3)), rng)
    window, step = int(5 * fs), int(0.5 * fs)
    count = (v.shape[0] - window) // step + 1
    h, width = twitch_fir(fs), max(round(SMOOTH_S * fs), 1)
    _, tail_p = axes_factors(fs, h, width, axis_power(v, window, step, count))
    _, tail_e = axes_factors(fs, h, width, band_eigenvalues(v, window, step, count, max(int(fs // 50), 1)))
    r = tail_e / tail_p
    print(f"{fs:g} Hz: tail ratio median {np.median(r):.4f}, 99th percentile {np.percentile(r, 99):.4f}")
    assert np.median(r) < 1.02 and np.percentile(r, 99) < 1.08
