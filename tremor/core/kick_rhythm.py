"""An out-of-band rhythm at rest with a line at half its rate: two alternating beats, not a rest tremor.

A flutter kick on a kickboard (issue 9, red team R7 ``swim --extras kick``): the hands lie still on the board,
arms straight ahead (read as the rest pose), while each leg's down-beat heaves the body and pitches the board
under them, twice a leg cycle: a 3.6-5.6 Hz rhythm of 0.1-0.5 m/s^2 for the 45-60 s of a length, as narrow
and steady as a parkinsonian rest tremor. The two legs never beat alike (one kicks harder), so the heave
repeats once a *leg* cycle, not once a beat: its spectrum has a line at half the rhythm's rate (the per-leg rate,
1.8-2.8 Hz). A steady rest tremor is one oscillator: its waveform repeats each cycle, with harmonics at whole
multiples of its rate and nothing at half of it; but a tremor whose cycles alternate strong and weak (alternans)
or long and short (a period doubling) has the kick's very spectrum, and is set aside too (review h-rev38: a
rest tremor at 3.6-5.6 Hz alternating by 25 % loses its clinician cause in 14 of 45 sessions, by 40 % in 24 of
45, a period doubling of 0.3 rad in 16 of 45, a rest tremor beside an unlocked 1.8-3 Hz leg jiggle in 14 of
45; none of these at the base). The same holds for any rhythm of two alternating limbs (legs pedalling
or kicking, running steps read from the hip) whose beats are unequal.

:func:`subharmonic` reads the episode's sub-block means (:attr:`tremor.core.features.Frames.sub_acc`, 10 Hz at
the default hop: the half-rate line lies under their Nyquist rate and the whole episode gives 0.02 Hz bins) and
compares the power within :data:`LINE_HALF_HZ` of half the rate with the floor beside it and with the rhythm's
own power. Measured (the red team's generators, seeds 11-12 and 21-26 at 50/100/200 Hz): kickboard lengths
contrast 69-216 (a few 8-20), share 0.014-0.19; the red team's rest tremor (4-5 Hz with a 2nd harmonic, waxing
and waning; posture and steady variants) in 112 episodes contrast at most 8.2, share at most 0.014. The sub-block
means are a poor anti-alias filter: the rhythm's 2nd and 3rd harmonics fold onto its half rate near 4.0 Hz
(:data:`ALIAS_CLEAR_HZ`), where the rule declines.

An episode with a half-rate line (:data:`CONTRAST_MIN` and :data:`SHARE_MIN`) is reported as most likely a
rhythm of two alternating limbs and is no out-of-band episode and gives no clinician cause; its note ends in
conditional advice (:data:`TWO_BEAT_ADVICE`). Limits: a rest tremor with a 2-3 Hz rhythm within 0.3 Hz of half
its rate beside it (a leg jiggle, locked to it or not) is set aside; a flutter kick with both legs beating alike, at
3.9-4.1 beats a second, or with a half-rate line under the bar keeps its episode and note, and lengths read as
sets are not judged here.
"""

from __future__ import annotations

import numpy as np

from tremor.core.episodes import Episode
from tremor.core.features import Frames
from tremor.core.sub_samples import gap_free_sub_samples

__all__ = ["CONTRAST_MIN", "SHARE_MIN", "TWO_BEAT_ADVICE", "subharmonic", "two_beat_note", "two_beat_rhythms"]

#: The half-rate line's mean power density over the floor's beside it at or above which the line is there ...
CONTRAST_MIN = 15.0
#: ... holding at least this share of the rhythm's own power (a line of a tenth of its amplitude or more).
SHARE_MIN = 0.01
#: The conditional advice that ends the note (the rule reads a spectrum a rest tremor beside a locked leg rhythm
#: could share: the wearer knows whether the legs were moving).
TWO_BEAT_ADVICE = (
    "if you were not kicking (swimming on a kickboard) or pedalling then, re-test rested with the forearm "
    "supported on a table and the legs still, and if the rhythm comes back, see a clinician"
)
#: Half-width (Hz) of the band around half the rhythm's rate read as its sub-harmonic line.
LINE_HALF_HZ = 0.3
#: Half-width (Hz) of the band around the rhythm's (folded) rate read as its own power.
MAIN_HALF_HZ = 0.75
#: A line at the half rate is judged only where the rhythm's 2nd and 3rd harmonics, folded by the sub-block
#: means' sampling, lie further than this (Hz) from it: outside the line's band (a rest tremor at 4.0 Hz with its
#: 2nd harmonic folded onto 2.0 Hz: share 0.02-0.035, but the harmonic 0.6-1 Hz wide, contrast 0.4-2.0, 7
#: sessions; a machine-steady tremor's sharp harmonic would pass the bar, hence the guard).
ALIAS_CLEAR_HZ = LINE_HALF_HZ
#: Width (Hz) of the floor bands either side of the line band.
FLOOR_HZ = 0.6


