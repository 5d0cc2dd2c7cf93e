"""A set of reps stopping (or starting) at once: the burst its step puts through the tremor band (issue 9).

A curl that ends on its last rep cuts the forearm's angular acceleration off: at the bottom of a sinusoidal rep the
wrist's tangential acceleration is at its largest (about 2.8 m/s^2 for 110 deg at 0.5 reps/s and 0.3 m from the
elbow), and it falls to nothing as the rep stops. A step's spectrum falls as ``1/f`` through 6-12 Hz: the band's
envelope (:attr:`tremor.core.features.Frames.band_env`, 0.1 s sub-blocks) rises at the stop to 20-30 times the
curls' tremor (0.39 against 0.01-0.02 m/s^2 in red team R5 ``thigh_rest`` at 50 Hz) and falls back to the held
pose's level within about half a second. A 2 s frame whose Hann window holds that half second reads 0.08-0.18 m/s^2
in 6-12 Hz: two or three frames of the set's last third, enough to raise it 2.7-5.5x over the first and read
``fatigue_tremor`` with neuromuscular fatigue (7 of 20 first curl sets). At 100 and 200 Hz the step is found as an
impact (a twitch-band transient of kind ``"artefact"``) and its frames are left out for that
(:func:`tremor.core.classify.set_metrics`); at 50 Hz the twitch band cannot be seen, so no impact is found.

:func:`stop_bursts` finds such a burst from the data, not from a fixed span: where the movement (0.25-3 Hz) of a set
of reps is seen to stop (its last moving frame, a still one after it) or to start (its first), the band's envelope's
top within :data:`SEEK_S` of that frame must stand :data:`BURST_OVER` times over the band's level on both sides of it
(the sub-blocks :data:`LEVEL_S` away: the reps' before the stop, the held pose's after it), and be broadband as a step
is: the 3-7 Hz envelope (:attr:`tremor.core.features.Frames.low_env`) within :data:`LOW_NEAR_S` of it stands as far
over its own level and holds :data:`LOW_OVER_BAND` times the 6-12 Hz top. The frames left out are those whose
window's 6-12 Hz power the burst (the sub-blocks around the top over :data:`SPAN_OVER` times the level) holds
:data:`FRAME_SHARE` of, each sub-block weighted by the frame's Hann window squared: two to four frames about the stop.
A tremor largest in the last rep goes on into the pose after it, or fades over a second or more, so no burst stands
over the level after it; a tremor line surging at the stop is narrow (at 6-7 Hz it holds 3-7 Hz and 6-12 Hz alike,
above 7 Hz less in 3-7 Hz); a stop spread over 300 ms puts nothing into the band. Only the reps' first and last moving
frames anchor a burst: a slow eccentric's jolt at each turn, inside the set, is no stop (red team ``eccentric``).
Measured figures: docs/accuracy.md (h-curl50b).
"""

from __future__ import annotations

import numpy as np

from tremor.core.time_rows import rows_within

__all__ = [
    "SEEK_S",
    "LEVEL_S",
    "BURST_OVER",
    "SPAN_OVER",
    "LOW_NEAR_S",
    "LOW_OVER_BAND",
    "FRAME_SHARE",
    "MOVING_SHARE",
    "WINDOW_S",
    "stop_bursts",
]

#: The burst's top is sought within this many seconds of the frame whose movement is the last (or first) of the
#: reps: the step lies inside that frame's window, near its centre (the next frame's window, half a second later,
#: holds too little of the reps to move as they do).
SEEK_S = 1.0
#: The band's level either side of the top: the median envelope power of the sub-blocks this far before it and
#: after it, s (the burst has fallen to within a few times the level 0.5-0.7 s from its top; a frame's window
#: reaches 1 s).
LEVEL_S = (1.0, 2.5)
#: A burst's top is at least this many times the level on both sides (power; 0.39 m/s^2 over 0.01-0.03 at the curls'
#: stop is 170-1500x). A narrow tremor's own envelope can pass it too (11x in own curls, h-rev40's model, seed 116 at
#: 50 Hz, and a 6-7 Hz line fading with its set's end, test_vibration_drift's draw 700005): the 3-7 Hz tests refuse them.
BURST_OVER = 10.0
#: The burst's sub-blocks: those around its top, contiguous with it, at least this many times the level (power).
SPAN_OVER = 4.0
#: The 3-7 Hz envelope's top within this many seconds of the 6-12 Hz top must stand :data:`BURST_OVER` times over its
#: own level on both sides too: a step is broadband.
LOW_NEAR_S = 0.2
#: ... and at least this many times the 6-12 Hz top (power): a step's 1/f spectrum puts 2.3x as much into 3-7 Hz as
#: into 6-12 Hz (4x at the curls' stop, more where the stop is spread over tens of ms); a tremor line surging at the set's
#: end holds at most as much in 3-7 Hz as in its own band (about alike at 6-7 Hz, where both bands are flat).
LOW_OVER_BAND = 1.5
#: A frame is left out where the burst holds at least this share of its window's 6-12 Hz power.
FRAME_SHARE = 0.5
#: A frame of the set moves as its reps do where its movement is vigorous and at least this share of the set's
#: median movement (a 2 s window over reps holds 0.6-1.6x the median; the move out of position after the reps, a
#: dumbbell lowered onto the thigh, 1-1.5 m/s^2 against the reps' 4-8).
MOVING_SHARE = 0.5
#: The frames' window (s): the analysis's default geometry (:class:`tremor.core.features.FrameConfig`).
WINDOW_S = 2.0


