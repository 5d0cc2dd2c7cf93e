"""The rest's median spectrum and power less a stay, read from the rest sorted once, are ``numpy.median``'s, bit for bit.

:class:`tremor.core.stay_taps.RestSpectrum` sorts the rest frames' spectra once (from the second stay asked on)
and takes each stay's order statistics from them less the stay's rows. The reference is the plain median of the
rest rows outside the run whose spectra are finite (:class:`~tremor.core.stay_taps.RestMedians`: of their finite
6-12 Hz powers, and how many rest frames lie outside). Values drawn on a coarse grid so that ties are common (an
order statistic among equal values), some rows NaN, runs of every length from none to most of the rest. Fixed
seeds plus a fresh one each run (printed; replay with ``TREMOR_RESTMED_SEED=<seed>``).
"""

from __future__ import annotations

import os

import numpy as np
import pytest

from tests.run_entropy import fresh_entropy
from tremor.core.stay_taps import RestMedians, RestSpectrum

FRESH_SEED = int(os.environ.get("TREMOR_RESTMED_SEED", fresh_entropy(__name__) % 2**31))


def _reference(psd: np.ndarray, rest: np.ndarray, i0: int, i1: int) -> np.ndarray | None:
    outside = rest.copy()
    outside[i0:i1] = False
    rows = np.asarray(psd[outside], np.float64)
    rows = rows[np.isfinite(rows).all(axis=1)]
    return np.median(rows, axis=0) if rows.size else None


def check_draw(seed: int) -> int:
    """Compare every run of one draw with the reference; return the runs compared."""
    rng = np.random.default_rng(seed)
    n, nf = int(rng.integers(5, 400)), int(rng.integers(1, 12))
    levels = int(rng.choice([3, 20, 10_000]))
    psd = (rng.integers(0, levels, (n, nf)) * rng.uniform(0.01, 2.0)).astype(
        rng.choice([np.float32, np.float64])
    )
    psd[rng.random(n) < 0.05, int(rng.integers(nf))] = np.nan
    rest = rng.random(n) < rng.uniform(0.2, 1.0)
    spectrum = RestSpectrum(psd, rest)
    power = psd[:, 0].astype(np.float64)
    power[rng.random(n) < 0.05] = rng.choice([np.nan, np.inf])
    medians = RestMedians(rest, power, psd)
    runs = 0
    for _ in range(30):
        i0 = int(rng.integers(0, n))
        i1 = min(n, i0 + int(rng.choice([0, 1, 2, int(rng.integers(1, 30)), int(rng.integers(1, n + 1))])))
        got, want = spectrum.median_without(i0, i1), _reference(psd, rest, i0, i1)
        assert (got is None) == (want is None), (seed, i0, i1)
        if want is not None:
            assert got is not None and got.dtype == want.dtype
            assert got.tobytes() == want.tobytes(), (seed, i0, i1)
        outside = rest.copy()
        outside[i0:i1] = False
        finite = power[outside][np.isfinite(power[outside])]
        want_power = float(np.median(finite)) if finite.size else np.nan
        assert np.array(medians.power_without(i0, i1)).tobytes() == np.array(want_power).tobytes(), (
            seed,
            i0,
            i1,
        )
        assert medians.count_without(i0, i1) == np.count_nonzero(outside)
        runs += 1
    return runs


@pytest.mark.parametrize("seed", [0, 1, 2, 3, 4, 5, 6, 7, FRESH_SEED])
def test_median_without_is_the_plain_median(seed: int) -> None:
    print(f"seed {seed} (replay: TREMOR_RESTMED_SEED={seed})")
    assert check_draw(seed) == 30
