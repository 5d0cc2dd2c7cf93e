"""A line gliding in rate, its size following the rate squared: a vibration motor's, not a tremor (issue 9).

A hand-held device's vibration motor (a game controller's rumble, a phone's buzz, a power tool's off-centre mass)
turns an eccentric mass at the rate its drive sets. Its force is the mass's centripetal force, ``m r (2 pi f)^2``:
it grows as the rate squared, so the acceleration it gives the hand, and the spectral line's power, grow as the
rate to the fourth power. A game's engine rumble follows the game (a car speeding along a straight: the motor 20-30 %
faster in 20-60 s), so the line glides through the bands, into the 13-18 Hz band from below or out of it upwards,
growing as it rises (red team R7-3: out-of-band episodes at 13-18 Hz with the clinician note, 21 of 24 draws).

A tremor does neither. Its frequency holds within tenths of a hertz over minutes
(:data:`tremor.core.oob_shape.OOB_SWEEP_MAX_HZ`; Hellwig et al. 2009) and its size waxes and wanes with no tie to
its frequency (a rest tremor's, if anything, falls a little as it grows). So an out-of-band episode is followed
frame by frame along its line, across the band edges, through the stretch of rest around it
(:func:`glide_track`); it is a motor's (:func:`motor_glides`, at rest or in a set) where that line glides by more than
:data:`GLIDE_MIN_HZ` over the stretch and its power rises with its rate as a power law of exponent
:data:`COUPLING_MIN` to :data:`COUPLING_MAX` (fourth power for a motor), tight to :data:`COUPLING_MIN_R`.

Such a line is set aside with a note naming a device's vibration (:func:`motor_glide_note`); a tremor is not
expected to show it, but the rule cannot see the device, so the note ends in conditional advice (re-test holding
nothing, and see a clinician if a rhythm comes back). Limits: a motor held at one rate (no glide) is not told from a
steady tremor here (the machine-line rule, :mod:`tremor.core.vibration`, takes the steadiest); a motor whose rate
glides by less than :data:`GLIDE_MIN_HZ` through a stretch keeps its episode.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tremor.core.episodes import FRAME_HALF_S, Episode
from tremor.core.features import PSD_FREQS, Frames
from tremor.core.frame_memo import FrameMemo
from tremor.core.oob_shape import SKIRT_MIN_PROMINENCE, frequency_sweep, skirt_prominence
from tremor.core.sets import MOVE_MPS2

__all__ = [
    "COUPLING_MAX",
    "COUPLING_MIN",
    "COUPLING_MIN_R",
    "GLIDE_MIN_HZ",
    "GLIDE_MIN_HZ_PER_S",
    "MotorGlide",
    "glide_track",
    "kept_tracks",
    "motor_glide_note",
    "motor_glides",
]

#: The tracked line's frequency trend (:func:`tremor.core.oob_shape.frequency_sweep`) over the stretch must exceed
#: this, Hz. Measured on this tracker (h-rumble, fresh seeds): true out-of-band tremors at most 0.55 Hz (the stress
#: suite's 4-17 Hz rest episodes, 96 episodes, seeds 201-202 at 50/100/200 Hz) and 0.84 Hz (the red team's 4-5 Hz
#: rest tremor, 0.4 Hz wide, wandering +-0.15 Hz, 24 draws: a 0.25 Hz bin's quantisation over 20-40 s); a game
#: controller's engine rumble 1.2-5.5 Hz (the motor 20-30 % faster over 20-60 s; seeds 101-104, the track at 0.15). Under
#: :data:`tremor.core.oob_shape.OOB_SWEEP_MAX_HZ` (1.5 Hz, the bound on an episode's own hits) because the power
#: law must hold too.
GLIDE_MIN_HZ = 1.0
#: ... and that trend over the tracked stretch's length must exceed this, Hz/s. A game's rumble follows the game (the
#: motor 20-30 % faster in 20-60 s: 0.03 Hz/s or more at 9 rev/s; measured on the red team's gamepad, seeds 301-308
#: x 50/100/200 Hz, 0.034-0.14 Hz/s). A tremor's frequency drifts over minutes (warming, fatigue, a drug wearing off):
#: a 4-6 Hz rest tremor drifting 1 Hz over 2 min while its size doubled (0.008 Hz/s) was set aside without this, 6 of
#: 18 draws, its clinician note lost (review h-rev37, seeds 901-906).
GLIDE_MIN_HZ_PER_S = 0.02
#: Least and most exponent of the power law between the line's power and its rate (a motor: 4; measured on the
#: rumble 2.3-5.8, the 2 s window's smearing and the presses' noise on its power). Over a narrow range of rate a
#: tremor's waxing gives any exponent (the red team's rest tremors -20 to 21), so the glide must hold as well.
COUPLING_MIN = 1.5
COUPLING_MAX = 8.0
#: Least correlation of log power with log rate along the tracked line (the rumble 0.4-0.96; a tremor's no more
#: than chance).
COUPLING_MIN_R = 0.4
#: Largest step of the line's frequency from one frame to the next (0.5 s apart), Hz.
STEP_HZ = 0.5
#: Frames the line may be lost for (a button press, a dip) before the track ends.
MAX_MISS = 4
#: How far either side of the episode the line is followed, s.
REACH_S = 60.0
#: Least power of a tracked frame's line, as a share of the episode's median line power. A motor's line at the start
#: of a 20-30 % glide keeps (1 / 1.2-1.3)^4, 0.35-0.48, of its power higher up; noise beside a tremor's onset lies
#: far under it, and a track let down to 0.15 slid from a 5.25 Hz rest tremor through noise maxima to 3 Hz
#: (``tests/core/test_brief_rhythm.py``, seed 25 at 100 Hz: a glide of 2.2 Hz, the power "rising" with the rate as
#: the tremor waxed in, and its episode lost).
TRACK_POWER_SHARE = 0.3
#: Half-width of the line's power, Hz (the 2 s Hann window's main lobe, 1 Hz either side).
LINE_HALF_HZ = 1.0
#: The band the line is followed in, Hz.
TRACK_BAND_HZ = (3.0, 20.0)


@dataclass(frozen=True)
class MotorGlide:
    """An out-of-band episode whose line glides with its power following its rate, as a motor's does."""

    episode: Episode
    #: the tracked stretch, s
    start_s: float
    end_s: float
    #: the line's lowest and highest frequency along it (5th and 95th percentiles), Hz
    low_hz: float
    high_hz: float
    #: its frequency trend over the stretch, Hz
    glide_hz: float
    #: the power law's exponent and the correlation of log power with log rate
    exponent: float
    r: float


