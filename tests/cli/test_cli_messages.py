"""What the command line prints about its input: warnings as one tool line, paths escaped,
and the messages of whole-file reads (a file cut inside its last number, CR-only line ends)."""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import pytest

from tremor.cli.main import main
from tremor.errors import TremorWarning

REPO = Path(__file__).resolve().parents[2]
TLOG = REPO / "firmware_logs" / "sample_crash_truncated_100hz.tlog"  # 20 s


def _cut_log(tmp_path: Path, name: str = "cut.tlog") -> Path:
    """The bundled log with its last line cut short (as when a recorder loses power mid-write)."""
    data = TLOG.read_bytes()
    path = tmp_path / name
    path.write_bytes(data[: data.rstrip(b"\n").rfind(b"\n") + 12])
    return path


# ------------------------------------------------------------------ warnings: one tool line
def test_tremor_warning_is_one_tool_line_not_pythons_format(tmp_path, capsys):
    path = _cut_log(tmp_path)
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        assert main(["analyze", str(path)]) == 0
    err = capsys.readouterr().err
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(f"tremor: warning: {path}: line ") and "partial last line dropped" in lines[0]
    assert "TremorWarning" not in err and ".py:" not in err


def test_other_warnings_keep_pythons_format_and_filters_still_apply(capsys):
    from tremor.cli._warnings import tool_warnings

    def python_format(message, category, filename, lineno, file=None, line=None):
        sys.stderr.write(warnings.formatwarning(message, category, filename, lineno, line))

    with warnings.catch_warnings():
        warnings.simplefilter("always")
        warnings.showwarning = python_format  # as outside pytest, which records warnings itself
        with tool_warnings():
            warnings.warn("a library's own warning", RuntimeWarning, stacklevel=1)
            warnings.warn("two\nlines \x1b[2J", TremorWarning, stacklevel=1)
        warnings.simplefilter("ignore")
        with tool_warnings():
            warnings.warn("silenced by -W ignore", TremorWarning, stacklevel=1)
    err = capsys.readouterr().err
    assert "RuntimeWarning: a library's own warning" in err
    assert "tremor: warning: two\\nlines \\x1b[2J\n" in err and "silenced" not in err


def test_live_session_warnings_print_as_tool_lines(tmp_path, capsys, monkeypatch):
    """`tremor live`: a warning before the session (reading --from) and one during it (the band's
    range is narrower than asked) are each one tool line, the second above the display."""
    import tremor.ble.emulator as emulator

    class NarrowBand(emulator.EmulatedBand):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **{**kwargs, "ranges_g": (2, 4)})

    monkeypatch.setattr(emulator, "EmulatedBand", NarrowBand)
    path = _cut_log(tmp_path)
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        code = main(
            [
                "live",
                "--emulated",
                "--from",
                str(path),
                "--pace",
                "40",
                "--plain",
                "--log",
                str(tmp_path / "live.tlog"),
            ]
        )
    assert code == 0
    captured = capsys.readouterr()
    assert f"tremor: warning: {path}: line " in captured.err
    assert "tremor: warning: the band's widest range is +-4 g, below the +-8.0 g asked for" in captured.out
    assert "TremorWarning" not in captured.err + captured.out


# ------------------------------------------------------------------ control characters in paths
EVIL = "ev\x1b[31mil\nname"
EVIL_SHOWN = "ev\\x1b[31mil\\nname"


def _no_raw_control(text: str) -> None:
    assert "\x1b" not in text and not any(line.startswith("name") for line in text.splitlines()), text


