"""Per-format block routing of the long-file path: each streamed format, spilled to a :class:`SpillStore`.

For phyphox CSVs, generic CSVs, Sensor Logger and Polar Sensor Logger files and wristband logs,
the whole-file reader runs on the file's head (header, columns, units, every message it gives on
the header), and the data rows are then parsed in blocks and spilled. Where the rest of the file
decides something differently from its head (units or gravity from the whole file's median
norm, a time unit), the same decision is taken over the whole file here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from tremor.batch.blocks import (
    NotStreamable,
    csv_blocks,
    data_offset,
    head_source,
    line_end_offset,
    typed_blocks,
)
from tremor.batch.store import SpillStore, file_chunks, median_dt, median_int, median_of
from tremor.core.recording import STANDARD_GRAVITY, LoggedGap, SourceInfo
from tremor.errors import FormatError, ParameterError
from tremor.io import iter_log_blocks, read_log_header
from tremor.io._firmware_log import log_details, log_start_unix_s, pair_markers

__all__ = ["spill_phyphox", "spill_table", "spill_firmware_log"]


# ---------------------------------------------------------------------------------- spillers
def spill_phyphox(
    p: Path, folder: Path, *, fs: float | None, units: str | None, chunk: int, use_threads: bool
) -> SpillStore:
    from tremor.io._common import UNIT_TO_MPS2, check_fs_param, check_units_param
    from tremor.io._phyphox import _axis_columns, _decimal_mark, _header, read_phyphox

    units = check_units_param(units)
    fs = check_fs_param(fs)
    head = head_source(p)
    # The whole-file reader on the head validates the header and makes every decision that the
    # header decides (columns, separator, decimal mark, gravity, units), with its own messages.
    head_rec = read_phyphox(head, fs=None, units=units)
    idx, sep, fields = _header(head)
    axes = _axis_columns(fields)
    decimal = _decimal_mark(head, idx + 1, sep)
    cols = [0, axes["x"][0], axes["y"][0], axes["z"][0]]
    details = dict(head_rec.source.details)
    infer_gravity = bool(details.get("gravity_inferred"))
    for key in (
        "n_samples",
        "measured_rate_hz",
        "first_time_in_file_s",
        "fs_param_hz",
        *(("gravity_from",) if infer_gravity else ()),
    ):
        details.pop(key, None)
    factor = UNIT_TO_MPS2[head_rec.source.units]
    header_end = line_end_offset(p, idx)
    store = SpillStore(folder)
    try:
        return _fill_phyphox(
            p,
            store,
            head_rec,
            details,
            header_end,
            sep,
            decimal,
            len(fields),
            cols,
            factor,
            infer_gravity,
            fs,
            chunk,
            use_threads,
        )
    except BaseException:
        store.close()
        raise


def _fill_phyphox(
    p: Path,
    store: SpillStore,
    head_rec: Any,
    details: dict[str, Any],
    header_end: int,
    sep: str,
    decimal: str,
    n_fields: int,
    cols: list[int],
    factor: float,
    infer_gravity: bool,
    fs: float | None,
    chunk: int,
    use_threads: bool,
) -> SpillStore:
    norms: Any = open(store.folder / "norm.f64", "w+b") if infer_gravity else None  # noqa: SIM115 (closed below)
    try:
        _stream_phyphox(p, store, norms, header_end, sep, decimal, n_fields, cols, factor, chunk, use_threads)
        t0 = store.first_t_in_file
        if t0 != 0.0:
            details["first_time_in_file_s"] = t0
        gravity = head_rec.gravity_included
        if norms is not None:
            norms.flush()
            median_norm = median_of(lambda: file_chunks(norms, store.n, chunk), store.n)
            gravity = median_norm > 4.0
            details["gravity_from"] = f"median |a| = {median_norm:.3g} m/s^2"
    finally:
        if norms is not None:
            norms.close()
    _finish_details(store, details, fs, chunk, str(p))
    store.source = SourceInfo(
        path=str(p), format="phyphox", units=head_rec.source.units, device=None, details=details
    )
    store.gravity_included = gravity
    return store


def _stream_phyphox(
    p: Path,
    store: SpillStore,
    norms: Any,
    header_end: int,
    sep: str,
    decimal: str,
    n_fields: int,
    cols: list[int],
    factor: float,
    chunk: int,
    use_threads: bool,
) -> None:
    t0: float | None = None
    prev: float | None = None
    for tc, ac in csv_blocks(p, header_end, sep, decimal, n_fields, cols, chunk, use_threads):
        if not (np.all(np.isfinite(tc)) and np.all(np.isfinite(ac))):
            raise NotStreamable
        if (tc.size > 1 and not np.all(np.diff(tc) > 0)) or (prev is not None and tc.size and tc[0] <= prev):
            raise NotStreamable
        if not tc.size:
            continue
        if t0 is None:
            t0 = float(tc[0])
        prev = float(tc[-1])
        if norms is not None:
            norms.write(np.linalg.norm(ac, axis=1).tobytes())
        store.append(tc - t0 if t0 != 0.0 else tc, ac * factor)
    if t0 is None:
        raise NotStreamable  # no data rows: the whole-file reader says so
    store.first_t_in_file = t0
    store.seal()


# ------------------------------------------------------- generic CSV, Sensor Logger, Polar
@dataclass
class _Plan:
    """What the io reader decided on the file's head, and how to stream the rest."""

    fmt: str
    head_rec: Any
    details: dict[str, Any]
    offset: int
    sep: str
    decimal: str
    n_fields: int
    time_col: int | None
    time_kind: str  # "i" (int64, exact) or "f"
    axis_cols: list[int]
    extra_cols: list[int] = field(default_factory=list)  # added to the axes (WristMotion gravity)
    norm_of: str | None = None  # "acc" or "extra": the columns whose median |v| the reader uses
    phone_col: int | None = None  # Polar: the phone time stamps (for the phone-minus-sensor offset)
    time_factor: float = 1.0  # generic CSV: seconds per time unit
    ns_time: bool = False  # Sensor Logger / Polar: integer ns, (t - t0) / 1e9
    warnings: list[Any] = field(default_factory=list)
    units_arg: str | None = None  # the units= argument


