"""One regression test per hostile or careless input that once ended in a traceback or a silent guess.

Each goes through the command line (``tremor.cli.main``): a clear message naming the file (and line
and column where they apply), exit code 2, no traceback. The lower-level cases call the readers.
"""

from __future__ import annotations

import gzip
import json
import time
import zlib
from pathlib import Path

import numpy as np
import pytest

from tremor.cli.main import main
from tremor.errors import FormatError, TremorError
from tremor.io import read_recording

GOOD = "time (s),x (g),y (g),z (g)\n" + "".join(f"{i / 100:.2f},0.01,0.02,1.0\n" for i in range(400))


def run_cli(capsys, *argv: str) -> str:
    """Run ``tremor analyze ARGV``, require exit 2 and a one-paragraph message; return stderr."""
    code = main(["analyze", *argv, "-q"])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "Traceback" not in err and err.startswith("tremor: error: "), err
    return err


def test_lone_cr_inside_a_quoted_line(tmp_path, capsys):
    p = tmp_path / "q.csv"
    p.write_bytes(b'"x"\ry\n')
    err = run_cli(capsys, str(p))
    assert f"{p}:1:" in err and "unknown file format" in err


def test_gzip_named_csv(tmp_path, capsys):
    p = tmp_path / "rec.csv"
    p.write_bytes(gzip.compress(GOOD.encode()))
    err = run_cli(capsys, str(p))
    assert "gzip-compressed" in err and "decompress" in err


def test_sets_file_with_a_lone_cr(tmp_path, capsys):
    rec = tmp_path / "rec.csv"
    rec.write_text(GOOD)
    sets = tmp_path / "s.csv"
    sets.write_bytes(b'"0",1\r2,3\n')
    err = run_cli(capsys, str(rec), "--sets-file", str(sets))
    assert f"{sets}:1:" in err and "'end_s'" in err


@pytest.mark.parametrize(
    "header",
    ["time,x (g),y (g),z (g)", ("epoch (ms),time (01:00),elapsed (s),x-axis (g),y-axis (g),z-axis (g)")],
)
def test_time_beyond_int64(tmp_path, capsys, header):
    p = tmp_path / "big.csv"
    cells = ",".join(["1"] * (header.count(",")))
    p.write_text(f"{header}\n99999999999999999999,{cells}\n99999999999999999999,{cells}\n")
    err = run_cli(capsys, str(p))
    assert f"{p}:2:" in err and "beyond 64 bits" in err


def test_metawear_short_rows(tmp_path, capsys):
    p = tmp_path / "mw.csv"
    p.write_text(
        "epoch (ms),time (01:00),elapsed (s),x-axis (g),y-axis (g),z-axis (g)\n"
        "1547219408431\n1547219408511,2019,0.1\n"
    )
    err = run_cli(capsys, str(p))
    assert f"{p}:2:" in err and "x-axis (g)" in err


@pytest.mark.parametrize("fmt", ["metawear", "polar_sensor_logger"])
def test_forced_format_on_a_file_of_comments(tmp_path, capsys, fmt):
    p = tmp_path / "c.csv"
    p.write_text("# one\n# two\n")
    err = run_cli(capsys, str(p), "--format", fmt)
    assert "only comments" in err


def _tlog(
    tmp_path: Path,
    header_settings: dict | None = None,
    header_raw: str | None = None,
    records: tuple[str, ...] = (),
) -> Path:
    settings = {
        "factor": 1.0,
        "range_g": 8,
        "resolution_bits": 16,
        "sample_rate_hz": 100,
        "scale_mps2_per_count": 0.001,
        **(header_settings or {}),
    }
    head = header_raw or json.dumps({"device": {}, "profile": "x", "settings": settings}, sort_keys=True)

    def seal(r: str) -> str:
        return f"{r}*{zlib.crc32(r.encode()):08x}\n"

    body = [seal(f"S {10**9 + i * 10**7} 1 2 {1000 + i % 7}") for i in range(300)]
    p = tmp_path / "s.tlog"
    p.write_text("TREMORLOG 1\n" + seal("H " + head) + "".join(body) + "".join(seal(r) for r in records))
    return p