def _line_at(psd: np.ndarray, hz: float) -> tuple[int, float]:
    """The largest bin within :data:`STEP_HZ` of ``hz`` in one frame's PSD and the line's power (within :data:`LINE_HALF_HZ`)."""
    near = np.flatnonzero((np.abs(PSD_FREQS - hz) <= STEP_HZ) & (TRACK_BAND_HZ[0] <= PSD_FREQS))
    near = near[PSD_FREQS[near] <= TRACK_BAND_HZ[1]]
    if not near.size or not np.isfinite(psd[near]).any():
        return -1, 0.0
    k = int(near[np.nanargmax(psd[near])])
    return k, float(np.nansum(psd[np.abs(PSD_FREQS - PSD_FREQS[k]) <= LINE_HALF_HZ]))


def glide_track(frames: Frames, episode: Episode) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Follow an episode's line frame by frame, through the episode and out either side while it lasts at rest.

    Parameters
    ----------
    frames : Frames
        The recording's frames.
    episode : Episode
        The episode.

    Returns
    -------
    t_s, freq_hz, power : ndarray
        The tracked frames' times, the line's frequency and its power ((m/s^2)^2 within :data:`LINE_HALF_HZ`), in time order. A frame
        counts where its line stands :data:`tremor.core.oob_shape.SKIRT_MIN_PROMINENCE` over its skirt with at
        least :data:`TRACK_POWER_SHARE` of the episode's median power and the wrist still; the track ends after
        :data:`MAX_MISS` frames without one, at :data:`REACH_S` or at the recording's ends.
    """
    return _track(frames, episode)[0]


def _track(frames: Frames, episode: Episode) -> tuple[tuple[np.ndarray, np.ndarray, np.ndarray], int | None]:
    """:func:`glide_track`, and the rows it depends on: ``rows`` where the track ended before the table's last row
    (then any table whose first ``rows`` rows are these gives the same track), None where it ran to the table's end
    (a longer table may extend it)."""
    t = frames.t_s
    empty = (np.empty(0), np.empty(0), np.empty(0))
    inside = np.flatnonzero(
        (t >= episode.start_s + FRAME_HALF_S - 1e-6) & (t <= episode.end_s - FRAME_HALF_S + 1e-6)
    )
    if not inside.size:
        return empty, None
    psd = frames.psd
    k0 = int(np.argmin(np.abs(PSD_FREQS - episode.peak_hz)))
    level = float(
        np.median(np.nansum(psd[np.ix_(inside, np.abs(PSD_FREQS - PSD_FREQS[k0]) <= LINE_HALF_HZ)], axis=1))
    )
    got: dict[int, tuple[float, float]] = {}
    far = REACH_S
    rows: int | None = None
    for step, first in ((-1, int(inside[inside.size // 2])), (1, int(inside[inside.size // 2]) + 1)):
        hz, miss, i = episode.peak_hz, 0, first
        while 0 <= i < len(t) and (t[inside[0]] - far <= t[i] <= t[inside[-1]] + far):
            k, p = _line_at(psd[i], hz)
            if (
                k >= 0
                and p >= TRACK_POWER_SHARE * level
                and frames.movement_rms[i] < MOVE_MPS2
                and skirt_prominence(psd[i : i + 1], np.array([k]))[0] >= SKIRT_MIN_PROMINENCE
            ):
                got[i] = (float(PSD_FREQS[k]), p)
                hz, miss = float(PSD_FREQS[k]), 0
            elif not inside[0] <= i <= inside[-1] and (miss := miss + 1) > MAX_MISS:
                break  # inside the episode the line is followed across its dips
            i += step
        rows = i + 1 if i < len(t) else None  # the forward pass read rows up to i (stopped short of the end)
    idx = np.array(sorted(got), dtype=int)
    if not idx.size:
        return empty, rows
    freq = np.array([got[i][0] for i in idx])
    power = np.array([got[i][1] for i in idx])
    return (t[idx].astype(np.float64), freq, power), rows


def _coupling(freq: np.ndarray, power: np.ndarray) -> tuple[float, float]:
    """The exponent of a power law ``power ~ freq**k`` fitted in logs, and the correlation of the logs."""
    ok = (freq > 0) & (power > 0)
    if ok.sum() < 5:
        return float("nan"), float("nan")
    x, y = np.log(freq[ok]), np.log(power[ok])
    x, y = x - x.mean(), y - y.mean()
    sxx, syy = float(np.sum(x * x)), float(np.sum(y * y))
    if not sxx > 0 or not syy > 0:
        return float("nan"), float("nan")
    sxy = float(np.sum(x * y))
    return sxy / sxx, sxy / np.sqrt(sxx * syy)


def measure(
    frames: Frames, episode: Episode, track: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
) -> MotorGlide | None:
    """The tracked line's glide and coupling for one episode (None where under 5 frames were tracked); ``track`` is
    its :func:`glide_track` where already known."""
    t, f, p = glide_track(frames, episode) if track is None else track
    if t.size < 5:
        return None
    k, r = _coupling(f, p)
    return MotorGlide(
        episode,
        float(t[0]) - FRAME_HALF_S,
        float(t[-1]) + FRAME_HALF_S,
        float(np.percentile(f, 5)),
        float(np.percentile(f, 95)),
        frequency_sweep(t, f),
        k,
        r,
    )


def motor_glides(episodes: list[Episode], frames: Frames, memo: FrameMemo | None = None) -> list[MotorGlide]:
    """The episodes whose line glides with its power following its rate (see the module).

    Parameters
    ----------
    episodes : list of Episode
        Out-of-band episodes.
    frames : Frames
        The recording's frames.
    memo : FrameMemo or None
        A live session's memo of ``frames`` (a table that only grows): an episode's track that ended before the
        table's last row is kept in it and read again while the episode is the same (:func:`kept_tracks`); batch
        passes none.

    Returns
    -------
    list of MotorGlide
        In the episodes' order, those whose tracked line's trend exceeds :data:`GLIDE_MIN_HZ` and
        :data:`GLIDE_MIN_HZ_PER_S` times the stretch's length and whose power
        follows its rate with an exponent from :data:`COUPLING_MIN` to :data:`COUPLING_MAX` and a correlation of
        :data:`COUPLING_MIN_R` or more, the trend and the coupling of the same sign (the power rising with the rate).
    """
    out = []
    for e, track in zip(episodes, kept_tracks(episodes, frames, memo)):
        m = measure(frames, e, track)
        if (
            m is not None
            and abs(m.glide_hz) > GLIDE_MIN_HZ
            and abs(m.glide_hz) > GLIDE_MIN_HZ_PER_S * (m.end_s - m.start_s)
            and COUPLING_MIN <= m.exponent <= COUPLING_MAX
            and m.r >= COUPLING_MIN_R
        ):
            out.append(m)
    return out


def kept_tracks(
    episodes: list[Episode], frames: Frames, memo: FrameMemo | None
) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """:func:`glide_track` of each episode, those that ended short of the table's end kept in ``memo``.

    A track reads the episode's start, end and peak and the frame rows up to where it stopped; where it stopped
    before the table's end, every table that begins with those rows (the later tables of a live session, whose rows
    are never changed) gives the same track, so it is kept under those three numbers with the rows it read. A track
    that ran to the table's end is computed again at the next summary. Only the episodes asked for last are kept.

    Parameters
    ----------
    episodes : list of Episode
        The episodes.
    frames : Frames
        The frame table.
    memo : FrameMemo or None
        Where the tracks are kept (None: every track is computed).

    Returns
    -------
    list of tuple of ndarray
        Each episode's ``(t_s, freq_hz, power)``, as :func:`glide_track` returns it.
    """
    if memo is None:
        return [glide_track(frames, e) for e in episodes]
    memo.check(frames)
    kept: dict[tuple[float, float, float], tuple[tuple[np.ndarray, np.ndarray, np.ndarray], int]]
    kept = memo.kept("motor glide tracks", dict)
    asked: dict[tuple[float, float, float], tuple[tuple[np.ndarray, np.ndarray, np.ndarray], int]] = {}
    out = []
    for e in episodes:
        key = (e.start_s, e.end_s, e.peak_hz)
        got = kept.get(key)
        if got is not None and len(frames) >= got[1]:
            track = got[0]
            asked[key] = got
        else:
            track, rows = _track(frames, e)
            if rows is not None:
                asked[key] = (track, rows)
            elif got is not None:  # a shorter table than the one it was kept from (a summary asked earlier)
                asked[key] = got
        out.append(track)
    kept.clear()
    kept.update(asked)
    return out


def _ends(g: MotorGlide) -> str:
    """The line's glide in the direction it went: up ``low -> high``, down ``high -> low``."""
    a, b = (g.low_hz, g.high_hz) if g.glide_hz > 0 else (g.high_hz, g.low_hz)
    return f"{a:.1f} -> {b:.1f}"


def motor_glide_note(glides: list[MotorGlide]) -> str:
    """What the report says of the episodes :func:`motor_glides` returned.

    Parameters
    ----------
    glides : list of MotorGlide
        At least one.

    Returns
    -------
    str
        A note naming a device's vibration motor, with the line's glide and the power law, ending in conditional
        advice.
    """
    where = "; ".join(
        f"{g.episode.start_s:.0f}-{g.episode.end_s:.0f} s at {g.episode.peak_hz:.1f} Hz, the line gliding "
        f"{_ends(g)} Hz over {g.start_s:.0f}-{g.end_s:.0f} s with its power rising as the "
        f"rate to the power {g.exponent:.1f}"
        for g in glides
    )
    return (
        f"out-of-band rhythm at rest that glides in rate and grows with it ({where}): a tremor holds its frequency "
        "and its size does not follow it, while a vibration motor's shake (a game controller's rumble, a phone's "
        "buzz, a tool) grows as its rate squared, so this is most likely a device's vibration and is not reported "
        "as a rest tremor; if you held nothing that vibrates then, re-test rested with the forearm supported on a "
        "table, and if a rhythm comes back, see a clinician"
    )
