"""The wristband log reader's bulk path (runs of plain sample lines) gives what the per-line path gives.

Random logs (a fresh seed, printed) with every kind of line the per-line path treats specially
mixed into plain samples: bad checksums, CR line ends, numbers at and beyond the int64 limits,
leading zeros, double spaces, invalid UTF-8, other records, time going backwards, records after
the end, a partial last line. Each is read with the bulk path (in tiny pieces, so runs and lines
straddle piece ends) and with the bulk path switched off; blocks, warnings and errors must be equal.
"""

from __future__ import annotations

import re
import warnings
import zlib
from pathlib import Path

import numpy as np
import pytest

import tremor.io._log_lines as log_lines
from tremor.io import iter_log_blocks

SAMPLES = Path(__file__).resolve().parents[2] / "firmware_logs"
_NEVER = re.compile(rb"(?!)")


def _seal(record: bytes) -> bytes:
    return record + b"*" + f"{zlib.crc32(record):08x}".encode()


def _odd_line(rng: np.random.Generator, near: bytes) -> bytes:
    t = int(
        rng.choice([5, 10**17, 8_999_999_999_999_999_999, 9_000_000_000_000_000_001, 2**63 - 1, 2**63, 0])
    )
    return [
        _seal(b"S %d 1 2 3" % t),
        _seal(b"S -%d -0 2 3" % t),
        _seal(b"S 0%d 1 2 3" % t),
        _seal(b"S 1  2 3 4"),
        near[:-1] + (b"0" if near[-1:] != b"0" else b"1"),  # checksum fails
        near + b"\r",
        near.upper(),
        b"S \xff\xfe 1 2*00000000",
        _seal(b'G 1 2 "x"'),
        _seal(b'M 5 start key "s"'),
        _seal(b"R 1 0a0b"),
        b"",
    ][int(rng.integers(12))]


def _random_log(path: Path, rng: np.random.Generator) -> None:
    base = (SAMPLES / "sample_link_lost_100hz.tlog").read_bytes().split(b"\n")
    head, body = base[:2], [line for line in base[2:] if line.startswith(b"S ")]
    lines = body[: int(rng.integers(0, 300))]
    for _ in range(int(rng.integers(0, 5))):
        i = int(rng.integers(0, len(lines) + 1))
        lines.insert(i, _odd_line(rng, lines[min(i, len(lines) - 1)] if lines else body[0]))
    if rng.random() < 0.3:
        lines.append(_seal(b'E {"n_samples": 1}'))
    if rng.random() < 0.2:
        lines.append(lines[-1] if lines else b"x")
    data = b"\n".join(head + lines) + b"\n"
    if rng.random() < 0.3:
        data = data[: -int(rng.integers(1, 20))]
    path.write_bytes(data)


def _read(path: Path, block_samples: int) -> tuple:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            blocks = [
                (
                    b.t_ns.tolist(),
                    b.counts.tolist(),
                    b.acc_mps2.tobytes(),
                    b.counts.flags.c_contiguous,
                    b.gaps,
                    b.markers,
                    b.raw,
                    b.first_line,
                    b.last_line,
                    b.notes,
                    b.end,
                )
                for b in iter_log_blocks(path, block_samples=block_samples)
            ]
            result: tuple = ("ok", blocks)
        except Exception as exc:
            result = ("error", type(exc).__name__, str(exc))
    return (*result, [str(w.message) for w in caught])


def test_bulk_and_per_line_paths_agree(tmp_path, monkeypatch):
    seed = int(np.random.SeedSequence().entropy % 2**32)
    print(f"seed {seed}")
    rng = np.random.default_rng(seed)
    cases = [
        (SAMPLES / "sample_link_lost_100hz.tlog", 4096),
        (SAMPLES / "sample_crash_truncated_100hz.tlog", 500),
    ]
    for k in range(30):
        cases += [(tmp_path / f"log{k}.tlog", n) for n in (1, 7, 4096)]
        _random_log(cases[-1][0], rng)
    for path, block_samples in cases:
        monkeypatch.setattr(log_lines, "_PIECE", int(rng.integers(20, 3000)))
        bulk = _read(path, block_samples)
        monkeypatch.setattr(log_lines, "_RUN_RE", _NEVER)
        per_line = _read(path, block_samples)
        monkeypatch.undo()
        assert bulk == per_line, f"{path.name}, block_samples {block_samples} (seed {seed})"


@pytest.mark.parametrize("name", ["sample_session_100hz.tlog", "sample_crash_truncated_100hz.tlog"])
def test_shipped_logs_are_read_in_runs(name, monkeypatch):
    """The bulk path is really taken for the shipped logs (all their sample lines are plain)."""
    lines_alone = []
    real = log_lines._lines

    def counting(piece, first_line):
        for item in real(piece, first_line):
            lines_alone.append(item)
            yield item

    monkeypatch.setattr(log_lines, "_lines", counting)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the crash log's partial last line
        n = sum(len(b.t_ns) for b in iter_log_blocks(SAMPLES / name))
    assert n > 1000
    assert len(lines_alone) <= 3  # the R, M, E records; the partial last line comes apart
