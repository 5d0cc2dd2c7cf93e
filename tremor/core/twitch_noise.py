"""The twitch threshold: the background's level (median and MAD with its events left out) and the rule.

:func:`noise_level` and :func:`noise_threshold`, used by
:class:`tremor.core.twitch_finder.TransientFinder` for batch and live alike (a row's result depends
on that row only), and the noise model's constants of the signal stage (:func:`envelope_dof`,
:func:`whitened_noise_ratio`), and what a strong transient adds to it: the band-pass's ringing
(:func:`ringing_profile`); and what a slow movement can leak into the band (:func:`slow_excursion`).

Size (issue 8): one job, the noise model behind one threshold: the background's level, its tail for
unequal and correlated axes (:func:`axis_power`, :func:`band_eigenvalues`, :func:`axes_factors`) and
what leaks into it; each part calibrates the same false-alarm rate, so they change together.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from scipy import linalg, optimize, special

from tremor.core._rolling import masked_median_mad, row_median_mad, strided_median
from tremor.core.twitch_signal import SMOOTH_S, reference_twitch

__all__ = [
    "CLIP_DILATE_S",
    "CLIP_FACTOR",
    "CLIP_MAX_RUN_S",
    "CLIP_MIN_KEEP",
    "FALSE_ALARMS_PER_HOUR",
    "AXES_STEP",
    "COV_RATE_HZ",
    "MAD_FACTOR",
    "RHYTHM_SHARE",
    "axes_factors",
    "axis_power",
    "band_eigenvalues",
    "envelope_dof",
    "noise_level",
    "noise_threshold",
    "ringing_profile",
    "slow_excursion",
    "slow_excursions",
    "whitened_noise_ratio",
]

#: The median and MAD are of the background's noise, the events in it left out: samples above the
#: window's median + CLIP_FACTOR robust SDs, and CLIP_DILATE_S either side of them (a transient's
#: envelope skirts), are set aside and the median and MAD taken again over the rest. Twitches 0.3 s
#: apart fill a third to a half of the window and otherwise raise the threshold by half; on noise
#: alone the clipped threshold is 1-2 % lower. Where less than CLIP_MIN_KEEP of the window is
#: left, the unclipped values stand.
CLIP_FACTOR = 4.0
CLIP_DILATE_S = 0.05
CLIP_MIN_KEEP = 0.25
#: ... but a run above that level longer than this is the background changing (a tremor or movement
#: starting), not an event: it stays in (left out, the threshold would lag behind a rising tremor).
CLIP_MAX_RUN_S = 0.4


def noise_level(
    rows: np.ndarray,
    dilate: int,
    max_run: int = 0,
    *,
    plain: tuple[np.ndarray, np.ndarray] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Median and MAD of each row (a background window) with its events left out (:data:`CLIP_FACTOR`).

    Row by row: the result of a row does not depend on the other rows, so batch (many windows at
    once) and live (one) get the same numbers. Rows holding a non-finite value keep the plain
    median and MAD (as :func:`numpy.median` gives them); ``dilate < 0`` leaves every row unclipped.
    Runs above the clip level longer than ``max_run`` samples (if positive) stay in
    (:data:`CLIP_MAX_RUN_S`). ``plain``, where given, is each row's plain median and MAD already
    computed (equal to :func:`tremor.core._rolling.row_median_mad` of ``rows``).

    Parameters
    ----------
    rows : ndarray, shape (m, n)
        Background windows of the twitch envelope, one per row.
    dilate : int
        Samples set aside either side of each sample above the clip level (:data:`CLIP_DILATE_S`).
    max_run : int
        Runs above the clip level longer than this many samples stay in; 0 keeps none.
    plain : tuple of ndarray, optional
        Each row's plain median and MAD, where already computed.

    Returns
    -------
    median : ndarray, shape (m,)
        Each row's median with its events left out.
    mad : ndarray, shape (m,)
        Each row's median absolute deviation from that median, events left out.
    """
    rows = np.asarray(rows, dtype=np.float64)
    med, mad = row_median_mad(rows) if plain is None else plain
    if rows.shape[0] == 0 or dilate < 0:
        return med, mad
    clip = rows > (med + CLIP_FACTOR * 1.4826 * mad)[:, None]
    # only rows with a sample above the clip level can change: the rest keep the plain values
    c = np.flatnonzero(clip.any(axis=1))
    if not c.size:
        return med, mad
    width = rows.shape[1]
    clip = clip[c]
    if max_run > 0:  # runs longer than max_run are the background changing: kept
        _keep_long_runs(clip, max_run)
    out = clip.copy()
    for d in range(1, dilate + 1):
        out[:, d:] |= clip[:, :-d]
        out[:, :-d] |= clip[:, d:]
    keep = ~out
    n = keep.sum(axis=1)
    r = np.flatnonzero((n >= CLIP_MIN_KEEP * width) & (n > 0) & clip.any(axis=1))
    kept_rows = rows[c[r]]  # the windows to take again, copied once
    finite = np.isfinite(kept_rows).all(axis=1)  # a window holding NaN or an infinity keeps its plain values
    if not finite.all():
        r, kept_rows = r[finite], kept_rows[finite]
    if not r.size:
        return med, mad
    m2, mad2 = masked_median_mad(kept_rows, keep[r])  # np.median's values of the kept samples
    med, mad = med.copy(), mad.copy()
    med[c[r]], mad[c[r]] = m2, mad2
    return med, mad


