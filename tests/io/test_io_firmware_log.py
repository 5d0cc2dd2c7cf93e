"""The wristband log: writer -> reader round trip, crash tolerance, corruption detection."""

from __future__ import annotations

import time
import zlib
from pathlib import Path

import numpy as np
import pytest

from tremor.core.recording import STANDARD_GRAVITY as G
from tremor.errors import FormatError, ParameterError, TremorWarning
from tremor.io import (
    LogWriter,
    detect_format,
    iter_log_blocks,
    read_firmware_log,
    read_log_header,
    read_recording,
)

SAMPLES = Path(__file__).resolve().parents[2] / "firmware_logs"
SETTINGS = {
    "sample_rate_hz": 200,
    "range_g": 8,
    "resolution_bits": 16,
    "factor": 0.244,
    "scale_mps2_per_count": 8 * G / 32768,
}
DEVICE = {"name": "Polar Sense 1", "address": "A0:9E:1A:00:00:01", "model": "Verity Sense"}


def _signal(n=1000, seed=0, t0=5_000_000_000):
    rng = np.random.default_rng(seed)
    t = t0 + np.cumsum(rng.integers(4_900_000, 5_100_000, n)).astype(np.int64)
    counts = rng.integers(-32768, 32767, (n, 3))
    return t, counts


def _write_log(path, t, counts, *, gap=True, markers=True):
    with LogWriter(path) as log:
        log.write_header(
            device=DEVICE,
            profile="polar_pmd",
            settings=SETTINGS,
            device_time_unix_offset_ns=1_700_000_000_000_000_000,
        )
        log.write_raw(1_700_000_000_123_000_000, b"\x02\x00\xff")
        log.write_samples(t[:400], counts[:400])
        if markers:
            log.write_marker(int(t[100]), "start", "key", "set 1")
            log.write_marker(int(t[300]), "end", "key")
        if gap:
            log.write_gap(int(t[399]) + 1, int(t[400]) - 1, "link lost")
        log.write_samples(t[400:], counts[400:])
        if markers:
            log.write_marker(int(t[500]), "start", "auto", None)
            log.write_marker(int(t[900]), "end", "auto", None)


def test_round_trip_identical(tmp_path):
    t, counts = _signal()
    p = tmp_path / "a.tlog"
    _write_log(p, t, counts)
    assert detect_format(p) == "firmware_log"
    r = read_recording(p)
    np.testing.assert_array_equal(r.acc_mps2, counts * SETTINGS["scale_mps2_per_count"])
    np.testing.assert_array_equal(r.time_s, (t - t[0]) / 1e9)
    assert r.source.details["first_device_time_ns"] == t[0]
    assert [(m.start_s, m.end_s, m.label) for m in r.markers] == [
        ((t[100] - t[0]) / 1e9, (t[300] - t[0]) / 1e9, "set 1"),
        ((t[500] - t[0]) / 1e9, (t[900] - t[0]) / 1e9, None),
    ]
    assert r.source.details["marker_sources"] == ["key/key", "auto/auto"]
    # the set live's automatic detection found is read back as such (summarised as batch's own sets); the key's not
    assert [m.auto for m in r.markers] == [False, True]
    (gap,) = r.logged_gaps
    assert (gap.start_s, gap.end_s, gap.reason) == (
        (t[399] + 1 - t[0]) / 1e9,
        (t[400] - 1 - t[0]) / 1e9,
        "link lost",
    )
    assert r.range_mps2 == pytest.approx(8 * G)
    assert r.fs_declared_hz == 200
    assert r.start_unix_s == pytest.approx((1_700_000_000_000_000_000 + t[0]) / 1e9)
    assert r.source.details["n_raw_notifications"] == 1
    assert r.source.details["closed_cleanly"] is True
    assert r.source.device == "Polar Sense 1"
    hdr = read_log_header(p)
    assert hdr.profile == "polar_pmd" and hdr.device["address"] == DEVICE["address"]


