"""A brisk walk whose cadence reads its step rate: gait, never a set (issue 9).

A brisk walk takes 2.5-3.0 steps a second (150-180 steps/min). Where the hand swings little (under about 1.5 m/s^2
at the stride rate) the trunk's bob and surge at the step rate lead the wrist's movement, and the cadence reads the
step rate, over :data:`tremor.core.gait.WALK_HZ` (a walk read at its stride rate or a slower step rate is judged by
:func:`tremor.core.gait.footsteps`); the movement stays under :data:`tremor.core.gait.RUN_MIN_MOVEMENT_MPS2`, so
:func:`tremor.core.gait.running` does not take it either. Such a walk was made a set, and its heel strikes' rings and
the bob's harmonics were read as 6-12 Hz tremor: ``enhanced_tremor`` on 54 of 180 walks at 2.6-3.1 steps/s with a
0.2-1.4 m/s^2 swing (tests/core/wrist_walk.py, 50-200 Hz; 27 of them walked), a false statement to an athlete.

:func:`brisk_walk` holds such a bout to the gait signature a run's footfalls are held to: a cadence at a step rate
(:data:`BRISK_STEP_HZ`) whose movement runs along gravity as a walking body's bob does (the bout's median
:attr:`tremor.core.features.Frames.vertical_share` at least :data:`tremor.core.vertical_share.WALK_MIN_VERTICAL_SHARE`,
or footfalls that ring along gravity: a pram pushed, :func:`tremor.core.vertical_share.bobs`), footfalls that ring the wrist in 13-18 Hz (:data:`tremor.core.gait.WALK_MIN_STRIKE_MPS2`, at
least :data:`tremor.core.gait.RUN_MIN_RING` of the 3-7 Hz RMS) and none a jump's landing
(:data:`tremor.core.gait.RUN_MAX_LANDING_MPS2`), no tremor's skirt in 3-7 Hz
(:data:`tremor.core.gait.WALK_MAX_PHYS_RATIO`), footfalls that come in bursts (the median over the bout of each
frame's kurtosis of its power above 14 Hz, :attr:`tremor.core.features.Frames.ext_kurtosis`, over
:data:`tremor.core.external_vibration.EXT_MAX_KURTOSIS`, steady vibration's ceiling: brisk walks 6.5-16 at 50-200 Hz,
tests/core/wrist_walk.py with 0.8-2 m/s^2 heel strikes; a bicycle's pedal stroke at 2.5-3.3 Hz under 0.2-0.5 m/s^2 of
road vibration at 10-40 Hz 1.5-1.7, which without this rule read as a brisk walk in 14 of 30) and a comb of lines at
the step rate
(:func:`tremor.core.gait.stride_comb` at least :data:`tremor.core.gait.WALK_GAIT_COMB`). Rhythmic sets at such a
cadence either move smoothly (no ring: 13-18 Hz at the sensor's and resting tremor's floor) or land hard (skipping
rope, hops: 0.74-3.3 m/s^2 in 13-18 Hz, and movement of several m/s^2).

A stationary striking set (speed bag, pad drill, tapping drill) at 2.4-3.3 strikes a second rings the wrist at each
strike as a heel strike does, and passed every rule above: 3 Hz strikes read as walking at 100 and 200 Hz
(tests/core/test_brisk_walk_stationary.py), and the set's fatigue tremor was lost. Its step-rate movement is the
fist's, across gravity (vertical share 0-0.12 for strikes up to 20 degrees over the horizontal), where a walk's is
led by the body's bob (0.34-0.97 over brisk walks in every watch turn, tests/core/wrist_walk.py); a boxer who
bounces on their toes by more than about 0.6 of the punch's acceleration, or strikes 30 degrees or more upward, still
reads as walking (tests/core/test_brisk_walk_stationary.py says where).
"""

from __future__ import annotations

import numpy as np

