"""PMD codec against the test vectors of BLE-PROTOCOLS.md §1.5, §1.6, §1.9, plus round trips."""

from __future__ import annotations

import doctest
import struct

import numpy as np
import pytest

from tremor.ble import pmd
from tremor.ble._common import MG_TO_MPS2, FrameError
from tremor.ble.pmd import MeasurementType as MT
from tremor.ble.pmd import SettingType as ST

# §1.9 vector 1: raw type 1, t = 2e9 ns, 36 samples (payload from AccDataTest.kt)
RAW1_HEADER = "02 00 94 35 77 00 00 00 00 01"
RAW1_PAYLOAD = (
    "F7 FF FF FF E7 03 F8 FF FE FF E5 03 F9 FF FF FF E5 03 FA FF FF FF E6 03 FA FF FE FF E6 03 "
    "F9 FF FF FF E5 03 F8 FF FF FF E6 03 F8 FF FE FF E6 03 FA FF FF FF E5 03 FA FF FF FF E7 03 "
    "FA FF FF FF E5 03 F8 FF FF FF E6 03 F7 FF FF FF E6 03 F8 FF FE FF E6 03 F9 FF FE FF E7 03 "
    "F9 FF 00 00 E6 03 F9 FF FF FF E6 03 F7 FF FE FF E5 03 F9 FF FF FF E5 03 F9 FF FF FF E5 03 "
    "FA FF 00 00 E6 03 F9 FF FE FF E6 03 F8 FF FF FF E6 03 F8 FF FF FF E5 03 F9 FF FF FF E6 03 "
    "F9 FF FF FF E5 03 FA FF FF FF E6 03 F9 FF FF FF E5 03 F9 FF FF FF E5 03 F8 FF FE FF E6 03 "
    "F9 FF FF FF E6 03 F9 FF FF FF E6 03 F9 FF 00 00 E5 03 F9 FF FE FF E6 03 F8 FF FE FF E6 03 "
    "F7 FF FE FF E6 03"
)
# §1.9 vector 2: compressed 0x80, 1 reference + 56 ten-bit deltas
C80_HEADER = "02 00 94 35 77 00 00 00 00 80"
C80_PAYLOAD = (
    "71 07 F0 6A 9E 8D 0A 38 BE 5C BE BA 2F 96 B3 EE 4B E5 AD FB 42 B9 EB BE 4C FE BA 2F 92 BF "
    "EE 4B E4 B1 FB 12 B9 EC BD 3C 3E BB 2F 8F D3 DE 4B E3 B5 F7 D2 B8 ED BD 30 7E 7B 2F 8B E3 "
    "CE 8B E2 BA F7 A2 B8 EE BC 20 BE 7B 2F 88 F3 CE CB E1 BD EF 52 F8 EF BC 18 FE 3B 2F 84 03 "
    "BF CB E0 C2 EF 32 B8 F0 BB 04 4E BC 2E 81 13 AF 0B E0 C6 EF F2 F7 F1 B9 FC 7D BC 2E 7D 27 "
    "9F 4B DF CA EB C2 F7 F2 B8 EC CD 7C 2E 7B 37 8F 4B DE CE E3 92 F7 F3 B8 E0 0D FD 2D 77 4B "
    "7F CB DD D2 DF 62 37 F5 B7 D4 4D BD 2D 74 5B 6F CB DC D7 D7 32 37 F6 B5 C8 8D 7D 2D 71 6B "
    "4F 4B DC DC D3 F2 36 F7 B4 BC DD FD 2C 6F 7B 3F 4B DB E0 CF D2 36 F8 B2 B0 2D BE 2C 6C 8F "
    "1F CB DA E3 C7 A2 76 F9"
)
# §1.9 vector 3: compressed 0x81, one 6-bit delta sample
C81_FRAME = "02 65 00 00 00 00 00 00 00 81 F1 FF 14 00 F0 03 06 01 7B 0F 08"
# §1.9 vector 4: the 127-byte "short" payload whose 2nd delta block is cut off
SHORT_PAYLOAD = (
    "5D FF 98 00 FD 0F 06 2A F2 B0 13 EC A1 1B 3E C3 D0 40 7F CD 40 71 D8 F3 4D 00 46 3F 08 7B "
    "9F D7 3A AF 38 52 A6 13 ED 3E 13 09 91 DC FA EE EF 3E 54 10 E2 8F 77 85 EE F2 4C 7E 04 87 "
    "9C FC D2 2F 10 FD 4F EF FE 21 FF C2 81 04 03 5F 13 45 D1 08 4A DF BF B5 51 44 7B 50 F7 39 "
    "A1 10 2E 6F 18 F7 9F 1C 36 4D 1B 0D 03 0C 14 06 D0 FE F7 AF FF FC BF FF F4 3F 01 17 F0 00 "
    "01 10 00 F8 DF FF 00"
)


