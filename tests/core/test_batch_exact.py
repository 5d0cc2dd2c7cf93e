"""Exact speed-ups of the batch summary (h-batch, issue 11): the same answers as the frame-by-frame code they replace.

:func:`tremor.core.strokes.rhythm_stretch` walked frame by frame out of a set over the whole recording where the
rhythm's level held (a day-long file: 12 million steps over 830 sets); it now finds the first run of ``gap`` frames
without the rhythm in one pass. The walk it replaced is kept here as the reference, on random frame levels (runs on
and off of every length about ``gap``, NaN frames, sets at the recording's ends).

h-batch2: ``rhythm_stretch`` reads only a reach about the set (doubled until the stretch's end is inside it), and
:mod:`tremor.core.stop_burst` finds the frames near a set's ends by bisection of the increasing frame times instead
of comparing every frame's time; the whole-recording scans they replace are kept here as references, on long
recordings (stretches many reaches long) and on frame times with rounding at the window's edges.
"""

from __future__ import annotations

import numpy as np

from tests.run_entropy import fresh_entropy
from tremor.core import stop_burst
from tremor.core.strokes import GAP_S, ON_SHARE, RUN_S, STROKE_MIN_MPS2, rhythm_stretch, stroke_wander
from tremor.core.time_rows import rows_within

SEED = fresh_entropy(__name__) % 2**31


def _walk(power_low: np.ndarray, i0: int, i1: int, hop_s: float) -> tuple[int, int]:
    """The frame-by-frame walk of the base (9d2e5f8), verbatim."""
    p = np.nan_to_num(np.asarray(power_low, float))
    med = float(np.median(p[i0:i1])) if i1 > i0 else 0.0
    if not med > 0:
        return i0, i1
    on = p >= ON_SHARE * med
    gap = max(1, int(round(GAP_S / max(hop_s, 1e-3))))
    j0, j1 = i0, i1
    k = i0 - 1
    while k >= 0 and i0 - k <= len(p):
        if on[k]:
            j0 = k
        elif j0 - k >= gap:
            break
        k -= 1
    k = i1
    while k < len(p):
        if on[k]:
            j1 = k + 1
        elif k - j1 + 1 >= gap:
            break
        k += 1
    return j0, j1


def _levels(rng: np.random.Generator, n: int, gap: int) -> np.ndarray:
    """Frame powers in runs on (about 4) and off (about 0.1) of 1 to 2 ``gap`` + 2 frames, some NaN."""
    out: list[float] = []
    on = bool(rng.integers(2))
    while len(out) < n:
        run = int(rng.integers(1, 2 * gap + 3))
        out.extend((4.0 if on else 0.1) * rng.uniform(0.8, 1.2, run))
        on = not on
    p = np.array(out[:n])
    p[rng.random(n) < 0.02] = np.nan
    return p


def test_rhythm_stretch_is_the_walk() -> None:
    rng = np.random.default_rng(SEED)
    stopped = ran_out = 0
    for trial in range(400):
        hop = float(rng.choice([0.25, 0.5, 1.0]))
        gap = max(1, int(round(GAP_S / hop)))
        n = int(rng.integers(5, 400))
        p = _levels(rng, n, gap)
        if trial % 7 == 0:
            p[:] = 4.0  # the rhythm everywhere: the stretch is the whole recording
        i0 = int(rng.integers(0, n))
        i1 = int(rng.integers(i0, n + 1))
        if trial % 11 == 0:
            i0, i1 = 0, n
        want = _walk(p, i0, i1, hop)
        assert rhythm_stretch(p, i0, i1, hop) == want, (trial, i0, i1, hop)
        assert rhythm_stretch(p.astype(np.float32), i0, i1, hop) == _walk(p.astype(np.float32), i0, i1, hop)
        stopped += want[0] > 0 or want[1] < n
        ran_out += want == (0, n) and (i0, i1) != (0, n)
    assert stopped > 100 and ran_out > 10  # both ways a walk ends were met