def _keep_long_runs(clip: np.ndarray, max_run: int) -> None:
    """Clear, in place, each run of True in a row of ``clip`` longer than ``max_run`` samples.

    The runs are found from the changes of the rows laid end to end with a False after each (so no
    run crosses rows), without numbering every sample (a cumulative sum over all of them).
    """
    m, w = clip.shape
    flat = np.zeros(m * (w + 1) + 1, dtype=bool)  # a False before the first row and after each row
    flat[1:].reshape(m, w + 1)[:, :w] = clip
    edges = np.flatnonzero(flat[1:] != flat[:-1])  # starts and ends of the runs, alternately
    starts, ends = edges[0::2], edges[1::2]
    long = ends - starts > max_run
    if not long.any():
        return
    length = (ends - starts)[long]
    # every sample of the long runs, at its place in flat[1:] (row r's sample j at r * (w + 1) + j)
    at = np.arange(int(length.sum())) + np.repeat(starts[long] - (np.cumsum(length) - length), length)
    flat[1 + at] = False
    clip[:] = flat[1:].reshape(m, w + 1)[:, :w]


#: Robust threshold where the background is not noise alone: median + MAD_FACTOR x 1.4826 x MAD.
MAD_FACTOR = 7.0
#: The twitch threshold is the level a noise background's envelope exceeds on at most this many
#: samples per hour (probability FALSE_ALARMS_PER_HOUR / (3600 fs) per sample), so at most this many
#: false crossings an hour of Gaussian noise (measured: 3 candidates in 4 h at 100 Hz, none in 1 h at
#: 200 Hz, 0.015 m/s^2 per axis; the robust rule alone gave none, but stood 8-15 % higher on noise:
#: 2.55-2.75x the envelope's median against 2.35x).
FALSE_ALARMS_PER_HOUR = 1.0
#: A background whose band power the whitener predicts by this share more than it predicts of white
#: noise is a rhythm (tremor), not noise: the robust rule holds there (see :func:`noise_threshold`).
RHYTHM_SHARE = 0.5


def _chi2_cdf(x: float, dof: float) -> float:
    """``scipy.stats.chi2.cdf(x, dof)`` for ``x >= 0``, bit for bit (its ``_cdf``), without the
    frozen-distribution machinery's argument checks: 40 us a call against under 1, and a root search
    calls it some 30 times per constant (about 0.1 s of the bundled sample's run)."""
    return float(special.chdtr(dof, x))


def _chi2_ppf(q: float, dof: float) -> float:
    """``scipy.stats.chi2.ppf(q, dof)`` for ``0 < q < 1``, bit for bit (its ``_ppf``)."""
    return float(2 * special.gammaincinv(dof / 2, q))


def _chi2_isf(q: float, dof: float) -> float:
    """``scipy.stats.chi2.isf(q, dof)`` for ``0 < q < 1``, bit for bit (its ``_isf``)."""
    return float(special.chdtri(dof, q))


