"""A set's tremor peak beside a line at the 6-12 Hz band's lower edge (issue 9; red team R3-6).

Written from the physics: a fatigue tremor is a noise-driven resonance 1-2 Hz wide whose centre drifts down
through a 40 s set and grows; the resting wrist's 9-10 Hz physiological tremor goes on beneath it, 10x
weaker in power. Where the line ends at or just below 6 Hz, the band's maximum is that line's skirt and the
resting tremor is a bump far below it: it must never be reported as the set's peak (none, or the line).
A separate 4-5 Hz oscillation beside a 9 Hz tremor of comparable in-band power leaves the 9 Hz peak as it is.
Fresh seeds are printed so that a failure can be replayed.
"""

from __future__ import annotations

import numpy as np
import pytest

from tremor.core.features import PSD_FREQS, compute_frames
from tremor.core.peak import spectral_peak, spectral_peak_sd

FS = 100.0


def _line(
    rng: np.random.Generator, n: int, path_hz: np.ndarray, width_hz: float, power: np.ndarray
) -> np.ndarray:
    """A noise-driven damped oscillator (second-order resonance, bandwidth ``width_hz``) whose frequency
    follows ``path_hz`` (Hz per sample) and whose drive follows ``power``; scaled to the mean of ``power``."""
    r = np.exp(-np.pi * width_hz / FS)
    a1 = 2 * r * np.cos(2 * np.pi * np.concatenate([np.full(500, path_hz[0]), path_hz]) / FS)
    drive = rng.normal(size=n + 500) * np.sqrt(np.concatenate([np.full(500, power[0]), power]))
    x = np.zeros(n + 500)
    for i in range(2, x.size):  # a few thousand samples
        x[i] = a1[i] * x[i - 1] - r * r * x[i - 2] + drive[i]
    x = x[500:]
    return x * np.sqrt(power.mean() / np.mean(x**2))


def _set_frames(
    seed: int, f0: float, f1: float, *, rest_hz: float = 9.5, rest_share: float = 0.1
) -> np.ndarray:
    """Frame spectra of a 40 s set: a resonance 1 Hz wide drifting ``f0`` -> ``f1`` Hz and growing 4x in power
    to 0.1 m/s^2 RMS, a steady resting tremor at ``rest_hz`` (1 Hz wide) at ``rest_share`` of the line's
    mean power, and 0.008 m/s^2 white sensor noise per axis."""
    rng = np.random.default_rng(seed)
    n = int(40 * FS)
    u = np.linspace(0.0, 1.0, n)
    grow = np.exp(np.log(4.0) * u)
    power = 0.01 * grow / grow[-1]
    x = _line(rng, n, f0 + (f1 - f0) * u, 1.0, power)
    x += _line(rng, n, np.full(n, rest_hz), 1.0, np.full(n, rest_share * power.mean()))
    acc = np.column_stack([x, 0.3 * x, np.zeros(n)]) + 0.008 * rng.normal(size=(n, 3))
    return compute_frames(acc, fs=FS, gravity_included=False).psd.astype(np.float64)


def _fresh(n: int) -> list[int]:
    seeds = [int(s) for s in np.random.SeedSequence().generate_state(n)]
    print("fresh seeds:", seeds)
    return seeds


@pytest.mark.parametrize("f0, f1", [(7.0, 5.6), (6.6, 5.9)])
def test_a_line_drifting_to_the_band_edge_never_hands_the_peak_to_the_resting_tremor(f0, f1):
    """Set, first and last third: the peak is none or on the line's path, never the 9.5 Hz resting tremor.
    Seeds 2 and 4 (7.0 -> 5.6 Hz): the last third read 9.23 and 9.35 Hz before this rule."""
    for seed in [2, 4, *_fresh(3)]:
        psd = _set_frames(seed, f0, f1)
        hz, _, sd = spectral_peak_sd(psd)
        thirds = np.array_split(psd, 3)
        start, _ = spectral_peak(thirds[0].mean(axis=0))
        end, _ = spectral_peak(thirds[-1].mean(axis=0))
        for name, got in (("set", hz), ("first third", start), ("last third", end)):
            assert got is None or f1 - 0.3 <= got <= f0 + 0.3, (seed, name, got)
        # the first third's line (6.6 -> 6.37 or 7.0 -> 6.53 Hz) is in the band: found on the fixed seeds; a 13 s
        # third of a 1 Hz wide line can place its centre at the edge (seed 3347771459 at 6.6 -> 5.9: none)
        assert start is None or start >= 6.1, (seed, start)
        if seed in (2, 4):
            assert start is not None, (seed, start)


