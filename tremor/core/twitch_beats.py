"""Twitch detection, line-beat stage: two to four candidates one period of an ongoing line apart are
that line's beats, not twitches.

Part of the twitch detector (:mod:`tremor.core.events`), applied after the train rule
(:mod:`tremor.core.twitch_trains`), which needs :data:`~tremor.core.twitch_trains.TRAIN_MIN` beats.

A tremor whose amplitude waxes (a rest tremor at 4-6 Hz, intermittent, its envelope drifting by a
third at 0.02-0.2 Hz) is not fully predicted by the whitener while it grows, so two to four of its
cycles in a row can each stand out as a candidate (red team, FINDINGS.md R3-3: 216.28, 216.49,
216.70 s for a 4.57 Hz tremor, 0.26-0.29 m/s^2). They share what a train's beats share (one axis,
regular intervals) but are too few for the train rule; what tells them from a twitch doublet or
triplet is that the rhythm **goes on around them**: the band-passed signal before and after the
group, along the group's axis, holds a spectral line at the group's beat rate. Fasciculations fire
at random (pairs and triplets of one unit 0.3-0.6 s apart, intervals that do not repeat), and
nothing in the surrounding seconds oscillates at their rate: a doublet 0.4 s apart would need a
2.5 Hz line, below the detector's band (:data:`~tremor.core.twitch_signal.TWITCH_BAND`).

The rule: a window of :data:`BEATS_MIN` to :data:`BEATS_MAX` consecutive brief candidates (twitch,
rhythmic or weak) with at least one twitch, alike (peaks within :data:`BEATS_ALIKE`), their axes aligned
(:data:`~tremor.core.twitch_trains.TRAIN_AXIS_MIN`), every interval within :data:`BEATS_JITTER`
of their mean ``P`` (their peaks' mean interval too: a line's cycles advance one period in both) and ``P`` at
most :data:`BEATS_MAX_PERIOD_S` (the band's low edge: slower lines
do not reach the detector), is a line's beats when :class:`LineEvidence` finds, in the
:data:`LINE_WINDOW_S` seconds before the first and after the last (:data:`LINE_GUARD_S` away from
them), at least :data:`LINE_SHARE` of the band's power within :data:`BEATS_TOLERANCE` of ``1/P``.
Its twitches become ``"rhythmic"``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np

from tremor.core.recent_samples import RecentSamples
from tremor.core.twitch_finder import Transient
from tremor.core.twitch_signal import TWITCH_BAND
from tremor.core.twitch_trains import TRAIN_AXIS_MIN

__all__ = [
    "BEATS_ALIKE",
    "BEATS_JITTER",
    "BEATS_MAX",
    "BEATS_MAX_PERIOD_S",
    "BEATS_MIN",
    "BEATS_REACH_S",
    "BEATS_TOLERANCE",
    "LINE_GUARD_S",
    "LINE_HARMONICS",
    "LINE_SHARE",
    "LINE_WINDOW_S",
    "LineEvidence",
    "classify_line_beats",
]

#: A window of BEATS_MIN to BEATS_MAX consecutive brief candidates is tested.
BEATS_MIN = 2
BEATS_MAX = 4
#: Every interval within this fraction of the window's mean interval P (a beat's time, its envelope's
#: energy centre, scatters by 20-40 ms: :data:`~tremor.core.twitch_trains.TRAIN_TIMING_S`) ...
BEATS_JITTER = 0.25
#: ... and the line within this fraction of 1/P (each of its harmonics within it of k/P).
BEATS_TOLERANCE = 0.2
#: A line's beats are alike: the largest peak at most this many times the smallest (a twitch beside
#: one of a tremor's cycles stands out from it). Measured (tests/core/test_twitch_line_beats.py's
#: signals): without it 2 of 44 twitches of pairs 0.3-0.6 s apart inside a 4-6 Hz tremor were lost
#: on one seed (none with it); on 60 intermittent-tremor files (seeds 1000-1029) it leaves 58 false
#: twitches instead of 49 (201 without the rule) and 4 pairs one period apart instead of 1 (88).
BEATS_ALIKE = 1.5
#: The longest period tested (s): a line under the band's 3 Hz edge does not reach the detector.
BEATS_MAX_PERIOD_S = 1.0 / TWITCH_BAND[0]
#: The spectrum is taken over this many seconds before the first beat and after the last ...
LINE_WINDOW_S = 3.0
#: ... starting this far from them (a twitch's extent and ringing stay out of it).
LINE_GUARD_S = 0.25
#: The share of the band's power (band-passed signal along the beats' axis) near 1/P that makes a line,
#: the power near its harmonics 2/P and 3/P left out of the whole (a tremor's harmonic is its own).
LINE_SHARE = 0.5
#: Harmonics of the line left out of the band's power.
LINE_HARMONICS = (2, 3)
#: A candidate's verdict needs the signal up to this long after it (its window's last beat, then
#: the spectrum after it).
BEATS_REACH_S = (BEATS_MAX - 1) * BEATS_MAX_PERIOD_S * (1 + BEATS_JITTER) + LINE_WINDOW_S

#: Does the signal around (first, last) along this axis hold a line at 1/period?
LineCheck = Callable[[float, float, np.ndarray, float], bool]


def _aligned(axes: list[tuple[float, float, float] | None]) -> np.ndarray | None:
    """The main axis of the candidates' axes when all are known and share one direction, else None."""
    if any(a is None for a in axes):
        return None
    u = np.array(axes, dtype=float)
    w, v = np.linalg.eigh(u.T @ u / u.shape[0])
    return v[:, -1] if float(w[-1]) >= TRAIN_AXIS_MIN else None


