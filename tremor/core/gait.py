"""The gait signature: is a bout of rhythmic movement a walk (footsteps) or a set?

A walk is told apart by its gait signature, not by periodicity alone (issue 9): a step or
arm-swing cadence (:data:`WALK_HZ`), heel-strike impacts that are present but small
(:data:`WALK_IMPACT_SHARE`, :data:`WALK_MAX_IMPACT_MPS2`; a wrist's :data:`WALK_POSED_MAX_IMPACT_MPS2`
where the arm hangs away from its rest pose), spread over 3-7 Hz as an impact's power is
(:data:`WALK_MAX_LINE_PROMINENCE`, :data:`WALK_MAX_PHYS_RATIO`), softened as no jump landing is
(:data:`WALK_MAX_LANDING_MPS2`), at a moderate intensity (:data:`WALK_MAX_MPS2`), and arriving at a
step rate of 1.5-2.5 per second (:func:`step_comb`, :data:`WALK_MIN_COMB`); a strong arm swing,
whose pendulum dwarfs the heel strikes and rings its own harmonics, is told by its comb at twice its
cadence instead (:func:`gait_comb`, :data:`WALK_GAIT_COMB`). Swings, rows, ropes,
strokes and jumps are rhythmic too; they are sets (:mod:`tremor.core.sets`). Each threshold keeps
the measurements that set it beside it.

Size (issue 8): one job, the gait signature; walking and running share its thresholds and combs (and the
footfall-ring test, :func:`footfalls_ring`, also read by :mod:`tremor.core.brisk_walk`), and most of its
length is the measurements written beside each threshold.
"""

from __future__ import annotations

from itertools import pairwise

import numpy as np

from tremor.core._rolling import median1, sorted_middle
from tremor.core.features import PSD_FREQS, Frames
from tremor.core.step_parity import RUN_MIN_STEP_PARITY, RUN_MIN_STRIDE_LINES, step_parity, stride_lines
from tremor.core.vertical_share import STEP_READ_MIN_HZ, bobs

__all__ = [
    "footfall_lines",
    "footfalls_ring",
    "footsteps",
    "gait_comb",
    "run_signature",
    "running",
    "step_comb",
    "stride_comb",
]

