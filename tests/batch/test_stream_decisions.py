"""Decisions the whole file makes, taken on the block path (``STREAM_MIN_BYTES`` lowered here).

Units inferred from gravity (generic CSV without units), Sensor Logger units the head would read
otherwise, and an integer time column that holds a non-integer late in the file stream with the
whole-file reader's result, without a whole-file read. What the block reader still cannot decide is
read whole only up to ``WHOLE_READ_MAX_BYTES``; beyond it the file is refused with its line (exit 2).
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pytest
from batch_helpers import block_path_only
from test_chunked import CHUNK, _assert_same
from test_chunked_formats import _session, write_sensor_logger

import tremor.batch.chunked as ch
import tremor.io._blocks as blocks
from tremor.batch.chunked import analyze_file
from tremor.cli.main import main
from tremor.core.analysis import analyze
from tremor.core.recording import STANDARD_GRAVITY
from tremor.errors import FormatError
from tremor.io import read_recording
from tremor.io._generic_csv import read_generic_csv
from tremor.report.json_report import to_report


@pytest.fixture
def stream_only(monkeypatch):
    """Small parser blocks (so a late row is in a later block) and no whole-file read allowed."""
    return block_path_only(monkeypatch)


def _no_units_csv(path: Path, *, seed: int, unit: str, time_fmt: str = "{:.2f}") -> Path:
    """A generic CSV whose header states no units: ``time,x,y,z`` with values in ``unit``."""
    rec = _session(seed)
    a = rec.acc_mps2 / {"g": STANDARD_GRAVITY, "mg": STANDARD_GRAVITY / 1000, "m/s^2": 1.0}[unit]
    with open(path, "w", newline="\n") as fh:
        fh.write("time,x,y,z\n")
        for t, (x, y, z) in zip(rec.time_s, a):
            fh.write(f"{time_fmt.format(t)},{x:.6g},{y:.6g},{z:.6g}\n")
    return path


def _same_as_whole(path: Path, stream_only, **kw):
    """The block path's result and report equal the whole-file reader's (no fallback)."""
    with warnings.catch_warnings(record=True) as w_chunk:
        warnings.simplefilter("always")
        chunked = analyze_file(path, chunk_samples=CHUNK, stream_min_bytes=0, **kw)
    stream_only.undo()
    with warnings.catch_warnings(record=True) as w_whole:
        warnings.simplefilter("always")
        whole = analyze(read_recording(path, **kw))
    _assert_same(whole, chunked)
    r_chunk, r_whole = to_report(chunked), to_report(whole)
    assert r_chunk["source"] == r_whole["source"]
    assert r_chunk == r_whole
    assert [str(w.message) for w in w_chunk] == [str(w.message) for w in w_whole]
    return chunked


@pytest.mark.parametrize("unit", ["g", "mg", "m/s^2"])
def test_units_inferred_from_gravity_stream(tmp_path, stream_only, unit):
    path = _no_units_csv(tmp_path / "nounits.csv", seed=31, unit=unit)
    res = _same_as_whole(path, stream_only)
    assert res.source.units == unit
    assert res.source.details["units_from"] == "inferred from gravity"
    assert any(f"read as {unit}" in n for n in res.notes)


def test_units_the_head_cannot_infer_are_inferred_from_the_whole_file(tmp_path, stream_only):
    """The head (64 kB) holds less than 2 s of this 1 kHz file: the whole file still decides, streamed."""
    rec = _session(32)
    t = np.arange(0, 12.0, 0.001)
    a = np.column_stack([np.interp(t, rec.time_s, rec.acc_mps2[:, k]) for k in range(3)]) / STANDARD_GRAVITY
    path = tmp_path / "fast.csv"
    with open(path, "w", newline="\n") as fh:
        fh.write("time (s),x,y,z,pad\n")
        for ti, (x, y, z) in zip(t, a):
            fh.write(f"{ti:.3f},{x:.9f},{y:.9f},{z:.9f},{'0' * 40}\n")
    with pytest.raises(FormatError, match="too few to recognise gravity"):
        read_generic_csv(blocks.head_source(path))  # the head alone cannot tell
    res = _same_as_whole(path, stream_only)
    assert res.source.units == "g"


def test_units_not_inferable_give_the_whole_file_readers_error(tmp_path, stream_only):
    rec = _session(33)
    path = tmp_path / "linear.csv"
    with open(path, "w", newline="\n") as fh:
        fh.write("time,x,y,z\n")
        for t, (x, y, z) in zip(rec.time_s, rec.acc_mps2 - rec.acc_mps2.mean(axis=0)):
            fh.write(f"{t:.2f},{x:.6g},{y:.6g},{z:.6g}\n")
    with pytest.raises(FormatError) as streamed:
        analyze_file(path, chunk_samples=CHUNK, stream_min_bytes=0)
    stream_only.undo()
    with pytest.raises(FormatError) as whole:
        read_recording(path)
    assert str(streamed.value) == str(whole.value)
    assert "cannot be inferred" in str(streamed.value)


def test_sensor_logger_units_the_head_reads_otherwise_stream(tmp_path, stream_only):
    """The first rows read as g, the whole file as m/s^2: the whole file's units, without a whole read."""
    path = write_sensor_logger(tmp_path / "TotalAcceleration.csv", seed=34, in_g=False)
    lines = path.read_text().splitlines(keepends=True)
    for i in range(1, 3000):
        f = lines[i].rstrip("\n").split(",")
        f[2:] = [f"{float(v) / STANDARD_GRAVITY:.7g}" for v in f[2:]]
        lines[i] = ",".join(f) + "\n"
    path.write_text("".join(lines))
    head = "".join(lines[:1500])
    (tmp_path / "head").mkdir()
    (tmp_path / "head" / "TotalAcceleration.csv").write_text(head)
    assert read_recording(tmp_path / "head" / "TotalAcceleration.csv").source.units == "g"
    res = _same_as_whole(path, stream_only)
    assert res.source.units == "m/s^2"


