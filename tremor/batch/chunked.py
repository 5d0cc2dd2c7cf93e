"""Chunked analysis of long recordings in bounded memory, with the result of :func:`tremor.core.analysis.analyze`.

:func:`analyze_file` reads a file and analyses it. Long phyphox CSVs (parsed block by block by
pyarrow's streaming CSV reader, or pandas in chunks where pyarrow is absent) and wristband logs
(:func:`tremor.io.iter_log_blocks`) never sit in memory whole: their samples are spilled, once,
to two flat binary files in a temporary folder (8 bytes of time and 24 of acceleration per
sample), and the analysis then reads them back in blocks of :data:`CHUNK_SAMPLES`. Every other
format, and short files, go through :func:`tremor.io.read_recording` and :func:`analyze`.

The chunked path computes exactly what :func:`analyze` computes, in the same order:

* sampling quality: the median sample interval by an exact radix selection over the interval
  stream (so the gap threshold, the segments and their rates are identical); the mean rate and
  jitter are sums over blocks, equal to the whole-array values to ~1e-15 relative;
* per gap-free segment, the frames from :class:`~tremor.core.features.FrameExtractor` (chunk-invariant
  by construction) and the twitch-band transients from the same
  :class:`~tremor.core.events.TwitchDetector` that whole-file and live analysis use (its
  linear-phase band-pass and block-aligned stages are chunk-invariant by construction);
* the summary by the same :func:`~tremor.core.analysis.summarize`.

What still grows with the length of the recording is the frame table (about 0.7 kB per 0.5 s
frame, most of it the float32 spectrum), i.e. about 120 MB per day at any sampling rate.
"""

from __future__ import annotations

import math
import os
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from tremor.core.analysis import MIN_DURATION_S, AnalysisResult, analyze, check_markers, summarize
from tremor.core.events import MIN_TWITCH_FS_HZ, Transient, TwitchDetector
from tremor.core.features import FrameBuffer, FrameConfig, FrameExtractor, frame_count
from tremor.core.quality import (
    GAP_FACTOR,
    MAX_UNIFORM_JITTER,
    SATURATION_FRACTION,
    SamplingReport,
    Saturation,
    gaps_and_notes,
)
from tremor.core.recording import STANDARD_GRAVITY, LoggedGap, SetMarker, SourceInfo
from tremor.errors import FormatError, ParameterError, SamplingError
from tremor.io import iter_log_blocks, read_log_header, read_recording
from tremor.io._firmware_log import log_start_unix_s, pair_markers

__all__ = ["CHUNK_SAMPLES", "STREAMED_FORMATS", "STREAM_MIN_BYTES", "analyze_file", "zero_phase_margin"]

#: Samples per block of the chunked analysis (about 25 MB of float64 acceleration).
CHUNK_SAMPLES = 1 << 20
#: Files smaller than this are read whole: streaming them saves nothing.
STREAM_MIN_BYTES = 64 << 20
#: Formats read block by block; every other format is read whole.
STREAMED_FORMATS = ("phyphox", "firmware_log", "generic_csv", "sensor_logger", "polar_sensor_logger")

_HEAD_BYTES = 1 << 16
_HEAD_MAX_BYTES = 4 << 20  # the longest first lines read to decide a file's format


# --------------------------------------------------------------------------------- entry point
def analyze_file(path: str | os.PathLike[str], *, format: str | None = None, units: str | None = None,
                 fs: float | None = None, markers: list[SetMarker] | tuple[SetMarker, ...] | None = None,
                 context: dict[str, Any] | None = None, config: FrameConfig = FrameConfig(),
                 chunk_samples: int = CHUNK_SAMPLES, stream_min_bytes: int = STREAM_MIN_BYTES,
                 tmp_dir: str | os.PathLike[str] | None = None, use_threads: bool = True) -> AnalysisResult:
    """Read and analyse one recording; long phyphox CSVs and wristband logs in bounded memory.

    Parameters
    ----------
    path : str or Path
        A file, an unzipped Sensor Logger export folder or its ``.zip`` (as
        :func:`tremor.io.read_recording`).
    format, units, fs
        As :func:`tremor.io.read_recording`.
    markers, context, config
        As :func:`tremor.core.analysis.analyze`.
    chunk_samples : int
        Samples per block of the chunked path.
    stream_min_bytes : int
        Files of a streamed format at least this large take the chunked path (0: always).
    tmp_dir : str or Path, optional
        Where the temporary sample files go (default: the system's temporary folder).
    use_threads : bool
        Let pyarrow parse with several threads (turn off inside a process pool).

    Returns
    -------
    AnalysisResult
        The same result as ``analyze(read_recording(path, ...), ...)`` (to float rounding).
    """
    if isinstance(chunk_samples, bool) or not isinstance(chunk_samples, int) or chunk_samples < 1024:
        raise ParameterError(f"chunk_samples must be an integer >= 1024, got {chunk_samples!r}")
    p = Path(path)
    if not p.exists():
        raise ParameterError(f"{p}: no such file or folder")
    fmt = format
    if fmt is None and p.is_file() and not zipfile.is_zipfile(p):
        fmt = _detect_from_head(p)
    streamable = (p.is_file() and fmt in STREAMED_FORMATS and not zipfile.is_zipfile(p)
                  and p.stat().st_size >= stream_min_bytes)
    if not streamable:
        recording = read_recording(p, format=fmt, units=units, fs=fs)
        return analyze(recording, markers=markers, context=context, config=config)
    sweep_stale_spills(tmp_dir)
    with tempfile.TemporaryDirectory(prefix=f"{SPILL_PREFIX}{os.getpid()}-", dir=tmp_dir) as tmp:
        try:
            if fmt == "firmware_log":
                store = _spill_firmware_log(p, Path(tmp), fs=fs, units=units, chunk=chunk_samples)
            elif fmt in ("generic_csv", "sensor_logger", "polar_sensor_logger"):
                store = _spill_table(p, Path(tmp), fmt, fs=fs, units=units, chunk=chunk_samples,
                                     use_threads=use_threads)
            else:
                store = _spill_phyphox(p, Path(tmp), fs=fs, units=units, chunk=chunk_samples,
                                       use_threads=use_threads)
        except _NotStreamable:
            # The streaming reader met something it does not handle exactly as the whole-file reader
            # (a bad row, a missing value, time going backwards): that reader names the line.
            recording = read_recording(p, format=fmt, units=units, fs=fs)
            return analyze(recording, markers=markers, context=context, config=config)
        try:
            return analyze_store(store, markers=markers, context=context, config=config, chunk=chunk_samples)
        finally:
            store.close()


