"""A persistent change of the sampling rate within a gap-free stretch, found causally.

A phone's sensor service delivers the fastest rate any app asks for, so another app starting (or
stopping) changes a watch's output rate mid-recording: the stamps stay true and no sample is lost,
so no gap splits the stretch. A stretch's grid is decided from its first seconds
(:mod:`tremor.core.grid`); without a split, every frequency after the switch would be read at the
old rate (old / new times its own: a 10 Hz tremor read at 5 Hz after a doubling).

:class:`RateChangeDetector` watches the stamp intervals of the open stretch. Its references are the
stretch's mean and median interval over its first :data:`~tremor.core.grid.RATE_PROBE_S` seconds (at
least :data:`~tremor.core.grid.MIN_PROBE_INTERVALS` intervals). After that, over every window of the
last :data:`RATE_WINDOW` intervals, the rate has changed when both

* the window's mean interval departs from the first seconds' mean by more than :data:`RATE_CHANGE_TOL`
  (a mean is immune to stamp jitter and to bunched packets shorter than a fraction of the window,
  where the median sits near zero), or by :data:`MEAN_NOISE_SIGMAS` standard errors where the
  intervals scatter more (from the first seconds' robust spread; intervals of 1-19 ms need a third),
* and more than half of its intervals depart the same way from the first seconds' median by more
  than the same fraction (dropped samples, each an interval of two or three periods, move a mean,
  the window's or the first seconds', but not the bulk).

The change point is then placed inside that window, where a step from the first seconds' median interval to
the median of the run's intervals after the window fits the intervals best (least absolute deviations), and the stretch
is split there: the new stretch starts at the first sample of its first new interval and gets its
own grid decision and its own reference. A change is taken once :data:`RATE_PERSIST` further
windows agree (the same direction), and placed in the first of them; where the mean rates either side of it
differ by less than half :data:`RATE_CHANGE_TOL` (a reference whose first seconds held a change right after a gap:
2 ms jitter then made a false "from 100.0 to 100.0 Hz" split, review h-rev48), the stretch is not split but the
watch takes a new reference from there; so a split is never more than
:data:`RATE_WINDOW` + :data:`RATE_PERSIST` samples before the newest sample, and live analysis,
holding back that many samples and one, splits where batch does.

Every window is judged on the same samples whatever the blocking, so batch, long files and live find
the same changes, bit for bit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tremor.core.grid import MIN_PROBE_INTERVALS, RATE_PROBE_S

__all__ = [
    "RATE_WINDOW",
    "RATE_CHANGE_TOL",
    "RATE_PERSIST",
    "MEAN_NOISE_SIGMAS",
    "RateChange",
    "RateChangeDetector",
    "lowest_rate_hz",
    "rate_change_note",
]

#: Intervals in the window that judges the rate (odd; 0.5 s at 200 Hz, 2 s at 50 Hz).
RATE_WINDOW = 101
#: Where intervals scatter independently (a logger whose intervals run 1-19 ms), the mean's tolerance is at least this
#: many standard errors of the difference between a window's mean and the first seconds' (from their robust spread).
MEAN_NOISE_SIGMAS = 4.0
#: Further consecutive windows that must agree before a change is taken (a burst of lost samples in jittery stamps
#: moves a few windows, a rate change every window from it on).
RATE_PERSIST = 50
#: Relative departure of the interval from the stretch's reference that counts as a rate change
#: (a 5/4 step is 20 %; a 4 % step shifts frequencies by less than their bands' tolerance).
RATE_CHANGE_TOL = 0.12


@dataclass(frozen=True)
class RateChange:
    """A split of a gap-free stretch where its sampling rate changed.

    ``index`` is the stream index of the new stretch's first sample, at ``time_s``; the old stretch
    ends with the sample before it, at ``before_s``. ``from_hz`` and ``to_hz`` are the mean rates of up
    to :data:`RATE_WINDOW` intervals either side of the split (the old side within its stretch).
    """

    index: int
    time_s: float
    before_s: float
    from_hz: float
    to_hz: float


class RateChangeDetector:
    """The rate-change watch of one stream's open stretch, fed stamps as they arrive.

    Call :meth:`restart` at each gap (a new stretch), :meth:`feed` with each gap-free piece.
    """

    def __init__(self) -> None:
        self._t = np.zeros(0)  # stamps kept: stream indices base:base + size
        self._base = 0
        self._start = 0  # stream index of the open stretch's first sample
        self._ref: tuple[float, float] | None = None  # the stretch's first seconds' (mean, median) interval
        self._tol = RATE_CHANGE_TOL  # the mean's tolerance, widened for stamps that scatter
        self._next = 0  # stream index of the next window end to judge

    def restart(self, first_index: int) -> None:
        """A new stretch (after a gap) starts.

        Parameters
        ----------
        first_index : int
            Stream index of its first sample.
        """
        self._t = np.zeros(0)
        self._base = self._start = first_index
        self._ref = None

    def feed(self, time_s: np.ndarray, first_index: int) -> list[RateChange]:
        """Add the open stretch's next stamps (stream indices ``first_index:first_index + n``).

        Parameters
        ----------
        time_s : ndarray, shape (n,)
            Stamps in s, continuing the stretch.
        first_index : int
            Stream index of ``time_s[0]``.

        Returns
        -------
        list of RateChange
            The rate changes these stamps reveal, in time order (each starts a new stretch).
        """
        t = np.asarray(time_s, dtype=np.float64)
        if not t.size:
            return []
        if not self._t.size:
            self._base = first_index
        self._t = np.concatenate([self._t, t])
        found: list[RateChange] = []
        while True:
            if self._ref is None and not self._set_reference():
                return found
            change = self._judge()
            if change is None:
                keep = max(self._start, min(self._next, self._base + self._t.size) - 2 * RATE_WINDOW - 1)
                self._t = self._t[keep - self._base :]
                self._base = keep
                return found
            if abs(change.to_hz / change.from_hz - 1.0) >= RATE_CHANGE_TOL / 2:
                found.append(change)
            # (else the rates either side agree: the reference was off, its first seconds holding a change right
            # after a gap; the watch takes a new reference from here, and the stretch is not split)
            self._t = self._t[change.index - self._base :]
            self._base = self._start = change.index
            self._ref = None

    def _set_reference(self) -> bool:
        """The stretch's reference interval, once its first :data:`RATE_PROBE_S` s have arrived."""
        t = self._t[self._start - self._base :]
        k = int(np.searchsorted(t, t[0] + RATE_PROBE_S, "left")) if t.size else 0
        if k >= t.size or t.size <= MIN_PROBE_INTERVALS + 1:
            return False
        k = max(k, MIN_PROBE_INTERVALS + 1)
        dt = np.diff(t[:k])
        self._ref = (float((t[k - 1] - t[0]) / (k - 1)), float(np.median(dt)))
        spread = 1.4826 * float(np.median(np.abs(dt - self._ref[1])))  # a robust std: bunched packets give ~0
        noise = MEAN_NOISE_SIGMAS * spread * np.sqrt(1.0 / RATE_WINDOW + 1.0 / (k - 1)) / self._ref[0]
        self._tol = max(RATE_CHANGE_TOL, float(noise))
        self._next = self._start + max(k - 1, RATE_WINDOW)
        return True

    def _judge(self) -> RateChange | None:
        """Judge every window ending at stream index ``next`` or later; the first change, if any."""
        assert self._ref is not None
        ref_mean, ref = self._ref
        last = self._base + self._t.size - 1
        if last < self._next:
            return None
        lo = self._next - RATE_WINDOW - self._base  # local index of the first window's first sample
        t = self._t[lo:]
        dt = np.diff(t)
        up, down = dt > ref * (1 + RATE_CHANGE_TOL), dt < ref * (1 - RATE_CHANGE_TOL)
        if not up.any() and not down.any():
            # no interval departs, so no window's bulk does: none is judged changed, as below
            self._next += t.size - RATE_WINDOW
            return None
        n_up = np.concatenate([[0], np.cumsum(up)])
        n_down = np.concatenate([[0], np.cumsum(down)])
        mean = (t[RATE_WINDOW:] - t[:-RATE_WINDOW]) / RATE_WINDOW
        half = RATE_WINDOW // 2
        slow = (n_up[RATE_WINDOW:] - n_up[:-RATE_WINDOW] > half) & (mean > ref_mean * (1 + self._tol))
        fast = (n_down[RATE_WINDOW:] - n_down[:-RATE_WINDOW] > half) & (mean < ref_mean * (1 - self._tol))
        first = [_run_end(x) for x in (slow, fast)]
        if first == [None, None]:  # judge again the windows of a run still open
            self._next += min(_run_start(x) for x in (slow, fast))
            return None
        w0 = (
            min(r for r in first if r is not None) - RATE_PERSIST
        )  # the run's first window: dt[w0:w0 + RATE_WINDOW]
        window = dt[w0 : w0 + RATE_WINDOW]
        after_window = dt[w0 + RATE_WINDOW : w0 + RATE_WINDOW + RATE_PERSIST]  # the run's intervals after it
        new = float(np.median(after_window))
        # cost of a step after c intervals: |old - ref| before, |new - median| from c on
        before = np.concatenate([[0.0], np.cumsum(np.abs(window - ref))])
        after = np.concatenate([np.cumsum(np.abs(window - new)[::-1])[::-1], [0.0]])
        c = int(np.argmin(before + after))
        j = max(lo + w0 + c, self._start - self._base + 3)  # at least 3 samples left in the old stretch
        return RateChange(
            index=self._base + j,
            time_s=float(self._t[j]),
            before_s=float(self._t[j - 1]),
            # kept whatever the blocking: stamps from a window before the first window on, to the run's last window's end
            from_hz=_mean_rate(self._t[max(self._start - self._base, j - RATE_WINDOW) : j + 1]),
            to_hz=_mean_rate(self._t[j : max(lo + w0 + RATE_PERSIST + RATE_WINDOW, j + 1) + 1]),
        )