def _plan_generic(p: Path, head: Any, fs: float | None, units: str | None) -> _Plan:
    from tremor.io._generic_csv import (
        _TIME_FACTOR,
        _decimal,
        _find_columns,
        _is_number,
        read_generic_csv,
    )
    from tremor.io._table import Column, read_columns
    from tremor.io._text import first_content_line, guess_separator, split_fields

    idx = first_content_line(head.lines)
    if idx >= len(head.lines):
        raise NotStreamable
    sep = guess_separator(head.lines[idx])
    fields = split_fields(head.lines[idx], sep)
    headerless = len(fields) >= 3 and all(_is_number(f) for f in fields[:3])
    if headerless:
        time_idx, axes = None, {"x": 0, "y": 1, "z": 2}
        data_start = idx
    else:
        time_idx, axes = _find_columns(fields)
        data_start = idx + 1
    # the reader on the head: header, units, time unit, every message it gives on the header
    head_rec = read_generic_csv(head, fs=fs if time_idx is None else None, units=units)
    if head_rec.source.details.get("units_from") == "inferred from gravity":
        raise NotStreamable  # units inferred from the data: the whole file decides them, not its head
    details = dict(head_rec.source.details)
    decimal = _decimal(head, data_start, sep)
    kind = "f"
    if time_idx is not None:
        try:  # the reader tries integers first; a later non-integer row makes the stream fall back
            read_columns(
                head,
                data_start=data_start,
                sep=sep,
                decimal=decimal,
                columns=[Column("t", time_idx, fields[time_idx], "int")],
                n_fields=None if headerless else len(fields),
            )
            kind = "i"
        except FormatError:
            kind = "f"
    factor = _TIME_FACTOR[details["time_units"]] if time_idx is not None else 1.0
    for key in ("n_samples", "measured_rate_hz", "median_norm_g", "fs_param_hz"):
        details.pop(key, None)
    return _Plan(
        "generic_csv",
        head_rec,
        details,
        data_offset(p, data_start),
        sep,
        decimal,
        len(fields),
        time_idx,
        kind,
        [axes[a] for a in "xyz"],
        norm_of="acc",
        time_factor=factor,
    )


