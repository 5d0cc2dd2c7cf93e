"""External broadband vibration: a vehicle, a road or a machine shaking the wrist (issue 9).

A wrist at rest or holding puts almost nothing above its tremor bands: muscle drives the 3-12 Hz tremors
and, above them, at most a narrow line (13-18 Hz orthostatic tremor, a tremor's harmonics); twitches are
brief. Broadband power well above the sensor's noise floor, held for seconds across frequencies no muscle
drives, means the body is being shaken from outside (a bus seat, a road through a handlebar, a machine).
While it lasts the tremor bands hold that vibration too (a seated body's 4-6 Hz resonance, a handlebar
mode at 13-18 Hz, road noise at 6-12 Hz), so out-of-band rhythms, the rest level, the fatigue rise and
twitch counts there are not the person's.

Each frame keeps :attr:`tremor.core.features.Frames.ext_power`: over 6 Hz sub-bands tiling
:data:`EXT_LOW_HZ` up to 0.4 x the sampling rate (the tremor bands' anti-alias margin), the largest of each
sub-band's low quantile of power density (:data:`LOW_QUANTILE`), scaled to its mean for broadband noise, times
its width. A low quantile over 6 Hz ignores a line (a Hann-windowed 2 s line fills about 2 Hz) and the comb of
a tremor's harmonics, so they and an orthostatic tremor do not count, while broadband vibration lifts every bin. :func:`find_external_vibration` keeps runs of frames over the threshold that last
:data:`EXT_MIN_S` or more (a twitch or a knock lifts the frames of one 2 s window at most).
Below 50 Hz sampling there is no full sub-band above 14 Hz: the detector cannot run, and the report says so.

A machine on the body sampled by a sensor without an anti-alias filter (a massage gun at 40-55 Hz) is lines,
not broadband power: its harmonics fold to a comb ``|k f - m fs|`` that moves and collapses as its rate
wanders, so the low quantile sees it only in parts of a bout. Frames whose strongest line above 19 Hz is a
machine's and whose folded harmonics fill the tremor bands (:mod:`tremor.core.folded_comb`) are shaken too,
joined across gaps of up to :data:`FOLD_BRIDGE_S`, and not counted as the person's own movement; automatic sets
found inside external vibration are not reported (:mod:`tremor.core.shaken_sets`).

A second, weaker level (:data:`EXT_WEAK_MPS2`, 0.025 m/s^2 per sub-band against the first level's 0.06) counts
only where it is steady: frames with no transient candidate of the twitch detector in their window and whose
power above 14 Hz does not come in bursts (its kurtosis, :attr:`tremor.core.features.Frames.ext_kurtosis`, at most
:data:`EXT_MAX_KURTOSIS`: the guard that holds at every rate, the twitch detector's only from 90 Hz), through a
stretch of :data:`EXT_WEAK_MIN_S` or more (:func:`weak_stretches`); a run over the first level made mostly of such
bursts (a train of strong twitches or knocks) is not vibration either. Limit: a damaged road's shocks (potholes, joints: 0.5-1.5 m/s^2 a few times a
second) make a drive's frames bursty, or transient candidates from 90 Hz, so such a drive is not found and reads as a
set (``test_a_drive_on_a_damaged_road_is_external_vibration``, a strict xfail). A car's road vibration at the steering wheel
and a bus seat's lie between the two levels (red team R4-4: a drive between sets was a ``fatigue_tremor`` hold
set, a bus ride a clinician note from the seated body's 4-6 Hz resonance); dense twitching, a strong tremor's
harmonics and a noisy sensor do not reach it (``tests/core/test_vehicle_vibration.py``). The weak level reads
:attr:`tremor.core.features.Frames.ext_weak_power` (:mod:`tremor.core.harmonic_subband`), without the sub-band
of the tremor's 2nd harmonic: a fatigue tremor's broad harmonic grows through a hold, steady and with no
transient, as a road's vibration does (``tests/core/test_harmonic_holds.py``). Below the weak level (a smooth
road at low speed, under about 0.065 m/s^2 RMS over 5-40 Hz) a ride is not found, and a hold on a steering wheel
is read as a hold.

Size (issue 8): just over 500 lines, one rule (its sub-band power, two levels and their stretches, the folded
comb's frames); the weak level's harmonic-free power is :mod:`tremor.core.harmonic_subband`, the frames' kurtosis
:mod:`tremor.core.impulsive_band`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tremor.core._check import ASSESSABLE_FRACTION
from tremor.core.code_step import flicker_power
from tremor.core.folded_comb import FOLD_MIN_MPS2

__all__ = [
    "EXT_LOW_HZ",
    "EXT_SUBBAND_HZ",
    "EXT_MIN_MPS2",
    "EXT_OVER_FLOOR",
    "SENSOR_FLOOR_MAX_PSD",
    "EXT_MIN_S",
    "EXT_ADJACENT_S",
    "EXT_OVER_TREMOR",
    "EXT_WEAK_MPS2",
    "EXT_WEAK_MIN_S",
    "EXT_WEAK_BRIDGE_S",
    "EXT_WEAK_SHARE",
    "EXT_MAX_KURTOSIS",
    "FOLD_BRIDGE_S",
    "FOLD_OVER_MOVEMENT",
    "LOW_QUANTILE",
    "LOW_QUANTILE_SHARE",
    "ExternalVibration",
    "external_assessable",
    "external_subbands",
    "external_power",
    "subband_levels",
    "find_external_vibration",
    "weak_stretches",
    "external_mask",
]

#: Each sub-band's level is this percentile of its bins (a comb of harmonics every 3 Hz or more, each about
#: 2 Hz wide, leaves a quarter of the bins between its lines) ...
LOW_QUANTILE = 25.0
#: ... over the share of the mean power density that percentile holds for broadband noise: 0.29 along one
#: direction (chi-squared with 2 degrees of freedom), 0.58 spread over three axes (6); the middle, 0.41, reads
#: either within a factor of 1.4 in power (1.2 in RMS).
LOW_QUANTILE_SHARE = 0.41
#: Lowest frequency searched (Hz): above the physiological band's top (12 Hz) and a line's width (2 Hz) more.
EXT_LOW_HZ = 14.0
#: Width of each sub-band (Hz): three times a windowed line's width, so a line cannot lift its low quantile.
EXT_SUBBAND_HZ = 6.0
#: Broadband vibration needs at least this RMS (m/s^2) in a sub-band: 0.06 m/s^2 in 6 Hz is 80-160 times the
#: power of a consumer accelerometer's white noise there (150-300 ug/sqrt(Hz) per axis, 3 axes), and 1.5 times
#: the densest twitching the stress suite draws (0.15-0.3 m/s^2 every 0.3-0.45 s: 0.02-0.04 m/s^2 per sub-band,
#: brief events that are the person's) ...
EXT_MIN_MPS2 = 0.06
#: ... and at least this many times the recording's own quiet level (the 5th percentile of its frames),
#: where that level is the sensor's (at most :data:`SENSOR_FLOOR_MAX_PSD`): a noisy sensor is not vibration.
EXT_OVER_FLOOR = 8.0
#: The noisiest sensor floor taken as a floor, (m/s^2)^2/Hz summed over 3 axes (about 330 ug/sqrt(Hz) per
#: axis); a quieter level than the recording's 5th percentile is vibration, not a sensor (a whole bus ride).
SENSOR_FLOOR_MAX_PSD = 3.3e-5
#: ... and at least this share of the frame's largest tremor band power: a strong oscillation's tails and
#: harmonic comb (a 0.3-0.6 m/s^2 tremor at 12 Hz, a harmonic-rich 5 Hz one) leak 1 % of its power or less above
#: 14 Hz, while a vehicle or a road puts a tenth or more of its tremor-band power there (a bus seat's 4-6 Hz
#: resonance, a handlebar mode).
EXT_OVER_TREMOR = 0.03
#: A run of frames over the threshold must last this long (frame centres, s): a twitch or a knock lifts only
#: the frames whose 2 s window holds it (under 2 s of centres), two knocks 2.5 s apart leave a frame between.
EXT_MIN_S = 4.0
#: An out-of-band rhythm this close (s) to a stretch of external vibration is not reported as tremor: where the
#: shaking falls under the detection level (a bus at a stop, its seat still shaking at a sixth of its driving level),
#: the body's resonance it drove goes on, and a rhythm there cannot be told from it.
EXT_ADJACENT_S = 5.0
#: Folded-comb frames this close (s, frame centres) are one stretch: as a machine's rate wanders, its folded
#: harmonics cross each other and its line splits for a frame or two (at 50 Hz a 40 Hz gun's 2nd and 3rd
#: harmonics both fold to 20 Hz), while the machine runs on.
FOLD_BRIDGE_S = 1.5
#: A folded frame is the machine's, not the person's movement, where its line's RMS is at least this share of the
#: movement band's: a machine's own line is its strongest oscillation, at 100 Hz 0.7-46 times the movement RMS of
#: a gun's frames (median 2.2) and at 200 Hz 13-98, while the footfalls of running ring at the limb's movement's
#: 0.03-0.07 (20-21 Hz harmonics of the step rate on a treadmill and between holds). At 50 Hz a gun near the rate
#: folds its own line into the movement band and its frames read 0.07-2.4 (median 0.18-0.23): about two thirds pass.
FOLD_OVER_MOVEMENT = 0.15
#: The rule's second level: weaker broadband is external too where it is steady for tens of seconds and no event
#: explains it. A frame is weakly shaken at this RMS (m/s^2) in a sub-band or more, :data:`EXT_OVER_FLOOR` times
#: the recording's quiet level and :data:`EXT_OVER_TREMOR` of its tremor band power, with no transient candidate
#: of the twitch detector within its window (twitches, knocks, taps, footfalls: dense twitching, 0.15-1 m/s^2 every
#: 0.3-1.5 s, leaves 0.01-0.02 m/s^2 in a sub-band's low quantile, in frames holding its events). A car's road
#: vibration at the steering wheel (0.1-0.2 m/s^2 RMS over 5-40 Hz at 70 km/h) puts 0.03-0.06 m/s^2 in each 6 Hz
#: sub-band, a bus seat 0.03-0.09 in 14-20 Hz; a consumer sensor's white noise 0.006-0.013.
EXT_WEAK_MPS2 = 0.025
#: A stretch of weakly shaken frames must span this long (s, frame centres): a vehicle drives for minutes between
#: stops, while a wrist's own broadband (a strong contraction's muscle sound, a few hundredths of m/s^2 over the
#: muscle belly and less at the wrist) lasts no longer than the contraction.
EXT_WEAK_MIN_S = 20.0
#: Weakly shaken frames this close (s, frame centres) are one stretch: a road's level wanders with the surface
#: and the speed, a bus seat's 14-20 Hz share with its resonance, dipping under the thresholds for a frame or two.
EXT_WEAK_BRIDGE_S = 3.0
#: The weakly shaken frames must fill at least this share of the stretch's frames.
EXT_WEAK_SHARE = 0.6
#: Vibration is steady; twitches, knocks and taps are bursts. A frame whose power above 14 Hz has a kurtosis
#: (:func:`tremor.core.impulsive_band.band_kurtosis`) over this is not weakly shaken, and a run over the first level
#: that is half or more such frames is dropped. Gaussian vibration along one direction, the least favourable, reads 3
#: and over 5 in about 1 frame in 300 at 50 Hz (12-25 Hz, the fewest independent samples; 99.9th percentile 5.4, at
#: 100 Hz 4.9, 1 in 1500 over 5; over three axes 2.4 at most), harmless as :data:`EXT_WEAK_BRIDGE_S` bridges it. Brief rings
#: read about 1/d times a Gaussian's for the share d of the window they fill: strong twitches at rest (0.5-1 m/s^2
#: every 0.8-1.5 s) 13-47 in the frames they lift, which below 90 Hz (no twitch candidates) read 0.03 m/s^2 in
#: 14-20 Hz at 50 Hz, over the weak level; trains of 1-1.5 m/s^2 every 0.3-0.6 s reach the first level; a phone's
#: typing (4-8 taps a second, red team ``typing``) 4-10, median 6, at 50 Hz.
EXT_MAX_KURTOSIS = 5.0
#: Half a frame's window (s): a span covers its frames' windows.
_HALF_S = 1.0


@dataclass(frozen=True)
class ExternalVibration:
    """One stretch of external broadband vibration."""

    #: start and end of the stretch, s (the windows of its frames)
    start_s: float
    end_s: float
    #: median broadband level over its frames: RMS in the loudest 6 Hz sub-band, m/s^2
    rms_mps2: float
    #: the sub-band (Hz) most often loudest over its frames
    band_hz: tuple[float, float]
    #: where most of its frames hold a machine line above 19 Hz whose folded harmonics fill the tremor bands
    #: (:mod:`tremor.core.folded_comb`): the line's median frequency (Hz) and RMS (m/s^2) over those frames
    fold_hz: float | None = None
    fold_rms_mps2: float | None = None

    def note(self) -> str:
        """The plain-words note for the report.

        Returns
        -------
        str
            What was found and what could not be assessed while it lasted.
        """
        if self.fold_hz is not None and self.fold_rms_mps2 is not None:
            return (
                f"external vibration from {self.start_s:.1f} to {self.end_s:.1f} s "
                f"({self.end_s - self.start_s:.0f} s): a machine line of {self.fold_rms_mps2:.2f} m/s^2 RMS at "
                f"{self.fold_hz:.1f} Hz as sampled (the machine's rate may be that or fs minus it), where no muscle "
                "drives such a line, with its harmonics at the places a "
                "sensor without an anti-alias filter folds them to (|k f - m fs|: a comb through the movement and "
                "tremor bands): something shook the wrist (a massage gun, a power tool). Its lines fill the tremor "
                "and movement bands, so there out-of-band tremor, the rest level, the fatigue rise, twitches and "
                "sets are not assessable"
            )
        return (
            f"external vibration from {self.start_s:.1f} to {self.end_s:.1f} s ({self.end_s - self.start_s:.0f} s): "
            f"broadband power of {self.rms_mps2:.2f} m/s^2 RMS in {self.band_hz[0]:g}-{self.band_hz[1]:g} Hz, "
            "where no muscle drives more than a narrow line: something shook the wrist (a vehicle, a road, a "
            "machine). Its vibration fills the tremor bands too, so there out-of-band tremor, the rest level, "
            "the fatigue rise and twitches are not assessable"
        )


def external_assessable(fs: float) -> bool:
    """Whether the sampling rate holds at least one full sub-band above :data:`EXT_LOW_HZ`.

    Parameters
    ----------
    fs : float
        Sampling rate in Hz.

    Returns
    -------
    bool
        True from 50 Hz (a 14-20 Hz sub-band under 0.4 x the rate).
    """
    return bool(external_subbands(fs))


def external_subbands(fs: float) -> list[tuple[float, float]]:
    """The 6 Hz sub-bands from :data:`EXT_LOW_HZ` up to 0.4 x ``fs``.

    Parameters
    ----------
    fs : float
        Sampling rate in Hz.

    Returns
    -------
    list of (float, float)
        Sub-band edges in Hz; empty where :func:`external_assessable` is False.
    """
    top = ASSESSABLE_FRACTION * fs + 1e-9
    out = []
    lo = EXT_LOW_HZ
    while lo + EXT_SUBBAND_HZ <= top:
        out.append((lo, lo + EXT_SUBBAND_HZ))
        lo += EXT_SUBBAND_HZ
    return out


def external_power(
    freqs: np.ndarray, psd: np.ndarray, fs: float, *, levels: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Each window's broadband power: the loudest sub-band's level times its width.

    Parameters
    ----------
    freqs : ndarray, shape (n_bins,)
        Frequencies of the spectrum in Hz.
    psd : ndarray, shape (n_frames, n_bins)
        One-sided power spectral density in (m/s^2)^2/Hz (summed over axes).
    fs : float
        Sampling rate in Hz.
    levels : ndarray, shape (n_frames, n_subbands), or None
        :func:`subband_levels` of ``psd`` over :func:`external_subbands` of ``fs``, where the caller has them
        (the frame features share them with the weak level's power); None computes them.

    Returns
    -------
    power : ndarray, shape (n_frames,)
        (m/s^2)^2; NaN where the rate holds no sub-band.
    band_low_hz : ndarray, shape (n_frames,)
        Lower edge of the loudest sub-band in Hz; NaN likewise.
    """
    bands = external_subbands(fs)
    n = psd.shape[0]
    if not bands or n == 0:
        return np.full(n, np.nan), np.full(n, np.nan)
    meds = subband_levels(freqs, psd, bands) if levels is None else levels
    k = np.argmax(meds, axis=1)
    lows = np.array([lo for lo, _ in bands])
    return meds[np.arange(n), k] * EXT_SUBBAND_HZ, lows[k]