@pytest.mark.parametrize(
    "settings, words",
    [
        ({"scale_mps2_per_count": 0}, "scale_mps2_per_count"),
        ({"scale_mps2_per_count": -0.001}, "scale_mps2_per_count"),
        ({"sample_rate_hz": "100"}, "sample_rate_hz"),
        ({"range_g": [8]}, "range_g"),
        ({"resolution_bits": 10**30}, "resolution_bits"),
    ],
)
def test_tlog_header_values_checked(tmp_path, capsys, settings, words):
    p = _tlog(tmp_path, settings)
    err = run_cli(capsys, str(p))
    assert f"{p}:2:" in err and words in err


@pytest.mark.parametrize(
    "raw",
    [
        (
            '{"device":{},"profile":"x","settings":{"factor":1,"range_g":8,"resolution_bits":16,"sample_rate_hz":100,'
            '"scale_mps2_per_count":NaN}}'
        ),
        (
            '{"device":{},"profile":"x","settings":{"factor":1,"range_g":Infinity,"resolution_bits":16,'
            '"sample_rate_hz":100,"scale_mps2_per_count":0.001}}'
        ),
        (
            '{"device":"band","profile":"x","settings":{"factor":1,"range_g":8,"resolution_bits":16,'
            '"sample_rate_hz":100,"scale_mps2_per_count":0.001}}'
        ),
        (
            '{"device":{},"device_time_unix_offset_ns":999999999999999999999999999,"profile":"x","settings":'
            '{"factor":1,"range_g":8,"resolution_bits":16,"sample_rate_hz":100,"scale_mps2_per_count":0.001}}'
        ),
    ],
)
def test_tlog_nan_infinity_wrong_types_in_header(tmp_path, capsys, raw):
    p = _tlog(tmp_path, header_raw=raw)
    err = run_cli(capsys, str(p))
    assert f"{p}:2: header" in err


@pytest.mark.parametrize(
    "record, words",
    [
        ("S 99999999999999999999 1 2 3", "malformed record"),
        ('G 2000000000 1990000000 "link lost"', "gap ends before it starts"),
        ("M 1500000000 start key NaN", "malformed record"),
        ('E {"n_samples": Infinity}', "malformed record"),
    ],
)
def test_tlog_records_with_valid_checksums(tmp_path, capsys, record, words):
    p = _tlog(tmp_path, records=(record,))
    err = run_cli(capsys, str(p))
    assert f"{p}:303:" in err and words in err


def test_tlog_nan_scale_from_the_writer_names_the_file(tmp_path):
    from tremor.io import LogWriter

    path = tmp_path / "w.tlog"
    with pytest.raises(TremorError, match=str(path)), LogWriter(path) as log:
        log.write_header(
            device={},
            profile="x",
            settings={
                "sample_rate_hz": 52,
                "range_g": 8,
                "resolution_bits": 16,
                "factor": 1.0,
                "scale_mps2_per_count": float("nan"),
            },
        )


def test_context_file_not_utf8(tmp_path, capsys):
    rec = tmp_path / "rec.csv"
    rec.write_text(GOOD)
    ctx = tmp_path / "ctx.txt"
    ctx.write_bytes(b"sleep_h=5\ncaffeine_mg=\xff200\n")
    err = run_cli(capsys, str(rec), "--context-file", str(ctx))
    assert f"{ctx}:2:" in err and "not UTF-8" in err and "0xff" in err


# ------------------------------------------------------------------------ say what was assumed
@pytest.mark.parametrize("header", ["time,x (g),y (g),z (g),x (g)", "time,ax (g),ay (g),az (g),acc_x (g)"])
def test_duplicate_axis_columns_refused(tmp_path, capsys, header):
    p = tmp_path / "dup.csv"
    p.write_text(header + "\n" + "".join(f"{i * 10},0.01,0.02,1.0,0.5\n" for i in range(300)))
    err = run_cli(capsys, str(p))
    assert f"{p}:1:" in err and "column 2" in err and "column 5" in err


