"""Which rest frames are still enough to measure the resting wrist's tremor (issue 9, red team R4-1).

Every "Nx the rest baseline" ratio is divided by the median 6-12 Hz power of the rest frames
(:func:`tremor.core.classify.rest_baseline`). Rest there means out of every set, and a set needs a movement
of :data:`tremor.core.sets.MOVE_MPS2` (0.35 m/s^2 RMS in 0.25-3 Hz) or a raised pose. So a wrist that keeps
moving gently outside the sets (hands on a bike's bars while pedalling: the body's sway at the cadence and
each leg's power stroke pulling on the bars, 0.2-0.35 m/s^2) was rest, and where it outlasted the still
stretches its level became the baseline: the red team's ``trainer --seed 41`` took 0.027 m/s^2 from the
ride, the person's still level being 0.012 (the ride's frames 0.05, its movement's harmonics and the
wheel's line reaching 6-12 Hz).

A resting, supported wrist moves little in 0.25-3 Hz: postural sway and breathing, 0.005-0.03 m/s^2 RMS
(with the sensor's noise: 0.003-0.005 in the bundled sample, 0.01-0.03 in the real Polar Verity Sense file
at rest); a seated hand's light fidgeting stays under 0.1. So the frames a baseline is taken from are
those (:func:`still_rest`):

- moving under :data:`REST_MOVE_MPS2` (0.15 m/s^2, the level above which an out-of-band rhythm outside
  the sets is no rest tremor, :data:`tremor.core.episode_movement.MOVING_MPS2`: the wrist is not at rest);
- and moving at most :data:`QUIET_OVER` times the quietest stretch of them (the lowest median movement of
  :data:`QUIET_RUN` consecutive ones, 5 s at the 0.5 s hop), or under :data:`QUIET_FLOOR` whatever the
  quietest stretch: a wrist still for 5 s somewhere shows the person's rest, and frames moving several
  times more than that (a gentle ride, a fidget) add the movement's own power to the tremor band. Measured:
  the real Polar file's rest frames under 0.05 m/s^2 read 0.025 m/s^2 at 6-12 Hz, those at 0.05-0.15
  0.034, at 0.15-0.35 0.05-0.06.

Where no rest frame is still enough (the wrist moved all along outside the sets), there is no baseline:
the ratios are not assessable, and the note says the wrist never rested (:func:`moving_rest_note`).
Limit: a wrist that moves gently (under :data:`REST_MOVE_MPS2`) through the whole recording, with no
stretch stiller than that, still gives its level as the baseline; one wrist sensor cannot tell a fidgety
rest from a gentle, steady movement by level alone.
"""

from __future__ import annotations

import numpy as np

__all__ = ["REST_MOVE_MPS2", "QUIET_FLOOR", "QUIET_OVER", "QUIET_RUN", "still_rest", "moving_rest_note"]

#: A resting wrist moves under this in 0.25-3 Hz (m/s^2 RMS a frame); as
#: :data:`tremor.core.episode_movement.MOVING_MPS2`.
REST_MOVE_MPS2 = 0.15
#: A frame moving under this (m/s^2 RMS) is still enough for the baseline whatever the quietest stretch:
#: postural sway, breathing and a wearable's noise stay under it (0.003-0.03 measured at rest).
QUIET_FLOOR = 0.03
#: ... and one moving up to this many times the quietest stretch's median (a still wrist's frames
#: scatter about 1.5x either side of their median over 2 s windows).
QUIET_OVER = 3.0
#: Consecutive candidate frames whose median movement is a stretch's level (5 s at the 0.5 s hop).
QUIET_RUN = 10


def still_rest(movement_rms: np.ndarray, candidates: np.ndarray) -> tuple[np.ndarray, float | None]:
    """The candidate rest frames still enough to measure the resting tremor from (see the module).

    Parameters
    ----------
    movement_rms : ndarray, shape (n_frames,)
        Each frame's 0.25-3 Hz RMS, m/s^2.
    candidates : ndarray of bool, shape (n_frames,)
        The rest frames that may be used (out of sets, settled, free of impacts).

    Returns
    -------
    mask : ndarray of bool, shape (n_frames,)
        The still candidates.
    quiet : float or None
        The quietest stretch's median movement (m/s^2); None where no candidate moves under
        :data:`REST_MOVE_MPS2`.
    """
    move = np.asarray(movement_rms, float)
    calm = np.asarray(candidates, bool) & (move < REST_MOVE_MPS2)
    values = move[calm]
    if not values.size:
        return calm, None
    if values.size <= QUIET_RUN:
        quiet = float(np.median(values))
    else:
        runs = np.lib.stride_tricks.sliding_window_view(values, QUIET_RUN)
        quiet = float(np.median(runs, axis=1).min())
    limit = min(REST_MOVE_MPS2, max(QUIET_FLOOR, QUIET_OVER * quiet))
    return calm & (move <= limit), quiet


def moving_rest_note(movement_rms: np.ndarray, candidates: np.ndarray) -> str:
    """The note for a recording whose rest frames all move (no rest baseline).

    Parameters
    ----------
    movement_rms : ndarray, shape (n_frames,)
        Each frame's 0.25-3 Hz RMS, m/s^2.
    candidates : ndarray of bool, shape (n_frames,)
        The rest frames that might have been used.

    Returns
    -------
    str
        What was seen, and that tremor is not compared with rest.
    """
    move = np.asarray(movement_rms, float)[np.asarray(candidates, bool)]
    level = float(np.nanmedian(move)) if np.isfinite(move).any() else float("nan")
    return (
        f"no rest baseline: outside the sets the wrist kept moving ({level:.2f} m/s^2 RMS at 0.25-3 Hz, median; "
        f"a resting wrist moves under {REST_MOVE_MPS2:g}), with no still stretch to measure its resting tremor "
        "from, so tremor is not compared with rest"
    )
