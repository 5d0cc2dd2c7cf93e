"""The header of a live session's log, and where the log goes.

A session writes its log's ``H`` record when the first samples arrive (:func:`log_header`): the
device and profile, the settings with the count scale the samples are stored in (the device's
own step where it can be told, so the log holds the samples exactly), and the device clock's
offset to the host's wall clock, so the log and every analysis of it know when the session
happened. A phone source says itself what it is (its ``log_header()``).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from tremor.core.recording import STANDARD_GRAVITY

__all__ = ["PROFILE_LOG_NAMES", "SessionLogHeader", "log_header", "default_log_path"]

#: How each BLE profile is named in the log header.
PROFILE_LOG_NAMES = {"pmd": "polar_pmd", "microbit": "microbit", "diy": "tremor_diy"}
_MG = STANDARD_GRAVITY * 1e-3
_FALLBACK_SCALE = 1e-5  # m/s^2 per count when the device's own step cannot be told


class SessionLogHeader(NamedTuple):
    """A log's ``H`` record as a session writes it, and what the session keeps from it."""

    #: keyword arguments for :meth:`tremor.io.LogWriter.write_header`, in the record's order
    fields: dict[str, Any]
    #: the samples' count scale in m/s^2 per count
    scale: float
    #: ``device_time_unix_offset_ns`` (Unix ns = device ns + this), None where not known
    unix_offset_ns: Any
    #: the device's range in g (``settings.range_g``), None where not known
    range_g: Any


def log_header(
    stream: Any,
    first_acc: np.ndarray,
    last_device_ns: int | None,
    *,
    auto_sets: bool,
    log_fields: dict[str, Any],
) -> SessionLogHeader:
    """The ``H`` record of a session's log, made when the first samples arrive.

    It carries ``device_time_unix_offset_ns``, the host wall clock now minus the device time of
    the chunk's last sample (it has just arrived).

    Parameters
    ----------
    stream : BandStream or another sample source
        The connected source: a band stream (``device``, ``profile``, ``info``) or a phone
        source with its own ``log_header()``.
    first_acc : ndarray, shape (n, 3)
        The first chunk's acceleration in m/s^2 (it decides the count scale).
    last_device_ns : int or None
        Device time of the chunk's last sample (ns).
    auto_sets : bool
        Whether the session detects sets automatically (recorded in the header).
    log_fields : dict
        More fields for the record (e.g. ``{"side": "left"}``), last.

    Returns
    -------
    SessionLogHeader
        The record's fields, the count scale, the clock offset and the range.
    """
    clock: dict[str, Any] = {}
    if last_device_ns is not None:
        clock["device_time_unix_offset_ns"] = time.time_ns() - last_device_ns
    phone_header = getattr(stream, "log_header", None)
    if phone_header is not None:  # a phone source says itself what it is (tremor.live.phone)
        fields = {**clock, **phone_header()}
        scale = _count_scale(fields["profile"], None, first_acc)
        fields["settings"] = {**fields["settings"], "scale_mps2_per_count": scale}
        fields.update(log_fields)
        fields = dict(**fields, writer="tremor live", auto_sets=auto_sets)
        return SessionLogHeader(
            fields, scale, fields.get("device_time_unix_offset_ns"), fields["settings"].get("range_g")
        )
    info = stream.info
    profile = stream.profile or "?"
    scale = _count_scale(profile, info, first_acc)
    dev = stream.device
    fields = dict(
        device={
            "name": getattr(dev, "name", None),
            "address": getattr(dev, "address", None),
            "model": None,
        },
        profile=PROFILE_LOG_NAMES.get(profile, profile),
        settings={
            "sample_rate_hz": float(info.fs) if info is not None else 1.0,
            "range_g": info.range_g if info is not None else None,
            "resolution_bits": 16 if profile in ("pmd", "diy") else None,
            "factor": info.factor if info is not None else None,
            "scale_mps2_per_count": scale,
        },
        writer="tremor live",
        auto_sets=auto_sets,
        **clock,
        **log_fields,
    )
    return SessionLogHeader(
        fields, scale, clock.get("device_time_unix_offset_ns"), info.range_g if info is not None else None
    )


def _count_scale(profile: str, info: Any, acc: np.ndarray) -> float:
    """The device's own step in m/s^2, so the log's integer counts hold the samples exactly.

    Candidates from the profile (PMD compressed frames: ``factor`` g; raw PMD and micro:bit: mG;
    DIY: the range's micro-g step) are checked against the first chunk; a fine fallback step
    is used when none fits (the log then rounds to it).
    """
    cands: list[float] = []
    if info is not None and info.factor and info.factor != 1.0:
        cands.append(float(info.factor) * STANDARD_GRAVITY)
    if profile == "diy" and info is not None and info.range_g:
        from tremor.ble import diy

        cands.append(diy.scale_ug_for_range(int(info.range_g)) * 1e-6 * STANDARD_GRAVITY)
    cands.append(_MG)
    for scale in cands:
        q = acc / scale
        if np.all(np.abs(q - np.rint(q)) < 1e-6):
            return scale
    return _FALLBACK_SCALE


def default_log_path(folder: str | Path = ".") -> Path:
    """``tremor-live-YYYYmmdd-HHMMSS.tlog`` in ``folder`` (a suffix is added if it exists).

    Parameters
    ----------
    folder : str or Path
        Where the log goes.

    Returns
    -------
    Path
        A path that does not exist yet.
    """
    stamp = time.strftime("%Y%m%d-%H%M%S")
    base = Path(folder) / f"tremor-live-{stamp}.tlog"
    path, n = base, 1
    while path.exists():
        n += 1
        path = base.with_name(f"tremor-live-{stamp}-{n}.tlog")
    return path
