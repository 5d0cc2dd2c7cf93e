"""A tremor line at the 6-12 Hz band's lower edge: the part of its power that falls just below 6 Hz.

Fatigue tremor drifts down under load, often from 7-8 Hz to 6-6.5 Hz. A line centred near 6 Hz has part of
its power below the band's edge (a 2 s Hann window spreads a line over +-1 Hz, and the line is 1-3 Hz wide),
so the band's power in the set's last third falls short of the line's, and its rise is under-measured
(issue 9: stress sets read 1.08-1.91x for a 1.65-2.33x rise). :func:`with_edge_skirt` adds back, to a
third's band power, its spectrum's excess over the rest's spectrum within :data:`EDGE_REACH_HZ` below 6 Hz,
counting only what the band's own line puts there: a line is symmetric about its centre, so its skirt at
``6 - d`` Hz is no more than the third's spectrum at the mirror bin ``2 fp - 6 + d`` (``fp``: the third's
6-12 Hz maximum), nor than the spectrum's running minimum from the edge down. A separate oscillation below
6 Hz (a 3-7 Hz rhythm beside a 9 Hz tremor) then adds nothing: its mirror bins lie far up the band, at the
background. The same correction applies to every third, so a steady line near the edge keeps its ratio.
Measured (``benchmarks/stress_sweep.py --only ratio``, base seeds 1427522296, 77001, 77002, 758522293):
849 -> 857 of 864 sets accepted, no set called fatigue against the truth (``docs/accuracy.md``).
"""

from __future__ import annotations

import numpy as np

from tremor.core.features import PSD_FREQS
from tremor.core.spectral import BANDS

__all__ = [
    "DRIFT_CHUNKS",
    "DRIFT_MIN_DROP_HZ",
    "DRIFT_STEP_DOWN_HZ",
    "DRIFT_STEP_UP_HZ",
    "EDGE_REACH_HZ",
    "at_lower_edge",
    "line_hz",
    "passes_the_edge",
    "drifted_out_of_band",
    "EPISODE_LINE_REACH_HZ",
    "edge_bins",
    "episode_under_own_line",
    "rest_edge_psd",
    "with_edge_skirt",
]

#: How far below the band's lower edge a line's skirt is counted, Hz (as the out-of-band skirt,
#: :data:`tremor.core.episodes.LEAK_SKIRT_HZ`: the window's +-1 Hz main lobe and a line's width).
EDGE_REACH_HZ = 1.5
#: A set's line is followed over this many equal stretches of its frames (its thirds, halved) ...
DRIFT_CHUNKS = 6
#: ... moving down by at most this much from one stretch to the next (within the frames' 2 s Hann window's
#: +-1 Hz main lobe: one line moving, not a second one taking over) ...
DRIFT_STEP_DOWN_HZ = 1.0
#: ... and up by at most this much (a narrow-band line's peak wanders by a bin or two about its drift) ...
DRIFT_STEP_UP_HZ = 0.5
#: ... and ending at least this much below where it began (two bins: a steady line at the edge wobbles by one).
DRIFT_MIN_DROP_HZ = 0.5
#: A set's tremor line reaches this far below its centre with frames whose spectra peak there: half its width
#: (the stress simulator's lines are 1-3 Hz wide at half height, fatigue tremor 1-3 Hz) and the frames' 2 s
#: Hann window's +-1 Hz main lobe (:func:`episode_under_own_line`).
EPISODE_LINE_REACH_HZ = 2.5
#: The set's stretch before an episode must hold at least this many frames for its line to be placed (3 s).
EPISODE_LINE_MIN_FRAMES = 6


def edge_bins() -> np.ndarray:
    """Indices of :data:`PSD_FREQS` from :data:`EDGE_REACH_HZ` below the band's lower edge up to the edge's bin.

    Returns
    -------
    ndarray of int
        Ascending bin indices; the last is the bin at the band's lower edge (6 Hz).
    """
    lo = BANDS["physiological"].low_hz
    edge = int(np.argmin(np.abs(PSD_FREQS - lo)))
    start = int(np.searchsorted(PSD_FREQS, lo - EDGE_REACH_HZ - 1e-9))
    return np.arange(start, edge + 1)


