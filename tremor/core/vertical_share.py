"""How much of a frame's rhythmic movement runs along gravity: a walking body's bob, not a fist's strike (issue 9).

A walking wrist is carried by a body that rises and falls at every step: the centre of mass moves 3-5 cm up and down
each step, so the trunk's vertical acceleration at the step rate is about 1-3 m/s^2 at a brisk walk's cadence, and
it reaches the wrist whole (the arm hangs from the shoulder; the bob's 2-3 Hz is far under any tissue's damping).
The trunk's surge along the walk at the same rate is as large or smaller, the side sway and the arm's swing lie at
the stride rate (half the step rate); the swing's own step-rate part is its centripetal pull along the arm (about
vertical) and a little tangential. So a walk's movement at its step rate runs mostly along gravity, however the watch
is turned. A stationary striking set (speed bag, pad drill, a tapping drill on a wall) at the same rate moves the
fist across gravity: its step-rate movement is the punch, and its share along gravity is the punch's elevation's
``sin^2`` (0.03 at 10 degrees, 0.12 at 20, 0.25 at 30), with no bob at all. What it cannot tell from a walk: strikes
30 degrees or more upward, taps straight down (a drill on a table), and a boxer who bounces on their toes by 0.6 of
the punch's acceleration or more (tests/core/test_brisk_walk_stationary.py): their rhythm runs along gravity as a bob.

A walk whose hands hold a pram's (a trolley's, a wheelchair's) handle does not bob at the wrist: the handle's height
is the wheels', the bob is taken up at the elbows, and the step-rate movement is the push's surge along the walk
(vertical share 0.06-0.11 with a bob of 0.3 of the surge, tests/core/test_pram_walk.py). Its footfalls still ring
the wrist along gravity (the ground's reaction at a heel strike is vertical), where a fist's strike rings along the
punch: :func:`ring_vertical_share` (:attr:`tremor.core.features.Frames.ring_vertical_share`) tells them apart, and
:func:`bobs` takes a bout whose rings land along gravity for a walk.

:func:`vertical_share` is that share for each frame: of the power within :data:`VERTICAL_HALF_HZ` of the frame's
movement peak (:attr:`tremor.core.features.Frames.peak_movement_hz`), the part along the window's mean (its gravity
direction; :func:`tremor.core.spectral.axis_window_psd_along`). Computed once where the frame features are made,
it is one column of the frame table (:attr:`tremor.core.features.Frames.vertical_share`), live and batch alike.
:data:`WALK_MIN_VERTICAL_SHARE` is a walk's floor: under a third (a movement with no direction puts a third of its
power on any axis), at a fist's share 30 degrees above the horizontal.
"""

from __future__ import annotations

import numpy as np

from tremor.core.spectral import BANDS

__all__ = [
    "VERTICAL_HALF_HZ",
    "VERTICAL_BELOW_HZ",
    "WALK_MIN_VERTICAL_SHARE",
    "RING_BAND_HZ",
    "WALK_MIN_RING_SHARE",
    "STEP_READ_MIN_HZ",
    "vertical_share",
    "ring_vertical_share",
    "bobs",
]

#: Half width (Hz) about the movement peak over which the share is taken: a 2 s Hann window spreads a line over
#: +-0.36 Hz at half power; the stride rate lies 1.2-1.7 Hz from a brisk walk's step rate, outside it.
VERTICAL_HALF_HZ = 0.5

#: The component along gravity is kept up to this (Hz): the movement peak's band (0.4-4 Hz) and its half width.
VERTICAL_BELOW_HZ = 4.0 + VERTICAL_HALF_HZ

#: A walk's least share of its step-rate movement along gravity: under a third (a movement with no direction), the
#: share of a fist's strike 30 degrees over the horizontal; a walk's bob leads its step-rate movement (the trunk's
#: vertical acceleration at least its surge's), a horizontal strike puts next to none there.
WALK_MIN_VERTICAL_SHARE = 0.25

#: The band (Hz) where a footfall or a strike rings the wrist (:data:`tremor.core.spectral.BANDS` ``high_tremor``,
#: both edges in).
RING_BAND_HZ = (BANDS["high_tremor"].low_hz, BANDS["high_tremor"].high_hz)

#: A footfall's least share of its ring along gravity: a half, most of it (a ring with no direction, the sensor's
#: noise, puts a third there). The ground's reaction at a heel strike is vertical, so a walk's rings run along
#: gravity (0.79-0.87 in the walks of tests/core/wrist_walk.py and tests/core/test_pram_walk.py) whatever carries the
#: hand; a fist's strike rings along the punch (its elevation's ``sin^2``, 0-0.05 for the strikes of
#: tests/core/test_brisk_walk_stationary.py, bouncing or not, and 0.25 at 30 degrees).
WALK_MIN_RING_SHARE = 0.5