def test_blocks_bounded_and_equal_to_whole(tmp_path):
    t, counts = _signal(1000)
    p = tmp_path / "a.tlog"
    _write_log(p, t, counts)
    blocks = list(iter_log_blocks(p, block_samples=128))
    assert max(b.t_ns.size for b in blocks) == 128
    np.testing.assert_array_equal(np.concatenate([b.t_ns for b in blocks]), t)
    np.testing.assert_array_equal(np.concatenate([b.counts for b in blocks]), counts)
    raws = [r for b in blocks for r in b.raw]
    assert raws[0].data == b"\x02\x00\xff" and raws[0].arrival_unix_ns == 1_700_000_000_123_000_000
    assert sum(len(b.markers) for b in blocks) == 4 and sum(len(b.gaps) for b in blocks) == 1
    assert blocks[-1].end is not None and blocks[-1].end["n_samples"] == 1000


def test_float_input_quantised_to_counts(tmp_path):
    p = tmp_path / "f.tlog"
    scale = SETTINGS["scale_mps2_per_count"]
    acc = np.array([[0.0, 0.0, G], [0.1, -0.2, G]])
    with LogWriter(p) as log:
        log.write_header(device=DEVICE, profile="polar_pmd", settings=SETTINGS)
        log.write_samples(np.array([1, 2]), acc)
    r = read_firmware_log(p)
    np.testing.assert_allclose(r.acc_mps2, acc, atol=scale / 2)


def test_truncated_last_line_tolerated_with_note(tmp_path):
    t, counts = _signal(300)
    p = tmp_path / "a.tlog"
    _write_log(p, t, counts, gap=False, markers=False)
    data = p.read_bytes()
    data = data[: data.rstrip(b"\n").rfind(b"\n") + 1]  # remove the E record (crash before close)
    p.write_bytes(data[:-12])  # and cut the last sample line
    with pytest.warns(TremorWarning, match="partial last line"):
        r = read_recording(p)
    assert r.n_samples == 299
    notes = r.source.details["notes"]
    assert any("partial last line dropped" in n for n in notes)
    assert any("no end record" in n for n in notes)
    assert r.source.details["closed_cleanly"] is False


def test_sample_crash_file_is_read_with_note():
    p = SAMPLES / "sample_crash_truncated_100hz.tlog"
    with pytest.warns(TremorWarning, match="partial last line"):
        r = read_recording(p)
    assert r.n_samples == 1999
    assert r.markers[0].end_s == pytest.approx(r.time_s[-1])


def _corrupt_line(p: Path, line_no: int, transform) -> None:
    lines = p.read_bytes().split(b"\n")
    lines[line_no - 1] = transform(lines[line_no - 1])
    p.write_bytes(b"\n".join(lines))