#: Walking: arm swing or steps at 0.7-2.6 Hz with heel-strike impacts, which put at least this
#: share of the movement power into 3-7 Hz over the bout (the median of its frames; smooth lifting
#: reps put 1e-5 to 1e-4 there, the simulator's walking 0.006-0.03) ...
WALK_HZ = (0.7, 2.6)
WALK_IMPACT_SHARE = 0.002
#: ... or (a strong arm swing) at least this 3-7 Hz RMS, spread over the band as an impact's is
#: (its highest bin under this many times the 2-20 Hz median; a 3-7 Hz tremor is a narrow peak) ...
WALK_MIN_IMPACT_MPS2 = 0.06
WALK_IMPACT_PROMINENCE = 12.0
#: ... but a footstep stays moderate: walking's 3-7 Hz RMS stays below this (0.1-0.4 m/s^2 at a
#: simulated wrist, 1.9-2.3 m/s^2 on the real phone walk; real jump landings put 4-8 m/s^2 there) ...
WALK_MAX_IMPACT_MPS2 = 3.0
#: ... and where the wrist is turned away from its rest orientation for the bout (the arm hanging
#: after a seated or lying rest, :data:`POSE_DEG`), the device is on a swinging arm, where a heel
#: strike arrives through the body: its 3-7 Hz RMS stays below this (0.12-0.14 m/s^2 in two
#: independent wrist-walking generators, 0.1-0.4 in the simulator's), while jump landings put
#: 0.9-4.4 m/s^2 there.
WALK_POSED_MAX_IMPACT_MPS2 = 0.6
#: ... and walking's movement-band RMS below this (real walking 3-3.7 m/s^2; real jumping 12-17,
#: real swimming strokes 10-18).
WALK_MAX_MPS2 = 6.0
#: A footstep is softened by the heel pad and the knee; a landing from a jump is a hard shock
#: (15-30 m/s^2 for 15-30 ms) whose spectrum reaches far above 13 Hz. Walking's 13-18 Hz RMS stays
#: below this (0.24 m/s^2 on the real phone walk, 0.07-0.22 at simulated wrists); jumps put
#: 1.3-3.3 m/s^2 there (two independent generators, 336 bouts), also where their bounce is as gentle
#: as a brisk walk's (movement 4-6 m/s^2). Not applied where the rate cannot show 13-18 Hz.
WALK_MAX_LANDING_MPS2 = 0.6
#: ... but a footstep is an impact: it rings the wrist above the arm's movement, and its 13-18 Hz RMS
#: reaches at least this (0.036-0.047 m/s^2 with the red team's soft heel strikes, 0.033-0.073 in
#: tests/core/arm_pendulum.py's walks at 50-200 Hz, 0.07-0.22 at simulated wrists, 0.24 on the real phone walk),
#: while a smooth rhythmic arm movement at a walk's cadence leaves 13-18 Hz at the sensor's and the
#: resting tremor's floor: 0.002-0.009 for arm_pendulum's standing swings of 15-60 degrees at
#: 0.5-1.1 Hz (also with a growing 11-12 Hz fatigue tremor), 0.003-0.004 for movement_helpers'
#: swings, strokes and ropes (1.3 Hz swings of 30-60 degrees reach 0.02-0.07 with their harmonics, and
#: have no step comb). Without it, 12 of 180 of arm_pendulum's standing swing sets (15-30 degrees at
#: 0.8-0.95 Hz, 50-200 Hz) passed as walks on their harmonics' share of 3-7 Hz and a comb of 0.2. Not
#: applied where the rate cannot show 13-18 Hz.
WALK_MIN_STRIKE_MPS2 = 0.02
#: A heel strike is an impact: it spreads its power over the 3-7 Hz band (the real phone walk's
#: top bin there is 44x the 2-20 Hz median, with 2.1 m/s^2 RMS in the band). A smooth rhythmic arm
#: movement of several m/s^2 (battle ropes, swings: the arms driven together, no heel strike) puts
#: its 3-7 Hz power into the narrow harmonics of its cycle instead, 400x to 10^7 the median
#: (two independent generators, 335 rope bouts). Where the 3-7 Hz RMS reaches
#: :data:`WALK_LINE_MIN_MPS2` and its top reaches :data:`WALK_MAX_LINE_PROMINENCE`, the bout is
#: harmonics, not footsteps. (Weaker lines are left alone: the project simulator's ringing heel
#: strike, 0.3-0.5 m/s^2, reaches a prominence of 100-290.)
WALK_LINE_MIN_MPS2 = 1.0
WALK_MAX_LINE_PROMINENCE = 150.0
#: A heel strike's spectrum is spread: the 6-12 Hz power of a walk is 1.3-1.7 times its 3-7 Hz
#: power (median and 90th percentile over the gait frames of 9 simulated walks at 50-200 Hz). A
#: fatigue tremor is a 6-12 Hz peak whose skirt reaches 3-7 Hz: a rep set at a gait-like cadence
#: whose tremor grows put 4x as much power into 6-12 Hz as into 3-7 Hz, and that skirt alone
#: reached :data:`WALK_IMPACT_SHARE` (stress seed 83065 at 100 Hz, the part of a fatigue set after
#: a 3 s dropout, read as walking). Where the bout's median 6-12 Hz power exceeds this many times
#: its median 3-7 Hz power, the 3-7 Hz power is a tremor's, not heel strikes.
WALK_MAX_PHYS_RATIO = 2.5
MIN_WALK_S = 5.0
#: The cadence of a frame is the peak of its 2 s window's movement spectrum (0.5 Hz bins): an arm
#: swing at 0.8-1 Hz (half a 1.6-2 Hz step rate) is read anywhere from 0.64 to 0.97 Hz frame to
#: frame (the stress suite's walks), so frames fall below :data:`WALK_HZ` while the walk goes on and
#: can cut it into gait bouts each too short to judge (:data:`MIN_WALK_S`), which were left as
#: active frames and made a set of their own, heel strikes and all (stress sweep base seed
#: 1427522296, session [1427522296, 382, 2] at 100 Hz before the runs' join tolerance: the first
#: 8 s of a walk labelled fatigue_tremor). An active stretch made at least this much of such short
#: gait bouts (each with the gait signature) is a walk in pieces, not a set. (Reading the cadence
#: as a median over frames instead joined a motor rig's 5.5 Hz shaking into a 5 s "walk" inside a
#: set on the real ESP32 14:15 file.)
WALK_PIECES_SHARE = 0.5
#: Heel strikes come at the step rate, 1.5-2.5 steps/s (the arm swings at half that rate, so the
#: cadence read from the movement band alone cannot tell a walk from a 0.6-0.9 Hz stroke): each is a
#: short impact, and a train of them puts a comb of lines at multiples of the step rate into the
#: 3-9 Hz spectrum, resolved by a 2 s window at 1.5-2.5 Hz spacing. Over a bout's mean spectrum the
#: median, over the multiples k of the best step rate in :data:`STEP_HZ`, of each line's power over
#: the higher of its two midpoints ((k +- 0.5) x the rate), in log10, is the comb contrast. Walks:
#: 0.31 on the real phone walk (1.93 steps/s, 280 s), at least 0.52 (median 0.85) over 75 stress
#: walks at 50-200 Hz (seeds [7, fs, 0-24]);
#: rowing (0.4-0.9 Hz) and kettlebell swings (0.6-0.9 Hz), whose catch or harmonic spacing no 2 s
#: window resolves, stay at or below 0: a bout under :data:`WALK_MIN_COMB` has no step-rate impacts
#: and is not a walk (stress sweep base seed 1427522296, session [1427522296, 319, 3]: a 0.73 Hz
#: row filed as walking). One tremor line is one multiple, not a comb: the median needs at least
#: :data:`STEP_MIN_LINES` of them. Not applied where the rate cannot show 9 Hz.
STEP_HZ = (1.4, 2.6)
WALK_MIN_COMB = 0.2
STEP_MIN_LINES = 3
#: A walk whose heel strikes are drowned by its arm swing (issue 9, red team round two A): the arm
#: swings once per two steps, a pendulum about the shoulder whose tangential and centripetal
#: accelerations (several m/s^2) dwarf the heel strikes, so their share of the movement power stays
#: under :data:`WALK_IMPACT_SHARE` (0.0010-0.0012 in tests/core/test_walk_between_holds.py, 0.0003-0.0006
#: in the red team's walks; 0.0016-0.0018 with a weak swing in tests/core/arm_pendulum.py, where the
#: 3-7 Hz RMS, 0.045-0.05, is also under :data:`WALK_MIN_IMPACT_MPS2`) and the swing's harmonics make
#: the 3-7 Hz top bin prominent (54-91, and 13-161 in the red team's). Such a bout is still a walk
#: where the strikes ring the wrist (:data:`WALK_MIN_STRIKE_MPS2`, judged only where the rate shows
#: 13-18 Hz) and its spectrum holds a comb of lines at a step rate the cadence shows: its own (a weak
#: swing: the body's bob at the step rate is the movement's peak) or twice it (a strong swing at half
#: the step rate), within :data:`GAIT_RATE_TOL_HZ` of a quartile of the frames' cadences (a 2 s window
#: reads a 0.8 Hz swing anywhere from 0.77 to 1.6 Hz frame to frame; 3 times a 0.73 Hz stroke is no
#: step rate): :func:`gait_comb` at least :data:`WALK_GAIT_COMB`. Walks: 0.42-1.26 in arm_pendulum's (0.8-1.1
#: strides/s, swings of 5-30 degrees, 50-200 Hz) but for a 30-degree swing at 0.8 strides/s at 50 Hz, 0.28 at
#: the least (median 0.40; 10 of 400 walks under the threshold, read as sets: the limit, kept in
#: tests/stress/test_fresh_seed_cases.py), 0.50-1.04 in test_walk_between_holds and the red team's (soft heel
#: strikes included). Sets: movement_helpers' swings and strokes -0.17 to -0.05 (a fresh seed's strokes 0.23;
#: test_stress's rowing 0.15-0.25); its ropes and jumps comb at their own cadence (0.33-1.99), but their 13-18
#: Hz holds no strike (0.003 m/s^2) or a landing; arm_pendulum's standing swings at 0.5-1.3 Hz reach about 1
#: (the radial axis of a pendulum holds only even harmonics, a comb at twice the swing rate), but no impact
#: rings them (13-18 Hz 0.002-0.009 m/s^2): the strikes, not the comb, tell them apart.
GAIT_RATE_TOL_HZ = 0.3
WALK_GAIT_COMB = 0.3
#: :func:`gait_comb`'s lines: the multiples of a step rate in 2.25 Hz to this, each with its upper
#: midpoint no higher than :data:`GAIT_COMB_TOP_HZ` (:func:`step_comb` stops at 9 Hz, where a step rate
#: of 2.05-2.2 per second, a brisk walk's, has two multiples and is not judged: arm_pendulum's walks at
#: 1.1 strides/s read 0.0-0.15 there, 0.8-1.26 here).
GAIT_COMB_LINES_HZ = 10.0
GAIT_COMB_TOP_HZ = 10.5
#: ... and its movement RMS may reach this: a straight arm of 0.65 m swinging +-20-30 degrees at
#: 0.9-1.1 Hz puts 3-9 m/s^2 RMS at the wrist (the tangential |L w^2 - g| theta and the centripetal
#: part; 3.5-4.6 in test_walk_between_holds, up to 9.6 at 30 degrees and 1.1 strides/s in
#: arm_pendulum, 7.0-7.9 in the red team's walks), over :data:`WALK_MAX_MPS2`; real swimming strokes
#: are 10-18 m/s^2, movement_helpers' swings and strokes 10-21 (and no comb).
WALK_SWING_MAX_MPS2 = 10.0

