"""A machine's harmonics folded into the tremor bands by a sensor without an anti-alias filter (issue 9).

Many MEMS accelerometers sample without an anti-alias filter. A machine on the body (a percussion massage gun at
40-55 Hz, a power tool) is an impact train whose harmonics reach far above half the sampling rate; each folds to
``|k f - m fs|``, the distance from harmonic ``k f`` to its nearest multiple of the rate (:func:`fold`). A gun at
49.1 Hz sampled at 100 Hz puts its own line at 49.1 Hz and its harmonics at 1.8, 3.6, 5.4, ... Hz (the even
ones, ``j |fs - 2 f|``) and 47.3, 45.5, ... Hz (the odd ones): a comb about 1.8 Hz apart through the movement
and tremor bands. Its lines are the machine's, not the wrist's: where they fill the tremor bands no tremor can be
read there, and where they reach the movement band no set can be read from its "movement" either. As the gun's
rate wanders with the pressure, the comb's spacing ``|fs - 2 f|`` swings through zero (at ``f = fs / 2`` every
harmonic folds onto 0 Hz or onto half the rate), so the comb moves, spreads and collapses from one second to
the next, and the broadband rule of :mod:`tremor.core.external_vibration` catches only parts of a bout.

What no wrist does, and what tells the comb apart from a tremor's own harmonics (which are locked to it as
well, so even spacing alone does not): a line above the tremor bands (from :data:`FOLD_LOW_HZ`, above the
13-18 Hz band and a line's width) of :data:`FOLD_MIN_MPS2` RMS or more, sustained. Muscle drives nothing
there: a 10-12 Hz tremor's second harmonic is a fifth to a third of it, 0.1 m/s^2 for an uncommonly strong
0.5 m/s^2 tremor; a treadmill's motor line at the wrist is 0.02-0.05 m/s^2. Such a line alone (a motor,
a pure tone) leaves the tremor bands to the person, so each frame also asks whether the line explains them:
the share of the 2-18 Hz power that lies within a line's width of the line's folded harmonics
``fold(k g, fs)``, ``k`` = 2 to :data:`FOLD_HARMONICS` (:func:`folded_comb_power`). The folded positions
depend only on the observed line ``g``, whichever alias of the machine's rate it is (``k (m fs - g)`` and
``k g`` fold to the same place). A frame is under a folded comb where the line holds
:data:`FOLD_MIN_MPS2` or more and its harmonics hold :data:`FOLD_SHARE` or more of a loud 2-18 Hz band
(:func:`tremor.core.external_vibration.find_external_vibration` takes both).

Measured limits (own physics, ``tests/core/test_folded_comb.py``; docs/accuracy.md): an aliased gun of 1.5-4
m/s^2 RMS at 40-55 Hz is external vibration over its bouts at 100 Hz (31 rates in 0.5 Hz steps: every bout 95 %
or more, no set, episode or clinician note; 16 false sets and 2 episodes before) and at 200 Hz (16 rates). At
50 Hz the gun's own line folds into the bands (``|f - 50|`` Hz, and its comb is an exact harmonic series of it):
frame by frame 2 Hz or more from the rate a bout is covered 0.8 on average, but through the pipeline 48-52 Hz
guns are mostly missed: the movement band holds the gun's own line, so its frames count as the person's movement
(:data:`tremor.core.external_vibration.FOLD_OVER_MOVEMENT`), and false ``reps`` sets remain. A true tremor together with such a machine line is not assessable where the comb's
predicted lines cover it: near half the rate the comb is dense (1-2 Hz apart) and covers any tremor frequency,
so a tremor under a running gun is not read (it cannot be told from the comb there).
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "FOLD_LOW_HZ",
    "FOLD_MIN_MPS2",
    "FOLD_HARMONICS",
    "FOLD_SHARE",
    "FOLD_BAND_HZ",
    "FOLD_TOL_HZ",
    "FOLD_TOL_PER_K_HZ",
    "FOLD_SKIRT_HZ",
    "FOLD_TREMOR_HARMONICS",
    "FOLD_HARMONIC_MIN_MPS2",
    "FOLD_CONTRAST",
    "fold",
    "folded_comb_power",
]

#: Lowest frequency (Hz) searched for the machine's line: the 13-18 Hz band's top and a line's half width more
#: (an orthostatic tremor's line at 18 Hz leaves only its falling skirt here, which :data:`FOLD_CONTRAST` refuses).
FOLD_LOW_HZ = 19.0
#: A line above :data:`FOLD_LOW_HZ` this strong (RMS, m/s^2, within a line's width) is no wrist's own: 2-10
#: times the strongest tremor harmonic that reaches there (a 0.5 m/s^2 10-12 Hz tremor with a 20 % second
#: harmonic: 0.1), 4-10 times a treadmill motor's line at the wrist, and a tenth of a massage gun's.
FOLD_MIN_MPS2 = 0.2
#: A line within a line's width (and :data:`FOLD_TOL_PER_K_HZ` per harmonic) of the 2nd to this harmonic of the
#: 2-18 Hz band's highest peak may be a tremor's own harmonic (a 5.8-6.3 Hz rest tremor's third lies at 17.5-19
#: Hz, 0.24 m/s^2 for a 0.86 m/s^2 tremor with a 19 % third, waxing by 30 %) ...
FOLD_TREMOR_HARMONICS = 6
#: ... and is taken for a machine's only from this RMS (m/s^2): the harmonic of a 2.5 m/s^2 tremor at 20 %.
FOLD_HARMONIC_MIN_MPS2 = 0.5
#: Harmonics 2 to this are folded (an impact train's k-th harmonic is about 1/k of its line; beyond the tenth
#: the gun's wander of 1-2 % smears each over more than the band).
FOLD_HARMONICS = 10
#: The band whose power the folded harmonics must explain (Hz): the tremor bands (3-18 Hz) with the
#: movement band's top.
FOLD_BAND_HZ = (2.0, 18.0)
#: Share of that band's power within the folded harmonics' lines.
FOLD_SHARE = 0.5
#: A folded harmonic's line spans this much either side (Hz): most of a 2 s Hann window's main lobe ...
FOLD_TOL_HZ = 0.75
#: ... plus this per harmonic number: the line's frequency is read to a quarter-Hz bin (k times its half-bin
#: error) and the machine's rate wanders within the window.
FOLD_TOL_PER_K_HZ = 0.15
#: A line's half width (Hz) for its power: a 2 s Hann window's main lobe.
_LINE_HALF_HZ = 1.0
#: The line must hold :data:`FOLD_CONTRAST` times the power of its skirt, the bins from 1 Hz to this far (Hz)
#: either side: a machine's line is narrow (a gun's next folded lines, 1/3 and 1/5 of it, lie ``|fs - 2 f|``
#: away), while the top of a broad spectrum (a landing's or a footfall's ring, an impact train's dense comb)
#: holds as much beside its highest bin as in it (0.1-0.25 of it in the skirt's place for jumps).
FOLD_SKIRT_HZ = 2.5
FOLD_CONTRAST = 2.0


def fold(freq_hz: np.ndarray, fs: float) -> np.ndarray:
    """Where a sensor sampling at ``fs`` without an anti-alias filter shows a frequency: ``|f - m fs|``.

    Parameters
    ----------
    freq_hz : ndarray
        True frequencies in Hz (non-negative).
    fs : float
        Sampling rate in Hz.

    Returns
    -------
    ndarray
        The folded frequencies, 0 to ``fs / 2`` Hz.
    """
    return np.abs(np.asarray(freq_hz, dtype=np.float64) - fs * np.round(np.asarray(freq_hz) / fs))


def folded_comb_power(freqs: np.ndarray, psd: np.ndarray, fs: float) -> tuple[np.ndarray, np.ndarray]:
    """Each window's strongest line above :data:`FOLD_LOW_HZ`, where its folded harmonics explain 2-18 Hz.

    Parameters
    ----------
    freqs : ndarray, shape (n_bins,)
        Frequencies of the spectrum in Hz, evenly spaced from 0 up to ``fs / 2``.
    psd : ndarray, shape (n_frames, n_bins)
        One-sided power spectral density in (m/s^2)^2/Hz (summed over axes).
    fs : float
        Sampling rate in Hz.

    Returns
    -------
    power : ndarray, shape (n_frames,)
        The line's power in (m/s^2)^2 (bins within 1 Hz of its peak) where it stands out of its skirt
        (:data:`FOLD_CONTRAST`) and its harmonics 2 to :data:`FOLD_HARMONICS`, folded at ``fs``, hold
        :data:`FOLD_SHARE` or more of the 2-18 Hz power; 0 where not; NaN where the rate holds no line above :data:`FOLD_LOW_HZ` (under 40 Hz).
    line_hz : ndarray, shape (n_frames,)
        The line's frequency in Hz (NaN likewise).
    """
    n = psd.shape[0]
    hi = np.flatnonzero(freqs >= FOLD_LOW_HZ)
    if n == 0 or hi.size == 0 or freqs[-1] < FOLD_LOW_HZ + _LINE_HALF_HZ or freqs.size < 2:
        return np.full(n, np.nan), np.full(n, np.nan)
    p = np.asarray(psd, dtype=np.float64)
    df = float(freqs[1] - freqs[0])
    j = hi[0] + np.argmax(p[:, hi], axis=1)
    g = freqs[j]
    half = int(round(_LINE_HALF_HZ / df))
    reach = int(round(FOLD_SKIRT_HZ / df))
    c0 = max(int(hi[0]) - reach, 0)  # the line's bins and its skirt lie from here up
    cs = np.concatenate([np.zeros((n, 1)), np.cumsum(p[:, c0:], axis=1)], axis=1)
    rows = np.arange(n)

    def within(w: int) -> np.ndarray:
        return (
            cs[rows, np.clip(j + w + 1, c0, freqs.size) - c0] - cs[rows, np.clip(j - w, c0, freqs.size) - c0]
        ) * df

    line = within(half)
    # a line stands out of its skirt; the falling edge of a broad spectrum (a landing's ring) does not
    isolated = line >= FOLD_CONTRAST * (within(reach) - line)
    band = np.flatnonzero((freqs >= FOLD_BAND_HZ[0]) & (freqs <= FOLD_BAND_HZ[1]))
    k = np.arange(2, FOLD_HARMONICS + 1, dtype=np.float64)
    at = fold(g[:, None] * k[None, :], fs)  # (n_frames, harmonics)
    tol = FOLD_TOL_HZ + FOLD_TOL_PER_K_HZ * k
    # the band's bins within tol of a folded harmonic: each harmonic's span of bins marked in a difference array
    m = band.size
    centre = (at - freqs[band[0]]) / df
    first = np.clip(np.ceil(centre - tol / df - 1e-9), 0, m).astype(np.intp)
    last = np.clip(np.floor(centre + tol / df + 1e-9) + 1, 0, m).astype(np.intp)
    last = np.maximum(last, first)
    flat = rows[:, None] * (m + 1)
    size = n * (m + 1)
    marks = np.bincount((flat + first).ravel(), minlength=size) - np.bincount(
        (flat + last).ravel(), minlength=size
    )
    marks = marks.reshape(n, m + 1)
    near = np.cumsum(marks[:, :m], axis=1) > 0
    pb = p[:, band]
    total = pb.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(total > 0, (pb * near).sum(axis=1) / total, 0.0)
    # a line at a small multiple of the band's own peak may be a tremor's harmonic: only a much stronger one is no
    # wrist's (at 50 Hz an aliased gun is such a series too: its line |f - 50| Hz lies in the band)
    peak = freqs[band][np.argmax(pb, axis=1)]
    m = np.round(g / np.maximum(peak, 1e-9))
    harmonic = (
        (m >= 2)
        & (m <= FOLD_TREMOR_HARMONICS)
        & (np.abs(g - m * peak) <= FOLD_TOL_HZ + FOLD_TOL_PER_K_HZ * m)
    )
    strong = ~harmonic | (line >= FOLD_HARMONIC_MIN_MPS2**2)
    return np.where((share >= FOLD_SHARE) & isolated & strong, line, 0.0), g
