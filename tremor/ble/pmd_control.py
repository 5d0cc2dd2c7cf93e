"""Polar Measurement Data (PMD) control point: commands, replies, settings and features.

Pure functions over ``bytes``, no I/O. Split out of :mod:`tremor.ble.pmd`, which decodes and
encodes the ACC data frames and re-exports every name here, so ``pmd.build_start`` and the
like keep working. Written from the protocol facts in ``shared/protocols/BLE-PROTOCOLS.md`` §1
(Polar BLE SDK behaviour, re-implemented, no SDK code).

- constants: :class:`MeasurementType`, :class:`ControlOp`, :class:`PmdStatus`,
  :class:`SettingType`;
- commands: :func:`build_get_settings`, :func:`build_start`, :func:`build_stop`,
  :func:`encode_settings` / :func:`parse_settings`;
- replies: :func:`parse_cp_message` / :func:`build_cp_response`, :func:`parse_features` /
  :func:`build_features`.
"""

from __future__ import annotations

import enum
import struct
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ._common import FrameError, hexdump

__all__ = [
    "MeasurementType",
    "ControlOp",
    "PmdStatus",
    "SettingType",
    "CpResponse",
    "MeasurementStopped",
    "build_get_settings",
    "build_start",
    "build_stop",
    "encode_settings",
    "parse_settings",
    "parse_cp_message",
    "build_cp_response",
    "parse_features",
    "build_features",
]

_CP_RESPONSE_CODE = 0xF0
_CP_STOPPED_CODE = 0x01


class MeasurementType(enum.IntEnum):
    """PMD measurement types (low 6 bits of the type byte)."""

    ECG = 0
    PPG = 1
    ACC = 2
    PPI = 3
    GYRO = 5
    MAG = 6
    SKIN_TEMP = 7
    SDK_MODE = 9
    LOCATION = 10
    PRESSURE = 11
    TEMPERATURE = 12
    OFFLINE_RECORDING = 13
    OFFLINE_HR = 14


class ControlOp(enum.IntEnum):
    """Control-point op codes (client to device)."""

    GET_SETTINGS = 0x01
    START = 0x02
    STOP = 0x03
    GET_SDK_MODE_SETTINGS = 0x04
    GET_STATUS = 0x05
    GET_SDK_MODE_STATUS = 0x06


class PmdStatus(enum.IntEnum):
    """Status byte of a control-point response."""

    SUCCESS = 0
    INVALID_OP_CODE = 1
    INVALID_MEASUREMENT_TYPE = 2
    NOT_SUPPORTED = 3
    INVALID_LENGTH = 4
    INVALID_PARAMETER = 5
    ALREADY_IN_STATE = 6
    INVALID_RESOLUTION = 7
    INVALID_SAMPLE_RATE = 8
    INVALID_RANGE = 9
    INVALID_MTU = 10
    INVALID_NUMBER_OF_CHANNELS = 11
    INVALID_STATE = 12
    DEVICE_IN_CHARGER = 13
    DISK_FULL = 14


class SettingType(enum.IntEnum):
    """Setting types of the TLV encoding (value size in :data:`_SETTING_FORMATS`)."""

    SAMPLE_RATE = 0
    RESOLUTION = 1
    RANGE = 2
    RANGE_MILLIUNIT = 3
    CHANNELS = 4
    FACTOR = 5
    SECURITY = 6


_SETTING_FORMATS: dict[SettingType, str] = {
    SettingType.SAMPLE_RATE: "<H",
    SettingType.RESOLUTION: "<H",
    SettingType.RANGE: "<H",
    SettingType.RANGE_MILLIUNIT: "<I",
    SettingType.CHANNELS: "<B",
    SettingType.FACTOR: "<f",
    SettingType.SECURITY: "16s",
}

Settings = dict[SettingType, tuple[int | float | bytes, ...]]


# --------------------------------------------------------------------------- commands
def _type_byte(mtype: int, offline: bool) -> int:
    mtype = int(mtype)
    if not 0 <= mtype < 0x40:
        raise ValueError(f"measurement type must be in 0..63, got {mtype}")
    return mtype | (0x80 if offline else 0)


def build_get_settings(mtype: int = MeasurementType.ACC, *, offline: bool = False) -> bytes:
    """Command asking which settings the device offers for ``mtype``: ``01 <type>``."""
    return bytes([ControlOp.GET_SETTINGS, _type_byte(mtype, offline)])


def build_start(
    mtype: int,
    settings: Mapping[SettingType, int | float],
    *,
    offline: bool = False,
) -> bytes:
    """Start request: ``02 <type>`` then one TLV with count 1 per selected setting.

    Settings are written in ascending type order; FACTOR is never sent by a client
    and is rejected here.

    >>> build_start(MeasurementType.ACC, {SettingType.SAMPLE_RATE: 200,
    ...     SettingType.RESOLUTION: 16, SettingType.RANGE: 8}).hex(" ")
    '02 02 00 01 c8 00 01 01 10 00 02 01 08 00'
    """
    if SettingType.FACTOR in settings:
        raise ValueError("FACTOR is set by the device, a start request must not carry it")
    single = {SettingType(k): (v,) for k, v in settings.items()}
    return bytes([ControlOp.START, _type_byte(mtype, offline)]) + encode_settings(single)


def build_stop(mtype: int = MeasurementType.ACC, *, offline: bool = False) -> bytes:
    """Stop request: ``03 <type>``."""
    return bytes([ControlOp.STOP, _type_byte(mtype, offline)])