def classify_line_beats(candidates: list[Transient], line: LineCheck) -> list[Transient]:
    """Mark as ``"rhythmic"`` the twitches that are two to four beats of an ongoing line.

    See the module docstring for the rule. A candidate's verdict depends only on candidates within
    ``(BEATS_MAX - 1) * BEATS_MAX_PERIOD_S * (1 + BEATS_JITTER)`` of it and on the signal within
    :data:`BEATS_REACH_S`.

    Parameters
    ----------
    candidates : list of Transient
        Candidates of one segment, with their kinds after the train rule.
    line : callable
        ``line(first_s, last_s, axis, period_s)``: True when the band-passed signal around the
        window holds a line at ``1 / period_s`` (:class:`LineEvidence`).

    Returns
    -------
    list of Transient
        The same candidates in the same order, twitches among a line's beats marked ``"rhythmic"``.
    """
    brief = sorted((c for c in candidates if c.kind in ("twitch", "rhythmic", "weak")), key=lambda c: c.t_s)
    times = np.array([c.t_s if c.centre_s is None else c.centre_s for c in brief])
    peak_times = np.array([c.t_s for c in brief])
    beats: set[int] = set()
    for i in range(times.size - 1):
        for m in range(BEATS_MIN, min(BEATS_MAX, times.size - i) + 1):
            group = brief[i : i + m]
            d = np.diff(times[i : i + m])
            period = float(d.mean())
            if period > BEATS_MAX_PERIOD_S * (1 + BEATS_JITTER):
                break
            if not any(c.kind == "twitch" for c in group) or not 0 < period <= BEATS_MAX_PERIOD_S:
                continue
            peaks = [c.peak_mps2 for c in group]
            if max(peaks) > BEATS_ALIKE * min(peaks):
                continue
            if np.any(np.abs(d - period) > BEATS_JITTER * period):
                continue
            # a line's cycles advance one period in their peaks as in their energy centres; two twitches whose
            # centres are drawn together (a tail of the first in the second's envelope) are not beats of a
            # line at the centres' rate
            if abs((peak_times[i + m - 1] - peak_times[i]) / (m - 1) - period) > BEATS_JITTER * period:
                continue
            axis = _aligned([c.axis for c in group])
            if axis is not None and line(float(times[i]), float(times[i + m - 1]), axis, period):
                beats.update(id(c) for c in group)
    if not beats:
        return list(candidates)
    return [replace(c, kind="rhythmic") if c.kind == "twitch" and id(c) in beats else c for c in candidates]


