"""GrowingFrames: the live analyzer's frame table, grown in place, equals Frames.concat of its parts."""

from dataclasses import fields

import numpy as np
import pytest

from tremor.core.features import Frames
from tremor.core.frame_table import GrowingFrames


def _part(rng: np.random.Generator, m: int) -> Frames:
    empty = Frames.empty()
    return Frames(
        **{
            f.name: rng.standard_normal((m,) + getattr(empty, f.name).shape[1:]).astype(
                getattr(empty, f.name).dtype
            )
            for f in fields(Frames)
        }
    )


def _same(a: Frames, b: Frames) -> bool:
    return all(
        getattr(a, f.name).dtype == getattr(b, f.name).dtype
        and np.array_equal(getattr(a, f.name), getattr(b, f.name), equal_nan=True)
        for f in fields(Frames)
    )


def test_growing_table_equals_concat_and_old_tables_never_change():
    rng = np.random.default_rng(5)
    table, parts, seen = GrowingFrames(), [], []
    assert len(table.table()) == 0
    for m in [0, 3, 100, 1, 0, 70, 200, 5, 64]:  # empty parts, and parts that fill the buffer past its size
        parts.append(_part(rng, m))
        table.append(parts[-1])
        seen.append((table.table(), Frames.concat(parts)))
        assert len(table) == sum(len(p) for p in parts)
    for grown, joined in seen:  # every table handed out still holds exactly its rows
        assert _same(grown, joined)


def test_rows_of_another_width_are_refused():
    rng = np.random.default_rng(6)
    table = GrowingFrames()
    table.append(_part(rng, 4))
    bad = _part(rng, 2)
    wide = Frames(
        **{f.name: getattr(bad, f.name) for f in fields(Frames)}
        | {"psd": np.zeros((2, bad.psd.shape[1] + 1), np.float32)}
    )
    with pytest.raises(ValueError, match="psd"):
        table.append(wide)