def test_integer_time_turning_float_late_streams(tmp_path, stream_only):
    rec = _session(35)
    t_ms = 5000 + np.round(rec.time_s * 1000).astype(np.int64)
    path = tmp_path / "ms.csv"
    with open(path, "w", newline="\n") as fh:
        fh.write("time_ms,x (g),y (g),z (g)\n")
        for i, (t, (x, y, z)) in enumerate(zip(t_ms, rec.acc_mps2 / STANDARD_GRAVITY)):
            stamp = f"{t}.5" if i == t_ms.size - 20 else str(t)
            fh.write(f"{stamp},{x:.6f},{y:.6f},{z:.6f}\n")
    res = _same_as_whole(path, stream_only)
    assert res.source.details["time_units"] == "ms"


def test_a_quoted_cell_streams(tmp_path, stream_only):
    path = _no_units_csv(tmp_path / "q.csv", seed=36, unit="g")
    lines = path.read_text().splitlines(keepends=True)
    f = lines[-30].rstrip("\n").split(",")
    f[1] = f'"{f[1]}"'
    lines[-30] = ",".join(f) + "\n"
    path.write_text("".join(lines))
    assert _same_as_whole(path, stream_only).source.units == "g"


def _time_unit_contradicted(tmp_path: Path) -> Path:
    """A unit-less integer time column stepping 10 (ms) in the head and 2000 (us) in most of the file."""
    t = np.concatenate([np.arange(3000) * 10, 30_000 + np.arange(1, 8000) * 2000])
    rng = np.random.default_rng(37)
    path = tmp_path / "tu.csv"
    with open(path, "w", newline="\n") as fh:
        fh.write("time,x (g),y (g),z (g)\n")
        for ti, z in zip(t, 1 + 0.01 * rng.standard_normal(t.size)):
            fh.write(f"{ti},0.01,0.02,{z:.5f}\n")
    return path


def test_a_time_unit_the_whole_file_contradicts_is_read_whole_within_the_budget(tmp_path, monkeypatch):
    path = _time_unit_contradicted(tmp_path)
    calls = []
    real = ch.read_recording
    monkeypatch.setattr(ch, "read_recording", lambda *a, **k: calls.append(1) or real(*a, **k))
    res = analyze_file(path, chunk_samples=CHUNK, stream_min_bytes=0)
    assert calls and res.source.details["time_units"] == "us"


def test_a_time_unit_the_whole_file_contradicts_is_refused_beyond_the_budget(tmp_path, stream_only, capsys):
    path = _time_unit_contradicted(tmp_path)
    stream_only.setattr(ch, "WHOLE_READ_MAX_BYTES", 4096)
    with pytest.raises(FormatError) as err:
        analyze_file(path, chunk_samples=CHUNK, stream_min_bytes=0)
    msg = str(err.value)
    assert "too large to read whole within the memory budget" in msg and "tu.csv:1:" in msg, msg
    assert "median step of 2000" in msg and err.value.column == "time"
    stream_only.setattr(ch, "STREAM_MIN_BYTES", 1024)
    out = tmp_path / "r.json"
    assert main(["analyze", str(path), "--json", str(out), "-q"]) == 2
    stderr = capsys.readouterr().err
    assert "memory budget" in stderr and "Traceback" not in stderr
    assert not out.exists()


def test_a_format_only_read_whole_is_refused_beyond_the_budget(tmp_path, monkeypatch, capsys):
    """MetaWear files are never streamed: they were read whole at any size (5 bytes of memory a byte)."""
    path = tmp_path / "mw_MetaWear_100.000Hz_1.4.4.csv"
    rows = [
        f"{1547219408431 + 10 * i},2019-01-11T16:10:08.431,{i / 100:.3f},0.010,0.964,-0.087"
        for i in range(300)
    ]
    path.write_text(
        "epoch (ms),time (01:00),elapsed (s),x-axis (g),y-axis (g),z-axis (g)\n" + "\n".join(rows) + "\n"
    )
    assert read_recording(path).source.format == "metawear"
    monkeypatch.setattr(ch, "WHOLE_READ_MAX_BYTES", 4096)
    with pytest.raises(
        FormatError, match="metawear files are read whole; the file .* too large to read whole"
    ):
        analyze_file(path)
    assert main(["analyze", str(path), "-q"]) == 2
    err = capsys.readouterr().err
    assert "memory budget" in err and path.name in err and "Traceback" not in err
