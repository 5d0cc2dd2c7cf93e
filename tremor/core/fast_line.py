"""A line above the tremor bands too large for a body: a machine in the hand, folded or not (issue 9, red team R9).

A jigsaw's blade strokes 38-47 times a second and shakes the hand holding it by 2-5 m/s^2 RMS. A sensor sampling at
50 Hz without an anti-alias filter folds the stroke to ``|f - 50|`` = 3-12 Hz, rising as the load slows the blade,
and its harmonics to twice and three times that: a harmonic series like a tremor's, drifting, so no steady machine
line. What no body makes is its size above 13 Hz. A muscle's force is the sum of its motor units' twitches, each
lasting 50-100 ms, so the limb's force fluctuations fall steeply above 10-12 Hz: a wrist's physiological tremor is
0.01-0.05 m/s^2 RMS, the 13-18 Hz rhythm of an orthostatic tremor reaches an arm only when it bears weight, at a
few hundredths, and a large tremor's own harmonics at 13-20 Hz are a tenth or less of its fundamental (an
essential tremor of 1 m/s^2 at 6-8 Hz: 0.04-0.11 m/s^2 within +-1 Hz of the 13-20 Hz peak; a parkinsonian tremor
of 3 m/s^2 at 5 Hz, its 3rd harmonic at 10 %: 0.3). The jigsaw's fold puts 1-3 m/s^2 there (its fundamental above
13 Hz, or its 2nd or 3rd harmonic).

:func:`fast_line_rms` reads each frame's spectrum (:attr:`tremor.core.features.Frames.psd`, 2-20 Hz, machine lines
already removed): the RMS within :data:`~tremor.core.plausibility.NEAR_PEAK_HZ` of its highest bin at
:data:`FAST_LO_HZ` or above. A stretch (a set, an out-of-band episode) is shaken by a machine when at least
:data:`FAST_SHARE` of its frames hold :data:`FAST_LINE_MIN_MPS2` or more (:func:`machine_fast`): its tremor is not
assessable (reason ``"fast_line"``), no tremor label, episode or cause is drawn from it.

Measured (h-fold, through :func:`tremor.core.analysis.analyze`; the median over a set's frames): the jigsaw's cuts at
50 Hz (``gen_r9.py clipper --extras jigsaw``, seeds 11-19) 0.95-3.1 m/s^2; true tremors, fresh seeds 301-305 at
50/100/200 Hz: fatigue holds 0.002-0.005, essential-like postural tremors of 0.3-1 m/s^2 0.04-0.11 (their 90th
percentile frame 0.21), and of 1-2 m/s^2 up to 0.2, large re-emergent rest tremors in holds (0.5-2 m/s^2 at 4-5 Hz)
0.005 or less. Against the base, fresh seeds 306-307: 108 true-tremor sets, their episodes and clinician causes
unchanged; the jigsaw at 50 Hz (seeds 11-19): a tremor label 7 of 9 -> 0 of 9. A set whose band a found machine
line covers keeps that reason (``"vibration"``). Limits: a machine shaking the hand under 0.5 m/s^2 above 13 Hz is
not found here; a tremor of 2 m/s^2 with a 2nd harmonic of 35 % above 13 Hz would be taken for a machine.
"""

from __future__ import annotations

import numpy as np

from tremor.core.features import PSD_FREQS
from tremor.core.plausibility import NEAR_PEAK_HZ

__all__ = [
    "FAST_LINE_MIN_MPS2",
    "FAST_LINE_WORDS",
    "FAST_LO_HZ",
    "FAST_SHARE",
    "fast_line_rms",
    "machine_fast",
]

#: Lowest frequency (Hz) of the line sought: above the tremor bands of the arm (3-12 Hz).
FAST_LO_HZ = 13.0
#: RMS (m/s^2) of a line at FAST_LO_HZ or above that no body makes at the wrist (5x a large essential tremor's
#: harmonic there, a third of the smallest jigsaw fold measured).
FAST_LINE_MIN_MPS2 = 0.5
#: Share of a stretch's frames holding such a line for the stretch to be a machine's.
FAST_SHARE = 1.0 / 3.0
#: What the notes say of such a stretch.
FAST_LINE_WORDS = (
    f"a rhythm of {FAST_LINE_MIN_MPS2:g} m/s^2 RMS or more above {FAST_LO_HZ:g} Hz shook the wrist, larger than "
    "any tremor of the body there: a machine in the hand or against it (a power tool such as a jigsaw or sander, "
    "whose strokes a sensor without an anti-alias filter folds into the tremor bands), so tremor is not assessable "
    "in it (no tremor RMS, fatigue ratio or tremor label). If no motor, vehicle or vibrating tool was in contact "
    "with the sensor, re-test rested with the forearm supported on a table, and if the rhythm comes back, see a "
    "clinician"
)

_HI = PSD_FREQS >= FAST_LO_HZ
_DF = float(PSD_FREQS[1] - PSD_FREQS[0])


def fast_line_rms(psd: np.ndarray) -> np.ndarray:
    """RMS (m/s^2) of each frame's strongest line at :data:`FAST_LO_HZ` or above.

    Parameters
    ----------
    psd : np.ndarray
        Frame spectra on :data:`tremor.core.features.PSD_FREQS`, shape (n, len(PSD_FREQS)), (m/s^2)^2/Hz.

    Returns
    -------
    np.ndarray
        Shape (n,): the square root of the power within ``NEAR_PEAK_HZ`` of each frame's highest bin there; NaN
        where the frame's spectrum is not finite.
    """
    p = np.asarray(psd, dtype=np.float64).reshape(-1, len(PSD_FREQS))
    out = np.full(len(p), np.nan)
    ok = np.all(np.isfinite(p), axis=1)
    if not ok.any():
        return out
    hi = np.flatnonzero(_HI)
    top = PSD_FREQS[hi[np.argmax(p[ok][:, hi], axis=1)]]
    near = np.abs(PSD_FREQS[None, :] - top[:, None]) <= NEAR_PEAK_HZ
    out[ok] = np.sqrt((p[ok] * near).sum(axis=1) * _DF)
    return out


def machine_fast(psd: np.ndarray) -> bool:
    """Whether a stretch's frames hold a line above the tremor bands too large for a body.

    Parameters
    ----------
    psd : np.ndarray
        The stretch's frame spectra, as :func:`fast_line_rms` takes them.

    Returns
    -------
    bool
        True where 3 or more frames have a finite spectrum and at least :data:`FAST_SHARE` of them hold
        :data:`FAST_LINE_MIN_MPS2` or more.
    """
    rms = fast_line_rms(psd)
    rms = rms[np.isfinite(rms)]
    return bool(rms.size >= 3 and np.mean(rms >= FAST_LINE_MIN_MPS2) >= FAST_SHARE)
