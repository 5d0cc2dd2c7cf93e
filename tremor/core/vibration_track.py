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
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from tremor.core.features import PSD_FREQS
from tremor.core.vibration_spectra import peak_near

#: The fastest drift followed (Hz per minute): a treadmill changing pace over half a minute.
MAX_DRIFT_HZ_PER_MIN = 3.0
#: The chain's drift is fitted over its hits of the last FIT_SPAN_S seconds, once they span at least
#: MIN_FIT_S seconds; two hits further apart than MAX_LINK_S are not chained (the follow may bridge them).
FIT_SPAN_S = 60.0
MIN_FIT_S = 15.0
MAX_LINK_S = 60.0
#: A line whose frequency moves by less than this (Hz) over its span is kept as a steady line (one
#: frequency, excluded at one place).
DRIFT_MIN_HZ = 0.15


def _fit(times: np.ndarray, freqs: np.ndarray, at: float, tol_hz: float) -> tuple[float, float]:
    """(prediction at ``at``, tolerance) from a chain's hits (times ascending, ``at`` after them): their
    least-squares straight line over the last :data:`FIT_SPAN_S` seconds once they span :data:`MIN_FIT_S`
    (its slope at most :data:`MAX_DRIFT_HZ_PER_MIN`), else the last hit's frequency with room for the fastest
    drift over the time since it."""
    recent = times >= times[-1] - FIT_SPAN_S
    t, f = times[recent], freqs[recent]
    lim = MAX_DRIFT_HZ_PER_MIN / 60.0
    if t[-1] - t[0] < MIN_FIT_S:
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
) -> np.ndarray:
    """The line's frequency (Hz) in each block where a chain is followed, NaN elsewhere.

    Between hits the frequency is interpolated, and a block is kept where its median spectrum peaks
    within ``tol_hz`` of it at ``min_prominence`` or more; beyond the first and last hits the chain is
    walked outward along its fitted drift, block by block, while the peak is still there.

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
            pred, _ = _fit(np.array(times[-tail:]), np.array(freqs[-tail:]), direction * i * step_s, tol_hz)
            pk = _refined_peak(meds[i], pred, tol_hz)
            if pk is None or pk[1] < min_prominence:
                break
            out[i] = pred
            times.append(direction * i * step_s)
            freqs.append(pk[0])
    return out


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
