"""Generic CSV, Sensor Logger and Polar files read block by block give the whole-file analysis."""

from __future__ import annotations

import warnings
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
from test_chunked import CHUNK, _assert_same

from tremor.batch.chunked import analyze_file
from tremor.core.analysis import analyze
from tremor.core.recording import STANDARD_GRAVITY
from tremor.io import read_recording
from tremor.report.json_report import to_report
from tremor.sim.session import simulate_session

POLAR_EPOCH_NS = 946_684_800 * 1_000_000_000


def _session(seed: int, jitter_ms: float = 0.0):
    return simulate_session(seed=seed, fs_hz=100.0, n_sets=2, jitter_ms=jitter_ms).recording


def write_generic(path: Path, *, seed: int, t0_ms: int = 123_456) -> Path:
    """A DIY logger: '#' comment lines, integer ms time stamps, units only in the '# Format' line."""
    rec = _session(seed)
    t_ms = t0_ms + np.round(rec.time_s * 1000).astype(np.int64)
    a = rec.acc_mps2 / STANDARD_GRAVITY
    with open(path, "w", newline="\n") as fh:
        fh.write("# ESP32 accelerometer logger\n# Sample Rate: 100 Hz\n")
        fh.write("# Format: Timestamp(ms),Ax(g),Ay(g),Az(g),Temp\n")
        fh.write("Timestamp,Ax,Ay,Az,Temp\n")
        for t, (x, y, z) in zip(t_ms, a):
            fh.write(f"{t},{x:.6f},{y:.6f},{z:.6f},21.5\n")
    return path


def write_sensor_logger(path: Path, *, seed: int, in_g: bool) -> Path:
    """A Sensor Logger TotalAcceleration.csv: Unix ns (int64), seconds_elapsed, z,y,x."""
    rec = _session(seed, jitter_ms=0.0)
    t_ns = 1_700_000_000_123_456_789 + np.round(rec.time_s * 1e9).astype(np.int64) + 37  # beyond float64
    a = rec.acc_mps2 / (STANDARD_GRAVITY if in_g else 1.0)
    with open(path, "w", newline="\n") as fh:
        fh.write("time,seconds_elapsed,z,y,x\n")
        for t, s, (x, y, z) in zip(t_ns, rec.time_s, a):
            fh.write(f"{t},{s:.6f},{z:.7g},{y:.7g},{x:.7g}\n")
    return path


def write_polar(path: Path, *, seed: int, markers: list[tuple[float, float]] = ()) -> Path:
    """A Polar Sensor Logger ACC file (';', sensor ns since 2000-01-01, mg) and its MARKER.txt."""
    rec = _session(seed)
    t0_sensor = 704_201_974_831_254_116
    t_ns = t0_sensor + np.round(rec.time_s * 1e9).astype(np.int64)
    mg = np.round(rec.acc_mps2 / STANDARD_GRAVITY * 1000).astype(int)
    start = datetime(2022, 4, 25, 11, 39, 36)
    latency = 0.1 + 0.05 * (np.arange(t_ns.size) % 7) / 7  # batched phone receive times
    with open(path, "w", newline="\n") as fh:
        fh.write("Phone timestamp;sensor timestamp [ns];X [mg];Y [mg];Z [mg]\n")
        for t, s, lat, (x, y, z) in zip(t_ns, rec.time_s, latency, mg):
            phone = (start + timedelta(seconds=float(s) + float(lat))).isoformat(timespec="milliseconds")
            fh.write(f"{phone};{t};{x};{y};{z}\n")
    if markers:
        with open(path.with_name(path.name[: -len("ACC.txt")] + "MARKER.txt"), "w", newline="\n") as fh:
            fh.write("Phone timestamp;Marker start/stop\n")
            for a, b in markers:
                for s, what in ((a, "MARKER_START"), (b, "MARKER_STOP")):
                    phone = (start + timedelta(seconds=s + 0.1)).isoformat(timespec="milliseconds")
                    fh.write(f"{phone};{what} \n")
    return path


