"""A set's tremor peak is the maximum of its 6-12 Hz spectrum (with its prominence), not a centroid."""

import numpy as np
import pytest

from tremor.core.features import PSD_FREQS as F
from tremor.core.peak import PEAK_MIN_PROMINENCE, centroid_peak, spectral_peak


def _hump(hz, height, width=0.4):
    return height * np.exp(-0.5 * ((F - hz) / width) ** 2)


def test_one_narrow_peak_is_found_between_bins_with_its_prominence():
    spec = 1e-4 + _hump(9.1, 1e-2)
    hz, prom = spectral_peak(spec)
    assert hz == pytest.approx(9.1, abs=0.05)
    assert prom == pytest.approx((1e-4 + 1e-2 * np.exp(-0.5 * (0.1 / 0.4) ** 2)) / 1e-4, rel=0.05)


def test_two_humps_peak_at_the_larger_where_the_centroid_falls_in_the_trough():
    spec = 1e-4 + _hump(7.0, 4e-3) + _hump(10.5, 5e-3)
    hz, prom = spectral_peak(spec)
    assert hz == pytest.approx(10.5, abs=0.1)
    centroid = centroid_peak(spec)
    assert 8.0 < centroid < 9.5  # the old "peak Hz": a frequency with almost no power
    k = int(np.argmin(np.abs(F - centroid)))
    assert spec[k] < 0.05 * spec.max()
    assert prom == pytest.approx(spec.max() / spec[(F > 7.0) & (F < 10.5)].min(), rel=0.01)


def test_a_flat_or_sloping_spectrum_has_no_peak():
    assert spectral_peak(np.full(F.size, 1e-4)) == (None, None)
    slope = 1e-2 / F**2  # movement falling off into the tremor band
    assert spectral_peak(slope) == (None, None)
    shoulder = slope.copy()
    k = int(np.argmin(np.abs(F - 7.0)))
    shoulder[k] = shoulder[k - 1] * 1.01  # a bump on the slope: a local maximum with prominence ~1
    assert spectral_peak(shoulder) == (None, None)


@pytest.mark.parametrize(
    ("height", "found"), [(0.9 * (PEAK_MIN_PROMINENCE - 1), False), (1.1 * (PEAK_MIN_PROMINENCE - 1), True)]
)
def test_prominence_threshold_both_sides(height, found):
    base = np.full(F.size, 1.0)
    spec = base + _hump(9.0, height, width=0.3)
    hz, prom = spectral_peak(spec)
    assert (hz is not None) == found
    if found:
        assert prom == pytest.approx(1.0 + height, rel=0.01)


def test_a_line_at_the_6_hz_edge_belongs_to_the_out_of_band_search_not_the_tremor_peak():
    spec = 1e-4 + _hump(6.0, 1e-1, width=0.2) + _hump(10.0, 1e-3)
    hz, _ = spectral_peak(spec)
    assert hz == pytest.approx(10.0, abs=0.1)


def test_a_spectrum_with_missing_band_values_has_no_peak():
    spec = 1e-4 + _hump(9.0, 1e-2)
    spec[(F > 8.0) & (F < 8.5)] = np.nan
    assert spectral_peak(spec) == (None, None)


def test_a_wide_line_whose_top_bin_falls_below_the_band_is_fitted_not_replaced_by_a_skirt_bump():
    """A 2 Hz wide line centred at 6.45 Hz (a fatigue tremor drifting down) with its top bin pushed to
    6 Hz by estimation noise: the peak is the line's fitted centre, not the bump on its upper skirt."""
    spec = 1e-4 + _hump(6.45, 1e-2, width=0.85)
    spec[F == 6.0] *= 1.15  # the 6 Hz bin is now the highest
    spec[F == 7.5] *= 1.25  # a noise bump on the skirt
    hz, prom = spectral_peak(spec)
    assert hz == pytest.approx(6.45, abs=0.1)
    assert prom > PEAK_MIN_PROMINENCE


def test_a_line_centred_below_the_band_is_no_tremor_peak():
    spec = 1e-4 + _hump(5.4, 1e-2, width=0.6)
    assert spectral_peak(spec) == (None, None)


@pytest.mark.parametrize("centre", [7.3, 8.6, 10.9])
def test_a_flat_topped_line_is_fitted_across_its_top(centre):
    """A 3 Hz wide line with +-10 % bin-to-bin scatter (the mean of ~20 2 s spectra): the Gaussian fit
    finds its centre within 0.15 Hz where the 3-point vertex of the highest bin could be 0.5 Hz off."""
    rng = np.random.default_rng(int(centre * 10))
    for _ in range(20):
        spec = (1e-4 + _hump(centre, 1e-2, width=1.3)) * rng.uniform(0.9, 1.1, F.size)
        hz, _ = spectral_peak(spec)
        assert hz == pytest.approx(centre, abs=0.15)