def h(text: str) -> bytes:
    return bytes.fromhex(text)


def test_vector_sizes_are_as_documented():
    assert len(h(RAW1_PAYLOAD)) == 216
    assert len(h(C80_PAYLOAD)) == 218
    assert len(h(SHORT_PAYLOAD)) == 127


def test_vector1_raw_type1():
    dec = pmd.PmdAccDecoder(fs=52)
    frame = dec.decode(h(RAW1_HEADER + RAW1_PAYLOAD))
    assert frame.acc_mg.shape == (36, 3)
    np.testing.assert_array_equal(frame.acc_mg[0], [-9, -1, 999])
    np.testing.assert_array_equal(frame.acc_mg[1], [-8, -2, 997])
    np.testing.assert_array_equal(frame.acc_mg[2], [-7, -1, 997])
    np.testing.assert_array_equal(frame.acc_mg[-1], [-9, -2, 998])
    # last sample carries the frame time stamp; first frame: samples 1/fs apart
    assert frame.time_ns[-1] == 2_000_000_000 + pmd.POLAR_EPOCH_UNIX_NS
    np.testing.assert_allclose(np.diff(frame.time_ns), 1e9 / 52, atol=1)
    np.testing.assert_allclose(frame.acc_mps2, frame.acc_mg * 9.80665e-3)


def test_vector2_compressed_type0_with_factor():
    factor = float(np.float32(2.44e-4))
    dec = pmd.PmdAccDecoder(fs=52, factor=factor)
    dec.prev_ts = 100
    frame = dec.decode(h(C80_HEADER + C80_PAYLOAD))
    assert frame.acc_mg.shape == (57, 3)
    counts = frame.acc_mg / (factor * 1000.0)
    np.testing.assert_allclose(counts[0], [1905, 27376, -29282], atol=1e-6)
    np.testing.assert_allclose(counts[1], [2095, 27271, -29367], atol=1e-6)
    np.testing.assert_allclose(counts[-1], [12274, 20173, -32449], atol=1e-6)
    # the SDK truncates toward zero: (464, 6679, -7144) mG
    np.testing.assert_array_equal(np.trunc(frame.acc_mg[0]), [464, 6679, -7144])
    assert np.all(np.abs(frame.acc_mg) <= 8000)
    # time stamps spread between previous (100 ns) and this frame (2e9 ns)
    delta = (2_000_000_000 - 100) / 57
    assert frame.time_ns[0] - pmd.POLAR_EPOCH_UNIX_NS == round(100 + delta)
    assert frame.time_ns[-1] - pmd.POLAR_EPOCH_UNIX_NS == 2_000_000_000


def test_vector3_compressed_type1():
    dec = pmd.PmdAccDecoder(fs=52)
    dec.prev_ts = 100
    frame = dec.decode(h(C81_FRAME))
    np.testing.assert_array_equal(frame.acc_mg, [[-15, 20, 1008], [-20, 17, 1008]])
    np.testing.assert_array_equal(frame.time_ns - pmd.POLAR_EPOCH_UNIX_NS, [100, 101])


