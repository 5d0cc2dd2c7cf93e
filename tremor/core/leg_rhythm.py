"""An out-of-band rhythm at rest that moves the whole sensor up and down: a bouncing leg, not a rest tremor.

A seated heel bounce (a habitual leg jiggle: the heel lifts and drops at 3.5-5.5 Hz, the knee rising and
falling by 1-3 mm, so ``(2 pi f)^2 d`` is 0.5-3.6 m/s^2 peak at the thigh) sits in the 3-7 Hz band of a
parkinsonian rest tremor, as narrow and as steady (red team R4-5: a phone in a trouser pocket, or a watch on a
hand resting on the bouncing knee with 0.3-0.6 of the movement reaching it, read as "out-of-band rhythmic
tremor at rest" with a clinician note, and its harmonics in 6-12 Hz raised the rest level into "sleep, stress
or stimulants"). By its spectrum one sensor cannot tell them apart; by its geometry and its time course it
sometimes can:

- *Direction* (:func:`vertical_share`): the knee rises and falls along gravity (the thigh pivots about the hip,
  the knee moves on an arc that is vertical for a level thigh), so the sensor on the thigh, or on a hand lying
  on the knee, translates along gravity and its oscillation lies along the gravity vector it measures. A rest
  tremor at the wrist is mostly a rotation (pronation-supination, flexion-extension): gravity's projection
  turns, which changes the measured vector at right angles to it, and the rotation's tangential acceleration
  is along gravity only for some hand poses (thumb up). The share is read from the frames' sub-block means
  (:attr:`tremor.core.features.Frames.sub_acc`, 10 Hz at the default hop; aliasing folds the rhythm's
  frequency but keeps its direction), in the bins around the folded frequency.
- *Size* tells nothing by itself: with the hand held thumb up a rest tremor's twist, at the wrist 3 cm off the
  forearm's axis, points along gravity, and :data:`LEG_MPS2` at 5 Hz is a twist of only 1.6 deg RMS (2.2 deg
  peak; 1-2.5 m/s^2 is 2-5 deg RMS), which a parkinsonian rest tremor often exceeds. Within a bout the size
  only decides between "most likely the leg" and "cannot tell".
- *Bouts* (:func:`abrupt_bout`): a jiggle starts and stops within a cycle or two while the body stays at rest,
  lasts seconds to a minute, and holds its size while it lasts (:data:`STEADY_MAX`); a rest tremor waxes and
  wanes and persists for minutes, its size wandering by itself, and where it stops abruptly it is a movement that
  stops it.

An episode along gravity (:data:`VERTICAL_MIN`) in an abrupt bout at rest of :data:`LEG_MPS2` or more is
reported as most likely a movement of the leg, and is no out-of-band episode; along gravity in an abrupt bout
at rest but smaller, the report says it cannot tell a rest tremor from a rhythmic movement of the leg or hand,
and the episode stays listed (it is an out-of-band rhythm, whatever moves it). Neither gives the clinician
cause; each note ends in conditional advice (:data:`LEG_ADVICE`: if the leg was not moving, re-test rested and
see a clinician if the rhythm comes back), and neither counts towards the rest level (its harmonics fill 6-12
Hz). Where the data hold no gravity (linear acceleration) the direction is unknown: an episode of
:data:`LEG_MPS2` or more in an abrupt bout at rest is then not told apart.
Every other episode keeps its note: a rest tremor along gravity that lasts for minutes (a hand held thumb up),
however large, or in a bout across the body. Limits: a leg bouncing for minutes without a pause (a phone in the
pocket, or a hand resting on the knee), of any size, still keeps the clinician advice (nothing one sensor shows
tells it apart), but :mod:`tremor.core.upright_rest` says the rhythm was along gravity as a leg would give and asks
for a re-test with the forearm on a table; a bounce whose bouts end in a movement (standing up) is not a bout here; a rest tremor
along gravity of :data:`LEG_MPS2` or more that starts and stops within :data:`EDGE_S` at rest, lasts at most
:data:`BOUT_MAX_S` and holds its size would be called a leg.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tremor.core.episodes import Episode
from tremor.core.features import PSD_FREQS, FrameConfig, Frames
from tremor.core.sets import MOVE_MPS2, SetSpan
from tremor.core.sub_samples import gap_free_sub_samples

__all__ = [
    "BOUT_MAX_S",
    "EDGE_S",
    "EDGE_POWER_SHARE",
    "LEG_ADVICE",
    "LEG_MPS2",
    "STEADY_MAX",
    "VERTICAL_MIN",
    "LegRhythm",
    "abrupt_bout",
    "leg_rhythm_note",
    "leg_rhythms",
    "near_power",
    "quiet_at_rest",
    "rises_and_falls_at_rest",
    "vertical_share",
]

#: Share of the rhythm's power along gravity at or above which the sensor translates up and down.
VERTICAL_MIN = 0.85
#: The conditional advice that ends each note (the rule judges a movement of the leg by geometry and time course,
#: which a rest tremor can share: the wearer knows whether the leg was moving).
LEG_ADVICE = (
    "if your leg was not bouncing and your hand was not resting on a moving knee then, re-test rested with the "
    "forearm supported on a table, and if the rhythm comes back, see a clinician"
)
#: A vertical rhythm in an abrupt bout at rest of at least this RMS (m/s^2) is most likely a movement of the leg
#: (under it, not told from one). Not by its size alone: a thumb-up rest tremor's twist of 1.6 deg RMS at 5 Hz is
#: this large.
LEG_MPS2 = 0.8
#: A bout lasts at most this long (s) ...
BOUT_MAX_S = 60.0
#: ... and rises from under :data:`EDGE_POWER_SHARE` of its median power to half of it (and falls back) within
#: this long (s, between frame centres; a 2 s window smears a step over about 1.5 s), with the frames below
#: at rest.
EDGE_S = 3.0
#: Power share (amplitude a fifth) under which the rhythm is absent at a bout's edge.
EDGE_POWER_SHARE = 1.0 / 25.0
#: A bout holds its size: the spread of its frames' amplitude near its frequency (10th to 90th percentile over the
#: median, frames whose windows lie inside it) stays under this. A jiggle is a movement held at one size while it
#: lasts; a tremor's amplitude wanders by itself (a narrow-band process seen through 2 s windows: 0.25-0.9 for the
#: stress suite's rest tremor with its +-25 % wander, 0.6-4.6 for a rest tremor waxing from nothing and waning
#: over 20-60 s, whose pieces otherwise rise and fall as abruptly as a bout; the bounces of
#: tests/core/test_leg_rhythm.py, their size wandering 10 %: under 0.3).
STEADY_MAX = 0.5
#: Half-width (Hz) of the bins around the rhythm's (folded) frequency its direction is read from.
DIRECTION_HALF_HZ = 0.75


@dataclass(frozen=True)
class LegRhythm:
    """A rest episode judged a movement of the leg (``likely``) or not told from one."""

    episode: Episode
    #: share of the rhythm along gravity; None where the samples hold no gravity (linear acceleration)
    vertical: float | None
    likely: bool
    bout: bool


def vertical_share(frames: Frames, episode: Episode) -> float | None:
    """Share of an episode's rhythm (its power near its frequency) along the gravity vector the sensor measures.

    Parameters
    ----------
    frames : Frames
        The recording's frames (``sub_acc`` and ``orientation``).
    episode : Episode
        The episode; its longest gap-free run of frames is read.

    Returns
    -------
    float or None
        0-1 (1: along gravity); None where gravity is not in the samples or fewer than 4 s of frames are
        gap-free.
    """
    cut = gap_free_sub_samples(frames, episode.start_s, episode.end_s, 4.0)
    if cut is None:
        return None
    sel, x, dt = cut
    known = frames.orientation[sel].astype(np.float64)
    known = known[np.isfinite(known).all(axis=1)]
    if not known.shape[0]:
        return None  # no gravity in the samples
    up = known.mean(axis=0)
    norm = float(np.linalg.norm(up))
    if not norm > 0:
        return None
    up /= norm
    spec = np.fft.rfft(x * np.hanning(x.shape[0])[:, None], axis=0)
    freqs = np.fft.rfftfreq(x.shape[0], dt)
    rate = 1.0 / dt
    folded = abs(episode.peak_hz - rate * round(episode.peak_hz / rate))  # the sub-block means alias it
    near = spec[np.abs(freqs - folded) <= DIRECTION_HALF_HZ]
    cross = np.real(near.T @ near.conj())
    total = float(np.trace(cross))
    return float(up @ cross @ up / total) if total > 0 else None


def near_power(frames: Frames, episode: Episode) -> np.ndarray:
    """Each frame's power within 1 Hz of an episode's frequency.

    Parameters
    ----------
    frames : Frames
        The recording's frames.
    episode : Episode
        The episode.

    Returns
    -------
    ndarray
        One power ((m/s^2)^2) a frame, NaN bins left out.
    """
    near = np.abs(PSD_FREQS - episode.peak_hz) <= 1.0
    return np.nansum(frames.psd[:, near].astype(np.float64), axis=1)


def quiet_at_rest(frames: Frames, power: np.ndarray, level: float, sets: tuple[SetSpan, ...]) -> np.ndarray:
    """The frames where a rhythm is absent with the body at rest: the edges :func:`rises_and_falls_at_rest` looks for.

    Parameters
    ----------
    frames : Frames
        The recording's frames.
    power : ndarray, shape (n_frames,)
        The rhythm's power near its frequency in each frame (:func:`near_power`).
    level : float
        The episode's median of it.
    sets : tuple of SetSpan
        The session's sets (no quiet frame lies in one).

    Returns
    -------
    ndarray of bool, shape (n_frames,)
        Frames whose power is at most :data:`EDGE_POWER_SHARE` of ``level``, the wrist unmoving
        (:data:`tremor.core.sets.MOVE_MPS2`), outside every set.
    """
    t = frames.t_s
    quiet = (power <= EDGE_POWER_SHARE * level) & (frames.movement_rms < MOVE_MPS2)
    for s in sets:
        quiet &= ~((t >= s.start_s) & (t <= s.end_s))
    return np.asarray(quiet)


def rises_and_falls_at_rest(frames: Frames, episode: Episode, sets: tuple[SetSpan, ...]) -> bool:
    """Whether an episode's rhythm rises from absent and falls back to absent within seconds, at rest.

    Parameters
    ----------
    frames : Frames
        The recording's frames.
    episode : Episode
        The episode.
    sets : tuple of SetSpan
        The session's sets (the quiet edges lie outside them).

    Returns
    -------
    bool
        True where its power near its frequency rises from under :data:`EDGE_POWER_SHARE` of its median to half
        of it within :data:`EDGE_S`, and falls back as fast, the quiet frames at both edges at rest (unmoving,
        outside every set).
    """
    t = frames.t_s
    inside = (t >= episode.start_s) & (t <= episode.end_s)
    if not inside.any():
        return False
    p = near_power(frames, episode)
    level = float(np.median(p[inside]))
    strong = np.flatnonzero(inside & (p >= 0.5 * level))
    quiet = quiet_at_rest(frames, p, level, sets)
    if not strong.size or not level > 0:
        return False
    first, last = strong[0], strong[-1]
    before = np.flatnonzero(quiet[:first] & (t[:first] >= t[first] - EDGE_S))
    after = np.flatnonzero(quiet[last:] & (t[last:] <= t[last] + EDGE_S))
    # the rhythm absent just before it rose and just after it fell, nothing between but its own edge
    return bool(before.size and after.size)


def abrupt_bout(frames: Frames, episode: Episode, sets: tuple[SetSpan, ...]) -> bool:
    """Whether an episode is a bout that starts and stops abruptly with the body at rest (see the module).

    Parameters
    ----------
    frames : Frames
        The recording's frames.
    episode : Episode
        The episode.
    sets : tuple of SetSpan
        The session's sets (a bout's quiet edges lie outside them).

    Returns
    -------
    bool
        True where it lasts at most :data:`BOUT_MAX_S`, rises and falls at rest (:func:`rises_and_falls_at_rest`)
        and its size holds in between (:data:`STEADY_MAX`).
    """
    if episode.end_s - episode.start_s > BOUT_MAX_S or not rises_and_falls_at_rest(frames, episode, sets):
        return False
    t = frames.t_s
    p = near_power(frames, episode)
    # frames whose windows lie inside it, clear of its rise and fall (the episode's span reaches up to half a window
    # past its first and last frames' centres)
    edge = FrameConfig().window_s
    held = np.sqrt(p[(t >= episode.start_s + edge) & (t <= episode.end_s - edge)])
    if held.size < 3:
        return False
    lo, mid, hi = np.percentile(held, [10.0, 50.0, 90.0])
    return bool(mid > 0 and (hi - lo) / mid < STEADY_MAX)


def leg_rhythms(episodes: list[Episode], frames: Frames, sets: tuple[SetSpan, ...]) -> list[LegRhythm]:
    """The rest episodes that are (likely) a movement of the leg, or that cannot be told from one.

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
    list of LegRhythm
        The episodes along gravity (:data:`VERTICAL_MIN`) in an abrupt bout at rest (:func:`abrupt_bout`),
        ``likely`` where of :data:`LEG_MPS2` or more, in the episodes' order.
    """
    out = []
    for e in episodes:
        if e.set_index is not None:
            continue
        big = e.rms_mps2 >= LEG_MPS2
        v = vertical_share(frames, e)
        if v is None and bool(np.isnan(frames.orientation).all()):
            # gravity removed: the direction is unknown, so only a large rhythm in an abrupt bout is not told apart
            if big and abrupt_bout(frames, e, sets):
                out.append(LegRhythm(e, None, False, True))
            continue
        if v is None or v < VERTICAL_MIN:
            continue
        # only a bout: a rhythm along gravity lasting minutes may be a rest tremor's twist (thumb up), however large
        if abrupt_bout(frames, e, sets):
            out.append(LegRhythm(e, v, big, True))
    return out


def leg_rhythm_note(leg: LegRhythm) -> str:
    """What the report says of an episode :func:`leg_rhythms` returned.

    Parameters
    ----------
    leg : LegRhythm
        The episode and its evidence.

    Returns
    -------
    str
        A note: most likely a movement of the leg, or not told from one; either way no rest tremor is reported,
        and the note ends in :data:`LEG_ADVICE` (the clinician advice if the leg was not moving).
    """
    e = leg.episode
    where = (
        f"{e.start_s:.0f}-{e.end_s:.0f} s at {e.peak_hz:.1f} Hz, {e.rms_mps2:.2f} m/s^2 RMS, "
        + (f"{leg.vertical:.2f} of it along gravity" if leg.vertical is not None else "")
        + (", " if leg.vertical is not None and leg.bout else "")
        + ("in a bout that started and stopped abruptly at rest" if leg.bout else "")
    )
    if leg.vertical is None:
        return (
            f"out-of-band rhythm at rest ({where}); with gravity removed "
            "from the data its direction is unknown, so the report cannot tell a rest tremor from a rhythmic "
            "movement of the leg the device lies on or a hand rests on (a bouncing heel): whether it is a tremor "
            "cannot be assessed; it is listed as an out-of-band episode; " + LEG_ADVICE
        )
    if leg.likely:
        return (
            f"out-of-band rhythm at rest moving the whole sensor up and down ({where}): most likely a movement of "
            "the leg the device lies on or a hand rests on (a bouncing heel): a rest tremor seldom starts and stops "
            "within seconds at rest and holds its size in between, so it is not reported as a rest tremor; "
            + LEG_ADVICE
        )
    return (
        f"out-of-band rhythm at rest moving the whole sensor up and down ({where}): the report cannot tell a rest "
        "tremor from a rhythmic movement of the leg the device lies on or a hand rests on (a bouncing heel), so "
        "whether it is a tremor cannot be assessed; it is listed as an out-of-band episode; " + LEG_ADVICE
    )
