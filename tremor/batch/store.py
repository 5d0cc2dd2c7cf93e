"""The spill store of the long-file path: samples in two flat binary files, read back in blocks.

A long recording's samples are written once to ``time.f64`` (8 bytes a sample) and ``acc.f64``
(24 bytes, m/s^2) in a temporary folder named :data:`SPILL_PREFIX` ``<pid>-...``; the analysis
(:mod:`tremor.batch.chunked`) reads them back in blocks. Exact medians over streamed values (radix
selection on the IEEE-754 bit patterns) give the same sample interval as ``np.median`` over the
whole array, so the long-file path splits and rates segments exactly as the whole-file path.
Stale spill folders of killed processes are swept by :func:`sweep_stale_spills`.
"""

from __future__ import annotations

import math
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from tremor.core.bursts import WARM_UP, BurstRestamper, BurstStretch, may_burst
from tremor.io._decided import DecidedSource

__all__ = [
    "SPILL_PREFIX",
    "remove_own_spills",
    "SpillStore",
    "sweep_stale_spills",
    "file_chunks",
    "kth_smallest",
    "median_of",
    "median_int",
    "median_dt",
    "window_norm_median",
]

#: Spill folders are named ``tremor-chunks-<pid of the owner>-<random>``.
SPILL_PREFIX = "tremor-chunks-"


def _spill_folders(tmp_dir: str | os.PathLike[str] | None) -> list[tuple[Path, int]]:
    """This user's spill folders in ``tmp_dir`` (default: the system's temporary folder), with the pid
    in each name: folders named :data:`SPILL_PREFIX` ``<pid>-...``, not links."""
    folder = Path(tmp_dir) if tmp_dir is not None else Path(tempfile.gettempdir())
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []
    found: list[tuple[Path, int]] = []
    for entry in entries:
        pid_text = entry.name[len(SPILL_PREFIX) :].split("-", 1)[0]
        if not entry.name.startswith(SPILL_PREFIX) or not pid_text.isdigit():
            continue
        try:
            st = entry.lstat()
        except OSError:
            continue
        if entry.is_dir() and not entry.is_symlink() and st.st_uid == os.getuid():
            found.append((entry, int(pid_text)))
    return found


def sweep_stale_spills(tmp_dir: str | os.PathLike[str] | None = None) -> list[Path]:
    """Remove spill folders left by analyses whose process is gone (killed with -9, power cut).

    Only folders named :data:`SPILL_PREFIX` ``<pid>-...``, owned by this user, whose pid is not a
    running process, are removed.

    Parameters
    ----------
    tmp_dir : path-like, optional
        Where to look (default: the system's temporary folder).

    Returns
    -------
    list of Path
        The folders removed.
    """
    import shutil

    removed: list[Path] = []
    for entry, pid in _spill_folders(tmp_dir):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
        except OSError:
            continue
    return removed


def remove_own_spills(tmp_dir: str | os.PathLike[str] | None = None) -> list[Path]:
    """Remove this process's own spill folders: the last act of a process that is being ended.

    A process ended by a signal may not unwind an analysis in time (a signal landing while a
    folder is being made, or an unwinding slower than the grace period on a loaded machine); its
    folders, named :data:`SPILL_PREFIX` ``<this pid>-...``, are removed here instead.

    Parameters
    ----------
    tmp_dir : path-like, optional
        Where to look (default: the system's temporary folder).

    Returns
    -------
    list of Path
        The folders removed.
    """
    import shutil

    mine = [entry for entry, pid in _spill_folders(tmp_dir) if pid == os.getpid()]
    for entry in mine:
        shutil.rmtree(entry, ignore_errors=True)
    return mine


# ------------------------------------------------------------------------------- sample store
def _abs_max(a: np.ndarray) -> np.ndarray:
    """``np.abs(a).max(axis=0)`` of an (n, 3) block, axis by axis: the same values, 20x faster
    (numpy reduces a C-ordered (n, 3) array along its rows slowly)."""
    return np.array([np.abs(a[:, k]).max() for k in range(a.shape[1])])


