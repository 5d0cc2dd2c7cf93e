"""A set's 6-12 Hz power that rises and falls with each rep: a rattle or a ring, not tremor (issue 9).

A loose watch knocks the wrist at each turn of a rep and rings its watch-on-skin resonance (8-11 Hz,
damping ratio about 0.1); a loaded bar whips at 7-10 Hz after each turn. Either is narrow, in the band and
as wide as a tremor line, so a spectrum cannot tell it from tremor; but it is excited by the movement and
decays between excitations, so its envelope is a function of the rep's phase: the same rise and decay every
rep. A tremor through the same reps has an envelope of its own (a narrow-band Gaussian process: Rayleigh
amplitude, wandering over a fraction of a second), at most modulated by the load through the rep.

Each frame keeps, for the five sub-blocks of its central hop (which tile the recording frame after frame),
the 6-12 Hz envelope power (:attr:`tremor.core.features.Frames.band_env`, from the analytic signal of the
band) and the mean acceleration (:attr:`tremor.core.features.Frames.sub_acc`, the movement at 10 Hz for
the default 0.5 s hop). :func:`frame_envelopes` computes both from a frame's window; :func:`rep_lock_share`
folds a set's log envelope over the phase of its movement (band-passed around the rep rate, along its
main direction there) and returns the share of its variance explained by the phase; :func:`rep_locked` applies
:data:`LOCK_MIN_SHARE`.

The rep rate found is the movement's strongest jerk, which for a bench press (the forearm tilting at the
bottom of each rep) is the turns' rate, twice the rep's. Where the movement has a line at half the rate found
(:data:`SUBHARMONIC_SHARE`), the phase is read from :data:`PHASE_BAND` around it, which leaves out 0.5x and 1.5x: a phase read from 0.5-1.5x took in the rep itself too and wandered within each
rep, and a loaded bar's whip read 0.02-0.30 (every bench set of the red team's seeds 1, 2, 3 and 32 read as
tremor); read from 0.7-1.3x, 0.48-0.68 (11 of those 12 sets ``rattle``). The fold needs the ring to decay
between excitations: a lightly damped whip, whose amplitude falls less than about 2.5 nepers between turns
(``pi f zeta / rep rate``: 2.4 for a 10 Hz, 3 % whip at 0.4 reps/s; 0.9 for 7 Hz, 1.5 %), keeps ringing through
the rep, its envelope hardly moves with the phase, and it is still read as tremor (tests/core/test_bar_whip.py;
docs/accuracy.md).
"""

from __future__ import annotations

import numpy as np

from tremor.core._check import ASSESSABLE_FRACTION

__all__ = [
    "SUB_BLOCKS",
    "BAND_EDGES_HZ",
    "PHASE_BINS",
    "CYCLE_BAND",
    "PHASE_BAND",
    "SUBHARMONIC_SHARE",
    "LOCK_MIN_SHARE",
    "LOCK_MIN_REPS",
    "REP_HZ",
    "CYCLE_MIN_SHARE",
    "CYCLE_MIN_MPS2",
    "ENVELOPE_CORR_S",
    "LEVEL_OVER_REST",
    "gap_free_run",
    "frame_envelopes",
    "LOW_EDGES_HZ",
    "rep_lock_share",
    "rep_locked",
]

