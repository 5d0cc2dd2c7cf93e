"""File readers on small hand-made files: every dialect and every error case."""

from __future__ import annotations

import zipfile

import numpy as np
import pytest

import tremor.io as tio
from tremor.core.recording import STANDARD_GRAVITY as G
from tremor.errors import FormatError, ParameterError, TremorWarning
from tremor.io import detect_format, read_recording


def _assert_located(err: FormatError, path, line, column=None):
    assert err.path == str(path)
    assert err.line == line
    text = str(err)
    assert f"{path}:{line}" in text
    if column is not None:
        assert err.column == column
        assert repr(column) in text


# -------------------------------------------------------------------------------- public surface
def test_all_is_curated_and_importable():
    for name in tio.__all__:
        assert hasattr(tio, name), name
    public = {n for n in dir(tio) if not n.startswith("_")}
    # Only the private modules and the names in __all__ are visible.
    assert public - set(tio.__all__) <= {"annotations"}
    assert set(tio.FORMATS) == {
        "phyphox",
        "sensor_logger",
        "polar_sensor_logger",
        "metawear",
        "generic_csv",
        "firmware_log",
    }


# -------------------------------------------------------------------------------------- phyphox
PHY_OLD = (
    '"Time (s)","Linear Acceleration x (m/s^2)","Linear Acceleration y (m/s^2)",'
    '"Linear Acceleration z (m/s^2)","Absolute acceleration (m/s^2)"\n'
    "3.265012498E-2,3.1E-1,-1.5E-2,-3.3E-1,4.5E-1\n"
    "4.264412494E-2,1.8E-1,1.4E-1,-4.6E-1,5.1E-1\n"
    "5.263812514E-2,1.1E-2,2.2E-1,-3.8E-1,4.4E-1"
)


def test_phyphox_old_header_scientific_no_final_newline(write):
    p = write("Raw Data.csv", PHY_OLD)
    assert detect_format(p) == "phyphox"
    r = read_recording(p)
    assert r.n_samples == 3
    assert r.time_s[0] == 0 and r.time_s[1] == pytest.approx(0.009994, abs=1e-9)
    assert r.acc_mps2[0].tolist() == pytest.approx([0.31, -0.015, -0.33])
    assert r.gravity_included is False
    assert r.source.details["gravity_inferred"] is False
    assert r.source.details["first_time_in_file_s"] == pytest.approx(0.03265012498)


def test_phyphox_unquoted_crlf(write):
    text = PHY_OLD.replace('"', "").replace("\n", "\r\n") + "\r\n"
    r = read_recording(write("walk.csv", text))
    assert r.n_samples == 3 and r.source.format == "phyphox"


def test_phyphox_new_header_gravity_from_name(write):
    body = '"Time (s)","X (m/s^2)","Y (m/s^2)","Z (m/s^2)"\n0.0,0.1,0.2,0.3\n0.01,0.1,0.2,0.3\n'
    r = read_recording(write("Linear Accelerometer.csv", body))
    assert r.gravity_included is False and r.source.details["gravity_inferred"] is False
    # Same content, neutral name, tiny values: inferred without gravity and flagged.
    r2 = read_recording(write("Raw Data.csv", body))
    assert r2.gravity_included is False and r2.source.details["gravity_inferred"] is True


def test_phyphox_with_gravity_tab_decimal_comma(write):
    text = (
        "Time (s)\tAcceleration x (m/s^2)\tAcceleration y (m/s^2)\tAcceleration z (m/s^2)\n"
        "0,000\t0,10\t0,20\t9,81\n0,010\t0,11\t0,21\t9,80\n"
    )
    r = read_recording(write("Raw Data.csv", text))
    assert r.gravity_included is True
    assert r.acc_mps2[1].tolist() == pytest.approx([0.11, 0.21, 9.80])
    assert r.time_s[1] == pytest.approx(0.01)