def _check(path: Path, fmt: str, monkeypatch, **kw):
    import tremor.batch.chunked as ch

    with warnings.catch_warnings(record=True) as w_whole:
        warnings.simplefilter("always")
        whole = analyze(read_recording(path, **kw))

    def not_whole(*args, **kwargs):
        raise AssertionError("the streamed path fell back to the whole-file reader")

    monkeypatch.setattr(ch, "read_recording", not_whole)
    with warnings.catch_warnings(record=True) as w_chunk:
        warnings.simplefilter("always")
        chunked = analyze_file(path, chunk_samples=CHUNK, stream_min_bytes=0, **kw)
    monkeypatch.undo()
    assert whole.source.format == fmt
    assert whole.sets, "the fixture must hold sets"
    _assert_same(whole, chunked)
    assert to_report(chunked)["source"] == to_report(whole)["source"]
    assert [str(w.message) for w in w_chunk] == [str(w.message) for w in w_whole]
    return chunked


def test_generic_csv_streamed_equals_whole(tmp_path, monkeypatch):
    path = write_generic(tmp_path / "diy.csv", seed=11)
    res = _check(path, "generic_csv", monkeypatch)
    assert res.source.details["time_units"] == "ms"
    assert res.source.details["first_time_in_file_s"] == pytest.approx(123.456)


@pytest.mark.parametrize("in_g", [False, True])
def test_sensor_logger_streamed_equals_whole(tmp_path, monkeypatch, in_g):
    path = write_sensor_logger(tmp_path / "TotalAcceleration.csv", seed=12, in_g=in_g)
    res = _check(path, "sensor_logger", monkeypatch)
    assert res.source.units == ("g" if in_g else "m/s^2")
    assert res.source.details["first_time_ns"] == 1_700_000_000_123_456_826  # int64, not rounded


def test_polar_streamed_equals_whole(tmp_path, monkeypatch):
    path = write_polar(tmp_path / "Polar_H10_ABC123_20220425_113936_ACC.txt", seed=13, markers=[(60.0, 95.0)])
    res = _check(path, "polar_sensor_logger", monkeypatch)
    assert res.source.details["marker_file"].endswith("MARKER.txt")


def test_streamed_formats_bad_row_reports_the_whole_file_readers_error(tmp_path):
    path = write_generic(tmp_path / "diy.csv", seed=14)
    lines = path.read_text().splitlines(keepends=True)
    lines[3000] = "123,0.1,,0.3,21\n"
    path.write_text("".join(lines))
    with pytest.raises(Exception) as streamed:
        analyze_file(path, chunk_samples=CHUNK, stream_min_bytes=0)
    with pytest.raises(Exception) as whole:
        read_recording(path)
    assert str(streamed.value) == str(whole.value)
    assert "diy.csv:3001:" in str(streamed.value)


def test_gravity_free_phyphox_streamed_keeps_the_linear_note(tmp_path):
    """Regression (drift): the long-file path once dropped ``gravity_included``, losing the note that
    holds look like rest in linear-acceleration exports."""
    sim = simulate_session(seed=15, fs_hz=100.0, n_sets=2, gravity_included=False)
    path = tmp_path / "Linear.csv"
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(
            '"Time (s)","Linear Acceleration x (m/s^2)","Linear Acceleration y (m/s^2)",'
            '"Linear Acceleration z (m/s^2)","Absolute acceleration (m/s^2)"\n'
        )
        a = sim.recording.acc_mps2
        np.savetxt(
            fh,
            np.column_stack([sim.recording.time_s, a, np.linalg.norm(a, axis=1)]),
            delimiter=",",
            fmt="%.9e",
        )
    whole = analyze(read_recording(path))
    chunked = analyze_file(path, chunk_samples=CHUNK, stream_min_bytes=0)
    assert any("gravity removed" in n for n in whole.notes)
    assert chunked.notes == whole.notes
    _assert_same(whole, chunked)