def test_paths_with_control_characters_are_printed_escaped(tmp_path, capsys, monkeypatch):
    """A file named with an escape sequence and a line end cannot forge or hide lines of the output:
    the summary, the written-to lines, errors (tool and OS), batch lines and live paths escape it."""
    monkeypatch.chdir(tmp_path)
    log = Path(f"{EVIL}.tlog")
    log.write_bytes(TLOG.read_bytes())
    bad = Path(f"{EVIL}.csv")
    bad.write_text("t,x,y,z\n0,1,2,x\n", encoding="utf-8")
    folder = Path(f"in{EVIL}")
    folder.mkdir()
    (folder / bad.name).write_text("t,x,y,z\n0,1,2,x\n", encoding="utf-8")
    (folder / "dangling.csv").symlink_to(f"nowhere{EVIL}")

    runs = [
        (
            ["analyze", str(log), "--json", f"out{EVIL}.json"],
            0,
            [f"{EVIL_SHOWN}.tlog  (firmware_log", f"report written to out{EVIL_SHOWN}.json"],
        ),
        (["analyze", str(bad)], 2, [f"tremor: error: {EVIL_SHOWN}.csv:2: value is not a number"]),
        (
            ["analyze", f"missing{EVIL}.csv"],
            2,
            [f"no recordings found in missing{EVIL_SHOWN}.csv"],
        ),  # '[': a glob
        (["analyze", str(log), "--context-file", f"no{EVIL}.txt"], 2, [f"no{EVIL_SHOWN}.txt"]),
        (
            ["analyze", str(log), "--json", str(log)],
            2,
            [f"tremor: error: --json {EVIL_SHOWN}.tlog is the input"],
        ),
        (
            ["analyze", str(folder), "--out", f"res{EVIL}", "--jobs", "1"],
            1,
            [
                f"  in{EVIL_SHOWN}/{EVIL_SHOWN}.csv: in{EVIL_SHOWN}/{EVIL_SHOWN}.csv:2: value is not a number",
                f"its target nowhere{EVIL_SHOWN} does not exist",
                f"summary: res{EVIL_SHOWN}/summary.csv",
            ],
        ),
        (
            [
                "live",
                "--emulated",
                "--from",
                str(log),
                "--pace",
                "60",
                "--plain",
                "--log",
                f"live{EVIL}.tlog",
            ],
            0,
            [
                f"(pmd): {EVIL_SHOWN}.tlog, 100 Hz",
                f"log written to live{EVIL_SHOWN}.tlog (tremor analyze live{EVIL_SHOWN}.tlog)",
            ],
        ),
        (
            ["live", "--emulated", "--simulate", "--plain", "--log", f"live{EVIL}.tlog"],
            2,
            [f"tremor: error: --log: live{EVIL_SHOWN}.tlog exists"],
        ),
    ]
    for argv, code, expected in runs:
        with warnings.catch_warnings():
            warnings.simplefilter("always")  # the 20-s log ends in a partial line: a tool line, not an error
            assert main(argv) == code, argv
        captured = capsys.readouterr()
        text = captured.out + captured.err
        _no_raw_control(text)
        for want in expected:
            assert want in text, (argv, want, text)


# ------------------------------------------------------------------ whole-file read messages, per format
_N = 1500  # 15 s at 100 Hz


def _rows(fmt: str) -> tuple[str, str]:
    """A small valid recording of each table format (name, text), 100 Hz."""
    if fmt == "phyphox":
        head = (
            '"Time (s)","Linear Acceleration x (m/s^2)","Linear Acceleration y (m/s^2)",'
            '"Linear Acceleration z (m/s^2)"\n'
        )
        return "Raw Data.csv", head + "".join(f"{i / 100:.2f},0.31,-0.015,-0.33{i % 7}\n" for i in range(_N))
    if fmt == "sensor_logger":
        return "TotalAcceleration.csv", "time,seconds_elapsed,z,y,x\n" + "".join(
            f"{1719102681279387400 + i * 10_000_000},{i / 100:.2f},9.7{i % 7},0.2,0.1\n" for i in range(_N)
        )
    if fmt == "polar_sensor_logger":
        return (
            "Polar_Sense_ACC.txt",
            "Phone timestamp;sensor timestamp [ns];X [mg];Y [mg];Z [mg]\n"
            + "".join(
                f"2022-04-25T11:39:{36 + i // 100:02d}.{(i % 100) * 10:03d};{704201974831254116 + i * 10_000_000};"
                f"-777;436;-49{i % 7}\n"
                for i in range(_N)
            ),
        )
    if fmt == "metawear":
        return (
            "mw_100.000Hz_.csv",
            "epoch (ms),time (01:00),elapsed (s),x-axis (g),y-axis (g),z-axis (g)\n"
            + "".join(
                f"{1547219408431 + i * 10},2019-01-11T16:10:08.431,{i / 100:.3f},0.010,0.964,-0.08{i % 7}\n"
                for i in range(_N)
            ),
        )
    return "rec.csv", "time (s),x (g),y (g),z (g)\n" + "".join(
        f"{i / 100:.2f},0.01,0.02,1.0{i % 7}\n" for i in range(_N)
    )


