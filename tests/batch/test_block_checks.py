"""The block path (files of ``STREAM_MIN_BYTES`` or more, lowered here) checks rows as the whole-file reader does.

Bad cells, values beyond 64 bits, accelerations beyond the physical limit and timestamps out of
order are named (file, line, column, expected, found) from the stream, never by a fallback to a
whole-file read; a file cut inside its last number gets the whole-file reader's note; a large
Sensor Logger zip member is unpacked and read block by block.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from batch_helpers import block_path_only, simulated_csv
from test_chunked import CHUNK, _assert_same
from test_chunked_formats import write_sensor_logger

import tremor.batch.chunked as ch
from tremor.batch.chunked import analyze_file
from tremor.cli.main import main
from tremor.core.analysis import analyze
from tremor.errors import FormatError
from tremor.io import read_recording
from tremor.report.json_report import to_report


@pytest.fixture
def stream_only(monkeypatch):
    """Small parser blocks (so a late row is in a later block) and no whole-file read allowed."""
    return block_path_only(monkeypatch)


def _replace_line(path: Path, index: int, text: str) -> None:
    lines = path.read_text().splitlines(keepends=True)
    lines[index] = text
    path.write_text("".join(lines))


def _replace_cell(path: Path, index: int, column: int, text: str) -> None:
    lines = path.read_text().splitlines(keepends=True)
    fields = lines[index].rstrip("\n").split(",")
    fields[column] = text
    lines[index] = ",".join(fields) + "\n"
    path.write_text("".join(lines))


def _whole_error(path: Path) -> str:
    with pytest.raises(FormatError) as whole:
        read_recording(path)
    return str(whole.value)


@pytest.mark.parametrize(
    ("cell", "what"),
    [
        ("oops", "value is not a number"),
        ("", "missing value"),
        ("nan", "non-finite value"),
        ("2e9", "too large to be physical"),  # beyond any unit's limit, in the raw cell
    ],
)
def test_bad_cell_near_the_end_is_named_from_the_stream(tmp_path, stream_only, cell, what):
    path = simulated_csv(tmp_path / "s.csv", seed=21)
    n_lines = len(path.read_text().splitlines())
    _replace_cell(path, n_lines - 40, 2, cell)
    with pytest.raises(FormatError) as streamed:
        analyze_file(path, chunk_samples=CHUNK, stream_min_bytes=0)
    stream_only.undo()
    assert what in str(streamed.value)
    assert f"s.csv:{n_lines - 39}:" in str(streamed.value)
    assert str(streamed.value) == _whole_error(path)


def test_time_beyond_64_bits_is_named_from_the_stream(tmp_path, stream_only):
    path = write_sensor_logger(tmp_path / "TotalAcceleration.csv", seed=22, in_g=False)
    _replace_cell(path, len(path.read_text().splitlines()) - 30, 0, "99999999999999999999")
    with pytest.raises(FormatError) as streamed:
        analyze_file(path, chunk_samples=CHUNK, stream_min_bytes=0)
    stream_only.undo()
    assert "beyond 64 bits" in str(streamed.value)
    assert str(streamed.value) == _whole_error(path)


def test_acceleration_beyond_the_physical_limit_is_refused_from_the_stream(tmp_path, stream_only):
    """2e5 m/s^2 passes the raw-cell bound (a plausible number of mg) but not the limit in m/s^2."""
    path = simulated_csv(tmp_path / "s.csv", seed=23)
    n_lines = len(path.read_text().splitlines())
    _replace_cell(path, n_lines - 100, 2, "2e5")
    with pytest.raises(FormatError) as streamed:
        analyze_file(path, chunk_samples=CHUNK, stream_min_bytes=0)
    stream_only.undo()
    assert "acceleration not physical at sample" in str(streamed.value)
    assert str(streamed.value) == _whole_error(path)


def test_timestamps_going_backwards_are_named_from_the_stream(tmp_path, stream_only):
    path = simulated_csv(tmp_path / "s.csv", seed=24)
    n_lines = len(path.read_text().splitlines())
    _replace_line(path, n_lines - 50, "1.0,0.5,0.1,9.8\n")
    with pytest.raises(FormatError) as streamed:
        analyze_file(path, chunk_samples=CHUNK, stream_min_bytes=0)
    err = streamed.value
    assert "timestamps go backwards" in str(err)
    assert err.line == n_lines - 49 and err.column == "Time (s)" and err.found == "1.0"
    assert f"(line {n_lines - 50})" in err.expected


def test_cut_last_line_note_on_the_block_path(tmp_path, stream_only):
    path = simulated_csv(tmp_path / "s.csv", seed=25)
    path.write_bytes(path.read_bytes().rstrip(b"\n")[:-6])  # cut inside the last number (e+00 and 2 digits)
    chunked = analyze_file(path, chunk_samples=CHUNK, stream_min_bytes=0)
    stream_only.undo()
    whole = analyze(read_recording(path))
    assert any("has no line end" in n for n in whole.notes)
    _assert_same(whole, chunked)


def test_cli_bad_cell_in_a_long_file_exits_2_without_a_whole_read(tmp_path, stream_only, capsys):
    path = simulated_csv(tmp_path / "s.csv", seed=26)
    n_lines = len(path.read_text().splitlines())
    _replace_cell(path, n_lines - 10, 2, "oops")
    stream_only.setattr(ch, "STREAM_MIN_BYTES", 1024)  # the CLI's threshold, lowered
    out = tmp_path / "r.json"
    assert main(["analyze", str(path), "--json", str(out), "-q"]) == 2
    err = capsys.readouterr().err
    assert f"s.csv:{n_lines - 9}:" in err and "oops" in err and "Traceback" not in err
    assert not out.exists()


def test_large_sensor_logger_zip_member_is_read_block_by_block(tmp_path, stream_only):
    csv = write_sensor_logger(tmp_path / "TotalAcceleration.csv", seed=27, in_g=False)
    first_ns = int(csv.read_text().splitlines()[1].split(",")[0])
    ann = tmp_path / "Annotation.csv"
    ann.write_text(
        "time,seconds_elapsed,text\n"
        f"{first_ns + 60 * 10**9},60,set start\n{first_ns + 95 * 10**9},95,set end\n"
    )
    export = tmp_path / "export.zip"
    with zipfile.ZipFile(export, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.write(csv, "export/TotalAcceleration.csv")
        zf.write(ann, "export/Annotation.csv")
    chunked = analyze_file(export, chunk_samples=CHUNK, stream_min_bytes=1 << 20)
    stream_only.undo()
    whole = analyze(read_recording(export))
    assert chunked.source.path == f"{export}!export/TotalAcceleration.csv"
    assert [s.span.start_s for s in whole.sets if s.span.source != "auto"]
    _assert_same(whole, chunked)
    assert to_report(chunked)["source"] == to_report(whole)["source"]


def test_small_zip_member_is_read_whole(tmp_path, monkeypatch):
    csv = write_sensor_logger(tmp_path / "TotalAcceleration.csv", seed=28, in_g=True)
    export = tmp_path / "export.zip"
    with zipfile.ZipFile(export, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.write(csv, "TotalAcceleration.csv")
    calls = []
    real = ch.read_recording
    monkeypatch.setattr(ch, "read_recording", lambda *a, **k: calls.append(a) or real(*a, **k))
    analyze_file(export, stream_min_bytes=1 << 40)
    assert calls, "a member below the threshold is read whole"
