"""Stamps written in bursts (a phone that batches its sensor): recognised from the stamps alone, put back on the rate.

An Android phone that batches its accelerometer (a hardware FIFO, common with the screen off) delivers N samples
at once; an app that stamps each sample in its callback writes N stamps within a fraction of a millisecond (or the
same whole millisecond, ``System.currentTimeMillis``), then jumps by about N / fs to the next burst. The sensor
sampled regularly and no sample is lost: read as they are, the stamps give a rate of thousands of Hz and a "gap" at
every burst.

The rule, from the stamps alone and causally (the same answer whatever the chunking, so live = batch):

* an interval is *tight* when it is under :data:`TIGHT_FRACTION` of the mean interval of the last
  :data:`MEAN_WINDOW` intervals (the mean interval is the sample period whatever the bursts, since none is lost);
  the first :data:`WARM_UP` intervals are judged against their own mean;
* a *group* is a run of samples joined by tight intervals; its first stamp is its delivery;
* :data:`MIN_BURSTS` or more consecutive groups of two or more samples spanning :data:`~tremor.core.grid.RATE_PROBE_S`
  seconds or more, whose delivery stamps lie on a line against the index of the group's last sample (each within
  half the smallest group's length): a burst-stamped stretch, its period the line's slope (the least-squares
  rate across the bursts). Its samples are put on that line: sample ``i`` at ``a + i / fs`` (each burst's last
  sample at the line's delivery time);
* the ticks of a coarse clock (every group one repeated stamp, every step between groups one tick) are no
  bursts: they are left as they are;
* the line is refitted with every burst (the rate measured across all the stretch's bursts so far);
* the stretch ends at a group of one sample or a delivery off the line by more than half a typical burst (a lost
  burst, or the batching ending); what follows is judged afresh.

Anything else (regular or jittery stamps, a duplicated row, a stuck clock: a single run of repeats) passes unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import numpy as np

from tremor.core.grid import RATE_PROBE_S

if TYPE_CHECKING:
    from tremor.core.quality import SamplingReport

__all__ = [
    "TIGHT_FRACTION",
    "MEAN_WINDOW",
    "WARM_UP",
    "MIN_BURSTS",
    "BurstStretch",
    "BurstRestamper",
    "may_burst",
    "restamp_bursts",
    "burst_note",
    "stretch_dicts",
    "with_bursts",
]

#: An interval under this fraction of the recent mean interval joins two samples of one burst.
TIGHT_FRACTION = 0.3
#: Intervals in the running mean.
MEAN_WINDOW = 64
#: Intervals judged against their own mean before the running mean starts.
WARM_UP = MEAN_WINDOW
#: Consecutive bursts needed to recognise a burst-stamped stretch (and measure its rate).
MIN_BURSTS = 8


@dataclass
class BurstStretch:
    """A burst-stamped stretch: samples ``start:stop`` (stream indices), typical burst ``burst``, rate ``fs_hz``;
    ``start_s`` is its first sample's time on the rate's grid (the stamps' clock, before any shift to 0)."""

    start: int
    stop: int
    burst: int
    fs_hz: float
    start_s: float


@dataclass
class _Fit:
    """The running least-squares line of a stretch's delivery stamps against its bursts' last indices (sums
    about the first burst, so that they stay exact): updated with every burst, so the rate is measured across
    all the stretch's bursts so far."""

    e0: float
    d0: float
    tol: float
    stretch: BurstStretch
    n: int = 0
    sx: float = 0.0
    sy: float = 0.0
    sxx: float = 0.0
    sxy: float = 0.0

    def add(self, end: int, delivery: float) -> None:
        x, y = end - self.e0, delivery - self.d0
        self.n += 1
        self.sx += x
        self.sy += y
        self.sxx += x * x
        self.sxy += x * y

    def line(self) -> tuple[float, float]:
        """The line's value at index ``e0`` (on the stamps' clock) and its slope (s a sample)."""
        den = self.n * self.sxx - self.sx * self.sx
        slope = (self.n * self.sxy - self.sx * self.sy) / den
        return self.d0 + (self.sy - slope * self.sx) / self.n, slope

    def at(self, index: np.ndarray | int) -> np.ndarray:
        a, slope = self.line()
        return a + (np.asarray(index, dtype=np.float64) - self.e0) * slope


@dataclass
class BurstRestamper:
    """Feed stamps chunk by chunk (:meth:`update`), then :meth:`finish`; out come the stamps, burst-stamped
    stretches put on their rate, in order. The output is the same whatever the chunking."""

    stretches: list[BurstStretch] = field(default_factory=list)
    _hist: list[float] = field(default_factory=list)  # the last MEAN_WINDOW intervals
    _n_in: int = 0
    _last: float | None = None
    _warm: list[float] = field(default_factory=list)  # stamps of the warm-up, undecided
    _open: list[float] = field(default_factory=list)  # the open group's stamps
    _open_start: int = 0
    _pending: list[tuple[int, list[float]]] = field(default_factory=list)
    _fit: _Fit | None = None
    _last_out: float = -np.inf

    def update(self, time_s: np.ndarray) -> np.ndarray:
        """Take the next stamps; return the stamps decided so far (a burst is held until the next one begins).

        Parameters
        ----------
        time_s : ndarray
            The next received stamps (s), in order.

        Returns
        -------
        ndarray
            The stamps decided by now, in order: a burst-stamped stretch's on its fitted rate, others as received.
        """
        out: list[float] = []
        for v in np.asarray(time_s, dtype=np.float64).tolist():
            self._take(v, out)
        return np.asarray(out, dtype=np.float64)

    def finish(self) -> np.ndarray:
        """Close the stream; return the stamps still held.

        Returns
        -------
        ndarray
            The stamps held back so far, decided (the stream's last ones).
        """
        out: list[float] = []
        if self._warm:
            self._judge_warm(out)
        if self._open:
            self._close_group(out)
        self._try_fit(out, at_end=True)
        self._flush_pending(out)
        self._fit = None
        return np.asarray(out, dtype=np.float64)

    # ------------------------------------------------------------------ internals
    def _take(self, v: float, out: list[float]) -> None:
        idx = self._n_in
        self._n_in += 1
        if idx <= WARM_UP:  # the warm-up's intervals are judged together, against their own mean
            self._warm.append(v)
            if len(self._warm) == WARM_UP + 1:
                self._judge_warm(out)
            return
        assert self._last is not None
        dt = v - self._last
        self._push_interval(dt)
        self._join(v, idx, dt < TIGHT_FRACTION * (sum(self._hist) / len(self._hist)), out)

    def _judge_warm(self, out: list[float]) -> None:
        w = self._warm
        self._warm = []
        if len(w) < 2:
            for k, v in enumerate(w):
                self._join(v, k, False, out)
            return
        dts = np.diff(w)
        mean = float(np.mean(dts))
        self._join(w[0], 0, False, out)
        for k, dt in enumerate(dts.tolist()):
            self._push_interval(dt)
            self._join(w[k + 1], k + 1, dt < TIGHT_FRACTION * mean, out)

    def _push_interval(self, dt: float) -> None:
        self._hist.append(dt)
        if len(self._hist) > MEAN_WINDOW:
            del self._hist[0]

    def _join(self, v: float, idx: int, tight: bool, out: list[float]) -> None:
        self._last = v
        if tight and self._open:
            self._open.append(v)
            return
        if self._open:
            self._close_group(out)
        self._open = [v]
        self._open_start = idx

    def _close_group(self, out: list[float]) -> None:
        group = (self._open_start, self._open)
        self._open = []
        fit = self._fit
        if fit is not None:
            start, st = group
            last = start + len(st) - 1
            if len(st) >= 2 and abs(st[0] - float(fit.at(last))) <= fit.tol:
                fit.add(last, st[0])
                self._emit_fit(start, len(st), out)
                return
            self._fit = None
        if len(group[1]) < 2:
            self._flush_pending(out)
            self._emit_raw(group[1], out)
            return
        self._pending.append(group)
        self._try_fit(out)

    def _try_fit(self, out: list[float], *, at_end: bool = False) -> None:
        """Recognise the pending groups as a burst-stamped stretch (at the end of the stream, any
        :data:`MIN_BURSTS // 2` or more of them, however short)."""
        while len(self._pending) >= (MIN_BURSTS // 2 if at_end else MIN_BURSTS):
            first, last = self._pending[0], self._pending[-1]
            if not at_end and last[1][0] - first[1][0] < RATE_PROBE_S:
                return
            ends = np.array([s + len(st) - 1 for s, st in self._pending], dtype=np.float64)
            deliv = np.array([st[0] for _, st in self._pending])
            sizes = np.array([len(st) for _, st in self._pending])
            slope, a = np.polyfit(ends, deliv, 1)
            resid = float(np.max(np.abs(deliv - (a + slope * ends))))
            start = first[0]
            if (
                not _coarse_clock(self._pending)
                and slope > 0
                and resid <= 0.5 * float(sizes.min()) * slope
                and a + start * slope > self._last_out
            ):
                burst = int(np.median(sizes))
                fit = _Fit(
                    float(ends[0]),
                    float(deliv[0]),
                    max(0.5 * burst * float(slope), 2.0 * resid),
                    BurstStretch(start, start, burst, 1.0 / float(slope), float(a + start * slope)),
                )
                for e, d in zip(ends.tolist(), deliv.tolist(), strict=True):
                    fit.add(int(e), d)
                self._fit = fit
                self.stretches.append(fit.stretch)
                pend, self._pending = self._pending, []
                for s, st in pend:
                    self._emit_fit(s, len(st), out)
                return
            self._emit_raw(self._pending.pop(0)[1], out)

    def _flush_pending(self, out: list[float]) -> None:
        for _, st in self._pending:
            self._emit_raw(st, out)
        self._pending = []

    def _emit_raw(self, stamps: list[float], out: list[float]) -> None:
        out.extend(stamps)
        self._last_out = stamps[-1]

    def _emit_fit(self, start: int, n: int, out: list[float]) -> None:
        fit = self._fit
        assert fit is not None
        t = fit.at(np.arange(start, start + n))
        if t[0] <= self._last_out:  # the line moved back past the last sample out: keep order, one period on
            t = t - t[0] + self._last_out + fit.line()[1]
        out.extend(t.tolist())
        self._last_out = float(t[-1])
        fit.stretch.stop = start + n
        fit.stretch.fs_hz = 1.0 / fit.line()[1]


def _coarse_clock(groups: list[tuple[int, list[float]]]) -> bool:
    """Whether the groups are the ticks of a coarse clock rather than bursts: every group one repeated stamp and
    every step between groups the same (one tick); such stamps are left as they are (and refused by name)."""
    if any(st[-1] != st[0] for _, st in groups):
        return False
    steps = np.diff([st[0] for _, st in groups])
    return bool(np.ptp(steps) <= 1e-6 * float(np.max(steps)))


def may_burst(blocks: Iterable[np.ndarray]) -> bool:
    """A quick, generous check (vectorised, block by block): could :data:`MIN_BURSTS` // 2 intervals be tight?

    Judged against twice the rule's fraction of the same mean, so stamps it rules out hold no burst-stamped
    stretch and pass :class:`BurstRestamper` unchanged (the restamper is then skipped: it runs in Python).

    Parameters
    ----------
    blocks : iterable of ndarray
        The stamps, in consecutive blocks (the first of at least :data:`WARM_UP` + 1 stamps, or all of them).

    Returns
    -------
    bool
        False where no burst-stamped stretch can be among the stamps; True where one may be.
    """
    prev = np.zeros(0)
    count = 0
    first = True
    for block in blocks:
        t = np.concatenate([prev, np.asarray(block, dtype=np.float64)])
        dt = np.diff(t)
        if not dt.size:
            prev = t
            continue
        c = np.concatenate([[0.0], np.cumsum(dt)])
        j = np.arange(dt.size)
        lo = np.maximum(j + 1 - MEAN_WINDOW, 0)
        mean = (c[j + 1] - c[lo]) / (j + 1 - lo)
        if first:  # the warm-up: the first intervals against their own mean, as the rule judges them
            k = min(WARM_UP, dt.size)
            mean[:k] = c[k] / k
        skip = max(prev.size - 1, 0)  # intervals of the carried stamps, counted with the block before
        count += int(np.count_nonzero(dt[skip:] < 2.0 * TIGHT_FRACTION * mean[skip:]))
        if count >= MIN_BURSTS // 2:
            return True
        prev = t[-(MEAN_WINDOW + 1) :]
        first = False
    return False


def restamp_bursts(time_s: np.ndarray) -> tuple[np.ndarray, list[BurstStretch]]:
    """The stamps of a whole recording with its burst-stamped stretches put on their rate (see the module).

    Parameters
    ----------
    time_s : ndarray, shape (n,)
        The stamps, in s (non-decreasing; whole-ms repeats within a burst allowed).

    Returns
    -------
    tuple
        The stamps (the input array itself where no stretch is burst-stamped) and the stretches.
    """
    t = np.asarray(time_s, dtype=np.float64)
    if not may_burst([t]):
        return t, []
    r = BurstRestamper()
    t = np.concatenate([r.update(t), r.finish()])
    if not r.stretches:
        return np.asarray(time_s, dtype=np.float64), []
    return t, r.stretches


def stretch_dicts(stretches: list[BurstStretch], *, t0_s: float = 0.0) -> list[dict[str, float | int]]:
    """The stretches for a report: ``start_s``, ``end_s`` (from the recording's time 0, ``t0_s`` on the stamps'
    clock), ``samples``, ``burst`` (the typical burst) and ``rate_hz`` (measured across the bursts).

    Parameters
    ----------
    stretches : list of BurstStretch
        The stretches found.
    t0_s : float
        The recording's time 0 on the stamps' clock.

    Returns
    -------
    list of dict
        One dict a stretch, as the report's ``sampling.stamp_bursts`` gives it.
    """
    return [
        {
            "start_s": round(s.start_s - t0_s, 3),
            "end_s": round(s.start_s - t0_s + (s.stop - s.start - 1) / s.fs_hz, 3),
            "samples": s.stop - s.start,
            "burst": s.burst,
            "rate_hz": round(s.fs_hz, 4),
        }
        for s in stretches
    ]


def burst_note(stretches: list[BurstStretch], *, t0_s: float = 0.0) -> str | None:
    """The sampling note on burst-stamped stretches, in words (None where there are none).

    Parameters
    ----------
    stretches : list of BurstStretch
        The stretches found.
    t0_s : float
        The recording's time 0 on the stamps' clock (the stretch's start is given from it).

    Returns
    -------
    str or None
        The note, or None where there are no stretches.
    """
    if not stretches:
        return None
    sizes = sorted({s.burst for s in stretches})
    n_word = str(sizes[0]) if len(sizes) == 1 else f"{sizes[0]}-{sizes[-1]}"
    rates = [s.fs_hz for s in stretches]
    rate = f"{rates[0]:.2f} Hz" if max(rates) - min(rates) < 0.01 else f"{min(rates):.2f}-{max(rates):.2f} Hz"
    start = stretches[0].start_s - t0_s
    when = f"from {start:.1f} s " if stretches[0].start > 0 else ""
    n_samples = sum(s.stop - s.start for s in stretches)
    return (
        f"the stamps come in bursts of {n_word} {when}({n_samples} samples in {len(stretches)} stretch(es)), "
        f"as a phone that batches its sensor writes them; the samples were spaced at the measured {rate} "
        "(the rate fitted to the bursts' delivery stamps) and put on that grid, each burst ending at its "
        "delivery; no sample was added or dropped"
    )


def with_bursts(report: SamplingReport, bursts: list[BurstStretch], stamps: np.ndarray) -> SamplingReport:
    """The report with its burst-stamped stretches and their note (:mod:`tremor.core.bursts`).

    Parameters
    ----------
    report : SamplingReport
        The report of the restamped samples.
    bursts : list of BurstStretch
        The burst-stamped stretches found (:func:`tremor.core.bursts.restamp_bursts`).
    stamps : ndarray
        The received stamps; ``stamps[0]`` is the recording's time 0.

    Returns
    -------
    SamplingReport
        ``report`` itself where there are no stretches, else with their dicts and note.
    """
    note = burst_note(bursts, t0_s=float(stamps[0]) if stamps.size else 0.0)
    if note is None:
        return report
    t0 = float(stamps[0]) if stamps.size else 0.0
    return replace(report, bursts=tuple(stretch_dicts(bursts, t0_s=t0)), notes=(note, *report.notes))
