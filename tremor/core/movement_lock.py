"""A set's 6-12 Hz power locked to its movement's harmonics: movement, not tremor (issue 9).

:func:`tremor.core.sets.movement_leak` leaves out the frames whose 6-12 Hz RMS reaches
:data:`tremor.core.sets.LEAK_SLOPE_MPS2` on a spectrum falling from the movement. Under that level a
quick lift's harmonics (curls at a 3 s rep, the lift in a third of it) still fill the band at 0.06-0.09
m/s^2 RMS, 30-40x rest, with no tremor line. Harmonics are phase-locked to the reps: each frame's 6-12 Hz
power rises and falls with its 3-7 Hz power (both come from the same jerk of the lift), while a tremor
through the same reps has its own envelope and stands as a line in the band. :func:`harmonics_locked`
judges the frames a set has left on both: the envelope and the spectrum's shape.
"""

from __future__ import annotations

import numpy as np

from tremor.core.features import PSD_FREQS
from tremor.core.oob_shape import SKIRT_MIN_PROMINENCE, skirt_prominence

__all__ = ["LOCK_MIN_R", "LOCK_MIN_FRAMES", "FALL_BAND", "FALL_BELOW", "LINE_BELOW", "harmonics_locked"]

#: The logarithms of the 6-12 Hz and 3-7 Hz power of a set's frames correlate at 0.97-0.99 under quick-lift
#: curls with no tremor (0.33 Hz, 60-110 deg, 0.01-0.02 m/s^2 resting tremor); 0.89-0.91 with a 0.03 m/s^2
#: tremor under 0.09 m/s^2 of harmonics (which cannot be told from them); 0.35-0.62 with a 0.08-0.2 m/s^2
#: tremor; 0.08-0.67 for a 0.03-0.2 m/s^2 tremor through sinusoidal curls (single recordings of
#: benchmarks/oob_physics_sweep.session with a 9 Hz tremor through the set, h-leak).
LOCK_MIN_R = 0.8
#: The fewest frames (0.5 s apart) to judge that correlation on: 5 s, more than one rep at 0.3 Hz.
LOCK_MIN_FRAMES = 10
#: Spectrum bins of the band, and of 3.5-5 Hz below it, that :func:`harmonics_locked` compares: 3.5-5 Hz
#: lies a 2 s Hann window's main lobe half-width (1 Hz) or more below a line at 6 Hz or above, which
#: therefore stands over it; harmonics falling from the movement's fundamental do not.
FALL_BAND = (PSD_FREQS >= 6.0) & (PSD_FREQS <= 12.0)
FALL_BELOW = (PSD_FREQS >= 3.5) & (PSD_FREQS <= 5.0)
#: Bins where an out-of-band tremor line may stand (3.25-6 Hz): one standing over its own skirt
#: (:func:`tremor.core.oob_shape.skirt_prominence`) is a rhythm whose harmonics fill the band, not a
#: movement's falling harmonics, and is judged by the out-of-band rules.
LINE_BELOW = (PSD_FREQS >= 3.25) & (PSD_FREQS <= 6.0)


def harmonics_locked(power_low: np.ndarray, power_phys: np.ndarray, spectrum: np.ndarray) -> bool:
    """Whether a set's 6-12 Hz power is its movement's harmonics, locked to the reps, with no tremor line.

    Parameters
    ----------
    power_low, power_phys : ndarray
        3-7 Hz and 6-12 Hz power of the set's frames that :func:`tremor.core.sets.movement_leak` left
        in, (m/s^2)^2.
    spectrum : ndarray
        Their mean power spectral density on :data:`tremor.core.features.PSD_FREQS`, (m/s^2)^2/Hz.

    Returns
    -------
    bool
        True where there are at least :data:`LOCK_MIN_FRAMES` frames, the spectrum falls through the
        band (the mean 3-7 Hz power is at least the mean 6-12 Hz power, and no bin of
        :data:`FALL_BAND` stands above the highest of :data:`FALL_BELOW`), and the logarithms of the two
        powers correlate at :data:`LOCK_MIN_R` or more frame by frame (the band's envelope is the
        movement's). A tremor line at 6-7 Hz puts its own rising envelope into both bands, but stands
        as a peak; so does an out-of-band line at 3.25-6 Hz whose harmonics fill the band
        (:data:`LINE_BELOW`): neither is locked harmonics.
    """
    low = np.asarray(power_low, float)
    phys = np.asarray(power_phys, float)
    ok = np.isfinite(low) & np.isfinite(phys) & (low > 0) & (phys > 0)
    low, phys = low[ok], phys[ok]
    if low.size < LOCK_MIN_FRAMES or low.mean() < phys.mean():
        return False
    spec = np.nan_to_num(np.asarray(spectrum, float))
    if spec[FALL_BAND].max() > spec[FALL_BELOW].max():
        return False
    below = np.flatnonzero(LINE_BELOW)
    top = below[int(np.argmax(spec[below]))]
    if float(skirt_prominence(spec, np.array([top]))[0]) >= SKIRT_MIN_PROMINENCE:
        return False  # a line at 3.25-6 Hz (a 5 Hz tremor and its harmonic in the band), not a falling skirt
    a, b = np.log(low), np.log(phys)
    a, b = a - a.mean(), b - b.mean()
    den = float(np.sqrt(np.sum(a * a) * np.sum(b * b)))
    return den > 0 and float(np.sum(a * b)) / den >= LOCK_MIN_R
