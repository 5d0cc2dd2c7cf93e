"""tremor.live.array_source: a recording in memory hands every sample, in order, in notifications of its chunk size."""

from __future__ import annotations

import asyncio

import numpy as np
import pytest

from tremor.ble import SampleChunk
from tremor.live.array_source import ArraySource


def test_every_sample_in_chunks_with_the_measured_rate() -> None:
    t = np.arange(1003) / 100.0
    acc = np.random.default_rng(1).normal(size=(t.size, 3))

    async def collect() -> tuple[list[SampleChunk], ArraySource]:
        source = ArraySource(t, acc, 50)
        async with source:
            return [item async for item in source], source

    items, source = asyncio.run(collect())
    assert all(isinstance(i, SampleChunk) for i in items)
    got = np.concatenate([i.acc_mps2 for i in items])
    np.testing.assert_array_equal(got, acc)
    assert source.info is not None and source.info.fs == pytest.approx(100.0)
    assert [len(i.acc_mps2) for i in items][1:-1] == [50] * (len(items) - 2)


def test_a_chunk_under_one_sample_is_refused() -> None:
    with pytest.raises(ValueError, match="chunk must be at least 1"):
        ArraySource(np.arange(3.0), np.zeros((3, 3)), 0)
