"""An out-of-band rhythm at rest struck at every stroke is a hand striking something, not a rest tremor (issue 9).

Chopping vegetables (2.5-5 chops a second, the wrist +-0.5-1.5 cm) stops the knife on the board at every stroke:
each stop is an impact of 3-10 m/s^2 at the wrist ringing for milliseconds (a 30-60 Hz ring), a broadband
impulse well above the tremor bands. Hammering, strumming (the pick striking the strings) and drumming do the
same. A 3.2 Hz bout of chopping standing still at a counter, outside any set, was read as a rest tremor with the
clinician cause (red team R6, ``benchmarks/redteam/gen_r6.py`` ``chores``: 2 of 18 draws; fresh seeds 20-39 at
50/100/200 Hz, 5 of 60). A tremor's oscillation is smooth: a parkinsonian or essential tremor puts its power in
a line and its harmonics, not in impulses above the tremor bands, so a rest tremor's windows above 14 Hz hold the
sensor's floor (red team ``rest_tremor``: kurtosis 1.6-1.7, 0.005-0.009 m/s^2).

The rule (:func:`struck_episodes`): a rest episode (in no set) whose frames hold impulsive broadband power above
the tremor bands in most windows (median kurtosis of the power above 14 Hz,
:attr:`tremor.core.features.Frames.ext_kurtosis`, :data:`KURTOSIS_MIN` or more: a steady vibration reads about 3,
the sensor's noise 1.6-2) at a level of impacts (median broadband power above the bands,
:attr:`tremor.core.features.Frames.ext_power`, :data:`IMPACT_MPS2` RMS or more) is set aside (``struck``): no rest
tremor episode, no ``see_a_clinician`` cause; the note says what was seen and ends in conditional advice.

Measured (h-picking): chopping's rest episodes (red team, fresh seeds 20-39 at 50/100/200 Hz, and own physics in
tests/core/test_picking_chopping.py, 3-3.6 chops a second, 3-10 m/s^2 impacts) read a median kurtosis of 20-55
and 0.04-0.65 m/s^2 above the bands; the red team's rest tremors (0.05-0.2 and 0.3-1.5 m/s^2, 96 draws) 1.6-1.7 and
0.005-0.009; rest tremors of 0.06-0.6 m/s^2 with twitches of 0.1-0.3 m/s^2 (10-30 Hz, 20-150 ms) at 1-3 a second
2.0-6.9 and 0.009-0.038 (the kurtosis keeps them: none set aside in 16 draws, 48 episodes).
Cost measured by rev33 (own physics, seeds 1-6 at 50/100/200 Hz): a rest tremor (4-6 Hz, 0.05-1.5 m/s^2) with
myoclonic jerks (0.3-1 a second at random, 0.5-3 m/s^2, 15-30 Hz, 10-27 ms decay) 11 of 54 episodes set aside (0 at
50 Hz), the clinician cause kept in 18 of 18 draws from the other rests; knocks through the table (2-5 a second,
0.1-1 m/s^2) 0 of 54. The note says "impacts or jerks" and its advice names the jerks.
Limits: a true rest tremor in someone knocking the hand rhythmically against something at every beat, or with
impulses as sharp in most windows (taps, dense sharp twitches), is set aside too (the note keeps the conditional
advice); a stroke with soft stops (whisking, stirring) makes no impacts and is left to the other rules; strumming's
pick clicks (0.1-0.4 m/s^2 for 3 ms) read 0.017-0.03 m/s^2, mostly under the level, so a whole strummed song at
rest in no set can still read as a rest tremor (red team R6 seed 6 at 200 Hz).
"""

from __future__ import annotations

import numpy as np

from tremor.core.episodes import Episode
from tremor.core.features import Frames

__all__ = ["IMPACT_MPS2", "KURTOSIS_MIN", "STRUCK_ADVICE", "struck_episodes", "struck_note"]

#: Median kurtosis of the power above 14 Hz over the episode's frames at which the windows hold impulses (a steady
#: vibration reads about 3, the sensor's noise 1.6-2, a rest tremor with twitches at 1-3 a second up to 6.9,
#: chopping 20-55).
KURTOSIS_MIN = 12.0
#: Median broadband power above the tremor bands (m/s^2 RMS) at which those impulses are impacts: three times or
#: more a rest tremor's floor (0.005-0.009), under chopping's (0.04-0.65).
IMPACT_MPS2 = 0.03
#: The conditional advice that ends the note (a rest tremor set aside keeps its way to a clinician).
STRUCK_ADVICE = (
    "if you were not chopping, hammering, strumming or striking anything then, re-test rested with the forearm "
    "supported on a table, and if the rhythm or the jerks come back, see a clinician"
)


def struck_episodes(episodes: list[Episode], frames: Frames) -> list[tuple[Episode, float, float]]:
    """The rest episodes whose windows hold impacts (see the module).

    Parameters
    ----------
    episodes : list of Episode
        Out-of-band episodes; only those in no set (``set_index`` None) are judged.
    frames : Frames
        The recording's frames.

    Returns
    -------
    list of (Episode, float, float)
        Each such episode with its frames' median kurtosis above 14 Hz and median broadband power above the tremor
        bands (m/s^2 RMS), in the episodes' order.

    Examples
    --------
    >>> struck_episodes([], Frames.empty())
    []
    """
    out = []
    for e in episodes:
        if e.set_index is not None:
            continue
        sel = (frames.t_s >= e.start_s) & (frames.t_s <= e.end_s)
        kurt = np.asarray(frames.ext_kurtosis[sel], float)
        power = np.asarray(frames.ext_power[sel], float)
        if not np.isfinite(kurt).any() or not np.isfinite(power).any():
            continue
        k = float(np.nanmedian(kurt))
        level = float(np.sqrt(max(float(np.nanmedian(power)), 0.0)))
        if k >= KURTOSIS_MIN and level >= IMPACT_MPS2:
            out.append((e, k, level))
    return out


def struck_note(struck: list[tuple[Episode, float, float]]) -> str:
    """What the report says of the episodes :func:`struck_episodes` returned.

    Parameters
    ----------
    struck : list of (Episode, float, float)
        The episodes with their kurtosis and impact level (at least one).

    Returns
    -------
    str
        Where each was, its rate and size, its impacts, and :data:`STRUCK_ADVICE`.
    """
    where = ", ".join(
        f"{e.start_s:.0f}-{e.end_s:.0f} s at {e.peak_hz:.1f} Hz, {e.rms_mps2:.2f} m/s^2 RMS, impacts or jerks of "
        f"{level:.2f} m/s^2 RMS above the tremor bands"
        for e, _, level in struck
    )
    return (
        f"out-of-band rhythm at rest struck by impacts or jerks ({where}): the wrist took a sharp jolt in most "
        "windows, as a knife stopped on a board, a hammer or a strum gives at every stroke; a tremor's smooth "
        "oscillation gives none (jerks of the hand, myoclonus, do), so it is not reported as a rest tremor; "
        + STRUCK_ADVICE
    )
