"""Polar Measurement Data (PMD) codec: control-point commands, replies and ACC frames.

Pure functions over ``bytes`` and NumPy arrays, no I/O. Written from the protocol
facts in ``shared/protocols/BLE-PROTOCOLS.md`` §1 (Polar BLE SDK behaviour,
re-implemented, no SDK code). Polar devices and the SDK are not intended for
medical use (Polar SDK licence §3.2); neither is this module.

Layout:

- constants: UUIDs, the Polar epoch, the frame header;
- control point (in :mod:`tremor.ble.pmd_control`, re-exported here): :class:`MeasurementType`,
  :class:`ControlOp`, :class:`PmdStatus`, :class:`SettingType`, :func:`build_get_settings`,
  :func:`build_start`, :func:`build_stop`, :func:`encode_settings` / :func:`parse_settings`,
  :func:`parse_cp_message` / :func:`build_cp_response`, :func:`parse_features` /
  :func:`build_features`;
- data frames (this module): :func:`parse_frame_header`, :func:`decode_acc_payload`,
  :func:`sample_times_ns`, the stateful :class:`PmdAccDecoder`, and the encoders
  :func:`encode_acc_frame` / :func:`quantize_acc` used by the emulator.

Units: decoded accelerations are milli-g (``*_mg``) or m/s^2 (``*_mps2``,
mG x 9.80665e-3). Device time stamps are int64 nanoseconds; frames carry
nanoseconds since 2000-01-01T00:00:00 (the "Polar epoch"), converted to Unix
time with :data:`POLAR_EPOCH_UNIX_NS`.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

import numpy as np

from ._common import MG_TO_MPS2, FrameError, hexdump
from .pmd_control import (
    ControlOp,
    CpResponse,
    MeasurementStopped,
    MeasurementType,
    PmdStatus,
    SettingType,
    build_cp_response,
    build_features,
    build_get_settings,
    build_start,
    build_stop,
    encode_settings,
    parse_cp_message,
    parse_features,
    parse_settings,
)

__all__ = [
    "PMD_SERVICE_UUID",
    "PMD_CP_UUID",
    "PMD_DATA_UUID",
    "POLAR_EPOCH_UNIX_NS",
    "MeasurementType",
    "ControlOp",
    "PmdStatus",
    "SettingType",
    "CpResponse",
    "MeasurementStopped",
    "AccFrame",
    "build_get_settings",
    "build_start",
    "build_stop",
    "encode_settings",
    "parse_settings",
    "parse_cp_message",
    "build_cp_response",
    "parse_features",
    "build_features",
    "parse_frame_header",
    "decode_acc_payload",
    "sample_times_ns",
    "PmdAccDecoder",
    "quantize_acc",
    "encode_acc_frame",
]

PMD_SERVICE_UUID = "fb005c80-02e7-f387-1cad-8acd2d8df0c8"
PMD_CP_UUID = "fb005c81-02e7-f387-1cad-8acd2d8df0c8"
PMD_DATA_UUID = "fb005c82-02e7-f387-1cad-8acd2d8df0c8"

#: Nanoseconds from the Unix epoch to 2000-01-01T00:00:00 UTC (946 684 800 s).
POLAR_EPOCH_UNIX_NS = 946_684_800 * 1_000_000_000

_HEADER = struct.Struct("<BQB")  # measurement type, timestamp, frame type
#: Largest frame stamp (Polar-epoch ns) whose Unix time still fits in int64 ns (year 2262).
_MAX_STAMP = 2**63 - 1 - POLAR_EPOCH_UNIX_NS
HEADER_SIZE = _HEADER.size  # 10


# --------------------------------------------------------------------------- frames
def parse_frame_header(frame: bytes) -> tuple[int, int, int]:
    """Return ``(measurement type, timestamp in Polar-epoch ns, frame type byte)``."""
    if len(frame) < HEADER_SIZE:
        raise FrameError(
            "PMD data frame shorter than its 10-byte header",
            found=hexdump(frame),
            kind="short",
        )
    mtype, ts, ftype = _HEADER.unpack_from(frame, 0)
    return mtype & 0x3F, ts, ftype


def _signed_le(raw: np.ndarray, nbytes: int) -> np.ndarray:
    """Little-endian signed integers of ``nbytes`` each from a uint8 array."""
    b = raw.reshape(-1, nbytes).astype(np.int64)
    vals = np.zeros(b.shape[0], dtype=np.int64)
    for k in range(nbytes):
        vals |= b[:, k] << (8 * k)
    sign = np.int64(1) << (8 * nbytes - 1)
    return (vals ^ sign) - sign


def _read_fields(buf: np.ndarray, width: int, nfields: int) -> np.ndarray:
    """``nfields`` two's-complement fields of ``width`` bits, LSB-first in each byte."""
    if width == 0:
        return np.zeros(nfields, dtype=np.int64)
    bits = np.unpackbits(buf, bitorder="little")[: width * nfields]
    weights = np.int64(1) << np.arange(width, dtype=np.int64)
    vals = bits.reshape(nfields, width).astype(np.int64) @ weights
    return vals - ((vals >> (width - 1)) << width)


