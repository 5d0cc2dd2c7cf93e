"""Band-pass filters in second-order sections: one Butterworth design and two ways to run it.

:func:`design_bandpass` is the design every path shares. The analysis itself runs no IIR filter
over the samples: its tremor bands come from frame spectra (:mod:`tremor.core.spectral`), and its
twitch band-pass is a linear-phase FIR made from this design's impulse response
(:func:`tremor.core.twitch_signal.twitch_fir`), the same in batch, long files and live.

The two runners are for users and the notebooks: :func:`bandpass_zero_phase` runs the design forward
and backward (``scipy.signal.sosfiltfilt``: no phase shift), and :class:`CausalBandpass` runs it
forward only (``scipy.signal.sosfilt``) with its state carried from chunk to chunk, so any chunking
gives the same output as one call over the whole signal.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy import signal

from tremor.core._check import check_acc, check_band, check_fs

__all__ = ["design_bandpass", "bandpass_zero_phase", "CausalBandpass"]


def design_bandpass(low_hz: float | None, high_hz: float | None, *, fs: float, order: int = 4) -> np.ndarray:
    """Design a Butterworth band-pass (or low/high-pass) filter as second-order sections.

    Parameters
    ----------
    low_hz, high_hz : float or None
        Pass-band edges in Hz. ``low_hz=None`` gives a low-pass, ``high_hz=None`` a high-pass.
    fs : float
        Sampling rate in Hz. Required: there is no default.
    order : int
        Filter order of each edge (a band-pass has ``2 * order`` poles).

    Returns
    -------
    sos : ndarray, shape (n_sections, 6)
        The filter as second-order sections, for :func:`bandpass_zero_phase`,
        :class:`CausalBandpass` or ``scipy.signal.sosfilt``.

    Raises
    ------
    ParameterError
        Where ``fs`` is not a positive finite number or the edges are not ordered positive values.
    SamplingError
        Where the band reaches the Nyquist frequency ``fs / 2``.

    Examples
    --------
    >>> sos = design_bandpass(6.0, 12.0, fs=100.0)
    >>> sos.shape
    (4, 6)
    >>> design_bandpass(None, 3.0, fs=100.0).shape  # 4th-order low-pass below 3 Hz
    (2, 6)
    """
    fs = check_fs(fs)
    check_band(low_hz, high_hz, fs)
    key = (low_hz, high_hz, fs, order)
    sos = _DESIGNS.get(key)
    if sos is None:  # every segment of every file at a rate designs the same filters: design once
        if low_hz is None:
            sos = signal.butter(order, high_hz, btype="lowpass", fs=fs, output="sos")
        elif high_hz is None:
            sos = signal.butter(order, low_hz, btype="highpass", fs=fs, output="sos")
        else:
            sos = signal.butter(order, [low_hz, high_hz], btype="bandpass", fs=fs, output="sos")
        if len(_DESIGNS) < 256:
            _DESIGNS[key] = sos
    return sos.copy()


_DESIGNS: dict[tuple[float | None, float | None, float, int], np.ndarray] = {}


def bandpass_zero_phase(acc: np.ndarray, sos: np.ndarray) -> np.ndarray:
    """Filter each column of ``acc`` forward and backward (zero phase) with ``sos``.

    Short signals are padded by reflection as ``sosfiltfilt`` does; a signal shorter than the
    padding is filtered with the padding reduced to fit.

    Parameters
    ----------
    acc : ndarray, shape (n_samples, n_axes)
        Acceleration in m/s^2, one column per axis.
    sos : ndarray, shape (n_sections, 6)
        Second-order sections from :func:`design_bandpass`.

    Returns
    -------
    ndarray, shape (n_samples, n_axes)
        The filtered signal in m/s^2, with no phase shift (the magnitude response is squared).

    Raises
    ------
    ParameterError
        Where ``acc`` is not a 2-D array of finite values.
    """
    acc = check_acc(acc)
    n = acc.shape[0]
    padlen = 3 * (2 * len(sos) + 1)
    return signal.sosfiltfilt(sos, acc, axis=0, padlen=min(padlen, max(n - 1, 0)))


@dataclass
class CausalBandpass:
    """Causal SOS filter with carried state, fed chunk by chunk.

    Parameters
    ----------
    sos : ndarray
        Second-order sections from :func:`design_bandpass`.
    n_channels : int
        Number of columns in each chunk.

    Examples
    --------
    >>> import numpy as np
    >>> sos = design_bandpass(6.0, 12.0, fs=100.0)
    >>> f = CausalBandpass(sos, n_channels=3)
    >>> x = np.random.default_rng(0).normal(size=(500, 3))
    >>> y = np.vstack([f.update(x[:123]), f.update(x[123:])])
    >>> bool(np.allclose(y, CausalBandpass(sos, 3).update(x)))
    True
    """

    sos: np.ndarray
    n_channels: int = 3
    zi: np.ndarray | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        self.sos = np.asarray(self.sos, dtype=np.float64)

    def update(self, chunk: np.ndarray) -> np.ndarray:
        """Filter the next ``chunk`` and return the filtered samples.

        The first chunk (and the first after :meth:`reset`) starts the filter in the steady state
        of its first sample, so a constant offset such as gravity gives no start-up transient.

        Parameters
        ----------
        chunk : ndarray, shape (n, n_channels)
            The next samples, in m/s^2; ``n`` may be 0.

        Returns
        -------
        ndarray, shape (n, n_channels)
            The filtered samples, in m/s^2.
        """
        chunk = check_acc(chunk, "chunk")
        if chunk.shape[0] == 0:
            return chunk.copy()
        if self.zi is None:
            # Start in the steady state of the first sample, so a constant offset (gravity) gives no
            # start-up transient: scipy's ``sosfilt_zi`` scaled by that sample.
            self.zi = signal.sosfilt_zi(self.sos)[:, :, None] * chunk[0][None, None, :]
        out, self.zi = signal.sosfilt(self.sos, chunk, axis=0, zi=self.zi)
        return out

    def reset(self) -> None:
        """Forget the carried state (after a gap in the data); the next chunk starts afresh."""
        self.zi = None