from tremor.core._rolling import median1
from tremor.core.external_vibration import EXT_MAX_KURTOSIS
from tremor.core.features import Frames
from tremor.core.gait import (
    RUN_MIN_MOVEMENT_MPS2,
    WALK_GAIT_COMB,
    WALK_MAX_PHYS_RATIO,
    footfalls_ring,
    stride_comb,
)
from tremor.core.vertical_share import bobs

__all__ = ["BRISK_STEP_HZ", "brisk_walk"]

#: A brisk walk's step rate as the bout's median cadence reads it: 2.5-3.0 steps/s, race walking to 3.3, and a
#: 2.4-2.6 steps/s walk whose frames read either side of :data:`tremor.core.gait.WALK_HZ`'s 2.6 Hz (cut into gait
#: bouts too short to judge).
BRISK_STEP_HZ = (2.4, 3.3)


def brisk_walk(frames: Frames, sel: np.ndarray) -> bool:
    """Whether the frames ``sel`` of a bout at a run's cadence are a brisk walk read at its step rate.

    Parameters
    ----------
    frames : Frames
        Frame features of the recording.
    sel : ndarray of int
        Indices of the bout's frames, judged together (medians).

    Returns
    -------
    bool
        True where the median cadence lies in :data:`BRISK_STEP_HZ`, the movement stays under a run's
        (:data:`tremor.core.gait.RUN_MIN_MOVEMENT_MPS2`) and runs along gravity (median
        :attr:`tremor.core.features.Frames.vertical_share` at least
        :data:`tremor.core.vertical_share.WALK_MIN_VERTICAL_SHARE`; not judged where the samples hold no gravity), the
        footfalls ring the wrist but land no jump (a run's own
        test, :func:`tremor.core.gait.footfalls_ring`), the 6-12 Hz power is no tremor
        whose skirt fills 3-7 Hz (at most :data:`tremor.core.gait.WALK_MAX_PHYS_RATIO` times it), the power above
        14 Hz comes in bursts (median :attr:`tremor.core.features.Frames.ext_kurtosis` over
        :data:`tremor.core.external_vibration.EXT_MAX_KURTOSIS`; False where unmeasured) and the
        spectrum holds a comb at the step rate (:func:`tremor.core.gait.stride_comb` at least
        :data:`tremor.core.gait.WALK_GAIT_COMB`); False where the rate cannot show 13-18 Hz.
    """
    high = frames.power_high[sel]
    if sel.size == 0 or np.isnan(high).all():
        return False
    cadence = frames.peak_movement_hz[sel]
    if not BRISK_STEP_HZ[0] <= median1(cadence) <= BRISK_STEP_HZ[1]:
        return False
    if median1(frames.movement_rms[sel]) >= RUN_MIN_MOVEMENT_MPS2:
        return False  # a run's movement (gait.running) or a vigorous set's
    if not bobs(frames.vertical_share[sel], frames.ring_vertical_share[sel]):
        return False  # the step-rate movement runs across gravity: a fist's strikes, no body's bob
    if not footfalls_ring(frames, sel):
        return False  # no footfall rings the wrist (a smooth movement), or a jump's landing does
    low = median1(np.nan_to_num(frames.power_low[sel]))
    if median1(np.nan_to_num(frames.power_phys[sel])) > WALK_MAX_PHYS_RATIO * low:
        return False  # a tremor's skirt in 3-7 Hz, not footfalls
    kurtosis = None if frames.ext_kurtosis is None else frames.ext_kurtosis[sel]
    if kurtosis is None or not np.isfinite(kurtosis).any():
        return False  # the footfalls' bursts cannot be told from steady vibration
    if median1(kurtosis[np.isfinite(kurtosis)]) <= EXT_MAX_KURTOSIS:
        return False  # steady vibration above 14 Hz (a road through a handlebar's pedal stroke), no footfalls
    return stride_comb(frames.psd[sel], cadence) >= WALK_GAIT_COMB
