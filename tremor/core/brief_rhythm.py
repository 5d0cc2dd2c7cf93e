"""A brief out-of-band rhythm at rest: a deliberate movement is not told from it, so it is no rest tremor.

Shaking out the forearm after a hang or a boxing round (3-5 Hz for 3-5 s, the hand moving +-1-3 cm, so 5-20
m/s^2 peak at the wrist), a bout of applause (3.5-5 claps a second for 3-6 s) or waving a hand is a rhythm in
the 3-7 Hz band of a parkinsonian rest tremor, narrow enough for an out-of-band episode (which needs
:data:`tremor.core.episodes.EPISODE_MIN_S`), taken with the body at rest (red team R5: the "re-test rested, then
see a clinician" note in 17 of 18 shake-outs and 10 of 18 bouts of applause). By its spectrum one sensor cannot
tell them apart; by its time course it can say what the recording does not show:

- A pathological rest tremor is sustained while the limb rests: it waxes and wanes but goes on for tens of
  seconds to minutes, and movement, not rest, stops it (the red team's own rest tremor lasts 15-40 s a rest; the
  shortest rests of the stress suite's rest tremors are 15 s). A rhythm that rises from nothing and falls back to
  nothing within seconds with the body still at rest on both sides (:func:`tremor.core.leg_rhythm.
  rises_and_falls_at_rest`), and whose whole span is under :data:`BRIEF_MAX_S`, shows none of that.
- Its size does not decide: a severe rest tremor moves the hand centimetres too.

Such a rhythm is set aside (``brief``) with a note saying plainly that the report cannot tell it from a
deliberate movement (shaking out the hand, clapping): no out-of-band episode, no clinician note, and its frames do
not count towards the rest level (a shake-out's harmonics fill 6-12 Hz). A rhythm judged a bouncing leg
(:mod:`tremor.core.leg_rhythm`) is left to that rule.

Limits: a true rest tremor that shows only in bouts under :data:`BRIEF_MAX_S`, each starting and stopping at rest,
gives no advice (the note says it was seen and cannot be told from a movement); a shake-out joined to a movement
(straight after a set, or on the way to the next) is not a bout here and keeps the episode; so does a shake-out
repeated within :data:`tremor.core.episodes.EPISODE_JOIN_S` of the last, which joins into one longer episode.
"""

from __future__ import annotations

from tremor.core.episodes import Episode
from tremor.core.features import Frames
from tremor.core.leg_rhythm import rises_and_falls_at_rest
from tremor.core.sets import SetSpan

__all__ = ["BRIEF_MAX_S", "brief_rhythm_note", "brief_rhythms"]

#: A rest episode spanning less than this (s) that rises and falls at rest is brief. The span reaches half a 2 s
#: window past the rhythm's first and last frames, so a rhythm of about 8 s spans 10 s; a shake-out of 3-5 s
#: spans 5-7.5 s, applause of 3-6 s 5-8 s, the shortest rest tremor of the red team and stress suite (15 s) 15 s or
#: more.
BRIEF_MAX_S = 10.0


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
        The rest episodes spanning under :data:`BRIEF_MAX_S` whose rhythm rises from absent and falls back to
        absent at rest, in the episodes' order.
    """
    return [
        e
        for e in episodes
        if e.set_index is None
        and e.end_s - e.start_s < BRIEF_MAX_S
        and rises_and_falls_at_rest(frames, e, sets)
    ]


def brief_rhythm_note(brief: list[Episode]) -> str:
    """What the report says of the episodes :func:`brief_rhythms` returned.

    Parameters
    ----------
    brief : list of Episode
        The brief rhythms (at least one).

    Returns
    -------
    str
        A note: brief rhythms at rest, not told from a deliberate movement, so not reported as a rest tremor.
    """
    where = ", ".join(
        f"{e.start_s:.0f}-{e.end_s:.0f} s at {e.peak_hz:.1f} Hz, {e.rms_mps2:.2f} m/s^2 RMS" for e in brief
    )
    return (
        f"brief out-of-band rhythm at rest ({where}), starting and stopping within seconds with the body still: "
        "the report cannot tell it from a deliberate movement (shaking out the hand or forearm, clapping, waving), "
        "and a rest tremor is sustained while the limb rests, so it is not reported as a rest tremor and no advice "
        "is drawn from it; a rhythm at rest that lasts longer, or comes back by itself, is reported as such"
    )
