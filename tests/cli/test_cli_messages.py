"""What the command line prints about its input: warnings as one tool line, paths escaped,
and the messages of whole-file reads (a file cut inside its last number, CR-only line ends)."""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

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
        code = main(["live", "--emulated", "--from", str(path), "--pace", "40", "--plain",
                     "--log", str(tmp_path / "live.tlog")])
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
        (["analyze", str(log), "--json", f"out{EVIL}.json"], 0,
         [f"{EVIL_SHOWN}.tlog  (firmware_log", f"report written to out{EVIL_SHOWN}.json"]),
        (["analyze", str(bad)], 2, [f"tremor: error: {EVIL_SHOWN}.csv:2: value is not a number"]),
        (["analyze", f"missing{EVIL}.csv"], 2, [f"no recordings found in missing{EVIL_SHOWN}.csv"]),  # '[': a glob
        (["analyze", str(log), "--context-file", f"no{EVIL}.txt"], 2, [f"no{EVIL_SHOWN}.txt"]),
        (["analyze", str(log), "--json", str(log)], 2, [f"tremor: error: --json {EVIL_SHOWN}.tlog is the input"]),
        (["analyze", str(folder), "--out", f"res{EVIL}", "--jobs", "1"], 1,
         [f"  in{EVIL_SHOWN}/{EVIL_SHOWN}.csv: in{EVIL_SHOWN}/{EVIL_SHOWN}.csv:2: value is not a number",
          f"its target nowhere{EVIL_SHOWN} does not exist", f"summary: res{EVIL_SHOWN}/summary.csv"]),
        (["live", "--emulated", "--from", str(log), "--pace", "60", "--plain", "--log", f"live{EVIL}.tlog"], 0,
         [f"(pmd): {EVIL_SHOWN}.tlog, 100 Hz", f"log written to live{EVIL_SHOWN}.tlog (tremor analyze live{EVIL_SHOWN}.tlog)"]),
        (["live", "--emulated", "--simulate", "--plain", "--log", f"live{EVIL}.tlog"], 2,
         [f"tremor: error: --log: live{EVIL_SHOWN}.tlog exists"]),
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
