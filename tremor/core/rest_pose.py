"""Which still poses of a recording are rest, decided from the whole recording (issue 9, red team R4-3).

The segmentation (:func:`tremor.core.sets.segment_sets`) judges each frame's pose against the rest
orientation, first read from the quiet frames before the first movement (the *lead*). That pose need
not be the rest: a file opened 10-30 s into a hold leads with the raised arm (the true rests then read
as posed ``hold`` sets, the holds as rest, and the holds' growing tremor as the resting baseline), and a
watch started while standing leads with the hanging arm (everything from sitting down on, holds and
seated rests alike, is one posed set).

The rest pose is the pose a person returns to between sets and spends most still time in; a hold is a
raised, unsupported pose whose 6-12 Hz physiological tremor is higher than the supported rest's. So the
quiet frames are grouped by pose (:func:`pose_groups`: gravity directions within ``POSE_DEG`` of a
group's median) and the lead's group is compared with the largest other group. Where the other group
holds more still time than the lead's (:func:`rest_poses`):

- its median 6-12 Hz RMS at most :data:`SAME_TREMOR` times the lead's: it is a rest pose too (the
  hanging arm of a standing start and the seated forearm both carry the resting tremor, 1.0-1.1x
  apart in the red team's ``stand_start``; a hanging arm bears no load, it is a rest, and sitting down is
  a transition, not a set);
- and the lead's median 6-12 Hz RMS at least :data:`HOLD_TREMOR` times the other's: the lead was a
  hold (the red team's ``mid_start``: 0.060-0.062 against 0.013-0.014 m/s^2, 4.4-4.5x; a supported
  rest's tremor is the lowest a still wrist shows), and only the other group is rest.
- its median 6-12 Hz RMS over :data:`SAME_TREMOR` but at most :data:`HOLD_TREMOR` times the lead's: a rest pose
  too where it is the supported rest kept between working bouts, its load's tremor steady across each stay
  (:func:`tremor.core.loaded_rest.loaded_rest`: a dumbbell resting on the thigh between curl sets, red team R5-6).

A watch turned on the wrist (a strap slipping in a hold, a watch put back on turned after a break)
turns gravity in the sensor's frame while the arm rests as before: :func:`turned_rests` adds such a
still pose as a rest pose where its tremor is the rest's and the arm does not leave a rest for it and
come back (red team R4-7).

On a coarse sensor (:mod:`tremor.core.code_step`) a tremor under half a code step reads as constant codes or a
flicker between two, whichever gravity's share puts it near: a hold's faint tremor may read under the rest's, so the
6-12 Hz levels compared are no evidence there, and where they are under the resolution only the lead's pose is rest
(h-coarse: the red team's ``coarse_adc`` holds, 10 bits at +-8 g, were taken for a turned watch's rest).

A group with more still time but more tremor than that (a session of long holds and short rests that
opened at rest: its holds' group outweighs the rest's) changes nothing, nor does a smaller group. A
live session (:mod:`tremor.live.set_decisions`) segments the frames it has so far with the same rule,
so until a second pose has outweighed the lead's it judges poses against the lead (a file that opens
mid-hold shows its first rest as a pending set until the rest's still time passes the hold's); the
sets it confirms once the rule has switched are batch's.

Size (issue 8): one job, the rest poses (the live memo of the pose groups, the lead-or-other rule,
turned rests); splitting them would spread one rule over modules.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

import numpy as np

from tremor.core.code_step import under_resolution
from tremor.core.kept_median import KeptMedian
from tremor.core.loaded_rest import Activity, loaded_rest
from tremor.core.spectral import BANDS

__all__ = [
    "SAME_TREMOR",
    "HOLD_TREMOR",
    "NOISE_CLEAR",
    "PoseMemo",
    "pose_groups",
    "rest_poses",
    "turned_rests",
]

#: A pose group with more still time than the lead's is a rest pose too where its median 6-12 Hz RMS
#: is at most this many times the lead group's: a hanging arm and a forearm on the thigh, both
#: unloaded, 0.95-1.05x apart in the red team's ``stand_start`` (seeds 41, 42); a hold's group is
#: 3.5-4.5x the rest's in its ``fatigue_holds`` and ``mid_start`` files.
SAME_TREMOR = 1.5
#: ... and the lead group is no rest where its median 6-12 Hz RMS is at least this many times the
#: other group's (a raised hold's physiological tremor over a supported rest's: 4.4-4.5x in the red
#: team's ``mid_start``, at least 2x in this repository's own simulated holds).
HOLD_TREMOR = 2.0
#: A turned rest pose (:func:`turned_rests`) is read only where the rest's median 6-12 Hz power is at
#: least this many times the sensor's white noise over the band (the 13-18 Hz power scaled by the
#: widths): the rest's tremor then shows at least as much power as the noise, so a raised hold's
#: tremor of twice the rest's reads at least 1.58x the rest in RMS, above :data:`SAME_TREMOR`. Where the
#: rest is at the noise floor (the red team's ``weak_fatigue``: 1.3-1.7x) a calm hold cannot be told
#: from a rest by its tremor, and only the pose decides.
NOISE_CLEAR = 2.0
#: At most this many other pose groups are looked at for turned rest poses (the red team's
#: ``watch_slip``: five slips, three to four distinct turned poses).
TURNED_GROUPS = 4
#: Fewest quiet frames of a pose group considered (5 s at the 0.5 s hop, as the lead's).
MIN_GROUP_FRAMES = 10
#: A group's seed is the best of this many quiet frames spread over the recording (a pose held for
#: a twentieth of the still time holds about two of them) ...
MAX_SEEDS = 40
#: ... each seed's neighbours counted among at most about this many quiet frames (a time-spread
#: sample: about 1 ms of CPU a call at any length).
MAX_POOL = 2000


def _unit(v: np.ndarray) -> np.ndarray | None:
    norm = float(np.linalg.norm(v))
    return v / norm if norm > 0 and np.isfinite(norm) else None


def _near(o: np.ndarray, pose: np.ndarray, cos_lim: float) -> np.ndarray:
    """Rows of ``o`` within the angle whose cosine is ``cos_lim`` of ``pose`` (False where unknown)."""
    return np.nan_to_num(np.einsum("ij,j->i", o, pose), nan=-1.0) >= cos_lim


def _grown(buf: np.ndarray, n: int, new: np.ndarray) -> np.ndarray:
    """``buf`` with ``new`` written after its first ``n`` rows (a larger copy where it is full)."""
    need = n + len(new)
    if need > len(buf):
        bigger = np.empty((max(need, 2 * len(buf), 256),) + new.shape[1:], new.dtype)
        bigger[:n] = buf[:n]
        buf = bigger
    buf[n:need] = new
    return buf


class PoseMemo:
    """What :func:`rest_poses` keeps between calls on a frame table that only grows (a live session).

    A live session's set check (every second) regroups the still frames of the whole session so far. Rows
    of a growing table never change, so each row's orientation (as float64, NaN-zeroed) and finiteness, the
    lead's pose (while the lead's frames stay the same) and each row's nearness to it are kept, and only new
    rows computed; for each pose group (in order) the number of neighbours (within the group radius) that
    each ungrouped frame has in the group's sample of them is kept, and only the frames and sample members
    new since the last call are counted, where the ungrouped frames and the sample extend the last call's
    (otherwise, as where a frame in the middle joined or left, all are counted again). Each row's nearness to
    a group's seed and centre and its nearest rest pose (:func:`turned_rests`) are kept while the pose stays,
    and the medians over row sets (a group's centre and pose, the rest's and each pose's tremor) are kept
    sorted (:class:`~tremor.core.kept_median.KeptMedian`): a set that only gained new rows merges them in.
    The groups and poses are those of a call without the memo, bit for bit
    (``tests/core/test_rest_pose_memo.py``, ``tests/core/test_rest_pose_kept.py``). The caller keeps one memo
    per table (:class:`~tremor.core.frame_memo.FrameMemo` forgets it when the table changes).
    """

    def __init__(self) -> None:
        self._n = 0
        self._raw = np.zeros((0, 3))
        self._zeroed = np.zeros((0, 3))
        self._finite = np.zeros(0, bool)
        self._lead: tuple[bytes, np.ndarray | None] | None = None
        self._near: tuple[bytes, float, np.ndarray, int] | None = None
        #: per group number: the ungrouped frames, the sample, cos limit, each frame's count in the sample
        self._counts: dict[int, tuple[np.ndarray, np.ndarray, float, np.ndarray]] = {}
        #: per name: the key of the row function, its values for the first rows, how many rows
        self._kept_rows: dict[Hashable, tuple[Hashable, np.ndarray, int]] = {}
        #: per name: a median over a row set of one column (or of the orientation)
        self._medians: dict[Hashable, KeptMedian] = {}

    def rows(self, orientation: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The table's orientation as float64, NaN-zeroed, and which rows are finite, kept row by row.

        Parameters
        ----------
        orientation : ndarray, shape (n_frames, 3)
            The table's gravity directions (rows already seen must be unchanged).

        Returns
        -------
        raw, zeroed : ndarray, shape (n_frames, 3)
            ``np.asarray(orientation, float)`` and its ``np.nan_to_num``.
        finite : ndarray of bool, shape (n_frames,)
            Rows with three finite values.
        """
        n = len(orientation)
        if n > self._n:
            new = np.asarray(orientation[self._n : n], float)
            self._raw = _grown(self._raw, self._n, new)
            self._zeroed = _grown(self._zeroed, self._n, np.nan_to_num(new))
            self._finite = _grown(self._finite, self._n, np.isfinite(new).all(axis=1))
            self._n = n
        return self._raw[:n], self._zeroed[:n], self._finite[:n]

    def lead_pose(self, orientation: np.ndarray, lead: np.ndarray) -> np.ndarray | None:
        """The lead's pose (:func:`rest_poses`), computed again only where the lead's frames changed.

        Parameters
        ----------
        orientation : ndarray, shape (n_frames, 3)
            The table's gravity directions.
        lead : ndarray of bool, shape (n_frames,)
            The quiet frames before the first movement.

        Returns
        -------
        ndarray, shape (3,), or None
            The lead frames' median gravity direction as a unit vector (in the table's precision).
        """
        key = np.flatnonzero(lead).tobytes()
        if self._lead is None or self._lead[0] != key:
            self._lead = (key, _unit(np.nanmedian(orientation[lead], axis=0)))
        return self._lead[1]

    def near_lead(self, pose: np.ndarray, cos_lim: float, n: int) -> np.ndarray:
        """Which of the first ``n`` rows lie within the radius of ``pose`` (the lead's), kept row by row.

        Parameters
        ----------
        pose : ndarray, shape (3,)
            The lead's pose (from :meth:`lead_pose`).
        cos_lim : float
            Cosine of the pose radius.
        n : int
            Rows of the table (no more than :meth:`rows` has seen).

        Returns
        -------
        ndarray of bool, shape (n,)
            As :func:`rest_poses` computes it from the whole table.
        """
        key = pose.tobytes()
        if self._near is None or self._near[0] != key or self._near[1] != cos_lim:
            self._near = (key, cos_lim, np.zeros(0, bool), 0)
        _, _, near, have = self._near
        if n > have:
            near = _grown(near, have, _near(self._raw[have:n], pose, cos_lim))
            self._near = (key, cos_lim, near, n)
        return near[:n]

    def row_values(
        self, name: Hashable, key: Hashable, n: int, compute: Callable[[int, int], np.ndarray]
    ) -> np.ndarray:
        """A function of each row alone for the first ``n`` rows, kept row by row while its ``key`` stays.

        Parameters
        ----------
        name : hashable
            Which kept values.
        key : hashable
            Everything besides the row that the function reads (a pose, a radius): where it differs from the
            kept values' key, they are computed again from the first row.
        n : int
            Rows of the table (rows already seen must be unchanged).
        compute : callable
            ``compute(a, b)`` returns the values of rows ``a`` to ``b`` (the same as the whole table's rows
            ``a`` to ``b``: a function of each row alone).

        Returns
        -------
        ndarray, shape (n, ...)
            The values of the first ``n`` rows.
        """
        kept = self._kept_rows.get(name)
        if kept is None or kept[0] != key:
            first = compute(0, n)
            self._kept_rows[name] = (key, first, n)
            return first
        _, values, have = kept
        if n > have:
            values = _grown(values, have, compute(have, n))
            self._kept_rows[name] = (key, values, n)
        return values[:n]

    def median(self, name: Hashable, values: np.ndarray, mask: np.ndarray, *, skip_nan: bool) -> KeptMedian:
        """The median of ``values[mask]`` per column, kept under ``name`` (only new rows merged in).

        Parameters
        ----------
        name : hashable
            Which median (one name always reads the same column of the table).
        values : ndarray, shape (n_frames,) or (n_frames, c)
            The column(s) (rows already seen must be unchanged).
        mask : ndarray of bool, shape (n_frames,)
            The rows.
        skip_nan : bool
            As :func:`numpy.nanmedian` (True) or :func:`numpy.median` (False).

        Returns
        -------
        KeptMedian
            Its ``median`` and ``finite`` count per column.
        """
        kept = self._medians.get(name)
        if kept is None:
            kept = self._medians[name] = KeptMedian(skip_nan)
        return kept.update(values, mask)

    def neighbours(
        self, group: int, o: np.ndarray, idx: np.ndarray, pool: np.ndarray, at: np.ndarray, cos_lim: float
    ) -> np.ndarray:
        """How many frames of ``pool`` lie within the radius of each seed ``idx[at]``.

        Parameters
        ----------
        group : int
            The group being formed (0 for the first): each keeps its own counts.
        o : ndarray, shape (n_frames, 3)
            NaN-zeroed gravity directions (from :meth:`rows`).
        idx : ndarray of int
            The ungrouped quiet frames, increasing.
        pool : ndarray of int
            The sample of them each seed is counted against.
        at : ndarray of int
            Positions of the seeds in ``idx``, increasing.
        cos_lim : float
            Cosine of the group radius.

        Returns
        -------
        ndarray of int, shape (at.size,)
            ``(np.einsum("ij,kj->ik", o[idx[at]], o[pool]) >= cos_lim).sum(axis=1)``. Each frame's count is
            kept: where the last call's frames and sample are the start of these, only the new sample members
            are counted for the kept frames, and up to :data:`MAX_SEEDS` new frames join the kept ones (the
            seeds beyond them are counted directly), so that a changed sample (its stride grew) costs no more
            than twice the count without the memo while the kept frames catch up.
        """
        kept = self._counts.get(group)
        if (
            kept is None
            or kept[2] != cos_lim
            or kept[0].size > idx.size
            or kept[1].size > pool.size
            or not np.array_equal(idx[: kept[0].size], kept[0])
            or not np.array_equal(pool[: kept[1].size], kept[1])
        ):
            kept = (idx[:0], pool[:0], cos_lim, np.zeros(0, np.intp))
        old_idx, old_pool, _, counts = kept
        m, p = old_idx.size, old_pool.size
        if p < pool.size and m:
            counts = counts + (np.einsum("ij,kj->ik", o[old_idx], o[pool[p:]]) >= cos_lim).sum(axis=1)
        upto = min(idx.size, m + MAX_SEEDS)
        if m < upto:
            new = (np.einsum("ij,kj->ik", o[idx[m:upto]], o[pool]) >= cos_lim).sum(axis=1)
            counts = np.concatenate([counts, new])
        self._counts[group] = (idx[:upto], pool, cos_lim, counts)
        out = counts[np.minimum(at, upto - 1)]
        beyond = at >= upto
        if beyond.any():
            out[beyond] = (np.einsum("ij,kj->ik", o[idx[at[beyond]]], o[pool]) >= cos_lim).sum(axis=1)
        return out


def pose_groups(
    orientation: np.ndarray,
    quiet: np.ndarray,
    pose_deg: float,
    *,
    max_groups: int = 4,
    memo: PoseMemo | None = None,
) -> list[np.ndarray]:
    """Quiet frames grouped by pose, largest group first.

    Each group is seeded by the quiet frame with the most quiet frames within ``pose_deg`` of it
    (:data:`MAX_SEEDS` frames tried, spread over the ungrouped ones, each counted against at most
    about :data:`MAX_POOL` of them), and holds the ungrouped quiet frames within
    ``pose_deg`` of the seed group's median gravity direction.

    Parameters
    ----------
    orientation : ndarray, shape (n_frames, 3)
        Unit gravity directions (NaN where unknown).
    quiet : ndarray of bool, shape (n_frames,)
        Frames that may be grouped.
    pose_deg : float
        Group radius in degrees.
    max_groups : int
        At most this many groups are formed.
    memo : PoseMemo or None
        Kept between calls on a table that only grows (a live session's set check): the same groups,
        with only the new rows' and sample members' neighbours counted.

    Returns
    -------
    list of ndarray of bool
        Frame masks, one a group, each of at least :data:`MIN_GROUP_FRAMES` frames.
    """
    if memo is None:
        o = np.nan_to_num(np.asarray(orientation, float))
        finite = np.isfinite(np.asarray(orientation, float)).all(axis=1)
    else:
        _, o, finite = memo.rows(orientation)
    left = np.asarray(quiet, bool) & finite
    cos_lim = float(np.cos(np.radians(pose_deg)))
    out: list[np.ndarray] = []
    while len(out) < max_groups and left.sum() >= MIN_GROUP_FRAMES:
        idx = np.flatnonzero(left)
        at = np.linspace(0, idx.size - 1, min(MAX_SEEDS, idx.size)).astype(int)
        seeds = idx[at]
        pool = idx[:: max(1, idx.size // MAX_POOL)]
        if memo is None:
            # einsum, not a BLAS product: its threads cost several times the CPU on so thin a matrix
            counts = (np.einsum("ij,kj->ik", o[seeds], o[pool]) >= cos_lim).sum(axis=1)
        else:
            counts = memo.neighbours(len(out), o, idx, pool, at, cos_lim)
        seed = int(seeds[int(np.argmax(counts))])
        g = len(out)
        near = left & _near_rows(o, o[seed], cos_lim, memo, ("seed", g), seed)
        centre = _unit(_median_rows(o, near, memo, ("centre", g)))
        if centre is not None:
            near = left & _near_rows(o, centre, cos_lim, memo, ("centre", g), centre.tobytes())
        if near.sum() < MIN_GROUP_FRAMES:
            break
        out.append(near)
        left &= ~near
    return out


def rest_poses(
    orientation: np.ndarray,
    quiet: np.ndarray,
    tremor_power: np.ndarray,
    lead: np.ndarray,
    pose_deg: float,
    *,
    memo: PoseMemo | None = None,
    high_power: np.ndarray | None = None,
    activity: Activity | None = None,
    code_step: float = 0.0,
) -> list[np.ndarray]:
    """The rest poses: the lead's, and the largest other still pose where the whole recording says so.

    Parameters
    ----------
    orientation : ndarray, shape (n_frames, 3)
        Unit gravity directions (NaN where unknown).
    quiet : ndarray of bool, shape (n_frames,)
        Still frames that may be rest (not moving, not walking, not lying unworn).
    tremor_power : ndarray, shape (n_frames,)
        6-12 Hz power of each frame, (m/s^2)^2 (NaN where unknown).
    lead : ndarray of bool, shape (n_frames,)
        The quiet frames before the first movement, whose median pose was the rest so far.
    pose_deg : float
        A frame within this many degrees of a rest pose is at rest.
    memo : PoseMemo or None
        Kept between calls on a table that only grows (a live session's set check); the same result.
    high_power : ndarray, shape (n_frames,), or None
        13-18 Hz power of each frame, (m/s^2)^2, the sensor's white noise level
        (:func:`turned_rests`); None: no turned rest pose is added.
    activity : Activity or None
        The frames' movement (:class:`tremor.core.loaded_rest.Activity`): an other pose whose
        tremor is over the lead's, up to :data:`HOLD_TREMOR` times, is a rest pose too where it is the rest kept
        between working bouts with a steady load (:func:`tremor.core.loaded_rest.loaded_rest`); None: not looked at.
    code_step : float
        The sensor's coarsest code step in m/s^2 (:func:`tremor.core.code_step.coarsest_step`; 0: none known). Where
        the 6-12 Hz levels compared are under what it resolves (:func:`tremor.core.code_step.under_resolution`), a
        pose's tremor tells nothing: only the lead's pose is rest (a coarse sensor's holds, whose tremor under a code
        reads as constant codes, are no rest pose).

    Returns
    -------
    list of ndarray, shape (3,)
        Unit gravity directions of the rest poses: the lead's alone, the lead's and the other's, or
        the other's alone (the module docstring gives the rule), and after them any turned rest
        poses (:func:`turned_rests`).
    """
    cos_lim = float(np.cos(np.radians(pose_deg)))
    if memo is None:
        # the lead's pose in the table's own precision, as the segmentation read it before this rule
        lead_pose = _unit(np.nanmedian(orientation[lead], axis=0))
        o = np.asarray(orientation, float)
        if lead_pose is None:
            return []
        near_lead = _near(o, lead_pose, cos_lim)
    else:
        lead_pose = memo.lead_pose(orientation, lead)
        o = memo.rows(orientation)[0]
        if lead_pose is None:
            return []
        near_lead = memo.near_lead(lead_pose, cos_lim, len(o))
    in_lead = quiet & near_lead
    groups = pose_groups(
        o, quiet & ~near_lead, pose_deg, max_groups=1 if high_power is None else TURNED_GROUPS, memo=memo
    )
    loaded = None if activity is None else (np.asarray(quiet, bool), activity)
    poses = _lead_or_other(o, groups[:1], in_lead, lead_pose, tremor_power, memo, loaded, code_step)
    if high_power is None:
        return poses
    return poses + turned_rests(
        o, quiet, groups, poses, tremor_power, high_power, pose_deg, memo=memo, code_step=code_step
    )


def _near_rows(
    o: np.ndarray, pose: np.ndarray, cos_lim: float, memo: PoseMemo | None, name: Hashable, key: Hashable
) -> np.ndarray:
    """Rows of ``o`` (NaN-zeroed) within the angle whose cosine is ``cos_lim`` of ``pose`` (kept by ``memo``
    under ``name`` while ``key``, which names ``pose``, stays)."""
    if memo is None:
        return np.einsum("ij,j->i", o, pose) >= cos_lim
    return memo.row_values(
        name, (key, cos_lim), len(o), lambda a, b: np.einsum("ij,j->i", o[a:b], pose) >= cos_lim
    )


def _median_rows(o: np.ndarray, mask: np.ndarray, memo: PoseMemo | None, name: Hashable) -> np.ndarray:
    """``np.median(o[mask], axis=0)`` (kept by ``memo`` under ``name``)."""
    if memo is None:
        return np.median(o[mask], axis=0)
    return memo.median(name, o, mask, skip_nan=False).median


def _nanmedian_where(values: np.ndarray, mask: np.ndarray, memo: PoseMemo | None, name: Hashable) -> float:
    """``np.nanmedian(values[mask])`` as float64 where a value is finite, else NaN (kept by ``memo`` under ``name``)."""
    if memo is None:
        v = np.asarray(values, float)[mask]
        return float(np.nanmedian(v)) if np.isfinite(v).any() else np.nan
    kept = memo.median(name, values, mask, skip_nan=True)
    return float(kept.median[0]) if kept.finite[0] else np.nan


def _lead_or_other(
    o: np.ndarray,
    others: list[np.ndarray],
    in_lead: np.ndarray,
    lead_pose: np.ndarray,
    tremor_power: np.ndarray,
    memo: PoseMemo | None = None,
    loaded: tuple[np.ndarray, Activity] | None = None,
    code_step: float = 0.0,
) -> list[np.ndarray]:
    """The rule between the lead's pose and the largest other still pose (the module docstring); ``loaded``: the
    still frames and their movement, for :func:`~tremor.core.loaded_rest.loaded_rest`; ``code_step``: the sensor's
    step, under whose resolution the two tremors are not compared (the lead's pose alone)."""
    if not others or others[0].sum() <= in_lead.sum():
        return [lead_pose]
    group = others[0]
    other_rms = float(np.sqrt(_nanmedian_where(tremor_power, group, memo, "other_power")))
    lead_rms = float(np.sqrt(_nanmedian_where(tremor_power, in_lead, memo, "lead_power")))
    if not (np.isfinite(other_rms) and np.isfinite(lead_rms)):
        return [lead_pose]
    if under_resolution(max(other_rms, lead_rms), code_step):
        return [lead_pose]  # both under the sensor's resolution: their tremor tells nothing, the pose decides
    if other_rms > SAME_TREMOR * lead_rms:
        # a gripped load resting on a supported forearm between working bouts (tremor.core.loaded_rest): a rest too
        if (
            loaded is None
            or not other_rms <= HOLD_TREMOR * lead_rms
            or not loaded_rest(group, in_lead, *loaded, tremor_power)
        ):
            return [lead_pose]
        pose = _unit(_median_rows(o, group, memo, "other_pose"))
        return [lead_pose] if pose is None else [pose, lead_pose]
    pose = _unit(_median_rows(o, group, memo, "other_pose"))
    if pose is None:
        return [lead_pose]
    if lead_rms >= HOLD_TREMOR * other_rms:
        return [pose]
    return [pose, lead_pose]


def turned_rests(
    orientation: np.ndarray,
    quiet: np.ndarray,
    groups: list[np.ndarray],
    poses: list[np.ndarray],
    tremor_power: np.ndarray,
    high_power: np.ndarray,
    pose_deg: float,
    *,
    memo: PoseMemo | None = None,
    code_step: float = 0.0,
) -> list[np.ndarray]:
    """Still poses with the rest's tremor that the arm does not leave the rest for: a watch turned on the wrist.

    A watch that turns about the forearm (a strap slipping in a hold, a watch put back on turned after
    a break) turns gravity in the sensor's frame while the arm rests as before: the new pose is no
    hold. A pose group further than ``pose_deg`` from every rest pose is a rest pose too where

    - its median 6-12 Hz RMS is at most :data:`SAME_TREMOR` times the rest's, and the rest's tremor
      stands clear of the sensor's noise (:data:`NOISE_CLEAR`; at the noise floor a calm hold and a
      rest read alike) and of its resolution (``code_step``, :func:`tremor.core.code_step.under_resolution`: a
      coarse sensor's still wrist sits on a code or flickers to the next, a hold's faint tremor too, and the
      rest's codes may flicker where the hold's stay constant: its level then tells nothing);
    - and at least half its still time is no excursion: a stretch of the pose is an excursion where
      the still stretches just before and after it (moving frames and frames of no group left out) are
      of one same pose (each rest pose its own), whose tremor is at most :data:`SAME_TREMOR` times the
      stretch's. A hold leaves a
      pose and comes back to it, even a calm hold whose tremor is the rest's (this repository's
      simulated ``calm`` holds: 1.0-1.6x the baseline); a turned watch rests on in its new pose after
      the turn, where a hold before it and one after (tremor 3.5-4.5x the rest's in the red team's
      ``strap_slip``) are no rest the arm left. The recording's start or end may be either (a live
      session's last still stretch is a hold under way as often as not): a stretch with only one
      side is an excursion where that side's tremor is so. A stretch between two different rest
      poses is an excursion too where it goes out of the path from one to the other and back
      (:func:`_out_between`): a hold raised from the forearm on the thigh before the arm hangs at
      the side, whereas turns at rest about the forearm, all one way, lie on that path.

    Parameters
    ----------
    orientation : ndarray, shape (n_frames, 3)
        Unit gravity directions (NaN where unknown).
    quiet : ndarray of bool, shape (n_frames,)
        Still frames that may be rest.
    groups : list of ndarray of bool
        Pose groups of the quiet frames away from the lead's pose (:func:`pose_groups`).
    poses : list of ndarray, shape (3,)
        The rest poses found so far.
    tremor_power, high_power : ndarray, shape (n_frames,)
        6-12 Hz and 13-18 Hz power of each frame, (m/s^2)^2 (NaN where unknown).
    pose_deg : float
        A frame within this many degrees of a rest pose is at rest.
    memo : PoseMemo or None
        Kept between calls on a table that only grows (a live session's set check): each row's nearest
        rest pose and the medians over row sets that only gained new rows are kept; the same result.
    code_step : float
        The sensor's coarsest code step in m/s^2 (0: none known).

    Returns
    -------
    list of ndarray, shape (3,)
        Unit gravity directions of the turned rest poses (empty where there is none).
    """
    if not poses or not groups:
        return []
    cos_lim = float(np.cos(np.radians(pose_deg)))
    stacked = np.stack(poses)
    if memo is None:
        o = np.nan_to_num(np.asarray(orientation, float))
    else:
        o = memo.rows(orientation)[1]

    def nearest(a: int, b: int) -> np.ndarray:
        # each row's nearest rest pose where one lies within the radius, else -1
        cos = np.einsum("ij,kj->ik", o[a:b], stacked)
        return np.where(cos.max(axis=1) >= cos_lim, np.argmax(cos, axis=1), -1)

    at_rest = (
        nearest(0, len(o)) if memo is None else memo.row_values("nearest", stacked.tobytes(), len(o), nearest)
    )
    rest = np.asarray(quiet, bool) & (at_rest >= 0)
    phys, top = BANDS["physiological"], BANDS["high_tremor"]
    rest_power = _nanmedian_where(tremor_power, rest, memo, "rest_power")
    rest_high = _nanmedian_where(high_power, rest, memo, "rest_high")
    if np.isnan(rest_power) or np.isnan(rest_high):
        return []
    noise = rest_high * (phys.high_hz - phys.low_hz) / (top.high_hz - top.low_hz)
    if not rest_power >= NOISE_CLEAR * noise or under_resolution(float(np.sqrt(rest_power)), code_step):
        return []
    # the still frames in time order, each labelled by its pose (the nearest rest pose's index, or
    # len(poses) + k for group k), in runs of one label; level: each label's median 6-12 Hz power
    labels = np.where(rest, at_rest, -1)
    masks = [rest & (labels == j) for j in range(len(poses))]
    for group in groups:
        labels[group & ~rest] = len(masks)
        masks.append(group & ~rest)
    level = [_nanmedian_where(tremor_power, m, memo, ("level", i)) for i, m in enumerate(masks)]
    seq = labels[labels >= 0]
    if not seq.size:
        return []
    cut = np.flatnonzero(np.diff(seq)) + 1
    run_label = seq[np.concatenate([[0], cut])].tolist()
    run_len = np.diff(np.concatenate([[0], cut, [seq.size]])).tolist()
    out: list[np.ndarray] = []
    for k, group in enumerate(groups, start=len(poses)):
        pose = _unit(_median_rows(o, group, memo, ("turned_pose", k)))
        if pose is None or max(float(pose @ r) for r in [*poses, *out]) >= cos_lim:
            continue
        if not level[k] <= SAME_TREMOR**2 * rest_power:
            continue
        stays = total = 0
        for j, lab in enumerate(run_label):
            if lab != k:
                continue
            total += run_len[j]
            # the poses either side (the recording's start or end: unknown, it may return there)
            sides = set(run_label[max(j - 1, 0) : j + 2]) - {k}
            if (len(sides) > 1 and not _out_between(pose, sides, poses, cos_lim)) or any(
                not level[x] <= SAME_TREMOR**2 * level[k] for x in sides
            ):
                stays += run_len[j]
        if total and stays >= 0.5 * total:
            out.append(pose)
    return out


def _out_between(pose: np.ndarray, sides: set[int], poses: list[np.ndarray], cos_lim: float) -> bool:
    """Whether a stretch in ``pose`` between two rest poses is an excursion from them, not a turn on the way.

    A watch turning on the wrist in steps turns about the forearm one way, so a pose it rests in between
    two rest poses lies on the way from one to the other: its angles to them add up to theirs to each
    other (within ``cos_lim``'s angle). A hold raised from one rest pose before the arm settles in another
    (a forearm on the thigh, then hanging) goes out of that path and back.
    """
    if len(sides) != 2 or max(sides) >= len(poses):
        return False
    a, b = (poses[x] for x in sides)
    deg = [float(np.degrees(np.arccos(np.clip(u @ v, -1.0, 1.0)))) for u, v in ((a, pose), (pose, b), (a, b))]
    return deg[0] + deg[1] > deg[2] + float(np.degrees(np.arccos(cos_lim)))
