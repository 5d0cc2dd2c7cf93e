"""A still hold carried by typing taps is phone use, not a set (issue 9, red team ``long_rests``).

Checking a phone in a rest between sets raises the forearm 25-45 deg for 20-40 s: a static pose, which the
segmentation (:func:`tremor.core.sets.segment_sets`) finds as a ``hold``. Listed as a set (``not_assessable``,
reason ``"taps"``, :mod:`tremor.core.tap_sets`), it states a set the athlete never did and renumbers every real set
after it. The evidence that it is phone use is the taps, never the pose or how long it lasts: typing taps the wrist
2-8 times a second, each tap ringing 10-30 ms at 8-20 Hz.

* Their power is broadband: the span's median spectrum rose over the rest's above the 6-12 Hz band as in it, spread
  over 13-18 Hz, not one line (:func:`tremor.core.tap_rise.taps_rise`, the rule :mod:`tremor.core.tap_sets`
  withholds a hold's tremor by). A median over the span's frames: a knock or two does not move it. Typing at a
  steady rhythm (5-7 taps a second, intervals varying by 3-10 %) is a periodic impulse train, whose spectrum is a
  comb at whole multiples of the tap rate: a tooth in 13-18 Hz holds most of that band's rise, which the spread test
  reads as a line. Such a top with its neighbour tooth one tap interval below it is taps too
  (:func:`tremor.core.tap_rise.tap_train_rise`; review h-rev15, h-typing: on e2fbc24 such checks were ``calm``
  sets, now and then ``fatigue_tremor``). A tremor's harmonic has its fundamental there as well; the next two
  conditions tell it apart.
* And they come in bursts through most of it: in :data:`BURST_SHARE` or more of its frames (those whose centres lie
  1 s or more inside it), the power above 14 Hz is impulsive (:attr:`tremor.core.features.Frames.ext_kurtosis` over
  :data:`tremor.core.external_vibration.EXT_MAX_KURTOSIS`, :func:`tremor.core.impulsive_band.bursty_frames`'s
  bound). A tremor line, its harmonics or the skirt of a line at the band's edge are steady, not impulsive.

* And its 6-12 Hz rise is no tremor line: under :data:`LINE_SHARE` of it lies within 1 Hz of its largest bin.
  Typing is done with the forearm still and at ease: what rises over the rest in 6-12 Hz is the taps' own ring
  (broadband, 8-20 Hz) and a little more postural tremor over 8-12 Hz, spread over the band. A hold whose 6-12 Hz
  rise is one line is a hold with a tremor (a fatigue tremor of 0.1 m/s^2 and more), whatever rings above it: a
  spell of fasciculations (motor units twitching 2.5-8 times a second, each a 10-30 Hz ring, review h-rev14) or a
  loose strap rattling are impulsive above 14 Hz and broadband as taps are, and read as phone use without this
  (on f5d9ebf, a 4/s spell through a fatigue hold at 50 Hz: 11 of 12 fresh draws). Such a hold stays a set; where the taps rule
  reads its rise as broadband, its tremor is withheld (``not_assessable``, taps), as before phone use was found.

Measured (:func:`tests.core.test_phone_checks.seated`, 50/100/200 Hz; seeds 30-41 and 12 fresh draws): the share
within 1 Hz of the peak (a flat rise: 9 of 25 bins, 0.36) is 0.26-0.69 in phone checks (2-8 taps/s; the highest at
50 Hz, 2 taps/s, where the postural 8-12 Hz rise is most of it); 0.80-0.96 in fatigue holds through a twitching
spell of 2.5-4 a second (0.1-0.4 m/s^2 against a tremor of 0.10-0.15 m/s^2) or a strap rattling 4 times a second;
0.73-0.91 at 8 a second. Twitches twice as strong (0.2-0.8 m/s^2) fill 6-12 Hz with their own ring: 0.60-0.80,
and at 50 Hz most such holds still read as phone use (5 of 6 and 8 of 8 seeds; 100 Hz 1 of 6 and 3 of 8).

Measured on tests/core/test_phone_checks.py's own signals (seeds 10-12, 50/100/200 Hz): phone checks at 2-8 taps/s
of 0.05-0.4 m/s^2 have 0.63-0.96 of their frames impulsive (median kurtosis 5.6-11.7); fatigue holds with two
knocks 0.08-0.14 (median 1.6-1.7); fatigue holds with a broad second harmonic (tests/core/test_harmonic_holds.py,
which the spectral rule alone can read as taps) 0.00 (median 2.3-2.5). The kurtosis needs a sub-band above 14 Hz
(:func:`tremor.core.external_vibration.external_assessable`); where it is not measured, nothing is judged here and
such a hold stays a set, its tremor withheld for taps.

Such a span is no set and no rest: it is listed (``phone_use`` in the report), its frames are kept out of the rest
baseline, and twitches are not sought in it (as in walking: the taps ring as twitches do). It ends the previous
set's recovery (:func:`tremor.core.sets.segment_sets`): the recovery is the rest that follows a set, and on the base
the twitches after a check were its own "set"'s; with the check no set, they would fall in a set minutes before it,
and twitches after a rest's activity are no earlier set's (the lead's finding on posture stays, FINDINGS
"h-stay not merged": a stay that did not end the recovery moved four twitches 120 s later into a fatigue hold's
recovery and read it ``mixed``). Those twitches are then the rest's, in no set.

Left: a twitching spell through a hold with a weak tremor (no line), or with twitches strong beside the tremor,
can still read as phone use: the frame features the segmentation has hold nothing else that tells twitches from
taps (their axes, their timing; the taps rule's twitch count comes after the sets); a phone check held with a strong postural tremor line is a set (``not_assessable``, taps), as before. A typing hand's own
physiological postural tremor is a line too (0.015-0.025 m/s^2 over a 0.010 m/s^2 rest: share 0.62-0.86): without
:data:`LINE_OVER_REST` 21 of 192 such checks that f5d9ebf listed as phone use were ``not_assessable`` sets
(review h-rev15); over a quieter rest the same line stands higher over it and can still pass it.
A weak fatigue hold (a tremor growing to 0.04-0.06 m/s^2, its line about 8x the rest's 6-12 Hz power) with a strap
rattling through it at a steady 3-9 a second is a comb over a line under :data:`LINE_OVER_REST`: phone use in 1 of
48 draws at 50/100/200 Hz, where e2fbc24 kept all 48 ``fatigue_tremor`` (h-typing; with the rattle at random
intervals e2fbc24 keeps them too, 48 of 48): the level
between such a line and a typing hand's postural one (up to 6x) has no margin.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from tremor.core.code_step import flicker_power
from tremor.core.external_vibration import EXT_MAX_KURTOSIS
from tremor.core.features import PSD_FREQS
from tremor.core.tap_rise import tap_train_rise

__all__ = [
    "BURST_SHARE",
    "LINE_OVER_REST",
    "LINE_SHARE",
    "MIN_REST_FRAMES",
    "flicker_rise",
    "phone_use",
    "twitches_after_phone_use",
    "twitches_until_next",
]

#: The share of a span's frames whose power above 14 Hz comes in bursts that makes it tapped through (phone checks:
#: 0.63-0.96; fatigue holds with two knocks: 0.08-0.14; with a broad harmonic: 0.00).
BURST_SHARE = 0.4
#: The share of a span's 6-12 Hz rise over the rest within 1 Hz of its largest bin at or over which it is a tremor
#: line, a hold's, not typing's (phone checks: 0.26-0.69; fatigue holds with a twitching spell or a rattling strap at
#: 2.5-4 a second: 0.80-0.96, at 8 a second 0.73-0.91; a flat rise: 0.36).
LINE_SHARE = 0.75
#: Half-width (Hz) about the largest bin of the 6-12 Hz rise taken as its line (a 2 s Hann window's main lobe).
LINE_HALF_WIDTH_HZ = 1.0
#: The line's power over the rest's whole 6-12 Hz power at or over which it is a hold's tremor, not a typing hand's
#: postural tremor (review h-rev15, fresh draws at 50/100/200 Hz over a 0.010 m/s^2 rest: phone checks with a
#: postural line of 0.015-0.025 m/s^2 1.6-6.1x; fatigue holds in a spell or with a rattle 27-72x).
LINE_OVER_REST = 12.0
#: Rest frames needed to take the rest's spectrum from.
MIN_REST_FRAMES = 8


def phone_use(
    t_s: np.ndarray,
    psd: np.ndarray,
    kurtosis: np.ndarray | None,
    rest: np.ndarray,
    span: tuple[int, int],
    kept: dict[str, Any] | None = None,
    code_step: float = 0.0,
) -> bool:
    """Whether a still hold span is phone use: typing taps through it (the module docstring gives the rule).

    Parameters
    ----------
    t_s : ndarray, shape (n_frames,)
        Frame times in s, increasing.
    psd : ndarray, shape (n_frames, n_freqs)
        Each frame's spectrum at :data:`~tremor.core.features.PSD_FREQS`.
    kurtosis : ndarray, shape (n_frames,), or None
        Each frame's kurtosis of its power above 14 Hz (:attr:`tremor.core.features.Frames.ext_kurtosis`; NaN or
        None where not measured).
    rest : ndarray of bool, shape (n_frames,)
        Frames at rest (in no set, walk or unworn stretch), whose median spectrum the span's is compared with.
    span : (int, int)
        The span's first frame and the frame after its last.
    kept : dict or None
        Where its inner frames are impulsive enough (read from the span's own frames alone) is kept here on first
        use, by a caller that asks of the same span again on a table that only grows (a live session's set check);
        None: read each time.
    code_step : float
        The sensor's coarsest code step in m/s^2 (:func:`tremor.core.code_step.coarsest_step`; 0: none known): a
        rise no larger than its codes' flicker makes (:func:`flicker_rise`) shows no taps.

    Returns
    -------
    bool
        True where :data:`BURST_SHARE` or more of its inner frames are impulsive, its median spectrum's rise over
        the rest's is taps' (:func:`~tremor.core.tap_rise.tap_train_rise`) and its 6-12 Hz rise no tremor line
        (under :data:`LINE_SHARE` of it within :data:`LINE_HALF_WIDTH_HZ` of its largest bin, or that line under
        :data:`LINE_OVER_REST` times the rest's 6-12 Hz power); False where any is
        not measured (no kurtosis, under 3 frames, under :data:`MIN_REST_FRAMES` rest frames).
    """
    if kurtosis is None:
        return False
    if kept is None or "phone inner" not in kept:
        inner = _bursty_inner(t_s, kurtosis, span)
        if kept is not None:
            kept["phone inner"] = inner
    else:
        inner = kept["phone inner"]
    if inner is None:
        return False  # most holds stop here: the rest's spectrum is taken only for a tapped one
    rows = np.flatnonzero(rest)
    if rows.size < MIN_REST_FRAMES:
        return False
    with np.errstate(all="ignore"):
        rest_psd = np.nanmedian(psd[rows].astype(np.float64), axis=0)
        span_psd = np.nanmedian(psd[inner].astype(np.float64), axis=0)
    if flicker_rise(span_psd, rest_psd, code_step):
        return False  # taps under a code cannot be told from the codes' flicker: not shown
    return bool(tap_train_rise(span_psd, rest_psd)) and not _tremor_line(span_psd, rest_psd)


def flicker_rise(span_psd: np.ndarray, rest_psd: np.ndarray, step_mps2: float) -> bool:
    """Whether a span's rise over the rest above 6 Hz is no more than a coarse sensor's code flicker can make.

    A still wrist's code flicker is broadband and impulsive above 14 Hz, as typing taps are, and a hold's may rise
    over a rest on constant codes (:func:`tremor.core.code_step.flicker_power`, at most ``3 q**2 / 4`` over three
    axes): a rise within it is no evidence of taps. Typing's 0.05-0.4 m/s^2 rings at 2-8 a second are 0.02-0.09
    m/s^2 RMS: within it on a 10-bit +-8 g sensor (0.153 m/s^2 a code), over it on a 12-bit one (0.038) from about
    0.035 m/s^2.

    Parameters
    ----------
    span_psd, rest_psd : ndarray, shape (PSD_FREQS.size,)
        The span's and the rest's median spectra on :data:`~tremor.core.features.PSD_FREQS`, (m/s^2)^2/Hz.
    step_mps2 : float
        The coarsest axis's code step in m/s^2 (0: none known; never a flicker).

    Returns
    -------
    bool
        True where a step is known and the rise's power (6-20 Hz) is at most its flicker's.
    """
    if step_mps2 <= 0.0:
        return False
    f = PSD_FREQS
    band = f >= 6.0
    rise = np.clip(np.nan_to_num(span_psd[band] - rest_psd[band]), 0.0, None)
    return float(rise.sum()) * float(f[1] - f[0]) <= flicker_power(step_mps2)


def _bursty_inner(t_s: np.ndarray, kurtosis: np.ndarray, span: tuple[int, int]) -> np.ndarray | None:
    """The span's inner frames (1 s from its edges, or all of them where that leaves under 3) where
    :data:`BURST_SHARE` or more of them are impulsive, else None (or where it has under 3 frames)."""
    a, b = span
    t = t_s[a:b]
    inner = np.flatnonzero((t >= t[0] + 1.0) & (t <= t[-1] - 1.0)) + a if b > a else np.zeros(0, int)
    if inner.size < 3:
        inner = np.arange(a, b)
    if inner.size < 3:
        return None
    k = np.nan_to_num(np.asarray(kurtosis[inner], dtype=np.float64), nan=0.0)
    if float(np.mean(k > EXT_MAX_KURTOSIS)) < BURST_SHARE:
        return None
    return inner


def _tremor_line(span_psd: np.ndarray, rest_psd: np.ndarray) -> bool:
    """Whether a span's 6-12 Hz rise over the rest is a hold's tremor line (not a tapping hand's postural tremor).

    Parameters
    ----------
    span_psd, rest_psd : ndarray, shape (PSD_FREQS.size,)
        The span's and the rest's median spectra on :data:`~tremor.core.features.PSD_FREQS`, (m/s^2)^2/Hz.

    Returns
    -------
    bool
        True where :data:`LINE_SHARE` or more of the rise lies within :data:`LINE_HALF_WIDTH_HZ` of its largest
        bin, and that line carries :data:`LINE_OVER_REST` times the rest's 6-12 Hz power or more.
    """
    f = PSD_FREQS
    band = (f >= 6.0) & (f <= 12.0)
    rise = np.clip(np.nan_to_num(span_psd[band] - rest_psd[band]), 0.0, None)
    total = float(rise.sum())
    if total <= 0.0:
        return False
    near = np.abs(f[band] - f[band][int(np.argmax(rise))]) <= LINE_HALF_WIDTH_HZ
    line = float(rise[near].sum())
    return line >= LINE_SHARE * total and line >= LINE_OVER_REST * float(np.nansum(rest_psd[band]))


def twitches_after_phone_use(
    times: np.ndarray,
    phone: tuple[tuple[float, float], ...],
    set_starts: np.ndarray,
    end_s: float,
) -> list[str]:
    """A note for each phone use with the twitches that no set counts from its end to the next set or phone use.

    Phone use ends the recovery of the set before it (:func:`tremor.core.sets.segment_sets`), so the twitches in
    the rest after it are in no set: without this note the text names them nowhere (review h-rev14; as h-rev13
    found for unclear posture stays). None is sought under the phone use itself.

    Parameters
    ----------
    times : ndarray, shape (n,)
        Times in s of the twitches kept at rest that no set counts.
    phone : tuple of (float, float)
        The phone use spans (start_s, end_s), in order.
    set_starts : ndarray, shape (n_sets,)
        The sets' start times in s.
    end_s : float
        The recording's end in s.

    Returns
    -------
    list of str
        One note per phone use followed by one twitch or more in no set.
    """
    out = []
    bounds = np.concatenate([np.asarray(set_starts, np.float64), [a for a, _ in phone]])
    for a, b in phone:
        nxt, n = twitches_until_next(times, a, bounds, end_s)  # up to the next set or phone use
        if n:
            out.append(
                f"{n} twitch{'es' if n > 1 else ''} at rest from {b:.1f} to {nxt:.1f} s, after the phone use from "
                f"{a:.1f} s, which ends the recovery of any set before it: counted in no set above"
            )
    return out


def twitches_until_next(
    times: np.ndarray, start_s: float, bounds: np.ndarray, end_s: float
) -> tuple[float, int]:
    """The next of ``bounds`` after ``start_s`` (or ``end_s``) and how many of ``times`` lie from ``start_s`` to it.

    Parameters
    ----------
    times : ndarray, shape (n,)
        Times in s (the twitches at rest that no set counts).
    start_s : float
        Where the span starts, s (a phone use's or an unclear stay's start).
    bounds : ndarray, shape (m,)
        Where spans start that end it, s (sets, phone use, unclear stays), in any order.
    end_s : float
        The recording's end, s, where no bound follows.

    Returns
    -------
    (float, int)
        The span's end, s, and the count of ``times`` in ``[start_s, end)``.
    """
    times, bounds = np.asarray(times, dtype=np.float64), np.asarray(bounds, dtype=np.float64)
    later = bounds[bounds > start_s]
    stop = float(later.min()) if later.size else float(end_s)
    return stop, int(np.count_nonzero((times >= start_s) & (times < stop)))
