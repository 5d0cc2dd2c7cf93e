"""Pure waveform shapes and random processes used by the simulator.

Every function takes time (or a normalised time) as an array and returns values at exactly those
instants, so components can be evaluated on irregular (jittered) sample times.
"""

from __future__ import annotations

import numpy as np
from scipy.signal import lfilter

#: Spacing of the control grid on which slow random processes are drawn (s).
GRID_DT_S = 0.005


def smoothstep(x: np.ndarray) -> np.ndarray:
    """Smooth 0-to-1 step on ``x`` in [0, 1] whose velocity is ``sin^4`` (C3 continuous).

    Parameters
    ----------
    x : ndarray
        Normalised time; values outside [0, 1] are clipped.

    Returns
    -------
    ndarray
        0 for ``x <= 0``, 1 for ``x >= 1``.
    """
    x = np.clip(x, 0.0, 1.0)
    return x - 2.0 / (3.0 * np.pi) * np.sin(2 * np.pi * x) + np.sin(4 * np.pi * x) / (12.0 * np.pi)


def smoothstep_acc(x: np.ndarray) -> np.ndarray:
    """Second derivative of :func:`smoothstep` with respect to ``x`` (zero outside [0, 1])."""
    inside = (x > 0.0) & (x < 1.0)
    xs = np.where(inside, x, 0.0)
    s = np.sin(np.pi * xs)
    return np.where(inside, (32.0 * np.pi / 3.0) * s**3 * np.cos(np.pi * xs), 0.0)


def ramp(t: np.ndarray, t0: float, t1: float) -> np.ndarray:
    """:func:`smoothstep` from 0 at ``t0`` to 1 at ``t1`` (a hard step when ``t1 <= t0``)."""
    if t1 <= t0:
        return (t >= t0).astype(np.float64)
    return smoothstep((t - t0) / (t1 - t0))


def window(t: np.ndarray, t0: float, t1: float, rise_s: float) -> np.ndarray:
    """1 on [t0 + rise, t1 - rise], smooth ramps to 0 at ``t0`` and ``t1``."""
    rise = min(rise_s, 0.5 * (t1 - t0))
    return ramp(t, t0, t0 + rise) * (1.0 - ramp(t, t1 - rise, t1))


def lowpass_noise(rng: np.random.Generator, n: int, dt: float, tau_s: float) -> np.ndarray:
    """Smooth Gaussian noise with unit standard deviation and correlation time about ``tau_s``.

    White noise through two cascaded one-pole low-passes (critically damped), after a burn-in
    so the start is stationary, then scaled to unit sample standard deviation.
    """
    burn = int(np.ceil(6.0 * tau_s / dt)) + 1
    a = float(np.exp(-dt / (0.5 * tau_s)))
    x = rng.standard_normal(n + burn)
    y = lfilter([1.0 - a], [1.0, -a], lfilter([1.0 - a], [1.0, -a], x))[burn:]
    y = y - y.mean()
    sd = float(y.std())
    return y / sd if sd > 0 else y


def unit_vector(rng: np.random.Generator) -> np.ndarray:
    """A direction drawn uniformly on the sphere."""
    v = rng.standard_normal(3)
    return v / np.linalg.norm(v)


def perpendicular(rng: np.random.Generator, v: np.ndarray) -> np.ndarray:
    """A random unit vector perpendicular to the unit vector ``v``."""
    w = rng.standard_normal(3)
    w -= w.dot(v) * v
    return w / np.linalg.norm(w)


def rotate(v: np.ndarray, axis: np.ndarray, angle: np.ndarray | float) -> np.ndarray:
    """Rotate ``v`` (shape (3,) or (n, 3)) about unit ``axis`` by ``angle`` rad (Rodrigues).

    ``angle`` may be an array of shape (n,); the result then has shape (n, 3).
    """
    ang = np.asarray(angle, dtype=np.float64)[..., None]
    v = np.asarray(v, dtype=np.float64)
    cross = np.cross(axis, v)
    dot = (v * axis).sum(axis=-1, keepdims=True)
    return v * np.cos(ang) + cross * np.sin(ang) + axis * dot * (1.0 - np.cos(ang))


def hann_burst(x: np.ndarray, cycles: float) -> np.ndarray:
    """Hann-windowed sine of ``cycles`` cycles on normalised time ``x`` in [0, 1] (0 outside)."""
    inside = (x >= 0.0) & (x <= 1.0)
    xs = np.where(inside, x, 0.0)
    return np.where(inside, np.sin(np.pi * xs) ** 2 * np.sin(2 * np.pi * cycles * xs), 0.0)


def hann_burst_peak(cycles: float) -> tuple[float, float]:
    """Position (normalised time) and value of the peak of ``|hann_burst|``, found on a fine grid."""
    x = np.linspace(0.0, 1.0, 20001)
    y = np.abs(hann_burst(x, cycles))
    i = int(np.argmax(y))
    return float(x[i]), float(y[i])


def gauss_derivative(t: np.ndarray, centre: float, sigma: float) -> np.ndarray:
    """Derivative-of-Gaussian pulse scaled to a peak of 1, evaluated over +-6 sigma."""
    z = (t - centre) / sigma
    return np.where(np.abs(z) < 6.0, -z * np.exp(0.5 - 0.5 * z * z), 0.0)


class NarrowBand:
    """A narrow-band oscillator: a sine with wandering frequency and amplitude on a control grid.

    The instantaneous frequency is ``fc(t) + sigma_f * n1(t)`` and the amplitude modulation
    ``exp(sigma_env * n2(t) - sigma_env**2)`` (mean square one), with ``n1``, ``n2`` smooth unit
    noises of correlation time ``tau_f`` and ``tau_env``. The phase is the exact (trapezoidal)
    integral of the frequency on the grid. Evaluate with :meth:`at`.
    """

    def __init__(
        self,
        rng: np.random.Generator,
        grid_t: np.ndarray,
        fc: np.ndarray,
        *,
        sigma_f: float,
        tau_f: float,
        sigma_env: float,
        tau_env: float,
    ) -> None:
        n = grid_t.shape[0]
        dt = float(grid_t[1] - grid_t[0]) if n > 1 else GRID_DT_S
        self.grid_t = grid_t
        self.finst = fc + sigma_f * lowpass_noise(rng, n, dt, tau_f)
        inc = 0.5 * (self.finst[1:] + self.finst[:-1]) * np.diff(grid_t)
        phi0 = rng.uniform(0.0, 2 * np.pi)
        self.phase = phi0 + 2 * np.pi * np.concatenate(([0.0], np.cumsum(inc)))
        self.env = np.exp(sigma_env * lowpass_noise(rng, n, dt, tau_env) - sigma_env**2)

    def at(self, t: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Return ``(cos(phase), amplitude modulation, instantaneous frequency)`` at times ``t``."""
        phase = np.interp(t, self.grid_t, self.phase)
        env = np.interp(t, self.grid_t, self.env)
        f = np.interp(t, self.grid_t, self.finst)
        return np.cos(phase), env, f