#: Sub-blocks per hop: 0.1 s at the default 0.5 s hop, short against a ring's 50-300 ms decay.
SUB_BLOCKS = 5
#: Band-pass of the envelope (Hz): flat over 6-12 Hz, a raised cosine to zero over 1 Hz either side (a smooth
#: edge keeps the filter's response within the window, so the movement's harmonics and the window's ends do
#: not leak in).
BAND_EDGES_HZ = (5.0, 6.0, 12.0, 13.0)
#: Sub-blocks whose band-passed movement is under this share of its 90th percentile over the run are not
#: folded: the movement does not cycle there (still before the first rep, after the last).
CYCLE_MIN_SHARE = 0.7
#: ... and under this amplitude (m/s^2) at the rep's rate the wrist is not doing reps (a hold sways by
#: 0.01-0.1 m/s^2; a 110 deg curl swings gravity's projection by about 10, a bench press moves 1.3 m/s^2).
CYCLE_MIN_MPS2 = 0.3
#: Time over which a tremor's log envelope stays correlated (s): a 1.5-2 Hz wide line's amplitude wanders over
#: about this; unmodulated tremor folded over 40 s of reps takes a share of 0.04-0.07 by chance (11 bins over
#: about 130 independent samples), over 15 s up to 0.44.
ENVELOPE_CORR_S = 0.3
#: Band around the rep rate found (times the rate) whose movement says where the wrist cycles.
CYCLE_BAND = (0.5, 1.5)
#: Band around the rep rate found (times the rate) whose movement's phase the envelope is folded on: inside
#: (0.5, 1.5), so that a rate found at the turns (twice the rep's) or at the rep's third harmonic does not take in
#: the rep itself or its next harmonic (0.5x, 1.5x), and wide enough to follow a tempo wandering from rep to rep
#: (at 0.8-1.2x a loose strap's ring through curls whose tempo wanders 8 % lost 0.1-0.15 of its share).
PHASE_BAND = (0.7, 1.3)
#: The phase is read from :data:`PHASE_BAND` only where the movement within 5 % of half the rate found holds this
#: share of the power within 10 % of it (the rate found is then the turns', the rep's at half of it); elsewhere
#: from :data:`CYCLE_BAND`, which follows a wandering tempo better.
SUBHARMONIC_SHARE = 0.05
#: Phase bins of a rep the log envelope is folded into (30 degrees each).
PHASE_BINS = 12
#: Rep rates searched (Hz): the movement's strongest frequency between these.
REP_HZ = (0.2, 2.0)
#: The fewest reps (cycles of the movement's phase) over the frames judged: fewer leave the fold to chance.
LOCK_MIN_REPS = 6.0
#: Share of the log envelope's variance (less its mean over each rep, and less the share a fold takes by chance:
#: :data:`ENVELOPE_CORR_S`) explained by the rep's phase, at or above which the band is taken for a ring locked
#: to the reps. Measured on single 40 s sets at 100 Hz built from the physics (tests/core/test_rep_locked_ring.py's
#: model; seeds 400-409 for rings, 200-259 and 300-329 for tremor): rings of 50-300 ms decay at 8-11 Hz excited at
#: each turn of 0.3-0.5 Hz reps, 0.03-0.5 m/s^2 over a 0.015 m/s^2 resting tremor, 0.53-0.82; at 1 Hz reps (turns
#: 0.5 s apart) 0.71-0.81 for 0.1-0.5 m/s^2 rings of 50-150 ms, but a 0.03 m/s^2 ring 0.34-0.56 (2-5x rest, under
#: every label's level) and a 300 ms one 0.53-0.65 (it barely decays before the next turn). A 0.02-0.2 m/s^2
#: tremor wandering over 6.5-11.5 Hz through the same reps: at most 0.27 unmodulated, 0.40 with its amplitude
#: modulated 30 % by the rep (540 sets; 0.44 in 16-22 s sets), and 0.25-0.61 (median 0.43) modulated 60 %: a
#: tremor the rep itself modulates that much reads as a rattle in about a quarter of sets. A loaded bar's whip
#: (zeta 3 %, 0.5-0.8 s decay, rung every 1.25 s, its size varying 2.7x kick to kick) read 0.02-0.30 with the phase
#: read from 0.5-1.5x the rate; 0.48-0.68 from :data:`PHASE_BAND` (the module's docstring).
LOCK_MIN_SHARE = 0.5
#: The test is made only on a set whose 6-12 Hz power (mean or last third) reaches this many times the rest
#: baseline, the lowest level any tremor label is given at (``fatigue_tremor`` over a rest flat at the
#: sensor's noise floor: ``1 + (FATIGUE_OVER_REST - 1) * FLOOR_REST_SHARE`` in ``tremor.core.set_labels``): a
#: ring only adds to the band, so a set that reads calm with it would read calm without it.
LEVEL_OVER_REST = 2.45

#: Band-pass (Hz) of :func:`frame_envelopes`' ``low_env``: flat over 3-7 Hz (the low out-of-band band, a rest tremor's and
#: handwriting's strokes), raised-cosine edges as :data:`BAND_EDGES_HZ`.
LOW_EDGES_HZ = (2.0, 3.0, 7.0, 8.0)

_Plan = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]
_CACHE: dict[tuple[float, int, int, tuple[float, ...]], _Plan] = {}


