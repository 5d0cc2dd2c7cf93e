"""Twitch detection, hold stage: a candidate inside an oscillation that holds its level, or inside a
line burst no larger than its surges, is not a twitch (issue 9, red team R3-7 and R3-7b).

Part of the twitch detector (:mod:`tremor.core.events`), applied last.

A fasciculation is one motor unit's discharge: a 20-50 ms biphasic pulse and a short ring (a time
constant of at most about 50 ms), so its energy at the wrist is brief in every band. Two things
cross the twitch threshold and are not that:

* a shivering burst (an 8-12 Hz narrow-band oscillation waxing and waning over 3-6 s): where the
  whitener and the threshold have not learnt it yet, a surge of its envelope is a candidate; a
  narrow-band envelope surges for about 1/bandwidth (0.3-1 s);
* a phone's buzz (a 150-235 Hz actuator for 0.15-0.4 s), folded into the file by a sensor without
  an anti-alias filter to one frequency anywhere in 0-fs/2: where it folds near or above the twitch
  band's top (:data:`~tremor.core.twitch_signal.TWITCH_BAND`), the band sees its on and off edges as
  brief candidates; the oscillation between them holds.

Rule 1, a held oscillation (``"sustained"``): the full-band signal (its slow part taken out,
:data:`HOLD_DETREND_DEGREE`, and high-passed at :data:`HOLD_HIGHPASS_HZ`, zero phase over
:data:`HOLD_WINDOW_S` either side of the candidate) has an analytic envelope (vector magnitude); its floor
(the :data:`HOLD_FLOOR_PERCENTILE` th percentile of the envelope's power over the window: sensor noise, a
steady tremor) is taken out in power; where what is left stays at or above :data:`HOLD_FRACTION` of its peak
near the candidate (within :data:`HOLD_SEARCH_S`) for :data:`HOLD_MS` or longer, through :data:`HOLD_LOBES` or
more half-cycles of at least that fraction of the largest and at most :data:`HOLD_LOBE_MAX_S` long, the
candidate is an oscillation. Measured on candidates (2 min files, 100 and 200 Hz; this branch's own signals
and the red team's): twitches of 0.1-0.3 m/s^2 hold 15-50 ms (the red team's 20-150 ms damped bursts 15-75 ms)
with 1-3 lobes, and a slow biphasic pulse (a Gaussian derivative of sigma 40 ms) 210 ms with 2; buzzes folded
to 6-50 Hz hold 115-480 ms with 4-34 lobes; shivering surges 45-1150 ms, most over 100 ms with 3 or more
lobes. A buzz folded under about 6 Hz is one or two slow swings, shaped like a slow twitch: not told apart.

Rule 2, a line burst (``"rhythmic"``, :func:`line_burst`): the band-passed signal within
:data:`LINE_BURST_WINDOW_S` of the candidate, :data:`LINE_BURST_GUARD_S` or more from it, holds a line
(:data:`LINE_BURST_SHARE` of its band power within :data:`LINE_BURST_HALFWIDTH_HZ` of its peak), its median
envelope alone reaches the reference twitch's at the candidate's limit (a resting wrist's physiological tremor
does not; a shivering burst does), and the candidate's envelope peak is at most :data:`LINE_BURST_RATIO` x
that median: one of the burst's surges.

The detection limit says what the rules cost (:class:`HeldLimits`). A twitch on a held oscillation is seen
only where its envelope peak exceeds the oscillation's, and in a line burst only above LINE_BURST_RATIO x its
median envelope. Each block within the stretch of a candidate either rule rejected, and each block within a
line burst found around a block's own band-passed peak (where that peak reaches the reference twitch's at the
block's limit and the band's RMS over the window could: :data:`LINE_BURST_GATE`), gets at least the peak of
the reference twitch whose envelope would reach the bar (:attr:`Hold.bar_mps2`, :attr:`LineBurst.bar_mps2`).
Held oscillations are not looked for block by block (a buzz's blocks with no candidate keep the finder's
limit): a set's tremor fills most blocks, and measuring each cost more than the rest of the detector.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from typing import NamedTuple

import numpy as np
from scipy import fft as sp_fft

from tremor.core.recent_samples import RecentSamples
from tremor.core.twitch_beats import LineEvidence
from tremor.core.twitch_finder import Transient
from tremor.core.twitch_signal import REFERENCE_SIGMA_S, TWITCH_BAND

__all__ = [
    "HOLD_DETREND_DEGREE",
    "HOLD_FLOOR_PERCENTILE",
    "HOLD_FRACTION",
    "HOLD_HIGHPASS_HZ",
    "HOLD_LOBES",
    "HOLD_LOBE_MAX_S",
    "HOLD_MS",
    "HOLD_SEARCH_S",
    "HOLD_WINDOW_S",
    "LINE_BURST_GATE",
    "LINE_BURST_GUARD_S",
    "LINE_BURST_HALFWIDTH_HZ",
    "LINE_BURST_RATIO",
    "LINE_BURST_SHARE",
    "LINE_BURST_WINDOW_S",
    "Hold",
    "HoldEvidence",
    "LineBurst",
    "classify_holds",
    "line_burst",
]

#: A twitch's full-band envelope stays above HOLD_FRACTION of its peak for less than HOLD_MS.
HOLD_MS = 100.0
HOLD_FRACTION = 0.5
#: ... through at least this many half-cycles of at least HOLD_FRACTION of the largest (a twitch is one
#: biphasic swing, two lobes, and a ring that decays below half; an oscillation swings on).
HOLD_LOBES = 3
#: ... each at most this long (s, a 3 Hz swing; a slow fit's residual of a posture shift swings 0.25-0.5 s).
HOLD_LOBE_MAX_S = 0.17
#: The window either side of the candidate (s): the envelope and its floor are taken over it.
HOLD_WINDOW_S = 1.0
#: The envelope's floor: this percentile of its power over the window (noise, a steady rest tremor).
HOLD_FLOOR_PERCENTILE = 20.0
#: The full-band signal's high-pass (Hz): below the twitch band's 3 Hz edge, so that a slow twitch
#: (a biphasic pulse 80 ms from lobe to lobe, most of its energy near 4 Hz) keeps its two lobes
#: instead of gaining a third from the filter's overshoot.
HOLD_HIGHPASS_HZ = 1.0
#: Before the high-pass (one FFT of the window), each axis's least-squares polynomial of this degree over the
#: window is taken out: a seated forearm's sway (about 1 deg at 0.05-0.5 Hz, 0.1-0.2 m/s^2 of gravity) is not
#: periodic over it, jumped at its ends and leaked into every bin, so a rest tremor's surges did not hold and
#: were kept as twitches (2-2.4 an hour at 200 Hz over 0.005-0.02 m/s^2 Gaussian rest tremors, 0.1-0.4 without
#: the sway; test_twitch_sway.py, FINDINGS.md). 0.03 m/s^2 surges held in 5-15 of 40 swaying draws (40 without
#: sway); degree 1: 6-13, 3: 24-37, 5-9: 39-40. A 20-150 ms twitch projects next to nothing on them over 2 s.
HOLD_DETREND_DEGREE = 5
#: The envelope's peak is looked for this far either side of the candidate's time (s).
HOLD_SEARCH_S = 0.1

#: A line burst (a shivering burst's surges, second rule): the band-passed signal within
#: LINE_BURST_WINDOW_S of the candidate, LINE_BURST_GUARD_S or more from it, ...
LINE_BURST_WINDOW_S = 1.5
LINE_BURST_GUARD_S = 0.3
#: ... holds at least LINE_BURST_SHARE of its band power within LINE_BURST_HALFWIDTH_HZ of its peak, ...
LINE_BURST_SHARE = 0.5
LINE_BURST_HALFWIDTH_HZ = 1.5
#: ... its median envelope alone reaches the reference twitch at the candidate's limit, and the
#: candidate's envelope peak is at most LINE_BURST_RATIO x that median: a narrow-band envelope
#: (Rayleigh) exceeds 3 x its median with probability exp(-(3 x 1.18)^2 / 2) = 0.2 % per 1/bandwidth.
LINE_BURST_RATIO = 3.0
#: A block is measured for a line burst where sqrt(2) x the band-passed RMS over the line burst's window
#: x LINE_BURST_GATE reaches the reference twitch's envelope at the block's limit.
LINE_BURST_GATE = 1.25


class Hold(NamedTuple):
    """What :meth:`HoldEvidence.hold` measured around a candidate."""

    #: How long the floor-corrected envelope stays at or above HOLD_FRACTION of its peak (ms).
    hold_ms: float
    #: Start and end of that stretch (s).
    start_s: float
    end_s: float
    #: Peak (m/s^2) of the reference twitch whose full-band envelope peak equals the stretch's peak.
    bar_mps2: float
    #: Half-cycles (lobes between zero crossings of the high-passed signal along the stretch's principal
    #: axis) over the stretch whose peak reaches HOLD_FRACTION of the largest.
    lobes: int


class LineBurst(NamedTuple):
    """What :func:`line_burst` measured around a candidate."""

    #: The candidate's band-passed envelope peak over the line's median envelope around it.
    ratio: float
    #: The window measured (s).
    start_s: float
    end_s: float
    #: The line's median envelope as the peak (m/s^2) of the reference twitch whose envelope peak matches it.
    level_mps2: float

    @property
    def bar_mps2(self) -> float:
        """The peak of the reference twitch whose envelope reaches :data:`LINE_BURST_RATIO` x the median."""
        return LINE_BURST_RATIO * self.level_mps2


class HoldEvidence(RecentSamples):
    """The raw samples of the recent past, for :func:`classify_holds`.

    Samples are kept by their index from the segment's start, so live (which drops the old ones)
    and batch agree; a window is cut only where the data it needs have arrived (at the segment's
    end, both see the same last sample).

    Parameters
    ----------
    fs : float
        Sampling rate in Hz.
    t0_s : float
        Time of the first sample.
    """

    def __init__(self, fs: float, t0_s: float) -> None:
        super().__init__(fs, t0_s)
        self._half = max(round(HOLD_WINDOW_S * fs), 8)
        # the reference twitch's envelope peak per m/s^2 (a Gaussian-derivative pulse, as the whitener's)
        sigma = REFERENCE_SIGMA_S
        t = np.arange(-self._half, self._half + 1) / fs
        pulse = -t / sigma * np.exp(-((t / sigma) ** 2) / 2) / np.exp(-0.5)
        self.gain = float(self._envelope(self._analytic(np.outer(pulse, [1.0, 0.0, 0.0])), floor=False).max())

    def _analytic(self, x: np.ndarray) -> np.ndarray:
        """The analytic signal (n, 3) of ``x`` high-passed at :data:`HOLD_HIGHPASS_HZ` (one FFT: the
        bins under it and the negative frequencies set to zero); its real part is the high-passed ``x``."""
        n = x.shape[0]
        f = np.fft.fftfreq(n, 1.0 / self.fs)
        h = np.where(f > 0, 2.0, 0.0)
        h[np.abs(f) < HOLD_HIGHPASS_HZ] = 0.0
        if n % 2 == 0:
            h[n // 2] = 1.0 if self.fs / 2 >= HOLD_HIGHPASS_HZ else 0.0
        return np.fft.ifft(np.fft.fft(x, axis=0) * h[:, None], axis=0)

    def _envelope(self, z: np.ndarray, *, floor: bool = True) -> np.ndarray:
        """The analytic envelope (vector magnitude) of ``z``, its floor taken out in power."""
        p = (z.real**2 + z.imag**2).sum(axis=1)
        if floor:
            p = p - float(np.percentile(p, HOLD_FLOOR_PERCENTILE))
        return np.sqrt(np.maximum(p, 0.0))

    def hold(self, t_s: float) -> Hold | None:
        """Measure the hold around ``t_s`` (None: no finite window of the data there).

        Parameters
        ----------
        t_s : float
            The candidate's time.

        Returns
        -------
        Hold or None
            The stretch the floor-corrected envelope holds at or above :data:`HOLD_FRACTION` of its
            peak near ``t_s``, and the reference twitch's peak that would match that envelope peak.
        """
        i = round((t_s - self.t0_s) * self.fs) - self._start
        lo, hi = max(i - self._half, 0), min(i + self._half + 1, self._x.shape[0])
        if not lo <= i < hi or hi - lo < 8:
            return None
        x = self._x[lo:hi]
        if not np.all(np.isfinite(x)):
            return None
        q = _slow_basis(hi - lo)
        z = self._analytic(x - q @ (q.T @ x))
        e = self._envelope(z)
        k, g = i - lo, max(round(HOLD_SEARCH_S * self.fs), 1)
        a0 = max(k - g, 0)
        kp = a0 + int(np.argmax(e[a0 : k + g + 1]))
        peak = float(e[kp])
        if peak <= 0:
            return None
        above = e >= HOLD_FRACTION * peak
        a = kp - int(np.argmin(above[kp::-1])) + 1 if not above[kp::-1].all() else 0
        b = kp + int(np.argmin(above[kp:])) - 1 if not above[kp:].all() else e.size - 1
        t_lo = self.t0_s + (lo + self._start) / self.fs
        part = z.real[a : b + 1]
        _w, v = np.linalg.eigh(part.T @ part)
        u = part @ v[:, -1]
        starts = np.concatenate([[0], np.flatnonzero(np.sign(u[1:]) != np.sign(u[:-1])) + 1])
        tops = np.maximum.reduceat(np.abs(u), starts)  # each half-cycle's top
        brief = np.diff(np.append(starts, u.size)) <= HOLD_LOBE_MAX_S * self.fs
        lobes = int(np.count_nonzero((tops >= HOLD_FRACTION * tops.max()) & brief)) if tops.size else 0
        return Hold(
            (b - a + 1) / self.fs * 1e3, t_lo + a / self.fs, t_lo + b / self.fs, peak / self.gain, lobes
        )


@lru_cache(maxsize=8)
def _slow_basis(n: int) -> np.ndarray:
    """An orthonormal basis (n, :data:`HOLD_DETREND_DEGREE` + 1) of the polynomials of that degree over ``n``
    samples (read-only): ``x - q @ (q.T @ x)`` is ``x`` less its least-squares polynomial."""
    q, _r = np.linalg.qr(np.polynomial.legendre.legvander(np.linspace(-1.0, 1.0, n), HOLD_DETREND_DEGREE))
    q.flags.writeable = False
    return q


def line_burst(
    lines: LineEvidence,
    t_s: float,
    env_gain: float,
    *,
    min_level_mps2: float = -np.inf,
    max_ratio: float = np.inf,
) -> LineBurst | None:
    """The line burst around ``t_s``: None where there is no line (see :data:`LINE_BURST_SHARE`).

    A caller that uses only bursts of at least ``min_level_mps2`` with a ratio of at most ``max_ratio``
    says so: the envelope is measured first, and a burst outside them is None without the spectrum
    (the same bursts as measuring all and dropping those outside).

    Parameters
    ----------
    lines : LineEvidence
        The band-passed samples.
    t_s : float
        The candidate's (or a block's peak) time.
    env_gain : float
        The reference twitch's band-passed analytic envelope peak per m/s^2.
    min_level_mps2 : float
        The least line level (m/s^2) the caller uses.
    max_ratio : float
        The largest envelope peak's ratio to the line's median the caller uses.

    Returns
    -------
    LineBurst or None
        The envelope peak's ratio to the line's median envelope, the window and the line's level.
    """
    got = lines.samples(t_s - LINE_BURST_WINDOW_S, t_s + LINE_BURST_WINDOW_S)
    if got is None:
        return None
    t_first, y = got
    fs = lines.fs
    if y.shape[0] < 2 * round(LINE_BURST_GUARD_S * fs) + 16 or not np.all(np.isfinite(y)):
        return None
    k = round((t_s - t_first) * fs)
    g = round(LINE_BURST_GUARD_S * fs)
    if not 0 <= k < y.shape[0]:
        return None
    parts = [p for p in (y[: max(k - g, 0)], y[k + g :]) if p.shape[0] >= 16]
    if not parts:  # ``around`` below is then never empty: it holds the parts' samples
        return None
    env = np.sqrt((np.abs(_analytic(y - _mean0(y))) ** 2).sum(axis=1))
    s = max(round(HOLD_SEARCH_S * fs), 1)
    peak = float(env[max(k - s, 0) : k + s + 1].max())
    around = np.concatenate([env[: max(k - g, 0)], env[k + g :]])
    level = _median(around)
    if level <= 0:
        return None
    burst = LineBurst(peak / level, t_first, t_first + (y.shape[0] - 1) / fs, level / env_gain)
    if burst.level_mps2 < min_level_mps2 or burst.ratio > max_ratio:
        return None  # not one the caller uses: no need to ask whether there is a line
    n = int(2 ** np.ceil(np.log2(8 * fs)))
    f, in_band = _line_grid(n, fs)
    power = np.zeros(f.size)
    for p in parts:
        q = (p - _mean0(p)) * _hanning(p.shape[0])[:, None]
        power += (np.abs(np.fft.rfft(q, n, axis=0)) ** 2).sum(axis=1)
    band = np.where(in_band, power, 0.0)
    total = float(band.sum())
    if total <= 0:
        return None
    f_peak = float(f[int(np.argmax(band))])
    if float(band[np.abs(f - f_peak) <= LINE_BURST_HALFWIDTH_HZ].sum()) < LINE_BURST_SHARE * total:
        return None
    return burst


def _mean0(x: np.ndarray) -> np.ndarray:
    """``x.mean(axis=0)`` as numpy takes it (the sum along axis 0 over the count), without its wrapper."""
    return np.add.reduce(x, axis=0) / x.shape[0]


def _median(x: np.ndarray) -> float:
    """``np.median`` of a non-empty 1-D array of finite values: the middle value, or the mean of the
    two middle values (their sum halved, as numpy's mean of two), from one partition."""
    h = x.size // 2
    if x.size % 2:
        return float(np.partition(x, h)[h])
    part = np.partition(x, (h - 1, h))
    return float((part[h - 1] + part[h]) / 2)


@lru_cache(maxsize=32)
def _hanning(n: int) -> np.ndarray:
    """:func:`numpy.hanning` of ``n`` points, made once per length (read-only)."""
    w = np.hanning(n)
    w.flags.writeable = False
    return w


@lru_cache(maxsize=8)
def _line_grid(n: int, fs: float) -> tuple[np.ndarray, np.ndarray]:
    """The frequencies of an ``n``-point real FFT at ``fs`` and which lie in the twitch band (read-only)."""
    f = np.fft.rfftfreq(n, 1.0 / fs)
    in_band = (f >= TWITCH_BAND[0]) & (f <= TWITCH_BAND[1])
    f.flags.writeable = in_band.flags.writeable = False
    return f, in_band


def _analytic(x: np.ndarray) -> np.ndarray:
    """The analytic signal of each column of ``x`` (n, 3): :func:`scipy.signal.hilbert` along axis 0,
    the same FFTs and the same steps, without its array-API dispatch (a line burst asks for it often)."""
    n = x.shape[0]
    xf = sp_fft.fft(x, n, axis=0)
    half = (n + 1) // 2 if n % 2 else n // 2
    xf[1:half] *= 2.0
    xf[half + (0 if n % 2 else 1) :] = 0.0
    return sp_fft.ifft(xf, axis=0)


def classify_holds(
    candidates: list[Transient], evidence: HoldEvidence, lines: LineEvidence, env_gain: float
) -> tuple[list[Transient], list[Hold | LineBurst]]:
    """Mark the twitches inside a held oscillation ``"sustained"`` and those inside a line burst ``"rhythmic"``.

    See the module docstring for the rules.

    Parameters
    ----------
    candidates : list of Transient
        Judged candidates of one segment, in time order.
    evidence : HoldEvidence
        The raw samples around them.
    lines : LineEvidence
        The band-passed samples around them.
    env_gain : float
        The reference twitch's band-passed analytic envelope peak per m/s^2.

    Returns
    -------
    list of Transient
        The same candidates, those the rules reject re-marked.
    list of Hold or LineBurst
        The stretches of the candidates re-marked (the detection limit is raised over them).
    """
    out: list[Transient] = []
    held: list[Hold | LineBurst] = []
    for c in candidates:
        if c.kind != "twitch":
            out.append(c)
            continue
        t = c.t_s if c.centre_s is None else c.centre_s
        h = evidence.hold(t)
        if h is not None and h.hold_ms >= HOLD_MS and h.lobes >= HOLD_LOBES:
            out.append(replace(c, kind="sustained"))
            held.append(h)
            continue
        b = line_burst(lines, t, env_gain, min_level_mps2=c.threshold_mps2, max_ratio=LINE_BURST_RATIO)
        if b is not None and b.level_mps2 >= c.threshold_mps2 and b.ratio <= LINE_BURST_RATIO:
            out.append(replace(c, kind="rhythmic"))
            held.append(b)
            continue
        out.append(c)
    return out, held
