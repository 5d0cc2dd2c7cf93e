"""tremor analyze LEFT RIGHT --pair: the pair document, its terminal summary, and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from tremor.cli.main import main
from tremor.sim.session import simulate_session


def _phyphox_csv(path: Path, seconds: float = 120.0, seed: int = 3) -> Path:
    sim = simulate_session(seed=seed, fs_hz=100.0, labels=["fatigue_tremor"])
    rec = sim.recording
    n = min(rec.n_samples, int(seconds * 100))
    lines = ['"Time (s)","Acceleration x (m/s^2)","Acceleration y (m/s^2)","Acceleration z (m/s^2)"']
    lines += [f"{t:.6f},{a[0]:.6f},{a[1]:.6f},{a[2]:.6f}" for t, a in zip(rec.time_s[:n], rec.acc_mps2[:n])]
    path.write_text("\n".join(lines) + "\n")
    return path


def _pair_csvs(tmp_path: Path, scale: float) -> tuple[Path, Path]:
    from tremor.sim.pair import simulate_pair

    p = simulate_pair(
        seed=5,
        fs_hz=100.0,
        labels=["calm", "fatigue_tremor"],
        right_tremor_scale=scale,
        right_start_delay_s=3.0,
    )
    paths = []
    for name, rec in (("left", p.left.recording), ("right", p.right)):
        path = tmp_path / f"{name}.csv"
        lines = ['"Time (s)","Acceleration x (m/s^2)","Acceleration y (m/s^2)","Acceleration z (m/s^2)"']
        lines += [f"{t:.6f},{a[0]:.6f},{a[1]:.6f},{a[2]:.6f}" for t, a in zip(rec.time_s, rec.acc_mps2)]
        path.write_text("\n".join(lines) + "\n")
        paths.append(path)
    return paths[0], paths[1]


def test_analyze_pair_writes_both_reports_and_the_comparison(tmp_path, capsys):
    from tremor.report.pair_report import pair_schema

    left, right = _pair_csvs(tmp_path, 4.0)
    out = tmp_path / "pair.json"
    assert main(["analyze", str(left), str(right), "--pair", "--json", str(out)]) == 0
    doc = json.loads(out.read_text())
    jsonschema.validate(doc, pair_schema())
    assert doc["schema"] == "tremor.pair/1"
    assert doc["pair"]["alignment"]["method"] == "movement"
    assert doc["pair"]["alignment"]["offset_s"] == pytest.approx(3.0, abs=0.25)
    assert [c["id"] for c in doc["pair"]["causes"]] == ["muscle_imbalance"]
    assert all(c["tremor_higher_side"] == "right" for c in doc["pair"]["sets"])
    text = capsys.readouterr().out
    assert "LEFT vs RIGHT" in text and "muscle_imbalance" in text and "higher on the right" in text


def test_analyze_pair_balanced_names_no_cause(tmp_path, capsys):
    left, right = _pair_csvs(tmp_path, 1.0)
    assert main(["analyze", str(left), str(right), "--pair", "--json", "-"]) == 0
    captured = capsys.readouterr()
    doc = json.loads(captured.out)
    assert doc["pair"]["causes"] == []
    assert "no marked left/right difference" in captured.err


def test_analyze_single_file_says_imbalance_needs_two_sensors(tmp_path, capsys):
    csv = _phyphox_csv(tmp_path / "one.csv", seconds=60)
    assert main(["analyze", str(csv)]) == 0
    assert "muscle imbalance cannot be judged from one sensor" in capsys.readouterr().out


@pytest.mark.parametrize("n_files", [1, 3])
def test_pair_needs_exactly_two_files(tmp_path, capsys, n_files):
    files = [str(_phyphox_csv(tmp_path / f"f{i}.csv", seconds=20)) for i in range(n_files)]
    assert main(["analyze", *files, "--pair"]) == 2
    err = capsys.readouterr().err
    assert "--pair needs exactly two files, LEFT then RIGHT" in err and f"got {n_files}" in err
    assert "Traceback" not in err


def test_pair_refuses_options_it_cannot_honour(tmp_path, capsys):
    a, b = (str(_phyphox_csv(tmp_path / f"f{i}.csv", seconds=20)) for i in range(2))
    assert main(["analyze", a, b, "--pair", "--out", str(tmp_path / "o")]) == 2
    assert "--out cannot be used with --pair" in capsys.readouterr().err
    assert main(["analyze", a, b, "--pair", "--sets", "1-5"]) == 2
    assert "NAME.sets.csv" in capsys.readouterr().err