#: Spill folders are named ``tremor-chunks-<pid of the owner>-<random>``.
SPILL_PREFIX = "tremor-chunks-"


def sweep_stale_spills(tmp_dir: str | os.PathLike[str] | None = None) -> list[Path]:
    """Remove spill folders left by analyses whose process is gone (killed with -9, power cut).

    Only folders named :data:`SPILL_PREFIX` ``<pid>-...``, owned by this user, whose pid is not a
    running process, are removed. Returns what was removed.
    """
    import shutil

    folder = Path(tmp_dir) if tmp_dir is not None else Path(tempfile.gettempdir())
    removed = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return removed
    for entry in entries:
        pid_text = entry.name[len(SPILL_PREFIX):].split("-", 1)[0]
        if not entry.name.startswith(SPILL_PREFIX) or not pid_text.isdigit():
            continue
        try:
            st = entry.lstat()
            if not entry.is_dir() or entry.is_symlink() or st.st_uid != os.getuid():
                continue
            os.kill(int(pid_text), 0)
        except ProcessLookupError:
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
        except OSError:
            continue
    return removed


def _detect_from_head(p: Path) -> str:
    from tremor.io._dispatch import _detect_text, _starts_with_magic

    if _starts_with_magic(p):
        return "firmware_log"
    return _detect_text(_head_source(p))


