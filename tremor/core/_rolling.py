"""Medians of many windows at once, equal to :func:`numpy.median` value for value, several times faster.

:func:`numpy.median` over the rows of a 2-D array partitions every row three times (the two middle
order statistics and, to detect NaN, the largest). Sorting a row with numpy's vectorised sort
costs less than one of those partitions on this machine (about 4 us for 500 values against about
4 us per partition, three of them), and a sorted row also gives the median absolute deviation
without a second selection: the ``L`` values nearest to the median are a contiguous run of the
sorted row, so the ``L``-th smallest deviation is the smallest, over the runs of ``L`` sorted
values, of the larger of the run's two end deviations.

The results are the same numbers :func:`numpy.median` returns (an order statistic is a selection;
the middle two are averaged by the same ``(a + b) / 2``; a deviation is computed by the same
subtraction, and rounding is monotonic, so the order of the rounded deviations is that of the
exact ones). Rows holding NaN or an infinity go to :func:`numpy.median` itself. Only the sign of
a zero median may differ (``-0.0`` and ``0.0`` compare equal and are not ordered by either
method).

Windows made of two halves that each start on a step (the twitch detector's 5 s every 0.5 s) are
not sorted whole: each half-length run is sorted once and serves as the first half of one window
and the second half of another; a window's middle order statistics are picked from its two sorted
halves by bisection, and its median absolute deviation from its two halves' sorted deviations
the same way. The values are the same order statistics, so the same numbers.

Size (issue 8): just over 500 lines, one job: exact order statistics of many rows and windows, the
kernels (sorted halves, bisection between them) shared by every function here.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator

import numpy as np

__all__ = [
    "masked_median_mad",
    "median1",
    "nanmedian1",
    "nth_deviation",
    "strided_median",
    "strided_median_mad",
    "row_median",
    "sorted_middle",
    "row_median_mad",
    "row_nanmedian",
]

#: Windows handled per pass (bounded memory: the sorted copy is rows x window values).
_ROWS = 1024
#: numpy sorts rows of up to this many float64 values several times faster per value than longer
#: rows (measured with numpy 2.4 on this machine: 1 us for 250 values, 4.5 us for 500): the median
#: and MAD of windows whose halves are that short are taken from the sorted halves.
_SHORT_SORT = 256
#: Rows of :func:`masked_median_mad` handled per pass (their copies stay in the cache).
_CACHE_ROWS = 512


def _windows(x: np.ndarray, window: int, step: int, count: int) -> np.ndarray:
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 1:
        raise ValueError(f"x must be 1-D, got shape {x.shape}")
    if window < 1 or step < 1 or count < 0:
        raise ValueError(f"window and step must be >= 1 and count >= 0, got {window}, {step}, {count}")
    need = (count - 1) * step + window if count else 0
    if need > x.size:
        raise ValueError(f"{count} windows of {window} every {step} need {need} values, x has {x.size}")
    if not count:
        return np.zeros((0, window))
    return np.lib.stride_tricks.sliding_window_view(x[:need], window)[::step]


def _sorted_rows(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows sorted, and which of them are finite (NaN sorts last, -inf first, inf before NaN)."""
    s = np.sort(rows, axis=1)
    finite = np.isfinite(s[:, 0]) & np.isfinite(s[:, -1])
    return s, finite


def sorted_middle(s: np.ndarray) -> np.ndarray:
    """The median of each row of rows already sorted ascending, in their own float type.

    The middle value, or the two middle ones added and halved (:func:`numpy.median`'s mean of them); a
    row holding NaN (sorted last) gives whatever its middle is: callers that need NaN there test the
    row's last value.

    Parameters
    ----------
    s : ndarray, shape (m, n)
        Sorted rows, n >= 1.

    Returns
    -------
    ndarray, shape (m,)
        The middle of each row.
    """
    n = s.shape[1]
    k = n // 2
    if n % 2:
        return s[:, k].copy()
    return (s[:, k - 1] + s[:, k]) / 2.0