def _plan_sensor_logger(p: Path, head: Any, units: str | None) -> _Plan:
    from tremor.io._sensor_logger import _header, read_sensor_logger_csv

    head_rec = read_sensor_logger_csv(head, fs=None, units=units)
    idx, fields = _header(head)
    names = {f.lower(): i for i, f in enumerate(fields)}
    details = dict(head_rec.source.details)
    kind = details["file_kind"]
    extra: list[int] = []
    norm_of: str | None = None
    if kind == "wrist_motion":
        axes = [names[f"acceleration{a}".lower()] for a in "XYZ"]
        if all(f"gravity{a}" in names for a in "xyz"):
            extra, norm_of = [names[f"gravity{a}"] for a in "xyz"], "extra"
    else:
        axes = [names[a] for a in "xyz"]
        norm_of = None if kind == "user" else "acc"
    for key in (
        "n_samples",
        "measured_rate_hz",
        "fs_param_hz",
        "units_decision",
        "units_override",
        "units_decided_from_file",
    ):
        details.pop(key, None)
    return _Plan(
        "sensor_logger",
        head_rec,
        details,
        data_offset(p, idx + 1),
        ",",
        ".",
        len(fields),
        names["time"],
        "i",
        axes,
        extra,
        norm_of,
        ns_time=True,
        units_arg=units,
    )


def _plan_polar(p: Path, head: Any, units: str | None) -> _Plan:
    import warnings

    from tremor.io._polar import _AXIS_RE, read_polar
    from tremor.io._text import first_content_line, split_fields

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        head_rec = read_polar(head, fs=None, units=units)
    idx = first_content_line(head.lines)
    fields = split_fields(head.lines[idx], ";")
    axes: dict[str, int] = {}
    for i, name in enumerate(fields[2:], start=2):
        m = _AXIS_RE.match(name)
        if m:
            axes[m.group(1).lower()] = i
    details = dict(head_rec.source.details)
    for key in ("n_samples", "measured_rate_hz", "fs_param_hz", "phone_minus_sensor_s", "unpaired_markers"):
        details.pop(key, None)
    marker_file = details.get("marker_file")
    # the MARKER file is read again with the whole file's offset, and warns again itself
    kept = [w for w in caught if not (marker_file and str(w.message).startswith(f"{marker_file}: "))]
    return _Plan(
        "polar_sensor_logger",
        head_rec,
        details,
        data_offset(p, idx + 1),
        ";",
        ".",
        len(fields),
        1,
        "i",
        [axes[a] for a in "xyz"],
        phone_col=0,
        ns_time=True,
        warnings=kept,
    )


def spill_table(
    p: Path, folder: Path, fmt: str, *, fs: float | None, units: str | None, chunk: int, use_threads: bool
) -> SpillStore:
    """Generic CSV, Sensor Logger and Polar files, block by block, as their whole-file readers read them."""
    from tremor.io._common import check_fs_param, check_units_param

    units = check_units_param(units)
    fs = check_fs_param(fs)
    head = head_source(p)
    if fmt == "generic_csv":
        plan = _plan_generic(p, head, fs, units)
    elif fmt == "sensor_logger":
        plan = _plan_sensor_logger(p, head, units)
    else:
        plan = _plan_polar(p, head, units)
    store = SpillStore(folder)
    try:
        return _fill_table(p, store, plan, fs, chunk, use_threads)
    except BaseException:
        store.close()
        raise


