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
it be told from the movement's own rhythm by one wrist sensor.
"""

from __future__ import annotations

import numpy as np

from tremor.core.episodes import Episode
from tremor.core.features import Frames

__all__ = ["MOVING_BELOW", "MOVING_MPS2", "MOVING_OVER_RHYTHM", "moving_episodes"]

#: A wrist at rest moves under this in 0.25-3 Hz (median over an episode's frames, m/s^2 RMS).
MOVING_MPS2 = 0.15
#: ... and the movement is another rhythm than the episode's where its peak lies below this share of
#: the episode's frequency.
MOVING_BELOW = 0.7
#: ... or where its RMS reaches this share of the episode's (more than the rhythm's skirt can hold).
MOVING_OVER_RHYTHM = 0.8


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
    for e in episodes:
        if e.set_index is not None:
            continue
        m = (frames.t_s >= e.start_s) & (frames.t_s <= e.end_s)
        if not m.any():
            continue
        move = float(np.nanmedian(frames.movement_rms[m]))
        hz = float(np.nanmedian(frames.peak_movement_hz[m]))
        if move >= MOVING_MPS2 and (hz < MOVING_BELOW * e.peak_hz or move >= MOVING_OVER_RHYTHM * e.rms_mps2):
            out.append((e, move, hz))
    return out