def test_a_line_that_stays_in_the_band_is_its_peak():
    """A line drifting 7.0 -> 6.3 Hz (the red team's case that was right) keeps its in-band peak."""
    for seed in _fresh(3):
        psd = _set_frames(seed, 7.0, 6.3)
        hz, _, sd = spectral_peak_sd(psd)
        assert hz is not None and 6.2 <= hz <= 7.0, (seed, hz)
        assert sd is not None and sd < 0.5, (seed, sd)


@pytest.mark.parametrize("low_hz, low_share", [(4.5, 3.0), (5.0, 1.0)])
def test_a_separate_oscillation_below_the_band_leaves_the_in_band_peak(low_hz, low_share):
    """A steady 4.5-5 Hz oscillation (0.5 Hz wide, a rest tremor) at 1-3x the power of a 9 Hz tremor line
    (the 9 Hz line's in-band power comparable or larger): the peak is the 9 Hz line, as before (30 seeds each
    held). At 10x (4.5 Hz) the 9 Hz peak is lost or pulled to 8.5 Hz in 3 of 41 seeds (e.g. 714318490: none),
    the same before this rule: its skirt, not the edge rule."""
    for seed in _fresh(3):
        rng = np.random.default_rng(seed)
        n = int(40 * FS)
        x = _line(rng, n, np.full(n, 9.0), 1.5, np.full(n, 0.002))
        x += _line(rng, n, np.full(n, low_hz), 0.5, np.full(n, 0.002 * low_share))
        acc = np.column_stack([x, np.zeros(n), np.zeros(n)]) + 0.008 * rng.normal(size=(n, 3))
        psd = compute_frames(acc, fs=FS, gravity_included=False).psd.astype(np.float64)
        hz, _, sd = spectral_peak_sd(psd)
        assert hz is not None and hz == pytest.approx(9.0, abs=0.4), (seed, hz)
        assert sd is not None, seed


def _gauss(hz: float, height: float, width: float) -> np.ndarray:
    return height * np.exp(-0.5 * ((PSD_FREQS - hz) / width) ** 2)


@pytest.mark.parametrize(
    "line_hz, line_width, ratio, kept",
    [
        (5.9, 0.5, 1.8, True),  # the bump under 2x below the line's in-band skirt: still the band's peak
        (5.9, 0.5, 2.2, False),  # 2x or more below it: a lesser bump, no peak
        (5.9, 0.5, 30.0, False),
        (
            5.5,
            0.3,
            10.0,
            True,
        ),  # a narrow line whose skirt at 6.25 Hz is under 0.2 of its top: not an edge line
        (4.8, 1.0, 5.0, True),  # a line centred 1.2 Hz below the edge: a separate oscillation, as before
    ],
)
def test_the_edge_rule_near_its_thresholds(line_hz, line_width, ratio, kept):
    """Mean spectra built from the rule's terms: an edge line (top 1) and a 9.5 Hz bump ``ratio`` times below
    the line's in-band skirt (its lowest PSD from its top to 6.25 Hz)."""
    line = 1e-4 + _gauss(line_hz, 1.0, line_width)
    top = int(np.argmax(line))
    inside = int(np.searchsorted(PSD_FREQS, 6.125))
    skirt = float(line[top : inside + 1].min())
    spec = line + _gauss(9.5, skirt / ratio, 0.6)
    hz, _ = spectral_peak(spec)
    if kept:
        assert hz == pytest.approx(9.5, abs=0.1), hz
    else:
        assert hz is None, hz