#: Running (issue 9, red team R4-9): 2.3-3.5 steps/s (a jog to a fast run; a walk's steps stay under 2.6 a
#: second), each stance a spring-mass bounce (the ground force a half-sine of 1.6-3.5 body weights, free fall
#: between) that puts 4-10 m/s^2 into 3-7 Hz and 8-17 m/s^2 into the movement band, far over every walking rule,
#: with a foot strike at each touch-down. The arms swing at the stride rate (half the step rate, each arm with
#: the opposite leg) and the watch turns with the forearm, so the wrist's spectrum holds a comb at the stride rate
#: (the bounce's lines at the step rate and, turned by the swing, their sidebands at the odd multiples); where the
#: bounce leads the swing the cadence reads the step rate itself. A run is gait, never a set (:func:`running`): a
#: bout whose cadence reads :data:`RUN_STRIDE_HZ` or :data:`RUN_STEP_HZ` (judged as bouts of their own in
#: :func:`tremor.core.sets.segment_sets`) is running where its comb (:func:`stride_comb`) reaches
#: :data:`WALK_GAIT_COMB`, its footfalls ring the wrist (13-18 Hz RMS at least :data:`WALK_MIN_STRIKE_MPS2` and
#: :data:`RUN_MIN_RING` of its 3-7 Hz RMS) and none is a jump's landing (:data:`RUN_MAX_LANDING_MPS2`).
#: Measured: footfalls of 2-8 m/s^2 at the wrist put 0.17-0.59 m/s^2 into 13-18 Hz (the red team's run_holds
#: 0.28-0.59, tests/stress's runs 0.30-0.41, tests/core/run_physics.py's 0.17-0.45) at 0.022-0.08 of their 3-7 Hz
#: RMS (1st percentile of 108 own runs 0.024), combs 0.4-1.6; two-footed hops at 2.4-3.4 a second with landings
#: of 15-30 m/s^2 put 0.74-2.0 there (run_physics, 90 bouts), movement_helpers' jumps 2.5-3.3; the arm's own
#: turns, muscle-driven, ring no footfall: the running arm action standing still (run_physics ``pump``) and
#: arm_pendulum's standing swings of 30-60 degrees at 1.2-1.3 Hz stay under 0.007 of their 3-7 Hz RMS, its
#: sharp-turned swings at 1.6-1.75 Hz (3.5-8 g at the wrist) reach 0.019-0.031 and may read as running (the limit).
#: ... and a run swings the arms: the bout's 0.25-3 Hz movement is at least this (m/s^2 RMS; the red team's and
#: tests/core/run_physics.py's runs move the wrist 5-17 m/s^2). A road bike's handlebar carries the pedal stroke at a
#: stride's rate and the road rings 13-18 Hz, but the hands move it 0.3-0.6 m/s^2 (the red team's ``cycling``): no
#: run, so its vibration stays external vibration and no stop beside it is rest under a shaking bar.
RUN_MIN_MOVEMENT_MPS2 = 1.5
RUN_STRIDE_HZ = (1.15, 1.75)
RUN_STEP_HZ = (2.3, 3.5)
RUN_MAX_LANDING_MPS2 = 0.65
RUN_MIN_RING = 0.02
#: :func:`stride_comb`'s step-rate lines: multiples from 2.25 Hz to this, upper midpoints no higher than
#: :data:`RUN_STEP_COMB_TOP_HZ` (three lines at 3.5 steps/s).
RUN_STEP_COMB_LINES_HZ = 10.5
RUN_STEP_COMB_TOP_HZ = 12.5