def test_phyphox_excel_semicolon_decimal_comma(write):
    text = (
        '"Time (s)";"Acceleration x (m/s^2)";"Acceleration y (m/s^2)";"Acceleration z (m/s^2)"\r\n'
        "0,0E0;1,0E-1;2,0E-1;9,81E0\r\n1,0E-2;1,1E-1;2,1E-1;9,8E0\r\n"
    )
    r = read_recording(write("Raw Data.csv", text))
    assert r.acc_mps2[1, 2] == pytest.approx(9.8)


# -------------------------------------------------------------------------------- error cases
def test_empty_file(write):
    p = write("empty.csv", "")
    with pytest.raises(FormatError, match="empty") as e:
        read_recording(p)
    assert e.value.path == str(p)


def test_unknown_format_lists_formats_and_header(write):
    p = write("what.csv", "foo,bar,baz\n1,2,3\n")
    with pytest.raises(FormatError) as e:
        read_recording(p)
    msg = str(e.value)
    for name in ("phyphox", "sensor_logger", "polar_sensor_logger", "metawear", "generic_csv"):
        assert name in msg
    assert "foo,bar,baz" in msg
    _assert_located(e.value, p, 1)


def test_missing_column(write):
    p = write("Raw Data.csv", '"Time (s)","X (m/s^2)","Y (m/s^2)"\n0,1,2\n')
    with pytest.raises(FormatError) as e:
        read_recording(p, format="phyphox")
    _assert_located(e.value, p, 1)
    assert "z" in str(e.value)


def test_non_numeric_value_names_line_column_text(write):
    text = "time,x,y,z (g)\n0.00,0.1,0.2,1.0\n0.01,0.1,abc,1.0\n0.02,0.1,0.2,1.0\n"
    p = write("a.csv", text)
    with pytest.raises(FormatError) as e:
        read_recording(p)
    _assert_located(e.value, p, 3, "y")
    assert e.value.found == "abc"


def test_nan_value(write):
    p = write("a.csv", "time,x,y,z (g)\n0.00,0.1,0.2,1.0\n0.01,NaN,0.2,1.0\n")
    with pytest.raises(FormatError, match="non-finite") as e:
        read_recording(p)
    _assert_located(e.value, p, 3, "x")


def test_missing_value(write):
    p = write("a.csv", "time,x,y,z (g)\n0.00,0.1,0.2,1.0\n0.01,0.1,,1.0\n")
    with pytest.raises(FormatError, match="missing") as e:
        read_recording(p)
    _assert_located(e.value, p, 3, "y")


@pytest.mark.parametrize("second", ["0.00", "-0.01"])
def test_time_backwards_or_repeating(write, second):
    text = f"time,x,y,z (g)\n0.00,0.1,0.2,1.0\n{second},0.1,0.2,1.0\n0.02,0.1,0.2,1.0\n0.01,0,0,1\n"
    p = write("a.csv", text)
    with pytest.raises(FormatError, match="timestamps") as e:
        read_recording(p)
    _assert_located(e.value, p, 3, "time")
    assert "line(s) 3, 5" in str(e.value)


def test_partial_last_row(write):
    p = write("a.csv", "time,x,y,z (g)\n0.00,0.1,0.2,1.0\n0.01,0.1,0.2,1.0\n0.02,0.1")
    with pytest.raises(FormatError, match="ends in the middle of a row") as e:
        read_recording(p)
    _assert_located(e.value, p, 4, "y")


def test_too_many_fields(write):
    p = write("a.csv", "time,x,y,z (g)\n0.00,0.1,0.2,1.0\n0.01,0.1,0.2,1.0,7\n")
    with pytest.raises(FormatError, match="more fields") as e:
        read_recording(p)
    _assert_located(e.value, p, 3)


def test_header_only(write):
    p = write("a.csv", "time,x,y,z (g)\n")
    with pytest.raises(FormatError, match="no data rows"):
        read_recording(p)


