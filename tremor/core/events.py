"""Fasciculation (twitch) detection: brief transients that are not part of a rhythmic train.

One :class:`TwitchDetector` serves batch, long-file and live analysis. The acceleration is
band-passed (:data:`TWITCH_BAND`, a linear-phase FIR with the magnitude response of a zero-phase
Butterworth), whitened (block-wise linear prediction removes what is predictable: physiological
tremor, any narrow-band rhythm) and its three axes combined into an envelope (the RMS of the vector
over :data:`SMOOTH_S`). Each :data:`BLOCK_S` block is compared with a robust threshold from the
previous :data:`BACKGROUND_S` seconds (median + :data:`MAD_FACTOR` MADs). Each run above it gives a
candidate at its peak (peaks within :data:`SAME_EVENT_S` are one event); its extent is where the
envelope stays above :data:`EXTENT_FRACTION` of that peak. A candidate is a twitch only when

* it adds energy: its band-passed peak is at least :data:`RISE_FACTOR` x the background level
  (otherwise ``"weak"``: a change of the tremor's phase or frequency, not an added transient);
* it is not the edge of a slow movement such as a posture shift (``"movement"``, :data:`SLOW_FACTOR`);
* it is brief (:data:`MIN_DURATION_MS` to :data:`MAX_DURATION_MS`, otherwise ``"sustained"``);
* it stands out from its surroundings: the band-passed envelope within :data:`ISOLATION_S` stays
  below :data:`ISOLATION_LEVEL` of its peak (otherwise ``"rhythmic"``: a burst of ongoing oscillation);
* it is not too large (``"artefact"``: a dropped weight or a clap, :data:`ARTEFACT_MPS2`);
* it is not one of a regular train (:func:`classify_trains`): two or three twitches close together
  are twitches.

Whether the wrist was at rest is decided later, from the frame features. Every stage is aligned to
the sample index, so any chunking of the input gives the same events; the detection limit of each
block (the smallest reference twitch it could show) is kept in :attr:`TwitchDetector.limits`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy import signal

from tremor.core._check import ASSESSABLE_FRACTION, check_acc, check_fs
from tremor.core.filters import design_bandpass

__all__ = [
    "MIN_TWITCH_FS_HZ",
    "Transient",
    "TransientFinder",
    "TwitchDetector",
    "detect_transients",
    "twitch_band",
]

#: Below this rate twitch shape cannot be resolved (nominally 100 Hz; real 100 Hz devices run a little slow).
MIN_TWITCH_FS_HZ = 90.0
TWITCH_BAND = (3.0, 40.0)
BACKGROUND_S = 5.0
BACKGROUND_PERCENTILE = 30.0
THRESHOLD_FACTOR = 3.0
ABSOLUTE_FLOOR_MPS2 = 0.05
#: The envelope is the RMS of the band-passed vector over this many seconds (causal, delay compensated).
SMOOTH_S = 0.03
#: A transient's extent: where the envelope stays above this fraction of its peak.
EXTENT_FRACTION = 0.3
MIN_DURATION_MS = 15.0
MAX_DURATION_MS = 400.0
ISOLATION_S = 0.6
#: ... and the envelope around it (within ISOLATION_S) must stay below this fraction of the threshold.
ISOLATION_LEVEL = 0.6
ARTEFACT_MPS2 = 2.5
#: A candidate barely above threshold that lasts this long is a tremor fluctuation, not a twitch.
WEAK_FACTOR = 1.25
WEAK_MAX_DURATION_MS = 250.0
BLOCK_S = 0.5
LOOKAHEAD_S = 1.0
#: Peaks closer than this are one event (one twitch's envelope can show several lobes); the larger counts.
SAME_EVENT_S = 0.15


#: The band-pass is the zero-phase Butterworth response of batch analysis (order 2 run forward and
#: backward) as a linear-phase FIR: its impulse response truncated at this many seconds, convolved
#: with its reverse. Live and batch run the same FIR, so they see the same signal; live pays a delay
#: of this many seconds (the FIR's half length), on top of the finder's look-ahead.
FIR_HALF_S = 0.5
#: Whitening: a linear predictor of this many seconds' order (at least 4 samples), fitted on the
#: previous WHITEN_FIT_S seconds, removes what is predictable (tremor, any narrow-band rhythm).
WHITEN_ORDER_S = 0.06
WHITEN_FIT_S = 5.0
#: White-noise loading of the predictor fit (fraction of the signal power added at lag 0): the
#: predictor removes strong narrow-band rhythm, not the smoothness of a band-limited signal (which
#: at 200 Hz would also remove a smooth twitch).
WHITEN_LOADING = 0.2
#: Robust threshold on the whitened envelope: median + MAD_FACTOR x 1.4826 x MAD over BACKGROUND_S.
MAD_FACTOR = 7.0
#: A train (clonus, rhythmic myoclonus): at least TRAIN_MIN events at a regular period of at most
#: TRAIN_MAX_INTERVAL_S, each within TRAIN_TOLERANCE periods (or TRAIN_TIMING_S, the timing
#: uncertainty of a transient's envelope peak, if larger) of where the period predicts it, one missed
#: beat allowed, spanning at most TRAIN_SPAN_S.
TRAIN_MIN = 4
TRAIN_MAX_INTERVAL_S = 1.5
TRAIN_TOLERANCE = 0.1
TRAIN_TIMING_S = 0.1
#: A candidate within this many periods before a train's first or after its last beat belongs to it.
TRAIN_EDGE_PERIODS = 1.5
TRAIN_SPAN_S = TRAIN_MIN * TRAIN_MAX_INTERVAL_S

#: Reference twitch for the detection limit: a biphasic Gaussian derivative of this sigma.
REFERENCE_SIGMA_S = 0.02
#: A twitch adds energy: its band-passed peak must be at least RISE_FACTOR x the median band-passed
#: envelope of the previous BACKGROUND_S seconds. A change of the tremor's phase or frequency is
#: unpredictable (so the whitened envelope flags it) but adds no energy; twitches do.
RISE_FACTOR = 1.5
#: Slow movement (a posture shift) leaks into the band's low edge: a candidate whose 0-3 Hz excursion
#: within SLOW_WINDOW_S of its peak (half the peak-to-peak range, vector norm) exceeds SLOW_FACTOR x its
#: band-passed peak is the edge of a movement, not a twitch (a twitch's own 0-3 Hz part is at most
#: about half its peak, for the broadest, 40 ms twitches).
SLOW_CUTOFF_HZ = 3.0
SLOW_FACTOR = 1.0
SLOW_WINDOW_S = 0.3


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
    """
    low, high = twitch_band(fs)
    sos = design_bandpass(low, high, fs=fs, order=2)
    n = max(round(FIR_HALF_S * fs), 2)
    impulse = np.zeros(n)
    impulse[0] = 1.0
    h = signal.sosfilt(sos, impulse)
    return np.convolve(h, h[::-1])


