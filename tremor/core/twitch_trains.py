"""Twitch detection, train stage: candidates in a regular train are rhythmic, not twitches.

Part of the twitch detector (:mod:`tremor.core.events`).

A train (clonus, rhythmic myoclonus, a tremor burst) is one muscle beating at a regular period, so
its beats share two things independent twitches do not: **regular intervals** and **one axis** of
acceleration. Independent twitches (fasciculations) fire as a Poisson-like process: their intervals
are irregular (coefficient of variation near 1), and twitches of different motor units push the
wrist in different directions. The rule asks for both, over at least :data:`TRAIN_MIN` beats:

* the beat times fit a regular grid: beat numbers from the median interval (one missed beat
  allowed in windows longer than :data:`TRAIN_MIN`), the period the least-squares slope, the RMS
  residual at most :data:`TRAIN_TOLERANCE` periods or :data:`TRAIN_TIMING_S` (the timing
  uncertainty of a transient's envelope), whichever is larger;
* the beats' principal axes aligned: the largest eigenvalue of the mean of ``u u^T`` over the beats'
  unit axes at least :data:`TRAIN_AXIS_MIN` (1 for one axis, 1/3 for directions spread evenly).

False-train probability, measured on event times and axes drawn at random and fed to
:func:`classify_trains` (``tests/core/test_train_rule.py`` prints it): 4 random directions in 3-D
pass the axis test 0.2 % of the time, 5 of them 0.02 %; twitches 0.3-0.45 s apart along random axes:
0.04 % marked rhythmic; Poisson twitches (mean 0.55 s) along random axes: none; along ONE axis (one
motor unit firing 1.8 times a second) 24 % (23 % before a split beat counted once), and
quasi-regular ones (0.3-0.45 s) along one axis all: there the timing alone must decide, and a
train whose beat times scatter by 20-40 ms (beats of varying shape) cannot be told from them.
Regular trains with 3 % jitter and 20 ms timing noise: 99.8 % of their beats marked.

**Missed beats.** A train beat below the detection threshold, or merged with its neighbour, leaves
an empty slot in the grid, and a real train then shows too few candidates or too many gaps for the
rule above. A beat below the threshold still leaves energy at its slot, and noise does not: given
the detection envelope (:class:`SlotEvidence`, which the detector fills), a window of
``TRAIN_MIN - 1`` or more aligned candidates also counts as a train when it fits the grid with up to
:data:`TRAIN_SLOTS_MAX` empty slots and every empty slot shows a beat: an envelope peak within
:data:`SLOT_REACH` periods of the slot at least :data:`SLOT_Z` robust SDs above the background
(median and MAD of the :data:`BACKGROUND_S` before it with its events left out, as the threshold's)
along the train's axis (:data:`SLOT_COS`). On noise alone a slot passes 0.3-0.4 % of the time.
A fast train's beat that the finder splits in two (candidates much closer than the window's median
interval, :data:`TRAIN_SPLIT_FRACTION`) counts as one beat at their mean time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np

from tremor.core.recent_samples import joined
from tremor.core.twitch_finder import BACKGROUND_S, Transient
from tremor.core.twitch_noise import CLIP_DILATE_S, CLIP_MAX_RUN_S, noise_level

__all__ = [
    "SLOT_MIN_BACKGROUND_S",
    "TRAIN_REACH_S",
    "SlotEvidence",
    "classify_trains",
]

#: A train: at least TRAIN_MIN beats at a regular period of at most TRAIN_MAX_INTERVAL_S, the RMS
#: residual of their grid fit at most TRAIN_TOLERANCE periods (or TRAIN_TIMING_S if larger), spanning
#: at most TRAIN_SPAN_S.
TRAIN_MIN = 5
TRAIN_MAX_INTERVAL_S = 1.5
TRAIN_TOLERANCE = 0.1
TRAIN_TIMING_S = 0.035
#: At most this many missed beats in a window.
TRAIN_MISSED_MAX = 1
#: Windows of TRAIN_MIN up to this many consecutive candidates are tested.
TRAIN_MAX_BEATS = 8
#: The beats of a train share an axis: the largest eigenvalue of mean(u u^T) of their axes.
TRAIN_AXIS_MIN = 0.93
#: A candidate within this many periods before a train's first or after its last beat belongs to it.
TRAIN_EDGE_PERIODS = 0.5
TRAIN_SPAN_S = 6.0
#: Missed beats (with the envelope): at most this many empty grid slots in a window, each showing a
#: beat: an envelope peak within SLOT_REACH periods (or TRAIN_TIMING_S, if larger) of the slot, at
#: least SLOT_Z robust SDs above the background, its axis |cos| >= SLOT_COS to the train's.
TRAIN_SLOTS_MAX = 2
SLOT_REACH = 0.15
SLOT_Z = 4.0
SLOT_COS = 0.8
#: A slot needs at least this much background before it (a segment's first second shows no beat).
SLOT_MIN_BACKGROUND_S = 1.0
#: Candidates closer than this fraction of a window's median interval are one beat (a fast train's
#: beat split in two by the finder), at their mean time.
TRAIN_SPLIT_FRACTION = 0.25

#: Does the envelope show a beat at this time (s), along this axis (unit vector), for this period (s)?
SlotCheck = Callable[[float, np.ndarray, float], bool]


def _regular_period(t: np.ndarray) -> float | None:
    """The period of beat times ``t`` if they fit a regular grid, else None.

    Beat numbers come from the median interval (each step one beat or two: a missed beat); the
    period is the least-squares slope of time on beat number, and the fit's RMS residual must be at
    most :data:`TRAIN_TOLERANCE` periods or :data:`TRAIN_TIMING_S`, whichever is larger.
    """
    d = np.diff(t)
    guess = float(np.median(d))
    if guess <= 0:
        return None
    steps = np.rint(d / guess)
    if np.any((steps < 1) | (steps > 2)) or np.count_nonzero(steps == 2) > min(
        TRAIN_MISSED_MAX, t.size - TRAIN_MIN
    ):
        return None
    n = np.concatenate([[0.0], np.cumsum(steps)])
    nc = n - n.mean()
    period = float(np.dot(nc, t - t.mean()) / np.dot(nc, nc))
    if not 0 < period <= TRAIN_MAX_INTERVAL_S:
        return None
    resid = t - t.mean() - period * nc
    rms = float(np.sqrt(np.mean(resid * resid)))
    return period if rms <= max(TRAIN_TOLERANCE * period, TRAIN_TIMING_S) else None


def _beats(t: np.ndarray) -> np.ndarray:
    """Beat times of candidate times ``t``: runs closer than :data:`TRAIN_SPLIT_FRACTION` of the
    median interval taken as one beat at their mean time."""
    d = np.diff(t)
    if d.size == 0 or d.min() >= TRAIN_SPLIT_FRACTION * d.max():  # none below a fraction of the median
        return t
    beat = np.concatenate([[0], np.cumsum(d >= TRAIN_SPLIT_FRACTION * float(np.median(d)))])
    if beat[-1] == t.size - 1:
        return t
    return np.bincount(beat, weights=t) / np.bincount(beat)


def _period_with_slots(t: np.ndarray, axis: np.ndarray, slot: SlotCheck) -> float | None:
    """The period of beat times ``t`` on a grid with up to :data:`TRAIN_SLOTS_MAX` empty slots, each
    of which ``slot`` confirms, else None (at least :data:`TRAIN_MIN` beats, candidates and slots).

    Period guesses are the shortest, lower-quartile and median interval, in that order (missed beats
    lengthen the longer intervals); the first whose beat numbers fit is taken.
    """
    d = np.diff(t)
    for guess in sorted({float(d.min()), float(np.percentile(d, 25)), float(np.median(d))}):
        if guess <= 0:
            continue
        steps = np.rint(d / guess)
        missed = int(np.sum(steps - 1))
        if np.any(steps < 1) or missed > TRAIN_SLOTS_MAX or t.size + missed < TRAIN_MIN:
            continue
        n = np.concatenate([[0.0], np.cumsum(steps)])
        nc = n - n.mean()
        period = float(np.dot(nc, t - t.mean()) / np.dot(nc, nc))
        if not 0 < period <= TRAIN_MAX_INTERVAL_S:
            continue
        resid = t - t.mean() - period * nc
        if float(np.sqrt(np.mean(resid * resid))) > max(TRAIN_TOLERANCE * period, TRAIN_TIMING_S):
            continue
        empty = sorted(set(range(int(n[-1]) + 1)) - set(n.astype(int).tolist()))
        if all(slot(float(t.mean() + period * (j - n.mean())), axis, period) for j in empty):
            return period
        return None
    return None


def _main_axis(axes: list[tuple[float, float, float] | None]) -> np.ndarray | None:
    """The unit vector of the largest eigenvalue of sum(u u^T) over the known axes; None if none."""
    known = np.array([a for a in axes if a is not None], dtype=float).reshape(-1, 3)
    if known.shape[0] == 0:
        return None
    return np.linalg.eigh(known.T @ known)[1][:, -1]


def _aligned(axes: list[tuple[float, float, float] | None]) -> bool:
    """True when the axes share one direction (unmeasured axes do not count against it)."""
    known = np.array([a for a in axes if a is not None], dtype=float).reshape(-1, 3)
    if known.shape[0] < 2:
        return True
    return float(np.linalg.eigvalsh(known.T @ known / known.shape[0])[-1]) >= TRAIN_AXIS_MIN


def classify_trains(candidates: list[Transient], slot: SlotCheck | None = None) -> list[Transient]:
    """Mark as ``"rhythmic"`` the brief candidates that lie in a regular train (order kept).

    A train is a window of :data:`TRAIN_MIN` to :data:`TRAIN_MAX_BEATS` consecutive brief candidates
    (weak ones included, since a train's later beats can fall below the background it raises),
    spanning at most :data:`TRAIN_SPAN_S`, whose times fit a regular grid of period at most
    :data:`TRAIN_MAX_INTERVAL_S` (:func:`_regular_period`) and whose axes agree
    (:data:`TRAIN_AXIS_MIN`). Every candidate between a train's first and last beat, or within
    :data:`TRAIN_EDGE_PERIODS` periods of them, is rhythmic. Two to four twitches close together are
    not a train (four only with ``slot`` and a beat at a fifth slot), nor are irregular twitches
    however close, nor regular ones along different axes. A candidate's verdict depends only on
    candidates within :data:`TRAIN_REACH_S` of it (and the envelope up to :data:`BACKGROUND_S` before).

    With ``slot`` (a :class:`SlotEvidence`), windows of ``TRAIN_MIN - 1`` or more aligned candidates
    that miss that grid may fit one with up to :data:`TRAIN_SLOTS_MAX` empty slots, each confirmed
    by ``slot`` (:func:`_period_with_slots`): a train whose beats fell below the threshold.

    Parameters
    ----------
    candidates : list of Transient
        Candidates of one segment, with their kinds before the train rule.
    slot : callable, optional
        ``slot(t_s, axis, period_s)``: True when the envelope shows a beat at that empty grid slot
        (:class:`SlotEvidence`); None tests the candidates alone.

    Returns
    -------
    list of Transient
        The same candidates in the same order, those in a train marked ``"rhythmic"``.
    """
    brief = sorted((c for c in candidates if c.kind in ("twitch", "rhythmic", "weak")), key=lambda c: c.t_s)
    times = np.array([c.t_s if c.centre_s is None else c.centre_s for c in brief])
    spans: list[tuple[float, float]] = []
    fewest = TRAIN_MIN if slot is None else TRAIN_MIN - 1
    for i in range(times.size - fewest + 1):
        for m in range(fewest, min(TRAIN_MAX_BEATS, times.size - i) + 1):
            t = times[i : i + m]
            if t[-1] - t[0] > TRAIN_SPAN_S:
                break
            axes = [c.axis for c in brief[i : i + m]]
            if not _aligned(axes):
                continue
            beats = _beats(t)
            period = _regular_period(beats) if beats.size >= TRAIN_MIN else None
            axis = _main_axis(axes)
            if period is None and slot is not None and axis is not None and beats.size >= TRAIN_MIN - 1:
                period = _period_with_slots(beats, axis, slot)
            if period is not None:
                slack = TRAIN_EDGE_PERIODS * period
                spans.append((t[0] - slack, t[-1] + slack))
    if not spans:
        return list(candidates)

    # the spans merged into disjoint intervals: a candidate is in a train if it lies in one
    spans.sort()
    starts, ends = [spans[0][0]], [spans[0][1]]
    for a, b in spans[1:]:
        if a <= ends[-1]:
            ends[-1] = max(ends[-1], b)
        else:
            starts.append(a)
            ends.append(b)
    beat = np.array([c.t_s if c.centre_s is None else c.centre_s for c in candidates])
    j = np.searchsorted(np.array(starts) - 1e-9, beat, side="right") - 1
    inside = (j >= 0) & (beat <= np.array(ends)[np.maximum(j, 0)] + 1e-9)
    return [
        replace(c, kind="rhythmic") if c.kind == "twitch" and hit else c
        for c, hit in zip(candidates, inside.tolist())
    ]


#: A candidate is classified once the candidates this far after it are known.
TRAIN_REACH_S = TRAIN_SPAN_S + TRAIN_EDGE_PERIODS * TRAIN_MAX_INTERVAL_S


class SlotEvidence:
    """The detection envelope and whitened signal of the recent past, for the train rule's empty slots.

    Called as ``slot(t_s, axis, period_s)`` (a :data:`SlotCheck`): True when the envelope's peak
    within :data:`SLOT_REACH` periods (or :data:`TRAIN_TIMING_S`) of ``t_s`` stands at least
    :data:`SLOT_Z` robust SDs above the median of the :data:`BACKGROUND_S` before it (both with the
    background's events left out, :func:`~tremor.core.twitch_noise.noise_level`, as the threshold)
    and the whitened signal there points along ``axis`` (:data:`SLOT_COS`). Samples are kept by
    their index from the segment's start, so live (which drops the old ones) and batch agree.

    Parameters
    ----------
    fs : float
        Sampling rate in Hz.
    t0_s : float
        Time of the first envelope sample.
    width : int
        Samples in the envelope's moving RMS (its delay is ``(width - 1) / 2``).
    """

    def __init__(self, fs: float, t0_s: float, width: int) -> None:
        self.fs, self.t0_s, self.width = fs, t0_s, width
        self._delay = (width - 1) / 2.0
        self._env = np.zeros(0)
        self._vec = np.zeros((0, 3))
        self._start = 0
        self._background = round(BACKGROUND_S * fs)
        self._dilate = round(CLIP_DILATE_S * fs)
        self._max_run = max(round(CLIP_MAX_RUN_S * fs), 1)
        #: The background's (median, robust SD) by the peak's sample index (the slot level: median + z SDs).
        self._level: dict[int, tuple[float, float]] = {}
        #: The whitened window's main axis by the peak's sample index.
        self._axis: dict[int, np.ndarray] = {}

    def append(self, envelope: np.ndarray, vector: np.ndarray) -> None:
        """Add the next envelope samples and the whitened samples (n, 3) they were made from.

        Parameters
        ----------
        envelope : ndarray, shape (n,)
            The next samples of the detection envelope.
        vector : ndarray, shape (n, 3)
            The whitened samples at the same indices.
        """
        # the detector's own envelope and whitened samples, made anew by each call: kept as given
        self._env = joined(self._env, np.asarray(envelope, float))
        self._vec = joined(self._vec, np.asarray(vector, float).reshape(-1, 3))

    @property
    def end_s(self) -> float:
        """Time (s) of the last envelope sample appended (``-inf`` before any)."""
        if self._start + self._env.size == 0:
            return float("-inf")
        return (self._start + self._env.size - 1 - self._delay) / self.fs + self.t0_s

    def drop_before(self, t_s: float) -> None:
        """Forget the samples before ``t_s`` (no slot before ``t_s + BACKGROUND_S`` is asked again).

        Parameters
        ----------
        t_s : float
            Time before which samples are no longer needed.
        """
        cut = int(np.floor((t_s - self.t0_s) * self.fs + self._delay)) - self._start
        if cut > 0:
            self._env, self._vec = self._env[cut:].copy(), self._vec[cut:].copy()
            self._start += cut
            self._level = {k: v for k, v in self._level.items() if k >= self._start}
            self._axis = {k: v for k, v in self._axis.items() if k >= self._start}

    def __call__(self, t_s: float, axis: np.ndarray, period_s: float) -> bool:
        """True when the envelope shows a beat at ``t_s`` along ``axis`` (see the class).

        Parameters
        ----------
        t_s : float
            Time of the empty grid slot.
        axis : ndarray, shape (3,)
            The train's unit axis.
        period_s : float
            The train's period.

        Returns
        -------
        bool
            Whether the slot holds a beat.
        """
        reach = max(round(max(SLOT_REACH * period_s, TRAIN_TIMING_S) * self.fs), 1)
        i = round((t_s - self.t0_s) * self.fs + self._delay) - self._start
        lo, hi = max(i - reach, 0), min(i + reach + 1, self._env.size)
        if hi <= lo:
            return False
        return bool(self._shows_beats(np.array([lo + int(np.argmax(self._env[lo:hi]))]), axis, SLOT_COS)[0])

    def beats(
        self, lo_s: float, hi_s: float, axis: np.ndarray, gap: float, cos: float = SLOT_COS, z: float = SLOT_Z
    ) -> np.ndarray:
        """Times of the beats the envelope shows in ``[lo_s, hi_s]`` along ``axis``.

        A beat is an envelope peak, the highest within ``gap`` of it inside the span, that passes the
        slot test of the class (:data:`SLOT_Z` robust SDs above its background, along ``axis``).

        Parameters
        ----------
        lo_s, hi_s : float
            The span (s); samples outside it or no longer kept are not looked at.
        axis : ndarray, shape (3,)
            Unit axis the beats must share (|cos| >= ``cos_min``).
        gap : float
            Peaks closer than this (s) are one beat (the higher).
        cos : float
            The least |cos| between a beat's axis and ``axis``.
        z : float
            The least height of a beat over its background's median, in its robust SDs.

        Returns
        -------
        ndarray
            Beat times (s) in increasing order, at the envelope's peaks.
        """
        return self.beats_many([(lo_s, hi_s, axis)], gap, cos, z)[0]

    def beats_many(
        self,
        spans: list[tuple[float, float, np.ndarray]],
        gap: float,
        cos: float = SLOT_COS,
        z: float = SLOT_Z,
    ) -> list[np.ndarray]:
        """:meth:`beats` of each ``(lo_s, hi_s, axis)`` of ``spans``, their slot tests done together.

        Each span's times are those :meth:`beats` alone gives: a peak's axis and background level
        depend on that peak only, so the peaks of all spans are tested at once (one stack of
        eigenproblems, one :func:`~tremor.core.twitch_noise.noise_level` over their windows), not
        span by span (the step and pulse rules read a span around each candidate of an update).

        Parameters
        ----------
        spans : list of (float, float, ndarray)
            Each span's start and end (s) and its unit axis (see :meth:`beats`).
        gap, cos, z : float
            As for :meth:`beats`, shared by the spans.

        Returns
        -------
        list of ndarray
            Each span's beat times (s), in increasing order.
        """
        gap_n = max(round(gap * self.fs), 1)
        peaks = [self._span_peaks(lo_s, hi_s, gap_n) for lo_s, hi_s, _ in spans]
        shown = self._shows_beats_many(
            [(ks, np.asarray(a, float)) for ks, (_, _, a) in zip(peaks, spans)], cos, z
        )
        return [
            (ks[hit].astype(float) + self._start - self._delay) / self.fs + self.t0_s
            for ks, hit in zip(peaks, shown)
        ]

    def _span_peaks(self, lo_s: float, hi_s: float, gap: int) -> np.ndarray:
        """Indices (into the kept samples, increasing) of the envelope's peaks in ``[lo_s, hi_s]``, taken
        highest first, each at least ``gap`` samples from every peak taken before it (see :meth:`beats`)."""
        lo = max(round((lo_s - self.t0_s) * self.fs + self._delay) - self._start, 1)
        hi = min(round((hi_s - self.t0_s) * self.fs + self._delay) - self._start, self._env.size - 1)
        if hi <= lo:
            return np.zeros(0, dtype=np.intp)
        env = self._env
        k = lo + np.flatnonzero((env[lo:hi] > env[lo - 1 : hi - 1]) & (env[lo:hi] >= env[lo + 1 : hi + 1]))
        chosen: list[int] = []
        near = bytearray(hi - lo + gap)  # near[j - lo]: within gap of a chosen peak (its neighbours marked)
        for j in k[np.argsort(-env[k], kind="stable")].tolist():  # the highest first
            if not near[j - lo]:
                chosen.append(j)
                a, b = max(j - lo - gap + 1, 0), j - lo + gap
                near[a:b] = b"\x01" * (b - a)
        return np.array(sorted(chosen), dtype=np.intp)

    def _shows_beats(self, ks: np.ndarray, axis: np.ndarray, cos_min: float, z: float = SLOT_Z) -> np.ndarray:
        """The slot test at each envelope peak of ``ks`` (indices into the kept samples), all at once."""
        return self._shows_beats_many([(ks, axis)], cos_min, z)[0]

    def _shows_beats_many(
        self, groups: list[tuple[np.ndarray, np.ndarray]], cos_min: float, z: float = SLOT_Z
    ) -> list[np.ndarray]:
        """The slot test at each envelope peak of each ``(ks, axis)`` of ``groups``, all groups at once.

        Each peak's result is the one test alone gives: its whitened window's main axis (one
        :func:`numpy.linalg.eigh` of a stack, matrix by matrix) and its background level
        (:func:`~tremor.core.twitch_noise.noise_level`, row by row) are kept by the peak's index from
        the segment's start, since overlapping windows ask for the same peaks again.
        """
        sizes = [ks.size for ks, _ in groups]
        if not sum(sizes):
            return [np.zeros(n, dtype=bool) for n in sizes]
        every = np.concatenate([ks for ks, _ in groups]).astype(np.intp)
        bg, w = self._background, self.width
        want = np.minimum(bg, every + self._start)  # a segment's first seconds have less
        size = every - np.maximum(every - bg, 0)
        # too little background, or dropped (not asked then)
        ok = (want >= SLOT_MIN_BACKGROUND_S * self.fs) & (size >= want)
        # each peak's whitened window (its w rows up to the peak, any before the kept samples left out) finite:
        # those rows read at once, not all the rows the peaks span
        span = every[:, None] + np.arange(1 - w, 1)
        ok &= (np.isfinite(self._vec[np.maximum(span, 0)]).all(axis=2) | (span < 0)).all(axis=1)
        # overlapping spans share most peaks: each distinct peak's axis and level is looked up once
        peaks, which = np.unique(every, return_inverse=True)
        todo = [k for k in peaks[np.unique(which[ok])].tolist() if k + self._start not in self._axis]
        if todo:
            grams = []
            for k in todo:
                v = self._vec[max(k - w + 1, 0) : k + 1]
                grams.append(v.T @ v)
            vecs = np.linalg.eigh(np.stack(grams))[1][:, :, -1]
            for k, u in zip(todo, vecs):
                self._axis[k + self._start] = u
        # along each group's axis (a group's peaks are a run of ``every``: its rows of ``main``, copied into
        # an array of their own as one group alone makes)
        at = np.flatnonzero(ok)
        if at.size:
            asked = np.unique(which[at])
            stored = np.zeros((peaks.size, 3))
            stored[asked] = [self._axis[k] for k in (peaks[asked] + self._start).tolist()]
            main = stored[which[at]]
            cut = np.searchsorted(at, np.cumsum([0, *sizes]))
            for g, (a, b) in enumerate(zip(cut[:-1].tolist(), cut[1:].tolist())):
                if b > a:
                    ok[at[a:b]] = np.abs(main[a:b].copy() @ groups[g][1]) >= cos_min
        at = np.flatnonzero(ok)
        asked = np.unique(which[at])
        level_todo = [k for k in peaks[asked].tolist() if k + self._start not in self._level]
        full = [k for k in level_todo if k >= bg]
        if full:
            win = np.lib.stride_tricks.sliding_window_view(self._env, bg)
            med, mad = noise_level(win[np.array(full, dtype=np.intp) - bg], self._dilate, self._max_run)
            for k, m, d in zip(full, med.tolist(), mad.tolist()):
                self._level[k + self._start] = (float(m), float(1.4826 * d))
        for k in (k for k in level_todo if k < bg):
            med, mad = noise_level(self._env[:k][None, :], self._dilate, self._max_run)
            self._level[k + self._start] = (float(med[0]), float(1.4826 * mad[0]))
        hit = np.zeros(every.size, dtype=bool)
        if at.size:
            stored = np.zeros((peaks.size, 2))
            stored[asked] = [self._level[k] for k in (peaks[asked] + self._start).tolist()]
            level = stored[which[at]]
            hit[at] = self._env[every[at]] >= level[:, 0] + z * level[:, 1]
        return np.split(hit, np.cumsum(sizes)[:-1])