def _head_source(p: Path) -> Any:
    """The first complete lines of ``p`` as a TextSource (what the io readers decide from).

    At most :data:`_HEAD_MAX_BYTES` are read: a file whose first line is longer than that is
    not a text recording (or has lost its line ends) and is refused, naming the line.
    """
    from tremor.io._text import TextSource, _decode

    data = bytearray()
    eof = False
    with open(p, "rb") as fh:
        while True:
            more = fh.read(_HEAD_BYTES)
            if not more:
                eof = True
                break
            data += more  # bytearray: amortised linear, however many rounds
            if b"\n" in data[-(_HEAD_BYTES // 2):] or len(data) >= _HEAD_MAX_BYTES:
                break
    cut = data.rfind(b"\n")
    if cut < 0 and not eof:
        from tremor.io._text import check_text_bytes

        check_text_bytes(bytes(data[:_HEAD_BYTES]), str(p), complete=False)
        raise FormatError(f"line 1 is longer than {_HEAD_MAX_BYTES >> 20} MiB with no line end: not a text "
                          "recording, or its line ends were lost", path=str(p), line=1,
                          expected="lines of a few hundred bytes, each ending in LF or CRLF",
                          found=bytes(data[:60]).decode("utf-8", "replace"))
    complete = eof
    if cut >= 0 and (len(data) >= _HEAD_BYTES or not eof):
        complete = complete and cut == len(data) - 1
        del data[cut + 1:]
    text, notes = _decode(bytes(data), str(p), complete=complete)
    return TextSource(display=str(p), name=p.name, text=text, path=p, notes=notes)


class _NotStreamable(Exception):
    """Raised by a spiller to hand the file to the whole-file reader."""


# ------------------------------------------------------------------------------- sample store
@dataclass
class _Store:
    """Samples spilled to flat float64 files: times (n,) and acceleration (n, 3) in m/s^2."""

    folder: Path
    n: int = 0
    source: SourceInfo | None = None
    gravity_included: bool = True
    start_unix_s: float | None = None
    range_mps2: float | None = None
    markers: tuple[SetMarker, ...] = ()
    logged_gaps: tuple[LoggedGap, ...] = ()
    fs_declared_hz: float | None = None
    last_t: float = 0.0
    abs_max: np.ndarray = field(default_factory=lambda: np.zeros(3))
    medians: dict[tuple[int, int], float] = field(default_factory=dict)
    first_t_in_file: float = 0.0
    _t_fh: Any = None
    _a_fh: Any = None

    def __post_init__(self) -> None:
        self._t_fh = open(self.folder / "time.f64", "w+b")
        self._a_fh = open(self.folder / "acc.f64", "w+b")

    def append(self, t: np.ndarray, a: np.ndarray) -> None:
        t = np.ascontiguousarray(t, dtype=np.float64)
        a = np.ascontiguousarray(a, dtype=np.float64)
        if not t.size:
            return
        self._t_fh.write(t.tobytes())
        self._a_fh.write(a.tobytes())
        self.n += t.size
        self.last_t = float(t[-1])
        np.maximum(self.abs_max, np.abs(a).max(axis=0), out=self.abs_max)

    def seal(self) -> None:
        self._t_fh.flush()
        self._a_fh.flush()

    def times(self, start: int, stop: int) -> np.ndarray:
        self._t_fh.seek(8 * start)
        return np.frombuffer(self._t_fh.read(8 * (stop - start)), dtype=np.float64)

    def acc(self, start: int, stop: int) -> np.ndarray:
        self._a_fh.seek(24 * start)
        return np.frombuffer(self._a_fh.read(24 * (stop - start)), dtype=np.float64).reshape(-1, 3)

    def dt_chunks(self, start: int, stop: int, chunk: int) -> Iterator[np.ndarray]:
        """``np.diff(t[start:stop])`` in blocks."""
        for a in range(start, stop - 1, chunk):
            b = min(a + chunk + 1, stop)
            yield np.diff(self.times(a, b))

    def close(self) -> None:
        self._t_fh.close()
        self._a_fh.close()


# ---------------------------------------------------------------------------------- spillers
def _spill_phyphox(p: Path, folder: Path, *, fs: float | None, units: str | None, chunk: int,
                   use_threads: bool) -> _Store:
    from tremor.io._common import UNIT_TO_MPS2, check_fs_param, check_units_param
    from tremor.io._phyphox import _axis_columns, _decimal_mark, _header, read_phyphox

    units = check_units_param(units)
    fs = check_fs_param(fs)
    head = _head_source(p)
    # The whole-file reader on the head validates the header and makes every decision that the
    # header decides (columns, separator, decimal mark, gravity, units), with its own messages.
    head_rec = read_phyphox(head, fs=None, units=units)
    idx, sep, fields = _header(head)
    axes = _axis_columns(fields)
    decimal = _decimal_mark(head, idx + 1, sep)
    cols = [0, axes["x"][0], axes["y"][0], axes["z"][0]]
    details = dict(head_rec.source.details)
    infer_gravity = bool(details.get("gravity_inferred"))
    for key in ("n_samples", "measured_rate_hz", "first_time_in_file_s", "fs_param_hz",
                *(("gravity_from",) if infer_gravity else ())):
        details.pop(key, None)
    factor = UNIT_TO_MPS2[head_rec.source.units]
    header_end = _line_end_offset(p, idx)
    store = _Store(folder)
    try:
        return _fill_phyphox(p, store, head_rec, details, header_end, sep, decimal, len(fields), cols, factor,
                             infer_gravity, fs, chunk, use_threads)
    except BaseException:
        store.close()
        raise


def _fill_phyphox(p: Path, store: _Store, head_rec: Any, details: dict[str, Any], header_end: int, sep: str,
                  decimal: str, n_fields: int, cols: list[int], factor: float, infer_gravity: bool,
                  fs: float | None, chunk: int, use_threads: bool) -> _Store:
    norms: Any = open(store.folder / "norm.f64", "w+b") if infer_gravity else None
    try:
        _stream_phyphox(p, store, norms, header_end, sep, decimal, n_fields, cols, factor, chunk, use_threads)
        t0 = store.first_t_in_file
        if t0 != 0.0:
            details["first_time_in_file_s"] = t0
        gravity = head_rec.gravity_included
        if norms is not None:
            norms.flush()
            median_norm = _median_of(lambda: _file_chunks(norms, store.n, chunk), store.n)
            gravity = median_norm > 4.0
            details["gravity_from"] = f"median |a| = {median_norm:.3g} m/s^2"
    finally:
        if norms is not None:
            norms.close()
    _finish_details(store, details, fs, chunk, str(p))
    store.source = SourceInfo(path=str(p), format="phyphox", units=head_rec.source.units, device=None,
                              details=details)
    store.gravity_included = gravity
    return store


def _stream_phyphox(p: Path, store: _Store, norms: Any, header_end: int, sep: str, decimal: str, n_fields: int,
                    cols: list[int], factor: float, chunk: int, use_threads: bool) -> None:
    t0: float | None = None
    prev: float | None = None
    for tc, ac in _csv_blocks(p, header_end, sep, decimal, n_fields, cols, chunk, use_threads):
        if not (np.all(np.isfinite(tc)) and np.all(np.isfinite(ac))):
            raise _NotStreamable
        if tc.size > 1 and not np.all(np.diff(tc) > 0) or (prev is not None and tc.size and tc[0] <= prev):
            raise _NotStreamable
        if not tc.size:
            continue
        if t0 is None:
            t0 = float(tc[0])
        prev = float(tc[-1])
        if norms is not None:
            norms.write(np.linalg.norm(ac, axis=1).tobytes())
        store.append(tc - t0 if t0 != 0.0 else tc, ac * factor)
    if t0 is None:
        raise _NotStreamable  # no data rows: the whole-file reader says so
    store.first_t_in_file = t0
    store.seal()


def _file_chunks(fh: Any, n: int, chunk: int, dtype: Any = np.float64) -> Iterator[np.ndarray]:
    for a in range(0, n, chunk):
        fh.seek(8 * a)
        yield np.frombuffer(fh.read(8 * min(chunk, n - a)), dtype=dtype)


#: Bytes per block of the streaming CSV reader.
CSV_BLOCK_BYTES = 8 << 20


def _csv_blocks(p: Path, offset: int, sep: str, decimal: str, n_fields: int, cols: list[int], chunk: int,
                use_threads: bool) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """(time, acc) blocks of the data rows after byte ``offset`` (values as in the file)."""
    for arrays in _typed_blocks(p, offset, sep, decimal, n_fields, cols, ["f"] * len(cols), chunk, use_threads):
        yield arrays[0], np.column_stack(arrays[1:])


def _typed_blocks(p: Path, offset: int, sep: str, decimal: str, n_fields: int, cols: list[int], kinds: list[str],
                  chunk: int, use_threads: bool) -> Iterator[list[np.ndarray]]:
    """Blocks of columns ``cols`` of the data rows after byte ``offset``, each parsed as its kind.

    Kinds: ``"f"`` float64, ``"i"`` int64 (exact, e.g. Unix ns), ``"ts"`` an ISO date-time as int64
    ns. Any row the reader cannot parse, or a missing value, raises :class:`_NotStreamable`.
    """
    try:
        import pyarrow as pa
        import pyarrow.csv as pacsv
    except ImportError:
        yield from _pandas_typed_blocks(p, offset, sep, decimal, n_fields, cols, kinds, chunk)
        return
    arrow_type = {"f": pa.float64(), "i": pa.int64(), "ts": pa.timestamp("ns")}
    names = [f"c{i}" for i in range(n_fields)]
    wanted = [names[c] for c in cols]
    # pyarrow's own file (not a Python file object, whose reads would be Python bytes) and 8 MB
    # blocks: the streaming reader's read-ahead stays a few blocks, whatever the file's length
    with pa.OSFile(str(p), "rb") as raw:
        raw.seek(offset)
        try:
            reader = pacsv.open_csv(
                raw,
                read_options=pacsv.ReadOptions(column_names=names, block_size=CSV_BLOCK_BYTES,
                                               use_threads=use_threads),
                parse_options=pacsv.ParseOptions(delimiter=sep, quote_char='"'),
                convert_options=pacsv.ConvertOptions(include_columns=wanted, decimal_point=decimal,
                                                     column_types={c: arrow_type[k] for c, k in zip(wanted, kinds)}),
            )
            for batch in reader:
                columns = [batch.column(c) for c in wanted]
                if any(c.null_count for c in columns):
                    raise _NotStreamable  # a missing value: the whole-file reader names its line
                yield [c.to_numpy(zero_copy_only=False).view(np.int64) if k == "ts"
                       else c.to_numpy(zero_copy_only=False) for c, k in zip(columns, kinds)]
        except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
            raise _NotStreamable from None


def _pandas_typed_blocks(p: Path, offset: int, sep: str, decimal: str, n_fields: int, cols: list[int],
                         kinds: list[str], chunk: int) -> Iterator[list[np.ndarray]]:
    import pandas as pd

    dtypes = {c: {"f": np.float64, "i": np.int64, "ts": str}[k] for c, k in zip(cols, kinds)}
    with open(p, "rb") as raw:
        raw.seek(offset)
        try:
            for df in pd.read_csv(raw, sep=sep, decimal=decimal, header=None, usecols=cols,
                                  names=list(range(n_fields)), dtype=dtypes, keep_default_na=False,
                                  engine="c", chunksize=chunk, quotechar='"'):
                out = []
                for c, k in zip(cols, kinds):
                    if k == "ts":
                        parsed = pd.to_datetime(df[c], format="%Y-%m-%dT%H:%M:%S.%f", errors="coerce")
                        if parsed.isna().any():
                            raise _NotStreamable
                        out.append(parsed.to_numpy().astype("datetime64[ns]").astype(np.int64))
                    else:
                        out.append(df[c].to_numpy())
                yield out
        except (ValueError, pd.errors.ParserError):
            raise _NotStreamable from None


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
    time_kind: str                 # "i" (int64, exact) or "f"
    axis_cols: list[int]
    extra_cols: list[int] = field(default_factory=list)   # added to the axes (WristMotion gravity)
    norm_of: str | None = None     # "acc" or "extra": the columns whose median |v| the reader uses
    phone_col: int | None = None   # Polar: the phone time stamps (for the phone-minus-sensor offset)
    time_factor: float = 1.0       # generic CSV: seconds per time unit
    ns_time: bool = False          # Sensor Logger / Polar: integer ns, (t - t0) / 1e9
    warnings: list[Any] = field(default_factory=list)
    units_arg: str | None = None   # the units= argument


def _data_offset(p: Path, data_start: int) -> int:
    return 0 if data_start == 0 else _line_end_offset(p, data_start - 1)


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
        raise _NotStreamable
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
        raise _NotStreamable  # units inferred from the data: the whole file decides them, not its head
    details = dict(head_rec.source.details)
    decimal = _decimal(head, data_start, sep)
    kind = "f"
    if time_idx is not None:
        try:  # the reader tries integers first; a later non-integer row makes the stream fall back
            read_columns(head, data_start=data_start, sep=sep, decimal=decimal,
                         columns=[Column("t", time_idx, fields[time_idx], "int")],
                         n_fields=None if headerless else len(fields))
            kind = "i"
        except FormatError:
            kind = "f"
    factor = _TIME_FACTOR[details["time_units"]] if time_idx is not None else 1.0
    for key in ("n_samples", "measured_rate_hz", "median_norm_g", "fs_param_hz"):
        details.pop(key, None)
    return _Plan("generic_csv", head_rec, details, _data_offset(p, data_start), sep, decimal,
                 len(fields), time_idx, kind, [axes[a] for a in "xyz"], norm_of="acc", time_factor=factor)


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
    for key in ("n_samples", "measured_rate_hz", "fs_param_hz", "units_decision", "units_override",
                "units_decided_from_file"):
        details.pop(key, None)
    return _Plan("sensor_logger", head_rec, details, _data_offset(p, idx + 1), ",", ".", len(fields),
                 names["time"], "i", axes, extra, norm_of, ns_time=True, units_arg=units)


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
    return _Plan("polar_sensor_logger", head_rec, details, _data_offset(p, idx + 1), ";", ".", len(fields),
                 1, "i", [axes[a] for a in "xyz"], phone_col=0, ns_time=True, warnings=kept)


def _spill_table(p: Path, folder: Path, fmt: str, *, fs: float | None, units: str | None, chunk: int,
                 use_threads: bool) -> _Store:
    """Generic CSV, Sensor Logger and Polar files, block by block, as their whole-file readers read them."""
    from tremor.io._common import check_fs_param, check_units_param

    units = check_units_param(units)
    fs = check_fs_param(fs)
    head = _head_source(p)
    if fmt == "generic_csv":
        plan = _plan_generic(p, head, fs, units)
    elif fmt == "sensor_logger":
        plan = _plan_sensor_logger(p, head, units)
    else:
        plan = _plan_polar(p, head, units)
    store = _Store(folder)
    try:
        return _fill_table(p, store, plan, fs, chunk, use_threads)
    except BaseException:
        store.close()
        raise


def _fill_table(p: Path, store: _Store, plan: _Plan, fs: float | None, chunk: int, use_threads: bool) -> _Store:
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
    norms: Any = open(store.folder / "norm.f64", "w+b") if plan.norm_of else None
    phone: Any = open(store.folder / "phone.i64", "w+b") if plan.phone_col is not None else None
    polar_epoch_ns = 946_684_800 * 1_000_000_000
    try:
        t0: Any = None
        prev: Any = None
        k = 0
        for arrays in _typed_blocks(p, plan.offset, plan.sep, plan.decimal, plan.n_fields, cols, kinds, chunk,
                                    use_threads):
            pos = 0
            tc = None
            if plan.time_col is not None:
                tc = arrays[0]
                pos = 1
            acc = np.column_stack(arrays[pos:pos + 3]).astype(np.float64, copy=False)
            pos += 3
            extra = np.column_stack(arrays[pos:pos + 3]) if plan.extra_cols else None
            if not np.all(np.isfinite(acc)) or (extra is not None and not np.all(np.isfinite(extra))):
                raise _NotStreamable
            m = acc.shape[0]
            if not m:
                continue
            if tc is not None:
                if tc.dtype.kind == "f" and not np.all(np.isfinite(tc)):
                    raise _NotStreamable
                if (m > 1 and not np.all(np.diff(tc) > 0)) or (prev is not None and tc[0] <= prev):
                    raise _NotStreamable
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
                norms.write(np.linalg.norm(acc if plan.norm_of == "acc" else extra, axis=1).tobytes())
            if phone is not None:
                phone.write((arrays[-1] - (tc + polar_epoch_ns)).tobytes())
            store.append(ts, (acc + extra if extra is not None else acc) * factor)
            k += m
        if t0 is None:
            raise _NotStreamable  # no data rows: the whole-file reader says so
        store.seal()
        median_norm = None
        if norms is not None:
            norms.flush()
            median_norm = _median_of(lambda: _file_chunks(norms, store.n, chunk), store.n)
        offset_ns = None
        if phone is not None:
            phone.flush()
            offset_ns = int(_median_int(lambda: _file_chunks(phone, store.n, chunk, np.int64), store.n))
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
        if (details.get("time_units_inferred") and plan.time_col is not None and abs(float(t0)) <= 1e8
                and (store.n < 2 or _step_unit(_median_dt(store, 0, store.n, chunk) / plan.time_factor)
                     != details["time_units"])):
            raise _NotStreamable
        median_g = median_norm * UNIT_TO_MPS2[units] / 9.80665
        gravity = 0.5 <= median_g <= 2.0
        details["median_norm_g"] = median_g
    elif plan.fmt == "sensor_logger":
        kind = details["file_kind"]
        wanted_units = units
        if kind == "wrist_motion":
            if plan.extra_cols:
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
            raise _NotStreamable  # the whole file decides other units than its head: read it whole
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
    store.source = SourceInfo(path=str(p), format=plan.fmt, units=units, device=head_rec.source.device,
                              details=details)
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


def _spill_firmware_log(p: Path, folder: Path, *, fs: float | None, units: str | None, chunk: int) -> _Store:
    """Mirror of :func:`tremor.io.read_firmware_log`, block by block."""
    from tremor.io._common import check_fs_param

    if units not in (None, "m/s^2"):
        raise ParameterError(f"units={units!r} does not apply to a wristband log (its header gives the "
                             "scale of the counts); leave units out")
    fs = check_fs_param(fs)
    header = read_log_header(p)
    store = _Store(folder)
    try:
        return _fill_firmware_log(p, store, header, fs, chunk)
    except BaseException:
        store.close()
        raise


def _fill_firmware_log(p: Path, store: _Store, header: Any, fs: float | None, chunk: int) -> _Store:
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
    details: dict[str, Any] = {
        "version": header.version, "profile": header.profile, "settings": settings, "header": header.raw,
        "sample_encoding": "integer counts x scale_mps2_per_count", "n_raw_notifications": n_raw,
        "marker_sources": sources, "closed_cleanly": end is not None, "notes": notes,
        "first_device_time_ns": t0,
    }
    if end is not None:
        details["end_record"] = end
    _finish_details(store, details, fs, chunk, str(p))
    range_g = settings.get("range_g")
    dev = header.device
    store.source = SourceInfo(path=str(p), format="firmware_log", units="m/s^2",
                              device=dev.get("name") or dev.get("model"), details=details)
    store.start_unix_s = log_start_unix_s(header.raw, t0, details)
    store.range_mps2 = float(range_g) * STANDARD_GRAVITY if range_g else None
    store.markers = tuple(set_markers)
    store.logged_gaps = tuple(LoggedGap((g.start_ns - t0) / 1e9, (g.end_ns - t0) / 1e9, g.reason) for g in gaps)
    store.fs_declared_hz = float(settings["sample_rate_hz"])
    return store


def _finish_details(store: _Store, details: dict[str, Any], fs: float | None, chunk: int, display: str) -> None:
    """What ``reconcile_fs`` and ``build_recording`` (tremor.io._common) add, from the whole file."""
    from tremor.io._common import reconcile_fs

    median_dt = _median_dt(store, 0, store.n, chunk) if store.n >= 2 else None
    if fs is not None and median_dt is not None:
        # reconcile_fs measures the rate as 1 / median interval: give it that interval.
        reconcile_fs(fs, np.array([0.0, median_dt]), display, details)
    details.setdefault("n_samples", store.n)
    if median_dt is not None and median_dt > 0:
        details.setdefault("measured_rate_hz", 1.0 / median_dt)


def _line_end_offset(p: Path, idx: int) -> int:
    """Byte offset just after line ``idx`` (0-based) of ``p``."""
    with open(p, "rb") as fh:
        seen, pos = 0, 0
        while True:
            block = fh.read(1 << 16)
            if not block:
                return pos
            start = 0
            while True:
                k = block.find(b"\n", start)
                if k < 0:
                    break
                if seen == idx:
                    return pos + k + 1
                seen += 1
                start = k + 1
            pos += len(block)


# --------------------------------------------------------------------------- exact medians
def _kth_smallest(chunks: Callable[[], Iterator[np.ndarray]], k: int, signed_int: bool = False) -> Any:
    """The ``k``-th smallest (0-based) of the non-negative floats streamed by ``chunks()``, exactly.

    Radix selection on the IEEE-754 bit patterns (ordered like the values for non-negative
    floats), 16 bits per pass: four passes over the data, a 65,536-bin histogram in memory.
    """
    prefix = np.uint64(0)
    rank = k
    for shift in (48, 32, 16, 0):
        counts = np.zeros(1 << 16, dtype=np.int64)
        hi_shift = np.uint64(shift + 16)
        for c in chunks():
            keys = c.view(np.uint64)
            if signed_int:  # int64 -> uint64 in the same order: flip the sign bit
                keys = keys ^ np.uint64(1 << 63)
            if shift < 48:
                keys = keys[(keys >> hi_shift) == (prefix >> hi_shift)]
            counts += np.bincount(((keys >> np.uint64(shift)) & np.uint64(0xFFFF)).astype(np.intp),
                                  minlength=1 << 16)
        cum = np.cumsum(counts)
        digit = int(np.searchsorted(cum, rank, side="right"))
        rank -= int(cum[digit - 1]) if digit else 0
        prefix |= np.uint64(digit) << np.uint64(shift)
    if signed_int:
        return int(np.array([prefix ^ np.uint64(1 << 63)], dtype=np.uint64).view(np.int64)[0])
    return float(np.array([prefix], dtype=np.uint64).view(np.float64)[0])


def _median_of(chunks: Callable[[], Iterator[np.ndarray]], n: int) -> float:
    """``np.median`` of ``n`` non-negative values streamed by ``chunks()``, exactly."""
    if n < 1:
        return math.nan
    lower = _kth_smallest(chunks, (n - 1) // 2)
    if n % 2:
        return lower
    # The upper middle value: ``lower`` again if it occurs often enough, else the next larger value.
    at_or_below, above = 0, math.inf
    for c in chunks():
        at_or_below += int(np.count_nonzero(c <= lower))
        bigger = c[c > lower]
        if bigger.size:
            above = min(above, float(bigger.min()))
    upper = lower if at_or_below >= n // 2 + 1 else above
    return float(np.mean(np.array([lower, upper])))


def _median_int(chunks: Callable[[], Iterator[np.ndarray]], n: int) -> float:
    """``np.median`` of ``n`` int64 values streamed by ``chunks()``, exactly (a float, as numpy gives)."""
    lower = _kth_smallest(chunks, (n - 1) // 2, signed_int=True)
    if n % 2:
        return float(np.median(np.array([lower], dtype=np.int64)))
    upper = _kth_smallest(chunks, n // 2, signed_int=True)
    return float(np.mean(np.array([lower, upper], dtype=np.int64)))


def _median_dt(store: _Store, start: int, stop: int, chunk: int) -> float:
    """``np.median(np.diff(t[start:stop]))`` (cached: the whole file's is asked for twice)."""
    key = (start, stop)
    if key not in store.medians:
        store.medians[key] = _median_of(lambda: store.dt_chunks(start, stop, chunk), stop - start - 1)
    return store.medians[key]


# ------------------------------------------------------------------------------ the analysis
@dataclass(frozen=True)
class _Seg:
    a: int
    b: int
    t0_s: float
    fs_hz: float
    n: int
    interpolated: bool


def analyze_store(store: _Store, *, markers: list[SetMarker] | tuple[SetMarker, ...] | None,
                  context: dict[str, Any] | None, config: FrameConfig, chunk: int) -> AnalysisResult:
    """:func:`tremor.core.analysis.analyze` over spilled samples, block by block."""
    assert store.source is not None
    sampling, gap_idx = _assess(store, chunk)
    if sampling.duration_s < MIN_DURATION_S:
        raise SamplingError(
            f"{store.source.path}: the recording lasts {sampling.duration_s:.1f} s; "
            f"at least {MIN_DURATION_S:g} s are needed to analyse tremor"
        )
    segments = _segments(store, sampling, gap_idx, chunk)
    frames = FrameBuffer(sum(frame_count(seg.n, seg.fs_hz, config) for seg in segments))
    transients: list[Transient] = []
    limits: list[tuple[float, float]] = []
    for seg in segments:
        transients.extend(_analyze_segment(store, seg, sampling.rate_hz, config, chunk, frames, limits))
    notes = list(sampling.notes)
    if any(s.interpolated for s in segments):
        notes.append("twitch and spectral analysis ran on the interpolated grid; event times are accurate to one sample")
    use_markers = tuple(markers) if markers else store.markers
    check_markers(use_markers, end_s=store.last_t, path=store.source.path)
    return summarize(
        frames.frames(), transients, source=store.source, sampling=sampling, end_s=store.last_t,
        fs_hz=sampling.rate_hz, markers=use_markers, context=context or {}, extra_notes=notes,
        start_unix_s=store.start_unix_s, gravity_included=store.gravity_included, twitch_limits=limits,
    )


def _assess(store: _Store, chunk: int) -> tuple[SamplingReport, list[int]]:
    """:func:`tremor.core.quality.assess_sampling` over the store; also the indices of the gaps."""
    assert store.source is not None
    if store.n < 3:
        raise SamplingError(f"{store.source.path}: {store.n} sample(s); at least 3 are needed to measure a sampling rate")
    median_dt = _median_dt(store, 0, store.n, chunk)
    limit = GAP_FACTOR * median_dt
    count, total, max_dt = 0, 0.0, 0.0
    gap_idx: list[int] = []
    for k, dt in enumerate(store.dt_chunks(0, store.n, chunk)):
        is_gap = dt > limit
        regular = dt[~is_gap]
        count += regular.size
        total += float(regular.sum())
        max_dt = max(max_dt, float(dt.max()))
        gap_idx.extend((np.flatnonzero(is_gap) + k * chunk).tolist())
    rate = count / total
    mean = total / count
    ss = 0.0
    for dt in store.dt_chunks(0, store.n, chunk):
        regular = dt[dt <= limit]
        ss += float(np.sum((regular - mean) ** 2))
    jitter = math.sqrt(ss / count) if count > 1 else 0.0
    gaps, notes = gaps_and_notes([tuple(float(x) for x in store.times(i, i + 2)) for i in gap_idx], rate=rate,
                                 median_dt=median_dt, jitter=jitter, declared=store.fs_declared_hz,
                                 logged=store.logged_gaps)
    declared = store.fs_declared_hz
    report = SamplingReport(
        rate_hz=rate, median_interval_ms=median_dt * 1e3, jitter_ms=jitter * 1e3, max_interval_ms=max_dt * 1e3,
        n_samples=store.n, duration_s=store.last_t - float(store.times(0, 1)[0]), gaps=tuple(gaps),
        saturation=_saturation(store, chunk), declared_rate_hz=declared, notes=tuple(notes),
    )
    return report, gap_idx


def _saturation(store: _Store, chunk: int) -> tuple[Saturation, ...]:
    """:func:`tremor.core.quality._find_saturation`, streamed (a second pass only where one is needed)."""
    found = []
    for k, axis in enumerate("xyz"):
        if store.range_mps2 is not None:
            limit = SATURATION_FRACTION * store.range_mps2
        elif store.abs_max[k] >= 2 * STANDARD_GRAVITY:
            limit = float(store.abs_max[k]) - 1e-9
        else:
            continue
        hits, first, run, longest = 0, None, 0, 0
        for a in range(0, store.n, chunk):
            col = np.abs(store.acc(a, min(a + chunk, store.n))[:, k])
            hit = col >= limit
            if not hit.any():
                run = 0
                continue
            hits += int(hit.sum())
            if first is None:
                first = float(store.times(a + int(np.argmax(hit)), a + int(np.argmax(hit)) + 1)[0])
            # longest run of hits, carried across blocks
            padded = np.concatenate([[0], hit.astype(np.int8), [0]])
            edges = np.diff(padded)
            starts, stops = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
            lengths = stops - starts
            if starts[0] == 0:
                lengths[0] += run
            longest = max(longest, int(lengths.max()))
            run = int(lengths[-1]) if stops[-1] == hit.size else 0
        if store.range_mps2 is not None:
            if hits:
                found.append(Saturation(axis, hits, float(store.range_mps2), float(first), "range"))  # type: ignore[arg-type]
        elif longest >= 3:
            found.append(Saturation(axis, hits, float(store.abs_max[k]), float(first), "stuck"))  # type: ignore[arg-type]
    return tuple(found)


def _segments(store: _Store, sampling: SamplingReport, gap_idx: list[int], chunk: int) -> list[_Seg]:
    """:func:`tremor.core.quality.uniform_segments`, without loading the samples."""
    cut = [0, *(i + 1 for i in gap_idx), store.n]
    out = []
    for a, b in zip(cut[:-1], cut[1:]):
        if b - a < 2:
            continue
        t_first, t_last = float(store.times(a, a + 1)[0]), float(store.times(b - 1, b)[0])
        median_dt = _median_dt(store, a, b, chunk)
        count, total = 0, 0.0
        for dt in store.dt_chunks(a, b, chunk):
            count += dt.size
            total += float(dt.sum())
        mean = total / count
        ss = sum(float(np.sum((dt - mean) ** 2)) for dt in store.dt_chunks(a, b, chunk))
        if math.sqrt(ss / count) <= MAX_UNIFORM_JITTER * median_dt:
            out.append(_Seg(a, b, t_first, float((b - a - 1) / (t_last - t_first)), b - a, False))
        else:
            fs = sampling.rate_hz
            n = int(np.floor((t_last - t_first) * fs)) + 1
            out.append(_Seg(a, b, t_first, fs, n, True))
    return out


def _reader(store: _Store, seg: _Seg) -> Callable[[int, int], np.ndarray]:
    """Samples ``lo:hi`` of the segment's uniform grid (raw, or interpolated like uniform_segments)."""
    if not seg.interpolated:
        return lambda lo, hi: store.acc(seg.a + lo, seg.a + hi)
    times = np.memmap(store.folder / "time.f64", dtype=np.float64, mode="r", shape=(store.n,))

    def read(lo: int, hi: int) -> np.ndarray:
        grid = seg.t0_s + np.arange(lo, hi) / seg.fs_hz
        seg_t = times[seg.a:seg.b]
        i0 = max(int(np.searchsorted(seg_t, grid[0], side="right")) - 1, 0)
        i1 = min(int(np.searchsorted(seg_t, grid[-1], side="left")) + 1, seg.b - seg.a)
        ts = store.times(seg.a + i0, seg.a + i1)
        acc = store.acc(seg.a + i0, seg.a + i1)
        return np.column_stack([np.interp(grid, ts, acc[:, k]) for k in range(3)])

    return read


def zero_phase_margin(sos: np.ndarray, *, rel_tol: float = 1e-13) -> int:
    """Samples on each side of a block for ``sosfiltfilt`` on it to equal whole-array filtering.

    The start-up transient of each pass decays like ``r ** n`` (``r`` the largest pole radius);
    the margin is where that falls below ``rel_tol``, doubled for safety (repeated poles), plus
    the filter's padding.

    Parameters
    ----------
    sos : ndarray, shape (n_sections, 6)
        The filter's second-order sections.
    rel_tol : float
        Relative size below which the start-up transient counts as gone.

    Returns
    -------
    int
        The margin in samples.
    """
    poles = np.concatenate([np.roots(s[3:]) for s in np.asarray(sos)])
    r = float(np.max(np.abs(poles)))
    n = math.ceil(math.log(rel_tol) / math.log(r)) if 0 < r < 1 else 0
    return 2 * n + 3 * (2 * len(sos) + 1)


def _analyze_segment(store: _Store, seg: _Seg, rate_hz: float, config: FrameConfig,
                     chunk: int, frames: FrameBuffer, limits: list[tuple[float, float]]) -> list[Transient]:
    """Frames (appended to ``frames`` as they come) and transients of one gap-free segment."""
    read = _reader(store, seg)
    extractor = FrameExtractor(seg.fs_hz, seg.t0_s, store.gravity_included, config)
    detector = TwitchDetector(seg.fs_hz, seg.t0_s) if seg.fs_hz >= MIN_TWITCH_FS_HZ else None
    found: list[Transient] = []
    n = seg.n
    for e0 in range(0, n, chunk):
        e1 = min(e0 + chunk, n)
        x = read(e0, e1)
        frames.append(extractor.update(x))
        if detector is not None:
            found.extend(detector.update(x, final=e1 == n))
    if detector is not None:
        limits.extend(detector.limits)
    return found