@lru_cache(maxsize=16)
def _chi_constants(fs: float, dof: float) -> tuple[float, float]:
    """MAD / median of a chi variable of ``dof`` degrees of freedom, and its threshold / median."""
    p = FALSE_ALARMS_PER_HOUR / (3600.0 * fs)
    m = float(np.sqrt(_chi2_ppf(0.5, dof)))

    def half(d: float) -> float:
        return float(_chi2_cdf((m + d) ** 2, dof) - _chi2_cdf(max(m - d, 0.0) ** 2, dof)) - 0.5

    return optimize.brentq(half, 1e-12, 10.0 * m) / m, float(np.sqrt(_chi2_isf(p, dof))) / m


def envelope_dof(taps: np.ndarray, width: int) -> float:
    """Degrees of freedom of the squared envelope of band-passed white noise (Satterthwaite).

    The envelope squared is the mean of ``width`` consecutive samples of the three axes squared,
    each axis white noise through ``taps``: a weighted sum of chi-square variables (the weights
    are the eigenvalues of the samples' covariance), matched in mean and variance by a scaled
    chi-square of this many degrees of freedom.

    Parameters
    ----------
    taps : ndarray
        The band-pass FIR taps.
    width : int
        Samples in the envelope's moving mean.

    Returns
    -------
    float
        The degrees of freedom (at most 3 ``width``).
    """
    lam = _envelope_eigenvalues(tuple(np.asarray(taps, dtype=np.float64).tolist()), width)
    return float(3.0 * lam.sum() ** 2 / np.dot(lam, lam))


@lru_cache(maxsize=8)
def _envelope_eigenvalues(taps: tuple[float, ...], width: int) -> np.ndarray:
    """Eigenvalues of the covariance of ``width`` consecutive samples of white noise through ``taps``."""
    h = np.asarray(taps, dtype=np.float64)
    acf = np.correlate(h, h, "full")[h.size - 1 :]
    acf = np.concatenate([acf, np.zeros(max(width - acf.size, 0))])[:width]
    return np.linalg.eigvalsh(linalg.toeplitz(acf))


#: The axes' noise powers relative to the strongest are rounded to this step (:func:`axes_factors`):
#: the constants are computed once per step, and axes within half a step of the strongest count as
#: equal to it.
AXES_STEP = 0.05


@lru_cache(maxsize=512)
def _pearson_constants(
    fs: float, lam: tuple[float, ...], rel: tuple[float, float, float]
) -> tuple[float, float]:
    """MAD / median and threshold / median of the envelope of noise of relative axis powers ``rel``.

    The squared envelope is a sum of chi-square(1) variables weighted by ``rel[k] * lam[j]``, matched
    in its first three cumulants by ``a + b`` chi-square(``nu``) (Pearson's three-moment fit).
    """
    w = np.outer(np.asarray(rel), np.asarray(lam)).ravel()
    w = w[w > 0]
    c1, c2, c3 = float(w.sum()), float(np.dot(w, w)), float(np.sum(w**3))
    nu, b = c2**3 / c3**2, c3 / c2
    a = c1 - b * nu
    p = FALSE_ALARMS_PER_HOUR / (3600.0 * fs)
    m = float(np.sqrt(a + b * _chi2_ppf(0.5, nu)))

    def cdf(y: float) -> float:
        return _chi2_cdf(max(y * y - a, 0.0) / b, nu) if y > 0 else 0.0

    def half(d: float) -> float:
        return cdf(m + d) - cdf(m - d) - 0.5

    return optimize.brentq(half, 1e-12, 10.0 * m) / m, float(np.sqrt(a + b * _chi2_isf(p, nu))) / m


