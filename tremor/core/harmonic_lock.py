"""An out-of-band rhythm that follows a slower wrist movement at a whole multiple is the movement's (issue 9).

Pedalling at a cadence c (1.2-1.8 rev/s) sways the body, and the wrist on the bars, at c, and each leg's power stroke
pulls on the bars at 2c (2.4-3.6 Hz), with a share at 4c (the pedal torque is |sin|-shaped) and at 3c (uneven legs):
the strokes are driven by the same crank, so their frequencies are locked to the cadence and follow it frame by frame
as it wanders. A rest tremor (3-6 Hz) is not driven by a slower movement of the wrist: its frequency wanders on its
own (a line 0.3-0.5 Hz wide), and a hand at rest barely moves. The rule of :mod:`tremor.core.episode_movement` takes
the wrist as moving from its movement level (:data:`tremor.core.episode_movement.MOVING_MPS2`, 0.15 m/s^2); a rider
who sways less (0.05-0.15 m/s^2, hands light on the bars) fell under it, and the power stroke's line was an episode
at rest with a clinician note (15 of 450 fresh rides of tests/core/test_harmonic_lock.py's physics, 0 after; and
fresh seed 222924812 of tests/core/test_episode_movement.py).

An episode is *locked* where, in at least :data:`LOCK_SHARE` of its frames, its rhythm's frequency (the largest power
within :data:`RHYTHM_HALF_HZ` of the episode's peak) lies within :data:`LOCK_TOL_HZ` of ``k`` times the frame's slow
movement peak (:attr:`tremor.core.features.Frames.peak_slow_hz`, 0.5-2.25 Hz, read only off the band's edge bins), for
one ``k`` of :data:`LOCK_MULTIPLES`. The test is frame by frame, not on the episode's medians: the lock must hold as
both frequencies wander. Measured on fresh draws (50/100/200 Hz): the rides' power-stroke episodes lock in 0.98-0.99
of their frames; true rest tremors (3.5-6 Hz, 0.05-1 m/s^2) with a still hand or breathing sway (0.5-1.5 deg at
0.2-0.3 Hz, whose multiples stay under 1.2 Hz: the slow band starts at 0.5 Hz and ``k`` stops at 4) lock in none;
with a slow fidget (0.05-0.3 m/s^2 at 0.8-1.8 Hz, 0.1-0.5 Hz wide) in at most 0.4 of their frames, and with a fidget
centred exactly at a whole fraction of the tremor (0.05-0.3 Hz wide) in at most 0.49. The ratio alone (the episode's
peak within 0.125 Hz of ``k`` times the median slow peak) would have taken 28 of 178 episodes with the unrelated
fidget, and all with the exact one (fresh draws in turn: 0 of 90 and 0 of 90 locked after; notes kept as before, 51
and 55 of 90, the rest taken by the moving rule). Limits: the margin is thin where a rest tremor is nearly as steady
as a crank (a line 0.05-0.15 Hz wide) while the hand jiggles steadily (0.05 Hz wide, 0.05-0.12 m/s^2) at exactly a
whole fraction of its frequency: shares up to 0.65, none of 90 locked, and a steadier pair would lock and lose its
note; a power stroke's weak 4c line in a ride reads 0.67-0.88 (those rides were moving by the level anyway); a wheel's imbalance line
at cadence x gear (a fractional multiple) is not asked about (with it, 0.03-0.1 m/s^2, rides gave a note in 22 of
450 before, 2 of 450 after, 4 of 300 at 100 Hz); a cadence whose fundamental the wrist does not show is not seen:
the slow peak at another movement, or at the band's top where a weak sway (0.05 m/s^2 at 1.2 Hz) lies under a power
stroke's skirt (1 of 2400 fresh rides kept a note so, at 50 Hz). A rest tremor whose own waveform holds a line at
half its frequency follows it by construction and is locked (review h-rev9, strict xfail in
tests/core/test_harmonic_lock_alternans.py): cycles alternating strong and weak by 25 % or 40 % (f 3.5-3.8 Hz, so
f/2 lies under the 1.9 Hz edge) lost the note in 8 and 17 of 45 seeds at 50/100/200 Hz (by 10 %: 0 of 45); and the
steady pair at exactly 2:1 (a movement 0.03 Hz wide at 1.75-1.8 Hz, 0.03-0.14 m/s^2, under a tremor line 0.08-0.3
Hz wide) locked in 3 of 66 (0 of 30 with the line 0.3-0.5 Hz wide; an unrelated movement at 0.8-1.9 Hz: 0 of 40).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tremor.core.episode_movement import rest_episode_frames
from tremor.core.episodes import Episode
from tremor.core.features import PSD_FREQS, SLOW_PEAK_BAND, Frames
from tremor.core.spectral import Band, peak_frequency

__all__ = ["LOCK_MULTIPLES", "LOCK_SHARE", "LOCK_TOL_HZ", "RHYTHM_HALF_HZ", "Locked", "locked_episodes"]

#: The whole multiples of the slow movement a driven rhythm is asked at (2c the power stroke, 3c uneven legs, 4c the
#: stroke's |sin| harmonic); a breathing sway's (0.2-0.3 Hz) would need 12 or more.
LOCK_MULTIPLES = (2, 3, 4)
#: A frame holds the lock where its rhythm lies within this of ``k`` times its slow peak (Hz): a 2 s window's peaks
#: read a steady line within about 0.1 Hz, and an error of 0.03 Hz in the slow peak is 0.12 Hz at ``k`` = 4.
LOCK_TOL_HZ = 0.25
#: ... and an episode is locked where this share of its frames holds it (rides 0.98-0.99, rest tremors 0.49 at most).
LOCK_SHARE = 0.7
#: The rhythm's frequency in a frame is read within this of the episode's peak (Hz).
RHYTHM_HALF_HZ = 0.75
#: The slow peak's edge bins (Hz): a peak there is the skirt of something outside the band, not a movement in it.
_SLOW_EDGES = (SLOW_PEAK_BAND.low_hz + 0.1, SLOW_PEAK_BAND.high_hz - 0.35)


@dataclass(frozen=True)
class Locked:
    """An episode locked to a slower wrist movement (see the module)."""

    episode: Episode
    #: the median slow movement peak over the frames holding the lock (Hz)
    movement_hz: float
    #: the whole multiple
    multiple: int
    #: the share of the episode's frames holding the lock
    share: float


def locked_episodes(episodes: list[Episode], frames: Frames) -> list[Locked]:
    """The rest episodes whose rhythm follows a slower wrist movement at a whole multiple (see the module).

    Parameters
    ----------
    episodes : list of Episode
        Out-of-band episodes; only those outside sets (``set_index`` None) are judged.
    frames : Frames
        The recording's frame features (``psd`` and ``peak_slow_hz``).

    Returns
    -------
    list of Locked
        Each locked episode with its movement's frequency, the multiple and the share of frames holding it.
    """
    out = []
    for e, m in rest_episode_frames(episodes, frames):
        band = Band("rhythm", e.peak_hz - RHYTHM_HALF_HZ, e.peak_hz + RHYTHM_HALF_HZ + 1e-6)
        rhythm = np.atleast_1d(
            peak_frequency(PSD_FREQS, np.nan_to_num(frames.psd[m].astype(np.float64)), band)
        )
        slow = frames.peak_slow_hz[m].astype(np.float64)
        slow = np.where((slow >= _SLOW_EDGES[0]) & (slow <= _SLOW_EDGES[1]), slow, np.nan)
        with np.errstate(invalid="ignore"):
            holds = [np.abs(rhythm - k * slow) <= LOCK_TOL_HZ for k in LOCK_MULTIPLES]
        best = int(np.argmax([h.mean() for h in holds]))
        share = float(holds[best].mean())
        if share >= LOCK_SHARE:
            out.append(Locked(e, float(np.median(slow[holds[best]])), LOCK_MULTIPLES[best], share))
    return out
