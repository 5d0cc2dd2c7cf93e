"""A set that moves as a run does but for its footfalls' parity: a run with a wide arm swing, or jumping jacks.

:func:`tremor.core.gait.running` tells a run from an arm swung on its own by the step parity
(:func:`tremor.core.step_parity.step_parity`): the 8-13 Hz lines of a run's footfalls stand at the even multiples of
the stride rate the wrist's cadence reads. That parity is the footfalls' likeness in the watch's own axes: a footfall
is a near-vertical impulse, and where the watch turns by an angle ``phi`` between two successive footfalls (the
forearm's swing from one foot's strike to the other's), the impulses add at the even multiples as
``|a + b|^2 = 2 (1 + cos phi)`` and at the odd ones as ``|a - b|^2 = 2 (1 - cos phi)`` (the spectrum is summed over
the three axes), so their parity falls as ``log10(cot^2(phi / 2))``: +0.48 at 60 degrees, 0 at 90, -0.48 at 120. A
run's wide arm swing turns the forearm (upper arm and elbow together) through 70-140 degrees between
footfalls, and its parity falls under the run's threshold: tests/core/arm3d_physics.py, upper arm +-35-45 degrees
at 150-175 and 175-190 steps a minute, 13-22 of 30 bouts a run a rate and cadence (50/100/200 Hz, two fresh draws of
30), against 22-29 of 30 at +-15-30 degrees (benchmarks/run_swing_sweep.py). A full jumping jack turns the straight
arm through 120-170 degrees between its two landings (feet apart with the arm overhead, together with it down) and
reads the same: 10-15 of 30 full jacks at 140-180 landings a minute carry every other sign of a run
(:func:`tremor.core.gait.run_signature`), their step parity -0.80..+0.51 against the wide runs' -0.65..+0.73, so no
threshold on the parity tells them apart, nor any measure free of the turn (a jack lands twice per arm cycle, its
lines at the landing rate a run's).

Such a set stays a set (a jack is one), but it is not said to be one without a word: :func:`turned_run_note`
says that it may be a run (issue 9: what the report prints must be true, or say what it cannot tell).
"""

from __future__ import annotations

import numpy as np

from tremor.core._rolling import median1
from tremor.core.features import Frames
from tremor.core.frame_memo import FrameMemo
from tremor.core.gait import RUN_STEP_HZ, RUN_STRIDE_HZ, footfall_lines, run_signature
from tremor.core.sets import MOVE_MPS2
from tremor.core.time_rows import rows_within

__all__ = ["turned_run", "turned_run_note", "turned_run_notes"]


def turned_run(frames: Frames, start_s: float, end_s: float) -> bool:
    """Whether the set from ``start_s`` to ``end_s`` moves as a run does at a stride rate but for its step parity.

    Parameters
    ----------
    frames : Frames
        Frame features of the recording.
    start_s, end_s : float
        The set's span (s).

    Returns
    -------
    bool
        True where at least half of the set's frames move (:data:`tremor.core.sets.MOVE_MPS2`) at a run's cadence (:data:`tremor.core.gait.RUN_STRIDE_HZ`
        to :data:`tremor.core.gait.RUN_STEP_HZ`), most of those a stride rate, and judged together they carry a
        run's signature (:func:`tremor.core.gait.run_signature`) but not its footfalls' lines
        (:func:`tremor.core.gait.footfall_lines`); False otherwise (also where the rate cannot show 13-18 Hz).
    """
    inside = rows_within(frames.t_s, start_s, end_s)  # the set's frames only, not the whole recording's
    cadence = frames.peak_movement_hz[inside]
    moving = frames.movement_rms[inside] >= MOVE_MPS2
    own = np.flatnonzero(moving & (cadence >= RUN_STRIDE_HZ[0]) & (cadence <= RUN_STEP_HZ[1]))
    sel = inside.start + own
    if sel.size == 0 or 2 * sel.size < inside.stop - inside.start:
        return False
    if 2 * np.count_nonzero(cadence[own] <= RUN_STRIDE_HZ[1]) <= sel.size:
        return False  # read at a step rate: judged by the stride's lines (a rope's), not by the parity
    return run_signature(frames, sel) and not footfall_lines(frames, sel)


def turned_run_note(frames: Frames, start_s: float, end_s: float, where: str) -> str | None:
    """The note for a set that may be a run with a wide arm swing (:func:`turned_run`), or None.

    Parameters
    ----------
    frames : Frames
        Frame features of the recording.
    start_s, end_s : float
        The set's span (s).
    where : str
        How the note names the set (``"set 2 (31.0-95.5 s)"``).

    Returns
    -------
    str or None
        The note where :func:`turned_run` holds, giving the median stride rate its moving frames read (a minute);
        None otherwise.
    """
    if not turned_run(frames, start_s, end_s):
        return None
    rows = rows_within(frames.t_s, start_s, end_s)
    cadence = frames.peak_movement_hz[rows][
        frames.movement_rms[rows] >= MOVE_MPS2
    ]  # the moving frames, as turned_run judges
    stride = median1(cadence[(cadence >= RUN_STRIDE_HZ[0]) & (cadence <= RUN_STRIDE_HZ[1])]) * 60.0
    return (
        f"{where}: it moves as a run does at about {stride:.0f} arm swings a minute (its ring above 13 Hz and its "
        "comb of lines are a run's), but its lines do not stand at a run's step rate: a run with a wide arm swing "
        "(the watch turning through about 90 degrees or more between footfalls), jumping jacks and an arm swung hard "
        "on its own (battle ropes) read so at one wrist and cannot be told apart here; if this was a run, it is no set"
    )


def turned_run_notes(
    frames: Frames, spans: list[tuple[int, float, float]], memo: FrameMemo | None = None
) -> list[str | None]:
    """:func:`turned_run_note` of each set, kept in a live session's ``memo`` between summaries.

    Parameters
    ----------
    frames : Frames
        Frame features of the recording (a live session's table only grows).
    spans : list of (int, float, float)
        Each set's number, start and end (s); the note names it ``"set N (start-end s)"``.
    memo : FrameMemo or None
        A live session's memo of results per frame rows (:mod:`tremor.core.frame_memo`), for a table derived by
        the same rule throughout; None in batch analysis.

    Returns
    -------
    list of (str or None)
        One note or None per span, in order.
    """

    def compute(which: list[int]) -> list[str | None]:
        return [
            turned_run_note(
                frames, spans[j][1], spans[j][2], f"set {spans[j][0]} ({spans[j][1]:.1f}-{spans[j][2]:.1f} s)"
            )
            for j in which
        ]

    return memo.many("turned_run", spans, compute) if memo is not None else compute(list(range(len(spans))))
