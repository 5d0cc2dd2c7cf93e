"""Whether a bout that moves at a step rate shows a stride: the line at half that rate (issue 9).

A walk is two steps, left and right, that are never alike: the trunk sways to the side once a stride (the
mediolateral sway, 0.5-1 m/s^2), the arms swing once a stride, each leg lands and pushes a little differently. So
wherever a walk's strongest rhythm is its step rate (the body's bob leads: the arm held still, in a pocket, or
swinging weakly), its acceleration also holds a line at half that rate. An arm swung on its own at 1.4-1.6 Hz
(seated or standing, no steps: a warm-up swing, shadow boxing) has its lines at the multiples of its own rate and
nothing at half of it; its harmonics can ring 13-18 Hz and comb at the rate as footsteps do, so the walk rule
(:func:`tremor.core.gait.footsteps`) took some of them for walks (3 of 16 of test_arm_swing_not_run's swings at
100 Hz, 7 of 16 at 1.4-1.5 Hz).

A frame's 2 s spectrum cannot part a line at 0.7 Hz from one at 1.45 Hz (its main lobe is 1 Hz either side), so
:func:`stride_line` reads the whole bout: the frames' sub-block means of the acceleration
(:attr:`tremor.core.features.Frames.sub_acc`, 10 Hz at the default hop) over the bout's longest gap-free run, one
spectrum of it. Measured (log10 of the power at half the step line over the step line's): the real phone walk
(1.93 steps/s, 14 stretches of 20 s) -1.54 to -1.21; arm swings at 1.4-1.6 Hz without feet (harmonics k^-1.3..-1.8
to 15-25 Hz, test_arm_swing_not_run's generator, 16 bouts at 100 Hz) -6.6 to -4.6, at the spectrum's floor.
"""

from __future__ import annotations

import numpy as np

from tremor.core.features import Frames
from tremor.core.rep_locked_ring import SUB_BLOCKS, gap_free_run

__all__ = ["STEP_LINE_HZ", "WALK_MIN_STRIDE_LINE", "stride_line"]

#: A walk whose strongest rhythm lies at a step rate in this band (Hz) holds a line at half that rate at least
#: this high (log10 of its power over the step line's): the real walk -1.54 at the least, feet-free swings -4.6 at
#: the most (module docstring); a stride line of 3 % of the step line's amplitude passes. The band starts over a
#: brisk walk's stride rate (at most 1.3 Hz: 2.6 steps/s, :data:`tremor.core.gait.WALK_HZ`, and its 2 % wander),
#: where the arm's swing, not a step, may be the strongest line (walk_stride_physics at 2.39 steps/s: -5.9).
STEP_LINE_HZ = (1.35, 2.7)
WALK_MIN_STRIDE_LINE = -3.0
#: The rhythm is looked for down to this rate (Hz): a bout whose strongest line lies below :data:`STEP_LINE_HZ`
#: moves at a stride rate (the arm's swing leads) and shows its stride already.
_LOW_HZ = 0.6
#: The bout's gap-free run must last this long (s) to part the stride's line from the step's.
_MIN_S = 6.0
#: The stride line is looked for within this share of half the step rate, and one resolution bin (1 / length).
_HALF_TOL = 0.04


def stride_line(frames: Frames, sel: np.ndarray) -> float:
    """How high a bout's line at half its step rate stands against the step line (log10 of power).

    Parameters
    ----------
    frames : Frames
        Frame features of the recording (``sub_acc``).
    sel : ndarray of int
        Indices of the bout's frames (sorted); the frames from the first to the last are read.

    Returns
    -------
    float
        Over the longest gap-free run of frames from ``sel[0]`` to ``sel[-1]``: the spectrum of the sub-block mean
        acceleration (each axis less its mean and linear trend, Hann window, summed over axes); where its strongest
        line in :data:`_LOW_HZ` to ``STEP_LINE_HZ[1]`` lies in :data:`STEP_LINE_HZ`, log10 of the highest power
        within :data:`_HALF_TOL` of half that line's rate (and one bin) over the line's power. NaN where not
        judged: fewer than :data:`_MIN_S` s gap-free, samples not finite, or the strongest line below the band
        (the stride rate leads).
    """
    if sel.size < 2:
        return float("nan")
    idx = np.arange(int(sel[0]), int(sel[-1]) + 1)
    t = frames.t_s[idx]
    hop = float(np.median(np.diff(t)))
    a, b = gap_free_run(t, hop)
    run = idx[a:b]
    if run.size * hop < _MIN_S:
        return float("nan")
    x = frames.sub_acc[run].reshape(-1, frames.sub_acc.shape[2]).astype(np.float64)
    if not np.isfinite(x).all():
        return float("nan")
    n = x.shape[0]
    dt = hop / SUB_BLOCKS
    ramp = np.arange(n) - 0.5 * (n - 1)
    x -= x.mean(axis=0)
    x -= np.outer(ramp, ramp @ x / (ramp @ ramp))
    nfft = 8 * n
    power = np.sum(np.abs(np.fft.rfft(x * np.hanning(n)[:, None], nfft, axis=0)) ** 2, axis=1)
    freqs = np.fft.rfftfreq(nfft, dt)
    look = (freqs >= _LOW_HZ) & (freqs <= STEP_LINE_HZ[1])
    if not look.any() or not np.max(power[look]) > 0:
        return float("nan")
    top = int(np.flatnonzero(look)[np.argmax(power[look])])
    if freqs[top] < STEP_LINE_HZ[0]:
        return float("nan")  # the stride rate leads: the stride shows
    half = np.abs(freqs - 0.5 * freqs[top]) <= _HALF_TOL * 0.5 * freqs[top] + 1.0 / (n * dt)
    return float(np.log10(max(float(np.max(power[half])), 1e-30) / power[top]))
