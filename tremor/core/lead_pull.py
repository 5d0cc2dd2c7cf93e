"""A rest rhythm along the forearm in the stops of a walk: a pull on a held lead, not a rest tremor's twist.

Walking a dog with the lead in the watch's hand (issue 9, red team R7 ``dog_lead``): at a sniffing stop the dog
pants at 5-6.5 breaths a second (its respiratory system driven at its resonance), and through the taut lead each
breath tugs the hand by 0.02-0.1 m/s^2: a rhythm at rest as narrow and as steady as a parkinsonian rest tremor,
read as one, with the clinician note, in 17 of 24 draws. Its spectrum and its time course (the stops of a walk,
waxing and waning with the dog's tugs) are a rest tremor's too. Its direction is not:

- A relaxed arm holding a taut lead lines up with it (the lead's pull and the arm's weight set the forearm's
  slope), so the lead pulls the wrist along the forearm: along the watch's x axis (3 o'clock to 9 o'clock across
  a wrist-worn watch's face, along the forearm).
- A rest tremor is a rotation of the forearm: pronation-supination about its long axis and flexion-extension at
  the elbow. At the watch both turn the gravity vector the accelerometer reads and move the watch along a tangent
  at right angles to the forearm (the twist across it, 2-3 cm off its axis; the elbow's in its pitch plane, 22-28
  cm out). Only the elbow's turning of gravity in the pitch plane reaches the x axis, about 4 % of its tangential
  size at 5 Hz (``g / (w^2 r)``). Measured by :func:`forearm_share` over each stop at the true rate, seeds 801-808
  at 50/100/200 Hz: rest tremors written as those rotations (``benchmarks/redteam/gen_rest_walks.py``, twists of
  0.05-2 deg with 0-70 % elbow flexion, arm held forward or hanging, waxing or steady; 216 stops) at most 0.03 of
  the rhythm's power along x, the panting (``dog_lead``, 72 stops) 0.86-0.91.

:func:`forearm_share` reads the rhythm's power along x from the frames' sub-block means, in the bins about its
(folded) frequency, as :func:`tremor.core.leg_rhythm.vertical_share` reads it along gravity; it needs no gravity in
the samples. An out-of-band rhythm at rest (an episode, or a set's out-of-band line) holding :data:`FOREARM_MIN` of
its power along x and starting or ending within :data:`WALK_GAP_S` of a walking bout is reported as most likely a
pull on something held in the hand (a dog's lead), gives no rest tremor episode and no clinician cause, and its
note ends in conditional advice (:data:`LEAD_ADVICE`).

The device frame (h-rev43): the x axis is the forearm's only on a watch worn on the wrist (Apple Watch and Wear
OS: x toward 3 o'clock, the crown, along the forearm to the hand or the elbow; y toward 12 o'clock, around the
wrist). On a phone x runs across its screen: held flat in the hand, its long side along the forearm, a rest
tremor's pronation-supination turns gravity into x and moves the phone along x (2-4 cm off the forearm's axis),
so the rule turns over: measured (rev43, ``rest_walks --extras "twist phone"``, elbow flexion at most 3 % of
the twist, 50/100/200 Hz) the note 9/24 -> 1/24 (seeds 9401-9408), 9/18 -> 1/18 (9201-9206). The rule is
therefore off for recordings known to come from a phone's own sensor (:func:`phone_frame`: phyphox files and its
live stream, Sensor Logger's phone files). What the other readers know
of their device's frame is nothing (a generic CSV, MetaWear, a Polar sensor on the upper arm or the chest, a DIY
band): there the rule is kept and its notes say that the reading holds for a watch worn on the wrist; a device
strapped in a random orientation puts a rotation's direction within 33 deg of x (a share of 0.7) about one time
in six (``1 - cos 33 deg``).

Limits: a rest tremor that translates the forearm along itself (a proximal, shoulder-girdle tremor with the
forearm raised) in the stops of a walk loses its clinician cause; the red team's panting is a pure pull along the
lead, and a lead held slack (no pull) or at right angles to the forearm keeps the note; Sensor Logger's live
stream does not say at its start whether it carries the phone's or the watch's sensor, so the rule stays on for
it, as for its saved log (the same answer live and in batch).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from tremor.core.classify import SetMetrics
from tremor.core.episodes import Episode
from tremor.core.features import Frames
from tremor.core.leg_rhythm import DIRECTION_HALF_HZ
from tremor.core.recording import SourceInfo
from tremor.core.set_labels import oob_dominant
from tremor.core.sub_samples import gap_free_sub_samples
from tremor.core.tap_sets import without_tremor

__all__ = [
    "FOREARM_MIN",
    "LEAD_ADVICE",
    "OTHER_FRAME",
    "PHONE_FILE_KINDS",
    "WALK_GAP_S",
    "WATCH_FRAME",
    "forearm_share",
    "lead_note",
    "lead_pulls",
    "lead_rhythm",
    "lead_set",
    "lead_set_note",
    "phone_frame",
]

#: Share of the rhythm's power along the forearm (the device's x axis) at or above which it is a pull along it
#: (the panting dog 0.86-0.91, a rest tremor's rotations at most 0.03; a random direction reaches 0.7 in 16 % of
#: draws, hence the walk beside it too).
FOREARM_MIN = 0.7
#: A rhythm starting within this many seconds of a walking bout's end, or ending within it of one's start, lies in
#: a stop of a walk.
WALK_GAP_S = 10.0
#: The conditional advice that ends the note: the wearer knows whether a lead (or anything pulling) was in the hand.
LEAD_ADVICE = (
    "if no taut lead (nor anything else) pulled on your hand then, re-test rested with the forearm supported on a "
    "table, and if the rhythm comes back, see a clinician"
)
#: What the notes say of the device frame the reading rests on (the recording does not say how the device was worn).
WATCH_FRAME = "the device's x axis (on a watch worn on the wrist its 3 to 9 o'clock line, along the forearm)"
#: What the notes say where the device may not be such a watch.
OTHER_FRAME = (
    "on a device worn otherwise, strapped another way or on the upper arm, this reading does not hold"
)
#: Sensor Logger's files from the phone's own accelerometer (``SourceInfo.details["file_kind"]``).
PHONE_FILE_KINDS = frozenset({"user", "total", "uncalibrated"})


def phone_frame(source: SourceInfo) -> bool:
    """Whether the recording comes from a phone's own sensor, whose x axis runs across its screen, not a forearm.

    Parameters
    ----------
    source : SourceInfo
        The recording's source: its reader (``format``) and ``details``.

    Returns
    -------
    bool
        True for phyphox files, a phyphox live stream (``profile`` ``phyphox_remote``, live or its saved log) and
        Sensor Logger's phone files (:data:`PHONE_FILE_KINDS`); False where the device may be a watch (its frame
        is then not known).

    Examples
    --------
    >>> phone_frame(SourceInfo(path="a.csv", format="phyphox", units="m/s^2"))
    True
    >>> phone_frame(SourceInfo(path="a.csv", format="sensor_logger", units="g", details={"file_kind": "wrist_motion"}))
    False
    """
    if source.format == "phyphox" or source.details.get("profile") == "phyphox_remote":
        return True
    return source.format == "sensor_logger" and source.details.get("file_kind") in PHONE_FILE_KINDS


def forearm_share(frames: Frames, episode: Episode) -> float | None:
    """Share of a rhythm's power (near its frequency) along the device's x axis, the forearm's on a wrist.

    Parameters
    ----------
    frames : Frames
        The recording's frames (``sub_acc``).
    episode : Episode
        The rhythm: its span and ``peak_hz``; its longest gap-free run of frames is read.

    Returns
    -------
    float or None
        0-1 (1: along the forearm); None where fewer than 4 s of frames are gap-free.
    """
    cut = gap_free_sub_samples(frames, episode.start_s, episode.end_s, 4.0)
    if cut is None:
        return None
    _, x, dt = cut
    spec = np.fft.rfft(x * np.hanning(x.shape[0])[:, None], axis=0)
    freqs = np.fft.rfftfreq(x.shape[0], dt)
    rate = 1.0 / dt
    folded = abs(episode.peak_hz - rate * round(episode.peak_hz / rate))  # the sub-block means alias it
    power = (np.abs(spec[np.abs(freqs - folded) <= DIRECTION_HALF_HZ]) ** 2).sum(axis=0)
    total = float(power.sum())
    return float(power[0] / total) if total > 0 else None


def _beside_walk(start_s: float, end_s: float, walking: list[tuple[float, float]]) -> bool:
    """Whether a span starts within :data:`WALK_GAP_S` after a walking bout ends or ends as close before one starts."""
    return any(
        -WALK_GAP_S <= start_s - b <= WALK_GAP_S or -WALK_GAP_S <= a - end_s <= WALK_GAP_S for a, b in walking
    )


def lead_rhythm(frames: Frames, episode: Episode, walking: list[tuple[float, float]]) -> float | None:
    """The forearm share of a rhythm that a held lead could give: along the forearm, in a stop of a walk.

    Parameters
    ----------
    frames : Frames
        The recording's frames.
    episode : Episode
        The rhythm (an episode, or a set's span with its out-of-band peak).
    walking : list of (float, float)
        The session's walking bouts, in s.

    Returns
    -------
    float or None
        Its :func:`forearm_share` where that reaches :data:`FOREARM_MIN` and the rhythm lies beside a walking bout;
        None otherwise.
    """
    if not _beside_walk(episode.start_s, episode.end_s, walking):
        return None
    share = forearm_share(frames, episode)
    return share if share is not None and share >= FOREARM_MIN else None


def lead_pulls(
    episodes: list[Episode], frames: Frames, walking: list[tuple[float, float]]
) -> list[tuple[Episode, float]]:
    """The out-of-band episodes a pull on a held lead could give (see the module).

    Parameters
    ----------
    episodes : list of Episode
        Out-of-band episodes, in sets or not.
    frames : Frames
        The recording's frames.
    walking : list of (float, float)
        The session's walking bouts, in s.

    Returns
    -------
    list of (Episode, float)
        Each such episode with its share along the forearm, in the episodes' order.
    """
    out = []
    for e in episodes:
        share = lead_rhythm(frames, e, walking)
        if share is not None:
            out.append((e, share))
    return out


def lead_set(
    frames: Frames, span: tuple[float, float, int], m: SetMetrics, walking: list[tuple[float, float]]
) -> tuple[SetMetrics, float] | None:
    """A set whose dominant out-of-band line a held lead could give: its metrics withheld, and the line's share.

    Parameters
    ----------
    frames : Frames
        The recording's frames.
    span : (float, float, int)
        The set's start and end (s) and index.
    m : SetMetrics
        The set's metrics as measured.
    walking : list of (float, float)
        The session's walking bouts, in s.

    Returns
    -------
    (SetMetrics, float) or None
        Where its out-of-band peak dominates it (:func:`tremor.core.set_labels.oob_dominant`) and
        :func:`lead_rhythm` takes that line: the metrics with the tremor figures withheld (reason ``"lead"``) and
        the line's share along the forearm; else None.
    """
    if m.oob_peak_hz is None or not oob_dominant(m):
        return None
    line = Episode(span[0], span[1], m.oob_peak_hz, m.oob_band or "", m.oob_rms_mps2 or 0.0, span[2])
    share = lead_rhythm(frames, line, walking)
    if share is None:
        return None
    return replace(without_tremor(m), not_assessable_reason="lead"), share


def lead_set_note(where: str, hz: float, share: float) -> str:
    """What the report says of a set :func:`lead_set` took.

    Parameters
    ----------
    where : str
        The set's name and span, as the notes give it.
    hz : float
        Its out-of-band peak (Hz).
    share : float
        The line's share along the forearm.

    Returns
    -------
    str
        A note ending in :data:`LEAD_ADVICE`.
    """
    return (
        f"{where}: its out-of-band line at {hz:.1f} Hz moved the wrist along {WATCH_FRAME}, {share:.0%} of its "
        "power, in a stop of a walk: a rest tremor turns the forearm and moves the wrist mostly across it, while a "
        "taut lead held with the forearm pointing toward the dog (panting or tugging on it) pulls the wrist mostly "
        f"along the forearm, so on such a watch it is most likely such a pull ({OTHER_FRAME}): its tremor is not "
        f"assessable (no tremor RMS, fatigue ratio or tremor label); {LEAD_ADVICE}"
    )


def lead_note(found: list[tuple[Episode, float]]) -> str:
    """What the report says of the episodes :func:`lead_pulls` returned.

    Parameters
    ----------
    found : list of (Episode, float)
        As returned.

    Returns
    -------
    str
        A note: most likely a pull on something held, no rest tremor reported, ending in :data:`LEAD_ADVICE`.
    """
    where = ", ".join(
        f"{e.start_s:.0f}-{e.end_s:.0f} s at {e.peak_hz:.1f} Hz, {share:.0%} of its power along x"
        for e, share in found
    )
    return (
        f"out-of-band rhythm in a stop of a walk ({where}) moving the wrist along {WATCH_FRAME}: a rest tremor "
        "turns the forearm (a twist, a bend at the elbow) and moves the wrist mostly across it, while a taut lead "
        "held with the forearm pointing toward the dog (panting or tugging on it) pulls the wrist mostly along the "
        "forearm, so on such a watch it is most likely such a pull and is not reported as a rest tremor "
        f"({OTHER_FRAME}); {LEAD_ADVICE}"
    )