def subband_levels(freqs: np.ndarray, psd: np.ndarray, bands: list[tuple[float, float]]) -> np.ndarray:
    """Each sub-band's low quantile of power density (:data:`LOW_QUANTILE`) scaled to its mean for broadband noise.

    Parameters
    ----------
    freqs : ndarray, shape (n_bins,)
        Frequencies of the spectrum in Hz.
    psd : ndarray, shape (n_frames, n_bins)
        One-sided power spectral density in (m/s^2)^2/Hz.
    bands : list of (float, float)
        Sub-band edges in Hz (:func:`external_subbands`).

    Returns
    -------
    ndarray, shape (n_frames, n_bands)
        (m/s^2)^2/Hz.
    """
    return (
        np.stack(
            [_row_percentile(psd[:, (freqs >= lo) & (freqs < hi)], LOW_QUANTILE) for lo, hi in bands], axis=1
        )
        / LOW_QUANTILE_SHARE
    )


def _row_percentile(rows: np.ndarray, q: float) -> np.ndarray:
    """``np.percentile(rows, q, axis=1)`` (its linear method) of a few columns, from one sort of the rows.

    The same two order statistics and the same interpolation arithmetic as numpy's ``_lerp``
    (``a + (b - a) * g``, or ``b - (b - a) * (1 - g)`` where ``g >= 0.5``), NaN where a row holds
    NaN; numpy partitions every row for each call, several times the cost of sorting a dozen bins.
    Only the sign of a zero may differ (``-0.0`` and ``0.0`` are not ordered; a PSD holds neither
    negative values nor ``-0.0``).
    """
    n = rows.shape[1]
    if n == 0 or rows.dtype != np.float64:
        return np.asarray(np.percentile(rows, q, axis=1))
    s = np.sort(rows, axis=1)
    at = (n - 1) * (np.float64(q) / 100)  # numpy's virtual index
    low = int(np.floor(at))
    if at >= n - 1:  # numpy takes the last value for both
        low = high = n - 1
    else:
        high = low + 1
    g = at - low
    a, b = s[:, low], s[:, high]
    diff = b - a
    out = b - diff * (1 - g) if g >= 0.5 else a + diff * g
    out[np.isnan(s[:, -1])] = np.nan  # NaN sorts last
    return out


