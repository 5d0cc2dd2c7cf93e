"""A brief out-of-band rhythm at rest: a deliberate movement is not told from it, so it is no rest tremor.

Shaking out the forearm after a hang or a boxing round (3-5 Hz for 3-5 s, the hand moving +-1-3 cm, so 5-20
m/s^2 peak at the wrist), a bout of applause (3.5-5 claps a second for 3-6 s) or waving a hand is a rhythm in
the 3-7 Hz band of a parkinsonian rest tremor, narrow enough for an out-of-band episode (which needs
:data:`tremor.core.episodes.EPISODE_MIN_S`), taken with the body at rest (red team R5: the "re-test rested, then
see a clinician" note in 17 of 18 shake-outs and 10 of 18 bouts of applause). By its spectrum one sensor cannot
tell them apart; by its time course it can say what the recording does not show:

- A pathological rest tremor is mostly sustained while the limb rests: it waxes and wanes and mostly goes on for
  tens of seconds to minutes (though it can come and go in bouts of seconds), and movement, not rest, stops it
  (the red team's own rest tremor lasts 15-40 s a rest; the shortest rests of the stress suite's rest tremors are
  15 s). A rhythm that rises from nothing and falls back to
  nothing within seconds with the body still at rest on both sides (:func:`tremor.core.leg_rhythm.
  rises_and_falls_at_rest`), and whose whole span is under :data:`BRIEF_MAX_S`, shows none of that.
- Its size does not decide: a severe rest tremor moves the hand centimetres too.

Such a rhythm is set aside (``brief``) with a note saying plainly that the report cannot tell it from a
deliberate movement (shaking out the hand, clapping), ending in conditional advice (:data:`BRIEF_ADVICE`: if the
wearer was not moving so, re-test rested and see a clinician if it comes back, since a rest tremor can come and go
in bouts of seconds): no out-of-band episode, no ``see_a_clinician`` cause, and its frames do
not count towards the rest level (a shake-out's harmonics fill 6-12 Hz). A rhythm judged a bouncing leg
(:mod:`tremor.core.leg_rhythm`) is left to that rule.

Limits: a true rest tremor that shows only in bouts under :data:`BRIEF_MAX_S`, each starting and stopping at rest,
gets no episode and no ``see_a_clinician`` cause, only the note's conditional advice; a shake-out joined to a movement
(straight after a set, or on the way to the next) is not a bout here: :mod:`tremor.core.joined_shake` judges it. Bouts a few seconds
apart that join into one episode (two shake-outs, two bouts of applause) are judged bout by bout, parted where the
rhythm is absent at rest (:func:`bout_spans`); a rest tremor that stops for seconds and comes back in bouts each
under :data:`BRIEF_MAX_S` is then set aside too.
"""

from __future__ import annotations

import numpy as np

from tremor.core.episodes import Episode
from tremor.core.features import FrameConfig, Frames
from tremor.core.leg_rhythm import near_power, quiet_at_rest, rises_and_falls_at_rest
from tremor.core.sets import SetSpan

__all__ = ["BRIEF_ADVICE", "BRIEF_MAX_S", "bout_spans", "brief_rhythm_note", "brief_rhythms"]

#: A rest episode spanning less than this (s) that rises and falls at rest is brief. The span reaches half a 2 s
#: window past the rhythm's first and last frames, so a rhythm of about 8 s spans 10 s; a shake-out of 3-5 s
#: spans 5-7.5 s, applause of 3-6 s 5-8 s, the shortest rest tremor of the red team and stress suite (15 s) 15 s or
#: more.
BRIEF_MAX_S = 10.0

#: The conditional advice that ends the note (a rest tremor can show in bouts of seconds, and the rule cannot
#: tell one from a deliberate movement: the wearer can).
BRIEF_ADVICE = (
    "if you were not shaking out your hand, clapping or waving then, re-test rested with the forearm supported on "
    "a table, and if the rhythm comes back, see a clinician"
)


def bout_spans(frames: Frames, episode: Episode, sets: tuple[SetSpan, ...]) -> list[float]:
    """How long each bout of an episode's rhythm lasts, the bouts parted by stretches where it is absent at rest.

    Parameters
    ----------
    frames : Frames
        The recording's frames.
    episode : Episode
        The episode.
    sets : tuple of SetSpan
        The session's sets (no quiet frame lies in one).

    Returns
    -------
    list of float
        Each bout's span (s): its first to last frame at half the episode's median power or more, plus a window
        (as an episode spans its frames' windows); a bout ends at a frame where the rhythm's power is under
        :data:`tremor.core.leg_rhythm.EDGE_POWER_SHARE` of that median with the wrist at rest, outside every set.
        Empty where the episode holds no frame.
    """
    t = frames.t_s
    idx = np.flatnonzero((t >= episode.start_s) & (t <= episode.end_s))
    if not idx.size:
        return []
    power = near_power(frames, episode)
    p = power[idx]
    level = float(np.median(p))
    quiet = quiet_at_rest(frames, power, level, sets)[idx]
    strong = p >= 0.5 * level
    spans = []
    bout = np.cumsum(quiet)  # frames between two quiet ones share a number
    for k in np.unique(bout[strong]):
        ts = t[idx][strong & (bout == k)]
        spans.append(float(ts[-1] - ts[0]) + FrameConfig().window_s)
    return spans


def brief_rhythms(episodes: list[Episode], frames: Frames, sets: tuple[SetSpan, ...]) -> list[Episode]:
    """The rest episodes that are brief bouts at rest (see the module).

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
        The rest episodes whose rhythm rises from absent and falls back to absent at rest, and that span under
        :data:`BRIEF_MAX_S`, or whose every bout (:func:`bout_spans`) does (two shake-outs or bouts of applause a
        few seconds apart join into one episode), in the episodes' order.
    """
    out = []
    for e in episodes:
        if e.set_index is not None or not rises_and_falls_at_rest(frames, e, sets):
            continue
        if (
            e.end_s - e.start_s < BRIEF_MAX_S
            or max(bout_spans(frames, e, sets), default=np.inf) < BRIEF_MAX_S
        ):
            out.append(e)
    return out


def brief_rhythm_note(brief: list[Episode]) -> str:
    """What the report says of the episodes :func:`brief_rhythms` returned.

    Parameters
    ----------
    brief : list of Episode
        The brief rhythms (at least one).

    Returns
    -------
    str
        A note: brief rhythms at rest, not told from a deliberate movement, so not reported as a rest tremor,
        ending in :data:`BRIEF_ADVICE` (the clinician advice if the wearer was not moving so).
    """
    where = ", ".join(
        f"{e.start_s:.0f}-{e.end_s:.0f} s at {e.peak_hz:.1f} Hz, {e.rms_mps2:.2f} m/s^2 RMS" for e in brief
    )
    return (
        f"brief out-of-band rhythm at rest ({where}), starting and stopping within seconds with the body still: "
        "the report cannot tell it from a deliberate movement (shaking out the hand or forearm, clapping, waving), "
        "so it is not reported as a rest tremor; but a rest tremor can also come and go in bouts of seconds: "
        + BRIEF_ADVICE
    )