def test_bad_parameters(write):
    p = write("a.csv", "time,x,y,z (g)\n0.00,0.1,0.2,1.0\n0.01,0.1,0.2,1.0\n")
    with pytest.raises(ParameterError, match="format"):
        read_recording(p, format="excel")
    with pytest.raises(ParameterError, match="units"):
        read_recording(p, units="furlongs")
    with pytest.raises(ParameterError, match="fs"):
        read_recording(p, fs=-1)
    with pytest.raises(ParameterError, match="no such file"):
        read_recording(p.with_name("nope.csv"))


# ------------------------------------------------------------------------------- generic CSV
ESP32 = (
    "# Cycle: 1\n# Start Time: 2026-01-21 14:15:23\n# Sample Rate: 100 Hz\n"
    "# Format: Timestamp(ms),Ax(m/s²),Ay,Az,Gx(°/s),Gy,Gz\n"
    "Timestamp,Ax,Ay,Az,Gx,Gy,Gz\n"
    "21,-0.830,4.156,8.846,-0.039,-0.207,-0.017\n"
    "49,-0.800,4.100,8.800,-0.039,-0.207,-0.017\n"
    "50,-0.810,4.120,8.810,-0.039,-0.207,-0.017\n"
    "60,-0.820,4.130,8.820,-0.039,-0.207,-0.017\n"
)


def test_generic_esp32_comment_units_and_jitter_kept(write):
    p = write("tremor_cycle1.csv", ESP32)
    assert detect_format(p) == "generic_csv"
    r = read_recording(p)
    assert r.fs_declared_hz == 100.0
    assert r.source.units == "m/s^2"
    assert r.time_s.tolist() == pytest.approx([0.0, 0.028, 0.029, 0.039])
    assert r.source.details["time_units"] == "ms"
    assert "Gx" in r.source.details["ignored_columns"]
    assert r.gravity_included is True


@pytest.mark.parametrize(
    ("header", "times", "scale", "units"),
    [
        ("t (s),ax (g),ay (g),az (g)", ["0.0", "0.02"], G, "g"),
        ("time_ms;acc_x [mg];acc_y [mg];acc_z [mg]", ["0", "20"], G / 1000, "mg"),
        ("timestamp [ns]\tx (m/s²)\ty (m/s²)\tz (m/s²)", ["1000000000", "1020000000"], 1.0, "m/s^2"),
        ("Time,X-axis (g),Y-axis (g),Z-axis (g),gyro_x", ["0.0", "0.02"], G, "g"),
    ],
)
def test_generic_header_variants(write, header, times, scale, units):
    sep = ";" if ";" in header else ("\t" if "\t" in header else ",")
    rows = [sep.join([t, "0.5", "0.25", "1"] + (["9"] if "gyro" in header else [])) for t in times]
    r = read_recording(write("x.csv", "\n".join([header, *rows]) + "\n"))
    assert r.source.units == units
    assert r.time_s.tolist() == pytest.approx([0.0, 0.02])
    assert r.acc_mps2[0].tolist() == pytest.approx([0.5 * scale, 0.25 * scale, scale])


def test_generic_unix_ms_time_gives_start(write):
    text = "timestamp,x,y,z\n1547219408431,0,0,1\n1547219408451,0,0,1\n"
    r = read_recording(write("x.csv", text), units="g")
    assert r.start_unix_s == pytest.approx(1547219408.431)
    assert r.source.details["time_units_inferred"] is True
    assert r.time_s[1] == pytest.approx(0.02)


def test_generic_units_missing_names_option(write):
    p = write("x.csv", "t,x,y,z\n0,0,0,1\n0.01,0,0,1\n")
    with pytest.raises(FormatError, match="--units g") as e:
        read_recording(p)
    _assert_located(e.value, p, 1, "x")
    r = read_recording(p, units="g")
    assert r.acc_mps2[0, 2] == pytest.approx(G)


def test_generic_units_override_recorded(write):
    r = read_recording(write("x.csv", "t,x (g),y (g),z (g)\n0,0,0,1\n0.01,0,0,1\n"), units="mg")
    assert r.acc_mps2[0, 2] == pytest.approx(G / 1000)
    assert r.source.details["units_in_file"] == "g"