def find_external_vibration(
    t_s: np.ndarray,
    power: np.ndarray,
    band_low_hz: np.ndarray,
    tremor_power: np.ndarray,
    bounds: tuple[float, float] = (-np.inf, np.inf),
    own_movement: np.ndarray | None = None,
    fold_power: np.ndarray | None = None,
    fold_hz: np.ndarray | None = None,
    movement_rms: np.ndarray | None = None,
    event_t_s: np.ndarray | None = None,
    weak_power: np.ndarray | None = None,
    kurtosis: np.ndarray | None = None,
    code_step: float = 0.0,
) -> tuple[ExternalVibration, ...]:
    """Stretches of sustained broadband vibration from the frames' :func:`external_power`.

    A frame is shaken where its power is at least :data:`EXT_MIN_MPS2` squared and :data:`EXT_OVER_FLOOR`
    times the recording's quiet level (the 5th percentile of the frames, capped at the noisiest sensor's
    floor, :data:`SENSOR_FLOOR_MAX_PSD` times the sub-band width); a run of consecutive shaken frames whose
    centres span :data:`EXT_MIN_S` or more is a stretch, widened by half a window either side; stretches that
    touch are joined.

    Parameters
    ----------
    t_s : ndarray
        Frame centre times in s, in order.
    power : ndarray
        Each frame's broadband power in (m/s^2)^2 (NaN where not measured).
    band_low_hz : ndarray
        Lower edge of each frame's loudest sub-band, Hz.
    tremor_power : ndarray
        Each frame's largest tremor band power (3-7, 6-12 or 13-18 Hz), (m/s^2)^2: a frame is shaken only where
        its broadband power is at least :data:`EXT_OVER_TREMOR` of it.
    bounds : (float, float)
        First and last sample times in s, to clip the stretches to.
    own_movement : ndarray of bool or None
        Frames of the person's own vigorous movement (:func:`tremor.core.sets.movement_leak`) or walking: a
        stretch that is half or more such frames is dropped, since jumps, swings, strides and heel strikes put
        their own impacts above 14 Hz (and those frames are not assessable under movement, or are walking,
        already: a walk is not also "something shook the wrist").
    fold_power : ndarray or None
        Each frame's folded machine comb (:attr:`tremor.core.features.Frames.fold_power`), (m/s^2)^2: a frame
        is also shaken where it is :data:`tremor.core.folded_comb.FOLD_MIN_MPS2` squared or more and its largest
        tremor band power reaches :data:`EXT_MIN_MPS2` squared (the comb's lines fill the band). Where the line is
        also strong beside the movement band (``movement_rms``) such frames are not counted as the person's own
        movement: the comb's lowest lines, ``j |fs - 2 f|`` Hz, fall in the movement band.
    fold_hz : ndarray or None
        The frames' line frequencies in Hz (:attr:`tremor.core.features.Frames.fold_hz`), for the note.
    movement_rms : ndarray or None
        The frames' movement-band RMS, m/s^2: a folded frame whose line's RMS is at least
        :data:`FOLD_OVER_MOVEMENT` of it is not the person's own movement (see ``fold_power``).
    event_t_s : ndarray or None
        Times (s) of the twitch detector's transient candidates, every kind: where given, weaker broadband
        (:data:`EXT_WEAK_MPS2`) is shaken too over frames whose window holds none of them, through stretches of
        :data:`EXT_WEAK_MIN_S` or more (:func:`weak_stretches`).
    weak_power : ndarray or None
        Each frame's power for the weak level, without the sub-band of a tremor's 2nd harmonic
        (:func:`tremor.core.harmonic_subband.external_weak_power`), (m/s^2)^2; ``power`` where None.
    kurtosis : ndarray or None
        Each frame's kurtosis of its power above 14 Hz (:attr:`tremor.core.features.Frames.ext_kurtosis`): a frame
        over :data:`EXT_MAX_KURTOSIS` (impulsive: twitches, knocks, taps) is not weakly shaken, at every rate,
        and a run over the first level that is half or more such frames (not weak stretches or folded-comb frames)
        is dropped (a train of strong twitches); NaN passes. None: no such guard.
    code_step : float
        The sensor's coarsest code step in m/s^2 (:func:`tremor.core.code_step.coarsest_step`; 0: none known): a
        frame's power within what a still wrist's code flicker makes (:func:`tremor.core.code_step.flicker_power`)
        is not shaken at either level (a coarse sensor's flicker is broadband too; vibration that weak is not told
        from it).

    Returns
    -------
    tuple of ExternalVibration
        The stretches in time order; empty where the power was not measured.
    """
    p = np.asarray(power, dtype=np.float64)
    ok = np.isfinite(p)
    if not ok.any():
        return ()
    quiet = min(float(np.percentile(p[ok], 5.0)), SENSOR_FLOOR_MAX_PSD * EXT_SUBBAND_HZ)
    flicker = flicker_power(code_step)
    threshold = max(EXT_MIN_MPS2**2, EXT_OVER_FLOOR * quiet, np.nextafter(flicker, np.inf))
    shaken = (
        ok
        & (np.nan_to_num(p) >= threshold)
        & (np.nan_to_num(p) >= EXT_OVER_TREMOR * np.nan_to_num(tremor_power))
    )
    # frames whose power above 14 Hz comes in bursts (twitches, knocks, taps): no steady vibration's
    bursts = (
        np.zeros(p.shape, bool)
        if kurtosis is None
        else np.asarray(kurtosis, dtype=np.float64) > EXT_MAX_KURTOSIS
    )
    if event_t_s is not None:
        pw = p if weak_power is None else np.nan_to_num(np.asarray(weak_power, dtype=np.float64))
        weak = (
            ok
            & (
                np.nan_to_num(pw)
                >= max(EXT_WEAK_MPS2**2, EXT_OVER_FLOOR * quiet, np.nextafter(flicker, np.inf))
            )
            & (np.nan_to_num(pw) >= EXT_OVER_TREMOR * np.nan_to_num(tremor_power))
            & ~_near_events(t_s, np.asarray(event_t_s, dtype=np.float64))
        )
        stretches = weak_stretches(weak & ~bursts, t_s)
        shaken = shaken | stretches
        bursts &= ~stretches
    folded = np.zeros(shaken.shape, bool)
    if fold_power is not None:
        folded = _bridged(
            (np.nan_to_num(fold_power) >= FOLD_MIN_MPS2**2)
            & (np.nan_to_num(tremor_power) >= EXT_MIN_MPS2**2),
            t_s,
        )
        shaken = shaken | folded
        bursts &= ~folded
        if own_movement is not None and movement_rms is not None:
            # the machine's line is its strongest oscillation; a limb's impacts ring far weaker than it moves
            own_movement = own_movement & ~(
                folded
                & (np.sqrt(np.nan_to_num(fold_power)) >= FOLD_OVER_MOVEMENT * np.nan_to_num(movement_rms))
            )
    hop = float(np.median(np.diff(t_s))) if t_s.size > 1 else 0.5
    runs: list[list[int]] = []
    i, n = 0, shaken.size
    while i < n:
        if not shaken[i]:
            i += 1
            continue
        j = i
        # consecutive frames: one hop apart (a data gap ends a run)
        while j + 1 < n and shaken[j + 1] and t_s[j + 1] - t_s[j] <= 1.5 * hop:
            j += 1
        # a run mostly of bursts is a train of strong twitches or knocks, not vibration
        if t_s[j] - t_s[i] >= EXT_MIN_S and 2 * int(bursts[i : j + 1].sum()) < j + 1 - i:
            if runs and t_s[i] - _HALF_S <= t_s[runs[-1][1]] + _HALF_S:
                runs[-1][1] = j
            else:
                runs.append([i, j])
        i = j + 1
    out = []
    for a, b in runs:
        if own_movement is not None and 2 * int(own_movement[a : b + 1].sum()) >= b + 1 - a:
            continue
        sel = np.arange(a, b + 1)[shaken[a : b + 1]]
        lows, counts = np.unique(band_low_hz[sel], return_counts=True)
        lo = float(lows[np.argmax(counts)])
        comb = sel[folded[sel]]
        by_comb = fold_power is not None and 2 * comb.size >= sel.size
        out.append(
            ExternalVibration(
                max(float(t_s[a]) - _HALF_S, bounds[0]),
                min(float(t_s[b]) + _HALF_S, bounds[1]),
                float(np.sqrt(np.median(p[sel]))),
                (lo, lo + EXT_SUBBAND_HZ),
                fold_hz=float(np.median(fold_hz[comb])) if by_comb and fold_hz is not None else None,
                fold_rms_mps2=float(np.sqrt(np.median(fold_power[comb])))
                if by_comb and fold_power is not None
                else None,
            )
        )
    return tuple(out)