def test_duplicate_sensor_logger_column_refused(write):
    p = write(
        "TotalAcceleration.csv",
        "time,seconds_elapsed,z,y,x,x\n1719102681279387400,0,9.7,0.2,0.1,5\n"
        "1719102681289387401,0.01,9.8,0.3,0.4,5\n",
    )
    with pytest.raises(FormatError, match="more than once") as e:
        read_recording(p)
    assert e.value.line == 1 and e.value.column == "x"


def test_float_ms_at_2khz_not_read_as_seconds(tmp_path, capsys):
    p = tmp_path / "fast.csv"
    p.write_text("time,x (g),y (g),z (g)\n" + "".join(f"{i * 0.5:.1f},0.01,0.02,1.0\n" for i in range(4000)))
    err = run_cli(capsys, str(p))
    assert "2 Hz in seconds or 2000 Hz in milliseconds" in err and "'time (ms)'" in err


def test_all_1e308_refused_as_not_physical(tmp_path, capsys):
    p = tmp_path / "huge.csv"
    p.write_text(
        "time (s),x (m/s^2),y (m/s^2),z (m/s^2)\n"
        + "".join(f"{i / 100:.2f},1e308,1e308,1e308\n" for i in range(400))
    )
    err = run_cli(capsys, str(p))  # filterwarnings=error: a raw NumPy overflow warning would fail here
    assert f"{p}:2:" in err and "not physical" in err.replace("too large to be physical", "not physical")


def test_file_cut_inside_its_last_number_is_noted(tmp_path, capsys):
    p = tmp_path / "cut.csv"
    p.write_text(
        "time (s),x (g),y (g),z (g)\n"
        + "".join(f"{i / 100:.2f},0.01,0.02,1.0\n" for i in range(1500))
        + "15.00,0.01,0.02,0.9"
    )
    rec = read_recording(p)
    assert "cut inside its last number" in rec.source.details["reader_notes"][0]
    assert main(["analyze", str(p)]) == 0
    assert "line 1502 (the last) has no line end" in capsys.readouterr().out


def test_utf16_file_names_its_encoding(tmp_path, capsys):
    p = tmp_path / "u16.csv"
    p.write_bytes(GOOD.encode("utf-16"))
    err = run_cli(capsys, str(p))
    assert "UTF-16 LE" in err and "re-save it as UTF-8" in err


def test_cr_only_file_names_its_line_ends(tmp_path, capsys):
    p = tmp_path / "mac.csv"
    p.write_bytes(GOOD.replace("\n", "\r").encode())
    err = run_cli(capsys, str(p))
    assert "carriage returns only" in err


def test_control_characters_in_paths_are_escaped(tmp_path, capsys):
    p = tmp_path / "a\nb\x1b[31m.csv"
    p.write_text("# nothing\n")
    err = run_cli(capsys, str(p), "--format", "metawear")
    assert "a\\nb\\x1b[31m.csv" in err and "\x1b" not in err and err.count("\n") == 1


def test_long_line_without_newline_is_bounded(tmp_path, capsys):
    p = tmp_path / "long.csv"
    with open(p, "wb") as f:
        f.write(b"time,x,y,z,")
        f.write(b"a" * (80 << 20))  # larger than the 64 MiB streaming threshold
    t0 = time.perf_counter()
    err = run_cli(capsys, str(p))
    took = time.perf_counter() - t0
    print(f"80 MiB line without a newline refused in {took:.2f} s")
    assert "longer than 4 MiB with no line end" in err and took < 10
    p.unlink()


def test_physical_check_catches_units_that_scale_up(tmp_path):
    rows = "".join(f"{i / 100:.2f},{9e6 if i == 5 else 0.1},0,1\n" for i in range(300))
    p = tmp_path / "g.csv"
    p.write_text("time (s),x (g),y (g),z (g)\n" + rows)  # 9e6 g: below the raw bound, far above 1e5 m/s^2
    with pytest.raises(FormatError, match="not physical at sample 6") as e:
        read_recording(p)
    assert e.value.path == str(p)
    assert np.isfinite(float(e.value.found.split()[0]))
