"""Exact speed-ups of the batch summary (h-batch, issue 11): the same answers as the frame-by-frame code they replace.

:func:`tremor.core.strokes.rhythm_stretch` walked frame by frame out of a set over the whole recording where the
rhythm's level held (a day-long file: 12 million steps over 830 sets); it now finds the first run of ``gap`` frames
without the rhythm in one pass. The walk it replaced is kept here as the reference, on random frame levels (runs on
and off of every length about ``gap``, NaN frames, sets at the recording's ends).
"""

from __future__ import annotations

import numpy as np

from tests.run_entropy import fresh_entropy
from tremor.core.strokes import GAP_S, ON_SHARE, rhythm_stretch

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