def rest_edge_psd(psd: np.ndarray, mask: np.ndarray) -> np.ndarray | None:
    """The rest's median spectrum at :func:`edge_bins` (the background a set's skirt is measured over).

    Parameters
    ----------
    psd : ndarray, shape (n_frames, PSD_FREQS.size)
        The frames' spectra, (m/s^2)^2/Hz.
    mask : ndarray of bool, shape (n_frames,)
        The rest frames (those of the rest baseline).

    Returns
    -------
    ndarray or None
        Median PSD of those frames at each edge bin; None with fewer than 4 frames.
    """
    rows = np.flatnonzero(mask)
    if rows.size < 4:
        return None
    return np.nanmedian(psd[np.ix_(rows, edge_bins())].astype(np.float64), axis=0)


def with_edge_skirt(psd: np.ndarray, power: np.ndarray, rest: np.ndarray | None) -> np.ndarray:
    """The frames' 6-12 Hz power with the third's line skirt below 6 Hz added (see the module docstring).

    Parameters
    ----------
    psd : ndarray, shape (n, PSD_FREQS.size)
        Spectra of the frames of one third of a set, (m/s^2)^2/Hz.
    power : ndarray, shape (n,)
        Their 6-12 Hz power, (m/s^2)^2.
    rest : ndarray or None
        The rest's spectrum at :func:`edge_bins` (:func:`rest_edge_psd`); None leaves ``power`` as it is.

    Returns
    -------
    ndarray, shape (n,)
        ``power`` plus the third's skirt excess (the same for each frame, with each frame's own scatter about
        it, so the rise's standard error still follows the frames); ``power`` itself where there is no excess.
    """
    if rest is None or not power.size:
        return power
    bins = edge_bins()
    df = float(PSD_FREQS[1] - PSD_FREQS[0])
    mean = np.nan_to_num(psd.astype(np.float64).mean(axis=0))
    band = np.flatnonzero(BANDS["physiological"].mask(PSD_FREQS))
    fp = int(band[np.argmax(mean[band])])  # the third's 6-12 Hz maximum (its line's centre, to a bin)
    skirt = np.minimum.accumulate(mean[bins][::-1])[::-1][:-1]  # running minimum from the edge down
    mirror = 2 * fp - bins[:-1]  # the bins the line puts the same power in, above its centre
    inside = mirror < PSD_FREQS.size
    skirt[inside] = np.minimum(skirt[inside], mean[mirror[inside]])
    excess = float(np.clip(skirt - rest[:-1], 0.0, None).sum() * df)
    if not excess > 0:
        return power
    x = np.nan_to_num(psd[:, bins].astype(np.float64))
    each = (x[:, :-1] - rest[:-1]).sum(axis=1) * df  # each frame's own excess: its scatter about the third's
    return power + (each - each.mean()) + excess


def at_lower_edge(oob_hz: float) -> bool:
    """Whether an out-of-band peak lies on the 6-12 Hz band's lower edge: its bin is the one nearest 6 Hz.

    A spectrum's maximum at a bin places the line's centre within half a bin of it (the frames' spectra are
    sampled every 0.25 Hz), so a peak on the edge's bin is a line centred 5.875-6.125 Hz: as much in the band
    as out of it, closer to its edge than a 40 s set's peak can be placed (its standard error, about 0.1 Hz).
    It cannot be said to lie outside the band: a fatigue tremor drifting down under a heavy load ends there
    (issue 9: slow eccentric curls drifting 6.6 -> 5.9 Hz peaked at 6.0 Hz in 10 of 12 sets at 50 Hz and were
    called ``atypical_tremor``, with a clinician's note). A peak one bin or more below it (5.75 Hz and lower)
    is placed outside the band.

    Parameters
    ----------
    oob_hz : float
        The set's out-of-band peak, Hz (NaN: none).

    Returns
    -------
    bool
        True where ``oob_hz`` is within half a bin of the band's lower edge.
    """
    step = float(PSD_FREQS[1] - PSD_FREQS[0])
    return bool(np.isfinite(oob_hz) and abs(oob_hz - BANDS["physiological"].low_hz) < step / 2)


#: A set's last third whose own dominant out-of-band peak lies this far or more below the band's lower edge
#: (two bins: the edge bin's half-bin reach and a bin of a line's wobble) holds a line that has left the band
#: (:func:`passes_the_edge`).
EDGE_LEFT_HZ = 0.5


