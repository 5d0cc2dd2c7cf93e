"""The reader's block-level helpers give exactly what the per-line definitions give."""

from __future__ import annotations

import numpy as np
import pytest

from tremor.io._table import _first_line_with_surplus_fields, _line_offset
from tremor.io._text import TextSource


def _random_text(rng: np.random.Generator, sep: str) -> str:
    pieces = ["1", "2.5", "", sep, sep, '"', "\r", "\r\n", "\n", "\n", " ", "x", "é"]
    return "".join(rng.choice(pieces, size=int(rng.integers(0, 60))))


def _lines_by_definition(text: str) -> list[str]:
    parts = text.split("\n")
    if parts and parts[-1] == "":
        parts.pop()
    return [p.removesuffix("\r") for p in parts]


@pytest.mark.parametrize("sep", [",", ";", "\t"])
def test_blockwise_helpers_equal_the_per_line_definitions(sep: str) -> None:
    seed = int(np.random.SeedSequence().entropy % 2**32)
    print(f"seed {seed}")  # replay a failure with this seed
    rng = np.random.default_rng(seed)
    for _ in range(400):
        text = _random_text(rng, sep)
        lines = _lines_by_definition(text)
        assert TextSource("t", "t", text).lines == lines, repr(text)
        for start in range(len(lines) + 1):
            offset = _line_offset(text, start)
            assert text[offset:].split("\n")[0].removesuffix("\r") == (
                lines[start] if start < len(lines) else ""
            ), repr(text)
            n_fields = int(rng.integers(1, 4))
            expected = next(
                (
                    i - start
                    for i in range(start, len(lines))
                    if lines[i].count(sep) >= n_fields and '"' not in lines[i]
                ),
                None,
            )
            assert _first_line_with_surplus_fields(text, offset, sep, n_fields) == expected, (
                repr(text),
                start,
            )