def _fill_table(
    p: Path, store: SpillStore, plan: _Plan, fs: float | None, chunk: int, use_threads: bool
) -> SpillStore:
    import warnings

    from tremor.io._common import UNIT_TO_MPS2, gravity_magnitude_units

    head_rec, details = plan.head_rec, plan.details
    units = head_rec.source.units
    factor = UNIT_TO_MPS2[units]
    cols: list[int] = []
    kinds: list[str] = []
    if plan.time_col is not None:
        cols.append(plan.time_col)
        kinds.append(plan.time_kind)
    cols += plan.axis_cols + plan.extra_cols
    kinds += ["f"] * (len(plan.axis_cols) + len(plan.extra_cols))
    if plan.phone_col is not None:
        cols.append(plan.phone_col)
        kinds.append("ts")
    # both closed in the ``finally`` below
    norms: Any = open(store.folder / "norm.f64", "w+b") if plan.norm_of else None  # noqa: SIM115
    phone: Any = open(store.folder / "phone.i64", "w+b") if plan.phone_col is not None else None  # noqa: SIM115
    polar_epoch_ns = 946_684_800 * 1_000_000_000
    try:
        t0: Any = None
        prev: Any = None
        k = 0
        for arrays in typed_blocks(
            p, plan.offset, plan.sep, plan.decimal, plan.n_fields, cols, kinds, chunk, use_threads
        ):
            pos = 0
            tc = None
            if plan.time_col is not None:
                tc = arrays[0]
                pos = 1
            acc = np.column_stack(arrays[pos : pos + 3]).astype(np.float64, copy=False)
            pos += 3
            extra = np.column_stack(arrays[pos : pos + 3]) if plan.extra_cols else None
            if not np.all(np.isfinite(acc)) or (extra is not None and not np.all(np.isfinite(extra))):
                raise NotStreamable
            m = acc.shape[0]
            if not m:
                continue
            if tc is not None:
                if tc.dtype.kind == "f" and not np.all(np.isfinite(tc)):
                    raise NotStreamable
                if (m > 1 and not np.all(np.diff(tc) > 0)) or (prev is not None and tc[0] <= prev):
                    raise NotStreamable
                if t0 is None:
                    t0 = tc[0]
                prev = tc[-1]
                if plan.ns_time:
                    ts = (tc - t0).astype(np.float64) / 1e9
                else:
                    ts = (tc - t0).astype(np.float64) * plan.time_factor
            else:
                assert fs is not None
                ts = np.arange(k, k + m, dtype=np.float64) / fs
                t0 = 0
            if norms is not None:
                norm_of = acc if plan.norm_of == "acc" else extra
                assert norm_of is not None  # the plan names the gravity columns it takes the norm of
                norms.write(np.linalg.norm(norm_of, axis=1).tobytes())
            if phone is not None:
                assert tc is not None  # a phone-time column comes with the sensor's own time column
                phone.write((arrays[-1] - (tc + polar_epoch_ns)).tobytes())
            store.append(ts, (acc + extra if extra is not None else acc) * factor)
            k += m
        if t0 is None:
            raise NotStreamable  # no data rows: the whole-file reader says so
        store.seal()
        median_norm = None
        if norms is not None:
            norms.flush()
            median_norm = median_of(lambda: file_chunks(norms, store.n, chunk), store.n)
        offset_ns = None
        if phone is not None:
            phone.flush()
            offset_ns = int(median_int(lambda: file_chunks(phone, store.n, chunk, np.int64), store.n))
    finally:
        for fh in (norms, phone):
            if fh is not None:
                fh.close()
    gravity = head_rec.gravity_included
    start_unix_s = head_rec.start_unix_s
    markers = head_rec.markers
    if plan.fmt == "generic_csv":
        assert median_norm is not None
        # where the reader inferred the time unit from the whole file's median step, check the head's guess
        if (
            details.get("time_units_inferred")
            and plan.time_col is not None
            and abs(float(t0)) <= 1e8
            and (
                store.n < 2
                or _step_unit(median_dt(store, 0, store.n, chunk) / plan.time_factor) != details["time_units"]
            )
        ):
            raise NotStreamable
        median_g = median_norm * UNIT_TO_MPS2[units] / 9.80665
        gravity = 0.5 <= median_g <= 2.0
        details["median_norm_g"] = median_g
    elif plan.fmt == "sensor_logger":
        kind = details["file_kind"]
        wanted_units = units
        if kind == "wrist_motion":
            if plan.extra_cols:
                assert median_norm is not None  # the gravity columns' norm was spilled
                file_units = gravity_magnitude_units(median_norm)
                details["units_decision"] = "from the norm of the gravity columns"
            else:
                file_units = "g"
                details["units_decision"] = "g: WristMotion default (Standardise Units & Frames off)"
        elif kind == "user":
            file_units = "m/s^2"
            details["units_decision"] = "m/s^2: Accelerometer.csv per the Sensor Logger units reference"
        else:
            assert median_norm is not None
            file_units = gravity_magnitude_units(median_norm)
            if kind == "unknown":
                gravity = file_units is not None
                if file_units is None:
                    file_units = "m/s^2"
                details["units_decision"] = f"median |a| = {median_norm:.3g}"
            else:
                details["units_decision"] = f"from the median |a| = {median_norm:.3g} (gravity included)"
        final = file_units
        if plan.units_arg is not None:
            if plan.units_arg != file_units:
                details["units_override"] = plan.units_arg
                details["units_decided_from_file"] = file_units
            final = plan.units_arg
        if final != wanted_units:
            raise NotStreamable  # the whole file decides other units than its head: read it whole
    elif plan.fmt == "polar_sensor_logger":
        from tremor.io._polar import _read_markers

        assert offset_ns is not None
        details["phone_minus_sensor_s"] = offset_ns / 1e9
        t0_unix_ns = int(t0) + polar_epoch_ns
        marker_file = details.get("marker_file")
        if marker_file:
            markers, info = _read_markers(Path(marker_file), offset_ns, t0_unix_ns)
            details.update(info)
        for w in plan.warnings:
            warnings.warn(w.message, w.category, stacklevel=2)
    _finish_details(store, details, fs if plan.time_col is not None else None, chunk, str(p))
    store.source = SourceInfo(
        path=str(p), format=plan.fmt, units=units, device=head_rec.source.device, details=details
    )
    store.gravity_included = gravity
    store.start_unix_s = start_unix_s
    store.markers = tuple(markers)
    store.fs_declared_hz = head_rec.fs_declared_hz
    store.range_mps2 = head_rec.range_mps2
    return store