def test_vector4_truncated_frame_is_a_frame_error_and_keeps_state():
    dec = pmd.PmdAccDecoder(fs=52, factor=2.44e-4)
    dec.prev_ts = 100
    with pytest.raises(FrameError, match="past the end") as info:
        dec.decode(h(C80_HEADER + SHORT_PAYLOAD))
    assert info.value.kind == "short"
    assert dec.prev_ts == 100


@pytest.mark.parametrize(
    "data, kind",
    [
        (b"", "short"),
        (b"\x02\x00\x01", "short"),
        (h(RAW1_HEADER) + b"\x01\x02\x03", "short"),  # not whole samples
        (h("02 00 94 35 77 00 00 00 00 03") + bytes(6), "corrupt"),  # unknown frame type
        (h("01 00 94 35 77 00 00 00 00 01") + bytes(6), "corrupt"),  # PPG, not ACC
        (h(C80_HEADER) + h("71 07 F0"), "short"),  # reference cut
        (h(C80_HEADER) + h("71 07 F0 6A 9E 8D 0A"), "short"),  # block header cut
        (h(C80_HEADER) + h("71 07 F0 6A 9E 8D 40 01") + bytes(30), "corrupt"),  # width 64
    ],
)
def test_bad_frames_raise_frame_error(data, kind):
    with pytest.raises(FrameError) as info:
        pmd.PmdAccDecoder(fs=52).decode(data)
    assert info.value.kind == kind


def test_out_of_order_frame():
    dec = pmd.PmdAccDecoder(fs=52)
    dec.decode(h(RAW1_HEADER + RAW1_PAYLOAD))
    with pytest.raises(FrameError) as info:
        dec.decode(h(RAW1_HEADER + RAW1_PAYLOAD))
    assert info.value.kind == "out_of_order"


def test_commands_match_documented_bytes():
    acc200 = {ST.SAMPLE_RATE: 200, ST.RESOLUTION: 16, ST.RANGE: 8}
    assert pmd.build_start(MT.ACC, acc200) == h("02 02 00 01 C8 00 01 01 10 00 02 01 08 00")
    assert pmd.build_start(MT.ACC, {**acc200, ST.SAMPLE_RATE: 52}) == h(
        "02 02 00 01 34 00 01 01 10 00 02 01 08 00"
    )
    assert pmd.build_start(MT.ACC, {**acc200, ST.CHANNELS: 3}).endswith(h("04 01 03"))
    assert pmd.build_stop(MT.ACC) == h("03 02")
    assert pmd.build_get_settings(MT.ACC) == h("01 02")
    # third-party cross-check (ECG 130 Hz 14-bit)
    assert pmd.build_start(MT.ECG, {ST.SAMPLE_RATE: 130, ST.RESOLUTION: 14}) == h(
        "02 00 00 01 82 00 01 01 0E 00"
    )
    assert pmd.build_stop(MT.ECG) == h("03 00")
    with pytest.raises(ValueError, match="FACTOR"):
        pmd.build_start(MT.ACC, {ST.FACTOR: 1.0})


def test_settings_reply_vector():
    params = h("00 01 34 00 01 01 10 00 02 04 F5 00 F4 01 E8 03 D0 07 04 01 03")
    s = pmd.parse_settings(params)
    assert s == {
        ST.SAMPLE_RATE: (52,),
        ST.RESOLUTION: (16,),
        ST.RANGE: (245, 500, 1000, 2000),
        ST.CHANNELS: (3,),
    }
    assert pmd.encode_settings(s) == params


def test_settings_errors():
    with pytest.raises(FrameError, match="unknown"):
        pmd.parse_settings(h("09 01 00"))
    with pytest.raises(FrameError, match="past the end"):
        pmd.parse_settings(h("00 02 34 00"))


def test_cp_response_vectors():
    r = pmd.parse_cp_message(h("F0 01 02 00 00 FF FF FF"))
    assert (r.op, r.mtype, r.status, r.more, r.params) == (1, 2, 0, False, h("FF FF FF"))
    assert r.ok
    r = pmd.parse_cp_message(h("F0 01 06 07 00"))
    assert (r.mtype, r.status, r.params, r.ok) == (6, 7, b"", False)
    assert r.status_name == "INVALID_RESOLUTION"
    stopped = pmd.parse_cp_message(h("01 02"))
    assert stopped == pmd.MeasurementStopped((2,))
    with pytest.raises(FrameError):
        pmd.parse_cp_message(h("F0 01"))
    with pytest.raises(FrameError):
        pmd.parse_cp_message(h("AA 01 02 00 00"))


