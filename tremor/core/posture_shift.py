"""A still span at a new pose with the rest's tremor: a posture shift, a hold, or one a wrist sensor cannot call (issue 9).

The segmentation (:func:`tremor.core.sets.segment_sets`) marks a frame active where the wrist moves or is held more
than ``POSE_DEG`` from a rest pose, which catches isometric holds. A person seated through a long rest shifts posture
every minute or few (leaning back, crossing the legs, the forearm moved from the thigh to an armrest): the forearm
turns 30-90 deg and settles in a new still pose for minutes, with the rest's tremor. Such a stay read as a ``calm``
hold (red team R4-8's remnant: ``long_rests`` seeds 42-45, 0.9-1.1x the rest's 6-12 Hz power, 28-310 s each, two to
five a file), and the session's trend across sets (:func:`tremor.core.causes.session_causes`) was drawn with them:
"neuromuscular fatigue ... grew from 7.6x in the first sets to 15.0x" and "glycogen depletion".

A hold is a posture held against gravity, typically 10-90 s: reached from the rest pose and put back there, its
physiological tremor over the supported rest's and, loaded, rising. A still hold span is judged by the whole stay in
its pose (:func:`stay_run`: the contiguous frames within :data:`STAY_DEG` of it; a posture near the pose threshold
crosses it back and forth and reads as several spans). It is a
rest in another posture (:func:`stay_kind` says ``"rest"``) where its 6-12 Hz power stays at the rest's level
wherever a tremor label could read it: the median of the stay's still frames is at most :data:`REST_LEVEL` times the
rest's, their MEANS (as the labels read them) over the whole stay, its last third, the span and the span's last
third at most :data:`MEANS_LEVEL` times, and no :data:`WINDOW_S` of it reaches :data:`WINDOW_LEVEL` times (a tremor
rising anywhere, or only in the last seconds of a long hold, keeps it a set: a ``fatigue_tremor`` label needs the
last third's mean at 2.45x the rest or more).
Rises whose spectrum is broadband, as taps' (a phone checked in the pose), are left out: :mod:`tremor.core.tap_sets`
draws no tremor label from them (one rule for both, :func:`tremor.core.tap_rise.taps_rise`). And either

- it lasts :data:`SETTLED_S` or more: an isometric hold rarely lasts 2.5 minutes, and one that long at the rest's
  tremor is no load the tremor shows (a fatigue hold of 90-120 s has a tremor over the rest's and stays a set);
- or it lasts :data:`MOVED_MIN_S` or more and the arm did not come back to where it left: the still pose after it
  lies :data:`MOVED_DEG` or more from the one before it (:data:`AROUND_S` of rest frames either side). A calm hold
  lowered back to its rest lies within a few degrees of where it was raised from.

Shorter stays at the rest's tremor (:func:`stay_kind`, issue 9: the red team's watch slipping 25-60 deg about the
wrist, 40 s stays, three false ``calm`` hold sets a file; a phone in a trouser pocket while standing): what one wrist
sensor shows of a hold is its pose, its tremor and where the arm goes after it. An arm raised and held against
gravity, unsupported, has its physiological tremor over the supported rest's (its mechanical-reflex part is driven
by the holding muscles; 3.5-28x in the red team's holds, :data:`REST_LEVEL`); a watch turning about the wrist or a
forearm rolled or laid elsewhere on its support keeps the rest's. The rotation itself does not tell them apart:
raising the arm also translates the wrist, but so does laying the forearm elsewhere, and a step in ``|a|`` at the
turn is within an accelerometer's orientation-dependent offset. So a stay at the rest's tremor is

- a hold (a set) where it lasts under :data:`MOVED_MIN_S` and the arm rests after it within :data:`MOVED_DEG` of
  where it rested before it: raised from a pose and put back there;
- a hold where it holds :data:`MIN_MOVES` bouts of movement (activity in a pose), or lasts :data:`MOVED_MIN_S` or
  more and the arm rests after it where it did before it, or sways as an unsupported arm does
  (:mod:`tremor.core.stay_sway`) in a pose the wrist does not walk in, or holds a line beside the 6-12 Hz band;
- else, where it lasts under :data:`SETTLED_S` and is not rest (the arm rests after it elsewhere within a minute;
  the pose after it unseen: the recording ends in it, or no rest lies beside it; or the wrist walks in that pose,
  as a phone in a pocket does standing), ``"unclear"``: no set is counted, the report says it was a light hold
  or a change of posture (:func:`unclear_stay_note`), and it ends the recovery of the set before it.

The stay's level and rhythm leave out the frames a transient fills, and only bouts that come back to its pose count
as activity in it (:mod:`tremor.core.stay_transients`: a sleeper turned over onto a new pose, red team R5-7).

A live session (:mod:`tremor.live.set_decisions`) confirms a still hold at the rest's tremor only once
the stay has ended and :data:`AROUND_S` more are seen (:func:`decided_by_s`), so it confirms batch's sets; a stay
the table ends in is a hold under way there (``open_ends`` of :func:`tremor.core.sets.segment_sets`), and none at
the session's end, as in batch.

Left: a posture stay of under a minute after which the arm rests within :data:`MOVED_DEG` of the pose before it
(a watch slipping back, a phone raised and put down), or one of a minute or more put back so (the red team's
``long_rests``: a 116 s stay between two shifts whose poses lie 6 deg apart), still reads as a calm hold; a true
light hold swaying under :data:`~tremor.core.stay_sway.SWAY_LEVEL` times the rest after which the arm rests
:data:`MOVED_DEG` or more from where it was raised from is a note, not a set. A stay
whose tremor is over :data:`REST_LEVEL` times the rest's (a tense posture) stays a set; as means scatter, stays at
1.3-1.4x the rest's RMS (1.7-2x its power) read as sets about a third of the time (measured with the means at 2.0x;
not measured again at :data:`MEANS_LEVEL`). Where the rest is at the sensor's noise floor the tremor comparison says
nothing; only the pose decides there.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from tremor.core.stay_means import finite_median, kept_value, means_within, stay_means, still_rows
from tremor.core.stay_rhythm import rhythm_beside
from tremor.core.stay_sway import stay_sways
from tremor.core.stay_taps import RestMedians, tapped
from tremor.core.stay_transients import PEAK_OVER, kept_transients, moves_in_pose, transient_frames

__all__ = [
    "REST_LEVEL",
    "MEANS_LEVEL",
    "SETTLED_S",
    "MOVED_MIN_S",
    "MOVED_DEG",
    "AROUND_S",
    "MIN_AROUND_FRAMES",
    "STAY_DEG",
    "MIN_MOVES",
    "MOVES_EDGE_S",
    "WINDOW_S",
    "WINDOW_LEVEL",
    "stay_run",
    "stay_kind",
    "decided_by_s",
    "unclear_stay_note",
]

#: A stay's 6-12 Hz power (the median and the means over it, its last third, the span and the span's last third,
#: taps left out) at most this many times the rest's is the rest's tremor level: seated posture stays in the red
#: team's ``long_rests`` read 0.86-1.11x (median), their last thirds' means 1.02-1.40x; a raised hold's physiological
#: tremor over a supported rest's is 3.5-28x in its ``fatigue_holds`` and ``long_rests`` holds. Under the lowest last
#: third a ``fatigue_tremor`` label takes (2.45x its MEAN, over a rest at the sensor's noise floor,
#: :mod:`tremor.core.set_labels`), so no set whose tremor that label would fit is taken for rest.
REST_LEVEL = 2.0
#: ... and its means (over the stay, its last third, the span and the span's last third) at most this many times:
#: still under the lowest last third a ``fatigue_tremor`` label takes (2.45x, a test keeps it so), so no span taken
#: for rest could have been labelled a tremor. Not :data:`REST_LEVEL`: a mean scatters more than a median, and a
#: span's last third may hold only a few seconds of frames (a stay near the pose threshold reads as spans of 9-15 s):
#: stays at 1.0-1.2x the rest's RMS had such a mean at 2.03-2.07x in 2 of 1200 fresh draws (own physics, 100 Hz).
MEANS_LEVEL = 2.3
#: ... nor the mean over the stay, its last third, the span or the span's last third (a label reads means: a
#: tremor rising only in the last 5-20 % of a long hold lifts its last third's mean to 3-9x the rest's while its
#: median stays under 2x), and no mean over :data:`WINDOW_S` of its still frames is :data:`WINDOW_LEVEL` times the
#: rest's or more, a rise anywhere in it ...
WINDOW_S = 10.0
#: ... at the level a ``fatigue_tremor`` label needs over a rest above the noise floor (``FATIGUE_OVER_REST`` of
#: :mod:`tremor.core.set_labels`, which imports this module; a test keeps them equal). Not 2x: the 10 s means of
#: posture stays at 1.0-1.2x the rest's RMS (1.0-1.44x its power) reach 1.9-2.4x (own physics, 50-200 Hz).
WINDOW_LEVEL = 4.0
#: A still span at the rest's tremor lasting this long (s) is a rest in another posture (holds last 10-90 s).
SETTLED_S = 150.0
#: A shorter span is one where it lasts at least this long (s) and the arm rests after it elsewhere (:data:`MOVED_DEG`).
MOVED_MIN_S = 60.0
#: ... another pose: at least this many degrees between the still poses before and after the span.
#: A forearm put back on the thigh after a hold lands within a few degrees of where it was raised from.
MOVED_DEG = 10.0
#: The poses before and after a span are the median gravity directions of the rest frames this near its edges (s) ...
AROUND_S = 10.0
MIN_AROUND_FRAMES = 6  # ... where there are at least this many of them on each side (3 s at the 0.5 s hop)
#: A stay at the rest's tremor holding this many bouts of movement (frames over the segmentation's movement level,
#: runs of them) more than :data:`MOVES_EDGE_S` from its edges is activity in a pose, a set (slow light reps paused
#: in a pose: 7 in a 37 s set of this repository's stress sessions), never a stay one sensor cannot call: a change of
#: posture is one movement into a pose and stillness in it (0 in the red team's watch slips and posture stays; the
#: turn and its jolt lie at the stay's edges). An unsupported hold's postural sway crosses the movement level now and
#: then (a 1 deg sway at 0.1-1 Hz: 3 single frames in 2 of 36 light holds of tests/core/test_posture_shifts.py), so
#: such a light hold is a set too.
MIN_MOVES = 3
#: ... the stay's edges (s): the movement into the pose and out of it.
MOVES_EDGE_S = 2.0
#: A span is judged by the whole stay in its pose: the frames within this many degrees of its median
#: gravity direction, contiguous with it (a seat's breathing sway turns the forearm about 1 deg; a stay
#: near the pose threshold crosses it back and forth and reads as several spans).
STAY_DEG = 8.0


def _pose(orientation: np.ndarray, mask: np.ndarray, least: int = MIN_AROUND_FRAMES) -> np.ndarray | None:
    rows = np.asarray(orientation[mask], float)
    rows = rows[np.isfinite(rows).all(axis=1)]  # (not nanmedian: its masked arrays cost 10x on so few rows)
    if len(rows) < least:
        return None
    v = np.median(rows, axis=0)
    norm = float(np.linalg.norm(v))
    return v / norm if norm > 0 and np.isfinite(norm) else None


def stay_run(t_s: np.ndarray, orientation: np.ndarray, span: tuple[int, int]) -> tuple[int, int]:
    """The frames the arm stays in a span's pose: the span's run of frames within :data:`STAY_DEG` of it, extended.

    A posture near the segmentation's pose threshold (``POSE_DEG``) crosses it back and forth as the seat
    sways, so one stay may read as several spans; each is judged by the whole stay. A hold's run is the hold.

    Parameters
    ----------
    t_s : ndarray, shape (n_frames,)
        Frame times in s, increasing.
    orientation : ndarray, shape (n_frames, 3)
        Unit gravity directions (NaN where unknown).
    span : (int, int)
        The span's first frame and the frame after its last.

    Returns
    -------
    (int, int)
        The run's first frame and the frame after its last (the span itself where no frame of it has a pose).
    """
    a, b = span
    o = np.asarray(orientation, float)
    pose = _pose(o[a:b], np.ones(len(o[a:b]), bool), least=1)
    if pose is None:
        return a, b
    cos = np.cos(np.deg2rad(STAY_DEG))
    inside = np.flatnonzero(_near(o, a, b, pose, cos))
    if not inside.size:
        return a, b
    c0, c1 = a + int(inside[0]), a + int(inside[-1]) + 1
    # the run reaches out from the span's near frames to the first frame off the pose either side, read in
    # widening windows (a live check asks this of each hold at every second: not a pass over the whole session)
    i0, width = 0, _WINDOW
    lo = c0
    while lo > 0:
        lo_next = max(c0 - width, 0)
        off = np.flatnonzero(~_near(o, lo_next, lo, pose, cos))
        if off.size:
            i0 = lo_next + int(off[-1]) + 1
            break
        lo, width = lo_next, 2 * width
    i1, width = len(o), _WINDOW
    hi = c1
    while hi < len(o):
        hi_next = min(c1 + width, len(o))
        off = np.flatnonzero(~_near(o, hi, hi_next, pose, cos))
        if off.size:
            i1 = hi + int(off[0])
            break
        hi, width = hi_next, 2 * width
    return min(i0, a), max(i1, b)


#: Frames :func:`stay_run` reads past a span's near frames at first (doubled until the run ends).
_WINDOW = 256


def _near(o: np.ndarray, lo: int, hi: int, pose: np.ndarray, cos: float) -> np.ndarray:
    """Whether each frame of ``o[lo:hi]`` lies within :data:`STAY_DEG` of ``pose`` (cosine ``cos``); NaN: not."""
    return np.asarray(np.nan_to_num(o[lo:hi] @ pose, nan=-1.0) >= cos)


def _at_rest_level(
    t: np.ndarray,
    power: np.ndarray,
    still: np.ndarray,
    rest: np.ndarray,
    runs: tuple[tuple[int, int], tuple[int, int]],
    psd: np.ndarray | None,
    factor: float = 1.0,
    medians: RestMedians | None = None,
    kept: dict[str, Any] | None = None,
) -> bool:
    (i0, i1), (a, b) = runs  # the stay in its pose, and the span in it
    medians = RestMedians(rest, power, psd) if medians is None else medians
    if medians.count_without(i0, i1) < MIN_AROUND_FRAMES:
        return False
    rest_power = medians.power_without(i0, i1)  # the rest outside the stay's run
    if not rest_power > 0:
        return False
    bound = factor * REST_LEVEL * rest_power
    # frames a transient fills (a jerk: tremor.core.stay_transients) are not the stay's level; which frames are
    # raised depends on the rest's present level, so the still rows are kept between checks with what is read from
    # them, which stands wherever no transient is left out
    rows = kept_value(kept, "inside", lambda: still_rows(still, power, (i0, i1)))
    # a transient needs a still frame at PEAK_OVER times the level: under the run's largest still power there is
    # none to read (the same frames as reading them; a live check judges each stay every second against a new level)
    if (
        kept_value(kept, "peak", lambda: float(power[rows].max()) if rows.size else -np.inf)
        >= PEAK_OVER * bound
    ):
        brief = kept_transients(t, still, power, bound, (i0, i1), kept)[rows - i0]
    else:
        brief = np.zeros(rows.size, bool)
    inside, whole = rows[~brief], not brief.any()
    if inside.size < 3 * MIN_AROUND_FRAMES:
        return False
    if (
        kept_value(kept, "median", lambda: finite_median(power[rows]))
        if whole
        else finite_median(power[inside])
    ) > bound:
        return False
    # the labels read MEANS (tremor.core.classify): the last third's, which a tremor rising in its last seconds
    # lifts and the median does not, and the set's; taps (a phone checked in the pose) rise broadband, and
    # tap_sets withholds any tremor label from them, so they are left out
    means_bound, window_bound = factor * MEANS_LEVEL * rest_power, factor * WINDOW_LEVEL * rest_power
    means = (
        kept_value(kept, "means", lambda: stay_means(t, power, rows, (a, b), WINDOW_S))
        if whole
        else stay_means(t, power, inside, (a, b), WINDOW_S)
    )
    if means_within(means, means_bound, window_bound):
        return True
    if medians.spectrum is None:
        return False
    # (only where needed: the rest's spectrum costs)
    taps = tapped(t, power, inside, bound, medians.spectrum, (i0, i1), 0.5 * WINDOW_S)
    return bool(taps.any()) and means_within(
        stay_means(t, power, inside[~taps], (a, b), WINDOW_S), means_bound, window_bound
    )


def stay_kind(
    t_s: np.ndarray,
    orientation: np.ndarray,
    power_phys: np.ndarray,
    still: np.ndarray,
    rest: np.ndarray,
    span: tuple[int, int],
    psd: np.ndarray | None = None,
    *,
    run: tuple[int, int] | None = None,
    walked: np.ndarray | None = None,
    movement: np.ndarray | None = None,
    rest_medians: RestMedians | None = None,
    kept: dict[str, Any] | None = None,
) -> str:
    """What a still hold span is: a hold, a rest in another posture, or a stay one wrist sensor cannot call.

    Parameters
    ----------
    t_s : ndarray, shape (n_frames,)
        Frame times in s, increasing.
    orientation : ndarray, shape (n_frames, 3)
        Unit gravity directions (NaN where unknown).
    power_phys : ndarray, shape (n_frames,)
        6-12 Hz power of each frame, (m/s^2)^2 (NaN where unknown).
    still : ndarray of bool, shape (n_frames,)
        Frames whose wrist does not move (movement RMS under the segmentation's threshold).
    rest : ndarray of bool, shape (n_frames,)
        Still frames at a rest pose, in no set, walk or unworn stretch: the rest the span is compared with.
    span : (int, int)
        The span's first frame and the frame after its last.
    psd : ndarray, shape (n_frames, n_freqs), optional
        Each frame's spectrum at :data:`~tremor.core.features.PSD_FREQS`: a window over the rest's level whose
        rise is broadband (taps, :mod:`tremor.core.tap_sets`) is no tremor's; without it every such window counts.
        A stay with a line in 3-7 or 13-18 Hz over the rest's (a tremor no change of posture gives) is a hold.
    run : (int, int) or None
        ``stay_run(t_s, orientation, span)`` where the caller kept it (a live session's check, every second); None:
        found here.
    walked, movement : ndarray, shape (n_frames,), optional
        Frames in walking bouts (a stay in the pose the wrist walks in is standing, not a raised hold) and each
        frame's 0.25-3 Hz movement RMS (a stay swaying over the rest beside it, :mod:`tremor.core.stay_sway`, is a
        hold, unless the wrist walks in its pose).
    rest_medians : RestMedians or None
        ``RestMedians(rest, power_phys, psd)`` where the caller asks of several spans against one rest (a
        segmentation): the rest's power and spectra sorted once; None: read here.
    kept : dict or None
        What is read from the stay's own frames alone (its still frames, their median and means, its bouts of
        movement, the rest poses beside it with the rest frames they were read from), kept here on first use by a
        caller that judges the same ``run`` and ``span`` again on a table that only grows (a live session's set
        check, once a second: :func:`tremor.core.sets.segment_sets`); the same result as reading them afresh.
        None: read each time.

    Returns
    -------
    str
        ``"hold"`` where the stay's tremor is over the rest's (or the rest's level is unknown: under
        :data:`MIN_AROUND_FRAMES` rest frames), or it lasts under :data:`MOVED_MIN_S` and the arm rests after it
        within :data:`MOVED_DEG` of where it rested before it (raised and put back), or it holds
        :data:`MIN_MOVES` bouts of movement (activity in a pose); ``"rest"`` where it has the
        rest's tremor and lasts :data:`SETTLED_S`, or :data:`MOVED_MIN_S` with the arm resting after it
        :data:`MOVED_DEG` or more from where it rested before it; else ``"unclear"`` (a light hold or a change of
        posture) where the arm rests after it elsewhere within :data:`MOVED_MIN_S`, no rest lies beside it or the
        wrist walks in it, and ``"open"`` where the data end in it. Where the pose after it is not yet
        :data:`AROUND_S` seen (a live session's table), ``"hold"``.
    """
    t = np.asarray(t_s, float)
    power = np.asarray(power_phys, float)
    i0, i1 = stay_run(t, orientation, span) if run is None else run
    dur = float(t[i1 - 1] - t[i0])
    medians = RestMedians(rest, power, psd) if rest_medians is None else rest_medians
    if not _at_rest_level(t, power, still, rest, ((i0, i1), span), psd, medians=medians, kept=kept):
        return "hold"
    if dur >= SETTLED_S:
        return "rest"
    # bouts after which the arm is back in the pose (a turn to another pose is a change of posture)
    if (
        kept_value(kept, "moves", lambda: moves_in_pose(t, orientation, still, (i0, i1), MOVES_EDGE_S))
        >= MIN_MOVES
    ):
        if i1 >= len(t) or dur < MOVED_MIN_S:
            return "hold"
        return _settled(t, orientation, rest, (i0, i1), dur, kept)
    walks_in = walked is not None and bool(walked[i0:i1].any())

    def held() -> bool:
        """A line beside the band, or an unsupported arm's sway (not in a pose the wrist walks in)."""
        swayed = not walks_in and stay_sways(t, movement, rest, (i0, i1))
        steady = _steady(t, still, power, REST_LEVEL * medians.power_without(i0, i1), (i0, i1))
        return swayed or rhythm_beside(psd, steady, rest, (i0, i1), REST_LEVEL)

    if i1 >= len(t):  # no pose after it: the data end in it
        return "hold" if held() else "open"
    if t[-1] < t[i1 - 1] + AROUND_S - 0.5 * float(t[i1 - 1] - t[i1 - 2]):
        return "hold"  # the pose after it not yet seen (a live session's table): a hold until it is
    poses = before, after = _poses_around(t, orientation, rest, (i0, i1), kept)
    if before is None or after is None:
        return "hold" if held() else "unclear"
    got = kept.get("moved") if kept is not None else None  # kept with the very poses it was read from
    moved = got[1] if got is not None and got[0] is poses else _moved(before, after)
    if kept is not None:
        kept["moved"] = (poses, moved)
    if moved and dur >= MOVED_MIN_S:
        return "rest"
    if moved or walks_in:
        return "hold" if held() else "unclear"
    return "hold"


def _moved(before: np.ndarray, after: np.ndarray) -> bool:
    return bool(np.degrees(np.arccos(np.clip(float(before @ after), -1.0, 1.0))) >= MOVED_DEG)


def _steady(
    t: np.ndarray, still: np.ndarray, power: np.ndarray, bound: float, run: tuple[int, int]
) -> np.ndarray:
    """``still`` less the frames of the stay ``run`` a transient fills (:func:`~tremor.core.stay_transients.transient_frames`)."""
    out = np.array(still, bool)
    out[run[0] : run[1]] &= ~transient_frames(t, still, power, bound, run)
    return out


def _poses_around(
    t: np.ndarray,
    orientation: np.ndarray,
    rest: np.ndarray,
    run: tuple[int, int],
    kept: dict[str, Any] | None = None,
) -> tuple[np.ndarray | None, np.ndarray | None]:
    """The rest poses in the :data:`AROUND_S` before the stay ``run`` and after it (:func:`_pose`), each read from
    the rows of its stretch of ``t`` (increasing) alone: the same rows, in order, as a mask over the whole table.
    Kept in ``kept`` (see :func:`stay_kind`) with the stretches and their rest frames they were read from."""
    i0, i1 = run
    lo, hi = np.searchsorted(t, (t[i0] - AROUND_S, t[i0]), side="left")
    lo2, hi2 = np.searchsorted(t, (t[i1 - 1], t[i1 - 1] + AROUND_S), side="right")
    key = (int(lo), int(hi), rest[lo:hi].tobytes(), int(lo2), int(hi2), rest[lo2:hi2].tobytes())
    if kept is not None and kept.get("poses around", (None,))[0] == key:
        return kept["poses around"][1]
    poses = _pose(orientation[lo:hi], rest[lo:hi]), _pose(orientation[lo2:hi2], rest[lo2:hi2])
    if kept is not None:
        kept["poses around"] = (key, poses)
    return poses


def _settled(
    t: np.ndarray,
    orientation: np.ndarray,
    rest: np.ndarray,
    run: tuple[int, int],
    dur: float,
    kept: dict[str, Any] | None = None,
) -> str:
    """``"rest"`` where a stay of :data:`MOVED_MIN_S` or more ends in a rest pose :data:`MOVED_DEG` or more from the
    one before it (the rule before this module's unclear stays), else ``"hold"``."""
    i0, i1 = run
    if dur < MOVED_MIN_S or t[-1] < t[i1 - 1] + AROUND_S - 0.5 * float(t[i1 - 1] - t[i1 - 2]):
        return "hold"
    before, after = _poses_around(t, orientation, rest, (i0, i1), kept)
    if before is None or after is None:
        return "hold"
    return "rest" if float(before @ after) <= np.cos(np.radians(MOVED_DEG)) else "hold"


def decided_by_s(
    t_s: np.ndarray,
    orientation: np.ndarray,
    power_phys: np.ndarray,
    still: np.ndarray,
    rest: np.ndarray,
    span: tuple[int, int],
    psd: np.ndarray | None = None,
) -> float:
    """The time a growing table must reach before :func:`stay_kind` on a span is final (a live session).

    Parameters
    ----------
    t_s, orientation, power_phys, still, rest, span, psd
        As :func:`stay_kind` (``rest`` may be a live session's estimate: the tremor is checked against
        1.5 times :data:`REST_LEVEL`, so that a span batch could take for rest waits).

    Returns
    -------
    float
        -inf where its tremor is over the rest's (a hold whatever follows), the end of its stay in its pose
        plus :data:`AROUND_S` where that has been seen, inf while the arm stays in that pose.
    """
    t = np.asarray(t_s, float)
    run = stay_run(t, orientation, span)
    if not _at_rest_level(t, np.asarray(power_phys, float), still, rest, (run, span), psd, factor=1.5):
        return -np.inf
    return np.inf if run[1] >= len(t) else float(t[run[1] - 1]) + AROUND_S


def unclear_stay_note(start_s: float, end_s: float, stay_s: float) -> str:
    """The report's note on a stay :func:`stay_kind` calls ``"unclear"`` (no set is counted there).

    Parameters
    ----------
    start_s, end_s : float
        The span the segmentation found, s.
    stay_s : float
        How long the wrist stayed in that pose, s.

    Returns
    -------
    str
        One note line.
    """
    return (
        f"the wrist was still in a new pose from {start_s:.1f} to {end_s:.1f} s ({stay_s:.0f} s in it) with about the "
        "rest's 6-12 Hz tremor: a light hold, or a change of posture (the watch turned on the wrist, the forearm "
        "rolled or laid elsewhere); one wrist sensor cannot tell these apart here, so no set is counted there"
    )