def _mad_sorted(s: np.ndarray, med: np.ndarray) -> np.ndarray:
    """Median of ``|row - med|`` of sorted, finite rows (as ``np.median(np.abs(row - med))``)."""
    n = s.shape[1]
    k = n // 2
    if s.shape[0] <= _FEW_ROWS:  # a live block's one background: select among the deviations at once
        part = np.partition(np.abs(s - med[:, None]), [k - 1, k] if n % 2 == 0 else [k], axis=1)
        upper = part[:, k]
    else:
        upper = _nth_deviation(s, med, k + 1)
    if n % 2:
        return upper
    lower = part[:, k - 1] if s.shape[0] <= _FEW_ROWS else _nth_deviation(s, med, k)
    return (lower + upper) / 2.0


#: Up to this many rows, :func:`_mad_sorted` selects the middle deviations with :func:`numpy.partition`
#: (the same values: a selection among the same ``|row - med|``), faster than the bisection for one row.
_FEW_ROWS = 4


def _nth_deviation(s: np.ndarray, med: np.ndarray, length: int | np.ndarray) -> np.ndarray:
    """The ``length``-th smallest of ``|row - med|`` for sorted, finite rows (``length`` per row or one).

    The ``length`` values nearest to the median are a run ``s[a : a + length]``; over the runs, the
    larger end deviation ``max(m - s[a], s[a + length - 1] - m)`` is smallest at the first ``a``
    where the right one is at least the left one, or just before it (the left deviation falls
    with ``a``, the right one grows), found by bisection. ``m - s[a]`` equals ``|s[a] - m|``
    exactly (subtraction rounds symmetrically), so these are the deviations numpy computes.
    """
    rows = np.arange(s.shape[0])
    top = s.shape[1] - np.asarray(length, dtype=np.intp)  # the last start of a run
    lo = np.zeros(s.shape[0], dtype=np.intp)
    hi = np.broadcast_to(top + 1, s.shape[:1]).astype(np.intp)
    for _ in range(int(np.max(top, initial=0) + 1).bit_length() + 1):
        mid = np.minimum((lo + hi) // 2, top)
        right = s[rows, mid + length - 1] - med >= med - s[rows, mid]
        active = lo < hi
        hi = np.where(active & right, mid, hi)
        lo = np.where(active & ~right, mid + 1, lo)
    at = np.minimum(lo, top)
    before = np.maximum(lo - 1, 0)
    dev_at = np.maximum(med - s[rows, at], s[rows, at + length - 1] - med)
    dev_before = np.maximum(med - s[rows, before], s[rows, before + length - 1] - med)
    return np.minimum(dev_at, dev_before)


def nth_deviation(s: np.ndarray, med: np.ndarray, length: np.ndarray) -> np.ndarray:
    """The ``length``-th smallest absolute deviation of each sorted row's first values from its ``med``.

    Each row of ``s`` is sorted and holds finite values followed by ``+inf`` padding; ``length`` (per
    row, at least 1) is at most its count of finite values. The value equals
    ``np.sort(np.abs(row[:k] - med))[length - 1]`` for the row's ``k`` finite values: the ``length``
    values nearest to ``med`` are a run of the sorted row, found by bisection without sorting the
    deviations (a run reaching the padding has an infinite end deviation, so none is chosen).

    Parameters
    ----------
    s : ndarray, shape (m, n)
        Sorted rows, finite values then ``+inf``.
    med : ndarray, shape (m,)
        Each row's centre (finite; in practice its median).
    length : ndarray of int, shape (m,)
        Which smallest deviation of each row, counted from 1.

    Returns
    -------
    ndarray, shape (m,)
        The ``length``-th smallest ``|value - med|`` of each row's finite values.
    """
    s = np.asarray(s, dtype=np.float64)
    if s.shape[0] == 0:
        return np.zeros(0)
    return _nth_deviation(s, np.asarray(med, dtype=np.float64), np.asarray(length, dtype=np.intp))


def masked_median_mad(rows: np.ndarray, keep: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Median and median absolute deviation of each row's kept values.

    Equal, row by row, to ``med = np.median(row[k])`` and ``np.median(np.abs(row[k] - med))`` for
    the row's mask ``k``: the same order statistics of the kept values and of their deviations
    (computed by the same subtraction), averaged by the same ``(low + high) / 2``. Rows of up to
    twice :data:`_SHORT_SORT` values are sorted in two halves (numpy sorts such short rows several
    times faster per value) whose order statistics are picked together (:func:`_kth_pair`); longer
    rows are sorted whole (deviations by :func:`nth_deviation`).

    Parameters
    ----------
    rows : ndarray, shape (m, n)
        Finite values.
    keep : ndarray of bool, shape (m, n)
        Which values of each row count; at least one per row.

    Returns
    -------
    median : ndarray, shape (m,)
        The median of each row's kept values.
    mad : ndarray, shape (m,)
        The median of their absolute deviations from it (not scaled).
    """
    rows = np.asarray(rows, dtype=np.float64)
    keep = np.asarray(keep, dtype=bool)
    med, mad = np.empty(rows.shape[0]), np.empty(rows.shape[0])
    for r0 in range(0, rows.shape[0], _CACHE_ROWS):  # groups that stay in the cache; rows are independent
        r1 = r0 + _CACHE_ROWS
        med[r0:r1], mad[r0:r1] = _masked_median_mad(rows[r0:r1], keep[r0:r1])
    return med, mad


def _masked_median_mad(rows: np.ndarray, keep: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    n = keep.sum(axis=1)
    lo, hi = (n - 1) // 2, n // 2
    vals = np.where(keep, rows, np.inf)  # left out: sorted after every kept value
    width = rows.shape[1]
    if width > 2 * _SHORT_SORT:
        s = np.sort(vals, axis=1)
        at = np.arange(rows.shape[0])
        med = (s[at, lo] + s[at, hi]) / 2.0
        # the kept values' deviations from med, lo-th and hi-th smallest, off the sorted kept values
        return med, (nth_deviation(s, med, lo + 1) + nth_deviation(s, med, hi + 1)) / 2.0
    half = -(-width // 2)
    if width % 2:
        vals = np.concatenate([vals, np.full((rows.shape[0], 1), np.inf)], axis=1)
    a, b = np.sort(vals[:, :half], axis=1), np.sort(vals[:, half:], axis=1)
    low, nxt = _kth_pair(a, b, lo)
    med = (low + np.where(hi > lo, nxt, low)) / 2.0
    da = np.abs(a - med[:, None])  # each deviation as numpy computes it, then sorted per half
    da.sort(axis=1)
    db = np.abs(b - med[:, None])
    db.sort(axis=1)
    low, nxt = _kth_pair(da, db, lo)
    return med, (low + np.where(hi > lo, nxt, low)) / 2.0


def median1(x: np.ndarray) -> np.floating:
    """``np.median(x)`` of a short 1-D float array, without its overhead: the same value and type.

    The middle of the sorted values, or the two middle ones added and halved in the array's own
    float type as :func:`numpy.median` does (its mean of them); NaN where ``x`` holds NaN. An empty
    ``x`` goes to :func:`numpy.median` itself.

    Parameters
    ----------
    x : ndarray, shape (n,)
        Floating-point values.

    Returns
    -------
    numpy.floating
        The median, a scalar of ``x``'s type (a float32 median compares as float32 does).
    """
    s = np.sort(x)
    n = s.size
    if n == 0 or s.ndim != 1 or s.dtype.kind != "f":
        return np.median(x)
    if np.isnan(s[-1]):
        return s[-1]
    h = n // 2
    return s[h] if n % 2 else (s[h - 1] + s[h]) / 2


def nanmedian1(x: np.ndarray) -> np.floating:
    """``np.nanmedian(x)`` of a short 1-D float array, without its overhead: the same value and type.

    numpy takes a 1-D array's median after dropping its NaN (:func:`median1`'s value); an array of NaN
    only goes to :func:`numpy.nanmedian` itself (NaN, with its warning).

    Parameters
    ----------
    x : ndarray, shape (n,)
        Floating-point values.

    Returns
    -------
    numpy.floating
        The median of the values that are not NaN, a scalar of ``x``'s type.
    """
    kept = x[~np.isnan(x)] if x.ndim == 1 and x.dtype.kind == "f" else x[:0]
    return median1(kept) if kept.size else np.nanmedian(x)


def row_median(rows: np.ndarray) -> np.ndarray:
    """Median of each row of a 2-D array, equal to ``np.median(rows, axis=1)``.

    Parameters
    ----------
    rows : ndarray, shape (m, n)
        The values, n >= 1.

    Returns
    -------
    ndarray, shape (m,)
        The median of each row.
    """
    rows = np.asarray(rows, dtype=np.float64)
    if rows.ndim != 2 or rows.shape[1] < 1:
        raise ValueError(f"rows must be 2-D with at least one column, got shape {rows.shape}")
    out = np.empty(rows.shape[0])
    for r0 in range(0, rows.shape[0], _ROWS):
        part = rows[r0 : r0 + _ROWS]
        s, finite = _sorted_rows(part)
        out[r0 : r0 + part.shape[0]] = sorted_middle(s)
        if not finite.all():
            bad = np.flatnonzero(~finite)
            out[r0 + bad] = np.median(part[bad], axis=1)
    return out


def row_nanmedian(rows: np.ndarray) -> np.ndarray:
    """Median of the non-NaN values of each row, equal to ``np.nanmedian(rows, axis=1)``, in the
    rows' own float type.

    :func:`numpy.nanmedian` takes such rows through a masked array (``np.ma.median``), several
    times slower than one sort: the same order statistics are picked from the sorted rows (NaN
    sorts last) and averaged by the same ``(low + high) / 2``, the middle value with itself where a
    row holds an odd count. A row of NaN only gives NaN with numpy's warning.

    Parameters
    ----------
    rows : ndarray, shape (m, n)
        Floating-point values (rows of 600 or more go to :func:`numpy.nanmedian` itself).

    Returns
    -------
    ndarray, shape (m,)
        The median of each row's non-NaN values (NaN where there are none).
    """
    rows = np.asarray(rows)
    if rows.ndim != 2 or rows.dtype.kind != "f":
        raise ValueError(f"rows must be a 2-D array of floats, got {rows.dtype} {rows.shape}")
    if rows.shape[1] == 0 or rows.shape[1] >= 600:  # numpy's other path (one row at a time)
        return np.asarray(np.nanmedian(rows, axis=1))
    s = np.sort(rows, axis=1)
    n = rows.shape[1]
    holed = np.flatnonzero(np.isnan(s[:, -1]))  # NaN sorts last: only these rows hold any
    if not holed.size:  # every row full: the same middle for all, no per-row count
        h = n // 2
        return (s[:, h if n % 2 else h - 1] + s[:, h]) / 2.0
    count = np.full(rows.shape[0], n)
    count[holed] -= np.count_nonzero(np.isnan(s[holed]), axis=1)
    high = count // 2
    low = np.where(count % 2 == 1, high, high - 1)
    at = np.arange(rows.shape[0])
    empty = count == 0
    out = (s[at, np.maximum(low, 0)] + s[at, high]) / 2.0
    if empty.any():
        out[empty] = np.nan
        warnings.warn("All-NaN slice encountered", RuntimeWarning, stacklevel=2)
    return out


def row_median_mad(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Median and median absolute deviation of each row of a 2-D array.

    Equal to ``med = np.median(rows, axis=1)`` and
    ``np.median(np.abs(rows - med[:, None]), axis=1)``.

    Parameters
    ----------
    rows : ndarray, shape (m, n)
        The values, n >= 1.

    Returns
    -------
    median : ndarray, shape (m,)
        The median of each row.
    mad : ndarray, shape (m,)
        The median of each row's absolute deviations from its median (not scaled).
    """
    rows = np.asarray(rows, dtype=np.float64)
    if rows.ndim != 2 or rows.shape[1] < 1:
        raise ValueError(f"rows must be 2-D with at least one column, got shape {rows.shape}")
    med = np.empty(rows.shape[0])
    mad = np.empty(rows.shape[0])
    for r0 in range(0, rows.shape[0], _ROWS):
        part = rows[r0 : r0 + _ROWS]
        s, finite = _sorted_rows(part)
        m = sorted_middle(s)
        med[r0 : r0 + part.shape[0]] = m
        if finite.all():
            mad[r0 : r0 + part.shape[0]] = _mad_sorted(s, m)
            continue
        good = np.flatnonzero(finite)
        d = np.empty(part.shape[0])
        d[good] = _mad_sorted(s[good], m[good])
        bad = np.flatnonzero(~finite)
        bm = np.median(part[bad], axis=1)
        med[r0 + bad] = bm
        d[bad] = np.median(np.abs(part[bad] - bm[:, None]), axis=1)
        mad[r0 : r0 + part.shape[0]] = d
    return med, mad


def strided_median(x: np.ndarray, window: int, step: int, count: int) -> np.ndarray:
    """Medians of ``count`` windows ``x[i * step : i * step + window]``, equal to :func:`numpy.median`.

    Parameters
    ----------
    x : ndarray, shape (n,)
        The values; ``(count - 1) * step + window <= n``.
    window : int
        Values per window.
    step : int
        Start of window ``i`` is ``i * step``.
    count : int
        Number of windows.

    Returns
    -------
    ndarray, shape (count,)
        The median of each window.
    """
    rows = _windows(x, window, step, count)
    if count < 2 or window % (2 * step):
        return row_median(rows)
    return _halves_median(np.asarray(x, dtype=np.float64), window, step, count)


def _halves_median(x: np.ndarray, window: int, step: int, count: int) -> np.ndarray:
    """:func:`strided_median` where each half of a window starts on a step (``window % (2 * step) == 0``).

    The two middle order statistics of a window are picked from its two sorted halves (see
    :func:`_sorted_halves` and :func:`_kth_of_two`). An order statistic is the same value however it
    is found, so the result is :func:`row_median`'s; windows holding NaN or an infinity go to
    :func:`numpy.median`.
    """
    half = window // 2
    out = np.empty(count)
    for r0, a, b, finite in _sorted_halves(x, window, step, count):
        low, high = _kth_pair(a, b, half - 1)
        out[r0 : r0 + a.shape[0]] = (low + high) / 2.0
        bad = np.flatnonzero(~finite)
        if bad.size:
            out[r0 + bad] = np.median(_windows(x, window, step, count)[r0 + bad], axis=1)
    return out


def _sorted_halves(
    x: np.ndarray, window: int, step: int, count: int
) -> Iterator[tuple[int, np.ndarray, np.ndarray, np.ndarray]]:
    """Per pass of up to :data:`_ROWS` windows from ``r0``: the sorted first and second halves of
    each window, and which windows are finite.

    Window ``i`` is the runs ``i`` and ``i + half // step`` of ``x[j * step : j * step + half]``:
    each run is sorted once, where the whole windows sorted each value twice as often, and numpy's
    sort is several times faster per value on rows of up to 256 values than on longer ones.
    """
    half = window // 2
    shift = half // step
    for r0 in range(0, count, _ROWS):
        m = min(_ROWS, count - r0)
        s, finite = _sorted_rows(_windows(x[r0 * step :], half, step, m + shift))
        yield r0, s[:m], s[shift : shift + m], finite[:m] & finite[shift : shift + m]


def _kth_of_two(a: np.ndarray, b: np.ndarray, k: int | np.ndarray) -> np.ndarray:
    """The ``k``-th smallest (from 0) of the union of each row of ``a`` and ``b`` (sorted rows, same width).

    ``k`` is one index or one per row. See :func:`_kth_pair`.
    """
    return _kth_pair(a, b, k)[0]


def _kth_pair(a: np.ndarray, b: np.ndarray, k: int | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The ``k``-th and ``k + 1``-th smallest (from 0) of the union of each row of ``a`` and ``b``.

    The rows are sorted and of the same width; ``k`` is one index or one per row. The ``k + 1``
    smallest are the first ``i`` of ``a`` and the first ``k + 1 - i`` of ``b`` for the largest ``i``
    with ``a[i - 1] <= b[k + 1 - i]`` (found by bisection; the condition holds for small ``i`` and
    fails beyond), and the ``k``-th is the larger of their last values. Every value taken is then no
    larger than every value left, so the ``k + 1``-th is the smaller of the next values of ``a`` and
    ``b`` (``+inf`` where ``k + 1`` is the rows' whole width twice).
    """
    a = np.ascontiguousarray(a)
    b = np.ascontiguousarray(b)
    base = np.arange(a.shape[0], dtype=np.intp) * a.shape[1]
    return _kth_pair_at(a.ravel(), base, b.ravel(), base, a.shape[1], k)


def _kth_pair_at(
    af: np.ndarray, base_a: np.ndarray, bf: np.ndarray, base_b: np.ndarray, width: int, k: int | np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`_kth_pair` of the sorted runs ``af[base_a[r] : base_a[r] + width]`` and ``bf[base_b[r] :
    base_b[r] + width]`` of two flat arrays (one gather per step: faster than 2-D indexing, and the
    runs need not be copied into rows of their own).

    The largest ``i`` is found by steps of falling powers of two from the smallest candidate: a step
    is taken where the condition holds at ``i + step``, clipped to the largest candidate (where it
    holds there, that is the answer); every index read where a step can be taken lies within the runs.
    """
    k = np.asarray(k, dtype=np.intp)
    shape = base_a.shape
    lo = np.broadcast_to(np.maximum(0, k + 1 - width), shape).astype(np.intp)  # the condition holds here
    hi = np.broadcast_to(np.minimum(k + 1, width), shape)
    at_a = base_a - 1  # a[i - 1]
    at_b = base_b + k + 1  # b[k + 1 - i]
    for e in range(int(np.max(hi - lo, initial=0)).bit_length() - 1, -1, -1):
        cand = np.minimum(lo + (1 << e), hi)
        # where cand == lo (a row already at its largest) the test may read past its runs ("clip"
        # keeps that within the arrays) and changes nothing
        lo = np.where(af.take(at_a + cand, mode="clip") <= bf.take(at_b - cand, mode="clip"), cand, lo)
    j = k + 1 - lo
    from_a = np.where(lo > 0, af.take(base_a + np.maximum(lo - 1, 0)), -np.inf)
    from_b = np.where(j > 0, bf.take(base_b + np.maximum(j - 1, 0)), -np.inf)
    next_a = np.where(lo < width, af.take(base_a + np.minimum(lo, width - 1)), np.inf)
    next_b = np.where(j < width, bf.take(base_b + np.minimum(j, width - 1)), np.inf)
    return np.maximum(from_a, from_b), np.minimum(next_a, next_b)


def strided_median_mad(x: np.ndarray, window: int, step: int, count: int) -> tuple[np.ndarray, np.ndarray]:
    """Median and median absolute deviation of ``count`` windows ``x[i * step : i * step + window]``.

    Equal, window by window, to ``med = np.median(w)`` and ``np.median(np.abs(w - med))``.

    Parameters
    ----------
    x : ndarray, shape (n,)
        The values; ``(count - 1) * step + window <= n``.
    window : int
        Values per window.
    step : int
        Start of window ``i`` is ``i * step``.
    count : int
        Number of windows.

    Returns
    -------
    median : ndarray, shape (count,)
        The median of each window.
    mad : ndarray, shape (count,)
        The median absolute deviation of each window from its median (not scaled).
    """
    rows = _windows(x, window, step, count)
    if count < 2 or window % (2 * step) or window > 2 * _SHORT_SORT:
        return row_median_mad(rows)  # (longer halves: sorting the deviations costs more than it saves)
    x = np.asarray(x, dtype=np.float64)
    half = window // 2
    med = np.empty(count)
    mad = np.empty(count)
    for r0, a, b, finite in _sorted_halves(x, window, step, count):
        low, high = _kth_pair(a, b, half - 1)
        m = (low + high) / 2.0
        da = np.abs(a - m[:, None])  # each deviation as numpy computes it, then sorted per half
        da.sort(axis=1)
        db = np.abs(b - m[:, None])
        db.sort(axis=1)
        low, high = _kth_pair(da, db, half - 1)
        d = (low + high) / 2.0
        bad = np.flatnonzero(~finite)
        if bad.size:
            w = rows[r0 + bad]
            m[bad] = np.median(w, axis=1)
            d[bad] = np.median(np.abs(w - m[bad, None]), axis=1)
        med[r0 : r0 + m.size] = m
        mad[r0 : r0 + m.size] = d
    return med, mad
