"""Property tests of the BLE codecs, and the PMD decoder's handling of bad time stamps.

Whatever bytes arrive, the pure decoders (:mod:`tremor.ble.pmd`, :mod:`tremor.ble.microbit`,
:mod:`tremor.ble.diy`) return a result or raise :class:`~tremor.errors.FrameError`; nothing else
escapes into the live stream. Hypothesis prints any failing input.
"""

from __future__ import annotations

import contextlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tremor.ble import diy, microbit, pmd
from tremor.errors import FrameError, TremorError

_SETTINGS = settings(max_examples=150, deadline=None)
_COUNTS = np.array([[1, -2, 1000], [3, 4, 999], [-5, 6, 1001]], dtype=np.int64)


def _frames() -> st.SearchStrategy[bytes]:
    """Random bytes, and valid ACC frames with random stamps, types and tails."""
    valid = st.builds(
        lambda ts, ftype, cut, extra: pmd.encode_acc_frame(ts, _COUNTS, frame_type=ftype)[:cut] + extra,
        st.integers(0, 2**64 - 1),
        st.sampled_from([0x00, 0x01, 0x02, 0x80, 0x81]),
        st.integers(0, 64),
        st.binary(max_size=8),
    )
    header = st.builds(
        lambda ts, tail: bytes([2]) + ts.to_bytes(8, "little") + tail,
        st.integers(0, 2**64 - 1),
        st.binary(max_size=40),
    )
    return st.one_of(st.binary(max_size=60), valid, header)


@_SETTINGS
@given(
    frames=st.lists(_frames(), min_size=1, max_size=6),
    arrivals=st.lists(st.integers(0, 2**62), min_size=6, max_size=6),
    use_arrival=st.booleans(),
    fs=st.sampled_from([25.0, 52.0, 200.0, 1600.0]),
)
def test_pmd_decoder_raises_only_frame_errors(frames, arrivals, use_arrival, fs):
    dec = pmd.PmdAccDecoder(fs=fs, factor=0.001, resolution=16)
    for frame, arrival in zip(frames, arrivals):
        try:
            out = dec.decode(frame, arrival if use_arrival else None)
        except FrameError:
            continue
        assert out.time_ns.dtype == np.int64 and out.acc_mg.shape[1] == 3
        assert np.all(np.diff(out.time_ns) >= 0)


@_SETTINGS
@given(data=st.binary(max_size=80))
def test_pmd_control_point_parsers_raise_only_frame_errors(data):
    for parse in (pmd.parse_cp_message, pmd.parse_features, pmd.parse_settings, pmd.parse_frame_header):
        with contextlib.suppress(FrameError):
            parse(data)
    for ftype in (0x00, 0x01, 0x02, 0x80, 0x81, 0x7F):
        with contextlib.suppress(FrameError):
            pmd.decode_acc_payload(ftype, data)


@_SETTINGS
@given(frames=st.lists(st.binary(max_size=40), min_size=1, max_size=6), arrival=st.integers(0, 2**62))
def test_microbit_and_diy_decoders_raise_only_frame_errors(frames, arrival):
    dec = diy.DiyDecoder(fs=100.0)
    for data in frames:
        for decode in (
            microbit.decode_sample,
            microbit.decode_period,
            diy.decode_frame,
            diy.DiyConfig.from_bytes,
            diy.parse_command,
        ):
            with contextlib.suppress(FrameError):
                decode(data)
        with contextlib.suppress(FrameError):
            dec.decode(data, arrival)


# ------------------------------------------------------------------ one bad stamp must not blind it
FS = 52.0
SPAN_NS = round(len(_COUNTS) * 1e9 / FS)


def _good(k: int) -> bytes:
    return pmd.encode_acc_frame(10**12 + k * SPAN_NS, _COUNTS)


def test_frame_stamped_far_in_the_future_is_dropped_not_blinding():
    dec = pmd.PmdAccDecoder(fs=FS)
    dec.decode(_good(0))
    with pytest.raises(FrameError) as e:
        dec.decode(pmd.encode_acc_frame(10**12 + 10**15, _COUNTS))  # 11.6 days ahead
    assert e.value.kind == "out_of_order" and "implausibly" in str(e.value)
    accepted = 0
    for k in range(1, 1001):
        dec.decode(_good(k))  # would raise FrameError if the bad stamp had been taken as the anchor
        accepted += 1
    assert accepted == 1000 and dec.n_time_rejected == 1