def test_start_response_factor_round_trip():
    params = pmd.encode_settings({ST.FACTOR: (2.44e-4,)})
    raw = pmd.build_cp_response(pmd.ControlOp.START, MT.ACC, params=params)
    r = pmd.parse_cp_message(raw)
    assert r.factor == pytest.approx(2.44e-4, rel=1e-7)
    assert pmd.parse_cp_message(pmd.build_cp_response(2, 2, 9, params)).params == b""


def test_features_round_trip():
    raw = pmd.build_features([MT.ACC, MT.PPG, MT.SDK_MODE])
    assert raw[1] == 0x06 and raw[2] == 0x02
    assert pmd.parse_features(raw) == {MT.ACC, MT.PPG, MT.SDK_MODE}


def test_sample_times_integer_exact_at_modern_epochs():
    t_prev = 800_000_000_123_456_789
    t = pmd.sample_times_ns(t_prev + 3, 3, t_prev=t_prev, fs=52)
    np.testing.assert_array_equal(t - t_prev, [1, 2, 3])


@pytest.mark.parametrize("frame_type", [0x00, 0x01, 0x02, 0x80, 0x81])
def test_encode_decode_round_trip_random(frame_type):
    rng = np.random.default_rng(1234 + frame_type)
    factor = 1.0 / 4096 if frame_type == 0x80 else 1.0
    fs = 104.0
    dec = pmd.PmdAccDecoder(fs=fs, factor=factor)
    t_last = 700_000_000_000_000_000
    for n in (1, 2, 17, 300):
        lim = 120 if frame_type == 0x00 else 8000
        acc_mg = np.cumsum(rng.integers(-lim // 10, lim // 10, size=(n, 3)), axis=0).clip(-lim, lim)
        acc = acc_mg * MG_TO_MPS2
        counts = pmd.quantize_acc(acc, frame_type=frame_type, factor=factor)
        t_last += round(n * 1e9 / fs)
        raw = pmd.encode_acc_frame(t_last, counts, frame_type=frame_type)
        out = dec.decode(raw)
        assert out.frame_type == frame_type
        step = 1000 * factor if frame_type == 0x80 else 1.0
        np.testing.assert_allclose(out.acc_mg, counts * step, rtol=0, atol=1e-9)
        np.testing.assert_allclose(out.acc_mg, acc_mg, atol=step / 2 + 1e-9)
        assert out.time_ns[-1] == t_last + pmd.POLAR_EPOCH_UNIX_NS


def test_delta_blocks_split_and_wide_deltas():
    rng = np.random.default_rng(7)
    counts = rng.integers(-32768, 32767, size=(600, 3))
    raw = pmd.encode_acc_frame(10**12, counts, frame_type=0x81, block_size=100)
    out = pmd.decode_acc_payload(0x81, raw[10:])
    np.testing.assert_array_equal(out, counts)


def test_gap_in_time_stamps_is_spaced_at_fs_and_counted():
    fs = 50.0
    dec = pmd.PmdAccDecoder(fs=fs)
    counts = np.zeros((10, 3), dtype=np.int64)
    dec.decode(pmd.encode_acc_frame(10**12, counts))
    later = 10**12 + 10 * 10**9  # 10 s later: 500 samples, 10 received
    out = dec.decode(pmd.encode_acc_frame(later, counts))
    assert out.samples_lost == 490
    np.testing.assert_allclose(np.diff(out.time_ns), 1e9 / fs, atol=1)


def test_doctests():
    assert doctest.testmod(pmd).failed == 0


def test_factor_is_float32_in_tlv():
    assert pmd.encode_settings({ST.FACTOR: (0.5,)}) == bytes([5, 1]) + struct.pack("<f", 0.5)
