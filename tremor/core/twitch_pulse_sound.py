"""Twitch detection, pulse stage: a chain of beats is a heartbeat only where each beat has its second heart sound.

Part of the pulse rule (:mod:`tremor.core.twitch_pulse`). The timing of a chain cannot tell a heart from one motor
unit firing steadily: at rest a heart's intervals vary by 2-8 % (respiratory sinus arrhythmia, beat-to-beat
variability; more in a fit athlete), a unit discharging at a steady rate by 5-20 %, and both fall in 40-180 a minute.
Neither can the size or the shape: the chest wall's burst and a twitch are both a brief damped oscillation in the
twitch band, and a unit's twitches (one unit, one site) are as alike from one firing to the next as the heart's.
What the heart has and a unit has not is the second complex of every beat: the seismocardiogram's aortic-closure
burst (the second heart sound), 0.15-0.45 s after the first (the systole's mechanical part, shorter as the rate
rises), at one lag beat after beat. A unit's twitch is one event, its ring gone within about 0.15 s (a damped
oscillation of at most 40 ms time constant), and nothing follows it at a fixed lag.

So the detection envelope is averaged over the chain's beats, aligned on each (:func:`second_sound`): the average
at lags :data:`~tremor.core.twitch_pulse.PULSE_SECOND_S` (at most
:data:`~tremor.core.twitch_pulse.PULSE_SECOND_SHARE` of the period) must rise to a peak :data:`SOUND_Z` robust SDs of
the average (the envelope's robust SD over the span, or the beats' spread at the peak's lag where wider, over the
square root of the beats averaged) above the
average's median, inside the window (not at its edge: a first beat's decaying ring, or the next beat), and at
least :data:`SOUND_SHARE` of the beats' own height (a large twitch leaves the detector's filters' ripple at fixed
lags, a few percent of it). The average over N beats lifts a second sound too faint to show in one beat by about sqrt(N).
Once heard, the lag is looked at again on later chains along the same axis, at a lower
:data:`SOUND_Z_KNOWN` (one look, not a search). Only beats whose lags all lie in the span read (the candidate's own, alike in live and batch) are averaged.
Limit: the ballistocardiogram (a hand on the thigh, asleep) has no second complex in the twitch band; the rule
never took it (the module above).
"""

from __future__ import annotations

import numpy as np

__all__ = ["SOUND_MIN_BEATS", "SOUND_SHARE", "SOUND_SPREAD_S", "SOUND_Z", "SOUND_Z_KNOWN", "second_sound"]

#: The average's peak stands this many of its robust SDs over the average's median (measured, seed 203 at 100 and
#: 200 Hz: chains of a steady unit (CV 5-20 %) 0.7-2.9, of hearts at 50-150 a minute a median of 6.4, 10 of 81 under 3.8).
SOUND_Z = 3.5
#: Where the run's lag was heard on an earlier chain along the axis (the same heart: its systole's length changes
#: little within a minute), the peak within this (s) of that lag stands this many robust SDs over the median.
SOUND_SPREAD_S = 0.03
SOUND_Z_KNOWN = 2.5
#: The second sound is at least this share of the beat's own height over the median (the second heart sound is
#: 0.3-1 of the first; a large twitch's filtered ripple a few percent of it, at fixed lags too).
SOUND_SHARE = 0.1
#: At least this many beats averaged.
SOUND_MIN_BEATS = 4


def second_sound(
    chain: np.ndarray,
    env_t0: float,
    env: np.ndarray,
    fs: float,
    lags: tuple[float, float],
    known: float | None = None,
) -> float | None:
    """The lag (s) of the beats' second heart sound in the envelope averaged over them, or None where none shows.

    Parameters
    ----------
    chain : ndarray
        The chain's beat times (s), in order.
    env_t0 : float
        Time (s) of the first envelope sample.
    env : ndarray
        The detection envelope's samples over the span read.
    fs : float
        Sampling rate (Hz).
    lags : tuple of float
        The lags (s) the second sound is looked for at.
    known : float, optional
        The lag (s) of the second sounds heard on an earlier chain along the same axis: the peak is looked for
        within :data:`SOUND_SPREAD_S` of it, at :data:`SOUND_Z_KNOWN`.

    Returns
    -------
    float or None
        The lag of the average's peak, or None where fewer than :data:`SOUND_MIN_BEATS` beats lie in the span or
        the average does not rise :data:`SOUND_Z` robust SDs to a peak within ``lags`` (:data:`SOUND_Z_KNOWN`
        within :data:`SOUND_SPREAD_S` of ``known``).
    """
    if env.size < 2 or lags[1] <= lags[0]:
        return None
    k0 = np.rint((np.asarray(chain, float) - env_t0) * fs).astype(int)
    first, last = int(np.floor(0.5 * lags[0] * fs)), int(np.ceil(lags[1] * fs))
    k0 = k0[(k0 + first >= 0) & (k0 + last < env.size)]
    if k0.size < SOUND_MIN_BEATS:
        return None
    rows = env[k0[:, None] + np.arange(first, last + 1)[None, :]]
    start = round(lags[0] * fs) - first
    # a window holding more than its own beat is another event's (the second sound is the smaller complex)
    k0, rows = k0[rows[:, start:].max(axis=1) <= env[k0]], rows[rows[:, start:].max(axis=1) <= env[k0]]
    if k0.size < SOUND_MIN_BEATS:
        return None
    # the median over the beats (another unit's twitch after a few of them is no peak), its SD about 1.25 times
    # the mean's
    mean = np.median(rows, axis=0)
    med = float(np.median(env))
    sd = 1.2533 * 1.4826 * float(np.median(np.abs(env - med))) / np.sqrt(k0.size)
    peak = start + int(np.argmax(mean[start:]))
    if known is not None:  # the run's own lag, heard before: one look, not a search over the window
        a = max(round((known - SOUND_SPREAD_S) * fs) - first, start)
        b = min(round((known + SOUND_SPREAD_S) * fs) - first + 1, mean.size)
        if b - a < 1:
            return None
        peak = a + int(np.argmax(mean[a:b]))
    rise = mean[peak] - float(np.median(mean))
    # the average's own wander away from the peak, where wider (other events after the beats: another unit's)
    rest = mean[np.abs(np.arange(mean.size) - peak) > round(0.05 * fs)]
    if rest.size >= 3:
        sd = max(sd, 1.4826 * float(np.median(np.abs(rest - np.median(rest)))))
    z = SOUND_Z if known is None else SOUND_Z_KNOWN
    first_rise = float(np.median(env[k0])) - med  # the beats' own height, as the average's
    if sd <= 0.0 or rise < max(z * sd, SOUND_SHARE * first_rise) or not start < peak < mean.size - 1:
        return None  # too low, or the first beat's decaying ring (or the next beat) at the window's edge
    return (peak + first) / fs
