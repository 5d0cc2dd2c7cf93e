"""A 3-7 Hz rhythm of movement size in a set: a wrist sensor cannot tell it from a deliberate rhythmic movement.

Whisking (3.5-6 strokes a second, the wrist +-1-2.5 cm), shaking a protein shaker (3-5 Hz, +-4-10 cm), strumming a
guitar (sixteenth notes at 3.3-4.3 Hz, +-0.6-1.5 cm), brushing teeth (3-5 Hz, +-0.5-1 cm) and chopping (2.5-5 chops
a second, its 2nd harmonic at 5-10 Hz) put a line in the 3-7 Hz band of a parkinsonian or essential tremor. Its
spectrum is a tremor's: one line, a steady rate when the hand keeps one (the wander of :mod:`tremor.core.strokes`
only finds strokes whose rate the hand sets afresh). What differs is the size. The wrist's displacement is the
acceleration over ``(2 pi f)^2``: 1 m/s^2 RMS at 5 Hz is 1 mm RMS, at 3.5 Hz 2 mm. Those movements move the wrist
4-35 mm RMS; a physiological or enhanced physiological tremor moves it hundredths to tenths of a mm. A
pathological tremor can reach them (a severe rest tremor moves the hand centimetres), so size cannot say which it
is, only that the rhythm is big enough to be either, and plainly visible to the wearer, who knows whether they were
moving so.

The rule: a set whose 3-7 Hz rhythm moves the wrist :data:`DISPLACEMENT_MIN_MM` RMS or more (the median over the
frames holding the rhythm of the displacement spectrum summed over 3-7 Hz, ``psd / (2 pi f)^4``: a stroke's
fundamental counts even where its 2nd harmonic is the band's peak) is not assessable (reason ``"large_rhythm"``):
no tremor label, no fatigue ratio, no cause from it; its note says the rhythm cannot be told from a deliberate
rhythmic movement and gives conditional advice (if you were not moving so, re-test rested with the forearm
supported, and if it comes back, see a clinician). An out-of-band episode that overlaps a set and is that large is
set aside the same way (:func:`large_episodes`); an episode at rest, in no set, is left to the rest rules.

Why 2 mm RMS (+-3 mm, 6 mm peak to peak at the wrist): twice under the smallest of the deliberate rhythms above
(strumming at +-6 mm, 4 mm RMS) and an order over an enhanced physiological tremor (0.05-0.5 m/s^2 at 8-10 Hz:
0.01-0.2 mm); a tremor that large is plainly visible (a parkinsonian rest tremor rated mild moves the hand under
1 cm). In acceleration: 0.7 m/s^2 RMS at 3 Hz, 1.0 at 3.5 Hz, 2.0 at 5 Hz, 2.8 at 6 Hz, 3.9 at 7 Hz. Cost: a true
tremor in a set at that size or more (a postural tremor of 2 m/s^2 RMS at 5 Hz) loses its tremor label and the
firm clinician cause, keeping the conditional advice; smaller ones keep their report.

Measured (h-rhythm; own physics, tests/core/test_large_rhythm.py, a tremor or a deliberate rhythm at 3.5-6.5 Hz
through a raised 60-90 s stretch, steady, waxing or intermittent, 50/100/200 Hz): 0.05-1.4 mm RMS the same report
as before 108 of 108; 3-6 mm ``large_rhythm`` with the conditional note 54 of 54 (before: ``atypical_tremor`` with
the clinician cause, or ``enhanced_tremor`` / ``fatigue_tremor`` at 6.5 Hz); at rest, in no set, unchanged 54 of
54. Red team R6 (seeds 1-6, 50/100/200 Hz): chopping's sets read 3.0-8.3 mm, strumming 4.8-9.2, whisking and the
shaker 8-39. Limits: a rhythm at rest in no set is left to the rest rules (a bout of chopping not found as a set
kept a rest episode with the clinician cause, 2 of 18 draws; tremolo picking, 6-8 Hz and +-1-3 mm, mostly under
the size, keeps it 6 of 18); a deliberate rhythm under 2 mm RMS keeps its tremor label.
"""

from __future__ import annotations

import numpy as np

from tremor.core.episodes import Episode
from tremor.core.features import PSD_FREQS, Frames
from tremor.core.sets import within
from tremor.core.strokes import ON_SHARE

__all__ = [
    "DISPLACEMENT_MIN_MM",
    "IN_SETS_MIN",
    "LARGE_RHYTHM_WORDS",
    "large_episodes",
    "large_note",
    "rhythm_displacement_mm",
]

#: 3-7 Hz displacement (mm RMS) of a rhythm at which it is the size of a deliberate rhythmic movement.
DISPLACEMENT_MIN_MM = 2.0
#: What the notes say of such a rhythm: what it cannot be told from, and the conditional advice.
LARGE_RHYTHM_WORDS = (
    "a rhythm that large is the size of a deliberate rhythmic movement (whisking, shaking a bottle, strumming, "
    "brushing teeth, chopping) or of a device shaking the hand, which a wrist sensor cannot tell from a tremor of "
    "that size by its spectrum, so it is not reported as a tremor; if you were not moving so and nothing was shaking "
    "your hand, re-test rested with the forearm supported on a table, and if the rhythm comes back, see a clinician"
)
#: An episode is judged here only where at least this share of its frames lies in sets (else it is a rhythm at rest).
IN_SETS_MIN = 0.5
#: The band summed (Hz): the 3-7 Hz band of :data:`tremor.core.spectral.BANDS`, its edge bins included.
BAND_HZ = (3.0, 7.0)


