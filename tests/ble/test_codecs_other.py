"""micro:bit and DIY profile codecs, commands module, and the curated public API."""

from __future__ import annotations

import types

import numpy as np
import pytest
from ble_helpers import expected_sine, run, sine_chunks

import tremor.ble as ble
from tremor.ble import BandStream, LinkGap, SampleChunk, diy, microbit
from tremor.ble._common import MG_TO_MPS2, FrameError
from tremor.ble.commands import format_devices, open_emulator, run_emulate, run_scan

G = 9.80665


def test_microbit_sample_is_signed_mg():
    raw = bytes.fromhex("F7FF FFFF E703")  # -9, -1, 999 mG, as int16 (firmware says uint16)
    np.testing.assert_allclose(
        microbit.decode_sample(raw), [[-9 * MG_TO_MPS2, -MG_TO_MPS2, 999 * MG_TO_MPS2]]
    )
    assert microbit.encode_sample([-9 * MG_TO_MPS2, -MG_TO_MPS2, 999 * MG_TO_MPS2]) == raw
    for bad, kind in ((b"\x00" * 5, "short"), (b"\x00" * 7, "corrupt")):
        with pytest.raises(FrameError) as info:
            microbit.decode_sample(bad)
        assert info.value.kind == kind


def test_microbit_period():
    assert microbit.decode_period(microbit.encode_period(20)) == 20
    assert (
        microbit.nearest_period(15) == 10
        and microbit.nearest_period(60) == 80
        and microbit.nearest_period(50) == 20
    )
    with pytest.raises(ValueError):
        microbit.encode_period(0)


def test_diy_config_and_commands_round_trip():
    cfg = diy.DiyConfig(100, 8, (25, 50, 100, 200), (2, 4, 8, 16), streaming=True)
    raw = cfg.to_bytes()
    assert raw[:6] == bytes([1, 1, 100, 0, 8, 4])
    assert diy.DiyConfig.from_bytes(raw) == cfg
    with pytest.raises(FrameError):
        diy.DiyConfig.from_bytes(raw[:-1])
    assert diy.build_start(200, 8) == bytes([0x01, 0xC8, 0x00, 0x08])
    assert diy.parse_command(diy.build_start(200, 8)) == (1, 200, 8)
    assert diy.parse_command(diy.build_stop()) == (2, None, None)
    with pytest.raises(FrameError):
        diy.parse_command(b"\x01\x02")


def test_diy_frame_layout_and_round_trip():
    acc = np.array([[0.0, 1.0, G], [-G, 2.5, -0.5]])
    raw = diy.encode_frame(7, acc, scale_ug=diy.scale_ug_for_range(8))
    assert raw[0] == 1 and int.from_bytes(raw[1:5], "little") == 7
    assert int.from_bytes(raw[5:7], "little") == 245 and len(raw) == 7 + 12
    frame = diy.decode_frame(raw)
    assert frame.index == 7
    np.testing.assert_allclose(frame.acc_mps2, acc, atol=245e-6 * G / 2)
    for bad in (raw[:10], raw + b"\x00", b"\x02" + raw[1:]):
        with pytest.raises(FrameError):
            diy.decode_frame(bad)


def test_diy_decoder_counts_lost_samples_and_times_from_index():
    dec = diy.DiyDecoder(fs=100)
    z = np.zeros((5, 3))
    t0, _, lost0 = dec.decode(diy.encode_frame(0, z, scale_ug=245), arrival_ns=10**18)
    assert lost0 == 0 and t0[-1] == 10**18
    t1, _, lost1 = dec.decode(diy.encode_frame(15, z, scale_ug=245), arrival_ns=0)  # 10 samples lost
    assert lost1 == 10
    np.testing.assert_array_equal(t1 - t0[0], np.arange(15, 20) * 10_000_000)
    with pytest.raises(FrameError) as info:
        dec.decode(diy.encode_frame(3, z, scale_ug=245), arrival_ns=0)
    assert info.value.kind == "out_of_order"
    # u32 wrap-around keeps counting
    dec = diy.DiyDecoder(fs=100)
    dec.decode(diy.encode_frame(2**32 - 5, z, scale_ug=245), arrival_ns=0)
    _, _, lost = dec.decode(diy.encode_frame(0, z, scale_ug=245), arrival_ns=0)
    assert lost == 0


def test_format_devices():
    from tremor.ble import DeviceInfo

    lines = format_devices([DeviceInfo("Polar Sense EMU", "F0:00:00:00:00:01", "pmd", -50, None)])
    assert lines[0].split() == ["name", "address", "profile", "rssi"]
    assert "Polar Sense EMU  F0:00:00:00:00:01  pmd" in lines[1]


def test_commands_run_scan_and_run_emulate_with_consumer():
    out: list[str] = []

    async def consume(handle):
        await run_scan(0.2, backend=handle.backends, write=out.append)
        async with BandStream(handle.name, backend=handle.backends) as stream:
            items = []
            async for item in stream:
                items.append(item)
                if len(items) == 8:
                    return items

    items = run(run_emulate(sine_chunks(52), "pmd", fs=52, pace=4.0, consume=consume, write=out.append))
    assert out[0].startswith("emulating 'Polar Sense EMU' (pmd)")
    assert "Polar Sense EMU" in out[2] and "pmd" in out[2]
    assert all(isinstance(i, SampleChunk) for i in items)
    t = np.concatenate([c.device_time_ns for c in items])
    np.testing.assert_allclose(
        np.concatenate([c.acc_mps2 for c in items]), expected_sine(t), atol=8 * G / 32768
    )


def test_default_pace_is_real_time():
    async def main():
        async with open_emulator(sine_chunks(52), "pmd", fs=52) as handle:
            async with BandStream(handle.name, backend=handle.backends) as stream:
                chunks = []
                async for item in stream:
                    chunks.append(item)
                    if len(chunks) == 6:
                        break
        return chunks

    chunks = run(main())
    wall = (chunks[-1].arrival_ns - chunks[0].arrival_ns) / 1e9
    device = (chunks[-1].device_time_ns[-1] - chunks[0].device_time_ns[-1]) / 1e9
    assert device == pytest.approx(wall, abs=0.05)


def test_public_api_is_curated():
    names = {n for n in dir(ble) if not n.startswith("_")}
    modules = {n for n in names if isinstance(getattr(ble, n), types.ModuleType)} | {"annotations"}
    assert set(ble.__all__) == names - modules
    assert LinkGap in vars(ble).values()


def test_diy_doc_examples_match_the_codec():
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "ble-diy-profile.md").read_text()
    cfg = diy.DiyConfig(100, 8, (25, 50, 100, 200), (2, 4, 8, 16), streaming=True).to_bytes()
    frame = diy.encode_frame(7, np.array([[0, 1, G], [-G, 2.5, -0.5]]), scale_ug=245)
    assert f"`{cfg.hex(' ').upper()}`" in doc
    assert f"`{frame.hex(' ').upper()}`" in doc
    assert diy.DIY_SERVICE_UUID in doc and diy.DIY_CONFIG_UUID in doc and diy.DIY_DATA_UUID in doc
