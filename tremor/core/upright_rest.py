"""A sustained rest rhythm along gravity: a rest tremor or a bouncing leg, which one wrist sensor cannot tell apart.

:mod:`tremor.core.leg_rhythm` judges only an abrupt bout (at most a minute, starting and stopping within seconds at
rest, holding its size). A leg that bounces for minutes without a pause (a seated heel bounce, 3.5-5.5 Hz, the knee
rising and falling by 1-3 mm; a hand or a phone resting on the knee) is no bout, and a rest tremor held for minutes
with the hand thumb up (its twist's tangential acceleration, 3 cm off the forearm's axis, points along gravity)
moves the wrist the same way. Nothing this report measures tells them apart:

- *Direction*: the bounce translates the sensor along gravity with 0-30 % sideways or fore-aft (the knee's arc, the
  foot's push), 0.90-1.00 of its power along gravity as measured (:func:`tremor.core.leg_rhythm.vertical_share`, 25
  long bounces of tests/core/test_upright_rest.py's physics); a thumb-up twist adds the gravity vector turning at
  right angles to it, ``g / (w^2 r)`` of its size (0.53, 0.33 and 0.23 at 4, 5 and 6 Hz with r = 3 cm, less further
  off the axis): 0.78-0.95 in theory, 0.85-0.93 measured at 5-6 Hz. The two overlap at 5-6 Hz, and a tremor moving
  the hand as a whole along gravity overlaps them entirely.
- *Frequency and waveform*: 3.5-5.5 Hz against a parkinsonian rest tremor's 4-6 Hz; the bounce's heel lift and drop
  give a 2nd harmonic of 10-40 %, a rest tremor's is 0-30 %.
- *Size*: 0.2-2.5 m/s^2 either way (a knee's 1-3 mm at 3.5-5.5 Hz; a 2-5 deg twist).

So the report does not call such a rhythm a tremor outright, nor drop the advice a rest tremor needs: it says the
rhythm was along gravity, as a bouncing leg or a knee under the hand would give, and asks for a re-test rested with
the forearm supported on a table, then a clinician if it persists. Where the samples hold no gravity (linear
acceleration) the direction is unknown, so a leg is not ruled out either, and the same is said. A rest rhythm across
gravity (a palm-down pronation-supination, share well under :data:`tremor.core.leg_rhythm.VERTICAL_MIN`) keeps the
plain note.
"""

from __future__ import annotations

import numpy as np

from tremor.core.episodes import Episode
from tremor.core.features import Frames
from tremor.core.leg_rhythm import VERTICAL_MIN, vertical_share

__all__ = ["upright_note", "upright_rest"]


def upright_rest(episodes: tuple[Episode, ...], frames: Frames) -> list[tuple[Episode, float | None]]:
    """The rest episodes a bouncing leg could give: along gravity, or of unknown direction (gravity removed).

    Parameters
    ----------
    episodes : tuple of Episode
        The rest episodes that stand for a rest tremor (those :mod:`tremor.core.leg_rhythm` left).
    frames : Frames
        The recording's frames.

    Returns
    -------
    list of (Episode, float or None)
        Each such episode with its share along gravity (:func:`tremor.core.leg_rhythm.vertical_share`; None where
        the samples hold no gravity), in the episodes' order.
    """
    if not episodes:
        return []
    no_gravity = bool(np.isnan(frames.orientation).all())
    out: list[tuple[Episode, float | None]] = []
    for e in episodes:
        if no_gravity:
            out.append((e, None))
            continue
        v = vertical_share(frames, e)
        if v is not None and v >= VERTICAL_MIN:
            out.append((e, v))
    return out


def upright_note(upright: list[tuple[Episode, float | None]]) -> str:
    """The session's note where a rest rhythm may be a bouncing leg (in place of the plain rest-rhythm note).

    Parameters
    ----------
    upright : list of (Episode, float or None)
        What :func:`upright_rest` returned (not empty).

    Returns
    -------
    str
        The note: what was seen, why it may be a leg, the re-test and the clinician.
    """
    where = ", ".join(
        f"{e.start_s:.0f}-{e.end_s:.0f} s at {e.peak_hz:.1f} Hz"
        + (f", {v:.2f} of it along gravity" if v is not None else "")
        for e, v in upright
    )
    if all(v is None for _, v in upright):
        why = (
            "with gravity removed from the data its direction is not known, so a bouncing leg, or a knee under the "
            "hand, is not ruled out, and one wrist sensor cannot tell that from a rest tremor"
        )
    else:
        why = (
            "it moved the wrist along gravity, as a bouncing leg, or a knee under the hand, would, and one wrist "
            "sensor cannot tell that from a rest tremor (a hand held thumb up gives the same)"
        )
    return (
        f"out-of-band rhythm at rest ({where}): {why}. Re-test rested with the forearm supported on a table (not on "
        "the lap or a knee); if it persists, see a clinician. This is not a diagnosis."
    )
