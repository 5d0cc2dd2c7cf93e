"""Twitch detection, signal stage: the linear-phase band-pass, the whitener and the envelope.

Part of the twitch detector (:mod:`tremor.core.events`): every stage here is aligned to the sample
index and carries its state, so any chunking of the input gives the same output.

Size (issue 8): about 510 lines, one stage (band-pass, whitener, envelope and the reference twitch
they are measured by); the whitener, most of it, is one class whose block-wise fit and error are
written out for batch and live alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy import signal

from tremor.core._check import ASSESSABLE_FRACTION
from tremor.core._rolling import row_median
from tremor.core.filters import design_bandpass

TWITCH_BAND = (3.0, 40.0)
#: The envelope is the RMS of the band-passed vector over this many seconds (causal, delay compensated).
SMOOTH_S = 0.03
BLOCK_S = 0.5

#: The band-pass is the zero-phase Butterworth response of batch analysis (order 2 run forward and
#: backward) as a linear-phase FIR: its impulse response truncated at this many seconds, convolved
#: with its reverse. Live and batch run the same FIR, so they see the same signal; live pays a delay
#: of this many seconds (the FIR's half length), on top of the finder's look-ahead.
FIR_HALF_S = 0.5
#: Whitening: a linear predictor of this many seconds' order (at least 4 samples), fitted on the
#: previous WHITEN_FIT_S seconds, removes what is predictable (tremor, any narrow-band rhythm).
WHITEN_ORDER_S = 0.06
WHITEN_FIT_S = 5.0
#: The whitener's first fit needs this many complete blocks: a segment's first WHITEN_MIN_BLOCKS
#: blocks are passed unwhitened (their tremor unremoved), so no twitch is judged there
#: (:class:`~tremor.core.twitch_finder.TransientFinder` waits for
#: :func:`~tremor.core.twitch_finder.settle_samples`).
WHITEN_MIN_BLOCKS = 2
#: White-noise loading of the predictor fit (fraction of the signal power added at lag 0): the
#: predictor removes strong narrow-band rhythm, not the smoothness of a band-limited signal (which
#: at 200 Hz would also remove a smooth twitch).
WHITEN_LOADING = 0.2
#: The fit also leaves out the blocks next to a left-out one: an event's tail there (1.3-2.5x the
#: median energy, under the cut) bent the predictor and raised the threshold about 3x for 5 s after a
#: single twitch at rest (tests/core/test_twitch_hold.py, seed 663964056).
WHITEN_SKIP_NEIGHBOURS = True

#: Reference twitch for the detection limit: a biphasic Gaussian derivative of this sigma.
REFERENCE_SIGMA_S = 0.02
SLOW_CUTOFF_HZ = 3.0
#: Rows of the whitener's reference gains computed per pass (small enough to stay in the cache).
_CACHE_ROWS = 256
#: Samples of the whitener's statistics and prediction error computed per pass (the same).
_CACHE_SAMPLES = 8192


def twitch_band(fs: float) -> tuple[float, float]:
    """The twitch band at ``fs``: 3 Hz up to 40 Hz or 0.4 fs, whichever is lower.

    Parameters
    ----------
    fs : float
        Sampling rate in Hz.

    Returns
    -------
    low_hz, high_hz : float
        The band edges in Hz.
    """
    return TWITCH_BAND[0], min(TWITCH_BAND[1], ASSESSABLE_FRACTION * fs)


def twitch_fir(fs: float) -> np.ndarray:
    """Linear-phase FIR with the magnitude response of batch's zero-phase twitch band-pass.

    The order-2 Butterworth band-pass's impulse response, truncated at :data:`FIR_HALF_S`, convolved
    with its own reverse: the response ``sosfiltfilt`` gives, within 0.2 dB down to 1 Hz.

    Parameters
    ----------
    fs : float
        Sampling rate in Hz.

    Returns
    -------
    ndarray
        The FIR taps (odd length, symmetric).
    """
    low, high = twitch_band(fs)
    return _zero_phase_fir(design_bandpass(low, high, fs=fs, order=2), fs)


def slow_fir(fs: float) -> np.ndarray:
    """Linear-phase 0-:data:`SLOW_CUTOFF_HZ` Hz low-pass, built as :func:`twitch_fir` (same length and delay).

    Parameters
    ----------
    fs : float
        Sampling rate in Hz.

    Returns
    -------
    ndarray
        The FIR taps (odd length, symmetric).
    """
    return _zero_phase_fir(signal.butter(2, SLOW_CUTOFF_HZ, btype="lowpass", fs=fs, output="sos"), fs)


def _zero_phase_fir(sos: np.ndarray, fs: float) -> np.ndarray:
    """The IIR ``sos``'s impulse response truncated at :data:`FIR_HALF_S`, convolved with its own reverse:
    a symmetric FIR with the magnitude response ``sosfiltfilt`` gives."""
    impulse = np.zeros(max(round(FIR_HALF_S * fs), 2))
    impulse[0] = 1.0
    h = signal.sosfilt(sos, impulse)
    return np.convolve(h, h[::-1])


@dataclass
class Envelope:
    """Causal moving RMS of the vector norm over :data:`SMOOTH_S` seconds, with carried state."""

    fs: float
    _tail: np.ndarray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._width = max(round(SMOOTH_S * self.fs), 1)
        self._tail = np.zeros(self._width - 1)

    def update(self, filtered: np.ndarray) -> np.ndarray:
        """Envelope of the next filtered samples.

        Parameters
        ----------
        filtered : ndarray, shape (n, 3)
            The next band-passed (or whitened) samples.

        Returns
        -------
        ndarray, shape (n,)
            The envelope at those samples.
        """
        if filtered.shape[0] == 0:  # np.convolve would swap its arguments
            return np.zeros(0)
        power = np.einsum("ij,ij->i", filtered, filtered)
        joined = np.concatenate([self._tail, power])
        # copies: a view would keep the whole joined block alive until the next call
        self._tail = (
            joined[joined.size - (self._width - 1) :].copy() if self._width > 1 else joined[:0].copy()
        )
        return np.sqrt(np.convolve(joined, np.full(self._width, 1.0 / self._width), mode="valid"))


@dataclass
class LinearPhaseFilter:
    """Streaming linear-phase FIR (``taps`` of odd length) whose output is aligned with its input.

    The output of sample ``i`` needs the input up to ``i + delay``; :meth:`update` returns the
    samples whose look-ahead has arrived, ``final=True`` the rest (the data's last sample held).
    Before the first sample the data are taken as that sample held, so gravity gives no start-up
    transient. Any chunking gives the same output.
    """

    taps: np.ndarray
    _hist: np.ndarray | None = field(init=False, default=None, repr=False)
    _skip: int = field(init=False, default=0)

    def __post_init__(self) -> None:
        self.taps = np.asarray(self.taps, dtype=np.float64)
        self.delay = (self.taps.size - 1) // 2

    def update(self, chunk: np.ndarray, *, final: bool = False) -> np.ndarray:
        """Filter the next samples; return the filtered samples now complete.

        Parameters
        ----------
        chunk : ndarray, shape (n, 3)
            The next input samples.
        final : bool
            True at the end of the data: flush the delay (the last sample held).

        Returns
        -------
        ndarray, shape (m, 3)
            The filtered samples whose look-ahead has arrived, aligned with the input.
        """
        chunk = np.asarray(chunk, dtype=np.float64).reshape(-1, 3)
        if self._hist is None:
            if chunk.shape[0] == 0:
                return np.zeros((0, 3))
            self._hist = np.repeat(chunk[:1], self.taps.size - 1, axis=0)
            self._skip = self.delay
        h, n = self._hist.shape[0], chunk.shape[0]
        tail = self.delay if final else 0  # the last sample held for the delay
        # the history, the chunk and the held tail, written once axis by axis (np.convolve needs each
        # axis contiguous: a strided column is copied to this layout anyway)
        axes = np.empty((3, h + n + tail))
        axes[:, :h] = self._hist.T
        axes[:, h : h + n] = chunk.T
        if tail:
            axes[:, h + n :] = (chunk if n else self._hist)[-1][:, None]
        self._hist = axes[:, axes.shape[1] - (self.taps.size - 1) :].T.copy()  # not a view of the block
        if axes.shape[1] < self.taps.size:
            return np.zeros((0, 3))
        m = axes.shape[1] - self.taps.size + 1
        out = np.empty((m, 3))
        for j in range(3):
            out[:, j] = np.convolve(axes[j], self.taps, mode="valid")
        drop = min(self._skip, out.shape[0])
        self._skip -= drop
        return out[drop:]


@dataclass
class HeldFilter:
    """The output of :class:`LinearPhaseFilter` computed only at the samples asked for.

    Holds the input as :class:`LinearPhaseFilter` sees it (the first sample held before the data,
    the last held after it at the end) and filters a range of output samples on request, each by
    the same dot product of the same input values as :class:`LinearPhaseFilter` computes it, so the
    values are the same to the last bit. The twitch finder needs the 0-3 Hz part only around its
    candidates; filtering it everywhere cost as much as the band-pass itself.

    Parameters
    ----------
    taps : ndarray
        The FIR taps (odd length, symmetric).
    """

    taps: np.ndarray
    _ext: np.ndarray = field(init=False, repr=False)
    _start: int = field(init=False, default=0)

    def __post_init__(self) -> None:
        self.taps = np.asarray(self.taps, dtype=np.float64)
        self.delay = (self.taps.size - 1) // 2
        self._ext = np.zeros((0, 3))
        self._started = False

    def update(self, chunk: np.ndarray, *, final: bool = False) -> None:
        """Take the next input samples (as :meth:`LinearPhaseFilter.update`, without filtering them).

        Parameters
        ----------
        chunk : ndarray, shape (n, 3)
            The next input samples.
        final : bool
            True at the end of the data: the last sample is held for the filter's delay.
        """
        chunk = np.asarray(chunk, dtype=np.float64).reshape(-1, 3)
        parts = [self._ext]
        if not self._started:
            if chunk.shape[0] == 0:
                return
            parts.append(np.repeat(chunk[:1], self.delay, axis=0))
            self._started = True
        parts.append(chunk)
        if final:
            parts.append(np.repeat((chunk if chunk.size else self._ext)[-1:], self.delay, axis=0))
        self._ext = np.concatenate(parts) if self._ext.size else np.concatenate(parts[1:])

    def window(self, i0: int, i1: int) -> np.ndarray:
        """Filtered samples ``i0 .. i1 - 1`` (indices of the output, which is aligned with the input).

        Parameters
        ----------
        i0, i1 : int
            The range of output samples, ``i0 < i1``; each needs its input up to ``delay`` samples
            later (or the end of the data).

        Returns
        -------
        ndarray, shape (i1 - i0, 3)
            The filtered samples, as :class:`LinearPhaseFilter` gives them.
        """
        part = self._ext[i0 - self._start : i1 - self._start + self.taps.size - 1]
        if i0 < self._start or part.shape[0] != i1 - i0 + self.taps.size - 1:
            raise ValueError(
                f"samples {i0}..{i1} are not held (held from {self._start}, {self._ext.shape[0]})"
            )
        return np.column_stack([np.convolve(part[:, j], self.taps, mode="valid") for j in range(3)])

    def residual(self, i0: int, i1: int) -> np.ndarray:
        """The input less the filtered output at samples ``i0 .. i1 - 1`` (what the filter takes out).

        For the 0-3 Hz low-pass (:func:`slow_fir`) this is the acceleration above 3 Hz, up to the Nyquist
        frequency: the whole of what a transient adds, whatever band it rings in.

        Parameters
        ----------
        i0, i1 : int
            The range of output samples, as :meth:`window`.

        Returns
        -------
        ndarray, shape (i1 - i0, 3)
            The held input at those samples minus :meth:`window` of them.
        """
        held = self._ext[i0 - self._start + self.delay : i1 - self._start + self.delay]
        return held - self.window(i0, i1)

    def drop_before(self, i: int) -> None:
        """Forget the input needed only by output samples before ``i``.

        Parameters
        ----------
        i : int
            The first output sample that may still be asked for.
        """
        if i > self._start:
            self._ext = self._ext[i - self._start :]
            self._start = i


@dataclass
class Whitener:
    """Block-wise linear prediction error of the band-passed signal (removes what is predictable).

    Each :data:`BLOCK_S` block (aligned to the segment's first sample) is predicted by coefficients
    fitted (Yule-Walker, one predictor for the three axes) on the previous :data:`WHITEN_FIT_S`
    seconds, leaving out blocks of more than 4x their median energy (knocks, movement, twitches) and
    the blocks next to them (:data:`WHITEN_SKIP_NEIGHBOURS`). Rhythmic tremor is predictable and is removed; a twitch's onset is not. The first
    :data:`WHITEN_MIN_BLOCKS` blocks of a segment are passed as they are. Any chunking gives the
    same output: every block's statistics, fit and
    prediction error are computed by the same element-wise operations, whether one block or
    thousands complete in one call.
    """

    fs: float
    reference: np.ndarray
    _pos: int = field(init=False, default=0)

    def __post_init__(self) -> None:
        self._p = max(round(WHITEN_ORDER_S * self.fs), 4)
        self._block = max(round(BLOCK_S * self.fs), 1)
        self._n_fit = max(round(WHITEN_FIT_S / BLOCK_S), 1)
        # the p samples before the current block (zeros before the segment) and the block so far
        self._buf = np.zeros((self._p, 3))
        self._energy = np.zeros(0)  # energy and autocorrelation of the last n_fit complete blocks
        self._r = np.zeros((0, self._p + 1))
        self._a = np.zeros(self._p)
        self._gain = self._reference_gain(self._a)
        self._width = max(round(SMOOTH_S * self.fs), 1)
        self.reference = np.asarray(self.reference, dtype=np.float64)

    def _reference_gain(self, a: np.ndarray) -> float:
        e = signal.lfilter(np.concatenate([[1.0], -a]), [1.0], self.reference)
        width = max(round(SMOOTH_S * self.fs), 1)
        env = np.sqrt(np.convolve(e * e, np.full(width, 1.0 / width), mode="full"))
        return float(env.max())

    def _gains(self, a: np.ndarray) -> np.ndarray:
        """Peak whitened envelope of the reference twitch for each row of coefficients ``a`` (rows, p)."""
        ref = self.reference
        w = self._width
        out = np.empty(a.shape[0])
        # rows in groups that stay in the cache (each row's operations are the same in any group)
        for r0 in range(0, a.shape[0], _CACHE_ROWS):
            ar = a[r0 : r0 + _CACHE_ROWS]
            e = np.broadcast_to(ref, (ar.shape[0], ref.size)).copy()
            for k in range(1, self._p + 1):
                e[:, k:] -= ar[:, k - 1 : k] * ref[:-k]
            sq = np.zeros((ar.shape[0], ref.size + 2 * (w - 1)))
            sq[:, w - 1 : w - 1 + ref.size] = e * e
            acc = sq[:, : ref.size + w - 1].copy()
            for j in range(1, w):
                acc += sq[:, j : j + ref.size + w - 1]
            out[r0 : r0 + ar.shape[0]] = np.sqrt(acc.max(axis=1) * (1.0 / w))
        return out

    def _fits(self, energy: np.ndarray, r: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Coefficients and a validity flag per row of fit windows (rows, L) and (rows, L, p + 1).

        Yule-Walker by Levinson-Durbin, row-wise: each row's result depends on that row alone.
        """
        rows, n_win = energy.shape
        med = row_median(energy)  # np.median's values (a selection), without its per-row partitions
        keep = energy <= 4.0 * med[:, None]
        if WHITEN_SKIP_NEIGHBOURS:  # a left-out block's neighbours hold its event's skirts (within the row)
            left_out = ~keep
            keep[:, 1:] &= ~left_out[:, :-1]
            keep[:, :-1] &= ~left_out[:, 1:]
        acc = np.zeros((rows, self._p + 1))
        for i in range(n_win):
            acc += np.where(keep[:, i, None], r[:, i], 0.0)
        valid = acc[:, 0] > 0
        r0 = acc[:, 0] * (1.0 + WHITEN_LOADING)
        a = np.zeros((rows, self._p))
        err = r0.copy()
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            for k in range(1, self._p + 1):
                num = acc[:, k].copy()
                for j in range(1, k):  # element-wise, in a fixed order
                    num -= a[:, j - 1] * acc[:, k - j]
                lam = num / err
                if k > 1:
                    a[:, : k - 1] = a[:, : k - 1] - lam[:, None] * a[:, k - 2 :: -1]
                a[:, k - 1] = lam
                err = err * (1.0 - lam * lam)
        valid &= np.all(np.isfinite(a), axis=1)
        return a, valid

    def _fit_blocks(
        self, energy: np.ndarray, r: np.ndarray, first: int
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Fit after each of the blocks ``first..`` of the stats (energy, r): coefficients, gains, fitted flag."""
        n_all = energy.size
        idx = np.arange(first, n_all)
        n_win = np.minimum(idx + 1, self._n_fit)
        coef = np.zeros((idx.size, self._p))
        gain = np.zeros(idx.size)
        done = np.zeros(idx.size, bool)
        for L in np.unique(n_win).tolist():
            if L < WHITEN_MIN_BLOCKS:
                continue
            sel = np.flatnonzero(n_win == L)
            for g0 in range(0, sel.size, 4096):  # bounded memory
                rows = sel[g0 : g0 + 4096]
                ends = idx[rows] + 1
                win = ends[:, None] - L + np.arange(L)
                a, ok = self._fits(energy[win], r[win])
                coef[rows], done[rows] = a, ok
                if ok.any():
                    gain[rows[ok]] = self._gains(a[ok])
        return coef, gain, done

    def update(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Prediction error of the next samples, and the reference gain at each sample.

        Parameters
        ----------
        x : ndarray, shape (n, 3)
            The next band-passed samples.

        Returns
        -------
        error : ndarray, shape (n, 3)
            The prediction error (whitened signal).
        gain : ndarray, shape (n,)
            The whitened envelope's peak per m/s^2 of the reference twitch, at each sample.
        """
        x = np.asarray(x, dtype=np.float64).reshape(-1, 3)
        n = x.shape[0]
        if n == 0:
            return np.zeros((0, 3)), np.zeros(0)
        p, bl = self._p, self._block
        q = self._pos % bl
        joined = np.vstack([self._buf, x])  # p samples before the current block, then q + n samples
        if q + n < bl:  # no block completes (most live updates): the current coefficients throughout
            out = x.copy()
            for k in range(1, p + 1):
                out -= self._a[k - 1] * joined[p + q - k : p + q - k + n]
            self._pos += n
            self._buf = joined
            return out, np.full(n, self._gain)
        n_done = (q + n) // bl
        # statistics of the blocks completed now: r_k = sum over the block (all axes) of x[i] x[i - k]
        # (in groups of blocks that stay in the cache; each block's sum is the same in any group)
        group = max(_CACHE_SAMPLES // bl, 1)
        r_new = np.empty((n_done, p + 1))
        prod = np.empty((min(group, n_done) * bl, 3))  # one buffer for the products
        for b0 in range(0, n_done, group):
            b1 = min(b0 + group, n_done)
            i0, i1 = p + b0 * bl, p + b1 * bl
            pr = prod[: i1 - i0]
            for k in range(p + 1):
                np.multiply(joined[i0:i1], joined[i0 - k : i1 - k], out=pr)
                r_new[b0:b1, k] = pr.reshape(b1 - b0, bl * 3).sum(axis=1)
        energy = np.concatenate([self._energy, r_new[:, 0] / bl])
        r_all = np.vstack([self._r, r_new])
        coef, gain, done = self._fit_blocks(energy, r_all, self._energy.size)
        # coefficients in force in each block touched now: the current ones, then after each fit
        pick = np.where(done, np.arange(n_done), -1)
        pick = np.maximum.accumulate(pick) if n_done else pick
        block_a = np.vstack(
            [self._a[None, :], np.where(pick[:, None] >= 0, coef[np.maximum(pick, 0)], self._a)]
        )
        block_g = np.concatenate([[self._gain], np.where(pick >= 0, gain[np.maximum(pick, 0)], self._gain)])
        # samples per touched block: the rest of the current block, full blocks, the new partial block
        counts = np.full(n_done + 1, bl)
        counts[0], counts[-1] = bl - q, q + n - n_done * bl
        # the error over the touched blocks whole (block-aligned, zeros after the data; the samples
        # outside x are dropped), each sample x - a_1 x[-1] - ... - a_p x[-p] in that order, in
        # groups of blocks that stay in the cache
        nb = n_done + 1
        padded = np.zeros((p + nb * bl, 3))
        padded[: joined.shape[0]] = joined
        err = padded[p:].reshape(nb, bl, 3).copy()
        term = np.empty((min(group, nb), bl, 3))
        for b0 in range(0, nb, group):
            b1 = min(b0 + group, nb)
            eg, tg = err[b0:b1], term[: b1 - b0]
            for k in range(1, p + 1):
                shifted = padded[p - k + b0 * bl : p - k + b1 * bl].reshape(b1 - b0, bl, 3)
                eg -= np.multiply(block_a[b0:b1, k - 1, None, None], shifted, out=tg)
        out = err.reshape(-1, 3)[q : q + n]
        gains = np.repeat(block_g, counts)
        # state for the next call
        self._a, self._gain = block_a[-1].copy(), float(block_g[-1])
        self._energy, self._r = energy[-self._n_fit :], r_all[-self._n_fit :]
        self._pos += n
        start = n_done * bl  # start of the new current block within joined[p:]
        self._buf = joined[start:].copy()
        return out, gains


def reference_twitch(fs: float, taps: np.ndarray) -> np.ndarray:
    """The reference twitch (peak 1 m/s^2) after the twitch band-pass.

    A Gaussian-derivative pulse of width :data:`REFERENCE_SIGMA_S`, convolved with ``taps``; the
    :class:`Whitener` measures its gain on it (the peak whitened envelope of this pulse).

    Parameters
    ----------
    fs : float
        Sampling rate in Hz.
    taps : ndarray
        The twitch band-pass's FIR taps (:func:`twitch_fir`).

    Returns
    -------
    ndarray
        The filtered pulse in m/s^2, sampled at ``fs``.
    """
    sigma = REFERENCE_SIGMA_S
    t = np.arange(-5 * sigma, 5 * sigma + 0.5 / fs, 1.0 / fs)
    pulse = -t / sigma * np.exp(-((t / sigma) ** 2) / 2) / np.exp(-0.5)
    return np.convolve(pulse, taps)