def test_rhythm_stretch_is_the_walk_over_long_stretches() -> None:
    """Stretches of many reaches (the reach doubles), runs off just ``gap`` long at the reach's edges."""
    rng = np.random.default_rng(SEED + 1)
    far = 0
    for trial in range(150):
        hop = float(rng.choice([0.25, 0.5, 1.0]))
        gap = max(1, int(round(GAP_S / hop)))
        n = int(rng.integers(50, 6000))
        p = _levels(rng, n, gap)
        long_on = rng.random(n) < 0.85  # mostly on: stretches run far
        p[long_on & np.isfinite(p)] = 4.0
        if trial % 3 == 0:  # off runs of exactly gap and gap + 1 frames
            for k in rng.integers(0, n, 8):
                p[k : k + gap + int(rng.integers(2))] = 0.1
        i0 = int(rng.integers(0, n))
        i1 = int(rng.integers(i0 + 1, min(i0 + 60, n) + 1))
        want = _walk(p, i0, i1, hop)
        assert rhythm_stretch(p, i0, i1, hop) == want, (trial, i0, i1, hop)
        far += (i0 - want[0]) > 8 * gap or (want[1] - i1) > 8 * gap
    assert far > 30  # the reach was doubled many times


def _near_scan(t: np.ndarray, idx: np.ndarray) -> np.ndarray:
    """``stop_burst._near`` of the base (b50783b), verbatim."""
    reach = stop_burst.SEEK_S + stop_burst.WINDOW_S / 2
    return np.flatnonzero((t >= t[idx[0]] - reach) & (t <= t[idx[-1]] + reach))


def _around_scan(t: np.ndarray, anchor: float, span: float) -> np.ndarray:
    """The frames ``stop_burst._burst`` of the base (b50783b) read, verbatim."""
    return np.flatnonzero(np.abs(t - anchor) <= span)


def _times(rng: np.random.Generator, n: int, hop: float) -> np.ndarray:
    """Increasing frame centres from a large offset (rounding), with gaps and repeated times."""
    t = rng.uniform(0.0, 1e5) + np.cumsum(np.where(rng.random(n) < 0.03, rng.uniform(0, 40, n), hop))
    same = np.flatnonzero(rng.random(n) < 0.01)
    t[same[same > 0]] = t[same[same > 0] - 1]  # two frames at one time
    return np.maximum.accumulate(t)


def test_stop_burst_windows_are_the_scans() -> None:
    rng = np.random.default_rng(SEED + 2)
    span = stop_burst.SEEK_S + stop_burst.LEVEL_S[1] + stop_burst.WINDOW_S / 2
    edges = 0
    for trial in range(300):
        hop = float(rng.choice([0.1, 0.25, 0.5]))
        n = int(rng.integers(1, 3000))
        t = _times(rng, n, hop)
        a = int(rng.integers(0, n))
        idx = np.arange(a, int(rng.integers(a, n)) + 1)
        assert np.array_equal(stop_burst._near(t, idx), _near_scan(t, idx)), trial
        for anchor in (float(t[a]), float(t[idx[-1]]), float(t[a]) + span, float(t[a]) - span * (1 + 1e-16)):
            # anchors a span from a frame: the edge frame in or out by the subtraction's rounding alone
            want = _around_scan(t, anchor, span)
            assert np.array_equal(stop_burst._around(t, anchor, span), want), (trial, anchor)
            edges += bool(want.size) and abs(abs(t[want[0]] - anchor) - span) < 1e-9
    assert edges > 50


