"""A hand-held power tool's run-down: a motor line sliding down under load (issue 9, red team R7).

A cordless drill driving a screw turns its chuck at 5.5-7.5 rev/s when the trigger is pulled and slows to
55-70 % of that as the screw seats and loads the motor, over the 2-6 s of the burst; a bit off-centre in the
screw head pushes the hand round once a turn (0.05-0.25 m/s^2 at the wrist), so the wrist holds a narrow line
whose frequency is the chuck's: it falls steadily, by 30-45 %, within seconds (0.3-0.6 Hz a second). A human
tremor is an oscillator of the body: its frequency wanders by tenths of a hertz from second to second about a
rate that moves, if at all, over tens of seconds (a fatigue tremor drifting down through a 40 s hold:
0.02-0.05 Hz a second), and where its peak does jump by a hertz or more it jumps back (a wide band's maximum
hops about), far off any straight line. A line that falls 20 % or more along a straight line within a few
seconds is a motor being loaded, not a tremor (red team R7: 22 of 24 draws gave the clinician note).

:func:`rundown` reads a set's frames (:attr:`tremor.core.features.Frames.psd`, 2 s windows every 0.5 s). The burst
is the longest run of still frames holding a line (:data:`LINE_SHARE` of their 3-12 Hz power within
:data:`LINE_HALF_WIDTH_HZ` of the peak: the clutch's broadband clicks as the screw seats do not) whose 3-12 Hz
power is at least :data:`HOT_SHARE` of the largest such frame's, extended back over the quieter frames before it
that hold the same line (each peak within :data:`LINE_HALF_WIDTH_HZ` of the next): a tremor growing as a hold
nears failure may slow 25 % in its loud last 4-5 s, but it held its rate, quieter, before them (h-rev35: a 10 Hz
line steady for 8 s, then sliding 25 % in 5 s while growing 6-fold, passed the rule 71 of 200 draws at 0.5 Hz wide
and 63 of 200 at 1 Hz wide fitted on its loud end alone, 1 and 18 of 200 so extended; a drill's line starts with
the trigger and the frames before it hold the resting tremor, a hertz or more away). Its 3-12 Hz peak frequency (refined by a parabola
through log power) is fitted by a robust straight line in time (:func:`rundown_fit`). The set is a run-down when
the run lasts :data:`MIN_RUN_S` or more, the line falls by :data:`MIN_DROP` of its median or more at
:data:`MIN_SLOPE_HZ_S` or faster, the frequencies' scatter about it is at most :data:`MAX_RESIDUAL_HZ`, and the
band was quiet before it: at most :data:`MAX_LOUD_BEFORE` still frames in the :data:`BEFORE_S` before the run hold
:data:`HOT_SHARE` of its loudest frame's power within the run's span of frequencies (its lowest to highest peak,
:data:`LINE_HALF_WIDTH_HZ` either side: a driller's own tremor, a hertz or more above the drill's line, is not the
line's band; h-rev42). A drill's line starts with the trigger: before it the hand was
moving to the screw, or still and quiet, and only the trigger's 0.2-0.5 s ramp reaches a 2 s window centred there.
A wide tremor band's maximum hops about, and over 2.5-4.5 s it can slide 0.35-1.05 Hz/s along a line, 22-37 %,
0.08-0.35 Hz off it, just as a loaded motor's does, but the band was as loud in the seconds before the slide as
during it (h-rundown: a clean-clone CI's draw of ``tests/core/test_harmonic_holds.py``, seed 77496 at 200 Hz, a
7.1 Hz band 1.7 Hz wide with a broad 2nd harmonic, slid 8.7 -> 6.5 Hz over 2.5 s, -1.05 Hz/s, 37 %, 0.34 Hz off
the line, and the hold was set aside for a tool; 5 of the 5 frames before the slide were loud).
A screw of 2.0-2.2 s makes a run of 1.0-2.5 s; where a still pause aligning the bit before each trigger makes each
screw a set, :func:`short_rundowns` judges runs from :data:`MIN_SHORT_RUN_S`, the fall asked at :data:`MIN_DROP`'s
rate (8 % a second), where :data:`MIN_REPEATS` sets of the session fall so (h-drill2: the same fall burst after burst
is a motor's; a rest tremor holds its rate across its bouts).
:func:`rundown_episodes` asks the same of an out-of-band episode's frames (a burst between two moves at a
workbench, too short to be a set, is an episode "at rest").

Measured on the red-team sessions (``benchmarks/redteam``, seeds 1-3 and 11-18 at 50/100/200 Hz): the drill's sets
fall 27-53 % at 0.30-0.69 Hz/s, 0.04-0.28 Hz off the line; the loudest runs of 58 true hold sets (``fatigue_holds``,
``weak_fatigue``, ``drift_session``, ``caffeine``, ``rest_tremor``, seeds 21-22 at 50/100/200 Hz) fall 9 % at most,
at 0.16 Hz/s at most (0.13-0.51 Hz off their lines). On a bare 12 s segment of a 5 Hz tremor 1.5 Hz wide, the
wandering peak passes 2 of 200 draws, 1 of 200 with the loud frames before asked
(``tests/core/test_tool_rundown.py``). The loud frames before the run (h-rundown, fresh seeds): the drill's runs set
aside: none of the 5 loud in 517, one in 23 (seeds 500-515 and 600-615 at 50/100/200 Hz, 96 sessions; every run set aside
before still is: 0 sessions give fatigue or the clinician note, and the 2 with a set ``fasciculations`` (the
clutch's clicks) had it before); the growing fatigue holds that passed the other tests, 3-5 of 5 (11 draws; 2-5 of
5 within the run's span of frequencies, h-rev42). Fatigue
holds set aside for a tool: 5 of 708 -> 0 of 708 (``tests/core/test_rundown_fatigue_holds.py``: broad and narrow
lines, with and without a harmonic, drifting down 0.02-0.05 Hz/s or not, seeds 2000-2024 and 3000-3033) and 5 of 300
-> 0 of 300 on ``test_harmonic_holds``' hold (seeds 10000-10099). The cost: a person with a large tremor of their
own (0.06 m/s^2, 8-11 Hz) driving screws keeps 42 of the 44 runs set aside before (12 sessions, each still with
some); with a 2.5-4 s still pause aligning the bit before each trigger (h-rev42, seeds 4501-4504 x 3 rates), a
tremor of 0.03 / 0.06 / 0.1 m/s^2 keeps 121/123, 73/86, 37/48 runs (109, 64, 25 counting all 3-12 Hz power before,
at most 2 frames, as h-rundown did), the hand shaking after a set (0.08 / 0.15 m/s^2) 125/128, 119/122 (120, 110).

A true tremor set aside here (one that fell so, as no body's oscillator is known to) keeps its advice: the set's
note says that, without a tool or motor in the hand, the hold should be re-tested and a clinician seen if the
rhythm comes back.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from tremor.core.features import PSD_FREQS, Frames
from tremor.core.frame_memo import FrameMemo
from tremor.core.sets import MOVE_MPS2
from tremor.core.time_rows import rows_within

if TYPE_CHECKING:
    from tremor.core.classify import Episode

__all__ = [
    "EPISODE_MARGIN_S",
    "HOT_SHARE",
    "LINE_HALF_WIDTH_HZ",
    "LINE_SHARE",
    "BEFORE_S",
    "MAX_LOUD_BEFORE",
    "MAX_RESIDUAL_HZ",
    "MIN_DROP",
    "MIN_REPEATS",
    "MIN_RUN_S",
    "MIN_SHORT_RUN_S",
    "MIN_SLOPE_HZ_S",
    "SWEEP_BAND_HZ",
    "RundownFit",
    "kept_answers",
    "rundown",
    "rundown_episodes",
    "rundown_fit",
    "rundown_note",
    "short_rundowns",
]

#: The band whose peak is followed (Hz): a drill's screw speeds (3-7.5 rev/s) and the tremor bands.
SWEEP_BAND_HZ = (3.0, 12.0)
#: A frame holds a line where at least :data:`LINE_SHARE` of its 3-12 Hz power lies within this of its peak (Hz:
#: a 2 s Hann window's main lobe, plus a falling line's smear).
LINE_HALF_WIDTH_HZ = 0.75
#: ... (a drill's line: 0.69-0.78; the clutch's clicks as the screw seats, broadband: 0.27-0.33; a fatigue tremor
#: 1-3 Hz wide: 0.4-0.93). Frames without a line, or moving (:data:`tremor.core.sets.MOVE_MPS2`), are no burst's.
LINE_SHARE = 0.5
#: Frames holding a line with at least this share of the largest such frame's 3-12 Hz power belong to the burst.
HOT_SHARE = 0.1
#: The burst must last this long (s, first to last frame centre: six frames 0.5 s apart).
MIN_RUN_S = 2.5
#: A burst as short as this (s, three frames; a 2.0-2.2 s screw's run reads 1.0-2.5 s) is a run-down where :data:`MIN_REPEATS`
#: sets of the session fall so (:func:`short_rundowns`): a drill's bursts fall the same way screw after screw.
MIN_SHORT_RUN_S = 1.0
#: ... this many sets of the session or more (a rest tremor holds its rate from bout to bout).
MIN_REPEATS = 3
#: The fitted line must fall by this share of its median frequency over the burst (a drill: 27-53 %) ...
MIN_DROP = 0.2
#: ... at this rate or faster (Hz/s; a drill 0.30-0.69, a fatigue tremor's drift 0.02-0.05) ...
MIN_SLOPE_HZ_S = 0.2
#: ... with the frames' peaks within this of the line (Hz, 1.4826 x the median absolute deviation; a drill 0.04-0.28).
MAX_RESIDUAL_HZ = 0.35
#: The stretch before the burst (s) whose still frames are asked whether the band was already loud there ...
BEFORE_S = 2.5
#: ... and how many of them may hold :data:`HOT_SHARE` of the burst's power within its span of frequencies: a drill's
#: line starts with the trigger (0-1 of 5 measured, the trigger's ramp in a 2 s window), a tremor's band was loud
#: before its peak slid (2-5 of 5 in the 11 slides of fatigue holds that passed the other tests, h-rev42; 3-5 of 5
#: counting all 3-12 Hz power, as h-rundown did with a limit of 2).
MAX_LOUD_BEFORE = 1


class RundownFit(NamedTuple):
    """The straight line through the 3-12 Hz peak of a set's loudest run (:func:`rundown_fit`)."""

    #: The line's slope (Hz/s; a run-down's is negative).
    slope_hz_s: float
    #: Its fall over the run as a share of the run's median frequency (positive where it falls).
    drop: float
    #: The frames' peaks' scatter about the line (Hz, 1.4826 x their median absolute deviation).
    scatter_hz: float
    #: The run's length (s, first to last frame centre).
    run_s: float
    #: Still frames in the :data:`BEFORE_S` before the run holding :data:`HOT_SHARE` of its loudest frame's power
    #: within the run's span of frequencies (:data:`LINE_HALF_WIDTH_HZ` either side).
    loud_before: int