def axis_power(vec: np.ndarray, window: int, step: int, count: int) -> np.ndarray:
    """Each axis's noise power over ``count`` background windows: the median of its samples squared.

    A median, so a background's few events (twitches, a knock) barely move it; windows
    ``vec[i * step : i * step + window]``, each with the value :func:`numpy.median` gives it (batch's
    many windows and live's one agree). Where ``vec`` is shorter than one window (a segment's first
    blocks), NaN.

    Parameters
    ----------
    vec : ndarray, shape (n, 3)
        The whitened band-passed signal whose envelope is the detection envelope.
    window, step, count : int
        Samples per window, samples between window starts, and windows.

    Returns
    -------
    ndarray, shape (count, 3)
        The median of each axis's squared samples in each window.
    """
    vec = np.asarray(vec, dtype=np.float64).reshape(-1, 3)
    if vec.shape[0] < (count - 1) * step + window:
        return np.full((count, 3), np.nan)
    return np.stack([strided_median(vec[:, k] ** 2, window, step, count) for k in range(3)], axis=1)


#: :func:`band_eigenvalues` takes its off-diagonal terms from every ``fs // COV_RATE_HZ``-th sample:
#: the 3-40 Hz band's samples at 100-200 Hz are correlated over a few samples, and a median of every
#: second (fourth) costs a half (a quarter); the false-twitch rates were the same (docs/accuracy.md).
COV_RATE_HZ = 50.0