@dataclass
class SpillStore:
    """Samples spilled to flat float64 files: times (n,) and acceleration (n, 3) in m/s^2."""

    folder: Path
    n: int = 0
    #: What the reader decided over the whole file (source, gravity, markers, ...), set after the spill.
    decided: DecidedSource | None = None
    last_t: float = 0.0
    abs_max: np.ndarray = field(default_factory=lambda: np.zeros(3))
    medians: dict[tuple[int, int], float] = field(default_factory=dict)
    first_t_in_file: float = 0.0
    _t_fh: Any = None
    _a_fh: Any = None

    def __post_init__(self) -> None:
        # held for the store's life; closed by seal()/close()
        self._t_fh = open(self.folder / "time.f64", "w+b")  # noqa: SIM115
        self._a_fh = open(self.folder / "acc.f64", "w+b")  # noqa: SIM115

    def append(self, t: np.ndarray, a: np.ndarray) -> None:
        t = np.ascontiguousarray(t, dtype=np.float64)
        a = np.ascontiguousarray(a, dtype=np.float64)
        if not t.size:
            return
        self._t_fh.write(t.data)  # contiguous: written from the array, no bytes copy
        self._a_fh.write(a.data)
        self.n += t.size
        self.last_t = float(t[-1])
        np.maximum(self.abs_max, _abs_max(a), out=self.abs_max)

    def seal(self) -> None:
        self._t_fh.flush()
        self._a_fh.flush()

    def times(self, start: int, stop: int) -> np.ndarray:
        self._t_fh.seek(8 * start)
        return np.frombuffer(self._t_fh.read(8 * (stop - start)), dtype=np.float64)

    def acc(self, start: int, stop: int) -> np.ndarray:
        self._a_fh.seek(24 * start)
        return np.frombuffer(self._a_fh.read(24 * (stop - start)), dtype=np.float64).reshape(-1, 3)

    def memmap_times(self) -> np.ndarray:
        """All stamps, mapped read-only from the spill file (not loaded)."""
        return np.memmap(self.folder / "time.f64", dtype=np.float64, mode="r", shape=(self.n,))

    def dt_chunks(self, start: int, stop: int, chunk: int) -> Iterator[np.ndarray]:
        """``np.diff(t[start:stop])`` in blocks."""
        for a in range(start, stop - 1, chunk):
            b = min(a + chunk + 1, stop)
            yield np.diff(self.times(a, b))

    def rescale(
        self, factor: float, check: Callable[[np.ndarray, np.ndarray, int], None], chunk: int
    ) -> None:
        """Multiply the spilled acceleration by ``factor`` in place, block by block, checking each block.

        Parameters
        ----------
        factor : float
            m/s^2 per unit of the spilled values.
        check : callable
            ``check(acc_mps2, t_s, first_sample)`` for each scaled block (raises to refuse it).
        chunk : int
            Samples per block.
        """
        self.abs_max = np.zeros(3)
        for a in range(0, self.n, chunk):
            b = min(a + chunk, self.n)
            acc = self.acc(a, b) * factor
            check(acc, self.times(a, b), a)
            if factor != 1.0:
                self._a_fh.seek(24 * a)
                self._a_fh.write(acc.tobytes())
            np.maximum(self.abs_max, _abs_max(acc), out=self.abs_max)
        self._a_fh.flush()

    def restamp_bursts(self, chunk: int) -> list[BurstStretch]:
        """Put burst-stamped stretches on their rate in place, block by block (:mod:`tremor.core.bursts`, the rule
        of batch and live; skipped where :func:`~tremor.core.bursts.may_burst` rules bursts out).

        Returns
        -------
        list of BurstStretch
            The stretches found.
        """
        step = max(chunk, WARM_UP + 1)
        if not may_burst(self.times(a, min(a + step, self.n)) for a in range(0, self.n, step)):
            return []
        r = BurstRestamper()
        written = 0
        for a in range(0, self.n, step):
            out = r.update(self.times(a, min(a + step, self.n)).copy())
            if a + step >= self.n:
                out = np.concatenate([out, r.finish()])
            self._t_fh.seek(8 * written)
            self._t_fh.write(np.ascontiguousarray(out).data)
            written += out.size
        self._t_fh.flush()
        if written:
            self.last_t = float(self.times(written - 1, written)[0])
        return r.stretches

    def close(self) -> None:
        self._t_fh.close()
        self._a_fh.close()


