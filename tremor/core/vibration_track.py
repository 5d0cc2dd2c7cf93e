"""Following a machine line whose speed drifts (:mod:`tremor.core.vibration`).

A treadmill changing pace or a motor warming up drifts smoothly and slowly: its frequency is a nearly
straight function of time over tens of seconds, and within each 20 s block it holds still about that
straight line as tightly as a steady motor does (the block test of :mod:`tremor.core.vibration`
already measures the spread about the block's drift). What a fixed frequency tolerance cannot do is
join those blocks into one line: a motor drifting 0.6 Hz/min moves 2.4 Hz over four minutes.

So the blocks where a line holds still are *chained* in time: a block's line joins the chain whose
straight-line prediction (its fitted drift over the last :data:`FIT_SPAN_S` seconds, at most
:data:`MAX_DRIFT_HZ_PER_MIN`) it meets within the follow tolerance. A chain is then followed block by
block (through a set, say) along that prediction where the block-median spectrum still shows the
peak. Nothing here relaxes the test of a line: each block must still hold still about its own drift,
and a third of the still blocks a line covers must verify it, so a tremor's random wander (which a
straight line does not remove) is not followed. The line's frequency at each block centre is kept
(:attr:`VibrationLine.track_hz`), and its bins, and those of its harmonics (in ratio: ``n`` times the
fundamental's drift), are excluded frame by frame (:func:`centres`).

A motor drifting up from below 3 Hz has its fundamental under the arm's movement (and below 2.25 Hz
outside the frame spectra, which start at 2 Hz) while its harmonic is already in the tremor bands: the
walk goes on by that harmonic (:data:`HIDDEN_ORDERS`), verified as holding still there
(:func:`holds_still_hidden`), and a harmonic line followed further than its fundamental extends it
(:func:`fundamentals`), so the harmonic's bins are left out of the bands wherever the machine is.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from tremor.core.features import PSD_FREQS
from tremor.core.vibration_blocks import HARMONIC_TOLERANCE_HZ, MAX_HARMONIC, holds_still
from tremor.core.vibration_spectra import peak_near

#: The fastest drift followed (Hz per minute): a treadmill changing pace over half a minute.
MAX_DRIFT_HZ_PER_MIN = 3.0
#: The chain's drift is fitted over its hits of the last FIT_SPAN_S seconds, once they span at least
#: MIN_FIT_S seconds; two hits further apart than MAX_LINK_S are not chained (the follow may bridge them).
FIT_SPAN_S = 60.0
MIN_FIT_S = 15.0
SPAN_JITTER_S = 1e-3
#: Walking a line outward (through a set, say), its drift is fitted over the last WALK_SPAN_S seconds only: a
#: motor speeding up out of a slow spell curves, and a straight line over 60 s lags the curve (a 10 +- 1 Hz
#: swing over 4 minutes, 1.6 Hz/min at most, was lost 0.3 Hz off within two blocks of a set: two lines, the set
#: between them labelled enhanced_tremor, seed 9724773).
WALK_SPAN_S = 30.0
MAX_LINK_S = 60.0
#: A line whose frequency moves by less than this (Hz) over its span is kept as a steady line (one
#: frequency, excluded at one place).
DRIFT_MIN_HZ = 0.15
#: Where a line's fundamental lies below the band where lines are sought (3 Hz: under the arm's movement, and
#: below 2.25 Hz outside the frame spectra, which start at 2 Hz), it is followed by these harmonics (a motor's
#: strongest; each predicted at ``n`` times the fundamental, within ``n`` times the follow tolerance).
HIDDEN_ORDERS = (2, 3)


def _fit(
    times: np.ndarray, freqs: np.ndarray, at: float, tol_hz: float, span_s: float = FIT_SPAN_S
) -> tuple[float, float]:
    """(prediction at ``at``, tolerance) from a chain's hits (times ascending, ``at`` after them): their
    least-squares straight line over the last ``span_s`` seconds once they span :data:`MIN_FIT_S`
    (its slope at most :data:`MAX_DRIFT_HZ_PER_MIN`), else the last hit's frequency with room for the fastest
    drift over the time since it."""
    recent = times >= times[-1] - span_s
    t, f = times[recent], freqs[recent]
    lim = MAX_DRIFT_HZ_PER_MIN / 60.0
    # the block step is the frames' median hop times a whole number (4.99999 s in a jittered recording): three
    # steps span MIN_FIT_S to within that jitter, not short of it
    if t[-1] - t[0] < MIN_FIT_S - SPAN_JITTER_S:
        return float(f[-1]), tol_hz + min(at - t[-1], MIN_FIT_S) * lim
    x = t - t.mean()
    slope = float(np.clip(np.dot(x, f - f.mean()) / np.dot(x, x), -lim, lim))
    return float(f.mean() + slope * (at - t.mean())), tol_hz


def chain(blocks: Sequence[int], freqs: Sequence[float], step_s: float, tol_hz: float) -> list[list[int]]:
    """Indices of hits grouped into chains: hits ordered by block join the chain whose prediction they meet.

    Parameters
    ----------
    blocks : sequence of int
        Block index of each hit.
    freqs : sequence of float
        The hit's line frequency (Hz, median over the block's frames).
    step_s : float
        Seconds between consecutive blocks.
    tol_hz : float
        How far (Hz) from the chain's prediction a hit may lie.

    Returns
    -------
    list of list of int
        Each chain's hit indices, in block order.
    """
    order = sorted(range(len(blocks)), key=lambda j: (blocks[j], freqs[j]))
    tail = int(np.ceil(FIT_SPAN_S / step_s)) + 1  # a chain holds at most one hit per block
    chains: list[list[int]] = []
    active: list[list[int]] = []  # chains whose last hit is within MAX_LINK_S
    for j in order:
        at = blocks[j] * step_s
        active = [c for c in active if at - blocks[c[-1]] * step_s <= MAX_LINK_S]
        best, best_d = None, np.inf
        for c in active:
            if blocks[c[-1]] >= blocks[j]:
                continue
            recent = c[-tail:]
            times = np.array([blocks[i] * step_s for i in recent])
            pred, tol = _fit(times, np.array([freqs[i] for i in recent]), at, tol_hz)
            d = abs(freqs[j] - pred)
            if d <= tol and d < best_d:
                best, best_d = c, d
        if best is None:
            chains.append([j])
            active.append(chains[-1])
        else:
            best.append(j)
    return chains


def _refined_peak(med: np.ndarray, f0: float, tol: float) -> tuple[float, float] | None:
    """(frequency refined by a parabola through log power, prominence) of the largest local maximum of
    the block-median spectrum ``med`` within ``tol`` of ``f0`` (:func:`_peak_near`)."""
    pk = peak_near(med, f0, tol)
    if pk is None:
        return None
    k = int(np.argmin(np.abs(PSD_FREQS - pk[0])))
    with np.errstate(divide="ignore", invalid="ignore"):
        a, b, c = np.log(med[k - 1]), np.log(med[k]), np.log(med[k + 1])
        den = a - 2 * b + c
        shift = float(np.clip(0.5 * (a - c) / den, -0.5, 0.5)) if den < 0 else 0.0
    return pk[0] + float(np.nan_to_num(shift)) * float(PSD_FREQS[1] - PSD_FREQS[0]), pk[1]


def follow(
    hit_blocks: Sequence[int],
    hit_freqs: Sequence[float],
    meds: Sequence[np.ndarray],
    step_s: float,
    tol_hz: float,
    min_prominence: float,
    hidden_below_hz: float | None = None,
) -> np.ndarray:
    """The line's frequency (Hz) in each block where a chain is followed, NaN elsewhere.

    Between hits the frequency is interpolated, and a block is kept where its median spectrum peaks
    within ``tol_hz`` of it at ``min_prominence`` or more; beyond the first and last hits the chain is
    walked outward along its fitted drift, block by block, while the peak is still there. Where the
    predicted fundamental lies below ``hidden_below_hz`` (under the arm's movement, or below the frame
    spectra, which start at 2 Hz) and its own peak is not seen, the walk goes on where the block shows
    its 2nd or 3rd harmonic instead (:data:`HIDDEN_ORDERS`): the same machine, seen by the part of it
    that is inside the spectra (a motor drifting up from 1.3 Hz shows only its harmonic at first).

    Parameters
    ----------
    hit_blocks, hit_freqs : sequence
        The chain's blocks (ascending) and frequencies (Hz).
    meds : sequence of ndarray
        Median spectrum of every block.
    step_s : float
        Seconds between consecutive blocks.
    tol_hz : float
        How far (Hz) from the prediction the block's peak may lie.
    min_prominence : float
        Least prominence (peak over local background) of a followed block's peak.
    hidden_below_hz : float, optional
        Below this frequency (Hz) the fundamental may be hidden and the walk may follow a harmonic;
        ``None``: the fundamental only.

    Returns
    -------
    ndarray, shape (len(meds),)
        Frequency per block; NaN where the line is not there.
    """
    n = len(meds)
    out = np.full(n, np.nan)
    hb = np.asarray(hit_blocks, dtype=np.int64)
    hf = np.asarray(hit_freqs, dtype=np.float64)
    out[hb] = hf
    for i in range(int(hb[0]) + 1, int(hb[-1])):
        if np.isnan(out[i]):
            pred = float(np.interp(i, hb, hf))
            pk = _refined_peak(meds[i], pred, tol_hz)
            if pk is not None and pk[1] >= min_prominence:
                out[i] = pred
    tail = int(np.ceil(FIT_SPAN_S / step_s)) + 1
    for direction in (1, -1):
        # walked outward: times (s) and frequencies of the nearest found blocks, the walk's direction taken as
        # forward in time (mirrored backwards)
        times = list(direction * hb[::direction] * step_s)
        freqs = list(hf[::direction])
        i = int(hb[-1] if direction > 0 else hb[0])
        while 0 <= i + direction < n:
            i += direction
            pred, _ = _fit(
                np.array(times[-tail:]), np.array(freqs[-tail:]), direction * i * step_s, tol_hz, WALK_SPAN_S
            )
            pk = _refined_peak(meds[i], pred, tol_hz)
            found = pk[0] if pk is not None and pk[1] >= min_prominence else None
            if found is None and hidden_below_hz is not None and pred < hidden_below_hz:
                found = _hidden_by_harmonic(meds[i], pred, tol_hz, min_prominence, hidden_below_hz)
            if found is None:
                break
            out[i] = pred
            times.append(direction * i * step_s)
            freqs.append(found)
    return out


def _hidden_by_harmonic(
    med: np.ndarray, pred: float, tol_hz: float, min_prominence: float, above_hz: float
) -> float | None:
    """The fundamental (Hz) read from the first of its :data:`HIDDEN_ORDERS` harmonics at or above
    ``above_hz`` that the block-median spectrum ``med`` shows within ``n * tol_hz`` of ``n * pred`` at
    ``min_prominence``, over its order; ``None`` where none shows."""
    for n in HIDDEN_ORDERS:
        if n * pred < above_hz:
            continue
        pk = _refined_peak(med, n * pred, n * tol_hz)
        if pk is not None and pk[1] >= min_prominence:
            return pk[0] / n
    return None


def centres(
    track_s: Sequence[float], track_hz: Sequence[float], freq_hz: float, t_s: np.ndarray
) -> np.ndarray:
    """A line's fundamental (Hz) at times ``t_s``: its track interpolated, or ``freq_hz`` without one.

    Parameters
    ----------
    track_s, track_hz : sequence of float
        The line's frequency at block centres (empty for a steady line).
    freq_hz : float
        The line's frequency (used where there is no track).
    t_s : ndarray
        Frame times (s).

    Returns
    -------
    ndarray
        The fundamental at each time (held constant beyond the track's ends).
    """
    if len(track_s) < 2:
        return np.full(np.shape(t_s), float(freq_hz))
    return np.interp(t_s, np.asarray(track_s), np.asarray(track_hz))


def holds_still_hidden(psd: np.ndarray, med: np.ndarray, f0: float, hidden_below_hz: float) -> bool:
    """:func:`~tremor.core.vibration_blocks.holds_still` at a line's fundamental ``f0``, or, where that lies below
    ``hidden_below_hz``, at one of the harmonics (:data:`HIDDEN_ORDERS`) at or above it that :func:`follow` may
    have followed it by there: a machine's harmonic holds still as its fundamental does.

    Parameters
    ----------
    psd : ndarray
        One block's frame spectra (frames, bins of :data:`~tremor.core.features.PSD_FREQS`).
    med : ndarray
        The block's median spectrum.
    f0 : float
        The line's fundamental (Hz) in this block.
    hidden_below_hz : float
        Below this frequency (Hz) the fundamental may be hidden (as for :func:`follow`).

    Returns
    -------
    bool
        True where the fundamental, or a harmonic standing in for a hidden one, holds still.
    """
    if holds_still(psd, med, f0):
        return True
    return f0 < hidden_below_hz and any(
        holds_still(psd, med, n * f0) for n in HIDDEN_ORDERS if n * f0 >= hidden_below_hz
    )


def extend_by_harmonic(run: dict[int, float], harmonic: dict[int, float]) -> None:
    """Extend the line ``run`` into the blocks next to it where only its harmonic ``harmonic`` was followed.

    A drifting machine is the same machine in the blocks where its fundamental lies below the band where
    lines are sought (under the arm's movement, or below the frame spectra's 2 Hz) and only its harmonic,
    locked to it in ratio over the blocks where both are seen, shows: the line is there, at the harmonic's
    frequency over its order, and its harmonic's bins must be kept out of the tremor bands there too (a
    1.7 Hz motor's 3.4 Hz harmonic was reported as a 3-7 Hz tremor episode). Only blocks that continue
    ``run`` without a gap are taken.

    Parameters
    ----------
    run : dict of int to float
        The line's fundamental (Hz) by block index; extended in place.
    harmonic : dict of int to float
        Its harmonic's frequency (Hz) by block index, sharing at least one block with ``run``.

    Returns
    -------
    None
        ``run`` is modified in place.
    """
    both = [i for i in harmonic if i in run]
    if not both:
        return
    n = round(float(np.median([harmonic[i] / run[i] for i in both])))
    if n < 2:
        return
    for direction in (1, -1):
        i = (max(run) if direction > 0 else min(run)) + direction
        while i in harmonic and i not in run:
            run[i] = harmonic[i] / n
            i += direction


def harmonic_of(run: dict[int, float], other: dict[int, float]) -> bool:
    """Whether the line ``run`` is a harmonic of ``other`` over at least half its blocks.

    Parameters
    ----------
    run, other : dict of int to float
        Each line's frequency (Hz) by block index.

    Returns
    -------
    bool
        True where, over the blocks both share (at least half of ``run``'s), ``run`` lies at ``n`` (2 to
        :data:`~tremor.core.vibration_blocks.MAX_HARMONIC`) times ``other`` within ``n`` times the harmonic
        tolerance (median).
    """
    both = [i for i in run if i in other]
    if len(both) < len(run) / 2 or not both:
        return False
    h = np.array([run[i] for i in both])
    f = np.array([other[i] for i in both])
    n = round(float(np.median(h / f)))
    return 2 <= n <= MAX_HARMONIC and float(np.median(np.abs(h - n * f))) <= HARMONIC_TOLERANCE_HZ * n


def fundamentals(runs: Sequence[dict[int, float]]) -> list[int]:
    """Indices of the lines that are not a harmonic of another (:func:`harmonic_of`), in order; each harmonic
    line extends its fundamental where only it was followed (:func:`extend_by_harmonic`, in place).

    Any other line may be the fundamental, not only a slower one by median speed: a drifting line's median
    speed may lie above that of its harmonic followed over a few blocks (a harmonic is never a harmonic of
    its own harmonic, so the order does not matter).

    Parameters
    ----------
    runs : sequence of dict of int to float
        Each line's frequency (Hz) by block index.

    Returns
    -------
    list of int
        Indices into ``runs`` of the fundamentals.
    """
    keep = [j for j, r in enumerate(runs) if not any(o is not r and harmonic_of(r, o) for o in runs)]
    for r in runs:
        of = next((runs[j] for j in keep if runs[j] is not r and harmonic_of(r, runs[j])), None)
        if of is not None:
            extend_by_harmonic(of, r)
    return keep
