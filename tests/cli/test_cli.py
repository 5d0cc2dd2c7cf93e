"""The command line: help, a full run, and bad input giving a clear message and exit code 2."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import numpy as np
import pytest

from tremor.cli.main import main
from tremor.report.json_report import report_schema
from tremor.sim.session import simulate_session

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "firmware_logs" / "sample_session_100hz.tlog"


def _phyphox_csv(path: Path, seconds: float = 120.0, seed: int = 3) -> Path:
    sim = simulate_session(seed=seed, fs_hz=100.0, labels=["fatigue_tremor"])
    rec = sim.recording
    n = min(rec.n_samples, int(seconds * 100))
    lines = ['"Time (s)","Acceleration x (m/s^2)","Acceleration y (m/s^2)","Acceleration z (m/s^2)"']
    lines += [f"{t:.6f},{a[0]:.6f},{a[1]:.6f},{a[2]:.6f}" for t, a in zip(rec.time_s[:n], rec.acc_mps2[:n])]
    path.write_text("\n".join(lines) + "\n")
    return path


def test_help_explains_every_option_with_examples(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["analyze", "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    for option in (
        "--format",
        "--units",
        "--fs",
        "--sets",
        "--sets-file",
        "--context",
        "--context-file",
        "--json",
        "--html",
        "--png",
        "examples:",
    ):
        assert option in out
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "analyze" in capsys.readouterr().out


def test_analyze_writes_a_report_that_validates(tmp_path, capsys):
    csv = _phyphox_csv(tmp_path / "session.csv")
    out = tmp_path / "report.json"
    code = main(["analyze", str(csv), "--json", str(out), "--context", "sleep_h=5", "caffeine_mg=300"])
    assert code == 0
    report = json.loads(out.read_text())
    jsonschema.validate(report, report_schema())
    assert report["sampling"]["rate_hz"] == pytest.approx(100.0, rel=1e-3)
    assert report["sets"] and report["sets"][0]["label"] == "fatigue_tremor"
    assert report["context"] == {"sleep_h": 5.0, "caffeine_mg": 300.0}
    text = capsys.readouterr().out
    assert "fatigue_tremor" in text and "report written" in text


def test_sets_option_overrides_detection(tmp_path):
    csv = _phyphox_csv(tmp_path / "s.csv")
    out = tmp_path / "r.json"
    assert main(["analyze", str(csv), "--sets", "10-40,60-80", "--json", str(out), "-q"]) == 0
    sets = json.loads(out.read_text())["sets"]
    assert [(s["start_s"], s["end_s"], s["source"]) for s in sets] == [
        (10.0, 40.0, "markers"),
        (60.0, 80.0, "markers"),
    ]


BAD_INPUTS = {
    "empty": ("", "empty"),
    "unknown": ("hello,world\n1,2\n", "format"),
    "non_numeric": (
        '"Time (s)","Acceleration x (m/s^2)","Acceleration y (m/s^2)","Acceleration z (m/s^2)"\n'
        "0.00,1,2,3\n0.01,1,abc,3\n",
        ":3",
    ),
    "backwards": (
        '"Time (s)","Acceleration x (m/s^2)","Acceleration y (m/s^2)","Acceleration z (m/s^2)"\n'
        "0.00,1,2,3\n0.01,1,2,3\n0.005,1,2,3\n",
        ":4",
    ),
    "nan": (
        '"Time (s)","Acceleration x (m/s^2)","Acceleration y (m/s^2)","Acceleration z (m/s^2)"\n'
        "0.00,1,2,3\n0.01,nan,2,3\n",
        ":3",
    ),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_exit_2_with_file_and_line_and_no_partial_output(tmp_path, capsys, name):
    content, must_say = BAD_INPUTS[name]
    bad = tmp_path / f"{name}.csv"
    bad.write_text(content)
    out = tmp_path / "report.json"
    assert main(["analyze", str(bad), "--json", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("tremor: error: ") and str(bad) in err and must_say in err
    assert "Traceback" not in err
    assert not out.exists() and not list(tmp_path.glob(".report.json*"))


def test_too_short_and_too_slow_are_refused_or_noted(tmp_path, capsys):
    short = tmp_path / "short.csv"
    rows = ["time,x (g),y (g),z (g)"] + [f"{i / 100:.2f},0,0,1" for i in range(300)]
    short.write_text("\n".join(rows) + "\n")
    assert main(["analyze", str(short)]) == 2
    assert "at least 10 s" in capsys.readouterr().err
    slow = tmp_path / "slow.csv"
    rows = ["time,x (g),y (g),z (g)"] + [f"{i / 12.5:.3f},0,{np.sin(i):.3f},1" for i in range(500)]
    slow.write_text("\n".join(rows) + "\n")
    assert main(["analyze", str(slow)]) == 0
    assert "no aliased power" in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv,say",
    [
        (["analyze", "nope.csv"], "no such file"),
        (["analyze", "{sample}", "--context", "sleep=5"], "unknown context key"),
        (["analyze", "{sample}", "--context", "sleep_h=lots"], "must be a number"),
        (["analyze", "{sample}", "--sets", "40-10"], "--sets"),
        (["analyze", "{sample}", "--fs", "-3"], "fs"),
        (["analyze", "{sample}", "--json", "/no/such/folder/r.json"], "does not exist"),
    ],
)
def test_bad_options_exit_2(argv, say, capsys):
    argv = [a.replace("{sample}", str(SAMPLE)) for a in argv]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert say in err and "Traceback" not in err


def test_readme_first_command_runs_on_the_bundled_sample():
    readme = (REPO / "README.md").read_text()
    assert "tremor analyze firmware_logs/sample_session_100hz.tlog" in readme
    proc = subprocess.run(
        [sys.executable, "-m", "tremor", "analyze", str(SAMPLE)],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, "PYTHONWARNINGS": "error"},
    )
    assert proc.returncode == 0, proc.stderr
    assert "set" in proc.stdout and "label" in proc.stdout


def test_sidecar_sets_file_beside_the_recording_is_used(tmp_path, capsys):
    csv = _phyphox_csv(tmp_path / "day1.csv")
    (tmp_path / "day1.sets.csv").write_text("start_s,end_s,label\n12,44,bench\n")
    out = tmp_path / "r.json"
    assert main(["analyze", str(csv), "--json", str(out)]) == 0
    assert "sidecar" in capsys.readouterr().out
    sets = json.loads(out.read_text())["sets"]
    assert [(s["start_s"], s["end_s"], s["source"]) for s in sets] == [(12.0, 44.0, "markers")]


def test_review_findings_give_clear_errors(tmp_path, capsys):
    """Found in review: an infinite context value crashed --json; --json on a folder named a temp file."""
    assert main(["analyze", str(SAMPLE), "--context", "sleep_h=inf", "--json", str(tmp_path / "r.json")]) == 2
    assert "must be a non-negative number" in capsys.readouterr().err
    assert main(["analyze", str(SAMPLE), "--json", str(tmp_path)]) == 2
    assert "is a folder" in capsys.readouterr().err


# ---------------------------------------------------------------- --context is unambiguous (issue 12)


def test_context_items_split_commas_only_before_a_key():
    from tremor.cli.args import context_items

    assert context_items(["sleep_h=5,caffeine_mg=200", "fasted=yes"]) == [
        "sleep_h=5",
        "caffeine_mg=200",
        "fasted=yes",
    ]
    assert context_items(["exercise=bench, incline,sleep_h=6"]) == ["exercise=bench, incline", "sleep_h=6"]


def test_context_before_or_after_the_file_and_repeated(tmp_path):
    csv = _phyphox_csv(tmp_path / "s.csv", seconds=30.0)
    runs = {
        "before": ["analyze", "--context", "sleep_h=5", "caffeine_mg=300", str(csv)],
        "after": ["analyze", str(csv), "--context", "sleep_h=5", "caffeine_mg=300"],
        "commas": ["analyze", "--context", "sleep_h=5,caffeine_mg=300", str(csv)],
        "repeated": ["analyze", "--context", "sleep_h=5", "--context", "caffeine_mg=300", str(csv)],
    }
    for name, argv in runs.items():
        out = tmp_path / f"{name}.json"
        assert main([*argv, "--json", str(out), "-q"]) == 0, name
        assert json.loads(out.read_text())["context"] == {"sleep_h": 5.0, "caffeine_mg": 300.0}, name


def test_recording_given_as_context_value_is_named(tmp_path, capsys):
    assert main(["analyze", "--context", str(SAMPLE)]) == 2
    err = capsys.readouterr().err
    assert f"--context {SAMPLE}: that is a recording, not KEY=VALUE" in err and "Traceback" not in err
    assert main(["analyze", "--context", "sleep_h=5"]) == 2
    assert "give the recording to analyse" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        main(["analyze", str(SAMPLE), "--context", "sleep_h=5", "--bogus"])
    assert exc.value.code == 2


def test_history_help_has_examples(capsys):
    with pytest.raises(SystemExit):
        main(["history", "--help"])
    out = capsys.readouterr().out
    assert "examples:" in out and "tremor history reports/" in out and "--json reports/" in out


def test_messages_speak_cli_not_python(tmp_path, capsys):
    p = tmp_path / "linear.csv"
    p.write_text("t,x,y,z\n" + "".join(f"{i / 100:.2f},0.01,0.02,0.01\n" for i in range(500)))
    assert main(["analyze", str(p)]) == 2
    err = capsys.readouterr().err
    assert "--units g" in err and "units='" not in err
    q = tmp_path / "no_time.csv"
    q.write_text("x,y,z\n" + "0.0,0.0,9.81\n" * 500)
    assert main(["analyze", str(q)]) == 2
    err = capsys.readouterr().err
    assert "--fs HZ" in err and "fs=<" not in err


def test_polar_companion_files_point_to_the_acc_file(tmp_path, capsys):
    acc = tmp_path / "Polar_Sense_ACC.txt"
    acc.write_text("Phone timestamp;sensor timestamp [ns];X [mg];Y [mg];Z [mg]\n")
    hr = tmp_path / "Polar_Sense_HR.txt"
    hr.write_text("Phone timestamp;HR [bpm]\n2022-04-25T11:39:02.323;66\n")
    marker = tmp_path / "MARKER.txt"
    marker.write_text("Phone timestamp;Marker start/stop\n2022-04-25T11:40:02.383;MARKER_START \n")
    for f, what in ((hr, "heart rate"), (marker, "set markers")):
        assert main(["analyze", str(f)]) == 2
        err = capsys.readouterr().err
        assert (
            f"a Polar Sensor Logger {what} file" in err
            and str(acc) in err
            and "unknown file format" not in err
        )