def footsteps(frames: Frames, sel: np.ndarray, *, posed: bool) -> bool:
    """Whether the frames ``sel`` of a bout at a gait cadence carry the gait signature (footsteps).

    Parameters
    ----------
    frames : Frames
        Frame features of the recording.
    sel : ndarray of int
        Indices of the bout's frames at a gait cadence (:data:`WALK_HZ`), judged together (medians).
    posed : bool
        Whether the wrist is turned away from its rest orientation for most of the bout (the arm
        hanging after a seated rest: :data:`WALK_POSED_MAX_IMPACT_MPS2` applies).

    Returns
    -------
    bool
        True where the bout is moderate, has heel-strike impacts (spread, no landings, no harmonic
        lines, not a tremor's skirt) and a comb of them at a step rate (:func:`step_comb`); or, an
        arm swing that drowns them (up to :data:`WALK_SWING_MAX_MPS2`), where they ring the wrist
        (:data:`WALK_MIN_STRIKE_MPS2`) and come at the cadence or twice it (:func:`gait_comb`,
        :data:`WALK_GAIT_COMB`). Impacts that do not ring the wrist in 13-18 Hz are no footsteps, nor a bout read
        at a step rate (over :data:`tremor.core.vertical_share.STEP_READ_MIN_HZ`) that does not bob
        (:func:`tremor.core.vertical_share.bobs`: a stationary striking set's fist moves, and rings, across gravity).
    """
    # judged over the bout (medians of its frames): one quiet step does not end a walk, and a set
    # that grows harder starts out as gentle as a walk
    max_impact = WALK_POSED_MAX_IMPACT_MPS2 if posed else WALK_MAX_IMPACT_MPS2
    low = _nan_to_num(frames.power_low[sel])
    low_med = median1(low)
    prominence = median1(_nan_to_num(frames.prominence_low[sel], nan=np.inf))
    landings = median1(_nan_to_num(frames.power_high[sel])) >= WALK_MAX_LANDING_MPS2**2
    harmonics = low_med >= WALK_LINE_MIN_MPS2**2 and prominence >= WALK_MAX_LINE_PROMINENCE
    moving = median1(frames.movement_rms[sel])
    if moving >= WALK_SWING_MAX_MPS2 or low_med >= max_impact**2 or landings or harmonics:
        return False
    if median1(frames.peak_movement_hz[sel]) > STEP_READ_MIN_HZ and not bobs(
        frames.vertical_share[sel], frames.ring_vertical_share[sel]
    ):
        return False  # read at a step rate, moving across gravity: a fist's strikes, no body's bob
    high = frames.power_high[sel]
    if not np.isnan(high).all() and median1(_nan_to_num(high)) < WALK_MIN_STRIKE_MPS2**2:
        return False  # no impact rings the wrist: a smooth rhythmic movement's harmonics, not footsteps
    if median1(_nan_to_num(frames.power_phys[sel])) > WALK_MAX_PHYS_RATIO * low_med:
        return False  # a tremor's skirt in 3-7 Hz, not heel strikes
    if moving < WALK_MAX_MPS2:
        share = median1(low / np.maximum(frames.movement_rms[sel] ** 2, 1e-12))
        struck = share >= WALK_IMPACT_SHARE or (
            low_med >= WALK_MIN_IMPACT_MPS2**2 and prominence < WALK_IMPACT_PROMINENCE
        )
        if struck and step_comb(frames.psd[sel]) >= WALK_MIN_COMB:
            return True
    # a swing that drowns the strikes: the strikes ring the wrist (no smooth movement's harmonics do)
    # and come at a step rate, the cadence (the bob, where the swing is weak) or twice it (the swing)
    return bool(
        not np.isnan(high).all()
        and gait_comb(frames.psd[sel], frames.peak_movement_hz[sel]) >= WALK_GAIT_COMB
    )


