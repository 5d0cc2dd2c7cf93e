"""Spectra of short windows and what is read off them: band powers and peak frequencies.

Pure functions over arrays. Power spectral densities are one-sided, in (m/s^2)^2/Hz, summed over
the three axes (so they do not depend on how the sensor is turned), Hann-windowed, with the
window's mean and linear trend removed first.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import signal

from tremor.core._check import check_fs

__all__ = [
    "Band",
    "BANDS",
    "window_psd",
    "axis_window_psd",
    "axis_window_psd_along",
    "centred_windows",
    "band_power",
    "mask_columns",
    "peak_frequency",
    "welch_psd",
]


@dataclass(frozen=True)
class Band:
    """A named frequency band in Hz (``low <= f < high``, to :data:`EDGE_TOLERANCE_BINS` of a bin)."""

    name: str
    low_hz: float
    high_hz: float

    def mask(self, freqs: np.ndarray) -> np.ndarray:
        """Boolean mask of ``freqs`` inside the band.

        Parameters
        ----------
        freqs : ndarray
            Frequencies in Hz.

        Returns
        -------
        ndarray of bool
            True where ``low_hz <= freqs < high_hz``, both edges moved down by
            :data:`EDGE_TOLERANCE_BINS` of the bin width (the spacing of evenly spaced ``freqs``):
            a bin within that of an edge counts as on it.
        """
        freqs = np.asarray(freqs)
        tol = EDGE_TOLERANCE_BINS * abs(float(freqs[1] - freqs[0])) if freqs.size > 1 else 0.0
        return (freqs >= self.low_hz - tol) & (freqs < self.high_hz - tol)

    @property
    def label(self) -> str:
        """Human label, e.g. ``6-12 Hz``."""
        return f"{self.low_hz:g}-{self.high_hz:g} Hz"


#: A bin within this fraction of a bin width of a band edge counts as on the edge (inside at the
#: low edge, outside at the high one). The band edges (0.25, 3, 6, 7, 12, 13, 18 Hz) fall on bins
#: of 2 s and 4 s windows, so ``low <= f < high`` on the bins' float frequencies made band powers
#: depend on the last bits of the sampling rate: a 50 Hz recording measured at 49.9947 Hz put its
#: 6 Hz bin at 5.9994 Hz, outside 6-12 Hz, and changed a set's end/start ratio from 1.58 to 1.26;
#: MetaWear's 12.5 Hz read as 12.499999999999998 moved a bin the same way. 1 % of a bin holds the
#: bands still for rate errors up to 0.04 % (at 12 Hz with 0.5 Hz bins) and moves no bin that
#: lies on the grid.
EDGE_TOLERANCE_BINS = 0.01

#: The bands the analysis reports.
BANDS = {
    "movement": Band("movement", 0.25, 3.0),
    "low_tremor": Band("low_tremor", 3.0, 7.0),
    "physiological": Band("physiological", 6.0, 12.0),
    "high_tremor": Band("high_tremor", 13.0, 18.0),
}


def window_psd(frames: np.ndarray, *, fs: float, nfft: int) -> tuple[np.ndarray, np.ndarray]:
    """PSD of each window in ``frames``, summed over axes.

    Parameters
    ----------
    frames : ndarray, shape (n_frames, n_samples, n_axes)
        Windows of acceleration in m/s^2.
    fs : float
        Sampling rate in Hz.
    nfft : int
        FFT length (>= n_samples; zero padding interpolates the spectrum).

    Returns
    -------
    freqs : ndarray, shape (nfft // 2 + 1,)
        Frequencies in Hz.
    psd : ndarray, shape (n_frames, nfft // 2 + 1)
        One-sided PSD in (m/s^2)^2/Hz, summed over axes.
    """
    freqs, psd, _ = axis_window_psd(np.moveaxis(np.asarray(frames, dtype=np.float64), 2, 0), fs=fs, nfft=nfft)
    return freqs, psd


def axis_window_psd(
    windows: np.ndarray, *, fs: float, nfft: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`window_psd` of windows laid out axis first: shape (n_axes, n_frames, n_samples).

    The same computation as :func:`window_psd` (to float rounding) with each window contiguous,
    which is several times faster than windows of interleaved axes; ``windows`` may be a strided
    view (e.g. of :func:`numpy.lib.stride_tricks.sliding_window_view`). Also returns the mean of
    each window, shape (n_frames, n_axes).

    Parameters
    ----------
    windows : ndarray, shape (n_axes, n_frames, n_samples)
        Windows of acceleration in m/s^2, axis first.
    fs : float
        Sampling rate in Hz.
    nfft : int
        FFT length (>= n_samples; zero padding interpolates the spectrum).

    Returns
    -------
    freqs : ndarray, shape (nfft // 2 + 1,)
        Frequencies in Hz.
    psd : ndarray, shape (n_frames, nfft // 2 + 1)
        One-sided PSD in (m/s^2)^2/Hz, summed over axes.
    mean : ndarray, shape (n_frames, n_axes)
        Mean acceleration of each window in m/s^2 (removed before the transform).
    """
    freqs, psd, mean, _ = axis_window_psd_along(windows, fs=fs, nfft=nfft, below_hz=-1.0)
    return freqs, psd, mean


def centred_windows(windows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each window's mean and the windows less it, laid out axis first: shape (n_axes, n_frames) and a new array
    of the windows' shape (the frames' spectra, envelopes and band kurtosis each start from it: made once).

    Parameters
    ----------
    windows : ndarray, shape (n_axes, n_frames, n_samples)
        Windows of acceleration in m/s^2, axis first.

    Returns
    -------
    mean : ndarray, shape (n_axes, n_frames)
        Each window's mean, m/s^2.
    centred : ndarray, shape (n_axes, n_frames, n_samples)
        ``windows - mean`` (the same values as each axis's ``x - x.mean(axis=1, keepdims=True)``).
    """
    mean = windows.mean(axis=2)
    return mean, windows - mean[:, :, None]


def axis_window_psd_along(
    windows: np.ndarray,
    *,
    fs: float,
    nfft: int,
    below_hz: float,
    centred: tuple[np.ndarray, np.ndarray] | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """:func:`axis_window_psd`, and the PSD of each window's component along its own mean up to ``below_hz``.

    Where the samples hold gravity, a window's mean is gravity's direction (the movement's mean is
    nearly nil), so the component along it is the vertical one, however the sensor is turned.

    Parameters
    ----------
    windows : ndarray, shape (n_axes, n_frames, n_samples)
        Windows of acceleration in m/s^2, axis first.
    fs : float
        Sampling rate in Hz.
    nfft : int
        FFT length (>= n_samples).
    below_hz : float
        The component's PSD is kept at the frequencies up to this (none where negative).
    centred : (ndarray, ndarray) or None
        :func:`centred_windows` of ``windows`` where the caller made it; its centred windows are used up (changed in
        place). None: made here.

    Returns
    -------
    freqs : ndarray, shape (nfft // 2 + 1,)
        Frequencies in Hz.
    psd : ndarray, shape (n_frames, nfft // 2 + 1)
        One-sided PSD in (m/s^2)^2/Hz, summed over axes (as :func:`axis_window_psd`).
    mean : ndarray, shape (n_frames, n_axes)
        Mean acceleration of each window in m/s^2.
    along : ndarray, shape (n_frames, k)
        One-sided PSD in (m/s^2)^2/Hz of the component along the window's mean at ``freqs[:k]``, the
        frequencies up to ``below_hz``; NaN in a window whose mean is nil.
    """
    fs = check_fs(fs)
    n = windows.shape[2]
    ramp, win, rr, scale = _window_consts(n, fs)
    mean, y = centred_windows(windows) if centred is None else centred  # (axes, frames), windows - mean
    slope = np.matmul(windows, ramp) / rr
    # as window_psd: (x - mean - slope * ramp) * hann, the same operations per element
    y -= slope[:, :, None] * ramp
    y *= win
    spec = np.fft.rfft(y, n=nfft, axis=2)
    del y
    freqs = np.fft.rfftfreq(nfft, 1.0 / fs)
    k = int(np.searchsorted(freqs, below_hz, side="right")) if below_hz >= 0 else 0
    norm = np.sqrt(np.sum(mean * mean, axis=0))  # (frames,)
    with np.errstate(divide="ignore", invalid="ignore"):
        unit = np.where(norm > 0, mean / norm, np.nan)
    along = np.abs(np.einsum("af,afk->fk", unit, spec[:, :, :k])) ** 2 * scale
    along[:, 1:] *= 2.0
    power = np.abs(spec)
    power *= power
    psd = power[0]
    for j in range(1, power.shape[0]):
        psd += power[j]
    psd *= scale
    psd[:, 1:] *= 2.0
    if nfft % 2 == 0:
        psd[:, -1] /= 2.0
    return freqs, psd, mean.T, along


_CONSTS: dict[tuple[int, float], tuple[np.ndarray, np.ndarray, float, float]] = {}


def _window_consts(n: int, fs: float) -> tuple[np.ndarray, np.ndarray, float, float]:
    key = (n, fs)
    c = _CONSTS.get(key)
    if c is None:
        ramp = np.arange(n) - (n - 1) / 2.0
        win = signal.get_window("hann", n, fftbins=True)
        c = _CONSTS[key] = (ramp, win, float(ramp @ ramp), 1.0 / (fs * float(np.sum(win**2))))
    return c


def welch_psd(acc: np.ndarray, *, fs: float, window_s: float = 4.0) -> tuple[np.ndarray, np.ndarray]:
    """Welch PSD of a (n, 3) signal summed over axes (50 % overlap, Hann, linear detrend).

    Parameters
    ----------
    acc : ndarray, shape (n_samples, n_axes)
        Acceleration in m/s^2.
    fs : float
        Sampling rate in Hz.
    window_s : float
        Length of each Welch segment in s; shortened to the whole signal when that is shorter.

    Returns
    -------
    freqs : ndarray
        Frequencies in Hz.
    psd : ndarray
        One-sided PSD in (m/s^2)^2/Hz, summed over axes.
    """
    fs = check_fs(fs)
    nper = min(int(round(window_s * fs)), acc.shape[0])
    freqs, pxx = signal.welch(acc, fs=fs, nperseg=nper, axis=0, detrend="linear")
    return freqs, pxx.sum(axis=1)


def band_power(freqs: np.ndarray, psd: np.ndarray, band: Band) -> np.ndarray:
    """Power in ``band`` (m/s^2)^2, integrating ``psd`` along its last axis.

    The integral is the sum of the PSD bins inside the band times the bin width, so ``freqs``
    must be evenly spaced.

    Parameters
    ----------
    freqs : ndarray, shape (n_freqs,)
        Evenly spaced frequencies in Hz.
    psd : ndarray, shape (..., n_freqs)
        PSD in (m/s^2)^2/Hz; the last axis is frequency.
    band : Band
        The band to integrate (``low_hz <= f < high_hz``).

    Returns
    -------
    ndarray, shape (...)
        Band power in (m/s^2)^2, one value per spectrum.

    Examples
    --------
    A 9 Hz sine of amplitude 0.1 m/s^2 has power 0.1**2 / 2 = 0.005 (m/s^2)^2, all of it in the
    physiological band:

    >>> import numpy as np
    >>> fs = 100.0
    >>> t = np.arange(400) / fs
    >>> frames = np.zeros((1, 400, 3))
    >>> frames[0, :, 0] = 0.1 * np.sin(2 * np.pi * 9.0 * t)
    >>> freqs, psd = window_psd(frames, fs=fs, nfft=400)
    >>> round(float(band_power(freqs, psd, BANDS["physiological"])[0]), 4)
    0.005
    >>> round(float(band_power(freqs, psd, BANDS["movement"])[0]), 4)
    0.0
    """
    mask = band.mask(freqs)
    df = float(freqs[1] - freqs[0])
    return psd[..., mask].sum(axis=-1) * df


def mask_columns(mask: np.ndarray) -> slice | np.ndarray:
    """The columns a boolean ``mask`` selects, as a slice where they are one run (a band's bins).

    Indexing with the slice gives a view with contiguous rows instead of a copy in column order, with the
    same values; a mask of several runs, or none, gives its indices.

    Parameters
    ----------
    mask : ndarray of bool, shape (n,)
        Which columns.

    Returns
    -------
    slice or ndarray of int
        The columns.
    """
    idx = np.flatnonzero(mask)
    if idx.size and idx[-1] - idx[0] + 1 == idx.size:
        return slice(int(idx[0]), int(idx[-1]) + 1)
    return idx


def peak_frequency(freqs: np.ndarray, psd: np.ndarray, band: Band) -> np.ndarray:
    """Frequency of the largest PSD value in ``band``, refined by a parabola through log-power.

    Works on one spectrum (1-D ``psd``) or a stack of spectra (last axis is frequency). Returns NaN
    where the band holds no power.

    Parameters
    ----------
    freqs : ndarray, shape (n_freqs,)
        Evenly spaced frequencies in Hz.
    psd : ndarray, shape (n_freqs,) or (n_spectra, n_freqs)
        PSD in (m/s^2)^2/Hz.
    band : Band
        The band searched.

    Returns
    -------
    float or ndarray, shape (n_spectra,)
        Peak frequency in Hz (a scalar for a 1-D ``psd``); the parabola moves it by at most half
        a bin from the largest bin.
    """
    cols = mask_columns(band.mask(freqs))  # the band's bins are one run (freqs evenly spaced)
    sub = np.atleast_2d(psd)[:, cols]
    k = np.argmax(sub, axis=1)
    df = float(freqs[1] - freqs[0])
    peak = freqs[cols][k].astype(float)
    rows = np.arange(sub.shape[0])
    inner = (k > 0) & (k < sub.shape[1] - 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        lo = np.log(sub[rows, np.maximum(k - 1, 0)])
        mid = np.log(sub[rows, k])
        hi = np.log(sub[rows, np.minimum(k + 1, sub.shape[1] - 1)])
        denom = lo - 2 * mid + hi
        shift = np.where(inner & (denom < 0), 0.5 * (lo - hi) / denom, 0.0)
    shift = np.minimum(np.maximum(shift, -0.5), 0.5)  # an infinite shift goes to its edge
    shift[np.isnan(shift)] = 0.0  # as NaN propagates through both
    peak = peak + shift * df
    peak[sub[rows, k] <= 0] = np.nan  # the largest value (NaN where the row holds one, as max)
    return peak if np.ndim(psd) > 1 else peak[0]
