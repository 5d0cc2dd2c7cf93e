"""Fasciculation (twitch) detection: isolated, brief, non-rhythmic transients.

The acceleration is band-passed (:data:`TWITCH_BAND`), its three axes combined into an envelope
(the vector norm), and compared with a threshold that follows the background level (the median of
the envelope over the previous :data:`BACKGROUND_S` seconds, which is set by physiological tremor
and sensor noise). A candidate is a run above half the threshold that holds a sample above it.
It is kept as a twitch only when it is brief (:data:`MIN_DURATION_MS` to :data:`MAX_DURATION_MS`),
isolated (no other candidate within :data:`ISOLATION_S`: rhythmic tremor gives trains of them) and
not large enough to be an artefact such as a dropped weight or a clap (:data:`ARTEFACT_MPS2`).
Whether the wrist was at rest is decided later, from the frame features.

The envelope is processed in blocks aligned to the sample index, each once its look-ahead is
available, so :class:`TransientFinder` gives the same events for any chunking of its input.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ._check import check_acc, check_fs
from .filters import CausalBandpass, bandpass_zero_phase, design_bandpass

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
BACKGROUND_S = 10.0
THRESHOLD_FACTOR = 4.0
ABSOLUTE_FLOOR_MPS2 = 0.06
MIN_DURATION_MS = 15.0
MAX_DURATION_MS = 400.0
ISOLATION_S = 0.6
ARTEFACT_MPS2 = 2.5
BLOCK_S = 0.5
LOOKAHEAD_S = 1.0


def twitch_band(fs: float) -> tuple[float, float]:
    """The twitch band at ``fs``: 3 Hz up to 40 Hz or 0.4 fs, whichever is lower."""
    return TWITCH_BAND[0], min(TWITCH_BAND[1], 0.4 * fs)


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
    _last_kept: float = field(init=False, default=-np.inf)

    def __post_init__(self) -> None:
        self.fs = check_fs(self.fs)
        self._env = np.zeros(0)
        self._block = max(int(round(BLOCK_S * self.fs)), 1)
        self._look = int(round(LOOKAHEAD_S * self.fs))
        self._n_background = max(int(round(BACKGROUND_S / BLOCK_S)), 1)

    def update(self, envelope: np.ndarray, *, final: bool = False) -> list[Transient]:
        """Add envelope samples; return transients whose blocks are now complete.

        With ``final=True`` the remaining samples are processed without look-ahead (end of data).
        """
        self._env = np.concatenate([self._env, np.asarray(envelope, dtype=np.float64)])
        out: list[Transient] = []
        end = self._env_start + self._env.size
        while True:
            b0 = self._next_block * self._block
            b1 = b0 + self._block
            if b1 + self._look > end and not (final and b0 < end):
                break
            out.extend(self._process_block(b0, min(b1, end), end))
            self._next_block += 1
        keep_from = max(self._next_block * self._block - self._look - self._block, 0)
        if keep_from > self._env_start:
            self._env = self._env[keep_from - self._env_start:]
            self._env_start = keep_from
        return out

    def _process_block(self, b0: int, b1: int, end: int) -> list[Transient]:
        env = self._env
        off = self._env_start
        block = env[b0 - off:b1 - off]
        history = self._block_medians[-self._n_background:]
        background = float(np.median(history)) if history else float(np.median(block))
        self._block_medians.append(float(np.median(block)))
        threshold = max(THRESHOLD_FACTOR * background, ABSOLUTE_FLOOR_MPS2)
        lo = max(b0 - self._look, off)
        hi = min(b1 + self._look, end)
        ctx = env[lo - off:hi - off]
        above = ctx > threshold / 2.0
        strong = ctx > threshold
        runs = _runs(above)
        merge_gap = int(round(0.06 * self.fs))
        runs = _merge(runs, merge_gap)
        found = []
        starts_abs = [lo + a for a, _ in runs]
        for (a, b), start_abs in zip(runs, starts_abs):
            if not strong[a:b].any():
                continue
            k = a + int(np.argmax(ctx[a:b]))
            peak_abs = lo + k
            if not b0 <= peak_abs < b1:
                continue
            duration_ms = (b - a) / self.fs * 1e3
            peak = float(ctx[k])
            touches_edge = (a == 0 and lo > off) or (b == len(ctx) and hi < end)
            neighbours = [
                s for (aa, bb), s in zip(runs, starts_abs)
                if (aa, bb) != (a, b) and strong[aa:bb].any()
                and abs((lo + aa + int(np.argmax(ctx[aa:bb]))) - peak_abs) <= ISOLATION_S * self.fs
            ]
            if peak >= ARTEFACT_MPS2:
                kind = "artefact"
            elif duration_ms > MAX_DURATION_MS or touches_edge:
                kind = "sustained"
            elif neighbours:
                kind = "rhythmic"
            elif duration_ms < MIN_DURATION_MS:
                continue
            else:
                kind = "twitch"
            found.append(Transient(self.t0_s + peak_abs / self.fs, peak, duration_ms, threshold, kind))
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
class TwitchDetector:
    """Live twitch detector for one gap-free segment: causal band-pass, envelope, transient finder."""

    fs: float
    t0_s: float = 0.0
    _filter: CausalBandpass = field(init=False, repr=False)
    _finder: TransientFinder = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.fs = check_fs(self.fs)
        low, high = twitch_band(self.fs)
        self._filter = CausalBandpass(design_bandpass(low, high, fs=self.fs, order=2), n_channels=3)
        self._finder = TransientFinder(self.fs, self.t0_s)

    def update(self, chunk: np.ndarray, *, final: bool = False) -> list[Transient]:
        """Feed samples (n, 3) in m/s^2; return transients completed so far."""
        filtered = self._filter.update(check_acc(chunk, "chunk"))
        return self._finder.update(np.linalg.norm(filtered, axis=1), final=final)


def detect_transients(acc: np.ndarray, *, fs: float, t0_s: float = 0.0, zero_phase: bool = True) -> list[Transient]:
    """Batch transient detection over one gap-free segment.

    ``zero_phase=True`` (batch default) filters forward and backward so event times are not delayed;
    ``zero_phase=False`` reproduces the live detector exactly.
    """
    fs = check_fs(fs)
    acc = check_acc(acc)
    low, high = twitch_band(fs)
    sos = design_bandpass(low, high, fs=fs, order=2)
    if zero_phase:
        filtered = bandpass_zero_phase(acc, sos)
    else:
        filtered = CausalBandpass(sos, 3).update(acc)
    return TransientFinder(fs, t0_s).update(np.linalg.norm(filtered, axis=1), final=True)
