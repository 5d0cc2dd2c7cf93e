"""SlotEvidence.beats_many: every span's beats read at once equal the spans read one by one (h-speed5).

The step and pulse rules read a span around each candidate of an update in one call
(:meth:`~tremor.core.twitch_trains.SlotEvidence.beats_many`); each span's beat times must be exactly those
:meth:`~tremor.core.twitch_trains.SlotEvidence.beats` gives for it alone, whatever the other spans, and whether
or not the peaks' axes and levels were cached by an earlier call. The evidence here is a whitened-like
signal of noise with brief bursts along random axes and a regular train along one axis (the beats the rules
read), rows that are not finite (a peak whose window holds one is never a beat), a segment's first seconds
(a short background) and samples dropped (the kept samples start later).
"""

from __future__ import annotations

import os

import numpy as np
import pytest

from tests.run_entropy import fresh_entropy
from tremor.core.twitch_trains import SLOT_COS, SLOT_Z, SlotEvidence

FRESH_SEED = int(os.environ.get("TREMOR_SLOT_SEED", fresh_entropy(__name__) % 2**31))
FS = 100.0


def _evidence(rng: np.random.Generator, *, drop_s: float | None) -> SlotEvidence:
    """Evidence over 60 s: white noise, 40 bursts of 20-60 ms along random axes, a 1.1 Hz train along x,
    two stretches of NaN rows; fed in uneven chunks, the first ``drop_s`` s dropped where given."""
    n = int(60 * FS)
    vec = 0.01 * rng.standard_normal((n, 3))
    for start in rng.integers(100, n - 100, 40):
        axis = rng.standard_normal(3)
        width = int(rng.integers(2, 7))
        vec[start : start + width] += rng.uniform(0.03, 0.2) * np.outer(np.hanning(width + 2)[1:-1], axis)
    for beat in np.arange(3.0, 58.0, 1 / 1.1):
        at = int(beat * FS + rng.normal(0, 1.5))
        vec[at : at + 3, 0] += rng.uniform(0.04, 0.08)
    for start in rng.integers(500, n - 500, 2):
        vec[start : start + int(rng.integers(1, 30))] = np.nan
    width = 3
    power = np.convolve(np.nan_to_num((vec**2).sum(axis=1), nan=0.0), np.ones(width) / width)[:n]
    env = np.sqrt(power)
    env[~np.isfinite(vec).all(axis=1)] = np.nan
    slot = SlotEvidence(FS, 0.0, width)
    cuts = np.sort(rng.choice(np.arange(1, n), 6, replace=False))
    for a, b in zip(np.r_[0, cuts], np.r_[cuts, n]):
        slot.append(env[a:b], vec[a:b])
    if drop_s is not None:
        slot.drop_before(drop_s)
    return slot


def _spans(rng: np.random.Generator, count: int) -> list[tuple[float, float, np.ndarray]]:
    """Spans of 0.5-8 s anywhere in the 60 s (some reaching past either end), along random axes or x."""
    out = []
    for _ in range(count):
        lo = float(rng.uniform(-2.0, 58.0))
        axis = rng.standard_normal(3) if rng.random() < 0.5 else np.array([1.0, 0.0, 0.0])
        out.append((lo, lo + float(rng.uniform(0.5, 8.0)), axis / np.linalg.norm(axis)))
    return out


@pytest.mark.parametrize("seed", [FRESH_SEED, FRESH_SEED + 1, 7])
@pytest.mark.parametrize("drop_s", [None, 12.0])
def test_spans_read_at_once_equal_spans_read_alone(seed: int, drop_s: float | None) -> None:
    rng = np.random.default_rng(seed)
    state = rng.bit_generator.state
    together = _evidence(rng, drop_s=drop_s)
    spans = _spans(rng, 60)
    rng.bit_generator.state = state
    cached = _evidence(rng, drop_s=drop_s)  # the same evidence, read span by span (its cache filling)
    gap, cos, z = 0.1, SLOT_COS, SLOT_Z
    first = together.beats_many(spans[:30], gap, cos, z)
    second = together.beats_many(spans[30:], gap, cos, z)  # part of its peaks cached by the first call
    beats = 0
    for (lo, hi, axis), got in zip(spans, first + second):
        rng.bit_generator.state = state
        alone = _evidence(rng, drop_s=drop_s).beats(lo, hi, axis, gap, cos, z)  # nothing cached
        assert np.array_equal(got, alone), (seed, lo, hi)
        assert np.array_equal(cached.beats(lo, hi, axis, gap, cos, z), alone), (seed, lo, hi)
        beats += alone.size
    assert beats > 50  # the spans do hold beats (the train's, along x), not only empty answers


def test_no_spans_and_empty_spans() -> None:
    rng = np.random.default_rng(3)
    slot = _evidence(rng, drop_s=None)
    assert slot.beats_many([], 0.1) == []
    x = np.array([1.0, 0.0, 0.0])
    got = slot.beats_many([(30.0, 29.0, x), (-5.0, -1.0, x), (10.0, 20.0, x)], 0.1)
    assert [g.size for g in got[:2]] == [0, 0]
    assert np.array_equal(got[2], slot.beats(10.0, 20.0, x, 0.1))
    assert got[2].size > 0