def test_headerless_needs_fs_and_units(write):
    p = write(
        "set.csv",
        "0.92,0.216,0.512,curl,,35.0,20\r\n0.91,0.2,0.5,curl,,35.0,20\r\n0.9,0.2,0.5,curl,,35.0,20\r\n",
    )
    with pytest.raises(FormatError, match="--fs HZ") as e:
        read_recording(p, units="g")
    _assert_located(e.value, p, 1)
    with pytest.raises(FormatError, match="--units g"):
        read_recording(p, fs=50)
    r = read_recording(p, fs=50, units="g")
    assert r.time_s.tolist() == pytest.approx([0, 0.02, 0.04])
    assert r.acc_mps2[0, 0] == pytest.approx(0.92 * G)
    assert r.source.details["headerless"] is True


def test_header_without_time_column_needs_fs(write):
    p = write("x.csv", "x (g),y (g),z (g)\n0,0,1\n0,0,1\n")
    with pytest.raises(FormatError, match="--fs HZ"):
        read_recording(p)
    assert read_recording(p, fs=10).time_s[1] == pytest.approx(0.1)


def test_fs_disagreeing_with_timestamps_is_refused(write):
    p = write("x.csv", "t (s),x (g),y (g),z (g)\n0,0,0,1\n0.01,0,0,1\n0.02,0,0,1\n")
    with pytest.raises(ParameterError) as e:
        read_recording(p, fs=50)
    assert "50" in str(e.value) and "100" in str(e.value)
    r = read_recording(p, fs=102)  # within 5 %
    assert r.source.details["fs_param_hz"] == 102


def test_latin1_file(write):
    text = "# Format: t(s),ax(m/s\xb2)\nt,ax,ay,az\n0,0,0,9.8\n0.01,0,0,9.8\n".encode("latin-1")
    r = read_recording(write("x.csv", text))
    assert r.source.units == "m/s^2" and "encoding" in r.source.details


# ---------------------------------------------------------------------------- Sensor Logger
def _sl_rows(cols, rows):
    return ",".join(cols) + "\n" + "".join(",".join(map(str, r)) + "\n" for r in rows)


T0 = 1719102681279387400


def test_sensor_logger_phone_columns_by_name_and_int64_time(write):
    text = _sl_rows(
        ["time", "seconds_elapsed", "z", "y", "x"],
        [[T0, 0.0, 9.7, 0.2, 0.1], [T0 + 10_000_001, 0.01, 9.8, 0.3, 0.4]],
    )
    p = write("TotalAcceleration.csv", text)
    r = read_recording(p)
    assert r.source.format == "sensor_logger"
    assert r.acc_mps2[1].tolist() == pytest.approx([0.4, 0.3, 9.8])
    assert r.time_s[1] == 0.010000001  # exact: int64 difference first
    assert r.start_unix_s == pytest.approx(T0 / 1e9)
    assert r.gravity_included is True and r.source.units == "m/s^2"


def test_sensor_logger_user_acceleration_and_override(write):
    text = _sl_rows(
        ["time", "seconds_elapsed", "z", "y", "x"],
        [[T0, 0, 0.01, 0.02, 0.03], [T0 + 10**7, 0.01, 0.0, 0.0, 0.0]],
    )
    p = write("Accelerometer.csv", text)
    r = read_recording(p)
    assert r.gravity_included is False and r.source.units == "m/s^2"
    assert "units reference" in r.source.details["units_decision"]
    r = read_recording(p, units="g")
    assert r.acc_mps2[0, 0] == pytest.approx(0.03 * G)


def test_sensor_logger_watch_uncalibrated_in_g(write):
    text = _sl_rows(
        ["time", "seconds_elapsed", "x", "y", "z"],
        [[T0, 0, -0.41, 0.52, -0.75], [T0 + 9_919_000, 0.0099, -0.41, 0.51, -0.73]],
    )
    r = read_recording(write("WatchAccelerometerUncalibrated.csv", text))
    assert r.source.units == "g" and r.gravity_included
    assert r.acc_mps2[0, 0] == pytest.approx(-0.41 * G)