class LineEvidence(RecentSamples):
    """The band-passed signal of the recent past, for :func:`classify_line_beats`.

    Called as ``line(first_s, last_s, axis, period_s)`` (a :data:`LineCheck`): True when the
    band-passed signal along ``axis`` over the :data:`LINE_WINDOW_S` before ``first_s`` and after
    ``last_s`` (from :data:`LINE_GUARD_S` away; each part only where it holds at least one period)
    has at least :data:`LINE_SHARE` of its :data:`~tremor.core.twitch_signal.TWITCH_BAND` power
    within :data:`BEATS_TOLERANCE` of ``1 / period_s`` (Hann-windowed periodograms of the parts,
    summed). Samples are kept by their index from the segment's start, so live (which drops the
    old ones) and batch agree.

    Parameters
    ----------
    fs : float
        Sampling rate in Hz.
    t0_s : float
        Time of the first band-passed sample.
    """

    owns_input = True  # the detector's band-pass output, made anew by each call

    def __init__(self, fs: float, t0_s: float) -> None:
        super().__init__(fs, t0_s)

    def block_peaks(
        self, times_s: np.ndarray, half_s: float, wide_s: float = 0.0
    ) -> tuple[np.ndarray, np.ndarray]:
        """The largest band-passed vector norm within ``half_s`` of each time, and its RMS within
        ``wide_s`` of it (NaN where none is kept).

        Parameters
        ----------
        times_s : ndarray
            Block centres in s, increasing, at least ``2 * half_s`` apart.
        half_s : float
            Half a block's length in s.
        wide_s : float
            Half the RMS's window in s (at least ``half_s``).

        Returns
        -------
        ndarray
            The peaks, one per time, in m/s^2.
        ndarray
            The RMS values, one per time, in m/s^2.
        """
        times = np.asarray(times_s, float)
        peak, rms = np.full(times.size, np.nan), np.full(times.size, np.nan)
        n2 = (self._x**2).sum(axis=1)
        cum = np.concatenate([[0.0], np.cumsum(n2)])
        wide_s = max(wide_s, half_s)
        lo, hi = self.kept_spans(times - half_s, times + half_s)
        has = hi > lo
        if has.any():
            # one reduceat over the spans' bounds (a span's result needs only its lo < hi; n2 padded so
            # that a bound at its end is an index)
            bounds = np.stack([lo[has], hi[has]], axis=1).ravel()
            peak[has] = np.sqrt(np.maximum.reduceat(np.append(n2, 0.0), bounds)[::2])
        lo, hi = self.kept_spans(times - wide_s, times + wide_s)
        has = hi > lo
        rms[has] = np.sqrt(np.maximum(cum[hi[has]] - cum[lo[has]], 0.0) / (hi[has] - lo[has]))
        return peak, rms

    def samples(self, lo_s: float, hi_s: float) -> tuple[float, np.ndarray] | None:
        """The band-passed samples (n, 3) from ``lo_s`` to ``hi_s`` (clipped to those kept; None: none)
        and the time of the first.

        Parameters
        ----------
        lo_s, hi_s : float
            The span in s.

        Returns
        -------
        (float, ndarray) or None
            The first sample's time and the samples, or None where none is kept.
        """
        lo, hi = self._kept(lo_s, hi_s)
        return (self.t0_s + (lo + self._start) / self.fs, self._x[lo:hi]) if hi > lo else None

    def peak_time(self, lo_s: float, hi_s: float) -> float | None:
        """The time of the largest band-passed vector norm in ``[lo_s, hi_s)`` (None: no sample kept).

        Parameters
        ----------
        lo_s, hi_s : float
            The span in s.

        Returns
        -------
        float or None
            The time in s.
        """
        lo, hi = self._kept(lo_s, hi_s)
        if hi <= lo:
            return None
        k = int(np.argmax((self._x[lo:hi] ** 2).sum(axis=1)))
        return self.t0_s + (lo + self._start + k) / self.fs

    def _part(self, lo_s: float, hi_s: float, axis: np.ndarray) -> np.ndarray | None:
        """The Hann-windowed samples along ``axis`` from ``lo_s`` to ``hi_s`` (None: too few or not finite)."""
        lo = max(round((lo_s - self.t0_s) * self.fs), 0) - self._start
        hi = min(round((hi_s - self.t0_s) * self.fs) - self._start, self._x.shape[0])
        if lo < 0 or hi - lo < 8:
            return None
        s = self._x[lo:hi] @ axis
        if not np.all(np.isfinite(s)):
            return None
        return (s - s.mean()) * np.hanning(s.size)

    def __call__(self, first_s: float, last_s: float, axis: np.ndarray, period_s: float) -> bool:
        """True when the signal around the beats holds a line at ``1 / period_s`` (see the class).

        Parameters
        ----------
        first_s, last_s : float
            Times of the window's first and last beat.
        axis : ndarray, shape (3,)
            The beats' unit axis.
        period_s : float
            Their mean interval.

        Returns
        -------
        bool
            Whether the line is there.
        """
        parts = [
            self._part(first_s - LINE_WINDOW_S, first_s - LINE_GUARD_S, axis),
            self._part(last_s + LINE_GUARD_S, last_s + LINE_WINDOW_S, axis),
        ]
        f_line = 1.0 / period_s
        near = total = 0.0
        for s in parts:
            if s is None or s.size < period_s * self.fs:
                continue
            n = max(int(2 ** np.ceil(np.log2(8 * self.fs))), s.size)  # a grid of fs/n <= 0.125 Hz
            p = np.abs(np.fft.rfft(s, n)) ** 2
            f = np.fft.rfftfreq(n, 1.0 / self.fs)
            band = (f >= TWITCH_BAND[0]) & (f <= TWITCH_BAND[1])
            harmonics = np.zeros(f.size, dtype=bool)
            for k in LINE_HARMONICS:
                harmonics |= np.abs(f - k * f_line) <= BEATS_TOLERANCE * k * f_line
            total += float(p[band & ~harmonics].sum())
            near += float(p[band & (np.abs(f - f_line) <= BEATS_TOLERANCE * f_line)].sum())
        return total > 0 and near >= LINE_SHARE * total
