"""Property tests: whatever bytes a file holds, the readers raise nothing but TremorError.

Each test starts from a small valid file of one format, mutates its bytes (replace, insert,
delete, truncate, splice in hostile tokens), writes it to a temporary file and reads it with every
``format=`` choice. A reader may accept the file or refuse it with a :class:`TremorError`; any other
exception (``IndexError``, ``_csv.Error``, ``OverflowError``, ...) is a bug, and so is a raw
Python/NumPy warning. Hypothesis prints the failing input, so a failure can be replayed.
"""

from __future__ import annotations

import json
import os
import tempfile
import warnings
import zlib
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tremor.errors import TremorError, TremorWarning
from tremor.io import FORMATS, iter_log_blocks, read_recording

SEEDS: dict[str, tuple[str, bytes]] = {
    "phyphox": (
        "Raw Data.csv",
        (
            b'"Time (s)","Linear Acceleration x (m/s^2)","Linear Acceleration y (m/s^2)",'
            b'"Linear Acceleration z (m/s^2)"\n0.0,0.31,-0.015,-0.33\n0.01,0.18,0.14,-0.46\n'
            b"0.02,0.011,0.22,-0.38\n"
        ),
    ),
    "sensor_logger": (
        "TotalAcceleration.csv",
        (
            b"time,seconds_elapsed,z,y,x\n"
            b"1719102681279387400,0.0,9.7,0.2,0.1\n1719102681289387401,0.01,9.8,0.3,0.4\n"
            b"1719102681299387400,0.02,9.8,0.3,0.4\n"
        ),
    ),
    "polar_sensor_logger": (
        "Polar_Sense_ACC.txt",
        (
            b"Phone timestamp;sensor timestamp [ns];X [mg];Y [mg];Z [mg]\n"
            b"2022-04-25T11:39:36.978;704201974831254116;-777;436;-499\n"
            b"2022-04-25T11:39:36.997;704201974850594517;-778;437;-498\n"
            b"2022-04-25T11:39:37.016;704201974869934918;-775;441;-495\n"
        ),
    ),
    "metawear": (
        "mw_12.500Hz_.csv",
        (
            b"epoch (ms),time (01:00),elapsed (s),x-axis (g),y-axis (g),z-axis (g)\n"
            b"1547219408431,2019-01-11T16:10:08.431,0.000,0.010,0.964,-0.087\n"
            b"1547219408511,2019-01-11T16:10:08.511,0.080,0.000,0.961,-0.069\n"
            b"1547219408591,2019-01-11T16:10:08.591,0.160,0.001,0.962,-0.070\n"
        ),
    ),
    "generic_csv": (
        "rec.csv",
        (
            b"# Sample Rate: 100 Hz\ntime,ax (g),ay (g),az (g)\n0,0.01,0.02,1.0\n"
            b"10,0.02,0.01,0.99\n20,0.0,0.0,1.01\n"
        ),
    ),
}

#: Tokens that broke readers before (lone CR, quotes, huge integers, non-finite and extreme values).
HOSTILE = [
    b"\r",
    b'"',
    b'"x"\ry',
    b"\n",
    b"\r\n",
    b",",
    b";",
    b"\t",
    b"#",
    b"99999999999999999999",
    b"-9223372036854775809",
    b"1e308",
    b"-1e308",
    b"nan",
    b"inf",
    b"",
    b"\x00",
    b"\xff\xfe",
    b"\xc3",
    b"\x1f\x8b",
    b"1" * 5000,
    b"0.5",
    b"x-axis (g)",
    b"time",
    b"epoch (ms)",
]

_edit = st.one_of(
    st.tuples(st.just("replace"), st.integers(0, 10_000), st.binary(min_size=1, max_size=4)),
    st.tuples(st.just("insert"), st.integers(0, 10_000), st.sampled_from(HOSTILE)),
    st.tuples(st.just("insert"), st.integers(0, 10_000), st.binary(max_size=6)),
    st.tuples(st.just("delete"), st.integers(0, 10_000), st.integers(1, 20)),
    st.tuples(st.just("truncate"), st.integers(0, 10_000), st.just(0)),
)


def _mutate(data: bytes, edits: list[tuple[str, int, object]]) -> bytes:
    buf = bytearray(data)
    for op, pos, arg in edits:
        i = pos % (len(buf) + 1)
        if op == "replace":
            assert isinstance(arg, bytes)
            buf[i : i + len(arg)] = arg
        elif op == "insert":
            assert isinstance(arg, bytes)
            buf[i:i] = arg
        elif op == "delete":
            assert isinstance(arg, int)
            del buf[i : i + arg]
        else:
            del buf[i:]
    return bytes(buf)


