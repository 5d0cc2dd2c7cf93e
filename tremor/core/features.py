"""Frame features: the one analysis core that batch and live both run.

A *frame* is a window of ``window_s`` seconds that starts every ``hop_s`` seconds, aligned to the
sample index of its segment. Each frame yields band powers, tremor peak frequencies, the amount of
movement, the direction of gravity (wrist orientation) and a compact power spectrum. The
:class:`FrameExtractor` state object takes samples in chunks of any size and emits frames as they
complete; it gives exactly the frames :func:`compute_frames` gives for the whole array, so live
and batch analysis agree.

A gap-free segment shorter than a window but at least :data:`MIN_PIECE_S` long (data between radio
losses that come in bursts) gives one frame over all its samples, a *piece*: its spectrum is coarser,
but without it twenty short losses inside a set leave no frame between them, and the set's span,
kind and tremor would come from its edges alone.

Size (issue 8): just over 500 lines as one job, the frame table and the one function that fills it
(windows, pieces, the streaming extractor that must give the same rows); splitting the piece frame
out would need the window function's internals public.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from tremor.core._check import ASSESSABLE_FRACTION, check_acc, check_fs
from tremor.core.external_vibration import external_power, external_subbands, subband_levels
from tremor.core.folded_comb import folded_comb_power
from tremor.core.harmonic_subband import external_weak_power
from tremor.core.impulsive_band import band_kurtosis
from tremor.core.rep_locked_ring import SUB_BLOCKS, frame_envelopes
from tremor.core.spectral import (
    BANDS,
    Band,
    axis_window_psd_along,
    band_power,
    centred_windows,
    mask_columns,
    peak_frequency,
)
from tremor.core.time_rows import rows_within
from tremor.core.vertical_share import RING_BAND_HZ, VERTICAL_BELOW_HZ, ring_vertical_share, vertical_share

__all__ = [
    "FrameConfig",
    "Frames",
    "FrameBuffer",
    "FrameExtractor",
    "compute_frames",
    "frame_count",
    "PSD_FREQS",
    "SLOW_PEAK_BAND",
    "MIN_PIECE_S",
    "band_assessable",
]

#: A gap-free segment shorter than a window but at least this long gives one frame over its whole length:
#: its orientation, movement and 6-12 Hz power (a 0.5 s Hann window's main lobe is +-4 Hz wide, so its
#: peak is coarse, but the band's power is there); a shorter one none. Radio losses in bursts leave
#: 0.5-2 s of data between them (red team R3-4: 0.8-2 s); with pieces under 1 s left unframed, four
#: losses 0.5-1 s apart read as one 3 s hole and split a hold that went on through them.
MIN_PIECE_S = 0.5
#: The band of :attr:`Frames.peak_slow_hz`: a pedalling cadence (1.2-1.8 rev/s) and slow limb movement, its top under
#: the 2.4 Hz and up a power stroke's line at twice a cadence puts there (its peak at the top edge is no slow peak).
SLOW_PEAK_BAND = Band("slow", 0.5, 2.25)

#: The common frequency grid (Hz) on which every frame keeps its spectrum.
PSD_FREQS = np.round(np.arange(2.0, 20.0 + 1e-9, 0.25), 6)


def band_assessable(band: Band, fs: float) -> bool:
    """True where ``fs`` can show ``band`` without aliasing.

    A band is assessable when its top edge lies below ``0.4 * fs`` (a margin under the Nyquist
    frequency ``fs / 2`` that keeps clear of the anti-alias roll-off of real sensors).

    Parameters
    ----------
    band : Band
        The frequency band (edges in Hz).
    fs : float
        Sampling rate in Hz.

    Returns
    -------
    bool
        Whether ``band.high_hz < 0.4 * fs``.
    """
    return band.high_hz < ASSESSABLE_FRACTION * fs


@dataclass(frozen=True)
class FrameConfig:
    """Frame geometry: window and hop in seconds, and FFT zero padding."""

    window_s: float = 2.0
    hop_s: float = 0.5
    zero_pad: int = 2

    def sizes(self, fs: float) -> tuple[int, int, int]:
        """Window, hop and FFT length in samples at ``fs``.

        Parameters
        ----------
        fs : float
            Sampling rate in Hz.

        Returns
        -------
        win : int
            Window length in samples (``window_s * fs`` rounded, at least 8).
        hop : int
            Hop in samples (``hop_s * fs`` rounded, at least 1).
        nfft : int
            FFT length, ``win * zero_pad``.
        """
        win = max(int(round(self.window_s * fs)), 8)
        hop = max(int(round(self.hop_s * fs)), 1)
        return win, hop, win * self.zero_pad


@dataclass(frozen=True, eq=False)
class Frames:
    """Columnar table of frames. Powers are in (m/s^2)^2, RMS in m/s^2, frequencies in Hz.

    Band powers and peaks of bands that the sampling rate cannot show are NaN. Times are float64;
    every other column is stored as float32 (492 bytes a frame with the spectrum and the sub-blocks),
    which keeps a week of frames at 0.5 s at 0.60 GB.
    """

    t_s: np.ndarray
    movement_rms: np.ndarray
    orientation: np.ndarray
    power_low: np.ndarray
    power_phys: np.ndarray
    power_high: np.ndarray
    peak_phys_hz: np.ndarray
    peak_low_hz: np.ndarray
    peak_high_hz: np.ndarray
    peak_movement_hz: np.ndarray
    prominence_low: np.ndarray
    prominence_high: np.ndarray
    total_rms: np.ndarray
    psd: np.ndarray = field(repr=False)
    #: broadband power above the tremor bands, (m/s^2)^2, and the lower edge (Hz) of its loudest 6 Hz
    #: sub-band (:func:`tremor.core.external_vibration.external_power`); NaN where the rate holds no sub-band
    #: or the table was built without them
    ext_power: np.ndarray = None  # type: ignore[assignment]
    ext_band_hz: np.ndarray = None  # type: ignore[assignment]
    #: the same power for the rule's weak level, less the sub-band of a tremor's 2nd harmonic
    #: (:func:`tremor.core.harmonic_subband.external_weak_power`)
    ext_weak_power: np.ndarray = None  # type: ignore[assignment]
    #: kurtosis of the window's instantaneous power above 14 Hz (:func:`tremor.core.impulsive_band.band_kurtosis`):
    #: about 3 or less for steady vibration, far more for twitches, knocks and taps; the weak level's guard
    ext_kurtosis: np.ndarray = None  # type: ignore[assignment]
    #: power (m/s^2)^2 of the strongest line above 19 Hz where its harmonics, folded at the sampling rate, explain
    #: the 2-18 Hz power (else 0), and its frequency in Hz (:func:`tremor.core.folded_comb.folded_comb_power`);
    #: NaN where the rate holds no such line or the table was built without them
    fold_power: np.ndarray = None  # type: ignore[assignment]
    fold_hz: np.ndarray = None  # type: ignore[assignment]
    #: 6-12 Hz envelope power and mean acceleration in sub-blocks (:func:`tremor.core.rep_locked_ring.frame_envelopes`)
    band_env: np.ndarray = None  # type: ignore[assignment]
    #: 3-7 Hz envelope power in the same sub-blocks (:func:`tremor.core.rep_locked_ring.frame_envelopes`): a rest
    #: rhythm's breaks and bursts at 0.1 s (:mod:`tremor.core.written_words`)
    low_env: np.ndarray = None  # type: ignore[assignment]
    sub_acc: np.ndarray = None  # type: ignore[assignment]
    #: share of the power about the movement peak that runs along gravity
    #: (:func:`tremor.core.vertical_share.vertical_share`): a walk's bob, not a fist's strike across gravity; NaN
    #: where the samples hold no gravity
    vertical_share: np.ndarray = None  # type: ignore[assignment]
    #: share of the 13-18 Hz power (a footfall's or a strike's ring) along gravity
    #: (:func:`tremor.core.vertical_share.ring_vertical_share`): a heel strike lands along it; NaN without gravity
    ring_vertical_share: np.ndarray = None  # type: ignore[assignment]
    #: frequency (Hz) of the largest power in :data:`SLOW_PEAK_BAND` (a pedalling cadence, a jiggling knee), under the
    #: band a faster rhythm's line would fill (:mod:`tremor.core.harmonic_lock`); NaN without it
    peak_slow_hz: np.ndarray = None  # type: ignore[assignment]

    def __post_init__(self) -> None:
        one, sub = (self.t_s.shape[0],), (self.t_s.shape[0], SUB_BLOCKS)
        shapes = {
            "ext_power": one,
            "ext_band_hz": one,
            "ext_weak_power": one,
            "ext_kurtosis": one,
            "fold_power": one,
            "fold_hz": one,
            "vertical_share": one,
            "ring_vertical_share": one,
            "peak_slow_hz": one,
            "band_env": sub,
            "low_env": sub,
            "sub_acc": (*sub, 3),
        }
        for name, shape in shapes.items():
            if getattr(self, name) is None:
                object.__setattr__(self, name, np.full(shape, np.nan, np.float32))

    def __len__(self) -> int:
        return int(self.t_s.shape[0])

    @classmethod
    def empty(cls) -> Frames:
        """A table with no frames."""
        z = np.zeros(0, np.float32)
        return cls(
            np.zeros(0),
            z,
            np.zeros((0, 3), np.float32),
            z,
            z,
            z,
            z,
            z,
            z,
            z,
            z,
            z,
            z,
            np.zeros((0, PSD_FREQS.size), np.float32),
            z,
            z,
        )

    @classmethod
    def concat(cls, parts: list[Frames]) -> Frames:
        """Join tables in order.

        Parameters
        ----------
        parts : list of Frames
            Tables to join; empty ones are skipped.

        Returns
        -------
        Frames
            One table with the rows of ``parts`` in order (an empty table when all are empty).
        """
        parts = [p for p in parts if len(p)]
        if not parts:
            return cls.empty()
        return cls(**{f.name: np.concatenate([getattr(p, f.name) for p in parts]) for f in fields(cls)})

    def select(self, mask: np.ndarray) -> Frames:
        """Rows where ``mask`` is true (or the given indices).

        Parameters
        ----------
        mask : ndarray of bool or of int
            Boolean mask over the rows, or row indices.

        Returns
        -------
        Frames
            A new table of the selected rows.
        """
        return Frames(**{f.name: getattr(self, f.name)[mask] for f in fields(self)})

    def low_power_within(self, start_s: float, end_s: float, min_blocks: int) -> np.ndarray | None:
        """The 3-7 Hz sub-block envelope power (:attr:`low_env`) of the frames centred in ``[start_s, end_s]``.

        Parameters
        ----------
        start_s, end_s : float
            The span, s (frame centres on either end count).
        min_blocks : int
            Fewest sub-blocks to return.

        Returns
        -------
        ndarray or None
            The sub-blocks' power in time order (float64, one row after another); None where :attr:`low_env` is
            not kept, or the span holds fewer than ``min_blocks`` sub-blocks or any unknown one.
        """
        if self.low_env is None:
            return None
        power = self.low_env[rows_within(self.t_s, start_s, end_s)].astype(np.float64).ravel()
        if power.size < min_blocks or not np.all(np.isfinite(power)):
            return None
        return power


def compute_frames(
    acc: np.ndarray,
    *,
    fs: float,
    t0_s: float = 0.0,
    first_sample: int = 0,
    gravity_included: bool = True,
    config: FrameConfig = FrameConfig(),
    whole: bool = False,
) -> Frames:
    """Frames of every complete window in ``acc`` (shape (n, 3), m/s^2).

    Windows start at sample ``k * hop`` of the segment; ``first_sample`` is the segment index of
    ``acc[0]`` and must be a multiple of the hop (used by :class:`FrameExtractor`). ``t_s`` is the
    window centre, ``t0_s`` the time of segment sample 0.

    Parameters
    ----------
    acc : ndarray, shape (n, 3)
        Acceleration in m/s^2 of one gap-free segment.
    fs : float
        Sampling rate in Hz (required).
    t0_s : float
        Time in s of segment sample 0.
    first_sample : int
        Segment sample index of ``acc[0]``; a multiple of the hop.
    gravity_included : bool
        Whether ``acc`` includes gravity; the orientation column is NaN when it does not.
    config : FrameConfig
        Frame geometry (window, hop, zero padding).
    whole : bool
        ``acc`` is the whole segment: where it is shorter than a window but at least
        :data:`MIN_PIECE_S` long, it gives one frame over all its samples (a piece).

    Returns
    -------
    Frames
        One row per complete window (empty when ``acc`` is shorter than one window, but for a piece).
    """
    fs = check_fs(fs)
    acc = check_acc(acc)
    if whole and first_sample == 0:
        return _piece_frame(np.ascontiguousarray(acc.T), fs, t0_s, gravity_included, config)
    # axis-first copy: every window is then a contiguous run of one axis (a strided view, no copy)
    return _axis_first_frames(np.ascontiguousarray(acc.T), fs, t0_s, first_sample, gravity_included, config)


def _axis_first_frames(
    axes: np.ndarray, fs: float, t0_s: float, first_sample: int, gravity_included: bool, config: FrameConfig
) -> Frames:
    """:func:`compute_frames` of checked samples laid out axis first, shape (n_axes, n), C-ordered."""
    win, hop, nfft = config.sizes(fs)
    n = axes.shape[1]
    if n < win:
        return Frames.empty()
    starts = np.arange(0, n - win + 1, hop)
    views = sliding_window_view(axes, win, axis=1)
    parts = []
    for block in np.array_split(starts, max(1, starts.size // 512)):
        if block.size:
            windows = views[:, block[0] : block[-1] + 1 : hop]
            parts.append(_frames_at(windows, block, fs, t0_s, first_sample, gravity_included, win, nfft, hop))
    return Frames.concat(parts)


def _piece_frame(
    axes: np.ndarray, fs: float, t0_s: float, gravity_included: bool, config: FrameConfig
) -> Frames:
    """The frames of a whole segment laid out axis first: one over all of it where it is a piece."""
    win, hop, nfft = config.sizes(fs)
    n = axes.shape[1]
    if n >= win or n < max(int(round(MIN_PIECE_S * fs)), 8):
        return _axis_first_frames(axes, fs, t0_s, 0, gravity_included, config)
    # the piece's rep-lock sub-blocks tile its central hop, as a full frame's do
    return _frames_at(axes[:, None, :], np.zeros(1, int), fs, t0_s, 0, gravity_included, n, nfft, min(hop, n))


def _frames_at(
    windows: np.ndarray,
    starts: np.ndarray,
    fs: float,
    t0_s: float,
    first_sample: int,
    gravity_included: bool,
    win: int,
    nfft: int,
    hop: int,
) -> Frames:
    """Frames of the windows (shape (3, frames, win), axis first) that start at samples ``starts``."""
    # the windows less their means once: read by the envelopes and the band kurtosis, then used up by the spectra
    centred = centred_windows(windows)
    band_env, low_env, sub_acc = frame_envelopes(windows, fs, hop, centred[1])
    kurtosis = band_kurtosis(windows, fs, centred[1])
    freqs, psd, mean, along = axis_window_psd_along(
        windows, fs=fs, nfft=nfft, below_hz=max(VERTICAL_BELOW_HZ, RING_BAND_HZ[1] + 0.5), centred=centred
    )
    nan = np.full(starts.size, np.nan)

    def power(band: Band) -> np.ndarray:
        return band_power(freqs, psd, band) if band_assessable(band, fs) else nan.copy()

    def peak(band: Band) -> np.ndarray:
        return peak_frequency(freqs, psd, band) if band_assessable(band, fs) else nan.copy()

    ref_mask = Band("reference", 2.0, min(20.0, ASSESSABLE_FRACTION * fs)).mask(freqs)  # edges as the bands
    floor = _row_median(psd[:, mask_columns(ref_mask)]) if ref_mask.any() else nan

    def prominence(band: Band) -> np.ndarray:
        if not band_assessable(band, fs):
            return nan.copy()
        with np.errstate(divide="ignore", invalid="ignore"):
            return psd[:, mask_columns(band.mask(freqs))].max(axis=1) / floor

    if gravity_included:
        norm = np.linalg.norm(mean, axis=1, keepdims=True)
        orientation = np.where(norm > 0, mean / np.where(norm > 0, norm, 1.0), np.nan)
    else:
        orientation = np.full((starts.size, 3), np.nan)
        along = np.full_like(along, np.nan)
    # the sub-band levels once, for the broadband power and the weak level's (a tremor's harmonic left out)
    bands = external_subbands(fs)
    levels = subband_levels(freqs, psd, bands) if bands and psd.shape[0] else None
    ext_power, ext_band = external_power(freqs, psd, fs, levels=levels)
    ext_weak = external_weak_power(freqs, psd, fs, levels=levels)
    fold_power, fold_hz = folded_comb_power(freqs, psd, fs)
    peak_movement = peak_frequency(freqs, psd, Band("m", 0.4, 4.0))
    lo, hi, frac = _interp_weights(freqs)
    kept = (psd[:, lo] * (1.0 - frac) + psd[:, hi] * frac).astype(np.float32)
    kept[:, np.round(freqs[-1], 6) < PSD_FREQS] = np.nan  # rounded: a rate 1 ulp low keeps its top bin
    return _stored(
        t_s=t0_s + (first_sample + starts + (win - 1) / 2.0) / fs,
        movement_rms=np.sqrt(band_power(freqs, psd, BANDS["movement"])),
        orientation=orientation,
        power_low=power(BANDS["low_tremor"]),
        power_phys=power(BANDS["physiological"]),
        power_high=power(BANDS["high_tremor"]),
        peak_phys_hz=peak(BANDS["physiological"]),
        peak_low_hz=peak(BANDS["low_tremor"]),
        peak_high_hz=peak(BANDS["high_tremor"]),
        peak_movement_hz=peak_movement,
        prominence_low=prominence(BANDS["low_tremor"]),
        prominence_high=prominence(BANDS["high_tremor"]),
        total_rms=np.sqrt(np.sum(psd[:, freqs >= 0.25], axis=1) * float(freqs[1] - freqs[0])),
        psd=kept,
        ext_power=ext_power,
        ext_band_hz=ext_band,
        ext_weak_power=ext_weak,
        ext_kurtosis=kurtosis,
        fold_power=fold_power,
        fold_hz=fold_hz,
        band_env=band_env,
        low_env=low_env,
        sub_acc=sub_acc,
        vertical_share=vertical_share(freqs, psd, along, peak_movement),
        ring_vertical_share=ring_vertical_share(freqs, psd, along),
        peak_slow_hz=peak_frequency(freqs, psd, SLOW_PEAK_BAND),
    )


def _stored(**columns: np.ndarray) -> Frames:
    """Frames with times in float64 and every other column in float32."""
    return Frames(**{k: (v if k == "t_s" else np.asarray(v, dtype=np.float32)) for k, v in columns.items()})


class FrameBuffer:
    """Preallocated frame table filled part by part: no second copy when the parts are joined.

    Parameters
    ----------
    capacity : int
        Frames the table will hold at most (see :func:`frame_count`).
    """

    def __init__(self, capacity: int) -> None:
        template = Frames.empty()
        self._n = 0
        self._columns = {
            f.name: np.empty(
                (capacity,) + getattr(template, f.name).shape[1:],
                dtype=np.float64 if f.name == "t_s" else np.float32,
            )
            for f in fields(Frames)
        }

    def append(self, part: Frames) -> None:
        """Copy ``part`` in after the frames already held.

        Parameters
        ----------
        part : Frames
            Frames to add; together with those held they must fit in the capacity.
        """
        k = len(part)
        for name, column in self._columns.items():
            column[self._n : self._n + k] = getattr(part, name)
        self._n += k

    def frames(self) -> Frames:
        """The frames held so far (views, not copies).

        Returns
        -------
        Frames
            The rows appended so far, as views into the preallocated columns.
        """
        return Frames(**{name: column[: self._n] for name, column in self._columns.items()})


def frame_count(n_samples: int, fs: float, config: FrameConfig = FrameConfig()) -> int:
    """How many frames :func:`compute_frames` makes of a whole segment of ``n_samples`` samples at ``fs``.

    Parameters
    ----------
    n_samples : int
        Number of samples in the segment.
    fs : float
        Sampling rate in Hz.
    config : FrameConfig
        Frame geometry.

    Returns
    -------
    int
        The number of complete windows, ``(n_samples - win) // hop + 1``; below one window, 1 for a
        piece (:data:`MIN_PIECE_S` or longer), else 0.

    Examples
    --------
    Ten seconds at 100 Hz in 2 s windows every 0.5 s:

    >>> frame_count(1000, 100.0)
    17
    >>> frame_count(199, 100.0)
    1
    >>> frame_count(49, 100.0)
    0
    """
    win, hop, _ = config.sizes(fs)
    if n_samples < win:
        return int(n_samples >= max(int(round(MIN_PIECE_S * fs)), 8))
    return (n_samples - win) // hop + 1


def _row_median(x: np.ndarray) -> np.ndarray:
    """``np.median(x, axis=1)``, the same values, by sorting the short rows (faster than partitioning them)."""
    n = x.shape[1]
    s = np.sort(x, axis=1)
    if n % 2:
        out = s[:, n // 2].copy()
    else:
        out = (s[:, n // 2 - 1] + s[:, n // 2]) / 2.0
    bad = np.isnan(s[:, -1])  # sort puts NaN last; np.median gives NaN for such a row
    if bad.any():
        out[bad] = np.nan
    return out


def _interp_weights(freqs: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Indices and weights with ``psd[:, lo] * (1 - frac) + psd[:, hi] * frac`` = linear interpolation of each row from ``freqs`` onto :data:`PSD_FREQS`."""
    key = (freqs.size, float(freqs[1] - freqs[0]))
    cached = _WEIGHTS_CACHE.get(key)
    if cached is None:
        pos = np.clip(np.interp(PSD_FREQS, freqs, np.arange(freqs.size)), 0, freqs.size - 1)
        lo = np.floor(pos).astype(int)
        hi = np.minimum(lo + 1, freqs.size - 1)
        cached = _WEIGHTS_CACHE[key] = (lo, hi, pos - lo)
    return cached