def test_accepted_bogus_stamp_is_left_behind_after_agreeing_frames():
    """A jump judged plausible without arrival times, then the real clock: resynchronised, drops counted."""
    dec = pmd.PmdAccDecoder(fs=FS, resync_frames=3)
    dec.decode(_good(0))
    dec.decode(pmd.encode_acc_frame(10**12 + 100 * 10**9, _COUNTS))  # 100 s ahead: possible, taken
    outcomes = []
    for k in range(1, 40):
        try:
            dec.decode(_good(k))
            outcomes.append("ok")
        except FrameError as exc:
            assert exc.kind == "out_of_order"
            outcomes.append("drop")
    assert outcomes[:2] == ["drop", "drop"] and set(outcomes[2:]) == {"ok"}
    assert dec.n_resyncs == 1 and dec.n_time_rejected == 2


def test_jump_judged_against_arrival_times():
    dec = pmd.PmdAccDecoder(fs=FS)
    t_arr = 5 * 10**18
    dec.decode(_good(0), t_arr)
    with pytest.raises(FrameError, match="implausibly"):
        dec.decode(pmd.encode_acc_frame(10**12 + 60 * 10**9, _COUNTS), t_arr + 10**8)  # 60 s in 0.1 s
    out = dec.decode(pmd.encode_acc_frame(10**12 + 60 * 10**9, _COUNTS), t_arr + 60 * 10**9)  # after 60 s
    assert out.samples_lost > 0


@pytest.mark.parametrize("stamp", [2**63 - 1, 2**63, 2**64 - 1, 2**63 - 1 - pmd.POLAR_EPOCH_UNIX_NS + 1])
def test_stamps_beyond_int64_unix_ns_are_corrupt_frames(stamp):
    dec = pmd.PmdAccDecoder(fs=FS)
    with pytest.raises(FrameError, match="64-bit") as e:
        dec.decode(pmd.encode_acc_frame(stamp, _COUNTS))
    assert e.value.kind == "corrupt"


def test_largest_valid_stamp_does_not_wrap():
    stamp = 2**63 - 1 - pmd.POLAR_EPOCH_UNIX_NS
    out = pmd.PmdAccDecoder(fs=FS).decode(pmd.encode_acc_frame(stamp, _COUNTS))
    assert out.time_ns[-1] == 2**63 - 1 and np.all(out.time_ns > 0)


def test_frame_error_is_importable_from_errors_as_documented():
    from tremor.ble import FrameError as BleFrameError

    assert BleFrameError is FrameError and issubclass(FrameError, TremorError)


def test_time_stamp_refusals_and_resyncs_reach_the_stream_stats_and_the_status(tmp_path):
    """The decoder's n_time_rejected / n_resyncs are counted as such, not as out-of-order frames."""
    from tremor.ble import BandStream
    from tremor.ble.profiles import PmdSession
    from tremor.live.display import status_line
    from tremor.live.session import LiveSession

    stream = BandStream("Polar Sense EMU", profile="pmd")
    session = PmdSession()
    session.decoder = pmd.PmdAccDecoder(fs=FS, resync_frames=3)
    stream._session = session
    arrival = 5 * 10**18
    assert stream._decode(_good(0), arrival) is not None
    jumped = [pmd.encode_acc_frame(10**12 + 100 * 10**9 + k * SPAN_NS, _COUNTS) for k in range(1, 6)]
    out = [
        stream._decode(f, arrival + k * SPAN_NS) for k, f in enumerate(jumped, 1)
    ]  # the band's clock jumps 100 s
    assert [o is None for o in out] == [True, True, False, False, False]  # two refused, the third re-anchors
    stream._decode(pmd.encode_acc_frame(10**12, _COUNTS), arrival + 6 * SPAN_NS)  # behind the previous frame
    s = stream.stats
    assert (s.frames_time_rejected, s.resyncs, s.frames_out_of_order, s.frames_corrupt) == (3, 1, 0, 0)
    q = LiveSession(stream, tmp_path / "x.tlog").link_quality()
    assert (q.frames_bad, q.frames_time_rejected, q.resyncs) == (3, 3, 1)
    assert "skipped 3 (3 bad time stamp(s), 1 resync(s))" in status_line(
        LiveSession(stream, tmp_path / "y.tlog").view()
    )