def band_eigenvalues(vec: np.ndarray, window: int, step: int, count: int, stride: int = 1) -> np.ndarray:
    """The eigenvalues of each background window's 3 x 3 band covariance, from medians (issue 9).

    Correlated axes (a sensor's cross-axis coupling, a weak rhythm along one oblique direction) make
    the squared envelope a sum of chi-squares weighted by their covariance's eigenvalues, not by
    their powers. Each element is a median (a background's few events barely move it): the diagonal
    is :func:`axis_power`, each off-diagonal a quarter of ``median((v_j + v_k)^2) - median((v_j -
    v_k)^2)`` over every ``stride``-th sample (Gnanadesikan and Kettenring; for Gaussian noise each
    median of a square is 0.455 x its variance). A diagonal matrix gives its diagonal back. Windows
    as :func:`axis_power`'s (batch and live agree); NaN where ``vec`` is shorter than one.

    Parameters
    ----------
    vec : ndarray, shape (n, 3)
        The whitened band-passed signal whose envelope is the detection envelope.
    window, step, count : int
        Samples per window, samples between window starts, and windows.
    stride : int
        The off-diagonal medians take every ``stride``-th sample from each window's first;
        ``window`` and ``step`` must be multiples of it.

    Returns
    -------
    ndarray, shape (count, 3)
        Each window's eigenvalues, largest first, in the unit of :func:`axis_power`.
    """
    vec = np.asarray(vec, dtype=np.float64).reshape(-1, 3)
    power = axis_power(vec, window, step, count)
    if vec.shape[0] < (count - 1) * step + window:
        return power  # NaN: shorter than one window
    if window % stride or step % stride:
        raise ValueError(f"window {window} and step {step} must be multiples of stride {stride}")
    cov = np.zeros((count, 3, 3))
    cov[:, [0, 1, 2], [0, 1, 2]] = power
    sub = vec[: (count - 1) * step + window : stride]
    for j, k in ((0, 1), (0, 2), (1, 2)):
        plus = strided_median((sub[:, j] + sub[:, k]) ** 2, window // stride, step // stride, count)
        minus = strided_median((sub[:, j] - sub[:, k]) ** 2, window // stride, step // stride, count)
        cov[:, j, k] = cov[:, k, j] = 0.25 * (plus - minus)
    eig = np.linalg.eigvalsh(np.where(np.isfinite(cov), cov, 0.0))[:, ::-1]
    eig = np.maximum(eig, 1e-12 * eig[:, :1])  # a robust matrix need not be positive definite
    return np.where(np.isfinite(cov.reshape(count, 9)).all(axis=1, keepdims=True), eig, np.nan)


def axes_factors(fs: float, taps: np.ndarray, width: int, power: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """How much unequal axes widen the noise envelope's spread and tail over equal axes' (issue 9).

    :func:`envelope_dof`'s chi model is of three axes of equal noise. Axes of powers ``s_k^2`` make
    the squared envelope a sum of chi-squares weighted by ``s_k^2`` times the band-pass's
    eigenvalues, whose far tail the largest weights set: with one axis dominant its threshold over
    its median is up to 1.6x equal axes'. Satterthwaite's two-moment chi (``dof (sum s_k^2)^2 / (3
    sum s_k^4)``) puts it 7-8 % too low at 0.004/0.008/0.015 m/s^2 (2.90x the median against 3.17x
    by exact convolution at 100 Hz), and measured 4.3 false twitches an hour on such noise; the
    three-moment fit (``a + b`` chi-square) is within 1.5 % of the exact tail. The factors are the
    three-moment values for ``power`` over those for equal axes, multiplying the chi model's MAD /
    median and threshold / median. Powers relative to the strongest axis are rounded to
    :data:`AXES_STEP`; rows whose powers are not finite and positive get 1. Element by element:
    batch and live get the same values.

    Parameters
    ----------
    fs : float
        Sampling rate in Hz.
    taps : ndarray
        The band-pass FIR taps.
    width : int
        Samples in the envelope's moving mean.
    power : ndarray, shape (m, 3)
        Each background's noise power per axis (:func:`axis_power`) or, where the axes are
        correlated, per principal direction (:func:`band_eigenvalues`), in any common unit.

    Returns
    -------
    spread : ndarray, shape (m,)
        Factor on the MAD / median of noise (1 for equal axes).
    tail : ndarray, shape (m,)
        Factor on the threshold / median (1 for equal axes).
    """
    pw = np.asarray(power, dtype=np.float64).reshape(-1, 3)
    with np.errstate(divide="ignore", invalid="ignore"):
        rel = -np.sort(-pw, axis=1) / pw.max(axis=1, keepdims=True)
    ok = np.isfinite(rel).all(axis=1) & (pw > 0).all(axis=1)
    steps = np.round(rel / AXES_STEP)
    rel = np.where(ok[:, None], steps * AXES_STEP, 1.0)
    spread, tail = np.ones(rel.shape[0]), np.ones(rel.shape[0])
    lam = tuple(_envelope_eigenvalues(tuple(np.asarray(taps, float).tolist()), width).tolist())
    equal = _pearson_constants(float(fs), lam, (1.0, 1.0, 1.0))
    # rows below equal axes, grouped by their steps (0..20 each, relative powers in [0, 1]): equal steps
    # give equal rows of ``rel`` (step x AXES_STEP), so one constant per group, as per distinct row
    todo = np.flatnonzero(ok & (rel.min(axis=1) < 1.0))
    if todo.size:
        s = steps[todo].astype(np.int64)
        _, first, inverse = np.unique(
            (s[:, 0] * 32 + s[:, 1]) * 32 + s[:, 2], return_index=True, return_inverse=True
        )
        lo_f = np.empty(first.size)
        f_f = np.empty(first.size)
        for i, r in enumerate(rel[todo[first]].tolist()):
            lo, f = _pearson_constants(float(fs), lam, (round(r[0], 6), round(r[1], 6), round(r[2], 6)))
            lo_f[i], f_f[i] = lo / equal[0], f / equal[1]
        spread[todo], tail[todo] = lo_f[inverse.ravel()], f_f[inverse.ravel()]
    return spread, tail


def whitened_noise_ratio(taps: np.ndarray, order: int, loading: float) -> float:
    """RMS of the whitener's output over its input, for white noise through the band-pass ``taps``.

    The whitener's predictor fitted (Yule-Walker, white-noise ``loading``) on the band-passed white
    noise's own autocorrelation, and the prediction error's power over the input's. A background
    whose whitened / band-passed level is lower than this holds a predictable rhythm (tremor).

    Parameters
    ----------
    taps : ndarray
        The band-pass FIR taps.
    order : int
        The predictor's order in samples.
    loading : float
        White-noise loading of the fit (fraction of the power added at lag 0).

    Returns
    -------
    float
        The ratio, between 0 and 1.
    """
    h = np.asarray(taps, dtype=np.float64)
    acf = np.correlate(h, h, "full")[h.size - 1 :]
    acf = np.concatenate([acf, np.zeros(max(order + 1 - acf.size, 0))])[: order + 1]
    cov = linalg.toeplitz(acf[:order])
    a = np.linalg.solve(cov + np.eye(order) * acf[0] * loading, acf[1:])
    return float(np.sqrt((acf[0] - 2.0 * a @ acf[1:] + a @ cov @ a) / acf[0]))


def noise_threshold(
    med: np.ndarray,
    mad: np.ndarray,
    rhythm: np.ndarray,
    fs: float,
    dof: float,
    n_independent: float,
    axes: tuple[np.ndarray, np.ndarray] | None = None,
) -> np.ndarray:
    """The twitch threshold of backgrounds of envelope median ``med`` and MAD ``mad``.

    Where a background is sensor noise, the threshold is the level that noise exceeds with
    probability :data:`FALSE_ALARMS_PER_HOUR` / (3600 ``fs``): its envelope is a chi variable of
    ``dof`` degrees of freedom (:func:`envelope_dof`) scaled to its median, and the threshold is the
    median times that variable's quantile over its median. Where it is not (tremor the whitener
    left, whose bursts the chi model does not describe), it is the robust rule, median +
    :data:`MAD_FACTOR` robust SDs. A background counts as noise by two measures, and as not noise
    in proportion to the worse of them:

    * its spread: MAD / median no more than white noise's (the chi variable's); fully not noise at
      two standard errors above it (the standard error of a MAD / median from ``n_independent``
      values is about 1 / sqrt(``n_independent``) of it);
    * its rhythm: ``rhythm``, the share of the band's power the whitener predicted beyond what it
      predicts of white noise (0 for noise); fully not noise at :data:`RHYTHM_SHARE`.

    Element by element: batch and live, which give one background at a time, get the same values.

    Parameters
    ----------
    med, mad : ndarray
        Median and MAD of each background's envelope (:func:`noise_level`).
    rhythm : ndarray
        Each background's predicted share: 1 - ((whitened / band-passed median) / the same for
        white noise (:func:`whitened_noise_ratio`)) squared.
    fs : float
        Sampling rate in Hz.
    dof : float
        Degrees of freedom of the squared envelope of white noise (:func:`envelope_dof`).
    n_independent : float
        Independent envelope values in a background (its samples over the envelope's width).
    axes : tuple of ndarray, optional
        Each background's factors for unequal axes on the chi model's MAD / median and threshold /
        median (:func:`axes_factors`); None: equal axes.

    Returns
    -------
    ndarray
        The threshold of each background, in the envelope's units.
    """
    med = np.asarray(med, dtype=np.float64)
    mad = np.asarray(mad, dtype=np.float64)
    chi_lo, chi_factor = _chi_constants(float(fs), round(float(dof), 6))
    lo = chi_lo * np.asarray(1.0 if axes is None else axes[0], dtype=np.float64)
    factor = chi_factor * np.asarray(1.0 if axes is None else axes[1], dtype=np.float64)
    r = np.divide(mad, med, out=np.full(med.shape, np.inf), where=med > 0)
    hi = lo * (1.0 + 2.0 / np.sqrt(n_independent))
    w = np.maximum(
        np.clip((r - lo) / (hi - lo), 0.0, 1.0), np.clip(np.asarray(rhythm, float) / RHYTHM_SHARE, 0.0, 1.0)
    )
    w = np.where(np.isfinite(w), w, 1.0)
    noise = med * factor
    robust = med + MAD_FACTOR * 1.4826 * mad
    return np.where(w <= 0.0, noise, np.where(w >= 1.0, robust, noise + w * (robust - noise)))


def ringing_profile(fs: float, taps: np.ndarray) -> np.ndarray:
    """The twitch band-pass's ringing: its envelope around a transient, per unit of the envelope's peak.

    The envelope (:data:`SMOOTH_S` RMS, delay compensated) of the reference twitch after the
    band-pass ``taps``, normalised to its peak, the larger of its two sides at each lag (the FIR is
    linear-phase: it rings before a transient as after it). A transient's envelope at lag ``d``
    samples from its peak carries ``profile[d]`` x its peak of ringing: the low band edge (3 Hz)
    rings for about its half period, so a 0.25 m/s^2 twitch leaves about 5 % of its peak 0.16 s
    later, as much as a noise excursion needs to cross the noise-model threshold. It is the
    reference twitch's (:data:`~tremor.core.twitch_signal.REFERENCE_SIGMA_S`, 20 ms): a broader
    twitch rings more (a 40 ms one about 3x at 0.16 s), a narrower one less (a 10 ms one about a
    sixth), so their ringing is under- and over-predicted.

    Parameters
    ----------
    fs : float
        Sampling rate in Hz.
    taps : ndarray
        The twitch band-pass's FIR taps (:func:`tremor.core.twitch_signal.twitch_fir`).

    Returns
    -------
    ndarray
        The profile at lags 0, 1, ... samples (1 at lag 0), up to the FIR's half length.
    """
    width = max(round(SMOOTH_S * fs), 1)
    ref = reference_twitch(fs, taps)
    env = np.sqrt(np.convolve(ref * ref, np.full(width, 1.0 / width), mode="full"))
    env = env[(width - 1) // 2 : (width - 1) // 2 + ref.size]  # delay compensated, as the finder sees it
    top = int(np.argmax(env))
    half = (np.asarray(taps).size - 1) // 2
    right = env[top : top + half + 1]
    left = env[top - np.arange(min(top, half) + 1)]
    n = max(right.size, left.size)
    out = np.zeros(n)
    out[: right.size] = right
    out[: left.size] = np.maximum(out[: left.size], left)
    return out / env[top]


def slow_excursion(slow: np.ndarray) -> float:
    """Half the peak-to-peak range (vector norm) of the 0-3 Hz part's departure from its straight line.

    The movement rule's measure of how much a slow movement could leak into the twitch band around a
    candidate. The least-squares line of each axis over the window is taken out first: a steady
    drift (a ramp) leaks nothing through the band-pass's high-pass edge (its response has a double
    zero at 0 Hz, and the zero-phase filter squares it), while a movement's onset or end (a bend in
    the slow part) does; without it, an arm drifting 0.1-0.15 m/s^2 a second at rest made twitches of
    0.1-0.25 m/s^2 read as movement edges.

    Parameters
    ----------
    slow : ndarray, shape (n, 3)
        The 0-3 Hz part of the acceleration over the window, m/s^2.

    Returns
    -------
    float
        The excursion in m/s^2 (0 for fewer than 3 samples).
    """
    n = slow.shape[0]
    if n < 3:
        return 0.0
    u = np.arange(n, dtype=np.float64) - 0.5 * (n - 1)
    centred = slow - slow.mean(axis=0)
    resid = centred - np.outer(u, (u @ centred) / float(u @ u))
    return 0.5 * float(np.linalg.norm(resid.max(axis=0) - resid.min(axis=0)))


def slow_excursions(windows: list[np.ndarray]) -> np.ndarray:
    """:func:`slow_excursion` of each window, the windows of one length computed together.

    The same operations as :func:`slow_excursion` on a stack of windows: the mean and the
    line's slope are reduced over the samples' axis as for one window, products and
    differences are element by element, the maxima and minima are exact, and the norm is the
    same dot product per window, so each value equals :func:`slow_excursion`'s (the twitch
    finder judges all the candidates of many blocks at once).

    Parameters
    ----------
    windows : list of ndarray, each shape (n, 3)
        The 0-3 Hz part of the acceleration around each candidate, m/s^2.

    Returns
    -------
    ndarray, shape (len(windows),)
        The excursion of each window in m/s^2 (0 for fewer than 3 samples).
    """
    out = np.zeros(len(windows))
    sizes = np.array([w.shape[0] for w in windows], dtype=np.intp)
    for n in np.unique(sizes[sizes >= 3]).tolist():
        at = np.flatnonzero(sizes == n)
        slow = np.stack([np.asarray(windows[i], dtype=np.float64) for i in at.tolist()])
        u = np.arange(n, dtype=np.float64) - 0.5 * (n - 1)
        centred = slow - slow.mean(axis=1)[:, None, :]
        slope = (u @ centred) / float(u @ u)
        resid = centred - u[None, :, None] * slope[:, None, :]
        span = resid.max(axis=1) - resid.min(axis=1)
        out[at] = 0.5 * np.sqrt((span[:, None, :] @ span[:, :, None])[:, 0, 0])
    return out
