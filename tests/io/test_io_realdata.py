"""Every real recording in ../shared/realdata (figures from each folder's SOURCE.md)."""

from __future__ import annotations

import numpy as np
import pytest

from tremor.core.recording import STANDARD_GRAVITY as G
from tremor.errors import FormatError
from tremor.io import detect_format, read_recording

pytestmark = pytest.mark.realdata

MW = "metawear-metabase-barbell/PythonCode/data/"
MW_ACC = "_MetaWear_{}_C42732BE255C_Accelerometer_12.500Hz_1.4.4.csv"
POLAR = "polar-sensor-logger-veritysense/sample_data/Polar_files/txt_files/sample_record/"

# relative path, format, samples, rate (Hz, from median step), units, gravity included
CASES = [
    (
        "phyphox-elec292-walk-jump/ELEC292Final/Isabel_Jumping_RawData.csv",
        "phyphox",
        5695,
        100.06,
        "m/s^2",
        False,
    ),
    (
        "phyphox-elec292-walk-jump/ELEC292Final/Isabel_Walking_RawData.csv",
        "phyphox",
        6235,
        100.06,
        "m/s^2",
        False,
    ),
    ("phyphox-walk-newheader/Linear Accelerometer.csv", "phyphox", 28444, 100.7, "m/s^2", False),
    (
        "sensorlogger-applewatch-swimming/Back0626WatchAccelerometerUncalibrated.csv",
        "sensor_logger",
        5005,
        100.8,
        "g",
        True,
    ),
    (
        "sensorlogger-applewatch-swimming/Breast0626WatchAccelerometerUncalibrated.csv",
        "sensor_logger",
        5315,
        100.8,
        "g",
        True,
    ),
    (
        "sensorlogger-applewatch-swimming/Fly0626WatchAccelerometerUncalibrated.csv",
        "sensor_logger",
        6215,
        100.8,
        "g",
        True,
    ),
    (
        "sensorlogger-applewatch-swimming/Free0626WatchAccelerometerUncalibrated.csv",
        "sensor_logger",
        4751,
        100.8,
        "g",
        True,
    ),
    ("sensorlogger-applewatch-swimming/Back0626WristMotion.csv", "sensor_logger", 4990, 100.8, "g", True),
    ("sensorlogger-applewatch-ucancme/WristMotion.csv", "sensor_logger", 1702, 99.5, "g", True),
    ("sensorlogger-applewatch-ucancme/NewWristMotion.csv", "sensor_logger", 4202, 99.5, "g", True),
    (POLAR + "Polar_Sense_ACC.txt", "polar_sensor_logger", 26526, 51.7, "mg", True),
    (MW + "A-bench-heavy2-rpe8" + MW_ACC.format("2019-01-11T16.10.08.270"), "metawear", 206, 12.5, "g", True),
    (MW + "A-squat-heavy" + MW_ACC.format("2019-01-15T20.09.06.903"), "metawear", 256, 12.5, "g", True),
    (MW + "A-dead-heavy" + MW_ACC.format("2019-01-15T20.35.27.174"), "metawear", 202, 12.5, "g", True),
    (MW + "A-ohp-heavy1-rpe8" + MW_ACC.format("2019-01-11T16.38.54.580"), "metawear", 188, 12.5, "g", True),
    (MW + "A-row-heavy" + MW_ACC.format("2019-01-14T15.04.06.123"), "metawear", 106, 12.5, "g", True),
    (MW + "A-rest-sitting" + MW_ACC.format("2019-01-18T18.22.25.565"), "metawear", 424, 12.5, "g", True),
    (MW + "E-bench-heavy2-rpe8" + MW_ACC.format("2019-01-11T16.10.08.270"), "metawear", 206, 12.5, "g", True),
    (
        "esp32-mpu6050-motor-tremor/tremor_cycle1_20260121_141523.csv",
        "generic_csv",
        11758,
        100.0,
        "m/s^2",
        True,
    ),
    (
        "esp32-mpu6050-motor-tremor/tremor_cycle1_20260121_160502.csv",
        "generic_csv",
        11759,
        100.0,
        "m/s^2",
        True,
    ),
]

MUVR = [
    ("muvr-wrist-exercise-sets/labelled/arms/labelled_arms_jan-2_1.csv", 1938),
    ("muvr-wrist-exercise-sets/labelled/chest/labelled_chest_jan-2_1.csv", 1734),
    ("muvr-wrist-exercise-sets/labelled/back/labelled_back_jan-1_1.csv", 1530),
    (
        "muvr-wrist-exercise-sets/labelled/18-09-15-triceps-biceps-lateral/"
        "010f0d71-7edd-4167-ad05-49889ffff6a1.csv",
        1229,
    ),
]


def _ids(cases):
    return [c[0].rsplit("/", 1)[-1][:40] for c in cases]


@pytest.mark.parametrize(("rel", "fmt", "n", "rate", "units", "gravity"), CASES, ids=_ids(CASES))
def test_real_file(realdata, rel, fmt, n, rate, units, gravity):
    path = realdata / rel
    assert detect_format(path) == fmt
    r = read_recording(path)
    assert r.source.format == fmt
    assert r.n_samples == n
    assert r.time_s[0] == 0.0 and np.all(np.diff(r.time_s) > 0)
    assert r.source.details["measured_rate_hz"] == pytest.approx(rate, rel=0.005)
    assert r.source.units == units
    assert r.gravity_included is gravity
    if gravity:  # converted to m/s^2, gravity present (linear acc. of jumping reaches 12 m/s^2)
        assert 0.7 * G < np.median(np.linalg.norm(r.acc_mps2, axis=1)) < 1.6 * G


