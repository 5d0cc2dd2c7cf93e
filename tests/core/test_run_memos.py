"""The set check's frame hop and runs, kept or shared between calls (issue 11, h-speed4), equal fresh ones.

A live set check reads the median step between frame times (:func:`tremor.core.sets._frame_hop`) every second;
with the memo it now diffs only the frames it has not seen (:meth:`~tremor.core.kept_median.KeptMedian.extend`),
and the three masks whose runs the segmentation gathers share one grid of breaks (:func:`~tremor.core.sets.run_grid`)
instead of each making its own. Each is compared with the fresh answer: drawn tables that grow, shrink (an earlier
table, a summary in steps) and change columns; drawn masks, stamps with gaps and bridges; and a live session with a
dropout, the rate halved and a late machine line fed in random chunks (:func:`tests.core.live_feed.fed_in_chunks`).
"""

from __future__ import annotations

import warnings

import numpy as np

from tests.core.live_feed import fed_in_chunks
from tests.core.test_check_memos import _session
from tests.run_entropy import fresh_entropy
from tremor.core.kept_median import FEW_NEW, KeptMedian, _inserted
from tremor.core.recording import SourceInfo
from tremor.core.sets import _frame_hop, run_grid, time_runs
from tremor.core.stream import LiveAnalyzer

FRESH_SEED = int(fresh_entropy(__name__) % 2**31)


def _median(values: np.ndarray, skip_nan: bool) -> np.ndarray:
    if not len(values):
        return np.full(1 if values.ndim == 1 else values.shape[1], np.nan)
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # an all-NaN column: NaN, as the kept median gives
        m = np.nanmedian(values, axis=0) if skip_nan else np.median(values, axis=0)
    return np.atleast_1d(np.asarray(m, float))


def test_extend_gives_the_median_of_every_row_so_far() -> None:
    seed = FRESH_SEED
    print(f"seed {seed}")
    rng = np.random.default_rng(seed)
    merged = 0
    for _ in range(30):
        skip_nan = bool(rng.random() < 0.5)
        cols = int(rng.integers(1, 4))
        table = rng.normal(size=(400, cols)).round(int(rng.integers(0, 3)))  # ties
        table[rng.random(table.shape) < 0.05] = np.nan
        flat = rng.random() < 0.5 and cols == 1
        values = table[:, 0] if flat else table
        kept, n = KeptMedian(skip_nan), 0
        for _ in range(25):
            r = rng.random()
            if r < 0.15:  # an earlier, shorter table
                n = int(rng.integers(0, n + 1))
            elif r < 0.25:  # a call through update, with every row or some
                mask = np.ones(n, bool) if rng.random() < 0.5 else rng.random(n) < 0.7
                kept.update(values[:n], mask)
                got = kept.median
                assert np.array_equal(got, _median(values[:n][mask], skip_nan), equal_nan=True)
                continue
            else:
                n = min(400, n + int(rng.integers(0, 40)))
            asked: list[tuple[int, int]] = []

            def rows(
                a: int, b: int, asked: list[tuple[int, int]] = asked, values: np.ndarray = values
            ) -> np.ndarray:
                asked.append((a, b))
                return values[a:b]

            before = kept._mask.size if kept._every else -1
            kept.extend(n, rows)
            assert np.array_equal(kept.median, _median(values[:n], skip_nan), equal_nan=True)
            assert np.array_equal(kept.finite, np.isfinite(values[:n].reshape(n, cols)).sum(axis=0))
            if 0 <= before <= n:  # only the rows not taken yet were read
                assert asked == [(before, n)]
                merged += 1
    print(f"{merged} extends read only new rows")
    assert merged > 100


def test_few_new_values_go_where_numpy_insert_puts_them() -> None:
    seed = FRESH_SEED + 3
    print(f"seed {seed}")
    rng = np.random.default_rng(seed)
    for _ in range(2000):
        pool = rng.random() < 0.3  # signed zeros and ties only
        m, k = int(rng.integers(0, 60)), int(rng.integers(0, 2 * FEW_NEW))
        kept = np.sort(rng.normal(size=m).round(1) if not pool else rng.choice([-0.0, 0.0, 1.0], m))
        new = np.sort(rng.normal(size=k).round(1) if not pool else rng.choice([-0.0, 0.0, 1.0], k))
        want = np.insert(kept, np.searchsorted(kept, new), new) if m else new
        assert _inserted(kept, new).tobytes() == want.tobytes()  # bit for bit: the signs of zeros too


def test_runs_on_a_shared_grid_are_the_runs_made_alone() -> None:
    seed = FRESH_SEED + 1
    print(f"seed {seed}")
    rng = np.random.default_rng(seed)
    for _ in range(200):
        n = int(rng.integers(1, 400))
        hop = float(rng.choice([0.25, 0.5]))
        steps = hop + rng.normal(0.0, 0.02 * hop, n)
        for _ in range(int(rng.integers(0, 6))):  # data gaps, some short enough to bridge
            steps[int(rng.integers(0, n))] += float(rng.choice([0.5, 1.0, 3.0, 20.0]))
        t = np.cumsum(steps)
        breaks = np.flatnonzero(np.diff(t) > 1.5 * hop)
        bridges = [(float(t[i]) + 0.01, float(t[i + 1]) - 0.01) for i in breaks if rng.random() < 0.7]
        given = hop if rng.random() < 0.5 else float(np.median(np.diff(t))) if n > 1 else 0.0
        grid = run_grid(t, given, bridges)
        for _ in range(4):
            mask = rng.random(n) < rng.uniform(0.0, 1.0)
            join = float(rng.choice([0.0, 1.0, 3.0]))
            alone = time_runs(mask, t, join, bridges=bridges, hop=given)
            assert time_runs(mask, t, join, bridges=bridges, hop=given, grid=grid) == alone


def test_kept_frame_hop_is_the_fresh_one_through_a_chunked_session() -> None:
    seed = FRESH_SEED + 2
    rng = np.random.default_rng(seed)
    fs = float(rng.choice([100.0, 200.0]))
    print(f"seed {seed} fs {fs:g}")
    t, acc = _session(seed, fs)
    an = LiveAnalyzer(SourceInfo("<simulated>", "simulated", "m/s^2"))
    checks = 0
    for _ in fed_in_chunks(an, t, acc, rng, 1, int(5 * fs)):
        ft = an.frames.t_s
        if rng.random() < 0.1:  # an earlier, shorter table (a summary in steps)
            ft = ft[: int(rng.integers(0, ft.size + 1))]
        assert _frame_hop(ft, an.memo) == _frame_hop(ft, None)
        checks += 1
    print(f"{checks} checks, gaps {an.gaps}")
    assert an.gaps and checks > 100  # the dropout is in the table