def _step_unit(step: float) -> str | None:
    """The unit ``_infer_time_unit`` gives a median step (None too near a boundary to tell from rounded values)."""
    for limit, unit in ((1.0, "s"), (1000.0, "ms"), (1e6, "us")):
        if abs(step - limit) <= 1e-9 * limit:
            return None
        if step < limit:
            return unit
    return "ns"


def spill_firmware_log(
    p: Path, folder: Path, *, fs: float | None, units: str | None, chunk: int
) -> SpillStore:
    """Mirror of :func:`tremor.io.read_firmware_log`, block by block."""
    from tremor.io._common import check_fs_param

    if units not in (None, "m/s^2"):
        raise ParameterError(
            f"units={units!r} does not apply to a wristband log (its header gives the "
            "scale of the counts); leave units out"
        )
    fs = check_fs_param(fs)
    header = read_log_header(p)
    store = SpillStore(folder)
    try:
        return _fill_firmware_log(p, store, header, fs, chunk)
    except BaseException:
        store.close()
        raise


def _fill_firmware_log(p: Path, store: SpillStore, header: Any, fs: float | None, chunk: int) -> SpillStore:
    gaps: list[Any] = []
    marks: list[Any] = []
    notes: list[str] = []
    n_raw = 0
    end = None
    t0: int | None = None
    for blk in iter_log_blocks(p, block_samples=chunk):
        if blk.t_ns.size:
            if t0 is None:
                t0 = int(blk.t_ns[0])
            store.append((blk.t_ns - t0).astype(np.float64) / 1e9, blk.acc_mps2 * 1.0)
        gaps += blk.gaps
        marks += blk.markers
        notes += blk.notes
        n_raw += len(blk.raw)
        end = blk.end or end
    if t0 is None:
        raise FormatError("log holds no samples", path=str(p), expected="'S' records", found="none")
    store.seal()
    set_markers, sources = pair_markers(marks, t0, store.last_t, notes)
    settings = header.settings
    details = log_details(header, n_raw=n_raw, sources=sources, end=end, notes=notes, first_device_ns=t0)
    _finish_details(store, details, fs, chunk, str(p))
    range_g = settings.get("range_g")
    dev = header.device
    store.source = SourceInfo(
        path=str(p),
        format="firmware_log",
        units="m/s^2",
        device=dev.get("name") or dev.get("model"),
        details=details,
    )
    store.start_unix_s = log_start_unix_s(header.raw, t0, details)
    store.range_mps2 = float(range_g) * STANDARD_GRAVITY if range_g else None
    store.markers = tuple(set_markers)
    store.logged_gaps = tuple(
        LoggedGap((g.start_ns - t0) / 1e9, (g.end_ns - t0) / 1e9, g.reason) for g in gaps
    )
    store.fs_declared_hz = float(settings["sample_rate_hz"])
    return store


def _finish_details(
    store: SpillStore, details: dict[str, Any], fs: float | None, chunk: int, display: str
) -> None:
    """What ``reconcile_fs`` and ``build_recording`` (tremor.io._common) add, from the whole file."""
    from tremor.io._common import reconcile_fs

    step = median_dt(store, 0, store.n, chunk) if store.n >= 2 else None
    if fs is not None and step is not None:
        # reconcile_fs measures the rate as 1 / median interval: give it that interval.
        reconcile_fs(fs, np.array([0.0, step]), display, details)
    details.setdefault("n_samples", store.n)
    if step is not None and step > 0:
        details.setdefault("measured_rate_hz", 1.0 / step)
