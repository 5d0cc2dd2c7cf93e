"""Routing of the long-file path: a reader's blocks, spilled to a :class:`SpillStore`.

Every decision (columns, units, gravity, time unit, epoch, the checks of each row) is the
reader's own (:func:`tremor.io._decided.decide_table` for text formats, :class:`tremor.io._firmware_log.LogCollector`
for wristband logs). This module only writes the blocks to the store, streams the per-sample
values whose whole-file median a decision needs (norms, the Polar phone offset) to side files,
and gives the reader those exact medians back (:mod:`tremor.batch.store`).
"""

from __future__ import annotations

import sys
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from tremor.batch.store import (
    SpillStore,
    file_chunks,
    median_dt,
    median_int,
    median_of,
    window_norm_median,
)
from tremor.io import iter_log_blocks, read_log_header
from tremor.io._blocks import TimeTurnsFloat
from tremor.io._common import UNIT_TO_MPS2, check_fs_param, check_physical, finish_details
from tremor.io._decided import DecidedSource, TableDecision, WholeFileStats, decide_table
from tremor.io._log_source import LogCollector, check_log_units

__all__ = ["spill_table", "spill_firmware_log"]


def _keep(store: SpillStore, decided: DecidedSource) -> SpillStore:
    store.decided = decided
    return store


def _release_arrow_pool() -> None:
    """Give pyarrow's freed block buffers back to the system: its allocator keeps them (100-200 MB
    after a long CSV) through the analysis otherwise."""
    pa = sys.modules.get("pyarrow")
    if pa is not None:
        pa.default_memory_pool().release_unused()


def spill_table(
    p: Path,
    folder: Path,
    fmt: str,
    *,
    fs: float | None,
    units: str | None,
    chunk: int,
    use_threads: bool,
    display: str | None = None,
) -> SpillStore:
    """A text recording (phyphox, generic CSV, Sensor Logger, Polar), block by block, as its reader reads it.

    Parameters
    ----------
    p : Path
        The file.
    folder : Path
        The spill folder.
    fmt : str
        Its format.
    fs, units
        As :func:`tremor.io.read_recording`.
    chunk : int
        Samples per block.
    use_threads : bool
        Let pyarrow parse with several threads.
    display : str or None
        How the file is named in messages and the report (a zip member: ``archive.zip!member``).

    Returns
    -------
    SpillStore
        The samples and what the reader decided.
    """
    decision = decide_table(p, fmt, fs=fs, units=units, display=display)
    try:
        return _spill_decided(decision, folder, chunk, use_threads)
    except TimeTurnsFloat:
        # the time column holds a non-integer after integer rows: the reader reads it as floats
        # from the first row, so the file is spilled again with a float time column
        assert decision.time is not None
        decision.time = replace(decision.time, kind="float")
        decision.first_raw_time = None
        return _spill_decided(decision, folder, chunk, use_threads)


def _spill_decided(decision: TableDecision, folder: Path, chunk: int, use_threads: bool) -> SpillStore:
    """The decision's blocks spilled to a new store in ``folder`` (its files started afresh)."""
    store = SpillStore(folder)
    # both closed in the ``finally`` below
    norms: Any = open(folder / "norm.f64", "w+b") if decision.norm_of else None  # noqa: SIM115
    phone: Any = open(folder / "phone.i64", "w+b") if decision.phone_col is not None else None  # noqa: SIM115
    try:
        for blk in decision.blocks(chunk, use_threads):
            store.append(blk.t_s, blk.acc_mps2)
            if norms is not None and blk.norm is not None:
                norms.write(blk.norm.tobytes())
            if phone is not None and blk.phone_offset_ns is not None:
                phone.write(blk.phone_offset_ns.tobytes())
        store.seal()
        _release_arrow_pool()
        median_norm = offset_ns = None
        if norms is not None:
            norms.flush()
            median_norm = median_of(lambda: file_chunks(norms, store.n, chunk), store.n)
        if phone is not None:
            phone.flush()
            offset_ns = int(median_int(lambda: file_chunks(phone, store.n, chunk, np.int64), store.n))
        step = median_dt(store, 0, store.n, chunk) if store.n >= 2 else None
        stats = WholeFileStats(
            store.n, step, median_norm, offset_ns, window_norm=partial(window_norm_median, store, chunk=chunk)
        )
        decided = decision.finish(stats)
        if decision.scale_after:  # the values as in the file: scaled now the whole file decided the units
            display = decision.display
            store.rescale(
                UNIT_TO_MPS2[decided.source.units],
                lambda a, t, first: check_physical(a, display, t, first_sample=first),
                chunk,
            )
        return _keep(store, decided)
    except BaseException:
        store.close()
        raise
    finally:
        for fh in (norms, phone):
            if fh is not None:
                fh.close()


def spill_firmware_log(
    p: Path, folder: Path, *, fs: float | None, units: str | None, chunk: int
) -> SpillStore:
    """A wristband log, block by block, as :func:`tremor.io.read_firmware_log` reads it.

    Parameters
    ----------
    p : Path
        The log.
    folder : Path
        The spill folder.
    fs, units
        As :func:`tremor.io.read_recording`.
    chunk : int
        Samples per block.

    Returns
    -------
    SpillStore
        The samples and what the reader decided.
    """
    check_log_units(units)
    fs = check_fs_param(fs)
    collector = LogCollector(p, read_log_header(p))
    store = SpillStore(folder)
    try:
        t0: int | None = None
        for blk in iter_log_blocks(p, block_samples=chunk):
            if blk.t_ns.size:
                if t0 is None:
                    t0 = int(blk.t_ns[0])
                t_s = (blk.t_ns - t0).astype(np.float64) / 1e9
                check_physical(blk.acc_mps2, str(p), t_s, first_sample=store.n)
                store.append(t_s, blk.acc_mps2)
            collector.add(blk)
        store.seal()
        step = median_dt(store, 0, store.n, chunk) if store.n >= 2 else None
        # the rate is measured as 1 / median interval: give reconcile_fs that interval
        t_rate = np.array([0.0, step]) if step is not None else np.zeros(min(store.n, 1))
        decided = collector.finish(first_device_ns=t0, last_s=store.last_t, fs=fs, t_s=t_rate)
        finish_details(decided.source.details, n_samples=store.n, median_step_s=step)
        return _keep(store, decided)
    except BaseException:
        store.close()
        raise