def _mean_rate(t: np.ndarray) -> float:
    """The mean rate of some stamps, in Hz (immune to stamp jitter and bunching, which bias a median interval of a
    window that straddles the change towards the other rate)."""
    return float((t.size - 1) / (t[-1] - t[0]))


def _run_end(x: np.ndarray) -> int | None:
    """The first index ending a run of :data:`RATE_PERSIST` + 1 true values of ``x``, if any."""
    c = np.concatenate([[0], np.cumsum(x)])
    full = np.flatnonzero(c[RATE_PERSIST + 1 :] - c[: -RATE_PERSIST - 1] == RATE_PERSIST + 1)
    return int(full[0]) + RATE_PERSIST if full.size else None


def _run_start(x: np.ndarray) -> int:
    """Where the trailing run of true values of ``x`` starts (``x.size`` without one)."""
    false = np.flatnonzero(~x)
    return int(false[-1]) + 1 if false.size else 0


def lowest_rate_hz(changes: list[RateChange] | tuple[RateChange, ...]) -> float:
    """The lowest rate of any stretch either side of some rate changes.

    Parameters
    ----------
    changes : sequence of RateChange
        The changes (at least one).

    Returns
    -------
    float
        The lowest ``from_hz`` or ``to_hz``, in Hz.
    """
    return min(min(c.from_hz, c.to_hz) for c in changes)


def rate_change_note(changes: list[RateChange] | tuple[RateChange, ...]) -> str:
    """The sampling note on rate changes: each one's time and both rates, and the rate that decides what is assessed.

    Parameters
    ----------
    changes : sequence of RateChange
        The changes found (at least one).

    Returns
    -------
    str
        The note.
    """
    steps = "; ".join(f"from {c.from_hz:.1f} to {c.to_hz:.1f} Hz at {c.time_s:.1f} s" for c in changes)
    return (
        f"the sampling rate changed within the recording ({steps}), the time stamps staying continuous (a device or "
        "phone switching its output rate, e.g. when another app asks for a faster rate): each stretch was analysed "
        f"at its own rate, none resampled; what can be assessed is judged at the lowest rate, "
        f"{lowest_rate_hz(changes):.1f} Hz"
    )