def _peak_hz(psd: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each frame's 3-12 Hz peak frequency (parabola through log power), its 3-12 Hz power and the share of
    that power within :data:`LINE_HALF_WIDTH_HZ` of the peak."""
    band = (SWEEP_BAND_HZ[0] <= PSD_FREQS) & (SWEEP_BAND_HZ[1] >= PSD_FREQS)
    fb = PSD_FREQS[band]
    p = np.nan_to_num(psd[:, band])
    k = np.clip(p.argmax(axis=1), 1, fb.size - 2)
    rows = np.arange(p.shape[0])
    left, mid, right = (np.log(p[rows, k + d] + 1e-30) for d in (-1, 0, 1))
    curve = left - 2 * mid + right
    safe = np.where(curve < 0, curve, -1.0)
    off = np.where(curve < 0, 0.5 * (left - right) / safe, 0.0)
    f = fb[k] + np.clip(off, -0.5, 0.5) * (fb[1] - fb[0])
    total = p.sum(axis=1)
    near = np.where(np.abs(fb[None, :] - f[:, None]) <= LINE_HALF_WIDTH_HZ, p, 0.0).sum(axis=1)
    return f, total, near / np.where(total > 0, total, 1.0)


def _power_within(psd: np.ndarray, lo_hz: float, hi_hz: float) -> np.ndarray:
    """Each frame's 3-12 Hz power between ``lo_hz`` and ``hi_hz``."""
    sel = (
        (SWEEP_BAND_HZ[0] <= PSD_FREQS)
        & (SWEEP_BAND_HZ[1] >= PSD_FREQS)
        & (lo_hz <= PSD_FREQS)
        & (hi_hz >= PSD_FREQS)
    )
    return np.nan_to_num(psd[:, sel]).sum(axis=1)


def _longest_run(mask: np.ndarray) -> tuple[int, int]:
    """Start and end (exclusive) of the longest run of True in ``mask`` ((0, 0) without one)."""
    edges = np.flatnonzero(np.diff(np.concatenate([[0], mask.astype(np.int8), [0]])))
    if not edges.size:
        return 0, 0
    starts, ends = edges[::2], edges[1::2]
    j = int(np.argmax(ends - starts))
    return int(starts[j]), int(ends[j])


def rundown_fit(
    t_s: np.ndarray, psd: np.ndarray, moving: np.ndarray | None = None, min_run_s: float = MIN_RUN_S
) -> RundownFit | None:
    """The straight line through the 3-12 Hz peak of a set's loudest run (see :func:`rundown`).

    The line is robust (Theil-Sen: the median slope of frame pairs 1 s or more apart, so that overlapping
    windows do not count twice) and its scatter is the median absolute deviation (times 1.4826, an RMS for
    Gaussian scatter): the clutch's clicks as a screw seats (broadband knocks, 0.3-0.8 s) put the burst's last
    one to three frames' peak anywhere, as a knock or a twitch in a hold puts one frame's.

    Parameters
    ----------
    t_s : ndarray, shape (n,)
        Frame centres of the set (s), in order.
    psd : ndarray, shape (n, n_freqs)
        Their spectra on :data:`tremor.core.features.PSD_FREQS`.
    moving : ndarray of bool, shape (n,), optional
        Frames moving (the move into the set's position and out of it): no burst's.
    min_run_s : float
        The shortest run fitted (s).

    Returns
    -------
    RundownFit or None
        The line's slope, fall, scatter, run and the loud still frames before the run; None without a run of
        :data:`MIN_RUN_S` or more.
    """
    if t_s.size < 3:
        return None
    f, power, share = _peak_hz(psd)
    still = np.ones(t_s.size, dtype=bool) if moving is None else ~moving
    lined = (share >= LINE_SHARE) & still
    top = float(power[lined].max()) if lined.any() else 0.0
    if not top > 0:
        return None
    a, b = _longest_run(lined & (power >= HOT_SHARE * top))
    while a > 0 and lined[a - 1] and abs(f[a - 1] - f[a]) <= LINE_HALF_WIDTH_HZ:
        a -= 1  # the same line, quieter, before the loud run: a tremor growing to failure (see the docstring)
    if b - a < 3 or t_s[b - 1] - t_s[a] < min_run_s:
        return None
    tt, ff = t_s[a:b], f[a:b]
    i, j = np.triu_indices(tt.size, 1)
    apart = tt[j] - tt[i] >= 1.0
    slope = float(np.median((ff[j] - ff[i])[apart] / (tt[j] - tt[i])[apart]))
    resid = ff - slope * tt
    centre = float(np.median(resid))
    scatter = float(1.4826 * np.median(np.abs(resid - centre)))
    span = float(tt[-1] - tt[0])
    # the band loud before the run where the run's line lies (a driller's own tremor, a hertz or more above the
    # drill's line, is not the line's band: h-rev42)
    lo, hi = float(ff.min()) - LINE_HALF_WIDTH_HZ, float(ff.max()) + LINE_HALF_WIDTH_HZ
    loud = _power_within(psd, lo, hi) >= HOT_SHARE * top
    before = (t_s >= t_s[a] - BEFORE_S) & (t_s < t_s[a]) & still & loud
    return RundownFit(slope, -slope * span / float(np.median(ff)), scatter, span, int(before.sum()))


def rundown(
    t_s: np.ndarray, psd: np.ndarray, moving: np.ndarray | None = None, min_run_s: float = MIN_RUN_S
) -> RundownFit | None:
    """The fit of a set's loudest 3-12 Hz run where it falls like a loaded motor's line, else None.

    Parameters
    ----------
    t_s : ndarray, shape (n,)
        Frame centres of the set (s), in order.
    psd : ndarray, shape (n, n_freqs)
        Their spectra on :data:`tremor.core.features.PSD_FREQS`.
    moving : ndarray of bool, shape (n,), optional
        Frames moving (the move into the set's position and out of it): no burst's.
    min_run_s : float
        The shortest run judged (s): :data:`MIN_RUN_S`, or :data:`MIN_SHORT_RUN_S` where the session's bursts
        repeat (:func:`short_rundowns`).

    Returns
    -------
    RundownFit or None
        :func:`rundown_fit`'s line where it falls by :data:`MIN_DROP` or more at :data:`MIN_SLOPE_HZ_S` or
        faster within :data:`MAX_RESIDUAL_HZ`, and the band was quiet before it (:data:`MAX_LOUD_BEFORE`); None
        otherwise.
    """
    fit = rundown_fit(t_s, psd, moving, min_run_s)
    if fit is None:
        return None
    # a run shorter than MIN_RUN_S falls at MIN_DROP's rate over it (8 % a second: a 2 s screw falls 20-40 %, its
    # run sees 1.0-2.5 s of that)
    need = MIN_DROP * min(1.0, fit.run_s / MIN_RUN_S)
    fell = fit.slope_hz_s <= -MIN_SLOPE_HZ_S and fit.drop >= need and fit.scatter_hz <= MAX_RESIDUAL_HZ
    return fit if fell and fit.loud_before <= MAX_LOUD_BEFORE else None


def short_rundowns(
    frames: Frames, windows: Sequence[tuple[float, float]], memo: FrameMemo | None = None
) -> list[bool]:
    """Which sets are a power tool's short bursts: each a run-down over a run of :data:`MIN_SHORT_RUN_S` or more,
    where :data:`MIN_REPEATS` sets of the session or more are.

    A drill driving 2.0-2.2 s screws makes runs under :data:`MIN_RUN_S`, and a still pause aligning the bit before
    each trigger makes each screw a set (h-rev42). Over so short a run a wide tremor band's hopping peak can fall
    along a line by chance; that it falls so, having been quiet just before, set after set, is a motor's
    signature: a rest tremor holds its rate across its bouts and a fatigue tremor drifts down over tens of seconds.

    Parameters
    ----------
    frames : Frames
        The recording's frames.
    windows : sequence of (float, float)
        Each set's start and end (s), the move into its position and out of it included.
    memo : FrameMemo or None
        A live session's memo of ``frames`` (a table that only grows): a window's answer is kept under its start and
        end once the table runs to its end, where no later frame can join its rows (:func:`kept_answers`); batch
        passes none.

    Returns
    -------
    list of bool
        True for the sets whose line falls so, where :data:`MIN_REPEATS` or more do; all False otherwise.
    """
    moving: np.ndarray | None = None

    def falls(a: float, b: float) -> bool:
        nonlocal moving
        if moving is None:
            moving = frames.movement_rms >= MOVE_MPS2
        sel = rows_within(frames.t_s, a, b)
        return rundown(frames.t_s[sel], frames.psd[sel], moving[sel], MIN_SHORT_RUN_S) is not None

    fell = kept_answers(memo, "short run-downs", frames, [(a, b, b) for a, b in windows], falls)
    return fell if sum(fell) >= MIN_REPEATS else [False] * len(fell)


def kept_answers(
    memo: FrameMemo | None,
    name: str,
    frames: Frames,
    spans: Sequence[tuple[float, float, float]],
    answer: Callable[[float, float], bool],
) -> list[bool]:
    """``answer(start, end)`` for each span, kept in ``memo`` once the table holds every frame it reads.

    ``answer`` reads only the frames up to a span's third number, ``reach`` (s); a live session's table only grows,
    its rows unchanged and its times increasing, so once its last frame is at ``reach`` or later no later frame can
    join them, and the answer is kept under ``(start, end)`` for the next summary. A table shorter than the one an
    answer was kept from (a summary asked earlier, run in steps) reads the kept answer where it too runs to ``reach``
    (the same rows), and computes its own, keeping the kept one, where it does not. Only the spans asked for last
    are kept.

    Parameters
    ----------
    memo : FrameMemo or None
        Where the answers are kept (None, as in batch: every answer is computed).
    name : str
        Which rule's answers.
    frames : Frames
        The frame table.
    spans : sequence of (float, float, float)
        Each span's start and end (s), its key, and ``reach``: the latest frame time (s) its answer reads.
    answer : callable
        ``answer(start, end)``: the rule's answer for one span on ``frames``.

    Returns
    -------
    list of bool
        One answer per span, in order.
    """
    if memo is None:
        return [answer(a, b) for a, b, _ in spans]
    memo.check(frames)
    kept: dict[tuple[float, float], bool] = memo.kept(name, dict)
    last = float(frames.t_s[-1]) if len(frames) else -np.inf
    asked: dict[tuple[float, float], bool] = {}
    out = []
    for a, b, reach in spans:
        key, whole = (a, b), last >= reach
        got = kept.get(key)
        down = got if got is not None and whole else answer(a, b)
        if whole:
            asked[key] = down
        elif got is not None:  # a shorter table than the one it was kept from (a summary asked earlier)
            asked[key] = got
        out.append(down)
    kept.clear()
    kept.update(asked)
    return out


#: Margin (s) either side of an out-of-band episode over which its line is followed: the episode starts and ends
#: where its rhythm stood out of the 3-7 Hz band's background; the burst's first and last frames lie about it.
EPISODE_MARGIN_S = 1.5


def rundown_episodes(
    episodes: Sequence[Episode], frames: Frames, memo: FrameMemo | None = None
) -> list[Episode]:
    """The out-of-band episodes (at rest or in a set) whose line falls like a loaded motor's (:func:`rundown`).

    A drill's burst between two moves at a workbench is often too short to be a set, and its 3-7 Hz line is then
    an episode "at rest": the same run-down sets it aside (red team R7).

    Parameters
    ----------
    episodes : sequence of Episode
        Out-of-band episodes (:class:`tremor.core.classify.Episode`).
    frames : Frames
        The recording's frames.
    memo : FrameMemo or None
        A live session's memo of ``frames`` (a table that only grows): an episode's answer is kept under its start
        and end once the table runs past its frames (:data:`EPISODE_MARGIN_S` after its end), where no later frame
        can join them; only the episodes asked for last are kept. Batch passes none.

    Returns
    -------
    list of Episode
        Those whose frames, :data:`EPISODE_MARGIN_S` either side, hold a run-down.
    """

    def falls(a: float, b: float) -> bool:
        sel = rows_within(frames.t_s, a - EPISODE_MARGIN_S, b + EPISODE_MARGIN_S)
        return rundown(frames.t_s[sel], frames.psd[sel], frames.movement_rms[sel] >= MOVE_MPS2) is not None

    spans = [(e.start_s, e.end_s, e.end_s + EPISODE_MARGIN_S) for e in episodes]
    return [
        e for e, down in zip(episodes, kept_answers(memo, "run-down episodes", frames, spans, falls)) if down
    ]


def rundown_note(episodes: Sequence[Episode]) -> str:
    """The note on out-of-band episodes set aside as a power tool's run-down, with the conditional advice.

    Parameters
    ----------
    episodes : sequence of Episode
        The episodes set aside (:func:`rundown_episodes`).

    Returns
    -------
    str
        The note.
    """
    spans = ", ".join(f"{e.start_s:.0f}-{e.end_s:.0f} s at {e.peak_hz:.1f} Hz" for e in episodes)
    return (
        f"an out-of-band rhythm ({spans}) whose line fell by {MIN_DROP:.0%} or more in seconds along a straight "
        "line, as a power tool's motor slows under load (a drill seating a screw): a tremor's rate seldom falls "
        "so fast and so steadily, so it is not reported as tremor; if no tool or "
        "motor was in your hand then, re-test rested with the forearm supported on a table, and if the rhythm "
        "comes back, see a clinician"
    )