def encode_settings(settings: Mapping[SettingType, Sequence[int | float | bytes]]) -> bytes:
    """Encode settings as repeated ``[type][count][count x value]`` TLVs (ascending type)."""
    out = bytearray()
    for stype in sorted(SettingType(k) for k in settings):
        values = tuple(settings[stype])
        if not 0 < len(values) < 256:
            raise ValueError(f"setting {stype.name} needs 1..255 values, got {len(values)}")
        out += bytes([stype, len(values)])
        fmt = _SETTING_FORMATS[stype]
        for v in values:
            out += struct.pack(fmt, v)
    return bytes(out)


def parse_settings(data: bytes) -> Settings:
    """Parse settings TLVs into ``{SettingType: (values, ...)}``.

    >>> s = parse_settings(bytes.fromhex("00013400 01011000 0204F500F401E803D007 040103"))
    >>> s[SettingType.RANGE]
    (245, 500, 1000, 2000)

    Raises
    ------
    FrameError
        On an unknown setting type (its value size is unknown) or a truncated TLV.
    """
    out: Settings = {}
    pos = 0
    data = bytes(data)
    while pos < len(data):
        if pos + 2 > len(data):
            raise FrameError("settings TLV cut after its type byte", found=hexdump(data), kind="short")
        raw_type, count = data[pos], data[pos + 1]
        try:
            stype = SettingType(raw_type)
        except ValueError:
            raise FrameError(
                "unknown PMD setting type",
                expected="0..6",
                found=str(raw_type),
            ) from None
        fmt = struct.Struct(_SETTING_FORMATS[stype])
        end = pos + 2 + count * fmt.size
        if end > len(data):
            raise FrameError(
                f"settings TLV {stype.name} runs past the end",
                expected=f"{count * fmt.size} value bytes",
                found=f"{len(data) - pos - 2}",
                kind="short",
            )
        values = tuple(fmt.unpack_from(data, pos + 2 + i * fmt.size)[0] for i in range(count))
        out[stype] = out.get(stype, ()) + values
        pos = end
    return out


# --------------------------------------------------------------------------- replies
@dataclass(frozen=True)
class CpResponse:
    """A control-point response ``F0 <op> <type> <status> <more> <params...>``.

    ``params`` is only present on success; :attr:`settings` parses it as TLVs.
    """

    op: int
    mtype: int
    status: int
    more: bool
    params: bytes = b""

    @property
    def ok(self) -> bool:
        return self.status == PmdStatus.SUCCESS

    @property
    def status_name(self) -> str:
        try:
            return PmdStatus(self.status).name
        except ValueError:
            return f"UNKNOWN_{self.status}"

    @property
    def settings(self) -> Settings:
        return parse_settings(self.params) if self.params else {}

    @property
    def factor(self) -> float:
        """FACTOR from the parameters (start replies), 1.0 when absent."""
        values = self.settings.get(SettingType.FACTOR) if self.params else None
        return float(values[0]) if values else 1.0


@dataclass(frozen=True)
class MeasurementStopped:
    """Unsolicited CP notification ``01 <types...>``: the device stopped streaming."""

    mtypes: tuple[int, ...] = field(default_factory=tuple)


def parse_cp_message(data: bytes) -> CpResponse | MeasurementStopped:
    """Parse a control-point notification/indication.

    >>> parse_cp_message(bytes.fromhex("F0 01 06 07 00")).status_name
    'INVALID_RESOLUTION'
    """
    data = bytes(data)
    if not data:
        raise FrameError("empty control-point message", kind="short")
    if data[0] == _CP_STOPPED_CODE:
        return MeasurementStopped(tuple(b & 0x3F for b in data[1:]))
    if data[0] != _CP_RESPONSE_CODE:
        raise FrameError("unknown control-point message", expected="F0 or 01", found=hexdump(data))
    if len(data) < 5:
        raise FrameError("control-point response shorter than 5 bytes", found=hexdump(data), kind="short")
    op, mtype, status, more = data[1], data[2], data[3], data[4]
    params = data[5:] if status == PmdStatus.SUCCESS else b""
    return CpResponse(op=op, mtype=mtype & 0x3F, status=status, more=bool(more), params=params)


def build_cp_response(
    op: int, mtype: int, status: int = PmdStatus.SUCCESS, params: bytes = b"", *, more: bool = False
) -> bytes:
    """Device side of :func:`parse_cp_message` (parameters only sent on success)."""
    head = bytes([_CP_RESPONSE_CODE, int(op), int(mtype), int(status), 1 if more else 0])
    return head + (bytes(params) if status == PmdStatus.SUCCESS else b"")


def parse_features(data: bytes) -> frozenset[MeasurementType]:
    """Measurement types listed in the CP feature read (byte 0 ignored)."""
    data = bytes(data)
    if len(data) < 2:
        raise FrameError("PMD feature read shorter than 2 bytes", found=hexdump(data), kind="short")
    bits = data[1] | ((data[2] << 8) if len(data) > 2 else 0)
    out = set()
    for mt in MeasurementType:
        if bits & (1 << int(mt)):
            out.add(mt)
    return frozenset(out)


def build_features(mtypes: Sequence[int]) -> bytes:
    """Device side of :func:`parse_features`: ``0F <bits 0-7> <bits 8-15>``."""
    bits = 0
    for mt in mtypes:
        bits |= 1 << int(mt)
    return bytes([0x0F, bits & 0xFF, (bits >> 8) & 0xFF])
