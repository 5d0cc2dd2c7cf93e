"""What the command line prints about its input: warnings as one tool line, paths escaped,
and the messages of whole-file reads (a file cut inside its last number, CR-only line ends)."""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

from tremor.cli.main import main
from tremor.errors import TremorWarning

REPO = Path(__file__).resolve().parents[2]
TLOG = REPO / "firmware_logs" / "sample_rest_set_rest_100hz.tlog"


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
