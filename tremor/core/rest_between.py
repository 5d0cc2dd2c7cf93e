"""A still pose the arm keeps between bouts of activity, supported, with a gripped load: a rest pose (issue 9, R5-6).

:func:`tremor.core.rest_pose.rest_poses` takes the largest still pose away from the lead's (the quiet frames before
the first movement) as a rest pose too where it holds more still time than the lead's and its 6-12 Hz tremor is
the lead's (``SAME_TREMOR``, 1.5x its RMS). Seated curls whose dumbbell stays in the hand, resting on the thigh,
between sets (red team R5-6, ``thigh_rest``) keep a tremor over the empty lap's: the grip holding the dumbbell drives
the 8-10 Hz line (1.2-1.8x the lap's RMS in its files), so in about half the sessions the thigh pose was no rest
pose, every rest frame there was posed, and the three curl sets and their rests read as one 269 s ``hold`` set.

The tremor cannot tell that rest from a calm hold (a light hold's tremor is 1.0-1.6x the rest's). What one wrist
sensor does show:

- *support*: a forearm laid on the thigh keeps the thigh's stillness (breathing aside); an arm held against
  gravity without support sways at 0.1-2 Hz with the holding muscles' slow corrections (:mod:`tremor.core.stay_sway`:
  simulated light and calm holds 6.5-19x the rest's 0.25-3 Hz movement). The pose's still frames' median movement
  RMS is at most :data:`SUPPORTED_SWAY` times the lead's (``thigh_rest``: 0.9-1.5x);
- *where the arm rests*: after it left the lead's pose the arm is still nowhere else: between two of the pose's still
  frames lie at most :data:`ELSEWHERE_FRAMES` still frames elsewhere (the few seconds in the curl's start pose as the
  dumbbell is lifted off the thigh; the activity between its stays is movement). A hold is raised from a rest and put
  back there, and a rest between two holds lasts 10 s or more, so a session of holds whose rests are spent in the
  lead's pose or in a third one is no such session;
- *the load*: its median 6-12 Hz RMS at most :data:`LOADED_REST_TREMOR` times the lead's: a raised hold's tremor
  over a supported rest's is 1.9-5.3x (3.5-28x its power, the red team's ``fatigue_holds`` and ``long_rests``).

Left: a light hold that sways as little as a supported forearm, at under twice the rest's tremor, in a session
that never comes back to its first rest pose nor rests still in another, reads as a rest.
"""

from __future__ import annotations

import numpy as np

__all__ = ["SUPPORTED_SWAY", "ELSEWHERE_FRAMES", "LOADED_REST_TREMOR", "rest_between"]

#: The pose's still frames' median 0.25-3 Hz movement RMS at most this many times the lead's: supported (the red team's
#: ``thigh_rest``: 0.93-1.45x, 30 draws at 100 Hz; simulated unsupported light and calm holds 6.5-19x the rest's,
#: :mod:`tremor.core.stay_sway`, whose ``SWAY_LEVEL`` 3 calls a stay held).
SUPPORTED_SWAY = 2.0
#: Still frames elsewhere between two of the pose's still frames: at most this many (5 s at the 0.5 s hop, as
#: ``MIN_GROUP_FRAMES`` of :mod:`tremor.core.rest_pose`): the start pose before a set (own physics: 1.5-3 s on the
#: lap before each curl bout, 2-6 frames), not a rest between holds (10 s or more).
ELSEWHERE_FRAMES = 10
#: The pose's median 6-12 Hz RMS at most this many times the lead's: a grip's load on a supported forearm (the red
#: team's ``thigh_rest``: 1.2-1.8x), under a raised hold's 1.9-5.3x (``HOLD_TREMOR`` of
#: :mod:`tremor.core.rest_pose`, the same factor the other way).
LOADED_REST_TREMOR = 2.0


def rest_between(
    group: np.ndarray,
    quiet: np.ndarray,
    ratios: tuple[float, float],
) -> bool:
    """Whether a still pose group is the rest the arm keeps between bouts of activity (the module docstring).

    Parameters
    ----------
    group : ndarray of bool, shape (n_frames,)
        The pose group's still frames (it holds more still time than the lead's).
    quiet : ndarray of bool, shape (n_frames,)
        Every still frame.
    ratios : (float, float)
        The group's median 6-12 Hz RMS over the lead's, and its median 0.25-3 Hz movement RMS over the lead's
        (NaN where unknown: not a rest).

    Returns
    -------
    bool
        True where the tremor ratio is at most :data:`LOADED_REST_TREMOR`, the sway ratio at most
        :data:`SUPPORTED_SWAY`, and between two of the group's frames lie at most :data:`ELSEWHERE_FRAMES` still
        frames.
    """
    tremor, sway = ratios
    if not (tremor <= LOADED_REST_TREMOR and sway <= SUPPORTED_SWAY):
        return False
    at = np.flatnonzero(group)
    if not at.size:
        return False
    # still frames strictly between each two of the group's (all elsewhere: the group's own are not between)
    counts = np.concatenate([[0], np.cumsum(np.asarray(quiet, bool))])
    between = counts[at[1:]] - counts[at[:-1] + 1]
    return not between.size or int(between.max()) <= ELSEWHERE_FRAMES