def check_only_tremor_errors(name: str, data: bytes, formats: tuple[str | None, ...]) -> None:
    """Read ``data`` (as a file called ``name``) with each format; only TremorError may escape."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        for fmt in formats:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                try:
                    rec = read_recording(path, format=fmt)
                except TremorError as exc:
                    assert str(exc), "an error without a message"
                else:
                    assert rec.n_samples >= 1
            stray = [w for w in caught if not issubclass(w.category, TremorWarning)]
            assert not stray, f"format={fmt}: raw warning {stray[0].category.__name__}: {stray[0].message}"


_ALL_TEXT_FORMATS: tuple[str | None, ...] = (None, *[f for f in FORMATS if f != "firmware_log"])
#: More examples for a deeper local search: TREMOR_FUZZ_EXAMPLES=2000 pytest tests/io/test_io_properties.py
N_EXAMPLES = int(os.environ.get("TREMOR_FUZZ_EXAMPLES", "60"))
_SETTINGS = settings(max_examples=N_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(fmt=st.sampled_from(sorted(SEEDS)), edits=st.lists(_edit, min_size=1, max_size=4))
def test_mutated_text_recordings_raise_only_tremor_errors(fmt, edits):
    name, seed = SEEDS[fmt]
    check_only_tremor_errors(name, _mutate(seed, edits), _ALL_TEXT_FORMATS)


@settings(max_examples=max(10, N_EXAMPLES * 2 // 3), deadline=None)
@given(data=st.binary(max_size=200), fmt=st.sampled_from((None, *FORMATS)))
def test_random_bytes_raise_only_tremor_errors(data, fmt):
    check_only_tremor_errors("rec.csv", data, (fmt,))


@settings(max_examples=max(10, N_EXAMPLES * 2 // 3), deadline=None)
@given(
    lines=st.lists(st.text(alphabet='0123456789.,;-eE#"\r\t xyzt()gm/s^2', max_size=30), max_size=6),
    fmt=st.sampled_from(sorted(SEEDS)),
)
def test_seed_header_with_random_rows_raises_only_tremor_errors(lines, fmt):
    name, seed = SEEDS[fmt]
    header = seed.split(b"\n")[0 if fmt != "generic_csv" else 1] + b"\n"
    body = "\n".join(lines).encode()
    check_only_tremor_errors(name, header + body, (None, fmt))


# ------------------------------------------------------------------------- wristband log (.tlog)
def _seal(record: str) -> str:
    """A record line with its CRC-32, as firmware_logs/FORMAT.md specifies (so checksums are valid)."""
    return f"{record}*{zlib.crc32(record.encode('utf-8')):08x}\n"


_HEADER = {
    "device": {"name": "band", "address": None, "model": None},
    "profile": "polar_pmd",
    "settings": {
        "factor": 1.0,
        "range_g": 8,
        "resolution_bits": 16,
        "sample_rate_hz": 100,
        "scale_mps2_per_count": 0.001,
    },
    "start_unix_ns": 1735725600000000000,
    "start_wall_clock": "2025-01-01T10:00:00.000Z",
    "tremor_version": "0",
}
_HOSTILE_JSON = [
    "NaN",
    "Infinity",
    "-Infinity",
    "0",
    "-1",
    "1e999",
    "99999999999999999999999",
    "true",
    "null",
    '"8"',
    "[]",
    "{}",
    "1e-320",
]
_HOSTILE_INT = [
    "99999999999999999999",
    "-9223372036854775809",
    "9223372036854775807",
    "+5",
    "007",
    "1e3",
    "",
    "x",
    "-0",
    "0",
]


def _header_text(key_path: tuple[str, ...], value: str) -> str:
    obj = json.loads(json.dumps(_HEADER))
    text = json.dumps(obj, sort_keys=True, separators=(",", ":"))
    if key_path:
        where = obj
        for k in key_path[:-1]:
            where = where[k]
        where[key_path[-1]] = "@@"
        text = json.dumps(obj, sort_keys=True, separators=(",", ":")).replace('"@@"', value)
    return text


_record = st.one_of(
    st.tuples(
        st.sampled_from([*_HOSTILE_INT, "1000000000", "1010000000"]),
        st.sampled_from([*_HOSTILE_INT, "5", "-3"]),
    ).map(lambda p: f"S {p[0]} {p[1]} 2 3"),
    st.tuples(
        st.sampled_from([*_HOSTILE_INT, "1005000000"]),
        st.sampled_from([*_HOSTILE_INT, "1004000000"]),
        st.sampled_from([*_HOSTILE_JSON, '"link lost"']),
    ).map(lambda p: f"G {p[0]} {p[1]} {p[2]}"),
    st.tuples(
        st.sampled_from(_HOSTILE_INT),
        st.sampled_from(["start", "end", "go"]),
        st.sampled_from([*_HOSTILE_JSON, '"set 1"']),
    ).map(lambda p: f"M {p[0]} {p[1]} key {p[2]}"),
    st.tuples(st.sampled_from(_HOSTILE_INT), st.sampled_from(["00ff", "0", "zz", ""])).map(
        lambda p: f"R {p[0]} {p[1]}"
    ),
    st.sampled_from(_HOSTILE_JSON).map(lambda v: f'E {{"n_samples":{v}}}'),
    st.sampled_from(_HOSTILE_JSON).map(lambda v: f"E {v}"),
    st.text(max_size=20),
)
_header_edit = st.tuples(
    st.sampled_from(
        [
            (),
            ("settings", "scale_mps2_per_count"),
            ("settings", "sample_rate_hz"),
            ("settings", "range_g"),
            ("settings", "resolution_bits"),
            ("device",),
            ("profile",),
            ("device_time_unix_offset_ns",),
            ("settings",),
        ]
    ),
    st.sampled_from([*_HOSTILE_JSON, "1000"]),
)


@_SETTINGS
@given(
    header=_header_edit, records=st.lists(_record, max_size=8), good=st.integers(0, 5), cut=st.integers(0, 40)
)
def test_tlog_with_valid_checksums_raises_only_tremor_errors(header, records, good, cut):
    lines = ["TREMORLOG 1\n", _seal("H " + _header_text(*header))]
    lines += [_seal(f"S {1_000_000_000 + 10_000_000 * i} 1 2 {i}") for i in range(good)]
    lines += [_seal(r) for r in records]
    data = "".join(lines).encode("utf-8")
    if cut:
        data = data[:-cut]  # a log cut short, like a crash mid-write
    check_only_tremor_errors("session.tlog", data, ("firmware_log", None))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "session.tlog"
        path.write_bytes(data)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", TremorWarning)
            try:
                for _ in iter_log_blocks(path, block_samples=2):
                    pass
            except TremorError:
                pass