def stop_bursts(
    t_s: np.ndarray,
    movement_rms: np.ndarray,
    band_env: np.ndarray,
    low_env: np.ndarray,
    idx: np.ndarray,
    vigorous_mps2: float,
    hop_s: float,
) -> np.ndarray:
    """Which of a set of reps' measured frames hold the burst of its movement stopping or starting at once.

    Parameters
    ----------
    t_s : ndarray, shape (n_frames,)
        Frame centres of the whole recording, s, increasing.
    movement_rms : ndarray, shape (n_frames,)
        Movement-band RMS of every frame, m/s^2 (NaN where unknown: not moving).
    band_env : ndarray, shape (n_frames, n_sub)
        6-12 Hz envelope power in the sub-blocks tiling each frame's central hop, (m/s^2)^2
        (:attr:`tremor.core.features.Frames.band_env`; NaN where the rate cannot show the band: no burst).
    low_env : ndarray, shape (n_frames, n_sub)
        The same for 3-7 Hz (:attr:`tremor.core.features.Frames.low_env`).
    idx : ndarray of int
        The set's measured frames, increasing.
    vigorous_mps2 : float
        The movement RMS of a vigorous frame (``VIGOROUS_MPS2`` of :mod:`tremor.core.sets`).
    hop_s : float
        The frames' hop, s.

    Returns
    -------
    ndarray of bool, shape (idx.size,)
        True for the frames of ``idx`` that the burst of a stop (or start) holds :data:`FRAME_SHARE` of the
        6-12 Hz power of; all False where the movement is not seen to stop or start, or no burst stands there.
    """
    t = np.asarray(t_s, float)
    idx = np.asarray(idx, int)
    out = np.zeros(idx.size, bool)
    move = np.asarray(movement_rms)  # as float where read (the recording's frames are not copied at each set)
    own = np.asarray(move[idx], float)
    finite = own[np.isfinite(own)]
    if idx.size < 3 or not finite.size:
        return out
    level = max(vigorous_mps2, MOVING_SHARE * float(np.median(finite)))
    near = _near(t, idx)
    moving = np.zeros(t.size, bool)  # read by _ends at the frames near the set only
    if near.size:
        lo, hi = near[0], near[-1] + 1
        moving[lo:hi] = np.nan_to_num(np.asarray(move[lo:hi], float), nan=0.0) >= level
    for anchor in _ends(t, moving, idx, hop_s):
        burst = _burst(t, band_env, low_env, anchor, hop_s)
        if burst is not None:
            out |= _held(t[idx], *burst)
    return out


def _ends(t: np.ndarray, moving: np.ndarray, idx: np.ndarray, hop_s: float) -> list[float]:
    """Times of the frames where the reps' movement is seen to start (its first moving frame) and stop (its last),
    near the set's measured frames: once each, so a slow rep's still turn inside the set is no stop."""
    near = _near(t, idx)
    on = near[moving[near]]
    if not on.size:
        return []
    ends = []
    for end, beside in ((on[0], on[0] - 1), (on[-1], on[-1] + 1)):
        # seen where the frame beside it (hop apart, no gap) is in the stretch and not moving
        if (
            near[0] <= beside <= near[-1]
            and abs(abs(t[beside] - t[end]) - hop_s) <= 0.25 * hop_s
            and not moving[beside]
        ):
            ends.append(float(t[end]))
    return ends


