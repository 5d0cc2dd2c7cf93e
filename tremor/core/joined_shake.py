"""A large, brief rhythm at rest joined to the arm's own movements, seen nowhere else at rest: a shake-out (issue 9).

A climber drops the arm between two holds and shakes the hand loose at 3-5 Hz for 3-5 s, then reaches up to the
next hold; a boxer or a lifter does it on the way back to the bench. :mod:`tremor.core.brief_rhythm` sets aside a
rhythm that rises from and falls back to absent with the body at rest on both sides; here the arm moves into the
shake-out and out of it (red team R9: the clinician note in 8 of 18 climbing draws). What the physics tells:

- Its size. A deliberate flapping of the hand moves it by centimetres: +-1-2 cm at 3-5 Hz is 2.5-14 m/s^2 RMS at
  the wrist, over :data:`SHAKE_MIN_MPS2`. Only a severe rest tremor is that large.
- Its time course. It is brief (its span under :data:`tremor.core.brief_rhythm.BRIEF_MAX_S`) and bounded by the
  arm's own movement (a set or a moving frame within :data:`tremor.core.leg_rhythm.EDGE_S` of its first or last
  strong frame).
- A rest tremor persists. It re-emerges at rest after movements, over minutes, at a steady frequency, and a
  tremor large enough to move the hand by centimetres shows at every rest the limb takes. A rhythm that near its
  frequency stays under a tenth of its amplitude (:data:`RECUR_POWER_SHARE`) in all but :data:`RECUR_SHARE` of
  :data:`REST_MIN_S` or more of rest elsewhere in the recording (unmoving, outside every set, clear of it) did not
  recur.

Such a rhythm is set aside (``brief``) with the brief-rhythm note and its conditional advice
(:func:`tremor.core.brief_rhythm.brief_rhythm_note`): no episode, no ``see_a_clinician`` cause.

Limits: with under :data:`REST_MIN_S` of rest elsewhere (a recording all movement, or too short) nothing is judged
and the episode stays; a true rest tremor of 1.5 m/s^2 RMS or more showing only once, for under 10 s, next to a
movement, in a recording with minutes of rest where it never shows, is set aside (the note keeps the advice).
"""

from __future__ import annotations

import numpy as np

from tremor.core.brief_rhythm import BRIEF_MAX_S
from tremor.core.episodes import Episode
from tremor.core.features import Frames
from tremor.core.leg_rhythm import EDGE_S, near_power
from tremor.core.sets import MOVE_MPS2, SetSpan

__all__ = ["RECUR_POWER_SHARE", "RECUR_SHARE", "REST_MIN_S", "SHAKE_MIN_MPS2", "joined_shake_outs"]

#: RMS (m/s^2) from which a rhythm moves the hand by centimetres: +-1 cm at 3 Hz is 2.5 m/s^2 RMS, +-0.5 cm at
#: 4 Hz 2.2; the red team's and the stress suite's rest tremors are 0.06-0.6 m/s^2.
SHAKE_MIN_MPS2 = 1.5
#: Power share (amplitude a tenth) from which the rhythm is taken to show in a rest frame elsewhere.
RECUR_POWER_SHARE = 1.0 / 100.0
#: The rhythm did not recur where it shows in under this share of the rest elsewhere.
RECUR_SHARE = 0.1
#: Seconds of rest elsewhere (frame centres) needed to say the rhythm did not recur.
REST_MIN_S = 30.0


def _moving(frames: Frames, sets: tuple[SetSpan, ...]) -> np.ndarray:
    """Frames where the arm moves: moving frames and every frame in a set."""
    t = frames.t_s
    moving = frames.movement_rms >= MOVE_MPS2
    for s in sets:
        moving |= (t >= s.start_s) & (t <= s.end_s)
    return np.asarray(moving)


def joined_shake_outs(episodes: list[Episode], frames: Frames, sets: tuple[SetSpan, ...]) -> list[Episode]:
    """The rest episodes that are shake-outs joined to a movement (see the module).

    Parameters
    ----------
    episodes : list of Episode
        Out-of-band episodes; only those outside sets (``set_index`` None) are judged.
    frames : Frames
        The recording's frames.
    sets : tuple of SetSpan
        The session's sets.

    Returns
    -------
    list of Episode
        The rest episodes of :data:`SHAKE_MIN_MPS2` RMS or more spanning under
        :data:`tremor.core.brief_rhythm.BRIEF_MAX_S`, with the arm moving within
        :data:`tremor.core.leg_rhythm.EDGE_S` of their first or last strong frame, whose rhythm shows in under
        :data:`RECUR_SHARE` of :data:`REST_MIN_S` or more of rest elsewhere, in the episodes' order.
    """
    t = frames.t_s
    if not t.size:
        return []
    hop = float(np.median(np.diff(t))) if t.size > 1 else 0.0
    moving = _moving(frames, sets)
    out = []
    for e in episodes:
        if e.set_index is not None or e.rms_mps2 < SHAKE_MIN_MPS2 or e.end_s - e.start_s >= BRIEF_MAX_S:
            continue
        inside = (t >= e.start_s) & (t <= e.end_s)
        p = near_power(frames, e)
        level = float(np.median(p[inside])) if inside.any() else 0.0
        strong = np.flatnonzero(inside & (p >= 0.5 * level))
        if not strong.size or not level > 0:
            continue
        a, b = t[strong[0]], t[strong[-1]]
        near_edge = ((t >= a - EDGE_S) & (t < a)) | ((t > b) & (t <= b + EDGE_S))
        if not (moving & near_edge).any():
            continue  # at rest on both sides: the brief-rhythm rule's case
        rest = ~moving & ((t < a - EDGE_S) | (t > b + EDGE_S))
        if rest.sum() * hop < REST_MIN_S:
            continue
        if np.mean(p[rest] >= RECUR_POWER_SHARE * level) < RECUR_SHARE:
            out.append(e)
    return out