def window_norm_median(store: SpillStore, win: int, chunk: int) -> float:
    """``np.median`` of the norms of the means of consecutive ``win``-sample windows of the store's acceleration.

    The last partial window is left out, as :func:`tremor.io._generic_csv.infer_units_from_gravity`
    does; each block holds whole windows, so every mean is computed as over the whole array.

    Parameters
    ----------
    store : SpillStore
        The spilled samples.
    win : int
        Samples per window (>= 1).
    chunk : int
        About this many samples are read at a time.

    Returns
    -------
    float
        The median (exact, by :func:`median_of`).
    """
    n_win = store.n // win
    step = max(chunk // win, 1) * win

    def chunks() -> Iterator[np.ndarray]:
        for a in range(0, n_win * win, step):
            b = min(a + step, n_win * win)
            means = store.acc(a, b).reshape(-1, win, 3).mean(axis=1)
            yield np.linalg.norm(means, axis=1)

    return median_of(chunks, n_win)


def file_chunks(fh: Any, n: int, chunk: int, dtype: Any = np.float64) -> Iterator[np.ndarray]:
    for a in range(0, n, chunk):
        fh.seek(8 * a)
        yield np.frombuffer(fh.read(8 * min(chunk, n - a)), dtype=dtype)


# --------------------------------------------------------------------------- exact medians
def kth_smallest(chunks: Callable[[], Iterator[np.ndarray]], k: int, signed_int: bool = False) -> Any:
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
            counts += np.bincount(
                ((keys >> np.uint64(shift)) & np.uint64(0xFFFF)).astype(np.intp), minlength=1 << 16
            )
        cum = np.cumsum(counts)
        digit = int(np.searchsorted(cum, rank, side="right"))
        rank -= int(cum[digit - 1]) if digit else 0
        prefix |= np.uint64(digit) << np.uint64(shift)
    if signed_int:
        return int(np.array([prefix ^ np.uint64(1 << 63)], dtype=np.uint64).view(np.int64)[0])
    return float(np.array([prefix], dtype=np.uint64).view(np.float64)[0])


def median_of(chunks: Callable[[], Iterator[np.ndarray]], n: int) -> float:
    """``np.median`` of ``n`` non-negative values streamed by ``chunks()``, exactly."""
    if n < 1:
        return math.nan
    lower = kth_smallest(chunks, (n - 1) // 2)
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


def median_int(chunks: Callable[[], Iterator[np.ndarray]], n: int) -> float:
    """``np.median`` of ``n`` int64 values streamed by ``chunks()``, exactly (a float, as numpy gives)."""
    lower = kth_smallest(chunks, (n - 1) // 2, signed_int=True)
    if n % 2:
        return float(np.median(np.array([lower], dtype=np.int64)))
    upper = kth_smallest(chunks, n // 2, signed_int=True)
    return float(np.mean(np.array([lower, upper], dtype=np.int64)))


def median_dt(store: SpillStore, start: int, stop: int, chunk: int) -> float:
    """``np.median(np.diff(t[start:stop]))`` (cached: the whole file's is asked for twice)."""
    key = (start, stop)
    if key not in store.medians:
        store.medians[key] = median_of(lambda: store.dt_chunks(start, stop, chunk), stop - start - 1)
    return store.medians[key]
