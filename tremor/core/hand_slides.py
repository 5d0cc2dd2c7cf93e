"""Pushes of the hand that all go the same way: the hand sliding along a written line, not a tremor (issue 9).

Writing in a log with the forearm on the table, the hand slides 1-3 cm along the line between words: a push and a
stop of opposite sign, a quarter to half a second in all (red team R5, ``benchmarks/redteam/gen_r5.py``: one cycle at
4 Hz, 0.3-1 m/s^2, 0.3-1 cm; ``tests/core/test_written_words.py``: minimum-jerk slides of 1-2 cm over 0.4-0.7 s). The
slide fills the pen's pause in the 3-7 Hz band, so :func:`tremor.core.written_words.pen_break_share` sees no break
(18 of 18 R5 draws kept the rest tremor episode and the clinician advice), and its edges are twitch candidates.

What a tremor and a twitch cannot do is go the same way again and again. A tremor moves the hand to and fro about
where it rests: its swings have both signs, one as often as the other. A fasciculation is one motor unit's twitch,
and the twitching units lie in different muscles, so their pushes point every way. The hand moving along a line
pushes the same way each time, word after word (while the writer stays on one line: a log entry for a set).

:func:`slide_read` takes the 0.1 s sub-block means of the acceleration (:attr:`tremor.core.features.Frames.sub_acc`,
so batch and live read the same) over the episode and, for each pair of neighbouring sub-blocks, the vector
difference, first minus second: a push followed by its stop gives a large difference along the push. A push is a
pair whose difference is a local maximum over two pairs either side, at least :data:`PUSH_MIN_MPS2` and
:data:`PUSH_OVER_MEDIAN` times the median difference over :data:`LOCAL_S` about it (the rhythm's own to-and-fro; a
tremor's surge lifts it with it), and :data:`ISOLATION` times its two neighbours (a push stands alone; a rhythm
aliased by the 10 Hz sub-blocks alternates, so neighbouring differences are about as large). The consistency is the
length of the mean of the pushes' unit vectors: 1 when all point the same way, about 1 / sqrt(n) for random
directions.

Measured (h-slide, own sweep, seeds 20-31 x 50/100/200 Hz, 36 draws a kind, read over the 35-60 s of the movement):
R5 writing with slides 7-22 pushes, consistency 1.0 in every draw; tests/core/test_written_words.py's writing with
quick pushes 4-12, 0.9-1.0; h-rev27's rest tremors (0.04 m/s^2) with reference fasciculations (Gaussian derivative,
sigma 35 ms, 0.15-0.5 m/s^2 every 2-6 s, random directions) 7-14 pushes, 0.09-0.79; rest tremors alone (h-rev27's,
test_written_words' line and modulated sine; 0.05-0.3 m/s^2) 0-6 pushes (6 in one draw of 108, at 0.67). A tremor
along one axis swings both ways, so its pushes take either sign: :data:`MIN_PUSHES` of them all one sign has odds
of 1 in 32, but a tremor seldom gives that many pushes standing alone (1 draw in 108 gave 6).

Limits: a writer who changes lines in the bout slides back the other way (two returns in 16 slides: 0.75, not set
aside), and a stray push of the strokes lowers the consistency too (R5 fresh draws: 0.78-0.90 with 9-20 pushes);
a bout with fewer than :data:`MIN_PUSHES` pushes standing alone (a short one, or long words) is not seen; slow
slides (a minimum-jerk slide over 0.4-0.7 s, most of it under 3 Hz: test_written_words' writing) do not stand out
pair to pair and are not seen; one motor unit twitching 6 times or more in the same direction within a rest
tremor's episode, each push standing alone, would set the tremor aside as writing (the note's advice is
conditional): a fast unit on a stiff hand (contraction 30-50 ms, 6-10 Hz, zeta 0.3-0.5) comes back within a
sub-block or two and is kept, but a slower unit on a relaxed, well-damped hand (contraction 40-90 ms, 2.5-6 Hz,
zeta 0.6-1.1) comes back too slowly and softly to show, and its pushes read as slides (h-rev32: kept 14 of 16 -> 6
of 16); so does a resting hand creeping down the thigh in stick-slips the same way. Not checked on real writing or
fasciculation recordings.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tremor.core.episodes import Episode
from tremor.core.features import Frames

__all__ = [
    "ISOLATION",
    "LOCAL_S",
    "MIN_CONSISTENCY",
    "MIN_PUSHES",
    "PUSH_MIN_MPS2",
    "PUSH_OVER_MEDIAN",
    "SlideRead",
    "slide_read",
    "slides_along_line",
]

#: A push's difference between neighbouring 0.1 s sub-block means is at least this (m/s^2) ...
PUSH_MIN_MPS2 = 0.15
#: ... and this many times the episode's median difference ...
PUSH_OVER_MEDIAN = 3.0
#: The running median's span (s) for :data:`PUSH_OVER_MEDIAN`.
LOCAL_S = 3.0
#: ... and this many times the differences of the pairs either side (see the module).
ISOLATION = 1.5
#: At least this many pushes ...
MIN_PUSHES = 6
#: ... whose unit vectors' mean is at least this long: the hand moved along a line (see the module).
MIN_CONSISTENCY = 0.9
#: Pushes within this many pairs either side of a larger one are its own edges.
_REACH = 2


@dataclass(frozen=True)
class SlideRead:
    """The pushes of the hand read over an episode.

    Attributes
    ----------
    pushes : int
        Pairs of sub-blocks read as a push and its stop (see the module).
    consistency : float
        Length of the mean of their unit vectors (0 where there are none).
    """

    pushes: int
    consistency: float

    @property
    def along_line(self) -> bool:
        """At least :data:`MIN_PUSHES` pushes with a consistency of :data:`MIN_CONSISTENCY` or more."""
        return self.pushes >= MIN_PUSHES and self.consistency >= MIN_CONSISTENCY


def slide_read(frames: Frames, episode: Episode) -> SlideRead | None:
    """The pushes of the hand over the episode and how consistently they point the same way (see the module).

    Parameters
    ----------
    frames : Frames
        The recording's frames (``sub_acc``).
    episode : Episode
        An out-of-band episode.

    Returns
    -------
    SlideRead or None
        None where no frame's window lies inside the episode's span less 1 s at each end, or the sub-block means
        are not measured there.
    """
    m = (frames.t_s >= episode.start_s + 1.0) & (frames.t_s <= episode.end_s - 1.0)
    if m.sum() < 2 or len(frames) < 2:
        return None
    acc = frames.sub_acc[m].astype(np.float64)
    n_sub = acc.shape[1]
    hop = float(np.median(np.diff(frames.t_s)))
    t = (frames.t_s[m][:, None] + np.arange(n_sub) * hop / n_sub).ravel()
    a = acc.reshape(-1, acc.shape[2])
    if not np.all(np.isfinite(a)):
        return None
    d = a[:-1] - a[1:]  # a push then its stop: the difference points along the push
    mag = np.linalg.norm(d, axis=1)
    # pairs across a gap between frames are no neighbours
    mag[np.abs(np.diff(t) - hop / n_sub) > 0.25 * hop / n_sub] = np.nan
    valid = np.isfinite(mag)
    if valid.sum() < 2 * _REACH + 1:
        return None
    # the rhythm's own to-and-fro about each pair: the median over LOCAL_S (a surge of a tremor lifts it with it)
    k = max(1, int(round(0.5 * LOCAL_S * n_sub / hop)))
    local = np.nanmedian(
        np.lib.stride_tricks.sliding_window_view(np.pad(mag, k, constant_values=np.nan), 2 * k + 1), axis=1
    )
    floor = np.maximum(PUSH_MIN_MPS2, PUSH_OVER_MEDIAN * np.where(np.isfinite(local), local, np.inf))
    padded = np.pad(np.where(valid, mag, -np.inf), _REACH, constant_values=-np.inf)
    top = np.max(np.lib.stride_tricks.sliding_window_view(padded, 2 * _REACH + 1), axis=1)
    side = np.maximum(padded[_REACH - 1 : -_REACH - 1], padded[_REACH + 1 : len(padded) - _REACH + 1])
    push = valid & (mag >= floor) & (mag >= top) & (mag >= ISOLATION * np.maximum(side, 0.0))
    if not push.any():
        return SlideRead(0, 0.0)
    unit = d[push] / mag[push][:, None]
    return SlideRead(int(push.sum()), float(np.linalg.norm(unit.mean(axis=0))))


def slides_along_line(frames: Frames, episode: Episode) -> SlideRead | None:
    """:func:`slide_read` where it finds the hand moving along a line (``along_line``), else None.

    Parameters
    ----------
    frames : Frames
        The recording's frames.
    episode : Episode
        An out-of-band episode.

    Returns
    -------
    SlideRead or None
        The read, where at least :data:`MIN_PUSHES` pushes point the same way (:data:`MIN_CONSISTENCY`).
    """
    read = slide_read(frames, episode)
    return read if read is not None and read.along_line else None
