"""Fixtures of the batch tests: simulated sessions written as phyphox CSVs and wristband logs."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import tremor.batch.chunked as ch
import tremor.io._blocks as blocks
from tremor.core.recording import STANDARD_GRAVITY, Recording
from tremor.sim.session import simulate_session

PHYPHOX_HEADER = '"Time (s)","Acceleration x (m/s^2)","Acceleration y (m/s^2)","Acceleration z (m/s^2)"\n'


def write_phyphox(
    recording: Recording, path: Path, *, t_offset_s: float = 0.0123, cut: tuple[float, float] | None = None
) -> Path:
    """Write ``recording`` as a phyphox "Acceleration with g" CSV; ``cut`` drops a stretch (a gap)."""
    t, a = recording.time_s + t_offset_s, recording.acc_mps2
    if cut is not None:
        keep = (recording.time_s < cut[0]) | (recording.time_s > cut[1])
        t, a = t[keep], a[keep]
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(PHYPHOX_HEADER)
        np.savetxt(fh, np.column_stack([t, a]), delimiter=",", fmt="%.9e")
    return path


def simulated_csv(
    path: Path, *, seed: int, jitter_ms: float = 0.0, n_sets: int = 2, cut: tuple[float, float] | None = None
) -> Path:
    """A short simulated session (a few minutes at 100 Hz) as a phyphox CSV."""
    sim = simulate_session(seed=seed, fs_hz=100.0, n_sets=n_sets, jitter_ms=jitter_ms)
    return write_phyphox(sim.recording, path, cut=cut)


def write_tlog(recording: Recording, path: Path, *, markers: list[tuple[float, float]] = ()) -> Path:
    """Write ``recording`` as a wristband log (8 g range, 16-bit counts) with a gap record and markers."""
    from tremor.io import LogWriter

    scale = 8 * STANDARD_GRAVITY / 32768
    t0 = 5_000_000_000
    t_ns = t0 + np.round(recording.time_s * 1e9).astype(np.int64)
    with LogWriter(path, fsync=False) as log:
        log.write_header(
            device={"name": "Band", "address": "00:00:00:00:00:01", "model": "DIY"},
            profile="diy",
            settings={
                "sample_rate_hz": 100,
                "range_g": 8,
                "resolution_bits": 16,
                "factor": 1.0,
                "scale_mps2_per_count": scale,
            },
            device_time_unix_offset_ns=1_700_000_000_000_000_000,
        )
        log.write_samples(t_ns, recording.acc_mps2)
        for start, end in markers:
            log.write_marker(t0 + int(start * 1e9), "start", "key", None)
            log.write_marker(t0 + int(end * 1e9), "end", "key", None)
    return path


def block_path_only(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """Small parser blocks (so a late row is in a later block) and no whole-file read allowed."""

    def not_whole(*args: object, **kwargs: object) -> None:
        raise AssertionError("the block path fell back to a whole-file read")

    monkeypatch.setattr(blocks, "CSV_BLOCK_BYTES", 1 << 15)
    monkeypatch.setattr(ch, "read_recording", not_whole)
    return monkeypatch
