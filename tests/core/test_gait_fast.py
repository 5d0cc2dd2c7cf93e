"""The gait signature's fast paths equal their definitions on random spectra (seed printed)."""

from __future__ import annotations

import numpy as np

from tremor.core.features import PSD_FREQS
from tremor.core.gait import (
    GAIT_COMB_LINES_HZ,
    GAIT_COMB_TOP_HZ,
    GAIT_RATE_TOL_HZ,
    STEP_HZ,
    STEP_MIN_LINES,
    gait_comb,
    step_comb,
)


def _step_comb_definition(psd: np.ndarray) -> float:
    """:func:`step_comb` as first written: one rate at a time, ``np.median``."""
    freqs = PSD_FREQS
    if psd.shape[0] == 0:
        return float("inf")
    mean = np.mean(np.asarray(psd, np.float64), axis=0)
    usable = np.isfinite(mean) & (freqs <= 9.0)
    if not usable[freqs <= 9.0].all():
        return float("inf")
    floor = max(float(np.max(mean[usable])) * 1e-12, 1e-30)
    best = -float("inf")
    for rate in np.arange(STEP_HZ[0], STEP_HZ[1] + 1e-9, 0.05):
        k = np.arange(1, 10)
        k = k[(k * rate >= 2.25) & (k * rate <= 8.5) & ((k + 0.5) * rate <= 9.0 + 1e-9)]
        if k.size < STEP_MIN_LINES:
            continue
        on = np.interp(k * rate, freqs, mean) + floor
        off = np.maximum(np.interp((k + 0.5) * rate, freqs, mean), np.interp((k - 0.5) * rate, freqs, mean))
        best = max(best, float(np.median(np.log10(on / (off + floor)))))
    return best


def test_step_comb_equals_definition() -> None:
    """Random float32 frame spectra (heavy-tailed, lines, zeros, NaN above 9 Hz): the same value."""
    seed = int(np.random.SeedSequence().entropy % (2**32))
    print(f"seed {seed}")
    rng = np.random.default_rng(seed)
    for trial in range(300):
        n = int(rng.integers(0, 30))
        psd = (rng.standard_normal((n, PSD_FREQS.size)) ** 2 * 10.0 ** rng.uniform(-6, 2)).astype(np.float32)
        if trial % 3 == 0 and n:  # a comb of lines at a step rate
            rate = rng.uniform(1.4, 2.6)
            for k in range(1, 6):
                psd[:, np.argmin(np.abs(PSD_FREQS - k * rate))] *= 50.0
        if trial % 5 == 0:
            top = rng.uniform(5.0, 30.0)
            psd[:, top < PSD_FREQS] = np.nan
        if trial % 7 == 0:
            psd[:, rng.random(PSD_FREQS.size) < 0.3] = 0.0
        got, want = step_comb(psd), _step_comb_definition(psd)
        assert got == want or (np.isnan(got) and np.isnan(want)), (trial, got, want)


def _gait_comb_definition(psd: np.ndarray, cadence_hz: np.ndarray) -> float:
    """:func:`gait_comb` written one rate at a time with ``np.median``."""
    freqs = PSD_FREQS
    if psd.shape[0] == 0:
        return -float("inf")
    mean = np.mean(np.asarray(psd, np.float64), axis=0)
    shown = freqs <= GAIT_COMB_TOP_HZ
    if not (np.isfinite(mean) & shown)[shown].all():
        return -float("inf")
    q = np.nanpercentile(np.asarray(cadence_hz, np.float64), [25, 50, 75])
    seen = np.concatenate([q, 2 * q])
    floor = max(float(np.max(mean[np.isfinite(mean) & shown])) * 1e-12, 1e-30)
    best = -float("inf")
    for rate in np.arange(STEP_HZ[0], STEP_HZ[1] + 1e-9, 0.05):
        k = np.arange(1, 10)
        k = k[
            (k * rate >= 2.25)
            & (k * rate <= GAIT_COMB_LINES_HZ)
            & ((k + 0.5) * rate <= GAIT_COMB_TOP_HZ + 1e-9)
        ]
        if k.size < STEP_MIN_LINES or not np.any(np.abs(seen - rate) <= GAIT_RATE_TOL_HZ + 1e-9):
            continue
        on = np.interp(k * rate, freqs, mean) + floor
        off = np.maximum(np.interp((k + 0.5) * rate, freqs, mean), np.interp((k - 0.5) * rate, freqs, mean))
        best = max(best, float(np.median(np.log10(on / (off + floor)))))
    return best


def test_gait_comb_equals_definition() -> None:
    """Random float32 frame spectra and cadences (lines, NaN above a random top): the same value."""
    seed = int(np.random.SeedSequence().entropy % (2**32))
    print(f"seed {seed}")
    rng = np.random.default_rng(seed)
    for trial in range(300):
        n = int(rng.integers(1, 30))
        psd = (rng.standard_normal((n, PSD_FREQS.size)) ** 2 * 10.0 ** rng.uniform(-6, 2)).astype(np.float32)
        if trial % 3 == 0:  # a comb of lines at a step rate
            rate = rng.uniform(1.4, 2.6)
            for k in range(1, 6):
                psd[:, np.argmin(np.abs(PSD_FREQS - k * rate))] *= 50.0
        if trial % 5 == 0:
            psd[:, rng.uniform(5.0, 30.0) < PSD_FREQS] = np.nan
        cadence = rng.uniform(0.4, 3.0, n)
        got, want = gait_comb(psd, cadence), _gait_comb_definition(psd, cadence)
        assert got == want, (trial, got, want)
