"""The fast window medians equal numpy's, value for value, on random inputs (seed printed)."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from tremor.core._rolling import (
    masked_median_mad,
    median1,
    row_median,
    row_median_mad,
    row_nanmedian,
    strided_median,
    strided_median_mad,
)


def _numpy_median_mad(win: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    med = np.median(win, axis=1)
    return med, np.median(np.abs(win - med[:, None]), axis=1)


def _draw(rng: np.random.Generator, n: int) -> np.ndarray:
    kind = rng.integers(4)
    if kind == 0:  # a detection envelope: positive, heavy-tailed
        return np.abs(rng.standard_normal(n)) * np.exp(rng.standard_normal(n))
    if kind == 1:  # many ties
        return rng.integers(0, 5, n).astype(float)
    if kind == 2:  # signed, wide range
        return rng.standard_normal(n) * 10.0 ** rng.integers(-300, 300)
    return np.round(rng.standard_normal(n), 2)  # some ties, some zeros


@pytest.mark.parametrize("trial", range(40))
def test_strided_equals_numpy(trial: int) -> None:
    seed = int(np.random.SeedSequence().entropy % (2**32))
    print(f"seed {seed}")
    rng = np.random.default_rng(seed)
    window = int(rng.integers(1, 120))
    step = int(rng.integers(1, 40))
    count = int(rng.integers(0, 60))
    x = _draw(rng, (count - 1) * step + window + int(rng.integers(0, 5)) if count else 3)
    med, mad = strided_median_mad(x, window, step, count)
    only = strided_median(x, window, step, count)
    win = np.array([x[i * step : i * step + window] for i in range(count)]).reshape(count, window)
    want_med, want_mad = _numpy_median_mad(win)
    np.testing.assert_array_equal(med, want_med)
    np.testing.assert_array_equal(only, want_med)
    np.testing.assert_array_equal(mad, want_mad)


@pytest.mark.parametrize("trial", range(20))
def test_few_rows_equal_numpy(trial: int) -> None:
    """1-6 rows: up to 4 take the selection path, more the bisection; both equal numpy."""
    seed = int(np.random.SeedSequence().entropy % (2**32))
    print(f"seed {seed}")
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 900))
    rows = np.stack([_draw(rng, n) for _ in range(int(rng.integers(1, 7)))])
    med, mad = row_median_mad(rows)
    want_med, want_mad = _numpy_median_mad(rows)
    np.testing.assert_array_equal(med, want_med)
    np.testing.assert_array_equal(mad, want_mad)


def test_detector_shape_equals_numpy() -> None:
    """The twitch detector's case: 5 s windows every 0.5 s block at 100 and 200 Hz, over two passes."""
    seed = int(np.random.SeedSequence().entropy % (2**32))
    print(f"seed {seed}")
    rng = np.random.default_rng(seed)
    for block, window in ((50, 500), (100, 1000), (16, 165)):
        count = 1500  # more than one pass of rows
        x = _draw(rng, (count - 1) * block + window)
        med, mad = strided_median_mad(x, window, block, count)
        win = np.lib.stride_tricks.sliding_window_view(x, window)[::block][:count]
        want_med, want_mad = _numpy_median_mad(win)
        np.testing.assert_array_equal(med, want_med)
        np.testing.assert_array_equal(mad, want_mad)
        np.testing.assert_array_equal(strided_median(x, window, block, count), want_med)


@pytest.mark.parametrize("trial", range(30))
def test_windows_of_whole_halves_equal_numpy(trial: int) -> None:
    """Windows whose halves start on a step (taken from sorted halves), some holding NaN or inf."""
    seed = int(np.random.SeedSequence().entropy % (2**32))
    print(f"seed {seed}")
    rng = np.random.default_rng(seed)
    step = int(rng.integers(1, 30))
    window = 2 * step * int(rng.integers(1, 6))
    count = int(rng.integers(2, 1500 if trial % 10 == 0 else 80))
    x = _draw(rng, (count - 1) * step + window + int(rng.integers(0, 5)))
    if trial % 3 == 0:
        x[rng.integers(x.size, size=3)] = [np.nan, np.inf, -np.inf]
    win = np.lib.stride_tricks.sliding_window_view(x, window)[::step][:count]
    with np.errstate(invalid="ignore", over="ignore"):  # inf - inf and huge values, as in numpy
        med, mad = strided_median_mad(x, window, step, count)
        plain = strided_median(x, window, step, count)  # e.g. a window of two holding -inf and inf: inf - inf
        want_med, want_mad = _numpy_median_mad(win)
    np.testing.assert_array_equal(med, want_med)
    np.testing.assert_array_equal(plain, want_med)
    np.testing.assert_array_equal(mad, want_mad)