def subharmonic(frames: Frames, episode: Episode) -> tuple[float, float] | None:
    """The line at half an episode's rate: its contrast over the floor beside it and its power over the rhythm's.

    Parameters
    ----------
    frames : Frames
        The recording's frames (``sub_acc``).
    episode : Episode
        The episode; its longest gap-free run of frames is read.

    Returns
    -------
    tuple of float or None
        ``(contrast, share)``: the mean power density within :data:`LINE_HALF_HZ` of half the rate over that in
        :data:`FLOOR_HZ` either side, and the line's power over the rhythm's (within 0.75 Hz of the rate); None
        where fewer than 8 s of frames are gap-free or the rate is not under the sub-blocks' Nyquist rate.
    """
    cut = gap_free_sub_samples(frames, episode.start_s, episode.end_s, 8.0)
    if cut is None:
        return None
    _, x, dt = cut
    rate = 1.0 / dt
    power = np.sum(np.abs(np.fft.rfft(x * np.hanning(x.shape[0])[:, None], axis=0)) ** 2, axis=1)
    freqs = np.fft.rfftfreq(x.shape[0], dt)
    wraps = round(episode.peak_hz / rate)
    folded = abs(episode.peak_hz - rate * wraps)  # the sub-block means alias it
    near = np.abs(freqs - folded) <= MAIN_HALF_HZ
    main = power[near]
    if not float(main.sum()) > 0:
        return None
    # the rhythm's own rate from its power-weighted centre (the episode's peak is on a 0.25 Hz grid, and a
    # tiring kick slows by a tenth over a length), unfolded
    centre = float(freqs[near] @ main / main.sum())
    half = (rate * wraps + (centre if episode.peak_hz >= rate * wraps else -centre)) / 2.0
    if half + LINE_HALF_HZ + FLOOR_HZ >= rate / 2:
        return None
    # the sub-block means fold the rhythm's multiples of the half rate down: where the rhythm's own 2nd or 3rd
    # harmonic (a rest tremor has them) folds onto the half rate, a line there tells nothing
    harmonics = half * np.array([4.0, 6.0])
    aliases = np.abs(harmonics - rate * np.round(harmonics / rate))
    if np.any(np.abs(aliases - half) <= ALIAS_CLEAR_HZ):
        return None
    off = np.abs(freqs - half)
    line = power[off <= LINE_HALF_HZ]
    floor = power[(off > LINE_HALF_HZ) & (off <= LINE_HALF_HZ + FLOOR_HZ)]
    if not line.size or not floor.size or not float(floor.mean()) > 0:
        return None
    return float(line.mean() / floor.mean()), float(line.sum() / main.sum())


def two_beat_rhythms(episodes: list[Episode], frames: Frames) -> list[tuple[Episode, float, float]]:
    """The rest episodes with a line at half their rate (see the module).

    Parameters
    ----------
    episodes : list of Episode
        Out-of-band episodes; only those outside sets (``set_index`` None) are judged.
    frames : Frames
        The recording's frames.

    Returns
    -------
    list of tuple
        ``(episode, contrast, share)`` for each episode whose half-rate line reaches :data:`CONTRAST_MIN` and
        :data:`SHARE_MIN`, in the episodes' order.
    """
    out = []
    for e in episodes:
        if e.set_index is not None:
            continue
        line = subharmonic(frames, e)
        if line is not None and line[0] >= CONTRAST_MIN and line[1] >= SHARE_MIN:
            out.append((e, line[0], line[1]))
    return out


def two_beat_note(found: list[tuple[Episode, float, float]]) -> str:
    """What the report says of the episodes :func:`two_beat_rhythms` returned.

    Parameters
    ----------
    found : list of tuple
        ``(episode, contrast, share)`` as returned.

    Returns
    -------
    str
        A note: most likely two alternating limbs, no rest tremor reported, ending in :data:`TWO_BEAT_ADVICE`.
    """
    where = ", ".join(
        f"{e.start_s:.0f}-{e.end_s:.0f} s at {e.peak_hz:.1f} Hz with a line at {e.peak_hz / 2:.1f} Hz "
        f"{contrast:.0f}x its floor"
        for e, contrast, _ in found
    )
    return (
        f"out-of-band rhythm at rest repeating once every two beats ({where}): most likely two limbs beating "
        "in turn and not alike (legs kicking, as on a kickboard, or pedalling) moving the body under a still hand, "
        "so it is not reported as a rest tremor (a rest tremor seldom has a line at half its rate, but one whose "
        "cycles alternate strong and weak, or a leg jiggling at about half its rate beside it, gives one); "
        + TWO_BEAT_ADVICE
    )