def running(frames: Frames, sel: np.ndarray) -> bool:
    """Whether the frames ``sel`` of a bout at a run's cadence are a run (vigorous gait, not a set).

    Parameters
    ----------
    frames : Frames
        Frame features of the recording.
    sel : ndarray of int
        Indices of the bout's frames, judged together (medians).

    Returns
    -------
    bool
        True where the bout carries a run's signature (:func:`run_signature`) and its footfalls' lines stand where
        a run's do (:func:`footfall_lines`); False where the rate cannot show 13-18 Hz.
    """
    return run_signature(frames, sel) and footfall_lines(frames, sel)


def run_signature(frames: Frames, sel: np.ndarray) -> bool:
    """Whether the frames ``sel`` of a bout move as a run does, its footfalls' parity left aside.

    Parameters
    ----------
    frames : Frames
        Frame features of the recording.
    sel : ndarray of int
        Indices of the bout's frames, judged together (medians).

    Returns
    -------
    bool
        True where the median cadence reaches a stride rate (:data:`RUN_STRIDE_HZ`), the arms swing
        (:data:`RUN_MIN_MOVEMENT_MPS2`), the footfalls ring the wrist and none is a jump's landing
        (:func:`footfalls_ring`), and they come in a comb at the stride or step rate (:func:`stride_comb` at least
        :data:`WALK_GAIT_COMB`); False where the rate cannot show 13-18 Hz.
    """
    high = frames.power_high[sel]
    if np.isnan(high).all() or median1(frames.peak_movement_hz[sel]) < RUN_STRIDE_HZ[0]:
        return False
    if median1(frames.movement_rms[sel]) < RUN_MIN_MOVEMENT_MPS2:
        return False  # the arms do not swing: a handlebar's pedal stroke, no run
    if not footfalls_ring(frames, sel):
        return False
    return stride_comb(frames.psd[sel], frames.peak_movement_hz[sel]) >= WALK_GAIT_COMB


