"""The lazily split lines of a text equal the whole split, item for item (random texts, seed printed)."""

from __future__ import annotations

import numpy as np
import pytest

from tremor.io._text import Lines, TextSource


def _split(text: str) -> list[str]:
    """The lines as the whole-text split defines them (the reference)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    parts = text.split("\n")
    if parts[-1] == "":
        parts.pop()
    else:
        parts[-1] = parts[-1].removesuffix("\r")
    return parts


def _random_text(rng: np.random.Generator) -> str:
    n = int(rng.integers(0, 300)) if rng.random() < 0.7 else int(rng.integers(4000, 9000))
    return "".join(
        rng.choice(
            ["a", "1,2", "\n", "\r", "\r\n", " ", '"'], size=n, p=[0.3, 0.2, 0.25, 0.05, 0.1, 0.05, 0.05]
        )
    )


def test_lines_equal_the_whole_split() -> None:
    seed = int(np.random.SeedSequence().entropy % 2**32)
    print(f"seed {seed}")
    rng = np.random.default_rng(seed)
    for _ in range(300):
        text = _random_text(rng)
        ref = _split(text)
        # fresh views each time: the order of the questions decides what is split when
        lines = Lines(text)
        assert len(lines) == len(ref)
        assert bool(lines) == bool(ref)
        for i in sorted(set(rng.integers(-len(ref) - 2, len(ref) + 2, size=6).tolist()) | {-1, 0}):
            if -len(ref) <= i < len(ref):
                assert Lines(text)[i] == ref[i]
                assert lines[i] == ref[i]
            else:
                with pytest.raises(IndexError):
                    lines[i]
        a, b = sorted(rng.integers(-5, len(ref) + 5, size=2).tolist())
        assert Lines(text)[a:b] == ref[a:b]
        assert lines[a:b] == ref[a:b]
        assert lines[::2] == ref[::2]
        assert list(lines) == ref
        assert lines == ref


def test_line_count_from_the_utf8_bytes_equals_the_whole_split() -> None:
    """A large text's line count, taken from its UTF-8 bytes (multi-byte characters, CR, quotes)."""
    seed = int(np.random.SeedSequence().entropy % 2**32)
    print(f"seed {seed}")
    rng = np.random.default_rng(seed)
    for _ in range(6):
        parts = ["a", "1,2", "\n", "\r", "\r\n", "µ", '"', "\u20ac\n"]
        text = "".join(rng.choice(parts, size=int(rng.integers(40000, 60000))))
        text += str(rng.choice(["", "\n", "x", "\r"]))
        assert len(text.encode()) >= 1 << 16  # large enough for the byte count
        assert len(Lines(text, text.encode())) == len(_split(text))


def test_head_and_last_line_do_not_split_the_whole_text() -> None:
    text = "h1,h2\r\n" + "1,2\r\n" * 20000 + "3,4"
    src = TextSource(display="x", name="x", text=text)
    assert src.lines[0] == "h1,h2"
    assert src.lines[1:21] == ["1,2"] * 20
    assert src.lines[-1] == "3,4"
    assert len(src.lines) == 20002
    assert src.lines._all is None  # answered without the whole split
    assert src.lines[10000] == "1,2"
    assert src.lines._all is not None


def test_surplus_field_scan_equals_a_line_by_line_scan() -> None:
    """The block-level scan (with its quick path for rows all of one width) names the same line as a
    line-by-line count of separators (lines with a quote are left to the parser)."""
    from tremor.io._table import _first_line_with_surplus_fields

    seed = int(np.random.SeedSequence().entropy % 2**32)
    print(f"seed {seed}")
    rng = np.random.default_rng(seed)
    for _ in range(400):
        n_fields = int(rng.integers(1, 5))
        rows = []
        for _ in range(int(rng.integers(1, 40))):
            width = n_fields if rng.random() < 0.9 else int(rng.integers(0, n_fields + 2))
            row = ",".join(["1.5"] * width)
            if rng.random() < 0.03:
                row += '"'
            rows.append(row)
        text = "\n".join(rows) + ("\n" if rng.random() < 0.7 else "")
        lines = text.split("\n")
        want = next(
            (i for i, line in enumerate(lines) if line.count(",") >= n_fields and '"' not in line), None
        )
        assert _first_line_with_surplus_fields(text, 0, ",", n_fields) == want, (text, n_fields)


def test_surplus_field_scan_after_a_header_equals_a_line_by_line_scan() -> None:
    """The same, from a line after a header, given the UTF-8 bytes, with multi-byte characters, CRLF
    line ends and other separators (the quick path for rows all of one width sees the bytes)."""
    from tremor.io._table import _first_line_with_surplus_fields

    seed = int(np.random.SeedSequence().entropy % 2**32)
    print(f"seed {seed}")
    rng = np.random.default_rng(seed)
    for _ in range(600):
        n_fields = int(rng.integers(1, 5))
        sep = str(rng.choice([",", "\t", ";"]))
        nl = "\r\n" if rng.random() < 0.2 else "\n"
        head = ["h\u00e9ader" + sep * int(rng.integers(0, 6)) for _ in range(int(rng.integers(0, 3)))]
        rows = []
        for _ in range(int(rng.integers(0, 30))):
            width = n_fields if rng.random() < 0.9 else int(rng.integers(0, n_fields + 2))
            row = sep.join([str(rng.choice(["1.5", "\u00b52", "3"]))] * width)
            if rng.random() < 0.03:
                row += '"'
            rows.append(row)
        text = nl.join(head + rows) + (nl if rng.random() < 0.7 else "")
        offset = min(sum(len(h) + len(nl) for h in head), len(text))
        want = next(
            (
                i
                for i, line in enumerate(text[offset:].split("\n"))
                if line.count(sep) >= n_fields and '"' not in line
            ),
            None,
        )
        got = _first_line_with_surplus_fields(text, offset, sep, n_fields, text.encode())
        assert got == want, (text, n_fields, sep, offset)