def _near(t: np.ndarray, idx: np.ndarray) -> np.ndarray:
    """The frames near the set's measured frames ``idx``: a stop further than this from every measured frame is in
    none of their windows."""
    reach = SEEK_S + WINDOW_S / 2
    rows = rows_within(t, t[idx[0]] - reach, t[idx[-1]] + reach)
    return np.arange(rows.start, rows.stop)


def _around(t: np.ndarray, anchor: float, span: float) -> np.ndarray:
    """The frames whose time ``t`` (increasing) is within ``span`` of ``anchor``: a run of frames, found by bisection
    a second wider than ``span``, the test itself (its rounding) kept inside it."""
    lo = int(np.searchsorted(t, anchor - span - 1.0, "left"))
    hi = int(np.searchsorted(t, anchor + span + 1.0, "right"))
    return lo + np.flatnonzero(np.abs(t[lo:hi] - anchor) <= span)


def _burst(
    t: np.ndarray, band_env: np.ndarray, low_env: np.ndarray, anchor: float, hop_s: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """The sub-blocks (times, 6-12 Hz power, in-burst) around ``anchor`` where a burst stands there, else None."""
    span = SEEK_S + LEVEL_S[1] + WINDOW_S / 2
    frames = _around(t, anchor, span)
    if not frames.size:
        return None
    n_sub = np.shape(band_env)[1]
    sub_t = (t[frames, None] - hop_s / 2 + (np.arange(n_sub) + 0.5) * hop_s / n_sub).ravel()
    # only the frames around the anchor, as float (not the whole recording's frames at every set's end)
    power = np.asarray(np.asarray(band_env)[frames], dtype=float).ravel()
    low = np.asarray(np.asarray(low_env)[frames], dtype=float).ravel()
    known = np.isfinite(power) & np.isfinite(low)
    seek = known & (np.abs(sub_t - anchor) <= SEEK_S)
    if not seek.any():
        return None
    top = int(np.flatnonzero(seek)[np.argmax(power[seek])])
    d = sub_t - sub_t[top]
    level = _level(power, known, d, n_sub / hop_s)
    low_level = _level(low, known, d, n_sub / hop_s)
    if level is None or low_level is None or not power[top] >= BURST_OVER * level:
        return None
    # broadband, as a step is (its spectrum falls as 1/f through 3-12 Hz): a tremor line's surge stays in its band
    # (and holds more there than in 6-12 Hz, as 1/f does, 2.3x: a tremor line at 6-7 Hz holds both bands alike)
    low_top = float(np.max(low[known & (np.abs(d) <= LOW_NEAR_S)]))
    if not (low_top >= BURST_OVER * low_level and low_top >= LOW_OVER_BAND * power[top]):
        return None
    high = known & (power >= SPAN_OVER * level)
    inside = np.zeros(power.size, bool)
    for step in (-1, 1):  # contiguous with the top, in time order
        order = np.argsort(step * d, kind="stable")
        order = order[step * d[order] >= 0]
        for j in order:
            if not high[j]:
                break
            inside[j] = True
    return sub_t[known], power[known], inside[known]


def _level(power: np.ndarray, known: np.ndarray, d: np.ndarray, per_s: float) -> float | None:
    """The larger of the median powers :data:`LEVEL_S` before and after the top (None where either side has
    under half its sub-blocks known)."""
    levels = []
    for side in (-1.0, 1.0):
        ring = known & (side * d >= LEVEL_S[0]) & (side * d <= LEVEL_S[1])
        if ring.sum() < per_s * (LEVEL_S[1] - LEVEL_S[0]) / 2:
            return None
        levels.append(float(np.median(power[ring])))
    return max(levels)


def _held(centres: np.ndarray, sub_t: np.ndarray, power: np.ndarray, inside: np.ndarray) -> np.ndarray:
    """Which frames centred at ``centres`` have :data:`FRAME_SHARE` or more of their windowed band power in the burst."""
    half = WINDOW_S / 2
    d = sub_t[None, :] - centres[:, None]
    w2 = np.where(np.abs(d) < half, (0.5 + 0.5 * np.cos(np.pi * d / half)) ** 2, 0.0) * power[None, :]
    total = w2.sum(axis=1)
    held = w2[:, inside].sum(axis=1)
    return (total > 0) & (held >= FRAME_SHARE * total)