def rhythm_displacement_mm(psd: np.ndarray, power_low: np.ndarray) -> float | None:
    """The wrist's displacement (mm RMS) in 3-7 Hz over the frames holding the rhythm.

    Parameters
    ----------
    psd : ndarray, shape (n_frames, PSD_FREQS.size)
        The frames' acceleration spectra, (m/s^2)^2/Hz on :data:`tremor.core.features.PSD_FREQS`.
    power_low : ndarray, shape (n_frames,)
        Their 3-7 Hz power, (m/s^2)^2 (NaN where the rate cannot show the band).

    Returns
    -------
    float or None
        The median, over the frames whose 3-7 Hz power is :data:`~tremor.core.strokes.ON_SHARE` of the median or more, of
        ``sqrt(sum(psd / (2 pi f)^4) df)`` over 3-7 Hz, in mm; None without such frames.

    Examples
    --------
    >>> psd = np.zeros((4, PSD_FREQS.size))
    >>> psd[:, PSD_FREQS == 5.0] = 4.0  # 1 m/s^2 RMS at 5 Hz (a 0.25 Hz bin)
    >>> round(rhythm_displacement_mm(psd, np.ones(4)), 2)
    1.01
    """
    p = np.asarray(power_low, float)
    s = np.asarray(psd, float)
    if s.ndim != 2 or s.shape[0] != p.size or not np.isfinite(p).any():
        return None
    on = np.isfinite(p) & (p >= ON_SHARE * float(np.nanmedian(p)))
    if not on.any():
        return None
    band = (BAND_HZ[0] <= PSD_FREQS) & (BAND_HZ[1] >= PSD_FREQS)
    f = PSD_FREQS[band]
    df = float(PSD_FREQS[1] - PSD_FREQS[0])
    x2 = np.nansum(s[on][:, band] / (2.0 * np.pi * f) ** 4, axis=1) * df
    return float(np.median(np.sqrt(x2))) * 1000.0


def large_episodes(
    episodes: list[Episode], frames: Frames, set_spans: list[tuple[float, float]]
) -> list[tuple[Episode, float]]:
    """The out-of-band episodes that lie mostly in sets and whose 3-7 Hz rhythm there is movement-sized.

    A rhythm that lies mostly at rest is left to the rest rules, however large: a strong rest tremor (3 mm RMS at
    4 Hz, 1.9 m/s^2) going on through the rests of a session and across its sets is what the clinician advice is
    for (a fresh draw of tests/core/test_episode_movement_skirt.py lost it when its whole episode was judged here).

    Parameters
    ----------
    episodes : list of Episode
        Out-of-band episodes that overlap a set (the caller selects them).
    frames : Frames
        The recording's frames.
    set_spans : list of (float, float)
        The sets' start and end times (s).

    Returns
    -------
    list of (Episode, float)
        Those peaking in :data:`BAND_HZ` whose frames' rhythm moves the wrist :data:`DISPLACEMENT_MIN_MM` RMS or more
        there, each with that displacement (mm RMS, :func:`rhythm_displacement_mm`); an episode peaking elsewhere
        (13-18 Hz) is not this rhythm, whatever moves in 3-7 Hz beside it (review h-rev30).
    """
    out = []
    for e in episodes:
        if not BAND_HZ[0] <= e.peak_hz <= BAND_HZ[1]:
            continue
        sel = (frames.t_s >= e.start_s) & (frames.t_s <= e.end_s)
        in_sets = sel & within(frames.t_s, set_spans)
        if not in_sets.any() or in_sets.sum() < IN_SETS_MIN * sel.sum():
            continue
        x = rhythm_displacement_mm(frames.psd[in_sets], frames.power_low[in_sets])
        if x is not None and x >= DISPLACEMENT_MIN_MM:
            out.append((e, x))
    return out


def large_note(large: list[tuple[Episode, float]]) -> str:
    """The report's note on the episodes :func:`large_episodes` set aside.

    Parameters
    ----------
    large : list of (Episode, float)
        The episodes with their displacement (mm RMS), not empty.

    Returns
    -------
    str
        Where each was, its size (mm RMS and either way), and :data:`LARGE_RHYTHM_WORDS`.
    """
    return (
        "out-of-band rhythm ("
        + ", ".join(
            f"{e.start_s:.0f}-{e.end_s:.0f} s at {e.peak_hz:.1f} Hz, the wrist moving about {mm:.0f} mm RMS "
            f"({mm * np.sqrt(2.0):.0f} mm either way) in 3-7 Hz"
            for e, mm in large
        )
        + f") in or across a set ({DISPLACEMENT_MIN_MM:g} mm RMS or more): "
        + LARGE_RHYTHM_WORDS
    )