def footfall_lines(frames: Frames, sel: np.ndarray) -> bool:
    """Whether the lines of a bout's footfalls stand where a run's do, against an arm swung on its own or a rope.

    Parameters
    ----------
    frames : Frames
        Frame features of the recording.
    sel : ndarray of int
        Indices of the bout's frames, judged together (medians).

    Returns
    -------
    bool
        Where most frames' cadence reads a stride rate (up to ``RUN_STRIDE_HZ[1]``): whether the 8-13 Hz lines
        stand at the step rate, the even multiples of the stride rate
        (:func:`tremor.core.step_parity.step_parity` at least :data:`~tremor.core.step_parity.RUN_MIN_STEP_PARITY`,
        or not judged: an arm swung without feet fills every multiple); where most read above it (a step rate):
        whether the stride's lines stand half-way between the step rate's multiples
        (:func:`tremor.core.step_parity.stride_lines` at least :data:`~tremor.core.step_parity.RUN_MIN_STRIDE_LINES`,
        or not judged: a skipping rope lands once per turn of the wrist).
    """
    cadence = frames.peak_movement_hz[sel]
    at_stride = cadence <= RUN_STRIDE_HZ[1]
    if 2 * np.count_nonzero(at_stride) > cadence.size:
        # lines at every multiple of the cadence, none at a step rate: an arm's swing, no run
        return not step_parity(frames.psd[sel][at_stride], cadence[at_stride]) < RUN_MIN_STEP_PARITY
    # read at a step rate, but no stride between its lines: one landing per arm cycle, a rope
    return not stride_lines(frames.psd[sel], cadence) < RUN_MIN_STRIDE_LINES


def footfalls_ring(frames: Frames, sel: np.ndarray) -> bool:
    """Whether footfalls ring the wrist in the frames ``sel`` of a bout, and none is a jump's landing.

    Parameters
    ----------
    frames : Frames
        Frame features of the recording.
    sel : ndarray of int
        Indices of the bout's frames, judged together (medians).

    Returns
    -------
    bool
        True where the median 13-18 Hz power is at least :data:`WALK_MIN_STRIKE_MPS2` squared, under
        :data:`RUN_MAX_LANDING_MPS2` squared, and at least :data:`RUN_MIN_RING` squared times the median 3-7 Hz power
        (the arm's own turns, muscle-driven, ring no higher than their harmonics: no footfall).
    """
    ring = median1(_nan_to_num(frames.power_high[sel]))
    if not WALK_MIN_STRIKE_MPS2**2 <= ring < RUN_MAX_LANDING_MPS2**2:
        return False
    return bool(ring >= RUN_MIN_RING**2 * median1(_nan_to_num(frames.power_low[sel])))


def _nan_to_num(x: np.ndarray, nan: float = 0.0) -> np.ndarray:
    """``np.nan_to_num(x, nan=nan)`` of a float array, without its overhead where every value is finite
    (``x`` itself, read only, is returned then); otherwise numpy's own."""
    return x if np.isfinite(x).all() else np.nan_to_num(x, nan=nan)


def step_comb(psd: np.ndarray) -> float:
    """Comb contrast of heel strikes at a step rate in :data:`STEP_HZ` over frame spectra (log10).

    Parameters
    ----------
    psd : ndarray, shape (n_frames, PSD_FREQS.size)
        Frame spectra on :data:`tremor.core.features.PSD_FREQS`, (m/s^2)^2/Hz (NaN above what the
        rate can show).

    Returns
    -------
    float
        The largest, over step rates in :data:`STEP_HZ` (0.05 Hz apart), of the median over the
        rate's multiples in 2.25-8.5 Hz (at least :data:`STEP_MIN_LINES`) of log10 of the mean
        spectrum at the multiple over the higher of its midpoints; ``inf`` where the spectra cannot
        show 9 Hz or there are none (the comb cannot be judged, so it does not rule a walk out).
    """
    freqs = PSD_FREQS
    if psd.shape[0] == 0:
        return float("inf")
    mean = np.mean(np.asarray(psd, np.float64), axis=0)
    usable = np.isfinite(mean) & (freqs <= 9.0)
    if not usable[freqs <= 9.0].all():
        return float("inf")
    contrast = _comb_contrast(mean, usable, _COMB)
    # each rate's median (median1's: its sorted middle, or the two middle ones halved), the rates with as
    # many multiples sorted together; the largest of them, a NaN median passed over (as max(best, nan) does)
    best = -float("inf")
    for rows in _COMB_ROWS:
        srt = np.sort(contrast[rows], axis=1)
        med = sorted_middle(srt)[~np.isnan(srt[:, -1])]
        if med.size:
            best = max(best, float(med.max()))
    return best


