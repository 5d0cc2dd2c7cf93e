"""A persistent change of the sampling rate within a gap-free stretch, found causally.

A phone's sensor service delivers the fastest rate any app asks for, so another app starting (or
stopping) changes a watch's output rate mid-recording: the stamps stay true and no sample is lost,
so no gap splits the stretch. A stretch's grid is decided from its first seconds
(:mod:`tremor.core.grid`); without a split, every frequency after the switch would be read at the
old rate (old / new times its own: a 10 Hz tremor read at 5 Hz after a doubling).

:class:`RateChangeDetector` watches the stamp intervals of the open stretch. Its reference is the
stretch's mean interval over its first :data:`~tremor.core.grid.RATE_PROBE_S` seconds (at least
:data:`~tremor.core.grid.MIN_PROBE_INTERVALS` intervals; the mean, not the median, because packet
bunching puts the median near zero). After that, over every window of the last
:data:`RATE_WINDOW` intervals, the rate has changed when both

* the window's mean interval departs from the reference by more than :data:`RATE_CHANGE_TOL`
  (a mean is immune to stamp jitter and to bunched packets shorter than a fraction of the window),
* and more than half of its intervals depart the same way by more than the same fraction (a few
  dropped samples, each an interval of two or three periods, raise the mean but not the bulk).

The change point is then placed inside that window, where a step from the reference interval to
the window's median interval fits the intervals best (least absolute deviations), and the stretch
is split there: the new stretch starts at the first sample of its first new interval and gets its
own grid decision and its own reference. A split is never more than :data:`RATE_WINDOW` samples
before the newest sample, so live analysis, holding back that many samples, splits where batch does.

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
    "RateChange",
    "RateChangeDetector",
    "lowest_rate_hz",
    "rate_change_note",
]

#: Intervals in the window that judges the rate (odd; 0.5 s at 200 Hz, 2 s at 50 Hz).
RATE_WINDOW = 101
#: Relative departure of the interval from the stretch's reference that counts as a rate change
#: (a 5/4 step is 20 %; a 4 % step shifts frequencies by less than their bands' tolerance).
RATE_CHANGE_TOL = 0.12


@dataclass(frozen=True)
class RateChange:
    """A split of a gap-free stretch where its sampling rate changed.

    ``index`` is the stream index of the new stretch's first sample, at ``time_s``; the old stretch
    ends with the sample before it, at ``before_s``. ``from_hz`` is the old stretch's reference rate,
    ``to_hz`` the rate of the new intervals in the window that found it (their median).
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
        self._ref: float | None = None
        self._next = 0  # stream index of the next window end to judge

    def restart(self, first_index: int) -> None:
        """A new stretch (after a gap) starts at stream index ``first_index``."""
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
                keep = max(self._start, min(self._next, self._base + self._t.size) - RATE_WINDOW)
                self._t = self._t[keep - self._base :]
                self._base = keep
                return found
            found.append(change)
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
        self._ref = float((t[k - 1] - t[0]) / (k - 1))
        self._next = self._start + max(k - 1, RATE_WINDOW)
        return True

    def _judge(self) -> RateChange | None:
        """Judge every window ending at stream index ``next`` or later; the first change, if any."""
        ref = self._ref
        assert ref is not None
        last = self._base + self._t.size - 1
        if last < self._next:
            return None
        lo = self._next - RATE_WINDOW - self._base  # local index of the first window's first sample
        t = self._t[lo:]
        dt = np.diff(t)
        up, down = ref * (1 + RATE_CHANGE_TOL), ref * (1 - RATE_CHANGE_TOL)
        n_up = np.concatenate([[0], np.cumsum(dt > up)])
        n_down = np.concatenate([[0], np.cumsum(dt < down)])
        mean = (t[RATE_WINDOW:] - t[:-RATE_WINDOW]) / RATE_WINDOW
        half = RATE_WINDOW // 2
        slow = (n_up[RATE_WINDOW:] - n_up[:-RATE_WINDOW] > half) & (mean > up)
        fast = (n_down[RATE_WINDOW:] - n_down[:-RATE_WINDOW] > half) & (mean < down)
        hit = np.flatnonzero(slow | fast)
        if not hit.size:
            self._next = last + 1
            return None
        w0 = int(hit[0])  # the window: intervals w0:w0 + RATE_WINDOW of dt
        window = dt[w0 : w0 + RATE_WINDOW]
        new = float(np.median(window))
        # cost of a step after c intervals: |old - ref| before, |new - median| from c on
        before = np.concatenate([[0.0], np.cumsum(np.abs(window - ref))])
        after = np.concatenate([np.cumsum(np.abs(window - new)[::-1])[::-1], [0.0]])
        c = int(np.argmin(before + after))
        j = max(lo + w0 + c, self._start - self._base + 3)  # at least 3 samples left in the old stretch
        return RateChange(
            index=self._base + j,
            time_s=float(self._t[j]),
            before_s=float(self._t[j - 1]),
            from_hz=1.0 / ref,
            to_hz=1.0 / new,
        )


def lowest_rate_hz(changes: list[RateChange] | tuple[RateChange, ...]) -> float:
    """The lowest rate of any stretch either side of ``changes`` (non-empty)."""
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