#: A gait cadence over this is a step rate, never a stride's: a walk's stride rate stays under 1.2 Hz (2.4 steps/s),
#: a run's under 1.75 Hz (:data:`tremor.core.gait.RUN_STRIDE_HZ`); a bout read there must bob (:func:`bobs`), by
#: :func:`tremor.core.gait.footsteps` (to 2.6 Hz) as by :func:`tremor.core.brisk_walk.brisk_walk` (over it).
STEP_READ_MIN_HZ = 1.75


def vertical_share(freqs: np.ndarray, psd: np.ndarray, along: np.ndarray, peak_hz: np.ndarray) -> np.ndarray:
    """Each frame's share of its movement peak's power that lies along its gravity direction.

    Parameters
    ----------
    freqs : ndarray, shape (n_freqs,)
        Frequencies in Hz of ``psd``.
    psd : ndarray, shape (n_frames, n_freqs)
        PSD summed over axes, (m/s^2)^2/Hz.
    along : ndarray, shape (n_frames, k)
        PSD of the component along each window's mean at ``freqs[:k]``
        (:func:`tremor.core.spectral.axis_window_psd_along`, up to :data:`VERTICAL_BELOW_HZ`).
    peak_hz : ndarray, shape (n_frames,)
        The frames' movement peaks in Hz.

    Returns
    -------
    ndarray, shape (n_frames,)
        The along-gravity power within :data:`VERTICAL_HALF_HZ` of the peak over all the power there, 0-1; NaN where
        the peak is unknown, the window's gravity unknown (its mean nil or NaN) or no power lies there.
    """
    k = along.shape[1]
    near = np.abs(freqs[None, :k] - np.asarray(peak_hz, dtype=np.float64)[:, None]) <= VERTICAL_HALF_HZ
    share = _share(
        np.sum(np.where(near, along, 0.0), axis=1), np.sum(np.where(near, psd[:, :k], 0.0), axis=1)
    )
    share[~near.any(axis=1)] = np.nan
    return share


def ring_vertical_share(freqs: np.ndarray, psd: np.ndarray, along: np.ndarray) -> np.ndarray:
    """Each frame's share of its :data:`RING_BAND_HZ` power that lies along its gravity direction.

    Parameters
    ----------
    freqs : ndarray, shape (n_freqs,)
        Frequencies in Hz of ``psd``.
    psd : ndarray, shape (n_frames, n_freqs)
        PSD summed over axes, (m/s^2)^2/Hz.
    along : ndarray, shape (n_frames, k)
        PSD of the component along each window's mean at ``freqs[:k]``.

    Returns
    -------
    ndarray, shape (n_frames,)
        0-1; NaN where ``along`` does not reach the band (a rate that cannot show it), the gravity is unknown or no
        power lies there.
    """
    k = along.shape[1]
    band = (freqs[:k] >= RING_BAND_HZ[0]) & (freqs[:k] <= RING_BAND_HZ[1])
    if k == 0 or freqs[k - 1] < RING_BAND_HZ[1] or not band.any():
        return np.full(psd.shape[0], np.nan)
    return _share(np.sum(along[:, band], axis=1), np.sum(psd[:, :k][:, band], axis=1))


def _share(along_power: np.ndarray, total: np.ndarray) -> np.ndarray:
    """The along-gravity power over all the power, per frame, 0-1 (NaN where it is not a finite ratio)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        share = along_power / total
    share[~np.isfinite(share)] = np.nan
    return np.clip(share, 0.0, 1.0)


def bobs(share: np.ndarray, ring_share: np.ndarray | None = None) -> bool:
    """Whether a gait bout read at its step rate moves along gravity as a walking body's bob does.

    Parameters
    ----------
    share : ndarray
        The bout's frames' :attr:`tremor.core.features.Frames.vertical_share` (NaN where unknown).
    ring_share : ndarray, optional
        The bout's frames' :attr:`tremor.core.features.Frames.ring_vertical_share` (NaN where unknown).

    Returns
    -------
    bool
        False where the median of the known shares is under :data:`WALK_MIN_VERTICAL_SHARE` (the step-rate movement
        runs across gravity) and the rings do not land along gravity (median ``ring_share`` under
        :data:`WALK_MIN_RING_SHARE`, or unknown): a fist's strikes, no body's bob. True where it is not, where no
        share is known (the samples hold no gravity: the bob cannot be told from a strike, and the other gait rules
        decide alone), or where the rings land along gravity as footfalls do (hands on a pram's handle: the bob
        taken up at the elbows, the step-rate movement the push's surge along the walk).
    """
    known = np.asarray(share, dtype=np.float64)
    known = known[np.isfinite(known)]
    if not known.size or float(np.median(known)) >= WALK_MIN_VERTICAL_SHARE:
        return True
    ring = np.asarray(ring_share if ring_share is not None else [], dtype=np.float64)
    ring = ring[np.isfinite(ring)]
    return bool(ring.size) and float(np.median(ring)) >= WALK_MIN_RING_SHARE