def weak_stretches(weak: np.ndarray, t_s: np.ndarray) -> np.ndarray:
    """Frames inside sustained stretches of weaker broadband vibration.

    Weak frames no more than :data:`EXT_WEAK_BRIDGE_S` apart (frame centres) form a stretch; one whose centres
    span :data:`EXT_WEAK_MIN_S` or more, with weak frames filling :data:`EXT_WEAK_SHARE` or more of its frames,
    is shaken throughout (its dips included).

    Parameters
    ----------
    weak : ndarray of bool
        Frames over the weaker thresholds (:data:`EXT_WEAK_MPS2`) with no transient candidate in their window.
    t_s : ndarray
        Frame centre times in s, in order.

    Returns
    -------
    ndarray of bool
        True for the frames of the stretches kept.
    """
    out = np.zeros(weak.shape, bool)
    idx = np.flatnonzero(weak)
    if idx.size < 2:
        return out
    cuts = np.flatnonzero(np.diff(t_s[idx]) > EXT_WEAK_BRIDGE_S + 1e-9) + 1
    for part in np.split(idx, cuts):
        a, b = int(part[0]), int(part[-1])
        if t_s[b] - t_s[a] >= EXT_WEAK_MIN_S and part.size >= EXT_WEAK_SHARE * (b + 1 - a):
            out[a : b + 1] = True
    return out