def _plan(fs: float, win: int, hop: int, edges: tuple[float, ...] = BAND_EDGES_HZ) -> _Plan:
    """Taper, band bins, synthesis matrix and sub-block labels for windows of ``win`` samples at ``fs``."""
    key = (fs, win, hop, tuple(edges))
    plan = _CACHE.get(key)
    if plan is None:
        edge = max(
            1, win // 4
        )  # a Tukey taper over the outer quarters: the central hop lies in the flat part
        taper = np.ones(win)
        ramp = 0.5 - 0.5 * np.cos(np.pi * (np.arange(edge) + 0.5) / edge)
        taper[:edge], taper[win - edge :] = ramp, ramp[::-1]
        freqs = np.fft.rfftfreq(win, 1.0 / fs)
        a, b, c, d = edges
        gain = np.clip(np.minimum((freqs - a) / (b - a), (d - freqs) / (d - c)), 0.0, 1.0)
        gain = 0.5 - 0.5 * np.cos(np.pi * gain)
        bins = np.flatnonzero(gain > 0)
        start = (win - hop) // 2  # the central hop of the window
        centre = start + np.arange(hop)
        # analytic signal of the band at the central samples: 2/win sum_k G_k X_k exp(2 pi i k n / win)
        wave = (2.0 / win) * gain[bins, None] * np.exp(2j * np.pi * np.outer(bins, centre) / win)
        synth = np.stack([np.ascontiguousarray(wave.real), np.ascontiguousarray(wave.imag)])
        labels = np.minimum((np.arange(hop) * SUB_BLOCKS) // hop, SUB_BLOCKS - 1)
        plan = _CACHE[key] = (taper, bins, synth, labels)
    return plan


def _analytic_power(spec: np.ndarray, bins: np.ndarray, synth: np.ndarray) -> np.ndarray:
    """Half the squared magnitude of the band's analytic signal at the central samples, from the spectra."""
    part = spec[:, bins]
    re, im = part.real, part.imag  # real products: numpy's complex matmul is far slower at these shapes
    z_re = re @ synth[0] - im @ synth[1]
    z_im = re @ synth[1] + im @ synth[0]
    return np.asarray(0.5 * (z_re**2 + z_im**2))


def frame_envelopes(
    windows: np.ndarray, fs: float, hop: int, centred: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """6-12 Hz and 3-7 Hz envelope power and mean acceleration in the :data:`SUB_BLOCKS` sub-blocks of each
    window's centre.

    Parameters
    ----------
    windows : ndarray, shape (n_axes, n_frames, win)
        Windows of acceleration in m/s^2, axis first (as :func:`tremor.core.spectral.axis_window_psd` takes).
    fs : float
        Sampling rate in Hz.
    hop : int
        Hop between windows in samples: the central ``hop`` samples of each window are split into the
        sub-blocks, so consecutive frames' sub-blocks tile the segment.
    centred : ndarray or None
        ``windows`` less each window's mean (:func:`tremor.core.spectral.centred_windows`) where the caller made
        it (read, not changed); None: made here.

    Returns
    -------
    band_env : ndarray, shape (n_frames, SUB_BLOCKS)
        Mean power of the 6-12 Hz analytic signal (half its squared magnitude, summed over axes) in each
        sub-block, (m/s^2)^2: for a steady sinusoid, its mean square. NaN where ``fs`` cannot show 6-12 Hz
        (12 Hz at or over 0.4 ``fs``, as :func:`tremor.core.features.band_assessable`).
    low_env : ndarray, shape (n_frames, SUB_BLOCKS)
        The same for :data:`LOW_EDGES_HZ` (3-7 Hz; NaN where ``fs`` cannot show 8 Hz), from the same spectra.
    sub_acc : ndarray, shape (n_frames, SUB_BLOCKS, n_axes)
        Mean acceleration in each sub-block, m/s^2.
    """
    n_axes, n_frames, win = windows.shape
    taper, bins, synth, labels = _plan(float(fs), int(win), int(hop))
    _, low_bins, low_synth, _ = _plan(float(fs), int(win), int(hop), LOW_EDGES_HZ)
    start = (win - hop) // 2
    centre = windows[:, :, start : start + hop]
    sub_acc = np.zeros((n_frames, SUB_BLOCKS, n_axes))
    env = np.zeros((n_frames, hop))
    low = np.zeros((n_frames, hop))
    tapered = np.empty(
        (n_frames, win)
    )  # one buffer for every axis: the same products, fewer large arrays made
    for k in range(n_axes):
        x = windows[k]
        np.multiply(x - x.mean(axis=1, keepdims=True) if centred is None else centred[k], taper, out=tapered)
        spec = np.fft.rfft(tapered, axis=1)
        env += _analytic_power(spec, bins, synth)
        low += _analytic_power(spec, low_bins, low_synth)
        for j in range(SUB_BLOCKS):
            sub_acc[:, j, k] = centre[k][:, labels == j].mean(axis=1)
    band_env = np.stack([env[:, labels == j].mean(axis=1) for j in range(SUB_BLOCKS)], axis=1)
    low_env = np.stack([low[:, labels == j].mean(axis=1) for j in range(SUB_BLOCKS)], axis=1)
    if not BAND_EDGES_HZ[2] < ASSESSABLE_FRACTION * fs:  # the rate cannot show 6-12 Hz (as band_assessable)
        band_env[:] = np.nan
    if not LOW_EDGES_HZ[3] < ASSESSABLE_FRACTION * fs:
        low_env[:] = np.nan
    return band_env, low_env, sub_acc


def gap_free_run(t_s: np.ndarray, hop_s: float) -> tuple[int, int]:
    """The longest run of consecutive frames ``hop_s`` apart (whose sub-blocks tile the time between them).

    Parameters
    ----------
    t_s : ndarray
        Frame centre times in s, sorted.
    hop_s : float
        The frames' hop in s.

    Returns
    -------
    start, stop : int
        Index range of the run within ``t_s`` (``stop`` exclusive; ``(0, 0)`` for no frames).
    """
    if t_s.size == 0:
        return 0, 0
    cuts = np.flatnonzero(np.abs(np.diff(t_s) - hop_s) > 0.25 * hop_s) + 1
    edges = np.concatenate([[0], cuts, [t_s.size]])
    k = int(np.argmax(np.diff(edges)))
    return int(edges[k]), int(edges[k + 1])


def rep_lock_share(
    band_env: np.ndarray, sub_acc: np.ndarray, sub_dt_s: float, keep: np.ndarray | None = None
) -> tuple[float | None, float]:
    """Share of the log 6-12 Hz envelope's variance that the movement's phase explains, and the reps seen.

    Parameters
    ----------
    band_env : ndarray, shape (n_frames, SUB_BLOCKS)
        :attr:`tremor.core.features.Frames.band_env` of consecutive frames (one gap-free run).
    sub_acc : ndarray, shape (n_frames, SUB_BLOCKS, 3)
        :attr:`tremor.core.features.Frames.sub_acc` of the same frames.
    sub_dt_s : float
        Time between sub-blocks in s (the hop over :data:`SUB_BLOCKS`).
    keep : ndarray of bool, shape (n_frames,), optional
        Frames whose envelope is folded (the phase is followed over all of them): frames left out of a set's
        tremor measures (an impact, vigorous movement) are left out here too. None folds every frame.

    Returns
    -------
    share : float or None
        Between-bin variance of the log envelope folded into :data:`PHASE_BINS` bins of the rep's phase,
        over its total variance (0-1); None where the movement is not finite, the kept envelope is not
        finite and positive, or the run is under 16 sub-blocks.
    reps : float
        Cycles of the phase over the kept frames' span.
    """
    env = np.asarray(band_env, float)
    acc = np.asarray(sub_acc, float).reshape(-1, np.shape(sub_acc)[-1])
    kept = np.ones(env.shape[0], bool) if keep is None else np.asarray(keep, bool)
    kept = np.repeat(kept, env.shape[1])
    env = env.reshape(-1)
    n = env.size
    if n < 16 or kept.sum() < 16 or not np.all(np.isfinite(acc)):
        return None, 0.0
    if not (np.all(np.isfinite(env[kept])) and np.all(env[kept] > 0)):
        return None, 0.0
    # the rep rate: the strongest frequency in REP_HZ of the movement's jerk spectrum (acceleration times f^2,
    # summed over axes), where a pose changed once (lying down under a bar, a dumbbell picked up) has little
    x = acc - acc.mean(axis=0)
    t = np.arange(n) - (n - 1) / 2.0
    x -= np.outer(t, (t @ x) / (t @ t))
    freqs = np.fft.fftfreq(n, sub_dt_s)
    spec = np.fft.fft(x * np.hanning(n)[:, None], axis=0)
    search = (freqs >= REP_HZ[0]) & (freqs <= REP_HZ[1])
    if not search.any():
        return None, 0.0
    jerk = np.sum(np.abs(spec[search]) ** 2, axis=1) * freqs[search] ** 2
    rate = float(freqs[search][np.argmax(jerk)])
    # the movement around that rate (0.5-1.5x), along its main direction there, says where the wrist cycles and
    # its phase; but where the rate found is the turns' (twice the rep's: a bench press's tilt at the bottom),
    # 0.5x holds the rep itself, and a phase mixing the two wanders within each rep, smearing a ring's decay over
    # the fold: the phase is then read nearer the rate (PHASE_BAND)
    w = _analytic(x, freqs, (CYCLE_BAND[0] * rate, CYCLE_BAND[1] * rate))
    phase = np.unwrap(np.angle(w))
    power = np.sum(np.abs(np.fft.fft(x, axis=0)) ** 2, axis=1)
    near = np.abs(np.abs(freqs) / rate - 1.0) <= 0.1
    half = np.abs(np.abs(freqs) / rate - 0.5) <= 0.05
    if power[half].sum() >= SUBHARMONIC_SHARE * power[near].sum():  # the rate found is the turns'
        phase = np.unwrap(np.angle(_analytic(x, freqs, (PHASE_BAND[0] * rate, PHASE_BAND[1] * rate))))
    # fold only where the movement cycles (a set's still seconds before its first rep and after its last have
    # no rep phase), and the log envelope less its mean over one rep around each point (the level of the
    # stretch: still, or a tremor growing through the set, is not its modulation within the rep)
    cycling = (np.abs(w) >= CYCLE_MIN_SHARE * np.percentile(np.abs(w), 90)) & (np.abs(w) >= CYCLE_MIN_MPS2)
    use = kept & cycling
    if use.sum() < 16:
        return None, 0.0
    y = np.log(np.where(kept, np.maximum(env, 1e-30), np.nan))
    y = y - _rep_mean(y, max(1, int(round(1.0 / (rate * sub_dt_s)))))
    y = y[use]
    reps = float(use.sum() * sub_dt_s * rate)  # the time the movement cycles, in reps
    bins = (np.mod(phase[use], 2 * np.pi) * PHASE_BINS / (2 * np.pi)).astype(int) % PHASE_BINS
    y -= y.mean()
    total = float(y @ y)
    if total <= 0:
        return None, reps
    sums = np.bincount(bins, weights=y, minlength=PHASE_BINS)
    counts = np.bincount(bins, minlength=PHASE_BINS)
    filled = counts > 0
    raw = float(np.sum(sums[filled] ** 2 / counts[filled])) / total
    # less what a fold of an envelope with no lock takes by chance: a bin's mean of its independent samples
    # (one every ENVELOPE_CORR_S) keeps their scatter, so the bins explain about (bins - 1) / samples of it
    chance = min(0.99, (int(filled.sum()) - 1) * ENVELOPE_CORR_S / (use.sum() * sub_dt_s))
    return (raw - chance) / (1.0 - chance), reps


def _analytic(x: np.ndarray, freqs: np.ndarray, band_hz: tuple[float, float]) -> np.ndarray:
    """Analytic signal of ``x`` (shape (n, axes)) in ``band_hz``, along its main direction in that band."""
    band = (freqs >= band_hz[0]) & (freqs <= band_hz[1])
    z = np.fft.ifft(np.where(band[:, None], np.fft.fft(x, axis=0), 0.0), axis=0)
    _, _, vt = np.linalg.svd(z.real, full_matrices=False)
    return np.asarray(z @ vt[0])


def _rep_mean(y: np.ndarray, width: int) -> np.ndarray:
    """Mean of the finite values of ``y`` over ``width`` samples centred on each (NaN where none)."""
    ok = np.isfinite(y)
    k = np.ones(width)
    num = np.convolve(np.where(ok, y, 0.0), k, "same")
    den = np.convolve(ok.astype(float), k, "same")
    with np.errstate(invalid="ignore", divide="ignore"):
        return num / den


def rep_locked(
    band_env: np.ndarray, sub_acc: np.ndarray, sub_dt_s: float, keep: np.ndarray | None = None
) -> tuple[bool, float | None]:
    """Whether a run of frames' 6-12 Hz envelope is locked to the reps (:data:`LOCK_MIN_SHARE`), and its share.

    Parameters
    ----------
    band_env, sub_acc : ndarray
        As for :func:`rep_lock_share`.
    sub_dt_s : float
        Time between sub-blocks in s.
    keep : ndarray of bool, optional
        As for :func:`rep_lock_share`.

    Returns
    -------
    locked : bool
        True where at least :data:`LOCK_MIN_REPS` reps were folded and the share reaches
        :data:`LOCK_MIN_SHARE`.
    share : float or None
        The share (:func:`rep_lock_share`); None where it could not be measured or too few reps were seen.
    """
    share, reps = rep_lock_share(band_env, sub_acc, sub_dt_s, keep)
    if share is None or reps < LOCK_MIN_REPS:
        return False, None
    return share >= LOCK_MIN_SHARE, share