_WEIGHTS_CACHE: dict[tuple[int, float], tuple[np.ndarray, np.ndarray, np.ndarray]] = {}


@dataclass
class FrameExtractor:
    """Streaming frame extractor for one gap-free segment, fed chunk by chunk.

    Parameters
    ----------
    fs : float
        Sampling rate of the segment in Hz (required).
    t0_s : float
        Time of the segment's first sample.
    gravity_included : bool
        Whether the samples include gravity (orientation is only known then).
    config : FrameConfig
        Frame geometry.
    """

    fs: float
    t0_s: float = 0.0
    gravity_included: bool = True
    config: FrameConfig = field(default_factory=FrameConfig)
    _buffer: np.ndarray = field(init=False, repr=False)
    _buffer_start: int = field(init=False, default=0)

    def __post_init__(self) -> None:
        self.fs = check_fs(self.fs)
        self._buffer = np.zeros((0, 3))

    @property
    def samples_seen(self) -> int:
        """Samples fed so far."""
        return self._buffer_start + self._buffer.shape[0]

    def finish(self) -> Frames:
        """The segment ended: its piece frame, where it was too short for a window (see :data:`MIN_PIECE_S`).

        Returns
        -------
        Frames
            One frame over all the segment's samples where it is a piece, else none.
        """
        if self._buffer_start or not self._buffer.shape[0]:
            return Frames.empty()
        held = np.ascontiguousarray(self._buffer.T)
        return _piece_frame(held, self.fs, self.t0_s, self.gravity_included, self.config)

    def update(self, chunk: np.ndarray) -> Frames:
        """Add samples; return the frames completed by them (possibly none).

        Samples are buffered until a window completes; frames are aligned to the segment's sample
        index, so any chunking gives the frames :func:`compute_frames` gives for the whole segment.

        Parameters
        ----------
        chunk : ndarray, shape (n, 3)
            The next samples of the segment, acceleration in m/s^2.

        Returns
        -------
        Frames
            The frames whose windows end within the samples fed so far and were not returned before.
        """
        chunk = check_acc(chunk, "chunk")
        held = self._buffer  # fewer samples than a window, checked when they came
        k = held.shape[0]
        win, hop, _ = self.config.sizes(self.fs)
        n = k + chunk.shape[0]
        if n < win:
            self._buffer = np.concatenate([held, chunk]) if k else chunk.copy()
            return Frames.empty()
        n_frames = (n - win) // hop + 1
        used = (n_frames - 1) * hop + win
        # the samples used, axis first, copied once from the held samples and the chunk (what
        # compute_frames makes of them joined)
        axes = np.empty((chunk.shape[1], used))
        if k:
            axes[:, :k] = held.T
        axes[:, k:] = chunk[: used - k].T
        frames = _axis_first_frames(
            axes, self.fs, self.t0_s, self._buffer_start, self.gravity_included, self.config
        )
        drop = n_frames * hop
        # not views: the block is freed
        self._buffer = chunk[drop - k :].copy() if drop >= k else np.concatenate([held[drop:], chunk])
        self._buffer_start += drop
        return frames