def _near_events(t_s: np.ndarray, event_t_s: np.ndarray) -> np.ndarray:
    """Frames whose window (centre +- :data:`_HALF_S`) holds one of the sorted or unsorted ``event_t_s``."""
    ev = np.sort(event_t_s)
    return np.searchsorted(ev, t_s + _HALF_S, "right") > np.searchsorted(ev, t_s - _HALF_S, "left")


def _bridged(mask: np.ndarray, t_s: np.ndarray) -> np.ndarray:
    """``mask`` with gaps of up to :data:`FOLD_BRIDGE_S` between True frames filled (frame centres)."""
    idx = np.flatnonzero(mask)
    if idx.size < 2:
        return mask
    a, b = idx[:-1], idx[1:]
    fill = (b - a > 1) & (t_s[b] - t_s[a] <= FOLD_BRIDGE_S + 1e-9)
    edges = np.zeros(mask.size + 1, np.int64)
    np.add.at(edges, a[fill] + 1, 1)
    np.add.at(edges, b[fill], -1)
    return mask | (np.cumsum(edges[:-1]) > 0)


def external_mask(t_s: np.ndarray, spans: tuple[ExternalVibration, ...]) -> np.ndarray:
    """Frames whose centre lies in a stretch of external vibration.

    Parameters
    ----------
    t_s : ndarray
        Frame centre times in s.
    spans : tuple of ExternalVibration
        The stretches.

    Returns
    -------
    ndarray of bool
        True for frames under external vibration.
    """
    mask = np.zeros(t_s.shape, bool)
    for v in spans:
        mask |= (t_s >= v.start_s) & (t_s <= v.end_s)
    return mask
