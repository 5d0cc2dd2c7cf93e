"""Fasciculation (twitch) detection: isolated, brief, non-rhythmic transients.

The acceleration is band-passed (:data:`TWITCH_BAND`), its three axes combined into an envelope
(the RMS of the vector over :data:`SMOOTH_S`), and compared with a threshold that follows the
background level (a low percentile of the envelope's half-second medians over the previous
:data:`BACKGROUND_S` seconds, set by physiological tremor and sensor noise). Each run above the
threshold gives a candidate at its peak; its extent is where the envelope stays above
:data:`EXTENT_FRACTION` of that peak. It is kept as a twitch only when it is brief
(:data:`MIN_DURATION_MS` to :data:`MAX_DURATION_MS`),
isolated (no other candidate within :data:`ISOLATION_S`: rhythmic tremor gives trains of them) and
not large enough to be an artefact such as a dropped weight or a clap (:data:`ARTEFACT_MPS2`).
Whether the wrist was at rest is decided later, from the frame features.

The envelope is processed in blocks aligned to the sample index, each once its look-ahead is
available, so :class:`TransientFinder` gives the same events for any chunking of its input.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from tremor.core._check import ASSESSABLE_FRACTION, check_acc, check_fs
from tremor.core.filters import CausalBandpass, bandpass_zero_phase, design_bandpass

__all__ = [
    "Transient",
    "TransientFinder",
    "TwitchDetector",
    "detect_transients",
    "twitch_band",
    "MIN_TWITCH_FS_HZ",
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
ISOLATION_LEVEL = 0.5
ARTEFACT_MPS2 = 2.5
#: A candidate barely above threshold that lasts this long is a tremor fluctuation, not a twitch.
WEAK_FACTOR = 1.25
WEAK_MAX_DURATION_MS = 250.0
BLOCK_S = 0.5
LOOKAHEAD_S = 1.0


#: A second, tremor-free band where brief twitches stand out from sensor noise alone.
FAST_TWITCH_LOW_HZ = 14.0
#: Transients of the two bands closer than this are one event.
SAME_EVENT_S = 0.15


def twitch_band(fs: float) -> tuple[float, float]:
    """The twitch band at ``fs``: 3 Hz up to 40 Hz or 0.4 fs, whichever is lower."""
    return TWITCH_BAND[0], min(TWITCH_BAND[1], ASSESSABLE_FRACTION * fs)


def twitch_bands(fs: float) -> list[tuple[float, float]]:
    """The broad twitch band, and the fast band above physiological tremor where ``fs`` allows it."""
    low, high = twitch_band(fs)
    bands = [(low, high)]
    if high >= FAST_TWITCH_LOW_HZ + 10.0:
        bands.append((FAST_TWITCH_LOW_HZ, high))
    return bands


def merge_band_transients(broad: list[Transient], fast: list[Transient]) -> list[Transient]:
    """One list of events from the broad and the fast band.

    A fast-band twitch counts unless the broad band saw the same event as an artefact; a broad-band
    event keeps its own verdict. Events of the two bands within :data:`SAME_EVENT_S` are one.
    """
    broad = sorted(broad, key=lambda t: t.t_s)
    times = np.array([b.t_s for b in broad])
    replaced: set[int] = set()
    added: list[Transient] = []
    for f in fast:
        lo = int(np.searchsorted(times, f.t_s - SAME_EVENT_S, "left"))
        hi = int(np.searchsorted(times, f.t_s + SAME_EVENT_S, "right"))
        if lo == hi:
            if f.kind == "twitch":
                added.append(f)
            continue
        if f.kind == "twitch" and all(broad[i].kind not in ("twitch", "artefact") for i in range(lo, hi)):
            replaced.update(range(lo, hi))
            added.append(f)
    out = [b for i, b in enumerate(broad) if i not in replaced] + added
    return sorted(out, key=lambda t: t.t_s)


@dataclass(frozen=True)
class Transient:
    """A candidate transient in the twitch band.

    ``kind`` is ``"twitch"`` (isolated and brief), ``"artefact"`` (too large), ``"rhythmic"``
    (one of a train), or ``"sustained"`` (too long).
    """

    t_s: float
    peak_mps2: float
    duration_ms: float
    threshold_mps2: float
    kind: str


@dataclass
class TransientFinder:
    """Finds transients in an envelope stream, block by block (chunking does not change the result).

    Parameters
    ----------
    fs : float
        Sampling rate in Hz.
    t0_s : float
        Time of the first envelope sample.
    """

    fs: float
    t0_s: float = 0.0
    _env: np.ndarray = field(init=False, repr=False)
    _env_start: int = field(init=False, default=0)
    _next_block: int = field(init=False, default=0)
    _block_medians: list[float] = field(init=False, default_factory=list)

    def __post_init__(self) -> None:
        self.fs = check_fs(self.fs)
        self._env = np.zeros(0)
        self._block = max(int(round(BLOCK_S * self.fs)), 1)
        self._look = int(round(LOOKAHEAD_S * self.fs))
        self._n_background = max(int(round(BACKGROUND_S / BLOCK_S)), 1)
        self._delay = (max(int(round(SMOOTH_S * self.fs)), 1) - 1) / 2.0

    def update(self, envelope: np.ndarray, *, final: bool = False) -> list[Transient]:
        """Add envelope samples; return transients whose blocks are now complete.

        With ``final=True`` the remaining samples are processed without look-ahead (end of data).
        """
        self._env = np.concatenate([self._env, np.asarray(envelope, dtype=np.float64)])
        end = self._env_start + self._env.size
        first = self._next_block
        last = -(-end // self._block) if final else (end - self._look) // self._block
        out: list[Transient] = []
        if last > first:
            out = self._process_blocks(first, last, end)
            self._next_block = last
        keep_from = max(self._next_block * self._block - self._look - self._block, 0)
        if keep_from > self._env_start:
            self._env = self._env[keep_from - self._env_start:]
            self._env_start = keep_from
        return out

    def _process_blocks(self, first: int, last: int, end: int) -> list[Transient]:
        """Blocks ``first`` to ``last - 1``: thresholds for all at once, the search only where one is crossed."""
        off = self._env_start
        starts = np.arange(first, last) * self._block
        medians = np.empty(starts.size)
        maxima = np.empty(starts.size)
        n_full = int(np.sum(starts + self._block <= end))
        if n_full:
            full = self._env[starts[0] - off:starts[0] - off + n_full * self._block].reshape(n_full, self._block)
            medians[:n_full] = np.median(full, axis=1)
            maxima[:n_full] = full.max(axis=1)
        for i in range(n_full, starts.size):  # the last, partial block at the end of the data
            part = self._env[starts[i] - off:end - off]
            medians[i], maxima[i] = np.median(part), part.max()
        history = np.asarray(self._block_medians)
        joined = np.concatenate([history, medians])
        h, k = history.size, self._n_background
        background = np.empty(starts.size)
        ready = np.arange(starts.size)[h + np.arange(starts.size) - k >= 0]
        if ready.size:
            windows = np.lib.stride_tricks.sliding_window_view(joined, k)[h + ready - k]
            background[ready] = np.percentile(windows, BACKGROUND_PERCENTILE, axis=1)
        for i in range(starts.size):  # the first blocks of a segment, with less history
            if h + i - k < 0:
                past = joined[:h + i]
                background[i] = np.percentile(past, BACKGROUND_PERCENTILE) if past.size else medians[i]
        self._block_medians = joined[-k:].tolist()
        thresholds = np.maximum(THRESHOLD_FACTOR * background, ABSOLUTE_FLOOR_MPS2)
        found: list[Transient] = []
        for j in np.flatnonzero(maxima > thresholds):  # a peak can only be kept in a block holding it
            b0 = int(starts[j])
            found.extend(self._process_block(b0, min(b0 + self._block, end), end, float(thresholds[j])))
        return found

    def _process_block(self, b0: int, b1: int, end: int, threshold: float) -> list[Transient]:
        env = self._env
        off = self._env_start
        lo = max(b0 - self._look, off)
        hi = min(b1 + self._look, end)
        ctx = env[lo - off:hi - off]
        strong = ctx > threshold
        runs = _merge(_runs(strong), int(round(0.06 * self.fs)))
        peaks = [a + int(np.argmax(ctx[a:b])) for a, b in runs]
        found = []
        for k in peaks:
            peak_abs = lo + k
            if not b0 <= peak_abs < b1:
                continue
            peak = float(ctx[k])
            level = max(EXTENT_FRACTION * peak, threshold / 2.0)
            left = k
            while left > 0 and ctx[left - 1] > level:
                left -= 1
            right = k + 1
            while right < len(ctx) and ctx[right] > level:
                right += 1
            duration_ms = (right - left) / self.fs * 1e3
            touches_edge = (left == 0 and lo > off) or (right == len(ctx) and hi < end)
            reach = int(round(ISOLATION_S * self.fs))
            surround = np.concatenate([ctx[max(k - reach, 0):left], ctx[right:k + reach]])
            neighbours = [q for q in peaks if q != k and abs(q - k) <= reach and not left <= q < right]
            busy = surround.size > 0 and float(np.median(surround)) > ISOLATION_LEVEL * threshold
            if peak >= ARTEFACT_MPS2:
                kind = "artefact"
            elif duration_ms > MAX_DURATION_MS or touches_edge or (
                    duration_ms > WEAK_MAX_DURATION_MS and peak < WEAK_FACTOR * threshold):
                kind = "sustained"
            elif neighbours or busy:
                kind = "rhythmic"
            elif duration_ms < MIN_DURATION_MS:
                continue
            else:
                kind = "twitch"
            t_peak = self.t0_s + (peak_abs - self._delay) / self.fs
            found.append(Transient(t_peak, peak, duration_ms, threshold, kind))
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
        self._width = max(int(round(SMOOTH_S * self.fs)), 1)
        self._tail = np.zeros(self._width - 1)

    def update(self, filtered: np.ndarray) -> np.ndarray:
        """Envelope of the next filtered samples (n, 3)."""
        if filtered.shape[0] == 0:  # np.convolve would swap its arguments and return the tail
            return np.zeros(0)
        power = np.einsum("ij,ij->i", filtered, filtered)
        joined = np.concatenate([self._tail, power])
        self._tail = joined[joined.size - (self._width - 1):] if self._width > 1 else joined[:0]
        return np.sqrt(np.convolve(joined, np.full(self._width, 1.0 / self._width), mode="valid"))


@dataclass
class TwitchDetector:
    """Live twitch detector for one gap-free segment: causal band-pass, envelope, transient finder."""

    fs: float
    t0_s: float = 0.0
    _filter: CausalBandpass = field(init=False, repr=False)
    _finder: TransientFinder = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.fs = check_fs(self.fs)
        self._chains = [
            (CausalBandpass(design_bandpass(low, high, fs=self.fs, order=2), n_channels=3), Envelope(self.fs),
             TransientFinder(self.fs, self.t0_s))
            for low, high in twitch_bands(self.fs)
        ]

    def update(self, chunk: np.ndarray, *, final: bool = False) -> list[Transient]:
        """Feed samples (n, 3) in m/s^2; return transients completed so far."""
        chunk = check_acc(chunk, "chunk")
        found = [finder.update(env.update(filt.update(chunk)), final=final) for filt, env, finder in self._chains]
        return merge_band_transients(found[0], found[1]) if len(found) > 1 else found[0]


def detect_transients(acc: np.ndarray, *, fs: float, t0_s: float = 0.0, zero_phase: bool = True) -> list[Transient]:
    """Batch transient detection over one gap-free segment.

    ``zero_phase=True`` (batch default) filters forward and backward so event times are not delayed;
    ``zero_phase=False`` reproduces the live detector exactly.
    """
    fs = check_fs(fs)
    acc = check_acc(acc)
    found = []
    for low, high in twitch_bands(fs):
        sos = design_bandpass(low, high, fs=fs, order=2)
        filtered = bandpass_zero_phase(acc, sos) if zero_phase else CausalBandpass(sos, 3).update(acc)
        found.append(TransientFinder(fs, t0_s).update(Envelope(fs).update(filtered), final=True))
    return merge_band_transients(found[0], found[1]) if len(found) > 1 else found[0]
