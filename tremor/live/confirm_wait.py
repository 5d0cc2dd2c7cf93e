"""How long a live set check waits past a detected set's end before the set is final (:func:`rest_to_confirm`).

A set is confirmed (written as markers, never withdrawn) only once no later frame could change it: the
segmentation joins active stretches across pauses of up to ``JOIN_S``, a move out of position is judged on the
frames after it, slow reps pause with the arm raised, and a still hold may be a posture shift told by the pose after it.
"""

from __future__ import annotations

import numpy as np

from tremor.core.features import Frames
from tremor.core.position_moves import READ_AFTER_S
from tremor.core.posture_shift import decided_by_s
from tremor.core.rep_pauses import REP_PAUSE_S, pose_angle, raised_after
from tremor.core.sets import EDGE_LEAD_S, JOIN_S, MOVE_MPS2, Segmentation, SetSpan

__all__ = ["CONFIRM_REST_S", "rest_to_confirm"]

#: A detected set is final once the frames run this far past its end: the segmentation joins
#: active stretches across pauses of up to ``JOIN_S``, and a set's end lies within a frame's
#: half-window of its last active frame. Where the arm stays raised after it, across pauses of up
#: to :data:`~tremor.core.rep_pauses.REP_PAUSE_S` (slow reps), so such a set waits that long.
CONFIRM_REST_S = JOIN_S + 1.5


def rest_to_confirm(frames: Frames, seg: Segmentation, span: SetSpan) -> float:
    """Frames needed past a set's end before it is final: :data:`CONFIRM_REST_S`, and those the move out of
    its position is judged on (:data:`~tremor.core.position_moves.READ_AFTER_S` past its last active frame),
    or, while the arm stays raised after it, until no resumed movement could join it
    (:mod:`tremor.core.rep_pauses`), or, after a still hold at the rest's tremor, until its stay in that pose
    and the pose after it are seen (:mod:`tremor.core.posture_shift`; inf while the arm stays in that pose).

    Parameters
    ----------
    frames : Frames
        The session's frames so far.
    seg : Segmentation
        Their segmentation (its rest pose and rest mask).
    span : SetSpan
        A set it found.

    Returns
    -------
    float
        Seconds of frames needed past ``span``'s end.
    """
    end_s = span.end_s
    last_active_s = end_s + span.moved_s[1] + EDGE_LEAD_S  # the move out of position left out, if any
    angle = pose_angle(frames.orientation, seg.rest_ref)
    wait = max(CONFIRM_REST_S, last_active_s + READ_AFTER_S - end_s)
    if raised_after(frames.t_s, angle, last_active_s + 1e-6):
        wait = max(wait, last_active_s - end_s + REP_PAUSE_S + 0.5)
    if span.kind == "hold":
        # a still hold may be a posture shift (tremor.core.posture_shift), told by how long the arm stays
        # in its pose and where it rests after: batch's decision needs the table that far
        t = frames.t_s
        first_active_s = span.start_s - span.moved_s[0] - EDGE_LEAD_S
        a, b = np.searchsorted(t, [first_active_s, last_active_s], side="left")
        still = frames.movement_rms < MOVE_MPS2
        by = decided_by_s(
            t,
            frames.orientation,
            frames.power_phys,
            still,
            seg.rest_mask & still,
            (int(a), min(int(b) + 1, len(t))),
            frames.psd,
        )
        wait = max(wait, by - end_s + 0.5)
    return wait
