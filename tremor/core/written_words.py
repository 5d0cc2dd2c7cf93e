"""An out-of-band rhythm at rest broken every second by pauses is the hand's writing, not a rest tremor (issue 9).

Handwriting with the forearm on the table moves the wrist at the pen's stroke rate, 4-6 Hz, in the out-of-band
3-7 Hz band (red team R5, ``benchmarks/redteam/gen_r5.py``: 18 of 18 draws reported as a rest tremor with the
re-test / clinician note). Its spectrum, over a 2 s window, is a line a rest tremor's could be (a previous rule on
the line's width had a margin of 0.03 Hz). Its time course is not: the strokes come in words of 0.5-2 s and the
pen lifts between them, 0.2-0.5 s a pause, where the rhythm stops dead (to the sensor's floor). A rest tremor is
not stopped by a pause (only by action): it waxes and wanes over seconds, it can come and go in bouts of seconds,
but it does not break off for a fraction of a second every second or two.

:func:`pen_break_share` reads the 3-7 Hz envelope in 0.1 s sub-blocks (:attr:`tremor.core.features.Frames.low_env`,
the analytic signal over each 2 s window, so a sub-block's level reaches about a quarter cycle either side) and
takes the share of the episode's sub-blocks under :data:`BREAK_LEVEL` of the envelope's running median over
:data:`LOCAL_S` (waxing and waning over seconds is not counted; a bout's start and end take a few sub-blocks).
Measured over the span of the rhythm (own physics, 50/100/200 Hz, 8 draws a rate; benchmarks/redteam/FINDINGS.md,
h-write2): rest tremors as Lorentzian lines 0.3-0.5 Hz wide at 0.03-0.3 m/s^2 0.001-0.038, the same waxing from
nothing and waning over 20-60 s (the worst) up to 0.053, intermittent bouts of 15-25 s 0-0.023, a sine oscillator
with its period wandering 5 % and its size +-60 % over a second 0-0.003; handwriting (red team's strokes, no slide)
0.14-0.23, at a quarter of the size 0.05-0.20 (the pauses fill with the sensor's floor). :data:`BREAK_MIN_SHARE`
sits at about twice the worst tremor and two thirds of the least writing at full size.

A second sign (:mod:`tremor.core.hand_slides`, h-slide): where the hand slides along the line between words, the slide
fills the pause and no break is seen, but its pushes all point the same way, word after word, which a tremor's
swings (both ways) and twitches (every way) do not. An episode showing either sign is set aside.

Such an episode is set aside (``broken``): no rest tremor episode, no ``see_a_clinician`` cause; the note says what
was seen (the rhythm stopping for a fraction of a second every second or two, as writing, drawing or tapping does
between words or strokes) and ends in the conditional advice (a true rest tremor set aside keeps its way to a
clinician). The twitch candidates inside it are not counted: the hand's strokes and its slides between words
cannot be told from a twitch there.

Limits: writing in longer words (0.8-2.8 s, tests/core/test_written_words.py's physics) pauses less often and reads
0.05-0.14: set aside in 16 of 48 draws, the rest keep the episode and the clinician cause. Where the hand slides along
the line in the pause, the slide fills the pause in the 3-7 Hz band and the break is not seen: only the slides'
direction tells (:mod:`tremor.core.hand_slides`, whose limits apply: slow slides, line changes); writing too weak to rise
four times over the sensor's floor shows no break; a rest tremor broken every second by pauses would be set aside
(none is known). Not checked on real tremor or handwriting recordings.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from tremor.core.episodes import Episode
from tremor.core.features import Frames
from tremor.core.hand_slides import slides_along_line
from tremor.core.rep_locked_ring import LOW_EDGES_HZ

__all__ = [
    "BREAK_LEVEL",
    "BREAK_MIN_SHARE",
    "LOCAL_S",
    "pen_break_share",
    "written_episodes",
    "written_note",
    "written_spans",
]

#: A 0.1 s sub-block whose 3-7 Hz amplitude is under this share of the running median is a break.
BREAK_LEVEL = 0.25
#: The running median's span (s): waxing and waning slower than this is the reference, not a break.
LOCAL_S = 3.0
#: An episode with at least this share of its sub-blocks in breaks is set aside (see the module).
BREAK_MIN_SHARE = 0.10
#: Fewer sub-blocks than this (13 s at the default hop, an episode of 15 s): not judged (6-10 s pieces of a rest tremor
#: waxing from nothing read 0.10 or more in 3 of 130 draws; writing in a log goes on for tens of seconds).
_MIN_BLOCKS = 130


def pen_break_share(frames: Frames, episode: Episode) -> float | None:
    """Share of the episode's 0.1 s sub-blocks where its 3-7 Hz rhythm breaks off (see the module).

    Parameters
    ----------
    frames : Frames
        The recording's frames (``low_env``).
    episode : Episode
        An out-of-band episode.

    Returns
    -------
    float or None
        The share of sub-blocks whose envelope amplitude is under :data:`BREAK_LEVEL` of its running median over
        :data:`LOCAL_S`, over the frames whose window lies inside the episode; None where there are fewer than
        :data:`_MIN_BLOCKS` or the rate cannot show the band.
    """
    power = frames.low_power_within(episode.start_s + 1.0, episode.end_s - 1.0, _MIN_BLOCKS)
    if power is None:
        return None
    amp = np.sqrt(np.maximum(power, 0.0))
    per_s = frames.low_env.shape[1] / (float(np.median(np.diff(frames.t_s))) if len(frames) > 1 else 0.5)
    k = max(1, int(round(0.5 * LOCAL_S * per_s)))
    local = np.median(sliding_window_view(np.pad(amp, k, mode="edge"), 2 * k + 1), axis=1)
    return float(np.mean(amp < BREAK_LEVEL * local))


def written_episodes(episodes: list[Episode], frames: Frames) -> list[tuple[Episode, float, int]]:
    """The rest episodes in the 3-7 Hz band whose rhythm breaks off, or is pushed along a line, as writing is.

    Parameters
    ----------
    episodes : list of Episode
        Out-of-band episodes; only those outside sets (``set_index`` None) under 7 Hz are judged.
    frames : Frames
        The recording's frames.

    Returns
    -------
    list of (Episode, float, int)
        Each such episode with its :func:`pen_break_share` (0 where not measured) and its pushes of the hand along a
        line (:func:`tremor.core.hand_slides.slides_along_line`; 0 where they do not point the same way): at least
        :data:`BREAK_MIN_SHARE` of breaks, or the hand sliding along a line.
    """
    out = []
    for e in episodes:
        if e.set_index is not None or e.peak_hz >= LOW_EDGES_HZ[2]:
            continue
        share = pen_break_share(frames, e)
        if share is None:  # too short to judge (or the rate cannot show the band): neither sign is read
            continue
        slid = slides_along_line(frames, e)
        if share >= BREAK_MIN_SHARE or slid is not None:
            out.append((e, share, 0 if slid is None else slid.pushes))
    return out


def written_spans(written: list[tuple[Episode, float, int]]) -> list[tuple[float, float]]:
    """The time spans (s) of :func:`written_episodes`, where no twitch is told from the hand's movement.

    Parameters
    ----------
    written : list of (Episode, float, int)
        :func:`written_episodes`.

    Returns
    -------
    list of (float, float)
        Start and end of each, in time order.
    """
    return sorted((e.start_s, e.end_s) for e, _, _ in written)


def written_note(written: list[tuple[Episode, float, int]], dropped_twitches: int) -> str:
    """The report's note on :func:`written_episodes`.

    Parameters
    ----------
    written : list of (Episode, float, int)
        :func:`written_episodes` (not empty).
    dropped_twitches : int
        Twitch candidates within them, not counted.

    Returns
    -------
    str
        What was seen, what it may be, and the advice should the hand have been resting still.
    """

    def what(share: float, pushes: int) -> str:
        said = []
        if share >= BREAK_MIN_SHARE:
            said.append(f"stopping in {share:.0%} of it for a fraction of a second")
        if pushes:
            said.append(f"the hand pushed {pushes} times the same way")
        return " and ".join(said)

    spans = "; ".join(
        f"{e.start_s:.0f}-{e.end_s:.0f} s at {e.peak_hz:.1f} Hz, {e.rms_mps2:.2f} m/s^2 RMS, {what(share, pushes)}"
        for e, share, pushes in written
    )
    why = []
    if any(share >= BREAK_MIN_SHARE for _, share, _ in written):
        why.append(
            "writing, drawing or tapping stops between words or strokes, but a rest tremor is not stopped by a pause"
        )
    if any(pushes for _, _, pushes in written):
        why.append(
            "a hand sliding along a written line pushes the same way word after word, but a rest tremor moves the "
            "hand to and fro and twitches of different muscles push different ways"
        )
    text = (
        f"out-of-band rhythm at rest interrupted by the hand's own movement ({spans}): "
        + "; ".join(why)
        + ", so it "
        "is not reported as a rest tremor"
    )
    if dropped_twitches:
        text += (
            f"; {dropped_twitches} twitch candidate(s) in it are not counted: a twitch cannot be told from the "
            "hand's strokes and slides there"
        )
    return text + (
        ". But if your hand was resting still then (no writing, drawing or tapping), re-test rested with the "
        "forearm supported on a table, and if the rhythm comes back, show this recording to a clinician"
    )
