"""Issue 9: the twitch threshold on noise whose three axes differ (tremor.core.twitch_noise.axes_factors).

Real sensors carry different noise per axis. The chi model of the envelope assumed equal axes, and
on 0.004 / 0.008 / 0.015 m/s^2 noise gave 3.8 false twitches an hour at 100 Hz and 12 at 200 Hz
(6 h each) instead of 1; with the axes' powers measured over the background it gave 0.7 and 0.2.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import linalg, stats

from tremor.core.events import TwitchDetector
from tremor.core.twitch_noise import axes_factors, noise_threshold
from tremor.core.twitch_signal import SMOOTH_S, twitch_fir


def _exact_tail_over_median(fs: float, sd: tuple[float, float, float]) -> float:
    """Envelope threshold / median by convolving the weighted chi-square(1) terms' distributions."""
    h = twitch_fir(fs)
    width = max(round(SMOOTH_S * fs), 1)
    acf = np.concatenate([np.correlate(h, h, "full")[h.size - 1 :], np.zeros(width)])[:width]
    lam = np.linalg.eigvalsh(linalg.toeplitz(acf))
    w = np.outer(np.asarray(sd) ** 2, lam).ravel()
    w = w[w > 0] / w.sum()
    n = 2**16
    x = np.linspace(0.0, 60.0 * w.max() + 5.0, n + 1)
    mass = np.diff(stats.chi2.cdf(x / w[0], 1))
    for wj in w[1:]:
        pm = np.diff(stats.chi2.cdf(x / wj, 1))
        mass = np.fft.irfft(np.fft.rfft(mass, 2 * n) * np.fft.rfft(pm, 2 * n), 2 * n)[:n]
    cdf = np.cumsum(mass)
    med = x[1:][np.searchsorted(cdf, 0.5)]
    q = x[1:][np.searchsorted(cdf, 1.0 - 1.0 / (3600.0 * fs))]
    return float(np.sqrt(q / med))


@pytest.mark.parametrize("fs", [100.0, 200.0])
def test_unequal_axes_tail_matches_the_exact_distribution(fs):
    """The threshold / median for unequal axes over equal axes' is the exact ratio within 2 %
    (measured 1-1.5 %; Satterthwaite's two-moment chi was 8 % low)."""
    h, width = twitch_fir(fs), max(round(SMOOTH_S * fs), 1)
    equal = _exact_tail_over_median(fs, (1.0, 1.0, 1.0))
    for sd in [(0.004, 0.008, 0.015), (0.005, 0.005, 0.02), (0.015, 0.01, 0.015)]:
        _, tail = axes_factors(fs, h, width, np.asarray(sd)[None, :] ** 2)
        want = _exact_tail_over_median(fs, sd) / equal
        assert abs(tail[0] / want - 1.0) < 0.02, (sd, tail[0], want)


def test_equal_axes_keep_the_chi_model():
    """Equal axes (and powers within half a step of equal, an estimate's noise) change nothing."""
    fs = 100.0
    h, width = twitch_fir(fs), max(round(SMOOTH_S * fs), 1)
    power = np.array([[1.0, 1.0, 1.0], [2.0, 1.96, 1.97], [np.nan, 1.0, 1.0], [0.0, 1.0, 1.0]])
    spread, tail = axes_factors(fs, h, width, power)
    assert np.array_equal(spread, np.ones(4)) and np.array_equal(tail, np.ones(4))
    med, mad, rhythm = np.full(4, 1.0), np.full(4, 0.15), np.zeros(4)
    plain = noise_threshold(med, mad, rhythm, fs, 7.96, 166.7)
    assert np.array_equal(plain, noise_threshold(med, mad, rhythm, fs, 7.96, 166.7, (spread, tail)))


def _false_twitches(sd: tuple[float, ...], fs: float, hours: float, seed: int) -> int:
    rng = np.random.default_rng(seed)
    det, n, done, total = TwitchDetector(fs), 0, 0, int(hours * 3600 * fs)
    while done < total:
        m = min(int(900 * fs), total - done)
        out = det.update(rng.standard_normal((m, 3)) * np.asarray(sd), final=done + m >= total)
        n += sum(t.kind == "twitch" for t in out)
        done += m
    return n


@pytest.mark.parametrize(
    ("sd", "fs", "hours", "most"),
    [
        # unequal axes: 7 in 2 h and 7 in 1 h with the equal-axes model (these seeds)
        ((0.004, 0.008, 0.015), 100.0, 2.0, 3),
        ((0.004, 0.008, 0.015), 200.0, 1.0, 2),
        # equal axes: the same as before (5 in 6 h at 100 Hz)
        ((0.015, 0.015, 0.015), 100.0, 2.0, 4),
    ],
)
def test_false_twitches_on_noise(sd, fs, hours, most):
    """False twitches on pure noise near FALSE_ALARMS_PER_HOUR (1 an hour), whatever the axes' levels."""
    n = _false_twitches(sd, fs, hours, seed=9100 + int(fs))
    print(f"{sd} at {fs:g} Hz: {n} false twitches in {hours:g} h")
    assert n <= most