def passes_the_edge(first_oob_hz: float, last_oob_hz: float, last_line_hz: float) -> bool:
    """Whether a set's line peaking on the edge bin over the whole set only passes the edge, out of the band.

    A set whose mean spectrum peaks on the edge bin (:func:`at_lower_edge`) may hold a line that crosses the
    edge: one drifting from 6.2 to 5.5 Hz, or rising from 5.6 to 6.3 Hz, at a steady level peaks at 6.0 Hz
    over the whole set while it lies outside the band for a third of it (review h-rev2: such sets, at 50, 100
    and 200 Hz, were called ``enhanced_tremor`` or ``fatigue_tremor``, "taken as the band's tremor", with no
    clinician's note). It has left the band where its last third's dominant out-of-band peak lies
    :data:`EDGE_LEFT_HZ` or more below the edge (a fatigue tremor drifting down onto the edge ends on its bin,
    or a bin below it); it came from outside the band where its first third's lies a bin or more below the
    edge and its last third's line (the maximum over 3.25-12 Hz) at least :data:`DRIFT_MIN_DROP_HZ` above
    that (a steady line on the edge wobbles by a bin between its thirds, a fatigue tremor starts in the band).

    Parameters
    ----------
    first_oob_hz, last_oob_hz : float
        The set's first and last thirds' dominant out-of-band peaks, Hz (NaN: none).
    last_line_hz : float
        The last third's spectral maximum over 3.25-12 Hz, Hz.

    Returns
    -------
    bool
        True where the line left the band or came from outside it as above.
    """
    lo = BANDS["physiological"].low_hz
    step = float(PSD_FREQS[1] - PSD_FREQS[0])
    left = bool(np.isfinite(last_oob_hz) and last_oob_hz <= lo - EDGE_LEFT_HZ + 1e-9)
    came = bool(
        np.isfinite(first_oob_hz)
        and first_oob_hz <= lo - step + 1e-9
        and last_line_hz - first_oob_hz >= DRIFT_MIN_DROP_HZ - 1e-9
    )
    return left or came


def line_hz(spectrum: np.ndarray) -> float:
    """A spectrum's maximum over 3.25-12 Hz (the out-of-band candidates' lowest bin to the band's top), Hz.

    Parameters
    ----------
    spectrum : ndarray, shape (PSD_FREQS.size,)
        A mean spectrum, (m/s^2)^2/Hz.

    Returns
    -------
    float
        The frequency of its largest value there (NaN values skipped).
    """
    f = PSD_FREQS
    scan = np.flatnonzero((f >= 3.25 - 1e-9) & (f <= BANDS["physiological"].high_hz + 1e-9))
    return float(f[scan[np.argmax(np.nan_to_num(spectrum[scan].astype(np.float64), nan=-1.0))]])


def drifted_out_of_band(psd: np.ndarray, oob_hz: float) -> bool:
    """Whether a set's out-of-band peak below 6 Hz is its own tremor line, drifted down out of the band.

    Fatigue tremor drifts down under load; one starting at 6.5-7.5 Hz may end at 5.5-6 Hz, where the set's
    mean spectrum peaks below the band (or on its edge) and dominates the 6-12 Hz peak, as an out-of-band
    tremor's would (issue 9: stress sets drifting 7.25 -> 5.5 Hz were called ``atypical_tremor``). What sets
    them apart is where the line comes from. A tremor line moves continuously: followed over
    :data:`DRIFT_CHUNKS` stretches of the set (each stretch's mean spectrum's maximum over 3.25-12 Hz), it
    starts inside the band, never steps down by more than :data:`DRIFT_STEP_DOWN_HZ` or up by more than
    :data:`DRIFT_STEP_UP_HZ`, ends at the out-of-band peak (within 0.5 Hz) and at least
    :data:`DRIFT_MIN_DROP_HZ` below its start. An out-of-band oscillation (a 3-7 Hz tremor, or the ESP32 rig's
    5.5 Hz line) is out of the band from its first stretch, or takes over from the band's line by a jump.

    Parameters
    ----------
    psd : ndarray, shape (n_frames, PSD_FREQS.size)
        The set's measured frames' spectra in time order, (m/s^2)^2/Hz.
    oob_hz : float
        The set's out-of-band peak (Hz); only a peak below the band's lower edge (or on it) can be a
        drifted line.

    Returns
    -------
    bool
        True where the line drifted out of the band as above; False where it did not, where the peak is
        above the band, or where a stretch holds fewer than 3 frames.
    """
    lo = BANDS["physiological"].low_hz
    hi = BANDS["physiological"].high_hz
    step = float(PSD_FREQS[1] - PSD_FREQS[0])
    if not np.isfinite(oob_hz) or oob_hz > lo + 1e-9 or psd.shape[0] < 3 * DRIFT_CHUNKS:
        return False
    f = PSD_FREQS
    # the out-of-band candidates' lowest bin (episodes.out_of_band_peak: 3.25-6 Hz) to the band's top
    scan = np.flatnonzero((f >= 3.25 - 1e-9) & (f <= hi + 1e-9))
    peaks = np.array(
        [
            f[scan[np.argmax(np.nan_to_num(rows[:, scan].astype(np.float64).mean(axis=0), nan=-1.0))]]
            for rows in np.array_split(psd, DRIFT_CHUNKS)
        ]
    )
    steps = np.diff(peaks)
    return bool(
        peaks[0] >= lo + step - 1e-9  # inside the band, above its edge bin
        and abs(peaks[-1] - oob_hz) <= 0.5 + 1e-9
        and peaks[0] - peaks[-1] >= DRIFT_MIN_DROP_HZ - 1e-9
        and np.all(steps >= -DRIFT_STEP_DOWN_HZ - 1e-9)
        and np.all(steps <= DRIFT_STEP_UP_HZ + 1e-9)
    )