@pytest.mark.parametrize("trial", range(30))
def test_masked_median_mad_equals_numpy(trial: int) -> None:
    """Each row's kept values (halves of up to 256 and whole rows of more; odd and even widths; ties)."""
    seed = int(np.random.SeedSequence().entropy % (2**32))
    print(f"seed {seed}")
    rng = np.random.default_rng(seed)
    width = int(rng.integers(1, 1200 if trial % 3 == 0 else 520))
    m = int(rng.integers(1, 60))
    rows = np.stack([_draw(rng, width) for _ in range(m)])
    keep = rng.random((m, width)) < rng.uniform(0.05, 1.0)
    keep[np.arange(m), rng.integers(width, size=m)] = True  # at least one kept value per row
    with np.errstate(over="ignore"):  # huge values, as in numpy
        med, mad = masked_median_mad(rows, keep)
        for i in range(m):
            kept = rows[i][keep[i]]
            want = np.median(kept)
            assert med[i] == want, (i, med[i], want)
            assert mad[i] == np.median(np.abs(kept - want)), i


def test_rows_with_nan_and_inf_equal_numpy() -> None:
    rows = np.arange(60.0).reshape(6, 10)
    rows[1, 3] = np.nan
    rows[2, 0] = np.inf
    rows[3, 9] = -np.inf
    rows[4, :] = np.inf
    with np.errstate(invalid="ignore"):  # inf - inf, as in numpy
        med, mad = row_median_mad(rows)
        want_med, want_mad = _numpy_median_mad(rows)
    np.testing.assert_array_equal(med, want_med)
    np.testing.assert_array_equal(mad, want_mad)
    np.testing.assert_array_equal(row_median(rows), want_med)


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(ValueError, match="need"):
        strided_median(np.zeros(10), 5, 3, 3)
    with pytest.raises(ValueError, match="1-D"):
        strided_median(np.zeros((2, 5)), 2, 1, 1)
    with pytest.raises(ValueError, match="2-D"):
        row_median(np.zeros(5))


@pytest.mark.parametrize("trial", range(20))
def test_row_nanmedian_equals_numpy(trial: int) -> None:
    """NaN, infinities, ties, both float types, all-NaN rows: the same values and type as numpy."""
    seed = int(np.random.SeedSequence().entropy % (2**32))
    print(f"seed {seed}")
    rng = np.random.default_rng(seed)
    rows, width = int(rng.integers(1, 40)), int(rng.integers(1, 120))
    with np.errstate(over="ignore"):  # float32 overflows to infinity: one more case
        x = _draw(rng, rows * width).reshape(rows, width).astype(np.float32 if trial % 2 else np.float64)
    x[rng.random(x.shape) < rng.random()] = np.nan
    x[rng.random(x.shape) < 0.03] = np.inf
    x[rng.random(x.shape) < 0.03] = -np.inf
    if trial % 4 == 0:
        x[rng.integers(rows)] = np.nan
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        want = np.nanmedian(x, axis=1)
        got = row_nanmedian(x)
    assert got.dtype == want.dtype
    np.testing.assert_array_equal(got, want)


def test_row_nanmedian_warns_on_all_nan_row() -> None:
    x = np.array([[1.0, np.nan, 3.0], [np.nan, np.nan, np.nan]])
    with pytest.warns(RuntimeWarning, match="All-NaN"):
        got = row_nanmedian(x)
    np.testing.assert_array_equal(got, [2.0, np.nan])


def test_median1_equals_numpy_value_and_type() -> None:
    """float32 and float64, odd and even lengths, ties, NaN and infinities: numpy's value and type."""
    seed = int(np.random.SeedSequence().entropy % (2**32))
    print(f"seed {seed}")
    rng = np.random.default_rng(seed)
    for trial in range(2000):
        with np.errstate(over="ignore"):
            x = _draw(rng, int(rng.integers(1, 40))).astype(np.float32 if trial % 2 else np.float64)
        if trial % 5 == 0:
            x[rng.random(x.size) < 0.2] = np.nan
        if trial % 7 == 0:
            x[rng.random(x.size) < 0.2] = np.inf
        with np.errstate(invalid="ignore", over="ignore"):
            want, got = np.median(x), median1(x)
        assert type(got) is type(want)
        np.testing.assert_array_equal(got, want)