def gait_comb(psd: np.ndarray, cadence_hz: np.ndarray) -> float:
    """Comb contrast of footsteps at a step rate the cadence shows, over lines up to 10 Hz (log10).

    Parameters
    ----------
    psd : ndarray, shape (n_frames, PSD_FREQS.size)
        Frame spectra on :data:`tremor.core.features.PSD_FREQS`, (m/s^2)^2/Hz (NaN above what the
        rate can show).
    cadence_hz : ndarray, shape (n_frames,)
        The frames' movement cadence (Hz): the step rate is one of their quartiles or twice it.

    Returns
    -------
    float
        The largest, over step rates in :data:`STEP_HZ` (0.05 Hz apart) within :data:`GAIT_RATE_TOL_HZ`
        of a quartile of ``cadence_hz`` or twice it, of the median over the rate's multiples in
        2.25 Hz to :data:`GAIT_COMB_LINES_HZ` (at least :data:`STEP_MIN_LINES`, each upper midpoint no
        higher than :data:`GAIT_COMB_TOP_HZ`) of log10 of the mean spectrum at the multiple over the
        higher of its midpoints, as :func:`step_comb`; ``-inf`` where no rate qualifies or the spectra
        cannot show :data:`GAIT_COMB_TOP_HZ` (the comb is not judged, so it makes no walk).
    """
    quartiles = np.nanpercentile(np.asarray(cadence_hz, np.float64), [25, 50, 75]) if psd.shape[0] else None
    return _shown_comb(psd, quartiles, (1.0, 2.0), _GAIT_COMB, _GAIT_COMB_ROWS, GAIT_COMB_TOP_HZ)


def stride_comb(psd: np.ndarray, cadence_hz: np.ndarray) -> float:
    """Comb contrast of a run's footfalls (log10): at its stride rate, or at its step rate.

    Parameters
    ----------
    psd : ndarray, shape (n_frames, PSD_FREQS.size)
        Frame spectra on :data:`tremor.core.features.PSD_FREQS`, (m/s^2)^2/Hz (NaN above what the
        rate can show).
    cadence_hz : ndarray, shape (n_frames,)
        The frames' movement cadence (Hz): the arm's stride rate, or the step rate where the bounce leads.

    Returns
    -------
    float
        The larger of two combs, each the largest over its rates (0.05 Hz apart) within :data:`GAIT_RATE_TOL_HZ`
        of a quartile of ``cadence_hz`` of the median over the rate's multiples from 2.25 Hz of log10 of the mean
        spectrum at the multiple over the geometric mean of its midpoints (a run's spectrum falls steeply through
        its lines, 1 decade in 2 Hz, which the higher midpoint of :func:`gait_comb` counts against them): stride
        rates in :data:`RUN_STRIDE_HZ` at a quartile, multiples up to :data:`GAIT_COMB_LINES_HZ`; step rates in
        :data:`RUN_STEP_HZ` at a quartile or twice it, multiples up to :data:`RUN_STEP_COMB_LINES_HZ`. ``-inf``
        where no rate qualifies or the spectra cannot show :data:`RUN_STEP_COMB_TOP_HZ`.
    """
    quartiles = np.nanpercentile(np.asarray(cadence_hz, np.float64), [25, 50, 75]) if psd.shape[0] else None
    return max(
        _shown_comb(psd, quartiles, (1.0,), _RUN_COMB, _RUN_COMB_ROWS, GAIT_COMB_TOP_HZ, sloped=True),
        _shown_comb(
            psd, quartiles, (1.0, 2.0), _RUN_STEP_COMB, _RUN_STEP_COMB_ROWS, RUN_STEP_COMB_TOP_HZ, sloped=True
        ),
    )


def _shown_comb(
    psd: np.ndarray,
    quartiles: np.ndarray | None,
    factors: tuple[float, ...],
    comb: tuple[np.ndarray, np.ndarray, np.ndarray],
    comb_rows: list[tuple[np.ndarray, np.ndarray]],
    top_hz: float,
    *,
    sloped: bool = False,
) -> float:
    """The best median comb contrast over ``comb``'s rates within :data:`GAIT_RATE_TOL_HZ` of ``factors``
    times a cadence quartile; ``-inf`` without frames, where the spectra cannot show ``top_hz`` or no rate
    qualifies."""
    if psd.shape[0] == 0 or quartiles is None:
        return -float("inf")
    freqs = PSD_FREQS
    mean = np.mean(np.asarray(psd, np.float64), axis=0)
    shown = freqs <= top_hz
    usable = np.isfinite(mean) & shown
    if not usable[shown].all():
        return -float("inf")
    seen = np.concatenate([f * quartiles for f in factors])
    contrast = _comb_contrast(mean, usable, comb, sloped=sloped)
    # the rates the cadence shows; each one's median (median1's: the sorted middle), the rates with as
    # many multiples sorted together (every value is finite: the spectrum is, up to top_hz)
    best = -float("inf")
    for rows, rates in comb_rows:
        near = np.any(np.abs(seen[None, :] - rates[:, None]) <= GAIT_RATE_TOL_HZ + 1e-9, axis=1)
        if near.any():
            best = max(best, float(sorted_middle(np.sort(contrast[rows[near]], axis=1)).max()))
    return best


