"""Out-of-band rhythms while the wrist keeps moving are no rest tremor.

A rest tremor is, by definition, seen with the limb at rest, supported and relaxed, and it fades when
the limb moves. The clinician advice that follows an out-of-band rhythm at rest
(:func:`tremor.core.causes.session_causes`) rests on that: no set, and a still wrist. But a wrist can be
out of every set and still move all along: hands on a bike's bars while pedalling (the rider's sway
at the cadence, 1.2-1.8 Hz, and each leg's power stroke pulling on the bars at twice it, 2.4-3.6 Hz,
with the rear wheel's imbalance at cadence x gear, 2.4-7 Hz: red team R4-1, 14 of 16 trainer files
given a clinician note), a hand on a knee that bounces, a hand on a steering wheel. The rhythm may
then be the movement's or the equipment's, and the wrist is not at rest, so nothing says it is a rest
tremor.

An episode is "moving" where, over its frames, the median movement-band RMS (0.25-3 Hz,
:data:`tremor.core.spectral.BANDS`) reaches :data:`MOVING_MPS2`, and that movement is not the rhythm's
own skirt (a 3.2-4 Hz tremor's 2 s windows spill part of its power below 3 Hz): its median peak lies
below :data:`MOVING_BELOW` times the episode's frequency, or its RMS reaches :data:`MOVING_OVER_RHYTHM`
times the episode's (a line's skirt holds less than the line: 0.33-0.47 of a true 3.25-4 Hz rest
tremor's RMS at 0.2-0.6 m/s^2, tests/core/test_episode_movement.py). Measured: the red team's trainer
rides 0.27-0.32 m/s^2 at 1.4-1.6 Hz under rhythms of 3.5-5.25 Hz (seeds 41, 42, 45); the test's rides
where the power stroke tops the movement band (seed 19: 0.20 m/s^2 at 3.26 Hz under a 3.25 Hz rhythm of
0.21) reach 0.98-1.6 times the rhythm's RMS; a true 4.5-5 Hz rest tremor with the hand in the lap
0.012-0.017 m/s^2 (red team rest_tremor seeds 1, 2); a seated hand's fidgeting stays under 0.1. Limit: a rest
tremor in a person who keeps moving the arm all along is not reported (the note says why), nor could
it be told from the movement's own rhythm by one wrist sensor. A wrist moving under :data:`MOVING_MPS2` whose
rhythm follows its movement at a whole multiple (a power stroke at twice a cadence) is asked about by
:mod:`tremor.core.harmonic_lock`.

The peak test first takes the rhythm's skirt out of the movement (:func:`skirt_power`). A strong rest tremor's
line is not a pure tone: its amplitude and phase wander, so its spectrum has tails falling about as the inverse
square of the distance from the line (a Lorentzian 0.3-0.5 Hz wide), and 1.4-2.4 m/s^2 at 5.2-5.5 Hz puts
0.16-0.30 m/s^2 into 0.25-3 Hz, its frames' peaks wandering to 3.4-3.6 Hz, under :data:`MOVING_BELOW` times the
line (6 of 30 thumb-up rest tremors of 0.8-2.5 m/s^2 at 4.5-5.5 Hz lost their note so, issue 9). A line is
symmetric about its frequency, so the skirt at ``f0 - d`` is read at ``f0 + d``: the power at 1.25-3 Hz below the
line is taken as that at as far above it, clear of the 2nd harmonic's main lobe (which mirrors onto 0 Hz), and
the skirt's share at 0.25-1.25 Hz is extrapolated from it by the inverse-square tail. What stands above that is
movement (with :data:`SKIRT_MARGIN`). Only the peak test uses it; the RMS test (:data:`MOVING_OVER_RHYTHM`) compares
the whole movement band. Fresh draws (tests/core/test_episode_movement_skirt.py's physics, 50/100/200 Hz): strong
rest tremors at 4-6.25 Hz, thumb up, palm down, along gravity or any direction, read as moving 15/60 before and 0/60
after; a wrist moving 0.25-0.4 m/s^2 at 0.5-1.8 Hz under one at 5.4-6 Hz missed 0/60 before, 1/60 after (2.4 m/s^2,
a 0.6 Hz wide line with a 30 % harmonic, the movement at 0.6 Hz). Limit: under about 5.4 Hz the frames' movement
peak sits at the band's top (the skirt), so movement under a strong tremor there is missed, before as after.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from tremor.core.episodes import Episode
from tremor.core.features import PSD_FREQS, Frames

__all__ = [
    "MOVING_BELOW",
    "MOVING_MPS2",
    "MOVING_OVER_RHYTHM",
    "moving_episodes",
    "rest_episode_frames",
    "skirt_power",
]

#: A wrist at rest moves under this in 0.25-3 Hz (median over an episode's frames, m/s^2 RMS).
MOVING_MPS2 = 0.15
#: ... and the movement is another rhythm than the episode's where its peak lies below this share of
#: the episode's frequency.
MOVING_BELOW = 0.7
#: ... or where its RMS reaches this share of the episode's (more than the rhythm's skirt can hold).
MOVING_OVER_RHYTHM = 0.8
#: The part of the movement band (Hz) whose skirt is read mirrored above the line: at 1.25 Hz or more from 0 Hz
#: the mirror stays clear of the 2nd harmonic's main lobe (a 2 s Hann window's is +-1 Hz); it ends at 3 Hz, or
#: 0.5 Hz under the line where that is lower.
MIRROR_HZ = (1.25, 3.0)
#: The skirt read from the mirror is taken this many times over: per frame it comes within about 15 % (in power) of
#: the skirt a rest tremor with no movement shows, and the movement left is its square root, so an error of a few
#: hundredths of (m/s^2)^2 in a skirt of 0.1-0.15 would otherwise read as movement.
SKIRT_MARGIN = 1.3
#: Grid step (Hz) of the mirrored frequencies (that of :data:`tremor.core.features.PSD_FREQS`).
_STEP_HZ = 0.25


def skirt_power(frames: Frames, rows: np.ndarray, peak_hz: float) -> np.ndarray:
    """The power a line at ``peak_hz`` spills into the 0.25-3 Hz movement band, per frame (see the module).

    Parameters
    ----------
    frames : Frames
        The recording's frames (their ``psd`` on :data:`tremor.core.features.PSD_FREQS`).
    rows : ndarray of bool
        The frames to read.
    peak_hz : float
        The line's frequency (Hz).

    Returns
    -------
    ndarray
        (m/s^2)^2 per selected frame: the power mirrored from above the line, extrapolated to the whole band; 0
        where the mirror would leave the spectrum or hold under two grid steps (a line under 2.25 Hz, over 10.6 Hz).
        Under about 3.5 Hz the mirrored stretch lies within 1 Hz of the line, inside a 2 s Hann window's main lobe,
        and over-reads the skirt (about 2x at 3.5 Hz, 1.1x at 5.5 Hz); there the line itself tops the movement band
        and the peak test does not pass anyway (a review of h-legmin).
    """
    n = int(np.count_nonzero(rows))
    lo, hi = MIRROR_HZ
    hi = min(hi, peak_hz - 0.5)
    if hi - lo < 2 * _STEP_HZ or 2 * peak_hz - lo > PSD_FREQS[-1]:
        return np.zeros(n)
    f = np.arange(lo, hi + 1e-9, _STEP_HZ)
    w = np.full(f.size, _STEP_HZ)
    w[[0, -1]] *= 0.5  # the trapezoid over lo..hi
    cols = np.interp(2 * peak_hz - f, PSD_FREQS, np.arange(PSD_FREQS.size))
    a = np.floor(cols).astype(int)
    b = np.minimum(a + 1, PSD_FREQS.size - 1)
    frac = cols - a
    psd = frames.psd[rows].astype(np.float64)
    mirrored = np.nan_to_num(psd[:, a] * (1.0 - frac) + psd[:, b] * frac) @ w
    # an inverse-square tail: the power within distances d1..d2 of the line goes as 1/d1 - 1/d2
    near, far, top = peak_hz - hi, peak_hz - lo, peak_hz - 0.25
    return mirrored * (1.0 / near - 1.0 / top) / (1.0 / near - 1.0 / far)


def rest_episode_frames(episodes: list[Episode], frames: Frames) -> Iterator[tuple[Episode, np.ndarray]]:
    """The episodes outside sets (``set_index`` None), each with the mask of the frames within it (none: left out).

    Parameters
    ----------
    episodes : list of Episode
        Out-of-band episodes.
    frames : Frames
        The recording's frame features.

    Yields
    ------
    (Episode, ndarray of bool)
        A rest episode and its frames, shape (n_frames,).
    """
    for e in episodes:
        if e.set_index is not None:
            continue
        m = (frames.t_s >= e.start_s) & (frames.t_s <= e.end_s)
        if m.any():
            yield e, m


def moving_episodes(episodes: list[Episode], frames: Frames) -> list[tuple[Episode, float, float]]:
    """The rest episodes during which the wrist kept moving (see the module).

    Parameters
    ----------
    episodes : list of Episode
        Out-of-band episodes; only those outside sets (``set_index`` None) are judged.
    frames : Frames
        The recording's frame features.

    Returns
    -------
    list of (Episode, float, float)
        Each moving episode with its median movement RMS (m/s^2) and movement peak (Hz).
    """
    out = []
    for e, m in rest_episode_frames(episodes, frames):
        move = float(np.nanmedian(frames.movement_rms[m]))
        power = frames.movement_rms[m].astype(np.float64) ** 2
        hz = float(np.nanmedian(frames.peak_movement_hz[m]))
        # the peak test on what stands above the rhythm's own skirt
        own = float(
            np.sqrt(max(float(np.nanmedian(power - SKIRT_MARGIN * skirt_power(frames, m, e.peak_hz))), 0.0))
        )
        if move >= MOVING_MPS2 and (
            (own >= MOVING_MPS2 and hz < MOVING_BELOW * e.peak_hz) or move >= MOVING_OVER_RHYTHM * e.rms_mps2
        ):
            out.append((e, move, hz))
    return out
