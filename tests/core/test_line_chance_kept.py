"""A line's chance scatter kept for the inputs it was computed on equals a fresh computation (issue 11, h-live5).

:func:`tremor.core.line_chance.line_rise_sd` keeps its answers to the newest inputs (a live card's refresh measures
the same set every 2 s). Drawn inputs (spectra with NaN, zeros and signed zeros, frame centres with and without
weights, float32 and float64) are asked again, mixed, in random order: every answer equals a fresh computation, bit
for bit; an input changed in place after a call gives its own answer, never the kept one.
"""

from __future__ import annotations

import numpy as np

from tests.run_entropy import fresh_entropy
from tremor.core import line_chance
from tremor.core.features import PSD_FREQS
from tremor.core.line_chance import KEPT_ANSWERS, _line_rise_sd, line_rise_sd

FRESH_SEED = int(fresh_entropy(__name__) % 2**31)


def _inputs(
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray | None, np.ndarray | None]:
    """A set's thirds: a spectrum with a tremor line, the first and last thirds' frame centres, maybe weights."""
    hz = rng.uniform(6.5, 11.5)
    spectrum = np.exp(-0.5 * ((PSD_FREQS - hz) / rng.uniform(0.05, 1.5)) ** 2) + rng.uniform(
        0, 0.05, PSD_FREQS.size
    )
    spectrum[rng.random(PSD_FREQS.size) < 0.05] = rng.choice([np.nan, 0.0, -0.0])
    spectrum = spectrum.astype(rng.choice([np.float32, np.float64]))
    n = int(rng.integers(1, 30))
    start = rng.uniform(0, 3000)
    first = start + np.sort(rng.choice(np.arange(3 * n), n, replace=False)) * 0.5
    last = first + rng.uniform(5, 60)
    weighted = rng.random() < 0.5
    w0 = rng.uniform(0.5, 2.0, n) if weighted else None
    w1 = rng.uniform(0.5, 2.0, n) if weighted else None
    return spectrum, first, last, w0, w1


def _same(a: float | None, b: float | None) -> bool:
    return (a is None and b is None) or (
        a is not None and b is not None and np.array_equal(np.float64(a), np.float64(b), equal_nan=True)
    )


def test_kept_answers_equal_fresh_ones_in_any_order() -> None:
    rng = np.random.default_rng(FRESH_SEED)
    line_chance._kept.clear()
    drawn = [_inputs(rng) for _ in range(3 * KEPT_ANSWERS)]
    # pairs of one spectrum over other thirds (another set of the same line), and of the same thirds weighted or not
    for k in range(1, len(drawn), 2):
        spectrum, first, last, w0, w1 = drawn[k - 1]
        drawn[k] = (spectrum.copy(), *drawn[k][1:]) if k % 4 == 1 else (spectrum, first, last, None, None)
    fresh = [_line_rise_sd(*x) for x in drawn]
    assert sum(f is not None for f in fresh) >= len(drawn) // 2, FRESH_SEED
    # asked again and again, near ones more often (as a live session does), others after they were dropped
    order = np.concatenate([rng.integers(0, len(drawn), 400), np.repeat(np.arange(len(drawn)), 2)])
    rng.shuffle(order)
    for k in order:
        spectrum, first, last, w0, w1 = drawn[k]
        # copies: equal inputs in other arrays (another table's rows) give the kept answer too
        got = line_rise_sd(spectrum.copy(), first.copy(), last.copy(), w0, w1)
        assert _same(got, fresh[k]), (FRESH_SEED, k)
        assert len(line_chance._kept) <= KEPT_ANSWERS


def test_an_input_changed_in_place_is_computed_again() -> None:
    rng = np.random.default_rng(FRESH_SEED + 1)
    line_chance._kept.clear()
    for _ in range(40):
        spectrum, first, last, w0, w1 = _inputs(rng)
        line_rise_sd(spectrum, first, last, w0, w1)
        which = rng.integers(3 if w0 is None else 5)
        changed = [spectrum, first, last, w0, w1][which]
        assert changed is not None
        changed[rng.integers(changed.size)] += 0.25  # the same arrays, one value moved
        assert _same(
            line_rise_sd(spectrum, first, last, w0, w1), _line_rise_sd(spectrum, first, last, w0, w1)
        )
