"""Twitch detection, candidate stage: robust threshold, candidates and their kinds, detection limit.

Part of the twitch detector (:mod:`tremor.core.events`). The :class:`TransientFinder` works block
by block on the envelopes made by :mod:`tremor.core.twitch_signal`; any chunking gives the same
transients.

Size (issue 8): about 720 lines, nearly all one class, :class:`TransientFinder` (and the rise
rule's level, :func:`rise_level`), whose batch and live paths (:meth:`TransientFinder._process_range`, :meth:`TransientFinder._process_one`) are kept side
by side so they stay equal (both find a block's candidates with :meth:`TransientFinder._candidates`
and judge them with :meth:`TransientFinder._judge`, batch many blocks' at once); the noise model
they share is in :mod:`tremor.core.twitch_noise`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import NamedTuple

import numpy as np

from tremor.core._check import check_fs
from tremor.core._rolling import (
    masked_median_mad,
    median1,
    row_median_mad,
    strided_median,
    strided_median_mad,
)
from tremor.core.code_step import TWITCH_CODES, CodeStep
from tremor.core.movement_limit import grid_excursions, grid_step, movement_limit, twitch_slow_excursion
from tremor.core.recent_samples import joined
from tremor.core.twitch_noise import (
    CLIP_DILATE_S,
    CLIP_MAX_RUN_S,
    COV_RATE_HZ,
    axes_factors,
    band_eigenvalues,
    envelope_dof,
    noise_level,
    noise_threshold,
    ringing_profile,
    slow_excursions,
    whitened_noise_ratio,
)
from tremor.core.twitch_signal import (
    BLOCK_S,
    SMOOTH_S,
    WHITEN_LOADING,
    WHITEN_MIN_BLOCKS,
    WHITEN_ORDER_S,
    HeldFilter,
    twitch_fir,
)

BACKGROUND_S = 5.0
#: A transient's extent: where the envelope stays above this fraction of its peak.
EXTENT_FRACTION = 0.3
MIN_DURATION_MS = 15.0
MAX_DURATION_MS = 400.0
ISOLATION_S = 0.6
#: ... and the envelope around it (within ISOLATION_S) must stay below this fraction of the threshold.
ISOLATION_LEVEL = 0.6
#: The most one motor unit's twitch can move the wrist (band-passed envelope peak, m/s^2); larger
#: events are impacts (a knock on a table, a weight set down on a rack, a road bump): ``"artefact"``.
#: A single unit's twitch force in hand and forearm muscles spans about 1-100 mN (spike-triggered
#: averaging; the 100-fold range of Fuglevand et al. 1993, J Neurophysiol 70:2470); 0.1 N on a hand
#: of about 0.4 kg (0.6 % of body mass, Winter's anthropometric tables) is 0.25 m/s^2, less at a
#: strap near the wrist's axis. The ceiling is twice that with room for a soft-tissue resonance
#: (twitches of 0.48-0.5 m/s^2, the simulators' largest, peak at 0.26-0.34 here: measured at 100 and
#: 200 Hz, stress-scenario shapes, seeds 0-2), so no plausible twitch is cut; it was 2.5 m/s^2, which let knocks of 0.5-2.3 m/s^2 through (red team, FINDINGS.md item 6).
ARTEFACT_MPS2 = 0.6
#: A twitch's peak acceleration above 3 Hz is at most this many times its band-passed envelope's peak (measured
#: on rings at 10-30 Hz decaying in 7-50 ms, 40 each at 100 and 200 Hz: 1.35-2.23 and 1.45-2.48; a 30 ms RMS
#: spreads a brief ring). It turns :data:`WIDE_ARTEFACT_MPS2` back into the envelope's units for the impact's
#: reported rise.
WIDE_PEAK_FACTOR = 2.5
#: The ceiling on a candidate's peak rise above 3 Hz (:meth:`TransientFinder._wide_rise`), in m/s^2: the most one
#: motor unit's twitch peaks at the wrist over its background. The estimate above (:data:`ARTEFACT_MPS2`: 0.1 N on
#: a 0.4 kg hand, 0.25 m/s^2) with room for a soft-tissue resonance is the simulators' largest twitch, 0.5 m/s^2
#: at its peak; this ceiling is twice that. It was :data:`WIDE_PEAK_FACTOR` x :data:`ARTEFACT_MPS2`, 1.5 m/s^2, the
#: product of two maxima that no one twitch reaches together: knocks on a table of 1.0-1.5 m/s^2 ringing at
#: 30-45 Hz (0.44-0.56 band-passed) were counted as twitches (red team ``knocks`` at 100 Hz, seeds 9104 and 5512:
#: a 1.35 m/s^2 knock, its rise here 1.23; a 1.02 m/s^2 knock, 0.91, is still under it). Knocks ringing at 36-45
#: Hz in 6-15 ms peak 2.2-2.7 (100 Hz) and 2.9-4.3 (200 Hz) times their band-passed envelope, so many of them lie
#: under the band's ceiling and over this one.
WIDE_ARTEFACT_MPS2 = 1.0
#: A candidate barely above threshold that lasts this long is a tremor fluctuation, not a twitch.
WEAK_FACTOR = 1.25
WEAK_MAX_DURATION_MS = 250.0
LOOKAHEAD_S = 1.0
#: Peaks closer than this are one event (one twitch's envelope can show several lobes); the larger counts.
SAME_EVENT_S = 0.15
#: A twitch adds energy: its band-passed peak must be at least RISE_FACTOR x the median band-passed
#: envelope of the previous BACKGROUND_S seconds. A change of the tremor's phase or frequency is
#: unpredictable (so the whitened envelope flags it) but adds no energy; twitches do.
RISE_FACTOR = 1.5
#: ... and where the background is a strong rhythm (a fatigue tremor), above the tremor's own envelope
#: statistics: its band-passed envelope's median + RHYTHM_RISE_MADS robust SDs (1.4826 MAD) over the
#: same background. A narrow-band line's envelope surges (Rayleigh: above k x its median with
#: probability 2^(-k^2), about once per 1/bandwidth s); a steady line's does not, and keeps the plain
#: rule. Calibrated, not derived: the envelope here (the RMS over SMOOTH_S of a 8-11 Hz line) ripples
#: with the line's phase and its 5 s statistics scatter, so its tail is heavier than Rayleigh's.
#: The rule blends in linearly from the rhythm share RHYTHM_RISE_FROM to RHYTHM_FULL_SHARE (shares
#: measured: a resting wrist's tremor 0.2-0.65, a 0.05 m/s^2 line 0.7-0.85, 0.12-0.2 m/s^2 lines
#: 0.9-0.96). Measured (tests/core/test_twitch_physics.py's signals, 100 / 200 Hz): false twitches
#: in 1 min lines 1.5-2 Hz wide, 0.12-0.2 m/s^2 RMS over 0.01 m/s^2 noise, and 0.3 m/s^2 twitches
#: found in a 0.05 m/s^2 line; seeds 0-49 (50 min, 400 twitches): without the rule 21 / 15 false,
#: 400 / 400 found; with MADS 8 from 0.85 to 0.95: 4 / 5 false, 397 / 385 found. Seeds 0-19 (20
#: min, 160): MADS 10: 2 / 2, 156 / 152; MADS 6: 4 / 2, 159 / 157; from 0.75 to 0.9 with MADS 8:
#: 1 / 0, 117 / 105 (too many twitches lost). Twitches inside a strong tremor must stand above
#: its surges: the detection limit (which holds the rise) says so.
RHYTHM_RISE_MADS = 8.0
RHYTHM_RISE_FROM = 0.85
RHYTHM_FULL_SHARE = 0.95
#: Slow movement (a posture shift) leaks into the band's low edge: a candidate whose 0-3 Hz excursion
#: within SLOW_WINDOW_S of its peak (half the peak-to-peak range of its departure from a straight
#: line, vector norm, :func:`~tremor.core.twitch_noise.slow_excursion`) exceeds SLOW_FACTOR x its
#: band-passed peak is the edge of a movement, not a twitch (a twitch's own 0-3 Hz part is at most
#: about half its peak, for the broadest, 40 ms twitches). A steady drift (the arm sinking slowly at
#: rest) leaks nothing into the band, whose high-pass edge passes no ramp, so the straight line is
#: taken out first. The detection limit holds the rule: a block's limit is at least the smallest reference twitch
#: the rule surely lets through over the block's own slow excursion (:mod:`tremor.core.movement_limit`).
SLOW_FACTOR = 1.0
SLOW_WINDOW_S = 0.3
#: Two peaks of one run above threshold are two events when the envelope between them falls below
#: this fraction of the lower one (and they are more than SAME_EVENT_S apart): the beats of a fast
#: train (up to ~6 Hz) merge into one run, and each beat must be seen for the train rule.
VALLEY_FRACTION = 0.5
#: ... and when the lower peak reaches this fraction of the run's highest (a train's beats are alike;
#: the whitened tail of one twitch is far lower than its peak).
SPLIT_FRACTION = 0.5

#: At the data's end (the last sample of a segment, before a gap or the end of the recording) the band-pass reads
#: the last sample held, so the envelope of the last few tens of milliseconds is not the signal's: an envelope still
#: rising there, its peak within this many seconds of the end, is an edge (not judged; kind ``"sustained"``), as
#: one cut by the look-ahead is. Measured (10 s rests of 0.01 m/s^2 tremor over 0.008 m/s^2 noise, 4320 fresh
#: draws at 100 and 200 Hz): 4 false twitches 22 ms before the end at 200 Hz, none elsewhere near it. A twitch
#: (sigma 25 ms) whose envelope peaks within it is not seen to fall back; one peaking earlier is judged as any.
END_EDGE_S = 0.05


def settle_samples(fs: float) -> int:
    """Samples from a segment's start (its first, or the first after a gap) before the detection
    envelope has settled: where no twitch can be judged.

    Up to there the band-pass still reads the first sample held before the segment (its start-up
    transient, :data:`~tremor.core.twitch_signal.FIR_HALF_S`), the whitener has not made its first
    fit and passes the band-passed signal with its tremor
    (:data:`~tremor.core.twitch_signal.WHITEN_MIN_BLOCKS` blocks), and the envelope's window
    (:data:`~tremor.core.twitch_signal.SMOOTH_S`) still reaches back into those unwhitened samples. A resting wrist's tremor
    surges there like a twitch against the one block of background before it (false twitches at
    0.45-0.98 s in 7 of 200 fresh 8 s rests at 100 Hz, none later; red team, FINDINGS.md item 9).

    Parameters
    ----------
    fs : float
        Sampling rate in Hz.

    Returns
    -------
    int
        The index of the segment's first sample where a twitch's envelope peak may lie.
    """
    fs = check_fs(fs)
    block = max(round(BLOCK_S * fs), 1)
    half = (twitch_fir(fs).size - 1) // 2
    return max(half, WHITEN_MIN_BLOCKS * block) + max(round(SMOOTH_S * fs), 1) - 1


def rise_level(rhythm: np.ndarray, amp_med: np.ndarray, amp_mad: np.ndarray) -> np.ndarray:
    """The rise rule's level (band-passed envelope, m/s^2) for backgrounds of this rhythm, median and MAD.

    :data:`RISE_FACTOR` x the median where the rhythm share is under :data:`RHYTHM_RISE_FROM` (or not
    measured: a segment's first blocks); from :data:`RHYTHM_FULL_SHARE` up, the larger of that and the
    median + :data:`RHYTHM_RISE_MADS` x 1.4826 x MAD (the tremor's surges); linear between (element
    by element, so batch and live agree).

    Parameters
    ----------
    rhythm : ndarray
        Share of each background's band power the whitener predicted beyond white noise's.
    amp_med, amp_mad : ndarray
        Median and MAD (not scaled) of each background's band-passed envelope, m/s^2.

    Returns
    -------
    ndarray
        The level a twitch's band-passed peak must reach.
    """
    r = np.asarray(rhythm, dtype=float)
    w = np.clip(
        (np.where(np.isfinite(r), r, 0.0) - RHYTHM_RISE_FROM) / (RHYTHM_FULL_SHARE - RHYTHM_RISE_FROM), 0, 1
    )
    plain = RISE_FACTOR * np.asarray(amp_med, dtype=float)
    surge = amp_med + RHYTHM_RISE_MADS * 1.4826 * np.asarray(amp_mad, dtype=float)
    return plain + w * np.maximum(surge - plain, 0.0)


@dataclass(frozen=True)
class Transient:
    """A candidate transient in the twitch band.

    ``kind`` is ``"twitch"`` (brief, not in a train), ``"artefact"`` (an impact: larger than one motor
    unit can move the wrist, :data:`ARTEFACT_MPS2`), ``"activity"`` (in a dense burst along one axis:
    typing, tapping; :func:`tremor.core.twitch_activity.classify_activity`), ``"steps"`` (on a train of
    footfalls, :func:`tremor.core.twitch_steps.classify_steps`), ``"pulse"`` (on an unbroken run of
    evenly spaced beats at a heart rate, :func:`tremor.core.twitch_pulse.classify_pulse`), ``"rhythmic"``
    (one of a train or of an ongoing oscillation), ``"sustained"`` (too long), ``"movement"`` (the
    edge of a slow movement), ``"weak"`` (adds too little energy to the background, see
    :data:`RISE_FACTOR`) or ``"ringing"`` (over the threshold only with a larger neighbour's
    predicted ringing, see :func:`tremor.core.twitch_noise.ringing_profile`). The session's summary calls a
    twitch ``"settled"`` where the wrist turned and settled across it (:mod:`tremor.core.settle_turn`),
    ``"onset"`` where it is a first stroke of a rhythmic movement starting from still (:mod:`tremor.core.rhythm_onset`)
    and ``"flicker"`` where it lies under two code steps of a resolution that turned coarser
    (:mod:`tremor.core.step_stretches`).
    """

    t_s: float
    peak_mps2: float
    duration_ms: float
    threshold_mps2: float
    kind: str
    #: Unit vector of the transient's principal axis in the whitened signal over its extent (sign
    #: fixed so that its largest component is positive); None where it was not measured.
    axis: tuple[float, float, float] | None = None
    #: Energy centroid of the detection envelope over the extent, in s: the beat time the train rule
    #: uses (a biphasic twitch's envelope peak can sit on either lobe; its centroid cannot).
    centre_s: float | None = None
    #: Rise of the band-passed envelope's peak over the median envelope of its context outside the
    #: event, in m/s^2: the impact ceiling's measure (:data:`ARTEFACT_MPS2`); None where not measured.
    rise_mps2: float | None = None
    #: Slot interval (s) of the pulse chain a ``"pulse"`` candidate lies on (empty slots counted); None for the others.
    period_s: float | None = None


@dataclass
class TransientFinder:
    """Finds transients in an envelope stream, block by block (chunking does not change the result).

    The threshold of each :data:`BLOCK_S` block comes from the median and MAD of the detection
    envelope over the previous :data:`BACKGROUND_S` seconds, both taken with the background's own
    events left out (:data:`CLIP_FACTOR`), so twitches or a knock in the background do not raise it,
    even where twitches 0.3 s apart fill half of it: where the background is sensor noise, the level
    noise exceeds at :data:`FALSE_ALARMS_PER_HOUR`; where it holds a rhythm or a wider spread, median
    + :data:`MAD_FACTOR` robust standard deviations (:func:`tremor.core.twitch_noise.noise_threshold`).
    A segment's first :data:`BACKGROUND_S` seconds keep the robust rule, and no twitch is judged
    before its envelope has settled (:func:`settle_samples`, 1.0 s: the
    band-pass's start-up and the whitener's first fit; those blocks' limits are infinite).

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
    #: Where the 0-3 Hz part comes from when :meth:`update` is given no ``slow``: a filter fed the
    #: same samples as the band-pass, asked only around candidates (None: zeros, no movement).
    slow_source: HeldFilter | None = None
    #: The sensor's code step, measured from the same samples as the band-pass (:mod:`tremor.core.code_step`): a
    #: block's limit is at least :data:`~tremor.core.code_step.TWITCH_CODES` steps, so a code's flicker is no
    #: twitch (None: no floor).
    code_step: CodeStep | None = None
    _env: np.ndarray = field(init=False, repr=False)
    _amp: np.ndarray = field(init=False, repr=False)
    _slow: np.ndarray = field(init=False, repr=False)
    _vec: np.ndarray = field(init=False, repr=False)
    _gain: np.ndarray = field(init=False, repr=False)
    _env_start: int = field(init=False, default=0)
    _next_block: int = field(init=False, default=0)
    limits: list[tuple[float, float]] = field(init=False, default_factory=list)
    #: The movement rule's limit of each block of :attr:`limits` (the same order; 0 before the envelope settles):
    #: the smallest reference twitch the rule surely lets through (:mod:`tremor.core.movement_limit`). Kept apart:
    #: the held-oscillation rules gate on the threshold's and rise's limit (:mod:`tremor.core.twitch_hold`), and
    #: the published limit is the largest of them all.
    movement: list[float] = field(init=False, default_factory=list)

    def __post_init__(self) -> None:
        self.fs = check_fs(self.fs)
        self._env = np.zeros(0)
        self._amp = np.zeros(0)
        self._gain = np.zeros(0)
        self._slow = np.zeros((0, 3))
        self._vec = np.zeros((0, 3))
        self._block = max(round(BLOCK_S * self.fs), 1)
        self._look = round(LOOKAHEAD_S * self.fs)
        self._background = max(round(BACKGROUND_S * self.fs), self._block)
        self._width = max(round(SMOOTH_S * self.fs), 1)
        self._delay = (self._width - 1) / 2.0
        self._dilate = round(CLIP_DILATE_S * self.fs)
        self._max_run = max(round(CLIP_MAX_RUN_S * self.fs), 1)
        self._taps = twitch_fir(self.fs)
        self._end_edge = round(END_EDGE_S * self.fs)
        # the band covariance's off-diagonal terms from every stride-th sample (twitch_noise.COV_RATE_HZ)
        stride = max(int(self.fs // COV_RATE_HZ), 1)
        while self._block % stride or self._background % stride:
            stride -= 1
        self._cov_stride = stride
        # the movement rule's part of the limit (tremor.core.movement_limit): windows on a grid of the block
        self._grid = grid_step(self.fs, self._block)
        self._grid_half = round(SLOW_WINDOW_S * self.fs) // self._grid

    # The reference constants below are the rate's, computed at the first block that needs them: a segment too
    # short for a block (a burst of samples at an odd rate: 30 ms at 100 kHz) costs none of their work, which
    # grows with the rate's square or cube (a 10 000-sample predictor at 100 kHz: tens of seconds).

    @cached_property
    def _dof(self) -> float:
        """The threshold's noise model (:func:`~tremor.core.twitch_noise.envelope_dof`)."""
        return envelope_dof(self._taps, self._width)

    @cached_property
    def _white(self) -> float:
        """White noise's whitened / band-passed ratio (:func:`~tremor.core.twitch_noise.whitened_noise_ratio`)."""
        return whitened_noise_ratio(self._taps, max(round(WHITEN_ORDER_S * self.fs), 4), WHITEN_LOADING)

    @cached_property
    def _ring(self) -> np.ndarray:
        """The band-pass's ringing profile (:func:`~tremor.core.twitch_noise.ringing_profile`)."""
        return ringing_profile(self.fs, self._taps)

    @cached_property
    def _settle(self) -> int:
        """Samples before the envelope has settled: no twitch there."""
        return settle_samples(self.fs)

    @cached_property
    def _twitch_slow(self) -> float:
        """The reference twitch's own slow excursion (:func:`~tremor.core.movement_limit.twitch_slow_excursion`)."""
        return twitch_slow_excursion(self.fs, round(SLOW_WINDOW_S * self.fs))

    @property
    def to_next_block(self) -> int:
        """Envelope samples still to come before the next block is processed (with its look-ahead); 0 if due."""
        return max((self._next_block + 1) * self._block + self._look - (self._env_start + self._env.size), 0)

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
        vector: np.ndarray | None = None,
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
        vector : ndarray, shape (n, 3) or None
            The whitened signal whose envelope is ``envelope``, for each transient's axis; None
            leaves ``axis`` unmeasured.

        Returns
        -------
        list of Transient
            Transients of the blocks completed by these samples, in time order, each with its
            ``kind`` before the train rule (see :func:`classify_trains`).
        """
        envelope = np.asarray(envelope, dtype=np.float64)
        # the detector's own filter outputs, made anew by each call and never changed: a whole file
        # fed at once is kept without a copy (recent_samples.joined)
        self._env = joined(self._env, envelope)
        self._amp = joined(self._amp, envelope if amplitude is None else np.asarray(amplitude, float))
        self._gain = joined(self._gain, np.ones(envelope.size) if gain is None else np.asarray(gain, float))
        if self.slow_source is None:
            self._slow = np.vstack(
                [
                    self._slow,
                    np.zeros((envelope.size, 3)) if slow is None else np.asarray(slow, float).reshape(-1, 3),
                ]
            )
        self._vec = joined(
            self._vec,
            np.full((envelope.size, 3), np.nan)
            if vector is None
            else np.asarray(vector, float).reshape(-1, 3),
        )
        end = self._env_start + self._env.size
        first = self._next_block
        last = -(-end // self._block) if final else (end - self._look) // self._block
        out = self._process_range(first, max(last, first), end)
        self._next_block = max(last, first)
        keep_from = max(self._next_block * self._block - max(self._look + self._block, self._background), 0)
        if keep_from > self._env_start:
            cut = keep_from - self._env_start
            # copies: views would keep every whole block alive until the next call
            self._env, self._amp, self._gain = (
                self._env[cut:].copy(),
                self._amp[cut:].copy(),
                self._gain[cut:].copy(),
            )
            self._slow = self._slow[cut:].copy()
            self._vec = self._vec[cut:].copy()
            self._env_start = keep_from
            if self.slow_source is not None:
                self.slow_source.drop_before(keep_from)
        return out

    def _rhythm(self, env_med: np.ndarray, amp_med: np.ndarray) -> np.ndarray:
        """Share of each background's band power the whitener predicted beyond white noise's."""
        with np.errstate(divide="ignore", invalid="ignore"):
            return 1.0 - (env_med / amp_med / self._white) ** 2

    def _process_range(self, first: int, stop: int, end: int) -> list[Transient]:
        """Blocks ``first..stop - 1``: thresholds and limits computed together, the same as block by block.

        A block's threshold comes from the :data:`BACKGROUND_S` seconds before it; where that window
        is whole (every block but a segment's first few), the medians of many blocks are taken at
        once over the same samples (a median is a selection, so the values are the same).
        """
        out: list[tuple[Transient, np.ndarray | None]] = []
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
            # windows of bg samples every bl, each judged as live judges it alone (noise_level)
            windows = np.lib.stride_tricks.sliding_window_view(self._env[s:], bg)[::bl][: g1 - g0]
            # the plain median and MAD from sorted half-windows (the same values as row by row)
            plain = strided_median_mad(self._env[s:], bg, bl, g1 - g0)
            med, mad = noise_level(windows, self._dilate, self._max_run, plain=plain)
            amp_med = strided_median(self._amp[s:], bg, bl, g1 - g0)
            amp_mad = self._surge_mads(s, g1 - g0, self._rhythm(plain[0], amp_med))
            need = (g1 - g0 - 1) * bl + bg  # the group's windows (axis_power squares all it is given)
            axes = axes_factors(
                self.fs,
                self._taps,
                self._width,
                band_eigenvalues(self._vec[s : s + need], bg, bl, g1 - g0, self._cov_stride),
            )
            threshold = noise_threshold(
                med, mad, self._rhythm(plain[0], amp_med), self.fs, self._dof, bg / self._width, axes
            )
            rise = rise_level(self._rhythm(plain[0], amp_med), amp_med, amp_mad)
            gain = self._gain[b0 - off]
            threshold = np.maximum(threshold, self._code_floor(b1) * gain)
            with np.errstate(divide="ignore"):
                det = np.where(gain > 0, threshold / np.where(gain > 0, gain, 1.0), np.inf)
            limit = np.maximum(det, rise / self.amp_gain)
            self.movement.extend(self._move_limits(b0, b1, end).tolist())
            t_mid = self.t0_s + (0.5 * (b0 + b1) - self._delay) / self.fs
            self.limits.extend(zip(t_mid.tolist(), limit.tolist()))
            seg = self._env[g0 * bl - off : int(b1[-1]) - off]
            padded = np.full((g1 - g0) * bl, -np.inf)
            padded[: seg.size] = seg
            above = np.flatnonzero(padded.reshape(-1, bl).max(axis=1) > threshold)
            pending: list[_Pending] = []
            for i in above.tolist():
                pending.extend(
                    self._candidates(
                        int(b0[i]), int(b1[i]), end, float(threshold[i]), float(limit[i]), float(rise[i])
                    )
                )
            out.extend(self._judge(pending))  # the group's candidates judged together
        return _with_axes(out)

    def _code_floor(self, b1: np.ndarray) -> np.ndarray:
        """The least limit (m/s^2) of blocks ending at ``b1``: :data:`~tremor.core.code_step.TWITCH_CODES` code steps.

        The step is the one measured over the samples up to the block's look-ahead (in by the time the block is
        processed, live or batch, whatever the chunks), so a flicker's first step is already in it.
        """
        if self.code_step is None:
            return np.zeros(np.shape(b1))
        # one bisection of all the blocks' ends (code_step.CodeStep.steps_at: the values step_at gives)
        return TWITCH_CODES * self.code_step.steps_at(np.atleast_1d(b1).astype(np.int64) + self._look)

    def _move_limits(self, b0: np.ndarray, b1: np.ndarray, end: int) -> np.ndarray:
        """The movement rule's limit of consecutive blocks ``b0..b1`` (:func:`~tremor.core.movement_limit.movement_limit`).

        The largest slow excursion of the windows (:data:`SLOW_WINDOW_S` either side) centred on the block's grid
        points from its first sample to its end (the next block's first) inclusive, the 0-3 Hz part read at the
        grid's points from the segment's start to ``end`` only.
        """
        step, half = self._grid, self._grid_half
        per = self._block // step  # grid_step divides the block
        idx = np.arange(int(b0[0]) - half * step, int(b0[-1]) + (per + half) * step + 1, step)
        have = (idx >= 0) & (idx < end)
        grid = np.full((idx.size, 3), np.nan)
        if have.any():
            got = idx[have]
            if self.slow_source is not None:  # every sample of the span (one convolution), then the grid's
                grid[have] = self.slow_source.window(int(got[0]), int(got[-1]) + 1)[got - got[0]]
            else:
                grid[have] = self._slow[got - self._env_start]
        exc = grid_excursions(grid, half)  # centred on idx[half:-half]: b0[0], b0[0] + step, ... b1[-1]
        centre = idx[half : idx.size - half]
        at = np.arange(b0.size)[:, None] * per + np.arange(
            per + 1
        )  # each block's points and the next block's first
        exc = np.where(centre[at] <= b1[:, None], exc[at], 0.0).max(axis=1)
        return movement_limit(exc, self.amp_gain, self._twitch_slow, SLOW_FACTOR)

    def _surge_mads(self, s: int, count: int, rhythm: np.ndarray) -> np.ndarray:
        """The MAD of the band-passed envelope over ``count`` backgrounds from buffer index ``s``, where
        :func:`rise_level` reads it; 0.0 elsewhere.

        The rise rule's surge term has weight 0 where the rhythm share is at most
        :data:`RHYTHM_RISE_FROM` (most backgrounds): there its level is :data:`RISE_FACTOR` x the
        median whatever a finite MAD is, so only the other backgrounds' MADs are taken (the same
        values); where the envelope holds a value that is not finite, every MAD is.
        """
        bg, bl = self._background, self._block
        amp = self._amp[s : s + (count - 1) * bl + bg]
        if not np.isfinite(amp).all():
            return strided_median_mad(amp, bg, bl, count)[1]
        read = np.flatnonzero(np.where(np.isfinite(rhythm), rhythm, 0.0) > RHYTHM_RISE_FROM)
        mad = np.zeros(count)
        if read.size:
            rows = np.lib.stride_tricks.sliding_window_view(amp, bg)[::bl][read]
            mad[read] = masked_median_mad(rows, np.ones(rows.shape, dtype=bool))[1]
        return mad

    def _process_one(self, b: int, end: int) -> list[tuple[Transient, np.ndarray | None]]:
        off = self._env_start
        b0 = b * self._block
        b1 = min(b0 + self._block, end)
        if b1 <= self._settle:  # a segment's start: band-pass and whitener not settled, no twitch seen
            self.limits.append((self.t0_s + (0.5 * (b0 + b1) - self._delay) / self.fs, float("inf")))
            self.movement.append(0.0)
            return []
        past = self._env[max(b0 - self._background, off) - off : b0 - off]
        if past.size < self._block:  # the first block of a segment: its own samples
            past = self._env[b0 - off : b1 - off]
        # a segment's first blocks have a shorter past (the very first one, its own samples): not clipped
        plain = row_median_mad(past[None, :])  # once: the clipped level and the rhythm both start from it
        med_a, mad_a = noise_level(
            past[None, :], self._dilate if past.size == self._background else -1, self._max_run, plain=plain
        )
        past_amp = self._amp[max(b0 - self._background, off) - off : b0 - off]
        if past_amp.size < self._block:
            past_amp = self._amp[b0 - off : b1 - off]
        amp_m, amp_d = row_median_mad(past_amp[None, :])
        amp_med = float(amp_m[0])
        # the noise model needs a whole background: a segment's first blocks keep the robust rule
        rhythm = (
            self._rhythm(plain[0], np.array([amp_med]))
            if past.size == self._background
            else np.array([np.inf])
        )
        vec = self._vec[max(b0 - self._background, off) - off : b0 - off]  # each axis's noise, as in batch
        axes = axes_factors(
            self.fs,
            self._taps,
            self._width,
            band_eigenvalues(vec, self._background, self._block, 1, self._cov_stride),
        )
        threshold = float(
            noise_threshold(med_a, mad_a, rhythm, self.fs, self._dof, past.size / self._width, axes)[0]
        )
        rise = float(rise_level(rhythm, amp_m, amp_d)[0])
        gain = float(self._gain[b0 - off])
        threshold = max(threshold, float(self._code_floor(np.array([b1]))[0]) * gain)
        limit = max(threshold / gain if gain > 0 else float("inf"), rise / self.amp_gain)
        self.movement.append(float(self._move_limits(np.array([b0]), np.array([b1]), end)[0]))
        self.limits.append((self.t0_s + (0.5 * (b0 + b1) - self._delay) / self.fs, limit))
        if not np.any(self._env[b0 - off : b1 - off] > threshold):
            return []
        return self._process_block(b0, b1, end, threshold, limit, rise)

    def _process_block(
        self, b0: int, b1: int, end: int, threshold: float, limit: float, rise: float
    ) -> list[tuple[Transient, np.ndarray | None]]:
        """The block's transients, each without its axis and with the Gram matrix that gives it."""
        return self._judge(self._candidates(b0, b1, end, threshold, limit, rise))

    def _candidates(
        self, b0: int, b1: int, end: int, threshold: float, limit: float, rise: float
    ) -> list[_Pending]:
        """The block's candidates (its event peaks and their extents), not yet judged (:meth:`_judge`)."""
        off = self._env_start
        lo = max(b0 - self._look, off)
        hi = min(b1 + self._look, end)
        ctx = self._env[lo - off : hi - off]
        amp = self._amp[lo - off : hi - off]
        strong = ctx > threshold
        runs = _merge(_runs(strong), round(0.06 * self.fs))
        cv = ctx.tolist()  # the same doubles as Python floats (scalar access without numpy's cost)
        same = round(SAME_EVENT_S * self.fs)
        # a run's peaks lie within it: those of a run ending more than ``near`` before the block or
        # starting as far after it can be neither a block peak's larger neighbour (within ``same``)
        # nor one whose ringing reaches it (within the ringing profile), nor bound its extent
        near = max(same, self._ring.size)
        peaks: list[int] = []
        bounds: list[tuple[int, int]] = []  # each peak's extent may not cross the valleys to its neighbours
        for a, b in runs:
            if b <= b0 - lo - near or a >= b1 - lo + near:
                continue
            split = _split_run(ctx, a, b, same, amp)
            for j, k in enumerate(split):
                peaks.append(k)
                left_b = 0 if j == 0 else split[j - 1] + int(np.argmin(ctx[split[j - 1] : k]))
                right_b = len(ctx) if j == len(split) - 1 else k + int(np.argmin(ctx[k : split[j + 1]]))
                bounds.append((left_b, right_b))
        found = []
        for k, (lb, rb) in zip(peaks, bounds):
            if not max(b0, self._settle) <= lo + k < b1:
                continue  # not this block's, or before the envelope settled (settle_samples)
            if any(0 < abs(q - k) <= same and (cv[q], -q) > (cv[k], -k) for q in peaks):
                continue  # a lesser peak of a larger event next to it
            level = max(EXTENT_FRACTION * cv[k], threshold / 2.0)
            left = k
            while left > lb and cv[left - 1] > level:
                left -= 1
            right = k + 1
            while right < rb and cv[right] > level:
                right += 1
            # an extent running to the context's end is cut there by the look-ahead; at the data's end
            # (``final``) only where its peak is within END_EDGE_S of it (see there)
            touches_edge = (left == 0 and lo > off) or (
                right == len(ctx) and (hi < end or k >= len(ctx) - self._end_edge)
            )
            found.append(_Pending(lo, hi, k, left, right, touches_edge, threshold, limit, rise, cv, peaks))
        return found

    def _judge(self, found: list[_Pending]) -> list[tuple[Transient, np.ndarray | None]]:
        """The candidates' kinds (the rules in the order of :mod:`tremor.core.events`), each without
        its axis and with the Gram matrix that gives it.

        Each rule's measure is taken only where the rules before it have not decided the kind; the
        slow excursions of all candidates are computed together (:func:`slow_excursions`).
        """
        off = self._env_start
        reach = round(ISOLATION_S * self.fs)
        amps, peaks, rises, artefacts = [], [], [], []
        for c in found:
            amp = self._amp[c.lo - off : c.hi - off]
            peak = float(amp[c.left : c.right].max())
            # the impact ceiling holds the event's own rise: over the context's median envelope outside it
            # (a machine line or a tremor under a twitch adds to its band-passed peak, not to its size)
            outside = np.concatenate([amp[: c.left], amp[c.right :]])
            base = float(median1(outside)) if outside.size else 0.0
            near_artefact = float(amp[max(c.k - reach, 0) : c.k + reach].max()) - base >= ARTEFACT_MPS2
            amps.append(amp)
            peaks.append(peak)
            rises.append(peak - base)
            artefacts.append(peak - base >= ARTEFACT_MPS2 or near_artefact)
        moved = iter(
            slow_excursions(self._slow_windows([c for c, a in zip(found, artefacts) if not a])).tolist()
        )
        excursions = [0.0 if a else next(moved) for a in artefacts]
        out = []
        for c, amp, peak, rise, artefact, excursion in zip(found, amps, peaks, rises, artefacts, excursions):
            k, left, right, cv, threshold = c.k, c.left, c.right, c.cv, c.threshold
            duration_ms = (right - left) / self.fs * 1e3
            if artefact:
                kind = "artefact"
            elif excursion > SLOW_FACTOR * peak:
                kind = "movement"
            elif (
                duration_ms > MAX_DURATION_MS
                or c.touches_edge
                or (duration_ms > WEAK_MAX_DURATION_MS and cv[k] < WEAK_FACTOR * threshold)
            ):
                kind = "sustained"
            elif _busy(amp, k, reach, left, right, peak):
                kind = "rhythmic"
            elif duration_ms < MIN_DURATION_MS:
                continue
            elif cv[k] ** 2 - self._ringing(cv, c.peaks, k) ** 2 <= threshold**2:
                kind = "ringing"
            elif peak < c.rise or peak < self._code_floor(np.array([c.hi - self._look]))[0] * self.amp_gain:
                # no energy added: a change of the background (kept for the train rule); or, on a coarse
                # sensor, a band-passed peak under the code floor's (a flicker whitened into a spike)
                kind = "weak"
            else:
                kind = "twitch"
                wide = self._wide_rise(c)
                if wide >= WIDE_ARTEFACT_MPS2:  # an impact ringing beyond the band or briefly
                    kind, rise = "artefact", wide / WIDE_PEAK_FACTOR
            t_peak = self.t0_s + (c.lo + k - self._delay) / self.fs
            vec = self._vec[c.lo - off : c.hi - off]
            gram = _gram(vec[max(left - self._width + 1, 0) : right])  # the envelope is causal
            e2 = amp[left:right] ** 2
            total = e2.sum()
            centre = left + float(np.dot(np.arange(e2.size), e2) / total) if total > 0 else float(k)
            t_centre = self.t0_s + (c.lo + centre - self._delay) / self.fs
            out.append((Transient(t_peak, peak, duration_ms, c.limit, kind, None, t_centre, rise), gram))
        return out

    def _wide_rise(self, c: _Pending) -> float:
        """A candidate's peak rise over its background in the acceleration above 3 Hz, up to the Nyquist frequency.

        The impact ceiling (:data:`ARTEFACT_MPS2`) bounds what one motor unit can move the wrist by, judged on the
        band-passed envelope (a 30 ms moving RMS), which holds all of a twitch but only part of an impact ringing
        at or beyond the band's 40 Hz top, or decaying within a few ms (the RMS spreads it over 30 ms): knocks on
        a table ringing at 30-45 Hz, 1.7-2.2 m/s^2 at their peak above 3 Hz, read 0.50-0.59 m/s^2 band-passed and
        were counted as twitches (red team, ``knocks`` at 200 Hz, seeds 133, 134; FINDINGS.md). Here the vector's
        largest magnitude above 3 Hz over the candidate's extent, less its median within :data:`SLOW_WINDOW_S` of
        the peak outside the extent; it is set against :data:`WIDE_ARTEFACT_MPS2` (the most a twitch peaks at the
        wrist). 0 without a source of the raw samples (``slow_source``).
        """
        if self.slow_source is None:
            return 0.0
        reach = round(SLOW_WINDOW_S * self.fs)
        a = c.lo + min(max(c.k - reach, 0), c.left)
        b = c.lo + max(min(c.k + reach + 1, c.hi - c.lo), c.right)
        size = np.linalg.norm(self.slow_source.residual(a, b), axis=1)
        inside = np.zeros(b - a, dtype=bool)
        # the extent is the causal envelope's: the transient itself starts up to its width earlier
        inside[max(c.lo + c.left - self._width + 1 - a, 0) : c.lo + c.right - a] = True
        base = float(median1(size[~inside])) if (~inside).any() else 0.0
        return float(size[inside].max()) - base

    def _slow_windows(self, found: list[_Pending]) -> list[np.ndarray]:
        """The 0-3 Hz part within :data:`SLOW_WINDOW_S` of each candidate's peak (the movement rule's windows).

        Windows less than the filter's length apart are filtered in one range: each output sample is
        the same dot product of the same input whatever range it is asked in (:class:`HeldFilter`).
        """
        reach = round(SLOW_WINDOW_S * self.fs)
        if self.slow_source is None:
            off = self._env_start
            return [self._slow[c.lo - off : c.hi - off][max(c.k - reach, 0) : c.k + reach + 1] for c in found]
        spans = [(c.lo + max(c.k - reach, 0), c.lo + min(c.k + reach + 1, c.hi - c.lo)) for c in found]
        out: list[np.ndarray] = [np.zeros((0, 3))] * len(spans)
        order = sorted(range(len(spans)), key=lambda i: spans[i])
        gap = self.slow_source.taps.size
        j = 0
        while j < len(order):
            g0, g1 = spans[order[j]]
            e = j + 1
            while e < len(order) and spans[order[e]][0] <= g1 + gap:
                g1 = max(g1, spans[order[e]][1])
                e += 1
            joined = self.slow_source.window(g0, g1)
            for i in order[j:e]:
                out[i] = joined[spans[i][0] - g0 : spans[i][1] - g0]
            j = e
        return out

    def _ringing(self, cv: list[float], peaks: list[int], k: int) -> float:
        """A larger neighbour's ringing at the peak ``k`` (its envelope x the band-pass's ringing profile,
        :func:`~tremor.core.twitch_noise.ringing_profile`), 0 where there is none.

        Noise and ringing are independent, so their powers add in the envelope; where the power left
        over (envelope^2 - ringing^2) stays under the threshold's, the crossing is a noise excursion
        lifted by the ringing, not an added event.
        """
        return max(
            (
                cv[q] * float(self._ring[abs(q - k)])
                for q in peaks
                if cv[q] > cv[k] and abs(q - k) < self._ring.size
            ),
            default=0.0,
        )


class _Pending(NamedTuple):
    """A candidate found in a block, before its kind is judged (:meth:`TransientFinder._judge`).

    ``lo..hi`` is the block's context in samples (its look-ahead either side); ``k``, ``left`` and
    ``right`` the peak and extent within it; ``cv`` the context's detection envelope as Python
    floats and ``peaks`` every event peak found in it (the ringing rule's neighbours).
    """

    lo: int
    hi: int
    k: int
    left: int
    right: int
    touches_edge: bool
    threshold: float
    limit: float
    rise: float
    cv: list[float]
    peaks: list[int]


def _busy(amp: np.ndarray, k: int, reach: int, left: int, right: int, peak: float) -> bool:
    """Whether the band-passed envelope within ``reach`` of the peak ``k``, outside the extent
    ``left..right``, has a median above :data:`ISOLATION_LEVEL` of ``peak`` (a burst of oscillation)."""
    surround = np.concatenate([amp[max(k - reach, 0) : left], amp[right : k + reach]])
    return surround.size > 0 and float(median1(surround)) > ISOLATION_LEVEL * peak


def _split_run(ctx: np.ndarray, a: int, b: int, same: int, amp: np.ndarray) -> list[int]:
    """The event peaks of the run ``ctx[a:b]`` above threshold, in time order.

    The run's maximum, then each lower local maximum of at least :data:`SPLIT_FRACTION` of it, more
    than ``same`` samples from every peak taken so far and separated from each by a valley below
    :data:`VALLEY_FRACTION` of the lower of the two (one twitch's lobes are one event; a fast
    train's beats are several). The band-passed envelope ``amp`` must dip between them as well
    (a twitch's ringing can leave a second whitened peak, not a second burst of energy).
    """
    if b - a <= same:  # the first maximum, as np.argmax gives it (a short run: without numpy's cost)
        return [max(range(a, b), key=ctx.item)]
    seg = ctx[a:b]
    top = a + int(np.argmax(seg))
    # the candidates high enough and not within ``same`` of the top (taken first), highest first
    # (ties: earlier first), their values as Python floats (the same doubles, compared the same way)
    inner = np.flatnonzero((seg[1:-1] >= seg[:-2]) & (seg[1:-1] > seg[2:])) + 1
    inner = inner[(seg[inner] >= SPLIT_FRACTION * ctx[top]) & (np.abs(inner - (top - a)) > same)]
    if not inner.size:
        return [top]
    # the top is taken first: a candidate without valleys to it (the minimum of each envelope between
    # them, a running minimum out from the top) is never taken, and is dropped here at once
    t = top - a
    aseg = amp[a:b]
    valley = np.empty(seg.size)
    valley[t + 1 :] = np.minimum.accumulate(seg[t:-1])  # min(seg[t:k]) at k > t
    valley[:t] = np.minimum.accumulate(seg[t - 1 :: -1])[::-1] if t else valley[:0]  # min(seg[k:t]) at k < t
    avalley = np.empty(seg.size)
    avalley[t + 1 :] = np.minimum.accumulate(aseg[t:-1])
    avalley[:t] = np.minimum.accumulate(aseg[t - 1 :: -1])[::-1] if t else avalley[:0]
    inner = inner[
        (valley[inner] < VALLEY_FRACTION * np.minimum(seg[inner], seg[t]))
        & (avalley[inner] < VALLEY_FRACTION * np.minimum(aseg[inner], aseg[t]))
    ]
    if not inner.size:
        return [top]
    inner = inner[np.lexsort((inner, -seg[inner]))]
    cv = seg.tolist()
    av = aseg.tolist()
    taken = [top - a]
    for k in inner.tolist():
        if all(abs(k - q) > same for q in taken) and all(
            min(cv[min(k, q) : max(k, q)]) < VALLEY_FRACTION * min(cv[k], cv[q])
            and min(av[min(k, q) : max(k, q)]) < VALLEY_FRACTION * min(av[k], av[q])
            for q in taken
        ):
            taken.append(k)
    return sorted(q + a for q in taken)


def _gram(v: np.ndarray) -> np.ndarray | None:
    """``v.T @ v`` of the samples ``v`` (n, 3); None where there are none or one is not finite."""
    if v.shape[0] == 0 or not np.all(np.isfinite(v)):
        return None
    return v.T @ v


def _with_axes(found: list[tuple[Transient, np.ndarray | None]]) -> list[Transient]:
    """The transients with their principal axes (unit vector, largest component positive).

    The axis is the eigenvector of the largest eigenvalue of the transient's Gram matrix; all the
    matrices go to one :func:`numpy.linalg.eigh` call (the same LAPACK routine on each matrix of the
    stack as on a single one, so the same vectors as one call per transient).
    """
    grams = [g for _, g in found if g is not None]
    if not grams:
        return [t for t, _ in found]
    _, u = np.linalg.eigh(np.stack(grams))
    out: list[Transient] = []
    i = 0
    for t, g in found:
        if g is None:
            out.append(t)
            continue
        x = u[i, :, -1]
        i += 1
        x = x if x[int(np.argmax(np.abs(x)))] > 0 else -x
        out.append(replace(t, axis=(float(x[0]), float(x[1]), float(x[2]))))
    return out


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    if not mask.any():
        return []
    padded = np.concatenate([[False], mask, [False]])
    edges = np.flatnonzero(padded[1:] != padded[:-1])
    return list(zip(edges[::2].tolist(), edges[1::2].tolist()))


def _merge(runs: list[tuple[int, int]], gap: int) -> list[tuple[int, int]]:
    """The runs (in order, disjoint) with those at most ``gap`` apart joined into one.

    A loop over the few runs of a block's context (arrays and ``np.r_`` cost more than they save).
    """
    if len(runs) < 2:
        return runs
    out = [runs[0]]
    for a, b in runs[1:]:
        if a - out[-1][1] > gap:  # a new run
            out.append((a, b))
        else:
            out[-1] = (out[-1][0], b)
    return out