def _decode_delta(payload: bytes, resolution: int, channels: int) -> np.ndarray:
    nbytes = -(-resolution // 8)
    ref_size = channels * nbytes
    if len(payload) < ref_size:
        raise FrameError(
            "compressed frame shorter than its reference sample",
            expected=f">= {ref_size} payload bytes",
            found=str(len(payload)),
            kind="short",
        )
    buf = np.frombuffer(payload, dtype=np.uint8)
    blocks = [_signed_le(buf[:ref_size], nbytes).reshape(1, channels)]
    pos = ref_size
    while pos < len(payload):
        if pos + 2 > len(payload):
            raise FrameError(
                "delta block header cut off", found=f"{len(payload) - pos} byte(s) left", kind="short"
            )
        width, count = payload[pos], payload[pos + 1]
        if width > 32:
            raise FrameError("delta bit width out of range", expected="0..32", found=str(width))
        nfields = count * channels
        size = -(-(width * nfields) // 8)
        if pos + 2 + size > len(payload):
            raise FrameError(
                "delta block runs past the end of the frame",
                expected=f"{size} bytes for {count} samples x {width} bits",
                found=f"{len(payload) - pos - 2}",
                kind="short",
            )
        blocks.append(_read_fields(buf[pos + 2 : pos + 2 + size], width, nfields).reshape(count, channels))
        pos += 2 + size
    return np.cumsum(np.concatenate(blocks, axis=0), axis=0)


_RAW_SIZES = {0x00: 1, 0x01: 2, 0x02: 3}


def decode_acc_payload(
    frame_type: int,
    payload: bytes,
    *,
    factor: float = 1.0,
    resolution: int = 16,
    channels: int = 3,
) -> np.ndarray:
    """Decode an ACC payload into milli-g, shape ``(n, channels)``, float64.

    Raw types ``0x00``/``0x01``/``0x02`` (int8/16/24) are mG as they are. Compressed
    ``0x80`` gives integers x ``factor`` = g (x 1000 here); ``0x81`` gives mG,
    scaled by ``factor`` only when it is not 1. Unlike the SDK nothing is
    truncated to whole mG.
    """
    if frame_type in _RAW_SIZES:
        size = _RAW_SIZES[frame_type] * channels
        if len(payload) % size:
            raise FrameError(
                f"raw ACC payload is not a whole number of {size}-byte samples",
                found=f"{len(payload)} bytes",
                kind="short",
            )
        ints = _signed_le(np.frombuffer(payload, dtype=np.uint8), _RAW_SIZES[frame_type])
        return ints.reshape(-1, channels).astype(np.float64)
    if frame_type == 0x80:
        return _decode_delta(payload, resolution, channels) * (np.float64(factor) * 1000.0)
    if frame_type == 0x81:
        ints = _decode_delta(payload, resolution, channels).astype(np.float64)
        return ints if factor == 1.0 else ints * np.float64(factor)
    raise FrameError("unsupported ACC frame type", expected="00, 01, 02, 80 or 81", found=f"{frame_type:02X}")


def _round_div(num: np.ndarray, den: int) -> np.ndarray:
    """Integer ``num / den`` rounded half to even (as Kotlin's ``round``)."""
    q, r = np.divmod(num, den)
    up = (2 * r > den) | ((2 * r == den) & (q % 2 == 1))
    return q + up


def sample_times_ns(t_now: int, n: int, *, t_prev: int | None, fs: float) -> np.ndarray:
    """Per-sample time stamps of a frame whose last sample is at ``t_now``.

    Samples are spread evenly between the previous frame's stamp and this one,
    ``t_prev + round(i * (t_now - t_prev) / n)`` for ``i = 1..n``; with no previous
    frame they are ``1/fs`` apart, ending at ``t_now``. Integer arithmetic, so
    nanoseconds survive (a float64 cannot hold them at 2025 epoch values).
    """
    if n <= 0:
        return np.zeros(0, dtype=np.int64)
    i = np.arange(1, n + 1, dtype=np.int64)
    if t_prev is None:
        period = 1e9 / fs
        back = np.rint((n - i) * period).astype(np.int64)
        return np.int64(t_now) - back
    return np.int64(t_prev) + _round_div(i * np.int64(t_now - t_prev), n)


@dataclass(frozen=True)
class AccFrame:
    """One decoded ACC frame.

    ``time_ns`` is Unix time (ns) on the device clock, ``acc_mg``/``acc_mps2`` are
    ``(n, 3)``; ``samples_lost`` estimates samples missing just before this frame
    (from a time-stamp jump), 0 normally.
    """

    time_ns: np.ndarray
    acc_mg: np.ndarray
    frame_type: int
    samples_lost: int = 0

    @property
    def acc_mps2(self) -> np.ndarray:
        return self.acc_mg * MG_TO_MPS2


class PmdAccDecoder:
    """Stateful ACC frame decoder: keeps the previous time stamp across frames.

    Parameters
    ----------
    fs : float
        Sample rate in Hz the stream was started with (spacing of the first frame,
        and of a frame after a time-stamp jump).
    factor : float
        FACTOR from the start response (compressed frames only).
    resolution : int
        Bits per reference sample of compressed frames.
    gap_factor : float
        A frame whose stamp is more than ``gap_factor`` frame-durations after the
        previous one is treated as following a gap: its samples get ``1/fs``
        spacing (the SDK would stretch them over the gap) and
        :attr:`AccFrame.samples_lost` estimates what was missed.
    max_jump_s : float
        Largest forward jump of the device clock accepted between two frames when
        arrival times are not known. With arrival times, a jump is implausible when
        the device clock ran more than ``jump_slack_s`` (plus 1 %) ahead of the host
        clock between the two frames.
    jump_slack_s : float
        Allowance for delivery jitter and clock drift in that comparison.
    resync_frames : int
        After frames were refused for their time stamps, this many consecutive frames
        that agree with each other (each after the previous, at a plausible spacing)
        re-anchor the decoder on them: one bad stamp cannot blind it.

    Notes
    -----
    A frame refused for its time stamp raises :class:`FrameError` (``kind``
    ``"out_of_order"``), is counted in :attr:`n_time_rejected`, and leaves the
    decoder anchored on the last good frame; :attr:`n_resyncs` counts re-anchorings.
    Stamps whose Unix time would not fit in int64 nanoseconds are refused as corrupt.
    """

    def __init__(
        self,
        *,
        fs: float,
        factor: float = 1.0,
        resolution: int = 16,
        channels: int = 3,
        gap_factor: float = 3.0,
        max_jump_s: float = 600.0,
        jump_slack_s: float = 5.0,
        resync_frames: int = 3,
    ) -> None:
        if not fs > 0:
            raise ValueError(f"fs must be a positive rate in Hz, got {fs!r}")
        if not resync_frames >= 2:
            raise ValueError(f"resync_frames must be at least 2, got {resync_frames!r}")
        self.fs = float(fs)
        self.factor = float(factor)
        self.resolution = int(resolution)
        self.channels = int(channels)
        self.gap_factor = float(gap_factor)
        self.max_jump_ns = int(max_jump_s * 1e9)
        self.jump_slack_ns = int(jump_slack_s * 1e9)
        self.resync_frames = int(resync_frames)
        self.prev_ts: int | None = None
        self.prev_arrival_ns: int | None = None
        self.n_time_rejected = 0
        self.n_resyncs = 0
        self._candidates: list[tuple[int, int | None, int]] = []  # (stamp, arrival, samples)

    def reset(self) -> None:
        """Forget the previous frame (after a reconnection)."""
        self.prev_ts = None
        self.prev_arrival_ns = None
        self._candidates = []

    def _plausible(self, prev: int, prev_arrival: int | None, ts: int, arrival_ns: int | None) -> bool:
        """Is a frame stamped ``ts`` a believable successor of one stamped ``prev``?"""
        if ts <= prev:
            return False
        jump = ts - prev
        if arrival_ns is not None and prev_arrival is not None:
            elapsed = max(0, arrival_ns - prev_arrival)
            return jump <= elapsed + elapsed // 100 + self.jump_slack_ns
        return jump <= self.max_jump_ns

    def decode(self, frame: bytes, arrival_ns: int | None = None) -> AccFrame:
        """Decode one notification; raises :class:`FrameError` and keeps state on bad frames.

        Parameters
        ----------
        frame : bytes
            The notification.
        arrival_ns : int or None
            Host clock (ns) when it arrived; lets implausible clock jumps be judged
            against the time that really passed.
        """
        frame = bytes(frame)
        mtype, ts, ftype = parse_frame_header(frame)
        if mtype != MeasurementType.ACC:
            raise FrameError("not an ACC frame", expected="type 2", found=str(mtype))
        if ts > _MAX_STAMP:
            raise FrameError(
                "frame time stamp beyond what 64-bit Unix nanoseconds can hold",
                expected=f"<= {_MAX_STAMP}",
                found=str(ts),
            )
        mg = decode_acc_payload(
            ftype, frame[HEADER_SIZE:], factor=self.factor, resolution=self.resolution, channels=self.channels
        )
        n = mg.shape[0]
        prev = self.prev_ts
        lost = 0
        if prev is not None and not self._plausible(prev, self.prev_arrival_ns, ts, arrival_ns):
            if self._resynced(ts, arrival_ns, n):
                prev = self._candidates[-2][0]
                self._candidates = []
                self.n_resyncs += 1
            else:
                self.n_time_rejected += 1
                what = "not after the previous frame's" if ts <= prev else "jumps implausibly far ahead"
                raise FrameError(
                    f"frame time stamp {what} (frame dropped; {self.resync_frames} agreeing frames resynchronise)",
                    expected=f"> {prev}" if ts <= prev else f"about {prev} + the time elapsed",
                    found=str(ts),
                    kind="out_of_order",
                )
        if prev is not None:
            expected_span = n * 1e9 / self.fs
            if ts - prev > self.gap_factor * expected_span:
                lost = max(0, round((ts - prev) * self.fs / 1e9) - n)
                prev = None
        self._candidates = []
        times = sample_times_ns(ts, n, t_prev=prev, fs=self.fs) + POLAR_EPOCH_UNIX_NS
        self.prev_ts = ts
        self.prev_arrival_ns = arrival_ns
        return AccFrame(time_ns=times, acc_mg=mg, frame_type=ftype, samples_lost=lost)

    def _resynced(self, ts: int, arrival_ns: int | None, n: int) -> bool:
        """Add a refused frame to the run of candidates; True when the run is long enough to trust."""
        if self._candidates:
            c_ts, c_arrival, c_n = self._candidates[-1]
            span = max(n, c_n) * 1e9 / self.fs
            if not (self._plausible(c_ts, c_arrival, ts, arrival_ns) and ts - c_ts <= self.gap_factor * span):
                self._candidates = []
        self._candidates.append((ts, arrival_ns, n))
        return len(self._candidates) >= self.resync_frames


# --------------------------------------------------------------------------- encoder
def quantize_acc(acc_mps2: np.ndarray, *, frame_type: int, factor: float = 1.0) -> np.ndarray:
    """Integers a device would put in a frame of ``frame_type`` for ``acc_mps2`` (n, 3).

    Raw and ``0x81`` frames carry mG; ``0x80`` carries counts of ``factor`` g.
    Values are rounded to nearest and clipped to the integer type (raw) or int16
    (compressed references; deltas are unbounded).
    """
    mg = np.asarray(acc_mps2, dtype=np.float64) / MG_TO_MPS2
    if frame_type == 0x80:
        counts = mg / (1000.0 * np.float64(np.float32(factor)))
        lim = 2**15
    elif frame_type == 0x81:
        counts = mg if factor == 1.0 else mg / np.float64(np.float32(factor))
        lim = 2**15
    elif frame_type in _RAW_SIZES:
        counts = mg
        lim = 2 ** (8 * _RAW_SIZES[frame_type] - 1)
    else:
        raise ValueError(f"unsupported ACC frame type 0x{frame_type:02X}")
    return np.clip(np.rint(counts), -lim, lim - 1).astype(np.int64)


def _bits_needed(values: np.ndarray) -> int:
    if values.size == 0:
        return 1
    lo, hi = int(values.min()), int(values.max())
    width = 1
    while not (-(1 << (width - 1)) <= lo and hi < (1 << (width - 1))):
        width += 1
    return width


def _pack_fields(values: np.ndarray, width: int) -> bytes:
    u = values.astype(np.int64) & ((1 << width) - 1)
    bits = ((u[:, None] >> np.arange(width, dtype=np.int64)) & 1).astype(np.uint8).ravel()
    return np.packbits(bits, bitorder="little").tobytes()


def encode_acc_frame(
    t_last_ns: int,
    counts: np.ndarray,
    *,
    frame_type: int = 0x01,
    resolution: int = 16,
    block_size: int = 255,
) -> bytes:
    """Build an ACC data frame from integer ``counts`` (n, 3) (see :func:`quantize_acc`).

    ``t_last_ns`` is the time of the last sample in Polar-epoch ns. Compressed
    frames get one reference sample then delta blocks of at most ``block_size``
    samples, each with the smallest bit width that holds its deltas.
    """
    counts = np.asarray(counts, dtype=np.int64)
    if counts.ndim != 2 or counts.shape[0] == 0:
        raise ValueError(f"counts must be a non-empty (n, channels) array, got shape {counts.shape}")
    if not 0 < block_size < 256:
        raise ValueError(f"block_size must be 1..255, got {block_size}")
    head = _HEADER.pack(MeasurementType.ACC, int(t_last_ns), frame_type)
    if frame_type in _RAW_SIZES:
        nbytes = _RAW_SIZES[frame_type]
        flat = counts.ravel() & ((1 << (8 * nbytes)) - 1)
        raw = b"".join(int(v).to_bytes(nbytes, "little") for v in flat)
        return head + raw
    if frame_type not in (0x80, 0x81):
        raise ValueError(f"unsupported ACC frame type 0x{frame_type:02X}")
    nbytes = -(-resolution // 8)
    out = bytearray(head)
    for v in counts[0]:
        out += int(v).to_bytes(nbytes, "little", signed=True)
    deltas = np.diff(counts, axis=0)
    for start in range(0, deltas.shape[0], block_size):
        block = deltas[start : start + block_size]
        width = _bits_needed(block)
        out += bytes([width, block.shape[0]]) + _pack_fields(block.ravel(), width)
    return bytes(out)
