"""Twitch detection, pulse stage: a candidate on an unbroken run of evenly spaced beats is a heartbeat.

Part of the twitch detector (:mod:`tremor.core.events`), after the step stage.

A hand resting on the trunk (lying on the back with the watch's hand on the chest, between sets or
after training; asleep, the whole body's recoil) feels every heartbeat: the chest wall's (the
seismocardiogram, a brief 15-35 Hz complex) or the body's (the ballistocardiogram, a damped 4-10 Hz
wave) reaches the wrist as a brief event along one axis, beat after beat, at 40-180 beats a minute
(:data:`PULSE_HZ`). At rest one beat's interval differs from the last by a few percent (beat-to-beat
variability; respiratory sinus arrhythmia changes it by a few percent a beat over a breath), and
every beat is there. Only the larger beats cross the twitch threshold, but each leaves its energy in
the detection envelope (:meth:`~tremor.core.twitch_trains.SlotEvidence.beats`, along the
candidate's axis).

A fasciculation is one motor unit's spontaneous discharge; one unit can fire again and again at one
site, along one axis, but at irregular intervals (Poisson-like after its dead time, or in bursts).
So the rule asks for a run the heart makes and chance does not: through the candidate, a chain of
envelope beats (read at :data:`PULSE_Z` robust SDs), each next one within one of
:data:`PULSE_TOLERANCES` of the local median interval from its slot (at most :data:`_MAX_EMPTY` empty
slots in a row: beats too faint to show), at least :data:`PULSE_MIN_BEATS` beats over at least
:data:`PULSE_MIN_SPAN_S`, filling :data:`PULSE_MIN_FILL` of the chain's slots, with few other beats
along the axis within it (:data:`PULSE_MAX_OTHERS` of the chain's count, the second heart sounds at
one lag left out); and the chance that beats at random times, as dense as those there, would fill
every window of the chain in turn with no more empty slots (:func:`_chance`) is under
:data:`PULSE_CHANCE`. A unit firing at a steady rate of 40-180 a minute the timing cannot tell from a
heart, the note says so: measured (h-rev26), a unit at an interval CV of 5-10 % near the detection limit loses
about half its twitches to ``pulse``, and at a CV of 20 % (1/s) about one candidate in a few minutes is taken.

The chain looks :data:`PULSE_HALF_S` either side of the candidate (live holds a candidate back by
:data:`~tremor.core.twitch_trains.TRAIN_REACH_S` and keeps the envelope that far back) and at the
beats read around earlier candidates along the same axis and on chains accepted before
(:class:`PulseMemory`, fed in time order alike in live and batch, up to a minute back), so a run that
began earlier carries on. A candidate at the last chain's second-sound lag after one of its beats is
that beat's second heart sound. Limit: where runs of beats stay under the envelope's slot test (a
faint pulse; a run's first seconds), the chain breaks and the larger beats stay twitches; the
ballistocardiogram asleep (4-8 Hz) leaves too little in the twitch band's envelope.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field, replace

import numpy as np

from tremor.core.twitch_finder import Transient
from tremor.core.twitch_trains import SLOT_COS, SLOT_MIN_BACKGROUND_S, SlotEvidence

__all__ = [
    "PULSE_HALF_S",
    "PULSE_CHANCE",
    "PULSE_HZ",
    "PULSE_MAX_OTHERS",
    "PULSE_MIN_BEATS",
    "PULSE_MIN_FILL",
    "PULSE_MIN_SPAN_S",
    "PULSE_SECOND_S",
    "PULSE_SECOND_SHARE",
    "PULSE_TOLERANCES",
    "PULSE_Z",
    "PulseMemory",
    "chain_period",
    "classify_pulse",
    "pulse_chain",
]

#: Heart rates, beats per second (40-180 beats a minute).
PULSE_HZ = (40.0 / 60.0, 3.0)
#: Envelope beats are read this far either side of a candidate (within the train rule's reach).
PULSE_HALF_S = 6.5
#: Each interval of the chain is within one of these fractions of the local median (of the _LOCAL intervals before
#: it): each tried in turn, the chance of a chain counted for each.
PULSE_TOLERANCES = (0.05, 0.1, 0.15)
_LOCAL = 5
#: A chain: at least this many beats, over at least this span (s), the beats filling this share of its slots.
PULSE_MIN_BEATS = 8
PULSE_MIN_SPAN_S = 6.0
PULSE_MIN_FILL = 0.6
#: Other beats along the axis within the chain's span (its second heart sounds left out): at most this share of
#: the chain's beats (a dense spell of twitches along one axis holds chance chains among many others).
PULSE_MAX_OTHERS = 0.5
#: The second heart sound follows the first by the systole's mechanical part: about 0.33 s at 60 beats a minute,
#: 0.2 s at 130, 0.15 s at 180 (and at most PULSE_SECOND_SHARE of the beat's period).
PULSE_SECOND_S = (0.15, 0.45)
PULSE_SECOND_SHARE = 0.6
#: A beat of the chain stands this many robust SDs over its background (lower than the train rule's slot test:
#: the chain's timing, not each beat's height, tells it from the noise).
PULSE_Z = 2.5
#: A chain is one only where beats at random times, as dense as those around it, would make as good a chain with
#: at most this chance (:func:`_chance`): a twitch along one axis among random ones is taken for a heartbeat about
#: once in 10^4 tries, a few tries a twitch.
PULSE_CHANCE = 1e-4
#: The timing of an envelope's beat is known to within this (s).
_TIMING_S = 0.02
#: Second heart sounds follow their beats at one lag, within this (s).
_SECOND_SPREAD_S = 0.05
#: Envelope peaks closer than this (s) are one beat.
_GAP_S = 0.15
#: At most this many empty slots in a row (beats too faint to show) in a chain.
_MAX_EMPTY = 2
#: A candidate's own time and its envelope beat differ by at most this (s).
_SNAP_S = 0.06
#: Beats read along an axis this close to the candidate's (|cos|) extend its window into the past.
_READ_COS = 0.95
#: Beats kept in the memory this long (s).
_MEMORY_S = 60.0


@dataclass
class PulseMemory:
    """The envelope's beats read so far around candidates, and those on accepted chains (live and batch keep one
    each, fed in time order, so both read the same beats)."""

    #: (time s, unit axis) of each beat on an accepted chain, in time order.
    chained: list[tuple[float, np.ndarray]] = field(default_factory=list)
    #: (the axis they were read along, their times) of the beats read around each candidate.
    read: list[tuple[np.ndarray, np.ndarray]] = field(default_factory=list)
    #: The lag (s) of the second heart sounds after the beats of the last chain accepted (None: none seen).
    second_s: float | None = None
    #: The slot interval (s) of the last chain accepted (:func:`chain_period`; None: none seen).
    period_s: float | None = None

    def chain_beats(self, axis: np.ndarray, before_s: float) -> np.ndarray:
        """Times of the beats on accepted chains before ``before_s`` along ``axis`` (the slot test's |cos|).

        Parameters
        ----------
        axis : ndarray, shape (3,)
            The unit axis.
        before_s : float
            Only beats earlier than this (s).

        Returns
        -------
        ndarray
            Their times (s), in order.
        """
        return np.array(
            [t for t, a in self.chained if t < before_s and abs(float(np.dot(a, axis))) >= SLOT_COS]
        )

    def along(self, axis: np.ndarray, before_s: float) -> np.ndarray:
        """Times of the remembered beats before ``before_s`` along ``axis``: those on accepted chains, and those read
        along much the same axis (:data:`_READ_COS`), one within :data:`_GAP_S` kept.

        Parameters
        ----------
        axis : ndarray, shape (3,)
            The unit axis.
        before_s : float
            Only beats earlier than this (s).

        Returns
        -------
        ndarray
            Their times (s), in order.
        """
        parts = [self.chain_beats(axis, before_s)]
        if self.read:  # the reads' axes at once (a minute of reads around a twitch a second)
            near = np.abs(np.array([a for a, _ in self.read]) @ axis) >= _READ_COS
            parts += [t[t < before_s] for (_, t), ok in zip(self.read, near.tolist()) if ok]
        t = np.sort(np.concatenate(parts)) if parts else np.zeros(0)
        return t[np.concatenate([[True], np.diff(t) > _GAP_S])] if t.size else t

    def add(self, times: np.ndarray, axis: np.ndarray, chain: bool) -> None:
        """Remember beats read along ``axis`` (``chain``: an accepted chain's), forgetting those a minute older.

        Parameters
        ----------
        times : ndarray
            Beat times (s), in order.
        axis : ndarray, shape (3,)
            The axis they were read along.
        chain : bool
            Whether they are an accepted chain's beats.
        """
        if not times.size:
            return
        cut = float(times[-1]) - _MEMORY_S
        if chain:
            known = {round(t, 3) for t, _ in self.chained}
            self.chained += [(float(t), axis) for t in times if round(float(t), 3) not in known]
            self.chained = sorted((b for b in self.chained if b[0] >= cut), key=lambda b: b[0])
        else:
            self.read = [(a, t) for a, t in self.read if t[-1] >= cut] + [(axis, times)]


def _nearest(beats: list[float], want: float) -> int:
    """The index of the beat nearest ``want`` in the sorted ``beats`` (the first of equals, as ``np.argmin``)."""
    i = bisect_left(beats, want)
    if i == 0:
        return 0
    if i == len(beats) or want - beats[i - 1] <= beats[i] - want:
        return bisect_left(beats, beats[i - 1])
    return i


def _walk(
    beats: list[float], i0: int, period: float, step: int, tol: float
) -> tuple[list[int], list[tuple[float, float]], int]:
    """Follow the chain from beat ``i0`` in direction ``step`` (+1 later, -1 earlier), the first interval
    ``period``, each beat within ``tol`` of the local median interval of its slot: (its beats' indices after
    ``i0``, the width (s) of the next slot's window and the slots each moved on by, the slots it spans, empty
    ones included). Plain floats and a bisection a step (the chain is walked many times a candidate)."""
    chain: list[int] = []
    widths: list[tuple[float, float]] = []
    slots = 0
    intervals = [period]
    t, missed = beats[i0], 0
    lo_hz, hi_hz = 1.0 / PULSE_HZ[1], 1.0 / PULSE_HZ[0]
    while True:
        last = sorted(intervals[-_LOCAL:])
        n = len(last)
        ref = last[n // 2] if n % 2 else (last[n // 2 - 1] + last[n // 2]) / 2.0
        found = None
        for k in range(1, _MAX_EMPTY + 2 - missed):  # at most _MAX_EMPTY empty slots in a row
            want = t + step * k * ref
            j = _nearest(beats, want)
            if abs(beats[j] - want) <= tol * ref * k and (beats[j] - t) * step > 0:
                found = (j, k)
                break
        if found is None:
            return chain, widths, slots
        j, k = found
        interval = abs(beats[j] - t) / k
        if not lo_hz <= interval <= hi_hz:
            return chain, widths, slots
        chain.append(j)
        # the window a beat was looked for in (the next slot's; the k-th slot's is k times as wide), and k
        widths.append((2.0 * max(tol * ref, _TIMING_S), float(k)))
        slots += k
        missed = k - 1
        t = beats[j]
        intervals.append(interval)


def _second_sounds(beats: np.ndarray, chain: np.ndarray) -> tuple[np.ndarray, float | None]:
    """Which of ``beats`` within the chain's span, none of them on ``chain``, follow a chain beat at one lag (the beats'
    second heart sounds: within :data:`_SECOND_SPREAD_S` of the median lag of those :data:`PULSE_SECOND_S` after one,
    at most :data:`PULSE_SECOND_SHARE` of the period, where at least three do), and that lag (None where none):
    (the other beats, the lag)."""
    inside = beats[(beats > chain[0] - _GAP_S) & (beats < chain[-1] + _GAP_S)]
    off = inside[~(np.abs(inside[:, None] - chain[None, :]) < 1e-9).any(axis=1)]
    top = min(PULSE_SECOND_S[1], PULSE_SECOND_SHARE * float(np.median(np.diff(chain))))
    lag = off[:, None] - chain[None, :]
    first = np.min(np.where((lag >= PULSE_SECOND_S[0]) & (lag <= top), lag, np.inf), axis=1)
    after = np.isfinite(first)
    if np.count_nonzero(after) < 3:
        return off, None
    mid = float(np.median(first[after]))
    return off[~(after & (np.abs(first - mid) <= _SECOND_SPREAD_S))], mid


def _chance(links: np.ndarray, rate: float) -> float:
    """The chance that beats at random times (Poisson, ``rate`` a second) make a chain of as many links with as few
    empty slots: each link (``links``: its next slot's window width w in s, and the slots k it moved on by) found
    in the next slot's window, or that empty and the k-th slot's (k times as wide) holding a beat; times the number
    of tolerances tried (:data:`PULSE_TOLERANCES`)."""
    if not links.size:
        return 1.0
    empty = int(np.sum(links[:, 1] - 1))
    dp = np.zeros(empty + 1)  # the chance of each number of empty slots so far
    dp[0] = 1.0
    for w in links[:, 0].tolist():
        step = np.zeros_like(dp)
        none = 1.0  # the chance that the slots before the k-th were empty
        for k in range(1, min(_MAX_EMPTY, empty) + 2):
            step[k - 1 :] += dp[: dp.size - k + 1] * none * -np.expm1(-rate * w * k)
            none *= np.exp(-rate * w * k)
        dp = step
    return float(len(PULSE_TOLERANCES) * np.sum(dp))


def pulse_chain(beats: np.ndarray, t0: float) -> np.ndarray | None:
    """The beats of a pulse chain through ``t0`` (see the module), or None where none is.

    Parameters
    ----------
    beats : ndarray
        Beat times (s) in increasing order, along one axis.
    t0 : float
        The candidate's time (s); a beat within a few tens of ms of it is its own.

    Returns
    -------
    ndarray or None
        The chain's beat times in order, the candidate's among them.
    """
    beats = np.asarray(beats, float)
    if beats.size < PULSE_MIN_BEATS:
        return None
    i0 = int(np.argmin(np.abs(beats - t0)))
    if abs(beats[i0] - t0) > _SNAP_S:
        return None
    best: np.ndarray | None = None
    listed = beats.tolist()
    # each later beat within a heart's period, or two or three of them (the slots between empty), sets the first interval
    firsts = [
        (j, (beats[j] - beats[i0]) / m)
        for j in range(i0 + 1, beats.size)
        for m in range(1, _MAX_EMPTY + 2)
        if 1.0 / PULSE_HZ[1] <= (beats[j] - beats[i0]) / m <= 1.0 / PULSE_HZ[0]
    ]
    for j, period, tol in ((j, period, tol) for j, period in firsts for tol in PULSE_TOLERANCES):
        after, w_a, s_a = _walk(listed, i0, period, 1, tol)
        if not after or after[0] != j:
            continue
        before, w_b, s_b = _walk(listed, i0, period, -1, tol)
        t = beats[sorted(before) + [i0] + after]
        links = np.array(w_a[1:] + w_b, dtype=float).reshape(
            -1, 2
        )  # the first interval was chosen, not found
        if (
            t.size < PULSE_MIN_BEATS
            or t[-1] - t[0] < PULSE_MIN_SPAN_S
            or t.size - 1 < PULSE_MIN_FILL * (s_a + s_b)
        ):
            continue
        others, _ = _second_sounds(beats, t)
        if others.size > PULSE_MAX_OTHERS * t.size:
            continue
        if _chance(links, (t.size + others.size) / (t[-1] - t[0])) > PULSE_CHANCE:
            continue
        if best is None or t.size > best.size:
            best = t
    return best


def chain_period(chain: np.ndarray) -> float:
    """The slot interval (s) of a chain: its span over the slots it fills or leaves empty.

    A chain may skip up to :data:`_MAX_EMPTY` slots in a row (beats too faint to show), so the median of its
    intervals can be two slots (a heart at 50 a minute read as 34 when two beats in five do not show). Each
    interval is given its slots from the single-slot ones (those under 1.45 times the shortest: a slot's interval
    varies by at most :data:`PULSE_TOLERANCES`' largest share either way, two slots by twice that).

    Parameters
    ----------
    chain : ndarray
        The chain's beat times (s), in order, at least two.

    Returns
    -------
    float
        The interval (s) of one slot.
    """
    d = np.diff(np.asarray(chain, float))
    one = float(np.median(d[d < 1.45 * float(np.min(d))]))
    slots = np.clip(np.rint(d / one), 1, _MAX_EMPTY + 1)
    return float(np.sum(d) / np.sum(slots))


def classify_pulse(
    candidates: list[Transient], slot: SlotEvidence, memory: PulseMemory | None = None
) -> list[Transient]:
    """Mark as ``"pulse"`` the twitches on a pulse chain or at a chain beat's second heart sound (see the module).

    Parameters
    ----------
    candidates : list of Transient
        Candidates of one segment in time order, with their kinds after the step rule.
    slot : SlotEvidence
        The detection envelope around them (at least :data:`PULSE_HALF_S` either side, and its
        background before).
    memory : PulseMemory, optional
        The chains accepted before them (updated). None: a fresh one (batch, all candidates at once).

    Returns
    -------
    list of Transient
        The same candidates in the same order, those taken for heartbeats marked ``"pulse"`` with the
        chain's slot interval in ``period_s`` (:func:`chain_period`).
    """
    memory = PulseMemory() if memory is None else memory
    out = []
    first, last = slot.t0_s + SLOT_MIN_BACKGROUND_S, slot.end_s
    asked = [c for c in candidates if c.kind == "twitch" and c.axis is not None]
    spans = []
    for c in asked:
        t0 = c.t_s if c.centre_s is None else c.centre_s
        spans.append((max(t0 - PULSE_HALF_S, first), min(t0 + PULSE_HALF_S, last), np.asarray(c.axis, float)))
    # every candidate's span read at once (the same beats as one by one: see SlotEvidence.beats_many)
    read = iter(slot.beats_many(spans, _GAP_S, SLOT_COS, PULSE_Z))
    for c in candidates:
        if c.kind != "twitch" or c.axis is None:
            out.append(c)
            continue
        t0, axis = (c.t_s if c.centre_s is None else c.centre_s), np.asarray(c.axis, float)
        lo = max(t0 - PULSE_HALF_S, first)
        seen = next(read)
        beats = np.concatenate([memory.along(axis, lo), seen])
        memory.add(seen, axis, chain=False)
        chain = pulse_chain(beats, t0)
        if chain is not None:
            memory.add(chain, axis, chain=True)
            memory.second_s, memory.period_s = _second_sounds(beats, chain)[1], chain_period(chain)
            out.append(replace(c, kind="pulse", period_s=memory.period_s))
            continue
        near = memory.chain_beats(axis, t0)
        lag = t0 - near[-1] if near.size else np.inf
        if near.size and memory.second_s is not None and abs(lag - memory.second_s) <= _SECOND_SPREAD_S:
            # a remembered beat's second heart sound, at the lag of the chain's
            out.append(replace(c, kind="pulse", period_s=memory.period_s))
            continue
        out.append(c)
    return out
