"""Batch runs: a folder with a bad file, the summary table, resuming, usage errors."""

from __future__ import annotations

import json
import os

import pandas as pd
import pytest
from batch_helpers import simulated_csv

from tremor.batch.runner import SUMMARY_COLUMNS, expand_inputs
from tremor.cli.main import main
from tremor.report.twitch_counts import total_twitch_text


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    d = tmp_path_factory.mktemp("recordings")
    simulated_csv(d / "day1.csv", seed=11)
    simulated_csv(d / "day2.csv", seed=12, jitter_ms=1.0)
    (d / "broken.csv").write_text(
        '"Time (s)","Acceleration x (m/s^2)","Acceleration y (m/s^2)",'
        '"Acceleration z (m/s^2)"\n0.0,1,2,3\n0.01,1,2\n'
    )
    (d / "notes.md").write_text("not a recording\n")
    return d


def _run(*argv):
    return main(["analyze", *map(str, argv), "-q"])


def test_folder_with_a_bad_file(folder, tmp_path, capsys):
    out = tmp_path / "out"
    assert _run(folder, "--out", out, "--jobs", "2") == 1
    err = capsys.readouterr().err
    assert "broken.csv" in err and "1 file(s) failed" in err
    assert sorted(p.name for p in out.iterdir()) == [
        ".tremor-out",
        "day1.csv.json",
        "day2.csv.json",
        "summary.csv",
        *(["summary.parquet"] if _has_pyarrow() else []),
    ]
    df = pd.read_csv(out / "summary.csv")
    assert list(df.columns) == list(SUMMARY_COLUMNS)
    bad = df[df.file.str.endswith("broken.csv")]
    assert len(bad) == 1 and bad.status.iloc[0] == "error"
    assert ":3:" in bad.error.iloc[0]
    # one row per set of each good file, with the values of its report
    for name in ("day1.csv", "day2.csv"):
        report = json.loads((out / f"{name}.json").read_text())
        rows = df[df.file.str.endswith(name)].sort_values("set_index")
        assert len(rows) == len(report["sets"]) >= 1
        assert list(rows.label) == [s["label"] for s in report["sets"]]
        assert list(rows["set_index"]) == [s["index"] for s in report["sets"]]
        assert rows.peak_hz.tolist() == pytest.approx(
            [s["tremor"]["peak_hz"] for s in report["sets"]], nan_ok=True
        )
        # empty where neither the set nor its recovery could show a twitch, as the reports print '-'
        seen = [total_twitch_text(s["fasciculations"], "") for s in report["sets"]]
        assert rows.twitch_count.tolist() == pytest.approx(
            [float(x) if x else float("nan") for x in seen], nan_ok=True
        )
        assert (rows.status == "ok").all() and (rows.report == f"{name}.json").all()
    parquet = pd.read_parquet(out / "summary.parquet") if _has_pyarrow() else None
    if parquet is not None:
        assert parquet.label.tolist() == df.label.tolist()


def _has_pyarrow():
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return False
    return True


def test_rerun_skips_up_to_date_reports(folder, tmp_path, capsys):
    out = tmp_path / "out"
    src = tmp_path / "in"
    src.mkdir()
    for name in ("day1.csv", "day2.csv"):
        (src / name).write_bytes((folder / name).read_bytes())
    assert _run(src, "--out", out, "--jobs", "1") == 0
    first = {p.name: p.stat().st_mtime_ns for p in out.glob("*.json")}
    summary = (out / "summary.csv").read_text()
    capsys.readouterr()
    assert main(["analyze", str(src), "--out", str(out), "--jobs", "1"]) == 0
    assert "2 of 2 file(s) already have an up-to-date report" in capsys.readouterr().err
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("*.json")} == first
    assert (out / "summary.csv").read_text() == summary
    # a newer input is analysed again, the other is not
    later = first["day1.csv.json"] + 10**9
    os.utime(src / "day1.csv", ns=(later, later))
    assert _run(src, "--out", out, "--jobs", "1") == 0
    again = {p.name: p.stat().st_mtime_ns for p in out.glob("*.json")}
    assert (
        again["day1.csv.json"] != first["day1.csv.json"] and again["day2.csv.json"] == first["day2.csv.json"]
    )
    # other options: everything again, and the context reaches the reports
    assert _run(src, "--out", out, "--jobs", "1", "--context", "sleep_h=5") == 0
    assert all(p.stat().st_mtime_ns != again[p.name] for p in out.glob("*.json"))
    assert json.loads((out / "day2.csv.json").read_text())["context"]


def test_glob_and_same_names_in_two_folders(folder, tmp_path):
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "Accelerometer.csv").write_bytes((folder / "day1.csv").read_bytes())
    out = tmp_path / "out"
    assert _run(str(tmp_path / "*" / "Accelerometer.csv"), "--out", out, "--jobs", "1") == 0
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.json")) == [
        "a/Accelerometer.csv.json",
        "b/Accelerometer.csv.json",
    ]


def test_expand_inputs(folder):
    names = [p.name for p in expand_inputs([str(folder)])]
    assert names == ["broken.csv", "day1.csv", "day2.csv"]
    assert [p.name for p in expand_inputs([str(folder / "day*.csv")])] == ["day1.csv", "day2.csv"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--json", "r.json"], "--json is for one file"),
        (["--jobs", "0"], "--jobs must be"),
        (["--scheduler", "tcp://127.0.0.1:1"], "--scheduler needs --engine dask"),
    ],
)
def test_usage_errors_exit_2(folder, tmp_path, capsys, argv, message):
    assert (
        main(
            [
                "analyze",
                str(folder / "day1.csv"),
                str(folder / "day2.csv"),
                "--out",
                str(tmp_path / "o"),
                *argv,
            ]
        )
        == 2
    )
    assert message in capsys.readouterr().err


def test_nothing_found_exits_2(tmp_path, capsys):
    assert main(["analyze", str(tmp_path / "*.csv"), "--out", str(tmp_path / "o")]) == 2
    assert "no recordings found" in capsys.readouterr().err


def test_mixed_case_sensor_logger_export_is_one_recording_for_cli_and_batch(tmp_path):
    """Regression (drift): the CLI matched Sensor Logger file names case-sensitively, the batch did not."""
    from tremor.batch.inputs import _is_export
    from tremor.cli.analyze import _is_batch

    export = tmp_path / "export"
    export.mkdir()
    (export / "TOTALACCELERATION.CSV").write_text("time,seconds_elapsed,z,y,x\n")
    assert _is_export(export)
    assert not _is_batch([str(export)])
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "day1.csv").write_text("x\n")
    assert not _is_export(plain)
    assert _is_batch([str(plain)])


def test_summary_twitch_count_is_empty_where_no_twitch_could_be_seen():
    from tremor.batch import runner

    fa = {"assessable": True, "count": 0, "in_set": 0, "in_recovery": 0}
    assert runner._twitch_count({**fa, "in_set_assessable": False, "in_recovery_assessable": True}) == 0
    assert runner._twitch_count({**fa, "in_set_assessable": False, "in_recovery_assessable": False}) is None
    assert runner._twitch_count({**fa, "assessable": False}) is None  # under the twitch rate
    seen = {**fa, "count": 2, "in_recovery": 2, "in_set_assessable": False, "in_recovery_assessable": False}
    assert runner._twitch_count(seen) == 2  # twitches found are counted whatever the limit
