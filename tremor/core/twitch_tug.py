"""Twitch detection, tug stage: a transient that carries the whole arm is a pull from outside, not a twitch.

Part of the twitch detector (:mod:`tremor.core.events`), after the hold stage. A fasciculation is one motor unit's
brief contraction: a push and its return (a 10-40 ms force pulse) or the limb's brief ring after it (6-30 Hz,
decaying in 10-40 ms). A lead, a rope, a child's hand, a bag's strap or a door pulled shut pulls the hand from
outside, through the arm, an elastic limb: the hand rings at the arm's own low natural frequency (2-6 Hz) and is
carried as a whole. Two measures of the candidate's raw acceleration tell it (h-tug, issue 9):

* the ring's half period: the time from the candidate's largest swing on its principal axis to the nearest
  opposite swing of at least :data:`OPPOSITE_SHARE` of it (the 1-40 Hz part, no quiet stretch between; the swing
  at least :data:`SWING_SHARE` of the candidate's band-passed peak), at least
  :data:`LOBE_MIN_S`: a ring at 5.6 Hz or slower. The broadest test twitch (a Gaussian-derivative pulse of sigma
  40 ms: its lobes 80 ms apart, 84-88 ms as read) and the slowest ring (6 Hz: 83 ms) stay under it;
* the hand's speed: half the range of the velocity (the acceleration less its straight line, above :data:`HIGHPASS_HZ`, integrated, and
  above it again) from :data:`BEFORE_S` before to :data:`AFTER_S` after the peak, at least :data:`SPEED_MPS`. A
  motor unit's push of 0.5 m/s^2 for 40 ms gives the wrist about 0.017 m/s (half the range of the
  Gaussian-derivative pulse's velocity, e^0.5 sigma a / 2); the largest of 399 true twitches of the project's
  generators reached 0.015, two of a pair 0.5 s apart 0.020.

Measured on the twitches the detector kept before this stage (tests/tug_gen.py seeds 0-39 at 100/200 Hz): tugs
266 -> 84 left twitches, true twitches 623 -> 622; red team R7 ``dog_lead nopant`` seeds 1-12 at 100/200 Hz: 138
-> 17 (the rest ring at 5.6-6 Hz, as the broadest twitch does); true twitches of tests/twitch_gen.py,
tests/muscle_spell_gen.py and tests/spell_edge_gen.py (fresh seeds 50-54): 1 of 350 lost (0.3-3 s before a
movement, the movement's speed in its window), of tests/twitch_gen.py's groups 2 of 370 (pairs and triplets
0.25-0.3 s apart).

The windows are cut from the raw samples by index (:class:`tremor.core.recent_samples.RecentSamples`) and each is
filtered on its own, so live and batch judge the same samples alike.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from scipy.signal import butter, detrend, sosfiltfilt

from tremor.core.recent_samples import RecentSamples
from tremor.core.twitch_finder import Transient

__all__ = [
    "AFTER_S",
    "BEFORE_S",
    "HIGHPASS_HZ",
    "LOBE_MAX_S",
    "LOBE_MIN_S",
    "OPPOSITE_SHARE",
    "SPEED_MPS",
    "SWING_SHARE",
    "classify_tugs",
    "tug_measures",
]

#: A ring whose half period is this long or longer (5.6 Hz or slower) is the arm's, pulled from outside.
LOBE_MIN_S = 0.09
#: ... and no longer than this (the arm's slowest ring, 2 Hz): a swing further off is a neighbour's (a spell's next
#: twitch 0.3 s on), not the ring's.
LOBE_MAX_S = 0.26
#: Between the two swings |x| stays under this share of the smaller swing over at most QUIET_MAX of the samples (a
#: sine crossing zero: 16 %; a Gaussian-derivative pulse: about 25 %; two twitches with a quiet gap: most).
QUIET_SHARE = 0.25
QUIET_MAX = 0.4
#: The opposite swing that ends the half period is at least this share of the largest.
OPPOSITE_SHARE = 0.3
#: The half period is the candidate's only where its 1-40 Hz swing is at least this share of its band-passed peak
#: (else the swing is the background's).
SWING_SHARE = 0.5
#: The hand's speed (half the velocity's range, m/s) no motor unit's twitch gives the wrist.
SPEED_MPS = 0.02
#: The speed is read from this long before the candidate's peak ...
BEFORE_S = 0.3
#: ... to this long after it (the arm's ring at 2 Hz: a full period).
AFTER_S = 0.6
#: The swings are read from this long before the peak to :data:`LOBE_AFTER_S` after it.
LOBE_BEFORE_S = 0.2
LOBE_AFTER_S = 0.4
#: The acceleration and the velocity are taken above this frequency (the posture's sway and gravity's turning
#: under it do not carry into the speed).
HIGHPASS_HZ = 0.7
#: The swings are those of the acceleration's 1-40 Hz part (0.4 fs at most; the drift out, a fast ring kept fast).
LOBE_BAND_HZ = (1.0, 40.0)
#: Samples each side of the peak the filters are run over (the windows above within, the filters' edges outside).
PAD_S = 1.5


def _vertex(x: np.ndarray, i: int) -> float:
    """The sub-sample position of the extremum at ``i`` of ``x`` (the parabola through it and its neighbours)."""
    if 0 < i < x.size - 1:
        den = x[i - 1] - 2 * x[i] + x[i + 1]
        if den != 0:
            return i + 0.5 * float(x[i - 1] - x[i + 1]) / float(den)
    return float(i)


def _half_period(x: np.ndarray, k: int, fs: float) -> float:
    """Time (s) from the largest swing at ``k`` of ``x`` (1-D) to the nearest opposite swing of at least
    :data:`OPPOSITE_SHARE` of it within :data:`LOBE_MAX_S`, on either side, with no quiet stretch between them
    (:data:`QUIET_SHARE`, :data:`QUIET_MAX`: two twitches a quarter of a second apart have one); 0 where there is
    none."""
    sign = np.sign(x[k])
    best = 0.0
    for step in (1, -1):
        j = k
        while 0 <= j < x.size and np.sign(x[j]) == sign:
            j += step
        run = []
        while 0 <= j < x.size and np.sign(x[j]) == -sign:
            run.append(j)
            j += step
        if not run:
            continue
        m = max(run, key=lambda q: -sign * x[q])
        size = -sign * x[m]
        lo, hi = min(k, m), max(k, m)
        # a ring passes zero once between its swings; two transients have a quiet stretch between them
        quiet = float(np.mean(np.abs(x[lo : hi + 1]) < QUIET_SHARE * min(size, abs(x[k]))))
        if size >= OPPOSITE_SHARE * abs(x[k]) and abs(m - k) <= LOBE_MAX_S * fs and quiet <= QUIET_MAX:
            d = abs(_vertex(x, m) - _vertex(x, k)) / fs
            best = d if best == 0.0 else min(best, d)
    return best


def tug_measures(acc: np.ndarray, k: int, fs: float) -> tuple[float, float, float]:
    """The ring's half period (s), the hand's speed (m/s) and the ring's largest swing (m/s^2, the 1-40 Hz part on
    its principal axis) of a transient peaking at sample ``k`` of ``acc``.

    Parameters
    ----------
    acc : ndarray, shape (n, 3)
        Raw acceleration in m/s^2 around the transient (the filters' reach, :data:`PAD_S`, each side where the
        segment has it).
    k : int
        Index of the transient's peak in ``acc``.
    fs : float
        Sampling rate in Hz.

    Returns
    -------
    tuple of float
        The half period (0 where no opposite swing is large enough), the speed and the swing.
    """
    n = acc.shape[0]
    if n < 16 or not 0 <= k < n:
        return 0.0, 0.0, 0.0
    hp = butter(2, HIGHPASS_HZ, "highpass", fs=fs, output="sos")
    # each least-squares line out first: a steady drift (an arm sinking at rest) carries no speed
    a = sosfiltfilt(hp, detrend(acc, axis=0), axis=0)
    v = sosfiltfilt(hp, detrend(np.cumsum(a, axis=0) / fs, axis=0), axis=0)
    v = v[max(k - round(BEFORE_S * fs), 0) : k + round(AFTER_S * fs) + 1]
    speed = 0.5 * float(np.linalg.norm(v.max(axis=0) - v.min(axis=0)))
    bp = butter(2, (LOBE_BAND_HZ[0], min(LOBE_BAND_HZ[1], 0.4 * fs)), "bandpass", fs=fs, output="sos")
    w0 = max(k - round(LOBE_BEFORE_S * fs), 0)
    w = sosfiltfilt(bp, acc, axis=0)[w0 : k + round(LOBE_AFTER_S * fs) + 1]
    w = w - w.mean(axis=0)
    axis = np.linalg.svd(w, full_matrices=False)[2][0]
    y = w @ axis
    top = int(np.argmax(np.abs(y)))
    return _half_period(y, top, fs), speed, float(abs(y[top]))


def classify_tugs(candidates: list[Transient], raw: RecentSamples) -> list[Transient]:
    """Mark as ``"pulled"`` the twitches whose ring is the arm's (:data:`LOBE_MIN_S`) or whose speed no motor unit
    gives the wrist (:data:`SPEED_MPS`): the hand pulled from outside.

    Parameters
    ----------
    candidates : list of Transient
        Judged transients; only those of kind ``"twitch"`` are looked at.
    raw : RecentSamples
        The segment's raw samples (m/s^2), holding :data:`PAD_S` each side of every twitch where the segment has
        them.

    Returns
    -------
    list of Transient
        The same transients, tugs' kinds set to ``"pulled"``.
    """
    out = []
    for c in candidates:
        if c.kind == "twitch":
            acc, k = raw.around(c.t_s, PAD_S)
            lobe, speed, swing = tug_measures(acc, k, raw.fs)
            if (lobe >= LOBE_MIN_S and swing >= SWING_SHARE * c.peak_mps2) or speed >= SPEED_MPS:
                c = replace(c, kind="pulled")
        out.append(c)
    return out
