"""The 6-12 Hz top on a harmonic of a steady 2.4-3.3 Hz movement (tremor.core.step_harmonics), at its thresholds.

Spectra as a 2 s Hann window shows them (a line's main lobe 1 Hz either side of it) over a falling floor, built to
sit just either side of each rule; the physics end to end is in tests/core/test_brisk_walk.py.
"""

from __future__ import annotations

import numpy as np
import pytest

from tremor.core import step_harmonics as H
from tremor.core.features import PSD_FREQS


def _spectrum(lines: list[tuple[float, float]]) -> np.ndarray:
    """A falling floor with lines (Hz, peak PSD) shaped as a 2 s Hann window's main lobe."""
    spec = 1e-4 * (PSD_FREQS / 2.0) ** -3
    for hz, height in lines:
        d = np.abs(PSD_FREQS - hz)
        spec = spec + height * np.where(d < 1.0, np.cos(np.pi * d / 2.0) ** 4, 1e-3 * (1.0 + d) ** -4)
    return spec


def _steady(hz: float, spread: float = 0.03, n: int = 40) -> np.ndarray:
    return hz + spread * np.linspace(-1.0, 1.0, n)


@pytest.mark.parametrize("cadence", [2.5, 2.8, 3.2])
def test_a_harmonic_in_the_band_is_the_movement(cadence: float) -> None:
    """The top at three times the cadence (7.5-9.6 Hz), a second harmonic below it: movement."""
    spec = _spectrum([(2 * cadence, 1.0), (3 * cadence, 0.1)])
    assert H.step_harmonic(_steady(cadence), spec)


@pytest.mark.parametrize("cadence", [2.5, 2.8, 3.2])
def test_a_tremor_line_between_harmonics_is_no_harmonic(cadence: float) -> None:
    """The near case: the same movement with a tremor line half-way between the third and fourth harmonics
    (8.75-11.2 Hz), over them and the second harmonic's skirt: not the movement's. (A line under the harmonics
    leaves the band's level to them: not assessable.)"""
    spec = _spectrum([(2 * cadence, 0.2), (3 * cadence, 0.02), (3.5 * cadence, 1.0)])
    assert not H.step_harmonic(_steady(cadence), spec)


@pytest.mark.parametrize(
    "offset,expect", [(H.HARMONIC_TOL_HZ - 0.1, True), (H.HARMONIC_TOL_HZ + 0.15, False)]
)
def test_the_top_within_the_tolerance_of_a_harmonic(offset: float, expect: bool) -> None:
    """A line just inside and just outside :data:`HARMONIC_TOL_HZ` of the third harmonic."""
    cadence = 2.8
    spec = _spectrum([(3 * cadence + offset, 0.1)])
    assert H.step_harmonic(_steady(cadence), spec) is expect


@pytest.mark.parametrize("second,expect", [(5.4, True), (4.8, False)])
def test_the_band_edge_on_the_second_harmonics_skirt(second: float, expect: bool) -> None:
    """A second harmonic at 5.4 Hz (2.7 Hz) tops the band at 6 Hz on its skirt: movement; one at 4.8 Hz
    (2.4 Hz), more than the main lobe's half-width below the band, leaves the band to a tremor line at 9 Hz
    (not on a harmonic of 2.4 Hz: 7.2, 9.6)."""
    spec = _spectrum([(second, 1.0), (9.0, 2e-3)])
    assert H.step_harmonic(_steady(second / 2), spec) is expect


@pytest.mark.parametrize("cadence,expect", [(2.45, True), (2.3, False), (3.25, True), (3.4, False)])
def test_the_cadence_band(cadence: float, expect: bool) -> None:
    """Cadences just inside and outside :data:`HARMONIC_CADENCE_HZ`, the top on their third harmonic."""
    spec = _spectrum([(3 * cadence, 0.1)])
    assert H.step_harmonic(_steady(cadence), spec) is expect


@pytest.mark.parametrize(
    "spread,expect", [(H.STEADY_CADENCE_HZ * 0.8, True), (H.STEADY_CADENCE_HZ * 1.3, False)]
)
def test_a_steady_cadence(spread: float, expect: bool) -> None:
    """A cadence whose quartiles lie just inside and outside :data:`STEADY_CADENCE_HZ` of its median (a uniform
    spread: the quartiles half-way out)."""
    cadence = 2.8
    spec = _spectrum([(3 * cadence, 0.1)])
    assert H.step_harmonic(_steady(cadence, 2 * spread, 400), spec) is expect


def test_no_cadence_or_no_band_is_no_harmonic() -> None:
    """No finite cadence, or an empty band: nothing to judge."""
    spec = _spectrum([(8.4, 0.1)])
    assert not H.step_harmonic(np.full(10, np.nan), spec)
    assert not H.step_harmonic(_steady(2.8), np.zeros_like(spec))