def slow_fir(fs: float) -> np.ndarray:
    """Linear-phase 0-:data:`SLOW_CUTOFF_HZ` Hz low-pass, built as :func:`twitch_fir` (same length and delay)."""
    sos = signal.butter(2, SLOW_CUTOFF_HZ, btype="lowpass", fs=fs, output="sos")
    n = max(round(FIR_HALF_S * fs), 2)
    impulse = np.zeros(n)
    impulse[0] = 1.0
    h = signal.sosfilt(sos, impulse)
    return np.convolve(h, h[::-1])


@dataclass(frozen=True)
class Transient:
    """A candidate transient in the twitch band.

    ``kind`` is ``"twitch"`` (brief, not in a train), ``"artefact"`` (too large), ``"rhythmic"``
    (one of a train or of an ongoing oscillation), ``"sustained"`` (too long), ``"movement"`` (the
    edge of a slow movement) or ``"weak"`` (adds too little energy to the background, see
    :data:`RISE_FACTOR`).
    """

    t_s: float
    peak_mps2: float
    duration_ms: float
    threshold_mps2: float
    kind: str


@dataclass
class TransientFinder:
    """Finds transients in an envelope stream, block by block (chunking does not change the result).

    The threshold of each :data:`BLOCK_S` block is robust: the median of the detection envelope over
    the previous :data:`BACKGROUND_S` seconds plus :data:`MAD_FACTOR` robust standard deviations
    (1.4826 x the median absolute deviation), so a few twitches or a knock in the background do not
    raise it.

    Parameters
    ----------
    fs : float
        Sampling rate in Hz.
    t0_s : float
        Time of the first envelope sample.
    """

    fs: float
    t0_s: float = 0.0
    #: Band-passed envelope peak per m/s^2 of the reference twitch (for the rise part of the limit).
    amp_gain: float = 1.0
    _env: np.ndarray = field(init=False, repr=False)
    _amp: np.ndarray = field(init=False, repr=False)
    _slow: np.ndarray = field(init=False, repr=False)
    _gain: np.ndarray = field(init=False, repr=False)
    _env_start: int = field(init=False, default=0)
    _next_block: int = field(init=False, default=0)
    limits: list[tuple[float, float]] = field(init=False, default_factory=list)

    def __post_init__(self) -> None:
        self.fs = check_fs(self.fs)
        self._env = np.zeros(0)
        self._amp = np.zeros(0)
        self._gain = np.zeros(0)
        self._slow = np.zeros((0, 3))
        self._block = max(round(BLOCK_S * self.fs), 1)
        self._look = round(LOOKAHEAD_S * self.fs)
        self._background = max(round(BACKGROUND_S * self.fs), self._block)
        self._delay = (max(round(SMOOTH_S * self.fs), 1) - 1) / 2.0

    @property
    def processed_s(self) -> float:
        """Time up to which every transient has been returned."""
        return self.t0_s + (self._next_block * self._block - self._delay) / self.fs

    def update(
        self,
        envelope: np.ndarray,
        *,
        final: bool = False,
        amplitude: np.ndarray | None = None,
        gain: np.ndarray | None = None,
        slow: np.ndarray | None = None,
    ) -> list[Transient]:
        """Add envelope samples; return transients whose blocks are now complete.

        ``envelope`` is the detection envelope; ``amplitude`` (default: the same) the band-passed
        envelope in m/s^2 that gives each transient's peak; ``gain`` (default 1) the detection
        envelope's peak per m/s^2 of a reference twitch, for the detection limit of each block;
        ``slow`` (n, 3) (default: none) the 0-3 Hz part of the acceleration, for the movement rule.
        With ``final=True`` the remaining samples are processed without look-ahead (end of data).

        Parameters
        ----------
        envelope : ndarray, shape (n,)
            The next samples of the detection envelope.
        final : bool
            True at the end of the data: process every remaining block now.
        amplitude : ndarray, shape (n,) or None
            Band-passed envelope in m/s^2 for the transients' peaks; None uses ``envelope``.
        gain : ndarray, shape (n,) or None
            Detection-envelope peak per m/s^2 of a reference twitch; None means 1.
        slow : ndarray, shape (n, 3) or None
            The 0-3 Hz part of the acceleration in m/s^2; None means zeros (no movement).

        Returns
        -------
        list of Transient
            Transients of the blocks completed by these samples, in time order, each with its
            ``kind`` before the train rule (see :func:`classify_trains`).
        """
        envelope = np.asarray(envelope, dtype=np.float64)
        self._env = np.concatenate([self._env, envelope])
        self._amp = np.concatenate(
            [self._amp, envelope if amplitude is None else np.asarray(amplitude, float)]
        )
        self._gain = np.concatenate(
            [self._gain, np.ones(envelope.size) if gain is None else np.asarray(gain, float)]
        )
        self._slow = np.vstack(
            [
                self._slow,
                np.zeros((envelope.size, 3)) if slow is None else np.asarray(slow, float).reshape(-1, 3),
            ]
        )
        end = self._env_start + self._env.size
        first = self._next_block
        last = -(-end // self._block) if final else (end - self._look) // self._block
        out = self._process_range(first, max(last, first), end)
        self._next_block = max(last, first)
        keep_from = max(self._next_block * self._block - max(self._look + self._block, self._background), 0)
        if keep_from > self._env_start:
            cut = keep_from - self._env_start
            self._env, self._amp, self._gain = self._env[cut:], self._amp[cut:], self._gain[cut:]
            self._slow = self._slow[cut:]
            self._env_start = keep_from
        return out

    def _process_range(self, first: int, stop: int, end: int) -> list[Transient]:
        """Blocks ``first..stop - 1``: thresholds and limits computed together, the same as block by block.

        A block's threshold comes from the :data:`BACKGROUND_S` seconds before it; where that window
        is whole (every block but a segment's first few), the medians of many blocks are taken at
        once over the same samples (a median is a selection, so the values are the same).
        """
        out: list[Transient] = []
        b = first
        bl, bg, off = self._block, self._background, self._env_start
        while b < stop and (
            b * bl < bg or stop - b <= 2
        ):  # a segment's first blocks (a shorter past), or live
            out.extend(self._process_one(b, end))
            b += 1
        for g0 in range(b, stop, 1024):  # bounded memory
            g1 = min(g0 + 1024, stop)
            b0 = np.arange(g0, g1) * bl
            b1 = np.minimum(b0 + bl, end)
            s = g0 * bl - bg - off  # start of the first block's past in the buffers
            win = np.lib.stride_tricks.sliding_window_view(self._env[s : (g1 - 1) * bl - off], bg)[::bl]
            win = win.copy()  # partitioned in place below: the same values, in another order
            med = np.median(win, axis=1, overwrite_input=True)
            mad = np.median(np.abs(win - med[:, None]), axis=1, overwrite_input=True)
            threshold = med + MAD_FACTOR * 1.4826 * mad
            amp_win = np.lib.stride_tricks.sliding_window_view(self._amp[s : (g1 - 1) * bl - off], bg)[::bl]
            rise = RISE_FACTOR * np.median(amp_win.copy(), axis=1, overwrite_input=True)
            gain = self._gain[b0 - off]
            with np.errstate(divide="ignore"):
                det = np.where(gain > 0, threshold / np.where(gain > 0, gain, 1.0), np.inf)
            limit = np.maximum(det, rise / self.amp_gain)
            t_mid = self.t0_s + (0.5 * (b0 + b1) - self._delay) / self.fs
            self.limits.extend(zip(t_mid.tolist(), limit.tolist()))
            seg = self._env[g0 * bl - off : int(b1[-1]) - off]
            padded = np.full((g1 - g0) * bl, -np.inf)
            padded[: seg.size] = seg
            above = np.flatnonzero(padded.reshape(-1, bl).max(axis=1) > threshold)
            for i in above.tolist():
                out.extend(
                    self._process_block(
                        int(b0[i]), int(b1[i]), end, float(threshold[i]), float(limit[i]), float(rise[i])
                    )
                )
        return out

    def _process_one(self, b: int, end: int) -> list[Transient]:
        off = self._env_start
        b0 = b * self._block
        b1 = min(b0 + self._block, end)
        past = self._env[max(b0 - self._background, off) - off : b0 - off]
        if past.size < self._block:  # the first block of a segment: its own samples
            past = self._env[b0 - off : b1 - off]
        med = float(np.median(past))
        mad = float(np.median(np.abs(past - med)))
        threshold = med + MAD_FACTOR * 1.4826 * mad
        past_amp = self._amp[max(b0 - self._background, off) - off : b0 - off]
        if past_amp.size < self._block:
            past_amp = self._amp[b0 - off : b1 - off]
        rise = RISE_FACTOR * float(np.median(past_amp))
        gain = float(self._gain[b0 - off])
        limit = max(threshold / gain if gain > 0 else float("inf"), rise / self.amp_gain)
        self.limits.append((self.t0_s + (0.5 * (b0 + b1) - self._delay) / self.fs, limit))
        if not np.any(self._env[b0 - off : b1 - off] > threshold):
            return []
        return self._process_block(b0, b1, end, threshold, limit, rise)

    def _process_block(
        self, b0: int, b1: int, end: int, threshold: float, limit: float, rise: float
    ) -> list[Transient]:
        off = self._env_start
        lo = max(b0 - self._look, off)
        hi = min(b1 + self._look, end)
        ctx = self._env[lo - off : hi - off]
        amp = self._amp[lo - off : hi - off]
        slow = self._slow[lo - off : hi - off]
        slow_reach = round(SLOW_WINDOW_S * self.fs)
        strong = ctx > threshold
        runs = _merge(_runs(strong), round(0.06 * self.fs))
        peaks = [a + int(np.argmax(ctx[a:b])) for a, b in runs]
        found = []
        reach = round(ISOLATION_S * self.fs)
        same = round(SAME_EVENT_S * self.fs)
        for k in peaks:
            peak_abs = lo + k
            if not b0 <= peak_abs < b1:
                continue
            if any(0 < abs(q - k) <= same and (ctx[q], -q) > (ctx[k], -k) for q in peaks):
                continue  # a lesser peak of a larger event next to it
            level = max(EXTENT_FRACTION * float(ctx[k]), threshold / 2.0)
            left = k
            while left > 0 and ctx[left - 1] > level:
                left -= 1
            right = k + 1
            while right < len(ctx) and ctx[right] > level:
                right += 1
            peak = float(np.max(amp[left:right]))
            duration_ms = (right - left) / self.fs * 1e3
            touches_edge = (left == 0 and lo > off) or (right == len(ctx) and hi < end)
            surround = np.concatenate([amp[max(k - reach, 0) : left], amp[right : k + reach]])
            near_artefact = float(np.max(amp[max(k - reach, 0) : k + reach])) >= ARTEFACT_MPS2
            busy = surround.size > 0 and float(np.median(surround)) > ISOLATION_LEVEL * peak
            around = slow[max(k - slow_reach, 0) : k + slow_reach + 1]
            excursion = 0.5 * float(np.linalg.norm(np.ptp(around, axis=0)))
            if peak >= ARTEFACT_MPS2 or near_artefact:
                kind = "artefact"
            elif excursion > SLOW_FACTOR * peak:
                kind = "movement"
            elif (
                duration_ms > MAX_DURATION_MS
                or touches_edge
                or (duration_ms > WEAK_MAX_DURATION_MS and float(ctx[k]) < WEAK_FACTOR * threshold)
            ):
                kind = "sustained"
            elif busy:
                kind = "rhythmic"
            elif duration_ms < MIN_DURATION_MS:
                continue
            elif peak < rise:  # no energy added: a change of the background (kept for the train rule)
                kind = "weak"
            else:
                kind = "twitch"
            t_peak = self.t0_s + (peak_abs - self._delay) / self.fs
            found.append(Transient(t_peak, peak, duration_ms, limit, kind))
        return found


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    if not mask.any():
        return []
    padded = np.concatenate([[False], mask, [False]])
    edges = np.flatnonzero(padded[1:] != padded[:-1])
    return list(zip(edges[::2].tolist(), edges[1::2].tolist()))


def _merge(runs: list[tuple[int, int]], gap: int) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for a, b in runs:
        if merged and a - merged[-1][1] <= gap:
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return merged


@dataclass
class Envelope:
    """Causal moving RMS of the vector norm over :data:`SMOOTH_S` seconds, with carried state."""

    fs: float
    _tail: np.ndarray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._width = max(round(SMOOTH_S * self.fs), 1)
        self._tail = np.zeros(self._width - 1)

    def update(self, filtered: np.ndarray) -> np.ndarray:
        """Envelope of the next filtered samples (n, 3)."""
        if filtered.shape[0] == 0:  # np.convolve would swap its arguments
            return np.zeros(0)
        power = np.einsum("ij,ij->i", filtered, filtered)
        joined = np.concatenate([self._tail, power])
        self._tail = joined[joined.size - (self._width - 1) :] if self._width > 1 else joined[:0]
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
        """Filter the next samples (n, 3); returns the filtered samples now complete."""
        chunk = np.asarray(chunk, dtype=np.float64).reshape(-1, 3)
        if self._hist is None:
            if chunk.shape[0] == 0:
                return np.zeros((0, 3))
            self._hist = np.repeat(chunk[:1], self.taps.size - 1, axis=0)
            self._skip = self.delay
        if final:
            chunk = np.vstack(
                [chunk, np.repeat((chunk if chunk.size else self._hist)[-1:], self.delay, axis=0)]
            )
        joined = np.vstack([self._hist, chunk])
        self._hist = joined[joined.shape[0] - (self.taps.size - 1) :]
        if joined.shape[0] < self.taps.size:
            return np.zeros((0, 3))
        out = np.column_stack([np.convolve(joined[:, j], self.taps, mode="valid") for j in range(3)])
        drop = min(self._skip, out.shape[0])
        self._skip -= drop
        return out[drop:]


@dataclass
class Whitener:
    """Block-wise linear prediction error of the band-passed signal (removes what is predictable).

    Each :data:`BLOCK_S` block (aligned to the segment's first sample) is predicted by coefficients
    fitted (Yule-Walker, one predictor for the three axes) on the previous :data:`WHITEN_FIT_S`
    seconds, leaving out blocks of more than 4x their median energy (knocks, movement). Rhythmic
    tremor is predictable and is removed; a twitch's onset is not. The first block of a segment is
    passed as it is. Any chunking gives the same output: every block's statistics, fit and
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
        e = np.broadcast_to(ref, (a.shape[0], ref.size)).copy()
        for k in range(1, self._p + 1):
            e[:, k:] -= a[:, k - 1 : k] * ref[:-k]
        w = self._width
        sq = np.zeros((a.shape[0], ref.size + 2 * (w - 1)))
        sq[:, w - 1 : w - 1 + ref.size] = e * e
        acc = sq[:, : ref.size + w - 1].copy()
        for j in range(1, w):
            acc += sq[:, j : j + ref.size + w - 1]
        return np.sqrt(acc.max(axis=1) * (1.0 / w))

    def _fits(self, energy: np.ndarray, r: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Coefficients and a validity flag per row of fit windows (rows, L) and (rows, L, p + 1).

        Yule-Walker by Levinson-Durbin, row-wise: each row's result depends on that row alone.
        """
        rows, n_win = energy.shape
        med = np.median(energy, axis=1)
        keep = energy <= 4.0 * med[:, None]
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
            if L < 2:
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
        """Prediction error of the next samples (n, 3), and the reference gain at each sample."""
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
        cur = joined[p : p + n_done * bl]
        r_new = np.empty((n_done, p + 1))
        for k in range(p + 1):
            prod = cur * joined[p - k : p - k + n_done * bl]
            r_new[:, k] = prod.reshape(n_done, bl * 3).sum(axis=1)
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
        if n_done:
            counts[0], counts[-1] = bl - q, q + n - n_done * bl
        else:
            counts[0] = n
        out = x.copy()
        for k in range(1, p + 1):
            c = np.repeat(block_a[:, k - 1], counts)
            out -= c[:, None] * joined[p + q - k : p + q - k + n]
        gains = np.repeat(block_g, counts)
        # state for the next call
        self._a, self._gain = block_a[-1].copy(), float(block_g[-1])
        self._energy, self._r = energy[-self._n_fit :], r_all[-self._n_fit :]
        self._pos += n
        start = n_done * bl  # start of the new current block within joined[p:]
        self._buf = joined[start:].copy()
        return out, gains


def _reference_twitch(fs: float, taps: np.ndarray) -> np.ndarray:
    """The reference twitch (peak 1 m/s^2) after the twitch band-pass."""
    sigma = REFERENCE_SIGMA_S
    t = np.arange(-5 * sigma, 5 * sigma + 0.5 / fs, 1.0 / fs)
    pulse = -t / sigma * np.exp(-((t / sigma) ** 2) / 2) / np.exp(-0.5)
    return np.convolve(pulse, taps)


def classify_trains(candidates: list[Transient]) -> list[Transient]:
    """Mark as ``"rhythmic"`` the brief candidates that lie in a regular train (order kept).

    A train is a chain of at least :data:`TRAIN_MIN` brief candidates (weak ones included, since a
    train's later beats can fall below the background it raises) at a period of at most
    :data:`TRAIN_MAX_INTERVAL_S`: each next candidate falls within :data:`TRAIN_TOLERANCE` periods
    (at least :data:`TRAIN_TIMING_S`) of where the period so far predicts the next beat (or, once
    per chain, the one after: a missed beat), and the chain spans at most :data:`TRAIN_SPAN_S`. Every candidate between a train's first and last beat, or within
    :data:`TRAIN_EDGE_PERIODS` periods of them, is rhythmic (extra peaks of one jerk, or a beat
    whose timing is off, do not spare the train's other beats). Two or three twitches close together are not a
    train, nor are irregular twitches however close. A candidate's verdict depends only on
    candidates within :data:`TRAIN_REACH_S` of it.
    """
    brief = sorted((c for c in candidates if c.kind in ("twitch", "rhythmic", "weak")), key=lambda c: c.t_s)
    times = np.array([c.t_s for c in brief])
    spans: list[tuple[float, float]] = []
    for i in range(times.size - TRAIN_MIN + 1):
        period = times[i + 1] - times[i]
        if period > TRAIN_MAX_INTERVAL_S:
            continue
        k, beats, missed = i + 1, 1, False
        while k + 1 < times.size:  # each next candidate must be the next beat (or, once, the one after)
            step = (times[k + 1] - times[k]) / period
            skip = round(step)
            if skip not in ((1, 2) if not missed else (1,)) or times[k + 1] - times[i] > TRAIN_SPAN_S:
                break
            if abs(times[k + 1] - times[k] - skip * period) > max(TRAIN_TOLERANCE * period, TRAIN_TIMING_S):
                break
            missed = missed or skip == 2
            k, beats = k + 1, beats + skip
            period = (times[k] - times[i]) / beats
        if k - i + 1 >= TRAIN_MIN:
            slack = TRAIN_EDGE_PERIODS * period
            spans.append((times[i] - slack, times[k] + slack))
    if not spans:
        return list(candidates)
    from dataclasses import replace

    def in_train(t: float) -> bool:
        return any(a - 1e-9 <= t <= b + 1e-9 for a, b in spans)

    return [replace(c, kind="rhythmic") if c.kind == "twitch" and in_train(c.t_s) else c for c in candidates]


#: A candidate is classified once the candidates this far after it are known.
TRAIN_REACH_S = TRAIN_SPAN_S + TRAIN_EDGE_PERIODS * TRAIN_MAX_INTERVAL_S


@dataclass
class TwitchDetector:
    """Twitch detector for one gap-free segment (live and batch): linear-phase band-pass, whitening,
    envelope, robust threshold, transient finder, train rule.

    Live output lags the data by :data:`FIR_HALF_S` (the band-pass), :data:`LOOKAHEAD_S` (the
    finder) and up to :data:`TRAIN_REACH_S` (a candidate waits until a train could be seen).
    Feeding the same samples in any chunks gives the same transients as :func:`detect_transients`.
    """

    fs: float
    t0_s: float = 0.0

    def __post_init__(self) -> None:
        self.fs = check_fs(self.fs)
        taps = twitch_fir(self.fs)
        self._filter = LinearPhaseFilter(taps)
        self._slow = LinearPhaseFilter(slow_fir(self.fs))
        self._whitener = Whitener(self.fs, _reference_twitch(self.fs, taps))
        self._env_amp, self._env_det = Envelope(self.fs), Envelope(self.fs)
        amp_gain = self._whitener._reference_gain(np.zeros(0))
        self._finder = TransientFinder(self.fs, self.t0_s, amp_gain)
        self._pending: list[Transient] = []
        self._recent: list[Transient] = []

    @property
    def limits(self) -> list[tuple[float, float]]:
        """(time, detection limit in m/s^2) of each block processed so far: the peak of the smallest
        reference twitch (a 20 ms biphasic pulse) that would cross the block's threshold."""
        return self._finder.limits

    def update(self, chunk: np.ndarray, *, final: bool = False) -> list[Transient]:
        """Feed samples (n, 3) in m/s^2; return transients completed so far.

        Candidates are held back until :data:`TRAIN_REACH_S` s of later data are processed, so the
        train rule sees the neighbours on both sides; ``final=True`` releases them all.

        Parameters
        ----------
        chunk : ndarray, shape (n, 3)
            The next samples of one gap-free segment, acceleration in m/s^2.
        final : bool
            True at the end of the segment: flush the filter delay and every pending candidate.

        Returns
        -------
        list of Transient
            Transients judged so far and not returned before, in time order, with their final ``kind``.
        """
        chunk = check_acc(chunk, "chunk")
        y = self._filter.update(chunk, final=final)
        e, gain = self._whitener.update(y)
        found = self._finder.update(
            self._env_det.update(e),
            amplitude=self._env_amp.update(y),
            gain=gain,
            slow=self._slow.update(chunk, final=final),
            final=final,
        )
        self._pending.extend(found)
        done_until = float("inf") if final else self._finder.processed_s - TRAIN_REACH_S
        ready = [c for c in self._pending if c.t_s < done_until]
        if not ready:
            return []
        self._pending = [c for c in self._pending if c.t_s >= done_until]
        context = self._recent + ready + self._pending
        n0 = len(self._recent)
        judged = classify_trains(context)[n0 : n0 + len(ready)]
        keep_after = ready[-1].t_s - TRAIN_REACH_S
        self._recent = [c for c in self._recent + ready if c.t_s >= keep_after]
        return judged


def detect_transients(
    acc: np.ndarray, *, fs: float, t0_s: float = 0.0, zero_phase: bool = True
) -> list[Transient]:
    """Batch transient detection over one gap-free segment: :class:`TwitchDetector` fed at once.

    The twitch band-pass is linear-phase (zero phase after its delay is removed) in batch and live
    alike, so ``zero_phase`` no longer changes anything; it is kept for callers that pass it.

    Parameters
    ----------
    acc : ndarray, shape (n, 3)
        Acceleration in m/s^2 of one gap-free segment.
    fs : float
        Sampling rate in Hz (required).
    t0_s : float
        Time in s of ``acc[0]``.
    zero_phase : bool
        Ignored (see above).

    Returns
    -------
    list of Transient
        All transients of the segment in time order, every ``kind`` included (filter on
        ``kind == "twitch"`` for twitches).
    """
    fs = check_fs(fs)
    acc = check_acc(acc)
    return TwitchDetector(fs, t0_s).update(acc, final=True)