@pytest.mark.parametrize("with_pry", [True, False])
def test_sensor_logger_wrist_motion_total(write, with_pry):
    cols = [
        "time",
        "seconds_elapsed",
        "rotationRateX",
        "rotationRateY",
        "rotationRateZ",
        "gravityX",
        "gravityY",
        "gravityZ",
        "accelerationX",
        "accelerationY",
        "accelerationZ",
        "quaternionW",
        "quaternionX",
        "quaternionY",
        "quaternionZ",
    ]
    extra = ["pitch", "roll", "yaw"] if with_pry else []
    row = [0.1, 0.2, 0.3, -0.2, -0.5, -0.85, 0.05, -0.01, 0.02, 0.96, 0.25, -0.1, 1.6e-17]
    rows = [[T0, 0.07, *row, *([0.1] * len(extra))], [T0 + 10_055_000, 0.08, *row, *([0.1] * len(extra))]]
    r = read_recording(write("WristMotion.csv", _sl_rows(cols + extra, rows)))
    assert r.gravity_included is True and r.source.units == "g"
    assert r.acc_mps2[0].tolist() == pytest.approx([(-0.2 + 0.05) * G, (-0.5 - 0.01) * G, (-0.85 + 0.02) * G])
    assert r.source.details["pitch_roll_yaw_columns"] is with_pry


def test_sensor_logger_time_repeat(write):
    text = _sl_rows(
        ["time", "seconds_elapsed", "x", "y", "z"],
        [[T0, 0, 0, 0, 1], [T0 + 10, 0, 0, 0, 1], [T0 + 10, 0, 0, 0, 1]],
    )
    p = write("WatchAccelerometerUncalibrated.csv", text)
    with pytest.raises(FormatError, match="repeat") as e:
        read_recording(p)
    _assert_located(e.value, p, 4, "time")


def _export_files():
    acc = _sl_rows(
        ["time", "seconds_elapsed", "z", "y", "x"],
        [[T0 + i * 10**7, i / 100, 9.8, 0.0, 0.1] for i in range(500)],
    )
    ann = (
        "time,seconds_elapsed,text,millisecond_press_duration\n"
        f"{T0 + 10**9},1.0,set start,120\n{T0 + 3 * 10**9},3.0,set end,90\n"
        f'{T0 + 35 * 10**8},3.5,"note, with comma",50\n'
        f"{T0 + 4 * 10**9},4.0,,40\n{T0 + 45 * 10**8},4.5,,40\n"
    )
    return {
        "TotalAcceleration.csv": acc,
        "Accelerometer.csv": acc.replace("9.8", "0.01"),
        "Annotation.csv": ann,
        "Metadata.csv": "version,device name\n3,x\n",
    }


def test_sensor_logger_export_folder_and_zip(tmp_path, write):
    for name, text in _export_files().items():
        write(f"rec_2024/{name}", text)
    folder = tmp_path / "rec_2024"
    z = tmp_path / "rec_2024.zip"
    with zipfile.ZipFile(z, "w") as zf:
        for name, text in _export_files().items():
            zf.writestr(name, text)
    for path in (folder, z):
        assert detect_format(path) == "sensor_logger"
        r = read_recording(path)
        assert r.source.details["file_kind"] == "total"
        assert r.n_samples == 500
        assert r.markers[0].start_s == pytest.approx(1.0) and r.markers[0].end_s == pytest.approx(3.0)
        assert r.markers[0].label == "set"
        assert r.markers[1].start_s == pytest.approx(4.0) and r.markers[1].label is None
        assert r.source.details["annotations"][0]["text"] == "note, with comma"
    assert "!" in read_recording(z).source.path


