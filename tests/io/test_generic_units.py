"""Generic CSV without units: inferred from gravity where unambiguous, refused (with a --units hint) otherwise."""

import numpy as np
import pytest

from tremor.cli.main import main
from tremor.core.analysis import analyze
from tremor.errors import FormatError
from tremor.io import read_recording
from tremor.io._generic_csv import infer_units_from_gravity

G = 9.80665
FS = 50.0


def _wrist(seconds=20.0, seed=5, gravity=True):
    """m/s^2: a wrist turning slowly (gravity's direction changes) and moving at 1 Hz, with 9 Hz tremor."""
    rng = np.random.default_rng(seed)
    t = np.arange(0.0, seconds, 1.0 / FS)
    ang = 0.6 * np.sin(2 * np.pi * 0.05 * t)
    acc = (
        np.column_stack([np.zeros_like(t), G * np.sin(ang), G * np.cos(ang)])
        if gravity
        else np.zeros((t.size, 3))
    )
    acc[:, 0] += 1.5 * np.sin(2 * np.pi * 1.0 * t) + 0.05 * np.sin(2 * np.pi * 9.0 * t)
    acc += rng.normal(0.0, 0.02, acc.shape)
    return t, acc


def _csv(write, t, values, name="x.csv"):
    rows = "\n".join(f"{a:.4f},{x:.6g},{y:.6g},{z:.6g}" for a, (x, y, z) in zip(t, values))
    return write(name, "t,x,y,z\n" + rows + "\n")


@pytest.mark.parametrize(("unit", "scale"), [("g", 1 / G), ("m/s^2", 1.0), ("mg", 1000 / G)])
def test_units_are_inferred_from_gravity_and_said(write, unit, scale):
    t, acc = _wrist()
    r = read_recording(_csv(write, t, acc * scale))
    assert r.source.units == unit and r.source.details["units_from"] == "inferred from gravity"
    assert r.acc_mps2 == pytest.approx(acc, abs=1e-3 * G)
    assert r.gravity_included
    result = analyze(r)
    assert any(f"read as {unit}" in n and "--units" in n for n in result.notes)


def test_gravity_removed_data_are_refused_with_a_units_hint(write, capsys):
    t, acc = _wrist(gravity=False)  # median |a| about 1 m/s^2: g by magnitude alone, but not gravity
    assert 0.6 < np.median(np.linalg.norm(acc, axis=1)) < 1.6
    p = _csv(write, t, acc)
    with pytest.raises(FormatError, match="cannot be inferred") as e:
        read_recording(p)
    assert "--units" in str(e.value) and "gravity removed" in str(e.value)
    assert e.value.line == 1 and e.value.column == "x"
    assert main(["analyze", str(p)]) == 2
    err = capsys.readouterr().err
    assert "--units" in err and "Traceback" not in err
    assert read_recording(p, units="m/s^2").source.units == "m/s^2"


@pytest.mark.parametrize(("level_g", "ok"), [(0.55, False), (0.65, True), (1.55, True), (1.7, False)])
def test_the_gravity_level_must_be_about_1_in_some_unit(level_g, ok):
    t = np.arange(0.0, 10.0, 1.0 / FS)
    acc = np.tile([0.0, 0.0, level_g], (t.size, 1))
    unit, why = infer_units_from_gravity(acc, t)
    assert (unit == "g") == ok, why
    unit, _ = infer_units_from_gravity(acc * 1000, t)
    assert (unit == "mg") == ok
    unit, _ = infer_units_from_gravity(acc * 3.0, t)  # 1.65-5.1: between g and m/s^2, ambiguous
    assert unit is None


@pytest.mark.parametrize(("keep", "ok"), [(0.55, False), (0.65, True)])
def test_the_2_s_means_must_keep_most_of_the_magnitude(keep, ok):
    # a constant vector of length keep plus an oscillation bringing the sample magnitude to ~1 g
    t = np.arange(0.0, 20.0, 1.0 / FS)
    osc = np.sqrt(2 * (1 - keep**2)) * np.sin(2 * np.pi * 2.0 * t)
    acc = np.column_stack([osc, np.zeros_like(t), np.full(t.size, keep)])
    norm = np.median(np.linalg.norm(acc, axis=1))
    unit, why = infer_units_from_gravity(acc, t)
    assert norm == pytest.approx(0.98, abs=0.01)  # about 1 g: only the share kept by the 2 s means decides
    assert (unit == "g") == ok, why


def test_too_little_data_is_refused(write):
    p = write("x.csv", "t,x,y,z\n0,0,0,1\n0.01,0,0,1\n")
    with pytest.raises(FormatError, match="too few to recognise gravity"):
        read_recording(p)


def test_real_phone_linear_acceleration_is_refused_without_units(realdata, write):
    """Phyphox 'Linear Accelerometer' (gravity removed, m/s^2), rewritten without its units: refused."""
    r = read_recording(realdata / "phyphox-walk-newheader" / "Linear Accelerometer.csv")
    p = _csv(write, r.time_s, r.acc_mps2)
    with pytest.raises(FormatError, match="gravity removed"):
        read_recording(p)


def test_the_long_file_path_gives_the_same_inferred_units_and_note(write):
    from tremor.batch.chunked import analyze_file

    t, acc = _wrist(seconds=30.0)
    p = _csv(write, t, acc / G)
    streamed = analyze_file(p, stream_min_bytes=0, chunk_samples=1024)
    whole = analyze(read_recording(p))
    assert streamed.source.units == whole.source.units == "g"
    assert (
        [n for n in streamed.notes if "read as g" in n] == [n for n in whole.notes if "read as g" in n] != []
    )