@pytest.mark.parametrize(
    ("transform", "message"),
    [
        (lambda b: b.replace(b" ", b"  ", 1), "checksum"),  # damaged, checksum fails
        (lambda b: b[: len(b) // 2], "checksum"),  # torn line in the middle
        (lambda b: b"", "no checksum"),  # blank line
    ],
)
def test_corrupt_middle_line_rejected_with_line_number(tmp_path, transform, message):
    t, counts = _signal(1000)
    p = tmp_path / "a.tlog"
    _write_log(p, t, counts)
    _corrupt_line(p, 120, transform)
    with pytest.raises(FormatError, match=message) as e:
        read_recording(p)
    assert e.value.line == 120 and e.value.path == str(p)
    assert f"{p}:120" in str(e.value)


def _sealed(record: str) -> bytes:
    return f"{record}*{zlib.crc32(record.encode()):08x}\n".encode()


def test_valid_checksum_but_bad_records(tmp_path):
    t, counts = _signal(50)
    p = tmp_path / "a.tlog"
    _write_log(p, t, counts, gap=False, markers=False)
    lines = p.read_bytes().split(b"\n")
    for bad, msg in [
        (f"S {t[10]} 1 2 3", "backwards or repeats"),
        ("S 1 2 3", "4 fields"),
        ("Q 1 2", "unknown record"),
        ("S x 1 2 3", "malformed"),
        # the quick path for sample lines leaves these to the general one, which refuses them
        (f"S {t[21]} 01 2 3", "malformed"),  # not plain decimal
        (f"S {t[21]} +1 2 3", "malformed"),
        (f"S {t[21]} 1_0 2 3", "malformed"),
        (f"S {t[21]} 1  2 3", "4 fields"),
        (f"S {t[21]} 1 2 {2**63}", "malformed"),  # beyond int64
    ]:
        q = tmp_path / "b.tlog"
        q.write_bytes(b"\n".join(lines[:20] + [_sealed(bad).rstrip(b"\n")] + lines[20:]))
        with pytest.raises(FormatError, match=msg) as e:
            read_firmware_log(q)
        assert e.value.line == 21


def test_sample_line_checksum_must_be_lowercase_hex(tmp_path):
    t, counts = _signal(50)
    p = tmp_path / "a.tlog"
    _write_log(p, t, counts, gap=False, markers=False)
    lines = p.read_bytes().split(b"\n")
    assert lines[20].startswith(b"S ")
    lines[20] = lines[20].upper()  # the same checksum in upper case
    p.write_bytes(b"\n".join(lines))
    with pytest.raises(FormatError, match="no checksum") as e:
        read_firmware_log(p)
    assert e.value.line == 21


def test_int64_extremes_are_read(tmp_path):
    t, counts = _signal(50)
    p = tmp_path / "a.tlog"
    _write_log(p, t, counts, gap=False, markers=False)
    lines = p.read_bytes().split(b"\n")
    big = 2**63 - 1
    rec = f"S {lines[20].split(b' ')[1].decode()} {big} -{big + 1} 0"  # this line's own time
    lines[20] = _sealed(rec).rstrip(b"\n")
    p.write_bytes(b"\n".join(lines))
    blocks = list(iter_log_blocks(p))
    counts_read = np.concatenate([b.counts for b in blocks])
    assert counts_read[17].tolist() == [big, -(big + 1), 0]  # line 21: after magic, H, R, 17 samples


def test_bad_magic_version_and_header(tmp_path, write):
    p = write("a.tlog", "TREMORLOG 2\n")
    with pytest.raises(FormatError, match="version 2") as e:
        read_recording(p)
    assert e.value.line == 1
    p = write("b.tlog", "TREMORLOG 1\n" + _sealed('H {"settings": {}}').decode())
    with pytest.raises(FormatError, match="settings") as e:
        read_recording(p)
    assert e.value.line == 2
    p = write("c.tlog", "TREMORLOG 1\n")
    with pytest.raises(FormatError, match="header"):
        read_recording(p)


def test_record_after_end_rejected(tmp_path):
    t, counts = _signal(20)
    p = tmp_path / "a.tlog"
    _write_log(p, t, counts, gap=False, markers=False)
    n_lines = p.read_bytes().count(b"\n")
    with open(p, "ab") as f:
        f.write(_sealed(f"S {t[-1] + 10} 1 2 3"))
    with pytest.raises(FormatError, match="after the end") as e:
        read_firmware_log(p)
    assert e.value.line == n_lines + 1


def test_writer_misuse(tmp_path):
    p = tmp_path / "a.tlog"
    log = LogWriter(p)
    with pytest.raises(ParameterError, match="write_header"):
        log.write_samples(np.array([1]), np.array([[1, 2, 3]]))
    with pytest.raises(ParameterError, match="scale_mps2_per_count"):
        log.write_header(device=DEVICE, profile="x", settings={"sample_rate_hz": 1})
    log.write_header(device=DEVICE, profile="polar_pmd", settings=SETTINGS)
    with pytest.raises(ParameterError, match="already"):
        log.write_header(device=DEVICE, profile="polar_pmd", settings=SETTINGS)
    log.write_samples(np.array([10, 20]), np.array([[1, 2, 3], [4, 5, 6]]))
    with pytest.raises(ParameterError, match="increasing"):
        log.write_samples(np.array([20, 30]), np.array([[1, 2, 3], [4, 5, 6]]))
    with pytest.raises(ParameterError, match="kind"):
        log.write_marker(25, "begin")
    with pytest.raises(ParameterError, match="after"):
        log.write_gap(30, 30)
    log.close()
    log.close()  # idempotent
    with pytest.raises(ParameterError, match="closed"):
        log.write_raw(1, b"")
    with pytest.raises(ParameterError, match="exists"):
        LogWriter(p)


def test_writer_flushes_by_itself_within_a_second(tmp_path):
    p = tmp_path / "a.tlog"
    with LogWriter(p, flush_interval_s=0.2, fsync=False) as log:
        log.write_header(device=DEVICE, profile="polar_pmd", settings=SETTINGS)
        log.write_samples(np.array([1, 2, 3]), np.zeros((3, 3), int))
        deadline = time.monotonic() + 2.0
        while p.read_bytes().count(b"\nS ") < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert p.read_bytes().count(b"\nS ") == 3  # visible before close


@pytest.mark.parametrize("name", ["sample_rest_set_rest_100hz.tlog", "sample_link_lost_100hz.tlog"])
def test_shipped_samples(name):
    p = SAMPLES / name
    assert p.stat().st_size < 300_000
    r = read_recording(p)
    assert r.source.details["closed_cleanly"]
    assert r.fs_declared_hz == 100 and r.source.details["measured_rate_hz"] == pytest.approx(100)
    (m,) = r.markers
    assert (m.start_s, m.end_s) == (15.0, 45.0)
    rest = r.acc_mps2[r.time_s < 7.5]
    rms = float(np.sqrt(np.mean(np.sum((rest - rest.mean(axis=0)) ** 2, axis=1))))
    assert 0.025 < rms < 0.045  # 0.03 m/s^2 tremor + noise
    if "link_lost" in name:
        (gap,) = r.logged_gaps
        assert gap.reason == "link lost" and gap.end_s - gap.start_s == pytest.approx(1.5, abs=0.02)
        assert np.max(np.diff(r.time_s)) == pytest.approx(1.51, abs=0.011)
    else:
        assert r.logged_gaps == ()


def test_start_time_from_the_offset_or_else_from_the_header_wall_clock(tmp_path):
    """A log dates its first sample by device_time_unix_offset_ns; a live log written without one (before live
    wrote it) falls back to the header's start_unix_ns and says so; the history dates its report the same way."""
    from tremor.report.history import session_from_report

    t, counts = _signal()
    p = tmp_path / "offset.tlog"
    _write_log(p, t, counts)
    rec = read_recording(p)
    assert rec.start_unix_s == pytest.approx((int(t[0]) + 1_700_000_000_000_000_000) / 1e9)
    assert "start_unix_from" not in rec.source.details
    q = tmp_path / "no-offset.tlog"
    with LogWriter(q) as log:
        log.write_header(
            device=DEVICE, profile="polar_pmd", settings=SETTINGS, start_unix_ns=1_736_000_000_500_000_000
        )
        log.write_samples(t, counts)
    rec = read_recording(q)
    assert rec.start_unix_s == pytest.approx(1_736_000_000.5)
    assert rec.source.details["start_unix_from"].startswith("start_unix_ns")
    # an older report of such a log (start_unix_s null) is dated by the header, not by the file time
    report = {
        "schema": "tremor.report/1",
        "source": {"start_unix_s": None, "details": {"header": {"start_unix_ns": 1_736_000_000_500_000_000}}},
        "sampling": {"duration_s": 10.0, "assessable": {}, "gaps": []},
        "sets": [],
        "fasciculations": [],
        "atypical_tremor": [],
        "rest": {"rms_mps2": None},
    }
    session = session_from_report(report, path="old.json", mtime_unix_s=0.0)
    assert session.dated_by == "start" and session.start_unix_s == pytest.approx(1_736_000_000.5)