FORMATS = ["phyphox", "sensor_logger", "sensor_logger.zip", "polar_sensor_logger", "metawear", "generic_csv"]


def _write_format(tmp_path: Path, fmt: str, text_of) -> Path:
    import zipfile

    name, text = _rows(fmt.removesuffix(".zip"))
    data = text_of(text).encode("utf-8")
    if fmt.endswith(".zip"):
        path = tmp_path / "export.zip"
        with zipfile.ZipFile(path, "w") as zf:
            zf.writestr(name, data)
        return path
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_notes_a_file_cut_inside_its_last_number(tmp_path, capsys, fmt):
    path = _write_format(tmp_path, fmt, lambda text: text[:-2])  # "-0.336\n" -> "-0.33"
    assert main(["analyze", str(path)]) == 0
    out = capsys.readouterr().out
    assert (
        f"line {_N + 1} (the last) has no line end: the file may have been cut inside its last number" in out
    )


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_names_carriage_return_only_line_ends(tmp_path, capsys, fmt):
    path = _write_format(tmp_path, fmt, lambda text: text.replace("\n", "\r"))
    assert main(["analyze", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("tremor: error: ") and ":1: the file's line ends are carriage returns only" in err


def test_wristband_log_cut_short_or_with_cr_line_ends_says_so(tmp_path, capsys):
    data = (REPO / "firmware_logs" / "sample_rest_set_rest_100hz.tlog").read_bytes()
    cut = tmp_path / "cut.tlog"
    cut.write_bytes(data[:-5])  # inside the end record
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        assert main(["analyze", str(cut)]) == 0
    captured = capsys.readouterr()
    assert "tremor: warning: " in captured.err and "partial last line dropped" in captured.err
    # and the report itself says what was dropped and that the log was not closed
    assert "  - line 6006: partial last line dropped" in captured.out
    assert "  - no end record: the recorder did not close the log" in captured.out
    mac = tmp_path / "mac.tlog"
    mac.write_bytes(data.replace(b"\n", b"\r"))
    assert main(["analyze", str(mac)]) == 2
    err = capsys.readouterr().err
    assert f"tremor: error: {mac}:1: the file's line ends are carriage returns only" in err


# ------------------------------------------------------------------ outputs: all or none
def test_png_failure_after_the_html_leaves_no_partial_output_set(tmp_path, capsys, monkeypatch):
    """A folder where a figure goes made the PNG fail after the HTML and JSON were put in place, left
    hidden temporary files behind and named one of them; now it is refused before the analysis."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "figs" / "timeline.png").mkdir(parents=True)
    argv = ["analyze", str(TLOG), "--html", "r.html", "--json", "r.json", "--png", "figs", "-q"]
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        assert main(argv) == 2
    err = capsys.readouterr().err
    assert "--png: figs/timeline.png is a folder where a figure would be written" in err
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["figs", "timeline.png"]  # nothing written, no temp


def test_write_all_refuses_a_folder_target_and_cleans_up_a_failed_move(tmp_path, monkeypatch):
    import os

    from tremor._files import OutputError, write_all

    (tmp_path / "x.png").mkdir()
    with pytest.raises(OutputError, match=r"x\.png: it is a folder"):
        write_all([(tmp_path / "a.html", b"1"), (tmp_path / "x.png", b"2")])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.png"]
    # a move that fails part-way: the rest are not left as hidden files, and the message says what was written
    real_replace, calls = os.replace, []

    def failing_replace(src, dst):
        calls.append(dst)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OutputError) as e:
        write_all([(tmp_path / "a.html", b"1"), (tmp_path / "b.json", b"2"), (tmp_path / "c.png", b"3")])
    assert "cannot write" in str(e.value) and "b.json: No space left on device" in str(e.value)
    assert "already written: " in str(e.value) and "a.html" in str(e.value) and ".tmp" not in str(e.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.html", "x.png"]