def test_stop_burst_window_keeps_the_rounding_of_its_test() -> None:
    """Frames a few ulps from ``anchor - span``: where ``|t - anchor| <= span`` and ``t >= anchor - span`` part (the
    subtraction's rounding), the bisection's margin keeps the scan's answer."""
    rng = np.random.default_rng(SEED + 3)
    span = stop_burst.SEEK_S + stop_burst.LEVEL_S[1] + stop_burst.WINDOW_S / 2
    parted = 0
    for _ in range(3000):
        anchor = float(rng.uniform(0.0, 50.0))
        t = np.sort(
            np.r_[
                [anchor - span, anchor + span],
                np.nextafter(anchor - span, np.inf) * np.ones(1),
                np.nextafter(anchor - span, -np.inf) * np.ones(1),
                np.nextafter(np.nextafter(anchor - span, -np.inf), -np.inf) * np.ones(1),
                np.nextafter(anchor + span, np.inf) * np.ones(1),
                np.nextafter(anchor + span, -np.inf) * np.ones(1),
                rng.uniform(0.0, 60.0, 5),
            ]
        )
        want = _around_scan(t, anchor, span)
        assert np.array_equal(stop_burst._around(t, anchor, span), want), anchor
        plain = np.flatnonzero((t >= anchor - span) & (t <= anchor + span))
        parted += not np.array_equal(plain, want)
    assert parted > 0  # the rounding was met


def _wander_loop(power_low: np.ndarray, peak_low_hz: np.ndarray, hop_s: float) -> float | None:
    """``strokes.stroke_wander`` of the base (b50783b), verbatim: one median per run of frames."""
    p = np.asarray(power_low, float)
    hz = np.asarray(peak_low_hz, float)
    if not np.isfinite(p).any():
        return None
    med = float(np.nanmedian(p))
    on = np.isfinite(p) & np.isfinite(hz) & (p >= ON_SHARE * med)
    k = max(3, int(round(RUN_S / max(hop_s, 1e-3))))
    if on.sum() < k or float(np.sqrt(np.median(p[on]))) < STROKE_MIN_MPS2:
        return None
    x = hz[on]
    runs = np.array([np.median(x[j : j + k]) for j in range(len(x) - k + 1)])
    lo, hi = np.percentile(runs, [10.0, 90.0])
    return float(hi - lo)


def test_stroke_wander_is_the_loop() -> None:
    rng = np.random.default_rng(SEED + 4)
    read = 0
    for trial in range(300):
        hop = float(rng.choice([0.1, 0.25, 0.5, 1.0]))
        n = int(rng.integers(1, 2000))
        p = rng.uniform(0.0, 8.0, n) * (rng.random(n) < 0.8)
        hz = np.round(rng.uniform(3.0, 7.0, n), int(rng.integers(1, 4)))  # ties in the runs
        p[rng.random(n) < 0.03] = np.nan
        hz[rng.random(n) < 0.03] = np.nan
        want = _wander_loop(p, hz, hop)
        got = stroke_wander(p, hz, hop)
        assert got == want, (trial, got, want)
        assert stroke_wander(p.astype(np.float32), hz, hop) == _wander_loop(p.astype(np.float32), hz, hop)
        read += want is not None
    assert read > 150


def test_rows_within_are_the_masks() -> None:
    """:func:`tremor.core.time_rows.rows_within` selects the rows the two comparisons it replaces select."""
    rng = np.random.default_rng(SEED + 5)
    for trial in range(500):
        n = int(rng.integers(0, 400))
        t = _times(rng, n, float(rng.choice([0.1, 0.5]))) if n else np.zeros(0)
        at = t[rng.integers(0, n, 2)] if n else np.zeros(2)  # ends at frame times (ties)
        a = float(at[0]) if rng.random() < 0.5 else float(rng.uniform(-10, 2e5))
        b = float(at[1]) if rng.random() < 0.5 else a + float(rng.uniform(-5, 50))
        for closed in (True, False):
            mask = (t >= a) & ((t <= b) if closed else (t < b))
            assert np.array_equal(
                np.arange(n)[rows_within(t, a, b, end_closed=closed)], np.flatnonzero(mask)
            ), trial