def test_sensor_logger_export_unpaired_annotation_warns(tmp_path, write):
    files = _export_files()
    files["Annotation.csv"] = f"time,seconds_elapsed,text\n{T0 + 10**9},1.0,start\n"
    for name, text in files.items():
        write(f"rec/{name}", text)
    with pytest.warns(TremorWarning, match="could not be paired"):
        r = read_recording(tmp_path / "rec")
    assert r.markers == ()


def test_sensor_logger_export_without_accelerometer(tmp_path, write):
    write("rec/Gyroscope.csv", "time,seconds_elapsed,x,y,z\n1,0,0,0,0\n")
    with pytest.raises(FormatError, match="Gyroscope.csv|gyroscope.csv"):
        read_recording(tmp_path / "rec")


# -------------------------------------------------------------------------------------- Polar
POLAR = (
    "Phone timestamp;sensor timestamp [ns];X [mg];Y [mg];Z [mg]\n"
    "2022-04-25T11:39:36.978;704201974831254116;-777;436;-499\n"
    "2022-04-25T11:39:36.997;704201974850594517;-778;437;-498\n"
    "2022-04-25T11:39:37.016;704201974869934918;-775;441;-495\n"
    "2022-04-25T11:39:37.036;704201974889275319;-766;437;-502\n"
)


def test_polar_with_marker_file(write):
    p = write("s/Polar_Sense_ACC.txt", POLAR)
    write(
        "s/MARKER.txt",
        "Phone timestamp;Marker start/stop\n2022-04-25T11:39:37.000;MARKER_START \n"
        "2022-04-25T11:39:37.030;MARKER_STOP \n",
    )
    assert detect_format(p) == "polar_sensor_logger"
    r = read_recording(p)
    assert r.source.units == "mg" and r.range_mps2 is None and r.gravity_included
    assert r.acc_mps2[0, 0] == pytest.approx(-777 * G / 1000)
    assert r.time_s[1] == pytest.approx(0.019340401)
    assert r.start_unix_s == pytest.approx(704201974.831254116 + 946684800)
    offset = r.source.details["phone_minus_sensor_s"]
    assert len(r.markers) == 1
    assert r.markers[0].start_s == pytest.approx(37.000 - offset - 34.831254116, abs=1e-6)
    assert r.markers[0].end_s - r.markers[0].start_s == pytest.approx(0.030)


def test_polar_gyro_file_refused(write):
    p = write("Polar_Sense_GYRO.txt", POLAR.replace("[mg]", "[dps]"))
    with pytest.raises(FormatError, match="gyroscope"):
        read_recording(p)


def test_polar_bad_sensor_timestamp(write):
    p = write("Polar_Sense_ACC.txt", POLAR.replace("704201974850594517", "70420197485059451x"))
    with pytest.raises(FormatError) as e:
        read_recording(p)
    _assert_located(e.value, p, 3, "sensor timestamp [ns]")
    assert e.value.expected == "an integer"


# ------------------------------------------------------------------------------------ MetaWear
MW = (
    "epoch (ms),time (01:00),elapsed (s),x-axis (g),y-axis (g),z-axis (g)\n"
    "1547219408431,2019-01-11T16:10:08.431,0.000,0.010,0.964,-0.087\n"
    "1547219408511,2019-01-11T16:10:08.511,0.080,0.000,0.961,-0.069\n"
)


def test_metawear_and_resaved_dialect(write):
    name = "A-bench_MetaWear_2019-01-11T16.10.08.270_C42732BE255C_Accelerometer_12.500Hz_1.4.4.csv"
    r = read_recording(write(name, MW))
    assert r.source.format == "metawear" and r.fs_declared_hz == 12.5
    assert r.source.device == "MetaWear C4:27:32:BE:25:5C"
    assert r.time_s[1] == pytest.approx(0.08)
    assert r.start_unix_s == pytest.approx(1547219408.431)
    resaved = MW.replace("T16", " 16").replace("0.000,0.010", "0.0,0.01")
    r2 = read_recording(write("E-" + name, resaved))
    assert r2.source.details["dialect"].startswith("re-saved")
    np.testing.assert_array_equal(r.acc_mps2, r2.acc_mps2)
