"""The label of a set from its metrics: the rule and its thresholds.

:func:`label_set` names a set ``calm``, ``fatigue_tremor``, ``enhanced_tremor``, ``fasciculations``,
``mixed``, ``atypical_tremor`` or ``not_assessable`` from its :class:`tremor.core.classify.SetMetrics`
(measured by :func:`tremor.core.classify.set_metrics`); :func:`rising` is the fatigue rise and
:func:`rise_log_sd` the scatter it is judged against. The labels' meanings are in
:mod:`tremor.core.classify`'s docstring.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from tremor.core.episodes import FRAME_HALF_S, OOB_OVER_PHYS, OOB_PROMINENCE
from tremor.core.spectral import BANDS

if TYPE_CHECKING:
    from tremor.core.classify import SetMetrics

__all__ = [
    "ENHANCED_OVER_REST",
    "FATIGUE_OVER_REST",
    "FATIGUE_RISE",
    "FATIGUE_RISE_MIN",
    "FATIGUE_RISE_Z",
    "FLOOR_REST_SHARE",
    "LABELS",
    "MIN_TWITCHES",
    "NOT_ASSESSABLE_WORDS",
    "fatigue_over_rest",
    "label_set",
    "oob_dominant",
    "rise_log_sd",
    "rise_sd",
    "rise_shown",
    "rise_within_chance",
    "rise_z",
    "rising",
]

LABELS = (
    "calm",
    "fatigue_tremor",
    "enhanced_tremor",
    "fasciculations",
    "mixed",
    "atypical_tremor",
    "not_assessable",
)

#: Fatigue: last-third 6-12 Hz power at least this many times the first third where it stands out of chance: its
#: log at least FATIGUE_RISE_Z standard errors of a steady line as wide as the set's (:func:`rise_sd`; counted alone
#: only where none was measured) ...
FATIGUE_RISE = 2.0
#: ... or at least this many times where the rise stands out of its own scatter too: its log at least
#: FATIGUE_RISE_Z standard errors (:attr:`SetMetrics.rise_log_sd`). A third of a set's power scatters by
#: about 1/sqrt(bandwidth x duration) (1-3 Hz over 10-15 s: 15-30 %), so a rise of 2x can be measured at
#: 1.6-1.9x (``docs/accuracy.md``, fatigue labels); a flat tremor passes the z test about 2 % of the time.
#: Under 1.5x a rise is not called fatigue however steady the thirds.
FATIGUE_RISE_MIN = 1.5
FATIGUE_RISE_Z = 2.0
#: ... and the last third at least this many times the rest baseline.
FATIGUE_OVER_REST = 4.0
#: Where the rest is flat at the sensor's noise floor (:data:`tremor.core.still.FLAT_MIN`), at most this share of
#: its 6-12 Hz level can be the person's rest tremor: a hump holding ``r`` times the floor's 6-12 Hz power, spread
#: over all 6 Hz of the band, leaves a 2-20 Hz spectrum's flatness at ``(1 + r)^(1/3) / (1 + r / 3)``, which
#: stays at 0.95 or more only for ``r <= 0.935``, a share ``r / (1 + r) <= 0.483`` (a 1-3 Hz wide hump, as
#: tremor's, less: 0.27-0.38). The rest baseline there is the sensor's, not the person's (its 6-12 Hz level
#: depends on the rate and the sensor), so the fatigue level is judged against the person's rest tremor, from
#: this bound (:func:`fatigue_over_rest`).
FLOOR_REST_SHARE = 0.483
#: Enhanced tremor: the last third at least this many times the rest baseline without the fatigue rise.
#: A level alone is not fatigue's evidence (``../shared/docs/causes.md``: fatigue shows as power rising within
#: the set; tremor high from the start without a fatigue trend is enhanced physiological tremor, which
#: stabiliser demand, poor sleep, caffeine, stress or cold enlarge as well), so such a set is labelled
#: ``enhanced_tremor``, not ``fatigue_tremor``; the causes name what may enhance it.
ENHANCED_OVER_REST = 9.0
#: Twitches in a set and its recovery needed to call it fasciculations.
MIN_TWITCHES = 3
#: Why a set's tremor was not assessed (:attr:`tremor.core.classify.SetMetrics.not_assessable_reason`), in words.
#: ``out_of_band_skirt``: the 6-12 Hz band is mostly the skirt of a narrow out-of-band peak (LEAK_MAX_SHARE)
#: that lies under the out-of-band detection limit, so it is neither tremor (``atypical_tremor``) nor a band
#: that can show whether the set is calm: the band's power is that peak's, whatever tremor lies under it.
#: ``impacts``: an impact in more than half the set's windows (:func:`tremor.core.classify.impacts_bound`).
NOT_ASSESSABLE_WORDS = {
    "sampling_rate": "the sampling rate cannot show 6-12 Hz",
    "too_little_data": "too little data",
    "movement": "vigorous movement fills the tremor bands",
    "vibration": "machine vibration covers the 6-12 Hz band",
    "not_worn": "the device lay still (not worn)",
    "external_vibration": "external vibration (a vehicle, a road, a machine) shook the wrist",
    "out_of_band_skirt": "the skirt of a faint out-of-band peak fills the 6-12 Hz band",
    "rattle": "a ring excited by each rep (a loose strap, a bar's whip) fills the 6-12 Hz band",
    "impacts": "impacts, as a snap or clank at each rep, fill most of its windows",
    "taps": "taps (broadband impulses, as typing on a phone) fill the 6-12 Hz band",
    "strokes": "a large 3-7 Hz rhythm whose rate wanders (a hand's strokes, or a folded motor) fills the tremor bands",
    "large_rhythm": "a 3-7 Hz rhythm the size of a deliberate movement (whisking, strumming) fills the tremor bands",
    "tool_rundown": "a line falling steadily in seconds, as a power tool's motor does under load (a drill driving a screw), fills the tremor bands",
    "fast_line": "a rhythm above 13 Hz larger than any tremor of the body (a machine in the hand: a power tool's strokes, folded by a sensor without an anti-alias filter) fills the tremor bands",
    "lead": "a line moving the wrist along a watch's x axis (the forearm) in a stop of a walk, as a taut lead's pull does (a dog panting), fills the tremor bands",
    "resolution": "its 6-12 Hz level, or the rest's it is compared with, is under the sensor's resolution (half a code step): a tremor that size may not show, or show larger",
}


def rise_log_sd(first: np.ndarray, last: np.ndarray, hop_s: float) -> float | None:
    """Standard error of the log of ``mean(last) / mean(first)`` from the scatter of the frame powers.

    Each third's mean power has a relative standard error of its frames' coefficient of variation over
    the square root of its independent frames: frames overlap, so ``hop_s / (2 * FRAME_HALF_S)`` of them
    count (at most all). A trend within a third adds to the scatter, so the error errs on the large side.

    Parameters
    ----------
    first, last : ndarray
        6-12 Hz power of the frames of the first and the last third, (m/s^2)^2.
    hop_s : float
        Time between frame centres, s.

    Returns
    -------
    float or None
        The standard error of the log ratio; None where a third has fewer than 2 frames or no power.
    """
    terms = []
    for p in (first, last):
        p = p[np.isfinite(p)]
        if p.size < 2 or p.mean() <= 0:
            return None
        n_eff = max(p.size * min(hop_s / (2 * FRAME_HALF_S), 1.0), 1.0)
        # the squared coefficient of variation, taken on the powers over their mean: a quantised still wrist's frames
        # can hold powers of 1e-170 (m/s^2)^2, whose mean squared underflows to 0
        terms.append(float(np.var(p / p.mean(), ddof=1) / n_eff))
    return float(np.sqrt(sum(terms)))


def fatigue_over_rest(rest_at_floor: bool) -> float:
    """The last third's level over the rest baseline a fatigue rise needs (:data:`FATIGUE_OVER_REST`).

    Where the rest is flat at the sensor's noise floor, its baseline ``B`` is the floor ``F`` plus at most
    :data:`FLOOR_REST_SHARE` of ``B`` of rest tremor ``R``; the last third ``L`` holds the same floor, so its
    tremor ``L - F`` stands at least ``(L / B - 1) / FLOOR_REST_SHARE + 1`` times ``R``. That bound reaches
    :data:`FATIGUE_OVER_REST` at ``L / B = 1 + (FATIGUE_OVER_REST - 1) * FLOOR_REST_SHARE`` (2.45x): the same rule
    on the person's tremor, where the floor hides the rest's (issue 9: 3.1-3.9x a 50 Hz noise floor failed 4x).

    Parameters
    ----------
    rest_at_floor : bool
        Whether the rest baseline is the sensor's noise floor (a flat rest spectrum).

    Returns
    -------
    float
        The ratio of ``last_third_vs_rest`` a fatigue rise needs.
    """
    return 1.0 + (FATIGUE_OVER_REST - 1.0) * FLOOR_REST_SHARE if rest_at_floor else FATIGUE_OVER_REST


def label_set(m: SetMetrics, *, rest_at_floor: bool = False) -> str:
    """The label of a set from its metrics (see the module docstring).

    Parameters
    ----------
    m : SetMetrics
        The set's measures (from :func:`set_metrics`).
    rest_at_floor : bool
        Whether the rest baseline is the sensor's noise floor: the fatigue rise's level is then judged against
        the most rest tremor the floor can hide (:func:`fatigue_over_rest`).

    Returns
    -------
    str
        One of ``atypical_tremor``, ``mixed``, ``fatigue_tremor``, ``fasciculations``,
        ``enhanced_tremor``, ``calm`` or ``not_assessable``. Twitching outranks an enhanced level without a
        rise (``fasciculations``); the set's level over rest is in its metrics either way.
    """
    atypical = oob_dominant(m) and (m.oob_limit_mps2 is None or (m.oob_rms_mps2 or 0.0) >= m.oob_limit_mps2)
    if not m.assessable:
        # impacts at each rep withhold the 6-12 Hz band, not an out-of-band line sought over all the set's windows
        if m.not_assessable_reason == "impacts" and atypical:
            return "atypical_tremor"
        # a power tool's clicks (a drill's clutch slipping over its detents as the screw seats, 0.5-2 m/s^2 knocks
        # at 6 a turn) ring as twitches do: the set's twitches are the tool's as much as the person's
        if m.not_assessable_reason in ("tool_rundown", "lead", "fast_line"):
            return "not_assessable"
        return (
            "fasciculations"
            if m.twitches_in_set + m.twitches_in_recovery >= MIN_TWITCHES
            else "not_assessable"
        )
    if atypical:
        return "atypical_tremor"
    # over a rest under the sensor's resolution, the bound (tremor.core.rest_resolution): the rule holds only where
    # the bound does
    over = m.last_third_vs_rest if m.last_third_vs_rest is not None else m.last_third_vs_rest_at_least or 0.0
    # where the line has no peak in the band in its first or last third (it drifted out under load, as a
    # tremor starting at 6-7 Hz does), the band's rise cannot show: the level alone stands for it there.
    # A level alone is no rise: a 1.5-2x rise at 9x rest or more is fatigue only where it stands
    # FATIGUE_RISE_Z standard errors out of the thirds' scatter, as at any level (issue 9, red team R6-2: a steady
    # caffeine tremor, 9-40x rest from its first second, measured 1.64-1.81x by chance in 12 of 108 holds, each
    # within 1.3-1.8 standard errors, and was called fatigue; :func:`rise_within_chance` says so instead)
    fatigue = (rising(m) and over >= fatigue_over_rest(rest_at_floor)) or (
        over >= ENHANCED_OVER_REST and not rise_shown(m)
    )
    twitching = m.twitches_in_set + m.twitches_in_recovery >= MIN_TWITCHES
    if fatigue and twitching:
        return "mixed"
    if fatigue:
        return "fatigue_tremor"
    if twitching:
        return "fasciculations"
    if over >= ENHANCED_OVER_REST:
        return "enhanced_tremor"
    return "calm"


def rise_sd(m: SetMetrics) -> float | None:
    """The standard error a set's rise is judged against: its line's chance, and under 2x its frames' scatter too.

    The line's (:attr:`SetMetrics.rise_line_sd`, :func:`tremor.core.line_chance.line_rise_sd`) is what a short
    set's few frames cannot show: a narrow line's thirds differ by chance more than their frames scatter (issue 9:
    a steady 0.3 Hz wide line read 2x or more in 9 % of 20 s holds, 0.1 Hz wide in 21 %). Under
    :data:`FATIGUE_RISE` the frames' scatter (:attr:`SetMetrics.rise_log_sd`) is taken where it is larger, as
    before (it holds what the model does not: a surge within a third); at 2x and more it is not, since a rise
    within each third widens it (a 6x rise over a 20 s hold: each third's own trend), and the rise was called
    without it before.

    Parameters
    ----------
    m : SetMetrics
        The set's measures.

    Returns
    -------
    float or None
        The standard error (positive); None where none was measured.
    """
    own = m.rise_log_sd if (m.end_to_start_ratio or 0.0) < FATIGUE_RISE else None
    sds = [sd for sd in (own, m.rise_line_sd) if sd is not None and sd > 0]
    return max(sds) if sds else None


def rise_z(m: SetMetrics) -> float | None:
    """How many standard errors the set's rise stands above no rise: ``log(end_to_start_ratio) / rise_sd(m)``.

    Parameters
    ----------
    m : SetMetrics
        The set's measures.

    Returns
    -------
    float or None
        The rise's log over its standard error (:func:`rise_sd`); None where either was not measured.
    """
    rise, sd = m.end_to_start_ratio, rise_sd(m)
    if rise is None or not rise > 0 or sd is None:
        return None
    return float(np.log(rise) / sd)


def rise_within_chance(m: SetMetrics) -> bool:
    """Whether the set's power rose :data:`FATIGUE_RISE_MIN` times or more but within what a steady tremor's
    thirds show by chance (short of :data:`FATIGUE_RISE_Z` standard errors, :func:`rise_sd`): no fatigue rise is
    shown, and the report says the rise is within chance rather than call it fatigue or leave it unexplained.

    A third of a steady narrow-band tremor holds a mean power that scatters by about ``1 / sqrt(B T)`` (line
    width ``B``, third ``T`` s), so its last third reads 1.5x its first in about 1 hold in 10 for a 1.5 Hz wide
    line over 40 s, and 1 in 6 over 20 s (issue 9: a steady caffeine tremor 1.64-1.81x in 12 of 108 red-team
    holds; own Lorentzian lines 0.3-3 Hz wide, steady over 20-60 s holds: 1.5x or more in 14 of 213 sets, 12 of
    71 over 20 s; ``benchmarks/chance_rise_sweep.py``); a line 0.1-0.3 Hz wide reads 2x or more in 9-23 % of
    10-20 s holds (:mod:`tremor.core.line_chance`).

    Parameters
    ----------
    m : SetMetrics
        The set's measures.

    Returns
    -------
    bool
        True where the rise is 1.5x or more and a standard error was measured but the rise stands short of
        :data:`FATIGUE_RISE_Z` of them.
    """
    rise, z = m.end_to_start_ratio, rise_z(m)
    return rise is not None and rise >= FATIGUE_RISE_MIN and z is not None and z < FATIGUE_RISE_Z


def rise_shown(m: SetMetrics) -> bool:
    """Whether the 6-12 Hz band can show the set's rise: its tremor line in the band in both its first and its
    last third, or in neither (no line: broadband tremor, whose power the band holds either way).

    A line in the band in one third and not in the other moved across its edge. A line that leaves the band under load (a
    tremor starting at 6-7 Hz and drifting lower; the stress suite's paced reps: 4 of 9 fatigue sets had no
    peak left in their last third) takes its power out of the band, so its measured rise falls short.

    A line still in the band but near its edge counts as shown: a third peaking within a main lobe (1 Hz) of
    the edge loses part of its power below it, but the level alone would then call steady tremor fatigue
    (steady tremor 9-10x rest ending at 6.3-6.7 Hz measured 0.80-1.01x, 3 of 900 stress sets), while a
    rise cut short by the edge still reads fatigue at that level from :data:`FATIGUE_RISE_MIN` up.

    Parameters
    ----------
    m : SetMetrics
        The set's measures.

    Returns
    -------
    bool
        False where one third has a peak (``start_peak_hz``, ``end_peak_hz``) in the band and the other has
        none there.
    """
    lo, hi = BANDS["physiological"].low_hz, BANDS["physiological"].high_hz
    inside = [f is not None and lo <= f <= hi for f in (m.start_peak_hz, m.end_peak_hz)]
    # the line in the band in one third and not in the other: it moved across the edge. Neither: the band
    # holds no line (broadband tremor), and its power rise is still the band's to show
    return inside[0] == inside[1]


def oob_dominant(m: SetMetrics) -> bool:
    """Whether the set's out-of-band peak is prominent and dominates its 6-12 Hz peak (before any power floor).

    A set whose peak is dominant but under its out-of-band detection limit (``oob_limit_mps2``) is not
    called ``atypical_tremor``: it cannot be told from a faint machine line or noise. Nor is a peak that is
    the set's own tremor line, drifted down out of the band (``oob_drifted``), or one on the band's lower edge
    (``oob_on_edge``: as much in the band as out of it): it is the band's tremor.

    Parameters
    ----------
    m : SetMetrics
        The set's measures.

    Returns
    -------
    bool
        True where :data:`OOB_OVER_PHYS` and :data:`OOB_PROMINENCE` are both met and the peak is not the
        set's own line drifted out of the band.
    """
    return (
        (m.oob_vs_phys or 0) >= OOB_OVER_PHYS
        and (m.oob_prominence or 0) >= OOB_PROMINENCE
        and not m.oob_drifted
        and not m.oob_on_edge
    )


def rising(m: SetMetrics) -> bool:
    """Whether the set's 6-12 Hz power rose from its first third to its last (the fatigue rise).

    A rise of :data:`FATIGUE_RISE_MIN` or more counts where its log stands :data:`FATIGUE_RISE_Z` standard errors
    (:func:`rise_sd`: the frames' scatter or the line's chance, the larger) above no rise, at any size: a 2x rise
    of a 0.3 Hz wide line over a 20 s hold is within chance (:mod:`tremor.core.line_chance`). A rise of
    :data:`FATIGUE_RISE` or more counts alone only where no standard error could be measured.

    Parameters
    ----------
    m : SetMetrics
        The set's measures.

    Returns
    -------
    bool
        True where the power rose; False where it did not or no rise was measured.
    """
    rise = m.end_to_start_ratio
    if rise is None or not rise >= FATIGUE_RISE_MIN:
        return False
    sd = rise_sd(m)
    if sd is None:
        return rise >= FATIGUE_RISE
    return bool(np.log(rise) >= FATIGUE_RISE_Z * sd)