def _comb_contrast(
    mean: np.ndarray,
    usable: np.ndarray,
    comb: tuple[np.ndarray, np.ndarray, np.ndarray],
    *,
    sloped: bool = False,
) -> np.ndarray:
    """log10 of the mean spectrum at each of ``comb``'s multiples over the higher of its midpoints, every
    rate's multiples interpolated at once (np.interp is point by point: the same values), with a floor of
    1e-12 of the usable spectrum's top (at least 1e-30) so that empty bins give a finite ratio."""
    freqs = PSD_FREQS
    floor = max(float(np.max(mean[usable])) * 1e-12, 1e-30)
    k, rate, _ = comb
    on = np.interp(k * rate, freqs, mean) + floor
    hi = np.interp((k + 0.5) * rate, freqs, mean)
    lo = np.interp(np.maximum((k - 0.5) * rate, freqs[0]), freqs, mean)
    if (
        sloped
    ):  # over the midpoints' geometric mean: a spectrum falling steeply through the lines is no comb's fault
        contrast: np.ndarray = np.log10(on / np.sqrt((hi + floor) * (lo + floor)))
        return contrast
    off = np.maximum(hi, np.interp((k - 0.5) * rate, freqs, mean))
    contrast = np.log10(on / (off + floor))
    return contrast


def _comb_lines(
    top_line_hz: float = 8.5,
    top_hz: float = 9.0,
    step_hz: tuple[float, float] = STEP_HZ,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The multiples k and rates of :func:`step_comb` (rates in ``step_hz``, 0.05 Hz apart; lines from 2.25 Hz
    up to ``top_line_hz``, upper midpoints up to ``top_hz``), all rates' rows end to end, and where each starts."""
    ks: list[np.ndarray] = []
    rates: list[np.ndarray] = []
    starts = [0]
    for rate in np.arange(step_hz[0], step_hz[1] + 1e-9, 0.05):
        k = np.arange(1, 10)
        k = k[(k * rate >= 2.25) & (k * rate <= top_line_hz) & ((k + 0.5) * rate <= top_hz + 1e-9)]
        if k.size < STEP_MIN_LINES:
            continue
        ks.append(k)
        rates.append(np.full(k.size, rate))
        starts.append(starts[-1] + k.size)
    return np.concatenate(ks), np.concatenate(rates), np.array(starts)


_COMB = _comb_lines()
#: :func:`gait_comb`'s multiples and rates, as :data:`_COMB`.
_GAIT_COMB = _comb_lines(GAIT_COMB_LINES_HZ, GAIT_COMB_TOP_HZ)


def _rows_by_size(comb: tuple[np.ndarray, np.ndarray, np.ndarray]) -> list[tuple[np.ndarray, np.ndarray]]:
    """``comb``'s rates grouped by how many multiples they have: each group's rows of indices into its lines,
    and each row's rate."""
    return [
        (rows, comb[1][rows[:, 0]])
        for rows in (
            np.array([np.arange(a, b) for a, b in pairwise(comb[2].tolist()) if b - a == size])
            for size in sorted(set(np.diff(comb[2]).tolist()))
        )
    ]


#: :data:`_GAIT_COMB`'s rates grouped by how many multiples they have.
_GAIT_COMB_ROWS = _rows_by_size(_GAIT_COMB)
#: :func:`stride_comb`'s multiples and rates, and its rates grouped as :data:`_GAIT_COMB_ROWS`.
_RUN_COMB = _comb_lines(GAIT_COMB_LINES_HZ, GAIT_COMB_TOP_HZ, RUN_STRIDE_HZ)
_RUN_COMB_ROWS = _rows_by_size(_RUN_COMB)
_RUN_STEP_COMB = _comb_lines(RUN_STEP_COMB_LINES_HZ, RUN_STEP_COMB_TOP_HZ, RUN_STEP_HZ)
_RUN_STEP_COMB_ROWS = _rows_by_size(_RUN_STEP_COMB)
#: :data:`_COMB`'s rates grouped by how many multiples they have: each group's rows of indices into its lines.
_COMB_ROWS = [
    np.array([np.arange(a, b) for a, b in pairwise(_COMB[2].tolist()) if b - a == size])
    for size in sorted(set(np.diff(_COMB[2]).tolist()))
]