@pytest.mark.parametrize(
    ("rel", "gap_after_row", "gap_s"),
    [
        ("sensorlogger-applewatch-ucancme/WristMotion.csv", 102, 12.37),
        ("sensorlogger-applewatch-ucancme/NewWristMotion.csv", 204, 5.40),
    ],
)
def test_apple_watch_gaps_kept(realdata, rel, gap_after_row, gap_s):
    r = read_recording(realdata / rel)
    dt = np.diff(r.time_s)
    big = np.flatnonzero(dt > 1.0)
    assert big.size == 1
    assert big[0] + 1 == gap_after_row  # 1-based row number of the sample before the gap
    assert dt[big[0]] == pytest.approx(gap_s, abs=0.01)


def test_sensor_logger_int64_time_precision(realdata):
    r = read_recording(
        realdata / "sensorlogger-applewatch-swimming/Fly0626WatchAccelerometerUncalibrated.csv"
    )
    assert r.source.details["first_time_ns"] == 1782477278229501696
    assert r.time_s[1] == (1782477278239420672 - 1782477278229501696) / 1e9


def test_esp32_jitter_not_resampled(realdata):
    for name, lo, hi in [
        ("tremor_cycle1_20260121_141523.csv", 0.001, 0.035),
        ("tremor_cycle1_20260121_160502.csv", 0.008, 0.031),
    ]:
        r = read_recording(realdata / "esp32-mpu6050-motor-tremor" / name)
        dt = np.diff(r.time_s)
        assert dt.min() == pytest.approx(lo) and dt.max() == pytest.approx(hi)
        assert r.n_samples / r.duration_s == pytest.approx(98, abs=1)
        assert r.fs_declared_hz == 100.0
        assert r.source.details["time_units"] == "ms"
        assert r.source.details["first_time_in_file_s"] == pytest.approx(0.021)
    r = read_recording(realdata / "esp32-mpu6050-motor-tremor/tremor_cycle1_20260121_141523.csv")
    assert np.diff(r.time_s)[0] == pytest.approx(0.028)
    assert r.acc_mps2[0].tolist() == pytest.approx([-0.830, 4.156, 8.846])


def test_metawear_e_is_resaved_a(realdata):
    a = read_recording(realdata / (MW + "A-bench-heavy2-rpe8" + MW_ACC.format("2019-01-11T16.10.08.270")))
    e = read_recording(realdata / (MW + "E-bench-heavy2-rpe8" + MW_ACC.format("2019-01-11T16.10.08.270")))
    assert e.source.details["dialect"].startswith("re-saved")
    assert a.source.details["dialect"] == "MetaBase"
    np.testing.assert_array_equal(a.acc_mps2, e.acc_mps2)
    np.testing.assert_array_equal(a.time_s, e.time_s)
    assert e.start_unix_s - a.start_unix_s == pytest.approx(86400.0)
    assert a.fs_declared_hz == 12.5 and a.source.details["local_time_utc_offset"] == "01:00"


def test_metawear_gyro_refused(realdata):
    p = realdata / (
        MW + "A-bench-heavy2-rpe8_MetaWear_2019-01-11T16.10.08.270_C42732BE255C_Gyroscope_25.000Hz_1.4.4.csv"
    )
    with pytest.raises(FormatError, match="gyroscope") as e:
        read_recording(p)
    assert e.value.line == 1


def test_polar_markers_and_clock(realdata):
    r = read_recording(realdata / POLAR / "Polar_Sense_ACC.txt")
    (m,) = r.markers
    assert m.end_s - m.start_s == pytest.approx(481.015, abs=0.001)  # 11:40:02.383 -> 11:48:03.398
    offset = r.source.details["phone_minus_sensor_s"]
    assert 0 < offset < 3
    # Marker phone time 11:40:02.383 minus the offset, relative to the first sensor sample 11:39:34.831.
    assert m.start_s == pytest.approx(2.383 + 60 - offset - 34.831254116, abs=1e-3)
    assert r.start_unix_s == pytest.approx(704201974.831254116 + 946684800)
    assert r.range_mps2 is None
    assert r.source.details["measured_rate_hz"] == pytest.approx(51.705, abs=0.01)


def test_polar_gyro_and_hr_refused(realdata):
    with pytest.raises(FormatError, match="gyroscope"):
        read_recording(realdata / POLAR / "Polar_Sense_GYRO.txt")
    with pytest.raises(FormatError, match="heart rate file, with no acceleration in it") as e:
        read_recording(realdata / POLAR / "Polar_Sense_HR.txt")
    assert "Phone timestamp;HR [bpm]" in str(e.value) and "Polar_Sense_ACC.txt" in str(e.value)


@pytest.mark.parametrize(("rel", "n"), MUVR, ids=_ids(MUVR))
def test_muvr_needs_fs(realdata, rel, n):
    path = realdata / rel
    assert detect_format(path) == "generic_csv"
    with pytest.raises(FormatError, match="--fs HZ") as e:
        read_recording(path, units="g")
    assert e.value.line == 1
    # no units in the file: inferred from gravity (before: refused), and said so
    inferred = read_recording(path, fs=50)
    assert inferred.source.units == "g" and inferred.source.details["units_from"] == "inferred from gravity"
    assert "read as g" in inferred.source.details["units_note"]
    r = read_recording(path, fs=50, units="g")
    assert inferred.acc_mps2 == pytest.approx(r.acc_mps2)
    assert r.n_samples == n
    assert r.time_s[-1] == pytest.approx((n - 1) / 50)
    assert r.gravity_included is True
    assert r.source.details["headerless"] is True