def episode_under_own_line(before: np.ndarray, peak_hz: float, own_peak: bool) -> bool:
    """Whether an out-of-band episode inside a set is only its set's own tremor line's low skirt.

    A 1-3 Hz wide fatigue tremor line drifting down towards the band's lower edge (issue 9: 7.33 -> 5.87 Hz
    and 7.54 -> 6.45 Hz, each about 2.8 Hz wide) is a narrow-band random process: over a 2 s frame its
    spectrum peaks anywhere within about half its width of its centre, so frame after frame peaks at
    5-6 Hz, prominent and over the 7-12 Hz maximum, and joined they make a 3-7 Hz "episode" inside the set.
    Over the episode's whole span, though, its mean spectrum shows no narrow out-of-band peak of its own
    (``own_peak`` False: it fails :func:`tremor.core.episodes.out_of_band_peak`'s prominence or its
    dominance over the band), and the set's line before the episode lies inside the band, within
    :data:`EPISODE_LINE_REACH_HZ` above the episode's frequency: the frames' peaks were that line's low
    skirt. A sustained out-of-band oscillation shows its own peak in the mean spectrum of its span (it is
    one, frame after frame); one far below the set's line, or in a set whose stretch before it peaks out
    of the band (the oscillation was there from its start), is kept too.

    An episode on the band's edge bin (:func:`at_lower_edge`: a line centred 5.875-6.125 Hz) is as much in the
    band as out of it, with a peak of its own or not: where the set's line before it lies on that bin or in the
    band within reach, it is the set's own tremor at the band's edge, as the set's label reads it
    (:mod:`tremor.core.classify`), not an out-of-band rhythm (issue 9, red team ``drift_session`` seeds 109
    and 9104: a fatigue tremor drifting 6.5 -> 6.1 Hz in a hold listed as "out-of-band rhythmic tremor
    (outside 6-12 Hz) 6.0 Hz" beside the set's ``fatigue_tremor`` at 6.2 Hz).

    Parameters
    ----------
    before : ndarray, shape (n_frames, PSD_FREQS.size)
        Spectra of the set's frames from its start to the episode's start, (m/s^2)^2/Hz.
    peak_hz : float
        The episode's out-of-band frequency, Hz.
    own_peak : bool
        Whether the mean spectrum over the episode's span has a prominent out-of-band peak dominating the
        band (the per-frame rule of :func:`tremor.core.episodes.find_atypical_episodes`, applied to it).

    Returns
    -------
    bool
        True where the episode is the set's own line's skirt, or its line on the band's edge bin, as above;
        False otherwise, and where the set has fewer than :data:`EPISODE_LINE_MIN_FRAMES` frames before the
        episode.
    """
    lo = BANDS["physiological"].low_hz
    hi = BANDS["physiological"].high_hz
    step = float(PSD_FREQS[1] - PSD_FREQS[0])
    on_edge = at_lower_edge(peak_hz)
    if (
        (own_peak and not on_edge)
        or not np.isfinite(peak_hz)
        or peak_hz > lo + 1e-9
        or before.shape[0] < EPISODE_LINE_MIN_FRAMES
    ):
        return False
    f = PSD_FREQS
    scan = np.flatnonzero((f >= 3.25 - 1e-9) & (f <= hi + 1e-9))
    mean = np.nan_to_num(before.astype(np.float64).mean(axis=0), nan=-1.0)
    line_hz = float(f[scan[np.argmax(mean[scan])]])
    # the set's line in the band (on its edge bin too, where the episode is on that bin)
    inside = line_hz >= (lo - step / 2 if on_edge else lo + step) - 1e-9
    return bool(inside and line_hz - peak_hz <= EPISODE_LINE_REACH_HZ + 1e-9)
